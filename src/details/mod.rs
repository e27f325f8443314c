//! The selected map's details.

pub mod alerts;
pub mod mappings;
pub mod pair;
pub mod queue;
pub mod sync;

use alerts::alert_settings;
use dualwrite_engine::explain::Subject;
use dualwrite_engine::{Side, Simulator, TableMap};
use queue::{catch_up_errors, queued};
use sync::executions;
use yew::prelude::*;

use crate::paged::{texts, Paged};
use crate::state::{Action, AppState, DetailTab};
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

/// The label of a tab, with what it holds where that is a count worth seeing from
/// another tab.
fn tab_label(tab: DetailTab, m: &TableMap) -> String {
    match tab {
        DetailTab::Queued => match m.status.queue() {
            Some(q) => format!("{} ({})", tab.label(), q.changes.len()),
            None => tab.label().to_string(),
        },
        DetailTab::CatchUpErrors if m.pending_catch_up_errors() > 0 => {
            format!("{} ({})", tab.label(), m.pending_catch_up_errors())
        }
        _ => tab.label().to_string(),
    }
}

/// Arrow keys, Home and End move between the tabs (and show the tab moved to), as the
/// WAI-ARIA tabs pattern has it; the tab moved to takes the focus.
fn tab_keys(state: &UseReducerHandle<AppState>, at: usize) -> Callback<KeyboardEvent> {
    let state = state.clone();
    Callback::from(move |e: KeyboardEvent| {
        let n = DetailTab::ALL.len();
        let to = match e.key().as_str() {
            "ArrowRight" => (at + 1) % n,
            "ArrowLeft" => (at + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        e.prevent_default();
        state.dispatch(Action::ShowTab(DetailTab::ALL[to]));
        let sibling = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|t| t.parent_element())
            .and_then(|list| list.children().item(to as u32))
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        if let Some(el) = sibling {
            let _ = el.focus();
        }
    })
}

/// The selected map's details: its name, the product's tabs, and the rows of its two
/// tables side by side (FinOps left, Dataverse right).
pub(crate) fn map_details(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    m: &TableMap,
    focus: DetailFocus,
) -> Html {
    let id = |tab: DetailTab| format!("tab-{tab:?}").to_ascii_lowercase();
    let panel = match state.tab {
        DetailTab::Mappings => html! {
            <>{ mappings::mappings(state, sim, m, focus) }{ mappings::filters(state, sim, m, focus) }</>
        },
        DetailTab::InitialSync => executions(state, m),
        DetailTab::Queued => queued(state, m),
        DetailTab::CatchUpErrors => catch_up_errors(state, m),
        DetailTab::ActivityLog => activity_log(state, m),
        DetailTab::Alerts => alert_settings(state, m, focus),
    };
    html! {
        <section class="details" aria-label={format!("Details of {}", m.name)}>
            <div class="details-head">
                // The skip link's target.
                <h2 id="details-title" tabindex="-1">{ m.title() }</h2>
                if state.selected.len() > 1 {
                    <p class="hint selection">{ format!(
                        "First of {} selected maps: actions apply to all of them; tick one alone to see its details",
                        state.selected.len()
                    ) }</p>
                }
                // From the top of the details, one key press to the rows (past the tabs
                // and a long list of mappings): it focuses the FinOps rows' tab stop.
                // (An empty table has no rows: its find box, then.)
                <button type="button" class="skip-to-rows" onclick={Callback::from(|e: MouseEvent| {
                    let details = e
                        .target_dyn_into::<web_sys::Element>()
                        .and_then(|b| b.closest(".details").ok().flatten());
                    let stop = details.and_then(|d| {
                        [".sides .rows tbody [tabindex=\"0\"]", ".sides .rows input[type=search]"]
                            .iter()
                            .find_map(|selector| d.query_selector(selector).ok().flatten())
                    });
                    if let Some(el) = stop.and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok()) {
                        let _ = el.focus();
                    }
                })}>{ "Skip to the rows" }</button>
                // One label; its state is aria-pressed (a toggle keeps its name).
                <button type="button" class="panel-size" aria-pressed={state.tall_details.to_string()}
                    aria-controls="detail-panel"
                    onclick={on::<MouseEvent>(state, Action::TallDetails(!state.tall_details))}>
                    { "Larger details" }
                </button>
                // The side column folded away, for the grids' sake on a narrow screen.
                <button type="button" class="panel-size fold-side" aria-pressed={state.side_folded.to_string()}
                    aria-controls="side-column" title="Fold the side column (lessons, table maps, history, files) away: the grids take its room"
                    onclick={on::<MouseEvent>(state, Action::FoldSide(!state.side_folded))}>
                    { "Wide grids" }
                </button>
            </div>
            <div class="tabs" role="tablist" aria-label={format!("Details of {}", m.name)}>
                { for DetailTab::ALL.iter().enumerate().map(|(at, &tab)| {
                    let selected = tab == state.tab;
                    html! {
                        <button type="button" role="tab" id={id(tab)}
                            aria-selected={if selected { "true" } else { "false" }}
                            aria-controls="detail-panel" tabindex={if selected { "0" } else { "-1" }}
                            onclick={on::<MouseEvent>(state, Action::ShowTab(tab))}
                            onkeydown={tab_keys(state, at)}>
                            { tab_label(tab, m) }
                        </button>
                    }
                }) }
            </div>
            <div class={classes!("tab-panel", state.tall_details.then_some("tall"))} role="tabpanel"
                id="detail-panel" aria-labelledby={id(state.tab)} tabindex="0">
                { panel }
            </div>
            <div class="sides">
                // Keyed by table, so that another map's grid starts unsorted, unfiltered, at
                // its top (the columns hidden in a table's grid are remembered apart).
                <crate::grid::Grid key={format!("finops/{}", m.finops_table)} state={state.clone()} side={Side::FinOps}
                    table={AttrValue::from(m.finops_table.clone())} map={AttrValue::from(m.name.clone())} />
                <crate::grid::Grid key={format!("dataverse/{}", m.dataverse_table)} state={state.clone()} side={Side::Dataverse}
                    table={AttrValue::from(m.dataverse_table.clone())} map={AttrValue::from(m.name.clone())} />
            </div>
            { pair::pair(state, sim, m) }
        </section>
    }
}

/// "Activity log": the newest lines first, each with "Why?".
fn activity_log(state: &UseReducerHandle<AppState>, m: &TableMap) -> Html {
    if m.log.is_empty() {
        return html! { <p class="hint">{ "Nothing logged yet." }</p> };
    }
    let list = {
        let (state, name, log) = (state.clone(), m.name.clone(), m.log.clone());
        Callback::from(move |shown: Vec<usize>| {
            html! {
                // Newest first, numbered as logged (the newest has the highest number).
                <ol class="log" reversed=true>
                    { for shown.into_iter().filter_map(|index| log.get(index).map(|l| (index, l))).map(|(index, l)| html! {
                        <li value={(index + 1).to_string()}>
                            <span class="time">{ crate::clock::duration(l.time) }</span>{ " " }{ &l.message }{ " " }
                            { why(&state, Subject::LogLine { map: name.clone(), index },
                                &format!("log line at {}: {}", crate::clock::duration(l.time), l.message)) }
                        </li>
                    }) }
                </ol>
            }
        })
    };
    html! {
        <Paged key={format!("log/{}", m.name)} noun="log line" find_in="text" total={m.log.len()} newest_first=true
            text_of={texts(m.log.clone(), |log, i| log.get(i).map(|l| l.message.clone()))}
            {list} version={state.revision} />
    }
}
