//! The history: Undo/Redo keys and the timeline of the command log.

use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::widgets::*;

/// Steps of the history listed at first, and added by "Show earlier steps"; the older
/// ones are counted.
pub(crate) const TIMELINE_LENGTH: usize = 100;

/// What the timeline shows: the command log and where the session is in it, and how many
/// steps it lists.
pub(crate) fn unchanged(a: &AppState, b: &AppState) -> bool {
    crate::widgets::same_session(a, b) && a.timeline_shown == b.timeline_shown
}

/// The command log in words: choosing a step rewinds (or goes forward) to the state after
/// it; steps past the current one are marked undone (in words, not only in colour).
pub(crate) fn view(state: &UseReducerHandle<AppState>) -> Html {
    let session = state.session.borrow();
    let (cursor, commands) = (session.cursor(), session.commands());
    let first = commands.len().saturating_sub(state.timeline_shown);
    let step = |n: usize, text: String| {
        let current = n == cursor;
        let undone = n > cursor;
        // A write dual-write refused is logged all the same (it counted an error): said.
        let text = if n > 0 && session.rolled_back(n - 1) {
            format!("{text} (rolled back)")
        } else {
            text
        };
        let label = format!("Go to step {n}: {text}");
        html! {
            <li aria-current={current.then_some("step")} class={classes!(undone.then_some("undone"))}>
                <button type="button" aria-label={label} onclick={on::<MouseEvent>(state, Action::Goto(n))}>
                    { format!("{n}. {text}") }
                    { if undone { " (undone)" } else if current { " (current)" } else { "" } }
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
    html! {
        <details class="timeline">
            <summary>{ format!("History ({} of {} steps)", cursor, commands.len()) }</summary>
            <ol>
                { step(0, "Start".to_string()) }
                if first > 0 {
                    <li>
                        { format!("… {first} earlier steps ") }
                        <button type="button" onclick={earlier}>
                            { format!("Show {} earlier steps", first.min(TIMELINE_LENGTH)) }
                        </button>
                    </li>
                }
                { for (first..commands.len()).map(|i| step(i + 1, session.command_in_words(i).unwrap_or_default())) }
            </ol>
        </details>
    }
}
