//! Reading a batch: the folder form (`*.json` in file-name order, `_defaults.json`,
//! `_consolidated.json`) or the file form (`{ "defaults", "consolidated", "units" }`), and each
//! unit merged with the defaults and checked.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::BatchError;
use crate::input::merge::merge;
use crate::input::{self, Checked, Problem};
use crate::messages::{not_a_unit, tr};

/// Where a unit comes from.
#[derive(Debug, Clone)]
pub(super) enum Unit {
    /// A file of the folder form.
    File(PathBuf),
    /// An item of the file form's `units`.
    Item(usize, Value),
}

impl Unit {
    /// How the unit is named in messages and in the manifest.
    pub(super) fn label(&self, batch: &Path) -> String {
        match self {
            Unit::File(p) => {
                p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
            }
            // the batch file's name, never its folder: a failed unit is named so in the
            // consolidated report, which goes to another agency
            Unit::Item(i, _) => format!(
                "{} units[{i}]",
                batch.file_name().map_or_else(|| batch.display().to_string(), |n| n.to_string_lossy().into_owned())
            ),
        }
    }
}

/// What a consolidated report gives its units: the addressee of their reports (its issuer, with
/// its e-mail), and in an annual batch the owners of its section 2, whom the units' systems
/// belong to.
#[derive(Debug, Default)]
pub(super) struct ForUnits {
    pub(super) addressee: Option<Value>,
    pub(super) owners: Option<Vec<crate::model::OwnerInfo>>,
}

/// The batch as read: defaults, the consolidated report's fields, the units.
pub(super) struct Batch {
    pub(super) input: PathBuf,
    pub(super) defaults: Value,
    /// How the defaults are named in messages: `DIR/_defaults.json` or `BATCH.json: defaults`.
    pub(super) defaults_label: String,
    pub(super) consolidated: Option<(Value, String)>,
    pub(super) units: Vec<Unit>,
    /// Entries of the folder not read as units (a FIFO, a device, a folder named `*.json`), with why.
    pub(super) skipped: Vec<(String, String)>,
    /// Units given twice in the folder (`01.json` and `01.xlsx`, one name in any case): each
    /// file, and the other files of its name.
    pub(super) twice: std::collections::HashMap<PathBuf, Vec<String>>,
    /// The config file's `[document]` (issue 28): the consolidated report's fields it lacks, after
    /// the defaults' (config < defaults < its own).
    pub(super) base: Option<serde_json::Map<String, Value>>,
}

/// One JSON object from a file, read through the bounded reader: too large or not JSON is
/// invalid input (exit 1), unreadable or not a regular file an I/O error (exit 2).
pub(super) fn read_json(path: &Path, limit: u64) -> Result<Value, BatchError> {
    let bytes = input::file::read(path, limit).map_err(|e| match e {
        input::file::ReadError::TooLarge { .. } => BatchError::Invalid(vec![format!("{}: {e}", path.display())]),
        e => BatchError::Read { path: path.to_path_buf(), source: e },
    })?;
    input::parse_json(&bytes).map_err(|p| BatchError::Invalid(vec![format!("{}: {}", path.display(), p.describe())]))
}

/// A `manifest.json` baocao wrote: an object of its keys only (`input`, `units`, `skipped`,
/// `consolidated`), its `units` a list.
fn is_manifest(path: &Path) -> bool {
    let Ok(Value::Object(map)) = read_json(path, input::file::MAX_BATCH_FILE_BYTES) else { return false };
    map.get("input").is_some_and(Value::is_string)
        && map.get("units").is_some_and(Value::is_array)
        && map.keys().all(|k| ["input", "units", "skipped", "consolidated"].contains(&k.as_str()))
}

