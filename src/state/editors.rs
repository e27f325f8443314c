//! The inline editors' state (a row, an alert, a filter, a new mapping) and the
//! reducer's part that reads what was typed and sends it to the engine.

use std::collections::BTreeMap;

use dualwrite_engine::{
    AlertAction, AlertSetting, ColumnMapping, Command, Direction, ErrorType, RowId, RowRef, Side,
};

use super::*;
use dualwrite_engine::value::thousands;

/// A row being edited, or created when `row` is `None`: the text typed per column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowEditor {
    /// Side of the table.
    pub side: Side,
    /// Table name.
    pub table: String,
    /// The row, or `None` for a new one.
    pub row: Option<RowId>,
    /// Text per column, in column order.
    pub draft: Vec<String>,
    /// The text per column when the editor opened: what "unsaved" compares with.
    pub original: Vec<String>,
    /// Why the last save was refused: at a column (its place), or for the row.
    pub error: Option<(Option<usize>, String)>,
    /// The column (its place) the editor opens at, when Show row named one (a failed
    /// row's field, a conflict's column); else its first field.
    pub focus: Option<usize>,
    /// Saves refused so far: each takes the focus to the field refused, the same one
    /// again included.
    pub refusals: u32,
}

impl RowEditor {
    /// An editor on `draft` (a row's cells as text, or empty cells for a new row).
    pub fn new(side: Side, table: String, row: Option<RowId>, draft: Vec<String>) -> RowEditor {
        RowEditor {
            side,
            table,
            row,
            original: draft.clone(),
            draft,
            error: None,
            focus: None,
            refusals: 0,
        }
    }

    /// Whether something was typed and not saved: the draft differs from what the
    /// editor opened with (the row may have changed since, by a sync: that is not the
    /// trainee's typing).
    pub fn unsaved(&self) -> bool {
        self.draft != self.original
    }
}

/// A new alert setting being filled in for a map: the text typed per number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertEditor {
    /// The map.
    pub map: String,
    /// Error type counted.
    pub error_type: ErrorType,
    /// Error count, as typed.
    pub count: String,
    /// Time window in minutes, as typed.
    pub window: String,
    /// What the alert does.
    pub action: AlertAction,
    /// Who is told, as typed: emails separated by commas.
    pub recipients: String,
}

/// The label of the filter form's field for `side`: "Dataverse filter".
pub(crate) fn filter_label(side: Side) -> String {
    format!("{side} filter")
}

/// A map's filter on one side being edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterEditor {
    /// The map.
    pub map: String,
    /// The side whose filter it is.
    pub side: Side,
    /// The filter as typed.
    pub text: String,
}

/// A column mapping being added to a map ("Add mapping").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingDraft {
    /// The map.
    pub map: String,
    /// Finance and operations column.
    pub finops: String,
    /// Dataverse field (`relationship.column` for a lookup).
    pub dataverse: String,
    /// Direction.
    pub direction: Direction,
}

/// A field of the mapping being added.
#[derive(Clone, Debug)]
pub enum MappingField {
    /// Finance and operations column.
    FinOps(String),
    /// Dataverse field.
    Dataverse(String),
    /// Direction.
    Direction(Direction),
}

/// The labels of the fields whose text the reducer reads as a number: the reducer names
/// the field it refuses by them, and the views find its error by them.
pub mod labels {
    /// Generate's count of customers.
    pub const CUSTOMERS: &str = "Customers";
    /// The clock's rows per tick.
    pub const ROWS_PER_TICK: &str = "Rows per tick";
    /// A map's queue capacity.
    pub const QUEUE_CAPACITY: &str = "Queue capacity";
    /// An alert's error count.
    pub const ERROR_COUNT: &str = "Error count";
    /// An alert's time window.
    pub const TIME_WINDOW: &str = "Time window";
    /// An alert's recipients.
    pub const RECIPIENTS: &str = "Recipients";

    /// The labels of the fields that hold `setting`, where a form has them: the engine's
    /// refusal of its value is said there.
    pub fn of(setting: dualwrite_engine::Setting) -> &'static [&'static str] {
        use dualwrite_engine::Setting;
        match setting {
            Setting::RowsPerTick => &[ROWS_PER_TICK],
            Setting::QueueCapacity => &[QUEUE_CAPACITY],
            Setting::AlertCount => &[ERROR_COUNT],
            Setting::AlertWindow => &[TIME_WINDOW],
            Setting::AlertCountAndWindow => &[ERROR_COUNT, TIME_WINDOW],
            Setting::AlertRecipients => &[RECIPIENTS],
            Setting::CustomerCount => &[CUSTOMERS],
            Setting::Ticks => &[],
        }
    }
}

