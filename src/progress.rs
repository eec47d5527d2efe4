//! Transfer progress (`onProgress`): Node's `{loaded, total, speed,
//! percent}`, throttled by `progress_interval`, never going backwards.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One progress report.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProgressInfo {
    /// Bytes transferred so far.
    pub loaded: u64,
    /// Bytes in the whole transfer.
    pub total: u64,
    /// Average speed since the start, bytes per second (bytes resumed from
    /// an earlier attempt do not count).
    pub speed: f64,
    /// `loaded / total`, from 0 to 1, rounded down to 0.01 as in Node (1
    /// only when complete).
    pub percent: f64,
}

/// A progress callback (Node's `onProgress`). It always runs on the thread
/// that called the operation; it is `Send` so that params carrying it can
/// be built on one thread (a UI thread) and moved to a worker that runs the
/// transfer.
///
/// ```
/// use cos_sdk::OnProgress;
/// let on_progress = OnProgress::new(|p| println!("{:.0}%", p.percent * 100.0));
/// # drop(on_progress);
/// ```
///
/// Cloning shares the closure: params cloned for a restarted task report
/// to the same callback.
#[derive(Clone)]
pub struct OnProgress(Arc<Mutex<dyn FnMut(ProgressInfo) + Send>>);

impl OnProgress {
    /// Wraps a closure.
    pub fn new(callback: impl FnMut(ProgressInfo) + Send + 'static) -> Self {
        OnProgress(Arc::new(Mutex::new(callback)))
    }

    /// Delivers one report.
    pub(crate) fn call(&mut self, info: ProgressInfo) {
        // A callback that panicked earlier has nothing half-written here.
        let mut callback = self.0.lock().unwrap_or_else(|e| e.into_inner());
        (callback)(info);
    }
}

impl fmt::Debug for OnProgress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OnProgress(..)")
    }
}

/// Something that follows the bytes of a request body as they are sent:
/// a [`ProgressTracker`] on the calling thread, or a channel to it from a
/// worker.
pub(crate) trait BodyProgress {
    /// The body of `total` bytes starts.
    fn start(&mut self, total: u64);
    /// `bytes` more were sent.
    fn advance(&mut self, bytes: u64);
    /// The whole body was sent and answered.
    fn finish(&mut self);
}

impl BodyProgress for ProgressTracker {
    fn start(&mut self, total: u64) {
        ProgressTracker::start(self, total);
    }
    fn advance(&mut self, bytes: u64) {
        ProgressTracker::advance(self, bytes);
    }
    fn finish(&mut self) {
        ProgressTracker::finish(self);
    }
}

/// Counts bytes and calls the callback at most once per interval, plus a
/// first report at 0 and a last one at exactly `total`.
pub(crate) struct ProgressTracker {
    callback: OnProgress,
    interval: Duration,
    total: u64,
    loaded: u64,
    /// Bytes already done when the transfer (re)started: not part of the speed.
    base: u64,
    started: Instant,
    last_report: Option<Instant>,
}

impl ProgressTracker {
    pub(crate) fn new(callback: OnProgress, interval: Duration) -> Self {
        ProgressTracker {
            callback,
            interval,
            total: 0,
            loaded: 0,
            base: 0,
            started: Instant::now(),
            last_report: None,
        }
    }

    /// Starts counting a transfer of `total` bytes and reports 0.
    pub(crate) fn start(&mut self, total: u64) {
        self.start_at(total, 0);
    }

    /// Adds transferred bytes; reports when the interval has passed.
    pub(crate) fn advance(&mut self, bytes: u64) {
        self.loaded = (self.loaded + bytes).min(self.total);
        let due = self
            .last_report
            .is_none_or(|last| last.elapsed() >= self.interval);
        if due {
            self.report();
        }
    }

    /// Moves to `loaded` bytes (never backwards); reports when due.
    pub(crate) fn advance_to(&mut self, loaded: u64) {
        if loaded > self.loaded {
            self.advance(loaded - self.loaded);
        }
    }

    /// Sets the starting point of a transfer that resumes with `loaded`
    /// bytes already done, and reports it.
    pub(crate) fn start_at(&mut self, total: u64, loaded: u64) {
        self.total = total;
        self.loaded = loaded.min(total);
        self.base = self.loaded;
        self.started = Instant::now();
        self.report();
    }

    /// Reports completion: `loaded == total`, `percent == 1`.
    pub(crate) fn finish(&mut self) {
        self.loaded = self.total;
        self.report();
    }

    fn report(&mut self) {
        let elapsed = self.started.elapsed().as_secs_f64();
        let speed = if elapsed > 0.0 {
            ((self.loaded - self.base) as f64 / elapsed * 100.0).floor() / 100.0
        } else {
            0.0
        };
        let percent = if self.total == 0 {
            if self.loaded == self.total && self.last_report.is_some() {
                1.0
            } else {
                0.0
            }
        } else if self.loaded == self.total {
            1.0
        } else {
            (self.loaded as f64 / self.total as f64 * 100.0).floor() / 100.0
        };
        self.last_report = Some(Instant::now());
        self.callback.call(ProgressInfo {
            loaded: self.loaded,
            total: self.total,
            speed,
            percent,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    fn recorder() -> (OnProgress, Arc<Mutex<Vec<ProgressInfo>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        (OnProgress::new(move |p| sink.lock().unwrap().push(p)), seen)
    }

    #[test]
    fn throttles_and_ends_at_total() {
        let (callback, seen) = recorder();
        let mut tracker = ProgressTracker::new(callback, Duration::from_secs(3600));
        tracker.start(1000);
        for _ in 0..10 {
            tracker.advance(100);
        }
        tracker.finish();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2, "start and finish only, the interval is long");
        assert_eq!((seen[0].loaded, seen[0].percent), (0, 0.0));
        assert_eq!(
            (seen[1].loaded, seen[1].total, seen[1].percent),
            (1000, 1000, 1.0)
        );
    }

    #[test]
    fn reports_every_step_with_no_interval_and_never_overshoots() {
        let (callback, seen) = recorder();
        let mut tracker = ProgressTracker::new(callback, Duration::ZERO);
        tracker.start(300);
        tracker.advance(100);
        tracker.advance(250);
        tracker.finish();
        let loaded: Vec<u64> = seen.lock().unwrap().iter().map(|p| p.loaded).collect();
        assert_eq!(loaded, [0, 100, 300, 300]);
        assert_eq!(seen.lock().unwrap()[1].percent, 0.33);
    }

    #[test]
    fn empty_transfers_end_at_one() {
        let (callback, seen) = recorder();
        let mut tracker = ProgressTracker::new(callback, Duration::ZERO);
        tracker.start(0);
        tracker.finish();
        let percents: Vec<f64> = seen.lock().unwrap().iter().map(|p| p.percent).collect();
        assert_eq!(percents, [0.0, 1.0]);
    }
}
