//! Object operations: PUT / HEAD / GET / DELETE Object (spec §5.1–5.4, §3.8–3.13).

use std::io::{self, Read};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::{existing_bucket, object_key};
use crate::acl::{Acl, OBJECT_ACLS};
use crate::auth::Principal;
use crate::errors::CosError;
use crate::http::{Body, Framing, Response};
use crate::preconditions::{self, Condition, Conditions, RangeResult};
use crate::server::{Ctx, RequestBody};
use crate::store::{Bucket, NewObject, ObjectMeta};
use crate::tagging;
use crate::timefmt::http_date;
use crate::versions::VersionRef;

/// Largest object a single PUT may store (5 GB, spec §8).
pub(crate) const MAX_PUT_SIZE: u64 = 5 * 1024 * 1024 * 1024;
/// Longest key in bytes (spec §1.3).
pub(crate) const MAX_KEY_LEN: usize = 850;
/// Largest total size of user metadata (names without prefix + values).
pub(crate) const MAX_USER_META: usize = 2048;

/// Storage classes accepted by `x-cos-storage-class` (spec §3.11).
const STORAGE_CLASSES: [&str; 9] = [
    "STANDARD",
    "STANDARD_IA",
    "ARCHIVE",
    "DEEP_ARCHIVE",
    "INTELLIGENT_TIERING",
    "MAZ_STANDARD",
    "MAZ_STANDARD_IA",
    "MAZ_INTELLIGENT_TIERING",
    "MAZ_ARCHIVE",
];

/// Standard headers stored at upload and returned on HEAD/GET (canonical spelling).
const STORED_HEADERS: [&str; 5] = [
    "Cache-Control",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Expires",
];

/// `response-*` query overrides and the header each replaces (spec §3.10).
const OVERRIDES: [(&str, &str); 6] = [
    ("response-content-type", "Content-Type"),
    ("response-content-language", "Content-Language"),
    ("response-expires", "Expires"),
    ("response-cache-control", "Cache-Control"),
    ("response-content-disposition", "Content-Disposition"),
    ("response-content-encoding", "Content-Encoding"),
];

/// Fails reads once more than `left` bytes came through.
pub(crate) struct SizeLimit<'a> {
    pub inner: &'a mut dyn RequestBody,
    pub left: u64,
}