/// The label of the mapping form's finance and operations column.
pub const FINOPS_COLUMN: &str = "Finance and operations column";
/// The label of the mapping form's Dataverse field.
pub const DATAVERSE_FIELD: &str = "Dataverse field";

/// A field of the alert editor.
#[derive(Clone, Debug)]
pub enum AlertField {
    /// Error type.
    ErrorType(ErrorType),
    /// Error count, as typed.
    Count(String),
    /// Time window in minutes, as typed.
    Window(String),
    /// Action.
    Action(AlertAction),
    /// Recipients, as typed.
    Recipients(String),
}

impl AppState {
    /// Turns the editor's text into a create or an update of the changed cells; a value
    /// that does not read as its column's type is reported and the editor stays open.
    pub(crate) fn save_row(&mut self) {
        let Some(editor) = self.editor.clone() else {
            return;
        };
        // A refusal stays at the editor (at its cell when it is one cell's), with the text
        // typed kept, and in the notice.
        let error = match self.row_command(&editor) {
            // Nothing typed differs from the row: no command, no step in the history.
            Some(Ok(Command::UpdateRow { cells, .. })) if cells.is_empty() => {
                self.editor = None;
                self.say(Notice::Info(
                    "Nothing changed: the row is as it was, so nothing was saved".into(),
                ));
                None
            }
            Some(Ok(command)) => match self.try_apply(command) {
                Ok(()) => {
                    self.editor = None;
                    // The row saved becomes the selected one: its pair on the other side
                    // is marked and brought into view, where the write landed.
                    let id = editor.row.or_else(|| {
                        let session = self.session.borrow();
                        session
                            .last_written(editor.side, &editor.table)
                            .first()
                            .copied()
                    });
                    if let Some(id) = id {
                        self.selected_row = Some(RowAt {
                            side: editor.side,
                            table: editor.table.clone(),
                            id,
                        });
                    }
                    None
                }
                Err(refusal) => {
                    // At the cell of the column the engine names, when it names one.
                    let column = {
                        let session = self.session.borrow();
                        let sim = session.state();
                        sim.refused_column(&refusal, editor.side, &editor.table)
                            .and_then(|name| {
                                sim.world
                                    .tables(editor.side)
                                    .get(&editor.table)
                                    .and_then(|t| t.position(&name))
                            })
                    };
                    let message = match &self.notice {
                        Some(Notice::Error(message)) => message.clone(),
                        _ => refusal.to_string(),
                    };
                    Some((column, message))
                }
            },
            // The notice names the table and column; the cell, being the column's, says
            // what is wrong with it (a narrow cell shows it whole).
            Some(Err((column, message))) => {
                let named = {
                    let session = self.session.borrow();
                    let table = session.state().world.tables(editor.side).get(&editor.table);
                    table
                        .and_then(|t| Some(format!("{}.{}", t.name, t.columns.get(column)?.name)))
                        .unwrap_or_default()
                };
                self.say(Notice::Error(format!("{named}: {message}")));
                Some((Some(column), message))
            }
            None => None,
        };
        if let (Some(editor), Some(error)) = (self.editor.as_mut(), error) {
            editor.error = Some(error);
            editor.refusals += 1;
        }
    }

    /// The command the row editor's text makes, or why a cell does not read as its
    /// column's type; `None` when its table is gone.
    pub(crate) fn row_command(
        &self,
        editor: &RowEditor,
    ) -> Option<Result<Command, (usize, String)>> {
        let session = self.session.borrow();
        let table = session
            .state()
            .world
            .tables(editor.side)
            .get(&editor.table)?;
        let current = editor.row.and_then(|id| table.rows.get(&id));
        let mut cells = BTreeMap::new();
        for (i, (column, text)) in table.columns.iter().zip(&editor.draft).enumerate() {
            // A cell of a row left as it was is not sent: read again, its text could
            // differ from the value (spaces around a text from a file are not typed).
            if current.is_some() && editor.original.get(i) == Some(text) {
                continue;
            }
            let value = match column.ty.parse_input(text) {
                Ok(v) => v,
                Err(e) => return Some(Err((i, e.to_string()))),
            };
            // An update sends the cells that changed; a new row, the cells filled in.
            let skip = match current {
                Some(r) => r.get(i) == Some(&value),
                None => value.is_empty(),
            };
            if !skip {
                cells.insert(column.name.clone(), value);
            }
        }
        Some(Ok(match editor.row {
            Some(id) => Command::UpdateRow {
                side: editor.side,
                table: editor.table.clone(),
                row: RowRef::Id(id),
                cells,
            },
            None => Command::CreateRow {
                side: editor.side,
                table: editor.table.clone(),
                cells,
            },
        }))
    }

