//! `dualwrite-engine`: a pure, deterministic model of Dynamics 365 dual-write table maps.
//!
//! Commands go in ([`Command`]), a new state and [`Event`]s come out. Time enters only
//! as a command ([`Command::Tick`]); nothing here reads a clock, draws a random number or
//! does I/O, so the same scenario and the same commands give the same result on every
//! platform. [`Session`] keeps the command log for undo, redo, replay and export.
//!
//! ```
//! use dualwrite_engine::{demo, Command, RunEntry, Session, StatusKind};
//!
//! let mut session = Session::new(demo());
//! session
//!     .dispatch(Command::Run {
//!         maps: vec![RunEntry::map("Legal entities")],
//!         initial_sync: Default::default(),
//!         resume: Default::default(),
//!     })
//!     .unwrap();
//! session.dispatch(Command::RunUntilIdle).unwrap();
//! let map = session.state().map("Legal entities").unwrap();
//! assert_eq!(map.status.kind(), StatusKind::Running);
//! ```

pub mod api;
pub mod demo;
pub mod error;
pub mod explain;
pub mod faults;
pub mod filter;
pub mod format;
pub mod graph;
pub mod history;
pub mod invariants;
pub mod lesson;
pub mod locate;
pub mod map;
pub mod order;
pub mod read;
pub mod rows;
pub mod script;
pub mod share;
pub mod sim;
pub mod sync;
pub mod tables;
pub mod value;
pub mod world;

pub use demo::demo;
pub use error::{CommandError, Edit, Setting, SyncError, WriteError};
pub use filter::{Filter, FilterError};
pub use format::FormatError;
pub use graph::RelatedMaps;
pub use history::Session;
pub use map::{
    Action, AlertAction, AlertSetting, ColumnMapping, Direction, ErrorType, MapStatus, StatusKind,
    TableMap, Transform,
};
pub use sim::{
    Command, Event, Fault, Faults, InTense, InitialSync, NotSyncedReason, ResumeOption, RowRef,
    RunEntry, Simulator, Tense,
};
pub use value::{ColumnType, Value};
pub use world::{RowId, Side, World};
