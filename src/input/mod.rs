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
pub mod file;
mod ip;
mod json;
pub mod merge;
mod reader;
pub mod schema;
pub mod xlsx;

pub(crate) use document::unknown_owners;
use std::fmt;
use std::path::Path;

use crate::model::Document;

/// The largest input file baocao reads (input.md: limits are invalid input, exit 1).
pub const MAX_FILE_BYTES: u64 = file::MAX_DOCUMENT_BYTES;
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
    /// A workbook's cell, as Excel names it (`'Hệ thống'!C5`), and the field's JSON path.
    Cell {
        /// The cell.
        cell: String,
        /// The field (may be empty: a header).
        path: String,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // in Vietnamese as a person says it, the JSON path beside it (issue 28)
        let vi = crate::messages::lang() == crate::messages::Lang::Vi;
        match self {
            Place::File => Ok(()),
            Place::Line { line, column } if vi => write!(f, "dòng {line}, cột {column}"),
            Place::Line { line, column } => write!(f, "line {line}, column {column}"),
            Place::Path(p) => match crate::messages::vi::places::place(p).filter(|_| vi) {
                Some(words) => write!(f, "{words} ({p})"),
                None => f.write_str(p),
            },
            Place::Cell { cell, path } if vi && path.is_empty() => write!(f, "ô {cell}"),
            Place::Cell { cell, path } if vi => write!(f, "ô {cell} ({path})"),
            Place::Cell { cell, path } if path.is_empty() => f.write_str(cell),
            Place::Cell { cell, path } => write!(f, "{cell} ({path})"),
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

/// A path naming an Excel workbook (`.xlsx`, any case).
pub fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The extension of a spreadsheet in a format other than `.xlsx` (a form saved as ODF, as the old
/// `.xls`, with macros, binary, or as CSV), lower-cased: said as such wherever an input is read
/// (one given to generate or validate was read as JSON, "not valid UTF-8", a hostile review).
pub fn other_spreadsheet(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    // (WPS Spreadsheets' .et, common in Vietnamese offices, and the templates' formats too)
    ["ods", "fods", "ots", "xls", "xlt", "xlsm", "xlsb", "xltx", "xltm", "et", "ett", "csv", "numbers"]
        .contains(&ext.as_str())
        .then_some(ext)
}

/// Checks one document given as a filled form (`baocao form`): read into the JSON value the unit
/// would have written, checked as JSON is, each problem placed at its cell.
pub fn check_workbook(bytes: &[u8]) -> Checked {
    check_workbook_with(bytes, None)
}

/// [`check_workbook`], with a batch's defaults merged under the form (`validate --defaults`): a
/// unit checks its own form as the batch will. The form's own problems (a value its cell cannot
/// hold) and the checks' come in one pass.
pub fn check_workbook_with(bytes: &[u8], defaults: Option<&serde_json::Value>) -> Checked {
    match xlsx::read::read_partial(bytes) {
        Ok((value, cells, read)) => {
            let value = match defaults {
                Some(d) => merge::merge(d, &value),
                None => value,
            };
            let mut checked = check_form(&value);
            place_at_cells(&mut checked, &cells);
            with_form_problems(read, checked)
        }
        Err(errors) => Checked { document: None, errors, warnings: vec![] },
    }
}

/// The checks' verdict on a form's value with the problems its reader found beside it: those
/// first, then the checks' own, less any at the same cell or field (a level typed as a word is
/// told as that, not also as missing). A sheet missing or unreadable is told alone: the rest
/// would only repeat it.
pub fn with_form_problems(read: Vec<Problem>, mut checked: Checked) -> Checked {
    if read.is_empty() {
        return checked;
    }
    if read.iter().any(|p| p.place == Place::File) {
        return Checked { document: None, errors: read, warnings: vec![] };
    }
    // what a problem of the reader covers: its cell, and the item of its row (`systems[0]`: the
    // row's other fields' checks may follow from the value it could not read); a problem of a
    // sheet's header or of a paragraph (`systems`, `difficulties`), only what its rows lack
    // (`required field is missing` under it): another row's own error is still told
    use std::collections::HashSet;
    // `p` and every path above it (`systems[3].level` → `systems[3]`, `systems`)
    fn with_ancestors(p: &str) -> impl Iterator<Item = &str> {
        p.char_indices().filter(|(_, c)| *c == '.' || *c == '[').map(|(i, _)| &p[..i]).chain(std::iter::once(p))
    }
    let generic = |s: &str| -> String {
        let mut out = String::with_capacity(s.len());
        let mut in_index = false;
        for c in s.chars() {
            match c {
                '[' => in_index = true,
                ']' => {
                    in_index = false;
                    out.push_str("[]");
                }
                _ if in_index => {}
                _ => out.push(c),
            }
        }
        out
    };
    // sets, each asked once a problem (a comparison of every pair took 27 s for 10,000 bad
    // cells, a hostile review)
    let mut cells: HashSet<&str> = HashSet::new();
    let (mut items, mut above_items, mut rows): (HashSet<&str>, HashSet<&str>, HashSet<&str>) = Default::default();
    for p in &read {
        let Place::Cell { cell, path } = &p.place else { continue };
        cells.insert(cell);
        if path.is_empty() {
            continue;
        }
        if xlsx::layout::is_rows(path) {
            rows.insert(path);
            continue;
        }
        let item = path.rfind(']').map_or(path.as_str(), |i| &path[..=i]);
        items.insert(item);
        above_items.extend(with_ancestors(item));
    }
    let told = |q: &Problem| {
        let (path, cell) = match &q.place {
            Place::Cell { cell, path } => (path.as_str(), Some(cell.as_str())),
            Place::Path(path) => (path.as_str(), None),
            _ => return false,
        };
        if cell.is_some_and(|c| cells.contains(c)) {
            return true;
        }
        if path.is_empty() {
            return false;
        }
        // at, under or above the item of a cell that could not be read
        if with_ancestors(path).any(|a| items.contains(a)) || above_items.contains(path) {
            return true;
        }
        // what a sheet's rows lack, under a header's or a paragraph's problem
        q.message == crate::messages::required() && {
            let g = generic(path);
            let under_rows = with_ancestors(&g).any(|a| rows.contains(a));
            under_rows
        }
    };
    checked.errors.retain(|q| !told(q));
    checked.warnings.retain(|q| !told(q));
    let mut errors = read;
    errors.append(&mut checked.errors);
    Checked { document: None, errors, warnings: checked.warnings }
}

/// Checks a form's value as [`check_value`] does, except that a required object the form left
/// wholly empty (a form has rows for an object's fields, none for the object) is told by each of
/// its fields that is required, at their cells, rather than as one missing object.
///
/// A form made from last period's report (`form --from`) keeps that report's number and date in
/// hidden rows, read as `_from`: a report whose number and date are both those is warned of. (In
/// JSON, a key starting with `_` stays a comment: only a form's reader writes this one.)
pub fn check_form(value: &serde_json::Value) -> Checked {
    let mut checked = check_form_fields(value);
    if xlsx::carry::same_as_source(value) {
        let date = value.get("date").and_then(serde_json::Value::as_str).unwrap_or_default();
        checked.warnings.push(Problem::at("number", crate::messages::same_as_source(&value["number"], date)));
    }
    checked
}

fn check_form_fields(value: &serde_json::Value) -> Checked {
    let Some(kind) = value.get("kind").and_then(serde_json::Value::as_str).and_then(crate::model::Kind::from_name)
    else {
        return check_value(value);
    };
    // (the value copied only when an object is to be opened: a form's value is as large as its
    // sheets)
    let mut v = std::borrow::Cow::Borrowed(value);
    let mut opened: Vec<Problem> = Vec::new();
    // each round opens one level of nesting (layers, then layers.in_house, …)
    for _ in 0..8 {
        let checked = check_value(&v);
        let open: Vec<Problem> = checked
            .errors
            .iter()
            .filter(|p| {
                p.message == crate::messages::required()
                    && matches!(&p.place, Place::Path(path) if xlsx::layout::has_fields_under(kind, path))
            })
            .cloned()
            .collect();
        if open.is_empty() && opened.is_empty() {
            // nothing left wholly blank: the checks' verdict as it is
            return checked;
        }
        if open.is_empty() {
            break;
        }
        for p in open {
            if let Place::Path(path) = &p.place {
                put_empty_object(v.to_mut(), path);
            }
            opened.push(p);
        }
    }
    let mut checked = check_value(&v);
    // an object whose fields are all optional is still required: say so, as before. Whether an
    // error lies at or under a path: each error's path and every path above it, gathered once
    // (asking each opened object of every error took 3 s for 10,000 systems)
    let mut at_or_above: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for q in &checked.errors {
        if let Place::Path(q) = &q.place {
            at_or_above.insert(q);
            for (i, c) in q.char_indices() {
                if c == '.' || c == '[' {
                    at_or_above.insert(&q[..i]);
                }
            }
        }
    }
    let missing: Vec<Problem> = opened
        .into_iter()
        .filter(|p| matches!(&p.place, Place::Path(path) if !at_or_above.contains(path.as_str())))
        .collect();
    checked.errors.extend(missing);
    if !checked.errors.is_empty() {
        checked.document = None;
    }
    checked
}

/// Puts an empty object at `path` (`layers.in_house`, `systems[0].checks`) where there is none.
fn put_empty_object(v: &mut serde_json::Value, path: &str) {
    let mut at = v;
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Some(o) = at.as_object_mut() else { return };
        let next = o.entry(name.to_owned()).or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        at = match index {
            Some(i) => match next.get_mut(i) {
                Some(x) => x,
                None => return,
            },
            None => next,
        };
    }
}

/// Places each problem of a workbook's value at its cell (those at a JSON path the workbook has a
/// cell for; a batch's defaults have none), and adds the warnings of the reader's own.
pub fn place_at_cells(checked: &mut Checked, cells: &xlsx::Cells) {
    checked.warnings.extend(cells.notes().iter().cloned());
    for p in checked.errors.iter_mut().chain(checked.warnings.iter_mut()) {
        if let Place::Path(path) = &p.place {
            if let Some(cell) = cells.locate(path) {
                p.place = Place::Cell { cell, path: path.clone() };
            }
        }
    }
}

/// Checks one document given as a JSON value (a batch unit with its defaults merged in).
pub fn check_value(value: &serde_json::Value) -> Checked {
    let mut diag = Diag::default();
    let document = document::read(value, &mut diag);
    let document = if diag.errors.is_empty() { document } else { None };
    Checked { document, errors: diag.errors, warnings: diag.warnings }
}

/// `raw` as an agency name in running text, normalised as the reader normalises `issuer.name`
/// (NFC, trimmed, default-ignorable characters left out, a line feed read as a space), or `None`
/// when the reader would refuse it (a control character, a character the font lacks, empty, too
/// long).
pub fn name_text(raw: &str) -> Option<String> {
    let mut diag = Diag::default();
    let text = reader::text(&mut diag, "", raw, reader::Text::Name)?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (diag.errors.is_empty() && !text.is_empty()).then_some(text)
}

/// A text quoted for a message, as every message quotes a value.
pub fn quote_text(s: &str) -> String {
    reader::quote(s)
}

/// How a JSON value is described in a message: `an array`, `the string "x"`.
pub fn describe(value: &serde_json::Value) -> String {
    reader::describe(value)
}

/// The kind and period a batch's defaults give every unit and its consolidated report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchPeriod {
    /// `kind: "monthly"` and its month.
    Monthly(crate::model::MonthPeriod),
    /// `kind: "assessment"` and its year or half-year.
    Assessment(crate::model::HalfYear),
    /// `kind: "annual"`, its year and role.
    Annual(crate::model::AnnualPeriod),
}

impl BatchPeriod {
    /// The kind.
    pub fn kind(self) -> crate::model::Kind {
        match self {
            BatchPeriod::Monthly(_) => crate::model::Kind::Monthly,
            BatchPeriod::Assessment(_) => crate::model::Kind::Assessment,
            BatchPeriod::Annual(_) => crate::model::Kind::Annual,
        }
    }

    /// The period, as a document has it.
    pub fn period(self) -> crate::model::Period {
        match self {
            BatchPeriod::Monthly(m) => crate::model::Period::Month(m),
            BatchPeriod::Assessment(h) => crate::model::Period::HalfYear(h),
            BatchPeriod::Annual(y) => crate::model::Period::Year(y),
        }
    }
}

/// Checks a batch's defaults before any unit: every value they give is checked as it will be in
/// each unit (a required field they leave out is the units' to give). `Ok` holds the kind and
/// period when the defaults set both.
pub fn check_defaults(value: &serde_json::Value) -> Result<Option<BatchPeriod>, Vec<Problem>> {
    let mut diag = Diag::default();
    match value.get("kind") {
        Some(_) => {
            document::read(value, &mut diag);
        }
        // without a kind, only the keys can be checked: those of either kind
        None => {
            let keys: Vec<&str> = document::MONTHLY_KEYS
                .iter()
                .chain(document::ASSESSMENT_KEYS)
                .chain(document::ANNUAL_KEYS)
                .copied()
                .collect();
            reader::Obj::new(&mut diag, value, "", &keys);
        }
    }
    let errors: Vec<Problem> = diag.errors.into_iter().filter(|p| given(value, &p.place)).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut diag = Diag::default();
    let period = document::read_batch_period(value, &mut diag);
    if diag.errors.is_empty() {
        Ok(period)
    } else {
        Err(diag.errors)
    }
}

/// Whether a problem's place is a value `value` gives (not one it leaves to the units).
fn given(value: &serde_json::Value, place: &Place) -> bool {
    let Place::Path(path) = place else { return true };
    if path == "." {
        return true;
    }
    let mut v = value;
    for part in path.split('.') {
        let (key, indices) = part.split_once('[').unwrap_or((part, ""));
        let Some(next) = v.get(key) else { return false };
        v = next;
        for i in indices.split('[').filter(|s| !s.is_empty()) {
            let Some(next) = i.trim_end_matches(']').parse::<usize>().ok().and_then(|i| v.get(i)) else {
                return false;
            };
            v = next;
        }
    }
    true
}

/// A consolidated report's own fields (issuer, number, date, signer, recipients, archive,
/// submit_to), checked before any unit is.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsolidatedFields(document::Fields, [Vec<String>; 2], Option<crate::model::AnnualOwn>);

impl ConsolidatedFields {
    /// The consolidated report: these fields around the batch's figures, with the issuer's own
    /// difficulties and proposals.
    pub fn document(self, mut figures: crate::model::Consolidated) -> Document {
        figures.own = self.1;
        self.0.document(crate::model::Report::Consolidated(figures))
    }

    /// Its date, when given.
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        self.0.date()
    }

    /// The consolidating issuer: a unit's report is addressed to it by default.
    pub fn issuer(&self) -> &crate::model::Issuer {
        self.0.issuer()
    }

    /// An annual batch's: what the owner's report gives of its own (section 2 and the rest).
    pub fn annual(&self) -> Option<&crate::model::AnnualOwn> {
        self.2.as_ref()
    }
}

