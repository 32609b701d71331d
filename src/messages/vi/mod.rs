//! The Vietnamese catalogue (issue 28): each message's English text (its key, as written in
//! `tr!`) and its Vietnamese text, with the same `{name}` placeholders. One file a part of the
//! program, one table in all; `tests/messages.rs` checks it against every `tr!` of the source.
//!
//! Words kept the same everywhere: lỗi (error), cảnh báo (warning), tệp (file), thư mục (folder),
//! trường (field), bắt buộc (required), sổ tính (workbook), trang tính (sheet), ô (cell), dòng
//! (row, line), cột (column), đơn vị (unit), hệ thống (system), địa chỉ IP công khai (public
//! address), tệp cấu hình (settings file), tùy chọn (a flag), văn thư (clerk), người ký (signer).

use std::collections::HashMap;
use std::sync::OnceLock;

mod cli;
mod document;
mod forms;
mod general;
pub mod help;
mod input;
pub mod places;
mod shared;
mod sign;

/// Every part's entries.
pub const PARTS: &[&[(&str, &str)]] = &[
    general::ENTRIES,
    shared::ENTRIES,
    input::ENTRIES,
    document::ENTRIES,
    forms::ENTRIES,
    cli::ENTRIES,
    sign::ENTRIES,
];

/// The Vietnamese text of a message given by its English text; the English text itself when the
/// catalogue lacks it (which `tests/messages.rs` does not let happen).
pub fn text(en: &'static str) -> &'static str {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| PARTS.iter().flat_map(|p| p.iter().copied()).collect()).get(en).copied().unwrap_or(en)
}
