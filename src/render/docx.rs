//! DOCX: the document model drawn with docx-rs, then patched where docx-rs has no API, and packed
//! with fixed entry times so the same input gives the same bytes.
//!
//! What docx-rs lacks and is patched on its XML parts (each patch is tested in `tests/docx.rs`):
//! the repeating table header row (`w:tblHeader`), the document language (`w:lang`), the core
//! properties (title, creator, language, fixed dates), reproducible paragraph ids, and the schema
//! order of property elements ([`ooxml::canonicalize`]).

use std::io::{Cursor, Write};

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Header as DocxHeader, HeaderReference, LineSpacing, LineSpacingType,
    PageMargin, PageNum, PageNumType, Paragraph, ParagraphBorder, ParagraphBorderPosition, Run, RunFonts,
    SectionProperty, SpecialIndentType, Table as DocxTable, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use crate::doc::{
    Align, Appendix, Block, Cell, Document, Header, HeadingLevel, Inline, ParagraphKind, Signature, Table,
};
use crate::font::Fonts;
use crate::profile::{self as p, Pt};

use super::{ooxml, rules};

/// Writing the DOCX failed (only an internal zip error can do this).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the DOCX: {0}")]
pub struct DocxError(String);

/// The marker docx-rs can write on a row (a zero "auto" row height, a no-op) and that [`patch`]
/// turns into `w:tblHeader`: the header row repeats on every page the table spans.
const HEADER_ROW_MARKER: &str = r#"<w:trHeight w:val="0" w:hRule="auto" />"#;

/// The text width in twips, exactly as Word computes it from the page and margins.
fn text_width() -> i32 {
    p::PAGE_WIDTH.twips() - p::MARGIN_LEFT.twips() - p::MARGIN_RIGHT.twips()
}

fn tw(x: Pt) -> i32 {
    x.twips()
}

/// A run of `text` at `size`.
fn run(text: &str, size: Pt, bold: bool, italic: bool) -> Run {
    let mut r = Run::new().add_text(text).size(size.half_points());
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    r
}

/// Runs for inlines; `force_bold` / `force_italic` add a style to every run.
fn runs(inlines: &[Inline], size: Pt, force_bold: bool, force_italic: bool) -> Vec<Run> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(s) => run(&s.text, size, s.bold || force_bold, s.italic || force_italic),
            Inline::Break => Run::new().add_break(BreakType::TextWrapping).size(size.half_points()),
        })
        .collect()
}

fn spacing(before: Pt) -> LineSpacing {
    LineSpacing::new().before(tw(before) as u32).after(0).line(240).line_rule(LineSpacingType::Auto)
}

/// An empty paragraph at `size` (its mark sets the line height).
fn para(align: AlignmentType, before: Pt, size: Pt) -> Paragraph {
    Paragraph::new().align(align).line_spacing(spacing(before)).size(size.half_points())
}

fn with_runs(mut p: Paragraph, rs: Vec<Run>) -> Paragraph {
    for r in rs {
        p = p.add_run(r);
    }
    p
}

/// A centred line of text.
fn centred(text: &str, size: Pt, bold: bool, italic: bool, before: Pt) -> Paragraph {
    para(AlignmentType::Center, before, size).add_run(run(text, size, bold, italic))
}

/// A rule: an empty paragraph whose top border is the line, indented so it is `length` long and
/// centred in a box `width` wide.
fn rule(width: Pt, length: Pt) -> Paragraph {
    let side = ((width - length) / 2.0).twips().max(0);
    para(AlignmentType::Center, Pt(0.0), p::RULE_LINE_SIZE).indent(Some(side), None, Some(side), None).set_borders(
        docx_rs::ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(p::RULE_WIDTH.eighths())
                .space(0)
                .color("000000"),
        ),
    )
}

/// A borderless layout table with explicit column widths and cell padding (format.md: set them,
/// or LibreOffice's defaults wrap the quốc hiệu).
fn layout_table(rows: Vec<TableRow>, widths: &[i32]) -> DocxTable {
    let pad = p::LAYOUT_CELL_PADDING.twips() as usize;
    DocxTable::without_borders(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum::<i32>() as usize, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, pad, 0, pad))
        .indent(0)
}

