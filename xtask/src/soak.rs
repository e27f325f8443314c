//! `cargo xtask soak`: a deterministic simulation test in the spirit of FoundationDB's
//! simulation tests and TigerBeetle's VOPR.
//!
//! Random steps (writes on both sides, runs, pauses, every resume option, faults, undo and
//! redo, export/import round trips) on the demo and on random worlds, every invariant
//! checked after each step. Everything follows from the seed: the same seed gives the same
//! run. A failure is shrunk to a short list of steps and printed as a scenario script;
//! `cargo xtask soak --replay FILE` runs such a script with the same checks.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::time::Instant;

use dualwrite_engine::format;
use dualwrite_engine::invariants::{self, Agreement};
use dualwrite_engine::map::{AlertAction, AlertSetting, ColumnMapping as M, ExecutionStatus};
use dualwrite_engine::script::{self, Step};
use dualwrite_engine::world::{Column, Table};
use dualwrite_engine::*;
use serde_json::{json, Value as Json};

/// Steps a world takes before the soak moves on to the next one.
const STEPS_PER_WORLD: usize = 400;
/// Steps between two full checks (replay from the base, export -> import -> export).
const FULL_CHECK_EVERY: usize = 50;

/// SplitMix64: a small, well-known generator; the soak's only source of chance.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

/// Where a soak world comes from.
#[derive(Clone, Copy, Debug)]
enum Origin {
    Demo,
    Random(u64),
}

impl Origin {
    fn build(self) -> Simulator {
        match self {
            Origin::Demo => demo(),
            Origin::Random(seed) => random_world(&mut Rng(seed)),
        }
    }
}

/// A chain of 2 to 4 maps: a companies map, then maps whose rows belong to a company and
/// (from the third on) look up a row of the previous map. Columns: a text both ways, a
/// number one way, an enum to an option set through a value map with a label that has no
/// entry; some maps filter on the number.
fn random_world(rng: &mut Rng) -> Simulator {
    let col = |name: &str, ty: ColumnType| Column {
        name: name.into(),
        ty,
    };
    let mut world = World::default();
    let mut maps = Vec::new();
    let company = |side: Side| match side {
        Side::FinOps => col("CO", ColumnType::Text),
        Side::Dataverse => col(
            "co",
            ColumnType::Lookup {
                table: "companies".into(),
                column: "code".into(),
            },
        ),
    };
    // The companies map.
    let fin = Table::new(
        "Companies",
        "Companies",
        vec![col("CODE", ColumnType::Text), col("NAME", ColumnType::Text)],
        vec!["CODE".into()],
        None,
    );
    let dv = Table::new(
        "companies",
        "companies",
        vec![col("code", ColumnType::Text), col("name", ColumnType::Text)],
        vec!["code".into()],
        None,
    );
    if let (Ok(fin), Ok(dv)) = (fin, dv) {
        world.add_table(Side::FinOps, fin);
        world.add_table(Side::Dataverse, dv);
    }
    let mut companies = TableMap::new("Companies", "Companies", "companies");
    companies.mappings = vec![M::both("CODE", "code"), M::both("NAME", "name")];
    maps.push(companies);
    let count = 1 + rng.below(3);
    for i in 1..=count {
        let (fname, dname) = (format!("T{i}"), format!("t{i}"));
        let mut fcols = vec![
            col("CODE", ColumnType::Text),
            company(Side::FinOps),
            col("NAME", ColumnType::Text),
            col("NUM", ColumnType::Integer),
            col(
                "FLAG",
                ColumnType::Enum {
                    labels: vec!["x".into(), "y".into(), "z".into()],
                },
            ),
        ];
        let mut dcols = vec![
            col("code", ColumnType::Text),
            company(Side::Dataverse),
            col("name", ColumnType::Text),
            col("num", ColumnType::Integer),
            col(
                "flag",
                ColumnType::OptionSet {
                    options: vec![1, 2],
                    labels: Vec::new(),
                },
            ),
        ];
        let mut mappings = vec![
            M::both("CODE", "code"),
            M::both("CO", "co.code"),
            M::both("NAME", "name"),
            M::new("NUM", Direction::ToDataverse, "num"),
            M::both("FLAG", "flag").with(dualwrite_engine::map::Transform::ValueMap(vec![
                (Value::text("x"), Value::Int(1)),
                (Value::text("y"), Value::Int(2)),
            ])),
        ];
        if i > 1 {
            let prev = (format!("T{}", i - 1), format!("t{}", i - 1));
            fcols.push(col(
                "REF",
                ColumnType::Lookup {
                    table: prev.0,
                    column: "CODE".into(),
                },
            ));
            dcols.push(col(
                "ref",
                ColumnType::Lookup {
                    table: prev.1,
                    column: "code".into(),
                },
            ));
            mappings.push(M::both("REF", "ref.code"));
        }
        let fin = Table::new(
            &fname,
            &fname,
            fcols,
            vec!["CODE".into(), "CO".into()],
            Some("CO".into()),
        );
        let dv = Table::new(
            &dname,
            &dname,
            dcols,
            vec!["code".into(), "co".into()],
            Some("co".into()),
        );
        if let (Ok(fin), Ok(dv)) = (fin, dv) {
            world.add_table(Side::FinOps, fin);
            world.add_table(Side::Dataverse, dv);
        }
        let mut map = TableMap::new(&fname, &fname, &dname);
        map.mappings = mappings;
        if rng.below(3) == 0 {
            if let Ok(filter) = Filter::parse("NUM != 13") {
                map.finops_filter = filter;
            }
        }
        map.queue_capacity = 5 + rng.below(40);
        maps.push(map);
    }
    let mut sim = Simulator::new(world, maps);
    sim.settings.rows_per_tick = 1 + rng.below(6) as u64;
    // Rows on both sides, through the engine's own checks (maps are Not running).
    for side in Side::BOTH {
        for code in ["c1", "c2"] {
            let (table, cells) = match side {
                Side::FinOps => ("Companies", [("CODE", code), ("NAME", "Company")]),
                Side::Dataverse => ("companies", [("code", code), ("name", "Company")]),
            };
            let cells = cells
                .iter()
                .map(|(c, v)| (c.to_string(), Value::text(*v)))
                .collect();
            let _ = sim.apply(&Command::CreateRow {
                side,
                table: table.into(),
                cells,
            });
        }
        for i in 1..=count {
            for _ in 0..rng.below(6) {
                let names = random_cells(rng, side, i > 1);
                let table = match side {
                    Side::FinOps => format!("T{i}"),
                    Side::Dataverse => format!("t{i}"),
                };
                let _ = sim.apply(&Command::CreateRow {
                    side,
                    table,
                    cells: names,
                });
            }
        }
    }
    sim
}

