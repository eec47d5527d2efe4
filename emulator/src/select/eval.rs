//! Evaluating a parsed [`Query`]'s expressions against one record.

use std::cmp::Ordering;

use super::SelectError;
use super::parser::{Agg, Arith, CastTo, Cmp, Expr, Func, Seg};
use super::value::{Value, compare, parse_number, to_f64};

/// One input record.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Row<'a> {
    /// A CSV record; `header` when `FileHeaderInfo` is `USE`.
    Csv {
        fields: &'a [String],
        header: Option<&'a [String]>,
    },
    /// A JSON value.
    Json(&'a Value),
}

/// What expressions are evaluated against: the row, the query's alias, and
/// the aggregate results once the input is consumed.
pub(crate) struct Scope<'a> {
    pub row: Row<'a>,
    pub alias: Option<&'a str>,
    pub aggregates: &'a [Value],
}

/// SQL truth: `None` is unknown.
type Truth = Option<bool>;

fn truth(v: &Value) -> Truth {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

fn from_truth(t: Truth) -> Value {
    t.map_or(Value::Null, Value::Bool)
}

/// Whether `expr` holds for the scope (unknown counts as false).
pub(crate) fn holds(expr: &Expr, scope: &Scope<'_>) -> Result<bool, SelectError> {
    Ok(truth(&eval(expr, scope)?) == Some(true))
}

/// Evaluates `expr`.
pub(crate) fn eval(expr: &Expr, scope: &Scope<'_>) -> Result<Value, SelectError> {
    Ok(match expr {
        Expr::Lit(v) => v.clone(),
        Expr::Path(segs) => resolve(segs, scope),
        Expr::AggRef(i) => scope.aggregates.get(*i).cloned().unwrap_or(Value::Null),
        Expr::Neg(a) => match eval(a, scope)?.as_number() {
            Some(Value::Int(i)) => Value::Int(i.checked_neg().unwrap_or(i)),
            Some(Value::Float(f)) => Value::Float(-f),
            _ => Value::Null,
        },
        Expr::Not(a) => from_truth(truth(&eval(a, scope)?).map(|b| !b)),
        Expr::And(terms) => {
            let mut out = Some(true);
            for t in terms {
                match truth(&eval(t, scope)?) {
                    Some(false) => return Ok(Value::Bool(false)),
                    None => out = None,
                    Some(true) => {}
                }
            }
            from_truth(out)
        }
        Expr::Or(terms) => {
            let mut out = Some(false);
            for t in terms {
                match truth(&eval(t, scope)?) {
                    Some(true) => return Ok(Value::Bool(true)),
                    None => out = None,
                    Some(false) => {}
                }
            }
            from_truth(out)
        }
        Expr::Cmp(op, a, b) => {
            let (a, b) = (eval(a, scope)?, eval(b, scope)?);
            from_truth(compare(&a, &b).map(|o| cmp_holds(*op, o)))
        }
        Expr::Arith(op, a, b) => arith(*op, &eval(a, scope)?, &eval(b, scope)?)?,
        Expr::Is {
            expr,
            missing,
            negated,
        } => {
            let v = eval(expr, scope)?;
            let is = if *missing {
                matches!(v, Value::Missing)
            } else {
                v.is_absent()
            };
            Value::Bool(is != *negated)
        }
        Expr::In {
            expr,
            list,
            negated,
        } => {
            let v = eval(expr, scope)?;
            let mut out = Some(false);
            for item in list {
                match compare(&v, &eval(item, scope)?) {
                    Some(Ordering::Equal) => {
                        out = Some(true);
                        break;
                    }
                    None => out = None,
                    Some(_) => {}
                }
            }
            from_truth(out.map(|b| b != *negated))
        }
        Expr::Between {
            expr,
            low,
            high,
            negated,
        } => {
            let v = eval(expr, scope)?;
            let lo = compare(&v, &eval(low, scope)?).map(|o| o != Ordering::Less);
            let hi = compare(&v, &eval(high, scope)?).map(|o| o != Ordering::Greater);
            let within = match (lo, hi) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            from_truth(within.map(|b| b != *negated))
        }
        Expr::Like {
            expr,
            pattern,
            negated,
        } => {
            let (v, p) = (eval(expr, scope)?, eval(pattern, scope)?);
            if v.is_absent() || p.is_absent() {
                Value::Null
            } else {
                let m = like(&v.to_text(), &p.to_text());
                Value::Bool(m != *negated)
            }
        }
        Expr::Cast(a, to) => cast(eval(a, scope)?, *to)?,
        Expr::Func(f, a) => {
            let v = eval(a, scope)?;
            if v.is_absent() {
                v
            } else {
                let text = v.to_text();
                match f {
                    Func::Lower => Value::Str(text.to_lowercase()),
                    Func::Upper => Value::Str(text.to_uppercase()),
                    Func::CharLength => Value::Int(text.chars().count() as i64),
                }
            }
        }
    })
}

fn cmp_holds(op: Cmp, o: Ordering) -> bool {
    match op {
        Cmp::Eq => o == Ordering::Equal,
        Cmp::Ne => o != Ordering::Equal,
        Cmp::Lt => o == Ordering::Less,
        Cmp::Le => o != Ordering::Greater,
        Cmp::Gt => o == Ordering::Greater,
        Cmp::Ge => o != Ordering::Less,
    }
}

/// The value a path names in the scope's row (`Missing` when none).
fn resolve(segs: &[Seg], scope: &Scope<'_>) -> Value {
    let mut segs = segs;
    if let (Some(alias), Some(Seg::Field { name, quoted })) = (scope.alias, segs.first()) {
        let same = if *quoted {
            name == alias
        } else {
            name.eq_ignore_ascii_case(alias)
        };
        if same && segs.len() > 1 {
            segs = &segs[1..];
        }
    }
    let Some((first, rest)) = segs.split_first() else {
        return Value::Missing;
    };
    let start = match scope.row {
        Row::Csv { fields, header } => {
            let Seg::Field { name, quoted } = first else {
                return Value::Missing;
            };
            let index = position(name, *quoted).or_else(|| {
                header.and_then(|h| {
                    h.iter().position(|col| {
                        if *quoted {
                            col == name
                        } else {
                            col.eq_ignore_ascii_case(name)
                        }
                    })
                })
            });
            match index.and_then(|i| fields.get(i)) {
                Some(f) => Value::Str(f.clone()),
                None => return Value::Missing,
            }
        }
        Row::Json(v) => step(v, first),
    };
    rest.iter().fold(start, |v, seg| step(&v, seg))
}

/// `_N` (unquoted, N ≥ 1) → the 0-based column N-1.
fn position(name: &str, quoted: bool) -> Option<usize> {
    if quoted {
        return None;
    }
    let digits = name.strip_prefix('_')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<usize>().ok()?.checked_sub(1)
}

/// One step into a JSON value.
fn step(v: &Value, seg: &Seg) -> Value {
    match (v, seg) {
        (Value::Struct(fields), Seg::Field { name, quoted }) => fields
            .iter()
            .find(|(k, _)| {
                if *quoted {
                    k == name
                } else {
                    k.eq_ignore_ascii_case(name)
                }
            })
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Missing),
        (Value::List(items), Seg::Index(i)) => items.get(*i).cloned().unwrap_or(Value::Missing),
        _ => Value::Missing,
    }
}

