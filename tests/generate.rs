//! "Generate N customers" in the real app: one command, shown in the grids, undone by Undo.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

#[wasm_bindgen_test]
async fn generating_customers_fills_both_sides_and_undo_brings_the_demo_back() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    let caption = |root: &web_sys::Element| {
        find(
            root,
            r#"table[aria-label="Finance and operations apps: Customers V3"] caption"#,
        )
        .text_content()
        .unwrap()
    };
    assert_eq!(
        caption(&root),
        "Finance and operations apps: Customers V3 (21 rows)"
    );
    let input: web_sys::HtmlInputElement = root
        .query_selector(".scenario-io input[inputmode=numeric]")
        .unwrap()
        .expect("the Customers field")
        .dyn_into()
        .unwrap();
    input.set_value("2500");
    let generate: web_sys::HtmlButtonElement =
        find(&root, r#"button[aria-label="Generate Customers"]"#)
            .dyn_into()
            .unwrap();
    generate.click();
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, ".notice").text_content().unwrap(),
        "Generated 2,500 customers (seed 1)"
    );
    assert_eq!(
        caption(&root),
        "Finance and operations apps: Customers V3 (2,500 rows)"
    );
    assert!(
        find(&root, r#"table[aria-label="Dataverse: Accounts"] caption"#)
            .text_content()
            .unwrap()
            .contains("(375 rows)")
    );
    // The field keeps the count of the generate the history stands after.
    assert_eq!(input.value(), "2500");
    click(&root, "Undo").await;
    assert_eq!(
        caption(&root),
        "Finance and operations apps: Customers V3 (21 rows)"
    );
    assert_eq!(input.value(), "1000", "before any generate");
    click(&root, "Redo").await;
    assert_eq!(input.value(), "2500");
    click(&root, "Undo").await;

    input.set_value("5");
    generate.click();
    yew::scheduler::flush().await;
    assert!(find(&root, ".notice")
        .text_content()
        .unwrap()
        .contains("between 10 and 100,000 customers, not 5"));
    // Said at the field too (the engine names the count it refused).
    let input = find(&root, ".scenario-io input[inputmode=numeric]");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let said = input.get_attribute("aria-describedby").unwrap();
    assert!(find(&root, &format!("#{said}"))
        .text_content()
        .unwrap()
        .contains("not 5"));
}

#[wasm_bindgen_test]
async fn a_large_export_is_offered_as_a_file_not_as_text_to_copy() {
    use dualwrite_engine::{format, Command, Session};
    // A scenario whose start holds 20,000 customers a side (a file, not a history).
    let mut made = Session::new(dualwrite_engine::demo());
    made.dispatch(Command::GenerateCustomers {
        count: 20_000,
        seed: 1,
    })
    .unwrap();
    let big = format::export(&Session::new(made.state().clone()), "Twenty thousand");
    assert!(big.len() > 512 * 1024, "{}", big.len());
    let root = mount().await;
    let import: web_sys::HtmlTextAreaElement = find(&root, "#import-text").dyn_into().unwrap();
    import.set_value(&big);
    click(&root, "Load").await;
    click(&root, "Export").await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(
        notice.starts_with("Scenario exported (")
            && notice.ends_with(" MB): download the file below"),
        "{notice}"
    );
    // No text area of megabytes: the file has it all.
    assert!(root.query_selector("#export-text").unwrap().is_none());
    let link = find(&root, ".scenario-io a.download");
    let text = fetch_text(&link.get_attribute("href").unwrap()).await;
    let (session, title) = format::import(&text).unwrap();
    assert_eq!(session.state(), made.state(), "the file has it all");
    assert_eq!(
        title, "Twenty thousand",
        "under the title it was loaded with"
    );
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn generating_many_customers_says_it_is_working_before_the_page_waits() {
    let root = mount().await;
    tick_map(&root, "select-Customers-V3").await;
    type_only(&root, ".scenario-io input[inputmode=numeric]", "20000").await;
    press(&root, r#"button[aria-label="Generate Customers"]"#).await;
    // Said first, in a live region that was there before, the work area busy.
    let working = find(&root, ".topbar .working");
    assert_eq!(working.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(
        working.text_content().unwrap(),
        "⏳ Generating 20,000 customers…"
    );
    assert_eq!(
        find(&root, "main.work")
            .get_attribute("aria-busy")
            .as_deref(),
        Some("true")
    );
    assert!(!text(&root, ".notice").starts_with("Generated"));
    // Done once the page has shown it.
    next_paint().await;
    assert_eq!(
        text(&root, ".notice"),
        "Generated 20,000 customers (seed 1)"
    );
    assert_eq!(working.text_content().unwrap(), "");
    assert!(working.is_connected());
    assert_eq!(find(&root, "main.work").get_attribute("aria-busy"), None);
    assert!(text(
        &root,
        r#"table[aria-label="Finance and operations apps: Customers V3"] caption"#
    )
    .contains("(20,000 rows)"));
}
