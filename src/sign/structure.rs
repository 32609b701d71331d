//! A strict reading of a signed PDF's structure (signing.md, "What a verifier must refuse"): the
//! file as a chain of revisions, each read on its own from its own `startxref`, so that what a
//! signature covers is exactly one revision and two readers (lopdf, poppler, qpdf, Acrobat) cannot
//! see two different documents.
//!
//! Refused: anything after the last `%%EOF` but line ends; a revision whose `startxref` does not
//! point at its own cross-reference section (`xref` … `trailer`, or a cross-reference stream); a
//! hybrid file (`/XRefStm`); a `/Prev` that is not the revision before; an entry that points
//! outside its revision or at another object; an encrypted file. Parsing is ours and small: only
//! the cross-reference sections, trailers and object headers are read here (the objects themselves
//! are lopdf's, once this reading agrees with it).

use std::collections::BTreeMap;

/// Where an object of a revision is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// At this byte offset, with this generation.
    Offset {
        /// Its `N G obj` header's offset.
        offset: usize,
        /// Its generation.
        generation: u16,
    },
    /// Inside an object stream.
    InStream {
        /// The object stream's number.
        stream: u32,
        /// Its index there.
        index: u32,
    },
    /// Free.
    Free,
}

/// One revision: the original file or an incremental update.
#[derive(Debug, Clone)]
pub struct Revision {
    /// Where its bytes start (0, or the end of the revision before).
    pub start: usize,
    /// Its cross-reference section's offset (its `startxref`).
    pub xref: usize,
    /// Just after its `%%EOF`.
    pub eof: usize,
    /// Just after its `%%EOF` and the line end after it, if any.
    pub end: usize,
    /// Its trailer (or cross-reference stream) dictionary.
    pub trailer: Dict,
    /// The objects its cross-reference section lists, by number.
    pub entries: BTreeMap<u32, Entry>,
}

/// A signed PDF as a chain of revisions, oldest first.
#[derive(Debug, Clone)]
pub struct Structure {
    /// The revisions, oldest first.
    pub revisions: Vec<Revision>,
}

impl Structure {
    /// The revision that ends at byte `end` (with or without the line end after its `%%EOF`).
    pub fn ending_at(&self, end: usize) -> Option<usize> {
        self.revisions.iter().position(|r| r.end == end || r.eof == end)
    }

    /// The revisions whose cross-reference section lists object `number` in use, oldest first.
    pub fn defined_in(&self, number: u32) -> Vec<usize> {
        (0..self.revisions.len())
            .filter(|&i| {
                matches!(self.revisions[i].entries.get(&number), Some(Entry::Offset { .. } | Entry::InStream { .. }))
            })
            .collect()
    }

    /// The object numbers in use in the latest revision (the document a reader shows).
    pub fn in_use(&self) -> std::collections::BTreeSet<u32> {
        let mut latest: BTreeMap<u32, Entry> = BTreeMap::new();
        for r in &self.revisions {
            for (n, e) in &r.entries {
                latest.insert(*n, *e);
            }
        }
        latest.into_iter().filter(|(n, e)| *n != 0 && *e != Entry::Free).map(|(n, _)| n).collect()
    }
}

/// A value of a trailer or an object's dictionary, as far as this reading needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An integer.
    Int(i64),
    /// Another number.
    Real,
    /// A name, without its `/`.
    Name(Vec<u8>),
    /// A reference.
    Ref(u32, u16),
    /// An array.
    Array(Vec<Value>),
    /// A dictionary.
    Dict(Dict),
    /// A string: where it is in the file (its first and one-past-last byte, delimiters
    /// included).
    Str(usize, usize),
    /// `true`, `false` or `null`.
    Keyword(Vec<u8>),
}

/// A dictionary, by key (without the `/`).
pub type Dict = BTreeMap<Vec<u8>, Value>;

/// Why the structure is refused (in Vietnamese, for the verdict).
pub type Refusal = String;

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// A cursor over the file.
struct Cur<'a> {
    pdf: &'a [u8],
    at: usize,
    /// A dictionary with a key given twice was met.
    dup: bool,
}

