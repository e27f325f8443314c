//! A JSON-in, JSON-out facade over a [`Session`], for headless callers. The wasm-bindgen
//! crate `dualwrite-js` wraps it as the JavaScript class `DualWriteSim`; keeping the
//! facade here lets it be tested natively and keeps the engine free of web crates.

use serde_json::{json, Value as Json};
use thiserror::Error;

use crate::error::CommandError;
use crate::format::{self, FormatError};
use crate::history::Session;
use crate::sim::{Command, Event};
use crate::world::Side;

/// Why a facade call failed; the message is what a JavaScript caller sees.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ApiError {
    /// Malformed JSON, wrong field types, unknown command, bad scenario.
    #[error("{0}")]
    Format(#[from] FormatError),
    /// The engine refused the command.
    #[error("{0}")]
    Command(#[from] CommandError),
    /// Nothing to explain (no such map, conflict, change...).
    #[error("{0}")]
    Explain(#[from] crate::explain::ExplainError),
    /// A side other than `FinOps` or `Dataverse`.
    #[error("unknown side '{0}': use \"FinOps\" or \"Dataverse\"")]
    UnknownSide(String),
    /// No such table on that side.
    #[error("{side} has no table '{table}'")]
    UnknownTable {
        /// Side.
        side: Side,
        /// Name asked for.
        table: String,
    },
}

impl ApiError {
    /// The events a refused command still caused, as a JSON array (a rolled-back live
    /// write whose error reached an alert's threshold); `None` when there are none.
    pub fn events_json(&self) -> Option<String> {
        match self {
            ApiError::Command(e) if !e.events().is_empty() => Some(to_text(&e.events())),
            _ => None,
        }
    }
}

/// A session driven by JSON text.
#[derive(Clone, Debug)]
pub struct JsonApi {
    session: Session,
}

fn to_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| json!({ "error": e.to_string() }).to_string())
}

impl JsonApi {
    /// The built-in demo.
    pub fn demo() -> JsonApi {
        JsonApi {
            session: Session::new(crate::demo::demo()),
        }
    }

    /// A session from a scenario file's text.
    pub fn from_scenario(text: &str) -> Result<JsonApi, ApiError> {
        Ok(JsonApi {
            session: format::import(text)?.0,
        })
    }

    /// The session, for Rust callers.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Applies one command given as JSON; returns the events as a JSON array.
    pub fn dispatch(&mut self, command: &str) -> Result<String, ApiError> {
        let command = format::command_from_json(command)?;
        self.apply(command)
    }

    fn apply(&mut self, command: Command) -> Result<String, ApiError> {
        let events: Vec<Event> = self.session.dispatch(command)?;
        Ok(to_text(&events))
    }

    /// Advances the clock by `ticks`.
    pub fn tick(&mut self, ticks: u32) -> Result<String, ApiError> {
        self.apply(Command::Tick { ticks })
    }

    /// Ticks until no map is Initializing or Resuming.
    pub fn run_until_idle(&mut self) -> Result<String, ApiError> {
        self.apply(Command::RunUntilIdle)
    }

    /// A summary: clock, faults, and each map's status, progress, queue and errors.
    pub fn state(&self) -> String {
        let sim = self.session.state();
        let maps: Vec<Json> = sim
            .maps
            .iter()
            .map(|m| {
                json!({
                    "name": m.name,
                    "title": m.title(),
                    "status": m.status.kind().to_string(),
                    "allowed": m.status.kind().allowed().iter().map(|a| a.to_string()).collect::<Vec<_>>(),
                    "progress": m.status.progress().map(|(done, total)| json!({ "done": done, "total": total })),
                    "queued": m.status.queue().map_or(0, |q| q.changes.len()),
                    "catchUpErrors": m.pending_catch_up_errors(),
                    "lastExecution": m.executions.last().map(|e| json!({
                        "id": e.id,
                        "status": format!("{:?}", e.status),
                        "conflicts": e.conflicts.len(),
                        "errors": e.errors.len(),
                    })),
                    "dependsOn": sim.depends_on(&m.name),
                })
            })
            .collect();
        to_text(&json!({
            "clock": sim.clock,
            "faults": sim.faults,
            "settings": sim.settings,
            "maps": maps,
            "canUndo": self.session.can_undo(),
            "canRedo": self.session.can_redo(),
        }))
    }

    /// One table: schema and rows (each row an object with `$id`).
    pub fn table(&self, side: &str, name: &str) -> Result<String, ApiError> {
        let side = match side {
            "FinOps" => Side::FinOps,
            "Dataverse" => Side::Dataverse,
            other => return Err(ApiError::UnknownSide(other.to_string())),
        };
        let t = self
            .session
            .state()
            .world
            .tables(side)
            .get(name)
            .ok_or_else(|| ApiError::UnknownTable {
                side,
                table: name.to_string(),
            })?;
        let rows: Vec<Json> = t
            .rows
            .iter()
            .map(|(id, r)| {
                let mut obj = serde_json::Map::new();
                obj.insert("$id".into(), json!(id.0));
                for (c, v) in t.columns.iter().zip(r) {
                    obj.insert(
                        c.name.clone(),
                        serde_json::to_value(v).unwrap_or(Json::Null),
                    );
                }
                Json::Object(obj)
            })
            .collect();
        Ok(to_text(&json!({
            "name": t.name,
            "label": t.label,
            "columns": t.columns,
            "key": t.key,
            "company": t.company,
            "rows": rows,
        })))
    }