fn arith(op: Arith, a: &Value, b: &Value) -> Result<Value, SelectError> {
    if a.is_absent() || b.is_absent() {
        return Ok(Value::Null);
    }
    if op == Arith::Concat {
        return Ok(Value::Str(format!("{}{}", a.to_text(), b.to_text())));
    }
    let (Some(x), Some(y)) = (a.as_number(), b.as_number()) else {
        return Err(SelectError::cast_failed());
    };
    if let (Value::Int(x), Value::Int(y)) = (&x, &y) {
        let (x, y) = (*x, *y);
        let exact = match op {
            Arith::Add => x.checked_add(y),
            Arith::Sub => x.checked_sub(y),
            Arith::Mul => x.checked_mul(y),
            Arith::Div | Arith::Rem if y == 0 => return Err(SelectError::division_by_zero()),
            Arith::Div => x.checked_div(y),
            Arith::Rem => x.checked_rem(y),
            Arith::Concat => None,
        };
        if let Some(v) = exact {
            return Ok(Value::Int(v));
        }
    }
    let (x, y) = (to_f64(&x).unwrap_or(0.0), to_f64(&y).unwrap_or(0.0));
    let v = match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div | Arith::Rem if y == 0.0 => return Err(SelectError::division_by_zero()),
        Arith::Div => x / y,
        Arith::Rem => x % y,
        Arith::Concat => 0.0,
    };
    Ok(Value::Float(v))
}

