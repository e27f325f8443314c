//! "Table mappings" and the filters of a map, with their inline forms.

use super::DetailFocus;
use dualwrite_engine::{Direction, Side, Simulator, TableMap};
use yew::prelude::*;

use crate::state::{Action, AppState, FilterEditor, MappingDraft, MappingField};
use crate::widgets::*;

/// The directions as select options: the value is the place in [`Direction::ALL`].
pub(crate) fn direction_options() -> Vec<(String, String)> {
    Direction::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                i.to_string(),
                // Short enough to read whole in the closed select.
                format!("{} {}", d.symbol(false), d.short()),
            )
        })
        .collect()
}

pub(crate) fn direction_value(d: Direction) -> String {
    Direction::ALL
        .iter()
        .position(|x| *x == d)
        .unwrap_or(0)
        .to_string()
}

pub(crate) fn direction_at(value: &str) -> Option<Direction> {
    value
        .parse::<usize>()
        .ok()
        .and_then(|i| Direction::ALL.get(i).copied())
}

/// "Table mappings": F&O column | map type | Dataverse field, and while the map is Not
/// running, Delete per row and "Add mapping" (the engine checks them). As in the
/// product, a mapping's direction and transform are changed in the pane its map type
/// opens.
pub(crate) fn mappings(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    m: &TableMap,
    focus: DetailFocus,
) -> Html {
    let editable = sim.can_edit(&m.name);
    let draft = state.mapping_draft.as_ref().filter(|d| d.map == m.name);
    html! {
        <div class="mappings">
            <h3>{ "Table mappings" }</h3>
            <table aria-label={format!("Table mappings of {}", m.name)}
                aria-describedby="mapping-keys">
                { column_heads(&["Finance and operations apps", "Map type", "Dataverse", "Actions"][..if editable { 4 } else { 3 }]) }
                <MappingRows state={state.clone()} map={m.name.clone()} {editable} />
            </table>
            <p class="hint" id="mapping-keys">{ "In the table, arrow keys move between the mappings and their buttons." }</p>
            if editable {
                <button type="button" ref={focus.mapping_button.clone()} disabled={draft.is_some()}
                    onclick={on::<MouseEvent>(state, Action::NewMapping(m.name.clone()))}>{ "Add mapping" }</button>
            } else {
                <p class="hint">{ format!("{}.", sim.why_not_edit(&m.name, dualwrite_engine::Edit::Mappings).unwrap_or_default()) }</p>
            }
            { draft.map(|d| mapping_form(state, sim, m, d, focus.mapping_first)).unwrap_or_default() }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MappingRowsProps {
    state: UseReducerHandle<AppState>,
    map: String,
    editable: bool,
}

/// Where an arrow key moves the table's one tab stop, as (mapping, button: 0 the map
/// type, 1 Delete), from `at` in a table of `rows` mappings with `buttons` buttons each.
fn move_stop(key: &str, at: (usize, usize), rows: usize, buttons: usize) -> Option<(usize, usize)> {
    let (row, button) = at;
    let last = rows.checked_sub(1)?;
    Some(match key {
        "ArrowDown" => ((row + 1).min(last), button),
        "ArrowUp" => (row.saturating_sub(1), button),
        "ArrowRight" => (row, (button + 1).min(buttons - 1)),
        "ArrowLeft" => (row, button.saturating_sub(1)),
        "Home" => (0, button),
        "End" => (last, button),
        _ => return None,
    })
}

/// The mappings' rows, with one tab stop for all their buttons (roving, as in a grid):
/// Tab passes the table in one step instead of one or two per mapping.
#[function_component(MappingRows)]
fn mapping_rows(props: &MappingRowsProps) -> Html {
    let stop = use_state(|| (0usize, 0usize));
    let body = use_node_ref();
    let state = &props.state;
    let session = state.session.borrow();
    let Ok(m) = session.state().map(&props.map) else {
        return html! {};
    };
    let rows = m.mappings.len();
    let buttons = if props.editable { 2 } else { 1 };
    // The stop stays on a button that exists when mappings are deleted or the map runs.
    let at = (stop.0.min(rows.saturating_sub(1)), stop.1.min(buttons - 1));
    let onkeydown = {
        let (stop, body) = (stop.clone(), body.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(to) = move_stop(&e.key(), at, rows, buttons) else {
                return;
            };
            e.prevent_default();
            stop.set(to);
            let target = body
                .cast::<web_sys::Element>()
                .and_then(|b| {
                    b.query_selector(&format!("[data-stop=\"{}-{}\"]", to.0, to.1))
                        .ok()
                        .flatten()
                })
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
            if let Some(el) = target {
                let _ = el.focus();
            }
        })
    };
    // A click (or any focus) moves the stop to the button focused.
    let onfocusin = {
        let stop = stop.clone();
        Callback::from(move |e: FocusEvent| {
            let place = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.get_attribute("data-stop"))
                .and_then(|p| {
                    let (r, b) = p.split_once('-')?;
                    Some((r.parse().ok()?, b.parse().ok()?))
                });
            if let Some(place) = place {
                stop.set(place);
            }
        })
    };
    let tabindex = |row: usize, button: usize| if (row, button) == at { "0" } else { "-1" };
    html! {
        <tbody ref={body} {onkeydown} {onfocusin}>
            { for m.mappings.iter().enumerate().map(|(i, c)| html! {
                <tr>
                    <td>{ &c.finops }</td>
                    <td>
                        <button type="button" class="map-type" id={format!("map-type-{i}")}
                            data-stop={format!("{i}-0")} tabindex={tabindex(i, 0)}
                            aria-label={format!("Map type of {}: {}{}", c.label(), c.direction.describe(), if c.transform.is_some() { ", with a transform" } else { "" })}
                            onclick={on::<MouseEvent>(state, Action::Transform(crate::transform::TransformAction::Open(m.name.clone(), i)))}>
                            { c.direction.symbol(c.transform.is_some()) }
                        </button>
                    </td>
                    // Long names (`msdyn_customergroupid.msdyn_groupid`) may
                    // wrap after a dot or an underscore, never inside a word.
                    <td class="field">{ for c.dataverse.split_inclusive(['.', '_']).map(|part| html! { <>{ part }<wbr /></> }) }</td>
                    if props.editable {
                        <td class="row-actions">
                            <button type="button" aria-label={format!("Delete mapping {}", c.label())}
                                data-stop={format!("{i}-1")} tabindex={tabindex(i, 1)}
                                onclick={on::<MouseEvent>(state, Action::DeleteMapping(m.name.clone(), i))}>{ "Delete" }</button>
                        </td>
                    }
                </tr>
            }) }
        </tbody>
    }
}

