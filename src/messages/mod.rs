//! One place for the messages baocao prints (issue 25, issue 28): the same mistake is told in the
//! same words wherever it is found, in the user's language.
//!
//! Languages (issue 28): Vietnamese by default on the command line, English with `--lang en`, `BAOCAO_LANG=en` or
//! `lang = "en"` in the settings file. A message is written once, in English, with [`tr!`]: its
//! English text is its key, as in gettext, and it is looked up in the Vietnamese catalogue
//! ([`vi`], one table of English text → Vietnamese text, `{name}` placeholders filled by name). The
//! English text is checked by the compiler (`format!`: every placeholder has its value, every value
//! its placeholder); `tests/messages.rs` checks that every `tr!` of the source has its Vietnamese
//! entry with the same placeholders, and that the catalogue holds nothing else. Why a plain table
//! rather than Fluent: Vietnamese has no plural forms and the English messages are written without
//! them, so Fluent's selectors would carry nothing; a table of pairs needs no parser at run time
//! (a catalogue cannot fail to load) and is read by a translator as it is.

use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};

pub mod vi;

/// The language of the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Tiếng Việt, the default.
    Vi,
    /// English (`--lang en`).
    En,
}

impl Lang {
    /// `vi` or `en` (and `tiếng việt`, `english`, any case); `None` for anything else.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_lowercase().as_str() {
            "vi" | "vie" | "vi-vn" | "vi_vn" | "tiếng việt" | "tieng viet" | "vietnamese" => Some(Lang::Vi),
            "en" | "eng" | "en-us" | "en_us" | "en-gb" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Sets the language of every message from now on (the command line does, once, before it says
/// anything).
pub fn set_lang(lang: Lang) {
    LANG.store(u8::from(lang == Lang::Vi), Ordering::Relaxed);
}

/// The language of the messages: the one set. The command line always sets one (Vietnamese
/// unless told otherwise, `cli::main`); a program using this library as such is English unless it
/// sets one, as its tests are.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::Vi,
        _ => Lang::En,
    }
}

/// A message in the user's language: `tr!("{value} is not a public address", value)` or
/// `tr!("… {n} …", n = count)`. The first argument is the English text (a literal, its
/// placeholders `{name}` only, no format specs), then each placeholder's value, by its name alone
/// when a variable of that name holds it.
macro_rules! tr {
    (@value $name:ident) => {
        $name
    };
    (@value $name:ident $value:expr) => {
        $value
    };
    ($en:literal $(,)?) => {
        match $crate::messages::lang() {
            $crate::messages::Lang::En => ::std::format!($en),
            $crate::messages::Lang::Vi => $crate::messages::fill($crate::messages::vi::text($en), &[]),
        }
    };
    ($en:literal, $($name:ident $(= $value:expr)?),+ $(,)?) => {
        match $crate::messages::lang() {
            $crate::messages::Lang::En => {
                ::std::format!($en, $($name = $crate::messages::tr!(@value $name $($value)?)),+)
            }
            $crate::messages::Lang::Vi => $crate::messages::fill(
                $crate::messages::vi::text($en),
                &[$((::std::stringify!($name), &$crate::messages::tr!(@value $name $($value)?) as &dyn ::std::fmt::Display)),+],
            ),
        }
    };
}
pub(crate) use tr;

