//! The clerk's stage (signing.md): the number and date written into the blanks the draft left
//! (its form fields: only their values and appearances change, which a verifier accepts after the
//! signer's signature), then the organisation's signature with the seal at its real size over the
//! left third of the signer's signature image.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::{acroform, field_names, real, SignError, APPROVAL_FIELD};
use crate::font::{Fonts, Style};
use crate::messages::tr;
use crate::profile::Pt;
use crate::vn;

/// The organisation's signature field's name (`/T`).
pub const SEAL_FIELD: &str = "dong-dau";

/// What the clerk gives.
#[derive(Debug, Clone, Copy)]
pub struct Issue {
    /// The number, when the draft left it blank.
    pub number: Option<u32>,
    /// The date, when the draft left it blank (default: the signing day).
    pub date: Option<NaiveDate>,
    /// The seal's width, in millimetres (its real size).
    pub seal_mm: f32,
}

/// The styles in the order of the writer's resource names `F1`–`F4` (`render::pdf`).
const STYLES: [Style; 4] = [Style::Regular, Style::Bold, Style::Italic, Style::BoldItalic];

/// A blank field's text with the number and date written in.
fn filled(value: &str, number: Option<u32>, date: NaiveDate) -> String {
    let mut text = value.replace('\n', " ");
    if let Some(n) = number {
        // `Số:      /BC-…` and `Báo cáo số      /BC-…`: the gap becomes ` 05`
        for label in ["Số:", "số"] {
            text = text.replacen(&format!("{label}{}/", vn::GAP), &format!("{label} {n:02}/"), 1);
        }
    }
    // `ngày      tháng      năm 2020` becomes the date (its own year)
    let blank = format!("ngày{}tháng{}năm ", vn::GAP, vn::GAP);
    if let Some(at) = text.find(&blank) {
        let end = at + blank.len() + text[at + blank.len()..].chars().take_while(char::is_ascii_digit).count();
        text.replace_range(at..end, &vn::long_date(Some(date), 0));
    }
    text
}

/// The number and date an issued draft's fields hold (`None` for a blank one, or no field).
pub fn issued_values(doc: &lopdf::Document) -> (Option<u32>, Option<NaiveDate>) {
    let (_, form) = acroform(doc);
    let (mut number, mut date) = (None, None);
    let Ok(fields) = form.get(b"Fields").and_then(Object::as_array) else { return (None, None) };
    for f in fields {
        let Ok(d) = doc.dereference(f).and_then(|(_, o)| o.as_dict()) else { continue };
        let name = d.get(b"T").ok().and_then(|t| lopdf::decode_text_string(t).ok()).unwrap_or_default();
        let value = d.get(b"V").ok().and_then(|t| lopdf::decode_text_string(t).ok()).unwrap_or_default();
        match name.as_str() {
            "so" => {
                let digits: String =
                    value.trim_start_matches("Số:").trim_start().chars().take_while(char::is_ascii_digit).collect();
                number = digits.parse().ok();
            }
            "ngay" => date = parse_long_date(&value),
            _ => {}
        }
    }
    (number, date)
}

/// `… ngày 05 tháng 3 năm 2020` → the date.
fn parse_long_date(text: &str) -> Option<NaiveDate> {
    let at = text.find("ngày ")?;
    let words: Vec<&str> = text[at..].split_whitespace().collect();
    match words[..] {
        ["ngày", d, "tháng", m, "năm", y, ..] => NaiveDate::from_ymd_opt(
            y.trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok()?,
            m.parse().ok()?,
            d.parse().ok()?,
        ),
        _ => None,
    }
}

