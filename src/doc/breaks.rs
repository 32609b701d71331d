//! Line breaks chosen by sense, one mechanism for every line baocao chooses rather than leaves to
//! a renderer: the header block's agency names, the date line, the trích yếu and appendix titles,
//! `Kính gửi:` (format.md, "Header block" and "Title"). Decided here once for both renderers: the
//! document model carries the lines, the DOCX writes them with `<w:br/>`.
//!
//! Every way of breaking a text at its spaces is weighed (a dynamic programme over where each line
//! starts) by what a văn thư would return it for, in this order:
//! 1. a line wider than its box (only a word wider than the box alone makes one);
//! 2. a break the text forbids: inside a quotation or a date phrase, a number from the word that
//!    names it, a line that ends with `VÀ` or starts with a mark, one word alone on a line (an
//!    agency name's, or a title's last), a place name after its keyword in an agency name;
//! 3. a break inside a word or a name of the [`super::lexicon`] (`THÔNG / TIN`, `VIỆT / NAM`),
//!    and (counting half) a line that ends with a dash (`SỞ LAO ĐỘNG -`);
//!    an agency name takes one more line rather than that, a title does not (4 and 3 swap);
//! 4. more lines;
//! 5. a break inside a phrase of the administration (`ỦY BAN / NHÂN DÂN`) or after a word that
//!    leads the next (`các`, `của`, `theo`);
//! 6. (agency names) a break that is not before a place word or `VÀ`;
//! 7. the longest line (the most balanced lines).
//!
//! Where nothing fits without 1–3, an element Decree 30 lets be smaller takes its smaller size
//! before it breaks so (agency names 12 pt, the date line 13 pt).

use super::lexicon::{Bond, Lexicon};
use crate::profile::{self as p, Pt};

/// What one way of breaking costs, compared in this order (lower is better).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
struct Cost {
    overfull: u32,
    forbidden: u32,
    /// Words split (agency names) or lines (titles).
    third: u32,
    /// Phrases split (agency names) or words split (titles).
    fourth: u32,
    /// Lines (agency names) or phrases split (titles).
    soft: u32,
    plain: u32,
    longest: f32,
}

impl Cost {
    fn then(self, line: Cost) -> Cost {
        Cost {
            overfull: self.overfull + line.overfull,
            forbidden: self.forbidden + line.forbidden,
            third: self.third + line.third,
            fourth: self.fourth + line.fourth,
            soft: self.soft + line.soft,
            plain: self.plain + line.plain,
            longest: self.longest.max(line.longest),
        }
    }

    /// What a văn thư returns a document for: a line too wide, a forbidden break, a word split.
    fn returned(&self, words_first: bool) -> (u32, u32, u32) {
        (self.overfull, self.forbidden, if words_first { self.third } else { self.fourth })
    }
}

/// What a text is, for its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    /// An agency name (upper case): a place name and every line's words kept, breaks before a
    /// place word or `VÀ` preferred, one more line rather than a word split.
    Agency,
    /// A centred title, a date line, an addressee: as many lines as greedy filling needs.
    Title,
    /// A date line: as a title, breaking before `ngày` where it must break (elsewhere as a word
    /// split, so a smaller size that breaks before `ngày` is taken first).
    DateLine,
    /// A table's header cell: one more line rather than a word split, as an agency name, but a
    /// word alone only not on the last line (`Nhóm` / `tiêu chí,` / `yêu cầu`).
    Header,
}

/// The words of a text and what each break between them costs.
struct Words<'a> {
    words: Vec<&'a str>,
    /// The spaces after each word, as given (a date's gaps `ngày      tháng` kept).
    gaps: Vec<&'a str>,
    /// `forbidden[i]`: a break before word `i` is forbidden.
    forbidden: Vec<bool>,
    bonds: Vec<Bond>,
    /// `leads[i]`: word `i - 1` leads the next (a break before word `i` is soft).
    leads: Vec<bool>,
    /// `dash[i]`: word `i - 1` is a dash (`LAO ĐỘNG -`): a line ending so is returned, as a
    /// word split is, but less.
    dash: Vec<bool>,
    /// `preferred[i]`: a break before word `i` is preferred (agency names).
    preferred: Vec<bool>,
}

/// Words that lead the word after them and end a line badly (soft), lower case.
const LEADS: &[&str] =
    &["các", "những", "mọi", "mỗi", "từng", "của", "cho", "về", "tại", "theo", "trong", "trên", "với", "đối", "bị"];
/// Words that never end a line (forbidden), lower case.
const NEVER_LAST: &[&str] = &["và", "hoặc"];

