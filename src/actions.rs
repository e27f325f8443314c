//! One table of the workbench's actions. It draws the action bars' buttons, maps the
//! keyboard shortcuts and writes the `?` help, so that the three never disagree.

use dualwrite_engine::{Action as MapAction, Command};
use yew::prelude::*;

use crate::widgets::column_heads;

use crate::state::{Action, AppState, Place};

/// An action of the workbench's bars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Run the selected maps (opens the Run pane).
    Run,
    /// Stop the selected maps.
    Stop,
    /// Pause the selected maps (opens the Pause pane).
    Pause,
    /// Resume the selected Paused maps (opens the Run pane with the resume options), as
    /// the product's Resume button does.
    Resume,
    /// Skip to live sync on the selected Resuming maps (asks keep or discard).
    SkipToLiveSync,
    /// Run the selected maps without an initial sync.
    SkipInitialSync,
    /// Run the initial sync again on the selected maps whose last one failed.
    RerunExecution,
    /// Play or pause the clock.
    PlayClock,
    /// One tick of the clock.
    Tick,
    /// Tick until no map is busy.
    RunUntilIdle,
    /// Undo the last command.
    Undo,
    /// Redo the next command.
    Redo,
    /// Move the focus to the table maps' list.
    GoToMaps,
    /// Move the focus to the history's current step.
    GoToHistory,
    /// Move the focus to the dependency graph.
    GoToGraph,
    /// Move the focus to the selected map's details (its tab on show).
    GoToDetails,
    /// Open this help.
    Help,
}

/// A row of the action table.
pub struct Entry {
    /// The action.
    pub act: Act,
    /// The keys that do it, as [`Act::from_key`] reads them and `aria-keyshortcuts`
    /// names them.
    pub keys: &'static str,
    /// The keys in words, for the help.
    pub keys_text: &'static str,
    /// What it does, for the help.
    pub what: &'static str,
}

/// Every action with a button, a shortcut or both, in the order the help lists them.
pub const TABLE: [Entry; 17] = [
    Entry { act: Act::Run, keys: "R", keys_text: "R", what: "Run the selected table maps: opens the Run pane with their related maps" },
    Entry { act: Act::Stop, keys: "S", keys_text: "S", what: "Stop the selected table maps" },
    Entry { act: Act::Pause, keys: "P", keys_text: "P", what: "Pause the selected table maps: opens the Pause pane" },
    Entry { act: Act::Resume, keys: "", keys_text: "none of its own: R (Run) resumes a paused map too", what: "Resume the selected Paused maps: opens the Run pane with the resume options" },
    Entry { act: Act::SkipToLiveSync, keys: "L", keys_text: "L", what: "Skip to live sync on the selected Resuming maps, keeping or discarding the rest of the queue" },
    Entry { act: Act::SkipInitialSync, keys: "I", keys_text: "I", what: "Run the selected Not running maps without an initial sync" },
    Entry { act: Act::RerunExecution, keys: "E", keys_text: "E", what: "Run the initial sync again on the selected maps whose last one failed" },
    Entry { act: Act::PlayClock, keys: "K", keys_text: "K", what: "Play or pause the clock" },
    Entry { act: Act::Tick, keys: "T", keys_text: "T", what: "One tick of the clock (a minute)" },
    Entry { act: Act::RunUntilIdle, keys: "U", keys_text: "U", what: "Tick until no map is initializing or resuming" },
    Entry { act: Act::Undo, keys: "Control+Z", keys_text: "Ctrl+Z", what: "Undo the last step" },
    Entry { act: Act::Redo, keys: "Control+Shift+Z Control+Y", keys_text: "Ctrl+Shift+Z or Ctrl+Y", what: "Redo the step undone last" },
    Entry { act: Act::GoToMaps, keys: "M", keys_text: "M", what: "Go to the table maps' list (then ↑ ↓ between the maps, Space ticks one)" },
    Entry { act: Act::GoToHistory, keys: "H", keys_text: "H", what: "Go to the history, unfolded, at the current step (or the folded run of ticks that holds it, which Enter unfolds); then ↑ ↓ between the steps, Enter goes to one" },
    Entry { act: Act::GoToDetails, keys: "D", keys_text: "D", what: "Go to the selected map's details, at its tab on show (then ← → between the tabs)" },
    Entry { act: Act::GoToGraph, keys: "G", keys_text: "G", what: "Go to the dependency graph (then ← → between the maps, Enter selects one)" },
    Entry { act: Act::Help, keys: "Shift+?", keys_text: "?", what: "This list of actions and keys (Escape closes it)" },
];