fn cell(width: i32, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new().width(width as usize, WidthType::Dxa);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// Ô 1–4.
fn header_block(h: &Header, fonts: &Fonts) -> DocxTable {
    let total = text_width();
    let left = (total as f32 * p::HEADER_LEFT_SHARE).round() as i32;
    let right = total - left;
    let pad = p::LAYOUT_CELL_PADDING * 2.0;
    let left_box = Pt(left as f32 / 20.0) - pad;
    let right_box = Pt(right as f32 / 20.0) - pad;

    let mut l = Vec::new();
    if let Some(parent) = &h.parent {
        l.push(centred(parent, p::SIZE_AGENCY, false, false, Pt(0.0)));
    }
    l.push(centred(&h.issuer, p::SIZE_AGENCY, true, false, Pt(0.0)));
    l.push(rule(left_box, rules::issuer(h, fonts, left_box)));
    let r = vec![
        centred(&h.national_name, p::SIZE_NATIONAL_NAME, true, false, Pt(0.0)),
        centred(&h.motto, p::SIZE_MOTTO, true, false, Pt(0.0)),
        rule(right_box, rules::motto(h, fonts)),
    ];
    let row1 = TableRow::new(vec![cell(left, l), cell(right, r)]).cant_split();
    let row2 = TableRow::new(vec![
        cell(left, vec![centred(&h.number, p::SIZE_NUMBER, false, false, p::PARAGRAPH_BEFORE)]),
        cell(right, vec![centred(&h.place_date, p::SIZE_PLACE_DATE, false, true, p::PARAGRAPH_BEFORE)]),
    ])
    .cant_split();
    layout_table(vec![row1, row2], &[left, right])
}

/// Ô 7 and 9b.
fn signature_block(s: &Signature) -> DocxTable {
    let total = text_width();
    let left = (total as f32 * p::SIGNATURE_LEFT_SHARE).round() as i32;
    let right = total - left;
    let mut l = vec![para(AlignmentType::Left, p::BLOCK_BEFORE, p::SIZE_RECIPIENTS_LABEL).add_run(run(
        &s.recipients_label,
        p::SIZE_RECIPIENTS_LABEL,
        true,
        true,
    ))];
    for r in &s.recipients {
        l.push(para(AlignmentType::Left, Pt(0.0), p::SIZE_RECIPIENTS).add_run(run(
            r,
            p::SIZE_RECIPIENTS,
            false,
            false,
        )));
    }
    let mut r = Vec::new();
    for (i, a) in s.authority.iter().enumerate() {
        let before = if i == 0 { p::BLOCK_BEFORE } else { Pt(0.0) };
        r.push(centred(a, p::SIZE_SIGNATURE, true, false, before));
    }
    // Ô 7c: room for the signature and seal, an empty line of exact height.
    r.push(
        Paragraph::new()
            .line_spacing(
                LineSpacing::new().before(0).after(0).line(tw(p::SIGNATURE_SPACE)).line_rule(LineSpacingType::Exact),
            )
            .size(p::SIZE_SIGNATURE.half_points()),
    );
    r.push(centred(&s.name, p::SIZE_SIGNATURE, true, false, Pt(0.0)));
    let row = TableRow::new(vec![cell(left, l), cell(right, r)]).cant_split();
    layout_table(vec![row], &[left, right])
}

/// A body table: single borders, 13 pt, header row bold, centred and repeated, rows unsplit.
/// The body rows of each table, already written as XML, waiting to replace their marker row.
///
/// Tables can be long (a consolidated report of thousands of units): each row is built with
/// docx-rs and written to XML at once, so the 4 KB docx-rs structures of one row are alive at a
/// time instead of all of them until the end.
#[derive(Default)]
struct Rows {
    /// (marker text, the rows' XML)
    tables: Vec<(String, Vec<u8>)>,
}

/// A row docx-rs writes in place of a table's body rows, found again by its text.
fn marker(n: usize) -> String {
    format!("\u{E000}baocao-rows-{n}\u{E000}")
}

fn body_table(t: &Table, pending: &mut Rows) -> DocxTable {
    let total = text_width();
    let mut widths: Vec<i32> = t.columns.iter().map(|c| (c.width * total as f32).round() as i32).collect();
    let used: i32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += total - used;
    }
    let cell_para = |c: &Cell, align: AlignmentType, bold: bool| {
        with_runs(para(align, Pt(0.0), p::SIZE_TABLE), runs(&c.inlines, p::SIZE_TABLE, bold, false))
    };
    let header_cells =
        t.header.iter().zip(&widths).map(|(c, w)| cell(*w, vec![cell_para(c, AlignmentType::Center, true)])).collect();
    let header = TableRow::new(header_cells).cant_split().row_height(0.0).height_rule(docx_rs::HeightRule::Auto);
    let mut xml = Vec::new();
    for r in &t.rows {
        let cells = r
            .iter()
            .zip(&widths)
            .zip(&t.columns)
            .map(|((c, w), col)| {
                let align = match col.align {
                    Align::Left => AlignmentType::Left,
                    Align::Center => AlignmentType::Center,
                    Align::Right => AlignmentType::Right,
                };
                cell(*w, vec![cell_para(c, align, false)])
            })
            .collect();
        // cleaned and in schema order now, while it is small (see `patch`)
        let row = docx_rs::BuildXML::build(&TableRow::new(cells).cant_split());
        xml.extend(ooxml::canonicalize(&clean(&row)));
    }
    let mark = marker(pending.tables.len());
    let placeholder = TableRow::new(vec![cell(total, vec![Paragraph::new().add_run(Run::new().add_text(&mark))])]);
    pending.tables.push((mark, xml));
    let rows = vec![header, placeholder];
    let border =
        |pos| TableBorder::new(pos).border_type(BorderType::Single).size(p::TABLE_BORDER.eighths()).color("000000");
    let borders = TableBorders::with_empty()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let (px, py) = (p::TABLE_CELL_PADDING_X.twips() as usize, p::TABLE_CELL_PADDING_Y.twips() as usize);
    DocxTable::new(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(total as usize, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(py, px, py, px))
        .set_borders(borders)
        .indent(0)
}

enum Child {
    P(Box<Paragraph>),
    T(Box<DocxTable>),
}

impl Child {
    fn p(p: Paragraph) -> Child {
        Child::P(Box::new(p))
    }
}

/// Body blocks → paragraphs and tables.
fn blocks(list: &[Block], out: &mut Vec<Child>, pending: &mut Rows) {
    let indent = Some(SpecialIndentType::FirstLine(tw(p::FIRST_LINE_INDENT)));
    for b in list {
        match b {
            Block::Heading { level, inlines } => {
                let (first, italic) = match level {
                    HeadingLevel::Section => (None, false),
                    HeadingLevel::Sub => (indent, false),
                    HeadingLevel::Point => (indent, true),
                };
                let p = para(AlignmentType::Both, p::PARAGRAPH_BEFORE, p::SIZE_BODY)
                    .indent(None, first, None, None)
                    .keep_next(true);
                out.push(Child::p(with_runs(p, runs(inlines, p::SIZE_BODY, true, italic))));
            }
            Block::Paragraph { kind, inlines } => {
                let align = match kind {
                    ParagraphKind::Centered => AlignmentType::Center,
                    _ => AlignmentType::Both,
                };
                let mut p = para(align, p::PARAGRAPH_BEFORE, p::SIZE_BODY);
                if *kind != ParagraphKind::Centered {
                    p = p.indent(None, indent, None, None);
                }
                out.push(Child::p(with_runs(p, runs(inlines, p::SIZE_BODY, false, false))));
            }
            Block::Table(t) => out.push(Child::T(Box::new(body_table(t, pending)))),
        }
    }
}

/// NĐ 30 margins and the 10 mm header distance (profile), in twips.
fn page_margin() -> PageMargin {
    PageMargin::new()
        .top(tw(p::MARGIN_TOP))
        .bottom(tw(p::MARGIN_BOTTOM))
        .left(tw(p::MARGIN_LEFT))
        .right(tw(p::MARGIN_RIGHT))
        .header(tw(p::HEADER_DISTANCE))
        .footer(tw(p::MARGIN_BOTTOM) / 2)
        .gutter(0)
}

/// The section properties every section shares: A4, the margins, the header distance, and a
/// different (empty) first-page header.
fn section() -> SectionProperty {
    let mut s = SectionProperty::new()
        .page_size(docx_rs::PageSize::new().width(p::PAGE_WIDTH.twips() as u32).height(p::PAGE_HEIGHT.twips() as u32))
        .page_margin(page_margin())
        .title_pg();
    s.header_reference = Some(HeaderReference::new("default", "rIdHeader1"));
    s.first_header_reference = Some(HeaderReference::new("first", "rIdHeader2"));
    s
}

/// The paragraph after a table that ends a section: one point high, so it never adds a page.
fn closing_paragraph() -> Paragraph {
    Paragraph::new()
        .line_spacing(
            LineSpacing::new().before(0).after(0).line(tw(p::CLOSING_LINE_SIZE)).line_rule(LineSpacingType::Exact),
        )
        .size(p::CLOSING_LINE_SIZE.half_points().max(2))
}

fn appendix(a: &Appendix, out: &mut Vec<Child>, pending: &mut Rows) {
    out.push(Child::p(centred(&a.label, p::SIZE_BODY, true, false, Pt(0.0))));
    out.push(Child::p(centred(&a.title, p::SIZE_BODY, true, false, Pt(0.0))));
    let reference = centred(&a.reference, p::SIZE_BODY, false, true, Pt(0.0))
        .line_spacing(spacing(Pt(0.0)).after(tw(p::BLOCK_BEFORE) as u32));
    out.push(Child::p(reference));
    blocks(&a.body, out, pending);
}

/// Renders `doc` as DOCX bytes.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, DocxError> {
    let mut children: Vec<Child> = Vec::new();
    children.push(Child::T(Box::new(header_block(&doc.header, fonts))));

    // Ô 5a: tên loại, trích yếu, the rule under it.
    let tw_pt = Pt(text_width() as f32 / 20.0);
    children.push(Child::p(centred(&doc.title.kind, p::SIZE_TITLE, true, false, p::TITLE_BEFORE)));
    children.push(Child::p(with_runs(
        para(AlignmentType::Center, Pt(0.0), p::SIZE_TITLE),
        runs(&doc.title.subject, p::SIZE_TITLE, true, false),
    )));
    children.push(Child::p(rule(tw_pt, rules::subject(&doc.title, fonts, tw_pt))));

    // Ô 9a: Kính gửi.
    match doc.addressees.as_slice() {
        [one] => {
            children.push(Child::p(centred(&format!("Kính gửi: {one}"), p::SIZE_BODY, false, false, p::BLOCK_BEFORE)))
        }
        many => {
            children.push(Child::p(centred("Kính gửi:", p::SIZE_BODY, false, false, p::BLOCK_BEFORE)));
            for (i, a) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { "." } else { ";" };
                children.push(Child::p(centred(&format!("- {a}{end}"), p::SIZE_BODY, false, false, Pt(0.0))));
            }
        }
    }

    // Ô 6: the body; its last paragraph stays with the signature block.
    let start = children.len();
    let mut pending = Rows::default();
    blocks(&doc.body, &mut children, &mut pending);
    let has_body = children.len() > start;
    if let (true, Some(Child::P(last))) = (has_body, children.last_mut()) {
        let p = std::mem::take(&mut **last);
        **last = p.keep_next(true);
    }
    children.push(Child::T(Box::new(signature_block(&doc.signature))));

    // Each appendix is its own section: a new page, numbered from 1, no number on its first page.
    // The section properties sit at the end of the part they describe: the first describes the
    // main text, the next ones the appendices before them (each restarting its numbering).
    for (i, a) in doc.appendices.iter().enumerate() {
        let mut props = section();
        if i > 0 {
            props = props.page_num_type(PageNumType::new().start(1));
        }
        children.push(Child::p(closing_paragraph().section_property(props)));
        appendix(a, &mut children, &mut pending);
    }
    if matches!(children.last(), Some(Child::T(_))) {
        children.push(Child::p(closing_paragraph()));
    }

    let page_number = DocxHeader::new()
        .add_paragraph(para(AlignmentType::Center, Pt(0.0), p::SIZE_PAGE_NUMBER).add_page_num(PageNum::new()));
    let mut docx = Docx::new()
        .page_size(p::PAGE_WIDTH.twips() as u32, p::PAGE_HEIGHT.twips() as u32)
        .page_margin(page_margin())
        .default_fonts(
            RunFonts::new().ascii(p::FONT_FAMILY).hi_ansi(p::FONT_FAMILY).cs(p::FONT_FAMILY).east_asia(p::FONT_FAMILY),
        )
        .default_size(p::SIZE_BODY.half_points())
        .header(page_number)
        .first_header(DocxHeader::new().add_paragraph(para(AlignmentType::Center, Pt(0.0), p::SIZE_PAGE_NUMBER)));
    if !doc.appendices.is_empty() {
        docx = docx.page_num_type(PageNumType::new().start(1));
    }
    // Straight into the body: `Docx::add_paragraph` moves the whole 4.7 KB builder each time.
    docx.document.children.extend(children.into_iter().map(|c| match c {
        Child::P(p) => docx_rs::DocumentChild::Paragraph(p),
        Child::T(t) => docx_rs::DocumentChild::Table(t),
    }));
    let mut xml = patch(docx.build(), doc);
    xml.document = splice_rows(&xml.document, pending);
    pack(xml)
}

