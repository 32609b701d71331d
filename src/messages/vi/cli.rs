//! The command line's own messages, its settings file, batches, files written, e-mail and preview.

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[];
