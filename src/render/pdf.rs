//! PDF: printpdf makes the document and its fonts, the fonts subset by us (subsetter), the
//! pages' content streams written here, the result finished with lopdf (`/Lang`, a
//! content-derived `/ID`, every stream compressed).
//!
//! Subsetting: printpdf subsets only with its `text_layout` feature (a browser layout engine's
//! worth of crates). Instead each face is cut down here to the glyphs the document uses, with
//! `subsetter`, and handed to printpdf as a font whose glyph ids are the subset's; printpdf then
//! writes it as a CIDFontType2 with `/W` widths and a `/ToUnicode` map built from the text drawn
//! (one page showing every glyph of each subset, then left out: [`draw`]), so `pdftotext` gives
//! the exact text back. The subset is named `TAG+LiberationSerif-Regular`,
//! the six-letter tag derived from the glyph set (the same document, the same tag).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt as PdfPt, TextItem,
};

use crate::doc::Meta;
use crate::font::{Fonts, Style};
use crate::layout::{Item, Page};
use crate::messages::tr;
use crate::profile::{self as p};

/// Writing the PDF failed.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The text has a character the font cannot draw (the input refuses them: a template wrote
    /// it).
    MissingGlyph {
        /// The character.
        character: char,
        /// The face's PostScript name.
        font: String,
    },
    /// A face could not be subset (a defect of the bundled fonts).
    Subset {
        /// The face's PostScript name.
        font: String,
        /// Why.
        #[source]
        source: subsetter::Error,
    },
    /// A face's subset does not parse (a defect of the bundled fonts).
    SubsetParse {
        /// The face's PostScript name.
        font: String,
    },
    /// The document's date cannot be stamped.
    Date {
        /// The date, in seconds since 1970.
        date: i64,
    },
    /// printpdf's page objects could not be read back.
    Objects(#[source] lopdf::Error),
    /// A form field's face is not among the page's fonts (a defect of the writer).
    FieldFont {
        /// The font's resource name.
        font: String,
    },
    /// The output could not be written.
    Io(#[from] std::io::Error),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            PdfError::MissingGlyph { character, font } => tr!(
                "cannot write the PDF: the text has character U+{code} {shown}, which {font} cannot draw (does a template write it?)",
                code = format!("{:04X}", *character as u32),
                shown = format!("{:?}", character.to_string()),
                font
            ),
            PdfError::Subset { font, source } => tr!("cannot write the PDF: {font}: {source}", font, source),
            PdfError::SubsetParse { font } => tr!("cannot write the PDF: {font}: the subset does not parse", font),
            PdfError::Date { date } => tr!("cannot write the PDF: the date {date} cannot be stamped", date),
            PdfError::Objects(e) => tr!("cannot write the PDF: {e}", e),
            PdfError::FieldFont { font } => {
                tr!("cannot write the PDF: the font {font} of a form field is not on its page", font)
            }
            PdfError::Io(e) => tr!("cannot write the PDF: {e}", e),
        };
        f.write_str(&text)
    }
}

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
    // The input refuses such characters; one a template wrote would be drawn as the empty glyph
    // and mapped to the wrong text, so the PDF is not made.
    if let Some(c) = chars.iter().find(|c| !face.has_glyph(**c)) {
        return Err(PdfError::MissingGlyph { character: *c, font: face.postscript_name.to_owned() });
    }
    let glyphs: BTreeSet<u16> = chars.iter().map(|c| face.glyph(*c)).collect();
    let mut remapper = subsetter::GlyphRemapper::new();
    for g in &glyphs {
        remapper.remap(*g);
    }
    // From the face without hinting (stripped once per process), so nothing is stripped here.
    let bytes = subsetter::subset(super::hinting::unhinted(face), 0, &remapper)
        .map_err(|source| PdfError::Subset { font: face.postscript_name.to_owned(), source })?;
    let mut warnings = Vec::new();
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| PdfError::SubsetParse { font: face.postscript_name.to_owned() })?;
    // The subset has no cmap (a PDF CID font does not use it): the character → glyph mapping
    // and the widths are ours, in the subset's glyph ids.
    font.codepoint_to_glyph =
        chars.iter().filter_map(|c| remapper.get(face.glyph(*c)).map(|g| (*c as u32, g))).collect();
    font.glyph_widths = glyphs.iter().filter_map(|g| remapper.get(*g).map(|n| (n, face.glyph_advance(*g)))).collect();
    font.font_name = Some(format!("{}+{}", subset_tag(face.postscript_name, &glyphs), face.postscript_name));
    Ok(font)
}

