//! Line breaking: greedy, at the break opportunities of Unicode line breaking (UAX #14, as
//! LibreOffice and Word use), on kerning-free advance widths, so lines break where the DOCX's do.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::Metrics;
use crate::doc::Inline;
use crate::font::Style;
use crate::profile::Pt;

/// How much a line may exceed its width and still fit: LibreOffice rounds its measurements to
/// its layout unit (a twip), so text a hundredth of a point too wide by our exact sums still fits
/// there (seen on a 13 pt table cell of the assessment sample).
const FIT_TOLERANCE: f32 = 0.01;

/// Text in one style within a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Its face.
    pub style: Style,
    /// Its text (spaces included, trailing spaces of the line excluded).
    pub text: String,
    /// Its natural width.
    pub width: Pt,
}

/// One line of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The styled pieces, in order.
    pub pieces: Vec<Piece>,
    /// Natural width, trailing spaces excluded.
    pub width: Pt,
    /// Spaces inside the line (where justification adds room).
    pub spaces: usize,
    /// The line ends the paragraph or a forced line break: it is not justified.
    pub last: bool,
}

/// The characters of a paragraph with their style; a line break is `\n`.
fn chars_of(inlines: &[Inline], bold: bool, italic: bool) -> Vec<(char, Style)> {
    let len = inlines
        .iter()
        .map(|i| match i {
            Inline::Text(s) => s.text.len(),
            Inline::Break => 1,
        })
        .sum();
    let mut out = Vec::with_capacity(len);
    for i in inlines {
        match i {
            Inline::Text(s) => {
                let style = Style::of(s.bold || bold, s.italic || italic);
                out.extend(s.text.chars().map(|c| (c, style)));
            }
            Inline::Break => out.push(('\n', Style::of(bold, italic))),
        }
    }
    out
}

/// Where lines may break, as `(char index, mandatory)`, one per position, in order: UAX #14's
/// opportunities as LibreOffice's line breaking (ICU, tailored) differs from them where our
/// reports meet it, measured on LibreOffice's PDFs of the samples:
/// - no break after a slash inside a word ("08/2020/HĐDV");
/// - after a hyphen, a break before a digit too ("CVE-2020-|14882", "san-|02");
/// - a break before a slash that follows a space ("đường dẫn |/console").
fn opportunities(chars: &[(char, Style)]) -> Vec<(usize, bool)> {
    let text: String = chars.iter().map(|(c, _)| *c).collect();
    // byte offset → char index, for the offsets UAX #14 gives
    let mut byte_to_char = vec![0usize; text.len() + 1];
    for (ci, (bi, _)) in text.char_indices().enumerate() {
        byte_to_char[bi] = ci;
    }
    byte_to_char[text.len()] = chars.len();
    let mut ops: Vec<(usize, bool)> = linebreaks(&text)
        .map(|(b, op)| (byte_to_char[b], op == BreakOpportunity::Mandatory))
        .filter(|&(i, mandatory)| mandatory || i == 0 || chars[i - 1].0 != '/')
        .collect();
    let before = ops.len();
    for i in 1..chars.len().saturating_sub(1) {
        let (prev, c, next) = (chars[i - 1].0, chars[i].0, chars[i + 1].0);
        if c == '-' && prev.is_alphanumeric() && next.is_ascii_digit() {
            ops.push((i + 1, false));
        }
    }
    for i in 0..chars.len().saturating_sub(1) {
        if chars[i].0 == ' ' && chars[i + 1].0 == '/' {
            ops.push((i + 1, false));
        }
    }
    if ops.len() > before {
        ops.sort_unstable();
        // one opportunity a position; mandatory wins
        ops.dedup_by(|later, kept| {
            if later.0 == kept.0 {
                kept.1 |= later.1;
                true
            } else {
                false
            }
        });
    }
    ops
}

/// Breaks `inlines` into lines: the first line `first` wide, the others `rest` wide, at `size`.
/// `bold`/`italic` are added to every run (headings, table headers).
pub fn break_lines(
    inlines: &[Inline],
    size: Pt,
    bold: bool,
    italic: bool,
    first: Pt,
    rest: Pt,
    m: &dyn Metrics,
) -> Vec<Line> {
    let chars = chars_of(inlines, bold, italic);
    // the table cells' break marks (doc::fit) take no room and are not drawn
    let mark = |c: char| c == crate::doc::fit::NO_BREAK || c == crate::doc::fit::BREAK;
    let widths: Vec<f32> =
        chars.iter().map(|&(c, style)| if mark(c) { 0.0 } else { m.advance(style, c) * size.0 }).collect();
    let is_blank = |c: char| c == ' ' || c == '\n';

    let mut lines = Vec::new();
    // the current line: chars start..end (always contiguous), its width with trailing spaces
    let (mut start, mut end) = (0usize, 0usize);
    let mut cur_width = Pt(0.0);
    let avail = |lines: &Vec<Line>| if lines.is_empty() { first } else { rest };
    let sum = |from: usize, to: usize| Pt(widths[from..to].iter().sum());

    let flush = |start: &mut usize, end: usize, cur_width: &mut Pt, lines: &mut Vec<Line>, last: bool| {
        let mut stop = end;
        while stop > *start && is_blank(chars[stop - 1].0) {
            stop -= 1;
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut spaces = 0;
        let mut width = Pt(0.0);
        for i in *start..stop {
            let (c, style) = chars[i];
            if mark(c) {
                continue;
            }
            if c == ' ' {
                spaces += 1;
            }
            let w = Pt(widths[i]);
            width = width + w;
            match pieces.last_mut() {
                Some(p) if p.style == style => {
                    p.text.push(c);
                    p.width = p.width + w;
                }
                _ => {
                    let mut text = String::with_capacity((stop - i) * 2);
                    text.push(c);
                    pieces.push(Piece { style, text, width: w })
                }
            }
        }
        lines.push(Line { pieces, width, spaces, last });
        *cur_width = Pt(0.0);
        *start = end;
    };

    let mut seg_start = 0;
    for (seg_end, mandatory) in opportunities(&chars) {
        if seg_end <= seg_start {
            continue;
        }
        let (s, e) = (seg_start, seg_end);
        seg_start = seg_end;
        let seg_width = sum(s, e);
        let mut visible_end = e;
        while visible_end > s && is_blank(chars[visible_end - 1].0) {
            visible_end -= 1;
        }
        let trailing: f32 = widths[visible_end..e].iter().rev().sum();
        let seg_visible = seg_width - Pt(trailing);
        let limit = avail(&lines);
        if end > start && (cur_width + seg_visible).0 > limit.0 + FIT_TOLERANCE {
            flush(&mut start, end, &mut cur_width, &mut lines, false);
        }
        if end == start && seg_visible.0 > avail(&lines).0 + FIT_TOLERANCE {
            // A word longer than the line: break it between characters, as Word and LibreOffice do.
            for i in s..e {
                let w = Pt(widths[i]);
                if end > start && chars[i].0 != ' ' && (cur_width + w).0 > avail(&lines).0 + FIT_TOLERANCE {
                    flush(&mut start, end, &mut cur_width, &mut lines, false);
                }
                end = i + 1;
                cur_width = cur_width + w;
            }
        } else {
            end = e;
            cur_width = cur_width + seg_width;
        }
        if mandatory {
            flush(&mut start, end, &mut cur_width, &mut lines, true);
        }
    }
    if end > start || lines.is_empty() {
        flush(&mut start, end, &mut cur_width, &mut lines, true);
    }
    if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    lines
}
