//! The Dual-write page: an action pane over the grid of table maps, and the details of
//! the selected map. Components only dispatch actions and render state.

use dualwrite_engine::explain::Subject;
use dualwrite_engine::map::{Execution, LegCounts, RetryStatus};
use dualwrite_engine::{
    Action as MapAction, AlertAction, Command, Direction, ErrorType, Fault, ResumeOption, Side,
    Simulator, StatusKind, TableMap,
};
use yew::prelude::*;

use crate::state::{
    status_label, Action, AlertEditor, AlertField, AppState, FilterEditor, MappingDraft,
    MappingField, Notice, PausePane, RunPane,
};

/// Focus for a dialog or an inline form: while `back_to` is `Some(opener)` the form is
/// open; when it opens, focus moves to the returned ref's element; when it closes, back to
/// the opener (the button that opened it).
#[hook]
fn use_focus_while_open(back_to: Option<NodeRef>) -> NodeRef {
    let first = use_node_ref();
    let remembered = use_mut_ref(|| None::<NodeRef>);
    {
        let first = first.clone();
        use_effect_with(back_to, move |back_to| {
            let target = match back_to {
                Some(opener) => {
                    *remembered.borrow_mut() = Some(opener.clone());
                    first.cast::<web_sys::HtmlElement>()
                }
                None => remembered
                    .borrow_mut()
                    .take()
                    .and_then(|opener| opener.cast::<web_sys::HtmlElement>()),
            };
            if let Some(el) = target {
                let _ = el.focus();
            }
        });
    }
    first
}

