//! Delete Multiple Objects (spec §5.7), versions included.

use super::{existing_bucket, object::MAX_KEY_LEN, read_xml_body};
use crate::errors::CosError;
use crate::http::Response;
use crate::server::{Ctx, RequestBody};
use crate::versions::{Deleted, VersionRef, label};
use crate::xml::{XmlWriter, child_text, children};

/// Most keys per request.
const MAX_KEYS: usize = 1000;
/// Largest request body (1000 keys of 850 bytes, escaped, fit comfortably).
const MAX_DELETE_BODY: u64 = 8 * 1024 * 1024;

/// One `Object` of a `Delete` document: its key and `VersionId`, if any.
pub(crate) type DeleteEntry = (String, Option<String>);

/// Parses a `Delete` document: (quiet, objects in order).
pub(crate) fn parse_delete(text: &str) -> Result<(bool, Vec<DeleteEntry>), CosError> {
    let doc = crate::xml::parse_body(text, "Delete")?;
    let root = doc.root_element();
    let quiet = match child_text(root, "Quiet") {
        None => false,
        Some(q) => match q.trim().to_ascii_lowercase().as_str() {
            "" | "false" => false,
            "true" => true,
            _ => return Err(CosError::malformed_xml()),
        },
    };
    let keys = children(root, "Object")
        .map(|o| {
            let key = child_text(o, "Key").ok_or_else(CosError::malformed_xml)?;
            let version = child_text(o, "VersionId").filter(|v| !v.trim().is_empty());
            Ok((key, version))
        })
        .collect::<Result<Vec<_>, CosError>>()?;
    if keys.is_empty() || keys.len() > MAX_KEYS {
        return Err(CosError::malformed_xml());
    }
    Ok((quiet, keys))
}

/// POST /?delete: Content-MD5 required; results in request order. On a
/// versioned bucket each `<Deleted>` says what happened as COS does (doc
/// 8289): `VersionId` for a version removed, `DeleteMarker` and
/// `DeleteMarkerVersionId` for a delete marker created or removed.
pub(crate) fn delete_multiple(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let text = read_xml_body(ctx, body, MAX_DELETE_BODY, true)?;
    let (quiet, keys) = parse_delete(&text)?;
    let versioned = super::versions::reported(&bucket);
    let mut w = XmlWriter::new();
    w.open("DeleteResult");
    for (key, version) in &keys {
        // An empty or absent key is not an error: COS reports it deleted
        // (doc 8289, spec 5.7).
        let outcome = if key.is_empty() {
            Ok(Deleted::Plain)
        } else if key.len() > MAX_KEY_LEN {
            Err(CosError::key_too_long())
        } else {
            let which = VersionRef::parse(version.as_deref());
            ctx.state.store.delete_object(&bucket.name, key, &which)
        };
        match outcome {
            Ok(outcome) => {
                if !quiet {
                    w.open("Deleted").elem("Key", key);
                    if versioned || version.is_some() {
                        write_outcome(&mut w, &outcome, version.as_deref());
                    }
                    w.close("Deleted");
                }
            }
            Err(e) => {
                w.open("Error")
                    .elem("Key", key)
                    .elem("Code", e.code)
                    .elem("Message", &e.message)
                    .close("Error");
            }
        }
    }
    w.close("DeleteResult");
    Ok(Response::xml(200, w.finish()))
}

/// The version elements of a `<Deleted>` (S3's order: `VersionId`,
/// `DeleteMarker`, `DeleteMarkerVersionId`).
fn write_outcome(w: &mut XmlWriter, outcome: &Deleted, asked: Option<&str>) {
    match outcome {
        Deleted::Plain => {
            if let Some(v) = asked {
                w.elem("VersionId", v);
            }
        }
        Deleted::Marker { version_id } => {
            w.elem("DeleteMarker", "true")
                .elem("DeleteMarkerVersionId", label(version_id.as_deref()));
        }
        Deleted::Version {
            version_id,
            was_marker,
        } => {
            let id = label(version_id.as_deref());
            w.elem("VersionId", id);
            if *was_marker {
                w.elem("DeleteMarker", "true")
                    .elem("DeleteMarkerVersionId", id);
            }
        }
    }
}
