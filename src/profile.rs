//! The Decree 30 format profile: every size, margin and spacing of the documents, in one place.
//!
//! Nghị định 30/2020/NĐ-CP gives ranges; baocao uses one consistent profile
//! (`../shared/spec/format.md`). Both renderers read these values; a renderer converts a [`Pt`]
//! to its own unit (twips, half-points, PDF units) and decides nothing here.

use std::ops::{Add, Div, Mul, Sub};

/// A length in PostScript points (1/72 inch). Renderers convert at their boundary.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Pt(pub f32);

impl Pt {
    /// From millimetres.
    pub const fn mm(mm: f32) -> Pt {
        Pt(mm * 72.0 / 25.4)
    }
    /// From centimetres.
    pub const fn cm(cm: f32) -> Pt {
        Pt::mm(cm * 10.0)
    }
    /// Twentieths of a point (OOXML "dxa"), rounded.
    pub fn twips(self) -> i32 {
        (self.0 * 20.0).round() as i32
    }
    /// Half-points (OOXML font sizes `w:sz`), rounded.
    pub fn half_points(self) -> usize {
        (self.0 * 2.0).round() as usize
    }
    /// The larger of two lengths.
    pub fn max(self, o: Pt) -> Pt {
        Pt(self.0.max(o.0))
    }
    /// Eighths of a point (OOXML border widths), rounded.
    pub fn eighths(self) -> usize {
        (self.0 * 8.0).round() as usize
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}
impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}
impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, k: f32) -> Pt {
        Pt(self.0 * k)
    }
}
impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, k: f32) -> Pt {
        Pt(self.0 / k)
    }
}

// ---- Page (NĐ 30, Phụ lục I §I) ----

/// A4 portrait, every page, in millimetres (width, height). NĐ 30 §I: "khổ giấy A4 (210 mm × 297
/// mm)".
pub const PAGE_MM: (f32, f32) = (210.0, 297.0);
/// The page's width.
pub const PAGE_WIDTH: Pt = Pt::mm(PAGE_MM.0);
/// The page's height.
pub const PAGE_HEIGHT: Pt = Pt::mm(PAGE_MM.1);
/// NĐ 30 §I: top margin 20–25 mm; baocao takes 20.
pub const MARGIN_TOP: Pt = Pt::mm(20.0);
/// NĐ 30 §I: bottom margin 20–25 mm; baocao takes 20.
pub const MARGIN_BOTTOM: Pt = Pt::mm(20.0);
/// NĐ 30 §I: left margin 30–35 mm; baocao takes 30.
pub const MARGIN_LEFT: Pt = Pt::mm(30.0);
/// NĐ 30 §I: right margin 15–20 mm; baocao takes 15.
pub const MARGIN_RIGHT: Pt = Pt::mm(15.0);
/// Distance from the top edge to the page-number line (the annex's own file: `w:header` 567 twips).
pub const HEADER_DISTANCE: Pt = Pt::mm(10.0);

/// The font family the DOCX names (NĐ 30 §I: Times New Roman, Unicode TCVN 6909:2001).
pub const FONT_FAMILY: &str = "Times New Roman";
/// Document language, for the DOCX `w:lang` and core properties, and the PDF `/Lang`.
pub const LANGUAGE: &str = "vi-VN";

// ---- Font sizes (NĐ 30, Phụ lục I, the table of ô 1–9) ----