/// Cells for a row of a chain table, some of them invalid on purpose (a label with no
/// value-map entry, a reference that may not exist).
fn random_cells(rng: &mut Rng, side: Side, reference: bool) -> BTreeMap<String, Value> {
    let code = format!("k{}", rng.below(8));
    let company = ["c1", "c2", "c3"][rng.below(3)];
    let name = ["alpha", "beta", "gamma"][rng.below(3)];
    let mut cells: BTreeMap<String, Value> = BTreeMap::new();
    let (names, flag): ([&str; 5], Value) = match side {
        Side::FinOps => (
            ["CODE", "CO", "NAME", "NUM", "FLAG"],
            Value::text(["x", "y", "z"][rng.below(3)]),
        ),
        Side::Dataverse => (
            ["code", "co", "name", "num", "flag"],
            Value::Int(1 + rng.below(2) as i64),
        ),
    };
    cells.insert(names[0].into(), Value::text(&code));
    cells.insert(names[1].into(), Value::text(company));
    cells.insert(names[2].into(), Value::text(name));
    if side == Side::FinOps {
        cells.insert(names[3].into(), Value::Int([1, 2, 13][rng.below(3)]));
    }
    cells.insert(names[4].into(), flag);
    if reference && rng.below(2) == 0 {
        let r = if side == Side::FinOps { "REF" } else { "ref" };
        cells.insert(r.into(), Value::text(format!("k{}", rng.below(8))));
    }
    cells
}

