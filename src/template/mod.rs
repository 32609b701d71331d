//! Templates: the wording of each report, as Tera templates that render Markdown.
//!
//! One Tera instance is built once (the bundled templates, optionally overridden by files in a
//! folder) and reused for every document. This is the only module that names template variables.
//! Every string from the input is escaped for Markdown by Tera's autoescape with
//! [`escape_markdown`], so no value can change the document's structure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};
use tera::Tera;

use crate::messages::tr;
use crate::model::{
    Assessment, Check, Conclusion, Consolidated, Document, LayerState, Mode, Monthly, Notes, Report, Severity, Status,
    UnitFigures,
};
use crate::vn;

mod bind;
pub mod filters;
pub mod guard;

/// The bundled templates: (name, text). A file of the same name in a `--templates` folder
/// replaces one of these.
pub const BUNDLED: &[(&str, &str)] = &[
    ("monthly.md", include_str!("../../templates/monthly.md")),
    ("monthly.subject.md", include_str!("../../templates/monthly.subject.md")),
    ("assessment.md", include_str!("../../templates/assessment.md")),
    ("assessment.subject.md", include_str!("../../templates/assessment.subject.md")),
    ("consolidated-monthly.md", include_str!("../../templates/consolidated-monthly.md")),
    ("consolidated-monthly.subject.md", include_str!("../../templates/consolidated-monthly.subject.md")),
    ("consolidated-assessment.md", include_str!("../../templates/consolidated-assessment.md")),
    ("consolidated-assessment.subject.md", include_str!("../../templates/consolidated-assessment.subject.md")),
    ("annual.md", include_str!("../../templates/annual.md")),
    ("annual.subject.md", include_str!("../../templates/annual.subject.md")),
    ("consolidated-annual.md", include_str!("../../templates/consolidated-annual.md")),
    ("consolidated-annual.subject.md", include_str!("../../templates/consolidated-annual.subject.md")),
];

/// A template could not be loaded or rendered.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// Reading a template file failed (or it is too large, or not UTF-8).
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The templates folder is missing, not a folder, unreadable, or holds a template of a name
    /// baocao does not have (a typo would otherwise be ignored).
    Folder {
        /// The folder.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// Tera refused a template or failed to render it (the message shows every cause: Tera hides
    /// the real one a level down).
    Tera {
        /// The template's name.
        name: String,
        /// Tera's error.
        #[source]
        source: tera::Error,
    },
    /// A template breaks the rules every template follows ([`guard`]).
    Rules {
        /// The template's name.
        name: String,
        /// Which rule, and where.
        message: String,
    },
    /// A template's output passed [`guard::MAX_OUTPUT_BYTES`].
    TooLong {
        /// The template's name.
        name: String,
    },
    /// A template's output is not UTF-8.
    NotUtf8 {
        /// The template's name.
        name: String,
        /// Why.
        #[source]
        source: std::string::FromUtf8Error,
    },
    /// What a template shows could not be read (a batch's units' texts).
    Texts(#[source] std::io::Error),
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            TemplateError::Io { path, source } => {
                tr!("cannot read template {path}: {source}", path = path.display(), source)
            }
            TemplateError::Folder { path, reason } => {
                tr!("templates folder {path}: {reason}", path = path.display(), reason)
            }
            TemplateError::Tera { name, source } => tr!("template {name}: {detail}", name, detail = chain(source)),
            TemplateError::Rules { name, message } => tr!("template {name}: {detail}", name, detail = message),
            TemplateError::TooLong { name } => tr!("template {name}: {detail}", name, detail = too_long()),
            TemplateError::NotUtf8 { name, source } => tr!("template {name}: {detail}", name, detail = source),
            TemplateError::Texts(e) => tr!("cannot read the units' texts: {e}", e),
        };
        f.write_str(&text)
    }
}

fn too_long() -> String {
    tr!(
        "its output passed the limit of {mib} MiB (does a loop never end?)",
        mib = guard::MAX_OUTPUT_BYTES / (1024 * 1024)
    )
}

/// The per-unit lists of the consolidated templates: the frame, and for each `<!-- each: NAME -->`
/// it may hold, the macro NAME that draws one item (and which list it draws).
const CONSOLIDATED_ITEMS: &[(&str, &[(&str, List)])] = &[
    (
        "consolidated-monthly.md",
        &[
            ("unit", List::Units),
            ("difficulty", List::Notes(0)),
            ("proposal", List::Notes(1)),
            ("unit_notes", List::UnitNotes),
            ("address", List::Addresses),
        ],
    ),
    (
        "consolidated-assessment.md",
        &[("unit", List::Units), ("recommendation", List::Notes(0)), ("unit_notes", List::UnitNotes)],
    ),
    (
        "consolidated-annual.md",
        &[
            ("system", List::Rows(0)),
            ("national_security", List::Rows(1)),
            ("compliance", List::Rows(2)),
            ("requirement", List::Rows(3)),
        ],
    ),
];

/// A per-unit list of a consolidated report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    /// A row a unit.
    Units,
    /// The units' texts of list 0 or 1 ([`Notes`]), each with its unit's name.
    Notes(usize),
    /// A unit with texts, each with both its lists (`lists.0`, `lists.1`): the appendix of the
    /// units' own difficulties and proposals (recommendations), grouped by unit.
    UnitNotes,
    /// A system with public addresses, with its unit's name: the appendix of every address.
    Addresses,
    /// The rows of list `k` of every unit's annual report (its systems, Phụ lục I, II, III:
    /// [`annual_rows`]), each with its unit's name, numbered across the units.
    Rows(usize),
}

/// The internal template that draws one item with the frame's macro.
fn item_template(frame: &str, name: &str) -> String {
    format!("__each/{}/{name}.md", frame.trim_end_matches(".md"))
}

/// Renders `name` within the bounds of [`guard`].
fn render_bounded(tera: &Tera, name: &str, context: &tera::Context) -> Result<String, TemplateError> {
    guard::start_rendering();
    let mut out = guard::Bounded::default();
    match tera.render_to(name, context, &mut out) {
        Ok(()) => {
            String::from_utf8(out.bytes).map_err(|source| TemplateError::NotUtf8 { name: name.to_owned(), source })
        }
        Err(_) if out.over => Err(TemplateError::TooLong { name: name.to_owned() }),
        Err(source) => Err(TemplateError::Tera { name: name.to_owned(), source }),
    }
}

