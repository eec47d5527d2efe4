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
