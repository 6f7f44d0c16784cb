//! heatseed: Go coverage heatmaps in, fuzz seeds and harnesses aimed at cold code out.
//!
//! The pipeline, one module per stage, each hand-off a type:
//! [`heatmap`] (profiles → `Heatmap`) → [`index`] (Go sources → `GoFile`s: a fast scan, and
//! full parses via [`syntax`]) → [`targets`] (blocks + guards + ranking → `Analysis`) →
//! [`plan`] (fuzz test per target → `FuzzPlan`) → [`constraints`] (guards → facts → `Goal`s) →
//! [`values`] (goals → argument tuples) → [`writers`] (corpus files, harnesses, dictionaries,
//! safe writes) → [`verify`] / [`report`]. [`generate`] runs plan → writers for the CLI;
//! [`cli`] parses flags and maps errors to exit codes ([`error`]); [`span`] holds coordinates,
//! [`model`] the Go source model, [`golex`] Go's lexical syntax and `strconv` behaviour,
//! [`gotypes`] the one table of Go's basic types, [`run`] the nightly job (`heatseed run`),
//! [`structtag`] reads Go struct tags as `reflect` and `encoding/json` do; [`toolchain`] is the
//! one door through which `go` runs.

pub mod cli;
pub mod constraints;
pub mod error;
pub mod export;
pub mod generate;
pub mod golex;
pub mod gotypes;

pub mod heatmap;
pub mod index;
pub mod model;
pub mod plan;
pub mod report;
pub mod run;
pub mod span;
pub mod state;
pub mod structtag;
pub mod syntax;
pub mod targets;
pub mod toolchain;
pub mod values;
pub mod verify;
pub mod writers;
