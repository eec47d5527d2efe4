//! put_object under faults.

use std::time::Duration;

use cos_emulator::{Fault, Match};
use cos_sdk::{Body, ErrorKind, PutObjectParams};

use crate::common::{Env, REGION, content};
use crate::{attempts, fast_client, stored};

fn put(
    cos: &cos_sdk::Cos,
    bucket: &str,
    key: &str,
    body: Body,
) -> Result<cos_sdk::PutObjectData, cos_sdk::CosError> {
    cos.put_object(
        PutObjectParams {
            bucket: bucket.into(),
            region: REGION.into(),
            key: key.into(),
            body,
            ..Default::default()
        },
        |r| r,
    )
}

#[test]
fn transient_5xx_and_slowdown_are_retried_with_the_retry_header() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |_| {});
    for (status, code) in [
        (503, "SlowDown"),
        (500, "InternalError"),
        (503, "ServiceUnavailable"),
    ] {
        let key = format!("{code}.bin");
        env.emulator.clear_faults();
        env.emulator
            .inject(Fault::status(status, code).on(Match::put_object()).times(2));
        let bytes = content(10_000);
        put(&cos, &bucket, &key, Body::from(bytes.clone())).unwrap();
        let tries = attempts(&env, "PUT", &key);
        assert_eq!(tries.len(), 3, "{code}: two failures, then success");
        assert_eq!(tries[0].header("x-cos-sdk-retry"), None);
        assert_eq!(tries[1].header("x-cos-sdk-retry"), Some("true"));
        assert_eq!(stored(&env, &bucket, &key), Some(bytes));
    }
}

#[test]
fn persistent_5xx_fails_after_the_retries_and_stores_nothing() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |o| o.max_retries = 2);
    env.emulator
        .inject(Fault::status(503, "SlowDown").on(Match::put_object()));
    let err = put(&cos, &bucket, "p.bin", Body::from("data")).unwrap_err();
    assert_eq!(
        (err.kind(), err.status_code(), err.code()),
        (ErrorKind::Service, Some(503), "SlowDown")
    );
    assert_eq!(attempts(&env, "PUT", "p.bin").len(), 3);
    env.emulator.clear_faults();
    assert_eq!(stored(&env, &bucket, "p.bin"), None);
}

#[test]
fn client_errors_are_never_retried() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |_| {});
    env.emulator.inject(
        Fault::status(403, "AccessDenied")
            .on(Match::put_object())
            .times(1),
    );
    let err = put(&cos, &bucket, "d.bin", Body::from("data")).unwrap_err();
    assert_eq!(err.code(), "AccessDenied");
    assert_eq!(attempts(&env, "PUT", "d.bin").len(), 1);
}

#[test]
fn resets_mid_upload_replay_files_and_seekable_readers() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |_| {});
    let bytes = content(3 * 1024 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    std::fs::write(&path, &bytes).unwrap();

    env.emulator
        .inject(Fault::reset_after(100_000).on(Match::put_object()).times(1));
    put(&cos, &bucket, "file.bin", Body::from_file(&path)).unwrap();
    assert_eq!(stored(&env, &bucket, "file.bin"), Some(bytes.clone()));

    env.emulator
        .inject(Fault::reset_after(100_000).on(Match::put_object()).times(1));
    let reader = std::io::Cursor::new(bytes.clone());
    put(
        &cos,
        &bucket,
        "seek.bin",
        Body::from_seekable_reader(reader, bytes.len() as u64),
    )
    .unwrap();
    assert_eq!(stored(&env, &bucket, "seek.bin"), Some(bytes.clone()));
    assert_eq!(attempts(&env, "PUT", "seek.bin").len(), 2);
}

