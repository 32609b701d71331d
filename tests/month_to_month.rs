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
    Command::new(env!("CARGO_BIN_EXE_baocao")).env("BAOCAO_LANG", "en").args(args).current_dir(root()).output().unwrap()
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

/// A copy of the Bắc Ninh sample batch in `dir/b`.
fn sample_batch(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("b");
    std::fs::create_dir(&folder).unwrap();
    for e in std::fs::read_dir(root().join("samples/batch-bac-ninh")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, folder.join(p.file_name().unwrap())).unwrap();
    }
    folder
}

/// `baocao batch FOLDER -o OUT --format FORMAT`.
fn batch(folder: &Path, out: &Path, format: &str) -> Output {
    baocao(&[
        "batch".as_ref(),
        folder.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
    ])
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
/// from is warned of, at the number's cell; a new number, or the clerk's blanks, are not. In
/// JSON, `_from` stays a comment (a hostile review: a comment key was acted on).
#[test]
fn last_months_number_and_date_again_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("thang-6.xlsx");
    let (_, back) = form_from("monthly", &out, &root().join("samples/monthly-province.json"), &[]);
    let form = std::fs::read(&out).unwrap();
    let said = |bytes: &[u8], name: &str| {
        let input = dir.path().join(name);
        std::fs::write(&input, bytes).unwrap();
        let o = baocao(&["validate".as_ref(), input.as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stderr).replace(&format!("{}: ", input.display()), "")
    };
    assert_eq!(said(&form, "blank.xlsx"), "", "the clerk's blanks");
    // the number (B9) and the date (B10) of last month typed again
    let date = "<c r=\"B10\" t=\"inlineStr\"><is><t>2026-05-20</t></is></c>";
    let again = with_cell(&with_cell(&form, "B9", "<c r=\"B9\"><v>125</v></c>"), "B10", date);
    // (last month's date is before this month's data end, which is said too: issue 26)
    let early = "warning: 'Đơn vị'!B10 (date): 2026-05-20 is before the data period ends (2026-06-14): the report covers 2026-05-15 to 2026-06-14\n";
    assert_eq!(
        said(&again, "again.xlsx"),
        format!("{early}warning: 'Đơn vị'!B9 (number): 125 and date 2026-05-20 are those of last period's report, which this form was made from; give this report its own number and date (or leave both blank for the clerk)\n")
    );
    let new = with_cell(&with_cell(&form, "B9", "<c r=\"B9\"><v>126</v></c>"), "B10", date);
    assert_eq!(said(&new, "new.xlsx"), early, "a new number");
    // the same value as JSON: `_from` is a comment there
    let mut v = back.unwrap();
    v["number"] = 125.into();
    v["date"] = "2026-05-20".into();
    assert_eq!(
        said(&serde_json::to_vec(&v).unwrap(), "u.json"),
        early.replace("'Đơn vị'!B10 (date)", "date"),
        "a comment is not acted on"
    );
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

    // a file that cannot be read is said as without --defaults: exit 2, not "invalid" (a hostile
    // review)
    let missing = dir.path().join("missing.json");
    for extra in [&["--defaults".as_ref(), defaults.as_os_str()][..], &[]] {
        let mut args = vec!["validate".as_ref(), missing.as_os_str()];
        args.extend_from_slice(extra);
        let o = baocao(&args);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            text(&o.stderr),
            format!("error: cannot read {}: No such file or directory (os error 2)\n", missing.display())
        );
    }

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
    // a batch's second draft of one name, a browser's copy (a hostile review: the issued kept
    // "du-thao")
    for (draft, issued) in [
        ("2026-05_x_du-thao-2.pdf", "2026-05_x-2.pdf"),
        ("2026-05_x_du-thao (1).pdf", "2026-05_x (1).pdf"),
        ("2026-05_x_du-thao-tam.pdf", "2026-05_x_du-thao-tam.pdf"),
        ("2026-05_x_du-thao-2 (1).pdf", "2026-05_x-2 (1).pdf"),
        ("2026-05_X_DU-THAO.pdf", "2026-05_X.pdf"),
    ] {
        assert_eq!(baocao::output::issued_name(draft.as_ref()), std::ffi::OsString::from(issued), "{draft}");
    }
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
    // a PDF too large to read through is not (a 20 GB sparse file took a minute to read): a
    // sparse one of 300 MiB, refused at once
    let huge = std::fs::File::create(&pdf).unwrap();
    std::io::Write::write_all(&mut &huge, b"%PDF-1.7\n").unwrap();
    huge.set_len(300 << 20).unwrap();
    let t = std::time::Instant::now();
    let o = generate(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stderr),
        format!(
            "error: samples/monthly-province.json: cannot write {stem}.pdf: {} exists and is a PDF of more than 256 MiB, too large to tell whether it is signed: not replaced (give --force to replace it, or choose another -o folder)\n",
            pdf.display()
        )
    );
    assert!(t.elapsed().as_secs_f64() < 10.0);
    assert_eq!(std::fs::metadata(&pdf).unwrap().len(), 300 << 20, "kept");
}

