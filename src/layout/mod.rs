//! Layout: the document model → positioned pages. Pure: no printpdf here, only metrics.
//!
//! It mirrors how Word and LibreOffice lay out the DOCX that `render::docx` writes, so the two
//! outputs are the same document: single line height = (ascent + descent + line gap) × size with
//! the baseline at (ascent + line gap) × size below the line's top (the gap above, as LibreOffice
//! places it, measured on its PDF of our DOCX); spacing before a paragraph,
//! dropped at the top of a page; greedy line breaking ([`text::break_lines`]); widow and orphan
//! control (two lines); headings kept with what follows; table rows never split, the header row
//! repeated on every page; the signature block kept with the body's last lines; each appendix on
//! a new page with its own numbering.

pub mod text;

use crate::doc::rules;
use crate::doc::{Align, Block, Cell, DocError, Document, HeadingLevel, Inline, ParagraphKind, Table};
use crate::font::Style;
use crate::profile::{self as p, Pt};

pub use text::{break_lines, Line, Piece};

/// Font metrics, in em: what layout needs of a font (the bundled fonts, or a fake one in tests).
pub trait Metrics {
    /// Advance width of `c` in `style`.
    fn advance(&self, style: Style, c: char) -> f32;
    /// Ascent above the baseline.
    fn ascent(&self) -> f32;
    /// Descent below the baseline (positive).
    fn descent(&self) -> f32;
    /// Line gap (external leading).
    fn line_gap(&self) -> f32;
}

/// Something drawn on a page. `y` is measured down from the top edge of the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text in one face, on one baseline.
    Text(TextRun),
    /// A place a later step fills or signs: its box, and what it shows until then.
    Field(Field),
    /// A straight line (rules, table borders).
    Line {
        /// Start.
        x1: Pt,
        /// Start.
        y1: Pt,
        /// End.
        x2: Pt,
        /// End.
        y2: Pt,
        /// Stroke width.
        width: Pt,
    },
}

/// A run of text: one face, one size, one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Left edge.
    pub x: Pt,
    /// Baseline, down from the top of the page.
    pub baseline: Pt,
    /// Face.
    pub style: Style,
    /// Size.
    pub size: Pt,
    /// The text, spaces included.
    pub text: String,
    /// Room added after each space (justification).
    pub space_extra: Pt,
}

/// A place on the page that `baocao sign` fills or signs (signing.md): a line the draft leaves
/// blank (drawn as a form field whose appearance is `runs`, so that the clerk's number and date can
/// be filled in after the signer has signed), or ô 7c, where the signer's signature goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Which.
    pub kind: FieldKind,
    /// Left edge.
    pub x: Pt,
    /// Top edge, down from the top of the page.
    pub y: Pt,
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
    /// What it shows until filled, placed on the page (none for ô 7c).
    pub runs: Vec<TextRun>,
}

/// The places of [`Field`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Ô 3: `Số:      /BC-…`.
    Number,
    /// Ô 4: `…, ngày      tháng      năm …`.
    Date,
    /// An appendix's `(Kèm theo Báo cáo số      /BC-… ngày …)`, by the appendix's index.
    Reference(usize),
    /// Ô 7c: the room for the signer's signature (and the seal over its left third).
    Signature,
}

impl FieldKind {
    /// The field's name in the PDF (`/T`).
    pub fn name(self) -> String {
        match self {
            FieldKind::Number => "so".to_owned(),
            FieldKind::Date => "ngay".to_owned(),
            FieldKind::Reference(i) => format!("kem-theo-{}", i + 1),
            FieldKind::Signature => "chu-ky".to_owned(),
        }
    }
}

/// Turns the text lines of `lines` (each line's items relative to its top) into one field of
/// `kind`, `width` wide at `x`: a single line holding the field, as tall as the lines were.
fn into_field(
    lines: std::collections::VecDeque<(Pt, Vec<Item>)>,
    kind: FieldKind,
    x: Pt,
    width: Pt,
) -> std::collections::VecDeque<(Pt, Vec<Item>)> {
    let mut out = std::collections::VecDeque::new();
    let (mut y, mut top, mut runs) = (Pt(0.0), None, Vec::new());
    for (h, items) in lines {
        if items.is_empty() && top.is_none() {
            // the paragraph's spacing before stays a line of its own
            out.push_back((h, items));
            continue;
        }
        top.get_or_insert(Pt(0.0));
        runs.extend(shift(items, Pt(0.0), y).filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        }));
        y = y + h;
    }
    out.push_back((y, vec![Item::Field(Field { kind, x, y: Pt(0.0), width, height: y, runs })]));
    out
}

/// One laid-out page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// What is drawn, in reading order.
    pub items: Vec<Item>,
    /// The page number printed at the top, if any (none on the first page of the document or of
    /// an appendix).
    pub number: Option<u32>,
    /// A landscape page (a wide table's, [`crate::doc::Block::Orientation`]): the page's width
    /// and height swapped.
    pub landscape: bool,
}

/// Everything layout reads of the page geometry: the Decree 30 profile, in one struct so tests
/// can use a small page.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
    /// Margins.
    pub top: Pt,
    /// Margins.
    pub bottom: Pt,
    /// Margins.
    pub left: Pt,
    /// Width of the text block, exactly as the DOCX computes it (whole twips).
    pub text_width: Pt,
    /// Top edge to the page number's line.
    pub header: Pt,
}

