//! `baocao batch`: every unit's report, in parallel, and the consolidated report.
//!
//! Units are read, checked, rendered and written one by one on a rayon pool (`--jobs`), so memory
//! stays flat as the batch grows: only each unit's figures for the consolidated report are kept.
//! A unit that fails (bad JSON, invalid data, a write error) is recorded and the others go on.
//!
//! Two passes over the units: the first checks each and computes its file name, so names that
//! collide get `-2`, `-3`, … in the order of the source files, the same on every run; the second
//! renders and writes.

use std::cmp::Ordering;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::input::{self, Checked, Problem};
use crate::model::{self, Report};
use crate::output::{self, Format};
use crate::Engine;

/// The most units one batch may hold (input.md: limits are invalid input).
pub const MAX_UNITS: usize = 100_000;

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Formats to write.
    pub formats: Vec<Format>,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Show progress: a bar when stderr is a terminal, else a line per unit. Problems and the
    /// summary always print.
    pub progress: bool,
    /// Also write an e-mail package (`.eml`) for each unit and the consolidated report.
    pub email: Option<EmailOptions>,
}

/// `batch --email`: the sender for units without `issuer.email`, and copies.
#[derive(Debug, Clone, Default)]
pub struct EmailOptions {
    /// Sender when a unit has no `issuer.email`.
    pub from: Option<String>,
    /// Copies.
    pub cc: Vec<String>,
}

/// A batch-level failure: nothing could be done (exit 1 for invalid batch input, 2 for I/O).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The batch input itself is invalid (its defaults, its form).
    #[error("{0}")]
    Invalid(String),
    /// Reading the input or using the output folder failed.
    #[error("{0}")]
    Io(String),
}

/// Where a unit comes from.
#[derive(Debug, Clone)]
enum Unit {
    /// A file of the folder form.
    File(PathBuf),
    /// An item of the file form's `units`.
    Item(usize, Value),
}

impl Unit {
    /// How the unit is named in messages and in the manifest.
    fn label(&self, batch: &Path) -> String {
        match self {
            Unit::File(p) => {
                p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
            }
            Unit::Item(i, _) => format!("{} units[{i}]", batch.display()),
        }
    }
}

/// The batch as read: defaults, the consolidated report's fields, the units.
struct Batch {
    input: PathBuf,
    defaults: Value,
    consolidated: Option<Value>,
    units: Vec<Unit>,
}

/// One unit's result.
#[derive(Debug, Clone)]
pub struct UnitResult {
    /// File name or `batch.json units[3]`.
    pub source: String,
    /// Problems (`error: …`, `warning: …` lines, without the source).
    pub errors: Vec<String>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Its `issuer.name` when it could be read.
    pub name: Option<String>,
}