/// Escapes text for XML content.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// One pass over a part docx-rs wrote: removes every `w14:paraId="…"` attribute (docx-rs numbers
/// them from a per-thread counter, so a second document in one process would get other ids, and
/// other bytes; they are optional) and turns the header-row marker into `w:tblHeader`.
fn clean(xml: &[u8]) -> Vec<u8> {
    const PARA_ID: &[u8] = b" w14:paraId=\"";
    let mut out = Vec::with_capacity(xml.len());
    let mut hits: Vec<(usize, bool)> = memchr::memmem::find_iter(xml, PARA_ID).map(|i| (i, true)).collect();
    hits.extend(memchr::memmem::find_iter(xml, HEADER_ROW_MARKER.as_bytes()).map(|i| (i, false)));
    hits.sort_unstable();
    let mut last = 0;
    for (at, para_id) in hits {
        out.extend_from_slice(&xml[last..at]);
        if para_id {
            let value = at + PARA_ID.len();
            last = xml[value..].iter().position(|b| *b == b'"').map_or(xml.len(), |q| value + q + 1);
        } else {
            out.extend_from_slice(b"<w:tblHeader />");
            last = at + HEADER_ROW_MARKER.len();
        }
    }
    out.extend_from_slice(&xml[last..]);
    out
}

