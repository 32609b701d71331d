//! Ký số (signing.md): the signer's signature on a report's PDF (`baocao sign approve`), as an
//! incremental update with a PAdES baseline B-B signature whose visible image is centred in ô 7c.
//!
//! Ô 7c is found in the PDF itself: `render::fields` records it as the private data of the page
//! with the signature block (`/PieceInfo /baocao /Private /ChuKy`), so signing needs neither the
//! input nor a re-layout.

pub mod changes;
pub mod cms;
pub mod image;
pub mod issue;
pub mod key;
pub mod ltv;
pub mod names;
pub mod net;
pub mod path;
pub mod revocation;
pub mod roots;
pub mod structure;
pub mod timestamp;
pub mod token;
pub mod tsa;
pub mod update;
pub mod verify;

use chrono::NaiveDate;
use lopdf::{Dictionary, Object, ObjectId, Stream};

pub use image::{Image, ImageError};
pub use issue::{issued_values, Issue, SEAL_FIELD};
pub use key::{Key, KeyError, SoftKey};
pub use token::{TokenChoice, TokenKey};

use crate::messages::tr;
use crate::render::fields::{text_string, PIECE_INFO, SIGNATURE_BOX};

/// The signer's signature field's name (`/T`).
pub const APPROVAL_FIELD: &str = "ky-duyet";

/// Why a PDF cannot be signed; nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The file is not a PDF baocao can read.
    Read(#[from] lopdf::Error),
    /// The PDF has no signature block made by baocao.
    NoSignatureBox,
    /// It is already signed by the signer.
    AlreadyApproved,
    /// The signer has not signed it: the organisation signs after the signer (Điều 14.3).
    NotApproved,
    /// It already has the organisation's signature.
    AlreadyIssued,
    /// The draft leaves the number blank and none was given.
    NumberNeeded,
    /// The document was numbered when it was made.
    AlreadyNumbered,
    /// The document was dated when it was made.
    AlreadyDated,
    /// A blank field is not as baocao wrote it.
    Field {
        /// What is wrong.
        why: String,
    },
    /// The embedded font lacks a character the filled field needs.
    Glyph {
        /// The character.
        character: char,
    },
    /// The key cannot be used.
    Key(#[from] KeyError),
    /// Writing the update or signing failed.
    Write(Box<dyn std::error::Error + Send + Sync>),
    /// The document cannot be extended (`sign extend`): a signature not intact, or none.
    NotExtendable(String),
    /// Long-term validation data cannot be added (`--ltv`): a signature not valid, or none.
    NoValidationData(String),
    /// The status of a certificate could not be had from its CA (`--ltv`): nothing is written.
    Revocation(String),
    /// A certificate was revoked before its signature is proven to exist (`--ltv`).
    Revoked(String),
    /// No time-stamp we can believe from the authority (`--tsa`): nothing is signed.
    TimeStamp(tsa::TsaError),
    /// The PDF is not one baocao generated and nobody changed (`sign approve`).
    NotAsGenerated(String),
    /// The signer's signature of the PDF to issue is not intact (`sign issue`).
    SignerBroken(String),
    /// The PDF is encrypted.
    Encrypted,
    /// The report records no names to hold the certificate to (made by an older baocao).
    NoNames,
    /// The certificate is not in the name of whom the report names for this signature.
    NotNamed {
        /// The certificate's common name.
        cn: String,
        /// Whom the report names.
        expected: String,
        /// Whose certificate to use.
        hint: String,
    },
    /// The seal is opaque and not red ink over too much of it.
    SealHides {
        /// The share, in per cent.
        percent: u32,
    },
    /// What was signed does not verify with the certificate: the key is not the certificate's.
    KeyMismatch(String),
    /// The update could not be made.
    Update(#[from] update::UpdateError),
}

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            SignError::Read(e) => tr!("not a PDF file that can be read: {e}", e),
            SignError::NoSignatureBox => tr!(
                "no signature block found: the PDF was not made by baocao generate (no /PieceInfo /baocao /ChuKy on any page)"
            ),
            SignError::AlreadyApproved => {
                tr!("it already has the signer's signature (field {field})", field = APPROVAL_FIELD)
            }
            SignError::NotApproved => tr!(
                "the signer has not signed it yet: the organisation signs after the signer (baocao sign approve first)"
            ),
            SignError::AlreadyIssued => {
                tr!("it is already issued (it has the organisation's signature, field {field})", field = SEAL_FIELD)
            }
            SignError::NumberNeeded => tr!("the draft leaves its number blank: give the number (--number N)"),
            SignError::AlreadyNumbered => {
                tr!("the document already has its number; --number is for a draft that left it blank")
            }
            SignError::AlreadyDated => tr!("the document already has its date; --date is for a draft that left it blank"),
            SignError::Field { why } => tr!("a form field is not as baocao made it: {why}", why),
            SignError::Glyph { character } => tr!(
                "the embedded font has no glyph for {character}, which the filled number or date needs",
                character = format!("{character:?}")
            ),
            SignError::Key(e) => return std::fmt::Display::fmt(e, f),
            SignError::Write(e) => tr!("cannot sign: {e}", e),
            SignError::NotExtendable(why) => tr!("cannot add a document time-stamp: {why}", why),
            SignError::NoValidationData(why) => tr!("cannot add long-term validation data: {why}", why),
            SignError::Revocation(why) => format!("{why}; không có tệp nào được ghi"),
            SignError::Revoked(why) => tr!("{why}: the signature is not valid; nothing written", why),
            SignError::TimeStamp(e) => format!("{e}; không có tệp nào được ghi"),
            SignError::NotAsGenerated(why) => {
                tr!("not a report as baocao generate made it, so it cannot be signed honestly: {why}", why)
            }
            SignError::SignerBroken(why) => {
                tr!("the signer's signature is not intact, so the document cannot be issued: {why}", why)
            }
            SignError::Encrypted => tr!(
                "the PDF is encrypted (password-protected): baocao signs a report only as baocao generate wrote it, unencrypted; generate it again"
            ),
            SignError::NoNames => tr!(
                "the report records no signer and issuer names to check the certificate against (made by an older baocao): generate it again"
            ),
            SignError::NotNamed { cn, expected, hint } => tr!(
                "the certificate is in the name of {cn}, not of {expected}: {hint}",
                cn = format!("{cn:?}"),
                expected,
                hint
            ),
            SignError::SealHides { percent } => tr!(
                "the seal image is opaque and not red ink over {percent}% of its pixels (at most 10%): it would hide what the signer signed; a seal is red ink on a transparent ground (PNG)",
                percent
            ),
            SignError::KeyMismatch(who) => tr!(
                "the signature made does not verify with the certificate of {who}: the private key does not belong to that certificate; nothing written",
                who
            ),
            SignError::Update(e) => return std::fmt::Display::fmt(e, f),
        };
        f.write_str(&text)
    }
}

