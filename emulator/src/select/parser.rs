//! The SQL subset SELECT takes, parsed into a [`Query`]:
//!
//! ```text
//! SELECT * | item [, item]...  FROM COSObject[[*]][.path] [[AS] alias]
//!     [WHERE condition] [LIMIT n]
//! item      := expr [[AS] name]
//! expr      := OR / AND / NOT, comparisons (= != <> < <= > >=),
//!              IS [NOT] NULL / MISSING, [NOT] IN (…), [NOT] BETWEEN … AND …,
//!              [NOT] LIKE, + - * / % ||, unary -, ( … ),
//!              'string', numbers, TRUE / FALSE / NULL,
//!              paths (s._1, s.name, s."Name", s.a.b, s.list[0]),
//!              CAST(expr AS INT | INTEGER | FLOAT | DECIMAL | … | STRING | BOOL),
//!              LOWER / UPPER / CHAR_LENGTH (…),
//!              COUNT(*) / COUNT / SUM / AVG / MIN / MAX (expr) in the select list
//! ```
//!
//! Nesting is bounded ([`MAX_DEPTH`]), so hostile input is an error, never a
//! stack overflow.

use super::SelectError;
use super::lexer::{Token, tokenize};
use super::value::{Value, parse_number};

/// Deepest nesting of expressions accepted.
const MAX_DEPTH: usize = 64;
/// Longest expression accepted, in bytes (S3 Select's limit).
pub(crate) const MAX_SQL: usize = 256 * 1024;

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Seg {
    /// `.name` / `."Name"` (a quoted name matches case-sensitively).
    Field { name: String, quoted: bool },
    /// `[n]`.
    Index(usize),
    /// `[*]` (FROM clause only).
    Wildcard,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Concat,
}

/// Target types of `CAST`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CastTo {
    Int,
    Float,
    Str,
    Bool,
}

/// Aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Agg {
    Count,
    Sum,
    Avg,
    Min,
    Max,
}

/// Scalar functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Lower,
    Upper,
    CharLength,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Lit(Value),
    Path(Vec<Seg>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    /// All true (n-ary, so long chains do not nest).
    And(Vec<Expr>),
    /// Any true.
    Or(Vec<Expr>),
    Cmp(Cmp, Box<Expr>, Box<Expr>),
    Arith(Arith, Box<Expr>, Box<Expr>),
    /// `IS [NOT] NULL` (`missing`: `IS [NOT] MISSING`).
    Is {
        expr: Box<Expr>,
        missing: bool,
        negated: bool,
    },
    In {
        expr: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        negated: bool,
    },
    Like {
        expr: Box<Expr>,
        pattern: Box<Expr>,
        negated: bool,
    },
    Cast(Box<Expr>, CastTo),
    Func(Func, Box<Expr>),
    /// The `n`th aggregate of the query.
    AggRef(usize),
}

/// The select list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Projection {
    Star,
    /// Expressions with their output names (alias, else the path's last
    /// name, else `_N` by position).
    Items(Vec<(Expr, String)>),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    pub projection: Projection,
    /// The aggregates of the select list (`None`: `COUNT(*)`); non-empty
    /// makes the query answer one row.
    pub aggregates: Vec<(Agg, Option<Expr>)>,
    /// After `COSObject`: `[*]` and `.name` steps into each JSON document.
    pub from_path: Vec<Seg>,
    /// `FROM COSObject s`: `s`.
    pub alias: Option<String>,
    pub condition: Option<Expr>,
    pub limit: Option<u64>,
}

/// Parses a SELECT expression.
pub(crate) fn parse(sql: &str) -> Result<Query, SelectError> {
    if sql.len() > MAX_SQL {
        return Err(SelectError::sql(format!(
            "the expression is longer than {MAX_SQL} bytes"
        )));
    }
    let tokens = tokenize(sql)?;
    let mut p = Parser {
        t: tokens,
        i: 0,
        depth: 0,
        aggregates: Vec::new(),
        in_select_list: false,
        in_aggregate: false,
    };
    p.query()
}

struct Parser {
    t: Vec<Token>,
    i: usize,
    depth: usize,
    aggregates: Vec<(Agg, Option<Expr>)>,
    in_select_list: bool,
    in_aggregate: bool,
}