/// Puts each table's body rows where its marker row is.
fn splice_rows(document: &[u8], pending: Rows) -> Vec<u8> {
    let extra: usize = pending.tables.iter().map(|(_, x)| x.len()).sum();
    let mut out = Vec::with_capacity(document.len() + extra);
    let mut last = 0;
    for (mark, rows) in pending.tables {
        let Some(at) = memchr::memmem::find(&document[last..], mark.as_bytes()).map(|i| last + i) else { continue };
        let start = memchr::memmem::rfind(&document[last..at], b"<w:tr>").map(|i| last + i);
        let end = memchr::memmem::find(&document[at..], b"</w:tr>").map(|i| at + i + b"</w:tr>".len());
        let (Some(start), Some(end)) = (start, end) else { continue };
        out.extend_from_slice(&document[last..start]);
        out.extend_from_slice(&rows);
        last = end;
    }
    out.extend_from_slice(&document[last..]);
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

/// The parts docx-rs cannot set: `w:tblHeader`, `w:lang`, core properties, reproducible ids.
fn patch(mut xml: docx_rs::XMLDocx, doc: &Document) -> docx_rs::XMLDocx {
    xml.document = ooxml::canonicalize(&clean(&xml.document));
    for h in &mut xml.headers {
        *h = ooxml::canonicalize(&clean(h));
    }
    // The language of every run: on the document defaults (w:rPrDefault).
    let lang = format!(r#"<w:lang w:val="{0}" w:eastAsia="{0}" w:bidi="{0}" /></w:rPr></w:rPrDefault>"#, p::LANGUAGE);
    let styles = replace(&xml.styles, "</w:rPr></w:rPrDefault>", &lang);
    // Widow and orphan control on every paragraph (NĐ 30 layout: no line alone on a page); Word
    // would otherwise take its absence as "off" (LibreOffice applies it either way).
    let styles = replace(&styles, "<w:pPrDefault><w:pPr>", "<w:pPrDefault><w:pPr><w:widowControl />");
    xml.styles = ooxml::canonicalize(&styles);
    let date = format!("{}T00:00:00Z", doc.meta.date.format("%Y-%m-%d"));
    xml.doc_props.core = format!(
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
    .into_bytes();
    xml
}

/// Packs the parts as docx-rs does, but with every entry dated 1980-01-01 (the zip epoch) and
/// deflated: the same document gives the same bytes, whatever the clock or zip's features.
fn pack(xml: docx_rs::XMLDocx) -> Result<Vec<u8>, DocxError> {
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), xml.doc_props.core),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), xml.document),
        ("word/styles.xml".into(), xml.styles),
        ("word/settings.xml".into(), xml.settings),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    for (i, h) in xml.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(rels) = xml.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels.clone()));
        }
    }
    // Level 1: deflating document.xml at the default level was a fifth of the DOCX time.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let e = |e: zip::result::ZipError| DocxError(e.to_string());
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(e)?;
        zip.write_all(&bytes).map_err(|io| DocxError(io.to_string()))?;
    }
    Ok(zip.finish().map_err(e)?.into_inner())
}
