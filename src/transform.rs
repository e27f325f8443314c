//! The pane of a column mapping, as the product opens it from the map type: its direction
//! and its **Transform** (none, **Default**, or a **Value map** of pairs), or its JSON
//! shown and edited directly. Editable while the map is Not running; the engine checks
//! the mapping when it is saved (`SetMappings`) and a refusal is shown in the pane.
//! This module holds the pane's state, its reducer and its view.

use dualwrite_engine::locate::{Choices, TransformField, TransformInput};
use dualwrite_engine::map::{ColumnMapping, Transform};
use dualwrite_engine::{Direction, Side, Simulator};
use yew::prelude::*;

use crate::state::{Action, AppState, Notice};
use crate::widgets::{dialog_described, on};

/// Which transform the pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// No transform: values are copied as they are.
    None,
    /// A value written when the source is empty.
    Default,
    /// Pairs of values, FinOps <-> Dataverse.
    ValueMap,
}

/// The open pane: the mapping being edited, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransformPane {
    /// The map.
    pub map: String,
    /// The mapping's place in the map's list.
    pub at: usize,
    /// The mapping as the fields and the JSON last agreed on it.
    pub mapping: ColumnMapping,
    /// The mapping as it was when the pane opened (saved only over that).
    pub opened: ColumnMapping,
    /// The direction chosen.
    pub direction: Direction,
    /// The transform chosen.
    pub kind: Kind,
    /// The default's text.
    pub default: String,
    /// The value map's pairs, as text (FinOps, Dataverse).
    pub pairs: Vec<(String, String)>,
    /// The JSON being edited, when "Show JSON" is on.
    pub json: Option<String>,
    /// Why the last save was refused.
    pub error: Option<String>,
    /// The field that refusal is about, marked invalid and given the focus.
    pub error_at: Option<At>,
    /// Refusals so far: each takes the focus to the field refused.
    pub refusals: u32,
    /// What the last change of the pairs did, for screen readers ("Pair 2 removed: the
    /// pairs after it moved up"): a removed row is otherwise silent.
    pub said: Option<String>,
}

/// Where in the pane a refusal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// A field of the transform (the default, a pair's value).
    Field(TransformField),
    /// The JSON being edited.
    Json,
}

/// The id of the pane's refusal, which describes the field refused.
const ERROR_ID: &str = "transform-error";

/// What the pane's fields and buttons do.
#[derive(Clone, Debug, PartialEq)]
pub enum TransformAction {
    /// Open the pane of a map's mapping (by place).
    Open(String, usize),
    /// Close without saving.
    Close,
    /// Choose the direction.
    Direction(Direction),
    /// Choose the transform.
    Kind(Kind),
    /// Type the default.
    Default(String),
    /// Type a pair's FinOps value.
    FinOps(usize, String),
    /// Type a pair's Dataverse value.
    Dataverse(usize, String),
    /// Add an empty pair.
    AddPair,
    /// Remove a pair.
    RemovePair(usize),
    /// Show the mapping's JSON (or go back to the fields).
    ShowJson(bool),
    /// Type the JSON.
    Json(String),
    /// Save: the engine checks the mapping.
    Save,
}

impl TransformPane {
    fn of(map: String, at: usize, mapping: ColumnMapping) -> TransformPane {
        let (kind, default, pairs) = match &mapping.transform {
            None => (Kind::None, String::new(), Vec::new()),
            Some(Transform::Default(v)) => (Kind::Default, v.to_string(), Vec::new()),
            Some(Transform::ValueMap(pairs)) => (
                Kind::ValueMap,
                String::new(),
                pairs
                    .iter()
                    .map(|(f, d)| (f.to_string(), d.to_string()))
                    .collect(),
            ),
        };
        TransformPane {
            map,
            at,
            direction: mapping.direction,
            opened: mapping.clone(),
            mapping,
            kind,
            default,
            pairs,
            json: None,
            error: None,
            error_at: None,
            refusals: 0,
            said: None,
        }
    }