/// A PDF date with its offset: `D:20200520091530+07'00'`.
pub fn pdf_date(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    let offset = t.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!("D:{}{sign}{:02}'{:02}'", t.format("%Y%m%d%H%M%S"), offset / 3600, offset % 3600 / 60)
}

/// The date whose law a draft cites: the `/LastModified` of baocao's private data on its
/// signature block's page, which `render::fields` writes from the document's date (an undated
/// draft: its period's date, `model::Document::legal_date`).
pub fn drafted_for(doc: &lopdf::Document) -> Option<NaiveDate> {
    let (id, _) = signature_box(doc)?;
    let stamp = baocao_data(doc, id)?.get(b"LastModified").and_then(Object::as_str).ok()?;
    let digits = std::str::from_utf8(stamp.get(2..10)?).ok()?;
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

/// What `sign issue` says of a seal `mm` wide at its real size (its height by the image's
/// proportions, `aspect` = width / height) taller than the space the report leaves for the
/// signature (ô 7c, between the signer's title and name): Decree 30 keeps a seal at its real
/// size, so it covers part of the title or the name. `None` when it fits, or when the PDF is not
/// one of baocao's (signing refuses it then).
pub fn seal_room(pdf: &[u8], mm: f32, aspect: f32) -> Option<String> {
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let (_, [_, y1, _, y2]) = signature_box(&doc)?;
    let room = (y2 - y1).abs() * 25.4 / 72.0;
    let height = mm / aspect.max(0.01);
    // a length to the tenth of a millimetre, no decimal when whole
    let length = |x: f32| {
        let tenths = (x * 10.0).round();
        if tenths % 10.0 == 0.0 {
            format!("{:.0}", tenths / 10.0)
        } else {
            format!("{:.1}", tenths / 10.0)
        }
    };
    (height > room + 0.05).then(|| {
        tr!(
            "the seal, {width} × {height} mm at its real size (Decree 30 keeps it so), is taller than the space the report leaves for the signature ({room} mm, between the signer's title and name): it covers part of them",
            width = length(mm),
            height = length(height),
            room = length(room)
        )
    })
}

/// When the date `sign issue` fills falls under other legal texts than those in force on the
/// date the draft was made for (annual.md), a warning naming what changed; `None` when both dates
/// cite alike, or the draft does not say its date.
pub fn law_change(pdf: &[u8], filled: NaiveDate) -> Option<String> {
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let drafted = drafted_for(&doc)?;
    let (then, now) = (crate::law::Citations::on(drafted), crate::law::Citations::on(filled));
    let addressee = |d| crate::law::default_addressee_applies(d);
    if then.in_force() == now.in_force() && addressee(drafted) == addressee(filled) {
        return None;
    }
    let names = |from: NaiveDate, not_on: NaiveDate| -> Vec<&'static str> {
        crate::law::TEXTS.iter().filter(|t| t.in_force(from) && !t.in_force(not_on)).map(|t| t.cite).collect()
    };
    let (gone, new) = (names(drafted, filled), names(filled, drafted));
    let mut what = Vec::new();
    if !gone.is_empty() {
        what.push(tr!("no longer in force: {texts}", texts = gone.join(", ")));
    }
    if !new.is_empty() {
        what.push(tr!("in force: {texts}", texts = new.join(", ")));
    }
    if addressee(drafted) && !addressee(filled) {
        what.push(tr!(
            "the default addressee, Bộ Thông tin và Truyền thông, no longer receives these reports from {date}",
            date = "2025-03-01"
        ));
    }
    Some(tr!(
        "the date {date} falls under other legal texts than the draft, made for {drafted}, cites ({what}); generate the draft again with this date and have it approved again",
        date = filled.format("%Y-%m-%d"),
        drafted = drafted.format("%Y-%m-%d"),
        what = what.join("; ")
    ))
}