    /// A whole number typed in a setting, or `None` with the reason shown.
    pub(crate) fn read_number(&mut self, label: &str, text: &str, max: u64) -> Option<u64> {
        let text = text.trim();
        // Digits grouped by thousands, as the app writes its counts ("100,000"; a space or
        // an underscore likewise), read as the number they write.
        // (After a minus sign, so that a negative number is said as one.)
        let digits_of = |t: &str| t.strip_prefix('-').unwrap_or(t).to_string();
        let grouped = |sep: char| {
            let unsigned = digits_of(text);
            let groups: Vec<&str> = unsigned.split(sep).collect();
            groups.len() > 1
                && (1..=3).contains(&groups[0].len())
                && !groups[0].starts_with('0')
                && groups[1..].iter().all(|g| g.len() == 3)
                && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        };
        let plain: String = match [',', ' ', '_'].into_iter().find(|sep| grouped(*sep)) {
            Some(sep) => text.chars().filter(|c| *c != sep).collect(),
            None => text.to_string(),
        };
        match plain.parse::<u64>() {
            Ok(n) if n <= max => Some(n),
            parsed => {
                // Digits that make too large a number are a number all the same: said so,
                // with the number as typed.
                let digits = !plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit());
                let negative = plain.strip_prefix('-').is_some_and(|rest| {
                    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
                });
                let why = match text {
                    "" => format!("{label} is empty: enter a whole number"),
                    _ if parsed.is_ok() || digits => {
                        format!("{label}: {text} is too large (at most {})", thousands(max))
                    }
                    _ if negative => {
                        format!("{label}: {text} is negative: enter a positive whole number")
                    }
                    _ => format!("{label}: '{text}' is not a whole number"),
                };
                self.refuse_field(label, why);
                None
            }
        }
    }

    /// Adds the form's alert to the map's alert settings; a number that does not read, or
    /// a setting the engine refuses, is reported and the form stays open.
    pub(crate) fn save_alert(&mut self) {
        let Some(form) = self.alert_editor.clone() else {
            return;
        };
        // Both numbers read, so that both are marked when both are wrong.
        let count = self.read_number(labels::ERROR_COUNT, &form.count, u32::MAX.into());
        let window = self.read_number(labels::TIME_WINDOW, &form.window, u64::MAX);
        let (Some(count), Some(window_minutes)) = (count, window) else {
            return;
        };
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        let Some(mut alerts) = self.map_part(&form.map, |m| m.alerts.clone()) else {
            return;
        };
        let mut alert = AlertSetting {
            error_type: form.error_type,
            count,
            window_minutes,
            action: form.action,
            recipients: form.recipients.clone(),
        };
        // Each recipient once (`AlertSetting::recipient_list`).
        alert.recipients = alert.recipient_list().join(", ");
        // One setting of each kind: a second alike would only say the same twice.
        if alerts.iter().any(|a| a.same_setting(&alert)) {
            self.refuse_field(
                labels::ERROR_COUNT,
                format!(
                    "{} has this alert setting already ({count} errors of {} in {window_minutes} min, action {}): change its count or its window, or remove the one there first",
                    form.map, form.error_type, form.action
                ),
            );
            return;
        }
        alerts.push(alert);
        let saved = self.try_apply(Command::SetAlerts {
            map: form.map.clone(),
            alerts,
        });
        if saved.is_ok() {
            self.alert_editor = None;
        }
    }

    /// Sends a map's mappings changed by `change`; the engine checks them (Not running
    /// only, columns that exist, lookups named `relationship.column`). Returns whether it
    /// took them.
    pub(crate) fn change_mappings(
        &mut self,
        map: &str,
        change: impl FnOnce(&mut Vec<ColumnMapping>),
    ) -> bool {
        let Some(mut mappings) = self.map_part(map, |m| m.mappings.clone()) else {
            return false;
        };
        change(&mut mappings);
        self.try_apply(Command::SetMappings {
            map: map.to_string(),
            mappings,
        })
        .is_ok()
    }

    /// Removes one alert setting of a map.
    pub(crate) fn remove_alert(&mut self, map: &str, at: usize) {
        let Some(mut alerts) = self.map_part(map, |m| m.alerts.clone()) else {
            return;
        };
        if at < alerts.len() {
            alerts.remove(at);
            let left = alerts.len();
            let removed = self.try_apply(Command::SetAlerts {
                map: map.to_string(),
                alerts,
            });
            // Said as a removal (the command's own words are a save's).
            if removed.is_ok() {
                self.say(Notice::Info(format!(
                    "Alert setting {} of {map} removed ({left} left); the change takes effect when the map next runs from Not running",
                    at + 1
                )));
            }
        }
    }
}