pub(crate) fn mapping_form(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    m: &TableMap,
    d: &MappingDraft,
    first: &NodeRef,
) -> Html {
    let fields = |side: Side| -> Vec<(String, String)> {
        let table = sim.world.tables(side).get(m.table(side));
        std::iter::once((String::new(), "Choose…".to_string()))
            .chain(
                table
                    .map(|t| t.mapping_fields(side))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|f| (f.clone(), f)),
            )
            .collect()
    };
    let directions = direction_options();
    let current = direction_value(d.direction);
    html! {
        <div class="mapping-form" role="group" aria-label={format!("Add mapping to {}", m.name)}
            onkeydown={escape_to(state, Action::CancelMapping)}>
            { select(state, crate::state::FINOPS_COLUMN.into(), fields(Side::FinOps), &d.finops, first.clone(),
                |v| Some(Action::EditMapping(MappingField::FinOps(v)))) }
            { select(state, "Map type".into(), directions, &current, NodeRef::default(),
                |v| direction_at(&v).map(|x| Action::EditMapping(MappingField::Direction(x)))) }
            { select(state, crate::state::DATAVERSE_FIELD.into(), fields(Side::Dataverse), &d.dataverse, NodeRef::default(),
                |v| Some(Action::EditMapping(MappingField::Dataverse(v)))) }
            <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::SaveMapping)}>{ "Add" }</button>
            <button type="button" onclick={on::<MouseEvent>(state, Action::CancelMapping)}>{ "Cancel" }</button>
        </div>
    }
}

