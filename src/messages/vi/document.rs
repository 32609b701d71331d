//! The checks of a document's fields (input::document).

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[];
