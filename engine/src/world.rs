//! The two systems and their tables: schemas, rows, and the checks every write passes.
//!
//! **Invariant:** a table's key columns are unique among its rows after every write;
//! every cell has its column's type; every non-empty lookup cell pointed at an existing
//! row on the same side when it was written (deleting that row later leaves it as it is).
//! Writes go through [`World::put`], which keeps the key index and the undo journal in
//! step; a write that changes some cells of a row type-checks just those
//! ([`World::check_cells`]).

use std::fmt;
use std::hash::{Hash, Hasher};

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use serde::Serialize;

use crate::error::WriteError;
pub use crate::rows::Rows;
pub use crate::tables::{TableRef, Tables};
use crate::value::{ColumnType, Value};

/// One of the two systems dual-write links.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Side {
    /// Finance and operations apps: data entities striped by company.
    FinOps,
    /// Dataverse: tables with alternate keys.
    Dataverse,
}

impl Side {
    /// The other system.
    pub fn other(self) -> Side {
        match self {
            Side::FinOps => Side::Dataverse,
            Side::Dataverse => Side::FinOps,
        }
    }

    /// Both sides, FinOps first.
    pub const BOTH: [Side; 2] = [Side::FinOps, Side::Dataverse];

    /// The side's place in [`Side::BOTH`], for per-side arrays.
    pub fn index(self) -> usize {
        match self {
            Side::FinOps => 0,
            Side::Dataverse => 1,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::FinOps => "Finance and operations apps",
            Side::Dataverse => "Dataverse",
        })
    }
}

/// Identity of a row within its table; never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RowId(pub u32);

impl fmt::Display for RowId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Column name, unique in its table.
    pub name: String,
    /// Type checked on every write.
    #[serde(flatten)]
    pub ty: ColumnType,
}

/// A table on one side: its schema and its rows.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Table name (`CustomersV3`, `accounts`).
    pub name: String,
    /// Name shown to people (`Customers V3`).
    pub label: String,
    /// Columns in display order.
    pub columns: Vec<Column>,
    /// Key columns: the entity key on FinOps, the alternate key on Dataverse. Empty means
    /// the table has no such key (a Dataverse table without alternate key).
    pub key: Vec<String>,
    /// The column holding the company, for company-specific tables.
    pub company: Option<String>,
    /// Rows by identity, in id (creation) order. Code that changes them directly calls
    /// [`Table::reindex`] afterwards.
    pub rows: Rows,
    /// Identity the next created row gets.
    pub next_id: u32,
    key_positions: Vec<usize>,
    /// Key index: the slots of the rows (see [`Rows`]) with the hashes of their keys. It
    /// stores no copy of the keys, and growing it reads no row.
    index: HashTable<Indexed>,
    /// Writes to the rows so far (see [`Table::changes`]); not part of the table's value.
    changes: u64,
}

/// An entry of a table's key index.
#[derive(Clone, Copy, Debug)]
struct Indexed {
    slot: u32,
    hash: u64,
}

/// The entry in `index` of the row whose key (hashed to `hash`) `is_key` accepts.
fn find_indexed(
    index: &HashTable<Indexed>,
    rows: &Rows,
    hash: u64,
    is_key: impl Fn(&[Value]) -> bool,
) -> Option<Indexed> {
    index
        .find(hash, |e| {
            e.hash == hash && rows.at(e.slot).is_some_and(|(_, r)| is_key(r))
        })
        .copied()
}

/// Hash of a key given as its values in key order; the same for a key slice and for the
/// key columns of a row.
fn hash_key<'a>(values: impl IntoIterator<Item = &'a Value>) -> u64 {
    let mut h = FxHasher::default();
    for v in values {
        v.hash(&mut h);
    }
    h.finish()
}

impl PartialEq for Table {
    fn eq(&self, other: &Table) -> bool {
        self.name == other.name
            && self.label == other.label
            && self.columns == other.columns
            && self.key == other.key
            && self.company == other.company
            && self.rows == other.rows
            && self.next_id == other.next_id
    }
}