/// baocao's private data on page `id` (`/PieceInfo /baocao`: `render::fields`).
fn baocao_data(doc: &lopdf::Document, id: ObjectId) -> Option<&Dictionary> {
    doc.get_dictionary(id)
        .ok()?
        .get(b"PieceInfo")
        .and_then(|i| doc.dereference(i).map(|(_, o)| o))
        .and_then(Object::as_dict)
        .and_then(|i| i.get(PIECE_INFO))
        .and_then(Object::as_dict)
        .ok()
}

/// What report a PDF is, as `baocao generate` recorded it ([`crate::model::Document::identity`]);
/// `None` for a PDF made before identities were recorded, or elsewhere.
pub fn identity(doc: &lopdf::Document) -> Option<String> {
    private_data(doc)?.get(b"Identity").ok().and_then(|i| lopdf::decode_text_string(i).ok())
}

/// The private data `generate` recorded on the page with ô 7c.
fn private_data(doc: &lopdf::Document) -> Option<&Dictionary> {
    let (page, _) = signature_box(doc)?;
    baocao_data(doc, page)?.get(b"Private").and_then(Object::as_dict).ok()
}

/// Ô 7c: the page and the box (`[x1 y1 x2 y2]`, PDF units).
fn signature_box(doc: &lopdf::Document) -> Option<(ObjectId, [f32; 4])> {
    for (_, id) in doc.get_pages() {
        let Some(data) = baocao_data(doc, id) else { continue };
        let rect = data
            .get(b"Private")
            .and_then(Object::as_dict)
            .and_then(|d| d.get(SIGNATURE_BOX))
            .and_then(Object::as_array);
        if let Ok(r) = rect {
            let n: Vec<f32> = r.iter().filter_map(|n| n.as_float().ok()).collect();
            if n.len() == 4 {
                return Some((id, [n[0], n[1], n[2], n[3]]));
            }
        }
    }
    None
}

/// The existing form: its id (when it is an object of its own) and its dictionary.
fn acroform(doc: &lopdf::Document) -> (Option<ObjectId>, Dictionary) {
    let Ok(catalog) = doc.catalog() else { return (None, Dictionary::new()) };
    match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => (Some(*id), doc.get_dictionary(*id).cloned().unwrap_or_default()),
        Ok(Object::Dictionary(d)) => (None, d.clone()),
        _ => (None, Dictionary::new()),
    }
}

