//! One fixture per validation rule of input.md, each with its exact messages.
//!
//! `tests/fixtures/{monthly,assessment,annual}/NAME.json` is checked and its problems, one a line as the CLI prints
//! them after the file name (`error: systems[0].level: 7 is outside 1–5`), must equal
//! `NAME.txt`. A fixture whose name ends in `-accepted` must give no problem at all.
//! `BAOCAO_BLESS=1 cargo test --test validation` writes the `.txt` files (review them!).

#![allow(clippy::unwrap_used)]

use std::path::Path;

use baocao::input;

mod common;

fn lines(checked: &input::Checked) -> String {
    let mut out = String::new();
    for p in &checked.errors {
        out.push_str(&format!("error: {}\n", p.describe()));
    }
    for p in &checked.warnings {
        out.push_str(&format!("warning: {}\n", p.describe()));
    }
    out
}

#[test]
fn every_monthly_fixture_gives_its_exact_messages() {
    check_fixtures("monthly", 73);
}

#[test]
fn every_assessment_fixture_gives_its_exact_messages() {
    check_fixtures("assessment", 26);
}

#[test]
fn every_annual_fixture_gives_its_exact_messages() {
    check_fixtures("annual", 31);
}

/// Every fixture of `kind` (exactly `count` of them: one lost is a test lost) gives its messages.
fn check_fixtures(kind: &str, count: usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(kind);
    let bless = std::env::var_os("BAOCAO_BLESS").is_some();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), count, "the fixtures of {kind}");
    let mut failures = Vec::new();
    for json in names {
        let checked = input::load(&json).unwrap();
        let got = lines(&checked);
        let stem = json.file_stem().unwrap().to_string_lossy().into_owned();
        let expected_path = json.with_extension("txt");
        if stem.ends_with("-accepted") {
            if !got.is_empty() || checked.document.is_none() {
                failures.push(format!("{stem}: expected no problem, got:\n{got}"));
            }
            continue;
        }
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing", expected_path.display()));
        if got != expected {
            failures.push(format!("{stem}:\n--- expected\n{expected}--- got\n{got}"));
        }
        if got.is_empty() {
            failures.push(format!("{stem}: a fixture that is not -accepted must give a problem"));
        }
        let is_warning_case = stem.starts_with("warning-");
        assert_eq!(checked.document.is_some(), is_warning_case, "{stem}: document produced or not");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn nfd_input_gives_the_same_model_as_nfc() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/monthly");
    let nfc = input::load(&dir.join("valid-minimal-accepted.json")).unwrap();
    let nfd = input::load(&dir.join("nfd-input-accepted.json")).unwrap();
    assert!(nfc.document.is_some());
    assert_eq!(nfc.document, nfd.document);
}

#[test]
fn every_invalid_fixture_exits_1_and_writes_nothing() {
    // each kind's invalid fixtures, all of them run (a moved folder or a broken filter must fail)
    let mut ran = 0;
    for kind in ["monthly", "assessment", "annual"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(kind);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let json = entry.unwrap().path();
            let stem = json.file_stem().unwrap().to_string_lossy().into_owned();
            if json.extension().is_none_or(|e| e != "json")
                || stem.ends_with("-accepted")
                || stem.starts_with("warning-")
            {
                continue;
            }
            let out = tempfile::tempdir().unwrap();
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
                .env("BAOCAO_LANG", "en")
                .arg("generate")
                .arg(&json)
                .arg("-o")
                .arg(out.path())
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(1), "{stem}: {}", String::from_utf8_lossy(&o.stderr));
            let stderr = String::from_utf8(o.stderr).unwrap();
            let expected = std::fs::read_to_string(json.with_extension("txt")).unwrap();
            // the CLI prints the same lines, each naming the file
            let named: String = expected
                .lines()
                .map(|l| {
                    let (severity, rest) = l.split_once(": ").unwrap();
                    format!("{severity}: {}: {rest}\n", json.display())
                })
                .collect();
            assert_eq!(stderr, named, "{stem}");
            assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "{stem}: something was written");
            ran += 1;
        }
    }
    assert_eq!(ran, 45 + 13 + 17);
}

