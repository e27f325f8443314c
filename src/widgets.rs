//! Shared widgets and callbacks: focus for dialogs and inline forms, a number setting,
//! a select, a modal dialog, a "Why?" button, and the callbacks that dispatch actions.

use dualwrite_engine::explain::Subject;
use dualwrite_engine::Simulator;
use yew::prelude::*;

use crate::state::{status_label, Action, AppState};

/// What a closed dialog or form gives the focus back to.
#[derive(Clone, PartialEq)]
pub(crate) enum Opener {
    /// The button that opened it.
    Button(NodeRef),
    /// The element matching a selector when it closes: the one of many like buttons that
    /// opened it (a mapping's map type, `#map-type-3`).
    Found(String),
}

impl From<NodeRef> for Opener {
    fn from(button: NodeRef) -> Opener {
        Opener::Button(button)
    }
}

thread_local! {
    /// The element that had the focus last (see [`use_focus_tracker`]).
    static LAST_FOCUS: std::cell::RefCell<Option<web_sys::HtmlElement>> =
        const { std::cell::RefCell::new(None) };
}

/// Follows the focus on the page, so that a dialog opened by a shortcut or from a lesson
/// gives it back where the user was (read by [`use_focus_while_open`]). Once, in the app.
#[hook]
pub(crate) fn use_focus_tracker() {
    use_effect_with((), |_| {
        let listeners = web_sys::window().and_then(|w| w.document()).map(|d| {
            let focused = gloo_events::EventListener::new(&d, "focusin", |e| {
                let el = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                    // An SVG element (a node of the graph) takes the focus too: `focus` is
                    // called by name, which both kinds of element have.
                    .map(wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>);
                LAST_FOCUS.with(|last| *last.borrow_mut() = el);
            });
            // Safari, and Firefox on macOS, do not focus a button clicked: the control
            // pressed counts as where the user was.
            let pressed = gloo_events::EventListener::new(&d, "pointerdown", |e| {
                let control = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                    .and_then(|t| {
                        t.closest("button, a[href], input, select, textarea, summary, [tabindex]")
                            .ok()
                            .flatten()
                    })
                    .and_then(|c| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(c).ok());
                if let Some(control) = control {
                    LAST_FOCUS.with(|last| *last.borrow_mut() = Some(control));
                }
            });
            (focused, pressed)
        });
        move || drop(listeners)
    });
}

/// The element that has the focus, if any but the page's body (None: the focus is lost).
pub(crate) fn focused() -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .filter(|e| e.tag_name() != "BODY")
        // An SVG element (a node of the graph) has the focus too: `focus` is called by
        // name, which both kinds of element have.
        .map(wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>)
}

/// Keeps the focus where it was when a render moved the focused element in the page (a
/// keyed row reordered, as "Move up" in the Run pane does: the browser drops the focus of
/// an element it moves). Only a loss this render caused: a click elsewhere that left the
/// focus on the page happened before it. Called last among the app's hooks, after those
/// that move the focus on purpose.
#[hook]
pub(crate) fn use_focus_kept() {
    let before = use_mut_ref(|| None::<web_sys::HtmlElement>);
    // The tab panel the focus was in: where it goes when what had it is gone with the
    // render (a queued record's Why? once the catch-up played it).
    let panel = use_mut_ref(|| None::<web_sys::HtmlElement>);
    // Read while rendering, before this render changes the page.
    *before.borrow_mut() = focused();
    *panel.borrow_mut() = focused()
        .and_then(|f| f.closest("[role=tabpanel]").ok().flatten())
        .and_then(|p| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(p).ok());
    // Whether the focus was in the notice (an offer there, Bring back or Reset to demo,
    // goes with the notice it came with): it goes to the notice that takes its place,
    // which says what the offer did.
    let in_notice = use_mut_ref(|| false);
    *in_notice.borrow_mut() =
        focused().is_some_and(|f| f.closest(".notice").ok().flatten().is_some());
    use_effect(move || {
        let was = before.borrow_mut().take();
        let panel = panel.borrow_mut().take();
        let in_notice = std::mem::take(&mut *in_notice.borrow_mut());
        // Lost: on the page, or on a button now disabled (which the browser takes away
        // from it at its next update).
        let lost = focused().is_none_or(|f| f.matches(":disabled").unwrap_or(false));
        if let Some(was) = was.filter(|_| lost) {
            let inert = was.closest("[inert]").ok().flatten().is_some();
            if can_take_focus(&was) && !inert {
                let _ = was.focus();
            } else if was.is_connected() && !inert {
                // A button that greyed out by what it did (Run until idle, once idle):
                // the focus goes to a neighbour in its group, or, when the whole group
                // greyed out (Rerun execution leaves a map Initializing, which offers no
                // action), to the next place Tab would reach; not to the page.
                if let Some(next) = enabled_neighbour(&was).or_else(|| next_tab_stop(&was)) {
                    let _ = next.focus();
                }
            } else if let Some(panel) = panel.filter(|p| p.is_connected()) {
                // Gone with the render: to the tab panel it was in, not to the page.
                let _ = panel.focus();
            } else if let Some(notice) = element("p.notice").filter(|_| in_notice) {
                let _ = notice.focus();
            }
        }
    });
}

