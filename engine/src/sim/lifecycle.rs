//! The lifecycle: Run (with or without initial sync, or resuming), Stop, Pause, Skip to
//! live sync and Rerun, all or nothing over the selected maps.

use super::*;

impl Simulator {
    /// Checks that every selected map allows `action`; names the first that does not.
    pub(super) fn check_all(
        &self,
        names: &[&str],
        action: Action,
    ) -> Result<Vec<usize>, CommandError> {
        if names.is_empty() {
            return Err(CommandError::NothingSelected);
        }
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let i = self.index(name)?;
            if out.contains(&i) {
                return Err(CommandError::SelectedTwice(name.to_string()));
            }
            out.push(i);
        }
        for (name, &i) in names.iter().zip(&out) {
            let status = self.maps[i].status.kind();
            if !status.allows(action) {
                return Err(CommandError::NotAllowed {
                    map: name.to_string(),
                    action,
                    status,
                    allowed: status.allowed().to_vec(),
                });
            }
        }
        Ok(out)
    }

    /// Why `action` is not offered for these maps, as the command would be refused: the
    /// first map whose status does not allow it (or none selected); `None` when it is
    /// offered. The app says this when a disabled action's shortcut is pressed.
    pub fn why_not(&self, names: &[&str], action: Action) -> Option<CommandError> {
        self.check_all(names, action).err()
    }

    /// Why the product's Resume button is not offered for these maps: it is there for
    /// Paused maps only (it runs them with a resume option, as Run on a Paused map does);
    /// `None` when every map is Paused.
    pub fn why_not_resume(&self, names: &[&str]) -> Option<String> {
        for name in names {
            let status = match self.map(name) {
                Ok(m) => m.status.kind(),
                Err(e) => return Some(e.to_string()),
            };
            if status != StatusKind::Paused {
                return Some(format!(
                    "Resume is not available for '{name}': it is {status}, and only a Paused map resumes"
                ));
            }
        }
        self.why_not(names, Action::Run).map(|e| e.to_string())
    }

    pub(super) fn run(
        &mut self,
        entries: &[RunEntry],
        initial: InitialSync,
        resume: ResumeOption,
    ) -> Outcome {
        let names: Vec<&str> = entries.iter().map(|e| e.map.as_str()).collect();
        let idx = self.check_all(&names, Action::Run)?;
        for &i in &idx {
            if self.maps[i].status.kind() == StatusKind::NotRunning {
                let plan = Plan::new(&self.world, &self.maps[i])?;
                plan.check_alternate_key()?;
            }
        }
        let mut events = Vec::new();
        for (entry, &i) in entries.iter().zip(&idx) {
            if let Some(m) = entry.master {
                self.map_mut(i).master = m;
            }
            if self.maps[i].status.kind() == StatusKind::Paused {
                self.resume(i, resume, &mut events);
                continue;
            }
            let map = self.map_mut(i);
            map.active_alerts = map.alerts.clone();
            map.error_times.clear();
            match initial {
                InitialSync::Skip => {
                    self.log_now(i, "Initial sync skipped");
                    self.set_status(i, MapStatus::Running, &mut events);
                }
                InitialSync::Run => self.start_initial_sync(i, &mut events),
            }
        }
        Ok(events)
    }

    pub(super) fn start_initial_sync(&mut self, i: usize, events: &mut Vec<Event>) {
        let (counts, warnings) = match Plan::new(&self.world, &self.maps[i]) {
            Ok(p) => self.limit_warnings(&p),
            Err(_) => (0, Vec::new()),
        };
        let master = self.maps[i].master;
        self.log_now(
            i,
            format!(
                "Initial sync started ({} rows, master: {master})",
                thousands(counts)
            ),
        );
        for message in warnings {
            self.log_now(i, format!("Warning: {message}"));
            events.push(Event::Warning {
                map: self.maps[i].name.clone(),
                message,
            });
        }
        self.set_status(
            i,
            MapStatus::Initializing {
                done: 0,
                total: counts,
                work: None,
            },
            events,
        );
        self.init_order.push(self.maps[i].name.clone());
    }

    /// The number of rows an initial sync of `plan` reads, and the documented limits it
    /// goes over, as warnings [initial-sync-guidance.md].
    pub(super) fn limit_warnings(&self, plan: &Plan) -> (u64, Vec<String>) {
        let mut out = Vec::new();
        let mut rows = 0;
        if let Ok(table) = plan.table(&self.world, Side::FinOps) {
            let in_scope = table
                .rows
                .values()
                .filter(|row| plan.in_scope(table, Side::FinOps, row));
            let mut per_company: FxHashMap<&Value, usize> = FxHashMap::default();
            match table.company.as_deref().and_then(|c| table.position(c)) {
                Some(p) => {
                    for row in in_scope {
                        rows += 1;
                        *per_company.entry(&row[p]).or_default() += 1;
                    }
                }
                None => {
                    rows = in_scope.count();
                    per_company.insert(&Value::Null, rows);
                }
            }
            let mut per_company: Vec<(String, usize)> = per_company
                .into_iter()
                .map(|(company, n)| (company.to_string(), n))
                .collect();
            crate::order::sort(&mut per_company);
            for (company, n) in per_company {
                if n > INITIAL_SYNC_ROWS_PER_COMPANY {
                    let whom = if company.is_empty() {
                        String::new()
                    } else {
                        format!(" in {company}")
                    };
                    out.push(format!(
                        "{} rows{whom}: an initial sync handles at most {} rows per run and legal entity",
                        thousands(n as u64),
                        thousands(INITIAL_SYNC_ROWS_PER_COMPANY as u64)
                    ));
                }
            }
        }
        let dv_rows = plan.table(&self.world, Side::Dataverse).map_or(0, |table| {
            table
                .rows
                .values()
                .filter(|row| plan.in_scope(table, Side::Dataverse, row))
                .count()
        });
        rows += dv_rows;
        if dv_rows > DATAVERSE_TO_FINOPS_ROWS {
            out.push(format!(
                "{} Dataverse rows: copying more than {} rows from Dataverse to finance and operations is discouraged for single-threaded entities such as Customers V3 (if this map's entity is one, migrate the data into finance and operations first and let the initial sync copy it to Dataverse)",
                thousands(dv_rows as u64),
                thousands(DATAVERSE_TO_FINOPS_ROWS as u64)
            ));
        }
        let lookups = plan
            .map
            .mappings
            .iter()
            .filter(|m| m.lookup_column().is_some())
            .count();
        if lookups >= MAX_LOOKUPS {
            out.push(format!(
                "{lookups} lookups: maps with {MAX_LOOKUPS} or more lookups fail when the initial sync runs from Dataverse"
            ));
        }
        (rows as u64, out)
    }

    pub(super) fn resume(&mut self, i: usize, option: ResumeOption, events: &mut Vec<Event>) {
        let MapStatus::Paused { queue } = std::mem::take(&mut self.map_mut(i).status) else {
            return;
        };
        self.map_mut(i).status = MapStatus::Paused {
            queue: Queue::default(),
        };
        self.log_now(i, format!("Resumed: {}", option.label()));
        match option {
            ResumeOption::CatchUp => {
                let total = queue.changes.len() as u64;
                self.set_status(
                    i,
                    MapStatus::Resuming {
                        queue,
                        done: 0,
                        total,
                    },
                    events,
                );
            }
            ResumeOption::SkipPreservingErrors => {
                self.preserve(i, queue, events);
                self.set_status(i, MapStatus::Running, events);
            }
            ResumeOption::SkipDiscarding => {
                let n = queue.changes.len();
                self.map_mut(i).discarded += n as u64;
                self.log_now(
                    i,
                    format!("{} queued record(s) discarded", thousands(n as u64)),
                );
                self.discarded_warning(i, n, events);
                self.set_status(i, MapStatus::Running, events);
            }
        }
    }

    /// Queued records discarded leave the two sides apart on those rows: said, as needing
    /// attention (nothing plays them back).
    fn discarded_warning(&self, i: usize, n: usize, events: &mut Vec<Event>) {
        if n > 0 {
            events.push(Event::Warning {
                map: self.maps[i].name.clone(),
                message: format!(
                    "{} queued record(s) discarded: not played back, so the two sides may differ on those rows",
                    thousands(n as u64)
                ),
            });
        }
    }

    pub(super) fn preserve(&mut self, i: usize, queue: Queue, events: &mut Vec<Event>) {
        let n = queue.changes.len();
        if n > 0 {
            self.log_now(
                i,
                format!(
                    "Skipped to live sync; {} queued record(s) preserved as catch-up errors, for retry",
                    thousands(n as u64)
                ),
            );
        }
        let records = queue.changes.front().zip(queue.changes.back());
        let records = records.map(|(first, last)| (first.seq, last.seq));
        for change in queue.changes {
            self.keep_catch_up_error(
                i,
                change,
                "Skipped to live synchronization; preserved for retry".into(),
            );
        }
        // One event for the whole queue, as a catch-up's progress is (a queue of
        // thousands is not thousands of lines in the feed); the tab lists each.
        if let Some((first, last)) = records {
            let which = if first == last {
                format!("queued record #{first}")
            } else {
                format!("queued records #{first} to #{last}")
            };
            events.push(Event::Warning {
                map: self.maps[i].name.clone(),
                message: format!(
                    "{} queued record(s) preserved as catch-up errors ({which}), not played back until retried from the Catch-up errors tab",
                    thousands(n as u64)
                ),
            });
        }
    }

    pub(super) fn stop_or_pause(&mut self, names: &[String], action: Action) -> Outcome {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let idx = self.check_all(&refs, action)?;
        let mut events = Vec::new();
        for i in idx {
            let status = if action == Action::Stop {
                MapStatus::NotRunning
            } else {
                MapStatus::Paused {
                    queue: Queue::new(self.clock),
                }
            };
            self.set_status(i, status, &mut events);
        }
        Ok(events)
    }

    pub(super) fn skip_to_live(&mut self, names: &[String], preserve: bool) -> Outcome {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let idx = self.check_all(&names, Action::SkipToLiveSync)?;
        let mut events = Vec::new();
        for i in idx {
            let MapStatus::Resuming { queue, .. } = std::mem::take(&mut self.map_mut(i).status)
            else {
                continue;
            };
            self.map_mut(i).status = MapStatus::Resuming {
                queue: Queue::default(),
                done: 0,
                total: 0,
            };
            if preserve {
                self.preserve(i, queue, &mut events);
            } else {
                let n = queue.changes.len();
                self.map_mut(i).discarded += n as u64;
                self.log_now(
                    i,
                    format!(
                        "Skipped to live sync; {} queued record(s) discarded",
                        thousands(n as u64)
                    ),
                );
                self.discarded_warning(i, n, &mut events);
            }
            self.set_status(i, MapStatus::Running, &mut events);
        }
        Ok(events)
    }

    pub(super) fn rerun(&mut self, names: &[String]) -> Outcome {
        if names.is_empty() {
            return Err(CommandError::NothingSelected);
        }
        for name in names {
            self.index(name)?;
            if !self.can_rerun(name) {
                return Err(CommandError::NothingToRerun(name.to_string()));
            }
        }
        let entries: Vec<RunEntry> = names.iter().map(|n| RunEntry::map(n)).collect();
        self.run(&entries, InitialSync::Run, ResumeOption::CatchUp)
    }

    /// An initial sync that could not go on (its map no longer fits its tables).
    pub(super) fn abandon_initial_sync(
        &mut self,
        i: usize,
        e: CommandError,
        events: &mut Vec<Event>,
    ) {
        self.log_now(i, format!("Initial sync could not go on: {e}"));
        self.set_status(i, MapStatus::NotRunning, events);
    }

    /// Records a finished initial sync and moves the map on (Running, or Not running
    /// with its errors).
    pub(super) fn finish_initial_sync(
        &mut self,
        i: usize,
        mut exec: crate::map::Execution,
        events: &mut Vec<Event>,
    ) {
        exec.time = self.clock;
        let id = exec.id.clone();
        let summary = format!(
            "Dual write Initial Sync completed with status: {:?}. Finance and operations apps to Dataverse: {} read, {} created, {} updated, {} failed. Dataverse to finance and operations apps: {} read, {} created, {} updated, {} failed. {} conflicts settled by {}.",
            exec.status,
            thousands(exec.to_dataverse.read),
            thousands(exec.to_dataverse.created),
            thousands(exec.to_dataverse.updated),
            thousands(exec.to_dataverse.failed),
            thousands(exec.to_finops.read),
            thousands(exec.to_finops.created),
            thousands(exec.to_finops.updated),
            thousands(exec.to_finops.failed),
            thousands(exec.conflicts.len() as u64),
            exec.master,
        );
        self.log_now(i, summary);
        events.push(Event::InitialSyncFinished {
            map: self.maps[i].name.clone(),
            execution: id,
            status: exec.status,
            failed: exec.errors.len(),
            conflicts: exec.conflicts.len(),
        });
        let status = exec.status;
        self.map_mut(i).executions.push_back(exec);
        let next = match status {
            ExecutionStatus::Completed => MapStatus::Running,
            ExecutionStatus::Error => MapStatus::NotRunning,
        };
        self.set_status(i, next, events);
    }
}
