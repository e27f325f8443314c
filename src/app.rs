//! The Dual-write page: an action pane over the grid of table maps, and the details of
//! the selected map. Components only dispatch actions and render state.

use crate::actions::Act;
use crate::details::{map_details, DetailFocus};
use crate::explanation::explanation;
use crate::panes::{pause_pane, run_pane};
use crate::scenario_io::scenario_io;
use crate::widgets::*;
use yew::prelude::*;

use crate::state::{Action, AppState, Kept, Notice, Offer};

/// The whole application.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::restored);
    crate::widgets::use_focus_tracker();
    crate::widgets::use_selects_at_their_values();
    let app_ref = use_node_ref();
    crate::saving::use_autosave(&state, &app_ref);
    // The single-key shortcuts' switch is the person's: kept for the next visit.
    use_effect_with(state.letter_keys, |on| {
        crate::autosave::save_letter_keys(*on)
    });
    // Where the screen is (the ticked maps, the details' tab) is kept for a reload too.
    use_effect_with((state.selected.clone(), state.tab), |(selected, tab)| {
        let place = crate::state::DetailTab::ALL
            .iter()
            .position(|t| t == tab)
            .unwrap_or(0);
        let names: Vec<&str> = selected.iter().map(String::as_str).collect();
        crate::autosave::save_view(place, &names);
    });
    // The session a lesson, link, load or reset replaced is kept across reloads too.
    use_effect_with(
        state
            .before
            .as_ref()
            .map(|b| std::rc::Rc::as_ptr(b) as usize),
        {
            let handle = state.clone();
            move |kept| {
                // A copy read from storage at start is there already; none kept, none
                // stored (Bring back onto a session that was only its start).
                match (kept, handle.before.as_deref()) {
                    (Some(_), Some(Kept::State(before))) => {
                        let stored = crate::autosave::save_before(
                            &before.session.borrow(),
                            before.origin.as_deref(),
                        );
                        if !stored {
                            handle.dispatch(Action::BeforeNotStored);
                        }
                    }
                    (None, _) => crate::autosave::forget_kept(),
                    _ => {}
                }
            }
        },
    );
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
    // A lesson's button that goes away with what it did (a lesson's title in the list,
    // All lessons, Stop showing) leaves the focus on the page's body: it goes to what
    // comes in its place, the lesson's heading, the lesson list's title or Show me. (A
    // lesson closed otherwise, by a reset or a load, leaves the list folded, and the
    // focus where it was.)
    {
        // (The lesson open, by id, and whether Show me is playing.)
        let showing = state
            .lesson
            .as_ref()
            .map(|run| (run.lesson.id.clone(), run.show_me.is_some()));
        let listed = state.lesson_list_open;
        let before = use_mut_ref(|| showing.clone());
        use_effect_with((showing, listed), move |(showing, listed)| {
            let was = before.replace(showing.clone());
            let target = match (was, showing) {
                (None, Some(_)) => "#lesson-heading",
                // Another lesson (Next lesson): its button went with the lesson.
                (Some((a, _)), Some((b, _))) if a != *b => "#lesson-heading",
                (Some(_), None) if *listed => "details.lessons > summary",
                (Some((_, true)), Some((_, false))) => ".lesson-actions button.show-me-start",
                _ => return,
            };
            if let (None, Some(el)) = (crate::widgets::focused(), crate::widgets::element(target)) {
                let _ = el.focus();
            }
        });
    }
    // A go-to key (M, H, G) moves the focus once the page shows the place it asked for.
    use_effect_with(state.go_to, |go_to| {
        if let Some((place, _)) = go_to {
            crate::widgets::go_to(*place);
        }
    });
    // Long work said on screen is done once the page has shown it (the next frame).
    {
        let pending = state.working.as_ref().map(|w| w.said);
        let state = state.clone();
        use_effect_with(pending, move |pending| {
            if pending.is_some() {
                crate::widgets::after_next_paint(move || state.dispatch(Action::RunWork));
            }
        });
    }
    // A share link just made goes to the clipboard too (when the browser allows it), and
    // the notice says whether it did.
    {
        let handle = state.clone();
        let shown = state
            .share_link()
            .map(|(link, made)| (link.to_string(), made));
        use_effect_with(shown, move |link| {
            if let Some((link, made)) = link.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let copied = crate::share::copy(link).await;
                    handle.dispatch(Action::LinkCopied { made, copied });
                });
            }
        });
    }
    // An explanation that opens takes the focus (and so comes into view), wherever the
    // "Why?" that opened it was.
    let explanation_ref = use_node_ref();
    // Closed, it gives the focus back to the "Why?" that opened it, if still there.
    {
        let target = explanation_ref.clone();
        let opener = use_mut_ref(|| None::<web_sys::HtmlElement>);
        use_effect_with(state.explaining.clone(), move |explaining| {
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
            if explaining.is_some() {
                if let Some(active) = active.filter(|a| {
                    a.tag_name() != "BODY" && a.closest(".explanation").ok().flatten().is_none()
                }) {
                    *opener.borrow_mut() = Some(active);
                }
                if let Some(el) = target.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                    // A sheet along the window's bottom (the one-column layout) may lie
                    // over what it explains: that goes to the window's top, above it.
                    let fixed = web_sys::window()
                        .and_then(|w| w.get_computed_style(&el).ok().flatten())
                        .and_then(|style| style.get_property_value("position").ok())
                        .is_some_and(|position| position == "fixed");
                    if let Some(asked) = opener.borrow().as_ref().filter(|_| fixed) {
                        asked.scroll_into_view_with_bool(true);
                    }
                }
            } else if let Some(back) = opener.borrow_mut().take() {
                let lost = active.is_none_or(|a| a.tag_name() == "BODY");
                if lost && back.is_connected() {
                    let _ = back.focus();
                }
            }
        });
    }
    // While an explanation is open, the focus going to what it lies over (the side
    // column's) closes it, looked at once the browser has scrolled the focus into view;
    // the focus going on into the work area beside it, into a dialog over it, or out of
    // the window, leaves it open.
    {
        let (panel, handle) = (explanation_ref.clone(), state.clone());
        use_effect_with(state.explaining.is_some(), move |open| {
            let document = web_sys::window()
                .and_then(|w| w.document())
                .filter(|_| *open);
            let listener = document.map(|document| {
                gloo_events::EventListener::new(&document, "focusin", move |_| {
                    let (panel, handle) = (panel.clone(), handle.clone());
                    crate::widgets::after_next_paint(move || {
                        let covered = panel
                            .cast::<web_sys::Element>()
                            .is_some_and(|p| crate::explanation::covers_focus(&p));
                        if covered {
                            handle.dispatch(Action::ExplanationCovered);
                        }
                    });
                })
            });
            move || drop(listener)
        });
    }
    // A row selected in a grid (not opened in the editor by "Show row", which keeps the
    // row itself in view) brings its comparison with its pair into view, below the grids,
    // as far as the map's heading stays whole: the work area scrolls no further than the
    // room above that heading (a title cut in half orients no one).
    {
        let editing = state.editor.is_some();
        use_effect_with(state.selected_row.clone(), move |row| {
            if row.is_some() && !editing {
                let find = |selector: &str| {
                    web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.query_selector(selector).ok().flatten())
                };
                // Its heading only: the selected row stays in view above it.
                let (Some(heading), Some(work), Some(head)) = (
                    find(".pair-compare h3"),
                    find("main.work"),
                    find(".details-head"),
                ) else {
                    return;
                };
                let below = heading.get_bounding_client_rect().bottom()
                    - work.get_bounding_client_rect().bottom();
                let room =
                    head.get_bounding_client_rect().top() - work.get_bounding_client_rect().top();
                if below > 0.0 && room > 0.0 {
                    work.set_scroll_top(work.scroll_top() + below.min(room).floor() as i32);
                }
            }
        });
    }
    // A wrong turn the open lesson notices, or the lesson solved or shown, is brought into
    // view in the side column (its panel may be scrolled away above the map list), as
    // far as it takes: the words are where the trainee is told to look. An explanation
    // open over the side column closes for them.
    {
        let said = (
            state.lesson_pitfall(),
            state.progress.solved.len() + state.progress.shown.len(),
        );
        let lesson_open = state.lesson.is_some();
        let (handle, explaining) = (state.clone(), state.explaining.is_some());
        let first = use_mut_ref(|| true);
        use_effect_with(said, move |(pitfall, _)| {
            // Not at the first render (a reload keeps where the page was).
            if std::mem::take(&mut *first.borrow_mut()) || !lesson_open {
                return;
            }
            let selector = if pitfall.is_some() {
                ".lesson-panel .pitfall"
            } else {
                ".lesson-panel .solved"
            };
            if explaining {
                handle.dispatch(Action::ExplanationCovered);
            }
            crate::widgets::after_next_paint(move || {
                if let Some(el) = crate::widgets::element(selector) {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            });
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
    let opener = |open: bool, button: &NodeRef| open.then(|| Opener::from(button.clone()));
    let mapping_first =
        use_focus_while_open(opener(state.mapping_draft.is_some(), &mapping_button));
    let pane_first = use_focus_while_open(opener(state.run_pane.is_some(), &run_button));
    // The Run pane's question about related maps takes the focus on its Yes; No gives it
    // to the first related map left unticked.
    use_effect_with(
        state.run_pane.as_ref().is_some_and(|p| p.asking_no_related),
        |asking| {
            let target = if *asking {
                ".run-pane .no-related button.primary"
            } else {
                ".run-pane tr[data-related] input[type=checkbox]:not(:checked):not(:disabled)"
            };
            if let Some(el) = crate::widgets::element(target) {
                let _ = el.focus();
            }
        },
    );
    let pause_first = use_focus_while_open(opener(state.pause_pane.is_some(), &pause_button));
    let alert_first = use_focus_while_open(opener(state.alert_editor.is_some(), &alert_button));
    let filter_first = use_focus_while_open(
        state
            .filter_editor
            .as_ref()
            .map(|f| Opener::from(filter_buttons[f.side.index()].clone())),
    );
    let skip_button = use_node_ref();
    let skip_first = use_focus_while_open(opener(state.skip_pane.is_some(), &skip_button));
    // The mapping pane gives the focus back to the map type that opened it (one button
    // per mapping, found by its id).
    let transform_first = use_focus_while_open(
        state
            .transform
            .as_ref()
            .map(|p| Opener::Found(format!("#map-type-{}", p.at))),
    );
    // A save the mapping pane refused takes the focus to the field it is about (marked
    // invalid and described by the refusal), as a refused row does in the grid; so does
    // the lesson builder's Make or Add the wrong turn (a group's first box).
    crate::widgets::use_focus_on_refusal(
        state.transform.as_ref().map(|p| p.refusals),
        ".transform-pane",
    );
    crate::widgets::use_focus_on_refusal(state.builder.as_ref().map(|b| b.refusals), ".builder");
    let help_button = use_node_ref();
    let help_first = use_focus_while_open(opener(state.help, &help_button));
    // The lesson builder opens in the page: its Title takes the focus.
    let builder_first = use_focus_while_open(
        state
            .builder
            .is_some()
            .then(|| Opener::Found("p.builder-open button".into())),
    );
    // A wrong turn being recorded: its first field; done or cancelled, back to Record.
    let turn_first = use_focus_while_open(
        state
            .builder
            .as_ref()
            .and_then(|b| b.turn.as_ref())
            .map(|_| Opener::Found("#builder-record-turn".into())),
    );
    crate::actions::use_shortcuts(&state, app_ref.clone());
    // An open History list follows the current step as steps are taken, undone or gone
    // to: the list scrolls (not the page) to keep it in view. Not while the clock plays
    // (a step each beat would snap the list back as the user scrolls it); once paused.
    {
        let root = app_ref.clone();
        use_effect_with(
            (state.revision, state.clock.playing),
            move |(_, playing)| {
                if *playing {
                    return;
                }
                if let Some(root) = root.cast::<web_sys::Element>() {
                    crate::timeline::follow(&root);
                }
            },
        );
    }
    // A share link pasted into the address bar of the open page changes only its
    // fragment, which does not reload the page: it is opened here.
    {
        let (handle, root) = (state.clone(), app_ref.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, "hashchange", move |_| {
                    // Only an app still on the page takes it (tests mount several).
                    let on_page = root.get().is_some_and(|n| n.is_connected());
                    if !on_page {
                        return;
                    }
                    if let Some(code) = crate::share::from_location() {
                        handle.dispatch(Action::OpenLink(code));
                    }
                })
            });
            move || drop(listener)
        });
    }
    let offer = state.offer.as_ref().map(|offer| {
        let (label, action) = match offer {
            Offer::BringBack => ("Bring back the previous session", Action::BringBack),
            Offer::ResetToDemo => ("Reset to demo", Action::ResetToDemo),
            // (Beside the notice, out of its live region: see `link_box`.)
            Offer::Link { .. } => return html! {},
        };
        html! { <>{ " " }<button type="button" class="offer" onclick={dispatch(action)}>{ label }</button></> }
    });
    // The words in a span keyed by the notice's count: said again, the same words are a
    // new node, which the live region reads out again.
    let said = state.notice_said.to_string();
    let notice = match &state.notice {
        Some(Notice::Info(m)) => html! {
            <p class="notice info" role="status" tabindex="-1"><span key={said}>{ m }</span>{ offer }</p>
        },
        Some(Notice::Error(m)) => html! {
            <p class="notice error" role="alert" tabindex="-1">
                <span key={said}><strong>{ "Error: " }</strong>{ m }</span>
                if let Some(subject) = &state.refused {
                    { " " }{ why(&state, subject.clone(), "this action is refused") }
                }
            </p>
        },
        Some(Notice::Attention(m)) => html! {
            <p class="notice attention" role="alert" tabindex="-1">
                <span key={said}><strong>{ "Needs attention: " }</strong>{ m }</span>{ offer }
            </p>
        },
        Some(Notice::Hint(m)) => html! {
            <p class="notice attention" role="status" tabindex="-1"><span key={said}>{ m }</span>{ offer }</p>
        },
        None => html! { <p class="notice" role="status" tabindex="-1"></p> },
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
    let act = |a: Act| crate::actions::button(&state, a, NodeRef::default());
    // What this render draws, for the screens to compare with what they drew.
    let shown = std::rc::Rc::new((*state).clone());
    let hidden_columns = use_memo((), |_| crate::grid::HiddenColumns::default());
    crate::widgets::use_focus_kept();
    // The lasting lines under the notice (autosave off, copies kept to download): the
    // stylesheet takes their room from the details' panel. (A class, not a `:has()`
    // rule: that one made every render's style work slower by a third.)
    let lasting_lines =
        match usize::from(state.autosave_held_because().is_some() || state.autosave_off.is_some())
            + usize::from(state.saved_elsewhere)
            + state.broken.len()
        {
            0 => None,
            1 => Some("lasting-1"),
            _ => Some("lasting-2"),
        };
    html! {
        <ContextProvider<crate::grid::HiddenColumns> context={(*hidden_columns).clone()}>
        <div class={classes!("workbench", lasting_lines)} ref={app_ref}>
            // While a dialog is open the page behind it is inert: no focus, no clicks, so
            // Tab stays in the dialog.
            <header class="topbar" inert={state.dialog_open()}>
                // The first stop of the page, shown when it has the focus: past the side
                // column's lessons, maps and panels to the selected map's details.
                <button type="button" class="skip-link" onclick={Callback::from(|_: MouseEvent| {
                    if let Some(heading) = crate::widgets::element("#details-title") {
                        let _ = heading.focus();
                    }
                })}>{ "Skip to the selected table map" }</button>
                <h1>{ "Dual-write table maps" }</h1>
                <p class="subtitle">
                    <span class="sr-only">{ "Simulated finance and operations apps and Dataverse. " }</span>
                    { "Clock: " }<span class="clock">{ crate::clock::duration(sim.clock) }</span>
                </p>
                <div class="toolbar" role="group" aria-label="Clock and history">
                    { act(Act::PlayClock) }
                    { crate::clock::controls(&state) }
                    { act(Act::Tick) }
                    { act(Act::RunUntilIdle) }
                    <span class="separator" aria-hidden="true"></span>
                    // A group of their own: when one greys out, the focus goes to the
                    // other (which steps back), not to Tick or Run until idle.
                    <span class="history-buttons" role="group" aria-label="Undo and redo">
                        { act(Act::Undo) }
                        { act(Act::Redo) }
                    </span>
                </div>
                // Present from the start, so that a screen reader hears what starts.
                <p class="working" role="status">
                    if let Some(work) = &state.working {
                        <span aria-hidden="true">{ "⏳ " }</span>{ format!("{}…", work.words) }
                    }
                </p>
                <p class="share">
                    // (The link made is shown in the notice line, with what the clipboard did.)
                    <button type="button" id="copy-link" onclick={dispatch(Action::MakeLink)}>{ "Copy link" }</button>
                    { " " }
                    { crate::actions::button(&state, Act::Help, help_button.clone()) }
                </p>
            </header>
            // The notices, a landmark of their own (nothing of the page is outside one).
            <section class="notices" aria-label="Notices">
            <div class="notice-line">{ notice }{ link_box(&state) }</div>
            // Autosave off is said for as long as it lasts, and announced once, when the
            // line appears; it is tried again (see above) and the line goes once it works.
            if let Some(reason) = state.autosave_held_because().or(state.autosave_off.as_deref()) {
                <p class="notice error autosave-off" role="alert">
                    <strong>{ "Autosave is off: " }</strong>{ reason }
                    { if state.autosave_held() {
                        ". Until then a reload would not bring this session back: Export (under Save or load a scenario) keeps it. The app keeps working."
                    } else {
                        ". It is tried again at your next step after 30 seconds. Until then a reload would open the last session saved in this browser (or the demo, if none was), not this one: Export (under Save or load a scenario) keeps it. The app keeps working."
                    } }
                </p>
            }
            if state.saved_elsewhere {
                <p class="notice error autosave-off" role="alert">
                    <strong>{ "Autosave is off in this tab: " }</strong>
                    { "another tab of the simulator saved its session in this browser, and a save here would write over it. A reload opens that tab's session, not this one; Export (under Save or load a scenario) keeps this one. " }
                    // (Not while a copy that no longer loads holds autosave: said above.)
                    if !state.autosave_held() {
                        <button type="button" onclick={{
                            let state = state.clone();
                            Callback::from(move |_: MouseEvent| {
                                // The line goes with the button: the focus goes where
                                // sessions are saved and loaded.
                                if let Some(files) = crate::widgets::element("details.scenario-io > summary") {
                                    let _ = files.focus();
                                }
                                state.dispatch(Action::SaveThisTab);
                            })
                        }}>{ "Save this tab's session instead" }</button>
                    }
                </p>
            }
            { for state.broken.iter().map(|(copy, text)| html! {
                <crate::broken::BrokenCopy copy={*copy} text={text.clone()}
                    on_done={{
                        let state = state.clone();
                        Callback::from(move |copy| state.dispatch(Action::ForgetBroken(copy)))
                    }} />
            }) }
            </section>
            <div class={classes!("columns", state.side_folded.then_some("side-folded"), state.explaining.is_some().then_some("explaining"))} inert={state.dialog_open()}>
                <aside id="side-column" class="maps-pane" aria-label="Table maps and what happened"
                    hidden={state.side_folded}>
                    { crate::lessons::section(&state) }
                    <section class="map-list" aria-labelledby="maps-title">
                        <h2 id="maps-title">{ "Table maps" }</h2>
                        // Commands, not navigation: a group of buttons (like the top bar's).
                        <div class="action-pane toolbar" role="group" aria-label="Table map actions">
                            { crate::actions::button(&state, Act::Run, run_button.clone()) }
                            { act(Act::Stop) }
                            { crate::actions::button(&state, Act::Pause, pause_button.clone()) }
                            { act(Act::Resume) }
                            { crate::actions::button(&state, Act::SkipToLiveSync, skip_button.clone()) }
                            { act(Act::SkipInitialSync) }
                            { act(Act::RerunExecution) }
                        </div>
                        // Greyed-out buttons say nothing by themselves: why, on request.
                        { unavailable(&state) }
                        { screen(&state, &shown, crate::map_list::view, crate::map_list::unchanged) }
                    </section>
                    { screen(&state, &shown, crate::feed::view, crate::feed::unchanged) }
                    { screen(&state, &shown, crate::timeline::view, crate::timeline::unchanged) }
                    { screen(&state, &shown, crate::faults::view, crate::faults::unchanged) }
                    { scenario_io(&state, &import_text, export_url.as_ref().as_ref().map(|u| &**u)) }
                    { crate::builder::section(&state, (*lesson_url).as_ref().map(|u| u.to_string()), &builder_first, &turn_first) }
                </aside>
                // In the side column's place, not above the details: the page does not
                // move, and what it explains stays in view. (Before the work area: Tab goes
                // on from it into the details.)
                { explanation(&state, sim, &explanation_ref) }
                <main class="work" aria-label="The selected table map and the dependency graph"
                    aria-busy={state.working.is_some().then_some("true")}>
                    { detail.unwrap_or_else(|| html! {
                        <section class="details empty">
                            <h2 id="details-title" tabindex="-1">{ "No table map selected" }</h2>
                            <p class="hint">{ "Tick a table map in the list (or choose one in the graph) to see its mappings, its initial sync, its queue and the rows of its two tables side by side." }</p>
                        </section>
                    }) }
                    // Below the details, at the width of the work area, where its names
                    // can be read (in the side column it was drawn at a third of its size).
                    { screen(&state, &shown, crate::graph::view, crate::graph::unchanged) }
                </main>
            </div>
            { state.run_pane.as_ref().map(|p| run_pane(&state, sim, p, &pane_first)).unwrap_or_default() }
            { state.pause_pane.as_ref().map(|p| pause_pane(&state, sim, p, &pause_first)).unwrap_or_default() }
            { state.skip_pane.map(|p| crate::panes::skip_pane(&state, p, &skip_first)).unwrap_or_default() }
            { crate::transform::view(&state, sim, &transform_first) }
            { crate::actions::help(&state, &help_first) }
        </div>
        </ContextProvider<crate::grid::HiddenColumns>>
    }
}

