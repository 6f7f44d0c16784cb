//! Per-package results `generate` reuses (filled in below).
