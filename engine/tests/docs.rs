//! The documentation's examples are checked here, so that the pages cannot drift from
//! the types: every command example parses, every command and event the engine knows is
//! documented, and the example scenario and script load and pass.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use dualwrite_engine::{format, script};

fn doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The JSON code blocks that follow a `<!-- marker -->` line.
fn blocks(text: &str, marker: &str) -> Vec<String> {
    let tag = format!("<!-- {marker} -->");
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != tag {
            continue;
        }
        assert_eq!(
            lines.next().map(str::trim),
            Some("```json"),
            "{marker}: a json block must follow"
        );
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        out.push(body.join("\n"));
    }
    out
}

/// Every command tag, read from the engine's own error for an unknown one (the reader's
/// list, which `format::every_command_and_subject_reads_back_as_written` ties to the
/// `Command` enum).
fn known_commands() -> BTreeSet<String> {
    let err = format::command_from_json(r#"{"command":"?"}"#)
        .unwrap_err()
        .to_string();
    variants(&err)
}

/// The variant names an "unknown variant" error lists.
fn variants(err: &str) -> BTreeSet<String> {
    let list = err
        .split("expected one of ")
        .nth(1)
        .expect("the error lists the variants");
    list.split(", ")
        .map(|s| {
            s.trim()
                .trim_matches('`')
                .split('`')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn every_command_example_parses_and_every_command_is_documented() {
    let text = doc("protocol.md");
    let mut documented = BTreeSet::new();
    for block in blocks(&text, "command") {
        let command = format::command_from_json(&block).unwrap_or_else(|e| panic!("{block}\n{e}"));
        let json: serde_json::Value = serde_json::to_value(&command).unwrap();
        documented.insert(json["command"].as_str().unwrap().to_string());
    }
    let known = known_commands();
    assert!(known.len() >= 18, "{known:?}");
    let missing: Vec<_> = known.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "commands without an example in docs/protocol.md: {missing:?}"
    );
}

#[test]
fn every_event_is_in_the_table() {
    let text = doc("protocol.md");
    // Events are written, never read, so serde cannot list them: read the enum's source.
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/sim/command.rs"))
            .unwrap();
    let body = source.split("pub enum Event {").nth(1).unwrap();
    let body = &body[..body.find("\n}\n").unwrap()];
    let known: Vec<String> = body
        .lines()
        .filter_map(|line| line.strip_prefix("    "))
        .filter(|line| line.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|line| {
            let name: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
            let mut snake = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    snake.push('_');
                }
                snake.push(c.to_ascii_lowercase());
            }
            snake
        })
        .collect();
    assert!(known.len() >= 8, "{known:?}");
    let missing: Vec<_> = known
        .iter()
        .filter(|e| !text.contains(&format!("| `{e}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "events missing from the table in docs/protocol.md: {missing:?}"
    );
}

#[test]
fn the_example_script_passes() {
    let text = doc("protocol.md");
    let scripts = blocks(&text, "example: script");
    assert_eq!(scripts.len(), 1);
    let report = script::run(&scripts[0]).unwrap();
    assert!(
        report.passed(),
        "{:?}",
        report.failures().collect::<Vec<_>>()
    );
}

/// The same example as the docs gave it before format version 2 (rows as objects): it
/// still loads, into the same state as today's example.
#[test]
fn the_examples_version_1_form_loads_as_the_version_2_example() {
    let v1 = include_str!("data/docs-example-v1.json");
    assert!(v1.contains("\"version\": 1"));
    let (old, old_title) = format::import(v1).expect("the version-1 example loads");
    let text = doc("scenario-format.md");
    let (new, title) = format::import(&blocks(&text, "example: scenario")[0]).unwrap();
    assert_eq!(old_title, title);
    assert_eq!(*old.state(), *new.state());
    assert_eq!(old.state().world.finops["Currencies"].rows.len(), 1);
}

#[test]
fn the_example_scenario_loads_and_runs() {
    let text = doc("scenario-format.md");
    let scenarios = blocks(&text, "example: scenario");
    assert_eq!(scenarios.len(), 1);
    let (mut session, title) = format::import(&scenarios[0]).unwrap();
    assert_eq!(title, "Currencies only");
    session
        .dispatch(
            format::command_from_json(r#"{"command":"run","maps":[{"map":"Currencies"}]}"#)
                .unwrap(),
        )
        .unwrap();
    session
        .dispatch(format::command_from_json(r#"{"command":"run_until_idle"}"#).unwrap())
        .unwrap();
    let dv = &session.state().world.dataverse["transactioncurrencies"];
    assert_eq!(dv.rows.len(), 2, "USD was copied to Dataverse");
}
