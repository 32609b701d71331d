//! The draft's places for `baocao sign`, in the PDF (signing.md, "What baocao does").
//!
//! - Each line a draft leaves blank (ô 3 `Số:      /BC-…`, ô 4's date, each appendix's
//!   `(Kèm theo Báo cáo số      /BC-… ngày …)`) is an AcroForm text field, not page content: its
//!   appearance stream draws the blank line exactly as the page would (same face, size and place),
//!   so the draft reads and prints as before, and the clerk's number and date can later be filled
//!   in by setting the field's value and redrawing its appearance, a change a verifier accepts after
//!   the signer has signed (new page content would not be).
//! - Ô 7c, the room for the signer's signature, is recorded as the page's private data
//!   (`/PieceInfo /baocao /Private /ChuKy [x1 y1 x2 y2]`, PDF 32000-1 §14.5): where the signing step
//!   centres the signature image, with no re-layout and nothing visible in the draft.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{FontId, ParsedFont};

use super::pdf::PdfError;
use crate::font::Style;
use crate::layout::{Field, FieldKind};
use crate::profile::Pt;

/// The key of baocao's private data in a page's `/PieceInfo`.
pub const PIECE_INFO: &[u8] = b"baocao";

/// The key of ô 7c's rectangle in baocao's private data.
pub const SIGNATURE_BOX: &[u8] = b"ChuKy";
/// The private data's signer's name (`/NguoiKy`).
pub const SIGNER_NAME: &[u8] = b"NguoiKy";
/// The private data's issuing agency's name (`/CoQuan`).
pub const ISSUER_NAME: &[u8] = b"CoQuan";
/// The private data's parent agency's name (`/CoQuanChuQuan`), when it has one.
pub const PARENT_NAME: &[u8] = b"CoQuanChuQuan";

/// A face drawn by the document: its style, its resource name, the subset.
pub(super) type Face = (Style, FontId, ParsedFont);

/// A PDF text string: UTF-16BE with its byte order mark.
pub fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn number(x: f32) -> Object {
    Object::Real(x)
}

/// The page's font resources: resource name → the font dictionary's reference.
pub(super) fn page_fonts(lo: &lopdf::Document, page: ObjectId) -> BTreeMap<Vec<u8>, Object> {
    let deref = |o: &Object| match o {
        Object::Reference(id) => lo.get_object(*id).ok().cloned(),
        o => Some(o.clone()),
    };
    let fonts = lo
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Resources").ok().and_then(deref))
        .and_then(|r| r.as_dict().ok().and_then(|r| r.get(b"Font").ok().and_then(deref)));
    match fonts {
        Some(Object::Dictionary(d)) => d.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => BTreeMap::new(),
    }
}

/// The appearance stream of a text field: its runs drawn in the field's box, in the subset fonts.
fn appearance(f: &Field, faces: &[Face], fonts: &BTreeMap<Vec<u8>, Object>) -> Result<Stream, PdfError> {
    let mut content = String::from("/Tx BMC\n");
    let mut resources = Dictionary::new();
    let bottom = f.y + f.height;
    for t in &f.runs {
        let Some((_, id, font)) = faces.iter().find(|(s, _, _)| *s == t.style) else { continue };
        let name = id.0.as_bytes();
        let reference = fonts.get(name).cloned().ok_or(PdfError::FieldFont { font: id.0.clone() })?;
        resources.set(name.to_vec(), reference);
        let glyphs: String =
            t.text.chars().map(|c| format!("{:04X}", font.lookup_glyph_index(c as u32).unwrap_or(0))).collect();
        content.push_str(&format!(
            "BT\n/{} {} Tf\n1 0 0 1 {} {} Tm\n<{glyphs}> Tj\nET\n",
            id.0,
            t.size.0,
            (t.x - f.x).0,
            (bottom - t.baseline).0
        ));
    }
    content.push_str("EMC\n");
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("BBox", Object::Array(vec![number(0.0), number(0.0), number(f.width.0), number(f.height.0)]));
    let mut fonts_dict = Dictionary::new();
    fonts_dict.set("Font", Object::Dictionary(resources));
    dict.set("Resources", Object::Dictionary(fonts_dict));
    Ok(Stream::new(dict, content.into_bytes()))
}

