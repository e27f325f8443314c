//! The clock: each tick advances initial syncs and plays back a batch of each Resuming
//! map's queue; catch-up errors and their retry.

use super::*;
use crate::sync::InitialWork;
use std::sync::Arc;

impl Simulator {
    pub(super) fn catch_up_error(
        &mut self,
        i: usize,
        change: QueuedChange,
        message: String,
        events: &mut Vec<Event>,
    ) {
        let record = change.seq;
        let id = self.keep_catch_up_error(i, change, message.clone());
        events.push(Event::CatchUpFailed {
            map: self.maps[i].name.clone(),
            id,
            record,
            message,
        });
    }

    /// Adds a pending catch-up error for `change` to map `i`, unsaid; its number.
    pub(super) fn keep_catch_up_error(
        &mut self,
        i: usize,
        change: QueuedChange,
        message: String,
    ) -> u64 {
        let map = self.map_mut(i);
        let id = map.catch_up_errors.last().map_or(1, |e| e.id + 1);
        map.catch_up_errors.push_back(CatchUpError {
            id,
            change,
            message,
            retry: RetryStatus::Pending,
            retries: 0,
        });
        id
    }

    pub(super) fn retry(&mut self, name: &str, ids: Option<&[u64]>) -> Outcome {
        let i = self.index(name)?;
        let map = &self.maps[i];
        let status = map.status.kind();
        if status != StatusKind::Running {
            return Err(CommandError::RetryNotRunning {
                map: name.to_string(),
                status,
            });
        }
        let chosen: Vec<usize> = match ids {
            Some(ids) => ids
                .iter()
                .map(|id| {
                    map.catch_up_errors.iter().position(|e| e.id == *id).ok_or(
                        CommandError::UnknownCatchUpError {
                            map: name.to_string(),
                            id: *id,
                        },
                    )
                })
                .collect::<Result<_, _>>()?,
            None => (0..map.catch_up_errors.len()).collect(),
        };
        // Pending ones, in the order they were made; among them, as in a catch-up, the
        // most recent change wins, column by column.
        let mut chosen = chosen;
        chosen.retain(|&p| map.catch_up_errors[p].retry == RetryStatus::Pending);
        crate::order::sort_by_key(&mut chosen, |&p| map.catch_up_errors[p].change.seq);
        chosen.dedup();
        let mut retried = Queue::new(self.clock);
        for &p in &chosen {
            retried.push(map.catch_up_errors[p].change.clone());
        }
        let mut events = Vec::new();
        let available = self.availability();
        for pos in chosen {
            let change = self.maps[i].catch_up_errors[pos].change.clone();
            match self.play_one(i, &change, Some(&retried), available) {
                Ok(played) => {
                    for cell in &played.superseded {
                        self.log_now(i, describe_superseded(&change, cell));
                    }
                    // Said in the feed and the log alike.
                    let done = Event::RetryCompleted {
                        map: name.to_string(),
                        record: change.seq,
                        wrote: played.written.is_some(),
                    };
                    self.log_now(i, format!("Catch-up error on {}", done.retry_words()));
                    self.note_written(i, played.written, &mut events);
                    events.push(done);
                    let error = &mut self.map_mut(i).catch_up_errors[pos];
                    error.retry = RetryStatus::Completed;
                    error.retries += 1;
                }
                // Still pending, with the new reason; said, as a catch-up says it.
                Err(e) => {
                    let message = e.to_string();
                    let record = change.seq;
                    self.log_now(
                        i,
                        format!("Catch-up error on queued record #{record} retried: failed again: {message}"),
                    );
                    let error = &mut self.map_mut(i).catch_up_errors[pos];
                    error.message = message.clone();
                    error.retries += 1;
                    events.push(Event::CatchUpFailed {
                        map: name.to_string(),
                        id: error.id,
                        record: error.change.seq,
                        message,
                    });
                }
            }
        }
        Ok(events)
    }

