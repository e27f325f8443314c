//! Explanations in the real app: "Why?" next to a queued record, a catch-up error or a
//! log line opens the engine's explanation, with its Microsoft Learn source.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

#[wasm_bindgen_test]
async fn why_explains_a_queued_record_and_a_catch_up_error_with_their_source() {
    let root = mount().await;
    click(&root, "Skip to live sync, discarding the queue").await;
    tick_map(&root, "select-Currencies").await;
    assert!(root.query_selector(".explanation").unwrap().is_none());
    open_tab(&root, "Queued records (1)").await;
    press(&root, r#"button[aria-label="Why? queued record 1 (USD)"]"#).await;
    assert_eq!(
        text(&root, ".explanation h2"),
        "Queued change 1 of 'Currencies'"
    );
    let body = text(&root, ".explanation");
    assert!(
        body.contains("Row (USD) was updated (NAME) on Finance and operations apps"),
        "{body}"
    );
    assert!(body.contains("'Currencies' is Paused"), "{body}");
    let source: web_sys::HtmlAnchorElement =
        find(&root, ".explanation .source a").dyn_into().unwrap();
    assert!(
        source.href().ends_with("/dual-write/pause-for-maintenance"),
        "{}",
        source.href()
    );
    let now = focused();
    assert_eq!(
        now.class_name(),
        "explanation",
        "the explanation takes the focus"
    );
    click(&root, "Close").await;
    assert!(root.query_selector(".explanation").unwrap().is_none());

    click(&root, "All lessons").await;
    click(&root, "Catch-up errors and Retry").await;
    tick_map(&root, "select-Currencies").await;
    open_tab(&root, "Catch-up errors").await;
    press(
        &root,
        r#"button[aria-label="Why? catch-up error of record 1"]"#,
    )
    .await;
    let body = text(&root, ".explanation");
    assert!(body.contains("503 Service Unavailable"), "{body}");
    assert!(body.contains("It has not been applied yet"), "{body}");
    assert!(body.contains("What to do: Fix the cause"), "{body}");
}

#[wasm_bindgen_test]
async fn escape_closes_an_explanation_and_the_focus_goes_back_to_its_why() {
    let root = mount().await;
    click(&root, "Skip to live sync, discarding the queue").await;
    tick_map(&root, "select-Currencies").await;
    open_tab(&root, "Queued records (1)").await;
    let why: web_sys::HtmlElement =
        find(&root, r#"button[aria-label="Why? queued record 1 (USD)"]"#)
            .dyn_into()
            .unwrap();
    why.focus().unwrap();
    why.click();
    yew::scheduler::flush().await;
    assert_eq!(focused().class_name(), "explanation", "it takes the focus");
    key(&focused(), "Escape", false, false).await;
    assert!(root.query_selector(".explanation").unwrap().is_none());
    assert_eq!(
        focused().get_attribute("aria-label").as_deref(),
        Some("Why? queued record 1 (USD)")
    );
}

#[wasm_bindgen_test]
async fn an_explanation_opens_beside_what_it_explains_without_moving_the_page() {
    let root = mount().await;
    click(&root, "Skip to live sync, discarding the queue").await;
    tick_map(&root, "select-Currencies").await;
    open_tab(&root, "Queued records (1)").await;
    let why = r#"button[aria-label="Why? queued record 1 (USD)"]"#;
    let (title, asked) = (
        find(&root, "#details-title")
            .get_bounding_client_rect()
            .top(),
        find(&root, why).get_bounding_client_rect().top(),
    );
    press(&root, why).await;
    let open = find(&root, ".explanation").get_bounding_client_rect();
    // The details and the Why? asked stay where they were.
    assert_eq!(
        find(&root, "#details-title")
            .get_bounding_client_rect()
            .top(),
        title
    );
    assert_eq!(find(&root, why).get_bounding_client_rect().top(), asked);
    // In the side column's place, over it, not over the work area: the details, the
    // grids and the graph all stay in view and within reach.
    let (side, work) = (
        find(&root, "#side-column").get_bounding_client_rect(),
        find(&root, "main.work").get_bounding_client_rect(),
    );
    assert_eq!((open.left(), open.width()), (side.left(), side.width()));
    assert!(open.right() <= work.left());
    assert!(open.top() >= side.top() && open.bottom() <= side.bottom());
    let panel = find(&root, ".explanation");
    assert_eq!(
        panel.scroll_height(),
        panel.client_height(),
        "its words whole"
    );
    // The focus going into the work area leaves it open (a row shown beside it); the
    // focus going to what it lies over (the side column) closes it, and stays there.
    let source: web_sys::HtmlElement = find(&root, ".explanation .source a").dyn_into().unwrap();
    source.focus().unwrap();
    yew::scheduler::flush().await;
    assert!(root.query_selector(".explanation").unwrap().is_some());
    let row: web_sys::HtmlElement = find(&root, ".grid-viewport tbody button.cell-select")
        .dyn_into()
        .unwrap();
    row.focus().unwrap();
    yew::scheduler::flush().await;
    assert!(
        root.query_selector(".explanation").unwrap().is_some(),
        "open beside the rows"
    );
    next_paint().await;
    assert!(
        root.query_selector(".explanation").unwrap().is_some(),
        "open beside the rows, once painted"
    );
    // (The side column's last button, out of view far below: the browser brings it into
    // view as it takes the focus, under the panel.)
    let list: web_sys::HtmlElement = find(&root, "section.map-list").dyn_into().unwrap();
    list.style()
        .set_property("margin-bottom", "3000px")
        .unwrap();
    let under: web_sys::HtmlElement = button(&root, "Make a lesson").dyn_into().unwrap();
    assert!(under.get_bounding_client_rect().top() > 3000.0);
    under.focus().unwrap();
    next_paint().await;
    assert!(root.query_selector(".explanation").unwrap().is_none());
    assert_eq!(
        focused(),
        web_sys::Element::from(under),
        "the focus stays where it went"
    );
    // Another map's details shown (a map ticked that comes first in the list): the
    // explanation of this one goes.
    press(&root, why).await;
    assert!(root.query_selector(".explanation").unwrap().is_some());
    let legal: web_sys::HtmlElement = find(&root, "#select-Legal-entities").dyn_into().unwrap();
    legal.click();
    yew::scheduler::flush().await;
    find(&root, r#"section[aria-label="Details of Legal entities"]"#);
    assert!(root.query_selector(".explanation").unwrap().is_none());
    tick_map(&root, "select-Legal-entities").await;
    find(&root, r#"section[aria-label="Details of Currencies"]"#);
    // Another map chosen (in the graph, beside it): the explanation of this one goes.
    press(&root, why).await;
    assert!(root.query_selector(".explanation").unwrap().is_some());
    let legal = root
        .query_selector_all(".graph g.node")
        .unwrap()
        .item(0)
        .unwrap();
    legal
        .dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(root.query_selector(".explanation").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn with_wide_grids_an_explanation_takes_the_side_columns_place_all_the_same() {
    let root = mount().await;
    click(&root, "Skip to live sync, discarding the queue").await;
    tick_map(&root, "select-Currencies").await;
    click(&root, "Wide grids").await;
    assert!(
        find(&root, "#side-column")
            .get_bounding_client_rect()
            .width()
            == 0.0
    );
    open_tab(&root, "Queued records (1)").await;
    let why = r#"button[aria-label="Why? queued record 1 (USD)"]"#;
    press(&root, why).await;
    let (open, work) = (
        find(&root, ".explanation").get_bounding_client_rect(),
        find(&root, "main.work").get_bounding_client_rect(),
    );
    // Beside the work area, which narrows meanwhile: nothing of it under the panel.
    assert!(
        open.width() > 200.0 && open.right() <= work.left(),
        "{} {}",
        open.right(),
        work.left()
    );
    click(&root, "Close").await;
    assert!(root.query_selector(".explanation").unwrap().is_none());
    assert_eq!(
        find(&root, "main.work").get_bounding_client_rect().left(),
        find(&root, ".columns").get_bounding_client_rect().left(),
        "the work area wide again"
    );
}

/// A refusal's Why? stays in the notice while its explanation is open, and takes the
/// focus back when it closes (it went, and the focus with it, to the page).
#[wasm_bindgen_test]
async fn a_refusals_why_takes_the_focus_back_when_its_explanation_closes() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    // S, Stop's shortcut, on a map that is not running: refused, with a Why?.
    key(&focused(), "s", false, false).await;
    assert!(
        text(&root, ".notice").starts_with("Error: "),
        "{}",
        text(&root, ".notice")
    );
    press(&root, ".notice button").await;
    assert!(root.query_selector(".explanation").unwrap().is_some());
    assert!(
        root.query_selector(".notice button").unwrap().is_some(),
        "the Why? stays"
    );
    key(&focused(), "Escape", false, false).await;
    assert!(root.query_selector(".explanation").unwrap().is_none());
    let now = focused();
    assert!(
        now.tag_name() == "BUTTON" && now.closest(".notice").unwrap().is_some(),
        "the focus is back on the notice's Why?, not on {}",
        now.tag_name()
    );
}