/// The enabled button nearest before `el` in its group (`[role=group]`), else the
/// nearest after it.
fn enabled_neighbour(el: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    let group = el.closest("[role=group]").ok().flatten()?;
    let buttons = group.query_selector_all("button:not(:disabled)").ok()?;
    let all: Vec<web_sys::HtmlElement> = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok())
        .filter(shown)
        .collect();
    // (DOCUMENT_POSITION_PRECEDING: the other node comes before `el`.)
    let before = |b: &web_sys::HtmlElement| el.compare_document_position(b) & 2 != 0;
    let at = all.iter().position(|b| !before(b)).unwrap_or(all.len());
    at.checked_sub(1)
        .and_then(|i| all.get(i))
        .or(all.get(at))
        .cloned()
}

/// The first place after `el` (and its group) that Tab would reach: an enabled control or
/// an element in the tab order, shown and not in an inert part of the page.
fn next_tab_stop(el: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    let from = el
        .closest("[role=group]")
        .ok()
        .flatten()
        .unwrap_or_else(|| el.clone().into());
    let document = web_sys::window()?.document()?;
    let stops = document
        .query_selector_all(&format!("{TABBABLE}, summary"))
        .ok()?;
    // (DOCUMENT_POSITION_FOLLOWING: the other node comes after `from`, not inside it.)
    // Not a roving item out of the tab order (tabindex -1), nor one folded away.
    (0..stops.length())
        .filter_map(|i| stops.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok())
        .filter(|s| from.compare_document_position(s) & 4 != 0 && !from.contains(Some(s)))
        .find(|s| {
            s.tab_index() >= 0 && shown_or_svg(s) && s.closest("[inert]").ok().flatten().is_none()
        })
}

/// The element that had the focus last (it may have lost it since).
pub(crate) fn last_focused() -> Option<web_sys::HtmlElement> {
    LAST_FOCUS.with(|last| last.borrow().clone())
}

/// Whether `el` is laid out (not in a folded or hidden part of the page).
pub(crate) fn shown(el: &web_sys::HtmlElement) -> bool {
    el.offset_parent().is_some()
}

/// Whether `el` can take the focus back: still on the page, and not disabled.
fn can_take_focus(el: &web_sys::HtmlElement) -> bool {
    el.is_connected() && !el.matches(":disabled").unwrap_or(false)
}

/// At each refusal `refusals` counts (a form's or pane's Save refused), the focus goes
/// to the field the refusal marked invalid inside `scope`.
#[hook]
pub(crate) fn use_focus_on_refusal(refusals: Option<u32>, scope: &'static str) {
    use_effect_with(refusals, move |refusals| {
        if refusals.is_some_and(|n| n > 0) {
            if let Some(field) = element(&format!("{scope} [aria-invalid=true]")) {
                let _ = field.focus();
            }
        }
    });
}