/// `template` with each `{name}` replaced by its value (`{{` and `}}` are braces). In Vietnamese a
/// value that is a date as ISO 8601 writes it (`2025-10-13`, what baocao states, never a value
/// quoted as typed, which has its quotes) is written as a Vietnamese reader writes it
/// (`13/10/2025`).
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            let name = &tail[1..end];
            if let Some((_, value)) = values.iter().find(|(n, _)| *n == name) {
                out.push_str(&said(value.to_string()));
                rest = &tail[end + 1..];
                continue;
            }
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// A value in a Vietnamese message as a Vietnamese reader reads it: a date or a time baocao states
/// (ISO 8601, RFC 3339) as `13/10/2025`, `09:15:30 ngày 20/05/2020 (UTC+07:00)`; a JSON path in
/// words beside it (`hệ thống thứ 1 (systems[0])`); an operating system's error (`No such file or
/// directory (os error 2)`, which the OS says in English) in Vietnamese. A value quoted as typed
/// has its quotes and is none of these.
fn said(value: String) -> String {
    if let Some(d) = iso_date(&value) {
        return d;
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&value) {
        return format!("{} ngày {} (UTC{})", t.format("%H:%M:%S"), t.format("%d/%m/%Y"), t.format("%:z"));
    }
    // a decimal number baocao states (`0.1` seconds) with the decimal comma
    let (whole, fraction) = value.split_once('.').unwrap_or(("", ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(whole) && digits(fraction) {
        return format!("{whole},{fraction}");
    }
    let path_like = value.contains(['[', '.'])
        && value.split('.').all(|part| {
            let name = part.split('[').next().unwrap_or_default();
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
    if path_like {
        if let Some(words) = vi::places::place(&value) {
            return format!("{words} ({value})");
        }
    }
    os_errors(value)
}

/// The operating system's errors, as Rust writes them (`{strerror} (os error N)`), in Vietnamese;
/// a temporary file's `at path "…"` said so too.
fn os_errors(mut value: String) -> String {
    const ERRORS: &[(&str, &str)] = &[
        ("Operation not permitted (os error 1)", "không được phép (lỗi hệ điều hành 1)"),
        ("No such file or directory (os error 2)", "không có tệp hoặc thư mục này"),
        ("Input/output error (os error 5)", "lỗi đọc ghi của thiết bị (lỗi hệ điều hành 5)"),
        ("Permission denied (os error 13)", "không có quyền truy cập"),
        ("File exists (os error 17)", "đã có"),
        ("Not a directory (os error 20)", "không phải thư mục"),
        ("Is a directory (os error 21)", "là một thư mục"),
        ("Too many open files (os error 24)", "quá nhiều tệp đang mở"),
        ("File too large (os error 27)", "tệp quá lớn"),
        ("No space left on device (os error 28)", "đĩa đã đầy"),
        ("Read-only file system (os error 30)", "hệ thống tệp chỉ cho đọc"),
        ("Broken pipe (os error 32)", "đầu nhận đã đóng"),
        ("File name too long (os error 36)", "tên tệp quá dài"),
        ("Directory not empty (os error 39)", "thư mục không trống"),
        ("Disk quota exceeded (os error 122)", "vượt hạn mức dung lượng đĩa"),
        ("Network is unreachable (os error 101)", "không tới được mạng"),
        ("Connection reset by peer (os error 104)", "máy chủ đã ngắt kết nối"),
        ("Connection timed out (os error 110)", "hết thời gian chờ kết nối"),
        ("Connection refused (os error 111)", "máy chủ từ chối kết nối"),
        ("No route to host (os error 113)", "không có đường tới máy chủ"),
        (
            "failed to lookup address information: Name or service not known",
            "không tìm thấy máy chủ (tên miền không tồn tại)",
        ),
        (
            "failed to lookup address information: Temporary failure in name resolution",
            "tạm thời không tra được tên máy chủ (DNS)",
        ),
        ("invalid Zip archive: Could not find EOCD", "tệp hỏng, hoặc không phải tệp nén (.xlsx là một tệp nén)"),
        ("invalid Zip archive: Invalid zip header", "tệp hỏng, hoặc không phải tệp nén (.xlsx là một tệp nén)"),
        ("invalid Zip archive", "tệp nén bị hỏng"),
        // chrono's reasons a date or a time is not read
        ("input contains invalid characters", "có ký tự không hợp lệ"),
        ("input is out of range", "ngày hoặc giờ không có thật"),
        ("trailing input", "thừa ký tự ở cuối"),
        ("premature end of input", "thiếu phần cuối (ví dụ múi giờ +07:00)"),
        ("input is not enough for unique date and time", "chưa đủ ngày và giờ"),
        // the readers of images, keys and PDFs
        ("Invalid PNG signature.", "không phải tệp PNG"),
        ("MAC tag mismatch", "sai mật khẩu, hoặc tệp hỏng"),
        ("couldn't parse input: invalid file header", "phần đầu tệp không phải của một tệp PDF"),
        // the workbook's XML reader and cell references (a hostile review of the forms)
        ("cannot decode input using UTF-8: invalid utf-8 sequence of ", "không giải mã được theo UTF-8: chuỗi "),
        (" bytes from index ", " byte không hợp lệ tại vị trí "),
        ("Range is missing the expected row component.", "địa chỉ vùng ô thiếu số dòng"),
        ("Range is missing the expected column component.", "địa chỉ vùng ô thiếu tên cột"),
    ];
    for (en, vi) in ERRORS {
        if value.contains(en) {
            value = value.replace(en, vi);
        }
    }
    if let Some(i) = value.find(" at path ") {
        value = format!("{} (tại {})", &value[..i], &value[i + " at path ".len()..]);
    }
    value
}

/// A whole line in the user's language where its words are the operating system's or a
/// library's (a reason baocao passes on as it was given): Vietnamese for those it knows.
pub fn system_words(line: &str) -> String {
    match lang() {
        Lang::Vi => os_errors(line.to_owned()),
        Lang::En => line.to_owned(),
    }
}

/// A date baocao states (`2025-10-13`, as ISO 8601 writes it) as the user's language writes it:
/// `13/10/2025` in Vietnamese (as [`fill`] writes a value that is such a date).
pub fn date(iso: &str) -> String {
    match lang() {
        Lang::Vi => iso_date(iso).unwrap_or_else(|| iso.to_owned()),
        Lang::En => iso.to_owned(),
    }
}

/// `2025-10-13` as `13/10/2025`; `None` for anything else.
fn iso_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10))
        .then(|| format!("{}/{}/{}", &s[8..10], &s[5..7], &s[0..4]))
}

/// A line as it is printed, in the user's language: the word it starts with (`error:` → `lỗi:`,
/// `warning:` → `cảnh báo:`, `note:` → `ghi chú:`), and the operating system's and libraries'
/// reasons it passes on ([`system_words`]).
pub fn severity(line: &str) -> std::borrow::Cow<'_, str> {
    if lang() == Lang::En {
        return line.into();
    }
    let line = os_errors(line.to_owned());
    for (en, vi) in [("error:", "lỗi:"), ("warning:", "cảnh báo:"), ("note:", "ghi chú:")] {
        if let Some(rest) = line.strip_prefix(en) {
            return format!("{vi}{rest}").into();
        }
    }
    line.into()
}

