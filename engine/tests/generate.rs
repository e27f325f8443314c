//! "Generate N customers": deterministic demo data at any size, with the demo's planted
//! situations in proportion, as one command of the history.

use crate::common;

use common::*;
use dualwrite_engine::*;

fn generated(count: u32, seed: u64) -> Session {
    let mut s = Session::new(demo());
    ok(&mut s, Command::GenerateCustomers { count, seed });
    s
}

fn rows(s: &Session, side: Side, table: &str) -> usize {
    s.state().world.table(side, table).unwrap().rows.len()
}

#[test]
fn the_same_seed_gives_the_same_rows_and_undo_brings_the_demo_back() {
    let s = generated(1_000, 7);
    assert_eq!(rows(&s, Side::FinOps, "CustomersV3"), 1_000);
    assert_eq!(
        rows(&s, Side::Dataverse, "accounts"),
        50 + 100,
        "paired every 20th, plus a tenth Dataverse-only"
    );
    assert_eq!(generated(1_000, 7).state(), s.state(), "deterministic");
    assert_ne!(
        generated(1_000, 8).state().world,
        s.state().world,
        "the seed matters"
    );
    let mut s = s;
    s.undo();
    assert_eq!(s.state(), &demo());
    s.redo();
    assert_eq!(rows(&s, Side::FinOps, "CustomersV3"), 1_000);
    // The file holds the command, not the rows.
    let text = format::export(&s, "generated");
    assert!(text.contains("\"generate_customers\""), "{}", &text[..200]);
    assert!(text.len() < 40_000, "{} bytes", text.len());
    assert_eq!(format::import(&text).unwrap().0.state(), s.state());
}

#[test]
fn the_planted_situations_come_in_proportion() {
    let mut s = generated(1_000, 1);
    run_customers_with_finops_master(&mut s);
    let m = s.state().map("Customers V3").unwrap();
    let exec = m.executions.last().unwrap();
    // 50 paired accounts, each with another name and credit limit.
    assert_eq!(exec.conflicts.len(), 100);
    // Dataverse-only accounts in group 90, which FinOps lacks: 100 / 5.
    let group_90 = exec
        .errors
        .iter()
        .filter(|e| e.message.contains("'90'"))
        .count();
    assert_eq!(
        group_90,
        20,
        "{:?}",
        exec.errors.iter().take(3).collect::<Vec<_>>()
    );
    // Persons stay out of the filter: 100 of 1,000 are not read.
    assert_eq!(exec.to_dataverse.read, 900);
    assert_eq!(m.status.kind(), StatusKind::NotRunning);
    // Bring the groups, rerun twice (self-referencing invoice accounts), and it runs.
    ok(
        &mut s,
        Command::Run {
            maps: vec![RunEntry::map("Customer groups")],
            initial_sync: InitialSync::Run,
            resume: ResumeOption::CatchUp,
        },
    );
    ok(&mut s, Command::RunUntilIdle);
    for _ in 0..2 {
        ok(
            &mut s,
            Command::RerunExecution {
                maps: vec!["Customers V3".into()],
            },
        );
        ok(&mut s, Command::RunUntilIdle);
    }
    let m = s.state().map("Customers V3").unwrap();
    assert_eq!(
        m.status.kind(),
        StatusKind::Running,
        "{:?}",
        m.executions
            .last()
            .unwrap()
            .errors
            .iter()
            .take(4)
            .collect::<Vec<_>>()
    );
    assert_eq!(rows(&s, Side::Dataverse, "accounts"), 900 + 100);
}

#[test]
fn generate_is_refused_outside_its_range_or_while_the_customers_map_runs() {
    let mut s = Session::new(demo());
    for count in [9, 100_001] {
        let e = s
            .dispatch(Command::GenerateCustomers { count, seed: 1 })
            .unwrap_err();
        assert!(
            e.to_string().contains("between 10 and 100,000 customers"),
            "{e}"
        );
    }
    ok(
        &mut s,
        Command::Run {
            maps: vec![RunEntry::map("Customers V3")],
            initial_sync: InitialSync::Skip,
            resume: ResumeOption::CatchUp,
        },
    );
    let before = s.state().clone();
    let e = s
        .dispatch(Command::GenerateCustomers { count: 10, seed: 1 })
        .unwrap_err();
    assert_eq!(e.to_string(), "Generate customers: 'Customers V3' is Running; stop it first, as the new rows would bypass it");
    assert_eq!(s.state(), &before, "refused: nothing changed");
    assert_eq!(
        Command::GenerateCustomers { count: 10, seed: 3 }.to_string(),
        "Generated 10 customers (seed 3)"
    );
}

#[test]
fn a_hundred_thousand_customers_are_generated_in_one_command() {
    let s = generated(100_000, 1);
    assert_eq!(rows(&s, Side::FinOps, "CustomersV3"), 100_000);
    assert_eq!(rows(&s, Side::Dataverse, "accounts"), 5_000 + 10_000);
}

#[test]
fn a_scenario_whose_customers_differ_from_the_demos_is_refused_whole() {
    // The demo with Dataverse's credit limit column renamed: Dataverse rows cannot be
    // built, so FinOps must not be touched either.
    let text = format::export(&Session::new(demo()), "renamed")
        .replace("\"creditlimit\"", "\"credit_limit\"");
    let (mut s, _) = format::import(&text).unwrap();
    let before = s.state().clone();
    let e = s
        .dispatch(Command::GenerateCustomers { count: 10, seed: 1 })
        .unwrap_err();
    assert!(e.to_string().contains("has no column 'creditlimit'"), "{e}");
    assert_eq!(s.state(), &before);
}

