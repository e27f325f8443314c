//! The example scenario scripts (the seed's story, pause/resume, rollback) as tests:
//! scenario + commands + expected outcome, written as data.

use crate::common;

use std::fs;
use std::path::Path;

use dualwrite_engine::script;

#[test]
fn every_example_scenario_holds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/scenarios");
    let mut ran = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let report = script::run(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let failures: Vec<_> = report.failures().collect();
        assert!(failures.is_empty(), "{}: {failures:?}", path.display());
        assert!(
            !report.checks.is_empty(),
            "{} checks nothing",
            path.display()
        );
        ran += 1;
    }
    assert!(ran >= 3, "expected the three example scenarios, ran {ran}");
}

#[test]
fn a_failed_expectation_is_reported_by_name() {
    let text = r#"{"format":"dualwrite-script","version":1,"scenario":"demo",
        "steps":[{"command":"run","maps":[{"map":"Currencies"}]}],
        "expect":{"status":{"Currencies":"Running"}}}"#;
    let report = script::run(text).unwrap();
    let failures: Vec<_> = report.failures().collect();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].name, "expect.status.Currencies");
    assert_eq!(failures[0].detail, "expected Running, found Initializing");
}

#[test]
fn a_step_checks_the_events_it_gave_even_when_it_was_refused() {
    let script = |events: &str| {
        format!(
            r#"{{"format":"dualwrite-script","version":1,"scenario":"demo","steps":[
            {{"command":"set_alerts","map":"Currencies","alerts":[{{"error_type":"BadGateway","count":1,"window_minutes":15,"action":"Stop"}}]}},
            {{"command":"run","maps":[{{"map":"Currencies"}}],"initial_sync":"Skip"}},
            {{"command":"set_fault","side":"Dataverse","fault":"bad_gateway"}},
            {{"expect_error":"502 Bad Gateway","expect_events":{events},
              "do":{{"command":"update_row","side":"FinOps","table":"Currencies","row":["USD"],"cells":{{"NAME":"x"}}}}}},
            "undo", "redo", "round_trip"],
            "expect":{{"status":{{"Currencies":"Not running"}}}}}}"#
        )
    };
    let good = script(
        r#"[{"event":"alert_triggered","error_type":"BadGateway","action":"Stop"},
            {"event":"status_changed","map":"Currencies","to":"NotRunning"}]"#,
    );
    let report = script::run(&good).unwrap();
    assert!(
        report.passed(),
        "{:?}",
        report.failures().collect::<Vec<_>>()
    );
    assert_eq!(
        report.checks.len(),
        5,
        "the error, two events, the round trip, the status"
    );
    let wrong = script(r#"[{"event":"alert_triggered","action":"Pause"}]"#);
    let report = script::run(&wrong).unwrap();
    let failures: Vec<_> = report.failures().collect();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].name, "steps[3].expect_events[0]");
    assert!(
        failures[0].detail.starts_with("no event matches"),
        "{}",
        failures[0].detail
    );
    // An expected event must name its event, in words.
    for events in [r#"[{"error_type":"BadGateway"}]"#, r#"[{"event":1}]"#] {
        let err = script::run(&script(events)).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "steps[3].expect_events: expected a list of events, each an object with its \"event\""
            ),
            "{events}: {err}"
        );
    }
    // A step that is not a command, an expectation or a history step is refused.
    let bad = good.replace(r#""undo""#, r#""rewind""#);
    let err = script::run(&bad).unwrap_err().to_string();
    assert!(err.starts_with("steps[4]: unknown step 'rewind'"), "{err}");
}

#[test]
fn a_script_may_start_from_a_scenario_written_inline() {
    use dualwrite_engine::{format, Session};
    // A session where Currencies already runs, exported and given inline.
    let mut s = Session::new(dualwrite_engine::demo());
    common::run_all(&mut s, &["Currencies"]);
    let text = format!(
        r#"{{"format":"dualwrite-script","version":1,"scenario":{},
        "steps":[],"expect":{{"status":{{"Currencies":"Running"}}}}}}"#,
        format::export(&s, "inline")
    );
    let report = script::run(&text).unwrap();
    assert!(
        report.passed(),
        "{:?}",
        report.failures().collect::<Vec<_>>()
    );
    // Anything else than "demo" or an object is refused.
    let err = script::run(r#"{"format":"dualwrite-script","version":1,"scenario":7,"steps":[]}"#)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("expected \"demo\" or a scenario object"),
        "{err}"
    );
}

