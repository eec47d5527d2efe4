//! Delete Multiple Objects (spec §5.7).

use super::{existing_bucket, object::MAX_KEY_LEN, read_xml_body};
use crate::errors::CosError;
use crate::http::Response;
use crate::server::{Ctx, RequestBody};
use crate::xml::{XmlWriter, child_text, children};

/// Most keys per request.
const MAX_KEYS: usize = 1000;
/// Largest request body (1000 keys of 850 bytes, escaped, fit comfortably).
const MAX_DELETE_BODY: u64 = 8 * 1024 * 1024;

/// Parses a `Delete` document: (quiet, keys in order).
pub(crate) fn parse_delete(text: &str) -> Result<(bool, Vec<String>), CosError> {
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
        .map(|o| child_text(o, "Key").ok_or_else(CosError::malformed_xml))
        .collect::<Result<Vec<_>, _>>()?;
    if keys.is_empty() || keys.len() > MAX_KEYS {
        return Err(CosError::malformed_xml());
    }
    Ok((quiet, keys))
}

/// POST /?delete: Content-MD5 required; results in request order.
pub(crate) fn delete_multiple(
    ctx: &Ctx<'_>,
    body: &mut dyn RequestBody,
) -> Result<Response, CosError> {
    let bucket = existing_bucket(ctx)?;
    let text = read_xml_body(ctx, body, MAX_DELETE_BODY, true)?;
    let (quiet, keys) = parse_delete(&text)?;
    let mut w = XmlWriter::new();
    w.open("DeleteResult");
    for key in &keys {
        // An empty or absent key is not an error: COS reports it deleted
        // (doc 8289, spec 5.7).
        let outcome = if key.is_empty() {
            Ok(())
        } else if key.len() > MAX_KEY_LEN {
            Err(CosError::key_too_long())
        } else {
            ctx.state.store.delete_object(&bucket.name, key)
        };
        match outcome {
            Ok(()) => {
                if !quiet {
                    w.open("Deleted").elem("Key", key).close("Deleted");
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
