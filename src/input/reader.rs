//! A small walker over a JSON value that reads typed fields and records every problem with its
//! JSON path, instead of stopping at the first (as serde would).

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::{Diag, MAX_ITEMS, MAX_STRING_CHARS};
use crate::messages::tr;
use crate::vn;

/// What a string field may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Text {
    /// A name, title, code or other one-line value: no control characters, no bidirectional or
    /// zero-width characters.
    Line,
    /// Free text (difficulties, proposals, …): a line feed starts a new line; other control
    /// characters are refused.
    Free,
    /// An agency name (`issuer.name`, `issuer.parent`): one line, but a line feed may choose
    /// where the header block breaks it (format.md); it reads as a space everywhere else.
    Name,
}

/// `a string "…"`, `an integer 7`, `an array`: how a found value is named in messages.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => tr!("the number {n}", n),
        Value::String(s) => tr!("the string {text}", text = quote(s)),
        Value::Array(_) => tr!("an array"),
        Value::Object(_) => tr!("an object"),
    }
}

/// A value quoted for a message: escaped like Rust's `{:?}` (so invisible characters show), cut
/// after 60 characters.
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut:?}…")
    } else {
        format!("{s:?}")
    }
}

/// The path of `key` under `path`.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The path of item `i` under `path`.
pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// `s` with the spacing and punctuation a văn thư corrects (reports.md: never `..`, doubled
/// spaces or a space before a mark): a run of spaces as one, no space before `,` `;` `.` `!` `?`
/// `)` nor after `(` (a `,` or `;` typed against the next word gets the space after it: `cán bộ
/// ,chưa` → `cán bộ, chưa`), `..` (not `...`), `,,` and `;;` as one mark; `None` when there is nothing to
/// correct.
pub(crate) fn tidied(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let odd = b.windows(2).any(|w| {
        matches!(
            w,
            [b' ', b' ' | b',' | b';' | b'.' | b'!' | b'?' | b')']
                | [b'(', b' ']
                | [b'.', b'.']
                | [b',', b',']
                | [b';', b';']
        )
    });
    if !odd {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    // a space before a mark taken out, to go after it
    let mut moved = false;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = out.chars().next_back();
        match c {
            ' ' if matches!(next, Some(' ' | ',' | ';' | '.' | '!' | '?' | ')' | '\n') | None) => {
                // a mark typed against the next word (`cán bộ ,chưa`): the space goes after it
                if let (Some(',' | ';'), Some(after)) = (next, chars.get(i + 2)) {
                    if after.is_alphanumeric() {
                        moved = true;
                    }
                }
            }
            ' ' if prev == Some('(') => {}
            // a doubled full stop ending a word (`giám sát..`), not one inside a path or a code
            // (`/../`, `2026..01`)
            '.' if prev == Some('.')
                && !out.ends_with("..")
                && next.is_none_or(|n| n.is_whitespace() || matches!(n, ',' | ';' | ':' | ')' | '"' | '”' | '\'')) => {
            }
            ',' | ';' if prev == Some(c) => {}
            ',' | ';' if moved => {
                out.push(c);
                out.push(' ');
                moved = false;
            }
            _ => out.push(c),
        }
    }
    (out != s).then_some(out)
}

/// A name for the invisible characters input.md forbids in names, titles and codes.
fn invisible_name(c: char) -> Option<String> {
    Some(match c {
        '\u{200B}' => tr!("zero width space"),
        '\u{200C}' => tr!("zero width non-joiner"),
        '\u{200D}' => tr!("zero width joiner"),
        '\u{200E}' => tr!("left-to-right mark"),
        '\u{200F}' => tr!("right-to-left mark"),
        '\u{202A}' => tr!("left-to-right embedding"),
        '\u{202B}' => tr!("right-to-left embedding"),
        '\u{202C}' => tr!("pop directional formatting"),
        '\u{202D}' => tr!("left-to-right override"),
        '\u{202E}' => tr!("right-to-left override"),
        '\u{2066}' => tr!("left-to-right isolate"),
        '\u{2067}' => tr!("right-to-left isolate"),
        '\u{2068}' => tr!("first strong isolate"),
        '\u{2069}' => tr!("pop directional isolate"),
        '\u{FEFF}' => tr!("zero width no-break space (byte-order mark)"),
        _ => return None,
    })
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15): characters
/// that show nothing (variation selectors, joiners, invisible operators, tags).
fn ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Whether `c` passes every check of [`text`] in any field: no control character, nothing
/// invisible or ignorable, a glyph in every bundled face (a table of the first 8,192 code points,
/// made once; the rest take the checks).
fn plain(c: char) -> bool {
    static PLAIN: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    let table = PLAIN.get_or_init(|| {
        let fonts = crate::font::Fonts::bundled();
        (0..0x2000u32)
            .map(|u| {
                char::from_u32(u).is_some_and(|c| {
                    let control = c <= '\u{1F}' || ('\u{7F}'..='\u{9F}').contains(&c);
                    !control && invisible_name(c).is_none() && !ignorable(c) && fonts.draws(c)
                })
            })
            .collect()
    });
    table.get(c as usize).copied().unwrap_or(false)
}

