//! Grids at any size in the real app: every row reachable by scrolling (only the rows in
//! view are in the page), the total counted, a find box on keys and sorting by a column.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

const FINOPS: &str = r#"div.grid-viewport[aria-label^="Finance"]"#;

/// A count as the page writes it: "2,492" (counts here stay under a million).
fn thousands(n: usize) -> String {
    if n < 1000 {
        n.to_string()
    } else {
        format!("{},{:03}", n / 1000, n % 1000)
    }
}

fn count(root: &Element) -> String {
    find(root, ".rows .grid-count").text_content().unwrap()
}

/// The first cell of each rendered row of the FinOps grid.
fn first_cells(root: &Element) -> Vec<String> {
    let cells = root
        .query_selector_all(&format!(
            "{FINOPS} tbody tr:not(.spacer) td:first-child button"
        ))
        .unwrap();
    (0..cells.length())
        .filter_map(|i| cells.item(i))
        .filter_map(|n| n.text_content())
        .collect()
}

async fn generate(root: &Element, n: &str) {
    let input: web_sys::HtmlInputElement = root
        .query_selector(".scenario-io input[inputmode=numeric]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value(n);
    let b: web_sys::HtmlButtonElement = find(root, r#"button[aria-label="Generate Customers"]"#)
        .dyn_into()
        .unwrap();
    b.click();
    yew::scheduler::flush().await;
}

/// Scrolls a grid's viewport as a user does (the scroll event follows).
async fn scroll_to(viewport: &Element, top: i32) {
    viewport.set_scroll_top(top);
    viewport
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn every_row_is_reachable_by_scrolling_finding_or_sorting() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    generate(&root, "2500").await;
    let visible = dualwrite_sim::grid::VISIBLE;
    assert_eq!(count(&root), format!("rows 1–{visible} of 2,500"));
    let shown = first_cells(&root);
    assert!(
        shown.len() < 40,
        "only the rows in view are rendered: {}",
        shown.len()
    );
    assert_eq!(shown[0], "US-000001");

    // Scroll far down: the rows there are rendered, and counted.
    let viewport = find(&root, FINOPS);
    scroll_to(&viewport, 2000 * 32).await;
    assert_eq!(
        viewport.scroll_top(),
        2000 * 32,
        "height {} / {}",
        viewport.scroll_height(),
        viewport.client_height()
    );
    assert_eq!(
        count(&root),
        format!("rows 2,001–{} of 2,500", thousands(2000 + visible))
    );
    assert!(
        first_cells(&root).contains(&"US-002001".to_string()),
        "{:?}",
        first_cells(&root)
    );

    // At the bottom, the count reaches the last row.
    scroll_to(&viewport, viewport.scroll_height()).await;
    assert_eq!(
        count(&root),
        format!("rows {}–2,500 of 2,500", thousands(2501 - visible))
    );

    // Find a key.
    find_key(&root, ".rows input[type=search]", "us-002499").await;
    assert_eq!(count(&root), "rows 1–1 of 1");
    assert_eq!(first_cells(&root), ["US-002499"]);
    find_key(&root, ".rows input[type=search]", "").await;
    // Cleared from far down, the view is at the rows it counts (the first), not left
    // scrolled where none are drawn.
    assert_eq!(viewport.scroll_top(), 0, "{}", count(&root));

    // Sort by the account, descending: the last account comes first. Sorted from far
    // down, the view goes to its first rows too.
    scroll_to(&viewport, 2000 * 32).await;
    let header = |root: &Element| -> web_sys::HtmlButtonElement {
        find(root, &format!("{FINOPS} th button.sort"))
            .dyn_into()
            .unwrap()
    };
    header(&root).click();
    yew::scheduler::flush().await;
    let th = find(&root, &format!("{FINOPS} th"));
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("ascending"));
    assert_eq!(viewport.scroll_top(), 0);
    assert!(count(&root).starts_with("rows 1–"), "{}", count(&root));
    header(&root).click();
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, &format!("{FINOPS} th"))
            .get_attribute("aria-sort")
            .as_deref(),
        Some("descending")
    );
    assert_eq!(first_cells(&root)[0], "US-002500");
}

/// In a sorted grid, a row saved from the keyboard that sorts out of view is brought
/// into view, its Edit taking the focus back (it went to the page, the grid left where
/// the row had been).
#[wasm_bindgen_test]
async fn a_row_saved_out_of_view_in_a_sorted_grid_comes_into_view_with_the_focus() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    generate(&root, "200").await;
    let sort: web_sys::HtmlButtonElement = find(&root, &format!("{FINOPS} th button.sort"))
        .dyn_into()
        .unwrap();
    sort.click();
    yew::scheduler::flush().await;
    assert_eq!(first_cells(&root)[0], "US-000001");
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label^="Edit row US-000001"]"#),
    )
    .await;
    // The editor's first field is the account: renamed, the row sorts last.
    let account: web_sys::HtmlInputElement = focused().dyn_into().unwrap();
    account.set_value("ZZ-000001");
    key(&account, "Enter", false, false).await;
    assert!(
        root.query_selector("tr.editing").unwrap().is_none(),
        "saved"
    );
    assert!(
        focused_label().is_some_and(|l| l.starts_with("Edit row ZZ-000001")),
        "{:?}",
        focused_label()
    );
    assert!(first_cells(&root).contains(&"ZZ-000001".to_string()));
}

