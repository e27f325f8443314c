//! The simulator: a world, its table maps and a simulated clock, changed only by
//! [`Command`]s.
//!
//! **Invariant:** [`Simulator::apply`] is a pure function of the state and the command:
//! no clock, no randomness, no I/O. A refused command leaves the state as it was, except
//! a live write rolled back by dual-write, which leaves the rows as they were but counts
//! the error towards the map's alerts (as the product does); such a command is still
//! recorded in the history so that a replay counts it again.

use std::collections::BTreeMap;
use std::fmt;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::error::{CommandError, SyncError, WriteError};
use crate::filter::Filter;
use crate::graph::{Dependencies, RelatedMaps};
use crate::map::{
    Action, AlertAction, AlertSetting, CatchUpError, ChangeKind, ColumnMapping, ErrorType,
    ExecutionStatus, MapStatus, Queue, QueuedChange, RetryStatus, StatusKind, TableMap,
};
use crate::sync::{self, Availability, Plan, Propagated, Source};
use crate::value::Value;
use crate::world::{Journal, RowId, Side, World};

/// How long a pause may last before the simulator warns, in simulated minutes (one day).
pub const PAUSE_WARNING_MINUTES: u64 = 24 * 60;
/// Most ticks one command may ask for (about 70 simulated days).
pub const MAX_TICKS: u32 = 100_000;
/// Rows an initial sync handles per run and legal entity [initial-sync-guidance.md].
pub const INITIAL_SYNC_ROWS_PER_COMPANY: usize = 500_000;
/// Dataverse-to-FinOps rows above which an initial sync is discouraged.
pub const DATAVERSE_TO_FINOPS_ROWS: usize = 70_000;
/// Lookups from which a map's initial sync fails from Dataverse.
pub const MAX_LOOKUPS: usize = 10;

/// Settings of the simulation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Rows an initial write reads, and changes a catch-up plays back, per tick.
    pub rows_per_tick: u64,
    /// Simulated minutes per tick.
    pub minutes_per_tick: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            rows_per_tick: 10,
            minutes_per_tick: 1,
        }
    }
}

/// How a side fails while its fault switch is on: each of the service errors that alert
/// settings count (model choice: fault switches stand for real outages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// 503 Service Unavailable.
    Unavailable,
    /// 429 Too Many Requests.
    Throttled,
    /// 502 Bad Gateway.
    BadGateway,
    /// 401 Unauthorized / 403 Forbidden.
    Unauthorized,
}

impl Fault {
    /// Every fault, in the order the switches offer them.
    pub const ALL: [Fault; 4] = [
        Fault::Unavailable,
        Fault::Throttled,
        Fault::BadGateway,
        Fault::Unauthorized,
    ];

    /// The alert error type a write refused this way counts as.
    pub fn error_type(self) -> ErrorType {
        match self {
            Fault::Unavailable => ErrorType::ServiceUnavailable,
            Fault::Throttled => ErrorType::TooManyRequests,
            Fault::BadGateway => ErrorType::BadGateway,
            Fault::Unauthorized => ErrorType::Unauthorized,
        }
    }

    /// The switch's label: `Unavailable (503)`.
    pub fn label(self) -> &'static str {
        match self {
            Fault::Unavailable => "Unavailable (503)",
            Fault::Throttled => "Throttled (429)",
            Fault::BadGateway => "Bad gateway (502)",
            Fault::Unauthorized => "Unauthorized (401/403)",
        }
    }

    /// The message of a write refused by `side` this way.
    pub fn message(self, side: Side) -> String {
        match self {
            Fault::Unavailable => format!("503 Service Unavailable: {side} is unavailable."),
            Fault::Throttled => {
                format!("429 Too Many Requests: {side} is throttling requests; try again later.")
            }
            Fault::BadGateway => {
                format!("502 Bad Gateway: the gateway to {side} returned an invalid response.")
            }
            Fault::Unauthorized => format!(
                "401 Unauthorized: {side} refused the credentials of the dual-write connection."
            ),
        }
    }
}

/// The fault switches a demo uses to show rollbacks and alerts: per side, no fault or one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "FaultsFile")]
pub struct Faults {
    /// How FinOps refuses every write, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finops: Option<Fault>,
    /// How Dataverse refuses every write, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataverse: Option<Fault>,
}

/// [`Faults`] as files hold them, the first format's switches included
/// (`finops_unavailable: true` is the Unavailable fault).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultsFile {
    #[serde(default)]
    finops: Option<Fault>,
    #[serde(default)]
    dataverse: Option<Fault>,
    #[serde(default)]
    finops_unavailable: bool,
    #[serde(default)]
    dataverse_unavailable: bool,
}

impl From<FaultsFile> for Faults {
    fn from(f: FaultsFile) -> Faults {
        let legacy = |on: bool| on.then_some(Fault::Unavailable);
        Faults {
            finops: f.finops.or(legacy(f.finops_unavailable)),
            dataverse: f.dataverse.or(legacy(f.dataverse_unavailable)),
        }
    }
}

impl Faults {
    /// The fault of a side, if its switch is on.
    pub fn of(self, side: Side) -> Option<Fault> {
        match side {
            Side::FinOps => self.finops,
            Side::Dataverse => self.dataverse,
        }
    }

    /// Sets or clears the fault of a side.
    pub fn set(&mut self, side: Side, fault: Option<Fault>) {
        match side {
            Side::FinOps => self.finops = fault,
            Side::Dataverse => self.dataverse = fault,
        }
    }

