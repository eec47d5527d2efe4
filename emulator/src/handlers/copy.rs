//! PUT Object - Copy (spec §5.8) and Upload Part - Copy (spec §6.3).
//!
//! Both read the source through a handle opened under the index lock, so a
//! concurrent overwrite or delete of the source cannot change what is copied.
//! A whole-object copy is streamed file-to-file (`copy_file_range` on Linux)
//! and keeps the source's ETag and CRC-64; a part copy streams the range
//! through MD5 and CRC-64 into a part file.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use super::multipart::{MAX_PART_SIZE, addressed_upload, part_number};
use super::object::{MAX_PUT_SIZE, check_new_key, forbid_overwrite, object_attrs, placement_attrs};
use super::{existing_bucket, object_key};
use crate::encoding::{decode, parse_query};
use crate::errors::CosError;
use crate::http::Response;
use crate::preconditions::{self, Condition, Conditions};
use crate::routing::{HostKind, classify_host};
use crate::server::Ctx;
use crate::store::ObjectMeta;
use crate::timefmt::iso8601;
use crate::versions::{VersionRef, label};
use crate::xml::XmlWriter;

/// A parsed `x-cos-copy-source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CopySource {
    /// Full bucket name `{name}-{appid}`, lower case.
    pub bucket: String,
    /// Region named by the host form; `None` for the path form (any region).
    pub region: Option<String>,
    /// Decoded object key.
    pub key: String,
    /// `versionId` query value, if any.
    pub version_id: Option<String>,
}

/// `400 InvalidCopySource`.
fn invalid_copy_source() -> CosError {
    CosError::new(
        400,
        "InvalidCopySource",
        "The x-cos-copy-source header is malformed; expected \
         {Bucket-APPID}.cos.{Region}.myqcloud.com/{Key} or /{Bucket-APPID}/{Key}.",
    )
}

