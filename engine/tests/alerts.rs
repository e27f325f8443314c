//! Alerts and the fault switches: every alert error type can be shown, the window's
//! boundary, when settings take effect, and what a rolled-back write still reports.

use crate::common;

use common::*;
use dualwrite_engine::*;

const MAP: &str = "Currencies";

/// Currencies running, with one alert of `error_type` (count, window) that pauses it.
fn currencies_with_alert(error_type: ErrorType, count: u32, window: u64) -> Session {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        alert(MAP, error_type, count, window, AlertAction::Pause),
    );
    run_all(&mut s, &[MAP]);
    s
}

fn rename_usd(name: &str) -> Command {
    usd_on_finops("NAME", name)
}

#[test]
fn each_fault_refuses_writes_with_its_code_and_counts_as_its_alert_type() {
    let cases = [
        (
            Fault::Unavailable,
            ErrorType::ServiceUnavailable,
            "503 Service Unavailable: Dataverse is unavailable.",
        ),
        (
            Fault::Throttled,
            ErrorType::TooManyRequests,
            "429 Too Many Requests: Dataverse is throttling requests",
        ),
        (
            Fault::BadGateway,
            ErrorType::BadGateway,
            "502 Bad Gateway: the gateway to Dataverse",
        ),
        (
            Fault::Unauthorized,
            ErrorType::Unauthorized,
            "401 Unauthorized: Dataverse refused the credentials",
        ),
    ];
    for (fault, error_type, message) in cases {
        let mut s = currencies_with_alert(error_type, 1, 15);
        ok(
            &mut s,
            Command::SetFault {
                side: Side::Dataverse,
                fault: Some(fault),
            },
        );
        let before = s.state().world.clone();
        let err = s
            .dispatch(rename_usd("Dollar"))
            .expect_err("the write must roll back");
        assert!(err.to_string().contains(message), "{fault:?}: {err}");
        assert_eq!(s.state().world, before, "both sides rolled back");
        // The error reached the alert of its own type, which paused the map, and the
        // refusal says so.
        let CommandError::RolledBack { events, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(
            events,
            &[
                Event::AlertTriggered {
                    map: MAP.into(),
                    error_type,
                    action: AlertAction::Pause,
                    applied: true,
                },
                Event::StatusChanged {
                    map: MAP.into(),
                    from: StatusKind::Running,
                    to: StatusKind::Paused
                },
            ],
            "{fault:?}"
        );
        assert_eq!(status(&s, MAP), StatusKind::Paused);
        // Switched off, the side takes writes again (queued now: the map is paused).
        ok(
            &mut s,
            Command::SetFault {
                side: Side::Dataverse,
                fault: None,
            },
        );
        ok(&mut s, rename_usd("Dollar"));
    }
}

#[test]
fn an_alert_of_another_type_is_not_triggered() {
    let mut s = currencies_with_alert(ErrorType::ServiceUnavailable, 1, 15);
    ok(
        &mut s,
        Command::SetFault {
            side: Side::Dataverse,
            fault: Some(Fault::Throttled),
        },
    );
    let err = s.dispatch(rename_usd("Dollar")).unwrap_err();
    assert!(
        matches!(&err, CommandError::RolledBack { events, .. } if events.is_empty()),
        "{err:?}"
    );
    assert_eq!(status(&s, MAP), StatusKind::Running);
}

#[test]
fn errors_a_whole_window_apart_do_not_add_up() {
    // Two errors within 15 minutes pause; errors exactly 15 minutes apart do not.
    for (gap, paused) in [(14, true), (15, false)] {
        let mut s = currencies_with_alert(ErrorType::ServiceUnavailable, 2, 15);
        ok(
            &mut s,
            Command::SetAvailability {
                side: Side::Dataverse,
                available: false,
            },
        );
        assert!(s.dispatch(rename_usd("a")).is_err());
        ok(&mut s, Command::Tick { ticks: gap });
        assert!(s.dispatch(rename_usd("b")).is_err());
        let expected = if paused {
            StatusKind::Paused
        } else {
            StatusKind::Running
        };
        assert_eq!(
            status(&s, MAP),
            expected,
            "second error {gap} minutes later"
        );
    }
}

#[test]
fn alert_settings_take_effect_at_the_next_run() {
    let mut s = Session::new(demo());
    run_all(&mut s, &[MAP]);
    ok(
        &mut s,
        alert(MAP, ErrorType::ServiceUnavailable, 1, 15, AlertAction::Stop),
    );
    ok(
        &mut s,
        Command::SetAvailability {
            side: Side::Dataverse,
            available: false,
        },
    );
    assert!(s.dispatch(rename_usd("a")).is_err());
    assert_eq!(
        status(&s, MAP),
        StatusKind::Running,
        "not in force before the next run"
    );
    ok(&mut s, stop_cmd(&[MAP]));
    ok(&mut s, skip_cmd(&[MAP]));
    assert!(s.dispatch(rename_usd("b")).is_err());
    assert_eq!(status(&s, MAP), StatusKind::NotRunning, "in force after it");
}

#[test]
fn retry_on_a_map_that_is_not_running_says_what_retry_needs() {
    let mut s = Session::new(demo());
    run_all(&mut s, &[MAP]);
    ok(&mut s, pause_cmd(&[MAP]));
    let message = refused(
        &mut s,
        Command::RetryCatchUpErrors {
            map: MAP.into(),
            ids: None,
        },
    );
    assert_eq!(
        message,
        "Catch-up errors of 'Currencies' can be retried only while it is Running: it is Paused"
    );
}

#[test]
fn files_with_the_first_formats_fault_switches_still_load() {
    let faults: Faults =
        format::from_json(r#"{ "finops_unavailable": false, "dataverse_unavailable": true }"#)
            .unwrap();
    assert_eq!(
        faults,
        Faults {
            finops: None,
            dataverse: Some(Fault::Unavailable)
        }
    );
    let faults: Faults = format::from_json(r#"{ "finops": "bad_gateway" }"#).unwrap();
    assert_eq!(faults.of(Side::FinOps), Some(Fault::BadGateway));
    assert!(format::from_json::<Faults>(r#"{ "finops": "flaky" }"#).is_err());
}

#[test]
fn the_json_api_gives_the_events_of_a_rolled_back_write_and_fault_labels_read_back() {
    for fault in Fault::ALL {
        assert_eq!(Fault::from_label(fault.label()), Some(fault), "{fault:?}");
    }
    assert_eq!(Fault::from_label("Teapot (418)"), None);

    let s = currencies_with_alert(ErrorType::ServiceUnavailable, 1, 15);
    let mut api = api::JsonApi::from_scenario(&format::export(&s, "x")).unwrap();
    let json = |c: &Command| serde_json::to_string(c).unwrap();
    api.dispatch(&json(&Command::SetFault {
        side: Side::Dataverse,
        fault: Some(Fault::Unavailable),
    }))
    .unwrap();
    let err = api.dispatch(&json(&rename_usd("Dollar"))).unwrap_err();
    let events: serde_json::Value =
        serde_json::from_str(&err.events_json().expect("the alert's events")).unwrap();
    assert_eq!(events[0]["event"], "alert_triggered", "{events}");
    assert_eq!(events[1]["event"], "status_changed", "{events}");
    // A command refused before the engine (malformed) has no events either.
    let err = api
        .dispatch(r#"{"command":"tick","ticks":-1}"#)
        .unwrap_err();
    assert_eq!(err.events_json(), None);
}

#[test]
fn an_alert_clears_the_errors_it_counted_and_keeps_the_others() {
    // Two 503s within 15 minutes pause Currencies. Run again right away: one more 503
    // does not pause it (the two were used up), a second does.
    let mut s = currencies_with_alert(ErrorType::ServiceUnavailable, 2, 15);
    let unavailable = |s: &mut Session, fault| {
        ok(
            s,
            Command::SetFault {
                side: Side::Dataverse,
                fault,
            },
        )
    };
    unavailable(&mut s, Some(Fault::Throttled));
    assert!(s.dispatch(rename_usd("429")).is_err());
    unavailable(&mut s, Some(Fault::Unavailable));
    assert!(s.dispatch(rename_usd("a")).is_err());
    assert!(s.dispatch(rename_usd("b")).is_err());
    assert_eq!(status(&s, MAP), StatusKind::Paused);
    let kept: Vec<ErrorType> = s
        .state()
        .map(MAP)
        .unwrap()
        .error_times
        .iter()
        .map(|(_, ty)| *ty)
        .collect();
    assert_eq!(
        kept,
        [ErrorType::TooManyRequests],
        "the 429 is still counted"
    );
    ok(&mut s, resume_cmd(&[MAP], ResumeOption::CatchUp));
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(status(&s, MAP), StatusKind::Running);
    assert!(s.dispatch(rename_usd("c")).is_err());
    assert_eq!(
        status(&s, MAP),
        StatusKind::Running,
        "one 503 since the alert"
    );
    assert!(s.dispatch(rename_usd("d")).is_err());
    assert_eq!(status(&s, MAP), StatusKind::Paused);
}

#[test]
fn an_alert_reached_while_resuming_is_said_but_not_taken() {
    // Paused with two FinOps edits queued; Dataverse fails while they play back.
    let mut s = currencies_with_alert(ErrorType::ServiceUnavailable, 2, 15);
    ok(&mut s, pause_cmd(&[MAP]));
    ok(&mut s, rename_usd("Dollar"));
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["EUR"],
            &[("NAME", t("Euro!"))],
        ),
    );
    ok(
        &mut s,
        Command::SetFault {
            side: Side::Dataverse,
            fault: Some(Fault::Unavailable),
        },
    );
    ok(&mut s, resume_cmd(&[MAP], ResumeOption::CatchUp));
    let events = ok(&mut s, Command::RunUntilIdle);
    let alert = events
        .iter()
        .find(|e| matches!(e, Event::AlertTriggered { .. }))
        .expect("the two failures reach the alert");
    // Said after the failure that reached it, not before.
    let at = |wanted: fn(&Event) -> bool| events.iter().position(wanted).unwrap();
    let second_failure = events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Event::CatchUpFailed { .. }))
        .nth(1)
        .map(|(i, _)| i)
        .expect("two failures");
    assert!(
        second_failure < at(|e| matches!(e, Event::AlertTriggered { .. })),
        "{events:?}"
    );
    assert_eq!(
        alert,
        &Event::AlertTriggered {
            map: MAP.into(),
            error_type: ErrorType::ServiceUnavailable,
            action: AlertAction::Pause,
            applied: false,
        }
    );
    assert!(
        alert.to_string().ends_with(
            "action: Pause (not taken: only a Running map is paused or stopped by an alert)"
        ),
        "{alert}"
    );
    // A Resuming map offers only Skip to live sync: the catch-up ends, Running,
    // with the two changes as catch-up errors; the activity log says why it went on.
    assert_eq!(status(&s, MAP), StatusKind::Running);
    let m = s.state().map(MAP).unwrap();
    assert_eq!(m.pending_catch_up_errors(), 2);
    // Its "Why?" says why the map went on, as a model choice.
    let index = m
        .log
        .iter()
        .position(|l| l.message.contains("not taken"))
        .expect("logged");
    let why = s
        .state()
        .explain(&dualwrite_engine::explain::Subject::LogLine {
            map: MAP.into(),
            index,
        })
        .unwrap();
    assert!(why.model_choice);
    assert!(
        why.why
            .iter()
            .any(|w| w.contains("a Resuming one only Skip to live sync")),
        "{why:?}"
    );
    assert!(
        m.log.iter().any(|l| l
            .message
            .ends_with("action: Pause (not taken: only a Running map is paused or stopped by an alert; it was Resuming)")),
        "{:?}",
        m.log
    );
}

#[test]
fn an_alert_notifies_its_recipients_and_refuses_what_is_not_an_email() {
    let with = |recipients: &str| Command::SetAlerts {
        map: MAP.into(),
        alerts: vec![AlertSetting {
            error_type: ErrorType::ServiceUnavailable,
            count: 1,
            window_minutes: 15,
            action: AlertAction::Pause,
            recipients: recipients.into(),
        }],
    };
    let mut s = Session::new(demo());
    for bad in [
        "ops",
        "ops@contoso",
        "ops @contoso.com",
        "ops@contoso.com, @contoso.com",
    ] {
        let err = refused(&mut s, with(bad));
        assert!(
            err.contains("is not an email address (recipients are emails separated by commas)"),
            "{bad}: {err}"
        );
    }
    ok(&mut s, with(" ops@contoso.com,lead@contoso.com , "));
    assert_eq!(
        s.state().map(MAP).unwrap().alerts[0].recipient_list(),
        ["ops@contoso.com", "lead@contoso.com"]
    );
    run_all(&mut s, &[MAP]);
    ok(
        &mut s,
        Command::SetFault {
            side: Side::Dataverse,
            fault: Some(Fault::Unavailable),
        },
    );
    let _ = s.dispatch(rename_usd("Dollar"));
    assert_eq!(status(&s, MAP), StatusKind::Paused);
    let log = &s.state().map(MAP).unwrap().log;
    assert!(
        log.iter().any(|l| l.message.starts_with("Alert:")
            && l.message
                .ends_with("; notified: ops@contoso.com, lead@contoso.com")),
        "{log:?}"
    );
}
