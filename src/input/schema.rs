//! The input contract as a JSON Schema (draft 2020-12), for editors: `baocao schema`.
//!
//! The schema names the same keys as the reader (a test compares them), so an editor that
//! validates with it refuses what baocao refuses, and completes what baocao accepts. Rules across
//! fields (duplicates, dates, independence) are baocao's alone.

use serde_json::{json, Map, Value};

use super::document::*;
use super::{MAX_ITEMS, MAX_STRING_CHARS, MAX_SYSTEMS};
use crate::model::Kind;

fn line(description: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": MAX_STRING_CHARS, "description": description })
}

fn date(description: &str) -> Value {
    json!({ "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": description })
}

fn int(min: i64, max: i64, description: &str) -> Value {
    json!({ "type": "integer", "minimum": min, "maximum": max, "description": description })
}

fn boolean(description: &str) -> Value {
    // or the form's words (issue 28)
    json!({ "anyOf": [{ "type": "boolean" }, { "enum": ["có", "không", "Có", "Không"] }], "description": description })
}

fn strings(item: Value, description: &str) -> Value {
    json!({ "type": "array", "items": item, "maxItems": MAX_ITEMS, "description": description })
}

/// An object with exactly `keys` (in this order) plus comment keys; `props` gives each key's schema.
fn object(keys: &[&str], required: &[&str], props: Vec<(&str, Value)>, description: &str) -> Value {
    let mut properties = Map::new();
    for key in keys {
        let schema = props
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("schema lacks {key}"));
        properties.insert((*key).to_owned(), schema);
    }
    json!({
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "patternProperties": { "^[_$]": {} },
        "additionalProperties": false
    })
}

fn mode(description: &str) -> Value {
    choice(MODES, description)
}

/// One of `choices`: its code, or the words the Excel form shows for it (issue 28).
fn choice(choices: &[(&str, &str)], description: &str) -> Value {
    let values: Vec<&str> =
        choices.iter().map(|(code, _)| *code).chain(choices.iter().map(|(_, words)| *words)).collect();
    json!({ "enum": values, "description": description })
}

