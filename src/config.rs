//! `baocao.toml` (issue 28, item 2): what repeats every month, typed once. `--config FILE`, else
//! `baocao.toml` in the working folder, else the user's (`~/.config/baocao/baocao.toml` on Linux,
//! the platform's config folder elsewhere). Flags override it; an input's own fields override its
//! `[document]`.
//!
//! A working folder may be a folder someone sent (a batch of units' files): its file may say how
//! the documents read and which files to write (`[document]`, field by field over the user's;
//! `[output]`), never where mail goes (`[email]`: the sender, the copies, the SMTP server; and
//! `[document]`'s `submit_to` and issuer's `email`), which is taken only from the user's own file
//! or `--config`. No file ever holds a secret: a key that names one is refused, saying where
//! it goes.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::messages::tr;

/// The file's name, in the working folder and in the user's config folder.
pub const FILE_NAME: &str = "baocao.toml";

/// The `[document]` keys: the input's fields every report of an agency repeats.
pub const DOCUMENT_KEYS: &[&str] = &["issuer", "signer", "submit_to", "recipients", "archive"];

/// What the file says.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The input's fields every report repeats, given to an input that lacks them (a whole field:
    /// an input's own `issuer` is used as it is, never mixed with this one's).
    #[serde(default)]
    pub document: Option<toml::Table>,
    /// Defaults of `--format` and `--jobs`.
    #[serde(default)]
    pub output: Output,
    /// Defaults of `email` and `batch --email`.
    #[serde(default)]
    pub email: Email,
    /// Defaults of `sign` and `verify`: keys, images, the time-stamping authority, trust roots.
    #[serde(default)]
    pub sign: Sign,
}

/// `[sign]`: read only from the user's own file or `--config` (keys and trust roots decide what
/// a signature and a verdict mean). Relative paths are from that file's folder.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sign {
    /// `--trust` of `sign`, `verify` and `email --signed`: files, or `vgca` / `national`.
    #[serde(default)]
    pub trust: Vec<PathBuf>,
    /// `--tsa`: every signature time-stamped by this authority.
    pub tsa: Option<String>,
    /// `--tsa-timeout`, seconds.
    pub tsa_timeout: Option<u64>,
    /// `[sign.approve]`: the signer's key and signature image.
    #[serde(default)]
    pub approve: Approve,
    /// `[sign.issue]`: the organisation's key and seal.
    #[serde(default)]
    pub issue: Issue,
}

/// `[sign.approve]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approve {
    /// `--p12`.
    pub p12: Option<PathBuf>,
    /// `--pkcs11`.
    pub pkcs11: Option<PathBuf>,
    /// `--token`.
    pub token: Option<String>,
    /// `--key`.
    pub key: Option<String>,
    /// `--image`.
    pub image: Option<PathBuf>,
}

/// `[sign.issue]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    /// `--p12`.
    pub p12: Option<PathBuf>,
    /// `--pkcs11`.
    pub pkcs11: Option<PathBuf>,
    /// `--token`.
    pub token: Option<String>,
    /// `--key`.
    pub key: Option<String>,
    /// `--seal`.
    pub seal: Option<PathBuf>,
    /// `--seal-size`, millimetres.
    pub seal_size: Option<f32>,
}

impl Sign {
    fn is_empty(&self) -> bool {
        self.trust.is_empty()
            && self.tsa.is_none()
            && self.tsa_timeout.is_none()
            && self.approve.p12.is_none()
            && self.approve.pkcs11.is_none()
            && self.approve.token.is_none()
            && self.approve.key.is_none()
            && self.approve.image.is_none()
            && self.issue.p12.is_none()
            && self.issue.pkcs11.is_none()
            && self.issue.token.is_none()
            && self.issue.key.is_none()
            && self.issue.seal.is_none()
            && self.issue.seal_size.is_none()
    }

    /// Its relative paths made from `dir` (the file's folder), `~/…` from the user's home folder;
    /// `vgca` and `national` (in any case) stay names.
    fn from(mut self, dir: &Path) -> Sign {
        let at = |p: &mut Option<PathBuf>| {
            if let Some(path) = p.as_mut() {
                *path = placed(dir, path);
            }
        };
        for p in [&mut self.approve.p12, &mut self.approve.pkcs11, &mut self.approve.image] {
            at(p);
        }
        for p in [&mut self.issue.p12, &mut self.issue.pkcs11, &mut self.issue.seal] {
            at(p);
        }
        for t in &mut self.trust {
            if crate::sign::roots::named(t.as_os_str()).is_none() {
                *t = placed(dir, t);
            }
        }
        self
    }
}

