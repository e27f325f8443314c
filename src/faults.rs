//! "Simulation": rows per tick, and the failure modes (what each side answers to writes,
//! the engine's fault switches).

use dualwrite_engine::{Command, Fault, Side};
use yew::prelude::*;

use crate::state::{labels, Action, AppState};
use crate::widgets::{on_text, select, NumberSetting};

/// What the settings show: the engine's settings and fault switches.
pub(crate) fn unchanged(a: &AppState, b: &AppState) -> bool {
    // (Rows per tick's refusal is said at its field: no change of the session.)
    crate::widgets::same_session(a, b)
        && a.field_error_for(labels::ROWS_PER_TICK) == b.field_error_for(labels::ROWS_PER_TICK)
}

/// A select per side: accepts writes, or fails them with one of the engine's faults.
pub(crate) fn view(state: &UseReducerHandle<AppState>) -> Html {
    let session = state.session.borrow();
    let sim = session.state();
    html! {
        <fieldset class="faults">
            <legend>{ "Simulation and failure modes" }</legend>
            <NumberSetting label={labels::ROWS_PER_TICK} value={sim.settings.rows_per_tick}
                error={state.setting_error(labels::ROWS_PER_TICK)}
                on_set={on_text(state, Action::SetRowsPerTick)} />
            { for [Side::FinOps, Side::Dataverse].into_iter().map(|side| {
                const NONE: &str = "Accepts writes";
                let current = sim.faults.of(side).map_or(NONE, Fault::label);
                let options = std::iter::once(NONE)
                    .chain(Fault::ALL.iter().map(|f| f.label()))
                    .map(|l| (l.to_string(), l.to_string()))
                    .collect();
                let name = format!("{side} fault");
                // The same words are the select's name and its visible label.
                html! {
                    <label class="setting">
                        { format!("{name}: ") }
                        { select(state, name.clone(), options, current, NodeRef::default(), move |value| {
                            let fault = Fault::from_label(&value);
                            Some(Action::Dispatch(Command::SetFault { side, fault }))
                        }) }
                    </label>
                }
            }) }
        </fieldset>
    }
}
