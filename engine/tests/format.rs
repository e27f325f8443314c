//! Scenario import/export, history (undo, redo, replay) and bad input.

use crate::common;

use common::*;
use dualwrite_engine::format::{self, FormatError, MAX_SCENARIO_BYTES};
use dualwrite_engine::*;
use serde_json::{json, Value as Json};

fn played() -> Session {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", "Currencies"]);
    ok(&mut s, pause_cmd(&["Currencies"]));
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Dollar"))],
        ),
    );
    s
}

#[test]
fn export_then_import_gives_the_same_session() {
    let s = played();
    let text = format::export(&s, "demo after a pause");
    let (back, title) = format::import(&text).unwrap();
    assert_eq!(title, "demo after a pause");
    assert_eq!(back.state(), s.state());
    assert_eq!(back.commands(), s.commands());
    assert_eq!(back.cursor(), s.cursor());
    // And the queue survived, with its order.
    let q = back
        .state()
        .map("Currencies")
        .unwrap()
        .status
        .queue()
        .unwrap();
    assert_eq!(q.changes.len(), 1);
}

#[test]
fn undo_redo_and_rewind_replay_deterministically() {
    let mut s = played();
    let end = s.state().clone();
    let n = s.cursor();
    assert!(s.undo());
    assert_ne!(*s.state(), end);
    assert!(s.redo());
    assert_eq!(*s.state(), end);
    s.goto(0);
    assert_eq!(s.state(), s.base());
    s.goto(n);
    assert_eq!(*s.state(), end);
    let replayed = Session::replay(s.base().clone(), s.commands().to_vec(), n).unwrap();
    assert_eq!(*replayed.state(), end);
}

#[test]
fn a_new_command_after_undo_drops_the_redo_tail() {
    let mut s = played();
    s.undo();
    ok(&mut s, Command::Tick { ticks: 1 });
    assert!(!s.can_redo());
    assert!(matches!(s.commands().last(), Some(Command::Tick { .. })));
}

#[test]
fn undo_and_goto_anywhere_in_a_long_history() {
    let mut s = Session::new(demo());
    for _ in 0..300 {
        ok(&mut s, Command::Tick { ticks: 1 });
    }
    assert_eq!(s.state().clock, 300);
    s.goto(130);
    assert_eq!(s.state().clock, 130);
    s.undo();
    assert_eq!(s.state().clock, 129);
}

#[test]
fn malformed_json_names_the_place() {
    let err = format::import("{ \"format\": ").unwrap_err();
    assert!(matches!(err, FormatError::Invalid { .. }), "{err}");
    assert!(err.to_string().contains("was it cut short?"), "{err}");
    let err = format::import("{\"format\": 1}").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("format: invalid type: integer `1`, expected a string"),
        "{err}"
    );
}

#[test]
fn what_is_not_a_scenario_at_all_is_called_so() {
    for text in [
        "null",
        "[]",
        "42",
        "\"scenario\"",
        "hello",
        "  [1, 2]",
        "{}",
        r#"{"title": "x"}"#,
    ] {
        let err = format::import(text).unwrap_err();
        assert_eq!(err, FormatError::NotAScenario, "{text}: {err}");
        assert!(
            err.to_string().starts_with("this is not a scenario file: a scenario is a JSON object that begins {\"format\": \"dualwrite-scenario\", \"version\": 2"),
            "{err}"
        );
    }
}

#[test]
fn an_empty_file_and_a_cut_short_one_are_said_as_such() {
    for text in ["", "   ", "\n\n"] {
        assert_eq!(format::import(text).unwrap_err(), FormatError::Empty);
    }
    assert_eq!(
        FormatError::Empty.to_string(),
        "it is empty, with nothing to load"
    );
    let whole = format::export(&Session::new(demo()), "demo");
    let err = format::import(&whole[..whole.len() / 2])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the text ends before its JSON does (was it cut short?)"),
        "{err}"
    );
    // A text that is not JSON at some place says so first.
    let err = format::import(r#"{"format": "dualwrite-scenario", x}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "format: not valid JSON at line 1, column 34: a name in double quotes was expected"
        ),
        "{err}"
    );
    // In plain words, not the parser's: each kind of slip.
    for (text, said) in [
        ("[1 2]", "a comma (,) or the list's end (]) was expected"),
        (r#"{"a" 1}"#, "a colon (:) was expected after a name"),
        ("[1,]", "a comma (,) before the end of a list or an object"),
        ("[tru]", "a value was expected"),
        ("[1] x", "there is more text after the JSON's end"),
        (
            "[\"a\nb\"]",
            "a line break or tab inside a text in double quotes",
        ),
        (r#"["\u12"]"#, "escape"),
        (r#"["\ud800"]"#, "escape that is not a character"),
        (r#"["\q"]"#, "a backslash"),
        ("[1 x]", "a comma (,) or the list's end (]) was expected"),
    ] {
        let err = format::from_json::<Vec<u64>>(text).unwrap_err().to_string();
        assert!(err.contains(said), "{text}: {err}");
        // None of serde_json's own words (a change of its messages shows here).
        for parser_words in ["EOF", "ident", "trailing", "expected `", "hex"] {
            assert!(!err.contains(parser_words), "{text}: {err}");
        }
    }
    let err = format::from_json::<Vec<u64>>("[1, 2")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "[1]: the text ends before its JSON does (was it cut short?), at line 1, column 5"
    );
    // Cut in the middle of a name, or right after its opening quote: the path stops at
    // the object holding it, with no name cut short and no dot left hanging.
    for cut in [r#"{"a": [{"ti"#, r#"{"a": [{""#] {
        let err = format::from_json::<Json>(cut).unwrap_err().to_string();
        assert!(
            err.starts_with("a[0]: the text ends before"),
            "{cut}: {err}"
        );
    }
    // A whole number too large for JSON's integers is said as one, too large.
    let err = format::from_json::<Vec<u64>>("[18446744073709551616]")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "[0]: invalid value: integer `18446744073709551616` is too large, expected a whole number, 0 or more"
    );
    // Far beyond, in the digits JSON's reader keeps, or as JSON writes it.
    let beyond = serde_json::Number::from_f64(1e40).unwrap().to_string();
    for (text, said) in [
        ("[1e30]", "1000000000000000019884624838656"),
        ("[1e40]", beyond.as_str()),
    ] {
        let err = format::from_json::<Vec<u64>>(text).unwrap_err().to_string();
        assert_eq!(
            err,
            format!("[0]: invalid value: integer `{said}` is too large, expected a whole number, 0 or more")
        );
    }
    // A fraction-free float below that is said as written.
    let err = format::from_json::<Vec<u64>>("[5.0]")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "[0]: invalid type: floating point `5.0`, expected a whole number, 0 or more"
    );
}

