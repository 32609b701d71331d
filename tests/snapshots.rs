//! Snapshots of every stage for each sample, so a change anywhere shows up as a reviewable diff
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test snapshots` then `git diff`):
//! the Markdown the templates render (wording), the document model (`doc::Document`), the layout
//! (every text run and rule on every page, positions in points to 0.01) and the DOCX's
//! `word/document.xml` (a line per paragraph, table and row).

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;

use baocao::layout::{Item, Page};

mod common;

fn name(sample: &std::path::Path) -> String {
    sample.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn markdown_of_every_sample() {
    let engine = common::engine();
    for sample in common::samples() {
        let rendered = engine.markdown(&common::model_of(&sample)).unwrap();
        let name = name(&sample);
        insta::assert_snapshot!(format!("{name}.subject"), rendered.subject);
        insta::assert_snapshot!(format!("{name}.body"), rendered.body);
    }
}

#[test]
fn document_model_of_every_sample() {
    let engine = common::engine();
    for sample in common::samples() {
        let doc = engine.document(&common::model_of(&sample)).unwrap();
        insta::assert_snapshot!(format!("{}.model", name(&sample)), format!("{doc:#?}"));
    }
}

/// The pages as text: a line per item, in drawing order.
fn dump(pages: &[Page]) -> String {
    let mut out = String::new();
    for (i, page) in pages.iter().enumerate() {
        writeln!(out, "== page {} (number printed: {:?})", i + 1, page.number).unwrap();
        for item in &page.items {
            match item {
                Item::Text(t) => writeln!(
                    out,
                    "T {:.2} {:.2} {:?} {:.1} +{:.2} {:?}",
                    t.x.0, t.baseline.0, t.style, t.size.0, t.space_extra.0, t.text
                ),
                Item::Line { x1, y1, x2, y2, width } => {
                    writeln!(out, "L {:.2} {:.2} -> {:.2} {:.2} w {:.2}", x1.0, y1.0, x2.0, y2.0, width.0)
                }
                Item::Field(f) => {
                    writeln!(out, "F {:?} {:.2} {:.2} {:.2}x{:.2}", f.kind, f.x.0, f.y.0, f.width.0, f.height.0)
                        .unwrap();
                    f.runs.iter().try_for_each(|t| {
                        writeln!(
                            out,
                            "  T {:.2} {:.2} {:?} {:.1} +{:.2} {:?}",
                            t.x.0, t.baseline.0, t.style, t.size.0, t.space_extra.0, t.text
                        )
                    })
                }
            }
            .unwrap();
        }
    }
    out
}

#[test]
fn layout_of_every_sample() {
    let engine = common::engine();
    for sample in common::samples() {
        let doc = engine.document(&common::model_of(&sample)).unwrap();
        let pages = baocao::layout::layout(&doc, baocao::font::Fonts::bundled()).unwrap();
        insta::assert_snapshot!(format!("{}.layout", name(&sample)), dump(&pages));
    }
}

#[test]
fn document_xml_of_every_sample() {
    let engine = common::engine();
    for sample in common::samples() {
        let docx = engine.docx(&common::model_of(&sample)).unwrap();
        let xml = common::unzip(&docx).remove("word/document.xml").unwrap();
        // a line per paragraph, table and row, so a diff points at the paragraph that changed
        let lines = xml
            .replace("<w:p>", "\n<w:p>")
            .replace("<w:p ", "\n<w:p ")
            .replace("<w:tbl>", "\n<w:tbl>")
            .replace("<w:tr>", "\n<w:tr>")
            .replace("<w:tr ", "\n<w:tr ");
        insta::assert_snapshot!(format!("{}.document-xml", name(&sample)), lines);
    }
}