/// Words that end an expression or a select item (never an alias).
const RESERVED: [&str; 20] = [
    "SELECT", "FROM", "WHERE", "LIMIT", "AND", "OR", "NOT", "AS", "IS", "IN", "BETWEEN", "LIKE",
    "NULL", "TRUE", "FALSE", "MISSING", "GROUP", "ORDER", "HAVING", "JOIN",
];

fn describe(t: Option<&Token>) -> String {
    match t {
        None => "the end of the expression".into(),
        Some(Token::Ident { name, .. }) => format!("'{name}'"),
        Some(Token::Str(s)) => format!("string '{s}'"),
        Some(Token::Number(n)) => format!("number {n}"),
        Some(other) => format!("{other:?}"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.t.get(self.i)
    }

    fn peek_at(&self, n: usize) -> Option<&Token> {
        self.t.get(self.i + n)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.t.get(self.i).cloned();
        self.i += 1;
        t
    }

    fn at_kw(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| t.is_kw(kw))
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.at_kw(kw) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn eat(&mut self, t: &Token) -> bool {
        if self.peek() == Some(t) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn unexpected(&self, wanted: &str) -> SelectError {
        SelectError::sql(format!(
            "expected {wanted}, found {}",
            describe(self.peek())
        ))
    }

    fn expect(&mut self, t: &Token, wanted: &str) -> Result<(), SelectError> {
        if self.eat(t) {
            Ok(())
        } else {
            Err(self.unexpected(wanted))
        }
    }

    fn expect_kw(&mut self, kw: &str) -> Result<(), SelectError> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.unexpected(kw))
        }
    }

    fn query(&mut self) -> Result<Query, SelectError> {
        self.expect_kw("SELECT")?;
        let projection = if self.eat(&Token::Star) {
            Projection::Star
        } else {
            self.in_select_list = true;
            let mut items = Vec::new();
            loop {
                let expr = self.expr()?;
                let alias = if self.eat_kw("AS") {
                    Some(self.name("an alias")?)
                } else {
                    self.bare_name()
                };
                let name = alias.unwrap_or_else(|| match &expr {
                    Expr::Path(segs) => match segs.last() {
                        Some(Seg::Field { name, .. }) => name.clone(),
                        _ => format!("_{}", items.len() + 1),
                    },
                    _ => format!("_{}", items.len() + 1),
                });
                items.push((expr, name));
                if !self.eat(&Token::Comma) {
                    break;
                }
            }
            self.in_select_list = false;
            Projection::Items(items)
        };
        if !self.aggregates.is_empty() {
            if let Projection::Items(items) = &projection {
                if let Some((_, name)) = items.iter().find(|(e, _)| refers_outside_aggregate(e)) {
                    return Err(SelectError::sql(format!(
                        "{name} is neither an aggregate nor inside one: COUNT, SUM, AVG, MIN \
                         and MAX cannot be mixed with plain columns (there is no GROUP BY)"
                    )));
                }
            }
        }
        self.expect_kw("FROM")?;
        let from_path = self.source()?;
        let alias = if self.eat_kw("AS") {
            Some(self.name("an alias")?)
        } else {
            self.bare_name()
        };
        let condition = if self.eat_kw("WHERE") {
            Some(self.expr()?)
        } else {
            None
        };
        let limit = if self.eat_kw("LIMIT") {
            match self.next() {
                Some(Token::Number(n)) => Some(n.parse::<u64>().map_err(|_| {
                    SelectError::sql(format!("LIMIT takes a whole number, not {n}"))
                })?),
                other => {
                    return Err(SelectError::sql(format!(
                        "LIMIT takes a whole number, not {}",
                        describe(other.as_ref())
                    )));
                }
            }
        } else {
            None
        };
        if let Some(t) = self.peek() {
            if let Some(word) = ["GROUP", "ORDER", "HAVING", "JOIN", "UNION"]
                .iter()
                .find(|w| t.is_kw(w))
            {
                return Err(SelectError::sql(format!("{word} is not supported")));
            }
            return Err(self.unexpected("the end of the expression"));
        }
        Ok(Query {
            projection,
            aggregates: std::mem::take(&mut self.aggregates),
            from_path,
            alias,
            condition,
            limit,
        })
    }

    /// `COSObject`, optionally followed by `[*]` and `.name` steps.
    fn source(&mut self) -> Result<Vec<Seg>, SelectError> {
        match self.next() {
            Some(Token::Ident { name, .. }) if name.eq_ignore_ascii_case("COSObject") => {}
            other => {
                return Err(SelectError::sql(format!(
                    "FROM must name COSObject, not {}",
                    describe(other.as_ref())
                )));
            }
        }
        let mut segs = Vec::new();
        loop {
            if self.eat(&Token::LBracket) {
                if self.eat(&Token::Star) {
                    segs.push(Seg::Wildcard);
                } else {
                    segs.push(Seg::Index(self.index()?));
                }
                self.expect(&Token::RBracket, "]")?;
            } else if self.peek() == Some(&Token::Dot) {
                self.i += 1;
                let (name, quoted) = self.name_token("a name after '.'")?;
                segs.push(Seg::Field { name, quoted });
            } else {
                return Ok(segs);
            }
        }
    }

    fn index(&mut self) -> Result<usize, SelectError> {
        match self.next() {
            Some(Token::Number(n)) => n
                .parse()
                .map_err(|_| SelectError::sql(format!("bad index {n}"))),
            other => Err(SelectError::sql(format!(
                "expected an index, found {}",
                describe(other.as_ref())
            ))),
        }
    }

    /// An identifier (keywords allowed when quoted).
    fn name_token(&mut self, wanted: &str) -> Result<(String, bool), SelectError> {
        match self.peek() {
            Some(Token::Ident { name, quoted }) => {
                let out = (name.clone(), *quoted);
                self.i += 1;
                Ok(out)
            }
            _ => Err(self.unexpected(wanted)),
        }
    }

    fn name(&mut self, wanted: &str) -> Result<String, SelectError> {
        self.name_token(wanted).map(|(n, _)| n)
    }

    /// A name right after an item or `COSObject` (an alias without `AS`),
    /// unless it is a reserved word.
    fn bare_name(&mut self) -> Option<String> {
        match self.peek() {
            Some(Token::Ident { name, quoted }) => {
                if !quoted && RESERVED.iter().any(|r| name.eq_ignore_ascii_case(r)) {
                    return None;
                }
                let name = name.clone();
                self.i += 1;
                Some(name)
            }
            _ => None,
        }
    }

    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, SelectError>,
    ) -> Result<T, SelectError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SelectError::sql(format!(
                "the expression nests deeper than {MAX_DEPTH} levels"
            )));
        }
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn expr(&mut self) -> Result<Expr, SelectError> {
        self.nested(|p| p.or())
    }

    fn or(&mut self) -> Result<Expr, SelectError> {
        let mut terms = vec![self.and()?];
        while self.eat_kw("OR") {
            terms.push(self.and()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Expr::Or(terms)
        })
    }

    fn and(&mut self) -> Result<Expr, SelectError> {
        let mut terms = vec![self.not()?];
        while self.eat_kw("AND") {
            terms.push(self.not()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Expr::And(terms)
        })
    }

    /// Counts one more level of a binary chain (`a + b + c` nests one level
    /// per operator); undone by the caller.
    fn deeper(&mut self) -> Result<(), SelectError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SelectError::sql(format!(
                "the expression nests deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(())
    }

    fn not(&mut self) -> Result<Expr, SelectError> {
        if self.eat_kw("NOT") {
            let inner = self.nested(|p| p.not())?;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.predicate()
    }

    fn predicate(&mut self) -> Result<Expr, SelectError> {
        let left = self.additive()?;
        let cmp = match self.peek() {
            Some(Token::Eq) => Some(Cmp::Eq),
            Some(Token::Ne) => Some(Cmp::Ne),
            Some(Token::Lt) => Some(Cmp::Lt),
            Some(Token::Le) => Some(Cmp::Le),
            Some(Token::Gt) => Some(Cmp::Gt),
            Some(Token::Ge) => Some(Cmp::Ge),
            _ => None,
        };
        if let Some(cmp) = cmp {
            self.i += 1;
            let right = self.additive()?;
            return Ok(Expr::Cmp(cmp, Box::new(left), Box::new(right)));
        }
        if self.eat_kw("IS") {
            let negated = self.eat_kw("NOT");
            let missing = if self.eat_kw("NULL") {
                false
            } else if self.eat_kw("MISSING") {
                true
            } else {
                return Err(self.unexpected("NULL or MISSING after IS"));
            };
            return Ok(Expr::Is {
                expr: Box::new(left),
                missing,
                negated,
            });
        }
        let negated = self.at_kw("NOT")
            && self
                .peek_at(1)
                .is_some_and(|t| t.is_kw("IN") || t.is_kw("BETWEEN") || t.is_kw("LIKE"));
        if negated {
            self.i += 1;
        }
        if self.eat_kw("IN") {
            self.expect(&Token::LParen, "( after IN")?;
            let mut list = vec![self.expr()?];
            while self.eat(&Token::Comma) {
                list.push(self.expr()?);
            }
            self.expect(&Token::RParen, ")")?;
            return Ok(Expr::In {
                expr: Box::new(left),
                list,
                negated,
            });
        }
        if self.eat_kw("BETWEEN") {
            let low = self.additive()?;
            self.expect_kw("AND")?;
            let high = self.additive()?;
            return Ok(Expr::Between {
                expr: Box::new(left),
                low: Box::new(low),
                high: Box::new(high),
                negated,
            });
        }
        if self.eat_kw("LIKE") {
            let pattern = self.additive()?;
            return Ok(Expr::Like {
                expr: Box::new(left),
                pattern: Box::new(pattern),
                negated,
            });
        }
        if negated {
            return Err(self.unexpected("IN, BETWEEN or LIKE after NOT"));
        }
        Ok(left)
    }

    fn additive(&mut self) -> Result<Expr, SelectError> {
        let start = self.depth;
        let out = self.additive_chain();
        self.depth = start;
        out
    }

    fn additive_chain(&mut self) -> Result<Expr, SelectError> {
        let mut left = self.multiplicative()?;
        loop {
            let op = match self.peek() {
                Some(Token::Plus) => Arith::Add,
                Some(Token::Minus) => Arith::Sub,
                Some(Token::Concat) => Arith::Concat,
                _ => return Ok(left),
            };
            self.i += 1;
            self.deeper()?;
            let right = self.multiplicative()?;
            left = Expr::Arith(op, Box::new(left), Box::new(right));
        }
    }

    fn multiplicative(&mut self) -> Result<Expr, SelectError> {
        let start = self.depth;
        let out = self.multiplicative_chain();
        self.depth = start;
        out
    }

    fn multiplicative_chain(&mut self) -> Result<Expr, SelectError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Token::Star) => Arith::Mul,
                Some(Token::Slash) => Arith::Div,
                Some(Token::Percent) => Arith::Rem,
                _ => return Ok(left),
            };
            self.i += 1;
            self.deeper()?;
            let right = self.unary()?;
            left = Expr::Arith(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, SelectError> {
        if self.eat(&Token::Minus) {
            let inner = self.nested(|p| p.unary())?;
            return Ok(match inner {
                Expr::Lit(Value::Int(i)) => Expr::Lit(Value::Int(i.wrapping_neg())),
                Expr::Lit(Value::Float(f)) => Expr::Lit(Value::Float(-f)),
                other => Expr::Neg(Box::new(other)),
            });
        }
        if self.eat(&Token::Plus) {
            return self.nested(|p| p.unary());
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, SelectError> {
        match self.next() {
            Some(Token::LParen) => {
                let e = self.expr()?;
                self.expect(&Token::RParen, ")")?;
                Ok(e)
            }
            Some(Token::Str(s)) => Ok(Expr::Lit(Value::Str(s))),
            Some(Token::Number(n)) => parse_number(&n)
                .map(Expr::Lit)
                .ok_or_else(|| SelectError::sql(format!("bad number {n}"))),
            Some(Token::Ident { name, quoted }) => {
                if !quoted {
                    let upper = name.to_ascii_uppercase();
                    match upper.as_str() {
                        "NULL" => return Ok(Expr::Lit(Value::Null)),
                        "TRUE" => return Ok(Expr::Lit(Value::Bool(true))),
                        "FALSE" => return Ok(Expr::Lit(Value::Bool(false))),
                        "MISSING" => return Ok(Expr::Lit(Value::Missing)),
                        _ => {}
                    }
                    if self.peek() == Some(&Token::LParen) {
                        self.i += 1;
                        return self.call(&upper);
                    }
                    if RESERVED.contains(&upper.as_str()) {
                        return Err(SelectError::sql(format!("unexpected keyword {name}")));
                    }
                }
                self.path(name, quoted)
            }
            other => Err(SelectError::sql(format!(
                "expected a value, found {}",
                describe(other.as_ref())
            ))),
        }
    }

    /// `name(.name | [n])*`.
    fn path(&mut self, name: String, quoted: bool) -> Result<Expr, SelectError> {
        let mut segs = vec![Seg::Field { name, quoted }];
        loop {
            if self.peek() == Some(&Token::Dot) {
                self.i += 1;
                let (name, quoted) = self.name_token("a name after '.'")?;
                segs.push(Seg::Field { name, quoted });
            } else if self.eat(&Token::LBracket) {
                segs.push(Seg::Index(self.index()?));
                self.expect(&Token::RBracket, "]")?;
            } else {
                return Ok(Expr::Path(segs));
            }
        }
    }

    /// A function call whose `(` was read.
    fn call(&mut self, upper: &str) -> Result<Expr, SelectError> {
        let agg = match upper {
            "COUNT" => Some(Agg::Count),
            "SUM" => Some(Agg::Sum),
            "AVG" => Some(Agg::Avg),
            "MIN" => Some(Agg::Min),
            "MAX" => Some(Agg::Max),
            _ => None,
        };
        if let Some(agg) = agg {
            if !self.in_select_list || self.in_aggregate {
                return Err(SelectError::sql(format!(
                    "{upper} is only allowed in the select list, and not inside another aggregate"
                )));
            }
            let arg = if agg == Agg::Count && self.eat(&Token::Star) {
                None
            } else {
                self.in_aggregate = true;
                let arg = self.expr();
                self.in_aggregate = false;
                Some(arg?)
            };
            self.expect(&Token::RParen, ")")?;
            self.aggregates.push((agg, arg));
            return Ok(Expr::AggRef(self.aggregates.len() - 1));
        }
        let out = match upper {
            "CAST" => {
                let e = self.expr()?;
                self.expect_kw("AS")?;
                let ty = self.name("a type")?;
                let to = match ty.to_ascii_uppercase().as_str() {
                    "INT" | "INTEGER" | "BIGINT" | "SMALLINT" | "TINYINT" => CastTo::Int,
                    "FLOAT" | "REAL" | "DOUBLE" | "DECIMAL" | "NUMERIC" => CastTo::Float,
                    "STRING" | "VARCHAR" | "CHAR" | "TEXT" => CastTo::Str,
                    "BOOL" | "BOOLEAN" => CastTo::Bool,
                    _ => {
                        return Err(SelectError::sql(format!("CAST to {ty} is not supported")));
                    }
                };
                // DECIMAL(10, 2) and the like: the precision does not matter here.
                if self.eat(&Token::LParen) {
                    self.index()?;
                    if self.eat(&Token::Comma) {
                        self.index()?;
                    }
                    self.expect(&Token::RParen, ")")?;
                }
                Expr::Cast(Box::new(e), to)
            }
            "LOWER" | "UPPER" | "CHAR_LENGTH" | "CHARACTER_LENGTH" => {
                let f = match upper {
                    "LOWER" => Func::Lower,
                    "UPPER" => Func::Upper,
                    _ => Func::CharLength,
                };
                Expr::Func(f, Box::new(self.expr()?))
            }
            _ => {
                return Err(SelectError::sql(format!(
                    "the function {upper} is not supported"
                )));
            }
        };
        self.expect(&Token::RParen, ")")?;
        Ok(out)
    }
}

/// Whether `e` reads a column outside of any aggregate.
fn refers_outside_aggregate(e: &Expr) -> bool {
    match e {
        Expr::Path(_) => true,
        Expr::Lit(_) | Expr::AggRef(_) => false,
        Expr::Neg(a) | Expr::Not(a) | Expr::Cast(a, _) | Expr::Func(_, a) => {
            refers_outside_aggregate(a)
        }
        Expr::Is { expr, .. } => refers_outside_aggregate(expr),
        Expr::And(terms) | Expr::Or(terms) => terms.iter().any(refers_outside_aggregate),
        Expr::Cmp(_, a, b) | Expr::Arith(_, a, b) => {
            refers_outside_aggregate(a) || refers_outside_aggregate(b)
        }
        Expr::In { expr, list, .. } => {
            refers_outside_aggregate(expr) || list.iter().any(refers_outside_aggregate)
        }
        Expr::Between {
            expr, low, high, ..
        } => [expr, low, high]
            .iter()
            .any(|e| refers_outside_aggregate(e)),
        Expr::Like { expr, pattern, .. } => {
            refers_outside_aggregate(expr) || refers_outside_aggregate(pattern)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Seg {
        Seg::Field {
            name: name.into(),
            quoted: false,
        }
    }

    #[test]
    fn node_demo_queries() {
        let q = parse("Select s._1, s._2 from COSObject s where s._3 > '20'").unwrap();
        assert_eq!(q.alias.as_deref(), Some("s"));
        let Projection::Items(items) = &q.projection else {
            panic!()
        };
        assert_eq!(
            items[0],
            (Expr::Path(vec![field("s"), field("_1")]), "_1".into())
        );
        assert!(matches!(q.condition, Some(Expr::Cmp(Cmp::Gt, _, _))));
        let q = parse("Select * from COSObject").unwrap();
        assert_eq!((q.projection, q.alias), (Projection::Star, None));
        let q = parse("select count(*), AVG(cast(s.age as int)) AS a from cosobject s limit 1")
            .unwrap();
        assert_eq!(q.aggregates.len(), 2);
        assert_eq!(q.limit, Some(1));
        let q = parse("SELECT s.a.b[0] FROM COSObject[*].items s WHERE NOT (s.x = 1 OR s.y <> 'z') AND s.n BETWEEN 1 AND 2").unwrap();
        assert_eq!(q.from_path, vec![Seg::Wildcard, field("items")]);
    }

    #[test]
    fn errors() {
        for bad in [
            "",
            "SELECT",
            "SELECT * FROM",
            "SELECT * FROM table1",
            "SELECT a FROM COSObject WHERE",
            "SELECT a, COUNT(*) FROM COSObject",
            "SELECT * FROM COSObject WHERE COUNT(*) > 1",
            "SELECT SUM(COUNT(*)) FROM COSObject",
            "SELECT * FROM COSObject ORDER BY a",
            "SELECT * FROM COSObject GROUP BY a",
            "SELECT * FROM COSObject LIMIT -1",
            "SELECT * FROM COSObject LIMIT x",
            "SELECT CAST(a AS TIMESTAMP) FROM COSObject",
            "SELECT foo(a) FROM COSObject",
            "SELECT * FROM COSObject x y",
            "SELECT (a FROM COSObject",
            "DELETE FROM COSObject",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!(
            "SELECT {}1{} FROM COSObject",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        assert!(parse(&deep).is_err());
        let deep = format!("SELECT * FROM COSObject WHERE {} a", "NOT ".repeat(10_000));
        assert!(parse(&deep).is_err());
        let deep = format!("SELECT {}1 FROM COSObject", "- ".repeat(10_000));
        assert!(parse(&deep).is_err());
        let deep = format!("SELECT {}1 FROM COSObject", "1 + ".repeat(10_000));
        assert!(parse(&deep).is_err());
        let ok = format!(
            "SELECT {}1{} FROM COSObject",
            "(".repeat(20),
            ")".repeat(20)
        );
        assert!(parse(&ok).is_ok());
        let long = format!(
            "SELECT * FROM COSObject WHERE a = '{}'",
            "x".repeat(MAX_SQL)
        );
        assert!(parse(&long).is_err());
        // Long flat chains are fine: no recursion per operand.
        let chain = vec!["a = 1"; 5000].join(" OR ");
        assert!(parse(&format!("SELECT * FROM COSObject WHERE {chain}")).is_ok());
    }
}
