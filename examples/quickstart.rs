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
use std::time::{SystemTime, UNIX_EPOCH};

use cos_emulator::Emulator;
use cos_sdk::{
    Body, Cos, CosOptions, DeleteBucketParams, DeleteObjectParams, GetBucketParams,
    GetObjectParams, HeadObjectParams, Output, PutBucketParams, PutObjectParams,
};

/// Where the example runs: real COS or the emulator it started.
struct Target {
    cos: Cos,
    bucket: String,
    region: String,
    /// Kept alive for the run; `None` against real COS.
    emulator: Option<Emulator>,
}

fn target() -> Result<Target, Box<dyn Error>> {
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    if let (Some(id), Some(key), Some(bucket), Some(region)) = (
        var("COS_SECRET_ID"),
        var("COS_SECRET_KEY"),
        var("COS_BUCKET"),
        var("COS_REGION"),
    ) {
        println!("Using real COS: bucket {bucket} in {region}");
        let cos = Cos::new(CosOptions {
            secret_id: id,
            secret_key: key,
            ..Default::default()
        })?;
        return Ok(Target { cos, bucket, region, emulator: None });
    }
    let emulator = Emulator::start()?;
    println!(
        "No COS credentials set (COS_SECRET_ID, COS_SECRET_KEY, COS_BUCKET, COS_REGION): \
         using the embedded emulator at {}",
        emulator.url()
    );
    let cos = Cos::new(CosOptions {
        secret_id: emulator.secret_id().into(),
        secret_key: emulator.secret_key().into(),
        // Talk plain HTTP to the emulator's address; requests keep the real
        // COS host name and signature, as they would in production.
        protocol: "http".into(),
        ip: emulator.endpoint(),
        ..Default::default()
    })?;
    let bucket = format!("quickstart-{}", emulator.appid());
    let region = "ap-guangzhou".to_string();
    cos.put_bucket(
        PutBucketParams { bucket: bucket.clone(), region: region.clone(), ..Default::default() },
        |r| r,
    )?;
    println!("Created bucket {bucket} in {region}");
    Ok(Target { cos, bucket, region, emulator: Some(emulator) })
}

fn main() -> Result<(), Box<dyn Error>> {
    let Target { cos, bucket, region, emulator } = target()?;
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let prefix = format!("cos-sdk-quickstart/{stamp}/");

    // A 3 MiB local file with varied content.
    let workdir = tempfile::tempdir()?;
    let source = workdir.path().join("hello.bin");
    let content: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
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
    println!("Uploaded {} bytes to {key} (ETag {})", content.len(), put.etag);

    let note_key = format!("{prefix}notes/readme.txt");
    cos.put_object(
        PutObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: note_key.clone(),
            body: Body::from("uploaded by the cos-sdk quickstart"),
            content_type: "text/plain".into(),
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
        HeadObjectParams { bucket: bucket.clone(), region: region.clone(), key: key.clone(), ..Default::default() },
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
    println!("Downloaded to {}: {}", downloaded.display(), if same { "content verified" } else { "CONTENT DIFFERS" });

    for object in &listing.contents {
        cos.delete_object(
            DeleteObjectParams { bucket: bucket.clone(), region: region.clone(), key: object.key.clone(), ..Default::default() },
            |r| r,
        )?;
    }
    println!("Deleted {} objects", listing.contents.len());
    if emulator.is_some() {
        cos.delete_bucket(
            DeleteBucketParams { bucket: bucket.clone(), region: region.clone(), ..Default::default() },
            |r| r,
        )?;
        println!("Deleted bucket {bucket}");
    }
    if !same {
        return Err("downloaded content differs from the upload".into());
    }
    println!("Quickstart finished.");
    Ok(())
}
