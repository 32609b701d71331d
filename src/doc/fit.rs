//! Which rows may outgrow a page, decided the same way for both renderers (the DOCX cannot ask the
//! layout): a row whose height is at least [`SPLIT_SHARE`] of the page body by a lower bound is
//! let split across pages (no `w:cantSplit` in the DOCX; continued on the next page in the PDF,
//! header row repeated), so no reader has a row taller than a page it cannot split (Word cuts such
//! a row off at the page's foot). Every other row is kept whole.

use std::borrow::Cow;

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

/// Where a word too long for its column may break: after `.`, `/`, `-`, `–`, `:` or `@` (or a run
/// of them, as `://`) with more of the word after it, not after a host name's or an e-mail
/// address's hyphen nor before an address block's prefix length (an IP address, a host name, a CVE id, a path), so no line starts with a lone
/// bracket or mark. Char indices after which a break may fall.
pub fn word_breaks(word: &str) -> Vec<usize> {
    let chars: Vec<char> = word.chars().collect();
    breaks_of(word, &chars, true)
}

/// Where a word too long for its column may break when [`word_breaks`] leaves a piece still too
/// long: after any `.`, `/`, `-`, `–`, `:` or `@` (or a run of them) with more of the word after it.
pub fn any_breaks(word: &str) -> Vec<usize> {
    let chars: Vec<char> = word.chars().collect();
    breaks_of(word, &chars, false)
}

/// [`word_breaks`] (`strict`) or [`any_breaks`] of `word`, whose characters are `chars`.
fn breaks_of(word: &str, chars: &[char], strict: bool) -> Vec<usize> {
    let separator = |c: char| matches!(c, '.' | '/' | '-' | '–' | ':' | '@');
    // a host name, an e-mail address, a URL: its hyphens belong to its labels (`vietbac-soc`), a
    // break there would read as a hyphenated word
    let host = strict && (word.contains('@') || word.contains("://") || word.matches('.').count() >= 2);
    (0..chars.len().saturating_sub(1))
        .filter(|&i| {
            let c = chars[i];
            // after a run of separators (`https://`), with more of the word after it
            separator(c)
                && !separator(chars[i + 1])
                && chars[i + 1..].iter().any(|c| c.is_alphanumeric())
                && !(host && c == '-')
                // an address block's prefix length stays with it (`10.50.0.0/16`)
                && !(strict && c == '/' && {
                    let digits = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    (1..=3).contains(&digits) && chars.get(i + 1 + digits).is_none_or(|c| !c.is_alphanumeric())
                })
        })
        .map(|i| i + 1)
        .collect()
}

/// The widest piece of a word (its `chars`) between `breaks`, each piece measured as
/// [`crate::font::Face::width`] measures it: the sum of its characters' advances.
fn widest_piece(chars: &[char], breaks: &[usize], advance: &dyn Fn(char) -> f32) -> f32 {
    let mut from = 0;
    let mut widest = 0.0f32;
    for &at in breaks.iter().chain([chars.len()].iter()) {
        let piece: f32 = chars[from..at].iter().map(|&c| advance(c)).sum();
        widest = widest.max(piece);
        from = at;
    }
    widest
}

/// A cell's text: its one span's, borrowed (most cells), else its spans and line feeds joined.
fn cell_text(cell: &super::Cell) -> std::borrow::Cow<'_, str> {
    match cell.inlines.as_slice() {
        [Inline::Text(s)] => std::borrow::Cow::Borrowed(s.text.as_str()),
        inlines => std::borrow::Cow::Owned(super::plain_text(inlines)),
    }
}

