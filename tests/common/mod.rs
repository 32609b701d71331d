//! Helpers shared by the integration tests: samples, rendering, reading a DOCX back.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use baocao::{input, model, Engine};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every sample input (`samples/*.json`).
pub fn samples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    // every per-sample loop runs over these: one lost is a check lost wherever they are used
    assert_eq!(v.len(), 7, "the samples: {v:?}");
    v
}

pub fn model_of_bytes(bytes: &[u8]) -> model::Document {
    let checked = input::check(bytes);
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    checked.document.unwrap()
}

pub fn model_of(path: &Path) -> model::Document {
    model_of_bytes(&std::fs::read(path).unwrap())
}

pub fn engine() -> Engine {
    Engine::bundled().unwrap()
}

/// The parts of a DOCX, by name.
pub fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        parts.insert(f.name().to_owned(), s);
    }
    parts
}

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The text of every paragraph of an XML part, in order (`w:br` as a line feed, a no-break space
/// as a space: as a reader reads it; tests/typesetting.rs checks where the no-break spaces are).
pub fn paragraphs(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let mut s = String::new();
            for n in p.descendants() {
                if n.has_tag_name((W, "t")) {
                    // a no-break space read as a space; the invisible break marks of table
                    // cells (U+2060, U+200B: doc::fit::cell_breaks) as nothing
                    s.extend(n.text().unwrap_or("").chars().filter(|c| !matches!(c, '\u{2060}' | '\u{200b}')).map(
                        |c| {
                            if c == '\u{a0}' {
                                ' '
                            } else {
                                c
                            }
                        },
                    ));
                } else if n.has_tag_name((W, "br")) {
                    s.push('\n');
                } else if n.has_tag_name((W, "noBreakHyphen")) {
                    // Word's non-breaking hyphen, read as the hyphen it shows
                    s.push('-');
                }
            }
            s
        })
        .collect()
}

/// Attribute `w:name` of the first element `w:tag` under `node`.
pub fn attr<'a>(node: roxmltree::Node<'a, 'a>, tag: &str, name: &str) -> Option<&'a str> {
    node.descendants().find(|n| n.has_tag_name((W, tag))).and_then(|n| n.attribute((W, name)))
}

/// Whether an external tool is there. Missing: skip with a notice, or fail under `CI=true`.
pub fn tool(name: &str, package: &str) -> bool {
    let found =
        Command::new("sh").arg("-c").arg(format!("command -v {name}")).output().is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{name} is required when CI=true: apt-get install -y {package}");
        }
        eprintln!("notice: {name} not found (apt-get install -y {package}); skipping this test");
    }
    found
}

/// A word from `pdftotext -bbox`: (xMin, yMin, xMax, yMax, text), in points from the top left.
pub type Word = (f32, f32, f32, f32, String);

/// `pdftotext -bbox` of a PDF: its pages, each the text after `<page `.
fn bbox_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    html.split("<page ").skip(1).map(str::to_owned).collect()
}

/// The number in attribute `k="…"` of the element that `tag` starts with.
fn bbox_number(tag: &str, k: &str) -> f32 {
    let s = &tag[tag.find(&format!("{k}=\"")).unwrap() + k.len() + 2..];
    s[..s.find('"').unwrap()].parse().unwrap()
}

/// The size of each page of a PDF (width, height in points), as `pdftotext -bbox` reports it.
pub fn pdf_page_sizes(pdf: &Path) -> Vec<(f32, f32)> {
    bbox_pages(pdf).iter().map(|page| (bbox_number(page, "width"), bbox_number(page, "height"))).collect()
}

/// The words of each page of a PDF.
pub fn pdf_words(pdf: &Path) -> Vec<Vec<Word>> {
    bbox_pages(pdf)
        .iter()
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let num = |k: &str| bbox_number(w, k);
                    let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                    let text =
                        text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
                    (num("xMin"), num("yMin"), num("xMax"), num("yMax"), text)
                })
                .collect()
        })
        .collect()
}

/// The lines of a PDF as `pdftotext -bbox-layout` groups them (words joined by a space), page
/// numbers (a line of 1–3 digits) left out: what `../shared/tools/linebreaks.py` compares. A
/// gap wider than 8 pt between two words of a line (no space between words is, justified or
/// not; table cells' texts are at least 2 mm of padding apart) splits it: poppler sometimes
/// groups the lines of neighbouring table cells into one and sometimes not, by a fraction of a
/// point, and a cell's line is what a reader compares.
pub fn pdf_lines(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").arg("-bbox-layout").arg(pdf).arg("-").output().unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let mut lines = Vec::new();
    for line in html.split("<line ").skip(1) {
        let line = &line[..line.find("</line>").unwrap()];
        let mut parts: Vec<Vec<&str>> = vec![vec![]];
        let mut last_end: Option<f32> = None;
        for w in line.split("<word ").skip(1) {
            let num = |k: &str| -> f32 {
                let s = &w[w.find(&format!("{k}=\"")).unwrap() + k.len() + 2..];
                s[..s.find('"').unwrap()].parse().unwrap()
            };
            if last_end.is_some_and(|end| num("xMin") - end > 8.0) {
                parts.push(vec![]);
            }
            last_end = Some(num("xMax"));
            parts.last_mut().unwrap().push(&w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()]);
        }
        for words in parts {
            let text = words.join(" ");
            let page_number = text.len() <= 3 && text.chars().all(|c| c.is_ascii_digit());
            if !text.is_empty() && !page_number {
                lines.push(text);
            }
        }
    }
    lines
}