fn field_names(doc: &lopdf::Document, form: &Dictionary) -> Vec<String> {
    let Ok(fields) = form.get(b"Fields").and_then(Object::as_array) else { return Vec::new() };
    fields
        .iter()
        .filter_map(|f| doc.dereference(f).ok()?.1.as_dict().ok()?.get(b"T").ok().cloned())
        .filter_map(|t| lopdf::decode_text_string(&t).ok())
        .collect()
}

fn real(x: f32) -> Object {
    Object::Real(x)
}

/// The signer's signature on `pdf` (a report made by `baocao generate`), with `image` centred in
/// ô 7c, at `time`: the signed file.
pub fn approve(
    pdf: &[u8],
    image: &Image,
    key: &dyn Key,
    time: chrono::DateTime<chrono::FixedOffset>,
    tsa: Option<&tsa::Authority>,
) -> Result<Vec<u8>, SignError> {
    key::check(key.chain(), time)?;
    refuse_encrypted(pdf)?;
    let doc = lopdf::Document::load_mem(pdf)?;
    let (page_id, [x1, y1, x2, y2]) = signature_box(&doc).ok_or(SignError::NoSignatureBox)?;
    let (form_id, form) = acroform(&doc);
    if field_names(&doc, &form).iter().any(|n| n == APPROVAL_FIELD) {
        return Err(SignError::AlreadyApproved);
    }
    as_generated(pdf, &doc)?;
    let mut up = update::Update::new(update::Base::new(pdf, &doc)?);

    // the image, as large as ô 7c allows, centred in it
    let (bw, bh) = (x2 - x1, y2 - y1);
    named(&doc, key, APPROVAL_FIELD)?;
    let (w, h) = if image.aspect() > bw / bh { (bw, bw / image.aspect()) } else { (bh * image.aspect(), bh) };
    let rect = [x1 + (bw - w) / 2.0, y1 + (bh - h) / 2.0, x1 + (bw + w) / 2.0, y1 + (bh + h) / 2.0];
    add_signature(&doc, &mut up, page_id, APPROVAL_FIELD, rect, image, time, (form_id, form))?;
    finish(up, key, time, tsa)
}

/// The organisation's signature on `pdf` (signed by the signer: [`approve`]): the number and
/// date written into the draft's blanks, then the seal at its real size over the left third of
/// the signer's image, at `time`: the issued file.
pub fn issue(
    pdf: &[u8],
    seal: &Image,
    clerk: &Issue,
    key: &dyn Key,
    time: chrono::DateTime<chrono::FixedOffset>,
    tsa: Option<&tsa::Authority>,
) -> Result<Vec<u8>, SignError> {
    key::check(key.chain(), time)?;
    refuse_encrypted(pdf)?;
    let doc = lopdf::Document::load_mem(pdf)?;
    let (form_id, form) = acroform(&doc);
    if field_names(&doc, &form).iter().any(|n| n == SEAL_FIELD) {
        return Err(SignError::AlreadyIssued);
    }
    let (page_id, signer) = issue::approval(&doc).ok_or(SignError::NotApproved)?;
    signer_intact(pdf)?;
    named(&doc, key, SEAL_FIELD)?;
    if seal.opaque_ground() > image::SEAL_MAX_OPAQUE_GROUND {
        return Err(SignError::SealHides { percent: (seal.opaque_ground() * 100.0).round() as u32 });
    }
    let mut up = update::Update::new(update::Base::new(pdf, &doc)?);
    issue::fill(&doc, &mut up, clerk, time.date_naive())?;
    let rect = issue::seal_rect(signer, clerk.seal_mm, seal.aspect());
    add_signature(&doc, &mut up, page_id, SEAL_FIELD, rect, seal, time, (form_id, form))?;
    finish(up, key, time, tsa)
}

/// The failure of writing an update: a time-stamp's said as one (exit 2, nothing written).
fn write_error(e: Box<dyn std::error::Error + Send + Sync>) -> SignError {
    match e.downcast::<tsa::TsaError>() {
        Ok(e) => SignError::TimeStamp(*e),
        Err(e) => SignError::Write(e),
    }
}

/// Whether the signer's certificate (the first of `chain`, DER) is valid at `at` (seconds since
/// 1970).
fn valid_at(chain: &[Vec<u8>], at: i64) -> bool {
    let Some(cert) = chain.first().and_then(|c| <x509_cert::Certificate as der::Decode>::from_der(c).ok()) else {
        return false;
    };
    let validity = cert.tbs_certificate().validity();
    let secs = |t: x509_cert::time::Time| i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    secs(validity.not_before) <= at && at <= secs(validity.not_after)
}