/// The whole application.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::restored);
    // Autosave: after every change of the session (not at mount, so that a saved copy
    // that did not load stays until the trainee acts).
    {
        // While the clock plays, its beats are not saved one by one (up to ten a second):
        // the session is saved when it pauses.
        let handle = state.clone();
        use_effect_with(
            (state.revision, state.clock.playing),
            move |(revision, playing)| {
                if *revision > 0 && !*playing && handle.autosave_off.is_none() {
                    // The borrow ends before any dispatch (which may change the session).
                    let saved = crate::autosave::save(&handle.session.borrow());
                    if let Err(reason) = saved {
                        handle.dispatch(Action::AutosaveFailed(reason));
                    }
                }
            },
        );
    }
    // Lesson progress is saved whenever it changes (a failure to save it is no reason
    // to interrupt the trainee: it is only a convenience).
    use_effect_with(state.progress.clone(), |progress| {
        let _ = progress.save();
    });
    // "Show me" plays the next step of the solution after a pause; a new state cancels
    // the pending step (the timeout is dropped) and schedules the next one.
    {
        let handle = state.clone();
        let show_me = state.lesson.as_ref().and_then(|run| run.show_me);
        use_effect_with((show_me, state.revision), move |(show_me, _)| {
            let timeout = show_me.map(|_| {
                gloo_timers::callback::Timeout::new(crate::lessons::SHOW_ME_STEP_MS, move || {
                    handle.dispatch(Action::ShowMeStep)
                })
            });
            move || drop(timeout)
        });
    }
    // A share link just made goes to the clipboard too (when the browser allows it).
    use_effect_with(state.share_link.clone(), |link| {
        if let Some((link, _)) = link {
            crate::share::copy(link);
        }
    });
    // An explanation that opens takes the focus (and so comes into view), wherever the
    // "Why?" that opened it was.
    let explanation_ref = use_node_ref();
    {
        let target = explanation_ref.clone();
        use_effect_with(state.explaining.clone(), move |explaining| {
            if explaining.is_some() {
                if let Some(el) = target.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    crate::clock::use_clock(&state);
    let dispatch = |a: Action| on::<MouseEvent>(&state, a);
    let session = state.session.borrow();
    let sim = session.state();
    let import_text = use_node_ref();
    // A download link for the last export; its object URL is revoked with the export.
    let export_url = use_memo(state.exported.clone(), |text| {
        text.as_deref().map(|t| {
            gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(
                t,
                Some("application/json"),
            ))
        })
    });
    // A download link for the lesson the builder made.
    let lesson_url = use_memo(
        state
            .builder
            .as_ref()
            .and_then(|b| b.file.as_ref())
            .map(|f| f.to_json()),
        |text| {
            text.as_deref().map(|t| {
                gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(
                    t,
                    Some("application/json"),
                ))
            })
        },
    );
    let run_button = use_node_ref();
    let pause_button = use_node_ref();
    let alert_button = use_node_ref();
    let filter_buttons = [use_node_ref(), use_node_ref()];
    let mapping_button = use_node_ref();
    let mapping_first =
        use_focus_while_open(state.mapping_draft.as_ref().map(|_| mapping_button.clone()));
    let pane_first = use_focus_while_open(state.run_pane.as_ref().map(|_| run_button.clone()));
    let pause_first = use_focus_while_open(state.pause_pane.as_ref().map(|_| pause_button.clone()));
    let alert_first =
        use_focus_while_open(state.alert_editor.as_ref().map(|_| alert_button.clone()));
    let filter_first = use_focus_while_open(
        state
            .filter_editor
            .as_ref()
            .map(|f| filter_buttons[f.side.index()].clone()),
    );
    let map_button = |action: MapAction| {
        let enabled = state.enabled(action);
        let node = match action {
            MapAction::Run => run_button.clone(),
            MapAction::Pause => pause_button.clone(),
            _ => NodeRef::default(),
        };
        html! {
            <button type="button" class="action" disabled={!enabled} ref={node}
                onclick={dispatch(Action::OnSelected(action))}>
                { action.to_string() }
            </button>
        }
    };
    let notice = match &state.notice {
        Some(Notice::Info(m)) => html! { <p class="notice info" role="status">{ m }</p> },
        Some(Notice::Error(m)) => html! {
            <p class="notice error" role="alert"><strong>{ "Error: " }</strong>{ m }
                if let Some(subject) = &state.refused {
                    { " " }{ why(&state, subject.clone(), "this action is refused") }
                }
            </p>
        },
        None => html! { <p class="notice" role="status"></p> },
    };
    let detail = state
        .selected_in_order()
        .first()
        .and_then(|n| sim.map(n).ok())
        .map(|m| {
            let focus = DetailFocus {
                mapping_first: &mapping_first,
                mapping_button: &mapping_button,
                alert_first: &alert_first,
                alert_button: &alert_button,
                filter_first: &filter_first,
                filter_buttons: &filter_buttons,
            };
            map_details(&state, sim, m, focus)
        });
    html! {
        <main class="app" onkeydown={history_keys(&state)}>
            <header>
                <h1>{ "Dual-write table maps" }</h1>
                <p class="subtitle">
                    { "Simulated finance and operations apps and Dataverse. Clock: " }
                    <span class="clock">{ format!("{} min", sim.clock) }</span>
                </p>
                <p class="share">
                    <button type="button" onclick={dispatch(Action::MakeLink)}>{ "Copy link" }</button>
                    if let Some((link, _)) = &state.share_link {
                        { " " }
                        <label for="share-link">{ "Link to this session: " }</label>
                        <input id="share-link" type="text" readonly=true value={link.clone()} size="40" />
                    }
                </p>
            </header>
            { crate::lessons::section(&state) }
            { crate::builder::section(&state, (*lesson_url).as_ref().map(|u| u.to_string())) }
            <nav class="action-pane" aria-label="Table map actions">
                { map_button(MapAction::Run) }
                { map_button(MapAction::Stop) }
                { map_button(MapAction::Pause) }
                { map_button(MapAction::SkipToLiveSync) }
                <button type="button" disabled={!state.all_selected(StatusKind::NotRunning)}
                    onclick={dispatch(Action::SkipInitialSync)}>{ "Skip initial sync" }</button>
                <button type="button" disabled={state.rerunnable().is_none()}
                    onclick={dispatch(Action::RerunExecution)}>{ "Rerun execution" }</button>
                <span class="separator" aria-hidden="true"></span>
                { crate::clock::controls(&state) }
                <button type="button" onclick={dispatch(Action::Dispatch(Command::Tick { ticks: 1 }))}>
                    { "Tick" }
                </button>
                <button type="button" onclick={dispatch(Action::Dispatch(Command::RunUntilIdle))}
                    disabled={!sim.busy()}>
                    { "Run until idle" }
                </button>
                <NumberSetting label="Rows per tick" value={sim.settings.rows_per_tick}
                    on_set={on_text(&state, Action::SetRowsPerTick)} />
                <button type="button" onclick={dispatch(Action::Undo)}
                    disabled={!state.session.borrow().can_undo()}>{ "Undo" }</button>
                <button type="button" onclick={dispatch(Action::Redo)}
                    disabled={!state.session.borrow().can_redo()}>{ "Redo" }</button>
            </nav>
            <fieldset class="faults">
                <legend>{ "Failure modes" }</legend>
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
                            { select(&state, name.clone(), options, current, NodeRef::default(), move |value| {
                                let fault = Fault::from_label(&value);
                                Some(Action::Dispatch(Command::SetFault { side, fault }))
                            }) }
                        </label>
                    }
                }) }
            </fieldset>
            { notice }
            { explanation(&state, sim, &explanation_ref) }
            <section class="feed" aria-labelledby="feed-title">
                <h2 id="feed-title">{ "What just happened" }</h2>
                if state.feed.lines.is_empty() {
                    <p class="hint">{ "No table or map changed with the last action." }</p>
                }
                <ul aria-live="polite" aria-labelledby="feed-title" tabindex="0">
                    { for state.feed.lines.iter().map(|l| html! { <li>{ l }</li> }) }
                    { if state.feed.more > 0 {
                        html! { <li>{ format!("and {} more", state.feed.more) }</li> }
                    } else {
                        html! {}
                    } }
                </ul>
            </section>
            { timeline(&state) }
            <table class="maps" aria-label="Table maps">
                <thead>
                    <tr>
                        <th scope="col">{ "Select" }</th>
                        <th scope="col">{ "Table map" }</th>
                        <th scope="col">{ "Status" }</th>
                        <th scope="col">{ "Progress" }</th>
                        <th scope="col">{ "Depends on" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for sim.maps.iter().map(|m| {
                        let name = m.name.clone();
                        let checked = state.selected.contains(&m.name);
                        let id = format!("select-{}", m.name.replace(' ', "-"));
                        let kind = m.status.kind();
                        let progress = m.status.progress()
                            .map(|(d, t)| format!("{d} / {t}"))
                            .unwrap_or_default();
                        html! {
                            <tr class={classes!("map", checked.then_some("selected"))} data-map={m.name.clone()}>
                                <td>
                                    <input type="checkbox" id={id.clone()} checked={checked}
                                        onchange={on::<Event>(&state, Action::Toggle(name))} />
                                </td>
                                <td><label for={id}>{ m.title() }</label></td>
                                <td class={classes!("status", format!("status-{kind:?}").to_lowercase())}>
                                    { status_label(kind) }
                                </td>
                                <td>{ progress }</td>
                                <td>{ sim.depends_on(&m.name).join(", ") }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            { crate::graph::view(&state, sim) }
            { detail.unwrap_or_default() }
            { scenario_io(&state, &import_text, export_url.as_ref().as_ref().map(|u| &**u)) }
            { state.run_pane.as_ref().map(|p| run_pane(&state, sim, p, &pane_first)).unwrap_or_default() }
            { state.pause_pane.as_ref().map(|p| pause_pane(&state, sim, p, &pause_first)).unwrap_or_default() }
        </main>
    }
}

/// Properties of [`NumberSetting`].
#[derive(Properties, PartialEq)]
struct NumberSettingProps {
    /// Label of the field.
    label: AttrValue,
    /// The value now.
    value: u64,
    /// What the button sends: the text typed.
    on_set: Callback<String>,
    /// The button's text.
    #[prop_or(AttrValue::Static("Set"))]
    button: AttrValue,
    /// Smallest value accepted.
    #[prop_or(1)]
    min: u64,
    /// Largest value accepted, if any.
    #[prop_or_default]
    max: Option<u64>,
}

/// A number field with a "Set" button (Enter sets too); the reducer reads the text.
#[function_component(NumberSetting)]
fn number_setting(props: &NumberSettingProps) -> Html {
    let input = use_node_ref();
    let set = {
        let (input, on_set) = (input.clone(), props.on_set.clone());
        move || {
            if let Some(field) = input.cast::<web_sys::HtmlInputElement>() {
                on_set.emit(field.value());
            }
        }
    };
    let onclick = {
        let set = set.clone();
        Callback::from(move |_: MouseEvent| set())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            set();
        }
    });
    html! {
        <span class="setting">
            <label>{ format!("{} ", props.label) }
                <input type="number" min={props.min.to_string()} max={props.max.map(|m| m.to_string())}
                    ref={input} value={props.value.to_string()} {onkeydown} />
            </label>
            <button type="button" aria-label={format!("{} {}", props.button, props.label)} {onclick}>{ props.button.clone() }</button>
        </span>
    }
}