impl Geometry {
    /// The Decree 30 page (profile).
    pub fn decree30() -> Geometry {
        let twips = p::text_width_twips();
        Geometry {
            width: p::PAGE_WIDTH,
            height: p::PAGE_HEIGHT,
            top: twip(p::MARGIN_TOP.twips()),
            bottom: twip(p::MARGIN_BOTTOM.twips()),
            left: twip(p::MARGIN_LEFT.twips()),
            text_width: twip(twips),
            header: twip(p::HEADER_DISTANCE.twips()),
        }
    }
    fn body_height(&self) -> Pt {
        self.height - self.top - self.bottom
    }

    /// The same page turned: width and height swapped, the margins kept as read (top, bottom,
    /// left, right of the text), the text block as wide as that leaves, in whole twips as the
    /// DOCX's landscape section has it.
    pub fn landscape(&self) -> Geometry {
        let right = self.width - self.left - self.text_width;
        Geometry {
            width: self.height,
            height: self.width,
            text_width: twip((self.height - self.left - right).twips()),
            ..*self
        }
    }

    /// This geometry, or its landscape turn.
    pub fn oriented(&self, landscape: bool) -> Geometry {
        if landscape {
            self.landscape()
        } else {
            *self
        }
    }
}

/// A length the DOCX states in whole twips, as the layout engine of Word or LibreOffice sees it.
fn twip(t: i32) -> Pt {
    Pt(t as f32 / 20.0)
}

/// Rounds to whole twips, as the DOCX writes it.
fn tw(x: Pt) -> Pt {
    twip(x.twips())
}

/// A paragraph's settings.
#[derive(Debug, Clone, Copy)]
struct ParaStyle {
    size: Pt,
    bold: bool,
    italic: bool,
    align: Align,
    justify: bool,
    first_indent: Pt,
    /// Indent of the lines after the first (a recipient continued past its `- `).
    hanging: Pt,
    before: Pt,
}

impl ParaStyle {
    fn line_height(&self, m: &dyn Metrics) -> Pt {
        self.size * (m.ascent() + m.descent() + m.line_gap())
    }
    fn baseline(&self, m: &dyn Metrics) -> Pt {
        self.size * (m.ascent() + m.line_gap())
    }
}

/// Lays out one paragraph in a box `width` wide at `x`: each line's height and items, relative to
/// the line's top (spacing before not included).
fn paragraph(inlines: &[Inline], st: ParaStyle, x: Pt, width: Pt, m: &dyn Metrics) -> Vec<(Pt, Vec<Item>)> {
    let lines = break_lines(inlines, st.size, st.bold, st.italic, width - st.first_indent, width - st.hanging, m);
    let lh = st.line_height(m);
    let base = st.baseline(m);
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let indent = if i == 0 { st.first_indent } else { st.hanging };
        let avail = width - indent;
        let slack = avail - line.width;
        let (mut cx, extra) = match st.align {
            _ if st.justify && !line.last && line.spaces > 0 => (x + indent, slack / line.spaces as f32),
            Align::Left => (x + indent, Pt(0.0)),
            Align::Center => (x + indent + slack / 2.0, Pt(0.0)),
            Align::Right => (x + indent + slack, Pt(0.0)),
        };
        let mut items = Vec::new();
        for piece in &line.pieces {
            let spaces = piece.text.chars().filter(|c| *c == ' ').count();
            items.push(Item::Text(TextRun {
                x: cx,
                baseline: base,
                style: piece.style,
                size: st.size,
                text: piece.text.clone(),
                space_extra: extra,
            }));
            cx = cx + piece.width + extra * spaces as f32;
        }
        out.push((lh, items));
    }
    out
}

/// Moves items down by `dy` (and right by `dx`).
fn shift(items: Vec<Item>, dx: Pt, dy: Pt) -> impl Iterator<Item = Item> {
    items.into_iter().map(move |i| match i {
        Item::Text(mut t) => {
            t.x = t.x + dx;
            t.baseline = t.baseline + dy;
            Item::Text(t)
        }
        Item::Line { x1, y1, x2, y2, width } => {
            Item::Line { x1: x1 + dx, y1: y1 + dy, x2: x2 + dx, y2: y2 + dy, width }
        }
        Item::Field(mut f) => {
            f.x = f.x + dx;
            f.y = f.y + dy;
            for t in &mut f.runs {
                t.x = t.x + dx;
                t.baseline = t.baseline + dy;
            }
            Item::Field(f)
        }
    })
}

/// A piece of content that is never split across pages: a line of a paragraph, a table row, a
/// block kept whole. Items are relative to its top-left at (text left, 0).
#[derive(Debug, Clone, Default)]
struct Unit {
    height: Pt,
    /// Spacing before; dropped when the unit starts a page.
    before: Pt,
    items: Vec<Item>,
    /// Must be on the same page as the next unit.
    keep_next: bool,
    /// A table's header row, drawn first when this unit starts a page.
    repeat: Option<usize>,
    /// Starts a new page, numbered from 1 (an appendix).
    new_section: bool,
    /// Starts a new page of this orientation (true: landscape), the numbering continuing.
    turn: Option<bool>,
    /// Set instead of `items` for a block of columns that may be split across pages (a table
    /// row, the header or signature block taller than a page, or one the DOCX lets split: see
    /// [`crate::doc::fit`]); drawn, whole or in parts, when placed.
    columns: Option<Box<Columns>>,
}

