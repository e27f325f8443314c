//! The lessons: the list with progress, and the panel of the open lesson (story, goals
//! ticked off the moment they hold, hints on request, "Show me", "Start over"). The
//! lessons are the engine's (`dualwrite_engine::lesson::builtin`); progress is kept in
//! localStorage so that it survives a reload.

use std::collections::BTreeSet;
use std::rc::Rc;

use dualwrite_engine::lesson::{builtin, Lesson, LessonFile};
use dualwrite_engine::read::{Obj, Read, ReadError};
use dualwrite_engine::share::Start;
use serde::Serialize;
use serde_json::Value as Json;
use yew::prelude::*;

use crate::state::{Action, AppState};

/// The localStorage key of the lesson progress.
pub const KEY: &str = "dualwrite-simulator.lessons";

/// Delay between two steps of "Show me", in milliseconds: time to read what the step
/// did (its notice, the feed) before the next one replaces it.
pub const SHOW_ME_STEP_MS: u32 = 2500;

thread_local! {
    static LESSONS: Rc<Vec<Lesson>> = Rc::new(
        builtin()
            .iter()
            // Every built-in lesson loads: `cargo xtask lessons` and the engine tests
            // check each one.
            .filter_map(|(_, text)| Lesson::load(text).ok())
            .collect(),
    );
}

/// The built-in lessons, in order.
pub fn all() -> Rc<Vec<Lesson>> {
    LESSONS.with(Rc::clone)
}

/// What the trainee did with the lessons: the ones solved, and the one open.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Progress {
    /// Ids of the lessons solved.
    pub solved: BTreeSet<String>,
    /// Ids of the lessons whose goals were reached with Show me, not yet solved without
    /// it (said apart in the list: watching is not solving).
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub shown: BTreeSet<String>,
    /// Whether Show me played in the open lesson's attempt ([`LessonRun::watched`]), kept
    /// so that a reload does not turn what it showed into a lesson solved.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub watched: bool,
    /// Whether the open lesson's attempt came in a share link with steps taken by
    /// whoever shared it ([`LessonRun::shared`]), kept so that a reload does not turn
    /// their steps into a lesson solved here.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
    /// How many of the open lesson's hints were shown, shown again after a reload.
    #[serde(skip_serializing_if = "is_zero")]
    pub hints: usize,
    /// The step Show me plays next in the open lesson, while it plays: a reload carries
    /// on from there when the session is still where that step starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_me: Option<usize>,
    /// Id of the open lesson.
    pub open: Option<String>,
    /// The open lesson's file, when it is not a built-in one (made with the builder or
    /// opened from a link), so that a reload reopens it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom: Option<LessonFile>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Read for Progress {
    fn read(v: Json) -> Result<Progress, ReadError> {
        let mut o = Obj::new(v, "the lessons' progress")?;
        Ok(Progress {
            solved: o.or_default("solved")?,
            shown: o.or_default("shown")?,
            watched: o.or_default("watched")?,
            shared: o.or_default("shared")?,
            hints: o.or_default("hints")?,
            show_me: o.opt("show_me")?,
            open: o.opt("open")?,
            custom: o.opt("custom")?,
        })
    }
}

impl Progress {
    /// The progress saved by the last visit (none when storage is missing). Saved text
    /// that does not read gives no progress, and comes back with why, to be kept.
    pub fn restore() -> (Progress, Option<(String, String)>) {
        let saved = crate::autosave::storage()
            .ok()
            .and_then(|s| s.get_item(KEY).ok().flatten());
        match saved.map(|text| (dualwrite_engine::format::from_json(&text), text)) {
            None => (Progress::default(), None),
            Some((Ok(progress), _)) => (progress, None),
            Some((Err(e), text)) => (Progress::default(), Some((e.to_string(), text))),
        }
    }

    /// Saves the progress; the reason when it could not be saved. Lessons another tab
    /// saved as solved or shown since this one read them are kept (a tab's save never
    /// takes a solved lesson away).
    pub fn save(&self) -> Result<(), String> {
        let storage = crate::autosave::storage()?;
        let stored = storage
            .get_item(KEY)
            .ok()
            .flatten()
            .and_then(|text| dualwrite_engine::format::from_json::<Progress>(&text).ok());
        let text = match stored {
            Some(stored) => serde_json::to_string(&self.with_lessons_of(&stored)),
            None => serde_json::to_string(self),
        }
        .map_err(|e| e.to_string())?;
        storage
            .set_item(KEY, &text)
            .map_err(|_| "the browser's storage has no room for it".to_string())
    }

