//! The validated domain: what a document says, after `input` has checked everything.
//!
//! Every string here is NFC and trimmed, every required field present, every number in range.
//! Nothing after this point re-checks input. The derived facts of a monthly report (which of the
//! four layers are in place for each system) are computed here, once, by the rules of input.md.

use chrono::{Datelike, Months, NaiveDate};

use crate::vn;

/// The default addressee of a document dated before 01/3/2025 ([`crate::law::ADDRESSEE_MOVED`]):
/// Bộ Thông tin và Truyền thông (Cục An toàn thông tin), CV 1552/BTTTT-CATTT. A ministry that no
/// longer holds the function is never the default of a later document.
pub const DEFAULT_SUBMIT_TO_NAME: &str = "Bộ Thông tin và Truyền thông (Cục An toàn thông tin)";
/// The default addressee's mailbox.
pub const DEFAULT_SUBMIT_TO_EMAIL: &str = "athttt@mic.gov.vn";
/// The default archive line after "Lưu:" (văn thư).
pub const DEFAULT_ARCHIVE: &str = "VT";

/// One document: the parts every report has, and the report itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Cơ quan ban hành.
    pub issuer: Issuer,
    /// Số văn bản; `None` until the document is numbered when signed.
    pub number: Option<u32>,
    /// Ngày ban hành; `None` for a draft dated when signed.
    pub date: Option<NaiveDate>,
    /// Người ký.
    pub signer: Signer,
    /// Nơi nhận besides the addressee, without the `- ` and `;` the format adds.
    pub recipients: Vec<String>,
    /// What follows "Lưu:" (default `VT`).
    pub archive: String,
    /// Who receives the report (Kính gửi, and the e-mail's To).
    pub submit_to: Addressee,
    /// The report's own content.
    pub report: Report,
}

impl Document {
    /// What the document is: its kind, consolidated or not.
    pub fn kind(&self) -> DocKind {
        match &self.report {
            Report::Monthly(_) => DocKind { kind: Kind::Monthly, consolidated: false },
            Report::Assessment(_) => DocKind { kind: Kind::Assessment, consolidated: false },
            Report::Annual(_) => DocKind { kind: Kind::Annual, consolidated: false },
            Report::Consolidated(c) => match &*c.figures {
                UnitFigures::Monthly { .. } => DocKind { kind: Kind::Monthly, consolidated: true },
                UnitFigures::Assessment { .. } => DocKind { kind: Kind::Assessment, consolidated: true },
                UnitFigures::Annual { .. } => DocKind { kind: Kind::Annual, consolidated: true },
            },
        }
    }

    /// The date whose law it cites (annual.md): its own date, or for an undated draft its
    /// period's date ([`Period::stamp`], the date its file properties carry).
    pub fn legal_date(&self) -> NaiveDate {
        self.date.unwrap_or_else(|| self.period().stamp())
    }

    /// Its symbol after the number (`BC-STTTT`, a công văn's `UBND-KGVX`: [`DocKind::symbol`]).
    pub fn symbol(&self) -> String {
        let unit = match &self.report {
            Report::Annual(a) => a.drafting_unit.as_deref(),
            Report::Consolidated(c) => match &*c.figures {
                UnitFigures::Annual { own, .. } => own.drafting_unit.as_deref(),
                UnitFigures::Monthly { .. } | UnitFigures::Assessment { .. } => None,
            },
            Report::Monthly(_) | Report::Assessment(_) => None,
        };
        self.kind().symbol(&self.issuer.code, unit)
    }

    /// What report this is, for a signed PDF to be matched with its input (`email --signed`):
    /// the issuer, the kind, the period, and a digest of the whole validated document but the
    /// number and date the clerk fills in when issuing.
    pub fn identity(&self) -> String {
        use sha2::Digest as _;
        // the digest of the document's Debug form without its number and date, written straight
        // into the hash (the same digest as of the whole text, without holding it)
        struct Hashing(sha2::Sha256);
        impl std::fmt::Write for Hashing {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.update(s.as_bytes());
                Ok(())
            }
        }
        let unnumbered = Document { number: None, date: None, ..self.clone() };
        let mut hashing = Hashing(sha2::Sha256::new());
        let _ = std::fmt::write(&mut hashing, format_args!("{unnumbered:?}"));
        let digest = hashing.0.finalize();
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!("{} | {} | {} | {hex}", self.issuer.name, self.kind().slug(), self.period().slug())
    }

    /// Who signs it (the signer's name) and who issues it (the issuer and its parent, natural
    /// case).
    pub fn signing_names(&self) -> SigningNames {
        SigningNames {
            signer: self.signer.name.clone(),
            issuer: self.issuer.name.clone(),
            parent: self.issuer.parent.clone(),
        }
    }

    /// The period it reports on.
    pub fn period(&self) -> Period {
        match &self.report {
            Report::Monthly(m) => Period::Month(m.period),
            Report::Assessment(a) => Period::HalfYear(a.period),
            Report::Annual(a) => Period::Year(a.period),
            Report::Consolidated(c) => match &*c.figures {
                UnitFigures::Monthly { period, .. } => Period::Month(*period),
                UnitFigures::Assessment { period, .. } => Period::HalfYear(*period),
                UnitFigures::Annual { period, .. } => Period::Year(*period),
            },
        }
    }
}

/// The names a report's signatures are held to ([`Document::signing_names`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SigningNames {
    /// The signer's name (họ và tên).
    pub signer: String,
    /// The issuing agency's name.
    pub issuer: String,
    /// Its parent agency's name.
    pub parent: Option<String>,
}

/// A report's kind (`kind` in the input). What varies by kind lives here and on [`DocKind`] and
/// [`Period`], each an exhaustive match: a new kind makes the compiler list every place it needs.
/// (Its fields, checks, context and templates are the rest: `input::document`, `template`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The monthly 4-layer progress report (CV 1552/BTTTT-CATTT).
    Monthly,
    /// The periodic assessment report for level 3+ systems (Chỉ thị 14/CT-TTg).
    Assessment,
    /// The yearly report on the cybersecurity of information systems (Decree 331/2026/NĐ-CP Art.
    /// 35–36, Mẫu số 08), a công văn.
    Annual,
}

impl Kind {
    /// Every kind, in the order messages list them.
    pub const ALL: [Kind; 3] = [Kind::Monthly, Kind::Assessment, Kind::Annual];

    /// Its `kind` in the input.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Monthly => "monthly",
            Kind::Assessment => "assessment",
            Kind::Annual => "annual",
        }
    }

    /// The kind named `name` in the input.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// A complete valid input of this kind (`baocao sample`), one of the bundled samples.
    pub const fn sample(self) -> &'static str {
        match self {
            Kind::Monthly => include_str!("../samples/monthly-province.json"),
            Kind::Assessment => include_str!("../samples/assessment-ministry.json"),
            Kind::Annual => include_str!("../samples/annual-owner.json"),
        }
    }
}

/// What a document is: a report of a kind, or the consolidated report of a batch of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocKind {
    /// The kind.
    pub kind: Kind,
    /// The consolidated report of a batch's units.
    pub consolidated: bool,
}

