//! `DualWriteSim`: the engine for JavaScript (Node scripts, the browser console).
//!
//! A thin wrapper over [`dualwrite_engine::api::JsonApi`]: commands go in as objects (or
//! JSON text), results come out as plain objects, and a refused command throws an `Error`
//! whose message is the engine's.

use dualwrite_engine::api::{ApiError, JsonApi};
use wasm_bindgen::prelude::*;

// The wasm builds' allocator: dlmalloc over memory that grows ahead of need (the crate
// holds the `#[global_allocator]`; naming it here links it).
extern crate dualwrite_alloc;

fn js_err(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

/// A simulation with its history.
#[wasm_bindgen]
pub struct DualWriteSim {
    api: JsonApi,
}

/// The `Error` a refused call throws: the engine's message, and for a rolled-back write
/// that reached an alert, the events it caused as `error.events`.
fn err(e: ApiError) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    if let Some(events) = e
        .events_json()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
    {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str("events"), &events);
    }
    error.into()
}

fn parse(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| js_err("the engine returned text that is not JSON"))
}

/// An object (or JSON text) as JSON text. A number JSON cannot write (`NaN`, an
/// infinity) is refused by name: `JSON.stringify` would write it as `null` and empty the
/// cell it was meant for.
fn text_of(value: &JsValue) -> Result<String, JsValue> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    let finite_only = Closure::<dyn FnMut(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
        |key: JsValue, v: JsValue| match v.as_f64() {
            Some(n) if !n.is_finite() => {
                // (As JavaScript writes them.)
                let n = if n.is_nan() {
                    "NaN"
                } else if n > 0.0 {
                    "Infinity"
                } else {
                    "-Infinity"
                };
                Err(js_err(&format!(
                    "{}: {n} is not a number JSON can hold (pass a finite number, or null to empty a cell)",
                    key.as_string().filter(|k| !k.is_empty()).unwrap_or_else(|| "(top)".into())
                )))
            }
            _ => Ok(v),
        },
    );
    let text = js_sys::JSON::stringify_with_replacer(value, finite_only.as_ref())?;
    text.as_string()
        .ok_or_else(|| js_err("the command is not JSON: pass an object or a JSON string"))
}

/// A string argument, or an Error naming what `what` expects.
fn string_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        js_err(&format!(
            "{what} is a string, not {}",
            value.js_typeof().as_string().unwrap_or_default()
        ))
    })
}

#[wasm_bindgen]
impl DualWriteSim {
    /// The built-in demo scenario.
    pub fn demo() -> DualWriteSim {
        DualWriteSim {
            api: JsonApi::demo(),
        }
    }

    /// A simulation from a scenario file's text (or the file's object, already parsed).
    #[wasm_bindgen(js_name = fromScenario)]
    pub fn from_scenario(json: JsValue) -> Result<DualWriteSim, JsValue> {
        if json.is_undefined() || json.is_null() {
            return Err(js_err(
                "fromScenario takes a scenario file's text (or its parsed object)",
            ));
        }
        JsonApi::from_scenario(&text_of(&json)?)
            .map(|api| DualWriteSim { api })
            .map_err(err)
    }

    /// Applies a command (an object like `{ command: "pause", maps: ["Currencies"] }`)
    /// and returns its events.
    pub fn dispatch(&mut self, command: JsValue) -> Result<JsValue, JsValue> {
        let text = text_of(&command)?;
        parse(&self.api.dispatch(&text).map_err(err)?)
    }

    /// Advances the simulated clock by a whole number of ticks. (A number JavaScript would
    /// round or wrap, `1.7` or `2**32 + 1`, or a text, is refused, not converted.)
    pub fn tick(&mut self, ticks: JsValue) -> Result<JsValue, JsValue> {
        let whole = ticks
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n));
        let Some(n) = whole else {
            return Err(js_err(&format!(
                "tick takes a whole number of ticks, not {}",
                js_sys::JSON::stringify(&ticks)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_else(|| ticks.js_typeof().as_string().unwrap_or_default())
            )));
        };
        parse(&self.api.tick(n as u32).map_err(err)?)
    }

    /// Ticks until no map is Initializing or Resuming.
    #[wasm_bindgen(js_name = runUntilIdle)]
    pub fn run_until_idle(&mut self) -> Result<JsValue, JsValue> {
        parse(&self.api.run_until_idle().map_err(err)?)
    }

    /// Clock, faults and every map's status.
    pub fn state(&self) -> Result<JsValue, JsValue> {
        parse(&self.api.state())
    }

    /// A table's schema and rows.
    pub fn table(&self, side: JsValue, name: JsValue) -> Result<JsValue, JsValue> {
        let side = string_arg(&side, "a table's side (\"FinOps\" or \"Dataverse\")")?;
        let name = string_arg(&name, "a table's name")?;
        parse(&self.api.table(&side, &name).map_err(err)?)
    }

    /// A whole table map.
    pub fn map(&self, name: JsValue) -> Result<JsValue, JsValue> {
        let name = string_arg(&name, "a table map's name")?;
        parse(&self.api.map(&name).map_err(err)?)
    }

    /// What the Run and Pause dialogs list for maps (an array of names, or one name):
    /// `{ order, dependents, listed_dependents, cycles, pause_offers }`.
    pub fn related(&self, maps: JsValue) -> Result<JsValue, JsValue> {
        let text = match maps.as_string() {
            Some(one) => js_sys::JSON::stringify(&js_sys::Array::of1(&JsValue::from_str(&one)))
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default(),
            None => text_of(&maps)?,
        };
        parse(&self.api.related(&text).map_err(err)?)
    }

    /// Why something is as it is: `explain({ what: "conflict", map: "Customers V3",
    /// index: 0 })` gives `{ title, why, next, source, url, model_choice }`. Subjects:
    /// `conflict` and `failed_row` (`map`, `index`, optional `execution`), `queued` (`map`,
    /// `seq`), `catch_up_error` (`map`, `id`), `log_line` (`map`, `index`), `action`
    /// (`map`, `action`).
    pub fn explain(&self, subject: JsValue) -> Result<JsValue, JsValue> {
        parse(&self.api.explain(&text_of(&subject)?).map_err(err)?)
    }

    /// The command log and the cursor.
    pub fn log(&self) -> Result<JsValue, JsValue> {
        parse(&self.api.log())
    }

    /// The session as scenario JSON text.
    #[wasm_bindgen(js_name = exportScenario)]
    pub fn export_scenario(&self) -> String {
        self.api.export_scenario()
    }

    /// Steps back one command.
    pub fn undo(&mut self) -> bool {
        self.api.undo()
    }

    /// Steps forward one command.
    pub fn redo(&mut self) -> bool {
        self.api.redo()
    }
}
