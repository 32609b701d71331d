//! The draft's places for signing (issue 16, signing.md): a draft's blank lines are AcroForm text
//! fields whose appearance is the line as the page showed it (read back by poppler: the words where
//! the layout put them; ink only from the fields, none in the page content under them), and ô 7c
//! is recorded in the page's private data. Read with lopdf, poppler and qpdf.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use baocao::layout::{FieldKind, Item};
use common::*;
use lopdf::Object;

const DRAFT: &str = "samples/monthly-draft.json";

/// The PDF of a sample, written to `dir`; with its laid-out pages.
fn pdf_of(sample: &str, dir: &Path) -> (std::path::PathBuf, Vec<baocao::layout::Page>) {
    let engine = engine();
    let model = model_of(&root().join(sample));
    let doc = engine.document(&model).unwrap();
    let pages = baocao::layout::layout(&doc, baocao::font::Fonts::bundled()).unwrap();
    let pdf = dir.join("x.pdf");
    std::fs::write(&pdf, engine.pdf(&model).unwrap()).unwrap();
    (pdf, pages)
}

/// The form's fields: (name, value, rect, flags).
fn form_fields(pdf: &Path) -> Vec<(String, String, Vec<f32>, i64)> {
    let lo = lopdf::Document::load(pdf).unwrap();
    let catalog = lo.catalog().unwrap();
    let Ok(form) = catalog.get(b"AcroForm") else { return Vec::new() };
    let form = lo.dereference(form).unwrap().1.as_dict().unwrap();
    let fields = form.get(b"Fields").unwrap().as_array().unwrap();
    fields
        .iter()
        .map(|f| {
            let d = lo.get_dictionary(f.as_reference().unwrap()).unwrap();
            let text = |k: &[u8]| lopdf::decode_text_string(d.get(k).unwrap()).unwrap();
            let rect = d.get(b"Rect").unwrap().as_array().unwrap().iter().map(|n| n.as_float().unwrap()).collect();
            assert_eq!(d.get(b"FT").unwrap().as_name().unwrap(), b"Tx");
            assert!(d.get(b"AP").unwrap().as_dict().unwrap().get(b"N").unwrap().as_reference().is_ok());
            let flags = d.get(b"Ff").and_then(Object::as_i64).unwrap_or(0);
            (text(b"T"), text(b"V"), rect, flags)
        })
        .collect()
}

#[test]
fn a_numbered_dated_report_has_no_form_and_marks_the_signature_box() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, pages) = pdf_of("samples/monthly-province.json", dir.path());
    assert!(form_fields(&pdf).is_empty());
    // ô 7c in the private data of the page that has the signature block, where the layout put it
    let lo = lopdf::Document::load(&pdf).unwrap();
    let mut found = Vec::new();
    for (n, (_, id)) in lo.get_pages().into_iter().enumerate() {
        let page = lo.get_dictionary(id).unwrap();
        if let Ok(info) = page.get(b"PieceInfo") {
            let private = info.as_dict().unwrap().get(b"baocao").unwrap().as_dict().unwrap();
            assert_eq!(private.get(b"LastModified").unwrap().as_str().unwrap(), b"D:20260520000000Z");
            let rect: Vec<f32> = private
                .get(b"Private")
                .unwrap()
                .as_dict()
                .unwrap()
                .get(b"ChuKy")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_float().unwrap())
                .collect();
            found.push((n, rect));
        }
    }
    let expected: Vec<(usize, Vec<f32>)> = pages
        .iter()
        .enumerate()
        .flat_map(|(n, p)| {
            p.items.iter().filter_map(move |i| match i {
                Item::Field(f) if f.kind == FieldKind::Signature => {
                    let h = baocao::profile::PAGE_HEIGHT.0;
                    Some((n, vec![f.x.0, h - f.y.0 - f.height.0, (f.x + f.width).0, h - f.y.0]))
                }
                _ => None,
            })
        })
        .collect();
    assert_eq!(found, expected);
    // the box: the right column of the signature block, under the title lines, 25 mm tall
    let (_, r) = &found[0];
    assert!(r[0] > 250.0 && r[2] > 500.0 && (r[3] - r[1] - 25.0 * 72.0 / 25.4).abs() < 0.5, "{r:?}");
}