/// A required field left out (JSON) or left blank (a form).
pub fn required() -> String {
    tr!("required field is missing")
}

/// An existing signed PDF where a file is to be written.
pub fn signed_not_replaced(path: &Path) -> String {
    tr!(
        "{path} exists and is a signed PDF: not replaced (give --force to replace it, or choose another -o folder)",
        path = path.display()
    )
}

/// Anything but a regular file where a file is to be written.
pub fn not_a_regular_file(path: &Path) -> String {
    tr!(
        "{path} exists and is not a regular file (a link, a device, a FIFO or a folder): not replaced",
        path = path.display()
    )
}

/// A report issued again under the number and date of the report its form was made from.
pub fn same_as_source(number: &serde_json::Value, date: &str) -> String {
    tr!(
        "{number} and date {date} are those of last period's report, which this form was made from; give this report its own number and date (or leave both blank for the clerk)",
        number,
        date
    )
}

/// A report dated before the data period it covers ends (the annual report's, and issue 26: a
/// văn thư's check on every report).
pub fn dated_before_data_end(date: &str, from: &str, to: &str) -> String {
    tr!("{date} is before the data period ends ({to}): the report covers {from} to {to}", date, from, to)
}

/// An assessment report dated before one of the assessments it reports on ends.
pub fn dated_before_assessed(date: &str, to: &str) -> String {
    tr!(
        "the report is dated {date}, before this assessment ends ({to}); check the report's date or the assessment's",
        date,
        to
    )
}

/// A unit one of many of its kind (a Cục, a Vụ, a Văn phòng) with no parent: running text would
/// name it alone, not saying whose it is.
pub fn subordinate_alone(name: &str) -> String {
    tr!(
        "{name} is one of many units of its kind: running text would name it alone, not saying whose it is; give issuer.parent (e.g. \"Bộ Y tế\") or issuer.full_name",
        name
    )
}

/// A parent that is a provincial department naming no province (quoted): running text would name
/// the unit with no place.
pub fn parent_without_place(parent: &str) -> String {
    tr!(
        "{parent} names no province, so running text would not say where the unit is; give the parent with its place (e.g. \"Sở Nông nghiệp và Môi trường tỉnh Gia Lai\") or issuer.full_name",
        parent
    )
}

/// The period after the last one the contract takes.
pub fn period_beyond(from: &str, to: &str) -> String {
    tr!("period: the period after {from} would be {to}, beyond the contract's years (2000–2100)", from, to)
}

