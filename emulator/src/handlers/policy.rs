//! Bucket policy: `PUT/GET/DELETE /?policy` (the JSON document; its
//! evaluation is in `access.rs`).

use std::io::Read;

use super::existing_bucket;
use crate::config::policy::{Owner, Policy};
use crate::errors::CosError;
use crate::http::Response;
use crate::server::{Ctx, RequestBody};

/// Largest policy document.
const MAX_POLICY_BODY: u64 = 20 * 1024;

/// PUT Bucket policy: the JSON body validated (`400 MalformedPolicy`) and
/// stored, replacing the previous one → `200`. `Content-MD5` is checked
/// when sent.
pub(crate) fn put(ctx: &Ctx<'_>, body: &mut dyn RequestBody) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let expected = ctx
        .header("content-md5")
        .map(super::object::parse_content_md5)
        .transpose()?;
    let mut buf = Vec::new();
    body.take(MAX_POLICY_BODY + 1)
        .read_to_end(&mut buf)
        .map_err(super::object::body_error)?;
    if buf.len() as u64 > MAX_POLICY_BODY {
        return Err(CosError::new(
            400,
            "PolicyTooLarge",
            format!("The policy is larger than {MAX_POLICY_BODY} bytes."),
        ));
    }
    if let Some(expected) = expected {
        use md5::{Digest, Md5};
        let digest: [u8; 16] = Md5::digest(&buf).into();
        if digest != expected {
            return Err(CosError::bad_digest());
        }
    }
    let text = String::from_utf8(buf)
        .map_err(|_| CosError::new(400, "MalformedPolicy", "The policy is not UTF-8."))?;
    let owner = Owner {
        appid: &ctx.state.appid,
        bucket: &bucket.name,
        region: &bucket.region,
    };
    let policy = Policy::parse(&text, &owner)?;
    ctx.state.store.update_bucket(&bucket.name, |b| {
        std::sync::Arc::make_mut(&mut b.configs).policy = Some(policy);
        Ok(())
    })?;
    Ok(Response::new(200))
}

/// GET Bucket policy: the stored policy as COS answers it
/// (`application/json`), or `404 NoSuchPolicy`.
pub(crate) fn get(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let policy = bucket.configs.policy.as_ref().ok_or_else(|| {
        CosError::new(404, "NoSuchPolicy", "The specified policy does not exist.")
    })?;
    let mut r = Response::new(200).with_header("Content-Type", "application/json");
    r.body = crate::http::Body::Bytes(policy.to_json().into_bytes());
    Ok(r)
}

/// DELETE Bucket policy → `204` (also when none was set).
pub(crate) fn delete(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    ctx.state.store.update_bucket(&bucket.name, |b| {
        std::sync::Arc::make_mut(&mut b.configs).policy = None;
        Ok(())
    })?;
    Ok(Response::new(204))
}