impl<'a> Words<'a> {
    fn new(text: &'a str, kind: Kind) -> Words<'a> {
        let mut words = Vec::new();
        let mut gaps = Vec::new();
        let mut rest = text.trim_matches(' ');
        while !rest.is_empty() {
            let end = rest.find(' ').unwrap_or(rest.len());
            words.push(&rest[..end]);
            let next = rest[end..].trim_start_matches(' ');
            gaps.push(&rest[end..rest.len() - next.len()]);
            rest = next;
        }
        let n = words.len();
        let mut forbidden = title_breaks(&words);
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut leads = vec![false; n + 1];
        let mut preferred = vec![false; n + 1];
        let mut dash = vec![false; n + 1];
        for i in 1..n {
            dash[i] = matches!(words[i - 1], "-" | "–");
            // a mark (the `-` of `LAO ĐỘNG - THƯƠNG BINH`) never starts a line; `VÀ` never ends one
            if !words[i].chars().any(char::is_alphanumeric) || NEVER_LAST.contains(&lower[i - 1].as_str()) {
                forbidden[i] = true;
            }
            leads[i] = LEADS.contains(&lower[i - 1].as_str());
            preferred[i] = lower[i] == "và";
        }
        let bonds = Lexicon::bundled().bonds(&words);
        if kind == Kind::Agency {
            // a place name: its keyword (`TỈNH`, `THÀNH PHỐ`, …) and every word after it, to the
            // end of the name; a keyword inside a word (`XÃ HỘI`) names no place
            let place = (0..n).find(|&i| {
                p::HEADER_PLACE_WORDS.iter().any(|kw| {
                    let kw: Vec<&str> = kw.split(' ').collect();
                    let end = i + kw.len();
                    words[i..].starts_with(&kw)
                        && bonds.get(i).is_none_or(|b| *b != Bond::Word)
                        && bonds.get(end).is_none_or(|b| *b != Bond::Word)
                })
            });
            if let Some(i) = place {
                preferred[i] = i > 0;
                for f in &mut forbidden[i + 1..n] {
                    *f = true;
                }
            }
        }
        Words { words, gaps, forbidden, bonds, leads, dash, preferred }
    }

    /// The line words[i..j] as set.
    fn line(&self, i: usize, j: usize) -> String {
        let mut s = String::new();
        for k in i..j {
            s.push_str(self.words[k]);
            if k + 1 < j {
                s.push_str(self.gaps[k]);
            }
        }
        s
    }

    /// The best lines of at most `width` (widths by `measure`) for `kind`, and their cost.
    fn choose(&self, kind: Kind, width: f32, measure: &dyn Fn(&str) -> f32) -> (Vec<String>, Cost) {
        let n = self.words.len();
        if n <= 1 {
            let w = self.line(0, n);
            let overfull = u32::from(measure(&w) > width + 0.01);
            return (vec![w], Cost { overfull, ..Cost::default() });
        }
        let widths: Vec<f32> = self.words.iter().map(|w| measure(w)).collect();
        let gaps: Vec<f32> = self.gaps.iter().map(|g| measure(g)).collect();
        let agency = kind == Kind::Agency;
        let words_first = agency || kind == Kind::Header;
        let (spans, cost) = search(&widths, &gaps, width, |i, j| {
            let at = |k: usize| k > 0 && k < n;
            // what the break before word i costs (none before the first line)
            let (mut forbidden, mut words, mut soft, mut plain) = (0, 0, 0, 0);
            if at(i) {
                forbidden += u32::from(self.forbidden[i]);
                // a date line broken elsewhere than before `ngày` is returned as a word split is
                // (its smaller size is tried first)
                words += 2 * u32::from(self.bonds[i] == Bond::Word)
                    + u32::from(self.dash[i])
                    + u32::from(kind == Kind::DateLine && self.words[i] != "ngày");
                soft += u32::from(self.bonds[i] == Bond::Phrase) + u32::from(self.leads[i]);
                plain += u32::from(agency && !self.preferred[i]);
            }
            // one word alone: on any line of an agency name, on the last line of a title
            // (a header's words bound by a no-break space are not one word: `(Điều 16)`)
            let bound = kind == Kind::Header && self.words[i].contains('\u{a0}');
            if j - i == 1 && (agency || j == n) && !bound {
                forbidden += 1;
            }
            // an agency name takes one more line rather than split a word or a phrase of its
            // name (`HỘI ĐỒNG / NHÂN DÂN`); a title keeps to as few lines as filling needs
            let (third, fourth, soft) = if words_first { (words, soft, 1) } else { (1, words, soft) };
            Cost { overfull: 0, forbidden, third, fourth, soft, plain, longest: 0.0 }
        });
        (spans.into_iter().map(|(i, j)| self.line(i, j)).collect(), cost)
    }
}

/// The best way to set `widths.len()` words (each `widths[k]` wide, `gaps[k]` of space after it)
/// as lines at most `width` wide: the lines' spans and their cost, each line's cost given by
/// `judge(first word, end)` (its width and whether it is too wide added here). Past 200 words,
/// lines wider than the box are not tried, so a text of thousands of words stays linear.
fn search(
    widths: &[f32],
    gaps: &[f32],
    width: f32,
    judge: impl Fn(usize, usize) -> Cost,
) -> (Vec<(usize, usize)>, Cost) {
    let n = widths.len();
    let prune = n > 200;
    // best[j]: the best way to set words[..j] as whole lines, and where its last line starts
    let mut best: Vec<Option<(Cost, usize)>> = vec![None; n + 1];
    best[0] = Some((Cost::default(), 0));
    for j in 1..=n {
        let mut line_width = 0.0;
        for i in (0..j).rev() {
            line_width += widths[i] + if i + 1 < j { gaps[i] } else { 0.0 };
            if prune && j - i > 1 && line_width > width {
                break;
            }
            let Some((before, _)) = best[i] else { continue };
            let line = Cost { overfull: u32::from(line_width > width + 0.01), longest: line_width, ..judge(i, j) };
            let cost = before.then(line);
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
    (spans, best[n].map(|(c, _)| c).unwrap_or_default())
}

/// Lines chosen for an element, and the size they are set at.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    /// The lines.
    pub lines: Vec<String>,
    /// The size.
    pub size: Pt,
}

/// The lines of an agency name (upper case, a line feed where the input breaks it) set in a box
/// `width` wide at the first of `sizes` (largest first) where no line is too wide, nothing
/// forbidden is broken and no word is split, else at the size where least is; `measure` gives a
/// width at 1 pt. An explicit break in the input wins: each segment is broken by the rules.
pub fn agency(text: &str, width: f32, sizes: &[Pt], measure: &dyn Fn(&str) -> f32) -> Chosen {
    remembered(Kind::Agency, text, width, sizes, measure, agency_unremembered)
}

fn agency_unremembered(text: &str, width: f32, sizes: &[Pt], measure: &dyn Fn(&str) -> f32) -> Chosen {
    let segments: Vec<Words> =
        text.split('\n').filter(|s| !s.trim().is_empty()).map(|s| Words::new(s.trim(), Kind::Agency)).collect();
    at_sizes(sizes, true, |size| {
        let mut lines = Vec::new();
        let mut cost = Cost::default();
        for w in &segments {
            let (l, c) = w.choose(Kind::Agency, width, &|s| measure(s) * size.0);
            lines.extend(l);
            cost = cost.then(c);
        }
        (lines, cost)
    })
}

/// The first of `sizes` whose lines nothing would be returned for, else the one with least.
fn at_sizes(sizes: &[Pt], words_first: bool, set: impl Fn(Pt) -> (Vec<String>, Cost)) -> Chosen {
    let mut best: Option<(Chosen, (u32, u32, u32))> = None;
    for &size in sizes {
        let (lines, cost) = set(size);
        let returned = cost.returned(words_first);
        if best.as_ref().is_none_or(|(_, b)| returned < *b) {
            best = Some((Chosen { lines, size }, returned));
        }
        if returned == (0, 0, 0) {
            break;
        }
    }
    best.map(|(c, _)| c).unwrap_or(Chosen { lines: Vec::new(), size: sizes.first().copied().unwrap_or(Pt(0.0)) })
}

/// A line that is one line when it fits (the date line, ô 4): at the first of `sizes` where it
/// fits on one line, else broken as a title at the size where least is returned.
pub fn one_line(text: &str, width: f32, sizes: &[Pt], measure: &dyn Fn(&str) -> f32) -> Chosen {
    remembered(Kind::DateLine, text, width, sizes, measure, one_line_unremembered)
}

fn one_line_unremembered(text: &str, width: f32, sizes: &[Pt], measure: &dyn Fn(&str) -> f32) -> Chosen {
    let words = Words::new(text, Kind::DateLine);
    if let Some(&size) = sizes.iter().find(|s| measure(text) * s.0 <= width + 0.01) {
        return Chosen { lines: vec![text.to_owned()], size };
    }
    // broken, at the largest size its lines fit at
    at_sizes(sizes, false, |size| words.choose(Kind::DateLine, width, &|s| measure(s) * size.0))
}

/// Lines chosen before on this thread, by what chose them: a batch's units share their titles,
/// date lines and addressees, and choosing weighs every way. What measures is part of the key
/// by the width it gives a probe text (the same face at the same size gives the same).
type Memo = std::collections::HashMap<(Kind, String, u32, Vec<u32>, u32), Chosen>;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::new());
}

