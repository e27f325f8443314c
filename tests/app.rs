//! The real app in headless Chromium: mount it, click real buttons, read the DOM.
//! Rendering is awaited with `yew::scheduler::flush()`, never with sleeps.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

#[wasm_bindgen_test]
async fn lists_the_eight_demo_maps_not_running() {
    let root = mount().await;
    let rows = root.query_selector_all("tr.map").unwrap();
    assert_eq!(rows.length(), 8);
    assert_eq!(status_of(&root, "Customers V3 (accounts)"), "Not running");
    assert!(button(&root, "Run").disabled(), "Run needs a selection");
}

#[wasm_bindgen_test]
async fn run_initializes_then_runs_and_undo_rewinds() {
    let root = mount().await;
    tick_map(&root, "select-Legal-entities").await;
    assert!(!button(&root, "Run").disabled());
    assert!(
        button(&root, "Pause").disabled(),
        "Pause only on Running maps"
    );

    run_selected(&root).await;
    assert_eq!(
        status_of(&root, "Legal entities (cdm_companies)"),
        "Initializing"
    );
    // The list shows the initial sync's progress, as a bar and in words.
    let row = find(&root, r#"tr.map[data-map="Legal entities"]"#);
    let words = text(&row, ".progress-text");
    let (done, total) = words.split_once(" / ").expect("done / total");
    let (done, total): (u64, u64) = (done.parse().unwrap(), total.parse().unwrap());
    assert!(done < total, "{words}");
    let bar = find(&row, "progress");
    assert_eq!(bar.get_attribute("value"), Some(done.to_string()));
    assert_eq!(bar.get_attribute("max"), Some(total.to_string()));

    click(&root, "Run until idle").await;
    assert_eq!(
        status_of(&root, "Legal entities (cdm_companies)"),
        "Running"
    );
    assert!(!button(&root, "Pause").disabled());
    open_tab(&root, "Activity log").await;
    let details = root.query_selector(".details").unwrap().unwrap();
    assert!(details
        .text_content()
        .unwrap()
        .contains("Dual write Initial Sync completed with status: Completed"));

    click(&root, "Undo").await;
    click(&root, "Undo").await;
    assert_eq!(
        status_of(&root, "Legal entities (cdm_companies)"),
        "Not running"
    );
}

#[wasm_bindgen_test]
async fn mixed_selection_disables_pause() {
    let root = mount_with_synced("select-Currencies").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    tick_map(&root, "select-Vendor-groups").await;
    assert!(
        button(&root, "Pause").disabled(),
        "a selection mixing Running and Not running cannot pause"
    );
    // The greyed-out buttons say why on request, in the engine's words.
    let why = find(&root, ".map-list details.unavailable");
    assert_eq!(text(&why, "summary"), "Why are some actions unavailable?");
    let items = why.query_selector_all("li").unwrap();
    let reasons: Vec<String> = (0..items.length())
        .filter_map(|i| items.item(i))
        .filter_map(|n| n.text_content())
        .collect();
    let starts = [
        "Run is not available for 'Currencies': it is Running",
        "Stop is not available for 'Vendor groups': it is Not running",
        "Pause is not available for 'Vendor groups': it is Not running",
        "Resume is not available for 'Currencies': it is Running, and only a Paused map resumes",
        "Skip to live sync is not available for 'Currencies': it is Running",
        "Skip initial sync is not available for 'Currencies': it is Running; it starts a map that is Not running",
        "Rerun execution is not available for 'Currencies': it is Running",
    ];
    assert_eq!(reasons.len(), starts.len(), "{reasons:?}");
    for (reason, start) in reasons.iter().zip(starts) {
        assert!(reason.starts_with(start), "{reason} / {start}");
    }
    // One map alone: its greyed-out actions say why too.
    tick_map(&root, "select-Currencies").await;
    let why = find(&root, ".map-list details.unavailable");
    assert!(
        text(&why, "ul").contains("Pause is not available for 'Vendor groups': it is Not running"),
        "{}",
        text(&why, "ul")
    );
    assert!(!text(&why, "ul").contains("Currencies"));
    // No map ticked: it says what the actions act on (and stays, so that ticking a map
    // moves nothing).
    tick_map(&root, "select-Vendor-groups").await;
    assert_eq!(
        text(&root, ".map-list details.unavailable p"),
        "The actions act on the ticked table maps: tick one or more in the list below."
    );
}

#[wasm_bindgen_test]
async fn the_selected_map_shows_both_sides_rows_after_a_sync() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    let captions = |root: &Element| {
        let all = root.query_selector_all(".rows caption").unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| n.text_content())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        captions(&root),
        [
            "Finance and operations apps: Currencies (5 rows)",
            "Dataverse: Currencies, transactioncurrencies (2 rows)"
        ]
    );
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    assert_eq!(
        captions(&root),
        [
            "Finance and operations apps: Currencies (5 rows)",
            "Dataverse: Currencies, transactioncurrencies (5 rows)"
        ]
    );
}

#[wasm_bindgen_test]
async fn the_fault_switch_and_skip_initial_sync_reach_the_engine() {
    let root = mount().await;
    let label = find(&root, r#"select[aria-label="Dataverse fault"]"#)
        .parent_element()
        .unwrap();
    assert_eq!(label.tag_name(), "LABEL");
    assert!(
        label
            .text_content()
            .unwrap()
            .starts_with("Dataverse fault: "),
        "the switch is labelled on screen too"
    );
    // The two sides' switches are aligned, each under its words, as wide as its box.
    for name in ["Finance and operations apps fault", "Dataverse fault"] {
        let select = find(&root, &format!(r#"select[aria-label="{name}"]"#));
        let (b, label) = (
            select.get_bounding_client_rect(),
            select.parent_element().unwrap().get_bounding_client_rect(),
        );
        assert_eq!(
            (b.left(), b.width()),
            (label.left(), label.width()),
            "{name}: the select's left edge and width, against its label's"
        );
        assert!(
            b.top() > label.top() + 10.0,
            "{name}: the select under its words"
        );
    }
    choose(
        &root,
        r#"select[aria-label="Dataverse fault"]"#,
        "Unavailable (503)",
    )
    .await;
    let notice = root.query_selector(".notice").unwrap().unwrap();
    assert_eq!(
        notice.text_content().unwrap(),
        "Dataverse refuses every write: Unavailable (503)"
    );
    tick_map(&root, "select-Vendor-groups").await;
    click(&root, "Skip initial sync").await;
    assert_eq!(
        status_of(&root, "Vendor groups (msdyn_vendorgroups)"),
        "Running"
    );
    assert!(button(&root, "Skip initial sync").disabled());
}

#[wasm_bindgen_test]
async fn the_run_pane_lists_prerequisites_first_and_runs_what_is_ticked() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    click(&root, "Run").await;
    let pane = root
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("a dialog");
    let order = pane_order(&pane);
    assert_eq!(
        order,
        [
            "Legal entities",
            "Currencies",
            "Terms of payment",
            "Customer groups",
            "Customers V3"
        ]
    );
    let now = focused();
    assert!(pane.contains(Some(&now)), "focus moved into the pane");
    // The cycle is warned of while the run passes its rows in an initial sync only.
    let cycle = "Customers V3 looks up its own rows";
    assert!(pane.text_content().unwrap().contains(cycle));
    let labels = pane.query_selector_all("label").unwrap();
    let initial_sync: HtmlElement = (0..labels.length())
        .filter_map(|i| labels.item(i)?.dyn_into::<Element>().ok())
        .find(|l| l.text_content().is_some_and(|t| t.trim() == "Initial sync"))
        .and_then(|l| l.query_selector("input").ok().flatten())
        .expect("the Initial sync box")
        .dyn_into()
        .unwrap();
    initial_sync.click();
    yew::scheduler::flush().await;
    assert!(!pane.text_content().unwrap().contains(cycle));
    initial_sync.click();
    yew::scheduler::flush().await;
    assert!(pane.text_content().unwrap().contains(cycle));
    tick_map(&root, "run-Customer-groups").await;
    confirm_run(&root).await;
    assert!(
        root.query_selector("[role=dialog]").unwrap().is_none(),
        "the pane closed"
    );
    assert_eq!(
        status_of(&root, "Customer groups (msdyn_customergroups)"),
        "Not running"
    );
    assert_eq!(status_of(&root, "Customers V3 (accounts)"), "Initializing");
    assert_eq!(
        status_of(&root, "Legal entities (cdm_companies)"),
        "Initializing"
    );
}

#[wasm_bindgen_test]
async fn tab_stays_in_a_pane_and_enter_on_its_boxes_presses_its_main_button() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    click(&root, "Run").await;
    let pane = find(&root, "[role=dialog]");
    let first = focused();
    assert_eq!(first.get_attribute("type").as_deref(), Some("checkbox"));
    // Past the last control (Cancel), Tab wraps to the first; Shift+Tab back again.
    button(&pane, "Cancel").focus().unwrap();
    key(&focused(), "Tab", false, false).await;
    assert_eq!(
        focused(),
        first,
        "Tab from Cancel wraps to the first control"
    );
    key(&focused(), "Tab", false, true).await;
    assert_eq!(focused().text_content().as_deref(), Some("Cancel"));
    // From the dialog itself (after a click on its text), Tab goes to its first control.
    let dialog: HtmlElement = pane.clone().dyn_into().unwrap();
    dialog.focus().unwrap();
    key(&pane, "Tab", false, false).await;
    assert_eq!(focused(), first);
    // Enter on a box runs, as Enter submits a form.
    let include = find(&root, "#run-Currencies");
    key(&include, "Enter", false, false).await;
    assert!(root.query_selector("[role=dialog]").unwrap().is_none());
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Initializing"
    );
    // With nothing ticked, its Run greyed out, Enter does nothing.
    click(&root, "Run until idle").await;
    tick_map(&root, "select-Currencies").await;
    tick_map(&root, "select-Legal-entities").await;
    click(&root, "Run").await;
    let include = find(&root, "#run-Legal-entities");
    press_input(&root, "#run-Legal-entities").await;
    key(&include, "Enter", false, false).await;
    assert!(root.query_selector("[role=dialog]").unwrap().is_some());
    assert_eq!(
        status_of(&root, "Legal entities (cdm_companies)"),
        "Not running"
    );
}

