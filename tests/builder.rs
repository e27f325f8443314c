//! The lesson builder in the real app: a lesson made from a session without writing
//! JSON, downloaded, loaded back for editing, and solved as a trainee would.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

/// Clicks the checkbox of the first label under `scope` whose text `matches`.
async fn tick_where(root: &Element, scope: &str, matches: impl Fn(&str) -> bool) {
    let labels = root.query_selector_all(&format!("{scope} label")).unwrap();
    let label = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlLabelElement>().ok())
        .find(|l| matches(&l.text_content().unwrap_or_default()))
        .unwrap_or_else(|| {
            panic!(
                "no such label in {:?}",
                texts(root, &format!("{scope} label"))
            )
        });
    let input: HtmlInputElement = find(root, &format!("#{}", label.html_for()))
        .dyn_into()
        .unwrap();
    input.click();
    yew::scheduler::flush().await;
}

/// The goal's checkbox, by the goal's text.
async fn tick_goal(root: &Element, text: &str) {
    tick_where(root, ".builder", |t| t == text).await;
}

fn notice(root: &Element) -> String {
    find(root, ".notice").text_content().unwrap_or_default()
}

/// Loads a lesson file into the open builder, as a file chosen by hand.
async fn load_into_builder(root: &Element, name: &str, text: &str) {
    let file = json_file(name, text);
    choose_file(root, "#builder-load", &file).await;
    await_file_read(&file, || notice(root).starts_with("Lesson loaded")).await;
}

#[wasm_bindgen_test]
async fn a_scenario_file_chosen_in_the_builder_says_where_it_opens_and_changes_nothing() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Make a lesson").await;
    let scenario = dualwrite_engine::format::export(
        &dualwrite_engine::Session::new(dualwrite_engine::demo()),
        "A colleague's scenario",
    );
    let file = json_file("scenario.json", &scenario);
    choose_file(&root, "#builder-load", &file).await;
    await_file_read(&file, || notice(&root).starts_with("Error")).await;
    assert_eq!(
        notice(&root),
        "Error: The lesson file was not loaded: this is a scenario file, not a lesson: open it with Load a scenario file, under Save or load a scenario"
    );
    // The session the builder was making a lesson of is as it was.
    assert_eq!(
        status_of(&root, "Currencies (transactioncurrencies)"),
        "Initializing"
    );
}

