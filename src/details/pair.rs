//! The selected row beside its pair on the other side, mapping by mapping: where the
//! grids show a few columns each, this shows every mapped value of the two rows, and
//! which ones do not agree (the engine compares them through the mappings' transforms).

use dualwrite_engine::locate::PairComparison;
use dualwrite_engine::{Simulator, TableMap};
use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::widgets::*;

/// The heading: the key, and how many mappings differ (or that a side has no row).
fn heading(c: &PairComparison) -> String {
    let n = c.mappings.len();
    match c.missing() {
        Some(side) => format!("Row {} has no pair on {side}", c.key),
        None => match c.differing() {
            0 => format!("Row {} and its pair agree on all {n} mappings", c.key),
            d => format!("Row {} and its pair differ on {d} of {n} mappings", c.key),
        },
    }
}

/// The comparison of the selected row (when it is a row of this map's tables).
pub(crate) fn pair(state: &UseReducerHandle<AppState>, sim: &Simulator, m: &TableMap) -> Html {
    let Some(at) = state.selected_row.as_ref() else {
        return html! {};
    };
    let Some(c) = sim.compare_pair(&m.name, at) else {
        return html! {};
    };
    let unpaired = c.missing().is_some();
    let cell = |v: &Option<String>| match v {
        None => html! { <td class="none">{ "(no row)" }</td> },
        Some(v) if v.is_empty() => html! { <td class="empty">{ "(empty)" }</td> },
        Some(v) => html! { <td>{ v.clone() }</td> },
    };
    html! {
        <section class="pair-compare" aria-labelledby="pair-title">
            <div class="pair-head">
                <h3 id="pair-title">{ heading(&c) }</h3>
                <button type="button" onclick={on::<MouseEvent>(state, Action::SelectRow(at.clone()))}>
                    { "Close" }
                </button>
            </div>
            if let Some(hint) = c.scope_note() {
                <p class="hint">{ hint }</p>
            }
            <table aria-labelledby="pair-title">
                { column_heads(&["Finance and operations apps", "Value", "Map type", "Dataverse", "Value", "Same?"]) }
                <tbody>
                    { for c.mappings.iter().map(|p| html! {
                        <tr class={classes!((!p.agrees && !unpaired).then_some("differs"))}>
                            <th scope="row">{ &p.fields[0] }</th>
                            { cell(&p.shown[0]) }
                            <td class="map-type" title={p.direction.describe()}>
                                <span aria-hidden="true">{ p.direction.symbol(p.transformed) }</span>
                                <span class="sr-only">{ p.direction.describe() }</span>
                            </td>
                            <td>{ &p.fields[1] }</td>
                            { cell(&p.shown[1]) }
                            <td class="same">{ match (unpaired, p.agrees, p.through_transform) {
                                // Nothing to compare with.
                                (true, _, _) => "—",
                                // `(empty)` beside a default, `Organization` beside `Customer (3)`.
                                (false, true, true) => "✓ Same, through the transform",
                                (false, true, false) => "✓ Same",
                                (false, false, _) => "≠ Differs",
                            } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
