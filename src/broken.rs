//! Saved copies that no longer read (the session, the lessons' progress): each is offered
//! to download, under its own name, until the user forgets it.

use std::rc::Rc;

use yew::prelude::*;

use crate::autosave::KeptCopy;

/// Properties of [`BrokenCopy`].
#[derive(Properties, PartialEq)]
pub(crate) struct BrokenCopyProps {
    /// What it was, and where it is kept.
    pub(crate) copy: KeptCopy,
    /// The saved text, as it was found.
    pub(crate) text: Rc<str>,
    /// Forget it (after a download, or unwanted).
    pub(crate) on_done: Callback<KeptCopy>,
}

/// A second copy of a kind is told apart by its file's name.
fn numbered(copy: KeptCopy) -> String {
    copy.number()
        .map(|_| format!(" ({})", copy.file_name()))
        .unwrap_or_default()
}

/// One saved copy that no longer reads, with its download and a way to forget it.
#[function_component(BrokenCopy)]
pub(crate) fn broken_copy(props: &BrokenCopyProps) -> Html {
    let url = use_memo(props.text.clone(), |text| {
        gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(
            &**text,
            Some("application/json"),
        ))
    });
    let copy = props.copy;
    let what = copy.kind.what();
    // Its line goes: the focus goes first to the other kept copy's Forget it, or to Save
    // or load a scenario (where files are handled).
    let forget = {
        let on_done = props.on_done.clone();
        Callback::from(move |e: MouseEvent| {
            let this = e.target_dyn_into::<web_sys::Element>();
            let next = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector_all(".broken-copy button").ok())
                .and_then(|all| {
                    (0..all.length())
                        .filter_map(|i| all.item(i))
                        .filter_map(|n| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok()
                        })
                        .find(|b| this.as_ref().is_none_or(|t| !t.is_same_node(Some(b))))
                })
                .or_else(|| crate::widgets::element("details.scenario-io > summary"));
            if let Some(next) = next {
                let _ = next.focus();
            }
            on_done.emit(copy)
        })
    };
    // Forgotten only when the user says so: the download goes on after the click, from
    // the link's object URL, which goes with the line.
    html! {
        <p class="notice attention broken-copy">
            <strong>{ format!("The {what} that no longer loads is kept: ") }</strong>
            <a class="download" href={url.to_string()} download={copy.file_name()}>
                { format!("Download it ({})", copy.file_name()) }</a>
            { " " }
            <button type="button" onclick={forget}
                aria-label={format!("Forget it: the {what} that no longer loads{}", numbered(copy))}>{ "Forget it" }</button>
        </p>
    }
}