#[test]
fn a_file_saved_with_a_byte_order_mark_loads() {
    let text = format::export(&Session::new(demo()), "demo");
    let (session, title) = format::import(&format!("\u{feff}{text}")).unwrap();
    assert_eq!(title, "demo");
    assert_eq!(session.state().world, demo().world);
}

#[test]
fn a_newer_or_unknown_version_is_refused_with_what_to_do() {
    let err = format::import(r#"{"format":"dualwrite-scenario","version":3}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "this scenario was saved by a newer version of the simulator (format version 3); this version reads versions 1 to 2: open it with a newer version"
    );
    let err = format::import(r#"{"format":"dualwrite-scenario","version":0}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "this is a 'dualwrite-scenario' file of version 0; expected 'dualwrite-scenario' version 1 to 2"
    );
    let err =
        format::import(r#"{"format":"dualwrite-scenario","version":2,"title":"x"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "(top): a scenario needs a state, a history, or both"
    );
}

#[test]
fn an_export_is_compact_and_holds_the_state_or_the_history_not_both() {
    let demo = Session::new(demo());
    let text = format::export(&demo, "demo");
    assert!(!text.contains('\n'), "no indentation");
    let mut v: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 2);
    assert!(v.get("history").is_none() && v.get("state").is_some());
    // Rows are arrays: the id, then the cells in column order.
    let usd = &table(&mut v, "finops", "Currencies")["rows"][0];
    assert!(usd.is_array(), "{usd}");
    let s = played();
    let v: Json = serde_json::from_str(&format::export(&s, "played")).unwrap();
    assert!(v.get("state").is_none() && v.get("history").is_some());
    // About the size of a state plus its commands, not two states.
    let state_only = format::export(&Session::new(s.state().clone()), "x").len();
    assert!(
        format::export(&s, "x").len() < state_only * 3 / 2,
        "an export with history is not twice the state"
    );
}

#[test]
fn version_1_files_still_load() {
    // Written by the first format: indented, rows as objects, state and history both.
    let text = include_str!("data/played-session-v1.json");
    let (s, title) = format::import(text).expect("a version-1 file loads");
    assert_eq!(title, "demo after a pause");
    // The same state, but for what version 1 could not say: option set labels.
    let mut expected = played().state().clone();
    let accounts = expected.world.dataverse.get_mut("accounts").unwrap();
    for c in &mut accounts.columns {
        if let ColumnType::OptionSet { labels, .. } = &mut c.ty {
            labels.clear();
        }
    }
    assert_eq!(*s.state(), expected);
    assert_eq!(s.commands(), played().commands());
    // And saves as version 2, which loads back the same.
    let (again, _) = format::import(&format::export(&s, "v2")).unwrap();
    assert_eq!(again.state(), s.state());
}

/// The message of importing `session`'s export after `edit` changed its JSON; the
/// edited scenario must be refused.
fn import_error(session: &Session, edit: impl FnOnce(&mut Json)) -> String {
    let mut v: Json = serde_json::from_str(&format::export(session, "x")).unwrap();
    edit(&mut v);
    format::import(&v.to_string())
        .expect_err("the edited scenario must be refused")
        .to_string()
}

/// The export of a session as a file with its state and no history, to edit the state.
fn state_file(session: &Session) -> Json {
    let mut v: Json = serde_json::from_str(&format::export(session, "x")).unwrap();
    v.as_object_mut().unwrap().remove("history");
    v["state"] = serde_json::to_value(session.state()).unwrap();
    v
}

/// The export of a session with both its history and its state, as version 1 wrote them.
fn both_file(session: &Session) -> Json {
    let mut v: Json = serde_json::from_str(&format::export(session, "x")).unwrap();
    v["state"] = serde_json::to_value(session.state()).unwrap();
    v
}

/// The importer's message for a file; it must be refused.
fn refusal(v: &Json) -> String {
    format::import(&v.to_string())
        .expect_err("the edited scenario must be refused")
        .to_string()
}

/// A cell of the `row`-th row of a table in a scenario's JSON (rows are arrays: the id,
/// then the cells in column order, trailing empty cells left out).
fn cell_json<'a>(
    v: &'a mut Json,
    side: &str,
    name: &str,
    row: usize,
    column: &str,
) -> &'a mut Json {
    let t = table(v, side, name);
    let p = t["columns"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["name"] == column)
        .unwrap();
    let cells = t["rows"][row].as_array_mut().unwrap();
    if cells.len() <= p + 1 {
        cells.resize(p + 2, Json::Null);
    }
    &mut cells[p + 1]
}

/// A table of a side in a scenario's JSON.
fn table<'a>(v: &'a mut Json, side: &str, name: &str) -> &'a mut Json {
    v["state"]["world"][side]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["name"] == name)
        .unwrap()
}

#[test]
fn a_wrong_type_names_the_path_of_the_field() {
    let demo = Session::new(demo());
    let err = import_error(&demo, |v| v["state"]["clock"] = json!("noon"));
    assert!(
        err.starts_with("state.clock: invalid type: string \"noon\""),
        "{err}"
    );
    let err = import_error(&demo, |v| v["state"]["maps"][2]["master"] = json!("Excel"));
    assert!(
        err.starts_with("state.maps[2].master: unknown variant `Excel`"),
        "{err}"
    );
}

#[test]
fn a_bad_cell_names_the_table_row_and_column() {
    let err = import_error(&Session::new(demo()), |v| {
        *cell_json(v, "finops", "Currencies", 1, "NAME") = json!(12);
    });
    assert!(
        err.contains("table 'Currencies': rows[1].NAME: expected text, found an integer"),
        "{err}"
    );
    // A row with more cells than its table has columns.
    let err = import_error(&Session::new(demo()), |v| {
        let t = table(v, "finops", "Currencies");
        let width = t["columns"].as_array().unwrap().len();
        let row = t["rows"][1].as_array_mut().unwrap();
        row.resize(width + 2, json!("extra"));
    });
    assert!(
        err.contains("table 'Currencies': rows[1]: ") && err.contains("cells, but the table has"),
        "{err}"
    );
    // A row with fewer cells reads the rest as empty.
    let s = Session::new(demo());
    let mut v: Json = serde_json::from_str(&format::export(&s, "x")).unwrap();
    table(&mut v, "finops", "Currencies")["rows"][1]
        .as_array_mut()
        .unwrap()
        .truncate(2);
    let (back, _) = format::import(&v.to_string()).unwrap();
    let usd = back.state().world.finops["Currencies"]
        .rows
        .values()
        .nth(1)
        .unwrap()
        .clone();
    assert_eq!(
        usd.len(),
        s.state().world.finops["Currencies"].columns.len()
    );
    assert!(usd[1..].iter().all(|c| c.is_empty()), "{usd:?}");
}

