//! `baocao form`: the workbook a subordinate unit fills in, optionally pre-filled with its last
//! report, with Vietnamese labels and hints, drop-downs, real dates, whole numbers, input
//! messages, and the labels protected.

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};
use serde_json::Value;

use super::carry::Carried;
use super::layout::{layout, Field, Ty, KIND_LABEL, SOURCE, UNIT_HEADERS, UNIT_SHEET};
use crate::messages::tr;
use crate::model::Kind;

/// Rows offered in a table sheet (validations and unlocked cells reach this far).
pub const TABLE_ROWS: u32 = 500;

/// Why a form cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// The workbook writer failed.
    Xlsx(#[from] XlsxError),
    /// `--from` holds a report of another kind.
    Kind {
        /// The form's kind.
        expected: &'static str,
        /// The file's.
        found: String,
    },
    /// `--from` holds a value the form cannot hold (out of its range, not of its type).
    Value(String),
    /// `--from` holds something the form has no place for.
    NoPlace {
        /// Its JSON path.
        path: String,
    },
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormError::Xlsx(e) => f.write_str(&tr!("cannot write the workbook: {e}", e)),
            FormError::Kind { expected, found } => {
                f.write_str(&tr!("--from holds a {found} report, not a {expected} one", found, expected))
            }
            FormError::Value(v) => write!(f, "--from: {v}"),
            FormError::NoPlace { path } => {
                f.write_str(&tr!("--from: {path}: the form has no place for it, so it would be lost", path))
            }
        }
    }
}

pub(super) fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

struct Formats {
    label: Format,
    head: Format,
    hint: Format,
    value: Format,
    /// A text field's cell: formatted as text, so that what is typed stays as typed (a phone
    /// number's leading 0 was lost to a number).
    text: Format,
    date: Format,
    number: Format,
    locked: Format,
    date_locked: Format,
    /// The unit sheet's column to fill, set apart: a fill and borders.
    fill: [Format; 4],
    /// A required row's label.
    required: Format,
}

fn formats() -> Formats {
    let value = Format::new().set_unlocked().set_text_wrap().set_align(FormatAlign::Top);
    let text = Format::new().set_unlocked().set_text_wrap().set_align(FormatAlign::Top).set_num_format("@");
    // numbers and dates centred: never flush against the next column's text
    let date = Format::new()
        .set_unlocked()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Center);
    let number = Format::new().set_unlocked().set_align(FormatAlign::Top).set_align(FormatAlign::Center);
    let apart =
        |f: &Format| f.clone().set_background_color(FILL).set_border(FormatBorder::Thin).set_border_color(BORDER);
    Formats {
        label: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top),
        head: Format::new().set_bold().set_text_wrap().set_background_color(0xDDEBF7).set_align(FormatAlign::Top),
        hint: Format::new().set_italic().set_text_wrap().set_font_color(0x595959).set_align(FormatAlign::Top),
        fill: [apart(&value), apart(&text), apart(&date), apart(&number)],
        value,
        text,
        date,
        number,
        locked: Format::new().set_align(FormatAlign::Top),
        date_locked: Format::new().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Top),
        required: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top).set_font_color(REQUIRED),
    }
}

/// The fill of the cells a unit fills on its sheet (light yellow), their borders' colour, and the
/// colour of a required row's label (dark red).
const FILL: u32 = 0xFFF2CC;
const BORDER: u32 = 0xBFBFBF;
const REQUIRED: u32 = 0xC00000;

/// The validation of a field's cells, with its input message.
fn validation(field: &Field) -> Result<DataValidation, XlsxError> {
    validation_with(field, field.hint)
}

/// The validation of a field's cells, with `hint` as its input message (the field's own when
/// `hint` is longer than Excel's 255 characters).
fn validation_with(field: &Field, hint: &str) -> Result<DataValidation, XlsxError> {
    let hint = if hint.chars().count() <= 255 { hint } else { field.hint };
    let v = match field.ty {
        Ty::Text | Ty::Lines => DataValidation::new().allow_any_value(),
        // Excel's whole-number validation stops at i32; the reader takes the contract's bounds
        Ty::Int(lo, hi) => DataValidation::new().allow_whole_number(DataValidationRule::Between(
            i32::try_from(lo).unwrap_or(i32::MIN),
            i32::try_from(hi).unwrap_or(i32::MAX),
        )),
        Ty::Date => DataValidation::new().allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        )),
        Ty::Bool => DataValidation::new().allow_list_strings(&["có", "không"])?,
        Ty::Choice(choices) => {
            let labels: Vec<&str> = choices.iter().map(|(_, l)| *l).collect();
            DataValidation::new().allow_list_strings(&labels)?
        }
        Ty::Set(options) => {
            let labels: Vec<&str> = options.iter().map(|(_, l)| *l).collect();
            DataValidation::new().allow_list_strings(&labels)?
        }
    };
    let title: String = field.label.chars().take(32).collect();
    v.set_input_title(title)?.set_input_message(hint)?.set_error_message(format!("{}: {}", field.label, field.hint))
}

