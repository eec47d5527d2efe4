//! Controlling a long transfer from another thread: cancel, pause, resume.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A handle to stop or pause a transfer in progress, e.g. from a UI thread.
///
/// Clone it, pass one clone in the params (`cancel`), keep the other.
/// [`cancel`](Self::cancel) interrupts the call, bodies in flight included
/// (a request being sent or received stops at its next chunk), and fails it
/// with [`ErrorKind::Cancelled`]: a download to a file leaves no partial
/// file; a multipart transfer keeps its state, so the same call later
/// resumes where it stopped. [`pause`](Self::pause) holds the transfer (the
/// call keeps blocking, no new part starts) until [`resume`](Self::resume)
/// or `cancel`.
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
    /// Waiters sleep on `changed` (under `lock`) instead of polling.
    lock: Mutex<()>,
    changed: Condvar,
}

impl CancelToken {
    /// A token that is neither cancelled nor paused.
    pub fn new() -> Self {
        CancelToken::default()
    }

    /// Asks every transfer holding a clone of this token to stop.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
        self.wake();
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
        self.wake();
    }

    /// Whether the transfers are paused.
    pub fn is_paused(&self) -> bool {
        self.0.paused.load(Ordering::SeqCst)
    }

    /// Wakes every waiter. The lock orders this after a waiter's check of
    /// the flags, so no wake-up is lost.
    fn wake(&self) {
        drop(self.lock());
        self.0.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, ()> {
        self.0.lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Blocks while paused; returns whether the transfer should go on
    /// (false once cancelled).
    pub(crate) fn proceed(&self) -> bool {
        let mut guard = self.lock();
        while self.is_paused() && !self.is_cancelled() {
            guard = self
                .0
                .changed
                .wait(guard)
                .unwrap_or_else(|e| e.into_inner());
        }
        !self.is_cancelled()
    }

    /// Sleeps for `duration` unless cancelled first; returns whether the
    /// caller should go on.
    pub(crate) fn sleep(&self, duration: Duration) -> bool {
        let deadline = Instant::now() + duration;
        let mut guard = self.lock();
        while !self.is_cancelled() {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            guard = self
                .0
                .changed
                .wait_timeout(guard, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        !self.is_cancelled()
    }
}

/// Waits out a retry delay, cut short by a cancel; whether to go on.
pub(crate) fn sleep(token: Option<&CancelToken>, duration: Duration) -> bool {
    match token {
        Some(token) => token.sleep(duration),
        None => {
            std::thread::sleep(duration);
            true
        }
    }
}

/// Whether a transfer holding `token` may start its next part (waiting out
/// a pause).
pub(crate) fn may_proceed(token: Option<&CancelToken>) -> bool {
    token.is_none_or(CancelToken::proceed)
}
