//! The row queries the app stands on: what a cell may hold, the row a conflict, a failed
//! row or a queued change names, a row's pair, and the rows the last command wrote.

use crate::common;

use common::*;
use dualwrite_engine::explain::Subject;
use dualwrite_engine::locate::{Choices, RowAt};
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
    assert_eq!(sim.locate(&named), Some(at));
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
    let bad = vec![("Person".to_string(), "one".to_string())];
    assert_eq!(
        sim.read_transform("Customers V3", &party, TransformInput::ValueMap(&bad)),
        Err("Pair 1, Dataverse value: 'one' is not a whole number".into())
    );
    // A default is read as the column it is written to: the Dataverse decimal here.
    let rate = mapping("Currencies", "EXCHANGERATE");
    assert_eq!(
        sim.read_transform("Currencies", &rate, TransformInput::Default("abc")),
        Err("Default: 'abc' is not a number".into())
    );
    assert!(matches!(
        sim.read_transform("Currencies", &rate, TransformInput::Default("1.5")),
        Ok(Some(Transform::Default(_)))
    ));
    // Two-way, a default must read the same on both sides.
    assert!(sim
        .read_transform("Customers V3", &party, TransformInput::Default("3"))
        .unwrap_err()
        .contains("a two-way default must be the same value on both"));
    assert_eq!(
        sim.read_transform("Currencies", &rate, TransformInput::None),
        Ok(None)
    );
}
