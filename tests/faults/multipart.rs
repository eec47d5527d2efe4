//! Multipart and slice uploads under faults.

use cos_emulator::{Fault, Match};
use cos_sdk::{
    Body, CompletedPart, ErrorKind, MultipartCompleteParams, MultipartInitParams,
    MultipartListParams, MultipartUploadParams, SliceUploadFileParams,
};

use crate::common::{Env, REGION, content};
use crate::{fast_client, stored};

const MIB: usize = 1024 * 1024;

#[test]
fn complete_answering_200_with_an_error_is_retried_or_reported() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |o| o.max_retries = 1);
    let upload_id = cos
        .multipart_init(
            MultipartInitParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "m.bin".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap()
        .upload_id;
    let etag = cos
        .multipart_upload(
            MultipartUploadParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "m.bin".into(),
                upload_id: upload_id.clone(),
                part_number: 1,
                body: Body::from("only part"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap()
        .etag;
    let complete = || {
        cos.multipart_complete(
            MultipartCompleteParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "m.bin".into(),
                upload_id: upload_id.clone(),
                parts: vec![CompletedPart {
                    part_number: 1,
                    etag: etag.clone(),
                }],
                ..Default::default()
            },
            |r| r,
        )
    };
    env.emulator
        .inject(Fault::ok_with_error("InternalError").on(Match::complete()));
    let err = complete().unwrap_err();
    assert_eq!(
        (err.status_code(), err.code()),
        (Some(200), "InternalError"),
        "{err}"
    );
    assert_eq!(env.emulator.faults_hit(), 2, "retried once");
    assert_eq!(
        stored(&env, &bucket, "m.bin"),
        None,
        "the failed complete did not take effect"
    );

    env.emulator.clear_faults();
    env.emulator.inject(
        Fault::ok_with_error("InternalError")
            .on(Match::complete())
            .times(1),
    );
    complete().unwrap();
    assert_eq!(stored(&env, &bucket, "m.bin"), Some(b"only part".to_vec()));
}

#[test]
fn slice_upload_survives_transient_part_failures() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let cos = fast_client(&env, |o| o.checkpoint_dir = Some(dir.path().join("cp")));
    let bytes = content(6 * MIB);
    let path = dir.path().join("s.bin");
    std::fs::write(&path, &bytes).unwrap();
    env.emulator.inject(
        Fault::status(503, "SlowDown")
            .on(Match::upload_part().part(2))
            .times(2),
    );
    env.emulator.inject(
        Fault::reset_after(200_000)
            .on(Match::upload_part().part(4))
            .times(1),
    );
    cos.slice_upload_file(
        SliceUploadFileParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            key: "s.bin".into(),
            file_path: path,
            async_limit: Some(3),
            ..Default::default()
        },
        |r| r,
    )
    .unwrap();
    assert_eq!(env.emulator.faults_hit(), 3);
    assert_eq!(stored(&env, &bucket, "s.bin"), Some(bytes));
}

#[test]
fn an_injected_failure_mid_upload_resumes_with_only_the_missing_parts() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let cos = fast_client(&env, |o| {
        o.checkpoint_dir = Some(dir.path().join("cp"));
        o.chunk_retry_times = 1;
    });
    let bytes = content(6 * MIB);
    let path = dir.path().join("r.bin");
    std::fs::write(&path, &bytes).unwrap();
    let params = || SliceUploadFileParams {
        bucket: bucket.clone(),
        region: REGION.into(),
        key: "r.bin".into(),
        file_path: path.clone(),
        async_limit: Some(1),
        ..Default::default()
    };
    env.emulator
        .inject(Fault::status(500, "InternalError").on(Match::upload_part().part(4)));
    let err = cos.slice_upload_file(params(), |r| r).unwrap_err();
    assert_eq!(err.status_code(), Some(500));
    let pending = cos
        .multipart_list(
            MultipartListParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(pending.upload.len(), 1, "kept for resuming, not orphaned");
    assert_eq!(stored(&env, &bucket, "r.bin"), None);

    env.emulator.clear_faults();
    env.emulator.clear_request_log();
    let data = cos.slice_upload_file(params(), |r| r).unwrap();
    assert_eq!(data.upload_id, pending.upload[0].upload_id);
    let mut sent: Vec<String> = env
        .emulator
        .request_log()
        .iter()
        .filter(|r| r.method == "PUT" && r.query.contains("partNumber"))
        .filter_map(|r| {
            r.query
                .split('&')
                .find(|kv| kv.starts_with("partNumber="))
                .map(str::to_string)
        })
        .collect();
    sent.sort();
    assert_eq!(
        sent,
        ["partNumber=4", "partNumber=5", "partNumber=6"],
        "only the missing parts"
    );
    assert_eq!(stored(&env, &bucket, "r.bin"), Some(bytes));
}

#[test]
fn a_wrong_crc_on_the_completed_object_is_an_integrity_error() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let cos = fast_client(&env, |o| o.checkpoint_dir = Some(dir.path().join("cp")));
    let path = dir.path().join("c.bin");
    std::fs::write(&path, content(3 * MIB)).unwrap();
    env.emulator
        .inject(Fault::corrupt_crc().on(Match::complete()));
    let err = cos
        .slice_upload_file(
            SliceUploadFileParams {
                bucket,
                region: REGION.into(),
                key: "c.bin".into(),
                file_path: path,
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.code()),
        (ErrorKind::Integrity, "CRC64Mismatch"),
        "{err}"
    );
}
