//! Explanations: why a conflict was settled as it was, why a row failed, why a change is
//! queued, why a catch-up error is there, why a cell was superseded, why an action is
//! refused. Each is built from the engine's state, in the product's terms (which mapping,
//! which master, which lookup and key, which status allows what), with the Microsoft
//! Learn page the behaviour comes from. Scripts and the JS API ask for them as the app
//! does (`explain` in `docs/protocol.md`).

use serde::Serialize;
use thiserror::Error;

use crate::map::{Action, ChangeKind, Execution, QueuedChange, RetryStatus, StatusKind, TableMap};
use crate::sim::Simulator;
use crate::sim::NOT_TAKEN;
use crate::value::describe_key;
use crate::world::Side;

/// Where Microsoft Learn documents dual-write (`<page>` is appended).
pub const LEARN: &str =
    "https://learn.microsoft.com/dynamics365/fin-ops-core/dev-itpro/data-entities/dual-write/";

/// What to explain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Subject {
    /// A merge conflict of an initial sync (by its place in the execution's list).
    Conflict {
        /// The map.
        map: String,
        /// The execution (`DWM-000001`); the map's latest when absent.
        execution: Option<String>,
        /// Place in the execution's conflicts, from 0.
        index: usize,
    },
    /// A row an initial sync could not write (by its place in the execution's errors).
    FailedRow {
        /// The map.
        map: String,
        /// The execution; the latest when absent.
        execution: Option<String>,
        /// Place in the execution's errors, from 0.
        index: usize,
    },
    /// A change in a paused or resuming map's queue.
    Queued {
        /// The map.
        map: String,
        /// The change's number in the queue.
        seq: u64,
    },
    /// A catch-up error.
    CatchUpError {
        /// The map.
        map: String,
        /// The error's number.
        id: u64,
    },
    /// A line of a map's activity log (a superseded cell, an alert, a rollback...).
    LogLine {
        /// The map.
        map: String,
        /// Place in the log, from 0 (oldest first).
        index: usize,
    },
    /// Why an action is or is not available on a map now.
    Action {
        /// The map.
        map: String,
        /// The action.
        action: Action,
    },
}

/// An explanation: a title, the reasons in order, what to do next, and its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// One line naming the thing.
    pub title: String,
    /// Why, a sentence each, with the values of this case.
    pub why: Vec<String>,
    /// What the trainee can do about it, if anything.
    pub next: Option<String>,
    /// The Microsoft Learn page's title.
    pub source: String,
    /// Its address.
    pub url: String,
    /// Whether the simulator had to choose where the documentation is silent.
    pub model_choice: bool,
}

/// Why there is nothing to explain.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ExplainError {
    /// No such map.
    #[error("there is no table map named '{0}'")]
    UnknownMap(String),
    /// The map has no such thing.
    #[error("{0}")]
    NotFound(String),
}

/// A Microsoft Learn page: its file name and title.
struct Page(&'static str, &'static str);

const ENABLE: Page = Page("enable-entity-map", "Enable table maps for dual-write");
const TROUBLESHOOT_INITIAL: Page = Page(
    "dual-write-troubleshooting-initial-sync",
    "Troubleshoot issues during initial synchronization",
);
const PAUSE: Page = Page(
    "pause-for-maintenance",
    "Pause dual-write table maps for maintenance",
);
const ALERTS: Page = Page("errors-and-alerts", "Errors and alert notifications");
const FAQ: Page = Page("dual-write-faq", "Dual-write FAQ");
const MAPPINGS: Page = Page(
    "customizing-mappings",
    "Customize table and column mappings",
);

impl Explanation {
    fn new(title: String, why: Vec<String>, next: Option<String>, page: Page) -> Explanation {
        Explanation {
            title,
            why,
            next,
            source: page.1.to_string(),
            url: format!("{LEARN}{}", page.0),
            model_choice: false,
        }
    }
}