/// Focus for a dialog or an inline form: while `back_to` is `Some(opener)` the form is
/// open; when it opens, focus moves to the returned ref's element; when it closes, back to
/// where the focus was when it opened (a shortcut may open it from anywhere), or else to
/// the opener.
#[hook]
pub(crate) fn use_focus_while_open(back_to: Option<Opener>) -> NodeRef {
    let first = use_node_ref();
    let remembered = use_mut_ref(|| None::<(Option<web_sys::HtmlElement>, Opener)>);
    {
        let first = first.clone();
        use_effect_with(back_to, move |back_to| {
            let target = match back_to {
                Some(opener) => {
                    let was = LAST_FOCUS.with(|last| last.borrow().clone());
                    *remembered.borrow_mut() = Some((was, opener.clone()));
                    first.cast::<web_sys::HtmlElement>()
                }
                // Back where the focus was, or to the opener; when both are gone or now
                // disabled (Run after the maps ran), to the selected map in the list, so
                // focus is never lost.
                None => remembered.borrow_mut().take().and_then(|(was, opener)| {
                    was.filter(can_take_focus)
                        .or_else(|| {
                            match opener {
                                Opener::Button(button) => button.cast::<web_sys::HtmlElement>(),
                                Opener::Found(selector) => element(&selector),
                            }
                            .filter(can_take_focus)
                        })
                        // (Not while the side column is folded away: then the map's
                        // heading.)
                        .or_else(|| element("table.maps input:checked").filter(shown))
                        .or_else(|| element("#details-title"))
                }),
            };
            // Closing gives the focus back only when it was lost (with the dialog or form
            // it was in): a form closed by another action (the builder by Reset) leaves
            // the focus on that action.
            if let Some(el) = target.filter(|_| back_to.is_some() || focused().is_none()) {
                let _ = el.focus();
            }
        });
    }
    first
}

/// The value of the field an event came from: an input, a text area or a select.
pub(crate) fn field_value(e: &Event) -> Option<String> {
    use wasm_bindgen::JsCast;
    let target = e.target()?;
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(input.value());
    }
    if let Some(text) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return Some(text.value());
    }
    target
        .dyn_ref::<web_sys::HtmlSelectElement>()
        .map(|s| s.value())
}

/// A field's callback, for `oninput` (a text field: each keystroke) or `onchange` (a
/// select): `make` turns the field's value into an action, if any. A text field's draft
/// lives in the state as it is typed, because a render (a clock beat, say) puts the
/// state's value back into the field.
pub(crate) fn on_value<E: AsRef<Event> + 'static>(
    state: &UseReducerHandle<AppState>,
    make: impl Fn(String) -> Option<Action> + 'static,
) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |e: E| {
        if let Some(action) = field_value(e.as_ref()).and_then(&make) {
            state.dispatch(action);
        }
    })
}

/// The page's first element matching `selector`, as an element that can take the focus.
pub(crate) fn element(selector: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
}

/// Arrow keys between the items of a group that is one Tab stop (a roving tab stop, as
/// the grid's rows are): Up or Left to the previous item, Down or Right to the next, Home
/// and End to the first and the last. The items are those `items` selects in the element
/// `group` selects around the key's target. Whether the key moved the focus.
pub(crate) fn arrow_between(e: &KeyboardEvent, group: &str, items: &str) -> bool {
    if e.ctrl_key() || e.alt_key() || e.meta_key() || e.shift_key() {
        return false;
    }
    let Some(target) = e
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
    else {
        return false;
    };
    let Some(list) = target
        .closest(group)
        .ok()
        .flatten()
        .and_then(|g| g.query_selector_all(items).ok())
    else {
        return false;
    };
    // (Not those folded: a step in a closed run of ticks is skipped.)
    let all: Vec<web_sys::Element> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .filter(|el| !folded(el))
        .collect();
    let Some(at) = all.iter().position(|el| el.contains(Some(&target))) else {
        return false;
    };
    let last = all.len() - 1;
    let to = match e.key().as_str() {
        "ArrowUp" | "ArrowLeft" => at.saturating_sub(1),
        "ArrowDown" | "ArrowRight" => (at + 1).min(last),
        "Home" => 0,
        "End" => last,
        _ => return false,
    };
    e.prevent_default();
    // (`focus` is called by name: a graph's node is an SVG element.)
    let to = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&all[to]);
    to.focus().is_ok()
}

/// What a status said last, with the key it said it for (see [`said_when_changed`]).
pub(crate) type Said<K> = std::rc::Rc<std::cell::RefCell<(Option<K>, String)>>;