/// The Excel form's reader (issue 17, issue 25): what a workbook may not be or hold.
pub mod form {
    /// An encrypted workbook, or an old `.xls`.
    pub fn encrypted() -> String {
        tr!(
            "the workbook is encrypted (opened with a password) or in the old .xls format: remove the password (Excel: File > Info > Protect Workbook; LibreOffice: File > Properties > Security) and save it as .xlsx"
        )
    }
    /// The headers not in the first row.
    pub fn no_headers() -> String {
        tr!("the first row holds no column headers; the headers must be in the first row (was a row inserted above them?)")
    }
    /// What a formula without a saved result needs, after where it is.
    pub fn save_it() -> String {
        tr!("open and save the workbook in Excel or LibreOffice, or type the value")
    }

    /// Not a zip, or not a workbook.
    pub fn not_a_workbook(e: impl std::fmt::Display) -> String {
        tr!("not an Excel workbook (.xlsx) that can be read: {e}", e)
    }
    /// A sheet of the form missing; `found` the sheets there are.
    pub fn no_sheet(name: &str, found: &[String]) -> String {
        tr!(
            "no sheet '{name}' (the sheets are {sheets}); is it a form written by baocao form, its sheets not renamed?",
            name,
            sheets = quoted(found)
        )
    }
    /// Two sheets that both read as one of the form's.
    pub fn sheets_alike(alike: &[String], name: &str) -> String {
        tr!("the sheets {sheets} all read as '{name}'; keep one", sheets = quoted(alike), name)
    }
    /// A sheet calamine cannot read.
    pub fn sheet_unreadable(name: &str, e: impl std::fmt::Display) -> String {
        tr!("sheet '{name}' cannot be read: {e}", name, e)
    }
    /// A formula saved without its result.
    pub fn formula_unsaved(formula: &str) -> String {
        if formula.is_empty() {
            tr!("a formula (shared with another cell) without a saved result; {save_it}", save_it = save_it())
        } else {
            tr!("a formula (={formula}) without a saved result; {save_it}", formula, save_it = save_it())
        }
    }
    /// A cell an array formula covers, saved without its result.
    pub fn array_unsaved() -> String {
        tr!("a cell of an array formula without a saved result")
    }
    /// The kind's row holding something else.
    pub fn unknown_kind(label: &str, found: &str, kinds: &[String]) -> String {
        tr!("{label}: expected {kinds}, found {found}", label, kinds = kinds.join(", "), found = format!("{found:?}"))
    }
    /// No kind's row.
    pub fn no_kind_row(label: &str) -> String {
        tr!("no '{label}' row; is it a form written by baocao form?", label)
    }
    /// A row of the unit sheet the form does not have.
    pub fn unknown_row(label: &str) -> String {
        tr!("unknown row {label}; the form's rows are its own", label)
    }
    /// A row of the unit sheet whose label (and hidden key) were cleared, its value kept.
    pub fn row_without_label(value: &str) -> String {
        tr!(
            "a row without its label holds {value}: give the row its label back (or undo the change), as the form wrote it",
            value
        )
    }
    /// A row given twice (copied with its hidden key).
    pub fn row_twice(label: &str, first: &str, here: &str) -> String {
        tr!("{label}: given twice, in {first} and {here}; keep one", label, first, here)
    }
    /// A column given twice.
    pub fn column_twice(label: &str, first: &str, here: &str) -> String {
        tr!(
            "the column {label} is given twice, in {first} and {here}; keep one",
            label = format!("{label:?}"),
            first,
            here
        )
    }
    /// A column whose header was cleared while it holds data.
    pub fn headerless_column(value: &str, at: &str) -> String {
        tr!(
            "a column without a header holds {value} (in {at}); give the column its header back, or empty it",
            value,
            at
        )
    }
    /// A header the form does not have.
    pub fn unknown_column(label: &str, known: &[&str]) -> String {
        tr!("unknown column {label}; the columns are: {known}", label = format!("{label:?}"), known = known.join(", "))
    }
    /// A sheet that is not the form's, holding something.
    pub fn extra_sheet(name: &str) -> String {
        tr!(
            "the sheet '{name}' is not one of the form's, and what it holds would be lost: move it into the form's sheets, or delete the sheet",
            name
        )
    }
    /// Merged cells in a form's sheet.
    pub fn merged(first: &str, last: &str) -> String {
        tr!(
            "the cells {first} to {last} are merged: a merged cell keeps its value in its first cell only, the others read as empty; unmerge them and give each cell its value",
            first,
            last
        )
    }
    /// A finding naming a system the systems' sheet does not have.
    pub fn not_a_system(name: &str) -> String {
        tr!("{name} is not a system of the sheet 'Hệ thống'", name = format!("{name:?}"))
    }
    /// A workbook unzipping to more than the limit.
    pub fn zip_bomb(limit: u64) -> String {
        tr!(
            "the workbook unzips to more than {limit} bytes ({mib} MiB): refused as a zip bomb",
            limit,
            mib = limit / (1024 * 1024)
        )
    }
    /// A sheet reaching beyond a form's rows or columns.
    pub fn too_far(sheet: &str, at: &str, rows: u64, columns: u64) -> String {
        tr!(
            "the sheet '{sheet}' reaches {at}; a form's sheet has at most {rows} rows and {columns} columns",
            sheet,
            at,
            rows,
            columns
        )
    }
    /// A sheet listing its merged cells twice.
    pub fn merge_lists_twice(sheet: &str) -> String {
        tr!("the sheet '{sheet}' lists its merged cells twice; a sheet has one list", sheet)
    }
    /// A workbook listing more sheets than a form could have.
    pub fn too_many_sheets(limit: usize) -> String {
        tr!("the workbook lists more than {limit} sheets; a form has six at most", limit)
    }
    /// A sheet listing more merged regions than a form could have.
    pub fn too_many_merged(sheet: &str, limit: usize) -> String {
        tr!("the sheet '{sheet}' lists more than {limit} merged regions; a form has none", sheet, limit)
    }
    /// A sheet of more array formulas than a form could have.
    pub fn too_many_array_formulas(sheet: &str, limit: usize) -> String {
        tr!("the sheet '{sheet}' holds more than {limit} array formulas; a form holds none", sheet, limit)
    }
    /// A cell whose XML no spreadsheet program writes so (two values, a value before its
    /// formula, a cell in a cell).
    pub fn cell_spelt_oddly(cell: &str) -> String {
        tr!(
            "{cell}: the cell holds its value or formula twice, or out of order, as no spreadsheet program writes it; save the workbook again with Excel or LibreOffice, or type the value again",
            cell
        )
    }
    /// An element of a sheet's cells or of the shared strings out of its place or namespace.
    pub fn element_out_of_place(place: &str, name: &str) -> String {
        tr!(
            "{place}: the element <{name}> is not where a spreadsheet program writes it (one program would read it, another not); save the workbook again with Excel or LibreOffice",
            place,
            name
        )
    }
    /// A cell whose type and content programs read otherwise.
    pub fn cell_type(cell: &str, kind: &str) -> String {
        tr!(
            "{cell}: the cell's type ({kind}) does not fit what it holds, and programs would read it otherwise; type the value again in Excel or LibreOffice",
            cell,
            kind = format!("{kind:?}")
        )
    }
    /// Text holding an escape `_xHHHH_`.
    pub fn escape_in_text(place: &str, escape: &str) -> String {
        tr!(
            "{place}: the text holds {escape}, which Excel reads as one character and LibreOffice as typed; type the character itself",
            place,
            escape
        )
    }
    /// A number shown in a format that shows it otherwise than it is held.
    pub fn number_format(number: &str, code: &str) -> String {
        tr!(
            "the cell holds {number} but its format ({code}) shows it otherwise, and the report would print what it holds; give the cell the format General or Text (a date: dd/mm/yyyy) and type the value as the report should say it",
            number,
            code
        )
    }
    /// A text shown in a format that shows it otherwise than it is held.
    pub fn text_format(code: &str) -> String {
        tr!(
            "the cell's format ({code}) shows its text otherwise than it holds, and the report would print what it holds; format the cell as General or Text",
            code
        )
    }
    /// A number in a text field in a format that decorates it.
    pub fn decorated_number(found: &str) -> String {
        tr!(
            "expected text, found the number {found} in a number format that shows it otherwise (thousands, decimals), which the report would print as held; type the text as it should read, in a cell formatted as Text",
            found
        )
    }
    /// Conditional formats with number formats of their own.
    pub fn conditional_number_format() -> String {
        tr!(
            "a conditional format of the workbook shows numbers in a number format of its own, so a cell may show otherwise than it holds; remove the conditional formatting"
        )
    }
    /// A value on the unit sheet beyond its columns.
    pub fn outside_columns(found: &str) -> String {
        tr!(
            "{found} is beyond the form's columns and would not be read; type the value in column B (Nội dung) of its row, or clear the cell",
            found
        )
    }
    /// A hint of the unit sheet typed over.
    pub fn hint_changed(label: &str) -> String {
        tr!(
            "the hint of {label} (column C, Hướng dẫn) is not the form's: column C is not read, the value of the row goes in column B (Nội dung)",
            label
        )
    }
    /// A relationship of the workbook to a part named otherwise than programs name it.
    pub fn odd_target(target: &str) -> String {
        tr!(
            "the workbook names a part {target}, which programs would take for different parts; save the workbook again with Excel or LibreOffice",
            target = format!("{target:?}")
        )
    }
    /// A row of the unit sheet whose label is another field's.
    pub fn label_of_another(label: &str, read_as: &str) -> String {
        tr!(
            "the row is labelled {label} but its hidden key reads it as {read_as} (were rows' keys changed?); make the form again with baocao form",
            label = format!("{label:?}"),
            read_as = format!("{read_as:?}")
        )
    }
    /// A row of the unit sheet whose label is no field's.
    pub fn label_changed(label: &str, read_as: &str) -> String {
        tr!(
            "the row is labelled {label}, not as the form labels it; it is read as {read_as}",
            label = format!("{label:?}"),
            read_as = format!("{read_as:?}")
        )
    }
    /// A part of a workbook in UTF-16.
    pub fn utf16(part: &str) -> String {
        tr!(
            "the workbook's {part} is written in UTF-16, which baocao does not read; save the workbook again with Excel or LibreOffice (they write UTF-8)",
            part
        )
    }
    /// Two parts of a workbook of one name as calamine looks them up.
    pub fn parts_alike(first: &str, second: &str) -> String {
        tr!(
            "the workbook holds two parts of one name, {first} and {second} (they differ only in case or slashes): which one a program reads is not for baocao to guess; save the workbook again with Excel or LibreOffice",
            first = format!("{first:?}"),
            second = format!("{second:?}")
        )
    }
    /// A workbook whose main part is not where every spreadsheet program writes it.
    pub fn odd_workbook_part(target: &str) -> String {
        tr!(
            "the workbook's main part is {target}, not xl/workbook.xml as Excel and LibreOffice write it; save the workbook again with Excel or LibreOffice",
            target = format!("{target:?}")
        )
    }
    /// A workbook of two parts of shared strings.
    pub fn several_string_parts(parts: &[String]) -> String {
        tr!("the workbook holds shared strings in several parts ({parts}); a form has one", parts = parts.join(", "))
    }
    /// A workbook whose cells would hold more text than it may unzip to.
    pub fn text_too_large(limit: u64) -> String {
        tr!(
            "the workbook's cells hold more than {mib} MiB of text in all (a shared text repeated in many cells): a form holds less",
            mib = limit / (1024 * 1024)
        )
    }
    /// A workbook of more cells than a form's.
    pub fn too_many_cells_in_all(cells: u64) -> String {
        tr!("the workbook's sheets hold more than {cells} cells in all; a form holds at most {cells}", cells)
    }
    /// A sheet of more cells than a form's.
    pub fn too_many_cells(sheet: &str, cells: u64) -> String {
        tr!("the sheet '{sheet}' has more than {cells} cells; a form's sheet has at most {cells}", sheet, cells)
    }

