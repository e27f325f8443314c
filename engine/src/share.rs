//! Share links: a session as a short text for a URL fragment.
//!
//! A link holds where the session started (a name, `demo` or `lesson:<id>`, or the whole
//! starting scenario when it is neither) and the command log with its cursor, as JSON,
//! compressed with DEFLATE (`miniz_oxide`) and written in URL-safe base64. Opening it
//! replays the log from that start, so the state and the history are exactly the ones
//! shared. Nothing is trusted: a link that does not decode, decompresses to more than
//! [`MAX_JSON`] bytes, comes from a newer version or does not replay is refused with a
//! [`ShareError`].

use base64::Engine as _;
use serde::Serialize;
use serde_json::Value as Json;
use thiserror::Error;

use crate::format;
use crate::history::Session;
use crate::lesson::{builtin, Lesson, LessonFile};
use crate::read::{Obj, Read, ReadError};
use crate::sim::{Command, Simulator};

/// Version written in every link: 2 since links carry where the screen was (`view`);
/// links of version 1 (with or without a title, `t`) still open.
pub const SHARE_VERSION: u32 = 2;
/// Longest link text accepted and produced, in bytes (a URL fragment of about 64 KB).
pub const MAX_LINK: usize = 64 * 1024;
/// Most bytes a link may decompress to.
pub const MAX_JSON: usize = 4 * 1024 * 1024;
/// Most commands a link's history may hold.
pub const MAX_COMMANDS: usize = 20_000;
/// Most customers a link's history may generate in all, and most ticks it may ask for in
/// all: a link is a few bytes, but its replay must not freeze the page that opens it.
pub const MAX_GENERATED: u64 = 300_000;
/// See [`MAX_GENERATED`].
pub const MAX_TICKS_IN_LINK: u64 = 1_000_000;

/// Why a link cannot be made or opened.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ShareError {
    /// The text is not a link this app wrote (bad base64, bad compression, bad JSON).
    #[error("the link is damaged ({0}); ask for it again")]
    Corrupt(String),
    /// Written by a newer version of the simulator.
    #[error("the link was made by a newer version of the simulator (link version {0}, this one reads up to {SHARE_VERSION}); open it with the newer version")]
    Newer(u32),
    /// Longer than [`MAX_LINK`], or decompressing to more than [`MAX_JSON`].
    // (Said to whoever makes the link and whoever opens one: the way out fits both.)
    #[error("the session is too large for a link ({0} KB, at most {max} KB): a scenario file carries it instead (Export, then Load a scenario file)", max = MAX_LINK / 1024)]
    TooLarge(usize),
    /// The link's content (the session's scenario, its history) is more than a link may
    /// carry even before compression (more than [`MAX_JSON`], which no link opens):
    /// refused before compressing it.
    #[error("the session is too large for a link ({0} KB before compression; a link holds at most {max} KB before compression and {link} KB after): a scenario file carries it instead (Export, then Load a scenario file)", max = MAX_JSON / 1024, link = MAX_LINK / 1024)]
    ScenarioTooLarge(usize),
    /// Names a starting point this version does not have.
    #[error("the link starts from '{0}', which this version does not know")]
    UnknownStart(String),
    /// Its starting scenario does not load.
    #[error("the link's starting scenario does not load: {0}")]
    BadScenario(String),
    /// Its history asks for more work than a link may (see [`MAX_COMMANDS`]).
    #[error("the link's history is more than a link may replay ({0}): a scenario file carries it instead (Export, then Load a scenario file)")]
    TooMuchWork(String),
    /// Its start is not the start this version has under that name (the demo or the
    /// lesson changed since the link was made).
    #[error("the link starts from '{0}' as it was in another version of the simulator; its history would not give the same state here")]
    StartChanged(String),
    /// A command of its log is refused.
    #[error("step {step} of the link's history is refused: {message}")]
    Refused {
        /// 1-based place in the log.
        step: usize,
        /// The engine's message.
        message: String,
    },
}

/// Where a shared session starts.
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    /// The demo.
    Demo,
    /// A built-in lesson's start, by its id.
    Lesson(String),
    /// A lesson made with the lesson builder, carried whole: the link opens it.
    CustomLesson(Box<LessonFile>),
    /// Any other starting state, carried whole.
    Scenario(Box<Simulator>),
}

