//! Rendering speed: one sample to PDF and to DOCX, fonts and templates loaded once (the Engine),
//! on one core. Targets (issue 3): PDF ≤ 3 ms, DOCX ≤ 1 ms for the monthly sample; reading a
//! unit's filled Excel form ≤ 2 ms beside its render (issue 17: `{name}/read-form`). `{name}/whole`
//! is the whole path of a report, input bytes to both files from one document model, and
//! `{name}/file-to-files` the same from the input file to both files written, as a run does
//! (issue 26: a regression anywhere on that path shows there first); issue 23:
//! an annual report costs no more per system than a monthly one (`annual-owner/whole` beside
//! `monthly-province/whole`, each divided by its systems, printed first).
//!
//! `cargo bench --bench render`

#![allow(missing_docs)]

use std::hint::black_box;

use baocao::{input, Engine};
use criterion::{criterion_group, criterion_main, Criterion};

/// The binary's allocator (src/main.rs), so the bench measures what a run costs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn render(c: &mut Criterion) {
    let engine = Engine::bundled().expect("bundled templates");
    for name in ["monthly-province", "monthly-ministry", "monthly-large", "annual-owner", "annual-large"] {
        let bytes = match name {
            // the annual sample's seven systems repeated to 45, as many as monthly-large's: the
            // cost of a system, beside a monthly one's
            "annual-large" => annual_large(),
            _ => std::fs::read(format!("{}/samples/{name}.json", env!("CARGO_MANIFEST_DIR"))).expect("sample"),
        };
        let model = input::check(&bytes).document.expect("valid sample");
        let pdf = engine.pdf(&model).expect("pdf");
        let pages = baocao::layout::layout(&engine.document(&model).expect("doc"), baocao::font::Fonts::bundled())
            .expect("layout")
            .len();
        eprintln!(
            "{name}: {pages} pages, PDF {} bytes, DOCX {} bytes",
            pdf.len(),
            engine.docx(&model).expect("docx").len()
        );
        c.bench_function(&format!("{name}/pdf"), |b| b.iter(|| engine.pdf(black_box(&model)).expect("pdf")));
        c.bench_function(&format!("{name}/docx"), |b| b.iter(|| engine.docx(black_box(&model)).expect("docx")));
        c.bench_function(&format!("{name}/validate"), |b| b.iter(|| input::check(black_box(&bytes))));
        eprintln!("{name}: {} systems", common_systems(&model));
        c.bench_function(&format!("{name}/whole"), |b| {
            b.iter(|| {
                let model = input::check(black_box(&bytes)).document.expect("valid");
                let doc = engine.document(&model).expect("doc");
                (engine.docx_of(&doc).expect("docx"), engine.pdf_of(&doc).expect("pdf"))
            })
        });
        // the whole path a user's run takes: the input file read and checked, both files written
        // (issue 26: a regression anywhere on it shows here first)
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join(format!("{name}.json"));
        std::fs::write(&input, &bytes).expect("input written");
        let both = [baocao::output::Format::Docx, baocao::output::Format::Pdf];
        c.bench_function(&format!("{name}/file-to-files"), |b| {
            b.iter(|| {
                let bytes = std::fs::read(black_box(&input)).expect("input");
                let model = input::check(&bytes).document.expect("valid");
                baocao::publish::write(&engine, &model, dir.path(), "out", &both, None).expect("written")
            })
        });
        // the same input as a filled form: read and checked (the kinds that have a form)
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        if let Ok(form) = input::xlsx::form(model.kind().kind, Some(&value)) {
            c.bench_function(&format!("{name}/read-form"), |b| b.iter(|| input::check_workbook(black_box(&form))));
        }
        // the stages, to see where the time goes
        c.bench_function(&format!("{name}/stage/template"), |b| {
            b.iter(|| engine.markdown(black_box(&model)).expect("md"))
        });
        c.bench_function(&format!("{name}/stage/document"), |b| {
            b.iter(|| engine.document(black_box(&model)).expect("doc"))
        });
        let doc = engine.document(&model).expect("doc");
        let fonts = baocao::font::Fonts::bundled();
        c.bench_function(&format!("{name}/stage/layout"), |b| {
            b.iter(|| baocao::layout::layout(black_box(&doc), fonts).expect("layout"))
        });
        let laid = baocao::layout::layout(&doc, fonts).expect("layout");
        c.bench_function(&format!("{name}/stage/pdf-draw"), |b| {
            b.iter(|| baocao::render::pdf::render(black_box(&laid), &doc.meta, fonts).expect("pdf"))
        });
        c.bench_function(&format!("{name}/stage/docx-draw"), |b| {
            b.iter(|| baocao::render::docx::render(black_box(&doc), fonts).expect("docx"))
        });
    }
}

/// The annual sample with 45 systems (its own seven, then copies with new names).
fn annual_large() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/annual-owner.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).expect("sample")).expect("json");
    let systems = v["systems"].as_array().expect("systems").clone();
    let mut all = Vec::new();
    for i in 0..45 {
        let mut s = systems[i % systems.len()].clone();
        if i >= systems.len() {
            s["name"] = serde_json::json!(format!("{} số {}", s["name"].as_str().expect("name"), i + 1));
        }
        all.push(s);
    }
    v["systems"] = serde_json::Value::Array(all);
    serde_json::to_vec(&v).expect("json")
}

/// How many systems a report lists.
fn common_systems(model: &baocao::model::Document) -> usize {
    match &model.report {
        baocao::model::Report::Monthly(m) => m.systems.len(),
        baocao::model::Report::Assessment(a) => a.systems.len(),
        baocao::model::Report::Annual(a) => a.systems.len(),
        baocao::model::Report::Consolidated(_) => 0,
    }
}

criterion_group!(benches, render);
criterion_main!(benches);
