//! The promises a hostile review found broken (issue 12), each held by a test through the binary:
//! nothing lost or falsified, nothing hangs, exact messages and exit codes.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn baocao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(common::root()).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A character the fonts lack, written by a template (the input refuses them), stops the PDF:
/// it would be drawn as the empty glyph and mapped to the wrong text.
#[test]
fn a_template_character_the_font_lacks_stops_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("t");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("monthly.subject.md"), "Báo cáo 中文").unwrap();
    let out = dir.path().join("out");
    let o = baocao(&[
        "--templates",
        path(&templates),
        "generate",
        "samples/monthly-province.json",
        "-o",
        path(&out),
        "--format",
        "pdf",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stderr),
        "error: samples/monthly-province.json: cannot write the PDF: the text has character U+4E2D \"中\", which LiberationSerif-Bold cannot draw (does a template write it?)\n"
    );
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
}
