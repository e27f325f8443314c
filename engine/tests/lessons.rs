//! Lessons: the format, goals checked against the engine, and every built-in lesson
//! unsolved at its start and solved by its stored solution.

use crate::common;

use common::last_execution;
use dualwrite_engine::lesson::{builtin, Lesson, PitfallProblem};
use dualwrite_engine::{FormatError, StatusKind};

fn lesson(goals: &str, solution: &str, hints: &str) -> String {
    format!(
        r#"{{ "format": "dualwrite-lesson", "version": 1, "id": "t", "title": "T",
            "story": "Run `Currencies`.", "scenario": "demo",
            "goals": {goals}, "hints": {hints}, "solution": {solution} }}"#
    )
}

const RUNNING: &str = r#"[ { "text": "Running", "expect": { "status": { "Currencies": "Running" } } },
    { "text": "Five", "expect": { "row_counts": { "Dataverse/transactioncurrencies": 5 } } } ]"#;
const SOLUTION: &str = r#"[ { "command": "run", "maps": [ { "map": "Currencies" } ] }, { "command": "run_until_idle" } ]"#;

#[test]
fn every_builtin_lesson_is_unsolved_at_its_start_and_solved_by_its_solution() {
    assert!(builtin().len() >= 12, "at least twelve lessons");
    let mut ids = std::collections::BTreeSet::new();
    for (file, text) in builtin() {
        let lesson = Lesson::load(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let check = lesson.check();
        assert!(check.ok(), "{file}: {check:?}");
        assert!(
            ids.insert(lesson.id.clone()),
            "{file}: id '{}' repeated",
            lesson.id
        );
        assert!(!lesson.hints.is_empty(), "{file}: a lesson offers hints");
    }
}

#[test]
fn a_session_follows_the_solution_while_every_step_taken_is_the_solutions() {
    let l = Lesson::load(&lesson(RUNNING, SOLUTION, "[]")).unwrap();
    let mut s = l.session();
    assert!(l.follows_solution(&s), "nothing done yet");
    s.dispatch(l.solution[0].clone()).unwrap();
    assert!(l.follows_solution(&s));
    s.dispatch(l.solution[1].clone()).unwrap();
    assert!(l.follows_solution(&s), "the whole solution");
    s.dispatch(dualwrite_engine::Command::Tick { ticks: 1 })
        .unwrap();
    assert!(!l.follows_solution(&s), "a step of one's own after it");
    // Steps undone are not taken: back to the solution's first step, it follows again.
    s.undo();
    s.undo();
    assert!(l.follows_solution(&s));
    // A step of one's own first.
    let mut own = l.session();
    own.dispatch(dualwrite_engine::Command::Tick { ticks: 1 })
        .unwrap();
    assert!(!l.follows_solution(&own));
}

#[test]
fn goals_are_ticked_one_by_one_as_they_come_to_hold() {
    let l = Lesson::load(&lesson(RUNNING, SOLUTION, "[]")).unwrap();
    let mut s = l.session();
    assert_eq!(l.goals_met(&s), [false, false]);
    s.dispatch(l.solution[0].clone()).unwrap();
    assert_eq!(
        l.goals_met(&s),
        [false, false],
        "Initializing is not Running"
    );
    s.dispatch(l.solution[1].clone()).unwrap();
    assert_eq!(l.goals_met(&s), [true, true]);
    assert!(l.solved(&s));
    s.undo();
    assert!(!l.solved(&s), "undo un-ticks");
}

#[test]
fn the_check_reports_a_lesson_solved_before_it_starts_a_refused_solution_and_unknown_names() {
    let already =
        r#"[ { "text": "Not running", "expect": { "status": { "Currencies": "Not running" } } } ]"#;
    let c = Lesson::load(&lesson(already, "[]", "[]")).unwrap().check();
    assert!(c.solved_at_start && !c.ok());

    let refused = r#"[ { "command": "stop", "maps": ["Currencies"] } ]"#;
    let c = Lesson::load(&lesson(RUNNING, refused, "[]"))
        .unwrap()
        .check();
    assert_eq!(c.refused.len(), 1, "{c:?}");
    assert!(c.refused[0].1.contains("Not running"), "{c:?}");
    assert_eq!(c.unmet.len(), 2, "both goals unmet: {c:?}");

    let hints = r#"[ "Edit `NAME` of `Currencies.CURRENCYCODE`, then `transactioncurrencies`, `Currencies` (a label), `Nowhere`, `Currencies.NOWHERE` and `Nowhere.NAME`." ]"#;
    let l = Lesson::load(&lesson(RUNNING, SOLUTION, hints)).unwrap();
    assert_eq!(
        l.named(),
        [
            "Currencies",
            "NAME",
            "Currencies.CURRENCYCODE",
            "transactioncurrencies",
            "Nowhere",
            "Currencies.NOWHERE",
            "Nowhere.NAME"
        ]
    );
    // A table's column only counts in that table.
    assert_eq!(
        l.check().unknown_names,
        ["Nowhere", "Currencies.NOWHERE", "Nowhere.NAME"]
    );
}

#[test]
fn a_setup_is_the_start_not_part_of_the_trainees_history() {
    let text = lesson(RUNNING, "[]", "[]").replace(
        r#""scenario": "demo","#,
        r#""scenario": "demo", "setup": [ { "command": "run", "maps": [ { "map": "Legal entities" } ] }, { "command": "run_until_idle" } ],"#,
    );
    let l = Lesson::load(&text).unwrap();
    let s = l.session();
    assert_eq!(
        s.state().map("Legal entities").unwrap().status.kind(),
        StatusKind::Running
    );
    assert!(!s.can_undo(), "the setup cannot be undone");
}

#[test]
fn a_malformed_lesson_is_refused_naming_the_place() {
    let err = |text: &str| match Lesson::load(text) {
        Err(FormatError::Invalid { path, message }) => format!("{path}: {message}"),
        other => panic!("expected a refusal, got {other:?}"),
    };
    // A file of another format is no lesson, said as such (not by a field it lacks).
    assert_eq!(
        Lesson::load(
            &lesson(RUNNING, SOLUTION, "[]").replace("dualwrite-lesson", "dualwrite-script")
        )
        .unwrap_err(),
        FormatError::NotALesson
    );
    // A lesson of a version before the first.
    assert!(
        err(&lesson(RUNNING, SOLUTION, "[]").replace("\"version\": 1", "\"version\": 0"))
            .starts_with("format: expected \"format\": \"dualwrite-lesson\"")
    );
    assert!(
        err(&lesson("[]", SOLUTION, "[]")).starts_with("goals: a lesson needs at least one goal")
    );
    let bad_setup = lesson(RUNNING, SOLUTION, "[]").replace(
        r#""scenario": "demo","#,
        r#""scenario": "demo", "setup": [ { "command": "pause", "maps": ["Currencies"] } ],"#,
    );
    let e = err(&bad_setup);
    assert!(e.starts_with("setup[0]: the engine refused it"), "{e}");
    let bad_command = lesson(RUNNING, r#"[ { "command": "fly" } ]"#, "[]");
    assert!(
        err(&bad_command).starts_with("solution[0]"),
        "{}",
        err(&bad_command)
    );
    assert!(Lesson::load(
        &lesson(RUNNING, SOLUTION, "[]")
            .replace("\"title\": \"T\",", "\"title\": \"T\", \"extra\": 1,")
    )
    .is_err());
}

#[test]
fn a_file_that_is_no_lesson_this_version_reads_is_named_for_what_it_is() {
    let refused = |text: &str| Lesson::load(text).unwrap_err();
    // An exported scenario, given where a lesson is loaded.
    let scenario = dualwrite_engine::format::export(
        &dualwrite_engine::Session::new(dualwrite_engine::demo()),
        "x",
    );
    assert_eq!(refused(&scenario), FormatError::ScenarioNotLesson);
    assert_eq!(
        refused(&scenario).to_string(),
        "this is a scenario file, not a lesson"
    );
    // Nothing, or something that says no format at all.
    assert_eq!(refused(""), FormatError::Empty);
    assert_eq!(refused("  \n"), FormatError::Empty);
    assert!(refused("the file is empty")
        .to_string()
        .contains("not valid JSON"));
    for text in ["[]", "{}", "null", r#"{"title": "T"}"#] {
        assert_eq!(refused(text), FormatError::NotALesson, "{text}");
    }
    assert!(refused("{}")
        .to_string()
        .starts_with("this is not a lesson file: a lesson is a JSON object that begins {\"format\": \"dualwrite-lesson\", \"version\": 1"));
    // A lesson of a newer version is said as such, whatever its fields.
    let newer = lesson(RUNNING, SOLUTION, "[]").replace("\"version\": 1", "\"version\": 7");
    assert_eq!(refused(&newer), FormatError::NewerLesson { version: 7 });
    assert!(refused(&newer)
        .to_string()
        .contains("saved by a newer version of the simulator (lesson version 7)"));
    // The lesson itself still loads.
    assert!(Lesson::load(&lesson(RUNNING, SOLUTION, "[]")).is_ok());
}

#[test]
fn the_builder_makes_a_lesson_from_a_session_that_checks_and_shares() {
    use dualwrite_engine::lesson::{goal_candidates, LessonFile};
    use dualwrite_engine::share::{decode, encode_lesson, Start};
    use dualwrite_engine::Session;

    let mut s = Session::new(dualwrite_engine::demo());
    common::run_all(&mut s, &["Currencies"]);
    let candidates = goal_candidates(s.base(), s.state());
    let texts: Vec<&str> = candidates.iter().map(|g| g.text.as_str()).collect();
    assert!(texts.contains(&"Currencies is Running"), "{texts:?}");
    assert!(
        texts.contains(&"Dataverse has 5 row(s) in Currencies"),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t
                .starts_with("Dataverse Currencies has row (GBP) currencyname = Pound Sterling")),
        "{texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.starts_with("Legal entities")),
        "unchanged maps are not offered"
    );

    let goals = candidates.into_iter().take(2).collect();
    let file = LessonFile::from_session(
        &s,
        Some("demo"),
        "my-lesson",
        "Mine",
        "Run `Currencies`.",
        vec!["Run it.".into()],
        goals,
    );
    assert_eq!(file.scenario, serde_json::json!("demo"));
    assert_eq!(file.solution.len(), 2);
    let lesson = Lesson::load(&file.to_json()).unwrap();
    assert!(lesson.check().ok(), "{:?}", lesson.check());

    // Loaded back for editing: the same file.
    let back: LessonFile = dualwrite_engine::format::from_json(&file.to_json()).unwrap();
    assert_eq!(back, file);

    // As a link: it opens the lesson at its start.
    let shared = decode(&encode_lesson(&file).unwrap()).unwrap();
    assert_eq!(shared.start, Start::CustomLesson(Box::new(file)));
    assert_eq!(shared.session.state(), &dualwrite_engine::demo());

    // From a built-in lesson's start: its scenario and setup are kept.
    let ten = Lesson::load(builtin()[9].1).unwrap();
    let mut s = ten.session();
    s.dispatch(ten.solution[0].clone()).unwrap();
    let goals = goal_candidates(s.base(), s.state());
    let file = LessonFile::from_session(
        &s,
        Some(&format!("lesson:{}", ten.id)),
        "again",
        "Again",
        "",
        vec![],
        goals,
    );
    assert!(
        !file.setup.is_empty(),
        "the setup of the lesson it started from"
    );
    let again = Lesson::load(&file.to_json()).unwrap();
    assert_eq!(again.start, ten.start);
    assert!(again.check().ok(), "{:?}", again.check());
}

#[test]
fn goal_candidates_name_what_changed_and_each_holds_now_and_not_at_the_start() {
    use dualwrite_engine::lesson::goal_candidates;
    use dualwrite_engine::script::{check, Expect};
    use dualwrite_engine::{Command, Session, Side, Value};
    use std::collections::BTreeMap;

    let mut s = Session::new(dualwrite_engine::demo());
    common::run_all(&mut s, &common::CUSTOMER_CHAIN);
    s.dispatch(Command::Pause {
        maps: vec!["Currencies".into()],
    })
    .unwrap();
    s.dispatch(Command::UpdateRow {
        side: Side::FinOps,
        table: "Currencies".into(),
        row: dualwrite_engine::RowRef::Key(vec![Value::text("USD")]),
        cells: [("NAME".to_string(), Value::text("Dollar"))].into(),
    })
    .unwrap();
    let candidates = goal_candidates(s.base(), s.state());

    // The initial sync's goal counts both its conflicts and its failed rows.
    let sync = candidates
        .iter()
        .find(|g| g.text.starts_with("The last initial sync of Customers V3"))
        .expect("a goal for the initial sync");
    let execution = last_execution(&s, "Customers V3");
    assert!(!execution.conflicts.is_empty() && !execution.errors.is_empty());
    let one = |n: usize| BTreeMap::from([("Customers V3".to_string(), n)]);
    assert_eq!(sync.expect.conflicts, one(execution.conflicts.len()));
    assert_eq!(sync.expect.initial_sync_errors, one(execution.errors.len()));

    // The paused map's queue is a goal.
    let queued = candidates
        .iter()
        .find(|g| g.text == "Currencies holds 1 queued change(s)")
        .expect("a goal for the queue");
    assert_eq!(
        queued.expect.queued,
        BTreeMap::from([("Currencies".to_string(), 1)])
    );

    // A row's goal names the cells that changed, not the ones that did not.
    let usd = candidates
        .iter()
        .find(|g| {
            g.expect
                .rows
                .iter()
                .any(|r| r.side == Side::FinOps && r.table == "Currencies")
        })
        .expect("a goal for the row written");
    let cells: Vec<&str> = usd.expect.rows[0]
        .cells
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(cells, ["NAME"], "{}", usd.text);

    // Every candidate holds now and did not at the start.
    let start = Session::new(s.base().clone());
    for goal in &candidates {
        let holds = |session: &Session, e: &Expect| {
            let mut checks = Vec::new();
            check(session, e, "goal", &mut checks);
            checks.iter().all(|c| c.ok)
        };
        assert!(holds(&s, &goal.expect), "{} does not hold now", goal.text);
        assert!(
            !holds(&start, &goal.expect),
            "{} held at the start",
            goal.text
        );
    }

    // Pending catch-up errors are a goal while there are some, and once they are gone.
    let eleven = Lesson::load(builtin()[10].1).unwrap();
    let pending = |goals: &[dualwrite_engine::lesson::Goal]| {
        goals
            .iter()
            .find(|g| g.text.contains("catch-up error(s) pending"))
            .map(|g| (g.text.clone(), g.expect.catch_up_errors.clone()))
    };
    let errors = |n: usize| BTreeMap::from([("Currencies".to_string(), n)]);
    assert_eq!(
        pending(&goal_candidates(&dualwrite_engine::demo(), &eleven.start)),
        Some((
            "Currencies has 1 catch-up error(s) pending".into(),
            errors(1)
        ))
    );
    let mut solved = eleven.session();
    for step in &eleven.solution {
        solved.dispatch(step.clone()).unwrap();
    }
    assert_eq!(
        pending(&goal_candidates(&eleven.start, solved.state())),
        Some((
            "Currencies has 0 catch-up error(s) pending".into(),
            errors(0)
        ))
    );
}

#[test]
fn the_rollback_lesson_is_solved_only_once_the_fault_switch_is_back() {
    let (_, text) = builtin()
        .iter()
        .find(|(file, _)| file.starts_with("12-"))
        .expect("lesson 12");
    let l = Lesson::load(text).unwrap();
    let mut s = l.session();
    // At the start, EUR is Euro and the switch is off, but nothing was tried yet: the
    // goals after the rollback wait for it.
    assert_eq!(l.goals_met(&s), [false, false, false]);
    let (last, steps) = l.solution.split_last().unwrap();
    for step in steps {
        let _ = s.dispatch(step.clone());
    }
    assert_eq!(
        l.goals_met(&s),
        [true, true, false],
        "the write rolled back, EUR unchanged, Dataverse still unavailable"
    );
    assert!(!l.solved(&s));
    s.dispatch(last.clone()).unwrap();
    assert!(l.solved(&s));
}

#[test]
fn a_goal_after_the_previous_ones_counts_only_once_they_hold_and_round_trips() {
    let goals = r#"[ { "text": "Running", "expect": { "status": { "Currencies": "Running" } } },
        { "text": "FinOps has its five currencies", "expect": { "row_counts": { "FinOps/Currencies": 5 } }, "after_previous": true },
        { "text": "FinOps still has them", "expect": { "row_counts": { "FinOps/Currencies": 5 } } } ]"#;
    let text = lesson(goals, SOLUTION, "[]");
    let l = Lesson::load(&text).unwrap();
    let mut s = l.session();
    assert_eq!(
        l.goals_met(&s),
        [false, false, true],
        "the five FinOps rows wait for Running; a goal without the flag does not"
    );
    for step in &l.solution {
        s.dispatch(step.clone()).unwrap();
    }
    assert_eq!(l.goals_met(&s), [true, true, true]);
    // Written back out (the lesson builder's file), the flag stays, and only where set.
    let file: dualwrite_engine::lesson::LessonFile =
        dualwrite_engine::format::from_json(&text).unwrap();
    let out = file.to_json();
    assert_eq!(out.matches("after_previous").count(), 1, "{out}");
    assert_eq!(
        Lesson::load(&out).unwrap().goals_met(&l.session()),
        [false, false, true]
    );
}

