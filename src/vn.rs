//! Vietnamese text: NFC, upper-casing, Decree 30 dates and numbers, point letters, ASCII slugs.
//!
//! Every function here is pure and small; the rules they follow are those of
//! Nghị định 30/2020/NĐ-CP, Phụ lục I (see `../shared/spec/format.md`, "Vietnamese text").

use chrono::{Datelike, NaiveDate};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The gap left for a number or a date part that is filled in by hand when the document is signed.
/// NĐ 30, Phụ lục I: "Số:      /BC-…" and "ngày      tháng      năm …".
pub const GAP: &str = "      ";

/// Unicode NFC, trimmed: the form every input string is kept in.
pub fn nfc_trim(s: &str) -> String {
    let t = s.trim();
    // (most text: characters below the combining marks, or Vietnamese letters precomposed,
    // which are all in NFC, told without the normalizer's tables)
    if t.chars().all(|c| c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)) || unicode_normalization::is_nfc(t) {
        t.to_owned()
    } else {
        t.nfc().collect::<String>().trim().to_owned()
    }
}

/// Unicode-aware upper case in NFC (`đ` → `Đ`, `ư` → `Ư`, `ữ` → `Ữ`).
pub fn upper(s: &str) -> String {
    let upper = s.to_uppercase();
    if unicode_normalization::is_nfc_quick(upper.chars()) == unicode_normalization::IsNormalized::Yes {
        upper
    } else {
        upper.nfc().collect()
    }
}

/// The length in bytes of the list marker `text` starts with, its space included: a dash or
/// bullet (`-`, `–`, `+`, `•`, `·`, `*`, `o`), a letter or number point (`a)`, `đ)`, `1.`, `1)`,
/// `1.2.`), then a space.
pub fn list_marker(text: &str) -> Option<usize> {
    let first = text.chars().next()?;
    let end = if matches!(first, '-' | '–' | '+' | '•' | '·' | '*' | '◦' | '▪') {
        first.len_utf8()
    } else if let Some(rest) = text.strip_prefix(first).filter(|_| first.is_lowercase()) {
        // `a)`, `đ)`: one lower-case letter
        rest.starts_with(')').then_some(first.len_utf8() + 1)?
    } else {
        // `1.`, `12)`, `1.2.`: numbers of up to three digits, joined by `.`, then `.` or `)`
        let b = text.as_bytes();
        let mut at = 0;
        loop {
            let digits = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 || digits > 3 {
                return None;
            }
            at += digits;
            match b.get(at) {
                Some(b')') => break at + 1,
                Some(b'.') if b.get(at + 1).is_some_and(u8::is_ascii_digit) => at += 1,
                Some(b'.') => break at + 1,
                _ => return None,
            }
        }
    };
    text[end..].starts_with(' ').then_some(end + 1)
}

/// Parts of one sentence joined by `; `, each after the first starting in lower case (an
/// abbreviation such as `IP` kept): `Chưa phê duyệt cấp độ; chưa cung cấp địa chỉ IP`.
pub fn clauses(parts: &[&str]) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
            let first_word = part.split(' ').next().unwrap_or("");
            let abbreviation = first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !first_word.chars().any(char::is_lowercase);
            let mut chars = part.chars();
            if let (false, Some(c)) = (abbreviation, chars.next()) {
                out.extend(c.to_lowercase());
                out.push_str(chars.as_str());
                continue;
            }
        }
        out.push_str(part);
    }
    out
}

/// Upper-cases the first letter only ("phó giám đốc" stays as it is; used for sentence case).
pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect::<String>().nfc().collect(),
        None => String::new(),
    }
}

