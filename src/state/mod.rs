//! UI state: the engine session plus what only the screen needs (selection, the last
//! message). The reducer is a thin adapter from UI actions to engine commands, split by
//! concern: the panes (`panes`), the inline editors (`editors`), the history and the
//! clock (`history`), whole sessions (`session_io`), lessons (`learning`), and here the
//! selection, the details and what the rest dispatches to the engine.

use std::collections::BTreeSet;
use std::rc::Rc;

use dualwrite_engine::{
    Action as MapAction, Command, CommandError, InitialSync, ResumeOption, RowId, RunEntry,
    Session, Side, Simulator, StatusKind, TableMap,
};
use yew::Reducible;

use dualwrite_engine::explain::Subject;
use dualwrite_engine::locate::RowAt;
use dualwrite_engine::share::Start;

use crate::autosave::KeptCopy;
use crate::builder::{Builder, BuilderField};
use crate::clock::Clock;
use crate::lessons::{LessonRun, Progress};
use crate::session::SharedSession;

mod editors;
mod history;
mod learning;
mod panes;
mod session_io;

pub(crate) use editors::filter_label;
pub use editors::{
    labels, AlertEditor, AlertField, FilterEditor, MappingDraft, MappingField, RowEditor,
    DATAVERSE_FIELD, FINOPS_COLUMN,
};
pub use panes::{PausePane, PauseRow, RunPane, RunRow, NO_RELATED_QUESTION};

/// A message shown to the user after an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The action was done.
    Info(String),
    /// The engine refused it.
    Error(String),
    /// The action was done, and something it caused needs attention (a retry that
    /// failed again, rows that failed in an initial sync, an alert): said, so that a
    /// failure does not read as a success.
    Attention(String),
    /// The action was done, but it took the open lesson off its way (a wrong turn):
    /// said politely, in the warning's colour and words, not as a success.
    Hint(String),
}

impl Notice {
    /// The same kind of notice, its words changed by `f`.
    fn map_text(self, f: impl FnOnce(String) -> String) -> Notice {
        match self {
            Notice::Info(t) => Notice::Info(f(t)),
            Notice::Error(t) => Notice::Error(f(t)),
            Notice::Attention(t) => Notice::Attention(f(t)),
            Notice::Hint(t) => Notice::Hint(f(t)),
        }
    }
}

/// The session the last lesson, link, load or reset replaced, kept to bring back.
#[derive(Clone, Debug)]
pub enum Kept {
    /// Replaced in this page: the whole state as it was (its own `before` empty).
    State(Box<AppState>),
    /// Kept by an earlier visit: the saved copy, read only if it is brought back (a
    /// large session is not imported at every page load), and where it started.
    Stored {
        /// The saved scenario file.
        text: String,
        /// Where it started (`demo`, `lesson:<id>`), when known.
        origin: Option<String>,
    },
}

/// What the notice bar offers beside its message, as a button (or, for a link made, the
/// link to copy and Hide).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Bring back the session that the last lesson, link, load or reset replaced.
    BringBack,
    /// Start over on the demo (after a reload restored the last session).
    ResetToDemo,
    /// The share link made, to copy by hand, and Hide; `made` is its number among the
    /// links made in the page (`AppState::links_made`).
    Link {
        /// The link.
        link: Rc<str>,
        /// Its number.
        made: u64,
    },
}

/// Events the feed shows for one command; a bulk command (a million rows played back)
/// reports counts already, so this bounds only unusual bursts.
pub const FEED_LENGTH: usize = 50;

/// Lines of the feed in view without scrolling its list when none wraps (its height holds
/// about four; a long line that wraps takes two, so this is a floor's guess, not a
/// measure): a line that needs attention further down is also shown above the list.
pub const FEED_IN_VIEW: usize = 4;

/// One line of the feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedLine {
    /// The event as the engine words it.
    pub words: String,
    /// Whether it calls for attention (a failure, an alert, a warning, a rollback).
    pub attention: bool,
}

/// What the last command did: its events in words, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Feed {
    /// The first [`FEED_LENGTH`] events.
    pub lines: Vec<FeedLine>,
    /// How many events were left out.
    pub more: usize,
    /// The events that call for attention where the list would hide them (after its
    /// first [`FEED_IN_VIEW`] lines, or left out), at most [`FEED_LENGTH`]: shown above
    /// the list as well.
    pub attention: Vec<String>,
    /// The lines are the app's own words, which the notice says too (an undo names the
    /// step it undid): shown, not announced a second time.
    pub said: bool,
}

impl Feed {
    /// A feed of one line that the app says itself (an undo names the step it undid:
    /// the events of the step before it would no longer be what just happened).
    fn said(line: String) -> Feed {
        Feed {
            lines: vec![FeedLine {
                words: line,
                attention: false,
            }],
            said: true,
            ..Feed::default()
        }
    }

    /// What the session's last command did (a row it deleted named by its key): a write
    /// that dual-write rolled back says so first, then what the failure still caused.
    fn of(session: &Session, result: &Result<Vec<dualwrite_engine::Event>, CommandError>) -> Feed {
        let (rollback, events) = match result {
            Ok(events) => (None, events.as_slice()),
            Err(e @ CommandError::RolledBack { .. }) => (Some(e.to_string()), e.events()),
            Err(e) => (None, e.events()),
        };
        let all: Vec<FeedLine> = rollback
            .map(|words| FeedLine {
                words,
                attention: true,
            })
            .into_iter()
            .chain(events.iter().map(|e| FeedLine {
                words: session.event_in_words(e),
                attention: e.needs_attention(),
            }))
            .collect();
        let hidden = all
            .iter()
            .skip(FEED_IN_VIEW)
            .filter(|l| l.attention)
            .take(FEED_LENGTH)
            .map(|l| l.words.clone())
            .collect();
        let more = all.len().saturating_sub(FEED_LENGTH);
        let mut lines = all;
        lines.truncate(FEED_LENGTH);
        Feed {
            lines,
            more,
            attention: hidden,
            said: false,
        }
    }
}

/// A part of the page a go-to key moves the focus to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The table maps' list (its checkbox that is the list's one Tab stop).
    Maps,
    /// The history (its current step), unfolded.
    History,
    /// The dependency graph (its node that is the graph's one Tab stop), unfolded.
    Graph,
    /// The selected map's details (its tab on show), or the details' heading.
    Details,
    /// The open lesson's heading, where its story starts (a lesson tried from the
    /// builder, whose Try it stays).
    Lesson,
}

/// Rows (or customers, queued changes) from which an action is said before it runs.
pub const WORK_SAID_FROM: u64 = 20_000;

/// A lesson's wrong turn (by its place) at a revision of the session, for a lesson (by
/// its address): `((revision, lesson), pitfall)`.
pub type PitfallAt = ((u64, usize), Option<usize>);

/// An action said before it runs (see [`AppState::working`]).
#[derive(Clone, Debug)]
pub struct Working {
    /// What is being done: "Running until idle: 105,000 rows to sync or play back".
    pub words: String,
    /// The action, done at the next frame.
    pub action: Box<Action>,
    /// Which work this is ([`AppState::work_said`] when it was said): the view asks for
    /// each once, even for the same words twice.
    pub said: u32,
}

/// The item of each roving-focus group that had the focus last, by map name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TabStops {
    maps: Option<String>,
    graph: Option<String>,
}

impl TabStops {
    /// The map last focused in the group at `place` (the map list or the graph).
    pub fn get(&self, place: Place) -> Option<&str> {
        match place {
            Place::Maps => self.maps.as_deref(),
            Place::Graph => self.graph.as_deref(),
            Place::History | Place::Details | Place::Lesson => None,
        }
    }

    fn set(&mut self, place: Place, map: String) {
        match place {
            Place::Maps => self.maps = Some(map),
            Place::Graph => self.graph = Some(map),
            Place::History | Place::Details | Place::Lesson => {}
        }
    }
}

/// The tabs of a map's details, in the product's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DetailTab {
    /// Table mappings (and the filters).
    #[default]
    Mappings,
    /// Initial sync details: the executions.
    InitialSync,
    /// Queued records while Paused or Resuming, and the queue capacity.
    Queued,
    /// Catch-up errors with Retry.
    CatchUpErrors,
    /// The activity log.
    ActivityLog,
    /// Alert settings.
    Alerts,
}

impl DetailTab {
    /// The tab where what `command` does to its maps shows, if one does: Retry's errors
    /// turning Completed, a rerun's execution, a stop's log line, a mapping changed.
    pub fn showing(command: &Command) -> Option<DetailTab> {
        match command {
            Command::RetryCatchUpErrors { .. } | Command::SkipToLiveSync { preserve: true, .. } => {
                Some(DetailTab::CatchUpErrors)
            }
            Command::SkipToLiveSync {
                preserve: false, ..
            }
            | Command::Stop { .. } => Some(DetailTab::ActivityLog),
            Command::RerunExecution { .. } => Some(DetailTab::InitialSync),
            // (A map's master shows in the Run pane, not in a tab.)
            Command::SetMappings { .. } | Command::SetFilter { .. } => Some(DetailTab::Mappings),
            Command::SetAlerts { .. } => Some(DetailTab::Alerts),
            Command::SetQueueCapacity { .. } => Some(DetailTab::Queued),
            _ => None,
        }
    }

    /// Every tab, in order.
    pub const ALL: [DetailTab; 6] = [
        DetailTab::Mappings,
        DetailTab::InitialSync,
        DetailTab::Queued,
        DetailTab::CatchUpErrors,
        DetailTab::ActivityLog,
        DetailTab::Alerts,
    ];

    /// The product's name of the tab.
    pub fn label(self) -> &'static str {
        match self {
            DetailTab::Mappings => "Table mappings",
            DetailTab::InitialSync => "Initial sync details",
            DetailTab::Queued => "Queued records",
            DetailTab::CatchUpErrors => "Catch-up errors",
            DetailTab::ActivityLog => "Activity log",
            DetailTab::Alerts => "Alert settings",
        }
    }
}

