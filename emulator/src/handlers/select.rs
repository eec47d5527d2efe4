//! SELECT Object Content (`POST /{key}?select&select-type=2`, doc 32360):
//! checks the request, then answers `200` with the event stream the
//! `select` module produces while it reads the object.

use super::{existing_bucket, object_key, read_xml_body};
use crate::errors::CosError;
use crate::http::{Body, Response};
use crate::routing::{HostKind, classify_host};
use crate::select::{SelectStream, parse_request};
use crate::server::{Ctx, RequestBody};
use crate::versions::VersionRef;

/// Largest `SelectRequest` document: the expression may take 256 KB.
const MAX_SELECT_BODY: u64 = 512 * 1024;

/// SELECT Object Content. In order: the bucket (`404 NoSuchBucket`),
/// `select-type=2` (`400 InvalidArgument`), a virtual-hosted host (COS
/// refuses path-style SELECT: `400 InvalidRequest`), the document and its SQL
/// (`400 MalformedXML` / `InvalidArgument`, `Content-MD5` checked when sent),
/// the object or the `versionId` named (`404 NoSuchKey` / `NoSuchVersion`),
/// its archive state (`403 InvalidObjectState` until restored) and its SSE-C
/// key; then `200` and the stream.
pub(crate) fn select_object_content(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    if ctx.query("select-type").map(str::trim) != Some("2") {
        return Err(CosError::invalid_argument(
            "SELECT Object Content needs the query parameter select-type=2.",
        ));
    }
    if !matches!(classify_host(&ctx.head.authority), HostKind::Bucket { .. }) {
        return Err(CosError::invalid_request(
            "SELECT Object Content supports only virtual-hosted-style requests \
             ({Bucket}.cos.{Region}.myqcloud.com, or {Bucket}.cos.{Region}.localhost here).",
        ));
    }
    let text = read_xml_body(ctx, body, MAX_SELECT_BODY, false)?;
    let request = parse_request(&text)?;
    let which = VersionRef::parse(ctx.query("versionId"));
    let (meta, file) = ctx
        .state
        .store
        .open_version(&bucket.name, object_key(ctx), &which)?;
    // An archived object is read only once restored, as by GET.
    crate::restore::check_readable(&meta, ctx.state.clock.now())?;
    super::sse::check_read(ctx, &meta.headers)?;
    let mut response = Response::new(200).with_header("Content-Type", "application/octet-stream");
    response.body = Body::Stream(Box::new(SelectStream::new(request, file, meta.size)));
    Ok(response)
}
