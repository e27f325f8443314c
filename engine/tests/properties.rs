//! Property tests: random command sequences on random small worlds keep the engine's
//! invariants (see ARCHITECTURE.md).

mod common;

use common::*;
use dualwrite_engine::map::{ColumnMapping as M, ExecutionStatus, Transform};
use dualwrite_engine::script::key;
use dualwrite_engine::world::{Column, Table};
use dualwrite_engine::*;
use proptest::prelude::*;

const MAP: &str = "Items";
const KEYS: [&str; 6] = ["K0", "K1", "K2", "K3", "K4", "K5"];
const NAMES: [&str; 3] = ["alpha", "beta", "gamma"];
const LABELS: [&str; 3] = ["x", "y", "z"];

/// FinOps `Items(K; A text, B int, C enum)` and Dataverse `items(k; a, b, c option set)`,
/// mapped `K = k`, `A = a`, `B >> b`, `C <> c` with `x <-> 1`, `y <-> 2` (`z` has no
/// entry, so writes with it fail). FinOps filter `B != 13`.
fn world(fin: &[(usize, usize, i64, usize)], dv: &[(usize, usize, i64)]) -> Simulator {
    let col = |n: &str, ty| Column { name: n.into(), ty };
    let mut f = Table::new(
        "Items",
        "Items",
        vec![
            col("K", ColumnType::Text),
            col("A", ColumnType::Text),
            col("B", ColumnType::Integer),
            col(
                "C",
                ColumnType::Enum {
                    labels: LABELS.iter().map(|s| s.to_string()).collect(),
                },
            ),
        ],
        vec!["K".into()],
        None,
    )
    .unwrap();
    let mut d = Table::new(
        "items",
        "items",
        vec![
            col("k", ColumnType::Text),
            col("a", ColumnType::Text),
            col("b", ColumnType::Integer),
            col(
                "c",
                ColumnType::OptionSet {
                    options: vec![1, 2],
                },
            ),
        ],
        vec!["k".into()],
        None,
    )
    .unwrap();
    let mut w = World::default();
    for &(k, a, b, c) in fin {
        let row = vec![t(KEYS[k]), t(NAMES[a]), Value::Int(b), t(LABELS[c])];
        if f.find_by_key(&row[..1]).is_none() {
            let id = RowId(f.next_id);
            f.rows.insert(id, row);
            f.next_id += 1;
            f.reindex().unwrap();
        }
    }
    for &(k, a, c) in dv {
        let row = vec![t(KEYS[k]), t(NAMES[a]), Value::Null, Value::Int(c)];
        if d.find_by_key(&row[..1]).is_none() {
            let id = RowId(d.next_id);
            d.rows.insert(id, row);
            d.next_id += 1;
            d.reindex().unwrap();
        }
    }
    w.add_table(Side::FinOps, f);
    w.add_table(Side::Dataverse, d);
    let mut m = TableMap::new(MAP, "Items", "items");
    m.mappings = vec![
        M::both("K", "k"),
        M::both("A", "a"),
        M::new("B", Direction::ToDataverse, "b"),
        M::both("C", "c").with(Transform::ValueMap(vec![
            (t("x"), Value::Int(1)),
            (t("y"), Value::Int(2)),
        ])),
    ];
    m.finops_filter = Filter::parse("B != 13").unwrap();
    m.queue_capacity = 6;
    let mut sim = Simulator::new(w, vec![m]);
    sim.settings.rows_per_tick = 2;
    sim
}

fn fin_row() -> impl Strategy<Value = (usize, usize, i64, usize)> {
    (
        0..KEYS.len(),
        0..NAMES.len(),
        prop_oneof![Just(13), 0..4i64],
        0..LABELS.len(),
    )
}

fn dv_row() -> impl Strategy<Value = (usize, usize, i64)> {
    (0..KEYS.len(), 0..NAMES.len(), 1..3i64)
}