/// `U+4E2D "中"`: a character as messages name it.
fn code_point(c: char) -> String {
    format!("U+{:04X} {:?}", c as u32, c.to_string())
}

/// Normalises a string (NFC, trimmed) and checks it; `None` when it is refused.
pub(crate) fn text(d: &mut Diag, path: &str, raw: &str, kind: Text) -> Option<String> {
    let mut s = vn::nfc_trim(raw);
    // spacing and punctuation a văn thư would correct, in free text; doubled spaces in a name or
    // a line (an address, a code, a URL are left to their own checks): said, never silent
    let tidy = match kind {
        Text::Free => tidied(&s),
        Text::Name | Text::Line if s.contains("  ") => {
            let mut one = String::with_capacity(s.len());
            for c in s.chars() {
                if !(c == ' ' && one.ends_with(' ')) {
                    one.push(c);
                }
            }
            Some(one)
        }
        _ => None,
    };
    if let Some(tidy) = tidy {
        let at = s.chars().zip(tidy.chars()).take_while(|(a, b)| a == b).count();
        let around: String = s.chars().skip(at.saturating_sub(20)).take(40).collect();
        d.warn(path, crate::messages::tidied(at + 1, &quote(&around), &quote(&tidy)));
        s = tidy;
    }
    let count = s.chars().count();
    if count > MAX_STRING_CHARS {
        d.error(
            path,
            tr!(
                "the string is {count} characters long; the limit is {limit} ({text})",
                count,
                limit = MAX_STRING_CHARS,
                text = quote(&s)
            ),
        );
        return None;
    }
    // the common case, every character one the checks below pass, in one pass
    if s.chars().all(|c| plain(c) || (c == '\n' && kind != Text::Line)) {
        return Some(s);
    }
    let mut ok = true;
    for (i, c) in s.chars().enumerate() {
        let control = c <= '\u{1F}' || ('\u{7F}'..='\u{9F}').contains(&c);
        if control && !(c == '\n' && kind != Text::Line) {
            let (code, at, text) = (format!("{:04X}", c as u32), i + 1, quote(&s));
            let message = match kind {
                Text::Free | Text::Name => tr!(
                    "control character U+{code} at character {at} is not allowed; only a line feed is allowed here ({text})",
                    code,
                    at,
                    text
                ),
                Text::Line if c == '\n' => tr!(
                    "control character U+{code} at character {at} is not allowed; a line feed is allowed only in free-text fields such as difficulties, and in issuer.name and issuer.parent ({text})",
                    code,
                    at,
                    text
                ),
                Text::Line => {
                    tr!("control character U+{code} at character {at} is not allowed ({text})", code, at, text)
                }
            };
            d.error(path, message);
            ok = false;
            break;
        }
    }
    if kind != Text::Free {
        if let Some((i, c, name)) = s.chars().enumerate().find_map(|(i, c)| invisible_name(c).map(|n| (i, c, n))) {
            d.error(
                path,
                tr!(
                    "invisible character U+{code} ({name}) at character {at} is not allowed in names, titles and codes ({text})",
                    code = format!("{:04X}", c as u32),
                    name,
                    at = i + 1,
                    text = quote(&s)
                ),
            );
            ok = false;
        }
    }
    // A character no bundled face can draw would print as an empty box, and an official document
    // cannot show one (CJK, emoji, math symbols, other scripts, private use).
    let fonts = crate::font::Fonts::bundled();
    let mut missing = s.chars().enumerate().filter(|(_, c)| *c != '\n' && !ignorable(*c) && !fonts.draws(*c));
    if let Some((i, c)) = missing.next().filter(|_| ok) {
        let (code, at, text) = (code_point(c), i + 1, quote(&s));
        let message = match missing.count() {
            0 => tr!(
                "character {code} at character {at} cannot be printed: the bundled font (Liberation Serif) has no glyph for it ({text})",
                code,
                at,
                text
            ),
            n => tr!(
                "character {code} at character {at} cannot be printed: the bundled font (Liberation Serif) has no glyph for it (and {n} more such) ({text})",
                code,
                at,
                n,
                text
            ),
        };
        d.error(path, message);
        ok = false;
    }
    // Invisible characters (variation selectors, joiners) are left out, saying so.
    if ok && s.chars().any(ignorable) {
        let (i, c) = s.chars().enumerate().find(|(_, c)| ignorable(*c)).unwrap_or((0, ' '));
        let n = s.chars().filter(|c| ignorable(*c)).count();
        let (code, at, text) = (code_point(c), i + 1, quote(&s));
        let message = if n > 1 {
            tr!(
                "invisible character {code} at character {at} is left out (and {n} more such) ({text})",
                code,
                at,
                n = n - 1,
                text
            )
        } else {
            tr!("invisible character {code} at character {at} is left out ({text})", code, at, text)
        };
        d.warn(path, message);
        s = s.chars().filter(|c| !ignorable(*c)).collect::<String>().trim().to_owned();
    }
    ok.then_some(s)
}