    /// Says why a save (or a switch of view) was refused, at the field it is about.
    fn refuse(&mut self, (at, message): (Option<At>, String)) {
        self.error = Some(message);
        self.error_at = at;
        self.refusals += 1;
    }

    /// The mapping the pane describes: from its JSON when shown, otherwise from its
    /// fields, each value read by the engine as its column's type. A refusal says where.
    fn read(&self, sim: &Simulator) -> Result<ColumnMapping, (Option<At>, String)> {
        if let Some(json) = &self.json {
            let in_json = |e: String| (Some(At::Json), e);
            let mapping = dualwrite_engine::format::from_json::<ColumnMapping>(json)
                .map_err(|e| in_json(e.to_string()))?;
            dualwrite_engine::locate::no_empty_transform(&mapping).map_err(in_json)?;
            sim.check_transform(&self.map, &mapping)
                .map_err(|e| in_json(e.message))?;
            if let Ok(map) = sim.map(&self.map) {
                dualwrite_engine::locate::not_mapped_already(
                    &map.mappings,
                    &mapping,
                    Some(self.at),
                )
                .map_err(in_json)?;
            }
            return Ok(mapping);
        }
        let input = match self.kind {
            Kind::None => TransformInput::None,
            Kind::Default => TransformInput::Default(&self.default),
            Kind::ValueMap => TransformInput::ValueMap(&self.pairs),
        };
        let draft = ColumnMapping {
            direction: self.direction,
            ..self.mapping.clone()
        };
        let at_field =
            |e: dualwrite_engine::locate::TransformError| (e.field.map(At::Field), e.message);
        let transform = sim
            .read_transform(&self.map, &draft, input)
            .map_err(at_field)?;
        let mapping = ColumnMapping {
            direction: self.direction,
            transform,
            ..self.mapping.clone()
        };
        // Checked as the map's Save will check it, so that a pair refused is marked.
        sim.check_transform(&self.map, &mapping).map_err(at_field)?;
        Ok(mapping)
    }
}

