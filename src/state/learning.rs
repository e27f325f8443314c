//! The reducer's part for lessons and the lesson builder.

use super::*;

/// The reducer's part for lessons and the lesson builder: the action back when it is not one of them.
pub(super) fn reduce(next: &mut AppState, action: Action) -> Option<Action> {
    match action {
        Action::OpenLesson(place) => {
            if let Some(run) = LessonRun::builtin(place) {
                next.open_lesson(run, "Lesson started");
            }
        }
        // Over a lesson not built in, being tried (a lesson made here, before a Close or a
        // reload, or one opened by a link): that lesson, to edit, its wrong turns
        // included; otherwise a new lesson from this session.
        Action::OpenBuilder => {
            let tried = next
                .lesson
                .as_ref()
                .and_then(|run| Some((run.file.clone()?, run.lesson.clone())));
            let closed = next.builder_closed.take();
            next.builder = Some(match (tried, closed) {
                (Some((file, lesson)), _) => Builder::trying(&file, &lesson),
                // Its texts and ticks as they were; the goals offered, of the session now.
                (None, Some(mut closed)) => {
                    closed.offer_goals_of(&next.session.borrow());
                    closed
                }
                (None, None) => Builder::new(&next.session.borrow()),
            });
        }
        Action::CloseBuilder => {
            next.builder_closed = next.builder.take().map(|mut b| {
                // (A wrong turn being recorded goes with the attempt it was taken in.)
                b.drop_turn();
                b
            });
        }
        Action::BuilderField(field) => {
            if let Some(b) = next.builder.as_mut() {
                match field {
                    BuilderField::Title(t) => b.title = t,
                    BuilderField::Story(t) => b.story = t,
                    BuilderField::Hints(t) => b.hints = t,
                    BuilderField::TurnText(t) => {
                        if let Some(turn) = b.turn.as_mut() {
                            turn.taken.text = t;
                        }
                    }
                }
            }
        }
        Action::BuilderGoal(i) => {
            if let Some((_, ticked)) = next.builder.as_mut().and_then(|b| b.goals.get_mut(i)) {
                *ticked = !*ticked;
            }
        }
        Action::BuilderMake => {
            let start = next.origin.clone();
            let trying = next.trying_the_lesson_made();
            if let Some(mut b) = next.builder.take() {
                b.make(&next.session.borrow(), start.as_deref(), trying);
                if b.error.is_some() {
                    // The builder says why; an earlier "Lesson made" would say otherwise.
                    next.notice = None;
                } else if b.file.is_some() {
                    next.say(Notice::Info(format!(
                        "Lesson made: {}. Download it, share its link or try it",
                        b.title.trim()
                    )));
                }
                next.builder = Some(b);
                if trying {
                    next.tried_lesson_follows_the_builder();
                }
            }
        }
        Action::BuilderRecordTurn => {
            let trying = next.trying_the_lesson_made();
            if let Some(b) = next.builder.as_mut() {
                b.record_turn(&next.session.borrow(), trying);
            }
        }
        Action::BuilderTurnShows(i) => {
            let turn = next.builder.as_mut().and_then(|b| b.turn.as_mut());
            if let Some((_, ticked)) = turn.and_then(|t| t.shows.get_mut(i)) {
                *ticked = !*ticked;
            }
        }
        Action::BuilderAddTurn => {
            let trying = next.trying_the_lesson_made();
            if let Some(b) = next.builder.as_mut() {
                let before = b.pitfalls.len();
                b.add_turn(&next.session.borrow());
                if b.pitfalls.len() > before {
                    let message = format!(
                        "Wrong turn added to the lesson: {}. Download the lesson again or share its new link",
                        b.title.trim()
                    );
                    next.say(Notice::Info(message));
                    if trying {
                        next.tried_lesson_follows_the_builder();
                    }
                }
            }
        }
        Action::BuilderCancelTurn => {
            if let Some(b) = next.builder.as_mut() {
                b.drop_turn();
            }
        }
        Action::BuilderRemoveTurn(i) => {
            let trying = next.trying_the_lesson_made();
            if let Some(b) = next.builder.as_mut() {
                let before = b.pitfalls.len();
                b.remove_turn(i);
                if b.pitfalls.len() < before {
                    let again = if b.file.is_some() {
                        ". Download the lesson again or share its new link"
                    } else {
                        ""
                    };
                    let message = format!(
                        "Wrong turn {} removed from the lesson: {}{again}",
                        i + 1,
                        b.title.trim()
                    );
                    next.say(Notice::Info(message));
                    if trying {
                        next.tried_lesson_follows_the_builder();
                    }
                }
            }
        }
        Action::BuilderTry => {
            let file = next.builder.as_ref().and_then(|b| b.file.clone());
            if let Some(run) = file.and_then(LessonRun::custom) {
                // (The builder stays open over its lesson: see `start_lesson`. Its Try it
                // stays too: the focus is taken to the lesson's heading, where its story
                // starts, as for a lesson opened from the list.)
                next.open_lesson(run, "Your lesson started");
                let n = next.go_to.map_or(0, |(_, n)| n.wrapping_add(1));
                next.go_to = Some((Place::Lesson, n));
            }
        }
        Action::BuilderLoad(text) => match Builder::load(&text) {
            Ok((builder, session, refused)) => {
                // (Kept or not, the notice is the builder's.)
                let _kept = next.replace_with(AppState::from_session(session));
                let loaded = format!(
                    "Lesson loaded into the builder: {}. The session is its solution played from its start",
                    builder.title
                );
                next.say(if refused.is_empty() {
                    Notice::Info(loaded)
                } else {
                    Notice::Attention(format!(
                        "{loaded}, without the solution's steps the engine refused, which the lesson saved from here leaves out: {}",
                        refused.join("; ")
                    ))
                });
                next.builder = Some(builder);
            }
            Err(e) => {
                next.say(Notice::Error(format!(
                    "The lesson file was not loaded: {e}"
                )));
            }
        },
        Action::BuilderLoadFailed(e) => {
            next.say(Notice::Error(format!(
                "The lesson file could not be read: {e}"
            )));
        }
        // "All lessons": the list shows, unfolded.
        Action::CloseLesson => {
            next.lesson = None;
            next.lesson_list_open = true;
        }
        Action::NextHint => {
            if let Some(run) = next.lesson.as_mut() {
                run.hints = (run.hints + 1).min(run.lesson.hints.len());
            }
        }
        Action::LessonStartOver => {
            if let Some(run) = next.lesson.clone() {
                // The trainee's own steps are kept to bring back, as Show me keeps them
                // (the same rule: not over the session from before the lesson).
                let own_steps = !next.replays_solution(&run);
                let keep = own_steps && next.kept_is_this_lesson(&run);
                if own_steps && !keep && !next.asked_before_losing_steps(Restart::StartOver) {
                    return None;
                }
                let message = if own_steps && !keep {
                    "Started over (your steps in this lesson are not kept: the session from before the lesson is)"
                } else {
                    "Started over"
                };
                next.start_lesson(run, message, keep);
            }
        }
        Action::ShowMe => {
            // Already playing, it carries on (the button is marked unavailable then).
            if let Some(run) = next.lesson.clone().filter(|run| run.show_me.is_none()) {
                // From the lesson's start. The trainee's own steps are kept, to bring
                // back, in the one place a replaced session is kept: unless it holds the
                // session from before the lesson (kept instead, and said), and not when
                // the session is Show me's own replay (nothing of the trainee's in it).
                let own_steps = !next.replays_solution(&run);
                let keep = own_steps && next.kept_is_this_lesson(&run);
                if own_steps && !keep && !next.asked_before_losing_steps(Restart::ShowMe) {
                    return None;
                }
                let message = if own_steps && !keep {
                    "Show me plays the solution from the lesson's start, a step every few seconds (Next step plays the next one at once; your steps in this lesson are not kept: the session from before the lesson is)"
                } else {
                    "Show me plays the solution from the lesson's start, a step every few seconds (Next step plays the next one at once)"
                };
                next.start_lesson(run, message, keep);
                if let Some(run) = next.lesson.as_mut() {
                    run.show_me = Some(0);
                    run.watched = true;
                }
            }
        }
        Action::ShowMeStep => next.show_me_step(),
        Action::StopShowMe => {
            if let Some(run) = next.lesson.as_mut() {
                run.show_me = None;
                run.show_me_pane = false;
            }
            next.say(Notice::Info(
                "Show me stopped: carry on from here, or press Show me to play the solution from the start".into(),
            ));
        }
        other => return Some(other),
    }
    None
}

