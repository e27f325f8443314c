//! Cell values and column types.
//!
//! Values are plain data with a total order and exact equality: decimals are kept as
//! scaled integers so that the same scenario gives the same result on every platform.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smol_str::SmolStr;

/// Number of decimal places a [`Value::Decimal`] keeps.
pub const DECIMAL_PLACES: u32 = 4;
const DECIMAL_SCALE: i64 = 10_i64.pow(DECIMAL_PLACES);

/// One cell.
///
/// In JSON: `null`, `true`/`false`, an integer, a number with a fraction (a decimal) or
/// a string. A decimal column also accepts an integer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// Empty cell.
    #[default]
    Null,
    /// Yes/no.
    Bool(bool),
    /// Whole number.
    Int(i64),
    /// Decimal number, scaled by 10^[`DECIMAL_PLACES`].
    Decimal(i64),
    /// Text, enum label, or the key value a lookup points at. Short texts are stored
    /// inline and every clone is O(1).
    Text(SmolStr),
}

impl Value {
    /// A text value.
    pub fn text(s: impl AsRef<str>) -> Value {
        Value::Text(SmolStr::new(s))
    }

    /// A decimal from whole units and ten-thousandths (`decimal(12, 5000)` is 12.5).
    pub fn decimal(units: i64, fraction: i64) -> Value {
        Value::Decimal(units * DECIMAL_SCALE + fraction)
    }

    /// True for [`Value::Null`] and for the empty string.
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Null) || matches!(self, Value::Text(s) if s.is_empty())
    }

    /// A JSON integer above `i64::MAX`: refused.
    pub(crate) fn from_u64(v: u64) -> Result<Value, &'static str> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| "integer too large")
    }

    /// A JSON number with a fraction: a decimal, rounded to [`DECIMAL_PLACES`] places,
    /// refused beyond what those places hold exactly.
    pub(crate) fn from_f64(v: f64) -> Result<Value, &'static str> {
        let scaled = (v * DECIMAL_SCALE as f64).round();
        if !scaled.is_finite() || scaled.abs() > 9.0e15 {
            return Err("decimal out of range");
        }
        Ok(Value::Decimal(scaled as i64))
    }

    /// Name of the kind of value, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a yes/no value",
            Value::Int(_) => "an integer",
            Value::Decimal(_) => "a decimal",
            Value::Text(_) => "text",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Bool(b) => write!(f, "{}", if *b { "Yes" } else { "No" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Decimal(d) => {
                let sign = if *d < 0 { "-" } else { "" };
                let abs = d.unsigned_abs();
                let units = abs / DECIMAL_SCALE as u64;
                let frac = abs % DECIMAL_SCALE as u64;
                let frac = format!("{frac:04}");
                let frac = frac.trim_end_matches('0');
                let frac = if frac.len() < 2 {
                    format!("{frac:0<2}")
                } else {
                    frac.to_string()
                };
                write!(f, "{sign}{units}.{frac}")
            }
            Value::Text(s) => f.write_str(s),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_none(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Decimal(d) => {
                // Written with its fraction so that it reads back as a decimal.
                s.serialize_f64(*d as f64 / DECIMAL_SCALE as f64)
            }
            Value::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("null, a boolean, a number or a string")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                Value::from_u64(v).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                Value::from_f64(v).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Text(SmolStr::new(v)))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
                Ok(Value::Text(SmolStr::from(v)))
            }
        }
        d.deserialize_any(V)
    }
}

/// The type of a column, checked on every write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnType {
    /// Free text.
    Text,
    /// Whole numbers.
    Integer,
    /// Decimal numbers.
    Decimal,
    /// Yes/no.
    Bool,
    /// A finance and operations enum: one of its labels.
    Enum {
        /// The allowed labels.
        labels: Vec<String>,
    },
    /// A Dataverse option set: one of its integer values.
    OptionSet {
        /// The allowed option values.
        options: Vec<i64>,
        /// Their labels, in the same order (`No` for 192350000), or none: the value is
        /// what is stored and synced, the label what a person reads.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        labels: Vec<String>,
    },
    /// A reference to a row of another table on the same side, held as the value of
    /// `column` in that row (and in the same company, where both tables have one).
    Lookup {
        /// The referenced table.
        table: String,
        /// The referenced column.
        column: String,
    },
}