#[test]
fn duplicate_json_keys_and_duplicate_row_keys_are_refused() {
    // A row written as an object (version 1) with a column named twice.
    let mut v: Json = serde_json::from_str(&format::export(&Session::new(demo()), "d")).unwrap();
    table(&mut v, "finops", "Currencies")["rows"] = json!("ROWS");
    let dup = v.to_string().replacen(
        "\"ROWS\"",
        r#"[{"$id": 1, "CURRENCYCODE": "USD", "CURRENCYCODE": "EUR"}]"#,
        1,
    );
    let err = format::import(&dup).unwrap_err().to_string();
    assert!(err.contains("column 'CURRENCYCODE' appears twice"), "{err}");
    let err = import_error(&Session::new(demo()), |v| {
        *cell_json(v, "finops", "Currencies", 1, "CURRENCYCODE") = json!("USD");
    });
    assert!(err.contains("duplicate key (USD)"), "{err}");
}

#[test]
fn html_in_cells_is_kept_as_text() {
    let mut s = Session::new(demo());
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("<script>alert(1)</script>"))],
        ),
    );
    let (back, _) = format::import(&format::export(&s, "x")).unwrap();
    assert_eq!(
        cell(back.state(), Side::FinOps, "Currencies", &["USD"], "NAME"),
        Some(t("<script>alert(1)</script>"))
    );
}

#[test]
fn a_state_its_history_does_not_give_or_an_unknown_map_table_is_refused() {
    let demo = Session::new(demo());
    let mut v = both_file(&played());
    *cell_json(&mut v, "dataverse", "accounts", 0, "msdyn_customergroupid") = json!("77");
    assert_eq!(
        refusal(&v),
        "history: replaying the commands does not give the saved state"
    );
    let err = import_error(&demo, |v| {
        v["state"]["maps"][0]["finops_table"] = json!("Nope")
    });
    assert!(
        err.starts_with("state.maps[0]: 'Legal entities' is not valid"),
        "{err}"
    );
}

#[test]
fn a_dangling_lookup_in_a_file_without_history_loads_and_fails_when_the_row_syncs() {
    let mut v = state_file(&Session::new(demo()));
    *cell_json(&mut v, "dataverse", "accounts", 0, "msdyn_customergroupid") = json!("77");
    let (mut s, _) = format::import(&v.to_string()).expect("dangling lookups load");
    run_all(&mut s, &CUSTOMER_CHAIN);
    let customers = s.state().map("Customers V3").unwrap();
    let errors = &customers.executions.last().unwrap().errors;
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("The lookup wasn't found: 77")),
        "{errors:#?}"
    );
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = " ".repeat(MAX_SCENARIO_BYTES + 1);
    assert!(matches!(
        format::import(&big),
        Err(FormatError::TooLarge { .. })
    ));
    // The limit itself is accepted: a text of exactly that size is read.
    let mut at_limit = " ".repeat(MAX_SCENARIO_BYTES - 1);
    at_limit.push('7');
    assert_eq!(format::from_json::<u32>(&at_limit), Ok(7));
}

#[test]
fn a_file_at_the_size_limit_loads_and_one_byte_more_is_refused_with_the_limit_in_bytes() {
    let mut text = format::export(&Session::new(demo()), "demo");
    text.push_str(&" ".repeat(MAX_SCENARIO_BYTES - text.len()));
    assert!(format::import(&text).is_ok(), "exactly 64 MiB is accepted");
    text.push(' ');
    assert_eq!(
        format::import(&text).unwrap_err().to_string(),
        "the file is 64.0 MiB (67108865 bytes); the largest file the simulator reads is 64.0 MiB (67108864 bytes)"
    );
}

#[test]
fn a_row_id_used_twice_or_zero_is_refused_and_a_state_that_is_no_object_says_what_a_state_is() {
    let demo_file = || -> Json {
        serde_json::from_str(&format::export(&Session::new(demo()), "demo")).unwrap()
    };
    let mut v = demo_file();
    let rows = &mut v["state"]["world"]["finops"][0]["rows"];
    let first = rows[0][0].clone();
    rows[1][0] = first.clone();
    let err = refusal(&v);
    assert!(
        err.contains(&format!(
            "rows[1]: row id {first} is used twice or is 0 at line 1"
        )),
        "{err}"
    );
    let mut v = demo_file();
    v["state"]["world"]["finops"][0]["rows"][0][0] = json!(0);
    let err = refusal(&v);
    assert!(
        err.contains("rows[0]: row id 0 is used twice or is 0 at line 1"),
        "{err}"
    );
    let mut v = demo_file();
    v["state"] = json!(7);
    let err = refusal(&v);
    assert!(
        err.contains("expected a state: an object with a world and maps"),
        "{err}"
    );
}

#[test]
fn a_history_that_does_not_replay_to_the_state_is_refused() {
    let mut v = both_file(&played());
    v["state"]["clock"] = json!(999);
    let err = refusal(&v);
    assert_eq!(
        err,
        "history: replaying the commands does not give the saved state"
    );
}

