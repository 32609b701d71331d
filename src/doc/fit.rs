//! Which rows may outgrow a page, decided the same way for both renderers (the DOCX cannot ask the
//! layout): a row whose height is at least [`SPLIT_SHARE`] of the page body by a lower bound is
//! let split across pages (no `w:cantSplit` in the DOCX; continued on the next page in the PDF,
//! header row repeated), so no reader has a row taller than a page it cannot split (Word cuts such
//! a row off at the page's foot). Every other row is kept whole.

use crate::font::{Fonts, Style};
use crate::profile::{self as p, Pt};

use super::Inline;

/// A row this share of the page body high (by the lower bound) may split.
pub const SPLIT_SHARE: f32 = 0.6;

/// A lower bound of a row's height: the tallest of its cells, each the sum of its paragraphs'
/// fewest lines (a line-broken piece's width over the box, rounded up).
#[derive(Debug, Default)]
pub struct RowHeight {
    tallest: Pt,
    cell: Pt,
}

impl RowHeight {
    /// Starts the next cell.
    pub fn cell(&mut self) {
        self.tallest = self.tallest.max(self.cell);
        self.cell = Pt(0.0);
    }

    /// A paragraph of the current cell, in a box `width` wide.
    pub fn paragraph(&mut self, inlines: &[Inline], size: Pt, bold: bool, width: Pt, fonts: &Fonts) {
        let (ascent, descent, gap) = fonts.face(Style::Regular).vertical();
        let mut lines = 0usize;
        let mut run = 0.0f32;
        let mut end = |run: &mut f32| {
            lines += ((*run / width.0.max(1.0)).ceil() as usize).max(1);
            *run = 0.0;
        };
        for i in inlines {
            match i {
                Inline::Text(s) => {
                    let face = fonts.face(Style::of(bold || s.bold, false));
                    run += face.width(&s.text, size).0;
                }
                Inline::Break => end(&mut run),
            }
        }
        end(&mut run);
        self.cell = self.cell + size * (ascent + descent + gap) * lines as f32;
    }

    /// A paragraph of plain text (a line feed breaks the line).
    pub fn text(&mut self, text: &str, size: Pt, bold: bool, width: Pt, fonts: &Fonts) {
        self.paragraph(&super::lines(text), size, bold, width, fonts);
    }

    /// Whether the row may outgrow a page (see the module).
    pub fn may_outgrow_page(&self) -> bool {
        let body = p::PAGE_HEIGHT - p::MARGIN_TOP - p::MARGIN_BOTTOM;
        self.tallest.max(self.cell).0 >= body.0 * SPLIT_SHARE
    }
}

/// Where a word too long for its column may break: after `.`, `/`, `-`, `–` or `:` (or a run of
/// them, as `://`) with more of the word after it (an IP address, a host name, a CVE id, a path), so no line starts with a lone
/// bracket or mark. Char indices after which a break may fall.
pub fn word_breaks(word: &str) -> Vec<usize> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len().saturating_sub(1))
        .filter(|&i| {
            let separator = |c: char| matches!(c, '.' | '/' | '-' | '–' | ':');
            // after a run of separators (`https://`), with more of the word after it
            separator(chars[i]) && !separator(chars[i + 1]) && chars[i + 1..].iter().any(|c| c.is_alphanumeric())
        })
        .map(|i| i + 1)
        .collect()
}

