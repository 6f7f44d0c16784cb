//! heatseed: Go coverage heatmaps in, fuzz seeds and harnesses aimed at cold code out.
//!
//! The pipeline, one module per stage, each hand-off a type:
//! [`heatmap`] (profiles → `Heatmap`) → [`index`] (Go sources → `GoFile`s, via [`syntax`]) →
//! [`targets`] (blocks + guards + ranking → `Analysis`) → [`constraints`] (guards → facts →
//! values) → [`report`] (text / JSON).

pub mod error;
pub mod heatmap;
pub mod index;
pub mod span;
pub mod syntax;
pub mod targets;
pub mod constraints;
pub mod cli;
pub mod report;
