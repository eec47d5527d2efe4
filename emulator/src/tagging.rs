//! Tag sets (spec §4.9, §3.13): the `Tagging` document, the `x-cos-tagging`
//! header, validation.

use crate::errors::CosError;
use crate::xml::{XmlWriter, child_text, children};

/// Most tags on a bucket.
pub(crate) const MAX_BUCKET_TAGS: usize = 50;
/// Most tags on an object.
pub(crate) const MAX_OBJECT_TAGS: usize = 10;
/// Longest tag key, in characters.
const MAX_KEY_CHARS: usize = 128;
/// Longest tag value, in characters.
const MAX_VALUE_CHARS: usize = 256;

/// A tag set, in the order given.
pub(crate) type Tags = Vec<(String, String)>;

fn invalid(msg: impl Into<String>) -> CosError {
    CosError::new(400, "InvalidTag", msg)
}

/// Checks count, key presence/uniqueness and lengths.
pub(crate) fn validate(tags: &Tags, max: usize) -> Result<(), CosError> {
    if tags.len() > max {
        return Err(invalid(format!(
            "The number of tags exceeds the limit of {max}."
        )));
    }
    for (i, (k, v)) in tags.iter().enumerate() {
        if k.is_empty() {
            return Err(invalid("The tag key must not be empty."));
        }
        if k.chars().count() > MAX_KEY_CHARS {
            return Err(invalid("The tag key is longer than 128 characters."));
        }
        if v.chars().count() > MAX_VALUE_CHARS {
            return Err(invalid("The tag value is longer than 256 characters."));
        }
        if tags[..i].iter().any(|(other, _)| other == k) {
            return Err(invalid(format!("Duplicate tag key: {k}")));
        }
    }
    Ok(())
}

/// Parses a `Tagging` document (not validated).
pub(crate) fn parse(text: &str) -> Result<Tags, CosError> {
    let doc = crate::xml::parse_body(text, "Tagging")?;
    let set = children(doc.root_element(), "TagSet")
        .next()
        .ok_or_else(CosError::malformed_xml)?;
    children(set, "Tag")
        .map(|tag| {
            let key = child_text(tag, "Key").ok_or_else(CosError::malformed_xml)?;
            let value = child_text(tag, "Value").unwrap_or_default();
            Ok((key, value))
        })
        .collect()
}

/// Parses `x-cos-tagging: k1=v1&k2=v2` (URL-encoded pairs; not validated).
pub(crate) fn parse_header(value: &str) -> Tags {
    crate::encoding::parse_query(value)
}

/// The `Tagging` document.
pub(crate) fn to_xml(tags: &Tags) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.open("Tagging").open("TagSet");
    for (k, v) in tags {
        w.open("Tag").elem("Key", k).elem("Value", v).close("Tag");
    }
    w.close("TagSet").close("Tagging");
    w.finish()
}
