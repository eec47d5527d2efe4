//! Origin-pull rules (`PUT/GET/DELETE /?origin`): stored and validated, no
//! origin is ever contacted.

use super::tree::{Elem, one_of, positive};
use crate::errors::CosError;
use std::collections::HashSet;

/// Most origin rules.
pub(crate) const MAX_RULES: usize = 100;

/// Checks an `OriginConfiguration`: 1–100 `OriginRule`s, each with a unique
/// positive `RulePriority`, `OriginType` (`Mirror`/`Proxy`) and
/// `OriginInfo/HostInfo/HostName`. COS answers `RulePriority` first.
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    let count = doc.all("OriginRule").count();
    if count == 0 {
        return Err(CosError::malformed_xml());
    }
    if count > MAX_RULES {
        return Err(CosError::invalid_argument(format!(
            "The number of origin rules should not exceed {MAX_RULES}."
        )));
    }
    let mut priorities = HashSet::new();
    for rule in doc.children.iter_mut().filter(|c| c.name == "OriginRule") {
        let priority = positive("RulePriority", rule.required("RulePriority")?)?;
        if !priorities.insert(priority) {
            return Err(CosError::invalid_argument(
                "Two origin rules have the same RulePriority.",
            ));
        }
        one_of(
            "OriginType",
            rule.required("OriginType")?,
            &["Mirror", "Proxy"],
        )?;
        rule.required_child("OriginInfo")?
            .required_child("HostInfo")?
            .required("HostName")?;
        if let Some(p) = rule
            .child("OriginParameter")
            .and_then(|p| p.text_of("Protocol"))
        {
            one_of("Protocol", p, &["HTTP", "HTTPS", "FOLLOW"])?;
        }
        rule.reorder(&[
            "RulePriority",
            "OriginType",
            "OriginCondition",
            "OriginParameter",
            "OriginInfo",
        ]);
    }
    Ok(())
}