/// The format of a cell the unit fills: a date's, a text's, or a value's.
fn cell_format<'a>(field: &Field, f: &'a Formats) -> &'a Format {
    match field.ty {
        Ty::Date => &f.date,
        Ty::Text | Ty::Lines => &f.text,
        Ty::Int(..) => &f.number,
        _ => &f.value,
    }
}

/// The format of a cell the unit fills on its own sheet: as [`cell_format`], set apart.
fn unit_format<'a>(field: &Field, f: &'a Formats) -> &'a Format {
    match field.ty {
        Ty::Date => &f.fill[2],
        Ty::Text | Ty::Lines => &f.fill[1],
        Ty::Int(..) => &f.fill[3],
        _ => &f.fill[0],
    }
}

/// Writes `v` (the field's JSON value) into a cell the unit fills.
fn put(ws: &mut Worksheet, row: u32, col: u16, field: &Field, v: Option<&Value>, f: &Formats) -> Result<(), XlsxError> {
    put_with(ws, row, col, field, v, cell_format(field, f))
}

/// Writes `v` (the field's JSON value) into a cell of format `fmt`.
fn put_with(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    field: &Field,
    v: Option<&Value>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match (field.ty, v) {
        (_, None | Some(Value::Null)) => {
            ws.write_blank(row, col, fmt)?;
        }
        (Ty::Int(..), Some(Value::Number(n))) => {
            ws.write_number_with_format(row, col, n.as_f64().unwrap_or(0.0), fmt)?;
        }
        (Ty::Date, Some(Value::String(s))) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => {
                use chrono::Datelike as _;
                let date = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                ws.write_datetime_with_format(row, col, &date, fmt)?;
            }
            Err(_) => {
                ws.write_string_with_format(row, col, s, fmt)?;
            }
        },
        (Ty::Bool, Some(Value::Bool(b))) => {
            ws.write_string_with_format(row, col, if *b { "có" } else { "không" }, fmt)?;
        }
        (Ty::Choice(choices), Some(Value::String(s))) => {
            let label = choices.iter().find(|(c, _)| c == s).map_or(s.as_str(), |(_, l)| l);
            ws.write_string_with_format(row, col, label, fmt)?;
        }
        (Ty::Set(options), Some(Value::Array(items))) => {
            let mut given: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            given.sort_unstable();
            let label = options.iter().find(|(values, _)| {
                let mut v = values.to_vec();
                v.sort_unstable();
                v == given
            });
            match label {
                Some((_, l)) => ws.write_string_with_format(row, col, *l, fmt)?,
                // an empty set is an empty cell
                None if given.is_empty() => ws.write_blank(row, col, fmt)?,
                None => ws.write_string_with_format(row, col, given.join("; "), fmt)?,
            };
        }
        (Ty::Lines, Some(Value::Array(items))) => {
            let lines: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            ws.write_string_with_format(row, col, lines.join("\n"), fmt)?;
        }
        (_, Some(Value::String(s))) => {
            ws.write_string_with_format(row, col, s, fmt)?;
        }
        (_, Some(other)) => {
            ws.write_string_with_format(row, col, other.to_string(), fmt)?;
        }
    }
    Ok(())
}

/// The lines a text takes in a column `width` characters wide (wrapped), at least one.
fn lines_needed(text: &str, width: usize) -> usize {
    text.split('\n').map(|l| l.chars().count().div_ceil(width.max(1)).max(1)).sum::<usize>().max(1)
}

