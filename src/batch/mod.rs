//! `baocao batch`: every unit's report, in parallel, and the consolidated report.
//!
//! Units are read, checked, rendered and written one by one on a rayon pool (`--jobs`), so memory
//! stays flat as the batch grows: only each unit's figures for the consolidated report are kept.
//! A unit that fails (bad JSON, invalid data, a write error) is recorded and the others go on.
//!
//! Two passes over the units: the first checks each and computes its file name, so names that
//! collide get `-2`, `-3`, … in the order of the source files, the same on every run; the second
//! renders and writes.
//!
//! The jobs, a file each: [`read`] (the batch and each unit, checked), [`merge`] (a unit over the
//! defaults), [`spill`] (the units' texts kept on disk for the consolidated report),
//! [`consolidate`] (the consolidated report), [`manifest`] (`manifest.json`), [`progress`] (what
//! the batch tells its caller as it runs); this file runs them.

mod consolidate;
mod manifest;

pub mod progress;
mod read;
mod spill;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::Value;

use crate::engine::Engine;
pub use crate::input::merge::merge;
use crate::input::{self, Problem};
use crate::messages::tr;
use crate::output::{self, Format};
use crate::publish;
use consolidate::FiguresRow;
pub use progress::{Notice, Progress, Quiet};
use read::{check_unit, lines, read_batch, unit_name, Batch, Digest, ForUnits, Unit};
use spill::Spill;

/// The most units one batch may hold (input.md: limits are invalid input).
pub const MAX_UNITS: usize = 100_000;

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Formats to write.
    pub formats: Vec<Format>,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Also write an e-mail package (`.eml`) for each unit and the consolidated report.
    pub email: Option<EmailOptions>,
    /// Units rendered at once (`--jobs`), at most [`MAX_JOBS`] and the number of units; `None`:
    /// the current rayon pool (every core).
    pub jobs: Option<usize>,
    /// The config file's `[document]` (issue 28): the consolidated report's fields that neither it
    /// nor the defaults give. A unit's are its own (and the defaults').
    pub base: Option<serde_json::Map<String, Value>>,
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

impl EmailOptions {
    fn package(&self) -> publish::Email<'_> {
        publish::Email { from: self.from.as_deref(), cc: &self.cc, signed_pdf: None, signers: &[] }
    }
}

