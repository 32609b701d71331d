//! What may follow a signature (signing.md; issue 24, item 2): each revision after the first
//! signature is compared with the one before it, and only what the next stage of baocao's own
//! procedure writes is accepted, as a whitelist:
//!
//! - after the signer's signature (`ky-duyet`), the clerk's revision as `sign issue` writes it: the
//!   organisation's signature (`dong-dau`) added — its widget to a page's `/Annots`, a direct
//!   array, and its field to the form's `/Fields` — and the draft's blank fields `so`, `ngay`,
//!   `kem-theo-N` filled (their `/V` and `/AP` only, from empty);
//! - after the organisation's signature (and after any signature of a PDF baocao did not make),
//!   only what PAdES adds for long-term validation: the catalog's `/DSS` and `/Extensions`, and
//!   document time-stamps (an invisible signature field whose value is a `/DocTimeStamp`); a PDF
//!   made elsewhere may also gain further signatures, each signing its own revision.
//!
//! Anything else — a new catalog or `/Info`, a changed page, an overlay annotation, a field or a
//! signed widget rewritten, an object removed — is a change after signing, named in the verdict.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// A signature of the file, as the change check needs it.
#[derive(Debug, Clone)]
pub struct Signed {
    /// Its field's name (`/T`).
    pub field: String,
    /// Its field's object.
    pub field_id: ObjectId,
    /// The revision its signed bytes end with.
    pub revision: usize,
    /// A document time-stamp (`/Type /DocTimeStamp`), not a person's or an organisation's
    /// signature.
    pub timestamp: bool,
}

/// The draft's blank fields the clerk fills (`sign issue`).
pub(super) fn clerk_field(name: &str) -> bool {
    name == "so" || name == "ngay" || name.starts_with("kem-theo-")
}

/// What a revision may do, by what signed before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// baocao's PDF signed by the signer only: the clerk's revision.
    Clerk,
    /// Signed by the organisation, or a PDF made elsewhere: long-term validation data, and (made
    /// elsewhere) further signatures.
    Later {
        /// Further signatures (not only time-stamps) may be added.
        signatures: bool,
    },
}

/// The changes each revision after a signature makes that its stage does not allow, by revision
/// (index into `structure.revisions`), each named in Vietnamese. `docs[k]` is the document as of
/// revision `k` (read when needed).
pub fn forbidden(
    pdf: &[u8],
    structure: &super::structure::Structure,
    latest: &Document,
    signed: &[Signed],
    baocao: bool,
) -> Vec<(usize, String, bool)> {
    let mut found = Vec::new();
    let last = structure.revisions.len() - 1;
    let load = |k: usize| -> Option<Document> {
        if k == last {
            None
        } else {
            Document::load_mem(&pdf[..structure.revisions[k].end]).ok()
        }
    };
    let mut before: Option<Document> = None;
    for k in 1..structure.revisions.len() {
        let signed_before: Vec<&Signed> = signed.iter().filter(|s| s.revision < k).collect();
        if signed_before.is_empty() {
            continue;
        }
        let prev = match before.take() {
            Some(d) => d,
            None => match load(k - 1) {
                Some(d) => d,
                None => {
                    found.push((k, format!("phiên bản {} không đọc được", k), false));
                    continue;
                }
            },
        };
        let this_owned = load(k);
        let this = this_owned.as_ref().unwrap_or(latest);
        let persons: Vec<&str> = signed_before.iter().filter(|s| !s.timestamp).map(|s| s.field.as_str()).collect();
        let stage = if baocao && persons.contains(&super::APPROVAL_FIELD) && !persons.contains(&super::SEAL_FIELD) {
            Stage::Clerk
        } else {
            Stage::Later { signatures: !baocao }
        };
        let added: Vec<&Signed> = signed.iter().filter(|s| s.revision == k).collect();
        let (mut problems, fills) = revision_changes(&prev, this, stage, &added);
        // the organisation's seal goes over the signer's signature, on its page (sign issue)
        if stage == Stage::Clerk {
            let signer = signed_before.iter().find(|s| s.field == super::APPROVAL_FIELD).map(|s| s.field_id);
            for s in added.iter().filter(|s| s.field == super::SEAL_FIELD) {
                if let Some(why) = seal_misplaced(this, signer, s.field_id) {
                    problems.push(why);
                }
            }
        }
        found.extend(problems.into_iter().map(|why| (k, why, false)));
        found.extend(fills.into_iter().map(|why| (k, why, true)));
        before = this_owned;
    }
    found
}

/// The forbidden changes of `after` over `before` at `stage`, `added` the signatures that sign
/// `after` itself: the changes, and apart the fields filled (a field's value and appearance only,
/// which a later signature of a PDF made elsewhere may sign for).
fn revision_changes(
    before: &Document,
    after: &Document,
    stage: Stage,
    added: &[&Signed],
) -> (Vec<String>, Vec<String>) {
    let mut problems = Vec::new();
    let mut fills = Vec::new();
    // the signatures this revision may add
    let mut new_fields: BTreeSet<ObjectId> = BTreeSet::new();
    for s in added {
        let allowed = match stage {
            Stage::Clerk => !s.timestamp && s.field == super::SEAL_FIELD,
            Stage::Later { signatures } => s.timestamp || signatures,
        };
        if before.objects.contains_key(&s.field_id) {
            problems.push(format!("trường chữ ký {} đã có từ trước nhưng được ký lại", s.field));
        } else if allowed {
            new_fields.insert(s.field_id);
        } else {
            problems.push(format!("chữ ký {} được thêm không đúng trình tự ký của văn bản", s.field));
        }
    }
    if stage == Stage::Clerk && !added.iter().any(|s| s.field == super::SEAL_FIELD) {
        problems.push("văn bản bị sửa sau chữ ký của người ký mà không kèm chữ ký của cơ quan (dong-dau)".to_owned());
    }
    // the trailer names the same catalog and information dictionary
    for key in [b"Root".as_slice(), b"Info".as_slice()] {
        if before.trailer.get(key).ok() != after.trailer.get(key).ok() {
            problems.push(format!("trailer /{} đã bị thay bằng đối tượng khác", String::from_utf8_lossy(key)));
        }
    }
    // a reference the signed revision held to an object it did not have (a dangling one) is
    // not filled in afterwards: the signed document would show something new without a change
    let dangling: BTreeSet<ObjectId> =
        references(before).into_iter().filter(|r| !before.objects.contains_key(r)).collect();
    for id in dangling.iter().filter(|r| after.objects.contains_key(r)) {
        problems.push(format!(
            "đối tượng {} {} được thêm sau khi ký, mà văn bản đã ký đã trỏ tới nó từ trước (tham chiếu treo)",
            id.0, id.1
        ));
    }
    // after the organisation's signature, the long-term validation data may grow: the objects
    // only the catalog's /DSS reaches (a DSS pointed at a page makes no page changeable)
    let dss = match stage {
        Stage::Later { .. } => dss_only(before),
        Stage::Clerk => BTreeSet::new(),
    };
    // and only grow: nothing it held is taken out (second hostile review: the data that proves a
    // signature, or a CRL that revokes its signer, could be dropped after a document time-stamp)
    if matches!(stage, Stage::Later { .. }) {
        let after_entries = dss_entries(after);
        let gone: Vec<String> = dss_entries(before).into_iter().filter(|e| !after_entries.contains(e)).collect();
        if !gone.is_empty() {
            let shown: Vec<&str> = gone.iter().take(5).map(String::as_str).collect();
            problems.push(format!(
                "dữ liệu xác thực dài hạn (/DSS) bị bớt {} mục: {}{}",
                gone.len(),
                shown.join(", "),
                if gone.len() > shown.len() { ", …" } else { "" }
            ));
        }
    }
    for (id, old) in &before.objects {
        let Some(new) = after.objects.get(id) else {
            problems.push(format!("đối tượng {} {} đã bị xóa", id.0, id.1));
            continue;
        };
        if same(old, new) {
            continue;
        }
        let plain = |o: &Object| matches!(o, Object::Dictionary(_) | Object::Array(_));
        if dss.contains(id) && plain(old) && plain(new) {
            continue;
        }
        if let Err(why) = changed(before, after, *id, old, new, stage, &new_fields) {
            let why = format!("đối tượng {} {} bị sửa: {why}", id.0, id.1);
            if filled(old, new) {
                fills.push(why);
            } else {
                problems.push(why);
            }
        }
    }
    if stage == Stage::Clerk {
        problems.extend(clerk_values_agree(before, after));
    }
    let signer_widget = before.objects.values().filter_map(|o| o.as_dict().ok()).find(|d| {
        d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice()) && name_of(d) == super::APPROVAL_FIELD
    });
    // a new signature field is a signature field and its widget, nothing more (no annotation of
    // another kind drawn from its own coordinates, no action); a time-stamp's draws nothing; the
    // organisation's seal is a seal's size
    for id in &new_fields {
        let Ok(field) = after.get_dictionary(*id) else { continue };
        problems.extend(field_shape(field));
        let timestamp = added.iter().any(|s| s.field_id == *id && s.timestamp);
        if timestamp && !invisible(after, field) {
            problems.push(format!("dấu thời gian {} có hình hiển thị trên trang", name_of(field)));
        }
        if stage == Stage::Clerk && !timestamp {
            problems.extend(oversized(after, field, signer_widget));
            problems.extend(seal_appearance(after, field));
        }
        // listed by the page it says it is on, and by no other page
        problems.extend(listed_by_its_page(after, *id, field));
    }
    (problems, fills)
}

