//! The hooks that keep the session in the browser (the storage itself is
//! `crate::autosave`): a save after every change of the session, throttled while the
//! clock plays or storage refuses; another tab's save heard (and not written over); a
//! save asked for by the user; what the playing clock had not saved yet, saved as the
//! page goes; and the browser's question before leaving a session that is not saved.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::state::{Action, AppState};

/// Saves the session now, noting the revision saved (for the page going away);
/// storage's answer.
fn save_now(state: &AppState, saved_at: &RefCell<Option<u64>>) -> Result<(), String> {
    crate::autosave::save(&state.session.borrow(), state.title.as_deref())?;
    *saved_at.borrow_mut() = Some(state.revision);
    Ok(())
}

/// Whether the app whose element is `root` is still on the page (tests mount several;
/// only the one on the page answers the window's events).
fn on_page(root: &NodeRef) -> bool {
    root.get().is_some_and(|n| n.is_connected())
}

/// Keeps the session of `state` in the browser; `root` is the app's element.
#[hook]
pub(crate) fn use_autosave(state: &UseReducerHandle<AppState>, root: &NodeRef) {
    // The revision last saved, shared with the page going away.
    let saved_at: Rc<RefCell<Option<u64>>> = use_mut_ref(|| None);
    // The state as last rendered, for the window's events.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    // After every change of the session (not at mount, so that a saved copy that did
    // not load stays until the trainee acts). While the clock plays, its beats are not
    // saved one by one (up to ten a second): every few seconds, and when it pauses.
    {
        let (handle, saved_at) = (state.clone(), saved_at.clone());
        let last_try = use_mut_ref(|| f64::NEG_INFINITY);
        use_effect_with(
            (state.revision, state.clock.playing),
            move |(revision, playing)| {
                // A saved copy that no longer loads is still under the session's key; or
                // another tab saved its session there, which a save would write over.
                if handle.autosave_held() || handle.saved_elsewhere {
                    return;
                }
                let now = js_sys::Date::now();
                // Not playing and on, every command is saved; otherwise at most every
                // so often (a wall clock set back does not hold a save back).
                let every = match (&handle.autosave_off, *playing) {
                    (Some(_), _) => Some(crate::autosave::RETRY_EVERY_MS),
                    (None, true) => Some(crate::autosave::WHILE_PLAYING_EVERY_MS),
                    (None, false) => None,
                };
                let since = now - *last_try.borrow();
                let due = every.is_none_or(|every| !(0.0..every).contains(&since));
                if *revision > 0 && due {
                    *last_try.borrow_mut() = now;
                    // The borrow ends before any dispatch (which may change the session).
                    let saved =
                        crate::autosave::save(&handle.session.borrow(), handle.title.as_deref());
                    if saved.is_ok() {
                        *saved_at.borrow_mut() = Some(*revision);
                    }
                    // Room made by dropping the previous session's copy: the one kept to
                    // bring back lasts this page only. (When that did not make room
                    // enough, the copy went back.)
                    if saved.as_ref().is_ok_and(|s| s.dropped_before) && handle.before.is_some() {
                        handle.dispatch(Action::BeforeNotStored);
                    }
                    match saved {
                        Err(reason) => handle.dispatch(Action::AutosaveFailed(reason)),
                        Ok(_) if handle.autosave_off.is_some() => {
                            handle.dispatch(Action::AutosaveWorks)
                        }
                        Ok(_) => {}
                    }
                }
            },
        );
    }
    // "Save this tab's session instead": saved at once, whatever the throttle, and said
    // as storage answers.
    {
        let (handle, saved_at) = (state.clone(), saved_at.clone());
        use_effect_with(state.save_asked, move |asked| {
            if *asked > 0 && !handle.autosave_held() {
                handle.dispatch(Action::SavedThisTab(save_now(&handle, &saved_at)));
            }
        });
    }
    // Another tab of the app saving its session is heard here (the browser tells the
    // other tabs of a change of storage): this tab stops saving over it.
    {
        let (handle, root) = (state.clone(), root.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, "storage", move |e| {
                    let saved = wasm_bindgen::JsCast::dyn_ref::<web_sys::StorageEvent>(e)
                        .is_some_and(|e| {
                            e.key().as_deref() == Some(crate::autosave::KEY)
                                && e.new_value().is_some()
                        });
                    if saved && on_page(&root) {
                        handle.dispatch(Action::SavedElsewhere);
                    }
                })
            });
            move || drop(listener)
        });
    }
    // The page going away (a reload, a closed tab, a phone's app switch) saves what the
    // clock played since its last save, if anything.
    {
        let (latest, saved_at, root) = (latest.clone(), saved_at.clone(), root.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, "pagehide", move |_| {
                    let state = latest.borrow().clone();
                    let behind = *saved_at.borrow() != Some(state.revision);
                    if on_page(&root) && behind && state.revision > 0 && !state.unsaved_here() {
                        let _ = save_now(&state, &saved_at);
                    }
                })
            });
            move || drop(listener)
        });
    }
    // While the session cannot be saved, or a row typed is not saved, leaving is asked
    // about first (the browser's own question), as a reload would not bring it back. Listened to only then (a page
    // that always listens is kept out of some browsers' back-forward cache).
    {
        // (A row typed in the editor and not saved is asked about too: a reload loses it;
        // and so is a lesson's text typed in the builder and not made into a lesson.)
        let unsaved = (state.revision > 0 && state.unsaved_here())
            || state.editor.as_ref().is_some_and(|e| e.unsaved())
            || state.builder.as_ref().is_some_and(|b| b.unsaved());
        let root = root.clone();
        use_effect_with(unsaved, move |unsaved| {
            let listener = web_sys::window().filter(|_| *unsaved).map(|window| {
                let options = gloo_events::EventListenerOptions::enable_prevent_default();
                gloo_events::EventListener::new_with_options(
                    &window,
                    "beforeunload",
                    options,
                    move |e| {
                        if !on_page(&root) {
                            return;
                        }
                        e.prevent_default();
                        if let Some(e) =
                            wasm_bindgen::JsCast::dyn_ref::<web_sys::BeforeUnloadEvent>(e)
                        {
                            e.set_return_value("This session is not saved in this browser");
                        }
                    },
                )
            });
            move || drop(listener)
        });
    }
}
