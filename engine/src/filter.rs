//! The filter language of a table map, one filter per side.
//!
//! ```text
//! filter  := or
//! or      := and ("or" and)*
//! and     := term ("and" term)*
//! term    := "(" or ")" | COLUMN op literal
//! op      := "==" | "!=" | "eq" | "ne"
//! literal := "text" | 'text' | 12 | 12.5 | true | false | null
//! ```
//! `eq` and `ne` are accepted so that Dataverse-style filters (`customertypecode eq 3`)
//! read as they do in the product. An empty filter keeps every row.

use std::fmt;

use serde::{Serialize, Serializer};
use thiserror::Error;

use crate::value::{ColumnType, Value};

/// A parse error, with the 1-based character column where it was found.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{message} at column {column}")]
pub struct FilterError {
    /// What was wrong.
    pub message: String,
    /// Where (1-based, in characters).
    pub column: usize,
}

/// A parsed filter, kept with its source text.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Filter {
    source: String,
    expr: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Expr {
    Compare {
        column: String,
        equal: bool,
        value: Value,
    },
    /// Every part holds (a chain of `and` is one list: a long filter is not a deep one).
    And(Vec<Expr>),
    /// Some part holds.
    Or(Vec<Expr>),
}

/// The most parentheses a filter may nest: deeper, it is refused (parsing, checking
/// and dropping it recurse once a level).
pub const MAX_NESTING: usize = 32;

impl Filter {
    /// Parses a filter; an empty or blank text keeps every row.
    pub fn parse(source: &str) -> Result<Filter, FilterError> {
        let tokens = lex(source)?;
        if tokens.is_empty() {
            return Ok(Filter::default());
        }
        let mut p = Parser {
            tokens: &tokens,
            pos: 0,
            end: source.chars().count() + 1,
            depth: 0,
        };
        let expr = p.or()?;
        if let Some(t) = p.tokens.get(p.pos) {
            return Err(FilterError {
                message: format!("unexpected {}", t.kind),
                column: t.column,
            });
        }
        Ok(Filter {
            source: source.trim().to_string(),
            expr: Some(expr),
        })
    }

    /// The source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// True when the filter keeps every row.
    pub fn is_empty(&self) -> bool {
        self.expr.is_none()
    }