impl UnitResult {
    fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// What a batch did.
#[derive(Debug)]
pub struct Outcome {
    /// Each unit, in source order.
    pub units: Vec<UnitResult>,
    /// The consolidated report's files (none without a `consolidated` object).
    pub consolidated: Vec<PathBuf>,
    /// Problems of the consolidated report.
    pub consolidated_errors: Vec<String>,
    /// The manifest.
    pub manifest: PathBuf,
}

impl Outcome {
    /// Every unit and the consolidated report succeeded.
    pub fn all_ok(&self) -> bool {
        self.units.iter().all(UnitResult::ok) && self.consolidated_errors.is_empty()
    }
}

/// Objects merge key by key, recursively; a unit's array or scalar replaces the default's.
pub fn merge(defaults: &Value, unit: &Value) -> Value {
    match (defaults, unit) {
        (Value::Object(d), Value::Object(u)) => {
            let mut out: Map<String, Value> = d.clone();
            for (k, v) in u {
                let merged = match out.get(k) {
                    Some(dv) => merge(dv, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (_, u) => u.clone(),
    }
}

fn read_json(path: &Path) -> Result<Value, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    input::parse_json(&bytes).map_err(|p| format!("{}: {}", path.display(), p.describe()))
}

/// Reads the batch: a folder (`*.json` in file-name order, `_defaults.json`,
/// `_consolidated.json`) or a file (`{ "defaults", "consolidated", "units" }`).
fn read_batch(input: &Path) -> Result<Batch, BatchError> {
    if input.is_dir() {
        let mut units = Vec::new();
        let entries =
            std::fs::read_dir(input).map_err(|e| BatchError::Io(format!("cannot read {}: {e}", input.display())))?;
        for entry in entries {
            let entry = entry.map_err(|e| BatchError::Io(format!("cannot read {}: {e}", input.display())))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !name.starts_with('_') && entry.path().is_file() {
                units.push(entry.path());
            }
        }
        units.sort();
        let special = |name: &str| -> Result<Option<Value>, BatchError> {
            let p = input.join(name);
            if p.exists() {
                read_json(&p).map(Some).map_err(BatchError::Invalid)
            } else {
                Ok(None)
            }
        };
        Ok(Batch {
            input: input.to_path_buf(),
            defaults: special("_defaults.json")?.unwrap_or_else(|| json!({})),
            consolidated: special("_consolidated.json")?,
            units: units.into_iter().map(Unit::File).collect(),
        })
    } else {
        let value =
            read_json(input).map_err(|e| if input.exists() { BatchError::Invalid(e) } else { BatchError::Io(e) })?;
        let Value::Object(mut map) = value else { unreachable!("parse_json returns objects") };
        if let Some(k) = map
            .keys()
            .find(|k| !["defaults", "consolidated", "units"].contains(&k.as_str()) && !k.starts_with(['_', '$']))
        {
            return Err(BatchError::Invalid(format!(
                "{}: {k}: unknown key; a batch file has \"defaults\", \"consolidated\" and \"units\"",
                input.display()
            )));
        }
        let units = match map.remove("units") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(BatchError::Invalid(format!(
                    "{}: units: required, an array of documents (or give a folder)",
                    input.display()
                )))
            }
        };
        Ok(Batch {
            input: input.to_path_buf(),
            defaults: map.remove("defaults").unwrap_or_else(|| json!({})),
            consolidated: map.remove("consolidated"),
            units: units.into_iter().enumerate().map(|(i, v)| Unit::Item(i, v)).collect(),
        })
    }
}

/// A unit merged with the defaults and checked, plus what it says if kind or period differs from
/// the defaults (a unit may not change them).
fn check_unit(batch: &Batch, unit: &Unit) -> (Option<Value>, Checked) {
    let raw = match unit {
        Unit::File(p) => match std::fs::read(p) {
            Ok(bytes) => match input::parse_json(&bytes) {
                Ok(v) => v,
                Err(problem) => return (None, Checked { document: None, errors: vec![problem], warnings: vec![] }),
            },
            Err(e) => {
                let problem = Problem { place: input::Place::File, message: format!("cannot read the file: {e}") };
                return (None, Checked { document: None, errors: vec![problem], warnings: vec![] });
            }
        },
        Unit::Item(_, v) => v.clone(),
    };
    let merged = merge(&batch.defaults, &raw);
    let mut checked = input::check_value(&merged);
    for key in ["kind", "period"] {
        if let (Some(d), Some(u)) = (batch.defaults.get(key), raw.get(key)) {
            if d != u {
                checked.errors.insert(
                    0,
                    Problem::at(
                        key,
                        format!("{u} differs from the batch's defaults ({d}); a unit may not change its {key}"),
                    ),
                );
                checked.document = None;
            }
        }
    }
    (Some(merged), checked)
}

fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(Problem::describe).collect()
}

/// The unit's `issuer.name`, from the checked document or the raw value.
fn unit_name(value: Option<&Value>, checked: &Checked) -> Option<String> {
    checked
        .document
        .as_ref()
        .map(|d| d.issuer.name.clone())
        .or_else(|| value?.get("issuer")?.get("name")?.as_str().map(crate::vn::nfc_trim))
}

/// The Vietnamese alphabet order (a ă â b c d đ e ê …), by ICU4X's collator for `vi`.
fn vietnamese_order() -> impl Fn(&str, &str) -> Ordering {
    let collator = icu_collator::Collator::try_new(
        icu_locale_core::locale!("vi").into(),
        icu_collator::options::CollatorOptions::default(),
    )
    .expect("compiled collation data for vi");
    move |a, b| collator.compare(a, b)
}

/// Sorts names by the Vietnamese alphabet.
pub fn sort_vietnamese(names: &mut [String]) {
    let cmp = vietnamese_order();
    names.sort_by(|a, b| cmp(a, b));
}

/// Runs a batch into `dir`. Per-unit problems are in the outcome; `Err` is a batch-level failure.
pub fn run(engine: &Engine, input: &Path, dir: &Path, opts: &Options) -> Result<Outcome, BatchError> {
    let started = Instant::now();
    let batch = read_batch(input)?;
    if batch.units.len() > MAX_UNITS {
        return Err(BatchError::Invalid(format!(
            "{}: {} units; the limit is {MAX_UNITS}",
            input.display(),
            batch.units.len()
        )));
    }
    if batch.consolidated.is_some() && (batch.defaults.get("kind").is_none() || batch.defaults.get("period").is_none())
    {
        return Err(BatchError::Invalid(format!(
            "{}: the consolidated report takes kind and period from the defaults; set both there",
            input.display()
        )));
    }
    output::prepare_dir(dir).map_err(|e| BatchError::Io(format!("cannot use output folder {}: {e}", dir.display())))?;

    // The units' texts for the consolidated report, kept in a file while the batch runs.
    let spill = match batch.consolidated {
        Some(_) => Some(
            Spill::new(dir)
                .map_err(|e| BatchError::Io(format!("cannot write a temporary file in {}: {e}", dir.display())))?,
        ),
        None => None,
    };

    // Pass 1: check every unit; its file name.
    let checked: Vec<(Option<String>, UnitResult, Option<FiguresRow>)> = batch
        .units
        .par_iter()
        .map(|unit| {
            let (value, checked) = check_unit(&batch, unit);
            let invalid = !checked.errors.is_empty() || (opts.strict && !checked.warnings.is_empty());
            let mut errors = lines(&checked.errors);
            if opts.strict {
                errors.extend(lines(&checked.warnings));
            }
            let mut result = UnitResult {
                source: unit.label(&batch.input),
                errors,
                warnings: if opts.strict { vec![] } else { lines(&checked.warnings) },
                files: vec![],
                name: unit_name(value.as_ref(), &checked),
            };
            // only what the consolidated report needs, and only when there is one
            let figures = match (&spill, &checked.document) {
                (Some(spill), Some(doc)) if !invalid => match figures_of(doc, spill) {
                    Ok(f) => Some(f),
                    Err(e) => {
                        result.errors.push(format!("cannot keep its texts for the consolidated report: {e}"));
                        None
                    }
                },
                _ => None,
            };
            // a unit whose texts could not be kept fails (its report is not written either)
            let stem = if result.errors.is_empty() { checked.document.as_ref().map(output::file_stem) } else { None };
            (stem, result, figures)
        })
        .collect();

    // File names: a collision gets -2, -3, … in source order.
    let mut taken = std::collections::HashMap::<String, usize>::new();
    let stems: Vec<Option<String>> = checked
        .iter()
        .map(|(stem, _, _)| {
            stem.as_ref().map(|s| {
                let n = taken.entry(s.clone()).or_insert(0);
                *n += 1;
                if *n == 1 {
                    s.clone()
                } else {
                    format!("{s}-{n}")
                }
            })
        })
        .collect();

    // Pass 2: render and write, in parallel. A task allocates nothing that outlives it on success
    // (no clone of the unit's result, no file list): long-lived allocations interleaved with the
    // renderers' large temporary ones fragment the heap, and memory then grows with the batch.
    let done = AtomicUsize::new(0);
    let total = batch.units.len();
    let bar = progress_bar(opts.progress, total);
    let lines_too = opts.progress;
    let failures: Vec<Option<String>> = batch
        .units
        .par_iter()
        .zip(checked.par_iter())
        .zip(stems.par_iter())
        .map(|((unit, (_, result, _)), stem)| {
            let failure = stem.as_ref().and_then(|stem| {
                render_unit(engine, &batch, unit, dir, stem, &opts.formats, opts.email.as_ref()).err()
            });
            let n = done.fetch_add(1, AtomicOrdering::Relaxed) + 1;
            report_progress(bar.as_ref(), lines_too, n, total, result, failure.as_deref());
            failure
        })
        .collect();
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let mut rows: Vec<FiguresRow> = Vec::new();
    let results: Vec<UnitResult> = checked
        .into_iter()
        .zip(stems)
        .zip(failures)
        .map(|(((_, mut result, figures), stem), failure)| {
            if failure.is_none() {
                rows.extend(figures);
            }
            match (failure, stem) {
                (Some(e), _) => result.errors.push(e),
                (None, Some(stem)) => {
                    result.files = opts.formats.iter().map(|f| dir.join(format!("{stem}.{}", f.extension()))).collect();
                    if opts.email.is_some() {
                        result.files.push(dir.join(format!("{stem}.eml")));
                    }
                }
                (None, None) => {}
            }
            result
        })
        .collect();

    // The consolidated report.
    let (mut consolidated, mut consolidated_errors) = (Vec::new(), Vec::new());
    if let Some(fields) = &batch.consolidated {
        let failed: Vec<String> =
            results.iter().filter(|r| !r.ok()).map(|r| r.name.clone().unwrap_or_else(|| r.source.clone())).collect();
        let spill = spill.ok_or_else(|| BatchError::Io("no temporary file for the units' texts".to_owned()))?;
        match consolidate(engine, &batch, fields, rows, spill, failed, dir, &opts.formats, opts.email.as_ref()) {
            Ok(files) => consolidated = files,
            Err(errors) => consolidated_errors = errors,
        }
    }

    // The manifest, written as it is serialised (a batch of thousands of units is never held
    // as JSON).
    let manifest = Manifest {
        input: batch.input.display().to_string(),
        units: ManifestUnits(&results),
        consolidated: batch.consolidated.as_ref().map(|_| ManifestConsolidated {
            status: if consolidated_errors.is_empty() { "ok" } else { "failed" },
            errors: &consolidated_errors,
            files: file_names(&consolidated),
        }),
    };
    let manifest = output::write_atomic_with(dir, "manifest.json", |w| {
        serde_json::to_writer_pretty(&mut *w, &manifest).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
    .map_err(|e| BatchError::Io(format!("cannot write {}: {e}", dir.join("manifest.json").display())))?;

    let files: usize = results.iter().map(|r| r.files.len()).sum::<usize>() + consolidated.len() + 1;
    let ok = results.iter().filter(|r| r.ok()).count();
    eprintln!(
        "{} units: {ok} ok, {} failed; {files} files written in {:.1} s",
        results.len(),
        results.len() - ok,
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome { units: results, consolidated, consolidated_errors, manifest })
}

/// `manifest.json`.
#[derive(serde::Serialize)]
struct Manifest<'a> {
    input: String,
    units: ManifestUnits<'a>,
    consolidated: Option<ManifestConsolidated<'a>>,
}

/// The units of the manifest, serialised one by one from the results.
struct ManifestUnits<'a>(&'a [UnitResult]);

impl serde::Serialize for ManifestUnits<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|r| ManifestUnit {
            source: &r.source,
            status: if r.ok() { "ok" } else { "failed" },
            name: &r.name,
            errors: &r.errors,
            warnings: &r.warnings,
            files: file_names(&r.files),
        }))
    }
}

