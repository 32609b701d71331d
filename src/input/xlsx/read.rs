//! A filled form read back into the input's JSON value, each field's cell remembered so that a
//! problem is told as Excel names the cell (`'Hệ thống'!C5`).

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use serde_json::{json, Map, Value};

use crate::messages::form as msg;
use crate::messages::tr;

use super::layout::{cell_ref, layout, Field, Table, Ty, KIND_LABEL, SOURCE, UNIT_HEADERS, UNIT_SHEET};
use crate::input::{Place, Problem};
use crate::model::Kind;

/// The largest a workbook may grow to when unzipped (a form of a few hundred systems is well
/// under 1 MiB): more is refused as a zip bomb.
pub const MAX_EXPANDED_BYTES: u64 = 32 * 1024 * 1024;

/// The most text a form's cells may hold in all, a shared string counted in each cell that names
/// it: what a unit's JSON may hold (a form of more says more than any input can).
pub const MAX_TEXT_BYTES: u64 = crate::input::MAX_FILE_BYTES;

/// A cell of one of the form's sheets: row and column from 0.
#[derive(Debug, Clone, Copy)]
struct At {
    sheet: &'static str,
    row: u32,
    col: u32,
}

impl At {
    fn cell(self) -> String {
        cell_ref(self.sheet, self.row, self.col)
    }
}

/// Each field's cell, by its JSON path, and the paths in the order of the form.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    /// The unit sheet's fields, the paragraphs, each table's first row: each path's cell, and
    /// the path's place in the form's order.
    map: BTreeMap<String, (At, usize)>,
    /// The tables' cells, told by each table's columns and the row of each item (a path and a
    /// cell stored for every cell took 28 MB of 100 for a form of 10,000 systems).
    tables: Vec<TableCells>,
    /// What the reader found worth a warning.
    notes: Vec<Problem>,
}

/// Where a table's items were read.
#[derive(Debug, Clone)]
struct TableCells {
    sheet: &'static str,
    /// `systems`, or `systems[].findings` for a nested list.
    array: &'static str,
    /// Each field's column, in the order of the columns.
    columns: Vec<(u32, &'static str)>,
    /// The row of each item: by (parent's index, item's index) in a nested list, by (0, index)
    /// in another.
    rows: std::collections::HashMap<(usize, usize), u32>,
}

impl TableCells {
    /// The cell of `rest` (`""`, `.level`, `.checks`, `.public_ips[1]`) of the item read from
    /// `row`: an item's own is its first column's; an object's its first field's.
    fn field(&self, row: u32, rest: &str) -> Option<At> {
        let at = |col| At { sheet: self.sheet, row, col };
        if rest.is_empty() {
            return Some(at(self.columns.first().map_or(0, |(c, _)| *c)));
        }
        let f = rest.strip_prefix('.')?;
        let within =
            |p: &str| p == f || [".", "["].iter().any(|sep| p.strip_prefix(f).is_some_and(|r| r.starts_with(sep)));
        self.columns.iter().find(|(_, p)| within(p)).map(|(c, _)| at(*c))
    }

    /// The cell of `path` if it is a path into this table's items.
    fn locate(&self, path: &str) -> Option<At> {
        /// `3].rest` → (3, `.rest`)
        fn index(s: &str) -> Option<(usize, &str)> {
            let (i, rest) = s.split_once(']')?;
            Some((i.parse().ok()?, rest))
        }
        match self.array.split_once("[].") {
            None => {
                let (i, rest) = index(path.strip_prefix(self.array)?.strip_prefix('[')?)?;
                // (an item's own cell is its row's first: a flat table's item is told there)
                let row = *self.rows.get(&(0, i))?;
                if rest.is_empty() {
                    return Some(At { sheet: self.sheet, row, col: 0 });
                }
                self.field(row, rest)
            }
            Some((parent, child)) => {
                let (i, rest) = index(path.strip_prefix(parent)?.strip_prefix('[')?)?;
                let rest = rest.strip_prefix('.')?.strip_prefix(child)?;
                // the list of a parent: its first item's
                if rest.is_empty() {
                    return self.field(*self.rows.get(&(i, 0))?, "");
                }
                let (j, rest) = index(rest.strip_prefix('[')?)?;
                self.field(*self.rows.get(&(i, j))?, rest)
            }
        }
    }
}

impl Cells {
    fn insert(&mut self, path: String, at: At) {
        let rank = self.map.get(&path).map_or(self.map.len(), |(_, r)| *r);
        self.map.insert(path, (at, rank));
    }

    /// The cell given for `path` on the unit sheet or a sheet of paragraphs, if any.
    fn get(&self, path: &str) -> Option<String> {
        self.map.get(path).map(|(at, _)| at.cell())
    }

    fn entry_or(&mut self, path: String, at: At) {
        if !self.map.contains_key(&path) {
            self.insert(path, at);
        }
    }

    /// What the reader found worth a warning, each at its cell.
    pub fn notes(&self) -> &[Problem] {
        &self.notes
    }

