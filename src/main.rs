use wasm_bindgen::JsValue;

fn main() {
    expose_console_api();
    yew::Renderer::<dualwrite_sim::App>::new().render();
}

/// `window.dualwrite`: a headless simulator (the `DualWriteSim` API, on the demo) for
/// console experiments. It is separate from the session on screen.
fn expose_console_api() {
    if let Some(window) = web_sys::window() {
        let sim = JsValue::from(dualwrite_js::DualWriteSim::demo());
        // Setting a property on window cannot fail in a browser; nothing to recover.
        let _ = js_sys::Reflect::set(&window, &JsValue::from_str("dualwrite"), &sim);
    }
}