/// The char → glyph id map of a form's font, from its `/ToUnicode` CMap: each character and each
/// glyph named once (readers take either of two, the first or the last), and each glyph the shape
/// baocao's own font `face` draws for its character, read from the font program the file embeds.
/// A crafted draft's font drew another digit than the one the clerk typed and the verifier read
/// (a hostile review: a `/ToUnicode` line mapping the glyph of 4 to 1 before the true one made
/// `sign issue --number 130` draw 430, verified as 130); the same glyph shapes close the swap of
/// two characters' names too.
pub(super) fn glyph_ids(
    doc: &lopdf::Document,
    font: &Object,
    face: &crate::font::Face,
) -> Result<BTreeMap<char, u16>, String> {
    let unreadable = || tr!("the font cannot be read as baocao writes it");
    fn deref<'a>(doc: &'a lopdf::Document, o: &'a Object) -> Option<&'a Object> {
        doc.dereference(o).map(|(_, o)| o).ok()
    }
    let resolve = |o| deref(doc, o).ok_or_else(unreadable);
    let font = resolve(font)?.as_dict().map_err(|_| unreadable())?;
    let stream =
        font.get(b"ToUnicode").map_err(|_| unreadable()).and_then(resolve)?.as_stream().map_err(|_| unreadable())?;
    let cmap = super::changes::plain_content(stream).ok_or_else(unreadable)?;
    let cmap = String::from_utf8_lossy(&cmap);
    if cmap.contains("beginbfrange") || cmap.contains("begincidrange") {
        return Err(unreadable());
    }
    let twice = || tr!("the font names a character or a glyph twice (readers would take either)");
    let mut map = BTreeMap::new();
    let mut codes = std::collections::BTreeSet::new();
    for block in cmap.split("beginbfchar").skip(1) {
        let block = block.split("endbfchar").next().unwrap_or("");
        for line in block.lines() {
            let hex: Vec<&str> = line.split(['<', '>']).filter(|s| !s.trim().is_empty()).collect();
            if let [code, unicode] = hex[..] {
                let (Ok(code), Ok(u)) = (u16::from_str_radix(code, 16), u32::from_str_radix(unicode, 16)) else {
                    return Err(unreadable());
                };
                let Some(c) = char::from_u32(u) else { return Err(unreadable()) };
                if !codes.insert(code) || map.insert(c, code).is_some() {
                    return Err(twice());
                }
            } else if !line.trim().is_empty() {
                return Err(unreadable());
            }
        }
    }
    // the program the file embeds: glyph ids as the codes (Identity), each glyph baocao's shape
    let descendant = font
        .get(b"DescendantFonts")
        .map_err(|_| unreadable())
        .and_then(resolve)?
        .as_array()
        .ok()
        .and_then(|a| a.first())
        .ok_or_else(unreadable)
        .and_then(resolve)?
        .as_dict()
        .map_err(|_| unreadable())?;
    if descendant.get(b"CIDToGIDMap").and_then(Object::as_name).ok() != Some(b"Identity".as_slice()) {
        return Err(unreadable());
    }
    let program = descendant
        .get(b"FontDescriptor")
        .map_err(|_| unreadable())
        .and_then(resolve)?
        .as_dict()
        .map_err(|_| unreadable())?
        .get(b"FontFile2")
        .map_err(|_| unreadable())
        .and_then(resolve)?
        .as_stream()
        .map_err(|_| unreadable())?;
    // each glyph's advance as baocao writes it (the bundled font's, in thousandths of an em,
    // rounded down): a width of 0 drew the next glyph over it (a hostile review)
    let widths = cid_widths(descendant).ok_or_else(unreadable)?;
    let default = descendant.get(b"DW").and_then(Object::as_i64).unwrap_or(1000);
    if let Some((c, _)) = map.iter().find(|(c, code)| {
        let expected =
            (f32::from(face.glyph_advance(face.glyph(**c))) * 1000.0 / f32::from(face.units_per_em())).floor();
        face.has_glyph(**c) && (widths.get(code).copied().unwrap_or(default as f32) - expected).abs() > 1.0
    }) {
        return Err(tr!("the font gives {c} another width than baocao's font", c = format!("{c:?}")));
    }
    let program = super::changes::plain_content(program).ok_or_else(unreadable)?;
    let embedded = ttf_parser::Face::parse(&program, 0).map_err(|_| unreadable())?;
    if let Some((c, _)) = map.iter().find(|(c, code)| crate::font::outline(&embedded, **code) != face.outline_of(**c)) {
        return Err(tr!(
            "the font draws {c} with a glyph that is not the character's in baocao's font",
            c = format!("{c:?}")
        ));
    }
    Ok(map)
}

