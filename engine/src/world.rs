//! The two systems and their tables: schemas, rows, and the checks every write passes.
//!
//! **Invariant:** a table's key columns are unique among its rows after every write, and
//! every non-empty lookup cell points at an existing row on the same side. Writes go
//! through [`World::put`], which keeps the key index and the undo journal in step.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use smol_str::SmolStr;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::WriteError;
use crate::value::{ColumnType, Value};

/// One of the two systems dual-write links.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RowId(pub u32);

impl fmt::Display for RowId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Rows by identity, in creation order.
    pub rows: BTreeMap<RowId, Vec<Value>>,
    /// Identity the next created row gets.
    pub next_id: u32,
    key_positions: Vec<usize>,
    index: FxHashMap<Vec<Value>, RowId>,
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
            rows: BTreeMap::new(),
            next_id: 1,
            key_positions: Vec::new(),
            index: FxHashMap::default(),
        };
        t.reindex()?;
        Ok(t)
    }

    /// Position of a column.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == column)
    }

    /// The column of that name.
    pub fn column(&self, column: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == column)
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
        self.index.get(key).copied()
    }

    /// A row as column name to value.
    pub fn row_map(&self, row: &[Value]) -> BTreeMap<String, Value> {
        self.columns
            .iter()
            .zip(row)
            .map(|(c, v)| (c.name.clone(), v.clone()))
            .collect()
    }

    /// Human-readable identity of a row: its key values, or its id.
    pub fn describe(&self, id: RowId, row: &[Value]) -> String {
        match self.key_of(row) {
            Some(k) => k
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            None => id.to_string(),
        }
    }

    /// Rebuilds the key index from the rows; fails on a duplicate key or a bad schema.
    pub fn reindex(&mut self) -> Result<(), String> {
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
        self.index.clear();
        let mut index = FxHashMap::with_capacity_and_hasher(self.rows.len(), Default::default());
        for (&id, row) in &self.rows {
            if row.len() != self.columns.len() {
                return Err(format!("row {id} has the wrong number of cells"));
            }
            if let Some(k) = self.key_of(row) {
                if index.insert(k.clone(), id).is_some() {
                    return Err(format!("duplicate key ({})", self.describe(id, row)));
                }
            }
        }
        self.index = index;
        Ok(())
    }

    /// Whether two rows have the same key (compared in place, without building keys).
    fn same_key(&self, a: &[Value], b: &[Value]) -> bool {
        self.key_positions.iter().all(|&p| a[p] == b[p])
    }

    /// Calls `f` with the key of a row: a slice of the row itself for a one-column key,
    /// a new vector otherwise. `None` when the table has no key.
    fn with_key<R>(&self, row: &[Value], f: impl FnOnce(&[Value]) -> R) -> Option<R> {
        match self.key_positions.as_slice() {
            [] => None,
            [p] => Some(f(std::slice::from_ref(&row[*p]))),
            more => Some(f(&more.iter().map(|&p| row[p].clone()).collect::<Vec<_>>())),
        }
    }

    fn set(&mut self, id: RowId, new: Option<Vec<Value>>) -> Option<Vec<Value>> {
        // An update that keeps the key leaves the index as it is.
        if let (Some(row), Some(current)) = (&new, self.rows.get(&id)) {
            if self.same_key(row, current) {
                let old = new.and_then(|row| self.rows.insert(id, row));
                if id.0 >= self.next_id {
                    self.next_id = id.0 + 1;
                }
                return old;
            }
        }
        let new_key = new.as_ref().and_then(|r| self.key_of(r));
        let old = match new {
            Some(row) => self.rows.insert(id, row),
            None => self.rows.remove(&id),
        };
        let old_key = old.as_ref().and_then(|r| self.key_of(r));
        if old_key != new_key {
            if let Some(k) = old_key {
                if self.index.get(&k) == Some(&id) {
                    self.index.remove(&k);
                }
            }
            if let Some(k) = new_key {
                self.index.insert(k, id);
            }
        }
        if id.0 >= self.next_id {
            self.next_id = id.0 + 1;
        }
        old
    }
}

