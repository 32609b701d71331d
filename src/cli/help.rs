//! The command line's own words in the user's language (issue 28): `--help` of every command and
//! `baocao man` from the Vietnamese of each text of the CLI definition
//! (`messages::vi::help`), clap's headings, usage lines, defaults and value lists in Vietnamese,
//! and clap's errors said by [`Vi`], a formatter of clap's own (`clap::error::ErrorFormatter`:
//! what clap lets a program change). In English the definition is used as it is.

use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::messages::{lang, vi, Lang};

/// The command line's definition in the user's language.
pub fn command() -> Command {
    let cmd = <super::Cli as clap::CommandFactory>::command();
    match lang() {
        Lang::En => cmd,
        Lang::Vi => {
            let mut cmd = vietnamese(cmd, true);
            cmd.build();
            usages(&mut cmd);
            cmd
        }
    }
}

/// The placeholders of values, in Vietnamese.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("ADDR", "ĐỊA-CHỈ"),
    ("DIR", "THƯ-MỤC"),
    ("FILE", "TỆP"),
    ("HOST", "MÁY-CHỦ"),
    ("LABEL", "NHÃN"),
    ("LANG", "NGÔN-NGỮ"),
    ("LIST", "DANH-SÁCH"),
    ("MODULE", "THƯ-VIỆN"),
    ("N", "SỐ"),
    ("S", "GIÂY"),
    ("SECONDS", "GIÂY"),
    ("USER", "TÀI-KHOẢN"),
    ("INPUT", "ĐẦU-VÀO"),
    ("INPUTS", "ĐẦU-VÀO"),
    ("FILES", "TỆP"),
    ("SHELL", "SHELL"),
    ("KIND", "LOẠI"),
    ("PDFS", "PDF"),
    ("FORM.XLSX", "BIỂU-MẪU.xlsx"),
    ("UNIT.JSON", "ĐƠN-VỊ.json"),
    ("SIGNED.PDF", "ĐÃ-KÝ.pdf"),
    ("CA.PEM", "CA.pem"),
];

fn value_name(name: &str) -> Option<&'static str> {
    let upper = name.to_uppercase();
    VALUE_NAMES.iter().find(|(en, _)| *en == upper).map(|(_, v)| *v)
}

fn text(en: &StyledStr) -> String {
    let en = en.to_string();
    vi::help::text(&en).map_or(en, str::to_owned)
}

/// clap's help template with its usage heading in Vietnamese.
const TEMPLATE: &str = "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// The `-h`/`--help` flag, said in Vietnamese (clap's own is English).
fn help_flag(help: &'static str) -> Arg {
    Arg::new("help").short('h').long("help").action(ArgAction::Help).help(help).help_heading("Tùy chọn")
}