    /// The cell of a problem's JSON path: the field's own, the nearest enclosing field's, or
    /// for an object or list, its first field's in the form.
    pub fn locate(&self, path: &str) -> Option<String> {
        let mut p = path;
        loop {
            if let Some((at, _)) = self.map.get(p) {
                return Some(at.cell());
            }
            if let Some(at) = self.tables.iter().find_map(|t| t.locate(p)) {
                return Some(at.cell());
            }
            // the first in the form's order of the paths inside: a range of the sorted paths (a
            // scan of every path for each problem took 24 s for 80,000 problems)
            let inside = ['.', '['].into_iter().flat_map(|sep| {
                let start = format!("{p}{sep}");
                self.map.range(start.clone()..).take_while(move |(k, _)| k.starts_with(&start)).map(|(_, v)| v)
            });
            if let Some((at, _)) = inside.min_by_key(|(_, rank)| *rank) {
                return Some(at.cell());
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

fn problem(cell: &str, path: &str, message: impl Into<String>) -> Problem {
    Problem { place: Place::Cell { cell: cell.to_owned(), path: path.to_owned() }, message: message.into() }
}

/// A label or a choice as compared: without accents, case or punctuation (`có` = `Co` = `CÓ`).
fn key(s: &str) -> String {
    crate::vn::slug(s, 200)
}

/// What a cell holds, as the user sees it, for messages.
fn shown(d: &Data) -> String {
    match d {
        // (quoted as every message quotes a value: cut after 60 characters; a cell of 1 MB was
        // quoted whole in each message, 17 MB of them, a fifth hostile review)
        Data::String(s) => crate::input::quote_text(s),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        // a date cell as the date it shows (it was told as its serial number, 46143)
        // (calamine's conversion panics beyond chrono's range: only serials of years 1900–9999)
        Data::DateTime(d) if d.is_datetime() && (0.0..=2_958_465.0).contains(&d.as_f64()) => {
            d.as_datetime().map_or_else(|| d.to_string(), |t| tr!("the date {date}", date = t.format("%d/%m/%Y")))
        }
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => crate::input::quote_text(s).trim_matches('"').to_owned(),
        Data::Error(e) => tr!("the error {e}", e),
        Data::Empty => tr!("nothing"),
    }
}

/// A list's words, each quoted (a choice's words may hold a comma or a semicolon of their own:
/// "Trước khi đưa vào sử dụng; định kỳ").
fn quoted<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    labels.map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", ")
}

fn is_empty(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// `20/5/2020`, `2020-05-20`: the year in four digits (`20/05/20` is no date: chrono would read
/// the year 20). `Err(Some(why))` for a date of that shape no calendar has (`31/02/2026`: it was
/// said to lack a four-digit year), `Err(None)` for what is no date at all.
fn text_date(s: &str) -> Result<chrono::NaiveDate, Option<String>> {
    let s = s.trim();
    let number = |p: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten()
    };
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    let (year, month, day) = match parts[..] {
        [y, m, d] if s.contains('-') && !s.contains('/') => (number(y, 4..=4), number(m, 1..=2), number(d, 1..=2)),
        [d, m, y] if s.contains('/') && !s.contains('-') => (number(y, 4..=4), number(m, 1..=2), number(d, 1..=2)),
        _ => return Err(None),
    };
    let (Some(year), Some(month), Some(day)) = (year, month, day) else { return Err(None) };
    let year = i32::try_from(year).map_err(|_| None)?;
    chrono::NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| Some(crate::input::reader::unreal(year, month)))
}

/// An ISO date cell's date (`t="d"`): `2026-04-01`, or with a time of day and no more
/// (`2026-04-01T00:00:00`); trailing text or a time zone is no date a form cell shows (a fourth
/// hostile review: `2026-04-01junk` read as 1 April).
fn iso_date(s: &str) -> Option<chrono::NaiveDate> {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let time_ok =
        time.is_empty() || ["%H:%M:%S%.f", "%H:%M"].iter().any(|f| chrono::NaiveTime::parse_from_str(time, f).is_ok());
    (time_ok && date.len() == 10).then(|| text_date(date).ok()).flatten()
}

/// The years a date may fall in (the contract's, as for JSON).
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The largest serial number Excel gives a date (31/12/9999): beyond it, or below 0, a date cell
/// is no date (calamine's conversion would overflow).
const EXCEL_LAST_DAY: f64 = 2_958_465.0;

/// A cell's value as the field's JSON value; `Ok(None)` for an empty cell.
fn value(d: &Data, field: &Field) -> Result<Option<Value>, String> {
    if is_empty(d) {
        return Ok(None);
    }
    let text = || match d {
        Data::String(s) => Some(s.replace("\r\n", "\n").trim().to_owned()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
        Data::Float(f) => Some(f.to_string()),
        Data::Int(i) => Some(i.to_string()),
        _ => None,
    };
    let v = match field.ty {
        // a phone number typed into a cell Excel took for a number lost its leading 0
        Ty::Text if field.path.ends_with("phone") && matches!(d, Data::Float(_) | Data::Int(_)) => {
            return Err(msg::phone_as_number(&shown(d)))
        }
        // a number with a fraction is printed in full where its cell shows it rounded (1234.5678
        // for 1,234.57; 0.30000000000000004 for 0.3): text, typed as text (a sixth hostile review)
        Ty::Text if matches!(d, Data::Float(f) if f.fract() != 0.0 || f.abs() >= 1e15) => {
            return Err(msg::expected(&tr!("text (a number with a fraction, typed as text)"), &shown(d)))
        }
        Ty::Text => Value::String(text().ok_or_else(|| msg::expected(&tr!("text"), &shown(d)))?),
        Ty::Int(lo, hi) => {
            let n = match d {
                // beyond what a whole number of the form can be, it is not one (never saturated)
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
                Data::Int(i) => Some(*i),
                Data::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            }
            .ok_or_else(|| msg::expected(&tr!("a whole number"), &shown(d)))?;
            if n < lo || n > hi {
                return Err(msg::outside(n, lo, hi));
            }
            json!(n)
        }
        Ty::Date => {
            let date = match d {
                Data::DateTime(dt) if (0.0..=EXCEL_LAST_DAY).contains(&dt.as_f64()) => {
                    dt.as_datetime().map(|t| t.date())
                }
                Data::DateTimeIso(s) => iso_date(s),
                Data::String(s) => match text_date(s) {
                    Ok(date) => Some(date),
                    Err(Some(why)) => return Err(tr!("{value} is not a real date: {why}", value = shown(d), why)),
                    Err(None) => None,
                },
                _ => None,
            }
            .ok_or_else(|| msg::expected(&tr!("a date with a four-digit year (20/5/2020)"), &shown(d)))?;
            if !YEARS.contains(&chrono::Datelike::year(&date)) {
                return Err(tr!(
                    "the year {year} is outside {from}–{to}",
                    year = chrono::Datelike::year(&date),
                    from = YEARS.start(),
                    to = YEARS.end()
                ));
            }
            Value::String(date.format("%Y-%m-%d").to_string())
        }
        Ty::Bool => match d {
            Data::Bool(b) => Value::Bool(*b),
            Data::String(s) => match key(s.trim()).as_str() {
                "co" => Value::Bool(true),
                "khong" => Value::Bool(false),
                _ => return Err(msg::expected(&tr!("có or không"), &shown(d))),
            },
            _ => return Err(msg::expected(&tr!("có or không"), &shown(d))),
        },
        Ty::Choice(choices) => {
            let t = text().unwrap_or_default();
            let wanted = key(&t);
            let found = choices.iter().find(|(code, label)| key(label) == wanted || *code == t);
            match found {
                Some((code, _)) => Value::String((*code).to_owned()),
                None => {
                    return Err(msg::expected(
                        &tr!("one of {labels}", labels = quoted(choices.iter().map(|c| c.1))),
                        &shown(d),
                    ));
                }
            }
        }
        Ty::Set(options) => {
            let t = text().unwrap_or_default();
            let wanted = key(&t);
            match options.iter().find(|(_, label)| key(label) == wanted) {
                Some((values, _)) => Value::Array(values.iter().map(|v| Value::String((*v).to_owned())).collect()),
                None => {
                    return Err(msg::expected(
                        &tr!("one of {labels}", labels = quoted(options.iter().map(|o| o.1))),
                        &shown(d),
                    ));
                }
            }
        }
        Ty::Lines => {
            let t = text().ok_or_else(|| msg::expected(&tr!("text, one item a line"), &shown(d)))?;
            Value::Array(
                t.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| Value::String(l.to_owned())).collect(),
            )
        }
    };
    Ok(Some(v))
}

/// Sets `path` (`a.b.c`) in `obj`.
fn set(obj: &mut Map<String, Value>, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            obj.insert(path.to_owned(), v);
        }
        Some((head, rest)) => {
            let child = obj.entry(head.to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = child {
                set(m, rest, v);
            }
        }
    }
}

fn cell(range: &Range<Data>, row: u32, col: u32) -> &Data {
    range.get_value((row, col)).unwrap_or(&Data::Empty)
}

/// A cell's text, trimmed; empty when it holds no text.
fn text_at(range: &Range<Data>, row: u32, col: u32) -> String {
    match cell(range, row, col) {
        Data::String(s) => s.trim().to_owned(),
        _ => String::new(),
    }
}

/// Reads a filled form: the input's value, and each field's cell.
pub fn read(bytes: &[u8]) -> Result<(Value, Cells), Vec<Problem>> {
    match read_partial(bytes)? {
        (value, cells, problems) if problems.is_empty() => Ok((value, cells)),
        (_, _, problems) => Err(problems),
    }
}

/// Reads a filled form as far as it can: `Err` when nothing can be read (not a workbook, no unit
/// sheet, no kind), else the value of every cell that could be read, each field's cell, and the
/// problems of the others (so that a form's problems and the checks' are told in one pass).
pub fn read_partial(bytes: &[u8]) -> Result<(Value, Cells, Vec<Problem>), Vec<Problem>> {
    let whole = |message: String| vec![Problem { place: Place::File, message }];
    // an encrypted workbook is not a zip but an OLE compound file (D0 CF 11 E0)
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(whole(msg::encrypted().to_owned()));
    }
    check_expanded_size(bytes).map_err(whole)?;
    // calamine sees only the parts checked, in a workbook of their own
    let (checked, unsaved, decorated) = check_declared_sizes(bytes).map_err(whole)?;
    // a value as the field reads it, a decorated number (1,234.00) not as a text field's text
    let read_value = |d: &Data, field: &Field, sheet: &str, r: u32, c: u32| {
        let number = matches!(d, Data::Float(_) | Data::Int(_));
        if number && field.ty == Ty::Text && decorated.contains(&(key(sheet), r, c)) {
            return Err(msg::decorated_number(&shown(d)));
        }
        value(d, field)
    };
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(checked)).map_err(|e| whole(msg::not_a_workbook(e)))?;
    let names = book.sheet_names();
    let missing = |name: &str| msg::no_sheet(name, &names);
    // a form's sheet by its name, or by a name that differs only in case, accents or punctuation
    // (one such sheet, not two)
    let sheet =
        |book: &mut Xlsx<_>, name: &str, problems: &mut Vec<Problem>| -> Result<Option<Range<Data>>, Vec<Problem>> {
            let all = book.sheet_names();
            let alike: Vec<&String> = all.iter().filter(|n| key(n) == key(name)).collect();
            // two sheets that both read as this one (another normalisation, other accents): which
            // one holds the unit's words is not for baocao to guess
            if alike.len() > 1 {
                return Err(whole(msg::sheets_alike(&alike.iter().map(|n| (*n).clone()).collect::<Vec<_>>(), name)));
            }
            let Some(found) = alike.first().map(|n| (*n).clone()) else { return Ok(None) };
            let range = book.worksheet_range(&found).map_err(|e| whole(msg::sheet_unreadable(&found, e)))?;
            // a formula whose result was never saved (openpyxl writes them so) reads as an empty
            // cell: the value it stands for would be lost without a word (found by the checks)
            let here = cell_ref(&found, 0, 0);
            let prefix = &here[..here.len() - 2];
            problems.extend(
                unsaved.iter().filter(|(cell, _)| cell.strip_prefix(prefix).is_some_and(|r| !r.contains('!'))).map(
                    |(cell, f)| Problem {
                        place: Place::Cell { cell: cell.clone(), path: String::new() },
                        message: f.clone(),
                    },
                ),
            );
            // merged cells: the value stays in the first, the others read as empty (two systems
            // sharing one decision lost it for the second, with exit 0: a second hostile review)
            // (merged empty cells lose nothing)
            // (a list calamine cannot read is an error, never no list: one odd reference hid every
            // merged cell, a third hostile review)
            let merged = book.merge_cells_by_sheet_name(&found).map_err(|e| whole(msg::sheet_unreadable(&found, e)))?;
            if merged.len() > MAX_MERGED {
                return Err(whole(msg::too_many_merged(&found, MAX_MERGED)));
            }
            // (a value in any of its cells: one below an empty first cell is read, and shown by
            // no program, a fourth hostile review) (counted by sums over the sheet's cells: at most
            // 20,000 × 64 of them, each region then asked at once)
            let filled = filled_counts(&range, !merged.is_empty());
            for d in merged.into_iter().filter(|d| filled.within(d.start, d.end) > 0) {
                let local = |(r, c): (u32, u32)| format!("{}{}", super::layout::column_letters(c), r + 1);
                problems.push(Problem {
                    place: Place::Cell { cell: cell_ref(&found, d.start.0, d.start.1), path: String::new() },
                    message: msg::merged(&local(d.start), &local(d.end)),
                });
            }
            Ok(Some(range))
        };
    let mut problems = Vec::new();
    let Some(unit) = sheet(&mut book, UNIT_SHEET, &mut problems)? else {
        return Err(whole(missing(UNIT_SHEET)));
    };
    let mut cells = Cells::default();
    let mut root = Map::new();

    // the unit sheet: label, value, hint, key (hidden), a row a field
    let mut kind = None;
    let rows = unit.end().map_or(0, |(r, _)| r + 1);
    // every row, the first too (rows may be moved: a field's row moved to the top was skipped
    // unseen, a hostile review); the headers' row is known by its key column
    for r in 0..rows {
        let key = text_at(&unit, r, 3);
        // (the headers' row says so in its first column too: a field's row whose key was made to
        // read as the headers' is not skipped, a second hostile review)
        if key == UNIT_HEADERS[3] && text_at(&unit, r, 0) == UNIT_HEADERS[0] {
            continue;
        }
        let here = cell_ref(UNIT_SHEET, r, 1);
        if key == "kind" {
            let t = text_at(&unit, r, 1);
            // two rows of the kind: the last would win, unseen
            if let Some(first) = cells.get("kind") {
                problems.push(problem(&here, "kind", msg::row_twice(KIND_LABEL, &first, &here)));
                continue;
            }
            kind = super::layout::kind_named(&t);
            if kind.is_none() {
                let kinds: Vec<String> =
                    Kind::ALL.iter().map(|k| format!("{} ({})", super::layout::kind_label(*k), k.name())).collect();
                problems.push(problem(&here, "kind", msg::unknown_kind(KIND_LABEL, &t, &kinds)));
            }
            root.insert("kind".to_owned(), Value::String(kind.map_or(t, |k| k.name().to_owned())));
            cells.insert("kind".to_owned(), At { sheet: UNIT_SHEET, row: r, col: 1 });
        }
    }
    let Some(kind) = kind else {
        if problems.is_empty() {
            problems.push(Problem {
                place: Place::Cell { cell: cell_ref(UNIT_SHEET, 1, 1), path: "kind".to_owned() },
                message: msg::no_kind_row(KIND_LABEL),
            });
        }
        return Err(problems);
    };
    let form = layout(kind);
    // (and the hidden rows of a form made from last period's report)
    let fields: Vec<&Field> = form.unit.iter().flat_map(|part| part.iter()).chain(SOURCE).collect();
    // every row, the first too (rows may be moved: a field's row moved to the top was skipped
    // unseen, a hostile review); the headers' row is known by its key column
    for r in 0..rows {
        let key = text_at(&unit, r, 3);
        // (the headers' row says so in its first column too: a field's row whose key was made to
        // read as the headers' is not skipped, a second hostile review)
        if key == UNIT_HEADERS[3] && text_at(&unit, r, 0) == UNIT_HEADERS[0] {
            continue;
        }
        let here = cell_ref(UNIT_SHEET, r, 1);
        // beyond the form's columns (label, value, hint, key) nothing is read: a value typed
        // there is an error, not lost (a fourth hostile review: a position typed in column E)
        let cols = unit.end().map_or(0, |(_, c)| c + 1);
        if let Some(c) = (4..cols).find(|c| !is_empty(cell(&unit, r, *c))) {
            problems.push(problem(&cell_ref(UNIT_SHEET, r, c), &key, msg::outside_columns(&shown(cell(&unit, r, c)))));
        }
        if key == "kind" {
            continue;
        }
        let Some(field) = fields.iter().find(|f| f.path == key) else {
            let filled = [0, 1].iter().any(|c| !is_empty(cell(&unit, r, *c)));
            if filled && is_empty(cell(&unit, r, 0)) {
                // a row whose label was cleared, its value kept: said by its value (it read
                // "unknown row nothing", a hostile review)
                let value = shown(cell(&unit, r, 1));
                problems.push(problem(&here, &key, msg::row_without_label(&value)));
            } else if filled {
                let label = shown(cell(&unit, r, 0));
                problems.push(problem(&cell_ref(UNIT_SHEET, r, 0), &key, msg::unknown_row(&label)));
            }
            continue;
        };
        // a row given twice (copied with its hidden key): the last would win, unseen
        if let Some(first) = cells.get(field.path) {
            problems.push(problem(&here, field.path, msg::row_twice(field.label, &first, &here)));
            continue;
        }
        cells.insert(field.path.to_owned(), At { sheet: UNIT_SHEET, row: r, col: 1 });
        // the label (column A) says what the row is to whoever fills it; the hidden key (column D)
        // what it is read as: a label of another field is an error (two rows' keys swapped read
        // 3 full-time staff as part-time, a fifth hostile review), an unknown one a warning (a
        // form of an older baocao may label a row otherwise)
        let label = text_at(&unit, r, 0);
        if !label.is_empty() && super::layout::label_key(&label) != super::layout::label_key(field.label) {
            let here = cell_ref(UNIT_SHEET, r, 0);
            if fields.iter().any(|f| super::layout::label_key(f.label) == super::layout::label_key(&label)) {
                problems.push(problem(&here, field.path, msg::label_of_another(&label, field.label)));
            } else {
                cells.notes.push(problem(&here, field.path, msg::label_changed(&label, field.label)));
            }
        }
        // the hint (column C) is not read: one typed over is told (a form of an older baocao
        // may say another hint: a warning, not an error)
        let hint = match cell(&unit, r, 2) {
            Data::String(s) => s.replace("\r\n", "\n").trim().to_owned(),
            Data::Empty => String::new(),
            other => shown(other),
        };
        if !hint.is_empty() && !super::write::hints(field).any(|h| h.trim() == hint) {
            cells.notes.push(problem(&cell_ref(UNIT_SHEET, r, 2), field.path, msg::hint_changed(field.label)));
        }
        match read_value(cell(&unit, r, 1), field, UNIT_SHEET, r, 1) {
            Ok(Some(v)) => set(&mut root, field.path, v),
            Ok(None) => {}
            Err(e) => problems.push(problem(&here, field.path, format!("{}: {e}", field.label))),
        }
    }

    // the tables: a header row of labels, then a row an item
    for table in form.tables {
        let Some(range) = sheet(&mut book, table.sheet, &mut problems)? else {
            problems.push(Problem { place: Place::File, message: missing(table.sheet) });
            continue;
        };
        read_table(&range, table, &mut root, &mut cells, &mut problems, &read_value);
    }

    // the lists of paragraphs: a column a list
    let (lists_sheet, lists) = form.lists.unwrap_or(("", &[]));
    // (the annual report has no sheet of lists)
    let range = if form.lists.is_some() { sheet(&mut book, lists_sheet, &mut problems)? } else { None };
    // every sheet of the form is read: one renamed or deleted loses no paragraph silently
    if form.lists.is_some() && range.is_none() {
        problems.push(Problem { place: Place::File, message: missing(lists_sheet) });
    }
    if let Some(range) = range {
        let columns = header(&range, lists_sheet, "", lists, &mut problems);
        let rows = range.end().map_or(0, |(r, _)| r + 1);
        for (col, field) in columns {
            let mut items = Vec::new();
            for r in 1..rows {
                match read_value(cell(&range, r, col), field, lists_sheet, r, col) {
                    Ok(Some(v)) => {
                        cells
                            .insert(format!("{}[{}]", field.path, items.len()), At { sheet: lists_sheet, row: r, col });
                        items.push(v);
                    }
                    Ok(None) => {}
                    Err(e) => problems.push(problem(&cell_ref(lists_sheet, r, col), field.path, e)),
                }
            }
            cells.entry_or(field.path.to_owned(), At { sheet: lists_sheet, row: 0, col });
            // an empty list is no list, as in JSON where it is left out
            if !items.is_empty() {
                root.insert(field.path.to_owned(), Value::Array(items));
            }
        }
    }
    // a sheet that is not the form's: what it holds has no place in the report (a copied systems'
    // sheet lost its systems with exit 0, a second hostile review); an empty one is harmless
    let ours: Vec<String> = std::iter::once(UNIT_SHEET)
        .chain(form.tables.iter().map(|t| t.sheet))
        .chain(form.lists.map(|(s, _)| s))
        .map(key)
        .collect();
    // (a form's sheet missing is told with the sheets found: a renamed one is that, not also this)
    let sheet_missing = problems.iter().any(|p| p.place == Place::File);
    for name in book.sheet_names() {
        if sheet_missing || ours.contains(&key(&name)) {
            continue;
        }
        // (one calamine cannot read is an error: what it holds is as lost)
        let range = match book.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                problems.push(Problem { place: Place::File, message: msg::sheet_unreadable(&name, e) });
                continue;
            }
        };
        if let Some((r, c, _)) = range.used_cells().find(|(_, _, d)| !is_empty(d)) {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let at = cell_ref(&name, r as u32 + r0, c as u32 + c0);
            problems.push(Problem {
                place: Place::Cell { cell: at, path: String::new() },
                message: msg::extra_sheet(&name),
            });
        }
    }
    // one problem a cell, the first: a cell refused as spelt or formatted is not also told as
    // the value it could not be read as
    let mut told = std::collections::HashSet::new();
    problems.retain(|p| match &p.place {
        Place::Cell { cell, .. } => told.insert(cell.clone()),
        _ => true,
    });
    Ok((Value::Object(root), cells, problems))
}

