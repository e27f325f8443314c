//! The JSON formats: a scenario (the whole state, with its history) and commands.
//!
//! **Invariant:** loading never panics and never half-loads: it returns a complete,
//! checked [`Scenario`] or a [`FormatError`] naming the path of the bad field.
//! See `docs/scenario-format.md`.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value as Json;
use thiserror::Error;

use crate::history::Session;
use crate::read::{Obj, Read, ReadError, Strict};
use crate::sim::{Command, Simulator};
use crate::sync::Plan;
use crate::value::{ColumnType, Value};
use crate::world::{Column, RowId, Side, Table, Tables, World};

/// Name written in every scenario file.
pub const FORMAT_NAME: &str = "dualwrite-scenario";
/// Version of the scenario format this engine writes. It reads versions 1 and 2: version 1
/// wrote rows as objects and always both the state and the history's base; version 2
/// writes rows as arrays and the state only when there is no history to rebuild it.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest version this engine reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// Largest scenario text accepted, in bytes.
pub const MAX_SCENARIO_BYTES: usize = 64 * 1024 * 1024;

/// A size as people read it, with the exact count: "64.0 MiB (67108865 bytes)".
fn in_mib(bytes: usize) -> String {
    format!(
        "{} MiB ({bytes} bytes)",
        one_decimal(bytes as u64, 1024 * 1024)
    )
}