/// A path of the settings file: from the user's home folder when it starts with `~/` (a shell
/// expands it on the command line; the file was read as a folder named `~`), else from `dir`
/// when relative.
fn placed(dir: &Path, path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ if path.is_relative() => dir.join(path),
        _ => path.to_path_buf(),
    }
}

/// `[output]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// `--format`: `docx`, `pdf` or `docx,pdf`.
    pub format: Option<String>,
    /// `batch --jobs`.
    pub jobs: Option<usize>,
    /// `--lang`: the language of what baocao says, `vi` or `en`.
    pub lang: Option<String>,
}

/// `[email]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Email {
    /// `--from`.
    pub from: Option<String>,
    /// `--cc`, each address.
    #[serde(default)]
    pub cc: Vec<String>,
    /// `--smtp-host`.
    pub smtp_host: Option<String>,
    /// `--smtp-port`.
    pub smtp_port: Option<u16>,
    /// `--smtp-user`.
    pub smtp_user: Option<String>,
    /// `--smtp-plain`.
    pub smtp_plain: Option<bool>,
    /// `--smtp-timeout`, seconds.
    pub smtp_timeout: Option<u64>,
}

impl Email {
    fn is_empty(&self) -> bool {
        self.from.is_none()
            && self.cc.is_empty()
            && self.smtp_host.is_none()
            && self.smtp_port.is_none()
            && self.smtp_user.is_none()
            && self.smtp_plain.is_none()
            && self.smtp_timeout.is_none()
    }
}

/// The settings a run uses, and where each file came from (for its notes and warnings).
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    /// The settings.
    pub config: Config,
    /// The files read, in the order they apply.
    pub files: Vec<PathBuf>,
    /// What was left out, and why (a working folder's `[email]`).
    pub warnings: Vec<String>,
}

impl Loaded {
    /// `[document]` as a JSON object, for the input's missing fields.
    pub fn document(&self) -> Option<serde_json::Map<String, serde_json::Value>> {
        let table = self.config.document.as_ref()?;
        let value = serde_json::to_value(table).ok()?;
        value.as_object().cloned()
    }
}

/// The user's own config file's path (whether it exists or not).
pub fn user_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("baocao").join(FILE_NAME))
}

/// Reads the settings: `explicit` (`--config`) alone; else the working folder's `baocao.toml`
/// (`[document]`, `[output]`) over the user's (whose `[email]` is the one used).
pub fn load(explicit: Option<&Path>) -> Result<Loaded, String> {
    load_from(explicit, true)
}

/// [`load`] for a command that takes only what a working folder's file may never give (`sign`,
/// `verify`: keys and trust roots): that file is not read at all, so a folder someone sent cannot
/// stop the command with a file it made unreadable.
pub fn load_own(explicit: Option<&Path>) -> Result<Loaded, String> {
    load_from(explicit, false)
}

