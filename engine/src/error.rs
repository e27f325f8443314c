//! Every way a command can be refused, as typed errors whose messages a trainee reads.

use thiserror::Error;

use crate::faults::Fault;
use crate::map::{Action, ErrorType, StatusKind};
use crate::world::Side;

/// A write refused by the side it was made on.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum WriteError {
    /// No such table on that side.
    #[error("{side} has no table '{table}'")]
    UnknownTable {
        /// Side looked at.
        side: Side,
        /// Name asked for.
        table: String,
    },
    /// No such column.
    #[error("table '{table}' has no column '{column}'")]
    UnknownColumn {
        /// Table.
        table: String,
        /// Name asked for.
        column: String,
    },
    /// No such row.
    #[error("table '{table}' has no row {row}")]
    UnknownRow {
        /// Table.
        table: String,
        /// The row asked for.
        row: String,
    },
    /// A value does not fit its column.
    #[error("{table}.{column}: {reason}")]
    BadValue {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// What is wrong.
        reason: String,
    },
    /// A key column is empty.
    #[error("{table}.{column} is part of the key and cannot be empty")]
    EmptyKey {
        /// Table.
        table: String,
        /// Key column.
        column: String,
    },
    /// Another row already has this key.
    #[error("{side} table '{table}' already has a row with the key ({key})")]
    DuplicateKey {
        /// Side.
        side: Side,
        /// Table.
        table: String,
        /// The key, as text.
        key: String,
    },
    /// A lookup cell points at no row.
    #[error(
        "The value '{value}' in field '{field}' was not found in the related table '{target}'."
    )]
    LookupNotFound {
        /// Side.
        side: Side,
        /// The lookup column.
        field: String,
        /// The related table.
        target: String,
        /// The value looked for.
        value: String,
    },
    /// The side refuses writes, as its fault switch says.
    #[error("{}", .fault.message(*.side))]
    Refused {
        /// Side.
        side: Side,
        /// How it fails.
        fault: Fault,
    },
}

/// Why one row could not be written through a table map (initial sync, live sync or
/// catch-up). Messages follow the product's wording where it is documented.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SyncError {
    /// A lookup of the row has no target on the other side.
    #[error("Couldn't resolve the guid for the field: {field}. The lookup wasn't found: {value}.")]
    LookupNotFound {
        /// The mapped field, `relationship.column` on Dataverse.
        field: String,
        /// The value looked for.
        value: String,
    },
    /// A value has no entry in the mapping's value map.
    #[error("The value '{value}' of field {field} has no entry in the value map.")]
    NoValueMapEntry {
        /// The source field.
        field: String,
        /// The value.
        value: String,
    },
    /// The other side refused the write.
    #[error("{0}")]
    Write(WriteError),
    /// The map no longer fits its tables.
    #[error("{0}")]
    InvalidMap(String),
}

impl SyncError {
    /// The alert error type this failure counts as (model choice: data errors are
    /// application errors, refused keys are 400 Bad Request, a side's fault its own code).
    pub fn error_type(&self) -> ErrorType {
        match self {
            SyncError::LookupNotFound { .. }
            | SyncError::NoValueMapEntry { .. }
            | SyncError::InvalidMap(_) => ErrorType::ApplicationError,
            SyncError::Write(WriteError::Refused { fault, .. }) => fault.error_type(),
            SyncError::Write(WriteError::LookupNotFound { .. }) => ErrorType::ApplicationError,
            SyncError::Write(_) => ErrorType::BadRequest,
        }
    }
}

impl From<WriteError> for SyncError {
    fn from(e: WriteError) -> SyncError {
        SyncError::Write(e)
    }
}