/// `CAST(v AS to)`; a value that does not convert → `CastFailed`.
pub(crate) fn cast(v: Value, to: CastTo) -> Result<Value, SelectError> {
    if v.is_absent() {
        return Ok(v);
    }
    Ok(match to {
        CastTo::Str => Value::Str(v.to_text()),
        CastTo::Int => match number_of(&v)? {
            Value::Float(f) if f.is_finite() && f.abs() < 9.2e18 => Value::Int(f.trunc() as i64),
            Value::Float(_) => return Err(SelectError::cast_failed()),
            other => other,
        },
        CastTo::Float => match number_of(&v)? {
            Value::Int(i) => Value::Float(i as f64),
            other => other,
        },
        CastTo::Bool => match &v {
            Value::Bool(_) => v,
            Value::Str(s) if s.trim().eq_ignore_ascii_case("true") => Value::Bool(true),
            Value::Str(s) if s.trim().eq_ignore_ascii_case("false") => Value::Bool(false),
            _ => return Err(SelectError::cast_failed()),
        },
    })
}

fn number_of(v: &Value) -> Result<Value, SelectError> {
    match v {
        Value::Int(_) | Value::Float(_) => Ok(v.clone()),
        Value::Str(s) => parse_number(s.trim()).ok_or_else(SelectError::cast_failed),
        Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
        _ => Err(SelectError::cast_failed()),
    }
}

