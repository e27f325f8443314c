//! The Dual-write page: an action pane over the grid of table maps, and the details of
//! the selected map. Components only dispatch actions and render state.

use crate::details::{map_details, DetailFocus};
use crate::explanation::explanation;
use crate::panes::{pause_pane, run_pane};
use crate::scenario_io::scenario_io;
use crate::timeline::{history_keys, timeline};
use dualwrite_engine::{Action as MapAction, Command, Fault, Side, StatusKind};
use yew::prelude::*;

use crate::state::{status_label, Action, AppState, Notice};

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

use crate::widgets::*;
