//! What goes into the simulator (commands) and what comes out (events).

use super::*;

/// How a row is named in a command: by its id, or by the values of its table's key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RowRef {
    /// Row id.
    Id(RowId),
    /// Key values, in the table's key order.
    Key(Vec<Value>),
}

/// Whether Run copies pre-existing rows first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum InitialSync {
    /// Copy rows both ways first (Initializing).
    #[default]
    Run,
    /// Go live at once ("Skip initial sync").
    Skip,
}

/// The resume options of Run on a Paused map, with the product's labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum ResumeOption {
    /// "Catch up synchronization of queued records".
    #[default]
    CatchUp,
    /// "Skip to live synchronization preserving queued records to catch-up errors for retry".
    SkipPreservingErrors,
    /// "Skip to live synchronization and discard queued records".
    SkipDiscarding,
}

impl ResumeOption {
    /// The product's label.
    pub fn label(self) -> &'static str {
        match self {
            ResumeOption::CatchUp => "Catch up synchronization of queued records",
            ResumeOption::SkipPreservingErrors => {
                "Skip to live synchronization preserving queued records to catch-up errors for retry"
            }
            ResumeOption::SkipDiscarding => {
                "Skip to live synchronization and discard queued records"
            }
        }
    }
}

/// One map of a Run, with its own Master for initial sync.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunEntry {
    /// Map name.
    pub map: String,
    /// Master for initial sync; the map's own setting when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master: Option<Side>,
}

impl RunEntry {
    /// An entry that keeps the map's master.
    pub fn map(name: &str) -> RunEntry {
        RunEntry {
            map: name.into(),
            master: None,
        }
    }
}

/// Everything a user, a lesson or a script can do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Create a row on one side.
    CreateRow {
        /// Side.
        side: Side,
        /// Table.
        table: String,
        /// Cells by column; the others are empty.
        cells: BTreeMap<String, Value>,
    },
    /// Change cells of a row.
    UpdateRow {
        /// Side.
        side: Side,
        /// Table.
        table: String,
        /// The row.
        row: RowRef,
        /// New cells by column.
        cells: BTreeMap<String, Value>,
    },
    /// Delete a row.
    DeleteRow {
        /// Side.
        side: Side,
        /// Table.
        table: String,
        /// The row.
        row: RowRef,
    },
    /// Run maps in the given order (Not running) or resume them (Paused). All or nothing.
    Run {
        /// Maps in sync order.
        maps: Vec<RunEntry>,
        /// Initial sync for the maps that are Not running.
        initial_sync: InitialSync,
        /// Resume option for the maps that are Paused.
        resume: ResumeOption,
    },
    /// Stop Running maps. All or nothing.
    Stop {
        /// Maps.
        maps: Vec<String>,
    },
    /// Pause Running maps. All or nothing.
    Pause {
        /// Maps.
        maps: Vec<String>,
    },
    /// While Resuming: go live now, keeping the rest of the queue as catch-up errors or
    /// discarding it. All or nothing.
    SkipToLiveSync {
        /// Maps (a file may give one map as `"map": "name"`).
        maps: Vec<String>,
        /// Keep the rest as catch-up errors.
        preserve: bool,
    },
    /// Run the initial sync again for maps whose last execution failed. All or nothing.
    RerunExecution {
        /// Maps (a file may give one map as `"map": "name"`).
        maps: Vec<String>,
    },
    /// Retry catch-up errors: the listed ones, or all pending ones.
    RetryCatchUpErrors {
        /// Map.
        map: String,
        /// Error numbers; all pending when absent.
        #[serde(skip_serializing_if = "Option::is_none")]
        ids: Option<Vec<u64>>,
    },
    /// Replace a map's column mappings (Not running only).
    SetMappings {
        /// Map.
        map: String,
        /// New mappings.
        mappings: Vec<ColumnMapping>,
    },
    /// Replace a map's filter on one side (Not running only).
    SetFilter {
        /// Map.
        map: String,
        /// Side.
        side: Side,
        /// Filter text.
        filter: String,
    },
    /// Set a map's Master for initial sync.
    SetMaster {
        /// Map.
        map: String,
        /// Master.
        master: Side,
    },
    /// Replace a map's alert settings (in force from the next run).
    SetAlerts {
        /// Map.
        map: String,
        /// Alerts.
        alerts: Vec<AlertSetting>,
    },
    /// Set a map's queue capacity.
    SetQueueCapacity {
        /// Map.
        map: String,
        /// Capacity, at least 1.
        capacity: usize,
    },
    /// Switch a side on or off (fault injection): off is the Unavailable (503) fault.
    SetAvailability {
        /// Side.
        side: Side,
        /// Whether it accepts writes.
        available: bool,
    },
    /// Make a side refuse every write with a fault, or (`null`) accept writes again.
    SetFault {
        /// Side.
        side: Side,
        /// The fault, or none.
        fault: Option<Fault>,
    },
    /// Set the rows per tick.
    SetRowsPerTick {
        /// Rows, at least 1.
        rows: u64,
    },
    /// Advance the clock.
    Tick {
        /// Ticks, at least 1.
        ticks: u32,
    },
    /// Tick until no map is Initializing or Resuming.
    RunUntilIdle,
    /// Replace the customers of both sides (FinOps `CustomersV3`, Dataverse `accounts`)
    /// with `count` generated ones, with the demo's planted situations in proportion
    /// (see [`crate::sim::generate`]). Refused while a map on those tables runs.
    GenerateCustomers {
        /// FinOps customers to make, from 10 to 100,000.
        count: u32,
        /// Seed of the generator: the same seed gives the same rows.
        seed: u64,
    },
}

