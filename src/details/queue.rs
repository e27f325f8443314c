//! "Queued records" and "Catch-up errors" of a map.

use dualwrite_engine::explain::Subject;
use dualwrite_engine::map::RetryStatus;
use dualwrite_engine::{Command, TableMap};
use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::widgets::*;

/// "Key1, key2" of a change's key.
fn key(k: &[dualwrite_engine::Value]) -> String {
    k.iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Queued records": the queue capacity, and the queue while Paused or Resuming.
pub(crate) fn queued(state: &UseReducerHandle<AppState>, m: &TableMap) -> Html {
    let queued = match m.status.queue() {
        Some(q) => html! {
            <>
                <p>{ format!("Total queued record count: {}", q.changes.len()) }</p>
                <ol class="queue">
                    { for q.changes.iter().take(QUEUE_SHOWN).map(|c| html! {
                        <li>
                            { format!("{:?} on {} ({}), record {} ", c.kind, c.origin, key(&c.key), c.seq) }
                            // (Named by the row's key as well: "Why? queued record 1 (USD)".)
                            { why(state, Subject::Queued { map: m.name.clone(), seq: c.seq },
                                &format!("queued record {} ({})", c.seq, key(&c.key))) }{ " " }
                            { show_row(state, Subject::Queued { map: m.name.clone(), seq: c.seq },
                                &format!("queued record {} ({})", c.seq, key(&c.key))) }
                        </li>
                    }) }
                </ol>
            </>
        },
        None => html! {
            <p class="hint">{ "Nothing is queued: changes are queued only while the map is Paused (or Resuming)." }</p>
        },
    };
    let map = m.name.clone();
    html! {
        <>
            <p class="queue-settings">
                // Keyed by map: what is typed for one map is not offered to the next.
                <NumberSetting key={m.name.clone()} label="Queue capacity" value={m.queue_capacity as u64}
                    on_set={on_text(state, move |text| Action::SetQueueCapacity(map.clone(), text))} />
                <span class="hint">{ " changes a paused map holds; a write beyond it is refused" }</span>
            </p>
            { queued }
        </>
    }
}

/// "Catch-up errors": the changes a catch-up could not play, as the product lists them:
/// tick records and "Retry selected", or "Retry All"; each with its status, "Why?" and
/// the row it names.
pub(crate) fn catch_up_errors(state: &UseReducerHandle<AppState>, m: &TableMap) -> Html {
    if m.catch_up_errors.is_empty() {
        return html! { <p class="hint">{ "No catch-up error." }</p> };
    }
    let ticked = |id: u64| state.ticked_errors.contains(&(m.name.clone(), id));
    let any_ticked = !state.ticked_pending(m).is_empty();
    let retry_all = on::<MouseEvent>(
        state,
        Action::Dispatch(Command::RetryCatchUpErrors {
            map: m.name.clone(),
            ids: None,
        }),
    );
    html! {
        <>
            <p>
                <button type="button" onclick={on::<MouseEvent>(state, Action::RetrySelected(m.name.clone()))}
                    disabled={!any_ticked}>{ "Retry selected" }</button>
                { " " }
                <button type="button" onclick={retry_all}
                    disabled={m.pending_catch_up_errors() == 0}>{ "Retry All" }</button>
            </p>
            <table class="catch-up" aria-label="Catch-up errors">
                { column_heads(&["Select", "Record", "Error", "Retry status", "Actions"]) }
                <tbody>
                    { for m.catch_up_errors.iter().map(|e| {
                        let record = format!("record {}", e.change.seq);
                        html! {
                        <tr>
                            <td><input type="checkbox" checked={ticked(e.id)}
                                disabled={e.retry == RetryStatus::Completed}
                                aria-label={format!("Select {record}")}
                                onchange={on::<Event>(state, Action::TickCatchUpError(m.name.clone(), e.id))} /></td>
                            <td>{ format!("#{} {:?} on {} ({})", e.change.seq, e.change.kind, e.change.origin, key(&e.change.key)) }</td>
                            <td>{ &e.message }</td>
                            <td>{ format!("{:?}", e.retry) }</td>
                            <td>{ why(state, Subject::CatchUpError { map: m.name.clone(), id: e.id },
                                    &format!("catch-up error of {record}")) }{ " " }
                                { show_row(state, Subject::CatchUpError { map: m.name.clone(), id: e.id },
                                    &format!("catch-up error of {record}")) }</td>
                        </tr>
                        }
                    }) }
                </tbody>
            </table>
        </>
    }
}
