//! A table's rows, at any size: only the rows in view are rendered while the grid
//! scrolls (with the total count), a column header sorts, a find box filters on the key,
//! and each row edits in place through the engine (the error at the cell, the text kept).
//!
//! Scrolling, sorting and finding are the grid's own state (no engine command, no app
//! re-render); the order of the rows is computed once per change of the session or of
//! the sort and find, not per scroll.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use dualwrite_engine::format::one_decimal;
use dualwrite_engine::locate::{Choices, RowAt};
use dualwrite_engine::{RowId, Side};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::{Action, AppState, RowEditor};
use crate::widgets::{on, thousands};

/// Height of a row, in CSS pixels (the stylesheet gives rows exactly this height).
pub const ROW_PX: u32 = 32;
/// Rows in view (the viewport is this many rows high, below its headings).
pub const VISIBLE: usize = 9;
/// The height of the viewport's headings, in CSS pixels, and a scrollbar's room: the rows
/// counted are whole in view (measured: headings 24, or 37 with a key column's "(key)"
/// under its name). (The grid's title is above the viewport.)
const HEAD_PX: u32 = 43;
/// Rows rendered beyond the view on each side, so that a short scroll shows no gap.
pub const OVERSCAN: usize = 6;
/// The most rows drawn at once: the view and the rows beyond it on each side.
const DRAWN: usize = VISIBLE + 2 * OVERSCAN;

/// The columns hidden in each table's grid (by side and table), for as long as the page
/// lives: a grid shown again (another map selected, then this one) hides what it hid.
/// Sorting and finding start afresh, as a grid's own state.
#[derive(Clone, Default)]
pub struct HiddenColumns(Rc<std::cell::RefCell<HiddenByTable>>);

/// The columns hidden, by side and table name.
type HiddenByTable = std::collections::HashMap<(Side, String), BTreeSet<String>>;

