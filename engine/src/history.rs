//! The command log: undo, redo, rewind and replay from one list of commands.
//!
//! **Invariant:** the current state always equals the base state with the first
//! `cursor` commands of the log applied, in order.
//!
//! Each applied command keeps an [`Undo`]: the rows it wrote (what they replaced), the
//! maps it changed (their previous values, which share their queues and logs with the
//! current ones) and the simulator's few scalars. Undo puts these back, so it costs what
//! the command changed, not the size of the world; redo applies the command again (the
//! engine is deterministic). No state is ever copied whole after the base.

use std::sync::Arc;

use crate::error::CommandError;
use crate::faults::Faults;
use crate::map::TableMap;
use crate::sim::{Command, Event, Settings, Simulator, Tense};
use crate::world::{RowId, Side, Writes};

/// A simulator with its history.
#[derive(Clone, Debug)]
pub struct Session {
    base: Simulator,
    log: Vec<Command>,
    cursor: usize,
    /// One per applied command: `undo[i]` takes the state from after command `i` back to
    /// before it.
    undo: Vec<Undo>,
    current: Simulator,
    /// The rows the last dispatch, undo, redo or goto wrote or put back: (side, table
    /// place, row).
    touched: Vec<(Side, usize, RowId)>,
    /// One per logged command: whether dual-write rolled it back (a refused write that is
    /// logged all the same, as it counted an error).
    rolled_back: Vec<bool>,
    /// One per logged command: what the state before it knew of it
    /// ([`Simulator::known_before`]: the key of the row it names by id, the maps a Run
    /// resumed), so that the history still words it so once that state is gone.
    named: Vec<Option<String>>,
}

/// A line of the history's list ([`Session::log_lines`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogLine {
    /// The command at this index of the log.
    Command(usize),
    /// Clock ticks in a row: their indexes in the log, and how many ticks they add up to.
    Ticks {
        /// The commands' indexes in the log.
        steps: std::ops::Range<usize>,
        /// The ticks of them all.
        ticks: u32,
    },
}

/// What one command changed, as it was before: enough to put the state back.
#[derive(Clone, Debug)]
struct Undo {
    rows: Writes,
    /// The maps the command changed, by place, as they were (shared with nothing else
    /// once the command copied them to change them). Commands never add or remove maps.
    maps: Vec<(usize, Arc<TableMap>)>,
    scalars: Scalars,
}

/// The simulator's state outside the world and the maps.
#[derive(Clone, Debug)]
struct Scalars {
    clock: u64,
    settings: Settings,
    faults: Faults,
    init_order: Vec<String>,
    next_execution: u64,
}

impl Scalars {
    fn of(state: &Simulator) -> Scalars {
        // Every field named, so that a new field of the simulator cannot be forgotten.
        let Simulator {
            world: _,
            maps: _,
            clock,
            settings,
            faults,
            init_order,
            next_execution,
        } = state;
        Scalars {
            clock: *clock,
            settings: settings.clone(),
            faults: *faults,
            init_order: init_order.clone(),
            next_execution: *next_execution,
        }
    }

    fn restore(self, state: &mut Simulator) {
        state.clock = self.clock;
        state.settings = self.settings;
        state.faults = self.faults;
        state.init_order = self.init_order;
        state.next_execution = self.next_execution;
    }
}

impl Session {
    /// The rows the last step (a command, an undo, a redo or a move in the history)
    /// wrote or put back: (side, table place, row), each once.
    pub(crate) fn touched(&self) -> &[(Side, usize, RowId)] {
        &self.touched
    }
}

impl Undo {
    fn revert(self, state: &mut Simulator) {
        state.world.revert(self.rows);
        for (i, map) in self.maps {
            if let Some(m) = state.maps.get_mut(i) {
                *m = map;
            }
        }
        self.scalars.restore(state);
    }
}

/// Applies a command, keeping what it changed.
fn apply_kept(
    state: &mut Simulator,
    command: &Command,
) -> (Result<Vec<Event>, CommandError>, Undo) {
    let scalars = Scalars::of(state);
    // Cheap: the maps are shared; the command copies those it changes (copy on write,
    // which shares their queues, logs and executions too).
    let maps = state.maps.clone();
    state.world.record();
    let result = state.apply(command);
    let rows = state.world.recorded();
    let maps = maps
        .into_iter()
        .enumerate()
        .filter(|(i, before)| {
            state
                .maps
                .get(*i)
                .is_none_or(|now| !Arc::ptr_eq(now, before))
        })
        .collect();
    (
        result,
        Undo {
            rows,
            maps,
            scalars,
        },
    )
}