/// Item 10 with a batch's defaults: a unit whose period differs from the defaults' in part (its
/// month) moves on as a whole (a June form kept May, a hostile review); the source's number and
/// date are the report's own with those defaults.
#[test]
fn a_unit_period_given_in_part_moves_on_whole() {
    let dir = tempfile::tempdir().unwrap();
    let batch = root().join("samples/batch-bac-ninh");
    let mut unit = json_of(&batch.join("02-so-y-te.json"));
    unit["period"] = json!({ "year": 2026, "month": 4 });
    let input = dir.path().join("02.json");
    std::fs::write(&input, serde_json::to_vec(&unit).unwrap()).unwrap();
    let defaults = batch.join("_defaults.json");
    let out = dir.path().join("02.xlsx");
    let (o, back) = form_from("monthly", &out, &input, &["--defaults", defaults.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).starts_with(&format!(
        "note: made from {} (tháng 4/2026), for the next period: tháng 5/2026\n",
        input.display()
    )));
    let back = back.unwrap();
    assert_eq!(back["period"], json!({ "year": 2026, "month": 5 }));
    assert_eq!(back["_from"], json!({ "number": 1024, "date": "2026-05-20" }));
}

/// `form -o` writes a workbook under a workbook's name only, and never over the report it is
/// made from (a hostile review: `-o` = `--from` lost last month's report; `-o u.json` turned a
/// batch unit into a workbook under its JSON name).
#[test]
fn a_form_never_replaces_its_source_or_takes_another_kinds_name() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("u.json");
    std::fs::copy(root().join("samples/monthly-province.json"), &json).unwrap();
    let before = std::fs::read(&json).unwrap();
    let o = baocao(&[
        "form".as_ref(),
        "monthly".as_ref(),
        "-o".as_ref(),
        json.as_os_str(),
        "--from".as_ref(),
        json.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o.stderr), format!("error: -o {}: the file written is .xlsx; name it so\n", json.display()));
    assert_eq!(std::fs::read(&json).unwrap(), before);
    // a form made from a form: not over it, under any spelling of its path
    let xlsx = dir.path().join("u.xlsx");
    let (o, _) = form_from("monthly", &xlsx, &json, &[]);
    assert_eq!(o.status.code(), Some(0));
    let before = std::fs::read(&xlsx).unwrap();
    let again = dir.path().join(".").join("u.xlsx");
    let o = baocao(&[
        "form".as_ref(),
        "monthly".as_ref(),
        "-o".as_ref(),
        again.as_os_str(),
        "--from".as_ref(),
        xlsx.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr),
        format!("error: -o {}: it is --from's file, which would be replaced; choose another name\n", again.display())
    );
    assert_eq!(std::fs::read(&xlsx).unwrap(), before);
}

