//! "Queued records" and "Catch-up errors" of a map.

use dualwrite_engine::explain::Subject;
use dualwrite_engine::map::RetryStatus;
use dualwrite_engine::{Command, TableMap};
use yew::prelude::*;

use crate::paged::{texts, Paged};
use crate::state::{labels, Action, AppState};
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
        Some(q) => {
            let changes = q.changes.clone();
            let (handle, name) = (state.clone(), m.name.clone());
            let list = Callback::from(move |shown: Vec<usize>| {
                let state = &handle;
                html! {
                    <ol class="queue">
                        { for shown.into_iter().filter_map(|i| changes.get(i).map(|c| (i, c))).map(|(i, c)| {
                            let subject = || Subject::Queued { map: name.clone(), seq: c.seq };
                            let what = format!("queued record {} ({})", c.seq, key(&c.key));
                            html! {
                                <li value={(i + 1).to_string()}>
                                    { format!("{:?} on {} ({}), record {} ", c.kind, c.origin, key(&c.key), c.seq) }
                                    // What it wrote, in the order made: a trainee follows
                                    // which change wins.
                                    { match c.changes_in_words() {
                                        words if words.is_empty() => html! {},
                                        words => html! { <span class="changed">{ format!("({words}) ") }</span> },
                                    } }
                                    // (Named by the row's key as well: "Why? queued record 1 (USD)".)
                                    { why_and_show_row(state, subject(), &what) }
                                </li>
                            }
                        }) }
                    </ol>
                }
            });
            html! {
                <>
                    <p>{ format!("Total queued record count: {}", thousands(q.changes.len())) }</p>
                    <Paged key={format!("queue/{}", m.name)} noun="queued record" total={q.changes.len()}
                        text_of={texts(q.changes.clone(), |q, i| q.get(i).map(|c| key(&c.key)))}
                        {list} version={state.revision} />
                </>
            }
        }
        None => html! {
            <p class="hint">{ "Nothing is queued: changes are queued only while the map is Paused (or Resuming)." }</p>
        },
    };
    let map = m.name.clone();
    html! {
        <>
            <p class="queue-settings">
                // Keyed by map: what is typed for one map is not offered to the next.
                <NumberSetting key={m.name.clone()} label={labels::QUEUE_CAPACITY} value={m.queue_capacity as u64}
                    error={state.setting_error(labels::QUEUE_CAPACITY)}
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
    let list = {
        let (state, name, errors) = (state.clone(), m.name.clone(), m.catch_up_errors.clone());
        Callback::from(move |shown: Vec<usize>| {
            let ticked = |id: u64| state.ticked_errors.contains(&(name.clone(), id));
            html! {
                <table class="catch-up" aria-label="Catch-up errors">
                    { column_heads(&["Select", "Record", "Error", "Retry status", "Actions"]) }
                    <tbody>
                        { for shown.into_iter().filter_map(|i| errors.get(i)).map(|e| {
                            let record = format!("record {}", e.change.seq);
                            let subject = || Subject::CatchUpError { map: name.clone(), id: e.id };
                            html! {
                            <tr>
                                <td><input type="checkbox" checked={ticked(e.id)}
                                    disabled={e.retry == RetryStatus::Completed}
                                    aria-label={format!("Select {record}")}
                                    onchange={on::<Event>(&state, Action::TickCatchUpError(name.clone(), e.id))} /></td>
                                <td>{ format!("#{} {:?} on {} ({})", e.change.seq, e.change.kind, e.change.origin, key(&e.change.key)) }</td>
                                <td>{ if e.retry == RetryStatus::Completed {
                                    format!("Was: {}", e.message)
                                } else {
                                    e.message.clone()
                                } }</td>
                                <td>{ e.status_in_words() }</td>
                                <td>{ why_and_show_row(&state, subject(), &format!("catch-up error of {record}")) }</td>
                            </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        })
    };
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
            <Paged key={format!("catch-up/{}", m.name)} noun="catch-up error" total={m.catch_up_errors.len()}
                text_of={texts(m.catch_up_errors.clone(), |errors, i| errors.get(i).map(|e| key(&e.change.key)))}
                {list} version={state.revision} />
        </>
    }
}
