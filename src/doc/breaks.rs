//! Chosen line breaks for agency names in the header block (format.md, "Header block"): a văn thư
//! never splits a place name or a listed word pair, never leaves one word alone on a line, and
//! would rather take one more line than do either; then an explicit break in the input wins, then
//! a break before a place word or before `VÀ`, then the most balanced lines. Decided here once,
//! for both renderers: the document model carries the lines, the DOCX writes them with `<w:br/>`.

use crate::profile as p;

/// What one way of breaking costs, compared in this order (lower is better).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Cost {
    /// Lines wider than the box (only a word wider than the box alone makes one).
    overfull: u32,
    /// Place names or listed word pairs split, and words alone on a line.
    forbidden: u32,
    /// Lines.
    lines: u32,
    /// Breaks that are not before a place word or `VÀ` (fewer is better).
    plain: u32,
    /// The longest line.
    longest: f32,
}

impl Cost {
    fn then(self, line: Cost) -> Cost {
        Cost {
            overfull: self.overfull + line.overfull,
            forbidden: self.forbidden + line.forbidden,
            lines: self.lines + line.lines,
            plain: self.plain + line.plain,
            longest: self.longest.max(line.longest),
        }
    }
}

/// Words at or after which no break may fall (`false` at `i`: no break between words `i-1` and
/// `i`), and breaks that are preferred (before a place word or `VÀ`).
fn break_kinds(words: &[&str]) -> (Vec<bool>, Vec<bool>) {
    let n = words.len();
    let mut allowed = vec![true; n + 1];
    let mut preferred = vec![false; n + 1];
    for i in 1..n {
        // a lone punctuation mark (the `-` of `LAO ĐỘNG - THƯƠNG BINH`) never starts a line
        if !words[i].chars().any(char::is_alphanumeric) {
            allowed[i] = false;
        }
        if p::HEADER_WORD_PAIRS.iter().any(|pair| pair.split_once(' ') == Some((words[i - 1], words[i]))) {
            allowed[i] = false;
        }
        if words[i] == "VÀ" {
            preferred[i] = true;
        }
    }
    // a place name: its keyword (`TỈNH`, `THÀNH PHỐ`, …) and every word after it, to the end of
    // the name; a keyword that begins a listed pair (`XÃ HỘI`) names no place
    let is_pair = |i: usize| {
        i + 1 < n && p::HEADER_WORD_PAIRS.iter().any(|pair| pair.split_once(' ') == Some((words[i], words[i + 1])))
    };
    let place = (0..n).find(|&i| {
        !is_pair(i) && p::HEADER_PLACE_WORDS.iter().any(|kw| words[i..].starts_with(&kw.split(' ').collect::<Vec<_>>()))
    });
    if let Some(i) = place {
        preferred[i] = i > 0;
        for a in &mut allowed[i + 1..n] {
            *a = false;
        }
    }
    (allowed, preferred)
}

/// Breaks one segment of a name (`text`, no line feed) into lines at most `width` wide by
/// `measure`; the lines.
fn segment(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let n = words.len();
    if n <= 1 {
        return vec![words.join(" ")];
    }
    let (allowed, preferred) = break_kinds(&words);
    let widths: Vec<f32> = words.iter().map(|w| measure(w)).collect();
    let gaps = vec![measure(" "); n];
    let spans = search(&widths, &gaps, width, |i, j| {
        // a forbidden break, a word alone; a break not before a place word or `VÀ`
        (u32::from(i > 0 && !allowed[i]) + u32::from(j - i == 1), u32::from(i > 0 && !preferred[i]))
    });
    spans.into_iter().map(|(i, j)| words[i..j].join(" ")).collect()
}

/// The best way to set `widths.len()` words (each `widths[k]` wide, `gaps[k]` of space after it)
/// as lines at most `width` wide: the lines' spans, by [`Cost`], each line's
/// `(forbidden, plain)` given by `judge(first word, end)`. Every way is weighed (a dynamic
/// programme over where each line starts); past 200 words, lines wider than the box are not
/// tried, so a name or title of thousands of words stays linear.
fn search(widths: &[f32], gaps: &[f32], width: f32, judge: impl Fn(usize, usize) -> (u32, u32)) -> Vec<(usize, usize)> {
    let n = widths.len();
    let prune = n > 200;
    // best[j]: the best way to set words[..j] as whole lines, and where its last line starts
    let mut best: Vec<Option<(Cost, usize)>> = vec![None; n + 1];
    best[0] = Some((Cost { overfull: 0, forbidden: 0, lines: 0, plain: 0, longest: 0.0 }, 0));
    for j in 1..=n {
        let mut line_width = 0.0;
        for i in (0..j).rev() {
            line_width += widths[i] + if i + 1 < j { gaps[i] } else { 0.0 };
            if prune && j - i > 1 && line_width > width {
                break;
            }
            let Some((before, _)) = best[i] else { continue };
            let (forbidden, plain) = judge(i, j);
            let cost = before.then(Cost {
                overfull: u32::from(line_width > width + 0.01),
                forbidden,
                lines: 1,
                plain,
                longest: line_width,
            });
            if best[j].is_none_or(|(b, _)| cost < b) {
                best[j] = Some((cost, i));
            }
        }
    }
    let mut spans = Vec::new();
    let mut j = n;
    while j > 0 {
        let Some((_, i)) = best[j] else { break };
        spans.push((i, j));
        j = i;
    }
    spans.reverse();
    spans
}