impl ColumnType {
    /// Whether every value `other` accepts, this type accepts too (so a value copied from
    /// an `other` column needs no check here).
    pub fn accepts_all_of(&self, other: &ColumnType) -> bool {
        use ColumnType::*;
        match (self, other) {
            (Text | Lookup { .. }, Text | Lookup { .. })
            | (Integer, Integer)
            | (Decimal, Decimal)
            | (Bool, Bool) => true,
            (Enum { labels }, Enum { labels: theirs }) => theirs.iter().all(|l| labels.contains(l)),
            (
                OptionSet { options, .. },
                OptionSet {
                    options: theirs, ..
                },
            ) => theirs.iter().all(|o| options.contains(o)),
            _ => false,
        }
    }

    /// Whether `value` fits this type as it is, already in canonical form: what
    /// [`ColumnType::check`] would return unchanged.
    #[inline]
    pub fn accepts(&self, value: &Value) -> bool {
        match (self, value) {
            (_, Value::Null)
            | (ColumnType::Text | ColumnType::Lookup { .. }, Value::Text(_))
            | (ColumnType::Integer, Value::Int(_))
            | (ColumnType::Decimal, Value::Decimal(_))
            | (ColumnType::Bool, Value::Bool(_)) => true,
            (ColumnType::Enum { labels }, Value::Text(s)) => {
                labels.iter().any(|l| l.as_str() == s.as_str())
            }
            (ColumnType::OptionSet { options, .. }, Value::Int(i)) => options.contains(i),
            _ => false,
        }
    }

    /// Checks that `value` fits this type (lookups are checked against the data elsewhere)
    /// and returns it in canonical form (an integer in a decimal column becomes a decimal).
    pub fn check(&self, value: Value) -> Result<Value, String> {
        match (self, value) {
            (_, Value::Null) => Ok(Value::Null),
            (ColumnType::Text | ColumnType::Lookup { .. }, Value::Text(s)) => Ok(Value::Text(s)),
            (ColumnType::Integer, Value::Int(i)) => Ok(Value::Int(i)),
            (ColumnType::Decimal, Value::Decimal(d)) => Ok(Value::Decimal(d)),
            (ColumnType::Decimal, Value::Int(i)) => i
                .checked_mul(DECIMAL_SCALE)
                .map(Value::Decimal)
                .ok_or_else(|| "decimal out of range".to_string()),
            (ColumnType::Bool, Value::Bool(b)) => Ok(Value::Bool(b)),
            (ColumnType::Enum { labels }, Value::Text(s)) => {
                if labels.iter().any(|l| *l == s) {
                    Ok(Value::Text(s))
                } else {
                    Err(format!(
                        "'{s}' is not one of the labels {}",
                        labels.join(", ")
                    ))
                }
            }
            (ColumnType::OptionSet { options, .. }, Value::Int(i)) => {
                if options.contains(&i) {
                    Ok(Value::Int(i))
                } else {
                    Err(format!("{i} is not one of the options {options:?}"))
                }
            }
            (ty, v) => Err(format!("expected {}, found {}", ty.name(), v.kind())),
        }
    }

