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