/// The reducer's part for the inline editors (rows, alerts, filters, mappings): the action back when it is not one of them.
pub(super) fn reduce(next: &mut AppState, action: Action) -> Option<Action> {
    match action {
        Action::DeleteMapping(map, at) => {
            next.change_mappings(&map, |ms| {
                if at < ms.len() {
                    ms.remove(at);
                }
            });
        }
        Action::NewMapping(map) => {
            next.mapping_draft = Some(MappingDraft {
                map,
                finops: String::new(),
                dataverse: String::new(),
                direction: Direction::Both,
            });
        }
        Action::EditMapping(field) => {
            if let Some(d) = next.mapping_draft.as_mut() {
                match field {
                    MappingField::FinOps(c) => d.finops = c,
                    MappingField::Dataverse(c) => d.dataverse = c,
                    MappingField::Direction(x) => d.direction = x,
                }
            }
        }
        Action::SaveMapping => {
            if let Some(d) = next.mapping_draft.clone() {
                if d.finops.is_empty() || d.dataverse.is_empty() {
                    // At each field left to choose, said once in the notice.
                    let why = "Choose a finance and operations column and a Dataverse field";
                    next.say(Notice::Error(why.into()));
                    for (label, empty) in [
                        (FINOPS_COLUMN, d.finops.is_empty()),
                        (DATAVERSE_FIELD, d.dataverse.is_empty()),
                    ] {
                        if empty {
                            next.mark_field(label, why.into());
                        }
                    }
                } else {
                    let mapping = ColumnMapping {
                        finops: d.finops.clone(),
                        dataverse: d.dataverse.clone(),
                        direction: d.direction,
                        transform: None,
                    };
                    let taken = next
                        .map_part(&d.map, |m| {
                            dualwrite_engine::locate::not_mapped_already(
                                &m.mappings,
                                &mapping,
                                None,
                            )
                        })
                        .unwrap_or(Ok(()));
                    if let Err(why) = taken {
                        next.say(Notice::Error(why.clone()));
                        next.mark_field(FINOPS_COLUMN, why.clone());
                        next.mark_field(DATAVERSE_FIELD, why);
                    } else if next.change_mappings(&d.map, |ms| ms.push(mapping)) {
                        next.mapping_draft = None;
                    }
                }
            }
        }
        Action::CancelMapping => next.mapping_draft = None,
        Action::EditRow(side, table, id) => {
            let open_on_it = next
                .editor
                .as_ref()
                .is_some_and(|e| e.side == side && e.table == table && e.row == Some(id));
            // Already in the editor (Show row on the row being edited): kept as typed.
            if open_on_it || next.keeps_unsaved_edit() {
                return None;
            }
            let session = next.session.borrow();
            let t = session.state().world.tables(side).get(&table);
            let draft = t
                .and_then(|t| t.rows.get(&id))
                .map(|r| r.iter().map(|v| v.to_string()).collect());
            next.editor = draft.map(|draft| RowEditor::new(side, table, Some(id), draft));
        }
        Action::NewRow(side, table) => {
            if next.keeps_unsaved_edit() {
                return None;
            }
            let width = next
                .session
                .borrow()
                .state()
                .world
                .tables(side)
                .get(&table)
                .map_or(0, |t| t.columns.len());
            next.editor = Some(RowEditor::new(
                side,
                table,
                None,
                vec![String::new(); width],
            ));
        }
        Action::EditCell(i, text) => {
            if let Some(cell) = next.editor.as_mut().and_then(|e| e.draft.get_mut(i)) {
                *cell = text;
            }
        }
        Action::SaveRow => next.save_row(),
        Action::CancelRow => next.editor = None,
        Action::DeleteRow(side, table, id) => {
            let deleted = next.try_apply(Command::DeleteRow {
                side,
                table,
                row: RowRef::Id(id),
            });
            // No question first (as in the product's grids): the way back is said.
            if deleted.is_ok() {
                next.say_also("Undo (Ctrl+Z) brings the row back");
            }
        }
        Action::NewAlert(map) => {
            // The product's documented example: pause after 10 application errors
            // within 15 minutes.
            next.alert_editor = Some(AlertEditor {
                map,
                error_type: ErrorType::ApplicationError,
                count: "10".into(),
                window: "15".into(),
                action: AlertAction::Pause,
                recipients: String::new(),
            });
        }
        Action::EditAlert(field) => {
            if let Some(form) = next.alert_editor.as_mut() {
                match field {
                    AlertField::ErrorType(t) => form.error_type = t,
                    AlertField::Count(text) => form.count = text,
                    AlertField::Window(text) => form.window = text,
                    AlertField::Action(a) => form.action = a,
                    AlertField::Recipients(text) => form.recipients = text,
                }
            }
        }
        Action::SaveAlert => next.save_alert(),
        Action::CancelAlert => next.alert_editor = None,
        Action::RemoveAlert(map, at) => next.remove_alert(&map, at),
        Action::EditFilter(map, side) => {
            let text = next
                .session
                .borrow()
                .state()
                .map(&map)
                .map(|m| m.filter(side).source().to_string());
            if let Ok(text) = text {
                next.filter_editor = Some(FilterEditor { map, side, text });
            }
        }
        Action::FilterText(text) => {
            if let Some(form) = next.filter_editor.as_mut() {
                form.text = text;
            }
        }
        Action::SaveFilter => {
            if let Some(form) = next.filter_editor.clone() {
                let side = form.side;
                let saved = next.try_apply(Command::SetFilter {
                    map: form.map,
                    side,
                    filter: form.text,
                });
                match saved {
                    Ok(()) => next.filter_editor = None,
                    // Said at the field too (the notice says it first).
                    Err(e) => next.mark_field(&filter_label(side), e.to_string()),
                }
            }
        }
        Action::CancelFilter => next.filter_editor = None,
        other => return Some(other),
    }
    None
}

