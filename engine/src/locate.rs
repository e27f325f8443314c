//! Where things are in the tables: the row a conflict, a failed row, a queued change or a
//! catch-up error names; a row's pair on the other side; the rows the last command wrote;
//! what a cell may hold. The app opens, highlights and edits rows through these queries,
//! so that no rule about keys or pairs lives in the view.

use crate::error::{CommandError, SyncError, WriteError};
use crate::explain::Subject;
use crate::history::Session;
use crate::map::{ChangeKind, QueuedChange, StatusKind};
use crate::map::{ColumnMapping, Direction, Transform};
use crate::sim::{Command, Event, InitialSync, ResumeOption, RowRef, RunEntry, Simulator, Tense};
use crate::sync::Plan;
use crate::value::{describe_key, ColumnType, Value};
use crate::world::{RowId, Side, Table, World};

/// A row of a table of a side.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RowAt {
    /// The side.
    pub side: Side,
    /// The table.
    pub table: String,
    /// The row.
    pub id: RowId,
}

/// What a cell may hold, for an editor: free text, a number, or one of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choices {
    /// Any text.
    Text,
    /// A number; `whole` when only whole numbers are accepted.
    Number {
        /// Whole numbers only.
        whole: bool,
    },
    /// One of these values, as typed (an empty cell is always allowed too).
    OneOf(Vec<String>),
    /// One of these values, each with what a person reads for it (an option set's
    /// options: `192350000`, shown `No (192350000)`); an empty cell is allowed too.
    Labelled(Vec<(String, String)>),
}

impl Choices {
    /// The values offered as a list, each with what a person reads for it (an option
    /// set's label; the value itself otherwise); `None` for free text and numbers.
    pub fn listed(&self) -> Option<Vec<(String, String)>> {
        match self {
            Choices::OneOf(values) => Some(values.iter().map(|v| (v.clone(), v.clone())).collect()),
            Choices::Labelled(options) => Some(options.clone()),
            Choices::Text | Choices::Number { .. } => None,
        }
    }
}

/// Lookup targets offered in a list at most; beyond, the cell is typed as text (and
/// checked when written).
pub const MAX_CHOICES: usize = 500;

impl World {
    /// What the cell of `column` (by place) of `table` on `side` may hold: Yes/No, an
    /// enum's labels, an option set's values and a lookup's target keys are lists.
    pub fn choices(&self, side: Side, table: &str, column: usize) -> Choices {
        let Some(c) = self
            .tables(side)
            .get(table)
            .and_then(|t| t.columns.get(column))
        else {
            return Choices::Text;
        };
        match &c.ty {
            ColumnType::Text => Choices::Text,
            ColumnType::Integer => Choices::Number { whole: true },
            ColumnType::Decimal => Choices::Number { whole: false },
            ColumnType::Bool => Choices::OneOf(vec!["Yes".into(), "No".into()]),
            ColumnType::Enum { labels } => Choices::OneOf(labels.clone()),
            ColumnType::OptionSet { options, .. } => Choices::Labelled(
                options
                    .iter()
                    .map(|o| (o.to_string(), c.ty.shown(&Value::Int(*o))))
                    .collect(),
            ),
            ColumnType::Lookup { table, column } => {
                let Some(target) = self.tables(side).get(table) else {
                    return Choices::Text;
                };
                let Some(at) = target.columns.iter().position(|c| &c.name == column) else {
                    return Choices::Text;
                };
                if target.rows.len() > MAX_CHOICES {
                    return Choices::Text;
                }
                let mut values: Vec<String> = target
                    .rows
                    .iter()
                    .filter_map(|(_, r)| r.get(at))
                    .filter(|v| !v.is_empty())
                    .map(|v| v.to_string())
                    .collect();
                crate::order::sort(&mut values);
                values.dedup();
                Choices::OneOf(values)
            }
        }
    }
}

impl Simulator {
    /// The row `subject` names, where it is now: a conflict's row on FinOps, a failed
    /// row on the side it came from, a queued change's or a catch-up error's row on the
    /// side it was made on. `None` when the subject is not a row or the row is gone.
    pub fn locate(&self, subject: &Subject) -> Option<RowAt> {
        let execution = |map: &str, id: &Option<String>| self.execution_of(map, id.as_deref());
        match subject {
            Subject::Conflict {
                map,
                execution: id,
                index,
            } => {
                let c = execution(map, id)?.conflicts.get(*index)?;
                self.row_by_key_text(map, Side::FinOps, &c.key)
            }
            Subject::FailedRow {
                map,
                execution: id,
                index,
            } => {
                let r = execution(map, id)?.errors.get(*index)?;
                self.row_by_key_text(map, r.source, &r.key)
            }
            Subject::Queued { map, .. } | Subject::CatchUpError { map, .. } => {
                self.row_of_change(map, self.change_of(subject)?)
            }
            Subject::LogLine { .. } | Subject::Action { .. } => None,
        }
    }