    /// A cell's value of the wrong type (`expected` says what the field takes).
    pub fn expected(expected: &str, found: &str) -> String {
        tr!("expected {expected}, found {found}", expected, found)
    }
    /// A phone number stored as a number.
    pub fn phone_as_number(found: &str) -> String {
        tr!(
            "the cell holds the number {found}, which loses a phone number's leading 0: format the cell as Text and type the number again",
            found
        )
    }
    /// A whole number out of its field's range.
    pub fn outside(n: i64, lo: i64, hi: i64) -> String {
        tr!("{n} is outside {lo}–{hi}", n, lo, hi)
    }

    fn quoted(names: &[String]) -> String {
        names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
    }
}

/// An output named as a file of another kind (`form -o x.json` wrote a workbook under it).
pub fn not_named_as(flag: &str, path: &Path, extension: &str) -> String {
    tr!("{flag} {path}: the file written is .{extension}; name it so", flag, path = path.display(), extension)
}

/// An output that would replace one of the command's own inputs.
pub fn would_replace_input(flag: &str, path: &Path, input_flag: &str) -> String {
    tr!(
        "{flag} {path}: it is {input_flag}'s file, which would be replaced; choose another name",
        flag,
        path = path.display(),
        input_flag
    )
}

/// A PDF at an output's name too large to read through to tell whether it is signed.
pub fn pdf_too_large_to_tell(path: &Path, limit: u64) -> String {
    tr!(
        "{path} exists and is a PDF of more than {mib} MiB, too large to tell whether it is signed: not replaced (give --force to replace it, or choose another -o folder)",
        path = path.display(),
        mib = limit / (1024 * 1024)
    )
}

