//! Tokens of a SELECT expression.

use super::SelectError;

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// A name: `quoted` for `"Name"` (case kept, never a keyword).
    Ident {
        name: String,
        quoted: bool,
    },
    /// `'text'` (`''` inside is a quote).
    Str(String),
    /// A number as written.
    Number(String),
    Star,
    Comma,
    Dot,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Plus,
    Minus,
    Slash,
    Percent,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Token {
    /// Whether this is the keyword `kw` (upper case).
    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(self, Token::Ident { name, quoted: false } if name.eq_ignore_ascii_case(kw))
    }
}

/// Splits `sql` into tokens.
pub(crate) fn tokenize(sql: &str) -> Result<Vec<Token>, SelectError> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        let two = |t: Token| (t, 2);
        let one = |t: Token| (t, 1);
        let (token, len) = match c {
            '*' => one(Token::Star),
            ',' => one(Token::Comma),
            '(' => one(Token::LParen),
            ')' => one(Token::RParen),
            '[' => one(Token::LBracket),
            ']' => one(Token::RBracket),
            '+' => one(Token::Plus),
            '-' if next == Some('-') => {
                // A comment to the end of the line.
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '-' => one(Token::Minus),
            '/' => one(Token::Slash),
            '%' => one(Token::Percent),
            '|' if next == Some('|') => two(Token::Concat),
            '=' if next == Some('=') => two(Token::Eq),
            '=' => one(Token::Eq),
            '!' if next == Some('=') => two(Token::Ne),
            '<' if next == Some('>') => two(Token::Ne),
            '<' if next == Some('=') => two(Token::Le),
            '<' => one(Token::Lt),
            '>' if next == Some('=') => two(Token::Ge),
            '>' => one(Token::Gt),
            '.' if !next.is_some_and(|n| n.is_ascii_digit()) => one(Token::Dot),
            '\'' | '"' => {
                let mut text = String::new();
                let mut j = i + 1;
                loop {
                    match chars.get(j) {
                        None => {
                            return Err(SelectError::sql(format!(
                                "unterminated {} at character {}",
                                if c == '\'' { "string" } else { "quoted name" },
                                i + 1
                            )));
                        }
                        Some(&q) if q == c && chars.get(j + 1) == Some(&c) => {
                            text.push(c);
                            j += 2;
                        }
                        Some(&q) if q == c => break,
                        Some(&other) => {
                            text.push(other);
                            j += 1;
                        }
                    }
                }
                let token = if c == '\'' {
                    Token::Str(text)
                } else {
                    Token::Ident {
                        name: text,
                        quoted: true,
                    }
                };
                (token, j + 1 - i)
            }
            c if c.is_ascii_digit() || c == '.' => {
                let mut j = i;
                while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                    j += 1;
                }
                if j < chars.len() && matches!(chars[j], 'e' | 'E') {
                    let mut k = j + 1;
                    if k < chars.len() && matches!(chars[k], '+' | '-') {
                        k += 1;
                    }
                    if k < chars.len() && chars[k].is_ascii_digit() {
                        j = k;
                        while j < chars.len() && chars[j].is_ascii_digit() {
                            j += 1;
                        }
                    }
                }
                (Token::Number(chars[i..j].iter().collect()), j - i)
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut j = i;
                while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let name: String = chars[i..j].iter().collect();
                (
                    Token::Ident {
                        name,
                        quoted: false,
                    },
                    j - i,
                )
            }
            other => {
                return Err(SelectError::sql(format!(
                    "unexpected character {other:?} at character {}",
                    i + 1
                )));
            }
        };
        out.push(token);
        i += len;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let t = tokenize(
            "Select s._1, s.\"A b\" from COSObject s where s._3 >= '2''0' -- c\n and x<>1.5e3",
        )
        .unwrap();
        assert!(t[0].is_kw("SELECT"));
        assert!(t.contains(&Token::Ident {
            name: "A b".into(),
            quoted: true
        }));
        assert!(t.contains(&Token::Str("2'0".into())));
        assert!(t.contains(&Token::Ge));
        assert!(t.contains(&Token::Ne));
        assert!(t.contains(&Token::Number("1.5e3".into())));
        assert!(!t.iter().any(|x| x.is_kw("c")));
        assert!(tokenize("'open").is_err());
        assert!(tokenize("a ; b").is_err());
    }
}
