//! The row queries the app stands on: what a cell may hold, the row a conflict, a failed
//! row or a queued change names, a row's pair, and the rows the last command wrote.

use crate::common;

use common::*;
use dualwrite_engine::explain::Subject;
use dualwrite_engine::locate::{Choices, PairComparison, RowAt, TransformError, TransformField};
use dualwrite_engine::*;

/// The key cells of a row, in words.
fn key(s: &Session, at: &RowAt) -> String {
    let t = &s.state().world.tables(at.side)[at.table.as_str()];
    t.describe(at.id, t.rows.get(&at.id).unwrap())
}

#[test]
fn a_cell_offers_what_its_type_accepts() {
    let s = Session::new(demo());
    let w = &s.state().world;
    let column = |side, table: &str, name: &str| {
        w.tables(side)[table]
            .columns
            .iter()
            .position(|c| c.name == name)
            .unwrap()
    };
    let fo = |name| {
        w.choices(
            Side::FinOps,
            "CustomersV3",
            column(Side::FinOps, "CustomersV3", name),
        )
    };
    assert_eq!(fo("ORGANIZATIONNAME"), Choices::Text);
    assert_eq!(fo("CREDITLIMIT"), Choices::Number { whole: false });
    assert_eq!(
        fo("PARTYTYPE"),
        Choices::OneOf(vec!["Organization".into(), "Person".into()])
    );
    // A lookup offers the target table's keys, sorted, each once.
    let Choices::OneOf(currencies) = fo("SALESCURRENCYCODE") else {
        panic!("a lookup offers a list")
    };
    assert_eq!(currencies, ["CAD", "EUR", "GBP", "JPY", "USD"]);
    let dv = w.choices(
        Side::Dataverse,
        "accounts",
        column(Side::Dataverse, "accounts", "customertypecode"),
    );
    assert_eq!(
        dv,
        Choices::Labelled(
            [
                ("1", "Competitor (1)"),
                ("2", "Consultant (2)"),
                ("3", "Customer (3)"),
                ("11", "Vendor (11)")
            ]
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .to_vec()
        )
    );
    assert_eq!(w.choices(Side::FinOps, "nope", 0), Choices::Text);
}

#[test]
fn a_conflict_a_failed_row_and_a_pair_are_found_in_the_tables() {
    let mut s = Session::new(demo());
    run_customers_with_finops_master(&mut s);
    let sim = s.state();
    let m = sim.map("Customers V3").unwrap();
    let exec = m.executions.last().unwrap();
    let conflict = Subject::Conflict {
        map: "Customers V3".into(),
        execution: None,
        index: 0,
    };
    let at = sim.locate(&conflict).expect("the conflict's row");
    assert_eq!((at.side, at.table.as_str()), (Side::FinOps, "CustomersV3"));
    assert_eq!(key(&s, &at), exec.conflicts[0].key);
    // Its pair on Dataverse has the same key, and back.
    let pair = sim.pair_of("Customers V3", &at).expect("a pair");
    let back = RowAt {
        side: Side::Dataverse,
        table: "accounts".into(),
        id: pair,
    };
    assert_eq!(key(&s, &back), exec.conflicts[0].key);
    assert_eq!(sim.pair_of("Customers V3", &back), Some(at.id));
    // A row of another table has no pair through this map (ids are per table).
    let elsewhere = RowAt {
        table: "Currencies".into(),
        ..at.clone()
    };
    assert_eq!(sim.pair_of("Customers V3", &elsewhere), None);

    let failed = Subject::FailedRow {
        map: "Customers V3".into(),
        execution: None,
        index: 0,
    };
    let at = sim.locate(&failed).expect("the failed row");
    assert_eq!(at.side, exec.errors[0].source);
    assert_eq!(key(&s, &at), exec.errors[0].key);
    // Named by its execution's id, the same row.
    let named = Subject::FailedRow {
        map: "Customers V3".into(),
        execution: Some(exec.id.clone()),
        index: 0,
    };
    assert_eq!(sim.locate(&named), Some(at.clone()));
    // Show row opens each at the column it is about.
    let column_of = |subject: &Subject, at: &RowAt| {
        sim.locate_column(subject).map(|p| {
            sim.world.tables(at.side)[at.table.as_str()].columns[p]
                .name
                .clone()
        })
    };
    let conflict_at = sim.locate(&conflict).unwrap();
    assert_eq!(
        column_of(&conflict, &conflict_at).as_deref(),
        exec.conflicts[0].column.split(' ').next()
    );
    // The failed row names the Dataverse lookup it could not write; its row is the
    // FinOps source, opened at the column mapped to that lookup.
    assert_eq!(exec.errors[0].field, "msdyn_customergroupid.msdyn_groupid");
    assert_eq!(at.side, Side::FinOps);
    assert_eq!(column_of(&failed, &at).as_deref(), Some("CUSTOMERGROUPID"));
    assert_eq!(
        sim.locate_column(&Subject::Queued {
            map: "Customers V3".into(),
            seq: 1
        }),
        None
    );
    assert_eq!(
        sim.locate(&Subject::FailedRow {
            map: "Customers V3".into(),
            execution: None,
            index: 999
        }),
        None
    );
}