/// The seed of `generate_customers` when a command leaves it out.
pub(crate) fn default_seed() -> u64 {
    1
}

/// How a command is said: as done (the history, the feed) or as a step to take (the
/// next step "Show me" plays).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// What a step did: "Paused: Currencies", "Row USD saved in FinOps Currencies".
    Done,
    /// What a step will do: "Pause: Currencies", "Save row USD in FinOps Currencies".
    ToDo,
}

impl Tense {
    /// `done` or `to_do`, as this tense has it.
    pub(crate) fn pick<'a>(self, done: &'a str, to_do: &'a str) -> &'a str {
        match self {
            Tense::Done => done,
            Tense::ToDo => to_do,
        }
    }
}

/// A command in words in a [`Tense`] ([`Command::in_tense`]).
pub struct InTense<'a> {
    command: &'a Command,
    tense: Tense,
}

impl Command {
    /// The maps the command acts on, as it names them (a run in its sync order); none for
    /// a row's write, a clock tick or a setting of the whole simulation.
    pub fn maps(&self) -> Vec<&str> {
        match self {
            Command::Run { maps, .. } => maps.iter().map(|e| e.map.as_str()).collect(),
            Command::Stop { maps }
            | Command::Pause { maps }
            | Command::SkipToLiveSync { maps, .. }
            | Command::RerunExecution { maps } => maps.iter().map(String::as_str).collect(),
            Command::RetryCatchUpErrors { map, .. }
            | Command::SetMappings { map, .. }
            | Command::SetFilter { map, .. }
            | Command::SetMaster { map, .. }
            | Command::SetAlerts { map, .. }
            | Command::SetQueueCapacity { map, .. } => vec![map.as_str()],
            Command::CreateRow { .. }
            | Command::UpdateRow { .. }
            | Command::DeleteRow { .. }
            | Command::SetAvailability { .. }
            | Command::SetFault { .. }
            | Command::SetRowsPerTick { .. }
            | Command::Tick { .. }
            | Command::RunUntilIdle
            | Command::GenerateCustomers { .. } => Vec::new(),
        }
    }