/// Pages drawn by one printpdf document of a long report. printpdf keeps every page's operations,
/// and lopdf every page's content, until the part is written (about 300 KB a page together): a
/// long document (a consolidated report of thousands of units runs to thousands of pages) is
/// drawn in parts of this many pages, each part's objects written to the file before the next
/// part is drawn. Each part repeats the font dictionaries (not the font programs): 16 pages a part
/// makes a 4,744-page report 3 % bigger than 64 would, and its batch's peak memory 20 MB lower.
pub const PAGES_PER_PART: usize = 16;

/// A report of up to this many pages (every report but a consolidated one of more than about 130
/// units) is drawn whole, in one part.
pub const WHOLE_PAGES: usize = 64;

/// How many pages each part of a document of `pages` pages holds.
pub fn part_size(pages: usize) -> usize {
    if pages <= WHOLE_PAGES {
        pages.max(1)
    } else {
        PAGES_PER_PART
    }
}

/// Renders laid-out pages as PDF bytes, in parts as [`crate::Engine::pdf_of`] draws them.
pub fn render(pages: &[Page], meta: &Meta, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render_in_parts(pages, meta, fonts, part_size(pages.len()))
}

/// [`render`], drawing `part` pages at a time (tests use small parts to check the merging).
pub fn render_in_parts(pages: &[Page], meta: &Meta, fonts: &Fonts, part: usize) -> Result<Vec<u8>, PdfError> {
    let mut used = Used::default();
    pages.iter().for_each(|p| used.add(p));
    let mut w = Writer::new(&used, meta, fonts, Vec::new())?;
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
    /// The document has form fields (a draft's blank lines).
    forms: bool,
}

impl Default for Used {
    fn default() -> Used {
        Used { faces: std::array::from_fn(|_| (vec![0; USED_BITS / 64], BTreeSet::new())), forms: false }
    }
}

/// What a blank line may be filled with when the document is issued, beyond what it shows: a
/// number and a date are digits (the words around them are the blank line's own).
const FILL_CHARACTERS: &str = "0123456789";

impl Used {
    fn chars(&mut self, style: Style, text: &str) {
        let (bits, rest) = &mut self.faces[slot(style)];
        for c in text.chars() {
            match bits.get_mut(c as usize / 64) {
                Some(word) => *word |= 1 << (c as usize % 64),
                None => {
                    rest.insert(c);
                }
            }
        }
    }

