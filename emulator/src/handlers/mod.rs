//! Operation handlers, one module per area. To add an operation: write its
//! handler in the matching module and add it to [`handle`]; routing already
//! knows every operation of spec §1.4.

pub(crate) mod access;
mod acl;
mod append;
mod bucket;
mod bucket_config;
mod config;
mod copy;
pub(crate) mod cors;
pub(crate) mod delete;
pub(crate) mod multipart;
mod object;
mod object_tagging;
mod policy;
mod restore;
mod select;
mod service;
pub(crate) mod sse;
pub(crate) mod versions;
mod website;

use std::io::Read;

use md5::{Digest, Md5};

use crate::errors::CosError;
use crate::http::Response;
use crate::routing::{Operation, Target};
use crate::server::{Ctx, RequestBody};

/// Reads an XML request body of at most `limit` bytes, checking `Content-MD5`
/// (spec §3.6): absent while `md5_required` → `400 InvalidRequest`, not base64
/// of 16 bytes → `400 InvalidDigest`, different → `400 BadDigest`. Too large →
/// `400 XMLSizeLimit`; not UTF-8 → `400 MalformedXML`.
pub(crate) fn read_xml_body(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
    limit: u64,
    md5_required: bool,
) -> Result<String, CosError> {
    let expected = match ctx.header("content-md5") {
        None if md5_required => {
            return Err(CosError::invalid_request(
                "Missing required header for this request: Content-MD5.",
            ));
        }
        None => None,
        Some(v) => Some(object::parse_content_md5(v)?),
    };
    let mut buf = Vec::new();
    body.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(object::body_error)?;
    if buf.len() as u64 > limit {
        return Err(CosError::new(
            400,
            "XMLSizeLimit",
            format!("The XML you provided was larger than the maximum of {limit} bytes."),
        ));
    }
    if let Some(expected) = expected {
        let digest: [u8; 16] = Md5::digest(&buf).into();
        if digest != expected {
            return Err(CosError::bad_digest());
        }
    }
    String::from_utf8(buf).map_err(|_| CosError::malformed_xml())
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
        GetBucketAcl => acl::get_bucket_acl(ctx),
        PutBucketAcl => acl::put_bucket_acl(ctx, body),
        GetObjectAcl => acl::get_object_acl(ctx),
        PutObjectAcl => acl::put_object_acl(ctx, body),
        PutObjectTagging => object_tagging::put_object_tagging(ctx, body),
        AppendObject => append::append_object(ctx, body),
        PostObjectRestore => restore::post_object_restore(ctx, body),
        GetObjectTagging => object_tagging::get_object_tagging(ctx),
        DeleteObjectTagging => object_tagging::delete_object_tagging(ctx),
        PutBucketCors => cors::put_bucket_cors(ctx, body),
        GetBucketCors => cors::get_bucket_cors(ctx),
        DeleteBucketCors => cors::delete_bucket_cors(ctx),
        OptionsObject => cors::options_object(ctx),
        GetBucketLocation => config::get_bucket_location(ctx),
        PutBucketTagging => config::put_bucket_tagging(ctx, body),
        GetBucketTagging => config::get_bucket_tagging(ctx),
        DeleteBucketTagging => config::delete_bucket_tagging(ctx),
        DeleteMultipleObjects => delete::delete_multiple(ctx, body),
        InitiateMultipartUpload => multipart::initiate(ctx),
        UploadPart => multipart::upload_part(ctx, body),
        CompleteMultipartUpload => multipart::complete(ctx, body),
        ListParts => multipart::list_parts(ctx),
        AbortMultipartUpload => multipart::abort(ctx),
        ListMultipartUploads => multipart::list_uploads(ctx),
        ListObjectVersions => versions::list_object_versions(ctx),
        PutObject => object::put_object(ctx, body),
        PutObjectCopy => copy::put_object_copy(ctx),
        UploadPartCopy => copy::upload_part_copy(ctx),
        HeadObject | GetObject => object::get_object(ctx),
        DeleteObject => object::delete_object(ctx),
        SelectObjectContent => select::select_object_content(ctx, body),
        PutBucketPolicy => policy::put(ctx, body),
        GetBucketPolicy => policy::get(ctx),
        DeleteBucketPolicy => policy::delete(ctx),
        PutBucketConfig(sub) => bucket_config::put(ctx, sub, body),
        GetBucketConfig(sub) => bucket_config::get(ctx, sub),
        DeleteBucketConfig(sub) => bucket_config::delete(ctx, sub),
        ListBucketInventory => bucket_config::list_inventory(ctx),
        WebsiteGet => website::get(ctx),
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
