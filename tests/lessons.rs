//! The lesson panel in the real app, in headless Chromium: a lesson solved by clicking,
//! hints, "Show me", "Start over", and progress kept across a reload.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

fn goals(root: &Element) -> Vec<String> {
    texts(root, ".goals li")
}

#[wasm_bindgen_test]
async fn a_lesson_is_solved_by_clicking_and_stays_solved_after_a_reload() {
    let root = mount().await;
    assert!(text(&root, "#lessons-title").starts_with("Lessons (0 of "));
    click(&root, "Your first table map").await;
    assert!(text(&root, ".lesson-panel h3").contains("Lesson 1 of"));
    assert!(text(&root, ".story").contains("Currencies"));
    assert_eq!(
        goals(&root),
        [
            "○ To do: Currencies is Running",
            "○ To do: Dataverse knows all five currencies"
        ]
    );
    // A hint on request, then the next one.
    assert_eq!(
        root.query_selector_all(".hints li").unwrap().length(),
        0,
        "no hint before asking"
    );
    assert_eq!(
        find(&root, "ol.hints")
            .get_attribute("aria-live")
            .as_deref(),
        Some("polite"),
        "each hint is read out"
    );
    click(&root, "Hint").await;
    assert!(text(&root, ".hints").contains("Select Currencies in the list"));
    assert_eq!(
        text(&root, ".story code"),
        "Currencies",
        "names are shown as code"
    );
    click(&root, "Another hint").await;
    assert_eq!(root.query_selector_all(".hints li").unwrap().length(), 2);
    // No third hint: the button says so, and keeps the focus (a disabled one drops it).
    let none = button(&root, "No more hints");
    assert_eq!(none.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(focused(), Element::from(none.clone()));
    none.click();
    yew::scheduler::flush().await;
    assert_eq!(root.query_selector_all(".hints li").unwrap().length(), 2);

    // Solve it as a trainee would: select, Run, confirm, let the clock run.
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    assert_eq!(
        goals(&root)[0],
        "○ To do: Currencies is Running",
        "Initializing is not Running"
    );
    click(&root, "Run until idle").await;
    assert_eq!(
        goals(&root),
        [
            "✓ Done: Currencies is Running",
            "✓ Done: Dataverse knows all five currencies"
        ]
    );
    assert!(text(&root, ".notice").contains("Lesson solved: Your first table map"));
    assert!(text(&root, "#lessons-title").starts_with("Lessons (1 of "));
    // The next lesson is one click away (not clicked here: the test goes on).
    assert!(!button(&root, "Next lesson: What each status allows").disabled());

    // Undo un-ticks a goal; the lesson stays solved in the progress.
    click(&root, "Undo").await;
    assert_eq!(goals(&root)[0], "○ To do: Currencies is Running");

    // A reload keeps the progress and the open lesson.
    root.set_inner_html("");
    let again = mount_as_reloaded().await;
    assert!(text(&again, "#lessons-title").starts_with("Lessons (1 of "));
    assert!(text(&again, ".lesson-panel h3").contains("Your first table map"));
    // The hints shown before are shown again.
    assert_eq!(again.query_selector_all(".hints li").unwrap().length(), 2);
    click(&again, "All lessons").await;
    assert!(text(&again, ".lesson-list li").contains("✓ Solved"));
}

#[wasm_bindgen_test]
async fn show_me_plays_the_stored_solution_step_by_step_and_start_over_rewinds() {
    let root = mount().await;
    click(&root, "Pause, the queue and the catch-up").await;
    assert!(goals(&root).iter().all(|g| g.starts_with("○ To do")));
    click(&root, "Show me").await;
    // The next step said as one to take, not one taken.
    assert_eq!(
        text(&root, ".show-me"),
        "Show me: next, step 1 of 6: Pause: Currencies"
    );
    // Playing, Show me does nothing more, and keeps the focus.
    let show_me = button(&root, "Show me");
    assert_eq!(
        show_me.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert_eq!(focused(), Element::from(show_me.clone()));
    show_me.click();
    yew::scheduler::flush().await;
    assert!(text(&root, ".show-me").starts_with("Show me: next, step 1 of 6: "));
    // Step 1 is a Pause: Show me opens the Pause pane as the step fills it, and pressing
    // the pane's Pause plays it.
    click(&root, "Next step").await;
    let pane = find(&root, ".pause-pane");
    assert!(
        text(&pane, ".show-me-note")
            .starts_with("Show me, step 1 of 6, has filled in this pane. Press Pause to play it"),
        "{}",
        text(&pane, ".show-me-note")
    );
    let ticked: web_sys::HtmlInputElement = find(&pane, "#pause-Currencies").dyn_into().unwrap();
    assert!(ticked.checked(), "the map the step pauses is ticked");
    assert!(text(&root, ".show-me").starts_with("Show me: next, step 1 of 6"));
    button(&pane, "Pause").click();
    yew::scheduler::flush().await;
    assert!(root.query_selector(".pause-pane").unwrap().is_none());
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Paused"
    );
    let step_2 = "Show me: next, step 2 of 6: Save row USD in Finance and operations apps Currencies: NAME = \"A\"";
    assert_eq!(text(&root, ".show-me"), step_2);
    // A reload carries on where Show me was.
    let root = mount_as_reloaded().await;
    assert_eq!(text(&root, ".show-me"), step_2);
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Paused"
    );
    for step in 3..=5 {
        click(&root, "Next step").await;
        assert!(
            text(&root, ".show-me").starts_with(&format!("Show me: next, step {step} of 6")),
            "{}",
            text(&root, ".show-me")
        );
    }
    // Step 5 resumes with catch-up, shown in the Run pane; Cancel leaves it unplayed, and
    // Next step shows it again.
    click(&root, "Next step").await;
    let pane = find(&root, ".run-pane");
    assert!(text(&pane, ".show-me-note")
        .starts_with("Show me, step 5 of 6, has filled in this pane. Press Run"));
    assert_eq!(
        pane.get_attribute("aria-describedby").as_deref(),
        Some("show-me-note")
    );
    let catch_up: web_sys::HtmlInputElement = find(&pane, "input[name=resume]").dyn_into().unwrap();
    assert!(
        catch_up.checked(),
        "Catch up synchronization of queued records"
    );
    button(&pane, "Cancel").click();
    yew::scheduler::flush().await;
    assert!(text(&root, ".show-me").starts_with("Show me: next, step 5 of 6"));
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Paused"
    );
    click(&root, "Next step").await;
    confirm_run(&root).await;
    assert!(text(&root, ".show-me").starts_with("Show me: next, step 6 of 6"));
    // After a step played from its pane too, a reload carries on from there.
    let root = mount_as_reloaded().await;
    assert!(
        text(&root, ".show-me").starts_with("Show me: next, step 6 of 6"),
        "{}",
        text(&root, ".show-me")
    );
    click(&root, "Next step").await;
    assert!(
        root.query_selector(".show-me").unwrap().is_none(),
        "done showing"
    );
    assert!(
        goals(&root).iter().all(|g| g.starts_with("✓ Done")),
        "{:?}",
        goals(&root)
    );
    // Shown, not solved: the panel says so, as the notice does.
    assert!(
        text(&root, ".lesson-panel .solved")
            .starts_with("Every goal reached, as Show me played it."),
        "{}",
        text(&root, ".lesson-panel .solved")
    );

    click(&root, "Start over").await;
    assert!(goals(&root).iter().all(|g| g.starts_with("○ To do")));
    assert!(button(&root, "Undo").disabled(), "the start has no history");
    assert!(text(&root, ".notice").contains("Started over"));
}