impl Simulator {
    /// Explains `subject` from the current state.
    pub fn explain(&self, subject: &Subject) -> Result<Explanation, ExplainError> {
        let map_of = |name: &str| {
            self.map(name)
                .map_err(|_| ExplainError::UnknownMap(name.to_string()))
        };
        match subject {
            Subject::Conflict {
                map,
                execution,
                index,
            } => {
                let m = map_of(map)?;
                let exec = execution_of(m, execution.as_deref())?;
                let c = exec.conflicts.get(*index).ok_or_else(|| {
                    ExplainError::NotFound(format!("{} has no conflict {index}", exec.id))
                })?;
                let (kept, lost) = match c.winner {
                    crate::world::Side::FinOps => (&c.finops, &c.dataverse),
                    crate::world::Side::Dataverse => (&c.dataverse, &c.finops),
                };
                Ok(Explanation::new(
                    format!("Merge conflict on row ({}), {}", c.key, c.column),
                    vec![
                        format!(
                            "The row ({}) exists on both sides with the same integration key ({}), so the initial sync of '{}' linked the two rows instead of creating a second one.",
                            c.key,
                            key_mapping(self, m),
                            m.name
                        ),
                        format!(
                            "Its both-way column {} differed: Finance and operations apps had '{}', Dataverse '{}'.",
                            c.column, c.finops, c.dataverse
                        ),
                        format!(
                            "The Master for initial sync of execution {} was {}, so its value '{kept}' was written on both sides and '{lost}' was replaced.",
                            exec.id, exec.master
                        ),
                        "The master settles conflicts only: it never decides which rows are copied, and one-way columns always take their source side's value.".into(),
                    ],
                    // A second initial sync would find the two sides agreeing: the
                    // value replaced comes back only from before the run, or typed in.
                    Some(format!(
                        "'{lost}' is gone from both sides now. To keep it, go back to before the run (Undo, or its step in History) and run '{}' again with {} as its Master for initial sync; or {}",
                        m.name,
                        c.winner.other(),
                        match m.status.kind() {
                            StatusKind::Running => "type it into the row: the map is Running, so dual-write writes it to the other side at once.",
                            StatusKind::Paused | StatusKind::Resuming => "type it into the row: the map holds a queue, so the change is queued and reaches the other side when the map catches up.",
                            StatusKind::NotRunning | StatusKind::Initializing => "type it into the row once the map is Running: dual-write then writes it to the other side (a change made before that reaches it only through an initial sync, where the master settles the conflict again).",
                        }
                    )),
                    ENABLE,
                ))
            }
            Subject::FailedRow {
                map,
                execution,
                index,
            } => {
                let m = map_of(map)?;
                let exec = execution_of(m, execution.as_deref())?;
                let e = exec.errors.get(*index).ok_or_else(|| {
                    ExplainError::NotFound(format!("{} has no failed row {index}", exec.id))
                })?;
                let target = e.source.other();
                // A side's fault (an outage, throttling...) fails the row whichever side
                // it is on: said as the fault, with the way out of it.
                if let Some((side, _)) = crate::faults::Fault::of_message(&e.message) {
                    let mut x = Explanation::new(
                        format!("Row ({}) failed in execution {}", e.key, exec.id),
                        vec![
                            format!(
                                "The initial sync of '{}' read row ({}) on {} while {side} was failing: {}",
                                m.name, e.key, e.source, e.message
                            ),
                            format!("A side with a fault can be neither read nor written (a model choice): every row the initial sync reads while {side} fails fails too, even one that needs no write. Rows that fail are not written, on either side; the map goes back to Not running until a run has no error."),
                        ],
                        Some(format!(
                            "Set the fault switch of {side} back to Accepts writes (Simulation and failure modes), then choose Rerun execution on '{}'.",
                            m.name
                        )),
                        TROUBLESHOOT_INITIAL,
                    );
                    x.model_choice = true;
                    return Ok(x);
                }
                let mut why = vec![
                    format!(
                        "The initial sync of '{}' read row ({}) on {} and could not write it on {}: {}",
                        m.name, e.key, e.source, target, e.message
                    ),
                    "Rows that fail are not written, on either side; the other rows are. The map goes back to Not running until a run has no error.".into(),
                ];
                if let Some(mapping) = m.mappings.iter().find(|x| {
                    x.finops == e.field || x.dataverse == e.field || x.dataverse_column() == e.field
                }) {
                    if let Some((relationship, column)) = mapping.dataverse.split_once('.') {
                        // Said of the side written: the lookup on Dataverse, the key of
                        // another table's row on finance and operations apps.
                        why.push(match target {
                            Side::Dataverse => format!(
                                "{} is a lookup: on Dataverse, '{relationship}' must point at the row of its table whose '{column}' equals the value. That row must exist on {target} first, which is why related maps run prerequisites first.",
                                mapping.dataverse
                            ),
                            Side::FinOps => format!(
                                "{} holds the key of a row of another {target} table (on Dataverse, the lookup '{relationship}'). That row must exist on {target} first, which is why related maps run prerequisites first.",
                                mapping.finops
                            ),
                        });
                    }
                }
                Ok(Explanation::new(
                    format!("Row ({}) failed in execution {}", e.key, exec.id),
                    why,
                    Some(format!(
                        "Fix the data (create the missing row, or run the map that brings it), then choose Rerun execution on '{}'; Skip initial sync turns the map on for live writes without these rows.",
                        m.name
                    )),
                    TROUBLESHOOT_INITIAL,
                ))
            }
            Subject::Queued { map, seq } => {
                let m = map_of(map)?;
                let queue = m.status.queue().ok_or_else(|| {
                    ExplainError::NotFound(format!(
                        "'{}' is {} and holds no queue",
                        m.name,
                        m.status.kind()
                    ))
                })?;
                let change = queue
                    .changes
                    .iter()
                    .find(|c| c.seq == *seq)
                    .ok_or_else(|| {
                        ExplainError::NotFound(format!("'{}' has no queued change {seq}", m.name))
                    })?;
                // Paused, the queue waits for a resume option; Resuming, it is being
                // played back, and only Skip to live sync is offered.
                let resuming = m.status.kind() == StatusKind::Resuming;
                let (how, to_do) = if resuming {
                    (
                        "The catch-up plays the queue back in order, each change once, a few a tick; Skip to live sync ends it, keeping what is left as catch-up errors to retry or discarding it.",
                        format!("Let the clock run (Tick, Play or Run until idle) to play it back, or choose Skip to live sync on '{}'.", m.name),
                    )
                } else {
                    (
                        "Resuming with \"Catch up synchronization of queued records\" plays the queue back in order, each change once; \"Skip to live synchronization preserving queued records\" turns them into catch-up errors to retry; \"...and discard queued records\" drops them.",
                        format!("Choose Run on '{}' and pick a resume option.", m.name),
                    )
                };
                Ok(Explanation::new(
                    format!("Queued change {seq} of '{}'", m.name),
                    vec![
                        describe_change(change),
                        format!(
                            "'{}' is {}: a change to a row in its scope is written on its own side at once and queued for the other side, in the order made{}.",
                            m.name,
                            m.status.kind(),
                            if resuming { " (at the end of the queue being played back)" } else { "" }
                        ),
                        how.into(),
                    ],
                    Some(to_do),
                    PAUSE,
                ))
            }
            Subject::CatchUpError { map, id } => {
                let m = map_of(map)?;
                let e = m
                    .catch_up_errors
                    .iter()
                    .find(|e| e.id == *id)
                    .ok_or_else(|| {
                        ExplainError::NotFound(format!("'{}' has no catch-up error {id}", m.name))
                    })?;
                let retried = e.retry == RetryStatus::Completed;
                Ok(Explanation::new(
                    // Named by its record, as the Catch-up errors tab lists it ("#3").
                    format!("Catch-up error of record #{} of '{}'", e.change.seq, m.name),
                    vec![
                        describe_change(&e.change),
                        format!("It is here because: {}", e.message),
                        "Nothing queued is lost silently: a change that cannot be played back, or that \"Skip to live synchronization preserving queued records\" kept, waits on the Catch-up errors tab.".into(),
                        if retried {
                            "A retry has since applied it.".into()
                        } else {
                            "It has not been applied yet.".into()
                        },
                    ],
                    (!retried).then(|| {
                        "Fix the cause (a fault switch, missing data), then retry it, alone or with all the others.".into()
                    }),
                    PAUSE,
                ))
            }
            Subject::LogLine { map, index } => {
                let m = map_of(map)?;
                let line = m.log.get(*index).ok_or_else(|| {
                    ExplainError::NotFound(format!("'{}' has no log line {index}", m.name))
                })?;
                Ok(explain_status_change(m, *index, &line.message)
                    .unwrap_or_else(|| explain_log_line(m, &line.message)))
            }
            Subject::Action { map, action } => {
                let m = map_of(map)?;
                let status = m.status.kind();
                let allowed = status.allowed();
                let list = if allowed.is_empty() {
                    "no action".to_string()
                } else {
                    allowed
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let ok = status.allows(*action);
                Ok(Explanation::new(
                    format!(
                        "{action} is {} for '{}'",
                        if ok { "available" } else { "not available" },
                        m.name
                    ),
                    vec![
                        format!("'{}' is {status}, which allows {list}.", m.name),
                        "Each status offers its own actions; any other is refused and the status does not change. With several maps selected, an action is taken on all or none.".into(),
                    ],
                    (!ok).then(|| match status {
                        crate::map::StatusKind::Initializing | crate::map::StatusKind::Resuming => {
                            "Let the clock run (Tick or Run until idle) until the map leaves this status.".to_string()
                        }
                        _ => format!("Choose one of: {list}."),
                    }),
                    ENABLE,
                ))
            }
        }
    }
}

/// The execution named, or the map's latest.
fn execution_of<'a>(m: &'a TableMap, id: Option<&str>) -> Result<&'a Execution, ExplainError> {
    match id {
        Some(id) => m.executions.iter().find(|e| e.id == id),
        None => m.executions.last(),
    }
    .ok_or_else(|| {
        ExplainError::NotFound(format!(
            "'{}' has no execution {}",
            m.name,
            id.unwrap_or("yet")
        ))
    })
}