/// A batch whose output folder holds a signed PDF under a name it would write (a unit's, or its
/// consolidated report's) refuses before writing anything, exit 2 (a hostile review: it failed
/// a valid unit mid-run, wrote the others and a consolidated report naming it invalid, exit 1).
#[test]
fn a_batch_refuses_a_signed_pdf_at_any_of_its_names_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let signed = b"%PDF-1.7\n<< /Type /Sig /ByteRange [0 1 2 3] >>\n%%EOF\n";
    for name in [
        "2026-05_bao-cao-4-lop_so-y-te-bac-ninh.pdf",
        "2026-05_bao-cao-tong-hop-4-lop_so-thong-tin-va-truyen-thong-bac-ninh.pdf",
        "2026-05_bao-cao-tong-hop-4-lop_so-thong-tin-va-truyen-thong-bac-ninh.docx",
    ] {
        let out = dir.path().join(name);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join(name), signed).unwrap();
        let o = baocao(&["batch".as_ref(), "samples/batch-bac-ninh".as_ref(), "-o".as_ref(), out.as_os_str()]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o.stderr));
        assert_eq!(
            text(&o.stderr).lines().last().unwrap(),
            format!(
                "error: {} exists and is a signed PDF: not replaced (give --force to replace it, or choose another -o folder); nothing written",
                out.join(name).display()
            )
        );
        let left: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from(name)], "nothing else written");
        assert_eq!(std::fs::read(out.join(name)).unwrap(), signed);
    }
}

/// A unit given twice in a batch folder (its JSON and the form made from it, side by side) is not
/// counted twice: both are refused naming each other, the other units go on (a hostile review:
/// 23/23 units, one agency summed twice, exit 0).
#[test]
fn a_unit_given_twice_in_a_batch_folder_is_refused_not_counted_twice() {
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_batch(dir.path());
    // (and a name saved by macOS in NFD, the same name: a third hostile review counted it twice)
    let nfc = folder.join("01-sở-tài-chính.json");
    let nfd = folder.join("01-so\u{31b}\u{309}-ta\u{300}i-chi\u{301}nh.JSON");
    std::fs::rename(folder.join("01-so-tai-chinh.json"), &nfc).unwrap();
    std::fs::copy(&nfc, &nfd).unwrap();
    let unit = folder.join("02-so-y-te.json");
    std::fs::write(
        folder.join("02-SO-Y-TE.xlsx"),
        baocao::input::xlsx::form(baocao::model::Kind::Monthly, Some(&json_of(&unit))).unwrap(),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = batch(&folder, &out, "pdf");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    for (this, other) in [("02-SO-Y-TE.xlsx", "02-so-y-te.json"), ("02-so-y-te.json", "02-SO-Y-TE.xlsx")] {
        assert!(
            err.contains(&format!(
                "error: {this}: the same unit is given again as {other:?}: it would be counted twice; keep one of them in the folder\n"
            )),
            "{err}"
        );
    }
    let manifest: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let units = manifest["units"].as_array().unwrap();
    assert_eq!(units.len(), 24);
    assert_eq!(units.iter().filter(|u| u["status"] == "ok").count(), 20, "both pairs refused");
}

/// A unit's form saved in another format (LibreOffice's ODF, the old .xls, with macros) is a unit
/// that fails, named in the consolidated report, not an entry skipped while the report said
/// 20/20 (a second hostile review).
#[test]
fn a_form_saved_in_another_format_fails_its_unit_and_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_batch(dir.path());
    std::fs::rename(folder.join("02-so-y-te.json"), folder.join("02-so-y-te.ods")).unwrap();
    std::fs::rename(folder.join("03-so-giao-duc-va-dao-tao.json"), folder.join("03-so-gd.XLSM")).unwrap();
    // WPS Spreadsheets' own format (a third hostile review: skipped, 22/22)
    std::fs::rename(folder.join("04-so-ke-hoach-va-dau-tu.json"), folder.join("04-so-khdt.et")).unwrap();
    let out = dir.path().join("out");
    let o = batch(&folder, &out, "docx");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    for (name, ext) in [("02-so-y-te.ods", "ods"), ("03-so-gd.XLSM", "xlsm"), ("04-so-khdt.et", "et")] {
        assert!(
            err.contains(&format!("error: {name}: a spreadsheet saved as .{ext}, which baocao does not read: open it and save it as Excel Workbook (.xlsx), or write the unit's JSON\n")),
            "{err}"
        );
    }
    let manifest: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let units = manifest["units"].as_array().unwrap();
    assert_eq!(units.len(), 22);
    assert_eq!(units.iter().filter(|u| u["status"] == "failed").count(), 3);
}