fn chain(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// Escapes a value for Markdown: every ASCII punctuation character gets a backslash (CommonMark
/// lets any of them be escaped), so `* _ # | - 1. [ ] < > & \ {{ }}` all come out literally; a
/// line feed becomes U+2028 LINE SEPARATOR, which the document builder turns into a line break
/// (valid inside a table cell too, where Markdown allows no newline).
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '\n' => out.push(LINE_SEPARATOR),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// What [`escape_markdown`] makes of a line feed.
pub const LINE_SEPARATOR: char = '\u{2028}';

/// A report's wording, rendered: the subject (one line of inline Markdown) and the body (Markdown;
/// each `#` heading starts an appendix), with the item lists its `<!-- each: NAME -->` lines name.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Trích yếu.
    pub subject: String,
    /// Nội dung, then the appendices.
    pub body: String,
    /// The lists drawn one item at a time (a consolidated report's).
    pub items: ItemSources,
}

/// The item lists a body's `<!-- each: NAME -->` lines draw, by NAME.
#[derive(Clone, Default)]
pub struct ItemSources(BTreeMap<String, Arc<dyn MarkdownItems>>);

impl ItemSources {
    /// Adds (or replaces) the list called `name`.
    pub fn insert(&mut self, name: &str, items: Arc<dyn MarkdownItems>) {
        self.0.insert(name.to_owned(), items);
    }

    /// The list called `name`.
    pub fn get(&self, name: &str) -> Option<Arc<dyn MarkdownItems>> {
        self.0.get(name).cloned()
    }
}

impl std::fmt::Debug for ItemSources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl PartialEq for ItemSources {
    fn eq(&self, other: &ItemSources) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|((a, x), (b, y))| a == b && Arc::ptr_eq(x, y))
    }
}

/// The compiled templates.
pub struct Templates {
    tera: Arc<Tera>,
    /// The consolidated frames that draw their lists an item at a time (they hold
    /// `<!-- each: … -->`); a frame without (an agency's own, made before) gets the lists whole.
    streaming: BTreeSet<String>,
    /// Each template's legal texts, by number (`crate::law::TEXTS`), found in its source once when
    /// loaded: what [`Templates::lapsed_citations`] checks against a document's date.
    cites: BTreeMap<String, Vec<&'static crate::law::Text>>,
}

impl Templates {
    /// The bundled templates.
    pub fn bundled() -> Result<Templates, TemplateError> {
        Self::build(BUNDLED.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect())
    }

    /// The bundled templates, with each file of `dir` whose name is a bundled template's replacing
    /// it. `dir` must be a readable folder, and every `*.md` in it the name of a template.
    pub fn with_overrides(dir: &Path) -> Result<Templates, TemplateError> {
        let folder = |reason: String| TemplateError::Folder { path: dir.to_path_buf(), reason };
        let entries = match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => std::fs::read_dir(dir).map_err(|e| folder(tr!("cannot be read: {e}", e)))?,
            Ok(_) => return Err(folder(tr!("is not a folder"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(folder(tr!("no such folder"))),
            Err(e) => return Err(folder(tr!("cannot be read: {e}", e))),
        };
        let mut unknown = Vec::new();
        for entry in entries {
            let name = entry.map_err(|e| folder(tr!("cannot be read: {e}", e)))?.file_name();
            let name = name.to_string_lossy();
            // a template's name, in any case (`monthly.MD` was silently not used)
            if name.to_lowercase().ends_with(".md") && !BUNDLED.iter().any(|(n, _)| *n == name) {
                unknown.push(name.into_owned());
            }
        }
        if !unknown.is_empty() {
            unknown.sort();
            let names: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
            return Err(folder(tr!(
                "{names} is not the name of a template (names are in lower case); the templates are {templates}",
                names = unknown.join(", "),
                templates = names.join(", ")
            )));
        }
        let mut list = Vec::new();
        for (name, text) in BUNDLED {
            let path = dir.join(name);
            // an entry of that name is used, or says why not (a dangling link was silently not)
            let text = if std::fs::symlink_metadata(&path).is_ok() {
                let bytes = crate::input::file::read(&path, crate::input::file::MAX_TEMPLATE_BYTES)
                    .map_err(|e| TemplateError::Io { path: path.clone(), source: e.into() })?;
                String::from_utf8(bytes).map_err(|e| TemplateError::Io { path: path.clone(), source: e.into() })?
            } else {
                (*text).to_owned()
            };
            list.push(((*name).to_owned(), text));
        }
        Self::build(list)
    }

    fn build(list: Vec<(String, String)>) -> Result<Templates, TemplateError> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape_markdown);
        guard::register(&mut tera);
        filters::register(&mut tera);
        for (name, text) in &list {
            guard::nesting(text).map_err(|message| TemplateError::Rules { name: name.clone(), message })?;
            // numbers bound to their words by no-break spaces (bind)
            tera.add_raw_template(name, &bind::numbers(text))
                .map_err(|source| TemplateError::Tera { name: name.clone(), source })?;
        }
        let mut streaming = BTreeSet::new();
        for (frame, lists) in CONSOLIDATED_ITEMS {
            // a frame's own words, not its comments, say how it draws its lists
            if !list.iter().any(|(name, text)| name == frame && without_comments(text).contains("<!-- each:")) {
                continue;
            }
            streaming.insert((*frame).to_owned());
            for (name, _) in *lists {
                let wrapper = item_template(frame, name);
                let text = format!("{{% import \"{frame}\" as t %}}{{{{ t::{name}(item=item) }}}}");
                tera.add_raw_template(&wrapper, &text)
                    .map_err(|source| TemplateError::Tera { name: (*frame).to_owned(), source })?;
            }
        }
        guard::check(&tera).map_err(|(name, message)| TemplateError::Rules { name, message })?;
        let far_future = chrono::NaiveDate::MAX;
        let cites = list
            .iter()
            .map(|(name, text)| (name.clone(), crate::law::lapsed_in(&without_comments(text), far_future)))
            .collect();
        Ok(Templates { tera: Arc::new(tera), streaming, cites })
    }

    /// The legal texts the templates of `doc` (its body and its subject) name by number that are
    /// no longer in force on the document's date (annual.md: an agency's own template that cites
    /// a lapsed text for a later date is warned of, naming it). The bundled templates cite through
    /// `law` and name none.
    pub fn lapsed_citations(&self, doc: &Document) -> Vec<String> {
        self.lapsed_for(doc.kind(), doc.legal_date())
    }

