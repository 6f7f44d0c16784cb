//! heatseed: Go coverage heatmaps in, fuzz seeds and harnesses aimed at cold code out.
//!
//! The pipeline, one module per stage, each hand-off a type:
//! [`heatmap`] (profiles → `Heatmap`) → [`index`] (Go sources → `GoFile`s, via [`syntax`]) →
//! [`targets`] (blocks + guards + ranking → `Analysis`) → [`constraints`] (guards → facts →
//! values) → [`report`] (text / JSON).

pub mod cli;
pub mod constraints;
pub mod error;
pub mod generate;

pub mod heatmap;
pub mod index;
pub mod plan;
pub mod report;
pub mod span;
pub mod syntax;
pub mod targets;
pub mod values;
pub mod verify;
pub mod writers;
