//! The PDF read back by real readers (poppler, qpdf): fonts embedded and subset, no structural
//! problem, the exact text of the input, margins, page numbers, repeated table headers,
//! determinism. Skipped with a notice when the tools are missing, failed under `CI=true`.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::*;

fn write_pdfs(dir: &std::path::Path) -> Vec<(std::path::PathBuf, std::path::PathBuf)> {
    let engine = engine();
    samples()
        .into_iter()
        .map(|sample| {
            let model = model_of(&sample);
            // by the sample's name: a draft and its numbered report share their file name
            let pdf = dir.join(format!("{}.pdf", sample.file_stem().unwrap().to_string_lossy()));
            std::fs::write(&pdf, engine.pdf(&model).unwrap()).unwrap();
            (sample, pdf)
        })
        .collect()
}

#[test]
#[ignore = "needs pdffonts, qpdf: .ci/run runs it (cargo test -- --include-ignored)"]
fn fonts_are_embedded_subset_and_mapped_to_unicode_and_qpdf_finds_nothing() {
    if !tool("pdffonts", "poppler-utils") || !tool("qpdf", "qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (sample, pdf) in write_pdfs(dir.path()) {
        let out = String::from_utf8(Command::new("pdffonts").arg(&pdf).output().unwrap().stdout).unwrap();
        let fonts: Vec<&str> = out.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "{}", sample.display());
        for line in fonts {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let name = cols[0];
            let (tag, base) = name.split_once('+').unwrap_or(("", name));
            assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "{line}: no subset tag");
            assert!(base.starts_with("LiberationSerif-"), "{line}: not the real font name");
            assert_eq!(&cols[cols.len() - 5..cols.len() - 2], ["yes", "yes", "yes"], "{line}: emb sub uni");
        }
        let q = Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
        let report = String::from_utf8_lossy(&q.stdout).to_string() + &String::from_utf8_lossy(&q.stderr);
        assert!(q.status.success(), "{}: {report}", sample.display());
        assert!(!report.to_lowercase().contains("warning"), "{}: {report}", sample.display());
        let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
        let model = model_of(&sample);
        assert!(info.contains(&format!("Author:          {}", model.issuer.name)), "{info}");
        let title = engine().document(&model).unwrap().meta.title;
        assert!(info.contains(&format!("Title:           {title}")), "{info}");
        assert!(info.contains("Creator:         baocao"), "{info}");
        assert!(!info.contains("PDF/X"), "the file claims no PDF/X conformance: {info}");
        let lo = lopdf::Document::load(&pdf).unwrap();
        let root = lo.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let catalog = lo.get_object(root).unwrap().as_dict().unwrap();
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"vi-VN");
    }
}

#[test]
#[ignore = "needs pdftotext: .ci/run runs it (cargo test -- --include-ignored)"]
fn the_text_of_every_input_string_comes_back_exactly() {
    if !tool("pdftotext", "poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (sample, pdf) in write_pdfs(dir.path()) {
        // the page numbers left out: a paragraph may run on across a page
        let raw = String::from_utf8(Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-").output().unwrap().stdout)
            .unwrap();
        let text = raw
            .lines()
            .map(|l| l.trim_matches('\u{c}'))
            .filter(|l| !(l.len() <= 3 && l.chars().all(|c| c.is_ascii_digit())))
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ");
        let nospace: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&sample).unwrap()).unwrap();
        let mut strings = Vec::new();
        shown_strings(&json, "", &mut strings);
        assert!(strings.len() >= 15, "{}: {} strings", sample.display(), strings.len());
        for (path, s) in strings {
            let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let upper = baocao::vn::upper(&folded);
            let squeezed = |x: &str| x.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            // A value may wrap across lines (folded to one space) or, inside a word, after a hyphen.
            let found = text.contains(&folded)
                || text.contains(&upper)
                || nospace.contains(&squeezed(&folded))
                || nospace.contains(&squeezed(&upper));
            assert!(found, "{}: {path} = {s:?} is not in the PDF text", sample.display());
        }
    }
}