/// A random step for the session as it is.
fn random_step(rng: &mut Rng, sim: &Simulator) -> Step {
    let map = rng
        .pick(&sim.maps)
        .map(|m| m.name.clone())
        .unwrap_or_default();
    let side = if rng.below(2) == 0 {
        Side::FinOps
    } else {
        Side::Dataverse
    };
    // Half the writes aim at a paused map's rows and mapped columns, where both sides
    // changing one cell during a pause is likely (what the catch-up must reconcile).
    let paused: Vec<&TableMap> = sim
        .maps
        .iter()
        .filter(|m| matches!(m.status.kind(), StatusKind::Paused | StatusKind::Resuming))
        .map(|m| &**m)
        .collect();
    let command = match rng.below(100) {
        0..=14 if !paused.is_empty() => {
            let m = paused[rng.below(paused.len())];
            focused_write(rng, sim, m, side)
        }
        0..=29 => write(rng, sim, side, Write::Update),
        30..=37 => write(rng, sim, side, Write::Create),
        38..=42 => write(rng, sim, side, Write::Delete),
        43..=52 => {
            // Often a map with everything it needs, prerequisites first.
            let maps = match sim.related(&map) {
                Ok(r) if rng.below(2) == 0 => r.order,
                _ => vec![map],
            };
            Command::Run {
                maps: maps
                    .iter()
                    .map(|m| RunEntry {
                        map: m.clone(),
                        master: Some(side),
                    })
                    .collect(),
                initial_sync: if rng.below(6) == 0 {
                    InitialSync::Skip
                } else {
                    InitialSync::Run
                },
                resume: [
                    ResumeOption::CatchUp,
                    ResumeOption::CatchUp,
                    ResumeOption::SkipPreservingErrors,
                    ResumeOption::SkipDiscarding,
                ][rng.below(4)],
            }
        }
        53..=58 => Command::Pause { maps: vec![map] },
        59..=60 => Command::Stop { maps: vec![map] },
        61 => Command::SkipToLiveSync {
            maps: vec![map],
            preserve: rng.below(2) == 0,
        },
        62..=63 => Command::RetryCatchUpErrors { map, ids: None },
        64 => Command::RerunExecution { maps: vec![map] },
        65..=74 => Command::Tick {
            ticks: 1 + rng.below(4) as u32,
        },
        75..=77 => Command::RunUntilIdle,
        78..=80 => Command::SetFault {
            side,
            fault: if rng.below(2) == 0 {
                None
            } else {
                rng.pick(&Fault::ALL).copied()
            },
        },
        81 if rng.below(4) == 0 => Command::GenerateCustomers {
            count: 10 + rng.below(40) as u32,
            seed: rng.below(1_000) as u64,
        },
        81 => Command::SetRowsPerTick {
            rows: 1 + rng.below(5) as u64,
        },
        82 => Command::SetAlerts {
            map,
            alerts: vec![AlertSetting {
                error_type: ErrorType::ALL[rng.below(ErrorType::ALL.len())],
                count: 1 + rng.below(3) as u32,
                window_minutes: 1 + rng.below(20) as u64,
                action: AlertAction::ALL[rng.below(AlertAction::ALL.len())],
                recipients: ["", "ops@contoso.com", "ops@contoso.com, lead@contoso.com"]
                    [rng.below(3)]
                .into(),
            }],
        },
        83..=88 => return Step::Undo,
        89..=91 => return Step::Redo,
        92 => return Step::RoundTrip,
        // A map's settings (most are Not running only; refusals are checked too).
        93 => Command::SetMaster { map, master: side },
        94 => Command::SetQueueCapacity {
            map,
            capacity: 1 + rng.below(12),
        },
        95 => match sim.map(&map) {
            Ok(m) => Command::SetFilter {
                filter: random_filter(rng, sim, m, side),
                map,
                side,
            },
            Err(_) => Command::Tick { ticks: 1 },
        },
        96 => match sim.map(&map) {
            Ok(m) => {
                // One mapping dropped, or one turned one-way (the key's included: the
                // engine must refuse what no longer fits).
                let mut mappings = m.mappings.clone();
                if !mappings.is_empty() {
                    let at = rng.below(mappings.len());
                    if rng.below(2) == 0 {
                        mappings.remove(at);
                    } else {
                        mappings[at].direction =
                            *rng.pick(&Direction::ALL).unwrap_or(&Direction::Both);
                    }
                }
                Command::SetMappings { map, mappings }
            }
            Err(_) => Command::Tick { ticks: 1 },
        },
        _ => Command::Tick { ticks: 1 },
    };
    Step::Do {
        command,
        expect_error: None,
        expect_events: Vec::new(),
    }
}