/// A refused command. The state never changes when a command is refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CommandError {
    /// No map of that name.
    #[error("there is no table map named '{0}'")]
    UnknownMap(String),
    /// Customers cannot be generated now (no customers tables, or a map on them that is
    /// not Not running; a count out of range is [`CommandError::BadSetting`]).
    #[error("Generate customers: {0}")]
    Generate(String),
    /// The action is not offered in the map's status.
    #[error("{action} is not available for '{map}': it is {status}, which allows {}", allowed_list(.allowed))]
    NotAllowed {
        /// The map that blocked the action.
        map: String,
        /// The action asked for.
        action: Action,
        /// The map's status.
        status: StatusKind,
        /// What that status allows.
        allowed: Vec<Action>,
    },
    /// No map was selected.
    #[error("select at least one table map")]
    NothingSelected,
    /// The same map was selected twice.
    #[error("'{0}' is selected twice")]
    SelectedTwice(String),
    /// The Dataverse table has no alternate key matching the integration key.
    #[error("'{map}' cannot run: the Dataverse table '{table}' has no alternate key on ({}), the columns the integration key maps to", .columns.join(", "))]
    MissingAlternateKey {
        /// Map.
        map: String,
        /// Dataverse table.
        table: String,
        /// The columns the key must have.
        columns: Vec<String>,
    },
    /// The map's definition is inconsistent with the tables.
    #[error("'{map}' is not valid: {reason}")]
    InvalidMap {
        /// Map.
        map: String,
        /// What is wrong.
        reason: String,
    },
    /// Mappings, filters and keys can be edited only while Not running.
    #[error("'{map}' is {status}: to edit its {edit}, {}", status.before_editing().unwrap_or("nothing is needed first"))]
    EditWhileActive {
        /// Map.
        map: String,
        /// Its status.
        status: StatusKind,
        /// What was to be edited.
        edit: Edit,
    },
    /// Rerun execution needs a failed initial sync.
    #[error("'{0}' has no failed initial sync to rerun: Rerun execution needs a map that is Not running after an initial sync with errors")]
    NothingToRerun(String),
    /// A filter did not parse.
    #[error("filter of '{map}': {error}")]
    BadFilter {
        /// Map.
        map: String,
        /// The parse error.
        error: crate::filter::FilterError,
    },
    /// Catch-up errors are retried only while the map is Running.
    #[error("Catch-up errors of '{map}' can be retried only while it is Running: it is {status}")]
    RetryNotRunning {
        /// Map.
        map: String,
        /// Its status.
        status: StatusKind,
    },
    /// No catch-up error with that number.
    #[error("'{map}' has no catch-up error {id}")]
    UnknownCatchUpError {
        /// Map.
        map: String,
        /// The number asked for.
        id: u64,
    },
    /// A write was refused by its own side.
    #[error("{0}")]
    Write(#[from] WriteError),
    /// A write was rolled back because dual-write could not write it to the other side.
    #[error("The change was rolled back on both sides: table map '{map}' could not write it to {side}: {error}")]
    RolledBack {
        /// The map whose write failed.
        map: String,
        /// The side it could not write.
        side: Side,
        /// Why.
        error: Box<SyncError>,
        /// What the failure still caused: an alert whose threshold it reached, and the
        /// status change that alert made (the error counts although the rows roll back).
        events: Vec<crate::sim::Event>,
    },
    /// A row's integration key cannot change while a map that syncs it holds a queue.
    #[error("The integration key of this row cannot change while '{map}' is {status}: its queued changes find their rows by key. {}", capitalised(until_played(*status)))]
    KeyChangeWhilePaused {
        /// The paused map.
        map: String,
        /// Its status (Paused or Resuming).
        status: StatusKind,
    },
    /// A paused or resuming map's queue is full.
    #[error("The queue of '{map}' is full ({capacity} changes), so it takes no more changes to its rows: {}", until_played(*status))]
    QueueFull {
        /// Map.
        map: String,
        /// Its capacity.
        capacity: usize,
        /// Its status (Paused or Resuming).
        status: StatusKind,
    },
    /// A setting is out of range: which one, and why.
    #[error("{reason}")]
    BadSetting {
        /// The setting refused.
        setting: Setting,
        /// Why, in words.
        reason: String,
    },
}

/// What of a map an edit changes, which only a Not running map allows
/// ([`CommandError::EditWhileActive`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Its table mappings (and their transforms).
    Mappings,
    /// Its filters.
    Filters,
}

impl std::fmt::Display for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Edit::Mappings => "mappings",
            Edit::Filters => "filters",
        })
    }
}

/// A setting a command carries, named when the engine refuses its value
/// ([`CommandError::BadSetting`]), so that a form can mark the field that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The simulator's rows per tick.
    RowsPerTick,
    /// The number of ticks at once.
    Ticks,
    /// A map's queue capacity.
    QueueCapacity,
    /// An alert's error count.
    AlertCount,
    /// An alert's time window.
    AlertWindow,
    /// An alert's error count and its time window, both.
    AlertCountAndWindow,
    /// An alert's recipients.
    AlertRecipients,
    /// Generate's count of customers.
    CustomerCount,
}

impl CommandError {
    /// The events a refused command still caused: a live write rolled back by dual-write
    /// whose error reached an alert reports the alert and what it did; none otherwise.
    pub fn events(&self) -> &[crate::sim::Event] {
        match self {
            CommandError::RolledBack { events, .. } => events,
            _ => &[],
        }
    }
}

fn allowed_list(allowed: &[Action]) -> String {
    if allowed.is_empty() {
        "no action".to_string()
    } else {
        allowed
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What empties a map's queue, by its status: a Paused map is resumed; a Resuming one is
/// catching up already.
fn until_played(status: StatusKind) -> &'static str {
    match status {
        StatusKind::Resuming => {
            "let its catch-up play the queue back first (Tick, Play or Run until idle), or choose Skip to live sync"
        }
        _ => "resume the map and let it catch up first",
    }
}

/// `text` with its first letter a capital.
fn capitalised(text: &str) -> String {
    let mut letters = text.chars();
    letters
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + letters.as_str())
        .unwrap_or_default()
}
