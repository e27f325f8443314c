//! Saved copies that no longer read (the session, the lessons' progress): each is offered
//! to download, under its own name, until the user forgets it.

use std::rc::Rc;

use yew::prelude::*;

use crate::autosave::Broken;

/// Properties of [`BrokenCopy`].
#[derive(Properties, PartialEq)]
pub(crate) struct BrokenCopyProps {
    /// What it was.
    pub(crate) kind: Broken,
    /// The saved text, as it was found.
    pub(crate) text: Rc<str>,
    /// Forget it (after a download, or unwanted).
    pub(crate) on_done: Callback<Broken>,
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
    let kind = props.kind;
    let forget = {
        let on_done = props.on_done.clone();
        Callback::from(move |_: MouseEvent| on_done.emit(kind))
    };
    // Forgotten only when the user says so: the download goes on after the click, from
    // the link's object URL, which goes with the line.
    html! {
        <p class="notice attention broken-copy">
            <strong>{ format!("The {} that no longer loads is kept: ", kind.what()) }</strong>
            <a class="download" href={url.to_string()} download={kind.file_name()}>
                { format!("Download it ({})", kind.file_name()) }</a>
            { " " }
            <button type="button" onclick={forget}>{ "Forget it" }</button>
        </p>
    }
}
