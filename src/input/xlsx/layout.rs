//! The form's layout: which sheet, row or column holds each field of the input contract, its
//! Vietnamese label and hint, and how its cell is typed. The writer ([`super::write`]) and the
//! reader ([`super::read`]) both follow these tables, so a form always reads back.

use crate::model::Kind;

/// The largest whole number the JSON contract takes for a document's number and the incident
/// counts (u32): the form takes the same.
const U32_MAX: i64 = u32::MAX as i64;

/// How a cell holds a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Text (line feeds kept).
    Text,
    /// A whole number in a range.
    Int(i64, i64),
    /// A date (a real date cell; text as `20/5/2020` or `2020-05-20` accepted).
    Date,
    /// `có` / `không`.
    Bool,
    /// One of the JSON values, shown by its Vietnamese label.
    Choice(&'static [(&'static str, &'static str)]),
    /// A list of short texts, one a line in the cell.
    Lines,
    /// A set of JSON values (a list), chosen as one of these labels: each label and the values
    /// it stands for (the annual report's inspections: one, both, or the cell left empty).
    Set(&'static [(&'static [&'static str], &'static str)]),
}

/// A field: its JSON path (dots; inside a table, relative to the row's object), its label, its
/// hint (the input message) and its type.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// JSON path.
    pub path: &'static str,
    /// The label (a row's, or a column's header).
    pub label: &'static str,
    /// The input message.
    pub hint: &'static str,
    /// How the cell holds it.
    pub ty: Ty,
}

const fn f(path: &'static str, label: &'static str, hint: &'static str, ty: Ty) -> Field {
    Field { path, label, hint, ty }
}

/// The layers' modes.
pub const MODES: &[(&str, &str)] =
    &[("self", "tự thực hiện"), ("outsourced", "thuê ngoài"), ("none", "chưa triển khai")];
/// Severities of a finding.
pub const SEVERITIES: &[(&str, &str)] =
    &[("critical", "Nghiêm trọng"), ("high", "Cao"), ("medium", "Trung bình"), ("low", "Thấp")];
/// Statuses of a finding.
pub const STATUSES: &[(&str, &str)] =
    &[("open", "Chưa khắc phục"), ("in_progress", "Đang khắc phục"), ("fixed", "Đã khắc phục")];

/// The sheet of label/value rows.
pub const UNIT_SHEET: &str = "Đơn vị";
/// The unit sheet's column headers; the last is the hidden column of keys.
pub const UNIT_HEADERS: [&str; 4] = ["Mục", "Nội dung", "Hướng dẫn", "Khóa"];
/// The row of the unit sheet that says which report the form is for (locked).
pub const KIND_LABEL: &str = "Loại báo cáo";

/// A kind as the form shows it to a unit (issue 28): in Vietnamese, not its JSON code. Both are
/// read back.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Monthly => "Báo cáo tháng",
        Kind::Assessment => "Báo cáo đánh giá",
        Kind::Annual => "Báo cáo năm (Mẫu số 08)",
    }
}

/// The kind a form's kind cell names: its JSON code (a form of an older baocao) or its label.
pub fn kind_named(text: &str) -> Option<Kind> {
    Kind::from_name(text).or_else(|| Kind::ALL.into_iter().find(|k| label_key(kind_label(*k)) == label_key(text)))
}