    /// Reads a value typed by a person into a cell of this type: empty text is an empty
    /// cell; integers, decimals (`12.5`), yes/no (`Yes`, `No`, `true`, `false`) and option
    /// values are parsed; texts, labels and lookups are taken as written without the
    /// spaces around them, so ` USD ` is the key `USD`, not a second row that looks the
    /// same (a model choice). The result still goes through [`ColumnType::check`] on
    /// write.
    pub fn parse_input(&self, text: &str) -> Result<Value, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(Value::Null);
        }
        match self {
            ColumnType::Text | ColumnType::Enum { .. } | ColumnType::Lookup { .. } => {
                Ok(Value::text(t))
            }
            ColumnType::Integer | ColumnType::OptionSet { .. } => {
                t.parse::<i64>().map(Value::Int).map_err(|_| {
                    if t.contains(',') {
                        format!("'{t}' is not a whole number: write digits only (1000), without thousands separators")
                    } else if is_digits(t) {
                        format!("{t} is too large for a whole number of this column (at most {})", i64::MAX)
                    } else {
                        format!("'{t}' is not a whole number")
                    }
                })
            }
            ColumnType::Decimal => parse_decimal(t).ok_or_else(|| decimal_error(t)),
            ColumnType::Bool => match t.to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" => Ok(Value::Bool(true)),
                "no" | "false" | "0" => Ok(Value::Bool(false)),
                _ => Err(format!("'{t}' is not Yes or No")),
            },
        }
    }

    /// A value of this type as a person reads it: an option with a label is
    /// `No (192350000)`; anything else as it is.
    pub fn shown(&self, value: &Value) -> String {
        if let (ColumnType::OptionSet { options, labels }, Value::Int(i)) = (self, value) {
            if let Some(label) = options
                .iter()
                .position(|o| o == i)
                .and_then(|p| labels.get(p))
            {
                return format!("{label} ({i})");
            }
        }
        value.to_string()
    }

    /// Short name of the type, for messages and column headers.
    pub fn name(&self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Integer => "an integer",
            ColumnType::Decimal => "a decimal",
            ColumnType::Bool => "a yes/no value",
            ColumnType::Enum { .. } => "an enum label",
            ColumnType::OptionSet { .. } => "an option value",
            ColumnType::Lookup { .. } => "a lookup (text key)",
        }
    }
}

/// Whether `t` is digits, after a minus sign if any (a number written plainly).
fn is_digits(t: &str) -> bool {
    let t = t.strip_prefix('-').unwrap_or(t);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Why typed text is not a decimal, with the way to write it where a person may have
/// written it another way (a comma: `12,5` is not 125).
fn decimal_error(t: &str) -> String {
    let places = DECIMAL_PLACES as usize;
    // Digits only after the point (so that cutting them is safe), and a number once cut.
    let too_precise = t.split_once('.').is_some_and(|(units, fraction)| {
        fraction.len() > places
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && parse_decimal(&format!("{units}.{}", &fraction[..places])).is_some()
    });
    if t.contains(',') {
        format!("'{t}' is not a number: write decimals with a point (12.5), without thousands separators")
    } else if too_precise {
        format!("'{t}' is not a number of this column: at most {DECIMAL_PLACES} decimal places")
    } else if t
        .split_once('.')
        .map_or(is_digits(t), |(u, f)| is_digits(u) && is_digits(f))
    {
        format!("{t} is too large for a number of this column")
    } else {
        format!("'{t}' is not a number")
    }
}

/// Parses `12`, `-3.5` or `1000.2500` exactly (no floating point), to at most
/// [`DECIMAL_PLACES`] places.
fn parse_decimal(t: &str) -> Option<Value> {
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (units, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    // `.5` reads as 0.5, as `12.` reads as 12; a point alone is no number.
    if (units.is_empty() && fraction.is_empty())
        || !all_digits(units)
        || !all_digits(fraction)
        || fraction.len() > DECIMAL_PLACES as usize
    {
        return None;
    }
    let units: i64 = if units.is_empty() {
        0
    } else {
        units.parse().ok()?
    };
    let scale = 10_i64.pow(DECIMAL_PLACES - fraction.len() as u32);
    let fraction: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse::<i64>().ok()? * scale
    };
    let scaled = units.checked_mul(DECIMAL_SCALE)?.checked_add(fraction)?;
    Some(Value::Decimal(if negative { -scaled } else { scaled }))
}

/// A find box's query as the find boxes match it (the grids' key, the details' lists):
/// trimmed and lower-cased ([`lowercase`]); `None` when nothing is left, which matches
/// everything.
pub fn find_needle(query: &str) -> Option<String> {
    let needle = lowercase(query.trim());
    (!needle.is_empty()).then_some(needle)
}

/// Whether `text` contains `needle` (a [`find_needle`]), whatever the case. `text` is
/// lower-cased in place: in one pass and without a copy when it is ASCII.
pub fn lowered_contains(text: &mut String, needle: &str) -> bool {
    if text.is_ascii() {
        text.make_ascii_lowercase();
    } else {
        *text = lowercase(text);
    }
    text.contains(needle)
}

/// Upper-case letters whose lower case is one letter at a fixed distance, in the
/// alphabets the find boxes fold: `(first, last, distance, step)`, every letter from
/// `first` to `last` (step 1) or every other one (step 2, the rest being lower-case).
const CASE_RANGES: [(u32, u32, i32, u32); 32] = [
    // Basic Latin, Latin-1 (but ×), Latin Extended-A (İ lower-cases to two characters,
    // kept as it is).
    (0x41, 0x5a, 32, 1),
    (0xc0, 0xd6, 32, 1),
    (0xd8, 0xde, 32, 1),
    (0x100, 0x12e, 1, 2),
    (0x132, 0x136, 1, 2),
    (0x139, 0x147, 1, 2),
    (0x14a, 0x176, 1, 2),
    (0x178, 0x178, -121, 1),
    (0x179, 0x17d, 1, 2),
    // Greek and Coptic.
    (0x370, 0x372, 1, 2),
    (0x376, 0x376, 1, 1),
    (0x37f, 0x37f, 116, 1),
    (0x386, 0x386, 38, 1),
    (0x388, 0x38a, 37, 1),
    (0x38c, 0x38c, 64, 1),
    (0x38e, 0x38f, 63, 1),
    (0x391, 0x3a1, 32, 1),
    (0x3a3, 0x3ab, 32, 1),
    (0x3cf, 0x3cf, 8, 1),
    (0x3d8, 0x3ee, 1, 2),
    (0x3f4, 0x3f4, -60, 1),
    (0x3f7, 0x3f7, 1, 1),
    (0x3f9, 0x3f9, -7, 1),
    (0x3fa, 0x3fa, 1, 1),
    (0x3fd, 0x3ff, -130, 1),
    // Cyrillic.
    (0x400, 0x40f, 80, 1),
    (0x410, 0x42f, 32, 1),
    (0x460, 0x480, 1, 2),
    (0x48a, 0x4be, 1, 2),
    (0x4c0, 0x4c0, 15, 1),
    (0x4c1, 0x4cd, 1, 2),
    (0x4d0, 0x4fe, 1, 2),
];

/// `c` in lower case, as [`lowercase`] folds it.
fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let code = u32::from(c);
    CASE_RANGES
        .iter()
        .find(|&&(first, last, _, step)| {
            (first..=last).contains(&code) && (code - first) % step == 0
        })
        .and_then(|&(_, _, distance, _)| char::from_u32(code.wrapping_add_signed(distance)))
        .unwrap_or(c)
}