    /// The column of the row [`Simulator::locate`] finds for `subject` that the subject is
    /// about, by its place in the row's table: a failed row's field, a conflict's column,
    /// the first column a queued update (or the catch-up error it became) changed, on the
    /// side the row is found (through the map's mappings when the subject names
    /// the other side's field). `None` for a subject about no column, or a column gone.
    pub fn locate_column(&self, subject: &Subject) -> Option<usize> {
        let at = self.locate(subject)?;
        let execution = |map: &str, id: &Option<String>| self.execution_of(map, id.as_deref());
        let (map, named) = match subject {
            Subject::Conflict {
                map,
                execution: id,
                index,
            } => {
                let c = execution(map, id)?.conflicts.get(*index)?;
                // `FINOPS = dataverse`: the FinOps column (conflicts are found on FinOps).
                let finops = c.column.split_whitespace().next()?;
                (map, finops.to_string())
            }
            Subject::FailedRow {
                map,
                execution: id,
                index,
            } => (map, execution(map, id)?.errors.get(*index)?.field.clone()),
            // An update's first changed column (a create or a delete is about the row).
            Subject::Queued { map, .. } | Subject::CatchUpError { map, .. } => {
                (map, self.change_of(subject)?.changed.first()?.to_string())
            }
            _ => return None,
        };
        let table = self.world.tables(at.side).get(&at.table)?;
        if let Some(p) = table.position(&named) {
            return Some(p);
        }
        // The other side's field: its mapping's column on this side (a lookup's
        // `relationship.column` is the relationship's column).
        let m = self.map(map).ok()?;
        let mapping = m
            .mappings
            .iter()
            .find(|c| c.finops == named || c.dataverse == named)?;
        let own = match at.side {
            Side::FinOps => mapping.finops.as_str(),
            Side::Dataverse => mapping.dataverse.as_str(),
        };
        table
            .position(own)
            .or_else(|| table.position(own.split('.').next()?))
    }

    /// The queued change a subject names: a record of a map's queue, or the change a
    /// catch-up error holds.
    fn change_of(&self, subject: &Subject) -> Option<&crate::map::QueuedChange> {
        match subject {
            Subject::Queued { map, seq } => {
                let q = self.map(map).ok()?.status.queue()?;
                q.changes.iter().find(|c| c.seq == *seq)
            }
            Subject::CatchUpError { map, id } => self
                .map(map)
                .ok()?
                .catch_up_errors
                .iter()
                .find(|e| e.id == *id)
                .map(|e| &e.change),
            _ => None,
        }
    }

    /// An execution of `map`'s initial syncs: the one named `id`, or its last.
    fn execution_of(&self, map: &str, id: Option<&str>) -> Option<&crate::map::Execution> {
        let m = self.map(map).ok()?;
        match id {
            Some(id) => m.executions.iter().find(|e| e.id == id),
            None => m.executions.last(),
        }
    }

    /// The row of `map`'s table on the other side with the same integration key as the
    /// row `at` (its pair), if `at` is a row of the map's table on its side and has one.
    pub fn pair_of(&self, map: &str, at: &RowAt) -> Option<RowId> {
        let (side, id) = (at.side, at.id);
        let m = self.map(map).ok()?;
        if m.table(side) != at.table {
            return None;
        }
        let plan = Plan::new(&self.world, m).ok()?;
        let own = plan.table(&self.world, side).ok()?.rows.get(&id)?;
        let other = plan.table(&self.world, side.other()).ok()?;
        plan.find_pair(other, side.other(), &plan.key_of(side, own))
    }

    /// The row of `map`'s table on `side` whose integration key reads `key` (as the
    /// executions write keys).
    fn row_by_key_text(&self, map: &str, side: Side, key: &str) -> Option<RowAt> {
        let m = self.map(map).ok()?;
        let plan = Plan::new(&self.world, m).ok()?;
        let table: &Table = plan.table(&self.world, side).ok()?;
        let id = table
            .rows
            .iter()
            .find(|(_, r)| describe_key(&plan.key_of(side, r)) == key)
            .map(|(id, _)| *id)?;
        Some(RowAt {
            side,
            table: table.name.clone(),
            id,
        })
    }

    /// The row a queued change was made on, found by its integration key.
    fn row_of_change(&self, map: &str, change: &QueuedChange) -> Option<RowAt> {
        let m = self.map(map).ok()?;
        let plan = Plan::new(&self.world, m).ok()?;
        let table = plan.table(&self.world, change.origin).ok()?;
        let id = plan.find_pair(table, change.origin, &change.key)?;
        Some(RowAt {
            side: change.origin,
            table: table.name.clone(),
            id,
        })
    }
}

