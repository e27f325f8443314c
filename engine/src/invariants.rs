//! The engine's invariants as checks that tests, the soak and headless callers share.
//!
//! Each check reads a state and says what is wrong, naming the map, row and column; none
//! changes anything. The property tests and `cargo xtask soak` run them after every
//! command.

use crate::map::{Direction, StatusKind, TableMap};
use crate::sim::Simulator;
use crate::sync::Plan;
use crate::value::describe_key;
use crate::world::Side;

/// Whether the lifecycle allows a map to go from `from` to `to` in one step.
pub fn transition_allowed(from: StatusKind, to: StatusKind) -> bool {
    use StatusKind::*;
    matches!(
        (from, to),
        (NotRunning, Initializing)
            | (NotRunning, Running)
            | (Initializing, Running)
            | (Initializing, NotRunning)
            | (Running, NotRunning)
            | (Running, Paused)
            | (Paused, Resuming)
            | (Paused, Running)
            | (Resuming, Running)
    )
}

/// Every change a map ever queued is waiting, a catch-up error, played back or discarded,
/// and the queue is in order: nothing is lost silently or played twice.
pub fn queue_accounting(m: &TableMap) -> Result<(), String> {
    let queued = m.status.queue().map_or(0, |q| q.changes.len() as u64);
    let total = m.next_seq.saturating_sub(1);
    let listed = m.catch_up_errors.len() as u64;
    if total != queued + listed + m.played_back + m.discarded {
        return Err(format!(
            "{}: {total} changes queued but {queued} waiting + {listed} errors + {} played + {} discarded",
            m.name, m.played_back, m.discarded
        ));
    }
    if let Some(q) = m.status.queue() {
        if !q
            .changes
            .iter()
            .zip(q.changes.iter().skip(1))
            .all(|(a, b)| a.seq < b.seq)
        {
            return Err(format!("{}: the queue is out of order", m.name));
        }
    }
    Ok(())
}

/// How strictly [`sides_agree`] checks a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// Every row in scope on either side has its pair, and pairs agree.
    Paired,
    /// Pairs whose rows are both in scope agree; a row may lack its pair (a map with
    /// filters: a row deleted or changed while outside its filter is not synced).
    PairsOnly,
}