#[cfg(test)]
mod editor_tests {
    use super::*;

    #[test]
    fn a_row_saved_sends_only_the_cells_typed_not_a_text_with_spaces_left_as_it_was() {
        use dualwrite_engine::{RowRef, Value};
        // A name with spaces around it, written by a command (a file, a script), not typed.
        let s = Rc::new(AppState::demo()).reduce(Action::Dispatch(Command::UpdateRow {
            side: Side::FinOps,
            table: "Currencies".into(),
            row: RowRef::Key(vec![Value::text("USD")]),
            cells: [("NAME".into(), Value::text(" US Dollar "))].into(),
        }));
        // USD's row of FinOps Currencies: its id and cells.
        let usd_row = |s: &AppState| {
            let session = s.session.borrow();
            let t = session
                .state()
                .world
                .tables(Side::FinOps)
                .get("Currencies")
                .unwrap();
            let id = t.find_by_key(&[Value::text("USD")]).unwrap();
            (id, t.rows.get(&id).unwrap().clone())
        };
        let cell = |s: &AppState, column: usize| usd_row(s).1[column].clone();
        let usd = usd_row(&s).0;
        let s = s
            .reduce(Action::EditRow(Side::FinOps, "Currencies".into(), usd))
            .reduce(Action::EditCell(2, "US$".into()))
            .reduce(Action::SaveRow);
        assert_eq!(cell(&s, 2), Value::text("US$"), "the cell typed");
        assert_eq!(
            cell(&s, 1),
            Value::text(" US Dollar "),
            "the name left as it was"
        );
    }

    #[test]
    fn a_number_reads_as_the_app_writes_it_and_a_negative_one_is_said_as_such() {
        let mut s = AppState::demo();
        for (typed, read) in [
            ("10000", Some(10_000)),
            ("10,000", Some(10_000)),
            (" 100 000 ", Some(100_000)),
            ("1_000", Some(1_000)),
            ("1,0000", None),
            ("1,00", None),
            (",100", None),
            ("0,100", None),
        ] {
            assert_eq!(s.read_number("Customers", typed, u64::MAX), read, "{typed}");
        }
        // (One action's refusals add up in its notice: a new action starts afresh.)
        s.field_errors.clear();
        for negative in ["-10", "-1,000"] {
            s.field_errors.clear();
            assert_eq!(s.read_number("Customers", negative, u64::MAX), None);
            assert_eq!(
                s.notice,
                Some(Notice::Error(format!(
                    "Customers: {negative} is negative: enter a positive whole number"
                )))
            );
        }
    }