/// A table's column widths from what its columns hold, as shares of `total` (format.md, "Body"):
/// - every column at least the widest word of its header that a line may not split (a word of the
///   lexicon: `hệ thống`, `cấp độ`), so a header breaks by sense ([`header_lines`]);
/// - a column of short values (each line of each cell at most three words: a level, a date, a
///   number, `x`, `Đã kết nối`, an address) its longest line first, so it never wraps; any other
///   column at least its longest unbreakable word (a no-break space binds);
/// - the width left shared among the columns of longer text in proportion to how much text each
///   holds (the rows then as short as they can be), none wider than its longest line (or its
///   header's) needs; what is still left goes to every column in proportion to its width.
///
/// When that does not fit, a short column's values may wrap between their words; then a longer
/// text's words may break at their own separators ([`word_breaks`]: `Content-Security-Policy`),
/// a short column's tokens (a host name, an address) kept whole; then every word may. Header
/// cells are measured bold. Rows made one at a time (a consolidated report's units) are not
/// measured.
pub fn column_widths(header: &[super::Cell], rows: &[Vec<super::Cell>], total: Pt, fonts: &Fonts) -> Vec<f32> {
    let n = header.len();
    // the cell's padding as the DOCX states it (whole twips), and 1 pt to spare for the rounding
    // of the widths and the readers' own measuring
    let pad = Pt(p::TABLE_CELL_PADDING_X.twips() as f32 / 20.0).0 * 2.0 + 1.0;
    // per column: the longest word, the longest piece of a word, the longest line; of the body:
    // the longest line, whether every line is short, how much text
    let (mut word_min, mut piece_min, mut line_max) = (vec![pad; n], vec![pad; n], vec![pad; n]);
    let mut loose_min = vec![pad; n];
    let (mut body_max, mut short, mut amount) = (vec![pad; n], vec![true; n], vec![0.0f32; n]);
    let (mut head_min, mut head_line) = (vec![pad; n], vec![pad; n]);
    let regular = fonts.face(Style::Regular);
    let bold_face = fonts.face(Style::Bold);
    let mut chars: Vec<char> = Vec::new();
    // the table as `shortest` counts it: the header row, then the body's, each cell its lines as
    // the widths of their words (a header in bold, a body cell in the regular face)
    let mut table = Measured::with_capacity(n, rows.len() + 1);
    let mut measure = |table: &mut Measured, c: usize, cell: &super::Cell, bold: bool| {
        let text = cell_text(cell);
        let any_bold = cell.inlines.iter().any(|i| matches!(i, Inline::Text(t) if t.bold));
        let face = fonts.face(Style::of(bold || any_bold, false));
        // a body cell with a bold span is measured here in bold, counted in the regular face
        let counted = (any_bold && !bold).then_some(regular);
        let advance = |ch: char| face.advance(ch, p::SIZE_TABLE).0;
        let space = face.width(" ", p::SIZE_TABLE).0;
        // a word ends at a space, a line at a line feed (an empty word is none, an empty line is
        // one)
        for line in text.split('\n') {
            let (mut line_width, mut words) = (0.0f32, 0);
            for word in line.split(' ').filter(|w| !w.is_empty()) {
                // its width as `Face::width` adds it up; whether it has a separator (a place it
                // may break)
                let w = face.width(word, p::SIZE_TABLE).0;
                let separated =
                    word.bytes().any(|b| matches!(b, b'.' | b'/' | b'-' | b':' | b'@')) || word.contains('–');
                table.words.push(counted.map_or(w, |f| f.width(word, p::SIZE_TABLE).0));
                line_width += w + if words > 0 { space } else { 0.0 };
                words += 1;
                let whole = w + pad;
                word_min[c] = word_min[c].max(whole);
                // a word with no place to break is its one piece (most words)
                if !separated {
                    piece_min[c] = piece_min[c].max(whole);
                    loose_min[c] = loose_min[c].max(whole);
                } else {
                    chars.clear();
                    chars.extend(word.chars());
                    piece_min[c] =
                        piece_min[c].max(widest_piece(&chars, &breaks_of(word, &chars, true), &advance) + pad);
                    loose_min[c] =
                        loose_min[c].max(widest_piece(&chars, &breaks_of(word, &chars, false), &advance) + pad);
                }
            }
            line_max[c] = line_max[c].max(line_width + pad);
            if bold {
                head_line[c] = head_line[c].max(line_width + pad);
                head_min[c] = head_min[c].max(header_word_min(line, bold_face) + pad);
            } else {
                body_max[c] = body_max[c].max(line_width + pad);
                amount[c] += line_width;
                short[c] &= words <= 3;
            }
            table.line_ends.push(table.words.len() as u32);
        }
        table.cell_ends.push(table.line_ends.len() as u32);
    };
    table.row(n);
    for (c, cell) in header.iter().enumerate() {
        measure(&mut table, c, cell, true);
    }
    for row in rows {
        table.row(row.len().min(n));
        for (c, cell) in row.iter().enumerate().take(n) {
            measure(&mut table, c, cell, false);
        }
    }
    let total = total.0;
    let sum = |v: &[f32]| v.iter().sum::<f32>();
    let measured = !rows.is_empty();
    // each column's least width, by what it holds, the first of these that fits: a short column's
    // line whole, every word whole; a short column's words whole, a longer text's words whole;
    // a short column's words whole (its tokens: a host, an address), a longer text broken only at
    // its words' own separators; every word broken only at its separators
    let levels: [Vec<f32>; 6] = [
        (0..n)
            .map(|c| head_min[c].max(word_min[c]).max(if short[c] && measured { body_max[c] } else { 0.0 }))
            .collect(),
        (0..n).map(|c| head_min[c].max(word_min[c])).collect(),
        (0..n).map(|c| head_min[c].max(if short[c] { word_min[c] } else { piece_min[c] })).collect(),
        (0..n).map(|c| head_min[c].max(piece_min[c])).collect(),
        piece_min.clone(),
        loose_min.clone(),
    ];
    let Some(least) = levels.into_iter().find(|l| sum(l) <= total) else {
        return loose_min.iter().map(|l| l / sum(&loose_min)).collect();
    };
    let mut widths = least;
    // each text column up to what its longest line (or its header on one line) takes
    let most: Vec<f32> = (0..n).map(|c| line_max[c].max(head_line[c])).collect();
    // first where it makes the table shortest, then in proportion to the text
    if rows.len() * n <= 2_000 {
        shortest(&mut widths, &most, &table, total, pad, regular.width(" ", p::SIZE_TABLE).0);
    }
    let mut open: Vec<usize> = (0..n).filter(|&c| widths[c] < most[c] - 0.01 && amount[c] > 0.0).collect();
    let mut spare = total - sum(&widths);
    while spare > 0.01 && !open.is_empty() {
        let weight: f32 = open.iter().map(|&c| amount[c]).sum();
        let mut given = 0.0;
        for &c in &open {
            let add = (spare * amount[c] / weight).min(most[c] - widths[c]);
            widths[c] += add;
            given += add;
        }
        spare -= given;
        open.retain(|&c| widths[c] < most[c] - 0.01);
    }
    if spare > 0.01 {
        let all = sum(&widths);
        widths.iter_mut().for_each(|w| *w += spare * *w / all);
    }
    widths.iter().map(|w| w / total).collect()
}

