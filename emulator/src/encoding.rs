//! Percent-encoding and decoding rules of the COS protocol (spec §2.2, §4.4).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Bytes left alone by the signing `UrlEncode` of spec §2.2: `A–Z a–z 0–9 - _ . ~`.
const SIGN_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Like [`SIGN_SET`] but keeps `/` literal (listing `encoding-type=url`, spec §4.4).
const LIST_SET: &AsciiSet = &SIGN_SET.remove(b'/');

/// `UrlEncode` of spec §2.2: every byte outside `A–Z a–z 0–9 - _ . ~` becomes `%XX`
/// (upper-case hex, space is `%20`).
pub(crate) fn sign_encode(s: &str) -> String {
    utf8_percent_encode(s, SIGN_SET).to_string()
}

/// Encoding of keys and prefixes in listings with `encoding-type=url`: as
/// [`sign_encode`] but `/` stays literal.
pub(crate) fn list_encode(s: &str) -> String {
    utf8_percent_encode(s, LIST_SET).to_string()
}

/// Fully percent-decodes `s` (including `%2F`); `+` stays a plus sign.
/// Returns `None` when the result is not valid UTF-8.
pub(crate) fn decode(s: &str) -> Option<String> {
    percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// Percent-decodes `s`, replacing invalid UTF-8 sequences (used where a lossy
/// value is acceptable, e.g. query values that only take part in comparisons).
pub(crate) fn decode_lossy(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Decodes one query component: `+` is a space there (form encoding, what
/// Python's requests sends), unlike in the path; `%2B` is a plus.
fn decode_query_component(s: &str) -> String {
    if s.contains('+') {
        decode_lossy(&s.replace('+', " "))
    } else {
        decode_lossy(s)
    }
}

/// Splits a raw query string into decoded `(name, value)` pairs, in order.
/// `&` is the only separator; a parameter without `=` has the empty value.
pub(crate) fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((name, value)) => (decode_query_component(name), decode_query_component(value)),
            None => (decode_query_component(part), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_encode_reserved_characters() {
        assert_eq!(
            sign_encode("a b/c;d=e:f,g\"h"),
            "a%20b%2Fc%3Bd%3De%3Af%2Cg%22h"
        );
        assert_eq!(sign_encode("!'()*"), "%21%27%28%29%2A");
        assert_eq!(sign_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(sign_encode("腾"), "%E8%85%BE");
    }

    #[test]
    fn plus_in_a_query_is_a_space() {
        assert_eq!(
            parse_query("prefix=with+space&marker=a%2Bb&acl"),
            [
                ("prefix".to_string(), "with space".to_string()),
                ("marker".to_string(), "a+b".to_string()),
                ("acl".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn list_encode_keeps_slash() {
        assert_eq!(
            list_encode("照片/2020年/IMG 1.jpg"),
            "%E7%85%A7%E7%89%87/2020%E5%B9%B4/IMG%201.jpg"
        );
    }

    #[test]
    fn decode_and_query() {
        assert_eq!(decode("/a%2Fb%20c+d").as_deref(), Some("/a/b c+d"));
        assert_eq!(decode("%FF"), None);
        let q = parse_query("acl&prefix=a%20b%2F&delimiter=&x=1%3B2&&q-sign-time=1;2");
        assert_eq!(
            q,
            vec![
                ("acl".to_string(), String::new()),
                ("prefix".to_string(), "a b/".to_string()),
                ("delimiter".to_string(), String::new()),
                ("x".to_string(), "1;2".to_string()),
                ("q-sign-time".to_string(), "1;2".to_string()),
            ]
        );
    }
}
