//! Moving rows through a table map: the initial write, live writes and queue playback.
//!
//! A [`Plan`] is a map resolved against the tables (column positions, the integration
//! key); it is derived on demand and never stored.
//!
//! **Invariant:** every write goes through [`World::check_row`] and [`World::put`] with a
//! journal, so the caller can roll back a whole transaction on either side.

use imbl::Vector;
use serde::Serialize;
use smol_str::SmolStr;

use crate::error::{CommandError, SyncError, WriteError};
use crate::map::{
    ChangeKind, ColumnMapping, Conflict, Direction, Execution, ExecutionStatus, LegCounts, Queue,
    QueuedChange, RowError, TableMap, Transform,
};
use crate::value::{ColumnType, Value};
use crate::world::{Changed, Journal, RowId, Side, Table, TableRef, World};

/// A column mapping with its positions in both tables.
#[derive(Clone, Debug)]
pub struct Mapped<'a> {
    /// The mapping.
    pub mapping: &'a ColumnMapping,
    /// Position in the FinOps table.
    pub finops: usize,
    /// Position in the Dataverse table.
    pub dataverse: usize,
    /// The column names on both sides, FinOps first.
    names: [&'a str; 2],
    /// A default transform's value as the column it is written to holds it, by that side
    /// (FinOps first): an integer default written to a decimal column is a decimal, so that
    /// it compares equal to what the column holds (a file's `1.0` read from a parsed
    /// object is the integer 1).
    defaults: [Option<Value>; 2],
}

impl Mapped<'_> {
    fn pos(&self, side: Side) -> usize {
        match side {
            Side::FinOps => self.finops,
            Side::Dataverse => self.dataverse,
        }
    }

    /// Whether `only` (the source columns a change touched, `None` for all) includes the
    /// column this mapping reads on `from`.
    fn wanted(&self, from: Side, only: Option<&[SmolStr]>) -> bool {
        let name = self.names[from.index()];
        only.is_none_or(|cols| cols.iter().any(|n| n == name))
    }

    /// Whether a FinOps cell and a Dataverse cell agree through this mapping: one is
    /// what the mapping writes from the other, in either direction (a default written
    /// for an empty cell agrees with it).
    pub fn agrees(&self, finops: &Value, dataverse: &Value) -> bool {
        let same = |from: Side, value: &Value, other: &Value| {
            self.translate(from, value).is_ok_and(|v| v == other)
        };
        same(Side::FinOps, finops, dataverse) || same(Side::Dataverse, dataverse, finops)
    }

    /// Translates one value across the mapping, from `from` to the other side. The result
    /// is the value itself, the mapping's default or a value-map entry, so it is borrowed:
    /// a caller that only compares never copies.
    #[inline]
    pub fn translate<'s>(&'s self, from: Side, value: &'s Value) -> Result<&'s Value, SyncError> {
        match &self.mapping.transform {
            None => Ok(value),
            // The default as the column it goes to holds it (`defaults`).
            Some(Transform::Default(d)) => Ok(if value.is_empty() {
                self.defaults[from.other().index()].as_ref().unwrap_or(d)
            } else {
                value
            }),
            Some(Transform::ValueMap(pairs)) => through_value_map(self.mapping, pairs, from, value),
        }
    }

    /// The column this mapping names on `side`.
    pub fn name(&self, side: Side) -> &str {
        self.names[side.index()]
    }

    /// The cell this mapping reads on `side` in a new version of a row.
    fn read<'s>(&self, side: Side, source: Source<'s>) -> &'s Value {
        source.get(self.pos(side), self.names[side.index()])
    }
}

/// The new version of a changed row: a whole row, or the cells of a queued change by
/// column name (played back as they are, without building a row).
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// Cells in column order.
    Row(&'a [Value]),
    /// Cells by column name, usually in column order; a missing one is empty.
    Cells(&'a [(SmolStr, Value)]),
}

impl<'a> Source<'a> {
    /// The cell of the column at `position`, named `column`.
    fn get(self, position: usize, column: &str) -> &'a Value {
        const NULL: &Value = &Value::Null;
        match self {
            Source::Row(row) => row.get(position).unwrap_or(NULL),
            Source::Cells(cells) => match cells.get(position) {
                Some((name, v)) if name == column => v,
                _ => cells
                    .iter()
                    .find(|(name, _)| name == column)
                    .map_or(NULL, |(_, v)| v),
            },
        }
    }
}

/// Which mappings a change writes to the other side.
#[derive(Clone, Copy, Debug, Default)]
pub struct Only<'a> {
    /// The source columns the change touched; `None` for all.
    pub columns: Option<&'a [SmolStr]>,
    /// Mappings (places in [`Plan::columns`]) to leave alone: their target cell was
    /// changed later on the other side (see [`play_back`]).
    pub skip: &'a [usize],
}

impl Only<'_> {
    /// Every mapping.
    pub const ALL: Only<'static> = Only {
        columns: None,
        skip: &[],
    };

    fn wants(&self, place: usize, mapped: &Mapped, from: Side) -> bool {
        mapped.mapping.direction.flows_from(from)
            && mapped.wanted(from, self.columns)
            && !self.skip.contains(&place)
    }
}

