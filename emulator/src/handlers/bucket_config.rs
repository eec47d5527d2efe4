//! The XML bucket configurations (`?lifecycle`, `?versioning`,
//! `?replication`, `?website`, `?referer`, `?domain`, `?origin`,
//! `?logging`, `?inventory`, `?accelerate`, `?encryption`): one PUT / GET /
//! DELETE for all, each kind's rules in `config::{kind}`. Checks that need
//! other buckets (logging's target, domain conflicts) or the bucket's other
//! configurations (replication needs versioning) are made here.

use super::{existing_bucket, read_xml_body};
use crate::config::tree::Elem;
use crate::config::{Sub, domain, inventory, logging, versioning};
use crate::errors::CosError;
use crate::http::Response;
use crate::server::{Ctx, RequestBody};
use crate::xml::XmlWriter;

/// Largest configuration body (the inventory and origin documents are the
/// biggest; COS's lifecycle limit of 1000 rules fits).
const MAX_CONFIG_BODY: u64 = 1024 * 1024;

fn invalid_bucket_state(message: &str) -> CosError {
    CosError::new(409, "InvalidBucketState", message)
}

/// The `id` query parameter of an inventory request, checked.
fn inventory_id<'a>(ctx: &'a Ctx<'_>) -> Result<&'a str, CosError> {
    let id = ctx.query("id").unwrap_or("");
    inventory::check_id(id)?;
    Ok(id)
}

/// PUT of a configuration: parsed, validated, stored (replacing the
/// previous one) → `200`; an empty PUT `?referer` removes that one. `Content-MD5` is checked when sent and required
/// for lifecycle, as COS requires it there.
pub(crate) fn put(
    ctx: &Ctx<'_>,
    sub: Sub,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let id = if sub == Sub::Inventory {
        inventory_id(ctx)?
    } else {
        ""
    };
    let text = read_xml_body(ctx, body, MAX_CONFIG_BODY, sub == Sub::Lifecycle)?;
    if sub == Sub::Referer && text.trim().is_empty() {
        // COS has no DELETE ?referer: an empty PUT removes the
        // configuration (the Python SDK's delete_bucket_referer sends one).
        ctx.state.store.update_bucket(&bucket.name, |b| {
            std::sync::Arc::make_mut(&mut b.configs)
                .docs
                .remove(&Sub::Referer);
            Ok(())
        })?;
        return Ok(Response::new(200));
    }
    let mut doc = Elem::parse(&text, sub.root())?;
    sub.validate(&mut doc, id)?;
    match sub {
        Sub::Logging => check_logging_target(ctx, &bucket.region, &doc)?,
        Sub::Domain => check_domains_free(ctx, &bucket.name, &doc)?,
        _ => {}
    }
    ctx.state.store.update_bucket(&bucket.name, |b| {
        let configs = std::sync::Arc::make_mut(&mut b.configs);
        match sub {
            Sub::Replication if !versioning::enabled(configs.get(Sub::Versioning)) => {
                return Err(invalid_bucket_state(
                    "Versioning must be enabled on the bucket to apply a replication configuration.",
                ));
            }
            Sub::Versioning
                if doc.text_of("Status") == Some("Suspended")
                    && configs.get(Sub::Replication).is_some() =>
            {
                return Err(invalid_bucket_state(
                    "Versioning cannot be suspended while the bucket has a replication configuration.",
                ));
            }
            Sub::Inventory => {
                if !configs.inventory.contains_key(id)
                    && configs.inventory.len() >= inventory::MAX_CONFIGS
                {
                    return Err(CosError::new(
                        400,
                        "TooManyConfigurations",
                        "You are attempting to create a new configuration but have already reached the 1,000-configuration limit.",
                    ));
                }
                configs.inventory.insert(id.to_string(), doc);
                return Ok(());
            }
            Sub::Logging if logging::target(&doc).is_none() => {
                configs.docs.remove(&Sub::Logging);
                return Ok(());
            }
            _ => {}
        }
        configs.docs.insert(sub, doc);
        Ok(())
    })?;
    Ok(Response::new(200))
}

