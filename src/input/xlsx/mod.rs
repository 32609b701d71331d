//! Excel forms (issue 17): the workbook a subordinate unit fills in ([`write::form`], `baocao
//! form`) and the filled workbook read back into the same JSON value the unit would have written
//! ([`read::read`]), every field's cell remembered, so that a problem found by the same checks as
//! JSON is told by its sheet and cell (`'Hệ thống'!C5`).

pub mod carry;
pub mod layout;
pub mod read;
pub mod write;

use serde_json::{Map, Value};

use crate::model::Kind;
pub use read::{read, Cells};
pub use write::FormError;

/// `value` without what `defaults` gives it (a key whose value equals the defaults', recursively
/// into objects): what a unit of a batch still has to say.
pub fn without_defaults(value: &Value, defaults: &Value) -> Value {
    match (value, defaults) {
        (Value::Object(v), Value::Object(d)) => {
            let mut out = Map::new();
            for (k, x) in v {
                match d.get(k) {
                    Some(dx) if dx == x => {}
                    Some(dx @ Value::Object(_)) => {
                        let rest = without_defaults(x, dx);
                        if rest.as_object().is_none_or(|o| !o.is_empty()) {
                            out.insert(k.clone(), rest);
                        }
                    }
                    _ => {
                        out.insert(k.clone(), x.clone());
                    }
                }
            }
            Value::Object(out)
        }
        _ => value.clone(),
    }
}

/// The first path where `a` and `b` differ (keys starting with `$` or `_` in `a` ignored).
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    let join = |k: &str| if path.is_empty() { k.to_owned() } else { format!("{path}.{k}") };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                if k.starts_with(['$', '_']) {
                    continue;
                }
                match y.get(k) {
                    Some(w) => {
                        if let Some(p) = first_difference(v, w, &join(k)) {
                            return Some(p);
                        }
                    }
                    // an empty list left out reads the same
                    None if v.as_array().is_some_and(Vec::is_empty) => {}
                    None => return Some(join(k)),
                }
            }
            y.keys().find(|k| !x.contains_key(*k)).map(|k| join(k))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(path.to_owned());
            }
            x.iter().zip(y).enumerate().find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]")))
        }
        // text as the checks read it: without the spaces around it, line ends as `\n` (the
        // reader trims a cell as the JSON checks trim a field)
        (Value::String(x), Value::String(y)) => {
            let plain = |s: &str| s.replace("\r\n", "\n").trim().to_owned();
            (plain(x) != plain(y)).then(|| path.to_owned())
        }
        _ => (a != b).then(|| path.to_owned()),
    }
}

/// The form of `kind` pre-filled with `from`, checked to read back as `from` (nothing of it
/// lost).
pub fn form(kind: Kind, from: Option<&Value>) -> Result<Vec<u8>, FormError> {
    form_with(kind, from, None, None)
}

/// The blank form of `kind` for a batch with `defaults`: the rows they give say the Sở fills them.
pub fn form_for_batch(kind: Kind, defaults: &Value) -> Result<Vec<u8>, FormError> {
    form_with(kind, None, None, Some(defaults))
}

/// The next period's form made from last period's report: `source` the whole report (defaults
/// merged in), `own` what the unit says of it (the defaults left out). See [`carry::next`].
/// `defaults` (a batch's) are the rows the form says the Sở fills.
pub fn next_form(
    kind: Kind,
    source: &Value,
    own: &Value,
    defaults: Option<&Value>,
) -> Result<(Vec<u8>, carry::Carried), FormError> {
    if let Some(found) = own.get("kind").and_then(Value::as_str) {
        if found != kind.name() {
            return Err(FormError::Kind { expected: kind.name(), found: found.to_owned() });
        }
    }
    let (next, carried) = carry::next(kind, source, own).map_err(FormError::Value)?;
    Ok((form_with(kind, Some(&next), Some(&carried), defaults)?, carried))
}

fn form_with(
    kind: Kind,
    from: Option<&Value>,
    carried: Option<&carry::Carried>,
    defaults: Option<&Value>,
) -> Result<Vec<u8>, FormError> {
    let bytes = write::form(kind, from, carried, defaults)?;
    if let Some(from) = from {
        let mut expected = from.clone();
        if let Some(o) = expected.as_object_mut() {
            o.insert("kind".to_owned(), Value::String(kind.name().to_owned()));
        }
        let back = read(&bytes).map(|(v, _)| v).map_err(|problems| {
            FormError::Value(problems.iter().map(crate::input::Problem::describe).collect::<Vec<_>>().join("; "))
        })?;
        if let Some(path) = first_difference(&expected, &back, "") {
            return Err(FormError::NoPlace { path });
        }
    }
    Ok(bytes)
}
