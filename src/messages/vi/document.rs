//! The checks of a document's fields (input::document).

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[
    (
        "required field is missing; expected \"monthly\", \"assessment\" or \"annual\"",
        "thiếu trường bắt buộc; cần ghi \"monthly\", \"assessment\" hoặc \"annual\"",
    ),
    (
        "names {cite}, which is no longer in force on the document's date {day} (it lapsed on {until}; {successor} is in force); cite the text in force, unless this states a past fact",
        "nêu {cite}, văn bản đã hết hiệu lực vào ngày {day} của báo cáo (hết hiệu lực từ ngày {until}; văn bản đang có hiệu lực là {successor}); hãy dẫn văn bản đang có hiệu lực, trừ khi nội dung này nêu một sự việc đã qua",
    ),
    (
        "names {cite}, which is no longer in force on the document's date {day} (it lapsed on {until}); cite the text in force, unless this states a past fact",
        "nêu {cite}, văn bản đã hết hiệu lực vào ngày {day} của báo cáo (hết hiệu lực từ ngày {until}); hãy dẫn văn bản đang có hiệu lực, trừ khi nội dung này nêu một sự việc đã qua",
    ),
    (
        "{name} ({email}) is the consolidated report's own issuer; it goes to the agency that receives it (give submit_to here: the defaults' addresses the units' reports)",
        "{name} ({email}) chính là cơ quan ban hành báo cáo tổng hợp; báo cáo tổng hợp gửi cơ quan tiếp nhận báo cáo (hãy ghi submit_to tại đây: submit_to trong defaults là nơi nhận báo cáo của các đơn vị)",
    ),
    (
        "{date} ({what}) is not after the report's date {today}: the expected date has passed; give the new one",
        "{date} ({what}) không muộn hơn ngày của báo cáo ({today}): thời điểm dự kiến đã qua; hãy ghi thời điểm dự kiến mới",
    ),
    (
        "section 1, item 7",
        "mục 1, ý thứ 7",
    ),
    (
        "{name} is a collective body: it signs \"TM. {collective}\" above \"KT. Chủ tịch\" or \"Chủ tịch\" (Decree 30/2020/NĐ-CP, Phụ lục I §II.7.b); add \"TM. {collective}\" as the first authority line",
        "{name} là cơ quan làm việc theo chế độ tập thể: văn bản ký \"TM. {collective}\" phía trên \"KT. Chủ tịch\" hoặc \"Chủ tịch\" (Nghị định 30/2020/NĐ-CP, Phụ lục I §II.7.b); hãy thêm \"TM. {collective}\" làm dòng thẩm quyền ký đầu tiên",
    ),
    (
        "{passed} is more than the {total} requirements checked (total)",
        "{passed} lớn hơn tổng số {total} yêu cầu đã kiểm tra (total)",
    ),
    (
        "{level} is outside 3–5: the periodic assessment covers systems of level 3 and above",
        "{level} nằm ngoài khoảng 3–5: đánh giá định kỳ áp dụng cho hệ thống cấp độ 3 trở lên",
    ),
    (
        "{to} is before from ({from}); the assessment window must run forward",
        "{to} sớm hơn ngày bắt đầu (from) là {from}; ngày kết thúc đánh giá không được trước ngày bắt đầu",
    ),
    (
        "an assessment report needs at least one system",
        "báo cáo đánh giá cần có ít nhất một hệ thống",
    ),
    (
        "{name} repeats the name of {first}; system names must be unique",
        "{name} trùng tên với {first}; tên các hệ thống không được trùng nhau",
    ),
    (
        "says \"{stated}\", more favourable than the figures give: \"{derived}\" (checks passed {mp}/{mt} and {tp}/{tt}; {open} finding open, {serious} of them critical or high)",
        "ghi \"{stated}\", tốt hơn kết luận theo số liệu: \"{derived}\" (yêu cầu quản lý đạt {mp}/{mt}, yêu cầu kỹ thuật đạt {tp}/{tt}; {open} phát hiện chưa khắc phục xong, trong đó {serious} phát hiện ở mức Nghiêm trọng hoặc Cao)",
    ),
    (
        "says \"{stated}\", more favourable than the figures give: \"{derived}\" (checks passed {mp}/{mt} and {tp}/{tt}; {open} findings open, {serious} of them critical or high)",
        "ghi \"{stated}\", tốt hơn kết luận theo số liệu: \"{derived}\" (yêu cầu quản lý đạt {mp}/{mt}, yêu cầu kỹ thuật đạt {tp}/{tt}; {open} phát hiện chưa khắc phục xong, trong đó {serious} phát hiện ở mức Nghiêm trọng hoặc Cao)",
    ),
    (
        "{name} is also the assessor; the assessment must be independent of the monitoring provider",
        "{name} cũng là đơn vị đánh giá; việc đánh giá phải độc lập với đơn vị cung cấp dịch vụ giám sát",
    ),
    (
        "{date} is after the due date {due} (Chỉ thị 14/CT-TTg: before 14 June and 14 December)",
        "{date} muộn hơn hạn {due} (Chỉ thị 14/CT-TTg: trước ngày 14 tháng 6 và ngày 14 tháng 12)",
    ),
    (
        "level 5 system {name} is assessed every six months; this yearly report has no period.half",
        "hệ thống cấp độ 5 {name} được đánh giá 6 tháng một lần; báo cáo năm này không có period.half",
    ),
    (
        "level {level} of {name} is not yet approved (no level_decision)",
        "cấp độ {level} của {name} chưa được phê duyệt (không có level_decision)",
    ),
    (
        "the data period would run backwards: from {from} to {to}",
        "kỳ dữ liệu bị ngược: từ {from} đến {to} (ngày bắt đầu sau ngày kết thúc)",
    ),
    (
        "{code} may contain only letters, digits, \"&\" and \"-\" (e.g. \"STTTT\", \"SGDĐT\")",
        "{code} chỉ được gồm chữ cái, chữ số, \"&\" và \"-\" (ví dụ \"STTTT\", \"SGDĐT\")",
    ),
    (
        "{value} is not an e-mail address: {why} (e.g. \"stttt@bacninh.gov.vn\")",
        "{value} không phải là địa chỉ thư điện tử: {why} (ví dụ \"stttt@bacninh.gov.vn\")",
    ),
    (
        "{value} does not start with one of {prefixes} followed by a title (e.g. \"KT. Giám đốc\")",
        "{value} không bắt đầu bằng một trong {prefixes} rồi đến chức vụ (ví dụ \"KT. Giám đốc\")",
    ),
    (
        "{name} ({email}) is the Ministry of Information and Communications, merged into Bộ Khoa học và Công nghệ on 2025-03-01: it no longer receives these reports, and a document dated {date} goes to the body that holds the function now (Bộ Công an)",
        "{name} ({email}) là Bộ Thông tin và Truyền thông, đã hợp nhất vào Bộ Khoa học và Công nghệ từ ngày 01/03/2025: bộ này không còn nhận các báo cáo này, và văn bản ngày {date} gửi cơ quan hiện giữ chức năng này (Bộ Công an)",
    ),
    (
        "required field is missing: a document dated {day} has no default addressee, as {name} ({email}) no longer receives these reports since the function passed to Bộ Công an on 2025-03-01; give the addressee's \"name\" and \"email\"",
        "thiếu trường bắt buộc: văn bản ngày {day} không có cơ quan nhận (Kính gửi) mặc định, vì {name} ({email}) không còn nhận các báo cáo này kể từ khi chức năng này chuyển sang Bộ Công an ngày 01/03/2025; hãy ghi \"name\" và \"email\" của cơ quan nhận",
    ),
    (
        "required field is missing: an undated document, dated {day} by its period, has no default addressee, as {name} ({email}) no longer receives these reports since the function passed to Bộ Công an on 2025-03-01; give the addressee's \"name\" and \"email\"",
        "thiếu trường bắt buộc: văn bản không ghi ngày, theo kỳ báo cáo là ngày {day}, không có cơ quan nhận (Kính gửi) mặc định, vì {name} ({email}) không còn nhận các báo cáo này kể từ khi chức năng này chuyển sang Bộ Công an ngày 01/03/2025; hãy ghi \"name\" và \"email\" của cơ quan nhận",
    ),
    (
        "required when {mode} is \"outsourced\", found {found}",
        "bắt buộc khi {mode} là \"outsourced\", nhưng nhận được {found}",
    ),
    (
        "required when {mode} is \"outsourced\"",
        "bắt buộc khi {mode} là \"outsourced\"",
    ),
    (
        "{value} is in a documentation range ({range}), not a real address",
        "{value} thuộc dải địa chỉ dành cho tài liệu ({range}), không phải địa chỉ thật",
    ),
    (
        "{value} is not an IPv4 or IPv6 address or CIDR block (e.g. \"113.160.92.10\", \"2402:800::1\", \"113.160.92.64/29\")",
        "{value} không phải là địa chỉ IPv4, IPv6 hay dải địa chỉ CIDR (ví dụ \"113.160.92.10\", \"2402:800::1\", \"113.160.92.64/29\")",
    ),
    (
        "{value} is not a public address: part of the block lies in {hit}",
        "{value} không phải là địa chỉ IP công khai: một phần của dải địa chỉ nằm trong {hit}",
    ),
    (
        "{value} is not a public address: it lies in {hit}",
        "{value} không phải là địa chỉ IP công khai: địa chỉ này nằm trong {hit}",
    ),
    (
        "the same text as {first}; give it once",
        "trùng nội dung với {first}; chỉ ghi một lần",
    ),
    (
        "{name} is also the Lớp 2 monitoring provider; the Lớp 3 assessment must be independent of it",
        "{name} cũng là đơn vị cung cấp dịch vụ giám sát ở Lớp 2; việc đánh giá ở Lớp 3 phải độc lập với đơn vị này",
    ),
    (
        "the month reported ({month}/{year}) ends before CV 1552/BTTTT-CATTT (28/4/2020), which asked for these reports; check the year and month",
        "tháng báo cáo ({month}/{year}) kết thúc trước Công văn 1552/BTTTT-CATTT (28/4/2020), văn bản yêu cầu các báo cáo này; hãy kiểm tra năm và tháng",
    ),
    (
        "{date} is after the 25th of the month reported ({deadline}); CV 1552/BTTTT-CATTT asks for the report before the 25th",
        "{date} muộn hơn ngày 25 của tháng báo cáo ({deadline}); Công văn 1552/BTTTT-CATTT yêu cầu gửi báo cáo trước ngày 25",
    ),
    (
        "level {level} system {name} has no assessment within {months} months before {reference} (last on {last})",
        "hệ thống cấp độ {level} {name} không có lần đánh giá nào trong vòng {months} tháng trước ngày {reference} (lần gần nhất: {last})",
    ),
    (
        "level {level} system {name} has no assessment within {months} months before {reference} (never)",
        "hệ thống cấp độ {level} {name} không có lần đánh giá nào trong vòng {months} tháng trước ngày {reference} (chưa từng được đánh giá)",
    ),
    (
        "{value} is also given at {first}",
        "{value} cũng được ghi tại {first}",
    ),
    (
        "{value} is given twice",
        "{value} được ghi hai lần",
    ),
    (
        "required when approval is \"approved\": the number, date and approving body of the decision on the level of {name} (column 7)",
        "bắt buộc khi approval là \"approved\": số, ngày và cơ quan ban hành quyết định phê duyệt cấp độ của {name} (cột 7)",
    ),
    (
        "{name} is approved without its cybersecurity regulation (column 8); Decree 331/2026/NĐ-CP Art. 30.7 has the regulation issued before the level dossier is approved",
        "{name} được phê duyệt mà chưa có quy chế bảo đảm an ninh mạng (cột 8); khoản 7 Điều 30 Nghị định 331/2026/NĐ-CP yêu cầu ban hành quy chế trước khi phê duyệt hồ sơ đề xuất cấp độ",
    ),
    (
        "{name} is already approved: its expected approval date (column 9) is left out",
        "{name} đã được phê duyệt: thời điểm dự kiến phê duyệt (cột 9) không được đưa vào báo cáo",
    ),
    (
        "required while the level of {name} is not approved: when it is expected to be approved (column 9)",
        "bắt buộc khi cấp độ của {name} chưa được phê duyệt: thời điểm dự kiến phê duyệt (cột 9)",
    ),
    (
        "{name} has a decision approving its level but approval is not \"approved\"",
        "{name} có quyết định phê duyệt cấp độ nhưng approval không phải là \"approved\"",
    ),
    (
        "{name} is fully deployed: its expected date (column 11) is left out",
        "{name} đã triển khai đầy đủ phương án bảo đảm an ninh mạng: thời điểm dự kiến (cột 11) không được đưa vào báo cáo",
    ),
    (
        "required while the protection plan of {name} is not fully deployed: when it is expected to be (column 11)",
        "bắt buộc khi phương án bảo đảm an ninh mạng của {name} chưa được triển khai đầy đủ: thời điểm dự kiến triển khai đầy đủ (cột 11)",
    ),
    (
        "{unit} may contain only letters, digits, \"&\" and \"-\" (e.g. \"CNTT\")",
        "{unit} chỉ được gồm chữ cái, chữ số, \"&\" và \"-\" (ví dụ \"CNTT\")",
    ),
    (
        "an annual report names at least one system owner and its specialised unit (section 2)",
        "báo cáo năm phải nêu ít nhất một chủ quản hệ thống thông tin và đơn vị chuyên trách về an ninh mạng của chủ quản (mục 2)",
    ),
    (
        "{value} is not the name of a system of section 3 (systems[].name)",
        "{value} không phải là tên của một hệ thống ở mục 3 (systems[].name)",
    ),
    (
        "{remedied} is more than the {found} breaches found (found)",
        "{remedied} lớn hơn số {found} vi phạm đã phát hiện (found)",
    ),
    (
        "required when met is false: the date the roadmap completes the requirement group",
        "bắt buộc khi met là false: ngày hoàn thành nhóm yêu cầu theo lộ trình",
    ),
    (
        "{name} is Bộ Công an, but a unit's report (role \"unit\") goes to its system owner before 20 December; the owner reports to Bộ Công an (Decree 331/2026/NĐ-CP Art. 35.4)",
        "{name} là Bộ Công an, nhưng báo cáo của đơn vị vận hành/chuyên trách (role \"unit\"; trên biểu mẫu, Đơn vị báo cáo: \"đơn vị vận hành/chuyên trách (gửi chủ quản trước 20/12)\") gửi chủ quản hệ thống thông tin trước ngày 20 tháng 12; chủ quản báo cáo Bộ Công an (khoản 4 Điều 35 Nghị định 331/2026/NĐ-CP)",
    ),
    (
        "{name} is not Bộ Công an, but the system owner's report (role \"owner\") goes to Bộ Công an before 25 December (Decree 331/2026/NĐ-CP Art. 35.4)",
        "{name} không phải là Bộ Công an, nhưng báo cáo của chủ quản hệ thống thông tin (role \"owner\") gửi Bộ Công an trước ngày 25 tháng 12 (khoản 4 Điều 35 Nghị định 331/2026/NĐ-CP)",
    ),
    (
        "{name} is given twice ({first}); each owner once, with its specialised unit",
        "{name} được ghi hai lần ({first}); mỗi chủ quản chỉ ghi một lần, cùng đơn vị chuyên trách của mình",
    ),
    (
        "{name} sends the owner's report but is not an owner of section 2 ({listed})",
        "{name} gửi báo cáo của chủ quản nhưng không phải là chủ quản ở mục 2 ({listed})",
    ),
    (
        "{owner} is not an owner of section 2 ({field}: {listed}); name each system's owner as section 2 does",
        "{owner} không phải là chủ quản ở mục 2 ({field}: {listed}); hãy ghi chủ quản của mỗi hệ thống đúng như ở mục 2",
    ),
    (
        "repeats {first} ({system}, {group})",
        "trùng với {first} ({system}, {group})",
    ),
    (
        "{group} is not met in full, but column 10 says the plan of {name} is fully deployed (Đã triển khai đầy đủ)",
        "{group} chưa được đáp ứng đầy đủ, nhưng cột 10 ghi phương án của {name} đã triển khai đầy đủ (Đã triển khai đầy đủ)",
    ),
    (
        "{roadmap} is later than the full deployment expected for {name} ({expected}, column 11)",
        "{roadmap} muộn hơn thời điểm dự kiến triển khai đầy đủ của {name} ({expected}, cột 11)",
    ),
    (
        "{name} is given twice (also {first})",
        "{name} được ghi hai lần (đã có ở {first})",
    ),
    (
        "column {n}",
        "cột {n}",
    ),
    (
        "the requirement group is met in full: its roadmap date is left out",
        "nhóm yêu cầu đã được đáp ứng đầy đủ: ngày theo lộ trình không được đưa vào báo cáo",
    ),
    (
        "a report dated {date} is before the annual report exists: Decree 331/2026/NĐ-CP (Art. 35–36, Mẫu số 08) is in force from 2026-08-19",
        "báo cáo ngày {date} có trước khi có quy định về báo cáo năm: Nghị định 331/2026/NĐ-CP (Điều 35–36, Mẫu số 08) có hiệu lực từ ngày 19/08/2026",
    ),
    (
        "an undated report of {year} is before the annual report exists: Decree 331/2026/NĐ-CP (Art. 35–36, Mẫu số 08) is in force from 2026-08-19",
        "báo cáo không ghi ngày của năm {year} có trước khi có quy định về báo cáo năm: Nghị định 331/2026/NĐ-CP (Điều 35–36, Mẫu số 08) có hiệu lực từ ngày 19/08/2026",
    ),
    (
        "{date} is after the due date {due} (Decree 331/2026/NĐ-CP Art. 35.4: a unit sends its report to its system owner before 20 December)",
        "{date} muộn hơn hạn {due} (khoản 4 Điều 35 Nghị định 331/2026/NĐ-CP: đơn vị gửi báo cáo cho chủ quản hệ thống thông tin trước ngày 20 tháng 12)",
    ),
    (
        "{date} is after the due date {due} (Decree 331/2026/NĐ-CP Art. 35.4: the system owner sends its report to Bộ Công an before 25 December)",
        "{date} muộn hơn hạn {due} (khoản 4 Điều 35 Nghị định 331/2026/NĐ-CP: chủ quản hệ thống thông tin gửi báo cáo cho Bộ Công an trước ngày 25 tháng 12)",
    ),
    (
        "{signer} signs without KT., TL. or TUQ. but the head of {owner} is {head}: the owner's report is signed by its head or for them (Decree 30/2020/NĐ-CP, Phụ lục I §I.7)",
        "{signer} ký mà không có KT., TL. hoặc TUQ., nhưng người đứng đầu {owner} là {head}: báo cáo của chủ quản do người đứng đầu ký, hoặc ký thay, thừa lệnh, thừa ủy quyền người đứng đầu (Nghị định 30/2020/NĐ-CP, Phụ lục I §I.7)",
    ),
    (
        "every system's level is approved: section 1, item 7 says it is done (đã hoàn thành) and this date is left out",
        "cấp độ của mọi hệ thống đều đã được phê duyệt: mục 1, ý thứ 7 ghi \"đã hoàn thành\" và ngày này không được đưa vào báo cáo",
    ),
    (
        "required while a system's level is not approved: when every level is expected to be approved (section 1, item 7)",
        "bắt buộc khi còn hệ thống chưa được phê duyệt cấp độ: thời điểm dự kiến hoàn thành phê duyệt cấp độ của tất cả các hệ thống (mục 1, ý thứ 7)",
    ),
    (
        "{date} is earlier than the latest expected approval of a system ({latest}, column 9)",
        "{date} sớm hơn thời điểm dự kiến phê duyệt muộn nhất của một hệ thống ({latest}, cột 9)",
    ),
];
