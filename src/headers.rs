//! A small case-insensitive header map.

use std::collections::BTreeMap;
use std::fmt;

/// HTTP headers with lower-cased names, like the `headers` object of the Node
/// SDK's `data` and `err`.
///
/// Names are case-insensitive: `get("ETag")` and `get("etag")` find the same
/// entry. Values of `authorization` and `x-cos-security-token` are never shown
/// by `Debug`.
///
/// ```
/// use cos_sdk::Headers;
/// let mut headers = Headers::new();
/// headers.insert("x-cos-meta-Author", "alice");
/// assert_eq!(headers.get("X-COS-META-AUTHOR"), Some("alice"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(BTreeMap<String, String>);

impl Headers {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a header, replacing any earlier value of the same name.
    pub fn insert(&mut self, name: impl AsRef<str>, value: impl Into<String>) {
        self.0
            .insert(name.as_ref().to_ascii_lowercase(), value.into());
    }

    /// The value of a header, whatever the case of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            self.0.get(&name.to_ascii_lowercase()).map(String::as_str)
        } else {
            self.0.get(name).map(String::as_str)
        }
    }

    /// Whether a header is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Removes a header and returns its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        self.0.remove(&name.to_ascii_lowercase())
    }

    /// Headers in name order, names lower-cased.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Number of headers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds every header of `other`, replacing same-named ones.
    pub(crate) fn extend_from(&mut self, other: &Headers) {
        for (name, value) in other.iter() {
            self.0.insert(name.to_string(), value.to_string());
        }
    }

    /// Appends a value the way HTTP folds repeated fields: `a, b`.
    pub(crate) fn append(&mut self, name: &str, value: &str) {
        // Names from the transport are already lower-case: no copy to look up.
        let lowered;
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = name.to_ascii_lowercase();
            lowered.as_str()
        } else {
            name
        };
        match self.0.get_mut(name) {
            Some(existing) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            None => {
                self.0.insert(name.to_string(), value.to_string());
            }
        }
    }
}

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
    fn shown(&self) -> impl Iterator<Item = (&String, &str)> {
        self.0.iter().map(|(name, value)| {
            let shown = if is_secret_header(name) {
                "<redacted>"
            } else {
                value.as_str()
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

impl<K: AsRef<str>, V: Into<String>> FromIterator<(K, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut headers = Headers::new();
        for (k, v) in iter {
            headers.insert(k, v);
        }
        headers
    }
}

impl<K: AsRef<str>, V: Into<String>, const N: usize> From<[(K, V); N]> for Headers {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Headers {
    type Item = (&'a String, &'a String);
    type IntoIter = std::collections::btree_map::Iter<'a, String, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
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

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Headers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(map.into_iter().collect())
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
    fn repeated_fields_fold() {
        let mut headers = Headers::new();
        headers.append("Vary", "Origin");
        headers.append("vary", "Accept");
        assert_eq!(headers.get("VARY"), Some("Origin, Accept"));
    }
}