#[test]
fn nfd_input_gives_the_same_pdf_and_two_runs_the_same_bytes() {
    use unicode_normalization::UnicodeNormalization;
    let engine = engine();
    let path = root().join("samples/monthly-ministry.json");
    let first = engine.pdf(&model_of(&path)).unwrap();
    engine.pdf(&model_of(&root().join("samples/monthly-large.json"))).unwrap();
    assert_eq!(engine.pdf(&model_of(&path)).unwrap(), first, "a second run differs");
    let p2 = path.clone();
    let other = std::thread::spawn(move || common::engine().pdf(&model_of(&p2)).unwrap()).join().unwrap();
    assert_eq!(other, first, "a run on another thread differs");
    let nfd: String = std::fs::read_to_string(&path).unwrap().nfd().collect();
    assert_eq!(engine.pdf(&model_of_bytes(nfd.as_bytes())).unwrap(), first, "NFD input gives another PDF");
    assert!(first.starts_with(b"%PDF-1.7"));
}

#[test]
#[ignore = "needs pdftotext: .ci/run runs it (cargo test -- --include-ignored)"]
fn margins_page_numbers_and_repeated_table_headers() {
    if !tool("pdftotext", "poppler-utils") {
        return;
    }
    let mm = 72.0 / 25.4;
    let (left, top) = (30.0 * mm, 20.0 * mm);
    let dir = tempfile::tempdir().unwrap();
    for (sample, pdf) in write_pdfs(dir.path()) {
        let name = sample.display();
        let pages = pdf_words(&pdf);
        let sizes = common::pdf_page_sizes(&pdf);
        assert!(pages.len() >= 2, "{name}");
        let mut start = 0;
        for (i, page) in pages.iter().enumerate() {
            // the margins of the page as it is turned (a landscape table's page is 297 mm wide)
            let (right, bottom) = (sizes[i].0 - 15.0 * mm, sizes[i].1 - 20.0 * mm);
            let mut body: Vec<&Word> = page.iter().filter(|w| w.3 > top).collect();
            // Our fonts carry their ascent and descent, so a word's box is its line's ink box.
            for w in &body {
                assert!(
                    w.0 >= left - 0.5 && w.2 <= right + 0.5 && w.3 <= bottom + 0.5,
                    "{name}: page {} word {w:?} outside the margins",
                    i + 1
                );
            }
            body.sort_by(|a, b| (a.1, a.0).partial_cmp(&(b.1, b.0)).unwrap());
            if i > 0 && body.first().is_some_and(|w| w.4 == "Phụ") {
                start = i;
            }
            let numbers: Vec<&Word> = page.iter().filter(|w| w.3 <= top).collect();
            let n = i - start + 1;
            if n == 1 {
                assert!(numbers.is_empty(), "{name}: page {} carries {numbers:?}", i + 1);
            } else {
                assert_eq!(numbers.len(), 1, "{name}: page {} top margin {numbers:?}", i + 1);
                assert_eq!(numbers[0].4, n.to_string(), "{name}: page {}", i + 1);
                let centre = (numbers[0].0 + numbers[0].2) / 2.0;
                assert!((centre - (left + right) / 2.0).abs() < 1.0, "{name}: number at x = {centre}");
                // 10 mm from the top edge to the number's line
                assert!(numbers[0].1 > 10.0 * mm && numbers[0].1 < 12.0 * mm, "{name}: number at y = {}", numbers[0].1);
            }
        }
    }
    // The 45-system table spans pages: each page it continues on starts with its header row.
    let pdf = dir.path().join("monthly-large.pdf");
    let pages = pdf_words(&pdf);
    let starts_with_header = |p: &Vec<Word>| {
        let mut body: Vec<&Word> = p.iter().filter(|w| w.3 > top).collect();
        body.sort_by(|a, b| (a.1.round(), a.0).partial_cmp(&(b.1.round(), b.0)).unwrap());
        body.first().is_some_and(|w| w.4 == "STT")
    };
    let continued = pages.iter().filter(|p| starts_with_header(p)).count();
    assert!(continued >= 3, "the systems table and the IP appendix repeat their header: {continued} pages");
}