impl Table {
    /// A new empty table. Fails when a key or company column is not a column.
    pub fn new(
        name: impl Into<String>,
        label: impl Into<String>,
        columns: Vec<Column>,
        key: Vec<String>,
        company: Option<String>,
    ) -> Result<Table, String> {
        let mut t = Table {
            name: name.into(),
            label: label.into(),
            columns,
            key,
            company,
            rows: Rows::default(),
            next_id: 1,
            key_positions: Vec::new(),
            index: HashTable::new(),
            changes: 0,
        };
        t.reindex()?;
        Ok(t)
    }

    /// The row whose key is these values, each read as its key column reads input (so
    /// `10` finds the text key `"10"`); `None` when the number of values is not the key's.
    pub fn find_by_key_values(&self, key: &[Value]) -> Option<RowId> {
        if key.len() != self.key.len() {
            return None;
        }
        let canon: Vec<Value> = self
            .key
            .iter()
            .zip(key)
            .map(|(k, v)| {
                self.column(k)
                    .and_then(|c| c.ty.check(v.clone()).ok())
                    .unwrap_or_else(|| v.clone())
            })
            .collect();
        self.find_by_key(&canon)
    }

    /// Whether none of the row's key cells is empty.
    pub fn has_full_key(&self, row: &[Value]) -> bool {
        self.key_positions.iter().all(|&p| !row[p].is_empty())
    }

