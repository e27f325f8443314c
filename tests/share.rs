//! Share links in the real app, in headless Chromium: "Copy link", then the page opened
//! with the link finds the same state and history; a corrupt link or one from a newer
//! version is refused with a message and the workspace stays as it was.
#![cfg(target_arch = "wasm32")]

use base64::Engine as _;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

/// Puts `hash` in the address bar without leaving the page, as opening a link would.
fn open_with_hash(hash: &str) {
    let window = web_sys::window().unwrap();
    let href = window.location().href().unwrap();
    let page = href.split('#').next().unwrap().to_string();
    window
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{page}{hash}")),
        )
        .unwrap();
}

fn hash() -> String {
    web_sys::window().unwrap().location().hash().unwrap()
}

fn notice(root: &Element) -> String {
    find(root, ".notice").text_content().unwrap_or_default()
}

fn link_value(root: &Element) -> String {
    let input: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::dyn_into(find(root, "#share-link")).unwrap();
    input.value()
}

/// Copy link, then the link opened in a fresh page of another browser (nothing saved
/// there, no lesson solved): the app as it opens.
async fn copied_link_opened_elsewhere(root: &Element) -> Element {
    click(root, "Copy link").await;
    let link = link_value(root);
    root.set_inner_html("");
    dualwrite_sim::autosave::clear();
    dualwrite_sim::lessons::Progress::clear();
    open_with_hash(&link[link.find('#').unwrap()..]);
    mount_as_reloaded().await
}

#[wasm_bindgen_test]
async fn the_link_shows_in_the_notice_line_without_moving_the_page_and_goes_on_hide_or_escape() {
    let root = mount().await;
    let topbar = find(&root, "header.topbar");
    let columns = || find(&root, ".columns").get_bounding_client_rect().top();
    let (height, top) = (topbar.get_bounding_client_rect().height(), columns());
    for close in ["Hide", "Escape"] {
        click(&root, "Copy link").await;
        await_notice(&root).await;
        // The link beside the words that say it, out of their live region; the top bar
        // keeps its height, and the page below stays where it was.
        let line = find(&root, ".notice-line");
        assert!(line.query_selector("#share-link").unwrap().is_some());
        assert!(root
            .query_selector(r#"[role="status"] #share-link"#)
            .unwrap()
            .is_none());
        assert!(link_value(&root).contains("#share="));
        assert!(notice(&root).starts_with("Link made"), "{}", notice(&root));
        // Focused, the link is selected whole, ready to copy.
        let field: web_sys::HtmlInputElement =
            wasm_bindgen::JsCast::dyn_into(find(&root, "#share-link")).unwrap();
        field.focus().unwrap();
        yew::scheduler::flush().await;
        assert_eq!(
            (
                field.selection_start().unwrap(),
                field.selection_end().unwrap()
            ),
            (Some(0), Some(link_value(&root).chars().count() as u32))
        );
        assert_eq!(topbar.get_bounding_client_rect().height(), height);
        assert_eq!(columns(), top, "the page below the notice line");
        if close == "Hide" {
            click(&root, "Hide").await;
        } else {
            key(&find(&root, "#share-link"), "Escape", false, false).await;
        }
        assert!(
            root.query_selector("#share-link").unwrap().is_none(),
            "{close} puts the link away"
        );
        assert_eq!(notice(&root), "", "and its words");
        assert_eq!(focused().id(), "copy-link", "after {close}");
    }
    // The next action puts it away too, its words with it, even one that changes no
    // step (choosing a tab); what the clipboard answers late for it then says nothing.
    click(&root, "Copy link").await;
    tick_map(&root, "select-Currencies").await;
    open_tab(&root, "Activity log").await;
    assert!(root.query_selector("#share-link").unwrap().is_none());
    for _ in 0..5 {
        next_paint().await;
    }
    assert!(!notice(&root).contains("Link made"), "{}", notice(&root));
}

/// Waits for what the clipboard answered to be said.
async fn await_notice(root: &Element) {
    for _ in 0..20 {
        if notice(root).starts_with("Link made") {
            return;
        }
        next_paint().await;
    }
}

#[wasm_bindgen_test]
async fn a_copied_link_opens_the_same_state_and_history_in_a_fresh_page() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    let happened = texts(&root, ".feed ul.events li");
    assert!(!happened.is_empty());
    click(&root, "Copy link").await;
    // Once the clipboard answers, one notice says the link is made and what the
    // clipboard did: a click from a script is no user's, and the browser refuses it.
    await_notice(&root).await;
    assert!(
        notice(&root)
            .starts_with("Link made (copy it by hand: the browser kept it off the clipboard)"),
        "{}",
        notice(&root)
    );
    assert!(
        notice(&root).contains("whoever opens it gets this session, with its history"),
        "{}",
        notice(&root)
    );
    let link = link_value(&root);
    let fragment = &link[link.find('#').expect("a fragment")..];
    assert!(fragment.starts_with("#share="), "{link}");
    // A step later the link no longer says this session: it goes, not to be handed over
    // stale.
    click(&root, "Tick").await;
    assert!(root.query_selector("#share-link").unwrap().is_none());
    click(&root, "Undo").await;
    root.set_inner_html("");

    // A fresh page: nothing saved, the link in the address bar (pasted with a space
    // around it, which the address bar writes as %20).
    dualwrite_sim::autosave::clear();
    open_with_hash(&format!(
        "{}%20",
        fragment.replacen("#share=", "#share=%20", 1)
    ));
    let fresh = mount_as_reloaded().await;
    assert!(
        notice(&fresh).starts_with("Opened the shared session"),
        "{}",
        notice(&fresh)
    );
    assert_eq!(
        status_of(&fresh, "Currencies (transactioncurrencies)"),
        "Running"
    );
    assert_eq!(hash(), "", "the link leaves the address bar once open");
    // What just happened at the last shared step, as the sender saw it.
    assert_eq!(texts(&fresh, ".feed ul.events li"), happened);
    // The history came too: undo goes back through the shared steps.
    assert!(!button(&fresh, "Undo").disabled());
    click(&fresh, "Undo").await;
    click(&fresh, "Undo").await;
    assert_eq!(
        status_of(&fresh, "Currencies (transactioncurrencies)"),
        "Not running"
    );
    assert!(button(&fresh, "Undo").disabled(), "two steps were shared");
}

