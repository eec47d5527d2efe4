//! The shape of a key COS lets an object be created under (doc 13324): not
//! starting with `/` or `\`, and — the emulator's choice, see README
//! "Object keys" — no `.` or `..` path segment.
//!
//! Why refuse dot segments: HTTP layers in front of COS (and COS itself, by
//! the official SDKs' own guards — the Python and Go SDKs refuse a GetObject
//! whose key collapses to `/` under POSIX path rules) may resolve `a/../b` to
//! `b`, so such a key is not stored under the name a client sent everywhere.
//! Refusing it makes a test fail on the emulator instead of silently writing
//! somewhere else on COS. Repeated slashes (`a//b`) are kept verbatim: COS
//! and S3 store them as distinct keys (an empty "folder" name), and nothing
//! collapses them.

use crate::errors::CosError;

/// Checks `key` (percent-decoded) for creation: `400 InvalidObjectName` when
/// it starts with `/` or `\`, or has a segment that is exactly `.` or `..`.
pub(crate) fn check(key: &str) -> Result<(), CosError> {
    if key.starts_with('/') || key.starts_with('\\') {
        return Err(invalid(
            "The object key must not begin with a forward slash (/) or a backslash (\\).",
        ));
    }
    if key.split('/').any(|s| s == "." || s == "..") {
        return Err(invalid(
            "The object key must not contain a \".\" or \"..\" path segment.",
        ));
    }
    Ok(())
}

fn invalid(message: &str) -> CosError {
    CosError::new(400, "InvalidObjectName", message)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn shapes() {
        for ok in [
            "a", "a//b", "a/", "a/.b", "..a", "a..", "a/b./c", ".env", "a\\b",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "/a", "//", "\\a", ".", "..", "a/./b", "a/../b", "a/..", "./a", "a/.",
        ] {
            assert_eq!(check(bad).unwrap_err().code, "InvalidObjectName", "{bad}");
        }
    }
}