/// Page number: 14 pt (NĐ 30 §I.7; range 13–14).
pub const SIZE_PAGE_NUMBER: Pt = Pt(14.0);
/// Ô 1 quốc hiệu: 13 pt bold (range 12–13).
pub const SIZE_NATIONAL_NAME: Pt = Pt(13.0);
/// Ô 1 tiêu ngữ: 14 pt bold (range 13–14).
pub const SIZE_MOTTO: Pt = Pt(14.0);
/// Ô 2 tên cơ quan (parent and issuer): 13 pt (range 12–13).
pub const SIZE_AGENCY: Pt = Pt(13.0);
/// Ô 2: the sizes an agency name may take (NĐ 30: 12–13), the largest first: the smaller where the
/// name fits only so without a word split or a forbidden break (`doc::breaks`).
pub const SIZES_AGENCY: &[Pt] = &[Pt(13.0), Pt(12.0)];
/// Ô 3 số, ký hiệu: 13 pt.
pub const SIZE_NUMBER: Pt = Pt(13.0);
/// Ô 5b: a công văn's trích yếu (`V/v …`), under the number in the left column, upright. NĐ 30,
/// Phụ lục I §I.5.b: 12–13 pt; 12 pt, so the form's line takes two lines of the 40 % column.
pub const SIZE_LETTER_SUBJECT: Pt = Pt(12.0);
/// Ô 4 địa danh, ngày tháng: 14 pt italic (range 13–14).
pub const SIZE_PLACE_DATE: Pt = Pt(14.0);
/// Ô 4: the sizes the date line may take (NĐ 30: 13–14), the largest first: the smaller where it
/// fits on one line only so.
pub const SIZES_PLACE_DATE: &[Pt] = &[Pt(14.0), Pt(13.0)];
/// A line baocao keeps on one line is set this much short of its box: LibreOffice rounds each
/// glyph's advance to its layout unit, and a line of fifty glyphs filling its box to the point
/// wraps there (the date line `Thành phố Hồ Chí Minh, ngày 21 tháng 12 năm 2026` at 13 pt did).
pub const FIT_MARGIN: Pt = Pt(2.0);
/// Ô 5a tên loại and trích yếu: 14 pt bold (range 13–14).
pub const SIZE_TITLE: Pt = Pt(14.0);
/// Ô 6 body text: 14 pt (range 13–14).
pub const SIZE_BODY: Pt = Pt(14.0);
/// Tables in the body: 13 pt (format.md, "Body").
pub const SIZE_TABLE: Pt = Pt(13.0);
/// Ô 7 signature block: 14 pt bold.
pub const SIZE_SIGNATURE: Pt = Pt(14.0);
/// Ô 9b "Nơi nhận:": 12 pt bold italic.
pub const SIZE_RECIPIENTS_LABEL: Pt = Pt(12.0);
/// Ô 9b recipients: 11 pt.
pub const SIZE_RECIPIENTS: Pt = Pt(11.0);

// ---- Spacing ----

/// Body paragraphs: first-line indent 1–1.27 cm; baocao takes 1.27 cm (NĐ 30 §I.6.d).
pub const FIRST_LINE_INDENT: Pt = Pt::cm(1.27);
/// Body paragraphs: at least 6 pt before (NĐ 30 §I.6.d).
pub const PARAGRAPH_BEFORE: Pt = Pt(6.0);
/// Space above the title `BÁO CÁO`, below the header block.
pub const TITLE_BEFORE: Pt = Pt(12.0);
/// Space above `Kính gửi:` and above the signature block.
pub const BLOCK_BEFORE: Pt = Pt(12.0);
/// Between a heading (or a paragraph) and the table right under it (format.md, "Body"): the
/// paragraph's spacing after.
pub const TABLE_BEFORE: Pt = Pt(6.0);
/// Ô 7c: room for the signature and seal (about 25 mm).
pub const SIGNATURE_SPACE: Pt = Pt::mm(25.0);

// ---- Two-column blocks ----

/// Header block: left column share of the text width (format.md: about 40 % | 60 %).
pub const HEADER_LEFT_SHARE: f32 = 0.40;
/// Signature block: left column (Nơi nhận) share of the text width.
pub const SIGNATURE_LEFT_SHARE: f32 = 0.45;
/// Cell padding, left and right, of the borderless header and signature tables. Set explicitly:
/// LibreOffice's default 0.19 cm wraps the quốc hiệu at 13 pt bold in a 60 % column (crates.md).
pub const LAYOUT_CELL_PADDING: Pt = Pt(0.0);

