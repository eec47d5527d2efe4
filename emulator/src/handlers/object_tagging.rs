//! PUT / GET / DELETE Object tagging (`/{key}?tagging[&versionId=]`, COS
//! docs 42997, 42998, 42999). Tags belong to one version: every version keeps
//! the tags it was written with (`x-cos-tagging`) or given here.

use super::versions::{push_version_id, version_ref};
use super::{existing_bucket, object_key, read_xml_body};
use crate::errors::CosError;
use crate::http::Response;
use crate::server::{Ctx, RequestBody};
use crate::tagging;

/// Largest `Tagging` body (10 tags of 128 + 256 characters fit many times).
const MAX_TAGGING_BODY: u64 = 64 * 1024;

/// PUT Object tagging: replaces the version's tag set (at most 10 tags,
/// keys 1–128 and values 0–256 characters, keys unique; else `400
/// InvalidTag`). `Content-MD5` is checked when sent (the Node SDK sends it,
/// the Python SDK does not).
pub(crate) fn put_object_tagging(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let key = object_key(ctx);
    let which = version_ref(ctx);
    // 404 before looking at the body, as for the ACL.
    ctx.state.store.head_version(&bucket.name, key, &which)?;
    let text = read_xml_body(ctx, body, MAX_TAGGING_BODY, false)?;
    let tags = tagging::parse(&text)?;
    tagging::validate(&tags, tagging::MAX_OBJECT_TAGS)?;
    let ((), meta) = ctx
        .state
        .store
        .update_object(&bucket.name, key, &which, |m| {
            m.tags = tags;
            Ok(())
        })?;
    let mut r = Response::new(200);
    push_version_id(&mut r, &bucket, meta.version_id.as_deref());
    Ok(r)
}

/// GET Object tagging: the version's tags; an empty `TagSet` when it has
/// none (as S3 answers; the Node SDK reads a `404 NoSuchTagSet` the same way).
pub(crate) fn get_object_tagging(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let meta = ctx
        .state
        .store
        .head_version(&bucket.name, object_key(ctx), &version_ref(ctx))?;
    let mut r = Response::xml(200, tagging::to_xml(&meta.tags));
    push_version_id(&mut r, &bucket, meta.version_id.as_deref());
    Ok(r)
}

/// DELETE Object tagging → 204: the version keeps no tags.
pub(crate) fn delete_object_tagging(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let ((), meta) =
        ctx.state
            .store
            .update_object(&bucket.name, object_key(ctx), &version_ref(ctx), |m| {
                m.tags.clear();
                Ok(())
            })?;
    let mut r = Response::new(204);
    push_version_id(&mut r, &bucket, meta.version_id.as_deref());
    Ok(r)
}
