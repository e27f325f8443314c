//! The lesson builder: from the current session, "Make a lesson" takes where the session
//! started, its commands as the solution, goals ticked among what changed (the engine's
//! `goal_candidates`), and a title, story and hints typed in. The lesson downloads as a
//! file, opens as a share link, can be tried at once, and a lesson file loads back into
//! the builder for editing. Wrong turns are recorded the same way: try the lesson made,
//! take the wrong steps, tick what shows them among what changed, and say what went
//! wrong. No JSON to write.

use dualwrite_engine::lesson::{
    goal_candidates, Goal, Lesson, LessonFile, Pitfall, PitfallProblem,
};
use dualwrite_engine::{FormatError, Session};
use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::widgets::on;

/// The builder's form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Builder {
    /// Title typed.
    pub title: String,
    /// Story typed.
    pub story: String,
    /// Hints typed, one a line.
    pub hints: String,
    /// The goals offered, and whether each is ticked.
    pub goals: Vec<(Goal, bool)>,
    /// The wrong turns the lesson notices: recorded here, or kept from a lesson file
    /// loaded into the builder; checked with the lesson.
    pub pitfalls: Vec<Pitfall>,
    /// A wrong turn being recorded.
    pub turn: Option<TurnDraft>,
    /// Why a wrong turn could not be recorded or added.
    pub turn_error: Option<String>,
    /// The lesson made last, as a file.
    pub file: Option<LessonFile>,
    /// A link that opens it.
    pub link: Option<String>,
    /// Why the lesson could not be made.
    pub error: Option<String>,
    /// The field the last refusal (of Make, or of adding a wrong turn) is about: marked
    /// invalid, described by the refusal, and given the focus.
    pub refused_at: Option<Field>,
    /// Refusals so far: each takes the focus to the field refused.
    pub refusals: u32,
}

/// A field of the builder a refusal is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The lesson's title.
    Title,
    /// The goals offered.
    Goals,
    /// What a wrong turn says.
    TurnText,
    /// What shows a wrong turn.
    TurnShows,
}

/// The ids of the builder's two refusals (of Make, of adding a wrong turn).
const MAKE_ERROR: &str = "builder-error";
const TURN_ERROR: &str = "builder-turn-error";

/// A wrong turn being recorded: the steps taken in the lesson being tried, what changed
/// with them (to tick what shows the wrong turn), and what to say.
#[derive(Clone, Debug, PartialEq)]
pub struct TurnDraft {
    /// The wrong turn as taken: its steps are the example; its `when` is filled from
    /// the facts ticked when it is added.
    pub taken: Pitfall,
    /// What changed since the lesson's start, and whether each is ticked.
    pub shows: Vec<(Goal, bool)>,
}

/// A field of the builder typed into.
#[derive(Clone, Debug, PartialEq)]
pub enum BuilderField {
    /// The title.
    Title(String),
    /// The story.
    Story(String),
    /// The hints, one a line.
    Hints(String),
    /// What a wrong turn being recorded says.
    TurnText(String),
}

impl Builder {
    /// A builder over the session: the goals offered are what changed since its start.
    pub fn new(session: &Session) -> Builder {
        Builder {
            goals: goal_candidates(session.base(), session.state())
                .into_iter()
                .map(|g| (g, false))
                .collect(),
            ..Builder::default()
        }
    }

    /// Whether text typed here would be lost by a reload: a title, story or hints typed
    /// and not in the lesson made from it last (which a reload keeps, as the lesson
    /// being tried).
    pub fn unsaved(&self) -> bool {
        let typed = [&self.title, &self.story, &self.hints]
            .iter()
            .any(|t| !t.trim().is_empty());
        typed
            && self.file.as_ref().is_none_or(|f| {
                f.title != self.title.trim()
                    || f.story != self.story.trim()
                    || f.hints != self.hint_lines()
            })
    }

    /// The hints typed, a hint a line (blank lines left out), as a lesson keeps them.
    fn hint_lines(&self) -> Vec<String> {
        self.hints
            .lines()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(String::from)
            .collect()
    }

