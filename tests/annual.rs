//! The annual report of Decree 331/2026/NĐ-CP (Mẫu số 08): a công văn whose sections, column
//! headers and status words are the form's own, whose section 1 is derived from its table, and
//! whose twelve-column table is set on landscape pages.

#![allow(clippy::unwrap_used)]

mod common;

use common::{engine, model_of, paragraphs, root, unzip};

fn sample_paragraphs() -> Vec<String> {
    let model = model_of(&root().join("samples/annual-owner.json"));
    paragraphs(&unzip(&engine().docx(&model).unwrap())["word/document.xml"])
        .into_iter()
        .map(|p| p.replace('\u{a0}', " "))
        .collect()
}

#[test]
fn the_sample_says_what_the_form_says_in_its_order() {
    let paras = sample_paragraphs();
    let order = [
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
        "Số: 2145/UBND-KGVX",
        // ô 5b: the công văn's trích yếu under its number, no title
        "V/v kết quả công tác bảo đảm\nan ninh mạng hệ thống thông tin",
        "Bắc Ninh, ngày 21 tháng 12 năm 2026",
        "Kính gửi: Bộ Công an (Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao)",
        "Thực hiện quy định tại Điều 35, Điều 36 Nghị định số 331/2026/NĐ-CP ngày 19/8/2026 của Chính phủ về bảo vệ an ninh mạng đối với hệ thống thông tin, Ủy ban nhân dân tỉnh Bắc Ninh báo cáo kết quả công tác bảo đảm an ninh mạng hệ thống thông tin năm 2026 như sau:",
        "Số liệu tính từ ngày 15/12/2025 đến ngày 14/12/2026.",
        "1. Thông tin chung",
        // section 1, derived from the table: 7 systems, 6 classified (one has no type), 6 with a
        // dossier ("Đang dự thảo" is not one), 5 appraised or later, 4 approved, 3 of them
        // inspected periodically
        "- Tổng số hệ thống thông tin thuộc phạm vi quản lý: 7;",
        "- Tổng số hệ thống thông tin đã được phân loại (đã xác định được loại hình hệ thống thông tin): 6;",
        "- Tổng số hệ thống thông tin đã xây dựng hồ sơ đề xuất cấp độ: 6;",
        "- Tổng số hệ thống thông tin đã được thẩm định hồ sơ đề xuất cấp độ: 5;",
        "- Tổng số hệ thống thông tin đã được phê duyệt cấp độ: 4;",
        "- Tổng số hệ thống thông tin đã phê duyệt cấp độ được kiểm tra, đánh giá an ninh mạng định kỳ theo quy định: 3;",
        "- Dự kiến thời gian hoàn thành phê duyệt đề xuất cấp độ hệ thống thông tin đối với tất cả các hệ thống thông tin thuộc phạm vi quản lý: 30/6/2027.",
        "2. Thông tin về chủ quản hệ thống thông tin và đơn vị chuyên trách về an ninh mạng",
        "a) Thông tin về chủ quản hệ thống thông tin:",
        "(1) Tên chủ quản hệ thống thông tin: Ủy ban nhân dân tỉnh Bắc Ninh;",
        "(3) Người đại diện, chức vụ: Vương Quốc Hùng, Chủ tịch Ủy ban nhân dân tỉnh;",
        "b) Thông tin về đơn vị chuyên trách về an ninh mạng:",
        "(1) Tên đơn vị chuyên trách về an ninh mạng: Sở Khoa học và Công nghệ tỉnh Bắc Ninh;",
        "3. Thông tin chi tiết về các hệ thống thông tin thuộc phạm vi quản lý",
        "STT\n(1)",
        "Tên HTTT\n(2)",
        "Chủ quản HTTT\n(3)",
        "Đơn vị vận hành HTTT\n(4)",
        "Cấp độ đề xuất\n(5)",
        "Tình trạng phê duyệt cấp độ\n(6)",
        "Quyết định phê duyệt cấp độ\n(7)",
        "Quy chế bảo đảm ANM cho hệ thống\n(8)",
        "Dự kiến thời điểm phê duyệt HSĐXCĐ\n(9)",
        "Đã triển khai đầy đủ PA BĐANM\n(10)",
        "Dự kiến thời điểm triển khai đầy đủ PA BĐANM\n(11)",
        "Đã kiểm tra, đánh giá ANM\n(12)",
        "Cổng thông tin điện tử tỉnh Bắc Ninh",
        "Đã được phê duyệt",
        "Đã triển khai đầy đủ",
        "Trước khi đưa vào sử dụng; Định kỳ",
        "Trên đây là báo cáo kết quả công tác bảo đảm an ninh mạng hệ thống thông tin năm 2026 của Ủy ban nhân dân tỉnh Bắc Ninh, kính gửi Bộ Công an (Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao) để tổng hợp./.",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Ngô Tân Phượng",
        "Phụ lục I",
        "Không có.",
        "Phụ lục II",
        "Phụ lục III",
    ];
    let mut at = 0;
    for e in order {
        match paras[at..].iter().position(|p| p == e) {
            Some(i) => at += i + 1,
            None => panic!("{e:?} missing or out of order in\n{}", paras.join("\n")),
        }
    }
    // a công văn has no "BÁO CÁO" title; every status word is one of the decree's
    assert!(!paras.iter().any(|p| p == "BÁO CÁO"));
    for word in ["Đang dự thảo", "Đã gửi thẩm định", "Đã thẩm định", "Đã triển khai một số hạng mục", "Chưa triển khai"]
    {
        assert!(paras.iter().any(|p| p == word), "{word}");
    }
    let references = paras.iter().filter(|p| p.starts_with("(Kèm theo Công văn số 2145/UBND-KGVX")).count();
    assert_eq!(references, 3, "each appendix cites the công văn");
}

