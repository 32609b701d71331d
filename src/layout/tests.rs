//! Layout with a fake fixed-width font whose results can be worked out by hand: every character
//! 0.5 em wide, a space 0.25 em, ascent 0.8, descent 0.2, no gap — at 10 pt a letter is 5 pt, a
//! space 2.5 pt and a line 10 pt high.

use super::*;
use crate::doc::Span;

struct Fake;

impl Metrics for Fake {
    fn advance(&self, _style: Style, c: char) -> f32 {
        if c == ' ' {
            0.25
        } else {
            0.5
        }
    }
    fn ascent(&self) -> f32 {
        0.8
    }
    fn descent(&self) -> f32 {
        0.2
    }
    fn line_gap(&self) -> f32 {
        0.0
    }
}

const SIZE: Pt = Pt(10.0);

fn texts(lines: &[Line]) -> Vec<String> {
    lines.iter().map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect()).collect()
}

fn plain(s: &str) -> Vec<Inline> {
    vec![Inline::plain(s)]
}

#[test]
fn greedy_breaks_at_spaces() {
    // "aaaa bbbb" = 20 + 2.5 + 20 = 42.5 ≤ 50; adding " cccc" makes 65 > 50.
    let lines = break_lines(&plain("aaaa bbbb cccc"), SIZE, false, false, Pt(50.0), Pt(50.0), &Fake);
    assert_eq!(texts(&lines), ["aaaa bbbb", "cccc"]);
    assert_eq!(lines[0].width, Pt(42.5));
    assert_eq!((lines[0].spaces, lines[0].last), (1, false));
    assert_eq!((lines[1].width, lines[1].spaces, lines[1].last), (Pt(20.0), 0, true));
    // exactly full: 42.5 fits in 42.5
    let lines = break_lines(&plain("aaaa bbbb cccc"), SIZE, false, false, Pt(42.5), Pt(42.5), &Fake);
    assert_eq!(texts(&lines), ["aaaa bbbb", "cccc"]);
}

#[test]
fn first_line_indent_narrows_the_first_line() {
    let lines = break_lines(&plain("aaaa bbbb cccc dddd"), SIZE, false, false, Pt(30.0), Pt(50.0), &Fake);
    assert_eq!(texts(&lines), ["aaaa", "bbbb cccc", "dddd"]);
}

#[test]
fn a_word_longer_than_the_line_breaks_between_letters() {
    let lines = break_lines(&plain("aaaaaaaaaaaa"), SIZE, false, false, Pt(25.0), Pt(25.0), &Fake);
    assert_eq!(texts(&lines), ["aaaaa", "aaaaa", "aa"]);
}

#[test]
fn forced_breaks_and_styles() {
    let inlines = vec![
        Inline::plain("aa "),
        Inline::Text(Span { text: "bb".into(), bold: true, italic: false }),
        Inline::Break,
        Inline::plain("cc"),
    ];
    let lines = break_lines(&inlines, SIZE, false, false, Pt(100.0), Pt(100.0), &Fake);
    assert_eq!(texts(&lines), ["aa bb", "cc"]);
    assert!(lines[0].last, "a line ended by a forced break is not justified");
    assert_eq!(lines[0].pieces.iter().map(|p| p.style).collect::<Vec<_>>(), [Style::Regular, Style::Bold]);
}

#[test]
fn breaks_after_hyphens_but_not_after_slashes_inside_words() {
    let lines = break_lines(&plain("aa bbb-ccc"), SIZE, false, false, Pt(40.0), Pt(40.0), &Fake);
    assert_eq!(texts(&lines), ["aa bbb-", "ccc"]);
    let lines = break_lines(&plain("aa bbb/ccc"), SIZE, false, false, Pt(40.0), Pt(40.0), &Fake);
    assert_eq!(texts(&lines), ["aa", "bbb/ccc"]);
}

#[test]
fn justification_spreads_the_slack_over_the_spaces() {
    let st = ParaStyle {
        size: SIZE,
        bold: false,
        italic: false,
        align: Align::Left,
        justify: true,
        first_indent: Pt(0.0),
        hanging: Pt(0.0),
        before: Pt(0.0),
    };
    // "aa bb cc" = 10+2.5+10+2.5+10 = 35 in 45: 10 of slack over 2 spaces; the last line stays ragged.
    let lines = paragraph(&plain("aa bb cc dddddd"), st, Pt(0.0), Pt(45.0), &Fake);
    assert_eq!(lines.len(), 2);
    let Item::Text(t) = &lines[0].1[0] else { panic!() };
    assert_eq!((t.text.as_str(), t.space_extra, t.baseline), ("aa bb cc", Pt(5.0), Pt(8.0)));
    let Item::Text(t) = &lines[1].1[0] else { panic!() };
    assert_eq!((t.text.as_str(), t.space_extra), ("dddddd", Pt(0.0)));
    // centred: (45 - 30) / 2
    let centred = ParaStyle { justify: false, align: Align::Center, ..st };
    let lines = paragraph(&plain("dddddd"), centred, Pt(0.0), Pt(45.0), &Fake);
    let Item::Text(t) = &lines[0].1[0] else { panic!() };
    assert_eq!(t.x, Pt(7.5));
}