/// Logging's target bucket must exist in the bucket's region.
fn check_logging_target(ctx: &Ctx<'_>, region: &str, doc: &Elem) -> Result<(), CosError> {
    let Some(target) = logging::target(doc) else {
        return Ok(());
    };
    match ctx.state.store.bucket_info(target) {
        Some(t) if t.region == region => Ok(()),
        _ => Err(CosError::new(
            400,
            "InvalidTargetBucketForLogging",
            "The target bucket for logging does not exist or is not in the same region.",
        )),
    }
}

/// No domain of `doc` may be bound to another bucket.
fn check_domains_free(ctx: &Ctx<'_>, bucket: &str, doc: &Elem) -> Result<(), CosError> {
    let wanted = domain::names(doc);
    for other in ctx.state.store.list_buckets() {
        if other.name == bucket {
            continue;
        }
        let Some(theirs) = other.configs.get(Sub::Domain) else {
            continue;
        };
        if domain::names(theirs).iter().any(|n| wanted.contains(n)) {
            return Err(CosError::new(
                409,
                "DomainConflict",
                "The domain is already bound to another bucket.",
            ));
        }
    }
    Ok(())
}

/// GET of a configuration: the stored document, in COS's element order.
/// Nothing stored: `404` with the kind's code, except versioning
/// (`<VersioningConfiguration/>`), logging (`<BucketLoggingStatus/>`) and
/// accelerate (an empty body), which COS answers `200`.
pub(crate) fn get(ctx: &Ctx<'_>, sub: Sub) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let doc = if sub == Sub::Inventory {
        bucket.configs.inventory.get(inventory_id(ctx)?)
    } else {
        bucket.configs.get(sub)
    };
    if let Some(doc) = doc {
        return Ok(Response::xml(200, doc.to_xml()));
    }
    match sub {
        Sub::Versioning | Sub::Logging => {
            let mut w = XmlWriter::new();
            w.empty(sub.root());
            Ok(Response::xml(200, w.finish()))
        }
        Sub::Accelerate => Ok(Response::xml(200, Vec::new())),
        _ => Err(sub.not_found()),
    }
}

/// DELETE of a configuration → `204`, also when none was set.
pub(crate) fn delete(ctx: &Ctx<'_>, sub: Sub) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let id = if sub == Sub::Inventory {
        inventory_id(ctx)?.to_string()
    } else {
        String::new()
    };
    ctx.state.store.update_bucket(&bucket.name, |b| {
        if sub == Sub::Inventory {
            std::sync::Arc::make_mut(&mut b.configs)
                .inventory
                .remove(&id);
        } else {
            std::sync::Arc::make_mut(&mut b.configs).docs.remove(&sub);
        }
        Ok(())
    })?;
    Ok(Response::new(204))
}

/// `GET /?inventory`: the configurations by id, 100 a page;
/// `continuation-token` is the id the previous page ended with.
pub(crate) fn list_inventory(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let token = ctx.query_nonempty("continuation-token");
    let mut after = bucket
        .configs
        .inventory
        .iter()
        .filter(|(id, _)| token.is_none_or(|t| id.as_str() > t));
    let page: Vec<(&String, &Elem)> = after.by_ref().take(inventory::PAGE).collect();
    let truncated = after.next().is_some();
    let mut w = XmlWriter::new();
    w.open("ListInventoryConfigurationResult");
    for (_, doc) in &page {
        doc.write(&mut w);
    }
    w.elem("IsTruncated", if truncated { "true" } else { "false" });
    if let Some(t) = token {
        w.elem("ContinuationToken", t);
    }
    if truncated {
        if let Some((id, _)) = page.last() {
            w.elem("NextContinuationToken", id);
        }
    }
    w.close("ListInventoryConfigurationResult");
    Ok(Response::xml(200, w.finish()))
}