impl Cur<'_> {
    fn peek(&self) -> Option<u8> {
        self.pdf.get(self.at).copied()
    }

    fn starts(&self, s: &[u8]) -> bool {
        self.pdf.get(self.at..).is_some_and(|r| r.starts_with(s))
    }

    /// Skips white space and comments.
    fn ws(&mut self) {
        while let Some(b) = self.peek() {
            if is_ws(b) {
                self.at += 1;
            } else if b == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    fn keyword(&mut self, k: &[u8]) -> bool {
        if self.starts(k) && self.pdf.get(self.at + k.len()).is_none_or(|b| is_ws(*b) || is_delim(*b)) {
            self.at += k.len();
            true
        } else {
            false
        }
    }

    fn int(&mut self) -> Option<i64> {
        let start = self.at;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.at += 1;
        }
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.pdf[start..self.at]).ok()?;
        match text.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.at = start;
                None
            }
        }
    }

    fn regular(&mut self) -> &[u8] {
        let start = self.at;
        while self.peek().is_some_and(|b| !is_ws(b) && !is_delim(b)) {
            self.at += 1;
        }
        &self.pdf[start..self.at]
    }

    /// One value, nested no deeper than `depth`.
    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth == 0 {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'/' => {
                self.at += 1;
                Some(Value::Name(self.regular().to_vec()))
            }
            b'<' if self.starts(b"<<") => self.dict(depth).map(Value::Dict),
            b'<' => {
                let start = self.at;
                let close = self.pdf[start..].iter().position(|&b| b == b'>')?;
                self.at = start + close + 1;
                Some(Value::Str(start, self.at))
            }
            b'(' => {
                let start = self.at;
                let mut level = 0usize;
                while let Some(b) = self.peek() {
                    self.at += 1;
                    match b {
                        b'\\' => self.at += 1,
                        b'(' => level += 1,
                        b')' => {
                            level -= 1;
                            if level == 0 {
                                return Some(Value::Str(start, self.at));
                            }
                        }
                        _ => {}
                    }
                }
                None
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.peek()? == b']' {
                        self.at += 1;
                        return Some(Value::Array(items));
                    }
                    items.push(self.value(depth - 1)?);
                }
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let start = self.at;
                let word = self.regular().to_vec();
                if !word.iter().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-')) {
                    return Some(Value::Real);
                }
                let n: i64 = std::str::from_utf8(&word).ok()?.parse().ok()?;
                // `N G R`: a reference
                let save = self.at;
                self.ws();
                if let Some(g) = self.int() {
                    self.ws();
                    if self.keyword(b"R") {
                        let (Ok(n), Ok(g)) = (u32::try_from(n), u16::try_from(g)) else { return None };
                        return Some(Value::Ref(n, g));
                    }
                }
                self.at = save;
                let _ = start;
                Some(Value::Int(n))
            }
            _ => {
                let word = self.regular().to_vec();
                match word.as_slice() {
                    b"true" | b"false" | b"null" => Some(Value::Keyword(word)),
                    _ => None,
                }
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Option<Dict> {
        if !self.starts(b"<<") {
            return None;
        }
        self.at += 2;
        let mut dict = Dict::new();
        loop {
            self.ws();
            if self.starts(b">>") {
                self.at += 2;
                return Some(dict);
            }
            if self.peek()? != b'/' {
                return None;
            }
            self.at += 1;
            let key = self.regular().to_vec();
            let value = self.value(depth - 1)?;
            // a key given twice: two readers may take either
            if dict.insert(key, value).is_some() {
                self.dup = true;
                return None;
            }
        }
    }
}

/// How deep the dictionaries read here may nest.
const DEPTH: usize = 32;

