//! `baocao preview`: render the PDF to a fixed place in the temporary folder, open it, and with
//! `--watch` render it again whenever the input or a template changes.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::engine::Engine;
use crate::input::{self, Problem};
use crate::messages::tr;
use crate::output::{self, Format};
use crate::publish;
use crate::template::{TemplateError, Templates};

/// Why a preview could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    /// The input is invalid: its problems, as printed (`FILE: PLACE: MESSAGE`).
    Invalid(Vec<String>),
    /// The templates could not be loaded.
    Templates(#[from] TemplateError),
    /// The input could not be read.
    Read {
        /// The input.
        input: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The input could not be rendered.
    Render {
        /// The input.
        input: PathBuf,
        /// Why.
        #[source]
        source: publish::WriteError,
    },
    /// The preview could not be written.
    Write {
        /// The preview folder.
        dir: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// The system's viewer, or the watcher, failed.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// The viewer could not be started.
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: opener::OpenError,
    },
    /// The input's or the templates' folder cannot be watched.
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: notify::Error,
    },
    /// The input's path cannot be made absolute.
    Path {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl std::fmt::Display for PreviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreviewError::Invalid(lines) => f.write_str(&lines.join("\n")),
            PreviewError::Templates(e) => std::fmt::Display::fmt(e, f),
            PreviewError::Read { input, source } => {
                f.write_str(&tr!("cannot read {path}: {e}", path = input.display(), e = source))
            }
            PreviewError::Render { input, source } => write!(f, "{}: {source}", input.display()),
            PreviewError::Write { dir, source } => {
                f.write_str(&tr!("cannot write the preview in {dir}: {e}", dir = dir.display(), e = source))
            }
        }
    }
}

impl std::fmt::Display for ViewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            ViewError::Open { path, source } => tr!("cannot open {path}: {e}", path = path.display(), e = source),
            ViewError::Watch { path, source } => tr!("cannot watch {path}: {e}", path = path.display(), e = source),
            ViewError::Path { path, source } => tr!("cannot watch {path}: {e}", path = path.display(), e = source),
        })
    }
}

/// Where previews go: `<temp dir>/baocao-preview-<uid>/` on Unix (one folder a user), else
/// `<temp dir>/baocao-preview/`.
pub fn preview_dir() -> PathBuf {
    #[cfg(unix)]
    {
        let uid = rustix::process::getuid().as_raw();
        std::env::temp_dir().join(format!("baocao-preview-{uid}"))
    }
    #[cfg(not(unix))]
    {
        std::env::temp_dir().join("baocao-preview")
    }
}

/// Creates the preview folder, readable and writable by this user alone (0700), or takes the
/// one there only when it is a real folder (not a link), this user's, and closed to others: in
/// the shared temporary folder another user could have planted a link to someone's files there
/// (hostile review: preview overwrote another user's file through one).
fn own_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, PermissionsExt as _};
        match std::fs::DirBuilder::new().mode(0o700).create(dir) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
            Err(_) => {}
        }
        let meta = std::fs::symlink_metadata(dir)?;
        let uid = rustix::process::getuid().as_raw();
        if !meta.file_type().is_dir() || meta.uid() != uid || meta.permissions().mode() & 0o077 != 0 {
            return Err(std::io::Error::other(tr!(
                "{dir} is not a folder of this user's alone (a link, another user's folder, or open to others); remove it and preview again",
                dir = dir.display()
            )));
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

fn lines(file: &Path, severity: &str, problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| format!("{severity}: {}: {}", file.display(), p.describe())).collect()
}

/// Renders the preview of `input` once; returns the PDF's path and the warnings.
/// `base`: the config file's `[document]`, the fields an input lacks.
pub fn render(
    templates: Option<&Path>,
    input: &Path,
    base: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Result<(PathBuf, Vec<String>), PreviewError> {
    let templates = match templates {
        Some(dir) => Templates::with_overrides(dir),
        None => Templates::bundled(),
    }?;
    let engine = Engine::new(templates);
    let mut checked =
        input::load_over(input, base).map_err(|source| PreviewError::Read { input: input.to_path_buf(), source })?;
    if let Some(doc) = &checked.document {
        checked.warnings.extend(engine.template_warnings(doc));
    }
    let warnings = lines(input, "warning", &checked.warnings);
    let Some(doc) = &checked.document else {
        let mut all = lines(input, "error", &checked.errors);
        all.extend(warnings);
        return Err(PreviewError::Invalid(all));
    };
    let dir = preview_dir();
    own_dir(&dir).map_err(|source| PreviewError::Write { dir: dir.clone(), source })?;
    output::prepare_dir(&dir).map_err(|source| PreviewError::Write { dir: dir.clone(), source })?;
    let written = publish::write(&engine, doc, &dir, &output::file_stem(doc), &[Format::Pdf], None).map_err(
        |source| match source {
            publish::WriteError::Io { source, .. } => PreviewError::Write { dir: dir.clone(), source },
            source => PreviewError::Render { input: input.to_path_buf(), source },
        },
    )?;
    let path = written.files.into_iter().next().expect("one format, one file");
    Ok((path, warnings))
}

/// Opens `path` in the system's viewer.
pub fn open(path: &Path) -> Result<(), ViewError> {
    opener::open(path).map_err(|source| ViewError::Open { path: path.to_path_buf(), source })
}

/// Watches `input` (and the templates folder, if any) and calls `on_render` after each change,
/// until the watcher fails. Changes within 150 ms are taken as one.
pub fn watch(
    templates: Option<&Path>,
    input: &Path,
    base: Option<&serde_json::Map<String, serde_json::Value>>,
    mut on_render: impl FnMut(Result<(PathBuf, Vec<String>), PreviewError>),
) -> Result<(), ViewError> {
    let shown = input;
    let absolute =
        |path: &Path| std::path::absolute(path).map_err(|source| ViewError::Path { path: path.to_path_buf(), source });
    let input = absolute(input)?;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading the file (our own render included) is an access event: only changes count.
        if let Ok(e) = event {
            if !matches!(e.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(e.paths);
            }
        }
    })
    .map_err(|source| ViewError::Watch { path: input.clone(), source })?;
    // Watch the folder, not the file: editors save by writing a new file and renaming it.
    let folder = input.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    watcher
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|source| ViewError::Watch { path: folder.clone(), source })?;
    let templates_abs = match templates {
        Some(dir) => {
            let dir = absolute(dir)?;
            watcher
                .watch(&dir, RecursiveMode::NonRecursive)
                .map_err(|source| ViewError::Watch { path: dir.clone(), source })?;
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
        on_render(render(templates, shown, base));
    }
    Ok(())
}
