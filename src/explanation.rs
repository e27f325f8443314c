//! The open explanation of the engine's `explain` query.

use dualwrite_engine::Simulator;
use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::widgets::*;

/// The open explanation: title, reasons, what to do, and the Microsoft Learn page;
/// Escape or Close closes it, and so does the focus going to the page beside it (it lies
/// over the page: what the focus goes to may be under it).
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
                onkeydown={escape_to(state, Action::CloseExplanation)} onfocusout={close_on_leaving(state, focus)}>
                <p>{ format!("Nothing to explain any more: {e}") }</p>
                <button type="button" onclick={close}>{ "Close" }</button>
            </aside>
        },
        Ok(x) => html! {
            <aside class="explanation" aria-labelledby="explanation-title" ref={focus.clone()} tabindex="-1"
                onkeydown={escape_to(state, Action::CloseExplanation)} onfocusout={close_on_leaving(state, focus)}>
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

/// Closes the explanation when the focus goes from it to an element of the page outside
/// it (not when the window loses the focus, to a Microsoft Learn page opened beside it).
fn close_on_leaving(state: &UseReducerHandle<AppState>, panel: &NodeRef) -> Callback<FocusEvent> {
    let (state, panel) = (state.clone(), panel.clone());
    Callback::from(move |e: FocusEvent| {
        let Some(to) = e.related_target() else {
            return;
        };
        // (The panel by its ref: yew hands events over from the app's root.)
        let inside = panel
            .cast::<web_sys::Node>()
            .zip(wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(to).ok())
            .is_some_and(|(panel, to)| panel.contains(Some(&to)));
        if !inside {
            state.dispatch(Action::CloseExplanation);
        }
    })
}
