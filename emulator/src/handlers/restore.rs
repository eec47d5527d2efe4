//! POST Object restore (`POST /{key}?restore[&versionId=]`, COS doc 12633);
//! the rules are in `crate::restore`.

use super::versions::version_ref;
use super::{existing_bucket, object_key, read_xml_body};
use crate::errors::CosError;
use crate::http::Response;
use crate::restore::{self, Started};
use crate::server::{Ctx, RequestBody};

/// Largest `RestoreRequest` body.
const MAX_RESTORE_BODY: u64 = 64 * 1024;

/// POST Object restore: `202 Accepted` for a new restore (readable after the
/// emulator's restore delay), `200` when a restored copy's expiry is
/// extended; errors in COS's order (error-code guide, PostObjRestore): `404
/// NoSuchKey`, then the body (`400 MalformedXML` / `InvalidArgument`), `405
/// RestoreNonArchiveObject`, `409 RestoreAlreadyInProgress`. `Content-MD5`
/// is checked when sent (the Python SDK sends none).
pub(crate) fn post_object_restore(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let key = object_key(ctx);
    let which = version_ref(ctx);
    ctx.state.store.head_version(&bucket.name, key, &which)?;
    let text = read_xml_body(ctx, body, MAX_RESTORE_BODY, false)?;
    let (days, tier) = restore::parse_request(&text)?;
    let now = ctx.state.clock.now();
    let delay = ctx.state.restore_delay;
    let (started, _) = ctx
        .state
        .store
        .update_object(&bucket.name, key, &which, |m| {
            restore::apply(m, days, tier, now, delay)
        })?;
    Ok(Response::new(match started {
        Started::New => 202,
        Started::Extended => 200,
    }))
}