/// A table's column widths from its content, as shares of `total` (format.md, "Body"): each
/// column at least its longest unbreakable word (a no-break space binds) and, of the width left,
/// a share in proportion to how much more its longest line would take (the automatic table
/// layout of HTML); all wider in proportion when every line fits. When the words alone do not
/// fit, each column keeps at least its longest piece of a word between the places a word may
/// break ([`word_breaks`]), and the rest is shared likewise.
/// Header cells are measured bold. Rows made one at a time (a consolidated report's units) are
/// not measured.
pub fn column_widths(header: &[super::Cell], rows: &[Vec<super::Cell>], total: Pt, fonts: &Fonts) -> Vec<f32> {
    let n = header.len();
    // the cell's padding as the DOCX states it (whole twips), and 1 pt to spare for the rounding
    // of the widths and the readers' own measuring
    let pad = Pt(p::TABLE_CELL_PADDING_X.twips() as f32 / 20.0).0 * 2.0 + 1.0;
    // per column: the longest word, the longest piece of a word, the longest line
    let (mut word_min, mut piece_min, mut line_max) = (vec![pad; n], vec![pad; n], vec![pad; n]);
    let mut measure = |c: usize, cell: &super::Cell, bold: bool| {
        let text = super::plain_text(&cell.inlines);
        let face =
            fonts.face(Style::of(bold || cell.inlines.iter().any(|i| matches!(i, Inline::Text(t) if t.bold)), false));
        let width = |s: &str| face.width(s, p::SIZE_TABLE).0;
        for line in text.split('\n') {
            line_max[c] = line_max[c].max(width(line) + pad);
            for word in line.split(' ').filter(|w| !w.is_empty()) {
                let whole = width(word) + pad;
                word_min[c] = word_min[c].max(whole);
                // a word with no place to break is its one piece (most words)
                if !word.contains(['.', '/', '-', '–', ':']) {
                    piece_min[c] = piece_min[c].max(whole);
                    continue;
                }
                let chars: Vec<char> = word.chars().collect();
                let mut from = 0;
                for at in word_breaks(word).into_iter().chain([chars.len()]) {
                    let piece: String = chars[from..at].iter().collect();
                    piece_min[c] = piece_min[c].max(width(&piece) + pad);
                    from = at;
                }
            }
        }
    };
    for (c, cell) in header.iter().enumerate() {
        measure(c, cell, true);
    }
    for row in rows {
        for (c, cell) in row.iter().enumerate().take(n) {
            measure(c, cell, false);
        }
    }
    let total = total.0;
    let sum = |v: &[f32]| v.iter().sum::<f32>();
    // `least` + the share of what is left in proportion to how much more each column's longest
    // line would take
    let spread = |least: &[f32]| -> Vec<f32> {
        let spare = total - sum(least);
        let want: Vec<f32> = line_max.iter().zip(least).map(|(m, l)| (m - l).max(0.0)).collect();
        let all = sum(&want);
        least
            .iter()
            .zip(&want)
            .map(|(l, w)| if all > 0.0 { l + spare * w / all } else { l + spare / n as f32 })
            .collect()
    };
    // a little air beside the longest word, where the width allows (TABLE_AIR)
    let aired: Vec<f32> = word_min.iter().zip(&line_max).map(|(w, m)| (w + p::TABLE_AIR.0).min(m.max(*w))).collect();
    let widths: Vec<f32> = if sum(&line_max) <= total {
        line_max.iter().map(|m| m * total / sum(&line_max)).collect()
    } else if sum(&aired) <= total {
        spread(&aired)
    } else if sum(&word_min) <= total {
        spread(&word_min)
    } else if sum(&piece_min) <= total {
        spread(&piece_min)
    } else {
        piece_min.iter().map(|l| l * total / sum(&piece_min)).collect()
    };
    widths.iter().map(|w| w / total).collect()
}

/// Whether a body cell holds a number (a count `1.234`, a fraction `41/45`, a percentage `91,1%`),
/// or nothing, or `-` (none required): a column of them is right-aligned. An IP address is not.
pub fn numeric(cell: &super::Cell) -> bool {
    let text = super::plain_text(&cell.inlines);
    let text = text.trim();
    // each number in the cell (`41/45 (91,1%)` has three) written the Vietnamese way: `.` only
    // between groups of three digits, so an IP address (`14.160.41.1`) is no number
    let vietnamese = |n: &str| {
        let whole = n.split(',').next().unwrap_or("");
        let groups: Vec<&str> = whole.split('.').collect();
        n.matches(',').count() <= 1
            && groups.len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3)
    };
    text.is_empty()
        || text == "-"
        || (text.starts_with(|c: char| c.is_ascii_digit())
            && text.chars().all(|c| c.is_ascii_digit() || ".,/%() ".contains(c))
            && text.split(|c: char| "/%() ".contains(c)).filter(|n| !n.is_empty()).all(vietnamese))
}