/// "Filters": each side's filter, and a form to edit one while the map is Not running
/// (the engine parses it and says what is wrong).
pub(crate) fn filters(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    m: &TableMap,
    focus: DetailFocus,
) -> Html {
    let editable = sim.can_edit(&m.name);
    let form = state.filter_editor.as_ref().filter(|f| f.map == m.name);
    html! {
        <div class="filters">
            <h3>{ "Filters" }</h3>
            <dl>
                { for Side::BOTH.into_iter().map(|side| {
                    let source = m.filter(side).source();
                    html! {
                        <>
                            <dt>{ side.to_string() }</dt>
                            <dd>
                                if source.is_empty() { { "(none: every row)" } } else { <code>{ source }</code> }
                                { " " }
                                <button type="button" ref={focus.filter_buttons[side.index()].clone()}
                                    class={format!("edit-filter-{side:?}").to_ascii_lowercase()}
                                    disabled={!editable || form.is_some()}
                                    aria-label={format!("Edit filter: {side}, {}", m.name)}
                                    onclick={on::<MouseEvent>(state, Action::EditFilter(m.name.clone(), side))}>{ "Edit filter" }</button>
                            </dd>
                        </>
                    }
                }) }
            </dl>
            if !editable {
                <p class="hint">{ format!("{}.", sim.why_not_edit(&m.name, dualwrite_engine::Edit::Filters).unwrap_or_default()) }</p>
            }
            { form.map(|f| filter_form(state, f, focus.filter_first)).unwrap_or_default() }
        </div>
    }
}

pub(crate) fn filter_form(
    state: &UseReducerHandle<AppState>,
    f: &FilterEditor,
    first: &NodeRef,
) -> Html {
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                state.dispatch(Action::FilterText(input.value()));
            }
        })
    };
    let label = crate::state::filter_label(f.side);
    let error = crate::widgets::FieldError::of(state.field_error_for(&label), &label);
    html! {
        <div class="filter-form" role="group" aria-label={format!("Edit the {} filter", f.side)}
            onkeydown={form_keys(state, Action::CancelFilter, Some(Action::SaveFilter))}>
            <label>{ format!("{label} ") }
                <input type="text" ref={first.clone()} value={f.text.clone()} {oninput}
                    aria-invalid={error.invalid()} aria-describedby={error.id()}
                    placeholder={"CURRENCYCODE != \"JPY\" and (A == 1 or B == 2)"} />
            </label>
            <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::SaveFilter)}>{ "Save" }</button>
            <button type="button" onclick={on::<MouseEvent>(state, Action::CancelFilter)}>{ "Cancel" }</button>
            // Why the last Save was refused, at the field (the notice says it too).
            { error.note() }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::move_stop;

    #[test]
    fn arrow_keys_move_the_stop_within_the_table() {
        assert_eq!(move_stop("ArrowDown", (0, 0), 3, 2), Some((1, 0)));
        assert_eq!(move_stop("ArrowDown", (2, 1), 3, 2), Some((2, 1)));
        assert_eq!(move_stop("ArrowUp", (0, 1), 3, 2), Some((0, 1)));
        assert_eq!(move_stop("ArrowRight", (1, 0), 3, 2), Some((1, 1)));
        assert_eq!(move_stop("ArrowRight", (1, 0), 3, 1), Some((1, 0)));
        assert_eq!(move_stop("ArrowLeft", (1, 1), 3, 2), Some((1, 0)));
        assert_eq!(move_stop("End", (0, 1), 3, 2), Some((2, 1)));
        assert_eq!(move_stop("Home", (2, 0), 3, 2), Some((0, 0)));
        assert_eq!(move_stop("Tab", (0, 0), 3, 2), None);
        assert_eq!(move_stop("ArrowDown", (0, 0), 0, 2), None);
    }
}
