//! The workbench in headless Chromium: the selected map's details in the product's tabs
//! (arrow keys between them), its two tables side by side, and the one action table
//! behind the buttons, the keyboard shortcuts and the `?` help.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use dualwrite_sim::actions::{Act, TABLE};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The tabs' labels, and the selected one.
fn tabs(root: &Element) -> (Vec<String>, String) {
    let all = root.query_selector_all("[role=tab]").unwrap();
    let tabs: Vec<Element> = (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect();
    let labels = tabs
        .iter()
        .map(|t| t.text_content().unwrap_or_default())
        .collect();
    let selected = tabs
        .iter()
        .find(|t| t.get_attribute("aria-selected").as_deref() == Some("true"))
        .and_then(|t| t.text_content())
        .unwrap_or_default();
    (labels, selected)
}

#[wasm_bindgen_test]
async fn the_selected_map_shows_the_products_tabs_and_its_two_tables_side_by_side() {
    let root = mount().await;
    assert!(
        root.query_selector("[role=tablist]").unwrap().is_none(),
        "no map selected: no tabs"
    );
    assert!(text(&root, ".details").contains("No table map selected"));
    tick_map(&root, "select-Currencies").await;
    let (labels, selected) = tabs(&root);
    assert_eq!(
        labels,
        [
            "Table mappings",
            "Initial sync details",
            "Queued records",
            "Catch-up errors",
            "Activity log",
            "Alert settings"
        ]
    );
    assert_eq!(selected, "Table mappings");
    // FinOps left, Dataverse right: in that order in one row of the layout.
    let grids = root.query_selector_all(".sides .rows caption").unwrap();
    let captions: Vec<String> = (0..grids.length())
        .filter_map(|i| grids.item(i))
        .filter_map(|n| n.text_content())
        .collect();
    assert_eq!(captions.len(), 2);
    assert!(captions[0].starts_with("Finance and operations apps: Currencies"));
    assert!(captions[1].starts_with("Dataverse: Currencies"));

    // The panel is labelled by its tab and holds only that tab's content.
    let panel = find(&root, "[role=tabpanel]");
    assert_eq!(
        panel.get_attribute("aria-labelledby").as_deref(),
        Some("tab-mappings")
    );
    assert!(panel.query_selector(".log").unwrap().is_none());

    // Arrow keys move between the tabs, show the tab moved to and give it the focus.
    let first = find(&root, "#tab-mappings");
    key(&first, "ArrowRight", false, false).await;
    assert_eq!(tabs(&root).1, "Initial sync details");
    assert_eq!(text(&root, "[role=tabpanel]"), "No execution yet.");
    let now = focused();
    assert_eq!(now.id(), "tab-initialsync");
    key(&now, "End", false, false).await;
    assert_eq!(tabs(&root).1, "Alert settings");
    key(&find(&root, "#tab-alerts"), "ArrowRight", false, false).await;
    assert_eq!(tabs(&root).1, "Table mappings", "wraps around");
    key(&find(&root, "#tab-mappings"), "ArrowLeft", false, false).await;
    assert_eq!(tabs(&root).1, "Alert settings");

    // A paused map's queue is counted on its tab, seen from any other tab.
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    pause_selected(&root).await;
    assert!(tabs(&root).0.contains(&"Queued records (0)".to_string()));
    edit_cell(
        &root,
        r#"table[aria-label^="Finance"]"#,
        "USD",
        "NAME",
        "Dollar",
    )
    .await;
    assert!(
        tabs(&root).0.contains(&"Queued records (1)".to_string()),
        "{:?}",
        tabs(&root).0
    );

    // "Larger details" makes the panel tall (the grids move down) and says so; the same
    // button takes it back.
    assert!(!find(&root, "[role=tabpanel]").class_name().contains("tall"));
    click(&root, "Larger details").await;
    assert!(find(&root, "[role=tabpanel]").class_name().contains("tall"));
    // A toggle: one name, its state in aria-pressed.
    let toggle = find(&root, "button.panel-size");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        toggle.get_attribute("aria-controls").as_deref(),
        Some("detail-panel")
    );
    click(&root, "Larger details").await;
    assert!(!find(&root, "[role=tabpanel]").class_name().contains("tall"));
    assert_eq!(
        find(&root, "button.panel-size")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );

    // "Skip to the rows", first in the details, takes the focus past the tabs and the
    // mappings to the rows' tab stop: the Edit of the row saved above, where the focus
    // went back when its editor closed.
    click(&root, "Skip to the rows").await;
    assert_eq!(focused_label().as_deref(), Some("Edit row USD"));

    // The dependency graph is drawn in the work area, below the details, not squeezed
    // into the side column.
    assert!(root
        .query_selector("main.work .graph svg")
        .unwrap()
        .is_some());
    assert!(root.query_selector("aside .graph").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn one_action_table_drives_the_buttons_the_shortcuts_and_the_help() {
    let root = mount().await;
    // Every button of the table announces its keys, as the help lists them (the go-to
    // keys have no button).
    for entry in TABLE.iter().filter(|e| !e.act.moves_focus()) {
        if entry.keys.is_empty() {
            // One without a key of its own (Resume: R runs, and resumes) announces none.
            let b = button(&root, &format!("{:?}", entry.act));
            assert!(!b.has_attribute("aria-keyshortcuts"), "{:?}", entry.act);
            continue;
        }
        let buttons = root
            .query_selector_all(&format!(r#"button[aria-keyshortcuts="{}"]"#, entry.keys))
            .unwrap();
        assert_eq!(buttons.length(), 1, "one button for {:?}", entry.act);
    }
    // T ticks the clock (anywhere but in a field).
    assert_eq!(text(&root, ".clock"), "0 min");
    key(&root, "t", false, false).await;
    assert_eq!(text(&root, ".clock"), "1 min");
    let field = find(&root, ".faults input[inputmode=numeric]");
    key(&field, "t", false, false).await;
    assert_eq!(
        text(&root, ".clock"),
        "1 min",
        "typing a T in a field types it"
    );
    // Ctrl+Z undoes the tick.
    key(&root, "z", true, false).await;
    assert_eq!(text(&root, ".clock"), "0 min");
    // A shortcut whose action is not available says why and changes nothing: nothing
    // selected, or (in a mixed selection) the map whose status refuses it, with the
    // engine's explanation offered.
    key(&root, "s", false, false).await;
    assert_eq!(
        text(&root, ".notice"),
        "Error: Stop (shortcut S): select at least one table map"
    );
    // Every map action says so alike, Skip initial sync and Rerun execution too.
    key(&root, "i", false, false).await;
    assert_eq!(
        text(&root, ".notice"),
        "Error: Skip initial sync (shortcut I): select at least one table map"
    );
    key(&root, "e", false, false).await;
    assert_eq!(
        text(&root, ".notice"),
        "Error: Rerun execution (shortcut E): select at least one table map"
    );
    tick_map(&root, "select-Vendor-groups").await;
    key(&root, "s", false, false).await;
    let notice = text(&root, ".notice");
    assert!(
        notice.starts_with(
            "Error: Stop (shortcut S): Stop is not available for 'Vendor groups': it is Not running, which allows Run"
        ),
        "{notice}"
    );
    assert!(
        root.query_selector(".notice button").unwrap().is_some(),
        "a Why? beside it"
    );
    tick_map(&root, "select-Vendor-groups").await;
    // R on a selected map opens the Run pane, as the Run button does.
    tick_map(&root, "select-Legal-entities").await;
    key(&root, "r", false, false).await;
    assert!(root.query_selector(".run-pane").unwrap().is_some());
    // The page behind the dialog is inert (no focus, no clicks) until it closes.
    assert!(find(&root, ".columns").has_attribute("inert"));
    assert!(find(&root, ".topbar").has_attribute("inert"));
    // Keys typed in a dialog belong to it.
    key(&find(&root, ".run-pane"), "t", false, false).await;
    assert_eq!(text(&root, ".clock"), "0 min");
    click(&root, "Cancel").await;
    assert!(!find(&root, ".columns").has_attribute("inert"));

    // ? opens the help: every action of the table with its keys; Escape closes it. Pressed
    // on a details tab, it gives the focus back there.
    let tab: HtmlElement = find(&root, "[role=tab]").dyn_into().unwrap();
    tab.focus().unwrap();
    key(&tab, "?", false, true).await;
    let help = find(&root, ".help");
    assert_eq!(help.get_attribute("role").as_deref(), Some("dialog"));
    let rows = help.query_selector_all("tbody tr").unwrap();
    let rows: Vec<String> = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.text_content())
        .collect();
    for entry in TABLE.iter() {
        assert!(
            rows.iter()
                .any(|r| r.contains(entry.keys_text) && r.contains(entry.what)),
            "the help lists {:?}: {rows:?}",
            entry.act
        );
    }
    // The focus moves into the help at its start (its table), which is scrolled to its
    // top: the title and the first actions are in view.
    let now = focused();
    assert_eq!(now.class_name(), "help-intro", "focus moves into the help");
    assert_eq!(help.scroll_top(), 0);
    key(&now, "Escape", false, false).await;
    assert!(root.query_selector(".help").unwrap().is_none());
    assert_eq!(focused(), Element::from(tab), "focus returns to the tab");
    // Opened by its button, the help gives the focus back to the button.
    press(&root, r#"button[aria-keyshortcuts="Shift+?"]"#).await;
    key(&focused(), "Escape", false, false).await;
    let now = focused();
    assert_eq!(
        now.get_attribute("aria-keyshortcuts").as_deref(),
        Some(Act::Help.entry().keys),
        "focus returns to the help button"
    );
}

#[wasm_bindgen_test]
async fn skip_to_live_sync_asks_keep_or_discard_and_acts_on_every_selected_map() {
    const FINOPS: &str = r#"table[aria-label^="Finance"]"#;
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    tick_map(&root, "select-Terms-of-payment").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    pause_selected(&root).await;
    tick_map(&root, "select-Terms-of-payment").await;
    for name in ["Dollar", "Dollar!"] {
        edit_cell(&root, FINOPS, "USD", "NAME", name).await;
    }
    tick_map(&root, "select-Currencies").await;
    tick_map(&root, "select-Terms-of-payment").await;
    for text in ["Ten days", "10 days"] {
        edit_cell(&root, FINOPS, "Net10, usmf", "DESCRIPTION", text).await;
    }
    type_into(&root, ".faults input[inputmode=numeric]", "1").await;
    press(&root, r#"button[aria-label="Set Rows per tick"]"#).await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Resuming"
    );
    assert_eq!(
        status_of(&root, "Terms of payment (msdyn_paymentterms)"),
        "Resuming"
    );

    click(&root, "Skip to live sync").await;
    assert_eq!(
        text(&root, ".details-head .selection"),
        "First of 2 selected maps: actions apply to all of them; tick one alone to see its details"
    );
    let pane = find(&root, ".skip-pane");
    // Each map's records still to play back: what the choice is about.
    let said = pane.text_content().unwrap();
    assert!(
        said.contains("Go live now on Currencies, Terms of payment, without playing the rest of the queue (Currencies: 2, Terms of payment: 2). Choose what becomes of those records:"),
        "{said}"
    );
    find(&root, "#skip-discard")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    // The options are one stop for Tab, the one chosen: Shift+Tab from it wraps to the
    // pane's last control, and Tab from there comes back to it.
    let discard: HtmlElement = find(&root, "#skip-discard").dyn_into().unwrap();
    discard.focus().unwrap();
    key(&discard, "Tab", false, true).await;
    assert_eq!(focused().text_content().as_deref(), Some("Cancel"));
    key(&focused(), "Tab", false, false).await;
    assert_eq!(focused().id(), "skip-discard");
    press(&root, ".skip-pane button.primary").await;
    assert!(root.query_selector(".skip-pane").unwrap().is_none());
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    assert_eq!(
        status_of(&root, "Terms of payment (msdyn_paymentterms)"),
        "Running"
    );
    open_tab(&root, "Activity log").await;
    let log = text(&root, ".log");
    assert!(
        log.contains("Skipped to live sync; 2 queued record(s) discarded"),
        "{log}"
    );
    // Rerun execution needs every selected map to have a failed initial sync.
    assert!(button(&root, "Rerun execution").disabled());
}

#[wasm_bindgen_test]
async fn rerun_execution_reruns_the_failed_initial_sync_of_every_selected_map() {
    const FAULT: &str = r#"select[aria-label="Dataverse fault"]"#;
    let root = mount().await;
    // Dataverse refuses every write: both initial syncs fail.
    choose(&root, FAULT, "Unavailable (503)").await;
    tick_map(&root, "select-Currencies").await;
    tick_map(&root, "select-Legal-entities").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    for map in [
        "Currencies (transactioncurrencies)",
        "Legal entities (cdm_companies)",
    ] {
        assert_eq!(status_of(&root, map), "Not running", "{map} failed");
    }
    assert!(!button(&root, "Rerun execution").disabled());

    // With Dataverse back, one Rerun runs both again.
    choose(&root, FAULT, "Accepts writes").await;
    press(&root, ".action-pane button:last-child").await;
    // Every map action greyed out (Initializing offers none): the focus goes on, to the
    // next place Tab reaches, not to the page.
    assert!(button(&root, "Rerun execution").disabled());
    assert!(
        root.query_selector(".action-pane button:not(:disabled)")
            .unwrap()
            .is_none(),
        "the whole group greyed out"
    );
    let now = focused();
    assert_ne!(now.tag_name(), "BODY");
    let in_tab_order: HtmlElement = now.clone().dyn_into().unwrap();
    assert!(in_tab_order.tab_index() >= 0, "{}", now.outer_html());
    assert!(
        !find(&root, ".action-pane").contains(Some(&now)),
        "{}",
        now.outer_html()
    );
    click(&root, "Run until idle").await;
    for map in [
        "Currencies (transactioncurrencies)",
        "Legal entities (cdm_companies)",
    ] {
        assert_eq!(status_of(&root, map), "Running", "{map} was rerun");
    }
    assert!(button(&root, "Rerun execution").disabled());
    // Each map's history: the failed run, then the rerun that completed.
    tick_map(&root, "select-Legal-entities").await;
    open_tab(&root, "Initial sync details").await;
    for (map, next) in [
        ("Currencies", "select-Legal-entities"),
        ("Legal entities", "select-Currencies"),
    ] {
        let history = find(
            &root,
            &format!(r#"table[aria-label="Execution history of {map}"]"#),
        );
        let runs = history.text_content().unwrap();
        assert_eq!(
            history.query_selector_all("tbody tr").unwrap().length(),
            2,
            "{map}: {runs}"
        );
        assert!(
            runs.contains("Error") && runs.contains("Completed"),
            "{map}: {runs}"
        );
        tick_map(&root, next).await;
        tick_map(&root, &format!("select-{}", map.replace(' ', "-"))).await;
    }
}

#[wasm_bindgen_test]
async fn a_value_maps_pairs_are_chosen_from_the_columns_lists_with_option_labels() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    press(
        &root,
        r#"button[aria-label^="Map type of ONHOLDSTATUS <> msdyn_onholdstatus"]"#,
    )
    .await;
    // An enum on FinOps, an option set on Dataverse: both are lists.
    let finops = r#"select[aria-label="Pair 1, finance and operations value"]"#;
    let dataverse = r#"select[aria-label="Pair 1, Dataverse value"]"#;
    let f: web_sys::HtmlSelectElement = find(&root, finops).dyn_into().unwrap();
    let d: web_sys::HtmlSelectElement = find(&root, dataverse).dyn_into().unwrap();
    assert_eq!(
        (f.value(), d.value()),
        ("No".to_string(), "192350000".to_string())
    );
    let offered = options_of(&root, dataverse);
    assert!(
        offered.contains(&(
            "192350004".to_string(),
            "Requisition (192350004)".to_string()
        )),
        "{offered:?}"
    );
    assert!(
        options_of(&root, finops).contains(&("Requisition".to_string(), "Requisition".to_string()))
    );
    // Requisition, the label the demo's map leaves out, is added with its option.
    click(&root, "Add pair").await;
    type_into(
        &root,
        r#"select[aria-label="Pair 6, finance and operations value"]"#,
        "Requisition",
    )
    .await;
    type_into(
        &root,
        r#"select[aria-label="Pair 6, Dataverse value"]"#,
        "192350004",
    )
    .await;
    press(&root, ".transform-pane button.primary").await;
    assert!(
        root.query_selector(".transform-pane").unwrap().is_none(),
        "saved"
    );
    press(
        &root,
        r#"button[aria-label^="Map type of ONHOLDSTATUS <> msdyn_onholdstatus"]"#,
    )
    .await;
    let added: web_sys::HtmlSelectElement =
        find(&root, r#"select[aria-label="Pair 6, Dataverse value"]"#)
            .dyn_into()
            .unwrap();
    assert_eq!(added.value(), "192350004");
}

/// The maps of the Run pane, in its order.
fn run_order(root: &Element) -> Vec<String> {
    pane_order(&find(root, ".run-pane"))
}

#[wasm_bindgen_test]
async fn a_map_of_the_run_pane_is_dragged_to_another_place() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    click(&root, "Run").await;
    let before = run_order(&root);
    assert_eq!(before.len(), 5);
    assert!(
        find(&root, r#".run-pane tr[data-map="Customers V3"]"#)
            .get_attribute("draggable")
            .as_deref()
            == Some("true")
    );
    // Drag the last row (Customers V3) and drop it on the second.
    let data = web_sys::DataTransfer::new().unwrap();
    let drag = |kind: &str, target: &Element| {
        let init = web_sys::DragEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_data_transfer(Some(&data));
        let event = web_sys::DragEvent::new_with_event_init_dict(kind, &init).unwrap();
        target.dispatch_event(&event).unwrap()
    };
    let source = find(&root, r#".run-pane tr[data-map="Customers V3"]"#);
    let target = find(&root, &format!(r#".run-pane tr[data-map="{}"]"#, before[1]));
    // Text dropped from elsewhere moves nothing.
    let text = web_sys::DataTransfer::new().unwrap();
    text.set_data("text/plain", "0").unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_data_transfer(Some(&text));
    target
        .dispatch_event(&web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(run_order(&root), before);
    drag("dragstart", &source);
    assert!(!drag("dragover", &target), "the row accepts the drop");
    // Where it would go is marked while the drag is over the row, and no longer once it
    // leaves.
    assert!(target.has_attribute("data-drop-here"));
    drag("dragleave", &target);
    assert!(!target.has_attribute("data-drop-here"));
    drag("dragover", &target);
    drag("drop", &target);
    assert!(root
        .query_selector(".run-pane tr[data-drop-here]")
        .unwrap()
        .is_none());
    yew::scheduler::flush().await;
    let after = run_order(&root);
    assert_eq!(after[1], "Customers V3");
    assert_eq!(after[0], before[0]);
    assert_eq!(after[2..], before[1..4]);
}

/// The text of the first cell (the key's, with the row's marks) of the row of `grid`
/// whose key is `key`.
fn key_cell(root: &Element, grid: &str, key: &str) -> String {
    let button = root
        .query_selector(&format!(
            r#"{grid} button.cell-select[aria-label="Select row {key}"]"#
        ))
        .unwrap()
        .unwrap_or_else(|| panic!("no row {key} in {grid}"));
    button.parent_element().unwrap().text_content().unwrap()
}

/// The class of the row of `grid` whose key is `key`.
fn row_class(root: &Element, grid: &str, key: &str) -> String {
    let rows = root
        .query_selector_all(&format!("{grid} tbody tr"))
        .unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|r| {
            r.query_selector("td button.cell-select")
                .unwrap()
                .and_then(|c| c.text_content())
                .as_deref()
                == Some(key)
        })
        .map(|r| r.class_name())
        .unwrap_or_else(|| panic!("no row {key} in {grid}"))
}

#[wasm_bindgen_test]
async fn written_rows_and_a_selected_rows_pair_are_marked_and_a_conflict_opens_its_row() {
    const FINOPS: &str = r#"table[aria-label^="Finance"]"#;
    const DATAVERSE: &str = r#"table[aria-label^="Dataverse"]"#;
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    // A live write: the row and its pair are marked as just written, in words too.
    edit_cell(&root, FINOPS, "USD", "NAME", "Dollar").await;
    assert!(row_class(&root, FINOPS, "USD").contains("written"));
    assert!(row_class(&root, DATAVERSE, "USD").contains("written"));
    assert!(!row_class(&root, DATAVERSE, "EUR").contains("written"));
    // The words sit in the key's cell, which stays in view when the grid scrolls sideways.
    assert!(key_cell(&root, DATAVERSE, "USD").contains("just written"));
    assert!(!key_cell(&root, DATAVERSE, "EUR").contains("just written"));
    // The next step (a tick that writes nothing) clears the marks.
    click(&root, "Tick").await;
    assert!(!row_class(&root, DATAVERSE, "USD").contains("written"));

    // Selecting a row marks its pair on the other side.
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Select row EUR"]"#),
    )
    .await;
    assert!(row_class(&root, FINOPS, "EUR").contains("selected"));
    // The focus stays on the row selected (the keyboard's next arrow key moves from it).
    assert_eq!(focused_label().as_deref(), Some("Select row EUR"));
    assert!(row_class(&root, DATAVERSE, "EUR").contains("pair"));
    assert!(key_cell(&root, DATAVERSE, "EUR").contains("pair"));
    assert!(key_cell(&root, FINOPS, "EUR").contains("selected"));
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Select row EUR"]"#),
    )
    .await;
    assert!(
        !row_class(&root, DATAVERSE, "EUR").contains("pair"),
        "unselected"
    );

    // A conflict of Customers V3's initial sync opens its row in the grid, in the editor.
    tick_map(&root, "select-Currencies").await;
    tick_map(&root, "select-Customers-V3").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    open_tab(&root, "Initial sync details").await;
    press(
        &root,
        r#"button[aria-label^="Show row of conflict on US-001"]"#,
    )
    .await;
    assert!(
        root.query_selector(r#"input[aria-label="ORGANIZATIONNAME of row US-001, usmf"]"#)
            .unwrap()
            .is_some(),
        "the conflict's row is open in the editor"
    );
    // At the column the conflict is about, not at the key.
    assert_eq!(
        focused_label().as_deref(),
        Some("ORGANIZATIONNAME of row US-001, usmf")
    );
    assert!(row_class(&root, DATAVERSE, "US-001").contains("pair"));
    // So does a failed row (it failed going to Dataverse: its row is on FinOps).
    let failed = text(&root, "ul.errors li");
    let key = failed.split(" (").next().unwrap().to_string();
    assert_ne!(key, "US-001", "{failed}");
    press(
        &root,
        &format!(r#"button[aria-label="Show row of failed row {key}"]"#),
    )
    .await;
    assert!(
        root.query_selector(&format!(
            r#"{FINOPS} tr.editing input[aria-label$="of row {key}"]"#
        ))
        .unwrap()
        .is_some(),
        "the failed row {key} is open in the editor"
    );
    // At the column whose value failed: the failed row names the Dataverse lookup
    // (msdyn_billingaccount.accountnumber); its FinOps column is INVOICEACCOUNT.
    assert!(
        failed.contains("(msdyn_billingaccount.accountnumber, "),
        "{failed}"
    );
    assert_eq!(
        focused_label(),
        Some(format!("INVOICEACCOUNT of row {key}"))
    );
    // The grid scrolled a row (as the browser does to bring a focused field into view):
    // the rows still in view stay, the field keeps the focus.
    // (Far enough that the rows drawn start further down, the row still among them.)
    let viewport = find(&root, &format!(".grid-viewport:has({FINOPS})"));
    let count = format!(".grid-viewport:has({FINOPS}) + .grid-foot .grid-count");
    for rows in [7, 8] {
        let shown = text(&root, &count);
        viewport.set_scroll_top(rows * 32);
        viewport
            .dispatch_event(&web_sys::Event::new("scroll").unwrap())
            .unwrap();
        yew::scheduler::flush().await;
        assert_ne!(text(&root, &count), shown, "the grid scrolled");
        assert_eq!(
            focused_label(),
            Some(format!("INVOICEACCOUNT of row {key}")),
            "scrolled {rows} rows down: {} at {} of {}, was {shown}",
            text(&root, &count),
            viewport.scroll_top(),
            viewport.scroll_height()
        );
    }
    // Escape gives the focus to that row's Edit.
    common::key(&focused(), "Escape", false, false).await;
    assert_eq!(focused_label(), Some(format!("Edit row {key}")));
}

#[wasm_bindgen_test]
async fn a_mappings_transform_is_edited_in_its_pane_or_as_json_and_the_engine_checks_it() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    press(
        &root,
        r#"button[aria-label^="Map type of NAME = currencyname"]"#,
    )
    .await;
    let pane = find(&root, ".transform-pane");
    assert_eq!(pane.get_attribute("role").as_deref(), Some("dialog"));
    // A value map of one pair.
    find(&root, "#transform-kind-valuemap")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    click(&root, "Add pair").await;
    // The new pair's first value has the focus, to be typed at once.
    assert_eq!(
        focused().get_attribute("aria-label").as_deref(),
        Some("Pair 1, finance and operations value")
    );
    // Typing in the pane re-renders it; the focus stays where the user is.
    let pair = r#"input[aria-label="Pair 1, finance and operations value"]"#;
    find(&root, pair)
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    type_into(&root, pair, "US Dollar").await;
    let now = focused();
    assert_eq!(
        now.get_attribute("aria-label").as_deref(),
        Some("Pair 1, finance and operations value"),
        "acting in the pane does not send the focus back to its first field"
    );
    type_into(
        &root,
        r#"input[aria-label="Pair 1, Dataverse value"]"#,
        "Dollar US",
    )
    .await;
    // The pair's row fits the pane: nothing to scroll sideways, Remove inside it.
    let pane = find(&root, ".transform-pane");
    assert!(
        pane.scroll_width() <= pane.client_width(),
        "{} of {} px",
        pane.scroll_width(),
        pane.client_width()
    );
    let remove = find(&root, r#"button[aria-label="Remove pair 1"]"#).get_bounding_client_rect();
    assert!(remove.right() <= pane.get_bounding_client_rect().right());
    // A second pair, added and removed again.
    click(&root, "Add pair").await;
    type_into(
        &root,
        r#"input[aria-label="Pair 2, finance and operations value"]"#,
        "Euro",
    )
    .await;
    press(&root, r#"button[aria-label="Remove pair 2"]"#).await;
    assert!(root
        .query_selector(r#"input[aria-label="Pair 2, finance and operations value"]"#)
        .unwrap()
        .is_none());
    // The row goes silently: the pane says what went, for screen readers.
    assert_eq!(
        text(&root, ".transform-pane [role=status]"),
        "Pair 2 removed (Euro, )"
    );
    assert_eq!(
        focused_label().as_deref(),
        Some("Remove pair 1"),
        "the focus goes to the pair before: {}",
        focused().outer_html()
    );
    // A value paired twice is refused by the engine, in the pane, the pairs kept.
    click(&root, "Add pair").await;
    for (field, text) in [
        ("finance and operations", "US Dollar"),
        ("Dataverse", "Dollar 2"),
    ] {
        type_into(
            &root,
            &format!(r#"input[aria-label="Pair 2, {field} value"]"#),
            text,
        )
        .await;
    }
    press(&root, ".transform-pane button.primary").await;
    let error = text(&root, ".transform-pane .notice.error");
    assert!(
        error.contains("US Dollar is paired twice, with Dollar US and with Dollar 2"),
        "{error}"
    );
    // At the pair's value paired twice too, which takes the focus.
    let twice = find(
        &root,
        r#"input[aria-label="Pair 2, finance and operations value"]"#,
    );
    assert_eq!(twice.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(focused(), twice);
    press(&root, r#"button[aria-label="Remove pair 2"]"#).await;
    // Its JSON, as the engine writes a mapping.
    click(&root, "Show JSON").await;
    let json: web_sys::HtmlTextAreaElement = find(&root, "#transform-json").dyn_into().unwrap();
    assert!(json.value().contains("US Dollar"), "{}", json.value());
    assert!(json.value().contains("Dollar US"), "{}", json.value());
    assert!(!json.value().contains("Euro"), "{}", json.value());
    click(&root, "Show fields").await;
    press(&root, ".transform-pane button.primary").await;
    assert!(
        root.query_selector(".transform-pane").unwrap().is_none(),
        "saved"
    );
    let symbol = find(
        &root,
        r#"button[aria-label^="Map type of NAME <> currencyname"]"#,
    );
    assert!(symbol
        .get_attribute("aria-label")
        .unwrap()
        .ends_with("with a transform"));

    // JSON the engine refuses (a column the table lacks) is shown in the pane, kept.
    press(
        &root,
        r#"button[aria-label^="Map type of NAME <> currencyname"]"#,
    )
    .await;
    click(&root, "Show JSON").await;
    let bad = json_text(&root).replace("\"NAME\"", "\"NOPE\"");
    type_into(&root, "#transform-json", &bad).await;
    press(&root, ".transform-pane button.primary").await;
    let error = find(&root, ".transform-pane .notice.error")
        .text_content()
        .unwrap();
    assert!(error.contains("NOPE"), "{error}");
    assert_eq!(json_text(&root), bad, "the JSON typed is kept");
    // A value-map pair with an empty side, typed as JSON, is refused as in the fields.
    let empty = r#"{"finops": "NAME", "dataverse": "currencyname", "direction": "=", "transform": {"value_map": [["US Dollar", "Dollar US"], [null, null]]}}"#;
    type_into(&root, "#transform-json", empty).await;
    press(&root, ".transform-pane button.primary").await;
    assert_eq!(
        text(&root, ".transform-pane .notice.error"),
        "Not saved: Pair 2: give both values (or remove the pair)"
    );
    // The top notice no longer says the engine's earlier refusal: it was not this try's.
    let top = text(&root, ".notice-line > p.notice");
    assert!(!top.contains("NOPE"), "{top}");
    // Edited, the pane no longer says what was wrong with the JSON as it was.
    type_into(&root, "#transform-json", &bad).await;
    assert!(root
        .query_selector(".transform-pane .notice.error")
        .unwrap()
        .is_none());
    click(&root, "Cancel").await;

    // A default is read as its target column's type: a decimal here.
    mapping_pane(&root, "EXCHANGERATE", "default").await;
    type_into(&root, "#transform-default", "abc").await;
    press(&root, ".transform-pane button.primary").await;
    let error = find(&root, ".transform-pane .notice.error")
        .text_content()
        .unwrap();
    assert_eq!(error, "Not saved: Default: 'abc' is not a number");
    // Typed without leaving the field (an input event only): the state holds it.
    type_only(&root, "#transform-default", "1.5").await;
    press(&root, ".transform-pane button.primary").await;
    assert!(
        root.query_selector(".transform-pane").unwrap().is_none(),
        "saved"
    );

    // Running, the pane shows the mapping but changes nothing.
    run_selected(&root).await;
    press(
        &root,
        r#"button[aria-label^="Map type of NAME <> currencyname"]"#,
    )
    .await;
    assert!(find(&root, ".transform-pane")
        .text_content()
        .unwrap()
        .contains("Initializing: to edit its mappings, let its initial sync end, then stop it if it is Running"));
    let direction: web_sys::HtmlSelectElement =
        find(&root, "#transform-direction").dyn_into().unwrap();
    assert!(direction.disabled());
    assert!(root
        .query_selector(".transform-pane button.primary")
        .unwrap()
        .is_none());
    let now = focused();
    assert_eq!(
        now.text_content().as_deref(),
        Some("Close"),
        "focus is in the pane"
    );
    key(&now, "Escape", false, false).await;
    assert!(root.query_selector(".transform-pane").unwrap().is_none());
    let back = focused();
    assert!(
        back.get_attribute("aria-label")
            .unwrap_or_default()
            .starts_with("Map type of NAME"),
        "focus returns to the map type that opened the pane"
    );
}

fn json_text(root: &Element) -> String {
    find(root, "#transform-json")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap()
        .value()
}

#[wasm_bindgen_test]
async fn the_mappings_table_is_one_tab_stop_and_a_direction_changes_in_the_map_types_pane() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    let stops = |root: &Element| {
        root.query_selector_all(".mappings tbody [tabindex=\"0\"]")
            .unwrap()
            .length()
    };
    let buttons = root
        .query_selector_all(".mappings tbody button")
        .unwrap()
        .length();
    assert!(buttons >= 6, "a map type and Delete per mapping: {buttons}");
    assert_eq!(stops(&root), 1, "one tab stop for the whole table");
    let first = find(&root, ".mappings tbody [tabindex=\"0\"]");
    assert_eq!(first.get_attribute("data-stop").as_deref(), Some("0-0"));

    // Arrow keys move the stop, and the focus with it.
    key(&first, "ArrowDown", false, false).await;
    assert_eq!(focused().get_attribute("data-stop").as_deref(), Some("1-0"));
    key(&focused(), "ArrowRight", false, false).await;
    let delete = focused();
    assert_eq!(delete.get_attribute("data-stop").as_deref(), Some("1-1"));
    assert!(delete
        .get_attribute("aria-label")
        .unwrap_or_default()
        .starts_with("Delete mapping"));
    key(&delete, "End", false, false).await;
    let last = focused();
    assert_eq!(
        last.get_attribute("data-stop"),
        Some(format!("{}-1", buttons / 2 - 1))
    );
    assert_eq!(stops(&root), 1);
    assert_eq!(last.get_attribute("tabindex").as_deref(), Some("0"));

    // The direction is changed where the product changes it: the map type's pane.
    press(
        &root,
        r#"button[aria-label^="Map type of NAME = currencyname"]"#,
    )
    .await;
    choose(
        &root,
        "#transform-direction",
        "< (one-way, Dataverse to finance and operations apps)",
    )
    .await;
    click(&root, "Save").await;
    assert!(root.query_selector(".transform-pane").unwrap().is_none());
    assert!(
        root.query_selector(
            r#"button[aria-label="Map type of NAME < currencyname: one-way, Dataverse to finance and operations apps"]"#
        )
        .unwrap()
        .is_some(),
        "{}",
        text(&root, ".mappings")
    );
}

/// The rows of the pair comparison: (FinOps column, its value, Dataverse value, "Same?").
fn pair_rows(root: &Element) -> Vec<[String; 4]> {
    let rows = root.query_selector_all(".pair-compare tbody tr").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|tr| {
            let cell = |i: u32| {
                tr.children()
                    .item(i)
                    .and_then(|c| c.text_content())
                    .unwrap_or_default()
            };
            [cell(0), cell(1), cell(4), cell(5)]
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_selected_row_is_shown_beside_its_pair_mapping_by_mapping() {
    const FINOPS: &str = r#"table[aria-label^="Finance"]"#;
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    assert!(root.query_selector(".pair-compare").unwrap().is_none());
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Select row US-001, usmf"]"#),
    )
    .await;
    // Both sides made their own US-001 before any sync: every mapped value is shown,
    // and the three that differ say so.
    assert_eq!(
        text(&root, ".pair-compare h3"),
        "Row US-001, usmf and its pair differ on 3 of 11 mappings"
    );
    let rows = pair_rows(&root);
    assert_eq!(
        rows.len(),
        11,
        "every mapping, though the grid shows a few columns"
    );
    let row = |column: &str| rows.iter().find(|r| r[0] == column).cloned().unwrap();
    assert_eq!(
        row("ORGANIZATIONNAME"),
        [
            "ORGANIZATIONNAME".to_string(),
            "Contoso Retail San Diego".into(),
            "Contoso Retail - San Diego".into(),
            "≠ Differs".into()
        ]
    );
    assert_eq!(row("PARTYTYPE")[2], "Customer (3)");
    assert_eq!(row("PARTYTYPE")[3], "✓ Same, through the transform");
    assert_eq!(row("CUSTOMERACCOUNT")[3], "✓ Same");
    assert_eq!(row("PRIMARYCONTACTEMAIL")[2], "(empty)");
    let differs = root
        .query_selector_all(".pair-compare tr.differs")
        .unwrap()
        .length();
    assert_eq!(differs, 3);

    // A row of Dataverse alone has no pair yet, and the comparison says why.
    press(
        &root,
        r#"table[aria-label^="Dataverse"] button[aria-label="Select row C0001, usmf"]"#,
    )
    .await;
    assert_eq!(
        text(&root, ".pair-compare h3"),
        "Row C0001, usmf has no pair on Finance and operations apps"
    );
    assert!(text(&root, ".pair-compare .hint").contains("when the map runs"));
    assert!(pair_rows(&root)
        .iter()
        .all(|r| r[1] == "(no row)" && r[3] == "—"));
    assert_eq!(
        root.query_selector_all(".pair-compare tr.differs")
            .unwrap()
            .length(),
        0,
        "nothing compared, nothing marked as differing"
    );

    // Closed, the selection ends, and the focus goes back to the row's own button.
    press(&root, ".pair-compare .pair-head button").await;
    assert!(root.query_selector(".pair-compare").unwrap().is_none());
    assert_eq!(focused_label().as_deref(), Some("Select row C0001, usmf"));
    assert!(root
        .query_selector(".grid-viewport tr.selected")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_switch_shows_the_simulators_value_after_an_undo_changed_it() {
    let root = mount().await;
    let fault = r#"select[aria-label="Dataverse fault"]"#;
    // Chosen by the user: from here the browser no longer moves the choice when the
    // view marks another option selected.
    choose(&root, fault, "Unavailable (503)").await;
    let select: web_sys::HtmlSelectElement = find(&root, fault).dyn_into().unwrap();
    assert_eq!(select.value(), "Unavailable (503)");
    click(&root, "Undo").await;
    assert_eq!(
        select.value(),
        "Accepts writes",
        "the switch says what the simulator holds"
    );
    click(&root, "Redo").await;
    assert_eq!(select.value(), "Unavailable (503)");
}

#[wasm_bindgen_test]
async fn wide_grids_folds_the_side_column_away_and_the_grids_take_its_room() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    let width = |root: &Element| {
        find(root, ".sides .grid-viewport")
            .dyn_into::<HtmlElement>()
            .unwrap()
            .offset_width()
    };
    let before = width(&root);
    let toggle = button(&root, "Wide grids");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    press(&root, "button.fold-side").await;
    assert!(find(&root, "#side-column").has_attribute("hidden"));
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(
        width(&root) > before,
        "the grids are wider: {} against {before}",
        width(&root)
    );
    // The selected map and its actions by key still work: R opens its Run pane.
    key(&toggle, "r", false, false).await;
    assert!(root.query_selector("[role=dialog]").unwrap().is_some());
    key(&find(&root, "[role=dialog]"), "Escape", false, false).await;
    press(&root, "button.fold-side").await;
    assert!(!find(&root, "#side-column").has_attribute("hidden"));
    assert_eq!(width(&root), before);
}

#[wasm_bindgen_test]
async fn the_map_list_and_the_graph_are_one_tab_stop_each_with_arrows_between_their_maps() {
    let root = mount().await;
    let stops = |selector: &str| -> Vec<String> {
        let all = root.query_selector_all(selector).unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .filter(|e| e.get_attribute("tabindex").as_deref() != Some("-1"))
            .map(|e| e.id())
            .collect()
    };
    // Nothing ticked: the first map is the list's stop.
    assert_eq!(
        stops("table.maps input[type=checkbox]"),
        ["select-Legal-entities"]
    );
    let first: HtmlElement = find(&root, "#select-Legal-entities").dyn_into().unwrap();
    first.focus().unwrap();
    key(&first, "ArrowDown", false, false).await;
    assert_eq!(focused().id(), "select-Currencies");
    key(&focused(), "End", false, false).await;
    let last = focused().id();
    key(&focused(), "ArrowUp", false, false).await;
    assert_ne!(focused().id(), last, "up from the last map");
    key(&focused(), "Home", false, false).await;
    assert_eq!(focused().id(), "select-Legal-entities");
    key(&focused(), "ArrowDown", false, false).await;
    // The checkbox focused last is the stop: Tab back into the list returns to it, after
    // the page renders again (a tick) and a map ticked elsewhere too.
    assert_eq!(
        stops("table.maps input[type=checkbox]"),
        ["select-Currencies"]
    );
    click(&root, "Tick").await;
    tick_map(&root, "select-Customer-groups").await;
    assert_eq!(
        stops("table.maps input[type=checkbox]"),
        ["select-Currencies"]
    );

    // The graph: its selected map's node is its one stop; Right goes to the next node,
    // Enter selects it.
    let node_stops = || -> Vec<String> {
        let all = root.query_selector_all(".graph g.node").unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .filter(|e| e.get_attribute("tabindex").as_deref() == Some("0"))
            .filter_map(|e| e.query_selector("text.name").ok().flatten())
            .filter_map(|t| t.text_content())
            .collect()
    };
    assert_eq!(node_stops(), ["Customer groups"]);
    key(&root, "g", false, false).await;
    let on = focused();
    assert_eq!(on.get_attribute("role").as_deref(), Some("button"));
    assert!(
        on.text_content().unwrap().contains("Customer groups"),
        "G goes to the graph's stop"
    );
    key(&on, "ArrowRight", false, false).await;
    let next = focused();
    assert_ne!(next, on, "Right moves to another node");
    let name = next
        .query_selector("text.name")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(
        node_stops(),
        std::slice::from_ref(&name),
        "the node moved to is the stop"
    );
    key(&next, "Enter", false, false).await;
    assert_eq!(focused(), next, "the focus stays on the node chosen");
    assert_eq!(
        node_stops(),
        std::slice::from_ref(&name),
        "the node chosen is the stop"
    );
    assert!(
        text(&root, ".details h2").starts_with(&name),
        "and the map selected"
    );
    // The arrows move as the nodes are drawn: Down to the node below in the same layer,
    // Right to the layer beside.
    let place = |el: &Element| -> (f64, f64) {
        let t = el.get_attribute("transform").unwrap_or_default();
        let inner = t.trim_start_matches("translate(").trim_end_matches(')');
        let mut parts = inner.split(' ').filter_map(|p| p.parse().ok());
        (parts.next().unwrap_or(-1.0), parts.next().unwrap_or(-1.0))
    };
    key(&focused(), "Home", false, false).await;
    let first = focused();
    key(&first, "ArrowDown", false, false).await;
    let below = focused();
    assert_ne!(below, first);
    assert_eq!(place(&below).0, place(&first).0, "the same layer");
    assert!(place(&below).1 > place(&first).1, "below it");
    key(&below, "ArrowRight", false, false).await;
    assert!(
        place(&focused()).0 > place(&below).0,
        "the layer to the right"
    );
}

#[wasm_bindgen_test]
async fn go_to_keys_reach_the_map_list_the_history_and_the_graph_unfolding_them() {
    let root = mount().await;
    key(&root, "t", false, false).await;
    // M: the list's stop (the ticked map), even with the side column folded away.
    tick_map(&root, "select-Currencies").await;
    press(&root, "button.fold-side").await;
    assert!(find(&root, "#side-column").has_attribute("hidden"));
    key(&root, "m", false, false).await;
    assert!(
        !find(&root, "#side-column").has_attribute("hidden"),
        "unfolded"
    );
    assert_eq!(focused().id(), "select-Currencies");
    // H: the history, unfolded, at its current step.
    let history: web_sys::HtmlDetailsElement = find(&root, "details.timeline").dyn_into().unwrap();
    assert!(!history.open());
    key(&root, "h", false, false).await;
    assert!(history.open(), "unfolded");
    assert_eq!(
        focused().get_attribute("aria-current").as_deref(),
        Some("step"),
        "{:?}",
        focused().text_content()
    );
    assert!(focused().text_content().unwrap().starts_with("1. "));
    // The history is one Tab stop, with arrows between its steps.
    let stops = root
        .query_selector_all(r#".timeline ol button:not([tabindex="-1"])"#)
        .unwrap()
        .length();
    assert_eq!(stops, 1, "one stop: the current step");
    key(&focused(), "ArrowUp", false, false).await;
    assert!(focused().text_content().unwrap().starts_with("0. Start"));
    key(&focused(), "End", false, false).await;
    assert!(focused().text_content().unwrap().starts_with("1. "));
    // D: the selected map's details, at its tab on show.
    key(&root, "d", false, false).await;
    assert_eq!(focused().get_attribute("role").as_deref(), Some("tab"));
    assert_eq!(
        focused().get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    // Pressed in a field, the letters type.
    let field = find(&root, ".faults input[inputmode=numeric]");
    let field_el: HtmlElement = field.clone().dyn_into().unwrap();
    field_el.focus().unwrap();
    key(&field, "g", false, false).await;
    assert_eq!(focused(), field);
    // The help lists them with the other keys.
    key(&root, "?", false, true).await;
    let help = text(&root, ".help");
    assert!(
        help.contains("Go to history") && help.contains("Go to dependency graph"),
        "{help}"
    );
}

#[wasm_bindgen_test]
async fn a_node_chosen_with_enter_keeps_the_focus_when_nothing_was_selected() {
    let root = mount().await;
    key(&root, "g", false, false).await;
    key(&focused(), "ArrowRight", false, false).await;
    let node = focused();
    assert_eq!(node.get_attribute("role").as_deref(), Some("button"));
    key(&node, "Enter", false, false).await;
    assert_eq!(focused(), node, "the focus stays on the node chosen");
    assert_eq!(node.get_attribute("aria-pressed").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn single_key_shortcuts_can_be_turned_off_and_stay_off_after_a_reload() {
    let root = mount().await;
    press(&root, r#"button[aria-keyshortcuts="Shift+?"]"#).await;
    let switch = r#".help .letter-keys input[type=checkbox]"#;
    let on = |root: &Element| {
        find(root, switch)
            .dyn_into::<web_sys::HtmlInputElement>()
            .unwrap()
            .checked()
    };
    assert!(on(&root), "on at first");
    tick_box(&root, switch).await;
    assert!(!on(&root));
    assert!(text(&root, ".help .help-intro").starts_with("The single-key shortcuts are off"));
    key(&find(&root, ".help"), "Escape", false, false).await;
    // A letter does nothing now; Ctrl+Z still undoes.
    key(&root, "t", false, false).await;
    assert_eq!(text(&root, ".clock"), "0 min", "T no longer ticks");
    click(&root, "Tick").await;
    assert_eq!(text(&root, ".clock"), "1 min");
    key(&root, "z", true, false).await;
    assert_eq!(text(&root, ".clock"), "0 min", "Ctrl+Z still undoes");
    // The buttons no longer announce the keys turned off; Undo's stays.
    assert!(!button(&root, "Tick").has_attribute("aria-keyshortcuts"));
    assert!(root
        .query_selector(r#"button[aria-keyshortcuts="Control+Z"]"#)
        .unwrap()
        .is_some());
    // The person's choice outlives a reload.
    let again = mount_as_reloaded().await;
    key(&again, "t", false, false).await;
    assert_eq!(text(&again, ".clock"), "0 min");
    click(&again, "Shortcuts (?)").await;
    assert!(!on(&again));
    tick_box(&again, switch).await;
    key(&find(&again, ".help"), "Escape", false, false).await;
    key(&again, "t", false, false).await;
    assert_eq!(text(&again, ".clock"), "1 min", "on again");
}

/// Clicks the checkbox `selector`.
async fn tick_box(root: &Element, selector: &str) {
    let input: HtmlElement = find(root, selector).dyn_into().unwrap();
    input.click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn a_read_only_mapping_pane_says_why_in_its_description() {
    let root = mount_with_synced("select-Currencies").await;
    press(
        &root,
        r#"button[aria-label^="Map type of NAME = currencyname"]"#,
    )
    .await;
    let pane = find(&root, ".transform-pane");
    assert_eq!(
        pane.get_attribute("aria-describedby").as_deref(),
        Some("transform-readonly")
    );
    assert_eq!(
        text(&root, "#transform-readonly"),
        "Read only: 'Currencies' is Running: to edit its mappings, stop it."
    );
    assert_eq!(focused().text_content().as_deref(), Some("Close"));
    // Its JSON can still be read, from the keyboard too: read only, not disabled.
    click(&root, "Show JSON").await;
    let json: web_sys::HtmlTextAreaElement = find(&root, "#transform-json").dyn_into().unwrap();
    assert!(json.read_only() && !json.disabled());
    assert!(
        json.value().contains("\"currencyname\""),
        "{}",
        json.value()
    );
}

#[wasm_bindgen_test]
async fn h_reaches_the_run_of_ticks_that_holds_the_current_step() {
    let root = mount().await;
    for _ in 0..3 {
        click(&root, "Tick").await;
    }
    // Three ticks in a row are one folded line; the current step is inside it.
    key(&root, "h", false, false).await;
    let on = focused();
    assert_eq!(on.tag_name(), "SUMMARY");
    assert!(on.class_name().contains("current"), "{}", on.class_name());
    assert!(
        on.text_content().unwrap().starts_with("1–3."),
        "{:?}",
        on.text_content()
    );
}

/// The app with a prepared session loaded as a file (pasted and loaded, as a user does),
/// its Currencies map selected.
async fn mount_on(session: &dualwrite_engine::Session, title: &str) -> Element {
    let root = mount().await;
    let import: web_sys::HtmlTextAreaElement = find(&root, "#import-text").dyn_into().unwrap();
    import.set_value(&dualwrite_engine::format::export(session, title));
    click(&root, "Load").await;
    tick_map(&root, "select-Currencies").await;
    root
}

/// A pager's button, by its label ("Next page of failed rows").
fn pager_button(root: &Element, label: &str) -> web_sys::HtmlButtonElement {
    find(root, &format!(r#"button[aria-label="{label}"]"#))
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn every_failed_row_and_conflict_is_reached_a_page_at_a_time_or_by_its_key() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    type_only(&root, ".scenario-io input[inputmode=numeric]", "2500").await;
    press(&root, r#"button[aria-label="Generate Customers"]"#).await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    open_tab(&root, "Initial sync details").await;
    // 100 failed rows and 250 conflicts: the first 50 of each are drawn, the rest a page
    // away, and the counts say how many there are.
    assert_eq!(text(&root, ".execution h3"), "100 failed rows");
    assert_eq!(texts(&root, "ul.errors li").len(), 50);
    assert_eq!(
        texts(&root, ".pager-range"),
        ["failed rows 1–50 of 100", "conflicts 1–50 of 250"]
    );
    let first = text(&root, "ul.errors li");
    let next = pager_button(&root, "Next page of failed rows");
    next.focus().unwrap();
    next.click();
    yew::scheduler::flush().await;
    assert_eq!(texts(&root, ".pager-range")[0], "failed rows 51–100 of 100");
    let page2 = texts(&root, "ul.errors li");
    assert_eq!(page2.len(), 50);
    assert!(!page2.contains(&first), "another page");
    // The last page: Next stays a button with the focus, and does nothing more.
    assert_eq!(next.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(focused_label().as_deref(), Some("Next page of failed rows"));
    next.click();
    yew::scheduler::flush().await;
    assert_eq!(texts(&root, "ul.errors li"), page2);
    // An entry of a later page explains itself as the first page's do (the index is
    // the entry's, not its place on the page).
    let last = page2.last().unwrap().clone();
    let key = last.split(" (").next().unwrap().to_string();
    press(
        &root,
        &format!(r#"button[aria-label="Why? failed row {key}"]"#),
    )
    .await;
    assert!(
        text(&root, ".explanation").contains(&key),
        "{}",
        text(&root, ".explanation")
    );
    click(&root, "Close").await;

    // Conflicts: the last of 5 pages, then a key found among all 250.
    press(&root, r#"button[aria-label="Last page of conflicts"]"#).await;
    assert_eq!(texts(&root, ".pager-range")[1], "conflicts 201–250 of 250");
    assert_eq!(texts(&root, "table.conflicts tbody tr").len(), 50);
    type_only(
        &root,
        r#"input[aria-label="Find key in conflicts"]"#,
        "us-000021",
    )
    .await;
    let found = texts(&root, "table.conflicts tbody tr");
    assert!(!found.is_empty() && found.len() < 50, "{found:?}");
    assert!(
        found.iter().all(|r| r.starts_with("US-000021, usmf")),
        "{found:?}"
    );
    assert_eq!(
        texts(&root, ".pager-range")[1],
        format!(
            "{} of 250 conflicts {} a key containing “us-000021”",
            found.len(),
            if found.len() == 1 { "has" } else { "have" }
        )
    );
    type_only(
        &root,
        r#"input[aria-label="Find key in conflicts"]"#,
        "nothing",
    )
    .await;
    assert!(texts(&root, "table.conflicts tbody tr").is_empty());
    assert_eq!(
        texts(&root, ".pager-range")[1],
        "No conflict has a key containing “nothing”"
    );
}

#[wasm_bindgen_test]
async fn a_long_queue_and_activity_log_are_paged_newest_log_line_first() {
    use dualwrite_engine::{format, Command, RowRef, Session, Side, Value};
    // A prepared file: Currencies paused and resumed 12 times (5 log lines each), then
    // paused with 120 updates queued.
    let mut session = Session::new(dualwrite_engine::demo());
    let mut dispatch = |c: &str| {
        session
            .dispatch(format::command_from_json(c).unwrap())
            .unwrap()
    };
    dispatch(r#"{"command":"run","maps":[{"map":"Legal entities"},{"map":"Currencies"}]}"#);
    dispatch(r#"{"command":"run_until_idle"}"#);
    for _ in 0..12 {
        dispatch(r#"{"command":"pause","maps":["Currencies"]}"#);
        dispatch(r#"{"command":"run","maps":[{"map":"Currencies"}]}"#);
        dispatch(r#"{"command":"run_until_idle"}"#);
    }
    dispatch(r#"{"command":"pause","maps":["Currencies"]}"#);
    for i in 0..120 {
        let key = if i % 2 == 0 { "USD" } else { "EUR" };
        session
            .dispatch(Command::UpdateRow {
                side: Side::FinOps,
                table: "Currencies".into(),
                row: RowRef::Key(vec![Value::text(key)]),
                cells: [("NAME".to_string(), Value::text(format!("Name {i}")))].into(),
            })
            .unwrap();
    }
    let root = mount_on(&session, "Long queue").await;
    open_tab(&root, "Queued records").await;
    assert_eq!(texts(&root, "ol.queue li").len(), 50);
    assert_eq!(text(&root, ".pager-range"), "queued records 1–50 of 120");
    press(&root, r#"button[aria-label="Last page of queued records"]"#).await;
    let last = texts(&root, "ol.queue li");
    assert_eq!(last.len(), 20);
    assert!(last[19].contains("record 120"), "{:?}", last[19]);
    type_only(
        &root,
        r#"input[aria-label="Find key in queued records"]"#,
        "eur",
    )
    .await;
    assert_eq!(
        text(&root, ".pager-range"),
        "60 of 120 queued records have a key containing “eur”; 1–50 shown"
    );
    let eur = texts(&root, "ol.queue li");
    assert_eq!(eur.len(), 50);
    assert!(eur.iter().all(|l| l.contains("(EUR)")), "{eur:?}");
    // A find worked out again when the queue changes: the last update (EUR) undone.
    key(&focused(), "z", true, false).await;
    assert_eq!(
        text(&root, ".pager-range"),
        "59 of 119 queued records have a key containing “eur”; 1–50 shown"
    );
    type_only(
        &root,
        r#"input[aria-label="Find key in queued records"]"#,
        "",
    )
    .await;
    // The queue shrinks under a later page: the page follows it, and the pager, whose
    // button has the focus, stays when 50 records or fewer are left.
    press(&root, r#"button[aria-label="Last page of queued records"]"#).await;
    assert_eq!(text(&root, ".pager-range"), "queued records 101–119 of 119");
    let last_page = focused();
    for _ in 0..24 {
        key(&last_page, "z", true, false).await;
    }
    assert_eq!(text(&root, ".pager-range"), "queued records 51–95 of 95");
    for _ in 0..50 {
        key(&last_page, "z", true, false).await;
    }
    assert_eq!(text(&root, ".pager-range"), "queued records 1–45 of 45");
    assert_eq!(texts(&root, "ol.queue li").len(), 45);
    assert!(last_page.is_connected(), "the focused button stays");
    assert_eq!(focused(), last_page);
    // (Redone, for the log below.)
    for _ in 0..75 {
        key(&last_page, "z", true, true).await;
    }
    assert_eq!(text(&root, ".pager-range"), "queued records 1–50 of 120");

    // The activity log: 65 lines, newest first, numbered as logged, a page at a time.
    open_tab(&root, "Activity log").await;
    assert_eq!(text(&root, ".pager-range"), "log lines 1–50 of 65");
    let number = |li: &str| {
        root.query_selector(&format!("ol.log li:nth-child({li})"))
            .unwrap()
            .unwrap()
            .get_attribute("value")
    };
    assert_eq!(number("1").as_deref(), Some("65"));
    assert!(text(&root, "ol.log li").contains("Status changed from Running to Paused"));
    press(&root, r#"button[aria-label="Next page of log lines"]"#).await;
    assert_eq!(texts(&root, "ol.log li").len(), 15);
    assert_eq!(number("15").as_deref(), Some("1"));
    assert!(text(&root, "ol.log li:last-child").contains("Initial sync started"));
    type_only(
        &root,
        r#"input[aria-label="Find text in log lines"]"#,
        "catch-up finished",
    )
    .await;
    assert_eq!(
        text(&root, ".pager-range"),
        "12 of 65 log lines contain “catch-up finished”"
    );
    assert_eq!(number("12").as_deref(), Some("8"), "numbered as logged");
}

#[wasm_bindgen_test]
async fn catch_up_errors_are_paged_and_ticks_on_two_pages_are_retried_together() {
    use dualwrite_engine::{format, Command, Session, Side, Value};
    // A prepared file: 60 currencies created on FinOps while Currencies was paused, played
    // back while Dataverse was unavailable: 60 catch-up errors.
    let mut session = Session::new(dualwrite_engine::demo());
    let dispatch = |s: &mut Session, c: Command| s.dispatch(c).unwrap();
    for c in [
        r#"{"command":"run","maps":[{"map":"Legal entities"},{"map":"Currencies"}]}"#,
        r#"{"command":"run_until_idle"}"#,
        r#"{"command":"pause","maps":["Currencies"]}"#,
    ] {
        dispatch(&mut session, format::command_from_json(c).unwrap());
    }
    for i in 0..60 {
        dispatch(
            &mut session,
            Command::CreateRow {
                side: Side::FinOps,
                table: "Currencies".into(),
                cells: [
                    ("CURRENCYCODE".to_string(), Value::text(format!("X{i:02}"))),
                    ("NAME".to_string(), Value::text(format!("Currency {i}"))),
                ]
                .into(),
            },
        );
    }
    for c in [
        r#"{"command":"set_fault","side":"Dataverse","fault":"unavailable"}"#,
        r#"{"command":"run","maps":[{"map":"Currencies"}]}"#,
        r#"{"command":"run_until_idle"}"#,
        r#"{"command":"set_fault","side":"Dataverse","fault":null}"#,
    ] {
        dispatch(&mut session, format::command_from_json(c).unwrap());
    }
    let root = mount_on(&session, "Catch-up errors").await;
    open_tab(&root, "Catch-up errors").await;
    assert_eq!(text(&root, ".pager-range"), "catch-up errors 1–50 of 60");
    let rows = || texts(&root, r#"table[aria-label="Catch-up errors"] tbody tr"#);
    assert_eq!(rows().len(), 50);
    // One ticked on the first page, one on the second: both retried.
    tick_box(&root, r#"input[aria-label="Select record 1"]"#).await;
    press(
        &root,
        r#"button[aria-label="Next page of catch-up errors"]"#,
    )
    .await;
    assert_eq!(rows().len(), 10);
    tick_box(&root, r#"input[aria-label="Select record 60"]"#).await;
    click(&root, "Retry selected").await;
    let completed = |record: &str| {
        rows()
            .iter()
            .any(|r| r.contains(&format!("#{record} ")) && r.contains("Completed"))
    };
    assert!(completed("60"), "{:?}", rows());
    assert!(!completed("59"), "not ticked, not retried");
    press(
        &root,
        r#"button[aria-label="First page of catch-up errors"]"#,
    )
    .await;
    assert!(completed("1"), "{:?}", rows());
    assert!(!completed("2"));
    // Found by key among all 60.
    type_only(
        &root,
        r#"input[aria-label="Find key in catch-up errors"]"#,
        "x59",
    )
    .await;
    assert_eq!(
        text(&root, ".pager-range"),
        "1 of 60 catch-up errors has a key containing “x59”"
    );
    assert!(rows()[0].contains("(X59)"), "{:?}", rows());
}

#[wasm_bindgen_test]
async fn a_graph_node_chosen_with_enter_is_brought_back_into_view() {
    let root = mount().await;
    key(&root, "g", false, false).await;
    let node = focused();
    key(&node, "End", false, false).await;
    let last = focused();
    assert_ne!(last, node);
    key(&last, "Enter", false, false).await;
    let window = web_sys::window().unwrap();
    let height = window.inner_height().unwrap().as_f64().unwrap();
    // The map's details, open above the graph, have pushed it out of view...
    let pushed = last.get_bounding_client_rect();
    assert!(pushed.bottom() > height, "{} in {height}", pushed.bottom());
    // ...and the node comes back into view once the page has painted.
    next_paint().await;
    let rect = last.get_bounding_client_rect();
    assert!(
        rect.top() >= 0.0 && rect.bottom() <= height,
        "the node at {}-{} in a window {height} high",
        rect.top(),
        rect.bottom()
    );
}

#[wasm_bindgen_test]
async fn the_focus_on_a_record_the_catch_up_plays_goes_to_its_tab_panel_not_the_page() {
    let root = mount_with_synced("select-Currencies").await;
    pause_selected(&root).await;
    edit_cell(
        &root,
        r#"table[aria-label^="Finance"]"#,
        "USD",
        "NAME",
        "Dollar",
    )
    .await;
    run_selected(&root).await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Resuming"
    );
    open_tab(&root, "Queued records").await;
    let why: HtmlElement = find(&root, "#detail-panel button.why").dyn_into().unwrap();
    why.focus().unwrap();
    // T plays the queue back: the record and its Why? go.
    key(&why, "t", false, false).await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    assert!(!why.is_connected());
    assert_eq!(focused().id(), "detail-panel");
}

#[wasm_bindgen_test]
async fn resume_is_offered_for_paused_maps_and_opens_the_run_pane_with_the_resume_options() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    // Not running: Resume is greyed out, and why is said with the other reasons.
    assert!(button(&root, "Resume").disabled());
    assert!(
        text(&root, ".map-list").contains(
            "Resume is not available for 'Currencies': it is Not running, and only a Paused map resumes"
        ),
        "{}",
        text(&root, ".map-list")
    );
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    assert!(button(&root, "Resume").disabled(), "Running");
    pause_selected(&root).await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Paused"
    );
    // Paused: Resume opens the Run pane on the resume options, as the product's does.
    let resume = button(&root, "Resume");
    assert!(!resume.disabled());
    resume.click();
    yew::scheduler::flush().await;
    let pane = find(&root, ".run-pane");
    assert!(
        text(&pane, "fieldset").contains("Catch up synchronization of queued records"),
        "{}",
        text(&pane, "fieldset")
    );
    confirm_run(&root).await;
    click(&root, "Run until idle").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
}

#[wasm_bindgen_test]
async fn the_helps_keys_wrap_between_keys_never_inside_one() {
    let root = mount().await;
    press(&root, r#"button[aria-keyshortcuts="Shift+?"]"#).await;
    let help: HtmlElement = find(&root, ".help").dyn_into().unwrap();
    // As narrow as the help is at 1024 px, and narrower.
    for width in ["780px", "600px"] {
        help.style().set_property("width", width).unwrap();
        let keys = help.query_selector_all("kbd").unwrap();
        assert!(keys.length() > 20, "every key in its own box");
        let keys: Vec<Element> = (0..keys.length())
            .filter_map(|i| keys.item(i))
            .filter_map(|k| k.dyn_into().ok())
            .collect();
        // One line high, as the first key ("R") is.
        let line = keys[0].get_bounding_client_rect().height();
        for k in &keys {
            assert!(
                k.get_bounding_client_rect().height() < line * 1.5,
                "{width}: '{}' is on one line",
                k.text_content().unwrap_or_default()
            );
        }
        assert!(text(&help, "tbody").contains("↑ ↓ Page Up Page Down Ctrl+Home Ctrl+End"));
    }
}

#[wasm_bindgen_test]
async fn the_mapping_pane_saves_on_enter_in_a_field_and_marks_the_field_a_save_refused() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    let invalid_and_focused = |root: &Element, selector: &str| {
        let field = find(root, selector);
        assert_eq!(
            field.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{selector} is marked"
        );
        assert_eq!(
            field.get_attribute("aria-describedby").as_deref(),
            Some("transform-error"),
            "{selector} is described by the refusal"
        );
        assert!(
            text(root, "#transform-error").starts_with("Not saved: "),
            "{}",
            text(root, "#transform-error")
        );
        assert_eq!(focused(), field, "the focus is on {selector}");
    };
    // Enter on a list (the map type, which has the focus as the pane opens) chooses in
    // it, and saves nothing; Save with nothing changed closes the pane, and logs no step.
    press(&root, r#"button[aria-label^="Map type of EXCHANGERATE"]"#).await;
    let direction = find(&root, "#transform-direction");
    assert_eq!(focused(), direction);
    key(&direction, "Enter", false, false).await;
    assert!(root.query_selector(".transform-pane").unwrap().is_some());
    press(&root, ".transform-pane button.primary").await;
    assert!(root.query_selector(".transform-pane").unwrap().is_none());
    assert!(button(&root, "Undo").disabled(), "no step logged");
    // A default: Enter in its field saves; refused, the field says so and has the focus.
    mapping_pane(&root, "EXCHANGERATE", "default").await;
    type_only(&root, "#transform-default", "abc").await;
    let default = find(&root, "#transform-default");
    key(&default, "Enter", false, false).await;
    invalid_and_focused(&root, "#transform-default");
    // Typing again takes the mark away; a readable value saves on Enter.
    type_only(&root, "#transform-default", "1.5").await;
    assert_eq!(default.get_attribute("aria-invalid"), None);
    key(&default, "Enter", false, false).await;
    assert!(
        root.query_selector(".transform-pane").unwrap().is_none(),
        "saved by Enter"
    );
    // A value map's pair with its Dataverse value missing: that field is marked.
    mapping_pane(&root, "NAME", "valuemap").await;
    click(&root, "Add pair").await;
    let first = r#"[aria-label="Pair 1, finance and operations value"]"#;
    type_only(&root, first, "US Dollar").await;
    // (Saved with the button this time: the focus moves from it to the field.)
    press(&root, ".transform-pane button.primary").await;
    invalid_and_focused(&root, r#"[aria-label="Pair 1, Dataverse value"]"#);
    assert_eq!(find(&root, first).get_attribute("aria-invalid"), None);
    // The JSON, when it is what was refused.
    click(&root, "Cancel").await;
    press(&root, r#"button[aria-label^="Map type of NAME"]"#).await;
    click(&root, "Show JSON").await;
    type_into(&root, "#transform-json", "{ not json").await;
    press(&root, ".transform-pane button.primary").await;
    invalid_and_focused(&root, "#transform-json");
}

/// Opens the pane of the mapping of `column` from its map type, and chooses the
/// transform `kind` (`default`, `valuemap`) there.
async fn mapping_pane(root: &Element, column: &str, kind: &str) {
    press(
        root,
        &format!(r#"button[aria-label^="Map type of {column}"]"#),
    )
    .await;
    find(root, &format!("#transform-kind-{kind}"))
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
}
