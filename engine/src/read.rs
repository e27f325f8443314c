//! The reader of the JSON formats: a value tree, then each type read from it by hand.
//!
//! Files, commands, lessons and links are parsed once into a JSON tree (refusing a key
//! given twice), and each type is then read from its part of the tree by the [`Read`]
//! impls below, which name the exact path of a bad field (`maps[2].master`).
//!
//! Why not serde's derived `Deserialize`: it compiles a copy of every type's reader for
//! each reader it is used with (the text reader, and the buffer of every internally tagged
//! enum), which made a third of the app's wasm bundle. Here each type has one reader, a
//! plain function. The messages keep serde's wording (`missing field`, `unknown variant`,
//! `invalid type`), which the docs and scripts' authors know. Writing stays serde's.
//! See docs/performance.md (the bundle) and docs/scenario-format.md.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use imbl::Vector;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value as Json};
use smol_str::SmolStr;

use crate::explain::Subject;
use crate::faults::{Fault, Faults};
use crate::filter::Filter;
use crate::lesson::{Goal, LessonFile, Pitfall};
use crate::map::{
    Action, AlertAction, AlertSetting, CatchUpError, ChangeKind, ColumnMapping, Conflict,
    Direction, ErrorType, Execution, ExecutionStatus, LegCounts, LogEntry, MapStatus, Queue,
    QueuedChange, RetryStatus, RowError, TableMap, Transform, DEFAULT_QUEUE_CAPACITY,
};
use crate::script::{Expect, ExplainExpect, RelatedExpect, RowExpect, Script};
use crate::sim::{Command, InitialSync, ResumeOption, RowRef, RunEntry, Settings};
use crate::sync::InitialWork;
use crate::value::{ColumnType, Value};
use crate::world::{Column, RowId, Side};

/// Why a part of a JSON tree could not be read: the path to it and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// The path, innermost segment first (errors are built as the reading unwinds).
    reversed: Vec<Segment>,
    message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl ReadError {
    /// An error at the value being read.
    pub fn new(message: impl Into<String>) -> ReadError {
        ReadError {
            reversed: Vec::new(),
            message: message.into(),
        }
    }

    /// The same error, one field further out.
    #[cold]
    #[inline(never)]
    pub fn at_key(mut self, key: &str) -> ReadError {
        self.reversed.push(Segment::Key(key.to_string()));
        self
    }

    /// The same error, one list item further out.
    #[cold]
    #[inline(never)]
    pub fn at_index(mut self, index: usize) -> ReadError {
        self.reversed.push(Segment::Index(index));
        self
    }

    /// The path in dotted notation (`maps[2].master`); empty at the top.
    pub fn path(&self) -> String {
        let mut path = String::new();
        for segment in self.reversed.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Segment::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path().as_str() {
            "" => f.write_str(&self.message),
            path => write!(f, "{path}: {}", self.message),
        }
    }
}

/// A reading result.
pub type Res<T> = Result<T, ReadError>;

/// A type the JSON formats read, from its part of a JSON tree (taken by value, so that
/// strings move instead of being copied).
pub trait Read: Sized {
    /// Reads the value, or says what is wrong and where.
    fn read(v: Json) -> Res<Self>;
}

/// Parses JSON text into a tree, refusing an object that names a key twice (a plain
/// map would keep the last one silently). Errors carry `serde_json`'s position.
pub fn parse(text: &str) -> Result<Json, serde_json::Error> {
    let mut d = serde_json::Deserializer::from_str(text);
    let tree = Strict::deserialize(&mut d)?.0;
    d.end()?;
    Ok(tree)
}

