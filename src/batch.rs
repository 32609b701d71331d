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

use crate::engine::Engine;
use crate::input::{self, Checked, Problem};
use crate::model::{self, Report};
use crate::output::{self, Format};

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
    /// Units rendered at once (`--jobs`), at most [`MAX_JOBS`] and the number of units; `None`:
    /// the current rayon pool (every core).
    pub jobs: Option<usize>,
}

/// The most units rendered at once: the work is on the processor, so more threads than cores
/// only add memory (each holds a report being drawn).
pub const MAX_JOBS: usize = 64;

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
    /// The batch input itself is invalid (its defaults, its consolidated fields, its form): one
    /// line a problem, each naming the file and the place.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
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
    /// How the defaults are named in messages: `DIR/_defaults.json` or `BATCH.json: defaults`.
    defaults_label: String,
    consolidated: Option<(Value, String)>,
    units: Vec<Unit>,
    /// Entries of the folder not read as units (a FIFO, a device, a folder named `*.json`), with why.
    skipped: Vec<(String, String)>,
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
    /// Entries of the folder that are not regular files, with why, not read.
    pub skipped: Vec<(String, String)>,
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

/// One JSON object from a file, read through the bounded reader: too large or not JSON is
/// invalid input (exit 1), unreadable or not a regular file an I/O error (exit 2).
fn read_json(path: &Path, limit: u64) -> Result<Value, BatchError> {
    let bytes = input::file::read(path, limit).map_err(|e| match e {
        input::file::ReadError::TooLarge { .. } => BatchError::Invalid(vec![format!("{}: {e}", path.display())]),
        _ => BatchError::Io(format!("cannot read {}: {e}", path.display())),
    })?;
    input::parse_json(&bytes).map_err(|p| BatchError::Invalid(vec![format!("{}: {}", path.display(), p.describe())]))
}

/// Reads the batch: a folder (`*.json` in file-name order, `_defaults.json`,
/// `_consolidated.json`) or a file (`{ "defaults", "consolidated", "units" }`). `dir` is the
/// output folder: a `manifest.json` baocao wrote there is not a unit.
fn read_batch(input: &Path, dir: &Path) -> Result<Batch, BatchError> {
    if input.is_dir() {
        let cannot = |e: std::io::Error| BatchError::Io(format!("cannot read {}: {e}", input.display()));
        // the manifest of an earlier run into this same folder
        let own_manifest = std::fs::canonicalize(dir.join("manifest.json")).ok();
        let mut units = Vec::new();
        let mut skipped = Vec::new();
        for entry in std::fs::read_dir(input).map_err(cannot)? {
            let path = entry.map_err(cannot)?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if !name.ends_with(".json") || name.starts_with('_') {
                continue;
            }
            if own_manifest.is_some() && std::fs::canonicalize(&path).ok() == own_manifest {
                continue;
            }
            match input::file::regular(&path) {
                Ok(_) => units.push(path),
                Err(e) => skipped.push((name, e.to_string())),
            }
        }
        units.sort();
        skipped.sort();
        let special = |name: &str| -> Result<Option<(Value, String)>, BatchError> {
            let p = input.join(name);
            if std::fs::symlink_metadata(&p).is_ok() {
                Ok(Some((read_json(&p, input::MAX_FILE_BYTES)?, p.display().to_string())))
            } else {
                Ok(None)
            }
        };
        let defaults = special("_defaults.json")?;
        Ok(Batch {
            input: input.to_path_buf(),
            defaults_label: input.join("_defaults.json").display().to_string(),
            defaults: defaults.map_or_else(|| json!({}), |(v, _)| v),
            consolidated: special("_consolidated.json")?,
            units: units.into_iter().map(Unit::File).collect(),
            skipped,
        })
    } else {
        let value = read_json(input, input::file::MAX_BATCH_FILE_BYTES)?;
        let Value::Object(mut map) = value else {
            return Err(BatchError::Invalid(vec![format!("{}: expected a JSON object", input.display())]));
        };
        if let Some(k) = map
            .keys()
            .find(|k| !["defaults", "consolidated", "units"].contains(&k.as_str()) && !k.starts_with(['_', '$']))
        {
            return Err(BatchError::Invalid(vec![format!(
                "{}: {k}: unknown key; a batch file has \"defaults\", \"consolidated\" and \"units\"",
                input.display()
            )]));
        }
        let units = match map.remove("units") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(BatchError::Invalid(vec![format!(
                    "{}: units: required, an array of documents (or give a folder)",
                    input.display()
                )]))
            }
        };
        Ok(Batch {
            input: input.to_path_buf(),
            defaults_label: format!("{}: defaults", input.display()),
            defaults: map.remove("defaults").unwrap_or_else(|| json!({})),
            consolidated: map.remove("consolidated").map(|v| (v, format!("{}: consolidated", input.display()))),
            units: units.into_iter().enumerate().map(|(i, v)| Unit::Item(i, v)).collect(),
            skipped: Vec::new(),
        })
    }
}

