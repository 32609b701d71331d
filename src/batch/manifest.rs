//! `manifest.json`: what a batch did, unit by unit, written as it is serialised (a batch of
//! thousands of units is never held as JSON).

use std::path::PathBuf;

use super::UnitResult;

#[derive(serde::Serialize)]
pub(super) struct Manifest<'a> {
    pub(super) input: String,
    pub(super) units: ManifestUnits<'a>,
    /// Entries of the folder that are not regular files, not read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) skipped: Vec<ManifestSkipped<'a>>,
    pub(super) consolidated: Option<ManifestConsolidated<'a>>,
}

#[derive(serde::Serialize)]
pub(super) struct ManifestSkipped<'a> {
    pub(super) source: &'a str,
    pub(super) reason: &'a str,
}

/// The units of the manifest, serialised one by one from the results.
pub(super) struct ManifestUnits<'a>(pub(super) &'a [UnitResult]);

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
pub(super) struct ManifestUnit<'a> {
    pub(super) source: &'a str,
    pub(super) status: &'a str,
    pub(super) name: &'a Option<String>,
    pub(super) errors: &'a [String],
    pub(super) warnings: &'a [String],
    pub(super) files: Vec<Option<std::borrow::Cow<'a, str>>>,
}

#[derive(serde::Serialize)]
pub(super) struct ManifestConsolidated<'a> {
    pub(super) status: &'a str,
    pub(super) errors: &'a [String],
    pub(super) files: Vec<Option<std::borrow::Cow<'a, str>>>,
}

/// The file names (without their folder) of written files.
pub(super) fn file_names(files: &[PathBuf]) -> Vec<Option<std::borrow::Cow<'_, str>>> {
    files.iter().map(|f| f.file_name().map(|n| n.to_string_lossy())).collect()
}