/// The keys a signature field merged with its widget may have (ISO 32000-1 §12.5.2, §12.7.3,
/// §12.7.4.5): nothing that makes it another kind of annotation or runs an action.
const SIGNATURE_FIELD_KEYS: &[&[u8]] = &[
    b"Type",
    b"Subtype",
    b"FT",
    b"T",
    b"TU",
    b"TM",
    b"V",
    b"F",
    b"Ff",
    b"Rect",
    b"P",
    b"AP",
    b"Lock",
    b"SV",
    b"MK",
    b"DA",
    b"Border",
    b"BS",
    b"NM",
    b"M",
    b"StructParent",
];

/// What a new signature field has that a signature field's widget does not.
fn field_shape(field: &Dictionary) -> Vec<String> {
    let name = name_of(field);
    let mut out: Vec<String> = field
        .iter()
        .map(|(k, _)| k)
        .filter(|k| !SIGNATURE_FIELD_KEYS.contains(&k.as_slice()))
        .map(|k| {
            format!(
                "trường chữ ký {name} có khóa /{} của một chú thích hoặc hành động khác",
                String::from_utf8_lossy(k)
            )
        })
        .collect();
    if field.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Widget".as_slice()) {
        out.push(format!("trường chữ ký {name} không phải một widget (/Subtype /Widget)"));
    }
    if field.get(b"Type").is_ok_and(|t| t.as_name().ok() != Some(b"Annot".as_slice())) {
        out.push(format!("trường chữ ký {name} có /Type không phải /Annot"));
    }
    out
}

/// The largest a seal's widget may be, each side: 60 mm (a round seal is 35–42 mm).
const SEAL_MAX: f32 = 60.0 * 72.0 / 25.4;

/// A widget's `/Rect` (read through references).
fn rect_of(doc: &Document, field: &Dictionary) -> Option<[f32; 4]> {
    let resolve = |o: &Object| doc.dereference(o).map(|(_, o)| o.clone()).ok();
    let rect: Option<Vec<f32>> = field
        .get(b"Rect")
        .ok()
        .and_then(resolve)
        .and_then(|r| r.as_array().ok().cloned())
        .and_then(|a| a.iter().map(|v| resolve(v).and_then(|v| v.as_float().ok())).collect());
    rect.and_then(|r| <[f32; 4]>::try_from(r).ok())
}

/// A new signature widget of the clerk's revision larger, each side, than a seal or the signer's
/// own widget (one the size of the page could paint over what the signer approved).
fn oversized(doc: &Document, field: &Dictionary, signer: Option<&Dictionary>) -> Option<String> {
    let size = |r: [f32; 4]| ((r[2] - r[0]).abs(), (r[3] - r[1]).abs());
    let (w, h) = signer.and_then(|s| rect_of(doc, s)).map_or((0.0, 0.0), size);
    let (max_w, max_h) = (SEAL_MAX.max(w), SEAL_MAX.max(h));
    match rect_of(doc, field).map(size) {
        Some((x, y)) if x <= max_w + 0.01 && y <= max_h + 0.01 => None,
        _ => Some(format!(
            "hình của chữ ký {} lớn hơn một con dấu (tối đa 60 × 60 mm) và chữ ký của người ký, hoặc không có /Rect hợp lệ",
            name_of(field)
        )),
    }
}

/// The pages of `doc` whose `/Annots` hold a reference to `id`.
fn pages_listing(doc: &Document, id: ObjectId) -> Vec<ObjectId> {
    doc.get_pages()
        .values()
        .copied()
        .filter(|page| {
            let annots = doc
                .get_dictionary(*page)
                .ok()
                .and_then(|p| p.get(b"Annots").ok())
                .and_then(|a| doc.dereference(a).ok())
                .and_then(|(_, a)| a.as_array().ok().cloned())
                .unwrap_or_default();
            annots.iter().any(|a| a.as_reference().ok() == Some(id))
        })
        .collect()
}

/// A new widget `id` is listed in the `/Annots` of the page its `/P` names, and of no other
/// (hostile review: a seal whose `/P` named the signer's page, listed by another page, painted
/// over that page's figures).
fn listed_by_its_page(doc: &Document, id: ObjectId, field: &Dictionary) -> Option<String> {
    let own = field.get(b"P").and_then(Object::as_reference).ok();
    let pages = pages_listing(doc, id);
    match (own, &pages[..]) {
        (Some(p), [q]) if p == *q => None,
        (_, []) if invisible(doc, field) => None,
        _ => Some(format!(
            "trường chữ ký {} không nằm đúng một trang (/P và /Annots của trang không khớp)",
            name_of(field)
        )),
    }
}