/// The count of cells holding a value in any block of a sheet, each block asked at once: the sums
/// over every block from the sheet's first cell.
struct Filled {
    start: (u32, u32),
    width: usize,
    sums: Vec<u32>,
}

impl Filled {
    /// The cells holding a value from `first` to `last` (rows and columns from 0).
    fn within(&self, first: (u32, u32), last: (u32, u32)) -> u32 {
        let height = if self.width == 0 { 0 } else { self.sums.len() / (self.width + 1) - 1 };
        // the block clipped to the sheet's cells, from them
        let clip = |v: u32, from: u32, n: usize| (v.saturating_sub(from) as usize).min(n);
        let (r0, c0) = (clip(first.0, self.start.0, height), clip(first.1, self.start.1, self.width));
        let (r1, c1) = (
            clip(last.0.saturating_add(1), self.start.0, height),
            clip(last.1.saturating_add(1), self.start.1, self.width),
        );
        if r1 <= r0 || c1 <= c0 {
            return 0;
        }
        let at = |r: usize, c: usize| self.sums[r * (self.width + 1) + c];
        at(r1, c1) + at(r0, c0) - at(r0, c1) - at(r1, c0)
    }
}

/// The sums of [`Filled`] over `range` (none when `wanted` is false).
fn filled_counts(range: &Range<Data>, wanted: bool) -> Filled {
    let (height, width) = if wanted { range.get_size() } else { (0, 0) };
    let mut sums = vec![0u32; (height + 1) * (width + 1)];
    if wanted {
        for (r, c, d) in range.used_cells() {
            if !is_empty(d) {
                sums[(r + 1) * (width + 1) + c + 1] = 1;
            }
        }
        for r in 1..=height {
            for c in 1..=width {
                let i = r * (width + 1) + c;
                sums[i] += sums[i - 1] + sums[i - width - 1] - sums[i - width - 2];
            }
        }
    }
    Filled { start: range.start().unwrap_or((0, 0)), width, sums }
}

