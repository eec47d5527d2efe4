//! Cross-bucket replication (`PUT/GET/DELETE /?replication`): stored and
//! validated, nothing is copied. COS requires versioning `Enabled` on the
//! bucket (checked by the handler, which sees the bucket).

use super::tree::{Elem, one_of};
use crate::errors::CosError;
use std::collections::HashSet;

/// Most rules in one configuration.
pub(crate) const MAX_RULES: usize = 1000;
/// Storage classes a destination may name (COS spells them either way).
const CLASSES: [&str; 7] = [
    "STANDARD",
    "STANDARD_IA",
    "INTELLIGENT_TIERING",
    "ARCHIVE",
    "DEEP_ARCHIVE",
    "MAZ_STANDARD",
    "MAZ_STANDARD_IA",
];

/// Checks a `ReplicationConfiguration`: a CAM `Role`, 1–1000 `Rule`s with
/// `Status`, unique `ID`s, and a `Destination/Bucket` of the form
/// `qcs::cos:{Region}::{BucketName-APPID}`. Rules answer `Status`, `ID`,
/// `Prefix`, `Destination` in that order, as COS does.
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    let role = doc.required("Role")?;
    if !role.starts_with("qcs::cam::") {
        return Err(CosError::invalid_argument(format!(
            "Role must be a CAM role or user (qcs::cam::…); got \"{role}\"."
        )));
    }
    let rules = doc.all("Rule").count();
    if rules == 0 {
        return Err(CosError::malformed_xml());
    }
    if rules > MAX_RULES {
        return Err(CosError::invalid_argument(format!(
            "The number of replication rules should not exceed {MAX_RULES}."
        )));
    }
    let mut ids = HashSet::new();
    for rule in doc.children.iter_mut().filter(|c| c.name == "Rule") {
        one_of("Status", rule.required("Status")?, &["Enabled", "Disabled"])?;
        if let Some(id) = rule.text_of("ID").filter(|id| !id.is_empty()) {
            if id.len() > 255 || !ids.insert(id.to_string()) {
                return Err(CosError::invalid_argument(
                    "Rule IDs must be unique and at most 255 bytes.",
                ));
            }
        }
        let dest = rule.required_child("Destination")?;
        let bucket = dest.required("Bucket")?;
        if !valid_destination(bucket) {
            return Err(CosError::invalid_argument(format!(
                "Destination bucket must be qcs::cos:{{Region}}::{{BucketName-APPID}}; got \"{bucket}\"."
            )));
        }
        if let Some(class) = dest.text_of("StorageClass") {
            if !CLASSES.contains(&class.to_ascii_uppercase().as_str()) {
                return Err(CosError::invalid_argument(format!(
                    "Unsupported destination StorageClass \"{class}\"."
                )));
            }
        }
        rule.reorder(&["Status", "ID", "Prefix", "Destination"]);
        if let Some(dest) = rule.child_mut("Destination") {
            dest.reorder(&["Bucket", "StorageClass"]);
        }
    }
    doc.reorder(&["Role", "Rule"]);
    Ok(())
}

/// `qcs::cos:{region}::{name}-{appid}`.
fn valid_destination(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("qcs::cos:") else {
        return false;
    };
    let Some((region, bucket)) = rest.split_once("::") else {
        return false;
    };
    !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && bucket.rsplit_once('-').is_some_and(|(name, appid)| {
            !name.is_empty() && !appid.is_empty() && appid.bytes().all(|b| b.is_ascii_digit())
        })
}