#[test]
fn commands_read_from_json_with_clear_errors() {
    let c = format::command_from_json(r#"{"command":"pause","maps":["Currencies"]}"#).unwrap();
    assert_eq!(c, pause_cmd(&["Currencies"]));
    let err = format::command_from_json(r#"{"command":"explode"}"#).unwrap_err();
    assert!(
        err.to_string().contains("unknown variant `explode`"),
        "{err}"
    );
    let err = format::command_from_json(r#"{"command":"tick","ticks":"many"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "ticks: invalid type: string \"many\", expected a whole number from 0 to 4294967295"
    );
    let err = format::command_from_json(
        r#"{"command":"run","initial_sync":"Run","maps":[{"map":"Currencies","master":"Nope"}]}"#,
    )
    .unwrap_err();
    // The path goes down to the field, inside the list.
    assert_eq!(
        err.to_string(),
        "maps[0].master: unknown variant `Nope`, expected `FinOps` or `Dataverse`"
    );
    let err = format::command_from_json(r#"{"command":"tick"}"#).unwrap_err();
    assert_eq!(err.to_string(), "(top): missing field `ticks`");
}

#[test]
fn a_bad_command_in_the_history_is_named_down_to_its_field() {
    let err = import_error(&played(), |v| {
        v["history"]["commands"][0] = json!({"command": "tick", "ticks": -1});
    });
    assert!(
        err.starts_with("history.commands[0].ticks: invalid value: integer `-1`, expected a whole number from 0 to 4294967295"),
        "{err}"
    );
}

#[test]
fn the_path_of_an_error_is_found_in_indented_files_and_at_the_end_of_a_list() {
    // A bad value at the very start of a line is placed after the line break before it.
    let err = format::from_json::<Vec<u64>>("[\n1,\nx]").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("[1]: not valid JSON at line 3, column 1: a value was expected"),
        "{err}"
    );
    // Where the text itself does not read, the path comes from the parser's position:
    // in an indented file, a key written twice in the second map.
    let pretty = serde_json::to_string_pretty(&state_file(&Session::new(demo()))).unwrap();
    let second = pretty.match_indices("\"master\": ").nth(1).unwrap().0;
    let twice = format!(
        "{}\"master\": \"FinOps\",\n      {}",
        &pretty[..second],
        &pretty[second..]
    );
    let err = format::import(&twice).unwrap_err().to_string();
    assert!(
        err.starts_with("state.maps[1].master: duplicate field `master` at line"),
        "{err}"
    );
    // The last command of the log, in a file written with indentation (several lines):
    // serde places the error after the list, and the path still names the command.
    let session = played();
    let last = session.commands().len() - 1;
    let mut v: Json = serde_json::from_str(&format::export(&session, "x")).unwrap();
    v["history"]["commands"][last] = json!({"command": "tick", "ticks": "soon"});
    let err = format::import(&serde_json::to_string_pretty(&v).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!(
            "history.commands[{last}].ticks: invalid type: string \"soon\""
        )),
        "{err}"
    );
    // A wrong value that is the last field of its object names the field, and a missing
    // field names the object that lacks it.
    // (A JSON object writes its keys in order: the last one is the last field.)
    let map = &state_file(&Session::new(demo()))["state"]["maps"][1];
    let last_field = map.as_object().unwrap().keys().next_back().unwrap().clone();
    let err = import_error(&Session::new(demo()), |v| {
        v["state"]["maps"][1][&last_field] = json!(true);
    });
    assert!(
        err.starts_with(&format!(
            "state.maps[1].{last_field}: invalid type: boolean"
        )),
        "{err}"
    );
    let err = import_error(&Session::new(demo()), |v| {
        v["state"]["maps"][1]
            .as_object_mut()
            .unwrap()
            .remove("name");
    });
    assert!(
        err.starts_with("state.maps[1]: missing field `name`"),
        "{err}"
    );
}

#[test]
fn a_queued_change_with_a_bad_key_is_refused_on_import() {
    let mut v = state_file(&played());
    v["state"]["maps"][1]["status"]["queue"]["changes"][0]["key"] = json!([]);
    assert_eq!(
        refusal(&v),
        "state.maps[1]: queued change 0: the key has 0 values; the integration key has 1"
    );
}

#[test]
fn a_state_with_a_dangling_lookup_saves_and_loads() {
    // Deletes do not cascade: accounts keep pointing at a deleted customer group.
    let mut s = Session::new(demo());
    ok(
        &mut s,
        delete(Side::Dataverse, "msdyn_customergroups", &["10", "usmf"]),
    );
    let text = format::export(&s, "dangling");
    let (back, _) = format::import(&text).expect("a state the engine reached loads back");
    assert_eq!(back.state(), s.state());
    assert_eq!(format::export(&back, "dangling"), text);
}

#[test]
fn a_lookup_to_a_table_the_file_does_not_have_is_refused() {
    let err = import_error(&Session::new(demo()), |v| {
        let accounts = table(v, "dataverse", "accounts");
        let columns = accounts["columns"].as_array_mut().unwrap();
        let group = columns
            .iter_mut()
            .find(|c| c["name"] == "msdyn_customergroupid")
            .unwrap();
        group["table"] = json!("msdyn_nosuchgroups");
    });
    assert!(
        err.contains("'msdyn_customergroupid' looks up 'msdyn_nosuchgroups.msdyn_groupid', which the Dataverse tables do not have"),
        "{err}"
    );
}

#[test]
fn catch_up_errors_numbered_twice_or_out_of_order_are_refused() {
    // Two changes queued, then kept as catch-up errors 1 and 2.
    let mut s = played();
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["EUR"],
            &[("NAME", t("Euro zone"))],
        ),
    );
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    ok(
        &mut s,
        Command::SkipToLiveSync {
            maps: vec!["Currencies".into()],
            preserve: true,
        },
    );
    let mut v = state_file(&s);
    let errors = &mut v["state"]["maps"][1]["catch_up_errors"];
    assert_eq!(errors.as_array().map(Vec::len), Some(2), "{errors}");
    errors[1]["id"] = json!(1);
    assert_eq!(
        refusal(&v),
        "state.maps[1].catch_up_errors[1].id: 1 comes after catch-up error 1: numbers go up, each once"
    );
    let mut v = state_file(&s);
    v["state"]["maps"][1]["catch_up_errors"][0]["id"] = json!(3);
    assert_eq!(
        refusal(&v),
        "state.maps[1].catch_up_errors[1].id: 2 comes after catch-up error 3: numbers go up, each once"
    );
    let mut v = state_file(&s);
    v["state"]["maps"][1]["catch_up_errors"][1]["id"] = json!(u64::MAX);
    assert!(
        refusal(&v).ends_with("leaves no number for the next error"),
        "{}",
        refusal(&v)
    );
}

#[test]
fn queue_numbers_out_of_order_or_not_below_next_seq_are_refused() {
    let mut v = state_file(&played());
    let queue = &mut v["state"]["maps"][1]["status"]["queue"]["changes"];
    let first = queue[0].clone();
    queue.as_array_mut().unwrap().push(first);
    assert!(
        refusal(&v).contains("the queue is out of order"),
        "{}",
        refusal(&v)
    );
    let mut v = state_file(&played());
    v["state"]["maps"][1]["next_seq"] = json!(1);
    assert_eq!(
        refusal(&v),
        "state.maps[1].next_seq: 1 is not above change 1"
    );
}

