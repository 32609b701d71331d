//! `form --from`: last period's report made into the next period's form (issue 25, item 10). The
//! period moves on to the next of its kind; what belongs to one report alone (its number and date,
//! the figures of its period) is left blank, so a unit that changes nothing sends no stale figure
//! under a new date; everything else is carried over and said to be, to be checked. The source's
//! number and date go into hidden rows (`_from.number`, `_from.date`), so that a report issued
//! with them again is warned of ([`same_as_source`]).

use serde_json::{Map, Value};

use super::layout::{layout, Field};
use crate::model::Kind;

/// What [`next`] did, to be said on stderr and in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Carried {
    /// The source's period, as the report names it (`tháng 5/2026`), when the source gives it.
    pub from_period: Option<String>,
    /// The form's period, when the source gives one (it moved on).
    pub to_period: Option<String>,
    /// The labels of the fields left blank because they belong to the source's report alone.
    pub blanked: Vec<String>,
    /// The sheets whose rows were carried over, and how many rows each.
    pub rows: Vec<(&'static str, usize)>,
}

impl Carried {
    /// One line for the form's own row of notes (Vietnamese, as the form is).
    pub fn summary(&self) -> String {
        let mut s = String::from("Mẫu lập từ báo cáo");
        if let Some(p) = &self.from_period {
            s.push_str(&format!(" {p}"));
        }
        s.push_str(" (kỳ trước)");
        if let Some(p) = &self.to_period {
            s.push_str(&format!("; kỳ báo cáo đã chuyển sang {p}"));
        }
        if !self.blanked.is_empty() {
            s.push_str(&format!("; để trống vì chỉ thuộc báo cáo kỳ trước: {}", self.blanked.join(", ")));
        }
        s.push_str("; các dòng khác chép lại từ kỳ trước: kiểm tra, sửa từng dòng trước khi gửi.");
        s
    }
}

/// The paths a report of `kind` owns alone: left blank in the next period's form. Inside a table,
/// `array[].field`.
fn own(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Monthly => {
            &["number", "date", "period.data_from", "period.data_to", "incidents.detected", "incidents.handled"]
        }
        Kind::Assessment => &[
            "number",
            "date",
            "systems[].from",
            "systems[].to",
            "systems[].checks.management.total",
            "systems[].checks.management.passed",
            "systems[].checks.technical.total",
            "systems[].checks.technical.passed",
            "systems[].conclusion",
        ],
        Kind::Annual => &["number", "date", "compliance[].review", "compliance[].found", "compliance[].remedied"],
    }
}

/// The field of `kind`'s form at `path` (`array[].field` inside a table).
fn field(kind: Kind, path: &str) -> Option<&'static Field> {
    let form = layout(kind);
    match path.split_once("[].") {
        None => form.unit.iter().flat_map(|p| p.iter()).find(|f| f.path == path),
        Some((array, inner)) => {
            form.tables.iter().find(|t| t.array == array).and_then(|t| t.columns.iter().find(|f| f.path == inner))
        }
    }
}

/// Removes the dotted `path` from `v`, and the objects it leaves empty; whether it was there.
fn remove(v: &mut Value, path: &str) -> bool {
    let Some(o) = v.as_object_mut() else { return false };
    match path.split_once('.') {
        None => o.remove(path).is_some(),
        Some((head, rest)) => {
            let Some(inner) = o.get_mut(head) else { return false };
            let removed = remove(inner, rest);
            if inner.as_object().is_some_and(Map::is_empty) {
                o.remove(head);
            }
            removed
        }
    }
}

fn int(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(Value::as_i64)
}