    /// This progress, with the lessons `other` counts as solved or shown counted too (a
    /// lesson solved in either is solved, not shown).
    pub fn with_lessons_of(&self, other: &Progress) -> Progress {
        let mut merged = self.clone();
        merged.solved.extend(other.solved.iter().cloned());
        merged.shown.extend(other.shown.iter().cloned());
        let solved = merged.solved.clone();
        merged.shown.retain(|id| !solved.contains(id));
        merged
    }

    /// Forgets the saved progress (tests start afresh).
    pub fn clear() {
        if let Ok(s) = crate::autosave::storage() {
            let _ = s.remove_item(KEY);
        }
    }
}

/// The open lesson: which, how many hints are shown, and where "Show me" is.
#[derive(Clone, Debug)]
pub struct LessonRun {
    /// The lesson (a built-in one, or one made with the lesson builder).
    pub lesson: Rc<Lesson>,
    /// Its place in [`all`], for a built-in lesson.
    pub place: Option<usize>,
    /// Its file, for a lesson that is not built in (kept so that a reload reopens it).
    pub file: Option<Rc<LessonFile>>,
    /// Hints shown so far.
    pub hints: usize,
    /// The next solution step "Show me" plays, while it plays.
    pub show_me: Option<usize>,
    /// Whether Show me has opened the Run or Pause pane as that step fills it: the step
    /// plays when the pane is confirmed, as the trainee would play it.
    pub show_me_pane: bool,
    /// Whether Show me played in this attempt (since the lesson opened or started over):
    /// its goals reached then count as shown, not solved.
    pub watched: bool,
    /// Whether this attempt came in a share link with steps someone else took: its
    /// goals reached count in this browser's progress only once solved here (Start over).
    pub shared: bool,
}

impl LessonRun {
    /// The built-in lesson at `place`, from its first hint.
    pub fn builtin(place: usize) -> Option<LessonRun> {
        all().get(place).map(|l| LessonRun {
            lesson: Rc::new(l.clone()),
            place: Some(place),
            file: None,
            hints: 0,
            show_me: None,
            show_me_pane: false,
            watched: false,
            shared: false,
        })
    }

    /// The built-in lesson with this id.
    pub fn by_id(id: &str) -> Option<LessonRun> {
        all()
            .iter()
            .position(|l| l.id == id)
            .and_then(LessonRun::builtin)
    }

    /// The built-in lesson a start's name (`lesson:<id>`, see [`LessonRun::start_name`])
    /// stands for.
    pub fn of_start_name(name: &str) -> Option<LessonRun> {
        match Start::parse_name(name) {
            Some(Start::Lesson(id)) => LessonRun::by_id(&id),
            _ => None,
        }
    }

    /// A lesson from elsewhere (the builder, a link, a file); `None` when it does not load.
    pub fn custom(file: LessonFile) -> Option<LessonRun> {
        let lesson = Lesson::load(&file.to_json()).ok()?;
        Some(LessonRun {
            lesson: Rc::new(lesson),
            place: None,
            file: Some(Rc::new(file)),
            hints: 0,
            show_me: None,
            show_me_pane: false,
            watched: false,
            shared: false,
        })
    }

    /// The name a share link gives the lesson's start (built-in lessons only).
    pub fn start_name(&self) -> Option<String> {
        self.place
            .and_then(|_| Start::Lesson(self.lesson.id.clone()).name())
    }
}

impl PartialEq for LessonRun {
    fn eq(&self, other: &LessonRun) -> bool {
        Rc::ptr_eq(&self.lesson, &other.lesson)
            && self.place == other.place
            && self.hints == other.hints
            && self.show_me == other.show_me
            && self.show_me_pane == other.show_me_pane
            && self.watched == other.watched
            && self.shared == other.shared
    }
}

/// A lesson text with the names it writes in backticks (maps, tables, columns) shown as
/// code, the backticks themselves dropped.
pub(crate) fn with_names(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { { part } }
            }
        }) }
    }
}

/// The lessons: the open one's panel, or the list to pick one from.
pub fn section(state: &UseReducerHandle<AppState>) -> Html {
    let lessons = all();
    let solved = lessons
        .iter()
        .filter(|l| state.progress.solved.contains(&l.id))
        .count();
    let body = match &state.lesson {
        Some(run) => panel(state, run, &lessons),
        None => list(state, &lessons),
    };
    let title = html! {
        <h2 id="lessons-title">{ format!("Lessons ({solved} of {} solved)", lessons.len()) }</h2>
    };
    // The list folds away (the workbench has room for the story, not for fifteen titles);
    // an open lesson's panel is always shown.
    match &state.lesson {
        Some(_) => html! {
            <section class="lessons" aria-labelledby="lessons-title">{ title }{ body }</section>
        },
        None => html! {
            <details class="lessons" open={state.lesson_list_open}>
                <summary>{ title }</summary>
                { body }
            </details>
        },
    }
}

