//! The status table of domain.md section 2: every action in every status, allowed or
//! refused, and the resume options.

use crate::common;

use common::*;
use dualwrite_engine::map::{ChangeKind, RetryStatus};
use dualwrite_engine::*;

const MAP: &str = "Currencies";

/// A session with the Currencies map in the given status. Resuming holds one queued
/// change so that it does not finish before the test acts.
fn in_status(kind: StatusKind) -> Session {
    let mut s = Session::new(demo());
    match kind {
        StatusKind::NotRunning => {}
        StatusKind::Initializing => {
            ok(&mut s, run_cmd(&[MAP]));
        }
        StatusKind::Running => run_all(&mut s, &[MAP]),
        StatusKind::Paused => {
            run_all(&mut s, &[MAP]);
            ok(&mut s, pause_cmd(&[MAP]));
        }
        StatusKind::Resuming => {
            run_all(&mut s, &[MAP]);
            ok(&mut s, pause_cmd(&[MAP]));
            ok(
                &mut s,
                update(
                    Side::FinOps,
                    "Currencies",
                    &["USD"],
                    &[("NAME", t("Dollar"))],
                ),
            );
            ok(&mut s, resume_cmd(&[MAP], ResumeOption::CatchUp));
        }
    }
    assert_eq!(status(&s, MAP), kind);
    s
}

fn action_command(action: Action) -> Command {
    match action {
        Action::Run => run_cmd(&[MAP]),
        Action::Stop => stop_cmd(&[MAP]),
        Action::Pause => pause_cmd(&[MAP]),
        Action::SkipToLiveSync => Command::SkipToLiveSync {
            maps: vec![MAP.into()],
            preserve: true,
        },
    }
}

const ALL_STATUSES: [StatusKind; 5] = [
    StatusKind::NotRunning,
    StatusKind::Initializing,
    StatusKind::Running,
    StatusKind::Paused,
    StatusKind::Resuming,
];
const ALL_ACTIONS: [Action; 4] = [
    Action::Run,
    Action::Stop,
    Action::Pause,
    Action::SkipToLiveSync,
];

#[test]
fn every_status_offers_exactly_the_documented_actions() {
    use Action::*;
    let table = [
        (StatusKind::NotRunning, vec![Run]),
        (StatusKind::Initializing, vec![]),
        (StatusKind::Running, vec![Stop, Pause]),
        (StatusKind::Paused, vec![Run]),
        (StatusKind::Resuming, vec![SkipToLiveSync]),
    ];
    for (status, allowed) in table {
        assert_eq!(status.allowed(), allowed.as_slice(), "{status}");
    }
}

#[test]
fn refused_actions_name_the_status_and_change_nothing() {
    for status in ALL_STATUSES {
        for action in ALL_ACTIONS {
            if status.allows(action) {
                continue;
            }
            let mut s = in_status(status);
            let before = s.state().clone();
            let cursor = s.cursor();
            let err = s.dispatch(action_command(action)).unwrap_err();
            assert_eq!(
                err,
                CommandError::NotAllowed {
                    map: MAP.into(),
                    action,
                    status,
                    allowed: status.allowed().to_vec(),
                }
            );
            let text = err.to_string();
            assert!(text.contains(&status.to_string()), "{text}");
            assert_eq!(*s.state(), before, "{action} on {status} changed the state");
            assert_eq!(s.cursor(), cursor, "a refused command is not logged");
        }
    }
}

#[test]
fn refusal_message_lists_the_allowed_actions() {
    let mut s = in_status(StatusKind::Running);
    let err = s.dispatch(action_command(Action::Run)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Run is not available for 'Currencies': it is Running, which allows Stop, Pause"
    );
    let mut s = in_status(StatusKind::Initializing);
    let err = s.dispatch(action_command(Action::Stop)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Stop is not available for 'Currencies': it is Initializing, which allows no action"
    );
}

#[test]
fn allowed_actions_lead_to_the_documented_status() {
    use StatusKind::*;
    let cases = [
        (NotRunning, Action::Run, Initializing),
        (Running, Action::Stop, NotRunning),
        (Running, Action::Pause, Paused),
        (Paused, Action::Run, Resuming),
        (Resuming, Action::SkipToLiveSync, Running),
    ];
    for (from, action, to) in cases {
        let mut s = in_status(from);
        ok(&mut s, action_command(action));
        assert_eq!(status(&s, MAP), to, "{action} on {from}");
    }
}

#[test]
fn run_without_initial_sync_goes_straight_to_running_and_copies_nothing() {
    let mut s = Session::new(demo());
    let before = s.state().world.clone();
    ok(&mut s, skip_cmd(&[MAP]));
    assert_eq!(status(&s, MAP), StatusKind::Running);
    assert_eq!(s.state().world, before);
    assert!(s.state().map(MAP).unwrap().executions.is_empty());
}

#[test]
fn initial_sync_progress_advances_by_rows_per_tick() {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows: 2 });
    ok(&mut s, run_cmd(&[MAP]));
    // Currencies: 5 FinOps rows and 2 Dataverse rows in scope.
    assert_eq!(s.state().map(MAP).unwrap().status.progress(), Some((0, 7)));
    ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(s.state().map(MAP).unwrap().status.progress(), Some((2, 7)));
    ok(&mut s, Command::Tick { ticks: 3 });
    assert_eq!(status(&s, MAP), StatusKind::Running);
    assert_eq!(s.state().clock, 4);
}

#[test]
fn the_work_until_idle_is_the_rows_and_queued_changes_left_of_every_busy_map() {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows: 2 });
    assert_eq!(s.state().work_until_idle(), 0);
    // Legal entities' 3 rows, then Currencies' 7.
    ok(&mut s, run_cmd(&["Legal entities", MAP]));
    assert_eq!(s.state().work_until_idle(), 3 + 7);
    ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(s.state().work_until_idle(), 1 + 7);
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(s.state().work_until_idle(), 0);
    // A paused map's queue is no work until it resumes; then its changes are.
    ok(&mut s, pause_cmd(&[MAP]));
    for name in ["A", "B", "C"] {
        ok(
            &mut s,
            Command::UpdateRow {
                side: Side::FinOps,
                table: MAP.into(),
                row: RowRef::Key(vec![Value::text("USD")]),
                cells: [("NAME".to_string(), Value::text(name))].into(),
            },
        );
    }
    assert_eq!(s.state().work_until_idle(), 0);
    ok(&mut s, run_cmd(&[MAP]));
    assert_eq!(s.state().work_until_idle(), 3);
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(s.state().work_until_idle(), 0);
}

