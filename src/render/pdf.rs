//! PDF: laid-out pages drawn with printpdf, the fonts subset by us (subsetter), the result
//! finished with lopdf (`/Lang`, a content-derived `/ID`, every stream compressed).
//!
//! Subsetting: printpdf subsets only with its `text_layout` feature (a browser layout engine's
//! worth of crates). Instead each face is cut down here to the glyphs the document uses, with
//! `subsetter`, and handed to printpdf as a font whose glyph ids are the subset's; printpdf then
//! writes it as a CIDFontType2 with `/W` widths and a `/ToUnicode` map built from the text drawn,
//! so `pdftotext` gives the exact text back. The subset is named `TAG+LiberationSerif-Regular`,
//! the six-letter tag derived from the glyph set (the same document, the same tag).

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    FontId, Line as PdfLine, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt as PdfPt, TextItem, TextMatrix,
};

use crate::doc::Meta;
use crate::font::{Fonts, Style};
use crate::layout::{Item, Page};
use crate::profile::{self as p};

/// Writing the PDF failed (a font could not be subset: a defect of the bundled fonts).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the PDF: {0}")]
pub struct PdfError(String);

const STYLES: [Style; 4] = [Style::Regular, Style::Bold, Style::Italic, Style::BoldItalic];

/// A six-capital subset tag derived from the font and its glyphs (FNV-1a), so that the same
/// document always gets the same tag.
fn subset_tag(name: &str, glyphs: &BTreeSet<u16>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    name.bytes().for_each(&mut eat);
    for g in glyphs {
        g.to_be_bytes().into_iter().for_each(&mut eat);
    }
    (0..6).map(|i| char::from(b'A' + ((h >> (i * 10)) % 26) as u8)).collect()
}

/// The subset of one face holding exactly the characters in `chars`, as printpdf's font.
fn subset_face(fonts: &Fonts, style: Style, chars: &BTreeSet<char>) -> Result<ParsedFont, PdfError> {
    let face = fonts.face(style);
    let glyphs: BTreeSet<u16> = chars.iter().map(|c| face.glyph(*c)).collect();
    let mut remapper = subsetter::GlyphRemapper::new();
    for g in &glyphs {
        remapper.remap(*g);
    }
    // From the face without hinting (stripped once per process), so nothing is stripped here.
    let bytes = subsetter::subset(face.unhinted(), 0, &remapper)
        .map_err(|e| PdfError(format!("{}: {e}", face.postscript_name)))?;
    let mut warnings = Vec::new();
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| PdfError(format!("{}: the subset does not parse", face.postscript_name)))?;
    // The subset has no cmap (a PDF CID font does not use it): the character → glyph mapping
    // and the widths are ours, in the subset's glyph ids.
    font.codepoint_to_glyph =
        chars.iter().filter_map(|c| remapper.get(face.glyph(*c)).map(|g| (*c as u32, g))).collect();
    font.glyph_widths = glyphs.iter().filter_map(|g| remapper.get(*g).map(|n| (n, face.glyph_advance(*g)))).collect();
    font.font_name = Some(format!("{}+{}", subset_tag(face.postscript_name, &glyphs), face.postscript_name));
    Ok(font)
}

/// The text of a run as printpdf items: the spaces stay real spaces (so copy and paste and
/// `pdftotext` see them) and justification adds a negative offset after each (`TJ`), since the
/// word-spacing operator does not act on two-byte codes.
fn text_items(text: &str, extra: crate::profile::Pt, size: crate::profile::Pt) -> Vec<TextItem> {
    if extra.0.abs() < 1e-4 {
        return vec![TextItem::Text(text.to_owned())];
    }
    let adjust = -extra.0 * 1000.0 / size.0;
    let mut items = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        word.push(c);
        if c == ' ' {
            items.push(TextItem::Text(std::mem::take(&mut word)));
            items.push(TextItem::Offset(adjust));
        }
    }
    if !word.is_empty() {
        items.push(TextItem::Text(word));
    }
    items
}

fn pt(x: crate::profile::Pt) -> PdfPt {
    PdfPt(x.0)
}

/// Pages drawn by one printpdf document. printpdf keeps every page's operations, and lopdf every
/// page's content, until the file is written (about 120 KB a page together): a long document (a
/// consolidated report of thousands of units runs to thousands of pages) is drawn in parts of
/// this many pages, each part's pages compressed and merged into the file before the next part
/// is drawn. A report of up to this many pages is drawn in one part, as a single document.
pub const PAGES_PER_PART: usize = 64;

/// Renders laid-out pages as PDF bytes.
pub fn render(pages: &[Page], meta: &Meta, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render_in_parts(pages, meta, fonts, PAGES_PER_PART)
}