/// A unit of a batch reporting for the agency an earlier one reports for.
pub fn agency_twice(first: &str) -> String {
    tr!(
        "it reports for the same agency (name and parent) as {first}: the consolidated report would count it twice; keep one of them in the batch",
        first = format!("{first:?}")
    )
}

/// A batch folder's unit given twice under one name (`01.json` and `01.xlsx`).
pub fn unit_twice(others: &[String]) -> String {
    tr!(
        "the same unit is given again as {others}: it would be counted twice; keep one of them in the folder",
        others = others.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>().join(", ")
    )
}

/// Why an entry of a batch folder is not a unit (listed on stderr and in the manifest).
pub mod not_a_unit {
    /// `~$x.xlsx`, `.~lock.x#`.
    pub fn lock_file() -> String {
        tr!("the lock file Excel or LibreOffice keeps beside an open workbook, not a unit")
    }
    /// `.x.json`.
    pub fn hidden() -> String {
        tr!("a hidden file, not a unit")
    }
    /// `_x.json`.
    pub fn underscore() -> String {
        tr!("a name beginning with _ is not a unit (the folder's own files are _defaults.json and _consolidated.json)")
    }
    /// `x.txt`.
    pub fn extension() -> String {
        tr!("not a unit: a unit is a .json file or a filled form (.xlsx)")
    }
    /// An earlier run's manifest.
    pub fn manifest() -> String {
        tr!("baocao's own manifest of an earlier run, not a unit")
    }
}

