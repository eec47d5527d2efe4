//! Inventory configurations (`PUT/GET/DELETE /?inventory&id=…`, listed by
//! `GET /?inventory`): stored and validated, no report is produced.

use super::tree::{Elem, one_of};
use crate::errors::CosError;

/// Most inventory configurations per bucket.
pub(crate) const MAX_CONFIGS: usize = 1000;
/// Configurations per page of a listing.
pub(crate) const PAGE: usize = 100;
/// Fields a report may include.
const FIELDS: [&str; 8] = [
    "Size",
    "LastModifiedDate",
    "ETag",
    "StorageClass",
    "IsMultipartUploaded",
    "ReplicationStatus",
    "Tag",
    "Crc64",
];

/// Checks an inventory `id` (the query parameter): 1–64 letters, digits,
/// `-`, `_` and `.`.
pub(crate) fn check_id(id: &str) -> Result<(), CosError> {
    let ok = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(CosError::invalid_argument(format!(
            "The inventory id \"{id}\" is invalid: 1 to 64 letters, digits, '-', '_' or '.'."
        )))
    }
}

/// Checks an `InventoryConfiguration` for `id`: `Id` equal to it,
/// `IsEnabled`, a CSV `COSBucketDestination` with a `qcs::cos:` bucket,
/// `Schedule/Frequency` (`Daily`/`Weekly`), `IncludedObjectVersions`
/// (`All`/`Current`), known `OptionalFields`. `IsEnabled` is answered as
/// `True`/`False`, as COS does.
pub(crate) fn validate(doc: &mut Elem, id: &str) -> Result<(), CosError> {
    if doc.required("Id")? != id {
        return Err(CosError::invalid_argument(
            "The Id in the body does not match the id query parameter.",
        ));
    }
    let enabled = doc.required("IsEnabled")?.to_ascii_lowercase();
    one_of("IsEnabled", &enabled, &["true", "false"])?;
    let dest = doc
        .required_child("Destination")?
        .required_child("COSBucketDestination")?;
    one_of("Format", dest.required("Format")?, &["CSV"])?;
    if !dest.required("Bucket")?.starts_with("qcs::cos:") {
        return Err(CosError::invalid_argument(
            "The destination bucket must be qcs::cos:{Region}::{BucketName-APPID}.",
        ));
    }
    if let Some(account) = dest.text_of("AccountId") {
        if account.is_empty() || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CosError::invalid_argument("AccountId must be a uin."));
        }
    }
    one_of(
        "Frequency",
        doc.required_child("Schedule")?.required("Frequency")?,
        &["Daily", "Weekly"],
    )?;
    one_of(
        "IncludedObjectVersions",
        doc.required("IncludedObjectVersions")?,
        &["All", "Current"],
    )?;
    if let Some(fields) = doc.child("OptionalFields") {
        for f in fields.all("Field") {
            if !FIELDS.contains(&f.text.as_str()) && !f.text.starts_with("x-cos-meta-") {
                return Err(CosError::invalid_argument(format!(
                    "Unknown inventory optional field \"{}\".",
                    f.text
                )));
            }
        }
    }
    if let Some(e) = doc.child_mut("IsEnabled") {
        e.text = if enabled == "true" { "True" } else { "False" }.to_string();
    }
    doc.reorder(&[
        "Id",
        "IsEnabled",
        "Destination",
        "Schedule",
        "Filter",
        "IncludedObjectVersions",
        "OptionalFields",
    ]);
    Ok(())
}