/// The field name of the `n`th document time-stamp `extend` adds (from 1).
fn timestamp_field(n: usize) -> String {
    format!("dau-thoi-gian-{n}")
}

/// A document time-stamp over the whole of `pdf` (a signed report) from `authority`, in an
/// incremental update (PAdES B-LTA's `/DocTimeStamp`, `sign extend`): an invisible signature
/// field on the first page, its value the token over the revision's byte ranges, checked before
/// it is written. Run again later, it adds another over the last. Every signature of `pdf` must
/// be intact and what followed it permitted.
pub fn extend(pdf: &[u8], authority: &tsa::Authority) -> Result<Vec<u8>, SignError> {
    refuse_encrypted(pdf)?;
    let doc = lopdf::Document::load_mem(pdf)?;
    let verdicts = verify::verify(pdf, &authority.roots).map_err(|e| SignError::NotExtendable(e.to_string()))?;
    if verdicts.is_empty() {
        return Err(SignError::NotExtendable(tr!("it has no signature")));
    }
    if let Some(v) = verdicts.iter().find(|v| !(v.intact && v.changes_permitted)) {
        return Err(SignError::NotExtendable(format!("{}: {}", v.field, v.problems.join("; "))));
    }
    let (form_id, form) = acroform(&doc);
    let names = field_names(&doc, &form);
    let n = (1..).find(|n| !names.contains(&timestamp_field(*n))).unwrap_or(1);
    let page_id = *doc.get_pages().values().next().ok_or(SignError::NoSignatureBox)?;
    let mut up = update::Update::new(update::Base::new(pdf, &doc)?);
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"DocTimeStamp".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.RFC3161".to_vec()));
    let sig = up.add_signature(sig);
    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", Object::string_literal(timestamp_field(n)));
    field.set("V", Object::Reference(sig));
    // invisible: no area, hidden, printed never
    field.set("F", Object::Integer(2 | 128));
    field.set("Rect", Object::Array(vec![real(0.0), real(0.0), real(0.0), real(0.0)]));
    field.set("P", Object::Reference(page_id));
    attach_field(&doc, &mut up, page_id, field, (form_id, form))?;
    let signed = up
        .write(|ranges| {
            let now =
                || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
            let (token, _) = tsa::stamp(authority, ranges, now)?;
            if token.len() > update::CONTENTS_BYTES {
                return Err(tsa::TsaError::Refused {
                    url: tsa::shown(&authority.url),
                    why: format!(
                        "token dấu thời gian dài {} byte, quá chỗ dành cho nó ({} byte)",
                        token.len(),
                        update::CONTENTS_BYTES
                    ),
                }
                .into());
            }
            Ok(token)
        })
        .map_err(write_error)?;
    // what was written verifies: every signature, the new time-stamp last
    let verdicts = verify::verify(&signed, &authority.roots).map_err(|e| SignError::NotExtendable(e.to_string()))?;
    match verdicts.last() {
        Some(v) if v.document_timestamp && v.intact && v.changes_permitted => Ok(signed),
        Some(v) => Err(SignError::NotExtendable(v.problems.join("; "))),
        None => Err(SignError::NotExtendable(tr!("the time-stamp is not read back"))),
    }
}

/// An encrypted PDF is said to be one, before anything else is read from it (a password-protected
/// report was told "not made by baocao generate").
fn refuse_encrypted(pdf: &[u8]) -> Result<(), SignError> {
    match structure::read(pdf) {
        Err(why) if why.contains("/Encrypt") => Err(SignError::Encrypted),
        _ => Ok(()),
    }
}

