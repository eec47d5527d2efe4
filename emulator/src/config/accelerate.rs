//! Global acceleration (`PUT/GET /?accelerate`): stored and validated.

use super::tree::{Elem, one_of};
use crate::errors::CosError;

/// Checks an `AccelerateConfiguration` (`Status` `Enabled` or `Suspended`,
/// optional `Type` `COS`) and adds `<Type>COS</Type>`, which COS answers.
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    one_of("Status", doc.required("Status")?, &["Enabled", "Suspended"])?;
    if let Some(t) = doc.text_of("Type") {
        one_of("Type", t, &["COS"])?;
    } else {
        doc.children.push(Elem::leaf("Type", "COS"));
    }
    doc.reorder(&["Status", "Type"]);
    Ok(())
}