impl DocKind {
    /// The kind part of a file name (`bao-cao-4-lop`, `bao-cao-tong-hop-danh-gia`).
    pub fn slug(self) -> &'static str {
        match (self.kind, self.consolidated) {
            (Kind::Monthly, false) => "bao-cao-4-lop",
            (Kind::Monthly, true) => "bao-cao-tong-hop-4-lop",
            (Kind::Assessment, false) => "bao-cao-danh-gia",
            (Kind::Assessment, true) => "bao-cao-tong-hop-danh-gia",
            (Kind::Annual, false) => "bao-cao-an-ninh-mang",
            (Kind::Annual, true) => "bao-cao-tong-hop-an-ninh-mang",
        }
    }

    /// Its templates' base name: `NAME.md` the body, `NAME.subject.md` the trích yếu.
    pub fn template(self) -> &'static str {
        match (self.kind, self.consolidated) {
            (Kind::Monthly, false) => "monthly",
            (Kind::Monthly, true) => "consolidated-monthly",
            (Kind::Assessment, false) => "assessment",
            (Kind::Assessment, true) => "consolidated-assessment",
            (Kind::Annual, false) => "annual",
            (Kind::Annual, true) => "consolidated-annual",
        }
    }

    /// The e-mail subject's words before the period.
    pub fn subject(self) -> &'static str {
        match (self.kind, self.consolidated) {
            (Kind::Monthly, false) => "Báo cáo tình hình triển khai mô hình 4 lớp",
            (Kind::Monthly, true) => "Báo cáo tổng hợp tình hình triển khai mô hình 4 lớp",
            (Kind::Assessment, false) => "Báo cáo kết quả kiểm tra, đánh giá an toàn thông tin",
            (Kind::Assessment, true) => "Báo cáo tổng hợp kết quả kiểm tra, đánh giá an toàn thông tin",
            (Kind::Annual, _) => "Báo cáo kết quả công tác bảo đảm an ninh mạng hệ thống thông tin",
        }
    }

    /// A công văn (the annual report: its number has no type abbreviation, its subject is the
    /// `V/v` line under the number, and it has no title), not a báo cáo.
    pub fn letter(self) -> bool {
        match self.kind {
            Kind::Monthly | Kind::Assessment => false,
            Kind::Annual => true,
        }
    }

    /// Its type's name before its number, in a sentence: `Báo cáo`, `Công văn`.
    pub fn type_name(self) -> &'static str {
        if self.letter() {
            "Công văn"
        } else {
            "Báo cáo"
        }
    }

    /// Its type's name in the title (ô 5a), none for a công văn.
    pub fn title(self) -> &'static str {
        if self.letter() {
            ""
        } else {
            "BÁO CÁO"
        }
    }

    /// Its symbol after the number: `BC-STTTT` for a báo cáo; a công văn's is the issuer's
    /// code, then the drafting unit's (`SKHCN-CNTT`) when given (NĐ 30, Phụ lục I §I.3).
    pub fn symbol(self, code: &str, unit: Option<&str>) -> String {
        match (self.letter(), unit) {
            (false, _) => crate::vn::report_symbol(code),
            (true, None) => code.to_owned(),
            (true, Some(u)) => format!("{code}-{u}"),
        }
    }
}

/// The period a report covers: a month (monthly reports), a year or half-year (assessments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A month.
    Month(MonthPeriod),
    /// A year or half-year.
    HalfYear(HalfYear),
    /// The year of an annual report.
    Year(AnnualPeriod),
}

impl Period {
    /// The period part of a file name: `2020-05`, `2020`, `2020-h2`.
    pub fn slug(&self) -> String {
        match self {
            Period::Month(m) => format!("{:04}-{:02}", m.year, m.month),
            Period::HalfYear(h) => h.slug(),
            Period::Year(y) => format!("{:04}", y.year),
        }
    }

    /// The period in a sentence: `tháng 5/2020`, `năm 2020`, `6 tháng đầu năm 2020`.
    pub fn phrase(&self) -> String {
        match self {
            Period::Month(m) => format!("tháng {}/{}", m.month, m.year),
            Period::HalfYear(h) => h.label(),
            Period::Year(y) => format!("năm {}", y.year),
        }
    }

    /// Its year (the date line's year of an undated draft).
    pub fn year(&self) -> i32 {
        match self {
            Period::Month(m) => m.year,
            Period::HalfYear(h) => h.year,
            Period::Year(y) => y.year,
        }
    }

    /// When the report is due: the 25th of the month (CV 1552), 14 June or 14 December
    /// (Chỉ thị 14/CT-TTg).
    pub fn due_date(&self) -> NaiveDate {
        match self {
            Period::Month(m) => NaiveDate::from_ymd_opt(m.year, m.month, 25).expect("validated period has a 25th"),
            Period::HalfYear(h) => h.due_date(),
            Period::Year(y) => y.due_date(),
        }
    }

    /// The date stamped in an undated document's file properties (never the clock): the month's
    /// first day, or the due date of an assessment.
    pub fn stamp(&self) -> NaiveDate {
        match self {
            Period::Month(m) => NaiveDate::from_ymd_opt(m.year, m.month, 1).expect("validated period"),
            Period::HalfYear(h) => h.due_date(),
            Period::Year(y) => y.due_date(),
        }
    }
}

/// Tên cơ quan, tổ chức ban hành văn bản.
#[derive(Debug, Clone, PartialEq)]
pub struct Issuer {
    /// Tên cơ quan ban hành, natural case, on one line.
    pub name: String,
    /// Tên cơ quan chủ quản, natural case, on one line.
    pub parent: Option<String>,
    /// The name as given: a line feed where the input chooses the header block's line break.
    pub header_name: String,
    /// The parent's name as given, likewise.
    pub header_parent: Option<String>,
    /// Chữ viết tắt in the symbol (`STTTT`).
    pub code: String,
    /// The name in running text, when the input gives it (else [`Issuer::running_name`] derives it).
    pub full_name: Option<String>,
    /// Địa danh for the date line.
    pub place: String,
    /// The issuer's mailbox.
    pub email: Option<String>,
}

impl Issuer {
    /// The name in running text (reports.md, writing rules): `full_name` when given; else a
    /// department is named with its parent's locality (`Sở Thông tin và Truyền thông tỉnh Bắc Ninh`
    /// under `Ủy ban nhân dân tỉnh Bắc Ninh`; `Thanh tra tỉnh` becomes `Thanh tra tỉnh Bắc Ninh`),
    /// unless its name already names a place of its own (`Ủy ban nhân dân huyện Yên Phong`); a
    /// unit one of many of its kind under a parent that names no place is named with its parent
    /// (`Cục Công nghệ thông tin, Bộ Y tế`: [`Issuer::is_subordinate`]); another under such a
    /// parent (`Bộ Tài chính`) by its name alone.
    pub fn running_name(&self) -> String {
        if let Some(f) = &self.full_name {
            return f.clone();
        }
        let Some(parent) = &self.parent else { return self.name.clone() };
        // remembered per thread (at most 1,024 names): a batch's units and their templates ask
        // it again and again
        thread_local! {
            static MEMO: std::cell::RefCell<std::collections::HashMap<(String, String), String>> = Default::default();
        }
        let key = (self.name.clone(), parent.clone());
        if let Some(name) = MEMO.with_borrow(|m| m.get(&key).cloned()) {
            return name;
        }
        let name = self.running_name_of(parent);
        MEMO.with_borrow_mut(|m| {
            if m.len() >= 1024 {
                m.clear();
            }
            m.insert(key, name.clone());
        });
        name
    }