/// A table measured as [`shortest`] counts it, flat: each cell its lines, each line the widths of
/// its words (one vector for the whole table, not one a line: a batch measures thousands).
struct Measured {
    /// the columns
    n: usize,
    /// every word's width, cell after cell, line after line
    words: Vec<f32>,
    /// where each line's words end in `words`
    line_ends: Vec<u32>,
    /// where each cell's lines end in `line_ends`
    cell_ends: Vec<u32>,
    /// each row's first cell and its count of cells (the header's `n`, a body row's at most `n`)
    rows: Vec<(usize, usize)>,
}

impl Measured {
    fn with_capacity(n: usize, rows: usize) -> Self {
        Measured {
            n,
            words: Vec::with_capacity(rows * n * 4),
            line_ends: Vec::with_capacity(rows * n),
            cell_ends: Vec::with_capacity(rows * n),
            rows: Vec::with_capacity(rows),
        }
    }

    /// Starts a row of `cells` cells.
    fn row(&mut self, cells: usize) {
        self.rows.push((self.cell_ends.len(), cells));
    }

    /// The cell of row `r` in column `c`, if the row has one.
    fn cell(&self, r: usize, c: usize) -> Option<usize> {
        let (first, cells) = self.rows[r];
        (c < cells).then_some(first + c)
    }

