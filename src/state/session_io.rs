//! The reducer's part for whole sessions: reset, export, import, share links, autosave
//! failures and generated data.

use super::*;

/// How Export titles an untitled session, before its step and clock.
const EXPORTED_AT: &str = "Exported from the simulator at step ";

/// The reducer's part for whole sessions: the action back when it is not one of them.
pub(super) fn reduce(next: &mut AppState, action: Action) -> Option<Action> {
    match action {
        Action::ResetToDemo => {
            let kept = next.replace_with(AppState::demo());
            next.say(Notice::Info(format!(
                "Started over on the demo{}",
                next.kept_note(kept)
            )));
        }
        // Said by the line under the header for as long as it lasts (see `app.rs`); the
        // notice keeps what the command said.
        Action::AutosaveFailed(reason) => next.autosave_off = Some(reason),
        Action::AutosaveWorks => next.autosave_off = None,
        Action::SavedElsewhere => next.saved_elsewhere = true,
        Action::SaveThisTab => {
            next.saved_elsewhere = false;
            // Saved at once by the app (`saving::use_autosave`), which says how it went.
            next.save_asked += 1;
        }
        Action::SavedThisTab(Ok(())) => {
            next.autosave_off = None;
            next.say(Notice::Info(
                "This tab's session is saved, over the other tab's; autosave is on here again"
                    .into(),
            ));
        }
        Action::SavedThisTab(Err(reason)) => {
            next.say(Notice::Error(format!(
                "This tab's session could not be saved: {reason}"
            )));
            next.autosave_off = Some(reason);
        }
        Action::ForgetBroken(copy) => {
            copy.forget();
            next.broken.retain(|(c, _)| *c != copy);
            // A place (and room) freed: a copy of the kind kept in the page only is kept
            // apart now, which lets autosave go on.
            for (waiting, text) in next.broken.iter_mut() {
                if waiting.kind == copy.kind && waiting.slot.is_none() {
                    let full = waiting.full;
                    *waiting = copy.kind.keep(text, copy.kind.home());
                    // Offered under the same name as before, in its new place too.
                    waiting.full |= full && waiting.slot.is_some();
                }
            }
            next.sort_broken();
        }
        Action::Export => {
            // An untitled session is titled by where it stands, so that two exports
            // read apart when loaded ("Scenario loaded: …").
            let untitled = {
                let session = next.session.borrow();
                format!(
                    "{EXPORTED_AT}{} (clock {})",
                    session.cursor(),
                    crate::clock::duration(session.state().clock)
                )
            };
            let title = next.title.as_deref().unwrap_or(&untitled);
            next.export_name = crate::files::file_name(Some(title)).into();
            next.exported =
                Some(dualwrite_engine::format::export(&next.session.borrow(), title).into());
            let size = next.exported.as_ref().map_or(0, |t| t.len());
            next.say(Notice::Info(
                if size <= crate::scenario_io::EXPORT_SHOWN_MAX {
                    "Scenario exported: download the file below, or copy its text".into()
                } else {
                    format!(
                        "Scenario exported ({}): download the file below",
                        crate::files::size_in_words(size)
                    )
                },
            ));
        }
        Action::Import(text) => import(next, &text, false),
        Action::ImportFile(text) => import(next, &text, true),
        Action::BeforeNotStored if next.before.is_none() || next.before_in_page_only => {}
        Action::BeforeNotStored => {
            next.before_in_page_only = true;
            // The notice that said it is kept says for how long.
            if let Some(Notice::Info(text)) = &next.notice {
                if text.ends_with(KEPT) {
                    let said = format!(
                        "{} (in this page only: the browser's storage has no room for it beside this session, a reload loses it).",
                        text.trim_end_matches('.')
                    );
                    next.notice = Some(Notice::Info(said));
                }
            }
        }
        Action::ReadingFile(what) => next.say(Notice::Info(format!("Reading {what}…"))),
        Action::RefuseFile(reason) => {
            next.say(Notice::Error(format!(
                "The scenario was not loaded: {reason}"
            )));
        }
        Action::GenerateCustomers(text) => {
            if let Some(count) = next.read_number(labels::CUSTOMERS, &text, u32::MAX.into()) {
                let count = u32::try_from(count).unwrap_or(u32::MAX);
                next.apply(Command::GenerateCustomers { count, seed: 1 });
            }
        }
        Action::MakeLink => {
            let start = next.origin.clone().unwrap_or_else(|| "demo".into());
            let link = crate::share::link(
                &next.session.borrow(),
                Some(&start),
                next.title.as_deref(),
                &next.view(),
            );
            match link {
                Ok(link) => {
                    next.links_made += 1;
                    // Shown at once; said once the clipboard answered (`LinkCopied`),
                    // with whether the link is on it.
                    next.notice = None;
                    next.offer = Some(Offer::Link {
                        link: link.into(),
                        made: next.links_made,
                    });
                }
                Err(e) => {
                    next.say(Notice::Error(format!("No link: {e}")));
                }
            }
        }
        // (The link went with its offer, as any action's own ends an offer.)
        Action::HideLink => {}
        // Said for the link still shown only (an answer for one put away since, or
        // replaced, says nothing).
        Action::LinkCopied { made, copied } => {
            if next.share_link().is_some_and(|(_, shown)| shown == made) {
                next.say(Notice::Info(if copied {
                    format!("{LINK_MADE} and copied: {LINK_GIVES}")
                } else {
                    format!("{LINK_MADE} (copy it by hand: the browser kept it off the clipboard): {LINK_GIVES}")
                }));
            }
        }
        other => return Some(other),
    }
    None
}

/// The notice of a link made, before what the clipboard did with it.
const LINK_MADE: &str = "Link made";
/// What a link gives whoever opens it.
const LINK_GIVES: &str = "whoever opens it gets this session, with its history";

/// Loads a scenario's text over the session; `from_file`: the text is a chosen file's,
/// which still holds it (see [`AppState::opened_copy`]), not one pasted in the page.
fn import(next: &mut AppState, text: &str, from_file: bool) {
    match dualwrite_engine::format::import(text) {
        Ok((session, title)) => {
            let mut loaded = AppState::from_session(session);
            loaded.opened_copy = from_file;
            // A title export made up (an untitled session's step and clock) is said
            // once, here, not kept: the session's later exports say where it is then.
            loaded.title = (!title.starts_with(EXPORTED_AT)).then(|| title.as_str().into());
            let kept = next.replace_with(loaded);
            next.say(Notice::Info(format!(
                "Scenario loaded: {title}{}",
                next.kept_note(kept)
            )));
        }
        Err(e) => {
            // Where a lesson file goes, in the page's words.
            let to = if matches!(e, dualwrite_engine::FormatError::LessonNotScenario) {
                ": open it with Make a lesson, then Load a lesson file to edit it"
            } else {
                ""
            };
            next.say(Notice::Error(format!(
                "The scenario was not loaded: {e}{to}"
            )));
        }
    }
}