    pub(super) fn note_written(
        &self,
        i: usize,
        written: Option<Propagated>,
        events: &mut Vec<Event>,
    ) {
        if let Some(p) = written {
            events.push(Event::RowWritten {
                side: p.side,
                table: SmolStr::new(self.maps[i].table(p.side)),
                row: p.row,
                kind: p.kind,
                map: Some(SmolStr::new(&self.maps[i].name)),
            });
        }
    }

    pub(super) fn tick(&mut self, events: &mut Vec<Event>) {
        self.clock = self.clock.saturating_add(self.settings.minutes_per_tick);
        let mut budget = self.settings.rows_per_tick;
        while budget > 0 && !self.init_order.is_empty() {
            let name = self.init_order[0].clone();
            let Ok(i) = self.index(&name) else {
                self.init_order.remove(0);
                continue;
            };
            let MapStatus::Initializing { done, total, work } =
                std::mem::take(&mut self.map_mut(i).status)
            else {
                self.init_order.remove(0);
                continue;
            };
            // The execution is numbered when its first batch is read.
            let started = match work {
                Some(work) => Ok(work),
                None => {
                    let id = format!("DWM-{:06}", self.next_execution);
                    let master = self.maps[i].master;
                    InitialWork::start(&self.world, &self.maps[i], master, id, self.clock).map(
                        |work| {
                            self.next_execution += 1;
                            Box::new(work)
                        },
                    )
                }
            };
            let available = self.availability();
            let stepped = started.and_then(|mut work| {
                sync::initial_sync_step(
                    &mut self.world,
                    &self.maps[i],
                    &mut work,
                    budget,
                    available,
                )
                .map(|(read, finished)| (work, read, finished))
            });
            let (work, read, finished) = match stepped {
                Ok(stepped) => stepped,
                Err(e) => {
                    self.map_mut(i).status = MapStatus::Initializing {
                        done,
                        total,
                        work: None,
                    };
                    self.init_order.remove(0);
                    self.abandon_initial_sync(i, e, events);
                    continue;
                }
            };
            budget = budget.saturating_sub(read);
            let done = (done + read).min(total);
            // The last batch is progress too: the progress said ends at all the rows, not
            // at those before the last tick (which read above the sync's end as rows
            // left unread). A sync read in one batch says only that it finished.
            if read > 0 && (!finished || done > read) {
                events.push(Event::InitialSyncProgress {
                    map: name.to_string(),
                    read,
                    done: if finished { total } else { done },
                    total,
                });
            }
            if !finished {
                self.map_mut(i).status = MapStatus::Initializing {
                    done,
                    total,
                    work: Some(work),
                };
                break;
            }
            self.map_mut(i).status = MapStatus::Initializing {
                done: total,
                total,
                work: None,
            };
            self.init_order.remove(0);
            self.finish_initial_sync(i, work.execution, events);
            // An empty map still takes a tick; a finished one frees the rest of the budget.
            if total == 0 || read == 0 {
                break;
            }
        }
        for i in 0..self.maps.len() {
            if matches!(self.maps[i].status, MapStatus::Resuming { .. }) {
                self.catch_up(i, events);
            }
            if let MapStatus::Paused { queue } = &self.maps[i].status {
                let age = self.clock.saturating_sub(queue.since);
                if age >= PAUSE_WARNING_MINUTES
                    && age < PAUSE_WARNING_MINUTES + self.settings.minutes_per_tick
                {
                    let message =
                        "The map has been paused for more than a day: resume it soon".to_string();
                    self.log_now(i, message.clone());
                    events.push(Event::Warning {
                        map: self.maps[i].name.clone(),
                        message,
                    });
                }
            }
        }
    }

