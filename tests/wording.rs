//! Wording a văn thư would pass (reports.md, "Writing rules for every document"), read back from
//! both outputs of every sample and of every report of the batch sample: the DOCX's paragraphs and
//! the PDF's text through poppler. Skipped with a notice when poppler is missing, failed when
//! `CI=true`.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{paragraphs, unzip};

/// The paragraphs of a DOCX as a reader reads them.
fn docx_paragraphs(docx: &Path) -> Vec<String> {
    paragraphs(&unzip(&std::fs::read(docx).unwrap())["word/document.xml"])
}

/// The words of a number written without its thousands separator (`1234`, `12345`): not a year
/// (1900–2100), not part of a date, a symbol, an address, a code or a phone number (a digit
/// group next to another).
fn bare_numbers(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split([' ', '\n', '\u{a0}']).collect();
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let core = w.trim_matches(|c: char| "(),;:.".contains(c));
        if core.len() < 4 || !core.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let year = core.len() == 4 && (1900..=2100).contains(&core.parse::<u32>().unwrap());
        let digits = |w: &&str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
        let phone = words.get(i.wrapping_sub(1)).is_some_and(digits) || words.get(i + 1).is_some_and(digits);
        if !year && !phone {
            found.push((*w).to_owned());
        }
    }
    found
}

