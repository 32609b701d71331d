//! The memory a form costs to read, under a cap of the allocator's (issue 25, item 14: any form
//! under the input limit read within 100 MB). The largest forms the contract takes (10,000
//! systems) cost 122–128 MB before the tables' cells were told by their columns. One test in
//! this file: the cap is the process's.

#![allow(clippy::unwrap_used)]

use baocao::model::{Kind, Report};
use cap::Cap;
use serde_json::{json, Value};

#[global_allocator]
static ALLOCATOR: Cap<std::alloc::System> = Cap::new(std::alloc::System, usize::MAX);

/// `f` run with at most `limit` bytes allocated beyond those held when it starts: an allocation
/// beyond fails, and the test with it ("memory allocation of … bytes failed").
fn capped<T>(limit: usize, f: impl FnOnce() -> T) -> T {
    ALLOCATOR.set_limit(ALLOCATOR.allocated() + limit).unwrap();
    let out = f();
    ALLOCATOR.set_limit(usize::MAX).unwrap();
    out
}

fn sample(name: &str) -> Value {
    let path = format!("{}/samples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn with(base: &Value, over: Value) -> Value {
    let mut out = base.clone();
    if let (Some(o), Value::Object(m)) = (out.as_object_mut(), over) {
        o.extend(m);
    }
    out
}

const MB: usize = 1_000_000;

/// The forms of the most systems the contract takes, an appendix row or a finding a system,
/// each read (and checked) within 100 MB.
#[test]
fn the_largest_forms_are_read_within_100_mb() {
    let n = 10_000;
    let mut annual = sample("annual-owner");
    let system = annual["systems"][0].clone();
    let name = |i: usize| format!("Hệ thống thông tin số {i} phục vụ công tác chuyên môn");
    annual["systems"] = (0..n).map(|i| with(&system, json!({ "name": name(i) }))).collect();
    // (the sample's appendices that have a row: compliance and requirements)
    let mut appendices = 0;
    for key in ["national_security", "compliance", "requirements"] {
        if let Some(row) = annual[key].get(0).cloned() {
            annual[key] = (0..n).map(|i| with(&row, json!({ "system": name(i) }))).collect();
            appendices += 1;
        }
    }
    assert_eq!(appendices, 2);
    let mut assessment = sample("assessment-province");
    let system = assessment["systems"][0].clone();
    let finding = json!({ "id": "F-01", "title": "Phát hiện", "severity": "high", "status": "open" });
    assessment["systems"] =
        (0..n).map(|i| with(&system, json!({ "name": format!("Hệ thống {i}"), "findings": [finding] }))).collect();
    let mut measured = 0;
    for (kind, value) in [(Kind::Annual, annual), (Kind::Assessment, assessment)] {
        let form = baocao::input::xlsx::form(kind, Some(&value)).unwrap();
        drop(value);
        let checked = capped(100 * MB, || baocao::input::check_workbook(&form));
        assert!(checked.errors.is_empty(), "{kind:?}: {:?}", &checked.errors[..1]);
        let systems = match &checked.document.as_ref().expect("a document").report {
            Report::Annual(a) => a.systems.len(),
            Report::Assessment(a) => a.systems.len(),
            _ => 0,
        };
        assert_eq!(systems, n, "{kind:?}");
        drop(checked);
        measured += 1;
    }
    assert_eq!(measured, 2);
}
