//! CSV input and output as SELECT describes them: records split at
//! `RecordDelimiter` (inside quotes too, unless `AllowQuotedRecordDelimiter`
//! is `TRUE`), fields at `FieldDelimiter`, a field opening with
//! `QuoteCharacter` quoted up to the next unescaped one
//! (`QuoteEscapeCharacter` + quote, or a doubled quote, is a literal quote),
//! lines starting with `Comments` skipped. Delimiters are byte strings, so
//! any character (or `\r\n`) works.

use std::io::BufRead;

use super::SelectError;

/// How CSV input is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvInput {
    pub record_delimiter: Vec<u8>,
    pub field_delimiter: Vec<u8>,
    /// One ASCII character (`None`: no quoting).
    pub quote: Option<u8>,
    /// One ASCII character (`None`: only a doubled quote is a literal one).
    pub quote_escape: Option<u8>,
    /// Lines starting with this are skipped (`None`: no comments).
    pub comments: Option<Vec<u8>>,
    pub allow_quoted_record_delimiter: bool,
}

impl Default for CsvInput {
    fn default() -> Self {
        CsvInput {
            record_delimiter: b"\n".to_vec(),
            field_delimiter: b",".to_vec(),
            quote: Some(b'"'),
            quote_escape: Some(b'"'),
            comments: Some(b"#".to_vec()),
            allow_quoted_record_delimiter: false,
        }
    }
}

/// How CSV output is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvOutput {
    pub record_delimiter: Vec<u8>,
    pub field_delimiter: Vec<u8>,
    /// One ASCII character.
    pub quote: u8,
    /// One ASCII character, written before a quote inside a quoted field.
    pub quote_escape: u8,
    /// `QuoteFields` `ALWAYS` (else `ASNEEDED`).
    pub always_quote: bool,
}

impl Default for CsvOutput {
    fn default() -> Self {
        CsvOutput {
            record_delimiter: b"\n".to_vec(),
            field_delimiter: b",".to_vec(),
            quote: b'"',
            quote_escape: b'"',
            always_quote: false,
        }
    }
}

impl CsvInput {
    /// The next record's raw bytes (delimiter removed), skipping empty
    /// records and comment lines; `None` at the end. A record longer than
    /// `max` bytes → `OverMaxRecordSize`.
    pub fn next_record<R: BufRead>(
        &self,
        src: &mut R,
        max: usize,
    ) -> Result<Option<Vec<u8>>, SelectError> {
        loop {
            let Some(raw) = self.read_raw(src, max)? else {
                return Ok(None);
            };
            if raw.is_empty() {
                continue;
            }
            if let Some(c) = &self.comments {
                if !c.is_empty() && raw.starts_with(c) {
                    continue;
                }
            }
            return Ok(Some(raw));
        }
    }

    /// Bytes up to the next record delimiter (outside quotes when quoted
    /// delimiters are allowed).
    fn read_raw<R: BufRead>(
        &self,
        src: &mut R,
        max: usize,
    ) -> Result<Option<Vec<u8>>, SelectError> {
        let delim = &self.record_delimiter;
        let mut out: Vec<u8> = Vec::new();
        let mut quotes = QuoteState::default();
        loop {
            let buf = src.fill_buf().map_err(SelectError::io)?;
            if buf.is_empty() {
                return Ok((!out.is_empty() || quotes.seen).then_some(out));
            }
            quotes.seen = true;
            let mut used = 0;
            let mut done = false;
            for &b in buf {
                used += 1;
                out.push(b);
                if out.len() > max + delim.len() {
                    return Err(SelectError::record_too_large());
                }
                if self.allow_quoted_record_delimiter {
                    quotes.step(self, b, &out);
                }
                if !quotes.inside && out.ends_with(delim) {
                    out.truncate(out.len() - delim.len());
                    done = true;
                    break;
                }
            }
            src.consume(used);
            if done {
                return Ok(Some(out));
            }
        }
    }

    /// Splits a record into its fields (quotes removed); a field that is not
    /// UTF-8 → `InvalidTextEncoding`. An unterminated quote runs to the end
    /// of the record.
    pub fn fields(&self, rec: &[u8]) -> Result<Vec<String>, SelectError> {
        let fd = &self.field_delimiter;
        let (q, esc) = (self.quote, self.quote_escape);
        let mut fields = Vec::new();
        let mut field: Vec<u8> = Vec::new();
        let mut i = 0;
        let mut at_start = true;
        let mut in_quotes = false;
        while i < rec.len() {
            let b = rec[i];
            if in_quotes {
                let next = rec.get(i + 1).copied();
                if esc != q && Some(b) == esc && next.is_some() && next == q {
                    field.extend(q);
                    i += 2;
                } else if Some(b) == q {
                    if esc == q && next == q {
                        field.extend(q);
                        i += 2;
                    } else {
                        in_quotes = false;
                        i += 1;
                    }
                } else {
                    field.push(b);
                    i += 1;
                }
            } else if !fd.is_empty() && rec[i..].starts_with(fd) {
                fields.push(into_text(std::mem::take(&mut field))?);
                at_start = true;
                i += fd.len();
            } else if at_start && Some(b) == q {
                in_quotes = true;
                at_start = false;
                i += 1;
            } else {
                field.push(b);
                at_start = false;
                i += 1;
            }
        }
        fields.push(into_text(field)?);
        Ok(fields)
    }
}