#[test]
fn a_queued_change_names_its_row_and_the_last_command_names_what_it_wrote() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", "Currencies"]);
    let usd = |s: &Session, side: Side, table: &str| {
        let rows = &s.state().world.tables(side)[table].rows;
        rows.iter()
            .find(|(_, r)| r[0] == t("USD"))
            .map(|(id, _)| *id)
            .unwrap()
    };
    // A live write: the user's row and its pair, nothing else.
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Dollar"))],
        ),
    );
    assert_eq!(
        s.last_written(Side::FinOps, "Currencies"),
        [usd(&s, Side::FinOps, "Currencies")]
    );
    assert_eq!(
        s.last_written(Side::Dataverse, "transactioncurrencies"),
        [usd(&s, Side::Dataverse, "transactioncurrencies")]
    );
    assert!(s.last_written(Side::FinOps, "CustomersV3").is_empty());
    // Paused: only the user's side is written, and the queued change names its row.
    ok(&mut s, pause_cmd(&["Currencies"]));
    assert!(s.last_written(Side::FinOps, "Currencies").is_empty());
    ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Dollar!"))],
        ),
    );
    assert!(s
        .last_written(Side::Dataverse, "transactioncurrencies")
        .is_empty());
    let at = s
        .state()
        .locate(&Subject::Queued {
            map: "Currencies".into(),
            seq: 1,
        })
        .expect("the queued change's row");
    assert_eq!(at.id, usd(&s, Side::FinOps, "Currencies"));
    // At the column the update changed.
    let name = s.state().world.finops["Currencies"].position("NAME");
    assert_eq!(
        s.state().locate_column(&Subject::Queued {
            map: "Currencies".into(),
            seq: 1,
        }),
        name
    );
    assert!(name.is_some());
    // Undo marks the rows it puts back: the queued write's row, not its pair.
    s.undo();
    assert_eq!(
        s.last_written(Side::FinOps, "Currencies"),
        [usd(&s, Side::FinOps, "Currencies")]
    );
    assert!(s
        .last_written(Side::Dataverse, "transactioncurrencies")
        .is_empty());
    // Going back three steps marks what they put back (the pause wrote no row).
    s.redo();
    s.goto(s.cursor() - 3);
    assert_eq!(
        s.last_written(Side::Dataverse, "transactioncurrencies")
            .len(),
        1
    );
    assert_eq!(s.last_written(Side::FinOps, "Currencies").len(), 1);
    // Redo marks what the command writes again.
    s.redo();
    assert_eq!(
        s.last_written(Side::Dataverse, "transactioncurrencies")
            .len(),
        1
    );
}

