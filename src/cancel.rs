//! Controlling a long transfer from another thread: cancel, pause, resume.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A handle to stop or pause a transfer in progress, e.g. from a UI thread.
///
/// Clone it, pass one clone in the params, keep the other.
/// [`cancel`](Self::cancel) stops starting new parts, lets the ones in flight
/// finish, and fails the call with [`ErrorKind::Cancelled`]; the transfer's
/// state is kept, so the same call later resumes where it stopped.
/// [`pause`](Self::pause) holds the transfer (the call keeps blocking, no
/// new part starts) until [`resume`](Self::resume) or `cancel`.
///
/// [`ErrorKind::Cancelled`]: crate::ErrorKind::Cancelled
///
/// ```
/// use cos_sdk::CancelToken;
/// let token = CancelToken::new();
/// let for_the_upload = token.clone();
/// token.pause();
/// assert!(for_the_upload.is_paused());
/// token.cancel();
/// assert!(for_the_upload.is_cancelled());
/// ```
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<State>);

#[derive(Debug, Default)]
struct State {
    cancelled: AtomicBool,
    paused: AtomicBool,
}

impl CancelToken {
    /// A token that is neither cancelled nor paused.
    pub fn new() -> Self {
        CancelToken::default()
    }

    /// Asks every transfer holding a clone of this token to stop.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::SeqCst)
    }

    /// Holds the transfers: parts in flight finish, no new part starts.
    pub fn pause(&self) {
        self.0.paused.store(true, Ordering::SeqCst);
    }

    /// Lets paused transfers continue.
    pub fn resume(&self) {
        self.0.paused.store(false, Ordering::SeqCst);
    }

    /// Whether the transfers are paused.
    pub fn is_paused(&self) -> bool {
        self.0.paused.load(Ordering::SeqCst)
    }

    /// Blocks while paused; returns whether the transfer should go on
    /// (false once cancelled).
    pub(crate) fn proceed(&self) -> bool {
        while self.is_paused() && !self.is_cancelled() {
            std::thread::sleep(Duration::from_millis(20));
        }
        !self.is_cancelled()
    }
}

/// Whether a transfer holding `token` may start its next part (waiting out
/// a pause).
pub(crate) fn may_proceed(token: Option<&CancelToken>) -> bool {
    token.is_none_or(CancelToken::proceed)
}