#[test]
fn generate_is_allowed_while_other_maps_run() {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Currencies"]);
    assert_eq!(status(&s, "Currencies"), StatusKind::Running);
    ok(&mut s, Command::GenerateCustomers { count: 10, seed: 1 });
    assert_eq!(rows(&s, Side::FinOps, "CustomersV3"), 10);
}

#[test]
fn every_twenty_fifth_customer_is_invoiced_to_another() {
    let n = 1_000;
    let s = generated(n, 1);
    let t = s.state().world.table(Side::FinOps, "CustomersV3").unwrap();
    let invoiced: Vec<String> = t
        .rows
        .values()
        .filter(|r| !t.cell(r, "INVOICEACCOUNT").is_empty())
        .map(|r| t.cell(r, "CUSTOMERACCOUNT").to_string())
        .collect();
    // i = 3, 28, 53, ... up to n - 6: one in 25.
    assert_eq!(invoiced.len(), 40);
    assert_eq!(invoiced[..2], ["US-000003", "US-000028"]);
    // One unpaired customer in 15 is on hold for invoices: i = 7, 22, ... (never a
    // paired one, i = 1, 21, ...).
    let on_hold = t
        .rows
        .values()
        .filter(|r| t.cell(r, "ONHOLDSTATUS") == &Value::text("Invoice"))
        .count();
    assert_eq!(on_hold, 67);
}

/// The generator's output is part of the file and link formats: a scenario or a link
/// holds `generate_customers` with its seed, not the rows, so the same seed must give the
/// same rows in every version. These values pin the sequence.
#[test]
fn a_seed_gives_the_same_customers_in_every_version() {
    let s = generated(100, 42);
    let t = s.state().world.table(Side::FinOps, "CustomersV3").unwrap();
    let sample: Vec<String> = [2, 3, 17]
        .iter()
        .map(|i| {
            let id = t
                .find_by_key(&[Value::text(format!("US-{i:06}")), Value::text("usmf")])
                .unwrap();
            let r = &t.rows[&id];
            [
                "ORGANIZATIONNAME",
                "CUSTOMERGROUPID",
                "SALESCURRENCYCODE",
                "CREDITLIMIT",
            ]
            .iter()
            .map(|c| t.cell(r, c).to_string())
            .collect::<Vec<_>>()
            .join(" | ")
        })
        .collect();
    assert_eq!(
        sample,
        [
            "Alpine Research | 20 | USD | 6000.00",
            "Humongous Travel | 30 | USD | 17000.00",
            "Adventure Retail | 20 | USD | 17000.00"
        ]
    );
}

#[test]
fn generating_again_replaces_the_customers_generated_before() {
    let mut s = generated(1_000, 1);
    // The same keys again (US-000001...), more of them, then fewer with another seed.
    ok(
        &mut s,
        Command::GenerateCustomers {
            count: 2_000,
            seed: 1,
        },
    );
    assert_eq!(rows(&s, Side::FinOps, "CustomersV3"), 2_000);
    assert_eq!(rows(&s, Side::Dataverse, "accounts"), 100 + 200);
    // Their keys are unique: the key index rebuilds from the rows.
    for (side, table) in [(Side::FinOps, "CustomersV3"), (Side::Dataverse, "accounts")] {
        let mut t = s.state().world.table(side, table).unwrap().clone();
        assert_eq!(t.reindex(), Ok(()), "{table}");
    }
    ok(&mut s, Command::GenerateCustomers { count: 10, seed: 2 });
    assert_eq!(rows(&s, Side::FinOps, "CustomersV3"), 10);
    // The same rows as generating them on the demo's customers (only their ids differ).
    let cells = |s: &Session, side, table| {
        let mut all: Vec<Vec<Value>> = s
            .state()
            .world
            .table(side, table)
            .unwrap()
            .rows
            .values()
            .cloned()
            .collect();
        all.sort();
        all
    };
    let fresh = generated(10, 2);
    for (side, table) in [(Side::FinOps, "CustomersV3"), (Side::Dataverse, "accounts")] {
        assert_eq!(
            cells(&s, side, table),
            cells(&fresh, side, table),
            "{table}"
        );
    }
    // Replayed from its log, as a file or a link does.
    let text = format::export(&s, "generated twice");
    assert_eq!(format::import(&text).unwrap().0.state(), s.state());
}

#[test]
fn why_not_generate_is_what_generate_would_be_refused_with() {
    let mut s = Session::new(demo());
    assert_eq!(s.state().why_not_generate(100), None);
    for count in [0, 100_001] {
        let why = s.state().why_not_generate(count).expect("out of range");
        let refused = s
            .dispatch(Command::GenerateCustomers { count, seed: 1 })
            .unwrap_err();
        assert_eq!(why, refused);
    }
    // A map on the customers' tables that is not Not running (here Initializing).
    ok(&mut s, run_cmd(&CUSTOMER_CHAIN));
    let why = s.state().why_not_generate(100).expect("Customers V3 runs");
    assert!(why.to_string().contains("'Customers V3' is"), "{why}");
    assert_eq!(
        s.dispatch(Command::GenerateCustomers {
            count: 100,
            seed: 1
        })
        .unwrap_err(),
        why
    );
}
