//! "Initial sync details": the executions of a map, their legs, conflicts and failed rows.

use dualwrite_engine::explain::Subject;
use dualwrite_engine::map::{Execution, LegCounts};
use dualwrite_engine::TableMap;
use yew::prelude::*;

use crate::paged::{texts, Paged};
use crate::state::{Action, AppState};
use crate::widgets::*;

/// The Initial sync details of an execution: both legs' counts, the conflicts settled
/// by the master, and the rows that failed.
/// Initial sync details: the execution history (when there is more than one) and the
/// shown execution (the latest unless another was picked).
pub(crate) fn executions(state: &UseReducerHandle<AppState>, m: &TableMap) -> Html {
    let shown = state
        .shown_execution
        .as_ref()
        .filter(|(map, _)| *map == m.name)
        .and_then(|(_, id)| m.executions.iter().find(|e| e.id == *id))
        .or(m.executions.last());
    let Some(shown) = shown else {
        return html! { <p>{ "No execution yet." }</p> };
    };
    html! {
        <>
            if m.executions.len() > 1 {
                <table class="history" aria-label={format!("Execution history of {}", m.name)}>
                    <caption>{ "Execution history" }</caption>
                    { column_heads(&["Execution", "Time", "Status", "Master", "Failed rows", "Conflicts", "Details"]) }
                    <tbody>{ for m.executions.iter().rev().map(|e| {
                        let current = e.id == shown.id;
                        html! {
                            <tr aria-current={current.then_some("true")}>
                                <td>{ &e.id }</td>
                                <td>{ crate::clock::duration(e.time) }</td>
                                <td>{ format!("{:?}", e.status) }</td>
                                <td>{ e.master.to_string() }</td>
                                <td>{ crate::widgets::thousands(e.errors.len()) }</td>
                                <td>{ crate::widgets::thousands(e.conflicts.len()) }</td>
                                <td>
                                    // One button in every row, pressed for the execution
                                    // shown: pressing it keeps the focus where it is (a
                                    // button replaced by words would drop it).
                                    <button type="button" aria-pressed={if current { "true" } else { "false" }}
                                        aria-label={format!("{} {}", if current { "Shown below:" } else { "Show" }, e.id)}
                                        onclick={on::<MouseEvent>(state, Action::ShowExecution(m.name.clone(), e.id.clone()))}>
                                        { if current { "Shown below" } else { "Show" } }
                                    </button>
                                </td>
                            </tr>
                        }
                    }) }</tbody>
                </table>
            }
            { execution(state, &m.name, shown) }
        </>
    }
}

pub(crate) fn execution(state: &UseReducerHandle<AppState>, map: &str, e: &Execution) -> Html {
    let leg = |name: &str, c: &LegCounts| {
        html! {
            <tr>
                <th scope="row">{ name }</th>
                { for [c.read, c.created, c.updated, c.failed].map(|n| html! {
                    <td>{ dualwrite_engine::value::thousands(n) }</td>
                }) }
            </tr>
        }
    };
    html! {
        <div class="execution">
            <p>{ format!("{}: {:?}, master {}", e.id, e.status, e.master) }</p>
            <table class="legs" aria-label={format!("Legs of {}", e.id)}>
                { column_heads(&["Leg", "Read", "Created", "Updated", "Failed"]) }
                <tbody>
                    { leg("Finance and operations apps to Dataverse", &e.to_dataverse) }
                    { leg("Dataverse to finance and operations apps", &e.to_finops) }
                </tbody>
            </table>
            <p class="hint">{ "Updated counts the rows whose values changed; rows already the same on both sides are read and left as they are (a rerun reads every row again and doubles none)." }</p>
            // The failed rows first, as in the product: they need the trainee; the
            // conflicts were settled by the master.
            if !e.errors.is_empty() {
                <h3>{ count_of(e.errors.len(), "failed row") }</h3>
                <Paged key={format!("errors/{map}/{}", e.id)} noun="failed row" total={e.errors.len()}
                    text_of={texts(e.clone(), |e, i| e.errors.get(i).map(|r| r.key.clone()))}
                    list={failed_rows(state, map, e)} version={state.revision} />
            }
            if !e.conflicts.is_empty() {
                <Paged key={format!("conflicts/{map}/{}", e.id)} noun="conflict" total={e.conflicts.len()}
                    text_of={texts(e.clone(), |e, i| e.conflicts.get(i).map(|c| c.key.clone()))}
                    list={conflicts(state, map, e)} version={state.revision} />
            }
        </div>
    }
}

/// The failed rows of an execution at the indexes given, in a list.
fn failed_rows(
    state: &UseReducerHandle<AppState>,
    map: &str,
    e: &Execution,
) -> Callback<Vec<usize>, Html> {
    let (state, map, e) = (state.clone(), map.to_string(), e.clone());
    Callback::from(move |shown: Vec<usize>| {
        let subject = |index| Subject::FailedRow {
            map: map.clone(),
            execution: Some(e.id.clone()),
            index,
        };
        html! {
            <ul class="errors">
                { for shown.into_iter().filter_map(|index| e.errors.get(index).map(|r| (index, r))).map(|(index, r)| html! {
                    <li>
                        { format!("{} ({}, from {}): {} ", r.key, r.field, r.source, r.message) }
                        { why_and_show_row(&state, subject(index), &format!("failed row {}", r.key)) }
                    </li>
                }) }
            </ul>
        }
    })
}

/// The conflicts of an execution at the indexes given, in a table.
fn conflicts(
    state: &UseReducerHandle<AppState>,
    map: &str,
    e: &Execution,
) -> Callback<Vec<usize>, Html> {
    let (state, map, e) = (state.clone(), map.to_string(), e.clone());
    Callback::from(move |shown: Vec<usize>| {
        let subject = |index| Subject::Conflict {
            map: map.clone(),
            execution: Some(e.id.clone()),
            index,
        };
        html! {
            <table class="conflicts" aria-label={format!("Conflicts of {}", e.id)}>
                <caption>{ count_of(e.conflicts.len(), "conflict") }</caption>
                { column_heads(&["Key", "Mapping", "Finance and operations", "Dataverse", "Kept", "Explain"]) }
                <tbody>{ for shown.into_iter().filter_map(|index| e.conflicts.get(index).map(|c| (index, c))).map(|(index, c)| html! {
                    <tr>
                        <td>{ &c.key }</td><td><code>{ &c.column }</code></td>
                        <td>{ c.finops.to_string() }</td><td>{ c.dataverse.to_string() }</td>
                        <td>{ c.winner.to_string() }</td>
                        <td>{ why_and_show_row(&state, subject(index), &format!("conflict on {}, {}", c.key, c.column)) }</td>
                    </tr>
                }) }</tbody>
            </table>
        }
    })
}