/// The columns of a sheet's header row: (column, field); an unknown header is a problem, told at
/// the JSON path of the sheet's rows (`array`: a header lost loses every row's field).
fn header<'a>(
    range: &Range<Data>,
    sheet: &str,
    array: &str,
    fields: &'a [Field],
    problems: &mut Vec<Problem>,
) -> Vec<(u32, &'a Field)> {
    let cols = range.end().map_or(0, |(_, c)| c + 1);
    // the headers are the first row's: a row inserted above them would make every row below
    // unread, told as fields missing
    let has_rows = range.end().is_some_and(|(r, _)| r > 0);
    if has_rows && (0..cols).all(|c| is_empty(cell(range, 0, c))) {
        problems.push(problem(&cell_ref(sheet, 0, 0), array, msg::no_headers()));
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in 0..cols {
        let label = match cell(range, 0, c) {
            Data::String(s) => s.trim().to_owned(),
            Data::Empty => String::new(),
            other => shown(other),
        };
        if label.is_empty() {
            // a column whose header was cleared: what it holds would be lost without a word
            let rows = range.end().map_or(0, |(r, _)| r + 1);
            if let Some(r) = (1..rows).find(|r| !is_empty(cell(range, *r, c))) {
                problems.push(problem(
                    &cell_ref(sheet, 0, c),
                    array,
                    msg::headerless_column(&shown(cell(range, r, c)), &cell_ref(sheet, r, c)),
                ));
            }
            continue;
        }
        match fields.iter().find(|f| key(f.label) == key(&label)) {
            // a column given twice: its values would overwrite each other, unseen
            Some(f) if out.iter().any(|(_, g): &(u32, &Field)| g.path == f.path) => {
                let first = out.iter().find(|(_, g)| g.path == f.path).map_or(0, |(c, _)| *c);
                problems.push(problem(
                    &cell_ref(sheet, 0, c),
                    array,
                    msg::column_twice(&label, &cell_ref(sheet, 0, first), &cell_ref(sheet, 0, c)),
                ));
            }
            Some(f) => out.push((c, f)),
            None => {
                let known: Vec<&str> = fields.iter().map(|f| f.label).collect();
                problems.push(problem(&cell_ref(sheet, 0, c), array, msg::unknown_column(&label, &known)));
            }
        }
    }
    out
}

/// A cell's value as its field reads it: (cell, field, sheet, row, column).
type ReadValue<'a> = dyn Fn(&Data, &Field, &str, u32, u32) -> Result<Option<Value>, String> + 'a;

fn read_table(
    range: &Range<Data>,
    table: &Table,
    root: &mut Map<String, Value>,
    cells: &mut Cells,
    problems: &mut Vec<Problem>,
    read_value: &ReadValue<'_>,
) {
    let columns = header(range, table.sheet, table.array, table.columns, problems);
    // a list with no row is told at the sheet's first row
    cells.entry_or(table.array.to_owned(), At { sheet: table.sheet, row: 1, col: 0 });
    let mut rows_read = TableCells {
        sheet: table.sheet,
        array: table.array,
        columns: columns.iter().map(|(c, f)| (*c, f.path)).collect(),
        rows: std::collections::HashMap::new(),
    };
    let rows = range.end().map_or(0, |(r, _)| r + 1);
    let nested = table.array.split_once("[].");
    // a nested table's parents by name, the first of a name (a search of the parents for each
    // row took 6 s for 10,000 findings)
    let mut parent_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    if let Some((parent, _)) = nested {
        for (i, p) in root.get(parent).and_then(Value::as_array).into_iter().flatten().enumerate() {
            if let Some(name) = p.get("name").and_then(Value::as_str) {
                parent_of.entry(name.to_owned()).or_insert(i);
            }
        }
    }
    for r in 1..rows {
        if columns.iter().all(|(c, _)| is_empty(cell(range, r, *c))) {
            continue;
        }
        let mut item = Map::with_capacity(columns.len());
        // the item's JSON path, for messages (a nested item's is known once its parent is found)
        let at = match nested {
            None => {
                format!("{}[{}].", table.array, root.get(table.array).and_then(Value::as_array).map_or(0, Vec::len))
            }
            Some(_) => String::new(),
        };
        for (c, field) in &columns {
            match read_value(cell(range, r, *c), field, table.sheet, r, *c) {
                Ok(Some(v)) => set(&mut item, field.path, v),
                Ok(None) => {}
                Err(e) => problems.push(problem(
                    &cell_ref(table.sheet, r, *c),
                    &format!("{at}{}", field.path),
                    format!("{}: {e}", field.label),
                )),
            }
        }
        match nested {
            None => {
                let list = root.entry(table.array.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(list) = list else { continue };
                rows_read.rows.insert((0, list.len()), r);
                list.push(Value::Object(item));
            }
            Some((parent, child)) => {
                // a finding names its system in the first column
                let name = item.remove("name").and_then(|n| n.as_str().map(str::to_owned)).unwrap_or_default();
                let Some(Value::Array(parents)) = root.get_mut(parent) else { continue };
                let Some((i, owner)) = parent_of.get(&name).and_then(|&i| parents.get_mut(i).map(|p| (i, p))) else {
                    problems.push(problem(&cell_ref(table.sheet, r, 0), "", msg::not_a_system(&name)));
                    continue;
                };
                let Some(owner) = owner.as_object_mut() else { continue };
                let list = owner.entry(child.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(list) = list else { continue };
                rows_read.rows.insert((i, list.len()), r);
                list.push(Value::Object(item));
            }
        }
    }
    cells.tables.push(rows_read);
}

/// Refuses a workbook that would unzip to more than [`MAX_EXPANDED_BYTES`].
fn check_expanded_size(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(msg::not_a_workbook)?;
    // the sizes the archive declares, entry by entry
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(msg::not_a_workbook)?;
        // a link to another workbook: a value it brings is that file's, as Excel last saw it (a
        // hostile review: refused as a sheet whose <cell> was out of place, with advice to save
        // again, which keeps the link)
        if entry.name().to_ascii_lowercase().starts_with("xl/externallinks/") {
            return Err(tr!(
                "the workbook links to another workbook ({part}): a value from another file is not the unit's own; break the links (Excel: Data › Edit Links › Break Link), save, and give it again",
                part = entry.name().to_owned()
            ));
        }
        total = total.saturating_add(entry.size());
    }
    if total > MAX_EXPANDED_BYTES {
        return Err(msg::zip_bomb(MAX_EXPANDED_BYTES));
    }
    Ok(())
}

/// The most rows a sheet of a form may reach (10,000 systems, their header, room to spare).
pub const MAX_ROWS: u64 = 20_000;
/// The most columns a sheet of a form may reach (a form has a dozen).
pub const MAX_COLUMNS: u64 = 26;
/// The most cells a sheet may hold: 10,000 systems of the annual form's twelve columns, with room.
/// (A form of 1,000,000 cells took 190 MB and 2 s, a hostile review; the whole workbook is
/// bounded too, [`MAX_TOTAL_CELLS`].)
pub const MAX_CELLS: u64 = 150_000;
/// The most cells all the sheets of a workbook may hold together (a full annual form: 10,000
/// systems and its appendices).
pub const MAX_TOTAL_CELLS: u64 = 300_000;
/// The most sheets a workbook may list (a form has six at most).
pub const MAX_SHEETS: usize = 64;
/// The most merged regions a sheet may list (1.2 million identical ones took 555 MB).
pub const MAX_MERGED: usize = 10_000;
/// The most array formulas a sheet may hold (a form has none).
pub const MAX_ARRAY_FORMULAS: usize = 100;
/// The most strings a workbook may declare it shares (at most one a cell).
pub const MAX_SHARED_STRINGS: u64 = MAX_TOTAL_CELLS;

/// A cell reference's row and column, both from 1 (`XFD1048576` → (1048576, 16384)).
fn position(reference: &str) -> Option<(u64, u64)> {
    let letters: String = reference.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &reference[letters.len()..];
    let column = letters
        .bytes()
        .try_fold(0u64, |n, b| n.checked_mul(26)?.checked_add(u64::from(b.to_ascii_uppercase() - b'A' + 1)));
    Some((digits.parse().ok()?, column?))
}

/// A part of the workbook, read as XML: its root element's local name, and the value of the
/// unprefixed attribute `key` of an element.
fn attribute(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.as_ref() == key)?;
    Some(quick_xml::escape::unescape(&a.value).ok()?.trim().to_owned())
}

/// What a part says of itself: the shared strings it holds (`sst`), each by the bytes of its
/// text, or nothing to check.
fn shared_strings(part: &str, xml: &[u8]) -> Result<Option<Vec<u64>>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::NsReader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut found = false;
    let mut items = 0u64;
    let mut lengths: Vec<u64> = Vec::new();
    // the elements open from `sst` down, checked as [`allowed_under`] says (a string inside
    // another was read by calamine to the first `</si>`, the rest uncounted here: 1 MiB counted
    // as nothing and copied into 5,000 cells, 5 GB, a fourth hostile review), and how many
    // `extLst` among them; the text of the `<t>` being read
    let mut open = Grammar::new("sst");
    let mut text = String::new();
    let out_of_place = |name: &str| msg::element_out_of_place(&tr!("the workbook's {part}", part), name);
    loop {
        match reader.read_resolved_event() {
            Ok((ns, Event::Start(e))) => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                if !open.enter(&ns, name) {
                    return Err(out_of_place(e.name().as_ref()));
                }
                if open.in_extension() {
                    continue;
                }
                // an `sst` anywhere, the root or not: calamine reserves from the first it finds
                // (one nested under another root asked for 2.4 TB, a third hostile review)
                if name == "sst" {
                    found = true;
                    for key in ["count", "uniqueCount"] {
                        if let Some(v) = attribute(&e, key) {
                            match v.parse::<u64>() {
                                Ok(n) if n <= MAX_SHARED_STRINGS => {}
                                _ => {
                                    return Err(tr!(
                                        "the workbook declares {v} shared strings; a form has at most {limit}: is it a form written by baocao form?",
                                        v,
                                        limit = MAX_SHARED_STRINGS
                                    ))
                                }
                            }
                        }
                    }
                }
                if name == "si" {
                    items += 1;
                    if items > MAX_SHARED_STRINGS {
                        return Err(tr!(
                            "the workbook holds more than {limit} shared strings; a form has at most {limit}",
                            limit = MAX_SHARED_STRINGS
                        ));
                    }
                    lengths.push(0);
                }
                if name == "t" {
                    text.clear();
                }
            }
            Ok((_, Event::Text(t))) if !open.in_extension() => {
                if let Some(last) = lengths.last_mut() {
                    *last += t.as_ref().len() as u64;
                }
                if open.last() == Some("t") {
                    text.push_str(t.as_ref());
                }
            }
            Ok((_, Event::End(e))) => {
                open.leave();
                if e.local_name().as_ref() == "t" && !open.in_extension() {
                    check_escapes(&text, &|| tr!("the workbook's shared string {n}", n = lengths.len()))?;
                }
            }
            Ok((_, Event::Eof)) => return Ok(found.then_some(lengths)),
            Err(e) => return Err(tr!("the workbook's {part} cannot be read as XML: {e}", part, e)),
            _ => {}
        }
    }
}

/// The namespaces of a sheet's own elements: transitional and strict SpreadsheetML.
const MAIN_NAMESPACES: [&str; 2] =
    ["http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"];

/// The elements a cell's part of a sheet (`sheetData`) or the shared strings (`sst`) may hold,
/// each under its parent, as spreadsheet programs write them; an element of their own namespace
/// anywhere else, or of another namespace, is refused (calamine reads an element by its local
/// name wherever it stands, another program by its place and namespace: a fourth and a fifth
/// hostile review found a value read from a `<t>` in a run's properties, from a `<t>` of another
/// namespace, from a `<t>` in a `<t>`, each shown by no program).
fn allowed_under(parent: &str, child: &str) -> bool {
    matches!(
        (parent, child),
        ("sheetData", "row")
            | ("row", "c")
            | ("c", "f" | "v" | "is")
            | ("sst", "si")
            | ("si" | "is", "t" | "r" | "rPh" | "phoneticPr")
            | ("r", "rPr" | "t")
            | ("rPh", "t")
            | (
                "rPr",
                "rFont"
                    | "charset"
                    | "family"
                    | "b"
                    | "i"
                    | "strike"
                    | "outline"
                    | "shadow"
                    | "condense"
                    | "extend"
                    | "color"
                    | "sz"
                    | "u"
                    | "vertAlign"
                    | "scheme"
            )
            | (_, "extLst")
    )
}

/// The elements open from a part's cells (`sheetData`) or strings (`sst`) down, each checked
/// against [`allowed_under`] and the part's namespace as it opens; what an extension (`extLst`)
/// holds is not checked. Elements outside the root are not counted.
struct Grammar {
    root: &'static str,
    open: Vec<&'static str>,
    /// How many of the open elements are an extension or inside one.
    extension: usize,
}

impl Grammar {
    fn new(root: &'static str) -> Grammar {
        Grammar { root, open: Vec::new(), extension: 0 }
    }

    /// An element opens: whether it may stand where it does.
    fn enter(&mut self, ns: &quick_xml::name::ResolveResult<'_>, name: &str) -> bool {
        use quick_xml::name::ResolveResult;
        if self.open.is_empty() && name != self.root {
            return true;
        }
        if self.extension == 0 {
            let ours = matches!(ns, ResolveResult::Bound(n) if MAIN_NAMESPACES.contains(&n.as_ref()));
            if !ours || self.open.last().is_some_and(|parent| !allowed_under(parent, name)) {
                return false;
            }
        }
        self.extension += usize::from(name == "extLst" || self.extension > 0);
        self.open.push(element_name(name));
        true
    }

    /// The last element opened closes.
    fn leave(&mut self) {
        if self.open.pop().is_some() {
            self.extension = self.extension.saturating_sub(1);
        }
    }

    fn in_extension(&self) -> bool {
        self.extension > 0
    }

    fn depth(&self) -> usize {
        self.open.len()
    }

    fn last(&self) -> Option<&'static str> {
        self.open.last().copied()
    }
}

/// An element's name as [`allowed_under`] knows it (any other as `*`), kept while it is open.
fn element_name(name: &str) -> &'static str {
    #[rustfmt::skip]
    const KNOWN: [&str; 29] = [
        "sheetData", "row", "c", "f", "v", "is", "sst", "si", "t", "r", "rPh", "phoneticPr", "rPr",
        "rFont", "charset", "family", "b", "i", "strike", "outline", "shadow", "condense", "extend",
        "color", "sz", "u", "vertAlign", "scheme", "extLst",
    ];
    KNOWN.into_iter().find(|k| *k == name).unwrap_or("*")
}

