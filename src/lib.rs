//! The Yew shell of the dual-write simulator: it turns clicks into engine commands and
//! renders engine state. No domain rule lives here; see `ARCHITECTURE.md`.

// The wasm builds' allocator: memory grows ahead of need (see `dualwrite-alloc`).
extern crate dualwrite_alloc;

pub mod actions;
pub mod app;
pub mod autosave;
mod broken;
pub mod builder;
pub mod clock;
pub mod details;
pub mod explanation;
pub mod faults;
pub mod feed;
pub mod files;
pub mod graph;
pub mod grid;
pub mod lessons;
pub mod map_list;
mod paged;
pub mod panes;
mod saving;
pub mod scenario_io;
pub mod session;
pub mod share;
pub mod state;
pub mod timeline;
pub mod transform;
pub mod widgets;

pub use app::App;
