//! Autosave: the session (scenario and history, as a version-2 scenario file) is kept in
//! the browser's localStorage after every command and restored on reload, so that a
//! trainee loses nothing. Storage that is full or unavailable, and a saved copy that no
//! longer loads, are reported; the app keeps working either way.
//!
//! web-sys's `Storage` is used directly rather than gloo-storage: gloo's `LocalStorage`
//! throws when storage is unavailable (private windows, disabled storage), and here that
//! must be a notice, not a crash.

use dualwrite_engine::{format, Session};

/// The title autosave gives a session whose file had none of its own.
pub const UNTITLED: &str = "Autosaved session";

/// The localStorage key of the saved session.
pub const KEY: &str = "dualwrite-simulator.session";

/// The localStorage key of the session that the last lesson, link, load or reset
/// replaced, kept to bring back.
pub const BEFORE_KEY: &str = "dualwrite-simulator.before";

/// Where the kept session started (`demo`, `lesson:<id>`), beside it.
const BEFORE_ORIGIN_KEY: &str = "dualwrite-simulator.before-origin";

/// While the clock plays, the session is saved at most this often (milliseconds), not
/// at every beat; it is saved at once when the clock pauses.
pub const WHILE_PLAYING_EVERY_MS: f64 = 2000.0;

/// A saved copy that no longer reads. It is kept under its own key, which autosave never
/// writes, until the user downloads or forgets it. (Offered in this order.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Broken {
    /// The saved session.
    Session,
    /// The session kept to bring back (one a lesson, link, load or reset replaced).
    Previous,
    /// The lessons' saved progress.
    Lessons,
}

impl Broken {
    /// Every kind.
    pub const ALL: [Broken; 3] = [Broken::Session, Broken::Previous, Broken::Lessons];

    /// How many copies of one kind are kept at most (a second copy that does not load,
    /// found while the first is still kept, is kept beside it).
    pub const SLOTS: u8 = 3;

    fn key(self, slot: u8) -> String {
        let key = match self {
            Broken::Session => "dualwrite-simulator.broken-session",
            Broken::Previous => "dualwrite-simulator.broken-previous",
            Broken::Lessons => "dualwrite-simulator.broken-lessons",
        };
        match slot {
            0 => key.to_string(),
            n => format!("{key}.{}", n + 1),
        }
    }

    /// What it was, in words.
    pub fn what(self) -> &'static str {
        match self {
            Broken::Session => "saved session",
            Broken::Previous => "session kept to bring back",
            Broken::Lessons => "saved lesson progress",
        }
    }

    /// Keeps `text` under a key of its own and takes it out of the key it was found
    /// under (`from`), so that it does not take the storage twice; where it is kept.
    /// Best effort: when storage refuses it (or the kind's slots are all taken), it stays
    /// where it was and is offered in the page only ([`KeptCopy::slot`] `None`). Copies
    /// kept earlier and not yet forgotten are not written over.
    pub fn keep(self, text: &str, from: &str) -> KeptCopy {
        let in_page = |full| KeptCopy {
            kind: self,
            slot: None,
            full,
        };
        let Ok(s) = storage() else {
            return in_page(false);
        };
        let held: Vec<Option<String>> = (0..Broken::SLOTS)
            .map(|slot| s.get_item(&self.key(slot)).ok().flatten())
            .collect();
        // Kept already (storage refused to take it out of `from` last time), in any slot;
        // else the first free one.
        let kept = held.iter().position(|h| h.as_deref() == Some(text));
        let Some(slot) = kept.or_else(|| held.iter().position(Option::is_none)) else {
            return in_page(true);
        };
        let slot = slot as u8;
        if kept.is_none() && s.set_item(&self.key(slot), text).is_err() {
            return in_page(false);
        }
        // Taken out of `from` only while it is still there: what was saved there since
        // (this page's lesson progress, another tab's session) is not touched.
        if s.get_item(from).ok().flatten().as_deref() == Some(text) {
            let _ = s.remove_item(from);
        }
        KeptCopy {
            kind: self,
            slot: Some(slot),
            full: false,
        }
    }

    /// The key the copy was found under (where the app saves what it was).
    pub fn home(self) -> &'static str {
        match self {
            Broken::Session => KEY,
            Broken::Previous => BEFORE_KEY,
            Broken::Lessons => crate::lessons::KEY,
        }
    }

    /// The copies kept by earlier visits, not downloaded or forgotten yet.
    pub fn kept() -> Vec<(KeptCopy, String)> {
        let Ok(s) = storage() else {
            return Vec::new();
        };
        Broken::ALL
            .into_iter()
            .flat_map(|kind| (0..Broken::SLOTS).map(move |slot| (kind, slot)))
            .filter_map(|(kind, slot)| {
                let text = s.get_item(&kind.key(slot)).ok()??;
                let slot = Some(slot);
                Some((
                    KeptCopy {
                        kind,
                        slot,
                        full: false,
                    },
                    text,
                ))
            })
            .collect()
    }
}