#[wasm_bindgen_test]
async fn a_corrupt_or_newer_link_is_refused_and_the_workspace_stays() {
    let root = mount().await;
    tick_map(&root, "select-Vendor-groups").await;
    click(&root, "Skip initial sync").await;
    assert_eq!(
        status_of(&root, "Vendor groups (msdyn_vendorgroups)"),
        "Running"
    );
    root.set_inner_html("");

    open_with_hash("#share=this-is-not-a-link");
    let again = mount_as_reloaded().await;
    assert!(
        notice(&again).starts_with("Error: The link could not be opened: the link is damaged"),
        "{}",
        notice(&again)
    );
    assert_eq!(
        status_of(&again, "Vendor groups (msdyn_vendorgroups)"),
        "Running",
        "workspace kept"
    );
    again.set_inner_html("");

    let newer = br#"{"v": 99, "start": "demo", "log": [], "cursor": 0}"#;
    let code = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(miniz_oxide::deflate::compress_to_vec(newer, 6));
    open_with_hash(&format!("#share={code}"));
    let third = mount_as_reloaded().await;
    assert!(
        notice(&third).contains("made by a newer version of the simulator"),
        "{}",
        notice(&third)
    );
    assert_eq!(
        status_of(&third, "Vendor groups (msdyn_vendorgroups)"),
        "Running"
    );
}

#[wasm_bindgen_test]
async fn a_link_made_in_a_lesson_opens_the_lesson() {
    let root = mount().await;
    click(&root, "Pause, the queue and the catch-up").await;
    let fresh = copied_link_opened_elsewhere(&root).await;
    assert!(find(&fresh, ".lesson-panel h3")
        .text_content()
        .unwrap()
        .contains("Pause, the queue and the catch-up"));
    assert!(
        button(&fresh, "Undo").disabled(),
        "the lesson's start, no history"
    );
}

#[wasm_bindgen_test]
async fn a_lesson_solved_in_a_shared_session_counts_only_once_solved_by_the_one_it_was_shared_with()
{
    dualwrite_sim::autosave::clear();
    dualwrite_sim::lessons::Progress::clear();
    let root = mount().await;
    solve_first_lesson(&root).await;
    let fresh = copied_link_opened_elsewhere(&root).await;
    assert!(
        notice(&fresh).contains("the lesson counts as solved here once you solve it yourself"),
        "{}",
        notice(&fresh)
    );
    let not_yet = |root: &Element| {
        assert!(
            text(root, "#lessons-title").starts_with("Lessons (0 of "),
            "{}",
            text(root, "#lessons-title")
        );
        assert!(
            text(root, ".lesson-panel .solved")
                .starts_with("Every goal reached in the session shared with you"),
            "{}",
            text(root, ".lesson-panel .solved")
        );
    };
    not_yet(&fresh);
    // A step later, and after a reload, still theirs.
    click(&fresh, "Tick").await;
    not_yet(&fresh);
    fresh.set_inner_html("");
    open_with_hash("");
    let reloaded = mount_as_reloaded().await;
    not_yet(&reloaded);
    // Solved here, from the start: counted.
    click(&reloaded, "Start over").await;
    if text(&reloaded, ".notice").contains("Press Start over again") {
        click(&reloaded, "Start over").await;
    }
    tick_map(&reloaded, "select-Currencies").await;
    run_selected(&reloaded).await;
    click(&reloaded, "Run until idle").await;
    assert!(text(&reloaded, ".notice").contains("Lesson solved: Your first table map"));
    assert!(text(&reloaded, "#lessons-title").starts_with("Lessons (1 of "));
    dualwrite_sim::autosave::clear();
    dualwrite_sim::lessons::Progress::clear();
}