impl Start {
    /// The start's name in a link (`demo`, `lesson:<id>`), if it has one.
    pub fn name(&self) -> Option<String> {
        match self {
            Start::Demo => Some("demo".into()),
            Start::Lesson(id) => Some(format!("lesson:{id}")),
            Start::Scenario(_) | Start::CustomLesson(_) => None,
        }
    }

    /// The start a name (`demo`, `lesson:<id>`) stands for, without looking it up.
    pub fn parse_name(name: &str) -> Option<Start> {
        if name == "demo" {
            return Some(Start::Demo);
        }
        name.strip_prefix("lesson:")
            .map(|id| Start::Lesson(id.to_string()))
    }

    /// The starting state a name stands for.
    fn resolve(name: &str) -> Result<(Start, Simulator), ShareError> {
        let unknown = || ShareError::UnknownStart(name.to_string());
        let id = match Start::parse_name(name).ok_or_else(unknown)? {
            Start::Lesson(id) => id,
            _ => return Ok((Start::Demo, crate::demo::demo())),
        };
        builtin()
            .iter()
            .filter_map(|(_, text)| Lesson::load(text).ok())
            .find(|l| l.id == id)
            .map(|l| (Start::Lesson(id.to_string()), l.start))
            .ok_or_else(unknown)
    }
}

/// A link's content.
#[derive(Serialize)]
struct Payload {
    v: u32,
    /// A start's name, or a state-only scenario file.
    start: Json,
    /// For a named start, a fingerprint of its state, so that a link made on another
    /// version of the demo or lesson is refused rather than replayed on a different start.
    #[serde(skip_serializing_if = "Option::is_none")]
    h: Option<u64>,
    log: Vec<Command>,
    cursor: usize,
    /// The session's title, when it has one (a file's, as loaded).
    #[serde(skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    /// Where the sender's screen was.
    #[serde(skip_serializing_if = "Option::is_none")]
    view: Option<View>,
}

/// Where the screen was when a link was made: the ticked maps and the details' tab on
/// show, so that whoever opens the link looks at what its sender looked at. The engine
/// carries them as given; the app names the tab (by the product's name of it) and
/// leaves out what it does not know.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct View {
    /// The ticked maps, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub maps: Vec<String>,
    /// The details' tab on show, by its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tab: Option<String>,
}

impl Read for View {
    fn read(v: Json) -> Result<View, ReadError> {
        let mut o = Obj::strict(v, "a link's view", &["maps", "tab"])?;
        Ok(View {
            maps: o.or_default("maps")?,
            tab: o.opt("tab")?,
        })
    }
}

impl Read for Payload {
    fn read(v: Json) -> Result<Payload, ReadError> {
        let mut o = Obj::strict(
            v,
            "a link's content",
            &["v", "start", "h", "log", "cursor", "t", "view"],
        )?;
        Ok(Payload {
            v: o.req("v")?,
            start: o.req("start")?,
            h: o.opt("h")?,
            log: o.req("log")?,
            cursor: o.req("cursor")?,
            t: o.opt("t")?,
            view: o.opt("view")?,
        })
    }
}

impl Payload {
    /// What opening the link replays: its history, and the start's own steps (a
    /// scenario's history, a lesson's setup).
    fn work(&self) -> Work {
        let mut work = Work::default();
        self.log.iter().for_each(|c| work.command(c));
        work.tree(&self.start);
        work
    }
}

/// A session opened from a link.
#[derive(Debug)]
pub struct Shared {
    /// Where it starts.
    pub start: Start,
    /// The session, at the shared point of its history.
    pub session: Session,
    /// Its title, when the link carries one.
    pub title: Option<String>,
    /// Where the sender's screen was, when the link says.
    pub view: Option<View>,
}

/// The link text for a session. `start` names where it started (`demo`, `lesson:<id>`);
/// the name is written only when the session's base is that start's state, and
/// otherwise (or with `None`) the base goes in whole, so that the link always
/// reproduces the session.
pub fn encode(session: &Session, start: Option<&str>) -> Result<String, ShareError> {
    encode_with(session, start, None, None)
}

