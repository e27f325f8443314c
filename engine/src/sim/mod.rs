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
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;
use smol_str::SmolStr;

use crate::error::{CommandError, Edit, Setting, SyncError, WriteError};
use crate::filter::Filter;
use crate::graph::{Dependencies, RelatedMaps};
use crate::map::{
    Action, AlertAction, AlertSetting, CatchUpError, ChangeKind, ColumnMapping, ErrorType,
    ExecutionStatus, MapStatus, Queue, QueuedChange, RetryStatus, StatusKind, TableMap,
};
use crate::sync::{self, Availability, Plan, Propagated, Source};
use crate::value::{describe_key, thousands, Value};
use crate::world::{Journal, RowId, Side, World};

/// Whether a recipient reads as an email address: a name, one `@`, a domain with a dot,
/// no spaces (the product asks for emails; the simulator sends none).
fn looks_like_an_email(r: &str) -> bool {
    match r.split_once('@') {
        Some((name, domain)) => {
            !name.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !r.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// What the activity log and the feed say of an alert whose action was not taken (model
/// choice: only a Running map is paused or stopped by an alert).
pub const NOT_TAKEN: &str = "not taken: only a Running map is paused or stopped by an alert";

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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

mod alerts;
mod catch_up;
mod command;
pub mod generate;
mod lifecycle;
mod live;

pub use crate::faults::{Fault, Faults};
pub(crate) use command::default_seed;
pub(crate) use command::LEFT_FILTER;
pub use command::{
    Command, Event, InTense, InitialSync, NotSyncedReason, ResumeOption, RowRef, RunEntry, Tense,
};

/// The whole simulation state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Simulator {
    /// Both systems.
    #[serde(serialize_with = "crate::format::world_serde::serialize")]
    pub world: World,
    /// Table maps, in list order. Each is shared (`Arc`) so that the history keeps a
    /// command's maps by reference and a command copies only the maps it changes
    /// (through [`Simulator::map_mut`], copy on write).
    pub maps: Vec<Arc<TableMap>>,
    /// Simulated time, in minutes.
    pub clock: u64,
    /// Settings.
    pub settings: Settings,
    /// Fault switches.
    pub faults: Faults,
    /// Maps waiting for their initial write, in run order; the first one progresses.
    pub init_order: Vec<String>,
    /// Number of the next initial sync execution.
    pub next_execution: u64,
}

type Outcome = Result<Vec<Event>, CommandError>;
/// A command's progress events, one per map and kind: a command of many ticks (Run until
/// idle over 100,000 rows at 10 a tick) says how far each initial sync and catch-up went
/// in one event each, its counts summed, where the first of them was, rather than one a
/// tick.
fn fold_progress(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    // Where each map's progress event of each kind is in `out`.
    let mut at: FxHashMap<(bool, String), usize> = FxHashMap::default();
    for event in events {
        let key = match &event {
            Event::InitialSyncProgress { map, .. } => (true, map.clone()),
            Event::CatchUpProgress { map, .. } => (false, map.clone()),
            _ => {
                out.push(event);
                continue;
            }
        };
        let Some(&place) = at.get(&key) else {
            at.insert(key, out.len());
            out.push(event);
            continue;
        };
        match (&mut out[place], event) {
            (
                Event::InitialSyncProgress {
                    read, done, total, ..
                },
                Event::InitialSyncProgress {
                    read: more,
                    done: now,
                    total: of,
                    ..
                },
            ) => {
                *read += more;
                (*done, *total) = (now, of);
            }
            (
                Event::CatchUpProgress {
                    played,
                    failed,
                    superseded,
                    done,
                    total,
                    ..
                },
                Event::CatchUpProgress {
                    played: p,
                    failed: f,
                    superseded: s,
                    done: now,
                    total: of,
                    ..
                },
            ) => {
                *played += p;
                *failed += f;
                *superseded += s;
                (*done, *total) = (now, of);
            }
            (_, event) => out.push(event),
        }
    }
    out
}

impl Simulator {
    /// A simulator over a world and maps, clock at zero.
    pub fn new(world: World, maps: Vec<TableMap>) -> Simulator {
        Simulator {
            world,
            maps: maps.into_iter().map(Arc::new).collect(),
            clock: 0,
            settings: Settings::default(),
            faults: Faults::default(),
            init_order: Vec::new(),
            next_execution: 1,
        }
    }

    /// The map at place `i`, to change: copied first when the history shares it.
    pub(crate) fn map_mut(&mut self, i: usize) -> &mut TableMap {
        Arc::make_mut(&mut self.maps[i])
    }

    /// The map of that name.
    pub fn map(&self, name: &str) -> Result<&TableMap, CommandError> {
        self.maps
            .iter()
            .find(|m| m.name == name)
            .map(|m| &**m)
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

    /// Every map in layers of dependency, prerequisites first, with its cycle: what the
    /// dependency graph draws.
    pub fn layered(&self) -> crate::graph::Layered {
        Dependencies::new(&self.world, &self.maps).layered()
    }

    /// Maps a map depends on directly.
    pub fn depends_on(&self, name: &str) -> Vec<String> {
        Dependencies::new(&self.world, &self.maps).direct(name)
    }

    /// Maps that depend on a map directly (itself excluded), and whether it looks itself
    /// up: what the graph says under the drawing for the map selected.
    pub fn dependents_of(&self, name: &str) -> (Vec<String>, bool) {
        let d = Dependencies::new(&self.world, &self.maps);
        (d.direct_dependents(name), d.looks_itself_up(name))
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

    /// Why "Run until idle" has nothing to do: no map is Initializing or Resuming; `None`
    /// when one is.
    pub fn why_not_run_until_idle(&self) -> Option<String> {
        (!self.busy()).then(|| {
            "no map is Initializing or Resuming, so the clock has no work to run until idle".into()
        })
    }

    /// How many rows and queued changes the maps that are Initializing or Resuming have
    /// still to sync or play back: the work `RunUntilIdle` has ahead of it (a view says
    /// so before a long one).
    pub fn work_until_idle(&self) -> u64 {
        self.maps
            .iter()
            .filter_map(|m| m.status.progress())
            .map(|(done, total)| total.saturating_sub(done))
            .sum()
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
            Command::SkipToLiveSync { maps, preserve } => self.skip_to_live(maps, *preserve),
            Command::RerunExecution { maps } => self.rerun(maps),
            Command::RetryCatchUpErrors { map, ids } => self.retry(map, ids.as_deref()),
            Command::SetMappings { map, mappings } => {
                let i = self.editable(map, Edit::Mappings)?;
                let mut candidate = TableMap::clone(&self.maps[i]);
                candidate.mappings = mappings.clone();
                crate::sync::check_value_maps(&self.world, &candidate)?;
                self.maps[i] = Arc::new(candidate);
                self.log_now(i, "Column mappings changed");
                Ok(Vec::new())
            }
            Command::SetFilter { map, side, filter } => {
                let i = self.editable(map, Edit::Filters)?;
                let parsed = Filter::parse(filter).map_err(|error| CommandError::BadFilter {
                    map: map.clone(),
                    error,
                })?;
                let mut candidate = TableMap::clone(&self.maps[i]);
                // A literal no cell can equal reads, and is said: the command takes it,
                // as logs saved before this check replay.
                let table = self.world.tables(*side).get(candidate.table(*side));
                let never = parsed.never_equal(|c| table.and_then(|t| t.column(c)).map(|c| &c.ty));
                match side {
                    Side::FinOps => candidate.finops_filter = parsed,
                    Side::Dataverse => candidate.dataverse_filter = parsed,
                }
                Plan::new(&self.world, &candidate)?;
                self.maps[i] = Arc::new(candidate);
                self.log_now(i, format!("{side} filter set to '{filter}'"));
                let mut events = Vec::new();
                for why in never {
                    let message = format!(
                        "the {side} filter compares {why}, a value no cell of that column holds: == there keeps no row, != every row"
                    );
                    self.log_now(i, format!("Warning: {message}"));
                    events.push(Event::Warning {
                        map: map.clone(),
                        message,
                    });
                }
                Ok(events)
            }
            Command::SetMaster { map, master } => {
                let i = self.index(map)?;
                self.map_mut(i).master = *master;
                Ok(Vec::new())
            }
            Command::SetAlerts { map, alerts } => {
                let i = self.index(map)?;
                if let Some(a) = alerts
                    .iter()
                    .find(|a| a.count == 0 || a.window_minutes == 0)
                {
                    return Err(CommandError::BadSetting {
                        setting: match (a.count, a.window_minutes) {
                            (0, 0) => Setting::AlertCountAndWindow,
                            (0, _) => Setting::AlertCount,
                            _ => Setting::AlertWindow,
                        },
                        reason: format!(
                            "alert for {}: the count and the time window must be at least 1",
                            a.error_type
                        ),
                    });
                }
                // Recipients are emails separated by commas.
                if let Some((a, r)) = alerts.iter().find_map(|a| {
                    a.recipient_list()
                        .into_iter()
                        .find(|r| !looks_like_an_email(r))
                        .map(|r| (a, r))
                }) {
                    return Err(CommandError::BadSetting {
                        setting: Setting::AlertRecipients,
                        reason: format!(
                            "alert for {}: '{r}' is not an email address (recipients are emails separated by commas)",
                            a.error_type
                        ),
                    });
                }
                self.map_mut(i).alerts = alerts.clone();
                self.log_now(
                    i,
                    "Alert settings changed; they take effect when the map next runs from Not running (a resume keeps the ones it ran with)",
                );
                Ok(Vec::new())
            }
            Command::SetQueueCapacity { map, capacity } => {
                let i = self.index(map)?;
                if *capacity == 0 {
                    return Err(CommandError::BadSetting {
                        setting: Setting::QueueCapacity,
                        reason: "the queue capacity must be at least 1".into(),
                    });
                }
                self.map_mut(i).queue_capacity = *capacity;
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
            Command::GenerateCustomers { count, seed } => self.generate_customers(*count, *seed),
            Command::SetRowsPerTick { rows } => {
                if *rows == 0 {
                    return Err(CommandError::BadSetting {
                        setting: Setting::RowsPerTick,
                        reason: "rows per tick must be at least 1".into(),
                    });
                }
                self.settings.rows_per_tick = *rows;
                Ok(Vec::new())
            }
            Command::Tick { ticks } => {
                if *ticks == 0 || *ticks > MAX_TICKS {
                    return Err(CommandError::BadSetting {
                        setting: Setting::Ticks,
                        reason: format!(
                            "tick between 1 and {} times at once",
                            crate::value::thousands(MAX_TICKS.into())
                        ),
                    });
                }
                let mut events = Vec::new();
                for _ in 0..*ticks {
                    self.tick(&mut events);
                }
                Ok(fold_progress(events))
            }
            Command::RunUntilIdle => {
                let mut events = Vec::new();
                while self.busy() {
                    self.tick(&mut events);
                }
                Ok(fold_progress(events))
            }
        }
    }

    fn editable(&self, map: &str, edit: Edit) -> Result<usize, CommandError> {
        let i = self.index(map)?;
        let status = self.maps[i].status.kind();
        if status != StatusKind::NotRunning {
            return Err(CommandError::EditWhileActive {
                map: map.to_string(),
                status,
                edit,
            });
        }
        Ok(i)
    }

    fn log_now(&mut self, i: usize, message: impl Into<String>) {
        let now = self.clock;
        self.map_mut(i).log(now, message);
    }

    fn set_status(&mut self, i: usize, status: MapStatus, events: &mut Vec<Event>) {
        let from = self.maps[i].status.kind();
        let to = status.kind();
        self.map_mut(i).status = status;
        if from != to {
            self.log_now(i, format!("Status changed from {from} to {to}"));
            events.push(Event::StatusChanged {
                map: self.maps[i].name.clone(),
                from,
                to,
            });
        }
    }

    /// Whether a map's mappings and filters can be edited now (Not running only).
    pub fn can_edit(&self, name: &str) -> bool {
        self.editable(name, Edit::Mappings).is_ok()
    }

    /// Why a map's mappings or filters (`edit`) cannot be edited now, in the engine's
    /// words (the refusal an edit would get); `None` when they can.
    pub fn why_not_edit(&self, name: &str, edit: Edit) -> Option<String> {
        self.editable(name, edit).err().map(|e| e.to_string())
    }

    /// Whether "Rerun execution" is offered for a map: its last initial sync failed and
    /// it is Not running.
    pub fn can_rerun(&self, name: &str) -> bool {
        self.map(name)
            .is_ok_and(|m| m.last_execution_failed() && m.status.kind() == StatusKind::NotRunning)
    }

    /// Whether "Skip initial sync" is offered for a map: it is Not running (a Run with
    /// the initial sync skipped starts it Running; on a Paused map Run resumes instead,
    /// and the initial sync is not in question).
    pub fn can_skip_initial_sync(&self, name: &str) -> bool {
        self.map(name)
            .is_ok_and(|m| m.status.kind() == StatusKind::NotRunning)
    }

    /// Why "Skip initial sync" is not offered for these maps: none named, or the first
    /// that is not Not running; `None` when it is offered for all.
    pub fn why_not_skip_initial_sync(&self, names: &[&str]) -> Option<String> {
        if names.is_empty() {
            return Some(CommandError::NothingSelected.to_string());
        }
        names.iter().find_map(|name| {
            let status = self.map(name).ok()?.status.kind();
            (status != StatusKind::NotRunning).then(|| {
                format!("Skip initial sync is not available for '{name}': it is {status}; it starts a map that is Not running")
            })
        })
    }

    /// Why "Rerun execution" is not offered for these maps: none named, or the first that
    /// is not Not running, or whose last initial sync did not fail; `None` when it is
    /// offered.
    pub fn why_not_rerun(&self, names: &[&str]) -> Option<String> {
        if names.is_empty() {
            return Some(CommandError::NothingSelected.to_string());
        }
        names.iter().find_map(|name| {
            let m = self.map(name).ok()?;
            let status = m.status.kind();
            if status != StatusKind::NotRunning {
                Some(format!("Rerun execution is not available for '{name}': it is {status}; it reruns the failed initial sync of a map that is Not running"))
            } else if !m.last_execution_failed() {
                Some(format!("Rerun execution is not available for '{name}': its last initial sync did not fail (or it has none)"))
            } else {
                None
            }
        })
    }

    /// Whether Run on this map resumes it (it is Paused), so that the Run pane offers the
    /// resume options for it.
    pub fn run_resumes(&self, name: &str) -> bool {
        self.map(name)
            .is_ok_and(|m| m.status.kind() == StatusKind::Paused)
    }

    /// Whether Run is allowed for the map named `name` now (its status allows it): a
    /// map the Run pane lists that is already Running or Initializing cannot be ticked.
    pub fn can_run(&self, name: &str) -> bool {
        self.map(name)
            .is_ok_and(|m| m.status.kind().allows(Action::Run))
    }

    /// Whether a run of the map named `name` starts it with an initial sync when the run
    /// does one: Run allowed and not a resume.
    pub fn run_starts(&self, name: &str) -> bool {
        self.can_run(name) && !self.run_resumes(name)
    }

    /// The cycles among the maps of a run of `maps` and their prerequisites (see
    /// [`RelatedMaps::cycles`](crate::graph::RelatedMaps::cycles)) that the run passes rows
    /// through in an initial sync: those with a map of the run that it starts with one.
    /// None for a run without an initial sync, or of no map.
    pub fn cycles_synced(&self, maps: &[&str], initial_sync: InitialSync) -> Vec<Vec<String>> {
        if initial_sync == InitialSync::Skip {
            return Vec::new();
        }
        let Ok(related) = self.related_to(maps) else {
            return Vec::new();
        };
        related
            .cycles
            .into_iter()
            .filter(|cycle| {
                cycle
                    .iter()
                    .any(|m| maps.contains(&m.as_str()) && self.run_starts(m))
            })
            .collect()
    }

    /// Whether `command` sets what is so already: a setting, a map's mappings, filter,
    /// master, alerts or queue capacity, or a fault switch, given the value it has. Such a
    /// command changes nothing; the app does not make a step of it (which would drop what
    /// Redo had).
    pub fn changes_nothing(&self, command: &Command) -> bool {
        let map = |name: &str| self.map(name).ok();
        match command {
            Command::SetRowsPerTick { rows } => *rows == self.settings.rows_per_tick,
            Command::SetQueueCapacity { map: m, capacity } => {
                map(m).is_some_and(|x| x.queue_capacity == *capacity)
            }
            Command::SetMaster { map: m, master } => map(m).is_some_and(|x| x.master == *master),
            Command::SetFilter {
                map: m,
                side,
                filter,
            } => map(m).is_some_and(|x| x.filter(*side).source().trim() == filter.trim()),
            Command::SetAlerts { map: m, alerts } => map(m).is_some_and(|x| x.alerts == *alerts),
            Command::SetMappings { map: m, mappings } => {
                map(m).is_some_and(|x| x.mappings == *mappings)
            }
            Command::SetFault { side, fault } => self.faults.of(*side) == *fault,
            Command::SetAvailability { side, available } => {
                self.faults.of(*side) == (!available).then_some(Fault::Unavailable)
            }
            _ => false,
        }
    }
}
