//! GET Service (spec §4.1).

use crate::errors::CosError;
use crate::http::Response;
use crate::routing::Target;
use crate::server::Ctx;
use crate::timefmt::iso8601;
use crate::xml::XmlWriter;

use crate::acl::OWNER_UIN;

/// `GET /` on the service host: the account's buckets, sorted by name.
pub(crate) fn get_service(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let region = match &ctx.resolved.target {
        Target::Service { region } => region.clone(),
        Target::Bucket { .. } => None,
    };
    let buckets: Vec<_> = ctx
        .state
        .store
        .list_buckets()
        .into_iter()
        .filter(|b| region.as_ref().is_none_or(|r| *r == b.region))
        .collect();
    let mut w = XmlWriter::new();
    w.open("ListAllMyBucketsResult");
    w.open("Owner")
        .elem("ID", &format!("qcs::cam::uin/{OWNER_UIN}:uin/{OWNER_UIN}"))
        .elem("DisplayName", OWNER_UIN)
        .close("Owner");
    if buckets.is_empty() {
        w.empty("Buckets");
    } else {
        w.open("Buckets");
        for b in &buckets {
            w.open("Bucket")
                .elem("Name", &b.name)
                .elem("Location", &b.region)
                .elem("CreationDate", &iso8601(b.created, false))
                .elem("BucketType", "cos")
                .close("Bucket");
        }
        w.close("Buckets");
    }
    w.close("ListAllMyBucketsResult");
    Ok(Response::xml(200, w.finish()))
}