/// The share of lines two PDFs have in common (as multisets), over the larger count.
pub fn line_agreement(a: &[String], b: &[String]) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for l in a {
        *counts.entry(l.as_str()).or_insert(0i32) += 1;
    }
    let mut common = 0;
    for l in b {
        if let Some(c) = counts.get_mut(l.as_str()) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    common as f64 / a.len().max(b.len()).max(1) as f64
}

/// `pdftotext -raw` of a PDF, whitespace folded to single spaces.
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg("-raw").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every string value of a JSON document that the report shows, with its JSON pointer (not the
/// codes, dates, addresses, e-mails and enumerations it shows transformed or not at all).
pub fn shown_strings(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    const HIDDEN: &[&str] = &[
        "kind",
        "code",
        "date",
        "since",
        "last_assessed",
        "mode",
        "email",
        "level_decision",
        "from",
        "to",
        "severity",
        "status",
        // the annual report's codes, shown as the decree's words or as dates
        "role",
        "type",
        "approval",
        "deployment",
        "inspected",
        "expected_approval",
        "expected_deployment",
        "completion_expected",
        "roadmap",
    ];
    match v {
        serde_json::Value::Object(m) => {
            for (k, child) in m {
                if !HIDDEN.contains(&k.as_str()) && !k.starts_with('_') && !k.starts_with('$') {
                    shown_strings(child, &format!("{path}/{k}"), out);
                }
            }
        }
        serde_json::Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                shown_strings(child, &format!("{path}/{i}"), out);
            }
        }
        serde_json::Value::String(s) => out.push((path.to_owned(), s.clone())),
        _ => {}
    }
}

/// The names of the systems a document lists, whatever its kind.
pub fn system_names(doc: &model::Document) -> Vec<String> {
    match &doc.report {
        model::Report::Monthly(m) => m.systems.iter().map(|s| s.name.clone()).collect(),
        model::Report::Assessment(a) => a.systems.iter().map(|s| s.name.clone()).collect(),
        model::Report::Annual(a) => a.systems.iter().map(|s| s.name.clone()).collect(),
        model::Report::Consolidated(_) => vec![],
    }
}

/// A rule (a horizontal line at least 12 mm long) found on a rendered page: its top and left end
/// in points from the top left, its length, and the clear gap between its top and the lowest ink
/// above it within its length (`f32::INFINITY` when nothing is within 30 pt).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub top: f32,
    pub left: f32,
    pub length: f32,
    pub gap: f32,
}

/// The rules in the upper `share` of page `page` (from 1) of a PDF, as poppler draws them
/// (`pdftoppm -r 288 -gray`: 4 pixels a point), read from the pixels: what a reader sees.
pub fn rules_on_page(pdf: &Path, page: usize, share: f32) -> Vec<Rule> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("page");
    let n = page.to_string();
    let status = Command::new("pdftoppm")
        .args(["-r", "288", "-gray", "-singlefile", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let pgm = std::fs::read(dir.path().join("page.pgm")).unwrap();
    // P5 <width> <height> 255, then one byte a pixel
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8(pgm[start..i].to_vec()).unwrap());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let px = &pgm[i + 1..];
    let at = |x: usize, y: usize| px[y * w + x];
    let scale = 4.0; // pixels a point
    let min_run = (12.0 * 72.0 / 25.4 * scale) as usize;
    let mut rules = Vec::new();
    let mut y = 0;
    let bottom = (h as f32 * share) as usize;
    while y < bottom {
        // the longest run of dark pixels in this row
        let (mut best, mut run_start, mut best_span) = (0, 0, (0, 0));
        for x in 0..w {
            if at(x, y) < 128 {
                if x == 0 || at(x - 1, y) >= 128 {
                    run_start = x;
                }
                if x + 1 - run_start > best {
                    best = x + 1 - run_start;
                    best_span = (run_start, x + 1);
                }
            }
        }
        if best < min_run {
            y += 1;
            continue;
        }
        let (x1, x2) = best_span;
        // the rule's faint antialiased edge above belongs to it
        let covered = |y: usize| (x1..x2).filter(|&x| at(x, y) < 250).count() * 10 >= (x2 - x1) * 9;
        let mut top = y;
        while top > 0 && covered(top - 1) {
            top -= 1;
        }
        let mut gap = f32::INFINITY;
        for above in (top.saturating_sub(120)..top).rev() {
            if (x1..x2).any(|x| at(x, above) < 200) {
                gap = (top - above - 1) as f32 / scale;
                break;
            }
        }
        rules.push(Rule { top: top as f32 / scale, left: x1 as f32 / scale, length: (x2 - x1) as f32 / scale, gap });
        // past the rule
        y += 1;
        while y < h && covered(y) {
            y += 1;
        }
    }
    rules
}