#[wasm_bindgen_test]
async fn running_with_every_related_map_unticked_asks_first_as_the_product_does() {
    let root = mount().await;
    tick_map(&root, "select-Customer-groups").await;
    click(&root, "Run").await;
    // The related maps it offers, unticked: Run asks.
    let related = root
        .query_selector_all(".run-pane tr[data-related] input[type=checkbox]")
        .unwrap();
    assert!(
        related.length() >= 2,
        "Legal entities and Terms of payment offered"
    );
    for i in 0..related.length() {
        let input: HtmlElement = related.item(i).unwrap().dyn_into().unwrap();
        input.click();
        yew::scheduler::flush().await;
    }
    let pane = find(&root, ".run-pane");
    button(&pane, "Run").click();
    yew::scheduler::flush().await;
    assert_eq!(
        text(&root, ".run-pane .no-related [role=alert]"),
        "You haven't enabled any related table maps at this time. Are you sure you want to continue?"
    );
    assert_eq!(focused().text_content().as_deref(), Some("Yes"));
    assert_eq!(
        status_of(&root, "Customer groups (msdyn_customergroups)"),
        "Not running"
    );
    // Meanwhile the choices take no input (Enter on a box would answer Yes): inert, a
    // box cannot even take the focus.
    assert!(root
        .query_selector(".run-pane [inert] table")
        .unwrap()
        .is_some());
    let first: HtmlElement = related.item(0).unwrap().dyn_into().unwrap();
    first.focus().unwrap();
    assert_eq!(focused().text_content().as_deref(), Some("Yes"));
    // No: back to the pane, on the first related map left unticked.
    click(&root, "No").await;
    assert!(root
        .query_selector(".run-pane .no-related")
        .unwrap()
        .is_none());
    let first: Element = related.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(focused(), first);
    // Escape while asked answers No too: the pane stays, with its choices.
    button(&find(&root, ".run-pane"), "Run").click();
    yew::scheduler::flush().await;
    key(&focused(), "Escape", false, false).await;
    assert!(root.query_selector(".run-pane").unwrap().is_some());
    assert!(root
        .query_selector(".run-pane .no-related")
        .unwrap()
        .is_none());
    assert_eq!(focused(), first);
    // Yes: it runs as asked, without them.
    button(&find(&root, ".run-pane"), "Run").click();
    yew::scheduler::flush().await;
    click(&root, "Yes").await;
    assert!(root.query_selector(".run-pane").unwrap().is_none());
    assert_eq!(
        status_of(&root, "Customer groups (msdyn_customergroups)"),
        "Initializing"
    );
    assert_eq!(
        status_of(&root, "Legal entities (cdm_companies)"),
        "Not running"
    );
    // With a related map ticked, Run runs at once: here a dependent that "Show related
    // table map(s)" lists (Currencies has no prerequisite).
    tick_map(&root, "select-Customer-groups").await;
    tick_map(&root, "select-Currencies").await;
    click(&root, "Run").await;
    press_input(&root, ".run-pane .show-related input").await;
    let dependents = root
        .query_selector_all(".run-pane tr[data-related] input[type=checkbox]")
        .unwrap();
    assert!(dependents.length() >= 1);
    let dependent: HtmlElement = dependents.item(0).unwrap().dyn_into().unwrap();
    dependent.click();
    yew::scheduler::flush().await;
    confirm_run(&root).await;
    assert!(root.query_selector(".run-pane").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_resume_pane_lists_running_related_maps_without_offering_to_run_them() {
    // Customer groups and its prerequisites synced, then Customer groups paused.
    let root = mount_with_synced("select-Customer-groups").await;
    pause_selected(&root).await;
    click(&root, "Run").await;
    let row = |map: &str| find(&root, &format!(r#".run-pane tr[data-map="{map}"]"#));
    let legal = row("Legal entities");
    let input: web_sys::HtmlInputElement = legal
        .query_selector("input[type=checkbox]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(input.disabled() && !input.checked(), "Running: not offered");
    assert!(
        legal
            .text_content()
            .unwrap()
            .contains("None: it is Running"),
        "{}",
        legal.text_content().unwrap()
    );
    assert!(
        legal.query_selector("select").unwrap().is_none(),
        "no master to choose"
    );
    // The paused map resumes.
    assert!(row("Customer groups")
        .text_content()
        .unwrap()
        .contains("None: it resumes"));
    confirm_run(&root).await;
    assert!(root.query_selector(".run-pane").unwrap().is_none());
    assert_eq!(
        status_of(&root, "Customer groups (msdyn_customergroups)"),
        "Resuming"
    );
}

#[wasm_bindgen_test]
async fn escape_closes_the_run_pane_and_returns_focus_to_run() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    click(&root, "Run").await;
    let pane = root
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("a dialog");
    key(&pane, "Escape", false, false).await;
    assert!(root.query_selector("[role=dialog]").unwrap().is_none());
    let now = focused();
    assert_eq!(now.text_content().as_deref(), Some("Run"));
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Not running"
    );
}

/// The app with Currencies selected and the focus on the FinOps row EUR's Edit.
async fn currencies_with_the_focus_on_edit_eur() -> (Element, HtmlElement) {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    let edit: HtmlElement = find(
        &root,
        &format!(r#"{FINOPS_ROWS} button[aria-label="Edit row EUR"]"#),
    )
    .dyn_into()
    .unwrap();
    edit.focus().unwrap();
    (root, edit)
}

#[wasm_bindgen_test]
async fn a_pane_opened_by_its_shortcut_gives_the_focus_back_where_it_was() {
    let (root, edit) = currencies_with_the_focus_on_edit_eur().await;
    key(&edit, "r", false, false).await;
    let pane = find(&root, "[role=dialog]");
    assert!(pane.contains(Some(&focused())), "the pane has the focus");
    key(&pane, "Escape", false, false).await;
    assert!(root.query_selector("[role=dialog]").unwrap().is_none());
    assert_eq!(focused_label().as_deref(), Some("Edit row EUR"));
    // Run from the pane: back on the row too (the toolbar's Run is disabled by then).
    edit.focus().unwrap();
    key(&edit, "r", false, false).await;
    confirm_run(&root).await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Initializing"
    );
    assert_eq!(focused_label().as_deref(), Some("Edit row EUR"));
}

#[wasm_bindgen_test]
async fn a_pane_opened_by_a_click_that_does_not_focus_gives_the_focus_back_to_its_button() {
    // As in Safari: pressing a button does not focus it. The control pressed is where
    // the user was, not the field focused before.
    let (root, edit) = currencies_with_the_focus_on_edit_eur().await;
    let run = button(&root, "Run");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    run.dispatch_event(&web_sys::Event::new_with_event_init_dict("pointerdown", &init).unwrap())
        .unwrap();
    run.click();
    yew::scheduler::flush().await;
    key(&find(&root, "[role=dialog]"), "Escape", false, false).await;
    assert_eq!(
        focused(),
        Element::from(run),
        "not {:?}",
        edit.get_attribute("aria-label")
    );
}

/// The FinOps rows table of the details section.
const FINOPS_ROWS: &str = r#"table[aria-label^="Finance"]"#;

/// Edits one cell of a FinOps row (`row` as the row's label, its key values) and saves.
async fn edit_finops_cell(root: &Element, row: &str, column: &str, text: &str) {
    edit_cell(root, FINOPS_ROWS, row, column, text).await;
}

#[wasm_bindgen_test]
async fn editing_a_row_on_finops_reaches_dataverse_and_html_stays_text() {
    let root = mount_with_synced("select-Currencies").await;
    let dataverse = r#"table[aria-label^="Dataverse"]"#;
    edit_finops_cell(&root, "USD", "NAME", "<b>Dollar</b>").await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert_eq!(
        notice,
        r#"Row USD saved in Finance and operations apps Currencies: NAME = "<b>Dollar</b>""#
    );
    let dv = find(&root, dataverse);
    assert!(
        dv.text_content().unwrap().contains("<b>Dollar</b>"),
        "the live write reached Dataverse, as text"
    );
    assert!(
        dv.query_selector("b").unwrap().is_none(),
        "no markup was injected"
    );
    // Saved again as it is: nothing to save, and no step in the history.
    let steps = text(&root, ".timeline summary");
    edit_finops_cell(&root, "USD", "NAME", "<b>Dollar</b>").await;
    assert_eq!(
        text(&root, ".notice"),
        "Nothing changed: the row is as it was, so nothing was saved"
    );
    assert_eq!(text(&root, ".timeline summary"), steps);
    assert!(root.query_selector("tr.editing").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_key_typed_with_spaces_around_it_is_that_key_not_a_second_row_like_it() {
    let root = mount_with_synced("select-Currencies").await;
    edit_finops_cell(&root, "USD", "CURRENCYCODE", " EUR ").await;
    let error = text(&root, FINOPS_ROWS);
    assert!(
        error.contains("already has a row with the key (EUR)"),
        "refused as the key it reads as: {error}"
    );
    click(&root, "Cancel").await;
    edit_finops_cell(&root, "USD", "NAME", "  US dollar ").await;
    let names = texts(&root, &format!("{FINOPS_ROWS} tr td"));
    assert!(names.iter().any(|t| t == "US dollar"), "{names:?}");
}

#[wasm_bindgen_test]
async fn a_live_write_rolled_back_for_one_column_shows_the_error_at_that_cell() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    click(&root, "Skip initial sync").await;
    // "Requisition" has no entry in the on-hold value map: Dataverse cannot be written,
    // so the write is rolled back, and the error belongs to the ONHOLDSTATUS cell.
    edit_finops_cell(&root, "US-001, usmf", "ONHOLDSTATUS", "Requisition").await;
    let cell = r#"select[aria-label="ONHOLDSTATUS of row US-001, usmf"]"#;
    let select: web_sys::HtmlSelectElement = find(&root, cell).dyn_into().unwrap();
    assert_eq!(select.value(), "Requisition", "the choice is kept");
    assert_eq!(
        select.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let error = text(
        &root,
        &format!("#{}", select.get_attribute("aria-describedby").unwrap()),
    );
    assert!(
        error.starts_with("The change was rolled back on both sides")
            && error.contains("ONHOLDSTATUS has no entry in the value map"),
        "{error}"
    );
    assert!(root.query_selector("tr.row-error").unwrap().is_none());
    // What just happened says what dual-write did: it rolled the write back.
    let lines = feed(&root);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("⚠ Needs attention: The change was rolled back on both sides"),
        "{lines:?}"
    );
    assert!(root.query_selector(".feed .hint").unwrap().is_none());
    assert!(
        root.query_selector(".feed ul.attention").unwrap().is_none(),
        "in view already: not said twice"
    );
    // Logged all the same (it counts an error towards alerts), and said to be rolled back.
    assert!(
        text(&root, ".timeline li:last-child").ends_with(
            r#"Row US-001, usmf not saved in Finance and operations apps Customers V3: ONHOLDSTATUS = "Requisition" (rolled back on both sides) (current)"#
        ),
        "{}",
        text(&root, ".timeline li:last-child")
    );
}

#[wasm_bindgen_test]
async fn a_decimal_typed_with_a_comma_or_out_of_range_is_refused_at_its_cell_never_changed() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    let row = "US-002, usmf";
    let credit = format!(r#"input[aria-label="CREDITLIMIT of row {row}"]"#);
    let before = cell_text(&root, "Finance", row, "CREDITLIMIT");
    for (typed, said) in [
        (
            "12,5",
            "'12,5' is not a number: write decimals with a point (12.5), without thousands separators",
        ),
        ("1e999", "'1e999' is not a number"),
    ] {
        edit_finops_cell(&root, row, "CREDITLIMIT", typed).await;
        let input: web_sys::HtmlInputElement = find(&root, &credit).dyn_into().unwrap();
        assert_eq!(input.value(), typed, "the text typed is kept");
        assert_eq!(input.get_attribute("inputmode").as_deref(), Some("decimal"));
        let error = text(
            &root,
            &format!("#{}", input.get_attribute("aria-describedby").unwrap()),
        );
        assert!(error.ends_with(said), "{typed}: {error}");
        press(&root, r#"table[aria-label^="Finance"] tr.editing button:nth-child(2)"#).await;
        assert!(root.query_selector("tr.editing").unwrap().is_none(), "cancelled");
        assert_eq!(cell_text(&root, "Finance", row, "CREDITLIMIT"), before, "{typed}");
    }
    // With a point, it saves.
    edit_finops_cell(&root, row, "CREDITLIMIT", "12.5").await;
    assert_eq!(cell_text(&root, "Finance", row, "CREDITLIMIT"), "12.50");
}

#[wasm_bindgen_test]
async fn a_value_that_does_not_fit_its_column_is_reported_at_the_cell_and_kept() {
    let root = mount().await;
    tick_map(&root, "select-Terms-of-payment").await;
    let days = r#"input[aria-label="NUMBEROFDAYS of row Net10, usmf"]"#;
    // A number field: a whole number is asked for, and 2.5 is not one.
    edit_finops_cell(&root, "Net10, usmf", "NUMBEROFDAYS", "2.5").await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert_eq!(
        notice,
        "Error: PaymentTerms.NUMBEROFDAYS: '2.5' is not a whole number"
    );
    let input: web_sys::HtmlInputElement = find(&root, days).dyn_into().unwrap();
    // A number pad, but the text as typed: the engine reads it, not the browser.
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(input.value(), "2.5", "the text typed is kept");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error_id = input.get_attribute("aria-describedby").unwrap();
    let at_cell = find(&root, &format!("#{error_id}"));
    assert_eq!(
        at_cell.text_content().unwrap(),
        "'2.5' is not a whole number",
        "the error is at the cell (the notice names the column)"
    );
    // Read out once, by the notice: the cell's message describes the field.
    assert_eq!(at_cell.get_attribute("role"), None);
    assert_eq!(
        root.query_selector_all("[role=alert]").unwrap().length(),
        1,
        "one alert"
    );
    // Fixed, it saves.
    let fo = r#"table[aria-label^="Finance"]"#;
    type_into(&root, days, "10").await;
    press(&root, &format!("{fo} tr.editing button")).await;
    assert!(
        root.query_selector("tr.editing").unwrap().is_none(),
        "saved"
    );
    // A refusal of the engine (a key another row has) is shown at the key's cell, the
    // text kept.
    press(
        &root,
        &format!(r#"{fo} button[aria-label="Edit row Net10, usmf"]"#),
    )
    .await;
    let name = r#"input[aria-label="NAME of row Net10, usmf"]"#;
    type_into(&root, name, "Net30").await;
    press(&root, &format!("{fo} tr.editing button")).await;
    assert!(root.query_selector("tr.row-error").unwrap().is_none());
    let input: web_sys::HtmlInputElement = find(&root, name).dyn_into().unwrap();
    assert_eq!(input.value(), "Net30");
    // The focus goes from Save to the field refused, where the fix is typed; Save pressed
    // again with the same text, the same again.
    assert_eq!(focused_label().as_deref(), Some("NAME of row Net10, usmf"));
    press(&root, &format!("{fo} tr.editing button")).await;
    assert_eq!(focused_label().as_deref(), Some("NAME of row Net10, usmf"));
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let refusal = text(
        &root,
        &format!("#{}", input.get_attribute("aria-describedby").unwrap()),
    );
    assert!(
        refusal.contains("already has a row with the key (Net30, usmf)"),
        "{refusal}"
    );
    click(&root, "Cancel").await;

    // A lookup offers its target's keys in a select.
    tick_map(&root, "select-Terms-of-payment").await;
    tick_map(&root, "select-Customers-V3").await;
    press(
        &root,
        &format!(r#"{fo} button[aria-label="Edit row US-001, usmf"]"#),
    )
    .await;
    let group: web_sys::HtmlSelectElement = find(
        &root,
        r#"select[aria-label="CUSTOMERGROUPID of row US-001, usmf"]"#,
    )
    .dyn_into()
    .unwrap();
    let options: Vec<String> = (0..group.length())
        .filter_map(|i| group.item(i))
        .filter_map(|o| o.text_content())
        .collect();
    assert!(options.contains(&"10".to_string()), "{options:?}");
    assert_eq!(options[0], "(empty)");

    // An enum offers its labels; the one chosen is saved.
    let hold = r#"select[aria-label="ONHOLDSTATUS of row US-001, usmf"]"#;
    let labels: Vec<String> = options_of(&root, hold)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(
        ["No", "Invoice", "Requisition", "Never"]
            .iter()
            .all(|l| labels.contains(&l.to_string())),
        "{labels:?}"
    );
    click(&root, "Cancel").await;
    let row_text = |root: &Element| {
        let rows = root.query_selector_all(&format!("{fo} tbody tr")).unwrap();
        (0..rows.length())
            .filter_map(|i| rows.item(i))
            .filter_map(|r| r.text_content())
            .find(|t| t.contains("US-001"))
            .unwrap_or_default()
    };
    assert!(
        !row_text(&root).contains("Requisition"),
        "{}",
        row_text(&root)
    );
    press(
        &root,
        &format!(r#"{fo} button[aria-label="Edit row US-001, usmf"]"#),
    )
    .await;
    type_into(&root, hold, "Requisition").await;
    press(&root, &format!("{fo} tr.editing button")).await;
    assert!(
        root.query_selector("tr.editing").unwrap().is_none(),
        "saved"
    );
    assert!(
        row_text(&root).contains("Requisition"),
        "{}",
        row_text(&root)
    );

    // An option set offers its values with their labels, on the Dataverse side, and
    // its cells read as labels too.
    let dv = r#"table[aria-label^="Dataverse"]"#;
    let dataverse_rows = text(&root, dv);
    assert!(dataverse_rows.contains("Customer (3)"), "{dataverse_rows}");
    press(
        &root,
        &format!(r#"{dv} button[aria-label="Edit row US-001, usmf"]"#),
    )
    .await;
    let kind = r#"select[aria-label="customertypecode of row US-001, usmf"]"#;
    assert_eq!(
        options_of(&root, kind),
        [
            ("", "(empty)"),
            ("1", "Competitor (1)"),
            ("2", "Consultant (2)"),
            ("3", "Customer (3)"),
            ("11", "Vendor (11)")
        ]
        .map(|(v, t)| (v.to_string(), t.to_string()))
    );
    type_into(&root, kind, "11").await;
    press(&root, &format!("{dv} tr.editing button")).await;
    assert!(
        root.query_selector("tr.editing").unwrap().is_none(),
        "saved"
    );
    let dataverse_rows = text(&root, dv);
    assert!(dataverse_rows.contains("Vendor (11)"), "{dataverse_rows}");
}

#[wasm_bindgen_test]
async fn a_paused_map_queues_edits_and_preserved_records_can_be_retried() {
    let root = mount_with_synced("select-Currencies").await;
    pause_selected(&root).await;
    edit_finops_cell(&root, "EUR", "NAME", "Euro (EU)").await;
    edit_finops_cell(&root, "GBP", "NAME", "Sterling (UK)").await;
    open_tab(&root, "Queued records").await;
    let details = find(&root, ".details").text_content().unwrap();
    assert!(
        details.contains("Total queued record count: 2"),
        "{details}"
    );
    // Each record says what it wrote.
    assert_eq!(
        texts(&root, "ol.queue li .changed"),
        [r#"(NAME = "Euro (EU)") "#, r#"(NAME = "Sterling (UK)") "#]
    );

    click(&root, "Run").await;
    let pane = find(&root, "[role=dialog]");
    let options = pane.query_selector_all("input[type=radio]").unwrap();
    assert_eq!(options.length(), 3, "the three resume options");
    // A map that resumes has no initial sync and no master to choose.
    assert!(pane
        .query_selector(r#"select[aria-label^="Master for initial sync"]"#)
        .unwrap()
        .is_none());
    assert!(!pane.text_content().unwrap().contains("Initial sync"));
    assert!(pane.text_content().unwrap().contains("None: it resumes"));
    let preserve: HtmlElement = options.item(1).unwrap().dyn_into().unwrap();
    preserve.click();
    yew::scheduler::flush().await;
    confirm_run(&root).await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    // Said once for the queue, not once a record.
    let feed = texts(&root, ".feed ul.events li");
    let preserved: Vec<&String> = feed.iter().filter(|l| l.contains("preserved")).collect();
    assert_eq!(preserved.len(), 1, "{feed:?}");
    assert!(
        preserved[0].contains("2 queued record(s) preserved as catch-up errors (queued records #"),
        "{feed:?}"
    );
    open_tab(&root, "Catch-up errors").await;
    let statuses = |root: &Element| -> Vec<String> {
        let rows = find(root, r#"table[aria-label="Catch-up errors"]"#)
            .query_selector_all("tbody tr td:nth-child(4)")
            .unwrap();
        (0..rows.length())
            .filter_map(|i| rows.item(i))
            .filter_map(|n| n.text_content())
            .collect()
    };
    assert_eq!(statuses(&root), ["Pending", "Pending"]);
    // A retry while Dataverse is unavailable fails again, and says so.
    let fault = r#"select[aria-label="Dataverse fault"]"#;
    choose(&root, fault, "Unavailable (503)").await;
    click(&root, "Retry All").await;
    let notice = text(&root, ".notice");
    assert!(
        notice.starts_with("Needs attention: Retried all catch-up errors of Currencies. ")
            && notice.contains("503")
            && notice.ends_with("and 1 more line in What just happened"),
        "{notice}"
    );
    // The tab says a retry was made and failed again.
    assert_eq!(
        statuses(&root),
        [
            "Pending (retried 1 time, failed again)",
            "Pending (retried 1 time, failed again)"
        ]
    );
    choose(&root, fault, "Accepts writes").await;
    // As in the product: tick records, then Retry selected; Retry All for the rest.
    assert!(button(&root, "Retry selected").disabled(), "nothing ticked");
    find(&root, r#"input[aria-label="Select record 1"]"#)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    click(&root, "Retry selected").await;
    assert_eq!(
        statuses(&root),
        ["Completed", "Pending (retried 1 time, failed again)"]
    );
    let dataverse = text(&root, r#"table[aria-label^="Dataverse"]"#);
    assert!(
        dataverse.contains("Euro (EU)") && !dataverse.contains("Sterling (UK)"),
        "{dataverse}"
    );
    assert!(
        button(&root, "Retry selected").disabled(),
        "the ticks went with the retry"
    );
    // A record ticked and then retried by Retry All leaves nothing to retry selected.
    find(&root, r#"input[aria-label="Select record 2"]"#)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert!(!button(&root, "Retry selected").disabled());
    click(&root, "Retry All").await;
    assert_eq!(statuses(&root), ["Completed", "Completed"]);
    // A completed one's error is the one it had, said as past.
    let errors = find(&root, r#"table[aria-label="Catch-up errors"]"#)
        .query_selector_all("tbody tr td:nth-child(3)")
        .unwrap();
    let first_error = errors.item(0).unwrap().text_content().unwrap();
    assert!(first_error.starts_with("Was: "), "{first_error}");
    assert!(button(&root, "Retry selected").disabled());
    assert!(text(&root, r#"table[aria-label^="Dataverse"]"#).contains("Sterling (UK)"));
    // The error opens the row it names in the grid, in the editor.
    assert!(root.query_selector("tr.editing").unwrap().is_none());
    press(
        &root,
        r#"button[aria-label="Show row of catch-up error of record 1"]"#,
    )
    .await;
    let name: web_sys::HtmlInputElement = find(&root, r#"input[aria-label="NAME of row EUR"]"#)
        .dyn_into()
        .unwrap();
    assert_eq!(name.value(), "Euro (EU)");
    // At the column the queued change changed, not the row's first field.
    assert_eq!(
        focused().get_attribute("aria-label").as_deref(),
        Some("NAME of row EUR")
    );
}

#[wasm_bindgen_test]
async fn export_then_load_restores_the_session_and_a_bad_file_changes_nothing() {
    let root = mount_with_synced("select-Currencies").await;
    click(&root, "Export").await;
    let exported: web_sys::HtmlTextAreaElement = find(&root, "#export-text").dyn_into().unwrap();
    let text = exported.value();
    assert!(
        text.starts_with(r#"{"format":"dualwrite-scenario","version":2,"#),
        "a compact version-2 file: {}",
        &text[..text.len().min(80)]
    );

    let import: web_sys::HtmlTextAreaElement = find(&root, "#import-text").dyn_into().unwrap();
    import.set_value("{ not json");
    click(&root, "Load").await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(
        notice.starts_with("Error: The scenario was not loaded: "),
        "{notice}"
    );
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );

    click(&root, "Undo").await;
    click(&root, "Undo").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Not running"
    );
    import.set_value(&text);
    click(&root, "Load").await;
    let loaded = find(&root, ".notice").text_content().unwrap();
    // Titled by where it stood, so that two exports read apart.
    assert!(
        loaded.starts_with("Scenario loaded: Exported from the simulator at step 2 (clock "),
        "{loaded}"
    );
    assert!(
        loaded.contains(". Your previous session is kept"),
        "{loaded}"
    );
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    assert!(
        !button(&root, "Undo").disabled(),
        "the history came back too"
    );
}

#[wasm_bindgen_test]
async fn initial_sync_details_show_both_legs_the_conflicts_and_the_failed_row() {
    let root = mount_with_synced("select-Customers-V3").await;
    open_tab(&root, "Initial sync details").await;
    let conflicts = find(&root, r#"table[aria-label^="Conflicts of"]"#);
    let rows = conflicts.query_selector_all("tbody tr").unwrap();
    assert_eq!(rows.length(), 2, "name and credit limit of US-001");
    assert!(conflicts
        .text_content()
        .unwrap()
        .contains("Contoso Retail - San Diego"));
    let legs = find(&root, r#"table[aria-label^="Legs of"]"#)
        .text_content()
        .unwrap();
    assert!(
        legs.contains("Dataverse to finance and operations apps"),
        "{legs}"
    );
    let errors = find(&root, ".execution .errors").text_content().unwrap();
    assert!(
        errors.contains("The lookup wasn't found: US-010."),
        "{errors}"
    );
    // Counted in words that agree with the count.
    assert_eq!(text(&root, ".execution h3"), "1 failed row");
    assert_eq!(text(&root, ".execution .conflicts caption"), "2 conflicts");
    // The failed row, which needs the trainee, comes before the settled conflicts.
    let order = find(&root, ".execution .errors").compare_document_position(&conflicts);
    assert!(
        order & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0,
        "the conflicts come after the errors"
    );
}

#[wasm_bindgen_test]
async fn an_alert_setting_pauses_the_map_when_dataverse_fails() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    open_tab(&root, "Alert settings").await;
    click(&root, "Create alert settings").await;
    assert_eq!(focused().tag_name(), "SELECT", "focus moves to Error type");
    choose(&root, ".alert-form select", "429 Too Many Requests").await;
    type_into(&root, r#".alert-form input[inputmode="numeric"]"#, "1").await;
    // Recipients, as in the product: emails separated by commas, checked by the engine.
    let recipients = r#".alert-form input[placeholder]"#;
    type_into(&root, recipients, "ops@contoso").await;
    press(&root, ".alert-form button.primary").await;
    assert!(
        text(&root, ".notice").contains("'ops@contoso' is not an email address"),
        "{}",
        text(&root, ".notice")
    );
    type_into(&root, recipients, "ops@contoso.com, lead@contoso.com").await;
    press(&root, ".alert-form button.primary").await;
    let alerts = find(&root, r#"table[aria-label="Alert settings of Currencies"]"#);
    let row = alerts.query_selector("tbody tr").unwrap().unwrap();
    assert_eq!(
        row.text_content().unwrap(),
        "429 Too Many Requests115 minops@contoso.com, lead@contoso.comPauseRemove"
    );
    assert!(root.query_selector(".alert-form").unwrap().is_none());
    assert_eq!(
        focused().text_content().as_deref(),
        Some("Create alert settings")
    );

    // In force from the next run: run, then make Dataverse fail a live write.
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    // Past the hour, where the clock's words ("1 h 1 min") and a count of minutes part.
    for _ in 0..90 {
        if text(&root, ".clock").contains(" h ") {
            break;
        }
        click(&root, "Tick").await;
    }
    choose(
        &root,
        r#"select[aria-label="Dataverse fault"]"#,
        "Throttled (429)",
    )
    .await;
    edit_finops_cell(&root, "USD", "NAME", "Dollar").await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(
        notice.starts_with("Error: "),
        "the write is refused: {notice}"
    );
    assert!(
        notice.contains("429 Too Many Requests: Dataverse is throttling requests")
            && notice.ends_with(
                "Currencies: 429 Too Many Requests alert reached; action: Pause; Currencies: Running → Paused."
            ),
        "the notice says what the alert did: {notice}"
    );
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Paused"
    );
    open_tab(&root, "Activity log").await;
    let log = find(&root, "ol.log").text_content().unwrap();
    assert!(
        log.contains("Alert: 1 error(s) of type 429 Too Many Requests within 15 minutes")
            && log.contains("notified: ops@contoso.com, lead@contoso.com"),
        "{log}"
    );
    // Each line's time reads as the clock does.
    let clock = text(&root, ".clock");
    assert!(clock.starts_with("1 h "), "{clock}");
    assert_eq!(
        texts(&root, "ol.log li span.time")
            .first()
            .map(String::as_str),
        Some(clock.as_str())
    );
}

#[wasm_bindgen_test]
async fn the_alert_forms_fields_keep_what_is_typed_when_another_field_changes() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    open_tab(&root, "Alert settings").await;
    click(&root, "Create alert settings").await;
    // Typed, not left yet (input events only).
    let typed = r#".alert-form input[placeholder]"#;
    type_only(&root, typed, "ops@contoso.com").await;
    let recipients: web_sys::HtmlInputElement = find(&root, typed).dyn_into().unwrap();
    type_into(&root, ".alert-form select", "1").await;
    assert_eq!(recipients.value(), "ops@contoso.com");
    press(&root, ".alert-form button.primary").await;
    let table = text(&root, ".details table");
    assert!(table.contains("ops@contoso.com"), "{table}");
}

#[wasm_bindgen_test]
async fn the_alert_form_reports_a_bad_number_cancels_with_escape_and_alerts_can_be_removed() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    open_tab(&root, "Alert settings").await;
    click(&root, "Create alert settings").await;
    type_into(&root, r#".alert-form input[inputmode="numeric"]"#, "2.5").await;
    press(&root, ".alert-form button.primary").await;
    assert_eq!(
        find(&root, ".notice").text_content().unwrap(),
        "Error: Error count: '2.5' is not a whole number"
    );
    assert!(
        root.query_selector(".alert-form").unwrap().is_some(),
        "kept open"
    );
    // Said at the field too: marked, and described by the words after it.
    let count = find(&root, r#".alert-form input[inputmode="numeric"]"#);
    assert_eq!(count.get_attribute("aria-invalid").as_deref(), Some("true"));
    let said = count.get_attribute("aria-describedby").unwrap();
    assert_eq!(
        text(&root, &format!("#{said}")),
        "Error count: '2.5' is not a whole number"
    );
    // Typing again takes the mark away.
    type_into(&root, r#".alert-form input[inputmode="numeric"]"#, "3").await;
    let count = find(&root, r#".alert-form input[inputmode="numeric"]"#);
    assert_eq!(count.get_attribute("aria-invalid"), None);
    assert!(root.query_selector(".field-error").unwrap().is_none());
    // Two numbers wrong at once: both marked, both said.
    let numbers = r#".alert-form input[inputmode="numeric"]"#;
    type_into(&root, numbers, "x").await;
    let window = r#".alert-form label:nth-of-type(3) input"#;
    type_into(&root, window, "y").await;
    press(&root, ".alert-form button.primary").await;
    for field in [numbers, window] {
        assert_eq!(
            find(&root, field).get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{field}"
        );
    }
    let notice = text(&root, ".notice");
    assert!(
        notice.contains("Error count: 'x'") && notice.contains("Time window: 'y'"),
        "{notice}"
    );
    type_into(&root, numbers, "3").await;
    type_into(&root, window, "15").await;
    // What the engine refuses is said at the field it names: a recipient that is not an
    // email, then an error count of 0.
    let recipients = ".alert-form input[placeholder]";
    type_into(&root, recipients, "ops@contoso.com, lead").await;
    press(&root, ".alert-form button.primary").await;
    let at = said_at;
    assert!(
        at(&root, recipients).contains("'lead' is not an email address"),
        "{}",
        at(&root, recipients)
    );
    type_into(&root, recipients, "ops@contoso.com").await;
    type_into(&root, r#".alert-form input[inputmode="numeric"]"#, "0").await;
    press(&root, ".alert-form button.primary").await;
    assert!(
        at(&root, r#".alert-form input[inputmode="numeric"]"#).contains("must be at least 1"),
        "{}",
        at(&root, r#".alert-form input[inputmode="numeric"]"#)
    );
    assert_eq!(find(&root, recipients).get_attribute("aria-invalid"), None);
    // Both numbers 0: both marked.
    type_into(&root, window, "0").await;
    type_into(&root, numbers, "0").await;
    press(&root, ".alert-form button.primary").await;
    for field in [numbers, window] {
        assert!(at(&root, field).contains("must be at least 1"), "{field}");
    }
    key(&find(&root, ".alert-form select"), "Escape", false, false).await;
    assert!(root.query_selector(".alert-form").unwrap().is_none());
    assert_eq!(
        focused().text_content().as_deref(),
        Some("Create alert settings")
    );

    // The documented example as it comes: pause after 10 application errors in 15 minutes.
    open_tab(&root, "Alert settings").await;
    click(&root, "Create alert settings").await;
    press(&root, ".alert-form button.primary").await;
    press(&root, r#"button[aria-label^="Remove alert 1"]"#).await;
    assert!(root
        .query_selector(r#"table[aria-label="Alert settings of Currencies"]"#)
        .unwrap()
        .is_none());
    assert!(find(&root, ".alerts")
        .text_content()
        .unwrap()
        .contains("No alert settings."));
    // The focus, which went with the Remove, is on Create alert settings (not the panel).
    assert_eq!(
        focused().text_content().as_deref(),
        Some("Create alert settings")
    );
}

#[wasm_bindgen_test]
async fn a_filter_edited_while_not_running_limits_what_the_initial_sync_copies() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    press(&root, ".edit-filter-finops").await;
    assert_eq!(focused().tag_name(), "INPUT", "focus moves to the filter");
    type_only(&root, ".filter-form input", "CURRENCYCODE ==").await;
    press(&root, ".filter-form button.primary").await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(notice.starts_with("Error: "), "{notice}");
    assert!(
        root.query_selector(".filter-form").unwrap().is_some(),
        "kept open"
    );
    // Said at the field too: marked invalid and described by the words.
    let field = find(&root, ".filter-form input");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    let said = field.get_attribute("aria-describedby").expect("described");
    let words = find(&root, &format!("#{said}")).text_content().unwrap();
    assert!(
        words.contains("expected a value, found the end") && notice.contains(&words),
        "{words} / {notice}"
    );
    // Typing again takes the mark away.
    type_only(&root, ".filter-form input", "CURRENCYCODE == \"U").await;
    assert_eq!(
        find(&root, ".filter-form input").get_attribute("aria-invalid"),
        None
    );

    // A literal no cell can equal is taken, and said.
    type_only(&root, ".filter-form input", r#"EXCHANGERATE == "abc""#).await;
    press(&root, ".filter-form button.primary").await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(
        notice.contains("compares EXCHANGERATE with 'abc' (expected a decimal, found text)"),
        "{notice}"
    );
    press(&root, ".edit-filter-finops").await;

    // Enter in the field saves, as in the row editor.
    type_only(&root, ".filter-form input", r#"CURRENCYCODE != "JPY""#).await;
    key(&find(&root, ".filter-form input"), "Enter", false, false).await;
    assert!(root.query_selector(".filter-form").unwrap().is_none());
    assert_eq!(
        focused().class_name(),
        "edit-filter-finops",
        "focus returns to its button"
    );
    assert!(find(&root, ".filters")
        .text_content()
        .unwrap()
        .contains(r#"CURRENCYCODE != "JPY""#));

    run_selected(&root).await;
    click(&root, "Run until idle").await;
    let dataverse = find(&root, r#"table[aria-label^="Dataverse"]"#)
        .text_content()
        .unwrap();
    assert!(dataverse.contains("USD"), "{dataverse}");
    assert!(!dataverse.contains("JPY"), "filtered out: {dataverse}");
    let edit: HtmlButtonElement = find(&root, ".edit-filter-finops").dyn_into().unwrap();
    assert!(edit.disabled(), "filters are edited only while Not running");
    assert!(find(&root, ".filters")
        .text_content()
        .unwrap()
        .contains("is Running: to edit its filters, stop it."));
}

#[wasm_bindgen_test]
async fn the_execution_history_lists_every_run_and_shows_the_one_picked() {
    let root = mount_with_synced("select-Customers-V3").await;
    open_tab(&root, "Initial sync details").await;
    assert!(root
        .query_selector(r#"table[aria-label^="Legs of"]"#)
        .unwrap()
        .is_some());
    assert!(
        root.query_selector(".history").unwrap().is_none(),
        "one execution: no history table"
    );
    // Rerun is offered when every selected map's last initial sync failed: with a
    // Running map ticked as well it is not, and Skip initial sync neither.
    assert!(!button(&root, "Rerun execution").disabled());
    assert!(!button(&root, "Skip initial sync").disabled());
    tick_map(&root, "select-Currencies").await;
    assert!(button(&root, "Rerun execution").disabled());
    assert!(button(&root, "Skip initial sync").disabled());
    tick_map(&root, "select-Currencies").await;
    // The row that failed points at a customer created later in the same pass: a rerun
    // resolves it.
    click(&root, "Rerun execution").await;
    click(&root, "Run until idle").await;
    let history = find(
        &root,
        r#"table[aria-label="Execution history of Customers V3"]"#,
    );
    let rows = history.query_selector_all("tbody tr").unwrap();
    assert_eq!(rows.length(), 2);
    let latest = find(&root, ".execution p").text_content().unwrap();
    assert!(
        latest.contains("Completed"),
        "the latest is shown: {latest}"
    );
    let current = find(&root, r#".history tr[aria-current="true"]"#)
        .text_content()
        .unwrap();
    assert!(current.contains("Completed"), "{current}");

    press(&root, r#".history button[aria-label^="Show DWM-"]"#).await;
    // The button pressed stays, pressed, with the focus.
    let pressed = focused();
    assert_eq!(
        pressed.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(pressed
        .get_attribute("aria-label")
        .is_some_and(|l| l.starts_with("Shown below: DWM-")));
    let shown = find(&root, ".execution p").text_content().unwrap();
    assert!(shown.contains("Error"), "the first run is shown: {shown}");
    assert!(find(&root, ".execution .errors")
        .text_content()
        .unwrap()
        .contains("The lookup wasn't found: US-010."));
}

#[wasm_bindgen_test]
async fn pause_offers_the_running_related_maps_and_escape_cancels() {
    let root = mount_with_synced("select-Terms-of-payment").await;
    click(&root, "Pause").await;
    let pane = find(
        &root,
        r#"[role="dialog"][aria-labelledby="pause-pane-title"]"#,
    );
    let listed = pane_order(&pane);
    assert_eq!(listed, ["Terms of payment", "Legal entities"]);
    assert_eq!(
        focused().id(),
        "pause-Terms-of-payment",
        "focus moves into the pane"
    );

    key(&pane, "Escape", false, false).await;
    assert!(root.query_selector(".pause-pane").unwrap().is_none());
    assert_eq!(focused().text_content().as_deref(), Some("Pause"));
    assert_eq!(
        status_of(&root, "Terms of payment (msdyn_paymentterms)"),
        "Running"
    );

    click(&root, "Pause").await;
    tick_map(&root, "pause-Legal-entities").await;
    button(&find(&root, ".pause-pane"), "Pause").click();
    yew::scheduler::flush().await;
    assert_eq!(
        status_of(&root, "Terms of payment (msdyn_paymentterms)"),
        "Paused"
    );
    assert_eq!(status_of(&root, "Legal entities (cdm_companies)"), "Paused");
}

#[wasm_bindgen_test]
async fn mappings_are_added_and_deleted_while_not_running() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    let mappings = r#"table[aria-label="Table mappings of Currencies"]"#;
    let count = |root: &Element| {
        find(root, mappings)
            .query_selector_all("tbody tr")
            .unwrap()
            .length()
    };
    let before = count(&root);
    click(&root, "Add mapping").await;
    assert_eq!(focused().tag_name(), "SELECT", "focus moves into the form");
    // Added with nothing chosen: said at each field to choose.
    press(&root, ".mapping-form button.primary").await;
    let first = find(
        &root,
        r#"select[aria-label="Finance and operations column"]"#,
    );
    assert_eq!(first.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        find(&root, r#"select[aria-label="Dataverse field"]"#)
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        text(
            &root,
            &format!("#{}", first.get_attribute("aria-describedby").unwrap())
        ),
        "Choose a finance and operations column and a Dataverse field"
    );
    choose(
        &root,
        r#"select[aria-label="Finance and operations column"]"#,
        "NAME",
    )
    .await;
    choose(
        &root,
        r#".mapping-form select[aria-label="Map type"]"#,
        "> to Dataverse",
    )
    .await;
    choose(
        &root,
        r#"select[aria-label="Dataverse field"]"#,
        "currencysymbol",
    )
    .await;
    press(&root, ".mapping-form button.primary").await;
    assert_eq!(count(&root), before + 1);
    // Said by the mapping added, and then deleted (not as "saved").
    assert_eq!(
        text(&root, ".notice"),
        format!(
            "Mapping NAME > currencysymbol added to Currencies ({} mappings)",
            before + 1
        )
    );
    assert_eq!(focused().text_content().as_deref(), Some("Add mapping"));
    // The map type is spelled out for screen readers in its button's name.
    assert!(root
        .query_selector(&format!(
            r#"{mappings} button[aria-label="Map type of NAME > currencysymbol: one-way, finance and operations apps to Dataverse"]"#
        ))
        .unwrap()
        .is_some());
    // The same two columns again: refused, at both fields, and nothing added.
    click(&root, "Add mapping").await;
    choose(
        &root,
        r#"select[aria-label="Finance and operations column"]"#,
        "NAME",
    )
    .await;
    choose(
        &root,
        r#"select[aria-label="Dataverse field"]"#,
        "currencysymbol",
    )
    .await;
    press(&root, ".mapping-form button.primary").await;
    assert_eq!(count(&root), before + 1);
    assert_eq!(
        text(&root, ".notice"),
        "Error: NAME and currencysymbol are mapped to each other already (one-way, finance and operations apps to Dataverse): edit that mapping instead"
    );
    assert_eq!(
        find(&root, r#"select[aria-label="Dataverse field"]"#)
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    click(&root, "Cancel").await;

    press(
        &root,
        r#"button[aria-label="Delete mapping NAME > currencysymbol"]"#,
    )
    .await;
    assert_eq!(count(&root), before);
    assert_eq!(
        text(&root, ".notice"),
        format!("Mapping NAME > currencysymbol deleted from Currencies ({before} mappings left)")
    );
    // The history words them so too.
    assert!(
        text(&root, ".timeline").contains("Mapping NAME > currencysymbol deleted from Currencies")
    );

    run_selected(&root).await;
    assert!(
        !find(&root, ".mappings")
            .text_content()
            .unwrap()
            .contains("Add mapping"),
        "no editing while the map runs"
    );
    assert!(find(&root, ".mappings").text_content().unwrap().contains(
        "'Currencies' is Initializing: to edit its mappings, let its initial sync end, then stop it if it is Running."
    ));
}

#[wasm_bindgen_test]
async fn the_export_downloads_as_a_file_and_a_chosen_file_loads_back() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    click(&root, "Skip initial sync").await;
    click(&root, "Export").await;
    let link: web_sys::HtmlAnchorElement = find(&root, "a.download").dyn_into().unwrap();
    assert_eq!(
        link.download(),
        "dualwrite-exported-from-the-simulator-at-step-1-clock-0-min.json",
        "named after where the session stands"
    );
    assert!(link.href().starts_with("blob:"), "{}", link.href());
    // The file behind the link is the exported scenario.
    let downloaded = fetch_text(&link.href()).await;
    let shown: web_sys::HtmlTextAreaElement = find(&root, "#export-text").dyn_into().unwrap();
    assert_eq!(downloaded, shown.value());

    click(&root, "Undo").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Not running"
    );
    let file = json_file("demo.json", &downloaded);
    choose_file(&root, "#import-file", &file).await;
    await_file_read(&file, || {
        status_of(&root, "Currencies (transactioncurrencies)") == "Running"
    })
    .await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    assert!(find(&root, ".notice")
        .text_content()
        .unwrap()
        .starts_with("Scenario loaded"));
}

/// One tick, then Export: the scenario file as the text area shows it.
async fn ticked_export(root: &Element) -> String {
    click(root, "Tick").await;
    click(root, "Export").await;
    find(root, "#export-text")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap()
        .value()
}

#[wasm_bindgen_test]
async fn a_file_that_is_not_utf8_is_refused_not_loaded_with_its_letters_replaced() {
    let root = mount().await;
    let exported = ticked_export(&root).await;
    // The same scenario with one name in Latin-1: "Café" as 43 61 66 E9.
    let latin1 = exported
        .replacen("US Dollar", "Caf\u{e9} Dollar", 1)
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect::<Vec<u8>>();
    let bytes = js_sys::Uint8Array::from(latin1.as_slice());
    let file =
        web_sys::File::new_with_u8_array_sequence(&js_sys::Array::of1(&bytes), "latin1.json")
            .unwrap();
    choose_file(&root, "#import-file", &file).await;
    await_file_read(&file, || text(&root, ".notice").contains("UTF-8")).await;
    assert_eq!(
        text(&root, ".notice"),
        "Error: The scenario was not loaded: latin1.json is not UTF-8 text: save it as UTF-8 (as Export writes files) and load it again"
    );
    assert_eq!(text(&root, ".clock"), "1 min", "the session is as it was");
}

#[wasm_bindgen_test]
async fn a_file_over_the_size_limit_is_refused_without_being_read() {
    let root = mount().await;
    let limit = dualwrite_engine::format::MAX_SCENARIO_BYTES as u32;
    let bytes = js_sys::Uint8Array::new_with_length(limit + 1);
    let parts = js_sys::Array::of1(&bytes);
    let file = web_sys::File::new_with_u8_array_sequence(&parts, "huge.json").unwrap();
    choose_file(&root, "#import-file", &file).await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(
        notice.starts_with(
            "Error: The scenario was not loaded: huge.json: the file is 64.0 MiB (67108865 bytes); the largest"
        ),
        "{notice}"
    );
}

#[wasm_bindgen_test]
async fn rows_per_tick_and_queue_capacity_are_settings_the_engine_uses() {
    let root = mount().await;
    // What cannot be read is said as typed, not as an empty field (a browser's number
    // input would hand over "" for it).
    type_into(&root, r#".faults input[inputmode="numeric"]"#, "--").await;
    press(&root, r#"button[aria-label="Set Rows per tick"]"#).await;
    assert_eq!(
        find(&root, ".notice").text_content().unwrap(),
        "Error: Rows per tick: '--' is not a whole number"
    );
    type_into(&root, r#".faults input[inputmode="numeric"]"#, "2").await;
    press(&root, r#"button[aria-label="Set Rows per tick"]"#).await;
    assert_eq!(
        find(&root, ".notice").text_content().unwrap(),
        "Rows per tick set to 2"
    );
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Tick").await;
    let row = find(&root, r#"tr.map[data-map="Currencies"]"#)
        .text_content()
        .unwrap();
    assert!(row.contains("2 / 7"), "two rows a tick: {row}");
    click(&root, "Run until idle").await;

    open_tab(&root, "Queued records").await;
    type_into(&root, ".queue-settings input", "1").await;
    press(&root, r#"button[aria-label="Set Queue capacity"]"#).await;
    pause_selected(&root).await;
    edit_finops_cell(&root, "EUR", "NAME", "Euro (EU)").await;
    edit_finops_cell(&root, "USD", "NAME", "Dollar").await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(
        notice.starts_with("Error: "),
        "the second change does not fit: {notice}"
    );
    open_tab(&root, "Queued records").await;
    assert!(find(&root, ".details")
        .text_content()
        .unwrap()
        .contains("Total queued record count: 1"));
}

/// The lines of "What just happened" (the engine's events, or the app's own words).
fn feed(root: &Element) -> Vec<String> {
    texts(root, ".feed ul.events li, .feed p.said")
}

#[wasm_bindgen_test]
async fn what_just_happened_lists_the_engine_events_of_the_last_command() {
    let root = mount().await;
    assert!(feed(&root).is_empty());
    assert_eq!(
        find(&root, ".feed .hint").text_content().unwrap(),
        "No dual-write event with the last action."
    );
    let list = find(&root, ".feed ul.events");
    assert_eq!(list.get_attribute("aria-live").as_deref(), Some("polite"));
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    assert_eq!(feed(&root), ["Currencies: Not running → Initializing"]);
    assert!(root.query_selector(".feed .hint").unwrap().is_none());
    click(&root, "Run until idle").await;
    assert_eq!(
        feed(&root),
        [
            "Currencies: initial sync DWM-000001 Completed, 0 failed row(s), 0 conflict(s) settled",
            "Currencies: Initializing → Running"
        ]
    );
    // A live write: the user's row, then the row dual-write wrote on the other side.
    edit_finops_cell(&root, "USD", "NAME", "Dollar").await;
    // Rows are named as the grids name them: by key, in tables by their labels.
    assert_eq!(
        feed(&root),
        [
            "Row USD of Finance and operations apps Currencies updated",
            "Currencies updated row USD of Dataverse Currencies"
        ]
    );
    // Undo and Redo say which step they stepped over: the events above are no longer
    // what just happened.
    let step = text(&root, ".timeline li:last-child");
    click(&root, "Undo").await;
    let undone = feed(&root);
    assert_eq!(undone.len(), 1, "{undone:?}");
    assert!(
        undone[0].starts_with("Undone: Row USD saved in Finance and operations apps Currencies"),
        "{undone:?} ({step})"
    );
    // Said by the notice too, they are not in the feed's live list (heard once).
    assert_eq!(text(&root, ".notice"), undone[0]);
    assert!(texts(&root, ".feed ul.events li").is_empty());
    click(&root, "Redo").await;
    assert_eq!(feed(&root), [undone[0].replace("Undone", "Redone")]);
}

#[wasm_bindgen_test]
async fn what_needs_attention_is_marked_and_never_hidden_by_the_feed() {
    let root = mount().await;
    assert!(root.query_selector(".feed .attention").unwrap().is_none());
    // Customers V3 and its prerequisites: many events, one failed initial sync.
    let root = mount_with_synced("select-Customers-V3").await;
    let lines = feed(&root);
    assert!(lines.len() > 5, "{lines:?}");
    // Marked in place, in words as well as by its sign.
    let marked = texts(&root, ".feed ul.events li.attention");
    assert_eq!(marked.len(), 1, "{lines:?}");
    assert!(
        marked[0].starts_with("⚠ Needs attention: Customers V3: initial sync ")
            && marked[0].contains("Error, 1 failed row(s)"),
        "{marked:?}"
    );
    // Further down than the lines in view: shown above the list as well. (A line in
    // view is not: the rolled-back write above.)
    let place = lines.iter().position(|l| *l == marked[0]).unwrap();
    let above = texts(&root, ".feed ul.attention li");
    assert!(
        place >= dualwrite_sim::state::FEED_IN_VIEW,
        "line {place} of {lines:?}"
    );
    assert_eq!(
        above,
        [marked[0].replace("Needs attention: ", "")],
        "line {place} of {lines:?}"
    );
}

#[wasm_bindgen_test]
async fn the_session_is_saved_after_each_command_and_restored_on_reload() {
    let root = mount_with_synced("select-Currencies").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    open_tab(&root, "Activity log").await;
    let happened = texts(&root, ".feed ul.events li");
    assert!(!happened.is_empty());
    // A reload: a new app on the same browser storage.
    let again = mount_as_reloaded().await;
    // What just happened is there again: the last step's events, in the same words.
    assert_eq!(texts(&again, ".feed ul.events li"), happened);
    assert_eq!(
        status_of(&again, "Currencies (transactioncurrencies)"),
        "Running"
    );
    // It opens where the trainee was: the map ticked, the tab open.
    find(&again, r#"section[aria-label="Details of Currencies"]"#);
    assert_eq!(
        text(&again, "[role=tab][aria-selected=true]"),
        "Activity log"
    );
    assert!(
        find(&again, ".notice")
            .text_content()
            .unwrap()
            .starts_with("Your last session was restored"),
        "the trainee is told"
    );
    // The history came back too: Undo steps back through the restored log.
    click(&again, "Undo").await;
    assert_eq!(
        status_of(&again, "Currencies (transactioncurrencies)"),
        "Initializing"
    );
    click(&again, "Reset to demo").await;
    assert_eq!(
        status_of(&again, "Currencies (transactioncurrencies)"),
        "Not running"
    );
    let fresh = mount_as_reloaded().await;
    assert_eq!(
        status_of(&fresh, "Currencies (transactioncurrencies)"),
        "Not running"
    );
}

/// Makes the browser's storage refuse every write, as a full one does (`false` puts the
/// real `setItem` back).
fn storage_full(full: bool) {
    let js = if full {
        "Storage.prototype.__realSetItem ??= Storage.prototype.setItem; \
         Storage.prototype.setItem = function () { \
           throw new DOMException('quota', 'QuotaExceededError'); };"
    } else {
        "if (Storage.prototype.__realSetItem) { \
           Storage.prototype.setItem = Storage.prototype.__realSetItem; }"
    };
    js_sys::eval(js).unwrap();
}

/// Makes the browser's storage refuse values over a kilobyte (a session), as one with
/// little room left does; `storage_full(false)` puts the real `setItem` back.
fn storage_nearly_full() {
    js_sys::eval(
        "Storage.prototype.__realSetItem ??= Storage.prototype.setItem; \
         Storage.prototype.setItem = function (k, v) { \
           if (String(v).length > 1024) throw new DOMException('quota', 'QuotaExceededError'); \
           return Storage.prototype.__realSetItem.call(this, k, v); };",
    )
    .unwrap();
}

/// Makes the browser's storage hold at most `extra` more characters than it holds now,
/// counted as a browser counts its quota (keys and values); `storage_full(false)` puts
/// the real `setItem` back.
fn storage_quota(extra: usize) {
    js_sys::eval(&format!(
        "Storage.prototype.__realSetItem ??= Storage.prototype.setItem; \
         const used = (s, except) => {{ let n = 0; for (let i = 0; i < s.length; i++) {{ \
           const k = s.key(i); if (k !== except) n += k.length + s.getItem(k).length; }} return n; }}; \
         const limit = used(localStorage, null) + {extra}; \
         Storage.prototype.setItem = function (k, v) {{ \
           if (used(this, k) + k.length + String(v).length > limit) \
             throw new DOMException('quota', 'QuotaExceededError'); \
           return Storage.prototype.__realSetItem.call(this, k, v); }};"
    ))
    .unwrap();
}

#[wasm_bindgen_test]
async fn a_session_too_large_to_save_even_alone_leaves_the_kept_session_stored() {
    use dualwrite_engine::{Command, Session};
    // A scenario of 2,000 customers as its starting state (no history to replay it
    // from): a large file.
    let mut made = Session::new(dualwrite_engine::demo());
    made.dispatch(Command::GenerateCustomers {
        count: 2000,
        seed: 1,
    })
    .unwrap();
    let large = dualwrite_engine::format::export(&Session::new(made.state().clone()), "Large");
    let root = mount().await;
    click(&root, "Tick").await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    // Loaded where it cannot be saved, even with the kept session dropped to make room.
    storage_quota(large.len() / 4);
    let import: web_sys::HtmlTextAreaElement = find(&root, "#import-text").dyn_into().unwrap();
    import.set_value(&large);
    click(&root, "Load").await;
    // A step later (the session it replaced now stored), the save is tried again.
    click(&root, "Tick").await;
    storage_full(false);
    assert!(
        root.query_selector(".autosave-off").unwrap().is_some(),
        "{}",
        text(&root, ".notice")
    );
    // The session it replaced is kept to bring back, in storage: dropping it made no
    // room enough, so it stayed.
    assert!(storage
        .get_item(dualwrite_sim::autosave::BEFORE_KEY)
        .unwrap()
        .is_some());
    let io = find(&root, ".scenario-io").text_content().unwrap();
    assert!(!io.contains("kept in this page only"), "{io}");
    // A reload opens the last session saved, the ticked one: the very session kept, so
    // Bring back (which would bring back the same) is not offered.
    let reloaded = mount_as_reloaded().await;
    assert_eq!(text(&reloaded, ".clock"), "1 min", "the ticked session");
    assert!(!texts(&reloaded, "button")
        .iter()
        .any(|b| b == "Bring back the previous session"));
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn a_reload_after_a_session_too_large_to_save_says_which_session_it_opens() {
    let root = mount().await;
    click(&root, "Tick").await;
    storage_nearly_full();
    click(&root, "Tick").await;
    let io = find(&root, ".scenario-io").text_content().unwrap();
    assert!(
        io.contains(
            "Autosave is off (see the line at the top): a reload would not bring this session back"
        ) && !io.contains("saved in this browser after every command"),
        "the hint under Save or load does not claim every command is saved: {io}"
    );
    let reloaded = mount_as_reloaded().await;
    storage_full(false);
    let notice = text(&reloaded, ".notice");
    assert!(
        notice.starts_with("Needs attention: The session on screen at your last visit could not be kept in this browser (the browser's storage has no room for it: ")
            && notice.contains("this is the last session saved before it"),
        "{notice}"
    );
    assert_eq!(text(&reloaded, ".clock"), "1 min", "the last session saved");
    // Saved again: a reload says it restored the session, as usual.
    click(&reloaded, "Tick").await;
    let again = mount_as_reloaded().await;
    assert_eq!(text(&again, ".clock"), "2 min");
    assert!(
        text(&again, ".notice").starts_with("Your last session was restored"),
        "{}",
        text(&again, ".notice")
    );
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn after_a_session_too_large_to_save_the_session_that_opens_is_not_offered_again() {
    dualwrite_sim::autosave::clear();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    // Steps taken, then a load too large to save: the last session saved is the one the
    // load replaced, kept to bring back as well.
    let mut session = dualwrite_engine::Session::new(dualwrite_engine::demo());
    session
        .dispatch(
            dualwrite_engine::format::command_from_json(r#"{"command":"tick","ticks":3}"#).unwrap(),
        )
        .unwrap();
    let export = |title| dualwrite_engine::format::export(&session, title);
    storage
        .set_item(dualwrite_sim::autosave::KEY, &export("My work"))
        .unwrap();
    // Kept to bring back: `before`; and the session on screen not saved.
    let kept = |before: &str| {
        storage
            .set_item(dualwrite_sim::autosave::BEFORE_KEY, before)
            .unwrap();
        storage
            .set_item(
                dualwrite_sim::autosave::UNSAVED_KEY,
                "the browser's storage has no room for it",
            )
            .unwrap();
    };
    let offered = |root: &Element| {
        texts(root, "button")
            .iter()
            .any(|b| b == "Bring back the previous session")
    };
    kept(&export("The session before"));
    let root = mount_as_reloaded().await;
    assert_eq!(text(&root, ".clock"), "3 min");
    assert!(text(&root, ".notice").contains("could not be kept in this browser"));
    assert!(!offered(&root), "nothing else to bring back");
    assert_eq!(
        storage
            .get_item(dualwrite_sim::autosave::BEFORE_KEY)
            .unwrap(),
        None
    );
    // A kept session that differs is still offered.
    kept(&dualwrite_engine::format::export(
        &dualwrite_engine::Session::new(dualwrite_engine::demo()),
        "The session before",
    ));
    let root = mount_as_reloaded().await;
    assert!(offered(&root));
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn a_kept_session_too_large_to_store_is_said_to_last_this_page_only() {
    let root = mount().await;
    let exported = ticked_export(&root).await;
    storage_nearly_full();
    let import: web_sys::HtmlTextAreaElement = find(&root, "#import-text").dyn_into().unwrap();
    import.set_value(&exported);
    click(&root, "Load").await;
    storage_full(false);
    let notice = text_of_notice(&root);
    assert!(
        notice.contains("Your previous session is kept (in this page only: the browser's storage has no room for it beside this session, a reload loses it)."),
        "{notice}"
    );
    let io = find(&root, ".scenario-io").text_content().unwrap();
    assert!(
        io.contains("(kept in this page only: the browser's storage has no room for it beside this session)"),
        "{io}"
    );
    // Still there to bring back while the page lives.
    click(&root, "Bring back the previous session").await;
    assert_eq!(text(&root, ".clock"), "1 min");
    dualwrite_sim::autosave::clear();
}

/// An offer in the notice (Bring back the previous session) goes with the notice it came
/// with: the focus, which was on it, goes to the notice that says what it did, not to the
/// page.
#[wasm_bindgen_test]
async fn an_offer_pressed_in_the_notice_leaves_the_focus_on_the_notice() {
    let root = mount().await;
    click(&root, "Tick").await;
    click(&root, "Reset to demo").await;
    press(&root, ".notice button.offer").await;
    assert!(
        text_of_notice(&root).starts_with("Your previous session is back"),
        "{}",
        text_of_notice(&root)
    );
    assert!(
        focused().matches("p.notice").unwrap(),
        "the focus is on {}",
        focused().tag_name()
    );
    dualwrite_sim::autosave::clear();
}

fn text_of_notice(root: &Element) -> String {
    find(root, ".notice").text_content().unwrap()
}

#[wasm_bindgen_test]
async fn full_storage_turns_autosave_off_says_so_and_reset_to_demo_saves_again() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = dualwrite_sim::autosave::KEY;
    let saved_before = storage.get_item(key).unwrap().expect("the Run was saved");

    storage_full(true);
    click(&root, "Run until idle").await;
    // The notice keeps what the command said; the line under it says autosave is off.
    assert!(
        !text(&root, ".notice:not(.autosave-off)").contains("Autosave"),
        "{}",
        text(&root, ".notice:not(.autosave-off)")
    );
    let off = text(&root, ".autosave-off");
    assert!(
        off.starts_with("Autosave is off: the browser's storage has no room for it")
            && off.contains("tried again at your next step after 30 seconds")
            && off.contains("a reload would open the last session saved in this browser (or the demo, if none was), not this one")
            && off.contains("The app keeps working"),
        "{off}"
    );
    assert_eq!(
        root.query_selector(".autosave-off")
            .unwrap()
            .and_then(|line| line.get_attribute("role"))
            .as_deref(),
        Some("alert"),
        "announced when it appears"
    );
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running",
        "the command itself went through"
    );
    assert_eq!(
        storage.get_item(key).unwrap().as_deref(),
        Some(&*saved_before)
    );
    // Said for as long as it lasts, after the next command's notice too, and once.
    click(&root, "Tick").await;
    let still = text(&root, ".autosave-off");
    assert!(
        still.starts_with("Autosave is off: the browser's storage has no room for it"),
        "{still}"
    );
    assert_eq!(
        root.query_selector_all(".autosave-off").unwrap().length(),
        1
    );

    // Storage has room again: the session is tried again at the first step 30 seconds
    // after the last try (the page's clock moved on, not waited for), and the line goes.
    storage_full(false);
    click(&root, "Tick").await;
    assert!(
        root.query_selector(".autosave-off").unwrap().is_some(),
        "not tried again at once"
    );
    js_sys::eval("Date.__realNow ??= Date.now; Date.now = () => Date.__realNow() + 31000;")
        .unwrap();
    click(&root, "Tick").await;
    js_sys::eval("Date.now = Date.__realNow;").unwrap();
    assert!(
        root.query_selector(".autosave-off").unwrap().is_none(),
        "autosave is on again"
    );
    let clock = text(&root, ".clock");
    let reloaded = mount_as_reloaded().await;
    assert_eq!(text(&reloaded, ".clock"), clock, "the session as it stood");
    let root = reloaded;

    // A new session is saved too.
    click(&root, "Reset to demo").await;
    let notice = text(&root, ".notice");
    assert!(!notice.contains("Autosave is off"), "{notice}");
    assert!(root.query_selector(".autosave-off").unwrap().is_none());
    assert_ne!(
        storage.get_item(key).unwrap().as_deref(),
        Some(&*saved_before)
    );
    let fresh = mount_as_reloaded().await;
    assert_eq!(
        status_of(&fresh, "Currencies (transactioncurrencies)"),
        "Not running",
        "a reload opens the demo that Reset saved, not the session saved before"
    );
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn a_saved_session_that_no_longer_loads_opens_the_demo_and_offers_the_copy() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let broken = r#"{"format":"dualwrite-scenario","version":2,"title":"<img src=x onerror=alert(1)>","state":{"#;
    storage
        .set_item(dualwrite_sim::autosave::KEY, broken)
        .unwrap();
    let root = mount_as_reloaded().await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(
        notice.starts_with("Error: The saved session could not be loaded ("),
        "{notice}"
    );
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Not running",
        "the demo"
    );
    // The copy, under its own name, as it was found.
    let offered = |root: &Element| root.query_selector(".broken-copy a.download").unwrap();
    let link = offered(&root).expect("the broken copy offered");
    assert_eq!(
        link.get_attribute("download").as_deref(),
        Some("dualwrite-broken-session.json")
    );
    assert_eq!(
        fetch_text(&link.get_attribute("href").unwrap()).await,
        broken
    );
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "HTML in it stays text"
    );
    // Moved, not copied: it does not take the storage twice.
    assert_eq!(
        storage.get_item(dualwrite_sim::autosave::KEY).unwrap(),
        None
    );
    // Acting saves the session; the copy stays offered, after a reload
    // too, until the user forgets it.
    click(&root, "Tick").await;
    assert_ne!(
        storage
            .get_item(dualwrite_sim::autosave::KEY)
            .unwrap()
            .as_deref(),
        Some(broken),
        "autosave is on again"
    );
    let root = mount_as_reloaded().await;
    assert_eq!(
        text(&root, ".clock"),
        "1 min",
        "the session saved after the tick"
    );
    let link = offered(&root).expect("still offered after a reload");
    assert_eq!(
        fetch_text(&link.get_attribute("href").unwrap()).await,
        broken
    );
    click(&root, "Forget it").await;
    assert!(offered(&root).is_none());
    let root = mount_as_reloaded().await;
    assert!(offered(&root).is_none(), "forgotten for good");
    dualwrite_sim::autosave::clear();
}

/// Another tab of the app saves `text` as its session: storage holds it, and this page
/// hears of it as the browser tells the other tabs.
async fn saved_by_another_tab(text: &str) {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .set_item(dualwrite_sim::autosave::KEY, text)
        .unwrap();
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(dualwrite_sim::autosave::KEY));
    init.set_new_value(Some(text));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_page_going_away_saves_what_the_playing_clock_has_not_saved_yet() {
    dualwrite_sim::autosave::clear();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let saved_clock = || {
        let text = storage
            .get_item(dualwrite_sim::autosave::KEY)
            .unwrap()
            .unwrap();
        dualwrite_engine::format::import(&text)
            .unwrap()
            .0
            .state()
            .clock
    };
    let root = mount().await;
    click(&root, "Tick").await;
    assert_eq!(saved_clock(), 1);
    // While the clock plays, saves come every 2 seconds, not at each step.
    // (The clock's own beats, should one come meanwhile, are steps too.)
    let on_screen = |root: &Element| -> u64 {
        text(root, ".clock")
            .trim_end_matches(" min")
            .parse()
            .unwrap()
    };
    click(&root, "Play").await;
    click(&root, "Tick").await;
    assert!(saved_clock() < on_screen(&root), "not saved yet");
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("pagehide").unwrap())
        .unwrap();
    assert_eq!(saved_clock(), on_screen(&root), "saved as the page goes");
    click(&root, "Pause").await;
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn a_session_saved_by_another_tab_is_not_written_over_until_this_tab_says_so() {
    dualwrite_sim::autosave::clear();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let root = mount().await;
    click(&root, "Tick").await;
    // The other tab's session (the demo two ticks on).
    let mut other = dualwrite_engine::Session::new(dualwrite_engine::demo());
    other
        .dispatch(
            dualwrite_engine::format::command_from_json(r#"{"command":"tick","ticks":2}"#).unwrap(),
        )
        .unwrap();
    let theirs = dualwrite_engine::format::export(&other, "the other tab's");
    saved_by_another_tab(&theirs).await;
    let line = text(&root, ".autosave-off");
    assert!(
        line.starts_with(
            "Autosave is off in this tab: another tab of the simulator saved its session"
        ),
        "{line}"
    );
    // This tab's steps go on, unsaved: the other tab's session stays.
    click(&root, "Tick").await;
    assert_eq!(text(&root, ".clock"), "2 min");
    assert_eq!(
        storage
            .get_item(dualwrite_sim::autosave::KEY)
            .unwrap()
            .as_deref(),
        Some(theirs.as_str())
    );
    // Said so, this tab's session is saved over it, and autosave goes on. The line goes
    // with the button: the focus goes to where sessions are saved and loaded.
    click(&root, "Save this tab's session instead").await;
    assert!(root.query_selector(".autosave-off").unwrap().is_none());
    assert!(focused().matches("details.scenario-io > summary").unwrap());
    let saved = storage
        .get_item(dualwrite_sim::autosave::KEY)
        .unwrap()
        .unwrap();
    let (session, _) = dualwrite_engine::format::import(&saved).unwrap();
    assert_eq!(session.state().clock, 2, "this tab's two ticks");
    click(&root, "Tick").await;
    let (session, _) = dualwrite_engine::format::import(
        &storage
            .get_item(dualwrite_sim::autosave::KEY)
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(session.state().clock, 3, "saved at each step again");
    // Asked to save where storage refuses, it says so, not that it saved.
    saved_by_another_tab(&theirs).await;
    storage_full(true);
    click(&root, "Save this tab's session instead").await;
    storage_full(false);
    let notice = text(&root, ".notice");
    assert!(
        notice.starts_with("Error: This tab's session could not be saved: "),
        "{notice}"
    );
    assert!(text(&root, ".autosave-off").starts_with("Autosave is off: "));
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn a_saved_session_that_no_longer_loads_and_has_no_room_apart_is_not_written_over() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let broken = r#"{"format":"dualwrite-scenario","version":3,"title":"newer","#;
    storage
        .set_item(dualwrite_sim::autosave::KEY, broken)
        .unwrap();
    // No room to keep it apart: it stays under the session's key.
    storage_full(true);
    let root = mount_as_reloaded().await;
    storage_full(false);
    assert!(find(&root, ".broken-copy a.download")
        .get_attribute("download")
        .is_some());
    // A step does not write over it: autosave waits, and says why.
    click(&root, "Tick").await;
    assert_eq!(
        storage
            .get_item(dualwrite_sim::autosave::KEY)
            .unwrap()
            .as_deref(),
        Some(broken)
    );
    assert!(
        text(&root, ".autosave-off").contains("then Forget it"),
        "{}",
        text(&root, ".autosave-off")
    );
    // Nor does a new session (one that would fit).
    click(&root, "Reset to demo").await;
    click(&root, "Tick").await;
    assert_eq!(
        storage
            .get_item(dualwrite_sim::autosave::KEY)
            .unwrap()
            .as_deref(),
        Some(broken)
    );
    // Forgotten, autosave goes on at the next step.
    click(&root, "Forget it").await;
    assert!(root.query_selector(".autosave-off").unwrap().is_none());
    click(&root, "Tick").await;
    assert!(storage
        .get_item(dualwrite_sim::autosave::KEY)
        .unwrap()
        .is_some_and(|saved| saved != broken));
    let root = mount_as_reloaded().await;
    assert_eq!(text(&root, ".clock"), "2 min");
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn a_second_saved_session_that_no_longer_loads_is_kept_beside_the_first() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let first = r#"{"format":"dualwrite-scenario","version":2,"title":"first","#;
    let second = r#"{"format":"dualwrite-scenario","version":2,"title":"second","#;
    storage
        .set_item(dualwrite_sim::autosave::KEY, first)
        .unwrap();
    mount_as_reloaded().await;
    // The first is neither downloaded nor forgotten when a second one turns up.
    storage
        .set_item(dualwrite_sim::autosave::KEY, second)
        .unwrap();
    mount_as_reloaded().await;
    let root = mount_as_reloaded().await;
    let offered = |root: &Element| -> Vec<(String, String)> {
        let links = root.query_selector_all(".broken-copy a.download").unwrap();
        (0..links.length())
            .filter_map(|i| links.item(i))
            .filter_map(|l| l.dyn_into::<Element>().ok())
            .map(|l| {
                (
                    l.get_attribute("download").unwrap(),
                    l.get_attribute("href").unwrap(),
                )
            })
            .collect()
    };
    let both = offered(&root);
    let names: Vec<&str> = both.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "dualwrite-broken-session.json",
            "dualwrite-broken-session-2.json"
        ],
        "both kept, after a reload"
    );
    assert_eq!(fetch_text(&both[0].1).await, first);
    assert_eq!(fetch_text(&both[1].1).await, second);
    // Forgetting one leaves the other.
    press(
        &root,
        r#"button[aria-label="Forget it: the saved session that no longer loads"]"#,
    )
    .await;
    let root = mount_as_reloaded().await;
    let left = offered(&root);
    assert_eq!(left.len(), 1);
    assert_eq!(fetch_text(&left[0].1).await, second);
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn a_fourth_saved_session_that_no_longer_loads_is_named_apart_and_waits_for_a_place() {
    dualwrite_sim::autosave::clear();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let broken =
        |n: u32| format!(r#"{{"format":"dualwrite-scenario","version":2,"title":"bad {n}","#);
    for n in 1..=4 {
        storage
            .set_item(dualwrite_sim::autosave::KEY, &broken(n))
            .unwrap();
        mount_as_reloaded().await;
    }
    let root = mount_as_reloaded().await;
    let names = |root: &Element| -> Vec<String> {
        let links = root.query_selector_all(".broken-copy a.download").unwrap();
        (0..links.length())
            .filter_map(|i| links.item(i))
            .filter_map(|l| l.dyn_into::<Element>().ok())
            .map(|l| l.get_attribute("download").unwrap())
            .collect()
    };
    assert_eq!(
        names(&root),
        [
            "dualwrite-broken-session.json",
            "dualwrite-broken-session-2.json",
            "dualwrite-broken-session-3.json",
            "dualwrite-broken-session-4.json"
        ],
        "each copy under a name of its own"
    );
    // Autosave waits, saying the true reason (not a lack of room).
    let line = text(&root, ".autosave-off");
    assert!(
        line.contains("three earlier copies that no longer load are kept already"),
        "{line}"
    );
    assert!(!line.contains("no room"), "{line}");
    click(&root, "Tick").await;
    assert_eq!(
        storage.get_item(dualwrite_sim::autosave::KEY).unwrap(),
        Some(broken(4)),
        "not written over"
    );
    // One forgotten, the fourth takes its place, and autosave goes on. What was saved
    // under the session's key since (here by another tab) is not taken away with it.
    storage
        .set_item(dualwrite_sim::autosave::KEY, "another tab's")
        .unwrap();
    press(
        &root,
        r#"button[aria-label="Forget it: the saved session that no longer loads"]"#,
    )
    .await;
    assert_eq!(
        storage
            .get_item(dualwrite_sim::autosave::KEY)
            .unwrap()
            .as_deref(),
        Some("another tab's")
    );
    assert!(root.query_selector(".autosave-off").unwrap().is_none());
    assert_eq!(
        names(&root),
        [
            "dualwrite-broken-session-2.json",
            "dualwrite-broken-session-3.json",
            "dualwrite-broken-session-4.json"
        ],
        "the fourth keeps its name in the place the first left"
    );
    click(&root, "Tick").await;
    let saved = storage
        .get_item(dualwrite_sim::autosave::KEY)
        .unwrap()
        .unwrap();
    assert!(
        dualwrite_engine::format::import(&saved).is_ok(),
        "this session saved"
    );
    let root = mount_as_reloaded().await;
    assert_eq!(text(&root, ".clock"), "2 min");
    assert_eq!(
        names(&root).len(),
        3,
        "the fourth kept apart, after a reload too"
    );
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn ctrl_z_undoes_ctrl_shift_z_redoes_and_acting_after_undo_says_what_was_dropped() {
    let root = mount_with_synced("select-Currencies").await;
    let status = |root: &Element| status_of(root, "Currencies (transactioncurrencies)");
    assert_eq!(status(&root), "Running");
    let run_button = button(&root, "Run until idle");
    key(&run_button, "z", true, false).await;
    assert_eq!(status(&root), "Initializing", "Ctrl+Z undid Run until idle");
    key(&run_button, "Z", true, true).await;
    assert_eq!(status(&root), "Running", "Ctrl+Shift+Z redid it");
    // In a text field the keys belong to the text.
    let import = find(&root, "#import-text");
    key(&import, "z", true, false).await;
    assert_eq!(status(&root), "Running");
    // Going back and acting drops the future, and the app says so.
    key(&run_button, "z", true, false).await;
    key(&run_button, "z", true, false).await;
    click(&root, "Tick").await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(
        notice.contains("The 2 undone command(s) after this point were dropped"),
        "{notice}"
    );
    assert!(button(&root, "Redo").disabled());
}

#[wasm_bindgen_test]
async fn a_number_setting_says_a_refusal_at_its_field_until_typed_again() {
    let root = mount().await;
    let field = ".faults .setting input";
    let invalid = |root: &Element| find(root, field).get_attribute("aria-invalid");
    type_into(&root, field, "abc").await;
    press(&root, r#"button[aria-label="Set Rows per tick"]"#).await;
    assert_eq!(
        said_at(&root, field),
        "Rows per tick: 'abc' is not a whole number"
    );
    // Typing takes the words away; Set again says them again; a number is taken.
    type_into(&root, field, "ab").await;
    assert_eq!(invalid(&root), None);
    press(&root, r#"button[aria-label="Set Rows per tick"]"#).await;
    assert_eq!(invalid(&root).as_deref(), Some("true"));
    // A number the engine refuses (rows per tick of 0) is said at the field too.
    type_into(&root, field, "0").await;
    press(&root, r#"button[aria-label="Set Rows per tick"]"#).await;
    assert_eq!(said_at(&root, field), "rows per tick must be at least 1");
    type_into(&root, field, "25").await;
    press(&root, r#"button[aria-label="Set Rows per tick"]"#).await;
    assert_eq!(invalid(&root), None);
    assert_eq!(
        find(&root, field)
            .dyn_into::<web_sys::HtmlInputElement>()
            .unwrap()
            .value(),
        "25"
    );
}

#[wasm_bindgen_test]
async fn an_open_history_list_follows_the_current_step() {
    let root = mount().await;
    find(&root, "details.timeline")
        .set_attribute("open", "")
        .unwrap();
    let in_view = |root: &Element| {
        let list = find(root, ".timeline > ol");
        let current = find(root, ".timeline [aria-current]");
        let (l, c) = (
            list.get_bounding_client_rect(),
            current.get_bounding_client_rect(),
        );
        assert!(
            list.scroll_height() > list.client_height(),
            "the list scrolls"
        );
        c.top() >= l.top() - 1.0 && c.bottom() <= l.bottom() + 1.0
    };
    let page_at = web_sys::window().unwrap().scroll_y().unwrap();
    let pane_at = find(&root, ".maps-pane").scroll_top();
    // Ticks and settings in turn (three ticks in a row would be one line of the list).
    let (tick, set) = (button(&root, "Tick"), button(&root, "Set"));
    for i in 0..30 {
        if i % 2 == 0 {
            tick.click();
        } else {
            set_anew(&set, i);
        }
        yew::scheduler::flush().await;
    }
    assert!(in_view(&root), "the newest step, at the end of the list");
    for _ in 0..28 {
        click(&root, "Undo").await;
    }
    assert!(in_view(&root), "undone back near the start");
    // Closed while steps are taken, and opened again: it opens at the current step.
    let timeline = find(&root, "details.timeline");
    timeline.remove_attribute("open").unwrap();
    for _ in 0..20 {
        click(&root, "Redo").await;
    }
    timeline.set_attribute("open", "").unwrap();
    timeline
        .dispatch_event(&web_sys::Event::new("toggle").unwrap())
        .unwrap();
    assert!(in_view(&root), "opened at the current step");
    // The list scrolled, not the page (nor the side column around it).
    assert_eq!(web_sys::window().unwrap().scroll_y().unwrap(), page_at);
    assert_eq!(find(&root, ".maps-pane").scroll_top(), pane_at);
}

#[wasm_bindgen_test]
async fn every_step_of_a_long_history_can_be_reached_from_the_timeline() {
    let root = mount().await;
    // Ticks and settings in turn (three ticks in a row would be one line of the list).
    let (tick, set) = (button(&root, "Tick"), button(&root, "Set"));
    for i in 0..105 {
        if i % 2 == 0 {
            tick.click();
        } else {
            set_anew(&set, i);
        }
        yew::scheduler::flush().await;
    }
    let listed = |root: &Element| {
        find(root, ".timeline ol")
            .query_selector_all("li button[aria-label^='Go to step']")
            .unwrap()
            .length()
    };
    // The start and the latest 100 steps; the 5 before them are counted, and listed
    // on request.
    assert_eq!(listed(&root), 101);
    assert!(text(&root, ".timeline ol").contains("… 5 earlier steps"));
    // Opened, as a user opens it to see the steps.
    find(&root, "details.timeline")
        .set_attribute("open", "")
        .unwrap();
    click(&root, "Show 5 earlier steps").await;
    assert_eq!(listed(&root), 106);
    assert!(
        focused().matches(".timeline summary").unwrap(),
        "the focus goes to the history's summary, just before its first step, not to the page: {:?}",
        focused().outer_html().chars().take(120).collect::<String>()
    );
    assert!(!text(&root, ".timeline ol").contains("earlier steps"));
    press(
        &root,
        r#".timeline button[aria-label="Go to step 3: Clock advanced by 1 tick(s)"]"#,
    )
    .await;
    assert!(
        text(&root, ".timeline summary").starts_with("History (3 of 105 steps)"),
        "{}",
        text(&root, ".timeline summary")
    );
}

#[wasm_bindgen_test]
async fn clock_ticks_in_a_row_are_one_line_of_the_history_that_unfolds_to_each() {
    let root = mount().await;
    let runs = |root: &Element| texts(root, ".timeline ol li.tick-run > details > summary");
    click(&root, "Tick").await;
    click(&root, "Tick").await;
    assert!(runs(&root).is_empty(), "two ticks are two lines");
    click(&root, "Tick").await;
    click(&root, "Tick").await;
    assert_eq!(
        runs(&root),
        ["1–4. Clock advanced by 4 tick(s) in 4 steps (current)"]
    );
    click(&root, "Undo").await;
    assert_eq!(
        runs(&root),
        ["1–4. Clock advanced by 4 tick(s) in 4 steps (current: step 3)"]
    );
    // One step is the current one, for screen readers: inside the run, not its summary.
    let current = find(&root, ".timeline ol")
        .query_selector_all("[aria-current]")
        .unwrap();
    assert_eq!(current.length(), 1);
    // Each step stays reachable inside it.
    press(
        &root,
        r#".timeline li.tick-run button[aria-label="Go to step 2: Clock advanced by 1 tick(s)"]"#,
    )
    .await;
    assert!(text(&root, ".timeline summary").starts_with("History (2 of 4 steps)"));
    assert_eq!(text(&root, ".clock"), "2 min");
    // A command after step 2 drops the two undone ticks: two ticks are two lines again.
    tick_map(&root, "select-Currencies").await;
    click(&root, "Skip initial sync").await;
    click(&root, "Tick").await;
    assert!(runs(&root).is_empty(), "{:?}", runs(&root));
    assert!(text(&root, ".timeline summary").starts_with("History (4 of 4 steps)"));
}

#[wasm_bindgen_test]
async fn an_unfolded_run_of_ticks_stays_unfolded_as_steps_are_added_or_listed() {
    let root = mount().await;
    let (tick, set) = (button(&root, "Tick"), button(&root, "Set"));
    // Steps 1-6 settings, 7-9 ticks, then 96 settings: the list starts at step 6, just
    // before the run, and a new step pushes step 6 out of it.
    for i in 0..105 {
        if (6..9).contains(&i) {
            tick.click();
        } else {
            set_anew(&set, i);
        }
        yew::scheduler::flush().await;
    }
    find(&root, "details.timeline")
        .set_attribute("open", "")
        .unwrap();
    let run = find(&root, ".timeline li.tick-run > details");
    assert_eq!(
        text(&run, "summary"),
        "7–9. Clock advanced by 3 tick(s) in 3 steps"
    );
    // The trainee unfolds it, acts (a step is added at the end), then lists the earlier
    // steps (lines are added at the start).
    run.set_attribute("open", "").unwrap();
    // A step the keyboard is on keeps the focus, too.
    let step50 = r#".timeline button[aria-label^="Go to step 50:"]"#;
    find(&root, step50)
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    set_anew(&set, 1000);
    yew::scheduler::flush().await;
    assert!(focused().matches(step50).unwrap(), "the focus left step 50");
    let run = find(&root, ".timeline li.tick-run > details");
    assert!(run.has_attribute("open"), "the run folded after a step");
    click(&root, "Show 6 earlier steps").await;
    let run = find(&root, ".timeline li.tick-run > details");
    assert!(
        run.has_attribute("open"),
        "the run folded after earlier steps"
    );
    // Listed in order before it.
    let steps = texts(&root, ".timeline > ol > li > button");
    assert!(
        ["0. ", "1. ", "2. ", "3. ", "4. ", "5. "]
            .iter()
            .zip(&steps)
            .all(|(n, step)| step.starts_with(n)),
        "{steps:?}"
    );
}

#[wasm_bindgen_test]
async fn a_run_of_ticks_longer_than_the_list_is_listed_whole() {
    let root = mount().await;
    let tick = button(&root, "Tick");
    for _ in 0..105 {
        tick.click();
    }
    yew::scheduler::flush().await;
    let list = find(&root, ".timeline ol");
    assert!(!text(&root, ".timeline ol").contains("earlier steps"));
    assert_eq!(
        text(&list, "li.tick-run > details > summary"),
        "1–105. Clock advanced by 105 tick(s) in 105 steps (current)"
    );
}

#[wasm_bindgen_test]
async fn the_history_lists_each_command_and_choosing_one_rewinds_to_it() {
    let root = mount_with_synced("select-Currencies").await;
    let steps = |root: &Element| -> Vec<String> {
        let items = find(root, ".timeline ol").query_selector_all("li").unwrap();
        (0..items.length())
            .filter_map(|i| items.item(i))
            .filter_map(|n| n.text_content())
            .collect()
    };
    assert_eq!(
        steps(&root),
        [
            "0. Start",
            "1. Run: Currencies",
            "2. Ran until idle (current)"
        ]
    );
    // The current step stands out in more than its words: bold, and filled.
    let style = |selector: &str| {
        let el = find(&root, selector);
        web_sys::window()
            .unwrap()
            .get_computed_style(&el)
            .unwrap()
            .unwrap()
    };
    let current = style(r#".timeline button[aria-current="step"]"#);
    let other = style(r#".timeline button[aria-label^="Go to step 1:"]"#);
    assert!(
        current
            .get_property_value("font-weight")
            .unwrap()
            .parse::<u32>()
            .unwrap()
            >= 600
    );
    assert_ne!(
        current.get_property_value("background-color").unwrap(),
        other.get_property_value("background-color").unwrap()
    );
    press(
        &root,
        r#".timeline button[aria-label="Go to step 0: Start"]"#,
    )
    .await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Not running"
    );
    assert_eq!(
        steps(&root),
        [
            "0. Start (current)",
            "1. Run: Currencies (undone)",
            "2. Ran until idle (undone)"
        ]
    );
    assert!(find(&root, ".notice")
        .text_content()
        .unwrap()
        .contains("Rewound to step 0 of 2"));
    // Read out as shown: the current step and the undone ones say so.
    assert_eq!(
        find(&root, r#".timeline button[aria-current="step"]"#)
            .get_attribute("aria-label")
            .as_deref(),
        Some("Go to step 0: Start (current)")
    );
    press(
        &root,
        r#".timeline button[aria-label="Go to step 2: Ran until idle (undone)"]"#,
    )
    .await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
}

#[wasm_bindgen_test]
async fn undo_pressed_until_it_greys_out_hands_the_focus_to_redo() {
    let root = mount().await;
    click(&root, "Tick").await;
    let undo: web_sys::HtmlElement = button(&root, "Undo").dyn_into().unwrap();
    undo.focus().unwrap();
    undo.click();
    yew::scheduler::flush().await;
    assert!(button(&root, "Undo").disabled());
    assert_eq!(focused().text_content().as_deref(), Some("Redo"));
    // And back: Redo until it greys out hands it to Undo.
    let redo: web_sys::HtmlElement = button(&root, "Redo").dyn_into().unwrap();
    redo.click();
    yew::scheduler::flush().await;
    assert_eq!(focused().text_content().as_deref(), Some("Undo"));
}

#[wasm_bindgen_test]
async fn show_related_adds_the_maps_that_depend_on_the_selection_or_says_there_are_none() {
    let root = mount().await;
    let show = r#".run-pane input[type=checkbox]"#;
    // Currencies: the maps that depend on it are added, unticked.
    tick_map(&root, "select-Currencies").await;
    click(&root, "Run").await;
    let before = pane_order(&find(&root, ".run-pane"));
    press_input(&root, show).await;
    let after = pane_order(&find(&root, ".run-pane"));
    assert!(after.len() > before.len(), "{before:?} -> {after:?}");
    assert_eq!(text(&root, ".run-pane .hint[role=status]"), "");
    key(&find(&root, ".run-pane"), "Escape", false, false).await;
    // Customers V3: none depends on it, and the pane says so.
    tick_map(&root, "select-Currencies").await;
    tick_map(&root, "select-Customers-V3").await;
    click(&root, "Run").await;
    let before = pane_order(&find(&root, ".run-pane"));
    let first_row_top = || {
        find(&root, ".run-pane tbody tr")
            .get_bounding_client_rect()
            .top()
    };
    let top = first_row_top();
    press_input(&root, show).await;
    assert_eq!(pane_order(&find(&root, ".run-pane")), before);
    assert_eq!(
        text(&root, ".run-pane .hint[role=status]"),
        "No other table map depends on Customers V3: there is none to add."
    );
    // Said beside the box: the rows stay where they were, and no line waits for it.
    assert_eq!(first_row_top(), top);
    let said = find(&root, ".run-pane .show-related [role=status]");
    let label = find(&root, ".run-pane .show-related label");
    let (said, label) = (
        said.get_bounding_client_rect(),
        label.get_bounding_client_rect(),
    );
    assert!(
        said.top() < label.bottom() && said.left() >= label.right(),
        "on the box's own line, after it"
    );
    // The move announcement below the rows, silent, takes no room.
    let moved: web_sys::HtmlElement = find(&root, ".run-pane p.hint[role=status]")
        .dyn_into()
        .unwrap();
    assert_eq!(moved.text_content().as_deref(), Some(""));
    assert_eq!(moved.offset_height(), 0);
    key(&find(&root, ".run-pane"), "Escape", false, false).await;
    // Customer groups and Customers V3: Customers V3, which depends on Customer groups,
    // is in the pane already.
    tick_map(&root, "select-Customer-groups").await;
    click(&root, "Run").await;
    press_input(&root, show).await;
    assert_eq!(
        text(&root, ".run-pane .hint[role=status]"),
        "The table maps that depend on Customer groups or Customers V3 are listed already."
    );
    key(&find(&root, ".run-pane"), "Escape", false, false).await;
    // Legal entities, Customers V3, Vendors V2 and CDS Contacts V2: the maps that depend
    // on Legal entities are the others' prerequisites, so in the pane already.
    for id in [
        "Customer-groups",
        "Legal-entities",
        "Vendors-V2",
        "CDS-Contacts-V2",
    ] {
        tick_map(&root, &format!("select-{id}")).await;
    }
    click(&root, "Run").await;
    let before = pane_order(&find(&root, ".run-pane"));
    assert!(before.iter().any(|m| m == "Vendor groups"), "{before:?}");
    press_input(&root, show).await;
    assert_eq!(pane_order(&find(&root, ".run-pane")), before);
    assert_eq!(
        text(&root, ".run-pane .hint[role=status]"),
        "The table maps that depend on CDS Contacts V2, Customers V3, Legal entities or Vendors V2 are listed already."
    );
}

/// Clicks a checkbox or radio button, as a user does.
async fn press_input(root: &Element, selector: &str) {
    let input: web_sys::HtmlInputElement = find(root, selector).dyn_into().unwrap();
    input.click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_run_panes_arrows_move_a_row_keep_the_focus_on_it_and_say_where_it_went() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    click(&root, "Run").await;
    let pane = find(&root, ".run-pane");
    assert_eq!(pane_order(&pane)[1], "Currencies");
    let down = r#".run-pane button[aria-label="Move Currencies down"]"#;
    press(&root, down).await;
    assert_eq!(pane_order(&pane)[2], "Currencies");
    assert_eq!(focused_label().as_deref(), Some("Move Currencies down"));
    assert_eq!(
        text(&root, ".run-pane p.hint[role=status]:not(:empty)"),
        "Currencies moved to 3 of 5 in the sync order"
    );
    press(&root, down).await;
    press(&root, down).await;
    assert_eq!(
        pane_order(&pane).last().map(String::as_str),
        Some("Currencies")
    );
    // At the end its ↓ is marked unavailable, keeps the focus, and does nothing.
    assert_eq!(focused_label().as_deref(), Some("Move Currencies down"));
    assert_eq!(
        focused().get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    press(&root, down).await;
    assert_eq!(
        pane_order(&pane).last().map(String::as_str),
        Some("Currencies")
    );
    // Up moves the row with the focus itself (the browser drops the focus of an element
    // moved in the page): it is kept on the button.
    press(
        &root,
        r#".run-pane button[aria-label="Move Currencies up"]"#,
    )
    .await;
    assert_eq!(pane_order(&pane)[3], "Currencies");
    assert_eq!(focused_label().as_deref(), Some("Move Currencies up"));
    key(&pane, "Escape", false, false).await;
    // Two rows (Currencies' prerequisite-free map with Legal entities): the first moved
    // down to the end, the focus still on its ↓.
    tick_map(&root, "select-Customers-V3").await;
    tick_map(&root, "select-Currencies").await;
    tick_map(&root, "select-Legal-entities").await;
    click(&root, "Run").await;
    let pane = find(&root, ".run-pane");
    assert_eq!(pane_order(&pane).len(), 2, "{:?}", pane_order(&pane));
    let first = pane_order(&pane)[0].clone();
    press(
        &root,
        &format!(r#".run-pane button[aria-label="Move {first} down"]"#),
    )
    .await;
    assert_eq!(pane_order(&pane)[1], first);
    assert_eq!(focused_label(), Some(format!("Move {first} down")));
}

#[wasm_bindgen_test]
async fn the_skip_link_takes_the_keyboard_to_the_selected_maps_details() {
    let root = mount().await;
    let skip = button(&root, "Skip to the selected table map");
    assert_eq!(
        root.query_selector("button, a[href], input, select, textarea")
            .unwrap()
            .as_ref(),
        Some(skip.as_ref()),
        "the page's first stop"
    );
    press(&root, "button.skip-link").await;
    assert_eq!(
        focused().text_content().as_deref(),
        Some("No table map selected")
    );
    tick_map(&root, "select-Currencies").await;
    press(&root, "button.skip-link").await;
    assert_eq!(focused().id(), "details-title");
    assert!(focused().text_content().unwrap().starts_with("Currencies"));
}

#[wasm_bindgen_test]
async fn a_queue_capacity_typed_for_one_map_is_not_offered_for_the_next() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    open_tab(&root, "Queued records").await;
    let field = r#".queue-settings input[inputmode="numeric"]"#;
    let default = find(&root, field)
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .value();
    // Typed, not set.
    type_only(&root, field, "7").await;
    // Terms of payment ticked, then Currencies unticked: the details go from one map to
    // the other without closing.
    tick_map(&root, "select-Terms-of-payment").await;
    tick_map(&root, "select-Currencies").await;
    open_tab(&root, "Queued records").await;
    assert!(text(&root, ".details h2").starts_with("Terms of payment"));
    let shown = find(&root, field)
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .value();
    assert_eq!(shown, default, "Terms of payment's own capacity");
}

#[wasm_bindgen_test]
async fn a_lesson_file_loaded_as_a_scenario_says_where_it_opens_and_changes_nothing() {
    let root = mount().await;
    click(&root, "Tick").await;
    let import: web_sys::HtmlTextAreaElement = find(&root, "#import-text").dyn_into().unwrap();
    import.set_value(include_str!("../lessons/01-run-a-map.json"));
    click(&root, "Load").await;
    assert_eq!(
        text(&root, ".notice"),
        "Error: The scenario was not loaded: this is a lesson file, not a scenario: open it with Make a lesson, then Load a lesson file to edit it"
    );
    assert_eq!(text(&root, ".clock"), "1 min", "the session is as it was");
}

#[wasm_bindgen_test]
async fn a_kept_session_that_no_longer_loads_is_offered_to_download_not_lost() {
    let root = mount().await;
    root.set_inner_html("");
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let broken = r#"{"format":"dualwrite-scenario","version":2,"state":{"#;
    storage
        .set_item(dualwrite_sim::autosave::BEFORE_KEY, broken)
        .unwrap();
    let root = mount_as_reloaded().await;
    click(&root, "Bring back the previous session").await;
    let notice = text(&root, ".notice");
    assert!(
        notice.starts_with("Error: The previous session could not be brought back (")
            && notice.ends_with("its copy is kept to download, in a line below"),
        "{notice}"
    );
    let offered = |root: &Element| {
        root.query_selector(".broken-copy a.download")
            .unwrap()
            .and_then(|a| a.get_attribute("download"))
    };
    assert_eq!(
        offered(&root).as_deref(),
        Some("dualwrite-broken-previous-session.json")
    );
    let link = find(&root, ".broken-copy a.download");
    assert_eq!(
        fetch_text(&link.get_attribute("href").unwrap()).await,
        broken
    );
    // No longer offered to bring back; still offered to download after a reload.
    assert!(!text(&root, ".scenario-io").contains("Bring back"));
    root.set_inner_html("");
    let again = mount_as_reloaded().await;
    assert_eq!(
        offered(&again).as_deref(),
        Some("dualwrite-broken-previous-session.json")
    );
    assert!(!text(&again, ".scenario-io").contains("Bring back"));
    click(&again, "Forget it").await;
}

/// Presses Set beside Rows per tick with a value it has not had (a setting set to the value
/// it has is no step): a step of the history in one click, not a tick.
fn set_anew(set: &web_sys::HtmlButtonElement, i: usize) {
    let field: web_sys::HtmlInputElement = set
        .parent_element()
        .and_then(|setting| setting.query_selector("input").ok().flatten())
        .expect("the field beside Set")
        .dyn_into()
        .unwrap();
    field.set_value(&(11 + i).to_string());
    set.click();
}
