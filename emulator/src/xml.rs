//! A minimal XML writer for response bodies (spec §3.3).

/// The XML declaration COS puts in front of every body.
pub(crate) const DECLARATION: &str = "<?xml version='1.0' encoding='utf-8' ?>\n";

/// Builds an XML document element by element.
pub(crate) struct XmlWriter {
    buf: String,
}

impl XmlWriter {
    /// Starts a document with the COS declaration.
    pub fn new() -> Self {
        XmlWriter {
            buf: String::from(DECLARATION),
        }
    }

    /// Opens `<name>`.
    pub fn open(&mut self, name: &str) -> &mut Self {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push('>');
        self
    }

    /// Opens `<name a="v" …>` (attribute values escaped).
    pub fn open_attrs(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.buf.push('<');
        self.buf.push_str(name);
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            escape_into(&mut self.buf, v);
            self.buf.push('"');
        }
        self.buf.push('>');
        self
    }

    /// Closes `</name>`.
    pub fn close(&mut self, name: &str) -> &mut Self {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
        self
    }

    /// Writes `<name>text</name>` (escaped), or `<name/>` when `text` is empty.
    pub fn elem(&mut self, name: &str, text: &str) -> &mut Self {
        if text.is_empty() {
            return self.empty(name);
        }
        self.open(name);
        escape_into(&mut self.buf, text);
        self.close(name)
    }

    /// Writes `<name/>`.
    pub fn empty(&mut self, name: &str) -> &mut Self {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push_str("/>");
        self
    }

    /// Returns the document bytes.
    pub fn finish(self) -> Vec<u8> {
        self.buf.into_bytes()
    }
}

/// Parses a request body as XML; anything that is not well-formed UTF-8 XML
/// whose root element is `root` is `400 MalformedXML`.
pub(crate) fn parse_body<'a>(
    text: &'a str,
    root: &str,
) -> Result<roxmltree::Document<'a>, crate::errors::CosError> {
    let doc =
        roxmltree::Document::parse(text).map_err(|_| crate::errors::CosError::malformed_xml())?;
    if doc.root_element().tag_name().name() != root {
        return Err(crate::errors::CosError::malformed_xml());
    }
    Ok(doc)
}

/// Child elements of `node` named `name` (local name, namespaces ignored).
pub(crate) fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// Text of the first child element `name` (`Some("")` when present but empty).
pub(crate) fn child_text(node: roxmltree::Node<'_, '_>, name: &str) -> Option<String> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .map(|c| {
            c.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
}

/// Escapes `&`, `<`, `>`, `"`, `'` and control characters.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {
                out.push_str(&format!("&#x{:X};", c as u32));
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_escapes() {
        let mut w = XmlWriter::new();
        w.open("A")
            .elem("ETag", "\"abc\"")
            .elem("K", "a<b&c")
            .empty("E")
            .elem("Z", "")
            .close("A");
        let s = String::from_utf8(w.finish()).unwrap();
        assert_eq!(
            s,
            "<?xml version='1.0' encoding='utf-8' ?>\n<A><ETag>&quot;abc&quot;</ETag><K>a&lt;b&amp;c</K><E/><Z/></A>"
        );
    }
}