/// Reads the batch: a folder (`*.json` in file-name order, `_defaults.json`,
/// `_consolidated.json`) or a file (`{ "defaults", "consolidated", "units" }`). `dir` is the
/// output folder: a `manifest.json` baocao wrote there is not a unit.
pub(super) fn read_batch(input: &Path, dir: &Path) -> Result<Batch, BatchError> {
    if input.is_dir() {
        let cannot =
            |e: std::io::Error| BatchError::Read { path: input.to_path_buf(), source: input::file::ReadError::from(e) };
        // the manifest of an earlier run into this same folder
        let own_manifest = std::fs::canonicalize(dir.join("manifest.json")).ok();
        let mut units = Vec::new();
        let mut skipped = Vec::new();
        for entry in std::fs::read_dir(input).map_err(cannot)? {
            let path = entry.map_err(cannot)?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            // the batch's own files, read apart
            // (and the working folder's settings file, which is no unit either)
            if name == "_defaults.json" || name == "_consolidated.json" || name == "baocao.toml" {
                continue;
            }
            // every other entry is a unit, or is listed with why it is not (a name's case does
            // not make a unit: `X.JSON` is one)
            let lower = name.to_lowercase();
            let why_not = if lower.starts_with("~$") || lower.starts_with(".~lock") {
                Some(not_a_unit::lock_file().to_owned())
            } else if name.starts_with('.') {
                Some(not_a_unit::hidden().to_owned())
            } else if name.starts_with('_') {
                Some(not_a_unit::underscore().to_owned())
            } else if !(lower.ends_with(".json")
                || input::is_workbook(&path)
                || input::other_spreadsheet(&path).is_some())
            {
                Some(not_a_unit::extension().to_owned())
            } else if own_manifest.is_some() && std::fs::canonicalize(&path).ok() == own_manifest {
                // this run's manifest goes there: an earlier one is not a unit; a unit there
                // would be replaced by it
                if !is_manifest(&path) {
                    return Err(BatchError::Invalid(vec![crate::messages::unit_at_manifest(&path)]));
                }
                continue;
            } else if lower == "manifest.json" && is_manifest(&path) {
                Some(not_a_unit::manifest().to_owned())
            } else {
                None
            };
            if let Some(why) = why_not {
                skipped.push((name, why));
                continue;
            }
            match input::file::regular(&path) {
                Ok(_) => units.push(path),
                Err(e) => skipped.push((name, e.to_string())),
            }
        }
        units.sort();
        skipped.sort();
        // one unit given twice (its JSON and its form side by side) would be counted twice
        let mut by_stem: std::collections::HashMap<String, Vec<&PathBuf>> = std::collections::HashMap::new();
        for u in &units {
            // (NFC: a name saved by macOS in NFD is the same name, a third hostile review)
            let stem = u
                .file_stem()
                .map(|s| unicode_normalization::UnicodeNormalization::nfc(&*s.to_string_lossy()).collect::<String>())
                .unwrap_or_default()
                .to_lowercase();
            by_stem.entry(stem).or_default().push(u);
        }
        let name = |p: &PathBuf| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let twice = by_stem
            .values()
            .filter(|same| same.len() > 1)
            .flat_map(|same| {
                same.iter().map(|p| ((*p).clone(), same.iter().filter(|q| *q != p).map(|q| name(q)).collect()))
            })
            .collect();
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
            twice,
            base: None,
        })
    } else {
        let value = read_json(input, input::file::MAX_BATCH_FILE_BYTES)?;
        let Value::Object(mut map) = value else {
            return Err(BatchError::Invalid(vec![tr!("{input}: expected a JSON object", input = input.display())]));
        };
        if let Some(k) = map
            .keys()
            .find(|k| !["defaults", "consolidated", "units"].contains(&k.as_str()) && !k.starts_with(['_', '$']))
        {
            return Err(BatchError::Invalid(vec![tr!(
                "{input}: {k}: unknown key; a batch file has \"defaults\", \"consolidated\" and \"units\"",
                input = input.display(),
                k
            )]));
        }
        let units = match map.remove("units") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(BatchError::Invalid(vec![tr!(
                    "{input}: units: required, an array of documents (or give a folder)",
                    input = input.display()
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
            twice: Default::default(),
            base: None,
        })
    }
}

fn unit_path(unit: &Unit) -> Option<&PathBuf> {
    match unit {
        Unit::File(p) => Some(p),
        Unit::Item(..) => None,
    }
}

/// What a unit said when it was read: the SHA-256 of its file's bytes (of its value, for a unit
/// of a list file), so the second pass renders what the first counted.
pub(super) type Digest = [u8; 32];

/// A unit merged with the defaults and checked, plus what it says if kind or period differs from
/// the defaults (a unit may not change them), and the [`Digest`] of what was read (with the
/// value). The defaults and the addressee are the batch's, read once: the unit's source is all
/// that may change between the passes.
pub(super) fn check_unit(batch: &Batch, unit: &Unit, for_units: &ForUnits) -> (Option<(Value, Digest)>, Checked) {
    use sha2::Digest as _;
    let addressee = for_units.addressee.as_ref();
    // a form's cells, and the problems of the cells its reader could not read
    let mut cells = None;
    let mut form_problems = Vec::new();
    // a form saved in another format is a unit that fails, so that the consolidated report counts
    // it (skipped, it dropped out and the report said 20/20, a second hostile review)
    if let Some(ext) = unit_path(unit).and_then(|p| input::other_spreadsheet(p)) {
        let problem = Problem { place: input::Place::File, message: crate::messages::not_xlsx(&ext) };
        return (None, Checked { document: None, errors: vec![problem], warnings: vec![] });
    }
    let mut digest: Digest = [0; 32];
    if let Some(others) = unit_path(unit).and_then(|p| batch.twice.get(p)) {
        let problem = Problem { place: input::Place::File, message: crate::messages::unit_twice(others) };
        return (None, Checked { document: None, errors: vec![problem], warnings: vec![] });
    }
    let raw = match unit {
        Unit::File(p) => match input::file::read(p, input::MAX_FILE_BYTES).inspect(|bytes| {
            digest = sha2::Sha256::digest(bytes).into();
        }) {
            Ok(bytes) if input::is_workbook(p) => match input::xlsx::read::read_partial(&bytes) {
                Ok((v, c, problems)) => {
                    cells = Some(c);
                    form_problems = problems;
                    v
                }
                Err(errors) => return (None, Checked { document: None, errors, warnings: vec![] }),
            },
            Ok(bytes) => match input::parse_json(&bytes) {
                Ok(v) => v,
                Err(problem) => return (None, Checked { document: None, errors: vec![problem], warnings: vec![] }),
            },
            Err(e) => {
                let message = match e {
                    input::file::ReadError::TooLarge { .. } => e.to_string(),
                    _ => tr!("cannot read the file: {e}", e),
                };
                let problem = Problem { place: input::Place::File, message };
                return (None, Checked { document: None, errors: vec![problem], warnings: vec![] });
            }
        },
        Unit::Item(_, v) => {
            digest = sha2::Sha256::digest(serde_json::to_vec(v).unwrap_or_default()).into();
            v.clone()
        }
    };
    // a unit is one document, an object (the folder form's reader says so of a file)
    if !raw.is_object() {
        let message = tr!("expected a JSON object (one document), found {found}", found = input::describe(&raw));
        return (
            None,
            Checked { document: None, errors: vec![Problem { place: input::Place::File, message }], warnings: vec![] },
        );
    }
    let mut merged = merge(&batch.defaults, &raw);
    if let (Some(a), Some(obj)) = (addressee, merged.as_object_mut()) {
        obj.entry("submit_to").or_insert_with(|| a.clone());
    }
    let mut checked = if cells.is_some() { input::check_form(&merged) } else { input::check_value(&merged) };
    for key in ["kind", "period", "role"] {
        if let (Some(d), Some(u)) = (batch.defaults.get(key), raw.get(key)) {
            if d != u {
                // a choice said with the form's words too (a unit that filled a form reads those)
                let said = |v: &Value| match (key, v.as_str()) {
                    ("role", Some(code)) => match input::xlsx::layout::ROLES.iter().find(|(c, _)| *c == code) {
                        Some((_, words)) => format!("{v} ({words:?})"),
                        None => v.to_string(),
                    },
                    ("kind", Some(code)) => match crate::model::Kind::from_name(code) {
                        Some(kind) => format!("{v} ({:?})", input::xlsx::layout::kind_label(kind)),
                        None => v.to_string(),
                    },
                    _ => v.to_string(),
                };
                let (u, d) = (said(u), said(d));
                checked.errors.insert(
                    0,
                    Problem::at(
                        key,
                        tr!("{u} differs from the batch's defaults ({d}); a unit may not change its {key}", u, d, key),
                    ),
                );
                checked.document = None;
            }
        }
    }
    // a unit with no addressee of its own and none from the batch: say where one goes
    if addressee.is_none() && merged.get("submit_to").is_none() {
        for p in checked.errors.iter_mut().filter(|p| p.place == input::Place::Path("submit_to".to_owned())) {
            p.message.push_str(&tr!(
                " (in a batch: set it in _defaults.json for every unit, or give _consolidated.json an issuer with its e-mail to address the units' reports to it)"
            ));
        }
    }
    // an annual unit's systems belong to the owners of the owner's report (its section 2)
    if let (Some(owners), Some(doc)) = (&for_units.owners, &checked.document) {
        if let crate::model::Report::Annual(a) = &doc.report {
            let field = tr!("the consolidated report's owners[].owner.name");
            for (path, message) in input::unknown_owners(a, owners, &field) {
                checked.warnings.push(Problem::at(&path, message));
            }
        }
    }
    if let Some(cells) = &cells {
        input::place_at_cells(&mut checked, cells);
        checked = input::with_form_problems(form_problems, checked);
    }
    (Some((merged, digest)), checked)
}

pub(super) fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(Problem::describe).collect()
}

/// The unit's `issuer.name`, from the checked document or the raw value.
pub(super) fn unit_name(value: Option<&Value>, checked: &Checked) -> Option<String> {
    checked
        .document
        .as_ref()
        .map(|d| d.issuer.name.clone())
        // a unit that failed: its name only when the reader would take it (a consolidated
        // report names it in a sentence), else its file name is used
        .or_else(|| value?.get("issuer")?.get("name")?.as_str().and_then(input::name_text))
}