/// Everything the screen renders.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The engine, with its history; shared between successive states (see
    /// [`SharedSession`]): a command changes it in place and bumps `revision`.
    pub session: SharedSession,
    /// Selected maps, by name.
    pub selected: BTreeSet<String>,
    /// The last notice (set with [`AppState::say`]).
    pub notice: Option<Notice>,
    /// How many notices were said: the view keys the notice's words by it, so that the
    /// same words said twice (Tick, Tick) are a new text the live region reads out again.
    pub notice_said: u64,
    /// Counts changes of the session, so that the view renders and saves it after each
    /// one; two states of one session differ by it.
    pub revision: u64,
    /// Why autosave is off, once it failed (storage full or unavailable).
    pub autosave_off: Option<String>,
    /// Another tab of the app saved its session since this one did: autosave waits in
    /// this tab, so as not to write over that one, until the user says which to keep.
    pub saved_elsewhere: bool,
    /// Counts the saves the user asked for ("Save this tab's session instead"): the app
    /// saves at once when it moves.
    pub save_asked: u64,
    /// What the last command did, in words (its engine events, at most [`FEED_LENGTH`];
    /// how many more there were, if any).
    pub feed: Feed,
    /// The Run pane, while open.
    pub run_pane: Option<RunPane>,
    /// The Pause pane, while open.
    pub pause_pane: Option<PausePane>,
    /// The row editor, while open.
    pub editor: Option<RowEditor>,
    /// The last export, as scenario JSON (shared: a 100k-row export is 18 MB, and every
    /// state and render would otherwise copy it).
    pub exported: Option<Rc<str>>,
    /// The file name the export downloads under (from the title written in it).
    pub export_name: Rc<str>,
    /// Saved copies that no longer read, offered to download until the user does or
    /// forgets them (kept in storage apart from what autosave writes).
    pub broken: Vec<(KeptCopy, Rc<str>)>,
    /// The alert being created, while the form is open.
    pub alert_editor: Option<AlertEditor>,
    /// The filter being edited, while the form is open.
    pub filter_editor: Option<FilterEditor>,
    /// The execution shown in Initial sync details, as (map, execution id); the map's
    /// latest when unset.
    pub shown_execution: Option<(String, String)>,
    /// The mapping being added, while the form is open.
    pub mapping_draft: Option<MappingDraft>,
    /// The open lesson.
    pub lesson: Option<LessonRun>,
    /// Where the session started, by name (`demo`, `lesson:<id>`), when known: a share
    /// link then names it instead of carrying the whole starting state.
    pub origin: Option<String>,
    /// Whether the session is a file's or a link's, as loaded or opened: while unchanged
    /// (its `changes` at 0) the file or link still holds it, so a replacement does not
    /// keep it in the place of the session kept before it (see
    /// [`AppState::only_its_start`]).
    pub opened_copy: bool,
    /// The title of the scenario file the session came from (a file loaded, or the
    /// session saved by autosave): what an export and autosave write again.
    pub title: Option<Rc<str>>,
    /// The session kept to bring back could not be stored (too large for the browser's
    /// storage): it lasts as long as the page.
    pub before_in_page_only: bool,
    /// How many share links were made in this page: each link's number (the link itself
    /// is shown while its offer lasts, [`Offer::Link`]), so that what the clipboard
    /// answers late for one is not taken for another.
    pub links_made: u64,
    /// What the explanation panel explains, while open.
    pub explaining: Option<Subject>,
    /// The lesson builder, while open.
    pub builder: Option<Builder>,
    /// The lesson builder as it was closed (its lesson made, its texts): opened again
    /// on this session, it comes back as it was.
    pub builder_closed: Option<Builder>,
    /// Whether the clock plays by itself, and how fast.
    pub clock: Clock,
    /// The action the last command was refused, when it was refused for the map's
    /// status: the notice then offers the engine's explanation.
    pub refused: Option<Subject>,
    /// The form's fields whose text the last action could not take, by the field's
    /// label, and why: said at each field too (not only in the notice), until the next
    /// action.
    pub field_errors: Vec<(String, String)>,
    /// Show me or Start over asked once before dropping the trainee's steps, and how many
    /// steps (clock ticks aside) there were: pressed again on those, it goes on.
    pub losing_steps_asked: Option<(learning::Restart, usize)>,
    /// Lessons solved (kept across reloads).
    pub progress: Progress,
    /// The tab of the map's details on show.
    pub tab: DetailTab,
    /// Whether the details' tab panel is shown larger (the grids move down).
    pub tall_details: bool,
    /// Whether the side column (lessons, table maps, feed, history, files) is folded
    /// away, the work area taking its room (for the grids on a narrow screen).
    pub side_folded: bool,
    /// The part of the page a go-to key asked for last, numbered so that pressing it
    /// again asks again (the app's view moves the focus there).
    pub go_to: Option<(Place, u32)>,
    /// The map whose checkbox (in the map list) and whose node (in the graph) had the
    /// focus last: each group's one Tab stop, so that Tab back into it returns there.
    pub tab_stops: TabStops,
    /// Whether the keyboard help is open.
    pub help: bool,
    /// An action that takes a while at the sizes users reach (Run until idle over many
    /// rows, Generate of many customers), said on screen and done at the next frame, so
    /// that the page says it is working rather than freezing without a word.
    pub working: Option<Working>,
    /// How many times work was said (numbers each [`Working`]).
    pub work_said: u32,
    /// The open lesson's wrong turn at a revision of the session, by lesson (see
    /// [`AppState::lesson_pitfall`]); shared by the states of one session.
    pub pitfall_memo: Rc<std::cell::Cell<Option<PitfallAt>>>,
    /// Whether the single-key shortcuts (letters and `?`) act: they can be turned off
    /// (in the help), as WCAG 2.1.4 asks, for speech input and screen readers' keys.
    pub letter_keys: bool,
    /// Whether the lesson list is unfolded (after "All lessons" closed a lesson).
    pub lesson_list_open: bool,
    /// The Skip to live sync pane, open with its choice: keep the rest of the queue as
    /// catch-up errors (`true`) or discard it.
    pub skip_pane: Option<bool>,
    /// The row selected in a grid (its pair on the other side is highlighted too).
    pub selected_row: Option<RowAt>,
    /// Bumped when a row is to be scrolled into view (see [`Action::ShowRow`]).
    pub reveal: u64,
    /// The pane of a mapping (its direction and transform), when open.
    pub transform: Option<crate::transform::TransformPane>,
    /// How many of the latest steps the timeline lists (more on request).
    pub timeline_shown: usize,
    /// The session the last lesson, link, load or reset replaced (its own `before`
    /// empty), so that nothing is lost: [`Action::BringBack`] swaps it back in. A session
    /// that was only its start is not kept (see [`AppState::replace_with`]): this is then
    /// the last one with steps.
    pub before: Option<Rc<Kept>>,
    /// What the notice bar offers, until the next action.
    pub offer: Option<Offer>,
    /// The catch-up errors ticked for "Retry selected", as (map, error id).
    pub ticked_errors: BTreeSet<(String, u64)>,
}

impl PartialEq for AppState {
    fn eq(&self, other: &AppState) -> bool {
        self.session.ptr_eq(&other.session)
            && self.revision == other.revision
            && self.selected == other.selected
            && self.notice == other.notice
            && self.notice_said == other.notice_said
            && self.run_pane == other.run_pane
            && self.pause_pane == other.pause_pane
            && self.editor == other.editor
            && self.exported == other.exported
            && self.broken == other.broken
            && self.alert_editor == other.alert_editor
            && self.filter_editor == other.filter_editor
            && self.shown_execution == other.shown_execution
            && self.mapping_draft == other.mapping_draft
            && self.lesson == other.lesson
            && self.origin == other.origin
            && self.title == other.title
            && self.before_in_page_only == other.before_in_page_only
            && self.explaining == other.explaining
            && self.builder == other.builder
            && self.clock == other.clock
            && self.refused == other.refused
            && self.progress == other.progress
            && self.tab == other.tab
            && self.tall_details == other.tall_details
            && self.help == other.help
            && self.lesson_list_open == other.lesson_list_open
            && self.skip_pane == other.skip_pane
            && self.selected_row == other.selected_row
            && self.reveal == other.reveal
            && self.transform == other.transform
            && self.timeline_shown == other.timeline_shown
            && match (&self.before, &other.before) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
            && self.offer == other.offer
            && self.ticked_errors == other.ticked_errors
    }
}

/// What the user can do on the screen.
#[derive(Clone, Debug)]
pub enum Action {
    /// Tick or untick a map.
    Toggle(String),
    /// Select one map alone (a node of the dependency graph).
    SelectOnly(String),
    /// Apply a map action to the selected maps.
    OnSelected(MapAction),
    /// Run the selected maps without initial sync ("Skip initial sync").
    SkipInitialSync,
    /// Rerun the failed initial sync of every selected map that has one.
    RerunExecution,
    /// Send any engine command.
    Dispatch(Command),
    /// Undo the last command.
    Undo,
    /// Redo the next command.
    Redo,
    /// Rewind (or go forward) to the state after the first `n` commands of the log.
    Goto(usize),
    /// List more of the timeline's earlier steps.
    TimelineEarlier,
    /// Open the Run pane for the selected maps and their prerequisites.
    OpenRunPane,
    /// Close the Run pane without running.
    CloseRunPane,
    /// Tick or untick a map of the Run pane.
    RunPaneInclude(usize),
    /// Move a map of the Run pane up (-1) or down (+1) in the sync order.
    RunPaneMove(usize, isize),
    /// Move a map of the Run pane from one place to another (drag and drop).
    RunPaneDrop(usize, usize),
    /// Set the Master for initial sync of a map of the Run pane.
    RunPaneMaster(usize, Side),
    /// Turn the Initial sync checkbox on or off.
    RunPaneInitialSync,
    /// Choose the resume option for paused maps.
    RunPaneResume(ResumeOption),
    /// Turn "Show related table map(s)" on or off.
    RunPaneShowRelated,
    /// Run what the pane lists (asking first when it leaves out every related map it
    /// offers, as the product does).
    ConfirmRun,
    /// "No" to the question of running without related maps: back to the pane.
    RunPaneBack,
    /// Edit a row of a table.
    EditRow(Side, String, RowId),
    /// Start a new row in a table.
    NewRow(Side, String),
    /// Text typed in a column of the row editor.
    EditCell(usize, String),
    /// Write the edited row (through the engine, so dual-write reacts).
    SaveRow,
    /// Close the row editor without writing.
    CancelRow,
    /// Delete a row.
    DeleteRow(Side, String, RowId),
    /// Show the session as scenario JSON.
    Export,
    /// Replace the session with a scenario's JSON pasted in the page; a bad one changes
    /// nothing.
    Import(String),
    /// [`Action::Import`] of a file chosen: the file still holds what it loads.
    ImportFile(String),
    /// Start over on the demo (the saved session is replaced).
    ResetToDemo,
    /// The session could not be saved: why.
    AutosaveFailed(String),
    /// The session was saved again after a failure: autosave is back on.
    AutosaveWorks,
    /// Another tab of the app saved its session where this one saves.
    SavedElsewhere,
    /// Save this tab's session where the sessions are saved, over the other tab's, and
    /// autosave again.
    SaveThisTab,
    /// What storage answered to [`Action::SaveThisTab`].
    SavedThisTab(Result<(), String>),
    /// The user downloaded or dismissed a saved copy that no longer reads.
    ForgetBroken(KeptCopy),
    /// A scenario file was refused before it was read (too large).
    RefuseFile(String),
    /// The session kept to bring back did not fit in the browser's storage.
    BeforeNotStored,
    /// A chosen file is being read (its name and size, in words): said at once, as a
    /// large one takes a moment.
    ReadingFile(String),
    /// Set the rows an Initializing or Resuming map advances per tick, as typed.
    SetRowsPerTick(String),
    /// Set a map's queue capacity, as typed.
    SetQueueCapacity(String, String),
    /// Open the "Create alert settings" form for a map.
    NewAlert(String),
    /// A field of the alert form changed.
    EditAlert(AlertField),
    /// Add the alert of the form to the map's alert settings.
    SaveAlert,
    /// Close the alert form without saving.
    CancelAlert,
    /// Remove one of a map's alert settings (by its place in the list).
    RemoveAlert(String, usize),
    /// Open the filter of a map's side for editing.
    EditFilter(String, Side),
    /// The filter text typed.
    FilterText(String),
    /// Set the map's filter to the text (the engine parses it).
    SaveFilter,
    /// Close the filter form without saving.
    CancelFilter,
    /// Show one execution of a map's history in Initial sync details.
    ShowExecution(String, String),
    /// Tick or untick a map of the Pause pane.
    PausePaneInclude(usize),
    /// Pause what the Pause pane has ticked.
    ConfirmPause,
    /// Close the Pause pane without pausing.
    ClosePausePane,
    /// Delete a map's column mapping (by its place).
    DeleteMapping(String, usize),
    /// Open the "Add mapping" form for a map.
    NewMapping(String),
    /// A field of the "Add mapping" form changed.
    EditMapping(MappingField),
    /// Add the form's mapping to the map.
    SaveMapping,
    /// Close the "Add mapping" form without adding.
    CancelMapping,
    /// Open a lesson (by its place in the list): the session starts over at its start.
    OpenLesson(usize),
    /// Open a share link's session (the code after `#share=`), pasted into the address
    /// bar of the open page.
    OpenLink(String),
    /// Swap back the session that the last lesson, link, load or reset replaced.
    BringBack,
    /// Tick or untick a map's catch-up error (by id) for "Retry selected".
    TickCatchUpError(String, u64),
    /// Retry the map's ticked catch-up errors.
    RetrySelected(String),
    /// Make a share link of the session (and copy it).
    MakeLink,
    /// Put away the link shown.
    HideLink,
    /// The clipboard took the link made `made`th (`copied`), or the browser refused it.
    LinkCopied {
        /// Which link (its number, [`Offer::Link`]).
        made: u64,
        /// Whether it is on the clipboard.
        copied: bool,
    },
    /// Play (true) or pause (false) the clock.
    ClockPlay(bool),
    /// Set the clock's speed, in ticks a second.
    ClockSpeed(u32),
    /// A beat of the playing clock: the ticks of one beat, as one command.
    ClockBeat,
    /// Open the lesson builder on the session.
    OpenBuilder,
    /// Close the lesson builder.
    CloseBuilder,
    /// A field of the builder typed into.
    BuilderField(BuilderField),
    /// Tick or untick a goal the builder offers.
    BuilderGoal(usize),
    /// Make the lesson (checked by the engine).
    BuilderMake,
    /// Open the lesson made, as a trainee would.
    BuilderTry,
    /// Record a wrong turn: the steps taken in the lesson made, being tried.
    BuilderRecordTurn,
    /// Tick or untick a fact that shows the wrong turn being recorded.
    BuilderTurnShows(usize),
    /// Add the wrong turn being recorded to the lesson (checked by the engine).
    BuilderAddTurn,
    /// Leave the wrong turn being recorded.
    BuilderCancelTurn,
    /// Take a wrong turn out of the lesson.
    BuilderRemoveTurn(usize),
    /// A lesson file chosen to edit in the builder.
    BuilderLoad(String),
    /// The chosen lesson file could not be read.
    BuilderLoadFailed(String),
    /// Generate that many customers, as typed.
    GenerateCustomers(String),
    /// Do the work said before (see [`AppState::working`]): dispatched by the view once
    /// the page has shown that it is working.
    RunWork,
    /// Show the engine's explanation of something.
    Explain(Subject),
    /// Close the explanation.
    CloseExplanation,
    /// Close the explanation, as the focus went to what it lay over (no doing of the
    /// user's but a move of the focus: passive, as [`Action::TabStop`]).
    ExplanationCovered,
    /// Close the lesson panel (the session stays as it is).
    CloseLesson,
    /// Show the open lesson's next hint.
    NextHint,
    /// Put the session back at the open lesson's start.
    LessonStartOver,
    /// Start over and play the lesson's solution, a step at a time.
    ShowMe,
    /// Play the next step of "Show me".
    ShowMeStep,
    /// Stop "Show me" where it is.
    StopShowMe,
    /// Show a tab of the map's details.
    ShowTab(DetailTab),
    /// Show the details' tab panel larger, or back to its usual height.
    TallDetails(bool),
    /// Fold the side column away (true), or show it again.
    FoldSide(bool),
    /// Move the focus to a part of the page (unfolding the side column for its parts).
    GoTo(Place),
    /// An item of a group that is one Tab stop (the map list, the graph) took the focus:
    /// it is the group's stop from now on (the map's name).
    TabStop(Place, String),
    /// Open or close the keyboard help.
    Help(bool),
    /// Turn the single-key shortcuts on or off.
    LetterKeys(bool),
    /// Choose, in the Skip to live sync pane, to keep the rest of the queue (or not).
    SkipPanePreserve(bool),
    /// Skip to live sync on the selected maps as the pane says.
    ConfirmSkip,
    /// Close the Skip to live sync pane.
    CloseSkipPane,
    /// Select a row of a grid (or unselect it when it is the selected one).
    SelectRow(RowAt),
    /// An action of the mapping pane.
    Transform(crate::transform::TransformAction),
    /// Open the row a conflict, a failed row, a queued change or a catch-up error names:
    /// selected, scrolled into view and in the editor.
    ShowRow(Subject),
    /// A keyboard shortcut: its action, if it is available now.
    Shortcut(crate::actions::Act),
}

