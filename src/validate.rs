//! Client-side checks of bucket, region and key, with Node's messages
//! (`sdk/util.js` `checkParams`), run before any request is sent.

use crate::error::CosError;

/// Longest bucket name COS accepts, before `-appid`.
const MAX_BUCKET_NAME: usize = 50;
/// APPIDs are ten digits today; leave room, refuse nonsense.
const MAX_APPID: usize = 20;
/// No COS region name comes near this.
const MAX_REGION: usize = 64;

/// Bucket must be `name-appid`: `^[a-z0-9-]+-[0-9]+$`, the name at most 50
/// characters.
pub(crate) fn bucket(bucket: &str) -> Result<(), CosError> {
    if bucket.is_empty() {
        return Err(CosError::invalid_parameter(
            "Bucket",
            "missing param Bucket",
        ));
    }
    let valid = bucket.rsplit_once('-').is_some_and(|(name, appid)| {
        !name.is_empty()
            && name.len() <= MAX_BUCKET_NAME
            && appid.len() <= MAX_APPID
            && !appid.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && appid.bytes().all(|b| b.is_ascii_digit())
    });
    if valid {
        Ok(())
    } else {
        Err(CosError::invalid_parameter(
            "Bucket",
            format!(
                "Bucket should format as \"test-1250000000\" (name at most {MAX_BUCKET_NAME} characters), got {bucket:?}."
            ),
        ))
    }
}

/// Region must match `^[a-z0-9-]+$` and not start with `cos.`.
pub(crate) fn region(region: &str) -> Result<(), CosError> {
    if region.is_empty() {
        return Err(CosError::invalid_parameter(
            "Region",
            "missing param Region",
        ));
    }
    if region.starts_with("cos.") {
        return Err(CosError::invalid_parameter(
            "Region",
            "param Region should not be start with \"cos.\"",
        ));
    }
    if region.len() <= MAX_REGION
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Ok(())
    } else {
        Err(CosError::invalid_parameter(
            "Region",
            format!("Region format error: {region:?} (expected e.g. \"ap-guangzhou\")."),
        ))
    }
}

/// Longest key COS stores, in UTF-8 bytes.
const MAX_KEY_BYTES: usize = 850;

/// Returns the key as sent: one leading `/` stripped unless `use_raw_key`.
pub(crate) fn key(key: &str, use_raw_key: bool) -> Result<String, CosError> {
    let key = if use_raw_key {
        key
    } else {
        key.strip_prefix('/').unwrap_or(key)
    };
    if key.is_empty() {
        return Err(CosError::invalid_parameter("Key", "missing param Key"));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(CosError::invalid_parameter(
            "Key",
            format!(
                "Key is {} bytes long; COS allows at most {MAX_KEY_BYTES}",
                key.len()
            ),
        ));
    }
    Ok(key.to_string())
}

/// Node's `ObjectKeySimplifyCheck`: a key whose path normalises to `/`
/// (`///`, `/./`, `a/../`) would address the bucket, not an object. Node
/// checks only `getObject`; writes and deletes are checked too, with
/// `operation` naming the call in the message.
pub(crate) fn simplified_key(key: &str, operation: &str) -> Result<(), CosError> {
    let mut depth = 0usize;
    for segment in key.split('/') {
        match segment {
            "" | "." => {}
            ".." => depth = depth.saturating_sub(1),
            _ => depth += 1,
        }
    }
    if depth == 0 {
        Err(CosError::invalid_parameter(
            "Key",
            format!("The {operation} Key is illegal"),
        ))
    } else {
        Ok(())
    }
}

/// Every header name must be an HTTP token and every value free of control
/// characters (CR, LF, NUL, …; tab is allowed), or the header could end the
/// request head early or be refused by the HTTP stack. `parameter` names
/// where the headers came from (`Headers`, `UserAgent`, …).
pub(crate) fn headers<'a>(
    parameter: &'static str,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), CosError> {
    for (name, value) in headers {
        header(parameter, name, value)?;
    }
    Ok(())
}

/// One header (see [`headers`]).
pub(crate) fn header(parameter: &'static str, name: &str, value: &str) -> Result<(), CosError> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(CosError::invalid_parameter(
            parameter,
            format!("{name:?} is not a valid HTTP header name"),
        ));
    }
    if value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(CosError::invalid_parameter(
            parameter,
            format!(
                "the value of header {name} contains a control character (CR, LF, NUL, …); \
                 HTTP header values cannot carry them"
            ),
        ));
    }
    Ok(())
}

/// A `Range` param: one `bytes=first-last` range (either side may be
/// omitted, not both; first ≤ last), or empty for the whole object.
pub(crate) fn range(range: &str) -> Result<(), CosError> {
    if range.is_empty() {
        return Ok(());
    }
    let valid = range
        .strip_prefix("bytes=")
        .and_then(|spec| spec.split_once('-'))
        .is_some_and(|(first, last)| {
            let number =
                |s: &str| s.bytes().all(|b| b.is_ascii_digit()) && s.parse::<u64>().is_ok();
            match (first.is_empty(), last.is_empty()) {
                (true, true) => false,
                (false, true) => number(first),
                (true, false) => number(last),
                (false, false) => {
                    number(first)
                        && number(last)
                        && first.parse::<u64>().ok() <= last.parse::<u64>().ok()
                }
            }
        });
    if valid {
        Ok(())
    } else {
        Err(CosError::invalid_parameter(
            "Range",
            format!(
                "Range must look like \"bytes=0-1023\", \"bytes=1024-\" or \"bytes=-1024\", got {range:?}"
            ),
        ))
    }
}