#[test]
fn a_row_with_an_empty_key_cell_is_refused_and_a_key_written_with_escapes_is_read() {
    let mut v = state_file(&Session::new(demo()));
    *cell_json(&mut v, "finops", "Currencies", 1, "CURRENCYCODE") = Json::Null;
    let err = format::import(&v.to_string()).unwrap_err().to_string();
    assert!(
        err.starts_with("state.world.finops.Currencies.rows[") && err.contains("CURRENCYCODE"),
        "{err}"
    );
    // A field name written with an escape is the same field, and an error under it is
    // named by the name it stands for.
    let mut v = state_file(&Session::new(demo()));
    v["state"]["clock"] = json!("noon");
    let text = v.to_string().replacen("\"state\"", "\"st\\u0061te\"", 1);
    let err = format::import(&text).unwrap_err().to_string();
    assert!(err.starts_with("state.clock: invalid type"), "{err}");
}

/// The integration key may sit at any place of a table: a file whose FinOps Currencies
/// lists its key column last syncs to the same pairs as the demo.
/// The demo with FinOps' Currencies key column moved from the first place to the last.
fn currencies_key_moved() -> Session {
    let mut v = state_file(&Session::new(demo()));
    let t = table(&mut v, "finops", "Currencies");
    let columns = t["columns"].as_array_mut().unwrap();
    assert_eq!(columns[0]["name"], "CURRENCYCODE");
    columns.rotate_left(1);
    let n = columns.len();
    for row in t["rows"].as_array_mut().unwrap() {
        // A row is its id, then its cells in column order (trailing empty ones left out).
        let cells = row.as_array_mut().unwrap();
        cells.resize(n + 1, Json::Null);
        cells[1..].rotate_left(1);
    }
    format::import(&v.to_string()).unwrap().0
}

#[test]
fn a_key_column_at_another_place_than_its_pairs_still_pairs_the_rows() {
    let mut moved = currencies_key_moved();
    let mut plain = Session::new(demo());
    for s in [&mut moved, &mut plain] {
        run_all(s, &["Currencies"]);
    }
    let exec = |s: &Session| {
        let e = last_execution(s, "Currencies");
        (
            e.to_dataverse,
            e.to_finops,
            e.conflicts.len(),
            e.errors.len(),
        )
    };
    assert_eq!(exec(&moved), exec(&plain));
    assert_eq!(
        moved.state().world.tables(Side::Dataverse)["transactioncurrencies"]
            .rows
            .len(),
        plain.state().world.tables(Side::Dataverse)["transactioncurrencies"]
            .rows
            .len(),
        "no row created twice"
    );
}

#[test]
fn a_key_written_twice_anywhere_is_refused_and_named() {
    // In a command: serde_json alone would keep the last value silently.
    let err = format::command_from_json(r#"{"command":"tick","ticks":1,"ticks":2}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicate field `ticks`"), "{err}");
    // In a state's fields, and its world.
    let text = format::export(&Session::new(demo()), "x");
    for (field, value) in [("clock", "5"), ("world", r#"{"finops":[],"dataverse":[]}"#)] {
        let twice = text.replacen(
            "\"state\":{",
            &format!("\"state\":{{\"{field}\":{value},"),
            1,
        );
        let err = format::import(&twice).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("state.{field}: duplicate field `{field}`")),
            "{field}: {err}"
        );
    }
    // In a map inside the state.
    let mut v = state_file(&Session::new(demo()));
    let name = v["state"]["maps"][0]["name"].as_str().unwrap().to_string();
    v["state"]["maps"][0]["master"] = json!("FinOps");
    let text = v.to_string().replacen(
        "\"master\":\"FinOps\"",
        "\"master\":\"FinOps\",\"master\":\"Dataverse\"",
        1,
    );
    let err = format::import(&text).unwrap_err().to_string();
    assert!(
        err.starts_with("state.maps[0].master: duplicate field `master`"),
        "{name}: {err}"
    );
}

#[test]
fn an_error_deep_in_a_state_names_its_whole_path() {
    // A queued change inside a paused map's status: every level is named.
    let mut v = state_file(&played());
    v["state"]["maps"][1]["status"]["queue"]["changes"][0]["kind"] = json!("Rename");
    assert_eq!(
        refusal(&v),
        "state.maps[1].status.queue.changes[0].kind: unknown variant `Rename`, expected one of `Create`, `Update`, `Delete`"
    );
    // A status that is not one: the tag is named, with the statuses there are.
    let mut v = state_file(&played());
    v["state"]["maps"][0]["status"]["status"] = json!("sleeping");
    assert_eq!(
        refusal(&v),
        "state.maps[0].status.status: unknown variant `sleeping`, expected one of `not_running`, `initializing`, `running`, `paused`, `resuming`"
    );
    // A transform's value map pair of the wrong length.
    let mut v = state_file(&Session::new(demo()));
    v["state"]["maps"][0]["mappings"][0]["transform"] = json!({"value_map": [["a"]]});
    assert_eq!(
        refusal(&v),
        "state.maps[0].mappings[0].transform.value_map[0]: invalid length 1, expected a tuple of size 2"
    );
    // A number out of its range, and a fraction where a whole number goes.
    let mut v = state_file(&Session::new(demo()));
    v["state"]["maps"][0]["next_seq"] = json!(-3);
    assert_eq!(
        refusal(&v),
        "state.maps[0].next_seq: invalid value: integer `-3`, expected a whole number, 0 or more"
    );
    v["state"]["maps"][0]["next_seq"] = json!(1.5);
    assert_eq!(
        refusal(&v),
        "state.maps[0].next_seq: invalid type: floating point `1.5`, expected a whole number, 0 or more"
    );
    // The first format's fault switches are read, and nothing else beside them.
    let mut v = state_file(&Session::new(demo()));
    v["state"]["faults"] = json!({"finops_unavailable": true, "flaky": true});
    assert_eq!(
        refusal(&v),
        "state.faults.flaky: unknown field `flaky`, expected one of `finops`, `dataverse`, `finops_unavailable`, `dataverse_unavailable`"
    );
    // A map's field misspelt by hand is named, not read as the field left out (the master
    // would have been Dataverse, the queue's capacity 1,000), and so is a setting's.
    let mut v = state_file(&Session::new(demo()));
    v["state"]["maps"][1]["mastre"] = json!("FinOps");
    let err = refusal(&v);
    assert!(
        err.starts_with("state.maps[1].mastre: unknown field `mastre`, expected one of `name`,"),
        "{err}"
    );
    let mut v = state_file(&Session::new(demo()));
    v["state"]["settings"]["rows_per_tik"] = json!(5);
    assert!(
        refusal(&v).starts_with("state.settings.rows_per_tik: unknown field `rows_per_tik`"),
        "{}",
        refusal(&v)
    );
    // A column type the reader does not know, in a table of the world.
    let mut v = state_file(&Session::new(demo()));
    table(&mut v, "finops", "Currencies")["columns"][1]["type"] = json!("money");
    // Columns are read once their table is: the message names the table and column.
    let err = refusal(&v);
    assert!(
        err.starts_with("state: Finance and operations apps table 'Currencies': columns[1].type: unknown variant `money`, expected one of `text`, `integer`, `decimal`, `bool`, `enum`, `option_set`, `lookup`"),
        "{err}"
    );
}