/// What a journal remembers to undo one write.
#[derive(Clone, Debug)]
struct JournalEntry {
    side: Side,
    table: SmolStr,
    id: RowId,
    old: Option<Vec<Value>>,
    old_next_id: u32,
}

/// Undo record of the writes of one transaction, so that a failure rolls back all sides.
#[derive(Debug, Default)]
pub struct Journal {
    entries: Vec<JournalEntry>,
}

impl Journal {
    /// Forgets the recorded writes (they stand), keeping the memory for the next
    /// transaction.
    pub fn commit(&mut self) {
        self.entries.clear();
    }
}

/// Both systems' tables.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct World {
    /// Finance and operations tables by name.
    pub finops: BTreeMap<String, Table>,
    /// Dataverse tables by name.
    pub dataverse: BTreeMap<String, Table>,
}

impl World {
    /// The tables of one side.
    pub fn tables(&self, side: Side) -> &BTreeMap<String, Table> {
        match side {
            Side::FinOps => &self.finops,
            Side::Dataverse => &self.dataverse,
        }
    }

    fn tables_mut(&mut self, side: Side) -> &mut BTreeMap<String, Table> {
        match side {
            Side::FinOps => &mut self.finops,
            Side::Dataverse => &mut self.dataverse,
        }
    }

    /// A table, or an error naming it.
    pub fn table(&self, side: Side, name: &str) -> Result<&Table, WriteError> {
        self.tables(side)
            .get(name)
            .ok_or_else(|| WriteError::UnknownTable {
                side,
                table: name.to_string(),
            })
    }

    /// Adds a table (replacing one of the same name).
    pub fn add_table(&mut self, side: Side, table: Table) {
        self.tables_mut(side).insert(table.name.clone(), table);
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
    pub fn check_row(
        &self,
        side: Side,
        table: &str,
        id: Option<RowId>,
        mut row: Vec<Value>,
    ) -> Result<Vec<Value>, WriteError> {
        let t = self.table(side, table)?;
        for (c, v) in t.columns.iter().zip(row.iter_mut()) {
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
        if let Some(Some(other)) = t.with_key(&row, |k| t.find_by_key(k)) {
            if Some(other) != id {
                return Err(WriteError::DuplicateKey {
                    side,
                    table: t.name.clone(),
                    key: t.describe(other, &row),
                });
            }
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
    pub fn put(
        &mut self,
        side: Side,
        table: &str,
        id: RowId,
        row: Option<Vec<Value>>,
        journal: &mut Journal,
    ) {
        let Some(t) = self.tables_mut(side).get_mut(table) else {
            return;
        };
        let old_next_id = t.next_id;
        let old = t.set(id, row);
        journal.entries.push(JournalEntry {
            side,
            table: SmolStr::new(table),
            id,
            old,
            old_next_id,
        });
    }

    /// Makes room in a table's key index for `additional` rows (a hint; writes work
    /// without it).
    pub fn reserve(&mut self, side: Side, table: &str, additional: usize) {
        if let Some(t) = self.tables_mut(side).get_mut(table) {
            t.index.reserve(additional);
        }
    }

    /// Identity for a new row of a table.
    pub fn next_id(&self, side: Side, table: &str) -> RowId {
        RowId(self.tables(side).get(table).map_or(1, |t| t.next_id))
    }

    /// Undoes every write of `journal`, newest first.
    pub fn roll_back(&mut self, journal: &mut Journal) {
        for e in journal.entries.drain(..).rev() {
            if let Some(t) = self.tables_mut(e.side).get_mut(e.table.as_str()) {
                t.set(e.id, e.old);
                t.next_id = e.old_next_id;
            }
        }
    }

    /// Rebuilds every key index; fails naming the first table with a bad schema or
    /// duplicate keys.
    pub fn reindex(&mut self) -> Result<(), String> {
        for side in Side::BOTH {
            for t in self.tables_mut(side).values_mut() {
                t.reindex()
                    .map_err(|e| format!("{side} table '{}': {e}", t.name))?;
            }
        }
        Ok(())
    }
}
