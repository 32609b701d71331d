//! A unit over the batch's defaults.

use serde_json::{Map, Value};

/// Objects merge key by key, recursively; a unit's array or scalar replaces the default's.
pub fn merge(defaults: &Value, unit: &Value) -> Value {
    match (defaults, unit) {
        (Value::Object(d), Value::Object(u)) => {
            let mut out: Map<String, Value> = d.clone();
            for (k, v) in u {
                let merged = match out.get(k) {
                    Some(dv) => merge(dv, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (_, u) => u.clone(),
    }
}