/// A table map resolved against its two tables: positions only, no borrow of the world,
/// so one plan serves a whole operation while the world is written.
#[derive(Debug)]
pub struct Plan<'a> {
    /// The map.
    pub map: &'a TableMap,
    /// Column mappings with positions.
    pub columns: Vec<Mapped<'a>>,
    /// Integration key: (FinOps position, Dataverse position), in FinOps key order.
    pub key: Vec<(usize, usize)>,
    /// For each Dataverse alternate-key column, its place in the integration key.
    dataverse_key_order: Option<Vec<usize>>,
    /// The Dataverse columns the integration key maps to, for messages.
    dataverse_key_columns: Vec<String>,
    /// Number of columns of the FinOps and the Dataverse table.
    widths: [usize; 2],
    /// The places of the FinOps and the Dataverse table in their sides' tables (valid
    /// while no table is added, which no sync does).
    places: [usize; 2],
    /// For each side, the columns a row created there from the other side needs
    /// type-checked: those written through a transform or from a column of a type it
    /// does not take whole.
    create_checks: [Changed; 2],
}

impl<'a> Plan<'a> {
    /// Resolves a map; fails when a table or column is missing or a lookup field does not
    /// name a lookup column.
    pub fn new(world: &World, map: &'a TableMap) -> Result<Plan<'a>, CommandError> {
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
            let defaults = match &m.transform {
                Some(Transform::Default(value)) => [&finops.columns[f], &dataverse.columns[d]]
                    .map(|column| column.ty.check(value.clone()).ok()),
                _ => [None, None],
            };
            columns.push(Mapped {
                mapping: m,
                finops: f,
                dataverse: d,
                names: [m.finops.as_str(), dcol],
                defaults,
            });
        }
        for (side, table) in [(Side::FinOps, finops), (Side::Dataverse, dataverse)] {
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
        let dataverse_key_columns = key
            .iter()
            .map(|&(_, d)| dataverse.columns[d].name.clone())
            .collect();
        let place = |side: Side, name: &str| {
            world
                .tables(side)
                .position(name)
                .ok_or_else(|| invalid(format!("there is no table '{name}'")))
        };
        let places = [
            place(Side::FinOps, &map.finops_table)?,
            place(Side::Dataverse, &map.dataverse_table)?,
        ];
        let mut create_checks = [Changed::default(); 2];
        let tables = [finops, dataverse];
        for c in &columns {
            for from in Side::BOTH
                .into_iter()
                .filter(|&s| c.mapping.direction.flows_from(s))
            {
                let to = from.other();
                let source = &tables[from.index()].columns[c.pos(from)].ty;
                let target = &tables[to.index()].columns[c.pos(to)].ty;
                if c.mapping.transform.is_some() || !target.accepts_all_of(source) {
                    create_checks[to.index()].insert(c.pos(to));
                }
            }
        }
        Ok(Plan {
            map,
            columns,
            key,
            dataverse_key_order,
            dataverse_key_columns,
            widths: [finops.columns.len(), dataverse.columns.len()],
            create_checks,
            places,
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
            table: self.map.dataverse_table.clone(),
            columns: self.dataverse_key_columns.clone(),
        })
    }

    /// The map's table on a side.
    pub fn table<'w>(&self, world: &'w World, side: Side) -> Result<&'w Table, SyncError> {
        world
            .table(side, self.table_ref(side))
            .map_err(SyncError::Write)
    }

    /// The map's table on a side, by place.
    fn table_ref(&self, side: Side) -> TableRef<'static> {
        TableRef::At(self.places[side.index()])
    }

    /// An empty row of a side's table.
    fn empty_row(&self, side: Side) -> Vec<Value> {
        std::iter::repeat_with(|| Value::Null)
            .take(self.widths[side.index()])
            .collect()
    }

    /// The cells of a row created on `side` by this map that need a type check.
    fn create_checks(&self, side: Side) -> &Changed {
        &self.create_checks[side.index()]
    }

    /// The integration key of a row of a side.
    pub fn key_of(&self, side: Side, row: &[Value]) -> Vec<Value> {
        self.key
            .iter()
            .map(|&(f, d)| row[if side == Side::FinOps { f } else { d }].clone())
            .collect()
    }

    /// Whether a row of `table` (the map's table on `side`) is within the map's filter.
    pub fn in_scope(&self, table: &Table, side: Side, row: &[Value]) -> bool {
        self.map.filter(side).matches(|c| table.cell(row, c))
    }

    /// The row of a side's table paired with an integration key.
    pub fn find_pair(&self, table: &Table, side: Side, key: &[Value]) -> Option<RowId> {
        if key.len() != self.key.len() {
            return None;
        }
        match side {
            Side::FinOps => table.find_by_key(key),
            Side::Dataverse => {
                let order = self.dataverse_key_order.as_ref()?;
                if order.iter().enumerate().all(|(i, &o)| i == o) {
                    return table.find_by_key(key);
                }
                let k: Vec<Value> = order.iter().map(|&i| key[i].clone()).collect();
                table.find_by_key(&k)
            }
        }
    }

    /// Whether any column mapped from `side` differs between two versions of a row.
    pub fn mapped_change(&self, side: Side, old: &[Value], new: &[Value]) -> bool {
        self.columns
            .iter()
            .any(|c| c.mapping.direction.flows_from(side) && old[c.pos(side)] != new[c.pos(side)])
    }

    /// Writes the columns mapped from `from` into `target` (a copy of the row of the other
    /// side, or an empty row); with `only`, just those mappings.
    pub fn project(
        &self,
        from: Side,
        source: Source,
        target: &mut [Value],
        only: Only,
    ) -> Result<(), SyncError> {
        for (place, c) in self.columns.iter().enumerate() {
            if only.wants(place, c, from) {
                target[c.pos(from.other())] = c.translate(from, c.read(from, source))?.clone();
            }
        }
        Ok(())
    }

    /// The new version of `current` (a row of the other side) after a change of
    /// `source` on `from`, with the cells it changes; `None` when it changes none. With
    /// `only`, just the mappings of those source columns.
    pub fn project_update(
        &self,
        from: Side,
        source: Source,
        current: &[Value],
        only: Only,
        journal: &mut Journal,
    ) -> Result<Option<(Vec<Value>, Changed)>, SyncError> {
        let mut row: Option<Vec<Value>> = None;
        let mut changed = Changed::default();
        for (place, c) in self.columns.iter().enumerate() {
            if !only.wants(place, c, from) {
                continue;
            }
            let to = c.pos(from.other());
            let v = c.translate(from, c.read(from, source))?;
            // Copied on the first difference only.
            let now = row.as_ref().map_or(&current[to], |r| &r[to]);
            if *now != *v {
                row.get_or_insert_with(|| journal.copy_row(current))[to] = v.clone();
                changed.insert(to);
            }
        }
        Ok(row.map(|row| (row, changed)))
    }

    /// Writes a row to `side` after the checks of that side, naming failed lookups as the
    /// product does.
    /// With `changed`, only those cells differ from the row `id` as it is (see
    /// [`World::check_cells`]).
    #[allow(clippy::too_many_arguments)]
    pub fn write(
        &self,
        world: &mut World,
        side: Side,
        id: RowId,
        row: Vec<Value>,
        changed: Option<&Changed>,
        available: Availability,
        journal: &mut Journal,
    ) -> Result<(), SyncError> {
        available.check(side)?;
        let table = self.table_ref(side);
        let row = world
            .check_cells(side, table, Some(id), row, changed)
            .map_err(|e| self.name_lookup(side, e))?;
        world.put(side, table, id, Some(row), journal);
        Ok(())
    }

    /// A failed Dataverse lookup, named by its mapped field (`relationship.column`).
    fn name_lookup(&self, side: Side, e: WriteError) -> SyncError {
        match e {
            WriteError::LookupNotFound { field, value, .. } if side == Side::Dataverse => {
                let field = self
                    .columns
                    .iter()
                    .find(|c| c.mapping.dataverse_column() == field)
                    .map_or(field, |c| c.mapping.dataverse.clone());
                SyncError::LookupNotFound { field, value }
            }
            e => SyncError::Write(e),
        }
    }
}

