//! Share links in the app: "Copy link" writes the session into the page's URL fragment
//! (`#share=...`, see `dualwrite_engine::share`), and a page opened with such a fragment
//! starts on that session. A link that cannot be opened leaves the workspace as it was.

use dualwrite_engine::share::{self, ShareError};
use dualwrite_engine::Session;

/// The fragment's prefix.
pub const PREFIX: &str = "#share=";

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The page's address without its fragment.
pub fn page() -> String {
    location()
        .and_then(|l| l.href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The link that opens `session`, with its `title` if it has one and where the screen
/// is (`view`); `start` names where it started (`demo`, `lesson:<id>`), when known.
pub fn link(
    session: &Session,
    start: Option<&str>,
    title: Option<&str>,
    view: &share::View,
) -> Result<String, ShareError> {
    Ok(format!(
        "{}{PREFIX}{}",
        page(),
        share::encode_with(session, start, title, Some(view))?
    ))
}

/// The code of the link in the address bar (at start, or pasted into it since), if
/// there is one. The link is taken out of the address bar before it is opened, so that
/// a reload during or after a long replay does not open it again.
pub fn from_location() -> Option<String> {
    let hash = location()?.hash().ok()?;
    // The address bar writes spaces around a pasted link as `%20`: read as typed.
    let hash = js_sys::decode_uri_component(&hash)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or(hash);
    let code = hash.trim().strip_prefix(PREFIX)?.to_string();
    forget_location();
    Some(code)
}

/// Takes the link out of the address bar once it is open, so that a reload shows the
/// autosaved session (which then carries on from the link) rather than the link again.
pub fn forget_location() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = page();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Puts `text` on the clipboard when the browser allows it (the link is also shown, to
/// copy by hand); whether it did.
pub async fn copy(text: String) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    // (No clipboard outside a secure context: the property is missing then.)
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return false;
    }
    let written = navigator.clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(written).await.is_ok()
}
