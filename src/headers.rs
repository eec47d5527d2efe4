//! A small case-insensitive header map.

use std::fmt;

/// HTTP headers with lower-cased names, like the `headers` object of the Node
/// SDK's `data` and `err`, and in the same order: as COS sent them, or as
/// they were first set (replacing a value keeps its place).
///
/// Names are case-insensitive: `get("ETag")` and `get("etag")` find the same
/// entry. Values of `authorization` and `x-cos-security-token` are never shown
/// by `Debug`. Two maps are equal when they hold the same headers, in any
/// order.
///
/// ```
/// use cos_sdk::Headers;
/// let mut headers = Headers::new();
/// headers.insert("x-cos-meta-Author", "alice");
/// assert_eq!(headers.get("X-COS-META-AUTHOR"), Some("alice"));
/// ```
// Every response's headers land in one of these, so it is stored flat: all
// names and values in one string, with an index into it (two allocations per
// map, where a map of owned strings took two per header and showed in the
// small-object benchmark). Lookups scan the index, comparing lengths first:
// for the dozen or two headers of a request or answer that beats a binary
// search, and keeping arrival order needs no sort.
#[derive(Clone, Default)]
pub struct Headers {
    /// Lower-cased names and values, back to back. A replaced or removed
    /// entry leaves its text behind until there is more dead text than live.
    text: String,
    /// In order; no two entries share a name.
    entries: Vec<Entry>,
}

/// Where one header lives in `text`: the name is `start..name_end`, the
/// value `name_end..end`.
#[derive(Clone, Copy)]
struct Entry {
    start: usize,
    name_end: usize,
    end: usize,
}

impl Entry {
    fn name(self, text: &str) -> &str {
        &text[self.start..self.name_end]
    }

    fn value(self, text: &str) -> &str {
        &text[self.name_end..self.end]
    }
}

impl Headers {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map with room for `count` headers of `bytes` bytes in all.
    pub(crate) fn with_capacity(bytes: usize, count: usize) -> Self {
        Headers {
            text: String::with_capacity(bytes),
            entries: Vec::with_capacity(count),
        }
    }

    /// Bytes the names and values take (dead ones included).
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Sets a header, replacing any earlier value of the same name.
    pub fn insert(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) {
        let name = name.as_ref();
        let entry = self.push(name, value.as_ref());
        match self.find(name) {
            Some(i) => {
                self.entries[i] = entry;
                self.compact_if_wasteful();
            }
            None => self.entries.push(entry),
        }
    }

    /// The value of a header, whatever the case of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let i = self.find(name)?;
        Some(self.entries[i].value(&self.text))
    }

    /// Whether a header is present.
    pub fn contains(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// Removes a header and returns its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.find(name)?;
        let value = self.entries.remove(i).value(&self.text).to_string();
        self.compact_if_wasteful();
        Some(value)
    }

    /// Headers in order (see [`Headers`]), names lower-cased.
    pub fn iter(&self) -> HeadersIter<'_> {
        HeadersIter {
            text: &self.text,
            entries: self.entries.iter(),
        }
    }

    /// Number of headers.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds every header of `other`, replacing same-named ones.
    pub(crate) fn extend_from(&mut self, other: &Headers) {
        for (name, value) in other {
            self.insert(name, value);
        }
    }

    /// Keeps only the headers for which `keep(name, value)` holds.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        let text = &self.text;
        self.entries.retain(|e| keep(e.name(text), e.value(text)));
        self.compact_if_wasteful();
    }

    /// The `count` fields of an answer, names lower-case, repeated names
    /// side by side (as `http::HeaderMap` yields them): repeated fields are
    /// folded the way HTTP folds them (`a, b`, in arrival order), bytes
    /// that are not UTF-8 replaced.
    pub(crate) fn from_fields<'a>(
        count: usize,
        fields: impl Iterator<Item = (&'a str, &'a [u8])>,
    ) -> Self {
        // Room for typical fields; a long one grows the text once.
        let mut headers = Headers::with_capacity(count * 48, count);
        for (name, value) in fields {
            // `from_utf8` first: its ASCII fast path is several times
            // quicker than `from_utf8_lossy`'s.
            let value = match std::str::from_utf8(value) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(value),
            };
            match headers.entries.last_mut() {
                // The last entry ends the text: fold in place.
                Some(last) if last.name(&headers.text) == name => {
                    headers.text.push_str(", ");
                    headers.text.push_str(&value);
                    last.end = headers.text.len();
                }
                _ => {
                    let entry = headers.push(name, &value);
                    headers.entries.push(entry);
                }
            }
        }
        headers
    }

    /// Writes a name (lower-cased) and value to the text; the caller files
    /// the entry.
    fn push(&mut self, name: &str, value: &str) -> Entry {
        let start = self.text.len();
        self.text.push_str(name);
        self.text[start..].make_ascii_lowercase();
        let name_end = self.text.len();
        self.text.push_str(value);
        Entry {
            start,
            name_end,
            end: self.text.len(),
        }
    }

    /// The entry named `name` (any case).
    fn find(&self, name: &str) -> Option<usize> {
        // `eq_ignore_ascii_case` compares the lengths first.
        self.entries
            .iter()
            .position(|e| e.name(&self.text).eq_ignore_ascii_case(name))
    }

    /// Rewrites the text without dead entries once they outweigh the live.
    fn compact_if_wasteful(&mut self) {
        let live: usize = self.entries.iter().map(|e| e.end - e.start).sum();
        if self.text.len() <= 2 * live + 256 {
            return;
        }
        let mut text = String::with_capacity(live);
        for e in &mut self.entries {
            let start = text.len();
            text.push_str(&self.text[e.start..e.end]);
            *e = Entry {
                start,
                name_end: start + (e.name_end - e.start),
                end: text.len(),
            };
        }
        self.text = text;
    }
}

