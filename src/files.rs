//! Reading a file the user chose: checked for size before it is read (a huge file is
//! never read at all), then read as UTF-8 text (a file in another encoding is refused,
//! not loaded with its letters replaced), the outcome dispatched as an action.

use dualwrite_engine::format::one_decimal;
use yew::prelude::*;

use crate::state::{Action, AppState};

/// The `onchange` of a file input: dispatches `loaded(text)` with the chosen file's text,
/// or `refused(why)` when it is over the scenario limit or cannot be read.
pub fn on_choose(
    state: &UseReducerHandle<AppState>,
    loaded: fn(String) -> Action,
    refused: fn(String) -> Action,
) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // The input forgets its choice (the file is read from `file`): choosing the same
        // file again, say after fixing it, is a change the browser reports again.
        input.set_value("");
        let limit = dualwrite_engine::format::MAX_SCENARIO_BYTES;
        if file.size() > limit as f64 {
            let too_large = dualwrite_engine::format::FormatError::TooLarge {
                size: file.size() as usize,
                limit,
            };
            state.dispatch(refused(format!("{}: {too_large}", file.name())));
            return;
        }
        state.dispatch(Action::ReadingFile(format!(
            "{} ({})",
            file.name(),
            size_in_words(file.size() as usize)
        )));
        let state = state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            state.dispatch(match read.map(|bytes| utf8(&bytes)) {
                Ok(Some(text)) => loaded(text),
                // A file in another encoding would load with its letters replaced.
                Ok(None) => refused(format!(
                    "{} is not UTF-8 text: save it as UTF-8 (as Export writes files) and load it again",
                    file.name()
                )),
                Err(_) => refused(format!("{} could not be read", file.name())),
            });
        });
    })
}

/// The bytes as UTF-8 text, or `None` when they are not (the browser's decoder, told to
/// refuse rather than replace what it cannot read).
fn utf8(bytes: &wasm_bindgen::JsValue) -> Option<String> {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    let decoder = web_sys::TextDecoder::new_with_label_and_options("utf-8", &options).ok()?;
    let buffer = wasm_bindgen::JsCast::dyn_ref::<js_sys::ArrayBuffer>(bytes)?;
    decoder.decode_with_buffer_source(buffer).ok()
}

/// A size as people read it: "18.2 MB", "640 KB", "300 bytes".
pub fn size_in_words(bytes: usize) -> String {
    const KB: usize = 1024;
    match bytes {
        0..KB => format!("{bytes} bytes"),
        // Up to what rounds to 1,023 KB; from there, megabytes ("1.0 MB", not "1024 KB").
        _ if bytes < KB * KB - KB / 2 => format!("{} KB", (bytes + KB / 2) / KB),
        _ => format!("{} MB", one_decimal(bytes as u64, (KB * KB) as u64)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_in_the_unit_that_suits_them() {
        for (bytes, words) in [
            (0, "0 bytes"),
            (1023, "1023 bytes"),
            (1024, "1 KB"),
            // Halves round up.
            (2560, "3 KB"),
            (655_360, "640 KB"),
            (1024 * 1024 - 600, "1023 KB"),
            (1024 * 1024 - 100, "1.0 MB"),
            (19_084_083, "18.2 MB"),
        ] {
            assert_eq!(super::size_in_words(bytes), words, "{bytes}");
        }
    }
}

/// The name an exported scenario downloads under: from its title, when it has one
/// (`dualwrite-paused-currencies.json`), so that several files can be told apart.
pub(crate) fn file_name(title: Option<&str>) -> String {
    match slug(title.unwrap_or_default(), 60).as_str() {
        "" => "dualwrite-scenario.json".into(),
        slug => format!("dualwrite-{slug}.json"),
    }
}

/// `text` as a name for a file, a lesson or an element id (`Pause and resume` ->
/// `pause-and-resume`): lower-case letters and digits, a dash for each run of anything
/// else, at most `max` characters.
pub(crate) fn slug(text: &str, max: usize) -> String {
    let mut slug = String::new();
    for c in dualwrite_engine::value::lowercase(text).chars() {
        if slug.chars().count() >= max {
            break;
        }
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod name_tests {
    use super::{file_name, slug};

    #[test]
    fn a_slug_keeps_letters_and_digits_and_dashes_the_rest() {
        assert_eq!(slug("Rows per tick", 60), "rows-per-tick");
        assert_eq!(slug("  Error count: ", 60), "error-count");
        assert_eq!(slug("abcdef", 3), "abc");
    }

    #[test]
    fn an_export_is_named_after_its_title() {
        assert_eq!(file_name(None), "dualwrite-scenario.json");
        assert_eq!(
            file_name(Some("Paused: Currencies & USD (demo)")),
            "dualwrite-paused-currencies-usd-demo.json"
        );
        // Nothing of it fit for a file name, or too long: named plainly, or cut.
        assert_eq!(file_name(Some("<img src=x>")), "dualwrite-img-src-x.json");
        assert_eq!(file_name(Some("…")), "dualwrite-scenario.json");
        assert!(file_name(Some(&"a".repeat(500))).len() <= "dualwrite-.json".len() + 60);
    }
}