    /// The command in words in `tense`; its `Display` is [`Tense::Done`].
    pub fn in_tense(&self, tense: Tense) -> InTense<'_> {
        InTense {
            command: self,
            tense,
        }
    }
}

/// The command in words, as the history timeline and the event feed say it.
impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.in_tense(Tense::Done).fmt(f)
    }
}

impl fmt::Display for InTense<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |maps: &mut dyn Iterator<Item = &String>| {
            maps.map(String::as_str).collect::<Vec<_>>().join(", ")
        };
        let t = |done, to_do| self.tense.pick(done, to_do);
        match self.command {
            Command::CreateRow { side, table, .. } => match self.tense {
                Tense::Done => write!(f, "Row created in {side} {table}"),
                Tense::ToDo => write!(f, "Create a row in {side} {table}"),
            },
            Command::UpdateRow { side, table, .. } => match self.tense {
                Tense::Done => write!(f, "Row saved in {side} {table}"),
                Tense::ToDo => write!(f, "Save a row in {side} {table}"),
            },
            Command::DeleteRow { side, table, .. } => match self.tense {
                Tense::Done => write!(f, "Row deleted in {side} {table}"),
                Tense::ToDo => write!(f, "Delete a row in {side} {table}"),
            },
            Command::Run {
                maps, initial_sync, ..
            } => {
                // A map mastered by finance and operations apps says so (Dataverse is the
                // default master): the choice a merge conflict turns on.
                let list = maps
                    .iter()
                    .map(|e| match e.master {
                        Some(Side::FinOps) => format!("{} (master: {})", e.map, Side::FinOps),
                        _ => e.map.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                match initial_sync {
                    InitialSync::Run => write!(f, "Run: {list}"),
                    InitialSync::Skip => write!(f, "Run without initial sync: {list}"),
                }
            }
            Command::Stop { maps } => {
                write!(f, "{}: {}", t("Stopped", "Stop"), names(&mut maps.iter()))
            }
            Command::Pause { maps } => {
                write!(f, "{}: {}", t("Paused", "Pause"), names(&mut maps.iter()))
            }
            Command::SkipToLiveSync { maps, preserve } => write!(
                f,
                "Skip to live sync on {}, {} the queued records",
                names(&mut maps.iter()),
                if *preserve {
                    "preserving"
                } else {
                    "discarding"
                }
            ),
            Command::RerunExecution { maps } => {
                write!(f, "Rerun execution: {}", names(&mut maps.iter()))
            }
            Command::RetryCatchUpErrors { map, ids } => {
                let retry = t("Retried", "Retry");
                match ids {
                    Some(ids) => write!(f, "{retry} {} catch-up error(s) of {map}", ids.len()),
                    None => write!(f, "{retry} all catch-up errors of {map}"),
                }
            }
            Command::SetMappings { map, mappings } => match self.tense {
                Tense::Done => write!(
                    f,
                    "Table mappings of {map} saved ({} mappings)",
                    mappings.len()
                ),
                Tense::ToDo => write!(
                    f,
                    "Save the table mappings of {map} ({} mappings)",
                    mappings.len()
                ),
            },
            Command::SetFilter { map, side, filter } => {
                let removed = filter.trim().is_empty();
                match (self.tense, removed) {
                    (Tense::Done, true) => write!(f, "{side} filter of {map} removed"),
                    (Tense::Done, false) => write!(f, "{side} filter of {map} saved"),
                    (Tense::ToDo, true) => write!(f, "Remove the {side} filter of {map}"),
                    (Tense::ToDo, false) => write!(f, "Save the {side} filter of {map}"),
                }
            }
            Command::SetMaster { map, master } => match self.tense {
                Tense::Done => write!(f, "Master for initial sync of {map} set to {master}"),
                Tense::ToDo => write!(f, "Set the master for initial sync of {map} to {master}"),
            },
            Command::SetAlerts { map, alerts } => write!(
                f,
                "{} for {map} ({} alert(s)); they take effect when the map next runs from Not running (a resume keeps the ones it ran with)",
                t("Alert settings saved", "Save the alert settings"),
                alerts.len()
            ),
            Command::SetQueueCapacity { map, capacity } => match self.tense {
                Tense::Done => write!(f, "Queue capacity of {map} set to {capacity}"),
                Tense::ToDo => write!(f, "Set the queue capacity of {map} to {capacity}"),
            },
            Command::SetAvailability { side, available } => {
                let state = if *available {
                    "available"
                } else {
                    "unavailable"
                };
                match self.tense {
                    Tense::Done => write!(f, "{side} is {state}"),
                    Tense::ToDo => write!(f, "Make {side} {state}"),
                }
            }
            Command::SetFault { side, fault } => match (self.tense, fault) {
                (Tense::Done, Some(fault)) => {
                    write!(f, "{side} refuses every write: {}", fault.label())
                }
                (Tense::Done, None) => write!(f, "{side} accepts writes again"),
                (Tense::ToDo, Some(fault)) => {
                    write!(f, "Make {side} refuse every write: {}", fault.label())
                }
                (Tense::ToDo, None) => write!(f, "Let {side} accept writes again"),
            },
            Command::SetRowsPerTick { rows } => match self.tense {
                Tense::Done => write!(f, "Rows per tick set to {rows}"),
                Tense::ToDo => write!(f, "Set rows per tick to {rows}"),
            },
            Command::Tick { ticks } => match self.tense {
                Tense::Done => write!(f, "Clock advanced by {ticks} tick(s)"),
                Tense::ToDo => write!(f, "Advance the clock by {ticks} tick(s)"),
            },
            Command::RunUntilIdle => f.write_str(t("Ran until idle", "Run until idle")),
            Command::GenerateCustomers { count, seed } => write!(
                f,
                "{} {} customers (seed {seed})",
                t("Generated", "Generate"),
                thousands(u64::from(*count))
            ),
        }
    }
}