/// A value as the text its cell shows, to size its row.
fn shown(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n"),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Sets a row's height for the lines its cells take (wrapped text does not grow a row by
/// itself in every program): 15 points a line.
fn fit_row(ws: &mut Worksheet, row: u32, lines: usize) -> Result<(), XlsxError> {
    if lines > 1 {
        ws.set_row_height(row, 15.0 * lines as f64)?;
    }
    Ok(())
}

/// Printing: A4 landscape, a page wide, the header row on every page.
fn print_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The paths of the unit sheet's rows (and of each table's columns, `array[].field`) that a
/// report of `kind` requires whatever else it says: what the checks say is missing from an empty
/// report, and from a table's empty row. The one source of it is the checks themselves.
fn required(kind: Kind) -> Vec<String> {
    let mut blank = serde_json::json!({ "kind": kind.name() });
    for table in layout(kind).tables.iter().filter(|t| !t.array.contains("[]")) {
        blank[table.array] = serde_json::json!([{}]);
    }
    crate::input::check_form(&blank)
        .errors
        .into_iter()
        .filter(|p| p.message == crate::messages::required())
        .filter_map(|p| match p.place {
            crate::input::Place::Path(path) => Some(path.replace("[0]", "[]")),
            _ => None,
        })
        .collect()
}

/// What a row's hint says besides the field's own: required, given by the batch's defaults (the
/// Sở fills it), carried over from last period.
fn hint(field: &Field, required: bool, given: bool, carried: bool) -> String {
    let mut h = String::new();
    if given {
        h.push_str("Sở điền (dữ liệu chung của đợt báo cáo): để trống. ");
    } else if required {
        h.push_str("Bắt buộc. ");
    }
    if carried {
        h.push_str("Chép từ kỳ trước: kiểm tra lại. ");
    }
    h.push_str(field.hint);
    h
}

/// Every hint a row of `field` may say in a form baocao wrote.
pub(super) fn hints(field: &Field) -> impl Iterator<Item = String> + '_ {
    [(false, false), (true, false), (false, true)]
        .into_iter()
        .flat_map(move |(required, given)| [false, true].map(|carried| hint(field, required, given, carried)))
}