impl PartialEq for HiddenColumns {
    fn eq(&self, other: &HiddenColumns) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The grid's props.
#[derive(Properties, PartialEq)]
pub struct GridProps {
    /// The app (the session and the row editor).
    pub state: UseReducerHandle<AppState>,
    /// The side.
    pub side: Side,
    /// The table's name.
    pub table: AttrValue,
    /// The map whose table this is (a selected row's pair is found through it).
    pub map: AttrValue,
}

/// Sort: a column's place and ascending or not.
type Sort = Option<(usize, bool)>;

/// The rows' roving tab stop: a row and its button (0 select, 1 edit, 2 delete).
type Cursor = UseStateHandle<Option<(RowId, usize)>>;

/// The observer of the key heading's width, and its callback (kept alive with it).
type KeyWidthWatch = (
    web_sys::ResizeObserver,
    wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
);

/// The row a Delete was clicked on, and the row after it (the focus's next place).
type Deleting = Rc<RefCell<Option<(RowId, Option<RowId>)>>>;

/// The rows of one table of one side.
#[function_component(Grid)]
pub fn grid(props: &GridProps) -> Html {
    let first = use_state(|| 0usize);
    let sort = use_state(|| None::<(usize, bool)>);
    let query = use_state(String::new);
    let viewport = use_node_ref();
    // One tab stop for the rows and one for the headings (roving): the row and button
    // (0 select, 1 edit, 2 delete) that hold it, and the heading that holds it; arrow
    // keys move them. A move asks for the focus, given once the row is rendered.
    let cursor = use_state(|| None::<(RowId, usize)>);
    let head_stop = use_state(|| 0usize);
    // The columns the user hid, by name (never a key column: the first holds the row's
    // button and marks, and the others tell rows with the same first key apart), as this
    // table's grid last had them, with the menu that hides them.
    let remembered = use_context::<HiddenColumns>().unwrap_or_default();
    let hidden = {
        let (remembered, key) = (remembered.clone(), (props.side, props.table.to_string()));
        use_state(move || remembered.0.borrow().get(&key).cloned().unwrap_or_default())
    };
    {
        let key = (props.side, props.table.to_string());
        use_effect_with((*hidden).clone(), move |hidden| {
            remembered.0.borrow_mut().insert(key, hidden.clone());
        });
    }
    // The row's actions stay in view beside its key as the grid scrolls sideways: they
    // stick at the key column's width, which the rows in view set (watched, not read at
    // each render).
    {
        let viewport = viewport.clone();
        use_effect_with((), move |_| {
            let watch = watch_key_width(&viewport);
            move || {
                if let Some((observer, _callback)) = watch {
                    observer.disconnect();
                }
            }
        });
    }
    let column_menu = use_node_ref();
    // A focus asked for, given at the next render that moves the tab stop.
    let want_focus = use_mut_ref(|| None::<String>);
    // The find box's and the sort's words for a screen reader, with what they were for.
    let said_cache: SaidCache = use_mut_ref(|| (None, String::new()));
    let deleting: Deleting = use_mut_ref(|| None);
    {
        let (deleting, cursor, viewport) = (deleting.clone(), cursor.clone(), viewport.clone());
        let (state, side, table) = (props.state.clone(), props.side, props.table.clone());
        use_effect(move || {
            if let Some(grid) = viewport.cast::<web_sys::Element>() {
                let session = state.session.borrow();
                let tables = session.state().world.tables(side);
                after_delete(&grid, &deleting, &cursor, |row| {
                    tables
                        .get(&table)
                        .is_some_and(|t| t.rows.contains_key(&row))
                });
            }
        });
    }
    // Unsorted and unfiltered, the order is the id order, which changes only when rows
    // come or go (the count or the next id moves: in a linear history, two states with
    // the same of both have the same rows); sorted or filtered, any step may change it.
    // So a cell edit at 150k rows does not recompute the order of 150k ids.
    // What the order depends on: the rows' number and ids, and, sorted or found by key,
    // their values: the table's count of writes, which a step that writes nothing here
    // (a clock beat while the map idles, a write to the other side's table) leaves as
    // it was, so that 100k rows are not sorted again at every step.
    let shape = {
        let session = props.state.session.borrow();
        let t = session.state().world.tables(props.side).get(&props.table);
        let (count, next) = t.map_or((0, 0), |t| (t.rows.len(), t.next_id));
        let values_matter = sort.is_some() || !query.is_empty();
        let changes = t.map_or(0, |t| t.changes());
        (count, next, values_matter.then_some(changes))
    };
    let order = {
        let state = props.state.clone();
        use_memo(
            (
                shape,
                props.state.session.clone(),
                props.side,
                props.table.clone(),
                *sort,
                (*query).clone(),
            ),
            move |(_, _, side, table, sort, query)| {
                rows_in_order(&state, *side, table, *sort, query)
            },
        )
    };
    // The rows the last step wrote (the user's and dual-write's), highlighted until the
    // next step.
    let written = {
        let state = props.state.clone();
        use_memo(
            (
                props.state.revision,
                props.state.session.clone(),
                props.side,
                props.table.clone(),
            ),
            move |(_, _, side, table)| {
                let session = state.session.borrow();
                session
                    .last_written(*side, table)
                    .into_iter()
                    .collect::<std::collections::HashSet<RowId>>()
            },
        )
    };
    // A new order (a sort, a find typed or cleared) starts at its first row: the view is
    // scrolled there, where the rows drawn are, not left at the old place with none in
    // it. (Before the effects below, which may scroll on to a row shown.)
    {
        let (viewport, first) = (viewport.clone(), first.clone());
        use_effect_with((*sort, (*query).clone()), move |_| {
            if let Some(el) = viewport.cast::<web_sys::Element>() {
                el.set_scroll_top((*first as u32 * ROW_PX) as i32);
            }
        });
    }
    // A row shown from the details (or selected) in this table scrolls into view. Whether
    // this render scrolled: its rows move at the next render (they are drawn by place),
    // so a field focused now would be replaced.
    let scrolling = use_mut_ref(|| false);
    {
        let (viewport, first, query, order, scrolling) = (
            viewport.clone(),
            first.clone(),
            query.clone(),
            order.clone(),
            scrolling.clone(),
        );
        let target = props
            .state
            .selected_row
            .clone()
            .filter(|at| at.side == props.side && *at.table == *props.table);
        // Only a new "Show row" scrolls (selecting a row by hand does not); the effect
        // runs again when the find box is cleared for it.
        let handled = use_mut_ref(|| 0u64);
        let reveal = props.state.reveal;
        use_effect_with(
            (reveal, target, (*query).clone()),
            move |(reveal, target, typed)| {
                let Some(at) = target.as_ref().filter(|_| *handled.borrow() != *reveal) else {
                    return;
                };
                match order.iter().position(|id| *id == at.id) {
                    Some(place) => {
                        *handled.borrow_mut() = *reveal;
                        if let Some(el) = viewport.cast::<web_sys::Element>() {
                            el.set_scroll_top((place as u32 * ROW_PX) as i32);
                        }
                        if place != *first {
                            *scrolling.borrow_mut() = true;
                            first.set(place);
                        }
                    }
                    // Hidden by the find box: clear it (this effect runs again).
                    None if !typed.is_empty() => query.set(String::new()),
                    None => *handled.borrow_mut() = *reveal,
                }
            },
        );
    }
    // The row editor, when it is open on a row of this grid.
    let editor_here = props
        .state
        .editor
        .as_ref()
        .filter(|e| e.side == props.side && *e.table == *props.table);
    // A save refused at a cell takes the focus to that cell's field, where the fix is
    // typed (its message is read with it: the field is described by it), not left on
    // Save.
    {
        let viewport = viewport.clone();
        let refused_at = editor_here.and_then(|e| match &e.error {
            Some((Some(p), _)) => Some((*p, e.refusals)),
            _ => None,
        });
        use_effect_with(refused_at, move |refused| {
            if let Some((p, _)) = refused {
                focus_in(&viewport, &field_at(*p));
            }
        });
    }
    // When the editor opens or closes, the grid scrolls back to its first columns: a grid
    // scrolled sideways would leave the first fields under the sticky key column (or the
    // keys out of view). An editor that opens takes the focus in its first field, which
    // the trainee edits first.
    {
        let viewport = viewport.clone();
        let editing_here = editor_here.map(|e| (e.row, e.focus));
        let last = use_mut_ref(|| None::<Option<RowId>>);
        let (want_focus, scrolling) = (want_focus.clone(), scrolling.clone());
        let (order, first) = (order.clone(), first.clone());
        use_effect_with(editing_here, move |editing| {
            if let Some(el) = viewport.cast::<web_sys::Element>() {
                el.set_scroll_left(0);
            }
            let closed = last.replace(editing.map(|(row, _)| row));
            if let Some((_, focus)) = editing {
                // The column Show row named (its cell: the key's first, then the actions,
                // then every column in order), or the first field.
                let field = match focus {
                    Some(p) => field_at(*p),
                    None => "tr.editing input, tr.editing select".to_string(),
                };
                // A row "Show row" opens is in place only once the grid has scrolled to
                // it: then the focus is given at that render.
                let moving = std::mem::take(&mut *scrolling.borrow_mut());
                if moving || !focus_in(&viewport, &field) {
                    *want_focus.borrow_mut() = Some(field);
                }
            } else if let Some(row) = closed {
                // Saved or cancelled from the keyboard, the focus (left on the page when
                // the editor went) returns to the row's Edit, or to New row.
                let on_page = crate::widgets::focused().is_none();
                match row {
                    Some(row) if on_page => {
                        let edit = format!("button[data-row=\"{}\"][data-b=\"1\"]", row.0);
                        // In a sorted grid the row saved may have moved out of view:
                        // brought back into it, its Edit takes the focus once drawn.
                        if !focus_in(&viewport, &edit) {
                            if let Some(place) = order.iter().position(|id| *id == row) {
                                if let Some(el) = viewport.cast::<web_sys::Element>() {
                                    el.set_scroll_top((place as u32 * ROW_PX) as i32);
                                }
                                *want_focus.borrow_mut() = Some(edit);
                                first.set(place);
                            }
                        }
                    }
                    None if on_page => {
                        if let Some(grid) = viewport.cast::<web_sys::Element>() {
                            focus_new_row(&grid);
                        }
                    }
                    _ => {}
                }
            }
        });
    }
    {
        let (viewport, want_focus, scrolling) =
            (viewport.clone(), want_focus.clone(), scrolling.clone());
        // A request is tried once, at the render after the move (the row scrolled in).
        use_effect_with((*cursor, *first, *head_stop), move |_| {
            *scrolling.borrow_mut() = false;
            let asked = want_focus.borrow_mut().take();
            if let Some(selector) = asked {
                focus_in(&viewport, &selector);
            }
        });
    }
    // A row of this grid unselected from elsewhere (the comparison's Close, which goes
    // with it) gives the focus, left on the page, back to the row's own button. Not when
    // another row was selected instead (a row saved in the other grid is): the focus is
    // that grid's to give.
    {
        let viewport = viewport.clone();
        let here = props
            .state
            .selected_row
            .as_ref()
            .filter(|at| at.side == props.side && *at.table == *props.table)
            .map(|at| at.id);
        let none_selected = props.state.selected_row.is_none();
        let last = use_mut_ref(|| None::<RowId>);
        use_effect_with((here, none_selected), move |(here, none_selected)| {
            let was = last.replace(*here);
            if let (Some(row), None, true) = (was, here, none_selected) {
                // Only when the control that had the focus went with the unselection (the
                // comparison's Close), not when another control was pressed.
                let gone = crate::widgets::last_focused().is_none_or(|e| !e.is_connected());
                if gone && crate::widgets::focused().is_none() {
                    focus_in(
                        &viewport,
                        &format!("button[data-row=\"{}\"][data-b=\"0\"]", row.0),
                    );
                }
            }
        });
    }
    let state = &props.state;
    let side = props.side;
    let session = state.session.borrow();
    // The selected row, here or as the pair of one selected on the other side.
    let (selected, pair) = match &state.selected_row {
        Some(at) if at.side == side && *at.table == *props.table => (Some(at.id), None),
        Some(at) if at.side != side => (None, session.state().pair_of(&props.map, at)),
        _ => (None, None),
    };
    // A row selected on the other side brings its pair here into view, once (the trainee
    // may scroll away from it after). A pair the find box hides when the row is selected
    // clears it, as Show row does (the order then has the pair, and this effect runs
    // again); only then: a find typed after the selection stays.
    {
        let (viewport, first, order) = (viewport.clone(), first.clone(), order.clone());
        let query = query.clone();
        type Selected = Option<dualwrite_engine::locate::RowAt>;
        let seen = use_mut_ref(|| None::<(Selected, Option<RowId>)>);
        let last_selected = use_mut_ref(|| None::<Selected>);
        let selected = state.selected_row.clone();
        use_effect_with((selected, pair, order.len()), move |(selected, pair, _)| {
            let before = last_selected.replace(Some(selected.clone()));
            let new_selection = before.as_ref() != Some(selected);
            let this = (selected.clone(), *pair);
            if seen.borrow().as_ref() == Some(&this) {
                return;
            }
            let Some(place) = pair.and_then(|p| order.iter().position(|o| *o == p)) else {
                if pair.is_some() && new_selection && !query.is_empty() {
                    query.set(String::new());
                } else {
                    *seen.borrow_mut() = Some(this);
                }
                return;
            };
            *seen.borrow_mut() = Some(this);
            if !(*first..*first + VISIBLE).contains(&place) {
                if let Some(el) = viewport.cast::<web_sys::Element>() {
                    el.set_scroll_top((place as u32 * ROW_PX) as i32);
                }
                first.set(place);
            }
        });
    }
    let Some(t) = session.state().world.tables(side).get(&props.table) else {
        return html! {};
    };
    let total = order.len();
    // The rows' buttons say which grid they are in (the same row key may be on both
    // sides): described by the grid's caption.
    let caption_id = format!(
        "caption-{side:?}-{}",
        props
            .table
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
    );
    let start = (*first)
        .min(total.saturating_sub(1))
        .saturating_sub(OVERSCAN);
    let end = (*first + VISIBLE + OVERSCAN).min(total);
    let onscroll = {
        let (first, viewport) = (first.clone(), viewport.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = viewport.cast::<web_sys::Element>() {
                // Scrolled to the end, the view ends at the last row (the headings' height
                // varies with the columns' names: the division alone may fall a row short).
                let at_end = el.scroll_top() + el.client_height() >= el.scroll_height() - 1;
                let row = if at_end {
                    total.saturating_sub(VISIBLE)
                } else {
                    (el.scroll_top().max(0) as u32 / ROW_PX) as usize
                };
                if row != *first {
                    first.set(row);
                }
            }
        })
    };
    let onfind = {
        let (query, first) = (query.clone(), first.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(input.value());
                first.set(0);
            }
        })
    };
    let editing = editor_here;
    // What each cell may hold, asked only while a row of this grid is in the editor.
    let choices: Vec<Choices> = match editing {
        Some(_) => (0..t.columns.len())
            .map(|i| session.state().world.choices(side, &props.table, i))
            .collect(),
        None => Vec::new(),
    };
    // The rows the table shows besides the table's own: the new row's editor (first) and
    // the line of a row's error (after its row). Counted, and the rows after them
    // numbered past them, so that a screen reader's "row n of m" is right.
    let new_row = editing.is_some_and(|e| e.row.is_none());
    let error_line = editing.filter(|e| matches!(e.error, Some((None, _))));
    // The place of the row the error line follows (`Some(None)`: the new row's); none
    // when there is no error line, or its row is not among the rows (hidden by Find).
    let error_after = error_line.and_then(|e| match e.row {
        None => Some(None),
        Some(id) => order.iter().position(|r| *r == id).map(Some),
    });
    let row_index = |place: usize| {
        let error_before =
            matches!(error_after, Some(None)) || matches!(error_after, Some(Some(p)) if p < place);
        place + 2 + usize::from(new_row) + usize::from(error_before)
    };
    let row_count = total + 1 + usize::from(new_row) + usize::from(error_after.is_some());
    // (`index`: the row's place in the table for screen readers, the heading row 1.)
    let editor_row = |e: &RowEditor, label: String, index: usize| {
        let row_error = match &e.error {
            Some((None, message)) => Some(message.clone()),
            _ => None,
        };
        // The fields, the key's first; Save and Cancel come right after it, as the rows'
        // actions do.
        let cells: Vec<Html> = t.columns.iter().zip(&e.draft).enumerate().map(|(i, (c, text))| {
                    let edit = move |value| Some(Action::EditCell(i, value));
                    let (onchange, oninput) = (
                        crate::widgets::on_value::<Event>(state, edit),
                        crate::widgets::on_value::<InputEvent>(state, edit),
                    );
                    let aria_label = format!("{} of {label}", c.name);
                    let error = match &e.error {
                        Some((Some(at), message)) if *at == i => Some(message.clone()),
                        _ => None,
                    };
                    let error_id = format!("cell-error-{side:?}-{i}");
                    let invalid = error.as_ref().map(|_| "true");
                    let described = error.as_ref().map(|_| error_id.clone());
                    // A list of values (an option set's with their labels) is a select.
                    let listed = choices.get(i).and_then(Choices::listed);
                    let input = match (listed, choices.get(i)) {
                        (Some(options), _) => crate::widgets::list_select(
                            options, text, aria_label, "(empty)", false, described, onchange,
                        ),
                        // A number field that hands the engine what was typed: a browser's
                        // number input reads "12,5" as 125 and gives "" for what it cannot
                        // read, which would save an empty cell. The engine checks the text and
                        // says what is wrong at the cell; the keyboard is a number pad.
                        (None, Some(Choices::Number { whole })) => html! {
                            <input type="text" inputmode={if *whole { "numeric" } else { "decimal" }}
                                autocomplete="off" spellcheck="false" value={text.clone()}
                                {oninput} aria-label={aria_label} aria-invalid={invalid}
                                aria-describedby={described} data-col={i.to_string()} />
                        },
                        _ => html! {
                            <input type="text" value={text.clone()} {oninput} aria-label={aria_label}
                                aria-invalid={invalid} aria-describedby={described} data-col={i.to_string()} />
                        },
                    };
                    html! {
                        // The first cell stays in view as the row scrolls sideways, as
                        // the rows' key cells do.
                        <td class={classes!((i == 0).then_some("row-key"), error.is_some().then_some("invalid"))}>
                            { input }
                            if let Some(message) = error {
                                // (Announced by the notice, which says the same: not twice.)
                                <span class="cell-error" id={error_id}>{ message }</span>
                            }
                        </td>
                    }
                }).collect();
        let mut cells = cells.into_iter();
        let key_cell = cells.next();
        // Enter in a field saves the row (with what the field holds now), Escape cancels.
        // On a list (a select, whose choice is already in the draft), Enter saves too
        // rather than opening the list: Space or Alt+Down opens it.
        let onkeydown = {
            let state = state.clone();
            Callback::from(move |ev: KeyboardEvent| match ev.key().as_str() {
                "Enter" if ev.target_dyn_into::<web_sys::HtmlSelectElement>().is_some() => {
                    ev.prevent_default();
                    state.dispatch(Action::SaveRow);
                }
                "Enter" => {
                    let field = ev.target_dyn_into::<web_sys::HtmlInputElement>();
                    let place = field
                        .as_ref()
                        .and_then(|f| f.get_attribute("data-col"))
                        .and_then(|c| c.parse::<usize>().ok());
                    if let (Some(field), Some(place)) = (field, place) {
                        ev.prevent_default();
                        state.dispatch(Action::EditCell(place, field.value()));
                        state.dispatch(Action::SaveRow);
                    }
                }
                "Escape" => {
                    ev.prevent_default();
                    state.dispatch(Action::CancelRow);
                }
                _ => {}
            })
        };
        html! {
            <>
            <tr class="editing" aria-rowindex={index.to_string()} {onkeydown}>
                { for key_cell }
                <td class="row-actions">
                    <button type="button" onclick={on::<MouseEvent>(state, Action::SaveRow)}>{ "Save" }</button>
                    <button type="button" onclick={on::<MouseEvent>(state, Action::CancelRow)}>{ "Cancel" }</button>
                </td>
                { for cells }
            </tr>
            if let Some(message) = row_error {
                <tr class="editing row-error" aria-rowindex={(index + 1).to_string()}>
                    // (Announced by the notice, which says the same: not twice.)
                    <td colspan={(t.columns.len() + 1).to_string()}>
                        <div class="row-error-text"><strong>{ "Not saved: " }</strong>{ message }</div>
                    </td>
                </tr>
            }
            </>
        }
    };
    let columns = t.columns.len();
    // The columns shown, by place: all of them while a row of this grid is in the editor
    // (its fields line up with the headings, and every cell can be typed).
    let shown_columns: Rc<Vec<usize>> = Rc::new(
        (0..columns)
            .filter(|p| {
                let name = &t.columns[*p].name;
                editing.is_some() || t.key.contains(name) || !hidden.contains(name)
            })
            .collect(),
    );
    let visible = |p: &usize| shown_columns.contains(p);
    let head = if visible(&head_stop) { *head_stop } else { 0 };
    // Left and Right (Home, End) move the headings' tab stop.
    let onheadkey = {
        let (head_stop, want_focus) = (head_stop.clone(), want_focus.clone());
        let shown_columns = shown_columns.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Moves go between the headings shown, skipping hidden columns.
            let at = shown_columns.iter().position(|p| *p == head).unwrap_or(0);
            let last = shown_columns.len().saturating_sub(1);
            let to = match e.key().as_str() {
                "ArrowLeft" => at.saturating_sub(1),
                "ArrowRight" => (at + 1).min(last),
                "Home" => 0,
                "End" => last,
                _ => return,
            };
            let to = shown_columns.get(to).copied().unwrap_or(0);
            e.prevent_default();
            if to != head {
                *want_focus.borrow_mut() = Some(format!("th button[data-col=\"{to}\"]"));
                head_stop.set(to);
            }
        })
    };
    let onheadfocus = {
        let head_stop = head_stop.clone();
        Callback::from(move |e: FocusEvent| {
            if let Some(p) = data_of(&e, "data-col") {
                if p != *head_stop {
                    head_stop.set(p);
                }
            }
        })
    };
    // The rows' tab stop: the row and button the keys last moved to while that row is
    // rendered, else the select button of the first row in view.
    // (Never the row in the editor: it has no buttons.)
    let edited = editing.and_then(|e| e.row);
    let rendered = &order[start..end];
    let stop = cursor
        .filter(|(id, _)| rendered.contains(id) && Some(*id) != edited)
        .or_else(|| {
            let from = (*first).min(total).saturating_sub(start);
            rendered[from.min(rendered.len())..]
                .iter()
                .chain(rendered.iter())
                .find(|id| Some(**id) != edited)
                .map(|id| (*id, 0))
        });
    // Up and Down (Page Up, Page Down, Home, End) move between rows, Left and Right
    // between a row's buttons; rows out of view scroll in.
    let onrowkey = {
        let (cursor, first, viewport, want_focus, order) = (
            cursor.clone(),
            first.clone(),
            viewport.clone(),
            want_focus.clone(),
            order.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let (Some(place), Some(b)) = (data_of(&e, "data-place"), data_of(&e, "data-b")) else {
                return;
            };
            let last = order.len().saturating_sub(1);
            let (to, b) = match e.key().as_str() {
                "ArrowDown" => ((place + 1).min(last), b),
                "ArrowUp" => (place.saturating_sub(1), b),
                "PageDown" => ((place + VISIBLE).min(last), b),
                "PageUp" => (place.saturating_sub(VISIBLE), b),
                "Home" if e.ctrl_key() => (0, b),
                "End" if e.ctrl_key() => (last, b),
                "ArrowRight" => (place, (b + 1).min(2)),
                "ArrowLeft" => (place, b.saturating_sub(1)),
                "Home" => (place, 0),
                "End" => (place, 2),
                _ => return,
            };
            e.prevent_default();
            let Some(id) = order.get(to).copied() else {
                return;
            };
            // Scrolled so that the row is in view.
            let top = if to < *first {
                Some(to)
            } else if to >= *first + VISIBLE {
                Some(to + 1 - VISIBLE)
            } else {
                None
            };
            if let Some(top) = top {
                if let Some(el) = viewport.cast::<web_sys::Element>() {
                    el.set_scroll_top((top as u32 * ROW_PX) as i32);
                }
                first.set(top);
            }
            // Focused at the render this move causes (rows are drawn by place, so the
            // row's button is the one there once the grid has scrolled); at an edge,
            // nothing moves and nothing is asked.
            if *cursor != Some((id, b)) {
                *want_focus.borrow_mut() =
                    Some(format!("button[data-row=\"{}\"][data-b=\"{b}\"]", id.0));
                cursor.set(Some((id, b)));
            }
        })
    };
    let onrowfocus = {
        let (cursor, order) = (cursor.clone(), order.clone());
        Callback::from(move |e: FocusEvent| {
            let (Some(place), Some(b)) = (data_of(&e, "data-place"), data_of(&e, "data-b")) else {
                return;
            };
            if let Some(id) = order.get(place).copied() {
                if *cursor != Some((id, b)) {
                    cursor.set(Some((id, b)));
                }
            }
        })
    };
    let header = |p: usize, name: &str| {
        let key = t.key.iter().any(|k| k == name);
        let (aria, mark) = match *sort {
            Some((c, true)) if c == p => ("ascending", " ▲"),
            Some((c, false)) if c == p => ("descending", " ▼"),
            _ => ("none", ""),
        };
        let onclick = {
            let (sort, first) = (sort.clone(), first.clone());
            Callback::from(move |_: MouseEvent| {
                sort.set(match *sort {
                    Some((c, true)) if c == p => Some((p, false)),
                    Some((c, false)) if c == p => None,
                    _ => Some((p, true)),
                });
                first.set(0);
            })
        };
        html! {
            <th scope="col" aria-sort={aria}>
                <button type="button" class="sort" {onclick} data-col={p.to_string()}
                    tabindex={if p == head { "0" } else { "-1" }}>{ name }if key { <span class="key-mark">{ " (key)" }</span> }</button>
                <span aria-hidden="true">{ mark }</span>
            </th>
        }
    };
    let shown = if t.rows.is_empty() {
        "no rows yet".to_string()
    } else if total == 0 {
        "no row's key matches".to_string()
    } else {
        // Scrolled to the bottom, the view ends at the last row.
        let end = (*first + VISIBLE).min(total);
        format!(
            "rows {}–{} of {}",
            thousands(end.saturating_sub(VISIBLE) + 1),
            thousands(end),
            thousands(total)
        )
    };
    // What the find box and a sort did, for a screen reader: the count above changes as
    // the grid scrolls too, so it is no live region; this says only what they changed,
    // when they change (worked out then, not again at each write: the clock playing
    // would have it read out at every beat).
    let said = crate::widgets::said_when_changed(&said_cache, ((*query).clone(), *sort), || {
        let mut parts = Vec::new();
        if !query.is_empty() {
            parts.push(match total {
                0 => format!("No row's key contains “{}”", *query),
                n => format!(
                    "{} of {} rows have a key containing “{}”",
                    thousands(n),
                    thousands(t.rows.len()),
                    *query
                ),
            });
        }
        if let Some((name, ascending)) = sorted_by(t, *sort) {
            let how = if ascending { "ascending" } else { "descending" };
            parts.push(format!("Sorted by {name}, {how}"));
        }
        parts.join(". ")
    });
    let label = format!("{side}: {}", t.label);
    // The table's own name too where it is not its label in other words
    // (`transactioncurrencies` beside "Currencies"): lessons and the product name it so.
    let plain = |s: &str| dualwrite_engine::value::lowercase(&s.replace(' ', ""));
    let name = (plain(&t.name) != plain(&t.label)).then(|| format!(", {}", t.name));
    let caption = format!(
        "{label}{} ({})",
        name.unwrap_or_default(),
        rows_count(t.rows.len())
    );
    html! {
        <div class="rows">
            <div class="row-tools">
                <button type="button" class="new-row" onclick={on::<MouseEvent>(state, Action::NewRow(side, t.name.clone()))}
                    aria-label={format!("New row in {side} {}", t.label)}>{ "New row" }</button>
                { " " }
                <label>{ "Find key " }
                    <input type="search" value={(*query).clone()} oninput={onfind} size="12"
                        aria-label={format!("Find key in {label}")} />
                </label>
                { " " }
                { column_chooser(t, &label, &hidden, &sort, &column_menu, editing.is_some()) }
            </div>
            // The grid's title and row count, above the rows, so that they stay in view
            // however far the grid scrolls: a heading, which a screen reader's heading
            // keys reach (the table's caption says the same words).
            <h3 class="grid-title">{ &caption }</h3>
            <div class="grid-viewport" ref={viewport} onscroll={onscroll} tabindex="0"
                onfocusin={Callback::from(clear_of_sticky_columns)}
                role="region" aria-label={format!("{label}, scrollable")}
                style={format!("max-height: {}px; overflow: auto", VISIBLE as u32 * ROW_PX + HEAD_PX)}>
                // Only the rows in view are in the page: the table says how many rows it
                // has (heading row included) and each row its place, for screen readers.
                <table aria-label={label.clone()} aria-rowcount={row_count.to_string()}>
                    <caption id={caption_id.clone()} class="sr-only">{ &caption }</caption>
                    <thead><tr aria-rowindex="1" onkeydown={onheadkey} onfocusin={onheadfocus}>
                        // The row's actions come right after its key, so that they are in
                        // view beside it however wide the table (not past its last column).
                        { for t.columns.iter().enumerate().take(1).map(|(p, c)| header(p, &c.name)) }
                        <th scope="col" class="row-actions">{ "Actions" }</th>
                        { for t.columns.iter().enumerate().skip(1).filter(|(p, _)| visible(p)).map(|(p, c)| header(p, &c.name)) }
                    </tr></thead>
                    <tbody onkeydown={onrowkey} onfocusin={onrowfocus} onmouseover={tooltip_if_cut()}>
                        { editing.filter(|e| e.row.is_none()).map(|e| editor_row(e, "the new row".into(), 2)).unwrap_or_default() }
                        // The spacers are always there, and the rows one keyed list
                        // between them: a scroll keeps the rows still in view, and the
                        // focus in them (a row editor's field, a row's button that the
                        // browser scrolled into view), instead of redrawing each place
                        // with another row. (Yew diffs a parent's children by place unless
                        // every one has a key, and `for` would put the rows beside the
                        // spacers.)
                        <tr class="spacer" aria-hidden="true" style={format!("height: {}px", start as u32 * ROW_PX)}></tr>
                        { order[start..end].iter().enumerate().filter_map(|(i, id)| t.rows.get(id).map(|r| (start + i, *id, r))).map(|(place, id, r)| {
                            let label = format!("row {}", t.describe(id, r));
                            // Keyed by slot (place modulo the rows drawn): a short scroll
                            // keeps every row still in view in its own node, focus
                            // included, and moves the one node it frees to the row that
                            // comes in; a jump patches every node in place, as cheap as
                            // drawing by place (keys by row made a jump build all its rows
                            // anew: 14 ms a step against 8).
                            let key = (place % DRAWN).to_string();
                            match editing.filter(|e| e.row == Some(id)) {
                                Some(e) => html! { <key={key}>{ editor_row(e, label, row_index(place)) }</> },
                                None => {
                                    let at = RowAt { side, table: t.name.clone(), id };
                                    let stop_at = |b: usize| if stop == Some((id, b)) { "0" } else { "-1" };
                                    // The row the focus goes to when this one is deleted.
                                    let next = order.get(place + 1).or_else(|| place.checked_sub(1).and_then(|q| order.get(q))).copied();
                                    let row_index = row_index(place).to_string();
                                    let (row_id, place) = (id.0.to_string(), place.to_string());
                                    let marks: Vec<&Mark> = [selected == Some(id), pair == Some(id), written.contains(&id)]
                                        .into_iter().zip(&MARKS).filter(|(on, _)| *on).map(|(_, m)| m).collect();
                                    html! {
                                    // A double click on the row edits it, as in a spreadsheet
                                    // (the keyboard's way is its Edit button).
                                    <tr {key} class={classes!(marks.iter().map(|m| m.class).collect::<Vec<_>>())}
                                        aria-rowindex={row_index}
                                        ondblclick={edit_on_double_click(state, Action::EditRow(side, t.name.clone(), id))}>
                                        // The marks sit in the row's first cell, which stays in
                                        // view (sticky) however far the grid scrolls sideways,
                                        // so a mark is never colour alone. They follow the key:
                                        // in a narrow grid it is the marks that are cut short.
                                        { for r.first().map(|v| html! {
                                            <td class="row-key">
                                                <button type="button" class="cell-select"
                                                data-row={row_id.clone()} data-place={place.clone()} data-b="0" tabindex={stop_at(0)}
                                                aria-pressed={if selected == Some(id) { "true" } else { "false" }}
                                                aria-label={format!("Select {label}")} aria-describedby={caption_id.clone()}
                                                onclick={first_click(state, Action::SelectRow(at.clone()))}>
                                                { v.to_string() }</button>
                                                // One node however many marks: yew matches an
                                                // element's children from the last, so a mark
                                                // added beside the button would replace the
                                                // button, and its focus with it.
                                                <span class="marks">{ for marks.iter().map(|m| html! {
                                                    // The sign shows; the words are read (and in
                                                    // the sign's tooltip and the legend).
                                                    <span class={classes!("mark", m.class)}><span class="mark-sign" aria-hidden="true" title={m.words}>{ m.sign }</span><span class="sr-only">{ format!("{}{}", m.words, m.more) }</span></span>
                                                }) }</span></td>
                                        }) }
                                        <td class="row-actions">
                                            <button type="button" aria-label={format!("Edit {label}")} aria-describedby={caption_id.clone()}
                                                data-row={row_id.clone()} data-place={place.clone()} data-b="1" tabindex={stop_at(1)}
                                                onclick={on::<MouseEvent>(state, Action::EditRow(side, t.name.clone(), id))}>{ "Edit" }</button>
                                            <button type="button" aria-label={format!("Delete {label}")} aria-describedby={caption_id.clone()}
                                                data-row={row_id.clone()} data-place={place.clone()} data-b="2" tabindex={stop_at(2)}
                                                onclick={delete(state, (id, Action::DeleteRow(side, t.name.clone(), id)), (&deleting, next))}>{ "Delete" }</button>
                                        </td>
                                        { for r.iter().enumerate().skip(1).filter(|(i, _)| visible(i)).map(|(i, v)| html! {
                                            <td>{ t.columns.get(i).map_or_else(|| v.to_string(), |c| c.ty.shown(v)) }</td>
                                        }) }
                                    </tr>
                                    }
                                }
                            }
                        }).collect::<Html>() }
                        <tr class="spacer" aria-hidden="true" style={format!("height: {}px", (total - end) as u32 * ROW_PX)}></tr>
                    </tbody>
                </table>
            </div>
            // The sort is said here too: its column may be scrolled out of view.
            <div class="grid-foot">
            <p class="grid-count">{ shown }{
                sorted_by(t, *sort).map(|(name, ascending)| format!(
                    ", sorted by {name} {}",
                    if ascending { "▲" } else { "▼" }
                )).unwrap_or_default()
            }</p>
            // What the marks in the grid's rows mean (each is read with its row): always
            // the three, so that the line keeps its length as marks come and go.
            <span class="legend" aria-hidden="true">{ for MARKS.iter().map(|m| html! {
                <span class="legend-item"><span class={classes!("mark", m.class)}>{ m.sign }</span>{ format!(" {}", m.words) }</span>
            }) }</span>
            </div>
            <p class="sr-only" role="status">{ said }</p>
        </div>
    }
}