impl AppState {
    /// The demo, nothing selected.
    pub fn demo() -> AppState {
        let mut state = AppState::new(dualwrite_engine::demo());
        state.origin = Some("demo".into());
        state
    }

    /// Says `notice` in the notice line, as a new notice even when its words are the
    /// last one's.
    pub(crate) fn say(&mut self, notice: Notice) {
        self.notice = Some(notice.map_text(shortened));
        self.notice_said += 1;
    }

    /// Takes the offer away (a link shown with it too); whether there was one.
    fn drop_offer(&mut self) -> bool {
        self.offer.take().is_some()
    }

    /// The share link shown, and its number among the links made, while its offer lasts.
    pub fn share_link(&self) -> Option<(&str, u64)> {
        match &self.offer {
            Some(Offer::Link { link, made }) => Some((link, *made)),
            _ => None,
        }
    }

    /// Says `notice` in place of the one shown and of what it offered (words that are
    /// not the user's doing, such as a clock beat's, with no offer of their own).
    fn say_instead(&mut self, notice: Notice) {
        self.drop_offer();
        self.say(notice);
    }

    /// Adds `words` after what the notice says (of the same kind), or says them alone.
    fn say_also(&mut self, words: &str) {
        self.add_to_notice(words, Notice::Info);
    }

    /// Adds a wrong turn's pointer to the notice: a done action's words become a hint
    /// (no longer said as a plain success); an error or attention keeps its kind.
    fn say_wrong_turn(&mut self, words: &str) {
        self.add_to_notice(words, Notice::Hint);
    }

    /// The notice with `words` after it; `done` is the kind a done action's words (or
    /// `words` alone) take.
    fn add_to_notice(&mut self, words: &str, done: fn(String) -> Notice) {
        let with = |text: String| format!("{}. {words}", text.trim_end_matches('.'));
        let said = match self.notice.take() {
            Some(Notice::Info(text) | Notice::Hint(text)) => done(with(text)),
            // An error or an attention keeps its kind.
            Some(kept) => kept.map_text(with),
            None => done(words.to_string()),
        };
        self.say(said);
    }

    /// The wrong turn the open lesson notices now, by its place among its pitfalls:
    /// worked out once per revision of the session (not at every action: a clock beat,
    /// a focus move), for the reducer and the lesson panel alike.
    pub(crate) fn lesson_pitfall(&self) -> Option<usize> {
        let run = self.lesson.as_ref()?;
        let key = (self.revision, Rc::as_ptr(&run.lesson) as usize);
        if let Some((_, pitfall)) = self.pitfall_memo.get().filter(|(at, _)| *at == key) {
            return pitfall;
        }
        let pitfall = run.lesson.pitfall(&self.session.borrow()).map(|(i, _)| i);
        self.pitfall_memo.set(Some((key, pitfall)));
        pitfall
    }

    /// The copies that no longer load, each kind's in the order of their places, one kept
    /// in the page only last (the line that says autosave waits points at it).
    pub(crate) fn sort_broken(&mut self) {
        dualwrite_engine::order::sort_by_key(&mut self.broken, |(copy, _)| {
            (
                copy.kind,
                // (The first copy, unnumbered, first; one kept in the page only for want of
                // room, last.)
                match (copy.slot, copy.full) {
                    (None, false) => u8::MAX,
                    _ => copy.number().unwrap_or(1),
                },
            )
        });
    }

    /// Offers a saved copy that no longer reads, to download (each copy once).
    fn keep_broken(&mut self, copy: KeptCopy, text: String) {
        let offered = |(c, t): &(KeptCopy, Rc<str>)| c.kind == copy.kind && **t == *text;
        if !self.broken.iter().any(offered) {
            self.broken.push((copy, text.into()));
        }
    }

    /// The session the last visit saved, or the demo, saying which.
    pub fn restored() -> AppState {
        let mut state = AppState::restored_session();
        state.letter_keys = crate::autosave::letter_keys();
        let (progress, broken) = Progress::restore();
        state.progress = progress;
        if let Some((reason, text)) = broken {
            let copy = crate::autosave::Broken::Lessons.keep(&text, crate::lessons::KEY);
            state.keep_broken(copy, text);
            state.say(Notice::Error(format!(
                "The saved lesson progress could not be read ({reason}): the lessons start afresh, and the saved copy is kept to download, in a line below"
            )));
        }
        // Copies an earlier visit kept and the user neither downloaded nor forgot.
        for (copy, text) in crate::autosave::Broken::kept() {
            state.keep_broken(copy, text);
        }
        state.sort_broken();
        // The lesson open at the last visit is open again, on the restored session.
        state.lesson = match &state.progress.custom {
            Some(file) => LessonRun::custom(file.clone()),
            None => state.progress.open.as_deref().and_then(LessonRun::by_id),
        };
        if let Some(run) = state.lesson.as_mut() {
            run.watched = state.progress.watched;
            run.shared = state.progress.shared;
            run.hints = state.progress.hints.min(run.lesson.hints.len());
            state.origin = run.start_name();
        }
        // Show me carries on where it was, if the session is where its next step starts.
        if let Some(next) = state.progress.show_me {
            let playing = state.lesson.as_ref().is_some_and(|run| {
                next < run.lesson.solution.len()
                    && state.session.borrow().cursor() == next
                    && state.replays_solution(run)
            });
            if let Some(run) = state.lesson.as_mut().filter(|_| playing) {
                run.show_me = Some(next);
            }
        }
        state.open_link_of_location();
        state
    }

    /// Opens the share link the page was opened with, if any (see [`AppState::open_link`]).
    fn open_link_of_location(&mut self) {
        if let Some(code) = crate::share::from_location() {
            self.open_link(&code);
        }
    }

    /// Opens a share link's code: its session replaces the workspace, which is kept to
    /// bring back; a link that does not open leaves the workspace as it was and says why.
    pub(crate) fn open_link(&mut self, code: &str) {
        match dualwrite_engine::share::decode(code) {
            Ok(shared) => {
                let mut opened = AppState::from_session(shared.session);
                opened.opened_copy = true;
                // The title it was shared with: its exports are named by it here too.
                opened.title = shared.title.as_deref().map(Into::into);
                opened.feed_of_last_step();
                if let Some(view) = &shared.view {
                    opened.look_at(view);
                }
                opened.origin = shared.start.name();
                opened.lesson = match &shared.start {
                    Start::Lesson(id) => LessonRun::by_id(id),
                    Start::CustomLesson(file) => LessonRun::custom((**file).clone()),
                    _ => None,
                };
                // Steps taken by whoever shared it are theirs: a lesson they solved (or
                // Show me played) is not solved here until solved here, Start over. (Its
                // whole history: steps undone before sharing come back by Redo.)
                let steps_taken = !opened.session.borrow().commands().is_empty();
                let solved_there = opened.lesson.as_mut().is_some_and(|run| {
                    run.shared = steps_taken;
                    steps_taken && run.lesson.solved(&opened.session.borrow())
                });
                // (Progress carries over to the session opened.)
                let solved_before = opened
                    .lesson
                    .as_ref()
                    .is_some_and(|run| self.progress.solved.contains(&run.lesson.id));
                let kept = self.replace_with(opened);
                let lesson_note = match (solved_there, solved_before) {
                    (true, true) => ". Its lesson's goals are all reached in it; you solved this lesson yourself before: it stays solved",
                    (true, false) => ". Its lesson's goals are all reached in it: the lesson counts as solved here once you solve it yourself (Start over)",
                    (false, _) => "",
                };
                let titled = self
                    .title
                    .as_deref()
                    .map(|t| format!(" '{t}'"))
                    .unwrap_or_default();
                self.say(Notice::Info(format!(
                    "Opened the shared session{titled}: the state and history are the ones shared{lesson_note}{}",
                    self.kept_note(kept)
                )));
            }
            Err(e) => {
                self.say(Notice::Error(format!(
                    "The link could not be opened: {e}. Your workspace is as you left it."
                )));
            }
        }
    }

    /// Where the screen is, as a link carries it: the ticked maps and the tab on show.
    pub(crate) fn view(&self) -> dualwrite_engine::share::View {
        dualwrite_engine::share::View {
            maps: self.selected.iter().cloned().collect(),
            tab: Some(self.tab.label().to_string()),
        }
    }

    /// Shows what a link's sender looked at, or what the screen showed before a reload:
    /// the maps ticked that are maps here, and the tab when this version has one of that
    /// name (the rest is left as it opens).
    fn look_at(&mut self, view: &dualwrite_engine::share::View) {
        let session = self.session.borrow();
        let selected = view
            .maps
            .iter()
            .filter(|m| session.state().map(m).is_ok())
            .cloned()
            .collect();
        drop(session);
        self.selected = selected;
        if let Some(tab) = DetailTab::ALL
            .into_iter()
            .find(|t| view.tab.as_deref() == Some(t.label()))
        {
            self.tab = tab;
        }
    }

    fn restored_session() -> AppState {
        let mut state = match crate::autosave::restore() {
            crate::autosave::Restored::Nothing => {
                let mut state = AppState::demo();
                if let Some(reason) = crate::autosave::unsaved() {
                    state.say(Notice::Attention(format!(
                        "The session on screen at your last visit could not be kept in this browser ({reason}): the demo is open. Export (under Save or load a scenario) keeps a session of that size as a file"
                    )));
                }
                state
            }
            crate::autosave::Restored::Session(session, title) => {
                let mut state = AppState::from_session(*session);
                state.feed_of_last_step();
                state.title = (title != crate::autosave::UNTITLED).then(|| title.into());
                // Where the screen was: the ticked maps that are still maps, the tab (kept
                // by its place).
                if let Some((tab, maps)) = crate::autosave::restore_view() {
                    state.look_at(&dualwrite_engine::share::View {
                        maps,
                        tab: DetailTab::ALL.get(tab).map(|t| t.label().to_string()),
                    });
                }
                state.say(match crate::autosave::unsaved() {
                    None => Notice::Info(
                        "Your last session was restored (it is saved after every command)"
                            .into(),
                    ),
                    Some(reason) => Notice::Attention(format!(
                        "The session on screen at your last visit could not be kept in this browser ({reason}): this is the last session saved before it. Export (under Save or load a scenario) keeps a session of that size as a file"
                    )),
                });
                state.offer = Some(Offer::ResetToDemo);
                state
            }
            crate::autosave::Restored::Broken { reason, text } => {
                let mut state = AppState::demo();
                state.say(Notice::Error(format!(
                    "The saved session could not be loaded ({reason}); the demo is open, and the saved copy is kept to download, in a line below"
                )));
                // Kept apart: autosave writes the session's key at the next command.
                let copy = crate::autosave::Broken::Session.keep(&text, crate::autosave::KEY);
                // Kept in the page only, it is still under the session's key: autosave
                // waits ([`AppState::autosave_held`]), so that a step does not write
                // over it.
                state.keep_broken(copy, text);
                state
            }
        };
        state.before = crate::autosave::restore_before()
            .map(|(text, origin)| Rc::new(Kept::Stored { text, origin }));
        // After a session too large to save, the last one saved opens: when that is the
        // very session kept to bring back (the large one replaced it), there is nothing
        // else to bring back, and Bring back would only say so.
        if crate::autosave::unsaved().is_some() {
            let same = match state.before.as_deref() {
                Some(Kept::Stored { text, .. }) => dualwrite_engine::format::import(text)
                    .is_ok_and(|(before, _)| {
                        let text = |s: &Session| dualwrite_engine::format::export(s, "");
                        text(&before) == text(&state.session.borrow())
                    }),
                _ => false,
            };
            if same {
                state.before = None;
                crate::autosave::forget_kept();
            }
        }
        state
    }