    /// Position of a column.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == column)
    }

    /// The column of that name.
    pub fn column(&self, column: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == column)
    }

    /// The fields a column mapping can name on this table, on `side`: each column, and on
    /// Dataverse a lookup as `column.target_column` (how the product writes it).
    pub fn mapping_fields(&self, side: Side) -> Vec<String> {
        self.columns
            .iter()
            .map(|c| match (&c.ty, side) {
                (ColumnType::Lookup { column, .. }, Side::Dataverse) => {
                    format!("{}.{column}", c.name)
                }
                _ => c.name.clone(),
            })
            .collect()
    }

    /// The value of a column in a row (null where the column does not exist).
    pub fn cell<'a>(&self, row: &'a [Value], column: &str) -> &'a Value {
        const NULL: &Value = &Value::Null;
        self.position(column)
            .and_then(|p| row.get(p))
            .unwrap_or(NULL)
    }

    /// The key of a row, or `None` when the table has no key.
    pub fn key_of(&self, row: &[Value]) -> Option<Vec<Value>> {
        if self.key_positions.is_empty() {
            return None;
        }
        Some(self.key_positions.iter().map(|&p| row[p].clone()).collect())
    }

    /// The row with that key.
    pub fn find_by_key(&self, key: &[Value]) -> Option<RowId> {
        if key.is_empty() || key.len() != self.key_positions.len() {
            return None;
        }
        let positions = &self.key_positions;
        let found = find_indexed(&self.index, &self.rows, hash_key(key), |r| {
            positions.iter().zip(key).all(|(&p, k)| r[p] == *k)
        })?;
        self.rows.at(found.slot).map(|(id, _)| id)
    }

    /// Human-readable identity of a row: its key values, or its id.
    pub fn describe(&self, id: RowId, row: &[Value]) -> String {
        let mut text = String::new();
        self.describe_into(&mut text, id, row);
        text
    }

    /// [`Table::describe`] written into `text` (cleared first), so that a pass over many
    /// rows reuses one buffer.
    fn describe_into(&self, text: &mut String, id: RowId, row: &[Value]) {
        use std::fmt::Write;
        text.clear();
        if self.key_positions.is_empty() {
            let _ = write!(text, "{id}");
        }
        for (i, &p) in self.key_positions.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            // Text as it is (most keys): no formatting machinery per row.
            match &row[p] {
                Value::Text(s) => text.push_str(s),
                v => {
                    let _ = write!(text, "{v}");
                }
            }
        }
    }

    /// The rows whose identity as the grids show it ([`Table::describe`]: the key values,
    /// `US-001, usmf`) contains `text`, ignoring case, in id order: the grids' find box.
    /// One pass with one buffer: it costs the rows it reads, not an allocation each.
    pub fn rows_described_containing(&self, text: &str) -> Vec<RowId> {
        let Some(needle) = crate::value::find_needle(text) else {
            return self.rows.keys().copied().collect();
        };
        let mut buffer = String::new();
        self.rows
            .iter()
            .filter(|(id, row)| {
                self.describe_into(&mut buffer, **id, row);
                crate::value::lowered_contains(&mut buffer, &needle)
            })
            .map(|(id, _)| *id)
            .collect()
    }

    /// How many times the rows were written (a row set, deleted, put back by an undo, or
    /// the rows rebuilt): it only grows, so a view that keeps something computed from the
    /// rows (a grid's sort order) knows when to compute it again. Equality ignores it: two
    /// tables with the same rows are equal however they got them.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// Rebuilds the key index from the rows; fails on a duplicate key or a bad schema.
    pub fn reindex(&mut self) -> Result<(), String> {
        self.changes += 1;
        let mut seen = std::collections::HashSet::new();
        for c in &self.columns {
            if !seen.insert(c.name.as_str()) {
                return Err(format!("column '{}' is defined twice", c.name));
            }
        }
        self.key_positions = self
            .key
            .iter()
            .map(|k| {
                self.position(k)
                    .ok_or_else(|| format!("key column '{k}' is not a column"))
            })
            .collect::<Result<_, _>>()?;
        if let Some(c) = &self.company {
            if self.position(c).is_none() {
                return Err(format!("company column '{c}' is not a column"));
            }
        }
        if let Some((id, _)) = self
            .rows
            .iter()
            .find(|(_, r)| r.len() != self.columns.len())
        {
            return Err(format!("row {id} has the wrong number of cells"));
        }
        self.rows.compact();
        match self.build_index() {
            Some(id) => Err(format!(
                "duplicate key ({})",
                self.describe(id, &self.rows[&id])
            )),
            None => Ok(()),
        }
    }

    /// Builds the key index from the rows; returns the first row whose key an earlier
    /// row has (the index then holds both).
    fn build_index(&mut self) -> Option<RowId> {
        let mut index = HashTable::with_capacity(self.rows.len());
        let mut duplicate = None;
        if !self.key_positions.is_empty() {
            let positions = &self.key_positions;
            for (slot, row) in self.rows.slots() {
                let hash = hash_key(positions.iter().map(|&p| &row[p]));
                let seen = find_indexed(&index, &self.rows, hash, |r| {
                    positions.iter().all(|&p| r[p] == row[p])
                });
                if seen.is_some() && duplicate.is_none() {
                    duplicate = self.rows.at(slot).map(|(id, _)| id);
                }
                index.insert_unique(hash, Indexed { slot, hash }, |e| e.hash);
            }
        }
        self.index = index;
        duplicate
    }

    /// Hash of a row's key.
    fn row_hash(&self, row: &[Value]) -> u64 {
        hash_key(self.key_positions.iter().map(|&p| &row[p]))
    }

    /// Whether two rows have the same key (compared in place, without building keys).
    fn same_key(&self, a: &[Value], b: &[Value]) -> bool {
        self.key_positions.iter().all(|&p| a[p] == b[p])
    }

    /// The row whose key equals the key columns of `row` (compared in place, without
    /// building the key). `None` when the table has no key.
    fn find_by_row_key(&self, row: &[Value]) -> Option<RowId> {
        if self.key_positions.is_empty() {
            return None;
        }
        let found = find_indexed(&self.index, &self.rows, self.row_hash(row), |r| {
            self.same_key(r, row)
        })?;
        self.rows.at(found.slot).map(|(id, _)| id)
    }

    /// Writes (or with `None` deletes) the row of an id, keeping the key index in step;
    /// returns the row it replaces.
    fn set(&mut self, id: RowId, new: Option<Vec<Value>>) -> Option<Vec<Value>> {
        self.changes += 1;
        if id.0 >= self.next_id {
            self.next_id = id.0 + 1;
        }
        let keyed = !self.key_positions.is_empty();
        let current = self
            .rows
            .slot(id)
            .and_then(|slot| self.rows.at(slot).map(|(_, row)| (slot, row)));
        if let Some((slot, row)) = current {
            // An update that keeps the key leaves the index as it is.
            if new.as_ref().is_some_and(|new| self.same_key(new, row)) {
                return self.rows.put(id, new).old;
            }
            if keyed {
                let hash = self.row_hash(row);
                if let Ok(entry) = self.index.find_entry(hash, |e| e.slot == slot) {
                    entry.remove();
                }
            }
        }
        let hash = new.as_ref().filter(|_| keyed).map(|r| self.row_hash(r));
        let placed = self.rows.put(id, new);
        if placed.moved {
            // Slots moved: only for rows built out of order, so rebuilding is fine.
            self.build_index();
        } else if let (Some(hash), Some(slot)) = (hash, placed.slot) {
            self.index
                .insert_unique(hash, Indexed { slot, hash }, |e| e.hash);
        }
        placed.old
    }
}

