//! The lesson builder: from the current session, "Make a lesson" takes where the session
//! started, its commands as the solution, goals ticked among what changed (the engine's
//! `goal_candidates`), and a title, story and hints typed in. The lesson downloads as a
//! file, opens as a share link, can be tried at once, and a lesson file loads back into
//! the builder for editing. No JSON to write.

use dualwrite_engine::lesson::{goal_candidates, Goal, Lesson, LessonFile, Pitfall};
use dualwrite_engine::Session;
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
    /// The wrong turns of a lesson file loaded into the builder: kept in the lesson
    /// made, and checked with it (the builder does not write new ones).
    pub pitfalls: Vec<Pitfall>,
    /// The lesson made last, as a file.
    pub file: Option<LessonFile>,
    /// A link that opens it.
    pub link: Option<String>,
    /// Why the lesson could not be made.
    pub error: Option<String>,
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

    /// A builder filled from a lesson file, and the session of its solution played from
    /// its start (so that the goals offered are those of the solved state), with the
    /// solution's steps the engine refused, in words: they are not in the session, so
    /// the builder's solution leaves them out, and the user is told which.
    pub fn load(text: &str) -> Result<(Builder, Session, Vec<String>), String> {
        let file: LessonFile =
            dualwrite_engine::format::from_json(text).map_err(|e| e.to_string())?;
        let lesson = Lesson::load(text).map_err(|e| e.to_string())?;
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
        Ok((builder, session, refused))
    }

    /// Makes the lesson from the session: checked by the engine as `cargo xtask lessons`
    /// checks the built-in ones (it must not be solved at its start, and its solution
    /// must solve it).
    pub fn make(&mut self, session: &Session, start: Option<&str>) {
        self.file = None;
        self.link = None;
        // The goals offered follow the session as it is now (steps may have been taken
        // since the builder opened); ticks are kept by what a goal checks.
        let ticked: Vec<Goal> = self
            .goals
            .iter()
            .filter(|(_, on)| *on)
            .map(|(g, _)| g.clone())
            .collect();
        // The ticked goals come first, as they are (their order and `after_previous`, as
        // a lesson file loaded into the builder has them), even one that no longer shows
        // among the changes (the check below says whether the steps reach it); then the
        // other candidates, unticked.
        let mut fresh: Vec<(Goal, bool)> = ticked.iter().map(|t| (t.clone(), true)).collect();
        fresh.extend(
            goal_candidates(session.base(), session.state())
                .into_iter()
                .filter(|g| !ticked.iter().any(|t| t.expect == g.expect))
                .map(|g| (g, false)),
        );
        self.goals = fresh;
        let goals: Vec<Goal> = self
            .goals
            .iter()
            .filter(|(_, on)| *on)
            .map(|(g, _)| g.clone())
            .collect();
        let title = self.title.trim();
        let problem = if title.is_empty() {
            Some("give the lesson a title".to_string())
        } else if goals.is_empty() {
            Some("tick at least one goal".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            self.error = Some(problem);
            return;
        }
        let hints = self
            .hints
            .lines()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(String::from)
            .collect();
        let id = format!("custom-{}", slug(title));
        let mut file =
            LessonFile::from_session(session, start, &id, title, self.story.trim(), hints, goals);
        file.pitfalls = self.pitfalls.clone();
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
                "wrong turn {} kept from the file no longer fits this lesson: {e}",
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
            // A lesson too large for a link still downloads; the link's place says why.
            self.link = Some(match dualwrite_engine::share::encode_lesson(&file) {
                Ok(code) => format!("{}{}{code}", crate::share::page(), crate::share::PREFIX),
                Err(e) => format!("No link: {e}"),
            });
            self.file = Some(file);
        }
    }
}

/// `Pause and resume` -> `pause-and-resume`.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The builder's section: a form while open, else the button that opens it.
pub fn section(
    state: &UseReducerHandle<AppState>,
    download: Option<String>,
    first: &NodeRef,
) -> Html {
    let Some(b) = &state.builder else {
        return html! {
            <p class="builder-open">
                <button type="button" onclick={on::<MouseEvent>(state, Action::OpenBuilder)}>{ "Make a lesson" }</button>
                <span class="hint">{ " from this session: its start, its steps as the solution, goals you pick" }</span>
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
            <p class="hint">{ "The lesson starts where this session started; its solution is the session's steps up to now." }</p>
            <p><label for="builder-lesson-title">{ "Title" }</label>
                <input id="builder-lesson-title" type="text" ref={first.clone()} value={b.title.clone()} oninput={field(BuilderField::Title)} /></p>
            <p><label for="builder-story">{ "Story (name maps, tables and columns in `backticks`)" }</label>
                <textarea id="builder-story" rows="3" value={b.story.clone()} oninput={field(BuilderField::Story)} /></p>
            <p><label for="builder-hints">{ "Hints, one a line" }</label>
                <textarea id="builder-hints" rows="3" value={b.hints.clone()} oninput={field(BuilderField::Hints)} /></p>
            <fieldset>
                <legend>{ format!("Goals ({} offered: what changed since the start)", b.goals.len()) }</legend>
                if b.goals.is_empty() {
                    <p>{ "Nothing changed yet: take some steps first." }</p>
                }
                { for b.goals.iter().enumerate().map(|(i, (g, ticked))| {
                    let id = format!("builder-goal-{i}");
                    html! {
                        <p class="goal-choice">
                            <input type="checkbox" id={id.clone()} checked={*ticked}
                                onchange={on::<Event>(state, Action::BuilderGoal(i))} />
                            <label for={id}>{ &g.text }</label>
                        </p>
                    }
                }) }
            </fieldset>
            if !b.pitfalls.is_empty() {
                <p class="hint">{ format!("{} wrong turn(s) kept from the lesson file, each said when a trainee takes it, are kept in the lesson and checked with it.", b.pitfalls.len()) }</p>
            }
            if let Some(error) = &b.error {
                <p class="notice error" role="alert"><strong>{ "Not made: " }</strong>{ error }</p>
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
