//! What a batch tells as it runs. The library prints nothing: the caller (the CLI) receives these
//! through [`Progress`] and shows them as it likes (a bar on a terminal, a line per unit in a log).

use std::path::PathBuf;

use super::{UnitFailure, UnitResult};
use crate::messages::tr;

/// Something about the batch as a whole, not about one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// An entry of the folder that is not read as a unit (a FIFO, a device, a folder named
    /// `*.json`).
    Skipped {
        /// The entry.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// A warning on the consolidated report's own fields.
    ConsolidatedWarning {
        /// Where they come from (`DIR/_consolidated.json` or `BATCH.json: consolidated`).
        at: String,
        /// The problem, with its place.
        problem: String,
    },
    /// Fewer units at once than `--jobs` asked.
    FewerJobs {
        /// Units rendered at once.
        jobs: usize,
        /// As asked.
        asked: usize,
        /// The most allowed.
        max: usize,
        /// Units in the batch.
        units: usize,
    },
}

impl Notice {
    /// `warning` or `note`.
    pub fn severity(&self) -> &'static str {
        match self {
            Notice::Skipped { .. } | Notice::ConsolidatedWarning { .. } => "warning",
            Notice::FewerJobs { .. } => "note",
        }
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Skipped { path, why } => f.write_str(&tr!("{path}: skipped, {why}", path = path.display(), why)),
            Notice::ConsolidatedWarning { at, problem } => write!(f, "{at}: {problem}"),
            Notice::FewerJobs { jobs, asked, max, units } => f.write_str(&tr!(
                "{jobs} units at once, not {asked}: at most {max}, and no more than the batch's {units} units",
                jobs,
                asked,
                max,
                units
            )),
        }
    }
}

/// Receives a batch's progress; called from the worker threads (hence `Sync`).
pub trait Progress: Sync {
    /// A batch-level warning or note, before any unit.
    fn notice(&self, _notice: &Notice) {}
    /// The units are about to be rendered.
    fn start(&self, _total: usize) {}
    /// The `done`-th unit of `total` is finished (in the order they finish): its result, and why
    /// it failed while being written, if it did.
    fn unit_done(&self, _done: usize, _total: usize, _unit: &UnitResult, _failure: Option<&UnitFailure>) {}
    /// Every unit is finished (the consolidated report and the manifest come next).
    fn finish(&self) {}
}

/// Tells nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {}