/// "Why are some actions unavailable?": the engine's reason for each map action greyed
/// out for the ticked maps (a mixed selection greys out most of them at once).
/// Always there, so that ticking a map does not push the list down by its line.
fn unavailable(state: &UseReducerHandle<AppState>) -> Html {
    let reasons = crate::actions::unavailable(state);
    html! {
        <details class="unavailable">
            <summary>{ "Why are some actions unavailable?" }</summary>
            if state.selected.is_empty() {
                <p>{ "The actions act on the ticked table maps: tick one or more in the list below." }</p>
            } else if reasons.is_empty() {
                <p>{ "Every action is available for the ticked table maps." }</p>
            } else {
                <ul>{ for reasons.into_iter().map(|r| html! { <li>{ r }</li> }) }</ul>
            }
        </details>
    }
}

/// The link made, beside the words that say it (outside their live region: a screen
/// reader is not read the link), to copy by hand; Hide or Escape puts it away, the focus
/// back on Copy link.
fn link_box(state: &UseReducerHandle<AppState>) -> Html {
    let Some((link, _)) = state.share_link() else {
        return html! {};
    };
    html! {
        <span class="share-link-box" onkeydown={hide_link_on_escape(state)}>
            // (Focused, it is selected whole: ready to copy by hand.)
            <input id="share-link" type="text" readonly=true value={link.to_string()} aria-label="Link to this session"
                onfocus={Callback::from(|e: FocusEvent| select_field(e.target()))}
                onclick={Callback::from(|e: MouseEvent| select_field(e.target()))} />
            <button type="button" aria-label="Hide the link" onclick={hide_link(state)}>{ "Hide" }</button>
        </span>
    }
}

/// Selects the whole of a text field (the event's target).
fn select_field(target: Option<web_sys::EventTarget>) {
    if let Some(field) =
        target.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
    {
        field.select();
    }
}

/// Puts the share link away, the focus back on Copy link.
fn hide(state: &UseReducerHandle<AppState>) {
    state.dispatch(Action::HideLink);
    if let Some(button) = crate::widgets::element("#copy-link") {
        let _ = button.focus();
    }
}

/// Hide, beside the link.
fn hide_link(state: &UseReducerHandle<AppState>) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_: MouseEvent| hide(&state))
}

/// Escape in the link's box puts it away.
fn hide_link_on_escape(state: &UseReducerHandle<AppState>) -> Callback<KeyboardEvent> {
    let state = state.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            e.stop_propagation();
            hide(&state);
        }
    })
}