/// No filter, or `COLUMN != value` / `COLUMN == value` on a mapped column of the map's
/// table on `side`, with the value of one of its rows (so that rows go in and out).
fn random_filter(rng: &mut Rng, sim: &Simulator, map: &TableMap, side: Side) -> String {
    let Ok(table) = sim.world.table(side, map.table(side)) else {
        return String::new();
    };
    let Some(mapping) = rng.pick(&map.mappings) else {
        return String::new();
    };
    let column = mapping.column(side);
    let (Some(pos), Some(row)) = (
        table.position(column),
        table.rows.values().nth(rng.below(table.rows.len().max(1))),
    ) else {
        return String::new();
    };
    let literal = match &row[pos] {
        Value::Null => "null".into(),
        Value::Text(text) => serde_json::to_string(text.as_str()).unwrap_or_default(),
        number_or_bool => number_or_bool.to_string(),
    };
    match rng.below(3) {
        0 => String::new(),
        1 => format!("{column} != {literal}"),
        _ => format!("{column} == {literal}"),
    }
}

/// An update of one of the first rows of a map's table on `side`, to a both-way mapped
/// column that is not part of the key, with a value of that column from another row or
/// one of a few made-up ones.
fn focused_write(rng: &mut Rng, sim: &Simulator, map: &TableMap, side: Side) -> Command {
    let Ok(table) = sim.world.table(side, map.table(side)) else {
        return Command::Tick { ticks: 1 };
    };
    let columns: Vec<&str> = map
        .mappings
        .iter()
        .filter(|m| m.direction == Direction::Both)
        .map(|m| match side {
            Side::FinOps => m.finops.as_str(),
            Side::Dataverse => m.dataverse_column(),
        })
        .filter(|c| !table.key.iter().any(|k| k == c))
        .collect();
    let ids: Vec<RowId> = table.rows.keys().take(3).copied().collect();
    let (Some(column), Some(id)) = (rng.pick(&columns), rng.pick(&ids)) else {
        return Command::Tick { ticks: 1 };
    };
    let Some(p) = table.position(column) else {
        return Command::Tick { ticks: 1 };
    };
    let others: Vec<Value> = table.rows.values().map(|r| r[p].clone()).collect();
    let value = match (rng.below(2), &table.columns[p].ty) {
        (0, ColumnType::Text) => Value::text(format!("p{}", rng.below(4))),
        _ => rng.pick(&others).cloned().unwrap_or(Value::Null),
    };
    Command::UpdateRow {
        side,
        table: table.name.clone(),
        row: RowRef::Id(*id),
        cells: [(column.to_string(), value)].into_iter().collect(),
    }
}

enum Write {
    Create,
    Update,
    Delete,
}

/// A write to a random row of a random table: values are taken from other rows of the
/// same column (so keys collide and lookups resolve or dangle), or made up.
fn write(rng: &mut Rng, sim: &Simulator, side: Side, kind: Write) -> Command {
    let tables: Vec<&Table> = sim.world.tables(side).iter().map(|(_, t)| t).collect();
    let Some(table) = rng.pick(&tables) else {
        return Command::Tick { ticks: 1 };
    };
    let ids: Vec<RowId> = table.rows.keys().copied().collect();
    let value = |rng: &mut Rng, column: usize| -> Value {
        match rng.below(5) {
            0 => Value::Null,
            1 => Value::text(format!("n{}", rng.below(20))),
            2 => Value::Int(rng.below(4) as i64),
            _ => rng
                .pick(&ids)
                .and_then(|id| table.rows.get(id))
                .map_or(Value::Null, |r| r[column].clone()),
        }
    };
    let name = table.name.clone();
    match kind {
        Write::Delete => match rng.pick(&ids) {
            Some(id) => Command::DeleteRow {
                side,
                table: name,
                row: RowRef::Id(*id),
            },
            None => Command::Tick { ticks: 1 },
        },
        Write::Update => {
            let Some(id) = rng.pick(&ids).copied() else {
                return Command::Tick { ticks: 1 };
            };
            let mut cells = BTreeMap::new();
            for _ in 0..1 + rng.below(2) {
                let c = rng.below(table.columns.len());
                cells.insert(table.columns[c].name.clone(), value(rng, c));
            }
            Command::UpdateRow {
                side,
                table: name,
                row: RowRef::Id(id),
                cells,
            }
        }
        Write::Create => {
            // A copy of a row with a new key value, or made-up cells.
            let mut cells = BTreeMap::new();
            let source = rng.pick(&ids).and_then(|id| table.rows.get(id)).cloned();
            for (c, column) in table.columns.iter().enumerate() {
                let v = match &source {
                    Some(row) if rng.below(3) != 0 => row[c].clone(),
                    _ => value(rng, c),
                };
                cells.insert(column.name.clone(), v);
            }
            if let Some(k) = table.key.first() {
                cells.insert(k.clone(), Value::text(format!("s{}", rng.below(30))));
            }
            Command::CreateRow {
                side,
                table: name,
                cells,
            }
        }
    }
}