#[wasm_bindgen_test]
async fn a_lesson_is_made_downloaded_loaded_back_and_solved() {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;

    click(&root, "Make a lesson").await;
    assert_eq!(
        focused().id(),
        "builder-lesson-title",
        "the Title takes the focus"
    );
    click(&root, "Make the lesson").await;
    assert!(
        find(&root, ".builder")
            .text_content()
            .unwrap()
            .contains("Not made: give the lesson a title"),
        "a title is asked for"
    );
    // At the field too: marked, described by the refusal, and focused.
    let title = find(&root, "#builder-lesson-title");
    assert_eq!(title.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        title.get_attribute("aria-describedby").as_deref(),
        Some("builder-error")
    );
    assert_eq!(focused().id(), "builder-lesson-title");
    // A reload asks first once something is typed (not before), and no more once the
    // lesson is made (a reload keeps the lesson being tried).
    let leaving_asks = || {
        let init = web_sys::EventInit::new();
        init.set_cancelable(true);
        let e = web_sys::Event::new_with_event_init_dict("beforeunload", &init).unwrap();
        web_sys::window().unwrap().dispatch_event(&e).unwrap();
        e.default_prevented()
    };
    assert!(!leaving_asks());
    // Typed without leaving the fields (input events only): the state holds them.
    type_only(&root, "#builder-lesson-title", "Currencies, my way").await;
    assert!(leaving_asks(), "a title typed and not made into a lesson");
    type_only(&root, "#builder-story", "Run `Currencies` and wait.").await;
    type_only(&root, "#builder-hints", "Select it.\n\nRun it.").await;
    click(&root, "Make the lesson").await;
    assert!(find(&root, ".builder")
        .text_content()
        .unwrap()
        .contains("Not made: tick at least one goal"));
    // The goals are what is refused now: their group is described, the focus on the first.
    assert_eq!(
        find(&root, "#builder-lesson-title").get_attribute("aria-invalid"),
        None
    );
    assert_eq!(
        find(&root, ".builder-goals")
            .get_attribute("aria-describedby")
            .as_deref(),
        Some("builder-error")
    );
    assert!(
        focused().id().starts_with("builder-goal-"),
        "{}",
        focused().id()
    );
    tick_goal(&root, "Currencies is Running").await;
    type_into(&root, "#builder-story", "Run `Currencys` and wait.").await;
    click(&root, "Make the lesson").await;
    assert!(
        find(&root, ".builder")
            .text_content()
            .unwrap()
            .contains("names in backticks what is no map, table or column: Currencys"),
        "a misspelt name is caught as CI would"
    );
    // That refusal is not about the goals: their mark from the refusal before goes.
    assert_eq!(
        find(&root, ".builder-goals").get_attribute("aria-describedby"),
        None
    );
    type_into(&root, "#builder-story", "Run `Currencies` and wait.").await;
    click(&root, "Make the lesson").await;
    assert!(
        notice(&root).starts_with("Lesson made: Currencies, my way"),
        "{}",
        notice(&root)
    );
    assert!(!leaving_asks(), "made, the lesson outlives a reload");

    // The file behind the download link.
    let link: web_sys::HtmlAnchorElement = find(&root, "a.lesson-download").dyn_into().unwrap();
    assert_eq!(link.download(), "custom-currencies-my-way.json");
    let text = fetch_text(&link.href()).await;
    assert!(text.contains("\"format\": \"dualwrite-lesson\""), "{text}");
    assert!(
        text.contains("\"hints\": [\n    \"Select it.\",\n    \"Run it.\"\n  ]"),
        "{text}"
    );
    let share: HtmlInputElement = find(&root, "#builder-link").dyn_into().unwrap();
    assert!(share.value().contains("#share="));

    // Loaded back into the builder, as a file chosen by hand.
    click(&root, "Close").await;
    click(&root, "Make a lesson").await;
    load_into_builder(&root, "mine.json", &text).await;
    assert!(
        notice(&root).starts_with("Lesson loaded into the builder: Currencies, my way"),
        "{}",
        notice(&root)
    );
    let title: HtmlInputElement = find(&root, "#builder-lesson-title").dyn_into().unwrap();
    assert_eq!(title.value(), "Currencies, my way");
    let first: HtmlInputElement = find(&root, "#builder-goal-0").dyn_into().unwrap();
    assert!(first.checked(), "the file's goal is ticked");

    // Tried and solved as a trainee would.
    click(&root, "Make the lesson").await;
    let try_it = button(&root, "Try it");
    try_it.focus().unwrap();
    try_it.click();
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, ".lesson-panel h3").text_content().unwrap(),
        "Custom lesson: Currencies, my way"
    );
    // The focus goes to the lesson's heading, where its story starts, as for a built-in
    // lesson (not left on Try it, the story scrolled away above).
    assert_eq!(focused().id(), "lesson-heading");
    assert_eq!(
        find(&root, ".goals li").text_content().unwrap(),
        "○ To do: Currencies is Running"
    );
    click(&root, "Show me").await;
    // The lesson's Run is shown in the Run pane, which plays it.
    click(&root, "Next step").await;
    confirm_run(&root).await;
    click(&root, "Next step").await;
    assert_eq!(
        find(&root, ".goals li").text_content().unwrap(),
        "✓ Done: Currencies is Running"
    );

    // A reload reopens the lesson made here (its file is kept with the progress).
    root.set_inner_html("");
    let again = mount_as_reloaded().await;
    assert_eq!(
        find(&again, ".lesson-panel h3").text_content().unwrap(),
        "Custom lesson: Currencies, my way"
    );
}

#[wasm_bindgen_test]
async fn a_lesson_loaded_into_the_builder_and_made_again_keeps_its_goals_order_and_flags() {
    let root = mount().await;
    let (_, twelve) = dualwrite_engine::lesson::builtin()
        .iter()
        .find(|(file, _)| file.starts_with("12-"))
        .expect("lesson 12");
    click(&root, "Make a lesson").await;
    load_into_builder(&root, "twelve.json", twelve).await;
    assert!(
        notice(&root).starts_with("Lesson loaded"),
        "{}",
        notice(&root)
    );
    click(&root, "Make the lesson").await;
    assert!(
        notice(&root).starts_with("Lesson made"),
        "{}",
        notice(&root)
    );
    let link: web_sys::HtmlAnchorElement = find(&root, "a.lesson-download").dyn_into().unwrap();
    let made = fetch_text(&link.href()).await;
    let at = |goal: &str| made.find(goal).unwrap_or_else(|| panic!("{goal}: {made}"));
    assert!(at("A live write was rolled back") < at("Both sides still call EUR"));
    assert!(at("Both sides still call EUR") < at("The switch is back"));
    assert_eq!(
        made.matches("\"after_previous\": true").count(),
        2,
        "{made}"
    );
}

