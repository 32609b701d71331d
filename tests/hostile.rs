//! Hostile and huge input, generated at run time (too big to keep as fixtures): each case gives
//! its exact message, exit 1, and writes nothing.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use serde_json::{json, Value};

fn sample() -> Value {
    serde_json::from_str(&std::fs::read_to_string(common::root().join("samples/monthly-province.json")).unwrap())
        .unwrap()
}

/// Runs `generate` on `bytes`; returns stderr after asserting exit 1 and an empty output folder.
fn refused(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.json");
    std::fs::write(&input, bytes).unwrap();
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env("BAOCAO_LANG", "en")
        .arg("generate")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(), "something was written");
    String::from_utf8(o.stderr).unwrap().replace(&format!("{}: ", input.display()), "")
}

#[test]
fn a_10_mb_string_names_the_limit_and_the_length() {
    let mut v = sample();
    v["difficulties"] = json!(["a".repeat(10 * 1024 * 1024)]);
    let err = refused(&serde_json::to_vec(&v).unwrap());
    assert!(
        err.starts_with("error: difficulties[0]: the string is 10485760 characters long; the limit is 10000 (\"aaaa"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn a_file_over_16_mib_is_refused_before_parsing() {
    let mut bytes = serde_json::to_vec(&sample()).unwrap();
    bytes.pop(); // the closing brace
    bytes.extend(b", \"_padding\": \"");
    bytes.resize(16 * 1024 * 1024 + 10, b'x');
    bytes.extend(b"\"}");
    let len = bytes.len();
    assert_eq!(refused(&bytes), format!("error: the file is {len} bytes; the limit is 16777216 bytes (16 MiB)\n"));
}

#[test]
fn too_many_systems() {
    let mut v = sample();
    let one = json!({ "name": "S", "level": 1, "monitored": true, "connected": false });
    v["systems"] = Value::Array(vec![one; 100_000]);
    assert_eq!(
        refused(&serde_json::to_vec(&v).unwrap()),
        "error: systems: the array has 100000 items; the limit is 10000\n"
    );
}

#[test]
fn deep_nesting_lone_surrogates_and_invisible_marks() {
    let deep = format!("{{\"kind\": \"monthly\", \"_x\": {}{}}}", "[".repeat(300), "]".repeat(300));
    assert_eq!(refused(deep.as_bytes()), "error: line 1, column 153: malformed JSON: recursion limit exceeded\n");
    let text =
        serde_json::to_string(&sample()).unwrap().replacen("Sở Thông tin và Truyền thông", "Sở \\ud800 Thông tin", 1);
    let err = refused(text.as_bytes());
    // a high surrogate not followed by a low one: serde_json stops at the space after it
    assert_eq!(err, "error: line 1, column 130: malformed JSON: unexpected end of hex escape\n");
    let mut v = sample();
    v["issuer"]["name"] = json!("Sở Thông tin\u{200F} và Truyền thông");
    assert_eq!(
        refused(&serde_json::to_vec(&v).unwrap()),
        "error: issuer.name: invisible character U+200F (right-to-left mark) at character 13 is not allowed in names, titles and codes (\"Sở Thông tin\\u{200f} và Truyền thông\")\n"
    );
}

#[test]
fn forbidden_ranges_in_ipv6_blocks_and_mapped_forms() {
    for (ip, why) in [
        ("fc00::/6", "part of the block lies in fc00::/7 (unique local)"),
        ("fe80::1:2:3:4", "it lies in fe80::/10 (link-local)"),
        (
            "::ffff:192.168.1.0/120",
            "part of the block lies in 192.168.0.0/16 (private) as an IPv4-mapped or IPv4-compatible address",
        ),
        ("100.64.1.1", "it lies in 100.64.0.0/10 (shared address space)"),
        ("224.0.0.0/3", "part of the block lies in 224.0.0.0/4 (multicast)"),
    ] {
        let mut v = sample();
        v["systems"][0]["public_ips"] = json!([ip]);
        assert_eq!(
            refused(&serde_json::to_vec(&v).unwrap()),
            format!("error: systems[0].public_ips[0]: {ip:?} is not a public address: {why}\n"),
            "{ip}"
        );
    }
}

#[test]
fn mixed_normalisation_gives_the_nfc_bytes() {
    use unicode_normalization::UnicodeNormalization;
    let mut v = sample();
    let name = v["issuer"]["name"].as_str().unwrap().nfd().collect::<String>();
    v["issuer"]["name"] = json!(name); // one field NFD, the rest NFC
    let engine = common::engine();
    let mixed = engine.pdf(&common::model_of_bytes(&serde_json::to_vec(&v).unwrap())).unwrap();
    let nfc = engine.pdf(&common::model_of(&common::root().join("samples/monthly-province.json"))).unwrap();
    assert_eq!(mixed, nfc);
}
