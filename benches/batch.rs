//! Batch speed: N generated units (PDF + DOCX each, folder form) with 1 and with 2 jobs.
//! Targets (issue 5): 1,000 units in ≤ 5 s with `--jobs 2`, ≥ 1.5× faster than with 1 job.
//!
//! `cargo bench --bench batch` (BAOCAO_BENCH_UNITS=… to change N). Peak memory is measured on the
//! binary: `benches/batch-memory.sh` (uses /usr/bin/time -v).

#![allow(missing_docs, clippy::unwrap_used)]

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

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
        "issuer": sample["issuer"], "signer": sample["signer"], "number": 1,
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
    if let Ok(dir) = std::env::var("BAOCAO_BENCH_GENERATE_ONLY") {
        generate(Path::new(&dir), n);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    generate(&input, n);
    let engine = baocao::Engine::bundled().unwrap();
    let opts = baocao::batch::Options {
        formats: vec![baocao::output::Format::Docx, baocao::output::Format::Pdf],
        strict: false,
        email: None,
        jobs: None,
    };
    let mut times = Vec::new();
    for jobs in [1, 2] {
        let out = tmp.path().join(format!("out{jobs}"));
        let opts = baocao::batch::Options { jobs: Some(jobs), ..opts.clone() };
        let t = Instant::now();
        let outcome = baocao::batch::run(&engine, &input, &out, &opts, &baocao::batch::Quiet).unwrap();
        let secs = t.elapsed().as_secs_f64();
        assert!(outcome.all_ok());
        println!("{n} units, --jobs {jobs}: {secs:.2} s ({:.2} ms a unit)", secs * 1000.0 / n as f64);
        times.push(secs);
    }
    println!("speed-up with 2 jobs: {:.2}x", times[0] / times[1]);
}
