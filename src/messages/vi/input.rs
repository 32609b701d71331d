//! The input's messages: JSON, its fields and their checks.

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[
    ("required field is missing", "thiếu trường bắt buộc"),
];