/// `compact`, serde_json's compact text, laid out as `serde_json::to_string_pretty` lays
/// it out (two spaces a level, `": "` after a name, `[]` and `{}` kept on one line).
/// Writing compact and indenting after costs the bundle one serializer per type instead
/// of two (about 3 KB gzip); the files it is used for (a lesson, a mapping's JSON) are
/// small.
pub fn indented(compact: &str) -> String {
    fn new_line(out: &mut String, depth: usize) {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    }
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                match chars.next_if(|next| matches!(next, '}' | ']')) {
                    Some(close) => out.push(close),
                    None => {
                        depth += 1;
                        new_line(&mut out, depth);
                    }
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// `numerator / denominator` with one decimal, rounded half up: `one_decimal(3, 2)` is
/// "1.5", `one_decimal(2, 3)` "0.7". Written with whole numbers, so that the bundle
/// carries no float formatting (about 10 KB of code and tables) for the few sizes it
/// shows. A zero `denominator` reads as 1.
pub fn one_decimal(numerator: u64, denominator: u64) -> String {
    let denominator = u128::from(denominator.max(1));
    let tenths = (u128::from(numerator) * 10 + denominator / 2) / denominator;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Why a scenario or command could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FormatError {
    /// Too large to load.
    #[error(
        "the file is {}; the largest file the simulator reads is {}",
        in_mib(*size),
        in_mib(*limit)
    )]
    TooLarge {
        /// Size given.
        size: usize,
        /// Limit.
        limit: usize,
    },
    /// A field is missing, of the wrong type, or inconsistent with the rest.
    #[error("{path}: {message}")]
    Invalid {
        /// Where, as `state.maps[2].status`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Not a scenario at all: not a JSON object, or one that does not say its format.
    #[error("this is not a scenario file: a scenario is a JSON object that begins {{\"format\": \"{FORMAT_NAME}\", \"version\": {FORMAT_VERSION}, ...}} (as the app's Export writes it)")]
    NotAScenario,
    /// A file or a pasted text with nothing in it (or only spaces).
    #[error("it is empty, with nothing to load")]
    Empty,
    /// A lesson file (`"format": "dualwrite-lesson"`), given where a scenario is read.
    #[error("this is a lesson file, not a scenario")]
    LessonNotScenario,
    /// A scenario file, given where a lesson is read.
    #[error("this is a scenario file, not a lesson")]
    ScenarioNotLesson,
    /// Not a lesson at all: not a JSON object, or one that does not say its format.
    #[error("this is not a lesson file: a lesson is a JSON object that begins {{\"format\": \"{}\", \"version\": {}, ...}} (as the lesson builder's Download writes it)", crate::lesson::LESSON_FORMAT, crate::lesson::LESSON_VERSION)]
    NotALesson,
    /// A lesson written by a newer version of the simulator.
    #[error("this lesson was saved by a newer version of the simulator (lesson version {version}); this version reads version {}: open it with a newer version", crate::lesson::LESSON_VERSION)]
    NewerLesson {
        /// The version found.
        version: u32,
    },
    /// Not a scenario of a version this engine reads.
    #[error("this is a '{found}' file of version {version}; expected '{FORMAT_NAME}' version {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}")]
    Version {
        /// The format name found.
        found: String,
        /// The version found.
        version: u32,
    },
    /// A scenario written by a newer version of the simulator.
    #[error("this scenario was saved by a newer version of the simulator (format version {version}); this version reads versions {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}: open it with a newer version")]
    Newer {
        /// The version found.
        version: u32,
    },
}

fn invalid(path: impl Into<String>, message: impl fmt::Display) -> FormatError {
    FormatError::Invalid {
        path: path.into(),
        message: message.to_string(),
    }
}

/// `value` as a JSON value, through its compact text. Every type then has one `Serialize`
/// in the wasm bundle (the compact writer's), where `serde_json::to_value` would compile
/// each a second time for the value serializer.
pub(crate) fn json_value<T: Serialize + ?Sized>(value: &T) -> serde_json::Value {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| crate::read::parse(&text).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// `T` read from a JSON value found at `path` (empty at the top): errors name the path
/// from there.
pub(crate) fn from_json_value<T: Read>(value: Json, path: &str) -> Result<T, FormatError> {
    T::read(value).map_err(|e| located(path, e))
}

/// Parses JSON into `T`, naming the path of the first bad field.
///
/// The text is parsed once into a JSON tree ([`crate::read::parse`]), then `T` is read
/// from the tree by its [`Read`] impl, which knows the path of every field. When the
/// text itself does not parse, the path is found by [`path_at`] from the position
/// `serde_json` gives.
pub fn from_json<T: Read>(text: &str) -> Result<T, FormatError> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(FormatError::TooLarge {
            size: text.len(),
            limit: MAX_SCENARIO_BYTES,
        });
    }
    let tree = crate::read::parse(text).map_err(|e| parse_error(text, &e))?;
    from_json_value(tree, "")
}

/// A text that does not parse (or whose streamed parts do not read): the path of the
/// error found from its position.
fn parse_error(text: &str, e: &serde_json::Error) -> FormatError {
    let path = path_at(text, byte_offset(text, e.line(), e.column()));
    let path = if path == "." { "(top)".into() } else { path };
    // That the file is not JSON there is said first, then what was expected, in plain
    // words, and where.
    let at = format!("line {}, column {}", e.line(), e.column());
    match e.classify() {
        serde_json::error::Category::Syntax => invalid(
            path,
            format!("not valid JSON at {at}: {}", syntax_in_words(e)),
        ),
        serde_json::error::Category::Eof => invalid(
            path,
            format!("the text ends before its JSON does (was it cut short?), at {at}"),
        ),
        _ => invalid(path, e),
    }
}

/// What `serde_json` found wrong with a text's syntax, in plain words: its own words
/// ("EOF while parsing", "expected ident") are a parser's. (It does not expose its
/// error codes, only their messages, which name the code before " at line ".)
fn syntax_in_words(e: &serde_json::Error) -> String {
    let said = e.to_string();
    let code = said.split(" at line ").next().unwrap_or(&said);
    match code {
        "key must be a string" => "a name in double quotes was expected".into(),
        "expected `:`" => "a colon (:) was expected after a name".into(),
        "expected `,` or `]`" => "a comma (,) or the list's end (]) was expected".into(),
        "expected `,` or `}`" => "a comma (,) or the object's end (}) was expected".into(),
        "expected value" | "expected ident" => {
            "a value was expected (a text in double quotes, a number, true, false, null, a list or an object)".into()
        }
        "trailing comma" => "a comma (,) before the end of a list or an object: remove it".into(),
        "trailing characters" => "there is more text after the JSON's end".into(),
        "invalid escape" => "a backslash (\\) starts an escape JSON does not have".into(),
        "invalid number" | "number out of range" => "a number JSON cannot read".into(),
        "recursion limit exceeded" => "lists or objects are nested too deeply".into(),
        code if code.starts_with("control character") => {
            "a line break or tab inside a text in double quotes (JSON writes them \\n, \\t)".into()
        }
        code if code.contains("unicode") || code.contains("surrogate") || code.contains("hex escape") => {
            "a \\u escape that is not a character".into()
        }
        code => code.to_string(),
    }
}

/// A reader's error under `prefix` (the path of the part it read; empty at the top).
fn located(prefix: &str, e: ReadError) -> FormatError {
    let inner = e.path();
    let path = match (prefix, inner.as_str()) {
        ("", "") => "(top)".to_string(),
        ("", inner) => inner.to_string(),
        (prefix, "") => prefix.to_string(),
        (prefix, inner) if inner.starts_with('[') => format!("{prefix}{inner}"),
        (prefix, inner) => format!("{prefix}.{inner}"),
    };
    invalid(path, e.message())
}

/// The byte index of `serde_json`'s error position (a 1-based line, and a column counted
/// in bytes from the line's start); 0 when the error has no position.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let line_start = text
        .match_indices('\n')
        .nth(line.saturating_sub(2))
        .map_or(0, |(i, _)| i + 1);
    if line == 1 {
        column
    } else {
        line_start + column
    }
}