/// The lines of an agency name (upper case, a line feed where the input breaks it) set in a box
/// `width` wide, measured by `measure`: each segment of the input broken by the rules above.
pub fn agency(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    text.split('\n').filter(|s| !s.trim().is_empty()).flat_map(|s| segment(s.trim(), width, measure)).collect()
}

/// Where a centred title may not break: inside a quotation (`“4 lớp”`) or a date phrase
/// (`tháng 5 năm 2020`). `false` at `i`: no break between words `i-1` and `i`.
fn title_breaks(words: &[&str]) -> Vec<bool> {
    let n = words.len();
    let mut allowed = vec![true; n + 1];
    let mut quoted = false;
    for i in 0..n {
        if quoted {
            allowed[i] = false;
        }
        let w = words[i];
        if w.contains('“') {
            quoted = true;
        }
        if w.contains('”') {
            quoted = false;
        }
    }
    let number = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
    for i in 0..n.saturating_sub(1) {
        let day = words[i].trim_start_matches('(').to_lowercase();
        if day == "ngày" && number(words[i + 1]) {
            allowed[i + 1] = false;
            if words.get(i + 2) == Some(&"tháng") {
                allowed[i + 2] = false;
            }
        }
        // an undated date's gaps: `ngày      tháng      năm 2020`
        if (day == "ngày" && words[i + 1] == "tháng") || (day == "tháng" && words[i + 1] == "năm") {
            allowed[i + 1] = false;
        }
        // a number stays with the word that names it: `năm 2020`, `cấp độ 3`
        if p::BIND_BEFORE_NUMBER.contains(&day.as_str()) && number(words[i + 1]) {
            allowed[i + 1] = false;
        }
        let month = words[i].trim_start_matches('(').to_lowercase();
        if month == "tháng" && number(words[i + 1]) {
            allowed[i + 1] = false;
            if i + 3 < n + 1 && words.get(i + 2) == Some(&"năm") && words.get(i + 3).is_some_and(|w| number(w)) {
                allowed[i + 2] = false;
                allowed[i + 3] = false;
            }
        }
    }
    allowed
}

