//! Bucket CORS (spec §4.7) and OPTIONS Object preflights (spec §5.5).
//!
//! `Access-Control-Allow-Methods` lists the rule's methods joined by `", "`.

use super::{existing_bucket, read_xml_body};
use crate::cors::CorsConfig;
use crate::errors::CosError;
use crate::http::{RequestHead, Response};
use crate::routing::{Resolved, Target};
use crate::server::{Ctx, RequestBody, State};

/// Largest CORS configuration body (64 KB).
const MAX_CORS_BODY: u64 = 64 * 1024;

/// PUT Bucket cors: Content-MD5 required; replaces the configuration.
pub(crate) fn put_bucket_cors(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let text = read_xml_body(ctx, body, MAX_CORS_BODY, true)?;
    let config = CorsConfig::parse(&text)?;
    ctx.state.store.update_bucket(&bucket.name, |b| {
        b.cors = Some(config);
        Ok(())
    })?;
    Ok(Response::new(200))
}

fn no_such_cors() -> CosError {
    CosError::new(
        404,
        "NoSuchCORSConfiguration",
        "The CORS configuration does not exist.",
    )
}

/// GET Bucket cors.
pub(crate) fn get_bucket_cors(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let config = bucket.cors.ok_or_else(no_such_cors)?;
    Ok(Response::xml(200, config.to_xml()))
}

/// DELETE Bucket cors → 204 (also when none was set).
pub(crate) fn delete_bucket_cors(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    ctx.state.store.update_bucket(&bucket.name, |b| {
        b.cors = None;
        Ok(())
    })?;
    Ok(Response::new(204))
}

fn access_forbidden() -> CosError {
    CosError::new(
        403,
        "AccessForbidden",
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
    )
}

/// OPTIONS Object: evaluates a preflight against the bucket's rules.
pub(crate) fn options_object(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let origin = ctx
        .header("origin")
        .ok_or_else(|| CosError::invalid_request("Missing required header: Origin."))?;
    let method = ctx.header("access-control-request-method").ok_or_else(|| {
        CosError::invalid_request("Missing required header: Access-Control-Request-Method.")
    })?;
    let requested: Vec<String> = ctx
        .header("access-control-request-headers")
        .unwrap_or("")
        .split(',')
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .collect();
    let config = bucket.cors.ok_or_else(access_forbidden)?;
    let rule = config
        .find(origin, method.trim(), &requested)
        .ok_or_else(access_forbidden)?;
    let mut r = Response::new(200)
        .with_header("Access-Control-Allow-Origin", rule.allow_origin(origin))
        .with_header(
            "Access-Control-Allow-Methods",
            rule.allowed_methods.join(", "),
        );
    if !requested.is_empty() {
        r.push_header("Access-Control-Allow-Headers", requested.join(", "));
    }
    if !rule.expose_headers.is_empty() {
        r.push_header(
            "Access-Control-Expose-Headers",
            rule.expose_headers.join(", "),
        );
    }
    if let Some(age) = rule.max_age_seconds {
        r.push_header("Access-Control-Max-Age", age.to_string());
    }
    if config.response_vary == Some(true) {
        r.push_header("Vary", "Origin");
    }
    Ok(r)
}

/// Adds `Access-Control-Allow-Origin` / `-Expose-Headers` (and `Vary: Origin`
/// when configured) to the response of an actual request whose `Origin` and
/// method match one of the bucket's rules.
pub(crate) fn add_actual_request_headers(
    state: &State,
    head: &RequestHead,
    resolved: &Resolved,
    response: &mut Response,
) {
    let Some(origin) = head.header_nonempty("origin") else {
        return;
    };
    let Target::Bucket { bucket, .. } = &resolved.target else {
        return;
    };
    let Some(config) = state.store.bucket_info(bucket).and_then(|b| b.cors) else {
        return;
    };
    let method = head.method.to_ascii_uppercase();
    let Some(rule) = config.find(origin, &method, &[]) else {
        return;
    };
    response.set_header("Access-Control-Allow-Origin", rule.allow_origin(origin));
    if !rule.expose_headers.is_empty() {
        response.set_header(
            "Access-Control-Expose-Headers",
            rule.expose_headers.join(", "),
        );
    }
    if config.response_vary == Some(true) {
        response.set_header("Vary", "Origin");
    }
}