    /// A cell's lines, each the widths of its words.
    fn lines(&self, cell: usize) -> impl Iterator<Item = &[f32]> + '_ {
        let from = if cell == 0 { 0 } else { self.cell_ends[cell - 1] as usize };
        (from..self.cell_ends[cell] as usize).map(move |l| {
            let start = if l == 0 { 0 } else { self.line_ends[l - 1] as usize };
            &self.words[start..self.line_ends[l] as usize]
        })
    }
}

/// The lines a cell (its lines as the widths of their words) takes in a column `width` wide
/// (`pad` its padding), filled as a line breaker fills them; a word wider than the column is
/// broken over lines of its own.
fn cell_lines<'a>(cell: impl Iterator<Item = &'a [f32]>, width: f32, pad: f32, space: f32) -> usize {
    let inner = width - pad;
    cell.map(|line| {
        let (mut count, mut at) = (1, 0.0f32);
        for (i, w) in line.iter().enumerate() {
            if i > 0 && at + space + w > inner {
                count += 1;
                at = *w;
            } else {
                at += if i > 0 { space + w } else { *w };
            }
            if at > inner && inner > 0.0 {
                let over = (at / inner).ceil() as usize;
                count += over - 1;
                at -= (over - 1) as f32 * inner;
            }
        }
        count
    })
    .sum::<usize>()
    .max(1)
}

/// The inner width a cell needs for each of its lines to be one line (its words added up as
/// [`cell_lines`] adds them), and that count of lines: no wider column saves it a line.
fn cell_need<'a>(cell: impl Iterator<Item = &'a [f32]>, space: f32) -> (f32, usize) {
    let (mut need, mut lines) = (0.0f32, 0usize);
    for line in cell {
        need = need.max(line.iter().enumerate().fold(0.0f32, |at, (i, w)| at + if i > 0 { space + w } else { *w }));
        lines += 1;
    }
    (need, lines.max(1))
}