/// Every `startxref N %%EOF` of the file: (the offset N, just after `%%EOF`).
fn markers(pdf: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = find(&pdf[from..], b"%%EOF").map(|i| i + from) {
        from = i + 5;
        // back over the line end, the offset's digits, the line end, to `startxref`
        let mut j = i;
        while j > 0 && is_ws(pdf[j - 1]) {
            j -= 1;
        }
        let digits_end = j;
        while j > 0 && pdf[j - 1].is_ascii_digit() {
            j -= 1;
        }
        if j == digits_end {
            continue;
        }
        let Some(offset) = std::str::from_utf8(&pdf[j..digits_end]).ok().and_then(|s| s.parse::<usize>().ok()) else {
            continue;
        };
        while j > 0 && is_ws(pdf[j - 1]) {
            j -= 1;
        }
        if j >= 9 && &pdf[j - 9..j] == b"startxref" {
            found.push((offset, i + 5));
        }
    }
    found
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads `pdf`'s revisions strictly; the reason in Vietnamese when refused.
pub fn read(pdf: &[u8]) -> Result<Structure, Refusal> {
    let marks = markers(pdf);
    let Some(&(_, last_eof)) = marks.last() else {
        return Err("tệp không kết thúc bằng startxref … %%EOF".to_owned());
    };
    // nothing after the last %%EOF but line ends (a reader that looks further sees another file)
    if pdf[last_eof..].iter().any(|&b| b != b'\r' && b != b'\n') {
        return Err(format!(
            "có {} byte sau dấu kết thúc %%EOF cuối cùng: hai phần mềm đọc có thể thấy hai văn bản khác nhau",
            pdf.len() - last_eof
        ));
    }
    // no `startxref` after the last one that ends a revision
    if find(&pdf[last_eof..], b"startxref").is_some() {
        return Err("có startxref sau dấu kết thúc %%EOF cuối cùng".to_owned());
    }
    let mut revisions: Vec<Revision> = Vec::new();
    for (k, &(xref, eof)) in marks.iter().enumerate() {
        let start = revisions.last().map_or(0, |r| r.end);
        let end = match pdf.get(eof..eof + 2) {
            Some(b"\r\n") => eof + 2,
            _ if matches!(pdf.get(eof), Some(b'\r' | b'\n')) => eof + 1,
            _ => eof,
        };
        let refuse = |why: String| format!("phiên bản {} của tệp (kết thúc tại byte {end}): {why}", k + 1);
        if xref < start || xref >= eof {
            return Err(refuse(format!("startxref {xref} không trỏ vào phần của chính phiên bản này")));
        }
        let (trailer, entries) = section(pdf, xref, k == 0).map_err(&refuse)?;
        if trailer.contains_key(b"XRefStm".as_slice()) {
            return Err(refuse(
                "tệp lai (bảng xref kèm /XRefStm): hai phần mềm đọc có thể thấy hai văn bản khác nhau".to_owned(),
            ));
        }
        if trailer.contains_key(b"Encrypt".as_slice()) {
            return Err(refuse("tệp được mã hóa (/Encrypt)".to_owned()));
        }
        match (trailer.get(b"Prev".as_slice()), revisions.last()) {
            (None, None) => {}
            (Some(Value::Int(p)), Some(before)) if usize::try_from(*p).ok() == Some(before.xref) => {}
            (Some(_), None) => return Err(refuse("/Prev trỏ tới một phiên bản không có trong tệp".to_owned())),
            (None, Some(_)) => {
                return Err(refuse("thiếu /Prev: phiên bản này không nối tiếp phiên bản trước".to_owned()))
            }
            (Some(_), Some(_)) => {
                return Err(refuse("/Prev không trỏ tới phiên bản ngay trước: một phiên bản bị bỏ qua".to_owned()))
            }
        }
        let size = match trailer.get(b"Size".as_slice()) {
            Some(Value::Int(s)) if *s > 0 => *s as u64,
            _ => return Err(refuse("thiếu /Size".to_owned())),
        };
        if !matches!(trailer.get(b"Root".as_slice()), Some(Value::Ref(..))) {
            return Err(refuse("thiếu /Root".to_owned()));
        }
        for (&n, e) in &entries {
            if u64::from(n) >= size {
                return Err(refuse(format!("đối tượng {n} nằm ngoài /Size {size}")));
            }
            if let Entry::Offset { offset, generation } = *e {
                // an update lists only what it writes, in its own bytes
                if offset < start || offset >= eof {
                    return Err(refuse(format!("đối tượng {n} trỏ ra ngoài phần của phiên bản này (byte {offset})")));
                }
                let mut c = Cur { pdf, at: offset, dup: false };
                let ok = c.int() == Some(i64::from(n))
                    && {
                        c.ws();
                        c.int() == Some(i64::from(generation))
                    }
                    && {
                        c.ws();
                        c.keyword(b"obj")
                    };
                if !ok {
                    return Err(refuse(format!(
                        "bảng xref trỏ đối tượng {n} tới byte {offset}, nơi không có đối tượng đó"
                    )));
                }
                // a dictionary with a key given twice: one reader takes the first, another the last
                c.ws();
                let _ = c.value(DEPTH);
                if c.dup {
                    return Err(refuse(format!("đối tượng {n} có một khóa được ghi hai lần")));
                }
            }
        }
        revisions.push(Revision { start, xref, eof, end, trailer, entries });
        in_streams(pdf, &revisions).map_err(&refuse)?;
    }
    Ok(Structure { revisions })
}

/// The objects the last of `revisions` lists inside object streams are where it says: each
/// object stream (as that revision has it) lists each number once, and at the index the table
/// gives, the number the table gives (a stream listing an object twice is read one way by lopdf,
/// another by poppler).
fn in_streams(pdf: &[u8], revisions: &[Revision]) -> Result<(), String> {
    let revision = revisions.last().expect("a revision");
    let mut headers: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (&n, e) in &revision.entries {
        let Entry::InStream { stream, index } = *e else { continue };
        if let std::collections::btree_map::Entry::Vacant(slot) = headers.entry(stream) {
            let offset = revisions.iter().rev().find_map(|r| match r.entries.get(&stream) {
                Some(Entry::Offset { offset, .. }) => Some(*offset),
                _ => None,
            });
            let Some(offset) = offset else {
                return Err(format!("đối tượng {n} nằm trong luồng đối tượng {stream} không có trong tệp"));
            };
            let numbers =
                object_stream_numbers(pdf, offset).ok_or_else(|| format!("luồng đối tượng {stream} không đọc được"))?;
            let mut seen = std::collections::BTreeSet::new();
            if let Some(twice) = numbers.iter().find(|m| !seen.insert(**m)) {
                return Err(format!("luồng đối tượng {stream} ghi đối tượng {twice} hai lần"));
            }
            slot.insert(numbers);
        }
        if headers[&stream].get(index as usize) != Some(&n) {
            return Err(format!(
                "bảng xref đặt đối tượng {n} ở vị trí {index} của luồng đối tượng {stream}, nơi không có đối tượng đó"
            ));
        }
    }
    Ok(())
}

/// The object numbers an object stream's header lists, in order.
fn object_stream_numbers(pdf: &[u8], offset: usize) -> Option<Vec<u32>> {
    let (dict, mut c) = object_at(pdf, offset)?;
    if dict.get(b"Type".as_slice()) != Some(&Value::Name(b"ObjStm".to_vec())) {
        return None;
    }
    let (Some(Value::Int(n)), Some(Value::Int(first))) = (dict.get(b"N".as_slice()), dict.get(b"First".as_slice()))
    else {
        return None;
    };
    let data = stream_data(&mut c, &dict).ok()?;
    let header = data.get(..usize::try_from(*first).ok()?)?;
    let mut h = Cur { pdf: header, at: 0, dup: false };
    let mut numbers = Vec::new();
    for _ in 0..*n {
        h.ws();
        numbers.push(u32::try_from(h.int()?).ok()?);
        h.ws();
        h.int()?;
    }
    Some(numbers)
}

/// The cross-reference section at `at`: a table and its trailer, or a cross-reference stream.
fn section(pdf: &[u8], at: usize, first: bool) -> Result<(Dict, BTreeMap<u32, Entry>), String> {
    let mut c = Cur { pdf, at, dup: false };
    if c.keyword(b"xref") {
        let mut entries = BTreeMap::new();
        loop {
            c.ws();
            if c.keyword(b"trailer") {
                break;
            }
            let (Some(first_n), Some(count)) = (c.int(), {
                c.ws();
                c.int()
            }) else {
                return Err("bảng xref không đọc được".to_owned());
            };
            if first_n < 0 || !(0..=10_000_000).contains(&count) {
                return Err("bảng xref không đọc được".to_owned());
            }
            for i in 0..count {
                c.ws();
                let offset = c.int();
                c.ws();
                let generation = c.int();
                c.ws();
                let kind = c.regular().to_vec();
                let (Some(offset), Some(generation)) = (offset, generation) else {
                    return Err("bảng xref không đọc được".to_owned());
                };
                let n = u32::try_from(first_n + i).map_err(|_| "bảng xref không đọc được".to_owned())?;
                let entry = match kind.as_slice() {
                    b"n" => Entry::Offset {
                        offset: usize::try_from(offset).map_err(|_| "bảng xref không đọc được".to_owned())?,
                        generation: u16::try_from(generation).map_err(|_| "bảng xref không đọc được".to_owned())?,
                    },
                    b"f" => Entry::Free,
                    _ => return Err("bảng xref không đọc được".to_owned()),
                };
                // an object listed twice in one section: two readers may take either
                if entries.insert(n, entry).is_some() {
                    return Err(format!("đối tượng {n} có hai dòng trong cùng một bảng xref"));
                }
            }
        }
        c.ws();
        let trailer = c.dict(DEPTH).ok_or("trailer không đọc được")?;
        return Ok((trailer, entries));
    }
    // a cross-reference stream: `N G obj << /Type /XRef … >> stream … endstream`
    let Some((dict, mut c)) = object_at(pdf, at) else {
        return Err("startxref không trỏ vào bảng xref".to_owned());
    };
    if dict.get(b"Type".as_slice()) != Some(&Value::Name(b"XRef".to_vec())) {
        return Err("startxref không trỏ vào bảng xref".to_owned());
    }
    let _ = first;
    let entries = xref_stream(&mut c, &dict)?;
    Ok((dict, entries))
}

/// The entries of a cross-reference stream whose dictionary `dict` has just been read by `c`.
fn xref_stream(c: &mut Cur, dict: &Dict) -> Result<BTreeMap<u32, Entry>, String> {
    let bad = || "luồng xref không đọc được".to_owned();
    let data = stream_data(c, dict).map_err(|filter| {
        if filter {
            "luồng xref dùng bộ lọc không hỗ trợ".to_owned()
        } else {
            bad()
        }
    })?;
    let ints = |v: Option<&Value>| -> Option<Vec<i64>> {
        match v? {
            Value::Array(a) => a.iter().map(|x| if let Value::Int(i) = x { Some(*i) } else { None }).collect(),
            _ => None,
        }
    };
    let w = ints(dict.get(b"W".as_slice()))
        .filter(|w| w.len() == 3 && w.iter().all(|x| (0..=8).contains(x)))
        .ok_or_else(bad)?;
    let w: Vec<usize> = w.iter().map(|x| *x as usize).collect();
    let row = w.iter().sum::<usize>();
    // PNG predictors (Up), as writers use them for these streams
    let data = match dict.get(b"DecodeParms".as_slice()) {
        None => data,
        Some(Value::Dict(p)) => match (p.get(b"Predictor".as_slice()), p.get(b"Columns".as_slice())) {
            (None | Some(Value::Int(1)), _) => data,
            (Some(Value::Int(10..=15)), Some(Value::Int(cols))) if *cols as usize == row => {
                unpredict(&data, row).ok_or_else(bad)?
            }
            _ => return Err("luồng xref dùng bộ dự đoán không hỗ trợ".to_owned()),
        },
        _ => return Err(bad()),
    };
    let size = match dict.get(b"Size".as_slice()) {
        Some(Value::Int(s)) => *s,
        _ => return Err(bad()),
    };
    let index = ints(dict.get(b"Index".as_slice())).unwrap_or_else(|| vec![0, size]);
    if index.len() % 2 != 0 || row == 0 {
        return Err(bad());
    }
    let field = |bytes: &[u8], default: u64| -> u64 {
        if bytes.is_empty() {
            default
        } else {
            bytes.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b))
        }
    };
    let mut entries = BTreeMap::new();
    let mut rows = data.chunks_exact(row);
    for pair in index.chunks(2) {
        let (first, count) = (pair[0], pair[1]);
        if first < 0 || !(0..=10_000_000).contains(&count) {
            return Err(bad());
        }
        for i in 0..count {
            let r = rows.next().ok_or_else(bad)?;
            let (t, rest) = r.split_at(w[0]);
            let (f2, f3) = rest.split_at(w[1]);
            let n = u32::try_from(first + i).map_err(|_| bad())?;
            let entry = match field(t, 1) {
                0 => Entry::Free,
                1 => Entry::Offset {
                    offset: usize::try_from(field(f2, 0)).map_err(|_| bad())?,
                    generation: u16::try_from(field(f3, 0)).map_err(|_| bad())?,
                },
                2 => Entry::InStream {
                    stream: u32::try_from(field(f2, 0)).map_err(|_| bad())?,
                    index: u32::try_from(field(f3, 0)).map_err(|_| bad())?,
                },
                _ => return Err(bad()),
            };
            if entries.insert(n, entry).is_some() {
                return Err(format!("đối tượng {n} có hai dòng trong cùng một luồng xref"));
            }
        }
    }
    Ok(entries)
}

