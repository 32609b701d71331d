//! Real readers: LibreOffice opens every sample's DOCX and lays it out; poppler reads the result.
//! Skipped with a notice when the tools are missing, failed when `CI=true`.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::{pdf_words as words, Word};

#[test]
#[ignore = "needs soffice, pdftotext: .ci/run runs it (cargo test -- --include-ignored)"]
fn libreoffice_opens_every_sample_and_lays_out_decree_30_pages() {
    if !common::tool("soffice", "libreoffice-writer-nogui") || !common::tool("pdftotext", "poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let engine = common::engine();
    let mut docx_files = Vec::new();
    for sample in common::samples() {
        let model = common::model_of(&sample);
        // by the sample's name: a draft and its numbered report share their file name
        let name = format!("{}.docx", sample.file_stem().unwrap().to_string_lossy());
        std::fs::write(dir.path().join(&name), engine.docx(&model).unwrap()).unwrap();
        docx_files.push((sample, name, model));
    }
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.path().display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(docx_files.iter().map(|(_, n, _)| dir.path().join(n)))
        .output()
        .unwrap();
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
    let mm = 72.0 / 25.4;
    for (sample, name, model) in docx_files {
        let pdf = dir.path().join(name.replace(".docx", ".pdf"));
        assert!(pdf.exists(), "{}: LibreOffice wrote no PDF", sample.display());
        let pages = words(&pdf);
        assert!(pages.len() >= 2, "{}: {} pages", sample.display(), pages.len());
        // the rules drawn where the PDF draws them: clear below the text (format.md)
        let letter = model.kind().letter();
        common::assert_rules_clear_of_text(&format!("LibreOffice's {}", sample.display()), &pdf, letter);
        let text = String::from_utf8(Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-").output().unwrap().stdout)
            .unwrap();
        let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // a báo cáo's title, or a công văn's V/v line
        let kind = if letter { "V/v kết quả công tác bảo đảm" } else { "BÁO CÁO" };
        for s in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", kind, "Nơi nhận:", "- Như trên;"]
        {
            assert!(folded.contains(s), "{}: {s:?} missing", sample.display());
        }
        assert!(folded.contains(&model.signer.name), "{}", sample.display());
        for name in common::system_names(&model) {
            assert!(folded.contains(&name), "{}: system {name:?} missing", sample.display());
        }
        // Page numbers: none on the first page of the document or of an appendix (numbered on
        // its own), then 2, 3, … centred in the top margin.
        let sizes = common::pdf_page_sizes(&pdf);
        let mut start = 0;
        let mut appendix_seen = false;
        for (i, p) in pages.iter().enumerate() {
            // centred over the text of the page as it is turned (a landscape table's page)
            let text_centre = (30.0 * mm + sizes[i].0 - 15.0 * mm) / 2.0;
            let mut body: Vec<&Word> = p.iter().filter(|w| w.3 >= 20.0 * mm).collect();
            body.sort_by(|a, b| (a.1.round(), a.0).partial_cmp(&(b.1.round(), b.0)).unwrap());
            if i > 0 && body.first().is_some_and(|w| w.4 == "Phụ") && body.get(1).is_some_and(|w| w.4 == "lục") {
                start = i;
                appendix_seen = true;
            }
            let top: Vec<&Word> = p.iter().filter(|w| w.3 < 20.0 * mm).collect();
            let n = i - start + 1;
            if n == 1 {
                assert!(top.is_empty(), "{}: page {} top margin {top:?}", sample.display(), i + 1);
            } else {
                assert_eq!(top.len(), 1, "{}: page {} top margin {top:?}", sample.display(), i + 1);
                assert_eq!(top[0].4, n.to_string(), "{}: page {}", sample.display(), i + 1);
                let centre = (top[0].0 + top[0].2) / 2.0;
                assert!((centre - text_centre).abs() < 3.0, "{}: page number at x={centre}", sample.display());
            }
        }
        let has_appendix = !engine.document(&model).unwrap().appendices.is_empty();
        assert_eq!(appendix_seen, has_appendix, "{}: each appendix starts a page", sample.display());

        // baocao's own PDF is the same document: the same pages, the same lines.
        let ours = dir.path().join(format!("ours-{name}").replace(".docx", ".pdf"));
        std::fs::write(&ours, engine.pdf(&model).unwrap()).unwrap();
        let our_pages = words(&ours).len();
        assert_eq!(
            our_pages,
            pages.len(),
            "{}: baocao's PDF has {our_pages} pages, LibreOffice's {}",
            sample.display(),
            pages.len()
        );
        let agreement = common::line_agreement(&common::pdf_lines(&ours), &common::pdf_lines(&pdf));
        // issue 13: the same pages and at least 99 % of lines (LibreOffice fits a few 13 pt
        // table-cell lines that are a hundredth of a point too wide by exact metrics, by its own
        // rounding, while refusing a 14 pt body line as close: no single tolerance matches both)
        eprintln!("{}: {:.1}% of lines break alike, {our_pages} pages", sample.display(), agreement * 100.0);
        assert!(agreement >= 0.99, "{}: only {:.1}% of lines break alike", sample.display(), agreement * 100.0);
        // Nothing drawn outside the margins (page numbers aside). For LibreOffice's fonts poppler
        // takes its default ascent and descent (0.95 and 0.35 em), so a word's box (1.3 em) is
        // taller than its line (ascent 0.891, descent 0.216, gap 0.042): size = height / 1.3,
        // line bottom = baseline + 0.216 × size = yMax - (0.35 - 0.216) × size.
        for (i, p) in pages.iter().enumerate() {
            // the margins of the page as it is turned (a landscape table's page)
            let (right, bottom) = (sizes[i].0 - 15.0 * mm, sizes[i].1 - 20.0 * mm);
            for w in p.iter().filter(|w| w.3 >= 20.0 * mm) {
                let size = (w.3 - w.1) / 1.3;
                let line_bottom = w.3 - (0.35 - 0.216) * size;
                assert!(
                    w.0 > 30.0 * mm - 1.5 && w.2 < right + 1.5 && line_bottom < bottom + 0.5,
                    "{}: page {} word {:?} outside the margins",
                    sample.display(),
                    i + 1,
                    w
                );
            }
        }
    }
}

/// The reports of the annual batch sample (each unit's and the owner's consolidated one, whose
/// table is drawn an item at a time): LibreOffice lays out our DOCX on the same pages, with the
/// same lines, as our PDF (issue 23, "done when").
#[test]
#[ignore = "needs soffice, pdftotext: .ci/run runs it (cargo test -- --include-ignored)"]
fn libreoffice_lays_out_the_annual_batch_as_baocao_does() {
    if !common::tool("soffice", "libreoffice-writer-nogui") || !common::tool("pdftotext", "poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours");
    let input = common::root().join("samples/batch-annual-bac-ninh");
    common::baocao_ok(
        env!("CARGO_BIN_EXE_baocao"),
        &["batch".as_ref(), input.as_os_str(), "-o".as_ref(), ours.as_os_str()],
    );
    let docx: Vec<std::path::PathBuf> = std::fs::read_dir(&ours)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    assert_eq!(docx.len(), 6, "five units and the owner's report");
    let theirs = dir.path().join("lo");
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.path().display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&theirs)
        .args(&docx)
        .output()
        .unwrap();
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
    for d in &docx {
        let name = d.file_name().unwrap().to_string_lossy().replace(".docx", ".pdf");
        let (a, b) = (ours.join(&name), theirs.join(&name));
        let (pa, pb) = (common::pdf_page_sizes(&a), common::pdf_page_sizes(&b));
        assert_eq!(pa.len(), pb.len(), "{name}: baocao's PDF has {} pages, LibreOffice's {}", pa.len(), pb.len());
        // the same pages turned (the table's landscape pages)
        let turned = |s: &[(f32, f32)]| s.iter().map(|(w, h)| w > h).collect::<Vec<_>>();
        assert_eq!(turned(&pa), turned(&pb), "{name}");
        let agreement = common::line_agreement(&common::pdf_lines(&a), &common::pdf_lines(&b));
        eprintln!("{name}: {:.1}% of lines break alike, {} pages", agreement * 100.0, pa.len());
        assert!(agreement >= 0.99, "{name}: only {:.1}% of lines break alike", agreement * 100.0);
    }
}