/// The path of the value being read at byte `offset` of a JSON text, in
/// dotted notation (`state.maps[2].status`, `.` for the top).
///
/// Each open object or array contributes the key or index of its child being read, or
/// last read: an error raised right after a value names that value; one raised after an
/// object's closing brace (a missing field, a check of the whole object) names the object.
pub(crate) fn path_at(text: &str, offset: usize) -> String {
    enum Child {
        Key(String),
        Index(usize),
        None,
    }
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    // Per open container: is it an object, and which child it is at.
    let mut open: Vec<(bool, Child)> = Vec::new();
    let mut expect_key = false;
    let start_value = |open: &mut Vec<(bool, Child)>| {
        if let Some((false, child)) = open.last_mut() {
            *child = Child::Index(match child {
                Child::Index(i) => *i + 1,
                _ => 0,
            });
        }
    };
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' | b'[' => {
                start_value(&mut open);
                open.push((bytes[i] == b'{', Child::None));
                expect_key = bytes[i] == b'{';
                i += 1;
            }
            b'}' | b']' => {
                open.pop();
                expect_key = false;
                i += 1;
            }
            b',' => {
                expect_key = matches!(open.last(), Some((true, _)));
                i += 1;
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let literal = text.get(i..(j + 1).min(text.len())).unwrap_or_default();
                // A name the text ends in the middle of is no field yet: the path stops
                // at the object that holds it (not at a name cut short, or an empty one).
                if expect_key && j >= end {
                    break;
                }
                if expect_key {
                    let key = match crate::read::parse(literal) {
                        Ok(Json::String(key)) => key,
                        _ => literal.trim_matches('"').to_string(),
                    };
                    if let Some((_, child)) = open.last_mut() {
                        *child = Child::Key(key);
                    }
                    expect_key = false;
                } else {
                    start_value(&mut open);
                }
                i = j + 1;
            }
            b':' | b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => {
                start_value(&mut open);
                while i < end && !b",:]} \t\n\r".contains(&bytes[i]) {
                    i += 1;
                }
            }
        }
    }
    let mut path = String::new();
    for (_, child) in &open {
        match child {
            Child::Key(key) if path.is_empty() => path.push_str(key),
            Child::Key(key) => {
                path.push('.');
                path.push_str(key);
            }
            Child::Index(index) => path.push_str(&format!("[{index}]")),
            Child::None => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// A command from JSON.
pub fn command_from_json(text: &str) -> Result<Command, FormatError> {
    from_json(text)
}

/// A saved simulation: the current state and, optionally, how it was reached.
#[derive(Clone, Debug, PartialEq)]
struct ScenarioFile {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// Always [`FORMAT_VERSION`].
    pub version: u32,
    /// A title for people.
    pub title: String,
    /// The current state; version 2 leaves it out when the history rebuilds it.
    pub state: Option<Simulator>,
    /// The starting state and the command log, for undo and replay.
    pub history: Option<HistoryFile>,
}

/// The history part of a scenario.
#[derive(Clone, Debug, PartialEq)]
struct HistoryFile {
    /// State before the first command.
    pub base: Simulator,
    /// Every recorded command, oldest first (commands past `cursor` can be redone).
    pub commands: Vec<Command>,
    /// How many commands of the log are applied.
    pub cursor: usize,
}

/// A scenario file as parsed: the worlds (the bulk of a large file) are read as they
/// stream in, by [`world_serde`]; the rest of each state and the commands are kept as
/// JSON trees, read afterwards by [`Read`] with their exact paths.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: String,
    version: u32,
    #[serde(default)]
    title: String,
    #[serde(default)]
    state: Option<RawSimulator>,
    #[serde(default)]
    history: Option<RawHistory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    base: RawSimulator,
    commands: Vec<Strict>,
    cursor: usize,
}

/// A state as parsed: its world, and its other fields as JSON.
struct RawSimulator {
    world: Option<World>,
    rest: serde_json::Map<String, Json>,
}

impl<'de> Deserialize<'de> for RawSimulator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawSimulator, D::Error> {
        struct WorldSeed;
        impl<'de> de::DeserializeSeed<'de> for WorldSeed {
            type Value = World;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<World, D::Error> {
                world_serde::deserialize(d)
            }
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawSimulator;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a state: an object with a world and maps")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawSimulator, A::Error> {
                let mut raw = RawSimulator {
                    world: None,
                    rest: serde_json::Map::new(),
                };
                while let Some(key) = map.next_key::<String>()? {
                    let twice = if key == "world" {
                        raw.world.replace(map.next_value_seed(WorldSeed)?).is_some()
                    } else {
                        let Strict(value) = map.next_value()?;
                        raw.rest.insert(key.clone(), value).is_some()
                    };
                    if twice {
                        return Err(de::Error::custom(format!("duplicate field `{key}`")));
                    }
                }
                Ok(raw)
            }
        }
        d.deserialize_map(V)
    }
}