    fn running_name_of(&self, parent: &str) -> String {
        let Some((start, keyword_end)) = crate::vn::place_in(parent) else {
            // a Cục, Vụ, Văn phòng… of a ministry: named with its ministry (`Cục Công nghệ thông
            // tin, Bộ Y tế`), unless its name already says it
            if self.is_subordinate() && !crate::vn::fold_key(&self.name).contains(&crate::vn::fold_key(parent)) {
                // `Văn phòng Bộ` + `Y tế`, as `Thanh tra tỉnh` + `Bắc Ninh` below
                let first = parent.split(' ').next().unwrap_or("");
                if crate::vn::fold_key(&self.name).ends_with(&format!(" {}", crate::vn::fold_key(first))) {
                    return format!("{}{}", self.name, &parent[first.len()..]);
                }
                return format!("{}, {parent}", self.name);
            }
            return self.name.clone();
        };
        let locality = &parent[start..];
        // the name already has its place: with its keyword, or the place's name as whole words
        // (`Đài Phát thanh và Truyền hình Đắk Lắk`)
        let words = |s: &str| crate::vn::fold_key(s).split(' ').map(crate::vn::new_tone_placement).collect::<Vec<_>>();
        let (name, place) = (words(&self.name), words(&parent[keyword_end..]));
        if crate::vn::place_in(&self.name).is_some_and(|(s, k)| k < self.name.len() && s < k)
            || crate::vn::fold_key(&self.name).contains(&crate::vn::fold_key(locality))
            || (!place.is_empty() && name.windows(place.len()).any(|w| w == place.as_slice()))
        {
            return self.name.clone();
        }
        let keyword = crate::vn::fold_key(&parent[start..keyword_end]);
        if crate::vn::fold_key(&self.name).ends_with(&format!(" {keyword}")) {
            // `Thanh tra tỉnh` + `Bắc Ninh`
            return format!("{}{}", self.name, &parent[keyword_end..]);
        }
        format!("{} {locality}", self.name)
    }
}

impl Issuer {
    /// Whether the name starts as one of many units of its kind does ([`crate::profile::SUBORDINATE_HEADS`]:
    /// `Cục …`, `Vụ …`, `Văn phòng …`) and names no place of its own.
    pub fn is_subordinate(&self) -> bool {
        let name = crate::vn::fold_key(&self.name);
        crate::profile::SUBORDINATE_HEADS.iter().any(|h| name.starts_with(&format!("{h} ")) || name == *h)
            && crate::vn::place_in(&self.name).is_none()
    }
}

/// Thẩm quyền, chức vụ, họ tên người ký.
#[derive(Debug, Clone, PartialEq)]
pub struct Signer {
    /// Lines above the title: `KT. Giám đốc`, `TM. Ủy ban nhân dân`, …
    pub authority: Vec<String>,
    /// Chức vụ; absent when an acting head signs `Q. …`.
    pub title: Option<String>,
    /// Họ và tên.
    pub name: String,
}

/// The addressee (Kính gửi) and its mailbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Addressee {
    /// Its name, as written after `Kính gửi:`.
    pub name: String,
    /// Its mailbox.
    pub email: String,
}

/// Which report a document is.
// One per document, never in a hot collection: the size difference does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// The monthly 4-layer progress report (CV 1552/BTTTT-CATTT).
    Monthly(Monthly),
    /// The periodic assessment report for level 3+ systems (Chỉ thị 14/CT-TTg).
    Assessment(Assessment),
    /// The yearly cybersecurity report (Decree 331/2026/NĐ-CP, Mẫu số 08).
    Annual(Annual),
    /// The consolidated report of a batch of units (báo cáo tổng hợp).
    Consolidated(Consolidated),
}

/// The consolidated report over the units of a batch: the figures of each unit (never the units'
/// documents themselves, so a batch holds only these rows in memory), and their free texts, kept
/// where a batch puts them (a file) and read as the report is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Consolidated {
    /// The units' figures, by kind (shared with the report's rows as they are drawn).
    pub figures: std::sync::Arc<UnitFigures>,
    /// The units' difficulties and proposals (monthly) or recommendations (assessment), by row.
    pub notes: Notes,
    /// Units that failed, named by `issuer.name` where their file could be read (else the file).
    pub failed: Vec<String>,
    /// The consolidating issuer's own difficulties and proposals (`_consolidated.json`).
    pub own: [Vec<String>; 2],
}

/// A unit's lists kept for a consolidated report: its difficulties and proposals (an assessment:
/// its recommendations and nothing), and its systems' public addresses, each
/// `system` [`ADDRESSES`] `address\naddress`; the fourth is empty. An annual report's are rows,
/// each a JSON object as its template draws it (`template::annual_rows`): its systems (sorted by
/// name), then its Phụ lục I, II and III.
pub type UnitTexts = [Vec<String>; UNIT_LISTS];

/// How many lists a unit keeps for a consolidated report ([`UnitTexts`]).
pub const UNIT_LISTS: usize = 4;

/// Between a system's name and its addresses in the third list of [`UnitTexts`].
pub const ADDRESSES: char = '\u{1f}';

/// Where the units' free texts are kept: `get(row)` gives the row's unit's lists ([`UnitTexts`]).
pub trait NoteStore: Send + Sync {
    /// The texts of the unit of row `row`.
    fn get(&self, row: usize) -> std::io::Result<UnitTexts>;
}

impl NoteStore for Vec<UnitTexts> {
    fn get(&self, row: usize) -> std::io::Result<UnitTexts> {
        Ok(self.as_slice().get(row).cloned().unwrap_or_default())
    }
}

/// The units' free texts for a consolidated report, by row of its figures, and how many of each
/// list there are.
#[derive(Clone)]
pub struct Notes {
    store: std::sync::Arc<dyn NoteStore>,
    counts: [usize; UNIT_LISTS],
}

impl Notes {
    /// Texts kept by `store`, `counts` of each list in all.
    pub fn new(store: std::sync::Arc<dyn NoteStore>, counts: [usize; UNIT_LISTS]) -> Notes {
        Notes { store, counts }
    }

    /// Texts held in memory, by row.
    pub fn in_memory(rows: Vec<UnitTexts>) -> Notes {
        let counts = std::array::from_fn(|k| rows.iter().map(|r| r[k].len()).sum());
        Notes::new(std::sync::Arc::new(rows), counts)
    }

    /// The texts of row `row`'s unit.
    pub fn get(&self, row: usize) -> std::io::Result<UnitTexts> {
        self.store.get(row)
    }

    /// How many texts each list has, over all rows.
    pub fn counts(&self) -> [usize; UNIT_LISTS] {
        self.counts
    }
}

impl std::fmt::Debug for Notes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Notes {{ counts: {:?} }}", self.counts)
    }
}

impl PartialEq for Notes {
    fn eq(&self, other: &Notes) -> bool {
        std::sync::Arc::ptr_eq(&self.store, &other.store) && self.counts == other.counts
    }
}

/// The rows of a consolidated report, sorted by the Vietnamese alphabet of the units' names.
#[derive(Debug, Clone, PartialEq)]
pub enum UnitFigures {
    /// Monthly 4-layer reports.
    Monthly {
        /// The month.
        period: MonthPeriod,
        /// One row a unit.
        units: Vec<MonthlyFigures>,
    },
    /// Assessment reports.
    Assessment {
        /// The year or half-year.
        period: HalfYear,
        /// One row a unit.
        units: Vec<AssessmentFigures>,
    },
    /// Annual reports of the units (role `unit`), consolidated by their system owner.
    Annual {
        /// The year; the role is the owner's.
        period: AnnualPeriod,
        /// What the owner's report gives of its own (`_consolidated.json`).
        own: AnnualOwn,
        /// One row a unit.
        units: Vec<AnnualFigures>,
    },
}

