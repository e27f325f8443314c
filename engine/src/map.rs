//! Table maps: what links a FinOps entity to a Dataverse table, and the lifecycle state
//! that each map carries.
//!
//! **Invariant:** a map's status holds exactly the data that status needs (a queue only
//! while Paused or Resuming, progress only while Initializing or Resuming), so a Running
//! map cannot hold a half-played queue.

use std::fmt;

use imbl::{GenericHashMap, Vector};
use rustc_hash::FxBuildHasher;
use serde::Serialize;
use smol_str::SmolStr;

use crate::filter::Filter;
use crate::value::Value;
use crate::world::Side;

/// Direction of a column mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Direction {
    /// Both ways (`=`, or `<>` with a transform).
    #[serde(rename = "=")]
    Both,
    /// Finance and operations to Dataverse only (`>`, `>>`).
    #[serde(rename = ">>")]
    ToDataverse,
    /// Dataverse to finance and operations only (`<`, `<<`).
    #[serde(rename = "<<")]
    ToFinOps,
}

impl Direction {
    /// Every direction, two-way first.
    pub const ALL: [Direction; 3] = [Direction::Both, Direction::ToDataverse, Direction::ToFinOps];

    /// The direction in words, for people and screen readers (the symbol alone says little).
    pub fn describe(self) -> &'static str {
        match self {
            Direction::Both => "two-way",
            Direction::ToDataverse => "one-way, finance and operations apps to Dataverse",
            Direction::ToFinOps => "one-way, Dataverse to finance and operations apps",
        }
    }

    /// The direction in a few words, for a list where the symbol comes first:
    /// `to Dataverse`.
    pub fn short(self) -> &'static str {
        match self {
            Direction::Both => "two-way",
            Direction::ToDataverse => "to Dataverse",
            Direction::ToFinOps => "to finance and operations",
        }
    }

    /// Whether values flow from `side` to the other side.
    pub fn flows_from(self, side: Side) -> bool {
        match self {
            Direction::Both => true,
            Direction::ToDataverse => side == Side::FinOps,
            Direction::ToFinOps => side == Side::Dataverse,
        }
    }

    /// The symbol the product shows, which differs when a transform is present.
    pub fn symbol(self, has_transform: bool) -> &'static str {
        match (self, has_transform) {
            (Direction::Both, false) => "=",
            (Direction::Both, true) => "<>",
            (Direction::ToDataverse, false) => ">",
            (Direction::ToDataverse, true) => "→",
            (Direction::ToFinOps, false) => "<",
            (Direction::ToFinOps, true) => "←",
        }
    }
}

/// A transform on a column mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transform {
    /// FinOps value <-> Dataverse value pairs, for example `Yes <-> 1`.
    ValueMap(Vec<(Value, Value)>),
    /// Written to the target when the source is empty.
    Default(Value),
}

/// One column mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ColumnMapping {
    /// FinOps column.
    pub finops: String,
    /// Dataverse field: a column, or `relationship.column` for a lookup.
    pub dataverse: String,
    /// Direction of the flow.
    pub direction: Direction,
    /// Optional transform.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transform: Option<Transform>,
}

impl ColumnMapping {
    /// A plain both-ways mapping.
    pub fn both(finops: &str, dataverse: &str) -> ColumnMapping {
        ColumnMapping {
            finops: finops.into(),
            dataverse: dataverse.into(),
            direction: Direction::Both,
            transform: None,
        }
    }

    /// A mapping with a direction.
    pub fn new(finops: &str, direction: Direction, dataverse: &str) -> ColumnMapping {
        ColumnMapping {
            direction,
            ..ColumnMapping::both(finops, dataverse)
        }
    }

    /// The same mapping with a transform.
    pub fn with(mut self, transform: Transform) -> ColumnMapping {
        self.transform = Some(transform);
        self
    }

    /// The Dataverse column (the relationship, for a lookup field).
    pub fn dataverse_column(&self) -> &str {
        self.dataverse
            .split_once('.')
            .map_or(self.dataverse.as_str(), |(c, _)| c)
    }

    /// The column of the related table that a lookup field names.
    pub fn lookup_column(&self) -> Option<&str> {
        self.dataverse.split_once('.').map(|(_, c)| c)
    }

