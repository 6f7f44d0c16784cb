//! `heatseed run`: the nightly job, one command from heatmap to fuzzing to a report.
//!
//! [`summary`] is the typed result of one run (schema `heatseed.run/v1`): what the text
//! summary, the `--format json` document and the HTML report are all rendered from, and what
//! the state directory keeps of earlier runs for the trend.

pub mod summary;