/// Columns of lines side by side (a table row's cells, the two sides of the header block or
/// the signature block), each line with its height and its items relative to the line's top.
#[derive(Debug, Clone, Default)]
struct Columns {
    cols: Vec<std::collections::VecDeque<(Pt, Vec<Item>)>>,
    /// Room above and below the lines (cell padding, half the border).
    pad_top: Pt,
    pad_bottom: Pt,
    /// The column widths, when each part is drawn with borders (a table row).
    borders: Option<Vec<Pt>>,
}

impl Columns {
    /// The height of the whole block.
    fn height(&self) -> Pt {
        let tallest = self.cols.iter().map(|c| c.iter().fold(Pt(0.0), |h, (lh, _)| h + *lh)).fold(Pt(0.0), Pt::max);
        self.pad_top + tallest + self.pad_bottom
    }

    fn is_empty(&self) -> bool {
        self.cols.iter().all(|c| c.is_empty())
    }

    /// The next part, at most `room` high: as many lines of each column as fit (at least one of
    /// each when `force`, at the top of a page); `None` when no line fits.
    fn take(&mut self, room: Pt, force: bool) -> Option<(Pt, Vec<Item>)> {
        let inner_room = room - self.pad_top - self.pad_bottom;
        let fits = |y: Pt, lh: Pt| (y + lh).0 <= inner_room.0 + 0.01 || (force && y.0 == 0.0);
        if !self.cols.iter().any(|c| c.front().is_some_and(|(lh, _)| fits(Pt(0.0), *lh))) {
            return None;
        }
        let mut content = Vec::new();
        let mut inner = Pt(0.0);
        for col in &mut self.cols {
            let mut y = Pt(0.0);
            while col.front().is_some_and(|(lh, _)| fits(y, *lh)) {
                let Some((lh, items)) = col.pop_front() else { break };
                content.extend(shift(items, Pt(0.0), self.pad_top + y));
                y = y + lh;
            }
            inner = inner.max(y);
        }
        let height = self.pad_top + inner + self.pad_bottom;
        let mut items = Vec::new();
        if let Some(widths) = &self.borders {
            // top, bottom and every vertical border
            let border = p::TABLE_BORDER;
            let right = widths.iter().fold(Pt(0.0), |x, w| x + *w);
            items.push(Item::Line { x1: Pt(0.0), y1: Pt(0.0), x2: right, y2: Pt(0.0), width: border });
            items.push(Item::Line { x1: Pt(0.0), y1: height, x2: right, y2: height, width: border });
            let mut vx = Pt(0.0);
            for w in std::iter::once(Pt(0.0)).chain(widths.iter().copied()) {
                vx = vx + w;
                items.push(Item::Line { x1: vx, y1: Pt(0.0), x2: vx, y2: height, width: border });
            }
        }
        items.extend(content);
        Some((height, items))
    }
}

struct Builder<'a> {
    m: &'a dyn Metrics,
    /// The bundled fonts: the rules' lengths, and which rows may split ([`crate::doc::fit`]), as the
    /// DOCX decides them.
    fonts: &'a crate::font::Fonts,
    /// The geometry of the page being laid out (a landscape part's after `Block::Orientation`).
    g: Geometry,
    /// The document's portrait page.
    portrait: Geometry,
    /// Units made and not yet handed to the pager.
    units: Vec<Unit>,
    /// Table header rows, by id ([`Unit::repeat`]).
    headers: Vec<Unit>,
    /// Where units go after each block (none in unit tests, which paginate `units` themselves).
    pager: Option<Pager<'a>>,
}

fn body_style(kind: ParagraphKind) -> ParaStyle {
    ParaStyle {
        size: p::SIZE_BODY,
        bold: false,
        italic: false,
        align: if kind == ParagraphKind::Centered { Align::Center } else { Align::Left },
        justify: kind != ParagraphKind::Centered,
        first_indent: if kind == ParagraphKind::Centered { Pt(0.0) } else { tw(p::FIRST_LINE_INDENT) },
        hanging: Pt(0.0),
        before: tw(p::PARAGRAPH_BEFORE),
    }
}

fn centred(size: Pt, bold: bool, italic: bool, before: Pt) -> ParaStyle {
    ParaStyle {
        size,
        bold,
        italic,
        align: Align::Center,
        justify: false,
        first_indent: Pt(0.0),
        hanging: Pt(0.0),
        before: tw(before),
    }
}