impl RawSimulator {
    /// The state, its fields read from JSON; errors are placed under `path`.
    fn read(self, path: &str) -> Result<Simulator, FormatError> {
        let read = |mut o: Obj| -> Result<Simulator, ReadError> {
            Ok(Simulator {
                world: World::default(),
                maps: o.req("maps")?,
                clock: o.or_default("clock")?,
                settings: o.or_default("settings")?,
                faults: o.or_default("faults")?,
                init_order: o.or_default("init_order")?,
                next_execution: o.or_else("next_execution", || 1)?,
            })
        };
        let world = self
            .world
            .ok_or_else(|| invalid(path, "missing field `world`"))?;
        let sim = read(Obj::from_map(self.rest)).map_err(|e| located(path, e))?;
        Ok(Simulator { world, ..sim })
    }
}

/// Parses and reads a scenario file (its version is checked by the caller).
fn read_file(text: &str) -> Result<ScenarioFile, FormatError> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(FormatError::TooLarge {
            size: text.len(),
            limit: MAX_SCENARIO_BYTES,
        });
    }
    let raw: RawFile = serde_json::from_str(text).map_err(|e| parse_error(text, &e))?;
    let state = raw.state.map(|s| s.read("state")).transpose()?;
    let history = match raw.history {
        None => None,
        Some(h) => Some(HistoryFile {
            base: h.base.read("history.base")?,
            commands: h
                .commands
                .into_iter()
                .enumerate()
                .map(|(i, Strict(c))| {
                    Command::read(c).map_err(|e| located(&format!("history.commands[{i}]"), e))
                })
                .collect::<Result<_, _>>()?,
            cursor: h.cursor,
        }),
    };
    Ok(ScenarioFile {
        format: raw.format,
        version: raw.version,
        title: raw.title,
        state,
        history,
    })
}