/// One JSON object being read: reports unknown keys when made, then hands out typed fields.
pub(crate) struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: String,
}

impl<'v> Obj<'v> {
    /// Reads `v` at `path` as an object with the keys `known` (plus comment keys starting with
    /// `_` or `$`). Reports a wrong type or unknown keys.
    pub fn new(d: &mut Diag, v: &'v Value, path: &str, known: &[&str]) -> Option<Obj<'v>> {
        let Value::Object(map) = v else {
            d.error(path_or_doc(path), tr!("expected an object, found {found}", found = describe(v)));
            return None;
        };
        for key in map.keys() {
            if key.starts_with('_') || key.starts_with('$') || known.contains(&key.as_str()) {
                continue;
            }
            d.error(
                &join(path, key),
                tr!(
                    "unknown key {key}; expected one of: {keys} (keys starting with _ or $ are comments)",
                    key = quote(key),
                    keys = known.join(", ")
                ),
            );
        }
        Some(Obj { map, path: path.to_owned() })
    }

    /// The path of a field of this object.
    pub fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The raw value of a field; `null` counts as absent.
    pub fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// `Some(v)` when present; records "missing" when required and absent.
    fn field(&self, d: &mut Diag, key: &str, required: bool) -> Option<&'v Value> {
        let v = self.get(key);
        if v.is_none() && required {
            d.error(&self.path(key), crate::messages::required());
        }
        v
    }

    /// A string field. Required and empty after trimming is an error; optional and empty is absent.
    pub fn str(&self, d: &mut Diag, key: &str, required: bool, kind: Text) -> Option<String> {
        let v = self.field(d, key, required)?;
        let path = self.path(key);
        string_value(d, &path, v, required, kind)
    }

    /// An integer field within `min..=max`.
    pub fn int(&self, d: &mut Diag, key: &str, required: bool, min: i64, max: i64) -> Option<i64> {
        let v = self.field(d, key, required)?;
        let path = self.path(key);
        // A bound no one reaches (a count, a document number) is not worth naming.
        let open = max >= i64::from(u32::MAX);
        let expected = |v: &Value| {
            let found = describe(v);
            if open {
                tr!("expected an integer ≥ {min}, found {found}", min, found)
            } else {
                tr!("expected an integer from {min} to {max}, found {found}", min, max, found)
            }
        };
        let Some(n) = v.as_i64().or_else(|| v.as_u64().map(|_| i64::MAX)) else {
            d.error(&path, expected(v));
            return None;
        };
        if v.is_f64() {
            d.error(&path, expected(v));
            return None;
        }
        if n < min || n > max {
            let shown = v.to_string();
            if !open {
                d.error(&path, tr!("{shown} is outside {min}–{max}", shown, min, max));
            } else if n < min {
                d.error(&path, tr!("{shown} is too small; expected an integer ≥ {min}", shown, min));
            } else {
                d.error(&path, tr!("{shown} is too large; the largest accepted is {max}", shown, max));
            }
            return None;
        }
        Some(n)
    }

