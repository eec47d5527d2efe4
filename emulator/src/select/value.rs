//! The values SELECT computes with: CSV fields are strings, JSON brings
//! numbers, booleans, null, lists and structs (field order kept, as COS
//! answers them in the order of the input), and a path that leads nowhere is
//! `Missing` (left out of JSON output, empty in CSV).

use std::cmp::Ordering;
use std::fmt::Write;

/// A value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// No such column or field.
    Missing,
    /// JSON `null` (and SQL `NULL`).
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    /// A JSON object: fields in input order.
    Struct(Vec<(String, Value)>),
}

impl Value {
    /// Whether the value is unknown in SQL's sense (comparisons with it are
    /// neither true nor false).
    pub fn is_absent(&self) -> bool {
        matches!(self, Value::Missing | Value::Null)
    }

    /// The number a value stands for: numbers as they are, strings that read
    /// as a number (CSV fields), nothing else.
    pub fn as_number(&self) -> Option<Value> {
        match self {
            Value::Int(_) | Value::Float(_) => Some(self.clone()),
            Value::Str(s) => parse_number(s.trim()),
            _ => None,
        }
    }

    /// The value as text in CSV output (JSON text for lists and structs).
    pub fn to_text(&self) -> String {
        match self {
            Value::Missing | Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format_float(*f),
            Value::Str(s) => s.clone(),
            Value::List(_) | Value::Struct(_) => {
                let mut out = String::new();
                write_json(&mut out, self);
                out
            }
        }
    }
}

/// Reads an SQL or JSON number: an integer that fits `i64`, else a float.
pub(crate) fn parse_number(s: &str) -> Option<Value> {
    if s.is_empty() {
        return None;
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = s.parse::<i64>() {
            return Some(Value::Int(i));
        }
    }
    // Only plain decimal notation: "inf", "NaN" and the like are not numbers.
    let plain = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if !plain {
        return None;
    }
    s.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Value::Float)
}

/// A float as text: integral values keep no fraction (`3`), others the
/// shortest form that reads back the same.
pub(crate) fn format_float(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    format!("{f}")
}

/// Compares two values the way SELECT does: numbers numerically (a string
/// that reads as a number counts as one when the other side is a number),
/// strings by their bytes, booleans with booleans. `None`: not comparable
/// (absent values, or kinds that do not mix).
pub(crate) fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    if a.is_absent() || b.is_absent() {
        return None;
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        _ => {
            let (x, y) = (a.as_number()?, b.as_number()?);
            match (x, y) {
                (Value::Int(x), Value::Int(y)) => Some(x.cmp(&y)),
                (x, y) => to_f64(&x)?.partial_cmp(&to_f64(&y)?),
            }
        }
    }
}

/// A number as `f64`.
pub(crate) fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Appends `v` as compact JSON (`Missing` as `null`; a non-finite float,
/// which JSON cannot carry, as `null`).
pub(crate) fn write_json(out: &mut String, v: &Value) {
    match v {
        Value::Missing | Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) if f.is_finite() => out.push_str(&format_float(*f)),
        Value::Float(_) => out.push_str("null"),
        Value::Str(s) => write_json_string(out, s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        Value::Struct(fields) => write_struct(out, fields.iter().map(|(k, v)| (k.as_str(), v))),
    }
}

/// Appends a JSON object of `fields`, leaving out the missing ones.
pub(crate) fn write_struct<'a>(
    out: &mut String,
    fields: impl Iterator<Item = (&'a str, &'a Value)>,
) {
    out.push('{');
    let mut first = true;
    for (name, value) in fields {
        if matches!(value, Value::Missing) {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        write_json_string(out, name);
        out.push(':');
        write_json(out, value);
    }
    out.push('}');
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("42"), Some(Value::Int(42)));
        assert_eq!(parse_number("-7"), Some(Value::Int(-7)));
        assert_eq!(parse_number("2.5"), Some(Value::Float(2.5)));
        assert_eq!(parse_number("1e3"), Some(Value::Float(1000.0)));
        assert_eq!(
            parse_number("99999999999999999999"),
            Some(Value::Float(1e20))
        );
        for bad in ["", "-", "abc", "inf", "NaN", "1.2.3", "0x10", "1e999"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn comparisons() {
        use Ordering::*;
        let s = |x: &str| Value::Str(x.into());
        assert_eq!(compare(&s("30"), &Value::Int(25)), Some(Greater));
        assert_eq!(compare(&s("30"), &s("4")), Some(Less));
        assert_eq!(compare(&Value::Int(2), &Value::Float(2.0)), Some(Equal));
        assert_eq!(compare(&s("abc"), &Value::Int(1)), None);
        assert_eq!(compare(&Value::Null, &Value::Null), None);
        assert_eq!(compare(&Value::Missing, &s("")), None);
    }

    #[test]
    fn json_text() {
        let v = Value::Struct(vec![
            ("b".into(), Value::Int(1)),
            ("a".into(), Value::Str("x\"\n\u{1}".into())),
            ("gone".into(), Value::Missing),
            (
                "l".into(),
                Value::List(vec![Value::Null, Value::Bool(true), Value::Float(2.5)]),
            ),
        ]);
        let mut out = String::new();
        write_json(&mut out, &v);
        assert_eq!(out, r#"{"b":1,"a":"x\"\n\u0001","l":[null,true,2.5]}"#);
        assert_eq!(Value::Float(3.0).to_text(), "3");
    }
}