#[wasm_bindgen_test]
async fn a_builder_closed_by_another_action_leaves_the_focus_on_that_action() {
    let root = mount().await;
    click(&root, "Make a lesson").await;
    assert_eq!(focused().id(), "builder-lesson-title");
    // Reset to demo starts a new session, which closes the builder: the focus stays on
    // Reset, not sent back to Make a lesson.
    find(&root, "details.scenario-io")
        .dyn_into::<web_sys::HtmlDetailsElement>()
        .unwrap()
        .set_open(true);
    click(&root, "Reset to demo").await;
    assert!(root.query_selector(".builder").unwrap().is_none());
    assert_eq!(focused().text_content().as_deref(), Some("Reset to demo"));
}

#[wasm_bindgen_test]
async fn a_solution_step_the_engine_refuses_is_named_when_loaded_into_the_builder() {
    let root = mount().await;
    let (_, one) = dualwrite_engine::lesson::builtin()
        .iter()
        .find(|(file, _)| file.starts_with("01-"))
        .expect("lesson 1");
    // A Pause before the map runs: the engine refuses it.
    let text = one.replacen(
        r#""solution": ["#,
        r#""solution": [{"command": "pause", "maps": ["Currencies"]}, "#,
        1,
    );
    assert_ne!(&text, one, "the step was put in");
    click(&root, "Make a lesson").await;
    load_into_builder(&root, "refused.json", &text).await;
    let said = notice(&root);
    assert!(
        said.contains("without the solution's steps the engine refused")
            && said.contains("step 1 (Paused: Currencies)"),
        "{said}"
    );
    // The rest of the solution was played: Currencies ran.
    assert!(find(&root, r#"tr.map[data-map="Currencies"]"#)
        .text_content()
        .unwrap()
        .contains("Running"));
}

#[wasm_bindgen_test]
async fn a_lesson_files_wrong_turns_are_kept_when_it_is_made_again() {
    let root = mount().await;
    let (_, first) = dualwrite_engine::lesson::builtin()[0];
    click(&root, "Make a lesson").await;
    load_into_builder(&root, "first.json", first).await;
    let turns = texts(&root, ".builder-turns li");
    assert!(
        turns.len() == 1 && turns[0].starts_with("Currencies went live without its initial sync"),
        "{turns:?}"
    );
    click(&root, "Make the lesson").await;
    assert!(
        notice(&root).starts_with("Lesson made"),
        "{}",
        notice(&root)
    );
    let link: web_sys::HtmlAnchorElement = find(&root, "a.lesson-download").dyn_into().unwrap();
    let made = fetch_text(&link.href()).await;
    let lesson = dualwrite_engine::lesson::Lesson::load(&made).unwrap();
    assert_eq!(lesson.pitfalls.len(), 1, "{made}");
    assert!(lesson.pitfalls[0].text.contains("without its initial sync"));
}

/// Ticks the fact of the wrong turn being recorded whose label starts with `start`.
async fn tick_fact(root: &Element, start: &str) {
    tick_where(root, ".turn-draft", |t| t.starts_with(start)).await;
}

fn turns_said(root: &Element) -> String {
    find(root, ".builder-turns")
        .text_content()
        .unwrap_or_default()
}

/// The app with Currencies run until idle, and the builder open over that session with
/// `title` typed and the goal "Currencies is Running" ticked.
async fn builder_over_currencies_run(title: &str) -> Element {
    let root = mount().await;
    tick_map(&root, "select-Currencies").await;
    run_selected(&root).await;
    click(&root, "Run until idle").await;
    click(&root, "Make a lesson").await;
    type_only(&root, "#builder-lesson-title", title).await;
    tick_goal(&root, "Currencies is Running").await;
    root
}

#[wasm_bindgen_test]
async fn a_wrong_turn_is_recorded_in_the_lesson_tried_checked_and_noticed_at_once() {
    let root = builder_over_currencies_run("Currencies in full").await;
    let rows = texts(&root, ".builder .goal-choice label")
        .into_iter()
        .find(|t| t.starts_with("Dataverse has 5 row(s)"))
        .expect("a goal on Dataverse's five currencies");
    tick_goal(&root, &rows).await;
    // Not before the lesson is tried: the wrong steps are taken in it.
    click(&root, "Record a wrong turn").await;
    assert!(
        turns_said(&root).contains("Not recorded: make the lesson first"),
        "{}",
        turns_said(&root)
    );
    click(&root, "Make the lesson").await;
    click(&root, "Record a wrong turn").await;
    assert!(turns_said(&root).contains("Not recorded: choose Try it"));
    click(&root, "Try it").await;
    click(&root, "Record a wrong turn").await;
    assert!(turns_said(&root).contains("Not recorded: take the wrong steps first"));

    // The wrong turn: live without the initial sync.
    tick_map(&root, "select-Currencies").await;
    click(&root, "Skip initial sync").await;
    click(&root, "Record a wrong turn").await;
    assert_eq!(
        focused().id(),
        "builder-turn-0",
        "its first fact takes the focus"
    );
    assert!(
        turns_said(&root).contains("The wrong turn: the 1 step taken since the lesson's start.")
    );
    // A step taken after Record is not what the facts were read from: refused, and
    // Cancel takes the refusal away with the draft.
    click(&root, "Tick").await;
    tick_fact(&root, "Currencies is Running").await;
    type_only(&root, "#builder-turn-text", "x").await;
    click(&root, "Add the wrong turn").await;
    assert!(
        turns_said(&root).contains("Not added: steps were taken or undone since Record"),
        "{}",
        turns_said(&root)
    );
    click(&root, "Cancel").await;
    assert!(
        !turns_said(&root).contains("Not added"),
        "{}",
        turns_said(&root)
    );
    assert_eq!(
        focused().id(),
        "builder-record-turn",
        "Cancel: back to Record"
    );
    click(&root, "Undo").await;
    click(&root, "Record a wrong turn").await;
    click(&root, "Add the wrong turn").await;
    assert!(turns_said(&root).contains("Not added: say what went wrong"));
    assert_eq!(focused().id(), "builder-turn-text", "the field asked for");
    assert_eq!(
        focused().get_attribute("aria-describedby").as_deref(),
        Some("builder-turn-error")
    );
    type_only(
        &root,
        "#builder-turn-text",
        "Skipped: run `Currencies` with its initial sync.",
    )
    .await;
    click(&root, "Add the wrong turn").await;
    assert!(turns_said(&root).contains("Not added: tick what shows the wrong turn"));
    let id = focused().id();
    assert!(
        id.strip_prefix("builder-turn-")
            .is_some_and(|n| n.parse::<usize>().is_ok()),
        "a box of what shows it: {id}"
    );
    // The words asked for before are no longer marked.
    assert_eq!(
        find(&root, "#builder-turn-text").get_attribute("aria-invalid"),
        None
    );
    assert_eq!(
        focused().get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // Running alone is on the lesson's own way: the engine's check refuses it.
    tick_fact(&root, "Currencies is Running").await;
    click(&root, "Add the wrong turn").await;
    assert!(
        turns_said(&root).contains(
            "Not added: the lesson's own solution passes through what is ticked (after its step 2)"
        ),
        "{}",
        turns_said(&root)
    );
    // Running without its result is the wrong turn.
    tick_fact(&root, "Not yet: Dataverse has 5 row(s)").await;
    click(&root, "Add the wrong turn").await;
    assert!(
        notice(&root).starts_with("Wrong turn added to the lesson: Currencies in full"),
        "{}",
        notice(&root)
    );
    assert_eq!(
        texts(&root, ".builder-turns li"),
        ["Skipped: run Currencies with its initial sync. Remove"]
    );
    assert_eq!(focused().id(), "builder-record-turn", "back to Record");
    // The lesson being tried notices it at once.
    assert_eq!(
        text(&root, ".pitfall"),
        "⚠ Not quite: Skipped: run Currencies with its initial sync. (Undo takes back one step at a time; History lists the steps, and choosing one goes back to it at once.)"
    );
    // Made again while trying (the session is an attempt, with the wrong step in it):
    // the lesson keeps its solution, and the attempt goes on noticing the wrong turn.
    // Not made again (a misspelt name): the lesson made stays, to try and download.
    type_into(
        &root,
        "#builder-story",
        "Run `Currencys` with its initial sync.",
    )
    .await;
    click(&root, "Make the lesson").await;
    assert!(text(&root, ".builder").contains("Not made: the story or a hint names"));
    assert!(text(&root, ".builder").contains("You are trying this lesson"));
    assert!(root.query_selector("a.lesson-download").unwrap().is_some());
    type_into(
        &root,
        "#builder-story",
        "Run `Currencies` with its initial sync.",
    )
    .await;
    click(&root, "Make the lesson").await;
    assert!(
        notice(&root).starts_with("Lesson made: Currencies in full"),
        "{}",
        notice(&root)
    );
    assert!(text(&root, ".pitfall").contains("Skipped"));
    assert_eq!(
        text(&root, ".lesson-panel .story"),
        "Run Currencies with its initial sync.",
        "the lesson tried is the one made again"
    );
    // Start over keeps the builder over its lesson, wrong turn included.
    click(&root, "Start over").await;
    assert_eq!(texts(&root, ".builder-turns li").len(), 1);
    // Closed, then opened again while the lesson is tried (as after a reload): the
    // lesson as made, to edit, try or download.
    click(&root, "Close").await;
    assert!(text(&root, ".builder-open").contains("to edit the lesson open"));
    click(&root, "Make a lesson").await;
    let title: HtmlInputElement = find(&root, "#builder-lesson-title").dyn_into().unwrap();
    assert_eq!(title.value(), "Currencies in full");
    assert_eq!(texts(&root, ".builder-turns li").len(), 1);
    assert!(text(&root, ".builder").contains("You are trying this lesson"));
    // And the file made says it, with the steps that lead there.
    let link: web_sys::HtmlAnchorElement = find(&root, "a.lesson-download").dyn_into().unwrap();
    let file = fetch_text(&link.href()).await;
    // The wrong steps are the wrong turn's example, not the solution (which was made
    // before the attempt and kept through the Makes while trying).
    let made: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(made["pitfalls"][0]["example"][0]["initial_sync"], "Skip");
    assert!(made["pitfalls"][0]["when"]["not"].is_array(), "{file}");
    let solution = made["solution"].to_string();
    assert!(
        solution.contains("run_until_idle") && !solution.contains("Skip"),
        "{solution}"
    );

    // Removed: the lesson no longer notices it.
    tick_map(&root, "select-Currencies").await;
    click(&root, "Skip initial sync").await;
    assert!(text(&root, ".pitfall").contains("Skipped"), "taken again");
    let remove: web_sys::HtmlElement = find(&root, ".builder-turns li button").dyn_into().unwrap();
    assert_eq!(
        remove.get_attribute("aria-label").as_deref(),
        Some("Remove wrong turn 1")
    );
    remove.focus().unwrap();
    remove.click();
    yew::scheduler::flush().await;
    next_paint().await;
    assert!(root.query_selector(".builder-turns li").unwrap().is_none());
    assert_eq!(
        focused().id(),
        "builder-record-turn",
        "the focus goes on to Record"
    );
    assert!(root.query_selector(".pitfall").unwrap().is_none());
    assert!(
        notice(&root).starts_with("Wrong turn 1 removed from the lesson: Currencies in full"),
        "{}",
        notice(&root)
    );
}

#[wasm_bindgen_test]
async fn a_lesson_made_comes_back_when_the_builder_is_closed_and_opened_again() {
    let root = builder_over_currencies_run("Kept").await;
    click(&root, "Make the lesson").await;
    assert!(notice(&root).starts_with("Lesson made: Kept"));
    // A Make that fails takes back the notice that said it was made.
    type_into(&root, "#builder-story", "Run `Currencys`.").await;
    click(&root, "Make the lesson").await;
    assert!(text(&root, ".builder").contains("Not made: the story or a hint names"));
    assert!(!notice(&root).contains("Lesson made"), "{}", notice(&root));
    type_into(&root, "#builder-story", "Run `Currencies`.").await;
    click(&root, "Make the lesson").await;
    click(&root, "Close").await;
    assert!(text(&root, ".builder-open").contains("comes back as you left it"));
    // A step taken meanwhile is offered among the goals when it opens again.
    pause_selected(&root).await;
    click(&root, "Make a lesson").await;
    let title: HtmlInputElement = find(&root, "#builder-lesson-title").dyn_into().unwrap();
    assert_eq!(title.value(), "Kept");
    assert!(root.query_selector("a.lesson-download").unwrap().is_some());
    let offered = texts(&root, ".builder .goal-choice label");
    assert!(
        offered.iter().any(|g| g == "Currencies is Paused"),
        "{offered:?}"
    );
    let ticked: HtmlInputElement = find(&root, "#builder-goal-0").dyn_into().unwrap();
    assert!(ticked.checked(), "the tick kept");
    // Another session (the demo again): a new lesson from it.
    click(&root, "Close").await;
    click(&root, "Reset to demo").await;
    click(&root, "Make a lesson").await;
    let title: HtmlInputElement = find(&root, "#builder-lesson-title").dyn_into().unwrap();
    assert_eq!(title.value(), "");
}
