//! Save or load a whole session (state and history) as scenario JSON.

use yew::prelude::*;

use crate::state::{labels, Action, AppState};
use crate::widgets::*;

/// The largest export shown as text to copy (bytes); a larger one is offered as a file only.
pub(crate) const EXPORT_SHOWN_MAX: usize = 512 * 1024;

/// Save or load a whole session (state and history) as scenario JSON.
pub(crate) fn scenario_io(
    state: &UseReducerHandle<AppState>,
    import_text: &NodeRef,
    export_url: Option<&str>,
) -> Html {
    // A chosen file is read (after a size check, so that a huge file is not read at all)
    // and loaded like pasted JSON.
    let onfile = crate::files::on_choose(state, Action::ImportFile, Action::RefuseFile);
    let load = {
        let (state, import_text) = (state.clone(), import_text.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = import_text.cast::<web_sys::HtmlTextAreaElement>() {
                state.dispatch(Action::Import(area.value()));
            }
        })
    };
    html! {
        <details class="scenario-io">
            <summary>{ "Save or load a scenario" }</summary>
            <p>
                <button type="button" onclick={on::<MouseEvent>(state, Action::Export)}>{ "Export" }</button>
                { " " }
                <button type="button" onclick={on::<MouseEvent>(state, Action::ResetToDemo)}>{ "Reset to demo" }</button>
                if state.before.is_some() {
                    { " " }
                    <button type="button" onclick={on::<MouseEvent>(state, Action::BringBack)}>{ "Bring back the previous session" }</button>
                    <span class="hint">{ " the last session with steps (or typing) that a lesson, link, load or reset replaced" }
                        { if state.before_in_page_only { " (kept in this page only: the browser's storage has no room for it beside this session)" } else { "" } }</span>
                }
            </p>
            <p>
                <NumberSetting label={labels::CUSTOMERS} value={last_generated(state)} button="Generate"
                    error={state.setting_error(labels::CUSTOMERS)}
                    on_set={on_text(state, Action::GenerateCustomers)} />
                <span class="hint">{ " replaces both sides' customers with that many (10 to 100,000), with conflicts, a missing customer group and self-referencing invoice accounts in proportion; one command, so Undo brings the previous ones back" }</span>
            </p>
            <p class="hint">{ if state.unsaved_here() {
                "Autosave is off (see the line at the top): a reload would not bring this session back. Export keeps it as a file."
            } else {
                "The session is saved in this browser after every command and restored when the page opens again."
            } }</p>
            if let Some(text) = &state.exported {
                if let Some(url) = export_url {
                    <p><a class="download" href={url.to_string()} download={state.export_name.to_string()}>
                        { "Download the scenario file" }
                    </a></p>
                }
                // Shown to copy only up to a size a page takes in its stride: 18 MB in a
                // text area froze the page for ten seconds (the file has it all).
                if text.len() <= EXPORT_SHOWN_MAX {
                    <label for="export-text">{ "Exported scenario (JSON)" }</label>
                    <textarea id="export-text" readonly=true rows="6" value={AttrValue::from(text.clone())} />
                } else {
                    <p class="hint">{ format!(
                        "The scenario is {}: too large to show here, the file has it all.",
                        crate::files::size_in_words(text.len())
                    ) }</p>
                }
            }
            <p>
                <label for="import-file">{ "Load a scenario file " }</label>
                <input type="file" id="import-file" accept=".json,application/json" onchange={onfile} />
            </p>
            <label for="import-text">{ "Scenario to load (JSON)" }</label>
            <textarea id="import-text" rows="6" ref={import_text.clone()} />
            <p><button type="button" onclick={load}>{ "Load" }</button></p>
        </details>
    }
}

/// The count of the last Generate customers in the history up to where it stands (1,000
/// before any): a consultant going from 1,000 to 100,000 and back sees the count the
/// grids show.
fn last_generated(state: &AppState) -> u64 {
    state
        .session
        .borrow()
        .last_generated_customers()
        .map_or(1_000, u64::from)
}
