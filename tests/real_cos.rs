//! The quickstart scenario against real COS.
//!
//! Needs `COS_SECRET_ID`, `COS_SECRET_KEY`, `COS_BUCKET` (`name-appid`, an
//! existing bucket) and `COS_REGION`. Ignored by default so that a machine
//! without an account never counts it as passed; run it with
//!
//! ```text
//! cargo test --test real_cos -- --include-ignored
//! ```
//!
//! (`.ci/run` does that when the four variables are set). It works under a
//! unique prefix and deletes what it created.

use std::time::{SystemTime, UNIX_EPOCH};

use cos_sdk::{
    Body, Cos, CosOptions, DeleteObjectParams, GetBucketParams, GetObjectParams, HeadBucketParams,
    HeadObjectParams, PutObjectParams,
};

#[test]
#[ignore = "needs COS_SECRET_ID, COS_SECRET_KEY, COS_BUCKET and COS_REGION; run with --include-ignored"]
fn quickstart_scenario_against_real_cos() {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| panic!("{name} is not set: this test needs real COS credentials"))
    };
    let (bucket, region) = (var("COS_BUCKET"), var("COS_REGION"));
    let cos = Cos::new(CosOptions {
        secret_id: var("COS_SECRET_ID"),
        secret_key: var("COS_SECRET_KEY"),
        ..Default::default()
    })
    .unwrap();

    cos.head_bucket(
        HeadBucketParams {
            bucket: bucket.clone(),
            region: region.clone(),
            ..Default::default()
        },
        |r| r,
    )
    .expect("the bucket exists and the keys can read it");

    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let prefix = format!("cos-sdk-test/{stamp}/");
    let key = format!("{prefix}中文 key+1.bin");
    let content: Vec<u8> = (0..2 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let put = cos
        .put_object(
            PutObjectParams {
                bucket: bucket.clone(),
                region: region.clone(),
                key: key.clone(),
                body: Body::from(content.clone()),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();

    let listing = cos
        .get_bucket(
            GetBucketParams {
                bucket: bucket.clone(),
                region: region.clone(),
                prefix: prefix.clone(),
                encoding_type: Some("url".into()),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(listing.contents.len(), 1);
    assert_eq!(listing.contents[0].key, key);

    let head = cos
        .head_object(
            HeadObjectParams {
                bucket: bucket.clone(),
                region: region.clone(),
                key: key.clone(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(head.etag, put.etag);

    let got = cos
        .get_object(
            GetObjectParams {
                bucket: bucket.clone(),
                region: region.clone(),
                key: key.clone(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(got.body, content);

    cos.delete_object(
        DeleteObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            ..Default::default()
        },
        |r| r,
    )
    .unwrap();
    let gone = cos
        .head_object(
            HeadObjectParams {
                bucket,
                region,
                key,
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(gone.status_code(), Some(404));
}
