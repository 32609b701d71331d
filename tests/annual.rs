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
        "Kính gửi: Bộ Công an (Cục An ninh mạng và phòng, chống\ntội phạm sử dụng công nghệ cao)",
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
        "Trước khi đưa vào sử dụng; định kỳ",
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
    let periodic =
        body.iter().filter(|r| r[5] == "Đã được phê duyệt" && r[11].to_lowercase().contains("định kỳ")).count();
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

// ---- the owner's consolidated annual report (a batch of its units' reports) ----

const BATCH: &str = "samples/batch-annual-bac-ninh";
const OWNER: &str = "2026_bao-cao-tong-hop-an-ninh-mang_uy-ban-nhan-dan-tinh-bac-ninh-bac-ninh";

fn baocao(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env("BAOCAO_LANG", "en")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// `baocao batch INPUT -o OUT --format docx` and `extra`.
fn batch_docx(input: impl AsRef<std::ffi::OsStr>, out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["batch".as_ref(), input.as_ref(), "-o".as_ref(), out.as_os_str(), "--format".as_ref(), "docx".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    baocao(&args)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the annual batch sample in `dir/batch`, each file changed by `edit` (its name, its
/// JSON; `None` leaves it out).
fn batch_copy(
    dir: &std::path::Path,
    edit: &dyn Fn(&str, serde_json::Value) -> Option<serde_json::Value>,
) -> std::path::PathBuf {
    let batch = dir.join("batch");
    std::fs::create_dir_all(&batch).unwrap();
    for e in std::fs::read_dir(root().join(BATCH)).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        if let Some(v) = edit(&name, v) {
            std::fs::write(batch.join(&name), serde_json::to_vec_pretty(&v).unwrap()).unwrap();
        }
    }
    batch
}

/// The rows of the DOCX table whose header holds `column`, each as its cells' texts.
fn docx_table(docx: &std::path::Path, column: &str) -> Vec<Vec<String>> {
    let xml = unzip(&std::fs::read(docx).unwrap())["word/document.xml"].clone();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let table = doc
        .descendants()
        .filter(|n| n.has_tag_name((common::W, "tbl")))
        // (a header cell's lines joined: its lines are chosen by sense)
        .find(|t| {
            t.descendants().filter(|n| n.has_tag_name((common::W, "tc"))).any(|tc| {
                let text: Vec<&str> =
                    tc.descendants().filter(|n| n.has_tag_name((common::W, "t"))).filter_map(|n| n.text()).collect();
                // (the column's number on a line of its own: `(4)`)
                let joined = text.join(" ");
                joined == column || joined.strip_prefix(column).is_some_and(|rest| rest.starts_with(" ("))
            })
        })
        .unwrap_or_else(|| panic!("no table with {column:?}"));
    table
        .children()
        .filter(|n| n.has_tag_name((common::W, "tr")))
        .skip(1)
        .map(|r| {
            r.children()
                .filter(|c| c.has_tag_name((common::W, "tc")))
                .map(|c| {
                    c.descendants()
                        .filter(|&t| t.has_tag_name((common::W, "t")))
                        .map(|t| t.text().unwrap_or(""))
                        .collect::<String>()
                        .replace('\u{a0}', " ")
                })
                .collect()
        })
        .collect()
}

fn docx_paragraphs(docx: &std::path::Path) -> Vec<String> {
    paragraphs(&unzip(&std::fs::read(docx).unwrap())["word/document.xml"])
        .into_iter()
        .map(|p| p.replace('\u{a0}', " "))
        .collect()
}

#[test]
fn the_owners_report_holds_every_units_systems_by_unit_then_name_and_sums_section_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = batch_docx(BATCH, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("warning").count(), 0, "{}", stderr(&o));
    let owner = out.join(format!("{OWNER}.docx"));
    // every unit's systems, read from the units' own reports
    let mut units: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for e in std::fs::read_dir(&out).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("2026_bao-cao-an-ninh-mang_") {
            let paras = docx_paragraphs(&path);
            // a unit's report goes to its system owner, the issuer of the owner's report
            assert!(paras.contains(&"Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh".to_owned()), "{name}: {paras:?}");
            let issuer = paras.iter().find(|p| p.starts_with("Thực hiện")).unwrap().clone();
            units.push((issuer, docx_table(&path, "Đơn vị vận hành HTTT")));
        }
    }
    assert_eq!(units.len(), 5);
    let rows = docx_table(&owner, "Đơn vị vận hành HTTT");
    let all: usize = units.iter().map(|(_, r)| r.len()).sum();
    assert_eq!(rows.len(), all, "one row a system of every unit");
    assert!(rows.iter().all(|r| r.len() == 12));
    // numbered on through the table; by unit in the Vietnamese alphabet, then by name
    assert_eq!(
        rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>(),
        (1..=all).map(|n| n.to_string()).collect::<Vec<_>>()
    );
    let names: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        names,
        [
            // Sở Giáo dục và Đào tạo
            "Cơ sở dữ liệu ngành giáo dục tỉnh",
            // Sở Tài chính
            "Hệ thống đăng ký doanh nghiệp và đầu tư",
            "Hệ thống quản lý ngân sách và tài sản công",
            // Sở Y tế
            "Cổng dịch vụ công ngành y tế",
            "Hệ thống quản lý hồ sơ sức khỏe điện tử",
            // Trung tâm Công nghệ thông tin và Truyền thông
            "Cổng thông tin điện tử tỉnh Bắc Ninh",
            "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
            "Hệ thống thư điện tử công vụ",
            "Trung tâm dữ liệu tỉnh",
            // Trung tâm Phục vụ hành chính công tỉnh
            "Hệ thống đánh giá sự hài lòng của người dân",
            "Hệ thống một cửa điện tử tỉnh",
            "Hệ thống tổng đài hỗ trợ người dân và doanh nghiệp",
        ]
    );
    // each row as its unit's report has it, its number aside
    for (issuer, unit_rows) in &units {
        for r in unit_rows {
            let found = rows.iter().find(|o| o[1] == r[1]).unwrap_or_else(|| panic!("{issuer}: {r:?}"));
            assert_eq!(found[1..], r[1..], "{issuer}");
        }
    }
    // section 1: the sum of the units' sections 1, and what the table says
    let figure = |paras: &[String], line: &str| -> usize {
        let p = paras.iter().find(|p| p.starts_with(&format!("- {line}"))).unwrap();
        p.trim_end_matches(';').rsplit(' ').next().unwrap().parse().unwrap()
    };
    let lines = [
        "Tổng số hệ thống thông tin thuộc phạm vi quản lý:",
        "Tổng số hệ thống thông tin đã được phân loại",
        "Tổng số hệ thống thông tin đã xây dựng hồ sơ đề xuất cấp độ:",
        "Tổng số hệ thống thông tin đã được thẩm định hồ sơ đề xuất cấp độ:",
        "Tổng số hệ thống thông tin đã được phê duyệt cấp độ:",
        "Tổng số hệ thống thông tin đã phê duyệt cấp độ được kiểm tra",
    ];
    let owner_paras = docx_paragraphs(&owner);
    let mut sums = [0; 6];
    for e in std::fs::read_dir(&out).unwrap() {
        let path = e.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with("2026_bao-cao-an-ninh-mang_") {
            let paras = docx_paragraphs(&path);
            for (s, line) in sums.iter_mut().zip(lines) {
                *s += figure(&paras, line);
            }
        }
    }
    let given: Vec<usize> = lines.iter().map(|l| figure(&owner_paras, l)).collect();
    assert_eq!(given, sums);
    assert_eq!(given, [12, 12, 11, 8, 6, 5]);
    let approved = rows.iter().filter(|r| r[5] == "Đã được phê duyệt").count();
    let periodic =
        rows.iter().filter(|r| r[5] == "Đã được phê duyệt" && r[11].to_lowercase().contains("định kỳ")).count();
    assert_eq!((rows.len(), approved, periodic), (given[0], given[4], given[5]));
    // (7): the latest of the units' own (Sở Y tế's)
    assert!(owner_paras
        .iter()
        .any(|p| p.ends_with("đối với tất cả các hệ thống thông tin thuộc phạm vi quản lý: 30/6/2027.")));
    // the owner speaks for itself, from its units' reports, to Bộ Công an; section 2 is its own
    for expected in [
        "Số: 2145/UBND-KGVX",
        "Kính gửi: Bộ Công an (Cục An ninh mạng và phòng, chống\ntội phạm sử dụng công nghệ cao)",
        "Thực hiện quy định tại Điều 35, Điều 36 Nghị định số 331/2026/NĐ-CP ngày 19/8/2026 của Chính phủ về bảo vệ an ninh mạng đối với hệ thống thông tin, trên cơ sở báo cáo của các đơn vị vận hành hệ thống thông tin, Ủy ban nhân dân tỉnh Bắc Ninh báo cáo kết quả công tác bảo đảm an ninh mạng hệ thống thông tin năm 2026 như sau:",
        "Số liệu tính từ ngày 15/12/2025 đến ngày 14/12/2026, tổng hợp từ báo cáo của 5/5 đơn vị.",
        "(1) Tên chủ quản hệ thống thông tin: Ủy ban nhân dân tỉnh Bắc Ninh;",
        "(1) Tên đơn vị chuyên trách về an ninh mạng: Sở Khoa học và Công nghệ tỉnh Bắc Ninh;",
    ] {
        assert!(owner_paras.iter().any(|p| p == expected), "{expected:?} not in {owner_paras:#?}");
    }
    // the appendices hold every unit's rows, each with its unit
    let compliance = docx_table(&owner, "Thời gian rà soát");
    assert_eq!(
        compliance.iter().map(|r| (r[1].as_str(), r[2].as_str())).collect::<Vec<_>>(),
        [
            ("Trung tâm Công nghệ thông tin và Truyền thông", "Cổng thông tin điện tử tỉnh Bắc Ninh"),
            ("Trung tâm Công nghệ thông tin và Truyền thông", "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh"),
            ("Trung tâm Phục vụ hành chính công tỉnh", "Hệ thống một cửa điện tử tỉnh"),
        ]
    );
    let requirements = docx_table(&owner, "Nhóm tiêu chí, yêu cầu");
    assert_eq!(requirements.len(), 3);
    assert_eq!(requirements[0][1], "Sở Y tế");
    let national = docx_table(&owner, "Tình trạng hồ sơ");
    assert_eq!(national.len(), 1);
    assert_eq!(national[0][3], "4", "the level of the system, from its unit's table");
}

