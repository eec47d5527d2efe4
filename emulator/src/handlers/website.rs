//! The static website endpoint (`{bucket}.cos-website.{region}.myqcloud.com`,
//! and the same under `.localhost`): anonymous GET/HEAD answered from the
//! bucket's website configuration — redirect-all, routing rules, index
//! documents for the root and "folders", the error document.

use super::access;
use super::{existing_bucket, object_key};
use crate::config::{Sub, website};
use crate::errors::CosError;
use crate::http::Response;
use crate::routing::Operation;
use crate::server::Ctx;
use crate::store::Bucket;

/// GET/HEAD on the website endpoint.
pub(crate) fn get(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let doc = bucket
        .configs
        .get(Sub::Website)
        .ok_or_else(|| Sub::Website.not_found())?;
    let host = ctx
        .head
        .header_nonempty("host")
        .unwrap_or(&ctx.head.authority);
    if let Some(r) = website::redirect_all(doc, host, &ctx.head.raw_path) {
        return Ok(redirect(r));
    }
    let key = object_key(ctx);
    if let Some(r) = website::route(doc, host, key, None) {
        return Ok(redirect(r));
    }
    let error = match serve(ctx, &bucket, &website::index_key(doc, key)) {
        Ok(r) => return Ok(r),
        Err(e) => e,
    };
    // `folder` without its slash: a folder with an index document is
    // answered with a redirect to `folder/`.
    if error.status == 404 && !key.is_empty() && !key.ends_with('/') {
        if let Some(suffix) = website::suffix(doc) {
            let index = format!("{key}/{suffix}");
            if readable(ctx, &bucket, &index).is_ok() {
                let location = format!("/{}/", crate::encoding::list_encode(key));
                return Ok(Response::new(302).with_header("Location", location));
            }
        }
    }
    if let Some(r) = website::route(doc, host, key, Some(error.status)) {
        return Ok(redirect(r));
    }
    if let Some((error_key, original_status)) = website::error_document(doc) {
        if let Ok(mut page) = serve(ctx, &bucket, error_key) {
            if original_status {
                page.status = error.status;
            }
            return Ok(page);
        }
    }
    Err(error)
}

fn redirect(r: website::Redirect) -> Response {
    Response::new(r.status).with_header("Location", r.location)
}

/// Whether an anonymous caller may read `key`: `404 NoSuchKey` when it is
/// missing, `403 AccessDenied` when neither the policy nor the ACLs let
/// everyone read it.
fn readable(ctx: &Ctx<'_>, bucket: &Bucket, key: &str) -> Result<(), CosError> {
    if !ctx.state.store.object_exists(&bucket.name, key)? {
        return Err(CosError::no_such_key());
    }
    if access::allowed(ctx, bucket, None, Operation::GetObject, key) {
        Ok(())
    } else {
        Err(CosError::access_denied())
    }
}

/// The object `key`, as an anonymous GET/HEAD Object would get it.
fn serve(ctx: &Ctx<'_>, bucket: &Bucket, key: &str) -> Result<Response, CosError> {
    readable(ctx, bucket, key)?;
    super::object::serve_object(ctx, &bucket.name, key)
}
