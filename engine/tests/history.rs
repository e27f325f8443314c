//! The command log (`Session`): undo, redo and goto at their bounds, and a history that
//! stays true after it is cut. Each test pins behaviour the timeline stands on.

use crate::common;

use common::*;
use dualwrite_engine::*;

/// A session of `n` ticks: the state after k commands has clock k.
fn ticks(n: usize) -> Session {
    let mut s = Session::new(demo());
    for _ in 0..n {
        ok(&mut s, Command::Tick { ticks: 1 });
    }
    s
}

#[test]
fn undo_and_redo_stop_at_the_ends_and_change_nothing_there() {
    let mut s = Session::new(demo());
    assert!(!s.can_undo() && !s.can_redo());
    assert!(!s.undo(), "nothing to undo");
    assert!(!s.redo(), "nothing to redo");
    assert_eq!(s.state(), s.base());
    ok(&mut s, Command::Tick { ticks: 1 });
    assert!(s.can_undo() && !s.can_redo());
    assert!(s.undo());
    assert_eq!((s.cursor(), s.state().clock), (0, 0));
    assert!(!s.can_undo() && s.can_redo());
    assert!(!s.undo());
    assert!(s.redo());
    assert_eq!((s.cursor(), s.state().clock), (1, 1));
    assert!(!s.redo());
    assert_eq!(s.commands().len(), 1, "undo and redo never change the log");
}

#[test]
fn goto_lands_on_every_point_of_a_long_history_and_clamps_past_the_end() {
    let mut s = ticks(200);
    // Every point, forwards and backwards, by long and short jumps.
    for n in (0..=200).rev().step_by(7).chain((0..=200).step_by(13)) {
        s.goto(n);
        assert_eq!((s.cursor(), s.state().clock), (n, n as u64), "goto({n})");
    }
    s.goto(10_000);
    assert_eq!(
        (s.cursor(), s.state().clock),
        (200, 200),
        "clamped to the log"
    );
    s.goto(0);
    assert_eq!(s.state(), s.base());
}

#[test]
fn a_command_after_going_back_drops_the_future_for_good() {
    let mut s = ticks(150);
    s.goto(70);
    ok(&mut s, Command::SetRowsPerTick { rows: 3 });
    assert_eq!(s.commands().len(), 71);
    assert!(!s.can_redo(), "the undone future is gone");
    // The dropped commands must not come back: rewind past the cut and forward again.
    for _ in 0..30 {
        ok(&mut s, Command::Tick { ticks: 1 });
    }
    // Past where the old future ended: any state kept from it would bring back the
    // dropped commands (rows per tick 10 instead of 3).
    for _ in 0..60 {
        ok(&mut s, Command::Tick { ticks: 1 });
    }
    for n in [0, 63, 64, 65, 70, 71, 90, 101, 128, 129, 140, 161] {
        s.goto(n);
        let mut applied = s.base().clone();
        for c in &s.commands()[..n] {
            applied.apply(c).unwrap();
        }
        assert_eq!(
            s.state(),
            &applied,
            "goto({n}) equals the log applied from the start"
        );
        assert_eq!(
            s.state().settings.rows_per_tick,
            if n > 70 { 3 } else { 10 }
        );
    }
}

#[test]
fn a_replay_stops_at_its_cursor_and_keeps_the_rest_to_redo() {
    let s = ticks(100);
    let r = Session::replay(s.base().clone(), s.commands().to_vec(), 40).unwrap();
    assert_eq!((r.cursor(), r.state().clock), (40, 40));
    assert_eq!(r.commands().len(), 100);
    assert!(r.can_redo());
    let past = Session::replay(s.base().clone(), s.commands().to_vec(), 1_000).unwrap();
    assert_eq!(past.cursor(), 100, "a cursor past the log is clamped");
    // A refused command in a log is named by its place.
    let mut log = s.commands().to_vec();
    log.insert(
        5,
        Command::Pause {
            maps: vec!["Currencies".into()],
        },
    );
    let (at, _) = Session::replay(s.base().clone(), log, 10).unwrap_err();
    assert_eq!(at, 5);
}