/// What the system owner's consolidated annual report gives of its own: section 2 and the
/// drafting unit of its symbol, and section 1 (7) when the owner sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualOwn {
    /// The drafting unit's abbreviation after the issuer's in the symbol.
    pub drafting_unit: Option<String>,
    /// Section 2: each system owner with its specialised unit.
    pub owners: Vec<OwnerInfo>,
    /// Section 1 (7), when given: no earlier than any unit's.
    pub completion_expected: Option<NaiveDate>,
}

/// What the owner's consolidated annual report needs of one unit (its rows are in the spill).
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualFigures {
    /// The unit's `issuer.name`.
    pub unit: String,
    /// Section 1 (1)–(6) of its report ([`Annual::figures`]).
    pub figures: [usize; 6],
    /// Section 1 (7) of its report, while one of its levels is not approved.
    pub completion_expected: Option<NaiveDate>,
}

impl UnitFigures {
    /// How many units (rows) there are.
    pub fn len(&self) -> usize {
        match self {
            UnitFigures::Monthly { units, .. } => units.len(),
            UnitFigures::Assessment { units, .. } => units.len(),
            UnitFigures::Annual { units, .. } => units.len(),
        }
    }

    /// There is no unit.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The name of row `i`'s unit (`i` < [`UnitFigures::len`]).
    pub fn unit(&self, i: usize) -> &str {
        match self {
            UnitFigures::Monthly { units, .. } => &units[i].unit,
            UnitFigures::Assessment { units, .. } => &units[i].unit,
            UnitFigures::Annual { units, .. } => &units[i].unit,
        }
    }
}

/// What the consolidated monthly report needs of one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyFigures {
    /// The unit's `issuer.name`.
    pub unit: String,
    /// Its systems.
    pub systems: u32,
    /// Systems with all required layers ("đủ 4 lớp").
    pub complete: u32,
    /// Systems with Lớp 1–4 in place (Lớp 3: of those that require it).
    pub layers: [u32; 4],
    /// The unit has each layer in place for every system that requires it (and has a system).
    pub unit_layers: [bool; 4],
    /// Some system of the unit requires the layer (Lớp 3: a system of level 3 or more).
    pub required: [bool; 4],
    /// Incidents detected and handled in the month, when the unit reported them.
    pub incidents: Option<[u32; 2]>,
    /// Systems by level 1–5.
    pub by_level: [u32; 5],
}

/// What the consolidated assessment report needs of one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentFigures {
    /// The unit's `issuer.name`.
    pub unit: String,
    /// Systems assessed.
    pub systems: u32,
    /// Systems that meet their level.
    pub meeting: u32,
    /// Requirements met, of checked.
    pub passed: u32,
    /// Requirements checked.
    pub total: u32,
    /// Findings.
    pub findings: u32,
    /// Findings not yet fixed.
    pub unfixed: u32,
}

impl Monthly {
    /// The figures of this unit for a consolidated report.
    pub fn figures(&self, unit: &str, date: Option<NaiveDate>) -> MonthlyFigures {
        let reference = self.reference_date(date);
        let statuses: Vec<SystemStatus> = self.systems.iter().map(|s| self.status(s, reference)).collect();
        let mut layers = [0u32; 4];
        let mut unit_layers = [!statuses.is_empty(); 4];
        let mut required = [false; 4];
        for st in &statuses {
            for (k, state) in st.layers().iter().enumerate() {
                match state {
                    LayerState::InPlace => layers[k] += 1,
                    LayerState::Missing => unit_layers[k] = false,
                    LayerState::NotRequired => {}
                }
                required[k] |= *state != LayerState::NotRequired;
            }
        }
        let mut by_level = [0u32; 5];
        for s in &self.systems {
            by_level[usize::from(s.level.clamp(1, 5) - 1)] += 1;
        }
        MonthlyFigures {
            unit: unit.to_owned(),
            systems: self.systems.len() as u32,
            complete: statuses.iter().filter(|s| s.complete()).count() as u32,
            layers,
            unit_layers,
            required,
            incidents: self.incidents.map(|i| [i.detected, i.handled]),
            by_level,
        }
    }
}

impl Assessment {
    /// The figures of this unit for a consolidated report.
    pub fn figures(&self, unit: &str) -> AssessmentFigures {
        let findings: Vec<&Finding> = self.systems.iter().flat_map(|s| &s.findings).collect();
        AssessmentFigures {
            unit: unit.to_owned(),
            systems: self.systems.len() as u32,
            meeting: self.systems.iter().filter(|s| s.meets()).count() as u32,
            passed: self.systems.iter().map(|s| s.management.passed + s.technical.passed).sum(),
            total: self.systems.iter().map(|s| s.management.total + s.technical.total).sum(),
            findings: findings.len() as u32,
            unfixed: findings.iter().filter(|f| f.status != Status::Fixed).count() as u32,
        }
    }
}

/// The periodic assessment report (kiểm tra, đánh giá ATTT, cấp độ 3 trở lên).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The year, or a half of it.
    pub period: HalfYear,
    /// Who assessed.
    pub assessor: Assessor,
    /// The systems assessed (levels 3–5).
    pub systems: Vec<AssessedSystem>,
    /// Kiến nghị: one paragraph each.
    pub recommendations: Vec<String>,
}

/// `năm 2020`, or `6 tháng đầu (cuối) năm 2020`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HalfYear {
    /// Năm.
    pub year: i32,
    /// 1 or 2 for a six-month report, `None` for a yearly one.
    pub half: Option<u8>,
}

impl HalfYear {
    /// Before 14 December for a yearly report and for the second half, before 14 June for the
    /// first half (Chỉ thị 14/CT-TTg).
    pub fn due_date(&self) -> NaiveDate {
        let month = if self.half == Some(1) { 6 } else { 12 };
        NaiveDate::from_ymd_opt(self.year, month, 14).expect("a real date")
    }

    /// `năm 2020`, `6 tháng đầu năm 2020`, `6 tháng cuối năm 2020`.
    pub fn label(&self) -> String {
        match self.half {
            Some(1) => format!("6 tháng đầu năm {}", self.year),
            Some(_) => format!("6 tháng cuối năm {}", self.year),
            None => format!("năm {}", self.year),
        }
    }

    /// `2020`, `2020-h2`: the period part of a file name.
    pub fn slug(&self) -> String {
        match self.half {
            Some(h) => format!("{:04}-h{h}", self.year),
            None => format!("{:04}", self.year),
        }
    }
}

/// The assessing organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessor {
    /// Its name.
    pub name: String,
    /// The Lớp 2 monitoring provider, to show independence.
    pub monitoring_provider: Option<String>,
}

/// One assessed system.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessedSystem {
    /// Its name, unique in the document.
    pub name: String,
    /// Cấp độ 3–5.
    pub level: u8,
    /// The decision approving the level.
    pub level_decision: Option<String>,
    /// Start of the assessment window.
    pub from: NaiveDate,
    /// End of the assessment window (≥ `from`).
    pub to: NaiveDate,
    /// Phạm vi.
    pub scope: Option<String>,
    /// Phương pháp, công cụ.
    pub method: Option<String>,
    /// Management requirements (of the standard in force: `law::Role::Standard`) checked and met.
    pub management: Check,
    /// Technical requirements checked and met.
    pub technical: Check,
    /// Phát hiện, in input order.
    pub findings: Vec<Finding>,
    /// Kết luận as written; `None`: derived ([`AssessedSystem::derived_conclusion`]).
    pub conclusion: Option<String>,
}

