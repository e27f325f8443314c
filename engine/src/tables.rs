//! The tables of one side, by name.
//!
//! Kept in name order in a vector, so that code that writes one table many times (a sync
//! plan, a journal) can resolve its name once and then reach it by place ([`TableRef`]).
//!
//! **Invariant:** tables are sorted by name, and names are unique. A place stays valid
//! until a table is added.

use std::ops::Index;

use crate::world::Table;

/// The tables of one side, in name order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tables(Vec<Table>);

/// A table of a side: by name, or by its place in [`Tables`] (see [`Tables::position`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableRef<'a> {
    /// By name.
    Name(&'a str),
    /// By place, as [`Tables::position`] gave it.
    At(usize),
}

impl<'a> From<&'a str> for TableRef<'a> {
    fn from(name: &'a str) -> TableRef<'a> {
        TableRef::Name(name)
    }
}

impl<'a> From<&'a String> for TableRef<'a> {
    fn from(name: &'a String) -> TableRef<'a> {
        TableRef::Name(name)
    }
}

impl Tables {
    /// Number of tables.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The place of the table of that name.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.0.binary_search_by(|t| t.name.as_str().cmp(name)).ok()
    }

    /// The table of that name.
    pub fn get(&self, name: &str) -> Option<&Table> {
        self.position(name).map(|i| &self.0[i])
    }

    /// The table of that name, to change.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.position(name).map(|i| &mut self.0[i])
    }

    /// The table a reference names.
    pub fn find(&self, table: TableRef) -> Option<&Table> {
        match table {
            TableRef::Name(name) => self.get(name),
            TableRef::At(i) => self.0.get(i),
        }
    }

    /// The table a reference names, to change.
    pub fn find_mut(&mut self, table: TableRef) -> Option<&mut Table> {
        match table {
            TableRef::Name(name) => self.get_mut(name),
            TableRef::At(i) => self.0.get_mut(i),
        }
    }

    /// Whether there is a table of that name.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Adds a table, returning the one of the same name it replaces. Places after it
    /// move.
    pub fn insert(&mut self, table: Table) -> Option<Table> {
        match self
            .0
            .binary_search_by(|t| t.name.as_str().cmp(&table.name))
        {
            Ok(i) => Some(std::mem::replace(&mut self.0[i], table)),
            Err(i) => {
                self.0.insert(i, table);
                None
            }
        }
    }

    /// Tables in name order.
    pub fn values(&self) -> std::slice::Iter<'_, Table> {
        self.0.iter()
    }

    /// Tables in name order, to change (names must stay as they are).
    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, Table> {
        self.0.iter_mut()
    }

    /// Names with their tables, in name order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &Table)> {
        self.0.iter().map(|t| (&t.name, t))
    }

    /// Names in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> {
        self.0.iter().map(|t| &t.name)
    }
}

impl Index<&str> for Tables {
    type Output = Table;

    /// The table of that name; panics when there is none (use [`Tables::get`] on names
    /// that come from outside).
    fn index(&self, name: &str) -> &Table {
        self.get(name)
            .unwrap_or_else(|| panic!("no table named '{name}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> Table {
        Table::new(name, name, Vec::new(), Vec::new(), None).expect("an empty table is valid")
    }

    #[test]
    fn tables_stay_in_name_order_and_are_found_by_name_or_place() {
        let mut tables = Tables::default();
        assert!(tables.is_empty());
        for name in ["b", "c", "a"] {
            assert!(tables.insert(table(name)).is_none());
        }
        assert!(tables.insert(table("b")).is_some(), "same name replaces");
        assert!(!tables.is_empty() && tables.len() == 3);
        assert_eq!(tables.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        let at = tables.position("c").expect("c is there");
        assert_eq!(
            tables.find(TableRef::At(at)).map(|t| t.name.as_str()),
            Some("c")
        );
        assert_eq!(tables.find("z".into()), None);
        assert_eq!(tables["a"].name, "a");
    }
}