    #[test]
    fn an_alert_is_added_from_the_form_and_a_bad_number_keeps_the_form_open() {
        let s = Rc::new(AppState::demo())
            .reduce(Action::NewAlert("Currencies".into()))
            .reduce(Action::EditAlert(AlertField::Count("three".into())))
            .reduce(Action::SaveAlert);
        assert_eq!(
            s.notice,
            Some(Notice::Error(
                "Error count: 'three' is not a whole number".into()
            ))
        );
        assert!(s.alert_editor.is_some(), "the form stays open");
        // Digits past what the count holds: too large, said with the number as typed.
        for typed in ["4294967296", "99999999999999999999"] {
            let s = s
                .clone()
                .reduce(Action::EditAlert(AlertField::Count(typed.into())))
                .reduce(Action::SaveAlert);
            assert_eq!(
                s.notice,
                Some(Notice::Error(format!(
                    "Error count: {typed} is too large (at most 4,294,967,295)"
                )))
            );
        }
        let s = s
            .reduce(Action::EditAlert(AlertField::Count("0".into())))
            .reduce(Action::SaveAlert);
        assert!(
            matches!(&s.notice, Some(Notice::Error(m)) if m.contains("at least 1")),
            "the engine's refusal is shown: {:?}",
            s.notice
        );
        let s = s
            .reduce(Action::EditAlert(AlertField::Count("2".into())))
            .reduce(Action::EditAlert(AlertField::ErrorType(
                ErrorType::ServiceUnavailable,
            )))
            .reduce(Action::EditAlert(AlertField::Action(AlertAction::Stop)))
            .reduce(Action::SaveAlert);
        assert!(s.alert_editor.is_none());
        let session = s.session.borrow();
        let alerts = &session.state().map("Currencies").unwrap().alerts;
        assert_eq!(
            alerts,
            &[AlertSetting {
                error_type: ErrorType::ServiceUnavailable,
                count: 2,
                window_minutes: 15,
                action: AlertAction::Stop,
                recipients: String::new(),
            }]
        );
        drop(session);
        // The same setting again is refused at the form (it would say the same twice);
        // recipients typed twice are kept once.
        let again = s
            .clone()
            .reduce(Action::NewAlert("Currencies".into()))
            .reduce(Action::EditAlert(AlertField::Count("2".into())))
            .reduce(Action::EditAlert(AlertField::ErrorType(
                ErrorType::ServiceUnavailable,
            )))
            .reduce(Action::EditAlert(AlertField::Action(AlertAction::Stop)))
            .reduce(Action::SaveAlert);
        assert_eq!(
            again.notice,
            Some(Notice::Error(
                "Currencies has this alert setting already (2 errors of 503 Service Unavailable in 15 min, action Stop): change its count or its window, or remove the one there first"
                    .into()
            ))
        );
        assert!(again.alert_editor.is_some(), "the form stays open");
        let twice = again
            .reduce(Action::EditAlert(AlertField::Count("3".into())))
            .reduce(Action::EditAlert(AlertField::Recipients(
                "ops@contoso.com, OPS@contoso.com,, it@contoso.com".into(),
            )))
            .reduce(Action::SaveAlert);
        assert_eq!(
            twice
                .session
                .borrow()
                .state()
                .map("Currencies")
                .unwrap()
                .alerts[1]
                .recipients,
            "ops@contoso.com, it@contoso.com"
        );
        // (The app states share one session: the second alert is there too.)
        let s = twice.reduce(Action::RemoveAlert("Currencies".into(), 0));
        let left = s
            .session
            .borrow()
            .state()
            .map("Currencies")
            .unwrap()
            .alerts
            .clone();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].count, 3, "the first one went");
        assert_eq!(
            s.notice,
            Some(Notice::Info(
                "Alert setting 1 of Currencies removed (1 left); the change takes effect when the map next runs from Not running".into()
            ))
        );
    }

    #[test]
    fn a_filter_is_saved_through_the_engine_and_a_bad_one_keeps_the_form_open() {
        let s = Rc::new(AppState::demo())
            .reduce(Action::EditFilter("Currencies".into(), Side::FinOps))
            .reduce(Action::FilterText("CURRENCYCODE == ".into()))
            .reduce(Action::SaveFilter);
        assert!(
            matches!(&s.notice, Some(Notice::Error(m)) if m.contains("filter")),
            "{:?}",
            s.notice
        );
        assert!(s.filter_editor.is_some(), "the form stays open");
        let s = s
            .reduce(Action::FilterText("CURRENCYCODE != \"JPY\"".into()))
            .reduce(Action::SaveFilter);
        assert!(s.filter_editor.is_none());
        assert_eq!(
            s.session
                .borrow()
                .state()
                .map("Currencies")
                .unwrap()
                .filter(Side::FinOps)
                .source(),
            "CURRENCYCODE != \"JPY\""
        );
    }

    #[test]
    fn pause_lists_the_running_related_maps_unticked_and_pauses_what_is_ticked() {
        let s = AppState::demo();
        for m in ["Legal entities", "Terms of payment"] {
            s.session
                .edit(|session| {
                    session.dispatch(Command::Run {
                        maps: vec![RunEntry::map(m)],
                        initial_sync: InitialSync::Skip,
                        resume: Default::default(),
                    })
                })
                .unwrap();
        }
        let s = Rc::new(s)
            .reduce(Action::Toggle("Terms of payment".into()))
            .reduce(Action::OnSelected(MapAction::Pause));
        let pane = s.pause_pane.clone().expect("Pause opens its pane");
        assert_eq!(
            pane.rows,
            [
                PauseRow {
                    map: "Terms of payment".into(),
                    include: true,
                    related: false
                },
                PauseRow {
                    map: "Legal entities".into(),
                    include: false,
                    related: true
                },
            ],
            "Customer groups depends on it but is Not running: not listed"
        );
        let s = s
            .reduce(Action::PausePaneInclude(1))
            .reduce(Action::ConfirmPause);
        assert!(s.pause_pane.is_none());
        for m in ["Terms of payment", "Legal entities"] {
            assert_eq!(
                s.session.borrow().state().map(m).unwrap().status.kind(),
                StatusKind::Paused,
                "{m}"
            );
        }
    }

    #[test]
    fn every_state_shares_one_session_and_a_change_bumps_the_revision() {
        let before = Rc::new(AppState::demo());
        let after = before
            .clone()
            .reduce(Action::Toggle("Currencies".into()))
            .reduce(Action::NewAlert("Currencies".into()))
            .reduce(Action::EditAlert(AlertField::Count("5".into())));
        assert!(before.session.ptr_eq(&after.session));
        assert_eq!(after.revision, before.revision, "no command, no change");
        let ran = after
            .clone()
            .reduce(Action::Dispatch(Command::Tick { ticks: 1 }));
        assert!(
            ran.session.ptr_eq(&before.session),
            "the session is not copied"
        );
        assert_eq!(ran.session.borrow().state().clock, 1);
        assert_eq!(ran.revision, after.revision + 1);
        assert!(*ran != *after, "states of one session differ by revision");
        let refused = ran.clone().reduce(Action::Dispatch(Command::Stop {
            maps: vec!["No such map".into()],
        }));
        assert_eq!(
            refused.revision, ran.revision,
            "a refused command changes nothing"
        );
        let undone = refused.reduce(Action::Undo);
        assert_eq!(undone.session.borrow().state().clock, 0);
        assert_eq!(undone.revision, ran.revision + 1);
    }

    #[test]
    fn mappings_are_added_redirected_and_deleted_through_the_engine() {
        let s = Rc::new(AppState::demo())
            .reduce(Action::NewMapping("Currencies".into()))
            .reduce(Action::SaveMapping);
        assert_eq!(
            s.notice,
            Some(Notice::Error(
                "Choose a finance and operations column and a Dataverse field".into()
            ))
        );
        let s = s
            .reduce(Action::EditMapping(MappingField::FinOps("NAME".into())))
            .reduce(Action::EditMapping(MappingField::Dataverse("nope".into())))
            .reduce(Action::SaveMapping);
        assert!(
            matches!(&s.notice, Some(Notice::Error(m)) if m.contains("nope")),
            "the engine names the bad field: {:?}",
            s.notice
        );
        assert!(s.mapping_draft.is_some(), "the form stays open");
        let s = s
            .reduce(Action::EditMapping(MappingField::Dataverse(
                "currencysymbol".into(),
            )))
            .reduce(Action::EditMapping(MappingField::Direction(
                Direction::ToDataverse,
            )))
            .reduce(Action::SaveMapping);
        assert!(s.mapping_draft.is_none());
        let labels = |s: &AppState| -> Vec<String> {
            s.session
                .borrow()
                .state()
                .map("Currencies")
                .unwrap()
                .mappings
                .iter()
                .map(|m| m.label())
                .collect()
        };
        assert_eq!(
            labels(&s).last().map(String::as_str),
            Some("NAME > currencysymbol")
        );
        let n = labels(&s).len();
        let s = s.reduce(Action::DeleteMapping("Currencies".into(), n - 1));
        assert_eq!(labels(&s).len(), n - 1);
    }

    #[test]
    fn a_new_row_sends_only_the_cells_filled_in() {
        let s = Rc::new(AppState::demo())
            .reduce(Action::NewRow(Side::FinOps, "Currencies".into()))
            .reduce(Action::EditCell(0, "CHF".into()))
            .reduce(Action::EditCell(3, "0.9".into()))
            .reduce(Action::SaveRow);
        assert!(s.editor.is_none(), "{:?}", s.notice);
        let session = s.session.borrow();
        let Some(Command::CreateRow { cells, .. }) = session.commands().last() else {
            panic!("a create was dispatched");
        };
        let names: Vec<&str> = cells.keys().map(String::as_str).collect();
        assert_eq!(names, ["CURRENCYCODE", "EXCHANGERATE"]);
    }

    #[test]
    fn a_refused_save_keeps_the_editor_open_with_the_engine_message() {
        let s = Rc::new(AppState::demo())
            .reduce(Action::NewRow(Side::FinOps, "Currencies".into()))
            .reduce(Action::EditCell(0, "USD".into()))
            .reduce(Action::SaveRow);
        assert!(s.editor.is_some());
        assert_eq!(
            s.notice,
            Some(Notice::Error(
                "Finance and operations apps table 'Currencies' already has a row with the key (USD)"
                    .into()
            ))
        );
    }

    #[test]
    fn an_unsaved_edit_is_not_lost_by_editing_another_row_or_showing_one() {
        use dualwrite_engine::{RunEntry, Value};
        let find = |s: &AppState, key: &str| {
            s.session
                .borrow()
                .state()
                .world
                .tables(Side::FinOps)
                .get("Currencies")
                .and_then(|t| t.find_by_key(&[Value::text(key)]))
                .unwrap()
        };
        // Currencies paused with a queued change to USD, for "Show row" on it.
        let s = Rc::new(AppState::demo())
            .reduce(Action::Dispatch(Command::Run {
                maps: vec![RunEntry::map("Currencies")],
                initial_sync: Default::default(),
                resume: Default::default(),
            }))
            .reduce(Action::Dispatch(Command::RunUntilIdle))
            .reduce(Action::Dispatch(Command::Pause {
                maps: vec!["Currencies".into()],
            }));
        let (usd, eur) = (find(&s, "USD"), find(&s, "EUR"));
        let s = s
            .reduce(Action::EditRow(Side::FinOps, "Currencies".into(), usd))
            .reduce(Action::EditCell(1, "Dollar".into()))
            .reduce(Action::SaveRow)
            .reduce(Action::EditRow(Side::FinOps, "Currencies".into(), eur))
            .reduce(Action::EditCell(1, "Euro (queued)".into()))
            .reduce(Action::SaveRow);
        let seqs: Vec<u64> = {
            let session = s.session.borrow();
            let queue = session
                .state()
                .map("Currencies")
                .unwrap()
                .status
                .queue()
                .unwrap();
            queue.changes.iter().map(|c| c.seq).collect()
        };
        let (seq, eur_seq) = (seqs[0], seqs[1]);
        // Nothing typed yet: another row's Edit just moves the editor.
        let s = s
            .reduce(Action::EditRow(Side::FinOps, "Currencies".into(), usd))
            .reduce(Action::EditRow(Side::FinOps, "Currencies".into(), eur));
        assert_eq!(s.editor.as_ref().and_then(|e| e.row), Some(eur));
        // Typed and not saved: Edit on another row, New row and Show row keep it.
        let s = s.reduce(Action::EditCell(1, "Euro (edited)".into()));
        for action in [
            Action::EditRow(Side::FinOps, "Currencies".into(), usd),
            Action::NewRow(Side::FinOps, "Currencies".into()),
            Action::ShowRow(Subject::Queued {
                map: "Currencies".into(),
                seq,
            }),
        ] {
            let after = s.clone().reduce(action.clone());
            let editor = after.editor.as_ref().unwrap();
            assert_eq!(editor.row, Some(eur), "{action:?}");
            assert_eq!(editor.draft[1], "Euro (edited)", "{action:?}");
            assert!(
                matches!(&after.notice, Some(Notice::Error(m)) if m.starts_with("Save or cancel the row being edited first")),
                "{action:?}: {:?}",
                after.notice
            );
            if let Action::ShowRow(_) = action {
                // The row asked for is still selected and scrolled to.
                assert_eq!(after.selected_row.as_ref().map(|r| r.id), Some(usd));
                assert_eq!(after.reveal, s.reveal + 1);
            }
        }
        // Show row on the row being edited keeps what was typed.
        let after = s.clone().reduce(Action::ShowRow(Subject::Queued {
            map: "Currencies".into(),
            seq: eur_seq,
        }));
        let editor = after.editor.as_ref().unwrap();
        assert_eq!(
            (editor.row, editor.draft[1].as_str()),
            (Some(eur), "Euro (edited)")
        );
        // A new row with something typed is kept too, and said so.
        let typed_new = Rc::new(AppState::demo())
            .reduce(Action::NewRow(Side::FinOps, "Currencies".into()))
            .reduce(Action::EditCell(0, "CHF".into()))
            .reduce(Action::EditRow(Side::FinOps, "Currencies".into(), usd));
        assert_eq!(typed_new.editor.as_ref().unwrap().row, None);
        assert!(
            matches!(&typed_new.notice, Some(Notice::Error(m)) if m.starts_with("Save or cancel the new row first")),
            "{:?}",
            typed_new.notice
        );
        // The same row's Edit, or once saved, moves on.
        let s = s.reduce(Action::SaveRow).reduce(Action::EditRow(
            Side::FinOps,
            "Currencies".into(),
            usd,
        ));
        assert_eq!(s.editor.as_ref().and_then(|e| e.row), Some(usd));
    }
}