/// A CID font's `/W` widths by glyph code (`c [w1 w2 …]` and `c_first c_last w`); `None` when
/// the array is not one.
pub(super) fn cid_widths(descendant: &Dictionary) -> Option<BTreeMap<u16, f32>> {
    let mut widths = BTreeMap::new();
    let Ok(w) = descendant.get(b"W").and_then(Object::as_array) else { return Some(widths) };
    let mut items = w.iter();
    while let Some(first) = items.next() {
        let first = u16::try_from(first.as_i64().ok()?).ok()?;
        match items.next()? {
            Object::Array(list) => {
                for (k, v) in list.iter().enumerate() {
                    widths.insert(first.checked_add(u16::try_from(k).ok()?)?, v.as_float().ok()?);
                }
            }
            last => {
                let last = u16::try_from(last.as_i64().ok()?).ok()?;
                let width = items.next()?.as_float().ok()?;
                if last < first || last - first > 4096 {
                    return None;
                }
                for code in first..=last {
                    widths.insert(code, width);
                }
            }
        }
    }
    Some(widths)
}

/// The baselines of an appearance stream's lines (`… y Tm`), top first.
fn baselines(doc: &lopdf::Document, ap: &Object) -> Vec<f32> {
    let Ok(stream) = doc.dereference(ap).and_then(|(_, s)| s.as_stream()) else { return Vec::new() };
    let Some(content) = super::changes::plain_content(stream) else { return Vec::new() };
    String::from_utf8_lossy(&content)
        .lines()
        .filter(|l| l.ends_with(" Tm"))
        .filter_map(|l| l.split_whitespace().nth(5)?.parse().ok())
        .collect()
}

/// A filled text field's new appearance: `text` in the field's face and size (from its `/DA`),
/// each line centred in the field, on the draft's baselines; an error when the field is not as
/// baocao made it.
fn appearance(
    doc: &lopdf::Document,
    field: &Dictionary,
    lines: &[String],
    fonts: &Fonts,
    form_fonts: &Dictionary,
) -> Result<Stream, SignError> {
    let bad = |why: String| SignError::Field { why };
    let da = field.get(b"DA").and_then(Object::as_str).map_err(|_| bad(tr!("a field has no /DA")))?;
    let da = String::from_utf8_lossy(da);
    let parts: Vec<&str> = da.split_whitespace().collect();
    let (name, size) = match parts[..] {
        [name, size, "Tf", ..] => {
            (name.trim_start_matches('/'), size.parse::<f32>().map_err(|_| bad("/DA".to_owned()))?)
        }
        _ => return Err(bad(tr!("a field's /DA has no font"))),
    };
    let style = name
        .strip_prefix('F')
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| STYLES.get(n.wrapping_sub(1)))
        .copied()
        .ok_or_else(|| bad(tr!("a field's font is not one of baocao's")))?;
    let font = form_fonts.get(name.as_bytes()).map_err(|_| bad(tr!("a field's font is not in the form's /DR")))?;
    let glyphs = glyph_ids(doc, font, fonts.face(style)).map_err(bad)?;
    let rect: Vec<f32> = field
        .get(b"Rect")
        .and_then(Object::as_array)
        .map_err(|_| bad("/Rect".to_owned()))?
        .iter()
        .filter_map(|n| n.as_float().ok())
        .collect();
    let [x1, y1, x2, y2] = rect[..] else { return Err(bad("/Rect".to_owned())) };
    let (w, h) = (x2 - x1, y2 - y1);
    let old = field
        .get(b"AP")
        .and_then(Object::as_dict)
        .and_then(|a| a.get(b"N"))
        .map(|n| baselines(doc, n))
        .unwrap_or_default();
    let step = match old[..] {
        [a, b, ..] => a - b,
        _ => size * 1.15,
    };
    let face = fonts.face(style);
    let mut content = String::from("/Tx BMC\n");
    for (i, line) in lines.iter().enumerate() {
        let y = old.get(i).copied().unwrap_or_else(|| old.first().copied().unwrap_or(h * 0.3) - step * i as f32);
        let x = (w - face.width(line, Pt(size)).0) / 2.0;
        let mut hex = String::new();
        for c in line.chars() {
            let g = glyphs.get(&c).ok_or(SignError::Glyph { character: c })?;
            hex.push_str(&format!("{g:04X}"));
        }
        content.push_str(&format!("BT\n/{name} {size} Tf\n1 0 0 1 {x} {y} Tm\n<{hex}> Tj\nET\n"));
    }
    content.push_str("EMC\n");
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("BBox", Object::Array(vec![real(0.0), real(0.0), real(w), real(h)]));
    let mut fd = Dictionary::new();
    fd.set(name.as_bytes().to_vec(), font.clone());
    let mut res = Dictionary::new();
    res.set("Font", Object::Dictionary(fd));
    dict.set("Resources", Object::Dictionary(res));
    Ok(Stream::new(dict, content.into_bytes()))
}