/// A page 40 pt high: four 10 pt lines.
fn small() -> Geometry {
    Geometry {
        width: Pt(100.0),
        height: Pt(60.0),
        top: Pt(10.0),
        bottom: Pt(10.0),
        left: Pt(10.0),
        text_width: Pt(80.0),
        header: Pt(2.0),
    }
}

fn line_unit(before: f32, keep_next: bool) -> Unit {
    Unit {
        height: Pt(10.0),
        before: Pt(before),
        items: vec![Item::Line { x1: Pt(0.0), y1: Pt(0.0), x2: Pt(1.0), y2: Pt(0.0), width: Pt(1.0) }],
        keep_next,
        ..Unit::default()
    }
}

/// The top (y) of each unit's marker line, per page.
fn tops(pages: &[Page]) -> Vec<Vec<f32>> {
    pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|i| match i {
                    Item::Line { y1, .. } => Some(y1.0),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[test]
fn units_fill_a_page_then_the_next_and_spacing_before_is_dropped_at_the_top() {
    let units = vec![line_unit(0.0, false), line_unit(5.0, false), line_unit(5.0, false), line_unit(5.0, false)];
    // 10, +5+10, +5+10 = 40 fills the page; the fourth (5 + 10) goes over and starts page 2
    // without its spacing.
    let pages = paginate(units, &[], &small());
    assert_eq!(tops(&pages), vec![vec![10.0, 25.0, 40.0], vec![10.0]]);
    assert_eq!(pages[0].number, None);
    assert_eq!(pages[1].number, Some(2));
}

#[test]
fn a_kept_chain_moves_to_the_next_page_whole() {
    // two lines, then a heading kept with the two lines of its paragraph (3 units, 30 pt): it
    // does not fit in the 20 pt left, so all three move.
    let units = vec![
        line_unit(0.0, false),
        line_unit(0.0, false),
        line_unit(0.0, true),
        line_unit(0.0, true),
        line_unit(0.0, false),
    ];
    let pages = paginate(units, &[], &small());
    assert_eq!(tops(&pages), vec![vec![10.0, 20.0], vec![10.0, 20.0, 30.0]]);
}

#[test]
fn widow_and_orphan_control_keep_two_lines_together() {
    let mut b = Builder {
        m: &Fake,
        fonts: crate::font::Fonts::bundled(),
        g: small(),
        portrait: small(),
        units: Vec::new(),
        headers: Vec::new(),
        pager: None,
    };
    b.units.push(line_unit(0.0, false));
    b.units.push(line_unit(0.0, false));
    b.units.push(line_unit(0.0, false));
    // a 4-line paragraph (text 80 pt wide at 10 pt: 16 letters a line) after three lines: only
    // one line would fit on page 1, which orphan control forbids, so it starts on page 2.
    let st = ParaStyle {
        size: SIZE,
        bold: false,
        italic: false,
        align: Align::Left,
        justify: false,
        first_indent: Pt(0.0),
        hanging: Pt(0.0),
        before: Pt(0.0),
    };
    b.flow_paragraph(&plain("aaaaaaaaaaaaaaa aaaaaaaaaaaaaaa aaaaaaaaaaaaaaa aaaaaaaaaaaaaaa"), st, false);
    let keeps: Vec<bool> = b.units[3..].iter().map(|u| u.keep_next).collect();
    assert_eq!(keeps, [true, false, true, false], "first with second, second-last with last");
    let pages = paginate(b.units, &[], &small());
    assert_eq!(pages.len(), 2);
    let texts_on = |p: &Page| p.items.iter().filter(|i| matches!(i, Item::Text(_))).count();
    assert_eq!(texts_on(&pages[0]), 0);
    assert_eq!(texts_on(&pages[1]), 4);
}

#[test]
fn table_rows_are_not_split_and_the_header_repeats() {
    let header = Unit { height: Pt(10.0), keep_next: true, ..line_unit(0.0, true) };
    let row = |h: f32| Unit { height: Pt(h), repeat: Some(0), ..line_unit(0.0, false) };
    let units = vec![header.clone(), row(15.0), row(15.0), row(15.0)];
    let pages = paginate(units, &[header], &small());
    // header 10 + 15 + 15 = 40; the third row goes to page 2 under a repeated header.
    assert_eq!(tops(&pages), vec![vec![10.0, 20.0, 35.0], vec![10.0, 20.0]]);
}

#[test]
fn a_new_section_restarts_the_numbering() {
    let mut appendix = line_unit(0.0, false);
    appendix.new_section = true;
    let units = vec![
        line_unit(0.0, false),
        appendix,
        line_unit(0.0, false),
        line_unit(0.0, false),
        line_unit(0.0, false),
        line_unit(0.0, false),
    ];
    let pages = paginate(units, &[], &small());
    let numbers: Vec<Option<u32>> = pages.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [None, None, Some(2)]);
}