/// Refuses text that Excel and LibreOffice show otherwise: an escape `_xHHHH_` (Excel reads a
/// character, LibreOffice the letters as typed; calamine reads the character).
fn check_escapes(text: &str, place: &dyn Fn() -> String) -> Result<(), String> {
    let b = text.as_bytes();
    let found = (0..b.len().saturating_sub(6)).find(|&i| {
        b[i] == b'_' && b[i + 1] == b'x' && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit) && b[i + 6] == b'_'
    });
    match found {
        Some(i) => Err(msg::escape_in_text(&place(), &text[i..i + 7])),
        None => Ok(()),
    }
}

/// A number as a cell holds it (`-1.5E+3`): what calamine and a spreadsheet program both read
/// as that number (calamine read a text it could not parse as a string, which LibreOffice shows
/// as 0, a fifth hostile review).
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty()
        && digits(whole)
        && digits(fraction)
        && exponent.is_none_or(|e| {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits(e)
        })
}

/// Checks a part that is a worksheet (whatever its path): no cell or row beyond a form's reach,
/// each cell placed where calamine places it (a row's number from its row, a cell's from its
/// reference, else the next), at most [`MAX_CELLS`] cells, each given once, its parts in
/// [`allowed_under`]'s order, its type one calamine and a spreadsheet program read alike, a
/// number shown as it is held (`styles`), and a shared string's index one the workbook holds.
/// Also the cells holding a formula without a saved result, each with its formula's text (found
/// here, not by calamine's formula reader, which expanded a shared formula into every cell and
/// reserved from its index: 160 GB from an 83 KB file, a third hostile review), and the numbers
/// shown otherwise than they are held: (cell, message).
fn check_sheet(
    sheet: &str,
    part: &str,
    xml: &[u8],
    lengths: &[u64],
    styles: &Styles,
    is_sheet: bool,
    referenced: &mut u64,
) -> Result<Sheet, String> {
    let strings = lengths.len() as u64;
    use quick_xml::events::Event;
    let mut reader = quick_xml::NsReader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    // the cell being read: whether it has a formula, the formula's text, whether it has a value
    let (mut in_formula, mut has_formula, mut has_value) = (false, false, false);
    let mut formula = String::new();
    let mut unsaved: Vec<(String, String)> = Vec::new();
    let mut decorated: Vec<(u64, u64)> = Vec::new();
    let (mut array_formulas, mut merged, mut sheets, mut merge_lists) = (0usize, 0usize, 0usize, 0usize);
    let mut in_cell = false;
    // the elements open from `sheetData` down (checked against [`allowed_under`]), and how many
    // `extLst` among them (what an extension holds is not the cells')
    let mut open = Grammar::new("sheetData");
    // the cell's last child of those that give its value (1 `f`, 2 `v`, 3 `is`): calamine reads
    // each in turn and the last wins (a fourth hostile review: a second `<v>`, or an `<f>` after
    // the `<v>`, emptied the cell another program shows)
    let mut last_child = 0u8;
    // the cells given, each once (one given twice is read by one program from the first, by
    // another from the last)
    let mut given: std::collections::HashSet<(u64, u64)> = std::collections::HashSet::new();
    // where calamine is: the row's number (from the row's `r`, else the one after the last row),
    // the last cell's column (a cell's reference moves the column, never the row: a cell after
    // one of another row's reference was placed by the checks in that row, by calamine in its
    // own, a fifth hostile review); the cell being read, from 1
    let (mut row, mut column, mut rows, mut cells) = (1u64, 0u64, 0u64, 0u64);
    let mut here = (0u64, 0u64);
    // the cell's type (`t`), its style, its value's text
    let (mut kind, mut style, mut value) = (String::new(), None::<usize>, String::new());
    // the row's style when it says it formats its cells (`customFormat`), the columns' styles
    let mut row_style = None::<usize>;
    // (a column's style by its number, for the columns a form may use: a list of ranges asked for
    // every cell took 2 minutes for 880,000 of them, a sixth hostile review)
    let mut column_styles = [None::<usize>; MAX_COLUMNS as usize + 1];
    let (mut column_entries, mut cells_begun) = (0usize, false);
    // array formulas' ranges, and the cells within them that hold a saved value: calamine reads
    // the cells an array formula covers without one as empty (a hostile review: level decisions
    // lost with exit 0)
    let mut arrays: Vec<Span> = Vec::new();
    let mut valued: std::collections::HashSet<(u64, u64)> = std::collections::HashSet::new();
    let within = |arrays: &[Span], at: (u64, u64)| {
        arrays.iter().any(|((r0, c0), (r1, c1))| (*r0..=*r1).contains(&at.0) && (*c0..=*c1).contains(&at.1))
    };
    let too_far = |at: String| msg::too_far(sheet, &at, MAX_ROWS, MAX_COLUMNS);
    // a cell of this sheet by its row and column from 1, as Excel names it
    let at = |(row, column): (u64, u64)| {
        cell_ref(
            sheet,
            u32::try_from(row.saturating_sub(1)).unwrap_or(0),
            u32::try_from(column.saturating_sub(1)).unwrap_or(0),
        )
    };
    let odd = |cell: (u64, u64)| msg::cell_spelt_oddly(&at(cell));
    loop {
        match reader.read_resolved_event() {
            Ok((ns, Event::Start(e))) => {
                // whatever its root: calamine reads a part a relationship names as a sheet even when
                // its root says otherwise (`<foo>` passed unchecked and aborted the process)
                let local = e.local_name();
                let name: &str = local.as_ref();
                // the cells' part, by its local name as calamine finds it, in the sheet's namespace
                if !open.enter(&ns, name) {
                    let place = if in_cell { at(here) } else { tr!("the sheet '{sheet}'", sheet) };
                    return Err(msg::element_out_of_place(&place, e.name().as_ref()));
                }
                // (a conditional format of Excel 2010 keeps its number format in the sheet's
                // extensions)
                if name == "numFmt" && is_sheet {
                    return Err(msg::conditional_number_format().to_owned());
                }
                if open.in_extension() {
                    continue;
                }
                if in_cell && open.depth() == 4 {
                    // (sheetData, row, c, this)
                    let order = match name {
                        "f" => 1,
                        "v" => 2,
                        _ => 3,
                    };
                    if order <= last_child {
                        return Err(odd(here));
                    }
                    last_child = order;
                }
                match name {
                    "dimension" => {
                        for corner in attribute(&e, "ref").unwrap_or_default().split(':') {
                            match position(corner) {
                                Some((r, c)) if r <= MAX_ROWS && c <= MAX_COLUMNS => {}
                                _ => return Err(too_far(tr!("cell {cell}", cell = corner))),
                            }
                        }
                    }
                    // the columns' styles come before the cells, as programs write them (one given
                    // after was applied by LibreOffice and not known here, a sixth hostile review)
                    "col" if cells_begun => {
                        return Err(msg::element_out_of_place(&tr!("the sheet '{sheet}'", sheet), "col"))
                    }
                    "col" => {
                        column_entries += 1;
                        if column_entries > 16_384 {
                            return Err(msg::element_out_of_place(&tr!("the sheet '{sheet}'", sheet), "col"));
                        }
                        let n = |key| attribute(&e, key).and_then(|v| v.parse::<u64>().ok());
                        if let (Some(min), Some(max), Some(style)) = (n("min"), n("max"), n("style")) {
                            for c in min.max(1)..=max.min(MAX_COLUMNS) {
                                column_styles[c as usize] = Some(usize::try_from(style).unwrap_or(usize::MAX));
                            }
                        }
                    }
                    "sheetData" => cells_begun = true,
                    "row" => {
                        rows += 1;
                        if let Some(r) = attribute(&e, "r") {
                            row = r.parse().map_err(|_| too_far(tr!("row {row}", row = &r)))?;
                        }
                        column = 0;
                        if row > MAX_ROWS || rows > MAX_ROWS {
                            return Err(too_far(tr!("row {row}", row)));
                        }
                        row_style = (attribute(&e, "customFormat").as_deref() == Some("1"))
                            .then(|| attribute(&e, "s").and_then(|s| s.parse().ok()))
                            .flatten();
                    }
                    "c" => {
                        in_cell = true;
                        last_child = 0;
                        (in_formula, has_formula, has_value) = (false, false, false);
                        formula.clear();
                        value.clear();
                        cells += 1;
                        here = match attribute(&e, "r") {
                            Some(r) => position(&r).ok_or_else(|| too_far(tr!("cell {cell}", cell = &r)))?,
                            None => (row, column + 1),
                        };
                        column = here.1;
                        if here.0 > MAX_ROWS || here.1 > MAX_COLUMNS {
                            return Err(too_far(tr!(
                                "cell {cell}",
                                cell = format!("{}{}", column_letters(here.1), here.0)
                            )));
                        }
                        if cells > MAX_CELLS {
                            return Err(msg::too_many_cells(sheet, MAX_CELLS));
                        }
                        if !given.insert(here) {
                            return Err(odd(here));
                        }
                        kind = attribute(&e, "t").unwrap_or_else(|| "n".to_owned());
                        // (a type calamine reads and a spreadsheet program shows otherwise, or not
                        // at all: an inline string typed `is` was read, and shown by no program)
                        if !["n", "s", "str", "inlineStr", "b", "e", "d"].contains(&kind.as_str()) {
                            return Err(msg::cell_type(&at(here), &kind));
                        }
                        // the cell's style, else its row's, else its column's
                        // (else the first style, as the standard says: a cell without one was not
                        // checked, and shown by LibreOffice in the default style's 0%, a sixth
                        // hostile review)
                        style = match attribute(&e, "s") {
                            Some(s) => Some(s.parse().unwrap_or(usize::MAX)),
                            None => {
                                row_style.or_else(|| column_styles.get(here.1 as usize).copied().flatten()).or(Some(0))
                            }
                        };
                    }
                    "v" if kind == "inlineStr" => return Err(msg::cell_type(&at(here), "inlineStr")),
                    "is" if kind != "inlineStr" => return Err(msg::cell_type(&at(here), &kind)),
                    "f" if in_cell && attribute(&e, "t").as_deref() == Some("array") => {
                        (in_formula, has_formula) = (true, true);
                        // (each value is asked of every array: bounded, 30,000 hung the reader)
                        array_formulas += 1;
                        if array_formulas > MAX_ARRAY_FORMULAS {
                            return Err(msg::too_many_array_formulas(sheet, MAX_ARRAY_FORMULAS));
                        }
                        let reference = attribute(&e, "ref").unwrap_or_default();
                        let mut corners = reference.split(':').map(position);
                        let first = corners.next().flatten();
                        let last = corners.next().flatten().or(first);
                        match (first, last) {
                            (Some(a), Some(b)) if b.0 <= MAX_ROWS && b.1 <= MAX_COLUMNS && a <= b => {
                                arrays.push((a, b))
                            }
                            _ => return Err(too_far(tr!("cell {cell}", cell = &reference))),
                        }
                    }
                    "f" => (in_formula, has_formula) = (true, true),
                    // merged regions and sheets, counted before calamine lists them (1.2 million
                    // merged regions took 555 MB; 3,000 sheets naming one part hung the reader)
                    // (calamine reads the first list of merged cells only: an empty one first hid
                    // the next)
                    "mergeCells" => {
                        merge_lists += 1;
                        if merge_lists > 1 {
                            return Err(msg::merge_lists_twice(sheet));
                        }
                    }
                    "mergeCell" => {
                        merged += 1;
                        if merged > MAX_MERGED {
                            return Err(msg::too_many_merged(sheet, MAX_MERGED));
                        }
                    }
                    "sheet" => {
                        sheets += 1;
                        if sheets > MAX_SHEETS {
                            return Err(msg::too_many_sheets(MAX_SHEETS));
                        }
                    }
                    // a conditional format may show a cell's number in another format
                    "conditionalFormatting" if styles.formats_numbers_conditionally => {
                        return Err(msg::conditional_number_format().to_owned());
                    }
                    _ => {}
                }
            }
            Ok((_, Event::Text(t))) if !open.in_extension() => {
                let text = t.as_ref();
                if in_formula {
                    formula.push_str(text);
                } else if in_cell {
                    if !text.trim().is_empty() {
                        has_value = true;
                    }
                    value.push_str(text);
                }
            }
            Ok((_, Event::GeneralRef(r))) if in_formula => {
                let name = r.xml10_content();
                formula.push_str(quick_xml::escape::resolve_predefined_entity(&name).unwrap_or_default());
            }
            Ok((_, Event::End(e))) => {
                let name = e.local_name().as_ref().to_owned();
                open.leave();
                match name.as_str() {
                    "f" => in_formula = false,
                    "row" => {
                        // (calamine: the next row follows this one)
                        row += 1;
                        row_style = None;
                    }
                    "c" if in_cell => {
                        in_cell = false;
                        let text = value.trim();
                        match kind.as_str() {
                            // a shared string's index: digits only (calamine read `+45` as 0, the
                            // checks as 45, a fifth hostile review)
                            "s" if has_value => {
                                let index = Some(text)
                                    .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
                                    .and_then(|t| t.parse::<u64>().ok())
                                    .filter(|i| *i < strings);
                                let Some(index) = index else {
                                    return Err(tr!(
                                        "{cell}: the cell's text is shared string {text}, which the workbook does not hold",
                                        cell = at(here),
                                        text = format!("{text:?}")
                                    ));
                                };
                                // a shared string is copied into every cell that names it: a long
                                // one named by many cells grew memory to 2 GB from a 27 KB file
                                *referenced += lengths.get(index as usize).copied().unwrap_or(0);
                                if *referenced > MAX_TEXT_BYTES {
                                    return Err(msg::text_too_large(MAX_TEXT_BYTES));
                                }
                            }
                            "n" | "d" | "b" if has_value => {
                                if kind == "n" && !is_number(text) || kind == "b" && !["0", "1"].contains(&text) {
                                    return Err(msg::cell_type(&at(here), &kind));
                                }
                                // a value shown otherwise than it is held (15% for 0.15, 0012 for
                                // 12, 3 for 3000 under `0,`, nothing under `;;;`, "không" for a
                                // true): the report would print what it holds (a fourth to a
                                // seventh hostile review); a number decorated (1,234.00) is the
                                // number, but not a text field's text
                                let (code, how) = styles.shown(style.unwrap_or(0));
                                let fits = match kind.as_str() {
                                    "n" => how != Shown::Otherwise,
                                    "d" => matches!(how, Shown::General | Shown::Date),
                                    _ => how == Shown::General,
                                };
                                if !fits {
                                    unsaved.push((at(here), msg::number_format(text, &code)));
                                } else if how == Shown::Number {
                                    decorated.push(here);
                                }
                            }
                            "str" | "inlineStr" if has_value => check_escapes(&value, &|| at(here))?,
                            _ => {}
                        }
                        if has_value && ["s", "str", "inlineStr"].contains(&kind.as_str()) {
                            if let Some(code) = styles.shows_text_otherwise(style) {
                                unsaved.push((at(here), msg::text_format(&code)));
                            }
                        }
                        // a cell an array formula covers holds the value it shows, a text not
                        // empty (an empty `<v/>` passed for one, and the cell read as empty, a
                        // fourth hostile review) (a value outside a cell is no cell's: 7 million
                        // of them, each asked of every array, hung the reader)
                        if has_value && !arrays.is_empty() && within(&arrays, here) {
                            valued.insert(here);
                        }
                        if has_formula && !has_value {
                            unsaved.push((at(here), msg::formula_unsaved(formula.trim())));
                        }
                    }
                    _ => {}
                }
            }
            Ok((_, Event::Eof)) => {
                if open.depth() > 0 {
                    return Err(tr!("the workbook's {part} cannot be read as XML: it ends inside an element", part));
                }
                for ((r0, c0), (r1, c1)) in &arrays {
                    for r in *r0..=*r1 {
                        for c in *c0..=*c1 {
                            if !valued.contains(&(r, c)) {
                                return Err(format!("{}: {}; {}", at((r, c)), msg::array_unsaved(), msg::save_it()));
                            }
                        }
                    }
                }
                return Ok((cells, unsaved, decorated));
            }
            Err(e) => return Err(tr!("the workbook's {part} cannot be read as XML: {e}", part, e)),
            _ => {}
        }
    }
}

