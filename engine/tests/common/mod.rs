//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use dualwrite_engine::script::key;
use dualwrite_engine::*;

pub fn run_cmd(maps: &[&str]) -> Command {
    Command::Run {
        maps: maps.iter().map(|m| RunEntry::map(m)).collect(),
        initial_sync: InitialSync::Run,
        resume: ResumeOption::CatchUp,
    }
}

/// Runs one map with initial sync, `master` settling its conflicts.
pub fn run_with_master(map: &str, master: Side) -> Command {
    Command::Run {
        maps: vec![RunEntry {
            map: map.into(),
            master: Some(master),
        }],
        initial_sync: InitialSync::Run,
        resume: ResumeOption::CatchUp,
    }
}

pub fn skip_cmd(maps: &[&str]) -> Command {
    Command::Run {
        maps: maps.iter().map(|m| RunEntry::map(m)).collect(),
        initial_sync: InitialSync::Skip,
        resume: ResumeOption::CatchUp,
    }
}

pub fn resume_cmd(maps: &[&str], resume: ResumeOption) -> Command {
    Command::Run {
        maps: maps.iter().map(|m| RunEntry::map(m)).collect(),
        initial_sync: InitialSync::Run,
        resume,
    }
}

pub fn ok(s: &mut Session, c: Command) -> Vec<Event> {
    let shown = format!("{c:?}");
    s.dispatch(c)
        .unwrap_or_else(|e| panic!("{shown} was refused: {e}"))
}

/// Runs the maps with initial sync and ticks until idle.
pub fn run_all(s: &mut Session, maps: &[&str]) {
    ok(s, run_cmd(maps));
    ok(s, Command::RunUntilIdle);
}

/// The prerequisites of Customers V3 (and itself), run and synced.
pub const CUSTOMER_CHAIN: [&str; 5] = [
    "Legal entities",
    "Currencies",
    "Terms of payment",
    "Customer groups",
    "Customers V3",
];

pub fn cells(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

pub fn update(side: Side, table: &str, k: &[&str], pairs: &[(&str, Value)]) -> Command {
    Command::UpdateRow {
        side,
        table: table.into(),
        row: key(k),
        cells: cells(pairs),
    }
}

pub fn create(side: Side, table: &str, pairs: &[(&str, Value)]) -> Command {
    Command::CreateRow {
        side,
        table: table.into(),
        cells: cells(pairs),
    }
}

pub fn delete(side: Side, table: &str, k: &[&str]) -> Command {
    Command::DeleteRow {
        side,
        table: table.into(),
        row: key(k),
    }
}

/// A cell of the row with that key, or `None` when there is no such row.
pub fn cell(sim: &Simulator, side: Side, table: &str, k: &[&str], column: &str) -> Option<Value> {
    let t = sim.world.tables(side).get(table)?;
    let id = t.find_by_key(&k.iter().map(|v| Value::text(*v)).collect::<Vec<_>>())?;
    Some(t.cell(&t.rows[&id], column).clone())
}

pub fn status(s: &Session, map: &str) -> StatusKind {
    s.state().map(map).unwrap().status.kind()
}

pub fn t(v: &str) -> Value {
    Value::text(v)
}

/// The message of a command that must be refused; the state must not change.
pub fn refused(s: &mut Session, c: Command) -> String {
    let before = s.state().clone();
    let shown = format!("{c:?}");
    let err = s
        .dispatch(c)
        .err()
        .unwrap_or_else(|| panic!("{shown} was accepted"));
    assert_eq!(*s.state(), before, "{shown} changed the state");
    err.to_string()
}

pub fn pause_cmd(maps: &[&str]) -> Command {
    Command::Pause {
        maps: maps.iter().map(|m| m.to_string()).collect(),
    }
}

pub fn stop_cmd(maps: &[&str]) -> Command {
    Command::Stop {
        maps: maps.iter().map(|m| m.to_string()).collect(),
    }
}

/// One alert setting on a map: `count` errors of `error_type` within `window_minutes`.
pub fn alert(
    map: &str,
    error_type: ErrorType,
    count: u32,
    window_minutes: u64,
    action: AlertAction,
) -> Command {
    Command::SetAlerts {
        map: map.into(),
        alerts: vec![AlertSetting {
            error_type,
            count,
            window_minutes,
            action,
            recipients: String::new(),
        }],
    }
}

/// The demo with Currencies synced (initial sync, run until idle), then paused.
pub fn paused_currencies() -> Session {
    let mut s = Session::new(demo());
    run_all(&mut s, &["Currencies"]);
    ok(&mut s, pause_cmd(&["Currencies"]));
    s
}

/// Runs Customers V3 with its prerequisites but Customer groups, Customers V3 with FinOps
/// as its master, until idle: the demo's conflicts and failed rows.
pub fn run_customers_with_finops_master(s: &mut Session) {
    run_customers_with_master(s, Side::FinOps);
}

/// Runs Customers V3 with its prerequisites, `master` its Master for initial sync, until
/// idle.
pub fn run_customers_with_master(s: &mut Session, master: Side) {
    ok(
        s,
        Command::Run {
            maps: ["Legal entities", "Currencies", "Terms of payment"]
                .into_iter()
                .map(RunEntry::map)
                .chain([RunEntry {
                    map: "Customers V3".into(),
                    master: Some(master),
                }])
                .collect(),
            initial_sync: InitialSync::Run,
            resume: ResumeOption::CatchUp,
        },
    );
    ok(s, Command::RunUntilIdle);
}

/// The last execution (initial sync) of a map.
pub fn last_execution(s: &Session, map: &str) -> dualwrite_engine::map::Execution {
    s.state()
        .map(map)
        .unwrap()
        .executions
        .last()
        .unwrap_or_else(|| panic!("{map} has no execution"))
        .clone()
}

/// A FinOps update of one cell of the USD currency (the tests' usual live write).
pub fn usd_on_finops(column: &str, value: &str) -> Command {
    update(Side::FinOps, "Currencies", &["USD"], &[(column, t(value))])
}

/// A currency's name (by its code) on `side`, if the currency is there.
pub fn currency_name(sim: &Simulator, side: Side, code: &str) -> Option<Value> {
    match side {
        Side::FinOps => cell(sim, side, "Currencies", &[code], "NAME"),
        Side::Dataverse => cell(sim, side, "transactioncurrencies", &[code], "currencyname"),
    }
}

/// USD's name on FinOps and on Dataverse.
pub fn usd_names(s: &Session) -> (Option<Value>, Option<Value>) {
    let sim = s.state();
    (
        currency_name(sim, Side::FinOps, "USD"),
        currency_name(sim, Side::Dataverse, "USD"),
    )
}