/// The fonts of the form's default resources (`/DR /Font`), by resource name.
fn form_fonts(doc: &lopdf::Document, form: &Dictionary) -> Dictionary {
    form.get(b"DR")
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Font"))
        .and_then(|f| doc.dereference(f).map(|(_, o)| o))
        .and_then(Object::as_dict)
        .cloned()
        .unwrap_or_default()
}

/// The appearance `sign issue` draws for the draft's blank field `field` (as `doc` has it, before
/// filling) holding `value` (its lines joined by line feeds): what a verifier compares the filled
/// field's `/AP` with, so that what the page shows is the value the organisation signed.
pub fn redrawn(doc: &lopdf::Document, field: &Dictionary, value: &str) -> Result<Stream, SignError> {
    let (_, form) = acroform(doc);
    let form_fonts = form_fonts(doc, &form);
    let lines: Vec<String> = value.split('\n').map(str::to_owned).collect();
    appearance(doc, field, &lines, Fonts::bundled(), &form_fonts)
}

/// The draft's blank fields filled (new `/V` and `/AP`, the field dictionaries rewritten in
/// place), into `up`. Errors when the clerk's values and the draft's blanks do not match.
pub(super) fn fill(
    doc: &lopdf::Document,
    up: &mut super::update::Update<'_>,
    issue: &Issue,
    signing_day: NaiveDate,
) -> Result<(), SignError> {
    let (_, form) = acroform(doc);
    let names = field_names(doc, &form);
    let blank_number = names.iter().any(|n| n == "so");
    match (blank_number, issue.number) {
        (true, None) => return Err(SignError::NumberNeeded),
        (false, Some(_)) => return Err(SignError::AlreadyNumbered),
        _ => {}
    }
    if issue.date.is_some() && !names.iter().any(|n| n == "ngay") {
        return Err(SignError::AlreadyDated);
    }
    let date = issue.date.unwrap_or(signing_day);
    let form_fonts = form_fonts(doc, &form);
    let fonts = Fonts::bundled();
    let Ok(fields) = form.get(b"Fields").and_then(Object::as_array) else { return Ok(()) };
    for f in fields {
        let Ok(id) = f.as_reference() else { continue };
        let mut field = doc.get_dictionary(id)?.clone();
        if field.get(b"FT").and_then(Object::as_name).ok() != Some(b"Tx".as_slice()) {
            continue;
        }
        let name = field.get(b"T").ok().and_then(|t| lopdf::decode_text_string(t).ok()).unwrap_or_default();
        let value = field.get(b"V").ok().and_then(|t| lopdf::decode_text_string(t).ok()).unwrap_or_default();
        let text = filled(&value, issue.number, date);
        // the reference breaks as a numbered report's would; the other lines are one line
        let lines: Vec<String> = if name.starts_with("kem-theo") {
            crate::doc::reference_lines(&text, fonts).split('\n').map(str::to_owned).collect()
        } else {
            vec![text]
        };
        let ap = appearance(doc, &field, &lines, fonts, &form_fonts)?;
        let ap = up.add(ap);
        field.set("V", super::text_string(&lines.join("\n")));
        let mut apd = Dictionary::new();
        apd.set("N", Object::Reference(ap));
        field.set("AP", Object::Dictionary(apd));
        up.set(id, Object::Dictionary(field));
    }
    Ok(())
}