/// A status's words for `key` (what the user changed: a find, a sort, a page): worked
/// out by `words` when the key changes, kept as they were otherwise, so that a live
/// region speaks for what the user did and not at every write or clock beat.
pub(crate) fn said_when_changed<K: PartialEq>(
    cache: &Said<K>,
    key: K,
    words: impl FnOnce() -> String,
) -> String {
    let mut cache = cache.borrow_mut();
    if cache.0.as_ref() != Some(&key) {
        *cache = (Some(key), words());
    }
    cache.1.clone()
}

/// Calls `f` once the browser has painted the page as it stands: at the next animation
/// frame, then in a task after it (the frame's paint comes between the two).
pub(crate) fn after_next_paint(f: impl FnOnce() + 'static) {
    let later = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo_timers::callback::Timeout::new(0, f).forget();
    });
    let asked = web_sys::window()
        .map(|w| w.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&later)));
    if !matches!(asked, Some(Ok(_))) {
        // (No frames to wait for: at once.)
        if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(later) {
            let _ = f.call0(&wasm_bindgen::JsValue::NULL);
        }
    }
}

/// A group's stop among `maps` (in the group's order): the map `remembered` (focused
/// last) when it is one of them, else the first selected one, else the first.
pub(crate) fn tab_stop<'a>(
    remembered: Option<&str>,
    maps: impl Iterator<Item = &'a str> + Clone,
    selected: &std::collections::BTreeSet<String>,
) -> Option<&'a str> {
    let mut all = maps.clone();
    remembered
        .and_then(|r| all.find(|m| *m == r))
        .or_else(|| maps.clone().find(|m| selected.contains(*m)))
        .or_else(|| maps.clone().next())
}

/// A focusin callback for an item of a roving-focus group: the item (the map `map`)
/// becomes the group's Tab stop, unless it is already.
pub(crate) fn on_focus_stop(
    state: &UseReducerHandle<AppState>,
    place: crate::state::Place,
    map: &str,
) -> Callback<FocusEvent> {
    let (state, map) = (state.clone(), map.to_string());
    Callback::from(move |_: FocusEvent| {
        if state.tab_stops.get(place) != Some(map.as_str()) {
            state.dispatch(Action::TabStop(place, map.clone()));
        }
    })
}

