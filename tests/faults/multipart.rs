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
fn a_wrong_crc_on_complete_is_checked_against_the_object() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let cos = fast_client(&env, |o| o.checkpoint_dir = Some(dir.path().join("cp")));
    let bytes = content(3 * MIB);
    let path = dir.path().join("c.bin");
    std::fs::write(&path, &bytes).unwrap();
    let upload = || {
        cos.slice_upload_file(
            SliceUploadFileParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "c.bin".into(),
                file_path: path.clone(),
                ..Default::default()
            },
            |r| r,
        )
    };
    // Only the answer's header is wrong: the object's own CRC-64 is ours.
    env.emulator
        .inject(Fault::corrupt_crc().on(Match::complete()).times(1));
    upload().unwrap();
    assert_eq!(stored(&env, &bucket, "c.bin"), Some(bytes));

    // COS insists (the object itself reports another CRC): integrity error.
    env.emulator
        .inject(Fault::corrupt_crc().on(Match::complete()));
    env.emulator
        .inject(Fault::corrupt_crc().on(Match::head_object()));
    let err = upload().unwrap_err();
    assert_eq!(
        (err.kind(), err.code()),
        (ErrorKind::Integrity, "CRC64Mismatch"),
        "{err}"
    );
}

#[test]
fn a_lost_answer_to_complete_is_not_a_failure() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let cos = fast_client(&env, |o| o.checkpoint_dir = Some(dir.path().join("cp")));
    let bytes = content(3 * MIB + 11);
    let path = dir.path().join("l.bin");
    std::fs::write(&path, &bytes).unwrap();
    env.emulator
        .inject(Fault::drop_answer().on(Match::complete()).times(1));
    let data = cos
        .slice_upload_file(
            SliceUploadFileParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "l.bin".into(),
                file_path: path.clone(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(env.emulator.faults_hit(), 1);
    assert!(data.etag.ends_with("-4\""), "{}", data.etag);
    assert_eq!(stored(&env, &bucket, "l.bin"), Some(bytes));
    assert!(
        std::fs::read_dir(dir.path().join("cp"))
            .unwrap()
            .next()
            .is_none(),
        "checkpoint removed: a rerun would not upload again"
    );
}

#[test]
fn a_lost_answer_to_initiate_leaves_no_orphan() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let cos = fast_client(&env, |o| o.checkpoint_dir = Some(dir.path().join("cp")));
    let bytes = content(2 * MIB + 1);
    let path = dir.path().join("i.bin");
    std::fs::write(&path, &bytes).unwrap();
    env.emulator
        .inject(Fault::drop_answer().on(Match::initiate()).times(2));
    cos.slice_upload_file(
        SliceUploadFileParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            key: "i.bin".into(),
            file_path: path,
            ..Default::default()
        },
        |r| r,
    )
    .unwrap();
    assert_eq!(env.emulator.faults_hit(), 2);
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
    assert!(pending.upload.is_empty(), "{:?}", pending.upload);
    assert_eq!(stored(&env, &bucket, "i.bin"), Some(bytes));
}

#[test]
fn corrupted_upload_bodies_are_refused_and_resent() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let cos = fast_client(&env, |o| {
        o.checkpoint_dir = Some(dir.path().join("cp"));
        // More attempts per part than faults: even if all three hit one part.
        o.chunk_retry_times = 3;
    });
    let put = |body: Body| {
        cos.put_object(
            cos_sdk::PutObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "p.bin".into(),
                body,
                ..Default::default()
            },
            |r| r,
        )
    };
    put(Body::from("good old contents")).unwrap();
    // Bytes, a file and a seekable reader: each refused once, then resent.
    let bytes = content(300_000);
    let file = dir.path().join("p.bin");
    std::fs::write(&file, &bytes).unwrap();
    for body in [
        Body::from(bytes.clone()),
        Body::from_file(&file),
        Body::from_seekable_reader(std::io::Cursor::new(bytes.clone()), bytes.len() as u64),
    ] {
        env.emulator.clear_faults();
        env.emulator.inject(
            Fault::corrupt_request_body()
                .on(Match::put_object())
                .times(1),
        );
        put(body).unwrap();
        assert_eq!(env.emulator.faults_hit(), 1);
        assert_eq!(stored(&env, &bucket, "p.bin"), Some(bytes.clone()));
    }
    // A plain reader cannot be hashed ahead: COS stores what arrived, and the
    // answer's ETag tells the SDK, which reports it rather than succeed.
    env.emulator.clear_faults();
    env.emulator.inject(
        Fault::corrupt_request_body()
            .on(Match::put_object())
            .times(1),
    );
    let err = put(Body::from_reader(
        std::io::Cursor::new(bytes.clone()),
        bytes.len() as u64,
    ))
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Integrity, "{err}");

    // Parts of a slice upload: a damaged part is refused and sent again.
    env.emulator.clear_faults();
    let big = content(5 * MIB);
    let path = dir.path().join("big.bin");
    std::fs::write(&path, &big).unwrap();
    env.emulator.inject(
        Fault::corrupt_request_body()
            .on(Match::upload_part())
            .times(3),
    );
    cos.slice_upload_file(
        SliceUploadFileParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            key: "big.bin".into(),
            file_path: path,
            ..Default::default()
        },
        |r| r,
    )
    .unwrap();
    assert_eq!(env.emulator.faults_hit(), 3);
    assert_eq!(stored(&env, &bucket, "big.bin"), Some(big));
}

#[test]
fn cut_listing_and_initiate_answers_are_retried() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |_| {});
    for i in 0..3 {
        env.cos
            .put_object(
                cos_sdk::PutObjectParams {
                    bucket: bucket.clone(),
                    region: REGION.into(),
                    key: format!("k{i}"),
                    body: Body::from("x"),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap();
    }
    env.emulator
        .inject(Fault::truncate_body(20).on(Match::list()).times(1));
    let listed = cos
        .get_bucket(
            cos_sdk::GetBucketParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(listed.contents.len(), 3);

    // The cut Initiate took effect: its upload is aborted, ours is kept.
    env.emulator
        .inject(Fault::truncate_body(20).on(Match::initiate()).times(1));
    let init = cos
        .multipart_init(
            MultipartInitParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "m.bin".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(env.emulator.faults_hit(), 2);
    let pending = cos
        .multipart_list(
            MultipartListParams {
                bucket,
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    let ids: Vec<_> = pending.upload.iter().map(|u| u.upload_id.clone()).collect();
    assert_eq!(ids, [init.upload_id]);
}