fn valid_bucket_chars(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses `x-cos-copy-source`: `{Bucket-APPID}.cos.{Region}.myqcloud.com/{UrlEncoded
/// key}[?versionId=…]` (any COS host form the router knows, also with a
/// `http://` / `https://` prefix; a service host `cos.{Region}.…` takes a
/// path-style `/{Bucket-APPID}/{key}`), or `/{Bucket-APPID}/{key}`. The key is
/// percent-decoded like a request path (`+` stays a plus sign).
pub(crate) fn parse_copy_source(value: &str) -> Result<CopySource, CosError> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let value = if lower.starts_with("http://") {
        &value[7..]
    } else if lower.starts_with("https://") {
        &value[8..]
    } else {
        value
    };
    let (main, raw_query) = value.split_once('?').unwrap_or((value, ""));
    let version_id = parse_query(raw_query)
        .into_iter()
        .find(|(n, _)| n == "versionId")
        .map(|(_, v)| v);
    let (bucket, region, raw_key) = if let Some(rest) = main.strip_prefix('/') {
        let (bucket, key) = rest.split_once('/').ok_or_else(invalid_copy_source)?;
        (bucket.to_ascii_lowercase(), None, key)
    } else {
        let (host, key) = main.split_once('/').ok_or_else(invalid_copy_source)?;
        match classify_host(host) {
            HostKind::Bucket { bucket, region } => (bucket, region, key),
            HostKind::Service { region } => {
                let (bucket, key) = key.split_once('/').ok_or_else(invalid_copy_source)?;
                (bucket.to_ascii_lowercase(), region, key)
            }
            HostKind::PathStyle | HostKind::Website { .. } => return Err(invalid_copy_source()),
        }
    };
    if !valid_bucket_chars(&bucket) {
        return Err(invalid_copy_source());
    }
    let key = decode(raw_key).ok_or_else(invalid_copy_source)?;
    if key.is_empty() {
        return Err(invalid_copy_source());
    }
    Ok(CopySource {
        bucket,
        region,
        key,
        version_id,
    })
}

/// Parses the request's `x-cos-copy-source` (absent → `InvalidCopySource`).
fn copy_source(ctx: &Ctx<'_>) -> Result<CopySource, CosError> {
    parse_copy_source(ctx.header("x-cos-copy-source").unwrap_or(""))
}

/// An open copy source: the version read, its handle, and the
/// `x-cos-copy-source-version-id` to answer (a versioned source bucket, or a
/// `versionId` named).
struct Source {
    meta: std::sync::Arc<ObjectMeta>,
    file: File,
    version_header: Option<String>,
}

/// Opens the source object (the version `?versionId=` names, else the
/// latest): `404 NoSuchBucket` when its bucket is missing (or not in the
/// named region), `404 NoSuchKey` when the key is (or its latest version is
/// a delete marker), `404 NoSuchVersion` for a version the key does not
/// have, `403 InvalidObjectState` for an archived one not restored. Then
/// applies the `x-cos-copy-source-If-*` conditions (spec §3.8): any failure,
/// 304 cases included, is `412 PreconditionFailed`.
fn open_source(ctx: &Ctx<'_>, src: &CopySource) -> Result<Source, CosError> {
    let store = &ctx.state.store;
    let bucket = store
        .bucket_info(&src.bucket)
        .ok_or_else(CosError::no_such_bucket)?;
    if src.region.as_deref().is_some_and(|r| r != bucket.region) {
        return Err(CosError::no_such_bucket());
    }
    let which = VersionRef::parse(src.version_id.as_deref());
    let (meta, file) = store.open_version(&src.bucket, &src.key, &which)?;
    crate::restore::check_readable(&meta, ctx.state.clock.now())?;
    super::sse::check_copy_source(ctx, &meta.headers)?;
    let version_header = (super::versions::reported(&bucket) || which != VersionRef::Latest)
        .then(|| label(meta.version_id.as_deref()).to_string());
    let conditions = Conditions {
        if_match: ctx.header("x-cos-copy-source-if-match"),
        if_none_match: ctx.header("x-cos-copy-source-if-none-match"),
        if_modified_since: ctx.header("x-cos-copy-source-if-modified-since"),
        if_unmodified_since: ctx.header("x-cos-copy-source-if-unmodified-since"),
    };
    match preconditions::evaluate(&conditions, &meta.etag, meta.last_modified) {
        Condition::Proceed => Ok(Source {
            meta,
            file,
            version_header,
        }),
        Condition::NotModified | Condition::Failed => Err(CosError::precondition_failed()),
    }
}

/// A `Copy` / `Replaced` directive header; absent → `Copy`; other values →
/// `400 InvalidArgument`. True for `Replaced`.
fn replaced(ctx: &Ctx<'_>, header: &str) -> Result<bool, CosError> {
    match ctx.header(header).map(str::trim) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("copy") => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("replaced") => Ok(true),
        Some(_) => Err(CosError::invalid_argument(format!(
            "Unknown {header}; one of: Copy, Replaced."
        ))),
    }
}

