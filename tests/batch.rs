//! `baocao batch`: the sample batch, broken units, file-name collisions, the Vietnamese order of
//! the consolidated table, the manifest, determinism across `--jobs`.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

fn baocao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env("BAOCAO_LANG", "en")
        .args(args)
        .current_dir(common::root())
        .output()
        .unwrap()
}

/// `baocao [--templates DIR] batch INPUT -o OUT ARGS…`.
fn batch_with(templates: Option<&Path>, input: &str, out: &Path, args: &[&str]) -> Output {
    let mut all = Vec::new();
    if let Some(t) = templates {
        all.extend(["--templates", t.to_str().unwrap()]);
    }
    all.extend(["batch", input, "-o", out.to_str().unwrap()]);
    all.extend(args);
    baocao(&all)
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// The unit names of the consolidated report's table, in order (column 2 of its body table).
fn consolidated_units(docx: &Path) -> Vec<String> {
    common::header_table_rows(docx).into_iter().map(|r| r[1].clone()).filter(|s| s != "Tổng cộng").collect()
}

#[test]
fn the_sample_batch_writes_every_unit_the_consolidated_report_and_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = baocao(&["batch", "samples/batch-bac-ninh", "-o", out.to_str().unwrap(), "--jobs", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let units = std::fs::read_dir(common::root().join("samples/batch-bac-ninh"))
        .unwrap()
        .filter(|e| !e.as_ref().unwrap().file_name().to_string_lossy().starts_with('_'))
        .count();
    assert!(units >= 20);
    let printed: Vec<String> = text(&o.stdout).lines().map(str::to_owned).collect();
    assert_eq!(printed.len(), units * 2 + 2 + 1, "two files a unit, two consolidated, the manifest");
    for p in &printed {
        assert!(Path::new(p).exists(), "{p}");
    }
    assert!(printed.last().unwrap().ends_with("manifest.json"));
    let stem = "2026-05_bao-cao-tong-hop-4-lop_so-thong-tin-va-truyen-thong-bac-ninh";
    assert!(printed.contains(&out.join(format!("{stem}.pdf")).display().to_string()));
    let m = manifest(&out);
    assert_eq!(m["units"].as_array().unwrap().len(), units);
    assert!(m["units"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["status"] == "ok" && u["files"].as_array().unwrap().len() == 2));
    assert_eq!(m["consolidated"]["status"], "ok");
    // every file name unique, ASCII, in the folder; nothing else there
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), printed.len());
    assert!(names.iter().all(|n| n.is_ascii() && !n.starts_with('.')));
    // the consolidated table: one row a unit, in Vietnamese order
    let rows = consolidated_units(&out.join(format!("{stem}.docx")));
    assert_eq!(rows.len(), units);
    let mut sorted = rows.clone();
    baocao::vn::sort_vietnamese(&mut sorted);
    assert_eq!(rows, sorted);
    assert!(rows.first().unwrap().starts_with("Ban ") && rows.last().unwrap().starts_with("Ủy ban"), "{rows:?}");
}

fn unit(name: &str, ip: &str) -> Value {
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(common::root().join("samples/monthly-province.json")).unwrap())
            .unwrap();
    let m = v.as_object_mut().unwrap();
    for k in ["kind", "period", "date", "submit_to"] {
        m.remove(k);
    }
    m["issuer"]["name"] = json!(name);
    m["systems"] = json!([{ "name": "Cổng thông tin điện tử", "level": 2, "level_decision": "Quyết định số 1/QĐ-UBND ngày 02/01/2020", "public_ips": [ip], "monitored": true, "connected": true }]);
    v
}

