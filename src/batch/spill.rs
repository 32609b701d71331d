//! The units' texts for the consolidated report, kept in a temporary file while the batch runs.

use std::path::Path;

use crate::messages::tr;
use crate::{model, output};

/// Where a unit's texts are in the spill file: offset and length (0: it has none).
pub(super) type Place = (u64, u32);

/// The units' texts (difficulties and proposals; recommendations), which only the consolidated
/// report needs and which grow with the batch: written to a temporary file in the output folder
/// as the units are checked, read again a unit at a time as the report is drawn. Removed when
/// dropped (and, were the run killed, by the next run: see [`output::prepare_dir`]).
pub(super) struct Spill {
    file: std::sync::Mutex<(tempfile::NamedTempFile, u64)>,
}

impl Spill {
    pub(super) fn new(dir: &Path) -> std::io::Result<Spill> {
        Ok(Spill { file: std::sync::Mutex::new((output::scratch_file(dir)?, 0)) })
    }

    /// Keeps the lists; where they are.
    pub(super) fn put(&self, texts: &model::UnitTexts) -> std::io::Result<Place> {
        use std::io::Write as _;
        if texts.iter().all(|t| t.is_empty()) {
            return Ok((0, 0));
        }
        let bytes = serde_json::to_vec(texts).map_err(std::io::Error::other)?;
        let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
        let mut guard = self.file.lock().map_err(|_| std::io::Error::other(tr!("a unit's task failed")))?;
        let (file, end) = &mut *guard;
        let at = *end;
        file.write_all(&bytes)?;
        *end += bytes.len() as u64;
        Ok((at, len))
    }
}

/// The spill read back, a row of the sorted figures at a time.
pub(super) struct SpillStore {
    pub(super) spill: Spill,
    pub(super) places: Vec<Place>,
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
            let mut guard = self.spill.file.lock().map_err(|_| std::io::Error::other(tr!("a unit's task failed")))?;
            let (file, end) = &mut *guard;
            file.seek(std::io::SeekFrom::Start(at))?;
            file.read_exact(&mut bytes)?;
            file.seek(std::io::SeekFrom::Start(*end))?;
        }
        serde_json::from_slice(&bytes).map_err(std::io::Error::other)
    }
}
