//! The Run and Pause panes' state: the maps they list, in order, with their choices,
//! and the reducer's part for them.

use dualwrite_engine::{
    Action as MapAction, Command, InitialSync, RelatedMaps, ResumeOption, RunEntry, Side,
};

use super::*;

/// One map in the Run pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunRow {
    /// Map name.
    pub map: String,
    /// Whether it runs.
    pub include: bool,
    /// Its Master for initial sync.
    pub master: Side,
    /// Listed only because "Show related table map(s)" is on (a dependent).
    pub dependent: bool,
}

/// The Run pane, "Initial writes and related table map(s)": the maps in sync order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunPane {
    /// Maps in sync order (prerequisites first, as the engine suggests).
    pub rows: Vec<RunRow>,
    /// One Initial sync checkbox for the run.
    pub initial_sync: bool,
    /// Resume option, for maps that are Paused.
    pub resume: ResumeOption,
    /// "Show related table map(s)": dependents listed too.
    pub show_related: bool,
    /// The last move of a row, in words (read out: "Currencies moved to 3 of 5").
    pub moved: Option<String>,
    /// Run was pressed with every related map it offers unticked: the product's question
    /// ("You haven't enabled any related table maps at this time…") waits for Yes or No.
    pub asking_no_related: bool,
}

/// The product's question when Run is confirmed with no related map enabled (its wording
/// back-translated in the product's training material; see `../shared/product-ui.md`).
pub const NO_RELATED_QUESTION: &str =
    "You haven't enabled any related table maps at this time. Are you sure you want to continue?";

/// One map in the Pause pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PauseRow {
    /// Map name.
    pub map: String,
    /// Whether it is paused.
    pub include: bool,
    /// Listed because it is related to the selection (a prerequisite or a dependent).
    pub related: bool,
}

/// The Pause pane: the selected maps and the running maps related to them, which can be
/// paused too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PausePane {
    /// The selected maps first, then the related ones (unticked).
    pub rows: Vec<PauseRow>,
}

/// A row's move, in words.
fn moved(rows: &[RunRow], to: usize) -> String {
    format!(
        "{} moved to {} of {} in the sync order",
        rows[to].map,
        to + 1,
        rows.len()
    )
}

impl AppState {
    /// The Run pane for the selected maps: each with its prerequisites, prerequisites
    /// first, in the order the engine derives; maps that cannot run start unticked.
    pub fn run_pane(&self) -> RunPane {
        let related = self.related();
        RunPane {
            rows: related
                .order
                .iter()
                .map(|m| self.run_row(m, false))
                .collect(),
            initial_sync: true,
            resume: ResumeOption::CatchUp,
            show_related: false,
            moved: None,
            asking_no_related: false,
        }
    }

    /// The Run pane as `maps` fill it (a lesson's solution step that Show me shows): in
    /// that order, each ticked, with its master (the map's own when the step names none).
    pub(crate) fn run_pane_of(
        &self,
        maps: &[RunEntry],
        initial_sync: InitialSync,
        resume: ResumeOption,
    ) -> RunPane {
        RunPane {
            rows: maps
                .iter()
                .map(|e| {
                    let row = self.run_row(&e.map, false);
                    RunRow {
                        include: true,
                        master: e.master.unwrap_or(row.master),
                        ..row
                    }
                })
                .collect(),
            initial_sync: initial_sync == InitialSync::Run,
            resume,
            show_related: false,
            moved: None,
            asking_no_related: false,
        }
    }

    /// The cycles the Run pane's run passes rows through in an initial sync (why each
    /// matters is `graph::why_a_cycle`): `Simulator::cycles_synced` of the ticked maps.
    pub(crate) fn cycles_synced(&self, pane: &RunPane) -> Vec<Vec<String>> {
        let ticked: Vec<&str> = pane
            .rows
            .iter()
            .filter(|r| r.include)
            .map(|r| r.map.as_str())
            .collect();
        let initial_sync = if pane.initial_sync {
            InitialSync::Run
        } else {
            InitialSync::Skip
        };
        self.session
            .borrow()
            .state()
            .cycles_synced(&ticked, initial_sync)
    }