    /// Adds the characters of a page.
    pub fn add(&mut self, page: &Page) {
        for item in &page.items {
            match item {
                Item::Text(t) => self.chars(t.style, &t.text),
                Item::Field(f) => {
                    for t in &f.runs {
                        self.chars(t.style, &t.text);
                        // the subset holds what filling the field can write
                        self.chars(t.style, FILL_CHARACTERS);
                        self.forms = true;
                    }
                }
                Item::Line { .. } => {}
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

/// A PDF written a part at a time, straight to its destination: each part of the pages is drawn
/// ([`draw`]), compressed, and its objects written out (renumbered into the file's numbering)
/// before the next part is drawn, so a document of thousands of pages holds one part's objects
/// and the cross-reference offsets, never the file (see [`PAGES_PER_PART`]).
///
/// The file's numbering: 1 the catalog, 2 the page tree (written last, when its pages are
/// known), 3 the information dictionary, then each part's objects in printpdf's order. Every
/// part embeds the same subsets; the file keeps the first part's font programs, which the later
/// parts' font descriptors point to.
pub struct Writer<W: Write> {
    faces: Vec<(Style, FontId, ParsedFont)>,
    meta: Meta,
    out: Out<W>,
    /// File offset of each object, by number (index 0 unused).
    offsets: Vec<u64>,
    /// The file's pages, in order.
    kids: Vec<u32>,
    /// A part was written (with the catalog and the information dictionary).
    started: bool,
    /// Font programs written, by font name.
    programs: BTreeMap<Vec<u8>, u32>,
    /// The document has form fields: the catalog's `/AcroForm` is object [`ACROFORM`].
    forms: bool,
    /// The form's fields written so far.
    fields: Vec<u32>,
    /// The form's default resources: the fonts of the first page with a field.
    form_fonts: Option<Vec<(Vec<u8>, u32)>>,
}

const CATALOG: u32 = 1;
const PAGE_TREE: u32 = 2;
const INFO: u32 = 3;
/// The interactive form, written last (when its fields are known), of a draft with blank lines.
const ACROFORM: u32 = 4;

/// The output, counted (for the cross-reference offsets) and hashed (for the `/ID`).
struct Out<W: Write> {
    inner: W,
    written: u64,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Out<W> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), PdfError> {
        self.inner.write_all(bytes)?;
        self.hash.update(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }
}

impl<W: Write> Writer<W> {
    /// A writer to `out` for a document whose pages draw `used`.
    pub fn new(used: &Used, meta: &Meta, fonts: &Fonts, out: W) -> Result<Writer<W>, PdfError> {
        let mut faces = Vec::new();
        for (i, style) in STYLES.iter().enumerate() {
            if let Some(chars) = used.of(*style) {
                // Resource names fixed by the face, not printpdf's per-process counter.
                faces.push((*style, FontId(format!("F{}", i + 1)), subset_face(fonts, *style, &chars)?));
            }
        }
        let mut out = Out { inner: out, written: 0, hash: xxhash_rust::xxh3::Xxh3::new() };
        // /Lang is PDF 1.4; Identity-H CID fonts with /ToUnicode are fine in any later version.
        // The second line marks the file as binary.
        out.put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(Writer {
            faces,
            meta: meta.clone(),
            out,
            offsets: vec![0; if used.forms { ACROFORM } else { INFO } as usize + 1],
            kids: Vec::new(),
            started: false,
            programs: BTreeMap::new(),
            forms: used.forms,
            fields: Vec::new(),
            form_fonts: None,
        })
    }

    /// Draws the next pages and writes them out.
    pub fn part(&mut self, pages: &[Page]) -> Result<(), PdfError> {
        use lopdf::Object;
        let (mut lo, fields) = draw(pages, &self.faces, &self.meta)?;
        let e = PdfError::Objects;
        let first = !self.started;
        let catalog = lo.trailer.get(b"Root").and_then(Object::as_reference).map_err(e)?;
        let info = lo.trailer.get(b"Info").and_then(Object::as_reference).ok();
        let tree =
            lo.get_dictionary(catalog).and_then(|c| c.get(b"Pages")).and_then(Object::as_reference).map_err(e)?;
        let kids: Vec<lopdf::ObjectId> = lo
            .get_dictionary(tree)
            .and_then(|t| t.get(b"Kids"))
            .and_then(Object::as_array)
            .map_err(e)?
            .iter()
            .map(|k| k.as_reference().map_err(e))
            .collect::<Result<_, _>>()?;
        // the draft's places for signing: form fields and ô 7c (render::fields)
        let date = format!("D:{}000000Z", self.meta.date.format("%Y%m%d"));
        let mut widgets = Vec::new();
        for (kid, fields) in kids.iter().zip(&fields) {
            if fields.is_empty() {
                continue;
            }
            let added = super::fields::add(&mut lo, *kid, fields, &self.faces, p::PAGE_HEIGHT, &date, &self.meta)?;
            if !added.is_empty() && self.form_fonts.is_none() {
                self.form_fonts = Some(Vec::new());
                widgets.push((None, *kid));
            }
            widgets.extend(added.into_iter().map(|w| (Some(w), *kid)));
        }
        compress(&mut lo);

        // Old number → the file's: the part's catalog, page tree and information dictionary are
        // the file's; a font program already written is not written again.
        let mut map: BTreeMap<lopdf::ObjectId, u32> = BTreeMap::new();
        map.insert(catalog, CATALOG);
        map.insert(tree, PAGE_TREE);
        if let Some(info) = info {
            map.insert(info, INFO);
        }
        for object in lo.objects.values() {
            let Object::Dictionary(d) = object else { continue };
            if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
                continue;
            }
            if let (Ok(name), Ok(program)) =
                (d.get(b"FontName").and_then(Object::as_name), d.get(b"FontFile2").and_then(Object::as_reference))
            {
                if let Some(kept) = self.programs.get(name) {
                    map.insert(program, *kept);
                }
            }
        }
        // What the pages need (and, in the first part, the catalog and information dictionary),
        // numbered in printpdf's order after the objects already written.
        let mut roots: Vec<lopdf::ObjectId> = kids.clone();
        if first {
            roots.push(catalog);
            roots.extend(info);
        }
        let reached = reachable(&lo, &roots, &map);
        for (n, id) in (self.offsets.len() as u32..).zip(&reached) {
            map.insert(*id, n);
        }
        // the font programs this part writes, for the next parts
        for object in lo.objects.values() {
            let Object::Dictionary(d) = object else { continue };
            if let (Ok(name), Ok(program)) =
                (d.get(b"FontName").and_then(Object::as_name), d.get(b"FontFile2").and_then(Object::as_reference))
            {
                if let Some(n) = map.get(&program) {
                    self.programs.entry(name.to_vec()).or_insert(*n);
                }
            }
        }

        // the form's fields, and its default fonts (the first page with a field has them)
        for (widget, kid) in &widgets {
            match widget {
                Some(w) => self.fields.extend(map.get(w)),
                None => {
                    let fonts = super::fields::page_fonts(&lo, *kid);
                    self.form_fonts = Some(
                        fonts.into_iter().filter_map(|(k, v)| Some((k, *map.get(&v.as_reference().ok()?)?))).collect(),
                    );
                }
            }
        }

        let mut buf = Vec::new();
        for id in &reached {
            let Some(object) = lo.objects.get_mut(id) else { continue };
            if let Object::Dictionary(d) = object {
                if d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Page".as_slice()) {
                    // the file's page tree, not the part's object of that number: a generation
                    // no object of the part has, so the renumbering leaves it as it is
                    d.set("Parent", Object::Reference((PAGE_TREE, u16::MAX)));
                }
            }
            buf.clear();
            write_object(&mut buf, object, &map);
            self.write_numbered(map[id], &buf)?;
        }
        if first {
            let mut catalog = lo.get_dictionary(catalog).map_err(e)?.clone();
            catalog.set("Lang", Object::string_literal(p::LANGUAGE));
            if self.forms {
                // a generation no object of the part has, so the renumbering leaves it as it is
                catalog.set("AcroForm", Object::Reference((ACROFORM, u16::MAX)));
            }
            buf.clear();
            write_object(&mut buf, &Object::Dictionary(catalog), &map);
            self.write_numbered(CATALOG, &buf)?;
            if let Some(info) = info {
                let mut info = lo.get_dictionary(info).map_err(e)?.clone();
                // printpdf states a PDF/X version by default; the file claims none.
                info.remove(b"GTS_PDFXVersion");
                info.remove(b"Trapped");
                buf.clear();
                write_object(&mut buf, &Object::Dictionary(info), &map);
                self.write_numbered(INFO, &buf)?;
            }
            self.started = true;
        }
        self.kids.extend(kids.iter().map(|k| map[k]));
        Ok(())
    }

    /// Writes object `n` (its serialised body in `body`), recording its offset.
    fn write_numbered(&mut self, n: u32, body: &[u8]) -> Result<(), PdfError> {
        let n = n as usize;
        if self.offsets.len() <= n {
            self.offsets.resize(n + 1, 0);
        }
        self.offsets[n] = self.out.written;
        self.out.put(format!("{n} 0 obj\n").as_bytes())?;
        self.out.put(body)?;
        self.out.put(b"\nendobj\n")
    }

    /// Writes the page tree, the cross-reference table and the trailer, and gives the output
    /// back.
    pub fn finish(mut self) -> Result<W, PdfError> {
        use lopdf::Object;
        if !self.started {
            self.part(&[])?;
        }
        let mut tree = lopdf::Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set("Count", Object::Integer(self.kids.len() as i64));
        tree.set("Kids", Object::Array(self.kids.iter().map(|k| Object::Reference((*k, 0))).collect()));
        let mut buf = Vec::new();
        write_object(&mut buf, &Object::Dictionary(tree), &BTreeMap::new());
        self.write_numbered(PAGE_TREE, &buf)?;
        if self.forms {
            let mut form = lopdf::Dictionary::new();
            form.set("Fields", Object::Array(self.fields.iter().map(|n| Object::Reference((*n, 0))).collect()));
            let mut fonts = lopdf::Dictionary::new();
            for (name, n) in self.form_fonts.take().unwrap_or_default() {
                fonts.set(name, Object::Reference((n, 0)));
            }
            let mut dr = lopdf::Dictionary::new();
            dr.set("Font", Object::Dictionary(fonts));
            form.set("DR", Object::Dictionary(dr));
            form.set("DA", Object::string_literal("/F1 12 Tf 0 g"));
            buf.clear();
            write_object(&mut buf, &Object::Dictionary(form), &BTreeMap::new());
            self.write_numbered(ACROFORM, &buf)?;
        }

        let start = self.out.written;
        let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len());
        for offset in &self.offsets[1..] {
            xref.push_str(&format!("{offset:010} 00000 n \n"));
        }
        self.out.put(xref.as_bytes())?;
        // the same content gives the same ID, other content another (XXH3, 128 bits, of all
        // that comes before)
        let id = format!("{:032X}", self.out.hash.digest128());
        let trailer = format!(
            "trailer\n<</Size {}/Root {CATALOG} 0 R/Info {INFO} 0 R/ID[<{id}><{id}>]>>\nstartxref\n{start}\n%%EOF\n",
            self.offsets.len()
        );
        self.out.put(trailer.as_bytes())?;
        let mut out = self.out.inner;
        out.flush()?;
        Ok(out)
    }
}

/// The objects reachable from `roots` through references (not through the ones `skip` already
/// numbers), in number order.
fn reachable(
    lo: &lopdf::Document,
    roots: &[lopdf::ObjectId],
    skip: &BTreeMap<lopdf::ObjectId, u32>,
) -> BTreeSet<lopdf::ObjectId> {
    use lopdf::Object;
    fn refs(o: &Object, out: &mut Vec<lopdf::ObjectId>) {
        match o {
            Object::Reference(id) => out.push(*id),
            Object::Array(a) => a.iter().for_each(|o| refs(o, out)),
            Object::Dictionary(d) => d.iter().for_each(|(_, o)| refs(o, out)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, o)| refs(o, out)),
            _ => {}
        }
    }
    let (mut numbered, mut visited) = (BTreeSet::new(), BTreeSet::new());
    let mut todo: Vec<lopdf::ObjectId> = roots.to_vec();
    while let Some(id) = todo.pop() {
        if !visited.insert(id) {
            continue;
        }
        // the page tree, a font program already written: not followed; the catalog and the
        // information dictionary: followed, numbered by the caller
        let root = roots.contains(&id);
        if skip.contains_key(&id) && !root {
            continue;
        }
        let Some(object) = lo.objects.get(&id) else { continue };
        if !skip.contains_key(&id) {
            numbered.insert(id);
        }
        refs(object, &mut todo);
    }
    numbered
}