/// Where a scan for the record delimiter is, quoting-wise.
#[derive(Debug)]
struct QuoteState {
    /// Inside a quoted field.
    inside: bool,
    /// The last byte closed a quoted field (a quote right after reopens it:
    /// a doubled quote).
    just_closed: bool,
    /// The next byte is escaped.
    escaped: bool,
    /// At the start of a field.
    at_field_start: bool,
    /// Some byte was read.
    seen: bool,
}

impl Default for QuoteState {
    fn default() -> Self {
        QuoteState {
            inside: false,
            just_closed: false,
            escaped: false,
            at_field_start: true,
            seen: false,
        }
    }
}

impl QuoteState {
    /// Takes byte `b`, the last of `out`.
    fn step(&mut self, input: &CsvInput, b: u8, out: &[u8]) {
        let (q, esc) = (input.quote, input.quote_escape);
        if self.inside {
            if self.escaped {
                self.escaped = false;
            } else if esc != q && Some(b) == esc {
                self.escaped = true;
            } else if Some(b) == q {
                self.inside = false;
                self.just_closed = true;
            }
            return;
        }
        let reopen = self.just_closed && esc == q && Some(b) == q;
        self.just_closed = false;
        if reopen || (self.at_field_start && Some(b) == q) {
            self.inside = true;
            self.at_field_start = false;
        } else {
            self.at_field_start = out.ends_with(&input.field_delimiter);
        }
    }
}

fn into_text(bytes: Vec<u8>) -> Result<String, SelectError> {
    String::from_utf8(bytes).map_err(|_| SelectError::text_encoding())
}

impl CsvOutput {
    /// Appends one record.
    pub fn write_record(&self, out: &mut Vec<u8>, fields: &[String]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(&self.field_delimiter);
            }
            self.write_field(out, f.as_bytes());
        }
        out.extend_from_slice(&self.record_delimiter);
    }

    fn write_field(&self, out: &mut Vec<u8>, f: &[u8]) {
        let q = self.quote;
        let contains = |pat: &[u8]| !pat.is_empty() && f.windows(pat.len()).any(|w| w == pat);
        let needs = self.always_quote
            || contains(&self.field_delimiter)
            || contains(&self.record_delimiter)
            || f.contains(&q)
            || f.contains(&b'\n')
            || f.contains(&b'\r');
        if !needs {
            out.extend_from_slice(f);
            return;
        }
        out.push(q);
        for &b in f {
            if b == q {
                out.push(self.quote_escape);
            }
            out.push(b);
        }
        out.push(q);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn records(input: &CsvInput, text: &str) -> Vec<Vec<String>> {
        let mut src = Cursor::new(text.as_bytes().to_vec());
        let mut out = Vec::new();
        while let Some(r) = input.next_record(&mut src, 1000).unwrap() {
            out.push(input.fields(&r).unwrap());
        }
        out
    }

    #[test]
    fn reads_quotes_comments_and_delimiters() {
        let input = CsvInput::default();
        assert_eq!(
            records(&input, "a,b\n\n# note\n\"x,1\",\"say \"\"hi\"\"\",\n"),
            [vec!["a", "b"], vec!["x,1", "say \"hi\"", ""]]
        );
        // A quoted record delimiter splits the record unless allowed.
        assert_eq!(
            records(&input, "\"a\nb\",c\n"),
            [vec!["a"], vec!["b\"", "c"]]
        );
        let allowed = CsvInput {
            allow_quoted_record_delimiter: true,
            ..CsvInput::default()
        };
        assert_eq!(
            records(&allowed, "\"a\nb\",c\nd\n"),
            [vec!["a\nb", "c"], vec!["d"]]
        );
        let custom = CsvInput {
            record_delimiter: b"\r\n".to_vec(),
            field_delimiter: "|".as_bytes().to_vec(),
            quote: Some(b'\''),
            quote_escape: Some(b'\\'),
            comments: None,
            allow_quoted_record_delimiter: false,
        };
        assert_eq!(
            records(&custom, "#a|'b\\'c|d'\r\ne"),
            [vec!["#a", "b'c|d"], vec!["e"]]
        );
        let mut src = Cursor::new(vec![b'x'; 5000]);
        assert!(input.next_record(&mut src, 1000).is_err());
        assert!(input.fields(b"ok,\xff").is_err());
    }

    #[test]
    fn writes_as_needed_or_always() {
        let out = CsvOutput::default();
        let mut buf = Vec::new();
        out.write_record(
            &mut buf,
            &["a".into(), "b,c".into(), "d\"e".into(), "".into()],
        );
        assert_eq!(buf, b"a,\"b,c\",\"d\"\"e\",\n");
        let always = CsvOutput {
            always_quote: true,
            field_delimiter: b"\t".to_vec(),
            ..CsvOutput::default()
        };
        let mut buf = Vec::new();
        always.write_record(&mut buf, &["a".into(), "1".into()]);
        assert_eq!(buf, b"\"a\"\t\"1\"\n");
    }
}