/// The key two names are compared by: NFC, default case folding, whitespace runs folded to one space.
/// Used for duplicate system names and for "assessor is the monitoring provider" (input.md).
pub fn fold_key(s: &str) -> String {
    let t = s.trim();
    // Latin and Vietnamese letters, none of them changed by NFC (U+2000 and U+2001 are): case
    // folding is lower-casing, which keeps NFC
    let nfc: String = if t.chars().all(|c| folds_as_lower(c) && !matches!(c, '\u{2000}' | '\u{2001}')) {
        let mut lower = String::with_capacity(t.len());
        t.chars().for_each(|c| push_lower(c, &mut lower));
        lower
    } else {
        caseless::default_case_fold_str(&nfc_trim(t)).nfc().collect()
    };
    let mut out = String::with_capacity(nfc.len());
    for w in nfc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether case folding `c` (Unicode's default) is lower-casing it and lower-casing keeps NFC:
/// ASCII, Latin-1, Latin Extended-A and -B, Vietnamese letters (Latin Extended Additional) and
/// general punctuation (quotation marks, dashes), but the few that fold otherwise (`ß` → `ss`, `ſ` → `s`, `İ`, `ŉ`, `ǰ`, `ẖ`–`ẞ`).
fn folds_as_lower(c: char) -> bool {
    let u = c as u32;
    (u < 0x250 || (0x1EA0..=0x1EFF).contains(&u) || (0x2000..=0x206F).contains(&u))
        && !matches!(c, 'ß' | 'ſ' | 'İ' | 'ŉ' | 'ǰ' | 'µ')
}

/// Pushes `c` lower-cased ([`char::to_lowercase`]), Vietnamese letters without a table lookup.
pub fn push_lower(c: char, out: &mut String) {
    let u = c as u32;
    match u {
        0..0x80 => out.push(c.to_ascii_lowercase()),
        // Latin-1's capitals (not `×`), and Latin Extended Additional in pairs, capital first
        0xC0..=0xDE if u != 0xD7 => out.push(char::from_u32(u + 0x20).unwrap_or(c)),
        0x1EA0..=0x1EFF => out.push(char::from_u32(u | 1).unwrap_or(c)),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Whether `c` is a letter ([`char::is_alphabetic`]), Latin and Vietnamese letters without a
/// table lookup.
pub fn is_letter(c: char) -> bool {
    let u = c as u32;
    match u {
        0..0x80 => c.is_ascii_alphabetic(),
        0xC0..=0x24F => u != 0xD7 && u != 0xF7,
        0x1EA0..=0x1EFF => true,
        _ => c.is_alphabetic(),
    }
}

/// `s` (lower case) with the tone of `oa`, `oe` and `uy` ending a syllable on their first vowel,
/// as the new spelling puts it: `hoà` as `hòa`, `uỷ` as `ủy`, `khoẻ` as `khỏe` (`quý`, `hoàng`
/// keep theirs: the same in both spellings). The result is in NFC.
pub fn new_tone_placement(s: &str) -> String {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
    let d: Vec<char> = s.nfd().collect();
    let mut out: Vec<char> = Vec::with_capacity(d.len());
    let mut i = 0;
    while i < d.len() {
        // `o` + `a`/`e` + tone, or `u` + `y` + tone (not after `q`), then no letter
        let pair = matches!((d[i], d.get(i + 1)), ('o', Some('a' | 'e')) | ('u', Some('y')));
        let tone = d.get(i + 2).copied().filter(|t| TONES.contains(t));
        let ends = d.get(i + 3).is_none_or(|c| !c.is_alphabetic());
        let after_q = d[i] == 'u' && i > 0 && d[i - 1] == 'q';
        match tone {
            Some(t) if pair && ends && !after_q => {
                out.extend([d[i], t, d[i + 1]]);
                i += 3;
            }
            _ => {
                out.push(d[i]);
                i += 1;
            }
        }
    }
    out.into_iter().nfc().collect()
}

/// The Vietnamese alphabet order (a ă â b c d đ e ê …), by ICU4X's collator for `vi`.
pub fn vietnamese_order() -> impl Fn(&str, &str) -> std::cmp::Ordering {
    let collator = icu_collator::Collator::try_new(
        icu_locale_core::locale!("vi").into(),
        icu_collator::options::CollatorOptions::default(),
    )
    .expect("compiled collation data for vi");
    move |a, b| collator.compare(a, b)
}

/// Sorts names by the Vietnamese alphabet.
pub fn sort_vietnamese(names: &mut [String]) {
    let cmp = vietnamese_order();
    names.sort_by(|a, b| cmp(a, b));
}

/// Where a place name begins in an agency name: the byte offsets of its keyword (`tỉnh`,
/// `thành phố`, `huyện`, … of the profile's list, in any case) and of the keyword's end, the first
/// such keyword that does not begin a listed word pair (`xã hội` names no place). `Ủy ban nhân dân
/// tỉnh Bắc Ninh` → the offsets of `tỉnh`; `Thanh tra tỉnh` → those of its last word.
pub fn place_in(name: &str) -> Option<(usize, usize)> {
    use crate::profile::{HEADER_PLACE_WORDS, HEADER_WORD_PAIRS};
    type Lists = (Vec<Vec<&'static str>>, Vec<(&'static str, &'static str)>);
    static LISTS: std::sync::OnceLock<Lists> = std::sync::OnceLock::new();
    let (places, pairs) = LISTS.get_or_init(|| {
        (
            HEADER_PLACE_WORDS.iter().map(|k| k.split(' ').collect()).collect(),
            HEADER_WORD_PAIRS.iter().filter_map(|p| p.split_once(' ')).collect(),
        )
    });
    // the words, with their byte ranges, upper-cased for comparing
    let mut words: Vec<(usize, usize, String)> = Vec::new();
    let mut at = 0;
    for w in name.split(' ') {
        if !w.is_empty() {
            words.push((at, at + w.len(), upper(w)));
        }
        at += w.len() + 1;
    }
    for i in 0..words.len() {
        let pair = words.get(i + 1).is_some_and(|next| pairs.iter().any(|&(a, b)| a == words[i].2 && b == next.2));
        if pair {
            continue;
        }
        for parts in places {
            let matches = parts.len() <= words.len() - i && parts.iter().zip(&words[i..]).all(|(p, w)| *p == w.2);
            if matches {
                return Some((words[i].0, words[i + parts.len() - 1].1));
            }
        }
    }
    None
}

/// Day or month with a leading zero, as NĐ 30 writes them on the date line: the day below 10 always,
/// the month only for January and February (`05`, `01`, `02`, but `3`, `12`).
fn day_month(date: NaiveDate) -> (String, String) {
    let day = format!("{:02}", date.day());
    let month = if date.month() <= 2 { format!("{:02}", date.month()) } else { date.month().to_string() };
    (day, month)
}

/// `ngày 05 tháng 01 năm 2020`, or with no date `ngày      tháng      năm 2020` (year from the period).
/// NĐ 30, Phụ lục I §I.4 (ô 4).
pub fn long_date(date: Option<NaiveDate>, year: i32) -> String {
    match date {
        Some(d) => {
            let (day, month) = day_month(d);
            format!("ngày {day} tháng {month} năm {}", d.year())
        }
        None => format!("ngày{GAP}tháng{GAP}năm {year}"),
    }
}

/// The date line (ô 4): `Bắc Ninh, ngày 05 tháng 3 năm 2020`.
pub fn place_date(place: &str, date: Option<NaiveDate>, year: i32) -> String {
    format!("{place}, {}", long_date(date, year))
}

/// A date inside the body, `02/3/2020`, `15/01/2020` (the same leading-zero rule as the date line).
pub fn short_date(date: NaiveDate) -> String {
    let (day, month) = day_month(date);
    format!("{day}/{month}/{}", date.year())
}

/// The symbol of a báo cáo: `BC-` and the issuer's code (NĐ 30, Phụ lục I §I.3).
pub fn report_symbol(code: &str) -> String {
    format!("BC-{code}")
}

/// `label` then the number and symbol: one space before a number, the gap alone before none
/// (`Số: 05/BC-STTTT`, `Báo cáo số      /BC-STTTT`, `Công văn số 2145/UBND-KGVX`; NĐ 30, ô 3).
pub fn labelled_number(label: &str, number: Option<u32>, symbol: &str) -> String {
    let sep = if number.is_some() { " " } else { "" };
    format!("{label}{sep}{}", number_symbol(number, symbol))
}

/// `05/SYMBOL` (or the gapped form `      /SYMBOL`): a number and any symbol (a báo cáo's
/// `BC-STTTT`, a công văn's without type abbreviation: `125/SKHCN-CNTT`).
pub fn number_symbol(number: Option<u32>, symbol: &str) -> String {
    match number {
        Some(n) => format!("{n:02}/{symbol}"),
        None => format!("{GAP}/{symbol}"),
    }
}

/// Groups thousands with `.` (`1.234`, `1.234.567`).
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A decimal number given in tenths: `12345` → `1.234,5`; whole numbers lose the decimal part.
pub fn tenths(t: u64) -> String {
    if t.is_multiple_of(10) {
        int(t / 10)
    } else {
        format!("{},{}", int(t / 10), t % 10)
    }
}

/// `part` of `whole` as a Vietnamese percentage: one decimal, rounded half up, none when whole
/// (`87,5%`, `91,1%`, `100%`). `0` of `0` is `0%`.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".to_owned();
    }
    // tenths of a percent, rounded half up: (part * 1000 / whole) + 0.5
    let t = (part * 2000 + whole) / (2 * whole);
    format!("{}%", tenths(t))
}

/// Point letters in the Vietnamese alphabet order NĐ 30 uses: `a b c d đ e g h i k …` (no `f`,
/// `đ` after `d`). After `y` they go on as `aa`, `ab`, …
pub fn point_letter(index: usize) -> String {
    const LETTERS: [&str; 23] = [
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x",
        "y",
    ];
    let n = LETTERS.len();
    if index < n {
        LETTERS[index].to_owned()
    } else {
        format!("{}{}", point_letter(index / n - 1), LETTERS[index % n])
    }
}

/// ASCII slug for file names: Vietnamese letters lose their marks (`đ` → `d`), every other run of
/// characters outside `a-z0-9` becomes one `-`, no `-` at either end, at most `max` characters.
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.len() > max {
        out.truncate(max);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

#[cfg(test)]
mod place_tests {
    use super::place_in;

    #[test]
    fn folding_as_lower_case_is_unicode_case_folding_where_it_is_taken() {
        use unicode_normalization::UnicodeNormalization;
        let mut taken = 0;
        for u in 0..0x3000 {
            let Some(c) = char::from_u32(u) else { continue };
            // `fold_key`'s fast path: the character kept by NFC, lower-cased as case folding does
            if super::folds_as_lower(c) && !matches!(c, '\u{2000}' | '\u{2001}') {
                let mut lower = String::new();
                super::push_lower(c, &mut lower);
                let folded: String = caseless::default_case_fold_str(&c.to_string()).nfc().collect();
                assert_eq!(lower, folded, "U+{u:04X}");
                assert_eq!(c.to_string().nfc().collect::<String>(), c.to_string(), "U+{u:04X}");
                taken += 1;
            }
        }
        assert!(taken > 700, "{taken}");
    }

    #[test]
    fn the_quick_letters_and_lower_case_are_unicode_s() {
        for u in 0..0x3_0000 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(super::is_letter(c), c.is_alphabetic(), "U+{u:04X}");
            let mut lower = String::new();
            super::push_lower(c, &mut lower);
            assert_eq!(lower, c.to_lowercase().collect::<String>(), "U+{u:04X}");
        }
    }

    #[test]
    fn list_markers() {
        fn marker(t: &str) -> Option<&str> {
            super::list_marker(t).map(|n| &t[..n])
        }
        for (text, want) in [
            ("- một", Some("- ")),
            ("• một", Some("• ")),
            ("+ một", Some("+ ")),
            ("a) một", Some("a) ")),
            ("đ) một", Some("đ) ")),
            ("1. một", Some("1. ")),
            ("12) một", Some("12) ")),
            ("1.2. một", Some("1.2. ")),
            ("1.234 hệ thống", None),
            ("2026. năm", None),
            ("-một", None),
            ("A) một", None),
            ("ab) một", None),
            ("", None),
        ] {
            assert_eq!(marker(text), want, "{text}");
        }
    }

    #[test]
    fn clauses_after_the_first_start_in_lower_case() {
        assert_eq!(
            super::clauses(&["Chưa phê duyệt cấp độ", "Quá hạn kiểm tra, đánh giá"]),
            "Chưa phê duyệt cấp độ; quá hạn kiểm tra, đánh giá"
        );
        assert_eq!(super::clauses(&["Trước khi đưa vào sử dụng", "Định kỳ"]), "Trước khi đưa vào sử dụng; định kỳ");
        assert_eq!(super::clauses(&["Chưa có", "IP chưa cung cấp"]), "Chưa có; IP chưa cung cấp");
        assert_eq!(super::clauses(&["Định kỳ"]), "Định kỳ");
    }

    #[test]
    fn the_place_of_an_agency_name() {
        fn place(s: &str) -> Option<(&str, &str)> {
            place_in(s).map(|(a, b)| (&s[a..], &s[a..b]))
        }
        assert_eq!(place("Ủy ban nhân dân tỉnh Bắc Ninh"), Some(("tỉnh Bắc Ninh", "tỉnh")));
        assert_eq!(place("UBND thành phố Hải Phòng"), Some(("thành phố Hải Phòng", "thành phố")));
        assert_eq!(place("Thanh tra tỉnh"), Some(("tỉnh", "tỉnh")));
        assert_eq!(place("Sở Lao động - Thương binh và Xã hội"), None);
        assert_eq!(place("Bộ Tài chính"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_characters_nfc_trim_passes_without_the_normalizer_are_each_in_nfc() {
        // nfc_trim's shortcut: below the combining marks, and Latin Extended Additional (every
        // Vietnamese letter with its marks)
        let shortcut = ('\u{0}'..'\u{300}').chain('\u{1E00}'..='\u{1EFF}');
        for c in shortcut {
            let alone = c.to_string();
            assert!(unicode_normalization::is_nfc(&alone), "U+{:04X}", c as u32);
            // and after a letter, as in a word
            assert!(unicode_normalization::is_nfc(&format!("a{c}")), "a U+{:04X}", c as u32);
        }
        // a decomposed letter is still composed
        assert_eq!(nfc_trim(" Vie\u{323}\u{302}t "), "Việt");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_dates_follow_decree_30_leading_zeros() {
        assert_eq!(long_date(Some(d(2020, 1, 5)), 2020), "ngày 05 tháng 01 năm 2020");
        assert_eq!(long_date(Some(d(2020, 2, 28)), 2020), "ngày 28 tháng 02 năm 2020");
        assert_eq!(long_date(Some(d(2020, 6, 29)), 2020), "ngày 29 tháng 6 năm 2020");
        assert_eq!(long_date(Some(d(2020, 12, 14)), 2020), "ngày 14 tháng 12 năm 2020");
        assert_eq!(long_date(Some(d(2020, 3, 5)), 2020), "ngày 05 tháng 3 năm 2020");
    }

    #[test]
    fn missing_date_leaves_gaps_and_keeps_the_year() {
        assert_eq!(long_date(None, 2020), "ngày      tháng      năm 2020");
        assert_eq!(place_date("Hà Nội", None, 2020), "Hà Nội, ngày      tháng      năm 2020");
        assert_eq!(place_date("Bắc Ninh", Some(d(2020, 3, 5)), 2020), "Bắc Ninh, ngày 05 tháng 3 năm 2020");
    }

    #[test]
    fn short_dates() {
        assert_eq!(short_date(d(2020, 3, 2)), "02/3/2020");
        assert_eq!(short_date(d(2020, 1, 15)), "15/01/2020");
        assert_eq!(short_date(d(2020, 12, 14)), "14/12/2020");
    }

    #[test]
    fn number_lines() {
        let bc = report_symbol("STTTT");
        assert_eq!(labelled_number("Số:", Some(5), &bc), "Số: 05/BC-STTTT");
        assert_eq!(labelled_number("Số:", Some(125), &bc), "Số: 125/BC-STTTT");
        assert_eq!(labelled_number("Số:", None, &bc), "Số:      /BC-STTTT");
        assert_eq!(number_symbol(None, "BC-SNgV"), "      /BC-SNgV");
        assert_eq!(labelled_number("Báo cáo số", None, "BC-X"), "Báo cáo số      /BC-X");
        assert_eq!(labelled_number("Công văn số", Some(3), "UBND-KGVX"), "Công văn số 03/UBND-KGVX");
    }

    #[test]
    fn upper_case_is_unicode_aware() {
        assert_eq!(upper("Sở Thông tin và Truyền thông"), "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
        assert_eq!(upper("đ ư ữ ặ ỹ"), "Đ Ư Ữ Ặ Ỹ");
        assert_eq!(upper("Ủy ban nhân dân tỉnh Bắc Ninh"), "ỦY BAN NHÂN DÂN TỈNH BẮC NINH");
        assert_eq!(capitalize_first("đề nghị"), "Đề nghị");
    }

    #[test]
    fn numbers_and_percentages() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1234), "1.234");
        assert_eq!(int(1_234_567), "1.234.567");
        assert_eq!(tenths(12345), "1.234,5");
        assert_eq!(tenths(12340), "1.234");
        assert_eq!(percent(7, 8), "87,5%");
        assert_eq!(percent(41, 45), "91,1%");
        assert_eq!(percent(45, 45), "100%");
        assert_eq!(percent(1, 3), "33,3%");
        assert_eq!(percent(2, 3), "66,7%");
        // 1/8 = 12.5% exactly; 1/16 = 6.25% rounds half up to 6.3%
        assert_eq!(percent(1, 16), "6,3%");
        assert_eq!(percent(0, 5), "0%");
        assert_eq!(percent(0, 0), "0%");
    }

    #[test]
    fn point_letters_skip_f_and_put_dd_after_d() {
        let v: Vec<String> = (0..8).map(point_letter).collect();
        assert_eq!(v, ["a", "b", "c", "d", "đ", "e", "g", "h"]);
        assert_eq!(point_letter(22), "y");
        assert_eq!(point_letter(23), "aa");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Sở Thông tin và Truyền thông Bắc Ninh", 80), "so-thong-tin-va-truyen-thong-bac-ninh");
        assert_eq!(slug("Sở Giáo dục và Đào tạo", 80), "so-giao-duc-va-dao-tao");
        assert_eq!(slug("  --Ủy ban (UBND) & Cục A.T.T.T-- ", 80), "uy-ban-ubnd-cuc-a-t-t-t");
        assert_eq!(slug("Sở Thông tin", 6), "so-tho");
        assert_eq!(slug("Sở Thông tin", 3), "so");
        assert_eq!(slug("Ω ∑", 80), "");
    }

    #[test]
    fn nfc_and_folding() {
        let nfd = "Ha\u{300} No\u{323}\u{302}i ";
        assert_eq!(nfc_trim(nfd), "Hà Nội");
        assert_eq!(fold_key("  Công ty   An NINH "), fold_key("công ty an ninh"));
        assert_eq!(new_tone_placement("uỷ ban hoà khoẻ thuỷ"), "ủy ban hòa khỏe thủy");
        assert_eq!(new_tone_placement("quý hoàng toán"), "quý hoàng toán");
    }
}