    /// The columns the filter reads.
    pub fn columns(&self) -> Vec<&str> {
        fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a str>) {
            match e {
                Expr::Compare { column, .. } => out.push(column),
                Expr::And(parts) | Expr::Or(parts) => {
                    for part in parts {
                        walk(part, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        if let Some(e) = &self.expr {
            walk(e, &mut out);
        }
        out
    }

    /// The comparisons no cell of their column can satisfy as written, each said as
    /// "COLUMN with LITERAL (why)": text compared with a number column, a label its enum does not have, an option
    /// value its option set lacks (`column_type` gives a column's type; columns it does
    /// not know are left to the plan's check). `==` on such a comparison keeps no row and
    /// `!=` every row: a filter that reads but most likely does not mean what was meant.
    pub fn never_equal<'t>(
        &self,
        column_type: impl Fn(&str) -> Option<&'t ColumnType>,
    ) -> Vec<String> {
        fn walk<'t>(e: &Expr, ty: &impl Fn(&str) -> Option<&'t ColumnType>, out: &mut Vec<String>) {
            match e {
                // (As `matches` compares: an empty literal equals an empty cell, and a
                // whole decimal equals the same integer, so neither is said.)
                Expr::Compare { column, value, .. } if value.is_empty() => {}
                Expr::Compare {
                    column,
                    value: Value::Decimal(d),
                    ..
                } if matches!(ty(column), Some(ColumnType::Integer))
                    && d % 10_i64.pow(crate::value::DECIMAL_PLACES) == 0 => {}
                Expr::Compare { column, value, .. } => {
                    if let Some(Err(why)) = ty(column).map(|t| t.check(value.clone())) {
                        let literal = match value {
                            Value::Text(t) => format!("'{t}'"),
                            Value::Bool(b) => b.to_string(),
                            other => other.to_string(),
                        };
                        out.push(format!("{column} with {literal} ({why})"));
                    }
                }
                Expr::And(parts) | Expr::Or(parts) => {
                    for part in parts {
                        walk(part, ty, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        if let Some(e) = &self.expr {
            walk(e, &column_type, &mut out);
        }
        out
    }

    /// Whether a row is in the filter; `cell` gives the value of a column.
    pub fn matches<'a>(&self, cell: impl Fn(&str) -> &'a Value) -> bool {
        fn eval<'a>(e: &Expr, cell: &impl Fn(&str) -> &'a Value) -> bool {
            match e {
                Expr::Compare {
                    column,
                    equal,
                    value,
                } => loosely_equal(cell(column), value) == *equal,
                Expr::And(parts) => parts.iter().all(|p| eval(p, cell)),
                Expr::Or(parts) => parts.iter().any(|p| eval(p, cell)),
            }
        }
        self.expr.as_ref().is_none_or(|e| eval(e, &cell))
    }
}

/// Equality between a cell and a literal: integers equal decimals of the same amount,
/// and an empty text equals null.
fn loosely_equal(cell: &Value, literal: &Value) -> bool {
    match (cell, literal) {
        (Value::Decimal(d), Value::Int(i)) | (Value::Int(i), Value::Decimal(d)) => {
            Value::decimal(*i, 0) == Value::Decimal(*d)
        }
        (a, b) if a.is_empty() && b.is_empty() => true,
        (a, b) => a == b,
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Serialize for Filter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Ident(String),
    Literal(Value),
    Eq,
    Ne,
    And,
    Or,
    Open,
    Close,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Ident(s) => write!(f, "'{s}'"),
            Kind::Literal(v) => write!(f, "value '{v}'"),
            Kind::Eq => f.write_str("'=='"),
            Kind::Ne => f.write_str("'!='"),
            Kind::And => f.write_str("'and'"),
            Kind::Or => f.write_str("'or'"),
            Kind::Open => f.write_str("'('"),
            Kind::Close => f.write_str("')'"),
        }
    }
}

struct Token {
    kind: Kind,
    column: usize,
}

fn lex(source: &str) -> Result<Vec<Token>, FilterError> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        let err = |message: String| FilterError { message, column };
        match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' | ')' => {
                out.push(Token {
                    kind: if c == '(' { Kind::Open } else { Kind::Close },
                    column,
                });
                i += 1;
            }
            '=' | '!' => {
                if chars.get(i + 1) != Some(&'=') {
                    return Err(err(format!("expected '{c}=' ")));
                }
                out.push(Token {
                    kind: if c == '=' { Kind::Eq } else { Kind::Ne },
                    column,
                });
                i += 2;
            }
            '"' | '\'' => {
                let start = i + 1;
                let Some(len) = chars[start..].iter().position(|&ch| ch == c) else {
                    return Err(err("text is not closed with a quote".into()));
                };
                let s: String = chars[start..start + len].iter().collect();
                out.push(Token {
                    kind: Kind::Literal(Value::text(s)),
                    column,
                });
                i = start + len + 1;
            }
            // A number: digits, a sign, or a point before digits (`.5`, as cells read it).
            c if c.is_ascii_digit()
                || c == '-'
                || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                let value = if s.contains('.') {
                    crate::value::ColumnType::Decimal.parse_input(&s).ok()
                } else {
                    s.parse::<i64>().ok().map(Value::Int)
                };
                let Some(value) = value else {
                    return Err(err(format!("'{s}' is not a number")));
                };
                out.push(Token {
                    kind: Kind::Literal(value),
                    column,
                });
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let kind = match word.to_ascii_lowercase().as_str() {
                    "and" => Kind::And,
                    "or" => Kind::Or,
                    "eq" => Kind::Eq,
                    "ne" => Kind::Ne,
                    "true" => Kind::Literal(Value::Bool(true)),
                    "false" => Kind::Literal(Value::Bool(false)),
                    "null" => Kind::Literal(Value::Null),
                    _ => Kind::Ident(word),
                };
                out.push(Token { kind, column });
            }
            other => return Err(err(format!("unexpected character '{other}'"))),
        }
    }
    Ok(out)
}

