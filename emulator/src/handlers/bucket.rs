//! Bucket operations: PUT / HEAD / GET (list objects) / DELETE Bucket (spec §4.2–4.5).

use std::io::Read;

use super::{bucket_target, existing_bucket};
use crate::acl::{Acl, BUCKET_ACLS};
use crate::encoding::list_encode;
use crate::errors::CosError;
use crate::http::Response;
use crate::server::{Ctx, RequestBody};
use crate::store;
use crate::tagging;
use crate::timefmt::iso8601;
use crate::xml::XmlWriter;

use crate::DEFAULT_REGION;

/// Largest `CreateBucketConfiguration` body accepted.
const MAX_CONFIG_BODY: u64 = 64 * 1024;

/// Checks a full bucket name `{name}-{appid}` (spec §1.2).
pub(crate) fn valid_bucket_name(full: &str, appid: &str) -> bool {
    let Some((name, id)) = full.rsplit_once('-') else {
        return false;
    };
    id == appid
        && (1..=50).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// PUT Bucket.
pub(crate) fn put_bucket(ctx: &Ctx<'_>, body: &mut dyn RequestBody) -> Result<Response, CosError> {
    let (name, region) = bucket_target(ctx);
    if !valid_bucket_name(name, &ctx.state.appid) {
        return Err(CosError::invalid_bucket_name());
    }
    let region = region.unwrap_or(DEFAULT_REGION);
    let acl = Acl::from_headers(&ctx.head.headers, &BUCKET_ACLS)?.unwrap_or_default();
    let tags = match ctx.header("x-cos-tagging") {
        None => None,
        Some(v) => {
            let tags = tagging::parse_header(v);
            tagging::validate(&tags, tagging::MAX_BUCKET_TAGS)?;
            Some(tags).filter(|t| !t.is_empty())
        }
    };
    let mut config = Vec::new();
    body.take(MAX_CONFIG_BODY + 1)
        .read_to_end(&mut config)
        .map_err(|_| CosError::incomplete_body())?;
    if config.len() as u64 > MAX_CONFIG_BODY {
        return Err(CosError::malformed_xml());
    }
    if !config.iter().all(u8::is_ascii_whitespace) {
        let text = std::str::from_utf8(&config).map_err(|_| CosError::malformed_xml())?;
        let doc = roxmltree::Document::parse(text).map_err(|_| CosError::malformed_xml())?;
        if doc.root_element().tag_name().name() != "CreateBucketConfiguration" {
            return Err(CosError::malformed_xml());
        }
    }
    ctx.state
        .store
        .create_bucket(name, region, acl, tags, ctx.state.clock.now())?;
    Ok(Response::new(200))
}

/// HEAD Bucket: 200 with `x-cos-bucket-region`, 404 without a body otherwise.
pub(crate) fn head_bucket(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    Ok(Response::new(200).with_header("x-cos-bucket-region", bucket.region))
}

/// DELETE Bucket: 204, `409 BucketNotEmpty`, `404 NoSuchBucket`.
pub(crate) fn delete_bucket(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    ctx.state.store.delete_bucket(&bucket.name)?;
    // Pending multipart uploads do not block deletion (spec §4.5) but go with it.
    ctx.state.store.uploads.abort_bucket(&bucket.name);
    Ok(Response::new(204))
}

/// GET Bucket (list objects).
pub(crate) fn get_bucket(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let prefix = ctx.query_nonempty("prefix").unwrap_or("");
    let delimiter = ctx.query_nonempty("delimiter").unwrap_or("");
    let marker = ctx.query_nonempty("marker").unwrap_or("");
    let max_keys = match ctx.query_nonempty("max-keys") {
        None => 1000,
        Some(v) => v
            .trim()
            .parse::<i64>()
            .map_err(|_| CosError::invalid_argument("max-keys must be an integer."))?
            .clamp(0, 1000) as usize,
    };
    let url = match ctx.query_nonempty("encoding-type") {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("url") => true,
        Some(_) => {
            return Err(CosError::invalid_argument(
                "Invalid Encoding Method specified in Request",
            ));
        }
    };
    let enc = |s: &str| if url { list_encode(s) } else { s.to_string() };
    let listing = ctx.state.store.with_objects(&bucket.name, |objects| {
        store::list(objects, prefix, delimiter, marker, max_keys)
    })?;
    let appid = &ctx.state.appid;
    let mut w = XmlWriter::new();
    w.open("ListBucketResult").elem("Name", &bucket.name);
    if url {
        w.elem("EncodingType", "url");
    }
    w.elem("Prefix", &enc(prefix))
        .elem("Marker", &enc(marker))
        .elem("MaxKeys", &max_keys.to_string());
    if !delimiter.is_empty() {
        w.elem("Delimiter", &enc(delimiter));
    }
    w.elem(
        "IsTruncated",
        if listing.truncated { "true" } else { "false" },
    );
    if let Some(next) = &listing.next_marker {
        w.elem("NextMarker", &enc(next));
    }
    for cp in &listing.common_prefixes {
        w.open("CommonPrefixes")
            .elem("Prefix", &enc(cp))
            .close("CommonPrefixes");
    }
    for (key, meta) in &listing.contents {
        w.open("Contents")
            .elem("Key", &enc(key))
            .elem("LastModified", &iso8601(meta.last_modified, true))
            .elem("ETag", &format!("\"{}\"", meta.etag))
            .elem("Size", &meta.size.to_string())
            .open("Owner")
            .elem("ID", appid)
            .elem("DisplayName", appid)
            .close("Owner")
            .elem("StorageClass", &meta.storage_class)
            .close("Contents");
    }
    w.close("ListBucketResult");
    Ok(Response::xml(200, w.finish()).with_header("x-cos-bucket-region", bucket.region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names() {
        let ok = [
            "examplebucket-1250000000",
            "a-1250000000",
            "a-b-1-1250000000",
            &format!("{}-1250000000", "a".repeat(50)),
        ];
        for n in ok {
            assert!(valid_bucket_name(n, "1250000000"), "{n}");
        }
        let bad = [
            "examplebucket-1250000001",
            "examplebucket",
            "-a-1250000000",
            "a--1250000000",
            "Abc-1250000000",
            "a_b-1250000000",
            "-1250000000",
            &format!("{}-1250000000", "a".repeat(51)),
        ];
        for n in bad {
            assert!(!valid_bucket_name(n, "1250000000"), "{n}");
        }
    }
}