#[derive(serde::Serialize)]
struct ManifestUnit<'a> {
    source: &'a str,
    status: &'a str,
    name: &'a Option<String>,
    errors: &'a [String],
    warnings: &'a [String],
    files: Vec<Option<std::borrow::Cow<'a, str>>>,
}

#[derive(serde::Serialize)]
struct ManifestConsolidated<'a> {
    status: &'a str,
    errors: &'a [String],
    files: Vec<Option<std::borrow::Cow<'a, str>>>,
}

/// The file names (without their folder) of written files.
fn file_names(files: &[PathBuf]) -> Vec<Option<std::borrow::Cow<'_, str>>> {
    files.iter().map(|f| f.file_name().map(|n| n.to_string_lossy())).collect()
}

/// A unit's figures for the consolidated report (its documents are not kept), and where its
/// texts are in the [`Spill`].
#[derive(Debug, Clone)]
struct FiguresRow {
    figures: Figures,
    texts: Place,
    counts: [usize; 2],
}

#[derive(Debug, Clone)]
enum Figures {
    Monthly(model::MonthlyFigures),
    Assessment(model::AssessmentFigures),
}

impl FiguresRow {
    fn unit(&self) -> &str {
        match &self.figures {
            Figures::Monthly(f) => &f.unit,
            Figures::Assessment(f) => &f.unit,
        }
    }
}

