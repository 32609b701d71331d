//! The messages of messages/mod.rs, shared by several stages.

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[
    // files written
    (
        "{path} exists and is a signed PDF: not replaced (give --force to replace it, or choose another -o folder)",
        "{path} đã có và là tệp PDF đã ký số: không thay thế (dùng tùy chọn --force để thay thế, hoặc chọn thư mục -o khác)",
    ),
    (
        "{path} exists and is not a regular file (a link, a device, a FIFO or a folder): not replaced",
        "{path} đã có và không phải là tệp thông thường (mà là liên kết, thiết bị, FIFO hoặc thư mục): không thay thế",
    ),
    (
        "{path} exists and is a PDF of more than {mib} MiB, too large to tell whether it is signed: not replaced (give --force to replace it, or choose another -o folder)",
        "{path} đã có và là tệp PDF lớn hơn {mib} MiB, quá lớn để xác định đã được ký số hay chưa: không thay thế (dùng tùy chọn --force để thay thế, hoặc chọn thư mục -o khác)",
    ),
    (
        "{flag} {path}: the file written is .{extension}; name it so",
        "{flag} {path}: tệp được ghi ra là tệp .{extension}; hãy đặt tên tệp có đuôi .{extension}",
    ),
    (
        "{flag} {path}: it is {input_flag}'s file, which would be replaced; choose another name",
        "{flag} {path}: đây là tệp của {input_flag}, tệp này sẽ bị ghi đè; hãy chọn tên khác",
    ),
    // the report's number, date and issuer
    (
        "{number} and date {date} are those of last period's report, which this form was made from; give this report its own number and date (or leave both blank for the clerk)",
        "số {number} và ngày {date} là số và ngày của báo cáo kỳ trước, báo cáo mà biểu mẫu này được lập từ đó; hãy đặt cho báo cáo này số và ngày riêng (hoặc để trống cả hai để văn thư điền)",
    ),
    (
        "{date} is before the data period ends ({to}): the report covers {from} to {to}",
        "ngày {date} sớm hơn ngày kết thúc kỳ dữ liệu ({to}): báo cáo tính số liệu từ {from} đến {to}",
    ),
    (
        "the report is dated {date}, before this assessment ends ({to}); check the report's date or the assessment's",
        "báo cáo đề ngày {date}, trước khi đợt đánh giá này kết thúc ({to}); hãy kiểm tra lại ngày của báo cáo hoặc ngày của đợt đánh giá",
    ),
    (
        "{name} is one of many units of its kind: running text would name it alone, not saying whose it is; give issuer.parent (e.g. \"Bộ Y tế\") or issuer.full_name",
        "{name} là một trong nhiều đơn vị cùng loại: văn bản sẽ chỉ nêu tên đơn vị mà không cho biết đơn vị thuộc cơ quan nào; hãy ghi issuer.parent (ví dụ \"Bộ Y tế\") hoặc issuer.full_name",
    ),
    (
        "{parent} names no province, so running text would not say where the unit is; give the parent with its place (e.g. \"Sở Nông nghiệp và Môi trường tỉnh Gia Lai\") or issuer.full_name",
        "{parent} không nêu tên tỉnh, nên văn bản sẽ không cho biết đơn vị ở đâu; hãy ghi cơ quan cấp trên kèm địa danh (ví dụ \"Sở Nông nghiệp và Môi trường tỉnh Gia Lai\") hoặc ghi issuer.full_name",
    ),
    (
        "period: the period after {from} would be {to}, beyond the contract's years (2000–2100)",
        "period: kỳ sau kỳ {from} sẽ là {to}, nằm ngoài khoảng năm mà baocao hỗ trợ (2000–2100)",
    ),
    // the Excel form
    (
        "the workbook is encrypted (opened with a password) or in the old .xls format: remove the password (Excel: File > Info > Protect Workbook; LibreOffice: File > Properties > Security) and save it as .xlsx",
        "sổ tính Excel đã được mã hóa (mở bằng mật khẩu) hoặc ở định dạng .xls cũ: hãy gỡ mật khẩu (Excel: File > Info > Protect Workbook; LibreOffice: File > Properties > Security) rồi lưu thành .xlsx",
    ),
    (
        "the first row holds no column headers; the headers must be in the first row (was a row inserted above them?)",
        "dòng đầu tiên không có tiêu đề cột; tiêu đề cột phải nằm ở dòng đầu tiên (có dòng nào bị chèn lên trên dòng tiêu đề không?)",
    ),
    (
        "open and save the workbook in Excel or LibreOffice, or type the value",
        "hãy mở và lưu lại sổ tính bằng Excel hoặc LibreOffice, hoặc nhập giá trị",
    ),
    ("not an Excel workbook (.xlsx) that can be read: {e}", "không phải là sổ tính Excel (.xlsx) đọc được: {e}"),
    (
        "no sheet '{name}' (the sheets are {sheets}); is it a form written by baocao form, its sheets not renamed?",
        "không có trang tính '{name}' (các trang tính hiện có: {sheets}); đây có phải là biểu mẫu do lệnh baocao form tạo ra, các trang tính chưa bị đổi tên không?",
    ),
    ("the sheets {sheets} all read as '{name}'; keep one", "các trang tính {sheets} đều được đọc là '{name}'; hãy giữ một trang"),
    ("sheet '{name}' cannot be read: {e}", "không đọc được trang tính '{name}': {e}"),
    (
        "a formula (shared with another cell) without a saved result; {save_it}",
        "một công thức (dùng chung với ô khác) không có kết quả đã lưu; {save_it}",
    ),
    ("a formula (={formula}) without a saved result; {save_it}", "công thức (={formula}) không có kết quả đã lưu; {save_it}"),
    ("a cell of an array formula without a saved result", "một ô thuộc công thức mảng không có kết quả đã lưu"),
    ("{label}: expected {kinds}, found {found}", "{label}: phải là một trong {kinds}, nhưng ô chứa {found}"),
    (
        "no '{label}' row; is it a form written by baocao form?",
        "không có dòng '{label}'; đây có phải là biểu mẫu do lệnh baocao form tạo ra không?",
    ),
    (
        "unknown row {label}; the form's rows are its own",
        "dòng {label} không thuộc biểu mẫu; biểu mẫu chỉ gồm các dòng có sẵn của nó",
    ),
    ("{label}: given twice, in {first} and {here}; keep one", "{label}: được ghi hai lần, ở {first} và {here}; hãy giữ một"),
    (
        "the column {label} is given twice, in {first} and {here}; keep one",
        "cột {label} được ghi hai lần, ở {first} và {here}; hãy giữ một",
    ),
    (
        "a column without a header holds {value} (in {at}); give the column its header back, or empty it",
        "một cột không có tiêu đề lại chứa {value} (tại {at}); hãy ghi lại tiêu đề cho cột, hoặc xóa hết nội dung của cột",
    ),
    ("unknown column {label}; the columns are: {known}", "cột {label} không thuộc biểu mẫu; các cột của biểu mẫu là: {known}"),
    (
        "the sheet '{name}' is not one of the form's, and what it holds would be lost: move it into the form's sheets, or delete the sheet",
        "trang tính '{name}' không thuộc biểu mẫu, và nội dung trong đó sẽ bị mất: hãy chuyển nội dung vào các trang tính của biểu mẫu, hoặc xóa trang tính này",
    ),
    (
        "the cells {first} to {last} are merged: a merged cell keeps its value in its first cell only, the others read as empty; unmerge them and give each cell its value",
        "các ô từ {first} đến {last} đang được gộp: ô gộp chỉ giữ giá trị ở ô đầu tiên, các ô còn lại được đọc là trống; hãy bỏ gộp ô và nhập giá trị cho từng ô",
    ),
    ("{name} is not a system of the sheet 'Hệ thống'", "{name} không phải là hệ thống có trong trang tính 'Hệ thống'"),
    (
        "the workbook unzips to more than {limit} bytes ({mib} MiB): refused as a zip bomb",
        "sổ tính khi giải nén lớn hơn {limit} byte ({mib} MiB): bị từ chối vì có dấu hiệu là bom nén",
    ),
    (
        "the sheet '{sheet}' reaches {at}; a form's sheet has at most {rows} rows and {columns} columns",
        "trang tính '{sheet}' kéo dài đến {at}; trang tính của biểu mẫu có tối đa {rows} dòng và {columns} cột",
    ),
    (
        "the sheet '{sheet}' lists its merged cells twice; a sheet has one list",
        "trang tính '{sheet}' ghi danh sách ô gộp hai lần; mỗi trang tính chỉ có một danh sách",
    ),
    (
        "the workbook lists more than {limit} sheets; a form has six at most",
        "sổ tính có hơn {limit} trang tính; biểu mẫu có tối đa sáu trang tính",
    ),
    (
        "the sheet '{sheet}' lists more than {limit} merged regions; a form has none",
        "trang tính '{sheet}' có hơn {limit} vùng ô gộp; biểu mẫu không có vùng ô gộp nào",
    ),
    (
        "the sheet '{sheet}' holds more than {limit} array formulas; a form holds none",
        "trang tính '{sheet}' chứa hơn {limit} công thức mảng; biểu mẫu không có công thức mảng nào",
    ),
    (
        "{cell}: the cell holds its value or formula twice, or out of order, as no spreadsheet program writes it; save the workbook again with Excel or LibreOffice, or type the value again",
        "{cell}: ô chứa giá trị hoặc công thức hai lần, hoặc sai thứ tự, theo cách không chương trình bảng tính nào ghi; hãy lưu lại sổ tính bằng Excel hoặc LibreOffice, hoặc nhập lại giá trị",
    ),
    (
        "{place}: the element <{name}> is not where a spreadsheet program writes it (one program would read it, another not); save the workbook again with Excel or LibreOffice",
        "{place}: phần tử <{name}> không nằm ở vị trí mà chương trình bảng tính ghi nó (chương trình này sẽ đọc, chương trình khác thì không); hãy lưu lại sổ tính bằng Excel hoặc LibreOffice",
    ),
    (
        "{cell}: the cell's type ({kind}) does not fit what it holds, and programs would read it otherwise; type the value again in Excel or LibreOffice",
        "{cell}: kiểu của ô ({kind}) không khớp với nội dung ô chứa, và các chương trình sẽ đọc ô theo cách khác nhau; hãy nhập lại giá trị bằng Excel hoặc LibreOffice",
    ),
    (
        "{place}: the text holds {escape}, which Excel reads as one character and LibreOffice as typed; type the character itself",
        "{place}: văn bản chứa {escape}, mà Excel đọc thành một ký tự còn LibreOffice đọc nguyên như đã gõ; hãy gõ trực tiếp ký tự đó",
    ),
    (
        "the cell holds {number} but its format ({code}) shows it otherwise, and the report would print what it holds; give the cell the format General or Text (a date: dd/mm/yyyy) and type the value as the report should say it",
        "ô chứa {number} nhưng định dạng của ô ({code}) lại hiển thị khác đi, và báo cáo sẽ in giá trị ô thực chứa; hãy đặt định dạng ô là General hoặc Text (ngày: dd/mm/yyyy) và nhập giá trị đúng như báo cáo cần ghi",
    ),
    (
        "the cell's format ({code}) shows its text otherwise than it holds, and the report would print what it holds; format the cell as General or Text",
        "định dạng của ô ({code}) hiển thị văn bản khác với nội dung ô thực chứa, và báo cáo sẽ in nội dung thực chứa; hãy đặt định dạng ô là General hoặc Text",
    ),
    (
        "expected text, found the number {found} in a number format that shows it otherwise (thousands, decimals), which the report would print as held; type the text as it should read, in a cell formatted as Text",
        "phải là văn bản, nhưng ô chứa số {found} với định dạng số hiển thị khác đi (dấu phân cách hàng nghìn, chữ số thập phân), mà báo cáo sẽ in theo giá trị thực chứa; hãy nhập văn bản đúng như cần ghi, vào ô có định dạng Text",
    ),
    (
        "a conditional format of the workbook shows numbers in a number format of its own, so a cell may show otherwise than it holds; remove the conditional formatting",
        "một định dạng có điều kiện của sổ tính hiển thị số theo định dạng số riêng, nên ô có thể hiển thị khác với giá trị thực chứa; hãy xóa định dạng có điều kiện",
    ),
    (
        "{found} is beyond the form's columns and would not be read; type the value in column B (Nội dung) of its row, or clear the cell",
        "{found} nằm ngoài các cột của biểu mẫu và sẽ không được đọc; hãy nhập giá trị vào cột B (Nội dung) của dòng đó, hoặc xóa ô",
    ),
    (
        "the hint of {label} (column C, Hướng dẫn) is not the form's: column C is not read, the value of the row goes in column B (Nội dung)",
        "phần hướng dẫn của {label} (cột C, Hướng dẫn) đã bị sửa khác biểu mẫu: cột C không được đọc, giá trị của dòng phải ghi ở cột B (Nội dung)",
    ),
    (
        "the workbook names a part {target}, which programs would take for different parts; save the workbook again with Excel or LibreOffice",
        "sổ tính dẫn chiếu đến thành phần {target}, mà các chương trình khác nhau sẽ hiểu là những thành phần khác nhau; hãy lưu lại sổ tính bằng Excel hoặc LibreOffice",
    ),
    (
        "the row is labelled {label} but its hidden key reads it as {read_as} (were rows' keys changed?); make the form again with baocao form",
        "dòng có nhãn {label} nhưng khóa ẩn của dòng lại đọc thành {read_as} (khóa ẩn của các dòng đã bị thay đổi?); hãy tạo lại biểu mẫu bằng lệnh baocao form",
    ),
    (
        "the row is labelled {label}, not as the form labels it; it is read as {read_as}",
        "dòng có nhãn {label}, khác với nhãn trong biểu mẫu; dòng này được đọc là {read_as}",
    ),
    (
        "the workbook's {part} is written in UTF-16, which baocao does not read; save the workbook again with Excel or LibreOffice (they write UTF-8)",
        "thành phần {part} của sổ tính được ghi bằng UTF-16, mà baocao không đọc được; hãy lưu lại sổ tính bằng Excel hoặc LibreOffice (các chương trình này ghi UTF-8)",
    ),
    (
        "the workbook holds two parts of one name, {first} and {second} (they differ only in case or slashes): which one a program reads is not for baocao to guess; save the workbook again with Excel or LibreOffice",
        "sổ tính chứa hai thành phần cùng tên, {first} và {second} (chỉ khác nhau ở chữ hoa, chữ thường hoặc dấu gạch chéo): baocao không thể đoán chương trình sẽ đọc thành phần nào; hãy lưu lại sổ tính bằng Excel hoặc LibreOffice",
    ),
    (
        "the workbook's main part is {target}, not xl/workbook.xml as Excel and LibreOffice write it; save the workbook again with Excel or LibreOffice",
        "thành phần chính của sổ tính là {target}, không phải xl/workbook.xml như Excel và LibreOffice ghi; hãy lưu lại sổ tính bằng Excel hoặc LibreOffice",
    ),
    (
        "the workbook holds shared strings in several parts ({parts}); a form has one",
        "sổ tính chứa chuỗi dùng chung trong nhiều thành phần ({parts}); biểu mẫu chỉ có một",
    ),
    (
        "the workbook's cells hold more than {mib} MiB of text in all (a shared text repeated in many cells): a form holds less",
        "các ô của sổ tính chứa tổng cộng hơn {mib} MiB văn bản (một đoạn văn bản dùng chung lặp lại ở nhiều ô): biểu mẫu chứa ít hơn thế",
    ),
    (
        "the workbook's sheets hold more than {cells} cells in all; a form holds at most {cells}",
        "các trang tính của sổ tính có tổng cộng hơn {cells} ô; biểu mẫu có tối đa {cells} ô",
    ),
    (
        "the sheet '{sheet}' has more than {cells} cells; a form's sheet has at most {cells}",
        "trang tính '{sheet}' có hơn {cells} ô; trang tính của biểu mẫu có tối đa {cells} ô",
    ),
    ("expected {expected}, found {found}", "phải là {expected}, nhưng ô chứa {found}"),
    (
        "the cell holds the number {found}, which loses a phone number's leading 0: format the cell as Text and type the number again",
        "ô chứa số {found}, làm mất chữ số 0 ở đầu số điện thoại: hãy đặt định dạng ô là Text và nhập lại số điện thoại",
    ),
    ("{n} is outside {lo}–{hi}", "{n} nằm ngoài khoảng {lo}–{hi}"),
    // a batch
    (
        "it reports for the same agency (name and parent) as {first}: the consolidated report would count it twice; keep one of them in the batch",
        "đơn vị này là cùng một cơ quan (cùng tên và cơ quan cấp trên) với {first}: báo cáo tổng hợp sẽ tính hai lần; hãy chỉ giữ một trong hai trong lô",
    ),
    (
        "the same unit is given again as {others}: it would be counted twice; keep one of them in the folder",
        "cùng một đơn vị được ghi lại ở {others}: đơn vị sẽ bị tính hai lần; hãy chỉ giữ một tệp trong thư mục",
    ),
    (
        "the lock file Excel or LibreOffice keeps beside an open workbook, not a unit",
        "tệp khóa mà Excel hoặc LibreOffice tạo bên cạnh sổ tính đang mở, không phải là đơn vị",
    ),
    ("a hidden file, not a unit", "tệp ẩn, không phải là đơn vị"),
    (
        "a name beginning with _ is not a unit (the folder's own files are _defaults.json and _consolidated.json)",
        "tên bắt đầu bằng _ không phải là đơn vị (các tệp riêng của thư mục là _defaults.json và _consolidated.json)",
    ),
    (
        "not a unit: a unit is a .json file or a filled form (.xlsx)",
        "không phải là đơn vị: đơn vị là một tệp .json hoặc một biểu mẫu đã điền (.xlsx)",
    ),
    (
        "baocao's own manifest of an earlier run, not a unit",
        "tệp kê khai (manifest) do baocao ghi ở lần chạy trước, không phải là đơn vị",
    ),
    (
        "{path}: a unit where this run writes its manifest, which would replace it: rename the unit, or write elsewhere (-o)",
        "{path}: một đơn vị nằm đúng chỗ lần chạy này ghi tệp kê khai (manifest), tệp kê khai sẽ thay thế đơn vị đó: hãy đổi tên đơn vị, hoặc ghi ra nơi khác (-o)",
    ),
    (
        "a spreadsheet saved as .{extension}, which baocao does not read: open it and save it as Excel Workbook (.xlsx), or write the unit's JSON",
        "bảng tính được lưu dưới dạng .{extension}, mà baocao không đọc được: hãy mở và lưu lại thành Excel Workbook (.xlsx), hoặc viết tệp JSON của đơn vị",
    ),
    (
        "the unit's file changed while the batch ran, after it was checked and counted: its report is not written; run the batch again",
        "tệp của đơn vị đã thay đổi trong khi lô đang chạy, sau khi đã được kiểm tra và tính vào tổng hợp: báo cáo của đơn vị không được ghi; hãy chạy lại lô",
    ),
    // recipients and archive
    (
        "{typed} is printed first of its own (it stands for the Kính gửi addressee); this one is left out",
        "{typed} được tự động in đầu tiên (thay cho nơi nhận ở mục Kính gửi); dòng này được bỏ qua",
    ),
    (
        "{typed} begins with Như trên, which the list prints first of its own (it stands for the Kính gửi addressee): leave it out, or name the recipient",
        "{typed} bắt đầu bằng Như trên, dòng mà danh sách tự động in đầu tiên (thay cho nơi nhận ở mục Kính gửi): hãy bỏ dòng này, hoặc ghi tên nơi nhận",
    ),
    (
        "{typed} is printed last of its own, from archive; this one is left out",
        "{typed} được tự động in cuối cùng, lấy từ archive; dòng này được bỏ qua",
    ),
    (
        "{typed} names another archive than archive does ({archive}): the Lưu line is printed last from archive; give what it should say in archive, and leave it out of recipients",
        "{typed} ghi nơi lưu khác với archive ({archive}): dòng Lưu được in cuối cùng, lấy từ archive; hãy ghi nội dung cần thiết vào archive, và bỏ dòng này khỏi recipients",
    ),
    (
        "{typed}: the Lưu line prints `Lưu:` of its own; archive is what follows it, and is read so",
        "{typed}: dòng Lưu tự in chữ `Lưu:`; archive là phần ghi sau chữ đó, và được đọc như vậy",
    ),
    (
        "{typed} is the addressee (Kính gửi), whom \"- Như trên;\" already names; it is printed once",
        "{typed} là nơi nhận ở mục Kính gửi, đã được \"- Như trên;\" chỉ đến; chỉ in một lần",
    ),
    (
        "{typed} is the same recipient as {first}; it is printed once",
        "{typed} là cùng một nơi nhận với {first}; chỉ in một lần",
    ),
    // the monthly report's layers and systems
    (
        "Lớp 3 is done in-house, as Lớp 2 is, so the assessment is not independent of the monitoring (CV 1552: an independent assessor); the report says so and counts no system as having Lớp 3",
        "Lớp 3 do cơ quan tự thực hiện, giống như Lớp 2, nên việc đánh giá không độc lập với việc giám sát (CV 1552: đơn vị đánh giá độc lập); báo cáo nêu rõ điều này và không tính hệ thống nào là có Lớp 3",
    ),
    (
        "{name} is said to be connected, but the agency is not (layers.national_connection.connected is false); the report counts it as not connected",
        "{name} được ghi là đã kết nối, nhưng cơ quan thì chưa kết nối (layers.national_connection.connected là false); báo cáo tính hệ thống này là chưa kết nối",
    ),
    (
        "{ip} is inside {block} (at {at}); give the block or the address, not both",
        "{ip} nằm trong dải địa chỉ {block} (tại {at}); hãy ghi dải địa chỉ hoặc địa chỉ, không ghi cả hai",
    ),
    (
        "no management requirement was checked (total 0): the report says so, and the system cannot be said to meet its level",
        "không có yêu cầu quản lý nào được kiểm tra (tổng số 0): báo cáo nêu rõ điều này, và không thể coi hệ thống là đáp ứng cấp độ của mình",
    ),
    (
        "no technical requirement was checked (total 0): the report says so, and the system cannot be said to meet its level",
        "không có yêu cầu kỹ thuật nào được kiểm tra (tổng số 0): báo cáo nêu rõ điều này, và không thể coi hệ thống là đáp ứng cấp độ của mình",
    ),
    (
        "no {kind} requirement was checked (total 0): the report says so, and the system cannot be said to meet its level",
        "không có yêu cầu {kind} nào được kiểm tra (tổng số 0): báo cáo nêu rõ điều này, và không thể coi hệ thống là đáp ứng cấp độ của mình",
    ),
    // text tidied
    (
        "doubled spaces or marks, or a space before a mark, from character {at} ({around}); the text is set as {set}",
        "có dấu cách hoặc dấu câu bị lặp, hoặc dấu cách đứng trước dấu câu, từ ký tự thứ {at} ({around}); văn bản được ghi thành {set}",
    ),
];