#[test]
fn a_unit_that_fails_is_named_and_the_owners_report_says_how_many_it_sums() {
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_copy(dir.path(), &|name, mut v| {
        if name == "04-so-tai-chinh.json" {
            v["systems"][0]["level"] = 7.into();
        }
        Some(v)
    });
    let out = dir.path().join("out");
    let o = batch_docx(&batch, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("error: 04-so-tai-chinh.json: systems[0].level: 7 is outside 1–5\n"), "{}", stderr(&o));
    let paras = docx_paragraphs(&out.join(format!("{OWNER}.docx")));
    let expected = "Số liệu tính từ ngày 15/12/2025 đến ngày 14/12/2026, tổng hợp từ báo cáo của 4/5 đơn vị (báo cáo của 1 đơn vị chưa hợp lệ, chưa được tổng hợp: Sở Tài chính).";
    assert!(paras.iter().any(|p| p == expected), "{paras:#?}");
    assert!(paras.iter().any(|p| p == "- Tổng số hệ thống thông tin thuộc phạm vi quản lý: 10;"));
}

#[test]
fn the_owners_report_is_made_only_from_units_reporting_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // the defaults' role is the units': an owner's report of owners' reports is refused
    let batch = batch_copy(dir.path(), &|name, mut v| {
        if name == "_defaults.json" {
            v["role"] = "owner".into();
        }
        Some(v)
    });
    let o = baocao(&["batch".as_ref(), batch.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {}: role: \"owner\": the units of a batch whose consolidated report ({}) is the system owner's report send theirs to it with role \"unit\" (Decree 331/2026/NĐ-CP Art. 35.4); set \"role\": \"unit\"\n",
            batch.join("_defaults.json").display(),
            batch.join("_consolidated.json").display()
        )
    );
    assert!(!out.exists(), "nothing written");
    // a unit may not change its role
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_copy(dir.path(), &|name, mut v| {
        if name == "03-so-y-te.json" {
            v["role"] = "owner".into();
        }
        Some(v)
    });
    let out = dir.path().join("out");
    let o = batch_docx(&batch, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("03-so-y-te.json: role: \"owner\" (\"chủ quản hệ thống thông tin (gửi Bộ Công an trước 25/12)\") differs from the batch's defaults (\"unit\" (\"đơn vị vận hành/chuyên trách (gửi chủ quản trước 20/12)\")); a unit may not change its role"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_owners_own_fields_are_checked_before_any_unit() {
    let run = |edit: &dyn Fn(&mut serde_json::Value)| {
        let dir = tempfile::tempdir().unwrap();
        let batch = batch_copy(dir.path(), &|name, mut v| {
            if name == "_consolidated.json" {
                edit(&mut v);
            }
            Some(v)
        });
        let out = dir.path().join("out");
        let o = batch_docx(&batch, &out, &[]);
        (o.status.code(), stderr(&o).replace(&format!("{}/", batch.display()), ""), out.exists())
    };
    // the decree's form has no difficulties or proposals
    let (code, err, written) = run(&|v| v["difficulties"] = serde_json::json!(["Thiếu nhân lực."]));
    assert_eq!((code, written), (Some(1), false), "{err}");
    assert_eq!(
        err,
        "error: _consolidated.json: difficulties: unknown key \"difficulties\"; expected one of: issuer, number, date, signer, recipients, archive, submit_to, drafting_unit, owners, completion_expected (keys starting with _ or $ are comments)\n"
    );
    // section 2 is required
    let (code, err, _) = run(&|v| {
        v.as_object_mut().unwrap().remove("owners");
    });
    assert_eq!(code, Some(1));
    assert_eq!(err, "error: _consolidated.json: owners: required field is missing\n");
    // the owner's report goes to Bộ Công an before 25 December
    let (code, err, _) = run(&|v| v["date"] = "2026-12-28".into());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning: _consolidated.json: date: 2026-12-28 is after the due date 2026-12-25 (Decree 331/2026/NĐ-CP Art. 35.4: the system owner sends its report to Bộ Công an before 25 December)"),
        "{err}"
    );
    // its section 1 (7) no earlier than a unit's
    let (code, err, _) = run(&|v| v["completion_expected"] = "2027-03-31".into());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: consolidated: completion_expected: 2027-03-31 is earlier than the expected completion of 2 unit(s) (section 1, item 7 of their reports): Sở Y tế (2027-06-30); Trung tâm Công nghệ thông tin và Truyền thông (2027-04-30); give a date no earlier, or leave it out to take the latest"),
        "{err}"
    );
}