/// What the checks know of the history at one point: the maps that are clean (Running
/// since a Completed initial sync, every pause since then caught up with no error).
type Clean = BTreeSet<String>;

/// Follows an accepted command's events into the set of clean maps.
fn follow(clean: &mut Clean, before: &Simulator, command: &Command, events: &[Event]) {
    for e in events {
        match e {
            Event::StatusChanged {
                map,
                to: StatusKind::NotRunning | StatusKind::Initializing,
                ..
            } => {
                clean.remove(map);
            }
            Event::InitialSyncFinished { map, status, .. } => {
                if *status == ExecutionStatus::Completed {
                    clean.insert(map.clone());
                } else {
                    clean.remove(map);
                }
            }
            Event::CatchUpFailed { map, .. } => {
                clean.remove(map);
            }
            _ => {}
        }
    }
    let was = |m: &str| before.map(m).map(|m| m.status.kind()).ok();
    match command {
        Command::Run {
            maps,
            initial_sync,
            resume,
        } => {
            for e in maps {
                let skipped = match was(&e.map) {
                    Some(StatusKind::NotRunning) => *initial_sync == InitialSync::Skip,
                    Some(StatusKind::Paused) => *resume != ResumeOption::CatchUp,
                    _ => false,
                };
                if skipped {
                    clean.remove(&e.map);
                }
            }
        }
        Command::SkipToLiveSync { maps, .. } => {
            for map in maps {
                clean.remove(map);
            }
        }
        // A row's key changed on a side its key column does not flow from: the change
        // stays on that side, and the row loses its pair (as it would in the product).
        Command::UpdateRow {
            side, table, cells, ..
        } => {
            let Ok(t) = before.world.table(*side, table) else {
                return;
            };
            for m in before
                .maps
                .iter()
                .filter(|m| m.table(*side) == table.as_str())
            {
                let orphans = cells.keys().any(|name| {
                    t.key.iter().any(|k| k == name)
                        && !m
                            .mappings
                            .iter()
                            .any(|c| c.column(*side) == name && c.direction.flows_from(*side))
                });
                if orphans {
                    clean.remove(&m.name);
                }
            }
        }
        _ => {}
    }
}

/// A run of steps with every check; `Err` names the step and what broke.
struct Checker {
    session: Session,
    /// What is known at each cursor of the history.
    known: Vec<Clean>,
    steps: usize,
    stats: Stats,
}

/// What a soak exercised, so that a green run can be seen to have tested something.
#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    /// Agreement checks of clean Running maps.
    agreements: u64,
    /// Catch-ups that ended with the map clean (no error).
    clean_catch_ups: u64,
    /// Cells superseded during catch-ups.
    superseded: u64,
    /// Live writes rolled back.
    rollbacks: u64,
}

impl Checker {
    fn new(base: Simulator) -> Checker {
        Checker {
            session: Session::new(base),
            known: vec![Clean::new()],
            steps: 0,
            stats: Stats::default(),
        }
    }

