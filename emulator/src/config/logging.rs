//! Access logging (`PUT/GET /?logging`): stored and validated, no log is
//! written. An empty `BucketLoggingStatus` turns logging off.

use super::tree::Elem;
use crate::errors::CosError;

/// Checks a `BucketLoggingStatus`: empty, or `LoggingEnabled` with a
/// `TargetBucket` (its existence, in the same region, is checked by the
/// handler) and an optional `TargetPrefix`.
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    if let Some(enabled) = doc.child_mut("LoggingEnabled") {
        enabled.required("TargetBucket")?;
        enabled.reorder(&["TargetBucket", "TargetPrefix"]);
    }
    doc.children.retain(|c| c.name == "LoggingEnabled");
    Ok(())
}

/// The target bucket, when logging is on.
pub(crate) fn target(doc: &Elem) -> Option<&str> {
    doc.child("LoggingEnabled")?.text_of("TargetBucket")
}
