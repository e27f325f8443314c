//! Explanations from the engine: each names the case's own values, in the product's
//! terms, with its Microsoft Learn source.

use crate::common;

use common::*;
use dualwrite_engine::explain::{ExplainError, Subject, LEARN};
use dualwrite_engine::*;

fn customers_with_finops_master() -> Session {
    let mut s = Session::new(demo());
    run_customers_with_finops_master(&mut s);
    s
}

/// The explanation of the first line of `map`'s activity log that starts with `start`.
fn explain_line(s: &Session, map: &str, start: &str) -> dualwrite_engine::explain::Explanation {
    let log = &s.state().map(map).unwrap().log;
    let index = log
        .iter()
        .position(|l| l.message.starts_with(start))
        .unwrap_or_else(|| panic!("no '{start}' in {log:#?}"));
    s.state()
        .explain(&Subject::LogLine {
            map: map.into(),
            index,
        })
        .unwrap()
}

fn text(e: &dualwrite_engine::explain::Explanation) -> String {
    format!(
        "{} | {} | {}",
        e.title,
        e.why.join(" | "),
        e.next.clone().unwrap_or_default()
    )
}

#[test]
fn a_conflict_names_the_key_the_values_and_the_master_that_settled_it() {
    let s = customers_with_finops_master();
    let e = s
        .state()
        .explain(&Subject::Conflict {
            map: "Customers V3".into(),
            execution: None,
            index: 0,
        })
        .unwrap();
    let t = text(&e);
    for want in [
        "US-001, usmf",
        "ORGANIZATIONNAME = name",
        "'Contoso Retail San Diego'",
        "'Contoso Retail - San Diego'",
        "was Finance and operations apps",
        "CUSTOMERACCOUNT + dataAreaId = accountnumber + msdyn_company",
        "'Contoso Retail - San Diego' is gone from both sides now",
        "go back to before the run (Undo, or its step in History) and run 'Customers V3' again with Dataverse as its Master for initial sync",
    ] {
        assert!(t.contains(want), "missing '{want}' in {t}");
    }
    assert_eq!(e.url, format!("{LEARN}enable-entity-map"));
    assert!(!e.model_choice);
}

/// Typing the replaced value back is advised as the map's status allows: at once while
/// Running, queued while Paused, and only once Running when it is not.
#[test]
fn the_advice_to_type_a_conflicts_value_back_follows_the_maps_status() {
    let advice = |s: &Session| {
        s.state()
            .explain(&Subject::Conflict {
                map: "Customers V3".into(),
                execution: None,
                index: 0,
            })
            .unwrap()
            .next
            .unwrap()
    };
    let mut s = customers_with_finops_master();
    assert_eq!(
        status(&s, "Customers V3"),
        StatusKind::NotRunning,
        "US-003 failed"
    );
    assert!(advice(&s).ends_with("or type it into the row once the map is Running: dual-write then writes it to the other side (a change made before that reaches it only through an initial sync, where the master settles the conflict again)."), "{}", advice(&s));
    ok(&mut s, skip_cmd(&["Customers V3"]));
    assert!(advice(&s).ends_with("or type it into the row: the map is Running, so dual-write writes it to the other side at once."), "{}", advice(&s));
    ok(&mut s, pause_cmd(&["Customers V3"]));
    assert!(
        advice(&s)
            .ends_with("the change is queued and reaches the other side when the map catches up."),
        "{}",
        advice(&s)
    );
}