/// A mark a row's key cell can carry.
struct Mark {
    /// The row's class.
    class: &'static str,
    /// The mark's words (read with the row; its tooltip; the legend's).
    words: &'static str,
    /// More words for a screen reader.
    more: &'static str,
    /// The sign shown.
    sign: &'static str,
}

/// The marks, in the order they follow the key: the selected row, the selected row's
/// pair, a row the last step wrote.
const MARKS: [Mark; 3] = [
    Mark {
        class: "selected",
        words: "selected",
        more: "",
        sign: "◆",
    },
    Mark {
        class: "pair",
        words: "pair",
        more: " of the selected row",
        sign: "⇄",
    },
    Mark {
        class: "written",
        words: "just written",
        more: " by the last step",
        sign: "✎",
    },
];

/// "Columns": which of the table's columns the grid shows (its key columns always), as a
/// menu of checkboxes that opens over the grid; Escape, or the focus leaving it, closes
/// it. While a row is in the editor every column shows, and the menu says so.
fn column_chooser(
    t: &dualwrite_engine::world::Table,
    label: &str,
    hidden: &UseStateHandle<BTreeSet<String>>,
    sort: &UseStateHandle<Sort>,
    menu: &NodeRef,
    editing: bool,
) -> Html {
    let count = t.columns.len();
    let is_key = |name: &str| t.key.iter().any(|k| k == name);
    let hidden_here = t
        .columns
        .iter()
        .filter(|c| hidden.contains(&c.name) && !is_key(&c.name))
        .count();
    let toggle = |p: usize, name: &str| {
        let (hidden, sort, name) = (hidden.clone(), sort.clone(), name.to_string());
        Callback::from(move |_: Event| {
            let mut next = (*hidden).clone();
            if !next.remove(&name) {
                next.insert(name.clone());
                // The order would follow a column out of view, with nothing to say so.
                if sort.is_some_and(|(c, _)| c == p) {
                    sort.set(None);
                }
            }
            hidden.set(next);
        })
    };
    // Closes the menu, the focus back on its button when it was inside; whether it was
    // open.
    let close = |menu: &NodeRef, refocus: bool| {
        let Some(details) = menu.cast::<web_sys::HtmlDetailsElement>() else {
            return false;
        };
        if !details.open() {
            return false;
        }
        details.set_open(false);
        if let (true, Ok(Some(summary))) = (refocus, details.query_selector("summary")) {
            if let Ok(summary) = summary.dyn_into::<web_sys::HtmlElement>() {
                let _ = summary.focus();
            }
        }
        true
    };
    // Showing all is done with the menu (its button goes with the hidden columns).
    let show_all = {
        let (hidden, menu) = (hidden.clone(), menu.clone());
        Callback::from(move |_: MouseEvent| {
            hidden.set(Default::default());
            close(&menu, true);
        })
    };
    let onkeydown = {
        let menu = menu.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && close(&menu, true) {
                e.prevent_default();
                e.stop_propagation();
            }
        })
    };
    // Tabbing or clicking away closes it, so that it does not stay over the rows.
    let onfocusout = {
        let menu = menu.clone();
        Callback::from(move |e: FocusEvent| {
            let inside = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .zip(menu.cast::<web_sys::Node>())
                .is_some_and(|(to, menu)| menu.contains(Some(&to)));
            if !inside {
                close(&menu, false);
            }
        })
    };
    // Short, so that the grid's tools stay on one line at 1024 px; the accessible name
    // starts with it (as what is seen) and says it all.
    let summary = if editing {
        "Columns (all, editing)".to_string()
    } else {
        format!("Columns ({} of {count})", count - hidden_here)
    };
    html! {
        <details class="column-menu" ref={menu.clone()} {onkeydown} {onfocusout}>
            <summary aria-label={if editing {
                format!("{summary} of {label}: all {count} shown while a row is edited")
            } else {
                format!("{summary} of {label}")
            }}>{ summary.clone() }</summary>
            <fieldset disabled={editing}>
                <legend>{ format!("Columns shown in {label}") }</legend>
                { for t.columns.iter().enumerate().map(|(p, c)| {
                    let key = is_key(&c.name);
                    html! {
                        <label>
                            <input type="checkbox" checked={key || !hidden.contains(&c.name)} disabled={key}
                                onchange={toggle(p, &c.name)} />
                            { format!(" {}", c.name) }
                            if key { <span class="hint">{ " (key, always shown)" }</span> }
                        </label>
                    }
                }) }
                if hidden_here > 0 {
                    <button type="button" onclick={show_all}>{ "Show all columns" }</button>
                }
            </fieldset>
        </details>
    }
}

