//! Scripts: a scenario, a list of steps and expectations, as data. The same format serves
//! the engine's scenario tests, the guided lessons and headless users
//! (`cargo xtask scenario FILE...`). See `docs/protocol.md`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value as Json};

use crate::format::{self, FormatError};
use crate::history::Session;
use crate::map::RetryStatus;
use crate::sim::{Command, RowRef};
use crate::value::Value;
use crate::world::Side;

/// Name written in every script file.
pub const SCRIPT_FORMAT: &str = "dualwrite-script";

/// A script as written in JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Script {
    /// Always [`SCRIPT_FORMAT`].
    pub format: String,
    /// Always 1.
    pub version: u32,
    /// What the script shows.
    pub title: String,
    /// `"demo"`, or a whole scenario file inline.
    pub scenario: Json,
    /// Steps, in order.
    pub steps: Vec<Json>,
    /// Checked after the last step.
    pub expect: Expect,
}

/// What must hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Expect {
    /// Status label of each named map (`Running`, `Not running`, ...).
    pub status: BTreeMap<String, String>,
    /// Rows that must exist with these cells.
    pub rows: Vec<RowExpect>,
    /// Rows that must not exist.
    pub absent: Vec<RowExpect>,
    /// Number of rows of tables: `"Dataverse/accounts": 25`.
    pub row_counts: BTreeMap<String, usize>,
    /// Conflicts in each named map's last execution.
    pub conflicts: BTreeMap<String, usize>,
    /// Row errors in each named map's last execution.
    pub initial_sync_errors: BTreeMap<String, usize>,
    /// Pending catch-up errors of each named map.
    pub catch_up_errors: BTreeMap<String, usize>,
    /// Queued changes of each named map.
    pub queued: BTreeMap<String, usize>,
    /// Texts each named map's activity log must contain.
    pub log_contains: BTreeMap<String, Vec<String>>,
    /// What the Run and Pause dialogs list for selections of maps.
    pub related: Vec<RelatedExpect>,
    /// Each named map's last initial sync execution, as the Initial sync details show
    /// it: any of `status`, `master`, `to_dataverse` and `to_finops` (`read`, `created`,
    /// `updated`, `failed`), `errors` (`source`, `key`, `field`, `message`: a part of it)
    /// and `conflicts` (`key`, `column`, `finops`, `dataverse`, `winner`); lists name
    /// entries that must be there.
    pub executions: BTreeMap<String, Json>,
    /// Explanations that must be given, each saying these texts (see
    /// [`crate::Simulator::explain`]).
    pub explain: Vec<ExplainExpect>,
    /// The fault switches, exactly: `{}` is both sides accepting writes,
    /// `{"dataverse": "unavailable"}` Dataverse refusing them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faults: Option<crate::faults::Faults>,
    /// How many alert settings each named map has saved (the Alert settings tab).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub alerts: BTreeMap<String, usize>,
    /// How many alert settings are in effect for each named map: the ones it took when
    /// it last ran from Not running (a resume keeps them; settings saved since take
    /// effect at the next such run).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub alerts_in_effect: BTreeMap<String, usize>,
    /// How many queued changes each named map has played back by its catch-ups, in all:
    /// 0 for a map never resumed with changes queued (so that an edit made while it runs
    /// after a pause with an empty queue is told apart from one played back).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub played_back: BTreeMap<String, u64>,
    /// How many initial syncs each named map has run, in all (its executions, as Initial
    /// sync details lists them): a run or rerun with an initial sync adds one.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub initial_syncs: BTreeMap<String, usize>,
    /// Blocks that must not hold: each is a whole `Expect`, which holds when all it
    /// asks holds, so `[{"a"}, {"b"}]` reads "neither a nor b".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not: Vec<Expect>,
}

