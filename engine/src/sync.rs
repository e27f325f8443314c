//! Moving rows through a table map: the initial write, live writes and queue playback.
//!
//! A [`Plan`] is a map resolved against the tables (column positions, the integration
//! key); it is derived on demand and never stored.
//!
//! **Invariant:** every write goes through [`World::check_row`] and [`World::put`] with a
//! journal, so the caller can roll back a whole transaction on either side.

use std::collections::{HashMap, HashSet};

use crate::error::{CommandError, SyncError, WriteError};
use crate::map::{
    ChangeKind, ColumnMapping, Conflict, Direction, Execution, ExecutionStatus, LegCounts,
    QueuedChange, RowError, TableMap, Transform,
};
use crate::value::{ColumnType, Value};
use crate::world::{Journal, RowId, Side, Table, World};

/// A column mapping with its positions in both tables.
#[derive(Clone, Debug)]
pub struct Mapped<'a> {
    /// The mapping.
    pub mapping: &'a ColumnMapping,
    /// Position in the FinOps table.
    pub finops: usize,
    /// Position in the Dataverse table.
    pub dataverse: usize,
}

impl Mapped<'_> {
    fn pos(&self, side: Side) -> usize {
        match side {
            Side::FinOps => self.finops,
            Side::Dataverse => self.dataverse,
        }
    }
}

/// A table map resolved against its two tables.
#[derive(Debug)]
pub struct Plan<'a> {
    /// The map.
    pub map: &'a TableMap,
    /// FinOps table.
    pub finops: &'a Table,
    /// Dataverse table.
    pub dataverse: &'a Table,
    /// Column mappings with positions.
    pub columns: Vec<Mapped<'a>>,
    /// Integration key: (FinOps position, Dataverse position), in FinOps key order.
    pub key: Vec<(usize, usize)>,
    /// For each Dataverse alternate-key column, its place in the integration key.
    dataverse_key_order: Option<Vec<usize>>,
}

