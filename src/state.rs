//! UI state: the engine session plus what only the screen needs (selection, the last
//! message). The reducer is a thin adapter from UI actions to engine commands.

use std::collections::BTreeSet;
use std::rc::Rc;

use dualwrite_engine::{
    Action as MapAction, Command, InitialSync, RunEntry, Session, Simulator, StatusKind,
};
use yew::Reducible;

/// A message shown to the user after an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The action was done.
    Info(String),
    /// The engine refused it.
    Error(String),
}

/// Everything the screen renders.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The engine, with its history.
    pub session: Session,
    /// Selected maps, by name.
    pub selected: BTreeSet<String>,
    /// The last notice.
    pub notice: Option<Notice>,
}

impl PartialEq for AppState {
    fn eq(&self, other: &AppState) -> bool {
        self.session.cursor() == other.session.cursor()
            && self.session.commands().len() == other.session.commands().len()
            && self.selected == other.selected
            && self.notice == other.notice
            && self.session.state() == other.session.state()
    }
}

/// What the user can do on the screen.
#[derive(Clone, Debug)]
pub enum Action {
    /// Tick or untick a map.
    Toggle(String),
    /// Apply a map action to the selected maps.
    OnSelected(MapAction),
    /// Run the selected maps without initial sync ("Skip initial sync").
    SkipInitialSync,
    /// Rerun the failed initial sync of the first selected map.
    RerunExecution,
    /// Send any engine command.
    Dispatch(Command),
    /// Undo the last command.
    Undo,
    /// Redo the next command.
    Redo,
}

impl AppState {
    /// The demo, nothing selected.
    pub fn demo() -> AppState {
        AppState::new(dualwrite_engine::demo())
    }

    /// A state over any simulator.
    pub fn new(sim: Simulator) -> AppState {
        AppState {
            session: Session::new(sim),
            selected: BTreeSet::new(),
            notice: None,
        }
    }

    /// Selected maps in list order.
    pub fn selected_in_order(&self) -> Vec<String> {
        self.session
            .state()
            .maps
            .iter()
            .filter(|m| self.selected.contains(&m.name))
            .map(|m| m.name.clone())
            .collect()
    }

    /// Whether every selected map allows `action` (the engine's own table decides).
    pub fn enabled(&self, action: MapAction) -> bool {
        let sim = self.session.state();
        !self.selected.is_empty()
            && self.selected.iter().all(|n| {
                sim.map(n)
                    .map(|m| m.status.kind().allows(action))
                    .unwrap_or(false)
            })
    }

    /// Whether every selected map has this status.
    pub fn all_selected(&self, kind: StatusKind) -> bool {
        let sim = self.session.state();
        !self.selected.is_empty()
            && self
                .selected
                .iter()
                .all(|n| sim.map(n).is_ok_and(|m| m.status.kind() == kind))
    }

    /// The first selected map whose last initial sync failed, for "Rerun execution".
    pub fn rerunnable(&self) -> Option<String> {
        let sim = self.session.state();
        self.selected_in_order()
            .into_iter()
            .find(|n| sim.can_rerun(n))
    }

    fn command_for(&self, action: MapAction) -> Command {
        let maps = self.selected_in_order();
        match action {
            MapAction::Run => Command::Run {
                maps: maps.iter().map(|m| RunEntry::map(m)).collect(),
                initial_sync: Default::default(),
                resume: Default::default(),
            },
            MapAction::Stop => Command::Stop { maps },
            MapAction::Pause => Command::Pause { maps },
            MapAction::SkipToLiveSync => Command::SkipToLiveSync {
                map: maps.first().cloned().unwrap_or_default(),
                preserve: true,
            },
        }
    }

    fn apply(&mut self, command: Command) {
        let label = describe(&command);
        self.notice = Some(match self.session.dispatch(command) {
            Ok(_) => Notice::Info(label),
            Err(e) => Notice::Error(e.to_string()),
        });
    }
}

fn describe(command: &Command) -> String {
    match command {
        Command::Run { maps, .. } => format!("Run: {}", names(maps.iter().map(|e| &e.map))),
        Command::Stop { maps } => format!("Stopped: {}", names(maps.iter())),
        Command::Pause { maps } => format!("Paused: {}", names(maps.iter())),
        Command::Tick { ticks } => format!("Clock advanced by {ticks} tick(s)"),
        Command::RunUntilIdle => "Ran until idle".to_string(),
        Command::RerunExecution { map } => format!("Rerun execution: {map}"),
        Command::SetAvailability { side, available } => format!(
            "{side} is {}",
            if *available {
                "available"
            } else {
                "unavailable"
            }
        ),
        other => format!("Done: {other:?}"),
    }
}

fn names<'a>(it: impl Iterator<Item = &'a String>) -> String {
    it.cloned().collect::<Vec<_>>().join(", ")
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Toggle(name) => {
                if !next.selected.remove(&name) {
                    next.selected.insert(name);
                }
            }
            Action::OnSelected(a) => {
                let command = next.command_for(a);
                next.apply(command);
            }
            Action::SkipInitialSync => {
                let maps = next.selected_in_order();
                next.apply(Command::Run {
                    maps: maps.iter().map(|m| RunEntry::map(m)).collect(),
                    initial_sync: InitialSync::Skip,
                    resume: Default::default(),
                });
            }
            Action::RerunExecution => {
                if let Some(map) = next.rerunnable() {
                    next.apply(Command::RerunExecution { map });
                }
            }
            Action::Dispatch(c) => next.apply(c),
            Action::Undo => {
                next.notice = Some(if next.session.undo() {
                    Notice::Info("Undone".into())
                } else {
                    Notice::Error("Nothing to undo".into())
                });
            }
            Action::Redo => {
                next.notice = Some(if next.session.redo() {
                    Notice::Info("Redone".into())
                } else {
                    Notice::Error("Nothing to redo".into())
                });
            }
        }
        Rc::new(next)
    }
}

/// Label of a status for the grid (text, never colour alone).
pub fn status_label(kind: StatusKind) -> String {
    kind.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_is_enabled_only_when_every_selected_map_allows_it() {
        let mut s = AppState::demo();
        assert!(!s.enabled(MapAction::Run), "nothing selected");
        s.selected.insert("Legal entities".into());
        assert!(s.enabled(MapAction::Run));
        assert!(!s.enabled(MapAction::Pause));
    }

    #[test]
    fn refused_action_shows_the_engine_message() {
        let s = Rc::new(AppState::demo());
        let s = s.reduce(Action::Toggle("Currencies".into()));
        let s = s.reduce(Action::OnSelected(MapAction::Pause));
        match &s.notice {
            Some(Notice::Error(m)) => assert!(m.contains("Not running"), "{m}"),
            other => panic!("expected an error, got {other:?}"),
        }
    }
}