/// The pane's part of the reducer.
pub(crate) fn reduce(state: &mut AppState, action: TransformAction) {
    if let TransformAction::Open(map, at) = action {
        let mapping = state
            .map_part(&map, |m| m.mappings.get(at).cloned())
            .flatten();
        state.transform = mapping.map(|m| TransformPane::of(map, at, m));
        return;
    }
    // The engine's refusal of this pane's last Save (said in the pane and the notice) is
    // not this attempt's: the pane says what is wrong now (and the notice again if the
    // engine refuses again). Another action's notice stays.
    let earlier = state.transform.as_ref().and_then(|p| p.error.as_ref());
    let said_here = matches!((&state.notice, earlier), (Some(Notice::Error(n)), Some(e)) if n == e);
    // What the pane said of the last Save is about the fields as they were: an edit of
    // them takes it away, here and in the notice (a Save says again what is still wrong).
    let edit = matches!(
        action,
        TransformAction::Direction(_)
            | TransformAction::Kind(_)
            | TransformAction::Default(_)
            | TransformAction::FinOps(..)
            | TransformAction::Dataverse(..)
            | TransformAction::AddPair
            | TransformAction::RemovePair(_)
            | TransformAction::Json(_)
    );
    if said_here && (edit || matches!(action, TransformAction::Save | TransformAction::ShowJson(_)))
    {
        state.notice = None;
    }
    let Some(pane) = state.transform.as_mut() else {
        return;
    };
    if edit {
        pane.error = None;
        pane.error_at = None;
    }
    pane.said = None;
    match action {
        TransformAction::Open(..) => {}
        TransformAction::Close => state.transform = None,
        TransformAction::Direction(d) => pane.direction = d,
        TransformAction::Kind(k) => pane.kind = k,
        TransformAction::Default(text) => pane.default = text,
        TransformAction::FinOps(i, text) => {
            if let Some(p) = pane.pairs.get_mut(i) {
                p.0 = text;
            }
        }
        TransformAction::Dataverse(i, text) => {
            if let Some(p) = pane.pairs.get_mut(i) {
                p.1 = text;
            }
        }
        TransformAction::AddPair => pane.pairs.push(Default::default()),
        TransformAction::RemovePair(i) => {
            if i < pane.pairs.len() {
                let (f, d) = pane.pairs.remove(i);
                let moved = if i < pane.pairs.len() {
                    ": the pairs after it moved up"
                } else {
                    ""
                };
                pane.said = Some(format!("Pair {} removed ({f}, {d}){moved}", i + 1));
            }
        }
        TransformAction::ShowJson(true) => {
            let shown = pane.read(state.session.borrow().state());
            match shown {
                Ok(m) => {
                    pane.json = Some(dualwrite_engine::format::indented(
                        &serde_json::to_string(&m).unwrap_or_default(),
                    ));
                    pane.error = None;
                    pane.error_at = None;
                }
                Err(e) => pane.refuse(e),
            }
        }
        TransformAction::ShowJson(false) => match pane.read(state.session.borrow().state()) {
            Ok(m) => {
                let opened = pane.opened.clone();
                *pane = TransformPane::of(pane.map.clone(), pane.at, m);
                pane.opened = opened;
            }
            Err(e) => pane.refuse(e),
        },
        TransformAction::Json(text) => pane.json = Some(text),
        TransformAction::Save => {
            let read = pane.read(state.session.borrow().state());
            let (map, at) = (pane.map.clone(), pane.at);
            let mapping = match read {
                Ok(m) => m,
                Err(e) => {
                    pane.refuse(e);
                    return;
                }
            };
            // Nothing changed: the pane closes, and no step is logged for it.
            if mapping == pane.opened {
                state.transform = None;
                return;
            }
            // The mappings may have changed since the pane opened (an undo): save only
            // over the mapping the pane shows.
            // (Through the session field: the pane is borrowed from the state.)
            let unchanged = state
                .session
                .borrow()
                .state()
                .map(&map)
                .ok()
                .and_then(|m| m.mappings.get(at).cloned());
            if unchanged.as_ref() != Some(&pane.opened) {
                pane.refuse((
                    None,
                    "the map's mappings changed since this pane opened: cancel and open it again"
                        .into(),
                ));
                return;
            }
            if state.change_mappings(&map, |ms| {
                if let Some(m) = ms.get_mut(at) {
                    *m = mapping;
                }
            }) {
                state.transform = None;
            } else if let (Some(pane), Some(Notice::Error(e))) =
                (state.transform.as_mut(), &state.notice)
            {
                let refused = (pane.json.is_some().then_some(At::Json), e.clone());
                pane.refuse(refused);
            }
        }
    }
}

/// A field's callback (`oninput` for text, `onchange` for a select) sending `make`'s
/// action with the field's value.
fn on_field<E: AsRef<Event> + 'static>(
    state: &UseReducerHandle<AppState>,
    make: impl Fn(String) -> TransformAction + 'static,
) -> Callback<E> {
    crate::widgets::on_value(state, move |v| Some(Action::Transform(make(v))))
}

/// Remove for pair `i` of `count`. The last pair's row goes with it, and its button with
/// the focus: the focus goes first to the pair before it, or to Add pair. (An earlier
/// pair's row stays, showing the next pair, and keeps the focus.)
fn remove_pair(state: &UseReducerHandle<AppState>, i: usize, count: usize) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_: MouseEvent| {
        if i + 1 == count {
            let next = match i {
                0 => ".transform-pane button.add-pair".to_string(),
                _ => format!(r#".transform-pane button[aria-label="Remove pair {i}"]"#),
            };
            if let Some(button) = crate::widgets::element(&next) {
                let _ = button.focus();
            }
        }
        state.dispatch(Action::Transform(TransformAction::RemovePair(i)));
    })
}