/// Widens the columns of `widths` (each at most `most`, all within `total`) where that makes the
/// table shortest: while some column can save lines, the width goes to the one that saves the
/// most lines for each point it takes (its cells' lines counted as a line breaker fills them).
/// `table`: the header row then the body's; `space`: a space's width. Tables of more than 2,000
/// cells are left as they are (their rows are numbers and names).
fn shortest(widths: &mut [f32], most: &[f32], table: &Measured, total: f32, pad: f32, space: f32) {
    let n = widths.len();
    debug_assert_eq!(n, table.n);
    if table.rows.len() < 2 {
        return;
    }
    let needs: Vec<(f32, usize)> = (0..table.cell_ends.len()).map(|id| cell_need(table.lines(id), space)).collect();
    let lines_of = |id: usize, width: f32| -> usize {
        let (need, least) = needs[id];

        // every line whole already, with room to spare for the rounding of a sum: no wider
        // column saves a line
        if width - pad > need + 0.01 {
            least
        } else {
            cell_lines(table.lines(id), width, pad, space)
        }
    };
    // the lines of each cell at the current widths; a row's height is its tallest cell
    let mut at: Vec<usize> = Vec::with_capacity(needs.len());
    for &(first, cells) in &table.rows {
        at.extend((0..cells).map(|c| lines_of(first + c, widths[c])));
    }
    // what is known of each cell from the widths tried: at its current count of lines, the widest
    // width known to keep them and the narrowest known to save one (a cell never takes more
    // lines in a wider column), so a width is measured only between the two
    let mut known: Vec<(usize, f32, f32)> = vec![(usize::MAX, 0.0, f32::INFINITY); needs.len()];
    let rows = table.rows.len();
    // the rows each column is the tallest cell of, with the row's height and its height without
    // that column
    let mut critical: Vec<Vec<(usize, usize, usize)>> = vec![Vec::with_capacity(rows); n];
    // each row's two tallest cells (the first's column), as the lines of its cells change
    let two_tallest = |at: &[usize], r: usize| {
        let (first_cell, cells) = table.rows[r];
        let (mut first, mut column, mut second) = (0, usize::MAX, 0);
        for (k, &l) in at[first_cell..first_cell + cells].iter().enumerate() {
            if column == usize::MAX || l > first {
                second = if column == usize::MAX { 0 } else { first };
                first = l;
                column = k;
            } else {
                second = second.max(l);
            }
        }
        (first, column, second)
    };
    let mut tallest: Vec<(usize, usize, usize)> = (0..rows).map(|r| two_tallest(&at, r)).collect();
    loop {
        let spare = total - widths.iter().sum::<f32>();
        if spare < 0.5 {
            return;
        }
        // a row is only lower when its tallest cell takes fewer lines wider and no other is as
        // tall
        critical.iter_mut().for_each(Vec::clear);
        for (r, &(first, column, second)) in tallest.iter().enumerate() {
            if column != usize::MAX && first > second {
                critical[column].push((r, first, second));
            }
        }
        // the best (lines saved per point, column, width to add)
        let mut best: Option<(f32, usize, f32)> = None;
        for c in 0..n {
            let rows_of = &critical[c];
            if rows_of.is_empty() {
                continue;
            }
            let room = (most[c] - widths[c]).min(spare);
            let cell = |r: usize| table.cell(r, c).unwrap_or(usize::MAX);
            // whether the cell `id`, `now` lines high at the column's width, is lower at `width`
            let mut saves = |id: usize, now: usize, width: f32| -> bool {
                let k = &mut known[id];
                if k.0 != now {
                    *k = (now, widths[c], f32::INFINITY);
                }
                if width <= k.1 {
                    return false;
                }
                if width >= k.2 {
                    return true;
                }
                let lower = lines_of(id, width) < now;
                if lower {
                    k.2 = width;
                } else {
                    k.1 = width;
                }
                lower
            };
            // at most 24 widths tried a column (2 pt apart, or wider steps in a wide room)
            let step = (room / 24.0).max(2.0);
            let mut add = step.min(room);
            let mut found = None;
            while add > 0.0 && add <= room + 0.01 {
                let width = widths[c] + add;
                if rows_of.iter().any(|&(r, now, _)| saves(cell(r), now, width)) {
                    let saved: usize = rows_of
                        .iter()
                        .map(|&(r, now, others)| {
                            let (lines, keeps, _) = known[cell(r)];
                            if lines == now && keeps >= width {
                                0
                            } else {
                                now - lines_of(cell(r), width).max(others).min(now)
                            }
                        })
                        .sum();
                    found = Some((saved, add));
                    break;
                }
                add += step;
            }
            if let Some((saved, add)) = found {
                let rate = saved as f32 / add;
                if best.as_ref().is_none_or(|(r, ..)| rate > *r) {
                    best = Some((rate, c, add));
                }
            }
        }
        let Some((_, c, add)) = best else { return };
        widths[c] += add;
        for (r, row_tallest) in tallest.iter_mut().enumerate() {
            if let Some(id) = table.cell(r, c) {
                // a cell known to keep its lines at the new width is not measured again
                let (lines, keeps, _) = known[id];
                if !(lines == at[id] && keeps >= widths[c]) {
                    let now = lines_of(id, widths[c]);
                    if now != at[id] {
                        at[id] = now;
                        *row_tallest = two_tallest(&at, r);
                    }
                }
            }
        }
    }
}