fn load_from(explicit: Option<&Path>, working_folder: bool) -> Result<Loaded, String> {
    if let Some(path) = explicit {
        let mut config = read(path)?.ok_or_else(|| tr!("{path}: no such file (--config)", path = path.display()))?;
        config.sign = config.sign.from(path.parent().unwrap_or(Path::new(".")));
        return Ok(Loaded { config, files: vec![path.to_path_buf()], warnings: vec![] });
    }
    let mut loaded = Loaded::default();
    let user = match user_file() {
        Some(path) => read(&path)?.map(|c| (path, c)),
        None => None,
    };
    let here = Path::new(FILE_NAME);
    let working = if working_folder { read(here)? } else { None };
    // the same file, reached both ways (the working folder is the config folder): the user's
    let working = working.filter(|_| {
        user.as_ref().is_none_or(|(u, _)| std::fs::canonicalize(u).ok() != std::fs::canonicalize(here).ok())
    });
    if let Some((path, mut config)) = user {
        config.sign = config.sign.from(path.parent().unwrap_or(Path::new(".")));
        loaded.config = config;
        loaded.files.push(path);
    }
    if let Some(config) = working {
        if !config.sign.is_empty() {
            loaded.warnings.push(tr!(
                "{file} (the working folder's): [sign] ignored: keys, images, the time-stamping authority and trust roots are taken only from your own {own} or --config, never from a working folder (it may be a folder someone sent)",
                file = FILE_NAME,
                own = user_file().map_or_else(|| FILE_NAME.to_owned(), |p| p.display().to_string())
            ));
        }
        if !config.email.is_empty() {
            loaded.warnings.push(tr!(
                "{file} (the working folder's): [email] ignored: the sender, the copies and the SMTP server are taken only from your own {own} or --config, never from a working folder (it may be a folder someone sent)",
                file = FILE_NAME,
                own = user_file().map_or_else(|| FILE_NAME.to_owned(), |p| p.display().to_string())
            ));
        }
        // its [document] fields over the user's, each whole; never who a report is from or
        // to (its e-mail addresses), which decide where mail goes
        if let Some(mut doc) = config.document {
            let mut ignored = Vec::new();
            if doc.remove("submit_to").is_some() {
                ignored.push("submit_to");
            }
            if let Some(toml::Value::Table(issuer)) = doc.get_mut("issuer") {
                if issuer.remove("email").is_some() {
                    ignored.push("issuer.email");
                }
            }
            if !ignored.is_empty() {
                loaded.warnings.push(tr!(
                    "{file} (the working folder's): [document] {keys} ignored: who a report is addressed to and sent from is taken only from your own {own} or --config, never from a working folder (it may be a folder someone sent)",
                    file = FILE_NAME,
                    keys = ignored.join(", "),
                    own = user_file().map_or_else(|| FILE_NAME.to_owned(), |p| p.display().to_string())
                ));
            }
            let mine = loaded.config.document.get_or_insert_with(toml::Table::new);
            for (k, v) in doc {
                mine.insert(k, v);
            }
        }
        if config.output.format.is_some() {
            loaded.config.output.format = config.output.format;
        }
        if config.output.jobs.is_some() {
            loaded.config.output.jobs = config.output.jobs;
        }
        if config.output.lang.is_some() {
            loaded.config.output.lang = config.output.lang;
        }
        loaded.files.push(here.to_path_buf());
    }
    Ok(loaded)
}

/// What names a secret inside a key (`smtp_password`, `smtppassword`, `mat_khau`), wherever the
/// key stands: refused.
const SECRET_PARTS: &[&str] =
    &["password", "passwd", "passphrase", "secret", "matkhau", "mat_khau", "mat-khau", "mat khau"];
/// What names a secret as a word of a key (`pin`, `smtp_pass`, `pwd`; not `token`, which names a
/// PKCS#11 token by its label).
const SECRET_WORDS: &[&str] = &["pass", "pin", "pwd", "otp"];

/// The largest settings file (a few hundred bytes are enough).
const MAX_BYTES: u64 = 1024 * 1024;

/// One file, checked: `None` when there is none. Read through the bounded reader: a FIFO, a
/// device or a folder named `baocao.toml` is refused, never waited on or read without end.
fn read(path: &Path) -> Result<Option<Config>, String> {
    use crate::input::file::{self, ReadError};
    let text = match file::read(path, MAX_BYTES) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| tr!("{path}: not UTF-8 text", path = path.display()))?,
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(tr!("cannot read {path}: {e}", path = path.display(), e)),
    };
    parse(&text).map(Some).map_err(|e| format!("{}: {e}", path.display()))
}

/// The line (from 1) where `key` is given (`key =`, `"key" =`, or `key` in a dotted key or an
/// inline table), if one says so plainly.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let plain = |l: &str| {
        l.match_indices(key).any(|(i, _)| {
            let before = l[..i].chars().next_back();
            let after = l[i + key.len()..].trim_start_matches(['"', '\'']).trim_start();
            before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'))
                && (after.starts_with('=') || after.starts_with('.'))
        })
    };
    text.lines().position(|l| !l.trim_start().starts_with('#') && plain(l)).map(|i| i + 1)
}

/// `line 3: `, the start of a message about a line of the file (empty when it is not known).
fn line_prefix(line: Option<usize>) -> String {
    line.map_or(String::new(), |line| tr!("line {line}: ", line))
}

/// The line (from 1) of byte `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