#[test]
#[ignore = "needs pdftotext: .ci/run runs it (cargo test -- --include-ignored)"]
fn punctuation_numbers_and_names_as_a_van_thu_writes_them() {
    if !common::tool("pdftotext", "poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let all = common::write_every_sample(env!("CARGO_BIN_EXE_baocao"), dir.path());
    assert_eq!(all.len(), 7 + 23 + 6);
    for (what, docx, pdf) in &all {
        let paras = docx_paragraphs(docx);
        let pdf_text = common::pdf_text(pdf);
        for p in &paras {
            // no doubled punctuation, no space before a mark, no doubled space (the blank
            // number and date of an undated draft aside)
            for bad in ["..", ".;", ",.", ";.", " ,", " .", " ;"] {
                let p = p.replace("./.", "");
                assert!(!p.contains(bad), "{what}: {bad:?} in {p:?}");
            }
            if !p.starts_with("Số:") && !p.contains("ngày      ") && !p.contains("số      /") {
                assert!(!p.contains("  "), "{what}: a doubled space in {p:?}");
            }
            assert!(
                bare_numbers(p).is_empty(),
                "{what}: {:?} without its thousands separator in {p:?}",
                bare_numbers(p)
            );
        }
        for bad in ["..", ".;", ",."] {
            assert!(!pdf_text.replace("./.", "").contains(bad), "{what}: {bad:?} in the PDF");
        }
        assert!(bare_numbers(&pdf_text).is_empty(), "{what}: {:?} in the PDF", bare_numbers(&pdf_text));
    }
}

#[test]
#[ignore = "needs pdftotext: .ci/run runs it (cargo test -- --include-ignored)"]
fn a_collective_body_signs_for_the_body_and_a_department_is_named_with_its_province() {
    if !common::tool("pdftotext", "poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let all = common::write_every_sample(env!("CARGO_BIN_EXE_baocao"), dir.path());
    let (mut ubnd, mut so) = (0, 0);
    for (what, docx, pdf) in &all {
        let paras = docx_paragraphs(docx);
        let pdf_text = common::pdf_text(pdf);
        if what.contains("-ubnd-") {
            // `TM. ỦY BAN NHÂN DÂN` right above `KT. CHỦ TỊCH`, in both outputs
            let tm = paras.iter().position(|p| p == "TM. ỦY BAN NHÂN DÂN");
            assert!(tm.is_some_and(|i| paras[i + 1] == "KT. CHỦ TỊCH"), "{what}: {paras:?}");
            assert!(pdf_text.contains("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"), "{what}: {pdf_text}");
            ubnd += 1;
        }
        if what.contains("-so-") {
            // running text names the Sở with its province: `Sở Y tế tỉnh Bắc Ninh báo cáo …`
            let opening = paras.iter().find(|p| p.starts_with("Thực hiện")).unwrap();
            assert!(opening.contains(" tỉnh Bắc Ninh báo cáo"), "{what}: {opening}");
            assert!(pdf_text.contains(" tỉnh Bắc Ninh báo cáo"), "{what}");
            so += 1;
        }
        // a monthly report (and the consolidated one) states its data period
        if what.starts_with(|c: char| c.is_ascii_digit()) || what == "_consolidated" || what.starts_with("monthly-") {
            let (from, to) = match what.as_str() {
                "monthly-large.json" => ("15/5/2026", "14/6/2026"),
                "monthly-ministry.json" => ("15/10/2026", "14/11/2026"),
                _ => ("15/4/2026", "14/5/2026"),
            };
            let sentence = format!("Số liệu tính từ ngày {from} đến ngày {to}.");
            assert!(paras.contains(&sentence), "{what}: {sentence:?} missing");
            assert!(pdf_text.contains(&sentence), "{what}: {sentence:?} missing in the PDF");
        }
    }
    assert_eq!((ubnd, so), (5, 15 + 3), "UBND units, Sở units (the monthly batch's, the annual batch's)");
}

#[test]
#[ignore = "needs pdftotext: .ci/run runs it (cargo test -- --include-ignored)"]
fn every_count_is_written_with_its_thousands_separator() {
    if !common::tool("pdftotext", "poppler-utils") {
        return;
    }
    // the example: 1234 incidents detected, 1230 handled
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(common::root().join("samples/monthly-province.json")).unwrap()).unwrap();
    v["incidents"] = serde_json::json!({ "detected": 1234, "handled": 1230 });
    v["layers"]["in_house"]["staff"] = serde_json::json!({ "dedicated": 1500, "part_time": 0 });
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.json");
    std::fs::write(&input, serde_json::to_vec(&v).unwrap()).unwrap();
    common::baocao_ok(
        env!("CARGO_BIN_EXE_baocao"),
        &["generate".as_ref(), input.as_os_str(), "-o".as_ref(), dir.path().as_os_str()],
    );
    let stem = "2026-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh";
    let paras = docx_paragraphs(&dir.path().join(format!("{stem}.docx")));
    let pdf_text = common::pdf_text(&dir.path().join(format!("{stem}.pdf")));
    for expected in [
        "Trong tháng, đã phát hiện 1.234 sự cố an toàn thông tin, đã xử lý 1.230 sự cố.",
        "Nhân lực: 1.500 cán bộ chuyên trách về an toàn thông tin.",
    ] {
        assert!(paras.iter().any(|p| p == expected), "{expected:?} not in {paras:#?}");
        assert!(pdf_text.contains(expected), "{expected:?} not in the PDF");
    }
}

#[test]
#[ignore = "needs pdftotext: .ci/run runs it (cargo test -- --include-ignored)"]
fn the_consolidated_report_speaks_for_its_issuer_and_agrees_with_its_table() {
    if !common::tool("pdftotext", "poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let all = common::write_every_sample(env!("CARGO_BIN_EXE_baocao"), dir.path());
    let (_, docx, pdf) = all.iter().find(|(s, _, _)| s == "_consolidated").unwrap();
    let paras = docx_paragraphs(docx);
    let pdf_text = common::pdf_text(pdf);
    // each layer's count out of the units that require it; Lớp 3's denominator is the table's
    // rows that show a number, not `-`
    let layers = paras.iter().find(|p| p.starts_with("Số đơn vị đã triển khai từng lớp")).unwrap();
    let rows = common::header_table_rows(docx);
    let units = rows.len() - 1; // the totals row
    assert_eq!(units, 22);
    let with_lop3 = rows[..units].iter().filter(|r| r[6] != "-").count();
    assert!(with_lop3 < units, "some units have no level 3 system");
    assert!(layers.contains("đơn vị có hệ thống cấp độ 3 trở lên"), "{layers}");
    assert!(
        layers.contains(&format!("/{with_lop3} đơn vị có hệ thống cấp độ 3 trở lên")),
        "{layers} vs {with_lop3} rows"
    );
    // incidents summed over the units
    let incidents: [u64; 2] = {
        let mut sum = [0, 0];
        for f in std::fs::read_dir(common::root().join("samples/batch-bac-ninh")).unwrap() {
            let path = f.unwrap().path();
            if path.file_name().unwrap().to_string_lossy().starts_with('_') {
                continue;
            }
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            sum[0] += v["incidents"]["detected"].as_u64().unwrap_or(0);
            sum[1] += v["incidents"]["handled"].as_u64().unwrap_or(0);
        }
        sum
    };
    let sentence =
        format!("các đơn vị đã phát hiện {} sự cố an toàn thông tin, đã xử lý {} sự cố", incidents[0], incidents[1]);
    assert!(paras.iter().any(|p| p.contains(&sentence)), "{sentence:?}");
    assert!(pdf_text.contains(&sentence));
    // a unit's request to the Sở is found only in the units' appendix, never in the Sở's own
    // sections
    let request = "Đề nghị Sở Thông tin và Truyền thông bổ sung";
    let appendix = paras.iter().position(|p| p.replace('\n', " ") == "KHÓ KHĂN, ĐỀ XUẤT CỦA CÁC ĐƠN VỊ").unwrap();
    assert!(paras[..appendix].iter().all(|p| !p.contains(request)));
    assert!(paras[appendix..].iter().any(|p| p.contains(request)));
    let at = |s: &str| pdf_text.find(s).unwrap();
    assert!(at(request) > at("KHÓ KHĂN, ĐỀ XUẤT CỦA CÁC ĐƠN VỊ"));
    // the Sở's own proposal is its section IV
    let own = paras.iter().position(|p| p == "IV. ĐỀ XUẤT, KIẾN NGHỊ").unwrap();
    assert!(paras[own + 1].starts_with("Đề nghị Bộ Công an tổ chức các khóa đào tạo"));
    // every public address of every unit, in the last appendix
    let ips_at =
        paras.iter().position(|p| p.replace('\n', " ") == "DANH SÁCH ĐỊA CHỈ IP CÔNG KHAI CỦA CÁC ĐƠN VỊ").unwrap();
    let listed: std::collections::HashSet<&str> = paras[ips_at..].iter().flat_map(|p| p.split('\n')).collect();
    let mut count = 0;
    for f in std::fs::read_dir(common::root().join("samples/batch-bac-ninh")).unwrap() {
        let path = f.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with('_') {
            continue;
        }
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        for s in v["systems"].as_array().unwrap() {
            for ip in s["public_ips"].as_array().into_iter().flatten() {
                assert!(listed.contains(ip.as_str().unwrap()), "{ip} not in the appendix");
                count += 1;
            }
        }
    }
    assert!(count >= 40, "{count} addresses");

    // every unit's report goes to the Sở that consolidates them
    for (what, docx, _) in all.iter().filter(|(s, _, _)| s.starts_with(|c: char| c.is_ascii_digit())) {
        let paras = docx_paragraphs(docx);
        assert!(paras.contains(&"Kính gửi: Sở Thông tin và Truyền thông tỉnh Bắc Ninh".to_owned()), "{what}");
    }
}

#[test]
fn two_units_of_the_same_name_are_told_apart() {
    let unit = |parent: &str, ip: &str| {
        let mut v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(common::root().join("samples/monthly-province.json")).unwrap())
                .unwrap();
        v["issuer"]["name"] = "Sở Y tế".into();
        v["issuer"]["parent"] = parent.into();
        v["systems"] = serde_json::json!([{ "name": "Cổng thông tin", "level": 2, "public_ips": [ip], "monitored": true, "connected": true }]);
        for k in ["kind", "period", "date", "submit_to"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    };
    let batch = serde_json::json!({
        "defaults": { "kind": "monthly", "period": { "year": 2020, "month": 5 }, "date": "2020-05-20" },
        "consolidated": {
            "issuer": { "name": "Sở Thông tin và Truyền thông", "code": "STTTT", "place": "Bắc Ninh" },
            "signer": { "title": "Giám đốc", "name": "Nguyễn Văn An" }
        },
        "units": [unit("Ủy ban nhân dân tỉnh Bắc Ninh", "14.160.41.1"), unit("Ủy ban nhân dân tỉnh Bắc Giang", "14.160.41.2")],
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.json");
    std::fs::write(&file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let out = dir.path().join("out");
    common::baocao_ok(
        env!("CARGO_BIN_EXE_baocao"),
        &["batch".as_ref(), file.as_os_str(), "-o".as_ref(), out.as_os_str(), "--format".as_ref(), "docx".as_ref()],
    );
    let paras =
        docx_paragraphs(&out.join("2020-05_bao-cao-tong-hop-4-lop_so-thong-tin-va-truyen-thong-bac-ninh_du-thao.docx"));
    for name in ["Sở Y tế (Ủy ban nhân dân tỉnh Bắc Giang)", "Sở Y tế (Ủy ban nhân dân tỉnh Bắc Ninh)"]
    {
        assert!(paras.iter().any(|p| p == name), "{name:?} not in {paras:#?}");
    }
}

#[test]
fn a_missing_lop_3_says_why() {
    // Lớp 2 and Lớp 3 both done in-house: the assessments are in time but not independent
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(common::root().join("samples/monthly-province.json")).unwrap()).unwrap();
    v["layers"]["monitoring"] = serde_json::json!({ "mode": "self" });
    v["layers"]["assessment"] = serde_json::json!({ "mode": "self" });
    let model = common::model_of_bytes(&serde_json::to_vec(&v).unwrap());
    let paras = paragraphs(&unzip(&common::engine().docx(&model).unwrap())["word/document.xml"]);
    assert!(paras.iter().any(|p| p == "Kiểm tra, đánh giá chưa độc lập với Lớp 2"), "{paras:#?}");
    assert!(!paras.iter().any(|p| p.contains("Quá hạn kiểm tra, đánh giá")), "{paras:#?}");
}

#[test]
fn notes_joined_by_a_semicolon_go_on_in_lower_case() {
    // issue 26: a system with no approved level and no public address has two notes
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(common::root().join("samples/monthly-province.json")).unwrap()).unwrap();
    let system = &mut v["systems"][0];
    system.as_object_mut().unwrap().remove("level_decision");
    system["public_ips"] = serde_json::json!([]);
    let model = common::model_of_bytes(&serde_json::to_vec(&v).unwrap());
    let engine = common::engine();
    let paras = paragraphs(&unzip(&engine.docx(&model).unwrap())["word/document.xml"]);
    let note = "Chưa phê duyệt cấp độ; chưa cung cấp địa chỉ IP";
    assert!(paras.iter().any(|p| p == note), "{paras:#?}");
    if common::tool("pdftotext", "poppler-utils") {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("x.pdf");
        std::fs::write(&pdf, engine.pdf(&model).unwrap()).unwrap();
        let text = common::pdf_text(&pdf);
        assert!(text.contains("Chưa phê duyệt cấp độ; chưa cung cấp"), "{text}");
        assert!(!text.contains("; Chưa"), "{text}");
    }
}

/// The DOCX paragraphs and the PDF text (whitespace folded) of the province sample changed by `edit`.
fn both_of(edit: impl FnOnce(&mut serde_json::Value)) -> (Vec<String>, Option<String>) {
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(common::root().join("samples/monthly-province.json")).unwrap()).unwrap();
    edit(&mut v);
    let model = common::model_of_bytes(&serde_json::to_vec(&v).unwrap());
    let engine = common::engine();
    let paras = paragraphs(&unzip(&engine.docx(&model).unwrap())["word/document.xml"]);
    let text = common::tool("pdftotext", "poppler-utils").then(|| {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("x.pdf");
        std::fs::write(&pdf, engine.pdf(&model).unwrap()).unwrap();
        common::pdf_text(&pdf)
    });
    (paras, text)
}

#[test]
fn a_unit_with_no_systems_says_so_in_words_with_no_empty_table() {
    // issue 26, item 7: no `0/0 hệ thống`, no table of no rows
    let (paras, text) = both_of(|v| v["systems"] = serde_json::json!([]));
    for p in [
        "Không có hệ thống thông tin phải giám sát.",
        "Không có hệ thống thông tin cấp độ 3 trở lên.",
        "Không có hệ thống thông tin phải kết nối.",
        "Sở Thông tin và Truyền thông tỉnh Bắc Ninh không có hệ thống thông tin thuộc phạm vi báo cáo.",
        "Không có hệ thống thông tin thuộc phạm vi báo cáo.",
    ] {
        assert!(paras.iter().any(|x| x == p), "{p}: {paras:#?}");
    }
    assert!(!paras.iter().any(|p| p.contains("0/0 hệ thống") || p.contains("Tổng cộng")), "{paras:#?}");
    if let Some(text) = text {
        assert!(
            !text.contains("0/0 hệ thống") && !text.contains("Tổng cộng") && !text.contains("Tên hệ thống thông tin"),
            "{text}"
        );
        assert!(text.contains("không có hệ thống thông tin thuộc phạm vi báo cáo."), "{text}");
    }
}

#[test]
fn assessed_in_time_and_independent_are_said_apart() {
    // issue 26, item 7: both layers done in-house; the level 3 systems assessed in time are
    // counted as such, and said not to count for Lớp 3
    let (paras, text) = both_of(|v| {
        v["layers"]["monitoring"] = serde_json::json!({ "mode": "self" });
        v["layers"]["assessment"] = serde_json::json!({ "mode": "self" });
    });
    let line = paras.iter().find(|p| p.starts_with("Số hệ thống thông tin cấp độ 3 trở lên được kiểm tra")).unwrap();
    let in_time = line.split(": ").nth(1).unwrap().split('/').next().unwrap().to_owned();
    assert_ne!(in_time, "0", "{line}");
    assert!(
        line.contains(" hệ thống, nhưng chưa độc lập với Lớp 2 nên chưa được tính là đã triển khai Lớp 3."),
        "{line}"
    );
    if let Some(text) = text {
        assert!(text.contains("chưa độc lập với Lớp 2 nên chưa được tính là đã triển khai Lớp 3."), "{text}");
    }
    // independent: one figure, nothing more
    let (paras, _) = both_of(|_| {});
    let line = paras.iter().find(|p| p.starts_with("Số hệ thống thông tin cấp độ 3 trở lên được kiểm tra")).unwrap();
    assert!(line.contains(" hệ thống.") && !line.contains("chưa độc lập"), "{line}");
}

#[test]
fn an_address_block_is_counted_as_a_block() {
    // issue 26, item 7: `/24` is a block of addresses, not one address
    let (paras, text) = both_of(|v| {
        for s in v["systems"].as_array_mut().unwrap() {
            s["public_ips"] = serde_json::json!([]);
        }
        v["systems"][0]["public_ips"] = serde_json::json!(["14.160.41.1", "14.160.41.2", "14.160.42.0/24"]);
        v["systems"][1]["public_ips"] = serde_json::json!(["2402:800:6300::/48"]);
    });
    let said = "đã cung cấp 2 địa chỉ IP và 2 dải địa chỉ IP công khai (danh sách tại Phụ lục kèm theo).";
    assert!(paras.iter().any(|p| p.ends_with(said)), "{paras:#?}");
    if let Some(text) = text {
        assert!(text.contains(said), "{text}");
    }
}