    /// Whether a row of the Run pane is a related map, listed for the selection (a
    /// prerequisite, or a dependent shown by "Show related table map(s)").
    pub fn related_row(&self, row: &RunRow) -> bool {
        !self.selected.contains(&row.map)
    }

    /// Whether the pane offers related maps that can run and leaves every one of them
    /// out, running others.
    fn leaves_out_every_related_map(&self, pane: &RunPane) -> bool {
        let session = self.session.borrow();
        let offered: Vec<&RunRow> = pane
            .rows
            .iter()
            .filter(|r| self.related_row(r) && session.state().can_run(&r.map))
            .collect();
        !offered.is_empty()
            && offered.iter().all(|r| !r.include)
            && pane.rows.iter().any(|r| r.include)
    }

    /// Pause on the maps ticked in the Pause pane, closing it.
    pub(crate) fn confirm_pause(&mut self) {
        let as_shown = self.pane_as_show_me_filled();
        if let Some(pane) = self.pause_pane.take() {
            let maps = pane
                .rows
                .into_iter()
                .filter(|r| r.include)
                .map(|r| r.map)
                .collect();
            // As Show me filled it, the step itself plays, so that the history is the
            // solution's (its place restores after a reload).
            let command = self
                .show_me_command()
                .filter(|_| as_shown)
                .unwrap_or(Command::Pause { maps });
            self.show_me_pane_closed();
            let played = self.try_apply(command);
            if played.is_ok() && as_shown {
                self.show_me_played();
            }
        }
    }

    /// The engine's related maps of the selection (empty when nothing is selected).
    pub(crate) fn related(&self) -> RelatedMaps {
        let selected = self.selected_in_order();
        let names: Vec<&str> = selected.iter().map(String::as_str).collect();
        self.session
            .borrow()
            .state()
            .related_to(&names)
            .unwrap_or_default()
    }

    pub(crate) fn run_row(&self, map: &str, dependent: bool) -> RunRow {
        let session = self.session.borrow();
        let m = session.state().map(map).ok();
        RunRow {
            map: map.to_string(),
            include: !dependent && session.state().can_run(map),
            master: m.map_or(Side::Dataverse, |m| m.master),
            dependent,
        }
    }

    /// The Pause pane for the selected maps: them first, then the maps related to them
    /// (prerequisites and dependents) that can be paused too, unticked.
    pub fn pause_pane(&self) -> PausePane {
        let selected = self.selected_in_order().into_iter().map(|map| PauseRow {
            map,
            include: true,
            related: false,
        });
        let offered = self.related().pause_offers.into_iter().map(|map| PauseRow {
            map,
            include: false,
            related: true,
        });
        PausePane {
            rows: selected.chain(offered).collect(),
        }
    }

    pub(crate) fn dependents(&self, pane: &RunPane) -> Vec<String> {
        self.related()
            .dependents
            .into_iter()
            .filter(|d| pane.rows.iter().all(|r| r.map != *d))
            .collect()
    }

