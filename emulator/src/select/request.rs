//! The `SelectRequest` document (doc 32360) as the emulator reads it:
//!
//! ```xml
//! <SelectRequest>
//!   <Expression>SELECT … FROM COSObject …</Expression>
//!   <ExpressionType>SQL</ExpressionType>
//!   <InputSerialization>
//!     <CompressionType>NONE</CompressionType>
//!     <CSV><FileHeaderInfo>NONE|USE|IGNORE</FileHeaderInfo>
//!       <RecordDelimiter>\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter>
//!       <QuoteCharacter>"</QuoteCharacter><QuoteEscapeCharacter>"</QuoteEscapeCharacter>
//!       <AllowQuotedRecordDelimiter>FALSE</AllowQuotedRecordDelimiter>
//!       <Comments>#</Comments></CSV>
//!     <!-- or --> <JSON><Type>DOCUMENT|LINES</Type></JSON>
//!   </InputSerialization>
//!   <OutputSerialization>
//!     <CSV><QuoteFields>ASNEEDED|ALWAYS</QuoteFields><RecordDelimiter>\n</RecordDelimiter>
//!       <FieldDelimiter>,</FieldDelimiter><QuoteCharacter>"</QuoteCharacter>
//!       <QuoteEscapeCharacter>"</QuoteEscapeCharacter></CSV>
//!     <!-- or --> <JSON><RecordDelimiter>\n</RecordDelimiter></JSON>
//!   </OutputSerialization>
//!   <RequestProgress><Enabled>FALSE|TRUE</Enabled></RequestProgress>
//! </SelectRequest>
//! ```
//!
//! Delimiters may be sent as the characters themselves or escaped (`\n`,
//! `\r`, `\t`, `\\`): COS's own examples and the Node SDK's demo send the two
//! characters `\n`.

use super::csv::{CsvInput, CsvOutput};
use super::parser::{Query, parse};
use crate::errors::CosError;
use crate::xml::{child_text, children, parse_body};

/// What `FileHeaderInfo` says about the first CSV record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileHeader {
    /// Data.
    None,
    /// Column names, usable in the expression.
    Use,
    /// Skipped.
    Ignore,
}

/// The input format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Input {
    Csv {
        csv: CsvInput,
        header: FileHeader,
    },
    /// `lines`: `Type` `LINES` (one value per line), else `DOCUMENT`.
    Json {
        lines: bool,
    },
}

/// The output format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Output {
    Csv(CsvOutput),
    Json { record_delimiter: Vec<u8> },
}

/// A checked request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SelectRequest {
    pub query: Query,
    pub input: Input,
    pub output: Output,
    /// `RequestProgress/Enabled` is `TRUE`.
    pub progress: bool,
}

fn invalid(message: String) -> CosError {
    CosError::invalid_argument(message)
}

