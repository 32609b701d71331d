//! Checking the largest inputs the contract takes: 10,000 systems (input.md), the annual
//! report's appendices a row a system, an assessment form a finding a system. Targets (issue
//! 25's hostile review: an annual input of 10,000 systems took 270 s, an assessment form of
//! 10,000 findings 6 s, both quadratic): each within 1 s on one core, growing about linearly (the
//! 2,000-system case beside: measured 110 → 694 ms and 168 → 897 ms for ×5 systems). A form of
//! 20,000 warnings (each placed at its cell) likewise (a second review: 24 s).
//!
//! `cargo bench --bench inputs`

#![allow(missing_docs)]

use std::hint::black_box;

use baocao::input;
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};

fn sample(name: &str) -> Value {
    let path = format!("{}/samples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).expect("sample")).expect("json")
}

/// The annual owner's sample with `n` systems, each named in every appendix.
fn annual(n: usize) -> Vec<u8> {
    let mut v = sample("annual-owner");
    let system = v["systems"][0].clone();
    let name = |i: usize| format!("Hệ thống thông tin số {i} phục vụ công tác chuyên môn");
    v["systems"] = (0..n).map(|i| json!(merge(&system, json!({ "name": name(i) })))).collect();
    for key in ["national_security", "compliance", "requirements"] {
        if let Some(row) = v[key].get(0).cloned() {
            v[key] = (0..n).map(|i| merge(&row, json!({ "system": name(i) }))).collect();
        }
    }
    serde_json::to_vec(&v).expect("json")
}

/// The province's assessment with `n` systems, a finding each, as a filled form.
fn assessment_form(n: usize) -> Vec<u8> {
    let mut v = sample("assessment-province");
    let system = v["systems"][0].clone();
    let finding = json!({ "id": "F-01", "title": "Phát hiện", "severity": "high", "status": "open" });
    v["systems"] =
        (0..n).map(|i| merge(&system, json!({ "name": format!("Hệ thống {i}"), "findings": [finding] }))).collect();
    input::xlsx::form(baocao::model::Kind::Assessment, Some(&v)).expect("form")
}

/// The province's monthly report with `n` systems, each with two addresses of a documentation
/// range (a warning each, placed at its cell: a scan of every cell for each took 24 s for 80,000),
/// as a filled form.
fn monthly_form_warned(n: usize) -> Vec<u8> {
    let mut v = sample("monthly-province");
    let system = v["systems"][0].clone();
    v["systems"] = (0..n)
        .map(|i| {
            let ips = [format!("192.0.2.{}", i % 250 + 1), format!("198.51.100.{}", i % 250 + 1)];
            merge(&system, json!({ "name": format!("Hệ thống {i}"), "public_ips": ips }))
        })
        .collect();
    input::xlsx::form(baocao::model::Kind::Monthly, Some(&v)).expect("form")
}

fn merge(base: &Value, over: Value) -> Value {
    let mut out = base.clone();
    if let (Some(o), Value::Object(m)) = (out.as_object_mut(), over) {
        o.extend(m);
    }
    out
}

fn inputs(c: &mut Criterion) {
    let mut g = c.benchmark_group("inputs");
    g.sample_size(10);
    for n in [2_000, 10_000] {
        let bytes = annual(n);
        assert!(input::check(&bytes).errors.is_empty(), "a valid annual input");
        g.bench_function(format!("annual-{n}/validate"), |b| b.iter(|| input::check(black_box(&bytes))));
        let form = assessment_form(n);
        g.bench_function(format!("assessment-form-{n}/read"), |b| b.iter(|| input::check_workbook(black_box(&form))));
        let warned = monthly_form_warned(n);
        assert!(input::check_workbook(&warned).warnings.len() >= 2 * n, "a warning an address");
        g.bench_function(format!("monthly-form-{n}-warned/read"), |b| {
            b.iter(|| input::check_workbook(black_box(&warned)))
        });
    }
    g.finish();
}

criterion_group!(benches, inputs);
criterion_main!(benches);
