//! Multipart upload by hand: start, upload parts in parallel threads, list
//! them, complete, verify; and abort an upload that is not wanted.
//!
//! ```text
//! cargo run --example multipart
//! ```
//!
//! Runs against the embedded emulator, or against real COS when
//! `COS_SECRET_ID`, `COS_SECRET_KEY`, `COS_BUCKET` and `COS_REGION` are set.

use std::error::Error;

use cos_sdk::{
    Body, CompletedPart, DeleteObjectParams, GetObjectParams, MultipartAbortParams,
    MultipartCompleteParams, MultipartInitParams, MultipartListParams, MultipartListPartParams,
    MultipartUploadParams, ObjectAttributes,
};

#[path = "support/mod.rs"]
mod support;

const PART_SIZE: usize = 1024 * 1024;

fn main() -> Result<(), Box<dyn Error>> {
    let target = support::connect("multipart")?;
    let (cos, bucket, region) = (&target.cos, &target.bucket, &target.region);
    let key = format!("{}big.bin", target.prefix);
    let data: Vec<u8> = (0..5 * PART_SIZE as u32 + 777)
        .map(|i| (i.wrapping_mul(7919) >> 5) as u8)
        .collect();

    let init = cos.multipart_init(
        MultipartInitParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            attributes: ObjectAttributes {
                content_type: "application/octet-stream".into(),
                ..Default::default()
            },
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Started upload {}", init.upload_id);

    // One thread per part; the client is shared (Clone + Send + Sync).
    let parts: Result<Vec<CompletedPart>, cos_sdk::CosError> = std::thread::scope(|scope| {
        let handles: Vec<_> = data
            .chunks(PART_SIZE)
            .enumerate()
            .map(|(index, chunk)| {
                let (cos, bucket, region, key, upload_id) =
                    (cos.clone(), bucket, region, &key, &init.upload_id);
                scope.spawn(move || {
                    let part_number = index as u32 + 1;
                    let uploaded = cos.multipart_upload(
                        MultipartUploadParams {
                            bucket: bucket.clone(),
                            region: region.clone(),
                            key: key.clone(),
                            upload_id: upload_id.clone(),
                            part_number,
                            body: Body::from(chunk.to_vec()),
                            ..Default::default()
                        },
                        |r| r,
                    )?;
                    Ok(CompletedPart {
                        part_number,
                        etag: uploaded.etag,
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("part thread"))
            .collect()
    });
    let parts = parts?;
    println!("Uploaded {} parts", parts.len());

    let listed = cos.multipart_list_part(
        MultipartListPartParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            upload_id: init.upload_id.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    for part in &listed.part {
        println!(
            "  part {:>2}: {:>8} bytes, ETag {}",
            part.part_number, part.size, part.etag
        );
    }

    let done = cos.multipart_complete(
        MultipartCompleteParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            upload_id: init.upload_id.clone(),
            parts,
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Completed: {} (ETag {})", done.location, done.etag);

    let got = cos.get_object(
        GetObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    let same = got.body == data;
    println!(
        "Downloaded {} bytes: {}",
        got.body.len(),
        if same {
            "content verified"
        } else {
            "CONTENT DIFFERS"
        }
    );

    // An upload we change our mind about.
    let unwanted = cos.multipart_init(
        MultipartInitParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: format!("{key}.tmp"),
            ..Default::default()
        },
        |r| r,
    )?;
    let pending = cos.multipart_list(
        MultipartListParams {
            bucket: bucket.clone(),
            region: region.clone(),
            prefix: target.prefix.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!(
        "Unfinished uploads under the prefix: {}",
        pending.upload.len()
    );
    cos.multipart_abort(
        MultipartAbortParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: format!("{key}.tmp"),
            upload_id: unwanted.upload_id,
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Aborted the unwanted upload");

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