#[test]
fn a_typed_transform_is_read_as_its_columns_types() {
    use dualwrite_engine::locate::TransformInput;
    use dualwrite_engine::map::Transform;
    let s = Session::new(demo());
    let sim = s.state();
    let mapping = |map: &str, finops: &str| {
        sim.map(map)
            .unwrap()
            .mappings
            .iter()
            .find(|m| m.finops == finops)
            .unwrap()
            .clone()
    };
    // An enum and an option set: the pair reads as a label and an option value.
    let party = mapping("Customers V3", "PARTYTYPE");
    let pairs = vec![("Person".to_string(), "1".to_string())];
    assert_eq!(
        sim.read_transform("Customers V3", &party, TransformInput::ValueMap(&pairs)),
        Ok(Some(Transform::ValueMap(vec![(
            t("Person"),
            Value::Int(1)
        )])))
    );
    let empty = vec![
        pairs[0].clone(),
        ("Organization".to_string(), String::new()),
    ];
    // Each refusal names the field it is about, for the pane to mark.
    let refused = |field, message: &str| {
        Err(TransformError {
            field: Some(field),
            message: message.into(),
        })
    };
    assert_eq!(
        sim.read_transform("Customers V3", &party, TransformInput::ValueMap(&empty)),
        refused(
            TransformField::Pair(1, Side::Dataverse),
            "Pair 2: give both values (or remove the pair)"
        )
    );
    let blank_first = vec![(" ".to_string(), "1".to_string())];
    assert_eq!(
        sim.read_transform(
            "Customers V3",
            &party,
            TransformInput::ValueMap(&blank_first)
        )
        .map_err(|e| e.field),
        Err(Some(TransformField::Pair(0, Side::FinOps)))
    );
    let bad = vec![("Person".to_string(), "one".to_string())];
    assert_eq!(
        sim.read_transform("Customers V3", &party, TransformInput::ValueMap(&bad)),
        refused(
            TransformField::Pair(0, Side::Dataverse),
            "Pair 1, Dataverse value: 'one' is not a whole number"
        )
    );
    // A default is read as the column it is written to: the Dataverse decimal here.
    let rate = mapping("Currencies", "EXCHANGERATE");
    let bad = vec![("abc".to_string(), "1.5".to_string())];
    assert_eq!(
        sim.read_transform("Currencies", &rate, TransformInput::ValueMap(&bad))
            .map_err(|e| e.field),
        Err(Some(TransformField::Pair(0, Side::FinOps)))
    );
    assert_eq!(
        sim.read_transform("Currencies", &rate, TransformInput::Default("abc")),
        refused(TransformField::Default, "Default: 'abc' is not a number")
    );
    assert!(matches!(
        sim.read_transform("Currencies", &rate, TransformInput::Default("1.5")),
        Ok(Some(Transform::Default(_)))
    ));
    // A default of nothing would write nothing: refused, in the pane and as JSON.
    let nothing = "Default: give the value written when the source is empty (or choose None)";
    for empty in ["", "  "] {
        assert_eq!(
            sim.read_transform("Currencies", &rate, TransformInput::Default(empty)),
            refused(TransformField::Default, nothing)
        );
    }
    let typed = ColumnMapping {
        transform: Some(Transform::Default(Value::Null)),
        ..rate.clone()
    };
    assert_eq!(
        dualwrite_engine::locate::no_empty_transform(&typed),
        Err(nothing.into())
    );
    // (Typed as JSON, a blank text is as empty as none.)
    let blank = ColumnMapping {
        transform: Some(Transform::Default(Value::text("  "))),
        ..rate.clone()
    };
    assert_eq!(
        dualwrite_engine::locate::no_empty_transform(&blank),
        Err(nothing.into())
    );
    // A default of a value, and a value map of whole pairs, pass; a pair with either side
    // empty does not.
    let with = |transform| ColumnMapping {
        transform,
        ..rate.clone()
    };
    let check = |m: &ColumnMapping| dualwrite_engine::locate::no_empty_transform(m);
    assert_eq!(check(&with(None)), Ok(()));
    assert_eq!(
        check(&with(Some(Transform::Default(Value::decimal(1, 5000))))),
        Ok(())
    );
    let pairs = |second: (Value, Value)| {
        with(Some(Transform::ValueMap(vec![
            (Value::text("a"), Value::text("b")),
            second,
        ])))
    };
    assert_eq!(check(&pairs((Value::text("c"), Value::text("d")))), Ok(()));
    // A default typed as JSON that its column cannot hold is refused at the Default field,
    // as the pane's field refuses it (and as Save would).
    let text_default = with(Some(Transform::Default(Value::text("abc"))));
    let refusal = sim
        .check_transform("Currencies", &text_default)
        .unwrap_err();
    assert_eq!(refusal.field, Some(TransformField::Default));
    assert!(
        refusal
            .message
            .starts_with("Default: 'abc' cannot be written to exchangerate: "),
        "{}",
        refusal.message
    );
    assert_eq!(
        sim.check_transform("Currencies", &with(Some(Transform::Default(Value::Int(1))))),
        Ok(()),
        "a whole number, for a decimal column"
    );
    // A value map of no pair would fail every value: refused, in the pane and as JSON.
    let none = "Value map: add a pair (or choose None)";
    assert_eq!(
        check(&with(Some(Transform::ValueMap(Vec::new())))),
        Err(none.into())
    );
    assert_eq!(
        sim.read_transform("Currencies", &rate, TransformInput::ValueMap(&[]))
            .map_err(|e| e.message),
        Err(none.into())
    );
    for half in [
        (Value::Null, Value::text("d")),
        (Value::text("c"), Value::Null),
    ] {
        assert_eq!(
            check(&pairs(half)),
            Err("Pair 2: give both values (or remove the pair)".into())
        );
    }
    // Two-way, a default must read the same on both sides.
    let two_way = sim
        .read_transform("Customers V3", &party, TransformInput::Default("3"))
        .unwrap_err();
    assert!(two_way
        .message
        .contains("a two-way default must be the same value on both"));
    assert_eq!(two_way.field, Some(TransformField::Default));
    assert_eq!(
        sim.read_transform("Currencies", &rate, TransformInput::None),
        Ok(None)
    );
    // A value map checked as Save checks it: a value paired twice names that pair and side.
    let name = mapping("Currencies", "NAME");
    let twice = ColumnMapping {
        transform: Some(Transform::ValueMap(vec![
            (Value::text("US Dollar"), Value::text("Dollar US")),
            (Value::text("Euro"), Value::text("Euro")),
            (Value::text("US Dollar"), Value::text("Dollar 2")),
        ])),
        ..name.clone()
    };
    let refused = sim.check_transform("Currencies", &twice).unwrap_err();
    assert_eq!(refused.field, Some(TransformField::Pair(2, Side::FinOps)));
    assert!(
        refused
            .message
            .starts_with("The Finance and operations apps value US Dollar is paired twice"),
        "{}",
        refused.message
    );
    assert_eq!(sim.check_transform("Currencies", &name), Ok(()));
}

