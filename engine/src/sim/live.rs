//! Writes made by users on either side, and what dual-write does with them: written to
//! the other side in the same transaction, queued by a paused map, or rolled back.

use super::*;
use std::sync::Arc;

impl Simulator {
    pub(super) fn find_row(
        &self,
        side: Side,
        table: &str,
        row: &RowRef,
    ) -> Result<RowId, CommandError> {
        let t = self.world.table(side, table)?;
        let id = match row {
            RowRef::Id(id) => t.rows.contains_key(id).then_some(*id),
            RowRef::Key(key) => t.find_by_key_values(key),
        };
        id.ok_or_else(|| {
            CommandError::Write(WriteError::UnknownRow {
                table: table.to_string(),
                row: match row {
                    RowRef::Id(id) => id.to_string(),
                    RowRef::Key(k) => format!(
                        "with key ({})",
                        k.iter()
                            .map(|v| v.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            })
        })
    }

    pub(super) fn fill(
        &self,
        side: Side,
        table: &str,
        mut row: Vec<Value>,
        cells: &BTreeMap<String, Value>,
    ) -> Result<Vec<Value>, CommandError> {
        let t = self.world.table(side, table)?;
        for (c, v) in cells {
            let p = t.position(c).ok_or_else(|| WriteError::UnknownColumn {
                table: table.to_string(),
                column: c.clone(),
            })?;
            row[p] = v.clone();
        }
        Ok(row)
    }

    pub(super) fn create_row(
        &mut self,
        side: Side,
        table: &str,
        cells: &BTreeMap<String, Value>,
    ) -> Outcome {
        let width = self.world.table(side, table)?.columns.len();
        let row = self.fill(side, table, vec![Value::Null; width], cells)?;
        let id = self.world.next_id(side, table);
        self.write(side, table, id, None, Some(row))
    }

    pub(super) fn update_row(
        &mut self,
        side: Side,
        table: &str,
        row: &RowRef,
        cells: &BTreeMap<String, Value>,
    ) -> Outcome {
        let id = self.find_row(side, table, row)?;
        let old = self.world.table(side, table)?.rows[&id].clone();
        let new = self.fill(side, table, old.clone(), cells)?;
        self.write(side, table, id, Some(old), Some(new))
    }

    pub(super) fn delete_row(&mut self, side: Side, table: &str, row: &RowRef) -> Outcome {
        let id = self.find_row(side, table, row)?;
        let old = self.world.table(side, table)?.rows[&id].clone();
        self.write(side, table, id, Some(old), None)
    }

    /// A user write and what dual-write does with it, as one transaction.
    pub(super) fn write(
        &mut self,
        side: Side,
        table: &str,
        id: RowId,
        old: Option<Vec<Value>>,
        new: Option<Vec<Value>>,
    ) -> Outcome {
        self.faults.check(side)?;
        let new = match new {
            Some(row) => Some(self.world.check_row(side, table, Some(id), row)?),
            None => None,
        };
        // Which maps see this change, and how (decided before writing).
        struct Touch {
            map: usize,
            old_key: Vec<Value>,
            live: bool,
            /// An update that brings the row into the filter: the whole row is pushed.
            entering: bool,
        }
        let mut touches = Vec::new();
        // Maps whose filter this update takes the row out of (said after the write).
        let mut left = Vec::new();
        // Maps this write gives nothing to sync, and why (said after the write).
        let mut not_synced = Vec::new();
        // Initial syncs under way, with the keys this write touches (synced at their end).
        let mut initializing: Vec<(usize, Vec<Vec<Value>>)> = Vec::new();
        for (i, m) in self.maps.iter().enumerate() {
            if m.table(side) != table {
                continue;
            }
            let live = match m.status.kind() {
                StatusKind::Running => true,
                StatusKind::Paused | StatusKind::Resuming => false,
                StatusKind::Initializing => {
                    if let Ok(plan) = Plan::new(&self.world, m) {
                        let keys = [&old, &new]
                            .into_iter()
                            .flatten()
                            .map(|r| plan.key_of(side, r))
                            .collect();
                        initializing.push((i, keys));
                    }
                    continue;
                }
                _ => continue,
            };
            let Ok(plan) = Plan::new(&self.world, m) else {
                continue;
            };
            let tbl = &self.world.tables(side)[table];
            let in_before = old.as_ref().is_some_and(|r| plan.in_scope(tbl, side, r));
            let in_after = new.as_ref().is_some_and(|r| plan.in_scope(tbl, side, r));
            if in_before && !in_after && new.is_some() {
                left.push(m.name.clone());
            }
            let relevant = match (&old, &new) {
                (None, Some(_)) => in_after,
                (Some(_), None) => in_before,
                // A row that enters the filter is pushed whole, whatever column moved it.
                (Some(o), Some(n)) => in_after && (!in_before || plan.mapped_change(side, o, n)),
                (None, None) => false,
            };
            if !relevant {
                let why = match (&old, &new) {
                    (None, None) => None,
                    // Left the filter: said as such.
                    (Some(_), Some(_)) if in_before && !in_after => None,
                    (Some(o), Some(n)) if in_after && o == n => {
                        Some(NotSyncedReason::NothingChanged)
                    }
                    (Some(_), Some(_)) if in_after => Some(NotSyncedReason::NoMappedChange),
                    _ => Some(NotSyncedReason::OutsideFilter),
                };
                not_synced.extend(why.map(|why| (m.name.clone(), why)));
                continue;
            }
            if !live {
                let queued = m.status.queue().map_or(0, |q| q.changes.len());
                if queued >= m.queue_capacity {
                    return Err(CommandError::QueueFull {
                        map: m.name.clone(),
                        capacity: m.queue_capacity,
                        status: m.status.kind(),
                    });
                }
            }
            let old_key = plan.key_of(side, old.as_ref().or(new.as_ref()).map_or(&[][..], |r| r));
            // Queued changes find their row by its integration key (model choice).
            if let (false, Some(n)) = (live, &new) {
                if old.is_some() && plan.key_of(side, n) != old_key {
                    return Err(CommandError::KeyChangeWhilePaused {
                        map: m.name.clone(),
                        status: m.status.kind(),
                    });
                }
            }
            touches.push(Touch {
                map: i,
                old_key,
                live,
                entering: old.is_some() && new.is_some() && !in_before,
            });
        }

        let mut journal = Journal::default();
        self.world.put(side, table, id, new.clone(), &mut journal);
        let kind = match (&old, &new) {
            (None, _) => ChangeKind::Create,
            (Some(_), None) => ChangeKind::Delete,
            _ => ChangeKind::Update,
        };
        let mut events = vec![Event::RowWritten {
            side,
            table: SmolStr::new(table),
            row: id,
            kind,
            map: None,
        }];
        events.extend(left.into_iter().map(|map| Event::LeftFilter {
            map,
            side,
            table: SmolStr::new(table),
            row: id,
        }));
        events.extend(
            not_synced
                .into_iter()
                .map(|(map, reason)| Event::NotSynced {
                    map,
                    side,
                    table: SmolStr::new(table),
                    row: id,
                    reason,
                }),
        );
        let available = self.availability();
        for t in &touches {
            if !t.live {
                continue;
            }
            let result = Plan::new(&self.world, &self.maps[t.map])
                .map_err(|e| SyncError::InvalidMap(e.to_string()))
                .and_then(|plan| {
                    sync::apply_change(
                        &plan,
                        &mut self.world,
                        side,
                        &t.old_key,
                        new.as_deref().map(Source::Row),
                        sync::Only::ALL,
                        available,
                        &mut journal,
                    )
                });
            match result {
                Ok(written) => self.note_written(t.map, written, &mut events),
                Err(error) => {
                    self.world.roll_back(&mut journal);
                    let name = self.maps[t.map].name.clone();
                    let row = describe_key(&t.old_key);
                    self.log_now(
                        t.map,
                        format!("Live write rolled back (row {row}): {error}"),
                    );
                    let mut events = Vec::new();
                    self.count_error(t.map, error.error_type(), &mut events);
                    return Err(CommandError::RolledBack {
                        map: name,
                        side: side.other(),
                        error: Box::new(error),
                        events,
                    });
                }
            }
        }
        // Initial syncs under way note the row once the transaction stands.
        for (i, keys) in initializing {
            if let MapStatus::Initializing {
                work: Some(work), ..
            } = &mut self.map_mut(i).status
            {
                for key in keys {
                    work.note_written(side, key);
                }
            }
        }
        // Queue for the paused maps only once the transaction stands.
        let tbl = &self.world.tables(side)[table];
        let row: Option<Vec<(SmolStr, Value)>> = new.as_ref().map(|r| {
            tbl.columns
                .iter()
                .zip(r)
                .map(|(c, v)| (SmolStr::new(&c.name), v.clone()))
                .collect()
        });
        let changed: Vec<SmolStr> = match (&old, &new) {
            (Some(o), Some(n)) => tbl
                .columns
                .iter()
                .zip(o.iter().zip(n))
                .filter(|(_, (a, b))| a != b)
                .map(|(c, _)| SmolStr::new(&c.name))
                .collect(),
            _ => Vec::new(),
        };
        for t in touches.iter().filter(|t| !t.live) {
            let map = Arc::make_mut(&mut self.maps[t.map]);
            // A row entering the filter is pushed whole, as a live write pushes it.
            let changed = if t.entering {
                tbl.columns.iter().map(|c| SmolStr::new(&c.name)).collect()
            } else {
                changed.clone()
            };
            let change = QueuedChange {
                seq: map.next_seq,
                time: self.clock,
                origin: side,
                kind,
                key: t.old_key.clone(),
                row: row.clone(),
                changed,
            };
            map.next_seq += 1;
            events.push(Event::Queued {
                map: map.name.clone(),
                seq: change.seq,
            });
            match &mut map.status {
                MapStatus::Paused { queue } => queue.push(change),
                MapStatus::Resuming { queue, total, .. } => {
                    *total += 1;
                    queue.push(change);
                }
                _ => {}
            }
        }
        Ok(events)
    }
}
