//! The Excel form's messages (input::xlsx).

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[
    // writing a form (write.rs)
    ("cannot write the workbook: {e}", "không ghi được sổ tính Excel: {e}"),
    ("--from holds a {found} report, not a {expected} one", "--from chứa báo cáo loại {found}, không phải loại {expected}"),
    (
        "--from: {path}: the form has no place for it, so it would be lost",
        "--from: {path}: biểu mẫu không có chỗ cho giá trị này, nên giá trị sẽ bị mất",
    ),
    // what a cell holds, as a message quotes it (read.rs)
    ("the date {date}", "ngày {date}"),
    ("the error {e}", "giá trị lỗi {e}"),
    ("nothing", "ô trống"),
    // what a field takes: "expected …, found …"
    ("text (a number with a fraction, typed as text)", "văn bản (số có phần thập phân phải gõ dưới dạng văn bản)"),
    ("text", "văn bản"),
    ("a whole number", "một số nguyên"),
    ("a date with a four-digit year (20/5/2020)", "một ngày có năm đủ bốn chữ số (20/5/2020)"),
    ("có or không", "có hoặc không"),
    ("one of {labels}", "một trong các giá trị: {labels}"),
    ("text, one item a line", "văn bản, mỗi mục một dòng"),
    ("the year {year} is outside {from}–{to}", "năm {year} nằm ngoài khoảng {from}–{to}"),
    // the workbook's parts and cells
    ("the workbook's {part}", "phần {part} của sổ tính"),
    ("the workbook's shared string {n}", "chuỗi dùng chung số {n} của sổ tính"),
    ("the sheet '{sheet}'", "trang tính '{sheet}'"),
    ("cell {cell}", "ô {cell}"),
    ("row {row}", "dòng {row}"),
    (
        "the workbook declares {v} shared strings; a form has at most {limit}: is it a form written by baocao form?",
        "sổ tính khai báo {v} chuỗi dùng chung; một biểu mẫu có tối đa {limit}: đây có phải là biểu mẫu do lệnh baocao form tạo ra không?",
    ),
    (
        "the workbook holds more than {limit} shared strings; a form has at most {limit}",
        "sổ tính chứa hơn {limit} chuỗi dùng chung; một biểu mẫu có tối đa {limit}",
    ),
    (
        "{cell}: the cell's text is shared string {text}, which the workbook does not hold",
        "{cell}: văn bản của ô là chuỗi dùng chung {text}, nhưng sổ tính không có chuỗi này",
    ),
    ("the workbook's {part} cannot be read as XML: {e}", "không đọc được phần {part} của sổ tính dưới dạng XML: {e}"),
    (
        "the workbook's {part} cannot be read as XML: it ends inside an element",
        "không đọc được phần {part} của sổ tính dưới dạng XML: nội dung kết thúc khi một phần tử chưa được đóng",
    ),
    ("the entity &{name}; is not XML's own", "thực thể &{name}; không phải là thực thể chuẩn của XML"),
    ("a DOCTYPE", "có khai báo DOCTYPE"),
    ("the workbook's {part} cannot be read: {e}", "không đọc được phần {part} của sổ tính: {e}"),
    // a number format, as a message names it
    ("style {style}, which the workbook does not have", "kiểu ô số {style}, không có trong sổ tính"),
    ("built-in format {n}", "định dạng có sẵn số {n}"),
    ("format {id}", "định dạng {id}"),
    (
        "the workbook links to another workbook ({part}): a value from another file is not the unit's own; break the links (Excel: Data › Edit Links › Break Link), save, and give it again",
        "bảng tính liên kết tới một bảng tính khác ({part}): giá trị lấy từ tệp khác không phải của đơn vị; hãy ngắt liên kết (Excel: Dữ liệu › Sửa liên kết › Ngắt liên kết), lưu lại rồi gửi lại",
    ),
    (
        "a row without its label holds {value}: give the row its label back (or undo the change), as the form wrote it",
        "một dòng không còn tên mục lại có giá trị {value}: hãy ghi lại tên mục của dòng (hoặc hoàn tác thay đổi) như biểu mẫu đã ghi",
    ),
];