/// The column of `table` on `side` that the refusal of `c` is about.
#[test]
fn a_typed_mapping_of_two_columns_mapped_already_is_refused_but_its_own_edit_is_not() {
    let sim = demo();
    let mappings = &sim.map("Currencies").unwrap().mappings;
    let first = mappings[0].clone();
    let second = mappings[1].clone();
    let again = ColumnMapping {
        direction: Direction::ToFinOps,
        transform: None,
        ..first.clone()
    };
    let refused = locate::not_mapped_already(mappings, &again, None).unwrap_err();
    assert!(
        refused.starts_with(&format!(
            "{} and {} are mapped to each other already",
            first.finops, first.dataverse
        )),
        "{refused}"
    );
    // Editing the first mapping itself (its place excepted) is no duplicate; turning the
    // second into the first's pair is.
    assert_eq!(
        locate::not_mapped_already(mappings, &again, Some(0)),
        Ok(())
    );
    assert!(locate::not_mapped_already(mappings, &again, Some(1)).is_err());
    // The same Dataverse field from another column, or the reverse, is another pair.
    let other = ColumnMapping {
        finops: second.finops.clone(),
        ..again.clone()
    };
    assert_eq!(locate::not_mapped_already(mappings, &other, None), Ok(()));
}

fn refused_at(s: &mut Session, c: Command, side: Side, table: &str) -> Option<String> {
    let err = s.dispatch(c).expect_err("refused");
    s.state().refused_column(&err, side, table)
}

/// The column a refused update of one row is about, in the table updated.
fn refused_update(
    s: &mut Session,
    side: Side,
    table: &str,
    key: &[&str],
    cell: (&str, &str),
) -> Option<String> {
    refused_at(
        s,
        update(side, table, key, &[(cell.0, t(cell.1))]),
        side,
        table,
    )
}

#[test]
fn a_refused_write_names_the_column_it_is_about_on_the_side_written() {
    let mut s = Session::new(demo());
    // Its own side: a key another row has, a value its column does not hold.
    let at = refused_update(
        &mut s,
        Side::FinOps,
        "Currencies",
        &["USD"],
        ("CURRENCYCODE", "EUR"),
    );
    assert_eq!(at.as_deref(), Some("CURRENCYCODE"));
    let at = refused_update(
        &mut s,
        Side::FinOps,
        "PaymentTerms",
        &["Net10", "usmf"],
        ("NUMBEROFDAYS", "ten"),
    );
    assert_eq!(at.as_deref(), Some("NUMBEROFDAYS"));
    // Not about a column: a refused action.
    let at = refused_at(
        &mut s,
        stop_cmd(&["Currencies"]),
        Side::FinOps,
        "Currencies",
    );
    assert_eq!(at, None);

    // Rolled back by dual-write: the other side's field, translated to this side's column.
    ok(
        &mut s,
        skip_cmd(&[
            "Legal entities",
            "Terms of payment",
            "Customer groups",
            "Customers V3",
        ]),
    );
    // From FinOps, a label with no value map entry names the FinOps field itself.
    let at = refused_update(
        &mut s,
        Side::FinOps,
        "CustomersV3",
        &["US-001", "usmf"],
        ("ONHOLDSTATUS", "Requisition"),
    );
    assert_eq!(at.as_deref(), Some("ONHOLDSTATUS"));
    // From Dataverse, a customer group FinOps lacks: FinOps names its CUSTOMERGROUPID,
    // which the Dataverse grid shows as the lookup column msdyn_customergroupid.
    let at = refused_update(
        &mut s,
        Side::Dataverse,
        "accounts",
        &["US-001", "usmf"],
        ("msdyn_customergroupid", "90"),
    );
    assert_eq!(at.as_deref(), Some("msdyn_customergroupid"));
}