#[test]
fn a_faults_goal_names_each_sides_switch_when_it_fails() {
    let goals = r#"[{ "text": "Dataverse is down", "expect": { "faults": { "dataverse": "unavailable" } } }]"#;
    let l = Lesson::load(&lesson(goals, SOLUTION, "[]")).unwrap();
    let check = l.check();
    assert!(!check.ok(), "the solution never sets the switch");
    let said = format!("{check:?}");
    assert!(
        said.contains("expected Finance and operations apps accepts writes, Dataverse Unavailable (503), found Finance and operations apps accepts writes, Dataverse accepts writes"),
        "{said}"
    );
}

#[test]
fn the_pause_lesson_notices_a_live_edit_before_any_pause_and_after_an_empty_one_only() {
    let (_, text) = builtin()
        .iter()
        .find(|(file, _)| file.starts_with("09-"))
        .copied()
        .unwrap();
    let lesson = Lesson::load(text).unwrap();
    let command = |json: &str| dualwrite_engine::format::command_from_json(json).unwrap();
    let rename = |name: &str| {
        command(&format!(
            r#"{{"command":"update_row","side":"FinOps","table":"Currencies","row":["USD"],"cells":{{"NAME":"{name}"}}}}"#
        ))
    };
    let pause = command(r#"{"command":"pause","maps":["Currencies"]}"#);
    let resume = command(r#"{"command":"run","maps":[{"map":"Currencies"}],"resume":"CatchUp"}"#);
    let idle = command(r#"{"command":"run_until_idle"}"#);
    let live = |s: &dualwrite_engine::Session| {
        lesson.pitfall(s).is_some_and(|(_, p)| {
            p.text
                .starts_with("Currencies was Running, so that edit went straight")
        })
    };
    // Before any pause.
    let mut s = lesson.session();
    common::ok(&mut s, rename("A"));
    assert!(live(&s));
    // After a pause resumed with nothing queued: the same slip, said the same.
    let mut s = lesson.session();
    for c in [pause.clone(), resume.clone(), idle.clone(), rename("A")] {
        common::ok(&mut s, c);
    }
    assert!(live(&s), "{:?}", lesson.pitfall(&s).map(|(_, p)| &p.text));
    // A paused edit played back by the catch-up is no such slip.
    let mut s = lesson.session();
    for c in [pause, rename("A"), resume, idle] {
        common::ok(&mut s, c);
    }
    assert!(!live(&s), "{:?}", lesson.pitfall(&s).map(|(_, p)| &p.text));
    assert!(lesson.check().ok(), "{:?}", lesson.check());
}

/// A lesson whose pitfalls are `pitfalls` (JSON), with the goals and solution above.
fn lesson_with_pitfalls(pitfalls: &str) -> String {
    lesson(RUNNING, SOLUTION, r#"["Run it."]"#).replacen(
        r#""hints""#,
        &format!(r#""pitfalls": {pitfalls}, "hints""#),
        1,
    )
}

const SKIPPED: &str = r#"[ { "text": "Skipped: run `Currencies` with its initial sync.",
    "when": { "status": { "Currencies": "Running" }, "row_counts": { "Dataverse/transactioncurrencies": 2 } },
    "example": [ { "command": "run", "maps": [ { "map": "Currencies" } ], "initial_sync": "Skip" } ] } ]"#;

#[test]
fn a_pitfall_is_said_after_its_wrong_move_and_not_once_undone_or_solved() {
    let lesson = Lesson::load(&lesson_with_pitfalls(SKIPPED)).unwrap();
    assert!(lesson.check().ok(), "{:?}", lesson.check());
    let mut s = lesson.session();
    assert!(lesson.pitfall(&s).is_none(), "not at the start");
    common::ok(
        &mut s,
        dualwrite_engine::format::command_from_json(
            r#"{"command":"run","maps":[{"map":"Currencies"}],"initial_sync":"Skip"}"#,
        )
        .unwrap(),
    );
    assert_eq!(
        lesson.pitfall(&s).map(|(i, p)| (i, p.text.as_str())),
        Some((0, "Skipped: run `Currencies` with its initial sync."))
    );
    assert!(s.undo());
    assert!(lesson.pitfall(&s).is_none(), "undone");
    for c in &lesson.solution {
        common::ok(&mut s, c.clone());
    }
    assert!(lesson.solved(&s) && lesson.pitfall(&s).is_none());

    // The first built-in lesson notices the same wrong move.
    let (_, first) = builtin()[0];
    let first = Lesson::load(first).unwrap();
    let mut s = first.session();
    common::ok(
        &mut s,
        dualwrite_engine::format::command_from_json(
            r#"{"command":"run","maps":[{"map":"Currencies"}],"initial_sync":"Skip"}"#,
        )
        .unwrap(),
    );
    let said = first
        .pitfall(&s)
        .map(|(_, p)| p.text.clone())
        .unwrap_or_default();
    assert!(said.contains("without its initial sync"), "{said}");
}

#[test]
fn the_check_refuses_a_pitfall_met_at_the_start_by_the_solution_or_not_by_its_example() {
    let check = |when: &str, example: &str| {
        let pitfalls = format!(r#"[ {{ "text": "x", "when": {when}, "example": {example} }} ]"#);
        let lesson = Lesson::load(&lesson_with_pitfalls(&pitfalls)).unwrap();
        let check = lesson.check();
        assert!(!check.ok());
        check
            .pitfalls
            .into_iter()
            .map(|(i, e)| format!("{i}: {e}"))
            .collect::<Vec<_>>()
    };
    let skip =
        r#"[ { "command": "run", "maps": [ { "map": "Currencies" } ], "initial_sync": "Skip" } ]"#;
    assert_eq!(
        check(r#"{ "status": { "Currencies": "Not running" } }"#, skip),
        ["0: it holds at the start"]
    );
    // Holding at the start is said first, even of what the solution's first steps keep.
    assert_eq!(
        check(
            r#"{ "row_counts": { "Dataverse/transactioncurrencies": 2 } }"#,
            skip
        ),
        ["0: it holds at the start"]
    );
    // Met at the solution's end, or on its way (Show me would say it): the run leaves
    // Currencies Initializing before Run until idle.
    assert_eq!(
        check(r#"{ "status": { "Currencies": "Running" } }"#, skip),
        ["0: it holds after solution[1] (step 2 of the solution)"]
    );
    assert_eq!(
        check(r#"{ "status": { "Currencies": "Initializing" } }"#, skip),
        ["0: it holds after solution[0] (step 1 of the solution)"]
    );
    let unmet = check(r#"{ "status": { "Currencies": "Paused" } }"#, skip);
    assert!(
        unmet[0].starts_with("0: its example does not lead to it: when.status.Currencies"),
        "{unmet:?}"
    );
    assert_eq!(
        check(r#"{ "status": { "Currencies": "Paused" } }"#, "[]"),
        ["0: it has no example"]
    );
    let refused = check(
        r#"{ "status": { "Currencies": "Paused" } }"#,
        r#"[ { "command": "pause", "maps": ["Currencies"] } ]"#,
    );
    assert!(
        refused[0].starts_with("0: example[0] was refused"),
        "{refused:?}"
    );
    // A turn that solves the lesson is another way to solve it, never said.
    let only_running =
        r#"[ { "text": "Running", "expect": { "status": { "Currencies": "Running" } } } ]"#;
    let skipped = r#"[ { "text": "x", "when": { "log_contains": { "Currencies": ["Initial sync skipped"] } },
        "example": [ { "command": "run", "maps": [ { "map": "Currencies" } ], "initial_sync": "Skip" } ] } ]"#;
    let solving = lesson(only_running, SOLUTION, "[]").replacen(
        r#""hints""#,
        &format!(r#""pitfalls": {skipped}, "hints""#),
        1,
    );
    assert_eq!(
        Lesson::load(&solving).unwrap().check().pitfalls,
        [(0, PitfallProblem::ExampleSolves)]
    );
    // A turn whose example leads to an earlier one too is never said: the first is.
    let two = format!(
        "[ {}, {} ]",
        SKIPPED.trim().trim_start_matches('[').trim_end_matches(']'),
        skipped.trim().trim_start_matches('[').trim_end_matches(']')
    );
    let shadowed = Lesson::load(&lesson_with_pitfalls(&two)).unwrap();
    assert_eq!(shadowed.pitfalls.len(), 2);
    assert_eq!(shadowed.check().pitfalls, [(1, PitfallProblem::Hidden(0))]);
    // Its text names only what exists, as the story and hints must.
    let named = SKIPPED.replace("run `Currencies`", "run `Currency`");
    let lesson = Lesson::load(&lesson_with_pitfalls(&named)).unwrap();
    assert_eq!(lesson.check().unknown_names, ["Currency"]);
}

#[test]
fn pitfalls_are_read_strictly_and_written_back_only_when_there_are_some() {
    let text = lesson_with_pitfalls(SKIPPED);
    let file: dualwrite_engine::lesson::LessonFile =
        dualwrite_engine::format::from_json(&text).unwrap();
    let again: dualwrite_engine::lesson::LessonFile =
        dualwrite_engine::format::from_json(&file.to_json()).unwrap();
    assert_eq!(again, file);
    assert_eq!(again.pitfalls.len(), 1);
    let none: dualwrite_engine::lesson::LessonFile =
        dualwrite_engine::format::from_json(&lesson(RUNNING, SOLUTION, "[]")).unwrap();
    assert!(!none.to_json().contains("pitfalls"));
    for (bad, says) in [
        (SKIPPED.replace(r#""when""#, r#""whenever""#), "whenever"),
        (
            SKIPPED.replace(r#""example": ["#, r#""example": 3, "x": ["#),
            "example",
        ),
    ] {
        let e = Lesson::load(&lesson_with_pitfalls(&bad)).unwrap_err();
        assert!(e.to_string().contains(says), "{e}");
        assert!(e.to_string().contains("pitfalls[0]"), "{e}");
    }
}

#[test]
fn a_wrong_turn_made_of_the_facts_offered_checks_and_is_said() {
    use dualwrite_engine::lesson::{LessonFile, Pitfall};
    let text = lesson(RUNNING, SOLUTION, r#"["Run it."]"#);
    let lesson = Lesson::load(&text).unwrap();
    let mut s = lesson.session();
    common::ok(
        &mut s,
        dualwrite_engine::format::command_from_json(
            r#"{"command":"run","maps":[{"map":"Currencies"}],"initial_sync":"Skip"}"#,
        )
        .unwrap(),
    );
    let facts = lesson.wrong_turn_facts(&s);
    let texts: Vec<&str> = facts.iter().map(|g| g.text.as_str()).collect();
    // What changed, then the goals not met: Running is met, so only "Five" is offered.
    assert!(texts.contains(&"Currencies is Running"), "{texts:?}");
    assert!(texts.contains(&"Not yet: Five"), "{texts:?}");
    assert!(!texts.contains(&"Not yet: Running"), "{texts:?}");
    let fact = |t: &str| facts.iter().find(|g| g.text == t).unwrap().expect.clone();
    let when = fact("Currencies is Running").and(fact("Not yet: Five"));
    assert_eq!(when.status.len(), 1);
    assert_eq!(when.not.len(), 1);
    let mut file: LessonFile = dualwrite_engine::format::from_json(&text).unwrap();
    file.pitfalls
        .push(Pitfall::from_session(&s, "Skipped.", when.clone()));
    let with = Lesson::load(&file.to_json()).unwrap();
    assert!(with.check().ok(), "{:?}", with.check());
    assert_eq!(with.pitfall(&s).map(|(i, _)| i), Some(0));
    // Running alone is on the solution's way: the check says where.
    file.pitfalls[0].when = fact("Currencies is Running");
    let alone = Lesson::load(&file.to_json()).unwrap();
    assert_eq!(
        alone.check().pitfalls,
        [(0, PitfallProblem::OnTheSolutionsWay(1))]
    );
}

#[test]
fn expectations_joined_ask_for_both_and_add_up_log_texts() {
    use dualwrite_engine::script::Expect;
    let read = |t: &str| -> Expect { dualwrite_engine::format::from_json(t).unwrap() };
    let a = read(
        r#"{"status":{"Currencies":"Running"},"log_contains":{"Currencies":["a"]},"queued":{"Currencies":1}}"#,
    );
    let b = read(
        r#"{"log_contains":{"Currencies":["b"]},"queued":{"Currencies":2},"faults":{},"not":[{}]}"#,
    );
    let both = a.and(b);
    assert_eq!(both.status["Currencies"], "Running");
    assert_eq!(both.log_contains["Currencies"], ["a", "b"]);
    assert_eq!(both.queued["Currencies"], 2, "the second's figure");
    assert!(both.faults.is_some());
    assert_eq!(both.not.len(), 1);
}

#[test]
fn a_lesson_plays_as_another_with_the_same_start_and_solution_whatever_its_texts() {
    use dualwrite_engine::lesson::LessonFile;
    let read = |t: &str| -> LessonFile { dualwrite_engine::format::from_json(t).unwrap() };
    let one = read(&lesson(RUNNING, SOLUTION, r#"["Run it."]"#));
    let retold = read(
        &lesson(RUNNING, SOLUTION, "[]")
            .replace(r#""title": "T""#, r#""title": "Other""#)
            .replacen(
                r#""hints""#,
                &format!(r#""pitfalls": {SKIPPED}, "hints""#),
                1,
            ),
    );
    assert!(one.plays_as(&retold) && retold.plays_as(&one));
    let other_steps = read(&lesson(
        RUNNING,
        r#"[ { "command": "run", "maps": [ { "map": "Currencies" } ] } ]"#,
        "[]",
    ));
    assert!(!one.plays_as(&other_steps));
    let other_start = read(
        &lesson(RUNNING, SOLUTION, "[]").replacen(
            r#""hints""#,
            r#""setup": [ { "command": "set_fault", "side": "Dataverse", "fault": "unavailable" } ], "hints""#,
            1,
        ),
    );
    assert!(!one.plays_as(&other_start));
}

#[test]
fn a_goal_after_the_previous_ones_may_hold_alone_and_still_wait() {
    let rollback = builtin()
        .iter()
        .find(|(f, _)| f.starts_with("12-"))
        .map(|(_, t)| Lesson::load(t).unwrap())
        .unwrap();
    let s = rollback.session();
    assert_eq!(rollback.goals_met(&s), [false, false, false]);
    assert_eq!(rollback.goals_holding(&s), [false, true, true]);
}