/// One mapping of a row and its pair, side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappedPair {
    /// The mapping's label (`NAME = currencyname`).
    pub label: String,
    /// The FinOps column and the Dataverse field (`column.target` for a lookup).
    pub fields: [String; 2],
    /// The mapping's direction.
    pub direction: Direction,
    /// Whether the mapping has a transform (a default or a value map).
    pub transformed: bool,
    /// Each side's cell as a person reads it (an option's label too), FinOps first;
    /// `None` where that side has no row.
    pub shown: [Option<String>; 2],
    /// Whether the two cells agree through the mapping, in either direction; `false`
    /// when a side has no row.
    pub agrees: bool,
    /// Whether they agree only through the mapping's transform (an empty cell beside
    /// its default, `Organization` beside `3`): the values themselves differ.
    pub through_transform: bool,
}

/// A row and its pair on the other side of a map, mapping by mapping: what a trainee
/// compares to see whether (and where) dual-write has brought the two sides together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairComparison {
    /// The integration key, in words (`usmf, US-001`).
    pub key: String,
    /// The row on each side, FinOps first; `None` where it has no pair.
    pub rows: [Option<RowAt>; 2],
    /// Whether each side's row is within the map's filter of its side (`false` where
    /// there is no row).
    pub in_scope: [bool; 2],
    /// Every mapping of the map, in its order.
    pub mappings: Vec<MappedPair>,
}

impl PairComparison {
    /// How many mappings do not agree.
    pub fn differing(&self) -> usize {
        self.mappings.iter().filter(|m| !m.agrees).count()
    }

    /// The side that has no row, when the row has no pair.
    pub fn missing(&self) -> Option<Side> {
        Side::BOTH
            .into_iter()
            .find(|s| self.rows[s.index()].is_none())
    }

    /// Why dual-write leaves this row or pair as it is, when it does: the row has no pair
    /// yet (it is created when the map runs, if the row is in scope), or a row is outside
    /// the map's filter of its side.
    pub fn scope_note(&self) -> Option<String> {
        let out: Vec<String> = Side::BOTH
            .iter()
            .filter(|s| self.rows[s.index()].is_some() && !self.in_scope[s.index()])
            .map(|s| s.to_string())
            .collect();
        if !out.is_empty() {
            // A pair in the filter on the other side still writes its changes here (pairs
            // are found by key, ARCHITECTURE.md).
            let reached = Side::BOTH
                .iter()
                .any(|s| self.rows[s.index()].is_some() && self.in_scope[s.index()]);
            return Some(format!(
                "Outside the map's filter on {}: dual-write does not copy it{}.",
                out.join(" and "),
                if reached {
                    "; a change to its pair, in the filter on the other side, still reaches it"
                } else {
                    ""
                }
            ));
        }
        self.missing().map(|side| {
            format!(
                "Dual-write creates its pair on {side} when the map runs (its initial sync), or when the row changes while the map runs."
            )
        })
    }
}

impl Simulator {
    /// The row `at` of `map`'s table on its side beside its pair on the other side,
    /// mapping by mapping; `None` when `at` is not a row of that table or the map does
    /// not resolve against its tables.
    pub fn compare_pair(&self, map: &str, at: &RowAt) -> Option<PairComparison> {
        let m = self.map(map).ok()?;
        if m.table(at.side) != at.table {
            return None;
        }
        let plan = Plan::new(&self.world, m).ok()?;
        let own_table = plan.table(&self.world, at.side).ok()?;
        let other_table = plan.table(&self.world, at.side.other()).ok()?;
        let own = own_table.rows.get(&at.id)?;
        let key = plan.key_of(at.side, own);
        let pair = plan.find_pair(other_table, at.side.other(), &key);
        let found = |side: Side| -> Option<(&Table, RowId, &Vec<Value>)> {
            if side == at.side {
                Some((own_table, at.id, own))
            } else {
                let id = pair?;
                Some((other_table, id, other_table.rows.get(&id)?))
            }
        };
        let sides = Side::BOTH.map(found);
        let mappings = plan
            .columns
            .iter()
            .map(|c| {
                let cell = |side: Side| {
                    let (table, _, row) = sides[side.index()]?;
                    let place = match side {
                        Side::FinOps => c.finops,
                        Side::Dataverse => c.dataverse,
                    };
                    let value = row.get(place)?;
                    Some((table, place, value))
                };
                let (f, d) = (cell(Side::FinOps), cell(Side::Dataverse));
                let shown = [f, d].map(|cell| {
                    cell.map(|(table, place, value)| {
                        table
                            .columns
                            .get(place)
                            .map_or_else(|| value.to_string(), |col| col.ty.shown(value))
                    })
                });
                MappedPair {
                    label: c.mapping.label(),
                    fields: [c.mapping.finops.clone(), c.mapping.dataverse.clone()],
                    direction: c.mapping.direction,
                    transformed: c.mapping.transform.is_some(),
                    shown,
                    agrees: match (f, d) {
                        (Some((_, _, fv)), Some((_, _, dv))) => c.agrees(fv, dv),
                        _ => false,
                    },
                    through_transform: match (f, d) {
                        (Some((_, _, fv)), Some((_, _, dv))) => fv != dv && c.agrees(fv, dv),
                        _ => false,
                    },
                }
            })
            .collect();
        Some(PairComparison {
            key: describe_key(&key),
            rows: Side::BOTH.map(|side| {
                sides[side.index()].map(|(table, id, _)| RowAt {
                    side,
                    table: table.name.clone(),
                    id,
                })
            }),
            in_scope: Side::BOTH.map(|side| {
                sides[side.index()].is_some_and(|(table, _, row)| plan.in_scope(table, side, row))
            }),
            mappings,
        })
    }
}

