//! Operation handlers, one module per area. To add an operation: write its
//! handler in the matching module and add it to [`handle`]; routing already
//! knows every operation of spec §1.4.

mod bucket;
mod object;
mod service;

use crate::errors::CosError;
use crate::http::Response;
use crate::routing::{Operation, Target};
use crate::server::{Ctx, RequestBody};

/// Whether `op` may be called without a signature. ACLs (public-read buckets)
/// will widen this; for now only CORS preflights are anonymous.
pub(crate) fn anonymous_allowed(op: Operation) -> bool {
    op == Operation::OptionsObject
}

/// Runs the handler of `op`.
pub(crate) fn handle(
    op: Operation,
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    use Operation::*;
    match op {
        GetService => service::get_service(ctx),
        PutBucket => bucket::put_bucket(ctx, body),
        HeadBucket => bucket::head_bucket(ctx),
        GetBucket => bucket::get_bucket(ctx),
        DeleteBucket => bucket::delete_bucket(ctx),
        PutObject => object::put_object(ctx, body),
        HeadObject | GetObject => object::get_object(ctx),
        DeleteObject => object::delete_object(ctx),
        other => Err(CosError::not_implemented(&format!("{other:?}"))),
    }
}

/// The bucket and region of a bucket-level or object request.
pub(crate) fn bucket_target<'a>(ctx: &'a Ctx<'_>) -> (&'a str, Option<&'a str>) {
    match &ctx.resolved.target {
        Target::Bucket { bucket, region, .. } => (bucket.as_str(), region.as_deref()),
        Target::Service { .. } => ("", None),
    }
}

/// Checks that the addressed bucket exists in the addressed region (any region
/// when the host names none) and returns its region.
pub(crate) fn existing_bucket(ctx: &Ctx<'_>) -> Result<crate::store::Bucket, CosError> {
    let (name, region) = bucket_target(ctx);
    let bucket = ctx
        .state
        .store
        .bucket_info(name)
        .ok_or_else(CosError::no_such_bucket)?;
    if region.is_some_and(|r| r != bucket.region) {
        return Err(CosError::no_such_bucket());
    }
    Ok(bucket)
}

/// The key of an object request.
pub(crate) fn object_key<'a>(ctx: &'a Ctx<'_>) -> &'a str {
    match &ctx.resolved.target {
        Target::Bucket { key: Some(k), .. } => k.as_str(),
        _ => "",
    }
}