    /// The same, for a document of kind `kind` dated `date` (a batch's consolidated report,
    /// checked before it is made).
    pub fn lapsed_for(&self, kind: crate::model::DocKind, date: chrono::NaiveDate) -> Vec<String> {
        let prefix = kind.template();
        let mut found = Vec::new();
        for name in [format!("{prefix}.md"), format!("{prefix}.subject.md")] {
            for t in self.cites.get(&name).into_iter().flatten().filter(|t| t.lapsed(date)) {
                let lapsed = t.until().expect("a lapsed text has an end");
                let (cite, on, until) = (t.cite, date.format("%Y-%m-%d"), lapsed.format("%Y-%m-%d"));
                found.push(match t.successor(date) {
                    Some(n) => tr!(
                        "template {name} cites {cite}, which is no longer in force on {on} (it lapsed on {until}; {next} is in force from {from}); cite the texts in force through `law` (docs/reports.md)",
                        name,
                        cite,
                        on,
                        until,
                        next = n.cite,
                        from = n.from().format("%Y-%m-%d")
                    ),
                    None => tr!(
                        "template {name} cites {cite}, which is no longer in force on {on} (it lapsed on {until}); cite the texts in force through `law` (docs/reports.md)",
                        name,
                        cite,
                        on,
                        until
                    ),
                });
            }
        }
        found
    }

    fn render(&self, name: &str, context: &tera::Context) -> Result<String, TemplateError> {
        render_bounded(&self.tera, name, context)
    }

    /// Renders the wording of `doc`.
    pub fn render_document(&self, doc: &Document) -> Result<Rendered, TemplateError> {
        let mut items = ItemSources::default();
        let prefix = doc.kind().template();
        let value = match &doc.report {
            Report::Monthly(m) => monthly_context(doc, m),
            Report::Assessment(a) => assessment_context(doc, a),
            Report::Annual(a) => annual_context(doc, a),
            Report::Consolidated(c) => {
                let frame = format!("{prefix}.md");
                let streaming = self.streaming.contains(&frame);
                if streaming {
                    let lists = CONSOLIDATED_ITEMS.iter().find(|(f, _)| *f == frame).map_or(&[][..], |(_, l)| *l);
                    for (name, list) in lists {
                        let source = Items {
                            tera: Arc::clone(&self.tera),
                            template: item_template(&frame, name),
                            label: tr!("template {frame}, macro {name}", frame, name),
                            figures: Arc::clone(&c.figures),
                            notes: c.notes.clone(),
                            list: *list,
                        };
                        items.insert(name, Arc::new(source));
                    }
                }
                consolidated_context(doc, c, !streaming)?
            }
        };
        let mut value = value;
        value["law"] = law_context(doc.legal_date());
        // a line feed, as a free text's: what follows a free text of several lines starts a line
        value["line_feed"] = Value::from("\n");
        let context = tera::Context::from_value(value).expect("context is an object");
        let subject = self.render(&format!("{prefix}.subject.md"), &context)?;
        let body = self.render(&format!("{prefix}.md"), &context)?;
        Ok(Rendered { subject: subject.trim().to_owned(), body, items })
    }
}

/// One item of a per-unit list could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ItemError {
    /// The frame's macro failed on an item.
    Macro {
        /// The frame and the macro: `template consolidated-monthly.md, macro unit`.
        label: String,
        /// Why (from rendering the small internal template that calls the macro).
        #[source]
        source: TemplateError,
    },
    /// The units' texts could not be read back.
    Texts(#[source] std::io::Error),
}

impl std::fmt::Display for ItemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ItemError::Macro { label, source } => write!(f, "{label}: {}", item_causes(source)),
            ItemError::Texts(e) => f.write_str(&tr!("cannot read the units' texts: {e}", e)),
        }
    }
}

/// What went wrong in an item's macro, without the internal template's own wrapper ("Failed to
/// render '__each/…'"), which names nothing the user wrote.
fn item_causes(e: &TemplateError) -> String {
    match e {
        TemplateError::Tera { name, source } => {
            let all = chain(source);
            let wrapper = format!("Failed to render '{name}': ");
            all.strip_prefix(&wrapper).map_or_else(|| all.clone(), str::to_owned)
        }
        TemplateError::TooLong { .. } => too_long(),
        other => other.to_string(),
    }
}

/// A source of items, each one item's Markdown, made as they are read (a consolidated report's
/// per-unit items: a table row, a difficulty), so a report of thousands of units never holds them.
pub trait MarkdownItems: Send + Sync {
    /// The items' Markdown, in order, each made when the iterator reaches it.
    fn iter(&self) -> Box<dyn Iterator<Item = Result<String, ItemError>> + '_>;
}

/// One per-unit list of a consolidated report, each item rendered with the frame's macro when
/// read.
struct Items {
    tera: Arc<Tera>,
    template: String,
    /// The frame and macro, for messages.
    label: String,
    figures: Arc<UnitFigures>,
    notes: Notes,
    list: List,
}

impl Items {
    /// Each of the `rows` units' items (`values(row)`), numbered on across the units (`stt`)
    /// and rendered as they are read.
    fn numbered<'a>(
        &'a self,
        rows: usize,
        values: impl Fn(usize) -> std::io::Result<Vec<Value>> + 'a,
    ) -> Box<dyn Iterator<Item = Result<String, ItemError>> + 'a> {
        let mut stt = 0;
        Box::new((0..rows).flat_map(move |i| {
            match values(i) {
                Ok(items) => items
                    .into_iter()
                    .map(|mut item| {
                        stt += 1;
                        item["stt"] = stt.into();
                        self.render(item)
                    })
                    .collect::<Vec<_>>(),
                Err(e) => vec![Err(ItemError::Texts(e))],
            }
        }))
    }

    fn render(&self, item: Value) -> Result<String, ItemError> {
        let mut context = tera::Context::new();
        context.insert("item", &item);
        render_bounded(&self.tera, &self.template, &context)
            .map_err(|source| ItemError::Macro { label: self.label.clone(), source })
    }
}