impl Builder<'_> {
    /// The width a body paragraph's words are measured against
    /// ([`crate::doc::fit::running_breaks`]): the text width less the first-line indent, in
    /// whole twips as the DOCX's.
    fn running(&self) -> Pt {
        twip(self.g.text_width.twips() - p::FIRST_LINE_INDENT.twips())
    }

    /// A paragraph of the flow: one unit a line, with widow and orphan control (two lines).
    fn flow_paragraph(&mut self, inlines: &[Inline], st: ParaStyle, keep_next: bool) {
        let lines = paragraph(inlines, st, Pt(0.0), self.g.text_width, self.m);
        let n = lines.len();
        for (i, (h, items)) in lines.into_iter().enumerate() {
            // orphan control: the first line stays with the second; widow control: the last
            // line stays with the one before it.
            let keep = (n >= 2 && (i == 0 || i + 2 == n)) || (i + 1 == n && keep_next);
            self.units.push(Unit {
                height: h,
                before: if i == 0 { st.before } else { Pt(0.0) },
                items,
                keep_next: keep,
                ..Unit::default()
            });
        }
    }

    /// An empty paragraph carrying a rule (a top border) `length` long, centred in `width` at `x`,
    /// [`p::RULE_GAP`] below the text above it (its spacing before, above the border).
    fn rule_paragraph(&self, x: Pt, width: Pt, length: Pt) -> (Vec<Item>, Pt) {
        let side = tw((width - length) / 2.0).max(Pt(0.0));
        let gap = tw(p::RULE_GAP);
        let h = gap + p::RULE_LINE_SIZE * (self.m.ascent() + self.m.descent() + self.m.line_gap()) + p::RULE_WIDTH;
        let y = gap + p::RULE_WIDTH / 2.0;
        (vec![Item::Line { x1: x + side, y1: y, x2: x + width - side, y2: y, width: p::RULE_WIDTH }], h)
    }

    /// Ô 1–4: two borderless columns, 40 % | 60 %, in two rows (the agencies and the quốc hiệu,
    /// then the number and the place and date), as the DOCX's table has them.
    fn header_block(&mut self, doc: &Document) {
        let h = &doc.header;
        let fonts = self.fonts;
        let total = self.g.text_width.twips();
        let left_tw = (total as f32 * p::HEADER_LEFT_SHARE).round() as i32;
        let (lw, rw) = (twip(left_tw), twip(total - left_tw));
        let plain = |s: &str| vec![Inline::plain(s)];
        let mut estimate = crate::doc::fit::RowHeight::default();
        let mut left = Vec::new();
        // the agency names' lines are chosen in the document model (doc::breaks)
        if let Some(parent) = &h.parent {
            left.push((crate::doc::lines(parent), centred(h.parent_size, false, false, Pt(0.0))));
        }
        left.push((crate::doc::lines(&h.issuer), centred(h.issuer_size, true, false, Pt(0.0))));
        for (inlines, st) in &left {
            estimate.paragraph(inlines, st.size, st.bold, lw, fonts);
        }
        let mut lc = self.lines(&left, Pt(0.0), lw);
        let (rule, rh) = self.rule_paragraph(Pt(0.0), lw, rules::issuer(h, fonts, lw));
        lc.push_back((rh, rule));
        let right = vec![
            (plain(&h.national_name), centred(p::SIZE_NATIONAL_NAME, true, false, Pt(0.0))),
            (plain(&h.motto), centred(p::SIZE_MOTTO, true, false, Pt(0.0))),
        ];
        estimate.cell();
        for (inlines, st) in &right {
            estimate.paragraph(inlines, st.size, st.bold, rw, fonts);
        }
        let mut rc = self.lines(&right, lw, rw);
        let (rule, rh) = self.rule_paragraph(lw, rw, rules::motto(h, fonts));
        rc.push_back((rh, rule));
        let top = Columns { cols: vec![lc, rc], ..Columns::default() };
        let mut top = self.columns_unit(top, estimate.may_outgrow_page(), None);
        top.keep_next = true;
        self.units.push(top);

        let number = [(plain(&h.number), centred(p::SIZE_NUMBER, false, false, p::PARAGRAPH_BEFORE))];
        // a công văn's trích yếu under its number (ô 5b), its lines chosen in the document model
        let letter = h
            .subject
            .as_deref()
            .map(|s| (crate::doc::lines(s), centred(p::SIZE_LETTER_SUBJECT, false, false, Pt(0.0))));
        let date = [(crate::doc::lines(&h.place_date), centred(h.place_date_size, false, true, p::PARAGRAPH_BEFORE))];
        let mut estimate = crate::doc::fit::RowHeight::default();
        estimate.text(&h.number, p::SIZE_NUMBER, false, lw, fonts);
        estimate.cell();
        estimate.text(&h.place_date, h.place_date_size, false, rw, fonts);
        if let Some((inlines, st)) = &letter {
            estimate.paragraph(inlines, st.size, st.bold, lw, fonts);
        }
        let mut number = self.lines(&number, Pt(0.0), lw);
        let mut date = self.lines(&date, lw, rw);
        // a draft's blanks are form fields, filled when the document is issued
        if doc.blanks.number {
            number = into_field(number, FieldKind::Number, Pt(0.0), lw);
        }
        if let Some(l) = letter {
            number.extend(self.lines(&[l], Pt(0.0), lw));
        }
        if doc.blanks.date {
            date = into_field(date, FieldKind::Date, lw, rw);
        }
        let bottom = Columns { cols: vec![number, date], ..Columns::default() };
        let bottom = self.columns_unit(bottom, estimate.may_outgrow_page(), None);
        self.units.push(bottom);
    }

    /// Ô 5a and 9a.
    fn title(&mut self, doc: &Document) {
        let fonts = self.fonts;
        let w = self.g.text_width;
        // a công văn has no title: its trích yếu is under its number (ô 5b)
        if !doc.title.kind.is_empty() {
            self.title_lines(doc, fonts, w);
        }
        self.addressees(doc);
    }

    /// Ô 5a: tên loại, trích yếu and the rule under them.
    fn title_lines(&mut self, doc: &Document, fonts: &crate::font::Fonts, w: Pt) {
        self.flow_paragraph(
            &[Inline::plain(&doc.title.kind)],
            centred(p::SIZE_TITLE, true, false, p::TITLE_BEFORE),
            false,
        );
        self.flow_paragraph(&doc.title.subject, centred(p::SIZE_TITLE, true, false, Pt(0.0)), false);
        let (items, h) = self.rule_paragraph(Pt(0.0), w, rules::subject(&doc.title, fonts, w));
        self.units.push(Unit { height: h, items, ..Unit::default() });
    }

    /// Ô 9a: Kính gửi, its lines chosen in the document model, each paragraph's block centred,
    /// its lines after the first past its lead.
    fn addressees(&mut self, doc: &Document) {
        for (i, a) in doc.addressees.iter().enumerate() {
            let st = ParaStyle {
                size: p::SIZE_BODY,
                bold: false,
                italic: false,
                align: Align::Left,
                justify: false,
                first_indent: twip(a.indent),
                hanging: twip(a.indent + a.hang),
                before: if i == 0 { tw(p::BLOCK_BEFORE) } else { Pt(0.0) },
            };
            self.flow_paragraph(&crate::doc::lines(&a.lines.join("\n")), st, false);
        }
    }

    /// Hands the units made so far to the pager: a long document's lines are placed on pages as
    /// they are made, never all held at once.
    fn drain(&mut self) {
        if let Some(pager) = &mut self.pager {
            for u in self.units.drain(..) {
                pager.push(u, &self.headers);
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block], keep_last: bool) -> Result<(), DocError> {
        let n = blocks.len();
        for (i, b) in blocks.iter().enumerate() {
            let next = blocks.get(i + 1);
            self.block(b, (keep_last && i + 1 == n) || crate::doc::introduces(b, next), next)?;
            // 6 pt between a heading or a paragraph and the table under it: the paragraph's
            // spacing after, on its last line (as the DOCX has it)
            let text = matches!(b, Block::Heading { .. } | Block::Paragraph { .. });
            if text && matches!(blocks.get(i + 1), Some(Block::Table(_))) {
                if let Some(u) = self.units.last_mut() {
                    u.height = u.height + tw(p::TABLE_BEFORE);
                }
            }
        }
        Ok(())
    }

    /// One body block; `last`: a paragraph stays with what follows.
    fn block(&mut self, b: &Block, last: bool, next: Option<&Block>) -> Result<(), DocError> {
        self.drain();
        match b {
            Block::Heading { level, inlines } => {
                let mut st = body_style(ParagraphKind::Body);
                st.bold = true;
                st.justify = true;
                match level {
                    HeadingLevel::Section => st.first_indent = Pt(0.0),
                    HeadingLevel::Sub => {}
                    HeadingLevel::Point => st.italic = true,
                }
                let inlines = crate::doc::fit::running_breaks(inlines, self.running(), true, self.fonts);
                self.flow_paragraph(&inlines, st, true);
            }
            Block::Paragraph { kind, inlines } => {
                let mut st = body_style(*kind);
                if *kind == ParagraphKind::SubItem {
                    st.hanging = st.first_indent + rules::item_hanging(inlines, self.fonts);
                }
                let inlines = crate::doc::fit::running_breaks(inlines, self.running(), false, self.fonts);
                self.flow_paragraph(&inlines, st, last)
            }
            Block::Table(t) => self.table(t)?,
            Block::Items(items) => {
                // an item's block is laid out once the next is known (it may introduce it), as the
                // same blocks given whole are
                let mut pending: Option<Block> = None;
                items.each(|b| {
                    if let Some(p) = pending.take() {
                        self.block(&p, crate::doc::introduces(&p, Some(&b)), Some(&b))?;
                    }
                    pending = Some(b);
                    Ok::<(), DocError>(())
                })?;
                if let Some(p) = pending {
                    self.block(&p, crate::doc::introduces(&p, next), next)?;
                }
            }
            Block::Orientation { landscape } => {
                // what follows is laid out at the turned page's width and starts its page
                self.g = self.portrait.oriented(*landscape);
                self.units.push(Unit { turn: Some(*landscape), ..Unit::default() });
            }
        }
        Ok(())
    }

    /// A cell's paragraph style in a body table.
    fn cell_style(align: Align, bold: bool) -> ParaStyle {
        ParaStyle {
            size: p::SIZE_TABLE,
            bold,
            italic: false,
            align,
            justify: false,
            first_indent: Pt(0.0),
            hanging: Pt(0.0),
            before: Pt(0.0),
        }
    }

    /// A column's lines: each paragraph's spacing before as a line of its own, then its lines.
    fn lines<I: std::ops::Deref<Target = [Inline]>>(
        &self,
        paras: &[(I, ParaStyle)],
        x: Pt,
        width: Pt,
    ) -> std::collections::VecDeque<(Pt, Vec<Item>)> {
        let mut out = std::collections::VecDeque::new();
        for (inlines, st) in paras {
            if st.before.0 > 0.0 {
                out.push_back((st.before, Vec::new()));
            }
            out.extend(paragraph(inlines, *st, x, width, self.m));
        }
        out
    }

    /// A block of columns as a unit: drawn now when it is kept whole, else kept as columns to be
    /// split where the page ends (`splittable`, or taller than a page below `repeat`'s header).
    fn columns_unit(&self, mut cols: Columns, splittable: bool, repeat: Option<usize>) -> Unit {
        let height = cols.height();
        let header = repeat.map_or(Pt(0.0), |h| self.headers[h].height);
        if splittable || (height + header).0 > self.g.body_height().0 + 0.01 {
            return Unit { height, repeat, columns: Some(Box::new(cols)), ..Unit::default() };
        }
        let (_, items) = cols.take(height + Pt(1.0), true).unwrap_or_default();
        Unit { height, items, repeat, ..Unit::default() }
    }

    /// One table row: cells side by side, borders around them.
    fn row(&self, cells: &[Cell], widths: &[Pt], styles: &[ParaStyle], repeat: Option<usize>) -> Unit {
        let pad_x = tw(p::TABLE_CELL_PADDING_X);
        let pad_y = tw(p::TABLE_CELL_PADDING_Y);
        let border = p::TABLE_BORDER;
        let mut x = Pt(0.0);
        let mut cols = Vec::with_capacity(cells.len());
        let mut estimate = crate::doc::fit::RowHeight::default();
        for ((cell, w), st) in cells.iter().zip(widths).zip(styles) {
            // a word that fits is never broken, a longer one only after . / - : (doc::fit)
            let inlines = crate::doc::fit::cell_breaks(&cell.inlines, *w - pad_x * 2.0, st.bold, self.fonts);
            cols.push(self.lines(&[(inlines, *st)], x + pad_x, *w - pad_x * 2.0));
            estimate.cell();
            estimate.paragraph(&cell.inlines, st.size, st.bold, *w - pad_x * 2.0, self.fonts);
            x = x + *w;
        }
        let cols = Columns {
            cols,
            pad_top: border / 2.0 + pad_y,
            pad_bottom: pad_y + border / 2.0,
            borders: Some(widths.to_vec()),
        };
        // a header row is repeated whole; a body row as the DOCX says (doc::fit)
        let splittable = repeat.is_some() && estimate.may_outgrow_page();
        self.columns_unit(cols, splittable, repeat)
    }

    fn table(&mut self, t: &Table) -> Result<(), DocError> {
        let total = self.g.text_width.twips();
        let widths: Vec<Pt> = t.column_twips(total).into_iter().map(twip).collect();
        let head_styles: Vec<ParaStyle> = t.columns.iter().map(|_| Self::cell_style(Align::Center, true)).collect();
        let body_styles: Vec<ParaStyle> = t.columns.iter().map(|c| Self::cell_style(c.align, false)).collect();
        let mut header = self.row(&t.header, &widths, &head_styles, None);
        header.keep_next = true;
        self.headers.push(header.clone());
        let header_id = self.headers.len() - 1;
        self.units.push(header);
        t.each_row(|r| -> Result<(), DocError> {
            // each row placed as it is made: a table of thousands of rows is never held
            self.drain();
            let u = self.row(r, &widths, &body_styles, Some(header_id));
            self.units.push(u);
            Ok(())
        })
    }

    /// Ô 7 and 9b: one unsplittable block.
    fn signature(&mut self, doc: &Document) {
        let s = &doc.signature;
        let total = self.g.text_width.twips();
        let left_tw = (total as f32 * p::SIGNATURE_LEFT_SHARE).round() as i32;
        let (lw, rw) = (twip(left_tw), twip(total - left_tw));
        let left_st = |size, bold, italic, before| ParaStyle {
            size,
            bold,
            italic,
            align: Align::Left,
            justify: false,
            first_indent: Pt(0.0),
            hanging: Pt(0.0),
            before: tw(before),
        };
        let mut left = vec![(
            vec![Inline::plain(&s.recipients_label)],
            left_st(p::SIZE_RECIPIENTS_LABEL, true, true, p::BLOCK_BEFORE),
        )];
        // a wrapped recipient continues past its `- ` (format.md)
        let hang = rules::recipient_hanging(self.fonts);
        for r in &s.recipients {
            let st = ParaStyle { hanging: hang, ..left_st(p::SIZE_RECIPIENTS, false, false, Pt(0.0)) };
            left.push((vec![Inline::plain(r)], st));
        }
        let mut estimate = crate::doc::fit::RowHeight::default();
        for (inlines, st) in &left {
            estimate.paragraph(inlines, st.size, st.bold, lw, self.fonts);
        }
        let lc = self.lines(&left, Pt(0.0), lw);
        let mut right: Vec<_> = s
            .authority
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let before = if i == 0 { p::BLOCK_BEFORE } else { Pt(0.0) };
                (vec![Inline::plain(a)], centred(p::SIZE_SIGNATURE, true, false, before))
            })
            .collect();
        estimate.cell();
        for (inlines, st) in &right {
            estimate.paragraph(inlines, st.size, st.bold, rw, self.fonts);
        }
        let mut rc = self.lines(&right, lw, rw);
        // Ô 7c: the room for the signature and the seal, marked for `baocao sign`
        let space = tw(p::SIGNATURE_SPACE);
        let field = Field { kind: FieldKind::Signature, x: lw, y: Pt(0.0), width: rw, height: space, runs: Vec::new() };
        rc.push_back((space, vec![Item::Field(field)]));
        right = vec![(vec![Inline::plain(&s.name)], centred(p::SIZE_SIGNATURE, true, false, Pt(0.0)))];
        estimate.text(&s.name, p::SIZE_SIGNATURE, true, rw, self.fonts);
        rc.extend(self.lines(&right, lw, rw));
        let block = Columns { cols: vec![lc, rc], ..Columns::default() };
        let block = self.columns_unit(block, estimate.may_outgrow_page(), None);
        self.units.push(block);
        // the tiny paragraph that closes the section after the table (see render::docx)
        self.units.push(Unit { height: tw(p::CLOSING_LINE_SIZE), ..Unit::default() });
    }

    fn appendix(&mut self, i: usize, a: &crate::doc::Appendix, blanks: crate::doc::Blanks) -> Result<(), DocError> {
        let first = self.units.len();
        self.flow_paragraph(&[Inline::plain(&a.label)], centred(p::SIZE_BODY, true, false, Pt(0.0)), false);
        self.units[first].new_section = true;
        // their lines chosen in the document model (doc::breaks)
        self.flow_paragraph(&crate::doc::lines(&a.title), centred(p::SIZE_BODY, true, false, Pt(0.0)), false);
        let reference = (crate::doc::lines(&a.reference), centred(p::SIZE_BODY, false, true, Pt(0.0)));
        if blanks.any() {
            // a draft's reference is a form field, filled when the document is issued: one unit
            let lines = self.lines(std::slice::from_ref(&reference), Pt(0.0), self.g.text_width);
            let field = into_field(lines, FieldKind::Reference(i), Pt(0.0), self.g.text_width);
            for (height, items) in field {
                self.units.push(Unit { height, items, ..Unit::default() });
            }
        } else {
            self.flow_paragraph(&reference.0, reference.1, false);
        }
        // its space after (before the table)
        self.units.push(Unit { height: tw(p::BLOCK_BEFORE), ..Unit::default() });
        self.blocks(&a.body, false)?;
        self.units.push(Unit { height: tw(p::CLOSING_LINE_SIZE), ..Unit::default() });
        Ok(())
    }
}

