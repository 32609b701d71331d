//! Signing and verifying (sign).

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[];
