//! Valid-shaped documents with arbitrary contents (the monthly sample's shape, strings, numbers,
//! booleans and list lengths drawn by `arbitrary`) through to PDF and DOCX.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

#[derive(Debug, Arbitrary)]
struct System {
    name: String,
    level: u8,
    decision: Option<String>,
    ips: Vec<(u8, u8, u8, u8)>,
    monitored: bool,
    connected: bool,
    assessed_day: Option<u8>,
}

#[derive(Debug, Arbitrary)]
struct Doc {
    issuer: String,
    parent: Option<String>,
    place: String,
    number: Option<u32>,
    day: Option<u8>,
    month: u8,
    authority: Vec<String>,
    title: String,
    signer: String,
    recipients: Vec<String>,
    unit: String,
    decision: Option<String>,
    dedicated: u8,
    systems: Vec<System>,
    difficulties: Vec<String>,
    proposals: Vec<String>,
}

fn engine() -> &'static baocao::Engine {
    static ENGINE: OnceLock<baocao::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| baocao::Engine::bundled().expect("bundled templates"))
}

fn to_json(d: &Doc) -> Value {
    let month = 1 + d.month % 12;
    let systems: Vec<Value> = d
        .systems
        .iter()
        .take(60)
        .enumerate()
        .map(|(i, s)| {
            json!({
                "name": format!("{} {i}", s.name),
                "level": 1 + s.level % 5,
                "level_decision": s.decision,
                "public_ips": s.ips.iter().take(4).map(|(a, b, c, e)| format!("{}.{b}.{c}.{e}", 11 + a % 100)).collect::<Vec<_>>(),
                "monitored": s.monitored,
                "connected": s.connected,
                "last_assessed": s.assessed_day.map(|x| format!("2020-{:02}-{:02}", month, 1 + x % 28)),
            })
        })
        .collect();
    json!({
        "kind": "monthly",
        "period": { "year": 2020, "month": month },
        "issuer": { "name": d.issuer, "parent": d.parent, "code": "STTTT", "place": d.place },
        "number": d.number,
        "date": d.day.map(|x| format!("2020-{:02}-{:02}", month, 1 + x % 28)),
        "signer": { "authority": d.authority.iter().take(3).map(|a| format!("KT. {a}")).collect::<Vec<_>>(), "title": d.title, "name": d.signer },
        "recipients": d.recipients.iter().take(10).collect::<Vec<_>>(),
        "layers": {
            "in_house": { "unit": d.unit, "decision": d.decision, "focal_point": { "name": "A", "phone": "1", "email": "a@b.vn" }, "staff": { "dedicated": d.dedicated, "part_time": 1 } },
            "monitoring": { "mode": "outsourced", "provider": "P" },
            "assessment": { "mode": "outsourced", "assessor": "Q" },
            "national_connection": { "connected": true }
        },
        "systems": systems,
        "difficulties": d.difficulties.iter().take(10).collect::<Vec<_>>(),
        "proposals": d.proposals.iter().take(10).collect::<Vec<_>>(),
    })
}

fuzz_target!(|d: Doc| {
    let value = to_json(&d);
    let checked = baocao::input::check_value(&value);
    if let Some(doc) = checked.document {
        engine().docx(&doc).expect("a valid document renders as DOCX");
        engine().pdf(&doc).expect("a valid document renders as PDF");
    }
});