    /// "What just happened" for a session opened with its log (restored at a reload,
    /// shared by a link), which keeps the commands, not their events: the events of its
    /// last step, as the engine gives them again.
    fn feed_of_last_step(&mut self) {
        let result = self.session.edit(|s| s.last_events());
        if let Some(result) = result {
            self.feed = Feed::of(&self.session.borrow(), &result);
        }
    }

    /// Whether autosave waits: a saved session that no longer loads could not be kept
    /// apart (no room), so it is still where the session is saved. Until it is
    /// forgotten, a save would write over it.
    pub fn autosave_held(&self) -> bool {
        self.autosave_held_because().is_some()
    }

    /// Why the field labelled `label` was not taken by the last action, if it was not.
    pub fn field_error_for(&self, label: &str) -> Option<&str> {
        self.field_errors
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, why)| why.as_str())
    }

    /// Why the number setting labelled `label` was not taken, for its view.
    pub fn setting_error(&self, label: &str) -> Option<yew::AttrValue> {
        self.field_error_for(label)
            .map(|why| yew::AttrValue::from(why.to_string()))
    }

    /// Says why a form's field was not taken: in the notice (after what it says of the
    /// form's other fields refused by the same action), and at the field.
    pub(crate) fn refuse_field(&mut self, label: &str, why: String) {
        if self.field_errors.is_empty() {
            self.say(Notice::Error(why.clone()));
        } else {
            self.add_to_notice(&why, Notice::Error);
        }
        self.mark_field(label, why);
    }

    /// Says why a form's field was not taken at the field only (the notice says it).
    pub(crate) fn mark_field(&mut self, label: &str, why: String) {
        self.field_errors.push((label.to_string(), shortened(why)));
    }

    /// Whether the session on screen is not autosaved here: storage refused it, a copy
    /// that no longer loads holds autosave back, or another tab saved its own since.
    pub fn unsaved_here(&self) -> bool {
        self.autosave_off.is_some() || self.autosave_held() || self.saved_elsewhere
    }

    /// Why autosave waits ([`AppState::autosave_held`]), in words.
    pub fn autosave_held_because(&self) -> Option<&'static str> {
        self.broken
            .iter()
            .find(|(copy, _)| copy.kind == crate::autosave::Broken::Session && copy.slot.is_none())
            .map(|(copy, _)| {
                if copy.full {
                    crate::autosave::HELD_FULL
                } else {
                    crate::autosave::HELD
                }
            })
    }

    /// A state over any simulator.
    pub fn new(sim: Simulator) -> AppState {
        AppState::from_session(Session::new(sim))
    }

    /// A state over a session (with its history), nothing selected.
    pub fn from_session(session: Session) -> AppState {
        AppState {
            session: SharedSession::new(session),
            selected: BTreeSet::new(),
            notice: None,
            notice_said: 0,
            revision: 0,
            autosave_off: None,
            saved_elsewhere: false,
            save_asked: 0,
            feed: Feed::default(),
            run_pane: None,
            pause_pane: None,
            editor: None,
            exported: None,
            export_name: Rc::from(""),
            broken: Vec::new(),
            alert_editor: None,
            filter_editor: None,
            shown_execution: None,
            mapping_draft: None,
            lesson: None,
            origin: None,
            opened_copy: false,
            title: None,
            before_in_page_only: false,
            links_made: 0,
            explaining: None,
            builder: None,
            builder_closed: None,
            clock: Clock::default(),
            refused: None,
            field_errors: Vec::new(),
            losing_steps_asked: None,
            progress: Progress::default(),
            tab: DetailTab::default(),
            tall_details: false,
            side_folded: false,
            go_to: None,
            tab_stops: TabStops::default(),
            help: false,
            working: None,
            work_said: 0,
            pitfall_memo: Rc::default(),
            letter_keys: true,
            lesson_list_open: false,
            skip_pane: None,
            selected_row: None,
            reveal: 0,
            transform: None,
            timeline_shown: crate::timeline::TIMELINE_LENGTH,
            before: None,
            offer: None,
            ticked_errors: BTreeSet::new(),
        }
    }

    /// Whether a dialog (a pane or the help) is open.
    pub fn dialog_open(&self) -> bool {
        self.run_pane.is_some()
            || self.pause_pane.is_some()
            || self.skip_pane.is_some()
            || self.transform.is_some()
            || self.help
    }

    /// Selected maps in list order.
    pub fn selected_in_order(&self) -> Vec<String> {
        self.session
            .borrow()
            .state()
            .maps
            .iter()
            .filter(|m| self.selected.contains(&m.name))
            .map(|m| m.name.clone())
            .collect()
    }

    /// Whether every selected map allows `action` (the engine's own table decides).
    pub fn enabled(&self, action: MapAction) -> bool {
        let session = self.session.borrow();
        let sim = session.state();
        !self.selected.is_empty()
            && self.selected.iter().all(|n| {
                sim.map(n)
                    .map(|m| m.status.kind().allows(action))
                    .unwrap_or(false)
            })
    }

    /// Whether the row editor holds unsaved typing: then it stays open, and the notice
    /// says why, rather than losing what was typed to another row's editor.
    fn keeps_unsaved_edit(&mut self) -> bool {
        let Some(open) = self.editor.as_ref().filter(|e| e.unsaved()) else {
            return false;
        };
        let which = match open.row {
            Some(_) => "the row being edited",
            None => "the new row",
        };
        self.say(Notice::Error(format!(
            "Save or cancel {which} first: its changes are not saved yet"
        )));
        true
    }

    /// Whether Resume is offered: every selected map is Paused (the engine decides).
    pub fn resumable(&self) -> bool {
        let names: Vec<&str> = self.selected.iter().map(String::as_str).collect();
        !names.is_empty()
            && self
                .session
                .borrow()
                .state()
                .why_not_resume(&names)
                .is_none()
    }

    /// Whether "Skip initial sync" is offered for every selected map (the engine decides).
    pub fn skippable(&self) -> bool {
        let session = self.session.borrow();
        let sim = session.state();
        !self.selected.is_empty() && self.selected.iter().all(|n| sim.can_skip_initial_sync(n))
    }

    /// The catch-up errors of `map` ticked and still pending: what "Retry selected"
    /// retries (Retry All may have done the others).
    pub fn ticked_pending(&self, map: &TableMap) -> Vec<u64> {
        map.pending_catch_up_error_ids()
            .into_iter()
            .filter(|id| self.ticked_errors.contains(&(map.name.clone(), *id)))
            .collect()
    }

    /// Whether every selected map's last initial sync failed, for "Rerun execution".
    pub fn rerunnable(&self) -> bool {
        let session = self.session.borrow();
        let sim = session.state();
        !self.selected.is_empty() && self.selected.iter().all(|n| sim.can_rerun(n))
    }

    /// Replaces the session by `new`'s (a lesson, a link, a load, a reset). The session
    /// replaced is kept, to bring back ([`Action::BringBack`]; autosave keeps it too), and
    /// what outlives sessions (lesson progress) carries over. The new session is saved at
    /// once, so that a reload finds it.
    ///
    /// A session that is only its start (no step taken, its start known by name: the
    /// demo, a lesson) is not kept: there is nothing in it to bring back, and the session
    /// kept before it stays the one to bring back.
    ///
    /// Gives back whether it kept the session it replaced.
    pub(crate) fn replace_with(&mut self, new: AppState) -> bool {
        let mut old = self.take_session(new);
        if old.only_its_start() {
            return false;
        }
        old.before = None;
        old.offer = None;
        old.notice = None;
        self.before = Some(Rc::new(Kept::State(Box::new(old))));
        self.before_in_page_only = false;
        self.offer = Some(Offer::BringBack);
        true
    }

    /// Whether the state holds nothing but its start: no step taken and a start known by
    /// name (the demo, a lesson), or a file or link as opened and not changed since (it
    /// is still in the file or link); and nothing typed or shown that a replacement would
    /// lose (an open editor or form, the lesson builder, an export, such as the copy of a
    /// saved session that did not load).
    fn only_its_start(&self) -> bool {
        let named_start = self.session.borrow().commands().is_empty() && self.origin.is_some();
        let unchanged_copy = self.opened_copy && self.session.changes() == 0;
        (named_start || unchanged_copy)
            && self.exported.is_none()
            && self.editor.is_none()
            && self.builder.is_none()
            && self.alert_editor.is_none()
            && self.filter_editor.is_none()
            && self.mapping_draft.is_none()
            && self.transform.is_none()
    }

    /// Puts `new`'s session in place, carrying over what outlives sessions, and gives
    /// back the state it replaced; the kept session stays as it was.
    fn take_session(&mut self, new: AppState) -> AppState {
        let before = self.before.take();
        let old = std::mem::replace(self, new);
        self.progress = old.progress.clone();
        self.broken = old.broken.clone();
        // Another tab's session is still where this one would be saved: a new session
        // here (a lesson, a file, a link, Reset) waits as the old one did.
        self.saved_elsewhere = old.saved_elsewhere;
        self.revision = old.revision + 1;
        // Counted on: the next notice is a new one even with the last one's words.
        self.notice_said = old.notice_said + 1;
        self.before = before;
        old
    }

    /// Swaps back the session the last replacement kept: the one on screen is kept in its
    /// place, so a second Bring back returns to it.
    fn bring_back(&mut self) {
        let Some(before) = self.before.clone() else {
            self.say(Notice::Error("No previous session to bring back".into()));
            return;
        };
        let back = match &*before {
            Kept::State(state) => (**state).clone(),
            Kept::Stored { text, origin } => match dualwrite_engine::format::import(text) {
                Ok((session, _)) => {
                    let mut back = AppState::from_session(session);
                    back.origin = origin.clone();
                    back.lesson = origin.as_deref().and_then(LessonRun::of_start_name);
                    back
                }
                Err(e) => {
                    // Kept to download, as a saved session that no longer loads is (under
                    // a key of its own when storage has room, else in this page), and no
                    // longer offered to bring back (its own key is then cleared, see
                    // `app.rs`).
                    let copy = crate::autosave::Broken::Previous
                        .keep(text, crate::autosave::Broken::Previous.home());
                    self.keep_broken(copy, text.clone());
                    self.sort_broken();
                    self.before = None;
                    self.say(Notice::Error(format!(
                        "The previous session could not be brought back ({e}): its copy is kept to download, in a line below"
                    )));
                    return;
                }
            },
        };
        // A session a lesson started is brought back in its lesson, even when its panel
        // was closed (All lessons) before another lesson replaced it: its goals are the
        // point of the work brought back.
        let mut back = back;
        if back.lesson.is_none() {
            back.lesson = back.origin.as_deref().and_then(LessonRun::of_start_name);
        }
        let kept = self.replace_with(back);
        let said = if kept {
            "Your previous session is back; the one it replaced is kept in its place"
        } else {
            // The one on screen was only its start: nothing is kept (what was kept is
            // the session now on screen).
            self.before = None;
            "Your previous session is back"
        };
        self.say(Notice::Info(said.into()));
    }

    /// Opens a lesson at its start: the session is replaced by a fresh one on the
    /// lesson's starting state; the previous session is kept, to bring back.
    fn open_lesson(&mut self, run: LessonRun, message: &str) {
        self.start_lesson(run, message, true);
    }

    fn start_lesson(&mut self, mut run: LessonRun, message: &str, keep: bool) {
        if let Some(open) = self
            .lesson
            .as_ref()
            .filter(|r| Rc::ptr_eq(&r.lesson, &run.lesson))
        {
            run.hints = open.hints;
        }
        let title = run.lesson.title.clone();
        // The builder stays open over its own lesson (Try it, Start over, Show me), a
        // wrong turn being recorded left behind with the attempt.
        let builder = self
            .builder
            .clone()
            .filter(|b| run.file.as_deref().is_some_and(|file| b.makes(file)))
            .map(|mut b| {
                b.drop_turn();
                b
            });
        let mut opened = AppState::from_session(run.lesson.session());
        opened.origin = run.start_name();
        opened.lesson = Some(LessonRun {
            show_me: None,
            show_me_pane: false,
            watched: false,
            shared: false,
            ..run
        });
        if keep {
            let kept = self.replace_with(opened);
            self.say(Notice::Info(format!(
                "{message}: {title}{}",
                self.kept_note(kept)
            )));
        } else {
            self.take_session(opened);
            self.say(Notice::Info(format!("{message}: {title}")));
        }
        if builder.is_some() {
            self.builder = builder;
        }
    }

    /// Plays the next step of "Show me".
    fn show_me_step(&mut self) {
        let Some(run) = self.lesson.clone() else {
            return;
        };
        let Some(step) = run.show_me else {
            return;
        };
        // Its pane is open already (a timer set before Next step opened it): it stays as
        // the trainee may have changed it.
        if self.pane_shown_by_show_me() {
            return;
        }
        // A Run or a Pause is shown in its pane, filled as the step plays it (the maps
        // ticked, their order, masters and options): the pane's own button plays it.
        // A run without initial sync of maps that are all Not running is what the Skip
        // initial sync button does (no pane): shown as that, with the maps ticked.
        let skip_button = |maps: &[RunEntry]| {
            let names: Vec<&str> = maps.iter().map(|e| e.map.as_str()).collect();
            self.session
                .borrow()
                .state()
                .why_not_skip_initial_sync(&names)
                .is_none()
        };
        match run.lesson.solution.get(step) {
            Some(
                command @ Command::Run {
                    maps,
                    initial_sync: InitialSync::Skip,
                    ..
                },
            ) if skip_button(maps) => {
                self.selected = maps.iter().map(|e| e.map.clone()).collect();
                self.apply(command.clone());
            }
            Some(Command::Run {
                maps,
                initial_sync,
                resume,
            }) => {
                // As a user would: the map the run is for (last in sync order, after the
                // maps it needs) is the one ticked, and its details show.
                self.selected = maps.last().map(|e| e.map.clone()).into_iter().collect();
                self.run_pane = Some(self.run_pane_of(maps, *initial_sync, *resume));
                self.show_me_in_pane();
                return;
            }
            Some(Command::Pause { maps }) => {
                self.selected = maps.iter().cloned().collect();
                self.pause_pane = Some(self.pause_pane());
                self.show_me_in_pane();
                return;
            }
            Some(command) => {
                self.look_at_step(command);
                self.apply(command.clone());
            }
            None => {}
        }
        self.show_me_played();
    }

    /// Show me looks where the step it plays acts, as a user would have to: the maps the
    /// step names ticked (their details shown), on the tab where what it does shows. A
    /// step that names no map (a row's write, a tick) leaves the screen as it is.
    fn look_at_step(&mut self, command: &Command) {
        let maps = command.maps();
        if maps.is_empty() {
            return;
        }
        self.selected = maps.into_iter().map(String::from).collect();
        if let Some(tab) = DetailTab::showing(command) {
            self.tab = tab;
        }
    }

    /// Show me has filled the Run or Pause pane for its next step.
    fn show_me_in_pane(&mut self) {
        if let Some(open) = self.lesson.as_mut() {
            open.show_me_pane = true;
        }
    }

    /// Show me's step is played (by Next step, or by the pane Show me filled): the next
    /// one, if any, is the one to play.
    pub(crate) fn show_me_played(&mut self) {
        if let Some(open) = self.lesson.as_mut() {
            if let Some(step) = open.show_me {
                let next = step + 1;
                open.show_me = (next < open.lesson.solution.len()).then_some(next);
                open.show_me_pane = false;
            }
        }
    }

    /// Whether the pane open is the one Show me filled for its next step.
    pub(crate) fn pane_shown_by_show_me(&self) -> bool {
        self.lesson
            .as_ref()
            .is_some_and(|l| l.show_me.is_some() && l.show_me_pane)
    }

    /// Whether the pane open is the one Show me filled for its next step, as it filled
    /// it: confirming it plays that step. Changed (a map unticked, moved, another
    /// master), confirming it is the trainee's own action, which stops Show me.
    /// The solution step Show me plays next, while it plays.
    pub(crate) fn show_me_command(&self) -> Option<Command> {
        let run = self.lesson.as_ref()?;
        run.lesson.solution.get(run.show_me?).cloned()
    }

    pub(crate) fn pane_as_show_me_filled(&self) -> bool {
        if !self.pane_shown_by_show_me() {
            return false;
        }
        let Some(run) = self.lesson.as_ref() else {
            return false;
        };
        match run.show_me.and_then(|step| run.lesson.solution.get(step)) {
            Some(Command::Run {
                maps,
                initial_sync,
                resume,
            }) => self.run_pane.as_ref() == Some(&self.run_pane_of(maps, *initial_sync, *resume)),
            Some(Command::Pause { maps }) => self.pause_pane.as_ref().is_some_and(|pane| {
                let (mut ticked, mut asked) = (BTreeSet::new(), BTreeSet::new());
                ticked.extend(
                    pane.rows
                        .iter()
                        .filter(|r| r.include)
                        .map(|r| r.map.as_str()),
                );
                asked.extend(maps.iter().map(String::as_str));
                ticked == asked
            }),
            _ => false,
        }
    }

    /// The pane Show me filled is closed, cancelled or confirmed: Next step opens it again
    /// while its step is still the next one.
    pub(crate) fn show_me_pane_closed(&mut self) {
        if let Some(open) = self.lesson.as_mut() {
            open.show_me_pane = false;
        }
    }

    /// After each action: a lesson whose goals all hold is marked solved (and said so
    /// once); the open lesson is remembered.
    fn note_lesson_progress(&mut self) {
        let open = self.lesson.as_ref().map(|run| run.lesson.clone());
        self.progress.open = open.as_ref().map(|l| l.id.clone());
        self.progress.watched = self.lesson.as_ref().is_some_and(|run| run.watched);
        self.progress.shared = self.lesson.as_ref().is_some_and(|run| run.shared);
        self.progress.hints = self.lesson.as_ref().map_or(0, |run| run.hints);
        self.progress.show_me = self.lesson.as_ref().and_then(|run| run.show_me);
        self.progress.custom = self
            .lesson
            .as_ref()
            .and_then(|run| run.file.as_deref().cloned());
        let Some(lesson) = open else {
            return;
        };
        if !self.progress.solved.contains(&lesson.id) && lesson.solved(&self.session.borrow()) {
            let watched = self.lesson.as_ref().is_some_and(|run| run.watched);
            let shared = self.lesson.as_ref().is_some_and(|run| run.shared);
            if shared {
                // Said by the panel (and when the link opened): not solved here.
            } else if !watched {
                self.progress.solved.insert(lesson.id.clone());
                self.progress.shown.remove(&lesson.id);
                self.say(Notice::Info(format!(
                    "Lesson solved: {}. Your progress is saved in this browser.",
                    lesson.title
                )));
            } else if self.progress.shown.insert(lesson.id.clone()) {
                self.say(Notice::Info(format!(
                    "Lesson shown: {}. It counts as solved once you solve it yourself: Start over, then without Show me.",
                    lesson.title
                )));
            }
        }
    }

    /// Something read from a map of the session (`None` when there is no such map).
    pub(crate) fn map_part<T>(&self, map: &str, read: impl FnOnce(&TableMap) -> T) -> Option<T> {
        self.session.borrow().state().map(map).ok().map(read)
    }

    /// The command of an action on the selected maps; Run has none, it opens the Run pane.
    fn command_for(&self, action: MapAction) -> Option<Command> {
        let maps = self.selected_in_order();
        match action {
            MapAction::Run => None,
            MapAction::Stop => Some(Command::Stop { maps }),
            MapAction::Pause => Some(Command::Pause { maps }),
            // Reached only when the engine refuses it (otherwise it opens its pane).
            MapAction::SkipToLiveSync => Some(Command::SkipToLiveSync {
                maps,
                preserve: true,
            }),
        }
    }

    /// The command an undo (`ahead` 0) or a redo (`ahead` 1) would step over, in words.
    fn step_words(&self, ahead: usize) -> Option<String> {
        let session = self.session.borrow();
        let at = (session.cursor() + ahead).checked_sub(1)?;
        session.command_in_words(at)
    }

    /// A beat of the clock: the ticks go into the history like any command, but only what
    /// they caused is announced (not each beat), and an error stops the clock.
    fn beat(&mut self, ticks: u32) {
        let (result, undone) = self.session.edit(|s| {
            let undone = s.commands().len() - s.cursor();
            (s.dispatch(Command::Tick { ticks }), undone)
        });
        if undone > 0 && result.is_ok() {
            self.say_instead(Notice::Info(format!(
                "The clock's tick dropped the {undone} undone command(s) after this point: Redo has nothing left"
            )));
        }
        match result {
            Ok(events) if events.is_empty() => {}
            Ok(events) => {
                // What needs attention is said at the top too, as after any command (a
                // failed initial sync, an alert): the feed alone scrolls on with the clock.
                let said =
                    attention_notice(&self.session.borrow(), "While the clock played", &events);
                // Once while the clock plays (a beat each tenth of a second would have it
                // read out over and over), and never over an error not yet read.
                let said_already = match &self.notice {
                    Some(Notice::Error(_)) => true,
                    Some(Notice::Attention(text)) => text.starts_with(WHILE_PLAYING),
                    _ => false,
                };
                if let (Some(said), false) = (said, said_already) {
                    self.say_instead(said);
                }
                self.feed = Feed::of(&self.session.borrow(), &Ok(events));
            }
            Err(e) => {
                self.clock.playing = false;
                self.say_instead(Notice::Error(format!("The clock stopped: {e}")));
            }
        }
    }

    /// What an action about to run will do, in words, when it takes a while: Run until
    /// idle with [`WORK_SAID_FROM`] rows or more to sync or play back, Generate of as
    /// many customers. `None` for the rest, which run at once.
    pub fn work_in_words(&self, action: &Action) -> Option<String> {
        let (work, words): (u64, fn(&str) -> String) = match action {
            Action::Dispatch(Command::RunUntilIdle) => {
                (self.session.borrow().state().work_until_idle(), |n| {
                    format!("Running until idle: {n} rows or changes to sync or play back")
                })
            }
            // (Only what the engine would take: a refusal is said at once instead.)
            Action::GenerateCustomers(text) => {
                let count: u32 = text.trim().parse().ok()?;
                if self
                    .session
                    .borrow()
                    .state()
                    .why_not_generate(count)
                    .is_some()
                {
                    return None;
                }
                (count.into(), |n| format!("Generating {n} customers"))
            }
            _ => return None,
        };
        (work >= WORK_SAID_FROM).then(|| words(&dualwrite_engine::value::thousands(work)))
    }

    fn apply(&mut self, command: Command) {
        let _refused = self.try_apply(command);
    }

    /// [`AppState::apply`], giving back the engine's refusal, if it refused.
    fn try_apply(&mut self, command: Command) -> Result<(), CommandError> {
        // A command that sets what is so already is no step: nothing logged, and Redo
        // keeps what it had (`Simulator::changes_nothing`).
        let unchanged = {
            let session = self.session.borrow();
            let sim = session.state();
            sim.changes_nothing(&command)
                .then(|| sim.step_in_words(&command))
        };
        if let Some(words) = unchanged {
            self.say(Notice::Info(format!(
                "{words}: it is so already, nothing changed"
            )));
            return Ok(());
        }
        let mut label = self.session.borrow().state().command_in_words(&command);
        let (result, undone, dropped) = self.session.edit(|s| {
            let undone = s.commands().len() - s.cursor();
            let result = s.dispatch(command);
            (result, undone, s.commands().len() == s.cursor())
        });
        // Acting after going back drops the commands that could have been redone.
        if undone > 0 && dropped {
            label = format!(
                "{label}. The {undone} undone command(s) after this point were dropped: Redo has nothing left"
            );
        }
        self.feed = Feed::of(&self.session.borrow(), &result);
        self.refused = match &result {
            Err(CommandError::NotAllowed { map, action, .. }) => Some(Subject::Action {
                map: map.clone(),
                action: *action,
            }),
            _ => None,
        };
        // A value the engine refused is said at its field too.
        if let Err(e @ CommandError::BadSetting { setting, .. }) = &result {
            for field in labels::of(*setting) {
                self.mark_field(field, e.to_string());
            }
        }
        self.say(match &result {
            Ok(events) => attention_notice(&self.session.borrow(), &label, events)
                .unwrap_or(Notice::Info(label)),
            Err(e) => {
                // A rolled-back write may still have tripped an alert: say what it did.
                let caused: Vec<String> = e.events().iter().map(|x| x.to_string()).collect();
                if caused.is_empty() {
                    Notice::Error(e.to_string())
                } else {
                    Notice::Error(format!("{e} {}.", caused.join("; ")))
                }
            }
        });
        result.map(|_| ())
    }
}

