//! The filters every template may use to follow reports.md's writing rules (what a văn thư checks):
//! `number` writes a count the Vietnamese way (`1.234`), `sentence` makes an input text end as a
//! sentence (one final full stop, never `..` or `.;`), `clause` makes it fit inside one (its final
//! full stop, semicolon or comma dropped).

use std::collections::HashMap;

use tera::{Tera, Value};

use crate::messages::tr;
use crate::vn;

/// Registers the filters.
pub fn register(tera: &mut Tera) {
    tera.register_filter("number", number);
    tera.register_filter("sentence", sentence);
    tera.register_filter("clause", clause);
}

/// `{{ n | number }}`: `1234` → `1.234` (a whole number ≥ 0).
fn number(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    match value.as_u64() {
        Some(n) => Ok(Value::String(vn::int(n))),
        None => Err(tera::Error::msg(tr!("number: {value} is not a whole number ≥ 0", value))),
    }
}

fn text<'a>(name: &str, value: &'a Value) -> tera::Result<&'a str> {
    value.as_str().ok_or_else(|| tera::Error::msg(tr!("{name}: {value} is not a text", name, value)))
}

/// The text without what would double the punctuation a template puts after it.
pub fn clause_of(s: &str) -> &str {
    s.trim_end().trim_end_matches(['.', ';', ',', ':']).trim_end()
}

/// The text ending as a sentence: its own `.`, `!`, `?`, `…` or `)` kept, a final `;` `,` `:`
/// replaced by a full stop, a full stop added when it has none.
/// A text of several lines whose first line is a list item starts on a line of its own (a line
/// feed first), as its other items do.
pub fn sentence_of(s: &str) -> String {
    let s = s.trim_end();
    let lead = if s.contains('\n') && crate::vn::list_marker(s.trim_start()).is_some() { "\n" } else { "" };
    if s.is_empty() || s.ends_with(['.', '!', '?', '…']) {
        return format!("{lead}{s}");
    }
    format!("{lead}{}.", clause_of(s))
}

/// `{{ text | sentence }}`.
fn sentence(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(Value::String(sentence_of(text("sentence", value)?)))
}

/// `{{ text | clause }}`.
fn clause(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(Value::String(clause_of(text("clause", value)?).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_ends_with_one_full_stop() {
        assert_eq!(sentence_of("tại Trung tâm dữ liệu tỉnh."), "tại Trung tâm dữ liệu tỉnh.");
        assert_eq!(sentence_of("phỏng vấn cán bộ vận hành"), "phỏng vấn cán bộ vận hành.");
        assert_eq!(sentence_of("đề nghị bổ sung kinh phí;"), "đề nghị bổ sung kinh phí.");
        assert_eq!(sentence_of("Có nên tiếp tục?"), "Có nên tiếp tục?");
        // a list of several lines starts on a line of its own
        assert_eq!(sentence_of("a) phỏng vấn;\nb) rà quét"), "\na) phỏng vấn;\nb) rà quét.");
        assert_eq!(sentence_of("- một dòng"), "- một dòng.");
        assert_eq!(clause_of("tại Trung tâm dữ liệu tỉnh. "), "tại Trung tâm dữ liệu tỉnh");
        assert_eq!(clause_of("Quyết định số 45/QĐ-STTTT ngày 02/3/2020;"), "Quyết định số 45/QĐ-STTTT ngày 02/3/2020");
    }
}
