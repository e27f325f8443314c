//! "What just happened": the events of the last command, in words, in a polite live
//! region.

use yew::prelude::*;

use crate::state::AppState;

/// What the feed shows: the last command's events.
pub(crate) fn unchanged(a: &AppState, b: &AppState) -> bool {
    a.feed == b.feed
}

/// The feed of the last command's events.
pub(crate) fn view(state: &UseReducerHandle<AppState>) -> Html {
    html! {
        <section class="feed" aria-labelledby="feed-title">
            <h2 id="feed-title">{ "What just happened" }</h2>
            if !state.feed.attention.is_empty() {
                // Also in the list below, in order, when among its first lines (the
                // live region reads that list).
                <ul class="attention" aria-label="Needs attention" tabindex="0">
                    { for state.feed.attention.iter().map(|l| html! {
                        <li><span aria-hidden="true">{ "⚠ " }</span>{ l }</li>
                    }) }
                </ul>
            }
            if state.feed.lines.is_empty() {
                <p class="hint">{ "No dual-write event with the last action." }</p>
            }
            // A stop for the keyboard (the list scrolls) only when it lists something.
            <ul class="events" aria-live="polite" aria-labelledby="feed-title"
                tabindex={(!state.feed.lines.is_empty()).then_some("0")}>
                { for state.feed.lines.iter().map(|l| html! { <li>{ l }</li> }) }
                if state.feed.more > 0 {
                    <li>{ format!("and {} more", state.feed.more) }</li>
                }
            </ul>
        </section>
    }
}
