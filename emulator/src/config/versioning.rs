//! Bucket versioning state (`PUT/GET /?versioning`). The emulator keeps one
//! version per key whatever the state; the state is what replication checks.

use super::tree::{Elem, one_of};
use crate::errors::CosError;

/// Checks a `VersioningConfiguration`: `Status` `Enabled` or `Suspended`.
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    one_of("Status", doc.required("Status")?, &["Enabled", "Suspended"])?;
    doc.children.retain(|c| c.name == "Status");
    Ok(())
}

/// Whether the stored configuration says `Enabled`.
pub(crate) fn enabled(doc: Option<&Elem>) -> bool {
    doc.and_then(|d| d.text_of("Status")) == Some("Enabled")
}