/// [`Mapped::translate`] through a value map (kept out of line: most mappings have none).
fn through_value_map<'a>(
    m: &ColumnMapping,
    pairs: &'a [(Value, Value)],
    from: Side,
    value: &'a Value,
) -> Result<&'a Value, SyncError> {
    if value.is_empty() {
        return Ok(value);
    }
    let found = pairs.iter().find_map(|(f, d)| match from {
        Side::FinOps if f == value => Some(d),
        Side::Dataverse if d == value => Some(f),
        _ => None,
    });
    found.ok_or_else(|| SyncError::NoValueMapEntry {
        field: m.field(from).to_string(),
        value: value.to_string(),
    })
}

/// Checks the value maps and defaults of a map whose mappings are being set (a file
/// holding one that fails still loads, as it did before this check: the first pair wins).
pub fn check_value_maps(world: &World, map: &TableMap) -> Result<(), CommandError> {
    let plan = Plan::new(world, map)?;
    let [finops, dataverse] = [Side::FinOps, Side::Dataverse].map(|side| {
        world
            .tables(side)
            .get(map.table(side))
            .map(|t| &t.columns[..])
            .unwrap_or_default()
    });
    for c in &plan.columns {
        let types = [&finops[c.finops].ty, &dataverse[c.dataverse].ty];
        let refused = |what: &str, e: String| CommandError::InvalidMap {
            map: map.name.clone(),
            reason: format!("the {what} of '{}': {e}", c.mapping.finops),
        };
        match &c.mapping.transform {
            Some(Transform::ValueMap(pairs)) => {
                check_value_map(c.mapping, pairs, types)
                    .map_err(|(_, _, e)| refused("value map", e))?;
            }
            Some(Transform::Default(value)) => {
                check_default(c.mapping, value, types).map_err(|e| refused("default", e))?;
            }
            None => {}
        }
    }
    Ok(())
}

/// Checks a default against the columns its mapping flows to, which it is written to when
/// the source is empty: each must hold it. The refusal names the column.
pub(crate) fn check_default(
    m: &ColumnMapping,
    value: &Value,
    types: [&ColumnType; 2],
) -> Result<(), String> {
    for side in [Side::FinOps, Side::Dataverse] {
        if m.direction.flows_from(side.other()) {
            let column = m.field(side);
            types[side.index()]
                .check(value.clone())
                .map_err(|e| format!("'{value}' cannot be written to {column}: {e}"))?;
        }
    }
    Ok(())
}