#[test]
fn the_advice_for_a_conflict_brings_the_replaced_value_back_and_a_rerun_would_not() {
    let name = |s: &Session| {
        cell(
            s.state(),
            Side::Dataverse,
            "accounts",
            &["US-001", "usmf"],
            "name",
        )
    };
    // A second initial sync finds the two sides agreeing: nothing to settle, FinOps' value
    // stays (what the old advice led to).
    let mut rerun = customers_with_finops_master();
    ok(
        &mut rerun,
        Command::SetMaster {
            map: "Customers V3".into(),
            master: Side::Dataverse,
        },
    );
    ok(
        &mut rerun,
        Command::RerunExecution {
            maps: vec!["Customers V3".into()],
        },
    );
    ok(&mut rerun, Command::RunUntilIdle);
    assert_eq!(name(&rerun), Some(t("Contoso Retail San Diego")));
    // The advice: back to before the run, and run with Dataverse as the master.
    let mut s = customers_with_finops_master();
    while s.cursor() > 0 {
        s.undo();
    }
    run_customers_with_master(&mut s, Side::Dataverse);
    assert_eq!(name(&s), Some(t("Contoso Retail - San Diego")));
}

#[test]
fn a_failed_row_names_its_lookup_and_what_to_do() {
    let s = customers_with_finops_master();
    let m = s.state().map("Customers V3").unwrap();
    let exec = m.executions.last().unwrap();
    let at = exec
        .errors
        .iter()
        .position(|e| e.key == "C0004, usmf")
        .expect("C0004 failed for its customer group");
    let e = s
        .state()
        .explain(&Subject::FailedRow {
            map: "Customers V3".into(),
            execution: Some(exec.id.clone()),
            index: at,
        })
        .unwrap();
    let t = text(&e);
    assert!(t.contains("C0004, usmf"), "{t}");
    // Read on Dataverse, written on finance and operations apps: said of the side
    // written, where the customer group must exist.
    assert!(
        t.contains("CUSTOMERGROUPID holds the key of a row of another Finance and operations apps table (on Dataverse, the lookup 'msdyn_customergroupid'). That row must exist on Finance and operations apps first"),
        "{t}"
    );
    assert!(!t.contains("is a lookup: on Dataverse"), "{t}");
    assert!(t.contains("Rerun execution"), "{t}");
    assert!(e.url.ends_with("dual-write-troubleshooting-initial-sync"));
}

#[test]
fn queued_changes_catch_up_errors_and_superseded_cells_are_explained() {
    let mut s = paused_currencies();
    ok(&mut s, usd_on_finops("NAME", "A"));
    let e = s
        .state()
        .explain(&Subject::Queued {
            map: "Currencies".into(),
            seq: 1,
        })
        .unwrap();
    let t = text(&e);
    assert!(
        t.contains("Row (USD) was updated (NAME) on Finance and operations apps"),
        "{t}"
    );
    assert!(t.contains("'Currencies' is Paused"), "{t}");
    assert!(e.url.ends_with("pause-for-maintenance"));
    assert_eq!(
        s.state().explain(&Subject::Queued {
            map: "Currencies".into(),
            seq: 9
        }),
        Err(ExplainError::NotFound(
            "'Currencies' has no queued change 9".into()
        ))
    );

    ok(
        &mut s,
        Command::UpdateRow {
            side: Side::Dataverse,
            table: "transactioncurrencies".into(),
            row: RowRef::Key(vec![Value::text("USD")]),
            cells: [("currencyname".to_string(), Value::text("B"))].into(),
        },
    );
    ok(
        &mut s,
        Command::Run {
            maps: vec![RunEntry::map("Currencies")],
            initial_sync: InitialSync::Run,
            resume: ResumeOption::SkipPreservingErrors,
        },
    );
    let e = s
        .state()
        .explain(&Subject::CatchUpError {
            map: "Currencies".into(),
            id: 1,
        })
        .unwrap();
    assert!(
        e.title.starts_with(&format!(
            "Catch-up error of record #{} of 'Currencies'",
            s.state().map("Currencies").unwrap().catch_up_errors[0]
                .change
                .seq
        )),
        "{}",
        e.title
    );
    assert!(
        text(&e).contains("It has not been applied yet"),
        "{}",
        text(&e)
    );
    assert!(e.next.is_some());
    assert!(
        text(&e).contains("on Finance and operations apps"),
        "{}",
        text(&e)
    );
    // Each error by its own id: the second is the Dataverse rename.
    let second = s
        .state()
        .explain(&Subject::CatchUpError {
            map: "Currencies".into(),
            id: 2,
        })
        .unwrap();
    assert!(
        text(&second).contains("(currencyname) on Dataverse"),
        "{}",
        text(&second)
    );

    ok(
        &mut s,
        Command::RetryCatchUpErrors {
            map: "Currencies".into(),
            ids: None,
        },
    );
    let log = &s.state().map("Currencies").unwrap().log;
    let line = log
        .iter()
        .position(|l| l.message.contains("was superseded by the later"))
        .expect("the retry superseded the older rename");
    let e = s
        .state()
        .explain(&Subject::LogLine {
            map: "Currencies".into(),
            index: line,
        })
        .unwrap();
    assert!(e.model_choice, "the supersede rule is a model choice");
    assert!(
        text(&e).contains("the most recent change wins, column by column"),
        "{}",
        text(&e)
    );
}