#[wasm_bindgen_test]
async fn show_me_plays_a_run_without_initial_sync_as_the_skip_initial_sync_button_does() {
    let root = mount().await;
    click(&root, "Go live without an initial sync").await;
    // The goal that held from the start says it holds, not that it was done.
    assert_eq!(
        goals(&root),
        [
            "○ To do: Customers V3 is Running, its initial sync skipped",
            "✓ Holds (keep it so): US-003 is still only on FinOps"
        ]
    );
    let first = find(&root, ".goals li");
    click(&root, "Show me").await;
    click(&root, "Next step").await;
    // No Run pane (the story teaches the button, which has none): the map is live.
    assert!(root.query_selector(".run-pane").unwrap().is_none());
    assert_eq!(status_of(&root, "Customers V3 (accounts)"), "Running");
    assert!(find(&root, r#"section[aria-label="Details of Customers V3"]"#).is_connected());
    // The goal met is a new item, read out whole by a screen reader (not its mark alone).
    assert_eq!(
        goals(&root)[0],
        "✓ Done: Customers V3 is Running, its initial sync skipped"
    );
    assert!(!first.is_connected(), "a new item, not the old one patched");
    // Watching is not solving: the lesson is marked shown, not solved.
    assert!(
        text(&root, ".notice").starts_with("Lesson shown: Go live without an initial sync."),
        "{}",
        text(&root, ".notice")
    );
    assert!(text(&root, "#lessons-title").starts_with("Lessons (0 of "));
    // A reload does not turn what Show me did into a lesson solved.
    let root = mount_as_reloaded().await;
    click(&root, "Tick").await;
    assert!(text(&root, "#lessons-title").starts_with("Lessons (0 of "));
    // Solved by hand after Start over, it counts.
    click(&root, "Start over").await;
    tick_map(&root, "select-Customers-V3").await;
    click(&root, "Skip initial sync").await;
    assert!(
        text(&root, ".notice").starts_with("Lesson solved: Go live without an initial sync."),
        "{}",
        text(&root, ".notice")
    );
    assert!(text(&root, "#lessons-title").starts_with("Lessons (1 of "));
}

/// Show me's step is played where the trainee can see it: the map it acts on shown, on
/// the tab where what it does shows (Retry: the catch-up errors turning Completed).
#[wasm_bindgen_test]
async fn show_me_shows_the_map_and_tab_its_step_acts_on() {
    let root = mount().await;
    click(&root, "Catch-up errors and Retry").await;
    click(&root, "Show me").await;
    // Step 1 switches the fault off: no map named, nothing chosen for the trainee.
    click(&root, "Next step").await;
    assert!(root
        .query_selector(r#"section[aria-label="Details of Currencies"]"#)
        .unwrap()
        .is_none());
    // Step 2 retries Currencies' catch-up errors: its details, on Catch-up errors.
    click(&root, "Next step").await;
    assert!(find(&root, r#"section[aria-label="Details of Currencies"]"#).is_connected());
    assert_eq!(
        text(&root, r#"[role=tab][aria-selected=true]"#),
        "Catch-up errors"
    );
    let errors = text(&root, ".details");
    assert!(errors.contains("Completed"), "{errors}");
}

#[wasm_bindgen_test]
async fn show_me_fills_the_run_pane_with_the_steps_order_and_masters() {
    let root = mount().await;
    click(&root, "Merge conflicts and the Master for initial sync").await;
    click(&root, "Show me").await;
    click(&root, "Next step").await;
    let pane = find(&root, ".run-pane");
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
    let master: web_sys::HtmlSelectElement = find(
        &pane,
        r#"select[aria-label="Master for initial sync of Customers V3"]"#,
    )
    .dyn_into()
    .unwrap();
    assert_eq!(
        master.value(),
        "FinOps",
        "the step's master, not the map's own"
    );
    confirm_run(&root).await;
    assert_eq!(status_of(&root, "Customers V3 (accounts)"), "Initializing");
    assert!(text(&root, ".show-me").starts_with("Show me: next, step 2 of 2"));
}

#[wasm_bindgen_test]
async fn a_lesson_opened_on_the_untouched_demo_keeps_nothing_to_bring_back() {
    let root = mount().await;
    click(&root, "Your first table map").await;
    let notice = text(&root, ".notice");
    assert!(
        notice.starts_with("Lesson") && !notice.contains("kept"),
        "{notice}"
    );
    assert!(root.query_selector("button.offer").unwrap().is_none());
    assert!(
        !text(&root, ".scenario-io").contains("Bring back"),
        "nothing kept: no Bring back under Save or load a scenario either"
    );
}

#[wasm_bindgen_test]
async fn bringing_back_onto_a_session_that_was_only_its_start_keeps_nothing_after() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    let mine = text(&root, ".timeline summary");
    click(&root, "Your first table map").await;
    click(&root, "Bring back the previous session").await;
    assert_eq!(text(&root, ".timeline summary"), mine);
    assert_eq!(text(&root, ".notice"), "Your previous session is back");
    // The lesson's untouched start is not kept: no second Bring back, after a reload too.
    assert!(!text(&root, ".scenario-io").contains("Bring back"));
    let again = mount_as_reloaded().await;
    assert!(!text(&again, ".scenario-io").contains("Bring back"));
}

#[wasm_bindgen_test]
async fn a_lesson_keeps_the_session_it_replaced_to_bring_back_even_after_a_reload() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    let mine = text(&root, ".timeline summary");
    assert!(mine.starts_with("History (2 of 2 steps)"), "{mine}");

    // Opening a lesson replaces the session; the notice offers the previous one back.
    click(&root, "Your first table map").await;
    assert!(text(&root, ".notice").contains("Your previous session is kept"));
    assert!(root
        .query_selector(".notice button.offer")
        .unwrap()
        .is_some());
    assert!(text(&root, ".timeline summary").starts_with("History (0 of 0 steps)"));
    // The offer ends with its notice at the next action; the button under "Save or load
    // a scenario" stays.
    tick_map(&root, "select-Legal-entities").await;
    assert_eq!(text(&root, ".notice"), "", "the offer's words end with it");
    assert!(root.query_selector("button.offer").unwrap().is_none());
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Not running"
    );
    // Starting the lesson over does not replace what is kept: it is the lesson's.
    tick_map(&root, "select-Currencies").await;
    click(&root, "Start over").await;
    assert!(text(&root, ".timeline summary").starts_with("History (0 of 0 steps)"));
    // A step in the lesson (a session that is only its start is not kept: nothing in
    // it to bring back).
    click(&root, "Tick").await;
    click(&root, "Bring back the previous session").await;
    assert_eq!(text(&root, ".timeline summary"), mine);
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    assert!(
        root.query_selector(".lesson-panel").unwrap().is_none(),
        "the session before had no lesson open"
    );
    assert!(
        !button(&root, "Undo").disabled(),
        "its history came back too"
    );

    // The lesson's session is kept in its place, across a reload as well.
    let again = mount_as_reloaded().await;
    assert_eq!(text(&again, ".timeline summary"), mine);
    click(&again, "Bring back the previous session").await;
    assert!(text(&again, ".timeline summary").starts_with("History (1 of 1 steps)"));
    assert!(
        text(&again, ".lesson-panel h3").contains("Lesson 1 of"),
        "the lesson it started from is open again"
    );
    assert_eq!(
        status_of(&again, "Currencies (transactioncurrencies)"),
        "Not running"
    );
    // Swapped back and forth on the page (the kept session held in memory, not read
    // from storage), the lesson comes and goes with its session.
    click(&again, "Bring back the previous session").await;
    assert_eq!(text(&again, ".timeline summary"), mine);
    assert!(again.query_selector(".lesson-panel").unwrap().is_none());
    click(&again, "Bring back the previous session").await;
    assert!(text(&again, ".timeline summary").starts_with("History (1 of 1 steps)"));
    assert!(text(&again, ".lesson-panel h3").contains("Lesson 1 of"));
}

#[wasm_bindgen_test]
async fn the_kept_session_gives_way_when_storage_has_no_room_for_both() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Your first table map").await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert!(storage
        .get_item(dualwrite_sim::autosave::BEFORE_KEY)
        .unwrap()
        .is_some());
    // A storage with room for the session only while the kept copy is gone.
    js_sys::eval(&format!(
        "Storage.prototype.__realSetItem ??= Storage.prototype.setItem; \
         Storage.prototype.setItem = function (k, v) {{ \
           if (k === '{}' && this.getItem('{}') !== null) \
             throw new DOMException('quota', 'QuotaExceededError'); \
           return Storage.prototype.__realSetItem.call(this, k, v); }};",
        dualwrite_sim::autosave::KEY,
        dualwrite_sim::autosave::BEFORE_KEY
    ))
    .unwrap();
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    js_sys::eval("Storage.prototype.setItem = Storage.prototype.__realSetItem;").unwrap();
    assert!(
        root.query_selector(".autosave-off").unwrap().is_none()
            && !text(&root, ".notice").contains("Autosave is off"),
        "autosave stays on: {}",
        text(&root, ".notice")
    );
    assert!(storage
        .get_item(dualwrite_sim::autosave::BEFORE_KEY)
        .unwrap()
        .is_none());
    let again = mount_as_reloaded().await;
    assert_eq!(
        status_of(&again, "Currencies (transactioncurrencies)"),
        "Initializing",
        "the session itself was saved"
    );
}

#[wasm_bindgen_test]
async fn stop_showing_and_all_lessons_leave_the_focus_on_what_takes_their_place() {
    let root = mount().await;
    click(&root, "Pause, the queue and the catch-up").await;
    // The lesson's title in the list is gone: the focus is on the lesson's heading.
    assert_eq!(focused().id(), "lesson-heading");
    assert!(focused()
        .text_content()
        .unwrap_or_default()
        .ends_with("Pause, the queue and the catch-up"));
    click(&root, "Show me").await;
    // Clicked as a user clicks: the button takes the focus, then goes.
    let stop = button(&root, "Stop showing");
    stop.focus().unwrap();
    stop.click();
    yew::scheduler::flush().await;
    assert!(root.query_selector(".show-me").unwrap().is_none());
    assert!(text(&root, ".notice").starts_with("Show me stopped: carry on from here"));
    assert_eq!(focused().text_content().as_deref(), Some("Show me"));
    // All lessons unfolds the list, its title focused.
    let all = button(&root, "All lessons");
    all.focus().unwrap();
    all.click();
    yew::scheduler::flush().await;
    let list: web_sys::HtmlDetailsElement = find(&root, "details.lessons").dyn_into().unwrap();
    assert!(list.open(), "the list is unfolded");
    assert!(focused()
        .text_content()
        .unwrap_or_default()
        .starts_with("Lessons ("));
    // A lesson closed by Reset to demo leaves the list folded, and the focus alone.
    click(&root, "Pause, the queue and the catch-up").await;
    assert!(root.query_selector("details.lessons").unwrap().is_none());
    click(&root, "Reset to demo").await;
    let list: web_sys::HtmlDetailsElement = find(&root, "details.lessons").dyn_into().unwrap();
    assert!(!list.open(), "the list stays folded");
    assert!(
        !focused().matches("details.lessons > summary").unwrap(),
        "the focus was moved to the lesson list"
    );
}

#[wasm_bindgen_test]
async fn show_me_after_the_trainees_own_steps_keeps_them_to_bring_back() {
    let root = mount().await;
    click(&root, "Pause, the queue and the catch-up").await;
    click(&root, "Tick").await;
    click(&root, "Tick").await;
    click(&root, "Show me").await;
    let notice = text(&root, ".notice");
    assert!(
        notice.starts_with("Show me plays the solution from the lesson's start, a step every few seconds (Next step plays the next one at once)")
            && notice.contains("Your previous session is kept"),
        "{notice}"
    );
    assert!(text(&root, ".timeline summary").starts_with("History (0 of 0 steps)"));
    // A step of the solution, then Show me again from the start: the replay is not
    // kept in the ticks' place.
    click(&root, "Next step").await;
    if let Some(pane) = root.query_selector(".pause-pane").unwrap() {
        button(&pane, "Pause").click();
        yew::scheduler::flush().await;
    }
    click(&root, "Stop showing").await;
    assert!(text(&root, ".timeline summary").starts_with("History (1 of 1 steps)"));
    click(&root, "Show me").await;
    // Stopped, the trainee's two ticks come back.
    click(&root, "Stop showing").await;
    click(&root, "Bring back the previous session").await;
    assert!(
        text(&root, ".timeline summary").starts_with("History (2 of 2 steps)"),
        "{}",
        text(&root, ".timeline summary")
    );
}

#[wasm_bindgen_test]
async fn next_lesson_opens_the_lesson_after_the_one_solved() {
    let root = mount().await;
    click(&root, "Your first table map").await;
    assert!(root.query_selector(".solved").unwrap().is_none());
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    let next = texts(&root, ".solved button");
    assert_eq!(next.len(), 1, "{next:?}");
    let title = next[0].trim_start_matches("Next lesson: ").to_string();
    // Clicked as a user clicks: focused, then gone with the lesson.
    let button = button(&root, &next[0]);
    button.focus().unwrap();
    button.click();
    yew::scheduler::flush().await;
    assert_eq!(
        text(&root, ".lesson-panel h3"),
        format!("Lesson 2 of 15: {title}")
    );
    assert_eq!(
        focused().id(),
        "lesson-heading",
        "the focus went with the button"
    );
}

#[wasm_bindgen_test]
async fn show_me_never_replaces_the_session_kept_from_before_the_lesson() {
    let root = mount().await;
    // Work in the demo, then a lesson (the demo's work is kept), then steps in it.
    click(&root, "Tick").await;
    click(&root, "Pause, the queue and the catch-up").await;
    click(&root, "Tick").await;
    // The step would be lost: asked first, and nothing done yet.
    click(&root, "Show me").await;
    let notice = text(&root, ".notice");
    assert!(
        notice.contains("your 1 clock tick(s) in it would not be kept")
            && notice.contains("Press Show me again to go on"),
        "{notice}"
    );
    assert!(text(&root, ".timeline summary").starts_with("History (1 of 1 steps)"));
    assert!(
        !text(&root, ".lesson-panel").contains("Stop showing"),
        "not playing"
    );
    // A clock tick meanwhile (as a playing clock's beat) is no new step: pressed again,
    // it goes on.
    click(&root, "Tick").await;
    click(&root, "Show me").await;
    let notice = text(&root, ".notice");
    assert!(
        notice.contains(
            "your steps in this lesson are not kept: the session from before the lesson is"
        ),
        "{notice}"
    );
    click(&root, "Stop showing").await;
    click(&root, "Bring back the previous session").await;
    assert!(
        root.query_selector(".lesson-panel").unwrap().is_none(),
        "the demo"
    );
    assert!(text(&root, ".timeline summary").starts_with("History (1 of 1 steps)"));
}

#[wasm_bindgen_test]
async fn lesson_progress_that_no_longer_reads_is_said_and_kept_to_download() {
    dualwrite_sim::autosave::clear();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let broken = r#"{"solved": ["run-a-map", "#;
    storage
        .set_item(dualwrite_sim::lessons::KEY, broken)
        .unwrap();
    let root = mount_as_reloaded().await;
    let notice = text(&root, ".notice");
    assert!(
        notice.starts_with("Error: The saved lesson progress could not be read ("),
        "{notice}"
    );
    let link = find(&root, ".broken-copy a.download");
    assert_eq!(
        link.get_attribute("download").as_deref(),
        Some("dualwrite-broken-lesson-progress.json")
    );
    assert_eq!(
        fetch_text(&link.get_attribute("href").unwrap()).await,
        broken
    );
    assert_eq!(
        button(&root, "Forget it")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Forget it: the saved lesson progress that no longer loads")
    );
    click(&root, "Forget it").await;
    assert!(root.query_selector(".broken-copy").unwrap().is_none());
    assert_eq!(
        focused().text_content().as_deref(),
        Some("Save or load a scenario"),
        "the focus is not left on the page"
    );
    dualwrite_sim::autosave::clear();
    dualwrite_sim::lessons::Progress::clear();
}

#[wasm_bindgen_test]
async fn a_lessons_session_brought_back_comes_back_in_its_lesson() {
    let root = mount().await;
    click(&root, "Your first table map").await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    // The panel closed, another lesson opened over the work.
    click(&root, "All lessons").await;
    click(&root, "What each status allows").await;
    click(&root, "Bring back the previous session").await;
    assert!(
        text(&root, ".lesson-panel h3").contains("Your first table map"),
        "{}",
        text(&root, ".lesson-panel h3")
    );
    // Its goals count the work brought back.
    click(&root, "Run until idle").await;
    assert!(text(&root, ".goals").contains("✓ Done: Currencies is Running"));
}

#[wasm_bindgen_test]
async fn a_wrong_turn_is_noticed_and_said_how_to_come_back_until_undone() {
    let root = mount().await;
    click(&root, "Your first table map").await;
    let region = find(&root, ".pitfall-said");
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(
        region.text_content().unwrap_or_default(),
        "",
        "nothing at the start"
    );
    // The trainee goes live without the initial sync the lesson asks for.
    tick_map(&root, "select-Currencies").await;
    click(&root, "Skip initial sync").await;
    let said = text(&root, ".pitfall");
    assert!(
        said.starts_with("⚠ Not quite: Currencies went live without its initial sync"),
        "{said}"
    );
    assert!(said.contains("Undo"), "{said}");
    // How to go back several steps at once is said with it.
    assert!(
        said.ends_with("History lists the steps, and choosing one goes back to it at once.)"),
        "{said}"
    );
    // The notice points at it too (the panel may be scrolled out of view).
    assert!(
        text(&root, ".notice")
            .ends_with("Not quite: the lesson says what went wrong, in its panel"),
        "{}",
        text(&root, ".notice")
    );
    // Not said as a success: in the warning's kind, politely (the panel's region says it
    // too).
    let notice = find(&root, ".notice");
    assert_eq!(notice.class_name(), "notice attention");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("status"));
    // In the same region, which was there before (a screen reader hears the addition).
    assert!(region.is_connected());
    assert_eq!(
        goals(&root),
        [
            "✓ Done: Currencies is Running",
            "○ To do: Dataverse knows all five currencies"
        ]
    );
    // Undone, the words go; redone, they come back, but moving in the history is no
    // turn of the trainee's: the notice says the redo only.
    click(&root, "Undo").await;
    assert!(root.query_selector(".pitfall").unwrap().is_none());
    // (Redone with the side column scrolled to its end, the panel out of view above:
    // the wrong turn said is brought into view.)
    let side = find(&root, ".maps-pane");
    side.set_scroll_top(side.scroll_height());
    // (And an explanation open over the side column: it steps aside for the words.)
    key(&root, "s", false, false).await;
    press(&root, ".notice button.why").await;
    assert!(root.query_selector(".explanation").unwrap().is_some());
    click(&root, "Redo").await;
    assert!(root.query_selector(".pitfall").unwrap().is_some());
    next_paint().await;
    assert!(root.query_selector(".explanation").unwrap().is_none());
    let (seen, column) = (
        find(&root, ".pitfall").get_bounding_client_rect(),
        side.get_bounding_client_rect(),
    );
    assert!(
        seen.top() >= column.top() - 1.0 && seen.bottom() <= column.bottom() + 1.0,
        "the wrong turn in view: {} to {} in {} to {}",
        seen.top(),
        seen.bottom(),
        column.top(),
        column.bottom()
    );
    assert!(
        !text(&root, ".notice").contains("Not quite"),
        "{}",
        text(&root, ".notice")
    );
    // The way the lesson asks solves it, and says nothing wrong.
    click(&root, "Undo").await;
    assert!(root.query_selector(".pitfall").unwrap().is_none());
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    assert!(root.query_selector(".pitfall").unwrap().is_none());
    assert!(text(&root, ".lesson-panel .solved").starts_with("Lesson solved."));
}