#[test]
fn the_feed_names_rows_by_key_and_picks_what_needs_attention() {
    let mut s = Session::new(demo());
    ok(&mut s, skip_cmd(&["Currencies"]));
    let events = ok(
        &mut s,
        update(
            Side::FinOps,
            "Currencies",
            &["USD"],
            &[("NAME", t("Dollar"))],
        ),
    );
    let words: Vec<String> = events.iter().map(|e| s.state().event_in_words(e)).collect();
    assert_eq!(
        words,
        [
            "Row USD of Finance and operations apps Currencies updated",
            "Currencies updated row USD of Dataverse Currencies"
        ]
    );
    assert!(events.iter().all(|e| !e.needs_attention()));
    // A deleted row is gone: it keeps its number.
    let events = ok(&mut s, delete(Side::FinOps, "Currencies", &["JPY"]));
    let first = s.state().event_in_words(&events[0]);
    assert!(
        first.starts_with("Row #") && first.ends_with("deleted"),
        "{first}"
    );
    // A failed initial sync needs attention; its status change does not.
    let events = ok(&mut s, run_cmd(&["Customers V3"]));
    let mut events = events;
    events.extend(ok(&mut s, Command::Tick { ticks: 100 }));
    let attention: Vec<String> = events
        .iter()
        .filter(|e| e.needs_attention())
        .map(|e| e.to_string())
        .collect();
    assert_eq!(attention.len(), 1, "{attention:?}");
    assert!(attention[0].contains("failed row(s)"), "{attention:?}");
}

#[test]
fn why_not_names_the_selected_map_that_refuses_an_action() {
    let mut s = Session::new(demo());
    ok(&mut s, skip_cmd(&["Currencies"]));
    let sim = s.state();
    assert_eq!(sim.why_not(&["Currencies"], Action::Stop), None);
    let why = sim
        .why_not(&["Currencies", "Vendor groups"], Action::Stop)
        .expect("Vendor groups is Not running")
        .to_string();
    assert!(why.contains("'Vendor groups': it is Not running"), "{why}");
    assert_eq!(
        sim.why_not(&[], Action::Stop)
            .map(|e| e.to_string())
            .as_deref(),
        Some("select at least one table map")
    );
}

/// The row of `table` on `side` whose first key cell is `first`.
fn row_at(s: &Session, side: Side, table: &str, first: &str) -> RowAt {
    let rows = &s.state().world.tables(side)[table].rows;
    let id = rows
        .iter()
        .find(|(_, r)| r[0] == t(first))
        .map(|(id, _)| *id)
        .unwrap_or_else(|| panic!("no row {first} in {table}"));
    RowAt {
        side,
        table: table.into(),
        id,
    }
}

/// The FinOps columns of the mappings that do not agree.
fn differing(c: &PairComparison) -> Vec<&str> {
    c.mappings
        .iter()
        .filter(|m| !m.agrees)
        .map(|m| m.fields[0].as_str())
        .collect()
}

#[test]
fn a_row_is_compared_with_its_pair_mapping_by_mapping() {
    let s = Session::new(demo());
    let sim = s.state();
    let at = row_at(&s, Side::FinOps, "CustomersV3", "US-001");
    let c = sim.compare_pair("Customers V3", &at).expect("a comparison");
    assert!(c.key.contains("US-001"), "{}", c.key);
    assert_eq!(
        c.rows,
        [
            Some(at.clone()),
            Some(row_at(&s, Side::Dataverse, "accounts", "US-001"))
        ]
    );
    assert_eq!(c.in_scope, [true, true]);
    assert_eq!(
        c.mappings.len(),
        sim.map("Customers V3").unwrap().mappings.len()
    );
    // Both sides made their own US-001 before any sync: a name, a credit limit and the
    // one-way email differ; the rest agree, through the value maps too.
    assert_eq!(
        differing(&c),
        ["ORGANIZATIONNAME", "CREDITLIMIT", "PRIMARYCONTACTEMAIL"]
    );
    assert_eq!(c.differing(), 3);
    let party = c
        .mappings
        .iter()
        .find(|m| m.fields[0] == "PARTYTYPE")
        .unwrap();
    assert_eq!(
        party.shown,
        [Some("Organization".into()), Some("Customer (3)".into())]
    );
    assert!(party.agrees && party.transformed && party.through_transform);
    let account = &c.mappings[0];
    assert!(account.agrees && !account.through_transform);
    assert_eq!(party.fields[1], "customertypecode");
    let email = c
        .mappings
        .iter()
        .find(|m| m.fields[0] == "PRIMARYCONTACTEMAIL")
        .unwrap();
    assert_eq!(email.direction, Direction::ToDataverse);
    assert_eq!(email.shown[1].as_deref(), Some(""), "{:?}", email.shown);
    // The same comparison from the other side.
    let back = sim
        .compare_pair("Customers V3", c.rows[1].as_ref().unwrap())
        .unwrap();
    assert_eq!(back, c);
    // Not a row of the map's tables: nothing to compare.
    let elsewhere = RowAt {
        table: "Currencies".into(),
        ..at.clone()
    };
    assert_eq!(sim.compare_pair("Customers V3", &elsewhere), None);
    assert_eq!(sim.compare_pair("No such map", &at), None);
}