/// Writes a session as a scenario file (version 2, compact): the state alone when there
/// is no command to undo or redo, otherwise the history (base, commands, cursor), which
/// rebuilds the state on import. Borrows the session: nothing is copied first.
pub fn export(session: &Session, title: &str) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        format: &'a str,
        version: u32,
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        state: Option<&'a Simulator>,
        #[serde(skip_serializing_if = "Option::is_none")]
        history: Option<HistoryOut<'a>>,
    }
    #[derive(Serialize)]
    struct HistoryOut<'a> {
        base: &'a Simulator,
        commands: &'a [Command],
        cursor: usize,
    }
    let history = !session.commands().is_empty();
    let file = Out {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        title,
        state: (!history).then(|| session.state()),
        history: history.then(|| HistoryOut {
            base: session.base(),
            commands: session.commands(),
            cursor: session.cursor(),
        }),
    };
    serde_json::to_string(&file).unwrap_or_default()
}

/// Reads a scenario file, checks it, and returns a session positioned on its state.
pub fn import(text: &str) -> Result<(Session, String), FormatError> {
    // A byte-order mark, as some editors save a file, is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    /// Read on its own, skipping the rest of the file unparsed (a refused file may be
    /// large: no tree of it is built).
    #[derive(Deserialize)]
    struct Header {
        #[serde(default)]
        format: String,
        #[serde(default)]
        version: u32,
    }
    // (A file over the limit is refused for its size, spaces or not.)
    if text.len() <= MAX_SCENARIO_BYTES && text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    // Not an object (`null`, `[]`, a word): not a scenario, whatever else it is.
    if text.len() <= MAX_SCENARIO_BYTES && !text.trim_start().starts_with('{') {
        return Err(FormatError::NotAScenario);
    }
    let version_error = |header: Header| {
        if header.format.is_empty() {
            Some(FormatError::NotAScenario)
        } else if header.format == crate::lesson::LESSON_FORMAT {
            Some(FormatError::LessonNotScenario)
        } else if header.format == FORMAT_NAME && header.version > FORMAT_VERSION {
            Some(FormatError::Newer {
                version: header.version,
            })
        } else if header.format != FORMAT_NAME || header.version < OLDEST_FORMAT_VERSION {
            Some(FormatError::Version {
                found: header.format,
                version: header.version,
            })
        } else {
            None
        }
    };
    // The whole file is read once; only when it does not read is the header read alone,
    // so that a file of another version is refused for its version, not its fields.
    let file = match read_file(text) {
        Ok(file) => file,
        Err(e) => {
            let header: Header = serde_json::from_str(text).map_err(|_| e.clone())?;
            return Err(version_error(header).unwrap_or(e));
        }
    };
    if let Some(e) = version_error(Header {
        format: file.format.clone(),
        version: file.version,
    }) {
        return Err(e);
    }
    if let Some(state) = &file.state {
        check(state, "state")?;
    }
    let session = match (file.history, file.state) {
        (None, None) => {
            return Err(invalid(
                "(top)",
                "a scenario needs a state, a history, or both",
            ))
        }
        (None, Some(state)) => Session::new(state),
        (Some(h), state) => {
            check(&h.base, "history.base")?;
            if h.cursor > h.commands.len() {
                return Err(invalid(
                    "history.cursor",
                    format!("{} is past the {} commands", h.cursor, h.commands.len()),
                ));
            }
            let session = Session::replay(h.base, h.commands, h.cursor)
                .map_err(|(i, e)| invalid(format!("history.commands[{i}]"), e))?;
            if let Some(mut saved) = state {
                // The activity log is words the commands leave: a file written by an
                // earlier version may word some lines otherwise. Everything else must be
                // as saved; the log is then the replay's, in this version's words.
                for (m, replayed) in saved.maps.iter_mut().zip(&session.state().maps) {
                    if m.log != replayed.log {
                        std::sync::Arc::make_mut(m).log.clone_from(&replayed.log);
                    }
                }
                if *session.state() != saved {
                    return Err(invalid(
                        "history",
                        "replaying the commands does not give the saved state",
                    ));
                }
            }
            session
        }
    };
    Ok((session, file.title))
}

