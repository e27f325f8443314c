//! `cargo xtask bench`: the engine's speed and size, each against a baseline measured in
//! the same run, printed as
//! `bench <name>: <value> <unit>; baseline <value> <unit>; ratio <r>; target <= <t>`.
//! Figures, machine and date are recorded in docs/performance.md. Benchmarks never fail a
//! build; they report.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use dualwrite_engine::map::{ColumnMapping as M, Direction};
use dualwrite_engine::sim::RowRef;
use dualwrite_engine::world::{Column, Table};
use dualwrite_engine::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// Counts live and peak heap bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn reset_peak() -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    live
}

fn report(name: &str, value: f64, baseline: f64, unit: &str, target: &str) {
    let ratio = if baseline > 0.0 {
        value / baseline
    } else {
        f64::NAN
    };
    println!(
        "bench {name}: {value:.3} {unit}; baseline {baseline:.3} {unit}; ratio {ratio:.2}; target <= {target}"
    );
}

fn seconds<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed().as_secs_f64(), out)
}

/// Timing runs per figure; the fastest is reported (this machine is shared).
/// `BENCH_RUNS` overrides it (1 for profiling).
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(3)
}

/// The fastest of `n` timings of `run`, each on a fresh input made (untimed) by `setup`;
/// returns the last output too.
fn best_of<I, T>(n: usize, mut setup: impl FnMut() -> I, mut run: impl FnMut(I) -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..n.max(1) {
        // The previous output goes first, so that runs start from the same memory.
        drop(last.take());
        let input = setup();
        let (secs, out) = seconds(|| run(input));
        if std::env::var_os("BENCH_VERBOSE").is_some() {
            eprintln!("  run: {:.3} ms", secs * 1e3);
        }
        best = best.min(secs);
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

/// Timing runs of a baseline: three times [`runs`], as baselines are quick and a slow
/// baseline would flatter the ratio.
fn baseline_runs() -> usize {
    runs() * 3
}

const ROWS: usize = 100_000;

/// Rows a side: 100k, or `BENCH_ROWS` for profiling runs.
fn rows() -> usize {
    std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ROWS)
}

fn text(name: &str) -> Column {
    Column {
        name: name.into(),
        ty: ColumnType::Text,
    }
}

fn lookup(name: &str, table: &str, column: &str) -> Column {
    Column {
        name: name.into(),
        ty: ColumnType::Lookup {
            table: table.into(),
            column: column.into(),
        },
    }
}

/// 100k rows a side with 10 columns (key, 7 values, 2 lookups); keys overlap by half;
/// 1% of the pairs conflict; 1% of FinOps rows point at a reference missing on Dataverse.
fn big_world() -> Simulator {
    big_world_of(rows())
}

/// [`big_world`] with `n_rows` rows a side.
fn big_world_of(n_rows: usize) -> Simulator {
    let refs = 100;
    let mut w = World::default();
    for (side, name) in [(Side::FinOps, "Ref"), (Side::Dataverse, "ref")] {
        let mut t = Table::new(name, name, vec![text("R")], vec!["R".into()], None).unwrap();
        for i in 0..refs {
            t.rows
                .insert(RowId(i as u32 + 1), vec![Value::text(format!("R{i}"))]);
        }
        t.next_id = refs as u32 + 1;
        t.reindex().unwrap();
        w.add_table(side, t);
    }
    let columns = |side: Side| {
        let (r, case): (&str, fn(&str) -> String) = match side {
            Side::FinOps => ("Ref", |s| s.to_uppercase()),
            Side::Dataverse => ("ref", |s| s.to_string()),
        };
        let mut cols = vec![text(&case("k"))];
        cols.extend((1..=7).map(|i| text(&case(&format!("c{i}")))));
        cols.push(lookup(&case("l1"), r, "R"));
        cols.push(lookup(&case("l2"), r, "R"));
        cols
    };
    for (side, name, start) in [
        (Side::FinOps, "Big", 0),
        (Side::Dataverse, "big", n_rows / 2),
    ] {
        let cols = columns(side);
        let key = cols[0].name.clone();
        let mut t = Table::new(name, name, cols, vec![key], None).unwrap();
        for i in 0..n_rows {
            let n = start + i;
            let mut row: Vec<Value> = vec![Value::text(format!("K{n:07}"))];
            row.extend((1..=7).map(|c| Value::text(format!("v{c}-{}", n % 1000))));
            if side == Side::Dataverse && n % 100 == 0 {
                row[1] = Value::text("conflict");
            }
            row.push(Value::text(format!("R{}", n % refs)));
            row.push(Value::text(format!("R{}", (n / 7) % refs)));
            t.rows.insert(RowId(i as u32 + 1), row);
        }
        t.next_id = n_rows as u32 + 1;
        t.reindex().unwrap();
        w.add_table(side, t);
    }
    // Lookup failures: 1% of FinOps rows point at R-missing, which exists on FinOps only.
    let fin_ref = w.finops.get_mut("Ref").unwrap();
    fin_ref
        .rows
        .insert(RowId(refs as u32 + 1), vec![Value::text("R-missing")]);
    fin_ref.next_id += 1;
    fin_ref.reindex().unwrap();
    let big = w.finops.get_mut("Big").unwrap();
    for (i, row) in big.rows.values_mut().enumerate() {
        if i % 100 == 50 {
            row[8] = Value::text("R-missing");
        }
    }
    let mut m = TableMap::new("Big", "Big", "big");
    m.mappings = (0..=7)
        .map(|i| {
            let (f, d) = if i == 0 {
                ("K".to_string(), "k".to_string())
            } else {
                (format!("C{i}"), format!("c{i}"))
            };
            M::both(&f, &d)
        })
        .chain([
            M::both("L1", "l1.R"),
            M::new("L2", Direction::ToDataverse, "l2.R"),
        ])
        .collect();
    let mut sim = Simulator::new(w, vec![m]);
    sim.settings.rows_per_tick = 10_000_000;
    sim
}

fn bench_initial_sync() {
    let sim = big_world();
    // Baseline: the fastest plain code of the same work. Both tables' rows and key
    // indexes exist before timing (the engine's tables keep theirs), hashed as the engine
    // hashes (Fx). Timed: both legs of the join; for each pair, compare the eight both-way
    // columns and copy a row only where the master's values must be written (1%); for each
    // row without a pair, check its lookups against the other side's reference table and
    // copy it over; then the unpaired Dataverse rows the other way.
    let fin = &sim.world.finops["Big"];
    let dv = &sim.world.dataverse["big"];
    let fin_rows: Vec<&Vec<Value>> = fin.rows.values().collect();
    let dv_rows: Vec<&Vec<Value>> = dv.rows.values().collect();
    let dv_index: FxHashMap<&Value, usize> = dv_rows
        .iter()
        .enumerate()
        .map(|(i, r)| (&r[0], i))
        .collect();
    let refs = |t: &Table| -> FxHashSet<Value> { t.rows.values().map(|r| r[0].clone()).collect() };
    let (fin_refs, dv_refs) = (
        refs(&sim.world.finops["Ref"]),
        refs(&sim.world.dataverse["ref"]),
    );
    let (base, joined) = best_of(
        baseline_runs(),
        || (),
        |()| {
            let mut paired = vec![false; dv_rows.len()];
            let mut written: Vec<Vec<Value>> = Vec::new();
            let mut failed = 0usize;
            for r in &fin_rows {
                match dv_index.get(&r[0]) {
                    Some(&j) => {
                        paired[j] = true;
                        let other = dv_rows[j];
                        if (1..=8).any(|c| r[c] != other[c]) {
                            let mut row = (*r).clone();
                            row[1..=8].clone_from_slice(&other[1..=8]);
                            written.push(row);
                        }
                    }
                    None if dv_refs.contains(&r[8]) && dv_refs.contains(&r[9]) => {
                        written.push((*r).clone())
                    }
                    None => failed += 1,
                }
            }
            for (j, r) in dv_rows.iter().enumerate() {
                if paired[j] {
                    continue;
                }
                if fin_refs.contains(&r[8]) {
                    written.push((*r).clone());
                } else {
                    failed += 1;
                }
            }
            (written, failed)
        },
    );
    black_box(joined);
    let (secs, s) = best_of(
        runs(),
        || sim.clone(),
        |mut s| {
            s.apply(&Command::Run {
                maps: vec![RunEntry::map("Big")],
                initial_sync: InitialSync::Run,
                resume: ResumeOption::CatchUp,
            })
            .unwrap();
            s.apply(&Command::RunUntilIdle).unwrap();
            s
        },
    );
    let exec = s.maps[0].executions.last().unwrap();
    eprintln!(
        "  initial sync: {} conflicts, {} failed rows, {} created on Dataverse, {} created on FinOps",
        exec.conflicts.len(),
        exec.errors.len(),
        exec.to_dataverse.created,
        exec.to_finops.created
    );
    report("initial_sync_100k", secs * 1e3, base * 1e3, "ms", "2");
}

fn bench_catch_up() {
    // 1M updates over 10k rows (a tenth of that with a smaller `BENCH_ROWS`).
    let (updates, keys) = (rows() * 10, rows() / 10);
    let mut w = World::default();
    for (side, name, k, v) in [
        (Side::FinOps, "T", "K", "V"),
        (Side::Dataverse, "t", "k", "v"),
    ] {
        let mut t = Table::new(name, name, vec![text(k), text(v)], vec![k.into()], None).unwrap();
        for i in 0..keys {
            t.rows.insert(
                RowId(i as u32 + 1),
                vec![Value::text(format!("K{i}")), Value::text("initial")],
            );
        }
        t.next_id = keys as u32 + 1;
        t.reindex().unwrap();
        w.add_table(side, t);
    }
    let mut m = TableMap::new("T", "T", "t");
    m.mappings = vec![M::both("K", "k"), M::both("V", "v")];
    m.queue_capacity = updates;
    let mut s = Simulator::new(w, vec![m]);
    s.settings.rows_per_tick = updates as u64;
    s.apply(&Command::Run {
        maps: vec![RunEntry::map("T")],
        initial_sync: InitialSync::Skip,
        resume: ResumeOption::CatchUp,
    })
    .unwrap();
    s.apply(&Command::Pause {
        maps: vec!["T".into()],
    })
    .unwrap();
    let changes: Vec<(Value, Value)> = (0..updates)
        .map(|i| {
            (
                Value::text(format!("K{}", i % keys)),
                Value::text(format!("{i}")),
            )
        })
        .collect();
    for (k, v) in &changes {
        s.apply(&Command::UpdateRow {
            side: Side::FinOps,
            table: "T".into(),
            row: RowRef::Key(vec![k.clone()]),
            cells: BTreeMap::from([("V".to_string(), v.clone())]),
        })
        .unwrap();
    }
    // Baseline: the fastest plain code of the same work: the changes and the target's rows
    // and key index exist before timing (Fx hashing, as the engine); timed, each change
    // finds its row and writes its value.
    let target = &s.world.dataverse["t"];
    let index: FxHashMap<Value, usize> = target
        .rows
        .values()
        .enumerate()
        .map(|(i, r)| (r[0].clone(), i))
        .collect();
    let (base, rows) = best_of(
        baseline_runs(),
        || target.rows.values().cloned().collect::<Vec<Vec<Value>>>(),
        |mut rows| {
            for (k, v) in &changes {
                if let Some(&i) = index.get(k) {
                    rows[i][1] = v.clone();
                }
            }
            rows
        },
    );
    black_box(rows);
    let (secs, s) = best_of(
        runs(),
        || s.clone(),
        |mut s| {
            s.apply(&Command::Run {
                maps: vec![RunEntry::map("T")],
                initial_sync: InitialSync::Run,
                resume: ResumeOption::CatchUp,
            })
            .unwrap();
            s.apply(&Command::RunUntilIdle).unwrap();
            s
        },
    );
    assert_eq!(s.maps[0].played_back, updates as u64);
    report("catch_up_1m_updates", secs * 1e3, base * 1e3, "ms", "2");
}

fn bench_live_write_and_undo() {
    let mut session = Session::new(demo());
    for c in [
        r#"{"command":"run","maps":[{"map":"Legal entities"},{"map":"Currencies"}]}"#,
        r#"{"command":"run_until_idle"}"#,
    ] {
        session
            .dispatch(format::command_from_json(c).unwrap())
            .unwrap();
    }
    const WRITES: usize = 10_000;
    let commands: Vec<Command> = (0..WRITES)
        .map(|i| Command::UpdateRow {
            side: Side::FinOps,
            table: "Currencies".into(),
            row: RowRef::Key(vec![Value::text("USD")]),
            cells: BTreeMap::from([("NAME".to_string(), Value::text(format!("Dollar {i}")))]),
        })
        .collect();
    let (secs, session) = best_of(
        runs(),
        || session.clone(),
        |mut session| {
            for c in &commands {
                session.dispatch(c.clone()).unwrap();
            }
            session
        },
    );
    // Baseline: the same update of both sides' rows, found through hash indexes.
    let values: Vec<Value> = (0..WRITES)
        .map(|i| Value::text(format!("Dollar {i}")))
        .collect();
    let (base, _) = best_of(
        baseline_runs(),
        || {
            let row = || FxHashMap::from_iter([(Value::text("USD"), vec![Value::Null; 4])]);
            (row(), row())
        },
        |(mut a, mut b)| {
            let usd = Value::text("USD");
            for v in &values {
                if let Some(r) = a.get_mut(&usd) {
                    r[1] = v.clone();
                }
                if let Some(r) = b.get_mut(&usd) {
                    r[1] = v.clone();
                }
            }
            (a, b)
        },
    );
    report(
        "live_write",
        secs * 1e9 / WRITES as f64,
        base * 1e9 / WRITES as f64,
        "ns/write",
        "100",
    );

    // Undo of one command (a live write) in a history of 10k commands; floor: putting
    // that write's cell back on both sides, in rows built before timing.
    let n = session.cursor();
    assert!(n >= WRITES);
    // The session is returned, so that dropping it is not timed.
    let (secs, _) = best_of(
        runs(),
        || session.clone(),
        |mut s| {
            assert!(s.undo());
            s
        },
    );
    let (base, _) = best_of(
        baseline_runs(),
        || (vec![Value::Null; 10], vec![Value::Null; 10]),
        |(mut a, mut b)| {
            a[3] = Value::text("old");
            b[3] = Value::text("old");
            (a, b)
        },
    );
    report("undo_in_10k_history", secs * 1e3, base * 1e3, "ms", "50 ms");
}

fn bench_memory() {
    // Baseline: the loaded data set (both sides' rows with their key indexes).
    let before = reset_peak();
    let mut sim = big_world();
    let loaded = LIVE.load(Ordering::Relaxed) - before;
    reset_peak();
    sim.apply(&Command::Run {
        maps: vec![RunEntry::map("Big")],
        initial_sync: InitialSync::Run,
        resume: ResumeOption::CatchUp,
    })
    .unwrap();
    sim.apply(&Command::RunUntilIdle).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    black_box(&sim);
    let mb = |b: usize| b as f64 / (1024.0 * 1024.0);
    report(
        "peak_memory_100k_rows_a_side",
        mb(peak),
        mb(loaded),
        "MB",
        "150 MB",
    );
}

/// The key of the `i`-th FinOps row written by the history benches in a world of `n`
/// rows a side: rows of the pairs (the second half), spread out, avoiding the 1% that
/// point at a reference Dataverse lacks.
fn paired_key(i: usize, n: usize) -> Value {
    let k = n / 2 + i * 97 % (n / 2);
    let k = if k % 100 == 50 { k + 1 } else { k };
    Value::text(format!("K{k:07}"))
}

/// A live write and its undo on a map of 150k rows a side, Running (initial sync skipped),
/// after a history of 100 writes. Undo puts back what the command changed (the session
/// keeps no copies of the state), so its cost does not depend on the history before.
fn bench_live_write_and_undo_150k() {
    const N: usize = 150_000;
    const WRITES: usize = 1_000;
    let mut session = Session::new(big_world_of(N));
    session
        .dispatch(Command::Run {
            maps: vec![RunEntry::map("Big")],
            initial_sync: InitialSync::Skip,
            resume: ResumeOption::CatchUp,
        })
        .unwrap();
    let keys: Vec<Value> = (0..WRITES).map(|i| paired_key(i, N)).collect();
    let commands: Vec<Command> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| Command::UpdateRow {
            side: Side::FinOps,
            table: "Big".into(),
            row: RowRef::Key(vec![k.clone()]),
            cells: BTreeMap::from([("C3".to_string(), Value::text(format!("w{i}")))]),
        })
        .collect();
    let mut best = f64::INFINITY;
    for _ in 0..runs() {
        let mut timed = 0.0;
        for (n, c) in commands.iter().enumerate() {
            // Every write is timed, history keeping included, as a user would feel it.
            let (secs, r) = seconds(|| session.dispatch(c.clone()));
            r.unwrap();
            timed += secs;
            if n == 99 {
                break;
            }
        }
        best = best.min(timed / 100.0);
        while session.cursor() > 1 {
            session.undo();
        }
    }
    // Floor: the same cell written on both sides, found through hash indexes.
    let fin = &session.state().world.finops["Big"];
    let index: FxHashMap<&Value, usize> = fin
        .rows
        .values()
        .enumerate()
        .map(|(i, r)| (&r[0], i))
        .collect();
    let (base, _) = best_of(
        baseline_runs(),
        || {
            let rows: Vec<Vec<Value>> = fin.rows.values().take(1).cloned().collect();
            (rows.clone(), rows)
        },
        |(mut a, mut b)| {
            for (i, k) in keys.iter().take(100).enumerate() {
                let _ = index.get(k);
                let v = Value::text(format!("w{i}"));
                a[0][3] = v.clone();
                b[0][3] = v;
            }
            (a, b)
        },
    );
    // The engine's write alone (Simulator::apply, no history), for comparison.
    let (apply_secs, _) = best_of(
        runs(),
        || session.state().clone(),
        |mut sim| {
            for c in commands.iter().take(100) {
                sim.apply(c).unwrap();
            }
            sim
        },
    );
    eprintln!(
        "  live write at 150k rows a side: {:.1} us in Simulator::apply alone; the rest is the session keeping what the write changed",
        apply_secs * 1e6 / 100.0
    );
    report(
        "live_write_150k",
        best * 1e6,
        base * 1e6 / 100.0,
        "us/write",
        "50 us",
    );
    for c in commands.iter().take(100) {
        session.dispatch(c.clone()).unwrap();
    }
    // The session is returned, so that dropping it is not timed.
    let (secs, _) = best_of(
        runs(),
        || session.clone(),
        |mut s| {
            assert!(s.undo());
            s
        },
    );
    // Floor: putting one cell back on both sides.
    let (base, _) = best_of(
        baseline_runs(),
        || vec![Value::Null; 10],
        |mut row| {
            row[3] = Value::text("old");
            row
        },
    );
    report("undo_150k", secs * 1e3, base * 1e3, "ms", "1 ms");
}