const COMMON_HEAD: &[Field] = &[
    f(
        "issuer.parent",
        "Cơ quan chủ quản",
        "Tên cơ quan chủ quản, viết thường như trong câu (Ủy ban nhân dân tỉnh Bắc Ninh); để trống nếu không có.",
        Ty::Text,
    ),
    f("issuer.name", "Cơ quan ban hành", "Tên cơ quan ban hành báo cáo (Sở Thông tin và Truyền thông).", Ty::Text),
    f("issuer.code", "Chữ viết tắt", "Chữ viết tắt trong ký hiệu văn bản (STTTT).", Ty::Text),
    f("issuer.place", "Địa danh", "Địa danh ở dòng ngày tháng (Bắc Ninh).", Ty::Text),
    f("issuer.email", "Thư điện tử cơ quan", "Địa chỉ gửi báo cáo.", Ty::Text),
    f(
        "issuer.full_name",
        "Tên trong câu (nếu khác)",
        "Chỉ điền khi tên cơ quan trong câu văn khác tên kèm cơ quan chủ quản.",
        Ty::Text,
    ),
    f("number", "Số văn bản", "Để trống: văn thư điền khi phát hành.", Ty::Int(1, U32_MAX)),
    f("date", "Ngày ban hành", "Để trống: văn thư điền khi phát hành.", Ty::Date),
    f("signer.authority", "Thẩm quyền ký", "Mỗi dòng một cấp (KT. Giám đốc).", Ty::Lines),
    f("signer.title", "Chức vụ người ký", "Phó Giám đốc.", Ty::Text),
    f("signer.name", "Người ký", "Họ và tên người ký.", Ty::Text),
    f("recipients", "Nơi nhận", "Mỗi dòng một nơi nhận (không ghi \"Như trên\" và \"Lưu\").", Ty::Lines),
    f("archive", "Lưu", "Sau chữ \"Lưu:\" (mặc định VT).", Ty::Text),
    f(
        "submit_to.name",
        "Kính gửi",
        "Bắt buộc với văn bản từ ngày 01/3/2025, khi chức năng đã chuyển sang Bộ Công an (đơn vị của Sở, Bộ để trống: gửi cơ quan tổng hợp). Văn bản trước ngày đó để trống: Bộ Thông tin và Truyền thông (Cục An toàn thông tin).",
        Ty::Text,
    ),
    f(
        "submit_to.email",
        "Thư điện tử nơi nhận",
        "Bắt buộc với văn bản từ ngày 01/3/2025. Văn bản trước ngày đó để trống: athttt@mic.gov.vn.",
        Ty::Text,
    ),
];

/// Hidden rows of a form made from last period's report (`form --from`): the number and date
/// that report was issued under, so that this period's report issued with them again is warned
/// of. Locked; the reader takes them as `_from`, which the checks otherwise ignore.
pub const SOURCE: &[Field] = &[
    f("_from.number", "Số của báo cáo kỳ trước", "Không sửa dòng này.", Ty::Int(1, U32_MAX)),
    f("_from.date", "Ngày của báo cáo kỳ trước", "Không sửa dòng này.", Ty::Date),
];

const MONTHLY_UNIT: &[Field] = &[
    f("period.year", "Năm", "Năm báo cáo.", Ty::Int(2000, 2100)),
    f("period.month", "Tháng", "Tháng báo cáo, 1 đến 12.", Ty::Int(1, 12)),
    f("period.data_from", "Số liệu từ ngày", "Để trống: ngày 15 tháng trước.", Ty::Date),
    f("period.data_to", "Số liệu đến ngày", "Để trống: ngày 14 tháng báo cáo.", Ty::Date),
    f("layers.in_house.unit", "Lớp 1: đơn vị chuyên trách", "Đơn vị chuyên trách an toàn thông tin.", Ty::Text),
    f("layers.in_house.decision", "Lớp 1: văn bản kiện toàn", "Quyết định thành lập, giao nhiệm vụ.", Ty::Text),
    f("layers.in_house.focal_point.name", "Lớp 1: cán bộ đầu mối", "Họ và tên.", Ty::Text),
    f("layers.in_house.focal_point.position", "Lớp 1: chức vụ đầu mối", "Chức vụ.", Ty::Text),
    f("layers.in_house.focal_point.phone", "Lớp 1: điện thoại đầu mối", "Số điện thoại.", Ty::Text),
    f("layers.in_house.focal_point.email", "Lớp 1: thư điện tử đầu mối", "Địa chỉ thư điện tử.", Ty::Text),
    f("layers.in_house.staff.dedicated", "Lớp 1: số cán bộ chuyên trách", "Số người.", Ty::Int(0, 100_000)),
    f("layers.in_house.staff.part_time", "Lớp 1: số cán bộ kiêm nhiệm", "Số người.", Ty::Int(0, 100_000)),
    f(
        "layers.monitoring.mode",
        "Lớp 2: giám sát, bảo vệ",
        "Tự thực hiện, thuê ngoài hay chưa triển khai.",
        Ty::Choice(MODES),
    ),
    f("layers.monitoring.provider", "Lớp 2: đơn vị cung cấp", "Bắt buộc khi thuê ngoài.", Ty::Text),
    f("layers.monitoring.contract", "Lớp 2: hợp đồng", "Số, ngày hợp đồng.", Ty::Text),
    f(
        "layers.assessment.mode",
        "Lớp 3: kiểm tra, đánh giá",
        "Tự thực hiện, thuê ngoài hay chưa triển khai.",
        Ty::Choice(MODES),
    ),
    f(
        "layers.assessment.assessor",
        "Lớp 3: đơn vị đánh giá",
        "Bắt buộc khi thuê ngoài; độc lập với đơn vị Lớp 2.",
        Ty::Text,
    ),
    f("layers.assessment.contract", "Lớp 3: hợp đồng", "Số, ngày hợp đồng.", Ty::Text),
    f(
        "layers.national_connection.connected",
        "Lớp 4: đã kết nối NCSC",
        "Đã kết nối với Trung tâm Giám sát quốc gia chưa.",
        Ty::Bool,
    ),
    f("layers.national_connection.since", "Lớp 4: kết nối từ ngày", "Ngày bắt đầu kết nối.", Ty::Date),
    f("incidents.detected", "Sự cố phát hiện", "Số sự cố phát hiện trong kỳ.", Ty::Int(0, U32_MAX)),
    f("incidents.handled", "Sự cố đã xử lý", "Số sự cố đã xử lý.", Ty::Int(0, U32_MAX)),
];