/// Focuses the element matching `selector` inside the grid's viewport; whether it was
/// there.
fn focus_in(viewport: &NodeRef, selector: &str) -> bool {
    viewport
        .cast::<web_sys::Element>()
        .and_then(|el| el.query_selector(selector).ok().flatten())
        .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|target| target.focus().is_ok())
}

/// A number the event's target carries in `attribute` (a grid button's place).
fn data_of(e: &Event, attribute: &str) -> Option<usize> {
    e.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .get_attribute(attribute)?
        .parse()
        .ok()
}

/// The ids of the rows whose key contains `query` (case-insensitive), sorted by the
/// column `sort` names (ties, and no sort, in id order).
fn rows_in_order(
    state: &UseReducerHandle<AppState>,
    side: Side,
    table: &str,
    sort: Sort,
    query: &str,
) -> Rc<Vec<RowId>> {
    let session = state.session.borrow();
    let Some(t) = session.state().world.tables(side).get(table) else {
        return Rc::new(Vec::new());
    };
    let mut ids = t.rows_described_containing(query);
    if let Some((p, ascending)) = sort {
        let cell = |id: &RowId| t.rows.get(id).and_then(|r| r.get(p));
        // (The standard sort: a hot path over a whole table, not `order::sort_by`.)
        ids.sort_by(|a, b| {
            let o = cell(a).cmp(&cell(b));
            if ascending {
                o
            } else {
                o.reverse()
            }
        });
    }
    Rc::new(ids)
}