    /// A builder filled from a lesson file, and the session of its solution played from
    /// its start (so that the goals offered are those of the solved state), with the
    /// solution's steps the engine refused, in words: they are not in the session, so
    /// the builder's solution leaves them out, and the user is told which.
    pub fn load(text: &str) -> Result<(Builder, Session, Vec<String>), String> {
        let file = LessonFile::read(text).map_err(|e| match e {
            // Where a scenario file goes, in the page's words.
            FormatError::ScenarioNotLesson => {
                format!("{e}: open it with Load a scenario file, under Save or load a scenario")
            }
            e => e.to_string(),
        })?;
        let lesson = Lesson::load(text).map_err(|e| e.to_string())?;
        Ok(Builder::from_file(&file, &lesson))
    }

    /// The lesson being tried, in the builder as made (the builder reopened over it,
    /// after a Close or a reload): its file and link kept, its goals offered among those
    /// of its solution.
    pub fn trying(file: &LessonFile, lesson: &Lesson) -> Builder {
        let (mut builder, _, _) = Builder::from_file(file, lesson);
        builder.made(file.clone());
        builder
    }

    /// See [`Builder::load`].
    fn from_file(file: &LessonFile, lesson: &Lesson) -> (Builder, Session, Vec<String>) {
        let mut session = lesson.session();
        let mut refused = Vec::new();
        for (step, command) in lesson.solution.iter().enumerate() {
            let words = session.state().command_in_words(command);
            let before = session.cursor();
            // A write rolled back is an error that the log keeps, as the product has it
            // happen: only a step left out of the log is refused.
            if let Err(e) = session.dispatch(command.clone()) {
                if session.cursor() == before {
                    refused.push(format!("step {} ({words}): {e}", step + 1));
                }
            }
        }
        let mut builder = Builder::new(&session);
        // The file's goals first, ticked; the other candidates after them.
        let offered: Vec<(Goal, bool)> = std::mem::take(&mut builder.goals);
        builder.goals = file.goals.iter().map(|g| (g.clone(), true)).collect();
        builder.goals.extend(
            offered
                .into_iter()
                .filter(|(g, _)| !file.goals.iter().any(|f| f.expect == g.expect)),
        );
        builder.title = file.title.clone();
        builder.story = file.story.clone();
        builder.hints = file.hints.join("\n");
        builder.pitfalls = file.pitfalls.clone();
        (builder, session, refused)
    }

    /// Makes the lesson from the session: checked by the engine as `cargo xtask lessons`
    /// checks the built-in ones (it must not be solved at its start, and its solution
    /// must solve it).
    ///
    /// While the lesson made is being tried (`trying`), the session is an attempt, not
    /// the solution: the lesson is made again from the one made, with the texts and
    /// goals as they now are.
    pub fn make(&mut self, session: &Session, start: Option<&str>, trying: bool) {
        let (file, link) = (self.file.clone(), self.link.clone());
        self.make_from(session, start, trying);
        // Not made again while trying: the lesson made stays (else the next Make would
        // take the attempt for its solution).
        if trying && self.file.is_none() {
            (self.file, self.link) = (file, link);
        }
    }

    fn make_from(&mut self, session: &Session, start: Option<&str>, trying: bool) {
        // A mark is the last refusal's: none until this one says where.
        self.refused_at = None;
        let made = self.file.take().filter(|_| trying);
        self.link = None;
        // A wrong turn being recorded was for the lesson made before.
        self.drop_turn();
        if made.is_none() {
            self.offer_goals_of(session);
        }
        let goals = ticked(&self.goals);
        let title = self.title.trim();
        let problem = if title.is_empty() {
            Some((Field::Title, "give the lesson a title"))
        } else if goals.is_empty() {
            Some((Field::Goals, "tick at least one goal"))
        } else {
            None
        };
        if let Some((field, problem)) = problem {
            self.error = Some(problem.to_string());
            self.refuse_at(field);
            return;
        }
        let hints = self.hint_lines();
        let id = format!("custom-{}", slug(title));
        let story = self.story.trim();
        let mut file = match made {
            Some(made) => LessonFile {
                id,
                title: title.into(),
                story: story.into(),
                hints,
                goals,
                ..made
            },
            None => LessonFile::from_session(session, start, &id, title, story, hints, goals),
        };
        file.pitfalls = self.pitfalls.clone();
        self.check_and_keep(file);
    }