/// Reads and checks the document: malformed XML or a missing required
/// element → `400 MalformedXML`; a bad value → `400 InvalidArgument`; SQL the
/// emulator cannot run → `400 InvalidArgument` (`Invalid SQL expression: …`,
/// the message COS starts with); compressed or Parquet input → `501
/// NotImplemented` (COS reads them; the emulator does not).
pub(crate) fn parse_request(text: &str) -> Result<SelectRequest, CosError> {
    let doc = parse_body(text, "SelectRequest")?;
    let root = doc.root_element();
    let expression = child_text(root, "Expression").ok_or_else(CosError::malformed_xml)?;
    match child_text(root, "ExpressionType").as_deref().map(str::trim) {
        None => return Err(CosError::malformed_xml()),
        Some(t) if t.eq_ignore_ascii_case("SQL") => {}
        Some(t) => {
            return Err(invalid(format!(
                "The ExpressionType {t} is not supported; it must be SQL."
            )));
        }
    }
    let input_node = children(root, "InputSerialization")
        .next()
        .ok_or_else(CosError::malformed_xml)?;
    match child_text(input_node, "CompressionType")
        .map(|c| c.trim().to_ascii_uppercase())
        .as_deref()
    {
        None | Some("") | Some("NONE") => {}
        Some(c @ ("GZIP" | "BZIP2")) => {
            return Err(CosError::not_implemented(&format!(
                "SELECT over {c}-compressed objects"
            )));
        }
        Some(c) => {
            return Err(invalid(format!(
                "The CompressionType {c} is not supported; one of NONE, GZIP, BZIP2."
            )));
        }
    }
    let input = match (
        children(input_node, "CSV").next(),
        children(input_node, "JSON").next(),
    ) {
        (Some(csv), None) => csv_input(csv)?,
        (None, Some(json)) => {
            let lines = match child_text(json, "Type").map(|t| t.trim().to_ascii_uppercase()) {
                None => false,
                Some(t) if t.is_empty() || t == "DOCUMENT" => false,
                Some(t) if t == "LINES" => true,
                Some(t) => {
                    return Err(invalid(format!(
                        "The JSON Type {t} is not supported; one of DOCUMENT, LINES."
                    )));
                }
            };
            Input::Json { lines }
        }
        (None, None) if children(input_node, "Parquet").next().is_some() => {
            return Err(CosError::not_implemented("SELECT over Parquet objects"));
        }
        _ => return Err(CosError::malformed_xml()),
    };
    let output_node = children(root, "OutputSerialization")
        .next()
        .ok_or_else(CosError::malformed_xml)?;
    let output = match (
        children(output_node, "CSV").next(),
        children(output_node, "JSON").next(),
    ) {
        (Some(csv), None) => Output::Csv(csv_output(csv)?),
        (None, Some(json)) => Output::Json {
            record_delimiter: delimiter(json, "RecordDelimiter", b"\n", true)?,
        },
        _ => return Err(CosError::malformed_xml()),
    };
    let progress = match children(root, "RequestProgress").next() {
        None => false,
        Some(p) => flag(p, "Enabled")?,
    };
    let query = parse(&expression)
        .map_err(|e| invalid(format!("Invalid SQL expression: {}.", e.message)))?;
    if matches!(input, Input::Csv { .. }) && !query.from_path.is_empty() {
        return Err(invalid(
            "Invalid SQL expression: CSV input has no paths after COSObject.".to_string(),
        ));
    }
    Ok(SelectRequest {
        query,
        input,
        output,
        progress,
    })
}

fn csv_input(node: roxmltree::Node<'_, '_>) -> Result<Input, CosError> {
    let header = match child_text(node, "FileHeaderInfo").map(|h| h.trim().to_ascii_uppercase()) {
        None => FileHeader::None,
        Some(h) if h.is_empty() || h == "NONE" => FileHeader::None,
        Some(h) if h == "USE" => FileHeader::Use,
        Some(h) if h == "IGNORE" => FileHeader::Ignore,
        Some(h) => {
            return Err(invalid(format!(
                "The FileHeaderInfo {h} is not supported; one of NONE, USE, IGNORE."
            )));
        }
    };
    let comments = match child_text(node, "Comments") {
        None => Some(b"#".to_vec()),
        Some(c) if c.is_empty() => None,
        Some(c) => Some(one_char(&unescape(&c), "Comments")?),
    };
    let csv = CsvInput {
        record_delimiter: delimiter(node, "RecordDelimiter", b"\n", true)?,
        field_delimiter: delimiter(node, "FieldDelimiter", b",", false)?,
        quote: Some(ascii(node, "QuoteCharacter", b'"')?),
        quote_escape: Some(ascii(node, "QuoteEscapeCharacter", b'"')?),
        comments,
        allow_quoted_record_delimiter: match children(node, "AllowQuotedRecordDelimiter").next() {
            None => false,
            Some(_) => flag(node, "AllowQuotedRecordDelimiter")?,
        },
    };
    if csv.record_delimiter == csv.field_delimiter {
        return Err(invalid(
            "The RecordDelimiter and the FieldDelimiter must differ.".to_string(),
        ));
    }
    Ok(Input::Csv { csv, header })
}

