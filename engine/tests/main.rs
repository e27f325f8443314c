//! The engine's integration tests, one binary: a change to the engine relinks one test
//! program, not one per file (mutation testing builds the engine once per mutant).

mod common;

mod alerts;
mod docs;
mod explain;
mod format;
mod generate;
mod history;
mod holes;
mod lessons;
mod lifecycle;
mod locate;
mod properties;
mod scenarios;
mod share;
mod sync;