#[test]
fn an_action_is_explained_by_the_status_and_what_it_allows() {
    let s = Session::new(demo());
    let e = s
        .state()
        .explain(&Subject::Action {
            map: "Currencies".into(),
            action: Action::Pause,
        })
        .unwrap();
    assert_eq!(e.title, "Pause is not available for 'Currencies'");
    assert!(
        e.why[0].contains("'Currencies' is Not running, which allows Run."),
        "{:?}",
        e.why
    );
    assert_eq!(e.next.as_deref(), Some("Choose one of: Run."));
    let e = s
        .state()
        .explain(&Subject::Action {
            map: "Currencies".into(),
            action: Action::Run,
        })
        .unwrap();
    assert_eq!(e.title, "Run is available for 'Currencies'");
    assert_eq!(e.next, None);
    assert_eq!(
        s.state().explain(&Subject::Action {
            map: "Nope".into(),
            action: Action::Run
        }),
        Err(ExplainError::UnknownMap("Nope".into()))
    );
    // While Initializing, no action waits on the trainee: the clock does.
    let mut s = s;
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    ok(&mut s, run_cmd(&["Currencies"]));
    assert_eq!(status(&s, "Currencies"), StatusKind::Initializing);
    let e = s
        .state()
        .explain(&Subject::Action {
            map: "Currencies".into(),
            action: Action::Pause,
        })
        .unwrap();
    assert_eq!(
        e.next.as_deref(),
        Some("Let the clock run (Tick or Run until idle) until the map leaves this status.")
    );
}

#[test]
fn a_failed_row_named_by_its_dataverse_lookup_field_is_explained_as_a_lookup() {
    // Generated customers invoiced to an account not yet on Dataverse fail, naming the
    // Dataverse field of the lookup (`relationship.column`).
    let mut s = Session::new(demo());
    ok(
        &mut s,
        Command::GenerateCustomers {
            count: 100,
            seed: 1,
        },
    );
    run_all(&mut s, &CUSTOMER_CHAIN);
    let exec = last_execution(&s, "Customers V3");
    let at = exec
        .errors
        .iter()
        .position(|e| e.field == "msdyn_billingaccount.accountnumber")
        .unwrap_or_else(|| panic!("an invoice account not found: {:?}", exec.errors));
    let e = s
        .state()
        .explain(&Subject::FailedRow {
            map: "Customers V3".into(),
            execution: Some(exec.id.clone()),
            index: at,
        })
        .unwrap();
    let t = text(&e);
    assert!(
        t.contains("msdyn_billingaccount.accountnumber is a lookup"),
        "{t}"
    );
}

