//! "What just happened": the events of the last command, in words, in a polite live
//! region.

use yew::prelude::*;

use crate::state::AppState;

/// What the feed shows: the last command's events.
pub(crate) fn unchanged(a: &AppState, b: &AppState) -> bool {
    a.feed == b.feed && a.clock.playing == b.clock.playing
}

/// The feed of the last command's events.
pub(crate) fn view(state: &UseReducerHandle<AppState>) -> Html {
    html! {
        <section class="feed" aria-labelledby="feed-title">
            <h2 id="feed-title">{ "What just happened" }</h2>
            if !state.feed.attention.is_empty() {
                // The lines that need attention where the list below would hide them
                // (further down than its first lines, or left out).
                // (Its name says "needs attention": its lines carry only the sign.)
                <ul class="attention" aria-label="Needs attention, out of view in the list below" tabindex="0">
                    { for state.feed.attention.iter().map(|l| html! {
                        <li><span aria-hidden="true">{ "⚠ " }</span>{ l }</li>
                    }) }
                </ul>
            }
            if state.feed.lines.is_empty() {
                <p class="hint">{ "No dual-write event with the last action." }</p>
            }
            // The app's own words (Undo's), which the notice announces: out of the live
            // list, so that a screen reader does not hear them twice.
            if state.feed.said {
                <p class="said">{ for state.feed.lines.iter().map(|l| l.words.clone()) }</p>
            }
            // A stop for the keyboard (the list scrolls) only when it lists something.
            // Not read out while the clock plays: every beat would queue its lines for a
            // screen reader faster than it speaks (what needs attention is in the notice).
            <ul class="events" aria-live={if state.clock.playing { "off" } else { "polite" }}
                aria-labelledby="feed-title"
                tabindex={(!state.feed.lines.is_empty() && !state.feed.said).then_some("0")}>
                { for state.feed.lines.iter().filter(|_| !state.feed.said).map(|l| if l.attention {
                    html! { <li class="attention">{ marked(&l.words) }</li> }
                } else {
                    html! { <li>{ &l.words }</li> }
                }) }
                if state.feed.more > 0 {
                    <li>{ format!("and {} more", state.feed.more) }</li>
                }
            </ul>
        </section>
    }
}

/// A line that needs attention: a sign for the eye, words for a screen reader.
fn marked(words: &str) -> Html {
    html! {
        <>
            <span aria-hidden="true">{ "⚠ " }</span>
            <span class="sr-only">{ "Needs attention: " }</span>
            { words.to_string() }
        </>
    }
}
