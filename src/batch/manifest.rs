//! `manifest.json`: what a batch did, unit by unit, written as it is serialised (a batch of
//! thousands of units is never held as JSON).

use std::path::{Path, PathBuf};

use super::read::Batch;
use super::UnitResult;
use crate::output;

/// Writes `DIR/manifest.json`: every unit's result, the folder's skipped entries, and the
/// consolidated report's files and errors when the batch has one.
pub(super) fn write(
    dir: &Path,
    batch: &Batch,
    results: &[UnitResult],
    consolidated: Option<(&[PathBuf], &[String])>,
) -> std::io::Result<PathBuf> {
    let manifest = Manifest {
        input: batch.input.display().to_string(),
        units: ManifestUnits(results),
        skipped: batch.skipped.iter().map(|(source, reason)| ManifestSkipped { source, reason }).collect(),
        consolidated: consolidated.map(|(files, errors)| ManifestConsolidated {
            status: if errors.is_empty() { "ok" } else { "failed" },
            errors,
            files: file_names(files),
        }),
    };
    output::write_atomic_with(dir, "manifest.json", |w| {
        serde_json::to_writer_pretty(&mut *w, &manifest).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
}

#[derive(serde::Serialize)]
struct Manifest<'a> {
    input: String,
    units: ManifestUnits<'a>,
    /// Entries of the folder not read as units, each with why.
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
