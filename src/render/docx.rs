//! DOCX: the package made once with docx-rs, the document body written here, and the whole packed
//! with fixed entry times so the same input gives the same bytes.
//!
//! The parts every report shares (styles, settings, numbering, font table, the two page headers,
//! relationships, content types, app properties) are built with docx-rs on first use, patched
//! where docx-rs has no API (the document language `w:lang` and widow control in the styles),
//! put in schema order ([`ooxml::canonicalize`]) and deflated once. Each document then adds its
//! own two parts: `word/document.xml`, written here straight into the zip entry as it is deflated
//! (a consolidated report of thousands of rows is never held as XML), and the core properties.
//!
//! Why the body is not built with docx-rs: its builders move a 2.4 KB `Paragraph` at every call
//! and its writer passes itself through a `Result` at every element, which made a 4-page report
//! take 1.7 ms to write (the target is 1 ms with the template and the document model), and it
//! writes property elements out of schema order, so its XML had to be parsed and reordered again.
//! The writer here emits the same XML (element for element, as `tests/docx.rs` reads it back)
//! in schema order, with `w:tblHeader` on header rows and no per-process paragraph ids.

use std::io::{Cursor, Seek, Write};
use std::sync::OnceLock;

use docx_rs::{AlignmentType, Docx, Header as DocxHeader, LineSpacing, LineSpacingType, PageNum, Paragraph, RunFonts};

use crate::doc::{
    Align, Appendix, Block, Cell, Document, Header, HeadingLevel, Inline, ParagraphKind, Signature, Table,
};
use crate::font::Fonts;
use crate::messages::tr;
use crate::profile::{self as p, Pt};

use super::ooxml;
use crate::doc::rules;

/// Writing the DOCX failed: the output could not be written (or, for the bundled parts, an
/// internal zip error).
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The zip writer failed.
    Zip(#[source] zip::result::ZipError),
    /// The output could not be written.
    Io(#[source] std::io::Error),
    /// A list made as it is read (a consolidated report's) failed.
    Items(#[from] crate::doc::DocError),
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::Zip(e) => f.write_str(&tr!("cannot write the DOCX: {e}", e)),
            DocxError::Io(e) => f.write_str(&tr!("cannot write the DOCX: {e}", e)),
            DocxError::Items(e) => std::fmt::Display::fmt(e, f),
        }
    }
}

impl From<zip::result::ZipError> for DocxError {
    fn from(e: zip::result::ZipError) -> DocxError {
        match e {
            // the output's own failure, said as such (not as a zip error)
            zip::result::ZipError::Io(e) => DocxError::Io(e),
            e => DocxError::Zip(e),
        }
    }
}

impl From<std::io::Error> for DocxError {
    fn from(e: std::io::Error) -> DocxError {
        DocxError::Io(e)
    }
}

/// The text width in twips, exactly as Word computes it from the page and margins.
fn text_width() -> i32 {
    p::text_width_twips()
}

fn tw(x: Pt) -> i32 {
    x.twips()
}

// ---------------------------------------------------------------------------------------------
// The shared parts, made once with docx-rs.

/// The package entries in the order they are written; `None` marks the two written per document.
const ENTRIES: &[(&str, Option<Shared>)] = &[
    ("[Content_Types].xml", Some(Shared::ContentTypes)),
    ("_rels/.rels", Some(Shared::Rels)),
    ("docProps/app.xml", Some(Shared::App)),
    ("docProps/core.xml", None),
    ("docProps/custom.xml", Some(Shared::Custom)),
    ("word/_rels/document.xml.rels", Some(Shared::DocumentRels)),
    ("word/document.xml", None),
    ("word/styles.xml", Some(Shared::Styles)),
    ("word/settings.xml", Some(Shared::Settings)),
    ("word/fontTable.xml", Some(Shared::FontTable)),
    ("word/comments.xml", Some(Shared::Comments)),
    ("word/numbering.xml", Some(Shared::Numbering)),
    ("word/commentsExtended.xml", Some(Shared::CommentsExtended)),
    ("word/footnotes.xml", Some(Shared::Footnotes)),
    ("word/header1.xml", Some(Shared::Header(0))),
    ("word/_rels/header1.xml.rels", Some(Shared::HeaderRels(0))),
    ("word/header2.xml", Some(Shared::Header(1))),
    ("word/_rels/header2.xml.rels", Some(Shared::HeaderRels(1))),
    ("word/theme/theme1.xml", Some(Shared::Theme)),
];

/// The theme part Word's schema requires of a document (its fonts: Times New Roman). docx-rs writes
/// none.
const THEME: &str = include_str!("theme1.xml");

#[derive(Clone, Copy)]
enum Shared {
    Theme,
    ContentTypes,
    Rels,
    App,
    Custom,
    DocumentRels,
    Styles,
    Settings,
    FontTable,
    Comments,
    Numbering,
    CommentsExtended,
    Footnotes,
    Header(usize),
    HeaderRels(usize),
}

/// Entry options: every entry dated 1980-01-01 (the zip epoch) and deflated at level 1 (the
/// default level took a fifth of the DOCX time on document.xml).
fn entry_options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
}

/// A run of `size` with docx-rs's builder, for the page headers.
fn para(align: AlignmentType, size: Pt) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(0).line(240).line_rule(LineSpacingType::Auto))
        .size(size.half_points())
}