const ASSESSMENT_UNIT: &[Field] = &[
    f("period.year", "Năm", "Năm báo cáo.", Ty::Int(2000, 2100)),
    f("period.half", "Nửa năm", "1: 6 tháng đầu năm, 2: 6 tháng cuối năm; để trống: cả năm.", Ty::Int(1, 2)),
    f("assessor.name", "Đơn vị kiểm tra, đánh giá", "Tên đơn vị kiểm tra, đánh giá.", Ty::Text),
    f("assessor.monitoring_provider", "Đơn vị giám sát (Lớp 2)", "Để đối chiếu tính độc lập.", Ty::Text),
];

// The words of a list hold no comma: Excel's list of a cell's choices is one text its commas
// split, with no way to escape one (a hostile review: "phục vụ người dân, doanh nghiệp" was
// offered as two choices, neither of them taken, and Excel refused the whole words typed). The
// words before, with their commas, are still read from a cell (compared without punctuation).

/// Who sends an annual report.
pub const ROLES: &[(&str, &str)] = &[
    ("unit", "đơn vị vận hành/chuyên trách (gửi chủ quản trước 20/12)"),
    ("owner", "chủ quản hệ thống thông tin (gửi Bộ Công an trước 25/12)"),
];
/// The types of information system (Decree 331 Art. 9.2).
pub const SYSTEM_TYPES: &[(&str, &str)] = &[
    ("internal", "phục vụ hoạt động nội bộ"),
    ("public_service", "phục vụ người dân/doanh nghiệp"),
    ("infrastructure", "cơ sở hạ tầng thông tin"),
    ("industrial_control", "điều khiển công nghiệp"),
    ("other", "khác"),
];
/// Column (6), the decree's words.
pub const APPROVALS: &[(&str, &str)] = &[
    ("drafting", "Đang dự thảo"),
    ("submitted", "Đã gửi thẩm định"),
    ("appraised", "Đã thẩm định"),
    ("approved", "Đã được phê duyệt"),
];
/// Column (10), the decree's words.
pub const DEPLOYMENTS: &[(&str, &str)] =
    &[("none", "Chưa triển khai"), ("partial", "Đã triển khai một số hạng mục"), ("full", "Đã triển khai đầy đủ")];
/// Column (12), the decree's words: one, or both.
pub const INSPECTED: &[(&[&str], &str)] = &[
    (&["before_use"], "Trước khi đưa vào sử dụng"),
    (&["periodic"], "Định kỳ"),
    (&["before_use", "periodic"], "Trước khi đưa vào sử dụng; định kỳ"),
];

const ANNUAL_UNIT: &[Field] = &[
    f(
        "role",
        "Đơn vị báo cáo",
        "Đơn vị vận hành, chuyên trách gửi chủ quản trước 20/12; chủ quản gửi Bộ Công an trước 25/12.",
        Ty::Choice(ROLES),
    ),
    f(
        "drafting_unit",
        "Đơn vị soạn thảo",
        "Chữ viết tắt sau ký hiệu cơ quan (UBND-KGVX); để trống nếu không có.",
        Ty::Text,
    ),
    f("period.year", "Năm", "Năm báo cáo; số liệu từ 15/12 năm trước đến 14/12.", Ty::Int(2000, 2100)),
    f(
        "completion_expected",
        "Dự kiến hoàn thành phê duyệt cấp độ",
        "Mục 1, dòng cuối: bắt buộc khi còn hệ thống chưa được phê duyệt cấp độ.",
        Ty::Date,
    ),
];

