//! Conditional request (spec §3.8) and Range (spec §3.9) evaluation.

use std::time::SystemTime;

use crate::timefmt::{parse_http_date, truncate_to_secs};

/// Result of evaluating the conditional headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Condition {
    /// Serve the object.
    Proceed,
    /// `304 Not Modified`.
    NotModified,
    /// `412 PreconditionFailed`.
    Failed,
}

/// The four conditional headers of a request (empty values count as absent).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Conditions<'a> {
    pub if_match: Option<&'a str>,
    pub if_none_match: Option<&'a str>,
    pub if_modified_since: Option<&'a str>,
    pub if_unmodified_since: Option<&'a str>,
}

/// Whether an ETag list (`"a", b`, `*`) matches `etag` (hex, unquoted).
fn etag_list_matches(list: &str, etag: &str) -> bool {
    list.split(',').map(str::trim).any(|item| {
        let item = item.strip_prefix("W/").unwrap_or(item);
        item == "*" || item.trim_matches('"') == etag
    })
}

/// Evaluates conditions in the order of spec §3.8 against an object with `etag`
/// (unquoted hex) last modified at `last_modified`.
pub(crate) fn evaluate(c: &Conditions<'_>, etag: &str, last_modified: SystemTime) -> Condition {
    let lm = truncate_to_secs(last_modified);
    match c.if_match {
        Some(list) => {
            if !etag_list_matches(list, etag) {
                return Condition::Failed;
            }
        }
        None => {
            if let Some(t) = c.if_unmodified_since.and_then(parse_http_date) {
                if lm > t {
                    return Condition::Failed;
                }
            }
        }
    }
    match c.if_none_match {
        Some(list) => {
            if etag_list_matches(list, etag) {
                return Condition::NotModified;
            }
        }
        None => {
            if let Some(t) = c.if_modified_since.and_then(parse_http_date) {
                if lm <= t {
                    return Condition::NotModified;
                }
            }
        }
    }
    Condition::Proceed
}

/// Result of evaluating a `Range` header against an object size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RangeResult {
    /// No usable range: send the whole object with 200.
    Full,
    /// Send bytes `first..=last` with 206.
    Partial { first: u64, last: u64 },
    /// `416 InvalidRange`.
    Unsatisfiable,
}

