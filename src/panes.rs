//! The dialogs of Run ("Initial writes and related table map(s)") and Pause.

use dualwrite_engine::{ResumeOption, Side, Simulator};
use yew::prelude::*;

use crate::state::{Action, AppState, PausePane, RunPane};
use crate::widgets::*;

/// "Initial writes and related table map(s)": the maps of a run in sync order, each with
/// its Master for initial sync; keyboard: Tab through, Escape cancels.
pub(crate) fn run_pane(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    pane: &RunPane,
    first: &NodeRef,
) -> Html {
    let any_paused = pane.rows.iter().any(|r| sim.run_resumes(&r.map));
    // A map that resumes plays its queue back: no initial sync, no master, for it.
    let any_starting = pane
        .rows
        .iter()
        .any(|r| r.include && !sim.run_resumes(&r.map));
    let last = pane.rows.len().saturating_sub(1);
    let body = html! {
        <>
            { show_me_note(state, "Run") }
            // While the question about related maps waits for Yes or No, the choices it is
            // about stay in view but take no input (Enter on a box would answer Yes).
            <div class="run-choices" inert={pane.asking_no_related}>
            // Ticked with nothing to add, it says why rather than seeming to do nothing (a
            // live region there from the start, so that the words are announced), on the
            // box's own line: the rows below do not move, and no empty line waits for it.
            <p class="show-related">
                <label>
                    <input type="checkbox" checked={pane.show_related} ref={first.clone()}
                        onchange={on::<Event>(state, Action::RunPaneShowRelated)} />
                    { " Show related table map(s)" }
                </label>
                <span class="hint" role="status">{
                if pane.show_related && !pane.rows.iter().any(|r| r.dependent) {
                    // Named: "these" read as every map listed, prerequisites included,
                    // which other maps may well depend on.
                    let chosen = either_of(&state.selected);
                    if state.related().listed_dependents.is_empty() {
                        format!("No other table map depends on {chosen}: there is none to add.")
                    } else {
                        format!("The table maps that depend on {chosen} are listed already.")
                    }
                } else {
                    String::new()
                }
            }</span>
            </p>
            <table class="run-rows">
                <caption>{ "Sync order: prerequisites first. Drag a row, or use its arrows, to change it." }</caption>
                { column_heads(&["Run", "Table map", "Status", "Master for initial sync", "Order"]) }
                <tbody>
                { for pane.rows.iter().enumerate().map(|(i, r)| {
                    let id = format!("run-{}", r.map.replace(' ', "-"));
                    let status = status_text(sim, &r.map);
                    let onmaster = {
                        let state = state.clone();
                        Callback::from(move |e: Event| {
                            let fin = e.target_dyn_into::<web_sys::HtmlSelectElement>()
                                .is_some_and(|s| s.value() == "FinOps");
                            state.dispatch(Action::RunPaneMaster(i, if fin { Side::FinOps } else { Side::Dataverse }));
                        })
                    };
                    // HTML drag and drop: the row dragged carries its place; the row it is
                    // dropped on is where it goes.
                    let ondragstart = Callback::from(move |e: DragEvent| {
                        if let Some(data) = e.data_transfer() {
                            let _ = data.set_data(DRAG_TYPE, &i.to_string());
                            data.set_effect_allowed("move");
                        }
                    });
                    // The row a drag is over is marked where the row would go (a line,
                    // drawn by the stylesheet), until the drag leaves it or drops.
                    let ondragover = Callback::from(|e: DragEvent| {
                        e.prevent_default();
                        drop_mark(&e, true);
                    });
                    let ondragleave = Callback::from(|e: DragEvent| drop_mark(&e, false));
                    let ondrop = {
                        let state = state.clone();
                        Callback::from(move |e: DragEvent| {
                            e.prevent_default();
                            drop_mark(&e, false);
                            let from = e.data_transfer()
                                .and_then(|d| d.get_data(DRAG_TYPE).ok())
                                .and_then(|text| text.parse::<usize>().ok());
                            if let Some(from) = from {
                                state.dispatch(Action::RunPaneDrop(from, i));
                            }
                        })
                    };
                    html! {
                        // Keyed by map: a row moved takes its buttons (and the focus) along.
                        <tr key={r.map.clone()} data-map={r.map.clone()} draggable="true" {ondragstart} {ondragover} {ondragleave} {ondrop}
                            data-related={state.related_row(r).then_some("related")}>
                            <td><span class="drag-handle" aria-hidden="true">{ "⠿ " }</span>
                                <input type="checkbox" id={id.clone()} checked={r.include}
                                disabled={!sim.can_run(&r.map)}
                                onchange={on::<Event>(state, Action::RunPaneInclude(i))} /></td>
                            <td><label for={id.clone()}>{ &r.map }{ if r.dependent { " (depends on the selection)" } else { "" } }</label></td>
                            <td>{ status }</td>
                            <td>
                                if sim.run_resumes(&r.map) {
                                    <span class="hint">{ "None: it resumes" }</span>
                                } else if !sim.can_run(&r.map) {
                                    // Listed as related, it does not run again.
                                    <span class="hint">{ format!("None: it is {}", sim.map(&r.map).map(|m| m.status.kind().to_string()).unwrap_or_default()) }</span>
                                } else {
                                    <select aria-label={format!("Master for initial sync of {}", r.map)} onchange={onmaster}
                                        data-value={if r.master == Side::Dataverse { "Dataverse" } else { "FinOps" }}>
                                        <option value="Dataverse" selected={r.master == Side::Dataverse}>{ "Dataverse" }</option>
                                        <option value="FinOps" selected={r.master == Side::FinOps}>{ "Finance and operations apps" }</option>
                                    </select>
                                }
                            </td>
                            <td>
                                // At an end, an arrow is marked unavailable but keeps the
                                // focus (a disabled button pressed would drop it).
                                // (At an end the reducer moves nothing.)
                                <button type="button" aria-disabled={(i == 0).then_some("true")} aria-label={format!("Move {} up", r.map)}
                                    onclick={on::<MouseEvent>(state, Action::RunPaneMove(i, -1))}>{ "↑" }</button>
                                <button type="button" aria-disabled={(i == last).then_some("true")} aria-label={format!("Move {} down", r.map)}
                                    onclick={on::<MouseEvent>(state, Action::RunPaneMove(i, 1))}>{ "↓" }</button>
                            </td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            // (Below the rows: what it pushes down when it speaks is the pane's foot.)
            <p class="hint" role="status">{ pane.moved.clone().unwrap_or_default() }</p>
            { for state.cycles_synced(pane).into_iter().map(|c| html! {
                <p class="hint">{ dualwrite_engine::graph::why_a_cycle(&c) }</p>
            }) }
            if any_starting {
                <label>
                    <input type="checkbox" checked={pane.initial_sync}
                        onchange={on::<Event>(state, Action::RunPaneInitialSync)} />
                    { if any_paused { " Initial sync (of the maps that start)" } else { " Initial sync" } }
                </label>
            }
            if any_paused {
                <fieldset>
                    <legend>{ "Resume paused maps" }</legend>
                    { for [ResumeOption::CatchUp, ResumeOption::SkipPreservingErrors, ResumeOption::SkipDiscarding].into_iter().map(|o| html! {
                        <label class="option">
                            <input type="radio" name="resume" checked={pane.resume == o}
                                onchange={on::<Event>(state, Action::RunPaneResume(o))} />
                            { format!(" {}", o.label()) }
                        </label>
                    }) }
                </fieldset>
            }
            </div>
            if pane.asking_no_related {
                // The product's question, in the pane (the maps it names stay in view).
                <div class="confirm no-related" role="group" aria-labelledby="no-related-question">
                    <p id="no-related-question" role="alert">{ crate::state::NO_RELATED_QUESTION }</p>
                    <div class="buttons">
                        <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::ConfirmRun)}>{ "Yes" }</button>
                        <button type="button" onclick={on::<MouseEvent>(state, Action::RunPaneBack)}>{ "No" }</button>
                    </div>
                </div>
            } else {
                <div class="buttons">
                    <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::ConfirmRun)}
                        disabled={pane.rows.iter().all(|r| !r.include)}>{ "Run" }</button>
                    <button type="button" onclick={on::<MouseEvent>(state, Action::CloseRunPane)}>{ "Cancel" }</button>
                </div>
            }
        </>
    };
    // Escape while the pane asks answers No: back to the choices, not the pane closed
    // with them.
    let cancel = if pane.asking_no_related {
        Action::RunPaneBack
    } else {
        Action::CloseRunPane
    };
    dialog_described(
        state,
        "run-pane",
        "Initial writes and related table map(s)",
        cancel,
        body,
        state.pane_shown_by_show_me().then_some(SHOW_ME_NOTE),
    )
}

