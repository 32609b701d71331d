//! What baocao tells its user on stderr (issue 28): each line's `error:`, `warning:` or `note:`
//! coloured on a terminal (none when stderr is piped or a file, or `NO_COLOR` is set: `anstream`
//! decides, as clap does for its own messages), fewer lines with `-q`, more with `-v`.

use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

use anstyle::{AnsiColor, Style};

/// How much the command line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors and warnings only (no progress, notes or summaries).
    Quiet = 0,
    /// The default.
    Normal = 1,
    /// `-v`: also what is read and written, and how long it took.
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

/// Sets how much is said, once, from the flags.
pub fn set(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

/// How much is said.
pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// The severities a line may start with, their words and styles.
const SEVERITIES: [(&str, Style); 3] = [
    ("error:", Style::new().bold().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))),
    ("warning:", Style::new().bold().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))),
    ("note:", Style::new().bold().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)))),
];

/// `line` with its severity word styled (the escapes are left out where stderr takes no colour).
fn styled(line: &str) -> String {
    match SEVERITIES.iter().find(|(word, _)| line.starts_with(word)) {
        Some((word, style)) => format!("{style}{word}{style:#}{}", &line[word.len()..]),
        None => line.to_owned(),
    }
}

/// Whether `-q` keeps `line`: an error or a warning.
fn kept_when_quiet(line: &str) -> bool {
    line.starts_with("error:") || line.starts_with("warning:")
}

/// Prints `text` on stderr, a line at a time: with `-q`, only its errors and warnings.
pub fn line(text: &str) {
    let quiet = verbosity() == Verbosity::Quiet;
    let mut out = anstream::stderr().lock();
    for l in text.split('\n').filter(|l| !quiet || kept_when_quiet(l)) {
        // (stderr closed: nothing else to tell it)
        let _ = writeln!(out, "{}", styled(l));
    }
}

/// Prints `text` on stderr only with `-v`.
pub fn detail(text: &str) {
    if verbosity() == Verbosity::Verbose {
        line(text);
    }
}

/// `text` as [`line`] would show it on stderr (for a progress bar that prints its own lines):
/// styled when stderr takes colour, its other lines left out with `-q`.
pub fn shown(text: &str) -> Option<String> {
    let quiet = verbosity() == Verbosity::Quiet;
    let colour = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let lines: Vec<String> = text
        .split('\n')
        .filter(|l| !quiet || kept_when_quiet(l))
        .map(|l| if colour { styled(l) } else { l.to_owned() })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_severity_word_is_styled() {
        let s = styled("error: a.json: systems[0].level: 7 is outside 1–5");
        assert_eq!(s, "\u{1b}[1m\u{1b}[31merror:\u{1b}[0m a.json: systems[0].level: 7 is outside 1–5");
        assert_eq!(styled("[1/2] a.json: ok"), "[1/2] a.json: ok");
        assert!(kept_when_quiet("warning: x") && kept_when_quiet("error: x") && !kept_when_quiet("note: x"));
    }
}