impl Act {
    /// The action's row of [`TABLE`].
    pub fn entry(self) -> &'static Entry {
        TABLE
            .iter()
            .find(|e| e.act == self)
            .unwrap_or(&TABLE[TABLE.len() - 1])
    }

    /// The button's text now.
    pub fn label(self, state: &AppState) -> String {
        match self {
            Act::Run => MapAction::Run.to_string(),
            Act::Stop => MapAction::Stop.to_string(),
            Act::Pause => MapAction::Pause.to_string(),
            Act::Resume => "Resume".into(),
            Act::SkipToLiveSync => MapAction::SkipToLiveSync.to_string(),
            Act::SkipInitialSync => "Skip initial sync".into(),
            Act::RerunExecution => "Rerun execution".into(),
            Act::PlayClock if state.clock.playing => "Pause clock".into(),
            Act::PlayClock => "Play".into(),
            Act::Tick => "Tick".into(),
            Act::RunUntilIdle => "Run until idle".into(),
            Act::Undo => "Undo".into(),
            Act::Redo => "Redo".into(),
            Act::GoToMaps => "Go to table maps".into(),
            Act::GoToHistory => "Go to history".into(),
            Act::GoToGraph => "Go to dependency graph".into(),
            Act::GoToDetails => "Go to details".into(),
            Act::Help => "Shortcuts (?)".into(),
        }
    }

    /// Whether the action can be taken now (the engine decides for the maps).
    pub fn enabled(self, state: &AppState) -> bool {
        match self {
            Act::Run => state.enabled(MapAction::Run),
            Act::Stop => state.enabled(MapAction::Stop),
            Act::Pause => state.enabled(MapAction::Pause),
            Act::Resume => state.resumable(),
            Act::SkipToLiveSync => state.enabled(MapAction::SkipToLiveSync),
            Act::SkipInitialSync => state.skippable(),
            Act::RerunExecution => state.rerunnable(),
            Act::PlayClock
            | Act::Tick
            | Act::Help
            | Act::GoToMaps
            | Act::GoToHistory
            | Act::GoToGraph
            | Act::GoToDetails => true,
            Act::RunUntilIdle => state.session.borrow().state().busy(),
            Act::Undo => state.session.borrow().can_undo(),
            Act::Redo => state.session.borrow().can_redo(),
        }
    }

    /// Whether the action only moves the focus (a go-to key, with no button).
    pub fn moves_focus(self) -> bool {
        matches!(
            self,
            Act::GoToMaps | Act::GoToHistory | Act::GoToGraph | Act::GoToDetails
        )
    }

    /// The engine's map action this is, for the four the engine checks by status.
    pub fn map_action(self) -> Option<MapAction> {
        match self {
            Act::Run => Some(MapAction::Run),
            Act::Stop => Some(MapAction::Stop),
            Act::Pause => Some(MapAction::Pause),
            Act::SkipToLiveSync => Some(MapAction::SkipToLiveSync),
            _ => None,
        }
    }

    /// What the action dispatches.
    pub fn action(self, state: &AppState) -> Action {
        match self {
            Act::Run => Action::OnSelected(MapAction::Run),
            Act::Stop => Action::OnSelected(MapAction::Stop),
            Act::Pause => Action::OnSelected(MapAction::Pause),
            // Run on Paused maps: the Run pane with the resume options.
            Act::Resume => Action::OnSelected(MapAction::Run),
            Act::SkipToLiveSync => Action::OnSelected(MapAction::SkipToLiveSync),
            Act::SkipInitialSync => Action::SkipInitialSync,
            Act::RerunExecution => Action::RerunExecution,
            Act::PlayClock => Action::ClockPlay(!state.clock.playing),
            Act::Tick => Action::Dispatch(Command::Tick { ticks: 1 }),
            Act::RunUntilIdle => Action::Dispatch(Command::RunUntilIdle),
            Act::Undo => Action::Undo,
            Act::Redo => Action::Redo,
            Act::GoToMaps => Action::GoTo(Place::Maps),
            Act::GoToHistory => Action::GoTo(Place::History),
            Act::GoToGraph => Action::GoTo(Place::Graph),
            Act::GoToDetails => Action::GoTo(Place::Details),
            Act::Help => Action::Help(true),
        }
    }

    /// The action a key press stands for: letters alone (no Ctrl, Alt or Meta), Undo and
    /// Redo with Ctrl (or Meta), `?` for the help.
    pub fn from_key(key: &str, ctrl: bool, alt: bool, shift: bool) -> Option<Act> {
        if alt {
            return None;
        }
        let key = key.to_ascii_lowercase();
        if ctrl {
            return match key.as_str() {
                "z" if shift => Some(Act::Redo),
                "z" => Some(Act::Undo),
                "y" => Some(Act::Redo),
                _ => None,
            };
        }
        if key == "?" {
            return Some(Act::Help);
        }
        TABLE
            .iter()
            .filter(|e| !e.keys.contains('+'))
            .find(|e| e.keys.eq_ignore_ascii_case(&key))
            .map(|e| e.act)
    }
}

