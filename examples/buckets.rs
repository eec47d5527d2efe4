//! Buckets: list buckets, check one, find its region, list objects with a
//! delimiter and paging.
//!
//! ```text
//! cargo run --example buckets
//! ```
//!
//! Runs against the embedded emulator, or against real COS when
//! `COS_SECRET_ID`, `COS_SECRET_KEY`, `COS_BUCKET` and `COS_REGION` are set.

use std::error::Error;

use cos_sdk::{
    Body, DeleteMultipleObjectParams, GetBucketLocationParams, GetBucketParams, GetServiceParams,
    HeadBucketParams, PutObjectParams,
};

#[path = "support/mod.rs"]
mod support;

fn main() -> Result<(), Box<dyn Error>> {
    let target = support::connect("buckets")?;
    let (cos, bucket, region, prefix) =
        (&target.cos, &target.bucket, &target.region, &target.prefix);

    let service = cos.get_service(GetServiceParams::default(), |r| r)?;
    println!("The account has {} bucket(s):", service.buckets.len());
    for b in &service.buckets {
        println!("  {} ({}, created {})", b.name, b.location, b.creation_date);
    }

    let head = cos.head_bucket(
        HeadBucketParams {
            bucket: bucket.clone(),
            region: region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("HEAD {bucket}: status {}", head.status_code);
    let location = cos.get_bucket_location(
        GetBucketLocationParams {
            bucket: bucket.clone(),
            region: region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("{bucket} lives in {}", location.location_constraint);

    let keys: Vec<String> = ["a.txt", "docs/1.md", "docs/2.md", "img/x.png", "z.txt"]
        .iter()
        .map(|k| format!("{prefix}{k}"))
        .collect();
    for key in &keys {
        cos.put_object(
            PutObjectParams {
                bucket: bucket.clone(),
                region: region.clone(),
                key: key.clone(),
                body: Body::from(key.as_str()),
                ..Default::default()
            },
            |r| r,
        )?;
    }

    // One level, like a directory listing.
    let level = cos.get_bucket(
        GetBucketParams {
            bucket: bucket.clone(),
            region: region.clone(),
            prefix: prefix.clone(),
            delimiter: "/".into(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Under {prefix}:");
    for p in &level.common_prefixes {
        println!("  [dir]  {}", p.prefix);
    }
    for o in &level.contents {
        println!("  {:>5}  {}", o.size, o.key);
    }

    // Everything, two keys per page.
    let mut marker = String::new();
    let mut page = 1;
    loop {
        let result = cos.get_bucket(
            GetBucketParams {
                bucket: bucket.clone(),
                region: region.clone(),
                prefix: prefix.clone(),
                marker: marker.clone(),
                max_keys: Some(2),
                ..Default::default()
            },
            |r| r,
        )?;
        let names: Vec<&str> = result.contents.iter().map(|o| o.key.as_str()).collect();
        println!("Page {page}: {names:?}");
        match result.next_page_marker() {
            Some(next) => marker = next.to_string(),
            None => break,
        }
        page += 1;
    }

    let deleted = cos.delete_multiple_object(
        DeleteMultipleObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            objects: keys.iter().map(|k| k.as_str().into()).collect(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Deleted {} objects in one request", deleted.deleted.len());
    target.finish()?;
    Ok(())
}