/// [`encode`], with the session's title and where the screen was, which the link
/// carries to whoever opens it.
pub fn encode_with(
    session: &Session,
    start: Option<&str>,
    title: Option<&str>,
    view: Option<&View>,
) -> Result<String, ShareError> {
    let named = start
        .and_then(|name| Start::resolve(name).ok().map(|(_, state)| (name, state)))
        .filter(|(_, state)| state == session.base());
    let h = named.as_ref().map(|(_, state)| fingerprint(state));
    let start = match named {
        Some((name, _)) => Json::String(name.to_string()),
        None => {
            let text = format::export(&Session::new(session.base().clone()), "Shared session");
            // A scenario no link can open is not read and compressed first (seconds, at
            // 100k rows a side).
            if text.len() > MAX_JSON {
                return Err(ShareError::ScenarioTooLarge(text.len() / 1024));
            }
            crate::read::parse(&text).map_err(|e| ShareError::Corrupt(e.to_string()))?
        }
    };
    let payload = Payload {
        v: SHARE_VERSION,
        start,
        h,
        log: session.commands().to_vec(),
        cursor: session.cursor(),
        t: title.map(str::to_string),
        view: view.filter(|v| **v != View::default()).cloned(),
    };
    // A link that would not open is not made.
    payload.work().check()?;
    pack(&payload)
}

/// A fingerprint of a state: a hash of its scenario file (FxHash: the same on every
/// platform and run).
fn fingerprint(state: &Simulator) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    format::export(&Session::new(state.clone()), "").hash(&mut h);
    h.finish()
}

/// Refuses a history whose replay would be too much work for a link.
#[cfg(test)]
fn check_work(log: &[Command]) -> Result<(), ShareError> {
    let mut work = Work::default();
    for c in log {
        work.command(c);
    }
    work.check()
}

/// The work a link asks for: the steps it replays, the customers they generate and the
/// clock ticks they play, wherever they are (its history, and the history or setup of
/// the scenario or lesson it starts from, which load by replaying them too).
#[derive(Default)]
struct Work {
    steps: usize,
    generated: u64,
    ticks: u64,
}

impl Work {
    fn command(&mut self, c: &Command) {
        self.steps += 1;
        match c {
            Command::GenerateCustomers { count, .. } => {
                self.generated = self.generated.saturating_add(u64::from(*count));
            }
            Command::Tick { ticks } => self.ticks = self.ticks.saturating_add(u64::from(*ticks)),
            _ => {}
        }
    }

    /// The commands written anywhere in a start's JSON (objects tagged `"command"`),
    /// before it is loaded. (The tree is at most 128 levels deep: the JSON reader's
    /// limit.)
    fn tree(&mut self, j: &Json) {
        match j {
            Json::Array(items) => items.iter().for_each(|i| self.tree(i)),
            Json::Object(o) => {
                let number = |key: &str| o.get(key).and_then(Json::as_u64).unwrap_or(0);
                match o.get("command").and_then(Json::as_str) {
                    Some("generate_customers") => {
                        self.steps += 1;
                        self.generated = self.generated.saturating_add(number("count"));
                    }
                    Some("tick") => {
                        self.steps += 1;
                        self.ticks = self.ticks.saturating_add(number("ticks"));
                    }
                    Some(_) => self.steps += 1,
                    None => {}
                }
                // A lesson's solution is not played as a link opens (Show me plays it
                // a step at a time, on request).
                o.iter()
                    .filter(|(k, _)| k.as_str() != "solution")
                    .for_each(|(_, v)| self.tree(v));
            }
            _ => {}
        }
    }

    fn check(&self) -> Result<(), ShareError> {
        if self.steps > MAX_COMMANDS {
            return Err(ShareError::TooMuchWork(format!(
                "{} steps, at most {MAX_COMMANDS}",
                self.steps
            )));
        }
        if self.generated > MAX_GENERATED {
            return Err(ShareError::TooMuchWork(format!(
                "{} customers generated, at most {MAX_GENERATED}",
                self.generated
            )));
        }
        if self.ticks > MAX_TICKS_IN_LINK {
            return Err(ShareError::TooMuchWork(format!(
                "{} clock ticks, at most {MAX_TICKS_IN_LINK}",
                self.ticks
            )));
        }
        Ok(())
    }
}