/// PUT Object - Copy.
pub(crate) fn put_object_copy(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let key = object_key(ctx);
    check_new_key(key)?;
    let src = copy_source(ctx)?;
    let replace_meta = replaced(ctx, "x-cos-metadata-directive")?;
    let replace_tags = replaced(ctx, "x-cos-tagging-directive")?;
    let mut attrs = if replace_meta {
        object_attrs(ctx)?
    } else {
        placement_attrs(ctx)?
    };
    let Source {
        meta,
        file,
        version_header,
    } = open_source(ctx, &src)?;
    if src.bucket == bucket.name && src.key == key && !replace_meta {
        return Err(CosError::invalid_request(
            "This copy request is illegal because it is trying to copy an object to itself \
             without changing the object's metadata (x-cos-metadata-directive: Replaced).",
        ));
    }
    if meta.size > MAX_PUT_SIZE {
        return Err(CosError::new(
            400,
            "EntityTooLarge",
            "The copy source is larger than 5 GB; use Upload Part - Copy.",
        ));
    }
    if !replace_meta {
        attrs.content_type = meta.content_type.clone();
        attrs.headers = meta.headers.clone();
        attrs.user_meta = meta.user_meta.clone();
    }
    if !replace_tags {
        attrs.tags = meta.tags.clone();
    }
    // Encryption is the destination's: as requested, else its bucket's default.
    let sse = super::object::sse_headers(ctx, &bucket)?;
    attrs
        .headers
        .retain(|(n, _)| !super::object::is_sse_header(n));
    attrs.headers.extend(sse.iter().cloned());
    let forbid = forbid_overwrite(ctx);
    if forbid && ctx.state.store.object_exists(&bucket.name, key)? {
        return Err(CosError::path_conflict());
    }
    attrs.forbid_overwrite = forbid;
    let written = ctx.state.store.copy_object(
        &bucket.name,
        key,
        &file,
        meta.size,
        &meta.etag,
        meta.crc64,
        attrs,
    )?;
    let new = &written.meta;
    let versioned = super::versions::reported(&bucket);
    let mut w = XmlWriter::new();
    w.open("CopyObjectResult")
        .elem("ETag", &format!("\"{}\"", new.etag))
        .elem("CRC64", &new.crc64.to_string())
        .elem("LastModified", &iso8601(new.last_modified, false));
    if versioned {
        w.elem("VersionId", label(new.version_id.as_deref()));
    }
    w.close("CopyObjectResult");
    let mut r =
        Response::xml(200, w.finish()).with_header("x-cos-hash-crc64ecma", new.crc64.to_string());
    for (name, value) in sse {
        r.push_header(&name, value);
    }
    if let Some(v) = version_header {
        r.push_header("x-cos-copy-source-version-id", v);
    }
    super::versions::push_version_id(&mut r, &bucket, new.version_id.as_deref());
    Ok(r)
}

/// Parses `x-cos-copy-source-range: bytes=first-last` (both bounds required,
/// inclusive) against a source of `size` bytes: `(offset, length)`. Absent →
/// the whole source. Malformed, or not inside the source → `400
/// InvalidArgument`.
pub(crate) fn copy_range(header: Option<&str>, size: u64) -> Result<(u64, u64), CosError> {
    let Some(value) = header else {
        return Ok((0, size));
    };
    let bad = || {
        CosError::invalid_argument(format!(
            "The x-cos-copy-source-range value must be of the form bytes=first-last and lie \
             within the source object ({size} bytes)."
        ))
    };
    let spec = value.trim().strip_prefix("bytes=").ok_or_else(bad)?;
    let (a, b) = spec.split_once('-').ok_or_else(bad)?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let (a, b) = (a.trim(), b.trim());
    if !digits(a) || !digits(b) {
        return Err(bad());
    }
    let first: u64 = a.parse().map_err(|_| bad())?;
    let last: u64 = b.parse().map_err(|_| bad())?;
    if first > last || last >= size {
        return Err(bad());
    }
    Ok((first, last - first + 1))
}