#[test]
fn a_plain_reader_cannot_be_replayed_and_nothing_is_stored() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |_| {});
    let bytes = content(1024 * 1024);
    env.emulator
        .inject(Fault::reset_after(10_000).on(Match::put_object()).times(1));
    let err = put(
        &cos,
        &bucket,
        "r.bin",
        Body::from_reader(std::io::Cursor::new(bytes.clone()), bytes.len() as u64),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert_eq!(attempts(&env, "PUT", "r.bin").len(), 1);
    assert_eq!(stored(&env, &bucket, "r.bin"), None);
}

#[test]
fn a_corrupted_crc_header_is_detected_and_retried() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |_| {});
    env.emulator
        .inject(Fault::corrupt_crc().on(Match::put_object()).times(1));
    put(&cos, &bucket, "c.bin", Body::from("crc")).unwrap();
    assert_eq!(attempts(&env, "PUT", "c.bin").len(), 2);

    env.emulator
        .inject(Fault::corrupt_crc().on(Match::put_object()));
    let err = put(&cos, &bucket, "c2.bin", Body::from("crc")).unwrap_err();
    assert_eq!(
        (err.kind(), err.code()),
        (ErrorKind::Integrity, "CRC64Mismatch"),
        "{err}"
    );

    // With verification off the same answer is accepted.
    let lax = fast_client(&env, |o| o.verify_crc = false);
    lax.put_object(
        PutObjectParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            key: "c3.bin".into(),
            body: Body::from("crc"),
            ..Default::default()
        },
        |r| r,
    )
    .unwrap();
}

#[test]
fn a_stalled_server_times_out_and_a_slow_one_is_retried() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |o| {
        o.read_timeout = Some(Duration::from_millis(300));
        o.max_retries = 1;
    });
    env.emulator.inject(
        Fault::delay(Duration::from_secs(2))
            .on(Match::put_object())
            .times(1),
    );
    put(&cos, &bucket, "slow.bin", Body::from("slow")).unwrap();
    assert_eq!(stored(&env, &bucket, "slow.bin"), Some(b"slow".to_vec()));

    env.emulator
        .inject(Fault::delay(Duration::from_secs(2)).on(Match::put_object()));
    let err = put(&cos, &bucket, "stall.bin", Body::from("x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
}

#[test]
fn clock_skew_is_corrected_once() {
    let env = Env::start();
    let bucket = env.bucket();
    env.emulator.set_clock_offset(2 * 3600);
    let cos = fast_client(&env, |_| {});
    put(&cos, &bucket, "skew.bin", Body::from("skew")).unwrap();
    put(&cos, &bucket, "skew2.bin", Body::from("skew")).unwrap();
    assert_eq!(
        attempts(&env, "PUT", "skew2.bin").len(),
        1,
        "the offset is kept for later requests"
    );

    let strict = fast_client(&env, |o| o.correct_clock_skew = false);
    let err = put(&strict, &bucket, "skew3.bin", Body::from("skew")).unwrap_err();
    assert_eq!(err.status_code(), Some(403));
    assert!(
        err.code() == "RequestTimeTooSkewed" || err.message() == "Request has expired",
        "{err}"
    );
}

#[test]
fn one_connection_reset_is_retried_even_with_no_retries_left() {
    // A reset before any answer is what a stale pooled connection looks
    // like; one immediate retry does not count against max_retries.
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |o| o.max_retries = 0);
    env.emulator
        .inject(Fault::reset_after(0).on(Match::head_object()).times(1));
    put(&cos, &bucket, "r.txt", Body::from("kept")).unwrap();
    let head = cos.head_object(
        cos_sdk::HeadObjectParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            key: "r.txt".into(),
            ..Default::default()
        },
        |r| r,
    );
    assert!(head.is_ok(), "{head:?}");
    assert_eq!(env.emulator.faults_hit(), 1);
    // A second reset is a real failure.
    env.emulator
        .inject(Fault::reset_after(0).on(Match::head_object()).times(2));
    let err = cos
        .head_object(
            cos_sdk::HeadObjectParams {
                bucket,
                region: REGION.into(),
                key: "r.txt".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.code(), "ECONNRESET");
}