/// A transform as typed in a mapping's pane, before its values are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransformInput<'a> {
    /// No transform.
    None,
    /// A default value.
    Default(&'a str),
    /// Value pairs: (finance and operations value, Dataverse value).
    ValueMap(&'a [(String, String)]),
}

impl Simulator {
    /// The transform typed for `mapping` of `map`, each value read as its column's type:
    /// a pair's first value as the FinOps column's, its second as the Dataverse field's
    /// (for a lookup field `column.target`, the lookup column's); a default as the column
    /// it is written to (on a two-way mapping, both, which must then agree). The error
    /// names the value that does not read.
    pub fn read_transform(
        &self,
        map: &str,
        mapping: &ColumnMapping,
        input: TransformInput<'_>,
    ) -> Result<Option<Transform>, TransformError> {
        let [fo, dv] = self.mapped_types(map, mapping)?;
        let read = |ty: &ColumnType, text: &str, field: TransformField| {
            ty.parse_input(text).map_err(|e| TransformError {
                field: Some(field),
                message: format!("{}: {e}", field.name()),
            })
        };
        let default = |message: String| TransformError {
            field: Some(TransformField::Default),
            message,
        };
        Ok(match input {
            TransformInput::None => None,
            TransformInput::Default(text) if text.trim().is_empty() => {
                return Err(default(EMPTY_DEFAULT.into()))
            }
            TransformInput::Default(text) => Some(Transform::Default(match mapping.direction {
                Direction::ToFinOps => read(&fo, text, TransformField::Default)?,
                Direction::ToDataverse => read(&dv, text, TransformField::Default)?,
                Direction::Both => {
                    let (f, d) = (
                        read(&fo, text, TransformField::Default)?,
                        read(&dv, text, TransformField::Default)?,
                    );
                    if f != d {
                        return Err(default(format!(
                            "Default: '{text}' reads as {} on finance and operations apps and as {} on Dataverse; a two-way default must be the same value on both",
                            fo.name(),
                            dv.name()
                        )));
                    }
                    d
                }
            })),
            TransformInput::ValueMap([]) => {
                return Err(TransformError {
                    field: None,
                    message: EMPTY_VALUE_MAP.into(),
                })
            }
            TransformInput::ValueMap(pairs) => Some(Transform::ValueMap(
                pairs
                    .iter()
                    .enumerate()
                    .map(|(i, (f, d))| {
                        let side = if f.trim().is_empty() {
                            Side::FinOps
                        } else {
                            Side::Dataverse
                        };
                        if f.trim().is_empty() || d.trim().is_empty() {
                            return Err(TransformError {
                                field: Some(TransformField::Pair(i, side)),
                                message: empty_pair_message(i),
                            });
                        }
                        Ok((
                            read(&fo, f, TransformField::Pair(i, Side::FinOps))?,
                            read(&dv, d, TransformField::Pair(i, Side::Dataverse))?,
                        ))
                    })
                    .collect::<Result<_, TransformError>>()?,
            )),
        })
    }
}

/// The field of a mapping's pane a refusal is about, so that the pane can mark it and
/// take the focus there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransformField {
    /// The Default transform's value.
    Default,
    /// A value map's pair (by place, from 0), on one side.
    Pair(usize, Side),
}

impl TransformField {
    /// The field's name, as the pane labels it ("Pair 2, Dataverse value").
    pub fn name(self) -> String {
        match self {
            TransformField::Default => "Default".into(),
            TransformField::Pair(i, Side::FinOps) => {
                format!("Pair {}, finance and operations value", i + 1)
            }
            TransformField::Pair(i, Side::Dataverse) => format!("Pair {}, Dataverse value", i + 1),
        }
    }
}

/// Why a transform typed in a mapping's pane does not read: the words, and the field
/// they are about (none for the mapping as a whole).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TransformError {
    /// The field refused, if one is.
    pub field: Option<TransformField>,
    /// What is wrong, in words.
    pub message: String,
}

