//! Access control, CORS and tagging: make one object public, allow a web
//! origin to upload from the browser, tag the bucket.
//!
//! ```text
//! cargo run --example acl_cors_tagging
//! ```
//!
//! Runs against the embedded emulator, or against real COS when
//! `COS_SECRET_ID`, `COS_SECRET_KEY`, `COS_BUCKET` and `COS_REGION` are set
//! (it then changes that bucket's CORS rules and tags, and restores neither).

use std::error::Error;

use cos_sdk::{
    AclHeaders, Body, CorsRule, DeleteBucketCorsParams, DeleteObjectParams, GetBucketAclParams,
    GetBucketCorsParams, GetBucketTaggingParams, GetObjectAclParams, OptionsObjectParams,
    PutBucketCorsParams, PutBucketTaggingParams, PutObjectAclParams, PutObjectParams, Tag,
};

#[path = "support/mod.rs"]
mod support;

fn main() -> Result<(), Box<dyn Error>> {
    let target = support::connect("acl-cors-tagging")?;
    let (cos, bucket, region) = (&target.cos, &target.bucket, &target.region);
    let key = format!("{}public/logo.txt", target.prefix);

    let acl = cos.get_bucket_acl(
        GetBucketAclParams {
            bucket: bucket.clone(),
            region: region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Bucket ACL: {} (owner {})", acl.acl, acl.owner.id);

    cos.put_object(
        PutObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            body: Body::from("public content"),
            ..Default::default()
        },
        |r| r,
    )?;
    cos.put_object_acl(
        PutObjectAclParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            access: AclHeaders {
                acl: Some("public-read".into()),
                ..Default::default()
            },
            ..Default::default()
        },
        |r| r,
    )?;
    let object_acl = cos.get_object_acl(
        GetObjectAclParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Object ACL of {key}: {}", object_acl.acl);

    cos.put_bucket_cors(
        PutBucketCorsParams {
            bucket: bucket.clone(),
            region: region.clone(),
            cors_rules: vec![CorsRule {
                id: "web-upload".into(),
                allowed_origins: vec!["https://*.example.com".into()],
                allowed_methods: vec!["GET".into(), "PUT".into()],
                allowed_headers: vec!["*".into()],
                expose_headers: vec!["ETag".into()],
                max_age_seconds: Some(600),
            }],
            ..Default::default()
        },
        |r| r,
    )?;
    let cors = cos.get_bucket_cors(
        GetBucketCorsParams {
            bucket: bucket.clone(),
            region: region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("CORS rules: {:?}", cors.cors_rules);
    for origin in ["https://app.example.com", "https://elsewhere.org"] {
        let preflight = cos.options_object(
            OptionsObjectParams {
                bucket: bucket.clone(),
                region: region.clone(),
                key: key.clone(),
                origin: origin.into(),
                access_control_request_method: "PUT".into(),
                ..Default::default()
            },
            |r| r,
        )?;
        println!(
            "Preflight from {origin}: {}",
            if preflight.options_forbidden {
                "forbidden".to_string()
            } else {
                format!("allowed ({})", preflight.access_control_allow_methods)
            }
        );
    }
    cos.delete_bucket_cors(
        DeleteBucketCorsParams {
            bucket: bucket.clone(),
            region: region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;

    cos.put_bucket_tagging(
        PutBucketTaggingParams {
            bucket: bucket.clone(),
            region: region.clone(),
            tags: vec![
                Tag {
                    key: "team".into(),
                    value: "storage".into(),
                },
                Tag {
                    key: "env".into(),
                    value: "example".into(),
                },
            ],
            ..Default::default()
        },
        |r| r,
    )?;
    let tags = cos.get_bucket_tagging(
        GetBucketTaggingParams {
            bucket: bucket.clone(),
            region: region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Bucket tags: {:?}", tags.tags);

    cos.delete_object(
        DeleteObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key,
            ..Default::default()
        },
        |r| r,
    )?;
    target.finish()?;
    Ok(())
}