/// Parses and checks a file's text; an error names its line.
pub fn parse(text: &str) -> Result<Config, String> {
    // secrets first, before anything else is said about the file (the value never quoted)
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| located(text, &e))?;
    if let Some(key) = secret_key(&toml::Value::Table(table.clone())) {
        let line = line_prefix(line_of_key(text, &key));
        return Err(tr!(
            "{line}{key}: a secret is never kept in a file; give it in the environment (BAOCAO_SMTP_PASSWORD, BAOCAO_P12_PASSWORD, BAOCAO_PKCS11_PIN) or when asked",
            line,
            key
        ));
    }
    let config: Config = toml::from_str(text).map_err(|e| located(text, &e))?;
    if let Some(doc) = &config.document {
        if let Some(k) = doc.keys().find(|k| !DOCUMENT_KEYS.contains(&k.as_str())) {
            let line = line_prefix(line_of_key(text, k));
            return Err(tr!(
                "{line}[document] {k}: not a field the config file gives; it gives {keys} (a report's own fields are its input's)",
                line,
                k,
                keys = DOCUMENT_KEYS.join(", ")
            ));
        }
    }
    for (section, p12, pkcs11, token, key) in [
        (
            "sign.approve",
            &config.sign.approve.p12,
            &config.sign.approve.pkcs11,
            &config.sign.approve.token,
            &config.sign.approve.key,
        ),
        (
            "sign.issue",
            &config.sign.issue.p12,
            &config.sign.issue.pkcs11,
            &config.sign.issue.token,
            &config.sign.issue.key,
        ),
    ] {
        if p12.is_some() && pkcs11.is_some() {
            return Err(tr!("[{section}] p12 and pkcs11: one key, from a PKCS#12 file or from a token", section));
        }
        if pkcs11.is_none() && (token.is_some() || key.is_some()) {
            return Err(tr!(
                "[{section}] token and key name a key on a PKCS#11 token: give its module too (pkcs11)",
                section
            ));
        }
    }
    if let Some(format) = &config.output.format {
        if format.split(',').any(|f| !matches!(f.trim(), "docx" | "pdf")) {
            let line = line_prefix(line_of_key(text, "format"));
            return Err(tr!(
                "{line}[output] format: {format}: expected \"docx\", \"pdf\" or \"docx,pdf\"",
                line,
                format = format!("{format:?}")
            ));
        }
    }
    if let Some(lang) = config.output.lang.as_deref().filter(|l| crate::messages::Lang::parse(l).is_none()) {
        let line = line_prefix(line_of_key(text, "lang"));
        let lang = format!("{lang:?}");
        return Err(format!(
            "{line}[output] lang: {}",
            crate::messages::tr!("{lang}: expected \"vi\" or \"en\"", lang)
        ));
    }
    if config.output.jobs == Some(0) {
        let line = line_prefix(line_of_key(text, "jobs"));
        return Err(tr!("{line}[output] jobs: 0: at least 1", line));
    }
    // a seal's size, where it is written (it was said as the flag --seal-size, never typed)
    if let Some(mm) = config.sign.issue.seal_size.filter(|mm| !(10.0..=80.0).contains(mm)) {
        let line = line_prefix(line_of_key(text, "seal_size"));
        return Err(tr!("{line}[sign.issue] seal_size: {mm}: a seal is 10 to 80 mm wide", line, mm));
    }
    Ok(config)
}

/// A TOML error as one line: its line, then its message.
fn located(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().replace('\n', " ");
    // a value of the wrong type is never quoted (it may be a secret put in the wrong place)
    let redacted = [
        ("invalid type: string \"", "\", expected", "a string"),
        ("invalid type: integer `", "`, expected", "an integer"),
        ("invalid type: floating point `", "`, expected", "a number"),
    ]
    .iter()
    .find_map(|(start, end, kind)| {
        let rest = message.strip_prefix(start)?;
        Some(match rest.find(end) {
            Some(at) => format!("invalid type: {kind}{}", &rest[at + end.len() - ", expected".len()..]),
            None => format!("invalid type: {kind}"),
        })
    });
    let message = redacted.unwrap_or(message);
    let message =
        if crate::messages::lang() == crate::messages::Lang::Vi { toml_in_vietnamese(&message) } else { message };
    format!("{}{message}", line_prefix(e.span().map(|span| line_of(text, span.start))))
}