/// The group of a system's conclusion (input.md, `systems[].conclusion`), the most favourable
/// first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Conclusion {
    /// Đáp ứng yêu cầu theo cấp độ.
    Meets,
    /// Cơ bản đáp ứng.
    MostlyMeets,
    /// Chưa đáp ứng.
    DoesNotMeet,
}

impl Conclusion {
    /// The three, the most favourable first.
    pub const ALL: [Conclusion; 3] = [Conclusion::Meets, Conclusion::MostlyMeets, Conclusion::DoesNotMeet];

    /// `đáp ứng`, `cơ bản đáp ứng`, `chưa đáp ứng`.
    pub fn label(self) -> &'static str {
        match self {
            Conclusion::Meets => "đáp ứng",
            Conclusion::MostlyMeets => "cơ bản đáp ứng",
            Conclusion::DoesNotMeet => "chưa đáp ứng",
        }
    }

    /// The group a written conclusion names: the first of `chưa đáp ứng`, `cơ bản đáp ứng`,
    /// `đáp ứng` found in it (any case); `None` when it names none.
    pub fn of_text(text: &str) -> Option<Conclusion> {
        let folded = crate::vn::fold_key(text);
        [Conclusion::DoesNotMeet, Conclusion::MostlyMeets, Conclusion::Meets]
            .into_iter()
            .find(|c| folded.contains(c.label()))
    }
}

/// Requirements checked and met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// Checked.
    pub total: u32,
    /// Met (≤ total).
    pub passed: u32,
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Its identifier, e.g. `F-01`.
    pub id: Option<String>,
    /// What was found.
    pub title: String,
    /// Which asset.
    pub asset: Option<String>,
    /// Mức độ.
    pub severity: Severity,
    /// Tình trạng.
    pub status: Status,
    /// Khuyến nghị.
    pub recommendation: Option<String>,
}

/// Mức độ, most serious first (the order findings are listed in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Nghiêm trọng.
    Critical,
    /// Cao.
    High,
    /// Trung bình.
    Medium,
    /// Thấp.
    Low,
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 4] = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low];
    /// The Vietnamese label.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Critical => "Nghiêm trọng",
            Severity::High => "Cao",
            Severity::Medium => "Trung bình",
            Severity::Low => "Thấp",
        }
    }
}

/// Tình trạng khắc phục.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Chưa khắc phục.
    Open,
    /// Đang khắc phục.
    InProgress,
    /// Đã khắc phục.
    Fixed,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 3] = [Status::Open, Status::InProgress, Status::Fixed];
    /// The Vietnamese label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Chưa khắc phục",
            Status::InProgress => "Đang khắc phục",
            Status::Fixed => "Đã khắc phục",
        }
    }
}

impl AssessedSystem {
    /// The group the figures give (input.md): `đáp ứng` when every check passed and no finding
    /// is open (open or in progress); `cơ bản đáp ứng` when no critical or high finding is open;
    /// else `chưa đáp ứng`.
    pub fn derived_conclusion(&self) -> Conclusion {
        let open = |f: &&Finding| f.status != Status::Fixed;
        // (a kind of requirement not checked at all is no pass: issue 26)
        let all_passed = self.management.passed == self.management.total
            && self.technical.passed == self.technical.total
            && self.management.total > 0
            && self.technical.total > 0;
        // a kind of requirement not checked at all: the system is not shown to meet its level
        let unchecked = self.management.total == 0 || self.technical.total == 0;
        if all_passed && !self.findings.iter().any(|f| open(&f)) {
            Conclusion::Meets
        } else if !unchecked && !self.findings.iter().filter(open).any(|f| f.severity <= Severity::High) {
            Conclusion::MostlyMeets
        } else {
            Conclusion::DoesNotMeet
        }
    }

    /// The group the written conclusion names, if any.
    pub fn stated_conclusion(&self) -> Option<Conclusion> {
        self.conclusion.as_deref().and_then(Conclusion::of_text)
    }

    /// The system's group: the one its written conclusion names (the assessor's judgement wins),
    /// else the one its figures give.
    pub fn conclusion_group(&self) -> Conclusion {
        self.stated_conclusion().unwrap_or_else(|| self.derived_conclusion())
    }

    /// Whether it is in the group `đáp ứng`.
    pub fn meets(&self) -> bool {
        self.conclusion_group() == Conclusion::Meets
    }

    /// The findings ordered by severity, then id (those without an id last), then input order.
    pub fn ordered_findings(&self) -> Vec<&Finding> {
        let mut v: Vec<&Finding> = self.findings.iter().collect();
        v.sort_by(|a, b| {
            a.severity.cmp(&b.severity).then_with(|| match (&a.id, &b.id) {
                (Some(x), Some(y)) => natural(x).cmp(&natural(y)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
        });
        v
    }
}

/// Sort key that orders the digits in an id by value (`F-2` before `F-10`).
fn natural(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut num: Option<u64> = None;
    for c in s.chars() {
        match (c.to_digit(10), num) {
            (Some(d), Some(n)) => num = Some(n.saturating_mul(10).saturating_add(u64::from(d))),
            (Some(d), None) => num = Some(u64::from(d)),
            (None, Some(n)) => {
                out.push((std::mem::take(&mut text), n));
                num = None;
                text.push(c);
            }
            (None, None) => text.push(c),
        }
    }
    out.push((text, num.unwrap_or(0)));
    out
}

impl Assessment {
    /// The due date (Chỉ thị 14/CT-TTg): before 14 December for a yearly report and for the
    /// second half, before 14 June for the first half.
    pub fn due_date(&self) -> NaiveDate {
        self.period.due_date()
    }

    /// The assessor is independent of the monitoring provider (names compared after NFC, case
    /// folding and whitespace folding); true when no provider is named.
    pub fn independent(&self) -> bool {
        self.assessor.monitoring_provider.as_ref().is_none_or(|p| vn::fold_key(p) != vn::fold_key(&self.assessor.name))
    }
}

/// The monthly 4-layer report.
#[derive(Debug, Clone, PartialEq)]
pub struct Monthly {
    /// The month reported.
    pub period: MonthPeriod,
    /// The four layers, as the agency organises them.
    pub layers: Layers,
    /// Hệ thống thông tin in scope.
    pub systems: Vec<System>,
    /// Incidents in the month.
    pub incidents: Option<Incidents>,
    /// Khó khăn, vướng mắc: one paragraph each.
    pub difficulties: Vec<String>,
    /// Đề xuất, kiến nghị: one paragraph each.
    pub proposals: Vec<String>,
}

/// A month of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthPeriod {
    /// Năm.
    pub year: i32,
    /// Tháng, 1–12.
    pub month: u32,
    /// The data period's first day, when not the 15th of the previous month.
    pub data_from: Option<NaiveDate>,
    /// The data period's last day, when not the 14th of the month.
    pub data_to: Option<NaiveDate>,
}

impl MonthPeriod {
    /// The days the figures cover (Decree 09/2019/NĐ-CP Art. 12): from the 15th of the previous
    /// month to the 14th of the month, unless the input says otherwise.
    pub fn data_period(&self) -> (NaiveDate, NaiveDate) {
        let (py, pm) = if self.month == 1 { (self.year - 1, 12) } else { (self.year, self.month - 1) };
        let from = NaiveDate::from_ymd_opt(py, pm, 15).expect("a real date");
        let to = NaiveDate::from_ymd_opt(self.year, self.month, 14).expect("a real date");
        (self.data_from.unwrap_or(from), self.data_to.unwrap_or(to))
    }
}

/// The four layers.
#[derive(Debug, Clone, PartialEq)]
pub struct Layers {
    /// Lớp 1: lực lượng tại chỗ.
    pub in_house: InHouse,
    /// Lớp 2: giám sát, bảo vệ chuyên nghiệp.
    pub monitoring: Service,
    /// Lớp 3: kiểm tra, đánh giá độc lập.
    pub assessment: Service,
    /// Lớp 4: kết nối hệ thống giám sát quốc gia.
    pub national_connection: NationalConnection,
}

/// Lớp 1: the in-house security unit.
#[derive(Debug, Clone, PartialEq)]
pub struct InHouse {
    /// Đơn vị chuyên trách ATTT.
    pub unit: String,
    /// The decision that designates it.
    pub decision: Option<String>,
    /// Cán bộ đầu mối.
    pub focal_point: Contact,
    /// Staff counts.
    pub staff: Option<Staff>,
}

/// A person to contact.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    /// Họ và tên.
    pub name: String,
    /// Chức vụ.
    pub position: Option<String>,
    /// Điện thoại.
    pub phone: String,
    /// Thư điện tử.
    pub email: String,
}

/// Cán bộ chuyên trách / kiêm nhiệm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staff {
    /// Chuyên trách.
    pub dedicated: u32,
    /// Kiêm nhiệm.
    pub part_time: u32,
}