/// What a row that left a map's filter means, after its name.
pub(crate) const LEFT_FILTER: &str =
    "left the map's filter: dual-write no longer syncs its changes, and the other side keeps its copy (a change to that copy still reaches this row: pairs are found by key)";

/// Why a user's write to a mapped table gave a map nothing to sync ([`Event::NotSynced`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotSyncedReason {
    /// The row is outside the map's filter on its side (created or changed there).
    OutsideFilter,
    /// No column the map writes to the other side changed: only columns mapped one way
    /// from the other side, or not mapped at all.
    NoMappedChange,
    /// The write changed no value of the row (each cell written as it was).
    NothingChanged,
}

impl NotSyncedReason {
    /// What it means, after the row's name.
    pub fn words(self) -> &'static str {
        match self {
            NotSyncedReason::OutsideFilter => {
                "is outside the map's filter: dual-write does not sync it"
            }
            NotSyncedReason::NoMappedChange => {
                "changed no column the map writes to the other side (columns mapped one way from the other side, or not mapped, stay where they are): nothing to sync"
            }
            NotSyncedReason::NothingChanged => "changed no value: nothing to sync",
        }
    }
}

/// Something that happened, for the view and for scripts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A map changed status.
    StatusChanged {
        /// Map.
        map: String,
        /// Old status.
        from: StatusKind,
        /// New status.
        to: StatusKind,
    },
    /// A row was written by the user or, with `map`, by dual-write.
    RowWritten {
        /// Side.
        side: Side,
        /// Table.
        table: SmolStr,
        /// Row.
        row: RowId,
        /// What happened.
        kind: ChangeKind,
        /// The map that wrote it, when dual-write did.
        #[serde(skip_serializing_if = "Option::is_none")]
        map: Option<SmolStr>,
    },
    /// A change was queued by a paused map.
    Queued {
        /// Map.
        map: String,
        /// Queue number.
        seq: u64,
    },
    /// An initial sync finished.
    InitialSyncFinished {
        /// Map.
        map: String,
        /// Execution name.
        execution: String,
        /// Completed or Error.
        status: ExecutionStatus,
        /// Rows that failed.
        failed: usize,
        /// Conflicts settled.
        conflicts: usize,
    },
    /// The ticks of a command read a batch of rows of an initial sync (`read` of them)
    /// and copied them to the other side; `done` of `total` rows have been read so far.
    /// One event a map and command, for the ticks that did not finish it (the last one
    /// is [`Event::InitialSyncFinished`]), so that a feed says what each step of a long
    /// sync did.
    InitialSyncProgress {
        /// Map.
        map: String,
        /// Rows read by this batch.
        read: u64,
        /// Rows read so far.
        done: u64,
        /// Rows to read in all.
        total: u64,
    },
    /// The ticks of a command played back a catch-up's queued changes: `played` of them
    /// were applied (or needed no write) and `failed` became catch-up errors; `done` of
    /// `total` changes of the queue have been taken so far. One event a map and command,
    /// not one a row or a tick, like an initial sync's summary: a catch-up may hold a
    /// million changes.
    CatchUpProgress {
        /// Map.
        map: String,
        /// Changes of this batch applied.
        played: u64,
        /// Changes of this batch that failed.
        failed: u64,
        /// Cells of this batch not played back because the other side changed them
        /// later in the queue (each also a line in the activity log).
        superseded: u64,
        /// Changes taken from the queue so far.
        done: u64,
        /// Changes in the queue when the catch-up began.
        total: u64,
    },
    /// A catch-up error was retried and its change played back (`wrote`: something was
    /// written; else the other side already held these values or newer ones).
    RetryCompleted {
        /// Map.
        map: String,
        /// The queued record's number, by which the Catch-up errors tab lists it.
        record: u64,
        /// Whether the retry wrote anything.
        wrote: bool,
    },
    /// A queued change could not be played back.
    CatchUpFailed {
        /// Map.
        map: String,
        /// Catch-up error number.
        id: u64,
        /// The queued record's number, by which the Catch-up errors tab lists it.
        record: u64,
        /// Why.
        message: String,
    },
    /// An alert's threshold was reached.
    AlertTriggered {
        /// Map.
        map: String,
        /// Error type.
        error_type: ErrorType,
        /// The alert's action.
        action: AlertAction,
        /// Whether the action was taken: only a Running map is paused or stopped by an
        /// alert (an Initializing one offers no action and a Resuming one only Skip to
        /// live sync; its alert is logged and said, and the map goes on).
        applied: bool,
    },
    /// A user's write to a map's table gave that map nothing to sync (a trainee who sees
    /// nothing happen on the other side is told why). Said for Running, Paused and
    /// Resuming maps; a row leaving the filter is [`Event::LeftFilter`] instead.
    NotSynced {
        /// Map.
        map: String,
        /// Side of the row.
        side: Side,
        /// Table.
        table: SmolStr,
        /// Row.
        row: RowId,
        /// Why.
        reason: NotSyncedReason,
    },
    /// An update took a row out of a map's filter: dual-write no longer syncs it (nor
    /// queues its changes), and the other side keeps its copy (model choice, see
    /// ARCHITECTURE.md).
    LeftFilter {
        /// Map.
        map: String,
        /// Side of the row.
        side: Side,
        /// Table.
        table: SmolStr,
        /// Row.
        row: RowId,
    },
    /// Something a user should notice.
    Warning {
        /// Map.
        map: String,
        /// What.
        message: String,
    },
}

