//! A table's rows: a slab in id order whose slots never move.
//!
//! Rows are looked up by [`RowId`] through a hash index and iterated in id order, so every
//! run visits them in the same order. A deleted row leaves an empty slot (ids are never
//! reused, and undoing the delete puts the row back in the same place); that keeps slot
//! numbers stable, which lets the table's key index name rows by slot.
//!
//! **Invariant:** slots are sorted by id, each id has at most one slot, and `live` counts
//! the slots holding a row.

use std::fmt;
use std::ops::Index;

use rustc_hash::FxHashMap;

use crate::value::Value;
use crate::world::RowId;

/// One row's place: its id and, unless it was deleted, its cells.
#[derive(Clone, Debug)]
struct Slot {
    id: RowId,
    row: Option<Vec<Value>>,
}

/// A table's rows by id, in id order.
#[derive(Clone, Default)]
pub struct Rows {
    slots: Vec<Slot>,
    slot_of: SlotIndex,
    live: usize,
}

/// The slot of each id that has one.
#[derive(Clone, Debug)]
enum SlotIndex {
    /// Indexed by id: for ids that count up from 1, as the engine hands them out.
    Dense(Vec<u32>),
    /// For far-apart ids (a file may bring any), which would make `Dense` too big.
    Sparse(FxHashMap<RowId, u32>),
}

impl Default for SlotIndex {
    fn default() -> SlotIndex {
        SlotIndex::Dense(Vec::new())
    }
}

/// No slot, in [`SlotIndex::Dense`].
const NO_SLOT: u32 = u32::MAX;

impl SlotIndex {
    fn get(&self, id: RowId) -> Option<u32> {
        match self {
            SlotIndex::Dense(v) => v.get(id.0 as usize).copied().filter(|&s| s != NO_SLOT),
            SlotIndex::Sparse(m) => m.get(&id).copied(),
        }
    }

    /// Records the slot of an id; `slots` is the number of slots, which bounds how
    /// sparse a dense index may get.
    fn set(&mut self, id: RowId, slot: u32, slots: usize) {
        let i = id.0 as usize;
        if let SlotIndex::Dense(v) = self {
            if i < v.len() {
                v[i] = slot;
                return;
            }
            if i <= 2 * slots + 1024 {
                v.resize(i + 1, NO_SLOT);
                v[i] = slot;
                return;
            }
            let sparse = v
                .iter()
                .enumerate()
                .filter(|(_, &s)| s != NO_SLOT)
                .map(|(id, &s)| (RowId(id as u32), s))
                .collect();
            *self = SlotIndex::Sparse(sparse);
        }
        if let SlotIndex::Sparse(m) = self {
            m.insert(id, slot);
        }
    }

    fn reserve(&mut self, additional: usize) {
        match self {
            SlotIndex::Dense(v) => v.reserve(additional),
            SlotIndex::Sparse(m) => m.reserve(additional),
        }
    }
}

/// Where [`Rows::put`] placed a row.
pub(crate) struct Placed {
    /// The row's slot (`None` when an id without a row was emptied: nothing stored).
    pub slot: Option<u32>,
    /// The row it replaced, if any.
    pub old: Option<Vec<Value>>,
    /// Whether other rows moved to other slots (an id was inserted out of order).
    pub moved: bool,
}

impl Rows {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The row with that id.
    pub fn get(&self, id: &RowId) -> Option<&Vec<Value>> {
        let slot = self.slot_of.get(*id)?;
        self.slots[slot as usize].row.as_ref()
    }

    /// Whether there is a row with that id.
    pub fn contains_key(&self, id: &RowId) -> bool {
        self.get(id).is_some()
    }

    /// Puts a row under an id, returning the row it replaces.
    pub fn insert(&mut self, id: RowId, row: Vec<Value>) -> Option<Vec<Value>> {
        self.put(id, Some(row)).old
    }

    /// Removes the row with that id, returning it.
    pub fn remove(&mut self, id: &RowId) -> Option<Vec<Value>> {
        self.put(*id, None).old
    }

    /// Removes every row.
    pub fn clear(&mut self) {
        *self = Rows::default();
    }