/// Checks the consolidated report's own fields: the fields and their warnings (a collective body
/// signing without `TM.`, a text given twice); `Err` lists every error.
pub fn check_consolidated(
    value: &serde_json::Value,
    period: BatchPeriod,
) -> Result<(ConsolidatedFields, Vec<Problem>), Vec<Problem>> {
    let mut diag = Diag::default();
    let fields = document::read_consolidated(value, period.period(), &mut diag);
    match fields {
        Some((f, own, annual)) if diag.errors.is_empty() => Ok((ConsolidatedFields(f, own, annual), diag.warnings)),
        _ => Err(diag.errors),
    }
}

/// Reads and checks one file. `Err` is an I/O error (exit 2), not invalid input: the file cannot
/// be read, or it is not a regular file (a FIFO, a device).
pub fn load(path: &Path) -> std::io::Result<Checked> {
    load_over(path, None)
}

/// `value` (an input's object) with each of `base`'s fields it lacks, a whole field at a time
/// (issue 28: the config file's `[document]`; an input's own `issuer` is used as it is, never
/// mixed with the base's).
pub fn under(base: Option<&serde_json::Map<String, serde_json::Value>>, value: serde_json::Value) -> serde_json::Value {
    match (base, value) {
        (Some(base), serde_json::Value::Object(mut map)) => {
            for (k, v) in base {
                if !map.contains_key(k) {
                    map.insert(k.clone(), v.clone());
                }
            }
            serde_json::Value::Object(map)
        }
        (_, value) => value,
    }
}