/// Checks what the readers cannot: references between maps and tables, status data, keys.
pub fn check(sim: &Simulator, path: &str) -> Result<(), FormatError> {
    let mut names = HashSet::new();
    for (i, m) in sim.maps.iter().enumerate() {
        let p = format!("{path}.maps[{i}]");
        if !names.insert(m.name.as_str()) {
            return Err(invalid(
                format!("{p}.name"),
                format!("'{}' is used by two maps", m.name),
            ));
        }
        let plan = Plan::new(&sim.world, m).map_err(|e| invalid(&p, e))?;
        // Queue numbers order playback and the supersede rule: strictly increasing in the
        // queue, and below the next number to give.
        let queued = m.status.queue().into_iter().flat_map(|q| q.changes.iter());
        let mut last = 0;
        for change in queued {
            if change.seq <= last {
                return Err(invalid(
                    format!("{p}.status.queue"),
                    format!(
                        "change {} comes after change {last}: the queue is out of order",
                        change.seq
                    ),
                ));
            }
            last = change.seq;
        }
        // Catch-up errors are named by their numbers (Retry selected, Why?): each its
        // own, in the order given (the next one is numbered after the last).
        let mut last_id = 0;
        for (j, e) in m.catch_up_errors.iter().enumerate() {
            // (The next error is numbered after the last: there must be a next number.)
            if e.id == u64::MAX {
                return Err(invalid(
                    format!("{p}.catch_up_errors[{j}].id"),
                    format!("{} leaves no number for the next error", e.id),
                ));
            }
            if e.id <= last_id {
                return Err(invalid(
                    format!("{p}.catch_up_errors[{j}].id"),
                    format!(
                        "{} comes after catch-up error {last_id}: numbers go up, each once",
                        e.id
                    ),
                ));
            }
            last_id = e.id;
        }
        let highest = m
            .catch_up_errors
            .iter()
            .map(|e| e.change.seq)
            .fold(last, u64::max);
        if highest >= m.next_seq {
            return Err(invalid(
                format!("{p}.next_seq"),
                format!("{} is not above change {highest}", m.next_seq),
            ));
        }
        let queued = m.status.queue().into_iter().flat_map(|q| q.changes.iter());
        let errors = m.catch_up_errors.iter().map(|e| &e.change);
        for (j, change) in queued.chain(errors).enumerate() {
            if change.key.len() != plan.key.len() {
                return Err(invalid(
                    format!("{p}: queued change {j}"),
                    format!(
                        "the key has {} values; the integration key has {}",
                        change.key.len(),
                        plan.key.len()
                    ),
                ));
            }
        }
    }
    for (i, n) in sim.init_order.iter().enumerate() {
        let ok = sim
            .map(n)
            .is_ok_and(|m| matches!(m.status, crate::map::MapStatus::Initializing { .. }));
        if !ok {
            return Err(invalid(
                format!("{path}.init_order[{i}]"),
                format!("'{n}' is not an Initializing map"),
            ));
        }
    }
    for (i, m) in sim.maps.iter().enumerate() {
        if matches!(m.status, crate::map::MapStatus::Initializing { .. })
            && !sim.init_order.contains(&m.name)
        {
            return Err(invalid(
                format!("{path}.maps[{i}].status"),
                "an Initializing map must be listed in init_order",
            ));
        }
    }
    if sim.settings.rows_per_tick == 0 || sim.settings.minutes_per_tick == 0 {
        return Err(invalid(
            format!("{path}.settings"),
            "rows_per_tick and minutes_per_tick must be at least 1",
        ));
    }
    for side in Side::BOTH {
        for (name, t) in sim.world.tables(side).iter() {
            for c in &t.columns {
                if let ColumnType::Lookup { table, column } = &c.ty {
                    let target = sim.world.tables(side).get(table);
                    if target.is_none_or(|target| target.position(column).is_none()) {
                        return Err(invalid(
                            format!("{path}.world.{}.{name}.columns", side_key(side)),
                            format!(
                                "'{}' looks up '{table}.{column}', which the {side} tables do not have",
                                c.name
                            ),
                        ));
                    }
                }
            }
            for (id, row) in &t.rows {
                // Types, canonical values and unique keys were checked as the table was
                // read; a key cell must not be empty. Lookups may dangle: deletes do not
                // cascade, so the engine reaches such states, and the row fails when it is
                // next synced.
                if t.has_full_key(row) {
                    continue;
                }
                let at = format!("{path}.world.{}.{name}.rows[{id}]", side_key(side));
                sim.world
                    .check_stored_row(side, name, *id, row.clone())
                    .map_err(|e| invalid(&at, e))?;
                return Err(invalid(at, "a key cell is empty"));
            }
        }
    }
    Ok(())
}