/// U+2060 WORD JOINER: no break here (Word, LibreOffice and our layout honour it; drawn as nothing).
pub const NO_BREAK: char = '\u{2060}';
/// U+200B ZERO WIDTH SPACE: a break may fall here (likewise).
pub const BREAK: char = '\u{200B}';

/// A table cell's text as both renderers set it in a column `inner` wide (its padding off), at
/// the table's size ([`word_marks`]).
pub fn cell_breaks(inlines: &[Inline], inner: Pt, bold: bool, fonts: &Fonts) -> Vec<Inline> {
    word_marks(inlines, inner, p::SIZE_TABLE, bold, fonts)
}

/// A body paragraph's text as both renderers set it in lines `width` wide, at the body's size
/// ([`word_marks`]): a symbol (`45/QĐ-SKHCN`), a host name, an address or a hyphenated word
/// stays whole in running text as in a cell.
pub fn running_breaks(inlines: &[Inline], width: Pt, bold: bool, fonts: &Fonts) -> Vec<Inline> {
    word_marks(inlines, width, p::SIZE_BODY, bold, fonts)
}

/// Whether a line breaker finds no place inside `word`: letters and digits (UAX #14's AL and
/// NU), with opening brackets and quotation marks before them and closing ones and punctuation
/// after (`(Bắc`, `Ninh),`, `“4`, `lớp”.`).
fn unbreakable(word: &str) -> bool {
    let core = word
        .trim_start_matches(['(', '[', '“', '"', '\''])
        .trim_end_matches([',', '.', ';', ':', '!', '?', ')', ']', '”', '"', '\'']);
    core.chars().all(|c| {
        c.is_ascii_alphanumeric() || (crate::vn::is_letter(c) && matches!(c as u32, 0xC0..=0x24F | 0x1EA0..=0x1EFF))
    })
}

/// Text as both renderers set it in lines `inner` wide at `size`: a word that fits is never
/// broken (a [`NO_BREAK`] wherever a line breaker would break inside it: after a `-` or a `/`);
/// a word too long for the line may break only after `.`, `/`, `-` or `:` ([`word_breaks`], a
/// [`BREAK`] there), never leaving a lone bracket (format.md, "Body"). A word is what spaces
/// delimit; a no-break space binds (a phone number's groups: [`bind_tokens`]). The marks are
/// zero-width; the PDF draws nothing for them.
pub fn word_marks(inlines: &[Inline], inner: Pt, size: Pt, bold: bool, fonts: &Fonts) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(s) => {
                let face = fonts.face(Style::of(bold || s.bold, s.italic));
                let mut text = String::with_capacity(s.text.len() + 8);
                for (n, word) in s.text.split(' ').enumerate() {
                    if n > 0 {
                        text.push(' ');
                    }
                    if unbreakable(word) {
                        text.push_str(word);
                        continue;
                    }
                    let chars: Vec<char> = word.chars().collect();
                    if face.width(word, size).0 <= inner.0 {
                        // a joiner wherever a line breaker (UAX #14, as ours and LibreOffice's
                        // are) would break inside the word: after a hyphen, a dash, a slash
                        // (and after a hyphen before a digit, where LibreOffice breaks too:
                        // layout::text)
                        let mut inside: Vec<usize> = unicode_linebreak::linebreaks(word)
                            .map(|(at, _)| at)
                            .filter(|&at| at > 0 && at < word.len())
                            .collect();
                        let bytes = word.as_bytes();
                        inside
                            .extend((1..bytes.len()).filter(|&at| bytes[at - 1] == b'-' && bytes[at].is_ascii_digit()));
                        for (at, c) in word.char_indices() {
                            if inside.contains(&at) && !text.ends_with(NO_BREAK) {
                                text.push(NO_BREAK);
                            }
                            text.push(c);
                        }
                    } else {
                        let breaks = word_breaks(word);
                        for (k, c) in chars.iter().enumerate() {
                            text.push(*c);
                            if breaks.contains(&(k + 1)) {
                                text.push(BREAK);
                            }
                        }
                    }
                }
                Inline::Text(super::Span { text, ..s.clone() })
            }
            Inline::Break => Inline::Break,
        })
        .collect()
}

