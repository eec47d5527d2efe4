//! A configuration document as a plain element tree.
//!
//! Most bucket configurations are only stored, validated and given back, so
//! they are kept as the tree the client sent (whitespace between elements
//! dropped, leaf text trimmed), checked by their kind's validator and put in
//! COS's element order before they are stored. Writing the tree back is the
//! GET answer; its text is also what the journal keeps.

use crate::errors::CosError;
use crate::xml::XmlWriter;

/// One element: its local name, its text (leaves) and its child elements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Elem {
    pub name: String,
    /// Trimmed text of a leaf; empty for elements with children.
    pub text: String,
    pub children: Vec<Elem>,
}

impl Elem {
    /// A leaf `<name>text</name>`.
    pub fn leaf(name: &str, text: &str) -> Elem {
        Elem {
            name: name.to_string(),
            text: text.to_string(),
            children: Vec::new(),
        }
    }

    /// Parses `text`, whose root element must be `root`: anything else is
    /// `400 MalformedXML`.
    pub fn parse(text: &str, root: &str) -> Result<Elem, CosError> {
        let doc = crate::xml::parse_body(text, root)?;
        Ok(Self::from_node(doc.root_element()))
    }

    fn from_node(node: roxmltree::Node<'_, '_>) -> Elem {
        let children: Vec<Elem> = node
            .children()
            .filter(|c| c.is_element())
            .map(Self::from_node)
            .collect();
        let text = if children.is_empty() {
            node.children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect::<String>()
                .trim()
                .to_string()
        } else {
            String::new()
        };
        Elem {
            name: node.tag_name().name().to_string(),
            text,
            children,
        }
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Elem> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The first child named `name`, mutably.
    pub fn child_mut(&mut self, name: &str) -> Option<&mut Elem> {
        self.children.iter_mut().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Elem> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Text of the first child named `name`.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }

    /// Text of child `name`, which must be present and non-empty:
    /// otherwise `400 MalformedXML` (COS's answer for a missing required
    /// element).
    pub fn required(&self, name: &str) -> Result<&str, CosError> {
        match self.text_of(name) {
            Some(t) if !t.is_empty() => Ok(t),
            _ => Err(CosError::malformed_xml()),
        }
    }

    /// Child `name`, which must be present: otherwise `400 MalformedXML`.
    pub fn required_child(&self, name: &str) -> Result<&Elem, CosError> {
        self.child(name).ok_or_else(CosError::malformed_xml)
    }

    /// Puts the children named in `order` first, in that order (stable
    /// otherwise): COS answers its elements in a fixed order whatever order
    /// they were sent in.
    pub fn reorder(&mut self, order: &[&str]) {
        let rank = |e: &Elem| {
            order
                .iter()
                .position(|n| *n == e.name)
                .unwrap_or(order.len())
        };
        self.children.sort_by_key(rank);
    }

    /// Writes the element and its children.
    pub fn write(&self, w: &mut XmlWriter) {
        if self.children.is_empty() {
            w.elem(&self.name, &self.text);
            return;
        }
        w.open(&self.name);
        for c in &self.children {
            c.write(w);
        }
        w.close(&self.name);
    }

    /// The document with the COS declaration.
    pub fn to_xml(&self) -> Vec<u8> {
        let mut w = XmlWriter::new();
        self.write(&mut w);
        w.finish()
    }

    /// The document as text (what the journal keeps).
    pub fn to_text(&self) -> String {
        String::from_utf8_lossy(&self.to_xml()).into_owned()
    }
}

/// Checks that `value` is one of `allowed` (exact spelling), else `400
/// MalformedXML` naming the element.
pub(crate) fn one_of(element: &str, value: &str, allowed: &[&str]) -> Result<(), CosError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(CosError::new(
            400,
            "MalformedXML",
            format!(
                "The value of {element} must be one of {}; got \"{value}\".",
                allowed.join(", ")
            ),
        ))
    }
}

/// Parses a positive whole number of days (or another count) in `element`,
/// else `400 InvalidArgument`.
pub(crate) fn positive(element: &str, value: &str) -> Result<u64, CosError> {
    value.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        CosError::invalid_argument(format!(
            "{element} must be a positive integer; got \"{value}\"."
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_reorders_and_writes_back() {
        let mut e = Elem::parse("<R>\n <B> two </B><A><X>1</X><Y></Y></A>\n</R>", "R").unwrap();
        assert_eq!(e.text_of("B"), Some("two"));
        assert_eq!(e.child("A").unwrap().text_of("Y"), Some(""));
        e.reorder(&["A"]);
        let text = e.to_text();
        assert!(
            text.ends_with("<R><A><X>1</X><Y/></A><B>two</B></R>"),
            "{text}"
        );
        assert_eq!(Elem::parse(&text, "R").unwrap(), e);
        assert_eq!(Elem::parse("<Q/>", "R").unwrap_err().code, "MalformedXML");
        assert_eq!(Elem::parse("<R>", "R").unwrap_err().code, "MalformedXML");
        assert_eq!(e.required("Z").unwrap_err().code, "MalformedXML");
    }
}