/// One rule for e-mail addresses: the reader, the JSON Schema and the mailer take the same ones.
#[test]
fn reader_schema_and_mailer_agree_on_email_addresses() {
    const CASES: &[(&str, bool)] = &[
        ("stttt@bacninh.gov.vn", true),
        ("a+b.c_d@x-y.vn", true),
        ("o'brien@xn--bcninh-7xa.vn", true),
        ("a@[127.0.0.1]", false),
        ("a..b@x.vn", false),
        (".ab@x.vn", false),
        ("ab.@x.vn", false),
        ("ab@-x.vn", false),
        ("ab@x-.vn", false),
        ("a\"b@x.vn", false),
        ("\"a b\"@x.vn", false),
        ("ab@x..vn", false),
        ("ab@x.vn.", false),
        ("ab@x", false),
        ("ab@1.2.3.4", false),
        ("ab@bắcninh.vn", false),
        ("Ngô@x.vn", false),
        ("a@b@x.vn", false),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("samples/monthly-province.json")).unwrap()).unwrap();
    let schema = jsonschema::validator_for(&baocao::input::schema::schema()).unwrap();
    for (address, ok) in CASES {
        let mut v = sample.clone();
        v["issuer"]["email"] = serde_json::json!(address);
        let checked = input::check_value(&v);
        assert_eq!(checked.errors.is_empty(), *ok, "reader on {address}: {:?}", checked.errors);
        assert_eq!(schema.is_valid(&v), *ok, "schema on {address}");
        // the mailer, given the address as the sender (--from) of a valid document
        let doc = input::check_value(&sample).document.unwrap();
        let built = baocao::mail::build(&doc, "Tình hình", &[], &[], Some(address), None);
        assert_eq!(built.is_ok(), *ok, "mailer on {address}: {:?}", built.err());
    }
}

/// An invisible character is left out of the value the report shows, with the warning.
#[test]
fn an_invisible_character_is_left_out_of_the_value() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/monthly");
    let checked = input::load(&dir.join("warning-invisible-character-left-out.json")).unwrap();
    assert_eq!(checked.document.unwrap().issuer.place, "Bắc Ninh");
}

/// Issue 28: JSON takes the Excel form's words for a choice (`"thuê ngoài"` as well as
/// `"outsourced"`, in any case, with or without accents) and `có`/`không` for true and false: every
/// sample with its codes replaced by the words gives the same documents, with no new problem.
#[test]
fn json_takes_the_forms_words_for_its_choices() {
    use baocao::input::xlsx::layout as form;
    let tables: &[(&str, &[(&str, &str)])] = &[
        ("mode", form::MODES),
        ("severity", form::SEVERITIES),
        ("status", form::STATUSES),
        ("role", form::ROLES),
        ("type", form::SYSTEM_TYPES),
        ("approval", form::APPROVALS),
        ("deployment", form::DEPLOYMENTS),
        ("inspected", &baocao::model::INSPECTIONS),
    ];
    // the words as a person types them: as shown, upper case, or without accents
    fn typed(words: &str, n: usize) -> String {
        match n % 3 {
            0 => words.to_owned(),
            1 => words.to_uppercase(),
            _ => {
                use unicode_normalization::UnicodeNormalization;
                let bare: String = words
                    .nfd()
                    .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                    .map(|c| {
                        if c == 'đ' {
                            'd'
                        } else if c == 'Đ' {
                            'D'
                        } else {
                            c
                        }
                    })
                    .collect();
                bare
            }
        }
    }
    fn words_of(v: &mut serde_json::Value, key: Option<&str>, tables: &[(&str, &[(&str, &str)])], n: &mut usize) {
        let table = key.and_then(|k| tables.iter().find(|(t, _)| *t == k)).map(|(_, t)| *t);
        match v {
            serde_json::Value::Object(map) => {
                for (k, item) in map.iter_mut() {
                    words_of(item, Some(k), tables, n);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|item| words_of(item, key, tables, n)),
            serde_json::Value::String(s) => {
                if let Some((_, words)) = table.and_then(|t| t.iter().find(|(code, _)| code == s)) {
                    *n += 1;
                    *s = typed(words, *n);
                }
            }
            serde_json::Value::Bool(b) => {
                *n += 1;
                *v = serde_json::Value::String(typed(if *b { "có" } else { "không" }, *n));
            }
            _ => {}
        }
    }
    let engine = baocao::Engine::bundled().unwrap();
    let mut replaced = 0;
    for sample in common::samples() {
        let bytes = std::fs::read(&sample).unwrap();
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        words_of(&mut value, None, tables, &mut replaced);
        let worded = input::check(&serde_json::to_vec(&value).unwrap());
        let coded = input::check(&bytes);
        let name = sample.display();
        assert_eq!(lines(&worded), lines(&coded), "{name}: the same problems");
        let (worded, coded) = (worded.document.unwrap(), coded.document.unwrap());
        assert!(engine.pdf(&worded).unwrap() == engine.pdf(&coded).unwrap(), "{name}: the same PDF");
        assert!(engine.docx(&worded).unwrap() == engine.docx(&coded).unwrap(), "{name}: the same DOCX");
    }
    assert!(replaced > 100, "the samples' choices and flags were replaced ({replaced})");
}