/// [`render`], drawing `part` pages at a time (tests use small parts to check the merging).
pub fn render_in_parts(pages: &[Page], meta: &Meta, fonts: &Fonts, part: usize) -> Result<Vec<u8>, PdfError> {
    let mut used = Used::default();
    pages.iter().for_each(|p| used.add(p));
    let mut w = Writer::new(&used, meta, fonts)?;
    for pages in pages.chunks(part.max(1)) {
        w.part(pages)?;
    }
    w.finish()
}

/// A face's place in [`STYLES`].
fn slot(style: Style) -> usize {
    STYLES.iter().position(|s| *s == style).unwrap_or(0)
}

/// Characters below this are recorded in a bit set (Latin, Vietnamese, general punctuation).
const USED_BITS: usize = 0x2100;

/// The characters each face draws in a document: every part of it embeds the same subsets.
pub struct Used {
    /// By face (the order of [`STYLES`]): a bit a character below [`USED_BITS`], then a set.
    faces: [(Vec<u64>, BTreeSet<char>); 4],
}

impl Default for Used {
    fn default() -> Used {
        Used { faces: std::array::from_fn(|_| (vec![0; USED_BITS / 64], BTreeSet::new())) }
    }
}

impl Used {
    /// Adds the characters of a page.
    pub fn add(&mut self, page: &Page) {
        for item in &page.items {
            if let Item::Text(t) = item {
                let (bits, rest) = &mut self.faces[slot(t.style)];
                for c in t.text.chars() {
                    match bits.get_mut(c as usize / 64) {
                        Some(word) => *word |= 1 << (c as usize % 64),
                        None => {
                            rest.insert(c);
                        }
                    }
                }
            }
        }
    }

    /// The characters of a face, none when it draws nothing.
    fn of(&self, style: Style) -> Option<BTreeSet<char>> {
        let (bits, rest) = &self.faces[slot(style)];
        let mut chars: BTreeSet<char> = rest.clone();
        for (i, word) in bits.iter().enumerate() {
            let mut w = *word;
            while w != 0 {
                let b = w.trailing_zeros() as usize;
                chars.extend(char::from_u32((i * 64 + b) as u32));
                w &= w - 1;
            }
        }
        (!chars.is_empty()).then_some(chars)
    }
}

/// A PDF written a part at a time: each part of the pages drawn with printpdf, compressed and
/// merged into the file before the next (see [`PAGES_PER_PART`]).
pub struct Writer {
    faces: Vec<(Style, FontId, ParsedFont)>,
    meta: Meta,
    lo: Option<lopdf::Document>,
    programs: FontPrograms,
}

impl Writer {
    /// A writer for a document whose pages draw `used`.
    pub fn new(used: &Used, meta: &Meta, fonts: &Fonts) -> Result<Writer, PdfError> {
        let mut faces = Vec::new();
        for (i, style) in STYLES.iter().enumerate() {
            if let Some(chars) = used.of(*style) {
                // Resource names fixed by the face, not printpdf's per-process counter.
                faces.push((*style, FontId(format!("F{}", i + 1)), subset_face(fonts, *style, &chars)?));
            }
        }
        Ok(Writer { faces, meta: meta.clone(), lo: None, programs: FontPrograms::default() })
    }

    /// Draws the next pages.
    pub fn part(&mut self, pages: &[Page]) -> Result<(), PdfError> {
        let mut next = draw(pages, &self.faces, &self.meta)?;
        compress(&mut next);
        match &mut self.lo {
            None => {
                self.programs.share(&mut next);
                self.lo = Some(next);
            }
            Some(lo) => merge(lo, next, &mut self.programs)?,
        }
        Ok(())
    }

    /// The file.
    pub fn finish(mut self) -> Result<Vec<u8>, PdfError> {
        if self.lo.is_none() {
            self.part(&[])?;
        }
        let mut lo = self.lo.take().ok_or_else(|| PdfError("no page".to_owned()))?;
        finish(&mut lo)?;
        // about the file's size, so a long document's bytes are not copied and doubled as they grow
        let streams: usize = lo.objects.values().filter_map(|o| o.as_stream().ok()).map(|s| s.content.len()).sum();
        let mut out = Vec::with_capacity(streams + 256 * lo.objects.len());
        lo.save_to(&mut out).map_err(|e| PdfError(e.to_string()))?;
        drop(lo);
        stamp_id(&mut out);
        Ok(out)
    }
}