impl MarkdownItems for Items {
    fn iter(&self) -> Box<dyn Iterator<Item = Result<String, ItemError>> + '_> {
        let rows = self.figures.len();
        match self.list {
            List::Units => Box::new((0..rows).map(|i| self.render(unit_value(&self.figures, i)))),
            List::Notes(k) => {
                Box::new((0..rows).flat_map(move |i| match note_values(&self.figures, &self.notes, i, k) {
                    Ok(items) => items.into_iter().map(|item| self.render(item)).collect::<Vec<_>>(),
                    Err(e) => vec![Err(ItemError::Texts(e))],
                }))
            }
            List::Addresses => self.numbered(rows, |i| address_values(&self.figures, &self.notes, i)),
            List::Rows(k) => self.numbered(rows, move |i| row_values(&self.figures, &self.notes, i, k)),
            List::UnitNotes => {
                let mut stt = 0;
                Box::new((0..rows).filter_map(move |i| match unit_notes(&self.figures, &self.notes, i) {
                    Ok(None) => None,
                    Ok(Some(mut item)) => {
                        stt += 1;
                        item["stt"] = stt.into();
                        Some(self.render(item))
                    }
                    Err(e) => Some(Err(ItemError::Texts(e))),
                }))
            }
        }
    }
}

/// The texts of list `k` of row `i`'s unit, each with the unit's name, as the templates see them.
fn note_values(figures: &UnitFigures, notes: &Notes, i: usize, k: usize) -> std::io::Result<Vec<Value>> {
    let mut texts = notes.get(i)?;
    let unit = figures.unit(i);
    Ok(std::mem::take(&mut texts[k]).into_iter().map(|text| json!({ "unit": unit, "text": text })).collect())
}

/// Row `i`'s unit with both its lists of texts (`None` when it has none), as the templates see it.
fn unit_notes(figures: &UnitFigures, notes: &Notes, i: usize) -> std::io::Result<Option<Value>> {
    let [first, second, _, _] = notes.get(i)?;
    if first.is_empty() && second.is_empty() {
        return Ok(None);
    }
    Ok(Some(json!({ "stt": 0, "unit": figures.unit(i), "lists": [first, second] })))
}

/// Row `i`'s unit's systems with public addresses, as the templates see them (`stt` set by the
/// caller).
fn address_values(figures: &UnitFigures, notes: &Notes, i: usize) -> std::io::Result<Vec<Value>> {
    let [_, _, systems, _] = notes.get(i)?;
    let unit = figures.unit(i);
    Ok(systems
        .iter()
        .map(|s| {
            let (system, addresses) = s.split_once(crate::model::ADDRESSES).unwrap_or((s, ""));
            json!({ "stt": 0, "unit": unit, "system": system, "addresses": addresses })
        })
        .collect())
}

/// The rows of list `k` of row `i`'s unit's annual report ([`List::Rows`]), each with the
/// unit's name (`stt` set by the caller).
fn row_values(figures: &UnitFigures, notes: &Notes, i: usize, k: usize) -> std::io::Result<Vec<Value>> {
    let mut lists = notes.get(i)?;
    let unit = figures.unit(i);
    std::mem::take(&mut lists[k])
        .iter()
        .map(|row| {
            let mut value: Value = serde_json::from_str(row).map_err(std::io::Error::other)?;
            value["unit"] = unit.into();
            Ok(value)
        })
        .collect()
}

/// A count in a consolidated row: the number, or `-` where no system of the unit requires it.
fn required_count(n: u32, required: bool) -> String {
    if required {
        vn::int(u64::from(n))
    } else {
        "-".to_owned()
    }
}

/// Row `i` of a consolidated report's table, as its templates see it.
fn unit_value(figures: &UnitFigures, i: usize) -> Value {
    match figures {
        UnitFigures::Monthly { units, .. } => {
            let u = &units[i];
            json!({
                "stt": i + 1,
                "name": u.unit,
                "systems": u.systems,
                "complete": u.complete,
                // formatted, `-` where no system requires the layer (as the sentence counts)
                "l1": required_count(u.layers[0], u.required[0]), "l2": required_count(u.layers[1], u.required[1]),
                "l3": required_count(u.layers[2], u.required[2]), "l4": required_count(u.layers[3], u.required[3]),
            })
        }
        UnitFigures::Assessment { units, .. } => {
            let u = &units[i];
            json!({
                "stt": i + 1,
                "name": u.unit,
                "systems": u.systems,
                "meeting": u.meeting,
                "percent": vn::percent(u64::from(u.passed), u64::from(u.total)),
                "findings": u.findings,
                "unfixed": u.unfixed,
            })
        }
        UnitFigures::Annual { units, .. } => {
            let u = &units[i];
            json!({ "stt": i + 1, "name": u.unit, "figures": annual_figures(u.figures) })
        }
    }
}

/// A month reported, and its data period (`15/4/2020` to `14/5/2020`).
fn month_period(p: &crate::model::MonthPeriod) -> Value {
    let (from, to) = p.data_period();
    json!({ "year": p.year, "month": p.month, "data_from": vn::short_date(from), "data_to": vn::short_date(to) })
}

/// The issuer, as every template sees it.
fn issuer(doc: &Document) -> Value {
    json!({
        "name": doc.issuer.name,
        // in running text: with the parent's locality (reports.md, writing rules)
        "full_name": doc.issuer.running_name(),
        "parent": doc.issuer.parent,
        "code": doc.issuer.code,
        "place": doc.issuer.place,
    })
}

fn mark(state: LayerState) -> &'static str {
    match state {
        LayerState::InPlace => "x",
        LayerState::Missing => "",
        LayerState::NotRequired => "-",
    }
}