impl TransformError {
    /// A refusal of the mapping as a whole.
    pub fn of_mapping(message: String) -> TransformError {
        TransformError {
            field: None,
            message,
        }
    }
}

impl Simulator {
    /// Checks a mapping's transform, as typed in its pane, as saving the map's mappings
    /// checks it: a value map's values each held as its column holds it and, on each side
    /// values flow from, none paired twice, naming the pair and side refused; a default
    /// held by each column it is written to. So that the pane can mark that field. A
    /// mapping without a transform passes.
    pub fn check_transform(
        &self,
        map: &str,
        mapping: &ColumnMapping,
    ) -> Result<(), TransformError> {
        let Some(transform) = &mapping.transform else {
            return Ok(());
        };
        let [fo, dv] = self.mapped_types(map, mapping)?;
        match transform {
            Transform::ValueMap(pairs) => crate::sync::check_value_map(mapping, pairs, [&fo, &dv])
                .map_err(|(pair, side, words)| TransformError {
                    field: Some(TransformField::Pair(pair, side)),
                    message: capitalised(&words),
                }),
            Transform::Default(value) => crate::sync::check_default(mapping, value, [&fo, &dv])
                .map_err(|words| TransformError {
                    field: Some(TransformField::Default),
                    message: format!("Default: {words}"),
                }),
        }
    }
}

impl Simulator {
    /// The types of the two columns `mapping` pairs in `map` (a lookup's by its column;
    /// text where a column is not found, which the map's own checks refuse).
    fn mapped_types(
        &self,
        map: &str,
        mapping: &ColumnMapping,
    ) -> Result<[ColumnType; 2], TransformError> {
        let m = self
            .map(map)
            .map_err(|e| TransformError::of_mapping(e.to_string()))?;
        let ty = |side: Side, field: &str| -> ColumnType {
            let column = field.split('.').next().unwrap_or(field);
            self.world
                .tables(side)
                .get(m.table(side))
                .and_then(|t| t.column(column))
                .map_or(ColumnType::Text, |c| c.ty.clone())
        };
        Ok([
            ty(Side::FinOps, &mapping.finops),
            ty(Side::Dataverse, &mapping.dataverse),
        ])
    }
}

/// `words` with a capital first letter, as a message starts (an ASCII letter: the
/// engine's own words come first).
fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| {
            std::iter::once(c.to_ascii_uppercase())
                .chain(chars)
                .collect()
        })
        .unwrap_or_default()
}

/// A pair maps a value to a value: what is said of pair `i` (from 0) with an empty side.
fn empty_pair_message(i: usize) -> String {
    format!("Pair {}: give both values (or remove the pair)", i + 1)
}

/// What is said of a Default transform with no value: it would write nothing.
const EMPTY_DEFAULT: &str =
    "Default: give the value written when the source is empty (or choose None)";

/// What is said of a value map with no pair: every value but an empty one would fail.
const EMPTY_VALUE_MAP: &str = "Value map: add a pair (or choose None)";

/// Refuses a mapping typed as JSON whose value map has no pair or a pair with an empty
/// side, or whose default is empty, as the pane's fields refuse them
/// ([`Simulator::read_transform`]). Only typed mappings are checked: logs written before
/// this rule may hold such transforms, and still replay.
pub fn no_empty_transform(mapping: &ColumnMapping) -> Result<(), String> {
    match &mapping.transform {
        Some(Transform::Default(v)) if v.to_string().trim().is_empty() => Err(EMPTY_DEFAULT.into()),
        Some(Transform::ValueMap(pairs)) if pairs.is_empty() => Err(EMPTY_VALUE_MAP.into()),
        Some(Transform::ValueMap(pairs)) => pairs
            .iter()
            .position(|(f, d)| *f == Value::Null || *d == Value::Null)
            .map_or(Ok(()), |i| Err(empty_pair_message(i))),
        _ => Ok(()),
    }
}

/// Refuses a typed mapping between the same two columns as another of the map's
/// `mappings` (`except` the place of the mapping being edited): two mappings of one pair
/// would copy the same value twice, the one wanted being edited in place. (Model choice:
/// the product's docs do not say. Only typed mappings are checked, as
/// [`no_empty_transform`]: files and logs that hold such pairs still load and replay.)
pub fn not_mapped_already(
    mappings: &[ColumnMapping],
    candidate: &ColumnMapping,
    except: Option<usize>,
) -> Result<(), String> {
    let same = |(i, m): &(usize, &ColumnMapping)| {
        Some(*i) != except && m.finops == candidate.finops && m.dataverse == candidate.dataverse
    };
    match mappings.iter().enumerate().find(same) {
        Some((_, m)) => Err(format!(
            "{} and {} are mapped to each other already ({}): edit that mapping instead",
            m.finops,
            m.dataverse,
            m.direction.describe()
        )),
        None => Ok(()),
    }
}