#[test]
fn the_consolidated_table_follows_the_vietnamese_alphabet() {
    let order = ["An", "Ăn", "Ân", "Bắc", "Cao", "Dương", "Đông", "Em", "Êm", "Ôn", "Ơn", "Uông", "Ưng"];
    // given in reverse, with the names' letters out of byte order (Đ is U+0110, Ư U+01AF, …)
    let units: Vec<Value> = order
        .iter()
        .rev()
        .enumerate()
        .map(|(i, n)| unit(&format!("{n} Sở"), &format!("14.160.40.{}", i + 1)))
        .collect();
    let batch = json!({
        "defaults": { "kind": "monthly", "period": { "year": 2020, "month": 5 }, "date": "2020-05-20" },
        "consolidated": {
            "issuer": { "name": "Sở Thông tin và Truyền thông", "code": "STTTT", "place": "Bắc Ninh" },
            "signer": { "title": "Giám đốc", "name": "Nguyễn Văn An" }
        },
        "units": units,
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("batch.json");
    std::fs::write(&file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let out = dir.path().join("out");
    let o = baocao(&["batch", file.to_str().unwrap(), "-o", out.to_str().unwrap(), "--format", "docx"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let rows = consolidated_units(
        &out.join("2020-05_bao-cao-tong-hop-4-lop_so-thong-tin-va-truyen-thong-bac-ninh_du-thao.docx"),
    );
    let expected: Vec<String> = order.iter().map(|n| format!("{n} Sở")).collect();
    assert_eq!(rows, expected);
}

#[test]
fn broken_units_are_reported_and_the_others_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let sample = common::root().join("samples/batch-bac-ninh");
    for e in std::fs::read_dir(&sample).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), input.join(e.file_name())).unwrap();
    }
    std::fs::write(input.join("50-broken-json.json"), b"{ \"issuer\": ").unwrap();
    let mut bad = unit("Sở Ư Bad Data", "14.160.41.1");
    bad["systems"][0]["level"] = json!(7);
    std::fs::write(input.join("51-bad-data.json"), serde_json::to_vec(&bad).unwrap()).unwrap();
    let mut other_kind = unit("Sở Khác Kỳ", "14.160.41.2");
    other_kind["period"] = json!({ "year": 2020, "month": 6 });
    std::fs::write(input.join("52-other-period.json"), serde_json::to_vec(&other_kind).unwrap()).unwrap();
    let out = dir.path().join("out");
    let o = baocao(&["batch", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("error: 50-broken-json.json: line 1, column 12: malformed JSON: EOF while parsing a value"),
        "{err}"
    );
    assert!(err.contains("error: 51-bad-data.json: systems[0].level: 7 is outside 1–5"), "{err}");
    assert!(
        err.contains(
            "error: 52-other-period.json: period: {\"year\":2020,\"month\":6} differs from the batch's defaults"
        ),
        "{err}"
    );
    let m = manifest(&out);
    let units = m["units"].as_array().unwrap();
    assert_eq!(units.len(), 22 + 3, "the sample's units and the three broken ones");
    let failed: Vec<&Value> = units.iter().filter(|u| u["status"] == "failed").collect();
    assert_eq!(failed.len(), 3);
    assert!(failed
        .iter()
        .all(|u| u["files"].as_array().unwrap().is_empty() && !u["errors"].as_array().unwrap().is_empty()));
    assert_eq!(units.iter().filter(|u| u["status"] == "ok").count(), units.len() - 3);
    // every good unit written and readable
    for u in units.iter().filter(|u| u["status"] == "ok") {
        assert_eq!(u["files"].as_array().unwrap().len(), 2, "{u}");
        for f in u["files"].as_array().unwrap() {
            let bytes = std::fs::read(out.join(f.as_str().unwrap())).unwrap();
            assert!(bytes.starts_with(b"%PDF-") || bytes.starts_with(b"PK"));
        }
    }
    // the consolidated report names the failed units: by issuer.name, or the file when unreadable,
    // in the Vietnamese alphabet
    let docx = out.join("2026-05_bao-cao-tong-hop-4-lop_so-thong-tin-va-truyen-thong-bac-ninh.docx");
    let paras = common::paragraphs(&common::unzip(&std::fs::read(docx).unwrap())["word/document.xml"]);
    assert!(
        paras.iter().any(|p| p
            == "Số cơ quan, đơn vị được tổng hợp: 22/25 (báo cáo của 3 đơn vị chưa hợp lệ, chưa được tổng hợp: đơn vị gửi tệp 50-broken-json.json; Sở Khác Kỳ; Sở Ư Bad Data)."),
        "{paras:#?}"
    );
}

#[test]
fn colliding_names_get_numbered_in_source_order_and_jobs_do_not_change_the_bytes() {
    let batch = json!({
        "defaults": { "kind": "monthly", "period": { "year": 2020, "month": 5 }, "date": "2020-05-20" },
        "units": [unit("Sở Y tế", "14.160.42.1"), unit("Sở Y Tế", "14.160.42.2"), unit("Sở Y tế", "14.160.42.3")],
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.json");
    std::fs::write(&file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let run = |jobs: &str| {
        let out = dir.path().join(format!("out{jobs}"));
        let o = baocao(&["batch", file.to_str().unwrap(), "-o", out.to_str().unwrap(), "--jobs", jobs]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        out
    };
    let (one, two) = (run("1"), run("2"));
    let stem = "2020-05_bao-cao-4-lop_so-y-te-bac-ninh";
    let m = manifest(&one);
    let files: Vec<String> =
        m["units"].as_array().unwrap().iter().map(|u| u["files"][0].as_str().unwrap().to_owned()).collect();
    assert_eq!(files, [format!("{stem}.docx"), format!("{stem}-2.docx"), format!("{stem}-3.docx")]);
    for f in std::fs::read_dir(&one).unwrap() {
        let name = f.unwrap().file_name();
        if name != "manifest.json" {
            assert_eq!(std::fs::read(one.join(&name)).unwrap(), std::fs::read(two.join(&name)).unwrap(), "{name:?}");
        }
    }
    // no consolidated object: no consolidated report
    assert!(m["consolidated"].is_null());
}

#[test]
fn an_assessment_batch_is_consolidated_too() {
    let mut u: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("samples/assessment-province.json")).unwrap(),
    )
    .unwrap();
    u.as_object_mut().unwrap().remove("period");
    let mut u2 = u.clone();
    u2["issuer"]["name"] = json!("Sở Y tế");
    u2["systems"][0]["checks"]["technical"]["passed"] = json!(50);
    let batch = json!({
        "defaults": { "kind": "assessment", "period": { "year": 2020 } },
        "consolidated": {
            "issuer": { "name": "Sở Thông tin và Truyền thông", "code": "STTTT", "place": "Nghệ An" },
            "signer": { "title": "Giám đốc", "name": "Nguyễn Văn An" }
        },
        "units": [u, u2],
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.json");
    std::fs::write(&file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let out = dir.path().join("out");
    let o = baocao(&["batch", file.to_str().unwrap(), "-o", out.to_str().unwrap(), "--format", "docx"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let docx = out.join("2020_bao-cao-tong-hop-danh-gia_so-thong-tin-va-truyen-thong-nghe-an_du-thao.docx");
    let paras = common::paragraphs(&common::unzip(&std::fs::read(&docx).unwrap())["word/document.xml"]);
    let subject =
        "Tổng hợp kết quả kiểm tra, đánh giá an toàn thông tin\ncác hệ thống thông tin cấp độ 3 trở lên năm 2020";
    assert!(paras.iter().any(|p| p == subject), "{subject:?} not in {paras:#?}");
    assert!(
        paras.iter().any(|p| p.contains("số hệ thống đáp ứng yêu cầu theo cấp độ: 1; tỷ lệ yêu cầu đạt: 98,9%")),
        "{paras:?}"
    );
    assert_eq!(consolidated_units(&docx), ["Sở Thông tin và Truyền thông", "Sở Y tế"]);
}

#[test]
fn batch_email_writes_a_message_per_unit_and_a_unit_without_sender_fails_alone() {
    let mut no_email = unit("Sở Không Thư", "14.160.43.2");
    no_email["issuer"].as_object_mut().unwrap().remove("email");
    let batch = json!({
        "defaults": { "kind": "monthly", "period": { "year": 2020, "month": 5 }, "date": "2020-05-20" },
        "consolidated": {
            "issuer": { "name": "Sở Thông tin và Truyền thông", "code": "STTTT", "place": "Bắc Ninh", "email": "stttt@bacninh.gov.vn" },
            "signer": { "title": "Giám đốc", "name": "Nguyễn Văn An" }
        },
        "units": [unit("Sở Có Thư", "14.160.43.1"), no_email],
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.json");
    std::fs::write(&file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let out = dir.path().join("out");
    let o = baocao(&["batch", file.to_str().unwrap(), "-o", out.to_str().unwrap(), "--email", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("units[1]: issuer.email: required to send by e-mail (or give --from ADDRESS)"),
        "{}",
        text(&o.stderr)
    );
    let m = manifest(&out);
    assert_eq!(
        m["units"][0]["files"],
        json!(["2020-05_bao-cao-4-lop_so-co-thu-bac-ninh.pdf", "2020-05_bao-cao-4-lop_so-co-thu-bac-ninh.eml"])
    );
    assert_eq!(m["units"][1]["status"], "failed");
    assert!(!out.join("2020-05_bao-cao-4-lop_so-khong-thu-bac-ninh.pdf").exists(), "a failing unit writes nothing");
    let cons = m["consolidated"]["files"].as_array().unwrap();
    assert!(cons.iter().any(|f| f.as_str().unwrap().ends_with(".eml")), "{cons:?}");
    let eml = std::fs::read(out.join("2020-05_bao-cao-4-lop_so-co-thu-bac-ninh.eml")).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&eml).unwrap();
    assert_eq!(msg.attachments().count(), 1);
    // with --from, the unit without issuer.email goes too
    let out2 = dir.path().join("out2");
    let o = baocao(&[
        "batch",
        file.to_str().unwrap(),
        "-o",
        out2.to_str().unwrap(),
        "--email",
        "--from",
        "vanthu@bacninh.gov.vn",
        "--format",
        "pdf",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(out2.join("2020-05_bao-cao-4-lop_so-khong-thu-bac-ninh.eml").exists());
}

#[test]
fn a_batch_killed_at_any_moment_leaves_only_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    // kills that landed while the batch ran, after it had written some files, and files checked
    let (mut mid_run, mut checked) = (0, 0);
    let mut out = dir.path().to_path_buf();
    // (the longer delays for a loaded machine, where the first files come late)
    // (denser where a batch of 22 units runs, ~0.4–1.5 s alone; enough once two kills landed)
    for delay_ms in [40u64, 120, 260, 400, 500, 650, 800, 1000, 1200, 1500, 2000, 2600, 3500, 5000] {
        if mid_run >= 2 {
            break;
        }
        // each run into a folder of its own: what is there, it wrote
        out = dir.path().join(format!("out-{delay_ms}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .env("BAOCAO_LANG", "en")
            .args(["batch", "samples/batch-bac-ninh", "-o", out.to_str().unwrap(), "--email", "--jobs", "2"])
            .current_dir(common::root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let written = std::fs::read_dir(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.as_ref().is_ok_and(|e| !e.file_name().to_string_lossy().starts_with('.')))
            .count();
        if running && written > 0 {
            mid_run += 1;
        }
        for entry in std::fs::read_dir(&out).into_iter().flatten() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with(".baocao-") {
                continue; // a temporary file: never a result, removed by the next run
            }
            let bytes = std::fs::read(&path).unwrap();
            match path.extension().and_then(|e| e.to_str()) {
                Some("pdf") => assert!(
                    bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
                    "{name} is not a complete PDF"
                ),
                Some("docx") => {
                    let mut zip =
                        zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert!(zip.by_name("word/document.xml").is_ok(), "{name}");
                }
                Some("eml") => assert!(
                    mail_parser::MessageParser::default().parse(&bytes).unwrap().attachments().count() == 2,
                    "{name}"
                ),
                Some("json") => {
                    serde_json::from_slice::<Value>(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                }
                other => panic!("unexpected file {name} ({other:?})"),
            }
            checked += 1;
        }
    }
    // the test is only worth its name if a kill cut a run that had begun writing
    assert!(mid_run >= 1, "no kill landed mid-run (delays too short or too long for this machine)");
    assert!(checked > 0, "no file was checked");
    // the next run completes and leaves no temporary file
    let o = baocao(&["batch", "samples/batch-bac-ninh", "-o", out.to_str().unwrap(), "--email"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The paragraphs of the appendix titled `title` of a DOCX, after its reference line, to the next
/// appendix or the end.
fn appendix(docx: &Path, title: &str) -> Vec<String> {
    let paras = common::paragraphs(&common::unzip(&std::fs::read(docx).unwrap())["word/document.xml"]);
    let start =
        paras.iter().position(|p| p.replace('\n', " ") == title).unwrap_or_else(|| panic!("{title} in {paras:?}"));
    paras[start + 2..].iter().take_while(|p| !p.starts_with("Phụ lục")).filter(|p| !p.is_empty()).cloned().collect()
}

/// The paragraphs of section `heading` of a DOCX (up to the next section heading).
fn section(docx: &Path, heading: &str) -> Vec<String> {
    let paras = common::paragraphs(&common::unzip(&std::fs::read(docx).unwrap())["word/document.xml"]);
    let start = paras.iter().position(|p| p == heading).unwrap_or_else(|| panic!("{heading} in {paras:?}"));
    paras[start + 1..].iter().take_while(|p| !p.starts_with(['I', 'V']) || p.contains(':')).cloned().collect()
}

/// The consolidated report's per-unit lists are drawn an item at a time by the template's
/// macros (`<!-- each: … -->`); a template made before, with plain loops over the whole lists,
/// still works and gives the same document.
#[test]
fn the_consolidated_lists_come_item_by_item_and_a_template_with_whole_lists_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let (streamed, whole) = (dir.path().join("streamed"), dir.path().join("whole"));
    let fixtures = common::root().join("tests/fixtures/templates-whole-lists");
    for (out, templates) in [(&streamed, None), (&whole, Some(fixtures.as_path()))] {
        let o = batch_with(templates, "samples/batch-bac-ninh", out, &["--format", "docx"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let name = "2026-05_bao-cao-tong-hop-4-lop_so-thong-tin-va-truyen-thong-bac-ninh.docx";
    let (a, b) = (streamed.join(name), whole.join(name));
    assert_eq!(
        common::unzip(&std::fs::read(&a).unwrap())["word/document.xml"],
        common::unzip(&std::fs::read(&b).unwrap())["word/document.xml"]
    );
    // the Sở's own difficulties in section III; every unit's own in the appendix, grouped by
    // unit in the order of the table (reports.md, "Consolidated report")
    let own: Value = serde_json::from_slice(
        &std::fs::read(common::root().join("samples/batch-bac-ninh/_consolidated.json")).unwrap(),
    )
    .unwrap();
    let own: Vec<String> =
        own["difficulties"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().to_owned()).collect();
    assert_eq!(section(&a, "III. KHÓ KHĂN, VƯỚNG MẮC"), own);
    let mut expected = Vec::new();
    let units = consolidated_units(&a);
    for unit in &units {
        for f in std::fs::read_dir(common::root().join("samples/batch-bac-ninh")).unwrap() {
            let v: Value = serde_json::from_slice(&std::fs::read(f.unwrap().path()).unwrap()).unwrap();
            if v["issuer"]["name"] != json!(unit) {
                continue;
            }
            let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
            let (d, p) = (list("difficulties"), list("proposals"));
            if d.is_empty() && p.is_empty() {
                continue;
            }
            let n = expected
                .iter()
                .filter(|l: &&String| l.contains(". ") && !l.starts_with('-') && !l.starts_with(['a', 'b']))
                .count()
                + 1;
            expected.push(format!("{n}. {unit}"));
            let mut letter = 'a';
            for (items, label) in [(d, "Khó khăn, vướng mắc:"), (p, "Đề xuất, kiến nghị:")] {
                if items.is_empty() {
                    continue;
                }
                expected.push(format!("{letter}) {label}"));
                letter = 'b';
                for t in items {
                    let t = t.as_str().unwrap();
                    expected.push(format!("- {}", if t.ends_with('.') { t.to_owned() } else { format!("{t}.") }));
                }
            }
        }
    }
    assert!(expected.len() >= 30, "{expected:?}");
    assert_eq!(appendix(&a, "KHÓ KHĂN, ĐỀ XUẤT CỦA CÁC ĐƠN VỊ"), expected);

    // texts and names full of Markdown and line feeds come out literally, item by item as whole
    let mut units = Vec::new();
    for (i, name) in ["Sở * _ | Một", "Ban # [Hai]"].iter().enumerate() {
        let mut u = unit(name, &format!("14.160.41.{}", i + 1));
        u["difficulties"] = json!([format!("Khó {i} & <b> * _ `x` | a\nhai dòng"), "1. [x] \\ {{ }}"]);
        u["proposals"] = json!(["- Đề xuất # ~"]);
        units.push(u);
    }
    let batch = json!({
        "defaults": { "kind": "monthly", "period": { "year": 2020, "month": 5 }, "date": "2020-05-20" },
        "consolidated": {
            "issuer": { "name": "Sở Thông tin và Truyền thông", "code": "STTTT", "place": "Bắc Ninh" },
            "signer": { "title": "Giám đốc", "name": "Nguyễn Văn An" }
        },
        "units": units,
    });
    let file = dir.path().join("hostile.json");
    std::fs::write(&file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let (streamed, whole) = (dir.path().join("hs"), dir.path().join("hw"));
    for (out, templates) in [(&streamed, None), (&whole, Some(fixtures.as_path()))] {
        let o = batch_with(templates, file.to_str().unwrap(), out, &["--format", "docx"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let name = name.replace("2026-05", "2020-05").replace(".docx", "_du-thao.docx");
    let (a, b) = (streamed.join(&name), whole.join(&name));
    let xml = common::unzip(&std::fs::read(&a).unwrap())["word/document.xml"].clone();
    assert_eq!(xml, common::unzip(&std::fs::read(&b).unwrap())["word/document.xml"]);
    assert_eq!(
        appendix(&a, "KHÓ KHĂN, ĐỀ XUẤT CỦA CÁC ĐƠN VỊ"),
        [
            // each text ends as a sentence (reports.md, writing rules)
            "1. Ban # [Hai]",
            "a) Khó khăn, vướng mắc:",
            "- Khó 1 & <b> * _ `x` | a",
            // a line feed starts a line of its own (reports.md: free text keeps its shape)
            "hai dòng.",
            "- 1. [x] \\ {{ }}.",
            "b) Đề xuất, kiến nghị:",
            "- - Đề xuất # ~.",
            "2. Sở * _ | Một",
            "a) Khó khăn, vướng mắc:",
            "- Khó 0 & <b> * _ `x` | a",
            // a line feed starts a line of its own (reports.md: free text keeps its shape)
            "hai dòng.",
            "- 1. [x] \\ {{ }}.",
            "b) Đề xuất, kiến nghị:",
            "- - Đề xuất # ~.",
        ]
    );
    assert_eq!(consolidated_units(&a), ["Ban # [Hai]", "Sở * _ | Một"]);
}

/// An item macro that fails fails the consolidated report alone, with the template named: no
/// consolidated file (nor a temporary one) is left, every unit is written.
#[test]
fn an_item_macro_that_fails_fails_the_consolidated_report_alone() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let bundled = std::fs::read_to_string(common::root().join("templates/consolidated-monthly.md")).unwrap();
    let broken = bundled.replace("### {{ item.stt }}. {{ item.unit }}", "### {{ item.nope }}");
    assert_ne!(broken, bundled);
    std::fs::write(templates.join("consolidated-monthly.md"), broken).unwrap();
    let out = dir.path().join("out");
    let o = batch_with(Some(&templates), "samples/batch-bac-ninh", &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let stderr = text(&o.stderr);
    assert!(stderr.contains("error: consolidated: template consolidated-monthly.md, macro unit_notes: "), "{stderr}");
    assert!(stderr.contains("nope"), "{stderr}");
    let m = manifest(&out);
    assert_eq!(m["consolidated"]["status"], "failed");
    assert_eq!(m["units"].as_array().unwrap().len(), 22);
    assert!(m["units"].as_array().unwrap().iter().all(|u| u["status"] == "ok"));
    let names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains("tong-hop") && !n.starts_with('.')), "{names:?}");
    assert_eq!(names.len(), m["units"].as_array().unwrap().len() * 2 + 1);
}

/// The consolidated report's own fields get the warnings a unit's would (a collective body signing
/// without `TM.`): printed with the batch going on, or under `--strict` an error that stops it.
#[test]
fn the_consolidated_fields_warn_like_a_unit() {
    let dir = tempfile::tempdir().unwrap();
    let batch = json!({
        "defaults": { "kind": "monthly", "period": { "year": 2020, "month": 5 }, "date": "2020-05-20" },
        "consolidated": {
            "issuer": { "name": "Ủy ban nhân dân tỉnh Bắc Ninh", "code": "UBND", "place": "Bắc Ninh" },
            "signer": { "authority": ["KT. Chủ tịch"], "title": "Phó Chủ tịch", "name": "Nguyễn Văn An" }
        },
        "units": [unit("Sở Y tế", "14.160.41.1")],
    });
    let file = dir.path().join("b.json");
    std::fs::write(&file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let warning = format!(
        "warning: {}: consolidated: signer.authority: \"Ủy ban nhân dân tỉnh Bắc Ninh\" is a collective body",
        file.display()
    );
    let o = batch_with(None, file.to_str().unwrap(), &dir.path().join("a"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains(&warning), "{}", text(&o.stderr));
    let o = batch_with(None, file.to_str().unwrap(), &dir.path().join("b"), &["--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("consolidated: signer.authority: "), "{}", text(&o.stderr));
}

/// A unit of a report dated from 01/3/2025 with no addressee, in a batch that gives none: its
/// error says where an addressee goes in a batch.
#[test]
fn a_unit_without_an_addressee_is_told_where_one_goes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("_defaults.json"),
        serde_json::to_vec(&json!({ "kind": "monthly", "period": { "year": 2026, "month": 5 }, "date": "2026-05-20" }))
            .unwrap(),
    )
    .unwrap();
    let u = unit("Sở Y tế", "14.160.41.9");
    std::fs::write(input.join("01-so-y-te.json"), serde_json::to_vec(&u).unwrap()).unwrap();
    let out = dir.path().join("out");
    let o = baocao(&["batch", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("error: 01-so-y-te.json: submit_to: required field is missing: a document dated 2026-05-20 has no default addressee, as Bộ Thông tin và Truyền thông (Cục An toàn thông tin) (athttt@mic.gov.vn) no longer receives these reports since the function passed to Bộ Công an on 2025-03-01; give the addressee's \"name\" and \"email\" (in a batch: set it in _defaults.json for every unit, or give _consolidated.json an issuer with its e-mail to address the units' reports to it)"),
        "{}",
        text(&o.stderr)
    );
}

/// A copy of the sample batch folder in `dir/units`.
fn sample_copy(dir: &Path) -> std::path::PathBuf {
    let units = dir.join("units");
    std::fs::create_dir(&units).unwrap();
    for entry in std::fs::read_dir(common::root().join("samples/batch-bac-ninh")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, units.join(path.file_name().unwrap())).unwrap();
    }
    units
}

/// Every entry of a batch folder is a unit or is listed, on stderr and in the manifest, with why
/// not (issue 25, items 5 and 6): a unit's extension in capitals is a unit; baocao's own outputs
/// of an earlier run into the folder — the manifest, the reports — are not, and say so.
#[test]
fn every_entry_of_a_batch_folder_is_a_unit_or_said_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let units = sample_copy(dir.path());
    std::fs::rename(units.join("02-so-y-te.json"), units.join("02-so-y-te.JSON")).unwrap();
    std::fs::write(units.join("ghi-chu.txt"), "notes").unwrap();
    std::fs::write(units.join("~$01-so-tai-chinh.xlsx"), "lock").unwrap();
    std::fs::write(units.join("_cu.json"), "{}").unwrap();
    // the settings file of a folder that is also the working folder: no unit, nothing to say
    std::fs::write(units.join("baocao.toml"), "[output]\n").unwrap();
    // a first run writes its outputs beside the units
    let o = baocao(&["batch", units.to_str().unwrap(), "-o", units.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let first = manifest(&units);
    assert_eq!(first["units"].as_array().unwrap().len(), 22, "the unit in capitals is a unit");
    // a second run of the same folder into another
    let out = dir.path().join("out");
    let o = baocao(&["batch", units.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let second = manifest(&out);
    assert_eq!(second["units"].as_array().unwrap().len(), 22, "{second}");
    let skipped: Vec<(String, String)> = second["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["source"].as_str().unwrap().to_owned(), s["reason"].as_str().unwrap().to_owned()))
        .collect();
    let reason = |source: &str| skipped.iter().find(|(s, _)| s == source).map(|(_, r)| r.as_str());
    assert_eq!(reason("manifest.json"), Some("baocao's own manifest of an earlier run, not a unit"));
    assert_eq!(reason("baocao.toml"), None, "{skipped:?}");
    assert_eq!(reason("ghi-chu.txt"), Some("not a unit: a unit is a .json file or a filled form (.xlsx)"));
    assert_eq!(
        reason("~$01-so-tai-chinh.xlsx"),
        Some("the lock file Excel or LibreOffice keeps beside an open workbook, not a unit")
    );
    assert_eq!(
        reason("_cu.json"),
        Some(
            "a name beginning with _ is not a unit (the folder's own files are _defaults.json and _consolidated.json)"
        )
    );
    // the first run's reports, each listed
    let reports = skipped.iter().filter(|(s, _)| s.ends_with(".pdf") || s.ends_with(".docx")).count();
    assert_eq!(reports, first["units"].as_array().unwrap().len() * 2 + 2, "{skipped:?}");
    // and said on stderr
    let said = text(&o.stderr);
    assert!(
        said.contains(&format!(
            "warning: {}: skipped, baocao's own manifest of an earlier run, not a unit\n",
            units.join("manifest.json").display()
        )),
        "{said}"
    );
    // no failed unit named manifest.json in the consolidated report
    assert!(second["units"].as_array().unwrap().iter().all(|u| u["source"].as_str() != Some("manifest.json")));
}

/// A bad `--from` or `--cc` is the caller's mistake, said once in `email`'s words with its exit
/// code, before any unit (issue 25, item 17: every unit failed and the batch exited 1).
#[test]
fn a_bad_sender_fails_the_batch_once_as_email_does() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o =
        baocao(&["batch", "samples/batch-bac-ninh", "-o", out.to_str().unwrap(), "--email", "--from", "bad address"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert_eq!(text(&o.stderr), "error: --from: \"bad address\" is not an e-mail address: it has no @\n");
    assert!(!out.exists(), "nothing written");
    let e = baocao(&["email", "samples/monthly-province.json", "-o", out.to_str().unwrap(), "--from", "bad address"]);
    assert_eq!(e.status.code(), Some(2));
    assert!(
        text(&e.stderr).ends_with("--from: \"bad address\" is not an e-mail address: it has no @\n"),
        "{}",
        text(&e.stderr)
    );
}

/// A unit file named `manifest.json` in a folder the batch writes its manifest into is not
/// silently dropped and then overwritten (a hostile review): the run refuses, naming it.
#[test]
fn a_unit_where_the_manifest_goes_is_refused_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let units = sample_copy(dir.path());
    std::fs::rename(units.join("02-so-y-te.json"), units.join("manifest.json")).unwrap();
    let before = std::fs::read(units.join("manifest.json")).unwrap();
    let o = baocao(&["batch", units.to_str().unwrap(), "-o", units.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stderr),
        format!(
            "error: {}: a unit where this run writes its manifest, which would replace it: rename the unit, or write elsewhere (-o)\n",
            units.join("manifest.json").display()
        )
    );
    assert_eq!(std::fs::read(units.join("manifest.json")).unwrap(), before, "the unit is untouched");
}

/// A failed unit's file name with a line feed is shown escaped in the consolidated report, not
/// breaking its sentence (a hostile review).
#[cfg(unix)]
#[test]
fn a_failed_units_odd_file_name_is_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let units = sample_copy(dir.path());
    std::fs::write(units.join("hong\nten.json"), "{}").unwrap();
    let out = dir.path().join("out");
    let o = baocao(&["batch", units.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let docx = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "docx") && p.file_name().unwrap().to_string_lossy().contains("tong-hop")
        })
        .expect("the consolidated report");
    let xml = common::unzip(&std::fs::read(&docx).unwrap())["word/document.xml"].clone();
    assert!(xml.contains(r"hong\nten.json"), "the name escaped");
    assert!(!xml.contains("hong\nten.json"), "no line feed in the report's sentence");
}

/// One agency counted once: a unit copied under another name, or linked, fails with the unit
/// it repeats named, and is neither written nor counted (a fourth hostile review: the
/// consolidated report said 24/24 units, two of them twice, exit 0).
#[test]
fn an_agency_given_twice_is_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("units");
    std::fs::create_dir(&units).unwrap();
    let sample = common::root().join("samples/batch-bac-ninh");
    let mut names: Vec<String> =
        std::fs::read_dir(&sample).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for name in &names {
        std::fs::copy(sample.join(name), units.join(name)).unwrap();
    }
    std::fs::copy(sample.join("02-so-y-te.json"), units.join("23-so-y-te-ban-sao.json")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(units.join("05-so-noi-vu.json"), units.join("24-link.json")).unwrap();
    // the same agency spelt otherwise: a final dot, its parent abbreviated
    let mut respelt: Value =
        serde_json::from_slice(&std::fs::read(sample.join("03-so-giao-duc-va-dao-tao.json")).unwrap()).unwrap();
    respelt["issuer"]["name"] = json!("Sở Giáo dục và  Đào tạo.");
    respelt["issuer"]["parent"] = json!("UBND tỉnh Bắc Ninh");
    std::fs::write(units.join("25-so-gd.json"), serde_json::to_vec(&respelt).unwrap()).unwrap();
    // and its parent in the old tone placement (Uỷ for Ủy), its name with UBND for Ủy ban nhân dân
    let mut toned: Value =
        serde_json::from_slice(&std::fs::read(sample.join("18-ubnd-thanh-pho-bac-ninh.json")).unwrap()).unwrap();
    let name = toned["issuer"]["name"].as_str().unwrap().replace("Ủy ban nhân dân", "UBND");
    toned["issuer"]["name"] = json!(name);
    toned["issuer"]["parent"] = json!("Uỷ ban nhân dân tỉnh Bắc Ninh");
    std::fs::write(units.join("26-ubnd-tp.json"), serde_json::to_vec(&toned).unwrap()).unwrap();
    let out = dir.path().join("out");
    let o = batch_with(None, units.to_str().unwrap(), &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let stderr = text(&o.stderr);
    let told: Vec<&str> = stderr.lines().filter(|l| l.contains("same agency")).collect();
    let mut expected = vec![
        "error: 23-so-y-te-ban-sao.json: it reports for the same agency (name and parent) as \"02-so-y-te.json\": the consolidated report would count it twice; keep one of them in the batch",
    ];
    if cfg!(unix) {
        expected.push("error: 24-link.json: it reports for the same agency (name and parent) as \"05-so-noi-vu.json\": the consolidated report would count it twice; keep one of them in the batch");
    }
    expected.push("error: 25-so-gd.json: it reports for the same agency (name and parent) as \"03-so-giao-duc-va-dao-tao.json\": the consolidated report would count it twice; keep one of them in the batch");
    expected.push("error: 26-ubnd-tp.json: it reports for the same agency (name and parent) as \"18-ubnd-thanh-pho-bac-ninh.json\": the consolidated report would count it twice; keep one of them in the batch");
    assert_eq!(told, expected, "{stderr}");
    // counted once each: the consolidated table lists every agency of the sample once
    let m = manifest(&out);
    let failed: Vec<&str> = m["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["status"] != "ok")
        .map(|u| u["source"].as_str().unwrap())
        .collect();
    assert_eq!(failed.len(), expected.len(), "{failed:?}");
    let docx = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("tong-hop") && p.extension().is_some_and(|e| e == "docx"))
        .unwrap();
    let listed = consolidated_units(&docx);
    let mut unique = listed.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), listed.len(), "{listed:?}");
    assert!(listed.len() >= 20);
}