/// The worst undo: that of the largest command, the initial sync of 100k rows a side
/// (keys overlapping by half, so 50k rows are created on each side). Undo puts back what
/// the command wrote. Floor: dropping the 100k rows it created, from tables built before
/// timing (what any undo of it must at least do).
fn bench_undo_initial_sync_100k() {
    let mut session = Session::new(big_world());
    session
        .dispatch(Command::Run {
            maps: vec![RunEntry::map("Big")],
            initial_sync: InitialSync::Run,
            resume: ResumeOption::CatchUp,
        })
        .unwrap();
    session.dispatch(Command::RunUntilIdle).unwrap();
    let created: usize = {
        let w = &session.state().world;
        w.finops["Big"].rows.len() + w.dataverse["big"].rows.len() - 2 * rows()
    };
    let (secs, _) = best_of(
        runs(),
        || session.clone(),
        |mut s| {
            assert!(s.undo());
            s
        },
    );
    let row: Vec<Value> = (0..10).map(|i| Value::text(format!("cell {i}"))).collect();
    let (base, _) = best_of(
        baseline_runs(),
        || vec![row.clone(); created],
        |mut rows| {
            rows.truncate(0);
            rows
        },
    );
    eprintln!("  undo of the initial sync: {created} rows created by it put back");
    report(
        "undo_initial_sync_100k",
        secs * 1e3,
        base * 1e3,
        "ms",
        "1 ms",
    );
}