fn command() -> impl Strategy<Value = Command> {
    let side = prop_oneof![Just(Side::FinOps), Just(Side::Dataverse)];
    let resume = prop_oneof![
        Just(ResumeOption::CatchUp),
        Just(ResumeOption::SkipPreservingErrors),
        Just(ResumeOption::SkipDiscarding)
    ];
    prop_oneof![
        4 => fin_row().prop_map(|(k, a, b, c)| update(Side::FinOps, "Items", &[KEYS[k]], &[("A", t(NAMES[a])), ("B", Value::Int(b)), ("C", t(LABELS[c]))])),
        4 => dv_row().prop_map(|(k, a, c)| update(Side::Dataverse, "items", &[KEYS[k]], &[("a", t(NAMES[a])), ("c", Value::Int(c))])),
        2 => fin_row().prop_map(|(k, a, b, c)| create(Side::FinOps, "Items", &[("K", t(KEYS[k])), ("A", t(NAMES[a])), ("B", Value::Int(b)), ("C", t(LABELS[c]))])),
        2 => dv_row().prop_map(|(k, a, c)| create(Side::Dataverse, "items", &[("k", t(KEYS[k])), ("a", t(NAMES[a])), ("c", Value::Int(c))])),
        1 => (side.clone(), 0..KEYS.len()).prop_map(|(s, k)| Command::DeleteRow {
            side: s,
            table: if s == Side::FinOps { "Items" } else { "items" }.into(),
            row: key(&[KEYS[k]]),
        }),
        2 => (any::<bool>(), any::<bool>(), resume).prop_map(|(skip, fin_master, resume)| Command::Run {
            maps: vec![RunEntry { map: MAP.into(), master: Some(if fin_master { Side::FinOps } else { Side::Dataverse }) }],
            initial_sync: if skip { InitialSync::Skip } else { InitialSync::Run },
            resume,
        }),
        1 => Just(Command::Stop { maps: vec![MAP.into()] }),
        2 => Just(Command::Pause { maps: vec![MAP.into()] }),
        1 => any::<bool>().prop_map(|preserve| Command::SkipToLiveSync { map: MAP.into(), preserve }),
        2 => (1..4u32).prop_map(|ticks| Command::Tick { ticks }),
        1 => Just(Command::RunUntilIdle),
        1 => (side, any::<bool>()).prop_map(|(side, available)| Command::SetAvailability { side, available }),
        1 => Just(Command::RetryCatchUpErrors { map: MAP.into(), ids: None }),
        1 => Just(Command::RerunExecution { map: MAP.into() }),
    ]
}