/// The organisation's seal drawn as `sign issue` draws it: the appearance only places one image
/// (`q W 0 0 H 0 0 cm /Im1 Do Q`, its box the widget's size), an 8-bit RGB or grey image with an
/// optional soft mask, compressed with Flate, opaque white over at most a tenth of it (hostile
/// review: a seal within the size limit painted white over the signer's title).
fn seal_appearance(doc: &Document, field: &Dictionary) -> Option<String> {
    let name = name_of(field);
    let not_ours = |why: &str| Some(format!("hình của chữ ký {name} không phải hình con dấu như baocao vẽ: {why}"));
    let resolve = |o: &Object| doc.dereference(o).ok().map(|(_, o)| o.clone());
    let Some(Object::Dictionary(ap)) = field.get(b"AP").ok().and_then(resolve) else {
        return not_ours("không có /AP");
    };
    if ap.len() != 1 {
        return not_ours("/AP có nhiều hơn một hình (/N)");
    }
    let Some(Object::Stream(form)) = ap.get(b"N").ok().and_then(resolve) else {
        return not_ours("/AP /N không phải một luồng");
    };
    let numbers = |o: Option<Object>| -> Option<Vec<f32>> {
        o?.as_array().ok()?.iter().map(|v| resolve(v).and_then(|v| v.as_float().ok())).collect()
    };
    let bbox = numbers(form.dict.get(b"BBox").ok().cloned()).unwrap_or_default();
    let (w, h) = match bbox[..] {
        [x, y, w, h] if x == 0.0 && y == 0.0 => (w, h),
        _ => return not_ours("/BBox không phải [0 0 W H]"),
    };
    if form.dict.get(b"Matrix").is_ok() {
        return not_ours("/Matrix");
    }
    if let Some([x1, y1, x2, y2]) = rect_of(doc, field) {
        if ((x2 - x1).abs() - w).abs() > 0.05 || ((y2 - y1).abs() - h).abs() > 0.05 {
            return not_ours("/BBox không bằng /Rect");
        }
    }
    let content = match form.dict.get(b"Filter") {
        Err(_) => Some(form.content.clone()),
        Ok(f) if f.as_name().ok() == Some(b"FlateDecode".as_slice()) => inflate_at_most(&form.content, 4096),
        Ok(_) => None,
    };
    let Some(content) = content else { return not_ours("nội dung nén không đọc được") };
    let words: Vec<&str> = std::str::from_utf8(&content).unwrap_or("").split_whitespace().collect();
    let is = |s: &str, v: f32| s.parse::<f32>().is_ok_and(|x| (x - v).abs() < 0.05);
    let drawn = matches!(words[..], ["q", a, "0", "0", d, "0", "0", "cm", "/Im1", "Do", "Q"] if is(a, w) && is(d, h));
    if !drawn {
        return not_ours("nội dung không chỉ đặt một hình ảnh");
    }
    let resources = form.dict.get(b"Resources").ok().and_then(resolve);
    let xobjects = resources
        .as_ref()
        .and_then(|r| r.as_dict().ok())
        .filter(|r| r.len() == 1)
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(resolve);
    let image = xobjects
        .as_ref()
        .and_then(|x| x.as_dict().ok())
        .filter(|x| x.len() == 1)
        .and_then(|x| x.get(b"Im1").ok())
        .and_then(resolve);
    let Some(Object::Stream(image)) = image else {
        return not_ours("tài nguyên không phải đúng một hình ảnh /Im1");
    };
    let plain = |s: &lopdf::Stream, gray: bool| -> Option<(i64, i64, Vec<u8>)> {
        let d = &s.dict;
        let name = |k: &[u8]| d.get(k).and_then(Object::as_name).ok();
        let int = |k: &[u8]| d.get(k).and_then(Object::as_i64).ok();
        // the keys sign issue writes, none other (a hostile review: /ImageMask true over an RGB
        // image was drawn by mupdf as a black box over the signer's name, by poppler not at all)
        let keys: &[&[u8]] =
            &[b"Type", b"Subtype", b"Width", b"Height", b"ColorSpace", b"BitsPerComponent", b"Filter", b"Length"];
        if !d.iter().all(|(k, _)| keys.contains(&k.as_slice()) || (!gray && k.as_slice() == b"SMask")) {
            return None;
        }
        (name(b"Subtype") == Some(b"Image".as_slice())
            && name(b"Filter") == Some(b"FlateDecode".as_slice())
            && int(b"BitsPerComponent") == Some(8)
            && d.get(b"DecodeParms").is_err()
            && d.get(b"Decode").is_err()
            && (name(b"ColorSpace") == Some(b"DeviceGray".as_slice())
                || (!gray && name(b"ColorSpace") == Some(b"DeviceRGB".as_slice()))))
        .then_some(())?;
        let (iw, ih) = (int(b"Width")?, int(b"Height")?);
        if !(1..=i64::from(super::image::MAX_SIDE)).contains(&iw)
            || !(1..=i64::from(super::image::MAX_SIDE)).contains(&ih)
        {
            return None;
        }
        // never more than the image's own size (a compressed bomb stops there)
        let size = usize::try_from(iw * ih).ok()?
            * if gray || name(b"ColorSpace") == Some(b"DeviceGray".as_slice()) { 1 } else { 3 };
        let data = inflate_at_most(&s.content, size)?;
        Some((iw, ih, data))
    };
    let Some((iw, ih, color)) = plain(&image, false) else {
        return not_ours("hình ảnh không phải ảnh RGB/xám 8 bit nén Flate");
    };
    let components = if image.dict.get(b"ColorSpace").and_then(Object::as_name).ok() == Some(b"DeviceRGB".as_slice()) {
        3
    } else {
        1
    };
    let pixels = usize::try_from(iw * ih).unwrap_or(0);
    if color.len() != pixels * components {
        return not_ours("số điểm ảnh không khớp kích thước");
    }
    let mask = match image.dict.get(b"SMask").ok().and_then(resolve) {
        None => None,
        Some(Object::Stream(m)) => match plain(&m, true) {
            Some((mw, mh, a)) if mw == iw && mh == ih && a.len() == pixels => Some(a),
            _ => return not_ours("/SMask không phải mặt nạ xám cùng kích thước"),
        },
        Some(_) => return not_ours("/SMask không phải một luồng"),
    };
    let share = super::image::opaque_ground_share(&color, components, mask.as_deref());
    (share > super::image::SEAL_MAX_OPAQUE_GROUND).then(|| {
        format!(
            "hình của chữ ký {name} có phần đục không phải mực dấu đỏ che {}% diện tích (tối đa 10%): con dấu có thể che nội dung người ký đã ký",
            (share * 100.0).round()
        )
    })
}

/// `data` inflated (zlib), when it gives at most `limit` bytes.
pub(super) fn inflate_at_most(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    use std::io::Read as _;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data).take(limit as u64 + 1).read_to_end(&mut out).ok()?;
    (out.len() <= limit).then_some(out)
}

/// `old` → `new` fills a form field: only its value and appearance changed.
fn filled(old: &Object, new: &Object) -> bool {
    let (Ok(b), Ok(a)) = (old.as_dict(), new.as_dict()) else { return false };
    !matches!(old, Object::Stream(_))
        && !matches!(new, Object::Stream(_))
        && b.get(b"FT").is_ok_and(|t| t.as_name().ok() != Some(b"Sig".as_slice()))
        && same(b.get(b"FT").unwrap_or(&Object::Null), a.get(b"FT").unwrap_or(&Object::Null))
        && other_keys(b, a, &[b"V", b"AP", b"AS"]).is_empty()
}

/// The digit runs of `text`, in order.
fn digit_runs(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit()).filter(|r| !r.is_empty()).map(str::to_owned).collect()
}

/// What the clerk wrote into the blanks agrees: each appendix's reference carries the header's
/// number and date, and the date is a real one (hostile review: 130 in the header, 131 in an
/// appendix; `tháng 99`).
fn clerk_values_agree(before: &Document, after: &Document) -> Vec<String> {
    let values = |doc: &Document| -> std::collections::BTreeMap<String, String> {
        doc.objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Tx".as_slice()))
            .map(|d| (name_of(d), d.get(b"V").ok().and_then(|v| lopdf::decode_text_string(v).ok()).unwrap_or_default()))
            .filter(|(n, _)| clerk_field(n))
            .collect()
    };
    let (was, is) = (values(before), values(after));
    // the digits the clerk wrote into a field
    let written = |name: &str| -> Option<Vec<String>> {
        let mut old = digit_runs(was.get(name)?);
        let mut out = Vec::new();
        for run in digit_runs(is.get(name)?) {
            match old.iter().position(|o| *o == run) {
                Some(i) => {
                    old.remove(i);
                }
                None => out.push(run),
            }
        }
        Some(out)
    };
    let mut problems = Vec::new();
    let (number, date) = (written("so"), written("ngay"));
    let expected: Vec<String> = number.iter().flatten().chain(date.iter().flatten()).cloned().collect();
    for name in is.keys().filter(|n| n.starts_with("kem-theo-")) {
        if written(name).is_some_and(|w| !w.is_empty() && w != expected) {
            problems.push(format!("trường {name} ghi số hoặc ngày khác với số và ngày ở đầu văn bản"));
        }
    }
    if let (Some(date), Some(text)) = (&date, is.get("ngay")) {
        let year = text
            .split_whitespace()
            .skip_while(|w| *w != "năm")
            .nth(1)
            .and_then(|y| y.trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok());
        let real = match (&date[..], year) {
            ([d, m], Some(y)) => {
                chrono::NaiveDate::from_ymd_opt(y, m.parse().unwrap_or(0), d.parse().unwrap_or(0)).is_some()
            }
            _ => false,
        };
        if !real {
            problems.push(format!("ngày ban hành {} không phải một ngày có thật", crate::input::quote_text(text)));
        }
    }
    problems
}