/// "1 row", "25 rows".
fn rows_count(n: usize) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{} rows", thousands(n))
    }
}

/// Delete: the row's buttons are drawn by place, so the focused Delete would become
/// another row's, and a second Enter would delete that one too. The focus goes to the
/// select button (the key) of the row after it (or before it, for the last row), or to
/// New row when it was the only one.
fn delete(
    state: &UseReducerHandle<AppState>,
    (row, action): (RowId, Action),
    (deleting, next): (&Deleting, Option<RowId>),
) -> Callback<MouseEvent> {
    let (state, deleting) = (state.clone(), deleting.clone());
    Callback::from(move |e: MouseEvent| {
        // The second click of a double click would land on the next row's Delete.
        if e.detail() > 1 {
            return;
        }
        // Where the focus goes is decided once the engine has answered (`after_delete`).
        *deleting.borrow_mut() = Some((row, next));
        state.dispatch(action.clone());
    })
}

/// After a Delete: once the row is gone, the focus goes to the next row's key, or to New
/// row when it was the table's only row. A Delete the engine refused (a rollback) leaves
/// the row, and the focus on its Delete.
fn after_delete(
    grid: &web_sys::Element,
    deleting: &Deleting,
    cursor: &Cursor,
    row_exists: impl Fn(RowId) -> bool,
) {
    let Some((row, next)) = deleting.borrow_mut().take() else {
        return;
    };
    if row_exists(row) {
        return;
    }
    match next {
        Some(next) => {
            let key = format!("button[data-row=\"{}\"][data-b=\"0\"]", next.0);
            let button = grid
                .query_selector(&key)
                .ok()
                .flatten()
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(button) = button {
                let _ = button.focus();
            }
            cursor.set(Some((next, 0)));
        }
        None => focus_new_row(grid),
    }
}

