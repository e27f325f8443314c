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

/// Whether what has the focus lies under the explanation `panel`: the middle of its part
/// in the window is the panel's (looked at once the browser has scrolled it into view).
/// A dialog over both, or the work area beside the panel, is not under it.
pub(crate) fn covers_focus(panel: &web_sys::Element) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Some(document) = window.document() else {
        return false;
    };
    let Some(focused) = document.active_element() else {
        return false;
    };
    if panel.contains(Some(&focused)) || focused.tag_name() == "BODY" {
        return false;
    }
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let (width, height) = (size(window.inner_width()), size(window.inner_height()));
    let r = focused.get_bounding_client_rect();
    let (left, right) = (r.left().max(0.0), r.right().min(width));
    let (top, bottom) = (r.top().max(0.0), r.bottom().min(height));
    if left >= right || top >= bottom {
        return false;
    }
    let hit =
        document.element_from_point(((left + right) / 2.0) as f32, ((top + bottom) / 2.0) as f32);
    hit.is_some_and(|hit| panel.contains(Some(&hit)))
}