    /// The column on a side.
    pub fn column(&self, side: Side) -> &str {
        match side {
            Side::FinOps => &self.finops,
            Side::Dataverse => self.dataverse_column(),
        }
    }

    /// The field name as written in the product on a side (with its relationship).
    pub fn field(&self, side: Side) -> &str {
        match side {
            Side::FinOps => &self.finops,
            Side::Dataverse => &self.dataverse,
        }
    }

    /// How the product shows the mapping: `ORGANIZATIONNAME = name`.
    pub fn label(&self) -> String {
        format!(
            "{} {} {}",
            self.finops,
            self.direction.symbol(self.transform.is_some()),
            self.dataverse
        )
    }
}

/// User actions on table maps, as the product labels them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Action {
    /// Run (on Not running) or resume (on Paused).
    Run,
    /// Stop a Running map.
    Stop,
    /// Pause a Running map.
    Pause,
    /// Skip the rest of a catch-up.
    SkipToLiveSync,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Run => "Run",
            Action::Stop => "Stop",
            Action::Pause => "Pause",
            Action::SkipToLiveSync => "Skip to live sync",
        })
    }
}

/// A status without its data, for messages and lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum StatusKind {
    /// Not enabled.
    NotRunning,
    /// Initial write under way.
    Initializing,
    /// Live dual-write on.
    Running,
    /// Changes queued.
    Paused,
    /// Queue played back.
    Resuming,
}

impl StatusKind {
    /// The actions offered in this status: the one table the engine, the buttons and the
    /// help text all read.
    pub fn allowed(self) -> &'static [Action] {
        match self {
            StatusKind::NotRunning => &[Action::Run],
            StatusKind::Initializing => &[],
            StatusKind::Running => &[Action::Stop, Action::Pause],
            StatusKind::Paused => &[Action::Run],
            StatusKind::Resuming => &[Action::SkipToLiveSync],
        }
    }

    /// Whether `action` is offered.
    pub fn allows(self, action: Action) -> bool {
        self.allowed().contains(&action)
    }

    /// What a map in this status needs first for its mappings and filters to be edited
    /// (they are, only while Not running), by the actions each status offers: only a
    /// Running map can be stopped. `None` when Not running: nothing is needed.
    pub fn before_editing(self) -> Option<&'static str> {
        match self {
            StatusKind::NotRunning => None,
            StatusKind::Running => Some("stop it"),
            StatusKind::Paused => {
                Some("resume it (Resume, or Run), then stop it once it is Running")
            }
            StatusKind::Initializing => {
                Some("let its initial sync end, then stop it if it is Running")
            }
            StatusKind::Resuming => {
                Some("let its catch-up end (or Skip to live sync), then stop it")
            }
        }
    }
}

impl fmt::Display for StatusKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StatusKind::NotRunning => "Not running",
            StatusKind::Initializing => "Initializing",
            StatusKind::Running => "Running",
            StatusKind::Paused => "Paused",
            StatusKind::Resuming => "Resuming",
        })
    }
}

/// Kind of change captured in a queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChangeKind {
    /// A row was created.
    Create,
    /// A row was updated.
    Update,
    /// A row was deleted.
    Delete,
}

/// A change made while a map was paused, waiting to be played back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QueuedChange {
    /// Order of the change in the map's queue, from 1.
    pub seq: u64,
    /// Simulated time it was made.
    pub time: u64,
    /// Side it was made on.
    pub origin: Side,
    /// What happened.
    pub kind: ChangeKind,
    /// Integration key of the row before the change.
    pub key: Vec<Value>,
    /// The row's cells after the change (none for a delete).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<Vec<(SmolStr, Value)>>,
    /// For an update, the columns it changed: playback writes only these, so that
    /// changes made on both sides during a pause are replayed as changes, not as whole
    /// rows that would undo each other.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<SmolStr>,
}

impl QueuedChange {
    /// What an update changed, in words: each column it changed with the value it wrote
    /// (`NAME = "A"`), the first three and how many more; empty for a create or a delete.
    pub fn changes_in_words(&self) -> String {
        let Some(row) = self
            .row
            .as_deref()
            .filter(|_| self.kind == ChangeKind::Update)
        else {
            return String::new();
        };
        crate::value::cells_in_words(self.changed.iter().map(|name| {
            let value = row.iter().find(|(n, _)| n == name).map(|(_, v)| v);
            (name.as_str(), value)
        }))
    }
}

