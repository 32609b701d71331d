//! Model + rendered wording → [`Document`]: the Decree 30 parts by code, the body from Markdown.

use pulldown_cmark::{Alignment, Event, HeadingLevel as MdLevel, Options, Parser, Tag, TagEnd};

use super::*;
use crate::messages::tr;
use crate::model;
use crate::template::{ItemSources, Rendered, LINE_SEPARATOR};
use crate::vn;

/// The template's Markdown cannot become a document.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// It uses something a Decree 30 document cannot show.
    #[error("{message}")]
    Markdown {
        /// What, and where (the text near it).
        message: String,
    },
    /// An item of a per-unit list (read as the document is drawn) could not be made.
    #[error(transparent)]
    Items(#[from] crate::template::ItemError),
}

fn err(message: impl Into<String>) -> DocError {
    DocError::Markdown { message: tr!("template output: {message}", message = message.into()) }
}

/// Marks, in the Markdown handed to the parser, a table row that stands for `<!-- each: NAME -->`.
const EACH_ROW: char = '\u{E000}';

/// `<!-- each: NAME -->` → `NAME`.
fn each_directive(html: &str) -> Option<&str> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    Some(inner.strip_prefix("each:")?.trim())
}

/// A directive line inside a table (after a row) becomes a marker row, since an HTML line
/// would end the table.
fn mark_table_directives(md: &str) -> std::borrow::Cow<'_, str> {
    if !md.contains("<!-- each:") {
        return md.into();
    }
    let mut out = String::with_capacity(md.len());
    let mut previous = "";
    for line in md.split_inclusive('\n') {
        match each_directive(line) {
            Some(name) if previous.trim_start().starts_with('|') => {
                out.push_str(&format!("|{EACH_ROW}{name}|\n"));
            }
            _ => out.push_str(line),
        }
        previous = line;
    }
    out.into()
}

/// One item of `<!-- each: … -->` among blocks → its blocks.
fn item_blocks(md: &str, _columns: usize) -> Result<Vec<Block>, DocError> {
    match parse_body(md, &ItemSources::default())? {
        (blocks, appendices) if appendices.is_empty() => Ok(blocks),
        _ => Err(err(tr!("an item of <!-- each: … --> cannot start an appendix: {md}", md = format!("{md:?}")))),
    }
}

/// One item of `<!-- each: … -->` in a table → its rows (each padded or cut to `columns` cells,
/// as Markdown does).
fn item_rows(md: &str, columns: usize) -> Result<Vec<Vec<Cell>>, DocError> {
    // the rows only: the widths are the table's, not measured for each item's rows
    let mut table = format!("<!-- widths: {} -->\n", "1 ".repeat(columns));
    table.push_str(&"| a ".repeat(columns));
    table.push_str("|\n");
    table.push_str(&"-|".repeat(columns));
    table.push('\n');
    table.push_str(md);
    match parse_body(&table, &ItemSources::default())?.0.as_mut_slice() {
        [Block::Table(t)] if t.streamed.is_none() => Ok(std::mem::take(&mut t.rows)),
        _ => Err(err(tr!("an item of <!-- each: … --> in a table must be table rows: {md}", md = format!("{md:?}")))),
    }
}

/// An agency name of the header block (ô 2) in upper case, its lines chosen ([`super::breaks`])
/// for the left column less the gap to the right column on either side: the lines joined by line
/// feeds, and their size.
pub fn agency_lines(name: &str, bold: bool, fonts: &crate::font::Fonts) -> (String, crate::profile::Pt) {
    use crate::profile::{self as p, Pt};
    let width = agency_width(fonts);
    let face = fonts.face(crate::font::Style::of(bold, false));
    let chosen = super::breaks::agency(&vn::upper(name), width.0, p::SIZES_AGENCY, &|s| face.width(s, Pt(1.0)).0);
    (chosen.lines.join("\n"), chosen.size)
}

/// How wide an agency name's lines may be (ô 2): its column, less what keeps a centred line
/// [`crate::profile::HEADER_COLUMN_GAP`] from the right column's text beside it (the quốc hiệu,
/// centred in its own column, the widest there).
pub fn agency_width(fonts: &crate::font::Fonts) -> crate::profile::Pt {
    use crate::profile::{self as p, Pt};
    let [left, right] = p::columns_twips(p::HEADER_LEFT_SHARE);
    let column = |tw: i32| Pt(tw as f32 / 20.0) - p::LAYOUT_CELL_PADDING * 2.0;
    let national = fonts.face(crate::font::Style::Bold).width(NATIONAL_NAME, p::SIZE_NATIONAL_NAME);
    // the room the quốc hiệu leaves on its left, padding included
    let beside = (column(right) - national) / 2.0 + p::LAYOUT_CELL_PADDING * 2.0;
    column(left) - (p::HEADER_COLUMN_GAP - beside).max(Pt(0.0)) * 2.0
}