/// Both sides of a map agree: with [`Agreement::Paired`], every row in scope on either
/// side has its pair on the other side; every pair of rows in scope agrees on each
/// both-way mapped column (through its transform, in either direction).
pub fn sides_agree(sim: &Simulator, map: &str, how: Agreement) -> Result<(), String> {
    let m = sim.map(map).map_err(|e| e.to_string())?;
    let plan = Plan::new(&sim.world, m).map_err(|e| e.to_string())?;
    let table = |side| plan.table(&sim.world, side).map_err(|e| e.to_string());
    let (fin, dv) = (table(Side::FinOps)?, table(Side::Dataverse)?);
    for (side, own, other) in [(Side::FinOps, fin, dv), (Side::Dataverse, dv, fin)] {
        for (_, row) in own.rows.iter() {
            if !plan.in_scope(own, side, row) {
                continue;
            }
            let key = plan.key_of(side, row);
            let Some(pair) = plan.find_pair(other, side.other(), &key) else {
                if how == Agreement::Paired {
                    return Err(format!(
                        "{map}: {side} row ({}) has no pair on {}",
                        describe_key(&key),
                        side.other()
                    ));
                }
                continue;
            };
            let pair_row = &other.rows[&pair];
            if !plan.in_scope(other, side.other(), pair_row) {
                continue;
            }
            let (f, d) = match side {
                Side::FinOps => (row, pair_row),
                Side::Dataverse => (pair_row, row),
            };
            for c in &plan.columns {
                if c.mapping.direction != Direction::Both {
                    continue;
                }
                let (fv, dv) = (&f[c.finops], &d[c.dataverse]);
                if !c.agrees(fv, dv) {
                    return Err(format!(
                        "{map}: row ({}), {}: Finance and operations apps has '{fv}', Dataverse '{dv}'",
                        describe_key(&key),
                        c.mapping.label()
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Session;
    use crate::sim::{Command, InitialSync, ResumeOption, RunEntry};
    use crate::value::Value;

    #[test]
    fn a_default_written_one_way_agrees_with_the_empty_cell_it_stands_for() {
        use crate::map::Transform;
        use crate::value::Value;
        use crate::world::Side;
        let mut s = Session::new(crate::demo::demo());
        let mut mappings = s.state().map("Currencies").unwrap().mappings.clone();
        let name = mappings.iter_mut().find(|m| m.finops == "NAME").unwrap();
        name.transform = Some(Transform::Default(Value::text("(no name)")));
        s.dispatch(Command::SetMappings {
            map: "Currencies".into(),
            mappings,
        })
        .unwrap();
        s.dispatch(Command::UpdateRow {
            side: Side::FinOps,
            table: "Currencies".into(),
            row: crate::sim::RowRef::Key(vec![Value::text("USD")]),
            cells: [("NAME".to_string(), Value::Null)].into(),
        })
        .unwrap();
        s.dispatch(Command::Run {
            maps: vec![RunEntry {
                map: "Currencies".into(),
                master: Some(Side::FinOps),
            }],
            initial_sync: InitialSync::Run,
            resume: ResumeOption::CatchUp,
        })
        .unwrap();
        s.dispatch(Command::RunUntilIdle).unwrap();
        // FinOps has no name, Dataverse the default: what the mapping writes from FinOps,
        // though not what it would write back. The pair agrees.
        let sim = s.state();
        let usd = |side: Side, table: &str, column: &str| {
            let t = sim.world.tables(side).get(table).unwrap();
            let id = t.find_by_key(&[Value::text("USD")]).unwrap();
            t.cell(&t.rows[&id], column).clone()
        };
        assert!(usd(Side::FinOps, "Currencies", "NAME").is_empty());
        assert_eq!(
            usd(Side::Dataverse, "transactioncurrencies", "currencyname"),
            Value::text("(no name)")
        );
        assert_eq!(sides_agree(sim, "Currencies", Agreement::Paired), Ok(()));
    }

    #[test]
    fn a_synced_map_agrees_and_a_change_behind_its_back_does_not() {
        let mut s = Session::new(crate::demo::demo());
        let run = Command::Run {
            maps: vec![RunEntry::map("Currencies")],
            initial_sync: InitialSync::Run,
            resume: ResumeOption::CatchUp,
        };
        s.dispatch(run).unwrap();
        s.dispatch(Command::RunUntilIdle).unwrap();
        let sim = s.state();
        assert_eq!(sides_agree(sim, "Currencies", Agreement::Paired), Ok(()));
        assert!(queue_accounting(sim.map("Currencies").unwrap()).is_ok());
        // Not synced yet: rows are on one side only.
        assert!(sides_agree(sim, "Legal entities", Agreement::Paired).is_err());
        // A write dual-write did not see (straight into the world) is caught.
        let mut sim = sim.clone();
        let t = sim
            .world
            .dataverse
            .get_mut("transactioncurrencies")
            .unwrap();
        let id = t.find_by_key(&[Value::text("USD")]).unwrap();
        let mut row = t.rows[&id].clone();
        let p = t.position("currencyname").unwrap();
        row[p] = Value::text("Behind its back");
        t.rows.insert(id, row);
        let err = sides_agree(&sim, "Currencies", Agreement::PairsOnly).unwrap_err();
        assert!(err.contains("row (USD), NAME = currencyname"), "{err}");
        assert!(transition_allowed(StatusKind::Paused, StatusKind::Resuming));
        assert!(!transition_allowed(
            StatusKind::Paused,
            StatusKind::NotRunning
        ));
    }
}
