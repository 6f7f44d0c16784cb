//! Go source index: every Go file of the heatmap parsed once (in parallel) into the
//! [`model`] types: functions and methods with their parameters, results and control regions,
//! type declarations, constants and imports. The parsing itself lives in [`crate::syntax`].

pub mod model;

pub use model::*;