/// How a layer is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Tự thực hiện.
    SelfRun,
    /// Thuê dịch vụ.
    Outsourced,
    /// Chưa triển khai.
    None,
}

impl Mode {
    /// The input's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::SelfRun => "self",
            Mode::Outsourced => "outsourced",
            Mode::None => "none",
        }
    }
}

/// Lớp 2 or Lớp 3: done by the agency itself or by a provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// How.
    pub mode: Mode,
    /// The provider (SOC for Lớp 2, assessor for Lớp 3); present when outsourced.
    pub provider: Option<String>,
    /// The contract.
    pub contract: Option<String>,
}

/// Lớp 4.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalConnection {
    /// Connected to the national monitoring centre (NCSC).
    pub connected: bool,
    /// Since when.
    pub since: Option<NaiveDate>,
}

/// One information system (hệ thống thông tin).
#[derive(Debug, Clone, PartialEq)]
pub struct System {
    /// Its name, unique in the document.
    pub name: String,
    /// Cấp độ 1–5 (the decree on levels in force on the document's date: `law::Role::Levels`).
    pub level: u8,
    /// The decision approving the level; `None`: not yet approved.
    pub level_decision: Option<String>,
    /// Public addresses supplied to NCSC, in canonical form.
    pub public_ips: Vec<String>,
    /// Under Lớp 2 monitoring.
    pub monitored: bool,
    /// Last independent assessment.
    pub last_assessed: Option<NaiveDate>,
    /// Its monitoring data reaches NCSC.
    pub connected: bool,
}

/// Incidents in the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incidents {
    /// Phát hiện.
    pub detected: u32,
    /// Đã xử lý.
    pub handled: u32,
}

/// Whether one layer is in place for one system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerState {
    /// In place (`x` in the table).
    InPlace,
    /// Required and not in place (blank).
    Missing,
    /// Not required for this system (`-`): Lớp 3 below level 3.
    NotRequired,
}

impl LayerState {
    fn of(ok: bool) -> LayerState {
        if ok {
            LayerState::InPlace
        } else {
            LayerState::Missing
        }
    }
}

/// The four layers of one system, derived by the rules of input.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemStatus {
    /// Lớp 1.
    pub in_house: LayerState,
    /// Lớp 2.
    pub monitoring: LayerState,
    /// Lớp 3.
    pub assessment: LayerState,
    /// Lớp 4.
    pub national: LayerState,
}

impl SystemStatus {
    /// The four states in order.
    pub fn layers(&self) -> [LayerState; 4] {
        [self.in_house, self.monitoring, self.assessment, self.national]
    }
    /// "đủ 4 lớp": every required layer in place.
    pub fn complete(&self) -> bool {
        self.layers().iter().all(|s| *s != LayerState::Missing)
    }
}

impl Monthly {
    /// The date the time rules use: the report's date, or the 25th of the reported month for an
    /// undated draft (input.md, `date`).
    pub fn reference_date(&self, date: Option<NaiveDate>) -> NaiveDate {
        date.unwrap_or_else(|| self.deadline())
    }

    /// The 25th of the reported month: CV 1552 asks for the report "trước ngày 25 hàng tháng".
    pub fn deadline(&self) -> NaiveDate {
        Period::Month(self.period).due_date()
    }

    /// Lớp 1 is in place for the whole issuer: the unit is formally designated and has at least
    /// one dedicated staff member.
    pub fn in_house_in_place(&self) -> bool {
        let l = &self.layers.in_house;
        l.decision.is_some() && l.staff.is_some_and(|s| s.dedicated >= 1)
    }

    /// Lớp 3 is independent of Lớp 2: outsourced to an assessor other than the monitoring
    /// provider, or done in-house while monitoring is outsourced.
    pub fn assessment_independent(&self) -> bool {
        let (m, a) = (&self.layers.monitoring, &self.layers.assessment);
        match a.mode {
            Mode::Outsourced => match (&a.provider, &m.provider, m.mode) {
                (Some(assessor), Some(provider), Mode::Outsourced) => vn::fold_key(assessor) != vn::fold_key(provider),
                (Some(_), _, _) => true,
                (None, _, _) => false,
            },
            Mode::SelfRun => m.mode == Mode::Outsourced,
            Mode::None => false,
        }
    }

    /// Whether `system` was assessed recently enough on `reference`: within 12 months, 6 for
    /// level 5 (Chỉ thị 14/CT-TTg).
    pub fn assessed_in_time(system: &System, reference: NaiveDate) -> bool {
        let months = if system.level >= 5 { 6 } else { 12 };
        let earliest = reference.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN);
        system.last_assessed.is_some_and(|d| d >= earliest)
    }

    /// The four layers of `system`, on `reference` (see [`Monthly::reference_date`]).
    pub fn status(&self, system: &System, reference: NaiveDate) -> SystemStatus {
        let assessment = if system.level < 3 {
            LayerState::NotRequired
        } else {
            LayerState::of(Self::assessed_in_time(system, reference) && self.assessment_independent())
        };
        SystemStatus {
            in_house: LayerState::of(self.in_house_in_place()),
            monitoring: LayerState::of(system.monitored && self.layers.monitoring.mode != Mode::None),
            assessment,
            national: LayerState::of(
                self.layers.national_connection.connected && system.connected && !system.public_ips.is_empty(),
            ),
        }
    }

    /// The next assessment report due dates after `reference`: 14 December for levels 3–4, also
    /// 14 June when a level 5 system is in scope (Chỉ thị 14/CT-TTg).
    pub fn next_due(&self, reference: NaiveDate) -> Option<NaiveDate> {
        let has_level5 = self.systems.iter().any(|s| s.level >= 5);
        let has_level3 = self.systems.iter().any(|s| s.level >= 3);
        if !has_level3 {
            return None;
        }
        let year = reference.year();
        let mut candidates = vec![NaiveDate::from_ymd_opt(year, 12, 14), NaiveDate::from_ymd_opt(year + 1, 12, 14)];
        if has_level5 {
            candidates.push(NaiveDate::from_ymd_opt(year, 6, 14));
            candidates.push(NaiveDate::from_ymd_opt(year + 1, 6, 14));
        }
        candidates.into_iter().flatten().filter(|d| *d >= reference).min()
    }
}