#[test]
fn several_maps_initialize_one_after_another_in_the_chosen_order() {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows: 3 });
    ok(&mut s, run_cmd(&["Legal entities", "Currencies"]));
    ok(&mut s, Command::Tick { ticks: 1 });
    // Legal entities has 3 rows: done in the first tick; Currencies has not started.
    assert_eq!(status(&s, "Legal entities"), StatusKind::Running);
    assert_eq!(
        s.state().map("Currencies").unwrap().status.progress(),
        Some((0, 7))
    );
}

#[test]
fn multi_map_actions_are_all_or_nothing_and_name_the_blocking_map() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities"]);
    let before = s.state().clone();
    let err = s
        .dispatch(Command::Pause {
            maps: vec!["Legal entities".into(), "Currencies".into()],
        })
        .unwrap_err();
    assert!(matches!(&err, CommandError::NotAllowed { map, .. } if map == "Currencies"));
    assert_eq!(*s.state(), before);
    let err = s.dispatch(Command::Stop { maps: vec![] }).unwrap_err();
    assert_eq!(err, CommandError::NothingSelected);
    let err = s.dispatch(stop_cmd(&["Nope"])).unwrap_err();
    assert_eq!(err.to_string(), "there is no table map named 'Nope'");
}

#[test]
fn run_refuses_a_map_whose_dataverse_table_lacks_the_alternate_key() {
    let mut sim = demo();
    let t = sim
        .world
        .dataverse
        .get_mut("transactioncurrencies")
        .unwrap();
    t.key.clear();
    t.reindex().unwrap();
    let mut s = Session::new(sim);
    let err = s.dispatch(run_cmd(&[MAP])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "'Currencies' cannot run: the Dataverse table 'transactioncurrencies' has no alternate key on (isocurrencycode), the columns the integration key maps to"
    );
    assert_eq!(status(&s, MAP), StatusKind::NotRunning);
}