/// `key`'s certificate is of whom the report names for signature `field` ([`names`]): the
/// signer's for `ky-duyet`, the issuing agency's for `dong-dau`.
fn named(doc: &lopdf::Document, key: &dyn Key, field: &str) -> Result<(), SignError> {
    let recorded = names::recorded(doc).ok_or(SignError::NoNames)?;
    names::printed(doc, &recorded).map_err(SignError::NotAsGenerated)?;
    let cert = key.chain().first().and_then(|c| <x509_cert::Certificate as der::Decode>::from_der(c).ok());
    let cn = cert.as_ref().and_then(names::common_name).unwrap_or_default();
    let (fits, expected, hint) = if field == APPROVAL_FIELD {
        (
            names::is_person(&cn, &recorded.signer),
            tr!("the signer the report names ({name})", name = format!("{:?}", recorded.signer)),
            tr!("the signer signs with their own certificate"),
        )
    } else if let Some(whole) = names::with_place(&cn, &recorded.issuer, recorded.parent.as_deref()) {
        // the agency's name alone, where its parent names a place: it would read "not of" itself
        (
            false,
            tr!(
                "the issuing agency the report names ({name}, under {parent}), whose certificate names its place too ({whole}): another place's agency has the same name",
                name = format!("{:?}", recorded.issuer),
                parent = format!("{:?}", recorded.parent.clone().unwrap_or_default()),
                whole = format!("{whole:?}")
            ),
            tr!("the document is issued with the agency's own (organisation) certificate"),
        )
    } else {
        (
            names::is_organisation(&cn, &recorded.issuer, recorded.parent.as_deref()),
            tr!("the issuing agency the report names ({name})", name = format!("{:?}", recorded.issuer)),
            tr!("the document is issued with the agency's own (organisation) certificate"),
        )
    };
    if fits {
        Ok(())
    } else {
        Err(SignError::NotNamed { cn, expected, hint })
    }
}

/// A signature field named `name` on page `page_id`, showing `image` in `rect`, with its
/// signature dictionary (signed by [`finish`]); the page's `/Annots` and the form's `/Fields`
/// updated.
#[allow(clippy::too_many_arguments)]
fn add_signature(
    doc: &lopdf::Document,
    up: &mut update::Update<'_>,
    page_id: ObjectId,
    name: &str,
    rect: [f32; 4],
    image: &Image,
    time: chrono::DateTime<chrono::FixedOffset>,
    (form_id, form): (Option<ObjectId>, Dictionary),
) -> Result<(), SignError> {
    let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
    let (mut img, mask) = image.xobjects();
    if let Some(mask) = mask {
        let mask = up.add(mask);
        img.dict.set("SMask", Object::Reference(mask));
    }
    let img = up.add(img);
    let mut ap = Dictionary::new();
    ap.set("Type", Object::Name(b"XObject".to_vec()));
    ap.set("Subtype", Object::Name(b"Form".to_vec()));
    ap.set("BBox", Object::Array(vec![real(0.0), real(0.0), real(w), real(h)]));
    let mut xobjects = Dictionary::new();
    xobjects.set("Im1", Object::Reference(img));
    let mut resources = Dictionary::new();
    resources.set("XObject", Object::Dictionary(xobjects));
    ap.set("Resources", Object::Dictionary(resources));
    let ap = up.add(Stream::new(ap, format!("q {w} 0 0 {h} 0 0 cm /Im1 Do Q").into_bytes()));

    // the signature dictionary (PAdES: ETSI.CAdES.detached, the time in /M)
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set("M", Object::string_literal(pdf_date(time)));
    // the fields this signature locks (FieldMDP, ISO 32000-1 §12.8.2.4), so that other verifiers
    // refuse what baocao's own refuses: the signer's locks every field but the blanks the clerk
    // fills and the organisation's signature to come; the organisation's, every field
    let clerk: Vec<Object> = field_names(doc, &form)
        .into_iter()
        .filter(|n| changes::clerk_field(n))
        .chain([SEAL_FIELD.to_owned()])
        .map(Object::string_literal)
        .collect();
    let policy = |kind: &[u8]| {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(kind.to_vec()));
        if name == APPROVAL_FIELD {
            d.set("Action", Object::Name(b"Exclude".to_vec()));
            d.set("Fields", Object::Array(clerk.clone()));
        } else {
            d.set("Action", Object::Name(b"All".to_vec()));
        }
        d
    };
    let mut params = policy(b"TransformParams");
    params.set("V", Object::Name(b"1.2".to_vec()));
    let mut reference = Dictionary::new();
    reference.set("Type", Object::Name(b"SigRef".to_vec()));
    reference.set("TransformMethod", Object::Name(b"FieldMDP".to_vec()));
    reference.set("TransformParams", Object::Dictionary(params));
    if let Ok(root) = doc.trailer.get(b"Root") {
        reference.set("Data", root.clone());
    }
    sig.set("Reference", Object::Array(vec![Object::Dictionary(reference)]));
    let sig = up.add_signature(sig);

    // the signature field, merged with its widget, on ô 7c's page
    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", Object::string_literal(name));
    field.set("V", Object::Reference(sig));
    // printed, locked
    field.set("F", Object::Integer(132));
    field.set("Rect", Object::Array(rect.iter().map(|v| real(*v)).collect()));
    field.set("P", Object::Reference(page_id));
    field.set("Lock", Object::Dictionary(policy(b"SigFieldLock")));
    let mut apd = Dictionary::new();
    apd.set("N", Object::Reference(ap));
    field.set("AP", Object::Dictionary(apd));
    attach_field(doc, up, page_id, field, (form_id, form))
}