/// An annual report's object (annual.md, Mẫu số 08).
fn annual_schema() -> Value {
    let party = |what: &str| {
        object(
            PARTY_KEYS,
            &["name", "head", "head_title", "address", "phone", "email"],
            vec![
                ("name", line("(1) Tên")),
                ("charter", line("(2) Văn bản quy định chức năng, nhiệm vụ và quyền hạn, if any")),
                ("head", line("(3) Họ và tên người đứng đầu")),
                ("head_title", line("(3) Chức vụ người đứng đầu")),
                ("address", line("(4) Địa chỉ liên lạc")),
                ("phone", line("(5) Điện thoại")),
                ("email", email()),
            ],
            what,
        )
    };
    let owner = object(
        OWNER_KEYS,
        &["owner", "security_unit"],
        vec![
            ("owner", party("a) Chủ quản hệ thống thông tin")),
            ("security_unit", party("b) Đơn vị chuyên trách về an ninh mạng")),
        ],
        "A system owner and its specialised cybersecurity unit (section 2)",
    );
    let system = object(
        ANNUAL_SYSTEM_KEYS,
        &["name", "owner", "operator", "level", "deployment"],
        vec![
            ("name", line("(2) Tên hệ thống thông tin, unique")),
            ("owner", line("(3) Chủ quản")),
            ("operator", line("(4) Đơn vị vận hành")),
            ("type", choice(SYSTEM_TYPES, "Loại hình (Decree 331/2026/NĐ-CP Art. 9.2); absent: not classified")),
            ("level", int(1, 5, "(5) Cấp độ đề xuất")),
            (
                "approval",
                choice(
                    APPROVALS,
                    "(6) Đang dự thảo / Đã gửi thẩm định / Đã thẩm định / Đã được phê duyệt; absent: no dossier",
                ),
            ),
            ("decision", line("(7) Số, ngày, cơ quan phê duyệt cấp độ: required when approved")),
            ("regulation", line("(8) Số, ngày, cơ quan ban hành quy chế bảo đảm an ninh mạng")),
            ("expected_approval", date("(9) Dự kiến thời điểm phê duyệt: required when not approved")),
            (
                "deployment",
                choice(DEPLOYMENTS, "(10) Chưa triển khai / Đã triển khai một số hạng mục / Đã triển khai đầy đủ"),
            ),
            ("expected_deployment", date("(11) Dự kiến thời điểm triển khai đầy đủ: required when not fully deployed")),
            (
                "inspected",
                json!({ "type": "array", "items": choice(&crate::model::INSPECTIONS, "before_use (Trước khi đưa vào sử dụng) or periodic (Định kỳ)"), "uniqueItems": true, "maxItems": 2, "description": "(12) Trước khi đưa vào sử dụng / Định kỳ; empty: none done" }),
            ),
        ],
        "A system in scope (section 3)",
    );
    let rows = |item: Value, description: &str| json!({ "type": "array", "items": item, "maxItems": MAX_SYSTEMS, "description": description });
    let mut props = common_props();
    props.extend(vec![
        ("kind", json!({ "const": Kind::Annual.name(), "description": "Which report" })),
        ("role", choice(ROLES, "unit: to the system owner, before 20 December; owner: to Bộ Công an, before 25 December")),
        ("drafting_unit", json!({ "type": "string", "pattern": "^[\\p{L}\\p{N}&-]+$", "description": "The drafting unit's abbreviation after the issuer's in the symbol (\"KGVX\")" })),
        (
            "period",
            object(ANNUAL_PERIOD_KEYS, &["year"], vec![("year", int(2000, 2100, "Năm báo cáo"))], "The year: data from 15 December of the year before to 14 December"),
        ),
        ("owners", json!({ "type": "array", "items": owner, "minItems": 1, "maxItems": MAX_ITEMS, "description": "Section 2" })),
        ("systems", rows(system, "Section 3")),
        ("completion_expected", date("Section 1 (7): when every level is expected to be approved; required while one is not")),
        (
            "national_security",
            rows(
                object(NATIONAL_SECURITY_KEYS, &["system", "criterion", "dossier"], vec![("system", line("A system of section 3")), ("criterion", line("Tiêu chí (Art. 16)")), ("dossier", line("Tình trạng hồ sơ"))], "Phụ lục I"),
                "Systems with grounds for the national-security list (Art. 36.3)",
            ),
        ),
        (
            "compliance",
            rows(
                object(COMPLIANCE_KEYS, &["system", "review", "checked", "found", "remedied"], vec![("system", line("A system of section 3")), ("review", line("Thời gian rà soát")), ("checked", line("Nội dung kiểm tra")), ("found", int(0, 100_000, "Vi phạm phát hiện")), ("remedied", int(0, 100_000, "Đã khắc phục (≤ found)"))], "Phụ lục II"),
                "Compliance with each system's regulation (Art. 36.7)",
            ),
        ),
        (
            "requirements",
            rows(
                object(REQUIREMENT_KEYS, &["system", "group", "met"], vec![("system", line("A system of section 3")), ("group", line("Nhóm tiêu chí, yêu cầu")), ("met", boolean("Đã đáp ứng đầy đủ")), ("roadmap", date("Lộ trình hoàn thành: required when not met")), ("responsible", line("Đơn vị chịu trách nhiệm"))], "Phụ lục III"),
                "The approved plan judged requirement group by group (Art. 36.9–10)",
            ),
        ),
    ]);
    object(
        ANNUAL_KEYS,
        &["kind", "role", "issuer", "signer", "period", "owners", "systems"],
        props,
        "The annual cybersecurity report (Decree 331/2026/NĐ-CP Art. 35–36, Mẫu số 08), a công văn",
    )
}

/// The JSON Schema of one input document: a monthly, an assessment or an annual report, told
/// apart by `kind`.
pub fn schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://baocao.invalid/schema/input.json",
        "title": "baocao input document",
        "oneOf": [monthly_schema(), assessment_schema(), annual_schema()],
    })
}