/// What a journal remembers to undo one write.
#[derive(Clone, Debug)]
struct JournalEntry {
    side: Side,
    /// The table's place in its side's [`Tables`].
    table: usize,
    id: RowId,
    old: Option<Vec<Value>>,
    old_next_id: u32,
}

/// Undo record of the writes of one transaction, so that a failure rolls back all sides.
#[derive(Debug, Default)]
pub struct Journal {
    entries: Vec<JournalEntry>,
    /// Rows that committed writes replaced, emptied, so that the next copy of a row
    /// reuses their memory (a catch-up copies a row per change).
    spare: Vec<Vec<Value>>,
}

/// How many replaced rows a journal keeps for reuse.
const SPARE_ROWS: usize = 4;

impl Journal {
    /// Forgets the recorded writes (they stand), keeping the memory for the next
    /// transaction.
    pub fn commit(&mut self) {
        for e in self.entries.drain(..) {
            if let Some(mut row) = e.old.filter(|_| self.spare.len() < SPARE_ROWS) {
                row.clear();
                self.spare.push(row);
            }
        }
    }

    /// A copy of `row`, in the memory of a row replaced earlier when there is one.
    pub fn copy_row(&mut self, row: &[Value]) -> Vec<Value> {
        match self.spare.pop() {
            Some(mut copy) => {
                copy.extend_from_slice(row);
                copy
            }
            None => row.to_vec(),
        }
    }
}

/// The cells of a row that a write changes, so that the checks can skip the cells that
/// were valid before: a bit per position below 128, and every position beyond.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    bits: u128,
    beyond: bool,
}

impl Changed {
    /// Notes a changed position.
    pub fn insert(&mut self, position: usize) {
        match u32::try_from(position)
            .ok()
            .and_then(|p| 1u128.checked_shl(p))
        {
            Some(bit) => self.bits |= bit,
            None => self.beyond = true,
        }
    }

    /// Whether a position may have changed.
    pub fn contains(&self, position: usize) -> bool {
        match u32::try_from(position)
            .ok()
            .and_then(|p| 1u128.checked_shl(p))
        {
            Some(bit) => self.bits & bit != 0,
            None => self.beyond,
        }
    }
}

/// Both systems' tables.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct World {
    /// Finance and operations tables by name.
    pub finops: Tables,
    /// Dataverse tables by name.
    pub dataverse: Tables,
    /// Writes kept for the history's undo while [`World::record`] is on.
    recorder: Recorder,
}

/// The writes a world keeps while recording (see [`World::record`]). Not part of the
/// state: a copy of the world does not record, and two worlds compare equal whatever
/// they recorded.
#[derive(Debug, Default)]
struct Recorder(Option<Vec<JournalEntry>>);

impl Clone for Recorder {
    fn clone(&self) -> Recorder {
        Recorder(None)
    }
}