impl Simulator {
    /// The column of a row written to `table` of `side` that a refusal of that write is
    /// about, when it is one column's: a value that does not fit, an empty or duplicate
    /// key, a lookup with no target, or a live write rolled back because the other side
    /// refused one column (translated through the map's mappings to the column written
    /// here). The editor shows the error at that cell.
    pub fn refused_column(&self, error: &CommandError, side: Side, table: &str) -> Option<String> {
        let key = || {
            self.world
                .tables(side)
                .get(table)
                .and_then(|t| t.key.first().cloned())
        };
        match error {
            CommandError::Write(e) => match e {
                WriteError::BadValue { column, .. } | WriteError::EmptyKey { column, .. } => {
                    Some(column.clone())
                }
                WriteError::LookupNotFound { field, .. } => Some(field.clone()),
                WriteError::DuplicateKey { .. } => key(),
                _ => None,
            },
            CommandError::KeyChangeWhilePaused { .. } => key(),
            CommandError::RolledBack {
                map,
                side: target,
                error,
                ..
            } => {
                // The field as the error names it, and the side it is on: a value with no
                // value map entry names the field it came from (here), the others the
                // field of the side that could not be written.
                let (field, on) = match &**error {
                    SyncError::NoValueMapEntry { field, .. } => (field, side),
                    SyncError::LookupNotFound { field, .. }
                    | SyncError::Write(WriteError::LookupNotFound { field, .. })
                    | SyncError::Write(WriteError::BadValue { column: field, .. })
                    | SyncError::Write(WriteError::EmptyKey { column: field, .. }) => {
                        (field, *target)
                    }
                    SyncError::Write(WriteError::DuplicateKey { .. }) => return key(),
                    _ => return None,
                };
                fn names(c: &ColumnMapping, s: Side) -> &str {
                    match s {
                        Side::FinOps => &c.finops,
                        Side::Dataverse => c.dataverse_column(),
                    }
                }
                let m = self.map(map).ok()?;
                m.mappings
                    .iter()
                    .find(|c| c.field(on) == field || names(c, on) == field)
                    .map(|c| names(c, side).to_string())
            }
            _ => None,
        }
    }
}

impl Simulator {
    /// What a value of `mapping` of `map` may be on `side`, for a value map's pair: the
    /// choices of the column it reads or writes there (a lookup field's target keys).
    pub fn mapping_choices(&self, map: &str, mapping: &ColumnMapping, side: Side) -> Choices {
        let Ok(m) = self.map(map) else {
            return Choices::Text;
        };
        let table = m.table(side);
        let column = match side {
            Side::FinOps => mapping.finops.as_str(),
            Side::Dataverse => mapping.dataverse_column(),
        };
        self.world
            .tables(side)
            .get(table)
            .and_then(|t| t.position(column))
            .map_or(Choices::Text, |at| self.world.choices(side, table, at))
    }

    /// An event in words, as the feed shows it: a row written is named as the grids name
    /// it, by its key and its table's label, while it exists (a deleted row keeps its
    /// number; [`Session::event_in_words`] names it by the key it had).
    pub fn event_in_words(&self, event: &Event) -> String {
        self.event_words(event, None)
    }

    /// [`Simulator::event_in_words`], with the cells a row this state no longer holds had
    /// (`gone`), when they are known.
    pub(crate) fn event_words(&self, event: &Event, gone: Option<&[Value]>) -> String {
        let about_a_row = match event {
            Event::LeftFilter {
                map,
                side,
                table,
                row,
            } => Some((map, side, table, row, crate::sim::LEFT_FILTER)),
            Event::NotSynced {
                map,
                side,
                table,
                row,
                reason,
            } => Some((map, side, table, row, reason.words())),
            _ => None,
        };
        if let Some((map, side, table, row, words)) = about_a_row {
            let named = self.world.tables(*side).get(table).and_then(|t| {
                let cells = t.rows.get(row).map(|r| &r[..]).or(gone)?;
                Some(format!(
                    "row {} of {side} {}",
                    t.describe(*row, cells),
                    t.label
                ))
            });
            return match named {
                Some(named) => format!("{map}: {named} {words}"),
                None => event.to_string(),
            };
        }
        let Event::RowWritten {
            side,
            table,
            row,
            kind,
            map,
        } = event
        else {
            return event.to_string();
        };
        let Some((t, cells)) = self
            .world
            .tables(*side)
            .get(table)
            .and_then(|t| Some((t, t.rows.get(row).map(|r| &r[..]).or(gone)?)))
        else {
            return event.to_string();
        };
        let verb = match kind {
            ChangeKind::Create => "created",
            ChangeKind::Update => "updated",
            ChangeKind::Delete => "deleted",
        };
        let (key, label) = (t.describe(*row, cells), &t.label);
        match map {
            Some(m) => format!("{m} {verb} row {key} of {side} {label}"),
            None => format!("Row {key} of {side} {label} {verb}"),
        }
    }
}