impl<'a> Plan<'a> {
    /// Resolves a map; fails when a table or column is missing or a lookup field does not
    /// name a lookup column.
    pub fn new(world: &'a World, map: &'a TableMap) -> Result<Plan<'a>, CommandError> {
        let invalid = |reason: String| CommandError::InvalidMap {
            map: map.name.clone(),
            reason,
        };
        let finops = world
            .table(Side::FinOps, &map.finops_table)
            .map_err(|e| invalid(e.to_string()))?;
        let dataverse = world
            .table(Side::Dataverse, &map.dataverse_table)
            .map_err(|e| invalid(e.to_string()))?;
        let mut columns = Vec::with_capacity(map.mappings.len());
        for m in &map.mappings {
            let f = finops.position(&m.finops).ok_or_else(|| {
                invalid(format!("'{}' has no column '{}'", finops.name, m.finops))
            })?;
            let dcol = m.dataverse_column();
            let d = dataverse
                .position(dcol)
                .ok_or_else(|| invalid(format!("'{}' has no column '{dcol}'", dataverse.name)))?;
            if let Some(lookup) = m.lookup_column() {
                match &dataverse.columns[d].ty {
                    ColumnType::Lookup { column, .. } if column == lookup => {}
                    _ => {
                        return Err(invalid(format!(
                            "'{}' is not a lookup to a '{lookup}' column",
                            m.dataverse
                        )))
                    }
                }
            }
            columns.push(Mapped {
                mapping: m,
                finops: f,
                dataverse: d,
            });
        }
        for side in Side::BOTH {
            let table = if side == Side::FinOps {
                finops
            } else {
                dataverse
            };
            for c in map.filter(side).columns() {
                if table.position(c).is_none() {
                    return Err(invalid(format!(
                        "the {side} filter reads '{c}', which '{}' does not have",
                        table.name
                    )));
                }
            }
        }
        let mut key = Vec::new();
        for k in &finops.key {
            let m = columns
                .iter()
                .find(|c| c.mapping.finops == *k)
                .ok_or_else(|| invalid(format!("the key column '{k}' is not mapped")))?;
            key.push((m.finops, m.dataverse));
        }
        let dataverse_key_order = dataverse
            .key
            .iter()
            .map(|dk| {
                let p = dataverse.position(dk)?;
                key.iter().position(|&(_, d)| d == p)
            })
            .collect::<Option<Vec<usize>>>()
            .filter(|order| order.len() == key.len() && !order.is_empty());
        Ok(Plan {
            map,
            finops,
            dataverse,
            columns,
            key,
            dataverse_key_order,
        })
    }

    /// Checks that the Dataverse table has an alternate key made of the columns the
    /// integration key maps to (what Run checks).
    pub fn check_alternate_key(&self) -> Result<(), CommandError> {
        if self.dataverse_key_order.is_some() {
            return Ok(());
        }
        Err(CommandError::MissingAlternateKey {
            map: self.map.name.clone(),
            table: self.dataverse.name.clone(),
            columns: self
                .key
                .iter()
                .map(|&(_, d)| self.dataverse.columns[d].name.clone())
                .collect(),
        })
    }

    /// The table on a side.
    pub fn table(&self, side: Side) -> &'a Table {
        match side {
            Side::FinOps => self.finops,
            Side::Dataverse => self.dataverse,
        }
    }

    /// The integration key of a row of a side.
    pub fn key_of(&self, side: Side, row: &[Value]) -> Vec<Value> {
        self.key
            .iter()
            .map(|&(f, d)| row[if side == Side::FinOps { f } else { d }].clone())
            .collect()
    }

    /// Whether a row of a side is within the map's filter.
    pub fn in_scope(&self, side: Side, row: &[Value]) -> bool {
        let table = self.table(side);
        self.map.filter(side).matches(|c| table.cell(row, c))
    }

    /// The row of a side paired with an integration key.
    pub fn find_pair(&self, side: Side, key: &[Value]) -> Option<RowId> {
        match side {
            Side::FinOps => self.finops.find_by_key(key),
            Side::Dataverse => {
                let order = self.dataverse_key_order.as_ref()?;
                let k: Vec<Value> = order.iter().map(|&i| key[i].clone()).collect();
                self.dataverse.find_by_key(&k)
            }
        }
    }

    /// Rows of a side within the filter, in row order.
    pub fn rows_in_scope(&self, side: Side) -> impl Iterator<Item = (RowId, &'a Vec<Value>)> + '_ {
        self.table(side)
            .rows
            .iter()
            .filter(move |(_, r)| self.in_scope(side, r))
            .map(|(id, r)| (*id, r))
    }

    /// Whether any column mapped from `side` differs between two versions of a row.
    pub fn mapped_change(&self, side: Side, old: &[Value], new: &[Value]) -> bool {
        self.columns
            .iter()
            .any(|c| c.mapping.direction.flows_from(side) && old[c.pos(side)] != new[c.pos(side)])
    }

    /// Writes the columns mapped from `from` into `target` (a copy of the row of the other
    /// side, or an empty row); with `only`, just the mappings of those source columns.
    pub fn project(
        &self,
        from: Side,
        source: &[Value],
        target: &mut [Value],
        only: Option<&[String]>,
    ) -> Result<(), SyncError> {
        for c in &self.columns {
            let wanted = only.is_none_or(|cols| cols.iter().any(|n| n == c.mapping.column(from)));
            if wanted && c.mapping.direction.flows_from(from) {
                target[c.pos(from.other())] = translate(c.mapping, from, &source[c.pos(from)])?;
            }
        }
        Ok(())
    }
}

/// Writes a row of `map` to `side` after the checks of that side, naming failed lookups
/// as the product does.
pub fn write_row(
    world: &mut World,
    map: &TableMap,
    side: Side,
    id: RowId,
    row: Vec<Value>,
    unavailable: bool,
    journal: &mut Journal,
) -> Result<(), SyncError> {
    if unavailable {
        return Err(WriteError::Unavailable(side).into());
    }
    let table = map.table(side);
    let row = world
        .check_row(side, table, Some(id), row)
        .map_err(|e| name_lookup(map, side, e))?;
    world.put(side, table, id, Some(row), journal);
    Ok(())
}