#[test]
fn a_synced_pair_agrees_until_a_side_changes_behind_a_pause_and_a_lone_row_has_no_pair() {
    let mut s = paused_currencies();
    let usd = row_at(&s, Side::FinOps, "Currencies", "USD");
    let c = s.state().compare_pair("Currencies", &usd).unwrap();
    assert_eq!(c.differing(), 0, "{:?}", c.mappings);
    // An edit on Dataverse while the map is paused waits in the queue: the name differs.
    ok(
        &mut s,
        update(
            Side::Dataverse,
            "transactioncurrencies",
            &["USD"],
            &[("currencyname", t("Dollar"))],
        ),
    );
    let c = s.state().compare_pair("Currencies", &usd).unwrap();
    assert_eq!(differing(&c), ["NAME"]);
    let name = &c.mappings[1];
    assert_eq!(
        name.shown,
        [Some("US Dollar".into()), Some("Dollar".into())]
    );
    // Played back on resume: they agree again.
    ok(&mut s, resume_cmd(&["Currencies"], ResumeOption::CatchUp));
    ok(&mut s, Command::RunUntilIdle);
    assert_eq!(
        s.state()
            .compare_pair("Currencies", &usd)
            .unwrap()
            .differing(),
        0
    );

    // A row of a map that has not run yet has no pair: nothing on Dataverse agrees.
    let mut s = Session::new(demo());
    ok(
        &mut s,
        create(
            Side::FinOps,
            "Currencies",
            &[("CURRENCYCODE", t("CHF")), ("NAME", t("Swiss franc"))],
        ),
    );
    let chf = row_at(&s, Side::FinOps, "Currencies", "CHF");
    let c = s.state().compare_pair("Currencies", &chf).unwrap();
    assert_eq!(c.rows[1], None);
    assert_eq!(c.in_scope, [true, false]);
    assert!(c.mappings.iter().all(|m| !m.agrees && m.shown[1].is_none()));
    assert_eq!(c.mappings[1].shown[0].as_deref(), Some("Swiss franc"));
    assert_eq!(c.missing(), Some(Side::Dataverse));
    assert!(c
        .scope_note()
        .is_some_and(|n| n.starts_with("Dual-write creates its pair on Dataverse")));

    // A row outside the map's filter: said so, whether or not it has a pair.
    ok(
        &mut s,
        Command::SetFilter {
            map: "Currencies".into(),
            side: Side::FinOps,
            filter: "CURRENCYCODE != \"USD\"".into(),
        },
    );
    let usd = row_at(&s, Side::FinOps, "Currencies", "USD");
    let c = s.state().compare_pair("Currencies", &usd).unwrap();
    assert_eq!(
        c.in_scope,
        [false, true],
        "USD is on both sides before any sync"
    );
    assert_eq!(
        c.scope_note().as_deref(),
        Some(
            "Outside the map's filter on Finance and operations apps: dual-write does not copy it; a change to its pair, in the filter on the other side, still reaches it."
        )
    );
    let chf_pair = s.state().compare_pair("Currencies", &chf).unwrap();
    assert_eq!(chf_pair.in_scope, [true, false]);
    // With no pair on the other side, nothing reaches it.
    ok(
        &mut s,
        Command::SetFilter {
            map: "Currencies".into(),
            side: Side::FinOps,
            filter: "CURRENCYCODE == \"USD\"".into(),
        },
    );
    let chf_pair = s.state().compare_pair("Currencies", &chf).unwrap();
    assert_eq!(
        chf_pair.scope_note().as_deref(),
        Some(
            "Outside the map's filter on Finance and operations apps: dual-write does not copy it."
        )
    );
}

#[test]
fn a_row_command_names_its_row_by_key_and_its_table_by_label() {
    let s = Session::new(demo());
    let sim = s.state();
    let usd = row_at(&s, Side::FinOps, "Currencies", "USD");
    let update = Command::UpdateRow {
        side: Side::FinOps,
        table: "Currencies".into(),
        row: dualwrite_engine::RowRef::Id(usd.id),
        cells: Default::default(),
    };
    assert_eq!(
        sim.command_in_words(&update),
        "Row USD saved in Finance and operations apps Currencies"
    );
    // An update says what it wrote: the first three cells, an emptied one so, and how many
    // more.
    let wrote = Command::UpdateRow {
        side: Side::FinOps,
        table: "Currencies".into(),
        row: dualwrite_engine::RowRef::Id(usd.id),
        cells: [
            ("A".to_string(), t("1")),
            ("B".to_string(), Value::Null),
            ("C".to_string(), t("3")),
            ("D".to_string(), t("4")),
        ]
        .into(),
    };
    assert_eq!(
        sim.command_in_words(&wrote),
        r#"Row USD saved in Finance and operations apps Currencies: A = "1", B emptied, C = "3" and 1 more"#
    );
    assert_eq!(
        sim.command_in_words(&create(
            Side::Dataverse,
            "accounts",
            &[("accountnumber", t("C9")), ("msdyn_company", t("usmf"))]
        )),
        "Row C9, usmf created in Dataverse Accounts"
    );
    assert_eq!(
        sim.command_in_words(&delete(Side::FinOps, "Currencies", &["JPY"])),
        "Row JPY deleted in Finance and operations apps Currencies"
    );
    // A row this state does not hold (deleted since): the table still by its label.
    let gone = Command::DeleteRow {
        side: Side::FinOps,
        table: "Currencies".into(),
        row: dualwrite_engine::RowRef::Id(RowId(999)),
    };
    assert_eq!(
        sim.command_in_words(&gone),
        "Row deleted in Finance and operations apps Currencies"
    );
    // Other commands say themselves.
    assert_eq!(
        sim.command_in_words(&Command::RunUntilIdle),
        Command::RunUntilIdle.to_string()
    );
}