impl PartialEq for Recorder {
    fn eq(&self, _: &Recorder) -> bool {
        true
    }
}

/// Every write a world made while recording, oldest first: enough to put the rows back
/// as they were with [`World::revert`]. It holds only what the writes replaced, so it
/// costs what they changed.
#[derive(Clone, Debug, Default)]
pub struct Writes(Vec<JournalEntry>);

impl Writes {
    /// Number of writes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The cells `id` had just before its last write here (for a row these writes
    /// deleted: as it was when deleted, even if they created it or changed its key
    /// first); `None` when it was not written, or did not exist.
    pub(crate) fn before_last(&self, side: Side, table: usize, id: RowId) -> Option<&[Value]> {
        self.0
            .iter()
            .rev()
            .find(|e| e.side == side && e.table == table && e.id == id)?
            .old
            .as_deref()
    }

    /// The rows written: (side, table place, row), each once, in the order of their
    /// first write.
    pub fn touched(&self) -> Vec<(Side, usize, RowId)> {
        let mut seen = std::collections::HashSet::new();
        self.0
            .iter()
            .map(|e| (e.side, e.table, e.id))
            .filter(|t| seen.insert(*t))
            .collect()
    }
}

impl World {
    /// The tables of one side.
    pub fn tables(&self, side: Side) -> &Tables {
        match side {
            Side::FinOps => &self.finops,
            Side::Dataverse => &self.dataverse,
        }
    }

    fn tables_mut(&mut self, side: Side) -> &mut Tables {
        match side {
            Side::FinOps => &mut self.finops,
            Side::Dataverse => &mut self.dataverse,
        }
    }