/// Adds the signature field `field` (merged with its widget) to the page `page_id`'s `/Annots`
/// and the form's `/Fields` (the form made when the document has none).
fn attach_field(
    doc: &lopdf::Document,
    up: &mut update::Update<'_>,
    page_id: ObjectId,
    field: Dictionary,
    (form_id, mut form): (Option<ObjectId>, Dictionary),
) -> Result<(), SignError> {
    let field = up.add(Object::Dictionary(field));

    let mut page = doc.get_dictionary(page_id)?.clone();
    let mut annots = match page.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(id)) => doc.get_object(*id).and_then(Object::as_array).cloned().unwrap_or_default(),
        _ => Vec::new(),
    };
    annots.push(Object::Reference(field));
    page.set("Annots", Object::Array(annots));
    up.set(page_id, Object::Dictionary(page));

    let mut fields = form.get(b"Fields").and_then(Object::as_array).cloned().unwrap_or_default();
    fields.push(Object::Reference(field));
    form.set("Fields", Object::Array(fields));
    form.set("SigFlags", Object::Integer(3));
    form.remove(b"NeedAppearances");
    match form_id {
        Some(id) => up.set(id, Object::Dictionary(form)),
        None => {
            let id = up.add(Object::Dictionary(form));
            let catalog_id = doc.trailer.get(b"Root").and_then(Object::as_reference)?;
            let mut catalog = doc.get_dictionary(catalog_id)?.clone();
            catalog.set("AcroForm", Object::Reference(id));
            up.set(catalog_id, Object::Dictionary(catalog));
        }
    }

    Ok(())
}

/// `pdf` is a report as `baocao generate` made it and nobody changed (issue 24, item 4): one
/// revision read strictly, no signature, no fields but the draft's blanks (`so`, `ngay`,
/// `kem-theo-N`) and no annotations but their widgets, no optional content, no actions run on
/// opening, not encrypted. What the signer approves is then what baocao drew.
fn as_generated(pdf: &[u8], doc: &lopdf::Document) -> Result<(), SignError> {
    let refuse = |why: String| Err(SignError::NotAsGenerated(why));
    let structure = structure::read(pdf).map_err(SignError::NotAsGenerated)?;
    if structure.revisions.len() != 1 {
        return refuse(tr!("it was changed after it was made ({n} revisions)", n = structure.revisions.len()));
    }
    // every reference resolves: none left dangling for a later update to fill
    if let Some(r) = changes::references(doc).into_iter().find(|r| !doc.objects.contains_key(r)) {
        return refuse(tr!(
            "it refers to object {number} {generation}, which it does not have",
            number = r.0,
            generation = r.1
        ));
    }
    let catalog = doc.catalog()?;
    for key in [b"OCProperties".as_slice(), b"OpenAction", b"AA", b"Names"] {
        if catalog.has(key) {
            return refuse(tr!("its catalog has /{key}", key = String::from_utf8_lossy(key)));
        }
    }
    let (_, form) = acroform(doc);
    let names = field_names(doc, &form);
    if let Some(n) = names.iter().find(|n| !(*n == "so" || *n == "ngay" || n.starts_with("kem-theo-"))) {
        return refuse(tr!("it has a form field baocao does not make ({name})", name = format!("{n:?}")));
    }
    // each blank draws its own value and nothing else (no shadow to be revealed when filled)
    for f in form.get(b"Fields").and_then(Object::as_array).cloned().unwrap_or_default() {
        let Ok(field) = doc.dereference(&f).and_then(|(_, o)| o.as_dict()) else { continue };
        let value = field.get(b"V").ok().and_then(|v| lopdf::decode_text_string(v).ok()).unwrap_or_default();
        if !changes::blank_shows_value(doc, field, &value) {
            let name = field.get(b"T").ok().and_then(|t| lopdf::decode_text_string(t).ok()).unwrap_or_default();
            return refuse(tr!(
                "its field {name} draws something other than its blank value",
                name = format!("{name:?}")
            ));
        }
    }
    let fields: Vec<ObjectId> = form
        .get(b"Fields")
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|f| f.as_reference().ok()).collect())
        .unwrap_or_default();
    for (_, page) in doc.get_pages() {
        let annots = doc
            .get_dictionary(page)?
            .get(b"Annots")
            .ok()
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok().cloned())
            .unwrap_or_default();
        for a in annots {
            if !a.as_reference().is_ok_and(|r| fields.contains(&r)) {
                return refuse(tr!("it has an annotation that is not one of its own fields"));
            }
        }
    }
    Ok(())
}