/// The date line (ô 4) in the right column: one line at 14 pt, or at 13 pt, else broken; no
/// wider than keeps it [`crate::profile::HEADER_COLUMN_GAP`] from the number (ô 3) on its line,
/// and [`crate::profile::FIT_MARGIN`] short of its box (a reader measuring a little wider than we
/// do would wrap a line that fills its box to the point).
fn place_date_lines(text: &str, number: &str, fonts: &crate::font::Fonts) -> (String, crate::profile::Pt) {
    use crate::profile::{self as p, Pt};
    let [left, right] = p::columns_twips(p::HEADER_LEFT_SHARE);
    let column = |tw: i32| Pt(tw as f32 / 20.0) - p::LAYOUT_CELL_PADDING * 2.0;
    let number = fonts.face(crate::font::Style::Regular).width(number, p::SIZE_NUMBER);
    // the room the centred number leaves on its right, padding included
    let beside = (column(left) - number) / 2.0 + p::LAYOUT_CELL_PADDING * 2.0;
    let width = column(right) - (p::HEADER_COLUMN_GAP - beside).max(Pt(0.0)) * 2.0 - p::FIT_MARGIN;
    let face = fonts.face(crate::font::Style::of(false, true));
    let chosen = super::breaks::one_line(text, width.0, p::SIZES_PLACE_DATE, &|s| face.width(s, Pt(1.0)).0);
    (chosen.lines.join("\n"), chosen.size)
}

/// Ô 9a: `Kính gửi: …` as printed: one addressee after the lead on one paragraph, its lines
/// chosen as a title's in the text width less the lead, hanging past the lead; several, `Kính
/// gửi:` alone, then each on its paragraph after `- `, likewise.
fn addressee_lines(names: &[String], fonts: &crate::font::Fonts) -> Vec<Hanging> {
    use crate::profile::{self as p, Pt};
    let total = p::text_width_twips();
    let face = fonts.face(crate::font::Style::Regular);
    let measure = |s: &str| face.width(s, p::SIZE_BODY).0;
    let hanging = |lead: &str, text: &str| {
        let hang = Pt(measure(lead)).twips();
        let width = Pt((total - hang) as f32 / 20.0);
        let mut lines = super::breaks::balanced(text, width.0, &measure);
        if let Some(first) = lines.first_mut() {
            first.insert_str(0, lead);
        }
        // the block's widest line, the lines after the first past the lead
        let widest = lines
            .iter()
            .enumerate()
            .map(|(i, l)| Pt(measure(l)).twips() + if i > 0 { hang } else { 0 })
            .max()
            .unwrap_or(0);
        Hanging { lines, indent: ((total - widest) / 2).max(0), hang }
    };
    match names {
        [one] => vec![hanging("Kính gửi: ", one)],
        many => {
            let mut out = vec![hanging("", "Kính gửi:")];
            for (i, a) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { "." } else { ";" };
                out.push(hanging("- ", &format!("{a}{end}")));
            }
            out
        }
    }
}

/// A centred title (trích yếu, appendix title and reference) in the text width, its lines chosen
/// and balanced ([`super::breaks::balanced`]), joined by line feeds.
fn title_lines(text: &str, size: crate::profile::Pt, bold: bool, italic: bool, fonts: &crate::font::Fonts) -> String {
    use crate::profile::{self as p, Pt};
    let width = Pt(p::text_width_twips() as f32 / 20.0);
    let face = fonts.face(crate::font::Style::of(bold, italic));
    super::breaks::balanced(&text.replace('\n', " "), width.0, &|s| face.width(s, size).0).join("\n")
}

/// A công văn's `V/v` line (ô 5b) broken into balanced lines of the header's left column, as
/// both renderers draw that column (its width less the cell padding).
fn letter_subject_lines(text: &str, fonts: &crate::font::Fonts) -> String {
    use crate::profile::{self as p, Pt};
    let left = (p::text_width_twips() as f32 * p::HEADER_LEFT_SHARE).round();
    let width = Pt(left / 20.0) - p::LAYOUT_CELL_PADDING * 2.0;
    let face = fonts.face(crate::font::Style::of(false, false));
    super::breaks::balanced(&text.replace('\n', " "), width.0, &|s| face.width(s, p::SIZE_LETTER_SUBJECT).0).join("\n")
}

/// An appendix's `(Kèm theo …)` reference broken into its lines (a line feed between them), as the
/// document model breaks it: also how `baocao sign issue` breaks it once numbered and dated.
pub fn reference_lines(text: &str, fonts: &crate::font::Fonts) -> String {
    title_lines(text, crate::profile::SIZE_BODY, false, true, fonts)
}

/// Builds the document for `doc` from its rendered wording; `fonts` measure the header block's
/// agency names, whose line breaks are chosen here.
pub fn build(doc: &model::Document, rendered: &Rendered, fonts: &crate::font::Fonts) -> Result<Document, DocError> {
    build_with(doc, rendered, fonts, true)
}

