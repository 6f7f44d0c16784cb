//! `heatseed run`: the nightly job, one command from heatmap to fuzzing to a report.
//!
//! [`summary`] is the typed result of one run (schema `heatseed.run/v1`): what the text
//! summary, the `--format json` document and the HTML report are all rendered from, and what
//! the state directory keeps of earlier runs for the trend. [`text`] renders the one-screen
//! text summary, [`html`] the self-contained HTML report.

pub mod html;
#[cfg(test)]
mod sample;
pub mod summary;
pub mod text;

pub use html::render as render_html;
pub use text::text as render_text;