    /// A boolean field.
    pub fn bool(&self, d: &mut Diag, key: &str, required: bool) -> Option<bool> {
        let v = self.field(d, key, required)?;
        match v {
            Value::Bool(b) => Some(*b),
            // the form's words (issue 28)
            Value::String(s) if words_match(s, "có") => Some(true),
            Value::String(s) if words_match(s, "không") => Some(false),
            _ => {
                d.error(&self.path(key), tr!("expected true or false, found {found}", found = describe(v)));
                None
            }
        }
    }

    /// A date field, `YYYY-MM-DD`.
    pub fn date(&self, d: &mut Diag, key: &str, required: bool) -> Option<NaiveDate> {
        let v = self.field(d, key, required)?;
        let path = self.path(key);
        let Value::String(raw) = v else {
            d.error(&path, tr!("expected a date \"YYYY-MM-DD\", found {found}", found = describe(v)));
            return None;
        };
        parse_date(d, &path, raw)
    }

    /// One of `choices` (each a code and the words the Excel form shows for it): its code, or
    /// its words (issue 28: `"thuê ngoài"` as well as `"outsourced"`), as the form reads them.
    pub fn choice(
        &self,
        d: &mut Diag,
        key: &str,
        required: bool,
        choices: &[(&'static str, &'static str)],
    ) -> Option<&'static str> {
        let v = self.field(d, key, required)?;
        let found = v.as_str().and_then(|s| choice_of(s, choices));
        if found.is_none() {
            // in Vietnamese each code with the form's words, which JSON takes too
            let vi = crate::messages::lang() == crate::messages::Lang::Vi;
            let list: Vec<String> = choices
                .iter()
                .map(|(code, words)| if vi { format!("{code:?} ({words:?})") } else { format!("{code:?}") })
                .collect();
            d.error(
                &self.path(key),
                tr!("expected one of {list}, found {found}", list = list.join(", "), found = describe(v)),
            );
        }
        found
    }

    /// A nested object.
    pub fn obj(&self, d: &mut Diag, key: &str, required: bool, known: &[&str]) -> Option<Obj<'v>> {
        let v = self.field(d, key, required)?;
        Obj::new(d, v, &self.path(key), known)
    }

    /// An array: its items with their paths. More than `max` items is an error.
    pub fn array(&self, d: &mut Diag, key: &str, required: bool, max: usize) -> Option<Vec<(String, &'v Value)>> {
        let v = self.field(d, key, required)?;
        let path = self.path(key);
        let Value::Array(items) = v else {
            d.error(&path, tr!("expected an array, found {found}", found = describe(v)));
            return None;
        };
        if items.len() > max {
            d.error(&path, tr!("the array has {n} items; the limit is {max}", n = items.len(), max));
            return None;
        }
        Some(items.iter().enumerate().map(|(i, v)| (index(&path, i), v)).collect())
    }

    /// An optional array of strings (each required to be non-empty), with their paths.
    pub fn strings(&self, d: &mut Diag, key: &str, kind: Text) -> Vec<(String, String)> {
        self.array(d, key, false, MAX_ITEMS)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(path, v)| string_value(d, &path, v, true, kind).map(|s| (path, s)))
            .collect()
    }
}

/// The root path is shown as `.` (as serde_path_to_error writes it).
fn path_or_doc(path: &str) -> &str {
    if path.is_empty() {
        "."
    } else {
        path
    }
}

/// A string value at `path`.
pub(crate) fn string_value(d: &mut Diag, path: &str, v: &Value, required: bool, kind: Text) -> Option<String> {
    let Value::String(raw) = v else {
        d.error(path, tr!("expected a string, found {found}", found = describe(v)));
        return None;
    };
    let s = text(d, path, raw, kind)?;
    if s.is_empty() {
        if required {
            d.error(path, tr!("must not be empty"));
        }
        return None;
    }
    Some(s)
}

/// `YYYY-MM-DD`, a real calendar date.
pub(crate) fn parse_date(d: &mut Diag, path: &str, raw: &str) -> Option<NaiveDate> {
    let b = raw.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        d.error(path, tr!("{value} is not a date in the form YYYY-MM-DD (e.g. \"2020-05-20\")", value = quote(raw)));
        return None;
    }
    let year: i32 = raw[0..4].parse().ok()?;
    let month: u32 = raw[5..7].parse().ok()?;
    let day: u32 = raw[8..10].parse().ok()?;
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => Some(date),
        None => {
            let why = unreal(year, month);
            d.error(path, tr!("{value} is not a real date: {why}", value = quote(raw), why));
            None
        }
    }
}