/// How a workbook's cell styles show numbers (`xl/styles.xml`).
#[derive(Debug, Default)]
struct Styles {
    /// Each cell style's number format (`cellXfs`, by index): its code, and how it shows a number.
    formats: Vec<(String, Shown)>,
    /// Whether each cell style shows a text otherwise than it is held (a text section of its own,
    /// `;;;"Nguyễn Văn B"`, shows that name for any text, a fifth hostile review).
    texts: Vec<bool>,
    /// Whether a conditional format (`dxf`) has a number format of its own.
    formats_numbers_conditionally: bool,
}

impl Styles {
    /// How `style` shows a number, and its format's code; a style the workbook does not have is
    /// shown as General by Excel, refused here.
    fn shown(&self, style: usize) -> (String, Shown) {
        match self.formats.get(style) {
            Some(found) => found.clone(),
            None if self.formats.is_empty() && style == 0 => ("General".to_owned(), Shown::General),
            None => (tr!("style {style}, which the workbook does not have", style), Shown::Otherwise),
        }
    }

    /// The format code of `style` when it shows a text otherwise than it is held.
    fn shows_text_otherwise(&self, style: Option<usize>) -> Option<String> {
        let i = style?;
        match (self.texts.get(i), self.formats.get(i)) {
            (Some(true), Some((code, _))) => Some(code.clone()),
            _ => None,
        }
    }

    /// Reads the styles: the workbook's own number formats by number (`0170` is 170, as a
    /// spreadsheet program reads it), each cell style's (or, without one, its parent's in
    /// `cellStyleXfs`), the built-in ones by number.
    fn read(xml: &[u8]) -> Styles {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut own: BTreeMap<u32, String> = BTreeMap::new();
        // the parents' number formats; each cell style's, and its parent
        let mut parents: Vec<Option<String>> = Vec::new();
        let mut cells: Vec<(Option<String>, Option<usize>)> = Vec::new();
        let (mut list, mut in_dxf, mut conditional) = ("", false, false);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                    "numFmt" if in_dxf => conditional = true,
                    "numFmt" => {
                        let id = attribute(&e, "numFmtId").and_then(|i| i.parse::<u32>().ok());
                        if let (Some(id), Some(code)) = (id, attribute(&e, "formatCode")) {
                            own.insert(id, code);
                        }
                    }
                    "cellStyleXfs" => list = "parents",
                    "cellXfs" => list = "cells",
                    "dxf" => in_dxf = true,
                    "xf" if list == "parents" => parents.push(attribute(&e, "numFmtId")),
                    "xf" if list == "cells" => {
                        cells.push((attribute(&e, "numFmtId"), attribute(&e, "xfId").and_then(|i| i.parse().ok())))
                    }
                    _ => {}
                },
                Ok(Event::End(e)) => match e.local_name().as_ref() {
                    "cellStyleXfs" | "cellXfs" => list = "",
                    "dxf" => in_dxf = false,
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        let texts = cells
            .iter()
            .map(|(id, parent)| {
                let id = id.clone().or_else(|| parent.and_then(|p| parents.get(p).cloned().flatten()));
                id.and_then(|i| i.trim().parse::<u32>().ok())
                    .and_then(|n| own.get(&n))
                    .is_some_and(|c| text_otherwise(c))
            })
            .collect();
        // a cell style's format, and its parent's (a program may show either: LibreOffice shows the
        // parent's unless the style says to apply its own, a sixth hostile review): the first that
        // shows a number otherwise
        // (a style without a format has General, format 0)
        let format_of = |id: Option<String>| -> (String, Shown) {
            let id = id.unwrap_or_else(|| "0".to_owned());
            match id.trim().parse::<u32>() {
                Ok(n) => match own.get(&n) {
                    Some(code) => (code.clone(), format_shows(code)),
                    None => {
                        let code = match n {
                            9 => "0%".to_owned(),
                            10 => "0.00%".to_owned(),
                            11 => "0.00E+00".to_owned(),
                            12 => "# ?/?".to_owned(),
                            13 => "# ??/??".to_owned(),
                            48 => "##0.0E+0".to_owned(),
                            n => tr!("built-in format {n}", n),
                        };
                        let kind = match n {
                            0 | 1 | 49 => Shown::General,
                            2..=4 => Shown::Number,
                            14 | 15 | 22 => Shown::Date,
                            _ => Shown::Otherwise,
                        };
                        (code, kind)
                    }
                },
                Err(_) => (tr!("format {id}", id = format!("{id:?}")), Shown::Otherwise),
            }
        };
        let formats = cells
            .into_iter()
            .map(|(id, parent)| {
                let parent = parent.and_then(|p| parents.get(p).cloned().flatten());
                let own = format_of(id.clone().or(parent.clone()));
                match parent.map(|p| format_of(Some(p))) {
                    Some(theirs) if theirs.1 > own.1 => theirs,
                    _ => own,
                }
            })
            .collect();
        Styles { formats, texts, formats_numbers_conditionally: conditional }
    }
}

/// How a number format shows a number, from the plainest: as it is held (General, `0`, `@`), as
/// a number decorated (thousands, decimals, a sign's section: the same number, but not the text
/// a text field would print), as a whole date, or otherwise (a percentage, a scale, a text of its
/// own, a date in part: refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shown {
    General,
    Number,
    Date,
    Otherwise,
}

/// A format's section: its characters, each marked when it is text of its own, and its
/// bracketed parts.
type Section = (Vec<(char, bool)>, Vec<String>);

/// A format's sections (split at `;` outside quotes, escapes and brackets), each as its
/// characters with quoted and escaped ones marked as text of its own (`true`), and its bracketed
/// parts apart.
fn sections(code: &str) -> Vec<Section> {
    let mut out = vec![(Vec::new(), Vec::new())];
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        let (section, brackets): &mut Section = out.last_mut().expect("a section");
        match c {
            '"' => section.extend(chars.by_ref().take_while(|q| *q != '"').map(|q| (q, true))),
            '\\' => section.extend(chars.next().map(|e| (e, true))),
            '[' => brackets.push(chars.by_ref().take_while(|b| *b != ']').collect()),
            ';' => out.push((Vec::new(), Vec::new())),
            c => section.push((c, false)),
        }
    }
    out
}