    /// Rows with their ids, in id order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.slots.iter())
    }

    /// Ids in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &RowId> {
        self.iter().map(|(id, _)| id)
    }

    /// Rows in id order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Vec<Value>> {
        self.slots.iter().filter_map(|s| s.row.as_ref())
    }

    /// Rows in id order, to change in place (the caller keeps the table's key index
    /// right).
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Vec<Value>> {
        self.slots.iter_mut().filter_map(|s| s.row.as_mut())
    }

    /// Makes room for `additional` more rows.
    pub fn reserve(&mut self, additional: usize) {
        self.slots.reserve(additional);
        self.slot_of.reserve(additional);
    }

    /// Rows whose id is above `after`, in id order.
    pub fn iter_after(&self, after: RowId) -> Iter<'_> {
        let at = self.slots.partition_point(|s| s.id <= after);
        Iter(self.slots[at..].iter())
    }

    /// The slot of an id, live or deleted.
    pub(crate) fn slot(&self, id: RowId) -> Option<u32> {
        self.slot_of.get(id)
    }

    /// The id and row in a slot (`None` for a deleted row or a slot out of range).
    pub(crate) fn at(&self, slot: u32) -> Option<(RowId, &[Value])> {
        let s = self.slots.get(slot as usize)?;
        s.row.as_deref().map(|r| (s.id, r))
    }

    /// Live rows with their slots, in id order.
    pub(crate) fn slots(&self) -> impl Iterator<Item = (u32, &[Value])> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.row.as_deref().map(|r| (i as u32, r)))
    }

    /// Sets (or with `None` empties) the row of an id, creating its slot where needed.
    pub(crate) fn put(&mut self, id: RowId, row: Option<Vec<Value>>) -> Placed {
        if let Some(slot) = self.slot_of.get(id) {
            let cell = &mut self.slots[slot as usize].row;
            let old = std::mem::replace(cell, row);
            self.live = self.live + usize::from(cell.is_some()) - usize::from(old.is_some());
            return Placed {
                slot: Some(slot),
                old,
                moved: false,
            };
        }
        if row.is_none() {
            return Placed {
                slot: None,
                old: None,
                moved: false,
            };
        }
        let last = self.slots.last().map(|s| s.id);
        if last.is_none_or(|last| last < id) {
            let slot = self.slots.len() as u32;
            self.slots.push(Slot { id, row });
            self.slot_of.set(id, slot, self.slots.len());
            self.live += 1;
            return Placed {
                slot: Some(slot),
                old: None,
                moved: false,
            };
        }
        // An id below the last one that never had a slot: only when rows are built by
        // hand out of order. The rows after it move up one slot.
        let at = self.slots.partition_point(|s| s.id < id);
        self.slots.insert(at, Slot { id, row });
        let n = self.slots.len();
        for (i, s) in self.slots.iter().enumerate().skip(at) {
            self.slot_of.set(s.id, i as u32, n);
        }
        self.live += 1;
        Placed {
            slot: Some(at as u32),
            old: None,
            moved: true,
        }
    }

    /// Drops the slots of deleted rows. Slots move: the key index must be rebuilt.
    pub(crate) fn compact(&mut self) {
        if self.slots.len() == self.live {
            return;
        }
        self.slots.retain(|s| s.row.is_some());
        self.slot_of = SlotIndex::default();
        let n = self.slots.len();
        for (i, s) in self.slots.iter().enumerate() {
            self.slot_of.set(s.id, i as u32, n);
        }
    }
}

/// Rows with their ids, in id order: see [`Rows::iter`].
#[derive(Clone, Debug)]
pub struct Iter<'a>(std::slice::Iter<'a, Slot>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a RowId, &'a Vec<Value>);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.find_map(|s| s.row.as_ref().map(|r| (&s.id, r)))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0
            .rfind(|s| s.row.is_some())
            .and_then(|s| s.row.as_ref().map(|r| (&s.id, r)))
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = (&'a RowId, &'a Vec<Value>);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.live == other.live && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Rows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Index<&RowId> for Rows {
    type Output = Vec<Value>;

    /// The row with that id; panics when there is none (use [`Rows::get`] on ids that
    /// come from outside).
    fn index(&self, id: &RowId) -> &Vec<Value> {
        self.get(id)
            .unwrap_or_else(|| panic!("no row {id} in this table"))
    }
}