impl Event {
    /// A completed retry after its record's name ("queued record #1 retried: completed"),
    /// as the feed and the activity log say it; empty for other events.
    pub(crate) fn retry_words(&self) -> String {
        match self {
            Event::RetryCompleted { record, wrote, .. } => format!(
                "queued record #{record} retried: completed{}",
                if *wrote {
                    ""
                } else {
                    ", with nothing to write (the other side already holds these values, or newer ones)"
                }
            ),
            _ => String::new(),
        }
    }

    /// Whether the event calls for the user's attention: a failed initial sync or rows
    /// that failed in it, a change a catch-up could not play, an alert, a warning.
    pub fn needs_attention(&self) -> bool {
        match self {
            Event::InitialSyncFinished { status, failed, .. } => {
                *status != ExecutionStatus::Completed || *failed > 0
            }
            Event::CatchUpProgress { failed, .. } => *failed > 0,
            Event::CatchUpFailed { .. } | Event::AlertTriggered { .. } | Event::Warning { .. } => {
                true
            }
            Event::StatusChanged { .. }
            | Event::RowWritten { .. }
            | Event::Queued { .. }
            | Event::InitialSyncProgress { .. }
            | Event::LeftFilter { .. }
            | Event::NotSynced { .. }
            | Event::RetryCompleted { .. } => false,
        }
    }
}