impl Simulator {
    /// A command in words, as the notices and the history say it, naming a row by its key
    /// and its table by its label ("Row USD saved in Finance and operations apps
    /// Currencies") where this state knows them; otherwise as the command says itself.
    pub fn command_in_words(&self, command: &Command) -> String {
        let known = self.known_before(command);
        self.words_naming(command, known.as_deref(), false, Tense::Done)
    }

    /// `command` as a step still to take from this state, in words ("Save row USD in
    /// Dataverse Currencies: currencyname = \"B\"", "Pause: Currencies"): what "Show me"
    /// says it plays next. [`Simulator::command_in_words`] says what it did.
    pub fn step_in_words(&self, command: &Command) -> String {
        let known = match command {
            Command::SetMappings { map, mappings } => {
                self.mappings_change_in_words(map, mappings, Tense::ToDo)
            }
            _ => self.known_before(command),
        };
        self.words_naming(command, known.as_deref(), false, Tense::ToDo)
    }

    /// What only the state before `command` can say of it, which the history keeps
    /// beside the command to word it later ([`Simulator::command_in_words`] reads it
    /// from the state before the command itself):
    /// - an update or a delete from a grid (a row named by [`RowRef::Id`]): the key of
    ///   its row, which the command (or a later one) may delete;
    /// - a Run that resumes paused maps: its words, saying which maps it resumes (after
    ///   it, they are no longer paused);
    /// - table mappings saved: the one mapping they add, delete or change.
    pub fn known_before(&self, command: &Command) -> Option<String> {
        if let Command::Run {
            maps,
            initial_sync,
            resume,
        } = command
        {
            return self.run_resuming_in_words(maps, *initial_sync, *resume);
        }
        if let Command::SetMappings { map, mappings } = command {
            return self.mappings_change_in_words(map, mappings, Tense::Done);
        }
        self.row_named_by_id(command)
    }

    /// Table mappings saved, said by the one mapping they add, delete or change ("Mapping
    /// PARTYTYPE <> customertypecode deleted from Customers V3 (10 mappings left)"), from
    /// the mappings before; `None` when more than one changed (the command's own words
    /// say how many there are).
    fn mappings_change_in_words(
        &self,
        map: &str,
        new: &[ColumnMapping],
        tense: Tense,
    ) -> Option<String> {
        let old = &self.map(map).ok()?.mappings;
        // The one place where `longer` has an item that `shorter` lacks, the rest equal.
        let extra = |longer: &[ColumnMapping], shorter: &[ColumnMapping]| {
            (longer.len() == shorter.len() + 1)
                .then(|| {
                    (0..longer.len())
                        .find(|&i| longer[..i] == shorter[..i] && longer[i + 1..] == shorter[i..])
                })
                .flatten()
        };
        let n = new.len();
        let mappings = if n == 1 { "mapping" } else { "mappings" };
        if let Some(i) = extra(old, new) {
            let label = old[i].label();
            return Some(match tense {
                Tense::Done => format!("Mapping {label} deleted from {map} ({n} {mappings} left)"),
                Tense::ToDo => format!("Delete mapping {label} from {map} ({n} {mappings} left)"),
            });
        }
        if let Some(i) = extra(new, old) {
            let label = new[i].label();
            return Some(match tense {
                Tense::Done => format!("Mapping {label} added to {map} ({n} {mappings})"),
                Tense::ToDo => format!("Add mapping {label} to {map} ({n} {mappings})"),
            });
        }
        let mut changed = (0..n.min(old.len())).filter(|&i| old.len() == n && old[i] != new[i]);
        match (changed.next(), changed.next()) {
            (Some(i), None) => Some(format!(
                "{} {} of {map}{}",
                tense.pick("Mapping", "Change mapping"),
                new[i].label(),
                tense.pick(" changed", "")
            )),
            _ => None,
        }
    }