const ANNUAL_OWNERS: &[Field] = &[
    f("owner.name", "Chủ quản: tên", "Tên cơ quan chủ quản hệ thống thông tin.", Ty::Text),
    f(
        "owner.charter",
        "Chủ quản: văn bản quy định chức năng",
        "Văn bản quy định chức năng, nhiệm vụ, quyền hạn (nếu có).",
        Ty::Text,
    ),
    f("owner.head", "Chủ quản: người đứng đầu", "Họ và tên.", Ty::Text),
    f("owner.head_title", "Chủ quản: chức vụ", "Chức vụ người đứng đầu.", Ty::Text),
    f("owner.address", "Chủ quản: địa chỉ", "Địa chỉ liên lạc.", Ty::Text),
    f("owner.phone", "Chủ quản: điện thoại", "Số điện thoại.", Ty::Text),
    f("owner.email", "Chủ quản: thư điện tử", "Địa chỉ thư điện tử.", Ty::Text),
    f("security_unit.name", "Chuyên trách: tên", "Đơn vị chuyên trách về an ninh mạng.", Ty::Text),
    f(
        "security_unit.charter",
        "Chuyên trách: văn bản quy định chức năng",
        "Văn bản quy định chức năng, nhiệm vụ, quyền hạn.",
        Ty::Text,
    ),
    f("security_unit.head", "Chuyên trách: người đứng đầu", "Họ và tên.", Ty::Text),
    f("security_unit.head_title", "Chuyên trách: chức vụ", "Chức vụ người đứng đầu.", Ty::Text),
    f("security_unit.address", "Chuyên trách: địa chỉ", "Địa chỉ liên lạc.", Ty::Text),
    f("security_unit.phone", "Chuyên trách: điện thoại", "Số điện thoại.", Ty::Text),
    f("security_unit.email", "Chuyên trách: thư điện tử", "Địa chỉ thư điện tử.", Ty::Text),
];

const ANNUAL_SYSTEMS: &[Field] = &[
    f("name", "Tên HTTT", "(2) Tên hệ thống thông tin, không trùng nhau.", Ty::Text),
    f("owner", "Chủ quản HTTT", "(3) Như tên ở trang Chủ quản.", Ty::Text),
    f("operator", "Đơn vị vận hành HTTT", "(4) Đơn vị vận hành.", Ty::Text),
    f("type", "Loại hình", "Điều 9 Nghị định 331/2026/NĐ-CP; để trống: chưa phân loại.", Ty::Choice(SYSTEM_TYPES)),
    f("level", "Cấp độ đề xuất", "(5) Cấp độ 1 đến 5.", Ty::Int(1, 5)),
    f("approval", "Tình trạng phê duyệt cấp độ", "(6) Để trống: chưa có hồ sơ.", Ty::Choice(APPROVALS)),
    f(
        "decision",
        "Quyết định phê duyệt cấp độ",
        "(7) Số, ngày, cơ quan phê duyệt: bắt buộc khi đã được phê duyệt.",
        Ty::Text,
    ),
    f("regulation", "Quy chế bảo đảm ANM cho hệ thống", "(8) Số, ngày, cơ quan ban hành quy chế.", Ty::Text),
    f("expected_approval", "Dự kiến thời điểm phê duyệt HSĐXCĐ", "(9) Bắt buộc khi chưa được phê duyệt.", Ty::Date),
    f("deployment", "Đã triển khai đầy đủ PA BĐANM", "(10) Mức triển khai phương án.", Ty::Choice(DEPLOYMENTS)),
    f(
        "expected_deployment",
        "Dự kiến thời điểm triển khai đầy đủ PA BĐANM",
        "(11) Bắt buộc khi chưa triển khai đầy đủ.",
        Ty::Date,
    ),
    f("inspected", "Đã kiểm tra, đánh giá ANM", "(12) Để trống: chưa kiểm tra, đánh giá.", Ty::Set(INSPECTED)),
];

const NATIONAL_SECURITY: &[Field] = &[
    f("system", "Hệ thống thông tin", "Tên hệ thống, như ở trang Hệ thống.", Ty::Text),
    f("criterion", "Tiêu chí (Điều 16)", "Tiêu chí đáp ứng.", Ty::Text),
    f("dossier", "Tình trạng hồ sơ", "Tình trạng hồ sơ đề nghị.", Ty::Text),
];