/// The variables of the monthly templates (`templates/monthly.md`): every figure is computed here,
/// formatted the Vietnamese way, so the template only words it.
fn monthly_context(doc: &Document, m: &Monthly) -> Value {
    let reference = m.reference_date(doc.date);
    let statuses: Vec<_> = m.systems.iter().map(|s| m.status(s, reference)).collect();
    let count = |f: &dyn Fn(usize) -> bool| (0..m.systems.len()).filter(|&i| f(i)).count();

    let systems: Vec<Value> = m
        .systems
        .iter()
        .zip(&statuses)
        .enumerate()
        .map(|(i, (s, st))| {
            let mut notes = Vec::new();
            if s.level_decision.is_none() {
                notes.push("Chưa phê duyệt cấp độ");
            }
            if st.assessment == LayerState::Missing {
                // why Lớp 3 is missing: never assessed, assessed too long ago, or assessed in time
                // but not independently of Lớp 2
                notes.push(if s.last_assessed.is_none() {
                    "Chưa kiểm tra, đánh giá"
                } else if !Monthly::assessed_in_time(s, reference) {
                    "Quá hạn kiểm tra, đánh giá"
                } else {
                    "Kiểm tra, đánh giá chưa độc lập với Lớp 2"
                });
            }
            if s.public_ips.is_empty() {
                notes.push("Chưa cung cấp địa chỉ IP");
            }
            json!({
                "stt": i + 1,
                "name": s.name,
                "level": s.level,
                "l1": mark(st.in_house),
                "l2": mark(st.monitoring),
                "l3": mark(st.assessment),
                "l4": mark(st.national),
                "complete": st.complete(),
                "note": vn::clauses(&notes),
            })
        })
        .collect();

    let total = m.systems.len();
    let in_place = |f: fn(&crate::model::SystemStatus) -> LayerState| {
        statuses.iter().filter(|s| f(s) == LayerState::InPlace).count()
    };
    let complete = statuses.iter().filter(|s| s.complete()).count();
    let required3 = count(&|i| m.systems[i].level >= 3);
    let levels: Vec<Value> = (1..=5u8)
        .filter_map(|l| {
            let n = m.systems.iter().filter(|s| s.level == l).count();
            (n > 0).then(|| json!({ "level": l, "count": n }))
        })
        .collect();
    let ips: Vec<Value> = m
        .systems
        .iter()
        .filter(|s| !s.public_ips.is_empty())
        .enumerate()
        .map(|(i, s)| {
            json!({
                "stt": i + 1,
                "system": s.name,
                // one address a line; the escape turns each line feed into a line break
                "addresses": s.public_ips.join("\n"),
                // (a system is connected only when the agency is: input.md, Lớp 4)
                "connected": s.connected && m.layers.national_connection.connected,
            })
        })
        .collect();
    // an address block (`/24`, `/48`) is counted as a block, not as one address; an address given
    // on two systems once
    let distinct: std::collections::BTreeSet<&String> = m.systems.iter().flat_map(|s| &s.public_ips).collect();
    let (blocks, ip_count) =
        distinct.into_iter().fold((0, 0), |(b, a), ip| if ip.contains('/') { (b + 1, a) } else { (b, a + 1) });
    // assessed within their time, whether or not independently of Lớp 2 (reports.md: in time and
    // independent are said separately)
    let assessed_in_time = m.systems.iter().filter(|s| s.level >= 3 && Monthly::assessed_in_time(s, reference)).count();
    let l = &m.layers;
    let fp = &l.in_house.focal_point;
    let next_due = m.next_due(reference);

    json!({
        "issuer": issuer(doc),
        "submit_to": { "name": doc.submit_to.name, "email": doc.submit_to.email },
        "period": month_period(&m.period),
        "in_house": {
            "unit": l.in_house.unit,
            "decision": l.in_house.decision,
            "focal_point": { "name": fp.name, "position": fp.position, "phone": fp.phone, "email": fp.email },
            "staff": l.in_house.staff.map(|s| json!({ "dedicated": s.dedicated, "part_time": s.part_time })),
            "in_place": m.in_house_in_place(),
        },
        "monitoring": {
            "mode": l.monitoring.mode.as_str(),
            "provider": l.monitoring.provider,
            "contract": l.monitoring.contract,
            "monitored": in_place(|s| s.monitoring),
            "total": total,
        },
        "assessment": {
            "mode": l.assessment.mode.as_str(),
            "assessor": l.assessment.provider,
            "contract": l.assessment.contract,
            "independent": m.assessment_independent(),
            "monitoring_outsourced": l.monitoring.mode == Mode::Outsourced,
            "required": required3,
            "in_time": in_place(|s| s.assessment),
            "assessed_in_time": assessed_in_time,
            "next_due": next_due.map(vn::short_date),
        },
        "national": {
            "connected": l.national_connection.connected,
            "since": l.national_connection.since.map(vn::short_date),
            "connected_systems": in_place(|s| s.national),
            "total": total,
            "ip_count": ip_count,
            "block_count": blocks,
        },
        "systems": systems,
        "totals": {
            "systems": total,
            "l1": in_place(|s| s.in_house),
            "l2": in_place(|s| s.monitoring),
            "l3": in_place(|s| s.assessment),
            "l4": in_place(|s| s.national),
            "complete": complete,
            "complete_percent": vn::percent(complete as u64, total as u64),
        },
        "levels": levels,
        "incidents": m.incidents.map(|i| json!({ "detected": i.detected, "handled": i.handled })),
        "difficulties": m.difficulties,
        "proposals": m.proposals,
        "ips": ips,
    })
}

