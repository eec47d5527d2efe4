//! Custom domains (`PUT/GET/DELETE /?domain`): stored and validated; a name
//! bound to another bucket is refused (`409 DomainConflict`, checked by the
//! handler, which sees every bucket).

use super::tree::{Elem, one_of};
use crate::errors::CosError;
use std::collections::HashSet;

/// Most domain rules.
pub(crate) const MAX_RULES: usize = 100;

/// Checks a `DomainConfiguration`: 1–100 `DomainRule`s with `Status`
/// (`ENABLED`/`DISABLED`), a host `Name` (unique), `Type` (`REST`/`WEBSITE`)
/// and optional `ForcedReplacement` (`CNAME`/`TXT`).
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    let count = doc.all("DomainRule").count();
    if count == 0 {
        return Err(CosError::malformed_xml());
    }
    if count > MAX_RULES {
        return Err(CosError::invalid_argument(format!(
            "The number of domain rules should not exceed {MAX_RULES}."
        )));
    }
    let mut seen = HashSet::new();
    for rule in doc.children.iter_mut().filter(|c| c.name == "DomainRule") {
        one_of("Status", rule.required("Status")?, &["ENABLED", "DISABLED"])?;
        one_of("Type", rule.required("Type")?, &["REST", "WEBSITE"])?;
        if let Some(f) = rule.text_of("ForcedReplacement") {
            one_of("ForcedReplacement", f, &["CNAME", "TXT"])?;
        }
        let name = rule.required("Name")?.to_ascii_lowercase();
        if !valid_host(&name) {
            return Err(CosError::invalid_argument(format!(
                "\"{name}\" is not a valid domain name."
            )));
        }
        if !seen.insert(name) {
            return Err(CosError::invalid_argument(
                "A domain name appears in more than one rule.",
            ));
        }
        rule.reorder(&["Status", "Name", "Type", "ForcedReplacement"]);
    }
    Ok(())
}

/// The domain names a configuration binds, lower case.
pub(crate) fn names(doc: &Elem) -> Vec<String> {
    doc.all("DomainRule")
        .filter_map(|r| r.text_of("Name"))
        .map(str::to_ascii_lowercase)
        .collect()
}

fn valid_host(name: &str) -> bool {
    name.len() <= 253
        && name.contains('.')
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'*')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}