/// Draws `pages` as one PDF document with printpdf.
fn draw(pages: &[Page], faces: &[(Style, FontId, ParsedFont)], meta: &Meta) -> Result<lopdf::Document, PdfError> {
    let mut doc = PdfDocument::new(&meta.title);
    let mut ids: BTreeMap<Style, FontId> = BTreeMap::new();
    for (style, id, font) in faces {
        doc.resources.fonts.map.insert(id.clone(), PdfFont::new(font.clone()));
        ids.insert(*style, id.clone());
    }

    let height = p::PAGE_HEIGHT;
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = Vec::new();
        let mut width = None;
        // One text object for each run of text items, the font set only when it changes.
        let mut in_text = false;
        let mut font: Option<(Style, f32)> = None;
        for item in &page.items {
            match item {
                Item::Text(t) => {
                    // a face draws nothing when it has no characters (an empty run)
                    let Some(id) = ids.get(&t.style) else { continue };
                    if !in_text {
                        ops.push(Op::StartTextSection);
                        in_text = true;
                        font = None;
                    }
                    if font != Some((t.style, t.size.0)) {
                        let handle = PdfFontHandle::External(id.clone());
                        ops.push(Op::SetFont { font: handle, size: pt(t.size) });
                        font = Some((t.style, t.size.0));
                    }
                    ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(pt(t.x), pt(height - t.baseline)) });
                    ops.push(Op::ShowText { items: text_items(&t.text, t.space_extra, t.size) });
                }
                Item::Line { x1, y1, x2, y2, width: w } => {
                    if in_text {
                        ops.push(Op::EndTextSection);
                        in_text = false;
                    }
                    if width != Some(w.0) {
                        ops.push(Op::SetOutlineThickness { pt: pt(*w) });
                        width = Some(w.0);
                    }
                    let point = |x: crate::profile::Pt, y: crate::profile::Pt| LinePoint {
                        p: Point { x: pt(x), y: pt(height - y) },
                        bezier: false,
                    };
                    ops.push(Op::DrawLine {
                        line: PdfLine { points: vec![point(*x1, *y1), point(*x2, *y2)], is_closed: false },
                    });
                }
            }
        }
        if in_text {
            ops.push(Op::EndTextSection);
        }
        pdf_pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    doc.with_pages(pdf_pages);

    let date = meta.date.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp();
    let stamp = printpdf::OffsetDateTime::from_unix_timestamp(date).map_err(|e| PdfError(e.to_owned()))?;
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = "baocao".to_owned();
    info.producer = format!("baocao {}", env!("CARGO_PKG_VERSION"));
    info.creation_date = stamp;
    info.modification_date = stamp;
    info.metadata_date = stamp;

    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, ..PdfSaveOptions::default() };
    let mut warnings = Vec::new();
    Ok(doc.to_lopdf_document(&opts, &mut warnings))
}

/// The embedded font programs of the file, by font name: every part embeds the same subsets, and
/// the file keeps one copy of each, which the later parts' font descriptors point to.
#[derive(Default)]
struct FontPrograms(BTreeMap<Vec<u8>, lopdf::ObjectId>);

impl FontPrograms {
    /// Records the font programs of `lo`, or, when a program of the same font is recorded,
    /// points `lo`'s descriptor to it and removes `lo`'s copy.
    fn share(&mut self, lo: &mut lopdf::Document) {
        use lopdf::Object;
        let mut drop = Vec::new();
        for object in lo.objects.values_mut() {
            let Object::Dictionary(d) = object else { continue };
            if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
                continue;
            }
            let (Ok(name), Ok(program)) = (
                d.get(b"FontName").and_then(Object::as_name).map(<[u8]>::to_vec),
                d.get(b"FontFile2").and_then(Object::as_reference),
            ) else {
                continue;
            };
            match self.0.get(&name) {
                Some(kept) => {
                    d.set("FontFile2", Object::Reference(*kept));
                    drop.push(program);
                }
                None => {
                    self.0.insert(name, program);
                }
            }
        }
        for id in drop {
            lo.objects.remove(&id);
        }
    }
}