/// The widest group of a header line's words (bold, at the table's size) that a line may not
/// split: the words of one word of the lexicon (`hệ thống`, `cấp độ`, `địa chỉ`), a number with
/// the word that names it. Remembered (at most 1,024 lines a thread): a batch's tables share
/// their headers.
fn header_word_min(line: &str, face: &crate::font::Face) -> f32 {
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<String, f32>> = Default::default();
    }
    if let Some(w) = MEMO.with_borrow(|m| m.get(line).copied()) {
        return w;
    }
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
    let mut widest = 0.0f32;
    if !words.is_empty() {
        let bonds = super::lexicon::Lexicon::bundled().bonds(&words);
        let number = |w: &str| w.starts_with(|c: char| c.is_ascii_digit() || c == '(');
        let mut from = 0;
        for i in 1..=words.len() {
            let holds = i < words.len() && (bonds[i] == super::lexicon::Bond::Word || number(words[i]));
            if !holds {
                widest = widest.max(face.width(&words[from..i].join(" "), p::SIZE_TABLE).0);
                from = i;
            }
        }
    }
    MEMO.with_borrow_mut(|m| {
        if m.len() >= 1024 {
            m.clear();
        }
        m.insert(line.to_owned(), widest);
    });
    widest
}

/// A header cell's lines at a column `inner` wide (its padding off), chosen by sense
/// ([`super::breaks::header`]): no word of the lexicon split where another line
/// serves, no word alone, lines as even as they can be; a line feed it has is kept. Both
/// renderers set these lines.
pub fn header_lines(cell: &super::Cell, inner: Pt, fonts: &Fonts) -> super::Cell {
    let [Inline::Text(span)] = cell.inlines.as_slice() else { return cell.clone() };
    if span.text.contains('\n') {
        return cell.clone();
    }
    let face = fonts.face(Style::of(true, span.italic));
    // as an agency name is broken: one more line rather than a word split (a narrow column)
    let lines = super::breaks::header(&span.text, inner.0, &|s| face.width(s, p::SIZE_TABLE).0);
    let mut inlines = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        if i > 0 {
            inlines.push(Inline::Break);
        }
        inlines.push(Inline::Text(super::Span { text: line, ..span.clone() }));
    }
    super::Cell { inlines }
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
pub fn cell_breaks<'a>(inlines: &'a [Inline], inner: Pt, bold: bool, fonts: &Fonts) -> Cow<'a, [Inline]> {
    word_marks(inlines, inner, p::SIZE_TABLE, bold, fonts)
}

/// A body paragraph's text as both renderers set it in lines `width` wide, at the body's size
/// ([`word_marks`]): a symbol (`45/QĐ-SKHCN`), a host name, an address or a hyphenated word
/// stays whole in running text as in a cell.
pub fn running_breaks<'a>(inlines: &'a [Inline], width: Pt, bold: bool, fonts: &Fonts) -> Cow<'a, [Inline]> {
    word_marks(inlines, width, p::SIZE_BODY, bold, fonts)
}