/// The workbook of `kind`, pre-filled with `from` (a unit's input, its defaults left out); when
/// `carried` says `from` is last period's report moved on, the form says so (the kind's row, and
/// each row carried over) and keeps the source's number and date in hidden rows. Each row's hint
/// says whether it is required, or given by `defaults` (a batch's: the Sở fills it).
pub fn form(
    kind: Kind,
    from: Option<&Value>,
    carried: Option<&Carried>,
    defaults: Option<&Value>,
) -> Result<Vec<u8>, FormError> {
    let required = required(kind);
    if let Some(found) = from.and_then(|v| v.get("kind")).and_then(Value::as_str) {
        if found != kind.name() {
            return Err(FormError::Kind { expected: kind.name(), found: found.to_owned() });
        }
    }
    let form = layout(kind);
    let f = formats();
    let mut book = Workbook::new();
    // no clock in the file: the same form, the same bytes
    let fixed = ExcelDateTime::from_ymd(2020, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&fixed).set_author("baocao"));

    // Đơn vị: a row a field
    let ws = book.add_worksheet().set_name(UNIT_SHEET)?;
    for (c, h) in UNIT_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.head)?;
    }
    ws.write_string_with_format(1, 0, KIND_LABEL, &f.label)?;
    ws.write_string_with_format(1, 1, super::layout::kind_label(kind), &f.locked)?;
    let kind_hint = match carried {
        Some(c) => format!("Không sửa dòng này. {}", c.summary()),
        None => "Không sửa dòng này.".to_owned(),
    };
    ws.write_string_with_format(1, 2, &kind_hint, &f.hint)?;
    ws.write_string(1, 3, "kind")?;
    fit_row(ws, 1, lines_needed(&kind_hint, 60))?;
    let mut next_row = 2;
    for (row, field) in (2..).zip(form.unit.iter().flat_map(|p| p.iter())) {
        next_row = row + 1;
        let must = required.iter().any(|r| r == field.path);
        ws.write_string_with_format(row, 0, field.label, if must { &f.required } else { &f.label })?;
        put_with(ws, row, 1, field, from.and_then(|v| get(v, field.path)), unit_format(field, &f))?;
        let hint = hint(
            field,
            must,
            defaults.and_then(|d| get(d, field.path)).is_some(),
            carried.is_some() && from.and_then(|v| get(v, field.path)).is_some(),
        );
        ws.write_string_with_format(row, 2, &hint, &f.hint)?;
        ws.write_string(row, 3, field.path)?;
        ws.add_data_validation(row, 1, row, 1, &validation(field)?)?;
        let value = shown(from.and_then(|v| get(v, field.path)));
        let lines = lines_needed(field.label, 34).max(lines_needed(&value, 48)).max(lines_needed(&hint, 60));
        fit_row(ws, row, lines)?;
    }
    // the source's number and date (hidden, locked), when carried from last period's report
    for field in SOURCE {
        let Some(v) = carried.and(from).and_then(|v| get(v, field.path)) else { continue };
        ws.write_string_with_format(next_row, 0, field.label, &f.label)?;
        let fmt = if field.ty == Ty::Date { &f.date_locked } else { &f.locked };
        put_with(ws, next_row, 1, field, Some(v), fmt)?;
        ws.write_string_with_format(next_row, 2, field.hint, &f.hint)?;
        ws.write_string(next_row, 3, field.path)?;
        ws.set_row_hidden(next_row)?;
        next_row += 1;
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 48)?;
    ws.set_column_width(2, 60)?;
    ws.set_column_hidden(3)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws)?;
    ws.protect();

    // the tables
    for table in form.tables {
        let ws = book.add_worksheet().set_name(table.sheet)?;
        let head_required = f.head.clone().set_font_color(REQUIRED);
        for (c, field) in table.columns.iter().enumerate() {
            let c = c as u16;
            let path = format!("{}[].{}", table.array, field.path);
            let must = required.contains(&path);
            ws.write_string_with_format(0, c, field.label, if must { &head_required } else { &f.head })?;
            let h = hint(field, must, false, false);
            ws.add_data_validation(1, c, TABLE_ROWS, c, &validation_with(field, &h)?)?;
            let fmt = cell_format(field, &f);
            ws.set_column_format(c, fmt)?;
            ws.set_column_width(c, if matches!(field.ty, Ty::Text | Ty::Lines) { 36 } else { 16 })?;
        }
        let items = table_items(from, table.array);
        for (i, item) in items.iter().enumerate() {
            let r = i as u32 + 1;
            let mut lines = 1;
            for (c, field) in table.columns.iter().enumerate() {
                put(ws, r, c as u16, field, get(item, field.path), &f)?;
                let width = if matches!(field.ty, Ty::Text | Ty::Lines) { 36 } else { 16 };
                lines = lines.max(lines_needed(&shown(get(item, field.path)), width));
            }
            fit_row(ws, r, lines)?;
        }
        ws.set_row_height(0, 32)?;
        ws.set_freeze_panes(1, 0)?;
        print_setup(ws)?;
        ws.protect();
    }

    // the lists of paragraphs (the kinds that have any)
    let Some((sheet, lists)) = form.lists else { return Ok(book.save_to_buffer()?) };
    let ws = book.add_worksheet().set_name(sheet)?;
    let mut heights: Vec<usize> = Vec::new();
    for (c, field) in lists.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, field.label, &f.head)?;
        ws.add_data_validation(1, c, TABLE_ROWS, c, &validation(field)?)?;
        ws.set_column_format(c, &f.text)?;
        ws.set_column_width(c, 70)?;
        let items = from.and_then(|v| v.get(field.path)).and_then(Value::as_array).cloned().unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            put(ws, i as u32 + 1, c, field, Some(item), &f)?;
            if heights.len() <= i {
                heights.resize(i + 1, 1);
            }
            heights[i] = heights[i].max(lines_needed(&shown(Some(item)), 70));
        }
    }
    for (i, lines) in heights.into_iter().enumerate() {
        fit_row(ws, i as u32 + 1, lines)?;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws)?;
    ws.protect();
    Ok(book.save_to_buffer()?)
}

/// The items of a table's array in `from`; for a nested array (`systems[].findings`), every
/// item with its parent's `name`.
pub(super) fn table_items(from: Option<&Value>, array: &str) -> Vec<Value> {
    let Some(from) = from else { return Vec::new() };
    match array.split_once("[].") {
        None => from.get(array).and_then(Value::as_array).cloned().unwrap_or_default(),
        Some((parent, child)) => from
            .get(parent)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|p| {
                let name = p.get("name").cloned().unwrap_or(Value::Null);
                p.get(child).and_then(Value::as_array).cloned().unwrap_or_default().into_iter().map(move |mut item| {
                    if let Some(o) = item.as_object_mut() {
                        o.insert("name".to_owned(), name.clone());
                    }
                    item
                })
            })
            .collect(),
    }
}