#[test]
fn mappings_can_be_edited_only_while_not_running() {
    let mut s = Session::new(demo());
    run_all(&mut s, &[MAP]);
    let mappings = s.state().map(MAP).unwrap().mappings.clone();
    let err = s
        .dispatch(Command::SetMappings {
            map: MAP.into(),
            mappings: mappings.clone(),
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "'Currencies' is Running: to edit its mappings, stop it"
    );
    // Paused, Stop is not offered: the way to an edit says so, for filters as well.
    ok(
        &mut s,
        Command::Pause {
            maps: vec![MAP.into()],
        },
    );
    assert!(s.state().why_not(&[MAP], Action::Stop).is_some());
    assert_eq!(
        s.state().why_not_edit(MAP, Edit::Filters).as_deref(),
        Some("'Currencies' is Paused: to edit its filters, resume it (Resume, or Run), then stop it once it is Running")
    );
    ok(&mut s, run_cmd(&[MAP]));
    assert_eq!(
        s.state().why_not_edit(MAP, Edit::Mappings).as_deref(),
        Some("'Currencies' is Resuming: to edit its mappings, let its catch-up end (or Skip to live sync), then stop it")
    );
    ok(&mut s, Command::RunUntilIdle);
    ok(&mut s, stop_cmd(&[MAP]));
    // Not running: nothing is needed first, and nothing refuses the edit.
    assert_eq!(StatusKind::NotRunning.before_editing(), None);
    assert_eq!(s.state().why_not_edit(MAP, Edit::Mappings), None);
    ok(
        &mut s,
        Command::SetMappings {
            map: MAP.into(),
            mappings: mappings[..2].to_vec(),
        },
    );
    assert_eq!(s.state().map(MAP).unwrap().mappings.len(), 2);
}

#[test]
fn a_mapping_to_a_missing_column_is_refused() {
    let mut s = Session::new(demo());
    let err = s
        .dispatch(Command::SetMappings {
            map: MAP.into(),
            mappings: vec![ColumnMapping::both("CURRENCYCODE", "nope")],
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "'Currencies' is not valid: 'transactioncurrencies' has no column 'nope'"
    );
}

#[test]
fn bad_filters_are_refused_with_the_position() {
    let mut s = Session::new(demo());
    let err = s
        .dispatch(Command::SetFilter {
            map: MAP.into(),
            side: Side::FinOps,
            filter: "CURRENCYCODE == ".into(),
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "filter of 'Currencies': expected a value, found the end at column 17"
    );
    let err = s
        .dispatch(Command::SetFilter {
            map: MAP.into(),
            side: Side::FinOps,
            filter: "NOPE == 1".into(),
        })
        .unwrap_err();
    assert!(err.to_string().contains("reads 'NOPE'"), "{err}");
}

#[test]
fn a_filter_literal_no_cell_can_equal_is_taken_with_a_warning_naming_it() {
    let mut s = Session::new(demo());
    let set = |s: &mut Session, map: &str, side: Side, filter: &str| {
        let events = ok(
            s,
            Command::SetFilter {
                map: map.into(),
                side,
                filter: filter.into(),
            },
        );
        events
            .iter()
            .filter_map(|e| match e {
                Event::Warning { message, .. } => Some(message.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // A decimal column compared with text, beside a comparison that is fine.
    let warned = set(
        &mut s,
        MAP,
        Side::FinOps,
        r#"EXCHANGERATE == "abc" or CURRENCYCODE == "USD""#,
    );
    assert_eq!(
        warned,
        ["the Finance and operations apps filter compares EXCHANGERATE with 'abc' (expected a decimal, found text), a value no cell of that column holds: == there keeps no row, != every row"]
    );
    let log = &s.state().map(MAP).unwrap().log;
    assert!(
        log.iter()
            .any(|l| l.message.starts_with("Warning: the Finance")),
        "logged too"
    );
    // A whole number for a decimal column, null, and a label the enum has: no warning.
    assert!(set(
        &mut s,
        MAP,
        Side::FinOps,
        "EXCHANGERATE == 1 or NAME == null"
    )
    .is_empty());
    // As the filter compares: an empty text equals an empty cell, a whole decimal the
    // same integer.
    assert!(set(&mut s, MAP, Side::FinOps, r#"NAME == """#).is_empty());
    assert!(set(
        &mut s,
        "Terms of payment",
        Side::FinOps,
        "NUMBEROFDAYS == 30.0"
    )
    .is_empty());
    assert_eq!(
        set(
            &mut s,
            "Terms of payment",
            Side::FinOps,
            "NUMBEROFDAYS == 30.5"
        )
        .len(),
        1
    );
    assert!(set(
        &mut s,
        "Customers V3",
        Side::FinOps,
        r#"PARTYTYPE == "Organization""#
    )
    .is_empty());
    // A label the enum does not have, and an option value the option set lacks.
    let warned = set(
        &mut s,
        "Customers V3",
        Side::FinOps,
        r#"PARTYTYPE != "Org""#,
    );
    assert_eq!(warned.len(), 1);
    assert!(
        warned[0].contains("PARTYTYPE with 'Org' ('Org' is not one of the labels"),
        "{warned:?}"
    );
    let warned = set(
        &mut s,
        "Customers V3",
        Side::Dataverse,
        "customertypecode eq 7",
    );
    assert!(
        warned[0].contains("customertypecode with 7 (7 is not one of the options"),
        "{warned:?}"
    );
}

fn paused_with_three_changes() -> Session {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", MAP]);
    ok(&mut s, pause_cmd(&[MAP]));
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Dollar"))],
        ),
    );
    ok(
        &mut s,
        create(
            Side::Dataverse,
            "transactioncurrencies",
            &[
                ("isocurrencycode", t("CHF")),
                ("currencyname", t("Swiss Franc")),
            ],
        ),
    );
    ok(&mut s, delete(Side::FinOps, "Currencies", &["JPY"]));
    s
}

#[test]
fn pause_queues_creates_updates_and_deletes_in_order() {
    let s = paused_with_three_changes();
    let q = s.state().map(MAP).unwrap().status.queue().unwrap().clone();
    let kinds: Vec<ChangeKind> = q.changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [ChangeKind::Update, ChangeKind::Create, ChangeKind::Delete]
    );
    let seqs: Vec<u64> = q.changes.iter().map(|c| c.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    // Nothing reached the other side yet.
    let sim = s.state();
    assert_eq!(
        cell(
            sim,
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            "currencyname"
        ),
        Some(t("US Dollar"))
    );
    assert!(currency_name(sim, Side::FinOps, "CHF").is_none());
    assert!(currency_name(sim, Side::Dataverse, "JPY").is_some());
}

#[test]
fn catch_up_plays_the_queue_back_once_in_order() {
    let mut s = paused_with_three_changes();
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    ok(&mut s, resume_cmd(&[MAP], ResumeOption::CatchUp));
    assert_eq!(s.state().map(MAP).unwrap().status.progress(), Some((0, 3)));
    let events = ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(s.state().map(MAP).unwrap().status.progress(), Some((1, 3)));
    assert_eq!(
        events,
        [Event::CatchUpProgress {
            map: MAP.into(),
            played: 1,
            failed: 0,
            superseded: 0,
            done: 1,
            total: 3,
        }],
        "one summary a tick, no event per row"
    );
    // Oldest first: the first tick played FinOps' update of USD, and only that.
    let sim = s.state();
    assert_eq!(
        currency_name(sim, Side::Dataverse, "USD"),
        Some(t("Dollar"))
    );
    assert_eq!(currency_name(sim, Side::FinOps, "CHF"), None);
    assert!(currency_name(sim, Side::Dataverse, "JPY").is_some());
    let left: Vec<u64> = sim
        .map(MAP)
        .unwrap()
        .status
        .queue()
        .unwrap()
        .changes
        .iter()
        .map(|c| c.seq)
        .collect();
    assert!(
        left.windows(2).all(|w| w[0] < w[1]) && left.len() == 2,
        "{left:?}"
    );
    // A write while Resuming joins the end of the queue.
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["EUR"],
            &[("NAME", t("Euro (EU)"))],
        ),
    );
    assert_eq!(s.state().map(MAP).unwrap().status.progress(), Some((1, 4)));
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(status(&s, MAP), StatusKind::Running);
    let sim = s.state();
    let dv = |k: &str| {
        cell(
            sim,
            Side::Dataverse,
            "transactioncurrencies",
            &[k],
            "currencyname",
        )
    };
    assert_eq!(dv("USD"), Some(t("Dollar")));
    assert_eq!(dv("EUR"), Some(t("Euro (EU)")));
    assert_eq!(dv("JPY"), None, "the delete was played back");
    assert_eq!(
        cell(sim, Side::FinOps, "Currencies", &["CHF"], "NAME"),
        Some(t("Swiss Franc"))
    );
    assert!(sim.map(MAP).unwrap().catch_up_errors.is_empty());
}

/// Pauses Currencies (synced), applies the edits of USD's name in order (side, value),
/// resumes with catch-up and returns the session and the events of the catch-up.
fn rename_usd_during_a_pause(edits: &[(Side, &str)], rows_per_tick: u64) -> (Session, Vec<Event>) {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Currencies"]);
    ok(
        &mut s,
        Command::SetRowsPerTick {
            rows: rows_per_tick,
        },
    );
    ok(&mut s, pause_cmd(&["Currencies"]));
    for (side, name) in edits {
        let (table, column) = match side {
            Side::FinOps => ("Currencies", "NAME"),
            Side::Dataverse => ("transactioncurrencies", "currencyname"),
        };
        ok(&mut s, update(*side, table, &["USD"], &[(column, t(name))]));
    }
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    let events = ok(&mut s, Command::RunUntilIdle);
    assert_eq!(status(&s, "Currencies"), StatusKind::Running);
    assert!(s
        .state()
        .map("Currencies")
        .unwrap()
        .catch_up_errors
        .is_empty());
    (s, events)
}

fn superseded_count(events: &[Event]) -> u64 {
    events
        .iter()
        .map(|e| match e {
            Event::CatchUpProgress { superseded, .. } => *superseded,
            _ => 0,
        })
        .sum()
}

#[test]
fn the_most_recent_change_wins_on_both_sides_after_a_catch_up() {
    use Side::{Dataverse, FinOps};
    // Played one change a tick and all at once: the batch size must not matter.
    for rows in [1, 100] {
        let (s, events) =
            rename_usd_during_a_pause(&[(FinOps, "A"), (Dataverse, "B"), (FinOps, "C")], rows);
        assert_eq!(usd_names(&s), (Some(t("C")), Some(t("C"))), "{rows} a tick");
        assert_eq!(superseded_count(&events), 2, "A and B were superseded");
        // The feed says it in words, counted over the command's ticks: one progress
        // line, however many ticks the catch-up took.
        let said = "3 of 3 (3 played, 0 failed, 2 superseded cells)";
        assert_eq!(
            events
                .iter()
                .filter(|e| matches!(e, Event::CatchUpProgress { .. }))
                .count(),
            1,
            "{events:?}"
        );
        assert!(
            events.iter().any(|e| e.to_string().contains(said)),
            "{rows} a tick: {:?}",
            events.iter().map(|e| e.to_string()).collect::<Vec<_>>()
        );
        let log: Vec<&str> = s
            .state()
            .map("Currencies")
            .unwrap()
            .log
            .iter()
            .map(|l| l.message.as_str())
            .collect();
        assert!(
            log.iter().any(|l| l.contains("row (USD), NAME = currencyname: the queued Finance and operations apps value 'A' (change 1) was superseded by the later Dataverse change 2, so it was not written to Dataverse, which had 'B' then (the most recent change to a cell is the one that stays; the later change is played in its turn)")),
            "{log:#?}"
        );
        assert!(log.iter().any(|l| l.contains("the queued Dataverse value 'B' (change 2) was superseded by the later Finance and operations apps change 3, so it was not written to Finance and operations apps, which had 'C' then")), "{log:#?}");

        let (s, events) = rename_usd_during_a_pause(&[(FinOps, "Fin"), (Dataverse, "Dv")], rows);
        assert_eq!(usd_names(&s), (Some(t("Dv")), Some(t("Dv"))));
        assert_eq!(superseded_count(&events), 1);
    }
}

#[test]
fn changes_to_different_columns_of_one_row_both_play_back() {
    let mut s = paused_currencies();
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Dollar"))],
        ),
    );
    ok(
        &mut s,
        update(
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            &[("currencysymbol", t("US$"))],
        ),
    );
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    let events = ok(&mut s, Command::RunUntilIdle);
    assert_eq!(superseded_count(&events), 0);
    let sim = s.state();
    assert_eq!(
        cell(
            sim,
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            "currencyname"
        ),
        Some(t("Dollar"))
    );
    assert_eq!(
        cell(sim, Side::FinOps, "Currencies", &["USD"], "SYMBOL"),
        Some(t("US$"))
    );
}

#[test]
fn a_delete_followed_by_a_change_on_the_other_side_keeps_the_row_on_both() {
    let mut s = paused_currencies();
    ok(&mut s, delete(Side::FinOps, "Currencies", &["USD"]));
    ok(
        &mut s,
        update(
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            &[("currencyname", t("Kept"))],
        ),
    );
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    let events = ok(&mut s, Command::RunUntilIdle);
    assert_eq!(superseded_count(&events), 1);
    assert!(s
        .state()
        .map("Currencies")
        .unwrap()
        .catch_up_errors
        .is_empty());
    assert_eq!(usd_names(&s), (Some(t("Kept")), Some(t("Kept"))));
    // And the other way round: a change followed by a delete on the other side.
    let mut s = paused_currencies();
    ok(
        &mut s,
        update(
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            &[("currencyname", t("Gone"))],
        ),
    );
    ok(&mut s, delete(Side::FinOps, "Currencies", &["USD"]));
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(usd_names(&s), (None, None));
}

#[test]
fn a_catch_up_reports_its_failures_and_its_counts() {
    let mut s = paused_with_three_changes();
    ok(
        &mut s,
        Command::SetAvailability {
            side: Side::Dataverse,
            available: false,
        },
    );
    ok(&mut s, resume_cmd(&[MAP], ResumeOption::CatchUp));
    let events = ok(&mut s, Command::Tick { ticks: 1 });
    // The FinOps update and delete cannot reach Dataverse; the Dataverse create reaches
    // FinOps.
    let failed: Vec<u64> = events
        .iter()
        .filter_map(|e| match e {
            Event::CatchUpFailed { id, .. } => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(failed, [1, 2]);
    assert!(events.contains(&Event::CatchUpProgress {
        map: MAP.into(),
        played: 1,
        failed: 2,
        superseded: 0,
        done: 3,
        total: 3,
    }));
    assert_eq!(status(&s, MAP), StatusKind::Running);
    let m = s.state().map(MAP).unwrap();
    assert_eq!((m.played_back, m.pending_catch_up_errors()), (1, 2));
    assert_eq!(
        cell(s.state(), Side::FinOps, "Currencies", &["CHF"], "NAME"),
        Some(t("Swiss Franc"))
    );
}

#[test]
fn each_catch_up_error_names_the_row_of_its_own_change() {
    use dualwrite_engine::explain::Subject;
    let mut s = paused_with_three_changes();
    ok(
        &mut s,
        resume_cmd(&[MAP], ResumeOption::SkipPreservingErrors),
    );
    let sim = s.state();
    let errors = &sim.map(MAP).unwrap().catch_up_errors;
    let rows: Vec<Option<String>> = errors
        .iter()
        .map(|e| {
            let at = sim.locate(&Subject::CatchUpError {
                map: MAP.into(),
                id: e.id,
            })?;
            let t = &sim.world.tables(at.side)[at.table.as_str()];
            Some(format!(
                "{} {}",
                at.side,
                t.describe(at.id, t.rows.get(&at.id)?)
            ))
        })
        .collect();
    // The update of USD on FinOps and the create of CHF on Dataverse; the delete of JPY
    // names a row that is gone.
    assert_eq!(
        rows,
        [
            Some("Finance and operations apps USD".to_string()),
            Some("Dataverse CHF".to_string()),
            None
        ]
    );
}

#[test]
fn skip_preserving_keeps_the_queue_as_catch_up_errors_for_retry() {
    let mut s = paused_with_three_changes();
    ok(
        &mut s,
        resume_cmd(&[MAP], ResumeOption::SkipPreservingErrors),
    );
    assert_eq!(status(&s, MAP), StatusKind::Running);
    let m = s.state().map(MAP).unwrap();
    assert_eq!(m.pending_catch_up_errors(), 3);
    assert_eq!(
        cell(
            s.state(),
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            "currencyname"
        ),
        Some(t("US Dollar"))
    );
    let first = m.catch_up_errors[0].id;
    // A retry while neither side can be written fails again: said, and still pending.
    for side in Side::BOTH {
        ok(
            &mut s,
            Command::SetFault {
                side,
                fault: Some(dualwrite_engine::faults::Fault::Unavailable),
            },
        );
    }
    let events = ok(
        &mut s,
        Command::RetryCatchUpErrors {
            map: MAP.into(),
            ids: None,
        },
    );
    let failed: Vec<u64> = events
        .iter()
        .filter_map(|e| match e {
            Event::CatchUpFailed { id, message, .. } if message.contains("503") => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(failed.len(), 3, "{events:?}");
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(s.state().map(MAP).unwrap().pending_catch_up_errors(), 3);
    for side in Side::BOTH {
        ok(&mut s, Command::SetFault { side, fault: None });
    }
    // Retry one, then all.
    ok(
        &mut s,
        Command::RetryCatchUpErrors {
            map: MAP.into(),
            ids: Some(vec![first]),
        },
    );
    let m = s.state().map(MAP).unwrap();
    assert_eq!(m.catch_up_errors[0].retry, RetryStatus::Completed);
    assert_eq!(m.pending_catch_up_errors(), 2);
    assert_eq!(
        cell(
            s.state(),
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            "currencyname"
        ),
        Some(t("Dollar"))
    );
    ok(
        &mut s,
        Command::RetryCatchUpErrors {
            map: MAP.into(),
            ids: None,
        },
    );
    assert_eq!(s.state().map(MAP).unwrap().pending_catch_up_errors(), 0);
    assert!(cell(s.state(), Side::FinOps, "Currencies", &["CHF"], "NAME").is_some());
    let err = s
        .dispatch(Command::RetryCatchUpErrors {
            map: MAP.into(),
            ids: Some(vec![99]),
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "'Currencies' has no catch-up error 99");
}

#[test]
fn skip_discarding_drops_the_queue() {
    let mut s = paused_with_three_changes();
    let dv_before = s.state().world.dataverse.clone();
    let events = ok(&mut s, resume_cmd(&[MAP], ResumeOption::SkipDiscarding));
    assert_eq!(status(&s, MAP), StatusKind::Running);
    // Said as needing attention: the sides may now differ on those rows.
    let warned: Vec<&Event> = events
        .iter()
        .filter(|e| matches!(e, Event::Warning { .. }))
        .collect();
    assert_eq!(warned.len(), 1, "{events:?}");
    assert!(warned[0].needs_attention());
    assert!(
        warned[0]
            .to_string()
            .contains("3 queued record(s) discarded: not played back, so the two sides may differ"),
        "{}",
        warned[0]
    );
    let m = s.state().map(MAP).unwrap();
    assert!(m.catch_up_errors.is_empty());
    assert!(m
        .log
        .iter()
        .any(|l| l.message == "3 queued record(s) discarded"));
    assert_eq!(m.discarded, 3);
    assert_eq!(
        s.state().world.dataverse["transactioncurrencies"],
        dv_before["transactioncurrencies"]
    );
}

#[test]
fn skip_to_live_sync_while_resuming_preserves_or_discards_the_rest() {
    for preserve in [true, false] {
        let mut s = paused_with_three_changes();
        ok(&mut s, Command::SetRowsPerTick { rows: 1 });
        ok(&mut s, resume_cmd(&[MAP], ResumeOption::CatchUp));
        ok(&mut s, Command::Tick { ticks: 1 });
        let events = ok(
            &mut s,
            Command::SkipToLiveSync {
                maps: vec![MAP.into()],
                preserve,
            },
        );
        assert_eq!(status(&s, MAP), StatusKind::Running);
        assert_eq!(
            events
                .iter()
                .any(|e| e.to_string().contains("2 queued record(s) discarded")),
            !preserve
        );
        let m = s.state().map(MAP).unwrap();
        assert_eq!(m.pending_catch_up_errors(), if preserve { 2 } else { 0 });
        // The errors preserved are said once, by the queued records the tab lists (a
        // large queue is one line, not one per record).
        let said: Vec<String> = events
            .iter()
            .filter(|e| matches!(e, Event::CatchUpFailed { .. } | Event::Warning { .. }))
            .map(|e| e.to_string())
            .collect();
        let seqs: Vec<u64> = m.catch_up_errors.iter().map(|e| e.change.seq).collect();
        if preserve {
            assert_eq!(seqs.len(), 2);
            assert_eq!(
                said,
                [format!(
                    "Currencies: warning: 2 queued record(s) preserved as catch-up errors (queued records #{} to #{}), not played back until retried from the Catch-up errors tab",
                    seqs[0], seqs[1]
                )]
            );
        } else {
            assert_eq!(said.len(), 1, "the discard's warning only: {said:?}");
        }
        // The two changes left are counted as discarded, and said, only when discarded.
        assert_eq!(m.discarded, if preserve { 0 } else { 2 });
        assert_eq!(
            m.log
                .iter()
                .any(|l| l.message == "Skipped to live sync; 2 queued record(s) discarded"),
            !preserve
        );
    }
}

#[test]
fn a_full_queue_refuses_further_writes_until_resumed() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", MAP]);
    ok(
        &mut s,
        Command::SetQueueCapacity {
            map: MAP.into(),
            capacity: 1,
        },
    );
    ok(&mut s, pause_cmd(&[MAP]));
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Dollar"))],
        ),
    );
    let before = s.state().clone();
    let euro = || {
        update(
            Side::FinOps,
            "Currencies",
            &["EUR"],
            &[("NAME", t("Euro!"))],
        )
    };
    assert_eq!(
        refused(&mut s, euro()),
        "The queue of 'Currencies' is full (1 changes), so it takes no more changes to its rows: resume the map and let it catch up first"
    );
    assert_eq!(
        *s.state(),
        before,
        "the refused write was not made on its own side either"
    );
    ok(&mut s, resume_cmd(&[MAP], ResumeOption::CatchUp));
    // Resuming, the way out is the catch-up under way, not Resume.
    assert_eq!(status(&s, MAP), StatusKind::Resuming);
    assert_eq!(
        refused(&mut s, euro()),
        "The queue of 'Currencies' is full (1 changes), so it takes no more changes to its rows: let its catch-up play the queue back first (Tick, Play or Run until idle), or choose Skip to live sync"
    );
    ok(&mut s, Command::RunUntilIdle);
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["EUR"],
            &[("NAME", t("Euro!"))],
        ),
    );
}

/// A key change is refused while the map holds a queue, with the way out its status
/// offers: Resume when Paused; the catch-up under way (or Skip to live sync) when Resuming.
#[test]
fn a_key_change_while_a_queue_is_held_says_how_the_queue_empties() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", MAP]);
    ok(&mut s, pause_cmd(&[MAP]));
    ok(&mut s, usd_on_finops("NAME", "Dollar"));
    let rename = || {
        update(
            Side::FinOps,
            "Currencies",
            &["EUR"],
            &[("CURRENCYCODE", t("EUX"))],
        )
    };
    assert_eq!(
        refused(&mut s, rename()),
        "The integration key of this row cannot change while 'Currencies' is Paused: its queued changes find their rows by key. Resume the map and let it catch up first"
    );
    ok(&mut s, resume_cmd(&[MAP], ResumeOption::CatchUp));
    assert_eq!(status(&s, MAP), StatusKind::Resuming);
    assert_eq!(
        refused(&mut s, rename()),
        "The integration key of this row cannot change while 'Currencies' is Resuming: its queued changes find their rows by key. Let its catch-up play the queue back first (Tick, Play or Run until idle), or choose Skip to live sync"
    );
    ok(&mut s, Command::RunUntilIdle);
    ok(&mut s, rename());
}

/// A command that sets what is so already changes nothing, and is known as such (the app
/// makes no step of it); the same command with another value does change something.
#[test]
fn a_setting_to_what_is_so_already_changes_nothing() {
    let s = Session::new(demo());
    let sim = s.state();
    let m = sim.map(MAP).unwrap();
    let same = [
        Command::SetMappings {
            map: MAP.into(),
            mappings: m.mappings.clone(),
        },
        Command::SetAlerts {
            map: MAP.into(),
            alerts: m.alerts.clone(),
        },
        Command::SetMaster {
            map: MAP.into(),
            master: m.master,
        },
        Command::SetQueueCapacity {
            map: MAP.into(),
            capacity: m.queue_capacity,
        },
        Command::SetAvailability {
            side: Side::FinOps,
            available: true,
        },
        Command::SetRowsPerTick {
            rows: sim.settings.rows_per_tick,
        },
    ];
    for command in &same {
        assert!(sim.changes_nothing(command), "{command:?}");
    }
    let other = [
        Command::SetMappings {
            map: MAP.into(),
            mappings: m.mappings[..1].to_vec(),
        },
        Command::SetMaster {
            map: MAP.into(),
            master: m.master.other(),
        },
        Command::SetAvailability {
            side: Side::FinOps,
            available: false,
        },
        Command::SetRowsPerTick {
            rows: sim.settings.rows_per_tick + 1,
        },
        Command::Tick { ticks: 1 },
    ];
    for command in &other {
        assert!(!sim.changes_nothing(command), "{command:?}");
    }
}

#[test]
fn a_queue_older_than_a_day_warns_once() {
    let mut s = Session::new(demo());
    run_all(&mut s, &[MAP]);
    ok(&mut s, pause_cmd(&[MAP]));
    let warnings = |events: &[Event]| {
        events
            .iter()
            .filter(|e| matches!(e, Event::Warning { .. }))
            .count()
    };
    // Not within the day: 23 hours in, nothing yet; then once, when it turns a day old.
    let events = ok(&mut s, Command::Tick { ticks: 23 * 60 });
    assert_eq!(warnings(&events), 0, "{events:?}");
    // Then tick by tick: the warning comes at the tick that makes the queue a day old.
    let since = match &s.state().map(MAP).unwrap().status {
        MapStatus::Paused { queue } => queue.since,
        other => panic!("{other:?}"),
    };
    let mut warned_at = Vec::new();
    for _ in 0..120 {
        let events = ok(&mut s, Command::Tick { ticks: 1 });
        if warnings(&events) > 0 {
            warned_at.push(s.state().clock - since);
        }
    }
    assert_eq!(warned_at, [24 * 60], "once, at a day");
}

#[test]
fn a_large_dataverse_side_warns_at_run() {
    // The demo has 2 Dataverse currencies: 69,998 more make 70,000 (the limit, no
    // warning), 69,999 make 70,001.
    let warning_with = |added: u32| {
        let mut sim = demo();
        let t = sim
            .world
            .dataverse
            .get_mut("transactioncurrencies")
            .unwrap();
        for i in 0..added {
            let row = vec![
                common::t(&format!("X{i:05}")),
                common::t("x"),
                Value::Null,
                Value::Null,
            ];
            t.rows.insert(RowId(1000 + i), row);
        }
        t.next_id = 100_000;
        t.reindex().unwrap();
        let mut s = Session::new(sim);
        let events = ok(&mut s, run_cmd(&[MAP]));
        events.iter().find_map(|e| match e {
            Event::Warning { message, .. } => Some(message.clone()),
            _ => None,
        })
    };
    assert_eq!(warning_with(69_998), None, "at the limit");
    assert_eq!(
        warning_with(69_999).as_deref(),
        Some("70,001 Dataverse rows: copying more than 70,000 rows from Dataverse to finance and operations is discouraged for single-threaded entities such as Customers V3 (if this map's entity is one, migrate the data into finance and operations first and let the initial sync copy it to Dataverse)")
    );
}

#[test]
fn retrying_preserved_changes_lets_the_most_recent_win() {
    use Side::{Dataverse, FinOps};
    let mut s = paused_currencies();
    ok(
        &mut s,
        update(FinOps, "Currencies", &["USD"], &[("NAME", t("Fin"))]),
    );
    ok(
        &mut s,
        update(
            Dataverse,
            "transactioncurrencies",
            &["USD"],
            &[("currencyname", t("Dv"))],
        ),
    );
    ok(
        &mut s,
        resume_cmd(&["Currencies"], ResumeOption::SkipPreservingErrors),
    );
    assert_eq!(
        s.state()
            .map("Currencies")
            .unwrap()
            .pending_catch_up_errors(),
        2
    );
    ok(
        &mut s,
        Command::RetryCatchUpErrors {
            map: "Currencies".into(),
            ids: None,
        },
    );
    assert_eq!(
        usd_names(&s),
        (Some(t("Dv")), Some(t("Dv"))),
        "the later Dataverse change wins"
    );
    let m = s.state().map("Currencies").unwrap();
    assert_eq!(m.pending_catch_up_errors(), 0);
    assert!(m.log.iter().any(|l| l
        .message
        .contains("'Fin' (change 1) was superseded by the later Dataverse change 2")));
}

/// Currencies and Terms of payment Resuming together, each with queued changes left.
fn two_resuming() -> Session {
    const TERMS: &str = "Terms of payment";
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", MAP, TERMS]);
    ok(&mut s, pause_cmd(&[MAP, TERMS]));
    for name in ["Dollar", "Dollar!"] {
        ok(
            &mut s,
            update(Side::FinOps, "Currencies", &["USD"], &[("NAME", t(name))]),
        );
    }
    for days in ["Ten days", "10 days"] {
        ok(
            &mut s,
            update(
                Side::FinOps,
                "PaymentTerms",
                &["Net10", "usmf"],
                &[("DESCRIPTION", t(days))],
            ),
        );
    }
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    ok(&mut s, resume_cmd(&[MAP, TERMS], ResumeOption::CatchUp));
    assert_eq!(status(&s, MAP), StatusKind::Resuming);
    assert_eq!(status(&s, TERMS), StatusKind::Resuming);
    s
}

#[test]
fn skip_to_live_sync_acts_on_every_listed_map_or_on_none() {
    let terms = "Terms of payment";
    let mut s = two_resuming();
    // One of the listed maps is not Resuming: refused, nothing changes.
    let before = s.state().clone();
    let message = refused(
        &mut s,
        Command::SkipToLiveSync {
            maps: vec![MAP.into(), "Legal entities".into()],
            preserve: true,
        },
    );
    assert!(message.contains("Legal entities"), "{message}");
    assert_eq!(s.state(), &before);
    // Both listed maps go live, each keeping its own rest as catch-up errors.
    ok(
        &mut s,
        Command::SkipToLiveSync {
            maps: vec![MAP.into(), terms.into()],
            preserve: true,
        },
    );
    for map in [MAP, terms] {
        assert_eq!(status(&s, map), StatusKind::Running);
        assert_eq!(s.state().map(map).unwrap().pending_catch_up_errors(), 2);
    }
}

#[test]
fn files_written_with_one_map_still_read_and_several_maps_read_as_a_list() {
    let one: Command =
        format::from_json(r#"{ "command": "rerun_execution", "map": "Customers V3" }"#).unwrap();
    assert_eq!(
        one,
        Command::RerunExecution {
            maps: vec!["Customers V3".into()]
        }
    );
    let many: Command = format::from_json(
        r#"{ "command": "skip_to_live_sync", "maps": ["Currencies", "Terms of payment"], "preserve": false }"#,
    )
    .unwrap();
    assert_eq!(
        many,
        Command::SkipToLiveSync {
            maps: vec!["Currencies".into(), "Terms of payment".into()],
            preserve: false
        }
    );
    let wrong = format::from_json::<Command>(r#"{ "command": "rerun_execution", "map": 3 }"#)
        .unwrap_err()
        .to_string();
    assert!(
        wrong.contains("a map name or a list of map names"),
        "{wrong}"
    );
}

#[test]
fn skip_initial_sync_and_rerun_say_why_they_are_not_offered() {
    let mut s = Session::new(demo());
    let sim = s.state();
    assert_eq!(sim.why_not_skip_initial_sync(&[MAP]), None);
    assert!(sim.can_skip_initial_sync(MAP));
    assert_eq!(
        sim.why_not_rerun(&[MAP]).as_deref(),
        Some("Rerun execution is not available for 'Currencies': its last initial sync did not fail (or it has none)")
    );
    ok(&mut s, run_cmd(&[MAP]));
    let sim = s.state();
    assert_eq!(
        sim.why_not_skip_initial_sync(&["Legal entities", MAP]).as_deref(),
        Some("Skip initial sync is not available for 'Currencies': it is Initializing; it starts a map that is Not running"),
        "the first map that refuses is named"
    );
    assert!(sim
        .why_not_rerun(&[MAP])
        .is_some_and(|w| w.contains("it is Initializing")));
    // Where it is offered, nothing to say (the engine's own checks agree).
    let mut s = Session::new(demo());
    run_customers_with_finops_master(&mut s);
    // Its initial sync failed on a row: it is Not running, offered Rerun.
    let sim = s.state();
    assert!(sim.can_rerun("Customers V3"));
    assert_eq!(sim.why_not_rerun(&["Customers V3"]), None);
}

#[test]
fn each_tick_of_an_initial_sync_says_how_far_it_read() {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    ok(&mut s, run_cmd(&["Legal entities", "Currencies"]));
    let mut progress = Vec::new();
    let mut finished = 0;
    for _ in 0..100 {
        let events = s.dispatch(Command::Tick { ticks: 1 }).unwrap();
        for e in &events {
            match e {
                Event::InitialSyncProgress {
                    map,
                    read,
                    done,
                    total,
                } if map == "Currencies" => progress.push((*read, *done, *total)),
                Event::InitialSyncFinished { map, .. } if map == "Currencies" => finished += 1,
                _ => {}
            }
        }
        if finished > 0 {
            break;
        }
    }
    assert_eq!(finished, 1);
    assert!(!progress.is_empty(), "each tick said how far");
    let total = progress[0].2;
    for (i, (read, done, t)) in progress.iter().enumerate() {
        assert_eq!(*t, total);
        assert_eq!(*read, 1, "a batch each tick");
        assert_eq!(*done, i as u64 + 1);
    }
    // The last tick's batch is said too: the progress ends at all the rows, as the
    // finished sync does (not a row short of it).
    assert_eq!(progress.last().unwrap().1, total);
    assert_eq!(
        Event::InitialSyncProgress {
            map: "Currencies".into(),
            read: 4,
            done: 8,
            total: 10
        }
        .to_string(),
        "Currencies: initial sync read 4 row(s), 8 of 10 in all"
    );
}

#[test]
fn the_activity_log_tells_records_preserved_retried_and_a_rollbacks_row() {
    let log = |s: &Session| -> Vec<String> {
        s.state()
            .map("Currencies")
            .unwrap()
            .log
            .iter()
            .map(|l| l.message.clone())
            .collect()
    };
    let mut s = usd_rename_preserved();
    assert!(log(&s).contains(
        &"Skipped to live sync; 1 queued record(s) preserved as catch-up errors, for retry"
            .to_string()
    ));
    // Dataverse is down: the retry fails again, and says so.
    ok(
        &mut s,
        Command::SetFault {
            side: Side::Dataverse,
            fault: Some(Fault::Unavailable),
        },
    );
    let retry = Command::RetryCatchUpErrors {
        map: "Currencies".into(),
        ids: None,
    };
    ok(&mut s, retry.clone());
    let last = log(&s).last().cloned().unwrap();
    assert!(
        last.starts_with("Catch-up error on queued record #1 retried: failed again: "),
        "{last}"
    );
    // The error counts its retries (as the tab shows them), through a file too.
    let error = |s: &Session| s.state().map("Currencies").unwrap().catch_up_errors[0].clone();
    assert_eq!(error(&s).retries, 1);
    assert_eq!(error(&s).retry, RetryStatus::Pending);
    let text = format::export(&s, "t");
    assert_eq!(error(&format::import(&text).unwrap().0).retries, 1);
    assert_eq!(
        error(&s).status_in_words(),
        "Pending (retried 1 time, failed again)"
    );
    // A live write under the fault: rolled back, its row named.
    let _ = s.dispatch(update(
        Side::FinOps,
        "Currencies",
        &["EUR"],
        &[("NAME", t("Euro!"))],
    ));
    let last = log(&s).last().cloned().unwrap();
    assert!(
        last.starts_with("Live write rolled back (row EUR): "),
        "{last}"
    );
    ok(
        &mut s,
        Command::SetFault {
            side: Side::Dataverse,
            fault: None,
        },
    );
    ok(&mut s, retry);
    assert_eq!(
        log(&s).last().map(String::as_str),
        Some("Catch-up error on queued record #1 retried: completed")
    );
    assert_eq!(error(&s).retries, 2);
    assert_eq!(error(&s).status_in_words(), "Completed");
}

#[test]
fn run_until_idle_says_how_far_each_initial_sync_went_once_not_once_a_tick() {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    ok(&mut s, run_cmd(&["Legal entities", "Currencies"]));
    let events = ok(&mut s, Command::RunUntilIdle);
    let progress: Vec<&Event> = events
        .iter()
        .filter(|e| matches!(e, Event::InitialSyncProgress { .. }))
        .collect();
    let maps: Vec<&str> = progress
        .iter()
        .map(|e| match e {
            Event::InitialSyncProgress { map, .. } => map.as_str(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(maps, ["Legal entities", "Currencies"], "{events:?}");
    // Summed over every tick, the last one's batch included: all the rows.
    for e in progress {
        let Event::InitialSyncProgress {
            read, done, total, ..
        } = e
        else {
            unreachable!()
        };
        assert_eq!(read, done);
        assert_eq!(done, total, "{e:?}");
    }
    // Each before its map's finish.
    let place = |f: &dyn Fn(&Event) -> bool| events.iter().position(f).unwrap();
    assert!(
        place(&|e| matches!(e, Event::InitialSyncProgress { map, .. } if map == "Currencies"))
            < place(
                &|e| matches!(e, Event::InitialSyncFinished { map, .. } if map == "Currencies")
            )
    );
}

#[test]
fn a_retry_overtaken_by_a_newer_live_write_says_it_had_nothing_to_write() {
    let mut s = usd_rename_preserved();
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Newer"))],
        ),
    );
    let events = ok(
        &mut s,
        Command::RetryCatchUpErrors {
            map: "Currencies".into(),
            ids: None,
        },
    );
    // The feed says it too (a retry that writes nothing is not silent).
    let said: Vec<String> = events.iter().map(|e| s.event_in_words(e)).collect();
    assert_eq!(
        said,
        ["Currencies: catch-up error on queued record #1 retried: completed, with nothing to write (the other side already holds these values, or newer ones)"]
    );
    let m = s.state().map("Currencies").unwrap();
    assert_eq!(
        m.log.last().map(|l| l.message.as_str()),
        Some("Catch-up error on queued record #1 retried: completed, with nothing to write (the other side already holds these values, or newer ones)")
    );
    let dv = &s.state().world.tables(Side::Dataverse)["transactioncurrencies"];
    let usd = dv.rows.values().find(|r| r[0] == t("USD")).unwrap();
    assert!(usd.contains(&t("Newer")), "the newer write stays: {usd:?}");
}

/// Currencies paused with a rename of USD queued, then resumed by Skip to live sync
/// preserving the queue: the rename is catch-up error 1, pending.
fn usd_rename_preserved() -> Session {
    let mut s = paused_currencies();
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Dollar"))],
        ),
    );
    ok(
        &mut s,
        resume_cmd(&["Currencies"], ResumeOption::SkipPreservingErrors),
    );
    s
}

#[test]
fn a_queued_update_says_what_it_wrote_and_a_create_or_delete_nothing_more() {
    let mut s = paused_currencies();
    ok(
        &mut s,
        update(Side::FinOps, "Currencies", &["USD"], &[("NAME", t("A"))]),
    );
    ok(
        &mut s,
        Command::DeleteRow {
            side: Side::FinOps,
            table: "Currencies".into(),
            row: RowRef::Key(vec![t("EUR")]),
        },
    );
    let map = s.state().map("Currencies").unwrap();
    let queue = map.status.queue().unwrap();
    let words: Vec<String> = queue.changes.iter().map(|c| c.changes_in_words()).collect();
    assert_eq!(words, [r#"NAME = "A""#.to_string(), String::new()]);
}

#[test]
fn resume_is_offered_for_paused_maps_only() {
    let mut s = Session::new(demo());
    let said = |s: &Session| s.state().why_not_resume(&[MAP]);
    assert_eq!(
        said(&s).as_deref(),
        Some("Resume is not available for 'Currencies': it is Not running, and only a Paused map resumes")
    );
    run_all(&mut s, &[MAP]);
    assert!(said(&s).unwrap().contains("it is Running"));
    ok(&mut s, pause_cmd(&[MAP]));
    assert_eq!(said(&s), None);
    // Every map of the selection: one that is not Paused is named.
    assert!(s
        .state()
        .why_not_resume(&[MAP, "Legal entities"])
        .unwrap()
        .starts_with("Resume is not available for 'Legal entities'"));
    assert!(s
        .state()
        .why_not_resume(&["Nope"])
        .unwrap()
        .contains("Nope"));
}
