//! Bucket lifecycle (`PUT/GET/DELETE /?lifecycle`): rules are stored and
//! validated, never run (the emulator has no background jobs).

use super::tree::{Elem, one_of, positive};
use crate::errors::CosError;
use std::collections::HashSet;

/// Most rules in one configuration.
pub(crate) const MAX_RULES: usize = 1000;
/// Longest rule ID, in bytes.
const MAX_ID: usize = 255;
/// Elements that make a rule do something; a rule needs at least one.
const ACTIONS: [&str; 5] = [
    "Transition",
    "Expiration",
    "NoncurrentVersionTransition",
    "NoncurrentVersionExpiration",
    "AbortIncompleteMultipartUpload",
];
/// Storage classes a transition may move objects to.
const TRANSITION_CLASSES: [&str; 6] = [
    "STANDARD_IA",
    "MAZ_STANDARD_IA",
    "INTELLIGENT_TIERING",
    "MAZ_INTELLIGENT_TIERING",
    "ARCHIVE",
    "DEEP_ARCHIVE",
];

/// Checks a `LifecycleConfiguration` and puts each rule's elements in COS's
/// order (`ID`, `Filter`, `Status`, then the actions as sent).
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    let rules = doc.all("Rule").count();
    if rules == 0 || rules != doc.children.len() {
        return Err(CosError::malformed_xml());
    }
    if rules > MAX_RULES {
        return Err(CosError::invalid_argument(format!(
            "The number of lifecycle rules should not exceed allowed limit of {MAX_RULES} rules."
        )));
    }
    let mut ids = HashSet::new();
    for rule in &mut doc.children {
        check_rule(rule)?;
        if let Some(id) = rule.text_of("ID").filter(|id| !id.is_empty()) {
            if !ids.insert(id.to_string()) {
                return Err(CosError::invalid_argument(
                    "Rule ID must be unique. Found same ID for more than one rule.",
                ));
            }
        }
        rule.reorder(&["ID", "Filter", "Status"]);
    }
    Ok(())
}

fn check_rule(rule: &Elem) -> Result<(), CosError> {
    one_of("Status", rule.required("Status")?, &["Enabled", "Disabled"])?;
    if rule.text_of("ID").is_some_and(|id| id.len() > MAX_ID) {
        return Err(CosError::invalid_argument(
            "The ID of a lifecycle rule is longer than 255 bytes.",
        ));
    }
    if let Some(filter) = rule.child("Filter") {
        let tags = match filter.child("And") {
            Some(and) => and.all("Tag").collect::<Vec<_>>(),
            None => filter.all("Tag").collect(),
        };
        for tag in tags {
            tag.required("Key")?;
        }
    }
    if !rule
        .children
        .iter()
        .any(|c| ACTIONS.contains(&c.name.as_str()))
    {
        return Err(CosError::invalid_request(
            "At least one action needs to be specified in a rule.",
        ));
    }
    for action in &rule.children {
        match action.name.as_str() {
            "Transition" => {
                days_or_date(action, "Days", true)?;
                one_of(
                    "StorageClass",
                    action.required("StorageClass")?,
                    &TRANSITION_CLASSES,
                )?;
            }
            "Expiration" => {
                if action.child("ExpiredObjectDeleteMarker").is_some() {
                    one_of(
                        "ExpiredObjectDeleteMarker",
                        action.required("ExpiredObjectDeleteMarker")?,
                        &["true", "false"],
                    )?;
                } else {
                    days_or_date(action, "Days", false)?;
                }
            }
            "NoncurrentVersionTransition" => {
                positive("NoncurrentDays", action.required("NoncurrentDays")?)?;
                one_of(
                    "StorageClass",
                    action.required("StorageClass")?,
                    &TRANSITION_CLASSES,
                )?;
            }
            "NoncurrentVersionExpiration" => {
                positive("NoncurrentDays", action.required("NoncurrentDays")?)?;
            }
            "AbortIncompleteMultipartUpload" => {
                positive(
                    "DaysAfterInitiation",
                    action.required("DaysAfterInitiation")?,
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// `Days` (a whole number; 0 allowed for transitions) or `Date`, exactly one.
fn days_or_date(action: &Elem, days: &str, zero_ok: bool) -> Result<(), CosError> {
    match (action.text_of(days), action.text_of("Date")) {
        (Some(d), None) => {
            let n = d.parse::<u64>().map_err(|_| {
                CosError::invalid_argument(format!("{days} must be a whole number; got \"{d}\"."))
            })?;
            if n == 0 && !zero_ok {
                return Err(CosError::invalid_argument(format!(
                    "{days} must be a positive integer."
                )));
            }
            Ok(())
        }
        (None, Some(date)) if !date.is_empty() => Ok(()),
        _ => Err(CosError::malformed_xml()),
    }
}