    /// One table map, whole (mappings, status with its queue, log, executions, errors).
    pub fn map(&self, name: &str) -> Result<String, ApiError> {
        Ok(to_text(self.session.state().map(name)?))
    }

    /// What the Run and Pause dialogs list for a selection of maps, given as a JSON array
    /// of names (`["Customers V3"]`): `order` (the maps and their prerequisites, in sync
    /// order), `dependents`, `cycles` and `pause_offers`.
    pub fn related(&self, maps: &str) -> Result<String, ApiError> {
        let names: Vec<String> = format::from_json(maps)?;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        Ok(to_text(&self.session.state().related_to(&names)?))
    }

    /// Why something is as it is, given as a JSON subject (`{"what": "conflict", "map":
    /// "Customers V3", "index": 0}`; see [`crate::explain::Subject`]): `title`, `why`,
    /// `next`, `source`, `url` and `model_choice`.
    pub fn explain(&self, subject: &str) -> Result<String, ApiError> {
        let subject: crate::explain::Subject = format::from_json(subject)?;
        let explanation = self.session.state().explain(&subject)?;
        Ok(to_text(&explanation))
    }

    /// The command log and the cursor.
    pub fn log(&self) -> String {
        // Written as text, not through `json!`, which would compile a second writer of
        // every command into the bundle.
        format!(
            r#"{{"commands":{},"cursor":{}}}"#,
            to_text(&self.session.commands()),
            self.session.cursor()
        )
    }

    /// The whole session as a scenario file.
    pub fn export_scenario(&self) -> String {
        format::export(&self.session, "exported")
    }

    /// Steps back one command; false when there is none.
    pub fn undo(&mut self) -> bool {
        self.session.undo()
    }

    /// Steps forward one command; false when there is none.
    pub fn redo(&mut self) -> bool {
        self.session.redo()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatch_returns_events_and_state_reflects_them() {
        let mut api = JsonApi::demo();
        let events = api
            .dispatch(r#"{"command":"run","maps":[{"map":"Currencies"}]}"#)
            .unwrap();
        assert!(events.contains("\"status_changed\""), "{events}");
        api.run_until_idle().unwrap();
        let state: Json = serde_json::from_str(&api.state()).unwrap();
        let currencies = state["maps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == "Currencies")
            .unwrap();
        assert_eq!(currencies["status"], "Running");
        assert_eq!(currencies["title"], "Currencies (transactioncurrencies)");
        assert_eq!(currencies["allowed"], json!(["Stop", "Pause"]));
        let table: Json =
            serde_json::from_str(&api.table("Dataverse", "transactioncurrencies").unwrap())
                .unwrap();
        assert_eq!(table["rows"].as_array().unwrap().len(), 5);
    }

    #[test]
    fn the_log_lists_the_commands_and_the_cursor_moves_with_undo_and_redo() {
        let mut api = JsonApi::demo();
        api.dispatch(r#"{"command":"run","maps":[{"map":"Currencies"}]}"#)
            .unwrap();
        api.tick(2).unwrap();
        let log: Json = serde_json::from_str(&api.log()).unwrap();
        assert_eq!(log["commands"][0]["command"], "run");
        assert_eq!(log["commands"][1], json!({"command": "tick", "ticks": 2}));
        assert_eq!(log["cursor"], 2);
        assert!(api.undo());
        let log: Json = serde_json::from_str(&api.log()).unwrap();
        assert_eq!(log["cursor"], 1);
        assert_eq!(log["commands"].as_array().unwrap().len(), 2, "redo is kept");
        assert!(api.redo());
        assert!(!api.redo());
        let log: Json = serde_json::from_str(&api.log()).unwrap();
        assert_eq!(log["cursor"], 2);
    }

    #[test]
    fn bad_input_names_the_problem_and_changes_nothing() {
        let mut api = JsonApi::demo();
        let before = api.export_scenario();
        let cases = [
            (r#"{"command":"launch"}"#, "unknown variant `launch`"),
            (
                r#"{"command":"tick","ticks":"x"}"#,
                "ticks: invalid type: string \"x\", expected a whole number from 0 to 4294967295",
            ),
            (
                r#"{"command":"stop","maps":["Nope"]}"#,
                "there is no table map named 'Nope'",
            ),
            (
                r#"{"command":"update_row","side":"FinOps","table":"Nope","row":["1"],"cells":{}}"#,
                "Finance and operations apps has no table 'Nope'",
            ),
            (
                "{not json",
                "(top): not valid JSON at line 1, column 2: a name in double quotes was expected",
            ),
        ];
        for (input, want) in cases {
            let err = api.dispatch(input).unwrap_err().to_string();
            assert!(err.contains(want), "{input}: {err}");
        }
        assert_eq!(api.export_scenario(), before);
        assert_eq!(
            api.table("Excel", "x").unwrap_err().to_string(),
            "unknown side 'Excel': use \"FinOps\" or \"Dataverse\""
        );
        assert_eq!(
            api.map("Nope").unwrap_err().to_string(),
            "there is no table map named 'Nope'"
        );
    }

    #[test]
    fn export_then_from_scenario_round_trips() {
        let mut api = JsonApi::demo();
        api.dispatch(r#"{"command":"tick","ticks":3}"#).unwrap();
        let again = JsonApi::from_scenario(&api.export_scenario()).unwrap();
        assert_eq!(again.session().state(), api.session().state());
        assert!(JsonApi::from_scenario("[]").is_err());
    }
}