#[wasm_bindgen_test]
async fn the_order_follows_every_change_sorted_or_not() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    let table = r#"table[aria-label^="Finance"]"#;
    // Unsorted: a new row comes last, a deleted one goes.
    assert_eq!(first_cells(&root), ["USD", "EUR", "GBP", "CAD", "JPY"]);
    // Deleted from the keyboard (Delete focused, then pressed).
    let delete: web_sys::HtmlButtonElement = find(&root, r#"button[aria-label="Delete row EUR"]"#)
        .dyn_into()
        .unwrap();
    delete.focus().unwrap();
    delete.click();
    yew::scheduler::flush().await;
    assert_eq!(first_cells(&root), ["USD", "GBP", "CAD", "JPY"]);
    // The focus is on the next row's key, not on its Delete: a second Enter would
    // delete it too.
    assert_eq!(focused_label().as_deref(), Some("Select row GBP"));
    // What just happened and the history still name the row deleted.
    assert_eq!(
        text(&root, ".feed ul.events li"),
        "Row EUR of Finance and operations apps Currencies deleted"
    );
    assert_eq!(
        text(&root, ".timeline li:last-child"),
        "1. Row EUR deleted in Finance and operations apps Currencies (current)"
    );
    // Deleted without a question first, the notice says the way back.
    assert!(
        text(&root, ".notice").ends_with("Undo (Ctrl+Z) brings the row back"),
        "{}",
        text(&root, ".notice")
    );
    // Ctrl+Z from the grid: the row comes back marked as just written, and the focus
    // stays in the grid, on the row brought back (a mark added beside a row's key once
    // replaced its button, and the focus went to the page).
    key(&focused(), "z", true, false).await;
    assert_eq!(focused_label().as_deref(), Some("Select row EUR"));
    assert_eq!(first_cells(&root), ["USD", "EUR", "GBP", "CAD", "JPY"]);
    // Redone, the row is gone again: "What just happened" still names it.
    click(&root, "Redo").await;
    assert!(
        text(&root, ".feed p.said")
            .starts_with("Redone: Row EUR deleted in Finance and operations apps Currencies"),
        "{}",
        text(&root, ".feed p.said")
    );
    click(&root, "Undo").await;
    // Sorted by NAME: an edit that changes a name moves its row.
    let name: web_sys::HtmlButtonElement =
        find(&root, &format!("{FINOPS} th button.sort[data-col=\"1\"]"))
            .dyn_into()
            .unwrap();
    name.click();
    yew::scheduler::flush().await;
    assert_eq!(first_cells(&root)[0], "CAD", "Canadian Dollar first");
    edit_cell(&root, table, "USD", "NAME", "A Dollar").await;
    assert_eq!(first_cells(&root)[0], "USD", "renamed, it sorts first");
}

#[wasm_bindgen_test]
async fn after_an_edit_the_grid_shows_its_first_columns_again() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    let table = r#"table[aria-label^="Finance"]"#;
    press(
        &root,
        &format!(r#"{table} button[aria-label="Edit row US-001, usmf"]"#),
    )
    .await;
    let viewport = find(&root, FINOPS);
    viewport.set_scroll_left(400);
    assert!(
        viewport.scroll_left() > 0,
        "the grid is wider than its view"
    );
    type_into(
        &root,
        r#"input[aria-label="PRIMARYCONTACTEMAIL of row US-001, usmf"]"#,
        "ap@contoso.com",
    )
    .await;
    press(&root, &format!("{table} tr.editing button")).await;
    assert!(
        root.query_selector("tr.editing").unwrap().is_none(),
        "saved"
    );
    assert_eq!(find(&root, FINOPS).scroll_left(), 0, "the keys are in view");
}

/// The buttons of the FinOps grid's rows that Tab stops on.
fn row_tab_stops(root: &Element) -> Vec<String> {
    let buttons = root
        .query_selector_all(&format!("{FINOPS} tbody button[tabindex=\"0\"]"))
        .unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|b| b.get_attribute("aria-label"))
        .collect()
}

#[wasm_bindgen_test]
async fn one_tab_reaches_the_rows_and_arrow_keys_move_through_them_scrolling_as_they_go() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    generate(&root, "2500").await;
    // One tab stop for all the rows, and one for all the headings.
    assert_eq!(row_tab_stops(&root), ["Select row US-000001, usmf"]);
    let heads = root
        .query_selector_all(&format!("{FINOPS} thead button[tabindex=\"0\"]"))
        .unwrap();
    assert_eq!(heads.length(), 1);

    let first: web_sys::HtmlElement = find(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Select row US-000001, usmf"]"#),
    )
    .dyn_into()
    .unwrap();
    first.focus().unwrap();
    key(&first, "ArrowDown", false, false).await;
    assert_eq!(
        focused_label().as_deref(),
        Some("Select row US-000002, usmf")
    );
    key(&focused(), "ArrowRight", false, false).await;
    assert_eq!(focused_label().as_deref(), Some("Edit row US-000002, usmf"));
    assert_eq!(
        row_tab_stops(&root),
        ["Edit row US-000002, usmf"],
        "the stop moved along"
    );
    // Past the rows in view: the grid scrolls and the focus follows.
    for _ in 0..3 {
        key(&focused(), "PageDown", false, false).await;
    }
    let paged = 2 + 3 * dualwrite_sim::grid::VISIBLE;
    assert_eq!(
        focused_label(),
        Some(format!("Edit row US-{paged:06}, usmf"))
    );
    key(&focused(), "End", true, false).await;
    assert_eq!(focused_label().as_deref(), Some("Edit row US-002500, usmf"));
    assert_eq!(
        count(&root),
        format!(
            "rows {}–2,500 of 2,500",
            thousands(2500 - dualwrite_sim::grid::VISIBLE + 1)
        )
    );
    // The focused button acts on its row (a click, as Enter or Space on it would).
    focused()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert!(root
        .query_selector(r#"input[aria-label$="of row US-002500, usmf"]"#)
        .unwrap()
        .is_some());
    // The row in the editor has no buttons: the rows' tab stop is on another row.
    let stops = row_tab_stops(&root);
    assert_eq!(stops.len(), 1, "{stops:?}");
    assert!(!stops[0].contains("US-002500"), "{stops:?}");
}

