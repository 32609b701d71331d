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
const SEVERITIES: [(&str, Style); 6] = [
    ("lỗi:", Style::new().bold().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))),
    ("cảnh báo:", Style::new().bold().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))),
    ("ghi chú:", Style::new().bold().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)))),
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

/// Whether `-q` keeps a message (its first line and those after it, which explain it): an error
/// or a warning.
fn kept_when_quiet(message: &str) -> bool {
    ["error:", "warning:", "lỗi:", "cảnh báo:"].iter().any(|w| message.starts_with(w))
}

/// Prints one message on stderr (its lines after the first explain it: they go or stay with it):
/// with `-q`, only an error or a warning.
pub fn line(message: &str) {
    lines(std::slice::from_ref(&message));
}

/// The errors told, kept when a command's result is JSON (so that one that fails before it has a
/// result still gives JSON naming them).
static KEPT: std::sync::Mutex<Option<Vec<String>>> = std::sync::Mutex::new(None);

/// Keeps every error told from now on, for [`kept_errors`].
pub fn keep_errors() {
    if let Ok(mut kept) = KEPT.lock() {
        *kept = Some(Vec::new());
    }
    if let Ok(mut kept) = KEPT_WARNINGS.lock() {
        *kept = Some(Vec::new());
    }
}

/// The warnings told since [`keep_errors`], each without its `warning: `.
pub fn kept_warnings() -> Vec<String> {
    KEPT_WARNINGS.lock().ok().and_then(|k| k.clone()).unwrap_or_default()
}

static KEPT_WARNINGS: std::sync::Mutex<Option<Vec<String>>> = std::sync::Mutex::new(None);

/// The errors told since [`keep_errors`], each without its `error: `.
pub fn kept_errors() -> Vec<String> {
    KEPT.lock().ok().and_then(|k| k.clone()).unwrap_or_default()
}

/// Prints messages on stderr, at once (a batch's unit: its problems and its line).
pub fn lines(messages: &[&str]) {
    if let Ok(mut kept) = KEPT.lock() {
        if let Some(kept) = kept.as_mut() {
            kept.extend(messages.iter().filter_map(|m| m.strip_prefix("error: ")).map(crate::messages::system_words));
        }
    }
    if let Ok(mut kept) = KEPT_WARNINGS.lock() {
        if let Some(kept) = kept.as_mut() {
            kept.extend(messages.iter().filter_map(|m| m.strip_prefix("warning: ")).map(crate::messages::system_words));
        }
    }
    let quiet = verbosity() == Verbosity::Quiet;
    let mut out = anstream::stderr().lock();
    for m in messages.iter().filter(|m| !quiet || kept_when_quiet(m)) {
        // only a message's first word is its severity (a continuation line, or a file name
        // with a line feed in it, is not)
        // (stderr closed: nothing else to tell it)
        let _ = writeln!(out, "{}", styled(&crate::messages::severity(m)));
    }
}

/// Prints `message` on stderr only with `-v`.
pub fn detail(message: &str) {
    if verbosity() == Verbosity::Verbose {
        line(message);
    }
}

/// `message` as [`line`] would show it on stderr (for a progress bar that prints its own lines):
/// styled when stderr takes colour; `None` when `-q` leaves it out.
pub fn shown(message: &str) -> Option<String> {
    let quiet = verbosity() == Verbosity::Quiet;
    let colour = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let message = crate::messages::severity(message);
    (!quiet || kept_when_quiet(&message)).then(|| if colour { styled(&message) } else { message.into_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_severity_word_is_styled() {
        let s = styled("error: a.json: systems[0].level: 7 is outside 1–5");
        assert_eq!(s, "\u{1b}[1m\u{1b}[31merror:\u{1b}[0m a.json: systems[0].level: 7 is outside 1–5");
        assert_eq!(styled("[1/2] a.json: ok"), "[1/2] a.json: ok");
        assert!(kept_when_quiet("warning: x") && kept_when_quiet("error: x\nwhy") && !kept_when_quiet("note: x"));
        // a continuation line is not a message of its own
        assert_eq!(styled("error: a\nerror: b"), "\u{1b}[1m\u{1b}[31merror:\u{1b}[0m a\nerror: b");
    }
}