/// The link text that opens a lesson made with the lesson builder, at its start.
pub fn encode_lesson(lesson: &LessonFile) -> Result<String, ShareError> {
    // Through text rather than `json!`, which would compile a second writer of every
    // type a lesson holds into the bundle (one into a JSON tree, beside the text's).
    let lesson = crate::read::parse(&serde_json::to_string(lesson).unwrap_or_default())
        .map_err(|e| ShareError::Corrupt(e.to_string()))?;
    let payload = Payload {
        v: SHARE_VERSION,
        start: serde_json::json!({ "lesson": lesson }),
        h: None,
        log: Vec::new(),
        cursor: 0,
        t: None,
        view: None,
    };
    payload.work().check()?;
    pack(&payload)
}

fn pack(payload: &impl Serialize) -> Result<String, ShareError> {
    let json = serde_json::to_vec(payload).map_err(|e| ShareError::Corrupt(e.to_string()))?;
    if json.len() > MAX_JSON {
        return Err(ShareError::ScenarioTooLarge(json.len() / 1024));
    }
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed);
    if text.len() > MAX_LINK {
        return Err(ShareError::TooLarge(text.len() / 1024));
    }
    Ok(text)
}

/// What is wrong with a link's text that is not the base64 this app writes, in words.
fn damaged_text(e: &base64::DecodeError) -> String {
    use base64::DecodeError::*;
    match e {
        InvalidByte(at, _) => format!(
            "its character {} is not one a link holds: was it changed, or cut by a line break?",
            at + 1
        ),
        InvalidLength(_) | InvalidLastSymbol(..) | InvalidPadding => {
            "it ends wrongly: it may have been cut short".into()
        }
    }
}