impl fmt::Display for Event {
    /// The event in a sentence, as a feed or a notice shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::StatusChanged { map, from, to } => write!(f, "{map}: {from} → {to}"),
            Event::RowWritten {
                side,
                table,
                row,
                kind,
                map,
            } => {
                let verb = match kind {
                    ChangeKind::Create => "created",
                    ChangeKind::Update => "updated",
                    ChangeKind::Delete => "deleted",
                };
                match map {
                    Some(m) => write!(f, "{m} {verb} row {row} of {side} {table}"),
                    None => write!(f, "Row {row} of {side} {table} {verb}"),
                }
            }
            Event::Queued { map, seq } => write!(f, "{map}: change {seq} queued"),
            Event::InitialSyncFinished {
                map,
                execution,
                status,
                failed,
                conflicts,
            } => write!(
                f,
                "{map}: initial sync {execution} {status:?}, {} failed row(s), {} conflict(s) settled",
                thousands(*failed as u64),
                thousands(*conflicts as u64)
            ),
            Event::InitialSyncProgress {
                map,
                read,
                done,
                total,
            } => write!(
                f,
                "{map}: initial sync read {} row(s), {} of {} in all",
                thousands(*read),
                thousands(*done),
                thousands(*total)
            ),
            Event::CatchUpProgress {
                map,
                played,
                failed,
                superseded,
                done,
                total,
            } => write!(
                f,
                "{map}: catch-up {} of {} ({} played, {} failed, {} superseded {})",
                thousands(*done),
                thousands(*total),
                thousands(*played),
                thousands(*failed),
                thousands(*superseded),
                if *superseded == 1 { "cell" } else { "cells" }
            ),
            // Named by its queued record, as the Catch-up errors tab lists it.
            Event::CatchUpFailed {
                map,
                record,
                message,
                ..
            } => {
                write!(f, "{map}: catch-up error on queued record #{record}: {message}")
            }
            Event::AlertTriggered {
                map,
                error_type,
                action,
                applied,
            } => {
                write!(f, "{map}: {error_type} alert reached; action: {action}")?;
                if !applied && *action != AlertAction::None {
                    write!(f, " ({NOT_TAKEN})")?;
                }
                Ok(())
            }
            Event::LeftFilter {
                map,
                side,
                table,
                row,
            } => write!(f, "{map}: row {row} of {side} {table} {LEFT_FILTER}"),
            Event::NotSynced {
                map,
                side,
                table,
                row,
                reason,
            } => write!(f, "{map}: row {row} of {side} {table} {}", reason.words()),
            Event::RetryCompleted { map, .. } => {
                write!(f, "{map}: catch-up error on {}", self.retry_words())
            }
            Event::Warning { map, message } => write!(f, "{map}: warning: {message}"),
        }
    }
}