/// The rules of page 1 of a PDF — under the issuer, under the tiêu ngữ, and under the trích yếu
/// of a document with a title (`letter`: a công văn has none, its trích yếu is under its number)
/// — each a clear gap below the text above it.
pub fn assert_rules_clear_of_text(what: &str, pdf: &Path, letter: bool) {
    let rules = rules_on_page(pdf, 1, 0.5);
    let shown: Vec<String> =
        rules.iter().map(|r| format!("{:.1}pt long at {:.1}pt, gap {:.2}pt", r.length, r.top, r.gap)).collect();
    assert_eq!(rules.len(), if letter { 2 } else { 3 }, "{what}: rules on page 1: {shown:?}");
    eprintln!("{what}: {shown:?}");
    for r in &rules {
        assert!(r.gap >= 1.5, "{what}: a rule {:.2} pt below the text above it (≥ 1.5 pt): {shown:?}", r.gap);
    }
}

/// Runs the binary `exe` with `args` in the repository, which must succeed.
pub fn baocao_ok(exe: &str, args: &[&std::ffi::OsStr]) {
    let out = Command::new(exe).env("BAOCAO_LANG", "en").args(args).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Every sample (`generate`) and every report of the batch samples (`batch`) written into `dir`
/// by the binary `exe`: (the sample's file name, or the unit's source, or `_consolidated`, those
/// of the annual batch after `annual/`; the DOCX; the PDF).
pub fn write_every_sample(exe: &str, dir: &Path) -> Vec<(String, PathBuf, PathBuf)> {
    let mut all = Vec::new();
    for sample in samples() {
        let name = sample.file_name().unwrap().to_string_lossy().into_owned();
        let out = dir.join(name.trim_end_matches(".json"));
        baocao_ok(exe, &["generate".as_ref(), sample.as_os_str(), "-o".as_ref(), out.as_os_str()]);
        let file = |ext: &str| {
            std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|e| e == ext))
                .unwrap()
        };
        all.push((name, file("docx"), file("pdf")));
    }
    // the batch samples: the monthly one's reports under their sources, the annual one's under
    // `annual/` and theirs
    for (batch, prefix) in [("batch-bac-ninh", ""), ("batch-annual-bac-ninh", "annual/")] {
        let out = dir.join(batch);
        let input = root().join("samples").join(batch);
        baocao_ok(exe, &["batch".as_ref(), input.as_os_str(), "-o".as_ref(), out.as_os_str()]);
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        let mut units: Vec<serde_json::Value> = manifest["units"].as_array().unwrap().clone();
        let mut consolidated = manifest["consolidated"].clone();
        consolidated["source"] = "_consolidated".into();
        units.push(consolidated);
        for unit in units {
            let files: Vec<&str> = unit["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
            let file = |ext: &str| out.join(files.iter().find(|f| f.ends_with(ext)).unwrap());
            all.push((format!("{prefix}{}", unit["source"].as_str().unwrap()), file(".docx"), file(".pdf")));
        }
    }
    all
}

/// The body rows of the first table of a DOCX with a repeated header row (a consolidated
/// report's table of units), each as its cells' texts.
pub fn header_table_rows(docx: &Path) -> Vec<Vec<String>> {
    let xml = unzip(&std::fs::read(docx).unwrap())["word/document.xml"].clone();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let table = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .find(|t| t.descendants().any(|n| n.has_tag_name((W, "tblHeader"))))
        .unwrap();
    table
        .children()
        .filter(|r| r.has_tag_name((W, "tr")))
        .skip(1)
        .map(|r| {
            r.children()
                .filter(|c| c.has_tag_name((W, "tc")))
                .map(|c| c.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect())
                .collect()
        })
        .collect()
}

/// The agency names' lines in the header block, as the DOCX's first cell has them: each
/// paragraph's `<w:br/>`-separated runs.
pub fn docx_agency_lines(docx: &Path) -> Vec<String> {
    let parts = unzip(&std::fs::read(docx).unwrap());
    let xml = &parts["word/document.xml"];
    let doc = roxmltree::Document::parse(xml).unwrap();
    let cell = doc.descendants().find(|n| n.has_tag_name((W, "tc"))).unwrap();
    let wrapped = format!(r#"<w:body xmlns:w="{W}">{}</w:body>"#, &xml[cell.range()]);
    paragraphs(&wrapped)
        .iter()
        .flat_map(|p| p.split('\n').map(str::to_owned).collect::<Vec<_>>())
        .filter(|l| !l.is_empty())
        .collect()
}