#[test]
fn a_rolled_back_write_is_in_the_history_and_replays_its_error_count() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Currencies"]);
    ok(
        &mut s,
        Command::SetAvailability {
            side: Side::Dataverse,
            available: false,
        },
    );
    let n = s.cursor();
    assert!(s
        .dispatch(update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("x"))]
        ))
        .is_err());
    assert_eq!(s.cursor(), n + 1, "recorded: it counted an error");
    assert_eq!(s.state().map("Currencies").unwrap().error_times.len(), 1);
    let replayed = Session::replay(s.base().clone(), s.commands().to_vec(), s.cursor()).unwrap();
    assert_eq!(replayed.state(), s.state(), "the replay counts it again");
    s.undo();
    assert!(s.state().map("Currencies").unwrap().error_times.is_empty());
}

#[test]
fn a_rolled_back_write_is_logged_as_rolled_back_through_replay_and_a_cut() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Currencies"]);
    ok(
        &mut s,
        Command::SetFault {
            side: Side::Dataverse,
            fault: Some(dualwrite_engine::faults::Fault::Throttled),
        },
    );
    let err = s.dispatch(usd_on_finops("NAME", "Dollar")).unwrap_err();
    assert!(matches!(err, CommandError::RolledBack { .. }), "{err:?}");
    let last = s.commands().len() - 1;
    assert!(s.rolled_back(last), "logged, and marked rolled back");
    assert!(!(0..last).any(|i| s.rolled_back(i)));
    // In words, not "saved".
    assert_eq!(
        s.command_in_words(last).as_deref(),
        Some("Row USD not saved in Finance and operations apps Currencies: NAME = \"Dollar\" (rolled back on both sides)")
    );
    // Rebuilt from its log (a reload, a file, a link), it says the same.
    let again = Session::replay(s.base().clone(), s.commands().to_vec(), s.cursor()).unwrap();
    assert!(again.rolled_back(last) && !again.rolled_back(0));
    // Undone, redone, moved over: the mark stays with its step.
    assert!(s.undo());
    assert!(
        s.rolled_back(last),
        "an undone step keeps its mark (the timeline lists it)"
    );
    assert!(s.redo());
    assert!(s.rolled_back(last));
    s.goto(0);
    s.goto(s.commands().len());
    assert!(s.rolled_back(last) && !s.rolled_back(0));
    // Undone, then cut by a new command in its place: the mark goes with it.
    assert!(s.undo());
    ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(s.commands().len() - 1, last);
    assert!(!s.rolled_back(last));
}

#[test]
fn the_log_lists_runs_of_ticks_as_one_line_and_never_cuts_a_run() {
    use dualwrite_engine::history::LogLine;
    let mut s = ticks(2);
    let set = Command::SetRowsPerTick { rows: 5 };
    ok(&mut s, set.clone());
    for n in 1..=4 {
        ok(&mut s, Command::Tick { ticks: n });
    }
    ok(&mut s, set);
    // Ticks 0-1 are too few for a run; 3-6 are one, adding up their ticks.
    assert_eq!(
        s.log_lines(0, 3),
        [
            LogLine::Command(0),
            LogLine::Command(1),
            LogLine::Command(2),
            LogLine::Ticks {
                steps: 3..7,
                ticks: 10
            },
            LogLine::Command(7),
        ]
    );
    // Listed from inside the run: the run is listed whole.
    assert_eq!(
        s.log_lines(5, 3)[0],
        LogLine::Ticks {
            steps: 3..7,
            ticks: 10
        }
    );
    assert_eq!(s.log_lines(7, 3), [LogLine::Command(7)]);
    assert_eq!(s.log_lines(8, 3), []);
    assert_eq!(s.log_lines(99, 3), []);
    // A longer minimum leaves the run as its steps, and a window starting inside them
    // does not walk back.
    assert_eq!(s.log_lines(3, 5).len(), 5);
    assert_eq!(s.log_lines(5, 5)[0], LogLine::Command(5));
    // Two ticks are too few: listed from the second one, the first is not added.
    assert_eq!(
        s.log_lines(1, 3),
        [
            LogLine::Command(1),
            LogLine::Command(2),
            LogLine::Ticks {
                steps: 3..7,
                ticks: 10
            },
            LogLine::Command(7)
        ]
    );
}

