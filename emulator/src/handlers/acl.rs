//! Bucket and object ACL (spec §4.6, §5.6, §3.12).

use super::versions::{push_version_id, version_ref};
use super::{existing_bucket, object_key, read_xml_body};
use crate::acl::{Acl, BUCKET_ACLS, OBJECT_ACLS};
use crate::errors::CosError;
use crate::http::Response;
use crate::server::{Ctx, RequestBody};

/// Largest `AccessControlPolicy` body.
const MAX_ACL_BODY: u64 = 64 * 1024;

/// The new ACL of a PUT ?acl: the body when there is one, else the headers.
fn acl_from_request(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
    allowed: &[&str],
) -> Result<Acl, CosError> {
    let from_headers = Acl::from_headers(&ctx.head.headers, allowed)?;
    let text = read_xml_body(ctx, body, MAX_ACL_BODY, false)?;
    if !text.trim().is_empty() {
        return Acl::from_policy(&text);
    }
    from_headers.ok_or_else(|| {
        CosError::invalid_request(
            "An ACL must be given by x-cos-acl / x-cos-grant-* headers or an AccessControlPolicy body.",
        )
    })
}

fn acl_response(acl: &Acl) -> Response {
    Response::xml(200, acl.to_policy()).with_header("x-cos-acl", acl.canned_value())
}

/// GET Bucket acl.
pub(crate) fn get_bucket_acl(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    Ok(acl_response(&bucket.acl))
}

/// PUT Bucket acl: replaces the ACL.
pub(crate) fn put_bucket_acl(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let acl = acl_from_request(ctx, body, &BUCKET_ACLS)?;
    ctx.state.store.update_bucket(&bucket.name, |b| {
        b.acl = acl;
        Ok(())
    })?;
    Ok(Response::new(200))
}

/// GET Object acl (of the version `versionId` names). An object without
/// its own ACL shows `x-cos-acl: default`.
pub(crate) fn get_object_acl(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let which = version_ref(ctx);
    let meta = ctx
        .state
        .store
        .head_version(&bucket.name, object_key(ctx), &which)?;
    let mut acl = meta.acl.clone();
    if acl.inherits() {
        acl.canned = Some("default".into());
    }
    let mut r = acl_response(&acl);
    push_version_id(&mut r, &bucket, meta.version_id.as_deref());
    Ok(r)
}

/// PUT Object acl.
pub(crate) fn put_object_acl(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let key = object_key(ctx);
    let which = version_ref(ctx);
    // 404 before looking at the body.
    ctx.state.store.head_version(&bucket.name, key, &which)?;
    let acl = acl_from_request(ctx, body, &OBJECT_ACLS)?;
    let ((), meta) = ctx
        .state
        .store
        .update_object(&bucket.name, key, &which, |m| {
            m.acl = acl;
            Ok(())
        })?;
    let mut r = Response::new(200);
    push_version_id(&mut r, &bucket, meta.version_id.as_deref());
    Ok(r)
}