/// Opens a link text (what [`encode`] wrote; surrounding whitespace is ignored).
pub fn decode(text: &str) -> Result<Shared, ShareError> {
    let text = text.trim();
    if text.len() > MAX_LINK {
        return Err(ShareError::TooLarge(text.len() / 1024));
    }
    if text.is_empty() {
        return Err(ShareError::Corrupt("it is empty".into()));
    }
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|e| ShareError::Corrupt(damaged_text(&e)))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                ShareError::TooLarge(MAX_JSON / 1024)
            }
            _ => ShareError::Corrupt("it is not a link this app made, or it was cut short".into()),
        },
    )?;
    // The version first, so that a newer link is named as such even if its content
    // has changed shape.
    let json = String::from_utf8(json).map_err(|_| ShareError::Corrupt("not UTF-8".into()))?;
    let tree =
        crate::read::parse(&json).map_err(|e| ShareError::Corrupt(format!("not JSON: {e}")))?;
    let version = tree
        .get("v")
        .and_then(Json::as_u64)
        .ok_or_else(|| ShareError::Corrupt("no version".into()))?;
    if version > u64::from(SHARE_VERSION) {
        return Err(ShareError::Newer(
            u32::try_from(version).unwrap_or(u32::MAX),
        ));
    }
    let payload = Payload::read(tree).map_err(|e| ShareError::Corrupt(e.to_string()))?;
    payload.work().check()?;
    let (start, base) = match &payload.start {
        Json::String(name) => {
            let (start, base) = Start::resolve(name)?;
            if payload.h.is_some_and(|h| h != fingerprint(&base)) {
                return Err(ShareError::StartChanged(name.clone()));
            }
            (start, base)
        }
        Json::Object(o) if o.contains_key("lesson") => {
            let file = o.get("lesson").cloned().unwrap_or(Json::Null);
            let lesson = Lesson::load(&file.to_string())
                .map_err(|e| ShareError::BadScenario(format!("its lesson: {e}")))?;
            let file: LessonFile = crate::format::from_json_value(file, "start.lesson")
                .map_err(|e| ShareError::Corrupt(e.to_string()))?;
            (Start::CustomLesson(Box::new(file)), lesson.start)
        }
        other => {
            let (session, _) = format::import(&other.to_string())
                .map_err(|e| ShareError::BadScenario(e.to_string()))?;
            let base = session.state().clone();
            (Start::Scenario(Box::new(base.clone())), base)
        }
    };
    // A cursor past the steps is not a link this app wrote.
    if payload.cursor > payload.log.len() {
        return Err(ShareError::Corrupt(format!(
            "it stands at step {} of {}",
            payload.cursor,
            payload.log.len()
        )));
    }
    let session = Session::replay(base, payload.log, payload.cursor).map_err(|(i, e)| {
        ShareError::Refused {
            step: i + 1,
            message: e.to_string(),
        }
    })?;
    Ok(Shared {
        start,
        session,
        title: payload.t,
        view: payload.view,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The work limits of a link are inclusive: exactly the limit replays, one more is
    /// refused.
    #[test]
    fn the_work_limits_of_a_link_are_inclusive() {
        let ticks = |n: usize| vec![Command::Tick { ticks: 1 }; n];
        assert_eq!(check_work(&ticks(MAX_COMMANDS)), Ok(()));
        assert!(matches!(
            check_work(&ticks(MAX_COMMANDS + 1)),
            Err(ShareError::TooMuchWork(_))
        ));
        let generate = |count: u32| Command::GenerateCustomers { count, seed: 1 };
        let at_limit = [generate(100_000), generate(100_000), generate(100_000)];
        assert_eq!(MAX_GENERATED, 300_000);
        assert_eq!(check_work(&at_limit), Ok(()));
        assert!(matches!(
            check_work(&[generate(100_000), generate(100_000), generate(100_001)]),
            Err(ShareError::TooMuchWork(_))
        ));
        let tick = |n: u32| Command::Tick { ticks: n };
        assert_eq!(check_work(&[tick(500_000), tick(500_000)]), Ok(()));
        assert!(check_work(&[tick(500_000), tick(500_001)]).is_err());
    }

    /// A link carries where the sender's screen was, and says nothing of it when there
    /// is nothing to say; a link of version 1 (before views, with its title) still opens.
    #[test]
    fn a_link_carries_the_view_and_links_of_version_1_still_open() {
        let mut session = Session::new(crate::demo::demo());
        session.dispatch(Command::Tick { ticks: 2 }).unwrap();
        let view = View {
            maps: vec!["Currencies".into(), "Customer groups".into()],
            tab: Some("Queued records".into()),
        };
        let code = encode_with(&session, Some("demo"), Some("Rehearsal"), Some(&view)).unwrap();
        let shared = decode(&code).unwrap();
        assert_eq!(shared.view.as_ref(), Some(&view));
        assert_eq!(shared.title.as_deref(), Some("Rehearsal"));
        assert_eq!(shared.session.cursor(), 1);
        // An empty view is not written.
        let plain = encode_with(&session, Some("demo"), None, Some(&View::default())).unwrap();
        assert_eq!(plain, encode(&session, Some("demo")).unwrap());
        assert_eq!(decode(&plain).unwrap().view, None);
        // Version 1, as links were written before this one.
        let old = pack(&Payload {
            v: 1,
            start: Json::String("demo".into()),
            h: None,
            log: vec![Command::Tick { ticks: 2 }],
            cursor: 1,
            t: Some("Rehearsal".into()),
            view: None,
        })
        .unwrap();
        let opened = decode(&old).unwrap();
        assert_eq!(opened.session.state(), session.state());
        assert_eq!(opened.title.as_deref(), Some("Rehearsal"));
        assert_eq!(opened.view, None);
        // A view with a field this version does not know is refused by name, as the
        // rest of a link is.
        let odd = pack(&serde_json::json!({
            "v": SHARE_VERSION, "start": "demo", "log": [], "cursor": 0,
            "view": { "maps": [], "zoom": 2 },
        }))
        .unwrap();
        match decode(&odd) {
            Err(ShareError::Corrupt(why)) => assert!(why.contains("zoom"), "{why}"),
            other => panic!("refused, not {other:?}"),
        }
    }

    /// The steps of the scenario or lesson a link starts from count too: they replay
    /// as it opens, before its own history.
    #[test]
    fn a_links_start_cannot_carry_the_work_its_history_may_not() {
        let generate =
            serde_json::json!({ "command": "generate_customers", "count": 100_000, "seed": 1 });
        let four = vec![generate; 4];
        for start in [
            serde_json::json!({ "version": 2, "history": { "commands": four } }),
            serde_json::json!({ "lesson": { "setup": four } }),
        ] {
            let link = pack(&Payload {
                v: SHARE_VERSION,
                start,
                h: None,
                log: Vec::new(),
                cursor: 0,
                t: None,
                view: None,
            })
            .unwrap();
            match decode(&link) {
                Err(ShareError::TooMuchWork(why)) => {
                    assert_eq!(why, "400000 customers generated, at most 300000")
                }
                other => panic!("refused for its work, not {other:?}"),
            }
        }
    }
}