impl Expect {
    /// Everything `self` asks and everything `other` asks: what the lesson builder makes
    /// of the facts ticked for a wrong turn. A map or table named by both takes
    /// `other`'s figure; log texts and lists add up.
    pub fn and(mut self, other: Expect) -> Expect {
        self.status.extend(other.status);
        self.rows.extend(other.rows);
        self.absent.extend(other.absent);
        self.row_counts.extend(other.row_counts);
        self.conflicts.extend(other.conflicts);
        self.initial_sync_errors.extend(other.initial_sync_errors);
        self.catch_up_errors.extend(other.catch_up_errors);
        self.queued.extend(other.queued);
        for (map, texts) in other.log_contains {
            self.log_contains.entry(map).or_default().extend(texts);
        }
        self.related.extend(other.related);
        self.executions.extend(other.executions);
        self.explain.extend(other.explain);
        self.faults = other.faults.or(self.faults);
        self.alerts.extend(other.alerts);
        self.alerts_in_effect.extend(other.alerts_in_effect);
        self.played_back.extend(other.played_back);
        self.initial_syncs.extend(other.initial_syncs);
        self.not.extend(other.not);
        self
    }
}

/// An explanation that must be given.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplainExpect {
    /// What to explain.
    pub subject: crate::explain::Subject,
    /// Texts the explanation must contain (in its title, reasons, next step or source).
    pub contains: Vec<String>,
}

/// What the Run and Pause dialogs must list for a selection (see
/// [`crate::Simulator::related_to`]); only the lists given are checked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RelatedExpect {
    /// The selection.
    pub maps: Vec<String>,
    /// The maps and their prerequisites, in sync order.
    pub order: Option<Vec<String>>,
    /// The maps that depend on them.
    pub dependents: Option<Vec<String>>,
    /// Groups of maps in a cycle.
    pub cycles: Option<Vec<Vec<String>>>,
    /// The running related maps Pause offers.
    pub pause_offers: Option<Vec<String>>,
}

/// A row expectation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowExpect {
    /// Side.
    pub side: Side,
    /// Table.
    pub table: String,
    /// Key values, in the table's key order.
    pub key: Vec<Value>,
    /// Cells that must have these values.
    pub cells: BTreeMap<String, Value>,
}

/// One check's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Where: `steps[3]` or `expect.status.Customers V3`.
    pub name: String,
    /// Whether it held.
    pub ok: bool,
    /// What was found when it did not.
    pub detail: String,
}

/// What running a script gave.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The script's title.
    pub title: String,
    /// Steps run.
    pub steps: usize,
    /// Every check, in order.
    pub checks: Vec<Check>,
}

impl Report {
    /// Checks that did not hold.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.ok)
    }

    /// Whether every check held.
    pub fn passed(&self) -> bool {
        self.failures().next().is_none()
    }
}

/// One step of a script, read.
#[derive(Clone, Debug)]
pub enum Step {
    /// A command, which must be accepted, or with `expect_error` refused with an error
    /// containing that text.
    Do {
        /// The command.
        command: Command,
        /// The text the refusal must contain, if it must be refused.
        expect_error: Option<String>,
        /// Events the command must give (each an object with some of an event's fields;
        /// a rolled-back write gives the events of the alert it tripped).
        expect_events: Vec<Json>,
    },
    /// Expectations checked at this point.
    Expect(Box<Expect>),
    /// `"undo"`: step back one command of the history.
    Undo,
    /// `"redo"`: step forward one command.
    Redo,
    /// `"round_trip"`: export the session and load it back; the two must be the same.
    RoundTrip,
}

/// A script read and its scenario loaded: the session it starts from and its steps.
#[derive(Debug)]
pub struct Loaded {
    /// The script's title.
    pub title: String,
    /// The session on the script's scenario, before any step.
    pub session: Session,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Checked after the last step.
    pub expect: Expect,
}