    /// Fails with the side's fault when its switch is on.
    pub fn check(self, side: Side) -> Result<(), WriteError> {
        match self.of(side) {
            Some(fault) => Err(WriteError::Refused { side, fault }),
            None => Ok(()),
        }
    }
}

/// How a row is named in a command: by its id, or by the values of its table's key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RowRef {
    /// Row id.
    Id(RowId),
    /// Key values, in the table's key order.
    Key(Vec<Value>),
}

/// Whether Run copies pre-existing rows first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum InitialSync {
    /// Copy rows both ways first (Initializing).
    #[default]
    Run,
    /// Go live at once ("Skip initial sync").
    Skip,
}

/// The resume options of Run on a Paused map, with the product's labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResumeOption {
    /// "Catch up synchronization of queued records".
    #[default]
    CatchUp,
    /// "Skip to live synchronization preserving queued records to catch up errors for retry".
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
                "Skip to live synchronization preserving queued records to catch up errors for retry"
            }
            ResumeOption::SkipDiscarding => {
                "Skip to live synchronization and discard queued records"
            }
        }
    }
}

/// One map of a Run, with its own Master for initial sync.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunEntry {
    /// Map name.
    pub map: String,
    /// Master for initial sync; the map's own setting when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)]
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
        #[serde(default)]
        initial_sync: InitialSync,
        /// Resume option for the maps that are Paused.
        #[serde(default)]
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
    /// discarding it.
    SkipToLiveSync {
        /// Map.
        map: String,
        /// Keep the rest as catch-up errors.
        preserve: bool,
    },
    /// Run the initial sync again for a map whose last execution failed.
    RerunExecution {
        /// Map.
        map: String,
    },
    /// Retry catch-up errors: the listed ones, or all pending ones.
    RetryCatchUpErrors {
        /// Map.
        map: String,
        /// Error numbers; all pending when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
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
}

/// Something that happened, for the view and for scripts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
        #[serde(default, skip_serializing_if = "Option::is_none")]
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
    /// A tick of a catch-up played back a batch of queued changes: `played` of them were
    /// applied (or needed no write) and `failed` became catch-up errors; `done` of `total`
    /// changes of the queue have been taken so far. One event a batch, not one a row,
    /// like an initial sync's summary: a catch-up may hold a million changes.
    CatchUpProgress {
        /// Map.
        map: String,
        /// Changes of this batch applied.
        played: u64,
        /// Changes of this batch that failed.
        failed: u64,
        /// Cells of this batch not played back because the other side changed them
        /// later in the queue (each also a line in the activity log).
        #[serde(default)]
        superseded: u64,
        /// Changes taken from the queue so far.
        done: u64,
        /// Changes in the queue when the catch-up began.
        total: u64,
    },
    /// A queued change could not be played back.
    CatchUpFailed {
        /// Map.
        map: String,
        /// Catch-up error number.
        id: u64,
        /// Why.
        message: String,
    },
    /// An alert's threshold was reached.
    AlertTriggered {
        /// Map.
        map: String,
        /// Error type.
        error_type: ErrorType,
        /// Action taken.
        action: AlertAction,
    },
    /// Something a user should notice.
    Warning {
        /// Map.
        map: String,
        /// What.
        message: String,
    },
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
                "{map}: initial sync {execution} {status:?}, {failed} failed row(s), {conflicts} conflict(s) settled"
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
                "{map}: catch-up {done} of {total} ({played} played, {failed} failed, {superseded} superseded cell(s) this tick)"
            ),
            Event::CatchUpFailed { map, id, message } => {
                write!(f, "{map}: catch-up error {id}: {message}")
            }
            Event::AlertTriggered {
                map,
                error_type,
                action,
            } => write!(f, "{map}: {error_type} alert reached; action: {action}"),
            Event::Warning { map, message } => write!(f, "{map}: warning: {message}"),
        }
    }
}

/// The whole simulation state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Simulator {
    /// Both systems.
    #[serde(with = "crate::format::world_serde")]
    pub world: World,
    /// Table maps, in list order.
    pub maps: Vec<TableMap>,
    /// Simulated time, in minutes.
    #[serde(default)]
    pub clock: u64,
    /// Settings.
    #[serde(default)]
    pub settings: Settings,
    /// Fault switches.
    #[serde(default)]
    pub faults: Faults,
    /// Maps waiting for their initial write, in run order; the first one progresses.
    #[serde(default)]
    pub init_order: Vec<String>,
    /// Number of the next initial sync execution.
    #[serde(default = "one")]
    pub next_execution: u64,
}

fn one() -> u64 {
    1
}

type Outcome = Result<Vec<Event>, CommandError>;

impl Simulator {
    /// A simulator over a world and maps, clock at zero.
    pub fn new(world: World, maps: Vec<TableMap>) -> Simulator {
        Simulator {
            world,
            maps,
            clock: 0,
            settings: Settings::default(),
            faults: Faults::default(),
            init_order: Vec::new(),
            next_execution: 1,
        }
    }