/// Places units on pages as they come. The chain of units that must share a page is held until
/// it ends; a page goes to the sink as soon as the next one starts.
struct Pager<'a> {
    /// The page being filled's geometry.
    g: Geometry,
    /// The document's portrait page (a landscape page is its turn).
    portrait: Geometry,
    sink: &'a mut dyn FnMut(Page),
    page: Page,
    number: u32,
    /// From the top of the body area.
    y: Pt,
    /// Units placed so far.
    placed: usize,
    chain: Vec<Unit>,
}

impl<'a> Pager<'a> {
    fn new(g: Geometry, sink: &'a mut dyn FnMut(Page)) -> Pager<'a> {
        Pager { g, portrait: g, sink, page: Page::default(), number: 1, y: Pt(0.0), placed: 0, chain: Vec::new() }
    }

    /// The next unit: it joins the chain when the last unit must share its page, otherwise the
    /// chain is placed and it starts the next.
    fn push(&mut self, u: Unit, headers: &[Unit]) {
        if self.chain.last().is_some_and(|last| !last.keep_next || u.new_section || u.turn.is_some()) {
            let chain = std::mem::take(&mut self.chain);
            self.place(chain, headers);
        }
        self.chain.push(u);
    }

    /// Places what is left and hands over the last page.
    fn finish(mut self, headers: &[Unit]) {
        let chain = std::mem::take(&mut self.chain);
        if !chain.is_empty() {
            self.place(chain, headers);
        }
        (self.sink)(std::mem::take(&mut self.page));
    }

    fn next_page(&mut self, number: Option<u32>) {
        let landscape = self.page.landscape;
        let done = std::mem::replace(&mut self.page, Page { items: Vec::new(), number, landscape });
        (self.sink)(done);
        self.y = Pt(0.0);
    }

    /// Places a chain: on this page when it fits, else on the next; unit by unit when it is
    /// taller than a page.
    fn place(&mut self, mut chain: Vec<Unit>, headers: &[Unit]) {
        if let Some(landscape) = chain[0].turn {
            if self.placed > 0 {
                self.number += 1;
                self.next_page(Some(self.number));
            }
            self.g = self.portrait.oriented(landscape);
            self.page.landscape = landscape;
        }
        let g = self.g;
        let avail = g.body_height();
        let eps = 0.01;
        if chain[0].new_section && self.placed > 0 {
            self.next_page(None);
            self.number = 1;
        }
        let chain_height = |at_top: bool| -> Pt {
            let mut h = Pt(0.0);
            for (k, u) in chain.iter().enumerate() {
                if !(k == 0 && at_top) {
                    h = h + u.before;
                }
                h = h + u.height;
            }
            if at_top {
                if let Some(hid) = chain[0].repeat {
                    h = h + headers[hid].height;
                }
            }
            h
        };
        let fits_here = (self.y + chain_height(self.y.0 == 0.0)).0 <= avail.0 + eps;
        if !fits_here && self.y.0 > 0.0 && chain_height(true).0 <= avail.0 + eps {
            self.number += 1;
            self.next_page(Some(self.number));
        }
        for u in &mut chain {
            let k = self.placed;
            self.placed += 1;
            if let Some(cols) = u.columns.take() {
                self.place_columns(*cols, u, k, headers);
                continue;
            }
            let at_top = self.y.0 == 0.0;
            let before = if at_top { Pt(0.0) } else { u.before };
            if !at_top && (self.y + before + u.height).0 > avail.0 + eps {
                self.number += 1;
                self.next_page(Some(self.number));
            }
            if self.y.0 == 0.0 && k > 0 && !u.new_section {
                if let Some(hid) = u.repeat {
                    let h = &headers[hid];
                    self.page.items.extend(shift(h.items.clone(), g.left, g.top));
                    self.y = self.y + h.height;
                }
            }
            let before = if self.y.0 == 0.0 { Pt(0.0) } else { u.before };
            self.y = self.y + before;
            // moved, not copied: a unit is placed once
            self.page.items.extend(shift(std::mem::take(&mut u.items), g.left, g.top + self.y));
            self.y = self.y + u.height;
        }
    }
}

impl Pager<'_> {
    /// Places a block of columns that may split: on this page as far as it goes (whole when it
    /// fits), the rest on the next pages, below the table's header row repeated; nothing runs past
    /// the margin.
    fn place_columns(&mut self, mut cols: Columns, u: &Unit, k: usize, headers: &[Unit]) {
        let g = self.g;
        let avail = g.body_height();
        let mut first = true;
        loop {
            let fresh = self.y.0 == 0.0;
            if fresh && (k > 0 || !first) && !u.new_section {
                if let Some(hid) = u.repeat {
                    let h = &headers[hid];
                    self.page.items.extend(shift(h.items.clone(), g.left, g.top));
                    self.y = self.y + h.height;
                }
            }
            let before = if fresh || !first { Pt(0.0) } else { u.before };
            match cols.take(avail - self.y - before, fresh) {
                Some((height, items)) => {
                    self.y = self.y + before;
                    self.page.items.extend(shift(items, g.left, g.top + self.y));
                    self.y = self.y + height;
                    first = false;
                    if cols.is_empty() {
                        return;
                    }
                }
                // not a line fits below what is on this page
                None if !fresh => {}
                None => return,
            }
            self.number += 1;
            self.next_page(Some(self.number));
        }
    }
}