/// What a notice says of the session a replacement ([`AppState::replace_with`]) kept.
pub(crate) const KEPT: &str = ". Your previous session is kept.";

/// Said when a replacement kept nothing new (the session it replaced was only its start)
/// while an earlier session is still kept.
pub(crate) const STILL_KEPT: &str =
    ". \u{201c}Bring back the previous session\u{201d} still brings back the session kept before.";

impl AppState {
    /// What a replacement's notice says of the session kept: the one it replaced
    /// (`kept`), or the one kept before, still there.
    pub(crate) fn kept_note(&self, kept: bool) -> &'static str {
        match (kept, self.before.is_some()) {
            (true, _) => KEPT,
            (false, true) => STILL_KEPT,
            (false, false) => "",
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Long work is said first and done when the view asks (at the next frame); an
        // action that comes in between runs after it, in the order they were asked for.
        // A clock beat while work waits is skipped (the work takes that time), and moving
        // the focus waits with it; anything else runs the work first.
        let (action, runs_work) = match (action, &self.working) {
            (Action::RunWork, Some(work)) => ((*work.action).clone(), true),
            (Action::RunWork, None) | (Action::ClockBeat, Some(_)) => return self,
            (
                action @ (Action::TabStop(..) | Action::GoTo(_) | Action::ExplanationCovered),
                Some(_),
            ) => (action, false),
            (action, Some(_)) => return self.reduce(Action::RunWork).reduce(action),
            (action, None) => match self.work_in_words(&action) {
                Some(words) => {
                    let mut next = (*self).clone();
                    next.work_said = self.work_said.wrapping_add(1);
                    next.working = Some(Working {
                        words,
                        action: Box::new(action),
                        said: next.work_said,
                    });
                    return Rc::new(next);
                }
                None => (action, false),
            },
        };
        let changes = self.session.changes();
        // (Read before the action: the session is changed in place.)
        let pitfall = self.lesson_pitfall();
        // Show me's own steps, and the pane it filled confirmed as it filled it, go on
        // showing.
        let beat = matches!(action, Action::ClockBeat);
        // Moving in the history is not a turn the trainee takes.
        let stepping = matches!(action, Action::Undo | Action::Redo | Action::Goto(_));
        let showing = matches!(action, Action::ShowMe | Action::ShowMeStep)
            || (matches!(action, Action::ConfirmRun | Action::ConfirmPause)
                && self.pane_as_show_me_filled());
        let mut next = self.reduce_to(action);
        // An explanation goes with the details it was asked from: with another map's
        // details shown, it would explain what the screen no longer shows.
        if next.explaining.is_some()
            && self.explaining == next.explaining
            && self.selected_in_order().first() != next.selected_in_order().first()
        {
            next.explaining = None;
        }
        // Acting during "Show me" (a command, undo, the clock) stops it: its next step
        // would no longer follow from the state.
        if !showing && next.session.changes() != changes {
            if let Some(run) = next.lesson.as_mut().filter(|r| r.show_me.is_some()) {
                run.show_me = None;
                run.show_me_pane = false;
                // Said beside what the action itself says, so the stop is not a mystery.
                let stopped = if beat {
                    "Show me stopped: the clock ticked (press Show me to play the solution again from the start)"
                } else {
                    "Show me stopped: you acted yourself (press Show me to play the solution again from the start)"
                };
                // A beat says nothing of its own: an earlier notice is not its words.
                if beat {
                    next.notice = None;
                }
                next.say_also(stopped);
            }
        }
        if runs_work {
            next.working = None;
        }
        next.progress = self.progress.clone();
        next.note_lesson_progress();
        // Any change of the session (a command, undo, a load, a reset) is saved.
        if !self.session.ptr_eq(&next.session) || next.session.changes() != changes {
            next.revision = self.revision + 1;
            // (A link shown no longer says this session after a change of the user's: it
            // went with its offer at the action, not to be handed over stale. The clock's
            // beats leave it, unless one says something in its place.)
            // A new session (Reset to demo, a load, a lesson, a link) is tried again: it
            // may fit where the last one did not.
            next.autosave_off = if self.session.ptr_eq(&next.session) {
                self.autosave_off.clone()
            } else {
                None
            };
        }
        // A wrong turn the lesson newly notices (after a command or a beat of the same
        // session) is pointed at from the notice too: the lesson's panel may be scrolled
        // out of view, or folded away with the side column (its words are said then).
        let turned = self.session.ptr_eq(&next.session) && next.session.changes() != changes;
        if let Some(now) = next
            .lesson_pitfall()
            .filter(|now| turned && !stepping && Some(*now) != pitfall)
        {
            // A beat that said nothing of its own does not say the last notice again.
            if beat && next.notice_said == self.notice_said {
                next.notice = None;
            }
            let words = match next
                .lesson
                .as_ref()
                .and_then(|r| r.lesson.pitfalls.get(now))
            {
                Some(p) if next.side_folded => format!("Not quite: {}", p.text),
                _ => "Not quite: the lesson says what went wrong, in its panel".to_string(),
            };
            next.say_wrong_turn(&words);
        }
        Rc::new(next)
    }
}

