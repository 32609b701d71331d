//! The messages of messages/mod.rs, shared by several stages.

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[];