/// The period `p` of `kind` as a report names it, and the next one (its JSON): `None` when `p`
/// is not one (the form's own checks say why).
fn periods(kind: Kind, p: &Value) -> Option<(String, String, Value)> {
    let year = int(p, "year")?;
    let mut next = p.clone();
    let o = next.as_object_mut()?;
    let (from, to) = match kind {
        Kind::Monthly => {
            let month = int(p, "month").filter(|m| (1..=12).contains(m))?;
            let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
            o.insert("year".into(), y.into());
            o.insert("month".into(), m.into());
            (format!("tháng {month}/{year}"), format!("tháng {m}/{y}"))
        }
        Kind::Assessment => match p.get("half") {
            None | Some(Value::Null) => {
                o.insert("year".into(), (year + 1).into());
                (format!("năm {year}"), format!("năm {}", year + 1))
            }
            Some(h) => {
                let half = h.as_i64().filter(|h| (1..=2).contains(h))?;
                let (y, h) = if half == 2 { (year + 1, 1) } else { (year, 2) };
                o.insert("year".into(), y.into());
                o.insert("half".into(), h.into());
                let name = |h: i64, y: i64| format!("6 tháng {} năm {y}", if h == 1 { "đầu" } else { "cuối" });
                (name(half, year), name(h, y))
            }
        },
        Kind::Annual => {
            o.insert("year".into(), (year + 1).into());
            (format!("năm {year}"), format!("năm {}", year + 1))
        }
    };
    Some((from, to, next))
}

/// The next period's form value made from `own` (a unit's report, the batch's defaults left out)
/// whose whole report (with the defaults) is `source`. An error when the next period is beyond
/// the contract's years.
pub fn next(kind: Kind, source: &Value, own_value: &Value) -> Result<(Value, Carried), String> {
    let mut v = own_value.clone();
    let mut carried = Carried::default();
    if let Some(p) = source.get("period") {
        carried.from_period = periods(kind, p).map(|(from, _, _)| from);
    }
    // the unit's own period, even a part of it (a month that differs from the defaults' month),
    // moves on as the whole report's does: a part alone cannot (a June form kept May)
    if v.get("period").is_some() {
        let whole = source.get("period").and_then(|p| periods(kind, p)).or_else(|| periods(kind, &v["period"]));
        if let Some((_, to, next)) = whole {
            if int(&next, "year").is_some_and(|y| y > 2100) {
                return Err(crate::messages::period_beyond(carried.from_period.as_deref().unwrap_or_default(), &to));
            }
            carried.to_period = Some(to);
            v["period"] = next;
        }
    }
    for path in own(kind) {
        let removed = match path.split_once("[].") {
            None => remove(&mut v, path),
            Some((array, inner)) => {
                let mut any = false;
                for item in v.get_mut(array).and_then(Value::as_array_mut).into_iter().flatten() {
                    any |= remove(item, inner);
                }
                any
            }
        };
        if removed {
            let label = field(kind, path).map_or(*path, |f| f.label);
            let sheet = path.split_once("[].").and_then(|(a, _)| layout(kind).tables.iter().find(|t| t.array == a));
            carried.blanked.push(match sheet {
                Some(t) => format!("{label} ('{}')", t.sheet),
                None => label.to_owned(),
            });
        }
    }
    // the source's number and date, for the warning when they come back unchanged
    if let Some(o) = v.as_object_mut() {
        o.remove("_from");
        let mut from = Map::new();
        for key in ["number", "date"] {
            if let Some(x) = source.get(key).filter(|x| !x.is_null()) {
                from.insert(key.to_owned(), x.clone());
            }
        }
        if !from.is_empty() {
            o.insert("_from".to_owned(), Value::Object(from));
        }
    }
    // what is carried over, sheet by sheet
    let form = layout(kind);
    let unit_rows = form.unit.iter().flat_map(|p| p.iter()).filter(|f| super::write::get(&v, f.path).is_some()).count();
    carried.rows.push((super::layout::UNIT_SHEET, unit_rows));
    for table in form.tables {
        let n = super::write::table_items(Some(&v), table.array).len();
        carried.rows.push((table.sheet, n));
    }
    if let Some((sheet, lists)) = form.lists {
        let n = lists.iter().map(|f| v.get(f.path).and_then(Value::as_array).map_or(0, Vec::len)).max().unwrap_or(0);
        carried.rows.push((sheet, n));
    }
    carried.rows.retain(|(_, n)| *n > 0);
    Ok((v, carried))
}

/// Whether a report's number and date are both those of the report its form was made from
/// (`_from`, written by `form --from`): a report issued twice under one number.
pub fn same_as_source(value: &Value) -> bool {
    let given = |k: &str| value.get(k).filter(|x| !x.is_null());
    let source = |k: &str| value.get("_from").and_then(|f| f.get(k)).filter(|x| !x.is_null());
    matches!((given("number"), source("number")), (Some(a), Some(b)) if a == b)
        && matches!((given("date"), source("date")), (Some(a), Some(b)) if a == b)
}