/// The fields every document has, by key.
fn common_props() -> Vec<(&'static str, Value)> {
    let email = email();
    let issuer = object(
        ISSUER_KEYS,
        &["name", "code", "place"],
        vec![
            ("name", line("Tên cơ quan ban hành, natural case (\"Sở Thông tin và Truyền thông\"); a line feed chooses where the header block breaks it, and reads as a space elsewhere")),
            ("parent", line("Tên cơ quan chủ quản (\"Ủy ban nhân dân tỉnh Bắc Ninh\"); a line feed chooses where the header block breaks it")),
            (
                "code",
                json!({ "type": "string", "pattern": "^[\\p{L}\\p{N}&-]+$", "description": "Chữ viết tắt in the symbol (\"STTTT\")" }),
            ),
            ("place", line("Địa danh for the date line (\"Bắc Ninh\")")),
            ("email", email.clone()),
            (
                "full_name",
                line("The name in running text when it is not the name with the parent's locality (\"Sở Thông tin và Truyền thông tỉnh Bắc Ninh\")"),
            ),
        ],
        "Cơ quan ban hành",
    );
    let authority_pattern =
        format!("^({})\\s*\\S", AUTHORITY_PREFIXES.iter().map(|p| p.replace('.', "\\.")).collect::<Vec<_>>().join("|"));
    let signer = object(
        SIGNER_KEYS,
        &["name"],
        vec![
            (
                "authority",
                strings(
                    json!({ "type": "string", "pattern": authority_pattern }),
                    "Lines above the title (\"KT. Giám đốc\")",
                ),
            ),
            ("title", line("Chức vụ (\"Phó Giám đốc\"); required unless the last authority line starts with \"Q.\"")),
            ("name", line("Họ và tên")),
        ],
        "Người ký",
    );
    let submit_to = object(
        SUBMIT_TO_KEYS,
        &["name", "email"],
        vec![("name", line("Kính gửi")), ("email", email.clone())],
        "Who receives the report (Kính gửi, and the e-mail's To). Required for a document dated from 2025-03-01 (an undated draft: by its period), when Bộ Công an took over the function; before that day the default is Bộ Thông tin và Truyền thông (Cục An toàn thông tin), athttt@mic.gov.vn. A batch unit is addressed to its consolidating issuer",
    );
    vec![
        ("issuer", issuer),
        ("number", int(1, i64::from(u32::MAX), "Số văn bản; absent: left blank")),
        ("date", date("Ngày ban hành; absent: left blank")),
        ("signer", signer),
        ("recipients", strings(line("Nơi nhận"), "Nơi nhận besides the addressee")),
        ("archive", line("After \"Lưu:\" (default \"VT\")")),
        ("submit_to", submit_to),
    ]
}

/// An e-mail address, by the one rule of [`super::email`].
fn email() -> Value {
    json!({ "type": "string", "pattern": super::email::PATTERN, "maxLength": super::email::MAX_LEN })
}

/// The monthly 4-layer report.
fn monthly_schema() -> Value {
    let email = email();
    let period = object(
        MONTH_PERIOD_KEYS,
        &["year", "month"],
        vec![
            ("year", int(2000, 2100, "Năm")),
            ("month", int(1, 12, "Tháng")),
            ("data_from", date("The data period's first day; default the 15th of the previous month (Decree 09/2019/NĐ-CP Art. 12)")),
            ("data_to", date("The data period's last day; default the 14th of the month")),
        ],
        "The month reported",
    );
    let contact = object(
        CONTACT_KEYS,
        &["name", "phone", "email"],
        vec![
            ("name", line("Họ và tên")),
            ("position", line("Chức vụ")),
            ("phone", line("Điện thoại")),
            ("email", email.clone()),
        ],
        "Cán bộ đầu mối",
    );
    let staff = object(
        STAFF_KEYS,
        &["dedicated"],
        vec![("dedicated", int(0, 100_000, "Chuyên trách")), ("part_time", int(0, 100_000, "Kiêm nhiệm"))],
        "Staff counts",
    );
    let in_house = object(
        IN_HOUSE_KEYS,
        &["unit", "focal_point"],
        vec![
            ("unit", line("Đơn vị chuyên trách ATTT")),
            ("decision", line("Văn bản kiện toàn")),
            ("focal_point", contact),
            ("staff", staff),
        ],
        "Lớp 1 - Lực lượng tại chỗ",
    );
    let monitoring = object(
        MONITORING_KEYS,
        &["mode"],
        vec![
            ("mode", mode("self | outsourced | none")),
            ("provider", line("The SOC provider (required when outsourced)")),
            ("contract", line("Hợp đồng")),
        ],
        "Lớp 2 - Giám sát, bảo vệ chuyên nghiệp",
    );
    let assessment = object(
        ASSESSMENT_LAYER_KEYS,
        &["mode"],
        vec![
            ("mode", mode("self | outsourced | none")),
            ("assessor", line("The assessor (required when outsourced), independent of the Lớp 2 provider")),
            ("contract", line("Hợp đồng")),
        ],
        "Lớp 3 - Kiểm tra, đánh giá độc lập",
    );
    let national = object(
        NATIONAL_KEYS,
        &["connected"],
        vec![("connected", boolean("Connected to NCSC")), ("since", date("Since"))],
        "Lớp 4 - Kết nối hệ thống giám sát quốc gia",
    );
    let layers = object(
        LAYERS_KEYS,
        &["in_house", "monitoring", "assessment", "national_connection"],
        vec![
            ("in_house", in_house),
            ("monitoring", monitoring),
            ("assessment", assessment),
            ("national_connection", national),
        ],
        "The four layers",
    );
    let system = object(
        SYSTEM_KEYS,
        &["name", "level", "monitored", "connected"],
        vec![
            ("name", line("Tên hệ thống thông tin, unique in the document")),
            ("level", int(1, 5, crate::law::LEVELS_NOTE)),
            ("level_decision", line("The decision approving the level")),
            ("public_ips", strings(json!({ "type": "string" }), "Public IPv4/IPv6 addresses or CIDR blocks")),
            ("monitored", boolean("Under Lớp 2 monitoring")),
            ("last_assessed", date("Last independent assessment")),
            ("connected", boolean("Its monitoring data reaches NCSC")),
        ],
        "Hệ thống thông tin",
    );
    let incidents = object(
        INCIDENTS_KEYS,
        &["detected", "handled"],
        vec![
            ("detected", int(0, i64::from(u32::MAX), "Phát hiện")),
            ("handled", int(0, i64::from(u32::MAX), "Đã xử lý")),
        ],
        "Incidents in the month",
    );
    let mut props = common_props();
    props.extend(vec![
        ("kind", json!({ "const": Kind::Monthly.name(), "description": "Which report" })),
        ("period", period),
        ("layers", layers),
        (
            "systems",
            json!({ "type": "array", "items": system, "maxItems": MAX_SYSTEMS, "description": "Hệ thống thông tin" }),
        ),
        ("incidents", incidents),
        ("difficulties", strings(line("One paragraph; a line feed starts a new line"), "Khó khăn, vướng mắc")),
        ("proposals", strings(line("One paragraph; a line feed starts a new line"), "Đề xuất, kiến nghị")),
    ]);
    object(
        MONTHLY_KEYS,
        &["kind", "issuer", "signer", "period", "layers", "systems"],
        props,
        "A monthly 4-layer report (CV 1552/BTTTT-CATTT)",
    )
}