/// The part alone, or the parts joined by `join`.
fn one_or(mut parts: Vec<Expr>, join: fn(Vec<Expr>) -> Expr) -> Expr {
    match parts.len() {
        1 => parts.pop().unwrap_or_else(|| join(Vec::new())),
        _ => join(parts),
    }
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    end: usize,
    /// The parentheses open where the parser is.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Kind> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    fn column(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.column)
    }

    fn expected(&self, what: &str) -> FilterError {
        let found = match self.tokens.get(self.pos) {
            Some(t) => t.kind.to_string(),
            None => "the end".to_string(),
        };
        FilterError {
            message: format!("expected {what}, found {found}"),
            column: self.column(),
        }
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Kind::Or) {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(one_or(parts, Expr::Or))
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut parts = vec![self.term()?];
        while self.peek() == Some(&Kind::And) {
            self.pos += 1;
            parts.push(self.term()?);
        }
        Ok(one_or(parts, Expr::And))
    }

    fn term(&mut self) -> Result<Expr, FilterError> {
        match self.peek() {
            Some(Kind::Open) => {
                if self.depth == MAX_NESTING {
                    return Err(FilterError {
                        message: format!(
                            "parentheses nested too deeply (at most {MAX_NESTING} levels)"
                        ),
                        column: self.column(),
                    });
                }
                self.pos += 1;
                self.depth += 1;
                let e = self.or()?;
                self.depth -= 1;
                if self.peek() != Some(&Kind::Close) {
                    return Err(self.expected("')'"));
                }
                self.pos += 1;
                Ok(e)
            }
            Some(Kind::Ident(name)) => {
                let column = name.clone();
                self.pos += 1;
                let equal = match self.peek() {
                    Some(Kind::Eq) => true,
                    Some(Kind::Ne) => false,
                    _ => return Err(self.expected("'==' or '!='")),
                };
                self.pos += 1;
                let Some(Kind::Literal(value)) = self.peek() else {
                    return Err(self.expected("a value"));
                };
                let value = value.clone();
                self.pos += 1;
                Ok(Expr::Compare {
                    column,
                    equal,
                    value,
                })
            }
            _ => Err(self.expected("a column name or '('")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn row(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn keeps(filter: &str, r: &HashMap<String, Value>) -> bool {
        static NULL: Value = Value::Null;
        Filter::parse(filter)
            .unwrap()
            .matches(|c| r.get(c).unwrap_or(&NULL))
    }

    #[test]
    fn deep_nesting_is_refused_and_long_chains_are_flat() {
        let deep = |n: usize| format!("{}A == 1{}", "(".repeat(n), ")".repeat(n));
        assert!(Filter::parse(&deep(MAX_NESTING)).is_ok());
        let err = Filter::parse(&deep(3500)).unwrap_err();
        assert_eq!(
            err.message,
            format!("parentheses nested too deeply (at most {MAX_NESTING} levels)")
        );
        assert_eq!(err.column, MAX_NESTING + 1);
        // A chain of 100,000 terms is checked (and dropped) without deep recursion.
        let long = vec!["A == 1"; 100_000].join(" and ");
        let f = Filter::parse(&long).unwrap();
        assert!(keeps(&long, &row(&[("A", Value::Int(1))])));
        assert!(!f.matches(|_| &Value::Null));
        let either = vec!["A == 2"; 100_000].join(" or ") + " or A == 1";
        assert!(keeps(&either, &row(&[("A", Value::Int(1))])));
    }

    #[test]
    fn empty_filter_keeps_everything() {
        assert!(keeps("  ", &row(&[])));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let r = row(&[("a", Value::Int(1)), ("b", Value::Int(2))]);
        assert!(keeps("a == 1 or a == 5 and b == 9", &r));
        assert!(!keeps("(a == 1 or a == 5) and b == 9", &r));
    }

    #[test]
    fn dataverse_style_operators_are_accepted() {
        let r = row(&[("customertypecode", Value::Int(3))]);
        assert!(keeps("customertypecode eq 3", &r));
        assert!(keeps("customertypecode ne 4", &r));
    }

    #[test]
    fn text_and_decimal_comparisons() {
        let r = row(&[
            ("PartyType", Value::text("Organization")),
            ("limit", Value::decimal(10, 0)),
        ]);
        assert!(keeps("PartyType == \"Organization\" and limit == 10", &r));
        assert!(!keeps("PartyType != 'Organization'", &r));
    }

    #[test]
    fn negative_numbers_and_names_starting_with_an_underscore() {
        let r = row(&[
            ("_balance", Value::Int(-5)),
            ("rate", Value::decimal(-1, -2500)),
        ]);
        assert!(keeps("_balance == -5", &r));
        assert!(!keeps("_balance == 5", &r));
        assert!(keeps("rate == -1.25 and _balance ne -6", &r));
        // A decimal is written as a cell takes it: `.5`, `12.` too.
        let half = row(&[
            ("rate", Value::decimal(0, 5000)),
            ("n", Value::decimal(12, 0)),
        ]);
        assert!(keeps("rate == .5 and n == 12.", &half));
        assert!(keeps("rate == -.5 or rate ne .25", &half));
    }

    #[test]
    fn parse_errors_name_the_column() {
        let e = Filter::parse("a == ").unwrap_err();
        assert_eq!(e.to_string(), "expected a value, found the end at column 6");
        let e = Filter::parse("(a == 1").unwrap_err();
        assert_eq!(e.to_string(), "expected ')', found the end at column 8");
        let e = Filter::parse("a = 1").unwrap_err();
        assert_eq!(e.column, 3);
        let e = Filter::parse("a == 'x").unwrap_err();
        assert!(e.message.contains("quote"));
        let e = Filter::parse("a == 1 b").unwrap_err();
        assert_eq!(e.to_string(), "unexpected 'b' at column 8");
        let e = Filter::parse("a == #1").unwrap_err();
        assert_eq!(e.to_string(), "unexpected character '#' at column 6");
    }

    #[test]
    fn null_true_and_false_are_literals_in_any_case() {
        let r = row(&[("a", Value::Null), ("b", Value::Bool(true))]);
        assert!(keeps("a == null and b == true", &r));
        assert!(keeps("a eq NULL and b ne False", &r));
        assert!(!keeps("a != null", &r));
        // A literal is not a column: the filter reads only `a` and `b`.
        let f = Filter::parse("a == null or b == false").unwrap();
        assert_eq!(f.columns(), vec!["a", "b"]);
    }

    #[test]
    fn a_filter_keeps_its_text_as_written() {
        let text = "PartyType == 'Organization' and limit ne 0";
        let f = Filter::parse(text).unwrap();
        assert_eq!(f.source(), text);
        assert_eq!(f.to_string(), text, "shown as written");
        assert!(!f.is_empty());
        let empty = Filter::parse("").unwrap();
        assert_eq!(empty.source(), "");
        assert!(empty.is_empty(), "an empty filter keeps every row");
    }

    #[test]
    fn columns_lists_what_is_read() {
        let f = Filter::parse("a == 1 and (b != 2 or c == 3)").unwrap();
        assert_eq!(f.columns(), vec!["a", "b", "c"]);
    }
}