/// [`load`], the fields of `base` (the config file's `[document]`) given to an input that lacks
/// them.
pub fn load_over(path: &Path, base: Option<&serde_json::Map<String, serde_json::Value>>) -> std::io::Result<Checked> {
    // the base's fields the input lacks: a problem in one is said to come from the base (it is
    // not in the input)
    let mut given: Vec<String> = Vec::new();
    let mut over = |value: serde_json::Value| {
        if let (Some(base), serde_json::Value::Object(map)) = (base, &value) {
            given = base.keys().filter(|k| !map.contains_key(*k)).cloned().collect();
        }
        under(base, value)
    };
    let mut checked = match file::read(path, MAX_FILE_BYTES) {
        Ok(bytes) if is_workbook(path) => match base {
            None => check_workbook(&bytes),
            Some(_) => match xlsx::read::read_partial(&bytes) {
                Ok((value, cells, read)) => {
                    let mut checked = check_form(&over(value));
                    place_at_cells(&mut checked, &cells);
                    with_form_problems(read, checked)
                }
                Err(errors) => Checked { document: None, errors, warnings: vec![] },
            },
        },
        Ok(_) if other_spreadsheet(path).is_some() => Checked {
            document: None,
            errors: vec![Problem {
                place: Place::File,
                message: crate::messages::not_xlsx(&other_spreadsheet(path).unwrap_or_default()),
            }],
            warnings: vec![],
        },
        Ok(bytes) => match parse_json(&bytes) {
            Ok(v) => check_value(&over(v)),
            Err(p) => Checked { document: None, errors: vec![p], warnings: vec![] },
        },
        Err(e @ file::ReadError::TooLarge { .. }) => Checked {
            document: None,
            errors: vec![Problem { place: Place::File, message: e.to_string() }],
            warnings: vec![],
        },
        Err(file::ReadError::Io(e)) => return Err(e),
        Err(e @ file::ReadError::NotFile(_)) => {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))
        }
    };
    let from_base = |p: &Problem| match &p.place {
        Place::Path(path) | Place::Cell { path, .. } => {
            let top = path.split(['.', '[']).next().unwrap_or_default();
            given.iter().any(|g| g == top)
        }
        _ => false,
    };
    for p in checked.errors.iter_mut().chain(checked.warnings.iter_mut()).filter(|p| from_base(p)) {
        p.message.push_str(&crate::messages::tr!(" (given by the settings file's [document])"));
    }
    Ok(checked)
}
