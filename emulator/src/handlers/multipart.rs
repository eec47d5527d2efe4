//! Multipart upload (spec §6.1, 6.2, 6.4–6.7).

use std::fs::File;
use std::io;
use std::sync::Arc;
use std::time::SystemTime;

use super::object::{
    SizeLimit, body_error, check_new_key, forbid_overwrite, object_attrs, parse_content_md5,
};
use super::{existing_bucket, object_key, read_xml_body};
use crate::acl::write_owner;
use crate::encoding::list_encode;
use crate::errors::CosError;
use crate::http::{Framing, Response};
use crate::multipart::{Part, Upload, crc64_combine, multipart_etag};
use crate::server::{Ctx, RequestBody};
use crate::store::ObjectMeta;
use crate::timefmt::iso8601;
use crate::xml::{XmlWriter, child_text, children};

/// Largest part (5 GiB, spec §8).
pub(crate) const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;
/// Highest part number.
pub(crate) const MAX_PART_NUMBER: u32 = 10_000;
/// Largest `CompleteMultipartUpload` body (10 000 parts fit easily).
const MAX_COMPLETE_BODY: u64 = 4 * 1024 * 1024;
/// Namespace of `CompleteMultipartUploadResult` (spec §3.3).
const COMPLETE_XMLNS: &str = "http://www.qcloud.com/document/product/436/7751";

fn upload_id<'a>(ctx: &'a Ctx<'_>) -> &'a str {
    ctx.query("uploadId").unwrap_or("")
}

/// The upload addressed by `uploadId`, or `404 NoSuchUpload`.
pub(crate) fn addressed_upload(ctx: &Ctx<'_>) -> Result<(String, Arc<Upload>), CosError> {
    let bucket = existing_bucket(ctx)?;
    let upload = ctx
        .state
        .store
        .uploads
        .get(&bucket.name, object_key(ctx), upload_id(ctx))?;
    Ok((bucket.name, upload))
}

/// `encoding-type`: `url` → true; absent → false; other → 400.
pub(crate) fn url_encoding(ctx: &Ctx<'_>) -> Result<bool, CosError> {
    match ctx.query_nonempty("encoding-type") {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("url") => Ok(true),
        Some(_) => Err(CosError::invalid_argument(
            "Invalid Encoding Method specified in Request",
        )),
    }
}

/// A page-size parameter: integer, clamped to 0–1000; default 1000. A page
/// of 0 lists nothing and is not truncated (as S3 answers `max-keys=0`).
pub(crate) fn page_size(ctx: &Ctx<'_>, name: &str) -> Result<usize, CosError> {
    match ctx.query_nonempty(name) {
        None => Ok(1000),
        Some(v) => Ok(v
            .trim()
            .parse::<i64>()
            .map_err(|_| CosError::invalid_argument(format!("{name} must be an integer.")))?
            .clamp(0, 1000) as usize),
    }
}

/// Initiate Multipart Upload.
pub(crate) fn initiate(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let key = object_key(ctx);
    check_new_key(key)?;
    let mut attrs = object_attrs(ctx)?;
    let sse = super::object::sse_headers(ctx, &bucket)?;
    attrs.headers.extend(sse.iter().cloned());
    let upload = ctx
        .state
        .store
        .uploads
        .create(&bucket.name, key, attrs, ctx.state.clock.now())?;
    let mut w = XmlWriter::new();
    w.open("InitiateMultipartUploadResult")
        .elem("Bucket", &bucket.name)
        .elem("Key", key)
        .elem("UploadId", &upload.id)
        .close("InitiateMultipartUploadResult");
    let mut r = Response::xml(200, w.finish());
    for (name, value) in sse {
        r.push_header(&name, value);
    }
    Ok(r)
}

/// The `partNumber` query parameter: 1–10000, else `400 InvalidArgument`.
pub(crate) fn part_number(ctx: &Ctx<'_>) -> Result<u32, CosError> {
    ctx.query("partNumber")
        .and_then(|n| n.trim().parse::<u32>().ok())
        .filter(|n| (1..=MAX_PART_NUMBER).contains(n))
        .ok_or_else(|| {
            CosError::invalid_argument("Part number must be an integer between 1 and 10000.")
        })
}