/// Undoes a PNG predictor over rows of `columns` bytes (each row led by its filter byte).
fn unpredict(data: &[u8], columns: usize) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; columns];
    for chunk in data.chunks(columns + 1) {
        if chunk.len() != columns + 1 {
            return None;
        }
        let (kind, row) = (chunk[0], &chunk[1..]);
        let mut cur = vec![0u8; columns];
        for i in 0..columns {
            let left = if i > 0 { cur[i - 1] } else { 0 };
            let up = prev[i];
            let up_left = if i > 0 { prev[i - 1] } else { 0 };
            cur[i] = match kind {
                0 => row[i],
                1 => row[i].wrapping_add(left),
                2 => row[i].wrapping_add(up),
                3 => row[i].wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => {
                    let p = i16::from(left) + i16::from(up) - i16::from(up_left);
                    let (pa, pb, pc) =
                        ((p - i16::from(left)).abs(), (p - i16::from(up)).abs(), (p - i16::from(up_left)).abs());
                    let pred = if pa <= pb && pa <= pc {
                        left
                    } else if pb <= pc {
                        up
                    } else {
                        up_left
                    };
                    row[i].wrapping_add(pred)
                }
                _ => return None,
            };
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    Some(out)
}

/// The object written at `offset` (`N G obj << … >>`): its dictionary, and a cursor just after
/// it (where a stream's data follows).
fn object_at(pdf: &[u8], offset: usize) -> Option<(Dict, Cur<'_>)> {
    let mut c = Cur { pdf, at: offset, dup: false };
    c.int()?;
    c.ws();
    c.int()?;
    c.ws();
    if !c.keyword(b"obj") {
        return None;
    }
    c.ws();
    let dict = c.dict(DEPTH)?;
    Some((dict, c))
}

/// The data of the stream whose dictionary `dict` `c` has just read: its direct `/Length`, no
/// filter or FlateDecode (at most 64 MiB decoded), as these structures use. `Err(true)`: a filter
/// this reading does not take.
fn stream_data(c: &mut Cur<'_>, dict: &Dict) -> Result<Vec<u8>, bool> {
    c.ws();
    if !c.keyword(b"stream") {
        return Err(false);
    }
    match c.peek() {
        Some(b'\r') if c.pdf.get(c.at + 1) == Some(&b'\n') => c.at += 2,
        Some(b'\n') => c.at += 1,
        _ => return Err(false),
    }
    let Some(Value::Int(len)) = dict.get(b"Length".as_slice()) else { return Err(false) };
    let len = usize::try_from(*len).map_err(|_| false)?;
    let raw = c.pdf.get(c.at..c.at.checked_add(len).ok_or(false)?).ok_or(false)?;
    match dict.get(b"Filter".as_slice()) {
        None => Ok(raw.to_vec()),
        Some(Value::Name(n)) if n == b"FlateDecode" => {
            let mut out = Vec::new();
            let mut z = flate2::read::ZlibDecoder::new(raw);
            std::io::Read::read_to_end(&mut std::io::Read::take(&mut z, 64 << 20), &mut out).map_err(|_| false)?;
            Ok(out)
        }
        _ => Err(true),
    }
}

/// The dictionary of the object written at `offset` (`N G obj << … >>`), with where each of
/// its strings is; `None` when it is not a dictionary that can be read.
pub fn object_dict(pdf: &[u8], offset: usize) -> Option<Dict> {
    object_at(pdf, offset).map(|(dict, _)| dict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dictionary_reads_names_references_arrays_and_strings() {
        let pdf = b"<< /Type /Sig /Contents <0a0B> /ByteRange [0 10 20 30] /P 3 0 R /M (D:2026\\)) /X 1.5 >>";
        let d = Cur { pdf, at: 0, dup: false }.dict(DEPTH).unwrap();
        assert_eq!(d[b"Type".as_slice()], Value::Name(b"Sig".to_vec()));
        let at = pdf.windows(6).position(|w| w == b"<0a0B>").unwrap();
        assert_eq!(d[b"Contents".as_slice()], Value::Str(at, at + 6));
        assert_eq!(d[b"P".as_slice()], Value::Ref(3, 0));
        assert_eq!(
            d[b"ByteRange".as_slice()],
            Value::Array(vec![Value::Int(0), Value::Int(10), Value::Int(20), Value::Int(30)])
        );
        assert_eq!(d[b"X".as_slice()], Value::Real);
        // a key given twice is refused
        assert!(Cur { pdf: b"<< /A 1 /A 2 >>", at: 0, dup: false }.dict(DEPTH).is_none());
    }

    /// A one-revision PDF whose objects 3 (and, with `twice`, 3 again) sit in object stream 2,
    /// listed by a cross-reference stream (object 4) at index `index`.
    fn with_object_stream(twice: bool, index: u8) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let one = pdf.len();
        pdf.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 3 0 R >>\nendobj\n");
        let objects: &[u8] = if twice {
            b"<< /Type /Pages /Kids [] /Count 0 >> << /Type /Pages /Kids [] /Count 1 >>"
        } else {
            b"<< /Type /Pages /Kids [] /Count 0 >>"
        };
        let header = if twice { b"3 0 3 37 ".to_vec() } else { b"3 0 ".to_vec() };
        let n = if twice { 2 } else { 1 };
        let mut data = header.clone();
        data.extend_from_slice(objects);
        let two = pdf.len();
        pdf.extend_from_slice(
            format!("2 0 obj\n<< /Type /ObjStm /N {n} /First {} /Length {} >>\nstream\n", header.len(), data.len())
                .as_bytes(),
        );
        pdf.extend_from_slice(&data);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        let four = pdf.len();
        // W [1 4 1]: type, offset or stream, generation or index
        let mut rows = Vec::new();
        rows.extend_from_slice(&[0, 0, 0, 0, 0, 255]);
        for (kind, field, last) in [(1u8, one as u32, 0u8), (1, two as u32, 0), (2, 2, index), (1, four as u32, 0)] {
            rows.push(kind);
            rows.extend_from_slice(&field.to_be_bytes());
            rows.push(last);
        }
        pdf.extend_from_slice(
            format!("4 0 obj\n<< /Type /XRef /Size 5 /Root 1 0 R /W [1 4 1] /Length {} >>\nstream\n", rows.len())
                .as_bytes(),
        );
        pdf.extend_from_slice(&rows);
        pdf.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{four}\n%%EOF\n").as_bytes());
        pdf
    }

    #[test]
    fn an_object_stream_lists_each_object_once_where_the_table_says() {
        assert!(read(&with_object_stream(false, 0)).is_ok(), "{:?}", read(&with_object_stream(false, 0)).err());
        // the same number twice: lopdf takes the last, poppler the one at the index
        let twice = read(&with_object_stream(true, 0)).unwrap_err();
        assert!(twice.ends_with("luồng đối tượng 2 ghi đối tượng 3 hai lần"), "{twice}");
        // an index that holds no such object
        let elsewhere = read(&with_object_stream(false, 1)).unwrap_err();
        assert!(elsewhere.contains("đặt đối tượng 3 ở vị trí 1 của luồng đối tượng 2"), "{elsewhere}");
    }

    #[test]
    fn the_png_up_predictor_is_undone() {
        // two rows of three columns, the second given as the difference from the first
        let data = [2, 1, 2, 3, 2, 1, 1, 1];
        assert_eq!(unpredict(&data, 3).unwrap(), [1, 2, 3, 2, 3, 4]);
    }
}
