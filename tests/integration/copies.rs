//! put_object_copy, upload_part_copy and slice_copy_file.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cos_sdk::{
    Body, Cos, CosOptions, ErrorKind, GetObjectParams, HeadObjectParams, Headers,
    MultipartListParams, OnProgress, PutBucketParams, PutObjectCopyParams, PutObjectParams,
    SliceCopyFileParams,
};

use crate::common::{Env, REGION, content};

const MIB: usize = 1024 * 1024;

fn put(env: &Env, bucket: &str, key: &str, bytes: &[u8], headers: Headers) {
    env.cos
        .put_object(
            PutObjectParams {
                bucket: bucket.into(),
                region: REGION.into(),
                key: key.into(),
                body: Body::from(bytes.to_vec()),
                attributes: cos_sdk::ObjectAttributes {
                    content_type: "application/x-source".into(),
                    ..Default::default()
                },
                headers,
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
}

fn get(cos: &Cos, bucket: &str, region: &str, key: &str) -> cos_sdk::GetObjectData {
    cos.get_object(
        GetObjectParams {
            bucket: bucket.into(),
            region: region.into(),
            key: key.into(),
            ..Default::default()
        },
        |r| r,
    )
    .unwrap()
}

fn source(bucket: &str, region: &str, key: &str) -> String {
    format!(
        "{bucket}.cos.{region}.myqcloud.com/{}",
        key.replace(' ', "%20")
    )
}

#[test]
fn put_object_copy_keeps_or_replaces_metadata() {
    let env = Env::start();
    let bucket = env.bucket();
    put(
        &env,
        &bucket,
        "src file.bin",
        b"copy me",
        Headers::from([("x-cos-meta-a", "1")]),
    );
    let copied = env
        .cos
        .put_object_copy(
            PutObjectCopyParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "kept.bin".into(),
                copy_source: source(&bucket, REGION, "src file.bin"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(!copied.etag.is_empty() && !copied.last_modified.is_empty());
    let kept = get(&env.cos, &bucket, REGION, "kept.bin");
    assert_eq!(kept.body, b"copy me");
    assert_eq!(kept.headers.get("x-cos-meta-a"), Some("1"));

    env.cos
        .put_object_copy(
            PutObjectCopyParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "replaced.bin".into(),
                copy_source: source(&bucket, REGION, "src file.bin"),
                metadata_directive: Some("Replaced".into()),
                attributes: cos_sdk::ObjectAttributes {
                    content_type: "text/plain".into(),
                    ..Default::default()
                },
                headers: Headers::from([("x-cos-meta-b", "2")]),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    let replaced = get(&env.cos, &bucket, REGION, "replaced.bin");
    assert_eq!(replaced.headers.get("x-cos-meta-a"), None);
    assert_eq!(replaced.headers.get("x-cos-meta-b"), Some("2"));
    assert_eq!(replaced.headers.get("content-type"), Some("text/plain"));

    let missing = env
        .cos
        .put_object_copy(
            PutObjectCopyParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "x".into(),
                copy_source: source(&bucket, REGION, "nope"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(missing.code(), "NoSuchKey");
    let malformed = env
        .cos
        .put_object_copy(
            PutObjectCopyParams {
                bucket,
                region: REGION.into(),
                key: "x".into(),
                copy_source: "not a source".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(malformed.parameter(), Some("CopySource"));
}

#[test]
fn a_copy_answering_200_with_an_error_is_an_error() {
    let env = Env::start();
    let bucket = env.bucket();
    put(&env, &bucket, "s.bin", b"data", Headers::new());
    env.emulator.inject(
        cos_emulator::Fault::ok_with_error("InternalError").on(cos_emulator::Match::copy()),
    );
    let cos = Cos::new(CosOptions {
        max_retries: 1,
        retry_base_delay: Duration::from_millis(1),
        ..env.cos.options().clone()
    })
    .unwrap();
    let err = cos
        .put_object_copy(
            PutObjectCopyParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "d.bin".into(),
                copy_source: source(&bucket, REGION, "s.bin"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(
        (err.status_code(), err.code()),
        (Some(200), "InternalError")
    );
    assert_eq!(env.emulator.faults_hit(), 2, "retried once");
    env.emulator.clear_faults();
    let head = env
        .cos
        .head_object(
            HeadObjectParams {
                bucket,
                region: REGION.into(),
                key: "d.bin".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(head.status_code(), Some(404));
}

#[test]
fn slice_copy_small_and_multipart_across_buckets_and_regions() {
    let env = Env::start();
    let src_bucket = env.bucket();
    let big = content(5 * MIB + 123);
    put(
        &env,
        &src_bucket,
        "big.bin",
        &big,
        Headers::from([("x-cos-meta-origin", "source")]),
    );
    put(&env, &src_bucket, "small.bin", b"small", Headers::new());
    let other_region = "ap-beijing";
    let dst_bucket = format!("copydst-{}", env.emulator.appid());
    env.cos
        .put_bucket(
            PutBucketParams {
                bucket: dst_bucket.clone(),
                region: other_region.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    let cos = Cos::new(CosOptions {
        copy_chunk_size: MIB as u64,
        ..env.cos.options().clone()
    })
    .unwrap();

    let small = cos
        .slice_copy_file(
            SliceCopyFileParams {
                bucket: dst_bucket.clone(),
                region: other_region.into(),
                key: "small.bin".into(),
                copy_source: source(&src_bucket, REGION, "small.bin"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(small.upload_id.is_empty(), "one request");
    assert_eq!(
        get(&cos, &dst_bucket, other_region, "small.bin").body,
        b"small"
    );

    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    env.emulator.clear_request_log();
    let data = cos
        .slice_copy_file(
            SliceCopyFileParams {
                bucket: dst_bucket.clone(),
                region: other_region.into(),
                key: "big copy.bin".into(),
                copy_source: source(&src_bucket, REGION, "big.bin"),
                copy_slice_size: Some(MIB as u64),
                on_progress: Some(OnProgress::new(move |p| {
                    sink.lock().unwrap().push(p.loaded)
                })),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(!data.upload_id.is_empty(), "multipart");
    assert!(data.etag.ends_with("-6\""), "{}", data.etag);
    let part_copies = env
        .emulator
        .request_log()
        .iter()
        .filter(|r| r.header("x-cos-copy-source-range").is_some())
        .count();
    assert_eq!(part_copies, 6);
    let copied = get(&cos, &dst_bucket, other_region, "big copy.bin");
    assert_eq!(copied.body, big);
    assert_eq!(
        copied.headers.get("x-cos-meta-origin"),
        Some("source"),
        "metadata copied"
    );
    assert_eq!(
        copied.headers.get("content-type"),
        Some("application/x-source")
    );
    let seen = seen.lock().unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(*seen.last().unwrap(), big.len() as u64);
}

#[test]
fn a_failed_multipart_copy_is_aborted() {
    let env = Env::start();
    let bucket = env.bucket();
    put(&env, &bucket, "big.bin", &content(3 * MIB), Headers::new());
    env.emulator.inject(
        cos_emulator::Fault::status(500, "InternalError")
            .on(cos_emulator::Match::upload_part().part(2)),
    );
    let cos = Cos::new(CosOptions {
        copy_chunk_size: MIB as u64,
        chunk_retry_times: 1,
        retry_base_delay: Duration::from_millis(1),
        ..env.cos.options().clone()
    })
    .unwrap();
    let err = cos
        .slice_copy_file(
            SliceCopyFileParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "dst.bin".into(),
                copy_source: source(&bucket, REGION, "big.bin"),
                copy_slice_size: Some(0),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status_code()),
        (ErrorKind::Service, Some(500))
    );
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
    assert!(pending.upload.is_empty(), "aborted, not orphaned");
}
