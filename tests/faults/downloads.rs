//! get_object and download_file under faults.

use cos_emulator::{Fault, Match};
use cos_sdk::{Body, DownloadFileParams, ErrorKind, GetObjectParams, Output, PutObjectParams};

use crate::common::{Env, REGION, content};
use crate::{attempts, fast_client};

fn setup(env: &Env, bytes: &[u8]) -> String {
    let bucket = env.bucket();
    env.cos
        .put_object(
            PutObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "d.bin".into(),
                body: Body::from(bytes.to_vec()),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    bucket
}

fn params(bucket: &str, output: Output) -> GetObjectParams {
    GetObjectParams {
        bucket: bucket.into(),
        region: REGION.into(),
        key: "d.bin".into(),
        output,
        ..Default::default()
    }
}

#[test]
fn broken_and_damaged_downloads_are_restarted() {
    let env = Env::start();
    let bytes = content(2 * 1024 * 1024);
    let bucket = setup(&env, &bytes);
    let cos = fast_client(&env, |_| {});
    let faults = [
        (Fault::reset_after(50_000), true),
        (Fault::truncate_body(70_000), true),
        (Fault::corrupt_body(), true),
        (Fault::status(500, "InternalError"), false),
    ];
    for (fault, body_broke) in faults {
        env.emulator.clear_faults();
        env.emulator.clear_request_log();
        env.emulator
            .inject(fault.clone().on(Match::get_object()).times(1));
        let got = cos
            .get_object(params(&bucket, Output::Memory), |r| r)
            .unwrap();
        assert_eq!(got.body, bytes, "{fault}");
        let tries = attempts(&env, "GET", "d.bin");
        assert_eq!(tries.len(), 2, "{fault}");
        // A restarted download pins the ETag, so a changed object fails
        // instead of being mixed in.
        let pinned = body_broke.then_some(got.etag.as_str());
        assert_eq!(tries[1].header("if-match"), pinned, "{fault}");
    }
}

#[test]
fn a_damaged_file_download_is_never_left_in_place() {
    let env = Env::start();
    let bytes = content(1024 * 1024);
    let bucket = setup(&env, &bytes);
    let cos = fast_client(&env, |o| o.max_retries = 1);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.bin");

    env.emulator
        .inject(Fault::corrupt_body().on(Match::get_object()));
    let err = cos
        .get_object(params(&bucket, Output::File(target.clone())), |r| r)
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.code()),
        (ErrorKind::Integrity, "CRC64Mismatch"),
        "{err}"
    );
    assert!(!target.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no partial file either"
    );

    env.emulator.clear_faults();
    env.emulator
        .inject(Fault::truncate_body(1000).on(Match::get_object()).times(1));
    cos.get_object(params(&bucket, Output::File(target.clone())), |r| r)
        .unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
}

#[test]
fn a_writer_output_is_not_replayed() {
    let env = Env::start();
    let bytes = content(1024 * 1024);
    let bucket = setup(&env, &bytes);
    let cos = fast_client(&env, |_| {});
    env.emulator
        .inject(Fault::truncate_body(1000).on(Match::get_object()).times(1));
    let err = cos
        .get_object(
            params(&bucket, Output::Writer(Box::new(std::io::sink()))),
            |r| r,
        )
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Integrity | ErrorKind::Network),
        "{err}"
    );
    assert_eq!(attempts(&env, "GET", "d.bin").len(), 1);
}

/// `download_file` writes each range into the file as it arrives: a range
/// cut mid-body leaves its first bytes there, and the retry must rewrite
/// them all; a range damaged in transit (COS has no per-range CRC) is found
/// by the whole object's CRC-64 and repaired from fetches that agree.
#[test]
fn download_file_rewrites_cut_and_damaged_ranges() {
    let env = Env::start();
    let bytes = content(3 * 1024 * 1024 + 5);
    let bucket = setup(&env, &bytes);
    let cos = fast_client(&env, |_| {});
    let dir = tempfile::tempdir().unwrap();
    let download = |name: &str| {
        let target = dir.path().join(name);
        cos.download_file(
            DownloadFileParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "d.bin".into(),
                file_path: target.clone(),
                chunk_size: Some(1024 * 1024),
                // One range at a time: the fault hits the first range.
                parallel_limit: Some(1),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
        let got = std::fs::read(&target).unwrap();
        assert!(got == bytes, "{name}: the file differs from the object");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "{name}: no partial file or checkpoint left"
        );
        std::fs::remove_file(target).unwrap();
    };

    env.emulator.inject(
        Fault::truncate_body(300_000)
            .on(Match::get_object())
            .times(1),
    );
    download("cut.bin");
    assert!(env.emulator.faults_hit() > 0);

    env.emulator.clear_faults();
    env.emulator
        .inject(Fault::corrupt_body().on(Match::get_object()).times(1));
    let before = attempts(&env, "GET", "d.bin").len();
    download("damaged.bin");
    // 4 ranges, then all 4 again (and the damaged one once more) to find
    // and confirm the damage.
    assert!(attempts(&env, "GET", "d.bin").len() - before >= 9);
}