/// What starts a lesson over from its start: asked once before it drops the trainee's
/// own steps (see [`AppState::asked_before_losing_steps`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    /// Show me.
    ShowMe,
    /// Start over.
    StartOver,
}

impl AppState {
    /// Whether `restart` was asked for a second time on the same steps, which drops the
    /// trainee's own steps in the lesson (the one place a replaced session is kept holds
    /// the session from before the lesson). The first time, it says what would be lost
    /// and asks again, and the caller does nothing.
    pub(crate) fn asked_before_losing_steps(&mut self, restart: Restart) -> bool {
        // The trainee's steps, the clock's ticks left out (a playing clock adds one at
        // each beat: the question is about the same steps, asked again or not).
        let (steps, ticks) = {
            let session = self.session.borrow();
            let done = &session.commands()[..session.cursor()];
            let ticks = done
                .iter()
                .filter(|c| matches!(c, Command::Tick { .. }))
                .count();
            (done.len() - ticks, ticks)
        };
        if self.losing_steps_asked == Some((restart, steps)) {
            return true;
        }
        self.losing_steps_asked = Some((restart, steps));
        let button = match restart {
            Restart::ShowMe => "Show me",
            Restart::StartOver => "Start over",
        };
        let yours = match (steps, ticks) {
            (s, 0) => format!("your {s} step(s)"),
            (0, t) => format!("your {t} clock tick(s)"),
            (s, t) => format!("your {s} step(s) and {t} clock tick(s)"),
        };
        self.say(Notice::Attention(format!(
            "{button} starts the lesson again from its start, and {yours} in it would not be kept: the session from before the lesson is kept instead, to bring back. Press {button} again to go on (Export, under Save or load a scenario, keeps your steps as a file first)"
        )));
        false
    }