/// Where a unit's texts are in the spill file: offset and length (0: it has none).
type Place = (u64, u32);

/// The units' texts (difficulties and proposals; recommendations), which only the consolidated
/// report needs and which grow with the batch: written to a temporary file in the output folder
/// as the units are checked, read again a unit at a time as the report is drawn. Removed when
/// dropped (and, were the run killed, by the next run: see [`output::prepare_dir`]).
struct Spill {
    file: std::sync::Mutex<(tempfile::NamedTempFile, u64)>,
}

impl Spill {
    fn new(dir: &Path) -> std::io::Result<Spill> {
        Ok(Spill { file: std::sync::Mutex::new((output::scratch_file(dir)?, 0)) })
    }

    /// Keeps the two lists; where they are.
    fn put(&self, texts: [&[String]; 2]) -> std::io::Result<Place> {
        use std::io::Write as _;
        if texts.iter().all(|t| t.is_empty()) {
            return Ok((0, 0));
        }
        let bytes = serde_json::to_vec(&texts).map_err(std::io::Error::other)?;
        let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
        let mut guard = self.file.lock().map_err(|_| std::io::Error::other("a unit's task failed"))?;
        let (file, end) = &mut *guard;
        let at = *end;
        file.write_all(&bytes)?;
        *end += bytes.len() as u64;
        Ok((at, len))
    }
}

