//! The selected map's details.

pub mod alerts;
pub mod mappings;
pub mod queue;
pub mod sync;

use alerts::alert_settings;
use dualwrite_engine::explain::Subject;
use dualwrite_engine::{Side, Simulator, TableMap};
use queue::queue_and_errors;
use sync::executions;
use yew::prelude::*;

use crate::state::AppState;
use crate::widgets::*;

/// Where focus goes in the details: the first field of each inline form, and the
/// buttons that open them (focus returns there).
#[derive(Clone, Copy)]
pub(crate) struct DetailFocus<'a> {
    pub(crate) mapping_first: &'a NodeRef,
    pub(crate) mapping_button: &'a NodeRef,
    pub(crate) alert_first: &'a NodeRef,
    pub(crate) alert_button: &'a NodeRef,
    pub(crate) filter_first: &'a NodeRef,
    pub(crate) filter_buttons: &'a [NodeRef; 2],
}

pub(crate) fn map_details(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    m: &TableMap,
    focus: DetailFocus,
) -> Html {
    html! {
        <section class="details" aria-label={format!("Details of {}", m.name)}>
            <h2>{ m.title() }</h2>
            { mappings::mappings(state, sim, m, focus) }
            { mappings::filters(state, sim, m, focus) }
            <h3>{ "Initial sync details" }</h3>
            { executions(state, m) }
            { queue_and_errors(state, m) }
            { alert_settings(state, m, focus) }
            <h3>{ "Rows" }</h3>
            <div class="sides">
                // Keyed by table, so that another map's grid starts unsorted, unfiltered, at
                // its top.
                <crate::grid::Grid key={format!("finops/{}", m.finops_table)} state={state.clone()} side={Side::FinOps} table={AttrValue::from(m.finops_table.clone())} />
                <crate::grid::Grid key={format!("dataverse/{}", m.dataverse_table)} state={state.clone()} side={Side::Dataverse} table={AttrValue::from(m.dataverse_table.clone())} />
            </div>
            <h3>{ "Activity log" }</h3>
            <ol class="log">
                { for m.log.iter().enumerate().rev().take(LIST_SHOWN).map(|(index, l)| html! {
                    <li>
                        <span class="time">{ format!("{} min", l.time) }</span>{ " " }{ &l.message }{ " " }
                        { why(state, Subject::LogLine { map: m.name.clone(), index },
                            &format!("log line at {} min: {}", l.time, l.message)) }
                    </li>
                }) }
            </ol>
        </section>
    }
}