/// The headers of a [`Headers`] in order, as `(name, value)`.
pub struct HeadersIter<'a> {
    text: &'a str,
    entries: std::slice::Iter<'a, Entry>,
}

impl<'a> HeadersIter<'a> {
    fn pair(&self, e: Entry) -> (&'a str, &'a str) {
        (e.name(self.text), e.value(self.text))
    }
}

impl<'a> Iterator for HeadersIter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let e = self.entries.next()?;
        Some(self.pair(*e))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl DoubleEndedIterator for HeadersIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let e = self.entries.next_back()?;
        Some(self.pair(*e))
    }
}

impl ExactSizeIterator for HeadersIter<'_> {}

impl PartialEq for Headers {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(name, value)| other.get(name) == Some(value))
    }
}

impl Eq for Headers {}

/// Header names whose values are credentials and must never be printed.
pub(crate) fn is_secret_header(lower_name: &str) -> bool {
    matches!(
        lower_name,
        "authorization"
            | "x-cos-security-token"
            | "x-ci-security-token"
            | "x-cos-server-side-encryption-customer-key"
            | "x-cos-copy-source-server-side-encryption-customer-key"
    )
}

impl Headers {
    /// Every header as it may be shown (logs, `Debug`, serialized params):
    /// secret values replaced by `<redacted>`.
    fn shown(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter().map(|(name, value)| {
            let shown = if is_secret_header(name) {
                "<redacted>"
            } else {
                value
            };
            (name, shown)
        })
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.shown()).finish()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut headers = Headers::new();
        for (k, v) in iter {
            headers.insert(k, v);
        }
        headers
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> From<[(K, V); N]> for Headers {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Headers {
    type Item = (&'a str, &'a str);
    type IntoIter = HeadersIter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A JSON object of names to values. Secret values (`authorization`,
/// security tokens) are written as `<redacted>`, as `Debug` shows them:
/// serialized params end up in logs and files, where a credential must not.
#[cfg(feature = "serde")]
impl serde::Serialize for Headers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.shown())
    }
}

/// A JSON object of names to values, kept in the object's order.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Headers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> serde::de::Visitor<'de> for InOrder {
            type Value = Headers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of header names to values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Headers, A::Error> {
                let mut headers = Headers::new();
                while let Some((name, value)) = map.next_entry::<String, String>()? {
                    headers.insert(name, value);
                }
                Ok(headers)
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_credentials() {
        let headers = Headers::from([
            ("Authorization", "q-sign-algorithm=sha1&q-signature=abc"),
            ("x-cos-security-token", "TOKEN"),
            ("etag", "\"1\""),
        ]);
        let shown = format!("{headers:?}");
        assert!(!shown.contains("abc") && !shown.contains("TOKEN"));
        assert!(shown.contains("etag"));
    }

    #[test]
    fn replacing_keeps_the_place_and_dead_text_is_compacted() {
        let mut headers = Headers::from([("b", "2"), ("A", "1"), ("c", "3")]);
        let big = "x".repeat(300);
        for round in 0..50 {
            headers.insert("B", format!("{round}{big}"));
        }
        assert_eq!(headers.remove("C"), Some("3".to_string()));
        assert_eq!(headers.remove("c"), None);
        let names: Vec<&str> = headers.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["b", "a"]);
        assert_eq!(headers.get("b"), Some(format!("49{big}").as_str()));
        // Dead text is dropped once it outweighs the live.
        assert!(headers.text.len() <= 2 * (2 + 303) + 256);
        // Equality looks at the headers, not at their order or history.
        assert_eq!(
            headers,
            Headers::from([("a", "1"), ("b", format!("49{big}").as_str())])
        );
        headers.retain(|name, _| name != "a");
        assert_eq!(headers.iter().rev().collect::<Vec<_>>().len(), 1);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn json_keeps_the_order() {
        let headers: Headers = serde_json::from_str(r#"{"b":"2","A":"1"}"#).unwrap();
        let json = serde_json::to_string(&headers).unwrap();
        assert_eq!(json, r#"{"b":"2","a":"1"}"#);
    }
}