/// Memory a history of 10,000 live writes adds to a session of 100k rows a side
/// (`BENCH_HISTORY` overrides the count), against the memory the commands themselves
/// take in the log.
fn bench_history_memory() {
    let commands: usize = std::env::var("BENCH_HISTORY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mut session = Session::new(big_world());
    session
        .dispatch(Command::Run {
            maps: vec![RunEntry::map("Big")],
            initial_sync: InitialSync::Skip,
            resume: ResumeOption::CatchUp,
        })
        .unwrap();
    let n = rows();
    let log: Vec<Command> = (0..commands)
        .map(|i| Command::UpdateRow {
            side: Side::FinOps,
            table: "Big".into(),
            row: RowRef::Key(vec![paired_key(i, n)]),
            cells: BTreeMap::from([("C3".to_string(), Value::text(format!("h{i}")))]),
        })
        .collect();
    // Floor: the commands alone, as the log holds them.
    let before = LIVE.load(Ordering::Relaxed);
    let kept = log.clone();
    let floor = LIVE.load(Ordering::Relaxed) - before;
    let before = LIVE.load(Ordering::Relaxed);
    for c in log {
        session.dispatch(c).unwrap();
    }
    let added = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    black_box((&session, kept));
    let mb = |b: usize| b as f64 / (1024.0 * 1024.0);
    report(
        &format!("history_memory_{}k", commands / 1000),
        mb(added),
        mb(floor),
        "MB",
        "50 MB",
    );
}

/// Import and export of a scenario of 100k rows a side, against serde_json reading and
/// writing the same rows as plain arrays (no checks, no key index, no session).
fn bench_import_export() {
    #[derive(serde::Deserialize, serde::Serialize)]
    struct PlainTable {
        rows: Vec<Vec<Value>>,
    }
    #[derive(serde::Deserialize, serde::Serialize)]
    struct PlainWorld {
        finops: Vec<PlainTable>,
        dataverse: Vec<PlainTable>,
    }
    #[derive(serde::Deserialize)]
    struct PlainState {
        world: PlainWorld,
    }
    #[derive(serde::Deserialize)]
    struct PlainFile {
        state: PlainState,
    }
    let session = Session::new(big_world());
    let text = format::export(&session, "100k rows a side");
    // Kept for the wasm run through the JS API (`cargo xtask bench`, examples/node/bench.mjs).
    if let Ok(path) = std::env::var("BENCH_SCENARIO_OUT") {
        if let Err(e) = std::fs::write(&path, &text) {
            eprintln!("  could not write {path}: {e}");
        }
    }
    eprintln!(
        "  scenario of 100k rows a side: {:.1} MB compact JSON",
        text.len() as f64 / 1e6
    );
    let (base, plain) = best_of(
        baseline_runs(),
        || (),
        |()| serde_json::from_str::<PlainFile>(&text).unwrap(),
    );
    let (secs, loaded) = best_of(runs(), || (), |()| format::import(&text).unwrap());
    assert_eq!(loaded.0.state(), session.state());
    report(
        "import_100k",
        secs * 1e3,
        base * 1e3,
        "ms",
        "2 (and <= 1000 ms)",
    );
    let (base, plain_text) = best_of(
        baseline_runs(),
        || (),
        |()| serde_json::to_string(&plain.state.world).unwrap(),
    );
    black_box(plain_text);
    let (secs, out) = best_of(runs(), || (), |()| format::export(&session, "again"));
    assert!(out.len() <= text.len() + 16);
    report(
        "export_100k",
        secs * 1e3,
        base * 1e3,
        "ms",
        "2 (and <= 1000 ms)",
    );
}

fn main() {
    // `cargo bench` passes --bench; a filter argument picks benchmarks by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let want = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    println!(
        "engine benchmarks ({} rows a side where it says 100k)",
        ROWS
    );
    if want("initial_sync") {
        bench_initial_sync();
    }
    if want("catch_up") {
        bench_catch_up();
    }
    if want("live_write") || want("undo") {
        bench_live_write_and_undo();
    }
    if want("memory") {
        bench_memory();
    }
    if want("import") || want("export") {
        bench_import_export();
    }
    if want("150k") {
        bench_live_write_and_undo_150k();
    }
    if want("undo") {
        bench_undo_initial_sync_100k();
    }
    if want("history") {
        bench_history_memory();
    }
}
