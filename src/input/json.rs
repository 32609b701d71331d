//! Bytes → JSON value, with `line L, column C` for syntax errors and a clear word for bytes that
//! are not UTF-8.

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{Place, Problem};
use crate::messages::tr;

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
                message: tr!(
                    "not valid UTF-8 (byte 0x{byte} at offset {offset}); save the file as UTF-8",
                    byte = format!("{:02X}", bytes[offset]),
                    offset
                ),
            });
        }
    };
    if text.trim().is_empty() {
        return Err(Problem {
            place: Place::File,
            message: tr!("the file is empty; expected a JSON object (one document)"),
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed(&Frame { parent: None, key: Key::Root })
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| {
        let full = e.to_string();
        // serde_json appends " at line L column C"; we say where in our own notation.
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_owned(),
            None => full,
        };
        let message = match e.classify() {
            // raised by the visitor below: a key given twice
            serde_json::error::Category::Data => message,
            _ => tr!("malformed JSON: {message}", message = syntax(&message)),
        };
        Problem { place: Place::Line { line: e.line(), column: e.column().max(1) }, message }
    })?;
    if !value.is_object() {
        return Err(Problem {
            place: Place::File,
            message: tr!(
                "expected a JSON object (one document), found {found}",
                found = super::reader::describe(&value)
            ),
        });
    }
    Ok(value)
}

/// serde_json's words for a syntax error (its `Display`, without the place) in the user's language;
/// anything else as it is.
fn syntax(message: &str) -> String {
    match message {
        "EOF while parsing a list" => tr!("EOF while parsing a list"),
        "EOF while parsing an object" => tr!("EOF while parsing an object"),
        "EOF while parsing a string" => tr!("EOF while parsing a string"),
        "EOF while parsing a value" => tr!("EOF while parsing a value"),
        "expected `:`" => tr!("expected `:`"),
        "expected `,` or `]`" => tr!("expected `,` or `]`"),
        "expected `,` or `}`" => tr!("expected `,` or `}}`"),
        "expected ident" => tr!("expected ident"),
        "expected value" => tr!("expected value"),
        "expected `\"`" => tr!("expected `\"`"),
        "invalid escape" => tr!("invalid escape"),
        "invalid number" => tr!("invalid number"),
        "number out of range" => tr!("number out of range"),
        "invalid unicode code point" => tr!("invalid unicode code point"),
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            tr!("control character (\\u0000-\\u001F) found while parsing a string")
        }
        "key must be a string" => tr!("key must be a string"),
        "lone leading surrogate in hex escape" => tr!("lone leading surrogate in hex escape"),
        "trailing comma" => tr!("trailing comma"),
        "trailing characters" => tr!("trailing characters"),
        "unexpected end of hex escape" => tr!("unexpected end of hex escape"),
        "recursion limit exceeded" => tr!("recursion limit exceeded"),
        other => other.to_owned(),
    }
}

/// Where a value is, as a chain up to the root: the JSON path is written only for a message.
struct Frame<'a> {
    parent: Option<&'a Frame<'a>>,
    key: Key<'a>,
}

enum Key<'a> {
    Root,
    Name(&'a str),
    Index(usize),
}

impl Frame<'_> {
    /// `systems[0].number`, as the validator writes places.
    fn path(&self) -> String {
        let mut keys = Vec::new();
        let mut f = Some(self);
        while let Some(frame) = f {
            keys.push(&frame.key);
            f = frame.parent;
        }
        let mut path = String::new();
        for key in keys.into_iter().rev() {
            match key {
                Key::Root => {}
                Key::Name(k) => path = super::reader::join(&path, k),
                Key::Index(i) => path = super::reader::index(&path, *i),
            }
        }
        path
    }
}

/// Builds a [`Value`] as serde_json's own would, except that a key given twice in one object is an
/// error (serde_json keeps the last silently: `"number": 125, "number": 7` would print Số 07).
struct Seed<'a>(&'a Frame<'a>);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let frame = Frame { parent: Some(self.0), key: Key::Index(items.len()) };
            match seq.next_element_seed(Seed(&frame))? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let frame = Frame { parent: Some(self.0), key: Key::Name(&key) };
            if out.contains_key(&key) {
                return Err(A::Error::custom(tr!(
                    "{path}: the key {key} is given twice in one object; keep one",
                    path = frame.path(),
                    key = super::reader::quote(&key)
                )));
            }
            let value = map.next_value_seed(Seed(&frame))?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
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
    fn a_key_given_twice_is_an_error_with_its_path_and_line() {
        let e = parse(b"{\"number\": 125,\n \"number\": 7}").unwrap_err();
        assert_eq!(e.place, Place::Line { line: 2, column: 9 });
        assert_eq!(e.message, "number: the key \"number\" is given twice in one object; keep one");
        let e = parse(b"{\"systems\": [{}, {\"name\": \"a\", \"name\": \"b\"}]}").unwrap_err();
        assert_eq!(e.message, "systems[1].name: the key \"name\" is given twice in one object; keep one");
        // the same key in two objects is no repeat
        assert!(parse(b"{\"a\": {\"k\": 1}, \"b\": {\"k\": 1}}").is_ok());
    }

    #[test]
    fn empty_and_non_object() {
        assert_eq!(parse(b"  \n").unwrap_err().message, "the file is empty; expected a JSON object (one document)");
        assert_eq!(parse(b"[1]").unwrap_err().message, "expected a JSON object (one document), found an array");
    }
}
