//! The document model (IR) both renderers read: the Decree 30 parts, built from the validated
//! model by code, and the body, built from the template's Markdown.
//!
//! Plain data, documented with what produces each part. Text is final: upper-cased where the
//! format asks, in NFC, with the Decree 30 number and date forms. Renderers only draw it.

pub mod breaks;
mod build;
pub mod fit;
pub mod lexicon;
pub mod rules;

pub use build::{agency_lines, agency_width, build, build_with, reference_lines, DocError};

use std::sync::Arc;

use crate::template::MarkdownItems;

use chrono::NaiveDate;

/// A whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Document properties (DOCX core properties, PDF info).
    pub meta: Meta,
    /// Ô 1–4: the two-column header block.
    pub header: Header,
    /// Ô 5a: tên loại and trích yếu.
    pub title: Title,
    /// Ô 9a: `Kính gửi:` and its addressees (one, or several one a line), as printed.
    pub addressees: Vec<Hanging>,
    /// Ô 6: the body, ending with `./.`.
    pub body: Vec<Block>,
    /// Ô 7 and 9b: signature and recipients.
    pub signature: Signature,
    /// Phụ lục: each on a new page, numbered on its own.
    pub appendices: Vec<Appendix>,
    /// What the draft leaves blank for the clerk to fill when the document is issued (signed by
    /// the organisation): the PDF draws those lines as form fields (`baocao sign issue`).
    pub blanks: Blanks,
}

/// The blanks of a draft: no number yet, no date yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Blanks {
    /// `Số:      /BC-…`: numbered when issued.
    pub number: bool,
    /// `ngày      tháng      năm …`: dated when issued.
    pub date: bool,
}

impl Blanks {
    /// Something is left blank.
    pub fn any(self) -> bool {
        self.number || self.date
    }
}

/// Document properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Title: the report's subject.
    pub title: String,
    /// Subject: the report kind and number (`Báo cáo số 125/BC-STTTT`).
    pub subject: String,
    /// Author: the issuer's name.
    pub author: String,
    /// What report it is ([`crate::model::Document::identity`]), kept in the PDF's private data.
    pub identity: String,
    /// Who signs it and who issues it, as the document prints them: kept in the PDF's private
    /// data, so that verify holds each signature's certificate to the name on the page.
    pub names: crate::model::SigningNames,
    /// The date stamped as created/modified: the document's date, or for an undated draft the
    /// first of the reported month (monthly) or the due date (assessment); never the clock.
    pub date: NaiveDate,
}

/// Ô 1–4, as printed (upper-cased where the format asks).
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Ô 2: tên cơ quan chủ quản, UPPERCASE, regular; its lines, chosen ([`breaks`]), joined by
    /// line feeds.
    pub parent: Option<String>,
    /// Ô 2: tên cơ quan ban hành, UPPERCASE, bold; its lines likewise.
    pub issuer: String,
    /// The size the parent's and the issuer's names are set at (13 pt, or 12 pt where a name
    /// fits only so: [`breaks::agency`]).
    pub parent_size: crate::profile::Pt,
    /// Likewise the issuer's.
    pub issuer_size: crate::profile::Pt,
    /// Ô 3: `Số: 05/BC-STTTT`.
    pub number: String,
    /// Ô 5b: a công văn's trích yếu under its number (`V/v …`), 12–13 pt upright; its lines
    /// chosen, joined by line feeds. `None` for a document with a title (ô 5a).
    pub subject: Option<String>,
    /// Ô 1: quốc hiệu.
    pub national_name: String,
    /// Ô 1: tiêu ngữ.
    pub motto: String,
    /// Ô 4: `Bắc Ninh, ngày 05 tháng 3 năm 2020`; its lines joined by a line feed where it does
    /// not fit on one even at its smaller size ([`breaks::one_line`]).
    pub place_date: String,
    /// The size of the date line: 14 pt, or 13 pt where it fits on one line only so.
    pub place_date_size: crate::profile::Pt,
}