/// SQL `LIKE`: `%` any run, `_` one character.
fn like(text: &str, pattern: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    // Iterative matching with backtracking to the last `%` (linear space).
    let (mut ti, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '_' || p[pi] == t[ti]) {
            ti += 1;
            pi += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '%' {
        pi += 1;
    }
    pi == p.len()
}

/// The running state of one aggregate.
#[derive(Debug, Clone)]
pub(crate) struct Accumulator {
    agg: Agg,
    count: u64,
    sum: Option<Value>,
    best: Option<Value>,
}

impl Accumulator {
    pub fn new(agg: Agg) -> Self {
        Accumulator {
            agg,
            count: 0,
            sum: None,
            best: None,
        }
    }

    /// Takes one row's value (`None` for `COUNT(*)`).
    pub fn add(&mut self, v: Option<Value>) -> Result<(), SelectError> {
        let Some(v) = v else {
            self.count += 1;
            return Ok(());
        };
        if v.is_absent() {
            return Ok(());
        }
        self.count += 1;
        match self.agg {
            Agg::Count => {}
            Agg::Sum | Agg::Avg => {
                let n = v.as_number().ok_or_else(SelectError::cast_failed)?;
                self.sum = Some(match self.sum.take() {
                    None => n,
                    Some(s) => arith(Arith::Add, &s, &n)?,
                });
            }
            Agg::Min | Agg::Max => {
                let v = v.as_number().unwrap_or(v);
                let better = match &self.best {
                    None => true,
                    Some(b) => match compare(&v, b) {
                        Some(Ordering::Less) => self.agg == Agg::Min,
                        Some(Ordering::Greater) => self.agg == Agg::Max,
                        _ => false,
                    },
                };
                if better {
                    self.best = Some(v);
                }
            }
        }
        Ok(())
    }

    /// The result once every row was added.
    pub fn finish(&self) -> Value {
        match self.agg {
            Agg::Count => Value::Int(self.count as i64),
            Agg::Sum => self.sum.clone().unwrap_or(Value::Null),
            Agg::Avg => match self.sum.as_ref().and_then(to_f64) {
                Some(s) if self.count > 0 => Value::Float(s / self.count as f64),
                _ => Value::Null,
            },
            Agg::Min | Agg::Max => self.best.clone().unwrap_or(Value::Null),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::parser::{Projection, parse};

    fn csv_scope<'a>(fields: &'a [String], header: Option<&'a [String]>) -> Scope<'a> {
        Scope {
            row: Row::Csv { fields, header },
            alias: Some("s"),
            aggregates: &[],
        }
    }

    fn cond(sql_where: &str, scope: &Scope<'_>) -> bool {
        let q = parse(&format!("SELECT * FROM COSObject s WHERE {sql_where}")).unwrap();
        holds(q.condition.as_ref().unwrap(), scope).unwrap()
    }

    #[test]
    fn csv_conditions() {
        let fields: Vec<String> = ["1", "alice", "30"].iter().map(|s| s.to_string()).collect();
        let header: Vec<String> = ["id", "Name", "age"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let s = csv_scope(&fields, Some(&header));
        assert!(cond("s._3 > '20'", &s));
        assert!(cond("s._3 > 25 AND s.name = 'alice'", &s));
        assert!(cond("s.\"Name\" = 'alice'", &s));
        assert!(!cond("s.\"name\" = 'alice'", &s));
        assert!(cond("CAST(s.age AS INT) BETWEEN 30 AND 31", &s));
        assert!(cond(
            "NOT (s._1 = '2') AND s._2 LIKE 'a%e' AND s._2 NOT LIKE '_x%'",
            &s
        ));
        assert!(cond(
            "s._9 IS MISSING AND s._9 IS NULL AND s._1 IS NOT NULL",
            &s
        ));
        assert!(!cond("s._9 = s._9", &s));
        assert!(cond("s._1 IN ('3', 1) OR s._1 = 7", &s));
        assert!(cond(
            "s._3 / 4 = 7 AND s._3 % 4 = 2 AND s._3 * 1.5 = 45",
            &s
        ));
        assert!(cond("s._2 || '!' = 'alice!' AND UPPER(s._2) = 'ALICE'", &s));
        assert!(cond("CHAR_LENGTH(s._2) = 5 AND -s._3 < 0", &s));
        let q = parse("SELECT * FROM COSObject s WHERE CAST(s._2 AS INT) = 1").unwrap();
        let e = holds(q.condition.as_ref().unwrap(), &s).unwrap_err();
        assert_eq!(e.code, "CastFailed");
        let q = parse("SELECT * FROM COSObject s WHERE s._3 / 0 = 1").unwrap();
        assert!(holds(q.condition.as_ref().unwrap(), &s).is_err());
    }

    #[test]
    fn json_paths() {
        let doc = crate::select::json::parse(
            br#"{"name":"bob","info":{"age":25,"tags":["a","b"]},"ok":true}"#,
        )
        .unwrap();
        let scope = Scope {
            row: Row::Json(&doc),
            alias: Some("s"),
            aggregates: &[],
        };
        assert!(cond(
            "s.info.age = 25 AND s.info.tags[1] = 'b' AND s.ok = TRUE",
            &scope
        ));
        assert!(cond(
            "s.info.missing IS MISSING AND s.INFO.AGE > 20",
            &scope
        ));
        let q = parse("SELECT s.info.tags FROM COSObject s").unwrap();
        let Projection::Items(items) = &q.projection else {
            panic!()
        };
        assert_eq!(
            eval(&items[0].0, &scope).unwrap(),
            Value::List(vec![Value::Str("a".into()), Value::Str("b".into())])
        );
    }

    #[test]
    fn like_patterns() {
        assert!(like("alice", "a%"));
        assert!(like("alice", "%c%"));
        assert!(like("alice", "_lic_"));
        assert!(!like("alice", "_lic"));
        assert!(like("", "%"));
        assert!(like(&"a".repeat(10_000), &"%a".repeat(100)));
    }

    #[test]
    fn aggregates() {
        let mut sum = Accumulator::new(Agg::Sum);
        let mut avg = Accumulator::new(Agg::Avg);
        let mut min = Accumulator::new(Agg::Min);
        for v in ["3", "1", "2"] {
            sum.add(Some(Value::Str(v.into()))).unwrap();
            avg.add(Some(Value::Str(v.into()))).unwrap();
            min.add(Some(Value::Str(v.into()))).unwrap();
        }
        avg.add(Some(Value::Missing)).unwrap();
        assert_eq!(sum.finish(), Value::Int(6));
        assert_eq!(avg.finish(), Value::Float(2.0));
        assert_eq!(min.finish(), Value::Int(1));
        assert!(sum.add(Some(Value::Str("x".into()))).is_err());
        assert_eq!(Accumulator::new(Agg::Max).finish(), Value::Null);
        assert_eq!(Accumulator::new(Agg::Count).finish(), Value::Int(0));
    }
}