#[cfg(test)]
mod tests {
    use super::Issuer;

    fn issuer(name: &str, parent: Option<&str>) -> Issuer {
        Issuer {
            name: name.to_owned(),
            parent: parent.map(str::to_owned),
            header_name: name.to_owned(),
            header_parent: parent.map(str::to_owned),
            code: "X".to_owned(),
            full_name: None,
            place: "Bắc Ninh".to_owned(),
            email: None,
        }
    }

    #[test]
    fn a_department_is_named_with_its_parents_locality_in_running_text() {
        let ubnd = Some("Ủy ban nhân dân tỉnh Bắc Ninh");
        let name = |n: &str, p: Option<&str>| issuer(n, p).running_name();
        assert_eq!(name("Sở Thông tin và Truyền thông", ubnd), "Sở Thông tin và Truyền thông tỉnh Bắc Ninh");
        assert_eq!(name("Thanh tra tỉnh", ubnd), "Thanh tra tỉnh Bắc Ninh");
        assert_eq!(
            name("Sở Lao động - Thương binh và Xã hội", ubnd),
            "Sở Lao động - Thương binh và Xã hội tỉnh Bắc Ninh"
        );
        // a name with a place of its own, or with the locality already, or under a ministry
        assert_eq!(name("Ủy ban nhân dân huyện Yên Phong", ubnd), "Ủy ban nhân dân huyện Yên Phong");
        assert_eq!(name("Văn phòng UBND tỉnh Bắc Ninh", ubnd), "Văn phòng UBND tỉnh Bắc Ninh");
        // the place's name without its keyword, as whole words (a review of issue 26)
        let dak_lak = Some("Ủy ban nhân dân tỉnh Đắk Lắk");
        assert_eq!(name("Đài Phát thanh và Truyền hình Đắk Lắk", dak_lak), "Đài Phát thanh và Truyền hình Đắk Lắk");
        assert_eq!(name("Sở Y tế", Some("Ủy ban nhân dân tỉnh Hà Nam")), "Sở Y tế tỉnh Hà Nam");
        // the old tone placement is the same place; a special zone (2025) is a place
        let khanh_hoa = Some("Ủy ban nhân dân tỉnh Khánh Hòa");
        assert_eq!(
            name("Trung tâm Công nghệ thông tin Khánh Hoà", khanh_hoa),
            "Trung tâm Công nghệ thông tin Khánh Hoà"
        );
        assert_eq!(name("Phòng Kinh tế", Some("Ủy ban nhân dân đặc khu Vân Đồn")), "Phòng Kinh tế đặc khu Vân Đồn");
        // issue 26: every ministry has a Cục, a Vụ, a Văn phòng: named with its ministry
        assert_eq!(
            name("Cục Tin học và Thống kê tài chính", Some("Bộ Tài chính")),
            "Cục Tin học và Thống kê tài chính, Bộ Tài chính"
        );
        assert_eq!(name("Văn phòng Bộ", Some("Bộ Y tế")), "Văn phòng Bộ Y tế");
        assert_eq!(name("Thanh tra Bộ", Some("Bộ Y tế")), "Thanh tra Bộ Y tế");
        assert_eq!(name("Cục Công nghệ thông tin Bộ Y tế", Some("Bộ Y tế")), "Cục Công nghệ thông tin Bộ Y tế");
        // a unit of its own kind is named alone (a ministry's own agency)
        assert_eq!(name("Kho bạc Nhà nước", Some("Bộ Tài chính")), "Kho bạc Nhà nước");
        // every bank has a Trung tâm Công nghệ thông tin (a review of issue 26: named alone)
        assert_eq!(
            name("Trung tâm Công nghệ thông tin", Some("Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam")),
            "Trung tâm Công nghệ thông tin, Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"
        );
        assert_eq!(
            name("Viện Chiến lược", Some("Bộ Khoa học và Công nghệ")),
            "Viện Chiến lược, Bộ Khoa học và Công nghệ"
        );
        assert_eq!(name("Sở Y tế", None), "Sở Y tế");
        let mut given = issuer("Sở Y tế", ubnd);
        given.full_name = Some("Sở Y tế tỉnh Bắc Ninh (cơ quan thường trực)".to_owned());
        assert_eq!(given.running_name(), "Sở Y tế tỉnh Bắc Ninh (cơ quan thường trực)");
    }
}

/// The yearly report on the cybersecurity of information systems (Decree 331/2026/NĐ-CP Art.
/// 35–36, Mẫu số 08): a công văn from an operating or specialised unit to its system owner, or
/// from the owner to Bộ Công an.
#[derive(Debug, Clone, PartialEq)]
pub struct Annual {
    /// The year and who reports.
    pub period: AnnualPeriod,
    /// The drafting unit's abbreviation after the issuer's in the symbol (`SKHCN-CNTT`).
    pub drafting_unit: Option<String>,
    /// Section 2: each system owner in scope with its specialised cybersecurity unit.
    pub owners: Vec<OwnerInfo>,
    /// Section 3: the systems in scope.
    pub systems: Vec<AnnualSystem>,
    /// Section 1 (7): when every system's level is expected to be approved; required while one is
    /// not.
    pub completion_expected: Option<NaiveDate>,
    /// Phụ lục 1 (Art. 36.3): systems with grounds for the national-security list.
    pub national_security: Vec<NationalSecurity>,
    /// Phụ lục 2 (Art. 36.7): compliance with each system's regulation.
    pub compliance: Vec<Compliance>,
    /// Phụ lục 3 (Art. 36.9–10): the approved plan judged requirement group by group.
    pub requirements: Vec<Requirement>,
}

/// Who sends the annual report (Decree 331 Art. 35.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnnualRole {
    /// An operating unit or the specialised unit, to its system owner, before 20 December.
    Unit,
    /// The system owner, to Bộ Công an, before 25 December.
    Owner,
}

impl AnnualRole {
    /// Its value in the input.
    pub const fn name(self) -> &'static str {
        match self {
            AnnualRole::Unit => "unit",
            AnnualRole::Owner => "owner",
        }
    }

    /// The day of December the report is due before (Art. 35.4).
    pub const fn due_day(self) -> u32 {
        match self {
            AnnualRole::Unit => 20,
            AnnualRole::Owner => 25,
        }
    }
}

/// The year of an annual report and who sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnnualPeriod {
    /// Năm báo cáo.
    pub year: i32,
    /// Who reports.
    pub role: AnnualRole,
}

impl AnnualPeriod {
    /// The data period (Art. 35.3): 15 December of the year before to 14 December.
    pub fn data_period(&self) -> (NaiveDate, NaiveDate) {
        (
            NaiveDate::from_ymd_opt(self.year - 1, 12, 15).expect("a real date"),
            NaiveDate::from_ymd_opt(self.year, 12, 14).expect("a real date"),
        )
    }

    /// The day it is due (sent before it): 20 or 25 December.
    pub fn due_date(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 12, self.role.due_day()).expect("a real date")
    }
}