/// The id of the note a pane filled by Show me starts with (the pane's description).
const SHOW_ME_NOTE: &str = "show-me-note";

/// In a pane that Show me filled: which step it shows, and how to play it.
fn show_me_note(state: &AppState, button: &str) -> Html {
    let Some((step, of)) = state
        .lesson
        .as_ref()
        .filter(|_| state.pane_shown_by_show_me())
        .and_then(|l| Some((l.show_me?, l.lesson.solution.len())))
    else {
        return html! {};
    };
    html! {
        <p class="show-me-note" id={SHOW_ME_NOTE}>
            { format!("Show me, step {} of {of}, has filled in this pane. Press {button} to play it, or Cancel to close it (Next step opens it again).", step + 1) }
        </p>
    }
}

/// Marks (or unmarks) the row of the Run pane that a drag is over, as where the dragged
/// row would go. (A mark of the view only, like a hover: no state of the app's.)
fn drop_mark(e: &DragEvent, over: bool) {
    let row = e
        .target_dyn_into::<web_sys::Element>()
        .and_then(|t| t.closest("tr[draggable]").ok().flatten());
    if let Some(row) = row {
        let _ = if over {
            row.set_attribute("data-drop-here", "")
        } else {
            row.remove_attribute("data-drop-here")
        };
    }
}