/// A failed Dataverse lookup, named by its mapped field (`relationship.column`).
fn name_lookup(map: &TableMap, side: Side, e: WriteError) -> SyncError {
    match e {
        WriteError::LookupNotFound { field, value, .. } if side == Side::Dataverse => {
            let field = map
                .mappings
                .iter()
                .find(|m| m.dataverse_column() == field)
                .map_or(field, |m| m.dataverse.clone());
            SyncError::LookupNotFound { field, value }
        }
        e => SyncError::Write(e),
    }
}

/// Translates one value across a mapping, from `from` to the other side.
pub fn translate(m: &ColumnMapping, from: Side, value: &Value) -> Result<Value, SyncError> {
    match &m.transform {
        None => Ok(value.clone()),
        Some(Transform::Default(d)) => Ok(if value.is_empty() {
            d.clone()
        } else {
            value.clone()
        }),
        Some(Transform::ValueMap(pairs)) => {
            if value.is_empty() {
                return Ok(Value::Null);
            }
            let found = pairs.iter().find_map(|(f, d)| match from {
                Side::FinOps if f == value => Some(d),
                Side::Dataverse if d == value => Some(f),
                _ => None,
            });
            found.cloned().ok_or_else(|| SyncError::NoValueMapEntry {
                field: m.field(from).to_string(),
                value: value.to_string(),
            })
        }
    }
}

/// Which side each leg reads and writes, and whether sides are switched off.
#[derive(Clone, Copy, Debug, Default)]
pub struct Availability {
    /// FinOps refuses writes.
    pub finops_down: bool,
    /// Dataverse refuses writes.
    pub dataverse_down: bool,
}

impl Availability {
    /// Whether a side refuses writes.
    pub fn down(self, side: Side) -> bool {
        match side {
            Side::FinOps => self.finops_down,
            Side::Dataverse => self.dataverse_down,
        }
    }
}