/// A batch folder's unit where the run writes its manifest.
pub fn unit_at_manifest(path: &Path) -> String {
    tr!(
        "{path}: a unit where this run writes its manifest, which would replace it: rename the unit, or write elsewhere (-o)",
        path = path.display()
    )
}

/// A batch folder's unit saved in a format baocao does not read.
pub fn not_xlsx(extension: &str) -> String {
    tr!(
        "a spreadsheet saved as .{extension}, which baocao does not read: open it and save it as Excel Workbook (.xlsx), or write the unit's JSON",
        extension
    )
}

/// A batch unit whose file changed after it was checked and counted.
pub fn unit_changed() -> String {
    tr!(
        "the unit's file changed while the batch ran, after it was checked and counted: its report is not written; run the batch again"
    )
}

/// A recipient `Như trên` typed in `recipients` (quoted): the list prints it first of its own.
pub fn recipient_printed_first(typed: &str) -> String {
    tr!("{typed} is printed first of its own (it stands for the Kính gửi addressee); this one is left out", typed)
}

/// A recipient typed in `recipients` (quoted) that begins with `Như trên` and says more.
pub fn recipient_says_more_than_first(typed: &str) -> String {
    tr!(
        "{typed} begins with Như trên, which the list prints first of its own (it stands for the Kính gửi addressee): leave it out, or name the recipient",
        typed
    )
}

/// A recipient `Lưu: …` typed in `recipients` (quoted) that says what `archive` says.
pub fn recipient_archive_printed_last(typed: &str) -> String {
    tr!("{typed} is printed last of its own, from archive; this one is left out", typed)
}

/// A recipient `Lưu: …` typed in `recipients` that names another archive than `archive` does
/// (both quoted).
pub fn recipient_archive_differs(typed: &str, archive: &str) -> String {
    tr!(
        "{typed} names another archive than archive does ({archive}): the Lưu line is printed last from archive; give what it should say in archive, and leave it out of recipients",
        typed,
        archive
    )
}

/// `archive` typed with the word `Lưu` the line prints of its own (quoted).
pub fn archive_with_its_word(typed: &str) -> String {
    tr!("{typed}: the Lưu line prints `Lưu:` of its own; archive is what follows it, and is read so", typed)
}