/// Add pair: the new pair's row comes, and the focus goes to its first value, to be
/// chosen or typed at once (after the render the dispatch asked for, queued before it).
fn add_pair(state: &UseReducerHandle<AppState>) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_: MouseEvent| {
        state.dispatch(Action::Transform(TransformAction::AddPair));
        wasm_bindgen_futures::spawn_local(async {
            let first =
                ".transform-pane .value-map tbody tr:last-child td:first-child :is(input, select)";
            if let Some(field) = crate::widgets::element(first) {
                let _ = field.focus();
            }
        });
    })
}

/// How a pair's value is sent: its action, given the pair's place and the value.
type PairEdit = fn(usize, String) -> TransformAction;

/// A value of a pair: a select where its column has a list, text otherwise.
fn value_field(
    choices: &Choices,
    (value, label): (&str, String),
    (editable, refused): (bool, bool),
    (state, make): (&UseReducerHandle<AppState>, PairEdit),
    pair: usize,
) -> Html {
    let error = refused.then(|| ERROR_ID.to_string());
    match choices.listed() {
        Some(options) => crate::widgets::list_select(
            options,
            value,
            label,
            "(choose)",
            !editable,
            error,
            on_field(state, move |v| make(pair, v)),
        ),
        None => html! {
            <input type="text" value={value.to_string()} disabled={!editable}
                aria-invalid={refused.then_some("true")} aria-describedby={error}
                aria-label={label} oninput={on_field(state, move |v| make(pair, v))} />
        },
    }
}