/// The width of the text block (210 − 30 − 15 = 165 mm) in whole twips, as the DOCX states it and
/// Word and LibreOffice lay it out: the one place it is computed.
pub fn text_width_twips() -> i32 {
    PAGE_WIDTH.twips() - MARGIN_LEFT.twips() - MARGIN_RIGHT.twips()
}

/// A two-column block's columns in whole twips: `share` of the text width, the rest.
pub fn columns_twips(share: f32) -> [i32; 2] {
    let total = text_width_twips();
    let left = (total as f32 * share).round() as i32;
    [left, total - left]
}

/// Header block: the left column's text keeps this far from the right column's (format.md: "never
/// closer than 2 mm"). Its lines are centred, so an agency name is set at most the column less
/// twice what this exceeds the room the quốc hiệu leaves beside it (`doc::agency_width`).
pub const HEADER_COLUMN_GAP: Pt = Pt::mm(2.0);
/// Header block: the words after which a place name follows; a name's place (`TỈNH BẮC NINH`) is
/// never split, and a break before it is preferred (format.md, "Header block").
pub const HEADER_PLACE_WORDS: &[&str] =
    &["THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU", "TỈNH", "HUYỆN", "QUẬN", "PHƯỜNG", "XÃ"];
/// Running text (reports.md, writing rules): the first words of a unit that is one of many of its
/// kind (every ministry has a `Cục Công nghệ thông tin`, a `Văn phòng`, every bank a `Trung tâm
/// Công nghệ thông tin`): named alone it does not
/// say whose it is, so running text names its parent after it (`Cục Công nghệ thông tin, Bộ Y
/// tế`). Compared without case.
pub const SUBORDINATE_HEADS: &[&str] =
    &["cục", "tổng cục", "chi cục", "vụ", "văn phòng", "thanh tra", "trung tâm", "ban", "phòng", "viện", "chi nhánh"];

/// Header block: word pairs an agency name never splits across lines (format.md's list; extend it
/// as names need); a centred title avoids splitting them too.
pub const HEADER_WORD_PAIRS: &[&str] = &[
    "THÔNG TIN",
    "TRUYỀN THÔNG",
    "TÀI NGUYÊN",
    "MÔI TRƯỜNG",
    "NHÂN DÂN",
    "GIÁO DỤC",
    "ĐÀO TẠO",
    "TÀI CHÍNH",
    "KẾ HOẠCH",
    "ĐẦU TƯ",
    "NỘI VỤ",
    "TƯ PHÁP",
    "XÂY DỰNG",
    "CÔNG THƯƠNG",
    "NÔNG NGHIỆP",
    "PHÁT TRIỂN",
    "NÔNG THÔN",
    "LAO ĐỘNG",
    "THƯƠNG BINH",
    "XÃ HỘI",
    "VĂN HÓA",
    "THỂ THAO",
    "DU LỊCH",
    "GIAO THÔNG",
    "VẬN TẢI",
    "KHOA HỌC",
    "CÔNG NGHỆ",
    "NGOẠI VỤ",
    "THANH TRA",
    "QUẢN LÝ",
    "KINH TẾ",
    "CÔNG NGHIỆP",
    "PHÁT THANH",
    "TRUYỀN HÌNH",
    "BẢO HIỂM",
    "KIỂM LÂM",
    "VĂN PHÒNG",
    "ĐẠI BIỂU",
    "QUỐC HỘI",
    "HỘI ĐỒNG",
    "LƯU TRỮ",
    "LỊCH SỬ",
    "KHUYẾN NÔNG",
    "Y TẾ",
    "AN TOÀN",
    "VỆ SINH",
    "THỰC PHẨM",
    "KHỞI NGHIỆP",
    "HỖ TRỢ",
    "DÂN TỘC",
    "CÔNG AN",
    "TRUNG TÂM",
    "CHI CỤC",
    "CHUYỂN ĐỔI",
    "DỮ LIỆU",
    "THỐNG KÊ",
    "TIN HỌC",
    "CƠ YẾU",
    "CHÍNH PHỦ",
    "ĐĂNG KIỂM",
    "ĐIỀU HÀNH",
    "ĐÔ THỊ",
    "THÔNG MINH",
    // also in names and titles, though not in format.md's list
    "ỦY BAN",
    "SỞ HỮU",
    "HỆ THỐNG",
    "AN NINH",
    "KIỂM TRA",
    "ĐÁNH GIÁ",
    "TRIỂN KHAI",
    "BẢO ĐẢM",
    "TÌNH HÌNH",
    "KẾT QUẢ",
    "TỔNG HỢP",
    "MÔ HÌNH",
    "HIỆN TRẠNG",
    "DANH SÁCH",
    "ĐỊA CHỈ",
];