/// A recipient (quoted) that is the addressee itself, whom `- Như trên;` already names.
pub fn recipient_is_addressee(typed: &str) -> String {
    tr!("{typed} is the addressee (Kính gửi), whom \"- Như trên;\" already names; it is printed once", typed)
}

/// Lớp 2 and Lớp 3 both done by the agency itself: the assessment is not independent.
pub fn self_assessed_self_monitored() -> String {
    tr!(
        "Lớp 3 is done in-house, as Lớp 2 is, so the assessment is not independent of the monitoring (CV 1552: an independent assessor); the report says so and counts no system as having Lớp 3"
    )
}

/// The agency is not connected to the national monitoring system, but a system is said to be.
pub fn system_connected_alone(name: &str) -> String {
    tr!(
        "{name} is said to be connected, but the agency is not (layers.national_connection.connected is false); the report counts it as not connected",
        name
    )
}

/// A public address inside an address block given for the same report (quoted both).
pub fn address_in_block(ip: &str, block: &str, at: &str) -> String {
    tr!("{ip} is inside {block} (at {at}); give the block or the address, not both", ip, block, at)
}

/// A system whose checks of one kind number none (`management` or `technical`).
pub fn no_checks(kind: &str) -> String {
    // one sentence a kind: the kind's word is placed otherwise in Vietnamese
    match kind {
        "management" => tr!(
            "no management requirement was checked (total 0): the report says so, and the system cannot be said to meet its level"
        ),
        "technical" => tr!(
            "no technical requirement was checked (total 0): the report says so, and the system cannot be said to meet its level"
        ),
        _ => tr!(
            "no {kind} requirement was checked (total 0): the report says so, and the system cannot be said to meet its level",
            kind
        ),
    }
}

/// A text whose spacing or punctuation was corrected: where first (a character number, and the
/// text around it, quoted), and the text as set (quoted).
pub fn tidied(at: usize, around: &str, set: &str) -> String {
    tr!(
        "doubled spaces or marks, or a space before a mark, from character {at} ({around}); the text is set as {set}",
        at,
        around,
        set
    )
}

/// A recipient given twice (quoted), and where it was first.
pub fn recipient_twice(typed: &str, first: &str) -> String {
    tr!("{typed} is the same recipient as {first}; it is printed once", typed, first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vietnamese_message_says_dates_times_paths_and_the_systems_errors_as_a_reader_reads_them() {
        let io = std::io::Error::from_raw_os_error(2);
        let tmp = format!("{} at path \"/sys/.baocao-1.tmp\"", std::io::Error::from_raw_os_error(13));
        let values: [(&str, &dyn std::fmt::Display); 7] = [
            ("d", &"2025-10-13"),
            ("t", &"2020-05-20T09:15:30+07:00"),
            ("p", &"systems[0].public_ips[1]"),
            ("e", &io),
            ("w", &tmp),
            ("f", &"a.json"),
            ("n", &"0.1"),
        ];
        assert_eq!(
            fill("{d} | {t} | {p} | {e} | {w} | {f} | {n} | {{x}}", &values),
            "13/10/2025 | 09:15:30 ngày 20/05/2020 (UTC+07:00) | hệ thống thứ 1, địa chỉ IP công khai thứ 2 (systems[0].public_ips[1]) | không có tệp hoặc thư mục này | không có quyền truy cập (tại \"/sys/.baocao-1.tmp\") | a.json | 0,1 | {x}"
        );
        // a value quoted as typed stays as typed
        let quoted: [(&str, &dyn std::fmt::Display); 1] = [("v", &"\"2025-10-13\"")];
        assert_eq!(fill("{v}", &quoted), "\"2025-10-13\"");
        // a workbook's reader's reasons (a hostile review of the forms: said in English)
        assert_eq!(
            os_errors("xl/worksheets/sheet3.xml: cannot decode input using UTF-8: invalid utf-8 sequence of 1 bytes from index 0".to_owned()),
            "xl/worksheets/sheet3.xml: không giải mã được theo UTF-8: chuỗi 1 byte không hợp lệ tại vị trí 0"
        );
        assert_eq!(
            os_errors("sheet 'Hệ thống': Range is missing the expected row component.".to_owned()),
            "sheet 'Hệ thống': địa chỉ vùng ô thiếu số dòng"
        );
    }
}