fn describe_key(key: &[Value]) -> String {
    key.iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn failing_field(plan: &Plan, target: Side, e: &SyncError) -> String {
    match e {
        SyncError::LookupNotFound { field, .. } | SyncError::NoValueMapEntry { field, .. } => {
            field.clone()
        }
        SyncError::Write(WriteError::LookupNotFound { field, .. })
        | SyncError::Write(WriteError::BadValue { column: field, .. })
        | SyncError::Write(WriteError::EmptyKey { column: field, .. }) => field.clone(),
        SyncError::Write(_) => plan.table(target).name.clone(),
    }
}

/// Runs the initial write of one map in both directions, settling conflicts by `master`.
/// Rows that fail are not written; the others are. Runs the full data set each time, so a
/// rerun updates rows already copied instead of doubling them.
pub fn initial_sync(
    world: &mut World,
    map: &TableMap,
    master: Side,
    available: Availability,
    id: String,
    time: u64,
) -> Result<Execution, CommandError> {
    let mut exec = Execution {
        id,
        time,
        master,
        to_dataverse: LegCounts::default(),
        to_finops: LegCounts::default(),
        conflicts: Vec::new(),
        errors: Vec::new(),
        status: ExecutionStatus::Completed,
    };
    // Snapshot the work list first; writes then go row by row so that a later row can
    // see an earlier one (and a lookup to a row created later in the pass fails).
    let (fin_rows, dv_rows) = {
        let plan = Plan::new(world, map)?;
        let fin: Vec<(RowId, Vec<Value>)> = plan
            .rows_in_scope(Side::FinOps)
            .map(|(id, r)| (id, plan.key_of(Side::FinOps, r)))
            .collect();
        let dv: Vec<(RowId, Vec<Value>)> = plan
            .rows_in_scope(Side::Dataverse)
            .map(|(id, r)| (id, plan.key_of(Side::Dataverse, r)))
            .collect();
        (fin, dv)
    };
    let mut dv_by_key: HashMap<Vec<Value>, RowId> = HashMap::with_capacity(dv_rows.len());
    for (id, k) in &dv_rows {
        dv_by_key.entry(k.clone()).or_insert(*id);
    }
    let mut paired: HashSet<RowId> = HashSet::with_capacity(dv_rows.len());
    exec.to_dataverse.read = fin_rows.len() as u64;
    exec.to_finops.read = dv_rows.len() as u64;

    for (fin_id, key) in &fin_rows {
        let dv_id = dv_by_key.get(key).copied();
        if let Some(d) = dv_id {
            paired.insert(d);
        }
        let mut journal = Journal::default();
        let outcome = sync_row(
            world,
            map,
            master,
            available,
            *fin_id,
            dv_id,
            &mut exec,
            &mut journal,
        );
        if let Err((target, e)) = outcome {
            world.roll_back(journal);
            let plan = Plan::new(world, map)?;
            record_failure(&mut exec, &plan, target, key, &e);
        }
    }
    for (dv_id, key) in &dv_rows {
        if paired.contains(dv_id) {
            continue;
        }
        let mut journal = Journal::default();
        let outcome = create_from(world, map, Side::Dataverse, *dv_id, available, &mut journal);
        match outcome {
            Ok(()) => exec.to_finops.created += 1,
            Err(e) => {
                world.roll_back(journal);
                let plan = Plan::new(world, map)?;
                record_failure(&mut exec, &plan, Side::FinOps, key, &e);
            }
        }
    }
    if !exec.errors.is_empty() {
        exec.status = ExecutionStatus::Error;
    }
    Ok(exec)
}

fn record_failure(exec: &mut Execution, plan: &Plan, target: Side, key: &[Value], e: &SyncError) {
    let leg = match target {
        Side::Dataverse => &mut exec.to_dataverse,
        Side::FinOps => &mut exec.to_finops,
    };
    leg.failed += 1;
    exec.errors.push(RowError {
        source: target.other(),
        key: describe_key(key),
        field: failing_field(plan, target, e),
        message: e.to_string(),
    });
}

/// Syncs one FinOps row with its Dataverse pair (if any). On error, names the side that
/// could not be written.
#[allow(clippy::too_many_arguments)]
fn sync_row(
    world: &mut World,
    map: &TableMap,
    master: Side,
    available: Availability,
    fin_id: RowId,
    dv_id: Option<RowId>,
    exec: &mut Execution,
    journal: &mut Journal,
) -> Result<(), (Side, SyncError)> {
    let Some(dv_id) = dv_id else {
        create_from(world, map, Side::FinOps, fin_id, available, journal)
            .map_err(|e| (Side::Dataverse, e))?;
        exec.to_dataverse.created += 1;
        return Ok(());
    };
    let plan = Plan::new(world, map).map_err(|e| (Side::Dataverse, invalid(e)))?;
    let fin = &plan.finops.rows[&fin_id];
    let dv = &plan.dataverse.rows[&dv_id];
    let mut new_fin = fin.clone();
    let mut new_dv = dv.clone();
    let key = describe_key(&plan.key_of(Side::FinOps, fin));
    for c in &plan.columns {
        let m = c.mapping;
        let (f, d) = (&fin[c.finops], &dv[c.dataverse]);
        match m.direction {
            Direction::Both => {
                let f_as_dv = translate(m, Side::FinOps, f).map_err(|e| (Side::Dataverse, e))?;
                if f_as_dv == *d {
                    continue;
                }
                exec.conflicts.push(Conflict {
                    key: key.clone(),
                    column: m.label(),
                    finops: f.clone(),
                    dataverse: d.clone(),
                    winner: master,
                });
                match master {
                    Side::FinOps => new_dv[c.dataverse] = f_as_dv,
                    Side::Dataverse => {
                        new_fin[c.finops] =
                            translate(m, Side::Dataverse, d).map_err(|e| (Side::FinOps, e))?
                    }
                }
            }
            Direction::ToDataverse => {
                new_dv[c.dataverse] =
                    translate(m, Side::FinOps, f).map_err(|e| (Side::Dataverse, e))?
            }
            Direction::ToFinOps => {
                new_fin[c.finops] =
                    translate(m, Side::Dataverse, d).map_err(|e| (Side::FinOps, e))?
            }
        }
    }
    let dv_changed = new_dv != *dv;
    let fin_changed = new_fin != *fin;
    if dv_changed {
        let down = available.down(Side::Dataverse);
        write_row(world, map, Side::Dataverse, dv_id, new_dv, down, journal)
            .map_err(|e| (Side::Dataverse, e))?;
        exec.to_dataverse.updated += 1;
    }
    if fin_changed {
        let down = available.down(Side::FinOps);
        write_row(world, map, Side::FinOps, fin_id, new_fin, down, journal)
            .map_err(|e| (Side::FinOps, e))?;
        exec.to_finops.updated += 1;
    }
    Ok(())
}

fn invalid(e: CommandError) -> SyncError {
    SyncError::Write(WriteError::BadValue {
        table: String::new(),
        column: String::new(),
        reason: e.to_string(),
    })
}

/// Creates on the other side the row `id` of `from`.
fn create_from(
    world: &mut World,
    map: &TableMap,
    from: Side,
    id: RowId,
    available: Availability,
    journal: &mut Journal,
) -> Result<(), SyncError> {
    let plan = Plan::new(world, map).map_err(invalid)?;
    let to = from.other();
    let source = &plan.table(from).rows[&id];
    let mut row = vec![Value::Null; plan.table(to).columns.len()];
    plan.project(from, source, &mut row, None)?;
    let new_id = world.next_id(to, map.table(to));
    write_row(world, map, to, new_id, row, available.down(to), journal)
}

/// What a live write or a queued change does on the other side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Propagated {
    /// Side written.
    pub side: Side,
    /// Row written.
    pub row: RowId,
    /// What happened to it.
    pub kind: ChangeKind,
}