    /// A table, or an error naming it.
    pub fn table<'a>(
        &self,
        side: Side,
        table: impl Into<TableRef<'a>>,
    ) -> Result<&Table, WriteError> {
        self.table_ref(side, table.into())
    }

    fn table_ref(&self, side: Side, table: TableRef) -> Result<&Table, WriteError> {
        self.tables(side)
            .find(table)
            .ok_or_else(|| WriteError::UnknownTable {
                side,
                table: match table {
                    TableRef::Name(name) => name.to_string(),
                    TableRef::At(i) => format!("#{i}"),
                },
            })
    }

    /// Adds a table (replacing one of the same name).
    pub fn add_table(&mut self, side: Side, table: Table) {
        self.tables_mut(side).insert(table);
    }

    /// Finds the row of `target` that a lookup value points at, in the company of the
    /// referring row where both tables are company-specific.
    pub fn resolve_lookup(
        &self,
        side: Side,
        target: &str,
        column: &str,
        value: &Value,
        company: Option<&Value>,
    ) -> Option<RowId> {
        let t = self.tables(side).get(target)?;
        let company = match (&t.company, company) {
            (Some(c), Some(v)) if c != column => Some((c.as_str(), v)),
            _ => None,
        };
        // Fast path: the lookup names the key (with the company, where there is one).
        if t.key.iter().any(|k| k == column)
            && t.key
                .iter()
                .all(|k| k == column || company.is_some_and(|(c, _)| c == k))
        {
            let part = |k: &String| {
                if k == column {
                    value.clone()
                } else {
                    company.map(|(_, v)| v.clone()).unwrap_or_default()
                }
            };
            // Keys of one or two columns (the usual cases) are looked up without allocating.
            return match t.key.as_slice() {
                [_] => t.find_by_key(std::slice::from_ref(value)),
                [a, b] => t.find_by_key(&[part(a), part(b)]),
                more => t.find_by_key(&more.iter().map(part).collect::<Vec<_>>()),
            };
        }
        let pos = t.position(column)?;
        let cpos = company.and_then(|(c, _)| t.position(c));
        t.rows
            .iter()
            .find(|(_, r)| {
                r[pos] == *value && cpos.is_none_or(|p| Some(&r[p]) == company.map(|(_, v)| v))
            })
            .map(|(id, _)| *id)
    }

    /// Checks a full row against its table: types, non-empty key, key uniqueness (other
    /// than the row itself), and that every lookup resolves on this side.
    /// Returns the row with values in canonical form.
    pub fn check_row<'a>(
        &self,
        side: Side,
        table: impl Into<TableRef<'a>>,
        id: Option<RowId>,
        row: Vec<Value>,
    ) -> Result<Vec<Value>, WriteError> {
        self.check_in(side, table.into(), id, row, None, true, true)
    }

    /// [`World::check_row`] without resolving lookups: what a saved row must pass. A
    /// lookup may dangle in a state the engine reached (deletes do not cascade); it fails
    /// when the row is next synced.
    pub fn check_stored_row<'a>(
        &self,
        side: Side,
        table: impl Into<TableRef<'a>>,
        id: RowId,
        row: Vec<Value>,
    ) -> Result<Vec<Value>, WriteError> {
        self.check_in(side, table.into(), Some(id), row, None, false, true)
    }

    /// [`World::check_stored_row`] for a row of a set that replaces every row of its
    /// table: its key is not compared with the rows it replaces (the caller makes the
    /// set's keys unique).
    pub(crate) fn check_replacing_row(
        &self,
        side: Side,
        table: &str,
        id: RowId,
        row: Vec<Value>,
    ) -> Result<Vec<Value>, WriteError> {
        self.check_in(
            side,
            TableRef::from(table),
            Some(id),
            row,
            None,
            false,
            false,
        )
    }

    /// [`World::check_row`] for a row whose cells outside `changed` (`None`: all cells)
    /// are known to fit their types: for an existing row `id`, cells it already had; for a
    /// new one, cells copied from columns of a type this one accepts. For an existing row
    /// the key is checked for uniqueness only when it changed. Every lookup is resolved,
    /// changed or not: a write pushes the whole row, and the row a lookup points at may
    /// have been deleted since.
    pub fn check_cells<'a>(
        &self,
        side: Side,
        table: impl Into<TableRef<'a>>,
        id: Option<RowId>,
        row: Vec<Value>,
        changed: Option<&Changed>,
    ) -> Result<Vec<Value>, WriteError> {
        self.check_in(side, table.into(), id, row, changed, true, true)
    }

    /// [`World::check_cells`], not generic (one copy in the binary); `unique_key`: whether
    /// the key is compared with the table's other rows.
    #[allow(clippy::too_many_arguments)]
    fn check_in(
        &self,
        side: Side,
        table: TableRef,
        id: Option<RowId>,
        mut row: Vec<Value>,
        changed: Option<&Changed>,
        resolve_lookups: bool,
        unique_key: bool,
    ) -> Result<Vec<Value>, WriteError> {
        let t = self.table_ref(side, table)?;
        let check = |p: usize| changed.is_none_or(|c| c.contains(p));
        // The key may be skipped for updates only.
        let changed = changed.filter(|_| id.is_some_and(|id| t.rows.contains_key(&id)));
        for (p, (c, v)) in t.columns.iter().zip(row.iter_mut()).enumerate() {
            if !check(p) || c.ty.accepts(v) {
                continue;
            }
            let checked =
                c.ty.check(std::mem::take(v))
                    .map_err(|reason| WriteError::BadValue {
                        table: t.name.clone(),
                        column: c.name.clone(),
                        reason,
                    })?;
            *v = checked;
        }
        if let Some((i, _)) = t
            .key_positions
            .iter()
            .enumerate()
            .find(|(_, &p)| row[p].is_empty())
        {
            return Err(WriteError::EmptyKey {
                table: t.name.clone(),
                column: t.key[i].clone(),
            });
        }
        // A row that keeps its own key needs no look-up in the index.
        let keeps_key = match changed {
            Some(changed) => !t.key_positions.iter().any(|&p| changed.contains(p)),
            None => id
                .and_then(|id| t.rows.get(&id))
                .is_some_and(|current| t.same_key(current, &row)),
        };
        let other = if keeps_key || !unique_key {
            None
        } else {
            t.find_by_row_key(&row)
        };
        if let Some(other) = other {
            if Some(other) != id {
                return Err(WriteError::DuplicateKey {
                    side,
                    table: t.name.clone(),
                    key: t.describe(other, &row),
                });
            }
        }
        if !resolve_lookups {
            return Ok(row);
        }
        let company = t.company.as_ref().map(|c| t.cell(&row, c).clone());
        for (c, v) in t.columns.iter().zip(&row) {
            if let ColumnType::Lookup {
                table: target,
                column,
            } = &c.ty
            {
                if !v.is_empty()
                    && self
                        .resolve_lookup(side, target, column, v, company.as_ref())
                        .is_none()
                {
                    return Err(WriteError::LookupNotFound {
                        side,
                        field: c.name.clone(),
                        target: target.clone(),
                        value: v.to_string(),
                    });
                }
            }
        }
        Ok(row)
    }

    /// Writes (or with `None` deletes) a row with no checks, recording the old state in
    /// `journal`. Callers check with [`World::check_row`] first.
    pub fn put<'a>(
        &mut self,
        side: Side,
        table: impl Into<TableRef<'a>>,
        id: RowId,
        row: Option<Vec<Value>>,
        journal: &mut Journal,
    ) {
        self.put_in(side, table.into(), id, row, journal)
    }

    /// [`World::put`], not generic (one copy in the binary).
    fn put_in(
        &mut self,
        side: Side,
        table: TableRef,
        id: RowId,
        row: Option<Vec<Value>>,
        journal: &mut Journal,
    ) {
        let tables = self.tables_mut(side);
        let at = match table {
            TableRef::At(i) => i,
            TableRef::Name(name) => match tables.position(name) {
                Some(i) => i,
                None => return,
            },
        };
        let Some(t) = tables.find_mut(TableRef::At(at)) else {
            return;
        };
        let old_next_id = t.next_id;
        let old = t.set(id, row);
        let entry = JournalEntry {
            side,
            table: at,
            id,
            old,
            old_next_id,
        };
        if let Some(kept) = &mut self.recorder.0 {
            kept.push(entry.clone());
        }
        journal.entries.push(entry);
    }

    /// Starts keeping every write until [`World::recorded`].
    pub fn record(&mut self) {
        self.recorder.0 = Some(Vec::new());
    }

    /// Stops recording and returns the writes made since [`World::record`].
    pub fn recorded(&mut self) -> Writes {
        Writes(self.recorder.0.take().unwrap_or_default())
    }

    /// Puts back what `writes` replaced, newest first: the rows and each table's next id
    /// are as they were before the first of them.
    pub fn revert(&mut self, writes: Writes) {
        for e in writes.0.into_iter().rev() {
            if let Some(t) = self.tables_mut(e.side).find_mut(TableRef::At(e.table)) {
                t.set(e.id, e.old);
                t.next_id = e.old_next_id;
            }
        }
    }

    /// Makes room in a table's key index for `additional` rows (a hint; writes work
    /// without it).
    pub fn reserve(&mut self, side: Side, table: &str, additional: usize) {
        if let Some(t) = self.tables_mut(side).get_mut(table) {
            t.rows.reserve(additional);
            t.index.reserve(additional, |e| e.hash);
        }
    }

    /// Identity for a new row of a table.
    pub fn next_id(&self, side: Side, table: &str) -> RowId {
        RowId(self.tables(side).get(table).map_or(1, |t| t.next_id))
    }

    /// Undoes every write of `journal`, newest first.
    pub fn roll_back(&mut self, journal: &mut Journal) {
        // Not recorded: reverting the recorded writes, newest first, puts back what was
        // there before the first of them, whatever was rolled back in between.
        for e in journal.entries.drain(..).rev() {
            if let Some(t) = self.tables_mut(e.side).find_mut(TableRef::At(e.table)) {
                t.set(e.id, e.old);
                t.next_id = e.old_next_id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_column(name: &str) -> Column {
        Column {
            name: name.into(),
            ty: ColumnType::Text,
        }
    }

    /// An empty table of two text columns, keyed on both.
    fn keyed_on_two() -> Table {
        Table::new(
            "T",
            "T",
            vec![text_column("K1"), text_column("K2")],
            vec!["K1".into(), "K2".into()],
            None,
        )
        .unwrap()
    }

    /// A table keyed on two columns holding the row `A, B`, with an index entry forged to
    /// collide: the hash of the one-value key `A` pointing at that row.
    fn collided() -> Table {
        let mut t = keyed_on_two();
        t.rows
            .insert(RowId(1), vec![Value::text("A"), Value::text("B")]);
        t.reindex().unwrap();
        let hash = hash_key(&[Value::text("A")]);
        t.index
            .insert_unique(hash, Indexed { slot: 0, hash }, |e| e.hash);
        t
    }

    #[test]
    fn every_write_counts_as_a_change_and_equality_ignores_the_count() {
        let mut t = keyed_on_two();
        let before = t.changes();
        let row = vec![Value::text("A"), Value::text("B")];
        t.set(RowId(1), Some(row.clone()));
        let written = t.changes();
        assert!(written > before);
        // Put back as it was (as an undo does): the rows are equal, the count moved on.
        t.set(RowId(1), None);
        assert!(t.changes() > written);
        let mut other = keyed_on_two();
        other.set(RowId(1), Some(row));
        other.set(RowId(1), None);
        other.set(RowId(1), Some(vec![Value::text("A"), Value::text("B")]));
        other.set(RowId(1), None);
        assert_ne!(t.changes(), other.changes());
        assert_eq!(t, other, "the same rows: equal");
    }

    #[test]
    fn a_key_whose_hash_collides_is_still_compared_value_by_value() {
        let t = collided();
        let hash = hash_key(&[Value::text("A")]);
        let found = |key: &str| find_indexed(&t.index, &t.rows, hash, |r| r[0] == Value::text(key));
        assert!(found("Z").is_none(), "same hash, another key");
        assert!(found("A").is_some());
    }

    #[test]
    fn a_key_of_the_wrong_length_finds_nothing_even_on_a_collision() {
        let t = collided();
        assert_eq!(t.find_by_key(&[Value::text("A")]), None);
        assert_eq!(
            t.find_by_key(&[Value::text("A"), Value::text("B")]),
            Some(RowId(1))
        );
    }

    #[test]
    fn the_find_box_matches_the_key_as_shown_ignoring_case_in_any_script() {
        let mut t = keyed_on_two();
        for (id, (a, b)) in [("US-001", "usmf"), ("DE-002", "demf"), ("ÉCOLE", "frmf")]
            .into_iter()
            .enumerate()
        {
            t.rows
                .insert(RowId(id as u32 + 1), vec![Value::text(a), Value::text(b)]);
        }
        t.reindex().unwrap();
        let found = |q: &str| t.rows_described_containing(q);
        assert_eq!(found(""), [RowId(1), RowId(2), RowId(3)]);
        assert_eq!(found("  "), [RowId(1), RowId(2), RowId(3)]);
        assert_eq!(found("us-0"), [RowId(1)]);
        assert_eq!(found("MF"), [RowId(1), RowId(2), RowId(3)]);
        // Across the key's two values, as the grid shows them.
        assert_eq!(found("001, US"), [RowId(1)]);
        assert_eq!(found("école"), [RowId(3)]);
        assert_eq!(found("cole, fr"), [RowId(3)]);
        assert_eq!(found("zz"), []);
        // The same as describing each row and lower-casing it.
        for q in ["us", "É", "e", "-00", ", d"] {
            let slow: Vec<RowId> = t
                .rows
                .iter()
                .filter(|(id, r)| {
                    t.describe(**id, r)
                        .to_lowercase()
                        .contains(&q.to_lowercase())
                })
                .map(|(id, _)| *id)
                .collect();
            assert_eq!(found(q), slow, "{q}");
        }
    }
}
