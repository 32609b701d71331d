//! The law a document cites is the law in force on its date (annual.md): the samples of 2026 name
//! no lapsed text, one dated 2020 keeps its own, an agency's template that names a lapsed text is
//! warned of, and `sign issue` warns when the date it fills falls under other texts.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use baocao::law;
use chrono::NaiveDate;

fn baocao(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env("BAOCAO_LANG", "en")
        .args(args)
        .current_dir(common::root())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Every paragraph of the DOCX of `input`, joined, as a reader reads it (no-break spaces as
/// spaces).
fn docx_text(input: &Path) -> String {
    let model = common::model_of(input);
    let parts = common::unzip(&common::engine().docx(&model).unwrap());
    common::paragraphs(&parts["word/document.xml"]).join("\n").replace('\u{a0}', " ")
}

/// The numbers of the texts lapsed on `date` that `text` names.
fn lapsed_named(text: &str, date: NaiveDate) -> Vec<&'static str> {
    law::TEXTS.iter().filter(|t| t.lapsed(date) && text.contains(t.number)).map(|t| t.number).collect()
}

/// The samples and the two 2020 fixtures (nine), with their legal dates.
fn dated_inputs() -> Vec<(std::path::PathBuf, NaiveDate)> {
    let mut inputs: Vec<_> = common::samples();
    inputs.push(common::root().join("tests/fixtures/dated-2020/monthly-province.json"));
    inputs.push(common::root().join("tests/fixtures/dated-2020/assessment-province.json"));
    inputs.into_iter().map(|p| (p.clone(), common::model_of(&p).legal_date())).collect()
}

#[test]
fn a_document_from_july_2026_names_no_lapsed_text_and_one_of_2020_keeps_its_own() {
    let july = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let mut new = 0;
    for (input, date) in dated_inputs() {
        let text = docx_text(&input);
        let named = lapsed_named(&text, date);
        assert!(named.is_empty(), "{}: dated {date}, names {named:?}", input.display());
        if date >= july {
            new += 1;
            if text.contains("Kết quả đánh giá theo") {
                assert!(text.contains("a) Kết quả đánh giá theo TCVN 14423:2026:"), "{}", input.display());
            }
        }
    }
    // the assessments of December 2026 and the ministry's monthly report of November
    assert_eq!(new, 4, "the inputs dated from 2026-07-01 (annual-owner, both assessments, monthly-ministry)");
    // a report of 2020 cites the standard of its time
    let old = docx_text(&common::root().join("tests/fixtures/dated-2020/assessment-province.json"));
    assert!(old.contains("a) Kết quả đánh giá theo TCVN 11930:2017:"), "{old}");
    assert!(!old.contains("14423"));
}

#[test]
#[ignore = "needs pdftotext (poppler-utils); run with --include-ignored"]
fn the_pdf_of_a_document_from_july_2026_names_no_lapsed_text() {
    if !common::tool("pdftotext", "poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut read = 0;
    for (input, date) in dated_inputs() {
        let model = common::model_of(&input);
        let pdf = dir.path().join("x.pdf");
        std::fs::write(&pdf, common::engine().pdf(&model).unwrap()).unwrap();
        let text = common::pdf_text(&pdf);
        assert!(text.contains("Thực hiện"), "{}: {text}", input.display());
        let named = lapsed_named(&text, date);
        assert!(named.is_empty(), "{}: dated {date}, names {named:?}", input.display());
        read += 1;
    }
    assert_eq!(read, 9, "every dated input's PDF read");
    // the annual batch's reports, each unit's and the owner's (dated December 2026)
    let out = dir.path().join("annual");
    let input = common::root().join("samples/batch-annual-bac-ninh");
    common::baocao_ok(
        env!("CARGO_BIN_EXE_baocao"),
        &["batch".as_ref(), input.as_os_str(), "-o".as_ref(), out.as_os_str()],
    );
    let december = NaiveDate::from_ymd_opt(2026, 12, 17).unwrap();
    let mut pdfs = 0;
    for e in std::fs::read_dir(&out).unwrap() {
        let pdf = e.unwrap().path();
        if pdf.extension().is_some_and(|e| e == "pdf") {
            let text = common::pdf_text(&pdf);
            assert!(text.contains("Nghị định số 331/2026/NĐ-CP"), "{}", pdf.display());
            let named = lapsed_named(&text, december);
            assert!(named.is_empty(), "{}: names {named:?}", pdf.display());
            pdfs += 1;
        }
    }
    assert_eq!(pdfs, 6);
}

#[test]
fn an_agency_template_that_names_a_lapsed_text_is_warned_of_for_a_later_date_only() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = std::fs::read_to_string(common::root().join("templates/assessment.md")).unwrap();
    let own = bundled.replace("theo {{ law.standard.cite }}:", "theo TCVN 11930:2017 và Nghị định 85/2016/NĐ-CP:");
    assert_ne!(own, bundled);
    std::fs::write(dir.path().join("assessment.md"), own).unwrap();
    let out = dir.path().join("out");
    let run = |input: &str| {
        baocao(&[
            "--templates".as_ref(),
            dir.path().as_os_str(),
            "generate".as_ref(),
            input.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            "--format".as_ref(),
            "docx".as_ref(),
        ])
    };
    let o = run("samples/assessment-province.json");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stderr),
        "warning: samples/assessment-province.json: template assessment.md cites Nghị định số 85/2016/NĐ-CP, which is no longer in force on 2026-12-08 (it lapsed on 2026-07-01; Nghị định số 331/2026/NĐ-CP is in force from 2026-08-19); cite the texts in force through `law` (docs/reports.md)\n\
         warning: samples/assessment-province.json: template assessment.md cites TCVN 11930:2017, which is no longer in force on 2026-12-08 (it lapsed on 2026-07-24; TCVN 14423:2026 is in force from 2026-07-24); cite the texts in force through `law` (docs/reports.md)\n"
    );
    // validate says the same as generate
    let o = baocao(&[
        "--templates".as_ref(),
        dir.path().as_os_str(),
        "validate".as_ref(),
        "samples/assessment-province.json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "samples/assessment-province.json: valid, 2 warnings\n");
    assert_eq!(text(&o.stderr).lines().filter(|l| l.contains("template assessment.md cites")).count(), 2);
    // the same template for a report of 2020 cites what was in force then: no warning
    let o = run("tests/fixtures/dated-2020/assessment-province.json");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stderr), "");
    // --strict makes it an error
    let o = baocao(&[
        "--templates".as_ref(),
        dir.path().as_os_str(),
        "generate".as_ref(),
        "samples/assessment-province.json".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--strict".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).starts_with("error: samples/assessment-province.json: template assessment.md cites"));
}

#[test]
fn issuing_a_draft_under_other_texts_than_it_cites_is_warned_of() {
    // the sample draft is undated, of May 2026: it cites the law in force on 2026-05-01
    let model = common::model_of(&common::root().join("samples/monthly-draft.json"));
    assert_eq!(model.date, None);
    let pdf = common::engine().pdf(&model).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(baocao::sign::drafted_for(&doc), NaiveDate::from_ymd_opt(2026, 5, 1));
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert_eq!(baocao::sign::law_change(&pdf, day(5, 20)), None);
    assert_eq!(baocao::sign::law_change(&pdf, day(6, 30)), None);
    assert_eq!(
        baocao::sign::law_change(&pdf, day(7, 2)).unwrap(),
        "the date 2026-07-02 falls under other legal texts than the draft, made for 2026-05-01, cites (no longer in force: Luật An toàn thông tin mạng số 86/2015/QH13, Luật An ninh mạng số 24/2018/QH14, Nghị định số 85/2016/NĐ-CP, Nghị định số 53/2022/NĐ-CP, Thông tư số 12/2022/TT-BTTTT; in force: Luật An ninh mạng số 116/2025/QH15); generate the draft again with this date and have it approved again"
    );
}

#[test]
fn a_consolidated_template_is_checked_too_and_a_comment_is_not_cited() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    for e in std::fs::read_dir(common::root().join("samples/batch-bac-ninh")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), batch.join(e.file_name())).unwrap();
    }
    // the batch of November 2026, under the law of 2026
    let defaults = batch.join("_defaults.json");
    let before = std::fs::read_to_string(&defaults).unwrap();
    let moved =
        before.replace("\"month\": 5", "\"month\": 11").replace("\"date\": \"2026-05-20\"", "\"date\": \"2026-11-20\"");
    assert_ne!(moved, before);
    std::fs::write(&defaults, moved).unwrap();
    let consolidated = batch.join("_consolidated.json");
    let dated =
        std::fs::read_to_string(&consolidated).unwrap().replace("\"date\": \"2026-05-20\"", "\"date\": \"2026-11-20\"");
    std::fs::write(&consolidated, dated).unwrap();
    let templates = dir.path().join("t");
    std::fs::create_dir(&templates).unwrap();
    let bundled = std::fs::read_to_string(common::root().join("templates/consolidated-monthly.md")).unwrap();
    // a comment never reaches the document: not a citation
    let own = format!(
        "{{# viết theo Luật 86/2015/QH13 #}}\nCăn cứ Luật An toàn thông tin mạng số 86/2015/QH13.\n\n{bundled}"
    );
    std::fs::write(templates.join("consolidated-monthly.md"), own).unwrap();
    let commented = format!(
        "{{# viết theo Luật 86/2015/QH13 #}}\n{}",
        std::fs::read_to_string(common::root().join("templates/monthly.md")).unwrap()
    );
    std::fs::write(templates.join("monthly.md"), commented).unwrap();
    let out = dir.path().join("out");
    let o = baocao(&[
        "--templates".as_ref(),
        templates.as_os_str(),
        "batch".as_ref(),
        batch.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "docx".as_ref(),
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let cited =
        err.lines().filter(|l| l.contains("cites Luật An toàn thông tin mạng số 86/2015/QH13")).collect::<Vec<_>>();
    assert_eq!(cited.len(), 1, "{err}");
    assert!(cited[0].contains("template consolidated-monthly.md cites"), "{err}");
}