/// A callback that dispatches the action `make` builds from a text.
fn on_text(
    state: &UseReducerHandle<AppState>,
    make: impl Fn(String) -> Action + 'static,
) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |text: String| state.dispatch(make(text)))
}

/// A callback that dispatches `action`, whatever the event.
pub(crate) fn on<E: 'static>(state: &UseReducerHandle<AppState>, action: Action) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |_: E| state.dispatch(action.clone()))
}

/// A modal dialog over a backdrop, labelled by its title; Escape dispatches `cancel`.
fn dialog(
    state: &UseReducerHandle<AppState>,
    class: &str,
    title: &str,
    cancel: Action,
    body: Html,
) -> Html {
    let title_id = format!("{class}-title");
    html! {
        <div class="backdrop">
            <div class={classes!("dialog", class.to_string())} role="dialog" aria-modal="true"
                aria-labelledby={title_id.clone()} onkeydown={escape_to(state, cancel)}>
                <h2 id={title_id}>{ title }</h2>
                { body }
            </div>
        </div>
    }
}

/// A map's status as the grid shows it.
fn status_text(sim: &Simulator, map: &str) -> String {
    sim.map(map)
        .map(|m| status_label(m.status.kind()))
        .unwrap_or_default()
}

/// "Initial writes and related table map(s)": the maps of a run in sync order, each with
/// its Master for initial sync; keyboard: Tab through, Escape cancels.
fn run_pane(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    pane: &RunPane,
    first: &NodeRef,
) -> Html {
    let any_paused = pane.rows.iter().any(|r| {
        sim.map(&r.map)
            .is_ok_and(|m| m.status.kind() == StatusKind::Paused)
    });
    let last = pane.rows.len().saturating_sub(1);
    let body = html! {
        <>
            <label>
                <input type="checkbox" checked={pane.show_related} ref={first.clone()}
                    onchange={on::<Event>(state, Action::RunPaneShowRelated)} />
                { " Show related table map(s)" }
            </label>
            <table class="run-rows">
                <caption>{ "Sync order: prerequisites first" }</caption>
                <thead><tr>
                    <th scope="col">{ "Run" }</th>
                    <th scope="col">{ "Table map" }</th>
                    <th scope="col">{ "Status" }</th>
                    <th scope="col">{ "Master for initial sync" }</th>
                    <th scope="col">{ "Order" }</th>
                </tr></thead>
                <tbody>
                { for pane.rows.iter().enumerate().map(|(i, r)| {
                    let id = format!("run-{}", r.map.replace(' ', "-"));
                    let status = status_text(sim, &r.map);
                    let onmaster = {
                        let state = state.clone();
                        Callback::from(move |e: Event| {
                            let fin = e.target_dyn_into::<web_sys::HtmlSelectElement>()
                                .is_some_and(|s| s.value() == "FinOps");
                            state.dispatch(Action::RunPaneMaster(i, if fin { Side::FinOps } else { Side::Dataverse }));
                        })
                    };
                    html! {
                        <tr data-map={r.map.clone()}>
                            <td><input type="checkbox" id={id.clone()} checked={r.include}
                                onchange={on::<Event>(state, Action::RunPaneInclude(i))} /></td>
                            <td><label for={id.clone()}>{ &r.map }{ if r.dependent { " (depends on the selection)" } else { "" } }</label></td>
                            <td>{ status }</td>
                            <td>
                                <select aria-label={format!("Master for initial sync of {}", r.map)} onchange={onmaster}>
                                    <option value="Dataverse" selected={r.master == Side::Dataverse}>{ "Dataverse" }</option>
                                    <option value="FinOps" selected={r.master == Side::FinOps}>{ "Finance and operations apps" }</option>
                                </select>
                            </td>
                            <td>
                                <button type="button" disabled={i == 0} aria-label={format!("Move {} up", r.map)}
                                    onclick={on::<MouseEvent>(state, Action::RunPaneMove(i, -1))}>{ "↑" }</button>
                                <button type="button" disabled={i == last} aria-label={format!("Move {} down", r.map)}
                                    onclick={on::<MouseEvent>(state, Action::RunPaneMove(i, 1))}>{ "↓" }</button>
                            </td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            { for pane.cycles.iter().map(|c| html! {
                <p class="hint">{ cycle_hint(c) }</p>
            }) }
            <label>
                <input type="checkbox" checked={pane.initial_sync}
                    onchange={on::<Event>(state, Action::RunPaneInitialSync)} />
                { " Initial sync" }
            </label>
            if any_paused {
                <fieldset>
                    <legend>{ "Resume paused maps" }</legend>
                    { for [ResumeOption::CatchUp, ResumeOption::SkipPreservingErrors, ResumeOption::SkipDiscarding].into_iter().map(|o| html! {
                        <label class="option">
                            <input type="radio" name="resume" checked={pane.resume == o}
                                onchange={on::<Event>(state, Action::RunPaneResume(o))} />
                            { format!(" {}", o.label()) }
                        </label>
                    }) }
                </fieldset>
            }
            <div class="buttons">
                <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::ConfirmRun)}
                    disabled={pane.rows.iter().all(|r| !r.include)}>{ "Run" }</button>
                <button type="button" onclick={on::<MouseEvent>(state, Action::CloseRunPane)}>{ "Cancel" }</button>
            </div>
        </>
    };
    dialog(
        state,
        "run-pane",
        "Initial writes and related table map(s)",
        Action::CloseRunPane,
        body,
    )
}

/// Save or load a whole session (state and history) as scenario JSON.
fn scenario_io(
    state: &UseReducerHandle<AppState>,
    import_text: &NodeRef,
    export_url: Option<&str>,
) -> Html {
    // A chosen file is read (after a size check, so that a huge file is not read at all)
    // and loaded like pasted JSON.
    let onfile = crate::files::on_choose(state, Action::Import, Action::RefuseFile);
    let load = {
        let (state, import_text) = (state.clone(), import_text.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = import_text.cast::<web_sys::HtmlTextAreaElement>() {
                state.dispatch(Action::Import(area.value()));
            }
        })
    };
    html! {
        <details class="scenario-io">
            <summary>{ "Save or load a scenario" }</summary>
            <p>
                <button type="button" onclick={on::<MouseEvent>(state, Action::Export)}>{ "Export" }</button>
                { " " }
                <button type="button" onclick={on::<MouseEvent>(state, Action::ResetToDemo)}>{ "Reset to demo" }</button>
            </p>
            <p>
                <NumberSetting label="Customers" value={1000} button="Generate" min={10} max={100_000}
                    on_set={on_text(state, Action::GenerateCustomers)} />
                <span class="hint">{ " replaces both sides' customers with that many (10 to 100,000), with conflicts, a missing customer group and self-referencing invoice accounts in proportion; one command, so Undo brings the previous ones back" }</span>
            </p>
            <p class="hint">{ "The session is saved in this browser after every command and restored when the page opens again." }</p>
            if let Some(text) = &state.exported {
                if let Some(url) = export_url {
                    <p><a class="download" href={url.to_string()} download="dualwrite-scenario.json">
                        { "Download the scenario file" }
                    </a></p>
                }
                <label for="export-text">{ "Exported scenario (JSON)" }</label>
                <textarea id="export-text" readonly=true rows="6" value={text.clone()} />
            }
            <p>
                <label for="import-file">{ "Load a scenario file " }</label>
                <input type="file" id="import-file" accept=".json,application/json" onchange={onfile} />
            </p>
            <label for="import-text">{ "Scenario to load (JSON)" }</label>
            <textarea id="import-text" rows="6" ref={import_text.clone()} />
            <p><button type="button" onclick={load}>{ "Load" }</button></p>
        </details>
    }
}

/// The Initial sync details of an execution: both legs' counts, the conflicts settled
/// by the master, and the rows that failed.
/// Initial sync details: the execution history (when there is more than one) and the
/// shown execution (the latest unless another was picked).
fn executions(state: &UseReducerHandle<AppState>, m: &TableMap) -> Html {
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
                    <thead><tr>
                        <th scope="col">{ "Execution" }</th><th scope="col">{ "Time" }</th>
                        <th scope="col">{ "Status" }</th><th scope="col">{ "Master" }</th>
                        <th scope="col">{ "Failed rows" }</th><th scope="col">{ "Conflicts" }</th>
                        <th scope="col">{ "Details" }</th>
                    </tr></thead>
                    <tbody>{ for m.executions.iter().rev().map(|e| {
                        let current = e.id == shown.id;
                        html! {
                            <tr aria-current={current.then_some("true")}>
                                <td>{ &e.id }</td>
                                <td>{ format!("{} min", e.time) }</td>
                                <td>{ format!("{:?}", e.status) }</td>
                                <td>{ e.master.to_string() }</td>
                                <td>{ e.errors.len() }</td>
                                <td>{ e.conflicts.len() }</td>
                                <td>
                                    if current {
                                        { "Shown below" }
                                    } else {
                                        <button type="button" aria-label={format!("Show {}", e.id)}
                                            onclick={on::<MouseEvent>(state, Action::ShowExecution(m.name.clone(), e.id.clone()))}>
                                            { "Show" }
                                        </button>
                                    }
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

fn execution(state: &UseReducerHandle<AppState>, map: &str, e: &Execution) -> Html {
    let leg = |name: &str, c: &LegCounts| {
        html! {
            <tr>
                <th scope="row">{ name }</th>
                <td>{ c.read }</td><td>{ c.created }</td><td>{ c.updated }</td><td>{ c.failed }</td>
            </tr>
        }
    };
    html! {
        <div class="execution">
            <p>{ format!("{}: {:?}, master {}", e.id, e.status, e.master) }</p>
            <table class="legs" aria-label={format!("Legs of {}", e.id)}>
                <thead><tr>
                    <th scope="col">{ "Leg" }</th><th scope="col">{ "Read" }</th>
                    <th scope="col">{ "Created" }</th><th scope="col">{ "Updated" }</th>
                    <th scope="col">{ "Failed" }</th>
                </tr></thead>
                <tbody>
                    { leg("Finance and operations apps to Dataverse", &e.to_dataverse) }
                    { leg("Dataverse to finance and operations apps", &e.to_finops) }
                </tbody>
            </table>
            if !e.conflicts.is_empty() {
                <table class="conflicts" aria-label={format!("Conflicts of {}", e.id)}>
                    <caption>{ shown_of(e.conflicts.len(), "conflicts") }</caption>
                    <thead><tr>
                        <th scope="col">{ "Key" }</th><th scope="col">{ "Mapping" }</th>
                        <th scope="col">{ "Finance and operations" }</th><th scope="col">{ "Dataverse" }</th>
                        <th scope="col">{ "Kept" }</th><th scope="col">{ "Explain" }</th>
                    </tr></thead>
                    <tbody>{ for e.conflicts.iter().enumerate().take(LIST_SHOWN).map(|(index, c)| html! {
                        <tr>
                            <td>{ &c.key }</td><td><code>{ &c.column }</code></td>
                            <td>{ c.finops.to_string() }</td><td>{ c.dataverse.to_string() }</td>
                            <td>{ c.winner.to_string() }</td>
                            <td>{ why(state, Subject::Conflict { map: map.to_string(), execution: Some(e.id.clone()), index },
                                &format!("conflict on {}, {}", c.key, c.column)) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            }
            if !e.errors.is_empty() {
                <h4>{ shown_of(e.errors.len(), "errors") }</h4>
                <ul class="errors">
                    { for e.errors.iter().enumerate().take(LIST_SHOWN).map(|(index, r)| html! {
                        <li>
                            { format!("{} ({}, from {}): {} ", r.key, r.field, r.source, r.message) }
                            { why(state, Subject::FailedRow { map: map.to_string(), execution: Some(e.id.clone()), index },
                                &format!("failed row {}", r.key)) }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// A "Why?" button that opens the engine's explanation of `subject`; `what` completes
/// its accessible name (which starts with the visible text).
fn why(state: &UseReducerHandle<AppState>, subject: Subject, what: &str) -> Html {
    html! {
        <button type="button" class="why" aria-label={format!("Why? {what}")}
            onclick={on::<MouseEvent>(state, Action::Explain(subject))}>{ "Why?" }</button>
    }
}

/// The open explanation: title, reasons, what to do, and the Microsoft Learn page.
fn explanation(state: &UseReducerHandle<AppState>, sim: &Simulator, focus: &NodeRef) -> Html {
    let Some(subject) = &state.explaining else {
        return html! {};
    };
    let close = on::<MouseEvent>(state, Action::CloseExplanation);
    match sim.explain(subject) {
        Err(e) => html! {
            <aside class="explanation" aria-label="Explanation" ref={focus.clone()} tabindex="-1">
                <p>{ format!("Nothing to explain any more: {e}") }</p>
                <button type="button" onclick={close}>{ "Close" }</button>
            </aside>
        },
        Ok(x) => html! {
            <aside class="explanation" aria-labelledby="explanation-title" ref={focus.clone()} tabindex="-1">
                <h2 id="explanation-title">{ &x.title }</h2>
                <ul>{ for x.why.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
                if let Some(next) = &x.next {
                    <p class="next"><strong>{ "What to do: " }</strong>{ next }</p>
                }
                <p class="source">
                    { "Source: " }
                    <a href={x.url.clone()} target="_blank" rel="noopener">{ &x.source }</a>
                    if x.model_choice {
                        { " (where the documentation is silent, the simulator's model choice)" }
                    }
                </p>
                <button type="button" onclick={close}>{ "Close" }</button>
            </aside>
        },
    }
}

/// Queued records listed at most (the count says how many there are).
const QUEUE_SHOWN: usize = 50;

/// Conflicts, failed rows and log lines listed at most (the newest log lines; the counts
/// say how many there are).
const LIST_SHOWN: usize = 50;

/// "12 errors", or "12,000 errors (the first 50 listed)".
fn shown_of(n: usize, what: &str) -> String {
    if n > LIST_SHOWN {
        format!("{n} {what} (the first {LIST_SHOWN} listed)")
    } else {
        format!("{n} {what}")
    }
}

/// Queued records (while Paused or Resuming) and Catch-up errors with Retry.
fn queue_and_errors(state: &UseReducerHandle<AppState>, m: &TableMap) -> Html {
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

/// Why a cycle matters, in words: its rows may fail on the first pass.
fn cycle_hint(maps: &[String]) -> String {
    let who = match maps {
        [one] => format!("{one} looks up its own rows"),
        more => format!("{} look each other up", more.join(", ")),
    };
    format!("{who}: rows that point at rows created later in the same pass fail; rerun the execution to resolve them.")
}

/// Rows shown per table; the rest are counted.
/// "Pause": the selected maps, and the running maps related to them that can be paused
/// with them (unticked); keyboard: Tab through, Escape cancels.
fn pause_pane(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    pane: &PausePane,
    first: &NodeRef,
) -> Html {
    let body = html! {
        <>
            <p class="hint">{ "Changes are queued while a map is paused and played back when it resumes." }</p>
            <table class="run-rows">
                <caption>{ "The selection, then the running maps related to it" }</caption>
                <thead><tr>
                    <th scope="col">{ "Pause" }</th>
                    <th scope="col">{ "Table map" }</th>
                    <th scope="col">{ "Status" }</th>
                </tr></thead>
                <tbody>
                { for pane.rows.iter().enumerate().map(|(i, r)| {
                    let id = format!("pause-{}", r.map.replace(' ', "-"));
                    let status = status_text(sim, &r.map);
                    html! {
                        <tr data-map={r.map.clone()}>
                            <td><input type="checkbox" id={id.clone()} checked={r.include}
                                ref={if i == 0 { first.clone() } else { NodeRef::default() }}
                                onchange={on::<Event>(state, Action::PausePaneInclude(i))} /></td>
                            <td><label for={id}>{ &r.map }{ if r.related { " (related)" } else { "" } }</label></td>
                            <td>{ status }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            <div class="buttons">
                <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::ConfirmPause)}
                    disabled={pane.rows.iter().all(|r| !r.include)}>{ "Pause" }</button>
                <button type="button" onclick={on::<MouseEvent>(state, Action::ClosePausePane)}>{ "Cancel" }</button>
            </div>
        </>
    };
    dialog(
        state,
        "pause-pane",
        "Pause table map(s)",
        Action::ClosePausePane,
        body,
    )
}

/// Where focus goes in the details: the first field of each inline form, and the
/// buttons that open them (focus returns there).
#[derive(Clone, Copy)]
struct DetailFocus<'a> {
    mapping_first: &'a NodeRef,
    mapping_button: &'a NodeRef,
    alert_first: &'a NodeRef,
    alert_button: &'a NodeRef,
    filter_first: &'a NodeRef,
    filter_buttons: &'a [NodeRef; 2],
}

/// A callback for an inline form's keys: Escape dispatches `cancel`.
fn escape_to(state: &UseReducerHandle<AppState>, cancel: Action) -> Callback<KeyboardEvent> {
    let state = state.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            state.dispatch(cancel.clone());
        }
    })
}

/// A select whose options are `(value, label)`, the one equal to `current` selected,
/// dispatching `to_action(value)` on change.
fn select(
    state: &UseReducerHandle<AppState>,
    label: String,
    options: Vec<(String, String)>,
    current: &str,
    node: NodeRef,
    to_action: impl Fn(String) -> Option<Action> + 'static,
) -> Html {
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value());
            if let Some(action) = value.and_then(&to_action) {
                state.dispatch(action);
            }
        })
    };
    html! {
        <select aria-label={label} ref={node} {onchange}>
            { for options.into_iter().map(|(value, text)| {
                let selected = value == current;
                html! { <option {selected} {value}>{ text }</option> }
            }) }
        </select>
    }
}

/// The directions as select options: the value is the place in [`Direction::ALL`].
fn direction_options() -> Vec<(String, String)> {
    Direction::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                i.to_string(),
                format!("{} ({})", d.symbol(false), d.describe()),
            )
        })
        .collect()
}

fn direction_value(d: Direction) -> String {
    Direction::ALL
        .iter()
        .position(|x| *x == d)
        .unwrap_or(0)
        .to_string()
}

fn direction_at(value: &str) -> Option<Direction> {
    value
        .parse::<usize>()
        .ok()
        .and_then(|i| Direction::ALL.get(i).copied())
}

/// "Table mappings": F&O column | map type | Dataverse field, and while the map is Not
/// running, a direction and Delete per row and "Add mapping" (the engine checks them).
fn mappings(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    m: &TableMap,
    focus: DetailFocus,
) -> Html {
    let editable = sim.can_edit(&m.name);
    let draft = state.mapping_draft.as_ref().filter(|d| d.map == m.name);
    let directions = direction_options();
    html! {
        <div class="mappings">
            <h3>{ "Table mappings" }</h3>
            <table aria-label={format!("Table mappings of {}", m.name)}>
                <thead><tr>
                    <th scope="col">{ "Finance and operations apps" }</th>
                    <th scope="col">{ "Map type" }</th>
                    <th scope="col">{ "Dataverse" }</th>
                    if editable { <th scope="col">{ "Actions" }</th> }
                </tr></thead>
                <tbody>
                    { for m.mappings.iter().enumerate().map(|(i, c)| {
                        let symbol = c.direction.symbol(c.transform.is_some());
                        let current = direction_value(c.direction);
                        let map = m.name.clone();
                        html! {
                            <tr>
                                <td>{ &c.finops }</td>
                                <td>
                                    <span aria-hidden="true">{ symbol }</span>
                                    <span class="sr-only">{ format!("{}{}", c.direction.describe(), if c.transform.is_some() { ", with a transform" } else { "" }) }</span>
                                </td>
                                <td>{ &c.dataverse }</td>
                                if editable {
                                    <td class="row-actions">
                                        { select(state, format!("Direction of {}", c.label()), directions.clone(), &current, NodeRef::default(),
                                            move |v| direction_at(&v).map(|d| Action::SetDirection(map.clone(), i, d))) }
                                        <button type="button" aria-label={format!("Delete mapping {}", c.label())}
                                            onclick={on::<MouseEvent>(state, Action::DeleteMapping(m.name.clone(), i))}>{ "Delete" }</button>
                                    </td>
                                }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if editable {
                <button type="button" ref={focus.mapping_button.clone()} disabled={draft.is_some()}
                    onclick={on::<MouseEvent>(state, Action::NewMapping(m.name.clone()))}>{ "Add mapping" }</button>
            } else {
                <p class="hint">{ "Stop the map to edit its mappings." }</p>
            }
            { draft.map(|d| mapping_form(state, sim, m, d, focus.mapping_first)).unwrap_or_default() }
        </div>
    }
}

fn mapping_form(
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
            { select(state, "Finance and operations column".into(), fields(Side::FinOps), &d.finops, first.clone(),
                |v| Some(Action::EditMapping(MappingField::FinOps(v)))) }
            { select(state, "Map type".into(), directions, &current, NodeRef::default(),
                |v| direction_at(&v).map(|x| Action::EditMapping(MappingField::Direction(x)))) }
            { select(state, "Dataverse field".into(), fields(Side::Dataverse), &d.dataverse, NodeRef::default(),
                |v| Some(Action::EditMapping(MappingField::Dataverse(v)))) }
            <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::SaveMapping)}>{ "Add" }</button>
            <button type="button" onclick={on::<MouseEvent>(state, Action::CancelMapping)}>{ "Cancel" }</button>
        </div>
    }
}

/// "Filters": each side's filter, and a form to edit one while the map is Not running
/// (the engine parses it and says what is wrong).
fn filters(
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
                                    class={format!("edit-filter-{side:?}").to_lowercase()}
                                    disabled={!editable || form.is_some()}
                                    aria-label={format!("Edit filter: {side}, {}", m.name)}
                                    onclick={on::<MouseEvent>(state, Action::EditFilter(m.name.clone(), side))}>{ "Edit filter" }</button>
                            </dd>
                        </>
                    }
                }) }
            </dl>
            if !editable {
                <p class="hint">{ "Stop the map to edit its filters." }</p>
            }
            { form.map(|f| filter_form(state, f, focus.filter_first)).unwrap_or_default() }
        </div>
    }
}

fn filter_form(state: &UseReducerHandle<AppState>, f: &FilterEditor, first: &NodeRef) -> Html {
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                state.dispatch(Action::FilterText(input.value()));
            }
        })
    };
    html! {
        <div class="filter-form" role="group" aria-label={format!("Edit the {} filter", f.side)}
            onkeydown={escape_to(state, Action::CancelFilter)}>
            <label>{ format!("{} filter ", f.side) }
                <input type="text" ref={first.clone()} value={f.text.clone()} {oninput}
                    placeholder={"CURRENCYCODE != \"JPY\" and (A == 1 or B == 2)"} />
            </label>
            <button type="button" class="primary" onclick={on::<MouseEvent>(state, Action::SaveFilter)}>{ "Save" }</button>
            <button type="button" onclick={on::<MouseEvent>(state, Action::CancelFilter)}>{ "Cancel" }</button>
        </div>
    }
}

/// "Alert settings": the map's alerts, each removable, and the "Create alert settings"
/// form (Escape cancels).
fn alert_settings(state: &UseReducerHandle<AppState>, m: &TableMap, focus: DetailFocus) -> Html {
    let form = state.alert_editor.as_ref().filter(|f| f.map == m.name);
    html! {
        <div class="alerts">
            <h3>{ "Alert settings" }</h3>
            if m.alerts.is_empty() {
                <p>{ "No alert settings." }</p>
            } else {
                <table aria-label={format!("Alert settings of {}", m.name)}>
                    <thead><tr>
                        <th scope="col">{ "Error type" }</th>
                        <th scope="col">{ "Error count" }</th>
                        <th scope="col">{ "Time window" }</th>
                        <th scope="col">{ "Action" }</th>
                        <th scope="col">{ "Remove" }</th>
                    </tr></thead>
                    <tbody>
                        { for m.alerts.iter().enumerate().map(|(i, a)| html! {
                            <tr>
                                <td>{ a.error_type.to_string() }</td>
                                <td>{ a.count }</td>
                                <td>{ format!("{} min", a.window_minutes) }</td>
                                <td>{ a.action.to_string() }</td>
                                <td><button type="button"
                                    aria-label={format!("Remove alert {}: {} {} in {} min", i + 1, a.count, a.error_type, a.window_minutes)}
                                    onclick={on::<MouseEvent>(state, Action::RemoveAlert(m.name.clone(), i))}>{ "Remove" }</button></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            <p class="hint">{ "Alert settings take effect at the next run of the map." }</p>
            <button type="button" ref={focus.alert_button.clone()} disabled={form.is_some()}
                onclick={on::<MouseEvent>(state, Action::NewAlert(m.name.clone()))}>{ "Create alert settings" }</button>
            { form.map(|f| alert_form(state, f, focus.alert_first)).unwrap_or_default() }
        </div>
    }
}

fn alert_form(state: &UseReducerHandle<AppState>, f: &AlertEditor, first: &NodeRef) -> Html {
    let edit = |read: fn(String) -> Option<AlertField>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .or_else(|| {
                    e.target_dyn_into::<web_sys::HtmlInputElement>()
                        .map(|i| i.value())
                });
            if let Some(field) = value.and_then(read) {
                state.dispatch(Action::EditAlert(field));
            }
        })
    };
    html! {
        <div class="alert-form" role="group" aria-labelledby="alert-form-title"
            onkeydown={escape_to(state, Action::CancelAlert)}>
            <h4 id="alert-form-title">{ format!("New alert for {}", f.map) }</h4>
            <label>{ "Error type " }
                <select ref={first.clone()} onchange={edit(|v| v.parse::<usize>().ok()
                    .and_then(|i| ErrorType::ALL.get(i).copied()).map(AlertField::ErrorType))}>
                    { for ErrorType::ALL.iter().enumerate().map(|(i, t)| html! {
                        <option value={i.to_string()} selected={*t == f.error_type}>{ t.to_string() }</option>
                    }) }
                </select>
            </label>
            <label>{ "Error count " }
                <input type="number" min="1" value={f.count.clone()}
                    onchange={edit(|v| Some(AlertField::Count(v)))} />
            </label>
            <label>{ "Time window (minutes) " }
                <input type="number" min="1" value={f.window.clone()}
                    onchange={edit(|v| Some(AlertField::Window(v)))} />
            </label>
            <label>{ "Action " }
                <select onchange={edit(|v| v.parse::<usize>().ok()
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

fn map_details(
    state: &UseReducerHandle<AppState>,
    sim: &Simulator,
    m: &TableMap,
    focus: DetailFocus,
) -> Html {
    html! {
        <section class="details" aria-label={format!("Details of {}", m.name)}>
            <h2>{ m.title() }</h2>
            { mappings(state, sim, m, focus) }
            { filters(state, sim, m, focus) }
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

/// Ctrl+Z undoes and Ctrl+Shift+Z (or Ctrl+Y) redoes, anywhere in the app but in a text
/// field, where the keys edit the text.
fn history_keys(state: &UseReducerHandle<AppState>) -> Callback<KeyboardEvent> {
    let state = state.clone();
    Callback::from(move |e: KeyboardEvent| {
        if !(e.ctrl_key() || e.meta_key()) {
            return;
        }
        let typing = e
            .target_dyn_into::<web_sys::Element>()
            .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing {
            return;
        }
        let action = match e.key().to_lowercase().as_str() {
            "z" if e.shift_key() => Action::Redo,
            "z" => Action::Undo,
            "y" => Action::Redo,
            _ => return,
        };
        e.prevent_default();
        state.dispatch(action);
    })
}

/// Steps of the history shown at most; older ones are summed up.
const TIMELINE_LENGTH: usize = 100;

/// The command log in words: choosing a step rewinds (or goes forward) to the state after
/// it; steps past the current one are marked undone (in words, not only in colour).
fn timeline(state: &UseReducerHandle<AppState>) -> Html {
    let session = state.session.borrow();
    let (cursor, commands) = (session.cursor(), session.commands());
    let first = commands.len().saturating_sub(TIMELINE_LENGTH);
    let step = |n: usize, text: String| {
        let current = n == cursor;
        let undone = n > cursor;
        let label = format!("Go to step {n}: {text}");
        html! {
            <li aria-current={current.then_some("step")} class={classes!(undone.then_some("undone"))}>
                <button type="button" aria-label={label} onclick={on::<MouseEvent>(state, Action::Goto(n))}>
                    { format!("{n}. {text}") }
                    { if undone { " (undone)" } else if current { " (current)" } else { "" } }
                </button>
            </li>
        }
    };
    html! {
        <details class="timeline">
            <summary>{ format!("History ({} of {} steps)", cursor, commands.len()) }</summary>
            <ol>
                { step(0, "Start".to_string()) }
                if first > 0 {
                    <li>{ format!("… {first} earlier steps") }</li>
                }
                { for commands.iter().enumerate().skip(first).map(|(i, c)| step(i + 1, crate::state::describe(c))) }
            </ol>
        </details>
    }
}