/// Reads a script and loads its scenario; a malformed script is a [`FormatError`]
/// naming the place.
pub fn load(text: &str) -> Result<Loaded, FormatError> {
    let script: Script = format::from_json(text)?;
    if script.format != SCRIPT_FORMAT || script.version != 1 {
        return Err(FormatError::Invalid {
            path: "format".into(),
            message: format!(
                "expected \"format\": \"{SCRIPT_FORMAT}\" and \"version\": 1, found '{}' version {}",
                script.format, script.version
            ),
        });
    }
    let session = scenario_session(&script.scenario)?;
    let steps = script
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| read_step(step, &format!("steps[{i}]")))
        .collect::<Result<_, _>>()?;
    Ok(Loaded {
        title: script.title,
        session,
        steps,
        expect: script.expect,
    })
}

/// The session a script's or lesson's `scenario` names: `"demo"`, or a scenario file
/// inline.
pub fn scenario_session(scenario: &Json) -> Result<Session, FormatError> {
    match scenario {
        Json::String(s) if s == "demo" => Ok(Session::new(crate::demo::demo())),
        Json::Object(_) => Ok(format::import(&scenario.to_string())
            .map_err(|e| prefix("scenario", e))?
            .0),
        _ => Err(FormatError::Invalid {
            path: "scenario".into(),
            message: "expected \"demo\" or a scenario object".into(),
        }),
    }
}

fn read_step(step: &Json, name: &str) -> Result<Step, FormatError> {
    match step.as_str() {
        Some("undo") => return Ok(Step::Undo),
        Some("redo") => return Ok(Step::Redo),
        Some("round_trip") => return Ok(Step::RoundTrip),
        Some(other) => {
            return Err(FormatError::Invalid {
                path: name.to_string(),
                message: format!(
                    "unknown step '{other}': a step is a command, an expectation, \"undo\", \"redo\" or \"round_trip\""
                ),
            })
        }
        None => {}
    }
    let obj = step.as_object();
    if let Some(expect) = obj.and_then(|o| o.get("expect")) {
        let e: Expect = format::from_json_value(expect.clone(), &format!("{name}.expect"))?;
        return Ok(Step::Expect(Box::new(e)));
    }
    let expect_error = match obj.and_then(|o| o.get("expect_error")) {
        Some(err) => Some(
            err.as_str()
                .ok_or_else(|| FormatError::Invalid {
                    path: format!("{name}.expect_error"),
                    message: "expected a text".into(),
                })?
                .to_string(),
        ),
        None => None,
    };
    let expect_events = match obj.and_then(|o| o.get("expect_events")) {
        Some(Json::Array(events)) if events.iter().all(|e| e.get("event").is_some_and(Json::is_string)) => {
            events.clone()
        }
        Some(_) => {
            return Err(FormatError::Invalid {
                path: format!("{name}.expect_events"),
                message: "expected a list of events, each an object with its \"event\" (for example \"status_changed\")".into(),
            })
        }
        None => Vec::new(),
    };
    let wrapped = expect_error.is_some() || obj.is_some_and(|o| o.contains_key("expect_events"));
    let command = if wrapped {
        obj.and_then(|o| o.get("do"))
            .ok_or_else(|| FormatError::Invalid {
                path: format!("{name}.do"),
                message: "a step with expect_error or expect_events needs the command in \"do\""
                    .into(),
            })?
    } else {
        step
    };
    let command: Command = format::from_json_value(command.clone(), name)?;
    Ok(Step::Do {
        command,
        expect_error,
        expect_events,
    })
}

/// Whether `actual` holds everything `expected` says: objects field by field (fields not
/// named are not checked), lists of objects as "each expected element matches one of
/// the actual ones", a `message` as a part of the actual text, anything else equal.
fn holds(expected: &Json, actual: &Json, field: &str) -> bool {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| holds(v, av, k))),
        (Json::Array(e), Json::Array(a)) if e.iter().any(Json::is_object) => {
            e.iter().all(|ev| a.iter().any(|av| holds(ev, av, field)))
        }
        (Json::String(e), Json::String(a)) if field == "message" => a.contains(e.as_str()),
        (Json::Number(e), Json::Number(a)) => e.as_f64() == a.as_f64(),
        _ => expected == actual,
    }
}