fn list(state: &UseReducerHandle<AppState>, lessons: &[Lesson]) -> Html {
    html! {
        <ol class="lesson-list">
            { for lessons.iter().enumerate().map(|(i, l)| {
                let done = state.progress.solved.contains(&l.id);
                let open = crate::widgets::on::<MouseEvent>(state, Action::OpenLesson(i));
                html! {
                    <li class={classes!(done.then_some("solved"))}>
                        <button type="button" class="link" onclick={open}>{ &l.title }</button>
                        <span class="lesson-state">{
                            if done {
                                " ✓ Solved"
                            } else if state.progress.shown.contains(&l.id) {
                                " ◐ Shown by Show me (solve it yourself to count it)"
                            } else {
                                ""
                            }
                        }</span>
                    </li>
                }
            }) }
        </ol>
    }
}

fn panel(state: &UseReducerHandle<AppState>, run: &LessonRun, lessons: &[Lesson]) -> Html {
    let of = lessons.len();
    let lesson = &run.lesson;
    let session = state.session.borrow();
    let met = lesson.goals_met(&session);
    let holding = lesson.goals_holding(&session);
    let all_met = met.iter().all(|&m| m);
    // A lesson the trainee solved before (progress keeps it).
    let solved_before = state.progress.solved.contains(&lesson.id);
    // A wrong turn the lesson notices (none once solved), by its place among them.
    let pitfall = state
        .lesson_pitfall()
        .and_then(|i| Some((i, lesson.pitfalls.get(i)?.text.clone())));
    let on = |a: Action| crate::widgets::on::<MouseEvent>(state, a);
    let show_me = match run.show_me {
        Some(next) => html! {
            <div class="show-me-bar">
                <p class="show-me" role="status">
                    // The step Next step plays, not one played already.
                    { format!("Show me: next, step {} of {}: ", next + 1, lesson.solution.len()) }
                    { lesson.solution.get(next).map(|c| session.state().step_in_words(c)).unwrap_or_default() }
                </p>
                <button type="button" onclick={on(Action::ShowMeStep)}>{ "Next step" }</button>
                <button type="button" onclick={on(Action::StopShowMe)}>{ "Stop showing" }</button>
            </div>
        },
        None => html! {},
    };
    html! {
        <div class="lesson-panel">
            // Focusable from script: a lesson started from the list takes the focus here.
            <h3 id="lesson-heading" tabindex="-1">{ match run.place {
                Some(place) => format!("Lesson {} of {of}: {}", place + 1, lesson.title),
                // (Made here, or by whoever sent the link or file: said as neither.)
                None => format!("Custom lesson: {}", lesson.title),
            } }</h3>
            <p class="story">{ with_names(&lesson.story) }</p>
            <h4>{ "Goal" }</h4>
            // Keyed by goal and state: a goal that changes state is a new item, which a
            // screen reader reads whole ("✓ Done: Currencies is Running"), not its mark
            // alone. A goal that held at the start (something to keep as it is) says it
            // holds rather than that it was done.
            <ul class="goals" aria-live="polite">
                { for lesson.goals.iter().zip(&met).enumerate().map(|(i, (g, &ok))| {
                    let held = lesson.held_at_start.get(i).copied().unwrap_or(false);
                    let alone = holding.get(i).copied().unwrap_or(false);
                    let state = match (ok, held) {
                        (true, true) => "✓ Holds (keep it so): ",
                        (true, false) => "✓ Done: ",
                        // (It holds, but counts only after the goals above it.)
                        (false, _) if alone => "○ Holds, counts once the goals above are done: ",
                        (false, _) => "○ To do: ",
                    };
                    html! {
                        <li key={format!("{i}-{state}")} class={classes!(ok.then_some("met"))}>
                            <span class="goal-state">{ state }</span>
                            { &g.text }
                        </li>
                    }
                }) }
            </ul>
            // A live region from the start, its words keyed by the pitfall: a wrong turn
            // noticed is read out whole, and its words go once it is undone.
            <div class="pitfall-said" aria-live="polite">
                if let Some((i, text)) = pitfall {
                    <p key={i} class="pitfall">
                        <span class="pitfall-mark" aria-hidden="true">{ "⚠ " }</span>
                        <strong>{ "Not quite: " }</strong>{ with_names(&text) }
                        // The way back is often several steps (a Run, then Run until idle).
                        <span class="hint">{ " (Undo takes back one step at a time; History lists the steps, and choosing one goes back to it at once.)" }</span>
                    </p>
                }
            </div>
            if all_met && (run.watched || run.shared) && solved_before {
                // Progress keeps a lesson once solved: played by Show me or shared since,
                // it stays solved.
                <p class="solved" role="status">{ if run.watched {
                    "Every goal reached, as Show me played it. You solved this lesson yourself before: it stays solved."
                } else {
                    "Every goal reached in the session shared with you. You solved this lesson yourself before: it stays solved."
                } }</p>
            } else if all_met && run.watched {
                <p class="solved" role="status">{ "Every goal reached, as Show me played it. It counts as solved once you solve it yourself: Start over, then without Show me." }</p>
            } else if all_met && run.shared {
                <p class="solved" role="status">{ "Every goal reached in the session shared with you. It counts as solved once you solve it yourself: Start over." }</p>
            } else if all_met {
                <p class="solved" role="status">{ "Lesson solved. Well done!" }
                    // The next built-in lesson, one click away.
                    if let Some((next, l)) = run.place.map(|p| p + 1).and_then(|n| lessons.get(n).map(|l| (n, l))) {
                        { " " }
                        <button type="button" onclick={on(Action::OpenLesson(next))}>{ format!("Next lesson: {}", l.title) }</button>
                    }
                </p>
            }
            // A live region from the start: each hint shown is read out.
            // (Keyed: a hint shown is an addition, read alone, not the list patched over.)
            <ol class="hints" aria-live="polite">
                { for lesson.hints.iter().take(run.hints).enumerate().map(|(i, h)| html! { <li key={i}>{ with_names(h) }</li> }) }
            </ol>
            { show_me }
            // Hint and Show me stay in the focus order when they have nothing to do (the
            // last hint shown, Show me playing), marked so: a disabled button pressed
            // from the keyboard would drop the focus to the page.
            <div class="lesson-actions">
                <button type="button" onclick={on(Action::NextHint)}
                    aria-disabled={(run.hints >= lesson.hints.len()).then_some("true")}>
                    { match run.hints {
                        0 => "Hint",
                        n if n >= lesson.hints.len() => "No more hints",
                        _ => "Another hint",
                    } }
                </button>
                <button type="button" class="show-me-start"
                    onclick={on(Action::ShowMe)}
                    aria-disabled={run.show_me.is_some().then_some("true")}>{ "Show me" }</button>
                <button type="button" onclick={on(Action::LessonStartOver)}>{ "Start over" }</button>
                <button type="button" onclick={on(Action::CloseLesson)}>{ "All lessons" }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_back_as_saved_and_an_older_one_without_fields_reads() {
        let (_, text) = builtin()[0];
        let custom: LessonFile = dualwrite_engine::format::from_json(text).unwrap();
        let progress = Progress {
            solved: ["run-a-map".to_string(), "related-maps".to_string()].into(),
            shown: ["alerts".to_string()].into(),
            watched: true,
            shared: true,
            hints: 2,
            show_me: Some(3),
            open: Some("custom".into()),
            custom: Some(custom),
        };
        let saved = serde_json::to_string(&progress).unwrap();
        assert_eq!(
            dualwrite_engine::format::from_json::<Progress>(&saved),
            Ok(progress)
        );
        assert_eq!(
            dualwrite_engine::format::from_json::<Progress>("{}"),
            Ok(Progress::default())
        );
        assert!(dualwrite_engine::format::from_json::<Progress>(r#"{"solved": 3}"#).is_err());
    }

    #[test]
    fn progress_saved_by_another_tab_is_kept_whatever_this_one_holds() {
        let other = Progress {
            solved: ["run-a-map".to_string()].into(),
            shown: ["alerts".to_string(), "related-maps".to_string()].into(),
            ..Progress::default()
        };
        let here = Progress {
            solved: ["related-maps".to_string()].into(),
            open: Some("alerts".into()),
            hints: 1,
            ..Progress::default()
        };
        let merged = here.with_lessons_of(&other);
        assert_eq!(
            merged.solved,
            ["related-maps".to_string(), "run-a-map".to_string()].into()
        );
        // Solved here is no longer only shown.
        assert_eq!(merged.shown, ["alerts".to_string()].into());
        // This tab's open lesson and hints are its own.
        assert_eq!((merged.open.as_deref(), merged.hints), (Some("alerts"), 1));
    }
}