    /// Whether the open lesson is the builder's lesson made, being tried (a lesson not
    /// built in, with its id): its session starts at that lesson's start.
    pub(crate) fn trying_the_lesson_made(&self) -> bool {
        let tried = self.lesson.as_ref().and_then(|run| run.file.as_deref());
        // The same lesson, whatever its texts and wrong turns: the same start and solution.
        tried.is_some_and(|file| self.builder.as_ref().is_some_and(|b| b.makes(file)))
    }

    /// The lesson being tried (the builder's: the caller knows) takes the builder's
    /// lesson as it now is, so that it notices a wrong turn the moment it is added.
    fn tried_lesson_follows_the_builder(&mut self) {
        let made = self.builder.as_ref().and_then(|b| b.file.clone());
        if let (Some(fresh), Some(run)) = (made.and_then(LessonRun::custom), self.lesson.as_mut()) {
            run.lesson = fresh.lesson;
            run.file = fresh.file;
        }
    }

    /// Whether the session holds no step but the lesson's solution's first ones: Show me
    /// played them (or nothing was done).
    pub(crate) fn replays_solution(&self, run: &LessonRun) -> bool {
        run.lesson.follows_solution(&self.session.borrow())
    }

    /// Whether the session kept to bring back is empty or one of this lesson (an earlier
    /// attempt), not one from before it.
    fn kept_is_this_lesson(&self, run: &LessonRun) -> bool {
        match self.before.as_deref() {
            None => true,
            Some(Kept::State(kept)) => kept.origin == run.start_name(),
            Some(Kept::Stored { origin, .. }) => *origin == run.start_name(),
        }
    }
}