/// The shared parts as a zip archive, each entry deflated once.
fn shared() -> &'static zip::ZipArchive<Cursor<&'static [u8]>> {
    static SHARED: OnceLock<zip::ZipArchive<Cursor<&'static [u8]>>> = OnceLock::new();
    SHARED.get_or_init(|| {
        let bytes: &'static [u8] = Box::leak(build_shared().expect("the shared DOCX parts pack").into_boxed_slice());
        zip::ZipArchive::new(Cursor::new(bytes)).expect("the shared DOCX parts read back")
    })
}

fn build_shared() -> Result<Vec<u8>, DocxError> {
    let page_number =
        DocxHeader::new().add_paragraph(para(AlignmentType::Center, p::SIZE_PAGE_NUMBER).add_page_num(PageNum::new()));
    // Only what shapes the shared parts: the body's section properties are written by `section`.
    let docx = Docx::new()
        .default_fonts(
            RunFonts::new().ascii(p::FONT_FAMILY).hi_ansi(p::FONT_FAMILY).cs(p::FONT_FAMILY).east_asia(p::FONT_FAMILY),
        )
        .default_size(p::SIZE_BODY.half_points())
        .header(page_number)
        .first_header(DocxHeader::new().add_paragraph(para(AlignmentType::Center, p::SIZE_PAGE_NUMBER)));
    let mut xml = docx.build();
    for h in &mut xml.headers {
        *h = ooxml::canonicalize(&remove_para_ids(h));
    }
    // The language of every run: on the document defaults (w:rPrDefault).
    let lang = format!(r#"<w:lang w:val="{0}" w:eastAsia="{0}" w:bidi="{0}" /></w:rPr></w:rPrDefault>"#, p::LANGUAGE);
    let styles = replace(&xml.styles, "</w:rPr></w:rPrDefault>", &lang);
    // Widow and orphan control on every paragraph (NĐ 30 layout: no line alone on a page); Word
    // would otherwise take its absence as "off" (LibreOffice applies it either way).
    let styles = replace(&styles, "<w:pPrDefault><w:pPr>", "<w:pPrDefault><w:pPr><w:widowControl />");
    xml.styles = ooxml::canonicalize(&styles);
    xml.settings = ooxml::canonicalize(&xml.settings);
    // the theme: its relationship and its content type
    xml.document_rels = replace(
        &xml.document_rels,
        "</Relationships>",
        r#"<Relationship Id="rIdTheme1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" /></Relationships>"#,
    );
    xml.content_type = replace(
        &xml.content_type,
        "</Types>",
        r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" /></Types>"#,
    );
    xml.numberings = ooxml::canonicalize(&xml.numberings);

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, part) in ENTRIES {
        let Some(part) = part else { continue };
        let bytes: &[u8] = match part {
            Shared::Theme => THEME.as_bytes(),
            Shared::ContentTypes => &xml.content_type,
            Shared::Rels => &xml.rels,
            Shared::App => &xml.doc_props.app,
            Shared::Custom => &xml.doc_props.custom,
            Shared::DocumentRels => &xml.document_rels,
            Shared::Styles => &xml.styles,
            Shared::Settings => &xml.settings,
            Shared::FontTable => &xml.font_table,
            Shared::Comments => &xml.comments,
            Shared::Numbering => &xml.numberings,
            Shared::CommentsExtended => &xml.comments_extended,
            Shared::Footnotes => &xml.footnotes,
            Shared::Header(i) => &xml.headers[*i],
            Shared::HeaderRels(i) => &xml.header_rels[*i],
        };
        zip.start_file(*name, entry_options())?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Removes every `w14:paraId="…"` attribute: docx-rs numbers them from a per-thread counter, so
/// they would differ between processes; they are optional.
fn remove_para_ids(xml: &[u8]) -> Vec<u8> {
    const PARA_ID: &[u8] = b" w14:paraId=\"";
    let mut out = Vec::with_capacity(xml.len());
    let mut last = 0;
    for at in memchr::memmem::find_iter(xml, PARA_ID) {
        if at < last {
            continue;
        }
        out.extend_from_slice(&xml[last..at]);
        let value = at + PARA_ID.len();
        last = xml[value..].iter().position(|b| *b == b'"').map_or(xml.len(), |q| value + q + 1);
    }
    out.extend_from_slice(&xml[last..]);
    out
}

/// `xml` with every `from` replaced by `to`.
fn replace(xml: &[u8], from: &str, to: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len() + 64);
    let mut last = 0;
    for at in memchr::memmem::find_iter(xml, from.as_bytes()) {
        out.extend_from_slice(&xml[last..at]);
        out.extend_from_slice(to.as_bytes());
        last = at + from.len();
    }
    out.extend_from_slice(&xml[last..]);
    out
}

/// The relationship ids docx-rs gives the page headers (`word/_rels/document.xml.rels`), which
/// the body's section properties name.
const HEADER_DEFAULT: &str = "rIdHeader1";
const HEADER_FIRST: &str = "rIdHeader2";

// ---------------------------------------------------------------------------------------------
// The body: WordprocessingML written in schema order.

/// An XML writer over a sink, buffered; the first write error is kept and reported at the end.
struct Xml<W: Write> {
    buf: Vec<u8>,
    sink: W,
    error: Option<std::io::Error>,
    /// The section being written: its orientation, and whether it is the document's first.
    sect: Sect,
}

/// What a section's properties say beyond what every section shares.
#[derive(Debug, Clone, Copy)]
struct Sect {
    /// Its page numbers start again from 1 (an appendix).
    restart: bool,
    /// Landscape pages (a wide table's: `Block::Orientation`).
    landscape: bool,
    /// Its first page has no number (the document's first section, an appendix): `w:titlePg`.
    title_page: bool,
}

impl Sect {
    /// The text width of its pages, in twips.
    fn text_width(self) -> i32 {
        if self.landscape {
            p::PAGE_HEIGHT.twips() - p::MARGIN_LEFT.twips() - p::MARGIN_RIGHT.twips()
        } else {
            text_width()
        }
    }
}

const FLUSH_AT: usize = 1 << 16;

impl<W: Write> Xml<W> {
    fn new(sink: W) -> Self {
        Xml {
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            sink,
            error: None,
            sect: Sect { restart: false, landscape: false, title_page: true },
        }
    }

    fn raw(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// A decimal integer.
    fn int(&mut self, n: i64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut v = n.unsigned_abs();
        loop {
            i -= 1;
            digits[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if n < 0 {
            self.buf.push(b'-');
        }
        self.buf.extend_from_slice(&digits[i..]);
    }

    /// Text content, escaped.
    fn text(&mut self, s: &str) {
        escape_into(&mut self.buf, s);
    }

    /// Hands what is buffered to the sink once it is large (never inside an element's bytes
    /// that matter: the sink only sees a byte stream).
    fn maybe_flush(&mut self) {
        if self.buf.len() >= FLUSH_AT {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.error.is_none() {
            if let Err(e) = self.sink.write_all(&self.buf) {
                self.error = Some(e);
            }
        }
        self.buf.clear();
    }

    fn finish(mut self) -> Result<(), DocxError> {
        self.flush();
        match self.error {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }
}

/// Horizontal alignment of a paragraph (`w:jc`).
#[derive(Clone, Copy, PartialEq)]
enum Jc {
    Left,
    Center,
    Right,
    Both,
}

impl Jc {
    fn value(self) -> &'static str {
        match self {
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Right => "right",
            Jc::Both => "both",
        }
    }
}

/// Line spacing of a paragraph (`w:spacing`).
#[derive(Clone, Copy)]
struct Spacing {
    before: i32,
    after: i32,
    /// `Some(twips)`: an exact line height; `None`: single (240, auto).
    exact: Option<i32>,
}

impl Spacing {
    fn before(before: Pt) -> Spacing {
        Spacing { before: tw(before), after: 0, exact: None }
    }
}

/// The properties of a paragraph, each written only when set.
#[derive(Clone, Copy)]
struct PPr {
    keep_next: bool,
    /// A top border (a rule), as wide as the paragraph.
    rule: bool,
    spacing: Spacing,
    /// (left, right, first line): `w:ind` when set; a negative first line is a hanging indent.
    ind: Option<(i32, i32, Option<i32>)>,
    jc: Option<Jc>,
    /// Size of the paragraph mark, in points.
    size: Pt,
}

impl PPr {
    fn new(jc: Jc, before: Pt, size: Pt) -> PPr {
        PPr { keep_next: false, rule: false, spacing: Spacing::before(before), ind: None, jc: Some(jc), size }
    }
}

/// The section properties every section shares: A4, the margins, the header distance, and a
/// different (empty) first-page header; `restart`: numbered from 1.
fn section<W: Write>(x: &mut Xml<W>, s: Sect) {
    x.raw(r#"<w:sectPr><w:headerReference w:type="default" r:id=""#);
    x.raw(HEADER_DEFAULT);
    x.raw(r#"" /><w:headerReference w:type="first" r:id=""#);
    x.raw(HEADER_FIRST);
    let (w, h) = (p::PAGE_WIDTH.twips(), p::PAGE_HEIGHT.twips());
    let (w, h) = if s.landscape { (h, w) } else { (w, h) };
    x.raw(r#"" /><w:pgSz w:w=""#);
    x.int(w.into());
    x.raw(r#"" w:h=""#);
    x.int(h.into());
    if s.landscape {
        x.raw(r#"" w:orient="landscape"#);
    }
    x.raw(r#"" /><w:pgMar w:top=""#);
    x.int(tw(p::MARGIN_TOP).into());
    x.raw(r#"" w:right=""#);
    x.int(tw(p::MARGIN_RIGHT).into());
    x.raw(r#"" w:bottom=""#);
    x.int(tw(p::MARGIN_BOTTOM).into());
    x.raw(r#"" w:left=""#);
    x.int(tw(p::MARGIN_LEFT).into());
    x.raw(r#"" w:header=""#);
    x.int(tw(p::HEADER_DISTANCE).into());
    x.raw(r#"" w:footer=""#);
    x.int((tw(p::MARGIN_BOTTOM) / 2).into());
    x.raw(r#"" w:gutter="0" />"#);
    if s.restart {
        x.raw(r#"<w:pgNumType w:start="1" />"#);
    }
    x.raw(r#"<w:cols w:space="425" w:num="1" />"#);
    if s.title_page {
        x.raw("<w:titlePg />");
    }
    x.raw("</w:sectPr>");
}

/// `w:sz` and `w:szCs` in half-points.
fn sizes<W: Write>(x: &mut Xml<W>, size: Pt) {
    let hp = size.half_points() as i64;
    x.raw(r#"<w:sz w:val=""#);
    x.int(hp);
    x.raw(r#"" /><w:szCs w:val=""#);
    x.int(hp);
    x.raw(r#"" />"#);
}

fn ppr<W: Write>(x: &mut Xml<W>, pr: &PPr, sect: Option<Sect>) {
    x.raw("<w:pPr>");
    if pr.keep_next {
        x.raw("<w:keepNext />");
    }
    if pr.rule {
        x.raw(r#"<w:pBdr><w:top w:val="single" w:space="0" w:sz=""#);
        x.int(p::RULE_WIDTH.eighths() as i64);
        x.raw(r#"" w:color="000000" /></w:pBdr>"#);
    }
    let s = pr.spacing;
    x.raw(r#"<w:spacing w:before=""#);
    x.int(s.before.into());
    x.raw(r#"" w:after=""#);
    x.int(s.after.into());
    match s.exact {
        None => x.raw(r#"" w:line="240" w:lineRule="auto" />"#),
        Some(line) => {
            x.raw(r#"" w:line=""#);
            x.int(line.into());
            x.raw(r#"" w:lineRule="exact" />"#);
        }
    }
    if let Some((left, right, first)) = pr.ind {
        x.raw(r#"<w:ind w:left=""#);
        x.int(left.into());
        x.raw(r#"" w:right=""#);
        x.int(right.into());
        match first {
            Some(first) if first < 0 => {
                x.raw(r#"" w:hanging=""#);
                x.int((-first).into());
            }
            Some(first) => {
                x.raw(r#"" w:firstLine=""#);
                x.int(first.into());
            }
            None => {}
        }
        x.raw(r#"" />"#);
    }
    if let Some(jc) = pr.jc {
        x.raw(r#"<w:jc w:val=""#);
        x.raw(jc.value());
        x.raw(r#"" />"#);
    }
    x.raw("<w:rPr>");
    sizes(x, pr.size);
    x.raw("</w:rPr>");
    if let Some(s) = sect {
        section(x, s);
    }
    x.raw("</w:pPr>");
}

/// A run of text.
fn run<W: Write>(x: &mut Xml<W>, text: &str, size: Pt, bold: bool, italic: bool) {
    x.raw("<w:r><w:rPr>");
    if bold {
        x.raw("<w:b /><w:bCs />");
    }
    if italic {
        x.raw("<w:i /><w:iCs />");
    }
    sizes(x, size);
    x.raw("</w:rPr>");
    // a hyphen that must not break (a joiner after it: `doc::fit::cell_breaks`) is Word's own
    // non-breaking hyphen, so a reader's search and copy find a hyphen, not a joiner; a joiner
    // stays only where Word has no element for it (after `/`)
    const HELD: &str = "-\u{2060}";
    debug_assert_eq!(HELD.chars().nth(1), Some(crate::doc::fit::NO_BREAK));
    if !text.contains(crate::doc::fit::NO_BREAK) {
        // (most runs: no joiner, nothing to split)
        x.raw(r#"<w:t xml:space="preserve">"#);
        x.text(text);
        x.raw("</w:t></w:r>");
        return;
    }
    for (i, part) in text.split(HELD).enumerate() {
        if i > 0 {
            x.raw("<w:noBreakHyphen />");
        }
        if !part.is_empty() || i == 0 {
            x.raw(r#"<w:t xml:space="preserve">"#);
            x.text(part);
            x.raw("</w:t>");
        }
    }
    x.raw("</w:r>");
}

/// Runs for inlines; `force_bold` / `force_italic` add a style to every run.
fn runs<W: Write>(x: &mut Xml<W>, inlines: &[Inline], size: Pt, force_bold: bool, force_italic: bool) {
    for i in inlines {
        match i {
            Inline::Text(s) => run(x, &s.text, size, s.bold || force_bold, s.italic || force_italic),
            Inline::Break => {
                x.raw("<w:r><w:rPr>");
                sizes(x, size);
                x.raw(r#"</w:rPr><w:br w:type="textWrapping" /></w:r>"#);
            }
        }
    }
}

/// A paragraph of inlines.
fn paragraph<W: Write>(x: &mut Xml<W>, pr: &PPr, inlines: &[Inline], bold: bool, italic: bool) {
    x.raw("<w:p>");
    ppr(x, pr, None);
    runs(x, inlines, pr.size, bold, italic);
    x.raw("</w:p>");
    x.maybe_flush();
}

/// A paragraph of one run of text.
fn text_paragraph<W: Write>(x: &mut Xml<W>, pr: &PPr, text: &str, bold: bool, italic: bool) {
    x.raw("<w:p>");
    ppr(x, pr, None);
    run(x, text, pr.size, bold, italic);
    x.raw("</w:p>");
}

/// A centred line of text.
fn centred<W: Write>(x: &mut Xml<W>, text: &str, size: Pt, bold: bool, italic: bool, before: Pt) {
    text_paragraph(x, &PPr::new(Jc::Center, before, size), text, bold, italic);
}

/// A rule: an empty paragraph whose top border is the line, indented so it is `length` long and
/// centred in a box `width` wide.
fn rule<W: Write>(x: &mut Xml<W>, width: Pt, length: Pt) {
    let side = ((width - length) / 2.0).twips().max(0);
    // the spacing before lies above the border: the rule keeps RULE_GAP below the text's descenders
    let pr = PPr { rule: true, ind: Some((side, side, None)), ..PPr::new(Jc::Center, p::RULE_GAP, p::RULE_LINE_SIZE) };
    x.raw("<w:p>");
    ppr(x, &pr, None);
    x.raw("</w:p>");
}

/// A table's properties and grid: fixed layout, explicit widths, cell padding `(x, y)`, and
/// single borders when `bordered`.
fn table_start<W: Write>(x: &mut Xml<W>, widths: &[i32], pad: (i32, i32), bordered: bool) {
    x.raw(r#"<w:tbl><w:tblPr><w:tblW w:w=""#);
    x.int(widths.iter().sum::<i32>().into());
    x.raw(r#"" w:type="dxa" /><w:jc w:val="left" /><w:tblInd w:w="0" w:type="dxa" />"#);
    if bordered {
        x.raw("<w:tblBorders>");
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            x.raw("<w:");
            x.raw(side);
            x.raw(r#" w:val="single" w:sz=""#);
            x.int(p::TABLE_BORDER.eighths() as i64);
            x.raw(r#"" w:space="0" w:color="000000" />"#);
        }
        x.raw("</w:tblBorders>");
    } else {
        x.raw("<w:tblBorders />");
    }
    x.raw(r#"<w:tblLayout w:type="fixed" /><w:tblCellMar>"#);
    for (side, v) in [("top", pad.1), ("left", pad.0), ("bottom", pad.1), ("right", pad.0)] {
        x.raw("<w:");
        x.raw(side);
        x.raw(r#" w:w=""#);
        x.int(v.into());
        x.raw(r#"" w:type="dxa" />"#);
    }
    x.raw("</w:tblCellMar></w:tblPr><w:tblGrid>");
    for w in widths {
        x.raw(r#"<w:gridCol w:w=""#);
        x.int((*w).into());
        x.raw(r#"" />"#);
    }
    x.raw("</w:tblGrid>");
}

/// A row, never split across pages unless it may outgrow a page (`estimate`, as the layout
/// decides it: [`crate::doc::fit`]); `header`: repeated at the top of each page.
fn row_start<W: Write>(x: &mut Xml<W>, header: bool, estimate: &crate::doc::fit::RowHeight) {
    x.raw(match (header, estimate.may_outgrow_page()) {
        (true, _) => "<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>",
        (false, false) => "<w:tr><w:trPr><w:cantSplit /></w:trPr>",
        (false, true) => "<w:tr>",
    });
}

fn cell_start<W: Write>(x: &mut Xml<W>, width: i32) {
    x.raw(r#"<w:tc><w:tcPr><w:tcW w:w=""#);
    x.int(width.into());
    x.raw(r#"" w:type="dxa" /></w:tcPr>"#);
}

/// Column widths of a layout table: `share` of the text width, the rest to the second.
fn two_columns(share: f32) -> [i32; 2] {
    let total = text_width();
    let left = (total as f32 * share).round() as i32;
    [left, total - left]
}

/// Ô 1–4.
fn header_block<W: Write>(x: &mut Xml<W>, h: &Header, fonts: &Fonts) {
    let [left, right] = two_columns(p::HEADER_LEFT_SHARE);
    let pad = p::LAYOUT_CELL_PADDING * 2.0;
    let left_box = Pt(left as f32 / 20.0) - pad;
    let right_box = Pt(right as f32 / 20.0) - pad;
    table_start(x, &[left, right], (p::LAYOUT_CELL_PADDING.twips(), 0), false);
    let mut estimate = crate::doc::fit::RowHeight::default();
    if let Some(parent) = &h.parent {
        estimate.text(parent, h.parent_size, false, left_box, fonts);
    }
    estimate.text(&h.issuer, h.issuer_size, true, left_box, fonts);
    estimate.cell();
    estimate.text(&h.national_name, p::SIZE_NATIONAL_NAME, true, right_box, fonts);
    estimate.text(&h.motto, p::SIZE_MOTTO, true, right_box, fonts);
    row_start(x, false, &estimate);
    cell_start(x, left);
    // the agency names' lines chosen in the document model, as explicit breaks (doc::breaks)
    if let Some(parent) = &h.parent {
        paragraph(x, &PPr::new(Jc::Center, Pt(0.0), h.parent_size), &crate::doc::lines(parent), false, false);
    }
    paragraph(x, &PPr::new(Jc::Center, Pt(0.0), h.issuer_size), &crate::doc::lines(&h.issuer), true, false);
    rule(x, left_box, rules::issuer(h, fonts, left_box));
    x.raw("</w:tc>");
    cell_start(x, right);
    centred(x, &h.national_name, p::SIZE_NATIONAL_NAME, true, false, Pt(0.0));
    centred(x, &h.motto, p::SIZE_MOTTO, true, false, Pt(0.0));
    rule(x, right_box, rules::motto(h, fonts));
    x.raw("</w:tc></w:tr>");
    let mut estimate = crate::doc::fit::RowHeight::default();
    estimate.text(&h.number, p::SIZE_NUMBER, false, left_box, fonts);
    if let Some(s) = &h.subject {
        estimate.text(s, p::SIZE_LETTER_SUBJECT, false, left_box, fonts);
    }
    estimate.cell();
    estimate.text(&h.place_date, h.place_date_size, false, right_box, fonts);
    row_start(x, false, &estimate);
    cell_start(x, left);
    centred(x, &h.number, p::SIZE_NUMBER, false, false, p::PARAGRAPH_BEFORE);
    if let Some(subject) = &h.subject {
        // ô 5b: a công văn's trích yếu, its lines chosen in the document model
        paragraph(x, &PPr::new(Jc::Center, Pt(0.0), p::SIZE_LETTER_SUBJECT), &crate::doc::lines(subject), false, false);
    }
    x.raw("</w:tc>");
    cell_start(x, right);
    paragraph(
        x,
        &PPr::new(Jc::Center, p::PARAGRAPH_BEFORE, h.place_date_size),
        &crate::doc::lines(&h.place_date),
        false,
        true,
    );
    x.raw("</w:tc></w:tr></w:tbl>");
}

/// Ô 7 and 9b.
fn signature_block<W: Write>(x: &mut Xml<W>, s: &Signature, fonts: &Fonts) {
    let [left, right] = two_columns(p::SIGNATURE_LEFT_SHARE);
    table_start(x, &[left, right], (p::LAYOUT_CELL_PADDING.twips(), 0), false);
    let pad = p::LAYOUT_CELL_PADDING * 2.0;
    let (left_box, right_box) = (Pt(left as f32 / 20.0) - pad, Pt(right as f32 / 20.0) - pad);
    let mut estimate = crate::doc::fit::RowHeight::default();
    estimate.text(&s.recipients_label, p::SIZE_RECIPIENTS_LABEL, true, left_box, fonts);
    for r in &s.recipients {
        estimate.text(r, p::SIZE_RECIPIENTS, false, left_box, fonts);
    }
    estimate.cell();
    for a in &s.authority {
        estimate.text(a, p::SIZE_SIGNATURE, true, right_box, fonts);
    }
    estimate.text(&s.name, p::SIZE_SIGNATURE, true, right_box, fonts);
    row_start(x, false, &estimate);
    cell_start(x, left);
    let label = PPr::new(Jc::Left, p::BLOCK_BEFORE, p::SIZE_RECIPIENTS_LABEL);
    text_paragraph(x, &label, &s.recipients_label, true, true);
    // a wrapped recipient continues past its `- ` (a hanging indent as wide)
    let hang = rules::recipient_hanging(fonts).twips();
    let recipient = PPr { ind: Some((hang, 0, Some(-hang))), ..PPr::new(Jc::Left, Pt(0.0), p::SIZE_RECIPIENTS) };
    for r in &s.recipients {
        text_paragraph(x, &recipient, r, false, false);
    }
    x.raw("</w:tc>");
    cell_start(x, right);
    for (i, a) in s.authority.iter().enumerate() {
        let before = if i == 0 { p::BLOCK_BEFORE } else { Pt(0.0) };
        centred(x, a, p::SIZE_SIGNATURE, true, false, before);
    }
    // Ô 7c: room for the signature and seal, an empty line of exact height.
    let space = PPr {
        spacing: Spacing { before: 0, after: 0, exact: Some(tw(p::SIGNATURE_SPACE)) },
        jc: None,
        ..PPr::new(Jc::Left, Pt(0.0), p::SIZE_SIGNATURE)
    };
    x.raw("<w:p>");
    ppr(x, &space, None);
    x.raw("</w:p>");
    centred(x, &s.name, p::SIZE_SIGNATURE, true, false, Pt(0.0));
    x.raw("</w:tc></w:tr></w:tbl>");
}

/// A body table: single borders, 13 pt, header row bold, centred and repeated, rows unsplit.
fn body_table<W: Write>(x: &mut Xml<W>, t: &Table, fonts: &Fonts) -> Result<(), DocxError> {
    let widths = t.column_twips(x.sect.text_width());
    let pad = Pt(p::TABLE_CELL_PADDING_X.twips() as f32 / 20.0) * 2.0;
    table_start(x, &widths, (p::TABLE_CELL_PADDING_X.twips(), p::TABLE_CELL_PADDING_Y.twips()), true);
    let cell = |x: &mut Xml<W>, c: &Cell, w: i32, jc: Jc, bold: bool| {
        cell_start(x, w);
        // the breaks the layout makes, as marks Word and LibreOffice honour (doc::fit)
        let inlines = crate::doc::fit::cell_breaks(&c.inlines, Pt(w as f32 / 20.0) - pad, bold, fonts);
        paragraph(x, &PPr::new(jc, Pt(0.0), p::SIZE_TABLE), &inlines, bold, false);
        x.raw("</w:tc>");
    };
    row_start(x, true, &crate::doc::fit::RowHeight::default());
    for (c, w) in t.header.iter().zip(&widths) {
        cell(x, c, *w, Jc::Center, true);
    }
    x.raw("</w:tr>");
    t.each_row(|r| -> Result<(), DocxError> {
        let mut estimate = crate::doc::fit::RowHeight::default();
        for (c, w) in r.iter().zip(&widths) {
            estimate.cell();
            estimate.paragraph(&c.inlines, p::SIZE_TABLE, false, Pt(*w as f32 / 20.0) - pad, fonts);
        }
        row_start(x, false, &estimate);
        for ((c, w), col) in r.iter().zip(&widths).zip(&t.columns) {
            let jc = match col.align {
                Align::Left => Jc::Left,
                Align::Center => Jc::Center,
                Align::Right => Jc::Right,
            };
            cell(x, c, *w, jc, false);
        }
        x.raw("</w:tr>");
        Ok(())
    })?;
    x.raw("</w:tbl>");
    Ok(())
}

/// The width a body paragraph's words are measured against ([`crate::doc::fit::running_breaks`]):
/// the section's text width less the first-line indent.
fn running<W: Write>(x: &Xml<W>) -> Pt {
    Pt((x.sect.text_width() - tw(p::FIRST_LINE_INDENT)) as f32 / 20.0)
}

/// Body blocks → paragraphs and tables; `keep_last`: the last block, when a paragraph, stays
/// with what follows (the signature).
fn blocks<W: Write>(x: &mut Xml<W>, list: &[Block], keep_last: bool, fonts: &Fonts) -> Result<(), DocxError> {
    for (n, b) in list.iter().enumerate() {
        // 6 pt between a heading or a paragraph and the table under it (its spacing after)
        let after = if matches!(list.get(n + 1), Some(Block::Table(_))) { p::TABLE_BEFORE } else { Pt(0.0) };
        let next = list.get(n + 1);
        let keep = (keep_last && n + 1 == list.len()) || crate::doc::introduces(b, next);
        block(x, b, keep, after, next, fonts)?;
    }
    Ok(())
}

/// One body block; `keep`: a paragraph stays with what follows; `after`: its spacing after.
fn block<W: Write>(
    x: &mut Xml<W>,
    b: &Block,
    keep: bool,
    after: Pt,
    next: Option<&Block>,
    fonts: &Fonts,
) -> Result<(), DocxError> {
    let spacing = |before: Pt| Spacing { after: tw(after), ..Spacing::before(before) };
    let indent = Some(tw(p::FIRST_LINE_INDENT));
    {
        match b {
            Block::Heading { level, inlines } => {
                let (first, italic) = match level {
                    HeadingLevel::Section => (None, false),
                    HeadingLevel::Sub => (indent, false),
                    HeadingLevel::Point => (indent, true),
                };
                let pr = PPr {
                    keep_next: true,
                    ind: Some((0, 0, first)),
                    spacing: spacing(p::PARAGRAPH_BEFORE),
                    ..PPr::new(Jc::Both, p::PARAGRAPH_BEFORE, p::SIZE_BODY)
                };
                let inlines = crate::doc::fit::running_breaks(inlines, running(x), true, fonts);
                paragraph(x, &pr, &inlines, true, italic);
            }
            Block::Paragraph { kind, inlines } => {
                let centered = *kind == ParagraphKind::Centered;
                let ind = match kind {
                    ParagraphKind::Centered => None,
                    ParagraphKind::SubItem => {
                        let hang = rules::item_hanging(inlines, fonts).twips();
                        Some((tw(p::FIRST_LINE_INDENT) + hang, 0, Some(-hang)))
                    }
                    _ => Some((0, 0, indent)),
                };
                let pr = PPr {
                    keep_next: keep,
                    ind,
                    spacing: spacing(p::PARAGRAPH_BEFORE),
                    ..PPr::new(if centered { Jc::Center } else { Jc::Both }, p::PARAGRAPH_BEFORE, p::SIZE_BODY)
                };
                let inlines = crate::doc::fit::running_breaks(inlines, running(x), false, fonts);
                paragraph(x, &pr, &inlines, false, false);
            }
            Block::Table(t) => body_table(x, t, fonts)?,
            Block::Items(items) => {
                // an item's block is written once the next is known (it may introduce it), as the
                // same blocks given whole are
                let mut pending: Option<Block> = None;
                items.each(|b| {
                    if let Some(p) = pending.take() {
                        block(x, &p, crate::doc::introduces(&p, Some(&b)), Pt(0.0), Some(&b), fonts)?;
                    }
                    pending = Some(b);
                    Ok::<(), DocxError>(())
                })?;
                if let Some(p) = pending {
                    block(x, &p, crate::doc::introduces(&p, next), Pt(0.0), next, fonts)?;
                }
            }
            Block::Orientation { landscape } => {
                // the part before ends its section; the next starts a page of this orientation,
                // its numbers continuing (no w:titlePg, no restart)
                closing_paragraph(x, Some(x.sect));
                x.sect = Sect { restart: false, landscape: *landscape, title_page: false };
            }
        }
    }
    Ok(())
}

/// The paragraph after a table that ends a section (one point high, so it never adds a page),
/// carrying the section's properties when `sect` is set.
fn closing_paragraph<W: Write>(x: &mut Xml<W>, sect: Option<Sect>) {
    let pr = PPr {
        spacing: Spacing { before: 0, after: 0, exact: Some(tw(p::CLOSING_LINE_SIZE)) },
        jc: None,
        ..PPr::new(Jc::Left, Pt(0.0), Pt((p::CLOSING_LINE_SIZE.half_points().max(2) as f32) / 2.0))
    };
    x.raw("<w:p>");
    ppr(x, &pr, sect);
    x.raw("</w:p>");
}

fn appendix<W: Write>(x: &mut Xml<W>, a: &Appendix, fonts: &Fonts) -> Result<(), DocxError> {
    centred(x, &a.label, p::SIZE_BODY, true, false, Pt(0.0));
    // their lines chosen in the document model (doc::breaks), as explicit breaks
    paragraph(x, &PPr::new(Jc::Center, Pt(0.0), p::SIZE_BODY), &crate::doc::lines(&a.title), true, false);
    let reference = PPr {
        spacing: Spacing { after: tw(p::BLOCK_BEFORE), ..Spacing::before(Pt(0.0)) },
        ..PPr::new(Jc::Center, Pt(0.0), p::SIZE_BODY)
    };
    paragraph(x, &reference, &crate::doc::lines(&a.reference), false, true);
    blocks(x, &a.body, false, fonts)
}

/// The root element with docx-rs's namespace declarations.
const DOCUMENT_START: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:document xmlns:o="urn:schemas-microsoft-com:office:office" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" "#,
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:w10="urn:schemas-microsoft-com:office:word" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 wp14"><w:body>"#,
);

/// Writes `word/document.xml` of `doc` to `sink`.
fn document_xml<W: Write>(doc: &Document, fonts: &Fonts, sink: W) -> Result<(), DocxError> {
    let mut x = Xml::new(sink);
    x.raw(DOCUMENT_START);
    header_block(&mut x, &doc.header, fonts);

    // Ô 5a: tên loại, trích yếu, the rule under it.
    let tw_pt = Pt(text_width() as f32 / 20.0);
    // (a công văn has none: its trích yếu is under its number)
    if !doc.title.kind.is_empty() {
        centred(&mut x, &doc.title.kind, p::SIZE_TITLE, true, false, p::TITLE_BEFORE);
        paragraph(&mut x, &PPr::new(Jc::Center, Pt(0.0), p::SIZE_TITLE), &doc.title.subject, true, false);
        rule(&mut x, tw_pt, rules::subject(&doc.title, fonts, tw_pt));
    }

    // Ô 9a: Kính gửi, its lines chosen in the document model, each paragraph's block centred
    // (its indent), its lines after the first past its lead (a hanging indent).
    for (i, a) in doc.addressees.iter().enumerate() {
        let before = if i == 0 { p::BLOCK_BEFORE } else { Pt(0.0) };
        let ppr = PPr { ind: Some((a.indent + a.hang, 0, Some(-a.hang))), ..PPr::new(Jc::Left, before, p::SIZE_BODY) };
        paragraph(&mut x, &ppr, &crate::doc::lines(&a.lines.join("\n")), false, false);
    }

    // Ô 6: the body; its last paragraph stays with the signature block.
    blocks(&mut x, &doc.body, true, fonts)?;
    signature_block(&mut x, &doc.signature, fonts);

    // Each appendix is its own section: a new page, numbered from 1, no number on its first page.
    // The section properties sit at the end of the part they describe: the first describes the
    // main text, the next ones the appendices before them (each restarting its numbering).
    let mut ends_with_table = true;
    for (i, a) in doc.appendices.iter().enumerate() {
        let ending = x.sect;
        closing_paragraph(&mut x, Some(Sect { restart: i > 0, ..ending }));
        x.sect = Sect { restart: true, landscape: false, title_page: true };
        appendix(&mut x, a, fonts)?;
        ends_with_table = matches!(a.body.last(), Some(Block::Table(_)));
    }
    if ends_with_table {
        closing_paragraph(&mut x, None);
    }
    let last = x.sect;
    section(&mut x, last);
    x.raw("</w:body></w:document>");
    x.finish()
}

/// The core properties: title, subject, creator, language, dated from the document.
fn core_xml(doc: &Document) -> String {
    let date = format!("{}T00:00:00Z", doc.meta.date.format("%Y-%m-%d"));
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>",
            "<dc:language>{lang}</dc:language><cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = xml_escape(&doc.meta.title),
        subject = xml_escape(&doc.meta.subject),
        author = xml_escape(&doc.meta.author),
        lang = p::LANGUAGE,
        date = date,
    )
}

/// Appends `s` escaped for XML content, as docx-rs escapes it (a carriage return dropped).
fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut last = 0;
    for (i, b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&apos;",
            b'\n' => b"&#xA;",
            b'\r' => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[last..i]);
        out.extend_from_slice(rep);
        last = i + 1;
    }
    out.extend_from_slice(&bytes[last..]);
}

/// `s` escaped for XML content.
fn xml_escape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    escape_into(&mut out, s);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the DOCX of `doc` to `sink`.
pub fn write<W: Write + Seek>(doc: &Document, fonts: &Fonts, mut sink: W) -> Result<W, DocxError> {
    // Zipped in memory, then written: the zip writer, dropped unfinished after a failed write (a
    // full disk), would finish the archive into the failed file and print its own failure
    // (`ZipWriter::drop: failed to finalize archive: Io(…)`). In memory it cannot fail, and the
    // compressed file is small (1.2 MB for a consolidated report of 10,000 units).
    let bytes = render(doc, fonts)?;
    sink.write_all(&bytes)?;
    Ok(sink)
}

fn zip_to<W: Write + Seek>(doc: &Document, fonts: &Fonts, sink: W) -> Result<W, DocxError> {
    let mut shared = shared().clone();
    let mut zip = zip::ZipWriter::new(sink);
    let mut next = 0;
    for (name, part) in ENTRIES {
        match part {
            Some(_) => {
                let entry = shared.by_index_raw(next)?;
                debug_assert_eq!(entry.name(), *name);
                zip.raw_copy_file(entry)?;
                next += 1;
            }
            None if *name == "word/document.xml" => {
                zip.start_file(*name, entry_options())?;
                document_xml(doc, fonts, &mut zip)?;
            }
            None => {
                // the core properties, under a kilobyte, stored: a deflater's set-up costs more
                // than the bytes it would save
                zip.start_file(
                    *name,
                    entry_options().compression_method(zip::CompressionMethod::Stored).compression_level(None),
                )?;
                zip.write_all(core_xml(doc).as_bytes())?;
            }
        }
    }
    Ok(zip.finish()?)
}

/// Renders `doc` as DOCX bytes.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, DocxError> {
    Ok(zip_to(doc, fonts, Cursor::new(Vec::with_capacity(32 * 1024)))?.into_inner())
}