/// The most characters a notice shows: a title, a name or a cell's text read from a file
/// can be of any length, and the notice must not push the workbench off the screen.
pub const NOTICE_MAX_CHARS: usize = 1_000;

/// `text` cut in its middle to at most [`NOTICE_MAX_CHARS`], so that both its start (what
/// happened) and its end (what to do, what was kept) stay.
fn shortened(text: String) -> String {
    let count = text.chars().count();
    if count <= NOTICE_MAX_CHARS {
        return text;
    }
    let (head, tail) = (NOTICE_MAX_CHARS * 2 / 3, NOTICE_MAX_CHARS / 3 - 3);
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start} … {end}")
}

/// What a clock beat's notice starts with.
const WHILE_PLAYING: &str = "While the clock played";

/// The notice for `events` that need attention, after `label` (the command's words):
/// the first in words, and how many more the feed lists. None when none does.
fn attention_notice(
    session: &Session,
    label: &str,
    events: &[dualwrite_engine::Event],
) -> Option<Notice> {
    let mut attention = events.iter().filter(|e| e.needs_attention());
    let first = attention.next()?;
    let more = attention.count();
    let words = session.event_in_words(first);
    Some(Notice::Attention(if more == 0 {
        format!("{label}. {words}")
    } else {
        format!(
            "{label}. {}, and {more} more {} in What just happened",
            words.trim_end_matches('.'),
            if more == 1 { "line" } else { "lines" }
        )
    }))
}

impl AppState {
    fn reduce_to(self: &Rc<Self>, action: Action) -> AppState {
        let mut next = (**self).clone();
        // The refusal's "Why?" stays with its notice, and an offer with its words: a
        // clock beat or what storage answered (none of them the user's doing) replaces
        // neither.
        let passive = matches!(
            action,
            Action::ClockBeat
                | Action::AutosaveFailed(_)
                | Action::AutosaveWorks
                | Action::SavedElsewhere
                | Action::BeforeNotStored
                // What the clipboard did with a link (said with the link, if still shown).
                | Action::LinkCopied { .. }
                // Moving the focus changes nothing the notice is about.
                | Action::GoTo(_)
                | Action::TabStop(..)
                // Reading why keeps what is explained: a refusal's Why? stays, for the
                // focus to come back to when the explanation closes.
                | Action::Explain(_)
                | Action::CloseExplanation
                | Action::ExplanationCovered
        );
        if !passive {
            next.refused = None;
            next.field_errors.clear();
            // An offer ends with the notice it came with: its words ("kept, to bring
            // back") would otherwise outlive the button.
            if next.drop_offer() {
                next.notice = None;
            }
        }
        let Some(action) = panes::reduce(&mut next, action)
            .and_then(|a| editors::reduce(&mut next, a))
            .and_then(|a| history::reduce(&mut next, a))
            .and_then(|a| session_io::reduce(&mut next, a))
            .and_then(|a| learning::reduce(&mut next, a))
        else {
            return next;
        };
        match action {
            Action::SelectOnly(name) => {
                next.selected = BTreeSet::from([name]);
                next.selected_row = None;
            }
            Action::Toggle(name) => {
                if !next.selected.remove(&name) {
                    next.selected.insert(name);
                }
                next.selected_row = None;
            }
            Action::OnSelected(a) => {
                if let Some(command) = next.command_for(a) {
                    next.apply(command);
                }
            }
            Action::SetRowsPerTick(text) => {
                if let Some(rows) = next.read_number(labels::ROWS_PER_TICK, &text, u64::MAX) {
                    next.apply(Command::SetRowsPerTick { rows });
                }
            }
            Action::SetQueueCapacity(map, text) => {
                // (At most what a 32-bit usize holds, the same in the browser and natively.)
                if let Some(capacity) =
                    next.read_number(labels::QUEUE_CAPACITY, &text, u32::MAX.into())
                {
                    let capacity = usize::try_from(capacity).unwrap_or(usize::MAX);
                    next.apply(Command::SetQueueCapacity { map, capacity });
                }
            }
            Action::Explain(subject) => next.explaining = Some(subject),
            Action::CloseExplanation | Action::ExplanationCovered => next.explaining = None,
            Action::ShowTab(tab) => next.tab = tab,
            Action::TallDetails(tall) => next.tall_details = tall,
            Action::FoldSide(folded) => next.side_folded = folded,
            Action::GoTo(place) => {
                // The table maps and the history are in the side column.
                if matches!(place, Place::Maps | Place::History) {
                    next.side_folded = false;
                }
                next.go_to = Some((place, self.go_to.map_or(0, |(_, n)| n.wrapping_add(1))));
            }
            Action::TabStop(place, map) => next.tab_stops.set(place, map),
            Action::Help(open) => next.help = open,
            Action::LetterKeys(on) => next.letter_keys = on,
            Action::Transform(a) => crate::transform::reduce(&mut next, a),
            Action::SelectRow(at) => {
                next.selected_row = (next.selected_row.as_ref() != Some(&at)).then_some(at);
            }
            Action::ShowRow(subject) => {
                let (found, column) = {
                    let session = next.session.borrow();
                    let sim = session.state();
                    (sim.locate(&subject), sim.locate_column(&subject))
                };
                match found {
                    Some(at) => {
                        next.reveal += 1;
                        next.selected_row = Some(at.clone());
                        let id = at.id;
                        let mut opened =
                            Rc::new(next).reduce_to(Action::EditRow(at.side, at.table, id));
                        // At the column the subject is about, if it names one.
                        if let Some(editor) = opened
                            .editor
                            .as_mut()
                            .filter(|e| e.row == Some(id) && e.focus.is_none())
                        {
                            editor.focus = column;
                        }
                        return opened;
                    }
                    None => next.say(Notice::Error(
                        "That row is no longer in the table (deleted, or its key changed)".into(),
                    )),
                }
            }
            // A dialog or a pane is modal: the page's shortcuts wait until it closes.
            Action::Shortcut(_) if next.dialog_open() => {}
            Action::Shortcut(act) => {
                if act.enabled(&next) {
                    let action = act.action(&next);
                    return self.reduce_to(action);
                }
                // A map action names the selected map that refuses it, as the engine would.
                let maps = next.selected_in_order();
                let names: Vec<&str> = maps.iter().map(String::as_str).collect();
                let why = act
                    .why_not(next.session.borrow().state(), &names)
                    .or(match act {
                        crate::actions::Act::Undo => {
                            Some("nothing to undo: the history is at its start".into())
                        }
                        crate::actions::Act::Redo => {
                            Some("nothing to redo: the history is at its last step".into())
                        }
                        _ => None,
                    });
                let refused = act
                    .map_action()
                    .and_then(|action| next.session.borrow().state().why_not(&names, action));
                if let Some(CommandError::NotAllowed { map, action, .. }) = refused {
                    next.refused = Some(Subject::Action { map, action });
                }
                let (label, keys) = (act.label(&next), act.entry().keys_text);
                next.say(Notice::Error(match why {
                    Some(e) => format!("{label} (shortcut {keys}): {e}"),
                    None => format!("{label} (shortcut {keys}) is not available now"),
                }));
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
                let maps = next.selected_in_order();
                next.apply(Command::RerunExecution { maps });
            }
            Action::Dispatch(c) => next.apply(c),
            Action::OpenLink(code) => next.open_link(&code),
            Action::BringBack => next.bring_back(),
            Action::TickCatchUpError(map, id) => {
                let at = (map, id);
                if !next.ticked_errors.remove(&at) {
                    next.ticked_errors.insert(at);
                }
            }
            Action::RetrySelected(map) => {
                let ids = next
                    .map_part(&map, |m| next.ticked_pending(m))
                    .unwrap_or_default();
                if !ids.is_empty() {
                    next.ticked_errors.retain(|(m, _)| *m != map);
                    next.apply(Command::RetryCatchUpErrors {
                        map,
                        ids: Some(ids),
                    });
                }
            }
            Action::ShowExecution(map, id) => next.shown_execution = Some((map, id)),
            // Handled by the parts above (panes, editors, history, sessions, lessons).
            _ => {}
        }
        next
    }
}

