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
    let mut out = Vec::new();
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
    let text: String = chars.iter().map(|(c, _)| *c).collect();
    let width_of = |i: usize| Pt(m.advance(chars[i].1, chars[i].0) * size.0);

    // Break opportunities as char indices: a segment runs from one opportunity to the next.
    let mut byte_to_char = vec![0usize; text.len() + 1];
    for (ci, (bi, _)) in text.char_indices().enumerate() {
        byte_to_char[bi] = ci;
    }
    byte_to_char[text.len()] = chars.len();
    let mut segments: Vec<(usize, usize, bool)> = Vec::new(); // (start, end, mandatory break after)
                                                              // LibreOffice's line breaking (ICU, tailored) differs from plain UAX #14 where our reports
                                                              // meet it, as measured on LibreOffice's PDFs of the samples:
                                                              // - no break after a slash inside a word ("08/2020/HĐDV");
                                                              // - after a hyphen, a break before a digit too ("CVE-2020-|14882", "san-|02");
                                                              // - a break before a slash that follows a space ("đường dẫn |/console").
    let chars_at: Vec<(usize, char)> = text.char_indices().collect();
    let char_before = |b: usize| text[..b].chars().next_back();
    let mut ops: Vec<(usize, bool)> = linebreaks(&text)
        .filter(|(b, op)| *op == BreakOpportunity::Mandatory || char_before(*b) != Some('/'))
        .map(|(b, op)| (b, op == BreakOpportunity::Mandatory))
        .collect();
    for w in chars_at.windows(3) {
        if w[1].1 == '-' && w[0].1.is_alphanumeric() && w[2].1.is_ascii_digit() {
            ops.push((w[2].0, false));
        }
    }
    for w in chars_at.windows(2) {
        if w[0].1 == ' ' && w[1].1 == '/' {
            ops.push((w[1].0, false));
        }
    }
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
    let mut start = 0;
    for (b, mandatory) in ops {
        let end = byte_to_char[b];
        if end > start {
            segments.push((start, end, mandatory));
        }
        start = end;
    }

    let mut lines = Vec::new();
    let mut cur: Vec<usize> = Vec::new(); // char indices of the current line
    let mut cur_width = Pt(0.0); // with trailing spaces
    let avail = |lines: &Vec<Line>| if lines.is_empty() { first } else { rest };

    let is_space = |c: char| c == ' ';
    let trailing_width = |idx: &[usize]| -> Pt {
        Pt(idx.iter().rev().take_while(|&&i| is_space(chars[i].0) || chars[i].0 == '\n').map(|&i| width_of(i).0).sum())
    };
    let flush = |cur: &mut Vec<usize>, cur_width: &mut Pt, lines: &mut Vec<Line>, last: bool| {
        let mut idx: Vec<usize> = std::mem::take(cur);
        while idx.last().is_some_and(|&i| is_space(chars[i].0) || chars[i].0 == '\n') {
            idx.pop();
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut spaces = 0;
        let mut width = Pt(0.0);
        for &i in &idx {
            let (c, style) = chars[i];
            if is_space(c) {
                spaces += 1;
            }
            let w = width_of(i);
            width = width + w;
            match pieces.last_mut() {
                Some(p) if p.style == style => {
                    p.text.push(c);
                    p.width = p.width + w;
                }
                _ => pieces.push(Piece { style, text: c.to_string(), width: w }),
            }
        }
        lines.push(Line { pieces, width, spaces, last });
        *cur_width = Pt(0.0);
    };

    for (s, e, mandatory) in segments {
        let seg: Vec<usize> = (s..e).collect();
        let seg_width = Pt(seg.iter().map(|&i| width_of(i).0).sum());
        let seg_visible = seg_width - trailing_width(&seg);
        let limit = avail(&lines);
        if !cur.is_empty() && (cur_width + seg_visible).0 > limit.0 + FIT_TOLERANCE {
            flush(&mut cur, &mut cur_width, &mut lines, false);
        }
        if cur.is_empty() && seg_visible.0 > avail(&lines).0 + FIT_TOLERANCE {
            // A word longer than the line: break it between characters, as Word and LibreOffice do.
            for i in seg {
                let w = width_of(i);
                if !cur.is_empty() && !is_space(chars[i].0) && (cur_width + w).0 > avail(&lines).0 + FIT_TOLERANCE {
                    flush(&mut cur, &mut cur_width, &mut lines, false);
                }
                cur.push(i);
                cur_width = cur_width + w;
            }
        } else {
            cur.extend(seg);
            cur_width = cur_width + seg_width;
        }
        if mandatory {
            flush(&mut cur, &mut cur_width, &mut lines, true);
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        flush(&mut cur, &mut cur_width, &mut lines, true);
    }
    if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    lines
}