/// A bracketed part that changes nothing a reader sees of a number or a date: a colour, or a
/// locale of the Gregorian calendar (`$-42A`, `$-1042A`, `$-vi-VN`, `$-x-sysdate`; not
/// `$-107041E`, Buddhist years).
fn harmless_bracket(b: &str) -> bool {
    let colours = ["black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"];
    let lower = b.to_ascii_lowercase();
    if colours.contains(&lower.as_str()) || lower.strip_prefix("color").is_some_and(|n| n.parse::<u8>().is_ok()) {
        return true;
    }
    let Some(locale) = b.strip_prefix("$-") else { return false };
    match u32::from_str_radix(locale, 16) {
        Ok(v) => locale.len() <= 8 && (v >> 16) & 0xFF <= 1,
        Err(_) => {
            !locale.is_empty()
                && locale.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !lower.contains("-u-")
        }
    }
}

/// How a number format of the workbook's own shows a number.
fn format_shows(code: &str) -> Shown {
    let mut all = sections(code);
    // a last section of `@` alone is the text's, shown as held
    if all.len() > 1
        && all.last().is_some_and(|(s, b)| b.is_empty() && s.iter().map(|(c, _)| *c).collect::<String>().trim() == "@")
    {
        all.pop();
    }
    if all.len() > 3 || all.iter().flat_map(|(_, b)| b).any(|b| !harmless_bracket(b)) {
        return Shown::Otherwise;
    }
    let plain = |(s, _): &Section| -> String {
        s.iter().filter(|(_, text)| !text).map(|(c, _)| c.to_ascii_lowercase()).collect::<String>()
    };
    if all.iter().all(|s| ["general", "0", "@"].contains(&plain(s).trim()) && s.0.iter().all(|(_, text)| !text)) {
        return Shown::General;
    }
    if all.len() == 1 && whole_date(&all[0].0) {
        return Shown::Date;
    }
    // a number decorated: digits, thousands between them, decimals, a space's width (`_)`), and
    // for negatives a sign or parentheses; the section zero is shown by has a `0`
    let zero = if all.len() == 3 { 2 } else { 0 };
    let decorated = all.iter().enumerate().all(|(i, (s, _))| {
        let mut chars = s.iter().peekable();
        let mut digits = false;
        while let Some((c, text)) = chars.next() {
            match (c, text) {
                ('0' | '#', false) => digits = true,
                ('.', false) => {}
                // thousands: a comma between digit placeholders (one after them scales)
                (',', false) if digits && chars.peek().is_some_and(|(n, t)| matches!(n, '0' | '#') && !t) => {}
                ('_', false) => {
                    chars.next();
                }
                (' ', _) => {}
                ('-' | '(' | ')', _) if i == 1 => {}
                _ => return false,
            }
        }
        digits && (i != zero || s.iter().any(|(c, text)| *c == '0' && !text))
    });
    if decorated {
        Shown::Number
    } else {
        Shown::Otherwise
    }
}

/// Whether a section shows a date whole: a day (`d`, `dd`; `ddd` is a weekday), a month (`m` to
/// `mmmm`; `mmmmm` is its letter; `m` after an hour or before seconds is minutes) and a year,
/// a time and a weekday (`nn`, `ddd`) may stand beside them, no text of its own with a digit.
fn whole_date(section: &[(char, bool)]) -> bool {
    let mut runs: Vec<(char, usize)> = Vec::new();
    let mut chars = section.iter().peekable();
    while let Some(&(c, text)) = chars.next() {
        if text {
            if c.is_ascii_digit() {
                return false;
            }
            runs.push((' ', 0));
            continue;
        }
        let lower = c.to_ascii_lowercase();
        // AM/PM, A/P
        if lower == 'a' {
            let rest: String =
                std::iter::once(lower).chain(chars.clone().take(4).map(|(c, _)| c.to_ascii_lowercase())).collect();
            let skip = if rest.starts_with("am/pm") {
                4
            } else if rest.starts_with("a/p") {
                2
            } else {
                return false;
            };
            for _ in 0..skip {
                chars.next();
            }
            runs.push((' ', 0));
            continue;
        }
        match lower {
            'd' | 'm' | 'y' | 'h' | 's' | 'n' => match runs.last_mut() {
                Some((last, n)) if *last == lower => *n += 1,
                _ => runs.push((lower, 1)),
            },
            c if "/-.: ,".contains(c) => runs.push((' ', 0)),
            _ => return false,
        }
    }
    let letters: Vec<(char, usize)> = runs.into_iter().filter(|(c, _)| *c != ' ').collect();
    let day = letters.iter().any(|(c, n)| *c == 'd' && *n <= 2);
    let month = letters.iter().enumerate().any(|(i, (c, n))| {
        *c == 'm' && *n <= 4 && !(i > 0 && letters[i - 1].0 == 'h') && letters.get(i + 1).map(|l| l.0) != Some('s')
    });
    let year = letters.iter().any(|(c, _)| *c == 'y');
    day && month && year
}

/// Whether a format of the workbook's own shows a text otherwise than it is held: a section with
/// `@` and anything beside it, or a fourth section (the text's) other than `@`.
fn text_otherwise(code: &str) -> bool {
    let all = sections(code);
    // a section's characters, less a space's width (`_-`, `_)`: accounting formats pad so)
    let text = |(s, _): &Section| {
        let mut out = String::new();
        let mut chars = s.iter();
        while let Some((c, quoted)) = chars.next() {
            match (c, quoted) {
                ('_', false) => {
                    chars.next();
                }
                (c, _) => out.push(*c),
            }
        }
        out
    };
    all.len() > 4
        || all.iter().any(|s| {
            let t = text(s);
            t.contains('@') && t.trim() != "@"
        })
        || all.get(3).is_some_and(|s| text(s).trim() != "@")
}

/// A block of cells: its first and last (row, column), from 1.
type Span = ((u64, u64), (u64, u64));

/// A column's letters (`1` → `A`, `16384` → `XFD`).
fn column_letters(mut n: u64) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The sheets' names by their part (`xl/worksheets/sheet1.xml` → `Đơn vị`), each part found as
/// calamine finds it (a target from `/` is from the root, another from `xl/`; then looked up in
/// ASCII lower case): the checks name a sheet's cells by the name calamine reads it under (a
/// formula without a saved result in a part found otherwise was told under no sheet's name, and
/// lost). The workbook must be `xl/workbook.xml`, as every spreadsheet program writes it.
fn sheet_parts(parts: &BTreeMap<String, Vec<u8>>) -> Result<BTreeMap<String, String>, String> {
    use quick_xml::events::Event;
    let elements = |xml: &[u8], wanted: &str| -> Vec<BTreeMap<String, String>> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut out = Vec::new();
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == wanted => {
                    out.push(
                        e.attributes()
                            .flatten()
                            .filter_map(|a| {
                                let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?.into_owned();
                                Some((a.key.as_ref().to_owned(), value))
                            })
                            .collect(),
                    );
                }
                Ok(Event::Eof) | Err(_) => return out,
                _ => {}
            }
        }
    };
    let empty = Vec::new();
    for r in elements(parts.get("_rels/.rels").unwrap_or(&empty), "Relationship") {
        let office = r.get("Type").is_some_and(|t| t.ends_with("/relationships/officeDocument"));
        let target = r.get("Target").cloned().unwrap_or_default();
        if office && !target.strip_prefix('/').unwrap_or(&target).eq_ignore_ascii_case("xl/workbook.xml") {
            return Err(msg::odd_workbook_part(&target));
        }
    }
    let relationships = elements(parts.get("xl/_rels/workbook.xml.rels").unwrap_or(&empty), "Relationship");
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    for a in &relationships {
        let Some(target) = a.get("Target") else { continue };
        let part = match target.strip_prefix('/') {
            Some(abs) => abs.to_owned(),
            None => format!("xl/{target}"),
        };
        // the path as calamine takes it, literally, and as another program resolves it (`..`,
        // `.`, `//`): one part for both (a decoy at `worksheets//sheet2.xml` was read by calamine
        // in place of the sheet LibreOffice shows, a fifth hostile review)
        if resolved(&part) != part {
            return Err(msg::odd_target(target));
        }
        // the styles and the shared strings: calamine reads them where Excel writes them, not
        // where the relationship says
        let kind = a.get("Type").map_or("", |t| t.rsplit('/').next().unwrap_or(""));
        for (wanted, path) in [("styles", "xl/styles.xml"), ("sharedStrings", "xl/sharedstrings.xml")] {
            if kind == wanted && !part.eq_ignore_ascii_case(path) {
                return Err(msg::odd_target(target));
            }
        }
        if let Some(id) = a.get("Id") {
            targets.insert(id.clone(), part.to_ascii_lowercase());
        }
    }
    Ok(elements(parts.get("xl/workbook.xml").unwrap_or(&empty), "sheet")
        .into_iter()
        .filter_map(|a| {
            let id = a.iter().find(|(k, _)| k.ends_with(":id")).map(|(_, v)| v.clone())?;
            Some((targets.get(&id)?.clone(), a.get("name")?.clone()))
        })
        .collect())
}

