//! SELECT Object Content (`POST /{key}?select&select-type=2`, doc 32360): a
//! SQL subset over CSV and JSON objects, answered as a binary event stream.
//!
//! | module | job |
//! |---|---|
//! | `request` | the `SelectRequest` document, checked |
//! | `lexer`, `parser` | the SQL subset into a [`parser::Query`] (bounded nesting) |
//! | `value`, `eval` | values, comparisons, expressions, aggregates |
//! | `csv`, `json` | records in and out |
//! | `frames` | event-stream messages (prelude, headers, payload, two CRC32s) |
//! | `stream` | the query run lazily as a `Read` of messages |

mod csv;
mod eval;
mod frames;
mod json;
mod lexer;
mod parser;
mod request;
mod stream;
mod value;

pub(crate) use request::parse_request;
pub(crate) use stream::SelectStream;

/// A failure while a query runs: its COS error code and message, sent as an
/// error message of the stream (or, for SQL found wrong before anything is
/// sent, a `400 InvalidArgument`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SelectError {
    pub code: &'static str,
    pub message: String,
}

impl SelectError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        SelectError {
            code,
            message: message.into(),
        }
    }

    /// SQL the emulator cannot run (reported before the stream starts).
    fn sql(message: impl Into<String>) -> Self {
        Self::new("InvalidArgument", message)
    }

    /// A JSON record that does not parse.
    fn json(detail: String) -> Self {
        Self::new(
            "JSONParsingError",
            format!("Encountered an error parsing the JSON input: {detail}."),
        )
    }

    /// Input that is not UTF-8 (the message COS sends, as recorded).
    fn text_encoding() -> Self {
        Self::new("InvalidTextEncoding", "UTF-8 encoding is required.")
    }

    /// A record over 1 MB.
    fn record_too_large() -> Self {
        Self::new(
            "OverMaxRecordSize",
            "The length of a record in the input is greater than 1 MB.",
        )
    }

    /// The object could not be read.
    fn io(e: std::io::Error) -> Self {
        Self::new("InternalError", format!("Reading the object failed: {e}."))
    }

    /// A `CAST` (or arithmetic on text) that does not convert.
    fn cast_failed() -> Self {
        Self::new(
            "CastFailed",
            "Attempt to convert from one data type to another using CAST failed in the SQL \
             expression.",
        )
    }

    /// `x / 0`, `x % 0`.
    fn division_by_zero() -> Self {
        Self::new("DivisionByZero", "Division by zero is invalid.")
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;

    /// A xorshift generator: the same inputs on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    const WORDS: &[&str] = &[
        "SELECT",
        "*",
        "FROM",
        "COSObject",
        "s",
        "WHERE",
        "LIMIT",
        "AND",
        "OR",
        "NOT",
        "(",
        ")",
        ",",
        ".",
        "_1",
        "_2",
        "name",
        "\"Name\"",
        "'x'",
        "'2''0'",
        "1",
        "-2.5",
        "1e3",
        "=",
        "<>",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "+",
        "-",
        "*",
        "/",
        "%",
        "||",
        "CAST",
        "AS",
        "INT",
        "FLOAT",
        "STRING",
        "COUNT",
        "SUM",
        "AVG",
        "MIN",
        "MAX",
        "IS",
        "NULL",
        "MISSING",
        "IN",
        "BETWEEN",
        "LIKE",
        "'%a_'",
        "TRUE",
        "FALSE",
        "[",
        "]",
        "0",
        "[*]",
        "LOWER",
        "UPPER",
        "CHAR_LENGTH",
    ];

    /// A random well-formed expression.
    fn expr(rng: &mut Rng, depth: u32) -> String {
        if depth == 0 || rng.next() % 3 == 0 {
            return rng
                .pick(&[
                    "s._1",
                    "s._2",
                    "s.a",
                    "s.b.c[2].d",
                    "s.name",
                    "'x'",
                    "1",
                    "-2.5",
                    "NULL",
                    "TRUE",
                    "s._9",
                ])
                .to_string();
        }
        let a = expr(rng, depth - 1);
        let b = expr(rng, depth - 1);
        match rng.next() % 9 {
            0 => format!(
                "{a} {} {b}",
                rng.pick(&["=", "<>", "<", ">=", "+", "-", "*", "/", "%", "||"])
            ),
            1 => format!("{a} {} {b}", rng.pick(&["AND", "OR"])),
            2 => format!("NOT ({a})"),
            3 => format!(
                "CAST({a} AS {})",
                rng.pick(&["INT", "FLOAT", "STRING", "BOOL"])
            ),
            4 => format!("{}({a})", rng.pick(&["LOWER", "UPPER", "CHAR_LENGTH"])),
            5 => format!("{a} IS {}", rng.pick(&["NULL", "NOT NULL", "MISSING"])),
            6 => format!("{a} IN ({b}, 1, 'x')"),
            7 => format!("{a} BETWEEN {b} AND 3"),
            _ => format!("{a} LIKE '%{}'", rng.pick(&["a", "_", "%", "1"])),
        }
    }

    /// Random token soup and random records never panic: every input is a
    /// query, a 400, a stream, or an error message.
    #[test]
    fn hostile_queries_and_records_never_panic() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let dir = tempfile::tempdir().unwrap();
        let csv_path = dir.path().join("data.csv");
        let json_path = dir.path().join("data.json");
        let mut csv = Vec::new();
        let mut json = Vec::new();
        for _ in 0..200 {
            let n = rng.next() % 6;
            for j in 0..n {
                if j > 0 {
                    csv.push(b',');
                }
                let pick = rng.pick(&["1", "abc", "\"q,\"\"x\"", "-3.5", "", "\u{e9}", "#"]);
                csv.extend_from_slice(pick.as_bytes());
            }
            csv.push(b'\n');
            let v = rng.pick(&[
                "{\"a\":1,\"b\":{\"c\":[1,2,{\"d\":\"x\"}]}}",
                "[1,2,3]",
                "\"str\"",
                "{\"a\":\"2\",\"_1\":null}",
                "{}",
                "{\"a\":[",
            ]);
            json.extend_from_slice(v.as_bytes());
            json.push(b'\n');
        }
        std::fs::File::create(&csv_path)
            .unwrap()
            .write_all(&csv)
            .unwrap();
        std::fs::File::create(&json_path)
            .unwrap()
            .write_all(&json)
            .unwrap();
        let mut ran = 0;
        for round in 0..3000 {
            let mut sql = String::from(if round % 3 == 0 { "" } else { "SELECT " });
            let len = rng.next() % 14;
            for _ in 0..len {
                sql.push_str(rng.pick(WORDS));
                sql.push(' ');
            }
            if round % 2 == 0 {
                sql = format!("SELECT {sql}FROM COSObject s WHERE {}", rng.pick(WORDS));
            }
            if round % 4 == 1 {
                let items = match rng.next() % 3 {
                    0 => "*".to_string(),
                    1 => format!("{}, {} AS x", expr(&mut rng, 3), expr(&mut rng, 2)),
                    _ => format!(
                        "COUNT(*), {}({})",
                        rng.pick(&["SUM", "AVG", "MIN", "MAX", "COUNT"]),
                        expr(&mut rng, 2)
                    ),
                };
                let from = if round % 3 == 2 {
                    ""
                } else {
                    rng.pick(&["", "[*]", "[*].b.c"])
                };
                sql = format!(
                    "SELECT {items} FROM COSObject{from} s WHERE {} LIMIT {}",
                    expr(&mut rng, 4),
                    rng.next() % 50
                );
            }
            let (input, path) = match round % 3 {
                0 => ("<JSON><Type>LINES</Type></JSON>".to_string(), &json_path),
                1 => ("<JSON><Type>DOCUMENT</Type></JSON>".to_string(), &json_path),
                _ => (
                    "<CSV><FileHeaderInfo>USE</FileHeaderInfo></CSV>".to_string(),
                    &csv_path,
                ),
            };
            let output = if round % 2 == 0 { "<CSV/>" } else { "<JSON/>" };
            let xml = format!(
                "<SelectRequest><Expression>{}</Expression><ExpressionType>SQL</ExpressionType>\
                 <InputSerialization>{input}</InputSerialization>\
                 <OutputSerialization>{output}</OutputSerialization></SelectRequest>",
                sql.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            );
            let Ok(req) = parse_request(&xml) else {
                continue;
            };
            ran += 1;
            let file = std::fs::File::open(path).unwrap();
            let size = file.metadata().unwrap().len();
            let mut out = Vec::new();
            SelectStream::new(req, file, size)
                .read_to_end(&mut out)
                .unwrap();
            assert!(!out.is_empty());
        }
        assert!(ran > 100, "only {ran} queries parsed");
    }
}