/// A button of the table's action `act`: its label, its state, its shortcut announced.
pub fn button(state: &UseReducerHandle<AppState>, act: Act, node: NodeRef) -> Html {
    let entry = act.entry();
    // A single-key shortcut turned off is not announced (Ctrl+Z and the like stay); an
    // action without a key of its own announces none.
    let keys = (state.letter_keys || entry.keys.contains("Control"))
        .then_some(entry.keys)
        .filter(|k| !k.is_empty());
    html! {
        <button type="button" class="action" ref={node} disabled={!act.enabled(state)}
            aria-keyshortcuts={keys} title={keys.map(|_| format!("Shortcut: {}", entry.keys_text))}
            onclick={crate::widgets::on::<MouseEvent>(state, act.action(state))}>
            { act.label(state) }
        </button>
    }
}

/// Why each map action (Run to Rerun execution) that is greyed out for the ticked maps
/// is not offered, in the engine's words ("Pause is not available for 'Vendor groups': it is Not running, which
/// allows Run"), whenever a map is ticked: a trainee told to try an action the status
/// does not allow sees the reason without knowing its shortcut (the key says it too).
pub fn unavailable(state: &AppState) -> Vec<String> {
    if state.selected.is_empty() {
        return Vec::new();
    }
    let maps = state.selected_in_order();
    let names: Vec<&str> = maps.iter().map(String::as_str).collect();
    let session = state.session.borrow();
    let sim = session.state();
    [
        Act::Run,
        Act::Stop,
        Act::Pause,
        Act::Resume,
        Act::SkipToLiveSync,
        Act::SkipInitialSync,
        Act::RerunExecution,
    ]
    .into_iter()
    .filter(|act| !act.enabled(state))
    .filter_map(|act| act.why_not(sim, &names))
    .collect()
}

impl Act {
    /// Why this map action (Run to Rerun execution), or Run until idle, is not offered
    /// for the maps `names`, in the engine's words; `None` for another action, or one
    /// that is offered.
    pub fn why_not(self, sim: &dualwrite_engine::Simulator, names: &[&str]) -> Option<String> {
        match self {
            Act::SkipInitialSync => sim.why_not_skip_initial_sync(names),
            Act::Resume => sim.why_not_resume(names),
            Act::RerunExecution => sim.why_not_rerun(names),
            Act::RunUntilIdle => sim.why_not_run_until_idle(),
            _ => self
                .map_action()
                .and_then(|action| sim.why_not(names, action))
                .map(|e| e.to_string()),
        }
    }
}

/// Shortcuts anywhere on the page, except while typing in a field (where keys type) or
/// with a dialog open (where Tab and Escape belong to the dialog), while the app's element
/// `app` is on the page. Registered once; the reducer checks that the action is available
/// when the key arrives.
#[hook]
pub fn use_shortcuts(state: &UseReducerHandle<AppState>, app: NodeRef) {
    let handle = state.clone();
    // Whether the single keys act, as this render has it (the listener outlives renders).
    let letters = use_mut_ref(|| true);
    *letters.borrow_mut() = state.letter_keys;
    use_effect_with((), move |_| {
        let document = web_sys::window().and_then(|w| w.document());
        let listener = document.map(|document| {
            // Not passive: a shortcut's key must not also scroll or type.
            let options = gloo_events::EventListenerOptions::enable_prevent_default();
            gloo_events::EventListener::new_with_options(&document, "keydown", options, move |e| {
                let Some(e) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(e) else {
                    return;
                };
                let in_field = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                    .is_some_and(|t| typing_in(&t));
                let on_page = app.get().is_some_and(|n| n.is_connected());
                if in_field || e.repeat() || !on_page {
                    return;
                }
                let ctrl = e.ctrl_key() || e.meta_key();
                // Turned off, a key without Ctrl is left to the browser (and to a screen
                // reader or speech input): nothing acts, nothing is prevented.
                if !ctrl && !*letters.borrow() {
                    return;
                }
                if let Some(act) = Act::from_key(&e.key(), ctrl, e.alt_key(), e.shift_key()) {
                    e.prevent_default();
                    handle.dispatch(Action::Shortcut(act));
                }
            })
        });
        move || drop(listener)
    });
}