/// Why no day `day` of `month`/`year` exists (`from_ymd_opt` refused it): the month is not one,
/// or it has fewer days.
pub(crate) fn unreal(year: i32, month: u32) -> String {
    if !(1..=12).contains(&month) {
        return tr!("month {month} is outside 1–12", month);
    }
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    let days = next.and_then(|n| n.pred_opt()).map_or(31, |l| chrono::Datelike::day(&l));
    tr!("{month}/{year} has {days} days", month = format!("{month:02}"), year, days)
}

/// Whether `s` is `words` as a person types them in JSON (issue 28): in any case, spaces as they
/// come, with the words' own accents or with none at all (`Thuê ngoài`, `THUÊ NGOÀI`, `thue
/// ngoai`), nothing more (a mark, another letter, another accent: `cỏ` is not `có`).
pub fn words_match(s: &str, words: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    // lower case, white space runs as one space, trimmed
    let key = |s: &str| s.nfc().collect::<String>().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let typed = key(s);
    if typed == key(words) {
        return true;
    }
    // typed with no accent at all: the words without theirs
    typed.is_ascii() && {
        let bare: String = words
            .nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
            .collect();
        typed == key(&bare)
    }
}

/// The code of `choices` that `s` names: the code itself, or its words as [`words_match`] takes
/// them.
pub fn choice_of(s: &str, choices: &[(&'static str, &'static str)]) -> Option<&'static str> {
    choices
        .iter()
        .find(|(code, _)| *code == s)
        .or_else(|| choices.iter().find(|(_, words)| words_match(s, words)))
        .map(|(code, _)| *code)
}

#[cfg(test)]
mod words_tests {
    use super::*;

    #[test]
    fn words_are_taken_as_typed_in_any_case_or_with_no_accent_and_nothing_else() {
        for typed in ["thuê ngoài", "Thuê ngoài", "THUÊ NGOÀI", " thuê  ngoài ", "thue ngoai", "THUE NGOAI"] {
            assert!(words_match(typed, "thuê ngoài"), "{typed:?}");
        }
        for typed in [
            "thuê-ngoài!!",
            "(thuê) ngoài",
            "thuê ngoài 中文",
            "thuê ngoài 😀",
            "thuê\u{200b}ngoài",
            "thuê ngoái",
            "thue ngoài",
            "thuengoai",
            "",
        ] {
            assert!(!words_match(typed, "thuê ngoài"), "{typed:?}");
        }
        assert!(words_match("CÓ", "có") && words_match("co", "có") && words_match("Khong", "không"));
        for typed in ["cỏ", "cơ", "cọ", "CỚ", "khống", "Không!!", "(có)", "có 😀"] {
            assert!(!words_match(typed, "có") && !words_match(typed, "không"), "{typed:?}");
        }
        assert_eq!(choice_of("khắc", super::super::xlsx::layout::SYSTEM_TYPES), None);
        assert_eq!(choice_of("Khác", super::super::xlsx::layout::SYSTEM_TYPES), Some("other"));
    }
}

#[cfg(test)]
mod tidy_tests {
    #[test]
    fn a_van_thu_corrects_spacing_and_doubled_marks_but_no_path_or_code() {
        let t = |s: &str| super::tidied(s).unwrap_or_else(|| s.to_owned());
        assert_eq!(t("gián đoạn ;  hệ thống.."), "gián đoạn; hệ thống.");
        assert_eq!(t("( kinh phí ) ,, nhân lực..."), "(kinh phí), nhân lực...");
        assert_eq!(
            t("xem https://a.gov.vn/tai-lieu/../huong-dan..pdf"),
            "xem https://a.gov.vn/tai-lieu/../huong-dan..pdf"
        );
        assert_eq!(t("mã QN-STC-2026..01."), "mã QN-STC-2026..01.");
        assert_eq!(t("v.v... và"), "v.v... và");
        // a mark typed against the next word gets the space after it (a review of issue 26:
        // `cán bộ ,chưa` was set `cán bộ,chưa`)
        assert_eq!(t("01 cán bộ ,chưa đáp ứng ;nhân lực"), "01 cán bộ, chưa đáp ứng; nhân lực");
        assert_eq!(t("cán bộ , chưa"), "cán bộ, chưa");
    }
}