/// `text` with the spaces inside a phone number (`0237 3852 100`, `(0237) 3852 100`, `+84 237
/// 3852 100`) made no-break spaces: a number is read and dialled whole, never across lines.
/// A phone number here: two or more groups of 2–4 digits (the first may be in brackets or start
/// with `+`), the first starting with `0` or `+`, 9 to 12 digits in all.
pub fn bind_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(' ') || text.bytes().filter(u8::is_ascii_digit).count() < 9 {
        return std::borrow::Cow::Borrowed(text);
    }
    let words: Vec<&str> = text.split(' ').collect();
    // a group: optional `(`/`+`, 2–4 digits, optional `)`; the last may end in punctuation
    let group = |w: &str, last: bool| -> Option<usize> {
        let w = if last { w.trim_end_matches([',', '.', ';', ':', ')']) } else { w };
        let w = w.strip_prefix('(').map_or(w, |r| r.strip_suffix(')').unwrap_or(r));
        let w = w.strip_prefix('+').unwrap_or(w);
        let digits = w.len();
        ((2..=4).contains(&digits) && w.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
    };
    let starts = |w: &str| w.trim_start_matches('(').starts_with(['0', '+']);
    let mut bound = vec![false; words.len()];
    let mut i = 0;
    while i < words.len() {
        if !starts(words[i]) || group(words[i], false).is_none() {
            i += 1;
            continue;
        }
        // the longest run of groups from here whose digits make a phone number
        let (mut j, mut digits, mut best) = (i, 0, None);
        while j < words.len() {
            let Some(d) = group(words[j], false).or_else(|| group(words[j], true)) else { break };
            digits += d;
            if j > i && (9..=12).contains(&digits) {
                best = Some(j);
            }
            if group(words[j], false).is_none() {
                break;
            }
            j += 1;
        }
        match best {
            Some(end) => {
                bound[i + 1..=end].iter_mut().for_each(|b| *b = true);
                i = end + 1;
            }
            None => i += 1,
        }
    }
    if !bound.contains(&true) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            out.push(if bound[k] { '\u{a0}' } else { ' ' });
        }
        out.push_str(w);
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_numbers_groups_are_bound() {
        let bound = |t: &str| bind_tokens(t).replace('\u{a0}', "~");
        assert_eq!(bound("điện thoại: 0237 3852 100; email"), "điện thoại: 0237~3852~100; email");
        assert_eq!(bound("(0237) 3852 100."), "(0237)~3852~100.");
        assert_eq!(bound("+84 237 3852 100"), "+84~237~3852~100");
        assert_eq!(bound("0912 345 678, 0913 111 222"), "0912~345~678, 0913~111~222");
        // not a phone number: too few digits, no leading 0 or +, a count
        assert_eq!(bound("tháng 01 năm 2020 có 12 34 56 78 90"), "tháng 01 năm 2020 có 12 34 56 78 90");
        assert_eq!(bound("01 02 03"), "01 02 03");
        assert_eq!(bound("số 0237 và 3852 100"), "số 0237 và 3852 100");
    }

    #[test]
    fn a_word_that_fits_is_never_broken_a_longer_one_at_its_separators() {
        let fonts = Fonts::bundled();
        let text = |inlines: Vec<Inline>| match &inlines[0] {
            Inline::Text(s) => s.text.replace(NO_BREAK, "~").replace(BREAK, "|"),
            Inline::Break => String::new(),
        };
        let marks = |t: &str, w: f32| text(running_breaks(&[Inline::plain(t)], Pt(w), false, fonts));
        assert_eq!(
            marks("Quyết định số 45/QĐ-SKHCN, máy stat-app02 (Ê-đê).", 400.0),
            "Quyết định số 45/~QĐ-~SKHCN, máy stat-~app02 (Ê-~đê)."
        );
        // plain words and words in brackets or quotes are copied as they are
        assert_eq!(marks("“4 lớp” (Bắc Ninh), tỉnh.", 400.0), "“4 lớp” (Bắc Ninh), tỉnh.");
        // wider than the line: at its own separators
        assert_eq!(marks("https://admin.ibps.gov.vn/login", 60.0), "https://|admin.|ibps.|gov.|vn/|login");
    }
}
