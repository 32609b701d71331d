//! A JSON path said as a person says it (issue 28): `systems[1].public_ips[0]` is "hệ thống thứ
//! 2, địa chỉ IP công khai thứ 1", beside the path itself.

/// Each field of the input contract by its JSON name, in Vietnamese (a noun, the same for one item
/// of a list and for the list: Vietnamese nouns do not change for the plural).
const FIELDS: &[(&str, &str)] = &[
    ("address", "địa chỉ"),
    ("approval", "phê duyệt cấp độ"),
    ("archive", "nơi lưu"),
    ("assessment", "đánh giá"),
    ("assessor", "đơn vị đánh giá"),
    ("asset", "tài sản"),
    ("authority", "dòng thẩm quyền ký"),
    ("charter", "văn bản quy định chức năng, nhiệm vụ"),
    ("checked", "nội dung kiểm tra"),
    ("checks", "nội dung kiểm tra"),
    ("code", "chữ viết tắt"),
    ("completion_expected", "dự kiến hoàn thành"),
    ("compliance", "kết quả rà soát tuân thủ"),
    ("conclusion", "kết luận"),
    ("connected", "đã kết nối"),
    ("contract", "hợp đồng"),
    ("criterion", "tiêu chí"),
    ("data_from", "dữ liệu từ ngày"),
    ("data_to", "dữ liệu đến ngày"),
    ("date", "ngày"),
    ("decision", "quyết định"),
    ("dedicated", "chuyên trách"),
    ("deployment", "triển khai"),
    ("detected", "số phát hiện"),
    ("difficulties", "khó khăn, vướng mắc"),
    ("dossier", "hồ sơ"),
    ("drafting_unit", "đơn vị soạn thảo"),
    ("email", "thư điện tử"),
    ("expected_approval", "dự kiến phê duyệt"),
    ("expected_deployment", "dự kiến triển khai"),
    ("findings", "phát hiện"),
    ("focal_point", "đầu mối"),
    ("found", "vi phạm phát hiện"),
    ("from", "từ ngày"),
    ("full_name", "tên đầy đủ"),
    ("group", "nhóm"),
    ("half", "nửa năm"),
    ("handled", "đã xử lý"),
    ("head", "người đứng đầu"),
    ("head_title", "chức vụ người đứng đầu"),
    ("id", "số hiệu"),
    ("in_house", "tự thực hiện"),
    ("incidents", "sự cố"),
    ("inspected", "hình thức kiểm tra"),
    ("issuer", "cơ quan ban hành"),
    ("kind", "loại báo cáo"),
    ("last_assessed", "lần đánh giá gần nhất"),
    ("layers", "bốn lớp"),
    ("level", "cấp độ"),
    ("level_decision", "quyết định phê duyệt cấp độ"),
    ("management", "quản lý"),
    ("met", "đạt"),
    ("method", "phương pháp"),
    ("mode", "hình thức"),
    ("monitored", "được giám sát"),
    ("monitoring", "giám sát"),
    ("monitoring_provider", "đơn vị giám sát"),
    ("month", "tháng"),
    ("name", "tên"),
    ("national_connection", "kết nối hệ thống giám sát quốc gia"),
    ("national_security", "an ninh quốc gia"),
    ("number", "số văn bản"),
    ("operator", "đơn vị vận hành"),
    ("owner", "chủ quản"),
    ("owners", "chủ quản"),
    ("parent", "cơ quan cấp trên"),
    ("part_time", "kiêm nhiệm"),
    ("passed", "đạt"),
    ("period", "kỳ báo cáo"),
    ("phone", "điện thoại"),
    ("place", "địa danh"),
    ("position", "chức vụ"),
    ("proposals", "đề xuất"),
    ("provider", "nhà cung cấp"),
    ("public_ips", "địa chỉ IP công khai"),
    ("recipients", "nơi nhận"),
    ("recommendation", "kiến nghị"),
    ("recommendations", "kiến nghị"),
    ("regulation", "quy chế"),
    ("remedied", "đã khắc phục"),
    ("requirements", "yêu cầu"),
    ("responsible", "người chịu trách nhiệm"),
    ("review", "rà soát"),
    ("roadmap", "lộ trình"),
    ("role", "vai trò"),
    ("scope", "phạm vi"),
    ("security_unit", "đơn vị chuyên trách"),
    ("severity", "mức độ"),
    ("signer", "người ký"),
    ("since", "từ ngày"),
    ("staff", "nhân sự"),
    ("status", "trạng thái"),
    ("submit_to", "nơi nhận báo cáo (Kính gửi)"),
    ("system", "hệ thống"),
    ("systems", "hệ thống"),
    ("technical", "kỹ thuật"),
    ("title", "chức vụ"),
    ("to", "đến ngày"),
    ("total", "tổng số"),
    ("type", "loại"),
    ("unit", "đơn vị"),
    ("units", "đơn vị"),
    ("year", "năm"),
];