/// A saved copy that no longer reads, and where it is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeptCopy {
    /// What it was.
    pub kind: Broken,
    /// Its place among the kind's kept copies; `None`: in the page only.
    pub slot: Option<u8>,
    /// Found when the kind's places were all taken by earlier copies: in the page only
    /// (not for want of room in storage) until a Forget frees a place, and numbered after
    /// them for the rest of the visit, in its place too, so that its name does not change.
    pub full: bool,
}

impl KeptCopy {
    /// Its number among the kind's copies, from the second one on (the first has none);
    /// one kept in the page only as the others took every place comes after them.
    pub fn number(self) -> Option<u8> {
        match self.slot {
            _ if self.full => Some(Broken::SLOTS + 1),
            Some(n) => (n > 0).then_some(n + 1),
            None => None,
        }
    }

    /// The name its download is offered under (the second copy of a kind numbered).
    pub fn file_name(self) -> String {
        let name = match self.kind {
            Broken::Session => "dualwrite-broken-session",
            Broken::Previous => "dualwrite-broken-previous-session",
            Broken::Lessons => "dualwrite-broken-lesson-progress",
        };
        match self.number() {
            Some(n) => format!("{name}-{n}.json"),
            None => format!("{name}.json"),
        }
    }

    /// Forgets the kept copy.
    pub fn forget(self) {
        if let (Ok(s), Some(slot)) = (storage(), self.slot) {
            let _ = s.remove_item(&self.kind.key(slot));
        }
    }
}

/// Why autosave waits: the saved session that no longer loads could not be kept apart
/// (no room), so it is still where the session is saved, and a save would write over
/// it. It waits until the copy is forgotten (see `AppState::autosave_held`).
pub const HELD: &str = "the saved session that no longer loads (below) is still where this session would be saved, as the browser had no room to keep it apart: download it if you want it, then Forget it, and autosave starts again at your next step";

/// Why autosave waits when the session's places for copies that no longer load are all
/// taken by earlier ones: forgetting any of them makes room for the newest. (Its words
/// count the places: [`Broken::SLOTS`], checked below.)
pub const HELD_FULL: &str = "the saved session that no longer loads (the last line below) is still where this session would be saved, as three earlier copies that no longer load are kept already: download those you want, then Forget one of them (the newest then takes its place) or this one, and autosave starts again at your next step";

/// While autosave is off (storage full), the session is tried again at most this often
/// (milliseconds): storage may have room again, and a large session's export is costly.
pub const RETRY_EVERY_MS: f64 = 30_000.0;

/// What the last visit left.
pub enum Restored {
    /// Nothing saved (or no storage).
    Nothing,
    /// The saved session, and its title.
    Session(Box<Session>, String),
    /// A saved copy that no longer loads: why, and the copy itself.
    Broken {
        /// The importer's message.
        reason: String,
        /// The saved text, offered for download.
        text: String,
    },
}

pub(crate) fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no browser window")?
        .local_storage()
        .map_err(|_| "the browser refuses access to its storage".to_string())?
        .ok_or_else(|| "this browser has no local storage".to_string())
}

/// The session saved by the last visit, if any.
pub fn restore() -> Restored {
    let Ok(Some(text)) = storage().and_then(|s| s.get_item(KEY).map_err(|_| String::new())) else {
        return Restored::Nothing;
    };
    match format::import(&text) {
        Ok((session, title)) => Restored::Session(Box::new(session), title),
        Err(e) => Restored::Broken {
            reason: e.to_string(),
            text,
        },
    }
}

/// Saves the session; the reason when it could not be saved (storage full or missing).
/// The kept previous session gives way to it: when both do not fit, that copy is
/// dropped from storage (it stays in the page until it is closed); when the session does
/// not fit even alone, the copy stays.
/// While it could not, the reason is kept beside the last session saved ([`unsaved`]).
/// Saved, whether the kept previous session had to give way ([`Saved::dropped_before`]).
pub fn save(session: &Session, title: Option<&str>) -> Result<Saved, String> {
    let text = format::export(session, title.unwrap_or(UNTITLED));
    let storage = storage()?;
    let mut saved = Saved::default();
    if storage.set_item(KEY, &text).is_err() {
        let before = restore_before();
        forget_before(&storage);
        saved.dropped_before = true;
        if storage.set_item(KEY, &text).is_err() {
            // Making room did not make enough: the kept session goes back where it was.
            if let Some((before, origin)) = before {
                let _ = storage.set_item(BEFORE_KEY, &before);
                if let Some(origin) = origin {
                    let _ = storage.set_item(BEFORE_ORIGIN_KEY, &origin);
                }
            }
            // (Full, or the session alone larger than what a browser keeps for a site:
            // either way there is no room, and the size says which.)
            // (Past what a browser keeps for a site, the size alone is the reason.)
            let limit = if text.len() > 4_000_000 {
                ", where a browser keeps about 5 MB for a site"
            } else {
                ""
            };
            let reason = format!(
                "the browser's storage has no room for it: {} to save{limit}",
                crate::files::size_in_words(text.len())
            );
            // Best effort: a storage with no room at all takes no reason either.
            let _ = storage.set_item(UNSAVED_KEY, &reason);
            return Err(reason);
        }
    }
    let _ = storage.remove_item(UNSAVED_KEY);
    Ok(saved)
}