/// A centred title (trích yếu, appendix title) broken into balanced lines at most `width` wide:
/// as few lines as the rules allow (greedy filling's count when it can), never inside a
/// quotation or a date phrase, never one word alone on the last line, the longest line as short
/// as possible (format.md, "Title"), and a listed word pair kept whole where another break
/// serves as well. Words are separated by spaces; a no-break space binds.
pub fn balanced(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    // the words, and the spaces before each as given (a date's gaps `ngày      tháng` kept)
    let mut words: Vec<&str> = Vec::new();
    let mut gaps: Vec<&str> = Vec::new();
    let mut rest = text.trim_matches(' ');
    while !rest.is_empty() {
        let end = rest.find(' ').unwrap_or(rest.len());
        words.push(&rest[..end]);
        let next = rest[end..].trim_start_matches(' ');
        gaps.push(&rest[end..rest.len() - next.len()]);
        rest = next;
    }
    // gaps[i]: the spaces after word i; the line words[i..j] as set
    let line = |i: usize, j: usize| {
        let mut s = String::new();
        for k in i..j {
            s.push_str(words[k]);
            if k + 1 < j {
                s.push_str(gaps[k]);
            }
        }
        s
    };
    let n = words.len();
    if n <= 1 || measure(&line(0, n)) <= width + 0.01 {
        return vec![line(0, n)];
    }
    let allowed = title_breaks(&words);
    let pair = |a: &str, b: &str| {
        let (a, b) = (crate::vn::upper(a), crate::vn::upper(b));
        p::HEADER_WORD_PAIRS.iter().any(|pair| pair.split_once(' ') == Some((a.as_str(), b.as_str())))
    };
    let widths: Vec<f32> = words.iter().map(|w| measure(w)).collect();
    let gap_widths: Vec<f32> = gaps.iter().map(|g| measure(g)).collect();
    let spans = search(&widths, &gap_widths, width, |i, j| {
        (
            // inside a quotation or a date phrase, or one word alone on the last line
            u32::from(i > 0 && !allowed[i]) + u32::from(j == n && j - i == 1),
            // a listed word pair split (`thông / tin`): allowed in a title, but avoided
            u32::from(i > 0 && pair(words[i - 1], words[i])),
        )
    });
    spans.into_iter().map(|(i, j)| line(i, j)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake width: one unit a character.
    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    fn set(text: &str, width: f32) -> Vec<String> {
        agency(text, width, &chars)
    }

    #[test]
    fn a_name_that_fits_stays_whole() {
        assert_eq!(set("SỞ Y TẾ", 20.0), ["SỞ Y TẾ"]);
    }

    #[test]
    fn a_place_name_and_a_word_pair_are_never_split() {
        // 29 characters in a box of 20: greedy would end line 1 in "TỈNH BẮC"
        assert_eq!(set("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", 20.0), ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"]);
        // greedy: "SỞ THÔNG TIN VÀ TRUYỀN / THÔNG"
        assert_eq!(set("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", 23.0), ["SỞ THÔNG TIN", "VÀ TRUYỀN THÔNG"]);
        assert_eq!(set("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", 22.0), ["SỞ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"]);
    }

    #[test]
    fn xa_hoi_is_a_pair_not_a_place() {
        assert_eq!(set("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", 40.0), ["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"]);
        assert_eq!(set("ỦY BAN NHÂN DÂN THỊ XÃ TỪ SƠN", 20.0), ["ỦY BAN NHÂN DÂN", "THỊ XÃ TỪ SƠN"]);
    }

    #[test]
    fn before_va_is_preferred_and_a_hyphen_binds() {
        assert_eq!(set("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", 26.0), ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]);
    }

    #[test]
    fn a_hyphen_may_end_a_line_but_never_start_one() {
        // `SỞ LAO ĐỘNG - THƯƠNG BINH` (25) does not fit in 22: never `THƯƠNG / BINH`, never `/ - `
        assert_eq!(set("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", 22.0), ["SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI"]);
        assert_eq!(set("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", 14.0), ["SỞ LAO ĐỘNG -", "THƯƠNG BINH", "VÀ XÃ HỘI"]);
    }

    #[test]
    fn one_more_line_rather_than_a_word_alone() {
        // `QUẢN LÝ` is a pair: "BAN QUẢN LÝ DỰ / ÁN" would leave a word alone and overflow
        assert_eq!(set("BAN QUẢN LÝ DỰ ÁN", 12.0), ["BAN QUẢN LÝ", "DỰ ÁN"]);
        // no two lines avoid a word alone: the first of the equal ways
        assert_eq!(set("AA BB CC", 5.0), ["AA BB", "CC"]);
    }

    #[test]
    fn an_explicit_break_wins() {
        assert_eq!(set("SỞ THÔNG TIN VÀ\nTRUYỀN THÔNG", 40.0), ["SỞ THÔNG TIN VÀ", "TRUYỀN THÔNG"]);
    }

    #[test]
    fn a_title_is_balanced_never_breaking_a_quotation_or_a_date() {
        let t = |s: &str, w: f32| balanced(s, w, &chars);
        // greedy: "AAA BBB CCC" / "DDD" (a word alone) → two balanced lines
        assert_eq!(t("AAA BBB CCC DDD", 12.0), ["AAA BBB", "CCC DDD"]);
        // the trích yếu of 2020-05, in a box of 60 characters: greedy ends line 1 at "tháng 5"
        let subject = "Tình hình triển khai bảo đảm an toàn thông tin theo mô hình “4 lớp” tháng 5 năm 2020";
        assert_eq!(
            t(subject, 60.0),
            ["Tình hình triển khai bảo đảm an toàn thông tin", "theo mô hình “4 lớp” tháng 5 năm 2020"]
        );
        // nor inside the quotation: greedy at 52 would end in "“4"
        assert_eq!(
            t(subject, 52.0),
            ["Tình hình triển khai bảo đảm an toàn thông tin", "theo mô hình “4 lớp” tháng 5 năm 2020"]
        );
        // a listed pair is kept whole where another break serves as well
        assert_eq!(t("HIỆN TRẠNG HỆ THỐNG THÔNG TIN", 20.0), ["HIỆN TRẠNG", "HỆ THỐNG THÔNG TIN"]);
        // a date, and the gaps of an undated one, kept
        assert_eq!(
            t("(Kèm theo Báo cáo số 125/BC-STTTT ngày 20 tháng 5 năm 2020 của Sở Y tế)", 50.0),
            ["(Kèm theo Báo cáo số 125/BC-STTTT", "ngày 20 tháng 5 năm 2020 của Sở Y tế)"]
        );
        assert_eq!(
            t("Báo cáo số      /BC ngày      tháng      năm 2020", 80.0),
            ["Báo cáo số      /BC ngày      tháng      năm 2020"]
        );
        assert_eq!(
            t("Báo cáo ngày      tháng      năm 2020 của Sở", 36.0),
            ["Báo cáo", "ngày      tháng      năm 2020 của Sở"]
        );
    }

    #[test]
    fn a_name_of_thousands_of_words_keeps_them_all_within_the_box() {
        let name = vec!["AB"; 5000].join(" ");
        for lines in [set(&name, 20.0), balanced(&name, 20.0, &chars)] {
            assert!(lines.iter().all(|l| l.chars().count() <= 20));
            assert_eq!(lines.join(" "), name);
        }
    }

    #[test]
    fn otherwise_the_most_balanced() {
        // "AAA BBB CCC DDD" (15) in 12: 7/7 rather than 11/3
        assert_eq!(set("AAA BBB CCC DDD", 12.0), ["AAA BBB", "CCC DDD"]);
    }
}
