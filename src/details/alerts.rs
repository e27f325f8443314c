//! "Alert settings" of a map, with the form that creates one.

use super::DetailFocus;
use dualwrite_engine::{AlertAction, ErrorType, TableMap};
use yew::prelude::*;

use crate::state::{labels, Action, AlertEditor, AlertField, AppState};
use crate::widgets::*;

/// "Alert settings": the map's alerts, each removable, and the "Create alert settings"
/// form (Escape cancels).
pub(crate) fn alert_settings(
    state: &UseReducerHandle<AppState>,
    m: &TableMap,
    focus: DetailFocus,
) -> Html {
    let form = state.alert_editor.as_ref().filter(|f| f.map == m.name);
    html! {
        <div class="alerts">
            <h3>{ "Alert settings" }</h3>
            if m.alerts.is_empty() {
                <p>{ "No alert settings." }</p>
            } else {
                <table aria-label={format!("Alert settings of {}", m.name)}>
                    { column_heads(&["Error type", "Error count", "Time window", "Recipients", "Action", "Remove"]) }
                    <tbody>
                        { for m.alerts.iter().enumerate().map(|(i, a)| html! {
                            <tr>
                                <td>{ a.error_type.to_string() }</td>
                                <td>{ a.count }</td>
                                <td>{ format!("{} min", a.window_minutes) }</td>
                                <td>{ if a.recipients.is_empty() { "(nobody)".to_string() } else { a.recipient_list().join(", ") } }</td>
                                <td>{ a.action.to_string() }</td>
                                <td><button type="button"
                                    aria-label={format!("Remove alert {}: {} {} in {} min", i + 1, a.count, a.error_type, a.window_minutes)}
                                    onclick={remove_alert(state, &m.name, i, m.alerts.len(), focus.alert_button)}>{ "Remove" }</button></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            <p class="hint">{ "Alert settings take effect when the map next runs from Not running (a resume keeps the ones it ran with)." }</p>
            <button type="button" ref={focus.alert_button.clone()} disabled={form.is_some()}
                onclick={on::<MouseEvent>(state, Action::NewAlert(m.name.clone()))}>{ "Create alert settings" }</button>
            { form.map(|f| alert_form(state, f, focus.alert_first)).unwrap_or_default() }
        </div>
    }
}

/// Remove for alert `i` of `count`. The last alert's row goes with it, and its button with
/// the focus: the focus goes first to the Remove before it, or, with none left, to Create
/// alert settings. (An earlier alert's row stays, showing the next alert, and keeps the
/// focus.)
fn remove_alert(
    state: &UseReducerHandle<AppState>,
    map: &str,
    i: usize,
    count: usize,
    create: &NodeRef,
) -> Callback<MouseEvent> {
    let (state, map, create) = (state.clone(), map.to_string(), create.clone());
    Callback::from(move |_: MouseEvent| {
        if i + 1 == count {
            let before = (i > 0)
                .then(|| {
                    element(&format!(
                        r#".alerts button[aria-label^="Remove alert {i}:"]"#
                    ))
                })
                .flatten();
            match before {
                Some(button) => {
                    let _ = button.focus();
                }
                None => {
                    if let Some(button) = create.cast::<web_sys::HtmlElement>() {
                        let _ = button.focus();
                    }
                }
            }
        }
        state.dispatch(Action::RemoveAlert(map.clone(), i));
    })
}

pub(crate) fn alert_form(
    state: &UseReducerHandle<AppState>,
    f: &AlertEditor,
    first: &NodeRef,
) -> Html {
    let edit = |read: fn(String) -> Option<AlertField>| {
        on_value::<Event>(state, move |v| read(v).map(Action::EditAlert))
    };
    let typed = |read: fn(String) -> AlertField| {
        on_value::<InputEvent>(state, move |v| Some(Action::EditAlert(read(v))))
    };
    let error = |label| FieldError::of(state.field_error_for(label), label);
    let (count_error, window_error, recipients_error) = (
        error(labels::ERROR_COUNT),
        error(labels::TIME_WINDOW),
        error(labels::RECIPIENTS),
    );
    html! {
        <div class="alert-form" role="group" aria-labelledby="alert-form-title"
            onkeydown={form_keys(state, Action::CancelAlert, Some(Action::SaveAlert))}>
            <h4 id="alert-form-title">{ format!("New alert for {}", f.map) }</h4>
            <label>{ "Error type " }
                <select ref={first.clone()} data-value={crate::widgets::place(ErrorType::ALL, f.error_type)}
                    onchange={edit(|v| v.parse::<usize>().ok()
                    .and_then(|i| ErrorType::ALL.get(i).copied()).map(AlertField::ErrorType))}>
                    { for ErrorType::ALL.iter().enumerate().map(|(i, t)| html! {
                        <option value={i.to_string()} selected={*t == f.error_type}>{ t.to_string() }</option>
                    }) }
                </select>
            </label>
            <label>{ "Error count " }
                <input type="text" inputmode="numeric" autocomplete="off" value={f.count.clone()}
                    oninput={typed(AlertField::Count)}
                    aria-invalid={count_error.invalid()} aria-describedby={count_error.id()} />
            </label>
            { count_error.note() }
            <label>{ "Time window (minutes) " }
                <input type="text" inputmode="numeric" autocomplete="off" value={f.window.clone()}
                    oninput={typed(AlertField::Window)}
                    aria-invalid={window_error.invalid()} aria-describedby={window_error.id()} />
            </label>
            { window_error.note() }
            <label>{ "Recipients " }
                <input type="text" value={f.recipients.clone()} placeholder="ops@contoso.com, lead@contoso.com" size="36"
                    oninput={typed(AlertField::Recipients)}
                    aria-invalid={recipients_error.invalid()} aria-describedby={recipients_error.id()} />
            </label>
            { recipients_error.note() }
            <label>{ "Action " }
                <select data-value={crate::widgets::place(AlertAction::ALL, f.action)}
                    onchange={edit(|v| v.parse::<usize>().ok()
                    .and_then(|i| AlertAction::ALL.get(i).copied()).map(AlertField::Action))}>
                    { for AlertAction::ALL.iter().enumerate().map(|(i, a)| html! {
                        <option value={i.to_string()} selected={*a == f.action}>{ a.to_string() }</option>
                    }) }
                </select>
            </label>
            <div class="buttons">
                <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::SaveAlert)}>{ "Save" }</button>
                <button type="button" onclick={on::<MouseEvent>(state, Action::CancelAlert)}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
