//! Input: read one JSON document, check it against the input contract, build the [`model`].
//!
//! Entry point: [`check`] (bytes → [`Checked`]) and [`load`] (a file). Every problem of a document
//! is collected, not just the first: JSON syntax errors stop at once (there is nothing to walk),
//! everything after that is reported together. Places are written as in input.md: `line L,
//! column C` for JSON syntax, a JSON path such as `systems[0].public_ips[1]` otherwise.
//!
//! [`model`]: crate::model

mod document;
pub mod email;
mod ip;
mod json;
mod reader;
pub mod schema;

use std::fmt;
use std::path::Path;

use crate::model::Document;

/// The largest input file baocao reads (input.md: limits are invalid input, exit 1).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// The longest string, in Unicode scalar values after NFC (input.md).
pub const MAX_STRING_CHARS: usize = 10_000;
/// The most systems one document may list.
pub const MAX_SYSTEMS: usize = 10_000;
/// The most items in any other array (recipients, addresses, difficulties, …).
pub const MAX_ITEMS: usize = 1_000;

/// Where in the input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole (empty, too large, not UTF-8, not an object).
    File,
    /// A JSON syntax error, 1-based.
    Line {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A JSON path: `issuer.name`, `systems[0].public_ips[1]`.
    Path(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Line { line, column } => write!(f, "line {line}, column {column}"),
            Place::Path(p) => f.write_str(p),
        }
    }
}

/// One error or warning: where, and what (the message quotes the bad value and says what is
/// accepted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub place: Place,
    /// What, in one sentence.
    pub message: String,
}

impl Problem {
    /// A problem at a JSON path.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { place: Place::Path(path.into()), message: message.into() }
    }

    /// The problem as printed, after the file name: `systems[0].level: 7 is outside 1–5`.
    pub fn describe(&self) -> String {
        match self.place {
            Place::File => self.message.clone(),
            _ => format!("{}: {}", self.place, self.message),
        }
    }
}

/// The result of checking one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The validated document; `Some` exactly when there are no errors.
    pub document: Option<Document>,
    /// Errors: the document cannot be written.
    pub errors: Vec<Problem>,
    /// Warnings: the document is written (unless `--strict`).
    pub warnings: Vec<Problem>,
}

/// Errors and warnings collected while walking a document.
#[derive(Debug, Default)]
pub(crate) struct Diag {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl Diag {
    pub fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(Problem::at(path, message));
    }
    pub fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.warnings.push(Problem::at(path, message));
    }
}

/// Checks one document given as bytes (a leading UTF-8 byte-order mark is skipped).
pub fn check(bytes: &[u8]) -> Checked {
    match parse_json(bytes) {
        Ok(v) => check_value(&v),
        Err(p) => Checked { document: None, errors: vec![p], warnings: vec![] },
    }
}

/// Parses bytes as one JSON object (BOM skipped, UTF-8 checked, `line L, column C` on errors).
pub fn parse_json(bytes: &[u8]) -> Result<serde_json::Value, Problem> {
    json::parse(bytes)
}

/// Checks one document given as a JSON value (a batch unit with its defaults merged in).
pub fn check_value(value: &serde_json::Value) -> Checked {
    let mut diag = Diag::default();
    let document = document::read(value, &mut diag);
    let document = if diag.errors.is_empty() { document } else { None };
    Checked { document, errors: diag.errors, warnings: diag.warnings }
}

/// Checks the consolidated report's own fields (issuer, number, date, signer, recipients,
/// archive, submit_to) and builds its document around the batch's figures.
pub fn check_consolidated(value: &serde_json::Value, figures: crate::model::Consolidated) -> Checked {
    let mut diag = Diag::default();
    let document = document::read_consolidated(value, figures, &mut diag);
    let document = if diag.errors.is_empty() { document } else { None };
    Checked { document, errors: diag.errors, warnings: diag.warnings }
}

/// Reads and checks one file. `Err` is an I/O error (exit 2), not invalid input.
pub fn load(path: &Path) -> std::io::Result<Checked> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Ok(Checked {
            document: None,
            errors: vec![Problem {
                place: Place::File,
                message: format!("the file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes (16 MiB)"),
            }],
            warnings: vec![],
        });
    }
    let bytes = std::fs::read(path)?;
    Ok(check(&bytes))
}