/// Applies one step to a session, adding its checks; `name` names it in the report.
pub fn apply_step(session: &mut Session, step: &Step, name: &str, checks: &mut Vec<Check>) {
    match step {
        Step::Expect(e) => check(session, e, &format!("{name}.expect"), checks),
        Step::Undo => {
            session.undo();
        }
        Step::Redo => {
            session.redo();
        }
        Step::RoundTrip => {
            let text = format::export(session, "round trip");
            let again = format::import(&text).map(|(s, _)| format::export(&s, "round trip"));
            let detail = match again {
                Ok(t) if t == text => String::new(),
                Ok(_) => "the session exported again differs from the first export".into(),
                Err(e) => format!("the export does not load back: {e}"),
            };
            checks.push(Check {
                name: name.to_string(),
                ok: detail.is_empty(),
                detail,
            });
        }
        Step::Do {
            command,
            expect_error,
            expect_events,
        } => {
            let result = session.dispatch(command.clone());
            let name = name.to_string();
            let events: &[crate::sim::Event] = match &result {
                Ok(events) => events,
                Err(e) => e.events(),
            };
            let given = crate::format::json_value(events);
            for (i, want) in expect_events.iter().enumerate() {
                let found = given
                    .as_array()
                    .is_some_and(|all| all.iter().any(|e| holds(want, e, "")));
                checks.push(Check {
                    name: format!("{name}.expect_events[{i}]"),
                    ok: found,
                    detail: if found {
                        String::new()
                    } else {
                        format!("no event matches {want}; the command gave {given}")
                    },
                });
            }
            match (result, expect_error) {
                (Ok(_), None) => {}
                (Err(e), None) => checks.push(Check {
                    name,
                    ok: false,
                    detail: format!("refused: {e}"),
                }),
                (Ok(_), Some(want)) => checks.push(Check {
                    name,
                    ok: false,
                    detail: format!(
                        "expected an error containing '{want}', but the command was accepted"
                    ),
                }),
                (Err(e), Some(want)) => {
                    let text = e.to_string();
                    checks.push(Check {
                        ok: text.contains(want.as_str()),
                        detail: if text.contains(want.as_str()) {
                            String::new()
                        } else {
                            format!("expected an error containing '{want}', got '{text}'")
                        },
                        name,
                    })
                }
            }
        }
    }
}

/// Parses and runs a script. A malformed script is a [`FormatError`]; a failed
/// expectation is a failed [`Check`] in the report.
pub fn run(text: &str) -> Result<Report, FormatError> {
    let mut loaded = load(text)?;
    let mut checks = Vec::new();
    for (i, step) in loaded.steps.iter().enumerate() {
        apply_step(
            &mut loaded.session,
            step,
            &format!("steps[{i}]"),
            &mut checks,
        );
    }
    check(&loaded.session, &loaded.expect, "expect", &mut checks);
    Ok(Report {
        title: loaded.title,
        steps: loaded.steps.len(),
        checks,
    })
}

fn prefix(p: &str, e: FormatError) -> FormatError {
    match e {
        FormatError::Invalid { path, message } => FormatError::Invalid {
            path: format!("{p}.{path}"),
            message,
        },
        other => other,
    }
}

fn push(
    checks: &mut Vec<Check>,
    name: String,
    expected: impl std::fmt::Display,
    found: impl std::fmt::Display,
) {
    let (e, f) = (expected.to_string(), found.to_string());
    checks.push(Check {
        ok: e == f,
        detail: if e == f {
            String::new()
        } else {
            format!("expected {e}, found {f}")
        },
        name,
    });
}