#[test]
fn the_last_generate_is_read_where_the_history_stands() {
    let mut s = Session::new(demo());
    assert_eq!(s.last_generated_customers(), None);
    ok(
        &mut s,
        Command::GenerateCustomers {
            count: 2500,
            seed: 1,
        },
    );
    ok(&mut s, Command::Tick { ticks: 1 });
    ok(&mut s, Command::GenerateCustomers { count: 40, seed: 1 });
    assert_eq!(s.last_generated_customers(), Some(40));
    s.undo();
    assert_eq!(
        s.last_generated_customers(),
        Some(2500),
        "the undone one is not applied"
    );
    s.goto(0);
    assert_eq!(s.last_generated_customers(), None);
}

#[test]
fn the_last_commands_events_are_found_again_after_a_replay_and_an_undo() {
    let mut s = Session::new(demo());
    assert_eq!(s.last_events(), None, "nothing happened yet");
    ok(&mut s, run_cmd(&["Legal entities", "Currencies"]));
    let synced = ok(&mut s, Command::RunUntilIdle);
    assert!(!synced.is_empty());
    // A write dual-write rolled back is an error the log keeps, with what it caused.
    let fault = |fault| Command::SetFault {
        side: Side::Dataverse,
        fault,
    };
    ok(
        &mut s,
        fault(Some(dualwrite_engine::faults::Fault::Unavailable)),
    );
    let refused = s.dispatch(update(
        Side::FinOps,
        "Currencies",
        &["USD"],
        &[("NAME", t("Dollar"))],
    ));
    assert!(
        matches!(refused, Err(CommandError::RolledBack { .. })),
        "{refused:?}"
    );
    assert_eq!(s.last_events(), Some(refused.clone()));
    ok(&mut s, fault(None));
    let paused = ok(&mut s, pause_cmd(&["Currencies"]));
    assert!(!paused.is_empty());
    assert_eq!(s.last_events(), Some(Ok(paused)));
    // After a reload (the log replayed to a point) and after going back, as they were
    // given.
    let mut replayed = Session::replay(s.base().clone(), s.commands().to_vec(), 4).unwrap();
    let state = replayed.state().clone();
    assert_eq!(replayed.last_events(), Some(refused));
    assert_eq!(replayed.state(), &state, "the session is as it was");
    assert_eq!(replayed.cursor(), 4);
    let mut back = s.clone();
    back.goto(2);
    assert_eq!(back.last_events(), Some(Ok(synced)));
}

#[test]
fn mappings_saved_are_said_by_the_one_mapping_added_deleted_or_changed() {
    let mut s = Session::new(demo());
    let before = s.state().map("Currencies").unwrap().mappings.clone();
    let set = |mappings: Vec<dualwrite_engine::map::ColumnMapping>| Command::SetMappings {
        map: "Currencies".into(),
        mappings,
    };
    let mut fewer = before.clone();
    let gone = fewer.remove(1);
    ok(&mut s, set(fewer.clone()));
    let n = fewer.len();
    assert_eq!(
        s.command_in_words(0).unwrap(),
        format!(
            "Mapping {} deleted from Currencies ({n} mappings left)",
            gone.label()
        )
    );
    // One changed: its direction.
    let mut changed = fewer.clone();
    changed[0].direction = dualwrite_engine::map::Direction::ToDataverse;
    ok(&mut s, set(changed.clone()));
    assert_eq!(
        s.command_in_words(1).unwrap(),
        format!("Mapping {} of Currencies changed", changed[0].label())
    );
    // Two at once: the command's own words.
    ok(&mut s, set(before.clone()));
    assert_eq!(
        s.command_in_words(2).unwrap(),
        format!(
            "Table mappings of Currencies saved ({} mappings)",
            before.len()
        )
    );
}