#[test]
fn scripts_and_the_json_api_ask_for_explanations() {
    let script = r#"{ "format": "dualwrite-script", "version": 1, "scenario": "demo",
        "steps": [],
        "expect": { "explain": [ { "subject": { "what": "action", "map": "Currencies", "action": "Stop" },
                                   "contains": ["Not running, which allows Run"] } ] } }"#;
    let report = script::run(script).unwrap();
    assert!(report.passed(), "{:?}", report.checks);
    let wrong = script.replace("allows Run", "allows Stop");
    assert!(!script::run(&wrong).unwrap().passed());

    let api = api::JsonApi::demo();
    let out = api
        .explain(r#"{"what": "action", "map": "Currencies", "action": "Pause"}"#)
        .unwrap();
    assert!(
        out.contains("\"title\":\"Pause is not available for 'Currencies'\""),
        "{out}"
    );
    assert!(api.explain(r#"{"what": "nothing"}"#).is_err());
}

#[test]
fn a_changed_filter_and_changed_mappings_in_the_log_are_explained_as_settings_of_a_stopped_map() {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        Command::SetFilter {
            map: "Currencies".into(),
            side: Side::FinOps,
            filter: "CURRENCYCODE != \"JPY\"".into(),
        },
    );
    let mappings = s.state().map("Currencies").unwrap().mappings.clone();
    ok(
        &mut s,
        Command::SetMappings {
            map: "Currencies".into(),
            mappings,
        },
    );
    let m = s.state().map("Currencies").unwrap();
    for wanted in ["filter set to", "Column mappings changed"] {
        let index = m
            .log
            .iter()
            .position(|l| l.message.contains(wanted))
            .unwrap_or_else(|| panic!("a log line with '{wanted}'"));
        let e = s
            .state()
            .explain(&Subject::LogLine {
                map: "Currencies".into(),
                index,
            })
            .unwrap();
        assert!(
            text(&e).contains("can be changed only while the map is Not running"),
            "{wanted}: {}",
            text(&e)
        );
    }
}

#[test]
fn a_status_change_in_the_log_is_explained_by_its_step_and_what_came_just_before() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", "Currencies"]);
    ok(&mut s, pause_cmd(&["Currencies"]));
    let explain = |line: &str| text(&explain_line(&s, "Currencies", line));
    let live = explain("Status changed from Initializing to Running");
    assert!(
        live.contains("initial sync ended with no failed row"),
        "{live}"
    );
    assert!(
        live.contains(
            "Logged just before it, at the same minute: 'Dual write Initial Sync completed"
        ),
        "the cause quoted: {live}"
    );
    let paused = explain("Status changed from Running to Paused");
    assert!(paused.contains("writes are queued"), "{paused}");
}

#[test]
fn a_status_change_quotes_its_cause_not_a_setting_changed_the_same_minute() {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        Command::SetFilter {
            map: "Currencies".into(),
            side: Side::FinOps,
            filter: r#"CURRENCYCODE != "JPY""#.into(),
        },
    );
    ok(
        &mut s,
        Command::Run {
            maps: vec![RunEntry::map("Currencies")],
            initial_sync: InitialSync::Skip,
            resume: ResumeOption::CatchUp,
        },
    );
    let said = text(&explain_line(
        &s,
        "Currencies",
        "Status changed from Not running to Running",
    ));
    assert!(said.contains("'Initial sync skipped'"), "{said}");
    assert!(!said.contains("filter set"), "{said}");
}

#[test]
fn an_alert_that_paused_a_map_is_explained_with_when_its_settings_apply() {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        alert(
            "Currencies",
            ErrorType::ServiceUnavailable,
            1,
            60,
            AlertAction::Pause,
        ),
    );
    run_all(&mut s, &["Currencies"]);
    ok(
        &mut s,
        Command::SetAvailability {
            side: Side::Dataverse,
            available: false,
        },
    );
    let _ = s.dispatch(update(
        Side::FinOps,
        "Currencies",
        &["USD"],
        &[("NAME", Value::text("x"))],
    ));
    let e = explain_line(&s, "Currencies", "Alert:");
    let said = text(&e);
    // A resume keeps the settings the map ran with: the explanation does not send the
    // trainee to change them on the paused map and resume.
    assert!(
        said.contains("next run from Not running: a paused map that Run resumes keeps the settings it ran with"),
        "{said}"
    );
    assert!(e.model_choice);
    // Its errors came from Dataverse failing: the fault switches are the cause to fix.
    assert!(
        e.next
            .as_deref()
            .unwrap()
            .starts_with("Fix the cause (the fault switches)"),
        "{:?}",
        e.next
    );
}