/// The pane, as a dialog.
pub fn view(state: &UseReducerHandle<AppState>, sim: &Simulator, first: &NodeRef) -> Html {
    let Some(pane) = &state.transform else {
        return html! {};
    };
    let editable = sim.can_edit(&pane.map);
    // The field a refusal is about: marked invalid, described by the refusal.
    let refused = |at: At| pane.error.is_some() && pane.error_at == Some(at);
    let marked = |at: At| {
        (
            refused(at).then_some("true"),
            refused(at).then_some(ERROR_ID),
        )
    };
    // A pair's values are chosen from lists where the columns have them (enum labels,
    // option sets with their labels, lookup keys).
    let choices = [Side::FinOps, Side::Dataverse]
        .map(|side| sim.mapping_choices(&pane.map, &pane.mapping, side));
    let act = |a: TransformAction| on::<MouseEvent>(state, Action::Transform(a));
    let kind = |k: Kind, label: &str| {
        let id = format!("transform-kind-{k:?}").to_ascii_lowercase();
        html! {
            <p class="option">
                <input type="radio" name="transform-kind" id={id.clone()} checked={pane.kind == k}
                    disabled={!editable}
                    onchange={on::<Event>(state, Action::Transform(TransformAction::Kind(k)))} />
                <label for={id}>{ label.to_string() }</label>
            </p>
        }
    };
    let fields = html! {
        <>
            <p>
                <label for="transform-direction">{ "Map type " }</label>
                <select id="transform-direction" disabled={!editable}
                    data-value={crate::widgets::place(Direction::ALL, pane.direction)}
                    ref={if editable { first.clone() } else { NodeRef::default() }}
                    onchange={on_field::<Event>(state, |v| {
                        let d = v.parse::<usize>().ok().and_then(|i| Direction::ALL.get(i).copied());
                        TransformAction::Direction(d.unwrap_or(Direction::Both))
                    })}>
                    { for Direction::ALL.iter().enumerate().map(|(i, d)| html! {
                        <option value={i.to_string()} selected={*d == pane.direction}>
                            { format!("{} ({})", d.symbol(false), d.describe()) }
                        </option>
                    }) }
                </select>
            </p>
            <fieldset>
                <legend>{ "Transform" }</legend>
                { kind(Kind::None, "None: values are copied as they are") }
                { kind(Kind::Default, "Default: written when the source is empty") }
                { kind(Kind::ValueMap, "Value map: pairs of values") }
            </fieldset>
            if pane.kind == Kind::Default {
                <p>
                    <label for="transform-default">{ "Default value " }</label>
                    <input id="transform-default" type="text" value={pane.default.clone()} disabled={!editable}
                        aria-invalid={marked(At::Field(TransformField::Default)).0}
                        aria-describedby={marked(At::Field(TransformField::Default)).1}
                        oninput={on_field::<InputEvent>(state, TransformAction::Default)} />
                </p>
            }
            if pane.kind == Kind::ValueMap {
                <table class="value-map" aria-label="Value map">
                    <thead><tr>
                        <th scope="col">{ "Finance and operations value" }</th>
                        <th scope="col">{ "Dataverse value" }</th>
                        <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                    </tr></thead>
                    <tbody>
                        // Keyed by place: a row stays where it is as a pair after it goes.
                        { for pane.pairs.iter().enumerate().map(|(i, (f, d))| html! {
                            <tr key={i}>
                                <td>{ value_field(&choices[0], (f, TransformField::Pair(i, Side::FinOps).name()),
                                    (editable, refused(At::Field(TransformField::Pair(i, Side::FinOps)))),
                                    (state, TransformAction::FinOps), i) }</td>
                                <td>{ value_field(&choices[1], (d, TransformField::Pair(i, Side::Dataverse).name()),
                                    (editable, refused(At::Field(TransformField::Pair(i, Side::Dataverse)))),
                                    (state, TransformAction::Dataverse), i) }</td>
                                <td><button type="button" disabled={!editable}
                                    aria-label={format!("Remove pair {}", i + 1)}
                                    onclick={remove_pair(state, i, pane.pairs.len())}>{ "Remove" }</button></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <button type="button" class="add-pair" disabled={!editable} onclick={add_pair(state)}>{ "Add pair" }</button>
            }
        </>
    };
    let body = html! {
        <>
            <p>{ format!("{} and {}", pane.mapping.finops, pane.mapping.dataverse) }</p>
            // Read only, the dialog is described by why (its focus is on Close).
            if let Some(why) = sim.why_not_edit(&pane.map, dualwrite_engine::Edit::Mappings) {
                <p class="hint" id="transform-readonly">{ format!("Read only: {why}.") }</p>
            }
            { match &pane.json {
                Some(json) => html! {
                    <>
                        <label for="transform-json">{ "The mapping as JSON" }</label>
                        <textarea id="transform-json" rows="10" value={json.clone()} readonly={!editable}
                            aria-invalid={marked(At::Json).0} aria-describedby={marked(At::Json).1}
                            oninput={on_field::<InputEvent>(state, TransformAction::Json)} />
                    </>
                },
                None => fields,
            } }
            // A pair removed is said (its row goes silently); there from the start, so that
            // the words are announced.
            <p class="sr-only" role="status">{ pane.said.clone().unwrap_or_default() }</p>
            if let Some(error) = &pane.error {
                <p class="notice error" role="alert" id={ERROR_ID}><strong>{ "Not saved: " }</strong>{ error }</p>
            }
            <div class="buttons">
                <button type="button" onclick={act(TransformAction::ShowJson(pane.json.is_none()))}>
                    { if pane.json.is_some() { "Show fields" } else { "Show JSON" } }
                </button>
                if editable {
                    <button type="button" class="primary" onclick={act(TransformAction::Save)}>{ "Save" }</button>
                }
                // Read-only, the fields cannot take the focus: Close does.
                <button type="button" onclick={act(TransformAction::Close)}
                    ref={if editable { NodeRef::default() } else { first.clone() }}>
                    { if editable { "Cancel" } else { "Close" } }
                </button>
            </div>
        </>
    };
    dialog_described(
        state,
        "transform-pane",
        &format!("Mapping {}", pane.mapping.label()),
        Action::Transform(TransformAction::Close),
        body,
        (!editable).then_some("transform-readonly"),
    )
}
