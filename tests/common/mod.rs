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
    assert!(!v.is_empty());
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

/// The text of every paragraph of an XML part, in order (`w:br` as a line feed).
pub fn paragraphs(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let mut s = String::new();
            for n in p.descendants() {
                if n.has_tag_name((W, "t")) {
                    s.push_str(n.text().unwrap_or(""));
                } else if n.has_tag_name((W, "br")) {
                    s.push('\n');
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

/// The words of each page of a PDF.
pub fn pdf_words(pdf: &Path) -> Vec<Vec<Word>> {
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
                    let text =
                        text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
                    (num("xMin"), num("yMin"), num("xMax"), num("yMax"), text)
                })
                .collect()
        })
        .collect()
}

/// The lines of a PDF as `pdftotext -bbox-layout` groups them (words joined by a space), page
/// numbers (a line of 1–3 digits) left out: what `../shared/tools/linebreaks.py` compares.
pub fn pdf_lines(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").arg("-bbox-layout").arg(pdf).arg("-").output().unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let mut lines = Vec::new();
    for line in html.split("<line ").skip(1) {
        let line = &line[..line.find("</line>").unwrap()];
        let words: Vec<&str> =
            line.split("<word ").skip(1).map(|w| &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()]).collect();
        let text = words.join(" ");
        let page_number = text.len() <= 3 && text.chars().all(|c| c.is_ascii_digit());
        if !text.is_empty() && !page_number {
            lines.push(text);
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
        model::Report::Consolidated(_) => vec![],
    }
}