/// `choose(text, width, sizes, measure)`, remembered (at most 1,024 choices a thread).
fn remembered(
    kind: Kind,
    text: &str,
    width: f32,
    sizes: &[Pt],
    measure: &dyn Fn(&str) -> f32,
    choose: impl Fn(&str, f32, &[Pt], &dyn Fn(&str) -> f32) -> Chosen,
) -> Chosen {
    let probe = measure("ĐẾGHMỪ mnwảư 09").to_bits();
    let key = (kind, text.to_owned(), width.to_bits(), sizes.iter().map(|s| s.0.to_bits()).collect(), probe);
    if let Some(c) = MEMO.with(|m| m.borrow().get(&key).cloned()) {
        return c;
    }
    let chosen = choose(text, width, sizes, measure);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 1024 {
            m.clear();
        }
        m.insert(key, chosen.clone());
    });
    chosen
}

/// Where a centred title may not break: inside a quotation (`“4 lớp”`) or a date phrase
/// (`tháng 5 năm 2020`), or between a number and the word that names it. `true` at `i`: no break
/// between words `i-1` and `i`.
fn title_breaks(words: &[&str]) -> Vec<bool> {
    let n = words.len();
    let mut forbidden = vec![false; n + 1];
    let mut quoted = false;
    for i in 0..n {
        if quoted {
            forbidden[i] = true;
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
            forbidden[i + 1] = true;
            if words.get(i + 2) == Some(&"tháng") {
                forbidden[i + 2] = true;
            }
        }
        // an undated date's gaps: `ngày      tháng      năm 2020`
        if (day == "ngày" && words[i + 1] == "tháng") || (day == "tháng" && words[i + 1] == "năm") {
            forbidden[i + 1] = true;
        }
        // a number stays with the word that names it: `năm 2020`, `cấp độ 3`
        if p::BIND_BEFORE_NUMBER.contains(&day.as_str()) && number(words[i + 1]) {
            forbidden[i + 1] = true;
        }
        if day == "tháng" && number(words[i + 1]) {
            forbidden[i + 1] = true;
            if i + 3 < n + 1 && words.get(i + 2) == Some(&"năm") && words.get(i + 3).is_some_and(|w| number(w)) {
                forbidden[i + 2] = true;
                forbidden[i + 3] = true;
            }
        }
    }
    forbidden
}