const COMPLIANCE: &[Field] = &[
    f("system", "Hệ thống thông tin", "Tên hệ thống, như ở trang Hệ thống.", Ty::Text),
    f("review", "Thời gian rà soát", "Quý III/2026.", Ty::Text),
    f("checked", "Nội dung kiểm tra", "Các quy định, quy trình đã kiểm tra.", Ty::Text),
    f("found", "Vi phạm phát hiện", "Số vi phạm phát hiện.", Ty::Int(0, 100_000)),
    f("remedied", "Đã khắc phục", "Số vi phạm đã khắc phục.", Ty::Int(0, 100_000)),
];

const REQUIREMENTS: &[Field] = &[
    f("system", "Hệ thống thông tin", "Tên hệ thống, như ở trang Hệ thống.", Ty::Text),
    f("group", "Nhóm tiêu chí, yêu cầu", "Như phương án đã được phê duyệt.", Ty::Text),
    f("met", "Đã đáp ứng đầy đủ", "Có hay không.", Ty::Bool),
    f("roadmap", "Lộ trình hoàn thành", "Bắt buộc khi chưa đáp ứng đầy đủ.", Ty::Date),
    f("responsible", "Đơn vị chịu trách nhiệm", "Đơn vị chịu trách nhiệm.", Ty::Text),
];

/// A sheet of one row a list item: its name, the JSON array it fills, its columns.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The sheet's name.
    pub sheet: &'static str,
    /// The JSON array (`systems`); for a nested list, `systems[].findings`, its rows naming the
    /// parent item by its `name` in the first column.
    pub array: &'static str,
    /// The columns.
    pub columns: &'static [Field],
}

const MONTHLY_SYSTEMS: &[Field] = &[
    f("name", "Tên hệ thống", "Tên hệ thống thông tin, không trùng nhau.", Ty::Text),
    f("level", "Cấp độ", crate::law::LEVELS_NOTE, Ty::Int(1, 5)),
    f("level_decision", "Quyết định phê duyệt cấp độ", "Số, ngày quyết định.", Ty::Text),
    f("public_ips", "Địa chỉ IP công khai", "Mỗi dòng một địa chỉ hoặc dải (113.160.92.64/29).", Ty::Lines),
    f("monitored", "Được giám sát (Lớp 2)", "Có hay không.", Ty::Bool),
    f("last_assessed", "Đánh giá gần nhất", "Ngày kiểm tra, đánh giá độc lập gần nhất.", Ty::Date),
    f("connected", "Kết nối NCSC", "Dữ liệu giám sát gửi về Trung tâm Giám sát quốc gia.", Ty::Bool),
];

const ASSESSMENT_SYSTEMS: &[Field] = &[
    f("name", "Tên hệ thống", "Tên hệ thống thông tin, không trùng nhau.", Ty::Text),
    f("level", "Cấp độ", "Cấp độ 3 đến 5.", Ty::Int(3, 5)),
    f("level_decision", "Quyết định phê duyệt cấp độ", "Số, ngày quyết định.", Ty::Text),
    f("from", "Đánh giá từ ngày", "Ngày bắt đầu.", Ty::Date),
    f("to", "Đánh giá đến ngày", "Ngày kết thúc.", Ty::Date),
    f("scope", "Phạm vi", "Phạm vi kiểm tra, đánh giá.", Ty::Text),
    f("method", "Phương pháp, công cụ", "Phương pháp, công cụ.", Ty::Text),
    f("checks.management.total", "Quản lý: số tiêu chí", "Số tiêu chí quản lý đã kiểm tra.", Ty::Int(0, 100_000)),
    f("checks.management.passed", "Quản lý: đạt", "Số tiêu chí quản lý đạt.", Ty::Int(0, 100_000)),
    f("checks.technical.total", "Kỹ thuật: số tiêu chí", "Số tiêu chí kỹ thuật đã kiểm tra.", Ty::Int(0, 100_000)),
    f("checks.technical.passed", "Kỹ thuật: đạt", "Số tiêu chí kỹ thuật đạt.", Ty::Int(0, 100_000)),
    f("conclusion", "Kết luận", "Để trống: suy ra từ kết quả.", Ty::Text),
];

const FINDINGS: &[Field] = &[
    f("name", "Hệ thống", "Tên hệ thống, như ở trang Hệ thống.", Ty::Text),
    f("id", "Mã", "F-01.", Ty::Text),
    f("title", "Phát hiện", "Nội dung phát hiện.", Ty::Text),
    f("asset", "Tài sản", "Tài sản bị ảnh hưởng.", Ty::Text),
    f("severity", "Mức độ", "Nghiêm trọng, Cao, Trung bình, Thấp.", Ty::Choice(SEVERITIES)),
    f("status", "Trạng thái", "Chưa, đang hay đã khắc phục.", Ty::Choice(STATUSES)),
    f("recommendation", "Khuyến nghị", "Khuyến nghị khắc phục.", Ty::Text),
];

