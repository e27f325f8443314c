//! The reducer's part for the history and the clock: undo, redo, a step of the timeline,
//! and the clock's play, speed and beats.

use super::*;

/// The reducer's part for the history and the clock: the action back when it is not one of them.
pub(super) fn reduce(next: &mut AppState, action: Action) -> Option<Action> {
    match action {
        Action::ClockPlay(playing) => {
            next.clock.playing = playing;
            // An error said before Play is about a step before it: left on screen, it
            // would read as the state of the simulation a day of clock later.
            if playing && matches!(next.notice, Some(Notice::Error(_))) {
                next.notice = None;
            }
        }
        Action::ClockSpeed(speed) => next.clock.speed = speed.clamp(1, 100),
        Action::ClockBeat => {
            if next.clock.playing {
                let (_, ticks) = next.clock.cadence();
                next.beat(ticks);
            }
        }
        Action::TimelineEarlier => next.timeline_shown += crate::timeline::TIMELINE_LENGTH,
        // Rewinding pauses the clock: its next beat would drop the undone future.
        Action::Undo => {
            let paused = std::mem::replace(&mut next.clock.playing, false);
            let step = next.step_words(0);
            let said = if next.session.edit(|s| s.undo()) {
                let undone = format!("Undone: {}", step.unwrap_or_default());
                next.feed = Feed::said(undone.clone());
                // What was undone, at the top as in the feed.
                Notice::Info(if paused {
                    format!("{undone}; the clock is paused")
                } else {
                    undone
                })
            } else {
                Notice::Error("Nothing to undo".into())
            };
            next.say(said);
        }
        Action::Redo => {
            let step = next.step_words(1);
            let said = if next.session.edit(|s| s.redo()) {
                let redone = format!("Redone: {}", step.unwrap_or_default());
                next.feed = Feed::said(redone.clone());
                Notice::Info(redone)
            } else {
                Notice::Error("Nothing to redo".into())
            };
            next.say(said);
        }
        Action::Goto(n) => {
            next.clock.playing = false;
            let (at, of) = next.session.edit(|session| {
                session.goto(n);
                (session.cursor(), session.commands().len())
            });
            next.feed = Feed::said(format!("Moved in the history to step {at} of {of}"));
            next.say(Notice::Info(if at == of {
                format!("At the latest step ({at} of {of})")
            } else {
                format!(
                    "Rewound to step {at} of {of}: Redo or a later step goes forward; a new action drops the {} later step(s)",
                    of - at
                )
            }));
        }
        other => return Some(other),
    }
    None
}