/// A paragraph whose lines were chosen ([`breaks`]) and whose lines after the first hang past
/// its lead (`Kính gửi: `, `- `), the whole centred as one block.
#[derive(Debug, Clone, PartialEq)]
pub struct Hanging {
    /// The lines, the first beginning with the lead.
    pub lines: Vec<String>,
    /// Where the first line starts, from the left of the text width, in twips (the block centred).
    pub indent: i32,
    /// How far the lines after the first start past the first: the lead's width, in twips.
    pub hang: i32,
}

/// Quốc hiệu (NĐ 30, Phụ lục I, ô 1).
pub const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ (NĐ 30, Phụ lục I, ô 1).
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Ô 5a.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    /// Tên loại văn bản, UPPERCASE: `BÁO CÁO`; empty for a công văn (no title: its trích yếu is
    /// [`Header::subject`]).
    pub kind: String,
    /// Trích yếu, sentence case; may hold line breaks.
    pub subject: Vec<Inline>,
}

/// A block of the body or of an appendix.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `## I. TÌNH HÌNH TRIỂN KHAI` (section) or `### 1. Lớp 1 …` (sub-heading): bold.
    Heading {
        /// Which heading.
        level: HeadingLevel,
        /// Its text.
        inlines: Vec<Inline>,
    },
    /// A paragraph: justified, first-line indent.
    Paragraph {
        /// Body text or a list item.
        kind: ParagraphKind,
        /// Its text.
        inlines: Vec<Inline>,
    },
    /// A bordered table.
    Table(Table),
    /// Blocks made one item at a time when a renderer reaches them (`<!-- each: … -->`: a
    /// consolidated report's difficulties and proposals, as many as its units).
    Items(Lazy<Block>),
    /// What follows starts a page of this orientation (`<!-- landscape -->`, `<!-- portrait -->`
    /// in the template): a table too wide for portrait set on landscape pages of its own (format.md,
    /// "Page"); a section of its own in the DOCX, the page numbers continuing.
    Orientation {
        /// Landscape (else portrait).
        landscape: bool,
    },
}

/// Items of the document model made from a [`MarkdownItems`] each time a renderer reads them (the
/// PDF reads them twice, the DOCX once); no item is kept.
#[derive(Clone)]
pub struct Lazy<T> {
    items: Arc<dyn MarkdownItems>,
    /// One item's Markdown → its parts (blocks, or table rows of `columns` cells).
    parse: fn(&str, usize) -> Result<Vec<T>, DocError>,
    columns: usize,
}

impl<T> Lazy<T> {
    /// Calls `f` with each item's parts in order, stopping at the first error (of the source,
    /// the Markdown or `f`).
    pub fn each<E: From<DocError>>(&self, mut f: impl FnMut(T) -> Result<(), E>) -> Result<(), E> {
        for md in self.items.iter() {
            for part in (self.parse)(&md.map_err(DocError::from)?, self.columns)? {
                f(part)?;
            }
        }
        Ok(())
    }
}

impl<T> std::fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lazy(..)")
    }
}

impl<T> PartialEq for Lazy<T> {
    fn eq(&self, other: &Lazy<T>) -> bool {
        Arc::ptr_eq(&self.items, &other.items) && self.columns == other.columns
    }
}

/// Heading levels of the body (Markdown `##`, `###`, `####`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingLevel {
    /// `I.`, `II.`: bold, no indent.
    Section,
    /// `1.`, `2.`: bold, first-line indent.
    Sub,
    /// `a)`, `b)`: bold italic, first-line indent.
    Point,
}

/// Paragraph kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    /// Body text.
    Body,
    /// A list item; its text starts with `- ` (or `1. `) at the paragraph indent.
    ListItem,
    /// A note under a table, or any line that is not justified (centred).
    Centered,
    /// A line of a free text that starts with a list marker ([`list_marker`]: `- `, `+ `, `• `,
    /// `a) `, `1. `): at the paragraph indent, its next lines hanging after the marker
    /// ([`rules::item_hanging`]).
    SubItem,
}

/// The length in bytes of the list marker `text` starts with, its space included
/// ([`crate::vn::list_marker`]).
pub use crate::vn::list_marker;

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text in one style.
    Text(Span),
    /// A line break inside the paragraph (a line feed in a free-text value).
    Break,
}