/// [`build`], with the report's identity (a digest of the whole model, which only a PDF carries)
/// or without it (`identity` false: [`Meta::identity`] left empty, for a DOCX alone).
pub fn build_with(
    doc: &model::Document,
    rendered: &Rendered,
    fonts: &crate::font::Fonts,
    identity: bool,
) -> Result<Document, DocError> {
    // The year of the date line, and the date stamped in the file's properties when the
    // document is undated (never the clock).
    let period = doc.period();
    let dk = doc.kind();
    let (kind, year, stamp) = (dk.title(), period.year(), period.stamp());
    let subject_text = plain_text(&inline_only(&rendered.subject)?);
    // a công văn's trích yếu is its `V/v` line under the number (ô 5b), no title (ô 5a)
    let (subject, letter_subject) = if dk.letter() {
        (Vec::new(), Some(letter_subject_lines(&subject_text, fonts)))
    } else {
        (super::lines(&title_lines(&subject_text, crate::profile::SIZE_TITLE, true, false, fonts)), None)
    };
    let (mut body, appendix_parts) = parse_body(&rendered.body, &rendered.items)?;
    close_body(&mut body);

    let issuer = &doc.issuer;
    let symbol = doc.symbol();
    let labelled = |label: &str| vn::labelled_number(label, doc.number, &symbol);
    let reference = format!(
        "(Kèm theo {} {} của {})",
        labelled(&format!("{} số", dk.type_name())),
        vn::long_date(doc.date, year),
        // the issuer by its full name in running text (reports.md, writing rules)
        issuer.running_name()
    );
    let several = appendix_parts.len() > 1;
    let appendices = appendix_parts
        .into_iter()
        .enumerate()
        .map(|(i, (title, body))| Appendix {
            label: if several { format!("Phụ lục {}", roman(i + 1)) } else { "Phụ lục".to_owned() },
            title: title_lines(&vn::upper(&plain_text(&title)), crate::profile::SIZE_BODY, true, false, fonts),
            reference: reference_lines(&reference, fonts),
            body,
        })
        .collect();

    let mut recipients = vec!["- Như trên;".to_owned()];
    recipients.extend(doc.recipients.iter().map(|r| format!("- {r};")));
    recipients.push(format!("- Lưu: {}.", doc.archive));
    let mut authority: Vec<String> = doc.signer.authority.iter().map(|a| vn::upper(a)).collect();
    if let Some(t) = &doc.signer.title {
        authority.push(vn::upper(t));
    }

    let (parent, parent_size) = match issuer.header_parent.as_deref().map(|n| agency_lines(n, false, fonts)) {
        Some((lines, size)) => (Some(lines), size),
        None => (None, crate::profile::SIZE_AGENCY),
    };
    let (issuer_lines, issuer_size) = agency_lines(&issuer.header_name, true, fonts);
    let number = labelled("Số:");
    let (place_date, place_date_size) =
        place_date_lines(&vn::place_date(&issuer.place, doc.date, year), &number, fonts);

    Ok(Document {
        meta: Meta {
            title: subject_text.replace(['\n', '\u{a0}'], " "),
            subject: labelled(&format!("{} số", dk.type_name())),
            author: issuer.name.clone(),
            identity: if identity { doc.identity() } else { String::new() },
            names: doc.signing_names(),
            date: doc.date.unwrap_or(stamp),
        },
        header: Header {
            parent,
            issuer: issuer_lines,
            parent_size,
            issuer_size,
            number,
            subject: letter_subject,
            national_name: NATIONAL_NAME.to_owned(),
            motto: MOTTO.to_owned(),
            place_date,
            place_date_size,
        },
        title: Title { kind: kind.to_owned(), subject },
        addressees: addressee_lines(std::slice::from_ref(&doc.submit_to.name), fonts),
        body,
        signature: Signature {
            recipients_label: "Nơi nhận:".to_owned(),
            recipients,
            authority,
            name: doc.signer.name.clone(),
        },
        appendices,
        blanks: super::Blanks { number: doc.number.is_none(), date: doc.date.is_none() },
    })
}