    fn step(&mut self, step: &Step) -> Result<(), String> {
        self.steps += 1;
        match step {
            Step::Undo => {
                self.session.undo();
            }
            Step::Redo => {
                self.session.redo();
            }
            Step::RoundTrip => round_trip(&self.session)?,
            Step::Expect(_) => {}
            Step::Do { command, .. } => {
                let before = self.session.state().clone();
                let cursor = self.session.cursor();
                let result = self.session.dispatch(command.clone());
                let mut now = self.known[cursor].clone();
                match &result {
                    Ok(events) => {
                        for e in events {
                            if let Event::StatusChanged { map, from, to } = e {
                                if !invariants::transition_allowed(*from, *to) {
                                    return Err(format!("{map} went from {from} to {to}"));
                                }
                            }
                        }
                        follow(&mut now, &before, command, events);
                        for e in events {
                            match e {
                                Event::CatchUpProgress { superseded, .. } => {
                                    self.stats.superseded += superseded;
                                }
                                Event::StatusChanged {
                                    map,
                                    from: StatusKind::Resuming,
                                    ..
                                } if now.contains(map) => self.stats.clean_catch_ups += 1,
                                _ => {}
                            }
                        }
                    }
                    Err(CommandError::RolledBack { .. }) => {
                        self.stats.rollbacks += 1;
                        if self.session.state().world != before.world {
                            return Err("a rolled-back write left a trace in the tables".into());
                        }
                    }
                    Err(e) => {
                        if *self.session.state() != before {
                            return Err(format!("a refused command changed the state: {e}"));
                        }
                    }
                }
                if self.session.cursor() > cursor {
                    self.known.truncate(cursor + 1);
                    self.known.push(now);
                }
            }
        }
        let sim = self.session.state();
        for m in &sim.maps {
            invariants::queue_accounting(m)?;
            if m.status.kind() == StatusKind::Running
                && self.known[self.session.cursor()].contains(&m.name)
            {
                let filtered = !m.finops_filter.is_empty() || !m.dataverse_filter.is_empty();
                let how = if filtered {
                    Agreement::PairsOnly
                } else {
                    Agreement::Paired
                };
                invariants::sides_agree(sim, &m.name, how)?;
                self.stats.agreements += 1;
            }
        }
        if self.steps.is_multiple_of(FULL_CHECK_EVERY) {
            self.full_check()?;
        }
        Ok(())
    }

    /// The costly checks, run every [`FULL_CHECK_EVERY`] steps and after the last one:
    /// the log replays to the state, and the session survives export and import.
    fn full_check(&self) -> Result<(), String> {
        let s = &self.session;
        let replayed = Session::replay(s.base().clone(), s.commands().to_vec(), s.cursor())
            .map_err(|(i, e)| format!("the log does not replay: command {i}: {e}"))?;
        if replayed.state() != s.state() {
            return Err("replaying the log does not give the state".into());
        }
        round_trip(s)
    }
}

fn round_trip(session: &Session) -> Result<(), String> {
    let text = format::export(session, "soak");
    let (back, _) = format::import(&text).map_err(|e| format!("the export does not load: {e}"))?;
    if back.state() != session.state() || format::export(&back, "soak") != text {
        return Err("export -> import -> export changed the session".into());
    }
    Ok(())
}

/// Runs steps from a base; the index and message of the first failure. The costly
/// checks also run after the last step, so that a failure they found shrinks to any
/// length.
fn check_all(base: &Simulator, steps: &[Step]) -> Result<(), (usize, String)> {
    let mut checker = Checker::new(base.clone());
    for (i, s) in steps.iter().enumerate() {
        checker.step(s).map_err(|e| (i, e))?;
    }
    match steps.len() {
        0 => Ok(()),
        n => checker.full_check().map_err(|e| (n - 1, e)),
    }
}

/// The shortest list of steps found that still fails the soak's checks the same way:
/// with a message of the same kind (its words before the first colon: the map, or the
/// check that failed), so that shrinking does not wander off to another failure.
fn shrink(base: &Simulator, steps: Vec<Step>) -> (Vec<Step>, String) {
    let kind = |m: &str| m.split(':').next().unwrap_or_default().to_string();
    let Some((_, first)) = check_all(base, &steps).err() else {
        return (steps, String::new());
    };
    let wanted = kind(&first);
    shrink_with(steps, |steps| {
        check_all(base, steps)
            .err()
            .filter(|(_, message)| kind(message) == wanted)
    })
}