/// Serialises `object` as lopdf does, each reference renumbered by `map` (kept when absent).
/// An object as PDF syntax, its references as they are (for an incremental update:
/// `crate::sign`).
pub fn serialize(object: &lopdf::Object) -> Vec<u8> {
    let mut out = Vec::new();
    write_object(&mut out, object, &BTreeMap::new());
    out
}

fn write_object(out: &mut Vec<u8>, object: &lopdf::Object, map: &BTreeMap<lopdf::ObjectId, u32>) {
    use lopdf::{Object, StringFormat};
    use std::io::Write as _;
    // a space before a value that would otherwise run into the one before it
    fn separated(o: &Object) -> bool {
        matches!(o, Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_))
    }
    fn name(out: &mut Vec<u8>, name: &[u8]) {
        out.push(b'/');
        for &b in name {
            if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
                let _ = write!(out, "#{b:02X}");
            } else {
                out.push(b);
            }
        }
    }
    fn dict(out: &mut Vec<u8>, d: &lopdf::Dictionary, map: &BTreeMap<lopdf::ObjectId, u32>) {
        out.extend_from_slice(b"<<");
        for (k, v) in d {
            name(out, k);
            if separated(v) {
                out.push(b' ');
            }
            write_object(out, v, map);
        }
        out.extend_from_slice(b">>");
    }
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => name(out, n),
        Object::String(text, StringFormat::Literal) => {
            out.push(b'(');
            for &b in text {
                // every parenthesis escaped, so none is left unbalanced
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in text {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, o) in a.iter().enumerate() {
                if i > 0 && separated(o) {
                    out.push(b' ');
                }
                write_object(out, o, map);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dict(out, d, map),
        Object::Stream(s) => {
            let mut d = s.dict.clone();
            d.set("Length", Object::Integer(s.content.len() as i64));
            dict(out, &d, map);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => {
            // every object a written one refers to is numbered (see `reachable`)
            let _ = write!(out, "{} 0 R", map.get(id).copied().unwrap_or(id.0));
        }
    }
}

/// One face's resource name and glyph codes: a table below [`USED_BITS`], else its font's map.
type FaceCodes<'a> = (Style, &'a str, Vec<u16>, &'a BTreeMap<u32, u16>);

/// Each face's glyph codes, by character.
struct Codes<'a> {
    fonts: Vec<FaceCodes<'a>>,
}

impl<'a> Codes<'a> {
    fn new(faces: &'a [(Style, FontId, ParsedFont)]) -> Codes<'a> {
        let fonts = faces
            .iter()
            .map(|(style, id, font)| {
                let mut table = vec![0u16; USED_BITS];
                for (c, g) in font.codepoint_to_glyph.range(..USED_BITS as u32) {
                    table[*c as usize] = *g;
                }
                (*style, id.0.as_str(), table, &font.codepoint_to_glyph)
            })
            .collect();
        Codes { fonts }
    }

    /// The face's resource name and its codes.
    fn of(&self, style: Style) -> Option<(&str, &[u16], &BTreeMap<u32, u16>)> {
        self.fonts.iter().find(|f| f.0 == style).map(|(_, name, table, map)| (*name, table.as_slice(), *map))
    }
}

/// A page's content stream: its text runs as CID codes (the subset's glyph ids, four hex
/// digits each) and its rules. Written here rather than as printpdf operations, which printpdf
/// then re-encoded through lopdf's objects: that took a third of a PDF's time. The operators
/// and numbers are those printpdf wrote (a number as `f32` prints).
fn content(page: &Page, height: crate::profile::Pt, codes: &Codes) -> Vec<u8> {
    use std::fmt::Write as _;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(page.items.len() * 64);
    let hex = |out: &mut String, text: &str, table: &[u16], map: &BTreeMap<u32, u16>| {
        out.push('<');
        for c in text.chars() {
            let g = table.get(c as usize).copied().unwrap_or_else(|| map.get(&(c as u32)).copied().unwrap_or(0));
            for shift in [12, 8, 4, 0] {
                out.push(char::from(HEX[usize::from((g >> shift) & 0xF)]));
            }
        }
        out.push('>');
    };
    // one text object for each run of text items, the font set only when it changes
    let mut in_text = false;
    let mut font: Option<(Style, f32)> = None;
    let mut width = None;
    for item in &page.items {
        match item {
            Item::Text(t) => {
                // a face draws nothing when it has no characters (an empty run)
                let Some((name, table, map)) = codes.of(t.style) else { continue };
                if !in_text {
                    out.push_str("BT\n");
                    in_text = true;
                    font = None;
                }
                if font != Some((t.style, t.size.0)) {
                    let _ = writeln!(out, "/{name} {} Tf", t.size.0);
                    font = Some((t.style, t.size.0));
                }
                let _ = writeln!(out, "1 0 0 1 {} {} Tm", t.x.0, (height - t.baseline).0);
                if t.space_extra.0.abs() < 1e-4 {
                    hex(&mut out, &t.text, table, map);
                    out.push_str(" Tj\n");
                } else {
                    // the spaces stay real spaces (copy and paste and `pdftotext` see them);
                    // justification moves the pen after each (`TJ`: the word-spacing operator
                    // does not act on two-byte codes)
                    let adjust = -t.space_extra.0 * 1000.0 / t.size.0;
                    out.push('[');
                    let mut first = true;
                    for word in t.text.split_inclusive(' ') {
                        if !first {
                            out.push(' ');
                        }
                        first = false;
                        hex(&mut out, word, table, map);
                        if word.ends_with(' ') {
                            let _ = write!(out, " {adjust}");
                        }
                    }
                    out.push_str("] TJ\n");
                }
            }
            Item::Line { x1, y1, x2, y2, width: w } => {
                if in_text {
                    out.push_str("ET\n");
                    in_text = false;
                }
                if width != Some(w.0) {
                    let _ = writeln!(out, "{} w", w.0);
                    width = Some(w.0);
                }
                let _ = writeln!(out, "{} {} m", x1.0, (height - *y1).0);
                let _ = writeln!(out, "{} {} l", x2.0, (height - *y2).0);
                out.push_str("S\n");
            }
            Item::Field(_) => {}
        }
    }
    if in_text {
        out.push_str("ET\n");
    }
    out.into_bytes()
}

/// Draws `pages` as one PDF document: printpdf makes the document, its fonts (a CIDFontType2
/// each, with the `/W` widths and the `/ToUnicode` map of the glyphs its one page shows: every
/// glyph of each subset) and the information dictionary; that page then gives way to the
/// document's, whose content streams are written here ([`content`]) and which share its
/// resources. Also gives each page's fields (drawn by their appearance streams, not in the page
/// content).
#[allow(clippy::type_complexity)]
fn draw(
    pages: &[Page],
    faces: &[(Style, FontId, ParsedFont)],
    meta: &Meta,
) -> Result<(lopdf::Document, Vec<Vec<crate::layout::Field>>), PdfError> {
    use lopdf::Object;
    let mut doc = PdfDocument::new(&meta.title);
    let mut ops = Vec::new();
    for (_, id, font) in faces {
        doc.resources.fonts.map.insert(id.clone(), PdfFont::new(font.clone()));
        let chars: String = font.codepoint_to_glyph.keys().filter_map(|c| char::from_u32(*c)).collect();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: PdfPt(10.0) });
        ops.push(Op::ShowText { items: vec![TextItem::Text(chars)] });
        ops.push(Op::EndTextSection);
    }
    doc.with_pages(vec![PdfPage::new(Mm(p::PAGE_MM.0), Mm(p::PAGE_MM.1), ops)]);

    let date = meta.date.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp();
    let stamp = printpdf::OffsetDateTime::from_unix_timestamp(date).map_err(|_| PdfError::Date { date })?;
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
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);

    // the glyph page's dictionary is each page's pattern (its resources shared), then left out
    let e = PdfError::Objects;
    let catalog = lo.trailer.get(b"Root").and_then(Object::as_reference).map_err(e)?;
    let tree = lo.get_dictionary(catalog).and_then(|c| c.get(b"Pages")).and_then(Object::as_reference).map_err(e)?;
    let glyph_page = lo
        .get_dictionary(tree)
        .and_then(|t| t.get(b"Kids"))
        .and_then(Object::as_array)
        .and_then(|k| k.first().ok_or(lopdf::Error::ObjectNotFound((0, 0))))
        .and_then(Object::as_reference)
        .map_err(e)?;
    let pattern = lo.get_dictionary(glyph_page).map_err(e)?.clone();
    if let Ok(Object::Reference(contents)) = pattern.get(b"Contents") {
        lo.objects.remove(contents);
    }
    lo.objects.remove(&glyph_page);
    let portrait = pattern.get(b"MediaBox").and_then(Object::as_array).map_err(e)?.clone();
    let landscape = match portrait.as_slice() {
        [x, y, w, h] => vec![x.clone(), y.clone(), h.clone(), w.clone()],
        _ => portrait.clone(),
    };

    let codes = Codes::new(faces);
    let mut kids = Vec::with_capacity(pages.len());
    let mut fields = Vec::with_capacity(pages.len());
    for page in pages {
        // a landscape page (a wide table's) is the A4 page turned
        let (height, boxed) = if page.landscape { (p::PAGE_WIDTH, &landscape) } else { (p::PAGE_HEIGHT, &portrait) };
        let stream = lopdf::Stream::new(lopdf::Dictionary::new(), content(page, height, &codes));
        let contents = lo.add_object(stream);
        let mut dict = pattern.clone();
        for key in ["MediaBox", "TrimBox", "CropBox"] {
            dict.set(key, Object::Array(boxed.clone()));
        }
        dict.set("Contents", Object::Reference(contents));
        dict.set("Annots", Object::Array(Vec::new()));
        kids.push(Object::Reference(lo.add_object(dict)));
        fields.push(
            page.items
                .iter()
                .filter_map(|i| match i {
                    Item::Field(f) => Some(f.clone()),
                    _ => None,
                })
                .collect(),
        );
    }
    let tree = lo.get_dictionary_mut(tree).map_err(e)?;
    tree.set("Count", Object::Integer(kids.len() as i64));
    tree.set("Kids", Object::Array(kids));
    Ok((lo, fields))
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
    // one compressor per level and thread, reset between streams: making one allocates and
    // clears its tables (a long document has thousands of streams)
    thread_local! {
        static COMPRESSORS: std::cell::RefCell<BTreeMap<u32, flate2::Compress>> = const { std::cell::RefCell::new(BTreeMap::new()) };
    }
    COMPRESSORS.with_borrow_mut(|compressors| {
        for object in lo.objects.values_mut() {
            if let lopdf::Object::Stream(stream) = object {
                if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
                    continue;
                }
                // font programs carry /Length1
                let level =
                    if stream.dict.get(b"Length1").is_ok() { FONT_DEFLATE_LEVEL } else { CONTENT_DEFLATE_LEVEL };
                let z = compressors
                    .entry(level)
                    .or_insert_with(|| flate2::Compress::new(flate2::Compression::new(level), true));
                if let Some(c) = deflated(z, &stream.content) {
                    if c.len() + 19 < stream.content.len() {
                        stream.dict.set("Filter", "FlateDecode");
                        stream.set_content(c);
                    }
                }
            }
        }
    });
}

