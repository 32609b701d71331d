//! Whose certificate may make each of baocao's signatures (hostile review, F-2): the signer's
//! (`ky-duyet`) a certificate whose common name is the signer's name printed on the report; the
//! organisation's (`dong-dau`) an organisation's certificate whose common name is the issuing
//! agency's followed by the place its parent agency names (`Sở Thông tin và Truyền thông` +
//! `tỉnh Bắc Ninh` of `Ủy ban nhân dân tỉnh Bắc Ninh`), or its name alone when it is one in the
//! country. Without this, any end-entity certificate of a trusted hierarchy could issue an
//! agency's report. The names are the ones `generate` recorded in the first revision, which every
//! signature covers.
//!
//! Names are compared letter for letter with their diacritics (Hùng is not Hưng), case and spacing
//! aside; a certificate that writes a name without any diacritics (some CAs do) is compared with
//! the printed name without them.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization as _};

use crate::model::SigningNames;
use crate::render::fields::{ISSUER_NAME, PARENT_NAME, SIGNER_NAME};

/// `s` as names are compared: NFC, lower case, words separated by one space.
fn plain(s: &str) -> String {
    let lower: String = s.nfc().flat_map(char::to_lowercase).collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` folded: no diacritics, `đ` as `d`, lower case, words separated by one space.
pub fn fold(s: &str) -> String {
    let letters: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    letters.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A certificate's name `cn` and a printed name `printed` are the same: letter for letter with
/// their diacritics (Hùng is not Hưng), or, when the certificate writes names without diacritics
/// at all (some CAs do), the printed name without its diacritics.
fn same_name(cn: &str, printed: &str) -> bool {
    if cn.is_ascii() {
        fold(cn) == fold(printed)
    } else {
        plain(cn) == plain(printed)
    }
}

/// A person's certificate named `cn` is the signer's, `signer`.
pub fn is_person(cn: &str, signer: &str) -> bool {
    !signer.trim().is_empty() && same_name(cn, signer)
}

/// The words that begin a place's name in an agency's (ISO-free Vietnamese administrative units),
/// folded.
const PLACE_WORDS: &[&str] =
    &["tinh", "thanh pho", "tp.", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran", "dac khu"];

/// Where in `parent` (by words) a place's name begins, and its name after the word for its kind:
/// `tỉnh Bắc Ninh` (4) and `Bắc Ninh` (5) in `Ủy ban nhân dân tỉnh Bắc Ninh`.
fn place_in(parent: &str) -> Option<(usize, usize)> {
    let folded = fold(parent);
    let words: Vec<&str> = folded.split(' ').collect();
    (0..words.len()).find_map(|i| {
        let tail = words[i..].join(" ");
        PLACE_WORDS.iter().find(|p| tail.starts_with(&format!("{p} "))).map(|p| (i, i + p.split(' ').count()))
    })
}

/// An organisation's certificate named `cn` is the issuing agency's: its name followed by the
/// place its parent names (`Sở Thông tin và Truyền thông tỉnh Bắc Ninh` under `Ủy ban nhân dân
/// tỉnh Bắc Ninh`, a dash or comma between them allowed) or by its parent's whole name; its name
/// alone only when the parent names no place (a ministry's department is one in the country; a
/// province's is one of 34).
pub fn is_organisation(cn: &str, issuer: &str, parent: Option<&str>) -> bool {
    if issuer.trim().is_empty() {
        return false;
    }
    let normal = |s: &str| if cn.is_ascii() { fold(s) } else { plain(s) };
    let (name, issuer) = (normal(cn), normal(issuer));
    // the place, with and without the word for its kind
    let places: Vec<String> = parent
        .and_then(|p| {
            let words: Vec<String> = normal(p).split(' ').map(str::to_owned).collect();
            place_in(p).map(|(i, j)| vec![words[i..].join(" "), words[j..].join(" ")])
        })
        .unwrap_or_default();
    if name == issuer {
        return places.is_empty();
    }
    let Some(rest) = name.strip_prefix(&issuer).and_then(|r| r.strip_prefix(' ')) else { return false };
    let rest = rest.trim_start_matches(['-', ',', '–', '—', ' ']);
    !rest.is_empty() && (places.iter().any(|p| p == rest) || parent.map(normal).as_deref() == Some(rest))
}

/// The name the issuing agency's certificate gives, when `cn` names the agency alone and its
/// parent names a place ([`is_organisation`] refuses it: another province's agency has that
/// name too): `issuer` followed by the place (`Sở Thông tin và Truyền thông tỉnh Bắc Ninh`).
pub fn with_place(cn: &str, issuer: &str, parent: Option<&str>) -> Option<String> {
    let normal = |s: &str| if cn.is_ascii() { fold(s) } else { plain(s) };
    if issuer.trim().is_empty() || normal(cn) != normal(issuer) {
        return None;
    }
    let parent = parent?;
    let (i, _) = place_in(parent)?;
    let words: Vec<&str> = parent.split_whitespace().collect();
    Some(format!("{} {}", issuer.trim(), words.get(i..)?.join(" ")))
}

/// The recorded names are the ones the report prints (second hostile review: a draft whose
/// recorded names were rewritten, its page still printing the director's, was approved and issued
/// with two strangers' certificates): the signer's name in the text of the page with ô 7c, the
/// issuing agency's (and its parent's) in the first page's. `Err` says which is not.
///
/// This reads the text the page draws, as a reader's text extraction does, once the pages are
/// known to draw only what baocao draws ([`drawn_plainly`]): text a reader extracts is text shown.
pub fn printed(doc: &lopdf::Document, names: &SigningNames) -> Result<(), String> {
    drawn_plainly(doc)?;
    let compact = |s: &str| -> String { plain(s).chars().filter(|c| !c.is_whitespace()).collect() };
    let pages = doc.get_pages();
    let number_of = |id: lopdf::ObjectId| pages.iter().find(|(_, p)| **p == id).map(|(n, _)| *n);
    // the page's text as a reader extracts it, once the streams that takes are known to inflate
    // to a bounded size (a compressed bomb is not expanded)
    let text = |n: Option<u32>| {
        n.filter(|n| pages.get(n).is_some_and(|id| bounded(doc, *id)))
            .and_then(|n| doc.extract_text(&[n]).ok())
            .map(|t| compact(&t))
            .unwrap_or_default()
    };
    let signing_page = text(super::signature_box(doc).and_then(|(id, _)| number_of(id)));
    let first_page = text(pages.keys().next().copied());
    if !signing_page.contains(&compact(&names.signer)) {
        return Err(format!(
            "tên người ký ghi trong dữ liệu của văn bản ({}) không có trên trang ký",
            crate::input::quote_text(&names.signer)
        ));
    }
    for agency in std::iter::once(&names.issuer).chain(names.parent.as_ref()) {
        if !first_page.contains(&compact(agency)) {
            return Err(format!(
                "tên cơ quan ghi trong dữ liệu của văn bản ({}) không có ở đầu văn bản",
                crate::input::quote_text(agency)
            ));
        }
    }
    Ok(())
}

/// The operators the pages of a report baocao generates are drawn with: text (each line placed
/// by `1 0 0 1 x y Tm`) and ruled lines, nothing else.
const DRAWN_WITH: &[&str] = &["BT", "ET", "Tf", "Tm", "Tj", "TJ", "m", "l", "S", "w"];

/// The pages of `doc` (a report baocao generated, its first revision) are drawn as baocao draws
/// them, so that the text a reader extracts — which the names are compared with — is the text
/// the page shows: only [`DRAWN_WITH`]'s operators (no invisible text, `3 Tr`; no colour, clip,
/// box or image to hide text under; a hostile review: the signer's name drawn invisibly, another
/// name shown in its place, passed the names' check), text upright at its size (11–14 pt as
/// format.md sets them, within 8–30), placed on the page, in baocao's own fonts whose
/// `/ToUnicode` names each glyph by the character baocao's font draws with it (a map that lies
/// extracts one name and shows another).
fn drawn_plainly(doc: &lopdf::Document) -> Result<(), String> {
    // each font once, by what it is made of (two fonts of one name may differ: a crafted copy)
    let mut checked: std::collections::BTreeMap<String, Drawn> = std::collections::BTreeMap::new();
    page_tree(doc)?;
    for (n, id) in doc.get_pages() {
        let odd = |what: String| {
            Err(format!("trang {n} {what}, khác văn bản baocao tạo: nội dung hiển thị có thể khác nội dung đọc được"))
        };
        if !bounded(doc, id) {
            return odd("có luồng nội dung nén không đọc được".to_owned());
        }
        // its fonts: baocao's, each glyph the character its /ToUnicode names; by resource name,
        // the codes they draw and their widths
        let mut page_fonts: std::collections::BTreeMap<Vec<u8>, Drawn> = std::collections::BTreeMap::new();
        for (name, font) in doc.get_page_fonts(id).unwrap_or_default() {
            let font = lopdf::Object::Dictionary(font.clone());
            let key = format!("{font:?}");
            let drawn = match checked.get(&key) {
                Some(d) => d.clone(),
                None => {
                    let d = bundled_font(doc, &font).map_err(|why| format!("trang {n}: {why}"))?;
                    checked.insert(key, d.clone());
                    d
                }
            };
            page_fonts.insert(name, drawn);
        }
        // the page as baocao sets it: its boxes the paper's (a crop box hid a name drawn below
        // it), not turned or scaled, its own resources and none inherited (lopdf merged a parent's
        // font that poppler did not take: a name read and not drawn)
        let page = doc.get_dictionary(id).map_err(|_| format!("trang {n}: không đọc được"))?;
        let media = page.get(b"MediaBox").ok().cloned();
        let box_of = |k: &[u8]| page.get(k).ok().and_then(|b| doc.dereference(b).ok().map(|(_, b)| b.clone()));
        let media = media.and_then(|m| doc.dereference(&m).ok().map(|(_, m)| m.clone()));
        let numbers_of = |o: &Option<lopdf::Object>| -> Option<Vec<f32>> {
            o.as_ref()?.as_array().ok()?.iter().map(|x| x.as_float().ok()).collect()
        };
        let Some([0.0, 0.0, width, height]) = numbers_of(&media).and_then(|v| <[f32; 4]>::try_from(v).ok()) else {
            return odd("có khổ giấy (/MediaBox) không phải [0 0 rộng cao]".to_owned());
        };
        for key in [b"CropBox".as_slice(), b"TrimBox", b"BleedBox", b"ArtBox"] {
            if let Some(b) = box_of(key) {
                if numbers_of(&Some(b)) != numbers_of(&media) {
                    return odd(format!("có /{} khác khổ giấy", String::from_utf8_lossy(key)));
                }
            }
        }
        if page.get(b"Rotate").ok().is_some_and(|r| r.as_i64().ok() != Some(0)) || page.get(b"UserUnit").is_ok() {
            return odd("được xoay hoặc đổi đơn vị đo (/Rotate, /UserUnit)".to_owned());
        }
        if page.get(b"Resources").is_err() {
            return odd("không có tài nguyên (/Resources) của riêng mình".to_owned());
        }
        let mut parent = page.get(b"Parent").and_then(lopdf::Object::as_reference).ok();
        let mut depth = 0;
        while let Some(p) = parent.filter(|_| depth < 64) {
            let Ok(node) = doc.get_dictionary(p) else { break };
            if node.get(b"Resources").is_ok() {
                return odd("thừa hưởng tài nguyên (/Resources) của nút cha".to_owned());
            }
            parent = node.get(b"Parent").and_then(lopdf::Object::as_reference).ok();
            depth += 1;
        }
        let content = doc.get_page_content(id);
        let ops =
            lopdf::content::Content::decode(&content).map_err(|_| format!("trang {n}: nội dung không đọc được"))?;
        // text placed on the paper, within a margin of 10 mm it keeps from every edge; a text
        // run's kerning never carrying it out (a name drawn at the page's right edge, or thrown
        // 1,300 pt away by a TJ number, was read and not shown)
        let edge = 28.35;
        let (mut x, mut size) = (0.0_f32, 0.0_f32);
        let mut font: Option<&Drawn> = None;
        // a string's glyphs, each a code the font's /ToUnicode names, each advancing the text
        // within the margins (forty spaces carried a name past the page's edge, a hostile review)
        let advance = |bytes: &[u8], x: &mut f32, font: Option<&Drawn>, size: f32| -> bool {
            let Some(font) = font else { return false };
            bytes.len().is_multiple_of(2)
                && bytes.chunks(2).all(|pair| {
                    let code = u16::from_be_bytes([pair[0], pair[1]]);
                    *x += font.width(code) / 1000.0 * size;
                    font.codes.contains(&code) && (edge..=width - edge).contains(x)
                })
        };
        for op in &ops.operations {
            let numbers: Vec<f32> = op.operands.iter().filter_map(|o| o.as_float().ok()).collect();
            let fine = DRAWN_WITH.contains(&op.operator.as_str())
                && match op.operator.as_str() {
                    "Tf" => {
                        font = op.operands.first().and_then(|f| f.as_name().ok()).and_then(|f| page_fonts.get(f));
                        font.is_some()
                            && numbers.first().is_some_and(|s| {
                                size = *s;
                                (8.0..=30.0).contains(s)
                            })
                    }
                    "Tj" => op
                        .operands
                        .first()
                        .and_then(|o| o.as_str().ok())
                        .is_some_and(|b| advance(b, &mut x, font, size)),
                    "Tm" => match numbers[..] {
                        [a, b, c, d, e, f] => {
                            x = e;
                            a == 1.0
                                && b == 0.0
                                && c == 0.0
                                && d == 1.0
                                && (edge..=width - edge).contains(&e)
                                && (edge..=height - edge).contains(&f)
                        }
                        _ => false,
                    },
                    "TJ" => op.operands.first().and_then(|o| o.as_array().ok()).is_some_and(|items| {
                        items.iter().all(|item| match item {
                            lopdf::Object::String(bytes, _) => advance(bytes, &mut x, font, size),
                            k => k.as_float().is_ok_and(|k| {
                                x -= k / 1000.0 * size;
                                (edge..=width - edge).contains(&x)
                            }),
                        })
                    }),
                    "w" => numbers.first().is_some_and(|w| (0.0..=1.0).contains(w)),
                    _ => true,
                };
            if !fine && op.operator == "TJ" {
                return odd("có lệnh vẽ TJ đưa chữ ra ngoài lề giấy".to_owned());
            }
            if !fine {
                return odd(format!(
                    "có lệnh vẽ {} {}",
                    op.operator,
                    numbers.iter().map(f32::to_string).collect::<Vec<_>>().join(" ")
                ));
            }
        }
    }
    // the form's fonts too, which the clerk's number and date are drawn with (a crafted draft's
    // were copies of the page's whose /ToUnicode lied)
    let (_, form) = super::acroform(doc);
    let form_fonts = form
        .get(b"DR")
        .and_then(lopdf::Object::as_dict)
        .and_then(|d| d.get(b"Font"))
        .and_then(|f| doc.dereference(f).map(|(_, o)| o))
        .and_then(lopdf::Object::as_dict)
        .cloned()
        .unwrap_or_default();
    for (_, font) in form_fonts.iter() {
        bundled_font(doc, font).map_err(|why| format!("biểu mẫu: {why}"))?;
    }
    Ok(())
}

/// `font` is one of baocao's bundled fonts (by its name, the subset's tag aside), each glyph its
/// `/ToUnicode` names the character the bundled font draws with that shape
/// ([`super::issue::glyph_ids`]); why not, in words.
fn bundled_font(doc: &lopdf::Document, font: &lopdf::Object) -> Result<Drawn, String> {
    let fonts = crate::font::Fonts::bundled();
    let styles = [
        crate::font::Style::Regular,
        crate::font::Style::Bold,
        crate::font::Style::Italic,
        crate::font::Style::BoldItalic,
    ];
    let base = doc
        .dereference(font)
        .ok()
        .and_then(|(_, f)| f.as_dict().ok())
        .and_then(|f| f.get(b"BaseFont").and_then(lopdf::Object::as_name).ok())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let name = base.split_once('+').map_or(base.as_str(), |(_, n)| n);
    let Some(face) = styles.iter().map(|s| fonts.face(*s)).find(|f| f.postscript_name == name) else {
        return Err(format!(
            "phông chữ {} không phải của baocao, khác văn bản baocao tạo: nội dung hiển thị có thể khác nội dung đọc được",
            crate::input::quote_text(&base)
        ));
    };
    let codes = super::issue::glyph_ids(doc, font, face)?.into_values().collect();
    let descendant = doc
        .dereference(font)
        .ok()
        .and_then(|(_, f)| f.as_dict().ok())
        .and_then(|f| f.get(b"DescendantFonts").ok())
        .and_then(|d| doc.dereference(d).ok())
        .and_then(|(_, d)| d.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|d| doc.dereference(d).ok())
        .and_then(|(_, d)| d.as_dict().ok());
    let widths = descendant.and_then(super::issue::cid_widths).unwrap_or_default();
    let default = descendant.and_then(|d| d.get(b"DW").ok()).and_then(|w| w.as_float().ok()).unwrap_or(1000.0);
    Ok(Drawn { codes, widths, default })
}

/// What a checked font draws: the glyph codes its `/ToUnicode` names (each checked against the
/// bundled font), and each code's width in thousandths of an em.
#[derive(Debug, Clone)]
struct Drawn {
    codes: std::collections::BTreeSet<u16>,
    widths: std::collections::BTreeMap<u16, f32>,
    default: f32,
}

impl Drawn {
    fn width(&self, code: u16) -> f32 {
        self.widths.get(&code).copied().unwrap_or(self.default)
    }
}

/// The page tree as generate writes it: one `/Pages` node whose kids are each a `/Page`, once,
/// `/Count` of them (a hostile review: a kid without `/Type`, which lopdf passes over and readers
/// show, added a page nothing checked; a `/Count` short of the kids hid the real signing page
/// from readers while lopdf read it).
fn page_tree(doc: &lopdf::Document) -> Result<(), String> {
    let bad = |why: &str| {
        Err(format!("cây trang {why}, khác văn bản baocao tạo: nội dung hiển thị có thể khác nội dung đọc được"))
    };
    let Some(root) = doc.catalog().ok().and_then(|c| c.get(b"Pages").and_then(lopdf::Object::as_reference).ok()) else {
        return bad("không đọc được");
    };
    let Ok(node) = doc.get_dictionary(root) else { return bad("không đọc được") };
    if node.get(b"Type").and_then(lopdf::Object::as_name).ok() != Some(b"Pages".as_slice()) {
        return bad("có gốc không phải /Pages");
    }
    let kids: Vec<lopdf::ObjectId> = match node.get(b"Kids").and_then(lopdf::Object::as_array) {
        Ok(k) => match k.iter().map(|o| o.as_reference().ok()).collect::<Option<Vec<_>>>() {
            Some(k) => k,
            None => return bad("có /Kids không phải danh sách tham chiếu"),
        },
        Err(_) => return bad("không có /Kids"),
    };
    let unique: std::collections::BTreeSet<_> = kids.iter().collect();
    if unique.len() != kids.len() {
        return bad("có một trang được liệt kê hai lần");
    }
    if node.get(b"Count").and_then(lopdf::Object::as_i64).ok() != i64::try_from(kids.len()).ok() {
        return bad("có /Count khác số trang");
    }
    for kid in &kids {
        let page = doc.get_dictionary(*kid).ok();
        if page.and_then(|p| p.get(b"Type").and_then(lopdf::Object::as_name).ok()) != Some(b"Page".as_slice())
            || page.and_then(|p| p.get(b"Parent").and_then(lopdf::Object::as_reference).ok()) != Some(root)
        {
            return bad("có một mục không phải trang (/Type /Page) của nút gốc");
        }
    }
    if doc.get_pages().len() != kids.len() {
        return bad("có số trang khác nhau khi đọc theo các cách khác nhau");
    }
    Ok(())
}

/// The most a stream that text extraction reads may inflate to.
const MAX_STREAM: usize = 16 << 20;

/// Every stream extracting page `id`'s text reads (its contents, its fonts' `/ToUnicode`) is
/// uncompressed or Flate, and inflates to at most [`MAX_STREAM`] bytes.
fn bounded(doc: &lopdf::Document, id: lopdf::ObjectId) -> bool {
    use lopdf::Object;
    let stream_ok = |o: &Object| match doc.dereference(o).map(|(_, o)| o) {
        Ok(Object::Stream(s)) => match s.dict.get(b"Filter") {
            Err(_) => true,
            Ok(f) => {
                f.as_name().ok() == Some(b"FlateDecode".as_slice())
                    && super::changes::inflate_at_most(&s.content, MAX_STREAM).is_some()
            }
        },
        _ => true,
    };
    let contents = doc.get_page_contents(id);
    let fonts_ok = doc.get_page_fonts(id).is_ok_and(|fonts| {
        fonts.values().all(|f| match f.get(b"ToUnicode") {
            Ok(t) => stream_ok(t),
            Err(_) => true,
        })
    });
    fonts_ok && contents.iter().all(|c| stream_ok(&Object::Reference(*c)))
}

/// The names `generate` recorded in `doc` (its first revision), when it did.
pub fn recorded(doc: &lopdf::Document) -> Option<SigningNames> {
    let private = super::private_data(doc)?;
    let text = |key: &[u8]| private.get(key).ok().and_then(|v| lopdf::decode_text_string(v).ok());
    Some(SigningNames { signer: text(SIGNER_NAME)?, issuer: text(ISSUER_NAME)?, parent: text(PARENT_NAME) })
}

/// The common name of a certificate's subject.
///
/// A subject with more than one common name gives them all, joined by ", " as other verifiers show
/// them (a hostile review: `CN=Đỗ Văn Hùng, CN=Nguyễn Văn Bảo`, or both in one RDN, was taken by
/// its first and accepted as the signer's, while pyHanko named the last, the most specific): it
/// is no one person's name, and matches no one.
pub fn common_name(cert: &x509_cert::Certificate) -> Option<String> {
    use x509_cert::ext::pkix::name::DirectoryString;
    let names: Vec<String> = cert
        .tbs_certificate()
        .subject()
        .iter()
        .filter(|atv| atv.oid == const_oid::db::rfc4519::CN)
        .map(|atv| atv.value.decode_as::<DirectoryString>().map(|d| d.value().into_owned()))
        .collect::<Result<_, _>>()
        .ok()?;
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::changes::tests::{draft, field_named};

    /// `doc` with the `/ToUnicode` of its first page's font `/F1` rewritten by `edit`.
    fn with_to_unicode(doc: &lopdf::Document, edit: impl Fn(&str) -> String) -> lopdf::Document {
        let mut doc = doc.clone();
        let page = *doc.get_pages().values().next().unwrap();
        let font = doc.get_page_fonts(page).unwrap()[b"F1".as_slice()].clone();
        let id = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
        let stream = doc.get_object(id).unwrap().as_stream().unwrap();
        let text = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
        let mut dict = stream.dict.clone();
        dict.remove(b"Filter");
        doc.objects.insert(id, lopdf::Object::Stream(lopdf::Stream::new(dict, edit(&text).into_bytes())));
        doc
    }

    /// `doc` with `drawn` added to the content of page `page`.
    fn drawing(doc: &lopdf::Document, page: lopdf::ObjectId, drawn: &str) -> lopdf::Document {
        let mut odd = doc.clone();
        let mut content = odd.get_page_content(page);
        content.extend_from_slice(format!("\n{drawn}\n").as_bytes());
        odd.change_page_content(page, content).unwrap();
        odd
    }

    /// The mapping line of `c` in a `/ToUnicode`: `<code> <unicode>`.
    fn line_of(text: &str, c: char) -> String {
        let u = format!("<{:04X}>", c as u32);
        text.lines().find(|l| l.trim_end().ends_with(&u)).unwrap().trim().to_owned()
    }

    /// The pages of a report are drawn as baocao draws them, in its fonts whose `/ToUnicode` names
    /// each glyph by its character (a hostile review: the signer's name drawn invisibly under
    /// another shown; a `/ToUnicode` line mapping 4's glyph to 1 made sign issue draw 430 for 130).
    #[test]
    fn a_reports_pages_are_drawn_in_baocaos_fonts_and_operators_alone() {
        let doc = draft();
        let names = recorded(&doc).unwrap();
        assert_eq!(printed(&doc, &names), Ok(()));
        // invisible text, a white box: operators baocao does not draw with
        let page = *doc.get_pages().values().last().unwrap();
        let hidden = drawing(&doc, page, "BT /F1 13 Tf 3 Tr 1 0 0 1 100 100 Tm <0001> Tj ET");
        let n = hidden.get_pages().len();
        assert_eq!(
            printed(&hidden, &names).unwrap_err(),
            format!(
                "trang {n} có lệnh vẽ Tr 3, khác văn bản baocao tạo: nội dung hiển thị có thể khác nội dung đọc được"
            )
        );
        // text off the page, or too small to see
        for (drawn, said) in [
            ("BT /F1 13 Tf 1 0 0 1 -500 100 Tm <0001> Tj ET", "Tm 1 0 0 1 -500 100"),
            ("BT /F1 0.5 Tf 1 0 0 1 100 100 Tm <0001> Tj ET", "Tf 0.5"),
        ] {
            let odd = drawing(&doc, page, drawn);
            assert!(printed(&odd, &names).unwrap_err().contains(&format!("có lệnh vẽ {said},")), "{drawn}");
        }
        // a name thrown off the page by kerning, or drawn at its edge; a thick line over text
        for (drawn, said) in [
            ("BT /F1 13 Tf 1 0 0 1 100 100 Tm [-100000 <0001>] TJ ET", "TJ đưa chữ ra ngoài lề giấy"),
            ("BT /F1 13 Tf 1 0 0 1 595.27563 100 Tm <0001> Tj ET", "Tm 1 0 0 1 595.27563 100"),
            ("40 w 100 100 m 300 100 l S", "w 40"),
        ] {
            let odd = drawing(&doc, page, drawn);
            assert!(
                printed(&odd, &names).unwrap_err().contains(&format!("có lệnh vẽ {said}")),
                "{drawn}: {:?}",
                printed(&odd, &names)
            );
        }
        // a name carried past the page's edge by the glyphs before it (forty spaces), or drawn
        // with a glyph its font's /ToUnicode does not name (a hostile review)
        let text = doc.get_page_content(page);
        let text = String::from_utf8_lossy(&text);
        let font_line = text.lines().find(|l| l.ends_with(" Tf")).unwrap().to_owned();
        let space = {
            let f = doc.get_page_fonts(page).unwrap();
            let name = font_line.split_whitespace().next().unwrap().trim_start_matches('/').as_bytes().to_vec();
            let font = f[&name].clone();
            let id = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
            let t = String::from_utf8(doc.get_object(id).unwrap().as_stream().unwrap().decompressed_content().unwrap())
                .unwrap();
            line_of(&t, ' ').split('>').next().unwrap().trim_start_matches('<').to_owned()
        };
        for (drawn, said) in [
            (format!("BT {font_line} 1 0 0 1 500 100 Tm <{}> Tj ET", space.repeat(40)), "Tj"),
            (format!("BT {font_line} 1 0 0 1 100 100 Tm <FFF0> Tj ET"), "Tj"),
        ] {
            let odd = drawing(&doc, page, &drawn);
            assert!(
                printed(&odd, &names).unwrap_err().contains(&format!("có lệnh vẽ {said}")),
                "{drawn}: {:?}",
                printed(&odd, &names)
            );
        }
        // a page tree readers and lopdf read differently: a kid without /Type, a short /Count
        let pages = doc.catalog().unwrap().get(b"Pages").unwrap().as_reference().unwrap();
        let mut typeless = doc.clone();
        let mut copy = typeless.get_dictionary(page).unwrap().clone();
        copy.remove(b"Type");
        let copy = typeless.add_object(lopdf::Object::Dictionary(copy));
        let node = typeless.get_dictionary_mut(pages).unwrap();
        let mut kids = node.get(b"Kids").unwrap().as_array().unwrap().clone();
        kids.insert(0, lopdf::Object::Reference(copy));
        node.set("Count", lopdf::Object::Integer(kids.len() as i64));
        node.set("Kids", lopdf::Object::Array(kids));
        assert_eq!(
            printed(&typeless, &names).unwrap_err(),
            "cây trang có một mục không phải trang (/Type /Page) của nút gốc, khác văn bản baocao tạo: nội dung hiển thị có thể khác nội dung đọc được"
        );
        let mut short = doc.clone();
        let node = short.get_dictionary_mut(pages).unwrap();
        let count = node.get(b"Count").unwrap().as_i64().unwrap();
        node.set("Count", lopdf::Object::Integer(count - 1));
        assert!(printed(&short, &names).unwrap_err().starts_with("cây trang có /Count khác số trang"));
        // a crop box hiding part of the page; resources inherited from the page tree
        let mut cropped = doc.clone();
        let first = *cropped.get_pages().values().next().unwrap();
        cropped.get_dictionary_mut(first).unwrap().set(
            "CropBox",
            lopdf::Object::Array(vec![0.into(), 20.into(), 595.27563_f32.into(), 841.88983_f32.into()]),
        );
        assert_eq!(
            printed(&cropped, &names).unwrap_err(),
            "trang 1 có /CropBox khác khổ giấy, khác văn bản baocao tạo: nội dung hiển thị có thể khác nội dung đọc được"
        );
        let mut inherited = doc.clone();
        let pages = inherited.catalog().unwrap().get(b"Pages").unwrap().as_reference().unwrap();
        inherited.get_dictionary_mut(pages).unwrap().set("Resources", lopdf::Dictionary::new());
        assert!(printed(&inherited, &names).unwrap_err().contains("thừa hưởng tài nguyên (/Resources) của nút cha"));
        // a glyph's width changed (a width of 0 drew the next glyph over it)
        let mut narrow = doc.clone();
        let resources = narrow.get_dictionary(first).unwrap().get(b"Resources").unwrap().clone();
        let resources = narrow.dereference(&resources).unwrap().1.as_dict().unwrap().clone();
        let fonts = narrow.dereference(resources.get(b"Font").unwrap()).unwrap().1.as_dict().unwrap().clone();
        let f1 = fonts.get(b"F1").unwrap().as_reference().unwrap();
        let font = narrow.get_dictionary_mut(f1).unwrap();
        let lopdf::Object::Array(descendants) = font.get_mut(b"DescendantFonts").unwrap() else { panic!("array") };
        let lopdf::Object::Dictionary(d) = &mut descendants[0] else { panic!("a direct dictionary") };
        let lopdf::Object::Array(w) = d.get_mut(b"W").unwrap() else { panic!("/W") };
        let lopdf::Object::Array(list) = &mut w[1] else { panic!("/W's first list") };
        list[1] = 0.into();
        assert!(
            printed(&narrow, &names).unwrap_err().contains("another width than baocao's font"),
            "{:?}",
            printed(&narrow, &names)
        );
        // a glyph named twice, or two characters' glyphs swapped in the font's /ToUnicode
        let twice = with_to_unicode(&doc, |t| {
            let one = line_of(t, '1');
            let four = line_of(t, '4');
            let code_of_4 = four.split('>').next().unwrap().to_owned() + ">";
            t.replacen(&four, &format!("{code_of_4} <0031>\n{four}"), 1).replace(&one, "")
        });
        assert!(printed(&twice, &names)
            .unwrap_err()
            .ends_with("names a character or a glyph twice (readers would take either)"));
        let swapped = with_to_unicode(&doc, |t| {
            let (one, four) = (line_of(t, '1'), line_of(t, '4'));
            t.replacen(&one, "@1", 1).replacen(&four, &one.replace("<0031>", "<0034>"), 1).replacen(
                "@1",
                &four.replace("<0034>", "<0031>"),
                1,
            )
        });
        assert!(
            printed(&swapped, &names)
                .unwrap_err()
                .contains("with a glyph that is not the character's in baocao's font"),
            "{:?}",
            printed(&swapped, &names)
        );
        // and the clerk's number is drawn with no such font
        let blank = field_named(&swapped, "so");
        assert!(super::super::issue::redrawn(&swapped, &blank, "Số: 130/BC-STTTT").is_err());
    }

    #[test]
    fn a_person_is_named_as_printed_or_without_any_diacritics() {
        assert!(is_person("Đỗ Văn Hùng", "Đỗ Văn Hùng"));
        assert!(is_person("DO VAN HUNG", "Đỗ  Văn Hùng"));
        assert!(is_person("ĐỖ VĂN HÙNG", "Đỗ Văn Hùng"));
        assert!(is_person("Đỗ Văn Hùng", "Đỗ Văn Hùng")); // NFD vs NFC
                                                          // another person whose name differs by a mark; a stray mark; more than the name
        assert!(!is_person("Đỗ Văn Hưng", "Đỗ Văn Hùng"));
        assert!(!is_person("Đỗ Văn Hùng \u{301}", "Đỗ Văn Hùng"));
        assert!(!is_person("Đỗ Văn Hùng, Sở Thông tin", "Đỗ Văn Hùng"));
        assert!(!is_person("Nguyễn Văn An", "Đỗ Văn Hùng"));
        assert!(!is_person("", ""));
    }

    #[test]
    fn an_organisation_is_the_issuer_of_its_parents_place() {
        let parent = Some("Ủy ban nhân dân tỉnh Bắc Ninh");
        let issuer = "Sở Thông tin và Truyền thông";
        assert!(is_organisation("Sở Thông tin và Truyền thông tỉnh Bắc Ninh", issuer, parent));
        assert!(is_organisation("SO THONG TIN VA TRUYEN THONG TINH BAC NINH", issuer, parent));
        assert!(is_organisation("Sở Thông tin và Truyền thông - tỉnh Bắc Ninh", issuer, parent));
        assert!(is_organisation("Sở Thông tin và Truyền thông Ủy ban nhân dân tỉnh Bắc Ninh", issuer, parent));
        // the short name any province's department has; another province's; part of a place
        assert!(!is_organisation("Sở Thông tin và Truyền thông", issuer, parent));
        assert!(!is_organisation("Sở Thông tin và Truyền thông tỉnh Hà Nam", issuer, parent));
        assert!(!is_organisation("Sở Thông tin và Truyền thông Ninh", issuer, parent));
        assert!(is_organisation("Sở Thông tin và Truyền thông Bắc Ninh", issuer, parent));
        assert!(!is_organisation("Đỗ Văn Hùng", issuer, parent));
        assert!(!is_organisation("Sở Thông tin và Truyền thôngX", issuer, parent));
        assert!(!is_organisation("Sở Thông tin và Truyền thông tỉnh Bắc Ninh", issuer, None));
        assert!(!is_organisation("Sở Thông tin và Truyền thông", "", parent));
        // a ministry's department: one in the country, named alone or with its ministry
        let parent = Some("Bộ Tài chính");
        let issuer = "Cục Tin học và Thống kê tài chính";
        assert!(is_organisation("Cục Tin học và Thống kê tài chính", issuer, parent));
        assert!(is_organisation("Cục Tin học và Thống kê tài chính - Bộ Tài chính", issuer, parent));
        // a city's: two words for its kind
        let parent = Some("Ủy ban nhân dân thành phố Hồ Chí Minh");
        assert!(is_organisation(
            "Sở Thông tin và Truyền thông Thành phố Hồ Chí Minh",
            "Sở Thông tin và Truyền thông",
            parent
        ));
        assert!(is_organisation("Sở Thông tin và Truyền thông Hồ Chí Minh", "Sở Thông tin và Truyền thông", parent));
        assert!(!is_organisation("Sở Thông tin và Truyền thông Minh", "Sở Thông tin và Truyền thông", parent));
        // a province's people's committee, which has no parent
        assert!(is_organisation("Ủy ban nhân dân tỉnh Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh", None));
    }
}