#[wasm_bindgen_test]
async fn start_over_keeps_the_trainees_steps_to_bring_back() {
    let root = mount().await;
    click(&root, "Your first table map").await;
    tick_map(&root, "select-Currencies").await;
    click(&root, "Skip initial sync").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    click(&root, "Start over").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Not running"
    );
    // (The notice carries the offer's button.)
    assert!(
        text(&root, ".notice")
            .starts_with("Started over: Your first table map. Your previous session is kept."),
        "{}",
        text(&root, ".notice")
    );
    // The attempt comes back, in its lesson.
    click(&root, "Bring back the previous session").await;
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running"
    );
    assert!(text(&root, ".lesson-panel h3").contains("Your first table map"));
    assert!(text(&root, ".pitfall").contains("without its initial sync"));
}

#[wasm_bindgen_test]
async fn start_over_over_work_from_before_the_lesson_says_the_lessons_steps_are_not_kept() {
    let root = mount().await;
    // Work of one's own, then a lesson over it: that work is the session kept.
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    let mine = text(&root, ".timeline summary");
    click(&root, "Your first table map").await;
    tick_map(&root, "select-Currencies").await;
    click(&root, "Skip initial sync").await;
    click(&root, "Start over").await;
    assert!(
        text(&root, ".notice").contains("Press Start over again to go on"),
        "asked first"
    );
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Running",
        "nothing done yet"
    );
    click(&root, "Start over").await;
    assert_eq!(
        text(&root, ".notice"),
        "Started over (your steps in this lesson are not kept: the session from before the lesson is): Your first table map"
    );
    click(&root, "Bring back the previous session").await;
    assert_eq!(text(&root, ".timeline summary"), mine);
}

