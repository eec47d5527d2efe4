//! The retry policy: what is worth another attempt, and how long to wait.

use std::time::{Duration, SystemTime};

use crate::auth;
use crate::error::{CosError, ErrorKind};
use crate::options::CosOptions;

/// Worth another attempt: the network, a timeout, the server side (5xx,
/// SlowDown, a 200 carrying an `<Error>`), or data that arrived damaged
/// (either way: `400 BadDigest` says COS received a damaged body). Never
/// another 4xx (clock skew is handled separately) or local problems.
pub(crate) fn is_retryable(err: &CosError) -> bool {
    match err.kind() {
        ErrorKind::Network
        | ErrorKind::Timeout
        | ErrorKind::Integrity
        | ErrorKind::InvalidResponse => true,
        ErrorKind::Service => match err.status_code() {
            Some(status) if status >= 500 => true,
            // The body arrived damaged; a replayed body may not.
            Some(400) => err.code() == "BadDigest",
            Some(status) if (200..300).contains(&status) => {
                matches!(
                    err.code(),
                    "InternalError" | "SlowDown" | "ServiceUnavailable"
                )
            }
            _ => false,
        },
        _ => false,
    }
}

/// Exponential backoff with full jitter between half and all of the step,
/// capped (Node retries immediately, which hammers a struggling server).
pub(crate) fn retry_delay(options: &CosOptions, attempt: u32) -> Duration {
    let step = options
        .retry_base_delay
        .saturating_mul(1u32 << attempt.min(16))
        .min(options.retry_max_delay);
    let jitter = 0.5 + 0.5 * random_unit();
    step.mul_f64(jitter)
}

/// A cheap, thread-local pseudo-random number in [0, 1) for jitter.
fn random_unit() -> f64 {
    use std::cell::Cell;
    thread_local! {
        static STATE: Cell<u64> = Cell::new(
            (auth::unix_millis(SystemTime::now()) as u64) ^ 0x9E37_79B9_7F4A_7C15
        );
    }
    STATE.with(|state| {
        let mut x = state.get() | 1;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        state.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    })
}