#[wasm_bindgen_test]
async fn an_empty_table_says_so_and_a_find_with_no_match_says_that() {
    let root = mount().await;
    tick_map(&root, "select-Vendor-groups").await;
    let counts = |root: &Element| {
        let all = root.query_selector_all(".rows .grid-count").unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| n.text_content())
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&root), ["rows 1–3 of 3", "no rows yet"]);
    find_key(
        &root,
        r#"input[aria-label^="Find key in Finance"]"#,
        "nothing like it",
    )
    .await;
    assert_eq!(counts(&root), ["no row's key matches", "no rows yet"]);
    // Said to a screen reader, in the grid's own status (the count is no live region).
    let said = || text(&root, ".rows:first-child p.sr-only[role=status]");
    assert_eq!(said(), "No row's key contains “nothing like it”");
    find_key(&root, r#"input[aria-label^="Find key in Finance"]"#, "1").await;
    assert_eq!(said(), "1 of 3 rows have a key containing “1”");
    press(&root, ".rows:first-child th button.sort").await;
    assert!(
        said().ends_with(". Sorted by VENDORGROUPID, ascending"),
        "{}",
        said()
    );
    // Seen under the grid too, where the sorted column may be scrolled out of view.
    assert_eq!(counts(&root)[0], "rows 1–1 of 1, sorted by VENDORGROUPID ▲");
}

#[wasm_bindgen_test]
async fn the_row_editor_opens_at_its_first_field_and_enter_saves_escape_cancels() {
    const FINOPS: &str = r#"table[aria-label^="Finance"]"#;
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    // (That the grid scrolls back to its first columns is checked by the e2e run: this
    // harness has no style sheet, so nothing overflows here.)
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Edit row USD"]"#),
    )
    .await;
    assert_eq!(
        focused().get_attribute("aria-label").as_deref(),
        Some("CURRENCYCODE of row USD"),
        "the focus is in the editor's first field"
    );
    // Enter in a field saves what it holds, without leaving it first.
    let name: web_sys::HtmlInputElement = find(&root, r#"input[aria-label="NAME of row USD"]"#)
        .dyn_into()
        .unwrap();
    name.set_value("Dollar");
    key(&name, "Enter", false, false).await;
    assert!(
        root.query_selector("tr.editing").unwrap().is_none(),
        "saved"
    );
    assert!(text(&root, FINOPS).contains("Dollar"));
    assert_eq!(
        focused_label().as_deref(),
        Some("Edit row USD"),
        "the focus goes back to the row's Edit"
    );
    // Escape leaves the editor without saving.
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Edit row EUR"]"#),
    )
    .await;
    let name: web_sys::HtmlInputElement = find(&root, r#"input[aria-label="NAME of row EUR"]"#)
        .dyn_into()
        .unwrap();
    name.set_value("Not kept");
    key(&name, "Escape", false, false).await;
    assert!(root.query_selector("tr.editing").unwrap().is_none());
    assert!(!text(&root, FINOPS).contains("Not kept"));
    // A new row left with Escape gives the focus back to New row.
    press(&root, ".rows:first-child button.new-row").await;
    let first = focused();
    assert!(
        first.closest("tr.editing").unwrap().is_some(),
        "the new row's first field"
    );
    key(&first, "Escape", false, false).await;
    assert!(root.query_selector("tr.editing").unwrap().is_none());
    assert!(
        focused_label().is_some_and(|l| l.starts_with("New row in Finance")),
        "{:?}",
        focused_label()
    );
}

/// The headings of the FinOps grid, in order (the key's "(key)" included).
fn headings(root: &Element) -> Vec<String> {
    texts(root, &format!("{FINOPS} thead th"))
}