/// Checks a value map against its two columns: each value is one its column holds, as
/// the column holds it (a label of its enum, an option of its option set, a decimal as a
/// decimal; a lookup's keys are data, not checked here), and on each side values flow
/// from, no value is paired twice, since a value must translate to one value. (A pair
/// with an empty side is refused where a mapping is typed, `locate::no_empty_transform`, not
/// here: logs written before that refusal hold some, and must replay.) A refusal names
/// the pair (from 0) and the side it is about, with its words.
pub(crate) fn check_value_map(
    m: &ColumnMapping,
    pairs: &[(Value, Value)],
    types: [&ColumnType; 2],
) -> Result<(), (usize, Side, String)> {
    for (i, pair) in pairs.iter().enumerate() {
        for (side, value, ty) in [
            (Side::FinOps, &pair.0, types[0]),
            (Side::Dataverse, &pair.1, types[1]),
        ] {
            if matches!(ty, ColumnType::Lookup { .. }) {
                continue;
            }
            match ty.check(value.clone()) {
                Ok(held) if held == *value => {}
                Ok(held) => {
                    return Err((
                        i,
                        side,
                        format!(
                            "pair {}, the {side} value {value} is held as {held} in its column: write it so",
                            i + 1
                        ),
                    ))
                }
                Err(e) => return Err((i, side, format!("pair {}, the {side} value: {e}", i + 1))),
            }
        }
    }
    for side in [Side::FinOps, Side::Dataverse] {
        if !m.direction.flows_from(side) {
            continue;
        }
        fn ends(side: Side, p: &(Value, Value)) -> (&Value, &Value) {
            match side {
                Side::FinOps => (&p.0, &p.1),
                Side::Dataverse => (&p.1, &p.0),
            }
        }
        for (i, pair) in pairs.iter().enumerate() {
            let (from, to) = ends(side, pair);
            if let Some(earlier) = pairs[..i].iter().find(|p| ends(side, p).0 == from) {
                return Err((
                    i,
                    side,
                    format!(
                        "the {side} value {from} is paired twice, with {} and with {to}; a value must translate to one value",
                        ends(side, earlier).1
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Which sides refuse writes, and how (the fault switches), as a sync sees them.
pub type Availability = crate::faults::Faults;

use crate::value::describe_key;

fn failing_field(plan: &Plan, target: Side, e: &SyncError) -> String {
    match e {
        SyncError::LookupNotFound { field, .. } | SyncError::NoValueMapEntry { field, .. } => {
            field.clone()
        }
        SyncError::Write(WriteError::LookupNotFound { field, .. })
        | SyncError::Write(WriteError::BadValue { column: field, .. })
        | SyncError::Write(WriteError::EmptyKey { column: field, .. }) => field.clone(),
        SyncError::Write(_) | SyncError::InvalidMap(_) => plan.map.table(target).to_string(),
    }
}

/// An initial sync under way: it reads a batch of rows a tick (`rows_per_tick`), writing
/// as it goes, so a trainee sees the other side fill up. Saved with the map's status.
///
/// It reads the FinOps rows in scope, in id order, pairing each with its Dataverse row by
/// key (the master settles conflicts; a pair outside the Dataverse filter is updated one
/// way) or creating it there; then the Dataverse rows in scope that no FinOps row in scope
/// pairs with, updating their pair outside the FinOps filter or creating it on FinOps.
/// Rows are read up to the ids the sides had when it began; rows users write meanwhile are
/// listed and synced again at the end, as an initial sync would sync them. With no writes
/// meanwhile it gives the same rows, counts, conflicts and errors as reading everything at
/// once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InitialWork {
    /// The execution so far.
    pub execution: Execution,
    /// The side whose rows are being read: FinOps first, then Dataverse.
    pub leg: Side,
    /// The id of the last row of that side read (0 before the first).
    pub after: u32,
    /// The ids each side (FinOps, Dataverse) would give next when the sync began: rows
    /// from there on were created meanwhile.
    pub limits: [u32; 2],
    /// Keys of rows users wrote during the sync, by the side they wrote.
    #[serde(skip_serializing_if = "Vector::is_empty")]
    pub written: Vector<(Side, Vec<Value>)>,
}

impl InitialWork {
    /// Begins an initial sync of `map` settled by `master`, as execution `id`.
    pub fn start(
        world: &World,
        map: &TableMap,
        master: Side,
        id: String,
        time: u64,
    ) -> Result<InitialWork, CommandError> {
        let plan = Plan::new(world, map)?;
        let next = |side| plan.table(world, side).map_or(0, |t| t.next_id);
        Ok(InitialWork {
            execution: Execution {
                id,
                time,
                master,
                to_dataverse: LegCounts::default(),
                to_finops: LegCounts::default(),
                conflicts: Vector::new(),
                errors: Vector::new(),
                status: ExecutionStatus::Completed,
            },
            leg: Side::FinOps,
            after: 0,
            limits: [next(Side::FinOps), next(Side::Dataverse)],
            written: Vector::new(),
        })
    }

    /// Notes a user's write of the row with this key on `side` during the sync.
    pub fn note_written(&mut self, side: Side, key: Vec<Value>) {
        if !self.written.iter().any(|(s, k)| *s == side && *k == key) {
            self.written.push_back((side, key));
        }
    }
}

/// Reads up to `budget` rows in scope of an initial sync under way, writing what they
/// need; returns the rows read and whether the sync is done (its execution then complete).
pub fn initial_sync_step(
    world: &mut World,
    map: &TableMap,
    work: &mut InitialWork,
    budget: u64,
    available: Availability,
) -> Result<(u64, bool), CommandError> {
    let plan = Plan::new(world, map)?;
    let master = work.execution.master;
    let mut journal = Journal::default();
    let mut read = 0;
    while read < budget {
        let side = work.leg;
        // The next rows of this leg in scope, before the limit (ids first: the batch
        // writes the tables it reads).
        let ids = next_in_scope(&plan, world, side, work, budget - read);
        if ids.is_empty() {
            match side {
                Side::FinOps => {
                    work.leg = Side::Dataverse;
                    work.after = 0;
                    continue;
                }
                Side::Dataverse => break,
            }
        }
        // At most every unpaired row of the batch is created on the other side.
        world.reserve(side.other(), map.table(side.other()), ids.len());
        for id in ids {
            work.after = id.0;
            read += 1;
            match side {
                Side::FinOps => {
                    work.execution.to_dataverse.read += 1;
                    let dv = pair_of(&plan, world, Side::FinOps, id);
                    sync_rows(
                        &plan,
                        world,
                        master,
                        available,
                        Some(id),
                        dv,
                        work,
                        &mut journal,
                    );
                }
                Side::Dataverse => {
                    work.execution.to_finops.read += 1;
                    // A pair in scope on FinOps was synced with it on the first leg.
                    let fin = pair_of(&plan, world, Side::Dataverse, id);
                    if !fin.is_some_and(|f| in_scope_at(&plan, world, Side::FinOps, f)) {
                        sync_rows(
                            &plan,
                            world,
                            master,
                            available,
                            fin,
                            Some(id),
                            work,
                            &mut journal,
                        );
                    }
                }
            }
        }
    }
    if work.leg == Side::FinOps || !next_in_scope(&plan, world, Side::Dataverse, work, 1).is_empty()
    {
        return Ok((read, false));
    }
    // Rows users wrote meanwhile, synced as an initial sync syncs a row.
    for (_, key) in std::mem::take(&mut work.written).iter() {
        let find = |world: &World, side: Side| {
            plan.table(world, side)
                .ok()
                .and_then(|t| plan.find_pair(t, side, key))
        };
        let (fin, dv) = (find(world, Side::FinOps), find(world, Side::Dataverse));
        sync_rows(&plan, world, master, available, fin, dv, work, &mut journal);
    }
    if !work.execution.errors.is_empty() {
        work.execution.status = ExecutionStatus::Error;
    }
    Ok((read, true))
}

/// Up to `n` ids of the rows of `side` in scope after the last one read, before the limit.
fn next_in_scope(plan: &Plan, world: &World, side: Side, work: &InitialWork, n: u64) -> Vec<RowId> {
    let Ok(t) = plan.table(world, side) else {
        return Vec::new();
    };
    let limit = work.limits[side.index()];
    let after = if work.leg == side { work.after } else { 0 };
    t.rows
        .iter_after(RowId(after))
        .take_while(|(id, _)| id.0 < limit)
        .filter(|(_, r)| plan.in_scope(t, side, r))
        .take(usize::try_from(n).unwrap_or(usize::MAX))
        .map(|(id, _)| *id)
        .collect()
}

/// Whether the row `id` of `side` is within the map's filter there.
fn in_scope_at(plan: &Plan, world: &World, side: Side, id: RowId) -> bool {
    plan.table(world, side)
        .ok()
        .and_then(|t| Some(plan.in_scope(t, side, t.rows.get(&id)?)))
        .unwrap_or(false)
}

/// The row on the other side paired with the row `id` of `side`: found by the integration
/// key alone, in the other side's filter or not, as a live write finds it (an upsert by
/// alternate key).
fn pair_of(plan: &Plan, world: &World, side: Side, id: RowId) -> Option<RowId> {
    let own = plan.table(world, side).ok()?.rows.get(&id)?;
    let other = plan.table(world, side.other()).ok()?;
    // A one-column key is looked up in place; longer ones are gathered first.
    match plan.key.as_slice() {
        [(f, d)] => {
            let p = if side == Side::FinOps { *f } else { *d };
            plan.find_pair(other, side.other(), std::slice::from_ref(&own[p]))
        }
        _ => plan.find_pair(other, side.other(), &plan.key_of(side, own)),
    }
}

/// Syncs the rows of one integration key as its own transaction, recording what it did in
/// the execution. `fin` and `dv` are the key's rows on each side, within the map's filter
/// there or not (model choice, ARCHITECTURE.md): the filters say which rows the sync
/// reads, and a row read finds its pair by the key alone, as a live write does (an upsert
/// by alternate key). A pair read on both sides is merged, the master settling conflicts;
/// a pair outside its own side's filter is updated from the row read, one way (its side's
/// row is not read, so there is no conflict); a row read with no pair is created.
#[allow(clippy::too_many_arguments)]
fn sync_rows(
    plan: &Plan,
    world: &mut World,
    master: Side,
    available: Availability,
    fin: Option<RowId>,
    dv: Option<RowId>,
    work: &mut InitialWork,
    journal: &mut Journal,
) {
    let exec = &mut work.execution;
    let fin_read = fin.filter(|&f| in_scope_at(plan, world, Side::FinOps, f));
    let dv_read = dv.filter(|&d| in_scope_at(plan, world, Side::Dataverse, d));
    // The row read (FinOps' when both are) and its pair, if any.
    let (source, id, pair) = match (fin_read, dv_read) {
        (Some(f), _) => (Side::FinOps, f, dv),
        (None, Some(d)) => (Side::Dataverse, d, fin),
        (None, None) => return,
    };
    let target = source.other();
    // A side with a fault can no more be read than written (an outage, throttling, a bad
    // gateway, a refused sign-in): the row fails as its write would, even when nothing
    // needs writing (model choice: the fault switches stand for the service failing).
    let down = [target, source]
        .into_iter()
        .find_map(|side| available.check(side).err());
    let outcome = match (down, fin_read, dv_read, pair) {
        (Some(e), ..) => Err((target, SyncError::from(e))),
        (None, Some(f), Some(d), _) => {
            sync_pair(plan, world, master, available, f, d, exec, journal)
        }
        (None, _, _, Some(onto)) => update_from(plan, world, source, id, onto, available, journal)
            .map(|written| leg_to(exec, target).updated += u64::from(written))
            .map_err(|e| (target, e)),
        (None, _, _, None) => create_from(plan, world, source, id, available, journal)
            .map(|()| leg_to(exec, target).created += 1)
            .map_err(|e| (target, e)),
    };
    match outcome {
        Ok(()) => journal.commit(),
        Err((target, e)) => {
            world.roll_back(journal);
            let key = plan
                .table(world, source)
                .ok()
                .and_then(|t| t.rows.get(&id))
                .map(|r| plan.key_of(source, r))
                .unwrap_or_default();
            record_failure(exec, plan, target, &key, &e);
        }
    }
}

/// The counts of the leg that writes `target`.
fn leg_to(exec: &mut Execution, target: Side) -> &mut LegCounts {
    match target {
        Side::Dataverse => &mut exec.to_dataverse,
        Side::FinOps => &mut exec.to_finops,
    }
}

fn record_failure(exec: &mut Execution, plan: &Plan, target: Side, key: &[Value], e: &SyncError) {
    leg_to(exec, target).failed += 1;
    exec.errors.push_back(RowError {
        source: target.other(),
        key: describe_key(key),
        field: failing_field(plan, target, e),
        message: e.to_string(),
    });
}

/// Syncs a FinOps row with its Dataverse pair: the master settles both-way columns,
/// one-way columns come from their source. On error, names the side that failed.
#[allow(clippy::too_many_arguments)]
fn sync_pair(
    plan: &Plan,
    world: &mut World,
    master: Side,
    available: Availability,
    fin_id: RowId,
    dv_id: RowId,
    exec: &mut Execution,
    journal: &mut Journal,
) -> Result<(), (Side, SyncError)> {
    let (new_fin, new_dv, conflicts) = {
        let fin = &plan
            .table(world, Side::FinOps)
            .map_err(|e| (Side::FinOps, e))?
            .rows[&fin_id];
        let dv = &plan
            .table(world, Side::Dataverse)
            .map_err(|e| (Side::Dataverse, e))?
            .rows[&dv_id];
        // Copies are made on the first change only: most pairs are already equal.
        let mut new_fin: Option<(Vec<Value>, Changed)> = None;
        let mut new_dv: Option<(Vec<Value>, Changed)> = None;
        let set = |slot: &mut Option<(Vec<Value>, Changed)>,
                   original: &[Value],
                   pos: usize,
                   v: &Value| {
            if original[pos] != *v {
                let (row, changed) =
                    slot.get_or_insert_with(|| (original.to_vec(), Changed::default()));
                row[pos] = v.clone();
                changed.insert(pos);
            }
        };
        let mut key = None;
        // Recorded once the pair is written: a row that fails is rolled back, and its
        // conflicts were never settled.
        let mut conflicts = Vec::new();
        for c in &plan.columns {
            let m = c.mapping;
            let (f, d) = (&fin[c.finops], &dv[c.dataverse]);
            match m.direction {
                Direction::Both => {
                    let f_as_dv = c
                        .translate(Side::FinOps, f)
                        .map_err(|e| (Side::Dataverse, e))?;
                    if f_as_dv == d {
                        continue;
                    }
                    let key =
                        key.get_or_insert_with(|| describe_key(&plan.key_of(Side::FinOps, fin)));
                    conflicts.push(Conflict {
                        key: key.clone(),
                        column: m.label(),
                        finops: f.clone(),
                        dataverse: d.clone(),
                        winner: master,
                    });
                    match master {
                        Side::FinOps => set(&mut new_dv, dv, c.dataverse, f_as_dv),
                        Side::Dataverse => {
                            let d_as_fin = c
                                .translate(Side::Dataverse, d)
                                .map_err(|e| (Side::FinOps, e))?;
                            set(&mut new_fin, fin, c.finops, d_as_fin)
                        }
                    }
                }
                Direction::ToDataverse => {
                    let v = c
                        .translate(Side::FinOps, f)
                        .map_err(|e| (Side::Dataverse, e))?;
                    set(&mut new_dv, dv, c.dataverse, v)
                }
                Direction::ToFinOps => {
                    let v = c
                        .translate(Side::Dataverse, d)
                        .map_err(|e| (Side::FinOps, e))?;
                    set(&mut new_fin, fin, c.finops, v)
                }
            }
        }
        (new_fin, new_dv, conflicts)
    };
    let written = [
        (Side::Dataverse, dv_id, new_dv),
        (Side::FinOps, fin_id, new_fin),
    ];
    let mut updated = [false; 2];
    for ((side, id, new), done) in written.into_iter().zip(&mut updated) {
        if let Some((row, changed)) = new {
            plan.write(world, side, id, row, Some(&changed), available, journal)
                .map_err(|e| (side, e))?;
            *done = true;
        }
    }
    // Counted, like the conflicts, once the whole pair is written.
    exec.to_dataverse.updated += u64::from(updated[0]);
    exec.to_finops.updated += u64::from(updated[1]);
    exec.conflicts.extend(conflicts);
    Ok(())
}

/// Updates `onto`, the pair of the row `id` of `from` outside its own side's filter, from
/// that row: the columns mapped from `from`, as a live write of the whole row would.
/// Whether it changed a cell.
fn update_from(
    plan: &Plan,
    world: &mut World,
    from: Side,
    id: RowId,
    onto: RowId,
    available: Availability,
    journal: &mut Journal,
) -> Result<bool, SyncError> {
    let source = plan
        .table(world, from)?
        .rows
        .get(&id)
        .ok_or_else(|| WriteError::UnknownRow {
            table: plan.map.table(from).to_string(),
            row: id.to_string(),
        })?
        .clone();
    let written = apply_change_to(
        plan,
        world,
        from,
        Some(onto),
        Some(Source::Row(&source)),
        Only::ALL,
        available,
        journal,
    )?;
    Ok(written.is_some())
}

/// Creates on the other side the row `id` of `from`.
fn create_from(
    plan: &Plan,
    world: &mut World,
    from: Side,
    id: RowId,
    available: Availability,
    journal: &mut Journal,
) -> Result<(), SyncError> {
    let to = from.other();
    let mut row = plan.empty_row(to);
    {
        let source =
            plan.table(world, from)?
                .rows
                .get(&id)
                .ok_or_else(|| WriteError::UnknownRow {
                    table: plan.map.table(from).to_string(),
                    row: id.to_string(),
                })?;
        plan.project(from, Source::Row(source), &mut row, Only::ALL)?;
    }
    let new_id = RowId(plan.table(world, to)?.next_id);
    plan.write(
        world,
        to,
        new_id,
        row,
        Some(plan.create_checks(to)),
        available,
        journal,
    )
}

/// What a live write or a queued change did on the other side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Propagated {
    /// Side written.
    pub side: Side,
    /// Row written.
    pub row: RowId,
    /// What happened to it.
    pub kind: ChangeKind,
}

/// Applies a change made on `origin` (the new version of the row, or `None` for a
/// delete; the pair is found by the integration key the row had before) to the other
/// side. With `only`, just those source columns are written to an existing pair.
/// `None` when nothing had to be written.
#[allow(clippy::too_many_arguments)]
pub fn apply_change(
    plan: &Plan,
    world: &mut World,
    origin: Side,
    old_key: &[Value],
    new_row: Option<Source>,
    only: Only,
    available: Availability,
    journal: &mut Journal,
) -> Result<Option<Propagated>, SyncError> {
    let target = origin.other();
    let pair = plan.find_pair(plan.table(world, target)?, target, old_key);
    apply_change_to(plan, world, origin, pair, new_row, only, available, journal)
}

/// [`apply_change`] to the pair found already (`None`: the row has no pair).
#[allow(clippy::too_many_arguments)]
fn apply_change_to(
    plan: &Plan,
    world: &mut World,
    origin: Side,
    pair: Option<RowId>,
    new_row: Option<Source>,
    only: Only,
    available: Availability,
    journal: &mut Journal,
) -> Result<Option<Propagated>, SyncError> {
    let target = origin.other();
    let target_table = plan.table(world, target)?;
    let (row, kind, id, changed) = match (new_row, pair) {
        (None, None) => return Ok(None),
        (None, Some(id)) => {
            available.check(target)?;
            world.put(target, plan.table_ref(target), id, None, journal);
            return Ok(Some(Propagated {
                side: target,
                row: id,
                kind: ChangeKind::Delete,
            }));
        }
        (Some(src), Some(id)) => {
            let current = &target_table.rows[&id];
            match plan.project_update(origin, src, current, only, journal)? {
                None => return Ok(None),
                Some((row, changed)) => (row, ChangeKind::Update, id, Some(changed)),
            }
        }
        (Some(src), None) => {
            let mut row = plan.empty_row(target);
            // A row created from a change takes every mapped column (a live update of a
            // row whose pair is missing creates it whole).
            plan.project(origin, src, &mut row, Only::ALL)?;
            let checks = Some(*plan.create_checks(target));
            (row, ChangeKind::Create, RowId(target_table.next_id), checks)
        }
    };
    plan.write(world, target, id, row, changed.as_ref(), available, journal)?;
    Ok(Some(Propagated {
        side: target,
        row: id,
        kind,
    }))
}

/// A cell of a queued change that was not played back because the target side changed
/// it later in the same queue (the most recent change wins, column by column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupersededCell {
    /// The mapping (`ORGANIZATIONNAME = name`), or `None` when a whole delete was
    /// superseded.
    pub mapping: Option<String>,
    /// The value the queued change carried (on its own side; empty for a delete).
    pub queued: Value,
    /// The value the target side has now (empty when the row is gone there).
    pub kept: Value,
    /// The number of the later change of the target side that wins.
    pub by: u64,
}

/// A queued change's row as it is now on its own side.
enum Now {
    Row(Vec<Value>),
    Cells(Vec<(SmolStr, Value)>),
}

/// What playing back a queued change did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Played {
    /// What was written on the other side, if anything.
    pub written: Option<Propagated>,
    /// The cells a later change on the target side superseded.
    pub superseded: Vec<SupersededCell>,
}

/// Plays back one queued change as its own transaction: committed when it succeeds,
/// rolled back when it fails.
///
/// With the queue it came from (a catch-up), a cell that the target side changed later in
/// that queue is not written: that later change will itself be played back, so the most
/// recent change wins on both sides, column by column. A delete that the target side
/// followed with a change of its own is not played at all, nor is a change whose every
/// cell is superseded. A retried catch-up error (no queue) is played as it is.
pub fn play_back(
    plan: &Plan,
    world: &mut World,
    change: &QueuedChange,
    queue: Option<&Queue>,
    available: Availability,
    journal: &mut Journal,
) -> Result<Played, SyncError> {
    let origin = change.origin;
    let target = origin.other();
    let own_table = plan.table(world, origin)?;
    let own = plan
        .find_pair(own_table, origin, &change.key)
        .map(|id| &own_table.rows[&id]);
    // A change is played only while its row is as the change left it on its own side:
    // there for a create or an update, gone for a delete. Otherwise a later change of
    // that side (queued, or for a retry already synced) says what the row is now.
    if own.is_some() == (change.kind == ChangeKind::Delete) {
        return Ok(Played::default());
    }
    let target_table = plan.table(world, target)?;
    let pair = plan.find_pair(target_table, target, &change.key);
    let only_columns = (change.kind == ChangeKind::Update).then_some(change.changed.as_slice());
    let mut skip = Vec::new();
    let mut superseded = Vec::new();
    // Only when the target side changed this row in the queue is a cell looked at one by
    // one (and superseded only by a change numbered after this one).
    if let Some(later) = queue.and_then(|q| q.later_changes(target, &change.key)) {
        if change.kind == ChangeKind::Delete {
            if let Some(by) = later.supersede(None, change.seq) {
                superseded.push(SupersededCell {
                    mapping: None,
                    queued: Value::Null,
                    kept: Value::Null,
                    by,
                });
                return Ok(Played {
                    written: None,
                    superseded,
                });
            }
        } else {
            let source = change.row.as_deref().map(Source::Cells);
            let kept = pair.map(|id| &target_table.rows[&id]);
            let wants = Only {
                columns: only_columns,
                skip: &[],
            };
            let mut wanted = 0;
            for (place, c) in plan.columns.iter().enumerate() {
                if !wants.wants(place, c, origin) {
                    continue;
                }
                wanted += 1;
                if let Some(by) = later.supersede(Some(c.name(target)), change.seq) {
                    skip.push(place);
                    superseded.push(SupersededCell {
                        mapping: Some(c.mapping.label()),
                        queued: source.map_or(Value::Null, |s| c.read(origin, s).clone()),
                        kept: kept.map_or(Value::Null, |r| r[c.pos(target)].clone()),
                        by,
                    });
                }
            }
            if wanted > 0 && skip.len() == wanted {
                return Ok(Played {
                    written: None,
                    superseded,
                });
            }
        }
    }
    // The change carries the cells as they were when it was made; it plays back the cells
    // of its row as they are now on its own side. For the cells it changed that is the
    // same value (a later change of its own side to them is still queued and carries the
    // value they have now; a change of the other side to them was superseded), and the
    // rest of the row may have changed since: a change whose row is missing on the target
    // creates it there whole, as it is now.
    // A row that has left its filter since keeps its later changes to itself (they were
    // not queued): the change then plays the cells it carried.
    let own = own.filter(|row| plan.in_scope(own_table, origin, row));
    let now: Option<Now> = own.map(|row| match only_columns {
        Some(columns) if pair.is_some() => Now::Cells(
            columns
                .iter()
                .filter_map(|name| {
                    own_table
                        .position(name)
                        .map(|p| (name.clone(), row[p].clone()))
                })
                .collect(),
        ),
        _ => Now::Row(row.clone()),
    });
    let source = match &now {
        Some(Now::Row(row)) => Some(Source::Row(row)),
        Some(Now::Cells(cells)) => Some(Source::Cells(cells)),
        None => change.row.as_deref().map(Source::Cells),
    };
    let result = apply_change_to(
        plan,
        world,
        origin,
        pair,
        source,
        Only {
            columns: only_columns,
            skip: &skip,
        },
        available,
        journal,
    );
    match result {
        Ok(written) => {
            journal.commit();
            Ok(Played {
                written,
                superseded,
            })
        }
        Err(e) => {
            world.roll_back(journal);
            Err(e)
        }
    }
}
