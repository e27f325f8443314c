//! The history: Undo/Redo keys and the timeline of the command log.

use dualwrite_engine::history::LogLine;
use dualwrite_engine::Command;
use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::widgets::*;

/// Steps of the history listed at first, and added by "Show earlier steps"; the older
/// ones are counted.
pub(crate) const TIMELINE_LENGTH: usize = 100;

/// Clock ticks in a row, this many or more, are listed as one line (Play adds a tick
/// command at each beat: a minute of play would otherwise fill the list).
pub(crate) const TICK_RUN: usize = 3;

/// What the timeline shows: the command log and where the session is in it, and how many
/// steps it lists.
pub(crate) fn unchanged(a: &AppState, b: &AppState) -> bool {
    crate::widgets::same_session(a, b) && a.timeline_shown == b.timeline_shown
}

/// Scrolls the open History list under `root` (the list, not the page) to show the
/// current step; an open list that does not show it is scrolled to it.
pub(crate) fn follow(root: &web_sys::Element) {
    let list = root.query_selector(".timeline[open] > ol").ok().flatten();
    let current = list.as_ref().and_then(|l| {
        l.query_selector("[aria-current], summary.current")
            .ok()
            .flatten()
    });
    if let (Some(list), Some(current)) = (list, current) {
        let (l, c) = (
            list.get_bounding_client_rect(),
            current.get_bounding_client_rect(),
        );
        if c.bottom() > l.bottom() {
            list.set_scroll_top(list.scroll_top() + (c.bottom() - l.bottom()).ceil() as i32);
        } else if c.top() < l.top() {
            list.set_scroll_top(list.scroll_top() - (l.top() - c.top()).ceil() as i32);
        }
    }
}

/// The command log in words: choosing a step rewinds (or goes forward) to the state after
/// it; steps past the current one are marked undone (in words, not only in colour); a run
/// of clock ticks is one line.
pub(crate) fn view(state: &UseReducerHandle<AppState>) -> Html {
    let session = state.session.borrow();
    let (cursor, commands) = (session.cursor(), session.commands());
    // The lines from the first step listed; a run of clock ticks that starts before it
    // is listed whole.
    let lines = session.log_lines(
        commands.len().saturating_sub(state.timeline_shown),
        TICK_RUN,
    );
    let first = match lines.first() {
        Some(LogLine::Command(i)) => *i,
        Some(LogLine::Ticks { steps, .. }) => steps.start,
        None => commands.len(),
    };
    // The history is one Tab stop (the current step, or the run of ticks that holds
    // it); the arrow keys, Home and End move between the steps shown. `inside` marks a
    // step listed inside a run of ticks, whose summary is the stop.
    let step = |n: usize, text: String, inside: bool| {
        let current = n == cursor;
        let undone = n > cursor;
        // (A write dual-write refused is logged all the same, as it counted an error: its
        // words say it was rolled back.)
        let marked = if undone {
            " (undone)"
        } else if current {
            " (current)"
        } else {
            ""
        };
        // The name says what the text says, undone or current included; the step with
        // the focus is the one marked current.
        let label = format!("Go to step {n}: {text}{marked}");
        html! {
            <li key={n} class={classes!(undone.then_some("undone"))}>
                <button type="button" class="step" aria-label={label} aria-current={current.then_some("step")}
                    tabindex={if current && !inside { "0" } else { "-1" }}
                    onclick={on::<MouseEvent>(state, Action::Goto(n))}>
                    { format!("{n}. {text}{marked}") }
                </button>
            </li>
        }
    };
    // Listing the last of the earlier steps removes this button: the focus goes to the
    // history's summary, just before the list's first step, rather than to the page.
    let earlier = {
        let state = state.clone();
        let last = first <= TIMELINE_LENGTH;
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::TimelineEarlier);
            if last {
                let start = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector(".timeline summary").ok().flatten())
                    .and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok());
                if let Some(start) = start {
                    let _ = start.focus();
                }
            }
        })
    };
    // Steps `from` to `to` (1-based), clock ticks all, as one line that unfolds to them
    // (each still chosen on its own); where the history stands inside it is said.
    // (The step inside it is the one marked current, for screen readers; its summary says
    // it in words, and in bold.)
    let ticks = |from: usize, to: usize, ticks: u32, steps: Vec<Html>| {
        let label = format!("{} in {} steps", Command::Tick { ticks }, to - from + 1);
        let (current, undone, partly) = (cursor == to, cursor < from, (from..to).contains(&cursor));
        html! {
            <li key={format!("ticks-{from}")} class={classes!("tick-run", undone.then_some("undone"))}>
                <details>
                    <summary class={classes!((current || partly).then_some("current"))}
                        tabindex={if current || partly { "0" } else { "-1" }}>
                        { format!("{from}–{to}. {label}") }
                        { if undone { " (undone)".to_string() }
                          else if current { " (current)".to_string() }
                          else if partly { format!(" (current: step {cursor})") }
                          else { String::new() } }
                    </summary>
                    <ol>{ for steps }</ol>
                </details>
            </li>
        }
    };
    let words = |k: usize| session.command_in_words(k).unwrap_or_default();
    let lines = lines.into_iter().map(|line| match line {
        LogLine::Command(k) => step(k + 1, words(k), false),
        LogLine::Ticks { steps, ticks: sum } => {
            let (from, to) = (steps.start + 1, steps.end);
            ticks(
                from,
                to,
                sum,
                steps.map(|k| step(k + 1, words(k), true)).collect(),
            )
        }
    });
    html! {
        // Opened, it shows the current step.
        <details class="timeline" ontoggle={Callback::from(|e: Event| {
            if let Some(details) = e.target_dyn_into::<web_sys::Element>() {
                if let Some(root) = details.parent_element() {
                    follow(&root);
                }
            }
        })}>
            <summary>{ format!("History ({} of {} steps)", cursor, commands.len()) }</summary>
            <ol onkeydown={Callback::from(|e: KeyboardEvent| {
                crate::widgets::arrow_between(&e, ".timeline", "ol button, ol summary");
            })}>
                { step(0, "Start".to_string(), false) }
                if first > 0 {
                    <li>
                        { format!("… {first} earlier steps ") }
                        <button type="button" onclick={earlier}>
                            { format!("Show {} earlier steps", first.min(TIMELINE_LENGTH)) }
                        </button>
                    </li>
                }
                // Its own list, keyed by step: an unfolded run stays unfolded as steps
                // are added after it or listed before it. (Among the items above, the
                // macro would flatten it into one list with unkeyed items.)
                <>{ for lines }</>
            </ol>
        </details>
    }
}