impl Read for SizeLimit<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "object too large",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Maps a failed body read to the error COS answers.
pub(crate) fn body_error(e: io::Error) -> CosError {
    match e.kind() {
        io::ErrorKind::FileTooLarge => CosError::entity_too_large(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => CosError::request_timeout(),
        _ => CosError::incomplete_body(),
    }
}

/// Checks the key of an object about to be created (PUT Object, the
/// destination of PUT Object - Copy, Initiate Multipart Upload): at most 850
/// bytes (`400 KeyTooLong`), and only characters XML 1.0 can carry (`400
/// InvalidObjectName`): a key with NUL or another control character but tab,
/// LF and CR, U+FFFE or U+FFFF could not appear in a listing without making
/// it unparseable for every client.
pub(crate) fn check_new_key(key: &str) -> Result<(), CosError> {
    if key.len() > MAX_KEY_LEN {
        return Err(CosError::key_too_long());
    }
    crate::key_rules::check(key)?;
    if let Some(c) = key.chars().find(|&c| !crate::xml::is_xml_char(c)) {
        return Err(CosError::new(
            400,
            "InvalidObjectName",
            format!(
                "The object key contains U+{:04X}, a character XML 1.0 cannot carry.",
                c as u32
            ),
        ));
    }
    Ok(())
}

/// Parses `Content-MD5` (base64 of 16 bytes).
pub(crate) fn parse_content_md5(value: &str) -> Result<[u8; 16], CosError> {
    let bytes = BASE64
        .decode(value.trim())
        .map_err(|_| CosError::invalid_digest())?;
    bytes.try_into().map_err(|_| CosError::invalid_digest())
}

/// The `x-cos-meta-*` headers of a request, names lower-cased.
fn user_metadata(ctx: &Ctx<'_>) -> Result<Vec<(String, String)>, CosError> {
    let mut meta: Vec<(String, String)> = Vec::new();
    let mut total = 0usize;
    for (name, value) in &ctx.head.headers {
        let lower = name.to_ascii_lowercase();
        if let Some(suffix) = lower.strip_prefix("x-cos-meta-") {
            if suffix.is_empty() || value.is_empty() {
                continue;
            }
            total += suffix.len() + value.len();
            meta.push((lower.clone(), value.clone()));
        }
    }
    if total > MAX_USER_META {
        return Err(CosError::invalid_argument(
            "Your metadata headers exceed the maximum allowed metadata size (2 KB).",
        ));
    }
    Ok(meta)
}

/// The encryption headers an object written by this request gets and
/// reports (SSE-COS, SSE-KMS or SSE-C; see [`super::sse::write_headers`]).
pub(crate) fn sse_headers(
    ctx: &Ctx<'_>,
    bucket: &Bucket,
) -> Result<Vec<(String, String)>, CosError> {
    super::sse::write_headers(ctx, bucket)
}

/// Whether a stored header is one of the encryption headers.
pub(crate) fn is_sse_header(name: &str) -> bool {
    super::sse::is_sse_header(name)
}

/// Whether `x-cos-forbid-overwrite: true` was sent.
pub(crate) fn forbid_overwrite(ctx: &Ctx<'_>) -> bool {
    ctx.header("x-cos-forbid-overwrite")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// The attributes PUT Object and Initiate Multipart Upload store with an
/// object: content type, standard headers, user metadata, storage class, ACL
/// (`x-cos-acl` / `x-cos-grant-*`) and tags (`x-cos-tagging`).
pub(crate) fn object_attrs(ctx: &Ctx<'_>) -> Result<NewObject, CosError> {
    let mut attrs = placement_attrs(ctx)?;
    attrs.user_meta = user_metadata(ctx)?;
    attrs.headers = STORED_HEADERS
        .iter()
        .filter_map(|h| ctx.header(h).map(|v| (h.to_string(), v.to_string())))
        .collect();
    // None sent: inferred from the key's extension, as COS does.
    attrs.content_type = ctx
        .header("content-type")
        .unwrap_or_else(|| crate::mime::for_key(object_key(ctx)))
        .to_string();
    Ok(attrs)
}

/// The attributes a request sets whatever the metadata directive: storage
/// class, ACL and tags (`x-cos-tagging`). Content type, standard headers and
/// user metadata are left empty.
pub(crate) fn placement_attrs(ctx: &Ctx<'_>) -> Result<NewObject, CosError> {
    let storage_class = match ctx.header("x-cos-storage-class") {
        None => "STANDARD".to_string(),
        Some(v) => {
            let upper = v.trim().to_ascii_uppercase();
            if !STORAGE_CLASSES.contains(&upper.as_str()) {
                return Err(CosError::not_supported_storage_class());
            }
            upper
        }
    };
    let acl = Acl::from_headers(&ctx.head.headers, &OBJECT_ACLS)?.unwrap_or_default();
    let tags = match ctx.header("x-cos-tagging") {
        None => Vec::new(),
        Some(v) => {
            let tags = tagging::parse_header(v);
            tagging::validate(&tags, tagging::MAX_OBJECT_TAGS)?;
            tags
        }
    };
    Ok(NewObject {
        content_type: String::new(),
        headers: Vec::new(),
        user_meta: Vec::new(),
        storage_class,
        acl,
        tags,
        expected_md5: None,
        forbid_overwrite: false,
    })
}

/// PUT Object.
pub(crate) fn put_object(ctx: &Ctx<'_>, body: &mut dyn RequestBody) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let key = object_key(ctx);
    check_new_key(key)?;
    match body.framing() {
        Framing::None => return Err(CosError::missing_content_length()),
        Framing::Length(n) if n > MAX_PUT_SIZE => return Err(CosError::entity_too_large()),
        _ => {}
    }
    let expected_md5 = ctx
        .header("content-md5")
        .map(parse_content_md5)
        .transpose()?;
    let forbid_overwrite = forbid_overwrite(ctx);
    let mut attrs = object_attrs(ctx)?;
    let sse = sse_headers(ctx, &bucket)?;
    attrs.headers.extend(sse.iter().cloned());
    if forbid_overwrite && ctx.state.store.object_exists(&bucket.name, key)? {
        return Err(CosError::path_conflict());
    }
    attrs.expected_md5 = expected_md5;
    attrs.forbid_overwrite = forbid_overwrite;
    let mut limited = SizeLimit {
        inner: body,
        left: MAX_PUT_SIZE,
    };
    let written = ctx
        .state
        .store
        .put_object(&bucket.name, key, &mut limited, attrs, body_error)?;
    let mut r = Response::new(200)
        .with_header("ETag", format!("\"{}\"", written.meta.etag))
        .with_header("x-cos-hash-crc64ecma", written.meta.crc64.to_string());
    for (name, value) in sse {
        r.push_header(&name, value);
    }
    super::versions::push_version_id(&mut r, &bucket, written.meta.version_id.as_deref());
    Ok(r)
}

/// Headers describing an object on HEAD/GET.
fn object_headers(meta: &ObjectMeta) -> Vec<(String, String)> {
    let mut h: Vec<(String, String)> = vec![
        ("Content-Type".into(), meta.content_type.clone()),
        ("Accept-Ranges".into(), "bytes".into()),
        ("ETag".into(), format!("\"{}\"", meta.etag)),
        ("Last-Modified".into(), http_date(meta.last_modified)),
        ("x-cos-hash-crc64ecma".into(), meta.crc64.to_string()),
    ];
    h.extend(meta.headers.iter().cloned());
    h.extend(meta.user_meta.iter().cloned());
    if meta.storage_class != "STANDARD" {
        h.push(("x-cos-storage-class".into(), meta.storage_class.clone()));
    }
    if !meta.tags.is_empty() {
        h.push(("x-cos-tagging-count".into(), meta.tags.len().to_string()));
    }
    if meta.appendable {
        h.push(("x-cos-object-type".into(), "appendable".into()));
    }
    h
}

/// HEAD and GET Object (of the version `versionId` names): conditions,
/// range, overrides.
pub(crate) fn get_object(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let which = super::versions::version_ref(ctx);
    let versioned = super::versions::reported(&bucket);
    serve_version(ctx, &bucket.name, object_key(ctx), &which, versioned)
}

/// The answer to a GET (or HEAD) of `key`: conditions, range, overrides.
/// Also what the website endpoint serves.
pub(crate) fn serve_object(ctx: &Ctx<'_>, bucket: &str, key: &str) -> Result<Response, CosError> {
    let versioned = ctx
        .state
        .store
        .bucket_info(bucket)
        .is_some_and(|b| super::versions::reported(&b));
    serve_version(ctx, bucket, key, &VersionRef::Latest, versioned)
}

/// [`serve_object`] for the version `which` names; `versioned` adds its
/// `x-cos-version-id`.
fn serve_version(
    ctx: &Ctx<'_>,
    bucket: &str,
    key: &str,
    which: &VersionRef,
    versioned: bool,
) -> Result<Response, CosError> {
    let (meta, file) = ctx.state.store.open_version(bucket, key, which)?;
    // An archived object is read only once restored; HEAD always answers.
    let now = ctx.state.clock.now();
    if !ctx.head.method.eq_ignore_ascii_case("HEAD") {
        crate::restore::check_readable(&meta, now)?;
    }
    super::sse::check_read(ctx, &meta.headers)?;
    let conditions = Conditions {
        if_match: ctx.header("if-match"),
        if_none_match: ctx.header("if-none-match"),
        if_modified_since: ctx.header("if-modified-since"),
        if_unmodified_since: ctx.header("if-unmodified-since"),
    };
    match preconditions::evaluate(&conditions, &meta.etag, meta.last_modified) {
        Condition::Proceed => {}
        Condition::NotModified => {
            return Ok(Response::new(304)
                .with_header("ETag", format!("\"{}\"", meta.etag))
                .with_header("Last-Modified", http_date(meta.last_modified)));
        }
        Condition::Failed => return Err(CosError::precondition_failed()),
    }
    let mut response = Response::new(200);
    response.headers = object_headers(&meta);
    if versioned {
        response.push_header(
            "x-cos-version-id",
            crate::versions::label(meta.version_id.as_deref()),
        );
    }
    response.headers.extend(crate::restore::headers(&meta, now));
    let overrides: Vec<(&str, &str)> = OVERRIDES
        .iter()
        .filter_map(|(param, header)| ctx.query_nonempty(param).map(|v| (*header, v)))
        .collect();
    if !overrides.is_empty() {
        if !matches!(ctx.principal, Principal::Signed { .. }) {
            return Err(CosError::access_denied());
        }
        for (header, value) in overrides {
            response.set_header(header, value);
        }
    }
    match preconditions::evaluate_range(ctx.header("range"), meta.size) {
        RangeResult::Full => {
            response.body = Body::File {
                file,
                offset: 0,
                len: meta.size,
            };
        }
        RangeResult::Partial { first, last } => {
            response.status = 206;
            response.push_header(
                "Content-Range",
                format!("bytes {first}-{last}/{}", meta.size),
            );
            response.body = Body::File {
                file,
                offset: first,
                len: last - first + 1,
            };
        }
        RangeResult::Unsatisfiable => {
            return Err(CosError::invalid_range()
                .with_header("Content-Range", format!("bytes */{}", meta.size)));
        }
    }
    Ok(response)
}

/// DELETE Object (a version with `versionId`): 204 whether or not the key
/// existed; on a versioned bucket with the marker created or the version
/// removed in `x-cos-delete-marker` / `x-cos-version-id`.
pub(crate) fn delete_object(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let which = super::versions::version_ref(ctx);
    let outcome = ctx
        .state
        .store
        .delete_object(&bucket.name, object_key(ctx), &which)?;
    let mut r = Response::new(204);
    if super::versions::reported(&bucket) {
        super::versions::push_deleted(&mut r, &outcome);
    }
    Ok(r)
}