#[test]
fn a_command_names_its_unknown_fields_and_reads_its_older_forms() {
    let err = format::command_from_json(r#"{"command":"pause","maps":[],"force":true}"#)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "force: unknown field `force`, expected `command` or `maps`"
    );
    // Also in the parts of a command: a mapping, a map of a Run, an alert.
    for (json, field) in [
        (
            r#"{"command":"set_mappings","map":"A","mappings":[{"finops":"X","dataverse":"x","direction":"=","evil":1}]}"#,
            "mappings[0].evil",
        ),
        (
            r#"{"command":"run","maps":[{"map":"A","evil":1}]}"#,
            "maps[0].evil",
        ),
        (
            r#"{"command":"set_alerts","map":"A","alerts":[{"error_type":"ApplicationError","count":1,"window_minutes":1,"action":"Pause","evil":1}]}"#,
            "alerts[0].evil",
        ),
    ] {
        let err = format::command_from_json(json).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{field}: unknown field `evil`")),
            "{err}"
        );
    }
    // `map` with one name is the older form of `maps`; both at once is refused.
    let c = format::command_from_json(r#"{"command":"rerun_execution","map":["A","B"]}"#).unwrap();
    assert_eq!(
        c,
        Command::RerunExecution {
            maps: vec!["A".into(), "B".into()]
        }
    );
    let err = format::command_from_json(r#"{"command":"rerun_execution","map":"A","maps":["B"]}"#)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "(top): duplicate field `maps`");
    // A row named by id, by key, and by neither.
    let by_id = format::command_from_json(
        r#"{"command":"delete_row","side":"FinOps","table":"T","row":7}"#,
    )
    .unwrap();
    assert!(matches!(
        by_id,
        Command::DeleteRow {
            row: RowRef::Id(RowId(7)),
            ..
        }
    ));
    let err = format::command_from_json(
        r#"{"command":"delete_row","side":"FinOps","table":"T","row":"USD"}"#,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "row: invalid type: string \"USD\", expected a row id, or a row's key as a list of values"
    );
    // A generated world's seed is 1 when left out (it is part of the file format).
    let c = format::command_from_json(r#"{"command":"generate_customers","count":3}"#).unwrap();
    assert_eq!(c, Command::GenerateCustomers { count: 3, seed: 1 });
}

#[test]
fn every_command_and_subject_reads_back_as_written() {
    // Each variant with its optional fields set: what serde writes, the reader reads.
    use dualwrite_engine::explain::Subject;
    use dualwrite_engine::map::{
        Action, AlertAction, AlertSetting, ColumnMapping, ErrorType, Transform,
    };
    let mut mapping = ColumnMapping::both("NAME", "currencyname");
    mapping.transform = Some(Transform::ValueMap(vec![(t("a"), t("b"))]));
    let mut fixed = ColumnMapping::new("SYMBOL", map::Direction::ToFinOps, "symbol");
    fixed.transform = Some(Transform::Default(Value::decimal(1, 2500)));
    let commands = vec![
        create(Side::FinOps, "Currencies", &[("CURRENCYCODE", t("NOK"))]),
        update(
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            &[("currencyname", t("x"))],
        ),
        Command::DeleteRow {
            side: Side::FinOps,
            table: "Currencies".into(),
            row: RowRef::Id(RowId(4)),
        },
        Command::Run {
            maps: vec![RunEntry {
                map: "Currencies".into(),
                master: Some(Side::FinOps),
            }],
            initial_sync: InitialSync::Skip,
            resume: ResumeOption::SkipDiscarding,
        },
        stop_cmd(&["Currencies"]),
        pause_cmd(&["Currencies", "Legal entities"]),
        Command::SkipToLiveSync {
            maps: vec!["Currencies".into()],
            preserve: true,
        },
        Command::RerunExecution {
            maps: vec!["Customers V3".into()],
        },
        Command::RetryCatchUpErrors {
            map: "Currencies".into(),
            ids: Some(vec![3, 5]),
        },
        Command::RetryCatchUpErrors {
            map: "Currencies".into(),
            ids: None,
        },
        Command::SetMappings {
            map: "Currencies".into(),
            mappings: vec![mapping, fixed],
        },
        Command::SetFilter {
            map: "Currencies".into(),
            side: Side::Dataverse,
            filter: "isocurrencycode != \"USD\"".into(),
        },
        Command::SetMaster {
            map: "Currencies".into(),
            master: Side::FinOps,
        },
        Command::SetAlerts {
            map: "Currencies".into(),
            alerts: vec![AlertSetting {
                error_type: ErrorType::TooManyRequests,
                count: 3,
                window_minutes: 15,
                action: AlertAction::Stop,
                recipients: "ops@contoso.com, lead@contoso.com".into(),
            }],
        },
        Command::SetQueueCapacity {
            map: "Currencies".into(),
            capacity: 7,
        },
        Command::SetAvailability {
            side: Side::Dataverse,
            available: false,
        },
        Command::SetFault {
            side: Side::FinOps,
            fault: Some(Fault::Throttled),
        },
        Command::SetFault {
            side: Side::FinOps,
            fault: None,
        },
        Command::SetRowsPerTick { rows: 9 },
        Command::Tick { ticks: 2 },
        Command::RunUntilIdle,
        Command::GenerateCustomers { count: 4, seed: 77 },
    ];
    // Every variant is in the list, and the reader's names are serde's, in order. (The
    // match is exhaustive: a new command does not compile until it is placed here.)
    let place = |c: &Command| match c {
        Command::CreateRow { .. } => 0,
        Command::UpdateRow { .. } => 1,
        Command::DeleteRow { .. } => 2,
        Command::Run { .. } => 3,
        Command::Stop { .. } => 4,
        Command::Pause { .. } => 5,
        Command::SkipToLiveSync { .. } => 6,
        Command::RerunExecution { .. } => 7,
        Command::RetryCatchUpErrors { .. } => 8,
        Command::SetMappings { .. } => 9,
        Command::SetFilter { .. } => 10,
        Command::SetMaster { .. } => 11,
        Command::SetAlerts { .. } => 12,
        Command::SetQueueCapacity { .. } => 13,
        Command::SetAvailability { .. } => 14,
        Command::SetFault { .. } => 15,
        Command::SetRowsPerTick { .. } => 16,
        Command::Tick { .. } => 17,
        Command::RunUntilIdle => 18,
        Command::GenerateCustomers { .. } => 19,
    };
    let placed: std::collections::BTreeSet<usize> = commands.iter().map(place).collect();
    assert_eq!(
        placed.len(),
        dualwrite_engine::read::COMMAND_NAMES.len(),
        "one sample of each command"
    );
    for c in commands {
        let text = serde_json::to_string(&c).unwrap();
        let tag = serde_json::from_str::<Json>(&text).unwrap()["command"].clone();
        assert_eq!(
            tag,
            dualwrite_engine::read::COMMAND_NAMES[place(&c)],
            "{text}"
        );
        assert_eq!(format::command_from_json(&text), Ok(c), "{text}");
    }
    let subjects = vec![
        Subject::Conflict {
            map: "Currencies".into(),
            execution: Some("DWM-000001".into()),
            index: 2,
        },
        Subject::FailedRow {
            map: "Currencies".into(),
            execution: None,
            index: 0,
        },
        Subject::Queued {
            map: "Currencies".into(),
            seq: 12,
        },
        Subject::CatchUpError {
            map: "Currencies".into(),
            id: 3,
        },
        Subject::LogLine {
            map: "Currencies".into(),
            index: 1,
        },
        Subject::Action {
            map: "Currencies".into(),
            action: Action::SkipToLiveSync,
        },
    ];
    for subject in subjects {
        let text = serde_json::to_string(&subject).unwrap();
        assert_eq!(format::from_json::<Subject>(&text), Ok(subject), "{text}");
    }
}

#[test]
fn numbers_out_of_a_cells_or_an_options_range_are_refused() {
    // A decimal beyond what four places in 64 bits hold.
    let err = format::command_from_json(
        r#"{"command":"update_row","side":"FinOps","table":"Currencies","row":["USD"],"cells":{"EXCHANGERATE":1e13}}"#,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "cells.EXCHANGERATE: decimal out of range");
    let ok = format::command_from_json(
        r#"{"command":"update_row","side":"FinOps","table":"Currencies","row":["USD"],"cells":{"EXCHANGERATE":-123456789.5}}"#,
    )
    .unwrap();
    assert!(
        matches!(ok, Command::UpdateRow { ref cells, .. } if cells["EXCHANGERATE"] == Value::decimal(-123456789, -5000))
    );
    // The largest decimal kept: 900,000,000,000 (9e15 ten-thousandths).
    let largest = format::command_from_json(
        r#"{"command":"update_row","side":"FinOps","table":"Currencies","row":["USD"],"cells":{"EXCHANGERATE":900000000000.0}}"#,
    )
    .unwrap();
    assert!(
        matches!(largest, Command::UpdateRow { ref cells, .. } if cells["EXCHANGERATE"] == Value::decimal(900_000_000_000, 0))
    );
    // An option set's options are signed; one past i64 is refused.
    let column =
        |options: &str| format!(r#"{{"name":"status","type":"option_set","options":{options}}}"#);
    let read = |options: &str| {
        format::from_json::<dualwrite_engine::world::Column>(&column(options)).map(|c| c.ty)
    };
    assert_eq!(
        read("[-1, 9223372036854775807]"),
        Ok(ColumnType::OptionSet {
            options: vec![-1, i64::MAX],
            labels: Vec::new(),
        })
    );
    assert_eq!(
        read("[9223372036854775808]").unwrap_err().to_string(),
        "options[0]: invalid value: integer `9223372036854775808`, expected i64"
    );
    assert_eq!(
        read("[1.5]").unwrap_err().to_string(),
        "options[0]: invalid type: floating point `1.5`, expected i64"
    );
    assert_eq!(
        read("[\"1\"]").unwrap_err().to_string(),
        "options[0]: invalid type: string \"1\", expected i64"
    );
}

#[test]
fn an_option_sets_labels_are_read_kept_and_shown_and_must_match_its_options() {
    let column = |labels: &str| {
        format!(r#"{{"name":"status","type":"option_set","options":[1, 2],"labels":{labels}}}"#)
    };
    let read = |labels: &str| {
        format::from_json::<dualwrite_engine::world::Column>(&column(labels)).map(|c| c.ty)
    };
    let ty = read(r#"["Open", "Closed"]"#).unwrap();
    assert_eq!(ty.shown(&Value::Int(2)), "Closed (2)");
    assert_eq!(
        ty.shown(&Value::Int(7)),
        "7",
        "a value it lacks reads as itself"
    );
    assert_eq!(ty.shown(&Value::Null), "");
    assert_eq!(
        read(r#"["Open"]"#).unwrap_err().to_string(),
        "labels: 1 labels for 2 options: give each option its label, or none"
    );
    // The demo's labels survive an export and an import.
    let session = Session::new(demo());
    let (again, _) = format::import(&format::export(&session, "t")).unwrap();
    let accounts = again
        .state()
        .world
        .tables(Side::Dataverse)
        .get("accounts")
        .unwrap();
    let kind = accounts.column("customertypecode").unwrap();
    assert_eq!(kind.ty.shown(&Value::Int(3)), "Customer (3)");
}

#[test]
fn a_table_defined_twice_on_a_side_is_refused() {
    let mut v = state_file(&Session::new(demo()));
    let tables = v["state"]["world"]["finops"].as_array_mut().unwrap();
    let copy = tables
        .iter()
        .find(|t| t["name"] == "Currencies")
        .unwrap()
        .clone();
    tables.push(copy);
    let err = refusal(&v);
    assert!(
        err.contains("Finance and operations apps table 'Currencies' is defined twice"),
        "{err}"
    );
}

#[test]
fn a_two_column_key_in_another_order_than_its_pairs_still_pairs_the_rows() {
    // Dataverse's customer groups keyed (company, group) while FinOps' are (group,
    // company): the pair of a key is found through the other order.
    let mut v = state_file(&Session::new(demo()));
    let t = table(&mut v, "dataverse", "msdyn_customergroups");
    assert_eq!(t["key"], json!(["msdyn_groupid", "msdyn_company"]));
    t["key"] = json!(["msdyn_company", "msdyn_groupid"]);
    let (mut swapped, _) = format::import(&v.to_string()).unwrap();
    let mut plain = Session::new(demo());
    for s in [&mut swapped, &mut plain] {
        run_all(s, &CUSTOMER_CHAIN);
    }
    let exec = |s: &Session| {
        let e = last_execution(s, "Customer groups");
        (
            e.to_dataverse,
            e.to_finops,
            e.conflicts.len(),
            e.errors.len(),
        )
    };
    assert_eq!(exec(&swapped), exec(&plain));
    let groups = |s: &Session| s.state().world.dataverse["msdyn_customergroups"].rows.len();
    assert_eq!(groups(&swapped), groups(&plain), "no group created twice");
}

#[test]
fn a_session_saved_while_initializing_loads_back() {
    let mut s = Session::new(demo());
    ok(&mut s, Command::SetRowsPerTick { rows: 1 });
    ok(&mut s, run_cmd(&["Currencies"]));
    ok(&mut s, Command::Tick { ticks: 1 });
    assert_eq!(status(&s, "Currencies"), StatusKind::Initializing);
    assert!(!s.state().init_order.is_empty());
    // As a history (the commands rebuild it) and as a state written out whole.
    let text = format::export(&s, "x");
    let (back, _) = format::import(&text).unwrap();
    assert_eq!(back.state(), s.state());
    let (back, _) = format::import(&state_file(&s).to_string()).unwrap();
    assert_eq!(back.state(), s.state());
}

#[test]
fn a_file_with_no_rows_or_no_minutes_a_tick_is_refused() {
    let demo = Session::new(demo());
    for setting in ["rows_per_tick", "minutes_per_tick"] {
        let err = import_error(&demo, |v| v["state"]["settings"][setting] = json!(0));
        assert!(
            err.contains("rows_per_tick and minutes_per_tick must be at least 1"),
            "{setting}: {err}"
        );
    }
}

#[test]
fn a_change_queued_on_a_key_at_another_place_plays_back_to_its_pair() {
    let mut s = currencies_key_moved();
    run_all(&mut s, &["Currencies"]);
    ok(&mut s, pause_cmd(&["Currencies"]));
    ok(&mut s, usd_on_finops("NAME", "Dollar"));
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(usd_names(&s), (Some(t("Dollar")), Some(t("Dollar"))));
    // The pair of a row is found through the key at its place.
    let usd = s.state().world.finops["Currencies"]
        .find_by_key(&[t("USD")])
        .unwrap();
    let at = dualwrite_engine::locate::RowAt {
        side: Side::FinOps,
        table: "Currencies".into(),
        id: usd,
    };
    let pair = s.state().pair_of("Currencies", &at).unwrap();
    assert_eq!(
        s.state().world.dataverse["transactioncurrencies"].rows[&pair][0],
        t("USD")
    );
}

#[test]
fn a_cell_that_is_a_list_or_an_object_is_refused_saying_what_a_cell_holds() {
    for bad in [json!({}), json!([1])] {
        let mut v = state_file(&Session::new(demo()));
        table(&mut v, "finops", "Currencies")["rows"][0][2] = bad.clone();
        let err = format::import(&v.to_string()).unwrap_err().to_string();
        assert!(
            err.contains("expected null, a boolean, a number or a string"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn a_mappings_direction_reads_as_the_product_writes_it_and_as_older_pages_do() {
    use dualwrite_engine::map::{ColumnMapping, Direction};
    let read = |d: &str| {
        format::from_json::<ColumnMapping>(&format!(
            r#"{{"finops": "SYMBOL", "dataverse": "currencysymbol", "direction": "{d}"}}"#
        ))
        .map(|m| m.direction)
    };
    for (written, direction) in [
        ("=", Direction::Both),
        ("<>", Direction::Both),
        (">", Direction::ToDataverse),
        (">>", Direction::ToDataverse),
        ("<", Direction::ToFinOps),
        ("<<", Direction::ToFinOps),
    ] {
        assert_eq!(read(written), Ok(direction), "{written}");
    }
    let refused = read("=>").unwrap_err().to_string();
    assert!(
        refused.contains("`=>`") && refused.contains("`>`"),
        "{refused}"
    );
}

#[test]
fn a_file_whose_activity_log_an_earlier_version_worded_otherwise_loads_in_todays_words() {
    let text = include_str!("data/played-session-v1.json");
    let today = "Status changed from Running to Paused";
    let reworded = text.replace(today, "Paused (as an earlier version said it)");
    assert_ne!(reworded, text);
    let (s, _) = format::import(&reworded).expect("words differ, the state does not");
    let log: Vec<&str> = s
        .state()
        .maps
        .iter()
        .flat_map(|m| m.log.iter().map(|l| l.message.as_str()))
        .collect();
    assert!(log.contains(&today), "{log:?}");
    assert!(!log.iter().any(|l| l.contains("earlier version")));
    // Anything but the words must still be as saved.
    let changed = text.replacen("\"Euro\"", "\"Euro, edited\"", 1);
    assert_ne!(changed, text);
    let err = format::import(&changed).expect_err("a changed cell is refused");
    assert!(
        err.to_string()
            .contains("replaying the commands does not give the saved state"),
        "{err}"
    );
}

#[test]
fn a_lesson_file_given_as_a_scenario_is_named_as_a_lesson() {
    let lesson = include_str!("../../lessons/01-run-a-map.json");
    let err = format::import(lesson).unwrap_err();
    assert_eq!(err, format::FormatError::LessonNotScenario);
    assert_eq!(err.to_string(), "this is a lesson file, not a scenario");
}

#[test]
fn sizes_are_said_with_one_decimal_rounded_half_up() {
    for (numerator, denominator, said) in [
        (0, 7, "0.0"),
        (3, 2, "1.5"),
        (2, 3, "0.7"),
        (1, 20, "0.1"),
        (67_108_865, 1024 * 1024, "64.0"),
        (19_084_083, 1024 * 1024, "18.2"),
        (u64::MAX, 1, "18446744073709551615.0"),
        (5, 0, "5.0"),
    ] {
        assert_eq!(
            format::one_decimal(numerator, denominator),
            said,
            "{numerator} / {denominator}"
        );
    }
}

#[test]
fn indented_text_is_laid_out_as_serde_json_lays_it_out() {
    let tricky = json!({
        "empty": [], "none": {}, "text": "a \\\" quote, a [bracket], {a brace}: a colon",
        "nested": [[1, [2, {}]], {"k": [null, true, -1.5]}],
        "unicode": "Jürgen ✓",
    });
    let demo: Json = serde_json::from_str(dualwrite_engine::demo::DEMO_SCENARIO).unwrap();
    for value in [tricky, demo, json!([]), json!("x"), json!(3)] {
        let compact = serde_json::to_string(&value).unwrap();
        assert_eq!(
            format::indented(&compact),
            serde_json::to_string_pretty(&value).unwrap(),
            "{compact}"
        );
    }
}