/// `cmd` with its texts, headings and built-in flags in Vietnamese, and its subcommands.
fn vietnamese(mut cmd: Command, top: bool) -> Command {
    if let Some(about) = cmd.get_about().map(text) {
        cmd = cmd.about(about);
    }
    if let Some(about) = cmd.get_long_about().map(text) {
        cmd = cmd.long_about(about);
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |mut a| {
            let positional = a.is_positional();
            let mut extra = String::new();
            let defaults: Vec<String> =
                a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            if !defaults.is_empty() && !a.is_hide_default_value_set() && a.get_action().takes_values() {
                let _ = write!(extra, " [mặc định: {}]", defaults.join(", "));
                a = a.hide_default_value(true);
            }
            let values: Vec<String> =
                a.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_owned()).collect();
            if !values.is_empty() && !a.is_hide_possible_values_set() && a.get_action().takes_values() {
                let _ = write!(extra, " [giá trị: {}]", values.join(", "));
                a = a.hide_possible_values(true);
            }
            // each value's own help, in the long help (clap's list of them is hidden with the rest)
            let described: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .filter_map(|v| v.get_help().map(|h| format!("\n  - {}: {}", v.get_name(), text(h))))
                .collect();
            let long_extra = if described.is_empty() {
                extra.clone()
            } else {
                // (the values listed with their meanings, not twice)
                let defaults = extra.split(" [giá trị: ").next().unwrap_or_default();
                format!("{defaults}\n\nGiá trị:{}", described.concat())
            };
            if let Some(help) = a.get_help().map(text) {
                a = a.help(format!("{help}{extra}"));
                if a.get_long_help().is_none() && !described.is_empty() {
                    a = a.long_help(format!("{help}{long_extra}"));
                }
            }
            if let Some(help) = a.get_long_help().map(text) {
                if !help.ends_with(&long_extra) {
                    a = a.long_help(format!("{help}{long_extra}"));
                }
            }
            let names: Option<Vec<clap::builder::Str>> = a.get_value_names().map(|names| {
                names.iter().map(|n| value_name(n.as_str()).map_or_else(|| n.clone(), Into::into)).collect()
            });
            if let Some(names) = names {
                a = a.value_names(names);
            } else if let Some(name) = value_name(a.get_id().as_str()).filter(|_| positional) {
                a = a.value_name(name);
            }
            a.help_heading(if positional { "Đối số" } else { "Tùy chọn" })
        });
    }
    let subcommands: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for name in &subcommands {
        cmd = cmd.mut_subcommand(name, |s| vietnamese(s, false));
    }
    cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .disable_help_flag(true)
        .arg(help_flag("In trợ giúp (-h tóm tắt, --help đầy đủ)"));
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản")
                .help_heading("Tùy chọn"),
        );
    }
    if !subcommands.is_empty() {
        cmd = cmd.disable_help_subcommand(true).subcommand(
            Command::new("help")
                .about("In trợ giúp của baocao, hoặc của lệnh đã cho")
                .help_template(TEMPLATE)
                .arg(
                    Arg::new("lệnh")
                        .value_name("LỆNH")
                        .num_args(0..)
                        .help("Lệnh cần xem trợ giúp")
                        .help_heading("Đối số"),
                )
                .disable_help_flag(true)
                .arg(help_flag("In trợ giúp")),
        );
    }
    cmd
}

/// Each command's usage line as clap makes it, with its English words in Vietnamese.
fn usages(cmd: &mut Command) {
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    let usage = usage.replace("[OPTIONS]", "[TÙY CHỌN]").replace("<COMMAND>", "<LỆNH>").replace("[COMMAND]", "[LỆNH]");
    let taken = std::mem::take(cmd);
    *cmd = taken.override_usage(usage);
    for s in cmd.get_subcommands_mut() {
        usages(s);
    }
}

/// The man page's section headings clap_mangen writes in English, in Vietnamese.
pub fn man_headings(roff: &str) -> String {
    if lang() == Lang::En {
        return roff.to_owned();
    }
    let mut out = String::with_capacity(roff.len());
    for line in roff.split_inclusive('\n') {
        let heading = line.trim_end().strip_prefix(".SH ");
        let vi = match heading {
            Some("NAME") => Some("TÊN"),
            Some("SYNOPSIS") => Some("CÁCH DÙNG"),
            Some("DESCRIPTION") => Some("MÔ TẢ"),
            Some("OPTIONS") => Some("TÙY CHỌN"),
            Some("SUBCOMMANDS") => Some("LỆNH"),
            Some("VERSION") => Some("PHIÊN BẢN"),
            Some("EXTRA") => Some("THÊM"),
            Some("AUTHORS") => Some("TÁC GIẢ"),
            Some("Lệnh") => Some("LỆNH"),
            Some("Tùy chọn") => Some("TÙY CHỌN"),
            Some("Đối số") => Some("ĐỐI SỐ"),
            _ => None,
        };
        match vi {
            Some(v) => out.push_str(&format!(".SH {v}\n")),
            None => out.push_str(line),
        }
    }
    out
}

/// `baocao help [COMMAND…]` (Vietnamese: clap's own help subcommand is replaced): the help of the
/// command named, or of baocao.
pub fn help_of(cmd: &mut Command, path: &[String]) -> Result<(), String> {
    let mut at = cmd;
    for name in path {
        at = match at.find_subcommand_mut(name) {
            Some(s) => s,
            None => return Err(format!("không có lệnh '{name}'")),
        };
    }
    let _ = at.print_long_help();
    Ok(())
}

/// clap's errors in Vietnamese.
pub struct Vi;

