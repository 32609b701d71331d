//! One place for the messages baocao prints about its input, its forms and its files (issue 25):
//! the same mistake is told in the same words wherever it is found, and a later translation
//! changes them here. Each is a constant or a function of the values it quotes.

use std::path::Path;

/// A required field left out (JSON) or left blank (a form).
pub const REQUIRED: &str = "required field is missing";

/// An existing signed PDF where a file is to be written.
pub fn signed_not_replaced(path: &Path) -> String {
    format!(
        "{} exists and is a signed PDF: not replaced (give --force to replace it, or choose another -o folder)",
        path.display()
    )
}

/// Anything but a regular file where a file is to be written.
pub fn not_a_regular_file(path: &Path) -> String {
    format!("{} exists and is not a regular file (a link, a device, a FIFO or a folder): not replaced", path.display())
}

/// A report issued again under the number and date of the report its form was made from.
pub fn same_as_source(number: &serde_json::Value, date: &str) -> String {
    format!(
        "{number} and date {date} are those of last period's report, which this form was made from; give this report its own number and date (or leave both blank for the clerk)"
    )
}

/// The period after the last one the contract takes.
pub fn period_beyond(from: &str, to: &str) -> String {
    format!("period: the period after {from} would be {to}, beyond the contract's years (2000–2100)")
}