/// Text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text (NFC).
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Inline {
    /// Plain text.
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline::Text(Span { text: text.into(), bold: false, italic: false })
    }
}

/// Text whose line feeds are line breaks, as inlines.
pub fn lines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Inline::Break);
        }
        out.push(Inline::plain(line));
    }
    out
}

/// Whether a block introduces the paragraph after it and stays with it on its page: a paragraph
/// ending in `:` (`a) Thông tin về chủ quản hệ thống thông tin:`) followed by a paragraph, as
/// both renderers keep it (the DOCX's `w:keepNext`, the layout's keep-with-next).
pub fn introduces(b: &Block, next: Option<&Block>) -> bool {
    let Block::Paragraph { inlines, .. } = b else { return false };
    let ends = plain_text(inlines).trim_end().ends_with(':');
    ends && matches!(next, Some(Block::Paragraph { .. }))
}

/// The text of inlines, a line break as `\n`.
pub fn plain_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(s) => s.text.as_str(),
            Inline::Break => "\n",
        })
        .collect()
}

/// Horizontal alignment in a table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right (numbers).
    Right,
}

/// A bordered table; 13 pt; header row bold, centred and repeated on each page; rows not split.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Columns: width as a share of the text width (they sum to 1), and alignment.
    pub columns: Vec<Column>,
    /// The header row.
    pub header: Vec<Cell>,
    /// The other rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// Rows made one at a time (`<!-- each: … -->` in a table: a consolidated report's row a
    /// unit), drawn before `rows[at]`.
    pub streamed: Option<StreamedRows>,
}

/// A table's rows made as they are drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamedRows {
    /// They come before this many of the held rows.
    pub at: usize,
    /// The rows.
    pub rows: Lazy<Vec<Cell>>,
}

impl Table {
    /// Calls `f` with each body row in order: the held rows with the streamed ones among them.
    pub fn each_row<E: From<DocError>>(&self, mut f: impl FnMut(&[Cell]) -> Result<(), E>) -> Result<(), E> {
        let at = self.streamed.as_ref().map_or(self.rows.len(), |s| s.at.min(self.rows.len()));
        for r in &self.rows[..at] {
            f(r)?;
        }
        if let Some(s) = &self.streamed {
            s.rows.each(|r| f(&r))?;
        }
        for r in &self.rows[at..] {
            f(r)?;
        }
        Ok(())
    }

    /// Column widths in twips for a table `total` twips wide, as both renderers draw them: each
    /// its share rounded, the last taking what rounding left.
    pub fn column_twips(&self, total: i32) -> Vec<i32> {
        let mut widths: Vec<i32> = self.columns.iter().map(|c| (c.width * total as f32).round() as i32).collect();
        let used: i32 = widths.iter().sum();
        if let Some(last) = widths.last_mut() {
            *last += total - used;
        }
        widths
    }
}

/// A table column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Share of the text width, 0–1.
    pub width: f32,
    /// Alignment of its body cells.
    pub align: Align,
}

/// A table cell: one paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Its text.
    pub inlines: Vec<Inline>,
}

/// Ô 7 and 9b: the signature block and the recipients.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// `Nơi nhận:`.
    pub recipients_label: String,
    /// `- Như trên;`, …, `- Lưu: VT, CNTT.`.
    pub recipients: Vec<String>,
    /// Ô 7a: authority lines and the title, UPPERCASE (`KT. GIÁM ĐỐC`, `PHÓ GIÁM ĐỐC`).
    pub authority: Vec<String>,
    /// Ô 7b: the signer's name.
    pub name: String,
}

/// A phụ lục.
#[derive(Debug, Clone, PartialEq)]
pub struct Appendix {
    /// `Phụ lục` (or `Phụ lục I`, `Phụ lục II` when there are several).
    pub label: String,
    /// Its title, UPPERCASE.
    pub title: String,
    /// `(Kèm theo Báo cáo số 125/BC-STTTT ngày 20 tháng 5 năm 2020 của Sở …)`.
    pub reference: String,
    /// Its content.
    pub body: Vec<Block>,
}
