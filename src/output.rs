//! Output files: their names (reports.md, "Files, preview and the e-mail package") and atomic
//! writing (a temporary file in the same folder, then a rename), so a killed run leaves only
//! complete files; the temporary files it leaves are removed by the next run, and only those:
//! each temporary file carries its run's process id in its name and is locked (`flock`) while it
//! is written, so runs sharing a folder never remove each other's.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::messages::tr;
use crate::model::Document;
use crate::vn;

/// Whether `a` and `b` are the same existing file (the same inode on Unix: a link or another
/// spelling of the path is the same file).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt as _;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        _ => false,
    }
}

/// Temporary files are named `.baocao-<pid>-<random>.tmp` in the output folder.
const TEMP_PREFIX: &str = ".baocao-";
const TEMP_SUFFIX: &str = ".tmp";
/// The issuer part of a file name is cut to this many characters.
const ISSUER_SLUG_MAX: usize = 80;
/// What ends a draft's file name (dự thảo: a report the clerk has not yet numbered and dated), so
/// that a draft and the report issued from it never share a name.
pub const DRAFT_SUFFIX: &str = "_du-thao";

/// Whether a file may be written at `path`: nothing there, or a regular file that is not a signed
/// PDF (unless `--force`); see [`Pending::check_target`]. A command that writes several files asks
/// it of each before writing any.
pub fn may_replace(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => Err(io::Error::other(crate::messages::not_a_regular_file(path))),
        Ok(_) if REPLACE_SIGNED.load(std::sync::atomic::Ordering::Relaxed) => Ok(()),
        Ok(_) => match is_signed_pdf(path)? {
            Signed::No => Ok(()),
            Signed::Yes => Err(io::Error::other(crate::messages::signed_not_replaced(path))),
            Signed::TooLarge => Err(io::Error::other(crate::messages::pdf_too_large_to_tell(path, MAX_SCANNED_PDF))),
        },
        _ => Ok(()),
    }
}

/// Whether a file that is a signed PDF may be replaced (`--force`); refused otherwise.
static REPLACE_SIGNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Lets every write of this process replace a signed PDF (`--force`).
pub fn allow_replacing_signed(allow: bool) {
    REPLACE_SIGNED.store(allow, std::sync::atomic::Ordering::Relaxed);
}

/// The largest PDF read through to tell whether it is signed: a larger one at an output's name is
/// not replaced without `--force` (reading 20 GB took a minute, a hostile review).
pub const MAX_SCANNED_PDF: u64 = 256 * 1024 * 1024;

/// What an existing file at an output's name is.
enum Signed {
    No,
    Yes,
    TooLarge,
}

/// Whether the file at `path` is a digitally signed PDF: it starts as a PDF does and holds a
/// signature's `/ByteRange` (read a block at a time, never whole, and never past
/// [`MAX_SCANNED_PDF`]).
fn is_signed_pdf(path: &Path) -> io::Result<Signed> {
    use std::io::Read;
    const NEEDLE: &[u8] = b"/ByteRange";
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let mut file = file.take(MAX_SCANNED_PDF);
    let mut block = vec![0u8; 64 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok(Signed::No);
        }
        carry.extend_from_slice(&block[..n]);
        if first {
            // `%PDF-` within the first KiB, as readers accept
            if !carry.windows(5).take(1024).any(|w| w == b"%PDF-") {
                return Ok(Signed::No);
            }
            if size > MAX_SCANNED_PDF {
                return Ok(Signed::TooLarge);
            }
            first = false;
        }
        if carry.windows(NEEDLE.len()).any(|w| w == NEEDLE) {
            return Ok(Signed::Yes);
        }
        let keep = carry.len().saturating_sub(NEEDLE.len() - 1);
        carry.drain(..keep);
    }
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Word (OOXML).
    Docx,
    /// PDF.
    Pdf,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// `<period>_<kind>_<issuer>`: lower-case ASCII, e.g.
/// `2020-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh`, `2020-h2_bao-cao-danh-gia_…`.
pub fn file_stem(doc: &Document) -> String {
    let mut issuer = vn::slug(&format!("{} {}", doc.issuer.name, doc.issuer.place), ISSUER_SLUG_MAX);
    if issuer.is_empty() {
        issuer = "don-vi".to_owned();
    }
    let draft = if doc.number.is_none() || doc.date.is_none() { DRAFT_SUFFIX } else { "" };
    format!("{}_{}_{issuer}{draft}", doc.period().slug(), doc.kind().slug())
}