/// A template's text without its Tera comments (`{# … #}`), which never reach a document.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{#") {
        out.push_str(&rest[..start]);
        match rest[start..].find("#}") {
            Some(end) => rest = &rest[start + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The legal texts in force on `date` (`crate::law`), by role: each `{ cite, number, date, by,
/// about, full }` (`full`: `Nghị định số 331/2026/NĐ-CP ngày 19/8/2026 của Chính phủ về …`), or
/// null when no text holds the role on that date (`law::Citations::cited`). Their numbers bound to their words as the
/// templates' own are (`bind`), so a citation reads and breaks as if typed in the template.
fn law_context(date: chrono::NaiveDate) -> Value {
    // the same for every document of a date: a batch's units share it
    thread_local! {
        static LAST: std::cell::RefCell<Option<(chrono::NaiveDate, Value)>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| match last {
        Some((d, v)) if *d == date => v.clone(),
        _ => last.insert((date, law_context_of(date))).1.clone(),
    })
}

fn law_context_of(date: chrono::NaiveDate) -> Value {
    let citations = crate::law::Citations::on(date);
    let mut map = serde_json::Map::new();
    for role in crate::law::Role::ALL {
        let value = citations.cited(role).map_or(Value::Null, |t| {
            let issued = vn::short_date(t.issued());
            let full = [t.cite, "ngày", &issued, t.by, t.about]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            json!({
                "cite": bind::numbers(t.cite),
                "number": t.number,
                "date": issued,
                "by": t.by,
                "about": t.about,
                "full": bind::numbers(&full),
            })
        });
        map.insert(role.key().to_owned(), value);
    }
    Value::Object(map)
}

/// Counts in plain words, the zero ones left out (reports.md): `1 phát hiện mức nghiêm trọng,
/// 2 mức cao, 1 mức thấp` (`first` names the thing counted once) or `3 chưa khắc phục, 2 đã khắc
/// phục`.
fn counted(counts: &[(usize, &str)], first: &str) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .enumerate()
        .map(|(i, (n, label))| {
            let lead = if i == 0 { first } else { "" };
            format!("{}\u{a0}{lead}{}", vn::int(*n as u64), label.to_lowercase())
        })
        .collect();
    parts.join(", ")
}

fn severity_words(counts: &[usize]) -> String {
    let labels: Vec<(usize, String)> =
        Severity::ALL.iter().zip(counts).map(|(s, n)| (*n, format!("mức {}", s.label()))).collect();
    counted(&labels.iter().map(|(n, l)| (*n, l.as_str())).collect::<Vec<_>>(), "phát hiện ")
}

fn status_words(counts: &[usize]) -> String {
    counted(&Status::ALL.iter().zip(counts).map(|(s, n)| (*n, s.label())).collect::<Vec<_>>(), "")
}

fn check(c: Check) -> Value {
    json!({ "passed": c.passed, "total": c.total, "percent": vn::percent(u64::from(c.passed), u64::from(c.total)) })
}

/// A section 2 party: its five items.
fn party(p: &crate::model::Party) -> Value {
    json!({
        "name": p.name,
        "charter": p.charter,
        "head": p.head,
        "head_title": p.head_title,
        "address": p.address,
        "phone": p.phone,
        "email": p.email,
    })
}

/// The rows of an annual report as its templates draw them, without their `stt`: its systems
/// (section 3, in the order given), then Phụ lục I, II and III. A consolidated annual report
/// keeps these of each unit (`model::UnitTexts`).
pub fn annual_rows(a: &crate::model::Annual) -> [Vec<Value>; 4] {
    let date = |d: Option<chrono::NaiveDate>| d.map(vn::short_date).unwrap_or_default();
    let systems = a
        .systems
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "owner": s.owner,
                "operator": s.operator,
                "level": s.level,
                "approval": s.approval.map(|a| a.label()).unwrap_or_default(),
                "decision": s.decision.as_deref().unwrap_or_default(),
                "regulation": s.regulation.as_deref().unwrap_or_default(),
                "expected_approval": if s.approved() { String::new() } else { date(s.expected_approval) },
                "deployment": s.deployment.label(),
                "expected_deployment": if s.deployment == crate::model::Deployment::Full { String::new() } else { date(s.expected_deployment) },
                "inspected": s.inspected.label(),
            })
        })
        .collect();
    let level_of = |name: &str| {
        let key = vn::fold_key(name);
        a.systems.iter().find(|s| vn::fold_key(&s.name) == key).map(|s| s.level)
    };
    let national_security = a
        .national_security
        .iter()
        .map(|r| {
            json!({
                "system": r.system,
                "level": level_of(&r.system),
                "criterion": r.criterion,
                "dossier": r.dossier,
            })
        })
        .collect();
    let compliance = a
        .compliance
        .iter()
        .map(|r| {
            json!({
                "system": r.system,
                "review": r.review,
                "checked": r.checked,
                "found": r.found,
                "remedied": r.remedied,
            })
        })
        .collect();
    let requirements = a
        .requirements
        .iter()
        .map(|r| {
            json!({
                "system": r.system,
                "group": r.group,
                "met": if r.met { "Đã đáp ứng đầy đủ" } else { "Chưa đáp ứng đầy đủ" },
                "roadmap": if r.met { String::new() } else { date(r.roadmap) },
                "responsible": r.responsible.as_deref().unwrap_or_default(),
            })
        })
        .collect();
    [systems, national_security, compliance, requirements]
}

/// `rows` numbered from 1 (`stt`).
fn numbered(rows: Vec<Value>) -> Vec<Value> {
    rows.into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r["stt"] = (i + 1).into();
            r
        })
        .collect()
}

/// The twelve column headers of section 3, each with its number under its name (Mẫu số 08).
fn annual_columns() -> Vec<String> {
    let columns = [
        "STT",
        "Tên HTTT",
        "Chủ quản HTTT",
        "Đơn vị vận hành HTTT",
        "Cấp độ đề xuất",
        "Tình trạng phê duyệt cấp độ",
        "Quyết định phê duyệt cấp độ",
        "Quy chế bảo đảm ANM cho hệ thống",
        "Dự kiến thời điểm phê duyệt HSĐXCĐ",
        "Đã triển khai đầy đủ PA BĐANM",
        "Dự kiến thời điểm triển khai đầy đủ PA BĐANM",
        "Đã kiểm tra, đánh giá ANM",
    ];
    columns.iter().enumerate().map(|(i, c)| format!("{c}\n({})", i + 1)).collect()
}

/// Section 1's figures as the templates see them.
fn annual_figures(figures: [usize; 6]) -> Value {
    json!({
        "total": figures[0],
        "classified": figures[1],
        "dossier": figures[2],
        "appraised": figures[3],
        "approved": figures[4],
        "inspected": figures[5],
    })
}

/// The year of an annual report and its data period.
fn annual_period(p: &crate::model::AnnualPeriod) -> Value {
    let (from, to) = p.data_period();
    json!({ "year": p.year, "data_from": vn::short_date(from), "data_to": vn::short_date(to) })
}

/// Section 2 as the templates see it.
fn annual_owners(owners: &[crate::model::OwnerInfo]) -> Vec<Value> {
    owners.iter().map(|o| json!({ "owner": party(&o.owner), "unit": party(&o.security_unit) })).collect()
}

/// The variables of the annual report's templates (`templates/annual.md`, Mẫu số 08).
fn annual_context(doc: &Document, a: &crate::model::Annual) -> Value {
    let figures = a.figures();
    let [systems, national_security, compliance, requirements] = annual_rows(a);
    json!({
        "issuer": issuer(doc),
        "submit_to": { "name": doc.submit_to.name, "email": doc.submit_to.email },
        "period": annual_period(&a.period),
        "role": a.period.role.name(),
        "figures": annual_figures(figures),
        "completion_expected": a.completion_expected.map(vn::short_date),
        "all_approved": figures[4] == figures[0],
        "owners": annual_owners(&a.owners),
        "columns": annual_columns(),
        "systems": numbered(systems),
        "national_security": numbered(national_security),
        "compliance": numbered(compliance),
        "requirements": numbered(requirements),
    })
}