/// What the TOML reader says (in English), in Vietnamese: its common messages; anything else as
/// it says it, after saying whose words they are.
fn toml_in_vietnamese(message: &str) -> String {
    let expected = |e: &str| -> String {
        let e = e.trim();
        match e {
            "usize" | "u64" | "u32" => "một số nguyên không âm".to_owned(),
            "u16" => "một số nguyên từ 0 đến 65535".to_owned(),
            "f32" | "f64" => "một số".to_owned(),
            "a string" => "một chuỗi trong ngoặc kép".to_owned(),
            "a boolean" => "true hoặc false".to_owned(),
            "a sequence" => "một danh sách [ … ]".to_owned(),
            _ if e.starts_with("struct ") || e == "a map" || e == "a table" => "một bảng { … }".to_owned(),
            _ => e.replace('`', "\""),
        }
    };
    let kind = |k: &str| match k {
        "a string" => "một chuỗi".to_owned(),
        "an integer" => "một số nguyên".to_owned(),
        "a number" => "một số".to_owned(),
        "a boolean" => "true/false".to_owned(),
        "a sequence" => "một danh sách".to_owned(),
        "a map" | "a table" => "một bảng".to_owned(),
        other => other.to_owned(),
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((key, known)) = rest.split_once("`, expected ") {
            let known = known.trim_start_matches("one of ").replace('`', "");
            return format!("khóa lạ \"{key}\"; chỉ dùng: {known}");
        }
        if let Some((key, _)) = rest.split_once("`, there are no fields") {
            return format!("khóa lạ \"{key}\"; mục này không có khóa nào");
        }
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, wanted)) = rest.split_once(", expected ") {
            return format!("sai kiểu: {}, cần {}", kind(found), expected(wanted));
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: integer `") {
        if let Some((n, wanted)) = rest.split_once("`, expected ") {
            return format!("giá trị {n} không hợp lệ: cần {}", expected(wanted));
        }
    }
    if let Some(rest) = message.strip_prefix("duplicate key `") {
        return format!("khóa \"{}\" được ghi hai lần", rest.trim_end_matches('`'));
    }
    match message {
        "unclosed table, expected `]`" => "thiếu dấu ] đóng tên mục".to_owned(),
        "invalid basic string, expected `\"`" => "chuỗi chưa có dấu \" đóng".to_owned(),
        "key with no value, expected `=`" => "thiếu dấu = và giá trị sau khóa".to_owned(),
        "duplicate key" => "khóa được ghi hai lần".to_owned(),
        "invalid string" | "invalid basic string" => "chuỗi không hợp lệ (thiếu dấu ngoặc kép đóng?)".to_owned(),
        _ => format!("cú pháp TOML không hợp lệ (bộ đọc TOML báo: {message})"),
    }
}

/// The first key (at any depth) that names a secret.
fn secret_key(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::Table(t) => t.iter().find_map(|(k, v)| {
            let lower = k.to_lowercase();
            let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
            let folded = lower.replace(['ậ', 'ẩ', 'ẫ', 'ấ', 'ầ', 'ă', 'â', 'á'], "a");
            if SECRET_PARTS.iter().any(|p| folded.contains(p)) || SECRET_WORDS.iter().any(|w| words.contains(w)) {
                Some(k.clone())
            } else {
                secret_key(v)
            }
        }),
        toml::Value::Array(items) => items.iter().find_map(secret_key),
        _ => None,
    }
}