impl Session {
    /// The cells a row had just before the last applied command last wrote it (as it
    /// was when that command deleted it); `None` when that command did not write it.
    pub(crate) fn last_written_before(
        &self,
        side: Side,
        table: usize,
        id: RowId,
    ) -> Option<&[crate::value::Value]> {
        self.undo.last()?.rows.before_last(side, table, id)
    }

    /// A session starting from `base`, with an empty log.
    pub fn new(base: Simulator) -> Session {
        Session {
            current: base.clone(),
            base,
            log: Vec::new(),
            cursor: 0,
            undo: Vec::new(),
            touched: Vec::new(),
            rolled_back: Vec::new(),
            named: Vec::new(),
        }
    }

    /// Rebuilds a session from a base and a log, applying the first `cursor` commands.
    /// Fails with the index of a command that the engine refuses.
    pub fn replay(
        base: Simulator,
        log: Vec<Command>,
        cursor: usize,
    ) -> Result<Session, (usize, CommandError)> {
        let mut s = Session::new(base);
        for (i, c) in log.iter().enumerate() {
            s.named.push(s.current.known_before(c));
            let (result, undo) = apply_kept(&mut s.current, c);
            let rolled_back = match result {
                Ok(_) => false,
                Err(e) if e.is_recorded() => true,
                Err(e) => return Err((i, e)),
            };
            s.rolled_back.push(rolled_back);
            s.undo.push(undo);
        }
        s.cursor = log.len();
        s.log = log;
        s.goto(cursor.min(s.log.len()));
        s.touched.clear();
        Ok(s)
    }

    /// What the command before the cursor gave (its events, or the rolled-back write's
    /// error and what it still caused), found by stepping back over it and applying it
    /// again, as an undo and a redo do: the engine is deterministic, so these are the
    /// events it gave when it was dispatched, and the session ends as it was. It costs
    /// what that command changed, twice; no copy of the world. For a view that shows
    /// "what just happened" after a reload or a shared link, which keep the log, not the
    /// events. `None` at the start of the log.
    pub fn last_events(&mut self) -> Option<Result<Vec<Event>, CommandError>> {
        let command = self.log.get(self.cursor.checked_sub(1)?)?.clone();
        let touched = std::mem::take(&mut self.touched);
        self.step_back();
        let (result, undo) = apply_kept(&mut self.current, &command);
        self.undo.push(undo);
        self.cursor += 1;
        self.touched = touched;
        Some(result)
    }

    /// The current state.
    pub fn state(&self) -> &Simulator {
        &self.current
    }

    /// The state before the first command.
    pub fn base(&self) -> &Simulator {
        &self.base
    }

    /// The whole log, including commands that can be redone.
    pub fn commands(&self) -> &[Command] {
        &self.log
    }

    /// Whether the command at `index` of the log was a write that dual-write rolled back
    /// (logged all the same: it counted an error towards the map's alerts).
    pub fn rolled_back(&self, index: usize) -> bool {
        self.rolled_back.get(index).copied().unwrap_or(false)
    }

    /// The command at `index` of the log in words ([`Simulator::command_in_words`]),
    /// naming its row by the key it had when the command ran, even if it is deleted since;
    /// a write dual-write rolled back says so ("Row EUR not saved in ... (rolled back on
    /// both sides)").
    pub fn command_in_words(&self, index: usize) -> Option<String> {
        let command = self.log.get(index)?;
        let known = self.named.get(index).and_then(Option::as_deref);
        Some(
            self.current
                .words_naming(command, known, self.rolled_back(index), Tense::Done),
        )
    }

