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

/// Where a word too long for its column may break: after `.`, `/`, `-`, `–` or `:` with more of the
/// word after it (an IP address, a host name, a CVE id, a path), so no line starts with a lone
/// bracket or mark. Char indices after which a break may fall.
pub fn word_breaks(word: &str) -> Vec<usize> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len().saturating_sub(1))
        .filter(|&i| {
            matches!(chars[i], '.' | '/' | '-' | '–' | ':') && chars[i + 1..].iter().any(|c| c.is_alphanumeric())
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

/// A table cell's text as both renderers set it in a column `inner` wide (its padding off):
/// a word that fits is never broken (a [`NO_BREAK`] after each `-` and `/` inside it, where a
/// line breaker would otherwise break it); a word too long for the column may break only after
/// `.`, `/`, `-` or `:` ([`word_breaks`], a [`BREAK`] there), never leaving a lone bracket
/// (format.md, "Body"). The marks are zero-width; the PDF draws nothing for them.
pub fn cell_breaks(inlines: &[Inline], inner: Pt, bold: bool, fonts: &Fonts) -> Vec<Inline> {
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
                    // letters and digits (UAX #14's AL and NU) never break, and have no mark to
                    // break after
                    if word.chars().all(|c| {
                        c.is_ascii_alphanumeric()
                            || (crate::vn::is_letter(c) && matches!(c as u32, 0xC0..=0x24F | 0x1EA0..=0x1EFF))
                    }) {
                        text.push_str(word);
                        continue;
                    }
                    let chars: Vec<char> = word.chars().collect();
                    if face.width(word, p::SIZE_TABLE).0 <= inner.0 {
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
                            if inside.contains(&at) {
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