/// The field's value as the draft shows it: its lines, a line feed between them.
pub fn blank_value(f: &Field) -> String {
    let mut lines: Vec<(f32, String)> = Vec::new();
    for t in &f.runs {
        match lines.last_mut() {
            Some((baseline, text)) if (*baseline - t.baseline.0).abs() < 0.01 => text.push_str(&t.text),
            _ => lines.push((t.baseline.0, t.text.clone())),
        }
    }
    lines.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join("\n")
}

/// Adds the page's fields to `lo`: each blank line a text field (its widget added to the page's
/// `/Annots`), ô 7c the page's private data. Returns the text fields, for the form's `/Fields`.
pub(super) fn add(
    lo: &mut lopdf::Document,
    page: ObjectId,
    fields: &[Field],
    faces: &[Face],
    page_height: Pt,
    date: &str,
    meta: &crate::doc::Meta,
) -> Result<Vec<ObjectId>, PdfError> {
    let fonts = page_fonts(lo, page);
    let mut widgets = Vec::new();
    let mut private = Dictionary::new();
    for f in fields {
        let rect = vec![
            number(f.x.0),
            number((page_height - f.y - f.height).0),
            number((f.x + f.width).0),
            number((page_height - f.y).0),
        ];
        if f.kind == FieldKind::Signature {
            private.set(SIGNATURE_BOX.to_vec(), Object::Array(rect));
            continue;
        }
        let ap = lo.add_object(appearance(f, faces, &fonts)?);
        let first = f.runs.first();
        let da = match first.and_then(|t| faces.iter().find(|(s, _, _)| *s == t.style).map(|(_, id, _)| (id, t.size))) {
            Some((id, size)) => format!("/{} {} Tf 0 g", id.0, size.0),
            None => "/F1 12 Tf 0 g".to_owned(),
        };
        let value = blank_value(f);
        let mut w = Dictionary::new();
        w.set("Type", Object::Name(b"Annot".to_vec()));
        w.set("Subtype", Object::Name(b"Widget".to_vec()));
        w.set("FT", Object::Name(b"Tx".to_vec()));
        w.set("T", Object::string_literal(f.kind.name()));
        w.set("V", text_string(&value));
        w.set("DA", Object::string_literal(da));
        // centred, as the line is
        w.set("Q", Object::Integer(1));
        // printed
        w.set("F", Object::Integer(4));
        if value.contains('\n') {
            // multiline
            w.set("Ff", Object::Integer(4096));
        }
        w.set("Rect", Object::Array(rect));
        w.set("P", Object::Reference(page));
        let mut apd = Dictionary::new();
        apd.set("N", Object::Reference(ap));
        w.set("AP", Object::Dictionary(apd));
        widgets.push(lo.add_object(w));
    }
    let Ok(page_dict) = lo.get_dictionary_mut(page) else { return Ok(widgets) };
    if !widgets.is_empty() {
        page_dict.set("Annots", Object::Array(widgets.iter().map(|id| Object::Reference(*id)).collect()));
    }
    if !private.is_empty() {
        let mut data = Dictionary::new();
        data.set("LastModified", Object::string_literal(date));
        // what report this is: `email --signed` matches it with its input
        private.set("Identity", text_string(&meta.identity));
        // the names the signatures' certificates are held to (verify)
        private.set(SIGNER_NAME.to_vec(), text_string(&meta.names.signer));
        private.set(ISSUER_NAME.to_vec(), text_string(&meta.names.issuer));
        if let Some(parent) = &meta.names.parent {
            private.set(PARENT_NAME.to_vec(), text_string(parent));
        }
        data.set("Private", Object::Dictionary(private));
        let mut info = Dictionary::new();
        info.set(PIECE_INFO.to_vec(), Object::Dictionary(data));
        page_dict.set("PieceInfo", Object::Dictionary(info));
        page_dict.set("LastModified", Object::string_literal(date));
    }
    Ok(widgets)
}