#[test]
fn a_step_still_to_take_is_said_as_one_to_take() {
    let s = Session::new(demo());
    let sim = s.state();
    let usd = row_at(&s, Side::FinOps, "Currencies", "USD");
    let save = Command::UpdateRow {
        side: Side::FinOps,
        table: "Currencies".into(),
        row: dualwrite_engine::RowRef::Id(usd.id),
        cells: [("NAME".to_string(), t("A"))].into(),
    };
    assert_eq!(
        sim.step_in_words(&save),
        r#"Save row USD in Finance and operations apps Currencies: NAME = "A""#
    );
    assert_eq!(
        sim.step_in_words(&create(
            Side::Dataverse,
            "accounts",
            &[("accountnumber", t("C9")), ("msdyn_company", t("usmf"))]
        )),
        "Create row C9, usmf in Dataverse Accounts"
    );
    assert_eq!(
        sim.step_in_words(&delete(Side::FinOps, "Currencies", &["JPY"])),
        "Delete row JPY in Finance and operations apps Currencies"
    );
    let maps = vec!["Currencies".to_string()];
    for (command, to_do, done) in [
        (
            Command::Pause { maps: maps.clone() },
            "Pause: Currencies",
            "Paused: Currencies",
        ),
        (
            Command::Stop { maps: maps.clone() },
            "Stop: Currencies",
            "Stopped: Currencies",
        ),
        (Command::RunUntilIdle, "Run until idle", "Ran until idle"),
        (
            Command::Tick { ticks: 3 },
            "Advance the clock by 3 tick(s)",
            "Clock advanced by 3 tick(s)",
        ),
        (
            Command::SetAvailability {
                side: Side::Dataverse,
                available: false,
            },
            "Make Dataverse unavailable",
            "Dataverse is unavailable",
        ),
        (
            Command::RetryCatchUpErrors {
                map: "Currencies".into(),
                ids: None,
            },
            "Retry all catch-up errors of Currencies",
            "Retried all catch-up errors of Currencies",
        ),
    ] {
        assert_eq!(sim.step_in_words(&command), to_do);
        assert_eq!(sim.command_in_words(&command), done);
    }
    // A run names a map mastered by finance and operations apps (the default, Dataverse,
    // goes without saying).
    let run = Command::Run {
        maps: vec![
            RunEntry {
                map: "Customer groups".into(),
                master: Some(Side::Dataverse),
            },
            RunEntry {
                map: "Customers V3".into(),
                master: Some(Side::FinOps),
            },
        ],
        initial_sync: InitialSync::Run,
        resume: ResumeOption::CatchUp,
    };
    assert_eq!(
        sim.step_in_words(&run),
        "Run: Customer groups, Customers V3 (master: Finance and operations apps)"
    );
    // A change of the mappings names the one mapping it changes, as a step.
    let mut mappings = sim.map("Currencies").unwrap().mappings.clone();
    let gone = mappings.remove(0).label();
    let n = mappings.len();
    let set = Command::SetMappings {
        map: "Currencies".into(),
        mappings,
    };
    assert_eq!(
        sim.step_in_words(&set),
        format!("Delete mapping {gone} from Currencies ({n} mappings left)")
    );
    assert_eq!(
        sim.command_in_words(&set),
        format!("Mapping {gone} deleted from Currencies ({n} mappings left)")
    );
}

