//! The engine session, shared by successive app states.
//!
//! Yew keeps the previous state while the reducer builds the next one, so a session held
//! as a plain `Rc<Session>` would be copied whole (both sides' tables, every row) by the
//! first command after each render: ~400 ms at 100k rows a side. Instead every state
//! holds the same cell, commands change it in place through [`SharedSession::edit`], and
//! states tell sessions apart by their `revision` (see `AppState`).

use std::cell::{Cell, Ref, RefCell};
use std::fmt;
use std::rc::Rc;

use dualwrite_engine::Session;

/// A session shared by the app's states; cloning shares it.
#[derive(Clone)]
pub struct SharedSession(Rc<Shared>);

struct Shared {
    session: RefCell<Session>,
    /// Counts the edits that changed the session (a command taken, undo, redo, a load).
    changes: Cell<u64>,
}

impl SharedSession {
    /// A cell over a session.
    pub fn new(session: Session) -> SharedSession {
        SharedSession(Rc::new(Shared {
            session: RefCell::new(session),
            changes: Cell::new(0),
        }))
    }

    /// The session, to read.
    pub fn borrow(&self) -> Ref<'_, Session> {
        self.0.session.borrow()
    }

    /// Changes the session in place; counted as a change when it moved in its history (a
    /// refused command or a `goto` to where it is changes nothing).
    pub fn edit<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        let mut session = self.0.session.borrow_mut();
        let before = (session.cursor(), session.commands().len());
        let out = f(&mut session);
        if (session.cursor(), session.commands().len()) != before {
            self.0.changes.set(self.0.changes.get() + 1);
        }
        out
    }

    /// How many edits changed the session so far.
    pub fn changes(&self) -> u64 {
        self.0.changes.get()
    }

    /// Whether both share one session.
    pub fn ptr_eq(&self, other: &SharedSession) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Equal when they share one session (states of one session differ by their revision).
impl PartialEq for SharedSession {
    fn eq(&self, other: &SharedSession) -> bool {
        self.ptr_eq(other)
    }
}

impl fmt::Debug for SharedSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.borrow();
        f.debug_struct("SharedSession")
            .field("cursor", &s.cursor())
            .field("commands", &s.commands().len())
            .finish()
    }
}