/// A unit merged with the defaults and checked, plus what it says if kind or period differs from
/// the defaults (a unit may not change them).
fn check_unit(batch: &Batch, unit: &Unit, addressee: Option<&Value>) -> (Option<Value>, Checked) {
    let raw = match unit {
        Unit::File(p) => match input::file::read(p, input::MAX_FILE_BYTES) {
            Ok(bytes) => match input::parse_json(&bytes) {
                Ok(v) => v,
                Err(problem) => return (None, Checked { document: None, errors: vec![problem], warnings: vec![] }),
            },
            Err(e) => {
                let message = match e {
                    input::file::ReadError::TooLarge { .. } => e.to_string(),
                    _ => format!("cannot read the file: {e}"),
                };
                let problem = Problem { place: input::Place::File, message };
                return (None, Checked { document: None, errors: vec![problem], warnings: vec![] });
            }
        },
        Unit::Item(_, v) => v.clone(),
    };
    let mut merged = merge(&batch.defaults, &raw);
    if let (Some(a), Some(obj)) = (addressee, merged.as_object_mut()) {
        obj.entry("submit_to").or_insert_with(|| a.clone());
    }
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
    let batch = read_batch(input, dir)?;
    if batch.units.len() > MAX_UNITS {
        return Err(BatchError::Invalid(vec![format!(
            "{}: {} units; the limit is {MAX_UNITS}",
            input.display(),
            batch.units.len()
        )]));
    }
    // The defaults and the consolidated report's own fields are checked before any unit: a bad
    // value there would fail every unit, or the consolidated report after all of them.
    let label = |at: &str, problems: Vec<Problem>| {
        BatchError::Invalid(problems.iter().map(|p| format!("{at}: {}", p.describe())).collect())
    };
    let period = input::check_defaults(&batch.defaults).map_err(|p| label(&batch.defaults_label, p))?;
    let consolidated = match &batch.consolidated {
        None => None,
        Some((fields, at)) => {
            let Some(period) = period else {
                return Err(BatchError::Invalid(vec![format!(
                    "{}: the consolidated report takes kind and period from the defaults; set both there",
                    input.display()
                )]));
            };
            // date, archive and submit_to come from the defaults unless `consolidated` sets them
            let mut fields = fields.clone();
            if let Value::Object(map) = &mut fields {
                for key in ["date", "archive", "submit_to"] {
                    if let (false, Some(v)) = (map.contains_key(key), batch.defaults.get(key)) {
                        map.insert(key.to_owned(), v.clone());
                    }
                }
            }
            let (checked, warnings) = input::check_consolidated(&fields).map_err(|p| label(at, p))?;
            // its warnings, like a unit's: printed, or under --strict errors that stop the batch
            if opts.strict && !warnings.is_empty() {
                return Err(label(at, warnings));
            }
            for w in &warnings {
                eprintln!("warning: {at}: {}", w.describe());
            }
            Some((checked, period))
        }
    };
    output::prepare_dir(dir).map_err(|e| BatchError::Io(format!("cannot use output folder {}: {e}", dir.display())))?;
    for (name, why) in &batch.skipped {
        eprintln!("warning: {}: skipped, {why}", batch.input.join(name).display());
    }
    match opts.jobs {
        None => run_units(engine, &batch, consolidated, dir, opts, started),
        Some(asked) => {
            let jobs = asked.clamp(1, MAX_JOBS).min(batch.units.len().max(1));
            if jobs < asked {
                eprintln!(
                    "note: {jobs} units at once, not {asked}: at most {MAX_JOBS}, and no more than the batch's {} units",
                    batch.units.len()
                );
            }
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .map_err(|e| BatchError::Io(format!("cannot start {jobs} threads: {e}")))?;
            pool.install(|| run_units(engine, &batch, consolidated, dir, opts, started))
        }
    }
}