/// Upload Part: streamed to its own file; answers the part's ETag and CRC-64.
pub(crate) fn upload_part(ctx: &Ctx<'_>, body: &mut dyn RequestBody) -> Result<Response, CosError> {
    let number = part_number(ctx)?;
    let (_, upload) = addressed_upload(ctx)?;
    let sse = super::sse::check_part(ctx, &upload.attrs.headers)?;
    match body.framing() {
        Framing::None => return Err(CosError::missing_content_length()),
        Framing::Length(n) if n > MAX_PART_SIZE => return Err(CosError::entity_too_large()),
        _ => {}
    }
    let expected_md5 = ctx
        .header("content-md5")
        .map(parse_content_md5)
        .transpose()?;
    let mut limited = SizeLimit {
        inner: body,
        left: MAX_PART_SIZE,
    };
    let part = ctx.state.store.uploads.put_part(
        &upload,
        number,
        &mut limited,
        expected_md5,
        body_error,
    )?;
    let mut r = Response::new(200)
        .with_header("ETag", format!("\"{}\"", part.etag()))
        .with_header("x-cos-hash-crc64ecma", part.crc64.to_string());
    for (name, value) in sse {
        r.push_header(&name, value);
    }
    Ok(r)
}

/// Parses a `CompleteMultipartUpload` document: (part number, ETag) in order.
pub(crate) fn parse_complete(text: &str) -> Result<Vec<(u32, String)>, CosError> {
    let doc = crate::xml::parse_body(text, "CompleteMultipartUpload")?;
    let parts = children(doc.root_element(), "Part")
        .map(|p| {
            let number = child_text(p, "PartNumber")
                .and_then(|n| n.trim().parse::<u32>().ok())
                .ok_or_else(CosError::malformed_xml)?;
            let etag = child_text(p, "ETag").ok_or_else(CosError::malformed_xml)?;
            Ok((number, etag))
        })
        .collect::<Result<Vec<_>, CosError>>()?;
    if parts.is_empty() {
        return Err(CosError::malformed_xml());
    }
    Ok(parts)
}

fn invalid_part(number: u32) -> CosError {
    CosError::new(
        400,
        "InvalidPart",
        format!(
            "One or more of the specified parts could not be found or the ETag did not match (part {number})."
        ),
    )
}

/// Complete Multipart Upload.
pub(crate) fn complete(ctx: &Ctx<'_>, body: &mut dyn RequestBody) -> Result<Response, CosError> {
    let (bucket, upload) = addressed_upload(ctx)?;
    let key = object_key(ctx);
    let text = read_xml_body(ctx, body, MAX_COMPLETE_BODY, false)?;
    let listed = parse_complete(&text)?;
    if listed.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(CosError::new(
            400,
            "InvalidPartOrder",
            "The list of parts was not in ascending order. Parts must be ordered by part number.",
        ));
    }
    let forbid = forbid_overwrite(ctx);
    let min = ctx.state.min_part_size;
    let store = &ctx.state.store;
    let taken = store.uploads.take(&upload, |uploaded| {
        let mut out = Vec::with_capacity(listed.len());
        for (number, etag) in &listed {
            let part = uploaded.get(number).ok_or_else(|| invalid_part(*number))?;
            let given = etag.trim().trim_matches('"');
            if !given.eq_ignore_ascii_case(&part.etag()) {
                return Err(invalid_part(*number));
            }
            out.push(part.clone());
        }
        if let Some((_, rest)) = out.split_last() {
            if let Some(small) = rest.iter().find(|p| p.size < min) {
                return Err(CosError::new(
                    400,
                    "EntityTooSmall",
                    format!(
                        "Your proposed upload is smaller than the minimum allowed object size (part {} is {} bytes, minimum {min}).",
                        small.number, small.size
                    ),
                ));
            }
        }
        if forbid && store.object_exists(&bucket, key)? {
            return Err(CosError::path_conflict());
        }
        Ok(out)
    })?;
    let versioned = ctx
        .state
        .store
        .bucket_info(&bucket)
        .is_some_and(|b| super::versions::reported(&b));
    let meta = match assemble(ctx, &bucket, key, &upload, &taken.listed, forbid) {
        Ok(meta) => {
            store.uploads.discard(&taken);
            meta
        }
        Err(e) => {
            store.uploads.forget(&upload, &taken);
            return Err(e);
        }
    };
    let mut w = XmlWriter::new();
    w.open_attrs(
        "CompleteMultipartUploadResult",
        &[("xmlns", COMPLETE_XMLNS)],
    )
    .elem(
        "Location",
        &format!("http://{}{}", ctx.head.authority, ctx.head.raw_path),
    )
    .elem("Bucket", &bucket)
    .elem("Key", key)
    .elem("ETag", &format!("\"{}\"", meta.etag))
    .close("CompleteMultipartUploadResult");
    let mut r =
        Response::xml(200, w.finish()).with_header("x-cos-hash-crc64ecma", meta.crc64.to_string());
    if versioned {
        r.push_header(
            "x-cos-version-id",
            crate::versions::label(meta.version_id.as_deref()),
        );
    }
    // The encryption chosen at Initiate, as COS reports it on Complete.
    for (name, value) in meta
        .headers
        .iter()
        .filter(|(n, _)| super::object::is_sse_header(n))
    {
        r.push_header(name, value.clone());
    }
    Ok(r)
}