/// The layout itself, without a reader: no baseline below the bottom margin.
#[test]
fn no_baseline_below_the_bottom_margin() {
    let engine = engine();
    let model = model_of(&root().join("samples/monthly-large.json"));
    let doc = engine.document(&model).unwrap();
    let pages = baocao::layout::layout(&doc, baocao::font::Fonts::bundled()).unwrap();
    assert!(pages.len() >= 6, "{}", pages.len());
    for (i, p) in pages.iter().enumerate() {
        let lowest = p
            .items
            .iter()
            .filter_map(|it| match it {
                baocao::layout::Item::Text(t) => Some(t.baseline.0),
                _ => None,
            })
            .fold(0.0f32, f32::max);
        assert!(lowest <= 277.0 * 72.0 / 25.4, "page {} runs past the bottom margin: {lowest}", i + 1);
    }
}

#[test]
#[ignore = "needs pdftotext, qpdf: .ci/run runs it (cargo test -- --include-ignored)"]
fn markup_tera_xml_and_pdf_delimiters_come_out_literally_in_the_pdf() {
    if !tool("pdftotext", "poppler-utils") {
        return;
    }
    const PAYLOAD: &str = " ( ) \\ < > & \" {{ x }} {% if %} * _ # | [ ]";
    let text = std::fs::read_to_string(root().join("samples/monthly-province.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut strings = Vec::new();
    shown_strings(&v, "", &mut strings);
    // every shown string field at once (IP addresses excluded: they must parse), each payload
    // followed by its field's own mark, so that a field lost cannot hide behind one printed twice
    for (i, (path, s)) in strings.iter().enumerate() {
        if !path.contains("public_ips") {
            *v.pointer_mut(path).unwrap() = serde_json::Value::String(format!("{s}{PAYLOAD}@{i}@"));
        }
    }
    let model = model_of_bytes(serde_json::to_string(&v).unwrap().as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    std::fs::write(&pdf, engine().pdf(&model).unwrap()).unwrap();
    let got = pdf_text(&pdf);
    // upper-cased where the format asks (the header's names): compared without case
    let squeezed: String = got.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let payload: String = PAYLOAD.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let mut checked = 0;
    for (i, (path, _)) in strings.iter().enumerate() {
        if path.contains("public_ips") {
            continue;
        }
        assert!(squeezed.contains(&format!("{payload}@{i}@")), "{path}: its payload does not come back whole");
        checked += 1;
    }
    assert!(checked >= 20, "{checked} fields checked");
    if tool("qpdf", "qpdf") {
        let q = Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
        assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stdout));
    }
}

/// A long document is drawn in parts of `PAGES_PER_PART` pages merged into one file (so the
/// consolidated report of thousands of units never has all its pages in printpdf at once). Drawn
/// a page a part, or three, every sample is the same document as drawn whole: the same pages
/// with the same text where poppler reads it, fonts embedded, subset and mapped, one program a
/// face, and a file qpdf finds nothing wrong with.
#[test]
#[ignore = "needs pdftotext, qpdf: .ci/run runs it (cargo test -- --include-ignored)"]
fn a_document_drawn_in_parts_is_the_document_drawn_whole() {
    if !tool("pdftotext", "poppler-utils") || !tool("qpdf", "qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let engine = engine();
    let fonts = baocao::font::Fonts::bundled();
    for sample in samples() {
        let doc = engine.document(&model_of(&sample)).unwrap();
        let pages = baocao::layout::layout(&doc, fonts).unwrap();
        assert!(pages.len() <= baocao::render::pdf::WHOLE_PAGES, "{}: drawn whole", sample.display());
        let whole = dir.path().join("whole.pdf");
        std::fs::write(&whole, baocao::render::pdf::render(&pages, &doc.meta, fonts).unwrap()).unwrap();
        for part in [1, 3] {
            let bytes = baocao::render::pdf::render_in_parts(&pages, &doc.meta, fonts, part).unwrap();
            assert_eq!(
                bytes,
                baocao::render::pdf::render_in_parts(&pages, &doc.meta, fonts, part).unwrap(),
                "deterministic"
            );
            let parts = dir.path().join(format!("parts{part}.pdf"));
            std::fs::write(&parts, &bytes).unwrap();
            assert_eq!(pdf_words(&parts), pdf_words(&whole), "{} in parts of {part}", sample.display());
            let q = Command::new("qpdf").arg("--check").arg(&parts).output().unwrap();
            let report = String::from_utf8_lossy(&q.stdout).to_string() + &String::from_utf8_lossy(&q.stderr);
            assert!(q.status.success() && !report.to_lowercase().contains("warning"), "{}: {report}", sample.display());
            let lo = lopdf::Document::load(&parts).unwrap();
            assert_eq!(lo.get_pages().len(), pages.len());
            let programs = lo
                .objects
                .values()
                .filter(|o| o.as_dict().is_ok_and(|d| d.get(b"FontFile2").is_ok()))
                .map(|o| o.as_dict().unwrap().get(b"FontFile2").unwrap().as_reference().unwrap())
                .collect::<std::collections::BTreeSet<_>>();
            let faces = lo
                .objects
                .values()
                .filter_map(|o| o.as_dict().ok()?.get(b"FontName").ok()?.as_name().ok().map(<[u8]>::to_vec))
                .collect::<std::collections::BTreeSet<_>>();
            assert_eq!(programs.len(), faces.len(), "{}: one font program a face", sample.display());
            let out = String::from_utf8(Command::new("pdffonts").arg(&parts).output().unwrap().stdout).unwrap();
            for line in out.lines().skip(2) {
                let cols: Vec<&str> = line.split_whitespace().collect();
                assert_eq!(&cols[cols.len() - 5..cols.len() - 2], ["yes", "yes", "yes"], "{line}: emb sub uni");
            }
        }
    }
}

/// A document longer than [`WHOLE_PAGES`] is laid out twice by `Engine::pdf` and drawn part by part as
/// its pages are made (its pages are never all held): the file is the one drawn from all its
/// pages at once, byte for byte.
#[test]
fn a_long_document_drawn_as_it_is_laid_out_is_the_same_file() {
    let engine = engine();
    let unit = model_of(&root().join("samples/monthly-province.json"));
    let baocao::model::Report::Monthly(m) = &unit.report else { panic!("a monthly sample") };
    let units = (0..300).map(|i| m.figures(&format!("Đơn vị số {i:03}"), unit.date)).collect();
    let sample: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("samples/monthly-province.json")).unwrap()).unwrap();
    let fields = serde_json::json!({
        "issuer": sample["issuer"], "signer": sample["signer"], "number": 1, "date": sample["date"],
        "submit_to": sample["submit_to"],
    });
    let figures = baocao::model::UnitFigures::Monthly { period: m.period, units };
    // each unit's difficulties and proposals, made item by item as the report is drawn
    let notes = baocao::model::Notes::in_memory(
        (0..300).map(|_| [m.difficulties.clone(), m.proposals.clone(), vec![], vec![]]).collect(),
    );
    assert!(notes.counts()[0] > 0 && notes.counts()[1] > 0);
    let consolidated = baocao::model::Consolidated {
        figures: std::sync::Arc::new(figures),
        notes,
        failed: vec![],
        own: Default::default(),
    };
    let period = baocao::input::BatchPeriod::Monthly(m.period);
    let doc = baocao::input::check_consolidated(&fields, period).unwrap().0.document(consolidated);
    let d = engine.document(&doc).unwrap();
    let fonts = baocao::font::Fonts::bundled();
    let pages = baocao::layout::layout(&d, fonts).unwrap();
    assert!(pages.len() > 2 * baocao::render::pdf::PAGES_PER_PART, "{} pages", pages.len());
    let whole = baocao::render::pdf::render(&pages, &d.meta, fonts).unwrap();
    assert!(engine.pdf(&doc).unwrap() == whole, "the same bytes");
}

/// Every page names the page tree as its parent, in every sample (it was once the object the
/// part being drawn had under that number: a font program).
#[test]
fn every_page_names_the_page_tree_as_its_parent() {
    let engine = common::engine();
    for sample in common::samples() {
        let model = common::model_of(&sample);
        let pdf = engine.pdf(&model).unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let tree = doc.catalog().unwrap().get(b"Pages").unwrap().as_reference().unwrap();
        // a broken page tree could list no page: every sample has two or more
        assert!(doc.get_pages().len() >= 2, "{}", sample.display());
        for (n, page) in doc.get_pages() {
            let parent = doc.get_dictionary(page).unwrap().get(b"Parent").unwrap().as_reference().unwrap();
            assert_eq!(parent, tree, "{}: page {n}", sample.display());
        }
    }
}