/// A save that went through.
#[derive(Clone, Copy, Debug, Default)]
pub struct Saved {
    /// The copy of the previous session (the one "Bring back" swaps in) was taken out of
    /// storage to make room: it now lasts as long as the page.
    pub dropped_before: bool,
}

/// Kept while the session on screen could not be saved: why. A reload then says that
/// the session it opens (the last one saved, or the demo) is not the one left.
pub const UNSAVED_KEY: &str = "dualwrite-simulator.unsaved";

/// Why the session on screen at the last visit could not be saved, if it could not.
pub fn unsaved() -> Option<String> {
    storage().ok()?.get_item(UNSAVED_KEY).ok()?
}

fn forget_before(storage: &web_sys::Storage) {
    let _ = storage.remove_item(BEFORE_KEY);
    let _ = storage.remove_item(BEFORE_ORIGIN_KEY);
}

/// Keeps the session a lesson, link, load or reset replaced, and where it started, so
/// that it can be brought back after a reload too; whether it was. Best effort: when
/// storage refuses it, no stale copy is left (it can still be brought back until the
/// page is closed).
pub fn save_before(session: &Session, origin: Option<&str>) -> bool {
    let text = format::export(session, "The session before");
    let Ok(s) = storage() else {
        return false;
    };
    let saved = s.set_item(BEFORE_KEY, &text).is_ok()
        && match origin {
            Some(o) => s.set_item(BEFORE_ORIGIN_KEY, o).is_ok(),
            None => s.remove_item(BEFORE_ORIGIN_KEY).is_ok(),
        };
    if !saved {
        forget_before(&s);
    }
    saved
}

/// The copy kept by [`save_before`], not yet read (it is imported only if it is brought
/// back), and where it started.
pub fn restore_before() -> Option<(String, Option<String>)> {
    let s = storage().ok()?;
    let text = s.get_item(BEFORE_KEY).ok()??;
    Some((text, s.get_item(BEFORE_ORIGIN_KEY).ok().flatten()))
}

/// Forgets the kept session, when there is none any more to bring back.
pub fn forget_kept() {
    if let Ok(s) = storage() {
        forget_before(&s);
    }
}

/// Where the screen was on the session: the details' tab and the ticked maps.
const VIEW_KEY: &str = "dualwrite-simulator.view";

/// Keeps what the screen shows of the session (the details' tab, by its place, and the
/// ticked maps), so that a reload opens where the trainee was. Best effort: losing it
/// loses nothing of the session.
pub fn save_view(tab: usize, selected: &[&str]) {
    if let Ok(s) = storage() {
        let _ = s.set_item(VIEW_KEY, &format!("{tab}\n{}", selected.join("\n")));
    }
}

/// What [`save_view`] kept, if it reads: the tab's place and the ticked maps' names.
pub fn restore_view() -> Option<(usize, Vec<String>)> {
    let text = storage().ok()?.get_item(VIEW_KEY).ok()??;
    let mut lines = text.lines();
    let tab = lines.next()?.parse().ok()?;
    Some((
        tab,
        lines.filter(|l| !l.is_empty()).map(String::from).collect(),
    ))
}

const LETTER_KEYS_KEY: &str = "dualwrite-simulator.letter-keys";

/// Keeps whether the single-key shortcuts are on (the default) or off: a preference of
/// the person, not of the session, so a reset or a loaded file leaves it.
pub fn save_letter_keys(on: bool) {
    if let Ok(s) = storage() {
        let _ = if on {
            s.remove_item(LETTER_KEYS_KEY)
        } else {
            s.set_item(LETTER_KEYS_KEY, "off")
        };
    }
}

/// What [`save_letter_keys`] kept: on unless turned off.
pub fn letter_keys() -> bool {
    storage()
        .ok()
        .and_then(|s| s.get_item(LETTER_KEYS_KEY).ok().flatten())
        .is_none_or(|v| v != "off")
}

/// Forgets the saved sessions (tests start from the demo).
pub fn clear() {
    if let Ok(s) = storage() {
        let _ = s.remove_item(KEY);
        let _ = s.remove_item(VIEW_KEY);
        let _ = s.remove_item(UNSAVED_KEY);
        let _ = s.remove_item(LETTER_KEYS_KEY);
        forget_before(&s);
        for (copy, _) in Broken::kept() {
            copy.forget();
        }
    }
}

// [`HELD_FULL`] says "three earlier copies".
const _: () = assert!(Broken::SLOTS == 3);