/// Ticks or unticks a column in the FinOps grid's "Columns" menu.
async fn toggle_column(root: &Element, column: &str) {
    let menu = find(root, ".rows:first-child .column-menu");
    let labels = menu.query_selector_all("label").unwrap();
    let label = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|l| l.text_content().unwrap_or_default().trim() == column)
        .unwrap_or_else(|| panic!("no column {column} in the menu"));
    let input: web_sys::HtmlInputElement = label
        .query_selector("input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_columns_menu_hides_columns_and_the_row_editor_still_shows_them_all() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    let all = headings(&root);
    assert_eq!(all.len(), 12, "11 columns and the actions: {all:?}");
    assert_eq!(
        text(&root, ".rows:first-child .column-menu summary"),
        "Columns (11 of 11)"
    );
    // Sorted by a column that is then hidden: the order no longer follows it, since
    // nothing in view would say so.
    press(&root, &format!(r#"{FINOPS} th button.sort[data-col="2"]"#)).await;
    assert_eq!(
        first_cells(&root)[0],
        "US-007",
        "sorted by ORGANIZATIONNAME"
    );
    toggle_column(&root, "ORGANIZATIONNAME").await;
    assert_eq!(first_cells(&root)[0], "US-001", "back in the table's order");
    assert!(root
        .query_selector(&format!(r#"{FINOPS} th[aria-sort$="scending"]"#))
        .unwrap()
        .is_none());
    toggle_column(&root, "PARTYTYPE").await;
    let fewer = headings(&root);
    assert_eq!(fewer.len(), 10);
    assert!(!fewer
        .iter()
        .any(|h| h.starts_with("ORGANIZATIONNAME") || h.starts_with("PARTYTYPE")));
    assert_eq!(
        text(&root, ".rows:first-child .column-menu summary"),
        "Columns (9 of 11)"
    );
    // Each row has a cell under each heading shown.
    let cells = find(&root, &format!("{FINOPS} tbody tr:not(.spacer)"))
        .query_selector_all("td")
        .unwrap();
    assert_eq!(cells.length(), 10);
    // The key column cannot be hidden.
    let key_box: web_sys::HtmlInputElement = find(
        &root,
        ".rows:first-child .column-menu label:first-of-type input",
    )
    .dyn_into()
    .unwrap();
    assert!(key_box.disabled() && key_box.checked());
    // The headings' arrow keys skip the hidden columns.
    let area: web_sys::HtmlElement =
        find(&root, &format!(r#"{FINOPS} th button.sort[data-col="1"]"#))
            .dyn_into()
            .unwrap();
    area.focus().unwrap();
    yew::scheduler::flush().await;
    key(&area, "ArrowRight", false, false).await;
    assert_eq!(
        focused().get_attribute("data-col").as_deref(),
        Some("4"),
        "from dataAreaId to the next column shown, past ORGANIZATIONNAME and PARTYTYPE"
    );
    key(&focused(), "ArrowLeft", false, false).await;
    assert_eq!(focused().get_attribute("data-col").as_deref(), Some("1"));
    key(&focused(), "End", false, false).await;
    assert_eq!(focused().get_attribute("data-col").as_deref(), Some("10"));
    // Hiding the column whose heading holds the headings' tab stop leaves them one.
    toggle_column(&root, "PRIMARYCONTACTEMAIL").await;
    let stops = root
        .query_selector_all(&format!("{FINOPS} thead button[tabindex=\"0\"]"))
        .unwrap();
    assert_eq!(stops.length(), 1, "the headings keep their tab stop");
    toggle_column(&root, "PRIMARYCONTACTEMAIL").await;
    // The row editor shows every field, lined up under every heading; closed, the
    // columns hidden are hidden again.
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Edit row US-001, usmf"]"#),
    )
    .await;
    assert_eq!(headings(&root).len(), 12);
    let summary = find(&root, ".rows:first-child .column-menu summary");
    assert_eq!(summary.text_content().unwrap(), "Columns (all, editing)");
    assert_eq!(
        summary.get_attribute("aria-label").unwrap(),
        "Columns (all, editing) of Finance and operations apps: Customers V3: all 11 shown while a row is edited"
    );
    assert!(root
        .query_selector(r#"input[aria-label="ORGANIZATIONNAME of row US-001, usmf"]"#)
        .unwrap()
        .is_some());
    click(&root, "Cancel").await;
    assert_eq!(headings(&root).len(), 10);
    // The menu closes when the focus leaves it (it would stay over the rows).
    let menu: web_sys::HtmlDetailsElement = find(&root, ".rows:first-child .column-menu")
        .dyn_into()
        .unwrap();
    menu.set_open(true);
    let inside: web_sys::HtmlElement = find(
        &root,
        ".rows:first-child .column-menu input:not([disabled])",
    )
    .dyn_into()
    .unwrap();
    inside.focus().unwrap();
    yew::scheduler::flush().await;
    assert!(menu.open(), "open while the focus is in it");
    let away: web_sys::HtmlElement = find(&root, ".rows:first-child input[type=search]")
        .dyn_into()
        .unwrap();
    away.focus().unwrap();
    yew::scheduler::flush().await;
    assert!(!menu.open(), "closed once the focus left it");
    // Show all columns puts them back, and closes the menu.
    menu.set_open(true);
    click(&root, "Show all columns").await;
    assert!(!menu.open());
    assert_eq!(headings(&root), all);
    assert!(root
        .query_selector(".rows:first-child .column-menu button")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_tables_hidden_columns_are_remembered_while_other_maps_are_shown() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    toggle_column(&root, "ORGANIZATIONNAME").await;
    assert_eq!(headings(&root).len(), 11);
    // Another map shown, then this one again.
    tick_map(&root, "select-Customers-V3").await;
    tick_map(&root, "select-Currencies").await;
    assert_eq!(
        text(&root, ".rows:first-child .column-menu summary"),
        "Columns (4 of 4)",
        "Currencies' grid hides nothing"
    );
    tick_map(&root, "select-Currencies").await;
    tick_map(&root, "select-Customers-V3").await;
    assert_eq!(
        text(&root, ".rows:first-child .column-menu summary"),
        "Columns (10 of 11)"
    );
    assert!(!headings(&root)
        .iter()
        .any(|h| h.starts_with("ORGANIZATIONNAME")));
}

/// A pair the other grid's find box hides is not left hidden: the find box is cleared
/// there (as Show row clears it), and the pair marked; a find typed after that stays.
#[wasm_bindgen_test]
async fn selecting_a_row_whose_pair_the_other_find_hides_clears_that_find() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    let dataverse_find = r#"div.rows:nth-child(2) input[type=search]"#;
    let dataverse_find_box =
        || -> web_sys::HtmlInputElement { find(&root, dataverse_find).dyn_into().unwrap() };
    find_key(&root, dataverse_find, "C000").await;
    assert!(root
        .query_selector(r#"div.grid-viewport[aria-label^="Dataverse"] tr.pair"#)
        .unwrap()
        .is_none());
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Select row US-001, usmf"]"#),
    )
    .await;
    assert_eq!(
        dataverse_find_box().value(),
        "",
        "the find that hid the pair is cleared"
    );
    let pair = find(
        &root,
        r#"div.grid-viewport[aria-label^="Dataverse"] tr.pair"#,
    );
    assert!(text(&pair, "td.row-key").contains("US-001"));
    // Typed again with the row still selected, the find stays.
    find_key(&root, dataverse_find, "C000").await;
    assert_eq!(dataverse_find_box().value(), "C000");
}

#[wasm_bindgen_test]
async fn selecting_a_row_brings_its_pair_into_view_on_the_other_side() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    generate(&root, "2500").await;
    let dataverse_count = || {
        root.query_selector_all(".rows .grid-count")
            .unwrap()
            .item(1)
            .and_then(|n| n.text_content())
            .unwrap_or_default()
    };
    assert!(
        dataverse_count().starts_with("rows 1–"),
        "{}",
        dataverse_count()
    );
    // Every 20th customer has its account on Dataverse: US-002481's is the 125th there.
    find_key(&root, ".rows input[type=search]", "us-002481").await;
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Select row US-002481, usmf"]"#),
    )
    .await;
    assert!(
        dataverse_count().starts_with("rows 125–"),
        "{}",
        dataverse_count()
    );
    let viewport = find(&root, r#"div.grid-viewport[aria-label^="Dataverse"]"#);
    assert_eq!(viewport.scroll_top(), 124 * 32, "scrolled to the pair");
    let pair = find(
        &root,
        r#"div.grid-viewport[aria-label^="Dataverse"] tr.pair"#,
    );
    assert!(text(&pair, "td.row-key").contains("US-002481"));
    // For screen readers, the row's place among all the table's rows (the heading row
    // first), though only those in view are in the page.
    assert_eq!(pair.get_attribute("aria-rowindex").as_deref(), Some("126"));
    let total: usize = dataverse_count()
        .rsplit(" of ")
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    assert_eq!(
        find(&root, r#"table[aria-label^="Dataverse"]"#)
            .get_attribute("aria-rowcount")
            .map(|n| n.parse::<usize>().unwrap()),
        Some(total + 1)
    );
}

/// A mouse event of `kind` with a click count, as the browser sends it.
fn mouse(kind: &str, count: i32) -> web_sys::MouseEvent {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_detail(count);
    web_sys::MouseEvent::new_with_mouse_event_init_dict(kind, &init).unwrap()
}

#[wasm_bindgen_test]
async fn a_double_click_on_a_rows_cells_edits_it_and_never_deletes_twice() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    // On a value cell: the row opens in the editor, its first field focused.
    let cell = find(
        &root,
        &format!(r#"{FINOPS} tbody tr:nth-child(3) td:nth-child(3)"#),
    );
    let row = cell.closest("tr").unwrap().unwrap();
    let named = text(&row, "td.row-key button");
    cell.dispatch_event(&mouse("dblclick", 2)).unwrap();
    yew::scheduler::flush().await;
    let field = focused();
    assert!(
        field.closest("tr.editing").unwrap().is_some(),
        "the editor is open"
    );
    assert_eq!(
        field.get_attribute("aria-label").unwrap(),
        format!("CURRENCYCODE of row {named}")
    );
    key(&field, "Escape", false, false).await;
    // On the key (the row's select button): selected once, not selected and unselected,
    // and edited.
    let select = find(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Select row CAD"]"#),
    );
    for event in [mouse("click", 1), mouse("click", 2), mouse("dblclick", 2)] {
        select.dispatch_event(&event).unwrap();
    }
    yew::scheduler::flush().await;
    assert!(focused().closest("tr.editing").unwrap().is_some());
    key(&focused(), "Escape", false, false).await;
    assert!(
        row_selected(&root, "CAD"),
        "the double click left CAD unselected"
    );
    // A double click on Delete deletes one row: the second click is the next row's.
    assert_eq!(first_cells(&root), ["USD", "EUR", "GBP", "CAD", "JPY"]);
    let delete = find(&root, r#"button[aria-label="Delete row EUR"]"#);
    delete.dispatch_event(&mouse("click", 1)).unwrap();
    yew::scheduler::flush().await;
    let delete = find(
        &root,
        &format!("{FINOPS} tbody tr:nth-child(2) td.row-actions button:nth-child(2)"),
    );
    delete.dispatch_event(&mouse("click", 2)).unwrap();
    delete.dispatch_event(&mouse("dblclick", 2)).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(first_cells(&root), ["USD", "GBP", "CAD", "JPY"]);
    assert!(
        root.query_selector("tr.editing").unwrap().is_none(),
        "nor edits"
    );
}

/// Whether the FinOps row `key` is the selected row (its select button pressed).
fn row_selected(root: &Element, key: &str) -> bool {
    root.query_selector(&format!(
        r#"{FINOPS} button[aria-label="Select row {key}"][aria-pressed="true"]"#
    ))
    .unwrap()
    .is_some()
}

#[wasm_bindgen_test]
async fn deleting_the_only_row_left_gives_the_focus_to_new_row() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    for key in ["USD", "EUR", "GBP", "CAD", "JPY"] {
        let delete: web_sys::HtmlButtonElement = find(
            &root,
            &format!(r#"{FINOPS} button[aria-label="Delete row {key}"]"#),
        )
        .dyn_into()
        .unwrap();
        delete.focus().unwrap();
        delete.click();
        yew::scheduler::flush().await;
    }
    assert!(first_cells(&root).is_empty());
    assert!(
        focused_label().is_some_and(|l| l.starts_with("New row in Finance")),
        "{:?}",
        focused_label()
    );
}

#[wasm_bindgen_test]
async fn a_delete_the_engine_rolls_back_keeps_the_row_and_the_focus() {
    // Currencies Running: a delete is one transaction across both sides.
    let root = mount_with_synced("select-Currencies").await;
    choose(
        &root,
        r#"select[aria-label="Dataverse fault"]"#,
        "Unavailable (503)",
    )
    .await;
    let delete: web_sys::HtmlButtonElement = find(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Delete row EUR"]"#),
    )
    .dyn_into()
    .unwrap();
    delete.focus().unwrap();
    delete.click();
    yew::scheduler::flush().await;
    assert_eq!(first_cells(&root), ["USD", "EUR", "GBP", "CAD", "JPY"]);
    assert_eq!(focused_label().as_deref(), Some("Delete row EUR"));
    // Accepted, the next row's key takes the focus.
    choose(
        &root,
        r#"select[aria-label="Dataverse fault"]"#,
        "Accepts writes",
    )
    .await;
    delete.focus().unwrap();
    delete.click();
    yew::scheduler::flush().await;
    assert_eq!(first_cells(&root), ["USD", "GBP", "CAD", "JPY"]);
    assert_eq!(focused_label().as_deref(), Some("Select row GBP"));
}

#[wasm_bindgen_test]
async fn what_is_typed_in_the_editor_stays_through_a_clock_beat() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Edit row EUR"]"#),
    )
    .await;
    let field: web_sys::HtmlInputElement = find(
        &root,
        &format!(r#"{FINOPS} input[aria-label="NAME of row EUR"]"#),
    )
    .dyn_into()
    .unwrap();
    // Its place for screen readers stays while it is edited (EUR is the second row).
    assert_eq!(
        find(&root, "tr.editing")
            .get_attribute("aria-rowindex")
            .as_deref(),
        Some("3")
    );
    // Typed (input events only: the field is not left, so no change event yet).
    type_only(
        &root,
        &format!(r#"{FINOPS} input[aria-label="NAME of row EUR"]"#),
        "Euro, typed",
    )
    .await;
    // The clock beats (as Play does): the app renders again.
    click(&root, "Tick").await;
    assert_ne!(text(&root, ".clock"), "0 min", "the clock moved");
    assert_eq!(field.value(), "Euro, typed");
    key(&field, "Enter", false, false).await;
    assert_eq!(
        cell_text(&root, "Finance and operations apps", "EUR", "NAME"),
        "Euro, typed"
    );
}

#[wasm_bindgen_test]
async fn a_rows_buttons_say_which_grid_they_are_in() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    // USD is a row on both sides: its Delete buttons share a name, and their
    // descriptions (the grids' captions) tell them apart.
    let buttons = root
        .query_selector_all(r#"button[aria-label="Delete row USD"]"#)
        .unwrap();
    let described: Vec<String> = (0..buttons.length())
        .filter_map(|i| buttons.item(i)?.dyn_into::<Element>().ok())
        .map(|b| {
            text(
                &root,
                &format!("#{}", b.get_attribute("aria-describedby").unwrap()),
            )
        })
        .collect();
    assert_eq!(described.len(), 2, "{described:?}");
    assert!(described[0].starts_with("Finance and operations apps: Currencies ("));
    assert!(described[1].starts_with("Dataverse: Currencies, transactioncurrencies ("));
}

/// Each row's place for screen readers (`aria-rowindex`), in the order shown.
fn row_indexes(root: &Element) -> Vec<String> {
    let rows = root
        .query_selector_all(&format!("{FINOPS} tr[aria-rowindex]"))
        .unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|r| r.dyn_into::<Element>().ok())
        .filter_map(|r| r.get_attribute("aria-rowindex"))
        .collect()
}

fn row_count(root: &Element) -> String {
    find(root, &format!("{FINOPS} table"))
        .get_attribute("aria-rowcount")
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_new_rows_editor_and_a_rows_error_line_are_counted_for_screen_readers() {
    let root = mount_with_synced("select-Currencies").await;
    let all = ["1", "2", "3", "4", "5", "6"];
    assert_eq!(row_indexes(&root), all);
    assert_eq!(row_count(&root), "6");
    // The new row's editor comes first: the table's rows are numbered after it.
    press(&root, ".rows:first-child button.new-row").await;
    assert_eq!(row_indexes(&root), ["1", "2", "3", "4", "5", "6", "7"]);
    assert_eq!(row_count(&root), "7");
    click(&root, "Cancel").await;
    assert_eq!(row_indexes(&root), all);
    // A write dual-write rolls back for the row (Dataverse is down): the error's line
    // follows its row, and the rows after it are numbered past it.
    choose(
        &root,
        r#"select[aria-label="Dataverse fault"]"#,
        "Unavailable (503)",
    )
    .await;
    edit_cell(&root, FINOPS, "EUR", "NAME", "Euro, refused").await;
    assert!(root.query_selector("tr.row-error").unwrap().is_some());
    assert_eq!(
        find(&root, "tr.row-error")
            .get_attribute("aria-rowindex")
            .as_deref(),
        Some("4")
    );
    assert_eq!(row_indexes(&root), ["1", "2", "3", "4", "5", "6", "7"]);
    assert_eq!(row_count(&root), "7");
}

#[wasm_bindgen_test]
async fn a_saved_row_is_selected_and_its_pair_marked_where_the_write_landed() {
    let root = mount_with_synced("select-Currencies").await;
    edit_cell(&root, FINOPS, "EUR", "NAME", "Euro, saved").await;
    let selected = find(&root, &format!("{FINOPS} tr.selected td.row-key button"));
    assert_eq!(selected.text_content().unwrap(), "EUR");
    let pair = find(
        &root,
        r#"div.grid-viewport[aria-label^="Dataverse"] tr.pair td.row-key button"#,
    );
    assert_eq!(pair.text_content().unwrap(), "EUR");
    assert_eq!(
        cell_text(&root, "Dataverse", "EUR", "currencyname"),
        "Euro, saved"
    );
    // A new row too: created, selected, its pair made on Dataverse and marked.
    press(&root, ".rows:first-child button.new-row").await;
    for (column, value) in [("CURRENCYCODE", "CHF"), ("NAME", "Franc")] {
        type_into(
            &root,
            &format!(r#"{FINOPS} tr.editing [aria-label="{column} of the new row"]"#),
            value,
        )
        .await;
    }
    press(&root, &format!("{FINOPS} tr.editing button")).await;
    assert!(
        root.query_selector("tr.editing").unwrap().is_none(),
        "saved"
    );
    let selected = find(&root, &format!("{FINOPS} tr.selected td.row-key button"));
    assert_eq!(selected.text_content().unwrap(), "CHF");
    let pair = find(
        &root,
        r#"div.grid-viewport[aria-label^="Dataverse"] tr.pair td.row-key button"#,
    );
    assert_eq!(pair.text_content().unwrap(), "CHF");
}

#[wasm_bindgen_test]
async fn enter_on_a_list_in_the_row_editor_saves_the_row() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Edit row US-001, usmf"]"#),
    )
    .await;
    let list = format!(r#"{FINOPS} tr.editing select[aria-label="PARTYTYPE of row US-001, usmf"]"#);
    choose(&root, &list, "Person").await;
    key(&find(&root, &list), "Enter", false, false).await;
    assert!(
        root.query_selector(&format!("{FINOPS} tr.editing"))
            .unwrap()
            .is_none(),
        "saved and closed"
    );
    assert!(
        text(&root, ".notice").starts_with("Row US-001, usmf saved"),
        "{}",
        text(&root, ".notice")
    );
    assert!(text(&root, FINOPS).contains("Person"));
}

#[wasm_bindgen_test]
async fn each_grid_has_a_heading_with_its_table_and_count() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    assert_eq!(
        texts(&root, ".sides h3.grid-title"),
        [
            "Finance and operations apps: Currencies (5 rows)",
            "Dataverse: Currencies, transactioncurrencies (2 rows)"
        ]
    );
}

/// The cell of `column` in the row of `row` of the grid of `table`.
fn cell(root: &Element, table: &str, row: &str, column: &str) -> Element {
    let table = find(root, &format!(r#"table[aria-label^="{table}"]"#));
    let at = texts(&table, "thead th")
        .iter()
        .position(|h| h == column || h.starts_with(&format!("{column} ")))
        .expect("the column");
    let select = find(&table, &format!(r#"button[aria-label="Select row {row}"]"#));
    let cells = select
        .closest("tr")
        .unwrap()
        .unwrap()
        .query_selector_all("td")
        .unwrap();
    cells.item(at as u32).unwrap().dyn_into().unwrap()
}

#[wasm_bindgen_test]
async fn a_cell_cut_short_shows_its_whole_text_as_its_tooltip() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    let long = "accounts.payable.department@a-rather-long-domain.example.com";
    edit_cell(
        &root,
        r#"table[aria-label^="Finance"]"#,
        "US-001, usmf",
        "PRIMARYCONTACTEMAIL",
        long,
    )
    .await;
    let td = cell(&root, "Finance", "US-001, usmf", "PRIMARYCONTACTEMAIL");
    assert!(
        td.scroll_width() > td.client_width(),
        "the cell is cut short ({} of {} px shown)",
        td.client_width(),
        td.scroll_width()
    );
    hover(&td).await;
    assert_eq!(td.get_attribute("title").as_deref(), Some(long));
    // A cell shown whole has no tooltip to repeat it, nor one left from an earlier text.
    let short = cell(&root, "Finance", "US-002, usmf", "PRIMARYCONTACTEMAIL");
    assert!(short.scroll_width() <= short.client_width(), "shown whole");
    short.set_attribute("title", "stale").unwrap();
    hover(&short).await;
    assert_eq!(short.get_attribute("title"), None);
    // A key cut short: its tooltip is the key, without the row's marks (selected, just
    // written), which carry their own.
    let key = "A-CUSTOMER-ACCOUNT-NUMBER-FAR-LONGER-THAN-ANY-KEY-COLUMN-SHOWS-IN-FULL";
    edit_cell(
        &root,
        r#"table[aria-label^="Finance"]"#,
        "US-002, usmf",
        "CUSTOMERACCOUNT",
        key,
    )
    .await;
    let select = find(
        &root,
        &format!(r#"button[aria-label="Select row {key}, usmf"]"#),
    );
    let td = select.closest("td").unwrap().unwrap();
    assert!(
        td.scroll_width() > td.client_width(),
        "the key is cut short"
    );
    assert!(
        text(&td, ".marks").contains("selected"),
        "{}",
        text(&td, ".marks")
    );
    hover(&select).await;
    assert_eq!(td.get_attribute("title").as_deref(), Some(key));
}

/// The pointer comes to `target` (a `mouseover`, which bubbles).
async fn hover(target: &Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let over = web_sys::MouseEvent::new_with_mouse_event_init_dict("mouseover", &init).unwrap();
    target.dispatch_event(&over).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn a_row_saved_in_one_grid_keeps_the_focus_there_after_a_save_in_the_other() {
    const DATAVERSE: &str = r#"table[aria-label^="Dataverse"]"#;
    let root = mount_with_synced("select-Currencies").await;
    // Saved from the keyboard in each grid in turn: the focus goes back to the Edit of
    // the row just saved, in the grid it was saved in.
    for (grid, row, field, text) in [
        (r#"table[aria-label^="Finance"]"#, "EUR", "NAME", "Euro X"),
        (DATAVERSE, "GBP", "currencyname", "Pound Y"),
    ] {
        press(
            &root,
            &format!(r#"{grid} button[aria-label="Edit row {row}"]"#),
        )
        .await;
        let input: web_sys::HtmlInputElement = find(
            &root,
            &format!(r#"input[aria-label="{field} of row {row}"]"#),
        )
        .dyn_into()
        .unwrap();
        input.set_value(text);
        key(&input, "Enter", false, false).await;
        assert!(
            root.query_selector("tr.editing").unwrap().is_none(),
            "saved"
        );
        assert_eq!(
            focused_label().as_deref(),
            Some(format!("Edit row {row}").as_str()),
            "after the save in {grid}"
        );
        assert!(
            focused().closest(grid).unwrap().is_some(),
            "in the grid it was saved in"
        );
    }
}

#[wasm_bindgen_test]
async fn in_a_narrow_grid_save_and_cancel_stay_in_view_as_the_editor_scrolls_sideways() {
    const FINOPS_TABLE: &str = r#"table[aria-label^="Finance"]"#;
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    // As narrow as a grid is at 1024 px.
    let viewport: web_sys::HtmlElement = find(&root, FINOPS).dyn_into().unwrap();
    viewport.style().set_property("width", "300px").unwrap();
    press(
        &root,
        &format!(r#"{FINOPS_TABLE} button[aria-label="Edit row USD"]"#),
    )
    .await;
    let shown = |label: &str| {
        let b = find(&root, &format!("{FINOPS_TABLE} tr.editing button"));
        let b = if label == "Save" {
            b
        } else {
            find(&root, &format!("{FINOPS_TABLE} tr.editing button + button"))
        };
        assert_eq!(b.text_content().as_deref(), Some(label));
        let r = b.get_bounding_client_rect();
        let document = web_sys::window().unwrap().document().unwrap();
        let at = document
            .element_from_point(
                (r.left() + r.width() / 2.0) as f32,
                (r.top() + r.height() / 2.0) as f32,
            )
            .expect("something at the button's centre");
        b.contains(Some(&at))
    };
    // Each field in turn, as Tab takes the focus along the row: the grid scrolls to it.
    for column in ["NAME", "SYMBOL", "EXCHANGERATE"] {
        let field: web_sys::HtmlElement = find(
            &root,
            &format!(r#"input[aria-label="{column} of row USD"]"#),
        )
        .dyn_into()
        .unwrap();
        field.focus().unwrap();
        next_paint().await;
        assert!(viewport.scroll_left() > 0, "{column}: the grid scrolled");
        assert!(
            shown("Save") && shown("Cancel"),
            "{column}: Save and Cancel in view"
        );
    }
}

#[wasm_bindgen_test]
async fn the_two_grids_rows_stay_level_when_one_title_wraps() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    // Narrow enough that the FinOps title wraps and the Dataverse one does not.
    let sides: web_sys::HtmlElement = find(&root, ".sides").dyn_into().unwrap();
    sides.style().set_property("width", "640px").unwrap();
    // The boxes of the two grids' `what` (FinOps first).
    let boxes = |what: &str| -> Vec<web_sys::DomRect> {
        let all = root.query_selector_all(&format!(".sides {what}")).unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .map(|e| e.get_bounding_client_rect())
            .collect()
    };
    let titles = boxes("h3.grid-title");
    assert!(
        titles[0].height() > titles[1].height() * 1.5,
        "the FinOps title wraps"
    );
    assert_eq!(titles[0].bottom(), titles[1].bottom(), "titles end level");
    let viewports = boxes(".grid-viewport");
    assert_eq!(
        viewports[0].top(),
        viewports[1].top(),
        "the rows start level"
    );
}

#[wasm_bindgen_test]
async fn the_columns_stay_put_as_a_rows_marks_come_and_go() {
    // Wide grids (at 1280 px and over) and narrow ones (at 1024 px), each from a fresh
    // start, no row marked.
    for width in ["1400px", "640px"] {
        let root = mount().await;
        // Terms of payment: keys (Net30) wider than their heading (NAME).
        tick_map(&root, "select-Terms-of-payment").await;
        click(&root, "Skip initial sync").await;
        let sides: web_sys::HtmlElement = find(&root, ".sides").dyn_into().unwrap();
        sides.style().set_property("width", width).unwrap();
        // Where each grid's first columns begin (the key, the actions, the first column
        // of data): the left edges of its headings (FinOps, then Dataverse). (The other
        // columns move with what their cells hold.)
        let edges = || -> Vec<Vec<f64>> {
            let grids = root.query_selector_all(".sides .grid-viewport").unwrap();
            (0..grids.length())
                .filter_map(|i| grids.item(i))
                .filter_map(|n| n.dyn_into::<Element>().ok())
                .map(|g| {
                    let heads = g.query_selector_all("thead th").unwrap();
                    (0..heads.length())
                        .filter_map(|i| heads.item(i))
                        .filter_map(|n| n.dyn_into::<Element>().ok())
                        .map(|h| h.get_bounding_client_rect().left())
                        .take(3)
                        .collect()
                })
                .collect()
        };
        let before = edges();
        // Net30 selected: the selected mark on FinOps, the pair mark on Dataverse.
        press(
            &root,
            &format!(r#"{FINOPS} button[aria-label="Select row Net30, usmf"]"#),
        )
        .await;
        assert!(text(&root, &format!("{FINOPS} tr.selected td.row-key")).contains("selected"));
        assert_eq!(
            edges(),
            before,
            "{width}: after a row is selected and its pair marked"
        );
        // Written by the last step, on both sides: two marks on each.
        edit_cell(&root, FINOPS, "Net30, usmf", "DESCRIPTION", "Net 30 days!").await;
        assert!(text(&root, &format!("{FINOPS} tr.selected td.row-key")).contains("just written"));
        assert_eq!(edges(), before, "{width}: after a write marked its rows");
        // Each grid's legend says what the marks mean.
        assert_eq!(
            legends(&root),
            [
                "◆ selected ⇄ pair ✎ just written",
                "◆ selected ⇄ pair ✎ just written"
            ]
        );
    }
}

/// Each grid's legend of marks, FinOps first.
fn legends(root: &Element) -> Vec<String> {
    let feet = root.query_selector_all(".sides .grid-foot").unwrap();
    (0..feet.length())
        .filter_map(|i| feet.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|foot| texts(&foot, ".legend-item").join(" "))
        .collect()
}

#[wasm_bindgen_test]
async fn the_columns_stay_put_as_a_rows_editor_opens() {
    let root = mount_with_synced("select-Currencies").await;
    let first_data = || {
        find(&root, &format!("{FINOPS} thead th:nth-child(3)"))
            .get_bounding_client_rect()
            .left()
    };
    let before = first_data();
    press(
        &root,
        &format!(r#"{FINOPS} button[aria-label="Edit row USD"]"#),
    )
    .await;
    assert!(root.query_selector("tr.editing").unwrap().is_some());
    assert_eq!(
        first_data(),
        before,
        "Save and Cancel take Edit and Delete's room"
    );
}