/// Checks expectations against a session's state, adding one [`Check`] each.
pub fn check(session: &Session, e: &Expect, at: &str, checks: &mut Vec<Check>) {
    let sim = session.state();
    let map = |name: &str| sim.map(name).ok();
    for (name, want) in &e.status {
        let found = map(name).map_or("no such map".to_string(), |m| m.status.kind().to_string());
        push(checks, format!("{at}.status.{name}"), want, found);
    }
    for (i, r) in e.rows.iter().enumerate() {
        let name = format!("{at}.rows[{i}]");
        let row = sim
            .world
            .tables(r.side)
            .get(&r.table)
            .and_then(|t| find(t, &r.key).map(|id| (t, &t.rows[&id])));
        match row {
            None => checks.push(Check {
                name,
                ok: false,
                detail: format!("no row with key {:?} in {} {}", r.key, r.side, r.table),
            }),
            Some((t, row)) => {
                for (c, want) in &r.cells {
                    let found = t.cell(row, c);
                    let want = t
                        .column(c)
                        .and_then(|col| col.ty.check(want.clone()).ok())
                        .unwrap_or_else(|| want.clone());
                    push(
                        checks,
                        format!("{name}.{c}"),
                        format!("'{want}'"),
                        format!("'{found}'"),
                    );
                }
            }
        }
    }
    for (i, r) in e.absent.iter().enumerate() {
        let present = sim
            .world
            .tables(r.side)
            .get(&r.table)
            .and_then(|t| find(t, &r.key))
            .is_some();
        push(
            checks,
            format!("{at}.absent[{i}]"),
            "absent",
            if present { "present" } else { "absent" },
        );
    }
    for (key, want) in &e.row_counts {
        let found = key
            .split_once('/')
            .and_then(|(side, table)| {
                let side = match side {
                    "FinOps" => Side::FinOps,
                    "Dataverse" => Side::Dataverse,
                    _ => return None,
                };
                sim.world
                    .tables(side)
                    .get(table)
                    .map(|t| t.rows.len().to_string())
            })
            .unwrap_or_else(|| "no such table (write Side/table)".into());
        push(checks, format!("{at}.row_counts.{key}"), want, found);
    }
    let last = |name: &str| map(name).and_then(|m| m.executions.last());
    for (name, want) in &e.conflicts {
        let found = last(name).map_or("no execution".into(), |x| x.conflicts.len().to_string());
        push(checks, format!("{at}.conflicts.{name}"), want, found);
    }
    for (name, want) in &e.initial_sync_errors {
        let found = last(name).map_or("no execution".into(), |x| x.errors.len().to_string());
        push(
            checks,
            format!("{at}.initial_sync_errors.{name}"),
            want,
            found,
        );
    }
    for (name, want) in &e.catch_up_errors {
        let found = map(name).map_or("no such map".into(), |m| {
            m.catch_up_errors
                .iter()
                .filter(|c| c.retry == RetryStatus::Pending)
                .count()
                .to_string()
        });
        push(checks, format!("{at}.catch_up_errors.{name}"), want, found);
    }
    for (name, want) in &e.queued {
        let found = map(name).map_or("no such map".into(), |m| {
            m.status.queue().map_or(0, |q| q.changes.len()).to_string()
        });
        push(checks, format!("{at}.queued.{name}"), want, found);
    }
    if let Some(want) = e.faults {
        let words = |f: crate::faults::Faults| {
            [Side::FinOps, Side::Dataverse]
                .map(|side| match f.of(side) {
                    Some(fault) => format!("{side} {}", fault.label()),
                    None => format!("{side} accepts writes"),
                })
                .join(", ")
        };
        push(
            checks,
            format!("{at}.faults"),
            words(want),
            words(sim.faults),
        );
    }
    for (name, want) in &e.alerts {
        let found = map(name).map_or("no such map".into(), |m| m.alerts.len().to_string());
        push(checks, format!("{at}.alerts.{name}"), want, found);
    }
    for (name, want) in &e.alerts_in_effect {
        let found = map(name).map_or("no such map".into(), |m| m.active_alerts.len().to_string());
        push(checks, format!("{at}.alerts_in_effect.{name}"), want, found);
    }
    for (name, want) in &e.played_back {
        let found = map(name).map_or("no such map".into(), |m| m.played_back.to_string());
        push(checks, format!("{at}.played_back.{name}"), want, found);
    }
    for (name, want) in &e.initial_syncs {
        let found = map(name).map_or("no such map".into(), |m| m.executions.len().to_string());
        push(checks, format!("{at}.initial_syncs.{name}"), want, found);
    }
    for (i, block) in e.not.iter().enumerate() {
        let name = format!("{at}.not[{i}]");
        let mut inner = Vec::new();
        check(session, block, &name, &mut inner);
        let held = inner.iter().all(|c| c.ok);
        checks.push(Check {
            ok: !held,
            detail: if held {
                let what: Vec<&str> = inner.iter().map(|c| c.name.as_str()).collect();
                format!("expected it not to hold, and it does ({})", what.join(", "))
            } else {
                String::new()
            },
            name,
        });
    }
    for (name, texts) in &e.log_contains {
        for text in texts {
            let found =
                map(name).is_some_and(|m| m.log.iter().any(|l| l.message.contains(text.as_str())));
            checks.push(Check {
                name: format!("{at}.log_contains.{name}"),
                ok: found,
                detail: if found {
                    String::new()
                } else {
                    format!("no log line contains '{text}'")
                },
            });
        }
    }
    for (name, want) in &e.executions {
        let at_name = format!("{at}.executions.{name}");
        let last = map(name).and_then(|m| m.executions.last());
        let found = last.map_or(Json::Null, crate::format::json_value);
        let ok = last.is_some() && holds(want, &found, "");
        checks.push(Check {
            name: at_name,
            ok,
            detail: if ok {
                String::new()
            } else if last.is_none() {
                "no execution".into()
            } else {
                format!("expected {want}, found {found}")
            },
        });
    }
    for (i, x) in e.explain.iter().enumerate() {
        let name = format!("{at}.explain[{i}]");
        let detail = match sim.explain(&x.subject) {
            Err(err) => format!("nothing to explain: {err}"),
            Ok(found) => {
                let text = json!(found).to_string();
                x.contains
                    .iter()
                    .filter(|want| !text.contains(want.as_str()))
                    .map(|want| format!("the explanation does not say '{want}': {text}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        };
        checks.push(Check {
            name,
            ok: detail.is_empty(),
            detail,
        });
    }
    for (i, r) in e.related.iter().enumerate() {
        let name = format!("{at}.related[{i}]");
        let names: Vec<&str> = r.maps.iter().map(String::as_str).collect();
        let found = match sim.related_to(&names) {
            Ok(found) => found,
            Err(err) => {
                checks.push(Check {
                    name,
                    ok: false,
                    detail: format!("refused: {err}"),
                });
                continue;
            }
        };
        let lists: [(&str, Option<Json>, Json); 4] = [
            (
                "order",
                r.order.as_ref().map(|v| json!(v)),
                json!(found.order),
            ),
            (
                "dependents",
                r.dependents.as_ref().map(|v| json!(v)),
                json!(found.dependents),
            ),
            (
                "cycles",
                r.cycles.as_ref().map(|v| json!(v)),
                json!(found.cycles),
            ),
            (
                "pause_offers",
                r.pause_offers.as_ref().map(|v| json!(v)),
                json!(found.pause_offers),
            ),
        ];
        for (field, want, found) in lists {
            if let Some(want) = want {
                push(checks, format!("{name}.{field}"), want, found);
            }
        }
    }
}

fn find(t: &crate::world::Table, key: &[Value]) -> Option<crate::world::RowId> {
    t.find_by_key_values(key)
}

/// A row reference by key, for building commands in code.
pub fn key(values: &[&str]) -> RowRef {
    RowRef::Key(values.iter().map(|v| Value::text(*v)).collect())
}
