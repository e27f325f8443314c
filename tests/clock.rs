//! The clock's controls in the real app (the beats themselves are a gloo interval; what a
//! beat does is tested on the reducer, without waiting for time to pass).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

#[wasm_bindgen_test]
async fn play_toggles_to_pause_clock_with_its_speed_and_undo_pauses_it() {
    let root = mount().await;
    button(&root, "Play");
    let speed: web_sys::HtmlSelectElement =
        find(&root, ".clock-controls select").dyn_into().unwrap();
    speed.set_value("20");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    speed
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click(&root, "Play").await;
    // The button says what it does next (no aria-pressed on top of a changing label).
    assert!(button(&root, "Pause clock")
        .get_attribute("aria-pressed")
        .is_none());
    assert_eq!(
        find(&root, ".clock-state").text_content().unwrap(),
        " Clock running, 20 tick(s) a second"
    );
    // Its beats are not read out one by one from the feed while it plays.
    let feed = find(&root, ".feed ul.events");
    assert_eq!(feed.get_attribute("aria-live").as_deref(), Some("off"));
    // Paused, the same live region says so, and the feed speaks again.
    let state = find(&root, ".clock-state");
    click(&root, "Pause clock").await;
    assert_eq!(state.text_content().unwrap(), " Clock paused");
    assert!(state.is_connected(), "the same region, changed");
    assert_eq!(feed.get_attribute("aria-live").as_deref(), Some("polite"));
    click(&root, "Play").await;
    click(&root, "Tick").await;
    click(&root, "Undo").await;
    assert_eq!(
        find(&root, ".notice").text_content().unwrap(),
        "Undone: Clock advanced by 1 tick(s); the clock is paused"
    );
    button(&root, "Play");
}

#[wasm_bindgen_test]
async fn the_same_notice_twice_is_a_new_text_for_the_live_region() {
    let root = mount().await;
    click(&root, "Tick").await;
    let first = find(&root, ".notice[role=status] > span");
    let words = first.text_content().unwrap();
    assert!(!words.is_empty());
    click(&root, "Tick").await;
    let second = find(&root, ".notice[role=status] > span");
    // The same words, in a new node: a screen reader reads the second Tick out as well.
    assert_eq!(second.text_content().unwrap(), words);
    assert!(!first.is_connected());
    assert!(!first.is_same_node(Some(&second)));
}

#[wasm_bindgen_test]
async fn loading_the_same_file_twice_is_said_twice() {
    let root = mount().await;
    click(&root, "Export").await;
    let text = find(&root, "#export-text")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap()
        .value();
    let import: web_sys::HtmlTextAreaElement = find(&root, "#import-text").dyn_into().unwrap();
    // (The first load keeps the demo's session; the next ones say that the session kept
    // stays, the file as loaded being still in the file: the same words each time.)
    import.set_value(&text);
    click(&root, "Load").await;
    import.set_value(&text);
    click(&root, "Load").await;
    let first = find(&root, ".notice[role=status] > span");
    let words = first.text_content().unwrap();
    import.set_value(&text);
    click(&root, "Load").await;
    let second = find(&root, ".notice[role=status] > span");
    assert_eq!(second.text_content().unwrap(), words);
    assert!(!first.is_connected(), "a new text for the live region");
    dualwrite_sim::autosave::clear();
}

#[wasm_bindgen_test]
async fn run_until_idle_greyed_out_by_its_press_leaves_the_focus_on_tick() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    assert!(
        button(&root, "Run until idle").disabled(),
        "nothing busy now"
    );
    // Not the page: the button before it in the clock's group.
    assert_eq!(focused().text_content().as_deref(), Some("Tick"));
}