/// The variables of the assessment templates (`templates/assessment.md`).
fn assessment_context(doc: &Document, a: &Assessment) -> Value {
    // `6 tháng đầu năm 2020`, its numbers bound to their words as the templates' own are
    let label = bind::numbers(&a.period.label());
    let mut all_passed = 0u64;
    let mut all_total = 0u64;
    let mut all_findings = 0usize;
    let mut severity_totals = [0usize; 4];
    let mut status_totals = [0usize; 3];
    let systems: Vec<Value> = a
        .systems
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let findings = s.ordered_findings();
            let by_severity: Vec<usize> =
                Severity::ALL.iter().map(|sev| findings.iter().filter(|f| f.severity == *sev).count()).collect();
            let by_status: Vec<usize> =
                Status::ALL.iter().map(|st| findings.iter().filter(|f| f.status == *st).count()).collect();
            for (t, n) in severity_totals.iter_mut().zip(&by_severity) {
                *t += n;
            }
            for (t, n) in status_totals.iter_mut().zip(&by_status) {
                *t += n;
            }
            all_findings += findings.len();
            let passed = u64::from(s.management.passed + s.technical.passed);
            let total = u64::from(s.management.total + s.technical.total);
            all_passed += passed;
            all_total += total;
            json!({
                "stt": i + 1,
                "name": s.name,
                "level": s.level,
                "from": vn::short_date(s.from),
                "to": vn::short_date(s.to),
                "scope": s.scope,
                "scope_lines": s.scope.as_ref().is_some_and(|t| t.contains('\n')),
                "method": s.method,
                "management": check(s.management),
                "technical": check(s.technical),
                "checks": { "passed": passed, "total": total, "percent": vn::percent(passed, total) },
                "findings": findings.iter().enumerate().map(|(j, f)| json!({
                    "stt": j + 1,
                    "id": f.id,
                    "title": f.title,
                    "asset": f.asset,
                    "severity": f.severity.label(),
                    "status": f.status.label(),
                    "recommendation": f.recommendation,
                })).collect::<Vec<_>>(),
                "by_severity": Severity::ALL.iter().zip(&by_severity)
                    .map(|(sev, n)| json!({ "label": sev.label(), "count": n })).collect::<Vec<_>>(),
                "by_status": Status::ALL.iter().zip(&by_status)
                    .map(|(st, n)| json!({ "label": st.label(), "count": n })).collect::<Vec<_>>(),
                "severity_words": severity_words(&by_severity),
                "status_words": status_words(&by_status),
                "meets": s.meets(),
                // `meets`, `mostly`, `not`: the group that words a derived conclusion
                "group": match s.conclusion_group() {
                    Conclusion::Meets => "meets",
                    Conclusion::MostlyMeets => "mostly",
                    Conclusion::DoesNotMeet => "not",
                },
                "conclusion": s.conclusion,
            })
        })
        .collect();
    let meeting = a.systems.iter().filter(|s| s.meets()).count();
    let not_meeting: Vec<&str> = a.systems.iter().filter(|s| !s.meets()).map(|s| s.name.as_str()).collect();
    // the systems by conclusion, the most favourable group first; empty groups left out
    let groups: Vec<Value> = Conclusion::ALL
        .iter()
        .filter_map(|g| {
            let names: Vec<&str> =
                a.systems.iter().filter(|s| s.conclusion_group() == *g).map(|s| s.name.as_str()).collect();
            (!names.is_empty()).then(
                || json!({ "label": crate::vn::capitalize_first(g.label()), "count": names.len(), "systems": names }),
            )
        })
        .collect();
    json!({
        "issuer": issuer(doc),
        "submit_to": { "name": doc.submit_to.name, "email": doc.submit_to.email },
        "period": { "year": a.period.year, "half": a.period.half, "label": label },
        "due": vn::short_date(a.due_date()),
        "assessor": {
            "name": a.assessor.name,
            "monitoring_provider": a.assessor.monitoring_provider,
            "independent": a.independent(),
        },
        "systems": systems,
        "totals": {
            "systems": a.systems.len(),
            "meeting": meeting,
            "passed": all_passed,
            "total": all_total,
            "percent": vn::percent(all_passed, all_total),
            "findings": all_findings,
            "by_severity": Severity::ALL.iter().zip(severity_totals)
                .map(|(sev, n)| json!({ "label": sev.label(), "count": n })).collect::<Vec<_>>(),
            "by_status": Status::ALL.iter().zip(status_totals)
                .map(|(st, n)| json!({ "label": st.label(), "count": n })).collect::<Vec<_>>(),
            "severity_words": severity_words(&severity_totals),
            "status_words": status_words(&status_totals),
        },
        "not_meeting": not_meeting,
        "groups": groups,
        "recommendations": a.recommendations,
    })
}