/// Concatenates `parts` into a new object file and publishes it, in one
/// commit with the end of the upload.
fn assemble(
    ctx: &Ctx<'_>,
    bucket: &str,
    key: &str,
    upload: &Upload,
    parts: &[Part],
    forbid: bool,
) -> Result<Arc<ObjectMeta>, CosError> {
    let store = &ctx.state.store;
    let (mut out, temp) = store.new_body("complete")?;
    let mut size = 0u64;
    let mut crc64 = 0u64;
    for p in parts {
        let n = File::open(&p.file)
            .and_then(|mut f| io::copy(&mut f, &mut out))
            .map_err(CosError::internal)?;
        if n != p.size {
            return Err(CosError::internal("part file changed size"));
        }
        crc64 = crc64_combine(crc64, p.crc64, p.size);
        size += p.size;
    }
    let file = store.seal_body(out, temp)?;
    let md5s: Vec<[u8; 16]> = parts.iter().map(|p| p.md5).collect();
    let a = &upload.attrs;
    let meta = Arc::new(ObjectMeta {
        size,
        etag: multipart_etag(&md5s),
        crc64,
        last_modified: SystemTime::now(),
        content_type: a.content_type.clone(),
        headers: a.headers.clone(),
        user_meta: a.user_meta.clone(),
        storage_class: a.storage_class.clone(),
        acl: a.acl.clone(),
        tags: a.tags.clone(),
        file,
        version_id: None,
        appendable: false,
        restore: None,
    });
    store.publish(bucket, key, meta, forbid, Some(&upload.id))
}

/// List Parts.
pub(crate) fn list_parts(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let (bucket, upload) = addressed_upload(ctx)?;
    let max = page_size(ctx, "max-parts")?;
    let marker = match ctx.query_nonempty("part-number-marker") {
        None => 0,
        Some(v) => v.trim().parse::<u32>().map_err(|_| {
            CosError::invalid_argument("part-number-marker must be a non-negative integer.")
        })?,
    };
    let url = url_encoding(ctx)?;
    let all: Vec<Part> = upload
        .parts()
        .into_iter()
        .filter(|p| p.number > marker)
        .collect();
    let truncated = max > 0 && all.len() > max;
    let page = &all[..all.len().min(max)];
    let mut w = XmlWriter::new();
    w.open("ListPartsResult").elem("Bucket", &bucket);
    if url {
        w.elem("EncodingType", "url");
    }
    w.elem(
        "Key",
        &if url {
            list_encode(&upload.key)
        } else {
            upload.key.clone()
        },
    )
    .elem("UploadId", &upload.id);
    write_owner(&mut w, "Initiator");
    write_owner(&mut w, "Owner");
    w.elem("PartNumberMarker", &marker.to_string());
    for p in page {
        w.open("Part")
            .elem("PartNumber", &p.number.to_string())
            .elem("LastModified", &iso8601(p.last_modified, true))
            .elem("ETag", &format!("\"{}\"", p.etag()))
            .elem("Size", &p.size.to_string())
            .close("Part");
    }
    let next = page.last().map(|p| p.number).unwrap_or(marker);
    w.elem("NextPartNumberMarker", &next.to_string())
        .elem("StorageClass", &upload.attrs.storage_class)
        .elem("MaxParts", &max.to_string())
        .elem("IsTruncated", if truncated { "true" } else { "false" })
        .close("ListPartsResult");
    Ok(Response::xml(200, w.finish()))
}

/// Abort Multipart Upload → 204.
pub(crate) fn abort(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    ctx.state
        .store
        .uploads
        .abort(&bucket.name, object_key(ctx), upload_id(ctx))?;
    Ok(Response::new(204))
}