#[test]
fn an_alert_of_application_errors_points_to_the_data_not_the_fault_switches() {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        alert(
            "Customers V3",
            ErrorType::ApplicationError,
            1,
            15,
            AlertAction::Pause,
        ),
    );
    run_all(&mut s, &CUSTOMER_CHAIN);
    ok(
        &mut s,
        Command::RerunExecution {
            maps: vec!["Customers V3".into()],
        },
    );
    ok(&mut s, Command::RunUntilIdle);
    // A value with no value-map entry: an Application error, which pauses the map.
    assert!(s
        .dispatch(update(
            Side::FinOps,
            "CustomersV3",
            &["US-005", "usmf"],
            &[("ONHOLDSTATUS", Value::text("Requisition"))],
        ))
        .is_err());
    let e = explain_line(
        &s,
        "Customers V3",
        "Alert: 1 error(s) of type Application error",
    );
    let next = e.next.unwrap_or_default();
    assert!(next.starts_with("Fix the cause (the data:"), "{next}");
    assert!(!next.contains("fault"), "{next}");
}

#[test]
fn a_row_failed_by_a_sides_fault_is_explained_as_the_fault_with_the_way_out() {
    let mut s = Session::new(demo());
    // FinOps throttles: the rows the initial sync reads there fail, though the write
    // would go to Dataverse.
    ok(
        &mut s,
        Command::SetFault {
            side: Side::FinOps,
            fault: Some(Fault::Throttled),
        },
    );
    ok(&mut s, run_cmd(&["Legal entities"]));
    ok(&mut s, Command::RunUntilIdle);
    let e = s
        .state()
        .explain(&Subject::FailedRow {
            map: "Legal entities".into(),
            execution: None,
            index: 0,
        })
        .unwrap();
    let t = text(&e);
    assert!(
        t.contains("while Finance and operations apps was failing: 429 Too Many Requests"),
        "{t}"
    );
    assert!(!t.contains("could not write it on Dataverse"), "{t}");
    assert!(e.model_choice);
    assert_eq!(
        e.next.as_deref(),
        Some("Set the fault switch of Finance and operations apps back to Accepts writes (Simulation and failure modes), then choose Rerun execution on 'Legal entities'.")
    );
}

#[test]
fn a_change_queued_while_resuming_points_to_the_actions_a_resuming_map_offers() {
    let mut s = paused_currencies();
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    for name in ["A", "B", "C"] {
        ok(
            &mut s,
            Command::UpdateRow {
                side: Side::FinOps,
                table: "Currencies".into(),
                row: RowRef::Key(vec![Value::text("USD")]),
                cells: [("NAME".to_string(), Value::text(name))].into(),
            },
        );
    }
    let explain = |s: &Session| {
        let seq = s
            .state()
            .map("Currencies")
            .unwrap()
            .status
            .queue()
            .unwrap()
            .changes[0]
            .seq;
        s.state()
            .explain(&Subject::Queued {
                map: "Currencies".into(),
                seq,
            })
            .unwrap()
    };
    let paused = explain(&s);
    assert_eq!(
        paused.next.as_deref(),
        Some("Choose Run on 'Currencies' and pick a resume option.")
    );
    ok(&mut s, run_cmd(&["Currencies"]));
    assert_eq!(
        s.state().map("Currencies").unwrap().status.kind(),
        StatusKind::Resuming
    );
    // Run is not offered while Resuming: the advice names what is.
    assert!(s.state().why_not(&["Currencies"], Action::Run).is_some());
    let resuming = explain(&s);
    let t = text(&resuming);
    assert!(t.contains("'Currencies' is Resuming"), "{t}");
    assert!(!t.contains("Choose Run"), "{t}");
    assert_eq!(
        resuming.next.as_deref(),
        Some("Let the clock run (Tick, Play or Run until idle) to play it back, or choose Skip to live sync on 'Currencies'.")
    );
}