#[test]
fn a_drafts_blank_lines_are_form_fields_with_their_blank_text() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = pdf_of(DRAFT, dir.path());
    let fields = form_fields(&pdf);
    let names: Vec<&str> = fields.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(names, ["so", "ngay", "kem-theo-1"]);
    assert_eq!(fields[0].1, "Số:      /BC-STTTT");
    assert_eq!(fields[1].1, "Bắc Ninh, ngày      tháng      năm 2026");
    assert_eq!(
        fields[2].1,
        "(Kèm theo Báo cáo số      /BC-STTTT ngày      tháng      năm 2026\ncủa Sở Thông tin và Truyền thông tỉnh Bắc Ninh)"
    );
    // one line each, but the reference, which is multiline
    assert_eq!(fields.iter().map(|f| f.3).collect::<Vec<_>>(), [0, 0, 4096]);
    // a report with a number but no date leaves only the date lines blank
    let (pdf, _) = pdf_of("samples/assessment-province.json", dir.path());
    let names: Vec<String> = form_fields(&pdf).into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["so"], "assessment-province has a date and no number");
}

/// A page as gray pixels (`pdftoppm -gray`), with or without its annotations: (width, pixels).
fn gray(pdf: &Path, page: usize, hide_annotations: bool, dir: &Path) -> (usize, Vec<u8>) {
    let out = dir.join(format!("g{page}{hide_annotations}"));
    let mut cmd = Command::new("pdftoppm");
    cmd.args(["-r", "72", "-gray", "-f", &page.to_string(), "-l", &page.to_string(), "-singlefile"]);
    if hide_annotations {
        cmd.arg("-hide-annotations");
    }
    assert!(cmd.arg(pdf).arg(&out).status().unwrap().success());
    let bytes = std::fs::read(out.with_extension("pgm")).unwrap();
    // P5 header: magic, width, height, maxval, each followed by one whitespace
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8(bytes[start..i].to_vec()).unwrap());
        i += 1;
    }
    (fields[1].parse().unwrap(), bytes[i..].to_vec())
}

/// Dark pixels inside a rectangle given in points from the top left (72 dpi: a pixel a point).
fn ink(img: &(usize, Vec<u8>), x: f32, y: f32, w: f32, h: f32) -> usize {
    let (width, px) = img;
    let mut n = 0;
    for row in y.ceil() as usize..(y + h).floor() as usize {
        for col in x.ceil() as usize..(x + w).floor() as usize {
            if px[row * width + col] < 128 {
                n += 1;
            }
        }
    }
    n
}

#[test]
#[ignore = "needs pdftotext, pdftoppm, qpdf: .ci/run runs it (cargo test -- --include-ignored)"]
fn the_blank_lines_read_and_print_where_the_layout_put_them_and_only_from_their_fields() {
    assert!(tool("pdftotext", "poppler-utils") && tool("pdftoppm", "poppler-utils") && tool("qpdf", "qpdf"));
    let dir = tempfile::tempdir().unwrap();
    let (pdf, pages) = pdf_of(DRAFT, dir.path());
    let qpdf = Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
    assert!(qpdf.status.success(), "{}", String::from_utf8_lossy(&qpdf.stdout));
    let words = pdf_words(&pdf);
    let mut checked = 0;
    for (n, page) in pages.iter().enumerate() {
        let (with, without) = (gray(&pdf, n + 1, false, dir.path()), gray(&pdf, n + 1, true, dir.path()));
        for item in &page.items {
            let Item::Field(f) = item else { continue };
            if f.kind == FieldKind::Signature {
                continue;
            }
            // every word of the field's runs, where the layout put it (poppler's word box starts at
            // the run's x for the first word of a run)
            for t in &f.runs {
                let first = t.text.split_whitespace().next().unwrap();
                let found = words[n].iter().find(|w| w.4 == first && (w.0 - t.x.0).abs() < 0.5);
                let found =
                    found.unwrap_or_else(|| panic!("{first:?} at x {} on page {}: {:?}", t.x.0, n + 1, words[n]));
                assert!(found.1 < t.baseline.0 && t.baseline.0 < found.3, "{found:?} {t:?}");
                checked += 1;
            }
            // ink from the field, none from the page content under it (filling it never draws
            // over old text)
            let inside = |img| ink(img, f.x.0, f.y.0, f.width.0, f.height.0);
            assert!(inside(&with) > 100, "{:?}: {}", f.kind, inside(&with));
            assert_eq!(inside(&without), 0, "{:?}", f.kind);
        }
    }
    assert_eq!(checked, 4, "a run each: Số, the date line, the reference's two lines");
}