/// A queued change that failed on playback or was preserved by "Skip to live sync".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CatchUpError {
    /// Number of the error, unique in the map.
    pub id: u64,
    /// The change.
    pub change: QueuedChange,
    /// Why it is here.
    pub message: String,
    /// Whether a retry succeeded.
    pub retry: RetryStatus,
    /// How many times it was retried (a retry that failed again leaves it Pending, with
    /// the new reason as its message).
    #[serde(skip_serializing_if = "is_zero")]
    pub retries: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl CatchUpError {
    /// Its retry status in words, as the Catch-up errors tab shows it: "Pending",
    /// "Pending (retried 2 times, failed again)" or "Completed".
    pub fn status_in_words(&self) -> String {
        match (self.retry, self.retries) {
            (RetryStatus::Completed, _) => "Completed".into(),
            (RetryStatus::Pending, 0) => "Pending".into(),
            (RetryStatus::Pending, 1) => "Pending (retried 1 time, failed again)".into(),
            (RetryStatus::Pending, n) => format!("Pending (retried {n} times, failed again)"),
        }
    }
}

/// Retry status of a catch-up error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RetryStatus {
    /// Not yet applied.
    Pending,
    /// Applied by a retry.
    Completed,
}

/// What a paused map's queue and a Resuming map's cursor hold.
///
/// Changes join through [`Queue::push`], which keeps an index of the latest change each
/// side made to each row and each of its columns, so that playback finds with one hash
/// look-up whether a later change supersedes a cell (see [`Queue::later_changes`]). The
/// index is derived from the changes: it is not saved, and is rebuilt when a queue is
/// read.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Queue {
    /// Changes in the order they were made (read-only: add with [`Queue::push`]).
    pub changes: Vector<QueuedChange>,
    /// Simulated time the oldest pending change was queued, or the pause began.
    pub since: u64,
    #[serde(skip)]
    latest: LatestChanges,
}

/// Equal when they hold the same changes since the same time; the index follows from them.
impl PartialEq for Queue {
    fn eq(&self, other: &Queue) -> bool {
        self.since == other.since && self.changes == other.changes
    }
}

impl Eq for Queue {}

/// For each side and integration key, the sequence numbers of the latest queued changes
/// that side made to the row: a create, a delete, and each column (an update; a row
/// entering the filter lists every column).
#[derive(Clone, Debug, Default)]
struct LatestChanges(
    GenericHashMap<Vec<Value>, [Touched; 2], FxBuildHasher, imbl::shared_ptr::DefaultSharedPtr>,
);

#[derive(Clone, Debug, Default)]
struct Touched {
    /// Latest create of the row.
    row: u64,
    /// Latest delete of the row.
    deleted: u64,
    /// Latest change to each column, by column name.
    columns: Vec<(SmolStr, u64)>,
}

impl Touched {
    fn column(&self, name: &str) -> u64 {
        let col = self
            .columns
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, s)| *s);
        col.max(self.row).max(self.deleted)
    }

    /// The latest change that leaves the row there (a create or an update).
    fn kept(&self) -> u64 {
        self.columns
            .iter()
            .map(|(_, s)| *s)
            .fold(self.row, u64::max)
    }
}

/// What one side changed of one row in a queue (see [`Queue::later_changes`]).
#[derive(Clone, Copy, Debug)]
pub struct LaterChanges<'a>(&'a Touched);

impl LaterChanges<'_> {
    /// The number of the latest change after `seq` that changed `column` (a column of
    /// that side's table: created, updated or deleted it), or with `None` that left the
    /// row there (a create or an update: a delete after a delete supersedes nothing).
    pub fn supersede(self, column: Option<&str>, seq: u64) -> Option<u64> {
        let latest = match column {
            Some(c) => self.0.column(c),
            None => self.0.kept(),
        };
        (latest > seq).then_some(latest)
    }
}