    /// The log's commands from `first` on (0-based), as a history lists them: each command
    /// on its own, but `min_run` or more clock ticks in a row (at least two) as one
    /// [`LogLine::Ticks`] (Play adds a tick at each beat). A run of ticks that starts
    /// before `first` is listed whole, so the first line may start earlier; ticks too few
    /// for a run are not.
    pub fn log_lines(&self, first: usize, min_run: usize) -> Vec<LogLine> {
        let min_run = min_run.max(2);
        let is_tick = |i: usize| matches!(self.log.get(i), Some(Command::Tick { .. }));
        let mut i = first.min(self.log.len());
        let mut start = i;
        while start > 0 && is_tick(start) && is_tick(start - 1) {
            start -= 1;
        }
        let whole = (start..self.log.len()).take_while(|&k| is_tick(k)).count();
        if whole >= min_run {
            i = start;
        }
        let mut lines = Vec::new();
        while i < self.log.len() {
            let run = (i..self.log.len()).take_while(|&k| is_tick(k)).count();
            if run >= min_run {
                let ticks = self.log[i..i + run]
                    .iter()
                    .map(|c| match c {
                        Command::Tick { ticks } => *ticks,
                        _ => 0,
                    })
                    .fold(0u32, u32::saturating_add);
                lines.push(LogLine::Ticks {
                    steps: i..i + run,
                    ticks,
                });
                i += run;
            } else {
                lines.push(LogLine::Command(i));
                i += 1;
            }
        }
        lines
    }

    /// The count of the last Generate customers applied (up to the cursor), if any: what
    /// the app's count field shows.
    pub fn last_generated_customers(&self) -> Option<u32> {
        self.log[..self.cursor].iter().rev().find_map(|c| match c {
            Command::GenerateCustomers { count, .. } => Some(*count),
            _ => None,
        })
    }

    /// How many commands of the log are applied.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Whether there is a command to undo.
    pub fn can_undo(&self) -> bool {
        self.cursor > 0
    }

    /// Whether there is a command to redo.
    pub fn can_redo(&self) -> bool {
        self.cursor < self.log.len()
    }

    /// Applies a command. When it is accepted (or is a rolled-back write, which still
    /// counts an error) it is recorded, and the commands that could be redone are dropped.
    pub fn dispatch(&mut self, command: Command) -> Result<Vec<Event>, CommandError> {
        let named = self.current.known_before(&command);
        let (result, undo) = apply_kept(&mut self.current, &command);
        if let Err(e) = &result {
            if !e.is_recorded() {
                // A refused command changed nothing.
                return result;
            }
        }
        self.log.truncate(self.cursor);
        self.rolled_back.truncate(self.cursor);
        self.named.truncate(self.cursor);
        self.log.push(command);
        self.rolled_back.push(result.is_err());
        self.named.push(named);
        // A write dual-write rolled back left both sides as they were: it wrote nothing.
        self.touched = match result {
            Ok(_) => undo.rows.touched(),
            Err(_) => Vec::new(),
        };
        self.undo.push(undo);
        self.cursor += 1;
        result
    }

    /// Steps back one command.
    pub fn undo(&mut self) -> bool {
        self.touched.clear();
        self.step_back()
    }

    /// Steps forward one command.
    pub fn redo(&mut self) -> bool {
        self.touched.clear();
        self.step_forward()
    }

    /// Moves to the state after the first `n` commands of the log (clamped).
    pub fn goto(&mut self, n: usize) {
        let n = n.min(self.log.len());
        self.touched.clear();
        while self.cursor > n && self.step_back() {}
        while self.cursor < n && self.step_forward() {}
    }

    /// Undoes one command, adding the rows it puts back to `touched`.
    fn step_back(&mut self) -> bool {
        let Some(undo) = self.undo.pop() else {
            return false;
        };
        self.cursor -= 1;
        // A write dual-write rolled back left no row changed: none is put back either.
        if !self.rolled_back(self.cursor) {
            self.touched.extend(undo.rows.touched());
        }
        undo.revert(&mut self.current);
        true
    }

    /// Redoes one command, adding the rows it writes to `touched`.
    fn step_forward(&mut self) -> bool {
        let Some(command) = self.log.get(self.cursor) else {
            return false;
        };
        // Every logged command was accepted or recorded once; replay is deterministic.
        let (result, undo) = apply_kept(&mut self.current, command);
        // As at its dispatch: a write dual-write rolled back wrote no row.
        if result.is_ok() {
            self.touched.extend(undo.rows.touched());
        }
        self.undo.push(undo);
        self.cursor += 1;
        true
    }
}

impl CommandError {
    /// Whether the command still changed the state and belongs in the log (a live write
    /// rolled back by dual-write counts an error towards the map's alerts).
    pub fn is_recorded(&self) -> bool {
        matches!(self, CommandError::RolledBack { .. })
    }
}