/// The variables of the consolidated templates (`templates/consolidated-*.md`). The rows come
/// sorted by the Vietnamese alphabet (the batch sorts them). The per-unit lists (`units`,
/// `difficulties`, `proposals`, `recommendations`) are given whole only when `lists` (a frame
/// without `<!-- each: … -->`); `count` says how long each is.
fn consolidated_context(doc: &Document, c: &Consolidated, lists: bool) -> Result<Value, TemplateError> {
    let issuer = issuer(doc);
    let failed = &c.failed;
    let [first, second, addresses, fourth] = c.notes.counts();
    let rows = c.figures.len();
    // the texts of one list, each with its unit's name, read whole
    let texts = |k: usize| -> Result<Vec<Value>, TemplateError> {
        let mut out = Vec::new();
        for i in 0..rows {
            out.extend(note_values(&c.figures, &c.notes, i, k).map_err(TemplateError::Texts)?);
        }
        Ok(out)
    };
    let mut value = match &*c.figures {
        UnitFigures::Monthly { period, units } => {
            let sum = |f: &dyn Fn(&crate::model::MonthlyFigures) -> u32| -> u32 { units.iter().map(f).sum() };
            let systems = sum(&|u| u.systems);
            let complete = sum(&|u| u.complete);
            json!({
                "issuer": issuer,
                "submit_to": { "name": doc.submit_to.name },
                "period": month_period(period),
                "totals": {
                    "units": units.len() + failed.len(),
                    "reported": units.len(),
                    "systems": systems,
                    "complete": complete,
                    "complete_percent": vn::percent(u64::from(complete), u64::from(systems)),
                    "l1": sum(&|u| u.layers[0]), "l2": sum(&|u| u.layers[1]),
                    "l3": sum(&|u| u.layers[2]), "l4": sum(&|u| u.layers[3]),
                    // each layer: units with it in place for every system that requires it, of
                    // the units where some system requires it (reports.md)
                    "units_with": (0..4).map(|k| json!({
                        "done": units.iter().filter(|u| u.required[k] && u.unit_layers[k]).count(),
                        "of": units.iter().filter(|u| u.required[k]).count(),
                    })).collect::<Vec<_>>(),
                },
                "incidents": {
                    "reported": units.iter().filter(|u| u.incidents.is_some()).count(),
                    "detected": units.iter().filter_map(|u| u.incidents).map(|i| i[0]).sum::<u32>(),
                    "handled": units.iter().filter_map(|u| u.incidents).map(|i| i[1]).sum::<u32>(),
                },
                "levels": (0..5).filter_map(|l| {
                    let n: u32 = units.iter().map(|u| u.by_level[l]).sum();
                    (n > 0).then(|| json!({ "level": l + 1, "count": n }))
                }).collect::<Vec<_>>(),
                "failed": failed,
                "own": { "difficulties": c.own[0], "proposals": c.own[1] },
                "count": { "units": rows, "difficulties": first, "proposals": second, "unit_notes": first + second, "addresses": addresses },
            })
        }
        UnitFigures::Assessment { period, units } => {
            let sum = |f: &dyn Fn(&crate::model::AssessmentFigures) -> u32| -> u32 { units.iter().map(f).sum() };
            let (passed, total) = (sum(&|u| u.passed), sum(&|u| u.total));
            json!({
                "issuer": issuer,
                "submit_to": { "name": doc.submit_to.name },
                "period": { "year": period.year, "half": period.half, "label": bind::numbers(&period.label()) },
                "totals": {
                    "units": units.len() + failed.len(),
                    "reported": units.len(),
                    "systems": sum(&|u| u.systems),
                    "meeting": sum(&|u| u.meeting),
                    "percent": vn::percent(u64::from(passed), u64::from(total)),
                    "findings": sum(&|u| u.findings),
                    "unfixed": sum(&|u| u.unfixed),
                },
                "failed": failed,
                "own": { "difficulties": c.own[0], "proposals": c.own[1] },
                "count": { "units": rows, "recommendations": first, "unit_notes": first, "addresses": addresses },
            })
        }
        UnitFigures::Annual { period, own, units } => {
            let figures: [usize; 6] = std::array::from_fn(|k| units.iter().map(|u| u.figures[k]).sum());
            // section 1 (7): the owner's, checked to be no earlier than any unit's (batch), else
            // the latest unit's
            let latest = units.iter().filter_map(|u| u.completion_expected).max();
            json!({
                "issuer": issuer,
                "submit_to": { "name": doc.submit_to.name, "email": doc.submit_to.email },
                "period": annual_period(period),
                "role": period.role.name(),
                "figures": annual_figures(figures),
                "completion_expected": own.completion_expected.or(latest).map(vn::short_date),
                "all_approved": figures[4] == figures[0],
                "owners": annual_owners(&own.owners),
                "columns": annual_columns(),
                "totals": { "units": units.len() + failed.len(), "reported": units.len() },
                "failed": failed,
                "count": { "units": rows, "systems": first, "national_security": second, "compliance": addresses, "requirements": fourth },
            })
        }
    };
    if lists {
        let map = value.as_object_mut().expect("an object");
        map.insert("units".into(), (0..rows).map(|i| unit_value(&c.figures, i)).collect());
        if let UnitFigures::Annual { .. } = &*c.figures {
            for (k, name) in ["systems", "national_security", "compliance", "requirements"].into_iter().enumerate() {
                let mut all = Vec::new();
                for i in 0..rows {
                    all.extend(row_values(&c.figures, &c.notes, i, k).map_err(TemplateError::Texts)?);
                }
                map.insert(name.into(), numbered(all).into());
            }
            return Ok(value);
        }
        let mut grouped = Vec::new();
        for i in 0..rows {
            if let Some(mut item) = unit_notes(&c.figures, &c.notes, i).map_err(TemplateError::Texts)? {
                item["stt"] = (grouped.len() + 1).into();
                grouped.push(item);
            }
        }
        map.insert("unit_notes".into(), grouped.into());
        let mut addresses = Vec::new();
        for i in 0..rows {
            for mut item in address_values(&c.figures, &c.notes, i).map_err(TemplateError::Texts)? {
                item["stt"] = (addresses.len() + 1).into();
                addresses.push(item);
            }
        }
        map.insert("addresses".into(), addresses.into());
        match &*c.figures {
            UnitFigures::Monthly { .. } => {
                map.insert("difficulties".into(), texts(0)?.into());
                map.insert("proposals".into(), texts(1)?.into());
            }
            UnitFigures::Assessment { .. } => {
                map.insert("recommendations".into(), texts(0)?.into());
            }
            UnitFigures::Annual { .. } => {}
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_every_markdown_character() {
        assert_eq!(
            escape_markdown("* _ # | - 1. [ ] < > & \\ {{ }}"),
            "\\* \\_ \\# \\| \\- 1\\. \\[ \\] \\< \\> \\& \\\\ \\{\\{ \\}\\}"
        );
        assert_eq!(escape_markdown("Sở Thông tin"), "Sở Thông tin");
        assert_eq!(escape_markdown("a\nb"), "a\u{2028}b");
    }

    #[test]
    fn bundled_templates_name_no_legal_text_by_number() {
        // they cite through `law`, so a document of any date cites what is in force on it
        for (name, text) in BUNDLED {
            let named: Vec<&str> =
                crate::law::lapsed_in(text, chrono::NaiveDate::MAX).iter().map(|t| t.number).collect();
            let mentioned: Vec<&str> =
                crate::law::TEXTS.iter().filter(|t| text.contains(t.number)).map(|t| t.number).collect();
            assert!(named.is_empty() && mentioned.is_empty(), "{name} names {named:?} {mentioned:?}");
        }
    }

    #[test]
    fn bundled_templates_compile() {
        Templates::bundled().unwrap();
    }
}