impl Queue {
    /// An empty queue, paused since `since`.
    pub fn new(since: u64) -> Queue {
        Queue {
            changes: Vector::new(),
            since,
            latest: LatestChanges::default(),
        }
    }

    /// Adds a change at the end of the queue.
    pub fn push(&mut self, change: QueuedChange) {
        let touched =
            &mut self.latest.0.entry(change.key.clone()).or_default()[change.origin.index()];
        match change.kind {
            ChangeKind::Update => {
                for name in &change.changed {
                    match touched.columns.iter_mut().find(|(n, _)| n == name) {
                        Some((_, seq)) => *seq = (*seq).max(change.seq),
                        None => touched.columns.push((name.clone(), change.seq)),
                    }
                }
            }
            ChangeKind::Create => touched.row = touched.row.max(change.seq),
            ChangeKind::Delete => touched.deleted = touched.deleted.max(change.seq),
        }
        self.changes.push_back(change);
    }

    /// Takes the first `n` changes (all when `n` is larger) off the queue, oldest first.
    pub fn take(&mut self, n: usize) -> Vector<QueuedChange> {
        if n >= self.changes.len() {
            std::mem::take(&mut self.changes)
        } else {
            let rest = self.changes.split_off(n);
            std::mem::replace(&mut self.changes, rest)
        }
    }

    /// The changes `side` made later in this queue to the row with integration key
    /// `key`, if it made any.
    pub fn later_changes(&self, side: Side, key: &[Value]) -> Option<LaterChanges<'_>> {
        let touched = &self.latest.0.get(key)?[side.index()];
        (touched.row > 0 || touched.deleted > 0 || !touched.columns.is_empty())
            .then_some(LaterChanges(touched))
    }
}

/// Status of a table map with the data that status carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MapStatus {
    /// Not enabled.
    #[default]
    NotRunning,
    /// The initial write is copying rows: `done` of `total` rows read.
    Initializing {
        /// Rows processed so far.
        done: u64,
        /// Rows to process.
        total: u64,
        /// The sync under way, once its first batch was read.
        #[serde(skip_serializing_if = "Option::is_none")]
        work: Option<Box<crate::sync::InitialWork>>,
    },
    /// Live dual-write.
    Running,
    /// Changes are queued.
    Paused {
        /// The queue.
        queue: Queue,
    },
    /// The queue is being played back: `done` of `total` changes.
    Resuming {
        /// What is left.
        queue: Queue,
        /// Changes played back so far.
        done: u64,
        /// Changes to play back (grows when writes join the queue).
        total: u64,
    },
}

impl MapStatus {
    /// The status without its data.
    pub fn kind(&self) -> StatusKind {
        match self {
            MapStatus::NotRunning => StatusKind::NotRunning,
            MapStatus::Initializing { .. } => StatusKind::Initializing,
            MapStatus::Running => StatusKind::Running,
            MapStatus::Paused { .. } => StatusKind::Paused,
            MapStatus::Resuming { .. } => StatusKind::Resuming,
        }
    }

    /// The queue, while Paused or Resuming.
    pub fn queue(&self) -> Option<&Queue> {
        match self {
            MapStatus::Paused { queue } | MapStatus::Resuming { queue, .. } => Some(queue),
            _ => None,
        }
    }

    /// Progress as (done, total), while Initializing or Resuming.
    pub fn progress(&self) -> Option<(u64, u64)> {
        match self {
            MapStatus::Initializing { done, total, .. }
            | MapStatus::Resuming { done, total, .. } => Some((*done, *total)),
            _ => None,
        }
    }
}

/// Error types an alert counts, as the product lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ErrorType {
    /// Application error.
    ApplicationError,
    /// 400 Bad Request.
    BadRequest,
    /// 401 Unauthorized / 403 Forbidden.
    Unauthorized,
    /// 502 Bad Gateway.
    BadGateway,
    /// 503 Service Unavailable.
    ServiceUnavailable,
    /// 429 Too Many Requests.
    TooManyRequests,
}