/// The consolidated report's own fields, checked, and the batch's kind and period.
type ConsolidatedInput = (input::ConsolidatedFields, input::BatchPeriod);

/// The units of a checked batch, in parallel on the current pool, then the consolidated report
/// and the manifest.
fn run_units(
    engine: &Engine,
    batch: &Batch,
    consolidated_input: Option<ConsolidatedInput>,
    dir: &Path,
    opts: &Options,
    started: Instant,
) -> Result<Outcome, BatchError> {
    // The units' texts for the consolidated report, kept in a file while the batch runs.
    let spill = match consolidated_input {
        Some(_) => Some(
            Spill::new(dir)
                .map_err(|e| BatchError::Io(format!("cannot write a temporary file in {}: {e}", dir.display())))?,
        ),
        None => None,
    };

    // A unit's report goes to the consolidating issuer unless the unit or the defaults say
    // otherwise (reports.md, "Consolidated report"); it needs the issuer's mailbox.
    let addressee = consolidated_input.as_ref().and_then(|(fields, _)| {
        let issuer = fields.issuer();
        issuer.email.as_ref().map(|email| serde_json::json!({ "name": issuer.running_name(), "email": email }))
    });

    // Pass 1: check every unit; its file name.
    let checked: Vec<(Option<String>, UnitResult, Option<FiguresRow>)> = batch
        .units
        .par_iter()
        .map(|unit| {
            let (value, checked) = check_unit(batch, unit, addressee.as_ref());
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
                (Some(spill), Some(doc)) if !invalid => match figures_of(doc, spill, &result.source) {
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

    let stems = unique_stems(checked.iter().map(|(stem, _, _)| stem.as_deref()));

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
                render_unit(engine, batch, unit, addressee.as_ref(), dir, stem, &opts.formats, opts.email.as_ref())
                    .err()
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
    let consolidating = consolidated_input.is_some();
    if let (Some((fields, period)), Some(spill)) = (consolidated_input, spill) {
        let failed: Vec<String> =
            results.iter().filter(|r| !r.ok()).map(|r| r.name.clone().unwrap_or_else(|| r.source.clone())).collect();
        match consolidate(engine, fields, period, rows, spill, failed, dir, &opts.formats, opts.email.as_ref()) {
            Ok(files) => consolidated = files,
            Err(errors) => consolidated_errors = errors,
        }
    }

    // The manifest, written as it is serialised (a batch of thousands of units is never held
    // as JSON).
    let manifest = Manifest {
        input: batch.input.display().to_string(),
        units: ManifestUnits(&results),
        skipped: batch.skipped.iter().map(|(source, reason)| ManifestSkipped { source, reason }).collect(),
        consolidated: consolidating.then(|| ManifestConsolidated {
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
    Ok(Outcome { units: results, skipped: batch.skipped.clone(), consolidated, consolidated_errors, manifest })
}

/// File names in source order, unique by construction: the first unit of a name keeps it, a later
/// one gets the first `-2`, `-3`, … that no unit of the batch has or has been given (a unit whose
/// own name ends in `-2` keeps it).
fn unique_stems<'a>(stems: impl Iterator<Item = Option<&'a str>> + Clone) -> Vec<Option<String>> {
    use std::collections::HashSet;
    let all: HashSet<&str> = stems.clone().flatten().collect();
    let mut given: HashSet<String> = HashSet::new();
    stems
        .map(|stem| {
            let stem = stem?;
            if given.insert(stem.to_owned()) {
                return Some(stem.to_owned());
            }
            let name = (2..)
                .map(|n| format!("{stem}-{n}"))
                .find(|c| !all.contains(c.as_str()) && !given.contains(c))
                .unwrap_or_default();
            given.insert(name.clone());
            Some(name)
        })
        .collect()
}

/// `manifest.json`.
#[derive(serde::Serialize)]
struct Manifest<'a> {
    input: String,
    units: ManifestUnits<'a>,
    /// Entries of the folder that are not regular files, not read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skipped: Vec<ManifestSkipped<'a>>,
    consolidated: Option<ManifestConsolidated<'a>>,
}

#[derive(serde::Serialize)]
struct ManifestSkipped<'a> {
    source: &'a str,
    reason: &'a str,
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
    counts: [usize; 3],
    /// The unit's parent and its source: what tells two units of the same name apart.
    parent: Option<String>,
    source: String,
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

    /// Keeps the lists; where they are.
    fn put(&self, texts: [&[String]; 3]) -> std::io::Result<Place> {
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
    fn get(&self, row: usize) -> std::io::Result<model::UnitTexts> {
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

fn figures_of(doc: &model::Document, spill: &Spill, source: &str) -> std::io::Result<FiguresRow> {
    // each system with public addresses: `name` ADDRESSES `address\naddress`
    let addresses: Vec<String> = match &doc.report {
        Report::Monthly(m) => m
            .systems
            .iter()
            .filter(|s| !s.public_ips.is_empty())
            .map(|s| format!("{}{}{}", s.name, model::ADDRESSES, s.public_ips.join("\n")))
            .collect(),
        _ => Vec::new(),
    };
    let (figures, texts) = match &doc.report {
        Report::Monthly(m) => (
            Figures::Monthly(m.figures(&doc.issuer.name, doc.date)),
            [&m.difficulties[..], &m.proposals[..], &addresses[..]],
        ),
        Report::Assessment(a) => {
            (Figures::Assessment(a.figures(&doc.issuer.name)), [&a.recommendations[..], &[][..], &[][..]])
        }
        Report::Consolidated(_) => unreachable!("units are monthly or assessment reports"),
    };
    Ok(FiguresRow {
        figures,
        texts: spill.put(texts)?,
        counts: [texts[0].len(), texts[1].len(), texts[2].len()],
        parent: doc.issuer.parent.clone(),
        source: source.to_owned(),
    })
}

#[allow(clippy::too_many_arguments)]
fn render_unit(
    engine: &Engine,
    batch: &Batch,
    unit: &Unit,
    addressee: Option<&Value>,
    dir: &Path,
    stem: &str,
    formats: &[Format],
    email: Option<&EmailOptions>,
) -> Result<Vec<PathBuf>, String> {
    // Read and check again: the first pass kept only the file name, so memory stays flat.
    let (_, checked) = check_unit(batch, unit, addressee);
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
    fields: input::ConsolidatedFields,
    period: input::BatchPeriod,
    mut rows: Vec<FiguresRow>,
    spill: Spill,
    failed: Vec<String>,
    dir: &Path,
    formats: &[Format],
    email: Option<&EmailOptions>,
) -> Result<Vec<PathBuf>, Vec<String>> {
    let cmp = vietnamese_order();
    rows.sort_by(|a, b| cmp(a.unit(), b.unit()));
    tell_apart(&mut rows);
    // a unit's kind is the defaults' (check_unit), so every row is of this kind; the texts' places
    // follow the rows kept
    let mut places = Vec::with_capacity(rows.len());
    let mut counts = [0, 0, 0];
    let mut keep = |texts: Place, n: [usize; 3]| {
        places.push(texts);
        for (c, n) in counts.iter_mut().zip(n) {
            *c += n;
        }
    };
    let figures = match period {
        input::BatchPeriod::Assessment(period) => {
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
        }
        input::BatchPeriod::Monthly(period) => {
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
        }
    };
    let notes = model::Notes::new(std::sync::Arc::new(SpillStore { spill, places }), counts);
    let consolidated =
        model::Consolidated { figures: std::sync::Arc::new(figures), notes, failed, own: Default::default() };
    let doc = fields.document(consolidated);
    let prefix = |p: &str| format!("consolidated: {p}");
    let stem = output::file_stem(&doc);
    write_formats(engine, &doc, dir, &stem, formats, email).map_err(|e| vec![prefix(&e)])
}

/// Two units of the same `issuer.name` are told apart in the consolidated report (reports.md):
/// each named with its parent, or its file name when the parents are the same too.
fn tell_apart(rows: &mut [FiguresRow]) {
    let mut by_name: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_name.entry(crate::vn::fold_key(r.unit())).or_default().push(i);
    }
    for same in by_name.values().filter(|v| v.len() > 1) {
        let parents: std::collections::HashSet<Option<String>> = same.iter().map(|&i| rows[i].parent.clone()).collect();
        let by_parent = parents.len() == same.len() && !parents.contains(&None);
        for &i in same {
            let tag = match &rows[i].parent {
                Some(p) if by_parent => p.clone(),
                _ => rows[i].source.clone(),
            };
            let unit = match &mut rows[i].figures {
                Figures::Monthly(f) => &mut f.unit,
                Figures::Assessment(f) => &mut f.unit,
            };
            *unit = format!("{unit} ({tag})");
        }
    }
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
