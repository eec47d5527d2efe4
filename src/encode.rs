//! URI and query encoding shared by the request builder and the signer.
//!
//! COS signs and routes on RFC 3986 encoding with upper-case hex, where only
//! `A-Z a-z 0-9 - _ . ~` stay literal: exactly JavaScript's `encodeURIComponent`
//! with `! ' ( ) *` escaped too (Node's `camSafeUrlEncode`).

use percent_encoding::percent_decode_str;

/// Node's `camSafeUrlEncode`.
pub(crate) fn cam_safe_url_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    cam_safe_url_encode_into(&mut out, input);
    out
}

/// [`cam_safe_url_encode`] appended to `out`, without a temporary string.
pub(crate) fn cam_safe_url_encode_into(out: &mut String, input: &str) {
    escape_into(out, input, false);
}

/// The request-path form of an object key appended to `out`: encoded, with
/// `/` kept literal (Node: `camSafeUrlEncode(key).replace(/%2F/g, '/')`).
pub(crate) fn push_key_path(out: &mut String, key: &str) {
    escape_into(out, key, true);
}

/// Escapes every byte but the RFC 3986 unreserved ones (and `/` when
/// `keep_slash`). Hand-written because every request runs it on its path
/// and the signer on every header value: runs of unreserved bytes are
/// copied whole, others escaped from a table (3× the speed of
/// `percent_encoding`'s iterator).
fn escape_into(out: &mut String, input: &str, keep_slash: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (keep_slash && b == b'/')
        {
            continue;
        }
        // A non-empty `start..i` is unreserved ASCII, so both ends are
        // char boundaries (an empty one may sit inside a multi-byte char).
        if start < i {
            out.push_str(&input[start..i]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
        start = i + 1;
    }
    out.push_str(&input[start..]);
}

/// Lower-case hex, as ETags carry an MD5 (without `format!` per byte: every
/// put checks its ETag with one).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// Serialises query pairs in the order given, both sides encoded.
pub(crate) fn query_string(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        cam_safe_url_encode_into(&mut out, name);
        out.push('=');
        cam_safe_url_encode_into(&mut out, value);
    }
    out
}

/// Node's `QueryString` as its request library reads it before
/// re-encoding: `&`-separated items, each split at its first `=` (a bare
/// item has an empty value), percent-escapes decoded.
pub(crate) fn parse_query_string(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (name, value) = item.split_once('=').unwrap_or((item, ""));
            (url_decode(name), url_decode(value))
        })
        .collect()
}

/// Decodes a value COS percent-encoded because the request asked for
/// `encoding-type=url`. Invalid UTF-8 is replaced rather than failing the
/// whole listing.
pub(crate) fn url_decode(input: &str) -> String {
    percent_decode_str(input).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

    /// Every byte except the RFC 3986 unreserved characters is escaped.
    const COS_SAFE: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');

    #[test]
    fn the_fast_encoder_matches_the_generic_one() {
        for input in [
            "",
            "a",
            "中文/文件 名+1.txt",
            "a~b!c*d(e)f'g",
            "é",
            "x\u{1F600}y",
            "%%",
            "-_.~",
        ] {
            let mut fast = String::from(">");
            cam_safe_url_encode_into(&mut fast, input);
            assert_eq!(
                fast,
                format!(">{}", utf8_percent_encode(input, COS_SAFE)),
                "{input:?}"
            );
            let mut path = String::from(">");
            push_key_path(&mut path, input);
            const PATH_SAFE: &AsciiSet = &COS_SAFE.remove(b'/');
            let generic = utf8_percent_encode(input, PATH_SAFE);
            assert_eq!(path, format!(">{generic}"), "{input:?}");
        }
    }

    #[test]
    fn escapes_everything_but_unreserved() {
        assert_eq!(
            cam_safe_url_encode("a~b!c*d(e)f'g.txt"),
            "a~b%21c%2Ad%28e%29f%27g.txt"
        );
        assert_eq!(cam_safe_url_encode("a b/中"), "a%20b%2F%E4%B8%AD");
        assert_eq!(cam_safe_url_encode("x=1;y,z:"), "x%3D1%3By%2Cz%3A");
    }

    #[test]
    fn key_path_keeps_slashes() {
        let mut path = String::new();
        push_key_path(&mut path, "中文/文件 名+1.txt");
        assert_eq!(
            path,
            "%E4%B8%AD%E6%96%87/%E6%96%87%E4%BB%B6%20%E5%90%8D%2B1.txt"
        );
    }

    #[test]
    fn query_keeps_order_and_empty_values() {
        let pairs = vec![
            ("uploads".to_string(), String::new()),
            ("prefix".to_string(), "big".to_string()),
        ];
        assert_eq!(query_string(&pairs), "uploads=&prefix=big");
    }

    #[test]
    fn decodes_listing_values() {
        assert_eq!(url_decode("Tencent%20Cloud/%E7%85%A7"), "Tencent Cloud/照");
    }
}