/// The seal's rectangle: `mm` wide at its real size, its height by the image's proportions, over
/// the left third of the signer's image (`signer`, `[x1 y1 x2 y2]`), centred on it vertically.
pub(super) fn seal_rect(signer: [f32; 4], mm: f32, aspect: f32) -> [f32; 4] {
    let w = mm * 72.0 / 25.4;
    let h = w / aspect;
    let right = signer[0] + (signer[2] - signer[0]) / 3.0;
    let cy = (signer[1] + signer[3]) / 2.0;
    [right - w, cy - h / 2.0, right, cy + h / 2.0]
}

/// The signer's signature widget: its page and `/Rect`.
pub(super) fn approval(doc: &lopdf::Document) -> Option<(ObjectId, [f32; 4])> {
    let (_, form) = acroform(doc);
    for f in form.get(b"Fields").and_then(Object::as_array).ok()? {
        let Ok(d) = doc.dereference(f).and_then(|(_, o)| o.as_dict()) else { continue };
        let name = d.get(b"T").ok().and_then(|t| lopdf::decode_text_string(t).ok());
        if name.as_deref() == Some(APPROVAL_FIELD) {
            let page = d.get(b"P").and_then(Object::as_reference).ok()?;
            let r: Vec<f32> = d.get(b"Rect").ok()?.as_array().ok()?.iter().filter_map(|n| n.as_float().ok()).collect();
            if let [a, b, c, e] = r[..] {
                return Some((page, [a, b, c, e]));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blanks_take_the_number_and_the_date() {
        let d = NaiveDate::from_ymd_opt(2021, 1, 5).unwrap();
        assert_eq!(filled("Số:      /BC-STTTT", Some(7), d), "Số: 07/BC-STTTT");
        assert_eq!(filled("Số:      /BC-STTTT", Some(125), d), "Số: 125/BC-STTTT");
        assert_eq!(filled("Bắc Ninh, ngày      tháng      năm 2020", None, d), "Bắc Ninh, ngày 05 tháng 01 năm 2021");
        assert_eq!(
            filled("(Kèm theo Báo cáo số      /BC-STTTT ngày      tháng      năm 2020\ncủa Sở Y tế)", Some(3), d),
            "(Kèm theo Báo cáo số 03/BC-STTTT ngày 05 tháng 01 năm 2021 của Sở Y tế)"
        );
        // a numbered draft keeps its number
        assert_eq!(
            filled("(Kèm theo Báo cáo số 12/BC-X ngày      tháng      năm 2020)", None, d),
            "(Kèm theo Báo cáo số 12/BC-X ngày 05 tháng 01 năm 2021)"
        );
    }

    #[test]
    fn a_filled_date_reads_back() {
        assert_eq!(parse_long_date("Bắc Ninh, ngày 05 tháng 01 năm 2021"), NaiveDate::from_ymd_opt(2021, 1, 5));
        assert_eq!(parse_long_date("Bắc Ninh, ngày      tháng      năm 2020"), None);
    }

    #[test]
    fn the_seal_covers_the_left_third_of_the_signature() {
        let r = seal_rect([300.0, 400.0, 480.0, 472.0], 36.0, 1.0);
        let w = 36.0 * 72.0 / 25.4;
        assert!((r[2] - 360.0).abs() < 1e-3 && (r[2] - r[0] - w).abs() < 1e-3);
        assert!(((r[1] + r[3]) / 2.0 - 436.0).abs() < 1e-3 && (r[3] - r[1] - w).abs() < 1e-3);
    }
}