fn side_key(side: Side) -> &'static str {
    match side {
        Side::FinOps => "finops",
        Side::Dataverse => "dataverse",
    }
}

/// A row as read from JSON: its id (assigned in order when absent) and its cells. In an
/// object, a column named twice is an error (plain maps would keep the last one silently).
struct RowObject {
    id: Option<u32>,
    cells: Cells,
}

/// How a row's cells are named in a file: by column name (version 1, and hand-written
/// files), or by place (version 2: `[id, cell, cell, ...]` in column order, trailing
/// empty cells left out).
enum Cells {
    Named(Vec<(String, Value)>),
    Placed(Vec<Value>),
}

impl<'de> Deserialize<'de> for RowObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RowObject, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RowObject;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a row: an array of its id and its cells in column order, or an object of column names to values",
                )
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RowObject, A::Error> {
                let id: u32 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::custom("a row array starts with the row's id"))?;
                let mut cells = Vec::with_capacity(seq.size_hint().unwrap_or(8));
                while let Some(v) = seq.next_element::<Value>()? {
                    cells.push(v);
                }
                Ok(RowObject {
                    id: Some(id),
                    cells: Cells::Placed(cells),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RowObject, A::Error> {
                let mut seen = HashSet::new();
                let mut id = None;
                let mut cells = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(format!("column '{key}' appears twice")));
                    }
                    if key == "$id" {
                        id = Some(map.next_value()?);
                    } else {
                        let v: Value = map.next_value()?;
                        cells.push((key, v));
                    }
                }
                Ok(RowObject {
                    id,
                    cells: Cells::Named(cells),
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    name: String,
    #[serde(default)]
    label: String,
    /// Read by [`Read`] once the table is parsed (a column's fields depend on its type).
    columns: Strict,
    #[serde(default)]
    key: Vec<String>,
    #[serde(default)]
    company: Option<String>,
    #[serde(default)]
    rows: Vec<RowObject>,
    /// Id the next created row gets (kept so that ids are never reused).
    #[serde(default)]
    next_id: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorldFile {
    finops: Vec<TableFile>,
    dataverse: Vec<TableFile>,
}

/// Serde for [`World`]: tables as arrays, rows as objects, checked on the way in.
pub mod world_serde {
    use super::*;

    /// Writes a world, borrowing it: rows as arrays `[id, cell, ...]` in column order,
    /// trailing empty cells left out.
    pub fn serialize<S: serde::Serializer>(world: &World, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct SideOut<'a>(&'a Tables);
        struct TableOut<'a>(&'a Table);
        struct RowsOut<'a>(&'a Table);
        struct RowOut<'a>(RowId, &'a [Value]);
        impl Serialize for SideOut<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.values().map(TableOut))
            }
        }
        impl Serialize for TableOut<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let t = self.0;
                let mut out = s.serialize_struct("Table", 7)?;
                out.serialize_field("name", &t.name)?;
                out.serialize_field("label", &t.label)?;
                out.serialize_field("columns", &t.columns)?;
                out.serialize_field("key", &t.key)?;
                if let Some(c) = &t.company {
                    out.serialize_field("company", c)?;
                }
                out.serialize_field("rows", &RowsOut(t))?;
                out.serialize_field("next_id", &t.next_id)?;
                out.end()
            }
        }
        impl Serialize for RowsOut<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.rows.iter().map(|(id, r)| RowOut(*id, r)))
            }
        }
        impl Serialize for RowOut<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let cells = self.1;
                let len = cells
                    .iter()
                    .rposition(|v| !v.is_empty())
                    .map_or(0, |p| p + 1);
                let mut seq = s.serialize_seq(Some(len + 1))?;
                seq.serialize_element(&self.0 .0)?;
                for v in &cells[..len] {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
        }
        let mut out = s.serialize_struct("World", 2)?;
        out.serialize_field("finops", &SideOut(&world.finops))?;
        out.serialize_field("dataverse", &SideOut(&world.dataverse))?;
        out.end()
    }

    /// Reads a world, checking columns, types and key uniqueness.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<World, D::Error> {
        let file = WorldFile::deserialize(d)?;
        let mut world = World::default();
        for (side, tables) in [
            (Side::FinOps, file.finops),
            (Side::Dataverse, file.dataverse),
        ] {
            for tf in tables {
                let name = tf.name.clone();
                if world.tables(side).contains_key(&name) {
                    return Err(de::Error::custom(format!(
                        "{side} table '{name}' is defined twice"
                    )));
                }
                let table = build_table(tf)
                    .map_err(|e| de::Error::custom(format!("{side} table '{name}': {e}")))?;
                world.add_table(side, table);
            }
        }
        Ok(world)
    }

    fn build_table(tf: TableFile) -> Result<Table, String> {
        let label = if tf.label.is_empty() {
            tf.name.clone()
        } else {
            tf.label
        };
        let saved_next = tf.next_id;
        let columns =
            Vec::<Column>::read(tf.columns.0).map_err(|e| e.at_key("columns").to_string())?;
        let mut table = Table::new(tf.name, label, columns, tf.key, tf.company)?;
        let mut next = 1u32;
        let mut rows = Vec::with_capacity(tf.rows.len());
        let mut ids = rustc_hash::FxHashSet::default();
        for (i, r) in tf.rows.into_iter().enumerate() {
            let id = r.id.unwrap_or(next);
            if id == 0 || !ids.insert(id) {
                return Err(format!("rows[{i}]: row id {id} is used twice or is 0"));
            }
            next = next.max(id.saturating_add(1));
            let width = table.columns.len();
            let row = match r.cells {
                Cells::Named(cells) => {
                    let mut row = vec![Value::Null; width];
                    for (c, v) in cells {
                        let p = table
                            .position(&c)
                            .ok_or_else(|| format!("rows[{i}]: there is no column '{c}'"))?;
                        row[p] = table.columns[p]
                            .ty
                            .check(v)
                            .map_err(|e| format!("rows[{i}].{c}: {e}"))?;
                    }
                    row
                }
                // The cells as read become the row (no second vector): checked in place,
                // then padded with the empty cells the file left out.
                Cells::Placed(mut cells) => {
                    if cells.len() > width {
                        return Err(format!(
                            "rows[{i}]: {} cells, but the table has {width} columns",
                            cells.len(),
                        ));
                    }
                    for (c, v) in table.columns.iter().zip(cells.iter_mut()) {
                        if !c.ty.accepts(v) {
                            *v =
                                c.ty.check(std::mem::take(v))
                                    .map_err(|e| format!("rows[{i}].{}: {e}", c.name))?;
                        }
                    }
                    cells.resize(width, Value::Null);
                    cells
                }
            };
            rows.push((RowId(id), row));
        }
        table.rows = rows.into_iter().collect();
        table.next_id = next.max(saved_next.unwrap_or(0));
        table.reindex()?;
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readers_path_is_joined_under_its_prefix() {
        let at = |prefix: &str, e: ReadError| located(prefix, e).to_string();
        let e = || ReadError::new("bad");
        assert_eq!(at("", e()), "(top): bad");
        assert_eq!(at("state", e()), "state: bad");
        assert_eq!(at("", e().at_key("clock")), "clock: bad");
        assert_eq!(at("state", e().at_key("clock")), "state.clock: bad");
        // A list read under a prefix: its index follows without a dot.
        assert_eq!(at("steps", e().at_index(2)), "steps[2]: bad");
        assert_eq!(at("steps", e().at_key("x").at_index(2)), "steps[2].x: bad");
    }
}
