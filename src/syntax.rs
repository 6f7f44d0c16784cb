//! tree-sitter access (placeholder during bring-up; replaced by the index work).