/// A batch-level failure: nothing could be done (exit 1 for invalid batch input, 2 for I/O).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The batch input itself is invalid (its defaults, its consolidated fields, its form): one
    /// line a problem, each naming the file and the place.
    Invalid(Vec<String>),
    /// The batch's input could not be read.
    Read {
        /// The folder or file.
        path: PathBuf,
        /// Why.
        #[source]
        source: input::file::ReadError,
    },
    /// The output folder cannot be made or used.
    OutputDir {
        /// The folder.
        dir: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The scratch file of the units' texts cannot be made in the output folder.
    Scratch {
        /// The output folder.
        dir: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file the batch would write cannot take its name (a signed PDF there, or not a regular
    /// file): nothing was written.
    Target {
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The manifest cannot be written.
    Manifest {
        /// Its path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The threads of `--jobs` cannot be started.
    Threads {
        /// How many.
        jobs: usize,
        /// Why.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            BatchError::Invalid(lines) => lines.join("\n"),
            BatchError::Read { path, source } => tr!("cannot read {path}: {e}", path = path.display(), e = source),
            BatchError::OutputDir { dir, source } => {
                tr!("cannot use output folder {path}: {e}", path = dir.display(), e = source)
            }
            BatchError::Scratch { dir, source } => {
                tr!("cannot write a temporary file in {dir}: {e}", dir = dir.display(), e = source)
            }
            BatchError::Target { source } => tr!("{e}; nothing written", e = source),
            BatchError::Manifest { path, source } => tr!("cannot write {path}: {e}", path = path.display(), e = source),
            BatchError::Threads { jobs, source } => tr!("cannot start {jobs} threads: {e}", jobs, e = source),
        };
        f.write_str(&text)
    }
}

/// Why a valid unit's files were not written.
#[derive(Debug, thiserror::Error)]
pub enum UnitFailure {
    /// Rendering or writing failed.
    #[error(transparent)]
    Write(#[from] publish::WriteError),
    /// The unit's file changed between the two passes (checked and counted, then rendered).
    #[error("{}", crate::messages::unit_changed())]
    Changed,
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
    /// It has no error.
    pub fn ok(&self) -> bool {
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
    /// How long the batch took.
    pub elapsed: Duration,
}

impl Outcome {
    /// Every unit and the consolidated report succeeded.
    pub fn all_ok(&self) -> bool {
        self.units.iter().all(UnitResult::ok) && self.consolidated_errors.is_empty()
    }

    /// Units that succeeded.
    pub fn ok_units(&self) -> usize {
        self.units.iter().filter(|r| r.ok()).count()
    }

    /// Files written: every unit's, the consolidated report's and the manifest.
    pub fn files_written(&self) -> usize {
        self.units.iter().map(|r| r.files.len()).sum::<usize>() + self.consolidated.len() + 1
    }
}

/// Runs a batch into `dir`, telling `progress` as it goes. Per-unit problems are in the outcome;
/// `Err` is a batch-level failure.
pub fn run(
    engine: &Engine,
    input: &Path,
    dir: &Path,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Outcome, BatchError> {
    let started = Instant::now();
    let mut batch = read_batch(input, dir)?;
    batch.base = opts.base.clone();
    if batch.units.len() > MAX_UNITS {
        return Err(BatchError::Invalid(vec![tr!(
            "{input}: {n} units; the limit is {max}",
            input = input.display(),
            n = batch.units.len(),
            max = MAX_UNITS
        )]));
    }
    let consolidated = head(engine, &batch, opts.strict, progress)?;
    output::prepare_dir(dir).map_err(|source| BatchError::OutputDir { dir: dir.to_path_buf(), source })?;
    for (name, why) in &batch.skipped {
        progress.notice(&Notice::Skipped { path: batch.input.join(name), why: why.clone() });
    }
    match opts.jobs {
        None => run_units(engine, &batch, consolidated, dir, opts, progress, started),
        Some(asked) => {
            let jobs = asked.clamp(1, MAX_JOBS).min(batch.units.len().max(1));
            if jobs < asked {
                progress.notice(&Notice::FewerJobs { jobs, asked, max: MAX_JOBS, units: batch.units.len() });
            }
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .map_err(|source| BatchError::Threads { jobs, source })?;
            pool.install(|| run_units(engine, &batch, consolidated, dir, opts, progress, started))
        }
    }
}

/// The defaults and the consolidated report's own fields, checked before any unit: a bad value
/// there would fail every unit, or the consolidated report after all of them.
fn head(
    engine: &Engine,
    batch: &Batch,
    strict: bool,
    progress: &dyn Progress,
) -> Result<Option<ConsolidatedInput>, BatchError> {
    let input = &batch.input;
    let label = |at: &str, problems: Vec<Problem>| {
        BatchError::Invalid(problems.iter().map(|p| format!("{at}: {}", p.describe())).collect())
    };
    let period = input::check_defaults(&batch.defaults).map_err(|p| label(&batch.defaults_label, p))?;
    let consolidated = match &batch.consolidated {
        None => None,
        Some((fields, at)) => {
            // the owner's report consolidates its units' reports, sent to it before 20 December
            if let Some(input::BatchPeriod::Annual(p)) = period {
                if p.role != crate::model::AnnualRole::Unit {
                    return Err(BatchError::Invalid(vec![tr!(
                        "{defaults}: role: \"{role}\": the units of a batch whose consolidated report ({at}) is the system owner's report send theirs to it with role \"unit\" (Decree 331/2026/NĐ-CP Art. 35.4); set \"role\": \"unit\"",
                        defaults = batch.defaults_label,
                        role = p.role.name(),
                        at
                    )]));
                }
            }
            let Some(period) = period else {
                return Err(BatchError::Invalid(vec![tr!(
                    "{input}: the consolidated report takes kind and period from the defaults; set both there",
                    input = input.display()
                )]));
            };
            // date, archive and submit_to come from the defaults unless `consolidated` sets them
            let mut fields = fields.clone();
            if let Value::Object(map) = &mut fields {
                // an annual batch's defaults address the units' reports to their owner; the
                // owner's own goes to Bộ Công an, given in its own fields
                let inherited: &[&str] = match period {
                    input::BatchPeriod::Annual(_) => &["date", "archive"],
                    _ => &["date", "archive", "submit_to"],
                };
                for &key in inherited {
                    if let (false, Some(v)) = (map.contains_key(key), batch.defaults.get(key)) {
                        map.insert(key.to_owned(), v.clone());
                    }
                }
            }
            let fields = input::under(batch.base.as_ref(), fields);
            let (checked, mut warnings) = input::check_consolidated(&fields, period).map_err(|p| label(at, p))?;
            // its templates, for its date (annual.md: a lapsed text named is warned of)
            let kind = crate::model::DocKind { kind: period.kind(), consolidated: true };
            warnings.extend(engine.template_warnings_for(kind, checked.date().unwrap_or(period.period().stamp())));
            // its warnings, like a unit's: printed, or under --strict errors that stop the batch
            if strict && !warnings.is_empty() {
                return Err(label(at, warnings));
            }
            for w in &warnings {
                progress.notice(&Notice::ConsolidatedWarning { at: at.clone(), problem: w.describe() });
            }
            Some((checked, period))
        }
    };
    Ok(consolidated)
}

/// What the consolidated report gives its units: a unit's report goes to the consolidating
/// issuer unless the unit or the defaults say otherwise (reports.md, "Consolidated report"); it
/// needs the issuer's mailbox. An annual unit's systems belong to its owners.
fn for_units(consolidated_input: Option<&ConsolidatedInput>) -> ForUnits {
    ForUnits {
        addressee: consolidated_input.and_then(|(fields, _)| {
            let issuer = fields.issuer();
            issuer.email.as_ref().map(|email| serde_json::json!({ "name": issuer.running_name(), "email": email }))
        }),
        owners: consolidated_input.and_then(|(fields, _)| fields.annual()).map(|own| own.owners.clone()),
    }
}

/// Each of `units` (files) checked as a unit of a batch whose defaults are the file `defaults`
/// (and whose consolidated report is the `_consolidated.json` beside it, when there is one), as
/// `batch` checks it: `validate --defaults`, so that a unit checks its own form.
/// A unit that is not a file to read (missing, a FIFO, a folder) is an `Err`, as `validate` says
/// of it without `--defaults`.
/// `base`: the config file's `[document]`, for the consolidated report as `batch` gives it.
pub fn check_units(
    engine: &Engine,
    defaults: &Path,
    units: &[PathBuf],
    base: Option<serde_json::Map<String, Value>>,
) -> Result<Vec<std::io::Result<input::Checked>>, BatchError> {
    let folder = defaults.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let beside = folder.join("_consolidated.json");
    let consolidated = match std::fs::symlink_metadata(&beside) {
        Ok(_) => Some((read::read_json(&beside, input::MAX_FILE_BYTES)?, beside.display().to_string())),
        Err(_) => None,
    };
    let batch = Batch {
        input: folder.to_path_buf(),
        defaults_label: defaults.display().to_string(),
        defaults: read::read_json(defaults, input::MAX_FILE_BYTES)?,
        consolidated,
        units: Vec::new(),
        skipped: Vec::new(),
        twice: Default::default(),
        base,
    };
    let consolidated = head(engine, &batch, false, &progress::Quiet)?;
    let for_units = for_units(consolidated.as_ref());
    Ok(units
        .iter()
        .map(|u| match input::file::read(u, input::MAX_FILE_BYTES) {
            Err(input::file::ReadError::Io(e)) => Err(e),
            Err(e @ input::file::ReadError::NotFile(_)) => {
                Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))
            }
            _ => Ok(read::check_unit(&batch, &read::Unit::File(u.clone()), &for_units).1),
        })
        .collect())
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
    progress: &dyn Progress,
    started: Instant,
) -> Result<Outcome, BatchError> {
    // The units' texts for the consolidated report, kept in a file while the batch runs.
    let spill = match consolidated_input {
        Some(_) => Some(Spill::new(dir).map_err(|source| BatchError::Scratch { dir: dir.to_path_buf(), source })?),
        None => None,
    };

    let for_units = for_units(consolidated_input.as_ref());

    // Pass 1: check every unit; its file name.
    let checked: Vec<Checked> =
        batch.units.par_iter().map(|unit| check_one(engine, batch, unit, &for_units, spill.as_ref(), opts)).collect();

    // one agency counted once: a unit whose agency (name and parent) an earlier unit of the batch
    // reports for fails, and is neither written nor counted (a fourth hostile review: a unit copied
    // under another name, or linked, counted twice in the consolidated report, exit 0)
    let mut checked = checked;
    // (one name under two parents is two agencies; a parent left out is any parent)
    let mut first_of: std::collections::HashMap<String, Vec<(String, String)>> = std::collections::HashMap::new();
    for (stem, result, figures, _) in checked.iter_mut() {
        let Some((name, parent)) = figures.as_ref().map(consolidate::FiguresRow::agency) else { continue };
        let seen = first_of.entry(name).or_default();
        match seen.iter().find(|(p, _)| p == &parent || p.is_empty() || parent.is_empty()) {
            Some((_, first)) => {
                result.errors.push(crate::messages::agency_twice(first));
                (*stem, *figures) = (None, None);
            }
            None => seen.push((parent, result.source.clone())),
        }
    }
    drop(first_of);
    let stems = unique_stems(checked.iter().map(|(stem, _, _, _)| stem.as_deref()));

    // Every file this batch will write may take its name (no signed PDF, nothing but a regular
    // file), asked before any is written: one refused mid-run failed a valid unit and changed
    // the consolidated report (a hostile review)
    let mut targets = vec![dir.join("manifest.json")];
    for stem in stems.iter().flatten() {
        let exts = opts.formats.iter().map(|f| f.extension()).chain(opts.email.as_ref().map(|_| "eml"));
        targets.extend(exts.map(|ext| dir.join(format!("{stem}.{ext}"))));
    }
    // the consolidated report's name is known once it is made: any file named as this batch's
    // consolidated reports are (a signed PDF under its .docx name failed it after the units were
    // written, a second hostile review)
    if let Some((_, period)) = &consolidated_input {
        let kind = crate::model::DocKind { kind: period.kind(), consolidated: true };
        let prefix = format!("{}_{}_", period.period().slug(), kind.slug());
        let entries =
            std::fs::read_dir(dir).map_err(|source| BatchError::OutputDir { dir: dir.to_path_buf(), source })?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // (the names it would write: a file it would not, an .eml without --email, is not its)
            let exts: Vec<&str> =
                opts.formats.iter().map(|f| f.extension()).chain(opts.email.as_ref().map(|_| "eml")).collect();
            let ours = name.rsplit_once('.').is_some_and(|(_, ext)| exts.iter().any(|e| e.eq_ignore_ascii_case(ext)));
            if name.starts_with(&prefix) && ours {
                targets.push(entry.path());
            }
        }
    }
    for target in &targets {
        output::may_replace(target).map_err(|source| BatchError::Target { source })?;
    }

    // Pass 2: render and write, in parallel. A task allocates nothing that outlives it on success
    // (no clone of the unit's result, no file list): long-lived allocations interleaved with the
    // renderers' large temporary ones fragment the heap, and memory then grows with the batch.
    let done = AtomicUsize::new(0);
    let total = batch.units.len();
    progress.start(total);
    let failures: Vec<Option<UnitFailure>> = batch
        .units
        .par_iter()
        .zip(checked.par_iter())
        .zip(stems.par_iter())
        .map(|((unit, (_, result, _, digest)), stem)| {
            let failure = stem.as_ref().and_then(|stem| {
                let email = opts.email.as_ref();
                render_unit(engine, batch, unit, &for_units, dir, stem, *digest, &opts.formats, email).err()
            });
            let n = done.fetch_add(1, AtomicOrdering::Relaxed) + 1;
            progress.unit_done(n, total, result, failure.as_ref());
            failure
        })
        .collect();
    progress.finish();
    let mut rows: Vec<FiguresRow> = Vec::new();
    let results: Vec<UnitResult> = checked
        .into_iter()
        .zip(stems)
        .zip(failures)
        .map(|(((_, mut result, figures, _), stem), failure)| {
            if failure.is_none() {
                rows.extend(figures);
            }
            match (failure, stem) {
                (Some(e), _) => result.errors.push(e.to_string()),
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
        let failed = failed_names(&results);
        let email = opts.email.as_ref().map(EmailOptions::package);
        match consolidate::consolidate(engine, fields, period, rows, spill, failed, dir, &opts.formats, email) {
            Ok(files) => consolidated = files,
            Err(errors) => consolidated_errors = errors,
        }
    }

    let consolidated_status = consolidating.then_some((&consolidated[..], &consolidated_errors[..]));
    let manifest = manifest::write(dir, batch, &results, consolidated_status)
        .map_err(|source| BatchError::Manifest { path: dir.join("manifest.json"), source })?;

    Ok(Outcome {
        units: results,
        skipped: batch.skipped.clone(),
        consolidated,
        consolidated_errors,
        manifest,
        elapsed: started.elapsed(),
    })
}

/// The units that failed, as the consolidated report names them: by `issuer.name` when the
/// reader would take it, else by file; a name another unit of the batch has too, with its file
/// (so the failed one is never taken for the one in the table); in the Vietnamese alphabet.
fn failed_names(results: &[UnitResult]) -> Vec<String> {
    // how many units of each name, each name folded once (folding every name again for each
    // failed unit took 179 s for 10,000 failed units, a hostile review)
    let mut of_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for name in results.iter().filter_map(|r| r.name.as_deref()) {
        *of_name.entry(crate::vn::fold_key(name)).or_default() += 1;
    }
    let mut names: Vec<String> = results
        .iter()
        .filter(|r| !r.ok())
        .map(|r| {
            // a file name as a reader can read it in the report: a line feed or another control
            // character in it shown escaped, in quotes (a hostile review: `a⏎b.json` broke the
            // official report's sentence)
            let source = if r.source.chars().any(char::is_control) {
                crate::input::quote_text(&r.source)
            } else {
                r.source.clone()
            };
            match &r.name {
                Some(name) if of_name.get(&crate::vn::fold_key(name)).is_some_and(|n| *n > 1) => {
                    format!("{name} ({source})")
                }
                Some(name) => name.clone(),
                // a unit whose name could not be read, by the file it sent, in words a công văn
                // says (a hostile review: "chưa được tổng hợp: 06-bomb.xlsx; 08-trunc.xlsx")
                None => match source.rsplit_once(" units[").and_then(|(file, i)| Some((file, i.strip_suffix(']')?))) {
                    Some((file, i)) => match i.parse::<usize>() {
                        Ok(i) => format!("đơn vị thứ {} trong tệp {file}", i + 1),
                        Err(_) => format!("đơn vị gửi tệp {source}"),
                    },
                    None => format!("đơn vị gửi tệp {source}"),
                },
            }
        })
        .collect();
    let cmp = crate::vn::vietnamese_order();
    names.sort_by(|a, b| cmp(a, b));
    names
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
/// A unit after pass 1: its file name (none when it failed), its result so far, its figures for
/// the consolidated report.
type Checked = (Option<String>, UnitResult, Option<FiguresRow>, Option<Digest>);

/// Pass 1 for one unit: checked, its figures and texts kept for the consolidated report (only
/// when there is one), its file name.
fn check_one(
    engine: &Engine,
    batch: &Batch,
    unit: &Unit,
    for_units: &ForUnits,
    spill: Option<&Spill>,
    opts: &Options,
) -> Checked {
    let (source, mut checked) = check_unit(batch, unit, for_units);
    let (value, digest) = source.map_or((None, None), |(v, d)| (Some(v), Some(d)));
    if let Some(doc) = &checked.document {
        checked.warnings.extend(engine.template_warnings(doc));
    }
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
    let figures = match (spill, &checked.document) {
        (Some(spill), Some(doc)) if !invalid => match consolidate::figures_of(doc, spill, &result.source) {
            Ok(f) => Some(f),
            Err(e) => {
                result.errors.push(tr!("cannot keep its texts for the consolidated report: {e}", e));
                None
            }
        },
        _ => None,
    };
    // a unit whose texts could not be kept fails (its report is not written either)
    let stem = if result.errors.is_empty() { checked.document.as_ref().map(output::file_stem) } else { None };
    (stem, result, figures, digest)
}

#[allow(clippy::too_many_arguments)]
fn render_unit(
    engine: &Engine,
    batch: &Batch,
    unit: &Unit,
    for_units: &ForUnits,
    dir: &Path,
    stem: &str,
    digest: Option<Digest>,
    formats: &[Format],
    email: Option<&EmailOptions>,
) -> Result<Vec<PathBuf>, UnitFailure> {
    // Read and check again: the first pass kept only the file name, so memory stays flat. What is
    // rendered must be what was counted: a file changed between the passes (its report said 99
    // incidents, the consolidated report 1, a second hostile review) fails its unit.
    let (source, checked) = check_unit(batch, unit, for_units);
    if source.map(|(_, d)| d) != digest {
        return Err(UnitFailure::Changed);
    }
    let doc = checked.document.ok_or(UnitFailure::Changed)?;
    Ok(publish::write(engine, &doc, dir, stem, formats, email.map(EmailOptions::package))?.files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit's file changed between the passes fails the unit, even when still valid: what is
    /// rendered is what was counted (a second hostile review: its report said 99 incidents, the
    /// consolidated report counted 1).
    #[test]
    fn a_unit_changed_between_the_passes_is_not_rendered() {
        let dir = tempfile::tempdir().unwrap();
        let unit = dir.path().join("u.json");
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/monthly-province.json");
        let mut v: Value = serde_json::from_slice(&std::fs::read(sample).unwrap()).unwrap();
        std::fs::write(&unit, serde_json::to_vec(&v).unwrap()).unwrap();
        let batch = Batch {
            input: dir.path().to_path_buf(),
            defaults: serde_json::json!({}),
            defaults_label: "_defaults.json".to_owned(),
            consolidated: None,
            units: vec![Unit::File(unit.clone())],
            skipped: vec![],
            twice: Default::default(),
            base: None,
        };
        let engine = Engine::bundled().unwrap();
        let opts = Options { formats: vec![Format::Pdf], strict: false, email: None, jobs: None, base: None };
        let (stem, result, _, digest) = check_one(&engine, &batch, &batch.units[0], &ForUnits::default(), None, &opts);
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        let stem = stem.unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        // unchanged: rendered
        let render = |digest| {
            render_unit(
                &engine,
                &batch,
                &batch.units[0],
                &ForUnits::default(),
                &out,
                &stem,
                digest,
                &[Format::Pdf],
                None,
            )
        };
        assert_eq!(render(digest).unwrap().len(), 1);
        // changed, still valid: not rendered
        v["incidents"]["detected"] = 99.into();
        v["incidents"]["handled"] = 99.into();
        std::fs::write(&unit, serde_json::to_vec(&v).unwrap()).unwrap();
        let e = render(digest).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the unit's file changed while the batch ran, after it was checked and counted: its report is not written; run the batch again"
        );
    }
}