/// Places units on pages (for unit tests: the units made by hand).
#[cfg(test)]
fn paginate(units: Vec<Unit>, headers: &[Unit], g: &Geometry) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut sink = |p: Page| pages.push(p);
    let mut pager = Pager::new(*g, &mut sink);
    for u in units {
        pager.push(u, headers);
    }
    pager.finish(headers);
    pages
}

/// The bundled fonts measure the layout's text.
impl Metrics for crate::font::Fonts {
    fn advance(&self, style: Style, c: char) -> f32 {
        self.face(style).advance(c, Pt(1.0)).0
    }
    fn ascent(&self) -> f32 {
        self.face(Style::Regular).vertical().0
    }
    fn descent(&self) -> f32 {
        self.face(Style::Regular).vertical().1
    }
    fn line_gap(&self) -> f32 {
        self.face(Style::Regular).vertical().2
    }
}

/// Lays out `doc` on Decree 30 pages. Fails only when a list made as it is read (a consolidated
/// report's, [`Block::Items`]) fails.
pub fn layout(doc: &Document, fonts: &crate::font::Fonts) -> Result<Vec<Page>, DocError> {
    layout_with(doc, fonts, fonts, Geometry::decree30())
}

/// Lays out `doc` on Decree 30 pages, handing each page to `sink` as soon as it is complete (in
/// order): a long document is never held as pages all at once.
pub fn layout_each(doc: &Document, fonts: &crate::font::Fonts, sink: &mut dyn FnMut(Page)) -> Result<(), DocError> {
    layout_each_with(doc, fonts, fonts, Geometry::decree30(), sink)
}