/// `data` as a zlib stream, by `z` (reset after); `None` when the compressor failed.
fn deflated(z: &mut flate2::Compress, data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    let result = loop {
        let consumed = z.total_in() as usize;
        match z.compress_vec(&data[consumed..], &mut out, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) => break Some(()),
            Ok(_) => out.reserve(out.capacity().max(64)),
            Err(_) => break None,
        }
    };
    z.reset();
    // kept until the file is written: no spare capacity (a long document has thousands of these)
    result.map(|()| {
        out.shrink_to_fit();
        out
    })
}

/// Laying out or drawing a document failed: a per-unit list could not be read, or the PDF writer
/// failed.
#[derive(Debug, thiserror::Error)]
pub enum DrawError {
    /// A per-unit list of the document could not be read.
    #[error(transparent)]
    Items(#[from] crate::doc::DocError),
    /// The PDF writer failed.
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// The PDF of a document model, written to `out` as it is drawn (a long report's file is never
/// held), which is given back. This is where the part policy lives: a report of up to
/// [`WHOLE_PAGES`] pages is laid out once and drawn whole; a longer one is laid out twice and
/// drawn [`PAGES_PER_PART`] pages at a time.
pub fn write_document<W: std::io::Write>(d: &crate::doc::Document, fonts: &Fonts, out: W) -> Result<W, DrawError> {
    // Laid out once, keeping the pages, for a report drawn whole (every report but a
    // consolidated one of hundreds of units); a longer document is laid out a
    // second time, each part drawn as soon as its pages are made, so its pages are never
    // all held (the first pass only finds the characters each face draws).
    let (mut pages, mut used, mut long) = (Vec::new(), Used::default(), false);
    crate::layout::layout_each(d, fonts, &mut |page| {
        used.add(&page);
        if !long {
            pages.push(page);
            if pages.len() > WHOLE_PAGES {
                long = true;
                pages = Vec::new();
            }
        }
    })?;
    let mut w = Writer::new(&used, &d.meta, fonts, out)?;
    if !long {
        w.part(&pages)?;
        return Ok(w.finish()?);
    }
    let mut part = Vec::with_capacity(PAGES_PER_PART);
    let mut failed = None;
    crate::layout::layout_each(d, fonts, &mut |page| {
        part.push(page);
        if part.len() == PAGES_PER_PART {
            if let Err(e) = w.part(&part) {
                failed.get_or_insert(e);
            }
            part.clear();
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    if !part.is_empty() {
        w.part(&part)?;
    }
    Ok(w.finish()?)
}
