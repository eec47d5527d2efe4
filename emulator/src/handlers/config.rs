//! Bucket location (spec §4.8) and bucket tagging (spec §4.9).

use super::{existing_bucket, read_xml_body};
use crate::errors::CosError;
use crate::http::Response;
use crate::server::{Ctx, RequestBody};
use crate::tagging;
use crate::xml::XmlWriter;

/// Largest `Tagging` body.
const MAX_TAGGING_BODY: u64 = 64 * 1024;

/// GET Bucket location.
pub(crate) fn get_bucket_location(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let mut w = XmlWriter::new();
    w.elem("LocationConstraint", &bucket.region);
    Ok(Response::xml(200, w.finish()))
}

/// PUT Bucket tagging: Content-MD5 required; replaces the tag set.
pub(crate) fn put_bucket_tagging(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let text = read_xml_body(ctx, body, MAX_TAGGING_BODY, true)?;
    let tags = tagging::parse(&text)?;
    tagging::validate(&tags, tagging::MAX_BUCKET_TAGS)?;
    ctx.state.store.update_bucket(&bucket.name, |b| {
        b.tags = Some(tags).filter(|t| !t.is_empty());
        Ok(())
    })?;
    Ok(Response::new(200))
}

/// GET Bucket tagging.
pub(crate) fn get_bucket_tagging(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let tags = bucket
        .tags
        .ok_or_else(|| CosError::new(404, "NoSuchTagSet", "The TagSet does not exist."))?;
    Ok(Response::xml(200, tagging::to_xml(&tags)))
}

/// DELETE Bucket tagging → 204.
pub(crate) fn delete_bucket_tagging(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    ctx.state.store.update_bucket(&bucket.name, |b| {
        b.tags = None;
        Ok(())
    })?;
    Ok(Response::new(204))
}