/// Applies a change made on `origin` (old and new versions of the row, keyed by the
/// integration key it had before) to the other side. `None` when nothing had to be written.
#[allow(clippy::too_many_arguments)]
pub fn apply_change(
    world: &mut World,
    map: &TableMap,
    origin: Side,
    old_key: &[Value],
    new_row: Option<&[Value]>,
    only: Option<&[String]>,
    available: Availability,
    journal: &mut Journal,
) -> Result<Option<Propagated>, SyncError> {
    let plan = Plan::new(world, map).map_err(invalid)?;
    let target = origin.other();
    let pair = plan.find_pair(target, old_key);
    match (new_row, pair) {
        (None, None) => Ok(None),
        (None, Some(id)) => {
            if available.down(target) {
                return Err(WriteError::Unavailable(target).into());
            }
            let name = plan.table(target).name.clone();
            world.put(target, &name, id, None, journal);
            Ok(Some(Propagated {
                side: target,
                row: id,
                kind: ChangeKind::Delete,
            }))
        }
        (Some(src), Some(id)) => {
            let mut row = plan.table(target).rows[&id].clone();
            plan.project(origin, src, &mut row, only)?;
            if row == plan.table(target).rows[&id] {
                return Ok(None);
            }
            write_row(world, map, target, id, row, available.down(target), journal)?;
            Ok(Some(Propagated {
                side: target,
                row: id,
                kind: ChangeKind::Update,
            }))
        }
        (Some(src), None) => {
            let mut row = vec![Value::Null; plan.table(target).columns.len()];
            plan.project(origin, src, &mut row, None)?;
            let id = world.next_id(target, map.table(target));
            write_row(world, map, target, id, row, available.down(target), journal)?;
            Ok(Some(Propagated {
                side: target,
                row: id,
                kind: ChangeKind::Create,
            }))
        }
    }
}

/// Plays back one queued change.
pub fn play_back(
    world: &mut World,
    map: &TableMap,
    change: &QueuedChange,
    available: Availability,
    journal: &mut Journal,
) -> Result<Option<Propagated>, SyncError> {
    let row = match &change.row {
        None => None,
        Some(cells) => {
            let table = world
                .table(change.origin, map.table(change.origin))
                .map_err(SyncError::Write)?;
            let mut row = vec![Value::Null; table.columns.len()];
            for (c, v) in cells {
                if let Some(p) = table.position(c) {
                    row[p] = v.clone();
                }
            }
            Some(row)
        }
    };
    apply_change(
        world,
        map,
        change.origin,
        &change.key,
        row.as_deref(),
        (change.kind == ChangeKind::Update).then_some(change.changed.as_slice()),
        available,
        journal,
    )
}