/// Appends the pages of `part` to `lo`: its objects renumbered after `lo`'s, its pages put in
/// `lo`'s page tree, its catalog, page tree and information dictionary dropped, its font
/// programs shared with the ones `lo` already has.
fn merge(lo: &mut lopdf::Document, mut part: lopdf::Document, programs: &mut FontPrograms) -> Result<(), PdfError> {
    use lopdf::Object;
    let e = |e: lopdf::Error| PdfError(e.to_string());
    part.renumber_objects_with(lo.max_id + 1);
    let pages_of = |d: &lopdf::Document| -> Result<lopdf::ObjectId, PdfError> {
        d.catalog().and_then(|c| c.get(b"Pages")).and_then(Object::as_reference).map_err(e)
    };
    let (root, tree) = (pages_of(lo)?, pages_of(&part)?);
    let kids: Vec<Object> =
        part.get_dictionary(tree).and_then(|t| t.get(b"Kids")).and_then(Object::as_array).map_err(e)?.clone();
    for kid in &kids {
        let page = kid.as_reference().map_err(e)?;
        part.get_dictionary_mut(page).map_err(e)?.set("Parent", Object::Reference(root));
    }
    for dropped in [part.trailer.get(b"Root"), part.trailer.get(b"Info")].into_iter().flatten() {
        if let Ok(id) = dropped.as_reference() {
            part.objects.remove(&id);
        }
    }
    part.objects.remove(&tree);
    programs.share(&mut part);
    let root_tree = lo.get_dictionary_mut(root).map_err(e)?;
    let count = root_tree.get(b"Count").and_then(Object::as_i64).map_err(e)?;
    root_tree.set("Count", Object::Integer(count + kids.len() as i64));
    let mut all = root_tree.get(b"Kids").and_then(Object::as_array).map_err(e)?.clone();
    all.extend(kids);
    root_tree.set("Kids", Object::Array(all));
    lo.objects.extend(part.objects);
    // the xref's /Size: one more than the highest object number left
    lo.max_id = lo.objects.keys().next_back().map_or(lo.max_id, |(id, _)| *id);
    Ok(())
}

/// The `/ID` placeholder, replaced in the saved bytes by a hash of them.
const ID_PLACEHOLDER: &str = "00000000000000000000000000000000";

/// `/Lang` on the catalog and a placeholder `/ID` (printpdf's comes from a per-process counter).
fn finish(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    use lopdf::Object;
    let root = lo.trailer.get(b"Root").and_then(Object::as_reference).map_err(|e| PdfError(e.to_string()))?;
    let catalog = lo.get_object_mut(root).and_then(Object::as_dict_mut).map_err(|e| PdfError(e.to_string()))?;
    catalog.set("Lang", Object::string_literal(p::LANGUAGE));
    // printpdf states a PDF/X version in the info dictionary by default; the file claims none.
    if let Ok(info) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(dict) = lo.get_object_mut(info).and_then(Object::as_dict_mut) {
            dict.remove(b"GTS_PDFXVersion");
            dict.remove(b"Trapped");
        }
    }
    // /Lang is PDF 1.4; Identity-H CID fonts with /ToUnicode are fine in any later version.
    lo.version = "1.7".to_owned();
    lo.trailer
        .set("ID", Object::Array(vec![Object::string_literal(ID_PLACEHOLDER), Object::string_literal(ID_PLACEHOLDER)]));
    Ok(())
}

/// Deflate levels: fonts (binary, they gain little from higher levels) and the rest (page
/// contents, glyph ids in hex, which need at least level 2). lopdf's own `compress` uses 9,
/// which took 40 % of the PDF writing time. Drawing the province sample (4 pages; issue 3 asks
/// ≤ 3 ms and ≤ 45 KB for the whole PDF), best of 5 × 400 runs, by font / content level:
/// 4 / 3: 2.42 ms, 39.7 KB; 2 / 2: 2.29 ms, 41.0 KB; 1 / 2: 2.10 ms, 43.7 KB; 4 / 1: 2.19 ms,
/// 45.5 KB; 2 / 1: 2.11 ms, 45.9 KB.
const FONT_DEFLATE_LEVEL: u32 = 1;
const CONTENT_DEFLATE_LEVEL: u32 = 2;

/// Compresses every stream that allows it and is not compressed yet.
fn compress(lo: &mut lopdf::Document) {
    use std::io::Write;
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
                continue;
            }
            // font programs carry /Length1
            let level = if stream.dict.get(b"Length1").is_ok() { FONT_DEFLATE_LEVEL } else { CONTENT_DEFLATE_LEVEL };
            let mut encoder = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(stream.content.len() / 2),
                flate2::Compression::new(level),
            );
            let compressed = encoder.write_all(&stream.content).and_then(|()| encoder.finish());
            if let Ok(mut c) = compressed {
                if c.len() + 19 < stream.content.len() {
                    // kept until the file is written: no spare capacity (a long document has
                    // thousands of these)
                    c.shrink_to_fit();
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(c);
                }
            }
        }
    }
}

/// Replaces the placeholder `/ID` by a hash of the file (XXH3, 128 bits): the same content gives
/// the same ID, other content another.
fn stamp_id(bytes: &mut [u8]) {
    let id = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes));
    let needle = format!("({ID_PLACEHOLDER})");
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], needle.as_bytes()) {
        let at = from + i + 1;
        bytes[at..at + id.len()].copy_from_slice(id.as_bytes());
        from = at + id.len();
    }
}