/// A table header cell's text in a column `width` wide: one more line rather than a word of the
/// lexicon split, no word alone on its last line, as few and as even lines as that allows.
pub fn header(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    remembered(Kind::Header, text, width, &[], measure, |t, w, _, m| {
        let words = Words::new(t, Kind::Header);
        let n = words.words.len();
        let lines = if n <= 1 || m(&words.line(0, n)) <= w + 0.01 {
            vec![words.line(0, n)]
        } else {
            words.choose(Kind::Header, w, m).0
        };
        Chosen { lines, size: Pt(0.0) }
    })
    .lines
}

/// A centred title (trích yếu, appendix title) broken into balanced lines at most `width` wide:
/// as few lines as the rules allow, never inside a quotation or a date phrase, never one word
/// alone on the last line, no word split where another break serves, the longest line as short
/// as possible (format.md, "Title"). Words are separated by spaces; a no-break space binds.
pub fn balanced(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    // (the title kind with no sizes: a balanced title, not a date line)
    remembered(Kind::Title, text, width, &[], measure, |t, w, _, m| Chosen {
        lines: balanced_unremembered(t, w, m),
        size: Pt(0.0),
    })
    .lines
}

fn balanced_unremembered(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let words = Words::new(text, Kind::Title);
    let n = words.words.len();
    if n <= 1 || measure(&words.line(0, n)) <= width + 0.01 {
        return vec![words.line(0, n)];
    }
    words.choose(Kind::Title, width, measure).0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake width: one unit a character.
    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    fn set(text: &str, width: f32) -> Vec<String> {
        agency(text, width, &[Pt(1.0)], &chars).lines
    }

    #[test]
    fn a_header_splits_no_word_where_another_line_serves() {
        let fonts = crate::font::Fonts::bundled();
        let face = fonts.face(crate::font::Style::Bold);
        let m = |s: &str| face.width(s, crate::profile::SIZE_TABLE).0;
        assert_eq!(header("Tiêu chí (Điều\u{a0}16)", 82.3, &m), ["Tiêu chí", "(Điều\u{a0}16)"]);
        assert_eq!(header("Nhóm tiêu chí, yêu cầu", 60.0, &m), ["Nhóm", "tiêu chí,", "yêu cầu"]);
        assert_eq!(header("Tên hệ thống thông tin", 110.0, &m), ["Tên hệ thống", "thông tin"]);
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
