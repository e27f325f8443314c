//! What the browser tests share: mounting the real app and acting on it as a user.
#![allow(dead_code)]

use dualwrite_sim::App;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlElement};

/// The app on the demo: what an earlier test saved is forgotten first.
pub async fn mount() -> Element {
    dualwrite_sim::autosave::clear();
    dualwrite_sim::lessons::Progress::clear();
    mount_as_reloaded().await
}

/// The app as a reload finds it, with whatever the last session saved.
pub async fn mount_as_reloaded() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    // The apps of earlier tests leave the page (their shortcuts stop with it): the keys a
    // test presses reach this app only.
    let earlier = document.query_selector_all(".test-root").unwrap();
    for i in 0..earlier.length() {
        if let Some(old) = earlier.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            old.remove();
        }
    }
    // The app's stylesheet, as the served page has it: rows of their real height, sticky
    // headings, hidden sections (once per page).
    if document.get_element_by_id("app-css").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("app-css");
        style.set_text_content(Some(include_str!("../../styles/app.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
    let root = document.create_element("div").unwrap();
    root.set_class_name("test-root");
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

pub fn button(root: &Element, label: &str) -> HtmlButtonElement {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<HtmlButtonElement>().ok())
        .find(|b| b.text_content().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no button labelled {label}"))
}

/// Clicks the button labelled `label` as a mouse does in Chromium: it takes the focus,
/// then the click.
pub async fn click(root: &Element, label: &str) {
    let button = button(root, label);
    button.focus().unwrap();
    button.click();
    yew::scheduler::flush().await;
}

/// Opens the Run pane with the action pane's Run and confirms it as it is.
pub async fn run_selected(root: &Element) {
    click(root, "Run").await;
    confirm_run(root).await;
}

/// Opens the Pause pane with the action pane's Pause and confirms it as it is.
pub async fn pause_selected(root: &Element) {
    click(root, "Pause").await;
    let pane = find(root, ".pause-pane");
    button(&pane, "Pause").click();
    yew::scheduler::flush().await;
}

pub async fn confirm_run(root: &Element) {
    let pane = root
        .query_selector(".run-pane")
        .unwrap()
        .expect("Run opens the Run pane");
    button(&pane, "Run").click();
    yew::scheduler::flush().await;
}

/// The app with one map (by its checkbox id) selected, run with its prerequisites as
/// the Run pane lists them, and synced.
pub async fn mount_with_synced(select_id: &str) -> Element {
    let root = mount().await;
    tick_map(&root, select_id).await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    root
}

pub async fn tick_map(root: &Element, id: &str) {
    let input: HtmlElement = root
        .query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no checkbox #{id}"))
        .dyn_into()
        .unwrap();
    input.click();
    yew::scheduler::flush().await;
}

pub fn status_of(root: &Element, title: &str) -> String {
    let rows = root.query_selector_all("tr.map").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|r| r.text_content().unwrap_or_default().contains(title))
        .and_then(|r| r.query_selector(".status").unwrap())
        .and_then(|c| c.text_content())
        .unwrap_or_else(|| panic!("no row for {title}"))
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// The text of the first element matching `selector` (which must exist).
pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// Chooses `file` in the file input `selector`, as a person picking it would.
pub async fn choose_file(root: &Element, selector: &str, file: &web_sys::File) {
    let input: web_sys::HtmlInputElement = find(root, selector).dyn_into().unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(file).unwrap();
    input.set_files(transfer.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    // The input forgets its choice once read: the same file chosen again (after fixing
    // it, or to start over from it) is a change the browser reports again.
    assert_eq!(
        input.files().map_or(0, |f| f.length()),
        0,
        "{selector} kept its file"
    );
    yew::scheduler::flush().await;
}

/// Waits until the app has read the file chosen and rendered what came of it (`done`
/// holds), at most ten rounds: reads of the same file finish in order, so each round
/// reads it again, then lets Yew render (no timers).
pub async fn await_file_read(file: &web_sys::File, done: impl Fn() -> bool) {
    for _ in 0..10 {
        if done() {
            return;
        }
        let _ = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
        yew::scheduler::flush().await;
    }
}

/// A file of that name holding `text`.
pub fn json_file(name: &str, text: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    web_sys::File::new_with_str_sequence(&parts, name).unwrap()
}

/// What a download link (a `blob:` address) holds.
pub async fn fetch_text(href: &str) -> String {
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(web_sys::window().unwrap().fetch_with_str(href))
            .await
            .unwrap()
            .dyn_into()
            .unwrap();
    wasm_bindgen_futures::JsFuture::from(response.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap()
}

/// Types `text` into the input or text area `selector` without leaving it: an input
/// event only (a field that waits for a change event misses it).
pub async fn type_only(root: &Element, selector: &str, text: &str) {
    enter(root, selector, text, &["input"]).await;
}

/// Types `text` into the input or text area `selector` (or chooses it in a select) and
/// commits it, as a browser says so: an input event, then a change event.
pub async fn type_into(root: &Element, selector: &str, text: &str) {
    enter(root, selector, text, &["input", "change"]).await;
}

/// Puts `text` in the field `selector` and sends it the events `kinds`.
async fn enter(root: &Element, selector: &str, text: &str, kinds: &[&str]) {
    let field = find(root, selector);
    if let Ok(input) = field.clone().dyn_into::<web_sys::HtmlInputElement>() {
        input.set_value(text);
    } else if let Ok(select) = field.clone().dyn_into::<web_sys::HtmlSelectElement>() {
        select.set_value(text);
        assert_eq!(select.value(), text, "{selector} offers no option {text}");
    } else {
        field
            .clone()
            .dyn_into::<web_sys::HtmlTextAreaElement>()
            .unwrap()
            .set_value(text);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    for kind in kinds {
        field
            .dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap())
            .unwrap();
    }
    yew::scheduler::flush().await;
}

/// The options of the select `selector`, as (value, text).
pub fn options_of(root: &Element, selector: &str) -> Vec<(String, String)> {
    let select: web_sys::HtmlSelectElement = find(root, selector).dyn_into().unwrap();
    (0..select.length())
        .filter_map(|i| select.item(i))
        .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
        .map(|o| (o.value(), o.text()))
        .collect()
}

/// Clicks the button `selector` (taking the focus first, as a mouse click does in
/// Chromium) and lets Yew render.
pub async fn press(root: &Element, selector: &str) {
    let b: HtmlButtonElement = find(root, selector).dyn_into().unwrap();
    b.focus().unwrap();
    b.click();
    yew::scheduler::flush().await;
}

/// Shows a tab of the map's details ("Queued records", "Activity log", ...), as a user
/// clicks it; its label may carry a count ("Queued records (2)").
pub async fn open_tab(root: &Element, label: &str) {
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    let tab: HtmlElement = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|t| t.text_content().unwrap_or_default().starts_with(label))
        .unwrap_or_else(|| panic!("no tab labelled {label}"));
    tab.click();
    yew::scheduler::flush().await;
}

/// Edits one cell of a row (`row` as the row's label, its key values) in the grid that
/// `grid` selects, and saves.
pub async fn edit_cell(root: &Element, grid: &str, row: &str, column: &str, text: &str) {
    press(
        root,
        &format!(r#"{grid} button[aria-label="Edit row {row}"]"#),
    )
    .await;
    type_into(
        root,
        &format!(r#"{grid} tr.editing [aria-label="{column} of row {row}"]"#),
        text,
    )
    .await;
    press(root, &format!("{grid} tr.editing button")).await;
}

/// The element that has the focus.
pub fn focused() -> Element {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .expect("something has focus")
}

/// The accessible name (aria-label) of the element that has the focus.
pub fn focused_label() -> Option<String> {
    focused().get_attribute("aria-label")
}

/// Types `text` in the find box `selector`, as the input events of typing do.
pub async fn find_key(root: &Element, selector: &str, text: &str) {
    let find_box: web_sys::HtmlInputElement = find(root, selector).dyn_into().unwrap();
    find_box.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    find_box
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

/// A key pressed on `target` (with Ctrl and Shift as asked); it bubbles up to the
/// document, as a real one does.
pub async fn key(target: &Element, key: &str, ctrl: bool, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// Chooses an option of a select by its visible text.
pub async fn choose(root: &Element, selector: &str, text: &str) {
    let select: web_sys::HtmlSelectElement = find(root, selector).dyn_into().unwrap();
    let options = select.options();
    let index = (0..options.length())
        .find(|&i| options.item(i).and_then(|o| o.text_content()).as_deref() == Some(text))
        .unwrap_or_else(|| panic!("{selector} has no option {text}"));
    select.set_selected_index(index as i32);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

/// The maps a Run or Pause pane (or any element holding its rows) lists, in its order.
pub fn pane_order(pane: &Element) -> Vec<String> {
    let rows = pane.query_selector_all("tr[data-map]").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|r| r.get_attribute("data-map"))
        .collect()
}

/// The text of every element matching `selector` under `root`, in page order.
pub fn texts(root: &Element, selector: &str) -> Vec<String> {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|n| n.text_content())
        .collect()
}

/// The text of one cell of a grid: the table whose label starts with `table`, the row
/// labelled `row` (its key values), the column named `column`.
pub fn cell_text(root: &Element, table: &str, row: &str, column: &str) -> String {
    let table = find(root, &format!(r#"table[aria-label^="{table}"]"#));
    let heads = texts(&table, "thead th");
    let at = heads
        .iter()
        .position(|h| h == column || h.starts_with(&format!("{column} ")))
        .unwrap_or_else(|| panic!("no column {column} in {heads:?}"));
    let select = find(&table, &format!(r#"button[aria-label="Select row {row}"]"#));
    let tr = select.closest("tr").unwrap().expect("the row");
    texts(&tr, "td")[at].clone()
}

/// Waits for the page's next paint (the next animation frame, then a task after it),
/// as the app does before long work it has said, then for what that work rendered.
pub async fn next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let later = wasm_bindgen::closure::Closure::once_into_js(move || {
            let window = web_sys::window().unwrap();
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .unwrap();
        });
        web_sys::window()
            .unwrap()
            .request_animation_frame(later.unchecked_ref())
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    yew::scheduler::flush().await;
}

/// The words a form field marked invalid is described by (its error at the field);
/// fails when the field is not marked.
pub fn said_at(root: &Element, field: &str) -> String {
    let input = find(root, field);
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("true"),
        "{field} is not marked"
    );
    let said = input.get_attribute("aria-describedby").unwrap();
    text(root, &format!("#{said}"))
}

/// Opens lesson 1 and solves it by hand, as a trainee does: Currencies ticked, Run
/// confirmed, the clock run until idle.
pub async fn solve_first_lesson(root: &Element) {
    click(root, "Your first table map").await;
    tick_map(root, "select-Currencies").await;
    run_selected(root).await;
    click(root, "Run until idle").await;
    assert!(text(root, "#lessons-title").starts_with("Lessons (1 of "));
}
