//! Reading COS XML with roxmltree, and escaping for the bodies we build.

use roxmltree::{Document, Node};

use crate::error::{CosError, ServiceErrorBody};

/// Parses a response body. COS may pad bodies with leading whitespace.
pub(crate) fn parse(text: &str) -> Result<Document<'_>, CosError> {
    Document::parse(text.trim_start()).map_err(|e| {
        CosError::invalid_response(format!("the response is not well-formed XML: {e}"))
    })
}

/// Parses `text`, checks that its root element is `root`, and reads it.
pub(crate) fn parse_root<T>(
    text: &str,
    root: &str,
    read: impl FnOnce(Node<'_, '_>) -> Result<T, CosError>,
) -> Result<T, CosError> {
    let doc = parse(text)?;
    read(self::root(&doc, root)?)
}

/// An answer that parsed but lacks what the operation needs.
pub(crate) fn bad_response(message: &str) -> CosError {
    CosError::invalid_response(message)
}

/// Checks the root element's name.
pub(crate) fn root<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Result<Node<'a, 'i>, CosError> {
    let root = doc.root_element();
    if root.has_tag_name(name) {
        Ok(root)
    } else {
        Err(CosError::invalid_response(format!(
            "expected <{name}> in the response, got <{}>",
            root.tag_name().name()
        )))
    }
}

/// First child element with this name.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.has_tag_name(name))
}

/// All child elements with this name.
pub(crate) fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.has_tag_name(name))
}

/// Text of a child element; empty when absent or empty (Node's `""`).
pub(crate) fn text(node: Node<'_, '_>, name: &str) -> String {
    child(node, name).map(node_text).unwrap_or_default()
}

/// Text of a child element, `None` when the element is absent.
pub(crate) fn opt_text(node: Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name).map(node_text)
}

/// All text directly inside an element (CDATA included).
pub(crate) fn node_text(node: Node<'_, '_>) -> String {
    let mut texts = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text());
    match (texts.next(), texts.next()) {
        // The usual case, one piece: copied once, with no re-growth.
        (Some(only), None) => only.to_string(),
        (first, second) => first.into_iter().chain(second).chain(texts).collect(),
    }
}

/// The fields of an `<Error>` body, if `text` is one.
pub(crate) fn error_body(text: &str) -> Option<ServiceErrorBody> {
    let doc = Document::parse(text.trim_start()).ok()?;
    let root = doc.root_element();
    if !root.has_tag_name("Error") {
        return None;
    }
    Some(ServiceErrorBody {
        code: opt_text(root, "Code").filter(|s| !s.is_empty()),
        message: opt_text(root, "Message"),
        resource: opt_text(root, "Resource"),
        request_id: opt_text(root, "RequestId").filter(|s| !s.is_empty()),
        trace_id: opt_text(root, "TraceId").filter(|s| !s.is_empty()),
    })
}

/// Appends `<name>text</name>` unless `text` is empty (Node's builder
/// skips undefined fields).
pub(crate) fn push_element(out: &mut String, name: &str, text: &str) {
    if !text.is_empty() {
        out.push('<');
        out.push_str(name);
        out.push('>');
        out.push_str(&escape(text));
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}

/// Escapes text for an XML body, like Node's builder (`&<>"'`).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_error_bodies() {
        let body = "\n  <?xml version='1.0' encoding='utf-8' ?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Resource>b/k</Resource><RequestId>R1</RequestId><TraceId>T1</TraceId></Error>";
        let e = error_body(body).unwrap();
        assert_eq!(e.code.as_deref(), Some("NoSuchKey"));
        assert_eq!(e.trace_id.as_deref(), Some("T1"));
        assert!(error_body("<ListBucketResult/>").is_none());
        assert!(error_body("not xml").is_none());
    }

    #[test]
    fn escapes_like_node() {
        assert_eq!(escape(r#"a&b<c>"d'"#), "a&amp;b&lt;c&gt;&quot;d&apos;");
    }
}