/// Whether keys pressed on `target` belong to it: a field that takes text (a checkbox or
/// a radio button does not), a select (letters choose an option), or anything in a dialog
/// (where Tab and Escape belong to the dialog).
fn typing_in(target: &web_sys::Element) -> bool {
    let field = match target.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            target.get_attribute("type").unwrap_or_default().as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "file" | "range" | "color"
        ),
        _ => false,
    };
    field || target.closest("[role=dialog]").ok().flatten().is_some()
}

/// The `?` help: every action of the table with its keys.
pub fn help(state: &UseReducerHandle<AppState>, first: &NodeRef) -> Html {
    if !state.help {
        return html! {};
    }
    let body = html! {
        <>
            // The focus starts on the words at the top, so that the help opens at its
            // start (its Close, at the end, would scroll it to the bottom); Tab goes on to
            // the controls. They name the table too.
            <p id="help-keys-intro" class="help-intro" tabindex="-1" ref={first.clone()}>{ if state.letter_keys {
                "Keys work anywhere but in a field or a dialog."
            } else {
                "The single-key shortcuts are off (the box below turns them on); Ctrl+Z and Ctrl+Shift+Z work anywhere but in a field or a dialog."
            } }</p>
            <table class="help-keys" aria-labelledby="help-keys-intro">
                { column_heads(&["Action", "Keys", "What it does"]) }
                <tbody>
                    { for TABLE.iter().map(|e| html! {
                        <tr>
                            <th scope="row">{ e.act.label(state) }</th>
                            if e.keys.is_empty() {
                                <td>{ e.keys_text }</td>
                            } else {
                                <td><kbd>{ e.keys_text }</kbd></td>
                            }
                            <td>{ e.what }</td>
                        </tr>
                    }) }
                    <tr>
                        <th scope="row">{ "Tabs of a map's details" }</th>
                        <td>{ kbds(&["←", "→", "Home", "End"]) }</td>
                        <td>{ "Move between the tabs" }</td>
                    </tr>
                    <tr>
                        <th scope="row">{ "Rows of a table" }</th>
                        <td>{ kbds(&["↑", "↓", "Page Up", "Page Down", "Ctrl+Home", "Ctrl+End"]) }</td>
                        <td>{ "Move between rows (one Tab reaches them; rows out of view scroll in)" }</td>
                    </tr>
                    <tr>
                        <th scope="row">{ "Buttons of a row, headings" }</th>
                        <td>{ kbds(&["←", "→", "Home", "End"]) }</td>
                        <td>{ "Move between a row's Select, Edit and Delete, or between the column headings" }</td>
                    </tr>
                    <tr>
                        <th scope="row">{ "Table mappings" }</th>
                        <td>{ kbds(&["↑", "↓", "←", "→", "Home", "End"]) }</td>
                        <td>{ "Move between the mappings, and between a mapping's map type and Delete (one Tab reaches them)" }</td>
                    </tr>
                    <tr>
                        <th scope="row">{ "Row editor" }</th>
                        <td>{ kbds(&["Enter", "Escape"]) }</td>
                        <td>{ "Save the row being edited (from any of its fields), or leave it unsaved" }</td>
                    </tr>
                    <tr>
                        <th scope="row">{ "Panes" }</th>
                        <td><kbd>{ "Enter" }</kbd></td>
                        <td>{ "On a box, an option or a text field of a pane (Run, Pause, Skip to live sync, a mapping's): press its main button" }</td>
                    </tr>
                    <tr>
                        <th scope="row">{ "Close" }</th>
                        <td><kbd>{ "Escape" }</kbd></td>
                        <td>{ "Close a pane, a form, an explanation, the Columns menu, the link made by Copy link or this help" }</td>
                    </tr>
                </tbody>
            </table>
            <label class="letter-keys">
                <input type="checkbox" checked={state.letter_keys}
                    onchange={crate::widgets::on::<Event>(state, Action::LetterKeys(!state.letter_keys))} />
                { " Single-key shortcuts (the letters and ?): turn them off if they get in the way of a screen reader's keys or speech input; Ctrl+Z and Ctrl+Shift+Z stay, and every action keeps its button" }
            </label>
            <div class="buttons">
                <button type="button"
                    onclick={crate::widgets::on::<MouseEvent>(state, Action::Help(false))}>{ "Close" }</button>
            </div>
        </>
    };
    crate::widgets::dialog(
        state,
        "help",
        "Keyboard shortcuts",
        Action::Help(false),
        body,
    )
}

/// Keys, one `<kbd>` each, so that a long list wraps between keys, never inside one.
fn kbds(keys: &[&str]) -> Html {
    keys.iter()
        .enumerate()
        .map(|(i, k)| html! { <>{ if i == 0 { "" } else { " " } }<kbd>{ *k }</kbd></> })
        .collect()
}