#[test]
fn status_changes_name_only_the_actions_their_statuses_offer() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", "Currencies"]);
    ok(&mut s, stop_cmd(&["Currencies"]));
    let explain = |line: &str| explain_line(&s, "Currencies", line);
    // Initializing offers no action: neither Skip to live sync nor Stop ends it.
    let live = explain("Status changed from Initializing to Running");
    assert!(
        !text(&live).contains("Skip to live sync"),
        "{}",
        text(&live)
    );
    assert!(!live.model_choice);
    // A stop queues nothing: the model's reading, flagged; a return without an initial
    // sync is named too.
    let stopped = explain("Status changed from Running to Not running");
    assert!(stopped.model_choice, "{}", text(&stopped));
    assert!(
        text(&stopped).contains("Skip initial sync"),
        "{}",
        text(&stopped)
    );
}

#[test]
fn the_lines_a_run_a_resume_and_a_skip_log_say_what_each_step_did() {
    let mut s = paused_currencies();
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    for name in ["A", "B"] {
        ok(
            &mut s,
            Command::UpdateRow {
                side: Side::FinOps,
                table: "Currencies".into(),
                row: RowRef::Key(vec![Value::text("USD")]),
                cells: [("NAME".to_string(), Value::text(name))].into(),
            },
        );
    }
    ok(&mut s, run_cmd(&["Currencies"]));
    ok(
        &mut s,
        Command::SkipToLiveSync {
            maps: vec!["Currencies".into()],
            preserve: true,
        },
    );
    let explain = |start: &str| text(&explain_line(&s, "Currencies", start));
    for (line, said) in [
        ("Initial sync started", "Master for initial sync settles"),
        ("Resumed:", "plays the queued records back in order"),
        ("Skipped to live sync", "they became catch-up errors"),
    ] {
        let t = explain(line);
        assert!(t.contains(said), "{line}: {t}");
        assert!(!t.contains("each status change and what caused it"), "{t}");
    }
}

#[test]
fn every_status_change_of_a_maps_life_is_explained_by_its_own_step() {
    // Currencies: run, pause with a change queued, resume with catch-up, until idle.
    let mut s = paused_currencies();
    ok(&mut s, usd_on_finops("NAME", "A"));
    ok(&mut s, run_cmd(&["Currencies"]));
    ok(&mut s, Command::RunUntilIdle);
    // Legal entities fails its initial sync: Dataverse refuses every write.
    ok(
        &mut s,
        Command::SetAvailability {
            side: Side::Dataverse,
            available: false,
        },
    );
    ok(&mut s, run_cmd(&["Legal entities"]));
    ok(&mut s, Command::RunUntilIdle);
    for (map, line, said, cause) in [
        (
            "Currencies",
            "Status changed from Not running to Initializing",
            "run with an initial sync",
            Some("'Initial sync started"),
        ),
        (
            "Currencies",
            "Status changed from Paused to Resuming",
            "the queue plays back",
            Some("'Resumed: Catch up synchronization of queued records'"),
        ),
        (
            "Currencies",
            "Status changed from Resuming to Running",
            "It went live",
            Some("'Catch-up finished'"),
        ),
        (
            "Legal entities",
            "Status changed from Initializing to Not running",
            "ended with failed rows",
            Some("Initial Sync completed with status: Error"),
        ),
    ] {
        let e = explain_line(&s, map, line);
        let t = text(&e);
        assert!(t.contains(said), "{line}: {t}");
        match cause {
            Some(cause) => assert!(
                t.contains("Logged just before it, at the same minute: ") && t.contains(cause),
                "{line}: {t}"
            ),
            None => assert!(!t.contains("Logged just before it"), "{line}: {t}"),
        }
        // Only the stop's "nothing queued" is the model's reading.
        assert!(!e.model_choice, "{line}");
    }
}