/// What `baocao config init` writes: every setting, commented, with the user's own file named.
pub fn commented() -> String {
    if crate::messages::lang() == crate::messages::Lang::Vi {
        return commented_vi();
    }
    let user = user_file().map_or_else(|| "your config folder".to_owned(), |p| p.display().to_string());
    format!(
        r#"# baocao.toml: what repeats in every report, typed once (baocao config init).
# Read from --config FILE, else baocao.toml in the working folder, else {user}.
# Flags override it; an input's own fields override [document]. Never put a password or a PIN
# here: they come from the environment (BAOCAO_SMTP_PASSWORD, BAOCAO_P12_PASSWORD,
# BAOCAO_PKCS11_PIN) or when asked.

# The fields of the input that every report of the agency repeats, given to an input that lacks
# them (a whole field at a time: an input's own issuer is used as it is). Written as in the input
# (docs/input.md). A batch's units are each their own agency: [document] gives the consolidated
# report's fields only, and _defaults.json what the units share.
[document]
# issuer = {{ name = "Sở Khoa học và Công nghệ", parent = "Ủy ban nhân dân tỉnh Bắc Ninh", code = "SKHCN", place = "Bắc Ninh", email = "vanthu@skhcn.bacninh.gov.vn" }}
# signer = {{ name = "Nguyễn Văn A", title = "Giám đốc" }}
# submit_to = {{ name = "Bộ Công an", email = "vanthu@bocongan.gov.vn" }}
# recipients = ["Bộ Công an (A05)", "UBND tỉnh (để báo cáo)"]

[output]
# format = "docx,pdf"   # --format: docx, pdf or docx,pdf
# jobs = 2              # batch --jobs
# lang = "en"           # --lang: what baocao says, in Vietnamese (vi, the default) or English (en)

# Read only from your own {user} or --config, never from a working folder's file (a folder
# someone sent must not choose where your mail goes; nor its [document]'s submit_to and issuer's
# email).
[email]
# from = "vanthu@skhcn.bacninh.gov.vn"
# cc = ["lanhdao@skhcn.bacninh.gov.vn"]
# smtp_host = "mail.bacninh.gov.vn"
# smtp_port = 465
# smtp_user = "vanthu"
# smtp_timeout = 60

# Read only from your own {user} or --config, like [email]. Relative paths are from the folder
# of the file that says them.
[sign]
# trust = ["vgca"]                 # --trust of sign, verify and email --signed
# tsa = "http://tsa.ca.gov.vn"     # every signature time-stamped
# tsa_timeout = 180

# The signer's (sign approve).
[sign.approve]
# p12 = "giam-doc.p12"             # or pkcs11 = "/usr/lib/…/libtoken.so", token = "…", key = "…"
# image = "chu-ky.png"

# The organisation's (sign issue).
[sign.issue]
# p12 = "co-quan.p12"
# seal = "dau.png"
# seal_size = 36
"#
    )
}