/// `text` in lower case for matching, as the find boxes match: the letters of the Latin
/// (Basic, Latin-1, Extended-A), Greek and Cyrillic alphabets, as the standard library
/// lower-cases them; other characters as they are (the standard library's tables for
/// every script cost the app's bundle 15 KB gzipped).
pub fn lowercase(text: &str) -> String {
    text.chars().map(lower_char).collect()
}

/// A count as people read it, thousands separated: "110,000" (the grids, the feed, the
/// warnings and the progress bars all write counts so).
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Key values as the product shows them: `US-001, usmf`.
pub fn describe_key(key: &[Value]) -> String {
    key.iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Cells written, in words: each column with the value written (`NAME = "A"`, `NAME
/// emptied`), the first three and how many more. What a queued update and a row saved
/// in the history say they wrote.
pub fn cells_in_words<'a>(cells: impl IntoIterator<Item = (&'a str, Option<&'a Value>)>) -> String {
    const SHOWN: usize = 3;
    let written: Vec<String> = cells
        .into_iter()
        .map(|(name, value)| match value {
            Some(Value::Null) => format!("{name} emptied"),
            Some(value) => format!("{name} = \"{value}\""),
            None => name.to_string(),
        })
        .collect();
    let mut words = written
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if written.len() > SHOWN {
        words.push_str(&format!(" and {} more", written.len() - SHOWN));
    }
    words
}