impl ErrorType {
    /// Every error type, in the order the product lists them.
    pub const ALL: [ErrorType; 6] = [
        ErrorType::ApplicationError,
        ErrorType::BadRequest,
        ErrorType::Unauthorized,
        ErrorType::BadGateway,
        ErrorType::ServiceUnavailable,
        ErrorType::TooManyRequests,
    ];
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorType::ApplicationError => "Application error",
            ErrorType::BadRequest => "400 Bad Request",
            ErrorType::Unauthorized => "401 Unauthorized/403 Forbidden",
            ErrorType::BadGateway => "502 Bad Gateway",
            ErrorType::ServiceUnavailable => "503 Service Unavailable",
            ErrorType::TooManyRequests => "429 Too Many Requests",
        })
    }
}

/// What an alert does when its threshold is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AlertAction {
    /// Only log.
    None,
    /// Stop the map.
    Stop,
    /// Pause the map.
    Pause,
}

impl AlertAction {
    /// Every action, the ones that act first.
    pub const ALL: [AlertAction; 3] = [AlertAction::Pause, AlertAction::Stop, AlertAction::None];
}

impl fmt::Display for AlertAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AlertAction::None => "None",
            AlertAction::Stop => "Stop",
            AlertAction::Pause => "Pause",
        })
    }
}

/// "Pause after 10 application errors in 15 minutes".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlertSetting {
    /// Error type counted.
    pub error_type: ErrorType,
    /// Errors that trigger the action.
    pub count: u32,
    /// Window, in simulated minutes.
    pub window_minutes: u64,
    /// Action taken.
    pub action: AlertAction,
    /// Who is told when it fires: emails separated by commas (one person or a group, as
    /// in the product); empty for nobody. The simulator notifies in the activity log.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub recipients: String,
}

impl AlertSetting {
    /// The recipients, each trimmed and once, empty ones left out.
    pub fn recipient_list(&self) -> Vec<&str> {
        let mut list: Vec<&str> = Vec::new();
        for r in self.recipients.split(',').map(str::trim) {
            // Each once (addresses compare without case), in the order given.
            if !r.is_empty() && !list.iter().any(|k| k.eq_ignore_ascii_case(r)) {
                list.push(r);
            }
        }
        list
    }

    /// Whether `other` is the same setting (error type, count, window and action): a
    /// second one would only say the same twice.
    pub fn same_setting(&self, other: &AlertSetting) -> bool {
        (
            self.error_type,
            self.count,
            self.window_minutes,
            self.action,
        ) == (
            other.error_type,
            other.count,
            other.window_minutes,
            other.action,
        )
    }
}

/// One line of a map's activity log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    /// Simulated time, in minutes.
    pub time: u64,
    /// What happened.
    pub message: String,
}

/// Counts of one leg of an initial sync.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LegCounts {
    /// Rows read on the source side.
    pub read: u64,
    /// Rows created on the target side.
    pub created: u64,
    /// Rows updated on the target side.
    pub updated: u64,
    /// Rows that failed.
    pub failed: u64,
}

/// A merge conflict settled by the master.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Integration key of the row.
    pub key: String,
    /// The mapping, as `FINOPS = dataverse`.
    pub column: String,
    /// FinOps value before the sync.
    pub finops: Value,
    /// Dataverse value before the sync.
    pub dataverse: Value,
    /// The side whose value was kept.
    pub winner: Side,
}

/// A row that an initial sync could not write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// Leg, by source side.
    pub source: Side,
    /// Integration key of the row.
    pub key: String,
    /// Field that failed.
    pub field: String,
    /// The message.
    pub message: String,
}

/// Result of an execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ExecutionStatus {
    /// No row failed.
    Completed,
    /// Some rows failed.
    Error,
}

/// One initial sync execution of one map, as the Initial sync details tab shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Execution {
    /// Execution name, `DWM-000001`.
    pub id: String,
    /// Simulated time it finished.
    pub time: u64,
    /// Master for initial sync used.
    pub master: Side,
    /// FinOps to Dataverse leg.
    pub to_dataverse: LegCounts,
    /// Dataverse to FinOps leg.
    pub to_finops: LegCounts,
    /// Conflicts settled.
    pub conflicts: Vector<Conflict>,
    /// Rows that failed.
    pub errors: Vector<RowError>,
    /// Completed or Error.
    pub status: ExecutionStatus,
}