/// One entry of an uploads listing.
enum Entry {
    Upload(Arc<Upload>),
    Prefix(String),
}

/// Pages `uploads` (sorted by key, then initiation) S3-style.
fn page_uploads(
    uploads: &[Arc<Upload>],
    prefix: &str,
    delimiter: &str,
    key_marker: &str,
    upload_id_marker: &str,
    max: usize,
) -> (Vec<Entry>, bool) {
    let marker_seq = if key_marker.is_empty() || upload_id_marker.is_empty() {
        None
    } else {
        Some(
            uploads
                .iter()
                .find(|u| u.key == key_marker && u.id == upload_id_marker)
                .map(|u| u.seq),
        )
    };
    let after_marker = |u: &Upload| -> bool {
        if key_marker.is_empty() {
            return true;
        }
        match u.key.as_str().cmp(key_marker) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => match marker_seq {
                None => false,
                Some(Some(seq)) => u.seq > seq,
                Some(None) => u.id.as_str() > upload_id_marker,
            },
        }
    };
    let mut out = Vec::new();
    let mut truncated = false;
    if max == 0 {
        return (out, truncated);
    }
    let mut last_prefix: Option<String> = None;
    for u in uploads {
        if !u.key.starts_with(prefix) || !after_marker(u) {
            continue;
        }
        let rolled = if delimiter.is_empty() {
            None
        } else {
            u.key[prefix.len()..]
                .find(delimiter)
                .map(|i| u.key[..prefix.len() + i + delimiter.len()].to_string())
        };
        if let Some(cp) = &rolled {
            if last_prefix.as_deref() == Some(cp.as_str())
                || (!key_marker.is_empty() && cp.as_str() <= key_marker)
            {
                continue;
            }
        }
        if out.len() == max {
            truncated = true;
            break;
        }
        match rolled {
            Some(cp) => {
                last_prefix = Some(cp.clone());
                out.push(Entry::Prefix(cp));
            }
            None => out.push(Entry::Upload(u.clone())),
        }
    }
    (out, truncated)
}

/// List Multipart Uploads.
pub(crate) fn list_uploads(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let prefix = ctx.query_nonempty("prefix").unwrap_or("");
    let delimiter = ctx.query_nonempty("delimiter").unwrap_or("");
    let key_marker = ctx.query_nonempty("key-marker").unwrap_or("");
    let upload_id_marker = ctx.query_nonempty("upload-id-marker").unwrap_or("");
    let max = page_size(ctx, "max-uploads")?;
    let url = url_encoding(ctx)?;
    let enc = |s: &str| if url { list_encode(s) } else { s.to_string() };
    let uploads = ctx.state.store.uploads.list(&bucket.name);
    let (entries, truncated) = page_uploads(
        &uploads,
        prefix,
        delimiter,
        key_marker,
        upload_id_marker,
        max,
    );
    let mut w = XmlWriter::new();
    w.open("ListMultipartUploadsResult")
        .elem("Bucket", &bucket.name);
    if url {
        w.elem("EncodingType", "url");
    }
    w.elem("KeyMarker", &enc(key_marker))
        .elem("UploadIdMarker", upload_id_marker);
    if truncated {
        match entries.last() {
            Some(Entry::Upload(u)) => {
                w.elem("NextKeyMarker", &enc(&u.key))
                    .elem("NextUploadIdMarker", &u.id);
            }
            Some(Entry::Prefix(p)) => {
                w.elem("NextKeyMarker", &enc(p)).empty("NextUploadIdMarker");
            }
            None => {}
        }
    }
    w.elem("MaxUploads", &max.to_string())
        .elem("IsTruncated", if truncated { "true" } else { "false" })
        .elem("Prefix", &enc(prefix))
        .elem("Delimiter", &enc(delimiter));
    for e in &entries {
        if let Entry::Upload(u) = e {
            w.open("Upload")
                .elem("Key", &enc(&u.key))
                .elem("UploadId", &u.id)
                .elem("StorageClass", &u.attrs.storage_class);
            write_owner(&mut w, "Initiator");
            write_owner(&mut w, "Owner");
            w.elem("Initiated", &iso8601(u.initiated, true))
                .close("Upload");
        }
    }
    for e in &entries {
        if let Entry::Prefix(p) = e {
            w.open("CommonPrefixes")
                .elem("Prefix", &enc(p))
                .close("CommonPrefixes");
        }
    }
    w.close("ListMultipartUploadsResult");
    Ok(Response::xml(200, w.finish()))
}
