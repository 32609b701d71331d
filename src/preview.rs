//! `baocao preview`: render the PDF to a fixed place in the temporary folder, open it, and with
//! `--watch` render it again whenever the input or a template changes.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::engine::Engine;
use crate::input::{self, Problem};
use crate::output;
use crate::template::Templates;

/// Why a preview could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    /// The input is invalid: its problems, as printed (`FILE: PLACE: MESSAGE`).
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// Reading the input, a template or writing the PDF failed.
    #[error("{0}")]
    Failed(String),
}

/// Where previews go: `<temp dir>/baocao-preview/`.
pub fn preview_dir() -> PathBuf {
    std::env::temp_dir().join("baocao-preview")
}

fn lines(file: &Path, severity: &str, problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| format!("{severity}: {}: {}", file.display(), p.describe())).collect()
}

/// Renders the preview of `input` once; returns the PDF's path and the warnings.
pub fn render(templates: Option<&Path>, input: &Path) -> Result<(PathBuf, Vec<String>), PreviewError> {
    let templates = match templates {
        Some(dir) => Templates::with_overrides(dir),
        None => Templates::bundled(),
    }
    .map_err(|e| PreviewError::Failed(e.to_string()))?;
    let engine = Engine::new(templates);
    let checked =
        input::load(input).map_err(|e| PreviewError::Failed(format!("cannot read {}: {e}", input.display())))?;
    let warnings = lines(input, "warning", &checked.warnings);
    let Some(doc) = &checked.document else {
        let mut all = lines(input, "error", &checked.errors);
        all.extend(warnings);
        return Err(PreviewError::Invalid(all));
    };
    let pdf = engine.pdf(doc).map_err(|e| PreviewError::Failed(format!("{}: {e}", input.display())))?;
    let dir = preview_dir();
    output::prepare_dir(&dir).map_err(|e| PreviewError::Failed(format!("cannot use {}: {e}", dir.display())))?;
    let path = output::write_atomic(&dir, &format!("{}.pdf", output::file_stem(doc)), &pdf)
        .map_err(|e| PreviewError::Failed(format!("cannot write the preview: {e}")))?;
    Ok((path, warnings))
}

/// Opens `path` in the system's viewer.
pub fn open(path: &Path) -> Result<(), String> {
    opener::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))
}

/// Watches `input` (and the templates folder, if any) and calls `on_render` after each change,
/// until the watcher fails. Changes within 150 ms are taken as one.
pub fn watch(
    templates: Option<&Path>,
    input: &Path,
    mut on_render: impl FnMut(Result<(PathBuf, Vec<String>), PreviewError>),
) -> Result<(), String> {
    let shown = input;
    let input = std::path::absolute(input).map_err(|e| e.to_string())?;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading the file (our own render included) is an access event: only changes count.
        if let Ok(e) = event {
            if !matches!(e.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(e.paths);
            }
        }
    })
    .map_err(|e| format!("cannot watch: {e}"))?;
    // Watch the folder, not the file: editors save by writing a new file and renaming it.
    let folder = input.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    watcher
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
    let templates_abs = match templates {
        Some(dir) => {
            let dir = std::path::absolute(dir).map_err(|e| e.to_string())?;
            watcher
                .watch(&dir, RecursiveMode::NonRecursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
            Some(dir)
        }
        None => None,
    };
    let relevant = |paths: &[PathBuf]| {
        paths.iter().any(|p| *p == input || templates_abs.as_ref().is_some_and(|t| p.starts_with(t)))
    };
    while let Ok(paths) = rx.recv() {
        if !relevant(&paths) {
            continue;
        }
        // let the editor finish writing, and take a burst of events as one change
        std::thread::sleep(Duration::from_millis(150));
        while rx.try_recv().is_ok() {}
        on_render(render(templates, shown));
    }
    Ok(())
}
