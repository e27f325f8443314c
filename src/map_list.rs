//! The list of table maps: a checkbox to select each, its name, its status in an icon
//! and words, and a progress bar while it is Initializing or Resuming.

use yew::prelude::*;

use crate::state::{status_label, Action, AppState, Place};
use crate::widgets::on;

/// What the list shows: the maps, their statuses and progress, and the selection.
pub(crate) fn unchanged(a: &AppState, b: &AppState) -> bool {
    crate::widgets::same_session(a, b) && a.selected == b.selected && a.tab_stops == b.tab_stops
}

/// The table maps, in the engine's order. The list is one Tab stop (the checkbox that
/// had the focus last, else the first ticked map's, else the first map's); the arrow
/// keys, Home and End move between the maps, Space ticks one.
pub(crate) fn view(state: &UseReducerHandle<AppState>) -> Html {
    let session = state.session.borrow();
    let sim = session.state();
    let stop = crate::widgets::tab_stop(
        state.tab_stops.get(Place::Maps),
        sim.maps.iter().map(|m| m.name.as_str()),
        &state.selected,
    )
    .map(str::to_string);
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        crate::widgets::arrow_between(&e, "table.maps", "input[type=checkbox]");
    });
    html! {
        <table class="maps" aria-label="Table maps" {onkeydown}>
            <thead>
                <tr>
                    <th scope="col"><span class="sr-only">{ "Select" }</span></th>
                    <th scope="col">{ "Table map" }</th>
                    <th scope="col">{ "Status" }</th>
                </tr>
            </thead>
            <tbody>
                { for sim.maps.iter().map(|m| {
                    let checked = state.selected.contains(&m.name);
                    let id = format!("select-{}", m.name.replace(' ', "-"));
                    let kind = m.status.kind();
                    let progress = m.status.progress().map(|(done, total)| html! {
                        <span class="progress">
                            <progress value={done.to_string()} max={total.max(1).to_string()}
                                aria-hidden="true"></progress>
                            <span class="progress-text">{ format!("{} / {}", crate::widgets::thousands(done as usize), crate::widgets::thousands(total as usize)) }</span>
                        </span>
                    });
                    html! {
                        <tr class={classes!("map", checked.then_some("selected"))} data-map={m.name.clone()}>
                            <td>
                                <input type="checkbox" id={id.clone()} checked={checked}
                                    tabindex={if stop.as_ref() == Some(&m.name) { "0" } else { "-1" }}
                                    onfocusin={crate::widgets::on_focus_stop(state, Place::Maps, &m.name)}
                                    onchange={on::<Event>(state, Action::Toggle(m.name.clone()))} />
                            </td>
                            <td><label for={id}>{ m.title() }</label></td>
                            <td>
                                <span class={classes!("status", format!("status-{kind:?}").to_ascii_lowercase())}>
                                    { status_label(kind) }
                                </span>
                                { progress.unwrap_or_default() }
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