/// The spill read back, a row of the sorted figures at a time.
struct SpillStore {
    spill: Spill,
    places: Vec<Place>,
}

impl model::NoteStore for SpillStore {
    fn get(&self, row: usize) -> std::io::Result<[Vec<String>; 2]> {
        use std::io::{Read as _, Seek as _};
        let Some(&(at, len)) = self.places.get(row) else { return Ok(Default::default()) };
        if len == 0 {
            return Ok(Default::default());
        }
        let mut bytes = vec![0; len as usize];
        {
            let mut guard = self.spill.file.lock().map_err(|_| std::io::Error::other("a unit's task failed"))?;
            let (file, end) = &mut *guard;
            file.seek(std::io::SeekFrom::Start(at))?;
            file.read_exact(&mut bytes)?;
            file.seek(std::io::SeekFrom::Start(*end))?;
        }
        serde_json::from_slice(&bytes).map_err(std::io::Error::other)
    }
}

fn figures_of(doc: &model::Document, spill: &Spill) -> std::io::Result<FiguresRow> {
    let (figures, texts) = match &doc.report {
        Report::Monthly(m) => {
            (Figures::Monthly(m.figures(&doc.issuer.name, doc.date)), [&m.difficulties[..], &m.proposals[..]])
        }
        Report::Assessment(a) => (Figures::Assessment(a.figures(&doc.issuer.name)), [&a.recommendations[..], &[][..]]),
        Report::Consolidated(_) => unreachable!("units are monthly or assessment reports"),
    };
    Ok(FiguresRow { figures, texts: spill.put(texts)?, counts: [texts[0].len(), texts[1].len()] })
}