    /// A Run's words when some of its maps are paused: those it resumes, named apart
    /// with the resume option's label ("Run to resume (Catch up synchronization of queued
    /// records): Customers V3"; "Run: Currencies; run to resume (...): Customers V3").
    fn run_resuming_in_words(
        &self,
        maps: &[RunEntry],
        initial_sync: InitialSync,
        resume: ResumeOption,
    ) -> Option<String> {
        let paused = |e: &&RunEntry| {
            self.map(&e.map)
                .is_ok_and(|m| m.status.kind() == StatusKind::Paused)
        };
        let (resumed, run): (Vec<&RunEntry>, Vec<&RunEntry>) = maps.iter().partition(paused);
        if resumed.is_empty() {
            return None;
        }
        // The product's words for the option, as the activity log has them.
        let how = resume.label();
        let names = resumed
            .iter()
            .map(|e| e.map.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        if run.is_empty() {
            return Some(format!("Run to resume ({how}): {names}"));
        }
        // The maps run anew read as the command says them, with its initial sync.
        let run_anew = Command::Run {
            maps: run.into_iter().cloned().collect(),
            initial_sync,
            resume,
        };
        Some(format!("{run_anew}; run to resume ({how}): {names}"))
    }

    /// The key of the row that `command` names by its id ([`RowRef::Id`]: an update or a
    /// delete from a grid), as this state knows it.
    fn row_named_by_id(&self, command: &Command) -> Option<String> {
        let (Command::UpdateRow {
            side, table, row, ..
        }
        | Command::DeleteRow {
            side, table, row, ..
        }) = command
        else {
            return None;
        };
        let RowRef::Id(id) = row else {
            return None;
        };
        let t = self.world.tables(*side).get(table)?;
        t.rows.get(id).map(|r| t.describe(*id, r))
    }

    /// [`Simulator::command_in_words`], with the key of the row the command names by its
    /// id when it is known from before (see [`Simulator::row_named_by_id`]).
    /// A write dual-write `rolled_back` says so, rather than "saved".
    pub(crate) fn words_naming(
        &self,
        command: &Command,
        known: Option<&str>,
        rolled_back: bool,
        tense: Tense,
    ) -> String {
        let plain = || command.in_tense(tense).to_string();
        // (The verb as done, and as a step to take.)
        let (side, table, (verb, to_do)) = match command {
            Command::CreateRow { side, table, .. } => (*side, table, ("created", "Create")),
            Command::UpdateRow { side, table, .. } => (*side, table, ("saved", "Save")),
            Command::DeleteRow { side, table, .. } => (*side, table, ("deleted", "Delete")),
            Command::Run { .. } | Command::SetMappings { .. } => {
                return known.map_or_else(plain, str::to_string)
            }
            _ => return plain(),
        };
        let (not, rolled) = if rolled_back {
            ("not ", " (rolled back on both sides)")
        } else {
            ("", "")
        };
        let Some(t) = self.world.tables(side).get(table) else {
            return plain();
        };
        let joined = |values: Vec<String>| values.join(", ");
        let key = match command {
            Command::CreateRow { cells, .. } => t
                .key
                .iter()
                .map(|k| cells.get(k).map(|v| v.to_string()))
                .collect::<Option<Vec<_>>>()
                .map(joined),
            Command::UpdateRow { row, .. } | Command::DeleteRow { row, .. } => match row {
                RowRef::Key(values) => Some(joined(values.iter().map(|v| v.to_string()).collect())),
                RowRef::Id(id) => known
                    .map(str::to_string)
                    .or_else(|| t.rows.get(id).map(|r| t.describe(*id, r))),
            },
            _ => None,
        };
        // An update says what it wrote, as the queue does.
        let wrote = match command {
            Command::UpdateRow { cells, .. } if !cells.is_empty() => format!(
                ": {}",
                crate::value::cells_in_words(cells.iter().map(|(n, v)| (n.as_str(), Some(v))))
            ),
            _ => String::new(),
        };
        if tense == Tense::ToDo {
            return match key {
                Some(key) => format!("{to_do} row {key} in {side} {}{wrote}", t.label),
                None => format!("{to_do} a row in {side} {}{wrote}", t.label),
            };
        }
        match key {
            Some(key) => format!("Row {key} {not}{verb} in {side} {}{wrote}{rolled}", t.label),
            None => format!("Row {not}{verb} in {side} {}{wrote}{rolled}", t.label),
        }
    }
}

impl Session {
    /// An event of the last command in words ([`Simulator::event_in_words`]), naming a
    /// row that command deleted by the key it had.
    pub fn event_in_words(&self, event: &Event) -> String {
        let gone = match event {
            Event::RowWritten {
                side, table, row, ..
            }
            | Event::NotSynced {
                side, table, row, ..
            } => self
                .state()
                .world
                .tables(*side)
                .position(table)
                .and_then(|at| self.last_written_before(*side, at, *row)),
            _ => None,
        };
        self.state().event_words(event, gone)
    }

    /// The rows of `table` on `side` that the last step wrote (created, changed or
    /// deleted), whether the user or dual-write wrote them, or that an undo, a redo or a
    /// move in the history put back, each once: what the app highlights after each step.
    pub fn last_written(&self, side: Side, table: &str) -> Vec<RowId> {
        let Some(at) = self.state().world.tables(side).position(table) else {
            return Vec::new();
        };
        let mut seen = std::collections::HashSet::new();
        self.touched()
            .iter()
            .filter(|(s, t, _)| *s == side && *t == at)
            .map(|(_, _, id)| *id)
            .filter(|id| seen.insert(*id))
            .collect()
    }
}