fn csv_output(node: roxmltree::Node<'_, '_>) -> Result<CsvOutput, CosError> {
    let always_quote = match child_text(node, "QuoteFields").map(|q| q.trim().to_ascii_uppercase())
    {
        None => false,
        Some(q) if q.is_empty() || q == "ASNEEDED" => false,
        Some(q) if q == "ALWAYS" => true,
        Some(q) => {
            return Err(invalid(format!(
                "The QuoteFields {q} is not supported; one of ASNEEDED, ALWAYS."
            )));
        }
    };
    Ok(CsvOutput {
        record_delimiter: delimiter(node, "RecordDelimiter", b"\n", true)?,
        field_delimiter: delimiter(node, "FieldDelimiter", b",", false)?,
        quote: ascii(node, "QuoteCharacter", b'"')?,
        quote_escape: ascii(node, "QuoteEscapeCharacter", b'"')?,
        always_quote,
    })
}

/// `TRUE` / `FALSE` (any case) in element `name` of `node`.
fn flag(node: roxmltree::Node<'_, '_>, name: &str) -> Result<bool, CosError> {
    match child_text(node, name).map(|v| v.trim().to_ascii_uppercase()) {
        None => Ok(false),
        Some(v) if v == "TRUE" => Ok(true),
        Some(v) if v == "FALSE" || v.is_empty() => Ok(false),
        Some(v) => Err(invalid(format!("{name} must be TRUE or FALSE, not {v}."))),
    }
}

/// Undoes the escapes COS accepts in delimiters: `\n`, `\r`, `\t`, `\\`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.clone().next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

/// A delimiter element: absent or empty → `default`; else one character,
/// or `\r\n` when `allow_crlf`.
fn delimiter(
    node: roxmltree::Node<'_, '_>,
    name: &str,
    default: &[u8],
    allow_crlf: bool,
) -> Result<Vec<u8>, CosError> {
    match child_text(node, name) {
        None => Ok(default.to_vec()),
        Some(v) if v.is_empty() => Ok(default.to_vec()),
        Some(v) => {
            let v = unescape(&v);
            if allow_crlf && v == "\r\n" {
                return Ok(v.into_bytes());
            }
            one_char(&v, name)
        }
    }
}

fn one_char(v: &str, name: &str) -> Result<Vec<u8>, CosError> {
    if v.chars().count() == 1 {
        Ok(v.as_bytes().to_vec())
    } else {
        Err(invalid(format!("The {name} must be a single character.")))
    }
}

