//! The command log: undo, redo, rewind and replay from one list of commands.
//!
//! **Invariant:** the current state always equals the base state with the first
//! `cursor` commands of the log applied, in order. Checkpoints are caches of that
//! replay and can be dropped at any time.

use crate::error::CommandError;
use crate::sim::{Command, Event, Simulator};

/// Commands between two checkpoints: undo replays at most this many.
pub const CHECKPOINT_EVERY: usize = 64;

/// A simulator with its history.
#[derive(Clone, Debug)]
pub struct Session {
    base: Simulator,
    log: Vec<Command>,
    cursor: usize,
    /// (commands applied, state) pairs, ascending.
    checkpoints: Vec<(usize, Simulator)>,
    current: Simulator,
}

impl Session {
    /// A session starting from `base`, with an empty log.
    pub fn new(base: Simulator) -> Session {
        Session {
            current: base.clone(),
            base,
            log: Vec::new(),
            cursor: 0,
            checkpoints: Vec::new(),
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
            if let Err(e) = s.current.apply(c) {
                if !e.is_recorded() {
                    return Err((i, e));
                }
            }
            if (i + 1).is_multiple_of(CHECKPOINT_EVERY) {
                s.checkpoints.push((i + 1, s.current.clone()));
            }
        }
        s.cursor = log.len();
        s.log = log;
        s.goto(cursor.min(s.log.len()));
        Ok(s)
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
        let result = self.current.apply(&command);
        if let Err(e) = &result {
            if !e.is_recorded() {
                return result;
            }
        }
        self.log.truncate(self.cursor);
        self.checkpoints.retain(|(n, _)| *n <= self.cursor);
        self.log.push(command);
        self.cursor += 1;
        if self.cursor.is_multiple_of(CHECKPOINT_EVERY) {
            self.checkpoints.push((self.cursor, self.current.clone()));
        }
        result
    }

    /// Steps back one command.
    pub fn undo(&mut self) -> bool {
        if !self.can_undo() {
            return false;
        }
        self.goto(self.cursor - 1);
        true
    }

    /// Steps forward one command.
    pub fn redo(&mut self) -> bool {
        if !self.can_redo() {
            return false;
        }
        self.goto(self.cursor + 1);
        true
    }

    /// Moves to the state after the first `n` commands of the log (clamped).
    pub fn goto(&mut self, n: usize) {
        let n = n.min(self.log.len());
        if n == self.cursor {
            return;
        }
        let (start, state) = if n > self.cursor {
            (self.cursor, self.current.clone())
        } else {
            self.checkpoints
                .iter()
                .rev()
                .find(|(k, _)| *k <= n)
                .map(|(k, s)| (*k, s.clone()))
                .unwrap_or((0, self.base.clone()))
        };
        let mut state = state;
        for (i, c) in self.log[start..n].iter().enumerate() {
            // Every logged command was accepted or recorded once; replay is deterministic.
            let _ = state.apply(c);
            let k = start + i + 1;
            if k.is_multiple_of(CHECKPOINT_EVERY) && !self.checkpoints.iter().any(|(m, _)| *m == k)
            {
                let at = self.checkpoints.partition_point(|(m, _)| *m < k);
                self.checkpoints.insert(at, (k, state.clone()));
            }
        }
        self.current = state;
        self.cursor = n;
    }
}

impl CommandError {
    /// Whether the command still changed the state and belongs in the log (a live write
    /// rolled back by dual-write counts an error towards the map's alerts).
    pub fn is_recorded(&self) -> bool {
        matches!(self, CommandError::RolledBack { .. })
    }
}
