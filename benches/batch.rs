//! Batch speed: N generated units (PDF + DOCX each, folder form) with 1 and with 2 jobs, and the
//! consolidated report: monthly units (the province's Sở), then annual units (Decree 331: each
//! unit's report to its system owner, and the owner's report for Bộ Công an, whose table holds
//! every unit's systems).
//! Targets (issue 5): 1,000 units in ≤ 5 s with `--jobs 2`, ≥ 1.5× faster than with 1 job; an
//! annual report costs no more per system than a monthly one (issue 23).
//!
//! `cargo bench --bench batch` (BAOCAO_BENCH_UNITS=… to change N, BAOCAO_BENCH_KIND=monthly or
//! annual for one kind). Peak memory is measured on the binary: `benches/batch-memory.sh` (uses
//! /usr/bin/time -v).

#![allow(missing_docs, clippy::unwrap_used)]

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

/// Writes `n` units of `kind` and the defaults and consolidated report's fields.
pub fn generate_kind(kind: &str, dir: &Path, n: usize) {
    match kind {
        "annual" => generate_annual(dir, n),
        _ => generate(dir, n),
    }
}

/// Writes `n` annual units (the units of the annual batch sample in turn, under other names), its
/// defaults and the owner's fields.
pub fn generate_annual(dir: &Path, n: usize) {
    let sample = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/batch-annual-bac-ninh"));
    std::fs::create_dir_all(dir).unwrap();
    let mut units = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(sample).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('_') {
            std::fs::copy(&path, dir.join(&name)).unwrap();
        } else {
            units.push(serde_json::from_str::<Value>(&std::fs::read_to_string(&path).unwrap()).unwrap());
        }
    }
    for i in 0..n {
        let mut u = units[i % units.len()].clone();
        u["issuer"]["name"] = json!(format!("Đơn vị số {i:05}"));
        std::fs::write(dir.join(format!("{i:05}.json")), serde_json::to_vec(&u).unwrap()).unwrap();
    }
}

/// Writes `n` units (the province sample under other names and addresses) and the defaults.
pub fn generate(dir: &Path, n: usize) {
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/monthly-province.json")).unwrap(),
    )
    .unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let defaults = json!({ "kind": "monthly", "period": sample["period"], "date": sample["date"] });
    std::fs::write(dir.join("_defaults.json"), serde_json::to_vec(&defaults).unwrap()).unwrap();
    let consolidated = json!({
        "issuer": sample["issuer"], "signer": sample["signer"], "number": 1, "submit_to": sample["submit_to"],
    });
    std::fs::write(dir.join("_consolidated.json"), serde_json::to_vec(&consolidated).unwrap()).unwrap();
    for i in 0..n {
        let mut u = sample.clone();
        let m = u.as_object_mut().unwrap();
        m.remove("kind");
        m.remove("period");
        m["issuer"]["name"] = json!(format!("Đơn vị số {i:05}"));
        let mut k = 0u32;
        for s in m["systems"].as_array_mut().unwrap() {
            if let Some(ips) = s.get_mut("public_ips").and_then(Value::as_array_mut) {
                for ip in ips.iter_mut() {
                    k += 1;
                    let v = (i as u32) * 16 + k;
                    *ip = json!(format!("14.{}.{}.{}", 100 + (v >> 16), (v >> 8) & 255, v & 255));
                }
            }
        }
        std::fs::write(dir.join(format!("{i:05}.json")), serde_json::to_vec(&u).unwrap()).unwrap();
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let n: usize = std::env::var("BAOCAO_BENCH_UNITS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let only = std::env::var("BAOCAO_BENCH_KIND").ok();
    if let Ok(dir) = std::env::var("BAOCAO_BENCH_GENERATE_ONLY") {
        generate_kind(only.as_deref().unwrap_or("monthly"), Path::new(&dir), n);
        return;
    }
    let engine = baocao::Engine::bundled().unwrap();
    let opts = baocao::batch::Options {
        formats: vec![baocao::output::Format::Docx, baocao::output::Format::Pdf],
        strict: false,
        email: None,
        jobs: None,
        base: None,
    };
    for kind in ["monthly", "annual"] {
        if only.as_deref().is_some_and(|k| k != kind) {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in");
        generate_kind(kind, &input, n);
        let mut times = Vec::new();
        for jobs in [1, 2] {
            let out = tmp.path().join(format!("out{jobs}"));
            let opts = baocao::batch::Options { jobs: Some(jobs), ..opts.clone() };
            let t = Instant::now();
            let outcome = baocao::batch::run(&engine, &input, &out, &opts, &baocao::batch::Quiet).unwrap();
            let secs = t.elapsed().as_secs_f64();
            assert!(outcome.all_ok(), "{:?}", outcome.consolidated_errors);
            assert_eq!(outcome.consolidated.len(), 2, "the consolidated report written");
            println!(
                "{kind}: {n} units and the consolidated report, --jobs {jobs}: {secs:.2} s ({:.2} ms a unit)",
                secs * 1000.0 / n as f64
            );
            times.push(secs);
        }
        println!("{kind}: speed-up with 2 jobs: {:.2}x", times[0] / times[1]);
    }
}