#[wasm_bindgen_test]
async fn a_solved_lesson_shared_undone_to_its_start_is_not_solved_by_redo() {
    dualwrite_sim::autosave::clear();
    dualwrite_sim::lessons::Progress::clear();
    let root = mount().await;
    click(&root, "Your first table map").await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    // Undone to the lesson's start, then shared: the steps come along, to redo.
    click(&root, "Undo").await;
    click(&root, "Undo").await;
    let fresh = copied_link_opened_elsewhere(&root).await;
    click(&fresh, "Redo").await;
    click(&fresh, "Redo").await;
    assert!(text(&fresh, ".lesson-panel .solved")
        .starts_with("Every goal reached in the session shared with you"));
    assert!(text(&fresh, "#lessons-title").starts_with("Lessons (0 of "));
    fresh.set_inner_html("");
    open_with_hash("");
    dualwrite_sim::autosave::clear();
    dualwrite_sim::lessons::Progress::clear();
}

#[wasm_bindgen_test]
async fn a_link_pasted_into_the_open_page_opens_and_the_session_before_can_come_back() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    click(&root, "Copy link").await;
    let link = link_value(&root);
    let fragment = link[link.find('#').expect("a fragment")..].to_string();
    click(&root, "Undo").await;
    click(&root, "Undo").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Not running"
    );

    // Pasting a link into the address bar of an open page changes only its fragment:
    // the page hears it and opens the link.
    open_with_hash(&fragment);
    let window = web_sys::window().unwrap();
    window
        .dispatch_event(&web_sys::Event::new("hashchange").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(
        notice(&root).starts_with("Opened the shared session"),
        "{}",
        notice(&root)
    );
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    assert_eq!(hash(), "", "the link leaves the address bar once open");

    // The session it replaced (rewound, with a redo ahead) comes back as it was.
    click(&root, "Bring back the previous session").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Not running"
    );
    assert!(!button(&root, "Redo").disabled(), "rewound, as it was left");
}

#[wasm_bindgen_test]
async fn a_titled_sessions_link_opens_with_its_title() {
    let root = mount().await;
    let text = dualwrite_engine::format::export(
        &dualwrite_engine::Session::new(dualwrite_engine::demo()),
        "Contoso go-live rehearsal",
    );
    let file = json_file("rehearsal.json", &text);
    choose_file(&root, "#import-file", &file).await;
    await_file_read(&file, || notice(&root).contains("Scenario loaded")).await;
    let fresh = copied_link_opened_elsewhere(&root).await;
    assert!(
        notice(&fresh).starts_with("Opened the shared session 'Contoso go-live rehearsal': "),
        "{}",
        notice(&fresh)
    );
}

#[wasm_bindgen_test]
async fn a_link_opens_on_the_maps_and_tab_its_sender_looked_at() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    tick_map(&root, "select-Customer-groups").await;
    open_tab(&root, "Activity log").await;
    let fresh = copied_link_opened_elsewhere(&root).await;
    let ticked = |id: &str| {
        let input: web_sys::HtmlInputElement =
            wasm_bindgen::JsCast::dyn_into(find(&fresh, &format!("#{id}"))).unwrap();
        input.checked()
    };
    assert!(ticked("select-Currencies") && ticked("select-Customer-groups"));
    assert!(!ticked("select-Legal-entities"));
    assert_eq!(
        text(&fresh, "[role=tab][aria-selected=true]"),
        "Activity log"
    );
}

#[wasm_bindgen_test]
async fn a_shared_session_of_a_lesson_solved_here_before_leaves_it_solved() {
    let root = mount().await;
    solve_first_lesson(&root).await;
    // Someone's session of the same lesson, opened in this browser, where it is solved.
    click(&root, "Copy link").await;
    let link = link_value(&root);
    root.set_inner_html("");
    dualwrite_sim::autosave::clear();
    open_with_hash(&link[link.find('#').unwrap()..]);
    let opened = mount_as_reloaded().await;
    assert!(
        notice(&opened).contains("you solved this lesson yourself before: it stays solved"),
        "{}",
        notice(&opened)
    );
    assert_eq!(
        text(&opened, ".lesson-panel .solved"),
        "Every goal reached in the session shared with you. You solved this lesson yourself before: it stays solved."
    );
    assert!(text(&opened, "#lessons-title").starts_with("Lessons (1 of "));
    dualwrite_sim::lessons::Progress::clear();
}
