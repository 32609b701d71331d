//! The one write path: a document's formats (and its e-mail package) into the output folder, for
//! `generate`, `email`, `batch` and `preview` alike.
//!
//! Each file is rendered straight into a temporary file in the output folder (a consolidated
//! report of thousands of units is never held), and the files get their names only once every
//! one is complete: a document whose PDF, DOCX or e-mail cannot be made writes nothing.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::engine::{Engine, RenderError};
use crate::mail::{self, MailError};
use crate::messages::tr;
use crate::model::Document;
use crate::output::{self, Format};

/// The e-mail package to write beside the formats (`<stem>.eml`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Email<'a> {
    /// The sender when the document has no `issuer.email`.
    pub from: Option<&'a str>,
    /// Copies.
    pub cc: &'a [String],
    /// A signed PDF to attach (and write) instead of the rendered one.
    pub signed_pdf: Option<&'a [u8]>,
    /// Who signed it, and when (its verified signatures), for the message's body.
    pub signers: &'a [mail::Signer],
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    /// The files, in the order of the formats, then the `.eml`.
    pub files: Vec<PathBuf>,
    /// The e-mail message, when one was asked for (to send it).
    pub message: Option<lettre::Message>,
    /// The attachments' total size in bytes (0 without e-mail).
    pub attachment_bytes: usize,
}

/// Why a document's files were not written (none of them was).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The document could not be rendered (boxed: a template's error is large).
    Render(Box<RenderError>),
    /// The e-mail package could not be made.
    Mail(#[from] MailError),
    /// A file could not be written (its name in the output folder).
    Io {
        /// The file's name.
        name: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Render(e) => std::fmt::Display::fmt(e, f),
            WriteError::Mail(e) => std::fmt::Display::fmt(e, f),
            WriteError::Io { name, source } => f.write_str(&tr!("cannot write {path}: {e}", path = name, e = source)),
        }
    }
}

impl From<RenderError> for WriteError {
    fn from(e: RenderError) -> WriteError {
        WriteError::Render(Box::new(e))
    }
}

fn io(name: &str) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { name: name.to_owned(), source }
}

/// Writes `doc` as `<stem>.<ext>` for each format, in that order (which is also the order of the
/// attachments), and `<stem>.eml` when `email` is given, into `dir` (which must exist: see
/// [`output::prepare_dir`]).
pub fn write(
    engine: &Engine,
    doc: &Document,
    dir: &Path,
    stem: &str,
    formats: &[Format],
    email: Option<Email<'_>>,
) -> Result<Written, WriteError> {
    // one document model for every format (and the e-mail's title)
    let model = engine.document_for(doc, formats.contains(&Format::Pdf))?;
    let mut pending = Vec::new();
    for &f in formats {
        let name = format!("{stem}.{}", f.extension());
        let mut file = output::Pending::new(dir, &name).map_err(io(&name))?;
        match (f, email.and_then(|e| e.signed_pdf)) {
            (Format::Pdf, Some(signed)) => file.file().write_all(signed).map_err(io(&name))?,
            _ => {
                let out = std::io::BufWriter::with_capacity(64 * 1024, file.file());
                let out = match f {
                    Format::Docx => engine.docx_to(&model, out),
                    Format::Pdf => engine.pdf_to(&model, out),
                }?;
                out.into_inner().map_err(|e| e.into_error()).and_then(|f| f.flush()).map_err(io(&name))?;
            }
        }
        pending.push(file);
    }
    let (mut message, mut attachment_bytes) = (None, 0);
    if let Some(email) = email {
        let mut files = Vec::new();
        for p in &mut pending {
            let name = p.name();
            let bytes = p.read_back().map_err(io(&name))?;
            let mime = if name.ends_with(".pdf") { "application/pdf" } else { mail::DOCX_TYPE };
            files.push(mail::File { name, mime, bytes });
        }
        attachment_bytes = files.iter().map(|f| f.bytes.len()).sum();
        let signed = email.signed_pdf.map(|_| email.signers);
        let built = mail::build(doc, &model.meta.title, &files, email.cc, email.from, signed)?;
        drop(files);
        let name = format!("{stem}.eml");
        let mut file = output::Pending::new(dir, &name).map_err(io(&name))?;
        file.file().write_all(&built.formatted()).map_err(io(&name))?;
        pending.push(file);
        message = Some(built);
    }
    // every name checked before any file takes its own: none or all
    for p in &pending {
        p.check_target().map_err(io(&p.name()))?;
    }
    let files = pending
        .into_iter()
        .map(|p| {
            let name = p.name();
            p.persist().map_err(io(&name))
        })
        .collect::<Result<_, _>>()?;
    Ok(Written { files, message, attachment_bytes })
}