/// Whether a 206 answer's `Content-Range` (`bytes first-last/total`) is the
/// range that was asked for (`bytes=first-last`, `bytes=first-`,
/// `bytes=-suffix`), as the server would clamp it to the object's size.
pub(crate) fn range_answer_matches(asked: &str, content_range: &str) -> bool {
    let number = |s: &str| s.trim().parse::<u64>().ok();
    let answer = content_range
        .trim()
        .strip_prefix("bytes ")
        .and_then(|rest| rest.split_once('/'))
        .and_then(|(span, total)| {
            let (first, last) = span.split_once('-')?;
            Some((number(first)?, number(last)?, number(total)?))
        });
    let asked = asked
        .strip_prefix("bytes=")
        .and_then(|spec| spec.split_once('-'))
        .map(|(first, last)| (number(first), number(last)));
    match (asked, answer) {
        (Some((Some(first), last)), Some((from, to, total))) => {
            let end = last.unwrap_or(u64::MAX).min(total.saturating_sub(1));
            from == first && to == end
        }
        (Some((None, Some(suffix))), Some((from, to, total))) => {
            to == total.saturating_sub(1) && from == total.saturating_sub(suffix)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names() {
        assert!(bucket("examplebucket-1250000000").is_ok());
        assert!(bucket("a-b-c-1").is_ok());
        for bad in [
            "",
            "examplebucket",
            "Example-125",
            "a.b-125",
            "中文-125",
            "-125",
            "abc-12x",
        ] {
            let err = bucket(bad).unwrap_err();
            assert_eq!(err.parameter(), Some("Bucket"), "{bad}");
        }
    }

    #[test]
    fn regions() {
        assert!(region("ap-guangzhou").is_ok());
        assert!(
            region("cos.ap-guangzhou")
                .unwrap_err()
                .message()
                .contains("cos.")
        );
        assert!(
            region("ap/guangzhou")
                .unwrap_err()
                .message()
                .starts_with("Region format error")
        );
        assert_eq!(region("").unwrap_err().message(), "missing param Region");
    }

    #[test]
    fn ranges() {
        for good in ["", "bytes=0-0", "bytes=0-1023", "bytes=10-", "bytes=-10"] {
            assert!(range(good).is_ok(), "{good}");
        }
        for bad in [
            "0-10",
            "bytes=5-2",
            "bytes=-",
            "bytes=a-b",
            "bytes=1-2,4-5",
            "bytes=-1-2",
            "items=0-1",
        ] {
            assert_eq!(range(bad).unwrap_err().parameter(), Some("Range"), "{bad}");
        }
    }

    #[test]
    fn header_names_and_values() {
        assert!(header("Headers", "x-cos-meta-a", "b\tc é").is_ok());
        for (name, value) in [
            ("x-a", "a\r\nSet-Cookie: x"),
            ("x-a", "a\0"),
            ("x-a", "\x7f"),
            ("x a", "v"),
            ("x:a", "v"),
            ("", "v"),
        ] {
            let err = header("Headers", name, value).unwrap_err();
            assert_eq!(err.parameter(), Some("Headers"), "{name:?} {value:?}");
        }
    }

    #[test]
    fn range_answers() {
        assert!(range_answer_matches("bytes=0-9", "bytes 0-9/100"));
        assert!(range_answer_matches("bytes=90-199", "bytes 90-99/100"));
        assert!(range_answer_matches("bytes=10-", "bytes 10-99/100"));
        assert!(range_answer_matches("bytes=-10", "bytes 90-99/100"));
        assert!(range_answer_matches("bytes=-200", "bytes 0-99/100"));
        assert!(!range_answer_matches("bytes=0-9", "bytes 1-10/100"));
        assert!(!range_answer_matches("bytes=0-9", "bytes 0-8/100"));
        assert!(!range_answer_matches("bytes=0-9", ""));
        assert!(!range_answer_matches("bytes=0-9", "bytes */100"));
    }

    #[test]
    fn keys() {
        assert_eq!(key("/a.txt", false).unwrap(), "a.txt");
        assert_eq!(key("//a.txt", false).unwrap(), "/a.txt");
        assert_eq!(key("/a.txt", true).unwrap(), "/a.txt");
        assert_eq!(key("/", false).unwrap_err().message(), "missing param Key");
        assert!(key(&"k".repeat(851), false).is_err());
        assert!(key(&"k".repeat(850), false).is_ok());
        for bad in ["///", "/./", "a/../", "./"] {
            assert!(simplified_key(bad, "Getobject").is_err(), "{bad}");
        }
        assert!(simplified_key("a/./b", "Getobject").is_ok());
    }
}
