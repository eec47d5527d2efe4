//! Listings read in one streaming pass over the response (quick-xml): no
//! tree is built, and each field is copied once, into the result. Smaller
//! answers are read through `xml` (roxmltree), where a tree is simpler.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

use crate::error::CosError;

/// What [`read`] reports, in document order.
pub(crate) enum Item<'a> {
    /// An element starts (the root is at depth 0).
    Open { depth: usize, name: &'a str },
    /// An element without child elements ends, with its text (references
    /// resolved, CDATA included) and the name of the element holding it.
    Leaf {
        depth: usize,
        parent: &'a str,
        name: &'a str,
        text: &'a str,
    },
}

/// Reads a document whose root element must be `root`, handing `each`
/// every element start and every leaf. The whole document must be
/// well-formed (a truncated answer is an error, not a shorter listing),
/// and, as for `xml::parse`, without a DTD.
pub(crate) fn read(
    document: &str,
    root: &str,
    mut each: impl FnMut(Item<'_>) -> Result<(), CosError>,
) -> Result<(), CosError> {
    // COS may pad bodies with leading whitespace.
    let document = document.trim_start();
    let mut reader = Reader::from_str(document);
    // The names of the open elements, outermost first.
    let mut open: Vec<&str> = Vec::new();
    let mut depth = 0;
    let mut text = String::new();
    // The innermost open element has no child element (so far).
    let mut leaf = false;
    let mut root_done = false;
    loop {
        let event = reader.read_event().map_err(malformed)?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(start) | Event::Empty(start) => {
                let name = within(document, start.local_name().into_inner())?;
                if depth == 0 {
                    if root_done {
                        return Err(malformed("more than one root element"));
                    }
                    if name != root {
                        return Err(CosError::invalid_response(format!(
                            "expected <{root}> in the response, got <{name}>"
                        )));
                    }
                }
                open.truncate(depth);
                open.push(name);
                each(Item::Open { depth, name })?;
                depth += 1;
                text.clear();
                leaf = true;
                if empty {
                    close(&open, &mut depth, &mut leaf, "", &mut each)?;
                    root_done |= depth == 0;
                }
            }
            Event::End(_) => {
                close(&open, &mut depth, &mut leaf, &text, &mut each)?;
                root_done |= depth == 0;
            }
            Event::Text(piece) if leaf => push_text(&mut text, within(document, &piece)?),
            Event::CData(piece) if leaf => push_text(&mut text, within(document, &piece)?),
            Event::GeneralRef(reference) => {
                let resolved = resolve(&reference)?;
                if leaf {
                    text.push(resolved);
                }
            }
            Event::DocType(_) => return Err(malformed("a DTD is not allowed")),
            Event::Eof if depth > 0 || !root_done => {
                return Err(malformed("the document ends before its root element does"));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Ends the innermost open element, reporting it if it is a leaf.
fn close(
    open: &[&str],
    depth: &mut usize,
    leaf: &mut bool,
    text: &str,
    each: &mut impl FnMut(Item<'_>) -> Result<(), CosError>,
) -> Result<(), CosError> {
    *depth -= 1;
    if std::mem::take(leaf) {
        let parent = match *depth {
            0 => "",
            d => open[d - 1],
        };
        each(Item::Leaf {
            depth: *depth,
            parent,
            name: open[*depth],
            text,
        })?;
    }
    Ok(())
}

/// The character an entity or character reference stands for (only XML's
/// five entities exist without a DTD).
fn resolve(reference: &BytesRef<'_>) -> Result<char, CosError> {
    if let Some(c) = reference.resolve_char_ref().map_err(malformed)? {
        return Ok(c);
    }
    match &**reference {
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"amp" => Ok('&'),
        b"apos" => Ok('\''),
        b"quot" => Ok('"'),
        other => Err(malformed(format!(
            "unknown entity &{};",
            String::from_utf8_lossy(other)
        ))),
    }
}

/// Appends a piece of text with its line ends normalized as XML requires
/// (`\r\n` and a lone `\r` read as `\n`).
fn push_text(text: &mut String, piece: &str) {
    if !piece.contains('\r') {
        text.push_str(piece);
        return;
    }
    let mut lines = piece.split('\r');
    text.push_str(lines.next().unwrap_or_default());
    for line in lines {
        text.push('\n');
        text.push_str(line.strip_prefix('\n').unwrap_or(line));
    }
}

/// `bytes`, which quick-xml cut from `document`, as that part of it: a
/// slice instead of another UTF-8 check (an answer holds thousands of
/// names and texts).
fn within<'i>(document: &'i str, bytes: &[u8]) -> Result<&'i str, CosError> {
    let start = (bytes.as_ptr() as usize).wrapping_sub(document.as_ptr() as usize);
    document
        .get(start..start.saturating_add(bytes.len()))
        .filter(|part| part.as_ptr() == bytes.as_ptr())
        .ok_or_else(|| malformed("a piece outside the document"))
}

fn malformed(e: impl std::fmt::Display) -> CosError {
    CosError::invalid_response(format!("the response is not well-formed XML: {e}"))
}

/// The number a leaf holds; empty is the default, anything else not a
/// number is a bad response (a garbled size must not read as 0).
pub(crate) fn number<T: std::str::FromStr + Default>(
    name: &str,
    text: &str,
) -> Result<T, CosError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(T::default());
    }
    text.parse()
        .map_err(|_| CosError::invalid_response(format!("<{name}> is not a number: {text:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every item as a line: `open DEPTH NAME` or `leaf DEPTH PARENT/NAME = TEXT`.
    fn items(document: &str, root: &str) -> Result<Vec<String>, CosError> {
        let mut seen = Vec::new();
        read(document, root, |item| {
            seen.push(match item {
                Item::Open { depth, name } => format!("open {depth} {name}"),
                Item::Leaf {
                    depth,
                    parent,
                    name,
                    text,
                } => format!("leaf {depth} {parent}/{name} = {text}"),
            });
            Ok(())
        })?;
        Ok(seen)
    }

    #[test]
    fn reports_elements_and_leaves_with_text_resolved() {
        let document = "  <?xml version='1.0'?>\n<R>\n  <A>x &amp; &#x41;&#66; <![CDATA[<c>]]>&quot;</A>\n  <B><C/><D>1</D></B><E></E><F>a\r\nb\rc\r</F>\n</R>\n";
        assert_eq!(
            items(document, "R").unwrap(),
            [
                "open 0 R",
                "open 1 A",
                "leaf 1 R/A = x & AB <c>\"",
                "open 1 B",
                "open 2 C",
                "leaf 2 B/C = ",
                "open 2 D",
                "leaf 2 B/D = 1",
                "open 1 E",
                "leaf 1 R/E = ",
                "open 1 F",
                "leaf 1 R/F = a\nb\nc\n",
            ]
        );
        assert_eq!(items("<R/>", "R").unwrap(), ["open 0 R", "leaf 0 /R = "]);
    }

    #[test]
    fn refuses_what_is_not_one_well_formed_document() {
        for (document, says) in [
            ("<R><A>1</A>", "ends before"),
            ("<R><A>1</B></R>", "not well-formed"),
            ("<R></R><R></R>", "more than one root"),
            ("<R>&bogus;</R>", "unknown entity"),
            ("<!DOCTYPE R [<!ENTITY e 'x'>]><R>&e;</R>", "DTD"),
            ("<Other/>", "expected <R>"),
            ("", "ends before"),
        ] {
            let err = items(document, "R").unwrap_err();
            assert!(err.to_string().contains(says), "{document}: {err}");
        }
    }

    #[test]
    fn numbers_are_checked() {
        assert_eq!(number::<u64>("Size", " 42 ").unwrap(), 42);
        assert_eq!(number::<u64>("Size", "").unwrap(), 0);
        assert!(number::<u64>("Size", "4x2").is_err());
    }
}