/// Where the organisation's seal widget `seal` is not: on the signer's widget's page, over the
/// signer's signature (their rectangles meet), as `sign issue` sets it.
fn seal_misplaced(doc: &Document, signer: Option<ObjectId>, seal: ObjectId) -> Option<String> {
    let widget = |id: ObjectId| doc.get_dictionary(id).ok();
    let rect = |d: &Dictionary| -> Option<[f32; 4]> {
        let a = d.get(b"Rect").and_then(Object::as_array).ok()?;
        let v: Vec<f32> = a.iter().filter_map(|x| x.as_float().ok()).collect();
        <[f32; 4]>::try_from(v).ok()
    };
    let (Some(signer), Some(seal)) = (signer.and_then(widget), widget(seal)) else {
        return Some("không tìm thấy chữ ký của người ký hoặc con dấu".to_owned());
    };
    if signer.get(b"P").ok() != seal.get(b"P").ok() {
        return Some("con dấu (dong-dau) không nằm trên trang có chữ ký của người ký".to_owned());
    }
    // where sign issue sets it (issue::seal_rect, Decree 30/2020 Phụ lục I: over about a third of
    // the signer's signature image, on its left): its right edge a third into the signer's image,
    // its middle at the image's middle. Meeting the signature anywhere was not enough (a fourth
    // hostile review: a seal moved up or down to touch the signer's widget by 0.6 pt covered the
    // signer's name or title with words of its own)
    let normal = |r: [f32; 4]| [r[0].min(r[2]), r[1].min(r[3]), r[0].max(r[2]), r[1].max(r[3])];
    match (rect(signer).map(normal), rect(seal).map(normal)) {
        (Some(a), Some(b))
            if (b[2] - (a[0] + (a[2] - a[0]) / 3.0)).abs() <= SEAL_PLACE_TOLERANCE
                && ((b[1] + b[3]) / 2.0 - (a[1] + a[3]) / 2.0).abs() <= SEAL_PLACE_TOLERANCE =>
        {
            None
        }
        _ => Some(
            "con dấu (dong-dau) không đóng đúng chỗ: trùm lên khoảng 1/3 hình chữ ký của người ký về phía bên trái, giữa theo chiều cao (Nghị định 30/2020/NĐ-CP, Phụ lục I), như baocao sign issue đóng"
                .to_owned(),
        ),
    }
}

/// How far (points) a seal may be from where sign issue sets it (its numbers written rounded).
const SEAL_PLACE_TOLERANCE: f32 = 1.0;

/// Two values the same for every reader: strings by their bytes (literal or hex), numbers by
/// their type and value (`300` and `300.0` are not the same: a reader may refuse a real where an
/// integer is due, as poppler refuses an image's `/Width 300.0`), streams by their raw bytes, the
/// rest alike.
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::String(x, _), Object::String(y, _)) => x == y,
        (Object::Integer(x), Object::Integer(y)) => x == y,
        (Object::Real(x), Object::Real(y)) => x == y,
        (Object::Array(x), Object::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Object::Dictionary(x), Object::Dictionary(y)) => same_dict(x, y),
        (Object::Stream(x), Object::Stream(y)) => same_dict(&x.dict, &y.dict) && x.content == y.content,
        _ => a == b,
    }
}

fn same_dict(x: &Dictionary, y: &Dictionary) -> bool {
    x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_ok_and(|w| same(v, w)))
}