/// A field whose name says another thing under a parent (its parent's name, a dot, its own).
const UNDER: &[(&str, &str)] = &[
    ("findings.title", "nội dung phát hiện"),
    ("findings.detected", "ngày phát hiện"),
    ("incidents.detected", "số sự cố phát hiện"),
    ("incidents.handled", "số sự cố đã xử lý"),
    ("signer.name", "họ tên"),
    ("focal_point.name", "họ tên"),
    ("management.passed", "số yêu cầu đạt"),
    ("technical.passed", "số yêu cầu đạt"),
    ("management.total", "số yêu cầu đã kiểm tra"),
    ("technical.total", "số yêu cầu đã kiểm tra"),
    ("requirements.met", "đã đáp ứng đầy đủ"),
    ("submit_to.name", "tên cơ quan nhận"),
    ("owners.owner", ""),
    ("owners.security_unit", "đơn vị chuyên trách"),
    ("owner.name", "tên chủ quản"),
    ("owner.head", "người đứng đầu chủ quản"),
    ("owner.charter", "văn bản quy định chức năng, nhiệm vụ của chủ quản"),
];

/// `path` in words ("hệ thống thứ 2, địa chỉ IP công khai thứ 1" for
/// `systems[1].public_ips[0]`), or `None` when one of its names is not a field of the contract
/// (the path is then said alone).
pub fn place(path: &str) -> Option<String> {
    let mut words = Vec::new();
    let mut parent = "";
    for part in path.split('.') {
        let (name, indexes) = part.split_once('[').map_or((part, ""), |(n, rest)| (n, rest));
        let under = format!("{parent}.{name}");
        let noun = UNDER.iter().chain(FIELDS).find(|(key, _)| *key == under || *key == name).map(|(_, n)| *n);
        // a key the contract does not have: the words of what leads to it, the path names it
        let Some(noun) = noun else { break };
        parent = name;
        // a level the words need not say (`owners[1].owner.name`: the owner's name)
        if noun.is_empty() && indexes.is_empty() {
            continue;
        }
        let mut said = noun.to_owned();
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            let n: usize = index.strip_suffix(']')?.parse().ok()?;
            said.push_str(&format!(" thứ {}", n + 1));
        }
        words.push(said);
    }
    (!words.is_empty()).then(|| words.join(", "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_in_words() {
        assert_eq!(
            super::place("systems[1].public_ips[0]").as_deref(),
            Some("hệ thống thứ 2, địa chỉ IP công khai thứ 1")
        );
        assert_eq!(super::place("issuer.name").as_deref(), Some("cơ quan ban hành, tên"));
        assert_eq!(super::place("systems[1].nmae").as_deref(), Some("hệ thống thứ 2"));
        assert_eq!(super::place("nonsense.name"), None);
        assert_eq!(
            super::place("systems[0].findings[2].title").as_deref(),
            Some("hệ thống thứ 1, phát hiện thứ 3, nội dung phát hiện")
        );
        assert_eq!(super::place("signer.title").as_deref(), Some("người ký, chức vụ"));
        assert_eq!(super::place("owners[1].owner.name").as_deref(), Some("chủ quản thứ 2, tên chủ quản"));
        assert_eq!(super::place("systems[x]"), None);
        assert_eq!(super::place(""), None);
        // every field is there once
        let mut keys: Vec<_> = super::FIELDS.iter().map(|(k, _)| k).collect();
        keys.dedup();
        assert_eq!(keys.len(), super::FIELDS.len());
    }
}