/// A table map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableMap {
    /// Name, unique (`Customers V3`).
    pub name: String,
    /// FinOps entity.
    pub finops_table: String,
    /// Dataverse table.
    pub dataverse_table: String,
    /// Column mappings.
    pub mappings: Vec<ColumnMapping>,
    /// Filter on FinOps rows.
    pub finops_filter: Filter,
    /// Filter on Dataverse rows.
    pub dataverse_filter: Filter,
    /// Master for initial sync (default Dataverse).
    pub master: Side,
    /// Alert settings, applied at the next run.
    pub alerts: Vec<AlertSetting>,
    /// Queue capacity while paused.
    pub queue_capacity: usize,
    /// Status and its data.
    pub status: MapStatus,
    /// Alert settings in force since the last run.
    pub active_alerts: Vec<AlertSetting>,
    /// Errors counted for alerts: (time, type).
    pub error_times: Vector<(u64, ErrorType)>,
    /// Activity log.
    pub log: Vector<LogEntry>,
    /// Initial sync executions, oldest first.
    pub executions: Vector<Execution>,
    /// Catch-up errors.
    pub catch_up_errors: Vector<CatchUpError>,
    /// Number of the next queued change.
    pub next_seq: u64,
    /// Queued changes played back successfully by catch-ups.
    pub played_back: u64,
    /// Queued changes discarded by "Skip to live synchronization and discard".
    pub discarded: u64,
}

/// Default queue capacity of a paused map (model choice: stands for the product's 1 GB).
pub const DEFAULT_QUEUE_CAPACITY: usize = 1000;

impl AsRef<TableMap> for TableMap {
    fn as_ref(&self) -> &TableMap {
        self
    }
}

impl TableMap {
    /// A new map, Not running, with Dataverse as master.
    pub fn new(name: &str, finops_table: &str, dataverse_table: &str) -> TableMap {
        TableMap {
            name: name.into(),
            finops_table: finops_table.into(),
            dataverse_table: dataverse_table.into(),
            mappings: Vec::new(),
            finops_filter: Filter::default(),
            dataverse_filter: Filter::default(),
            master: Side::Dataverse,
            alerts: Vec::new(),
            queue_capacity: DEFAULT_QUEUE_CAPACITY,
            status: MapStatus::NotRunning,
            active_alerts: Vec::new(),
            error_times: Vector::new(),
            log: Vector::new(),
            executions: Vector::new(),
            catch_up_errors: Vector::new(),
            next_seq: 1,
            played_back: 0,
            discarded: 0,
        }
    }

    /// The table on a side.
    pub fn table(&self, side: Side) -> &str {
        match side {
            Side::FinOps => &self.finops_table,
            Side::Dataverse => &self.dataverse_table,
        }
    }

    /// The filter on a side.
    pub fn filter(&self, side: Side) -> &Filter {
        match side {
            Side::FinOps => &self.finops_filter,
            Side::Dataverse => &self.dataverse_filter,
        }
    }

    /// How the product lists the map: `Customers V3 (accounts)`.
    pub fn title(&self) -> String {
        format!("{} ({})", self.name, self.dataverse_table)
    }

    /// Whether the last initial sync failed (what Rerun execution reruns).
    pub fn last_execution_failed(&self) -> bool {
        self.executions
            .last()
            .is_some_and(|e| e.status == ExecutionStatus::Error)
    }

    /// Catch-up errors not yet retried successfully.
    pub fn pending_catch_up_errors(&self) -> usize {
        self.catch_up_errors
            .iter()
            .filter(|e| e.retry == RetryStatus::Pending)
            .count()
    }

    /// The ids of the catch-up errors still to retry.
    pub fn pending_catch_up_error_ids(&self) -> Vec<u64> {
        self.catch_up_errors
            .iter()
            .filter(|e| e.retry == RetryStatus::Pending)
            .map(|e| e.id)
            .collect()
    }

    /// Adds a line to the activity log.
    pub fn log(&mut self, time: u64, message: impl Into<String>) {
        self.log.push_back(LogEntry {
            time,
            message: message.into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_actions_read_as_the_product_names_them() {
        let names: Vec<String> = AlertAction::ALL.iter().map(|a| a.to_string()).collect();
        assert_eq!(names, ["Pause", "Stop", "None"]);
    }
}