/// Lays out `doc` with these metrics and geometry (`fonts` only sizes the rules).
pub fn layout_with(
    doc: &Document,
    m: &dyn Metrics,
    fonts: &crate::font::Fonts,
    g: Geometry,
) -> Result<Vec<Page>, DocError> {
    let mut pages = Vec::new();
    layout_each_with(doc, m, fonts, g, &mut |p| pages.push(p))?;
    Ok(pages)
}

/// [`layout_each`] with these metrics and geometry.
pub fn layout_each_with(
    doc: &Document,
    m: &dyn Metrics,
    fonts: &crate::font::Fonts,
    g: Geometry,
    sink: &mut dyn FnMut(Page),
) -> Result<(), DocError> {
    // NĐ 30 §I.7: the page number, Arabic, centred in the top margin, from the second page.
    let st = centred(p::SIZE_PAGE_NUMBER, false, false, Pt(0.0));
    let mut numbered = |mut page: Page| {
        if let Some(n) = page.number {
            let pg = g.oriented(page.landscape);
            let lines = paragraph(&[Inline::plain(n.to_string())], st, pg.left, pg.text_width, m);
            let items: Vec<Item> = lines.into_iter().flat_map(|(_, items)| items).collect();
            let items: Vec<Item> = shift(items, Pt(0.0), g.header).collect();
            page.items.splice(0..0, items);
        }
        sink(page);
    };
    let mut b = Builder {
        m,
        fonts,
        g,
        portrait: g,
        units: Vec::new(),
        headers: Vec::new(),
        pager: Some(Pager::new(g, &mut numbered)),
    };
    b.header_block(doc);
    b.title(doc);
    b.blocks(&doc.body, true)?;
    b.signature(doc);
    for (i, a) in doc.appendices.iter().enumerate() {
        b.appendix(i, a, doc.blanks)?;
    }
    b.drain();
    let Builder { headers, pager, .. } = b;
    if let Some(pager) = pager {
        pager.finish(&headers);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