/// Evaluates a single-range `Range: bytes=…` header (spec §3.9). Malformed or
/// multi-range headers give [`RangeResult::Full`].
pub(crate) fn evaluate_range(header: Option<&str>, size: u64) -> RangeResult {
    let Some(header) = header else {
        return RangeResult::Full;
    };
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return RangeResult::Full;
    };
    let spec = spec.trim();
    if spec.contains(',') {
        return RangeResult::Full;
    }
    let Some((a, b)) = spec.split_once('-') else {
        return RangeResult::Full;
    };
    let (a, b) = (a.trim(), b.trim());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if a.is_empty() {
        // Suffix range: last N bytes.
        if !digits(b) {
            return RangeResult::Full;
        }
        let Ok(n) = b.parse::<u64>() else {
            return RangeResult::Full;
        };
        if n == 0 || size == 0 {
            return RangeResult::Unsatisfiable;
        }
        let n = n.min(size);
        return RangeResult::Partial {
            first: size - n,
            last: size - 1,
        };
    }
    if !digits(a) || !(b.is_empty() || digits(b)) {
        return RangeResult::Full;
    }
    let Ok(first) = a.parse::<u64>() else {
        return RangeResult::Full;
    };
    let last = if b.is_empty() {
        u64::MAX
    } else {
        b.parse::<u64>().unwrap_or(u64::MAX)
    };
    if last < first {
        return RangeResult::Full;
    }
    if first >= size {
        return RangeResult::Unsatisfiable;
    }
    RangeResult::Partial {
        first,
        last: last.min(size - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn ranges() {
        use RangeResult::*;
        assert_eq!(evaluate_range(None, 10), Full);
        assert_eq!(
            evaluate_range(Some("bytes=0-9"), 100),
            Partial { first: 0, last: 9 }
        );
        assert_eq!(
            evaluate_range(Some("bytes=10-"), 100),
            Partial {
                first: 10,
                last: 99
            }
        );
        assert_eq!(
            evaluate_range(Some("bytes=-10"), 100),
            Partial {
                first: 90,
                last: 99
            }
        );
        assert_eq!(
            evaluate_range(Some("bytes=-200"), 100),
            Partial { first: 0, last: 99 }
        );
        assert_eq!(
            evaluate_range(Some("bytes=50-500"), 100),
            Partial {
                first: 50,
                last: 99
            }
        );
        assert_eq!(evaluate_range(Some("bytes=100-"), 100), Unsatisfiable);
        assert_eq!(evaluate_range(Some("bytes=0-"), 0), Unsatisfiable);
        assert_eq!(evaluate_range(Some("bytes=-0"), 100), Unsatisfiable);
        assert_eq!(evaluate_range(Some("bytes=0-1,3-4"), 100), Full);
        assert_eq!(evaluate_range(Some("bytes=5-2"), 100), Full);
        assert_eq!(evaluate_range(Some("items=0-1"), 100), Full);
        assert_eq!(evaluate_range(Some("bytes=a-b"), 100), Full);
        assert_eq!(evaluate_range(Some("bytes=-"), 100), Full);
        assert_eq!(
            evaluate_range(Some("bytes=0-99999999999999999999999"), 100),
            Partial { first: 0, last: 99 }
        );
    }

    #[test]
    fn conditions() {
        use Condition::*;
        let lm = UNIX_EPOCH + Duration::from_millis(1_557_989_151_700);
        let at = "Thu, 16 May 2019 06:45:51 GMT";
        let before = "Thu, 16 May 2019 06:45:50 GMT";
        let etag = "abc";
        let ev = |c: Conditions<'_>| evaluate(&c, etag, lm);
        assert_eq!(ev(Conditions::default()), Proceed);
        assert_eq!(
            ev(Conditions {
                if_match: Some("\"abc\""),
                ..Default::default()
            }),
            Proceed
        );
        assert_eq!(
            ev(Conditions {
                if_match: Some("\"x\", abc"),
                ..Default::default()
            }),
            Proceed
        );
        assert_eq!(
            ev(Conditions {
                if_match: Some("*"),
                ..Default::default()
            }),
            Proceed
        );
        assert_eq!(
            ev(Conditions {
                if_match: Some("\"x\""),
                ..Default::default()
            }),
            Failed
        );
        assert_eq!(
            ev(Conditions {
                if_unmodified_since: Some(before),
                ..Default::default()
            }),
            Failed
        );
        assert_eq!(
            ev(Conditions {
                if_unmodified_since: Some(at),
                ..Default::default()
            }),
            Proceed
        );
        // A passing If-Match overrides If-Unmodified-Since.
        assert_eq!(
            ev(Conditions {
                if_match: Some("abc"),
                if_unmodified_since: Some(before),
                ..Default::default()
            }),
            Proceed
        );
        assert_eq!(
            ev(Conditions {
                if_none_match: Some("\"abc\""),
                ..Default::default()
            }),
            NotModified
        );
        assert_eq!(
            ev(Conditions {
                if_none_match: Some("\"x\""),
                ..Default::default()
            }),
            Proceed
        );
        assert_eq!(
            ev(Conditions {
                if_modified_since: Some(at),
                ..Default::default()
            }),
            NotModified
        );
        assert_eq!(
            ev(Conditions {
                if_modified_since: Some(before),
                ..Default::default()
            }),
            Proceed
        );
        // A failing If-None-Match overrides If-Modified-Since.
        assert_eq!(
            ev(Conditions {
                if_none_match: Some("x"),
                if_modified_since: Some(at),
                ..Default::default()
            }),
            Proceed
        );
        // 412 wins over 304.
        assert_eq!(
            ev(Conditions {
                if_match: Some("x"),
                if_none_match: Some("abc"),
                ..Default::default()
            }),
            Failed
        );
        // Unparseable dates are ignored.
        assert_eq!(
            ev(Conditions {
                if_modified_since: Some("garbage"),
                ..Default::default()
            }),
            Proceed
        );
    }
}