fn render_unit(
    engine: &Engine,
    batch: &Batch,
    unit: &Unit,
    dir: &Path,
    stem: &str,
    formats: &[Format],
    email: Option<&EmailOptions>,
) -> Result<Vec<PathBuf>, String> {
    // Read and check again: the first pass kept only the file name, so memory stays flat.
    let (_, checked) = check_unit(batch, unit);
    let doc = checked.document.ok_or("the unit changed between the two passes")?;
    write_formats(engine, &doc, dir, stem, formats, email)
}

/// Renders `doc` in `formats` (and its e-mail package), each straight into a temporary file in
/// `dir` (a consolidated report of thousands of units is never held), then gives every file its
/// name: a unit whose e-mail cannot be made writes nothing.
fn write_formats(
    engine: &Engine,
    doc: &model::Document,
    dir: &Path,
    stem: &str,
    formats: &[Format],
    email: Option<&EmailOptions>,
) -> Result<Vec<PathBuf>, String> {
    use std::io::Write as _;
    // one document model for every format (and the e-mail's title)
    let model = engine.document(doc).map_err(|e| e.to_string())?;
    let mut pending = Vec::new();
    for f in formats {
        let name = format!("{stem}.{}", f.extension());
        let cannot = |e: &dyn std::fmt::Display| format!("cannot write {name}: {e}");
        let mut file = output::Pending::new(dir, &name).map_err(|e| cannot(&e))?;
        let out = std::io::BufWriter::with_capacity(64 * 1024, file.file());
        let out = match f {
            Format::Docx => engine.docx_to(&model, out),
            Format::Pdf => engine.pdf_to(&model, out),
        }
        .map_err(|e| e.to_string())?;
        out.into_inner().map_err(|e| cannot(&e.into_error()))?.flush().map_err(|e| cannot(&e))?;
        pending.push(file);
    }
    if let Some(opts) = email {
        let mut files = Vec::new();
        for p in &mut pending {
            let name = p.name();
            let bytes = p.read_back().map_err(|e| format!("cannot read back {name}: {e}"))?;
            let mime = if name.ends_with(".pdf") { "application/pdf" } else { crate::mail::DOCX_TYPE };
            files.push(crate::mail::File { name, mime, bytes });
        }
        let eml = crate::mail::build(doc, &model.meta.title, &files, &opts.cc, opts.from.as_deref(), false)
            .map_err(|e| e.to_string())?
            .formatted();
        drop(files);
        let name = format!("{stem}.eml");
        let mut file = output::Pending::new(dir, &name).map_err(|e| format!("cannot write {name}: {e}"))?;
        file.file().write_all(&eml).map_err(|e| format!("cannot write {name}: {e}"))?;
        pending.push(file);
    }
    pending
        .into_iter()
        .map(|p| {
            let name = p.name();
            p.persist().map_err(|e| format!("cannot write {name}: {e}"))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn consolidate(
    engine: &Engine,
    batch: &Batch,
    fields: &Value,
    mut rows: Vec<FiguresRow>,
    spill: Spill,
    failed: Vec<String>,
    dir: &Path,
    formats: &[Format],
    email: Option<&EmailOptions>,
) -> Result<Vec<PathBuf>, Vec<String>> {
    // date, archive and submit_to come from the defaults unless `consolidated` sets them.
    let mut fields = fields.clone();
    if let Value::Object(map) = &mut fields {
        for key in ["date", "archive", "submit_to"] {
            if let (false, Some(v)) = (map.contains_key(key), batch.defaults.get(key)) {
                map.insert(key.to_owned(), v.clone());
            }
        }
    }
    let cmp = vietnamese_order();
    rows.sort_by(|a, b| cmp(a.unit(), b.unit()));
    let kind = batch.defaults.get("kind").and_then(Value::as_str).unwrap_or_default();
    let period = batch.defaults.get("period").cloned().unwrap_or_default();
    let year = period.get("year").and_then(Value::as_i64).unwrap_or_default() as i32;
    // a unit's kind is the defaults' (check_unit), so every row is of this kind; the texts' places
    // follow the rows kept
    let mut places = Vec::with_capacity(rows.len());
    let mut counts = [0, 0];
    let mut keep = |texts: Place, n: [usize; 2]| {
        places.push(texts);
        counts[0] += n[0];
        counts[1] += n[1];
    };
    let figures = if kind == "assessment" {
        let period = model::HalfYear { year, half: period.get("half").and_then(Value::as_u64).map(|h| h as u8) };
        let units = rows
            .into_iter()
            .filter_map(|r| match r.figures {
                Figures::Assessment(f) => {
                    keep(r.texts, r.counts);
                    Some(f)
                }
                Figures::Monthly(_) => None,
            })
            .collect();
        model::UnitFigures::Assessment { period, units }
    } else {
        let period =
            model::MonthPeriod { year, month: period.get("month").and_then(Value::as_u64).unwrap_or(1) as u32 };
        let units = rows
            .into_iter()
            .filter_map(|r| match r.figures {
                Figures::Monthly(f) => {
                    keep(r.texts, r.counts);
                    Some(f)
                }
                Figures::Assessment(_) => None,
            })
            .collect();
        model::UnitFigures::Monthly { period, units }
    };
    let notes = model::Notes::new(std::sync::Arc::new(SpillStore { spill, places }), counts);
    let consolidated = model::Consolidated { figures: std::sync::Arc::new(figures), notes, failed };
    let checked = input::check_consolidated(&fields, consolidated);
    let prefix = |p: &str| format!("consolidated: {p}");
    let Some(doc) = checked.document else {
        return Err(checked.errors.iter().map(|p| prefix(&p.describe())).collect());
    };
    let stem = output::file_stem(&doc);
    write_formats(engine, &doc, dir, &stem, formats, email).map_err(|e| vec![prefix(&e)])
}

fn progress_bar(enabled: bool, total: usize) -> Option<indicatif::ProgressBar> {
    if !enabled || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} units, {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// A line per unit when stderr is not a terminal; the bar otherwise. Problems always print.
fn report_progress(
    bar: Option<&indicatif::ProgressBar>,
    progress: bool,
    n: usize,
    total: usize,
    r: &UnitResult,
    failure: Option<&str>,
) {
    let mut lines = Vec::new();
    for e in r.errors.iter().map(String::as_str).chain(failure) {
        lines.push(format!("error: {}: {e}", r.source));
    }
    for w in &r.warnings {
        lines.push(format!("warning: {}: {w}", r.source));
    }
    match bar {
        Some(bar) => {
            for l in lines {
                bar.println(l);
            }
            bar.set_position(n as u64);
        }
        None => {
            let status = if r.ok() && failure.is_none() { "ok" } else { "failed" };
            if progress {
                lines.push(format!("[{n}/{total}] {}: {status}", r.source));
            }
            if !lines.is_empty() {
                eprintln!("{}", lines.join("\n"));
            }
        }
    }
}
