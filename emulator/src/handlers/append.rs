//! Append Object (`POST /{key}?append&position=N`, COS doc 7741): the rules
//! are in `crate::append`, the streaming in `Store::append_object`.

use super::object::{
    SizeLimit, body_error, check_new_key, is_sse_header, object_attrs, parse_content_md5,
    sse_headers,
};
use super::{existing_bucket, object_key};
use crate::append::{self, MAX_APPENDABLE_SIZE};
use crate::errors::CosError;
use crate::http::{Framing, Response};
use crate::server::{Ctx, RequestBody};

/// Append Object: `200` with `ETag` (MD5 of the whole object),
/// `x-cos-next-append-position` (its length) and `x-cos-hash-crc64ecma`.
/// Position 0 on a missing key creates an appendable object with the
/// request's headers (content type, metadata, ACL, tags, storage class, SSE);
/// later appends keep them. Buckets with versioning (enabled or suspended)
/// refuse it: COS keeps no versions of appendable objects (`409
/// InvalidBucketState`, the emulator's choice of code).
pub(crate) fn append_object(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let key = object_key(ctx);
    check_new_key(key)?;
    let position = append::parse_position(ctx.query("position"))?;
    if super::versions::reported(&bucket) {
        return Err(CosError::new(
            409,
            "InvalidBucketState",
            "Append Object is not supported on a bucket with versioning enabled or suspended.",
        ));
    }
    let too_large = || {
        CosError::new(
            400,
            "EntityTooLarge",
            "An appendable object cannot be larger than 5 GB.",
        )
    };
    match body.framing() {
        Framing::None => return Err(CosError::missing_content_length()),
        Framing::Length(n) if position.saturating_add(n) > MAX_APPENDABLE_SIZE => {
            return Err(too_large());
        }
        _ => {}
    }
    let mut attrs = object_attrs(ctx)?;
    attrs.headers.extend(sse_headers(ctx, &bucket)?);
    attrs.expected_md5 = ctx
        .header("content-md5")
        .map(parse_content_md5)
        .transpose()?;
    let mut limited = SizeLimit {
        inner: body,
        left: MAX_APPENDABLE_SIZE.saturating_sub(position),
    };
    let meta = ctx.state.store.append_object(
        &bucket.name,
        key,
        &mut limited,
        attrs,
        |current| append::check(current, position),
        body_error,
    )?;
    let mut r = Response::new(200)
        .with_header("ETag", format!("\"{}\"", meta.etag))
        .with_header("x-cos-next-append-position", meta.size.to_string())
        .with_header("x-cos-hash-crc64ecma", meta.crc64.to_string());
    for (name, value) in meta.headers.iter().filter(|(n, _)| is_sse_header(n)) {
        r.push_header(name, value.clone());
    }
    Ok(r)
}