#[wasm_bindgen_test]
async fn a_goal_that_waits_for_the_ones_above_says_it_holds_and_waits() {
    let root = mount().await;
    click(&root, "Live sync rolls back both sides").await;
    assert_eq!(
        goals(&root),
        [
            "○ To do: A live write was rolled back",
            "○ Holds, counts once the goals above are done: Both sides still call EUR \"Euro\"",
            "○ Holds, counts once the goals above are done: The switch is back: Dataverse accepts writes again"
        ]
    );
    // Dataverse refusing writes: the switch is no longer back, so that goal is to do.
    choose(
        &root,
        r#"select[aria-label="Dataverse fault"]"#,
        "Unavailable (503)",
    )
    .await;
    assert_eq!(
        goals(&root)[2],
        "○ To do: The switch is back: Dataverse accepts writes again"
    );
}

#[wasm_bindgen_test]
async fn a_lesson_solved_in_another_tab_stays_solved_when_this_tab_saves_its_progress() {
    let root = mount().await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    // Another tab solved the first lesson and saved, after this one read the progress.
    storage
        .set_item(dualwrite_sim::lessons::KEY, r#"{"solved":["run-a-map"]}"#)
        .unwrap();
    // This tab opens a lesson and asks for a hint: it saves its progress.
    click(&root, "Pause, the queue and the catch-up").await;
    click(&root, "Hint").await;
    let saved = storage
        .get_item(dualwrite_sim::lessons::KEY)
        .unwrap()
        .unwrap();
    assert!(saved.contains("run-a-map"), "{saved}");
    assert!(saved.contains(r#""hints":1"#), "{saved}");
    let again = mount_as_reloaded().await;
    assert!(text(&again, "#lessons-title").starts_with("Lessons (1 of "));
}

#[wasm_bindgen_test]
async fn show_me_on_a_lesson_solved_before_says_it_stays_solved() {
    let root = mount().await;
    solve_first_lesson(&root).await;
    // Watched afterwards, to the end: the panel does not call it unsolved.
    click(&root, "Show me").await;
    click(&root, "Next step").await;
    confirm_run(&root).await;
    click(&root, "Next step").await;
    assert!(
        root.query_selector(".show-me").unwrap().is_none(),
        "done showing"
    );
    assert_eq!(
        text(&root, ".lesson-panel .solved"),
        "Every goal reached, as Show me played it. You solved this lesson yourself before: it stays solved."
    );
    assert!(text(&root, "#lessons-title").starts_with("Lessons (1 of "));
}