    /// The goals offered follow the session as it is now (steps may have been taken
    /// since the builder opened); ticks are kept by what a goal checks, and each goal
    /// still offered keeps its place in the list, so that a Make or a reopened builder
    /// does not reorder them (a goal no longer offered, unticked, goes; new ones come last).
    pub fn offer_goals_of(&mut self, session: &Session) {
        let mut candidates = goal_candidates(session.base(), session.state());
        // The goals offered before, in their order: a ticked one as it is (its
        // `after_previous`, as a lesson file loaded into the builder has it), even one that
        // no longer shows among the changes (the check below says whether the steps reach
        // it); an unticked one while it is still a change. Then the new candidates.
        let mut fresh: Vec<(Goal, bool)> = Vec::new();
        for (goal, on) in &self.goals {
            let now = candidates.iter().position(|c| c.expect == goal.expect);
            match (now, *on) {
                (Some(at), on) => {
                    let candidate = candidates.remove(at);
                    fresh.push((if on { goal.clone() } else { candidate }, on));
                }
                (None, true) => fresh.push((goal.clone(), true)),
                (None, false) => {}
            }
        }
        fresh.extend(candidates.into_iter().map(|g| (g, false)));
        self.goals = fresh;
    }

    /// Checks the lesson `file` as `cargo xtask lessons` checks the built-in ones, and
    /// keeps it as the lesson made, or says why not.
    fn check_and_keep(&mut self, file: LessonFile) {
        let check = match Lesson::load(&file.to_json()) {
            Ok(lesson) => lesson.check(),
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        self.error = if check.solved_at_start {
            Some(
                "every ticked goal already holds at the start: tick one that your steps changed"
                    .into(),
            )
        } else if let Some(unmet) = check.unmet.first() {
            Some(format!(
                "the steps do not reach a goal ({}: {})",
                unmet.name, unmet.detail
            ))
        } else if let Some((i, e)) = check.refused.first() {
            Some(format!("step {} is refused from the start: {e}", i + 1))
        } else if let Some((i, e)) = check.pitfalls.first() {
            Some(format!(
                "wrong turn {} no longer fits this lesson: {e}",
                i + 1
            ))
        } else if !check.unknown_names.is_empty() {
            Some(format!(
                "the story or a hint names in backticks what is no map, table or column: {}",
                check.unknown_names.join(", ")
            ))
        } else {
            None
        };
        if self.error.is_none() {
            self.made(file);
        }
    }

    /// Keeps `file` as the lesson made, with its link.
    fn made(&mut self, file: LessonFile) {
        // A lesson too large for a link still downloads; the link's place says why.
        self.link = Some(match dualwrite_engine::share::encode_lesson(&file) {
            Ok(code) => format!("{}{}{code}", crate::share::page(), crate::share::PREFIX),
            Err(e) => format!("No link: {e}"),
        });
        self.pitfalls = file.pitfalls.clone();
        self.file = Some(file);
    }

    /// Marks `field` as the one the refusal just said is about.
    fn refuse_at(&mut self, field: Field) {
        self.refused_at = Some(field);
        self.refusals += 1;
    }

    /// Whether `field` is marked: the last refusal is about it and is still said.
    fn refused(&self, field: Field) -> bool {
        let said = match field {
            Field::Title | Field::Goals => self.error.is_some(),
            Field::TurnText | Field::TurnShows => self.turn_error.is_some(),
        };
        said && self.refused_at == Some(field)
    }

    /// `aria-invalid` and `aria-describedby` of `field`.
    fn marks(&self, field: Field) -> (Option<&'static str>, Option<&'static str>) {
        let id = match field {
            Field::Title | Field::Goals => MAKE_ERROR,
            Field::TurnText | Field::TurnShows => TURN_ERROR,
        };
        let refused = self.refused(field);
        (refused.then_some("true"), refused.then_some(id))
    }

    /// Leaves the wrong turn being recorded, if any, and what was said of it.
    pub fn drop_turn(&mut self) {
        self.turn = None;
        self.turn_error = None;
    }

    /// Whether the lesson made here plays as `file` (the same start and solution): a
    /// session of `file` is an attempt at the lesson made.
    pub fn makes(&self, file: &LessonFile) -> bool {
        self.file.as_ref().is_some_and(|made| made.plays_as(file))
    }

    /// Starts recording a wrong turn from `session`, which must be the lesson made
    /// being tried (`trying`), with the wrong steps taken in it.
    pub fn record_turn(&mut self, session: &Session, trying: bool) {
        self.turn_error = if self.file.is_none() {
            Some("Not recorded: make the lesson first, then choose Try it and take the wrong steps in it".into())
        } else if !trying {
            Some(
                "Not recorded: choose Try it, take the wrong steps in the lesson, then record them"
                    .into(),
            )
        } else if session.cursor() == 0 {
            Some("Not recorded: take the wrong steps first (nothing was done since the lesson's start)".into())
        } else {
            None
        };
        let lesson = self.file.as_ref().map(|file| Lesson::load(&file.to_json()));
        match lesson {
            _ if self.turn_error.is_some() => {}
            Some(Ok(lesson)) => {
                self.turn = Some(TurnDraft {
                    taken: Pitfall::from_session(session, "", Default::default()),
                    shows: lesson
                        .wrong_turn_facts(session)
                        .into_iter()
                        .map(|g| (g, false))
                        .collect(),
                });
            }
            Some(Err(e)) => self.turn_error = Some(format!("Not recorded: {e}")),
            None => {}
        }
    }

    /// Adds the wrong turn being recorded to the lesson made, once the engine's check
    /// agrees: it must hold after its steps, neither at the start nor on the solution's
    /// way.
    pub fn add_turn(&mut self, session: &Session) {
        self.refused_at = None;
        let Some(turn) = &self.turn else {
            return;
        };
        let Some(file) = &self.file else {
            self.turn_error = Some("Not added: make the lesson first".into());
            return;
        };
        // The steps are those recorded: taken or undone since, they are not what the
        // facts were read from.
        if Pitfall::from_session(session, "", Default::default()).example != turn.taken.example {
            self.turn_error = Some(
                "Not added: steps were taken or undone since Record: choose Cancel, then Record a wrong turn again"
                    .into(),
            );
            return;
        }
        let when = ticked(&turn.shows)
            .into_iter()
            .map(|g| g.expect)
            .reduce(|all, one| all.and(one));
        let text = turn.taken.text.trim();
        let when = match when {
            _ if text.is_empty() => Err((
                Field::TurnText,
                "Not added: say what went wrong and how to come back",
            )),
            None => Err((
                Field::TurnShows,
                "Not added: tick what shows the wrong turn",
            )),
            Some(when) => Ok(when),
        };
        let when = match when {
            Ok(when) => when,
            Err((field, problem)) => {
                self.turn_error = Some(problem.into());
                self.refuse_at(field);
                return;
            }
        };
        let mut with = file.clone();
        with.pitfalls.push(Pitfall {
            text: text.into(),
            when,
            example: turn.taken.example.clone(),
        });
        let at = with.pitfalls.len() - 1;
        let problem = match Lesson::load(&with.to_json()) {
            Ok(lesson) => lesson
                .check()
                .pitfalls
                .into_iter()
                .find(|(i, _)| *i == at)
                .map(|(_, problem)| not_added(&problem)),
            Err(e) => Some(format!("Not added: {e}")),
        };
        self.turn_error = problem;
        if self.turn_error.is_none() {
            self.turn = None;
            self.made(with);
        }
    }

    /// Takes wrong turn `i` out of the lesson.
    pub fn remove_turn(&mut self, i: usize) {
        if i >= self.pitfalls.len() {
            return;
        }
        self.turn_error = None;
        self.pitfalls.remove(i);
        if let Some(mut file) = self.file.take() {
            file.pitfalls = self.pitfalls.clone();
            self.made(file);
        }
    }
}

/// The goals (or facts) ticked among those offered, in order.
fn ticked(offered: &[(Goal, bool)]) -> Vec<Goal> {
    offered
        .iter()
        .filter(|(_, on)| *on)
        .map(|(g, _)| g.clone())
        .collect()
}

/// Why a wrong turn was not added, in the author's words: what the facts ticked do
/// wrong, and what to tick instead.
fn not_added(problem: &PitfallProblem) -> String {
    match problem {
        PitfallProblem::HoldsAtStart => {
            "Not added: what is ticked already holds at the lesson's start: tick what the wrong steps changed".into()
        }
        PitfallProblem::OnTheSolutionsWay(step) => format!(
            "Not added: the lesson's own solution passes through what is ticked (after its step {}): tick what only the wrong steps show, such as a goal not yet met",
            step + 1
        ),
        PitfallProblem::ExampleSolves => {
            "Not added: these steps solve the lesson: they are another way to solve it, not a wrong turn".into()
        }
        PitfallProblem::Hidden(first) => format!(
            "Not added: wrong turn {} already shows here and would be said instead",
            first + 1
        ),
        other => format!("Not added: {other}"),
    }
}

/// `Pause and resume` -> `pause-and-resume`.
fn slug(title: &str) -> String {
    crate::files::slug(title, usize::MAX)
}

/// The builder's section: a form while open, else the button that opens it.
pub fn section(
    state: &UseReducerHandle<AppState>,
    download: Option<String>,
    first: &NodeRef,
    turn_first: &NodeRef,
) -> Html {
    let Some(b) = &state.builder else {
        let over_a_lesson = state.lesson.as_ref().is_some_and(|run| run.file.is_some());
        return html! {
            <p class="builder-open">
                <button type="button" onclick={on::<MouseEvent>(state, Action::OpenBuilder)}>{ "Make a lesson" }</button>
                if over_a_lesson {
                    <span class="hint">{ " to edit the lesson open (its texts, goals and wrong turns); to make one from your own session, close the lesson with All lessons first" }</span>
                } else if state.builder_closed.is_some() {
                    <span class="hint">{ " to go on with the lesson closed: it comes back as you left it" }</span>
                } else {
                    <span class="hint">{ " from this session: its start, its steps as the solution, goals you pick" }</span>
                }
            </p>
        };
    };
    let field = |make: fn(String) -> BuilderField| {
        crate::widgets::on_value::<InputEvent>(state, move |v| Some(Action::BuilderField(make(v))))
    };
    let onload = crate::files::on_choose(state, Action::BuilderLoad, Action::BuilderLoadFailed);
    html! {
        <section class="builder" aria-labelledby="builder-title">
            <h2 id="builder-title">{ "Make a lesson" }</h2>
            if state.trying_the_lesson_made() {
                <p class="hint">{ "You are trying this lesson: making it again keeps its start and its solution; the steps you take now are for recording wrong turns." }</p>
            } else {
                <p class="hint">{ "The lesson starts where this session started; its solution is the session's steps up to now." }</p>
            }
            <p><label for="builder-lesson-title">{ "Title" }</label>
                <input id="builder-lesson-title" type="text" ref={first.clone()} value={b.title.clone()} oninput={field(BuilderField::Title)}
                    aria-invalid={b.marks(Field::Title).0} aria-describedby={b.marks(Field::Title).1} /></p>
            <p><label for="builder-story">{ "Story (name maps, tables and columns in `backticks`)" }</label>
                <textarea id="builder-story" rows="3" value={b.story.clone()} oninput={field(BuilderField::Story)} /></p>
            <p><label for="builder-hints">{ "Hints, one a line" }</label>
                <textarea id="builder-hints" rows="3" value={b.hints.clone()} oninput={field(BuilderField::Hints)} /></p>
            // (A group cannot be invalid: its boxes are, and the group is described.)
            <fieldset class="builder-goals" aria-describedby={b.marks(Field::Goals).1}>
                <legend>{ format!("Goals ({} offered: what changed since the start)", b.goals.len()) }</legend>
                if b.goals.is_empty() {
                    <p>{ "Nothing changed yet: take some steps first." }</p>
                }
                { for b.goals.iter().enumerate().map(|(i, (g, ticked))| {
                    choice(format!("builder-goal-{i}"), g, (*ticked, b.marks(Field::Goals).0), on::<Event>(state, Action::BuilderGoal(i)), NodeRef::default())
                }) }
            </fieldset>
            { wrong_turns(state, b, turn_first) }
            if let Some(error) = &b.error {
                <p class="notice error" role="alert" id={MAKE_ERROR}><strong>{ "Not made: " }</strong>{ error }</p>
            }
            <p class="builder-actions">
                <button type="button" onclick={on::<MouseEvent>(state, Action::BuilderMake)}>{ "Make the lesson" }</button>
                if b.file.is_some() {
                    <button type="button" onclick={on::<MouseEvent>(state, Action::BuilderTry)}>{ "Try it" }</button>
                }
                <button type="button" onclick={on::<MouseEvent>(state, Action::CloseBuilder)}>{ "Close" }</button>
            </p>
            if let (Some(file), Some(url)) = (&b.file, download) {
                <p><a class="lesson-download" href={url} download={format!("{}.json", file.id)}>
                    { "Download the lesson file" }</a></p>
            }
            if let Some(link) = &b.link {
                <p><label for="builder-link">{ "Link that opens the lesson: " }</label>
                    <input id="builder-link" type="text" readonly=true value={link.clone()} size="40" /></p>
            }
            <p><label for="builder-load">{ "Load a lesson file to edit it " }</label>
                <input type="file" id="builder-load" accept=".json,application/json" onchange={onload} /></p>
        </section>
    }
}

/// The lesson's wrong turns, each with its Remove, and the recording of a new one.
fn wrong_turns(state: &UseReducerHandle<AppState>, b: &Builder, first: &NodeRef) -> Html {
    let record = match &b.turn {
        None => html! {
            <p>
                <button type="button" id="builder-record-turn"
                    onclick={on::<MouseEvent>(state, Action::BuilderRecordTurn)}>{ "Record a wrong turn" }</button>
                <span class="hint">{ " once the lesson is made: choose Try it, take the wrong steps, then record them here" }</span>
            </p>
        },
        Some(turn) => html! {
            <div class="turn-draft">
                <p>{ format!("The wrong turn: the {} taken since the lesson's start.", crate::widgets::count_of(turn.taken.example.len(), "step")) }</p>
                <fieldset class="builder-shows" aria-describedby={b.marks(Field::TurnShows).1}>
                    <legend>{ "What shows it: what changed since the lesson's start, and its goals not yet met" }</legend>
                    if turn.shows.is_empty() {
                        <p>{ "Nothing tells these steps apart: nothing changed, and every goal is met. Choose Cancel." }</p>
                    }
                    { for turn.shows.iter().enumerate().map(|(i, (g, ticked))| {
                        let at = if i == 0 { first.clone() } else { NodeRef::default() };
                        choice(format!("builder-turn-{i}"), g, (*ticked, b.marks(Field::TurnShows).0), on::<Event>(state, Action::BuilderTurnShows(i)), at)
                    }) }
                </fieldset>
                <p><label for="builder-turn-text">{ "What went wrong, and how to come back" }</label>
                    <textarea id="builder-turn-text" rows="2" value={turn.taken.text.clone()}
                        aria-invalid={b.marks(Field::TurnText).0} aria-describedby={b.marks(Field::TurnText).1}
                        ref={if turn.shows.is_empty() { first.clone() } else { NodeRef::default() }}
                        oninput={crate::widgets::on_value::<InputEvent>(state, |v| Some(Action::BuilderField(BuilderField::TurnText(v))))} /></p>
                <p class="builder-actions">
                    <button type="button" onclick={on::<MouseEvent>(state, Action::BuilderAddTurn)}>{ "Add the wrong turn" }</button>
                    <button type="button" onclick={on::<MouseEvent>(state, Action::BuilderCancelTurn)}>{ "Cancel" }</button>
                </p>
            </div>
        },
    };
    // The last Remove goes with its entry: the focus goes on to Record, not to the page.
    let remove = |i: usize| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::BuilderRemoveTurn(i));
            gloo_timers::callback::Timeout::new(0, || {
                if crate::widgets::focused().is_none() {
                    if let Some(record) = crate::widgets::element("#builder-record-turn") {
                        let _ = record.focus();
                    }
                }
            })
            .forget();
        })
    };
    html! {
        <fieldset class="builder-turns">
            <legend>{ format!("Wrong turns ({}): what the lesson notices, and says how to come back", b.pitfalls.len()) }</legend>
            if !b.pitfalls.is_empty() {
                <ol>
                    { for b.pitfalls.iter().enumerate().map(|(i, p)| html! {
                        <li>
                            { crate::lessons::with_names(&p.text) }{ " " }
                            <button type="button" aria-label={format!("Remove wrong turn {}", i + 1)}
                                onclick={remove(i)}>{ "Remove" }</button>
                        </li>
                    }) }
                </ol>
            }
            if let Some(error) = &b.turn_error {
                <p class="notice error" role="alert" id={TURN_ERROR}>{ error }</p>
            }
            { record }
        </fieldset>
    }
}

/// A goal or fact offered, with its checkbox.
fn choice(
    id: String,
    goal: &Goal,
    (ticked, invalid): (bool, Option<&'static str>),
    onchange: Callback<Event>,
    at: NodeRef,
) -> Html {
    html! {
        <p class="goal-choice">
            <input type="checkbox" id={id.clone()} checked={ticked} aria-invalid={invalid} ref={at} {onchange} />
            <label for={id}>{ &goal.text }</label>
        </p>
    }
}
