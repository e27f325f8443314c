//! Reading a file the user chose: checked for size before it is read (a huge file is
//! never read at all), then read as text, the outcome dispatched as an action.

use yew::prelude::*;

use crate::state::{Action, AppState};

/// The `onchange` of a file input: dispatches `loaded(text)` with the chosen file's text,
/// or `refused(why)` when it is over the scenario limit or cannot be read.
pub fn on_choose(
    state: &UseReducerHandle<AppState>,
    loaded: fn(String) -> Action,
    refused: fn(String) -> Action,
) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        let Some(file) = e
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        let limit = dualwrite_engine::format::MAX_SCENARIO_BYTES;
        if file.size() > limit as f64 {
            let too_large = dualwrite_engine::format::FormatError::TooLarge {
                size: file.size() as usize,
                limit,
            };
            state.dispatch(refused(format!("{}: {too_large}", file.name())));
            return;
        }
        state.dispatch(Action::ReadingFile(format!(
            "{} ({})",
            file.name(),
            size_in_words(file.size() as usize)
        )));
        let state = state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            state.dispatch(match read.ok().and_then(|v| v.as_string()) {
                Some(text) => loaded(text),
                None => refused(format!("{} could not be read", file.name())),
            });
        });
    })
}

/// A size as people read it: "18.2 MB", "640 KB".
pub fn size_in_words(bytes: usize) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 1024.0 {
        format!("{kb:.0} KB")
    } else {
        format!("{:.1} MB", kb / 1024.0)
    }
}