    pub(crate) fn update_pane(&mut self, action: Action) {
        // Whether Show me filled this pane, and it is as it filled it.
        let as_shown = self.pane_as_show_me_filled();
        let Some(mut pane) = self.run_pane.take() else {
            return;
        };
        // The question about related maps is about the pane as it was: a change to the
        // pane (while it shows, the rows are inert; a shortcut could still) drops it.
        if !matches!(action, Action::ConfirmRun | Action::RunPaneBack) {
            pane.asking_no_related = false;
        }
        match action {
            Action::RunPaneInclude(i) => {
                if let Some(r) = pane.rows.get_mut(i) {
                    r.include = !r.include;
                }
            }
            Action::RunPaneMove(i, by) => {
                let j = i as isize + by;
                if j >= 0 && (j as usize) < pane.rows.len() && i < pane.rows.len() {
                    pane.rows.swap(i, j as usize);
                    pane.moved = Some(moved(&pane.rows, j as usize));
                }
            }
            Action::RunPaneDrop(from, to) if from < pane.rows.len() && to < pane.rows.len() => {
                let row = pane.rows.remove(from);
                pane.rows.insert(to, row);
                pane.moved = Some(moved(&pane.rows, to));
            }
            Action::RunPaneMaster(i, side) => {
                if let Some(r) = pane.rows.get_mut(i) {
                    r.master = side;
                }
            }
            Action::RunPaneInitialSync => pane.initial_sync = !pane.initial_sync,
            Action::RunPaneResume(option) => pane.resume = option,
            Action::RunPaneShowRelated => {
                pane.show_related = !pane.show_related;
                if pane.show_related {
                    for d in self.dependents(&pane) {
                        pane.rows.push(self.run_row(&d, true));
                    }
                } else {
                    pane.rows.retain(|r| !r.dependent);
                }
            }
            // Asked first, as the product asks (not of a step Show me plays as filled).
            Action::ConfirmRun
                if !pane.asking_no_related
                    && !as_shown
                    && self.leaves_out_every_related_map(&pane) =>
            {
                pane.asking_no_related = true;
            }
            Action::RunPaneBack => pane.asking_no_related = false,
            Action::ConfirmRun => {
                let maps: Vec<RunEntry> = pane
                    .rows
                    .iter()
                    .filter(|r| r.include)
                    .map(|r| RunEntry {
                        map: r.map.clone(),
                        master: Some(r.master),
                    })
                    .collect();
                // As Show me filled it, the step itself plays: the same run (the pane
                // shows what it does), written as the solution writes it, so that the
                // history is the solution's and Show me's place restores after a reload.
                let command = self
                    .show_me_command()
                    .filter(|_| as_shown)
                    .unwrap_or(Command::Run {
                        maps,
                        initial_sync: if pane.initial_sync {
                            InitialSync::Run
                        } else {
                            InitialSync::Skip
                        },
                        resume: pane.resume,
                    });
                self.show_me_pane_closed();
                let played = self.try_apply(command);
                // Refused, the pane stays as it was, its choices kept, the refusal said.
                if played.is_err() {
                    pane.asking_no_related = false;
                    self.run_pane = Some(pane);
                    return;
                }
                // Show me goes on once the step it showed is played.
                if played.is_ok() && as_shown {
                    self.show_me_played();
                }
                return;
            }
            _ => {}
        }
        self.run_pane = Some(pane);
    }
}

/// The reducer's part for the Run, Pause and Skip to live sync panes: the action back when it is not one of them.
pub(super) fn reduce(next: &mut AppState, action: Action) -> Option<Action> {
    match action {
        Action::OnSelected(MapAction::Run) | Action::OpenRunPane => {
            next.run_pane = Some(next.run_pane());
        }
        pane @ (Action::RunPaneInclude(_)
        | Action::RunPaneMove(..)
        | Action::RunPaneDrop(..)
        | Action::RunPaneMaster(..)
        | Action::RunPaneInitialSync
        | Action::RunPaneResume(_)
        | Action::RunPaneShowRelated
        | Action::RunPaneBack
        | Action::ConfirmRun) => next.update_pane(pane),
        // Pause and Skip to live sync open their panes when the engine allows them for the
        // whole selection; otherwise the engine's refusal is shown.
        Action::OnSelected(MapAction::SkipToLiveSync)
            if next.enabled(MapAction::SkipToLiveSync) =>
        {
            next.skip_pane = Some(true);
        }
        Action::OnSelected(MapAction::Pause) if next.enabled(MapAction::Pause) => {
            next.pause_pane = Some(next.pause_pane());
        }
        Action::PausePaneInclude(i) => {
            if let Some(row) = next.pause_pane.as_mut().and_then(|p| p.rows.get_mut(i)) {
                row.include = !row.include;
            }
        }
        Action::ConfirmPause => next.confirm_pause(),
        Action::ClosePausePane => {
            next.pause_pane = None;
            next.show_me_pane_closed();
        }
        Action::CloseRunPane => {
            next.run_pane = None;
            next.show_me_pane_closed();
        }
        Action::SkipPanePreserve(preserve) => next.skip_pane = Some(preserve),
        Action::CloseSkipPane => next.skip_pane = None,
        Action::ConfirmSkip => {
            if let Some(preserve) = next.skip_pane.take() {
                let maps = next.selected_in_order();
                next.apply(Command::SkipToLiveSync { maps, preserve });
            }
        }
        other => return Some(other),
    }
    None
}