/// The objects of `doc` that its catalog's `/DSS` reaches and nothing else does (the trailer, the
/// catalog's other entries, and what they reach).
fn dss_only(doc: &Document) -> BTreeSet<ObjectId> {
    fn reach(doc: &Document, from: &Object, seen: &mut BTreeSet<ObjectId>) {
        let mut stack = vec![from.clone()];
        while let Some(o) = stack.pop() {
            match o {
                Object::Reference(r) if seen.insert(r) => {
                    if let Ok(next) = doc.get_object(r) {
                        stack.push(next.clone());
                    }
                }
                Object::Array(a) => stack.extend(a),
                Object::Dictionary(d) => stack.extend(d.into_iter().map(|(_, v)| v)),
                Object::Stream(s) => stack.extend(s.dict.into_iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }
    let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference) else { return BTreeSet::new() };
    let Ok(catalog) = doc.get_dictionary(root) else { return BTreeSet::new() };
    let Ok(dss) = catalog.get(b"DSS") else { return BTreeSet::new() };
    let mut from_dss = BTreeSet::new();
    reach(doc, dss, &mut from_dss);
    // everything else: the trailer's entries (the catalog itself, without its /DSS) and every
    // object nothing reaches from the catalog but that another object of the file could name
    let mut elsewhere = BTreeSet::from([root]);
    for (k, v) in doc.trailer.iter() {
        if k != b"Root" {
            reach(doc, v, &mut elsewhere);
        }
    }
    for (k, v) in catalog.iter() {
        if k != b"DSS" {
            reach(doc, v, &mut elsewhere);
        }
    }
    from_dss.difference(&elsewhere).copied().collect()
}

/// What the catalog's `/DSS` of `doc` holds, each entry named: the objects its `/Certs`, `/OCSPs`,
/// `/CRLs` name (its `/VRI` is an index of those, which another tool may write anew: third
/// hostile review, pyHanko's update rewrote it).
fn dss_entries(doc: &Document) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let resolve = |o: &Object| doc.dereference(o).ok().map(|(_, o)| o.clone());
    let Some(Object::Dictionary(store)) = doc.catalog().ok().and_then(|c| c.get(b"DSS").ok()).and_then(resolve) else {
        return out;
    };
    let list = |o: Option<Object>| -> Vec<String> {
        match o {
            Some(Object::Array(items)) => items
                .iter()
                .map(|i| match i {
                    Object::Reference(r) => format!("{} {}", r.0, r.1),
                    other => format!("{other:?}"),
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    for key in ["Certs", "OCSPs", "CRLs"] {
        for item in list(store.get(key.as_bytes()).ok().and_then(resolve)) {
            out.insert(format!("/{key} {item}"));
        }
    }
    out
}

/// Every reference any object of `doc` holds.
pub(super) fn references(doc: &Document) -> BTreeSet<ObjectId> {
    fn walk(o: &Object, out: &mut BTreeSet<ObjectId>) {
        match o {
            Object::Reference(r) => {
                out.insert(*r);
            }
            Object::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Object::Dictionary(d) => d.iter().for_each(|(_, x)| walk(x, out)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, x)| walk(x, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for o in doc.objects.values() {
        walk(o, &mut out);
    }
    for (_, v) in doc.trailer.iter() {
        walk(v, &mut out);
    }
    out
}

fn name_of(d: &Dictionary) -> String {
    d.get(b"T").ok().and_then(|t| lopdf::decode_text_string(t).ok()).unwrap_or_default()
}

/// A widget with no area, or hidden (its `/Rect` and `/F` read through references; a rectangle
/// that is not four numbers counts as visible).
fn invisible(doc: &Document, d: &Dictionary) -> bool {
    let resolve = |o: &Object| doc.dereference(o).map(|(_, o)| o.clone()).ok();
    let rect: Option<Vec<f32>> = d
        .get(b"Rect")
        .ok()
        .and_then(resolve)
        .and_then(|r| r.as_array().ok().cloned())
        .and_then(|a| a.iter().map(|v| resolve(v).and_then(|v| v.as_float().ok())).collect());
    let area = match rect.as_deref() {
        Some([x1, y1, x2, y2]) => ((x2 - x1) * (y2 - y1)).abs(),
        _ => f32::INFINITY,
    };
    let hidden = d.get(b"F").ok().and_then(resolve).and_then(|f| f.as_i64().ok()).is_some_and(|f| f & 2 != 0);
    area < 1e-3 || hidden
}

/// The keys of two dictionaries that differ, but those in `allowed`.
fn other_keys(a: &Dictionary, b: &Dictionary, allowed: &[&[u8]]) -> Vec<String> {
    let keys: BTreeSet<&Vec<u8>> = a.iter().map(|(k, _)| k).chain(b.iter().map(|(k, _)| k)).collect();
    keys.into_iter()
        .filter(|k| {
            let differ = match (a.get(k).ok(), b.get(k).ok()) {
                (Some(x), Some(y)) => !same(x, y),
                (x, y) => x != y,
            };
            differ && !allowed.contains(&k.as_slice())
        })
        .map(|k| format!("/{}", String::from_utf8_lossy(k)))
        .collect()
}

/// `after` is `before` with entries added at its end, each one of `new`.
fn grows_by(before: &[Object], after: &[Object], new: &BTreeSet<ObjectId>) -> bool {
    after.len() >= before.len()
        && after[..before.len()].iter().zip(before).all(|(x, y)| same(x, y))
        && after[before.len()..].iter().all(|o| o.as_reference().is_ok_and(|r| new.contains(&r)))
}

/// Whether object `id`, `old` before and `new` after, changed only as `stage` allows.
fn changed(
    before: &Document,
    after: &Document,
    id: ObjectId,
    old: &Object,
    new: &Object,
    stage: Stage,
    new_fields: &BTreeSet<ObjectId>,
) -> Result<(), String> {
    let (Ok(b), Ok(a)) = (old.as_dict(), new.as_dict()) else {
        return Err("nội dung đã khác".to_owned());
    };
    if matches!(old, Object::Stream(_)) || matches!(new, Object::Stream(_)) {
        return Err("luồng nội dung đã khác".to_owned());
    }
    let kind = b.get(b"Type").and_then(Object::as_name).ok();
    let keys = |allowed: &[&[u8]]| -> Result<(), String> {
        let other = other_keys(b, a, allowed);
        if other.is_empty() {
            Ok(())
        } else {
            Err(format!("khóa {} đã khác", other.join(", ")))
        }
    };
    // a page: only its annotations, gaining the new signatures' widgets
    if kind == Some(b"Page".as_slice()) {
        keys(&[b"Annots"])?;
        let old_annots = match b.get(b"Annots") {
            Ok(Object::Reference(r)) => before.get_object(*r).and_then(Object::as_array).cloned().unwrap_or_default(),
            Ok(Object::Array(v)) => v.clone(),
            _ => Vec::new(),
        };
        let Ok(Object::Array(new_annots)) = a.get(b"Annots") else {
            return Err("/Annots không phải một mảng trực tiếp".to_owned());
        };
        if !grows_by(&old_annots, new_annots, new_fields) {
            return Err("/Annots có chú thích mới không phải chữ ký được phép".to_owned());
        }
        return Ok(());
    }
    // the catalog: long-term validation data after the organisation's signature
    if kind == Some(b"Catalog".as_slice()) {
        // the developer extensions a PAdES signer declares (ESIC), which draw nothing, with any
        // signature; long-term validation data after the organisation's
        let allowed: &[&[u8]] = match stage {
            Stage::Clerk => &[b"Extensions"],
            Stage::Later { .. } => &[b"DSS", b"Extensions"],
        };
        keys(allowed)?;
        return Ok(());
    }
    // the form: its fields, gaining the new signatures
    if b.get(b"Fields").is_ok() && b.get(b"FT").is_err() {
        keys(&[b"Fields", b"SigFlags"])?;
        let fields = |d: &Dictionary| d.get(b"Fields").and_then(Object::as_array).cloned().unwrap_or_default();
        if !grows_by(&fields(b), &fields(a), new_fields) {
            return Err("/Fields có trường mới không phải chữ ký được phép".to_owned());
        }
        return Ok(());
    }
    // the clerk fills the draft's blank fields, from empty
    let name = name_of(b);
    let text_field = b.get(b"FT").and_then(Object::as_name).ok() == Some(b"Tx".as_slice());
    if stage == Stage::Clerk && text_field && clerk_field(&name) && name == name_of(a) {
        keys(&[b"V", b"AP"])?;
        let value =
            |d: &Dictionary| d.get(b"V").ok().and_then(|v| lopdf::decode_text_string(v).ok()).unwrap_or_default();
        let (was, is) = (value(b), value(a));
        if !fills(&was, &is) {
            return Err(format!(
                "trường {name} không chỉ được điền số vào chỗ trống: {} thành {}",
                crate::input::quote_text(&was),
                crate::input::quote_text(&is)
            ));
        }
        // what the page showed and shows is the value: before, the blank as baocao drew it
        // (nothing hidden under it to be revealed), after, the filled value as `sign issue`
        // draws it
        if !blank_shows_value(before, b, &was) {
            return Err(format!(
                "hình hiển thị của trường {name} trước khi điền không phải hình của giá trị {}",
                crate::input::quote_text(&was)
            ));
        }
        if !shows_value_in(after, before, b, a, &is) {
            return Err(format!(
                "hình hiển thị của trường {name} không phải hình của giá trị {}",
                crate::input::quote_text(&is)
            ));
        }
        return Ok(());
    }
    // the document information dictionary: its date and the tools' names, which tools that sign
    // or add long-term validation data update (nothing a page shows)
    let info = before.trailer.get(b"Info").and_then(Object::as_reference).ok();
    if info == Some(id) {
        return keys(&[b"ModDate", b"Producer", b"Creator"]);
    }
    let _ = after;
    Err(format!(
        "{}{}",
        if name.is_empty() { String::new() } else { format!("trường {name}: ") },
        other_keys(b, a, &[]).join(", ")
    ))
}

/// `new` is `old` with digits written into its blanks (the clerk's number and date: `Số:      /…`
/// → `Số: 123/…`, `ngày      tháng` → `ngày 21 tháng`): every word of `old` kept as it is, in
/// order, and between two words (or at either end) only white space and at most one run of
/// digits.
pub fn fills(old: &str, new: &str) -> bool {
    // old as words and the gaps between them: a gap may take digits
    let words: Vec<&str> = old.split(char::is_whitespace).filter(|w| !w.is_empty()).collect();
    let new: Vec<char> = new.chars().collect();
    // the white space, digits, white space a gap may become, from `at`: where each may end
    let gap_ends = |at: usize| -> Vec<usize> {
        let mut ends = Vec::new();
        let mut i = at;
        while i < new.len() && new[i].is_whitespace() {
            i += 1;
        }
        // white space only, before any digit
        for k in at..=i {
            ends.push(k);
        }
        // digits stand apart from the word before (a space, or the text's start), and from the
        // word after (a space, the text's end, or the `/` of a symbol: `Số: 130/BC-…`): never
        // written into a word (`năm 20265`)
        if i > at || at == 0 {
            let mut j = i;
            while j < new.len() && new[j].is_ascii_digit() && j - i < 10 {
                j += 1;
            }
            if j > i {
                let mut k = j;
                if k == new.len() || new[k] == '/' {
                    ends.push(k);
                }
                while k < new.len() && new[k].is_whitespace() {
                    k += 1;
                    ends.push(k);
                }
            }
        }
        ends.sort_unstable();
        ends.dedup();
        ends
    };
    fn matches(words: &[&str], new: &[char], at: usize, gap_ends: &dyn Fn(usize) -> Vec<usize>) -> bool {
        for end in gap_ends(at) {
            match words.split_first() {
                None if end == new.len() => return true,
                None => {}
                Some((word, rest)) => {
                    let w: Vec<char> = word.chars().collect();
                    if new.get(end..end + w.len()) == Some(&w[..]) && matches(rest, new, end + w.len(), gap_ends) {
                        return true;
                    }
                }
            }
        }
        false
    }
    matches(&words, &new, 0, &gap_ends)
}

/// The field `shown` (its appearance read in `doc`) draws `value` exactly as `sign issue` draws
/// it for the blank field `blank` (in `before`): one normal appearance (no `/D` or `/R` to show
/// something else), its content, box and resources, and nothing else that changes how it is
/// drawn (`/Matrix`, `/OC`, …).
pub(super) fn shows_value_in(
    doc: &Document,
    before: &Document,
    blank: &Dictionary,
    shown: &Dictionary,
    value: &str,
) -> bool {
    let Ok(ap) = shown.get(b"AP").and_then(Object::as_dict) else { return false };
    if ap.len() != 1 {
        return false;
    }
    let stream = ap.get(b"N").and_then(|n| doc.dereference(n)).and_then(|(_, o)| o.as_stream()).ok();
    let expected = super::issue::redrawn(before, blank, value).ok();
    match (stream, expected) {
        (Some(s), Some(e)) => {
            let Some(content) = plain_content(s) else { return false };
            // numbers as numbers: `0` is read back as an integer
            let bbox = |d: &Dictionary| -> Vec<f32> {
                d.get(b"BBox")
                    .and_then(Object::as_array)
                    .map(|a| a.iter().filter_map(|v| v.as_float().ok()).collect())
                    .unwrap_or_default()
            };
            content == e.content
                && bbox(&s.dict) == bbox(&e.dict)
                && bbox(&s.dict).len() == 4
                && s.dict.get(b"Resources").ok() == e.dict.get(b"Resources").ok()
                && s.dict.iter().all(|(k, _)| {
                    matches!(
                        k.as_slice(),
                        b"Type" | b"Subtype" | b"BBox" | b"Resources" | b"Length" | b"Filter" | b"FormType"
                    )
                })
        }
        _ => false,
    }
}

/// The blank field `blank` (in `before`) draws its value's text and nothing else: only text
/// operators in its appearance, their glyphs those `sign issue` would set for `value` (the
/// positions are `baocao generate`'s own). A draft whose field draws something else — a white
/// box hiding signed text, other glyphs — would reveal it when the clerk fills the field.
pub(super) fn blank_shows_value(before: &Document, blank: &Dictionary, value: &str) -> bool {
    let Ok(ap) = blank.get(b"AP").and_then(Object::as_dict) else { return false };
    if ap.len() != 1 {
        return false;
    }
    let Some(stream) = ap.get(b"N").and_then(|n| before.dereference(n)).and_then(|(_, o)| o.as_stream()).ok() else {
        return false;
    };
    let keys_ok = stream.dict.iter().all(|(k, _)| {
        matches!(k.as_slice(), b"Type" | b"Subtype" | b"BBox" | b"Resources" | b"Length" | b"Filter" | b"FormType")
    });
    let Some(content) = plain_content(stream) else { return false };
    let Ok(expected) = super::issue::redrawn(before, blank, value) else { return false };
    keys_ok
        && text_shown(&content).is_some()
        && text_shown(&content) == text_shown(&expected.content)
        && stream.dict.get(b"Resources").ok() == expected.dict.get(b"Resources").ok()
}

/// A field appearance's content as baocao writes it — uncompressed, or compressed with Flate
/// alone and no parameters — read strictly; `None` for any other filter, or data that does not
/// inflate. A filter two readers decode differently showed another number than the one verified
/// (a hostile review: `/ASCII85Decode` data with a NUL, where lopdf stops and poppler and mupdf
/// read on, showed 430 while 130 was verified; `/ASCIIHexDecode`, `/RunLengthDecode` or `/Fl`
/// over plain bytes, decoded by none as the raw bytes lopdf fell back to).
pub(super) fn plain_content(s: &lopdf::Stream) -> Option<Vec<u8>> {
    if s.dict.get(b"DecodeParms").is_ok() || s.dict.get(b"DL").is_ok() {
        return None;
    }
    match s.dict.get(b"Filter") {
        Err(_) => Some(s.content.clone()),
        Ok(Object::Name(f)) if f == b"FlateDecode" => inflate_at_most(&s.content, 1 << 20),
        Ok(_) => None,
    }
}

/// The glyph strings an appearance shows, when it holds only text operators (no path painted,
/// no image or form drawn, no graphics state changed).
fn text_shown(content: &[u8]) -> Option<Vec<String>> {
    let text = std::str::from_utf8(content).ok()?;
    let mut shown = Vec::new();
    let mut last_operand: Option<&str> = None;
    for token in text.split_whitespace() {
        let operator = token.chars().all(|c| c.is_ascii_alphabetic() || c == '*' || c == '\'' || c == '"');
        if !operator {
            // operands: numbers, names, hex strings (no literal strings, arrays or dictionaries)
            if !(token.starts_with('/')
                || token.starts_with('<') && token.ends_with('>')
                || token.parse::<f64>().is_ok())
            {
                return None;
            }
            last_operand = Some(token);
            continue;
        }
        match token {
            "BMC" | "EMC" | "BT" | "ET" | "Tf" | "Tm" | "Td" => {}
            "Tj" => shown.push(last_operand?.to_ascii_uppercase()),
            _ => return None,
        }
    }
    Some(shown)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The draft of samples/monthly-draft.json, as generate writes it.
    pub(crate) fn draft() -> Document {
        let checked = crate::input::check(include_bytes!("../../samples/monthly-draft.json"));
        let pdf = crate::engine::Engine::bundled().unwrap().pdf(&checked.document.unwrap()).unwrap();
        Document::load_mem(&pdf).unwrap()
    }

    /// The field named `name` of `doc`.
    pub(crate) fn field_named(doc: &Document, name: &str) -> Dictionary {
        doc.objects
            .values()
            .find_map(|o| {
                let d = o.as_dict().ok()?;
                (d.get(b"T").ok().and_then(|t| lopdf::decode_text_string(t).ok()).as_deref() == Some(name))
                    .then(|| d.clone())
            })
            .unwrap()
    }

    /// A filled field's appearance is read as baocao writes it, uncompressed or Flate alone: a
    /// filter readers decode otherwise is refused (a hostile review: /ASCII85Decode data with a
    /// NUL, which lopdf stops at and poppler reads past, showed 430 where 130 was verified; raw
    /// bytes under /ASCIIHexDecode, /RunLengthDecode or /Fl were compared as raw by baocao and
    /// drawn as nothing by readers).
    #[test]
    fn a_filled_fields_appearance_is_read_only_as_baocao_writes_it() {
        use std::io::Write as _;
        let before = draft();
        let blank = field_named(&before, "so");
        let value = "Số: 130/BC-STTTT";
        let expected = super::super::issue::redrawn(&before, &blank, value).unwrap();
        let shows = |filter: Option<Object>, content: Vec<u8>| {
            let mut after = before.clone();
            let mut s = lopdf::Stream::new(expected.dict.clone(), content);
            if let Some(f) = filter {
                s.dict.set("Filter", f);
            }
            let ap = after.add_object(Object::Stream(s));
            let mut shown = blank.clone();
            let mut apd = Dictionary::new();
            apd.set("N", Object::Reference(ap));
            shown.set("AP", Object::Dictionary(apd));
            shows_value_in(&after, &before, &blank, &shown, value)
        };
        assert!(shows(None, expected.content.clone()));
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&expected.content).unwrap();
        let flate = z.finish().unwrap();
        assert!(shows(Some(Object::Name(b"FlateDecode".to_vec())), flate.clone()));
        for f in ["ASCIIHexDecode", "ASCII85Decode", "RunLengthDecode", "Fl", "AHx", "LZWDecode"] {
            assert!(!shows(Some(Object::Name(f.as_bytes().to_vec())), expected.content.clone()), "{f}");
        }
        assert!(!shows(Some(Object::Array(vec![Object::Name(b"FlateDecode".to_vec())])), flate));
    }

    /// A document of `objects` whose catalog is object 1.
    fn document(objects: Vec<(u32, Object)>) -> Document {
        let mut doc = Document::with_version("1.7");
        for (n, o) in objects {
            doc.objects.insert((n, 0), o);
        }
        doc.trailer.set("Root", Object::Reference((1, 0)));
        doc
    }

    /// A document with a page (3) listing the widget 10 and another page (4), the widget's
    /// appearance drawing an image of `w`×`h` pixels of `rgb`, opaque.
    fn sealed(rgb: [u8; 3], listed_by: u32) -> (Document, Dictionary) {
        use std::io::Write as _;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        z.write_all(&rgb.repeat(100)).unwrap();
        let mut image = Dictionary::new();
        for (k, v) in
            [("Type", "XObject"), ("Subtype", "Image"), ("ColorSpace", "DeviceRGB"), ("Filter", "FlateDecode")]
        {
            image.set(k, Object::Name(v.as_bytes().to_vec()));
        }
        image.set("Width", Object::Integer(10));
        image.set("Height", Object::Integer(10));
        image.set("BitsPerComponent", Object::Integer(8));
        let mut form = Dictionary::new();
        form.set("Subtype", Object::Name(b"Form".to_vec()));
        form.set("BBox", Object::Array(vec![0.into(), 0.into(), Object::Real(50.0), Object::Real(50.0)]));
        let mut xobjects = Dictionary::new();
        xobjects.set("Im1", Object::Reference((20, 0)));
        let mut resources = Dictionary::new();
        resources.set("XObject", Object::Dictionary(xobjects));
        form.set("Resources", Object::Dictionary(resources));
        let mut field = Dictionary::new();
        field.set("Type", Object::Name(b"Annot".to_vec()));
        field.set("Subtype", Object::Name(b"Widget".to_vec()));
        field.set("FT", Object::Name(b"Sig".to_vec()));
        field.set("T", Object::string_literal("dong-dau"));
        field.set(
            "Rect",
            Object::Array(vec![Object::Real(100.0), Object::Real(100.0), Object::Real(150.0), Object::Real(150.0)]),
        );
        field.set("P", Object::Reference((3, 0)));
        let mut ap = Dictionary::new();
        ap.set("N", Object::Reference((21, 0)));
        field.set("AP", Object::Dictionary(ap));
        let page = |annots: bool| {
            let mut p = Dictionary::new();
            p.set("Type", Object::Name(b"Page".to_vec()));
            p.set("Parent", Object::Reference((2, 0)));
            if annots {
                p.set("Annots", Object::Array(vec![Object::Reference((10, 0))]));
            }
            Object::Dictionary(p)
        };
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Kids", Object::Array(vec![Object::Reference((3, 0)), Object::Reference((4, 0))]));
        pages.set("Count", Object::Integer(2));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference((2, 0)));
        let doc = document(vec![
            (1, Object::Dictionary(catalog)),
            (2, Object::Dictionary(pages)),
            (3, page(listed_by == 3)),
            (4, page(listed_by == 4)),
            (10, Object::Dictionary(field.clone())),
            (20, Object::Stream(lopdf::Stream::new(image, z.finish().unwrap()))),
            (21, Object::Stream(lopdf::Stream::new(form, b"q 50 0 0 50 0 0 cm /Im1 Do Q".to_vec()))),
        ]);
        (doc, field)
    }

    #[test]
    fn a_seal_is_an_image_with_a_transparent_ground_listed_by_its_own_page() {
        // red ink: as sign issue draws a seal
        let (doc, field) = sealed([200, 20, 20], 3);
        assert_eq!(seal_appearance(&doc, &field), None);
        assert_eq!(listed_by_its_page(&doc, (10, 0), &field), None);
        // opaque white: it would paint over what the signer signed (third hostile review)
        let (doc, field) = sealed([255, 255, 255], 3);
        assert_eq!(
            seal_appearance(&doc, &field).as_deref(),
            Some("hình của chữ ký dong-dau có phần đục không phải mực dấu đỏ che 100% diện tích (tối đa 10%): con dấu có thể che nội dung người ký đã ký")
        );
        // an opaque ground of another colour, cream, grey, black (a fourth hostile review: cream
        // 255 252 200 was not white enough to count)
        for ground in [[255, 252, 200], [255, 255, 223], [128, 128, 128], [0, 0, 0], [255, 220, 220]] {
            let (doc, field) = sealed(ground, 3);
            assert!(seal_appearance(&doc, &field).is_some_and(|w| w.contains("che 100% diện tích")), "{ground:?}");
        }
        // seal red, dark or light
        for ink in [[150, 20, 30], [240, 160, 160], [230, 0, 18]] {
            let (doc, field) = sealed(ink, 3);
            assert_eq!(seal_appearance(&doc, &field), None, "{ink:?}");
        }
        // a key sign issue does not write (a hostile review: /ImageMask true over the red image
        // was drawn as a black box by mupdf, not at all by poppler)
        for (key, value) in [
            ("ImageMask", Object::Boolean(true)),
            ("Mask", Object::Array(vec![0.into(), 0.into()])),
            ("Intent", Object::Name(b"Saturation".to_vec())),
        ] {
            let (mut doc, field) = sealed([200, 20, 20], 3);
            doc.get_object_mut((20, 0)).unwrap().as_stream_mut().unwrap().dict.set(key, value);
            assert_eq!(
                seal_appearance(&doc, &field).as_deref(),
                Some("hình của chữ ký dong-dau không phải hình con dấu như baocao vẽ: hình ảnh không phải ảnh RGB/xám 8 bit nén Flate"),
                "{key}"
            );
        }
        // its /P names page 3, page 4 lists it: drawn on page 4
        let (doc, field) = sealed([200, 20, 20], 4);
        assert_eq!(
            listed_by_its_page(&doc, (10, 0), &field).as_deref(),
            Some("trường chữ ký dong-dau không nằm đúng một trang (/P và /Annots của trang không khớp)")
        );
    }

    #[test]
    fn a_reference_left_dangling_before_signing_is_not_filled_after() {
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        // the signed revision draws object 500, which it does not have (so draws nothing)
        catalog.set("Prepared", Object::Reference((500, 0)));
        let before = document(vec![(1, Object::Dictionary(catalog.clone()))]);
        let after = document(vec![(1, Object::Dictionary(catalog)), (500, Object::Integer(3))]);
        let (problems, fills) = revision_changes(&before, &after, Stage::Later { signatures: false }, &[]);
        assert!(fills.is_empty());
        assert_eq!(
            problems,
            ["đối tượng 500 0 được thêm sau khi ký, mà văn bản đã ký đã trỏ tới nó từ trước (tham chiếu treo)"]
        );
    }

    #[test]
    fn a_widget_is_invisible_only_when_its_rectangle_read_through_references_has_no_area() {
        let rect = vec![Object::Integer(84), Object::Integer(697), Object::Real(273.5), Object::Real(714.5)];
        let doc = document(vec![(58, Object::Array(rect.clone())), (59, Object::Integer(0))]);
        let widget = |r: Object| {
            let mut d = Dictionary::new();
            d.set("Rect", r);
            d
        };
        // a rectangle given by reference (the hostile review's fake time-stamp) is drawn
        assert!(!invisible(&doc, &widget(Object::Reference((58, 0)))));
        assert!(!invisible(&doc, &widget(Object::Array(rect))));
        // a number by reference, or not a rectangle at all: counted as drawn
        assert!(!invisible(&doc, &widget(Object::Array(vec![Object::Reference((59, 0)); 3]))));
        assert!(invisible(&doc, &widget(Object::Array(vec![Object::Reference((59, 0)); 4]))));
        assert!(invisible(&doc, &widget(Object::Array(vec![Object::Integer(0); 4]))));
    }

    #[test]
    fn the_seal_goes_over_the_signers_signature_on_its_page() {
        let widget = |page: u32, rect: [f32; 4]| {
            let mut d = Dictionary::new();
            d.set("P", Object::Reference((page, 0)));
            d.set("Rect", Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()));
            Object::Dictionary(d)
        };
        let doc = document(vec![
            (10, widget(7, [300.0, 100.0, 500.0, 160.0])),
            // where sign issue sets it: right edge a third into the signer's image, centred
            (11, widget(7, [266.67, 80.0, 366.67, 180.0])),
            (12, widget(6, [266.67, 80.0, 366.67, 180.0])),
            (13, widget(7, [84.0, 690.0, 560.0, 720.0])),
            // moved up until it just meets the signer's image (a fourth hostile review), or
            // right over its middle; given with its corners the other way round: the same place
            (14, widget(7, [266.67, 159.4, 366.67, 259.4])),
            (15, widget(7, [316.67, 80.0, 416.67, 180.0])),
            (16, widget(7, [366.67, 180.0, 266.67, 80.0])),
        ]);
        assert_eq!(seal_misplaced(&doc, Some((10, 0)), (11, 0)), None);
        assert_eq!(seal_misplaced(&doc, Some((10, 0)), (16, 0)), None);
        assert_eq!(
            seal_misplaced(&doc, Some((10, 0)), (12, 0)).as_deref(),
            Some("con dấu (dong-dau) không nằm trên trang có chữ ký của người ký")
        );
        for moved in [13, 14, 15] {
            assert_eq!(
                seal_misplaced(&doc, Some((10, 0)), (moved, 0)).as_deref(),
                Some("con dấu (dong-dau) không đóng đúng chỗ: trùm lên khoảng 1/3 hình chữ ký của người ký về phía bên trái, giữa theo chiều cao (Nghị định 30/2020/NĐ-CP, Phụ lục I), như baocao sign issue đóng"),
                "{moved}"
            );
        }
    }

    #[test]
    fn the_clerks_number_and_date_agree_between_header_and_appendix_and_the_date_is_real() {
        let field = |name: &str, value: &str| {
            let mut d = Dictionary::new();
            d.set("FT", Object::Name(b"Tx".to_vec()));
            d.set("T", Object::string_literal(name));
            d.set("V", crate::render::fields::text_string(value));
            Object::Dictionary(d)
        };
        let doc = |so: &str, ngay: &str, kem: &str| {
            document(vec![(10, field("so", so)), (11, field("ngay", ngay)), (12, field("kem-theo-1", kem))])
        };
        let before = doc(
            "Số:      /BC-STTTT",
            "Bắc Ninh, ngày      tháng      năm 2026",
            "(Kèm theo Báo cáo số      /BC-STTTT ngày      tháng      năm 2026 của Sở)",
        );
        let honest = doc(
            "Số: 130/BC-STTTT",
            "Bắc Ninh, ngày 20 tháng 5 năm 2026",
            "(Kèm theo Báo cáo số 130/BC-STTTT ngày 20 tháng 5 năm 2026 của Sở)",
        );
        assert!(clerk_values_agree(&before, &honest).is_empty());
        let other = doc(
            "Số: 130/BC-STTTT",
            "Bắc Ninh, ngày 20 tháng 5 năm 2026",
            "(Kèm theo Báo cáo số 131/BC-STTTT ngày 27 tháng 5 năm 2026 của Sở)",
        );
        assert_eq!(
            clerk_values_agree(&before, &other),
            ["trường kem-theo-1 ghi số hoặc ngày khác với số và ngày ở đầu văn bản"]
        );
        let unreal = doc(
            "Số: 130/BC-STTTT",
            "Bắc Ninh, ngày 31 tháng 2 năm 2026",
            "(Kèm theo Báo cáo số 130/BC-STTTT ngày 31 tháng 2 năm 2026 của Sở)",
        );
        assert_eq!(
            clerk_values_agree(&before, &unreal),
            ["ngày ban hành \"Bắc Ninh, ngày 31 tháng 2 năm 2026\" không phải một ngày có thật"]
        );
    }

    #[test]
    fn strings_compare_by_value_and_numbers_by_type_and_value() {
        assert!(same(&Object::string_literal("ab"), &Object::String(b"ab".to_vec(), lopdf::StringFormat::Hexadecimal)));
        assert!(same(&Object::Real(181.0), &Object::Real(181.0)));
        assert!(!same(&Object::Integer(181), &Object::Real(181.0)));
        assert!(!same(&Object::Integer(181), &Object::Real(181.5)));
    }

    #[test]
    fn the_clerk_writes_digits_into_the_blanks_only() {
        assert!(fills("Số:      /BC-STTTT", "Số: 123/BC-STTTT"));
        assert!(fills("Bắc Ninh, ngày      tháng      năm 2026", "Bắc Ninh, ngày 21 tháng 12 năm 2026"));
        assert!(fills(
            "(Kèm theo Báo cáo số      /BC-STTTT\nngày      tháng      năm 2026 của Sở)",
            "(Kèm theo Báo cáo số 123/BC-STTTT\nngày 21 tháng 12 năm 2026 của Sở)"
        ));
        // a word changed, a year rewritten, letters written, a word removed
        assert!(!fills("Số:      /BC-STTTT", "Số: 123/BC-SYT"));
        assert!(!fills("ngày      tháng      năm 2026", "ngày 21 tháng 12 năm 2027"));
        assert!(!fills("ngày      tháng      năm 2026", "ngày 21 tháng 12 năm 20126"));
        // digits written against a word: the year 2026 made 20265 (hostile review)
        assert!(!fills("Bắc Ninh, ngày      tháng      năm 2026", "Bắc Ninh, ngày 20 tháng 5 năm 20265"));
        assert!(!fills("Bắc Ninh, ngày      tháng      năm 2026", "Bắc Ninh, ngày 20 tháng 5năm 2026"));
        assert!(!fills("Số:      /BC-STTTT", "Số: 12a/BC-STTTT"));
        assert!(!fills("ngày      tháng      năm 2026", "ngày 21 năm 2026"));
    }
}