/// The map's integration key in words: `CUSTOMERACCOUNT + dataAreaId = accountnumber +
/// msdyn_company`.
fn key_mapping(sim: &Simulator, m: &TableMap) -> String {
    let key = |side: crate::world::Side| {
        sim.world
            .table(side, m.table(side))
            .map(|t| t.key.join(" + "))
            .unwrap_or_default()
    };
    format!(
        "{} = {}",
        key(crate::world::Side::FinOps),
        key(crate::world::Side::Dataverse)
    )
}

fn describe_change(c: &QueuedChange) -> String {
    let what = match c.kind {
        ChangeKind::Create => "created".to_string(),
        ChangeKind::Delete => "deleted".to_string(),
        ChangeKind::Update => format!(
            "updated ({})",
            c.changed
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!(
        "Row ({}) was {what} on {} at minute {} (change {}).",
        describe_key(&c.key),
        c.origin,
        c.time,
        c.seq
    )
}

/// A status change of the activity log ("Status changed from Running to Paused"): what
/// makes a map take that step, and the lines logged at the same minute just before it,
/// which say what did here (an alert, the initial sync's end, a resume option...).
fn explain_status_change(m: &TableMap, index: usize, line: &str) -> Option<Explanation> {
    let (from, to) = line
        .strip_prefix("Status changed from ")?
        .split_once(" to ")?;
    let why = match (from, to) {
        ("Not running", "Initializing") => "It was run with an initial sync: the initial write copies the rows each side lacks to the other side, a batch of rows a tick.",
        ("Not running", "Running") => "It was run without an initial sync (Skip initial sync): it went live at once, and rows already on one side were not copied.",
        ("Initializing", "Running") => "Its initial sync ended with no failed row: from now on each write is synced live.",
        ("Initializing", "Not running") => "Its initial sync ended with failed rows (listed in Initial sync details): a map whose initial sync fails is not running (an Initializing map offers no action, so nothing else ends it).",
        ("Running", "Paused") => "It was paused, by a user or by an alert setting whose action is Pause: while it is paused, writes are queued, to be played back when it resumes.",
        ("Running", "Not running") => "It was stopped, by a user or by an alert setting whose action is Stop: nothing is queued while a map is not running (a model choice: the documentation does not say), and it comes back with an initial sync, or without one (Skip initial sync).",
        ("Paused", "Resuming") => "It was run again with Catch up synchronization of queued records: the queue plays back, oldest first, a batch a tick.",
        ("Paused", "Running") | ("Resuming", "Running") => "It went live: the catch-up played the whole queue, or a resume option or Skip to live sync did not play the rest (preserved as catch-up errors, or discarded).",
        _ => return None,
    };
    let at = m.log.get(index)?.time;
    // Only lines that cause a status change: settings changed or writes made earlier at
    // the same minute (the clock stands still between commands) are not its cause.
    let cause = |line: &str| {
        line.starts_with("Alert:")
            || line.starts_with("Initial sync")
            || line.contains("Initial Sync completed")
            || line.starts_with("Resumed:")
            || line.starts_with("Skipped to live sync")
            || line.contains("queued record(s) discarded")
            || line == "Catch-up finished"
    };
    let before: Vec<&str> = (0..index)
        .rev()
        .filter_map(|k| m.log.get(k))
        .take_while(|l| l.time == at && !l.message.starts_with("Status changed"))
        .filter(|l| cause(&l.message))
        .take(2)
        .map(|l| l.message.as_str())
        .collect();
    let mut lines = vec![why.to_string()];
    if !before.is_empty() {
        let quoted: Vec<String> = before.iter().rev().map(|l| format!("'{l}'")).collect();
        lines.push(format!(
            "Logged just before it, at the same minute: {}.",
            quoted.join("; ")
        ));
    }
    let mut e = Explanation::new(format!("'{}': {line}", m.name), lines, None, ENABLE);
    // That a stopped map queues nothing is the model's reading, said as such.
    e.model_choice = to == "Not running" && from != "Initializing";
    Some(e)
}

/// What an alert line's errors come from, by their type: Application errors and 400 Bad
/// Request from the data (lookups, value maps, refused values), the others from a side
/// failing (the fault switches).
fn alert_cause(line: &str) -> &'static str {
    use crate::map::ErrorType;
    let of_data = [ErrorType::ApplicationError, ErrorType::BadRequest]
        .iter()
        .any(|t| line.contains(&format!("of type {t}")));
    if of_data {
        "the data: a missing lookup row, a value with no value-map entry, a refused value"
    } else {
        "the fault switches"
    }
}

fn explain_log_line(m: &TableMap, line: &str) -> Explanation {
    let title = format!("'{}': {line}", m.name);
    if line.contains("was superseded by the later") {
        let mut e = Explanation::new(
            title,
            vec![
                "Both sides changed the same column of the same row while the map was paused.".into(),
                "On catch-up the most recent change wins, column by column: playing a change back never overwrites a column that the target side changed later in the same queue; that later change is played back in its turn.".into(),
                "So both sides end with the latest value, and the older one is reported here instead of being written.".into(),
            ],
            None,
            PAUSE,
        );
        e.model_choice = true;
        return e;
    }
    if line.starts_with("Alert:") && line.contains(NOT_TAKEN) {
        let mut e = Explanation::new(
            title,
            vec![
                format!("'{}' reached an alert setting's count of errors within its window, while it was not Running.", m.name),
                "An Initializing map offers no action, and a Resuming one only Skip to live sync; so the alert is logged, and the initial sync or the catch-up goes on: the rows or changes that fail are listed as failed rows or catch-up errors.".into(),
            ],
            Some(format!("Fix the cause ({}), then retry the catch-up errors (or rerun the execution).", alert_cause(line))),
            ALERTS,
        );
        e.model_choice = true;
        return e;
    }
    if line.starts_with("Alert:") {
        let mut e = Explanation::new(
            title,
            vec![
                format!("'{}' counts its errors by type on the simulated clock; an alert setting fires when its count is reached within its window, and its action stops or pauses the map.", m.name),
                "Alert settings take effect when the map is next run from Not running: a paused map that Run resumes keeps the settings it ran with (model choice: the docs say \"when the map is next run\", and a resume is read as the same run going on).".into(),
            ],
            Some(format!("Fix the cause ({}), then run the map again (Run resumes a paused map, with the alert settings it ran with).", alert_cause(line))),
            ALERTS,
        );
        e.model_choice = true;
        return e;
    }
    if line.contains("rolled back") {
        return Explanation::new(
            title,
            vec![
                "A live write is one transaction across both systems: when the write on the other side fails, both sides roll back and the user sees the error; no half-written row remains.".into(),
                "The error counts towards the map's alert settings.".into(),
            ],
            Some("Fix the cause (a fault switch, a missing lookup row, a value with no value-map entry) and write again.".into()),
            FAQ,
        );
    }
    if line.contains("mappings changed") || line.contains("filter set") {
        return Explanation::new(
            title,
            vec!["Column mappings and filters can be changed only while the map is Not running; they apply from its next run.".into()],
            None,
            MAPPINGS,
        );
    }
    // The lines a run, a resume and a skip log: what each step did, by its words.
    let step: Option<(&str, Page)> = if line.starts_with("Initial sync started") {
        Some(("It was run with an initial sync: the rows each side lacks are copied to the other, a batch a tick; where both sides hold a row, the Master for initial sync settles the columns that differ (it settles conflicts only, not the direction). The map is Initializing until the last batch.", ENABLE))
    } else if line == "Initial sync skipped" {
        Some(("It was run without an initial sync (Skip initial sync): it went live at once; rows already on one side only stay there until they are next written.", ENABLE))
    } else if line.starts_with("Resumed:") {
        Some(("The paused map was run again with this resume option: Catch up plays the queued records back in order (Resuming, a batch a tick); the two Skip to live options go live at once, the queue kept as catch-up errors to retry or discarded.", PAUSE))
    } else if line.starts_with("Skipped to live sync") && line.contains("preserved") {
        Some(("The records still queued were not played back (Skip to live sync, or the resume option that preserves them): they became catch-up errors, each to retry (Retry selected, Retry All) once its cause is fixed; the map syncs live from now on.", PAUSE))
    } else if line.contains("queued record(s) discarded") {
        Some(("The records still queued were dropped, not played back: the rows they changed may now differ between the two sides until they are next written (an initial sync after a Stop would copy them again).", PAUSE))
    } else if line == "Catch-up finished" {
        Some((
            "Every queued record was played back, in order: the map syncs live from now on.",
            PAUSE,
        ))
    } else {
        None
    };
    if let Some((why, url)) = step {
        return Explanation::new(title, vec![why.into()], None, url);
    }
    Explanation::new(
        title,
        vec![format!(
            "A line of the activity log of '{}': each status change and what caused it is recorded here, on the simulated clock.",
            m.name
        )],
        None,
        ENABLE,
    )
}