#[test]
fn the_history_names_a_row_by_the_key_it_had_even_once_it_is_deleted() {
    let mut s = Session::new(demo());
    let jpy = row_at(&s, Side::FinOps, "Currencies", "JPY");
    let by_id = |row| Command::DeleteRow {
        side: Side::FinOps,
        table: "Currencies".into(),
        row: dualwrite_engine::RowRef::Id(row),
    };
    s.dispatch(by_id(jpy.id)).unwrap();
    s.dispatch(Command::RunUntilIdle).unwrap();
    let said = "Row JPY deleted in Finance and operations apps Currencies";
    assert_eq!(s.command_in_words(0).as_deref(), Some(said));
    // The current state no longer holds the row: on its own it names the table only.
    assert_eq!(
        s.state().command_in_words(&by_id(jpy.id)),
        "Row deleted in Finance and operations apps Currencies"
    );
    // Undone, redone, and rebuilt from its log (a reload, a file), it says the same.
    s.undo();
    s.undo();
    assert_eq!(s.command_in_words(0).as_deref(), Some(said));
    s.redo();
    assert_eq!(s.command_in_words(0).as_deref(), Some(said));
    let rebuilt = Session::replay(s.base().clone(), s.commands().to_vec(), 2).unwrap();
    assert_eq!(rebuilt.command_in_words(0).as_deref(), Some(said));
    assert_eq!(
        rebuilt.command_in_words(1),
        Some(Command::RunUntilIdle.to_string())
    );
    assert_eq!(rebuilt.command_in_words(2), None);
    // Acting after going back drops the undone steps, their words with them.
    s.goto(0);
    let usd = row_at(&s, Side::FinOps, "Currencies", "USD");
    s.dispatch(by_id(usd.id)).unwrap();
    assert_eq!(s.commands().len(), 1);
    assert_eq!(
        s.command_in_words(0).as_deref(),
        Some("Row USD deleted in Finance and operations apps Currencies")
    );
}

#[test]
fn the_feed_names_a_row_the_last_command_deleted_by_the_key_it_had() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", "Currencies"]);
    let events = s
        .dispatch(delete(Side::FinOps, "Currencies", &["JPY"]))
        .unwrap();
    let words: Vec<String> = events.iter().map(|e| s.event_in_words(e)).collect();
    assert_eq!(
        words,
        [
            "Row JPY of Finance and operations apps Currencies deleted",
            "Currencies deleted row JPY of Dataverse Currencies"
        ]
    );
    // The state alone no longer holds the row: it can give only its number.
    assert!(!s.state().event_in_words(&events[0]).contains("JPY"));
}

#[test]
fn a_run_that_resumes_paused_maps_says_so_now_and_in_the_history() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", "Currencies"]);
    s.dispatch(Command::Pause {
        maps: vec!["Currencies".into()],
    })
    .unwrap();
    let run = |maps: &[&str], resume| Command::Run {
        maps: maps.iter().map(|m| RunEntry::map(m)).collect(),
        initial_sync: InitialSync::Run,
        resume,
    };
    // Not paused: a Run says itself.
    assert_eq!(
        s.state()
            .command_in_words(&run(&["Terms of payment"], ResumeOption::CatchUp)),
        "Run: Terms of payment"
    );
    // Paused, alone and beside a map run anew, with the resume option in words.
    assert_eq!(
        s.state().command_in_words(&run(
            &["Terms of payment", "Currencies"],
            ResumeOption::SkipDiscarding
        )),
        "Run: Terms of payment; run to resume (Skip to live synchronization and discard \
         queued records): Currencies"
    );
    let resume = run(&["Currencies"], ResumeOption::CatchUp);
    let said = "Run to resume (Catch up synchronization of queued records): Currencies";
    assert_eq!(s.state().command_in_words(&resume), said);
    s.dispatch(resume.clone()).unwrap();
    s.dispatch(Command::RunUntilIdle).unwrap();
    // The map runs now; the history still says the Run resumed it, rebuilt as well.
    assert_eq!(s.state().command_in_words(&resume), "Run: Currencies");
    let at = s.commands().len() - 2;
    assert_eq!(s.command_in_words(at).as_deref(), Some(said));
    let rebuilt = Session::replay(s.base().clone(), s.commands().to_vec(), at + 2).unwrap();
    assert_eq!(rebuilt.command_in_words(at).as_deref(), Some(said));
}

#[test]
fn a_write_dual_write_rolled_back_marks_no_row_as_written() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Legal entities", "Currencies"]);
    s.dispatch(Command::SetFault {
        side: Side::Dataverse,
        fault: Some(Fault::Unavailable),
    })
    .unwrap();
    let refused = s.dispatch(update(
        Side::FinOps,
        "Currencies",
        &["USD"],
        &[("NAME", t("Dollar"))],
    ));
    assert!(refused.is_err(), "rolled back");
    assert_eq!(
        s.commands().len(),
        4,
        "logged all the same (it counted an error)"
    );
    assert!(s.last_written(Side::FinOps, "Currencies").is_empty());
    assert!(s
        .last_written(Side::Dataverse, "transactioncurrencies")
        .is_empty());
    // Undone, redone, or gone past in the history: still nothing written.
    let nothing = |s: &Session| {
        s.last_written(Side::FinOps, "Currencies").is_empty()
            && s.last_written(Side::Dataverse, "transactioncurrencies")
                .is_empty()
    };
    s.undo();
    assert!(nothing(&s), "undo");
    s.redo();
    assert!(nothing(&s), "redo");
    s.goto(3);
    s.goto(4);
    assert!(nothing(&s), "goto");
}