#[cfg(test)]
mod run_pane_tests {
    use super::*;

    fn with_pane(map: &str) -> Rc<AppState> {
        Rc::new(AppState::demo())
            .reduce(Action::Toggle(map.into()))
            .reduce(Action::OnSelected(MapAction::Run))
    }

    #[test]
    fn show_me_solves_every_lesson_its_runs_and_pauses_played_from_their_panes() {
        for place in 0..crate::lessons::all().len() {
            let mut s = Rc::new(AppState::demo())
                .reduce(Action::OpenLesson(place))
                .reduce(Action::ShowMe);
            let lesson = s.lesson.as_ref().unwrap().lesson.clone();
            let in_panes = lesson
                .solution
                .iter()
                // (A run without initial sync of maps not running is the Skip initial
                // sync button's, which has no pane.)
                .filter(|c| match c {
                    Command::Run { initial_sync, .. } => {
                        *initial_sync != dualwrite_engine::InitialSync::Skip
                    }
                    Command::Pause { .. } => true,
                    _ => false,
                })
                .count();
            let mut panes = 0;
            for _ in 0..=2 * lesson.solution.len() {
                if s.lesson.as_ref().and_then(|l| l.show_me).is_none() {
                    break;
                }
                let step = s.lesson.as_ref().and_then(|l| l.show_me);
                s = s.reduce(Action::ShowMeStep);
                // What the step acts on is on screen: its maps ticked, on the tab where
                // what it does shows.
                if let Some(command) = step.and_then(|i| lesson.solution.get(i)) {
                    let shown: Vec<&str> = s.selected.iter().map(String::as_str).collect();
                    for map in command.maps() {
                        // (A run ticks the map it is for, the last in sync order.)
                        let before_last = matches!(command, Command::Run { .. })
                            && command.maps().last() != Some(&map);
                        assert!(
                            before_last || shown.contains(&map),
                            "{}: {command:?} shows {shown:?}",
                            lesson.id
                        );
                    }
                    if let Some(tab) = DetailTab::showing(command) {
                        assert_eq!(s.tab, tab, "{}: {command:?}", lesson.id);
                    }
                }
                if s.run_pane.is_some() {
                    s = s.reduce(Action::ConfirmRun);
                    panes += 1;
                }
                if s.pause_pane.is_some() {
                    s = s.reduce(Action::ConfirmPause);
                    panes += 1;
                }
            }
            let id = &lesson.id;
            assert_eq!(
                s.lesson.as_ref().unwrap().show_me,
                None,
                "{id}: Show me ends"
            );
            // The history is the solution, step for step (its steps played from their
            // panes as the solution writes them), so that Show me's place is found again.
            assert_eq!(
                s.session.borrow().commands(),
                &lesson.solution[..],
                "{id}: the history is the solution"
            );
            assert_eq!(
                panes, in_panes,
                "{id}: each Run and Pause played from its pane"
            );
            // Its goals reached, as shown (watching is not solving).
            assert!(s.progress.shown.contains(id), "{id}: shown by Show me");
            assert!(
                !s.progress.solved.contains(id),
                "{id}: not counted as solved"
            );
        }
    }