/// Whether a line breaker finds no place inside any word of `text` (what spaces delimit):
/// letters and digits (UAX #14's AL and NU), with opening brackets and quotation marks before
/// them and closing ones and punctuation after (`(Bắc`, `Ninh),`, `“4`, `lớp”.`). One pass over
/// the text, each word read as opening marks, then letters and digits, then closing marks (as
/// trimming the marks off both ends and checking what is left).
fn unbreakable(text: &str) -> bool {
    // what a character is to a word: 0 a space, 1 an opening mark, 2 a letter or digit, 3 a
    // closing mark, 4 a quotation mark (opening or closing), 5 anything else
    const fn ascii(b: u8) -> u8 {
        match b {
            b' ' => 0,
            b'(' | b'[' => 1,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => 2,
            b',' | b'.' | b';' | b':' | b'!' | b'?' | b')' | b']' => 3,
            b'"' | b'\'' => 4,
            _ => 5,
        }
    }
    const ASCII: [u8; 128] = {
        let mut t = [5u8; 128];
        let mut b = 0;
        while b < 128 {
            t[b] = ascii(b as u8);
            b += 1;
        }
        t
    };
    let class = |c: char| match c {
        _ if c.is_ascii() => ASCII[c as usize],
        '“' => 1,
        '”' => 3,
        _ if matches!(c as u32, 0xC0..=0x24F | 0x1EA0..=0x1EFF) && crate::vn::is_letter(c) => 2,
        _ => 5,
    };
    let mut phase = 0;
    for c in text.chars() {
        phase = match (phase, class(c)) {
            (_, 0) => 0,
            (0, 1 | 4) => 0,
            (0 | 1, 2) => 1,
            (_, 3 | 4) => 2,
            _ => return false,
        };
    }
    true
}

/// Text as both renderers set it in lines `inner` wide at `size`: a word that fits is never
/// broken (a [`NO_BREAK`] wherever a line breaker would break inside it: after a `-` or a `/`);
/// a word too long for the line may break only after `.`, `/`, `-` or `:` ([`word_breaks`], a
/// [`BREAK`] there), never leaving a lone bracket (format.md, "Body"). A word is what spaces
/// delimit; a no-break space binds (a phone number's groups: [`bind_tokens`]). The marks are
/// zero-width; the PDF draws nothing for them. Text with no such word (most) is given back as
/// it is.
pub fn word_marks<'a>(inlines: &'a [Inline], inner: Pt, size: Pt, bold: bool, fonts: &Fonts) -> Cow<'a, [Inline]> {
    let plain = |i: &Inline| match i {
        Inline::Text(s) => unbreakable(&s.text),
        Inline::Break => true,
    };
    let Some(first) = inlines.iter().position(|i| !plain(i)) else {
        return Cow::Borrowed(inlines);
    };
    inlines
        .iter()
        .enumerate()
        .map(|(k, i)| match i {
            Inline::Text(_) if k < first || (k > first && plain(i)) => i.clone(),
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
                        // a host's hyphens and a block's prefix too, when a piece is still too long
                        let chars: Vec<char> = word.chars().collect();
                        let strict = breaks_of(word, &chars, true);
                        let advance = |c: char| face.advance(c, size).0;
                        let breaks = if widest_piece(&chars, &strict, &advance) <= inner.0 {
                            strict
                        } else {
                            breaks_of(word, &chars, false)
                        };
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
    // a phone number has a group of digits (or its closing bracket) then a space then a digit
    let bytes = text.as_bytes();
    let grouped = memchr::memchr_iter(b' ', bytes).any(|i| {
        i > 0 && matches!(bytes[i - 1], b'0'..=b'9' | b')') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    });
    if !grouped || text.bytes().filter(u8::is_ascii_digit).count() < 9 {
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
        let text = |inlines: Cow<[Inline]>| match &inlines[0] {
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
        // a host's or an address's hyphen is no place to break, an address block keeps its prefix
        assert_eq!(marks("hotro@vietbac-soc.example.vn;", 70.0), "hotro@|vietbac-soc.|example.|vn;");
        assert_eq!(marks("(e-Manifest,", 30.0), "(e-|Manifest,");
        assert_eq!(marks("10.50.0.0/16)", 30.0), "10.|50.|0.|0/16)");
        // a piece still too long: any separator then
        assert_eq!(marks("stat-app02.bacninh.gov.vn", 30.0), "stat-|app02.|bacninh.|gov.|vn");
    }
}