/// A part's XML in one canonical spelling, which the checks and calamine then read alike (they
/// read the same XML differently, a third hostile review: a duplicated attribute, the first for
/// one and the last for the other; an index with a space, or a value in CDATA or beside a
/// comment, read as another string or as empty): comments and processing instructions dropped,
/// CDATA and references written as plain escaped text, a value's text (`<v>`) trimmed, a
/// duplicated or malformed attribute and a DOCTYPE refused.
fn canonical(part: &str, xml: &[u8]) -> Result<Vec<u8>, String> {
    use quick_xml::events::{BytesStart, BytesText, Event};
    let bad = |e: &dyn std::fmt::Display| tr!("the workbook's {part} cannot be read as XML: {e}", part, e);
    // (legal XML that neither calamine nor the checks read: told as what it is)
    if [&[0xFF, 0xFE][..], &[0xFE, 0xFF], b"<\0", b"\0<"].iter().any(|p| xml.starts_with(p)) {
        return Err(msg::utf16(part));
    }
    // an element with its attributes spelt one way: each value unescaped and escaped again (the
    // checks read `r="B&#51;"` as no cell where calamine read B3); a text run (`<t>`) keeps its
    // spaces and line breaks, as a spreadsheet program shows them (calamine trimmed each run of a
    // rich text without `xml:space="preserve"` and glued two lines into one, a fourth hostile
    // review)
    let respelt = |s: &BytesStart<'_>| -> Result<BytesStart<'static>, String> {
        let mut out = BytesStart::new(s.name().as_ref().to_owned());
        let run = s.local_name().as_ref() == "t";
        for a in s.attributes() {
            let a = a.map_err(|e| bad(&e))?;
            if run && a.key.as_ref() == "xml:space" {
                continue;
            }
            let value = quick_xml::escape::unescape(&a.value).map_err(|e| bad(&e))?;
            out.push_attribute((a.key.as_ref(), value.as_ref()));
        }
        if run {
            out.push_attribute(("xml:space", "preserve"));
        }
        Ok(out)
    };
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    let (mut pending, mut in_value) = (String::new(), false);
    let flush = |writer: &mut quick_xml::Writer<Vec<u8>>, pending: &mut String, in_value: bool| {
        if !pending.is_empty() {
            let text = if in_value { pending.trim() } else { pending.as_str() };
            // (only `<`, `>` and `&` escaped: quotes stay as typed)
            let escaped = quick_xml::escape::partial_escape(text);
            writer.write_event(Event::Text(BytesText::from_escaped(escaped))).map_err(|e| bad(&e))?;
            pending.clear();
        }
        Ok::<(), String>(())
    };
    loop {
        match reader.read_event().map_err(|e| bad(&e))? {
            Event::Text(t) => pending.push_str(&t.xml10_content()),
            Event::CData(c) => pending.push_str(&c.into_inner()),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| bad(&e))? {
                    pending.push(c);
                } else {
                    let name = r.xml10_content();
                    let resolved = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| bad(&tr!("the entity &{name}; is not XML's own", name)))?;
                    pending.push_str(resolved);
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::DocType(_) => return Err(bad(&tr!("a DOCTYPE"))),
            Event::Eof => {
                flush(&mut writer, &mut pending, in_value)?;
                return Ok(writer.into_inner());
            }
            Event::Start(s) => {
                flush(&mut writer, &mut pending, in_value)?;
                in_value = s.local_name().as_ref() == "v";
                writer.write_event(Event::Start(respelt(&s)?)).map_err(|e| bad(&e))?;
            }
            Event::Empty(s) => {
                flush(&mut writer, &mut pending, in_value)?;
                writer.write_event(Event::Empty(respelt(&s)?)).map_err(|e| bad(&e))?;
            }
            e @ Event::End(_) => {
                flush(&mut writer, &mut pending, in_value)?;
                in_value = false;
                writer.write_event(e).map_err(|e| bad(&e))?;
            }
            e @ Event::Decl(_) => writer.write_event(e).map_err(|e| bad(&e))?,
        }
    }
}

/// A part's path with its `..`, `.` and empty segments resolved, as a reader that follows a
/// relationship resolves it.
fn resolved(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for s in path.split('/') {
        match s {
            "." | "" => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// The parts any relationship of the package names (`Target`, resolved against its `_rels`
/// folder's parent as OPC does; absolute targets from the root).
fn relationship_targets(parts: &BTreeMap<String, Vec<u8>>) -> std::collections::BTreeSet<String> {
    use quick_xml::events::Event;
    let mut out = std::collections::BTreeSet::new();
    for (part, xml) in parts.iter().filter(|(p, _)| p.to_ascii_lowercase().ends_with(".rels")) {
        // `xl/_rels/workbook.xml.rels` names parts relative to `xl/`
        let base = part.rsplit_once("_rels/").map_or("", |(b, _)| b).to_owned();
        let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                    if let Some(t) = attribute(&e, "Target") {
                        let joined = match t.strip_prefix('/') {
                            Some(abs) => abs.to_owned(),
                            None => format!("{base}{t}"),
                        };
                        // (as the parts are named: ASCII lower case, `/` for `\\`)
                        out.insert(resolved(&joined).replace('\\', "/").to_ascii_lowercase());
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    }
    out
}

/// The workbook calamine is given, and each formula without a saved result: (cell, formula).
type Checked = (Vec<u8>, Vec<(String, String)>, std::collections::HashSet<(String, u32, u32)>);

/// What a sheet's check found: its cells, each formula without a saved result and each value
/// shown otherwise (cell, message), the cells of decorated numbers (row, column from 1).
type Sheet = (u64, Vec<(String, String)>, Vec<(u64, u64)>);

/// Refuses a workbook whose sheets reach beyond a form's rows, columns or cells, that declares or
/// holds more shared strings than a form could have, or whose cells name shared strings it does
/// not hold, before calamine sees it: calamine reserves memory from the declared counts and
/// dimensions (a 14 KB workbook declaring 10¹² strings, or a cell at XFD1048576, aborted the
/// process). Every part is read with an XML parser, whatever its path or its quoting, rewritten in
/// one canonical spelling and checked as a sheet whatever its root; calamine is given a workbook
/// of these parts and nothing else.
fn check_declared_sizes(bytes: &[u8]) -> Result<Checked, String> {
    use std::io::Read as _;
    let unreadable = |e: zip::result::ZipError| msg::not_a_workbook(e);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut parts: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    let mut total = 0u64;
    // every part is read (within the bound): calamine follows a relationship to any name, so a
    // worksheet named `.dat` or `.XML` is a worksheet too (it passed unchecked and aborted)
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(unreadable)?;
        // each part by the name calamine looks it up by (ASCII lower case, `/` for `\\`): two
        // parts of one such name are two candidates for one sheet, of which calamine reads the
        // last in its archive and another reader the first (a fourth hostile review: a sheet of
        // 2 systems read in place of the one of 10)
        let part = file.name().replace('\\', "/").to_ascii_lowercase();
        if let Some((first, _)) = parts.get(&part) {
            return Err(msg::parts_alike(first, file.name()));
        }
        let given = file.name().to_owned();
        let mut xml = Vec::new();
        file.take(MAX_EXPANDED_BYTES + 1)
            .read_to_end(&mut xml)
            .map_err(|e| tr!("the workbook's {part} cannot be read: {e}", part, e))?;
        total += xml.len() as u64;
        if total > MAX_EXPANDED_BYTES {
            return Err(msg::zip_bomb(MAX_EXPANDED_BYTES));
        }
        parts.insert(part, (given, xml));
    }
    let parts: BTreeMap<String, Vec<u8>> = parts.into_iter().map(|(p, (_, xml))| (p, xml)).collect();
    // the parts read as XML: every one named so (any case), and every one a relationship names
    let targets = relationship_targets(&parts);
    // (a part a relationship names is XML when it begins as XML does: an image, Excel's printer
    // settings or a thumbnail are not, and were refused as XML that cannot be read, a seventh
    // hostile review; calamine reads none of them)
    let begins_as_xml = |xml: &[u8]| {
        let text = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
        let first = text.iter().find(|b| !b.is_ascii_whitespace());
        first == Some(&b'<') || xml.starts_with(&[0xFF, 0xFE]) || xml.starts_with(&[0xFE, 0xFF])
    };
    let xmlish = |part: &str, xml: &[u8]| {
        let lower = part.to_ascii_lowercase();
        lower.ends_with(".xml") || lower.ends_with(".rels") || (targets.contains(part) && begins_as_xml(xml))
    };
    let parts: BTreeMap<String, Vec<u8>> = parts
        .into_iter()
        .filter(|(p, xml)| xmlish(p, xml))
        .map(|(p, xml)| canonical(&p, &xml).map(|c| (p, c)))
        .collect::<Result<_, _>>()?;
    // one part of shared strings at most: the cells' indices are into it (a second one shifted
    // the checks' indices from calamine's, a third hostile review)
    let mut lengths = Vec::new();
    let mut holding = Vec::new();
    for (part, xml) in &parts {
        if let Some(l) = shared_strings(part, xml)? {
            lengths = l;
            holding.push(part.clone());
        }
    }
    if holding.len() > 1 {
        return Err(msg::several_string_parts(&holding));
    }
    if lengths.len() as u64 > MAX_SHARED_STRINGS {
        return Err(tr!(
            "the workbook holds more than {limit} shared strings; a form has at most {limit}",
            limit = MAX_SHARED_STRINGS
        ));
    }
    let names = sheet_parts(&parts)?;
    let styles = parts.get("xl/styles.xml").map(|xml| Styles::read(xml)).unwrap_or_default();
    let mut total_cells = 0;
    let mut unsaved = Vec::new();
    let mut decorated = std::collections::HashSet::new();
    let mut referenced = 0;
    for (part, xml) in &parts {
        let (sheet, is_sheet) = match names.get(part) {
            Some(name) => (name.clone(), true),
            None => (part.clone(), false),
        };
        let (cells, formulas, numbers) = check_sheet(&sheet, part, xml, &lengths, &styles, is_sheet, &mut referenced)?;
        decorated.extend(numbers.into_iter().map(|(r, c)| {
            (
                key(&sheet),
                u32::try_from(r.saturating_sub(1)).unwrap_or(0),
                u32::try_from(c.saturating_sub(1)).unwrap_or(0),
            )
        }));
        total_cells += cells;
        unsaved.extend(formulas);
        if total_cells > MAX_TOTAL_CELLS {
            return Err(msg::too_many_cells_in_all(MAX_TOTAL_CELLS));
        }
    }
    // calamine reads the parts checked here and nothing else: a workbook of its own made of them
    // (another zip reader found another archive appended to the first, a hostile review)
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // (deflated at the fastest level: stored, it held 11 MB beside the form's value while the
    // sheets were read)
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (part, xml) in &parts {
        out.start_file(part.as_str(), deflated).map_err(unreadable)?;
        std::io::Write::write_all(&mut out, xml).map_err(msg::not_a_workbook)?;
    }
    Ok((out.finish().map_err(unreadable)?.into_inner(), unsaved, decorated))
}
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every field of every kind's form.
    fn every_field() -> Vec<&'static Field> {
        [Kind::Monthly, Kind::Assessment, Kind::Annual]
            .into_iter()
            .flat_map(|kind| {
                let form = layout(kind);
                let unit = form.unit.iter().flat_map(|part| part.iter());
                let tables = form.tables.iter().flat_map(|t| t.columns.iter());
                let lists = form.lists.map(|(_, l)| l).unwrap_or(&[]).iter();
                unit.chain(tables).chain(lists).collect::<Vec<_>>()
            })
            .collect()
    }

    fn any_number() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>(),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(-1.07e11),
            Just(1e20),
            Just(-0.0),
            -3e6..3e6f64,
        ]
    }

    fn any_cell() -> impl Strategy<Value = Data> {
        prop_oneof![
            any_number().prop_map(Data::Float),
            any::<i64>().prop_map(Data::Int),
            any::<String>().prop_map(Data::String),
            any::<bool>().prop_map(Data::Bool),
            (any_number(), any::<bool>()).prop_map(|(v, is_1904)| Data::DateTime(calamine::ExcelDateTime::new(
                v,
                calamine::ExcelDateTimeType::DateTime,
                is_1904
            ))),
            any::<String>().prop_map(Data::DateTimeIso),
            "[0-9]{4}-[0-9]{2}-[0-9]{2}.{0,4}".prop_map(Data::DateTimeIso),
            "[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,5}".prop_map(Data::String),
        ]
    }

    proptest! {
        /// No cell value, whatever its type or size, makes the reader panic (issue 25, item 13):
        /// every field reads it or says why not; a date it reads falls in the contract's years.
        #[test]
        fn any_cell_value_is_read_or_refused_never_a_panic(cell in any_cell()) {
            for field in every_field() {
                if let Ok(Some(Value::String(date))) = value(&cell, field).map(|v| v.filter(|_| matches!(field.ty, Ty::Date))) {
                    let year: i32 = date[..4].parse().unwrap();
                    prop_assert!(YEARS.contains(&year), "{date}");
                }
            }
        }
    }
}
