//! "Queued records" and "Catch-up errors" of a map.

use dualwrite_engine::explain::Subject;
use dualwrite_engine::map::RetryStatus;
use dualwrite_engine::{Command, TableMap};
use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::widgets::*;

/// Queued records (while Paused or Resuming) and Catch-up errors with Retry.
pub(crate) fn queue_and_errors(state: &UseReducerHandle<AppState>, m: &TableMap) -> Html {
    let key = |k: &[dualwrite_engine::Value]| {
        k.iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let queued = m.status.queue().map(|q| {
        html! {
            <>
                <h3>{ "Queued records" }</h3>
                <p>{ format!("Total queued record count: {}", q.changes.len()) }</p>
                <ol class="queue">
                    { for q.changes.iter().take(QUEUE_SHOWN).map(|c| html! {
                        <li>
                            { format!("#{} {:?} on {} ({}) ", c.seq, c.kind, c.origin, key(&c.key)) }
                            { why(state, Subject::Queued { map: m.name.clone(), seq: c.seq },
                                &format!("queued record {}", c.seq)) }
                        </li>
                    }) }
                </ol>
            </>
        }
    });
    let capacity = {
        let map = m.name.clone();
        html! {
            <p class="queue-settings">
                <NumberSetting label="Queue capacity" value={m.queue_capacity as u64}
                    on_set={on_text(state, move |text| Action::SetQueueCapacity(map.clone(), text))} />
                <span class="hint">{ " changes a paused map holds; a write beyond it is refused" }</span>
            </p>
        }
    };
    let retry = |ids: Option<Vec<u64>>| {
        on::<MouseEvent>(
            state,
            Action::Dispatch(Command::RetryCatchUpErrors {
                map: m.name.clone(),
                ids,
            }),
        )
    };
    let errors = (!m.catch_up_errors.is_empty()).then(|| {
        html! {
            <>
                <h3>{ "Catch-up errors" }</h3>
                <p>
                    <button type="button" onclick={retry(None)}
                        disabled={m.pending_catch_up_errors() == 0}>{ "Retry All" }</button>
                </p>
                <table class="catch-up" aria-label="Catch-up errors">
                    <thead><tr>
                        <th scope="col">{ "Record" }</th>
                        <th scope="col">{ "Error" }</th>
                        <th scope="col">{ "Retry status" }</th>
                        <th scope="col">{ "Actions" }</th>
                    </tr></thead>
                    <tbody>
                        { for m.catch_up_errors.iter().map(|e| html! {
                            <tr>
                                <td>{ format!("#{} {:?} on {} ({})", e.change.seq, e.change.kind, e.change.origin, key(&e.change.key)) }</td>
                                <td>{ &e.message }</td>
                                <td>{ format!("{:?}", e.retry) }</td>
                                <td><button type="button" onclick={retry(Some(vec![e.id]))}
                                    disabled={e.retry == RetryStatus::Completed}
                                    aria-label={format!("Retry record {}", e.change.seq)}>{ "Retry" }</button>
                                    { " " }
                                    { why(state, Subject::CatchUpError { map: m.name.clone(), id: e.id },
                                        &format!("catch-up error of record {}", e.change.seq)) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </>
        }
    });
    html! { <>{ capacity }{ queued.unwrap_or_default() }{ errors.unwrap_or_default() }</> }
}