/// An organisation of section 2: a system owner or its specialised cybersecurity unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// (1) Its name.
    pub name: String,
    /// (2) The document setting its functions, duties and powers, if any.
    pub charter: Option<String>,
    /// (3) Its head's full name.
    pub head: String,
    /// (3) Its head's title.
    pub head_title: String,
    /// (4) Its address.
    pub address: String,
    /// (5) Its telephone.
    pub phone: String,
    /// (5) Its e-mail.
    pub email: String,
}

/// A system owner and its specialised unit (section 2 a and b).
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerInfo {
    /// a) Chủ quản hệ thống thông tin.
    pub owner: Party,
    /// b) Đơn vị chuyên trách về an ninh mạng.
    pub security_unit: Party,
}

/// The type of an information system by its function (Decree 331 Art. 9.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemType {
    /// a) phục vụ hoạt động nội bộ.
    Internal,
    /// b) phục vụ người dân, doanh nghiệp.
    PublicService,
    /// c) cơ sở hạ tầng thông tin.
    Infrastructure,
    /// d) điều khiển công nghiệp.
    IndustrialControl,
    /// đ) khác.
    Other,
}

impl SystemType {
    /// Every type, in the decree's order, with its input value and its words.
    pub const ALL: [(SystemType, &'static str, &'static str); 5] = [
        (SystemType::Internal, "internal", "Hệ thống thông tin phục vụ hoạt động nội bộ"),
        (SystemType::PublicService, "public_service", "Hệ thống thông tin phục vụ người dân, doanh nghiệp"),
        (SystemType::Infrastructure, "infrastructure", "Hệ thống cơ sở hạ tầng thông tin"),
        (SystemType::IndustrialControl, "industrial_control", "Hệ thống thông tin điều khiển công nghiệp"),
        (SystemType::Other, "other", "Hệ thống thông tin khác"),
    ];
}

/// Column (6): where the level's dossier stands, in the decree's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Approval {
    /// "Đang dự thảo": not yet a dossier.
    Drafting,
    /// "Đã gửi thẩm định".
    Submitted,
    /// "Đã thẩm định".
    Appraised,
    /// "Đã được phê duyệt".
    Approved,
}

impl Approval {
    /// Every state with its input value and the form's exact words.
    pub const ALL: [(Approval, &'static str, &'static str); 4] = [
        (Approval::Drafting, "drafting", "Đang dự thảo"),
        (Approval::Submitted, "submitted", "Đã gửi thẩm định"),
        (Approval::Appraised, "appraised", "Đã thẩm định"),
        (Approval::Approved, "approved", "Đã được phê duyệt"),
    ];

    /// The form's words.
    pub fn label(self) -> &'static str {
        Approval::ALL.iter().find(|(a, _, _)| *a == self).map_or("", |(_, _, l)| l)
    }
}

/// Column (10): how far the approved protection plan is deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deployment {
    /// "Chưa triển khai".
    None,
    /// "Đã triển khai một số hạng mục".
    Partial,
    /// "Đã triển khai đầy đủ".
    Full,
}

impl Deployment {
    /// Every state with its input value and the form's exact words.
    pub const ALL: [(Deployment, &'static str, &'static str); 3] = [
        (Deployment::None, "none", "Chưa triển khai"),
        (Deployment::Partial, "partial", "Đã triển khai một số hạng mục"),
        (Deployment::Full, "full", "Đã triển khai đầy đủ"),
    ];

    /// The form's words.
    pub fn label(self) -> &'static str {
        Deployment::ALL.iter().find(|(a, _, _)| *a == self).map_or("", |(_, _, l)| l)
    }
}

/// Column (12): the cybersecurity inspections and assessments done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Inspected {
    /// "Trước khi đưa vào sử dụng".
    pub before_use: bool,
    /// "Định kỳ".
    pub periodic: bool,
}

/// The words of column (12) for each inspection, in the form's order, with their input values.
pub const INSPECTIONS: [(&str, &str); 2] = [("before_use", "Trước khi đưa vào sử dụng"), ("periodic", "Định kỳ")];

impl Inspected {
    /// The form's words: one, both (joined by `; `, the second in lower case), or empty when none
    /// was done.
    pub fn label(self) -> String {
        let mut parts = Vec::new();
        if self.before_use {
            parts.push(INSPECTIONS[0].1);
        }
        if self.periodic {
            parts.push(INSPECTIONS[1].1);
        }
        crate::vn::clauses(&parts)
    }
}

/// A row of section 3.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualSystem {
    /// (2) Tên hệ thống thông tin, unique in the document.
    pub name: String,
    /// (3) Chủ quản.
    pub owner: String,
    /// (4) Đơn vị vận hành.
    pub operator: String,
    /// Its type (Art. 9.2), when classified: section 1 (2).
    pub system_type: Option<SystemType>,
    /// (5) Cấp độ đề xuất, 1–5.
    pub level: u8,
    /// (6) Where its level dossier stands; `None`: no dossier at all.
    pub approval: Option<Approval>,
    /// (7) The approving decision: number, date, approving body.
    pub decision: Option<String>,
    /// (8) The system's cybersecurity regulation: number, date, issuing body.
    pub regulation: Option<String>,
    /// (9) When its level is expected to be approved (not approved yet).
    pub expected_approval: Option<NaiveDate>,
    /// (10) How far its protection plan is deployed.
    pub deployment: Deployment,
    /// (11) When it is expected to be fully deployed (not fully deployed yet).
    pub expected_deployment: Option<NaiveDate>,
    /// (12) The inspections done.
    pub inspected: Inspected,
}

impl AnnualSystem {
    /// Its level approved.
    pub fn approved(&self) -> bool {
        self.approval == Some(Approval::Approved)
    }
}

/// A row of Phụ lục 1.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalSecurity {
    /// The system (a name of section 3).
    pub system: String,
    /// The criterion of Art. 16 it meets.
    pub criterion: String,
    /// Where its dossier for the list stands.
    pub dossier: String,
}

/// A row of Phụ lục 2.
#[derive(Debug, Clone, PartialEq)]
pub struct Compliance {
    /// The system (a name of section 3).
    pub system: String,
    /// When its compliance was reviewed.
    pub review: String,
    /// What was checked: the rules and procedures of its regulation.
    pub checked: String,
    /// Breaches found.
    pub found: u32,
    /// Breaches remedied (≤ found).
    pub remedied: u32,
}

/// A row of Phụ lục 3.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// The system (a name of section 3).
    pub system: String,
    /// The requirement group, as the approved plan names it.
    pub group: String,
    /// Met in full.
    pub met: bool,
    /// For what is not met: the roadmap's date.
    pub roadmap: Option<NaiveDate>,
    /// Who is responsible.
    pub responsible: Option<String>,
}

impl Annual {
    /// Section 1's figures, each derived from the systems (annual.md): in scope, classified,
    /// with a dossier, appraised, approved, approved and inspected periodically.
    pub fn figures(&self) -> [usize; 6] {
        let count = |f: &dyn Fn(&AnnualSystem) -> bool| self.systems.iter().filter(|s| f(s)).count();
        [
            self.systems.len(),
            count(&|s| s.system_type.is_some()),
            count(&|s| s.approval.is_some_and(|a| a >= Approval::Submitted)),
            count(&|s| s.approval.is_some_and(|a| a >= Approval::Appraised)),
            count(&|s| s.approved()),
            count(&|s| s.approved() && s.inspected.periodic),
        ]
    }
}
