//! Real readers: LibreOffice opens every sample's DOCX and lays it out; poppler reads the result.
//! Skipped with a notice when the tools are missing, failed when `CI=true`.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

/// A word from `pdftotext -bbox`: (xMin, yMin, xMax, yMax, text), in points.
type Word = (f32, f32, f32, f32, String);

/// Words of each page.
fn words(pdf: &std::path::Path) -> Vec<Vec<Word>> {
    let out = Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    html.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let num = |k: &str| -> f32 {
                        let s = &w[w.find(&format!("{k}=\"")).unwrap() + k.len() + 2..];
                        s[..s.find('"').unwrap()].parse().unwrap()
                    };
                    let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                    (num("xMin"), num("yMin"), num("xMax"), num("yMax"), text.to_owned())
                })
                .collect()
        })
        .collect()
}

#[test]
fn libreoffice_opens_every_sample_and_lays_out_decree_30_pages() {
    if !common::tool("soffice", "libreoffice-writer-nogui") || !common::tool("pdftotext", "poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let engine = common::engine();
    let mut docx_files = Vec::new();
    for sample in common::samples() {
        let model = common::model_of(&sample);
        let name = format!("{}.docx", baocao::output::file_stem(&model));
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
        let text = String::from_utf8(Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-").output().unwrap().stdout)
            .unwrap();
        let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Nơi nhận:", "- Như trên;"]
        {
            assert!(folded.contains(s), "{}: {s:?} missing", sample.display());
        }
        assert!(folded.contains(&model.signer.name), "{}", sample.display());
        let baocao::model::Report::Monthly(m) = &model.report;
        for s in &m.systems {
            assert!(folded.contains(&s.name), "{}: system {:?} missing", sample.display(), s.name);
        }
        // Page numbers: none on the first page of the document or of an appendix (numbered on
        // its own), then 2, 3, … centred in the top margin.
        let text_centre = (30.0 + 195.0) / 2.0 * mm;
        let mut start = 0;
        let mut appendix_seen = false;
        for (i, p) in pages.iter().enumerate() {
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
        assert!(appendix_seen, "{}: the appendix starts a page", sample.display());
        // Nothing drawn outside the margins (page numbers aside). poppler's word box spans the
        // font's bounding box (Liberation Serif: -0.303 to 0.981 em, 1.285 em), taller than the
        // line (ascent 0.891, descent 0.216), so the bottom of a line is measured from it:
        // size = height / 1.285, line bottom = yMax - (0.303 - 0.216) × size.
        for (i, p) in pages.iter().enumerate() {
            for w in p.iter().filter(|w| w.3 >= 20.0 * mm) {
                let size = (w.3 - w.1) / 1.285;
                let line_bottom = w.3 - (0.303 - 0.216) * size;
                assert!(
                    w.0 > 30.0 * mm - 1.5 && w.2 < 195.0 * mm + 1.5 && line_bottom < 277.0 * mm + 0.5,
                    "{}: page {} word {:?} outside the margins",
                    sample.display(),
                    i + 1,
                    w
                );
            }
        }
    }
}