#[test]
fn a_units_system_whose_owner_is_not_the_owners_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_copy(dir.path(), &|name, mut v| {
        if name == "03-so-y-te.json" {
            // the unit names an owner of its own and gives its system to it
            v["owners"] = serde_json::json!([{
                "owner": { "name": "Sở Y tế tỉnh Bắc Ninh", "head": "Nguyễn Văn An", "head_title": "Giám đốc Sở", "address": "Bắc Ninh", "phone": "0222 3822 100", "email": "syt@bacninh.gov.vn" },
                "security_unit": { "name": "Phòng Công nghệ thông tin", "head": "Lê Văn Bình", "head_title": "Trưởng phòng", "address": "Bắc Ninh", "phone": "0222 3822 101", "email": "cntt@syt.bacninh.gov.vn" }
            }]);
            v["systems"][1]["owner"] = "Sở Y tế tỉnh Bắc Ninh".into();
            v["systems"][0]["owner"] = "Sở Y tế tỉnh Bắc Ninh".into();
        }
        Some(v)
    });
    let out = dir.path().join("out");
    let o = batch_docx(&batch, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("03-so-y-te.json: systems[0].owner: \"Sở Y tế tỉnh Bắc Ninh\" is not an owner of section 2 (the consolidated report's owners[].owner.name: \"Ủy ban nhân dân tỉnh Bắc Ninh\"); name each system's owner as section 2 does"),
        "{}",
        stderr(&o)
    );
    // and under --strict it stops that unit, named in the owner's report
    let out = dir.path().join("strict");
    let o = batch_docx(&batch, &out, &["--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let paras = docx_paragraphs(&out.join(format!("{OWNER}.docx")));
    assert!(paras.iter().any(|p| p.ends_with("chưa được tổng hợp: Sở Y tế).")), "{paras:#?}");
}

/// An agency's own frame made with plain loops over the whole lists (no `<!-- each: … -->`)
/// gives the same document as the bundled one, which draws them an item at a time.
#[test]
fn the_owners_report_is_the_same_drawn_item_by_item_or_whole() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("t");
    std::fs::create_dir(&templates).unwrap();
    let frame = std::fs::read_to_string(root().join("templates/consolidated-annual.md")).unwrap();
    let whole = frame
        .replace("<!-- each: system -->", "{% for item in systems %}{{ self::system(item=item) }}\n{% endfor %}")
        .replace(
            "<!-- each: national_security -->",
            "{% for item in national_security %}{{ self::national_security(item=item) }}\n{% endfor %}",
        )
        .replace(
            "<!-- each: compliance -->",
            "{% for item in compliance %}{{ self::compliance(item=item) }}\n{% endfor %}",
        )
        .replace(
            "<!-- each: requirement -->",
            "{% for item in requirements %}{{ self::requirement(item=item) }}\n{% endfor %}",
        );
    assert!(whole.lines().all(|l| !l.starts_with("<!-- each:")), "every list drawn whole");
    std::fs::write(templates.join("consolidated-annual.md"), whole).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (out, t) in [(&a, None), (&b, Some(&templates))] {
        let mut args: Vec<&std::ffi::OsStr> = Vec::new();
        if let Some(t) = t {
            args.extend(["--templates".as_ref(), t.as_os_str()]);
        }
        args.extend([
            "batch".as_ref(),
            BATCH.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            "--format".as_ref(),
            "docx".as_ref(),
        ]);
        let o = baocao(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let xml = |d: &std::path::Path| {
        unzip(&std::fs::read(d.join(format!("{OWNER}.docx"))).unwrap())["word/document.xml"].clone()
    };
    let (x, y) = (xml(&a), xml(&b));
    if x != y {
        let at = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
        panic!(
            "the documents differ at byte {at}: {:?} vs {:?}",
            &x[at.saturating_sub(300)..(at + 200).min(x.len())],
            &y[at.saturating_sub(300)..(at + 200).min(y.len())]
        );
    }
}

/// Runs the batch folder `batch` into `dir/out` (DOCX and e-mail): its exit code, its stderr with
/// the folder's path taken out, the output folder.
fn run_batch(batch: &std::path::Path, extra: &[&str]) -> (Option<i32>, String, std::path::PathBuf) {
    let out = batch.parent().unwrap().join("out");
    let o = batch_docx(batch, &out, extra);
    (o.status.code(), stderr(&o).replace(&format!("{}/", batch.display()), ""), out)
}

/// Review of the owner's report (attack): a failed unit's name is printed in the owner's
/// sentence only as the reader would take it, else its file is named; the owner's report is
/// still written.
#[test]
fn a_failed_units_name_the_reader_refuses_is_not_printed_and_does_not_stop_the_owners_report() {
    for bad in ["Sở Y tế\u{1}", "Sở Y tế 😀", "   ", "Sở \u{202e}ế t Y"] {
        let dir = tempfile::tempdir().unwrap();
        let batch = batch_copy(dir.path(), &|name, mut v| {
            if name == "03-so-y-te.json" {
                v["issuer"]["name"] = bad.into();
                // a unit that fails for its name, or (the bidirectional mark is only left out)
                // for its level
                v["systems"][0]["level"] = 9.into();
            }
            Some(v)
        });
        let (code, err, out) = run_batch(&batch, &[]);
        assert_eq!(code, Some(1), "{bad:?}: {err}");
        assert!(!err.contains("consolidated:"), "{bad:?}: {err}");
        let paras = docx_paragraphs(&out.join(format!("{OWNER}.docx")));
        let line = paras.iter().find(|p| p.starts_with("Số liệu tính từ")).unwrap();
        let named = "đơn vị gửi tệp 03-so-y-te.json";
        assert_eq!(
            line,
            &format!("Số liệu tính từ ngày 15/12/2025 đến ngày 14/12/2026, tổng hợp từ báo cáo của 4/5 đơn vị (báo cáo của 1 đơn vị chưa hợp lệ, chưa được tổng hợp: {named})."),
            "{bad:?}"
        );
    }
}

#[test]
fn no_owners_report_is_written_over_no_units_report() {
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_copy(dir.path(), &|name, mut v| {
        if !name.starts_with('_') {
            v["systems"][0]["level"] = 9.into();
        }
        Some(v)
    });
    let (code, err, out) = run_batch(&batch, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("error: consolidated: every unit's report failed (5: Sở Giáo dục và Đào tạo; Sở Tài chính; Sở Y tế; Trung tâm Công nghệ thông tin và Truyền thông; Trung tâm Phục vụ hành chính công tỉnh); no consolidated report is written\n"),
        "{err}"
    );
    assert!(!out.join(format!("{OWNER}.docx")).exists());
    // a batch of no unit at all
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_copy(dir.path(), &|name, v| name.starts_with('_').then_some(v));
    let (code, err, out) = run_batch(&batch, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("error: consolidated: the batch has no unit; no consolidated report is written\n"), "{err}");
    assert!(!out.join(format!("{OWNER}.docx")).exists());
}

#[test]
fn the_owners_report_is_not_addressed_to_the_units_addressee_nor_to_itself() {
    // the defaults address the units' reports to the owner: the owner's report does not take it
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_copy(dir.path(), &|name, mut v| {
        match name {
            "_defaults.json" => {
                v["submit_to"] =
                    serde_json::json!({ "name": "Ủy ban nhân dân tỉnh Bắc Ninh", "email": "ubnd@bacninh.gov.vn" })
            }
            "_consolidated.json" => {
                v.as_object_mut().unwrap().remove("submit_to");
            }
            _ => {}
        }
        Some(v)
    });
    let (code, err, _) = run_batch(&batch, &[]);
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: _consolidated.json: submit_to: required field is missing"), "{err}");
    // nor is it addressed to its own issuer, in any kind of batch
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_copy(dir.path(), &|name, mut v| {
        if name == "_consolidated.json" {
            v["submit_to"] = serde_json::json!({ "name": "UBND tỉnh Bắc Ninh", "email": "UBND@bacninh.gov.vn" });
        }
        Some(v)
    });
    let (code, err, out) = run_batch(&batch, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "error: _consolidated.json: submit_to: \"UBND tỉnh Bắc Ninh\" (UBND@bacninh.gov.vn) is the consolidated report's own issuer; it goes to the agency that receives it (give submit_to here: the defaults' addresses the units' reports)\n"
    );
    assert!(!out.exists());
}

#[test]
fn a_failed_unit_named_as_another_is_told_apart_and_the_failed_are_in_alphabetical_order() {
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_copy(dir.path(), &|name, mut v| {
        match name {
            // two Sở Y tế: the one that fails is named with its file
            "04-so-tai-chinh.json" => {
                v["issuer"]["name"] = "Sở Y tế".into();
                v["systems"][0]["level"] = 9.into();
            }
            "01-trung-tam-cntt-va-truyen-thong.json" => v["systems"][0]["level"] = 9.into(),
            _ => {}
        }
        Some(v)
    });
    let (code, _, out) = run_batch(&batch, &[]);
    assert_eq!(code, Some(1));
    let paras = docx_paragraphs(&out.join(format!("{OWNER}.docx")));
    assert!(
        paras.iter().any(|p| p.ends_with("(báo cáo của 2 đơn vị chưa hợp lệ, chưa được tổng hợp: Sở Y tế (04-so-tai-chinh.json); Trung tâm Công nghệ thông tin và Truyền thông).")),
        "{paras:#?}"
    );
}

#[test]
fn a_unit_of_a_batch_file_that_is_no_object_is_told_so_and_named_without_the_files_folder() {
    let dir = tempfile::tempdir().unwrap();
    let read = |n: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(root().join(BATCH).join(n)).unwrap()).unwrap()
    };
    let file = dir.path().join("nam-2026.json");
    let batch = serde_json::json!({
        "defaults": read("_defaults.json"),
        "consolidated": read("_consolidated.json"),
        "units": [read("03-so-y-te.json"), [1, 2]],
    });
    std::fs::write(&file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let (code, err, out) = run_batch(&file, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("error: nam-2026.json units[1]: expected a JSON object (one document), found an array\n"),
        "{err}"
    );
    let paras = docx_paragraphs(&out.join(format!("{OWNER}.docx")));
    assert!(
        paras.iter().any(|p| p.ends_with("chưa được tổng hợp: đơn vị thứ 2 trong tệp nam-2026.json).")),
        "{paras:#?}"
    );
}

#[test]
fn a_units_mail_names_the_unit_to_contact_and_the_owners_its_specialised_unit() {
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_copy(dir.path(), &|_, v| Some(v));
    let (code, err, out) = run_batch(&batch, &["--email"]);
    assert_eq!(code, Some(0), "{err}");
    let body = |stem: &str| -> String {
        let raw = std::fs::read(out.join(format!("{stem}.eml"))).unwrap();
        let mail = mail_parser::MessageParser::default().parse(&raw).unwrap();
        mail.body_text(0).unwrap().replace("\r\n", "\n")
    };
    let unit = body("2026_bao-cao-an-ninh-mang_so-y-te-bac-ninh");
    assert!(unit.contains("\nĐầu mối liên hệ: syt@bacninh.gov.vn.\n"), "{unit}");
    let owner = body(OWNER);
    assert!(
        owner.contains("\nĐầu mối liên hệ: Sở Khoa học và Công nghệ tỉnh Bắc Ninh; điện thoại: 0222 3822 456; thư điện tử: skhcn@bacninh.gov.vn.\n"),
        "{owner}"
    );
}
