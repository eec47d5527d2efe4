//! Quickstart: create a bucket, upload a file, list, download and verify.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! With no COS credentials in the environment it starts the embedded
//! emulator and runs against it. With `COS_SECRET_ID`, `COS_SECRET_KEY`,
//! `COS_BUCKET` (`name-appid`) and `COS_REGION` set it runs against real COS,
//! in the existing bucket, under a unique prefix that it removes afterwards.

use std::error::Error;

use cos_sdk::{
    Body, DeleteObjectParams, GetBucketParams, GetObjectParams, HeadObjectParams, ObjectAttributes,
    Output, PutObjectParams,
};

#[path = "support/mod.rs"]
mod support;

fn main() -> Result<(), Box<dyn Error>> {
    let target = support::connect("quickstart")?;
    let (cos, bucket, region) = (&target.cos, &target.bucket, &target.region);
    let prefix = &target.prefix;

    // A 3 MiB local file with varied content.
    let workdir = tempfile::tempdir()?;
    let source = workdir.path().join("hello.bin");
    let content: Vec<u8> = (0..3 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&source, &content)?;

    let key = format!("{prefix}hello.bin");
    let put = cos.put_object(
        PutObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            body: Body::from_file(&source),
            ..Default::default()
        },
        |r| r,
    )?;
    println!(
        "Uploaded {} bytes to {key} (ETag {})",
        content.len(),
        put.etag
    );

    let note_key = format!("{prefix}notes/readme.txt");
    cos.put_object(
        PutObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: note_key.clone(),
            body: Body::from("uploaded by the cos-sdk quickstart"),
            attributes: ObjectAttributes {
                content_type: "text/plain".into(),
                ..Default::default()
            },
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Uploaded {note_key}");

    let listing = cos.get_bucket(
        GetBucketParams {
            bucket: bucket.clone(),
            region: region.clone(),
            prefix: prefix.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Listed {} objects under {prefix}:", listing.contents.len());
    for object in &listing.contents {
        println!("  {:>9} bytes  {}", object.size, object.key);
    }

    let head = cos.head_object(
        HeadObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!(
        "HEAD {key}: {} bytes, CRC-64 {}",
        head.headers.get("content-length").unwrap_or("?"),
        head.headers.get("x-cos-hash-crc64ecma").unwrap_or("?")
    );

    let downloaded = workdir.path().join("downloaded.bin");
    cos.get_object(
        GetObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            output: Output::File(downloaded.clone()),
            ..Default::default()
        },
        |r| r,
    )?;
    let same = std::fs::read(&downloaded)? == content;
    println!(
        "Downloaded to {}: {}",
        downloaded.display(),
        if same {
            "content verified"
        } else {
            "CONTENT DIFFERS"
        }
    );

    for object in &listing.contents {
        cos.delete_object(
            DeleteObjectParams {
                bucket: bucket.clone(),
                region: region.clone(),
                key: object.key.clone(),
                ..Default::default()
            },
            |r| r,
        )?;
    }
    println!("Deleted {} objects", listing.contents.len());
    target.finish()?;
    if !same {
        return Err("downloaded content differs from the upload".into());
    }
    println!("Quickstart finished.");
    Ok(())
}
