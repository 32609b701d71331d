//! The language itself, and the places of a problem.

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[
    ("{value} is neither vi nor en; Vietnamese is used", "{value} không phải vi hay en; dùng tiếng Việt"),
    ("{lang}: expected \"vi\" or \"en\"", "{lang}: chỉ nhận \"vi\" (tiếng Việt) hoặc \"en\" (tiếng Anh)"),
];