/// The shortest list of steps found that still fails (delta debugging: drop chunks, then
/// single steps, while the failure stays); `fails` gives the index and message of a
/// list's first failure.
fn shrink_with(
    mut steps: Vec<Step>,
    fails: impl Fn(&[Step]) -> Option<(usize, String)>,
) -> (Vec<Step>, String) {
    let Some((at, mut message)) = fails(&steps) else {
        return (steps, String::new());
    };
    steps.truncate(at + 1);
    let mut chunk = steps.len() / 2;
    while chunk >= 1 {
        let mut i = 0;
        while i + chunk <= steps.len() {
            let mut candidate = steps.clone();
            candidate.drain(i..i + chunk);
            match fails(&candidate) {
                Some((at, m)) => {
                    candidate.truncate(at + 1);
                    steps = candidate;
                    message = m;
                }
                None => i += chunk,
            }
        }
        chunk /= 2;
    }
    (steps, message)
}

/// The steps as a scenario script (refused commands as `expect_error`).
fn as_script(base: &Simulator, origin: Origin, steps: &[Step], message: &str) -> String {
    let mut session = Session::new(base.clone());
    let scenario: Json = match origin {
        Origin::Demo => json!("demo"),
        Origin::Random(_) => {
            serde_json::from_str(&format::export(&session, "soak world")).unwrap_or(Json::Null)
        }
    };
    let mut out = Vec::new();
    for s in steps {
        out.push(match s {
            Step::Undo => {
                session.undo();
                json!("undo")
            }
            Step::Redo => {
                session.redo();
                json!("redo")
            }
            Step::RoundTrip | Step::Expect(_) => json!("round_trip"),
            Step::Do { command, .. } => {
                let c = serde_json::to_value(command).unwrap_or(Json::Null);
                match session.dispatch(command.clone()) {
                    Ok(_) => c,
                    Err(e) => json!({ "expect_error": e.to_string(), "do": c }),
                }
            }
        });
    }
    serde_json::to_string_pretty(&json!({
        "format": "dualwrite-script",
        "version": 1,
        "title": format!("soak failure: {message}"),
        "scenario": scenario,
        "steps": out,
    }))
    .unwrap_or_default()
}

