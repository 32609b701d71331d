//! The one bounded reader every input goes through (a document, a batch's defaults, its
//! consolidated fields or its batch file, a template, a signed PDF): only a regular file is
//! opened (a FIFO would block, a device never ends), and at most its limit plus one byte is read,
//! whatever the file claims or becomes while it is read.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::messages::tr;

/// The largest input document (input.md: limits are invalid input, exit 1).
pub const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;
/// The largest batch file (`{ "defaults", "consolidated", "units" }`, held whole; a larger batch
/// is a folder).
pub const MAX_BATCH_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The largest template file.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;
/// The largest signed PDF `email --signed` attaches (a consolidated report of 10,000 units is
/// about 13 MB).
pub const MAX_SIGNED_PDF_BYTES: u64 = 64 * 1024 * 1024;
/// The largest signature or seal image (a PNG of a few hundred pixels is tens of kilobytes).
pub const MAX_IMAGE_BYTES: u64 = 8 * 1024 * 1024;
/// The largest PKCS#12 file (a key and a chain of a few certificates: a few kilobytes).
pub const MAX_KEY_BYTES: u64 = 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Opening or reading failed (exit 2).
    Io(#[from] io::Error),
    /// A FIFO, a device, a socket or a folder (exit 2): what it is.
    NotFile(String),
    /// Over the limit (invalid input, exit 1); `size` is unknown when the file grew while read.
    TooLarge {
        /// Its size, when known.
        size: Option<u64>,
        /// The limit.
        limit: u64,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotFile(kind) => f.write_str(&tr!("not a regular file ({kind})", kind)),
            ReadError::TooLarge { size: Some(size), limit } => f.write_str(&tr!(
                "the file is {size} bytes; the limit is {limit} bytes{mib}",
                size,
                limit,
                mib = human(*limit)
            )),
            ReadError::TooLarge { size: None, limit } => f.write_str(&tr!(
                "the file is more than {limit} bytes; the limit is {limit} bytes{mib}",
                limit,
                mib = human(*limit)
            )),
        }
    }
}

/// ` (16 MiB)` for a whole number of MiB.
fn human(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!(" ({} MiB)", bytes / MIB)
    } else {
        String::new()
    }
}

/// What a file that is not a regular file is.
fn kind(t: std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return tr!("a FIFO");
        }
        if t.is_char_device() {
            return tr!("a character device");
        }
        if t.is_block_device() {
            return tr!("a block device");
        }
        if t.is_socket() {
            return tr!("a socket");
        }
    }
    if t.is_dir() {
        tr!("a folder")
    } else {
        tr!("not a file")
    }
}

/// Whether `path` is a regular file (following links); `Err` names what it is instead.
pub fn regular(path: &Path) -> Result<u64, ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        Ok(meta.len())
    } else {
        Err(ReadError::NotFile(kind(meta.file_type())))
    }
}

/// Reads the regular file `path`, at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    // refused before opening: opening a FIFO waits for a writer
    regular(path)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // were it swapped for a FIFO since, opening does not wait
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file: File = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotFile(kind(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { size: Some(meta.len()), limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.json");
        std::fs::write(&f, b"12345").unwrap();
        assert_eq!(read(&f, 5).unwrap(), b"12345");
        assert_eq!(read(&f, 4).unwrap_err().to_string(), "the file is 5 bytes; the limit is 4 bytes");
        assert_eq!(read(dir.path(), 4).unwrap_err().to_string(), "not a regular file (a folder)");
        #[cfg(target_os = "linux")]
        assert_eq!(read(Path::new("/dev/zero"), 4).unwrap_err().to_string(), "not a regular file (a character device)");
    }
}
