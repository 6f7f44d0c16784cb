//! `heatseed generate`: seeds (and harnesses) for the ranked targets.

pub mod user;