/// Body: words a number after them is bound to by a no-break space in a template's own text
/// (`tháng 5`, `năm 2020`, `cấp độ 3`, `Lớp 2`, `Điều 13`; format.md, "Body"). Lower case.
pub const BIND_BEFORE_NUMBER: &[&str] = &["ngày", "tháng", "năm", "quý", "độ", "lớp", "điều", "khoản", "số"];
/// Body: what a number before it counts, bound to it (and its words to each other) likewise
/// (`01 sự cố`, `3 hệ thống`).
pub const BIND_AFTER_NUMBER: &[&str] =
    &["tháng", "sự cố", "hệ thống", "địa chỉ", "đơn vị", "yêu cầu", "lỗ hổng", "máy chủ", "cán bộ", "lần"];

// ---- Rules (the short solid lines) ----

/// Width of every rule line.
pub const RULE_WIDTH: Pt = Pt(0.5);
/// Rule under the issuer: 1/3 to 1/2 of the issuer's text line (ô 2); baocao takes 2/5.
pub const ISSUER_RULE_SHARE: f32 = 0.40;
/// Rule under the subject: 1/3 to 1/2 of the line (ô 5a); baocao takes 2/5 of the subject's
/// longest line.
pub const SUBJECT_RULE_SHARE: f32 = 0.40;
/// The paragraph that carries a rule: its height (font size of the empty line).
pub const RULE_LINE_SIZE: Pt = Pt(3.0);
/// Space between the text above a rule and the rule's top (format.md: at least 1.5 pt below the
/// lowest descender, not an underline that cuts `p` and `ậ`): spacing before the rule's paragraph.
pub const RULE_GAP: Pt = Pt(2.0);

// ---- Tables ----

/// Body tables: single borders, 0.5 pt.
pub const TABLE_BORDER: Pt = Pt(0.5);
/// Body tables: cell padding left and right.
pub const TABLE_CELL_PADDING_X: Pt = Pt::mm(1.0);
/// Body tables: cell padding top and bottom.
pub const TABLE_CELL_PADDING_Y: Pt = Pt::mm(0.5);
/// Tables sized by their content: the room a column gets beside its longest word, where the text
/// width allows, so no column is set flush to its word.
pub const TABLE_AIR: Pt = Pt::mm(3.0);

/// The paragraph that closes a DOCX section or the document after a table: as small as a line can
/// be, so it never adds a page.
pub const CLOSING_LINE_SIZE: Pt = Pt(1.0);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_in_twips_match_the_spec() {
        // format.md / crates.md: A4 11906 × 16838; margins 1134/1134/1701/850; header 567.
        assert_eq!(PAGE_WIDTH.twips(), 11906);
        assert_eq!(PAGE_HEIGHT.twips(), 16838);
        assert_eq!(MARGIN_TOP.twips(), 1134);
        assert_eq!(MARGIN_BOTTOM.twips(), 1134);
        assert_eq!(MARGIN_LEFT.twips(), 1701);
        assert_eq!(MARGIN_RIGHT.twips(), 850);
        assert_eq!(HEADER_DISTANCE.twips(), 567);
        assert_eq!(FIRST_LINE_INDENT.twips(), 720);
        assert_eq!(PARAGRAPH_BEFORE.twips(), 120);
        assert_eq!(SIZE_BODY.half_points(), 28);
        assert_eq!(TABLE_BORDER.eighths(), 4);
    }
}