/// `cargo xtask soak [--seed N] [--commands M] [--replay FILE]`.
pub fn soak(args: &[String]) -> Result<(), String> {
    let mut seed = 1u64;
    let mut total = 20_000usize;
    let mut replay = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut number = |what: &str| -> Result<u64, String> {
            let v = it.next().ok_or(format!("{what} needs a number"))?;
            v.replace('_', "")
                .parse()
                .map_err(|_| format!("'{v}' is not a number"))
        };
        match a.as_str() {
            "--seed" => seed = number("--seed")?,
            "--commands" => total = number("--commands")? as usize,
            "--replay" => replay = Some(it.next().ok_or("--replay needs a file")?.clone()),
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    if let Some(file) = replay {
        return replay_script(&file);
    }
    let started = Instant::now();
    let mut rng = Rng(seed);
    let mut done = 0;
    let mut worlds = 0;
    let mut stats = Stats::default();
    while done < total {
        let origin = if worlds % 2 == 0 {
            Origin::Demo
        } else {
            Origin::Random(rng.next())
        };
        worlds += 1;
        let base = origin.build();
        let mut checker = Checker::new(base.clone());
        let mut steps = Vec::new();
        let n = STEPS_PER_WORLD.min(total - done);
        for _ in 0..n {
            let step = random_step(&mut rng, checker.session.state());
            steps.push(step.clone());
            if let Err(first) = checker.step(&step) {
                let found_after = done + steps.len();
                println!("soak: seed {seed}, world {worlds}: {first}; shrinking");
                let (short, message) = shrink(&base, steps);
                let file = format!("target/soak-failure-seed-{seed}.json");
                let script = as_script(&base, origin, &short, &message);
                let _ = fs::create_dir_all("target");
                let _ = fs::write(&file, &script);
                println!("{script}");
                return Err(format!(
                    "seed {seed}, world {worlds} ({origin:?}), after {found_after} steps: {message}\n\
                     shrunk to {} steps, written to {file}; reproduce with: cargo xtask soak --replay {file}",
                    short.len()
                ));
            }
        }
        done += n;
        let s = checker.stats;
        stats.agreements += s.agreements;
        stats.clean_catch_ups += s.clean_catch_ups;
        stats.superseded += s.superseded;
        stats.rollbacks += s.rollbacks;
    }
    println!(
        "soak: seed {seed}: {done} steps on {worlds} worlds, every invariant held ({:.1} s): \
         {} agreement checks of synced maps, {} catch-ups ended clean, {} cells superseded, \
         {} live writes rolled back",
        started.elapsed().as_secs_f64(),
        stats.agreements,
        stats.clean_catch_ups,
        stats.superseded,
        stats.rollbacks
    );
    Ok(())
}

fn replay_script(file: &str) -> Result<(), String> {
    let text = fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let loaded = script::load(&text).map_err(|e| format!("{file}: {e}"))?;
    let cursor = loaded.session.cursor();
    let mut checker = Checker {
        session: loaded.session,
        known: vec![Clean::new(); cursor + 1],
        steps: 0,
        stats: Stats::default(),
    };
    for (i, step) in loaded.steps.iter().enumerate() {
        checker
            .step(step)
            .map_err(|e| format!("{file}: steps[{i}]: {e}"))?;
    }
    // And what the script itself expects (errors, events, expectations).
    let report = script::run(&text).map_err(|e| format!("{file}: {e}"))?;
    let failures: Vec<String> = report
        .failures()
        .map(|c| format!("{}: {}", c.name, c.detail))
        .collect();
    if !failures.is_empty() {
        return Err(format!("{file}: {}", failures.join("; ")));
    }
    println!(
        "{file}: {} steps, every invariant held and every expectation ({} checks)",
        loaded.steps.len(),
        report.checks.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A failure planted in random steps: FinOps' USD renamed "planted".
    fn planted() -> Step {
        Step::Do {
            command: Command::UpdateRow {
                side: Side::FinOps,
                table: "Currencies".into(),
                row: RowRef::Key(vec![Value::text("USD")]),
                cells: [("NAME".to_string(), Value::text("planted"))].into(),
            },
            expect_error: None,
            expect_events: Vec::new(),
        }
    }

    fn usd_name(sim: &Simulator) -> Option<Value> {
        let t = &sim.world.finops["Currencies"];
        let row = t.find_by_key(&[Value::text("USD")])?;
        Some(t.rows[&row][t.position("NAME")?].clone())
    }

    /// The soak's checks, and the planted one after each step.
    fn fails(base: &Simulator, steps: &[Step]) -> Option<(usize, String)> {
        let mut checker = Checker::new(base.clone());
        for (i, s) in steps.iter().enumerate() {
            if let Err(e) = checker.step(s) {
                return Some((i, e));
            }
            if usd_name(checker.session.state()) == Some(Value::text("planted")) {
                return Some((i, "USD is planted".into()));
            }
        }
        None
    }

    #[test]
    fn a_failure_shrinks_to_the_step_that_causes_it_and_its_script_reproduces_it() {
        let base = Origin::Demo.build();
        let mut rng = Rng(3);
        let mut checker = Checker::new(base.clone());
        let mut steps = Vec::new();
        for _ in 0..120 {
            let step = random_step(&mut rng, checker.session.state());
            checker.step(&step).expect("seed 3 holds every invariant");
            steps.push(step);
        }
        steps.insert(90, planted());
        assert_eq!(fails(&base, &steps).map(|(at, _)| at), Some(90));

        let (short, message) = shrink_with(steps, |s| fails(&base, s));
        assert_eq!(message, "USD is planted");
        assert_eq!(short.len(), 1, "{short:?}");
        assert!(matches!(
            &short[0],
            Step::Do {
                command: Command::UpdateRow { .. },
                ..
            }
        ));

        // The script loads, runs clean, and ends with the failure's state.
        let text = as_script(&base, Origin::Demo, &short, &message);
        assert!(text.contains("soak failure: USD is planted"));
        let report = script::run(&text).expect("the script runs");
        assert!(report.passed());
        let loaded = script::load(&text).expect("the script loads");
        let mut session = loaded.session;
        for step in &loaded.steps {
            if let Step::Do { command, .. } = step {
                session
                    .dispatch(command.clone())
                    .expect("accepted as in the soak");
            }
        }
        assert_eq!(usd_name(session.state()), Some(Value::text("planted")));
    }
}