#[test]
fn an_execution_expectation_takes_messages_as_parts_and_other_texts_whole() {
    let story =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/scenarios/customers-v3-story.json");
    let text = fs::read_to_string(story).unwrap();
    let failures = |text: &str| script::run(text).unwrap().failures().count();
    assert_eq!(failures(&text), 0);
    // A part of an error's message is enough.
    let part = text.replace(
        "\"message\": \"The value '90' in field 'CUSTOMERGROUPID' was not found\"",
        "\"message\": \"was not found\"",
    );
    assert_ne!(part, text);
    assert_eq!(failures(&part), 0);
    // A part of a key is not: keys, columns and values are compared whole.
    let key = text.replacen("\"key\": \"US-001, usmf\"", "\"key\": \"US-001\"", 1);
    assert_ne!(key, text);
    assert_eq!(failures(&key), 1);
    // An empty list expects none: the execution's two conflicts fail it.
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let step = v["steps"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["expect"]["executions"].is_object())
        .unwrap();
    step["expect"]["executions"]["Customers V3"]["conflicts"] = serde_json::json!([]);
    assert_eq!(failures(&v.to_string()), 1);
}

#[test]
fn a_not_block_fails_only_when_all_it_asks_holds_and_names_what_held() {
    // Currencies runs: Running, and its log says so.
    let script = |not: &str| {
        format!(
            r#"{{"format":"dualwrite-script","version":1,"scenario":"demo",
            "steps":[{{"command":"run","maps":[{{"map":"Currencies"}}]}},{{"command":"run_until_idle"}}],
            "expect":{{"not":{not}}}}}"#
        )
    };
    let failures = |not: &str| -> Vec<(String, String)> {
        script::run(&script(not))
            .unwrap()
            .failures()
            .map(|c| (c.name.clone(), c.detail.clone()))
            .collect()
    };
    // Neither block holds: Currencies is not Paused, and it has no queue of 3.
    assert!(
        failures(r#"[{"status":{"Currencies":"Paused"}},{"queued":{"Currencies":3}}]"#).is_empty()
    );
    // A block holds only when every part of it does: Running, but no queue of 3.
    assert!(
        failures(r#"[{"status":{"Currencies":"Running"},"queued":{"Currencies":3}}]"#).is_empty()
    );
    // The second block holds: it fails, naming its parts.
    assert_eq!(
        failures(r#"[{"status":{"Currencies":"Paused"}},{"status":{"Currencies":"Running"},"log_contains":{"Currencies":["to Running"]}}]"#),
        vec![(
            "expect.not[1]".to_string(),
            "expected it not to hold, and it does (expect.not[1].status.Currencies, expect.not[1].log_contains.Currencies)".to_string()
        )]
    );
    // Blocks nest: "not (not Running)" is "Running".
    assert!(failures(r#"[{"not":[{"status":{"Currencies":"Running"}}]}]"#).is_empty());
    assert_eq!(
        failures(r#"[{"not":[{"status":{"Currencies":"Paused"}}]}]"#).len(),
        1
    );
    // Read strictly, like every block.
    let err = script::run(&script(r#"[{"staus":{}}]"#))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("expect.not[0]") && err.contains("staus"),
        "{err}"
    );
    let err = script::run(&script(r#"{"status":{}}"#))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("expect.not") && err.contains("sequence"),
        "{err}"
    );
}

#[test]
fn alerts_in_effect_count_the_settings_taken_at_the_last_run() {
    let alert = r#"{"command":"set_alerts","map":"Currencies","alerts":[{"error_type":"ServiceUnavailable","count":2,"window_minutes":15,"action":"Pause"}]}"#;
    let run = r#"{"command":"run","maps":[{"map":"Currencies"}]}"#;
    let failures = |steps: &str, want: usize| {
        script::run(&format!(
            r#"{{"format":"dualwrite-script","version":1,"scenario":"demo","steps":[{steps}],
            "expect":{{"alerts_in_effect":{{"Currencies":{want}}}}}}}"#
        ))
        .unwrap()
        .failures()
        .map(|c| c.detail.clone())
        .collect::<Vec<_>>()
    };
    // Set before the run: in effect.
    assert!(failures(&format!("{alert},{run}"), 1).is_empty());
    // Set while Running: saved, not in effect until the next run.
    assert_eq!(
        failures(&format!("{run},{alert}"), 1),
        vec!["expected 1, found 0".to_string()]
    );
    assert!(failures(&format!("{run},{alert}"), 0).is_empty());
    // A resume keeps the settings taken when the map started: only a run from Not
    // running takes new ones.
    let pause = r#"{"command":"pause","maps":["Currencies"]}"#;
    let stop = r#"{"command":"stop","maps":["Currencies"]}"#;
    let idle = r#"{"command":"run_until_idle"}"#;
    assert!(failures(&format!("{run},{idle},{pause},{alert},{run}"), 0).is_empty());
    assert!(failures(&format!("{run},{idle},{alert},{stop},{run}"), 1).is_empty());
    // Saved settings count whatever the map took.
    let saved = script::run(&format!(
        r#"{{"format":"dualwrite-script","version":1,"scenario":"demo","steps":[{run},{alert}],
        "expect":{{"alerts":{{"Currencies":1}},"alerts_in_effect":{{"Currencies":0}}}}}}"#
    ))
    .unwrap();
    assert!(saved.passed(), "{:?}", saved.failures().collect::<Vec<_>>());
}