fn roman(n: usize) -> String {
    const R: [(usize, &str); 9] =
        [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// NĐ 30, Phụ lục I §I.6: the body ends with `./.`.
fn close_body(body: &mut Vec<Block>) {
    if let Some(Block::Paragraph { inlines, .. }) = body.last_mut() {
        if let Some(Inline::Text(span)) = inlines.last_mut() {
            if !span.text.ends_with("./.") {
                if span.text.ends_with('.') {
                    span.text.push_str("/.");
                } else {
                    span.text.push_str("./.");
                }
            }
            return;
        }
    }
    body.push(Block::Paragraph { kind: ParagraphKind::Body, inlines: vec![Inline::plain("./.")] });
}

/// One line of inline Markdown (the subject) → inlines.
fn inline_only(md: &str) -> Result<Vec<Inline>, DocError> {
    let (blocks, appendices) = parse_body(md, &ItemSources::default())?;
    match (blocks.as_slice(), appendices.is_empty()) {
        ([], true) => Ok(vec![]),
        ([Block::Paragraph { inlines, .. }], true) => Ok(inlines.clone()),
        _ => Err(err(tr!("the subject must be one paragraph of text, found {md}", md = format!("{md:?}")))),
    }
}

/// What the Markdown walker is filling.
struct Walker {
    body: Vec<Block>,
    appendices: Vec<(Vec<Inline>, Vec<Block>)>,
    /// The inlines being collected, for a paragraph, heading or cell.
    inlines: Vec<Inline>,
    bold: usize,
    italic: usize,
    /// The kind of the paragraph being collected, if any.
    paragraph: Option<ParagraphKind>,
    /// Open lists: `None` bulleted, `Some(n)` numbered with the next number.
    lists: Vec<Option<u64>>,
    /// An item's prefix not yet followed by text.
    item_fresh: bool,
    widths: Option<Vec<f32>>,
    table: Option<TableState>,
    /// What follows is set on landscape pages (`<!-- landscape -->`).
    landscape: bool,
}

struct TableState {
    aligns: Vec<Alignment>,
    widths: Option<Vec<f32>>,
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    in_head: bool,
    /// `<!-- each: NAME -->` among the rows: NAME, and how many rows come before.
    each: Option<(String, usize)>,
}

impl Walker {
    fn target(&mut self) -> &mut Vec<Block> {
        match self.appendices.last_mut() {
            Some((_, blocks)) => blocks,
            None => &mut self.body,
        }
    }

    fn push_text(&mut self, text: &str) {
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        for (i, part) in text.split(LINE_SEPARATOR).enumerate() {
            if i > 0 {
                self.inlines.push(Inline::Break);
            }
            if part.is_empty() {
                continue;
            }
            // Markdown escapes arrive as separate events: merge runs of one style.
            if let Some(Inline::Text(last)) = self.inlines.last_mut() {
                if last.bold == bold && last.italic == italic {
                    last.text.push_str(part);
                    continue;
                }
            }
            self.inlines.push(Inline::Text(Span { text: part.to_owned(), bold, italic }));
        }
    }

    fn take_inlines(&mut self) -> Vec<Inline> {
        let mut inlines = std::mem::take(&mut self.inlines);
        // a phone number's groups bound (format.md: tokens are words)
        for i in &mut inlines {
            if let Inline::Text(span) = i {
                if let std::borrow::Cow::Owned(bound) = super::fit::bind_tokens(&span.text) {
                    span.text = bound;
                }
            }
        }
        if let Some(Inline::Text(first)) = inlines.first_mut() {
            first.text = first.text.trim_start().to_owned();
        }
        if let Some(Inline::Text(last)) = inlines.last_mut() {
            last.text = last.text.trim_end().to_owned();
        }
        inlines.retain(|i| !matches!(i, Inline::Text(s) if s.text.is_empty()));
        inlines
    }

    fn flush_paragraph(&mut self) {
        if let Some(kind) = self.paragraph.take() {
            let inlines = self.take_inlines();
            for (kind, inlines) in free_lines(kind, inlines) {
                let has_text = inlines.iter().any(|i| matches!(i, Inline::Text(s) if !s.text.trim().is_empty()));
                if has_text {
                    self.target().push(Block::Paragraph { kind, inlines });
                }
            }
        }
        self.item_fresh = false;
    }

    fn start_item(&mut self) {
        self.flush_paragraph();
        let prefix = match self.lists.last_mut() {
            Some(Some(n)) => {
                let p = format!("{n}. ");
                *n += 1;
                p
            }
            _ => "- ".to_owned(),
        };
        self.paragraph = Some(ParagraphKind::ListItem);
        self.inlines.push(Inline::Text(Span { text: prefix, bold: false, italic: false }));
        self.item_fresh = true;
    }
}

/// A heading's last two words held together by a no-break space, so a wrapped heading never ends
/// with one word alone on its line (`… bảo vệ / chuyên nghiệp`, not `… chuyên / nghiệp`); a
/// heading of fewer than four words is left as it is.
fn last_words_held(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if plain_text(&inlines).split_whitespace().count() >= 4 {
        if let Some(Inline::Text(last)) = inlines.last_mut() {
            if let Some(at) = last.text.trim_end().rfind(' ') {
                last.text.replace_range(at..at + 1, "\u{a0}");
            }
        }
    }
    inlines
}

/// A paragraph's lines, as a free text's line feeds made them (reports.md: free text keeps its
/// shape): the first line is the paragraph, each next one a paragraph of its own at the paragraph
/// indent, a list item hanging after its marker when it starts with one ([`super::list_marker`]).
/// A centred paragraph keeps its line breaks.
fn free_lines(kind: ParagraphKind, inlines: Vec<Inline>) -> Vec<(ParagraphKind, Vec<Inline>)> {
    if kind == ParagraphKind::Centered || !inlines.contains(&Inline::Break) {
        return vec![(kind, inlines)];
    }
    let mut out: Vec<(ParagraphKind, Vec<Inline>)> = vec![(kind, Vec::new())];
    for inline in inlines {
        match inline {
            Inline::Break => out.push((ParagraphKind::Body, Vec::new())),
            Inline::Text(mut span) => {
                let after_break = out.len() > 1;
                let (k, line) = out.last_mut().expect("one line at least");
                if line.is_empty() {
                    // a line typed with its own indent
                    span.text = span.text.trim_start().to_owned();
                    if span.text.is_empty() {
                        continue;
                    }
                    // the first line too, when it is a free text's (a Body paragraph)
                    if (after_break || *k == ParagraphKind::Body) && super::list_marker(&span.text).is_some() {
                        *k = ParagraphKind::SubItem;
                    }
                }
                line.push(Inline::Text(span));
            }
        }
    }
    for (_, line) in &mut out {
        if let Some(Inline::Text(last)) = line.last_mut() {
            last.text.truncate(last.text.trim_end().len());
        }
    }
    out.retain(|(_, line)| !line.is_empty());
    out
}

/// `<!-- landscape -->` (`Some(true)`) or `<!-- portrait -->` (`Some(false)`).
fn orientation(html: &str) -> Option<bool> {
    match html.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim() {
        "landscape" => Some(true),
        "portrait" => Some(false),
        _ => None,
    }
}

/// Parses `<!-- widths: 7 35 9 -->`.
fn parse_widths(html: &str) -> Option<Result<Vec<f32>, DocError>> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let list = inner.strip_prefix("widths:")?;
    let nums: Result<Vec<f32>, _> = list.split_whitespace().map(str::parse::<f32>).collect();
    Some(match nums {
        Ok(v) if !v.is_empty() && v.iter().all(|w| *w > 0.0) => Ok(v),
        _ => Err(err(tr!(
            "bad column widths {html}; expected e.g. <!-- widths: 10 60 30 -->",
            html = format!("{html:?}")
        ))),
    })
}

/// Body Markdown → blocks before the first `#`, and the appendices (title, blocks).
#[allow(clippy::type_complexity)]
fn parse_body(md: &str, items: &ItemSources) -> Result<(Vec<Block>, Vec<(Vec<Inline>, Vec<Block>)>), DocError> {
    let source = |name: &str| items.get(name).ok_or_else(|| err(tr!("<!-- each: {name} -->: no such list here", name)));
    let md = mark_table_directives(md);
    let mut w = Walker {
        body: vec![],
        appendices: vec![],
        inlines: vec![],
        bold: 0,
        italic: 0,
        paragraph: None,
        lists: vec![],
        item_fresh: false,
        widths: None,
        table: None,
        landscape: false,
    };
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Paragraph) => {
                if w.item_fresh {
                    w.item_fresh = false;
                } else {
                    w.flush_paragraph();
                    w.paragraph = Some(if w.lists.is_empty() { ParagraphKind::Body } else { ParagraphKind::ListItem });
                }
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => w.flush_paragraph(),
            Event::Start(Tag::List(start)) => {
                w.flush_paragraph();
                w.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                w.flush_paragraph();
                w.lists.pop();
            }
            Event::Start(Tag::Item) => w.start_item(),
            Event::Start(Tag::Heading { .. }) => w.flush_paragraph(),
            Event::End(TagEnd::Heading(level)) => {
                let inlines = w.take_inlines();
                let level = match level {
                    MdLevel::H1 => {
                        w.appendices.push((inlines, vec![]));
                        continue;
                    }
                    MdLevel::H2 => HeadingLevel::Section,
                    MdLevel::H3 => HeadingLevel::Sub,
                    _ => HeadingLevel::Point,
                };
                w.target().push(Block::Heading { level, inlines: last_words_held(inlines) });
            }
            Event::Start(Tag::Table(aligns)) => {
                w.flush_paragraph();
                let widths = w.widths.take();
                if let Some(ws) = &widths {
                    if ws.len() != aligns.len() {
                        return Err(err(tr!(
                            "{given} column widths given for a table of {columns} columns",
                            given = ws.len(),
                            columns = aligns.len()
                        )));
                    }
                }
                w.table = Some(TableState {
                    aligns,
                    widths,
                    header: vec![],
                    rows: vec![],
                    row: vec![],
                    in_head: false,
                    each: None,
                });
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = w.table.as_mut() {
                    t.in_head = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = w.table.as_mut() {
                    t.in_head = false;
                    t.header = std::mem::take(&mut t.row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = w.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    let marker = match row.first().map(|c| plain_text(&c.inlines)) {
                        Some(text) if text.starts_with(EACH_ROW) => Some(text[EACH_ROW.len_utf8()..].to_owned()),
                        _ => None,
                    };
                    match marker {
                        Some(_) if t.each.is_some() => {
                            return Err(err(tr!("a table can have one <!-- each: … --> line")));
                        }
                        Some(name) => t.each = Some((name, t.rows.len())),
                        None => t.rows.push(row),
                    }
                }
            }
            Event::End(TagEnd::TableCell) => {
                let inlines = w.take_inlines();
                if let Some(t) = w.table.as_mut() {
                    t.row.push(Cell { inlines });
                }
            }
            Event::End(TagEnd::Table) => {
                let t = w.table.take().expect("table open");
                let n = t.aligns.len();
                // widths from the content unless the template gives them (fit::column_widths)
                let raw: Vec<f32> = t.widths.unwrap_or_else(|| {
                    let total = crate::profile::Pt(crate::profile::text_width_twips() as f32 / 20.0);
                    super::fit::column_widths(&t.header, &t.rows, total, crate::font::Fonts::bundled())
                });
                let sum: f32 = raw.iter().sum();
                let columns = (0..n)
                    .map(|i| Column {
                        width: raw[i] / sum,
                        // `STT` centred, a column of numbers right-aligned (format.md, "Body")
                        // (a header may carry its column's number under it: `STT` / `(1)`)
                        align: if plain_text(&t.header[i].inlines).lines().next().unwrap_or("").trim() == "STT" {
                            Align::Center
                        } else if !t.rows.is_empty()
                            && t.rows.iter().all(|r| r.get(i).is_none_or(super::fit::numeric))
                            && t.rows
                                .iter()
                                .any(|r| r.get(i).is_some_and(|c| !plain_text(&c.inlines).trim().is_empty()))
                        {
                            Align::Right
                        } else {
                            match t.aligns[i] {
                                Alignment::Center => Align::Center,
                                Alignment::Right => Align::Right,
                                Alignment::Left | Alignment::None => Align::Left,
                            }
                        },
                    })
                    .collect();
                let streamed = match t.each {
                    Some((name, at)) => {
                        Some(StreamedRows { at, rows: Lazy { items: source(&name)?, parse: item_rows, columns: n } })
                    }
                    None => None,
                };
                let mut table = Table { columns, header: t.header, rows: t.rows, streamed };
                // the header's lines chosen by sense at the widths both renderers draw
                let fonts = crate::font::Fonts::bundled();
                let text_width = if w.landscape {
                    crate::profile::PAGE_HEIGHT.twips()
                        - crate::profile::MARGIN_LEFT.twips()
                        - crate::profile::MARGIN_RIGHT.twips()
                } else {
                    crate::profile::text_width_twips()
                };
                let pad = crate::profile::TABLE_CELL_PADDING_X.twips() * 2;
                let twips = table.column_twips(text_width);
                for (cell, tw) in table.header.iter_mut().zip(twips) {
                    // (half a point to spare for the readers' own measuring)
                    let inner = crate::profile::Pt((tw - pad) as f32 / 20.0 - 0.5);
                    *cell = super::fit::header_lines(cell, inner, fonts);
                }
                w.target().push(Block::Table(table));
            }
            Event::Start(Tag::Emphasis) => w.italic += 1,
            Event::End(TagEnd::Emphasis) => w.italic = w.italic.saturating_sub(1),
            Event::Start(Tag::Strong) => w.bold += 1,
            Event::End(TagEnd::Strong) => w.bold = w.bold.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => w.push_text(&t),
            Event::SoftBreak => w.push_text(" "),
            Event::HardBreak => w.inlines.push(Inline::Break),
            Event::Html(h) | Event::InlineHtml(h) if orientation(&h).is_some() => {
                w.flush_paragraph();
                let landscape = orientation(&h) == Some(true);
                w.landscape = landscape;
                w.target().push(Block::Orientation { landscape });
            }
            Event::Html(h) | Event::InlineHtml(h) => match parse_widths(&h) {
                Some(Ok(ws)) => w.widths = Some(ws),
                Some(Err(e)) => return Err(e),
                None if each_directive(&h).is_some() => {
                    let name = each_directive(&h).unwrap_or_default();
                    w.flush_paragraph();
                    let items = Lazy { items: source(name)?, parse: item_blocks, columns: 0 };
                    w.target().push(Block::Items(items));
                }
                None if h.trim_start().starts_with("<!--") => {}
                None => return Err(err(tr!("raw HTML is not supported: {html}", html = format!("{:?}", h.trim())))),
            },
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => {}
            Event::Start(Tag::TableRow | Tag::TableCell | Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(Tag::CodeBlock(_)) => {
                return Err(err(tr!("code blocks are not supported (is a line indented by four spaces?)")))
            }
            Event::Rule => return Err(err(tr!("a thematic break (---) is not supported"))),
            other => return Err(err(tr!("unsupported Markdown: {event}", event = format!("{other:?}")))),
        }
    }
    w.flush_paragraph();
    Ok((w.body, w.appendices))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(md: &str) -> Vec<Block> {
        parse_body(md, &ItemSources::default()).unwrap().0
    }

    fn para(kind: ParagraphKind, text: &str) -> Block {
        Block::Paragraph { kind, inlines: vec![Inline::plain(text)] }
    }

    #[test]
    fn headings_paragraphs_lists() {
        let b = body("## I. MỘT\n\n### 1. Hai\n\nĐoạn *nghiêng* và\ntiếp.\n\n- một\n- hai\n");
        assert_eq!(b[0], Block::Heading { level: HeadingLevel::Section, inlines: vec![Inline::plain("I. MỘT")] });
        assert_eq!(b[1], Block::Heading { level: HeadingLevel::Sub, inlines: vec![Inline::plain("1. Hai")] });
        assert_eq!(
            b[2],
            Block::Paragraph {
                kind: ParagraphKind::Body,
                inlines: vec![
                    Inline::plain("Đoạn "),
                    Inline::Text(Span { text: "nghiêng".into(), bold: false, italic: true }),
                    Inline::plain(" và tiếp."),
                ]
            }
        );
        assert_eq!(b[3], para(ParagraphKind::ListItem, "- một"));
        assert_eq!(b[4], para(ParagraphKind::ListItem, "- hai"));
        assert_eq!(b.len(), 5);
    }

    #[test]
    fn escaped_text_and_line_separator() {
        let md = crate::template::escape_markdown("* _ # | - 1. [ ] < > & \\ {{ }}\nnext");
        let b = body(&md);
        // a free text's lines: each a paragraph, the first a list item (`* `)
        assert_eq!(
            b,
            vec![para(ParagraphKind::SubItem, "* _ # | - 1. [ ] < > & \\ {{ }}"), para(ParagraphKind::Body, "next"),]
        );
    }

    #[test]
    fn a_free_texts_lines_keep_their_shape() {
        let md = format!(
            "- Phạm vi: {}",
            crate::template::escape_markdown(
                "các thành phần:\n- máy chủ;\n  + tường lửa;\n\na) một;\nđ) năm;\n1.2. mục\nCòn lại\n-không phải"
            )
        );
        let b = body(&md);
        let kinds: Vec<(ParagraphKind, String)> = b
            .iter()
            .map(|b| match b {
                Block::Paragraph { kind, inlines } => (*kind, super::super::plain_text(inlines)),
                _ => panic!("{b:?}"),
            })
            .collect();
        use ParagraphKind::*;
        let want = [
            (ListItem, "- Phạm vi: các thành phần:"),
            (SubItem, "- máy chủ;"),
            (SubItem, "+ tường lửa;"),
            (SubItem, "a) một;"),
            (SubItem, "đ) năm;"),
            (SubItem, "1.2. mục"),
            (Body, "Còn lại"),
            (Body, "-không phải"),
        ];
        assert_eq!(kinds, want.map(|(k, t)| (k, t.to_owned())));
    }

    #[test]
    fn tables_with_widths_and_appendices() {
        let md =
            "Trước.\n\n<!-- widths: 1 3 -->\n| STT | B |\n|:-:|--:|\n| 1 | x \\| y |\n\n# Phụ lục một\n\nNội dung.\n";
        let (b, apps) = parse_body(md, &ItemSources::default()).unwrap();
        let Block::Table(t) = &b[1] else { panic!("{b:?}") };
        assert_eq!(
            t.columns,
            vec![Column { width: 0.25, align: Align::Center }, Column { width: 0.75, align: Align::Right }]
        );
        assert_eq!(t.rows[0][1].inlines, vec![Inline::plain("x | y")]);
        assert_eq!(apps.len(), 1);
        assert_eq!(plain_text(&apps[0].0), "Phụ lục một");
        assert_eq!(apps[0].1, vec![para(ParagraphKind::Body, "Nội dung.")]);
    }

    #[test]
    fn tables_are_sized_by_their_content_stt_centred_numbers_right() {
        let md = "| STT | Hệ thống | Số lượng | Ghi chú |\n|:--|:--|:--|:--|\n\
                  | 1 | Cổng thông tin điện tử tỉnh Bắc Ninh, địa chỉ https://bacninh.gov.vn | 1.234 | |\n\
                  | 2 | Hệ thống thư điện tử công vụ | 5 | |\n";
        let (b, _) = parse_body(md, &ItemSources::default()).unwrap();
        let Block::Table(t) = &b[0] else { panic!("{b:?}") };
        let aligns: Vec<Align> = t.columns.iter().map(|c| c.align).collect();
        // `STT` centred, a column of numbers right-aligned, text as the template says
        assert_eq!(aligns, [Align::Center, Align::Left, Align::Right, Align::Left]);
        // each column at least its longest word (with the cell's padding), the empty `Ghi chú`
        // no wider than its header, the text column taking the rest
        let fonts = crate::font::Fonts::bundled();
        let total = crate::profile::text_width_twips() as f32 / 20.0;
        let width = |i: usize| t.columns[i].width * total;
        let word = |s: &str, bold: bool| {
            fonts.face(crate::font::Style::of(bold, false)).width(s, crate::profile::SIZE_TABLE).0
        };
        assert!(width(0) >= word("STT", true) + 5.6);
        assert!(width(1) >= word("https://bacninh.gov.vn", false) + 5.6);
        assert!(width(3) < word("Ghi chú", true) + 5.6 + crate::profile::TABLE_AIR.0 + 1.5);
        assert!(width(1) > width(0) + width(2) + width(3), "{:?}", t.columns);
        assert!((t.columns.iter().map(|c| c.width).sum::<f32>() - 1.0).abs() < 1e-4);
        // an IP address is no number; a Vietnamese number, a fraction, a percentage are
        let cell = |s: &str| Cell { inlines: vec![Inline::plain(s)] };
        for (text, number) in
            [("14.160.41.1", false), ("1.234", true), ("41/45 (91,1%)", true), ("12,5", true), ("1.23", false)]
        {
            assert_eq!(super::super::fit::numeric(&cell(text)), number, "{text}");
        }
    }

    #[test]
    fn body_ends_with_the_closing_mark() {
        let mut b = vec![para(ParagraphKind::Body, "Trên đây là báo cáo.")];
        close_body(&mut b);
        assert_eq!(b, vec![para(ParagraphKind::Body, "Trên đây là báo cáo./.")]);
        let mut b = vec![para(ParagraphKind::Body, "Xong./.")];
        close_body(&mut b);
        assert_eq!(b, vec![para(ParagraphKind::Body, "Xong./.")]);
    }

    #[test]
    fn unsupported_markdown_is_an_error() {
        assert!(parse_body("<div>x</div>\n", &ItemSources::default()).is_err());
        assert!(parse_body("a\n\n---\n", &ItemSources::default()).is_err());
        assert!(parse_body("<!-- widths: 1 -->\n| A | B |\n|--|--|\n", &ItemSources::default()).is_err());
    }

    /// Items from a list of Markdown strings.
    struct Fixed(Vec<&'static str>);

    impl crate::template::MarkdownItems for Fixed {
        fn iter(&self) -> Box<dyn Iterator<Item = Result<String, crate::template::ItemError>> + '_> {
            Box::new(self.0.iter().map(|s| Ok((*s).to_owned())))
        }
    }

    fn sources(lists: &[(&str, Vec<&'static str>)]) -> ItemSources {
        let mut items = ItemSources::default();
        for (name, list) in lists {
            items.insert(name, std::sync::Arc::new(Fixed(list.clone())));
        }
        items
    }

    #[test]
    fn each_lines_draw_items_among_rows_and_blocks_as_they_are_read() {
        let items =
            sources(&[("unit", vec!["| 1 | A \\| b |", "| 2 | **B** |"]), ("note", vec!["- A: một", "- B: hai"])]);
        let md = "| STT | Tên |\n|:-:|:--|\n<!-- each: unit -->\n| | Tổng |\n\n## II. GHI CHÚ\n\n<!-- each: note -->\n\nHết.\n";
        let (b, _) = parse_body(md, &items).unwrap();
        let Block::Table(t) = &b[0] else { panic!("{b:?}") };
        assert_eq!(t.rows.len(), 1, "the total row held");
        assert_eq!(t.streamed.as_ref().map(|s| s.at), Some(0));
        let mut rows = Vec::new();
        t.each_row(|r| -> Result<(), DocError> {
            rows.push(r.iter().map(|c| plain_text(&c.inlines)).collect::<Vec<_>>());
            Ok(())
        })
        .unwrap();
        assert_eq!(rows, [vec!["1", "A | b"], vec!["2", "B"], vec!["", "Tổng"]]);
        assert!(matches!(&b[1], Block::Heading { .. }));
        let Block::Items(notes) = &b[2] else { panic!("{b:?}") };
        let mut paras = Vec::new();
        notes
            .each(|p| -> Result<(), DocError> {
                paras.push(p);
                Ok(())
            })
            .unwrap();
        assert_eq!(paras, [para(ParagraphKind::ListItem, "- A: một"), para(ParagraphKind::ListItem, "- B: hai")]);
        assert_eq!(b[3], para(ParagraphKind::Body, "Hết."));
    }

    #[test]
    fn an_unknown_list_or_an_item_that_is_no_row_is_an_error() {
        let e = parse_body("<!-- each: nope -->\n", &ItemSources::default()).unwrap_err();
        assert_eq!(e.to_string(), "template output: <!-- each: nope -->: no such list here");
        let items = sources(&[("unit", vec!["- không phải một hàng"])]);
        let (b, _) = parse_body("| A |\n|--|\n<!-- each: unit -->\n", &items).unwrap();
        let Block::Table(t) = &b[0] else { panic!("{b:?}") };
        let e = t.each_row(|_| -> Result<(), DocError> { Ok(()) }).unwrap_err();
        assert_eq!(
            e.to_string(),
            "template output: an item of <!-- each: … --> in a table must be table rows: \"- không phải một hàng\""
        );
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
    }
}