/// The name of the report issued from the draft named `name`: without [`DRAFT_SUFFIX`], which
/// ends its stem or comes before the mark a batch (`-2`) or a browser (` (1)`) adds to tell copies
/// apart (`…_du-thao-2.pdf` → `…-2.pdf`); any other name unchanged.
pub fn issued_name(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let path = Path::new(name);
    // a batch's `-2`, then a browser's ` (1)`, each or both
    let copy_mark = |rest: &str| {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let rest = match rest.rfind(" (") {
            Some(i) if rest[i + 2..].strip_suffix(')').is_some_and(digits) => &rest[..i],
            _ => rest,
        };
        rest.is_empty() || rest.strip_prefix('-').is_some_and(digits)
    };
    // (in any case: a name typed in capitals is the draft's too)
    let found = |stem: &str| stem.to_ascii_lowercase().rfind(DRAFT_SUFFIX);
    match (path.file_stem().and_then(|s| s.to_str()), path.extension()) {
        (Some(stem), ext) if found(stem).is_some_and(|at| at > 0 && copy_mark(&stem[at + DRAFT_SUFFIX.len()..])) => {
            let at = found(stem).unwrap_or_default();
            let mut out = std::ffi::OsString::from(format!("{}{}", &stem[..at], &stem[at + DRAFT_SUFFIX.len()..]));
            if let Some(ext) = ext {
                out.push(".");
                out.push(ext);
            }
            out
        }
        _ => name.to_owned(),
    }
}

/// Creates `dir` if missing and removes the temporary files an earlier, killed run left in it:
/// those no live process holds (their lock is free and the process that named them is gone).
pub fn prepare_dir(dir: &Path) -> io::Result<()> {
    // (a file where the folder should be: said so, not "File exists")
    if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, tr!("it is a file, not a folder")));
    }
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) && entry.file_type()?.is_file() {
            let pid = name[TEMP_PREFIX.len()..].split('-').next().and_then(|p| p.parse::<u32>().ok());
            if abandoned(&entry.path(), pid) {
                // gone already: another run removed it first
                match std::fs::remove_file(entry.path()) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

/// Whether no live run owns this temporary file: its lock can be taken (the run that writes it
/// holds it until the file is renamed or removed) and its process is gone. A file is locked a
/// moment after it is made, so the process check covers that moment where `/proc` tells.
fn abandoned(path: &Path, pid: Option<u32>) -> bool {
    if pid == Some(std::process::id()) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else { return false };
    if file.try_lock().is_err() {
        return false;
    }
    match pid {
        Some(pid) if Path::new("/proc/self").exists() => !Path::new("/proc").join(pid.to_string()).exists(),
        _ => true,
    }
}

/// A new temporary file in `dir`: named with this process's id, locked, readable by others as
/// the umask allows (the final file keeps these permissions, as any program's output would).
fn temp_file(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir)?;
    tmp.as_file().try_lock().map_err(io::Error::other)?;
    Ok(tmp)
}

/// Writes `bytes` to `dir/name` atomically: a temporary file in `dir`, then a rename over any
/// existing file. `name` must be a plain file name (baocao's own names always are).
pub fn write_atomic(dir: &Path, name: impl AsRef<std::ffi::OsStr>, bytes: &[u8]) -> io::Result<PathBuf> {
    write_atomic_with(dir, name, |w| w.write_all(bytes))
}

/// [`write_atomic`], the content written by `write` (through a buffer) instead of held whole.
pub fn write_atomic_with(
    dir: &Path,
    name: impl AsRef<std::ffi::OsStr>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<PathBuf> {
    let mut pending = Pending::new(dir, name)?;
    {
        let mut buffered = io::BufWriter::new(pending.file());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    pending.persist()
}

/// A scratch file in `dir`, named like the temporary files (so a killed run's is removed by the
/// next), removed when dropped.
pub fn scratch_file(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    temp_file(dir)
}

/// A file being written: a temporary file in the output folder, renamed to its name by
/// [`Pending::persist`] once complete (and removed if dropped before).
pub struct Pending {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Pending {
    /// A new temporary file for `dir/name`. `name` must be a plain file name (baocao's own names
    /// always are).
    pub fn new(dir: &Path, name: impl AsRef<std::ffi::OsStr>) -> io::Result<Pending> {
        let name = name.as_ref();
        debug_assert!(Path::new(name).file_name() == Some(name));
        Ok(Pending { tmp: temp_file(dir)?, path: dir.join(name) })
    }

    /// The file to write (it implements `Write`, `Seek` and `Read`).
    pub fn file(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// The file's name when persisted.
    pub fn name(&self) -> String {
        self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// What was written so far.
    pub fn read_back(&mut self) -> io::Result<Vec<u8>> {
        use std::io::{Read, Seek};
        let file = self.tmp.as_file_mut();
        file.seek(io::SeekFrom::Start(0))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// Whether the file may take its name: nothing there, or a regular file that is not a signed
    /// PDF (unless `--force`); never anything else (a link, a device, a FIFO, a folder: as root,
    /// `form -o /dev/full` replaced the device with a file). A signed report is the one official
    /// copy: a draft or a report made again must not silently replace it.
    pub fn check_target(&self) -> io::Result<()> {
        may_replace(&self.path)
    }

    /// Renames the complete file to its name, over an existing regular file that
    /// [`Pending::check_target`] allows.
    pub fn persist(mut self) -> io::Result<PathBuf> {
        self.tmp.flush()?;
        self.check_target()?;
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(self.path)
    }
}