/// Reads exactly `left` bytes from `inner`; an early end is an error (the
/// source file must not come up short).
struct Exact<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Exact<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the copy source changed size",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Upload Part - Copy.
pub(crate) fn upload_part_copy(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let number = part_number(ctx)?;
    let (_, upload) = addressed_upload(ctx)?;
    let sse = super::sse::check_part(ctx, &upload.attrs.headers)?;
    let src = copy_source(ctx)?;
    let Source {
        meta,
        mut file,
        version_header,
    } = open_source(ctx, &src)?;
    let (offset, len) = copy_range(ctx.header("x-cos-copy-source-range"), meta.size)?;
    if len > MAX_PART_SIZE {
        return Err(CosError::new(
            400,
            "EntityTooLarge",
            "The copied range is larger than the largest part (5 GB).",
        ));
    }
    file.seek(SeekFrom::Start(offset))
        .map_err(CosError::internal)?;
    let mut reader = Exact {
        inner: file,
        left: len,
    };
    let part =
        ctx.state
            .store
            .uploads
            .put_part(&upload, number, &mut reader, None, CosError::internal)?;
    let mut w = XmlWriter::new();
    w.open("CopyPartResult")
        .elem("ETag", &format!("\"{}\"", part.etag()))
        .elem("LastModified", &iso8601(part.last_modified, false))
        .close("CopyPartResult");
    let mut r =
        Response::xml(200, w.finish()).with_header("x-cos-hash-crc64ecma", part.crc64.to_string());
    for (name, value) in sse {
        r.push_header(&name, value);
    }
    if let Some(v) = version_header {
        r.push_header("x-cos-copy-source-version-id", v);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(bucket: &str, region: Option<&str>, key: &str, v: Option<&str>) -> CopySource {
        CopySource {
            bucket: bucket.into(),
            region: region.map(Into::into),
            key: key.into(),
            version_id: v.map(Into::into),
        }
    }

    #[test]
    fn copy_source_forms() {
        let b = "examplebucket-1250000000";
        assert_eq!(
            parse_copy_source(
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/src%20dir/a.txt"
            )
            .unwrap(),
            src(b, Some("ap-guangzhou"), "src dir/a.txt", None)
        );
        for host in [
            "examplebucket-1250000000.cos.ap-beijing.tencentcos.cn",
            "examplebucket-1250000000.cosv6.ap-beijing.myqcloud.com",
            "examplebucket-1250000000.cos-cdc.ap-beijing.myqcloud.com",
            "examplebucket-1250000000.cos-internal.ap-beijing.myqcloud.com",
            "https://Examplebucket-1250000000.cos.ap-beijing.myqcloud.com",
        ] {
            assert_eq!(
                parse_copy_source(&format!("{host}/%E4%B8%AD/a+b%3F.txt?versionId=MTg0")).unwrap(),
                src(b, Some("ap-beijing"), "中/a+b?.txt", Some("MTg0")),
                "{host}"
            );
        }
        assert_eq!(
            parse_copy_source("/examplebucket-1250000000/dir/k").unwrap(),
            src(b, None, "dir/k", None)
        );
        assert_eq!(
            parse_copy_source("cos.ap-chengdu.myqcloud.com/examplebucket-1250000000/k").unwrap(),
            src(b, Some("ap-chengdu"), "k", None)
        );
        for bad in [
            "",
            "   ",
            "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/",
            "/examplebucket-1250000000",
            "/examplebucket-1250000000/",
            "//k",
            "/bad_bucket/k",
            "127.0.0.1:9000/examplebucket-1250000000/k",
            "example.com/k",
            "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/%FF",
        ] {
            assert_eq!(
                parse_copy_source(bad).unwrap_err().code,
                "InvalidCopySource",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn copy_ranges() {
        assert_eq!(copy_range(None, 10).unwrap(), (0, 10));
        assert_eq!(copy_range(None, 0).unwrap(), (0, 0));
        assert_eq!(copy_range(Some("bytes=0-9"), 10).unwrap(), (0, 10));
        assert_eq!(copy_range(Some(" bytes=3-3 "), 10).unwrap(), (3, 1));
        for bad in [
            "bytes=0-10",
            "bytes=5-4",
            "bytes=-5",
            "bytes=5-",
            "bytes=a-b",
            "0-4",
            "bytes=0-1,3-4",
            "bytes=99999999999999999999999-1",
        ] {
            assert_eq!(
                copy_range(Some(bad), 10).unwrap_err().code,
                "InvalidArgument",
                "{bad}"
            );
        }
        assert_eq!(
            copy_range(Some("bytes=0-0"), 0).unwrap_err().code,
            "InvalidArgument"
        );
    }
}
