//! Month to month (issue 25, items 10–12): a form made from last period's report is the next
//! period's, its own facts left blank; a unit checks its own form against the batch's defaults,
//! every problem in one pass; a draft's file name says so, and a signed PDF is never replaced
//! without `--force`.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::root;
use serde_json::{json, Value};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn baocao(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(root()).output().unwrap()
}

fn json_of(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// `baocao form KIND -o OUT --from FROM [extra]`: its output, and the form read back.
fn form_from(kind: &str, out: &Path, from: &Path, extra: &[&str]) -> (Output, Option<Value>) {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["form".as_ref(), kind.as_ref(), "-o".as_ref(), out.as_os_str(), "--from".as_ref(), from.as_os_str()];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    let o = baocao(&args);
    let back = out.exists().then(|| baocao::input::xlsx::read(&std::fs::read(out).unwrap()).unwrap().0);
    (o, back)
}

/// `v` without the keys at these JSON pointers.
fn without(v: &Value, pointers: &[&str]) -> Value {
    let mut v = v.clone();
    for p in pointers {
        let (parent, key) = p.rsplit_once('/').unwrap();
        let parent = if parent.is_empty() { Some(&mut v) } else { v.pointer_mut(parent) };
        if let Some(o) = parent.and_then(Value::as_object_mut) {
            o.remove(key);
        }
    }
    v
}

/// Item 10: last month's report gives next month's form. The period moves on; the number, the
/// date, the data period and the incident figures are left blank; everything else is carried over
/// and said to be, on stderr and in the form.
#[test]
fn a_form_from_last_months_report_is_next_months_with_its_own_facts_blank() {
    let dir = tempfile::tempdir().unwrap();
    let source = root().join("samples/monthly-province.json");
    let out = dir.path().join("thang-6.xlsx");
    let (o, back) = form_from("monthly", &out, &source, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stderr),
        format!(
            "note: made from {} (tháng 5/2026), for the next period: tháng 6/2026\n\
             note: left blank, as they belong to that report alone: Số văn bản, Ngày ban hành, Sự cố phát hiện, Sự cố đã xử lý\n\
             note: carried over, to be checked by the unit: rows of 'Đơn vị' 30, 'Hệ thống' 10, 'Khó khăn - Đề xuất' 3\n",
            source.display()
        )
    );
    let back = back.unwrap();
    let src = json_of(&source);
    assert_eq!(back["period"], json!({ "year": 2026, "month": 6 }));
    for gone in ["/number", "/date", "/incidents"] {
        assert_eq!(back.pointer(gone), None, "{gone} is last month's");
    }
    // the source's number and date, kept (hidden) for the warning below
    assert_eq!(back["_from"], json!({ "number": 125, "date": "2026-05-20" }));
    // the rest is last month's, unchanged
    let carried = without(&back, &["/period", "/_from"]);
    assert_eq!(carried, without(&src, &["/period", "/number", "/date", "/incidents"]));

    // the form says so: the kind's row, and each row carried over
    use calamine::Reader as _;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let unit = book.worksheet_range("Đơn vị").unwrap();
    let hint = |key: &str| -> String {
        let row = unit.rows().find(|r| r.get(3).is_some_and(|c| *c == key)).unwrap();
        row[2].to_string()
    };
    assert!(hint("kind").contains("Mẫu lập từ báo cáo tháng 5/2026 (kỳ trước); kỳ báo cáo đã chuyển sang tháng 6/2026"));
    assert!(hint("issuer.name").starts_with("Bắt buộc. Chép từ kỳ trước: kiểm tra lại."), "{}", hint("issuer.name"));
    assert_eq!(hint("number"), "Để trống: văn thư điền khi phát hành.");

    // December moves on to January of the next year
    let mut december = src.clone();
    december["period"] = json!({ "year": 2025, "month": 12 });
    december["date"] = "2025-12-20".into();
    let input = dir.path().join("thang-12.json");
    std::fs::write(&input, serde_json::to_vec(&december).unwrap()).unwrap();
    let (o, back) = form_from("monthly", &dir.path().join("thang-1.xlsx"), &input, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(back.unwrap()["period"], json!({ "year": 2026, "month": 1 }));
}

/// Item 10 for the other kinds: an assessment moves to the next half (its results left blank, so
/// an untouched form says what is missing); an annual report to the next year (its review
/// figures left blank).
#[test]
fn assessment_and_annual_forms_move_on_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut half = json_of(&root().join("samples/assessment-province.json"));
    half["period"] = json!({ "year": 2026, "half": 2 });
    let input = dir.path().join("h2.json");
    std::fs::write(&input, serde_json::to_vec(&half).unwrap()).unwrap();
    let out = dir.path().join("h1.xlsx");
    let (o, back) = form_from("assessment", &out, &input, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let back = back.unwrap();
    assert_eq!(back["period"], json!({ "year": 2027, "half": 1 }));
    let systems = back["systems"].as_array().unwrap();
    assert_eq!(systems.len(), half["systems"].as_array().unwrap().len());
    for s in systems {
        for gone in ["from", "to", "checks", "conclusion"] {
            assert_eq!(s.get(gone), None, "{gone} is the last assessment's");
        }
        assert!(s.get("name").is_some() && s.get("level").is_some());
    }
    // untouched, the form says what this half must give, at its cells
    let v = baocao(&["validate".as_ref(), out.as_os_str()]);
    assert_eq!(v.status.code(), Some(1));
    assert!(
        text(&v.stderr).contains("'Hệ thống'!H2 (systems[0].checks.management.total): required field is missing"),
        "{}",
        text(&v.stderr)
    );

    let source = root().join("samples/annual-owner.json");
    let (o, back) = form_from("annual", &dir.path().join("2027.xlsx"), &source, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("for the next period: năm 2027\n"), "{}", text(&o.stderr));
    let back = back.unwrap();
    assert_eq!(back["period"]["year"], 2027);
    let src = json_of(&source);
    let rows = back["compliance"].as_array().unwrap();
    assert_eq!(rows.len(), src["compliance"].as_array().unwrap().len());
    for (row, was) in rows.iter().zip(src["compliance"].as_array().unwrap()) {
        assert_eq!(row, &without(was, &["/review", "/found", "/remedied"]));
    }
    assert_eq!(back["systems"], src["systems"], "the systems are carried over");
}

/// Item 10: a report issued again under the number and date of the report its form was made
/// from is warned of; a new number, or the clerk's blanks, are not.
#[test]
fn last_months_number_and_date_again_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("thang-6.xlsx");
    let (_, back) = form_from("monthly", &out, &root().join("samples/monthly-province.json"), &[]);
    let mut v = back.unwrap();
    let warned = |v: &Value| {
        let input = dir.path().join("u.json");
        std::fs::write(&input, serde_json::to_vec(v).unwrap()).unwrap();
        let o = baocao(&["validate".as_ref(), input.as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stderr)
    };
    assert_eq!(warned(&v), "", "the clerk's blanks");
    v["number"] = 125.into();
    v["date"] = "2026-05-20".into();
    let input = dir.path().join("u.json");
    assert_eq!(
        warned(&v),
        format!(
            "warning: {}: number: 125 and date 2026-05-20 are those of last period's report, which this form was made from; give this report its own number and date (or leave both blank for the clerk)\n",
            input.display()
        )
    );
    v["number"] = 126.into();
    assert_eq!(warned(&v), "", "a new number");
}

/// Item 11: a form made with the Sở's `--defaults` is valid checked against them, and says which
/// rows the Sở fills and which are required.
#[test]
fn a_unit_checks_its_own_form_against_the_batch_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let batch = root().join("samples/batch-bac-ninh");
    let defaults = batch.join("_defaults.json");
    let out = dir.path().join("02.xlsx");
    let d = defaults.to_str().unwrap();
    let (o, _) = form_from("monthly", &out, &batch.join("02-so-y-te.json"), &["--defaults", d]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let alone = baocao(&["validate".as_ref(), out.as_os_str()]);
    assert_eq!(alone.status.code(), Some(1));
    let with = baocao(&["validate".as_ref(), out.as_os_str(), "--defaults".as_ref(), defaults.as_os_str()]);
    assert_eq!(with.status.code(), Some(0), "{}", text(&with.stderr));
    assert_eq!(text(&with.stdout), format!("{}: valid\n", out.display()));
    // a value the defaults forbid a unit to change is told as the batch tells it
    let json = dir.path().join("u.json");
    let mut v = json_of(&batch.join("02-so-y-te.json"));
    v["period"] = json!({ "year": 2026, "month": 4 });
    std::fs::write(&json, serde_json::to_vec(&v).unwrap()).unwrap();
    let o = baocao(&["validate".as_ref(), json.as_os_str(), "--defaults".as_ref(), defaults.as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("period: {\"year\":2026,\"month\":4} differs from the batch's defaults"),
        "{}",
        text(&o.stderr)
    );

    use calamine::Reader as _;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let unit = book.worksheet_range("Đơn vị").unwrap();
    let hints: Vec<(String, String)> = unit.rows().map(|r| (r[3].to_string(), r[2].to_string())).collect();
    let hint = |key: &str| hints.iter().find(|(k, _)| k == key).map(|(_, h)| h.clone()).unwrap();
    let sở = "Sở điền (dữ liệu chung của đợt báo cáo): để trống. ";
    for key in ["issuer.place", "period.year", "date", "layers.monitoring.mode"] {
        assert!(hint(key).starts_with(sở), "{key}: {}", hint(key));
    }
    for key in ["issuer.name", "signer.name", "layers.in_house.unit"] {
        assert!(hint(key).starts_with("Bắt buộc. "), "{key}: {}", hint(key));
    }
    for key in ["number", "incidents.detected", "issuer.full_name"] {
        assert!(!hint(key).starts_with("Bắt buộc") && !hint(key).starts_with("Sở"), "{key}: {}", hint(key));
    }
}

/// Item 11: a form's problems come in one pass: a cell that cannot be read, and the fields left
/// blank, each at its cell (the missing ones came only after the others were fixed; an object
/// left wholly blank was one line, `layers: required field is missing`).
#[test]
fn a_forms_problems_are_told_in_one_pass_each_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let blank = baocao::input::xlsx::form(baocao::model::Kind::Monthly, None).unwrap();
    // the number of full-time staff (row 28) typed as a word
    let bad = with_cell(&blank, "B28", "<c r=\"B28\" t=\"inlineStr\"><is><t>hai</t></is></c>");
    let xlsx = dir.path().join("bad.xlsx");
    std::fs::write(&xlsx, bad).unwrap();
    let o = baocao(&["validate".as_ref(), xlsx.as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<String> = text(&o.stderr).lines().map(|l| l.replace(&format!("{}: ", xlsx.display()), "")).collect();
    assert_eq!(
        lines,
        [
            "error: 'Đơn vị'!B28 (layers.in_house.staff.dedicated): Lớp 1: số cán bộ chuyên trách: expected a whole number, found \"hai\"",
            "error: 'Đơn vị'!B18 (period.year): required field is missing",
            "error: 'Đơn vị'!B19 (period.month): required field is missing",
            "error: 'Đơn vị'!B4 (issuer.name): required field is missing",
            "error: 'Đơn vị'!B5 (issuer.code): required field is missing",
            "error: 'Đơn vị'!B6 (issuer.place): required field is missing",
            "error: 'Đơn vị'!B12 (signer.title): required field is missing",
            "error: 'Đơn vị'!B13 (signer.name): required field is missing",
            "error: 'Đơn vị'!B22 (layers.in_house.unit): required field is missing",
            "error: 'Đơn vị'!B24 (layers.in_house.focal_point.name): required field is missing",
            "error: 'Đơn vị'!B26 (layers.in_house.focal_point.phone): required field is missing",
            "error: 'Đơn vị'!B27 (layers.in_house.focal_point.email): required field is missing",
            "error: 'Đơn vị'!B30 (layers.monitoring.mode): required field is missing",
            "error: 'Đơn vị'!B33 (layers.assessment.mode): required field is missing",
            "error: 'Đơn vị'!B36 (layers.national_connection.connected): required field is missing",
            "error: 'Hệ thống'!A2 (systems): required field is missing",
        ]
    );
    // JSON keeps its own words: one line for an object left out
    let json = dir.path().join("empty.json");
    std::fs::write(&json, r#"{"kind": "monthly"}"#).unwrap();
    let o = baocao(&["validate".as_ref(), json.as_os_str()]);
    assert!(text(&o.stderr).contains("layers: required field is missing"), "{}", text(&o.stderr));
}

/// The workbook with the unit sheet's cell `cell` replaced by `xml`.
fn with_cell(bytes: &[u8], cell: &str, xml: &str) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut replaced = 0;
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().to_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let s = String::from_utf8(data).unwrap();
            let start = s.find(&format!("<c r=\"{cell}\"")).unwrap();
            let end = start + s[start..].find("/>").map(|e| e + 2).unwrap();
            assert!(!s[start..end].contains("</c>"), "an empty cell");
            data = format!("{}{xml}{}", &s[..start], &s[end..]).into_bytes();
            replaced += 1;
        }
        out.start_file(name, opts).unwrap();
        out.write_all(&data).unwrap();
    }
    assert_eq!(replaced, 1);
    out.finish().unwrap().into_inner()
}

/// Item 12: a draft's files say so; the report numbered and dated does not.
#[test]
fn a_drafts_file_name_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for sample in ["samples/monthly-draft.json", "samples/monthly-province.json"] {
        let o = baocao(&["generate".as_ref(), sample.as_ref(), "-o".as_ref(), out.as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "2026-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh.docx",
            "2026-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh.pdf",
            "2026-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh_du-thao.docx",
            "2026-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh_du-thao.pdf",
        ]
    );
    assert_eq!(
        baocao::output::issued_name("2020-05_x_du-thao.pdf".as_ref()),
        std::ffi::OsString::from("2020-05_x.pdf")
    );
    assert_eq!(baocao::output::issued_name("_du-thao.pdf".as_ref()), std::ffi::OsString::from("_du-thao.pdf"));
    assert_eq!(baocao::output::issued_name("x.pdf".as_ref()), std::ffi::OsString::from("x.pdf"));
}

/// Item 12: a signed PDF where a report is written is not replaced (and neither is its DOCX
/// written: none or all) unless `--force`; an unsigned one is replaced as before.
#[test]
fn a_signed_pdf_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let stem = "2026-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh";
    let pdf = out.join(format!("{stem}.pdf"));
    // the signature dictionary as a signed report holds it, far into the file
    let mut signed = b"%PDF-1.7\n".to_vec();
    signed.extend(std::iter::repeat_n(b'x', 100_000));
    signed.extend(b"\n<< /Type /Sig /ByteRange [0 10 20 30] /Contents <00> >>\n%%EOF\n");
    std::fs::write(&pdf, &signed).unwrap();
    let generate = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["generate".as_ref(), "samples/monthly-province.json".as_ref(), "-o".as_ref(), out.as_os_str()];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        baocao(&args)
    };
    let o = generate(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stderr),
        format!(
            "error: samples/monthly-province.json: cannot write {stem}.pdf: {} exists and is a signed PDF: not replaced (give --force to replace it, or choose another -o folder)\n",
            pdf.display()
        )
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), signed, "the signed PDF is kept");
    assert!(!out.join(format!("{stem}.docx")).exists(), "nothing else written");
    let o = generate(&["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert_ne!(std::fs::read(&pdf).unwrap(), signed, "replaced with --force");
    // an unsigned PDF is replaced as before
    let o = generate(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}