fn transition_allowed(from: StatusKind, to: StatusKind) -> bool {
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

/// Both-way columns of every pair of rows in scope on both sides agree.
fn sides_agree(sim: &Simulator) -> Result<(), String> {
    let f = &sim.world.finops["Items"];
    let d = &sim.world.dataverse["items"];
    for row in f.rows.values() {
        if row[2] == Value::Int(13) {
            continue;
        }
        let Some(id) = d.find_by_key(&row[..1]) else {
            return Err(format!("{:?} has no pair on Dataverse", row[0]));
        };
        let other = &d.rows[&id];
        let c = match &row[3] {
            Value::Text(s) if s == "x" => Value::Int(1),
            Value::Text(s) if s == "y" => Value::Int(2),
            v => return Err(format!("{v:?} cannot be on a synced row")),
        };
        if row[1] != other[1] || c != other[3] {
            return Err(format!("{row:?} and {other:?} disagree"));
        }
    }
    Ok(())
}

fn queue_accounting(m: &TableMap) -> Result<(), String> {
    let queued = m.status.queue().map_or(0, |q| q.changes.len() as u64);
    let total = m.next_seq - 1;
    let listed = m.catch_up_errors.len() as u64;
    if total != queued + listed + m.played_back + m.discarded {
        return Err(format!(
            "{total} changes queued but {queued} waiting + {listed} errors + {} played + {} discarded",
            m.played_back, m.discarded
        ));
    }
    if let Some(q) = m.status.queue() {
        if !q
            .changes
            .iter()
            .zip(q.changes.iter().skip(1))
            .all(|(a, b)| a.seq < b.seq)
        {
            return Err("queue out of order".into());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_keep_every_invariant(
        fin in prop::collection::vec(fin_row(), 0..6),
        dv in prop::collection::vec(dv_row(), 0..6),
        commands in prop::collection::vec(command(), 1..40),
    ) {
        let mut s = Session::new(world(&fin, &dv));
        // Clean: Running since a Completed initial sync with nothing skipped or lost.
        let mut clean = false;
        for c in commands {
            let before = s.state().clone();
            let result = s.dispatch(c.clone());
            match &result {
                Ok(events) => {
                    for e in events {
                        match e {
                            Event::StatusChanged { from, to, .. } => {
                                prop_assert!(transition_allowed(*from, *to), "{from} -> {to} on {c:?}");
                                if *to != StatusKind::Running && *to != StatusKind::Resuming {
                                    clean = false;
                                }
                            }
                            Event::InitialSyncFinished { status, .. } => {
                                clean = *status == ExecutionStatus::Completed;
                            }
                            Event::CatchUpFailed { .. } => clean = false,
                            _ => {}
                        }
                    }
                    if matches!(c, Command::Run { initial_sync: InitialSync::Skip, .. })
                        && before.map(MAP).unwrap().status.kind() == StatusKind::NotRunning
                    {
                        clean = false;
                    }
                    if let Command::Run { resume, .. } = &c {
                        if before.map(MAP).unwrap().status.kind() == StatusKind::Paused && *resume != ResumeOption::CatchUp {
                            clean = false;
                        }
                    }
                    if matches!(c, Command::SkipToLiveSync { .. }) {
                        clean = false;
                    }
                }
                Err(CommandError::RolledBack { .. }) => {
                    prop_assert_eq!(&s.state().world, &before.world, "a rolled-back write left a trace");
                }
                Err(e) => {
                    prop_assert_eq!(s.state(), &before, "refused command changed the state: {}", e);
                }
            }
            let m = s.state().map(MAP).unwrap();
            prop_assert!(queue_accounting(m).is_ok(), "{:?}", queue_accounting(m));
            if clean && m.status.kind() == StatusKind::Running {
                prop_assert!(sides_agree(s.state()).is_ok(), "{:?} after {:?}", sides_agree(s.state()), c);
            }
        }
        let replayed = Session::replay(s.base().clone(), s.commands().to_vec(), s.cursor()).unwrap();
        prop_assert_eq!(replayed.state(), s.state());
    }

    #[test]
    fn a_second_clean_initial_sync_changes_nothing(
        fin in prop::collection::vec(fin_row(), 0..6),
        dv in prop::collection::vec(dv_row(), 0..6),
        fin_master in any::<bool>(),
    ) {
        let mut s = Session::new(world(&fin, &dv));
        let master = Some(if fin_master { Side::FinOps } else { Side::Dataverse });
        let run = Command::Run { maps: vec![RunEntry { map: MAP.into(), master }], initial_sync: InitialSync::Run, resume: ResumeOption::CatchUp };
        ok(&mut s, run.clone());
        ok(&mut s, Command::RunUntilIdle);
        let first = s.state().map(MAP).unwrap().executions[0].clone();
        prop_assume!(first.status == ExecutionStatus::Completed);
        prop_assert!(sides_agree(s.state()).is_ok(), "{:?}", sides_agree(s.state()));
        let world = s.state().world.clone();
        ok(&mut s, Command::Stop { maps: vec![MAP.into()] });
        ok(&mut s, run);
        ok(&mut s, Command::RunUntilIdle);
        let second = s.state().map(MAP).unwrap().executions[1].clone();
        prop_assert_eq!(second.to_dataverse.created + second.to_dataverse.updated, 0);
        prop_assert_eq!(second.to_finops.created + second.to_finops.updated, 0);
        prop_assert!(second.conflicts.is_empty());
        prop_assert_eq!(&s.state().world, &world);
    }

    #[test]
    fn the_key_index_finds_every_row_after_any_writes_and_rollbacks(
        two_column_key in any::<bool>(),
        ops in prop::collection::vec((0u8..4, 1u32..10, 0u8..4), 1..60),
    ) {
        let columns = ["K", "C", "V"]
            .map(|n| Column { name: n.into(), ty: ColumnType::Text })
            .to_vec();
        let key: Vec<String> = if two_column_key { vec!["K".into(), "C".into()] } else { vec!["K".into()] };
        let mut w = World::default();
        w.add_table(Side::FinOps, Table::new("T", "T", columns, key, None).unwrap());
        let mut journal = world::Journal::default();
        let mut committed = w.clone();
        let key_of = |k: u8| -> Vec<Value> {
            let mut key = vec![t(&format!("k{k}"))];
            if two_column_key {
                key.push(t("c"));
            }
            key
        };
        for (op, id, k) in ops {
            let id = RowId(id);
            match op {
                0 | 1 => {
                    let row = vec![t(&format!("k{k}")), t("c"), t(&id.to_string())];
                    // Only writes that pass the checks are made, as the engine does.
                    if let Ok(row) = w.check_row(Side::FinOps, "T", Some(id), row) {
                        w.put(Side::FinOps, "T", id, Some(row), &mut journal);
                    }
                }
                2 => w.put(Side::FinOps, "T", id, None, &mut journal),
                _ if k % 2 == 0 => {
                    journal.commit();
                    committed = w.clone();
                }
                _ => {
                    w.roll_back(&mut journal);
                    prop_assert_eq!(&w, &committed, "a rollback restores the last commit");
                }
            }
            let table = &w.finops["T"];
            let ids: Vec<RowId> = table.rows.keys().copied().collect();
            prop_assert!(ids.windows(2).all(|p| p[0] < p[1]), "rows in id order: {:?}", ids);
            for k in 0..4 {
                let key = key_of(k);
                let expected = table
                    .rows
                    .iter()
                    .find(|(_, r)| table.key_of(r).as_deref() == Some(key.as_slice()))
                    .map(|(id, _)| *id);
                prop_assert_eq!(table.find_by_key(&key), expected, "key {:?}", key);
            }
        }
    }

    #[test]
    fn scenario_import_never_panics(text in "\\PC{0,400}") {
        let _ = format::import(&text);
        let _ = script::run(&text);
    }

    #[test]
    fn mutated_scenarios_never_panic(cut in 0usize..20000, byte in any::<u8>()) {
        // A paused map with a queued change, so that mutations reach the queue too.
        let mut base = Session::new(world(&[(0, 0, 1, 0)], &[(1, 1, 1)]));
        ok(&mut base, skip_cmd(&[MAP]));
        ok(&mut base, pause_cmd(&[MAP]));
        ok(&mut base, update(Side::FinOps, "Items", &["K0"], &[("A", t("gamma"))]));
        let text = format::export(&base, "t");
        let mut bytes = text.into_bytes();
        let at = cut % bytes.len();
        bytes[at] = byte;
        if let Ok(mutated) = String::from_utf8(bytes) {
            if let Ok((mut session, _)) = format::import(&mutated) {
                // Whatever loaded must also run without panicking.
                let _ = session.dispatch(Command::Run { maps: vec![RunEntry::map(MAP)], initial_sync: InitialSync::Run, resume: ResumeOption::CatchUp });
                let _ = session.dispatch(Command::RunUntilIdle);
                let _ = session.dispatch(update(Side::FinOps, "Items", &["K0"], &[("A", t("beta"))]));
            }
        }
    }
}

#[test]
fn the_sample_world_syncs_cleanly() {
    let mut s = Session::new(world(&[(0, 0, 1, 0), (1, 1, 13, 1)], &[(2, 2, 2)]));
    run_all(&mut s, &[MAP]);
    assert_eq!(status(&s, MAP), StatusKind::Running);
    assert!(sides_agree(s.state()).is_ok());
}

use dualwrite_engine::{format, script};
