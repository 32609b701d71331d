//! The Excel form's messages (input::xlsx).

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[];