/// A JSON tree whose objects name each key once.
pub(crate) struct Strict(pub(crate) Json);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Strict;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Strict, E> {
                Ok(Strict(Json::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Strict, E> {
                Ok(Strict(Json::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Strict, E> {
                Ok(Strict(Json::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Strict, E> {
                Ok(Strict(Json::from(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Strict, E> {
                Ok(Strict(Json::String(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Strict, E> {
                Ok(Strict(Json::String(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Strict, E> {
                Ok(Strict(Json::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Strict, E> {
                Ok(Strict(Json::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(Strict(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Strict(Json::Array(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
                let mut object = Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    let Strict(value) = map.next_value()?;
                    if object.contains_key(&key) {
                        return Err(de::Error::custom(format!("duplicate field `{key}`")));
                    }
                    object.insert(key, value);
                }
                Ok(Strict(Json::Object(object)))
            }
        }
        d.deserialize_any(V)
    }
}

/// serde's words for a value of the wrong type (`string "noon"`, `integer `1``).
fn unexpected(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => format!("boolean `{b}`"),
        Json::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Json::Number(n) => format!("integer `{n}`"),
        Json::String(s) => format!("string {s:?}"),
        Json::Array(_) => "sequence".into(),
        Json::Object(_) => "map".into(),
    }
}

/// `invalid type: string "noon", expected a whole number, 0 or more`.
#[cold]
#[inline(never)]
pub fn invalid_type(v: &Json, expected: &str) -> ReadError {
    ReadError::new(format!(
        "invalid type: {}, expected {expected}",
        unexpected(v)
    ))
}

/// serde's list of the accepted names: `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    match names {
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}

#[cold]
#[inline(never)]
fn unknown_variant(found: &str, names: &[&str]) -> ReadError {
    ReadError::new(format!(
        "unknown variant `{found}`, expected {}",
        one_of(names)
    ))
}

/// The index in `names` of a unit variant written as its name.
pub fn variant_index(v: Json, names: &[&str]) -> Res<usize> {
    match &v {
        Json::String(s) => names
            .iter()
            .position(|n| n == s)
            .ok_or_else(|| unknown_variant(s, names)),
        other => Err(invalid_type(other, &format!("a name, {}", one_of(names)))),
    }
}

/// An object being read, field by field.
pub struct Obj(Map<String, Json>);

impl Obj {
    /// The object `v`, which may hold other fields (they are ignored).
    pub fn new(v: Json, expected: &str) -> Res<Obj> {
        match v {
            Json::Object(map) => Ok(Obj(map)),
            other => Err(invalid_type(&other, expected)),
        }
    }

    /// An object already taken apart from its JSON.
    pub(crate) fn from_map(map: Map<String, Json>) -> Obj {
        Obj(map)
    }

    /// The object `v`, which holds no field but `fields`.
    pub fn strict(v: Json, expected: &str, fields: &[&str]) -> Res<Obj> {
        let obj = Obj::new(v, expected)?;
        obj.only(fields)?;
        Ok(obj)
    }

    /// Refuses a field not in `fields`.
    pub fn only(&self, fields: &[&str]) -> Res<()> {
        match self.0.keys().find(|k| !fields.contains(&k.as_str())) {
            Some(k) => Err(ReadError::new(format!(
                "unknown field `{k}`, expected {}",
                one_of(fields)
            ))
            .at_key(k)),
            None => Ok(()),
        }
    }

    /// Takes a field out, as JSON.
    pub fn take(&mut self, key: &str) -> Option<Json> {
        self.0.remove(key)
    }

    /// A field that must be there.
    pub fn req<T: Read>(&mut self, key: &str) -> Res<T> {
        let v = self.field(key)?;
        T::read(v).map_err(|e| e.at_key(key))
    }

    /// A field that may be left out or `null`.
    pub fn opt<T: Read>(&mut self, key: &str) -> Res<Option<T>> {
        match self.0.remove(key) {
            Some(v) => Option::<T>::read(v).map_err(|e| e.at_key(key)),
            None => Ok(None),
        }
    }

    /// A field that takes its type's default when left out.
    pub fn or_default<T: Read + Default>(&mut self, key: &str) -> Res<T> {
        match self.0.remove(key) {
            Some(v) => T::read(v).map_err(|e| e.at_key(key)),
            None => Ok(T::default()),
        }
    }

    /// A field that takes `default()` when left out.
    pub fn or_else<T: Read>(&mut self, key: &str, default: impl FnOnce() -> T) -> Res<T> {
        match self.0.remove(key) {
            Some(v) => T::read(v).map_err(|e| e.at_key(key)),
            None => Ok(default()),
        }
    }

    /// The JSON of a field that must be there (not generic: one copy for every type).
    #[inline(never)]
    fn field(&mut self, key: &str) -> Res<Json> {
        self.0
            .remove(key)
            .ok_or_else(|| ReadError::new(format!("missing field `{key}`")))
    }
}

impl Read for Json {
    fn read(v: Json) -> Res<Json> {
        Ok(v)
    }
}

impl Read for String {
    fn read(v: Json) -> Res<String> {
        match v {
            Json::String(s) => Ok(s),
            other => Err(invalid_type(&other, "a string")),
        }
    }
}

impl Read for SmolStr {
    fn read(v: Json) -> Res<SmolStr> {
        String::read(v).map(SmolStr::from)
    }
}

impl Read for bool {
    fn read(v: Json) -> Res<bool> {
        v.as_bool().ok_or_else(|| invalid_type(&v, "a boolean"))
    }
}

/// What a count or a number of the file (`u64`, `usize`) is expected to be, in words.
const WHOLE: &str = "a whole number, 0 or more";

/// An unsigned integer up to `max` (`expected` says what it may be, in words).
fn unsigned(v: Json, expected: &str, max: u64) -> Res<u64> {
    match &v {
        Json::Number(n) if n.is_u64() => n.as_u64().filter(|x| *x <= max).ok_or_else(|| {
            ReadError::new(format!("invalid value: integer `{n}`, expected {expected}"))
        }),
        Json::Number(n) if n.is_i64() => Err(ReadError::new(format!(
            "invalid value: integer `{n}`, expected {expected}"
        ))),
        // A whole number past what JSON's reader holds as an integer (2^64 and up) comes
        // as a float: said as the whole number it is, too large. (A smaller whole float,
        // `5.0`, is still said as the float it was written as.)
        Json::Number(n)
            if n.as_f64()
                .is_some_and(|f| f >= 18_446_744_073_709_551_616.0 && f.fract() == 0.0) =>
        {
            // Said in whole digits up to 2^128 (beyond, as serde_json writes it: `1e+40`),
            // without the float formatting that `{:.0}` would bring into the bundle.
            let whole = n.as_f64().unwrap_or_default();
            let digits = if whole < 340_282_366_920_938_463_463_374_607_431_768_211_455.0 {
                (whole as u128).to_string()
            } else {
                n.to_string()
            };
            Err(ReadError::new(format!(
                "invalid value: integer `{digits}` is too large, expected {expected}"
            )))
        }
        other => Err(invalid_type(other, expected)),
    }
}

impl Read for u64 {
    fn read(v: Json) -> Res<u64> {
        unsigned(v, WHOLE, u64::MAX)
    }
}

impl Read for u32 {
    fn read(v: Json) -> Res<u32> {
        unsigned(v, "a whole number from 0 to 4294967295", u32::MAX.into()).map(|x| x as u32)
    }
}

impl Read for usize {
    fn read(v: Json) -> Res<usize> {
        let max = u64::try_from(usize::MAX).unwrap_or(u64::MAX);
        unsigned(v, WHOLE, max).map(|x| x as usize)
    }
}

impl Read for i64 {
    fn read(v: Json) -> Res<i64> {
        match &v {
            Json::Number(n) if n.is_i64() => n.as_i64().ok_or_else(|| invalid_type(&v, "i64")),
            Json::Number(n) if n.is_u64() => Err(ReadError::new(format!(
                "invalid value: integer `{n}`, expected i64"
            ))),
            other => Err(invalid_type(other, "i64")),
        }
    }
}

impl Read for Value {
    fn read(v: Json) -> Res<Value> {
        match v {
            Json::Null => Ok(Value::Null),
            Json::Bool(b) => Ok(Value::Bool(b)),
            Json::String(s) => Ok(Value::Text(SmolStr::from(s))),
            Json::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Ok(Value::Int(i)),
                (None, Some(u)) => Value::from_u64(u).map_err(ReadError::new),
                _ => Value::from_f64(n.as_f64().unwrap_or(f64::NAN)).map_err(ReadError::new),
            },
            other => Err(invalid_type(
                &other,
                "null, a boolean, a number or a string",
            )),
        }
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(v: Json) -> Res<Vec<T>> {
        // A loop, not `collect::<Result<_, _>>()`: the adapter that would take is compiled
        // again for every item type, each with the item's reader inlined.
        match v {
            Json::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    out.push(T::read(item).map_err(|e| e.at_index(i))?);
                }
                Ok(out)
            }
            other => Err(invalid_type(&other, "a sequence")),
        }
    }
}

impl<T: Read + Clone> Read for Vector<T> {
    fn read(v: Json) -> Res<Vector<T>> {
        Vec::<T>::read(v).map(Vector::from)
    }
}

impl<T: Read> Read for Option<T> {
    fn read(v: Json) -> Res<Option<T>> {
        match v {
            Json::Null => Ok(None),
            v => T::read(v).map(Some),
        }
    }
}

impl<T: Read> Read for Box<T> {
    fn read(v: Json) -> Res<Box<T>> {
        T::read(v).map(Box::new)
    }
}

impl<T: Read> Read for Arc<T> {
    fn read(v: Json) -> Res<Arc<T>> {
        T::read(v).map(Arc::new)
    }
}

/// The two items of an array of exactly two.
fn pair(v: Json) -> Res<[Json; 2]> {
    match v {
        Json::Array(items) => <[Json; 2]>::try_from(items).map_err(|items| {
            ReadError::new(format!(
                "invalid length {}, expected a tuple of size 2",
                items.len()
            ))
        }),
        other => Err(invalid_type(&other, "a tuple of size 2")),
    }
}

impl<A: Read, B: Read> Read for (A, B) {
    fn read(v: Json) -> Res<(A, B)> {
        let [a, b] = pair(v)?;
        let a = A::read(a).map_err(|e| e.at_index(0))?;
        let b = B::read(b).map_err(|e| e.at_index(1))?;
        Ok((a, b))
    }
}

impl Read for [u32; 2] {
    fn read(v: Json) -> Res<[u32; 2]> {
        let (a, b) = <(u32, u32)>::read(v)?;
        Ok([a, b])
    }
}

impl<T: Read> Read for BTreeMap<String, T> {
    fn read(v: Json) -> Res<BTreeMap<String, T>> {
        match v {
            Json::Object(map) => {
                let mut out = BTreeMap::new();
                for (k, v) in map {
                    let value = T::read(v).map_err(|e| e.at_key(&k))?;
                    out.insert(k, value);
                }
                Ok(out)
            }
            other => Err(invalid_type(&other, "a map")),
        }
    }
}

impl<T: Read + Ord> Read for std::collections::BTreeSet<T> {
    fn read(v: Json) -> Res<std::collections::BTreeSet<T>> {
        let mut out = std::collections::BTreeSet::new();
        for item in Vec::<T>::read(v)? {
            out.insert(item);
        }
        Ok(out)
    }
}

impl Read for Filter {
    fn read(v: Json) -> Res<Filter> {
        let source = String::read(v)?;
        Filter::parse(&source).map_err(|e| ReadError::new(e.to_string()))
    }
}

impl Read for RowId {
    fn read(v: Json) -> Res<RowId> {
        u32::read(v).map(RowId)
    }
}

/// A direction as the product writes it (`=`, `<>` with a transform, `>`, `<`) or as
/// older pages and this format write it (`>>`, `<<`).
impl Read for Direction {
    fn read(v: Json) -> Res<Direction> {
        const ALL: [Direction; 6] = [
            Direction::Both,
            Direction::Both,
            Direction::ToDataverse,
            Direction::ToDataverse,
            Direction::ToFinOps,
            Direction::ToFinOps,
        ];
        let i = variant_index(v, &["=", "<>", ">>", ">", "<<", "<"])?;
        ALL.get(i)
            .copied()
            .ok_or_else(|| ReadError::new("unknown variant"))
    }
}

/// `Read` for enums of unit variants, written as their names.
macro_rules! unit_enums {
    ($($ty:ty { $($name:literal => $variant:expr),+ $(,)? })+) => {$(
        impl Read for $ty {
            fn read(v: Json) -> Res<$ty> {
                const ALL: &[$ty] = &[$($variant),+];
                let i = variant_index(v, &[$($name),+])?;
                ALL.get(i).copied().ok_or_else(|| ReadError::new("unknown variant"))
            }
        }
    )+};
}

unit_enums! {
    Side { "FinOps" => Side::FinOps, "Dataverse" => Side::Dataverse }
    Action {
        "Run" => Action::Run, "Stop" => Action::Stop, "Pause" => Action::Pause,
        "SkipToLiveSync" => Action::SkipToLiveSync,
    }
    ChangeKind { "Create" => ChangeKind::Create, "Update" => ChangeKind::Update, "Delete" => ChangeKind::Delete }
    RetryStatus { "Pending" => RetryStatus::Pending, "Completed" => RetryStatus::Completed }
    ErrorType {
        "ApplicationError" => ErrorType::ApplicationError, "BadRequest" => ErrorType::BadRequest,
        "Unauthorized" => ErrorType::Unauthorized, "BadGateway" => ErrorType::BadGateway,
        "ServiceUnavailable" => ErrorType::ServiceUnavailable,
        "TooManyRequests" => ErrorType::TooManyRequests,
    }
    AlertAction { "None" => AlertAction::None, "Stop" => AlertAction::Stop, "Pause" => AlertAction::Pause }
    ExecutionStatus { "Completed" => ExecutionStatus::Completed, "Error" => ExecutionStatus::Error }
    InitialSync { "Run" => InitialSync::Run, "Skip" => InitialSync::Skip }
    ResumeOption {
        "CatchUp" => ResumeOption::CatchUp,
        "SkipPreservingErrors" => ResumeOption::SkipPreservingErrors,
        "SkipDiscarding" => ResumeOption::SkipDiscarding,
    }
    Fault {
        "unavailable" => Fault::Unavailable, "throttled" => Fault::Throttled,
        "bad_gateway" => Fault::BadGateway, "unauthorized" => Fault::Unauthorized,
    }
}

impl Read for Transform {
    fn read(v: Json) -> Res<Transform> {
        let names = ["value_map", "default"];
        let (name, inner) = match v {
            Json::Object(map) if map.len() == 1 => map.into_iter().next().unwrap_or_default(),
            other => return Err(invalid_type(&other, "enum Transform")),
        };
        let read = match name.as_str() {
            "value_map" => Vec::read(inner).map(Transform::ValueMap),
            "default" => Value::read(inner).map(Transform::Default),
            other => return Err(unknown_variant(other, &names)),
        };
        read.map_err(|e| e.at_key(&name))
    }
}

impl Read for ColumnMapping {
    fn read(v: Json) -> Res<ColumnMapping> {
        let mut o = Obj::strict(
            v,
            "struct ColumnMapping",
            &["finops", "dataverse", "direction", "transform"],
        )?;
        Ok(ColumnMapping {
            finops: o.req("finops")?,
            dataverse: o.req("dataverse")?,
            direction: o.req("direction")?,
            transform: o.opt("transform")?,
        })
    }
}

impl Read for QueuedChange {
    fn read(v: Json) -> Res<QueuedChange> {
        let mut o = Obj::new(v, "struct QueuedChange")?;
        Ok(QueuedChange {
            seq: o.req("seq")?,
            time: o.req("time")?,
            origin: o.req("origin")?,
            kind: o.req("kind")?,
            key: o.req("key")?,
            row: o.opt("row")?,
            changed: o.or_default("changed")?,
        })
    }
}

impl Read for CatchUpError {
    fn read(v: Json) -> Res<CatchUpError> {
        let mut o = Obj::new(v, "struct CatchUpError")?;
        Ok(CatchUpError {
            id: o.req("id")?,
            change: o.req("change")?,
            message: o.req("message")?,
            retry: o.req("retry")?,
            retries: o.or_default("retries")?,
        })
    }
}

impl Read for Queue {
    fn read(v: Json) -> Res<Queue> {
        let mut o = Obj::new(v, "struct Queue")?;
        let changes: Vec<QueuedChange> = o.req("changes")?;
        let mut queue = Queue::new(o.req("since")?);
        for change in changes {
            queue.push(change);
        }
        Ok(queue)
    }
}

impl Read for MapStatus {
    fn read(v: Json) -> Res<MapStatus> {
        const NAMES: &[&str] = &[
            "not_running",
            "initializing",
            "running",
            "paused",
            "resuming",
        ];
        let mut o = Obj::new(v, "internally tagged enum MapStatus")?;
        let tag: String = o.req("status")?;
        Ok(match tag.as_str() {
            "not_running" => MapStatus::NotRunning,
            "initializing" => MapStatus::Initializing {
                done: o.req("done")?,
                total: o.req("total")?,
                work: o.opt("work")?,
            },
            "running" => MapStatus::Running,
            "paused" => MapStatus::Paused {
                queue: o.req("queue")?,
            },
            "resuming" => MapStatus::Resuming {
                queue: o.req("queue")?,
                done: o.req("done")?,
                total: o.req("total")?,
            },
            other => return Err(unknown_variant(other, NAMES).at_key("status")),
        })
    }
}

impl Read for AlertSetting {
    fn read(v: Json) -> Res<AlertSetting> {
        let mut o = Obj::strict(
            v,
            "struct AlertSetting",
            &[
                "error_type",
                "count",
                "window_minutes",
                "action",
                "recipients",
            ],
        )?;
        Ok(AlertSetting {
            error_type: o.req("error_type")?,
            count: o.req("count")?,
            window_minutes: o.req("window_minutes")?,
            action: o.req("action")?,
            recipients: o.or_default("recipients")?,
        })
    }
}

impl Read for LogEntry {
    fn read(v: Json) -> Res<LogEntry> {
        let mut o = Obj::new(v, "struct LogEntry")?;
        Ok(LogEntry {
            time: o.req("time")?,
            message: o.req("message")?,
        })
    }
}

impl Read for LegCounts {
    fn read(v: Json) -> Res<LegCounts> {
        let mut o = Obj::new(v, "struct LegCounts")?;
        Ok(LegCounts {
            read: o.req("read")?,
            created: o.req("created")?,
            updated: o.req("updated")?,
            failed: o.req("failed")?,
        })
    }
}

impl Read for Conflict {
    fn read(v: Json) -> Res<Conflict> {
        let mut o = Obj::new(v, "struct Conflict")?;
        Ok(Conflict {
            key: o.req("key")?,
            column: o.req("column")?,
            finops: o.req("finops")?,
            dataverse: o.req("dataverse")?,
            winner: o.req("winner")?,
        })
    }
}

impl Read for RowError {
    fn read(v: Json) -> Res<RowError> {
        let mut o = Obj::new(v, "struct RowError")?;
        Ok(RowError {
            source: o.req("source")?,
            key: o.req("key")?,
            field: o.req("field")?,
            message: o.req("message")?,
        })
    }
}

impl Read for Execution {
    fn read(v: Json) -> Res<Execution> {
        let mut o = Obj::new(v, "struct Execution")?;
        Ok(Execution {
            id: o.req("id")?,
            time: o.req("time")?,
            master: o.req("master")?,
            to_dataverse: o.req("to_dataverse")?,
            to_finops: o.req("to_finops")?,
            conflicts: o.req("conflicts")?,
            errors: o.req("errors")?,
            status: o.req("status")?,
        })
    }
}

impl Read for TableMap {
    fn read(v: Json) -> Res<TableMap> {
        // Strict: a field misspelt in a file written by hand ("mastre") is said, not
        // read as the field left out.
        let mut o = Obj::strict(
            v,
            "struct TableMap",
            &[
                "name",
                "finops_table",
                "dataverse_table",
                "mappings",
                "finops_filter",
                "dataverse_filter",
                "master",
                "alerts",
                "queue_capacity",
                "status",
                "active_alerts",
                "error_times",
                "log",
                "executions",
                "catch_up_errors",
                "next_seq",
                "played_back",
                "discarded",
            ],
        )?;
        Ok(TableMap {
            name: o.req("name")?,
            finops_table: o.req("finops_table")?,
            dataverse_table: o.req("dataverse_table")?,
            mappings: o.req("mappings")?,
            finops_filter: o.or_default("finops_filter")?,
            dataverse_filter: o.or_default("dataverse_filter")?,
            master: o.or_else("master", || Side::Dataverse)?,
            alerts: o.or_default("alerts")?,
            queue_capacity: o.or_else("queue_capacity", || DEFAULT_QUEUE_CAPACITY)?,
            status: o.or_default("status")?,
            active_alerts: o.or_default("active_alerts")?,
            error_times: o.or_default("error_times")?,
            log: o.or_default("log")?,
            executions: o.or_default("executions")?,
            catch_up_errors: o.or_default("catch_up_errors")?,
            next_seq: o.or_else("next_seq", || 1)?,
            played_back: o.or_default("played_back")?,
            discarded: o.or_default("discarded")?,
        })
    }
}

impl Read for InitialWork {
    fn read(v: Json) -> Res<InitialWork> {
        let mut o = Obj::new(v, "struct InitialWork")?;
        Ok(InitialWork {
            execution: o.req("execution")?,
            leg: o.req("leg")?,
            after: o.req("after")?,
            limits: o.req("limits")?,
            written: o.or_default("written")?,
        })
    }
}

impl Read for Settings {
    fn read(v: Json) -> Res<Settings> {
        let mut o = Obj::strict(v, "struct Settings", &["rows_per_tick", "minutes_per_tick"])?;
        Ok(Settings {
            rows_per_tick: o.req("rows_per_tick")?,
            minutes_per_tick: o.req("minutes_per_tick")?,
        })
    }
}

impl Read for Faults {
    fn read(v: Json) -> Res<Faults> {
        let fields = [
            "finops",
            "dataverse",
            "finops_unavailable",
            "dataverse_unavailable",
        ];
        let mut o = Obj::strict(v, "struct Faults", &fields)?;
        // The first format's switches: `finops_unavailable: true` is the Unavailable fault.
        let legacy = |on: bool| on.then_some(Fault::Unavailable);
        let finops: Option<Fault> = o.opt("finops")?;
        let dataverse: Option<Fault> = o.opt("dataverse")?;
        let finops_unavailable: bool = o.or_default("finops_unavailable")?;
        let dataverse_unavailable: bool = o.or_default("dataverse_unavailable")?;
        Ok(Faults {
            finops: finops.or(legacy(finops_unavailable)),
            dataverse: dataverse.or(legacy(dataverse_unavailable)),
        })
    }
}

/// The type of a column, from its object's `type` field and the fields that type brings.
fn column_type(o: &mut Obj) -> Res<ColumnType> {
    const NAMES: &[&str] = &[
        "text",
        "integer",
        "decimal",
        "bool",
        "enum",
        "option_set",
        "lookup",
    ];
    let tag: String = o.req("type")?;
    Ok(match tag.as_str() {
        "text" => ColumnType::Text,
        "integer" => ColumnType::Integer,
        "decimal" => ColumnType::Decimal,
        "bool" => ColumnType::Bool,
        "enum" => ColumnType::Enum {
            labels: o.req("labels")?,
        },
        "option_set" => {
            let options: Vec<i64> = o.req("options")?;
            let labels: Vec<String> = o.or_default("labels")?;
            if !labels.is_empty() && labels.len() != options.len() {
                return Err(ReadError::new(format!(
                    "{} labels for {} options: give each option its label, or none",
                    labels.len(),
                    options.len()
                ))
                .at_key("labels"));
            }
            ColumnType::OptionSet { options, labels }
        }
        "lookup" => ColumnType::Lookup {
            table: o.req("table")?,
            column: o.req("column")?,
        },
        other => return Err(unknown_variant(other, NAMES).at_key("type")),
    })
}

impl Read for Column {
    fn read(v: Json) -> Res<Column> {
        let mut o = Obj::new(v, "a column: its name and type")?;
        let name = o.req("name")?;
        let ty = column_type(&mut o)?;
        Ok(Column { name, ty })
    }
}

impl Read for RowRef {
    fn read(v: Json) -> Res<RowRef> {
        match v {
            Json::Number(_) => RowId::read(v).map(RowRef::Id),
            Json::Array(_) => Vec::read(v).map(RowRef::Key),
            other => Err(invalid_type(
                &other,
                "a row id, or a row's key as a list of values",
            )),
        }
    }
}

impl Read for RunEntry {
    fn read(v: Json) -> Res<RunEntry> {
        let mut o = Obj::strict(v, "struct RunEntry", &["map", "master"])?;
        Ok(RunEntry {
            map: o.req("map")?,
            master: o.opt("master")?,
        })
    }
}

/// A command's map names: `maps`, or `map` (one name or a list).
fn map_names(o: &mut Obj) -> Res<Vec<String>> {
    let (key, v) = match (o.take("maps"), o.take("map")) {
        (Some(v), None) => ("maps", v),
        (None, Some(v)) => ("map", v),
        (Some(_), Some(_)) => return Err(ReadError::new("duplicate field `maps`")),
        (None, None) => return Err(ReadError::new("missing field `maps`")),
    };
    match v {
        Json::String(name) => Ok(vec![name]),
        Json::Array(_) => Vec::read(v),
        other => Err(invalid_type(&other, "a map name or a list of map names")),
    }
    .map_err(|e| e.at_key(key))
}

/// The names of the commands, in the order of [`Command`]'s variants.
pub const COMMAND_NAMES: &[&str] = &[
    "create_row",
    "update_row",
    "delete_row",
    "run",
    "stop",
    "pause",
    "skip_to_live_sync",
    "rerun_execution",
    "retry_catch_up_errors",
    "set_mappings",
    "set_filter",
    "set_master",
    "set_alerts",
    "set_queue_capacity",
    "set_availability",
    "set_fault",
    "set_rows_per_tick",
    "tick",
    "run_until_idle",
    "generate_customers",
];

impl Read for Command {
    fn read(v: Json) -> Res<Command> {
        let mut o = Obj::new(v, "a command: an object with a \"command\" field")?;
        let tag: String = o.req("command")?;
        let fields: &[&str] = match tag.as_str() {
            "create_row" => &["command", "side", "table", "cells"],
            "update_row" => &["command", "side", "table", "row", "cells"],
            "delete_row" => &["command", "side", "table", "row"],
            "run" => &["command", "maps", "initial_sync", "resume"],
            "stop" | "pause" => &["command", "maps"],
            "skip_to_live_sync" => &["command", "maps", "map", "preserve"],
            "rerun_execution" => &["command", "maps", "map"],
            "retry_catch_up_errors" => &["command", "map", "ids"],
            "set_mappings" => &["command", "map", "mappings"],
            "set_filter" => &["command", "map", "side", "filter"],
            "set_master" => &["command", "map", "master"],
            "set_alerts" => &["command", "map", "alerts"],
            "set_queue_capacity" => &["command", "map", "capacity"],
            "set_availability" => &["command", "side", "available"],
            "set_fault" => &["command", "side", "fault"],
            "set_rows_per_tick" => &["command", "rows"],
            "tick" => &["command", "ticks"],
            "run_until_idle" => &["command"],
            "generate_customers" => &["command", "count", "seed"],
            other => return Err(unknown_variant(other, COMMAND_NAMES).at_key("command")),
        };
        o.only(fields)?;
        Ok(match tag.as_str() {
            "create_row" => Command::CreateRow {
                side: o.req("side")?,
                table: o.req("table")?,
                cells: o.req("cells")?,
            },
            "update_row" => Command::UpdateRow {
                side: o.req("side")?,
                table: o.req("table")?,
                row: o.req("row")?,
                cells: o.req("cells")?,
            },
            "delete_row" => Command::DeleteRow {
                side: o.req("side")?,
                table: o.req("table")?,
                row: o.req("row")?,
            },
            "run" => Command::Run {
                maps: o.req("maps")?,
                initial_sync: o.or_default("initial_sync")?,
                resume: o.or_default("resume")?,
            },
            "stop" => Command::Stop {
                maps: o.req("maps")?,
            },
            "pause" => Command::Pause {
                maps: o.req("maps")?,
            },
            "skip_to_live_sync" => Command::SkipToLiveSync {
                maps: map_names(&mut o)?,
                preserve: o.req("preserve")?,
            },
            "rerun_execution" => Command::RerunExecution {
                maps: map_names(&mut o)?,
            },
            "retry_catch_up_errors" => Command::RetryCatchUpErrors {
                map: o.req("map")?,
                ids: o.opt("ids")?,
            },
            "set_mappings" => Command::SetMappings {
                map: o.req("map")?,
                mappings: o.req("mappings")?,
            },
            "set_filter" => Command::SetFilter {
                map: o.req("map")?,
                side: o.req("side")?,
                filter: o.req("filter")?,
            },
            "set_master" => Command::SetMaster {
                map: o.req("map")?,
                master: o.req("master")?,
            },
            "set_alerts" => Command::SetAlerts {
                map: o.req("map")?,
                alerts: o.req("alerts")?,
            },
            "set_queue_capacity" => Command::SetQueueCapacity {
                map: o.req("map")?,
                capacity: o.req("capacity")?,
            },
            "set_availability" => Command::SetAvailability {
                side: o.req("side")?,
                available: o.req("available")?,
            },
            "set_fault" => Command::SetFault {
                side: o.req("side")?,
                fault: o.opt("fault")?,
            },
            "set_rows_per_tick" => Command::SetRowsPerTick {
                rows: o.req("rows")?,
            },
            "tick" => Command::Tick {
                ticks: o.req("ticks")?,
            },
            "run_until_idle" => Command::RunUntilIdle,
            "generate_customers" => Command::GenerateCustomers {
                count: o.req("count")?,
                seed: o.or_else("seed", crate::sim::default_seed)?,
            },
            other => return Err(unknown_variant(other, COMMAND_NAMES).at_key("command")),
        })
    }
}

impl Read for Subject {
    fn read(v: Json) -> Res<Subject> {
        const NAMES: &[&str] = &[
            "conflict",
            "failed_row",
            "queued",
            "catch_up_error",
            "log_line",
            "action",
        ];
        let mut o = Obj::new(v, "a subject: an object with a \"what\" field")?;
        let tag: String = o.req("what")?;
        let fields: &[&str] = match tag.as_str() {
            "conflict" | "failed_row" => &["what", "map", "execution", "index"],
            "queued" => &["what", "map", "seq"],
            "catch_up_error" => &["what", "map", "id"],
            "log_line" => &["what", "map", "index"],
            "action" => &["what", "map", "action"],
            other => return Err(unknown_variant(other, NAMES).at_key("what")),
        };
        o.only(fields)?;
        Ok(match tag.as_str() {
            "conflict" => Subject::Conflict {
                map: o.req("map")?,
                execution: o.opt("execution")?,
                index: o.req("index")?,
            },
            "failed_row" => Subject::FailedRow {
                map: o.req("map")?,
                execution: o.opt("execution")?,
                index: o.req("index")?,
            },
            "queued" => Subject::Queued {
                map: o.req("map")?,
                seq: o.req("seq")?,
            },
            "catch_up_error" => Subject::CatchUpError {
                map: o.req("map")?,
                id: o.req("id")?,
            },
            "log_line" => Subject::LogLine {
                map: o.req("map")?,
                index: o.req("index")?,
            },
            "action" => Subject::Action {
                map: o.req("map")?,
                action: o.req("action")?,
            },
            other => return Err(unknown_variant(other, NAMES).at_key("what")),
        })
    }
}

impl Read for RowExpect {
    fn read(v: Json) -> Res<RowExpect> {
        let fields = ["side", "table", "key", "cells"];
        let mut o = Obj::strict(v, "struct RowExpect", &fields)?;
        Ok(RowExpect {
            side: o.req("side")?,
            table: o.req("table")?,
            key: o.req("key")?,
            cells: o.or_default("cells")?,
        })
    }
}

impl Read for RelatedExpect {
    fn read(v: Json) -> Res<RelatedExpect> {
        let fields = ["maps", "order", "dependents", "cycles", "pause_offers"];
        let mut o = Obj::strict(v, "struct RelatedExpect", &fields)?;
        Ok(RelatedExpect {
            maps: o.req("maps")?,
            order: o.opt("order")?,
            dependents: o.opt("dependents")?,
            cycles: o.opt("cycles")?,
            pause_offers: o.opt("pause_offers")?,
        })
    }
}

impl Read for ExplainExpect {
    fn read(v: Json) -> Res<ExplainExpect> {
        let mut o = Obj::strict(v, "struct ExplainExpect", &["subject", "contains"])?;
        Ok(ExplainExpect {
            subject: o.req("subject")?,
            contains: o.or_default("contains")?,
        })
    }
}

impl Read for Expect {
    fn read(v: Json) -> Res<Expect> {
        let fields = [
            "status",
            "rows",
            "absent",
            "row_counts",
            "conflicts",
            "initial_sync_errors",
            "catch_up_errors",
            "queued",
            "log_contains",
            "related",
            "executions",
            "explain",
            "faults",
            "alerts",
            "alerts_in_effect",
            "played_back",
            "initial_syncs",
            "not",
        ];
        let mut o = Obj::strict(v, "struct Expect", &fields)?;
        Ok(Expect {
            status: o.or_default("status")?,
            rows: o.or_default("rows")?,
            absent: o.or_default("absent")?,
            row_counts: o.or_default("row_counts")?,
            conflicts: o.or_default("conflicts")?,
            initial_sync_errors: o.or_default("initial_sync_errors")?,
            catch_up_errors: o.or_default("catch_up_errors")?,
            queued: o.or_default("queued")?,
            log_contains: o.or_default("log_contains")?,
            related: o.or_default("related")?,
            executions: o.or_default("executions")?,
            explain: o.or_default("explain")?,
            faults: o.opt("faults")?,
            alerts: o.or_default("alerts")?,
            alerts_in_effect: o.or_default("alerts_in_effect")?,
            played_back: o.or_default("played_back")?,
            initial_syncs: o.or_default("initial_syncs")?,
            not: o.or_default("not")?,
        })
    }
}

impl Read for Script {
    fn read(v: Json) -> Res<Script> {
        let fields = ["format", "version", "title", "scenario", "steps", "expect"];
        let mut o = Obj::strict(v, "struct Script", &fields)?;
        Ok(Script {
            format: o.req("format")?,
            version: o.req("version")?,
            title: o.or_default("title")?,
            scenario: o.req("scenario")?,
            steps: o.or_default("steps")?,
            expect: o.or_default("expect")?,
        })
    }
}

impl Read for Goal {
    fn read(v: Json) -> Res<Goal> {
        let mut o = Obj::strict(v, "struct Goal", &["text", "expect", "after_previous"])?;
        Ok(Goal {
            text: o.req("text")?,
            expect: o.req("expect")?,
            after_previous: o.or_default("after_previous")?,
        })
    }
}

impl Read for Pitfall {
    fn read(v: Json) -> Res<Pitfall> {
        let mut o = Obj::strict(v, "struct Pitfall", &["text", "when", "example"])?;
        Ok(Pitfall {
            text: o.req("text")?,
            when: o.req("when")?,
            example: o.req("example")?,
        })
    }
}

impl Read for LessonFile {
    fn read(v: Json) -> Res<LessonFile> {
        let fields = [
            "format", "version", "id", "title", "story", "scenario", "setup", "goals", "hints",
            "pitfalls", "solution",
        ];
        let mut o = Obj::strict(v, "struct LessonFile", &fields)?;
        Ok(LessonFile {
            format: o.req("format")?,
            version: o.req("version")?,
            id: o.req("id")?,
            title: o.req("title")?,
            story: o.req("story")?,
            scenario: o.req("scenario")?,
            setup: o.or_default("setup")?,
            goals: o.req("goals")?,
            hints: o.or_default("hints")?,
            pitfalls: o.or_default("pitfalls")?,
            solution: o.req("solution")?,
        })
    }
}