/// Label of a status for the grid (text, never colour alone).
pub fn status_label(kind: StatusKind) -> String {
    kind.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo with a share link shown, the `made`th made in the page (as Copy link
    /// leaves it; its link needs the browser's address, so it is written here).
    fn with_link(made: u64) -> Rc<AppState> {
        let mut state = AppState::demo();
        state.links_made = made;
        state.offer = Some(link(made));
        Rc::new(state)
    }

    /// The offer of the `made`th link.
    fn link(made: u64) -> Offer {
        Offer::Link {
            link: format!("link {made}").into(),
            made,
        }
    }

    fn said(state: &AppState) -> String {
        match &state.notice {
            Some(Notice::Info(t) | Notice::Error(t) | Notice::Attention(t) | Notice::Hint(t)) => {
                t.clone()
            }
            None => String::new(),
        }
    }

    #[test]
    fn what_the_clipboard_answers_is_said_for_the_link_still_shown_only() {
        let copied = |made| Action::LinkCopied { made, copied: true };
        // Shown: said, the link still beside the words.
        let shown = with_link(1).reduce(copied(1));
        assert!(
            said(&shown).starts_with("Link made and copied"),
            "{}",
            said(&shown)
        );
        assert_eq!(shown.offer, Some(link(1)));
        // Put away by the next action, though it changes no step (choosing a map): the
        // answer that comes after says nothing over that action's notice.
        let moved_on = with_link(1).reduce(Action::SelectOnly("Currencies".into()));
        assert_eq!((&moved_on.offer, moved_on.share_link()), (&None, None));
        let late = moved_on.reduce(copied(1));
        assert_eq!(said(&late), "");
        // Hidden, then another link made: an answer for the first is not the second's.
        let hidden = with_link(1).reduce(Action::HideLink);
        assert_eq!(hidden.share_link(), None);
        let mut second = (*hidden).clone();
        second.links_made += 1;
        second.offer = Some(link(second.links_made));
        let second = Rc::new(second);
        assert_eq!(said(&second.clone().reduce(copied(1))), "");
        assert!(said(&second.reduce(copied(2))).starts_with("Link made and copied"));
    }

    #[test]
    fn a_clock_beat_that_says_something_puts_the_link_away_with_the_words() {
        // A step undone, the clock playing: its next beat drops the undone step, and says
        // so in place of the link's words.
        let stepped =
            Rc::new(AppState::demo()).reduce(Action::Dispatch(Command::Tick { ticks: 1 }));
        let mut undone = (*stepped.reduce(Action::Undo)).clone();
        undone.clock.playing = true;
        undone.links_made = 1;
        undone.offer = Some(link(1));
        let beaten = Rc::new(undone).reduce(Action::ClockBeat);
        assert!(
            said(&beaten).starts_with("The clock's tick dropped"),
            "{}",
            said(&beaten)
        );
        assert_eq!((&beaten.offer, beaten.share_link()), (&None, None));
    }

    #[test]
    fn a_tab_holding_autosave_for_another_tab_holds_it_for_a_new_session_too() {
        let held = Rc::new(AppState::demo()).reduce(Action::SavedElsewhere);
        for new in [
            Action::ResetToDemo,
            Action::Import(dualwrite_engine::format::export(
                &Session::new(dualwrite_engine::demo()),
                "File",
            )),
        ] {
            let after = held.clone().reduce(new);
            assert!(after.saved_elsewhere);
            assert!(after.unsaved_here());
        }
        let mut linked = (*held).clone();
        let code =
            dualwrite_engine::share::encode(&Session::new(dualwrite_engine::demo()), Some("demo"))
                .unwrap();
        linked.open_link(&code);
        assert!(linked.saved_elsewhere);
        // Until the user says which to keep.
        let mine = Rc::new(linked).reduce(Action::SaveThisTab);
        assert!(!mine.saved_elsewhere);
    }

    #[test]
    fn a_link_carries_the_sessions_title() {
        let session = Session::new(dualwrite_engine::demo());
        let code = dualwrite_engine::share::encode_with(
            &session,
            Some("demo"),
            Some("Contoso go-live rehearsal"),
            None,
        )
        .unwrap();
        let mut opened = AppState::demo();
        opened.open_link(&code);
        assert_eq!(opened.title.as_deref(), Some("Contoso go-live rehearsal"));
        assert!(
            matches!(&opened.notice, Some(Notice::Info(m)) if m.starts_with("Opened the shared session 'Contoso go-live rehearsal': ")),
            "{:?}",
            opened.notice
        );
        // Untitled, none.
        let mut plain = AppState::demo();
        plain.open_link(&dualwrite_engine::share::encode(&session, Some("demo")).unwrap());
        assert_eq!(plain.title, None);
    }

    #[test]
    fn a_link_opens_on_the_maps_and_tab_its_sender_looked_at() {
        let mut sender = AppState::demo();
        sender.selected = BTreeSet::from(["Currencies".into(), "Customer groups".into()]);
        sender.tab = DetailTab::ActivityLog;
        let view = sender.view();
        assert_eq!(view.tab.as_deref(), Some("Activity log"));
        let link = |view: &dualwrite_engine::share::View| {
            dualwrite_engine::share::encode_with(
                &sender.session.borrow(),
                Some("demo"),
                None,
                Some(view),
            )
            .unwrap()
        };
        let mut opened = AppState::demo();
        opened.open_link(&link(&view));
        assert_eq!(opened.selected, sender.selected);
        assert_eq!(opened.tab, DetailTab::ActivityLog);
        // A map or a tab this version does not have is left out; the rest still shows.
        let odd = dualwrite_engine::share::View {
            maps: vec!["Currencies".into(), "No such map".into()],
            tab: Some("Someday's tab".into()),
        };
        let mut opened = AppState::demo();
        opened.open_link(&link(&odd));
        assert_eq!(opened.selected, BTreeSet::from(["Currencies".to_string()]));
        assert_eq!(opened.tab, DetailTab::default());
    }

    #[test]
    fn a_file_or_link_opened_and_unchanged_does_not_take_the_place_of_the_work_kept() {
        let tick = Action::Dispatch(Command::Tick { ticks: 1 });
        let steps = |s: &AppState| s.session.borrow().commands().len();
        // Own work: two steps. A colleague's file (one step) loaded over it keeps it.
        let own = Rc::new(AppState::demo())
            .reduce(tick.clone())
            .reduce(tick.clone());
        let mut colleague = Session::new(dualwrite_engine::demo());
        colleague.dispatch(Command::RunUntilIdle).unwrap();
        let file = dualwrite_engine::format::export(&colleague, "From a colleague");
        let loaded = own.reduce(Action::ImportFile(file.clone()));
        assert_eq!(steps(&loaded), 1);
        assert!(matches!(loaded.notice, Some(Notice::Info(ref m)) if m.ends_with(KEPT)));
        // Loaded again, or a link opened, over the file as it was: the own work stays the
        // one kept, and the notice says so.
        let again = loaded.reduce(Action::ImportFile(file.clone()));
        assert!(
            matches!(again.notice, Some(Notice::Info(ref m)) if m.ends_with(STILL_KEPT)),
            "{:?}",
            again.notice
        );
        let code = dualwrite_engine::share::encode(&colleague, Some("demo")).unwrap();
        let mut linked = (*again).clone();
        linked.open_link(&code);
        let back = Rc::new(linked).reduce(Action::BringBack);
        assert_eq!(steps(&back), 2, "the own work comes back");
        assert_eq!(
            back.session.borrow().commands().first(),
            Some(&Command::Tick { ticks: 1 })
        );
        // Changed, the file's session is the trainee's work too: kept in its turn.
        let changed = back
            .reduce(Action::ImportFile(file.clone()))
            .reduce(tick.clone())
            .reduce(Action::ImportFile(file.clone()));
        assert!(matches!(changed.notice, Some(Notice::Info(ref m)) if m.ends_with(KEPT)));
        let back = changed.reduce(Action::BringBack);
        assert_eq!(steps(&back), 2, "the loaded file and its tick");
        // Pasted in the page (its text gone with a reload), it is kept like own work.
        let pasted = Rc::new(AppState::demo()).reduce(Action::Import(file.clone()));
        let over = pasted.reduce(Action::ImportFile(file.clone()));
        assert!(matches!(over.notice, Some(Notice::Info(ref m)) if m.ends_with(KEPT)));
        assert_eq!(
            back.session.borrow().commands().first(),
            Some(&Command::RunUntilIdle),
            "the file's step first, not the own work's tick"
        );
    }

    #[test]
    fn long_work_is_said_first_and_done_at_run_work_before_what_comes_after() {
        let many = WORK_SAID_FROM.to_string();
        let commands = |s: &AppState| s.session.borrow().commands().len();
        // Said, not done.
        let said = Rc::new(AppState::demo()).reduce(Action::GenerateCustomers(many.clone()));
        assert_eq!(
            said.working.as_ref().map(|w| w.words.as_str()),
            Some("Generating 20,000 customers")
        );
        assert_eq!(commands(&said), 0);
        // Done when the view asks; asked again, nothing more.
        let done = said.reduce(Action::RunWork);
        assert!(done.working.is_none());
        assert_eq!(commands(&done), 1);
        let again = done.clone().reduce(Action::RunWork);
        assert_eq!(commands(&again), 1);
        // The work runs now, the Undo that came before it asked after.
        let said = Rc::new(AppState::demo()).reduce(Action::GenerateCustomers(many));
        let undone = said.reduce(Action::Undo);
        assert!(undone.working.is_none());
        assert_eq!(
            (commands(&undone), undone.session.borrow().cursor()),
            (1, 0),
            "generated, then undone"
        );
        // A clock beat while the work waits is skipped; moving the focus waits with it.
        let said =
            Rc::new(AppState::demo()).reduce(Action::GenerateCustomers(WORK_SAID_FROM.to_string()));
        let beat = said.clone().reduce(Action::ClockBeat);
        assert!(Rc::ptr_eq(&said, &beat), "the beat changed nothing");
        let focused = said.reduce(Action::GoTo(Place::Maps));
        assert!(focused.working.is_some() && commands(&focused) == 0);
        assert_eq!(commands(&focused.reduce(Action::RunWork)), 1);
        // Small work runs at once; so does what cannot be read or what the engine refuses
        // (the reducer says why).
        for small in ["100", "many", "5000000"] {
            let now = Rc::new(AppState::demo()).reduce(Action::GenerateCustomers(small.into()));
            assert!(now.working.is_none(), "{small}");
        }
        // Run until idle, by the rows the busy maps have left.
        let run_until_idle = Action::Dispatch(Command::RunUntilIdle);
        let mut big = AppState::demo();
        assert_eq!(big.work_in_words(&run_until_idle), None);
        big.apply(Command::GenerateCustomers {
            count: 20_000,
            seed: 1,
        });
        big.apply(Command::Run {
            maps: [
                "Legal entities",
                "Currencies",
                "Terms of payment",
                "Customer groups",
                "Customers V3",
            ]
            .map(dualwrite_engine::RunEntry::map)
            .into(),
            initial_sync: dualwrite_engine::InitialSync::Run,
            resume: dualwrite_engine::ResumeOption::CatchUp,
        });
        let words = big.work_in_words(&run_until_idle).unwrap_or_default();
        let rows = big.session.borrow().state().work_until_idle();
        assert!(rows >= WORK_SAID_FROM, "{rows}");
        assert_eq!(
            words,
            format!(
                "Running until idle: {} rows or changes to sync or play back",
                dualwrite_engine::value::thousands(rows)
            )
        );
    }

    #[test]
    fn run_is_enabled_only_when_every_selected_map_allows_it() {
        let mut s = AppState::demo();
        assert!(!s.enabled(MapAction::Run), "nothing selected");
        s.selected.insert("Legal entities".into());
        assert!(s.enabled(MapAction::Run));
        assert!(!s.enabled(MapAction::Pause));
    }

    /// The screens drawn as components of their own render again exactly when what
    /// they show changed.
    #[test]
    fn each_screen_renders_again_only_when_what_it_shows_changed() {
        type Unchanged = fn(&AppState, &AppState) -> bool;
        let screens: [(&str, Unchanged); 5] = [
            ("map list", crate::map_list::unchanged),
            ("graph", crate::graph::unchanged),
            ("timeline", crate::timeline::unchanged),
            ("faults", crate::faults::unchanged),
            ("feed", crate::feed::unchanged),
        ];
        let start = Rc::new(AppState::demo());
        // Opening the help, a tab or the Run pane changes none of them.
        let help = start.clone().reduce(Action::Help(true));
        let tab = start
            .clone()
            .reduce(Action::ShowTab(DetailTab::ActivityLog));
        for (name, unchanged) in screens {
            assert!(unchanged(&start, &help), "{name}: help");
            assert!(unchanged(&start, &tab), "{name}: tab");
        }
        // A command changes those drawn from the engine, and the feed.
        let ticked = start.clone().reduce(Action::Dispatch(Command::UpdateRow {
            side: dualwrite_engine::Side::FinOps,
            table: "Currencies".into(),
            row: dualwrite_engine::RowRef::Key(vec![dualwrite_engine::Value::text("USD")]),
            cells: [("NAME".to_string(), dualwrite_engine::Value::text("Dollar"))].into(),
        }));
        for (name, unchanged) in screens {
            assert!(!unchanged(&start, &ticked), "{name}: a command");
        }
        // The selection changes the list and the graph.
        let selected = start.clone().reduce(Action::Toggle("Currencies".into()));
        assert!(!crate::map_list::unchanged(&start, &selected));
        assert!(!crate::graph::unchanged(&start, &selected));
        assert!(crate::timeline::unchanged(&start, &selected));
        // Listing earlier steps changes the timeline.
        let earlier = start.clone().reduce(Action::TimelineEarlier);
        assert!(!crate::timeline::unchanged(&start, &earlier));
    }

    #[test]
    fn the_playing_clock_ticks_a_beat_at_a_time_into_the_history() {
        let s = Rc::new(AppState::demo());
        let idle = s.clone().reduce(Action::ClockBeat);
        assert_eq!(
            idle.session.borrow().state().clock,
            0,
            "a paused clock does not tick"
        );
        let s = s
            .reduce(Action::ClockSpeed(100))
            .reduce(Action::ClockPlay(true));
        let before = s.revision;
        let s = s.reduce(Action::ClockBeat);
        assert_eq!(
            s.session.borrow().state().clock,
            10,
            "100 ticks a second: 10 a beat"
        );
        assert_eq!(s.revision, before + 1, "saved like any command");
        assert_eq!(s.notice, None, "beats are not announced one by one");
        let s = s.reduce(Action::Undo);
        assert_eq!(s.session.borrow().state().clock, 0, "a beat is one command");
        assert!(!s.clock.playing, "rewinding pauses the clock");
        let s = s.reduce(Action::ClockBeat);
        assert_eq!(s.session.borrow().state().clock, 0);
    }

    #[test]
    fn play_clears_an_error_said_before_it_but_keeps_what_needs_attention() {
        let s = Rc::new(AppState::demo()).reduce(Action::Shortcut(crate::actions::Act::Stop));
        assert!(matches!(s.notice, Some(Notice::Error(_))), "{:?}", s.notice);
        let s = s.reduce(Action::ClockPlay(true));
        assert_eq!(s.notice, None, "an old error does not outlive Play");
        let attention = Notice::Attention("Needs a look".into());
        let mut s = (*s).clone();
        s.notice = Some(attention.clone());
        let s = Rc::new(s)
            .reduce(Action::ClockPlay(false))
            .reduce(Action::ClockPlay(true));
        assert_eq!(s.notice, Some(attention));
    }

    #[test]
    fn a_shortcut_with_nothing_to_do_says_why() {
        use crate::actions::Act;
        let said = |act| match &Rc::new(AppState::demo())
            .reduce(Action::Shortcut(act))
            .notice
        {
            Some(Notice::Error(text)) => text.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            said(Act::RunUntilIdle),
            "Run until idle (shortcut U): no map is Initializing or Resuming, so the clock has no work to run until idle"
        );
        assert!(said(Act::Undo).ends_with(": nothing to undo: the history is at its start"));
        assert!(said(Act::Redo).ends_with(": nothing to redo: the history is at its last step"));
    }

    /// Show me looks at the tab where a step's effect shows: its errors for a Retry, its
    /// execution for a Rerun, the log for a Stop or a discard, the alerts set.
    #[test]
    fn a_step_is_shown_on_the_tab_where_its_effect_is() {
        let maps = || vec!["Currencies".to_string()];
        let cases = [
            (
                Command::RetryCatchUpErrors {
                    map: "Currencies".into(),
                    ids: None,
                },
                Some(DetailTab::CatchUpErrors),
            ),
            (
                Command::SkipToLiveSync {
                    maps: maps(),
                    preserve: true,
                },
                Some(DetailTab::CatchUpErrors),
            ),
            (
                Command::SkipToLiveSync {
                    maps: maps(),
                    preserve: false,
                },
                Some(DetailTab::ActivityLog),
            ),
            (
                Command::RerunExecution { maps: maps() },
                Some(DetailTab::InitialSync),
            ),
            (Command::Stop { maps: maps() }, Some(DetailTab::ActivityLog)),
            (
                Command::SetAlerts {
                    map: "Currencies".into(),
                    alerts: Vec::new(),
                },
                Some(DetailTab::Alerts),
            ),
            (
                Command::SetMaster {
                    map: "Currencies".into(),
                    master: Side::FinOps,
                },
                None,
            ),
            (Command::Tick { ticks: 1 }, None),
        ];
        for (command, tab) in cases {
            assert_eq!(DetailTab::showing(&command), tab, "{command:?}");
        }
    }

    /// A goal ticked in the builder stays where it was in the list through a Make that
    /// is refused and through closing and reopening the builder (it used to move to the
    /// top, and the next click landed on another goal).
    #[test]
    fn a_builder_goal_keeps_its_place_through_make_and_reopening() {
        let run = Command::Run {
            maps: vec![RunEntry::map("Currencies")],
            initial_sync: Default::default(),
            resume: Default::default(),
        };
        let s = Rc::new(AppState::demo())
            .reduce(Action::Dispatch(run))
            .reduce(Action::Dispatch(Command::RunUntilIdle))
            .reduce(Action::OpenBuilder);
        let goals = |s: &AppState| s.builder.as_ref().unwrap().goals.clone();
        let offered = goals(&s);
        assert!(offered.len() >= 3, "{offered:?}");
        let s = s.reduce(Action::BuilderGoal(2));
        // No title: Make is refused, and offers the goals again.
        let s = s.reduce(Action::BuilderMake);
        assert!(s.builder.as_ref().unwrap().error.is_some());
        let after = goals(&s);
        assert_eq!(after.len(), offered.len());
        assert_eq!(
            after[2].0.expect, offered[2].0.expect,
            "the ticked goal kept its place"
        );
        assert!(after[2].1 && after.iter().filter(|(_, on)| *on).count() == 1);
        let s = s.reduce(Action::CloseBuilder).reduce(Action::OpenBuilder);
        let reopened = goals(&s);
        assert_eq!(reopened[2].0.expect, offered[2].0.expect);
        assert!(reopened[2].1);
    }

    /// A setting set to its own value is no step: nothing logged, Redo kept.
    #[test]
    fn a_setting_set_to_what_it_is_is_no_step_and_keeps_redo() {
        let tick = Action::Dispatch(Command::Tick { ticks: 1 });
        let s = Rc::new(AppState::demo())
            .reduce(tick.clone())
            .reduce(tick)
            .reduce(Action::Undo)
            .reduce(Action::Undo);
        let steps = |s: &AppState| {
            let session = s.session.borrow();
            (session.commands().len(), session.cursor())
        };
        assert_eq!(steps(&s), (2, 0));
        let s = s.reduce(Action::SetRowsPerTick("10".into()));
        assert_eq!(steps(&s), (2, 0), "nothing logged, Redo kept");
        assert_eq!(
            s.notice,
            Some(Notice::Info(
                "Set rows per tick to 10: it is so already, nothing changed".into()
            ))
        );
        let s = s.reduce(Action::SetQueueCapacity(
            "Currencies".into(),
            "1,000".into(),
        ));
        assert_eq!(steps(&s), (2, 0));
        // Whatever sets what is so already: a filter saved as it is, a fault switch.
        let s = s.reduce(Action::Dispatch(Command::SetFilter {
            map: "Customers V3".into(),
            side: Side::FinOps,
            filter: r#"PARTYTYPE == "Organization""#.into(),
        }));
        assert_eq!(steps(&s), (2, 0));
        let s = s.reduce(Action::Dispatch(Command::SetFault {
            side: Side::Dataverse,
            fault: None,
        }));
        assert_eq!(steps(&s), (2, 0));
        // A new value is a step, as before (and drops what Redo had).
        let s = s.reduce(Action::SetRowsPerTick("11".into()));
        assert_eq!(steps(&s), (1, 1));
    }

    /// Customers V3 run (its initial sync fails some rows), the clock playing fast.
    fn customers_running_with_the_clock_playing() -> Rc<AppState> {
        Rc::new(AppState::demo())
            .reduce(Action::Toggle("Customers V3".into()))
            .reduce(Action::OnSelected(MapAction::Run))
            .reduce(Action::ConfirmRun)
            .reduce(Action::ClockSpeed(100))
            .reduce(Action::ClockPlay(true))
    }

    #[test]
    fn what_needs_attention_while_the_clock_plays_is_said_at_the_top() {
        let mut s = customers_running_with_the_clock_playing();
        for _ in 0..500 {
            if matches!(s.notice, Some(Notice::Attention(_))) {
                break;
            }
            s = s.reduce(Action::ClockBeat);
        }
        match &s.notice {
            Some(Notice::Attention(text)) => assert!(
                text.starts_with("While the clock played. ") && text.contains("Customers V3"),
                "{text}"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_playing_clock_never_writes_over_an_error_not_yet_read() {
        let mut unread = (*customers_running_with_the_clock_playing()).clone();
        unread.say(Notice::Error("Not saved: something".into()));
        let mut s = Rc::new(unread);
        for _ in 0..500 {
            s = s.reduce(Action::ClockBeat);
        }
        assert!(
            s.session
                .borrow()
                .state()
                .map("Customers V3")
                .unwrap()
                .status
                .kind()
                != dualwrite_engine::StatusKind::Initializing,
            "the initial sync ended (and needed attention)"
        );
        assert_eq!(s.notice, Some(Notice::Error("Not saved: something".into())));
    }

    #[test]
    fn a_notice_of_any_length_shows_its_start_and_its_end() {
        let mut s = AppState::demo();
        let title = "T".repeat(200_000);
        s.say(Notice::Info(format!(
            "Scenario loaded: {title}, and the previous session is kept"
        )));
        let Some(Notice::Info(text)) = &s.notice else {
            panic!("{:?}", s.notice)
        };
        assert!(text.chars().count() <= NOTICE_MAX_CHARS, "{}", text.len());
        assert!(text.starts_with("Scenario loaded: TTT"), "{text}");
        assert!(
            text.ends_with("TTT, and the previous session is kept"),
            "{text}"
        );
        assert!(text.contains(" … "));
        // A notice of ordinary length is said whole.
        s.say(Notice::Error("Not saved".into()));
        assert_eq!(s.notice, Some(Notice::Error("Not saved".into())));
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
        // The refusal can be explained by the engine, until the next action.
        assert_eq!(
            s.refused,
            Some(Subject::Action {
                map: "Currencies".into(),
                action: MapAction::Pause
            })
        );
        // Explained, the refusal (and its Why?) stays, for the focus to come back to; the
        // next action takes it away.
        let subject = s.refused.clone().unwrap();
        let s = s.reduce(Action::Explain(subject));
        assert!(s.refused.is_some());
        assert!(s.explaining.is_some());
        let s = s.reduce(Action::CloseExplanation);
        assert!(s.refused.is_some());
        let s = s.reduce(Action::Toggle("Currencies".into()));
        assert!(s.refused.is_none());
    }
}
