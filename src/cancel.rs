//! Cancelling a long transfer from another thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag to stop a transfer in progress, e.g. from a UI thread.
///
/// Clone it, pass one clone in the params, keep the other, and call
/// [`cancel`](Self::cancel). The transfer stops starting new parts, lets the
/// ones in flight finish, and fails with [`ErrorKind::Cancelled`]; its state
/// is kept, so the same call later resumes where it stopped.
///
/// [`ErrorKind::Cancelled`]: crate::ErrorKind::Cancelled
///
/// ```
/// use cos_sdk::CancelToken;
/// let token = CancelToken::new();
/// let for_the_upload = token.clone();
/// token.cancel();
/// assert!(for_the_upload.is_cancelled());
/// ```
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token that is not cancelled.
    pub fn new() -> Self {
        CancelToken::default()
    }

    /// Asks every transfer holding a clone of this token to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
