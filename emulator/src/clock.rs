//! The server clock: the system time plus an adjustable offset, so tests (and
//! `Emulator::set_clock_offset`) can skew the server's idea of "now".

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

/// System time shifted by `offset_secs`.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    /// The current server time.
    pub fn now(&self) -> SystemTime {
        let offset = self.offset_secs.load(Ordering::Relaxed);
        let now = SystemTime::now();
        if offset >= 0 {
            now + Duration::from_secs(offset.unsigned_abs())
        } else {
            now.checked_sub(Duration::from_secs(offset.unsigned_abs()))
                .unwrap_or(now)
        }
    }

    /// The current server time in Unix seconds.
    pub fn unix(&self) -> u64 {
        crate::timefmt::unix_secs(self.now())
    }

    /// Shifts the server clock by `secs` relative to the system clock.
    pub fn set_offset(&self, secs: i64) {
        self.offset_secs.store(secs, Ordering::Relaxed);
    }
}
