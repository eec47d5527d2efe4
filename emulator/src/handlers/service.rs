//! GET Service (spec §4.1): the account's buckets, filtered and paged.

use crate::errors::CosError;
use crate::http::Response;
use crate::routing::Target;
use crate::server::Ctx;
use crate::store::Bucket;
use crate::timefmt::{iso8601, unix_secs};
use crate::xml::XmlWriter;

use crate::acl::OWNER_UIN;

/// How `create-time` compares with a bucket's creation time (`range`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Range {
    Lt,
    Gt,
    Lte,
    Gte,
}

/// The filters of a GET Service request.
struct Filters<'a> {
    region: Option<String>,
    tag_key: Option<&'a str>,
    tag_value: Option<&'a str>,
    created: Option<(u64, Range)>,
}

impl Filters<'_> {
    fn keeps(&self, b: &Bucket) -> bool {
        if self.region.as_ref().is_some_and(|r| *r != b.region) {
            return false;
        }
        if let Some(key) = self.tag_key {
            let tags = b.tags.as_deref().unwrap_or(&[]);
            if !tags
                .iter()
                .any(|(k, v)| k == key && self.tag_value.is_none_or(|want| v == want))
            {
                return false;
            }
        }
        if let Some((t, range)) = self.created {
            let c = unix_secs(b.created);
            let ok = match range {
                Range::Lt => c < t,
                Range::Gt => c > t,
                Range::Lte => c <= t,
                Range::Gte => c >= t,
            };
            if !ok {
                return false;
            }
        }
        true
    }
}

fn filters<'a>(ctx: &'a Ctx<'_>) -> Result<Filters<'a>, CosError> {
    // The one-region host (`cos.{Region}.myqcloud.com`), else a `region`
    // parameter.
    let region = match &ctx.resolved.target {
        Target::Service { region: Some(r) } => Some(r.clone()),
        _ => ctx.query_nonempty("region").map(str::to_string),
    };
    let created = match ctx.query_nonempty("create-time") {
        None => None,
        Some(t) => {
            let t = t.trim().parse::<u64>().map_err(|_| {
                CosError::invalid_argument("create-time must be a Unix time in seconds.")
            })?;
            let range = match ctx.query_nonempty("range") {
                Some("lt") => Range::Lt,
                Some("gt") => Range::Gt,
                Some("lte") => Range::Lte,
                Some("gte") => Range::Gte,
                _ => {
                    return Err(CosError::invalid_argument(
                        "range must be one of lt, gt, lte, gte when create-time is given.",
                    ));
                }
            };
            Some((t, range))
        }
    };
    Ok(Filters {
        region,
        tag_key: ctx.query_nonempty("tagkey"),
        tag_value: ctx.query_nonempty("tagvalue"),
        created,
    })
}

/// `GET /` on the service host: the account's buckets, sorted by name;
/// `tagkey` (and `tagvalue`), `create-time` with `range`, the one-region host
/// (or `region`) filter them; `marker` and `max-keys` (at most 2000) page them (then
/// `Marker`, `NextMarker` when truncated, and `IsTruncated` are answered).
pub(crate) fn get_service(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let filters = filters(ctx)?;
    let marker = ctx.query("marker");
    let max_keys = match ctx.query_nonempty("max-keys") {
        None => None,
        Some(v) => Some(
            v.trim()
                .parse::<i64>()
                .map_err(|_| CosError::invalid_argument("max-keys must be an integer."))?
                .clamp(0, 2000) as usize,
        ),
    };
    let paging = marker.is_some() || max_keys.is_some();
    let mut matching = ctx
        .state
        .store
        .list_buckets()
        .into_iter()
        .filter(|b| filters.keeps(b))
        .filter(|b| marker.is_none_or(|m| m.is_empty() || b.name.as_str() > m));
    let buckets: Vec<Bucket> = matching
        .by_ref()
        .take(max_keys.unwrap_or(usize::MAX))
        .collect();
    let truncated = max_keys != Some(0) && matching.next().is_some();
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
    if paging {
        w.elem("Marker", marker.unwrap_or(""));
        if truncated {
            if let Some(last) = buckets.last() {
                w.elem("NextMarker", &last.name);
            }
        }
        w.elem("IsTruncated", if truncated { "true" } else { "false" });
    }
    w.close("ListAllMyBucketsResult");
    Ok(Response::xml(200, w.finish()))
}
