//! The example scenario scripts (the seed's story, pause/resume, rollback) as tests:
//! scenario + commands + expected outcome, written as data.

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