/// Moves the focus to `place`: the table maps' list or the graph at their one Tab stop,
/// the history at its current step (its summary when that step is folded in a run of
/// ticks), unfolding the history or the graph. Whether something took the focus.
pub(crate) fn go_to(place: crate::state::Place) -> bool {
    use crate::state::Place;
    let document = web_sys::window().and_then(|w| w.document());
    let find = |selector: &str| {
        document
            .as_ref()
            .and_then(|d| d.query_selector(selector).ok().flatten())
            // (Called by name: a graph's node is an SVG element.)
            .map(wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>)
    };
    let (fold, targets): (Option<&str>, &[&str]) = match place {
        Place::Maps => (None, &[r#"table.maps input[tabindex="0"]"#]),
        Place::History => (
            Some("details.timeline"),
            // The current step; folded in a run of ticks, that run's summary (the
            // history's Tab stop); else the history's own summary.
            &[
                r#".timeline [aria-current="step"]"#,
                ".timeline summary.current",
                ".timeline > summary",
            ],
        ),
        Place::Graph => (Some("details.graph"), &[r#".graph g.node[tabindex="0"]"#]),
        Place::Details => (
            None,
            &[r#"[role=tab][aria-selected="true"]"#, "#details-title"],
        ),
        Place::Lesson => (None, &["#lesson-heading"]),
    };
    if let Some(details) = fold.and_then(find) {
        let _ = details.set_attribute("open", "");
    }
    targets
        .iter()
        .filter_map(|t| find(t))
        .find(shown_or_svg)
        .is_some_and(|el| el.focus().is_ok())
}

/// [`shown`], for an HTML element, and not folded in a closed `<details>`; an SVG
/// element (which has no offset parent) is taken as shown when its box has a size.
fn shown_or_svg(el: &web_sys::HtmlElement) -> bool {
    if el.namespace_uri().as_deref() == Some("http://www.w3.org/2000/svg") {
        return el.get_bounding_client_rect().width() > 0.0;
    }
    shown(el) && !folded(el)
}

/// Whether `el` is inside a closed `<details>` (and not its summary): folded away.
/// (A browser may still lay it out, so its box alone does not say.)
fn folded(el: &web_sys::Element) -> bool {
    el.closest("details:not([open]) > :not(summary)")
        .ok()
        .flatten()
        .is_some()
}

/// Properties of [`NumberSetting`].
#[derive(Properties, PartialEq)]
pub(crate) struct NumberSettingProps {
    /// Label of the field.
    pub(crate) label: AttrValue,
    /// The value now.
    pub(crate) value: u64,
    /// What the button sends: the text typed.
    pub(crate) on_set: Callback<String>,
    /// The button's text.
    #[prop_or(AttrValue::Static("Set"))]
    pub(crate) button: AttrValue,
    /// Why the last text set was not taken, if it was not.
    #[prop_or_default]
    pub(crate) error: Option<AttrValue>,
}

/// A whole-number field with a "Set" button (Enter sets too); the reducer reads the text.
/// A text field with a number pad rather than `type="number"`, as the grid's cells are:
/// a browser's number input gives "" for what it cannot read ("--", "e"), which would be
/// reported as empty while the field still shows the text.
#[function_component(NumberSetting)]
pub(crate) fn number_setting(props: &NumberSettingProps) -> Html {
    let input = use_node_ref();
    // What is typed, until the value changes: a render (a clock beat) would otherwise put
    // the value back into the field while the user types.
    let draft = use_state(|| None::<String>);
    {
        let draft = draft.clone();
        use_effect_with(props.value, move |_| draft.set(None));
    }
    // Typing after a refusal takes its words away (they are about the text refused);
    // Set again shows what it is told.
    let typed_since = use_state(|| false);
    let oninput = {
        let (draft, typed_since) = (draft.clone(), typed_since.clone());
        Callback::from(move |e: InputEvent| {
            draft.set(field_value(&e));
            typed_since.set(true);
        })
    };
    let shown = (*draft).clone().unwrap_or_else(|| props.value.to_string());
    let set = {
        let (input, on_set) = (input.clone(), props.on_set.clone());
        let typed_since = typed_since.clone();
        move || {
            if let Some(field) = input.cast::<web_sys::HtmlInputElement>() {
                typed_since.set(false);
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
    let error = FieldError::of(
        props.error.as_deref().filter(|_| !*typed_since),
        &props.label,
    );
    html! {
        <span class="setting">
            <label>{ format!("{} ", props.label) }
                <input type="text" inputmode="numeric" autocomplete="off" spellcheck="false"
                    ref={input} value={shown} {oninput} {onkeydown}
                    aria-invalid={error.invalid()} aria-describedby={error.id()} />
            </label>
            <button type="button" aria-label={format!("{} {}", props.button, props.label)} {onclick}>{ props.button.clone() }</button>
            { error.note() }
        </span>
    }
}

/// A callback that dispatches the action `make` builds from a text.
pub(crate) fn on_text(
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
pub(crate) fn dialog(
    state: &UseReducerHandle<AppState>,
    class: &str,
    title: &str,
    cancel: Action,
    body: Html,
) -> Html {
    dialog_described(state, class, title, cancel, body, None)
}

/// [`dialog`], described by the element of the body with the id `described_by`.
pub(crate) fn dialog_described(
    state: &UseReducerHandle<AppState>,
    class: &str,
    title: &str,
    cancel: Action,
    body: Html,
    described_by: Option<&str>,
) -> Html {
    let title_id = format!("{class}-title");
    // Escape is heard on the backdrop, and both take the focus of a click on them (not
    // the page's body), so that it closes the dialog after a click on its text or around
    // it too.
    let escape = escape_to(state, cancel);
    // Tab stays in the dialog: past its last control it wraps to the first, and back.
    // (The page behind is inert, so the browser would otherwise take the focus out to
    // its own controls, where Escape is no longer heard.)
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        match e.key().as_str() {
            "Tab" => wrap_tab(&e),
            "Enter" => submit(&e),
            _ => {}
        }
        escape.emit(e);
    });
    html! {
        <div class="backdrop" tabindex="-1" {onkeydown}>
            <div class={classes!("dialog", class.to_string())} role="dialog" aria-modal="true" tabindex="-1"
                aria-labelledby={title_id.clone()} aria-describedby={described_by.map(str::to_string)}>
                <h2 id={title_id}>{ title }</h2>
                { body }
            </div>
        </div>
    }
}

/// What can take the focus by Tab.
const TABBABLE: &str = "button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The dialog's backdrop a key was pressed in. (Yew hears events on the app's root:
/// the event's current target is that root, not the backdrop.)
fn backdrop_of(e: &KeyboardEvent) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    e.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(".backdrop")
        .ok()
        .flatten()
}

/// Tab on a dialog's last control goes to its first, Shift+Tab on its first to its last
/// (or from the dialog itself, when it has the focus).
fn wrap_tab(e: &KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(backdrop) = backdrop_of(e) else {
        return;
    };
    let Ok(found) = backdrop.query_selector_all(TABBABLE) else {
        return;
    };
    // Those shown (a control in a closed section has no box) that Tab stops at: not a
    // control taken out of the order (a grid's roving buttons), and of a group of radio
    // buttons the one Tab reaches (the checked one, or the first).
    let controls: Vec<web_sys::HtmlElement> = (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(shown)
        .filter(|el| el.get_attribute("tabindex").as_deref() != Some("-1"))
        .filter(|el| {
            let Some(radio) = el
                .dyn_ref::<web_sys::HtmlInputElement>()
                .filter(|i| i.type_() == "radio")
            else {
                return true;
            };
            let group = backdrop
                .query_selector_all(&format!("input[type=radio][name=\"{}\"]", radio.name()))
                .ok();
            let radios: Vec<web_sys::HtmlInputElement> = group
                .map(|g| {
                    (0..g.length())
                        .filter_map(|i| g.item(i))
                        .filter_map(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
                        .collect()
                })
                .unwrap_or_default();
            let stop = radios.iter().find(|r| r.checked()).or(radios.first());
            stop.is_none_or(|r| r.is_same_node(Some(radio)))
        })
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let at = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.as_ref());
    let inside = active
        .as_ref()
        .is_some_and(|a| controls.iter().any(|c| a == c.as_ref()));
    let to = match (e.shift_key(), inside) {
        (false, _) if at(last) => first,
        (true, _) if at(first) => last,
        // From the dialog or its backdrop (after a click on its text).
        (false, false) => first,
        (true, false) => last,
        _ => return,
    };
    e.prevent_default();
    let _ = to.focus();
}

/// Enter on a checkbox, an option or a text field of a dialog presses its main button
/// (Run, Pause, Skip to live sync, Save), when it can be pressed, as Enter submits a
/// form: the keyboard's short way from a pane's field to its action. Not on a list (a
/// select: Enter there may be choosing in it), in a text area (a new line), on a button
/// (which Enter presses), nor while an input method is composing (Enter confirms it).
fn submit(e: &KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let on_field = !e.is_composing()
        && e.target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| {
                matches!(
                    i.type_().as_str(),
                    "checkbox" | "radio" | "text" | "search" | "number"
                )
            });
    let primary = backdrop_of(e)
        .and_then(|d| {
            d.query_selector("button.primary:not([disabled])")
                .ok()
                .flatten()
        })
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
    if let (true, Some(primary)) = (on_field, primary) {
        e.prevent_default();
        primary.click();
    }
}

/// A map's status as the grid shows it.
pub(crate) fn status_text(sim: &Simulator, map: &str) -> String {
    sim.map(map)
        .map(|m| status_label(m.status.kind()))
        .unwrap_or_default()
}

/// A "Show row" button: opens the row `subject` names in its grid (selected, scrolled to,
/// in the editor), so that the data is fixed in place; `what` completes its name.
pub(crate) fn show_row(state: &UseReducerHandle<AppState>, subject: Subject, what: &str) -> Html {
    html! {
        <button type="button" class="why" aria-label={format!("Show row of {what}")}
            onclick={on::<MouseEvent>(state, Action::ShowRow(subject))}>{ "Show row" }</button>
    }
}

/// "Why?" and "Show row" for an entry of the details' lists (a failed row, a conflict, a
/// queued record, a catch-up error), both named with `what`.
pub(crate) fn why_and_show_row(
    state: &UseReducerHandle<AppState>,
    subject: Subject,
    what: &str,
) -> Html {
    html! {
        <>
            { why(state, subject.clone(), what) }{ " " }{ show_row(state, subject, what) }
        </>
    }
}

/// A "Why?" button that opens the engine's explanation of `subject`; `what` completes
/// its accessible name (which starts with the visible text).
pub(crate) fn why(state: &UseReducerHandle<AppState>, subject: Subject, what: &str) -> Html {
    html! {
        <button type="button" class="why" aria-label={format!("Why? {what}")}
            onclick={on::<MouseEvent>(state, Action::Explain(subject))}>{ "Why?" }</button>
    }
}

/// Entries of a long list drawn at a time (a page of [`crate::paged::Paged`]).
pub(crate) const LIST_SHOWN: usize = 50;

/// "1 error" or "12,000 errors", for `one` = "error".
pub(crate) fn count_of(n: usize, one: &str) -> String {
    let what = if n == 1 {
        one.to_string()
    } else {
        format!("{one}s")
    };
    format!("{} {what}", thousands(n))
}

/// A callback for an inline form's keys: Escape dispatches `cancel`.
pub(crate) fn escape_to(
    state: &UseReducerHandle<AppState>,
    cancel: Action,
) -> Callback<KeyboardEvent> {
    form_keys(state, cancel, None)
}

/// A callback for an inline form's keys: Escape dispatches `cancel`, and Enter in one
/// of its text fields `save` (as in the row editor).
pub(crate) fn form_keys(
    state: &UseReducerHandle<AppState>,
    cancel: Action,
    save: Option<Action>,
) -> Callback<KeyboardEvent> {
    let state = state.clone();
    Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
        "Escape" => state.dispatch(cancel.clone()),
        "Enter" => {
            let in_field = e.target_dyn_into::<web_sys::HtmlInputElement>().is_some();
            if let (true, Some(save)) = (in_field, &save) {
                e.prevent_default();
                state.dispatch(save.clone());
            }
        }
        _ => {}
    })
}

/// The place of `value` in `all`, as the value of its option in a select of them.
pub(crate) fn place<T: PartialEq, const N: usize>(all: [T; N], value: T) -> String {
    all.iter()
        .position(|v| *v == value)
        .unwrap_or_default()
        .to_string()
}

/// Puts every select of the page on its `data-value` after each render of the app. The
/// view marks the current option `selected`, but that attribute no longer moves the
/// choice once the user has chosen an option (the HTML "dirty" selectedness): a value
/// changed elsewhere (a lesson's start, Show me, undo, a refused choice) would not show,
/// and a switch would read one value while the simulator holds another.
#[hook]
pub(crate) fn use_selects_at_their_values() {
    use_effect(|| {
        let Some(all) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector_all("select[data-value]").ok())
        else {
            return;
        };
        for select in (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(n).ok())
        {
            match select.get_attribute("data-value") {
                Some(value) if select.value() != value => select.set_value(&value),
                _ => {}
            }
        }
    });
}

/// A select whose options are `(value, label)`, the one equal to `current` selected,
/// dispatching `to_action(value)` on change.
pub(crate) fn select(
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
    let error = FieldError::of(state.field_error_for(&label), &label);
    html! {
        <>
        <select aria-label={label} ref={node} {onchange} data-value={current.to_string()}
            aria-invalid={error.invalid()} aria-describedby={error.id()}>
            { for options.into_iter().map(|(value, text)| {
                let selected = value == current;
                html! { <option {selected} {value}>{ text }</option> }
            }) }
        </select>
        { error.note() }
        </>
    }
}

/// Why a form's field was not taken, said at the field: the field is marked invalid and
/// described by the words, which follow it.
pub(crate) struct FieldError {
    why: Option<String>,
    id: String,
}

impl FieldError {
    /// The error of the field labelled `label`, if any (see `AppState::field_error_for`).
    pub(crate) fn of(why: Option<&str>, label: &str) -> FieldError {
        FieldError {
            why: why.map(str::to_string),
            id: format!("error-{}", crate::files::slug(label, 60)),
        }
    }

    /// `aria-invalid` of the field.
    pub(crate) fn invalid(&self) -> Option<AttrValue> {
        self.why.as_ref().map(|_| AttrValue::Static("true"))
    }

    /// `aria-describedby` of the field: its error's words.
    pub(crate) fn id(&self) -> Option<AttrValue> {
        self.why.as_ref().map(|_| AttrValue::from(self.id.clone()))
    }

    /// The words, after the field.
    pub(crate) fn note(&self) -> Html {
        match &self.why {
            Some(why) => {
                html! { <span class="field-error" id={self.id.clone()}>{ why.clone() }</span> }
            }
            None => html! {},
        }
    }
}

/// A select of listed values (see `Choices::listed`) with an empty choice first; a value
/// the list lacks stays offered, so that what was typed or stored is never lost. With
/// `error`, the id of the message that describes it, it is marked invalid.
pub(crate) fn list_select(
    options: Vec<(String, String)>,
    value: &str,
    label: String,
    empty: &'static str,
    disabled: bool,
    error: Option<String>,
    onchange: Callback<Event>,
) -> Html {
    let extra = (!value.is_empty() && !options.iter().any(|(v, _)| v == value))
        .then(|| (value.to_string(), value.to_string()));
    let invalid = error.as_ref().map(|_| "true");
    html! {
        <select aria-label={label} {disabled} aria-invalid={invalid} aria-describedby={error} {onchange}
            data-value={value.to_string()}>
            <option value="" selected={value.is_empty()}>{ empty }</option>
            { for options.into_iter().chain(extra).map(|(v, shown)| {
                let chosen = v == value;
                html! { <option selected={chosen} value={v}>{ shown }</option> }
            }) }
        </select>
    }
}

/// A table's column headings: `<thead>` with a `<th scope="col">` a name. One function for
/// every table that names its columns in words: each element written with `html!` costs
/// about 300 bytes of wasm where it is written (docs/performance.md).
#[inline(never)]
pub(crate) fn column_heads(names: &[&'static str]) -> Html {
    html! {
        <thead><tr>{ for names.iter().map(|n| html! { <th scope="col">{ *n }</th> }) }</tr></thead>
    }
}

/// A screen as a component of its own: `view` renders it from the app's state, and it
/// renders again only when `unchanged` says that what it shows has changed, not at every
/// change of the app (typing in a form, opening a pane, switching a tab). Each screen
/// keeps its `unchanged` next to its view, naming the parts of the state the view reads.
#[derive(Properties, Clone)]
pub(crate) struct ScreenProps {
    /// The app's state (its dispatch stays valid while the screen is not rendered).
    pub state: UseReducerHandle<AppState>,
    /// The state this render of the app drew (the handle reads the latest one, so the
    /// comparison needs a copy of its own).
    pub shown: std::rc::Rc<AppState>,
    /// Renders the screen.
    pub view: fn(&UseReducerHandle<AppState>) -> Html,
    /// Whether the screen shows the same in both states.
    pub unchanged: fn(&AppState, &AppState) -> bool,
}

impl PartialEq for ScreenProps {
    fn eq(&self, other: &ScreenProps) -> bool {
        std::ptr::fn_addr_eq(self.view, other.view) && (self.unchanged)(&self.shown, &other.shown)
    }
}

/// See [`ScreenProps`].
#[function_component(Screen)]
pub(crate) fn screen_component(props: &ScreenProps) -> Html {
    (props.view)(&props.state)
}

/// A [`Screen`] of `view`, rendered again when `unchanged` says so.
pub(crate) fn screen(
    state: &UseReducerHandle<AppState>,
    shown: &std::rc::Rc<AppState>,
    view: fn(&UseReducerHandle<AppState>) -> Html,
    unchanged: fn(&AppState, &AppState) -> bool,
) -> Html {
    html! { <Screen state={state.clone()} shown={shown.clone()} {view} {unchanged} /> }
}

/// Whether two states hold the session at the same point (same session, same revision):
/// what every screen drawn from the engine's state depends on.
pub(crate) fn same_session(a: &AppState, b: &AppState) -> bool {
    a.session == b.session && a.revision == b.revision
}

/// A count as the page writes it, with thousands separated ("110,000").
pub(crate) fn thousands(n: usize) -> String {
    dualwrite_engine::value::thousands(n as u64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_separated() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (110_000, "110,000"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(super::thousands(n), text);
        }
    }
}