#[test]
fn the_table_has_a_row_per_system_and_agrees_with_section_1() {
    let model = model_of(&root().join("samples/annual-owner.json"));
    let baocao::model::Report::Annual(a) = &model.report else { panic!("an annual sample") };
    let xml = unzip(&engine().docx(&model).unwrap())["word/document.xml"].clone();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let table = doc
        .descendants()
        .filter(|n| n.has_tag_name((common::W, "tbl")))
        .find(|t| t.descendants().any(|n| n.text() == Some("Đơn vị vận hành HTTT")))
        .unwrap();
    let rows: Vec<Vec<String>> = table
        .children()
        .filter(|n| n.has_tag_name((common::W, "tr")))
        .map(|r| {
            r.children()
                .filter(|c| c.has_tag_name((common::W, "tc")))
                .map(|c| {
                    c.descendants()
                        .filter(|&t| t.has_tag_name((common::W, "t")))
                        .map(|t| t.text().unwrap_or(""))
                        .collect()
                })
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 1 + a.systems.len());
    assert!(rows.iter().all(|r| r.len() == 12), "{rows:?}");
    let body = &rows[1..];
    let approved = body.iter().filter(|r| r[5] == "Đã được phê duyệt").count();
    assert_eq!(approved, 4);
    // every approved row has its decision (7); every other has its expected date (9)
    assert!(body.iter().filter(|r| r[5] == "Đã được phê duyệt").all(|r| !r[6].is_empty() && r[8].is_empty()));
    assert!(body.iter().filter(|r| r[5] != "Đã được phê duyệt").all(|r| r[6].is_empty() && !r[8].is_empty()));
    // every row not fully deployed has its expected date (11)
    assert!(body.iter().filter(|r| r[9] != "Đã triển khai đầy đủ").all(|r| !r[10].is_empty()));
    let periodic = body.iter().filter(|r| r[5] == "Đã được phê duyệt" && r[11].contains("Định kỳ")).count();
    assert_eq!(periodic, 3);
}

#[test]
fn the_table_is_a_landscape_section_between_portrait_ones() {
    let model = model_of(&root().join("samples/annual-owner.json"));
    let xml = unzip(&engine().docx(&model).unwrap())["word/document.xml"].clone();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let sections: Vec<(bool, bool)> = doc
        .descendants()
        .filter(|n| n.has_tag_name((common::W, "sectPr")))
        .map(|s| {
            let size = s.children().find(|c| c.has_tag_name((common::W, "pgSz"))).unwrap();
            let landscape = size.attribute((common::W, "orient")) == Some("landscape");
            let w: i32 = size.attribute((common::W, "w")).unwrap().parse().unwrap();
            let h: i32 = size.attribute((common::W, "h")).unwrap().parse().unwrap();
            assert_eq!(landscape, w > h);
            (landscape, s.children().any(|c| c.has_tag_name((common::W, "titlePg"))))
        })
        .collect();
    // portrait (page 1 unnumbered), the table landscape, the closing portrait, three appendices
    assert_eq!(sections, [(false, true), (true, false), (false, false), (false, true), (false, true), (false, true)]);
    // the landscape table is as wide as the landscape text (297 − 30 − 15 mm)
    let table = doc
        .descendants()
        .filter(|n| n.has_tag_name((common::W, "tbl")))
        .find(|t| t.descendants().any(|n| n.text() == Some("Đơn vị vận hành HTTT")))
        .unwrap();
    let width: i32 = table
        .descendants()
        .find(|n| n.has_tag_name((common::W, "tblW")))
        .and_then(|n| n.attribute((common::W, "w")))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(width, 16838 - 1701 - 850);
}

#[test]
#[ignore = "needs pdfinfo and pdftotext (poppler-utils); run with --include-ignored"]
fn the_pdf_turns_the_tables_pages_and_numbers_them_on() {
    if !common::tool("pdfinfo", "poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let model = model_of(&root().join("samples/annual-owner.json"));
    let pdf = dir.path().join("a.pdf");
    std::fs::write(&pdf, engine().pdf(&model).unwrap()).unwrap();
    let out = std::process::Command::new("pdfinfo").args(["-f", "1", "-l", "99"]).arg(&pdf).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    let sizes: Vec<bool> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| l.contains("841.89 x 595.276"))
        .collect();
    assert!(sizes.len() >= 6, "{info}");
    // portrait, then the table's landscape pages, then portrait again
    let first = sizes.iter().position(|l| *l).unwrap();
    let last = sizes.iter().rposition(|l| *l).unwrap();
    assert!(first >= 1 && sizes[first..=last].iter().all(|l| *l) && !sizes[last + 1], "{sizes:?}");
    // each landscape page carries its number, continuing the portrait pages'
    for page in first..=last {
        let out = std::process::Command::new("pdftotext")
            .args(["-f", &(page + 1).to_string(), "-l", &(page + 1).to_string(), "-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().find(|l| !l.trim().is_empty()).unwrap().trim(), (page + 1).to_string());
        assert!(text.contains("(12)"), "the header row repeated on page {}", page + 1);
    }
}

#[test]
fn an_appendix_row_names_its_system_as_section_3_spells_it() {
    let model = model_of(&root().join("tests/fixtures/annual/appendix-system-in-other-case-accepted.json"));
    let baocao::model::Report::Annual(a) = &model.report else { panic!("annual") };
    assert_eq!(a.compliance[0].system, "Cổng thông tin điện tử tỉnh Bắc Ninh");
    let xml = unzip(&engine().docx(&model).unwrap())["word/document.xml"].clone();
    assert!(!xml.contains("CỔNG THÔNG TIN ĐIỆN TỬ TỈNH BẮC NINH"));
}

#[test]
fn the_number_column_is_centred_under_its_stt_header() {
    let model = model_of(&root().join("samples/annual-owner.json"));
    let doc = engine().document(&model).unwrap();
    let table = doc
        .body
        .iter()
        .find_map(|b| match b {
            baocao::doc::Block::Table(t) if t.columns.len() == 12 => Some(t),
            _ => None,
        })
        .unwrap();
    assert_eq!(table.columns[0].align, baocao::doc::Align::Center);
}

#[test]
fn a_line_that_introduces_the_next_stays_with_it() {
    // "b) Thông tin về đơn vị chuyên trách về an ninh mạng:" fell alone at the foot of page 1
    let model = model_of(&root().join("samples/annual-owner.json"));
    let doc = engine().document(&model).unwrap();
    let pages = baocao::layout::layout(&doc, baocao::font::Fonts::bundled()).unwrap();
    let texts = |p: &baocao::layout::Page| -> Vec<String> {
        p.items
            .iter()
            .filter_map(|i| match i {
                baocao::layout::Item::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    };
    let page = pages.iter().position(|p| texts(p).iter().any(|t| t.starts_with("b) Thông tin về đơn vị"))).unwrap();
    let on_page = texts(&pages[page]);
    assert!(on_page.iter().any(|t| t.starts_with("(1) Tên đơn vị chuyên trách")), "page {}: {on_page:?}", page + 1);
    // and in the DOCX, the paragraph keeps with the next
    let xml = unzip(&engine().docx(&model).unwrap())["word/document.xml"].clone();
    let at = xml.find("b) Thông tin về đơn vị chuyên trách về an ninh mạng:").unwrap();
    let start = xml[..at].rfind("<w:p>").unwrap();
    assert!(xml[start..at].contains("<w:keepNext />"));
}