    /// The map of that name.
    pub fn map(&self, name: &str) -> Result<&TableMap, CommandError> {
        self.maps
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| CommandError::UnknownMap(name.to_string()))
    }

    fn index(&self, name: &str) -> Result<usize, CommandError> {
        self.maps
            .iter()
            .position(|m| m.name == name)
            .ok_or_else(|| CommandError::UnknownMap(name.to_string()))
    }

    fn availability(&self) -> Availability {
        self.faults
    }

    /// Related maps of a map, for the Run and Pause dialogs.
    pub fn related(&self, name: &str) -> Result<RelatedMaps, CommandError> {
        self.related_to(&[name])
    }

    /// What the Run and Pause dialogs list for a selection of maps: their prerequisites
    /// in sync order, their dependents, the cycles among them, and the running related
    /// maps Pause offers to pause with them. Fails on an unknown map or an empty list.
    pub fn related_to(&self, names: &[&str]) -> Result<RelatedMaps, CommandError> {
        if names.is_empty() {
            return Err(CommandError::NothingSelected);
        }
        for name in names {
            self.map(name)?;
        }
        let mut related = Dependencies::new(&self.world, &self.maps).related_to(names);
        related.pause_offers = related
            .order
            .iter()
            .chain(&related.dependents)
            .filter(|m| !names.contains(&m.as_str()))
            .filter(|m| {
                self.map(m)
                    .is_ok_and(|x| x.status.kind().allows(Action::Pause))
            })
            .cloned()
            .collect();
        Ok(related)
    }

    /// Maps a map depends on directly.
    pub fn depends_on(&self, name: &str) -> Vec<String> {
        Dependencies::new(&self.world, &self.maps).direct(name)
    }

    /// Whether a map is Initializing or Resuming, so ticks still have work.
    pub fn busy(&self) -> bool {
        self.maps.iter().any(|m| {
            matches!(
                m.status,
                MapStatus::Initializing { .. } | MapStatus::Resuming { .. }
            )
        })
    }

    /// Applies a command. On `Err` the state is unchanged, except for the error count of
    /// a rolled-back live write (see the module documentation).
    pub fn apply(&mut self, command: &Command) -> Outcome {
        match command {
            Command::CreateRow { side, table, cells } => self.create_row(*side, table, cells),
            Command::UpdateRow {
                side,
                table,
                row,
                cells,
            } => self.update_row(*side, table, row, cells),
            Command::DeleteRow { side, table, row } => self.delete_row(*side, table, row),
            Command::Run {
                maps,
                initial_sync,
                resume,
            } => self.run(maps, *initial_sync, *resume),
            Command::Stop { maps } => self.stop_or_pause(maps, Action::Stop),
            Command::Pause { maps } => self.stop_or_pause(maps, Action::Pause),
            Command::SkipToLiveSync { map, preserve } => self.skip_to_live(map, *preserve),
            Command::RerunExecution { map } => self.rerun(map),
            Command::RetryCatchUpErrors { map, ids } => self.retry(map, ids.as_deref()),
            Command::SetMappings { map, mappings } => {
                let i = self.editable(map)?;
                let mut candidate = self.maps[i].clone();
                candidate.mappings = mappings.clone();
                Plan::new(&self.world, &candidate)?;
                self.maps[i] = candidate;
                self.log_now(i, "Column mappings changed");
                Ok(Vec::new())
            }
            Command::SetFilter { map, side, filter } => {
                let i = self.editable(map)?;
                let parsed = Filter::parse(filter).map_err(|error| CommandError::BadFilter {
                    map: map.clone(),
                    error,
                })?;
                let mut candidate = self.maps[i].clone();
                match side {
                    Side::FinOps => candidate.finops_filter = parsed,
                    Side::Dataverse => candidate.dataverse_filter = parsed,
                }
                Plan::new(&self.world, &candidate)?;
                self.maps[i] = candidate;
                self.log_now(i, format!("{side} filter set to '{filter}'"));
                Ok(Vec::new())
            }
            Command::SetMaster { map, master } => {
                let i = self.index(map)?;
                self.maps[i].master = *master;
                Ok(Vec::new())
            }
            Command::SetAlerts { map, alerts } => {
                let i = self.index(map)?;
                if let Some(a) = alerts
                    .iter()
                    .find(|a| a.count == 0 || a.window_minutes == 0)
                {
                    return Err(CommandError::BadSetting(format!(
                        "alert for {}: the count and the time window must be at least 1",
                        a.error_type
                    )));
                }
                self.maps[i].alerts = alerts.clone();
                self.log_now(
                    i,
                    "Alert settings changed; they take effect at the next run",
                );
                Ok(Vec::new())
            }
            Command::SetQueueCapacity { map, capacity } => {
                let i = self.index(map)?;
                if *capacity == 0 {
                    return Err(CommandError::BadSetting(
                        "the queue capacity must be at least 1".into(),
                    ));
                }
                self.maps[i].queue_capacity = *capacity;
                Ok(Vec::new())
            }
            Command::SetAvailability { side, available } => {
                self.faults
                    .set(*side, (!available).then_some(Fault::Unavailable));
                Ok(Vec::new())
            }
            Command::SetFault { side, fault } => {
                self.faults.set(*side, *fault);
                Ok(Vec::new())
            }
            Command::SetRowsPerTick { rows } => {
                if *rows == 0 {
                    return Err(CommandError::BadSetting(
                        "rows per tick must be at least 1".into(),
                    ));
                }
                self.settings.rows_per_tick = *rows;
                Ok(Vec::new())
            }
            Command::Tick { ticks } => {
                if *ticks == 0 || *ticks > MAX_TICKS {
                    return Err(CommandError::BadSetting(format!(
                        "tick between 1 and {MAX_TICKS} times at once"
                    )));
                }
                let mut events = Vec::new();
                for _ in 0..*ticks {
                    self.tick(&mut events);
                }
                Ok(events)
            }
            Command::RunUntilIdle => {
                let mut events = Vec::new();
                while self.busy() {
                    self.tick(&mut events);
                }
                Ok(events)
            }
        }
    }

    fn editable(&self, map: &str) -> Result<usize, CommandError> {
        let i = self.index(map)?;
        let status = self.maps[i].status.kind();
        if status != StatusKind::NotRunning {
            return Err(CommandError::EditWhileActive {
                map: map.to_string(),
                status,
            });
        }
        Ok(i)
    }

    fn log_now(&mut self, i: usize, message: impl Into<String>) {
        let now = self.clock;
        self.maps[i].log(now, message);
    }

    fn set_status(&mut self, i: usize, status: MapStatus, events: &mut Vec<Event>) {
        let from = self.maps[i].status.kind();
        let to = status.kind();
        self.maps[i].status = status;
        if from != to {
            self.log_now(i, format!("Status changed from {from} to {to}"));
            events.push(Event::StatusChanged {
                map: self.maps[i].name.clone(),
                from,
                to,
            });
        }
    }

    /// Checks that every selected map allows `action`; names the first that does not.
    fn check_all(&self, names: &[&str], action: Action) -> Result<Vec<usize>, CommandError> {
        if names.is_empty() {
            return Err(CommandError::NothingSelected);
        }
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let i = self.index(name)?;
            if out.contains(&i) {
                return Err(CommandError::SelectedTwice(name.to_string()));
            }
            out.push(i);
        }
        for (name, &i) in names.iter().zip(&out) {
            let status = self.maps[i].status.kind();
            if !status.allows(action) {
                return Err(CommandError::NotAllowed {
                    map: name.to_string(),
                    action,
                    status,
                    allowed: status.allowed().to_vec(),
                });
            }
        }
        Ok(out)
    }

    fn run(&mut self, entries: &[RunEntry], initial: InitialSync, resume: ResumeOption) -> Outcome {
        let names: Vec<&str> = entries.iter().map(|e| e.map.as_str()).collect();
        let idx = self.check_all(&names, Action::Run)?;
        for &i in &idx {
            if self.maps[i].status.kind() == StatusKind::NotRunning {
                let plan = Plan::new(&self.world, &self.maps[i])?;
                plan.check_alternate_key()?;
            }
        }
        let mut events = Vec::new();
        for (entry, &i) in entries.iter().zip(&idx) {
            if let Some(m) = entry.master {
                self.maps[i].master = m;
            }
            if self.maps[i].status.kind() == StatusKind::Paused {
                self.resume(i, resume, &mut events);
                continue;
            }
            let map = &mut self.maps[i];
            map.active_alerts = map.alerts.clone();
            map.error_times.clear();
            match initial {
                InitialSync::Skip => {
                    self.log_now(i, "Initial sync skipped");
                    self.set_status(i, MapStatus::Running, &mut events);
                }
                InitialSync::Run => self.start_initial_sync(i, &mut events),
            }
        }
        Ok(events)
    }

    fn start_initial_sync(&mut self, i: usize, events: &mut Vec<Event>) {
        let (counts, warnings) = match Plan::new(&self.world, &self.maps[i]) {
            Ok(p) => self.limit_warnings(&p),
            Err(_) => (0, Vec::new()),
        };
        let master = self.maps[i].master;
        self.log_now(
            i,
            format!("Initial sync started ({counts} rows, master: {master})"),
        );
        for message in warnings {
            self.log_now(i, format!("Warning: {message}"));
            events.push(Event::Warning {
                map: self.maps[i].name.clone(),
                message,
            });
        }
        self.set_status(
            i,
            MapStatus::Initializing {
                done: 0,
                total: counts,
            },
            events,
        );
        self.init_order.push(self.maps[i].name.clone());
    }

    /// The number of rows an initial sync of `plan` reads, and the documented limits it
    /// goes over, as warnings [initial-sync-guidance.md].
    fn limit_warnings(&self, plan: &Plan) -> (u64, Vec<String>) {
        let mut out = Vec::new();
        let mut rows = 0;
        if let Ok(table) = plan.table(&self.world, Side::FinOps) {
            let in_scope = table
                .rows
                .values()
                .filter(|row| plan.in_scope(table, Side::FinOps, row));
            let mut per_company: FxHashMap<&Value, usize> = FxHashMap::default();
            match table.company.as_deref().and_then(|c| table.position(c)) {
                Some(p) => {
                    for row in in_scope {
                        rows += 1;
                        *per_company.entry(&row[p]).or_default() += 1;
                    }
                }
                None => {
                    rows = in_scope.count();
                    per_company.insert(&Value::Null, rows);
                }
            }
            let mut per_company: Vec<(String, usize)> = per_company
                .into_iter()
                .map(|(company, n)| (company.to_string(), n))
                .collect();
            per_company.sort();
            for (company, n) in per_company {
                if n > INITIAL_SYNC_ROWS_PER_COMPANY {
                    let whom = if company.is_empty() {
                        String::new()
                    } else {
                        format!(" in {company}")
                    };
                    out.push(format!(
                        "{n} rows{whom}: an initial sync handles at most {INITIAL_SYNC_ROWS_PER_COMPANY} rows per run and legal entity"
                    ));
                }
            }
        }
        let dv_rows = plan.table(&self.world, Side::Dataverse).map_or(0, |table| {
            table
                .rows
                .values()
                .filter(|row| plan.in_scope(table, Side::Dataverse, row))
                .count()
        });
        rows += dv_rows;
        if dv_rows > DATAVERSE_TO_FINOPS_ROWS {
            out.push(format!(
                "{dv_rows} Dataverse rows: copying more than {DATAVERSE_TO_FINOPS_ROWS} rows from Dataverse to finance and operations is discouraged for single-threaded entities such as Customers V3"
            ));
        }
        let lookups = plan
            .map
            .mappings
            .iter()
            .filter(|m| m.lookup_column().is_some())
            .count();
        if lookups >= MAX_LOOKUPS {
            out.push(format!(
                "{lookups} lookups: maps with {MAX_LOOKUPS} or more lookups fail when the initial sync runs from Dataverse"
            ));
        }
        (rows as u64, out)
    }

    fn resume(&mut self, i: usize, option: ResumeOption, events: &mut Vec<Event>) {
        let MapStatus::Paused { queue } = std::mem::take(&mut self.maps[i].status) else {
            return;
        };
        self.maps[i].status = MapStatus::Paused {
            queue: Queue::default(),
        };
        self.log_now(i, format!("Resumed: {}", option.label()));
        match option {
            ResumeOption::CatchUp => {
                let total = queue.changes.len() as u64;
                self.set_status(
                    i,
                    MapStatus::Resuming {
                        queue,
                        done: 0,
                        total,
                    },
                    events,
                );
            }
            ResumeOption::SkipPreservingErrors => {
                self.preserve(i, queue, events);
                self.set_status(i, MapStatus::Running, events);
            }
            ResumeOption::SkipDiscarding => {
                let n = queue.changes.len();
                self.maps[i].discarded += n as u64;
                self.log_now(i, format!("{n} queued records discarded"));
                self.set_status(i, MapStatus::Running, events);
            }
        }
    }

    fn preserve(&mut self, i: usize, queue: Queue, events: &mut Vec<Event>) {
        for change in queue.changes {
            self.catch_up_error(
                i,
                change,
                "Skipped to live synchronization; preserved for retry".into(),
                events,
            );
        }
    }

    fn catch_up_error(
        &mut self,
        i: usize,
        change: QueuedChange,
        message: String,
        events: &mut Vec<Event>,
    ) {
        let map = &mut self.maps[i];
        let id = map.catch_up_errors.last().map_or(1, |e| e.id + 1);
        events.push(Event::CatchUpFailed {
            map: map.name.clone(),
            id,
            message: message.clone(),
        });
        map.catch_up_errors.push(CatchUpError {
            id,
            change,
            message,
            retry: RetryStatus::Pending,
        });
    }

    fn stop_or_pause(&mut self, names: &[String], action: Action) -> Outcome {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let idx = self.check_all(&refs, action)?;
        let mut events = Vec::new();
        for i in idx {
            let status = if action == Action::Stop {
                MapStatus::NotRunning
            } else {
                MapStatus::Paused {
                    queue: Queue::new(self.clock),
                }
            };
            self.set_status(i, status, &mut events);
        }
        Ok(events)
    }

    fn skip_to_live(&mut self, name: &str, preserve: bool) -> Outcome {
        let idx = self.check_all(&[name], Action::SkipToLiveSync)?;
        let i = idx[0];
        let MapStatus::Resuming { queue, .. } = std::mem::take(&mut self.maps[i].status) else {
            return Ok(Vec::new());
        };
        self.maps[i].status = MapStatus::Resuming {
            queue: Queue::default(),
            done: 0,
            total: 0,
        };
        let mut events = Vec::new();
        if preserve {
            self.preserve(i, queue, &mut events);
        } else {
            let n = queue.changes.len();
            self.maps[i].discarded += n as u64;
            self.log_now(
                i,
                format!("Skipped to live sync; {n} queued records discarded"),
            );
        }
        self.set_status(i, MapStatus::Running, &mut events);
        Ok(events)
    }

    /// Whether a map's mappings and filters can be edited now (Not running only).
    pub fn can_edit(&self, name: &str) -> bool {
        self.editable(name).is_ok()
    }

    /// Whether "Rerun execution" is offered for a map: its last initial sync failed and
    /// it is Not running.
    pub fn can_rerun(&self, name: &str) -> bool {
        self.map(name)
            .is_ok_and(|m| m.last_execution_failed() && m.status.kind() == StatusKind::NotRunning)
    }

    fn rerun(&mut self, name: &str) -> Outcome {
        self.index(name)?;
        if !self.can_rerun(name) {
            return Err(CommandError::NothingToRerun(name.to_string()));
        }
        self.run(
            &[RunEntry::map(name)],
            InitialSync::Run,
            ResumeOption::CatchUp,
        )
    }

    fn retry(&mut self, name: &str, ids: Option<&[u64]>) -> Outcome {
        let i = self.index(name)?;
        let map = &self.maps[i];
        let status = map.status.kind();
        if status != StatusKind::Running {
            return Err(CommandError::RetryNotRunning {
                map: name.to_string(),
                status,
            });
        }
        let chosen: Vec<usize> = match ids {
            Some(ids) => ids
                .iter()
                .map(|id| {
                    map.catch_up_errors.iter().position(|e| e.id == *id).ok_or(
                        CommandError::UnknownCatchUpError {
                            map: name.to_string(),
                            id: *id,
                        },
                    )
                })
                .collect::<Result<_, _>>()?,
            None => (0..map.catch_up_errors.len()).collect(),
        };
        let mut events = Vec::new();
        let available = self.availability();
        for pos in chosen {
            if self.maps[i].catch_up_errors[pos].retry == RetryStatus::Completed {
                continue;
            }
            let change = self.maps[i].catch_up_errors[pos].change.clone();
            match self.play_one(i, &change, available) {
                Ok(written) => {
                    self.note_written(i, written, &mut events);
                    self.maps[i].catch_up_errors[pos].retry = RetryStatus::Completed;
                }
                Err(e) => self.maps[i].catch_up_errors[pos].message = e.to_string(),
            }
        }
        Ok(events)
    }

    fn note_written(&self, i: usize, written: Option<Propagated>, events: &mut Vec<Event>) {
        if let Some(p) = written {
            events.push(Event::RowWritten {
                side: p.side,
                table: SmolStr::new(self.maps[i].table(p.side)),
                row: p.row,
                kind: p.kind,
                map: Some(SmolStr::new(&self.maps[i].name)),
            });
        }
    }

    fn find_row(&self, side: Side, table: &str, row: &RowRef) -> Result<RowId, CommandError> {
        let t = self.world.table(side, table)?;
        let id = match row {
            RowRef::Id(id) => t.rows.contains_key(id).then_some(*id),
            RowRef::Key(key) => {
                let canon: Vec<Value> = t
                    .key
                    .iter()
                    .zip(key)
                    .map(|(k, v)| {
                        t.column(k)
                            .and_then(|c| c.ty.check(v.clone()).ok())
                            .unwrap_or_else(|| v.clone())
                    })
                    .collect();
                if canon.len() == t.key.len() {
                    t.find_by_key(&canon)
                } else {
                    None
                }
            }
        };
        id.ok_or_else(|| {
            CommandError::Write(WriteError::UnknownRow {
                table: table.to_string(),
                row: match row {
                    RowRef::Id(id) => id.to_string(),
                    RowRef::Key(k) => format!(
                        "with key ({})",
                        k.iter()
                            .map(|v| v.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            })
        })
    }

    fn fill(
        &self,
        side: Side,
        table: &str,
        mut row: Vec<Value>,
        cells: &BTreeMap<String, Value>,
    ) -> Result<Vec<Value>, CommandError> {
        let t = self.world.table(side, table)?;
        for (c, v) in cells {
            let p = t.position(c).ok_or_else(|| WriteError::UnknownColumn {
                table: table.to_string(),
                column: c.clone(),
            })?;
            row[p] = v.clone();
        }
        Ok(row)
    }

    fn create_row(&mut self, side: Side, table: &str, cells: &BTreeMap<String, Value>) -> Outcome {
        let width = self.world.table(side, table)?.columns.len();
        let row = self.fill(side, table, vec![Value::Null; width], cells)?;
        let id = self.world.next_id(side, table);
        self.write(side, table, id, None, Some(row))
    }

    fn update_row(
        &mut self,
        side: Side,
        table: &str,
        row: &RowRef,
        cells: &BTreeMap<String, Value>,
    ) -> Outcome {
        let id = self.find_row(side, table, row)?;
        let old = self.world.table(side, table)?.rows[&id].clone();
        let new = self.fill(side, table, old.clone(), cells)?;
        self.write(side, table, id, Some(old), Some(new))
    }

    fn delete_row(&mut self, side: Side, table: &str, row: &RowRef) -> Outcome {
        let id = self.find_row(side, table, row)?;
        let old = self.world.table(side, table)?.rows[&id].clone();
        self.write(side, table, id, Some(old), None)
    }

    /// A user write and what dual-write does with it, as one transaction.
    fn write(
        &mut self,
        side: Side,
        table: &str,
        id: RowId,
        old: Option<Vec<Value>>,
        new: Option<Vec<Value>>,
    ) -> Outcome {
        self.faults.check(side)?;
        let new = match new {
            Some(row) => Some(self.world.check_row(side, table, Some(id), row)?),
            None => None,
        };
        // Which maps see this change, and how (decided before writing).
        struct Touch {
            map: usize,
            old_key: Vec<Value>,
            live: bool,
            /// An update that brings the row into the filter: the whole row is pushed.
            entering: bool,
        }
        let mut touches = Vec::new();
        for (i, m) in self.maps.iter().enumerate() {
            if m.table(side) != table {
                continue;
            }
            let live = match m.status.kind() {
                StatusKind::Running => true,
                StatusKind::Paused | StatusKind::Resuming => false,
                _ => continue,
            };
            let Ok(plan) = Plan::new(&self.world, m) else {
                continue;
            };
            let tbl = &self.world.tables(side)[table];
            let in_before = old.as_ref().is_some_and(|r| plan.in_scope(tbl, side, r));
            let in_after = new.as_ref().is_some_and(|r| plan.in_scope(tbl, side, r));
            let relevant = match (&old, &new) {
                (None, Some(_)) => in_after,
                (Some(_), None) => in_before,
                // A row that enters the filter is pushed whole, whatever column moved it.
                (Some(o), Some(n)) => in_after && (!in_before || plan.mapped_change(side, o, n)),
                (None, None) => false,
            };
            if !relevant {
                continue;
            }
            if !live {
                let queued = m.status.queue().map_or(0, |q| q.changes.len());
                if queued >= m.queue_capacity {
                    return Err(CommandError::QueueFull {
                        map: m.name.clone(),
                        capacity: m.queue_capacity,
                    });
                }
            }
            let old_key = plan.key_of(side, old.as_ref().or(new.as_ref()).map_or(&[][..], |r| r));
            // Queued changes find their row by its integration key (model choice).
            if let (false, Some(n)) = (live, &new) {
                if old.is_some() && plan.key_of(side, n) != old_key {
                    return Err(CommandError::KeyChangeWhilePaused {
                        map: m.name.clone(),
                        status: m.status.kind(),
                    });
                }
            }
            touches.push(Touch {
                map: i,
                old_key,
                live,
                entering: old.is_some() && new.is_some() && !in_before,
            });
        }

        let mut journal = Journal::default();
        self.world.put(side, table, id, new.clone(), &mut journal);
        let kind = match (&old, &new) {
            (None, _) => ChangeKind::Create,
            (Some(_), None) => ChangeKind::Delete,
            _ => ChangeKind::Update,
        };
        let mut events = vec![Event::RowWritten {
            side,
            table: SmolStr::new(table),
            row: id,
            kind,
            map: None,
        }];
        let available = self.availability();
        for t in &touches {
            if !t.live {
                continue;
            }
            let result = Plan::new(&self.world, &self.maps[t.map])
                .map_err(|e| SyncError::InvalidMap(e.to_string()))
                .and_then(|plan| {
                    sync::apply_change(
                        &plan,
                        &mut self.world,
                        side,
                        &t.old_key,
                        new.as_deref().map(Source::Row),
                        sync::Only::ALL,
                        available,
                        &mut journal,
                    )
                });
            match result {
                Ok(written) => self.note_written(t.map, written, &mut events),
                Err(error) => {
                    self.world.roll_back(&mut journal);
                    let name = self.maps[t.map].name.clone();
                    self.log_now(t.map, format!("Live write rolled back: {error}"));
                    let mut events = Vec::new();
                    self.count_error(t.map, error.error_type(), &mut events);
                    return Err(CommandError::RolledBack {
                        map: name,
                        side: side.other(),
                        error: Box::new(error),
                        events,
                    });
                }
            }
        }
        // Queue for the paused maps only once the transaction stands.
        let tbl = &self.world.tables(side)[table];
        let row: Option<Vec<(SmolStr, Value)>> = new.as_ref().map(|r| {
            tbl.columns
                .iter()
                .zip(r)
                .map(|(c, v)| (SmolStr::new(&c.name), v.clone()))
                .collect()
        });
        let changed: Vec<SmolStr> = match (&old, &new) {
            (Some(o), Some(n)) => tbl
                .columns
                .iter()
                .zip(o.iter().zip(n))
                .filter(|(_, (a, b))| a != b)
                .map(|(c, _)| SmolStr::new(&c.name))
                .collect(),
            _ => Vec::new(),
        };
        for t in touches.iter().filter(|t| !t.live) {
            let map = &mut self.maps[t.map];
            // A row entering the filter is pushed whole, as a live write pushes it.
            let changed = if t.entering {
                tbl.columns.iter().map(|c| SmolStr::new(&c.name)).collect()
            } else {
                changed.clone()
            };
            let change = QueuedChange {
                seq: map.next_seq,
                time: self.clock,
                origin: side,
                kind,
                key: t.old_key.clone(),
                row: row.clone(),
                changed,
            };
            map.next_seq += 1;
            events.push(Event::Queued {
                map: map.name.clone(),
                seq: change.seq,
            });
            match &mut map.status {
                MapStatus::Paused { queue } => queue.push(change),
                MapStatus::Resuming { queue, total, .. } => {
                    *total += 1;
                    queue.push(change);
                }
                _ => {}
            }
        }
        Ok(events)
    }

    /// Counts an error towards the map's alerts and applies an alert whose threshold is
    /// reached.
    fn count_error(&mut self, i: usize, error_type: ErrorType, events: &mut Vec<Event>) {
        let now = self.clock;
        let map = &mut self.maps[i];
        map.error_times.push((now, error_type));
        let hit = map.active_alerts.iter().find(|a| {
            a.error_type == error_type
                && map
                    .error_times
                    .iter()
                    .filter(|(t, ty)| {
                        *ty == error_type && now.saturating_sub(*t) < a.window_minutes
                    })
                    .count()
                    >= a.count as usize
        });
        let Some(alert) = hit.cloned() else {
            return;
        };
        map.error_times.retain(|(_, ty)| *ty != error_type);
        let message = format!(
            "Alert: {} {} errors within {} minutes; action: {:?}",
            alert.count, alert.error_type, alert.window_minutes, alert.action
        );
        self.log_now(i, message);
        events.push(Event::AlertTriggered {
            map: self.maps[i].name.clone(),
            error_type,
            action: alert.action,
        });
        if self.maps[i].status.kind() != StatusKind::Running {
            return;
        }
        match alert.action {
            AlertAction::None => {}
            AlertAction::Stop => self.set_status(i, MapStatus::NotRunning, events),
            AlertAction::Pause => {
                let since = self.clock;
                self.set_status(
                    i,
                    MapStatus::Paused {
                        queue: Queue::new(since),
                    },
                    events,
                )
            }
        }
    }

    fn tick(&mut self, events: &mut Vec<Event>) {
        self.clock = self.clock.saturating_add(self.settings.minutes_per_tick);
        let mut budget = self.settings.rows_per_tick;
        while budget > 0 && !self.init_order.is_empty() {
            let name = self.init_order[0].clone();
            let Ok(i) = self.index(&name) else {
                self.init_order.remove(0);
                continue;
            };
            let MapStatus::Initializing { done, total } = self.maps[i].status else {
                self.init_order.remove(0);
                continue;
            };
            let step = budget.min(total - done.min(total));
            budget -= step;
            let done = done + step;
            if done < total {
                self.maps[i].status = MapStatus::Initializing { done, total };
                break;
            }
            self.init_order.remove(0);
            self.finish_initial_sync(i, events);
            // An empty map still takes a tick; a finished one frees the rest of the budget.
            if total == 0 {
                break;
            }
        }
        for i in 0..self.maps.len() {
            if matches!(self.maps[i].status, MapStatus::Resuming { .. }) {
                self.catch_up(i, events);
            }
            if let MapStatus::Paused { queue } = &self.maps[i].status {
                let age = self.clock.saturating_sub(queue.since);
                if age >= PAUSE_WARNING_MINUTES
                    && age < PAUSE_WARNING_MINUTES + self.settings.minutes_per_tick
                {
                    let message =
                        "The map has been paused for more than a day: resume it soon".to_string();
                    self.log_now(i, message.clone());
                    events.push(Event::Warning {
                        map: self.maps[i].name.clone(),
                        message,
                    });
                }
            }
        }
    }

    fn finish_initial_sync(&mut self, i: usize, events: &mut Vec<Event>) {
        let id = format!("DWM-{:06}", self.next_execution);
        self.next_execution += 1;
        let master = self.maps[i].master;
        let available = self.availability();
        let result = sync::initial_sync(
            &mut self.world,
            &self.maps[i],
            master,
            available,
            id.clone(),
            self.clock,
        );
        let exec = match result {
            Ok(exec) => exec,
            Err(e) => {
                self.log_now(i, format!("Initial sync could not start: {e}"));
                self.set_status(i, MapStatus::NotRunning, events);
                return;
            }
        };
        let summary = format!(
            "Dual write Initial Sync completed with status: {:?}. Finance and operations to Dataverse: {} read, {} created, {} updated, {} failed. Dataverse to finance and operations: {} read, {} created, {} updated, {} failed. {} conflicts settled by {}.",
            exec.status,
            exec.to_dataverse.read,
            exec.to_dataverse.created,
            exec.to_dataverse.updated,
            exec.to_dataverse.failed,
            exec.to_finops.read,
            exec.to_finops.created,
            exec.to_finops.updated,
            exec.to_finops.failed,
            exec.conflicts.len(),
            exec.master,
        );
        self.log_now(i, summary);
        events.push(Event::InitialSyncFinished {
            map: self.maps[i].name.clone(),
            execution: id,
            status: exec.status,
            failed: exec.errors.len(),
            conflicts: exec.conflicts.len(),
        });
        let status = exec.status;
        self.maps[i].executions.push(exec);
        let next = match status {
            ExecutionStatus::Completed => MapStatus::Running,
            ExecutionStatus::Error => MapStatus::NotRunning,
        };
        self.set_status(i, next, events);
    }

    /// Plays back one queued change of map `i` in its own transaction.
    fn play_one(
        &mut self,
        i: usize,
        change: &QueuedChange,
        available: Availability,
    ) -> Result<Option<Propagated>, SyncError> {
        let plan = Plan::new(&self.world, &self.maps[i])
            .map_err(|e| SyncError::InvalidMap(e.to_string()))?;
        sync::play_back(
            &plan,
            &mut self.world,
            change,
            None,
            available,
            &mut Journal::default(),
        )
        .map(|played| played.written)
    }

    /// Plays back the next batch of map `i`'s queue (`rows_per_tick` changes), in order,
    /// each in its own transaction; a change that fails becomes a catch-up error.
    fn catch_up(&mut self, i: usize, events: &mut Vec<Event>) {
        let available = self.availability();
        let (batch, done, total) = match &mut self.maps[i].status {
            MapStatus::Resuming { queue, done, total } => {
                let n = usize::try_from(self.settings.rows_per_tick)
                    .unwrap_or(usize::MAX)
                    .min(queue.changes.len());
                *done += n as u64;
                (queue.take(n), *done, *total)
            }
            _ => return,
        };
        // Failures are recorded after the batch: that needs the whole simulator.
        let mut failures: Vec<(QueuedChange, SyncError)> = Vec::new();
        let mut played = 0u64;
        let mut superseded: Vec<String> = Vec::new();
        match Plan::new(&self.world, &self.maps[i]) {
            Ok(plan) => {
                let mut journal = Journal::default();
                let queue = self.maps[i].status.queue();
                for change in batch {
                    match sync::play_back(
                        &plan,
                        &mut self.world,
                        &change,
                        queue,
                        available,
                        &mut journal,
                    ) {
                        Ok(outcome) => {
                            played += 1;
                            superseded.extend(
                                outcome
                                    .superseded
                                    .iter()
                                    .map(|cell| describe_superseded(&change, cell)),
                            );
                        }
                        Err(e) => failures.push((change, e)),
                    }
                }
            }
            Err(e) => {
                let e = SyncError::InvalidMap(e.to_string());
                failures.extend(batch.into_iter().map(|c| (c, e.clone())));
            }
        }
        self.maps[i].played_back += played;
        let superseded_count = superseded.len() as u64;
        for line in superseded {
            self.log_now(i, line);
        }
        let failed = failures.len() as u64;
        for (change, e) in failures {
            // Alerts act only on Running maps, so a catch-up is never cut short.
            self.count_error(i, e.error_type(), events);
            self.catch_up_error(i, change, e.to_string(), events);
        }
        events.push(Event::CatchUpProgress {
            map: self.maps[i].name.clone(),
            played,
            failed,
            superseded: superseded_count,
            done,
            total,
        });
        if let MapStatus::Resuming { queue, .. } = &self.maps[i].status {
            if queue.changes.is_empty() {
                self.log_now(i, "Catch-up finished");
                self.set_status(i, MapStatus::Running, events);
            }
        }
    }
}

/// The activity log's line for a queued cell that a later change superseded.
fn describe_superseded(change: &QueuedChange, cell: &sync::SupersededCell) -> String {
    let key = change
        .key
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let (from, to) = (change.origin, change.origin.other());
    match &cell.mapping {
        Some(mapping) => format!(
            "Catch-up: row ({key}), {mapping}: the queued {from} value '{}' (change {}) was superseded by a later {to} change; both sides keep '{}'",
            cell.queued, change.seq, cell.kept
        ),
        None => format!(
            "Catch-up: the queued {from} delete of row ({key}) (change {}) was superseded by a later {to} change; the row is kept",
            change.seq
        ),
    }
}