/// [`commented`] in Vietnamese: the same keys, the comments said to a Vietnamese reader.
fn commented_vi() -> String {
    let user = user_file().map_or_else(|| "thư mục cấu hình của bạn".to_owned(), |p| p.display().to_string());
    format!(
        r#"# baocao.toml: những gì lặp lại ở mọi báo cáo, chỉ nhập một lần (baocao config init).
# Đọc từ --config TỆP, nếu không có thì baocao.toml trong thư mục làm việc, sau đó {user}.
# Tùy chọn trên dòng lệnh được ưu tiên hơn tệp này; các trường của chính tệp đầu vào được ưu tiên
# hơn [document]. Không bao giờ ghi mật khẩu hay mã PIN vào đây: chúng lấy từ biến môi trường
# (BAOCAO_SMTP_PASSWORD, BAOCAO_P12_PASSWORD, BAOCAO_PKCS11_PIN) hoặc được hỏi khi chạy.

# Các trường của tệp đầu vào mà mọi báo cáo của cơ quan đều lặp lại, dùng cho tệp đầu vào còn
# thiếu (mỗi lần cả một trường: issuer của chính tệp đầu vào được dùng nguyên như vậy). Viết như
# trong tệp đầu vào (docs/input.md). Trong một lô, mỗi đơn vị là một cơ quan riêng: [document] chỉ
# cho các trường của báo cáo tổng hợp, còn _defaults.json cho những gì các đơn vị dùng chung.
[document]
# issuer = {{ name = "Sở Khoa học và Công nghệ", parent = "Ủy ban nhân dân tỉnh Bắc Ninh", code = "SKHCN", place = "Bắc Ninh", email = "vanthu@skhcn.bacninh.gov.vn" }}
# signer = {{ name = "Nguyễn Văn A", title = "Giám đốc" }}
# submit_to = {{ name = "Bộ Công an", email = "vanthu@bocongan.gov.vn" }}
# recipients = ["Bộ Công an (A05)", "UBND tỉnh (để báo cáo)"]

[output]
# format = "docx,pdf"   # --format: docx, pdf hoặc docx,pdf
# jobs = 2              # batch --jobs
# lang = "en"           # --lang: baocao nói tiếng Việt (vi, mặc định) hay tiếng Anh (en)

# Chỉ đọc từ tệp riêng của bạn ({user}) hoặc --config, không bao giờ từ tệp trong thư mục làm
# việc (một thư mục người khác gửi đến không được quyết định thư của bạn gửi đi đâu; submit_to và
# email của issuer trong [document] của tệp đó cũng vậy).
[email]
# from = "vanthu@skhcn.bacninh.gov.vn"
# cc = ["lanhdao@skhcn.bacninh.gov.vn"]
# smtp_host = "mail.bacninh.gov.vn"
# smtp_port = 465
# smtp_user = "vanthu"
# smtp_timeout = 60

# Chỉ đọc từ tệp riêng của bạn ({user}) hoặc --config, như [email]. Đường dẫn tương đối tính từ
# thư mục của tệp ghi đường dẫn đó.
[sign]
# trust = ["vgca"]                 # --trust của sign, verify và email --signed
# tsa = "http://tsa.ca.gov.vn"     # gắn dấu thời gian cho mọi chữ ký
# tsa_timeout = 180

# Của người ký (sign approve).
[sign.approve]
# p12 = "giam-doc.p12"             # hoặc pkcs11 = "/usr/lib/…/libtoken.so", token = "…", key = "…"
# image = "chu-ky.png"

# Của cơ quan (sign issue).
[sign.issue]
# p12 = "co-quan.p12"
# seal = "dau.png"
# seal_size = 36
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_size_outside_what_a_seal_is_is_refused_at_its_line() {
        assert_eq!(
            parse("[sign.issue]\n\nseal_size = 5\n").unwrap_err(),
            "line 3: [sign.issue] seal_size: 5: a seal is 10 to 80 mm wide"
        );
        assert!(parse("[sign.issue]\nseal_size = 36.5\n").is_ok());
    }

    #[test]
    fn a_path_of_the_settings_is_from_its_folder_or_the_home_folder_and_root_names_stay() {
        let dir = Path::new("/etc/baocao");
        assert_eq!(placed(dir, Path::new("keys/org.p12")), Path::new("/etc/baocao/keys/org.p12"));
        assert_eq!(placed(dir, Path::new("/srv/org.p12")), Path::new("/srv/org.p12"));
        // `~/` as a shell reads it (it was a folder named `~` beside the file)
        if let Some(home) = dirs::home_dir() {
            assert_eq!(placed(dir, Path::new("~/keys/org.p12")), home.join("keys/org.p12"));
        }
        assert_eq!(placed(dir, Path::new("~other/x")), Path::new("/etc/baocao/~other/x"));
        let sign = Sign { trust: vec!["VGCA".into(), "national".into(), "ca.pem".into()], ..Default::default() };
        let trust = sign.from(dir).trust;
        assert_eq!(trust, [PathBuf::from("VGCA"), PathBuf::from("national"), PathBuf::from("/etc/baocao/ca.pem")]);
    }

    #[test]
    fn the_commented_file_is_valid_and_sets_nothing() {
        for text in [commented(), commented_vi()] {
            let c = parse(&text).unwrap();
            assert!(c.document.unwrap().is_empty());
            assert!(c.output.format.is_none() && c.email.is_empty());
        }
        // the same lines of settings in both languages
        let settings = |t: &str| {
            t.lines()
                .filter(|l| l.starts_with('[') || l.starts_with("# ") && l.contains(" = "))
                .map(|l| l.split('#').nth(1).unwrap_or(l).split(" = ").next().unwrap_or("").to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(settings(&commented()), settings(&commented_vi()));
    }

    #[test]
    fn a_bad_key_is_told_with_its_line_and_a_secret_is_refused_without_its_value() {
        let e = parse("[output]\nformat = \"pdf\"\nformats = \"docx\"\n").unwrap_err();
        assert!(e.starts_with("line 3: unknown field `formats`"), "{e}");
        let e = parse("[email]\nsmtp_host = \"h\"\nsmtp_password = \"hunter2\"\n").unwrap_err();
        assert_eq!(e, "line 3: smtp_password: a secret is never kept in a file; give it in the environment (BAOCAO_SMTP_PASSWORD, BAOCAO_P12_PASSWORD, BAOCAO_PKCS11_PIN) or when asked");
        let e = parse("[document]\nissuer = { name = \"A\", pin = 1234 }\n").unwrap_err();
        assert!(e.starts_with("line 2: pin: a secret") && !e.contains("1234"), "{e}");
        let e = parse("[document]\nsystems = []\n").unwrap_err();
        assert!(e.starts_with("line 2: [document] systems: not a field"), "{e}");
        let e = parse("[output\n").unwrap_err();
        assert!(e.starts_with("line 1: "), "{e}");
    }
}
