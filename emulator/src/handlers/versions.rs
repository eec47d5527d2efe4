//! GET Bucket Object versions (`GET /?versions`, COS doc 35521) and what
//! every object operation shares about versions: the `versionId` it
//! addresses and the `x-cos-version-id` / `x-cos-delete-marker` headers.

use super::existing_bucket;
use super::multipart::{page_size, url_encoding};
use crate::encoding::list_encode;
use crate::errors::CosError;
use crate::http::Response;
use crate::server::Ctx;
use crate::store::Bucket;
use crate::timefmt::iso8601;
use crate::versions::{self, Deleted, Query, Version, VersionRef, Versioning, label};
use crate::xml::XmlWriter;

/// The version a request addresses (`versionId`; absent or empty: the latest).
pub(crate) fn version_ref(ctx: &Ctx<'_>) -> VersionRef {
    VersionRef::parse(ctx.query("versionId"))
}

/// Whether answers about `bucket`'s objects name versions.
pub(crate) fn reported(bucket: &Bucket) -> bool {
    Versioning::of(bucket).reported()
}

/// Adds `x-cos-version-id` (`null` for the null version) when the bucket
/// has versioning (enabled or suspended): COS names the version an answer is
/// about only on such buckets.
pub(crate) fn push_version_id(r: &mut Response, bucket: &Bucket, id: Option<&str>) {
    if reported(bucket) {
        r.push_header("x-cos-version-id", label(id));
    }
}

/// The headers of a DELETE's answer: the delete marker created or the
/// version removed (`x-cos-version-id`, `x-cos-delete-marker: true` for a
/// marker). Nothing for a plain delete.
pub(crate) fn push_deleted(r: &mut Response, outcome: &Deleted) {
    match outcome {
        Deleted::Plain => {}
        Deleted::Marker { version_id } => {
            r.push_header("x-cos-delete-marker", "true");
            r.push_header("x-cos-version-id", label(version_id.as_deref()));
        }
        Deleted::Version {
            version_id,
            was_marker,
        } => {
            if *was_marker {
                r.push_header("x-cos-delete-marker", "true");
            }
            r.push_header("x-cos-version-id", label(version_id.as_deref()));
        }
    }
}

/// GET Bucket Object versions. Element order as COS answers (doc 35521's
/// examples): `Name`, `EncodingType`, `Prefix`, `KeyMarker`,
/// `VersionIdMarker`, `MaxKeys`, `IsTruncated`, `NextKeyMarker`,
/// `NextVersionIdMarker`, `Delimiter`, `CommonPrefixes`, then `Version` and
/// `DeleteMarker` entries interleaved in listing order (by key, newest first).
/// On a bucket that never had versioning every object is listed with an
/// empty `VersionId`, as COS's example 1 shows; once versioning was set the
/// null version is `null`.
pub(crate) fn list_object_versions(ctx: &Ctx<'_>) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let prefix = ctx.query_nonempty("prefix").unwrap_or("");
    let delimiter = ctx.query_nonempty("delimiter").unwrap_or("");
    let key_marker = ctx.query_nonempty("key-marker").unwrap_or("");
    let version_id_marker = ctx.query_nonempty("version-id-marker").unwrap_or("");
    if key_marker.is_empty() && !version_id_marker.is_empty() {
        return Err(CosError::invalid_argument(
            "A version-id-marker cannot be specified without a key-marker.",
        ));
    }
    let max_keys = page_size(ctx, "max-keys")?;
    let url = url_encoding(ctx)?;
    let enc = |s: &str| if url { list_encode(s) } else { s.to_string() };
    let query = Query {
        prefix,
        delimiter,
        key_marker,
        version_id_marker,
        max_keys,
    };
    let listing = ctx
        .state
        .store
        .with_versions(&bucket.name, |current, history| {
            versions::list(current, history, &query)
        })?;
    let named = reported(&bucket);
    let id_text = |id: Option<&str>| {
        if named {
            label(id).to_string()
        } else {
            id.unwrap_or("").to_string()
        }
    };
    let appid = &ctx.state.appid;
    let mut w = XmlWriter::new();
    w.open("ListVersionsResult").elem("Name", &bucket.name);
    if url {
        w.elem("EncodingType", "url");
    }
    w.elem("Prefix", &enc(prefix))
        .elem("KeyMarker", &enc(key_marker))
        .elem("VersionIdMarker", version_id_marker)
        .elem("MaxKeys", &max_keys.to_string())
        .elem(
            "IsTruncated",
            if listing.truncated { "true" } else { "false" },
        );
    if let Some((key, version)) = &listing.next {
        w.elem("NextKeyMarker", &enc(key)).elem(
            "NextVersionIdMarker",
            &version
                .as_ref()
                .map(|id| id_text(id.as_deref()))
                .unwrap_or_default(),
        );
    }
    if !delimiter.is_empty() {
        w.elem("Delimiter", &enc(delimiter));
    }
    for cp in &listing.common_prefixes {
        w.open("CommonPrefixes")
            .elem("Prefix", &enc(cp))
            .close("CommonPrefixes");
    }
    for entry in &listing.entries {
        let latest = if entry.latest { "true" } else { "false" };
        match &entry.version {
            Version::Object(meta) => {
                w.open("Version")
                    .elem("Key", &enc(&entry.key))
                    .elem("VersionId", &id_text(meta.version_id.as_deref()))
                    .elem("IsLatest", latest)
                    .elem("LastModified", &iso8601(meta.last_modified, true))
                    .elem("ETag", &format!("\"{}\"", meta.etag))
                    .elem("Size", &meta.size.to_string())
                    .elem("StorageClass", &meta.storage_class);
                w.open("Owner")
                    .elem("ID", appid)
                    .elem("DisplayName", appid)
                    .close("Owner")
                    .close("Version");
            }
            Version::Marker(marker) => {
                w.open("DeleteMarker")
                    .elem("Key", &enc(&entry.key))
                    .elem("VersionId", &id_text(marker.version_id.as_deref()))
                    .elem("IsLatest", latest)
                    .elem("LastModified", &iso8601(marker.last_modified, true));
                w.open("Owner")
                    .elem("ID", appid)
                    .elem("DisplayName", appid)
                    .close("Owner")
                    .close("DeleteMarker");
            }
        }
    }
    w.close("ListVersionsResult");
    Ok(Response::xml(200, w.finish()))
}