    /// The merge-conflicts lesson with its first step shown in the Run pane: five maps,
    /// Customers V3 (the last) mastered by FinOps.
    fn merge_lesson_run_shown() -> Rc<AppState> {
        Rc::new(AppState::demo())
            .reduce(Action::OpenLesson(3))
            .reduce(Action::ShowMe)
            .reduce(Action::ShowMeStep)
    }

    #[test]
    fn a_pane_show_me_filled_then_changed_plays_the_trainees_run_and_stops_show_me() {
        let s = merge_lesson_run_shown();
        assert!(s.pane_as_show_me_filled());
        // The map the run is for is the one ticked, so its details show.
        assert_eq!(s.selected_in_order(), ["Customers V3"]);
        // Customers V3 (the last row) mastered by Dataverse, not by FinOps as the step.
        let s = s.reduce(Action::RunPaneMaster(4, Side::Dataverse));
        assert!(s.pane_shown_by_show_me() && !s.pane_as_show_me_filled());
        let s = s.reduce(Action::ConfirmRun);
        assert_eq!(
            s.map_part("Customers V3", |m| m.master),
            Some(Side::Dataverse),
            "the run as the trainee set it"
        );
        assert_eq!(s.lesson.as_ref().unwrap().show_me, None, "Show me stopped");
        let Some(Notice::Attention(said) | Notice::Info(said)) = &s.notice else {
            panic!("{:?}", s.notice);
        };
        assert!(said.starts_with("Run: "), "{said}");
        assert!(said.ends_with("Show me stopped: you acted yourself (press Show me to play the solution again from the start)"), "{said}");
        // Stopped by its button, it says so too.
        let s = s.reduce(Action::ShowMe).reduce(Action::StopShowMe);
        assert_eq!(s.lesson.as_ref().unwrap().show_me, None);
        assert!(
            matches!(&s.notice, Some(Notice::Info(t)) if t.starts_with("Show me stopped: carry on from here"))
        );
    }

    #[test]
    fn a_run_refused_from_the_pane_show_me_filled_leaves_its_step_to_play() {
        let s = merge_lesson_run_shown();
        assert!(s.pane_shown_by_show_me());
        assert_eq!(s.run_pane.as_ref().map(|p| p.rows.len()), Some(5));
        // With no map ticked, the engine refuses the run.
        let s = (0..5)
            .fold(s, |s, i| s.reduce(Action::RunPaneInclude(i)))
            .reduce(Action::ConfirmRun);
        assert!(
            s.run_pane.is_some(),
            "refused, the pane stays with its choices"
        );
        assert!(matches!(s.notice, Some(Notice::Error(_))), "{:?}", s.notice);
        let run = s.lesson.as_ref().unwrap();
        assert_eq!(run.show_me, Some(0), "the step is still the next one");
        assert!(!s.pane_shown_by_show_me());
        // A Run of the trainee's own, from the pane they open, is not Show me's: it stops.
        let s = s
            .reduce(Action::OnSelected(MapAction::Run))
            .reduce(Action::ConfirmRun);
        assert_eq!(s.lesson.as_ref().unwrap().show_me, None);
    }

    #[test]
    fn the_pane_lists_prerequisites_first_and_the_cycle() {
        let s = with_pane("Customers V3");
        let pane = s.run_pane.as_ref().unwrap();
        let names: Vec<&str> = pane.rows.iter().map(|r| r.map.as_str()).collect();
        assert_eq!(
            names,
            [
                "Legal entities",
                "Currencies",
                "Terms of payment",
                "Customer groups",
                "Customers V3"
            ]
        );
        assert!(pane.rows.iter().all(|r| r.include));
        assert_eq!(
            s.cycles_synced(pane),
            vec![vec!["Customers V3".to_string()]]
        );
    }

