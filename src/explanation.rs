//! The open explanation of the engine's `explain` query.

use dualwrite_engine::Simulator;
use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::widgets::*;

/// The open explanation: title, reasons, what to do, and the Microsoft Learn page;
/// Escape or Close closes it, and so does the focus going to what it lies over (see
/// `app.rs`).
pub(crate) fn explanation(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    focus: &NodeRef,
) -> Html {
    let Some(subject) = &state.explaining else {
        return html! {};
    };
    let close = on::<MouseEvent>(state, Action::CloseExplanation);
    match sim.explain(subject) {
        Err(e) => html! {
            <aside class="explanation" aria-label="Explanation" ref={focus.clone()} tabindex="-1"
                onkeydown={escape_to(state, Action::CloseExplanation)}>
                <p>{ format!("Nothing to explain any more: {e}") }</p>
                <button type="button" onclick={close}>{ "Close" }</button>
            </aside>
        },
        Ok(x) => html! {
            <aside class="explanation" aria-labelledby="explanation-title" ref={focus.clone()} tabindex="-1"
                onkeydown={escape_to(state, Action::CloseExplanation)}>
                <h2 id="explanation-title">{ &x.title }</h2>
                <ul>{ for x.why.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
                if let Some(next) = &x.next {
                    <p class="next"><strong>{ "What to do: " }</strong>{ next }</p>
                }
                <p class="source">
                    { "Source: " }
                    <a href={x.url.clone()} target="_blank" rel="noopener">{ &x.source }</a>
                    if x.model_choice {
                        { " (where the documentation is silent, the simulator's model choice)" }
                    }
                </p>
                <button type="button" onclick={close}>{ "Close" }</button>
            </aside>
        },
    }
}

/// Whether `element` lies under the explanation `panel` (their boxes overlap), the focus
/// going there closes it: what has the focus is never hidden under it.
pub(crate) fn lies_under(panel: &web_sys::Element, element: &web_sys::Element) -> bool {
    if panel.contains(Some(element)) {
        return false;
    }
    let (p, e) = (
        panel.get_bounding_client_rect(),
        element.get_bounding_client_rect(),
    );
    e.left() < p.right() && e.right() > p.left() && e.top() < p.bottom() && e.bottom() > p.top()
}