/// A quoting element: absent or empty → `default`; else one ASCII character.
fn ascii(node: roxmltree::Node<'_, '_>, name: &str, default: u8) -> Result<u8, CosError> {
    match child_text(node, name).map(|v| unescape(&v)) {
        None => Ok(default),
        Some(v) if v.is_empty() => Ok(default),
        Some(v) if v.len() == 1 && v.is_ascii() => Ok(v.as_bytes()[0]),
        Some(_) => Err(invalid(format!(
            "The {name} must be a single ASCII character."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Node SDK's demo request (request-vectors-more.json #55).
    const NODE_CSV: &str = "<SelectRequest><Expression>Select s._1, s._2 from COSObject s where s._3 &gt; &apos;20&apos;</Expression><ExpressionType>SQL</ExpressionType><InputSerialization><CSV><FileHeaderInfo>IGNORE</FileHeaderInfo><RecordDelimiter>\\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter><QuoteCharacter>&quot;</QuoteCharacter><QuoteEscapeCharacter>&quot;</QuoteEscapeCharacter><Comments>#</Comments><AllowQuotedRecordDelimiter>FALSE</AllowQuotedRecordDelimiter></CSV></InputSerialization><OutputSerialization><CSV><QuoteFields>ASNEEDED</QuoteFields><RecordDelimiter>\\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter><QuoteCharacter>&quot;</QuoteCharacter><QuoteEscapeCharacter>&quot;</QuoteEscapeCharacter></CSV></OutputSerialization><RequestProgress><Enabled>FALSE</Enabled></RequestProgress></SelectRequest>";
    /// #56, the stream variant over JSON.
    const NODE_JSON: &str = "<SelectRequest><Expression>Select * from COSObject</Expression><ExpressionType>SQL</ExpressionType><InputSerialization><JSON><Type>DOCUMENT</Type></JSON></InputSerialization><OutputSerialization><JSON><RecordDelimiter>\n</RecordDelimiter></JSON></OutputSerialization><RequestProgress><Enabled>TRUE</Enabled></RequestProgress></SelectRequest>";

    #[test]
    fn node_requests() {
        let r = parse_request(NODE_CSV).unwrap();
        let Input::Csv { csv, header } = &r.input else {
            panic!("{r:?}")
        };
        assert_eq!(*header, FileHeader::Ignore);
        assert_eq!(csv.record_delimiter, b"\n");
        assert_eq!(csv.quote, Some(b'"'));
        assert!(!r.progress);
        assert_eq!(r.output, Output::Csv(CsvOutput::default()));
        let r = parse_request(NODE_JSON).unwrap();
        assert_eq!(r.input, Input::Json { lines: false });
        assert!(r.progress);
        assert_eq!(
            r.output,
            Output::Json {
                record_delimiter: b"\n".to_vec()
            }
        );
    }

    #[test]
    fn errors() {
        let with = |from: &str, to: &str| NODE_CSV.replace(from, to);
        let code = |doc: &str| parse_request(doc).unwrap_err().code;
        assert_eq!(code("<SelectRequest>"), "MalformedXML");
        assert_eq!(code("<Other/>"), "MalformedXML");
        assert_eq!(
            code(&with("<ExpressionType>SQL</ExpressionType>", "")),
            "MalformedXML"
        );
        assert_eq!(code(&with(">SQL<", ">XQuery<")), "InvalidArgument");
        assert_eq!(code(&with(">IGNORE<", ">FIRST<")), "InvalidArgument");
        assert_eq!(code(&with(">ASNEEDED<", ">SOMETIMES<")), "InvalidArgument");
        assert_eq!(
            code(&with("<FieldDelimiter>,<", "<FieldDelimiter>,;<")),
            "InvalidArgument"
        );
        assert_eq!(
            code(&with("<FieldDelimiter>,<", "<FieldDelimiter>\\n<")),
            "InvalidArgument"
        );
        assert_eq!(
            code(&with("<Enabled>FALSE<", "<Enabled>maybe<")),
            "InvalidArgument"
        );
        assert_eq!(code(&with("Select s._1", "Selec s._1")), "InvalidArgument");
        assert_eq!(
            code(&with("COSObject s", "COSObject[*] s")),
            "InvalidArgument"
        );
        assert_eq!(
            code(&with(
                "<CSV><FileHeaderInfo>",
                "<CompressionType>GZIP</CompressionType><CSV><FileHeaderInfo>"
            )),
            "NotImplemented"
        );
        let e = parse_request(&with("Select s._1", "Selec s._1")).unwrap_err();
        assert!(
            e.message.starts_with("Invalid SQL expression"),
            "{}",
            e.message
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(unescape("\\n"), "\n");
        assert_eq!(unescape("\\r\\n"), "\r\n");
        assert_eq!(unescape("\\t"), "\t");
        assert_eq!(unescape("\\"), "\\");
        assert_eq!(unescape("\\\\"), "\\");
        assert_eq!(unescape("\\x"), "\\x");
    }
}
