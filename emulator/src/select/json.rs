//! JSON input: a small parser of its own so objects keep their field order
//! (the workspace's `serde_json` sorts keys unless a feature the SDK does not
//! want is turned on) and nesting is bounded. `LINES` input is one value per
//! line; `DOCUMENT` input is a series of values, each read up to its closing
//! bracket.

use std::io::{self, BufRead};

use super::SelectError;
use super::value::{Value, parse_number};

/// Deepest nesting accepted (objects and arrays); deeper input is an error,
/// never a stack overflow.
const MAX_DEPTH: usize = 128;

/// Parses one JSON value making up all of `text` (surrounding whitespace
/// allowed).
pub(crate) fn parse(text: &[u8]) -> Result<Value, SelectError> {
    let mut p = Parser { s: text, i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("unexpected data after the value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> SelectError {
        SelectError::json(format!("{what} at byte {} of the record", self.i))
    }

    fn ws(&mut self) {
        while self
            .s
            .get(self.i)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> bool {
        if self.s[self.i..].starts_with(lit) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SelectError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.eat(b"}") {
                    return Ok(Value::Struct(fields));
                }
                loop {
                    self.ws();
                    let name = self.string()?;
                    self.ws();
                    if !self.eat(b":") {
                        return Err(self.err("expected ':'"));
                    }
                    self.ws();
                    let v = self.value(depth + 1)?;
                    fields.push((name, v));
                    self.ws();
                    if self.eat(b",") {
                        continue;
                    }
                    if self.eat(b"}") {
                        return Ok(Value::Struct(fields));
                    }
                    return Err(self.err("expected ',' or '}'"));
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat(b"]") {
                    return Ok(Value::List(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(b",") {
                        continue;
                    }
                    if self.eat(b"]") {
                        return Ok(Value::List(items));
                    }
                    return Err(self.err("expected ',' or ']'"));
                }
            }
            Some(b'"') => Ok(Value::Str(self.string()?)),
            Some(b't') if self.eat(b"true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat(b"false") => Ok(Value::Bool(false)),
            Some(b'n') if self.eat(b"null") => Ok(Value::Null),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                while self.s.get(self.i).is_some_and(|b| {
                    b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
                }) {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
                parse_number(text).ok_or_else(|| self.err("bad number"))
            }
            _ => Err(self.err("expected a value")),
        }
    }

    fn string(&mut self) -> Result<String, SelectError> {
        if !self.eat(b"\"") {
            return Err(self.err("expected a string"));
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&b) = self.s.get(self.i) else {
                return Err(self.err("unterminated string"));
            };
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.s.get(self.i) else {
                        return Err(self.err("unterminated string"));
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let c = self.unicode_escape()?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err(self.err("bad escape")),
                    }
                }
                b if b < 0x20 => return Err(self.err("control character in a string")),
                b => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| SelectError::text_encoding())
    }

    fn hex4(&mut self) -> Result<u32, SelectError> {
        let digits = self
            .s
            .get(self.i..self.i + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.err("bad \\u escape"))?;
        self.i += 4;
        Ok(digits)
    }

    /// `\uXXXX`, with a surrogate pair when one follows; a lone surrogate
    /// becomes U+FFFD.
    fn unicode_escape(&mut self) -> Result<char, SelectError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.s[self.i..].starts_with(b"\\u") {
            let save = self.i;
            self.i += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.i = save;
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }
}

/// Reads the bytes of the next top-level value of a `DOCUMENT` stream (up to
/// its closing bracket, or the end of a bare scalar), skipping whitespace
/// before it; `None` at the end. More than `max` bytes →
/// `OverMaxRecordSize`. An unterminated value is returned as it is, for the
/// parser to refuse.
pub(crate) fn next_document<R: BufRead>(
    src: &mut R,
    max: usize,
) -> Result<Option<Vec<u8>>, SelectError> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    loop {
        let buf = src.fill_buf().map_err(SelectError::io)?;
        if buf.is_empty() {
            return Ok((!out.is_empty()).then_some(out));
        }
        let mut used = 0;
        let mut done = false;
        for &b in buf {
            let blank = matches!(b, b' ' | b'\t' | b'\n' | b'\r');
            if out.is_empty() && blank {
                used += 1;
                continue;
            }
            let scalar = out.first().is_some_and(|f| !matches!(f, b'{' | b'['));
            if scalar && !in_string && (blank || matches!(b, b'{' | b'[')) {
                // A bare scalar ends before whitespace or a bracket.
                done = true;
                break;
            }
            used += 1;
            out.push(b);
            if out.len() > max {
                return Err(SelectError::record_too_large());
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 && !scalar {
                            done = true;
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        src.consume(used);
        if done {
            return Ok(Some(out));
        }
    }
}

/// Reads the next line of a `LINES` stream that is not blank; `None` at the
/// end. More than `max` bytes → `OverMaxRecordSize`.
pub(crate) fn next_line<R: BufRead>(
    src: &mut R,
    max: usize,
) -> Result<Option<Vec<u8>>, SelectError> {
    loop {
        let mut line = Vec::new();
        let n = io::Read::take(&mut *src, max as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(SelectError::io)?;
        if n == 0 {
            return Ok(None);
        }
        if line.len() > max && line.last() != Some(&b'\n') {
            return Err(SelectError::record_too_large());
        }
        if line
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            continue;
        }
        return Ok(Some(line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_in_order() {
        let v = parse(br#" {"z":1,"a":{"b":[1,2.5,"x\u00e9\ud83d\ude00"]},"n":null,"t":true} "#)
            .unwrap();
        let Value::Struct(fields) = &v else {
            panic!("{v:?}")
        };
        let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["z", "a", "n", "t"]);
        let mut out = String::new();
        crate::select::value::write_json(&mut out, &v);
        assert_eq!(
            out,
            "{\"z\":1,\"a\":{\"b\":[1,2.5,\"xé😀\"]},\"n\":null,\"t\":true}"
        );
    }

    #[test]
    fn hostile_input_is_an_error() {
        for bad in [
            &b"{"[..],
            b"{\"a\"",
            b"{\"a\":}",
            b"[1,]",
            b"\"\\x\"",
            b"\"\\u12\"",
            b"tru",
            b"{} x",
            b"\"\xff\"",
            b"",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        let deep = "[".repeat(100_000);
        assert!(parse(deep.as_bytes()).is_err());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(deep.as_bytes()).is_ok());
    }

    #[test]
    fn documents_and_lines() {
        let mut src = io::Cursor::new(&b" {\"a\":\"}\"}\n[1,[2]] 7 {\"b\":1}"[..]);
        let mut got = Vec::new();
        while let Some(doc) = next_document(&mut src, 100).unwrap() {
            got.push(String::from_utf8(doc).unwrap());
        }
        assert_eq!(got, ["{\"a\":\"}\"}", "[1,[2]]", "7", "{\"b\":1}"]);
        let mut src = io::Cursor::new(&b"{\"a\":1}\n\n  \n{\"a\":2}"[..]);
        let first = next_line(&mut src, 100).unwrap().unwrap();
        assert_eq!(first, b"{\"a\":1}\n");
        let second = next_line(&mut src, 100).unwrap().unwrap();
        assert_eq!(second, b"{\"a\":2}");
        assert!(next_line(&mut src, 100).unwrap().is_none());
        let mut src = io::Cursor::new(vec![b'x'; 300]);
        assert!(next_line(&mut src, 100).is_err());
        let mut src = io::Cursor::new(format!("[\"{}\"]", "x".repeat(300)).into_bytes());
        assert!(next_document(&mut src, 100).is_err());
    }
}
