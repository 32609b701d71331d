//! Signing and verifying (sign).

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[
    // keys: a PKCS#12 file, the certificate checked before signing (key.rs)
    (
        "cannot open the PKCS#12 file (wrong password in BAOCAO_P12_PASSWORD, or not a PKCS#12 file): {e}",
        "không mở được tệp PKCS#12 (mật khẩu trong BAOCAO_P12_PASSWORD sai, hoặc tệp không phải PKCS#12): {e}",
    ),
    ("the PKCS#12 file holds no private key with its certificate", "tệp PKCS#12 không chứa khóa bí mật kèm chứng thư số của nó"),
    ("--pss is for RSA keys; this key is ECDSA", "tùy chọn --pss chỉ dùng cho khóa RSA; khóa này là khóa ECDSA"),
    ("the private key is neither RSA nor ECDSA P-256", "khóa bí mật không phải khóa RSA cũng không phải khóa ECDSA P-256"),
    ("the RSA key has {bits} bits; at least 2048 are required", "khóa RSA dài {bits} bit; yêu cầu ít nhất 2048 bit"),
    ("the certificate cannot be read: {e}", "không đọc được chứng thư số: {e}"),
    (
        "the certificate of {subject} is valid from {from} to {to}, not at {at}",
        "chứng thư số của {subject} có hiệu lực từ {from} đến {to}, không có hiệu lực vào {at}",
    ),
    (
        "the certificate of {subject} is not for signatures (its key usage has neither digitalSignature nor nonRepudiation)",
        "chứng thư số của {subject} không dùng để ký (trường keyUsage của nó không có digitalSignature hay nonRepudiation)",
    ),
    ("now {time}", "thời điểm hiện tại {time}"),
    ("the signing time {time}", "thời điểm ký {time}"),
    // a PKCS#11 token (token.rs)
    ("cannot load the PKCS#11 module {module}", "không nạp được mô-đun PKCS#11 {module}"),
    ("cannot initialise the PKCS#11 module", "không khởi tạo được mô-đun PKCS#11"),
    ("cannot list the tokens", "không liệt kê được các thiết bị ký số (token)"),
    ("no token labelled {label}", "không có thiết bị ký số (token) nào mang nhãn {label}"),
    ("no token present", "không tìm thấy thiết bị ký số (token) nào"),
    (
        "several tokens ({labels}); choose one with --token",
        "có nhiều thiết bị ký số ({labels}); hãy chọn một thiết bị bằng tùy chọn --token",
    ),
    ("cannot open a session", "không mở được phiên làm việc với thiết bị ký số"),
    (
        "cannot log in (is the PIN in BAOCAO_PKCS11_PIN right?)",
        "không đăng nhập được vào thiết bị ký số (mã PIN trong BAOCAO_PKCS11_PIN có đúng không?)",
    ),
    ("cannot list the keys", "không liệt kê được các khóa"),
    ("no private key labelled {label} on the token", "trên thiết bị ký số không có khóa bí mật nào mang nhãn {label}"),
    ("no private key on the token", "trên thiết bị ký số không có khóa bí mật nào"),
    (
        "several private keys on the token; choose one with --key",
        "trên thiết bị ký số có nhiều khóa bí mật; hãy chọn một khóa bằng tùy chọn --key",
    ),
    ("cannot read the key", "không đọc được khóa"),
    ("cannot list the certificates", "không liệt kê được các chứng thư số"),
    ("cannot read a certificate", "không đọc được một chứng thư số"),
    (
        "the key's certificate (same CKA_ID) is not on the token",
        "chứng thư số của khóa (cùng CKA_ID) không có trên thiết bị ký số",
    ),
    // the signature image, the seal (image.rs)
    ("not a PNG image that can be read: {e}", "không phải ảnh PNG đọc được: {e}"),
    (
        "the image is {width}×{height} pixels; at most {max} a side",
        "ảnh có kích thước {width}×{height} điểm ảnh; mỗi cạnh tối đa {max} điểm ảnh",
    ),
    // the signature's CMS, the incremental update (cms.rs, update.rs)
    ("the signature's CMS: {e}", "cấu trúc CMS của chữ ký số: {e}"),
    ("not a complete PDF file (no startxref at its end)", "không phải tệp PDF đầy đủ (cuối tệp không có startxref)"),
    (
        "the signature is {size} bytes; the room for it is {room}",
        "chữ ký số dài {size} byte; chỗ dành cho nó chỉ có {room} byte",
    ),
    // why a PDF cannot be signed (mod.rs, issue.rs, ltv.rs; verify.rs: a file not read)
    ("not a PDF file that can be read: {e}", "không phải tệp PDF đọc được: {e}"),
    (
        "no signature block found: the PDF was not made by baocao generate (no /PieceInfo /baocao /ChuKy on any page)",
        "không tìm thấy khối chữ ký: tệp PDF không do baocao generate tạo ra (không trang nào có /PieceInfo /baocao /ChuKy)",
    ),
    (
        "it already has the signer's signature (field {field})",
        "văn bản đã có chữ ký số của người ký (trường {field})",
    ),
    (
        "the signer has not signed it yet: the organisation signs after the signer (baocao sign approve first)",
        "người ký chưa ký số văn bản: cơ quan ký số sau người ký (chạy baocao sign approve trước)",
    ),
    (
        "it is already issued (it has the organisation's signature, field {field})",
        "văn bản đã được ban hành (đã có chữ ký số của cơ quan, trường {field})",
    ),
    (
        "the draft leaves its number blank: give the number (--number N)",
        "dự thảo để trống số văn bản: hãy cho số văn bản (--number N)",
    ),
    (
        "the document already has its number; --number is for a draft that left it blank",
        "văn bản đã có số; tùy chọn --number chỉ dùng cho dự thảo để trống số văn bản",
    ),
    (
        "the document already has its date; --date is for a draft that left it blank",
        "văn bản đã có ngày; tùy chọn --date chỉ dùng cho dự thảo để trống ngày",
    ),
    ("a form field is not as baocao made it: {why}", "một trường điền của tệp PDF không đúng như baocao đã tạo: {why}"),
    ("a field has no /DA", "một trường không có /DA"),
    ("a field's /DA has no font", "/DA của một trường không có phông chữ"),
    ("a field's font is not one of baocao's", "phông chữ của một trường không phải phông chữ của baocao"),
    ("a field's font is not in the form's /DR", "phông chữ của một trường không có trong /DR của AcroForm"),
    (
        "the embedded font has no glyph for {character}, which the filled number or date needs",
        "phông chữ nhúng trong tệp không có ký tự {character}, ký tự mà số hoặc ngày văn bản điền vào cần đến",
    ),
    ("cannot sign: {e}", "không ký số được: {e}"),
    ("cannot add a document time-stamp: {why}", "không thêm được dấu thời gian cho văn bản: {why}"),
    (
        "cannot add long-term validation data: {why}",
        "không thêm được dữ liệu kiểm tra hiệu lực dài hạn (LTV): {why}",
    ),
    (
        "{why}: the signature is not valid; nothing written",
        "{why}: chữ ký số không hợp lệ; không có tệp nào được ghi",
    ),
    (
        "not a report as baocao generate made it, so it cannot be signed honestly: {why}",
        "tệp không còn nguyên như baocao generate đã tạo, nên không thể ký số một cách trung thực: {why}",
    ),
    (
        "the signer's signature is not intact, so the document cannot be issued: {why}",
        "chữ ký số của người ký không còn nguyên vẹn, nên không thể ban hành văn bản: {why}",
    ),
    (
        "the PDF is encrypted (password-protected): baocao signs a report only as baocao generate wrote it, unencrypted; generate it again",
        "tệp PDF đã bị mã hóa (có mật khẩu): baocao chỉ ký số báo cáo đúng như baocao generate đã ghi ra, không mã hóa; hãy tạo lại báo cáo",
    ),
    (
        "the report records no signer and issuer names to check the certificate against (made by an older baocao): generate it again",
        "báo cáo không ghi tên người ký và tên cơ quan ban hành để đối chiếu với chứng thư số (do phiên bản baocao cũ hơn tạo ra): hãy tạo lại báo cáo",
    ),
    (
        "the certificate is in the name of {cn}, not of {expected}: {hint}",
        "chứng thư số mang tên {cn}, không phải tên của {expected}: {hint}",
    ),
    ("the signer the report names ({name})", "người ký mà báo cáo ghi ({name})"),
    ("the signer signs with their own certificate", "người ký ký số bằng chứng thư số của chính mình"),
    ("the issuing agency the report names ({name})", "cơ quan ban hành mà báo cáo ghi ({name})"),
    (
        "the issuing agency the report names ({name}, under {parent}), whose certificate names its place too ({whole}): another place's agency has the same name",
        "cơ quan ban hành mà báo cáo ghi ({name}, thuộc {parent}), chứng thư của cơ quan này phải ghi cả địa danh ({whole}): cơ quan cùng tên ở địa phương khác cũng có",
    ),
    (
        "the document is issued with the agency's own (organisation) certificate",
        "văn bản được ban hành bằng chứng thư số của chính cơ quan (chứng thư số tổ chức)",
    ),
    (
        "the seal image is opaque and not red ink over {percent}% of its pixels (at most 10%): it would hide what the signer signed; a seal is red ink on a transparent ground (PNG)",
        "hình con dấu có {percent}% số điểm ảnh không trong suốt mà không phải mực dấu đỏ (tối đa 10%): con dấu sẽ che mất nội dung người ký đã ký; hình con dấu là mực đỏ trên nền trong suốt (PNG)",
    ),
    (
        "the signature made does not verify with the certificate of {who}: the private key does not belong to that certificate; nothing written",
        "chữ ký số vừa tạo không khớp với chứng thư số của {who}: khóa bí mật không thuộc về chứng thư số đó; không có tệp nào được ghi",
    ),
    (
        "the seal, {width} × {height} mm at its real size (Decree 30 keeps it so), is taller than the space the report leaves for the signature ({room} mm, between the signer's title and name): it covers part of them",
        "hình con dấu, ở kích thước thật {width} × {height} mm (Nghị định 30 giữ nguyên kích thước này), cao hơn chỗ báo cáo dành cho chữ ký ({room} mm, giữa chức vụ và họ tên người ký): con dấu sẽ che mất một phần chức vụ và họ tên",
    ),
    ("no longer in force: {texts}", "hết hiệu lực: {texts}"),
    ("in force: {texts}", "đang có hiệu lực: {texts}"),
    (
        "the default addressee, Bộ Thông tin và Truyền thông, no longer receives these reports from {date}",
        "nơi nhận mặc định (Kính gửi), Bộ Thông tin và Truyền thông, không còn nhận các báo cáo này từ ngày {date}",
    ),
    (
        "the date {date} falls under other legal texts than the draft, made for {drafted}, cites ({what}); generate the draft again with this date and have it approved again",
        "ngày {date} thuộc phạm vi các văn bản pháp luật khác với những văn bản mà dự thảo (lập cho ngày {drafted}) trích dẫn ({what}); hãy tạo lại dự thảo với ngày này và trình người ký duyệt lại",
    ),
    ("it has no signature", "văn bản chưa có chữ ký số nào"),
    ("the time-stamp is not read back", "không đọc lại được dấu thời gian vừa thêm"),
    (
        "it was changed after it was made ({n} revisions)",
        "tệp đã bị thay đổi sau khi được tạo ({n} phiên bản)",
    ),
    (
        "it refers to object {number} {generation}, which it does not have",
        "tệp tham chiếu tới đối tượng {number} {generation} mà tệp không có",
    ),
    ("its catalog has /{key}", "từ điển /Catalog của tệp có /{key}"),
    ("it has a form field baocao does not make ({name})", "tệp có một trường điền mà baocao không tạo ({name})"),
    (
        "its field {name} draws something other than its blank value",
        "trường {name} của tệp hiển thị nội dung khác với giá trị để trống của nó",
    ),
    (
        "it has an annotation that is not one of its own fields",
        "tệp có một đối tượng chú thích (/Annot) không phải trường của chính tệp",
    ),
    (
        "it has {n} signatures; the signer's alone is expected",
        "văn bản có {n} chữ ký số; chỉ được có chữ ký số của người ký",
    ),
    // long-term validation data (ltv.rs)
    (
        "before the time the signature is proven to exist by ({time})",
        "trước thời điểm chữ ký số được chứng minh là đã tồn tại ({time})",
    ),
    (
        "and no time-stamp proves the signature was made before",
        "và không có dấu thời gian nào chứng minh chữ ký số được tạo trước thời điểm đó",
    ),
    (
        "the certificate of {who} was revoked at {revoked} ({source} of {at}), {when}",
        "chứng thư số của {who} đã bị thu hồi lúc {revoked} (theo {source} phát hành lúc {at}), {when}",
    ),
    (
        "what was written does not verify: {field}: {problems}",
        "kiểm tra lại tệp vừa ghi không đạt: {field}: {problems}",
    ),
    (
        "the font cannot be read as baocao writes it",
        "không đọc được phông chữ theo cách baocao ghi",
    ),
    (
        "the font names a character or a glyph twice (readers would take either)",
        "phông chữ ghi một ký tự hoặc một hình chữ hai lần (phần mềm đọc có thể lấy bất kỳ lần nào)",
    ),
    (
        "the font draws {c} with a glyph that is not the character's in baocao's font",
        "phông chữ vẽ {c} bằng một hình chữ không phải của ký tự đó trong phông chữ của baocao",
    ),
    (
        "the font gives {c} another width than baocao's font",
        "phông chữ cho {c} độ rộng khác phông chữ của baocao",
    ),
];
