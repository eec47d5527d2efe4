//! Objects: upload with metadata and progress, read metadata, download
//! ranges and conditionally, stream into a writer, delete.
//!
//! ```text
//! cargo run --example objects
//! ```
//!
//! Runs against the embedded emulator, or against real COS when
//! `COS_SECRET_ID`, `COS_SECRET_KEY`, `COS_BUCKET` and `COS_REGION` are set.

use std::error::Error;

use cos_sdk::{
    Body, DeleteObjectParams, GetObjectParams, HeadObjectParams, Headers, ObjectAttributes,
    OnProgress, Output, PutObjectParams,
};

#[path = "support/mod.rs"]
mod support;

fn main() -> Result<(), Box<dyn Error>> {
    let target = support::connect("objects")?;
    let (cos, bucket, region) = (&target.cos, &target.bucket, &target.region);
    let key = format!("{}report 2024 (final).bin", target.prefix);

    let bytes: Vec<u8> = (0..4 * 1024 * 1024u32).map(|i| (i % 253) as u8).collect();
    let mut headers = Headers::new();
    headers.insert("x-cos-meta-author", "example");
    let put = cos.put_object(
        PutObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            body: Body::from(bytes.clone()),
            attributes: ObjectAttributes {
                content_type: "application/octet-stream".into(),
                cache_control: "max-age=3600".into(),
                ..Default::default()
            },
            headers,
            on_progress: Some(OnProgress::new(|p| {
                println!(
                    "  upload {:>3.0}% ({} of {} bytes)",
                    p.percent * 100.0,
                    p.loaded,
                    p.total
                )
            })),
            ..Default::default()
        },
        |r| r,
    )?;
    println!(
        "Uploaded {key}: ETag {}, request id {:?}",
        put.etag, put.request_id
    );

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
        "Metadata: author={:?} size={:?} type={:?}",
        head.headers.get("x-cos-meta-author"),
        head.headers.get("content-length"),
        head.headers.get("content-type")
    );

    let first_kib = cos.get_object(
        GetObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            range: "bytes=0-1023".into(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!(
        "Range read: status {}, {} bytes",
        first_kib.status_code,
        first_kib.body.len()
    );

    let unchanged = cos.get_object(
        GetObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            if_none_match: put.etag.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!(
        "Conditional read with the current ETag: not_modified = {}",
        unchanged.not_modified
    );

    let dir = tempfile::tempdir()?;
    let file = std::fs::File::create(dir.path().join("copy.bin"))?;
    cos.get_object(
        GetObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            output: Output::Writer(Box::new(file)),
            ..Default::default()
        },
        |r| r,
    )?;
    let same = std::fs::read(dir.path().join("copy.bin"))? == bytes;
    println!(
        "Streamed into a writer: content {}",
        if same { "verified" } else { "DIFFERS" }
    );

    let missing = cos.get_object(
        GetObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: format!("{key}.missing"),
            ..Default::default()
        },
        |r| r,
    );
    if let Err(err) = missing {
        println!("Reading a missing key fails as expected: {err}");
    }

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
    if !same {
        return Err("downloaded content differs".into());
    }
    Ok(())
}
