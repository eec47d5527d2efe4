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

/// Whether XML 1.0 can carry `c` at all (its `Char` production): tab, LF,
/// CR and everything from U+0020 but the surrogates, U+FFFE and U+FFFF. Not
/// even a character reference may stand for another one.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes `&`, `<`, `>`, `"` and `'`; writes CR as `&#xD;` (a raw CR would
/// reach the reader as LF: XML normalizes line ends); replaces a character
/// XML cannot carry with U+FFFD, so that a document is always well-formed
/// (keys cannot hold one, but e.g. an error's `Resource` names whatever path
/// was asked for).
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            c if !is_xml_char(c) => out.push('\u{FFFD}'),
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

    #[test]
    fn every_document_is_well_formed() {
        let text = "t\tl\nc\r\0\u{1}\u{b}\u{1f}\u{7f}\u{fffe}\u{ffff}\u{fffd}\u{10ffff}";
        let mut w = XmlWriter::new();
        w.elem("K", text);
        let s = String::from_utf8(w.finish()).unwrap();
        let doc = roxmltree::Document::parse(&s).unwrap();
        assert_eq!(
            doc.root_element().text(),
            Some(
                "t\tl\nc\r\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{7f}\u{fffd}\u{fffd}\u{fffd}\u{10ffff}"
            )
        );
        assert!(!is_xml_char('\0') && !is_xml_char('\u{c}') && !is_xml_char('\u{ffff}'));
        assert!(is_xml_char('\r') && is_xml_char('\u{85}') && is_xml_char('\u{e000}'));
    }
}