#[cfg(test)]
mod tests {
    #[test]
    fn lowercase_folds_latin_greek_and_cyrillic_as_the_standard_library_does() {
        let std_lower = |c: char| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) => one,
                // (İ: two characters, kept as it is.)
                _ => c,
            }
        };
        let folded = (0..=0x17f).chain(0x370..=0x4ff);
        for c in folded.filter_map(char::from_u32) {
            assert_eq!(
                super::lower_char(c),
                std_lower(c),
                "{c} (U+{:04X})",
                c as u32
            );
        }
        // Other scripts stay as they are.
        for c in (0x180..0x370)
            .chain(0x500..0x3000)
            .filter_map(char::from_u32)
        {
            assert_eq!(super::lower_char(c), c, "U+{:04X}", c as u32);
        }
        assert_eq!(
            super::lowercase("École ÉTÉ ŁÓDŹ ΣΟΦΙΑ МОСКВА Ёж"),
            "école été łódź σοφια москва ёж"
        );
        let mut text = String::from("Société GÉNÉRALE");
        assert!(super::lowered_contains(
            &mut text,
            &super::find_needle(" générale ").unwrap()
        ));
    }

    use super::*;

    #[test]
    fn accepts_is_exactly_what_check_returns_unchanged() {
        let types = [
            ColumnType::Text,
            ColumnType::Integer,
            ColumnType::Decimal,
            ColumnType::Bool,
            ColumnType::Enum {
                labels: vec!["Yes".into(), "No".into()],
            },
            ColumnType::OptionSet {
                options: vec![1, 2],
                labels: Vec::new(),
            },
            ColumnType::Lookup {
                table: "t".into(),
                column: "c".into(),
            },
        ];
        let values = [
            Value::Null,
            Value::text("Yes"),
            Value::text("Maybe"),
            Value::Int(2),
            Value::Int(3),
            Value::Decimal(25_000),
            Value::Bool(true),
        ];
        for ty in &types {
            for v in &values {
                let unchanged = ty.check(v.clone()).is_ok_and(|c| c == *v);
                assert_eq!(ty.accepts(v), unchanged, "{ty:?} and {v:?}");
            }
            for other in &types {
                if ty.accepts_all_of(other) {
                    for v in values.iter().filter(|v| other.accepts(v)) {
                        assert!(ty.accepts(v), "{ty:?} takes all of {other:?} but not {v:?}");
                    }
                }
            }
        }
        // Same plain types take all of each other; text and lookups are both text.
        for (i, ty) in types[..4].iter().enumerate() {
            assert!(ty.accepts_all_of(ty), "{ty:?}");
            for other in &types[..4] {
                assert_eq!(ty.accepts_all_of(other), ty == other, "{ty:?} {other:?}");
            }
            assert_eq!(ty.accepts_all_of(&types[6]), i == 0, "{ty:?} and a lookup");
        }
        assert!(types[6].accepts_all_of(&ColumnType::Text));
        let yes_no = &types[4];
        let yes_no_maybe = ColumnType::Enum {
            labels: vec!["Yes".into(), "No".into(), "Maybe".into()],
        };
        assert!(yes_no_maybe.accepts_all_of(yes_no));
        assert!(!yes_no.accepts_all_of(&yes_no_maybe));
    }

    #[test]
    fn decimals_print_with_at_least_two_places() {
        assert_eq!(Value::decimal(1000, 0).to_string(), "1000.00");
        assert_eq!(Value::decimal(12, 5000).to_string(), "12.50");
        assert_eq!(Value::Decimal(-12_345).to_string(), "-1.2345");
        assert_eq!(Value::Decimal(0).to_string(), "0.00", "no sign on zero");
    }

    #[test]
    fn decimals_round_trip_through_json() {
        let v = Value::decimal(1234, 5600);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, "1234.56");
        assert_eq!(serde_json::from_str::<Value>(&json).unwrap(), v);
    }

    #[test]
    fn json_booleans_and_the_largest_decimal_read_as_values() {
        let read = |json: &str| serde_json::from_str::<Value>(json);
        assert_eq!(read("true").unwrap(), Value::Bool(true));
        assert_eq!(read("false").unwrap(), Value::Bool(false));
        // 900,000,000,000 with four places is the largest decimal a file may hold.
        assert_eq!(
            read("900000000000.0").unwrap(),
            Value::Decimal(9_000_000_000_000_000)
        );
        assert!(read("900000000000.5").is_err());
    }

    #[test]
    fn typed_decimals_take_up_to_four_places() {
        let d = ColumnType::Decimal;
        assert_eq!(d.parse_input("1.2345"), Ok(Value::Decimal(12_345)));
        // Spaces around typed text are not part of it: a key typed as " USD " is USD.
        assert_eq!(
            ColumnType::Text.parse_input(" USD "),
            Ok(Value::text("USD"))
        );
        assert_eq!(
            ColumnType::Text.parse_input("New  York"),
            Ok(Value::text("New  York"))
        );
        assert_eq!(d.parse_input("-0.5"), Ok(Value::Decimal(-5_000)));
        // Without a unit or a fraction, as people write them.
        assert_eq!(d.parse_input(".5"), Ok(Value::Decimal(5_000)));
        assert_eq!(d.parse_input("-.25"), Ok(Value::Decimal(-2_500)));
        assert_eq!(d.parse_input("12."), Ok(Value::Decimal(120_000)));
        for nothing in [".", "-.", "-"] {
            assert_eq!(
                d.parse_input(nothing),
                Err(format!("'{nothing}' is not a number")),
                "{nothing}"
            );
        }
        assert_eq!(
            d.parse_input("1.23456"),
            Err("'1.23456' is not a number of this column: at most 4 decimal places".to_string())
        );
        assert_eq!(
            d.parse_input("1.2x456"),
            Err("'1.2x456' is not a number".to_string())
        );
        // Plain digits past what a cell holds: too large, not "not a number".
        assert_eq!(
            d.parse_input("100000000000000000000"),
            Err("100000000000000000000 is too large for a number of this column".to_string())
        );
        assert_eq!(
            ColumnType::Integer.parse_input("99999999999999999999"),
            Err(format!(
                "99999999999999999999 is too large for a whole number of this column (at most {})",
                i64::MAX
            ))
        );
    }

    #[test]
    fn integer_in_decimal_column_is_widened() {
        assert_eq!(
            ColumnType::Decimal.check(Value::Int(3)),
            Ok(Value::decimal(3, 0))
        );
    }

    #[test]
    fn wrong_type_names_both_kinds() {
        let err = ColumnType::Integer.check(Value::text("x")).unwrap_err();
        assert_eq!(err, "expected an integer, found text");
    }

    #[test]
    fn typed_input_becomes_values() {
        assert_eq!(
            ColumnType::Decimal.parse_input("1000.25"),
            Ok(Value::decimal(1000, 2500))
        );
        assert_eq!(
            ColumnType::Decimal.parse_input("-3"),
            Ok(Value::decimal(-3, 0))
        );
        assert_eq!(
            ColumnType::Decimal.parse_input("1.23456"),
            Err("'1.23456' is not a number of this column: at most 4 decimal places".into())
        );
        // A comma is never read as a point nor skipped as a separator.
        assert_eq!(
            ColumnType::Decimal.parse_input("12,5"),
            Err("'12,5' is not a number: write decimals with a point (12.5), without thousands separators".into())
        );
        assert_eq!(
            ColumnType::Decimal.parse_input("1e999"),
            Err("'1e999' is not a number".into())
        );
        // Text after the point that is not digits is never cut inside a character.
        for typed in ["1.25€", "12.50 €", "1.2345é", "1.ééééé"] {
            assert_eq!(
                ColumnType::Decimal.parse_input(typed),
                Err(format!("'{typed}' is not a number"))
            );
        }
        assert_eq!(
            ColumnType::Integer.parse_input("1,000"),
            Err("'1,000' is not a whole number: write digits only (1000), without thousands separators".into())
        );
        assert_eq!(ColumnType::Integer.parse_input(" 42 "), Ok(Value::Int(42)));
        assert_eq!(
            ColumnType::Integer.parse_input("4x"),
            Err("'4x' is not a whole number".into())
        );
        assert_eq!(ColumnType::Bool.parse_input("Yes"), Ok(Value::Bool(true)));
        assert_eq!(ColumnType::Text.parse_input(""), Ok(Value::Null));
        assert_eq!(
            ColumnType::Text.parse_input("<b>x</b>"),
            Ok(Value::text("<b>x</b>"))
        );
    }

    #[test]
    fn enum_rejects_unknown_label() {
        let ty = ColumnType::Enum {
            labels: vec!["Yes".into(), "No".into()],
        };
        assert!(ty.check(Value::text("Maybe")).is_err());
        assert!(ty.check(Value::text("No")).is_ok());
    }
}