const DIFFICULTIES: &[Field] = &[
    f("difficulties", "Khó khăn, vướng mắc", "Mỗi ô một đoạn.", Ty::Text),
    f("proposals", "Đề xuất, kiến nghị", "Mỗi ô một đoạn.", Ty::Text),
];

const RECOMMENDATIONS: &[Field] = &[f("recommendations", "Kiến nghị", "Mỗi ô một đoạn.", Ty::Text)];

/// A sheet whose columns are separate lists of paragraphs.
pub const LISTS_MONTHLY: &str = "Khó khăn - Đề xuất";
/// The assessment's list of recommendations.
pub const LISTS_ASSESSMENT: &str = "Kiến nghị";

/// The whole form of a kind.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The label/value rows of [`UNIT_SHEET`] (after the kind's row).
    pub unit: &'static [&'static [Field]],
    /// Tables of one row an item.
    pub tables: &'static [Table],
    /// The sheet of paragraph lists, and its columns (each a top-level array of strings), when
    /// the kind has any.
    pub lists: Option<(&'static str, &'static [Field])>,
}

/// The form of `kind`.
pub fn layout(kind: Kind) -> Layout {
    match kind {
        Kind::Monthly => Layout {
            unit: &[COMMON_HEAD, MONTHLY_UNIT],
            tables: &[Table { sheet: "Hệ thống", array: "systems", columns: MONTHLY_SYSTEMS }],
            lists: Some((LISTS_MONTHLY, DIFFICULTIES)),
        },
        Kind::Assessment => Layout {
            unit: &[COMMON_HEAD, ASSESSMENT_UNIT],
            tables: &[
                Table { sheet: "Hệ thống", array: "systems", columns: ASSESSMENT_SYSTEMS },
                Table { sheet: "Phát hiện", array: "systems[].findings", columns: FINDINGS },
            ],
            lists: Some((LISTS_ASSESSMENT, RECOMMENDATIONS)),
        },
        Kind::Annual => Layout {
            unit: &[COMMON_HEAD, ANNUAL_UNIT],
            tables: &[
                Table { sheet: "Chủ quản", array: "owners", columns: ANNUAL_OWNERS },
                Table { sheet: "Hệ thống", array: "systems", columns: ANNUAL_SYSTEMS },
                Table { sheet: "Phụ lục I", array: "national_security", columns: NATIONAL_SECURITY },
                Table { sheet: "Phụ lục II", array: "compliance", columns: COMPLIANCE },
                Table { sheet: "Phụ lục III", array: "requirements", columns: REQUIREMENTS },
            ],
            lists: None,
        },
    }
}

/// Whether `path` names the rows of a sheet (a table's array, a list of paragraphs) in any kind's
/// form: what a problem of that sheet's header stands for.
pub fn is_rows(path: &str) -> bool {
    [Kind::Monthly, Kind::Assessment, Kind::Annual].into_iter().any(|kind| {
        let form = layout(kind);
        form.tables.iter().any(|t| t.array == path) || form.lists.is_some_and(|(_, l)| l.iter().any(|f| f.path == path))
    })
}

/// Whether the form of `kind` has fields inside the object at `path` (`layers`,
/// `systems[0].checks`; an item's index does not matter).
pub fn has_fields_under(kind: Kind, path: &str) -> bool {
    let mut generic = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                generic.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => generic.push(c),
        }
    }
    let prefix = format!("{generic}.");
    let form = layout(kind);
    form.unit.iter().flat_map(|p| p.iter()).any(|f| f.path.starts_with(&prefix))
        || form
            .tables
            .iter()
            .any(|t| t.columns.iter().any(|c| format!("{}[].{}", t.array, c.path).starts_with(&prefix)))
}

/// `A`, `B`, …, `AA`: a column's letters as Excel writes them (from 0).
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// A label as compared: without accents, case, punctuation or spacing.
pub fn label_key(label: &str) -> String {
    crate::vn::slug(label, 200)
}

/// `'Hệ thống'!C5` (row and column from 0).
pub fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    format!("'{}'!{}{}", sheet.replace('\'', "''"), column_letters(col), row + 1)
}
