//! The low-level multipart operations.

use cos_sdk::{
    Body, CompletedPart, ErrorKind, GetObjectParams, HeadObjectParams, Headers,
    MultipartAbortParams, MultipartCompleteParams, MultipartInitParams, MultipartListParams,
    MultipartListPartParams, MultipartUploadParams,
};

use crate::common::{Env, REGION, content, md5_hex};

const MIB: usize = 1024 * 1024;

fn init(env: &Env, bucket: &str, key: &str) -> String {
    let mut headers = Headers::new();
    headers.insert("x-cos-meta-origin", "multipart");
    env.cos
        .multipart_init(
            MultipartInitParams {
                bucket: bucket.into(),
                region: REGION.into(),
                key: key.into(),
                attributes: cos_sdk::ObjectAttributes {
                    content_type: "application/x-parts".into(),
                    ..Default::default()
                },
                headers,
                ..Default::default()
            },
            |r| r,
        )
        .unwrap()
        .upload_id
}

fn upload(
    env: &Env,
    bucket: &str,
    key: &str,
    upload_id: &str,
    part_number: u32,
    bytes: &[u8],
) -> String {
    env.cos
        .multipart_upload(
            MultipartUploadParams {
                bucket: bucket.into(),
                region: REGION.into(),
                key: key.into(),
                upload_id: upload_id.into(),
                part_number,
                body: Body::from(bytes.to_vec()),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap()
        .etag
}

fn complete(
    env: &Env,
    bucket: &str,
    key: &str,
    upload_id: &str,
    parts: Vec<CompletedPart>,
) -> Result<cos_sdk::MultipartCompleteData, cos_sdk::CosError> {
    env.cos.multipart_complete(
        MultipartCompleteParams {
            bucket: bucket.into(),
            region: REGION.into(),
            key: key.into(),
            upload_id: upload_id.into(),
            parts,
            ..Default::default()
        },
        |r| r,
    )
}

fn list_parts(
    env: &Env,
    bucket: &str,
    key: &str,
    upload_id: &str,
    marker: Option<u32>,
) -> cos_sdk::MultipartListPartData {
    env.cos
        .multipart_list_part(
            MultipartListPartParams {
                bucket: bucket.into(),
                region: REGION.into(),
                key: key.into(),
                upload_id: upload_id.into(),
                max_parts: Some(2),
                part_number_marker: marker,
                ..Default::default()
            },
            |r| r,
        )
        .unwrap()
}

#[test]
fn upload_in_parts_list_and_complete() {
    let env = Env::start();
    let bucket = env.bucket();
    let key = "big dir/大文件 +1.bin";
    let data = content(3 * MIB + 123);
    let upload_id = init(&env, &bucket, key);
    assert!(!upload_id.is_empty());

    let chunks: Vec<&[u8]> = data.chunks(MIB).collect();
    let mut parts = Vec::new();
    // Upload out of order: COS accepts any order.
    for (index, chunk) in chunks.iter().enumerate().rev() {
        let number = index as u32 + 1;
        let etag = upload(&env, &bucket, key, &upload_id, number, chunk);
        assert_eq!(etag, format!("\"{}\"", md5_hex(chunk)));
        parts.push(CompletedPart {
            part_number: number,
            etag,
        });
    }
    parts.reverse();

    let first = list_parts(&env, &bucket, key, &upload_id, None);
    assert_eq!(first.part.len(), 2);
    assert!(first.is_truncated);
    assert_eq!(first.key, key);
    let second = list_parts(
        &env,
        &bucket,
        key,
        &upload_id,
        Some(first.next_part_number_marker),
    );
    assert_eq!(second.part.len(), 2);
    assert!(!second.is_truncated);
    let numbers: Vec<u32> = first
        .part
        .iter()
        .chain(&second.part)
        .map(|p| p.part_number)
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(second.part[1].size, 123);

    let uploads = env
        .cos
        .multipart_list(
            MultipartListParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                prefix: "big ".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(
        uploads
            .upload
            .iter()
            .any(|u| u.upload_id == upload_id && u.key == key)
    );

    let done = complete(&env, &bucket, key, &upload_id, parts).unwrap();
    assert!(done.etag.ends_with("-4\""), "{}", done.etag);
    assert_eq!(done.key, key);
    assert!(
        done.location
            .ends_with("/big%20dir/%E5%A4%A7%E6%96%87%E4%BB%B6%20%2B1.bin")
    );

    let head = env
        .cos
        .head_object(
            HeadObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: key.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(head.headers.get("x-cos-meta-origin"), Some("multipart"));
    assert_eq!(
        head.headers.get("content-type"),
        Some("application/x-parts")
    );
    let got = env
        .cos
        .get_object(
            GetObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: key.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(got.body, data);

    let after = env
        .cos
        .multipart_list(
            MultipartListParams {
                bucket,
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(after.upload.is_empty(), "completed uploads leave the list");
}

#[test]
fn complete_validation_errors() {
    let env = Env::start();
    let bucket = env.bucket();
    let key = "v.bin";
    let upload_id = init(&env, &bucket, key);
    let small = content(1000);
    let big = content(MIB);
    let e1 = upload(&env, &bucket, key, &upload_id, 1, &small);
    let e2 = upload(&env, &bucket, key, &upload_id, 2, &big);

    let too_small = complete(
        &env,
        &bucket,
        key,
        &upload_id,
        vec![
            CompletedPart {
                part_number: 1,
                etag: e1.clone(),
            },
            CompletedPart {
                part_number: 2,
                etag: e2.clone(),
            },
        ],
    )
    .unwrap_err();
    assert_eq!(too_small.code(), "EntityTooSmall");

    let order = complete(
        &env,
        &bucket,
        key,
        &upload_id,
        vec![
            CompletedPart {
                part_number: 2,
                etag: e2.clone(),
            },
            CompletedPart {
                part_number: 1,
                etag: e1.clone(),
            },
        ],
    )
    .unwrap_err();
    assert_eq!(order.code(), "InvalidPartOrder");

    let wrong = complete(
        &env,
        &bucket,
        key,
        &upload_id,
        vec![CompletedPart {
            part_number: 1,
            etag: "\"00000000000000000000000000000000\"".into(),
        }],
    )
    .unwrap_err();
    assert_eq!(wrong.code(), "InvalidPart");

    // ETags without quotes are accepted, as Node adds them.
    let last_only = complete(
        &env,
        &bucket,
        key,
        &upload_id,
        vec![CompletedPart {
            part_number: 2,
            etag: e2.trim_matches('"').to_string(),
        }],
    )
    .unwrap();
    assert!(last_only.etag.ends_with("-1\""));

    let gone = complete(
        &env,
        &bucket,
        key,
        &upload_id,
        vec![CompletedPart {
            part_number: 2,
            etag: e2,
        }],
    )
    .unwrap_err();
    assert_eq!(gone.code(), "NoSuchUpload");
    assert_eq!(gone.status_code(), Some(404));
}

#[test]
fn abort_discards_the_upload() {
    let env = Env::start();
    let bucket = env.bucket();
    let upload_id = init(&env, &bucket, "a.bin");
    upload(&env, &bucket, "a.bin", &upload_id, 1, b"part");
    let params = || MultipartAbortParams {
        bucket: bucket.clone(),
        region: REGION.into(),
        key: "a.bin".into(),
        upload_id: upload_id.clone(),
        ..Default::default()
    };
    let aborted = env.cos.multipart_abort(params(), |r| r).unwrap();
    assert_eq!(aborted.status_code, 204);
    let again = env.cos.multipart_abort(params(), |r| r).unwrap_err();
    assert_eq!(again.code(), "NoSuchUpload");
    let listed = env
        .cos
        .multipart_list_part(
            MultipartListPartParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "a.bin".into(),
                upload_id: upload_id.clone(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(listed.code(), "NoSuchUpload");
}

#[test]
fn parameter_errors_before_sending() {
    let env = Env::start();
    env.emulator.clear_request_log();
    let err = env
        .cos
        .multipart_upload(
            MultipartUploadParams {
                bucket: "b-1250000000".into(),
                region: REGION.into(),
                key: "k".into(),
                upload_id: "U".into(),
                part_number: 0,
                body: Body::from("x"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.parameter()),
        (ErrorKind::InvalidParameter, Some("PartNumber"))
    );
    let err = complete(&env, "b-1250000000", "k", "", vec![]).unwrap_err();
    assert_eq!(err.parameter(), Some("UploadId"));
    let err = complete(&env, "b-1250000000", "k", "U", vec![]).unwrap_err();
    assert_eq!(err.parameter(), Some("Parts"));
    assert!(env.emulator.request_log().is_empty());
}

#[test]
fn parallel_part_uploads() {
    let env = Env::start();
    let bucket = env.bucket();
    let data = content(8 * MIB);
    let upload_id = init(&env, &bucket, "p.bin");
    let parts: Vec<CompletedPart> = std::thread::scope(|scope| {
        let handles: Vec<_> = data
            .chunks(MIB)
            .enumerate()
            .map(|(i, chunk)| {
                let (env, bucket, upload_id) = (&env, &bucket, &upload_id);
                scope.spawn(move || CompletedPart {
                    part_number: i as u32 + 1,
                    etag: upload(env, bucket, "p.bin", upload_id, i as u32 + 1, chunk),
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    complete(&env, &bucket, "p.bin", &upload_id, parts).unwrap();
    let got = env
        .cos
        .get_object(
            GetObjectParams {
                bucket,
                region: REGION.into(),
                key: "p.bin".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(got.body, data);
}