fn quoted(v: Option<&ContextValue>) -> String {
    match v {
        Some(ContextValue::String(s)) => format!("'{s}'"),
        Some(ContextValue::Strings(v)) => v.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", "),
        Some(ContextValue::StyledStr(s)) => format!("'{s}'"),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

impl ErrorFormatter for Vi {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let arg = quoted(error.get(ContextKind::InvalidArg));
        let value = quoted(error.get(ContextKind::InvalidValue));
        let mut s = String::from("lỗi: ");
        match error.kind() {
            ErrorKind::InvalidValue if value == "''" || value.is_empty() => {
                let _ = write!(s, "tùy chọn {arg} cần một giá trị nhưng chưa được cho");
            }
            ErrorKind::InvalidValue => {
                let _ = write!(s, "giá trị {value} không hợp lệ cho {arg}");
                if let Some(valid) = error.get(ContextKind::ValidValue) {
                    let _ = write!(s, "\n  các giá trị nhận: {}", quoted(Some(valid)));
                }
            }
            ErrorKind::UnknownArgument if arg.starts_with("'-") => {
                let _ = write!(s, "không có tùy chọn {arg}");
            }
            ErrorKind::UnknownArgument => {
                let _ = write!(s, "thừa đối số {arg}");
            }
            ErrorKind::InvalidSubcommand => {
                let _ = write!(s, "không có lệnh {}", quoted(error.get(ContextKind::InvalidSubcommand)));
            }
            ErrorKind::NoEquals => {
                let _ = write!(s, "tùy chọn {arg} cần dấu = trước giá trị");
            }
            ErrorKind::ValueValidation => {
                let why = std::error::Error::source(error).map(|e| e.to_string()).unwrap_or_default();
                let why = match why.as_str() {
                    "invalid digit found in string" => "không phải số nguyên dương".to_owned(),
                    "number too large to fit in target type" => "số quá lớn".to_owned(),
                    "cannot parse integer from empty string" | "cannot parse float from empty string" => {
                        "trống".to_owned()
                    }
                    "invalid float literal" => "không phải là số".to_owned(),
                    // clap's ranges: `0 is not in 1..=3600`
                    _ => match why.split_once(" is not in ").and_then(|(_, r)| r.split_once("..=")) {
                        Some((lo, hi)) => format!("phải từ {lo} đến {hi}"),
                        None => why,
                    },
                };
                let _ = write!(s, "giá trị {value} của {arg} không hợp lệ: {why}");
            }
            ErrorKind::TooManyValues => {
                let _ = write!(s, "giá trị {value} thừa cho {arg}");
            }
            ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
                let _ = write!(s, "{arg} cần {} giá trị", quoted(error.get(ContextKind::ExpectedNumValues)));
            }
            ErrorKind::ArgumentConflict => {
                let prior = quoted(error.get(ContextKind::PriorArg));
                if prior.is_empty() || prior == arg {
                    let _ = write!(s, "tùy chọn {arg} chỉ được dùng một lần");
                } else {
                    let _ = write!(s, "tùy chọn {arg} không dùng cùng với {prior}");
                }
            }
            ErrorKind::MissingRequiredArgument => {
                let _ = write!(s, "còn thiếu: {arg}");
            }
            ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                s.push_str("cần một lệnh");
            }
            ErrorKind::InvalidUtf8 => s.push_str("một đối số không phải UTF-8"),
            _ => {
                let _ = write!(s, "đối số không hợp lệ ({})", error.kind());
            }
        }
        let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue]
            .into_iter()
            .filter_map(|k| error.get(k))
            .map(|v| quoted(Some(v)))
            .collect::<Vec<_>>();
        if !suggested.is_empty() {
            let _ = write!(s, "\n\n  gợi ý: có phải ý bạn là {}?", suggested.join(", "));
        } else if error.get(ContextKind::Suggested).is_some() && arg.starts_with("'-") {
            // clap's tip for a value that looks like a flag (`--number -5`)
            let bare = arg.trim_matches('\'');
            let _ = write!(s, "\n\n  gợi ý: để dùng '{bare}' làm giá trị, hãy viết '-- {bare}'");
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let _ = write!(s, "\n\n{}", usage.replacen("Usage:", "Cách dùng:", 1));
        }
        s.push_str("\n\nXem thêm: --help\n");
        StyledStr::from(s)
    }
}