/// The signer's signature of `pdf` is intact and nothing but what may follow it was added (its
/// certificate's trust is the verifier's to judge).
fn signer_intact(pdf: &[u8]) -> Result<(), SignError> {
    let verdicts = verify::verify(pdf, &[]).map_err(|e| SignError::SignerBroken(e.to_string()))?;
    match &verdicts[..] {
        [v] if v.field == APPROVAL_FIELD && v.intact && v.changes_permitted => Ok(()),
        [v] if v.field == APPROVAL_FIELD => Err(SignError::SignerBroken(v.problems.join("; "))),
        _ => Err(SignError::SignerBroken(tr!(
            "it has {n} signatures; the signer's alone is expected",
            n = verdicts.len()
        ))),
    }
}

/// Writes the update and signs it with `key`, the signature time-stamped by `tsa` when given
/// (PAdES B-T: the token checked before it is embedded).
fn finish(
    up: update::Update<'_>,
    key: &dyn Key,
    time: chrono::DateTime<chrono::FixedOffset>,
    tsa: Option<&tsa::Authority>,
) -> Result<Vec<u8>, SignError> {
    let chain = key.chain().to_vec();
    let algorithm = key.algorithm();
    up.write(|ranges| {
        use sha2::Digest as _;
        let mut hasher = sha2::Sha256::new();
        for r in ranges {
            hasher.update(r);
        }
        let digest = hasher.finalize();
        let signed = cms::signed_data(&digest, &chain, algorithm, |attrs| key.sign(attrs))?;
        let Some(authority) = tsa else { return Ok(signed) };
        let value = tsa::signature_value(&signed)?;
        let now =
            || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        let (token, stamp) = tsa::stamp(authority, &[&value], now)?;
        // what verify will ask of it: the claimed time not after the authority's, the signer's
        // certificate valid at the authority's time
        let refused = |why: String| tsa::TsaError::Refused { url: tsa::shown(&authority.url), why };
        if time.timestamp() > stamp.time.timestamp() + verify::CLOCK_SKEW {
            return Err(refused(format!(
                "thời điểm ký {} (--time) sau thời điểm của dấu thời gian {}",
                time.to_rfc3339(),
                stamp.time.to_rfc3339()
            ))
            .into());
        }
        if !valid_at(&chain, stamp.time.timestamp()) {
            return Err(refused(format!(
                "chứng thư của người ký không có hiệu lực tại thời điểm của dấu thời gian {}",
                stamp.time.to_rfc3339()
            ))
            .into());
        }
        let stamped = tsa::with_token(&signed, &token)?;
        if stamped.len() > update::CONTENTS_BYTES {
            return Err(refused(format!(
                "với token dấu thời gian ({} byte), chữ ký dài {} byte, quá chỗ dành cho nó ({} byte)",
                token.len(),
                stamped.len(),
                update::CONTENTS_BYTES
            ))
            .into());
        }
        Ok(stamped)
    })
    .map_err(write_error)
    .and_then(|signed| {
        // what was signed verifies with the certificate: a key that is not the certificate's
        // (a PKCS#12 file or a token holding another key) signs nothing
        let verdicts = verify::verify(&signed, &[]).map_err(|e| SignError::SignerBroken(e.to_string()))?;
        match verdicts.last() {
            Some(v) if v.intact => Ok(signed),
            _ => {
                let who = key
                    .chain()
                    .first()
                    .and_then(|c| <x509_cert::Certificate as der::Decode>::from_der(c).ok())
                    .map(|c| key::subject(&c))
                    .unwrap_or_default();
                Err(SignError::KeyMismatch(who))
            }
        }
    })
}