/// The periodic assessment report.
fn assessment_schema() -> Value {
    let check = |d: &str| {
        object(
            CHECK_KEYS,
            &["total", "passed"],
            vec![("total", int(0, 100_000, "Checked")), ("passed", int(0, 100_000, "Met, ≤ total"))],
            d,
        )
    };
    let finding = object(
        FINDING_KEYS,
        &["title", "severity", "status"],
        vec![
            ("id", line("Identifier, e.g. F-01")),
            ("title", line("Phát hiện")),
            ("asset", line("Tài sản")),
            ("severity", choice(SEVERITIES, "Nghiêm trọng / Cao / Trung bình / Thấp")),
            ("status", choice(STATUSES, "Chưa / Đang / Đã khắc phục")),
            ("recommendation", line("Khuyến nghị")),
        ],
        "A finding",
    );
    let system = object(
        ASSESSED_SYSTEM_KEYS,
        &["name", "level", "from", "to", "checks"],
        vec![
            ("name", line("Tên hệ thống thông tin, unique in the document")),
            ("level", int(3, 5, "Cấp độ 3–5")),
            ("level_decision", line("The decision approving the level")),
            ("from", date("Start of the assessment window")),
            ("to", date("End of the assessment window, ≥ from")),
            ("scope", line("Phạm vi")),
            ("method", line("Phương pháp, công cụ")),
            (
                "checks",
                object(
                    CHECKS_KEYS,
                    &["management", "technical"],
                    vec![("management", check("Yêu cầu quản lý")), ("technical", check("Yêu cầu kỹ thuật"))],
                    &format!("Requirements of the technical standard checked and met: {}", crate::law::STANDARD_NOTE),
                ),
            ),
            ("findings", json!({ "type": "array", "items": finding, "maxItems": MAX_ITEMS })),
            ("conclusion", line("Kết luận; absent: derived")),
        ],
        "An assessed system",
    );
    let mut props = common_props();
    props.extend(vec![
        ("kind", json!({ "const": Kind::Assessment.name(), "description": "Which report" })),
        (
            "period",
            object(
                HALF_YEAR_KEYS,
                &["year"],
                vec![("year", int(2000, 2100, "Năm")), ("half", int(1, 2, "6 tháng đầu (1) / cuối (2); absent: yearly"))],
                "The year, or a half of it",
            ),
        ),
        (
            "assessor",
            object(
                ASSESSOR_KEYS,
                &["name"],
                vec![("name", line("Đơn vị kiểm tra, đánh giá")), ("monitoring_provider", line("The Lớp 2 provider"))],
                "Who assessed",
            ),
        ),
        (
            "systems",
            json!({ "type": "array", "items": system, "minItems": 1, "maxItems": MAX_SYSTEMS, "description": "Hệ thống thông tin cấp độ 3 trở lên" }),
        ),
        ("recommendations", strings(line("One paragraph; a line feed starts a new line"), "Kiến nghị")),
    ]);
    object(
        ASSESSMENT_KEYS,
        &["kind", "issuer", "signer", "period", "assessor", "systems"],
        props,
        "A periodic assessment report (Chỉ thị 14/CT-TTg)",
    )
}
