//! Property tests of the layout: for any text, no line is wider than its box, every glyph lies
//! inside the margins, and the text drawn is the text given.

#![allow(clippy::unwrap_used)]

mod common;

use baocao::doc::Inline;
use baocao::font::{Fonts, Style};
use baocao::layout::{break_lines, Item, Metrics};
use baocao::profile::Pt;
use proptest::prelude::*;

/// Vietnamese letters, digits, punctuation and spaces, in runs that make words of any length.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([a-zA-Z0-9àáạảãăắằẳẵặâấầẩẫậđèéẹẻẽêếềểễệìíịỉĩòóọỏõôốồổỗộơớờởỡợùúụủũưứừửữựỳýỵỷỹĐƯƠ.,;:()/“”-]{1,30}[ ]{1,2}){0,40}",
    )
    .unwrap()
}

fn width_of(fonts: &Fonts, style: Style, s: &str, size: f32) -> f32 {
    s.chars().map(|c| fonts.advance(style, c) * size).sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_line_is_wider_than_its_box_and_no_text_is_lost(t in text(), width in 40.0f32..470.0, indent in 0.0f32..40.0) {
        let fonts = Fonts::bundled();
        let size = Pt(14.0);
        let lines = break_lines(&[Inline::plain(&t)], size, false, false, Pt(width - indent), Pt(width), fonts);
        for (i, line) in lines.iter().enumerate() {
            let avail = if i == 0 { width - indent } else { width };
            let drawn: String = line.pieces.iter().map(|p| p.text.as_str()).collect();
            let w = width_of(fonts, Style::Regular, &drawn, size.0);
            prop_assert!((w - line.width.0).abs() < 0.01);
            // a line holds more than one character only if it fits
            prop_assert!(w <= avail + 0.05 || drawn.chars().count() <= 1, "line {} is {} wide in {}: {:?}", i, w, avail, drawn);
        }
        // the words come back in order: only the spaces at line ends are dropped
        let drawn: Vec<String> = lines.iter().map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect()).collect();
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        prop_assert_eq!(squeeze(&drawn.join(" ")), squeeze(&t));
    }
}

proptest! {
    // a whole document a case: fewer cases
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_glyph_of_a_document_lies_inside_the_margins(difficulty in text(), name in "[A-Za-zĐđƯưÂâÊêÔôƠơĂă ]{1,120}") {
        let fonts = Fonts::bundled();
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(common::root().join("samples/monthly-province.json")).unwrap()).unwrap();
        v["difficulties"] = serde_json::json!([difficulty]);
        v["systems"][0]["name"] = serde_json::json!(format!("Hệ thống {name}"));
        let checked = baocao::input::check(&serde_json::to_vec(&v).unwrap());
        prop_assume!(checked.document.is_some());
        let doc = common::engine().document(&checked.document.unwrap()).unwrap();
        let pages = baocao::layout::layout(&doc, fonts).unwrap();
        let mm = 72.0 / 25.4;
        let (left, right, top, bottom) = (30.0 * mm, 195.0 * mm, 20.0 * mm, 277.0 * mm);
        for (p, page) in pages.iter().enumerate() {
            for item in &page.items {
                if let Item::Text(t) = item {
                    let spaces = t.text.chars().filter(|c| *c == ' ').count() as f32;
                    let w = width_of(fonts, t.style, &t.text, t.size.0) + t.space_extra.0 * spaces;
                    let is_number = page.number.is_some_and(|n| t.text == n.to_string()) && t.baseline.0 < top;
                    prop_assert!(t.x.0 >= left - 0.01, "page {}: {:?} starts left of the margin", p + 1, t.text);
                    prop_assert!(t.x.0 + w <= right + 0.06, "page {}: {:?} ends at {} > {}", p + 1, t.text, t.x.0 + w, right);
                    if !is_number {
                        prop_assert!(t.baseline.0 - t.size.0 * fonts.ascent() >= top - 0.01, "page {}: {:?} above the top margin", p + 1, t.text);
                        prop_assert!(t.baseline.0 + t.size.0 * fonts.descent() <= bottom + 0.01, "page {}: {:?} below the bottom margin", p + 1, t.text);
                    }
                }
            }
        }
    }
}