    #[test]
    fn confirming_runs_the_ticked_maps_in_the_chosen_order_with_their_masters() {
        let s = with_pane("Customer groups")
            .reduce(Action::RunPaneInclude(1))
            .reduce(Action::RunPaneMaster(0, Side::FinOps))
            .reduce(Action::RunPaneMove(2, -1))
            .reduce(Action::ConfirmRun);
        assert!(s.run_pane.is_none());
        let session = s.session.borrow();
        let Some(Command::Run {
            maps, initial_sync, ..
        }) = session.commands().last()
        else {
            panic!("a Run command was dispatched");
        };
        assert_eq!(*initial_sync, InitialSync::Run);
        let order: Vec<(&str, Option<Side>)> =
            maps.iter().map(|e| (e.map.as_str(), e.master)).collect();
        assert_eq!(
            order,
            [
                ("Legal entities", Some(Side::FinOps)),
                ("Customer groups", Some(Side::Dataverse))
            ]
        );
    }

    #[test]
    fn show_related_adds_the_dependents_unticked() {
        let s = with_pane("Legal entities").reduce(Action::RunPaneShowRelated);
        let pane = s.run_pane.as_ref().unwrap();
        assert_eq!(pane.rows.len(), 7);
        assert!(pane.rows[1..].iter().all(|r| r.dependent && !r.include));
        let s = s.reduce(Action::RunPaneShowRelated);
        assert_eq!(s.run_pane.as_ref().unwrap().rows.len(), 1);
    }

    /// The cycle's warning is for a run that passes the cycle's rows in an initial sync:
    /// not for one that resumes the map, nor one without an initial sync.
    #[test]
    fn a_cycle_is_warned_of_only_when_its_map_starts_with_an_initial_sync() {
        let s = with_pane("Customers V3");
        let pane = s.run_pane.clone().unwrap();
        assert_eq!(s.cycles_synced(&pane), [["Customers V3".to_string()]]);
        let s = s.reduce(Action::RunPaneInitialSync);
        assert!(s.cycles_synced(s.run_pane.as_ref().unwrap()).is_empty());
        // Live without an initial sync, paused: Run resumes it, no rows are passed.
        let s = s
            .reduce(Action::ConfirmRun)
            .reduce(Action::Dispatch(Command::Pause {
                maps: vec!["Customers V3".into()],
            }))
            .reduce(Action::OnSelected(MapAction::Run));
        let pane = s.run_pane.clone().unwrap();
        assert!(pane
            .rows
            .iter()
            .any(|r| r.map == "Customers V3" && r.include));
        assert!(s.cycles_synced(&pane).is_empty(), "{pane:?}");
        // Unticked, a map the run would start passes no rows either.
        let s = with_pane("Customers V3");
        let at = s
            .run_pane
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .position(|r| r.map == "Customers V3")
            .unwrap();
        let s = s.reduce(Action::RunPaneInclude(at));
        assert!(s.cycles_synced(s.run_pane.as_ref().unwrap()).is_empty());
    }

    /// The dependents come in a sync order too: every row ticked and run as listed, each
    /// map runs after the listed maps it looks up (Terms of payment before Customer
    /// groups, Vendor groups before Vendors V2), so none of their rows fails for it.
    #[test]
    fn related_maps_ticked_and_run_as_listed_run_prerequisites_first() {
        let mut s = with_pane("Legal entities").reduce(Action::RunPaneShowRelated);
        let listed: Vec<String> = s
            .run_pane
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .map(|r| r.map.clone())
            .collect();
        let at = |m: &str| listed.iter().position(|r| r == m).unwrap();
        assert!(at("Terms of payment") < at("Customer groups"), "{listed:?}");
        assert!(at("Vendor groups") < at("Vendors V2"), "{listed:?}");
        for i in 1..listed.len() {
            s = s.reduce(Action::RunPaneInclude(i));
        }
        let s = s
            .reduce(Action::ConfirmRun)
            .reduce(Action::Dispatch(Command::RunUntilIdle));
        let session = s.session.borrow();
        let group = session.state().map("Customer groups").unwrap();
        assert_eq!(
            group.status.kind(),
            StatusKind::Running,
            "{:?}",
            group.executions
        );
    }
}
