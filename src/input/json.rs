//! Bytes → JSON value, with `line L, column C` for syntax errors and a clear word for bytes that
//! are not UTF-8.

use serde_json::Value;

use super::{Place, Problem};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// 1-based line and column (in characters) of byte `offset` in `bytes`, whose prefix is UTF-8.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// Parses one JSON document. A leading byte-order mark is skipped (Windows editors write one).
pub(crate) fn parse(bytes: &[u8]) -> Result<Value, Problem> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.valid_up_to();
            let (line, column) = line_column(bytes, offset);
            return Err(Problem {
                place: Place::Line { line, column },
                message: format!(
                    "not valid UTF-8 (byte 0x{:02X} at offset {offset}); save the file as UTF-8",
                    bytes[offset]
                ),
            });
        }
    };
    if text.trim().is_empty() {
        return Err(Problem {
            place: Place::File,
            message: "the file is empty; expected a JSON object (one document)".to_owned(),
        });
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        // serde_json appends " at line L column C"; we say where in our own notation.
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_owned(),
            None => full,
        };
        Problem {
            place: Place::Line { line: e.line(), column: e.column().max(1) },
            message: format!("malformed JSON: {message}"),
        }
    })?;
    if !value.is_object() {
        return Err(Problem {
            place: Place::File,
            message: format!("expected a JSON object (one document), found {}", super::reader::describe(&value)),
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_skipped() {
        assert!(parse(b"\xEF\xBB\xBF{\"a\": 1}").is_ok());
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = parse(b"{\n  \"a\": 1,\n}").unwrap_err();
        assert_eq!(e.place, Place::Line { line: 3, column: 1 });
        assert_eq!(e.message, "malformed JSON: trailing comma");
    }

    #[test]
    fn invalid_utf8_says_so() {
        let e = parse(b"{\n \"a\": \"caf\xE9\"}").unwrap_err();
        assert_eq!(e.place, Place::Line { line: 2, column: 11 });
        assert_eq!(e.message, "not valid UTF-8 (byte 0xE9 at offset 12); save the file as UTF-8");
    }

    #[test]
    fn empty_and_non_object() {
        assert_eq!(parse(b"  \n").unwrap_err().message, "the file is empty; expected a JSON object (one document)");
        assert_eq!(parse(b"[1]").unwrap_err().message, "expected a JSON object (one document), found an array");
    }
}