    /// Plays back one queued change of map `i` in its own transaction.
    pub(super) fn play_one(
        &mut self,
        i: usize,
        change: &QueuedChange,
        queue: Option<&Queue>,
        available: Availability,
    ) -> Result<sync::Played, SyncError> {
        let plan = Plan::new(&self.world, &self.maps[i])
            .map_err(|e| SyncError::InvalidMap(e.to_string()))?;
        sync::play_back(
            &plan,
            &mut self.world,
            change,
            queue,
            available,
            &mut Journal::default(),
        )
    }

    /// Plays back the next batch of map `i`'s queue (`rows_per_tick` changes), in order,
    /// each in its own transaction; a change that fails becomes a catch-up error.
    pub(super) fn catch_up(&mut self, i: usize, events: &mut Vec<Event>) {
        let available = self.availability();
        let (batch, done, total) = match &mut Arc::make_mut(&mut self.maps[i]).status {
            MapStatus::Resuming { queue, done, total } => {
                let n = usize::try_from(self.settings.rows_per_tick)
                    .unwrap_or(usize::MAX)
                    .min(queue.changes.len());
                *done += n as u64;
                (queue.take(n), *done, *total)
            }
            _ => return,
        };
        // Failures are recorded after the batch: that needs the whole simulator.
        let mut failures: Vec<(QueuedChange, SyncError)> = Vec::new();
        let mut played = 0u64;
        let mut superseded: Vec<String> = Vec::new();
        match Plan::new(&self.world, &self.maps[i]) {
            Ok(plan) => {
                let mut journal = Journal::default();
                let queue = self.maps[i].status.queue();
                // By reference: the history may share the queue (a copy is made only of a
                // change that fails).
                for change in batch.iter() {
                    match sync::play_back(
                        &plan,
                        &mut self.world,
                        change,
                        queue,
                        available,
                        &mut journal,
                    ) {
                        Ok(outcome) => {
                            played += 1;
                            superseded.extend(
                                outcome
                                    .superseded
                                    .iter()
                                    .map(|cell| describe_superseded(change, cell)),
                            );
                        }
                        Err(e) => failures.push((change.clone(), e)),
                    }
                }
            }
            Err(e) => {
                let e = SyncError::InvalidMap(e.to_string());
                failures.extend(batch.into_iter().map(|c| (c, e.clone())));
            }
        }
        self.map_mut(i).played_back += played;
        let superseded_count = superseded.len() as u64;
        for line in superseded {
            self.log_now(i, line);
        }
        let failed = failures.len() as u64;
        for (change, e) in failures {
            // The failure first, then the alert it counts towards (alerts act only on
            // Running maps, so a catch-up is never cut short).
            let error_type = e.error_type();
            self.catch_up_error(i, change, e.to_string(), events);
            self.count_error(i, error_type, events);
        }
        events.push(Event::CatchUpProgress {
            map: self.maps[i].name.clone(),
            played,
            failed,
            superseded: superseded_count,
            done,
            total,
        });
        if let MapStatus::Resuming { queue, .. } = &self.maps[i].status {
            if queue.changes.is_empty() {
                self.log_now(i, "Catch-up finished");
                self.set_status(i, MapStatus::Running, events);
            }
        }
    }
}

/// The activity log's line for a queued cell that a later change superseded.
fn describe_superseded(change: &QueuedChange, cell: &sync::SupersededCell) -> String {
    let key = crate::value::describe_key(&change.key);
    let (from, to) = (change.origin, change.origin.other());
    match &cell.mapping {
        Some(mapping) => format!(
            "Catch-up: row ({key}), {mapping}: the queued {from} value '{}' (change {}) was superseded by the later {to} change {}, so it was not written to {to}, which had '{}' then (the most recent change to a cell is the one that stays; the later change is played in its turn)",
            cell.queued, change.seq, cell.by, cell.kept
        ),
        None => format!(
            "Catch-up: the queued {from} delete of row ({key}) (change {}) was superseded by the later {to} change {}, which keeps the row",
            change.seq, cell.by
        ),
    }
}