/// A double click on a row's cells edits it; one on its buttons (Edit, Delete) does not.
fn edit_on_double_click(
    state: &UseReducerHandle<AppState>,
    action: Action,
) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |e: MouseEvent| {
        let on_button = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|t| t.closest("td.row-actions").ok().flatten())
            .is_some();
        if !on_button {
            state.dispatch(action.clone());
        }
    })
}

/// A button whose second click of a double click does nothing (the select button: a
/// double click on a row edits it, and would otherwise select and unselect it first).
fn first_click(state: &UseReducerHandle<AppState>, action: Action) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |e: MouseEvent| {
        if e.detail() <= 1 {
            state.dispatch(action.clone());
        }
    })
}

/// The selector of the row editor's field for the column at place `p` (its cell: the
/// key's first, then the row's actions, then every other column in order).
fn field_at(p: usize) -> String {
    let cell = if p == 0 { 1 } else { p + 2 };
    format!("tr.editing td:nth-child({cell}) input, tr.editing td:nth-child({cell}) select")
}

/// Keeps the viewport's `--key-width` at its key heading's width, read by a
/// `ResizeObserver` when that width changes (after layout: no layout forced at each
/// render). The observer and its callback live as long as the grid.
fn watch_key_width(viewport: &NodeRef) -> Option<KeyWidthWatch> {
    let el = viewport.cast::<web_sys::HtmlElement>()?;
    let key = el.query_selector("thead th").ok()??;
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
        move |entries: js_sys::Array| {
            let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else {
                return;
            };
            let width = entry.target().get_bounding_client_rect().width();
            let width = format!(
                "{}px",
                one_decimal((width.max(0.0) * 10.0).round() as u64, 10)
            );
            let _ = el.style().set_property("--key-width", &width);
        },
    );
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&key);
    Some((observer, callback))
}