/// The data type a dragged row of the Run pane carries (its place), so that other text
/// dropped on the pane moves nothing.
const DRAG_TYPE: &str = "application/x-dualwrite-run-row";

/// "Pause": the selected maps, and the running maps related to them that can be paused
/// with them (unticked); keyboard: Tab through, Escape cancels.
pub(crate) fn pause_pane(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    pane: &PausePane,
    first: &NodeRef,
) -> Html {
    let body = html! {
        <>
            { show_me_note(state, "Pause") }
            <p class="hint">{ "Changes are queued while a map is paused and played back when it resumes." }</p>
            <table class="run-rows">
                <caption>{ "The selection, then the running maps related to it" }</caption>
                { column_heads(&["Pause", "Table map", "Status"]) }
                <tbody>
                { for pane.rows.iter().enumerate().map(|(i, r)| {
                    let id = format!("pause-{}", r.map.replace(' ', "-"));
                    let status = status_text(sim, &r.map);
                    html! {
                        <tr data-map={r.map.clone()}>
                            <td><input type="checkbox" id={id.clone()} checked={r.include}
                                ref={if i == 0 { first.clone() } else { NodeRef::default() }}
                                onchange={on::<Event>(state, Action::PausePaneInclude(i))} /></td>
                            <td><label for={id}>{ &r.map }{ if r.related { " (related)" } else { "" } }</label></td>
                            <td>{ status }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            <div class="buttons">
                <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::ConfirmPause)}
                    disabled={pane.rows.iter().all(|r| !r.include)}>{ "Pause" }</button>
                <button type="button" onclick={on::<MouseEvent>(state, Action::ClosePausePane)}>{ "Cancel" }</button>
            </div>
        </>
    };
    dialog_described(
        state,
        "pause-pane",
        "Pause table map(s)",
        Action::ClosePausePane,
        body,
        state.pane_shown_by_show_me().then_some(SHOW_ME_NOTE),
    )
}

/// "Skip to live sync" on the selected Resuming maps: keep the rest of each queue as
/// catch-up errors to retry, or discard it; Escape cancels.
pub(crate) fn skip_pane(
    state: &UseReducerHandle<AppState>,
    preserve: bool,
    first: &NodeRef,
) -> Html {
    let maps = state.selected_in_order();
    // How many records each map has left to play back: what the choice is about.
    let still_queued = {
        let session = state.session.borrow();
        let left = |m: &String| {
            session
                .state()
                .map(m)
                .ok()
                .and_then(|m| m.status.queue())
                .map_or(0, |q| q.changes.len())
        };
        match maps.as_slice() {
            [one] => match left(one) {
                1 => "1 record".to_string(),
                n => format!("{n} records"),
            },
            more => more
                .iter()
                .map(|m| format!("{m}: {}", left(m)))
                .collect::<Vec<_>>()
                .join(", "),
        }
    };
    let option = |value: bool, label: &str| {
        let id = format!("skip-{}", if value { "preserve" } else { "discard" });
        html! {
            <p class="option">
                <input type="radio" name="skip-choice" id={id.clone()} checked={preserve == value}
                    ref={if value == preserve { first.clone() } else { NodeRef::default() }}
                    onchange={on::<Event>(state, Action::SkipPanePreserve(value))} />
                <label for={id}>{ label.to_string() }</label>
            </p>
        }
    };
    let body = html! {
        <>
            <p>{ format!("Go live now on {}, without playing the rest of the queue ({}). Choose what becomes of those records:", maps.join(", "), still_queued) }</p>
            <fieldset>
                <legend>{ "The rest of the queue" }</legend>
                { option(true, "Preserve queued records to catch-up errors (to retry)") }
                { option(false, "Discard the queued records") }
            </fieldset>
            <div class="buttons">
                <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::ConfirmSkip)}>
                    { "Skip to live sync" }
                </button>
                <button type="button" onclick={on::<MouseEvent>(state, Action::CloseSkipPane)}>{ "Cancel" }</button>
            </div>
        </>
    };
    dialog(
        state,
        "skip-pane",
        "Skip to live sync",
        Action::CloseSkipPane,
        body,
    )
}

/// The maps chosen, in words: "Currencies", "Currencies or Customers V3", "A, B or C".
fn either_of(maps: &std::collections::BTreeSet<String>) -> String {
    let names: Vec<&str> = maps.iter().map(String::as_str).collect();
    match names.split_last() {
        None => "the maps chosen".into(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