impl FromIterator<(RowId, Vec<Value>)> for Rows {
    fn from_iter<I: IntoIterator<Item = (RowId, Vec<Value>)>>(iter: I) -> Rows {
        let mut rows: Vec<(RowId, Vec<Value>)> = iter.into_iter().collect();
        rows.sort_by_key(|(id, _)| *id);
        let mut out = Rows::default();
        out.reserve(rows.len());
        for (id, row) in rows {
            out.put(id, Some(row));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(s: &str) -> Vec<Value> {
        vec![Value::text(s)]
    }

    #[test]
    fn rows_stay_in_id_order_whatever_the_insertion_order() {
        let mut rows = Rows::default();
        rows.insert(RowId(5), row("e"));
        rows.insert(RowId(2), row("b"));
        rows.insert(RowId(9), row("i"));
        rows.insert(RowId(3), row("c"));
        let ids: Vec<u32> = rows.keys().map(|id| id.0).collect();
        assert_eq!(ids, [2, 3, 5, 9]);
        assert_eq!(rows[&RowId(9)], row("i"));
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn empty_counts_and_backwards_iteration_skip_deleted_rows() {
        let mut rows = Rows::default();
        assert!(rows.is_empty());
        for i in [2, 3, 5, 9] {
            rows.insert(RowId(i), row(&i.to_string()));
        }
        assert!(!rows.is_empty());
        rows.remove(&RowId(9));
        rows.remove(&RowId(3));
        let back: Vec<u32> = rows.iter().rev().map(|(id, _)| id.0).collect();
        assert_eq!(back, [5, 2]);
        rows.remove(&RowId(5));
        rows.remove(&RowId(2));
        assert!(rows.is_empty(), "deleted rows leave slots, not rows");
        assert_eq!(rows.iter().next_back(), None);
        // Cleared: no row, no slot, and ids start over.
        let mut rows: Rows = (1..=3).map(|i| (RowId(i), row("x"))).collect();
        rows.clear();
        assert!(rows.is_empty());
        assert_eq!(rows.len(), 0);
        assert_eq!(rows.get(&RowId(1)), None);
        assert_eq!(rows.iter().count(), 0);
        rows.insert(RowId(7), row("y"));
        assert_eq!(rows.iter().map(|(id, _)| id.0).collect::<Vec<_>>(), [7]);
    }

    #[test]
    fn ids_up_to_about_twice_the_slots_keep_the_dense_index() {
        let mut rows: Rows = (0..1000).map(|i| (RowId(i), row("x"))).collect();
        rows.insert(RowId(2500), row("far"));
        assert!(matches!(rows.slot_of, SlotIndex::Dense(_)));
        rows.insert(RowId(10_000), row("farther"));
        assert!(matches!(rows.slot_of, SlotIndex::Sparse(_)));
        assert_eq!(rows.get(&RowId(2500)), Some(&row("far")));
        assert_eq!(rows.get(&RowId(999)), Some(&row("x")));
    }

    #[test]
    fn a_deleted_row_keeps_its_place_for_an_undo() {
        let mut rows: Rows = (1..=3).map(|i| (RowId(i), row(&i.to_string()))).collect();
        let slot = rows.slot(RowId(2));
        assert_eq!(slot, Some(1), "the second row is in the second slot");
        assert_eq!(rows.remove(&RowId(2)), Some(row("2")));
        assert_eq!(rows.len(), 2);
        assert!(!rows.contains_key(&RowId(2)));
        rows.insert(RowId(2), row("2"));
        assert_eq!(rows.slot(RowId(2)), slot);
        let ids: Vec<u32> = rows.keys().map(|id| id.0).collect();
        assert_eq!(ids, [1, 2, 3]);
    }

    #[test]
    fn far_apart_ids_are_found_without_a_huge_index() {
        let ids = [1, 7, 4_000_000_000, 3, 2_000_000, 12];
        let rows: Rows = ids
            .iter()
            .map(|&i| (RowId(i), row(&i.to_string())))
            .collect();
        assert!(matches!(rows.slot_of, SlotIndex::Sparse(_)));
        for i in ids {
            assert_eq!(rows.get(&RowId(i)), Some(&row(&i.to_string())));
        }
        assert_eq!(rows.get(&RowId(2)), None);
        let order: Vec<u32> = rows.keys().map(|id| id.0).collect();
        assert_eq!(order, [1, 3, 7, 12, 2_000_000, 4_000_000_000]);
    }

    #[test]
    fn equality_ignores_the_slots_of_deleted_rows() {
        let mut a: Rows = (1..=3).map(|i| (RowId(i), row("x"))).collect();
        let b: Rows = [(RowId(1), row("x")), (RowId(3), row("x"))]
            .into_iter()
            .collect();
        assert_ne!(a, b);
        a.remove(&RowId(2));
        assert_eq!(a, b);
        a.compact();
        assert_eq!(a, b);
        assert_eq!(a.get(&RowId(3)), Some(&row("x")));
    }
}