/// A field of the row editor that takes the focus is scrolled sideways clear of the
/// columns that stay in view over it (the key, and the actions where they are sticky):
/// the browser's own scroll on focus counts a field under them as in view. Done at the
/// next frame, after that scroll (which follows the focus event).
fn clear_of_sticky_columns(e: FocusEvent) {
    // (Yew delegates events: the current target is the app's root, not the viewport.)
    let Some(field) = e.target_dyn_into::<web_sys::Element>() else {
        return;
    };
    let Some(viewport) = field.closest(".grid-viewport").ok().flatten() else {
        return;
    };
    if field
        .closest("tr.editing td:not(.row-key):not(.row-actions)")
        .ok()
        .flatten()
        .is_none()
    {
        return;
    }
    let later = wasm_bindgen::closure::Closure::once_into_js(move || {
        scroll_clear(&field, &viewport);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(later.unchecked_ref());
    }
}

/// Scrolls `viewport` sideways so that `field` is clear of its sticky columns.
fn scroll_clear(field: &web_sys::Element, viewport: &web_sys::Element) {
    let sticky = |e: &web_sys::Element| {
        web_sys::window()
            .and_then(|w| w.get_computed_style(e).ok().flatten())
            .and_then(|s| s.get_property_value("position").ok())
            .is_some_and(|p| p == "sticky")
    };
    let heads = viewport.query_selector_all("thead th:first-child, thead th.row-actions");
    let covered_to = heads.ok().map_or(0.0, |heads| {
        (0..heads.length())
            .filter_map(|i| heads.item(i)?.dyn_into::<web_sys::Element>().ok())
            .filter(sticky)
            .map(|h| h.get_bounding_client_rect().right())
            .fold(0.0, f64::max)
    });
    let at = field.get_bounding_client_rect();
    let right_edge =
        viewport.get_bounding_client_rect().left() + f64::from(viewport.client_width());
    const MARGIN: f64 = 4.0;
    let by = if at.left() < covered_to + MARGIN {
        at.left() - covered_to - MARGIN
    } else if at.right() > right_edge - MARGIN {
        (at.right() - right_edge + MARGIN).min(at.left() - covered_to - MARGIN)
    } else {
        return;
    };
    viewport.set_scroll_left(viewport.scroll_left() + by.round() as i32);
}

/// A cell whose text is cut short (an ellipsis: cells stop at 16rem, at 9rem below
/// 1180 px; a key cell at 24rem or 9rem) shows its whole text as its tooltip, set as the
/// pointer comes to it, since only the browser knows what a width cuts; a cell shown
/// whole has none. A key cell's tooltip is its key (its marks have their own). (The pair
/// comparison and the row editor show every value whole, for the keyboard too.)
fn tooltip_if_cut() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        let Some(cell) = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|t| t.closest("td:not(.row-actions)").ok().flatten())
        else {
            return;
        };
        let text = match cell.query_selector("button.cell-select") {
            Ok(Some(key)) => key.text_content(),
            _ => cell.text_content(),
        };
        let _ = if cell.scroll_width() > cell.client_width() {
            cell.set_attribute("title", &text.unwrap_or_default())
        } else {
            cell.remove_attribute("title")
        };
    })
}

/// Focuses the New row of the grid that `inside` is part of.
fn focus_new_row(inside: &web_sys::Element) {
    let button = inside
        .closest(".rows")
        .ok()
        .flatten()
        .and_then(|grid| grid.query_selector("button.new-row").ok().flatten())
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        let _ = button.focus();
    }
}

/// What a grid's status last said, with the find text and sort it said it for.
type SaidCache = crate::widgets::Said<(String, Sort)>;

/// The column a grid is sorted by, by name, and whether ascending.
fn sorted_by(t: &dualwrite_engine::world::Table, sort: Sort) -> Option<(&str, bool)> {
    let (p, ascending) = sort?;
    t.columns.get(p).map(|c| (c.name.as_str(), ascending))
}
