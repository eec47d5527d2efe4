//! Fault injection: for each fault the emulator can inject, a transient one
//! is survived by retrying, a permanent one fails with the right error kind,
//! and the object in the emulator is either absent or exactly the bytes
//! sent, never partial or corrupt. One test binary.

#[path = "../integration/common.rs"]
mod common;

mod downloads;
mod load;
mod multipart;
mod secrets;
mod soak;
mod uploads;

use std::time::Duration;

use cos_sdk::{Cos, CosOptions, GetObjectParams, HeadObjectParams};

use common::{Env, REGION};

/// A client that retries quickly, so the suite stays fast.
pub fn fast_client(env: &Env, tune: impl FnOnce(&mut CosOptions)) -> Cos {
    let mut options = CosOptions {
        retry_base_delay: Duration::from_millis(5),
        retry_max_delay: Duration::from_millis(20),
        ..env.cos.options().clone()
    };
    tune(&mut options);
    Cos::new(options).unwrap()
}

/// The object's bytes, or `None` when it does not exist.
pub fn stored(env: &Env, bucket: &str, key: &str) -> Option<Vec<u8>> {
    let head = env.cos.head_object(
        HeadObjectParams {
            bucket: bucket.into(),
            region: REGION.into(),
            key: key.into(),
            ..Default::default()
        },
        |r| r,
    );
    match head {
        Err(err) if err.status_code() == Some(404) => None,
        Err(err) => panic!("HEAD failed: {err}"),
        Ok(_) => Some(
            env.cos
                .get_object(
                    GetObjectParams {
                        bucket: bucket.into(),
                        region: REGION.into(),
                        key: key.into(),
                        ..Default::default()
                    },
                    |r| r,
                )
                .unwrap()
                .body,
        ),
    }
}

/// Requests to `key` in the log, with their status.
pub fn attempts(env: &Env, method: &str, key: &str) -> Vec<cos_emulator::LoggedRequest> {
    env.emulator
        .request_log()
        .into_iter()
        .filter(|r| r.method == method && r.path.trim_start_matches('/').ends_with(key))
        .collect()
}
