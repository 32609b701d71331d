//! The command line: clap structs, and each subcommand as a function returning the exit code.
//!
//! stdout carries only results (paths written, the schema, the sample); warnings, errors and
//! everything else for people go to stderr. Exit codes: 0 done (warnings alone included), 1 some
//! input was invalid, 2 usage, configuration or I/O error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::batch;
use crate::engine::Engine;
use crate::input::{self, Checked, Problem};
use crate::mail::{self, Field, MailError};
use crate::messages::tr;

mod help;
use crate::model::Kind;
use crate::output::{self, Format};
use crate::publish::{self, WriteError};
use crate::say::{self, Verbosity};
use crate::template::Templates;

/// Prints on stderr through [`say::line`]: the severity word coloured on a terminal, only errors
/// and warnings with `-q`.
macro_rules! tell {
    ($($arg:tt)*) => {
        say::line(&format!($($arg)*))
    };
}

/// Exit code: done.
pub const EXIT_OK: u8 = 0;
/// Exit code: some input was invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: usage, configuration or I/O error.
pub const EXIT_ERROR: u8 = 2;

/// The bundled monthly sample, printed by `baocao sample monthly`.
pub const SAMPLE_MONTHLY: &str = Kind::Monthly.sample();
/// The bundled assessment sample, printed by `baocao sample assessment`.
pub const SAMPLE_ASSESSMENT: &str = Kind::Assessment.sample();

/// Official 4-layer information security reports (CV 1552/BTTTT-CATTT) as Decree 30 documents.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about, long_about = None)]
pub struct Cli {
    /// Folder of templates replacing the bundled ones of the same name (e.g. `monthly.md`).
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The settings file to use instead of ./baocao.toml or the user's own (baocao config init).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Replace an existing signed PDF (refused otherwise: a signed report is the official copy).
    #[arg(long, global = true)]
    pub force: bool,
    /// Print only errors and warnings on stderr (no progress, notes or summaries).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what is read and written, and how long it took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// The language of what baocao says: vi (the default) or en (also BAOCAO_LANG, or lang in
    /// [output] of the settings file).
    #[arg(long, global = true, value_name = "LANG", value_parser = ["vi", "en"])]
    pub lang: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the report of one input file.
    ///
    /// Example: baocao generate samples/monthly-province.json -o out
    Generate {
        /// The input JSON file.
        input: PathBuf,
        /// Output folder (created when missing).
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        output: PathBuf,
        /// Formats to write: docx, pdf or docx,pdf (default: the config file's, else both).
        #[arg(long, value_name = "LIST")]
        format: Option<String>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Print the result as JSON on stdout: the files written, the errors and warnings.
        #[arg(long)]
        json: bool,
    },
    /// Write the reports of all units of a batch, and the consolidated report.
    ///
    /// INPUT is a folder (every *.json not starting with _, in file-name order, with optional
    /// _defaults.json merged under each unit and _consolidated.json for the consolidated report)
    /// or a batch file { "defaults": …, "consolidated": …, "units": [ … ] }.
    ///
    /// Example: baocao batch samples/batch-bac-ninh -o out
    Batch {
        /// The batch folder or file.
        input: PathBuf,
        /// Output folder (created when missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Formats to write: docx, pdf or docx,pdf (default: the config file's, else both).
        #[arg(long, value_name = "LIST")]
        format: Option<String>,
        /// Units rendered at once (default: every core).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Also write an e-mail package (.eml) for each unit and the consolidated report.
        #[arg(long)]
        email: bool,
        /// With --email: sender for units without issuer.email.
        #[arg(long, value_name = "ADDR", requires = "email")]
        from: Option<String>,
        /// With --email: copy to this address (repeatable).
        #[arg(long, value_name = "ADDR", requires = "email")]
        cc: Vec<String>,
        /// Print the manifest (DIR/manifest.json) on stdout instead of the files written.
        #[arg(long)]
        json: bool,
    },
    /// Write the report and an e-mail package (.eml) that any mail client opens and sends.
    ///
    /// The message goes To submit_to.email (the addressee the report names: Bộ Công an's mailbox
    /// from 01/3/2025), From issuer.email (or --from), with the PDF and DOCX attached; both are
    /// also written to DIR.
    ///
    /// Example: baocao email thang-5.json -o out --cc vanthu@bacninh.gov.vn
    Email {
        /// The input JSON file.
        input: PathBuf,
        /// Output folder (created when missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Copy to this address (repeatable).
        #[arg(long, value_name = "ADDR")]
        cc: Vec<String>,
        /// Sender, when the input has no issuer.email.
        #[arg(long, value_name = "ADDR")]
        from: Option<String>,
        /// The digitally signed PDF to attach instead of the rendered one; verified first (as
        /// baocao verify does, against --trust): one without a valid, trusted signature is refused.
        #[arg(long, value_name = "SIGNED.pdf")]
        signed: Option<PathBuf>,
        /// A trusted root certificate (PEM or DER) for --signed, or `vgca` (the government CA's
        /// root) or `national` (the national root of public CAs), which ship; repeat for several.
        #[arg(long, value_name = "CA.pem", requires = "signed")]
        trust: Vec<PathBuf>,
        /// Send the message over SMTP after writing it (the password only from
        /// BAOCAO_SMTP_PASSWORD) through --smtp-host or the config file's.
        #[arg(long)]
        send: bool,
        /// SMTP server.
        #[arg(long, value_name = "HOST")]
        smtp_host: Option<String>,
        /// SMTP port: 465 (implicit TLS, the default); any other port uses STARTTLS.
        #[arg(long, value_name = "N")]
        smtp_port: Option<u16>,
        /// SMTP user name.
        #[arg(long, value_name = "USER")]
        smtp_user: Option<String>,
        /// Plain SMTP without TLS: only to a loopback address (a local relay or a test server).
        #[arg(long)]
        smtp_plain: bool,
        /// Seconds the whole SMTP exchange may take (connecting, TLS, login, sending); default 60.
        #[arg(long, value_name = "S", value_parser = clap::value_parser!(u64).range(1..=3600))]
        smtp_timeout: Option<u64>,
    },
    /// Check input files and print every problem, writing nothing.
    ///
    /// Example: baocao validate samples/*.json
    Validate {
        /// The input JSON files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Check each input as a unit of a batch with these defaults (and the _consolidated.json
        /// beside them, if any), as `batch` will: a unit checks its own form.
        #[arg(long, value_name = "_defaults.json")]
        defaults: Option<PathBuf>,
        /// Print the result as JSON on stdout: each input, valid or not, its errors and warnings.
        #[arg(long)]
        json: bool,
    },
    /// Render the PDF to the temporary folder and open it in the system's viewer.
    ///
    /// The PDF goes to <temp dir>/baocao-preview/<name>.pdf (replaced by the next preview of the
    /// same report); its path is the last line printed.
    ///
    /// Example: baocao preview thang-5.json --watch
    Preview {
        /// The input JSON file.
        input: PathBuf,
        /// Only print the path; do not open a viewer.
        #[arg(long)]
        no_open: bool,
        /// Render again whenever the input or a template changes (Ctrl-C to stop).
        #[arg(long)]
        watch: bool,
    },
    /// Sign a report's PDF digitally (ký số), as Decree 30 requires.
    ///
    /// The signer approves first (approve); the PKCS#12 password comes from the environment
    /// variable BAOCAO_P12_PASSWORD, never from a flag.
    #[command(subcommand)]
    Sign(SignCommand),
    /// Check the digital signatures of PDF files, and say in Vietnamese who signed, when, whether
    /// the document is intact and whether the certificate was valid and trusted.
    ///
    /// Exit 0 only when every signature of every file is intact and trusted.
    ///
    /// Example: baocao verify issued/bao-cao.pdf --trust ca.pem
    Verify {
        /// The signed PDF files.
        #[arg(required = true)]
        pdfs: Vec<PathBuf>,
        /// A trusted root certificate (PEM or DER), or `vgca` (the government CA's root) or
        /// `national` (the national root of public CAs), which ship; repeat for several.
        #[arg(long, value_name = "CA.pem")]
        trust: Vec<PathBuf>,
        /// Print the verdicts as JSON.
        #[arg(long)]
        json: bool,
        /// Also ask each certificate's CA whether it was revoked (its OCSP responder, else its
        /// CRL), over HTTP (through HTTP_PROXY); without it, revocation is checked from the data
        /// the file holds (its /DSS) alone.
        #[arg(long)]
        online: bool,
        /// The deadline of each certificate's exchange with its CA, in seconds (1 to 3600).
        #[arg(long, value_name = "SECONDS", default_value_t = 60, requires = "online", value_parser = clap::value_parser!(u64).range(1..=3600))]
        timeout: u64,
    },
    /// The settings file, baocao.toml: what repeats in every report, typed once.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print the shell completion script for baocao's commands and options.
    ///
    /// Install (bash): baocao completions bash > ~/.local/share/bash-completion/completions/baocao
    /// (zsh: into a folder of $fpath as _baocao; fish: ~/.config/fish/completions/baocao.fish;
    /// PowerShell: add the output to $PROFILE).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print baocao's man page (roff), made from the command line's own definition.
    ///
    /// Install: baocao man > ~/.local/share/man/man1/baocao.1, then man baocao.
    Man,
    /// Write the Excel form a subordinate unit fills in (instead of JSON): a sheet of labelled
    /// rows for the unit, signer and the four layers, a row a system, the lists of paragraphs;
    /// drop-downs, real dates, input messages, the labels protected. generate, validate, preview
    /// and email read the filled workbook as they read JSON.
    ///
    /// Example: baocao form monthly -o mau-bao-cao.xlsx --from thang-4/so-y-te.json --defaults thang-4/_defaults.json
    Form {
        /// Which report.
        kind: SampleKind,
        /// The workbook to write.
        #[arg(short, long, value_name = "FORM.xlsx")]
        output: PathBuf,
        /// Pre-fill it with a unit's report (last month's), JSON or a filled form.
        #[arg(long, value_name = "UNIT.json")]
        from: Option<PathBuf>,
        /// The defaults of the batch --from's report came from (last month's): what they give is
        /// left out, its rows say the Sở fills them, and with them --from is known whole.
        #[arg(long, value_name = "_defaults.json")]
        defaults: Option<PathBuf>,
    },
    /// Print the JSON Schema of the input, for editors.
    ///
    /// Example: baocao schema > baocao.schema.json
    Schema,
    /// Print a complete, valid example input.
    ///
    /// Example: baocao sample monthly > my-report.json
    Sample {
        /// Which report.
        kind: SampleKind,
    },
}

/// `baocao config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write a commented baocao.toml in the working folder (refused when one is there), every
    /// setting shown and commented out.
    ///
    /// Example: baocao config init
    Init,
}

/// `baocao sign …`.
#[derive(Debug, Subcommand)]
pub enum SignCommand {
    /// The signer's signature: the signature image centred in ô 7c (the room between the
    /// signer's title and name), a PAdES signature added as an incremental update.
    ///
    /// Example: BAOCAO_P12_PASSWORD=… baocao sign approve out/bao-cao.pdf -o signed --image chu-ky.png --p12 giam-doc.p12
    Approve {
        /// The report's PDF, as baocao generate wrote it.
        pdf: PathBuf,
        /// Output folder (created when missing); the signed file keeps the draft's name.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// The handwritten signature: a PNG, transparent around the strokes (default: image in
        /// [sign.approve] of the settings file).
        #[arg(long, value_name = "PNG")]
        image: Option<PathBuf>,
        /// The signer's key.
        #[command(flatten)]
        key: KeyArgs,
        /// The signing time, ISO 8601 with its offset (2020-05-20T09:15:30+07:00), for
        /// reproducible output; default: now, Vietnam time.
        #[arg(long, value_name = "ISO-8601")]
        time: Option<String>,
        /// A time-stamp over the signature.
        #[command(flatten)]
        tsa: TsaArgs,
        /// Print the result as JSON on stdout: the input, the signed file, the exit code, the errors
        /// and warnings.
        #[arg(long)]
        json: bool,
    },
    /// The organisation's signature (the clerk, after the signer): the number and date written
    /// into the blanks the draft left (Số, the date line, each appendix's reference), then the
    /// seal at its real size over the left third of the signer's signature.
    ///
    /// Example: BAOCAO_P12_PASSWORD=… baocao sign issue signed/bao-cao.pdf -o issued --seal dau.png --number 125 --date 2020-05-20 --p12 co-quan.p12
    Issue {
        /// The PDF the signer signed (baocao sign approve).
        pdf: PathBuf,
        /// Output folder (created when missing); the issued file keeps the name.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// The organisation's seal: a PNG, transparent outside the seal (default: seal in
        /// [sign.issue] of the settings file).
        #[arg(long, value_name = "PNG")]
        seal: Option<PathBuf>,
        /// The seal's real width, in millimetres (default: the settings file's, else 36).
        #[arg(long, value_name = "MM", value_parser = decimal)]
        seal_size: Option<f32>,
        /// The document's number, when the draft left it blank (1 or more).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        number: Option<u32>,
        /// The document's date, when the draft left it blank; default: the signing day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// The organisation's key.
        #[command(flatten)]
        key: KeyArgs,
        /// The signing time, as for approve.
        #[arg(long, value_name = "ISO-8601")]
        time: Option<String>,
        /// A time-stamp over the signature.
        #[command(flatten)]
        tsa: TsaArgs,
        /// Long-term validation data (PAdES B-LT): after the organisation's signature, the
        /// certificates of both signatures and their time-stamps with the status of each from its
        /// CA (OCSP, else CRL), checked, in the file's /DSS; fetched within --tsa-timeout (needs
        /// --tsa, or tsa in [sign] of the settings file).
        #[arg(long)]
        ltv: bool,
        /// Print the result as JSON on stdout: the input, the signed file, the exit code, the errors
        /// and warnings.
        #[arg(long)]
        json: bool,
    },
    /// A document time-stamp over the whole signed report (PAdES B-LTA's /DocTimeStamp), from an
    /// RFC 3161 authority, in an incremental update: it proves the file, every signature in it,
    /// existed then. Run it again later (before the authority's certificate expires) to renew it.
    ///
    /// Example: baocao sign extend issued/bao-cao.pdf -o archived --tsa http://tsa.ca.gov.vn --trust vgca
    Extend {
        /// A signed PDF (every signature intact).
        pdf: PathBuf,
        /// Output folder (created when missing); the file keeps its name.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// The RFC 3161 time-stamping authority (default: tsa in [sign] of the settings file).
        #[arg(long, value_name = "URL")]
        tsa: Option<String>,
        /// The deadline of the whole exchange with the authority, in seconds (1 to 3600; default
        /// 180).
        #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
        tsa_timeout: Option<u64>,
        /// A trusted root certificate (PEM or DER), or `vgca` or `national`: the signatures and the
        /// authority must chain to one; repeat for several (default: trust in [sign]).
        #[arg(long, value_name = "FILE")]
        trust: Vec<PathBuf>,
        /// First add the long-term validation data of every signature and time-stamp in the file
        /// (their certificates and each one's status from its CA, in the /DSS), so the document
        /// time-stamp covers it (PAdES B-LTA); fetched within --tsa-timeout.
        #[arg(long)]
        ltv: bool,
        /// Print the result as JSON on stdout: the input, the signed file, the exit code, the errors
        /// and warnings.
        #[arg(long)]
        json: bool,
    },
}

/// A time-stamp over the signature from an RFC 3161 authority (PAdES B-T).
#[derive(Debug, Clone, clap::Args)]
#[group(skip)]
pub struct TsaArgs {
    /// An RFC 3161 time-stamping authority (the government CA's: http://tsa.ca.gov.vn) that
    /// stamps the signature, so its time is proven, not claimed; its token is checked against
    /// --trust before it is embedded. HTTP goes through HTTP_PROXY/HTTPS_PROXY when set.
    #[arg(long, value_name = "URL")]
    tsa: Option<String>,
    /// The deadline of the whole exchange with the authority, every attempt included, in seconds
    /// (1 to 3600; default 180).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    tsa_timeout: Option<u64>,
    /// A trusted root certificate (PEM or DER) the authority's certificate must chain to, or
    /// `vgca` or `national` (the roots that ship); repeat for several (default: trust in [sign]
    /// of the settings file).
    #[arg(long, value_name = "FILE")]
    trust: Vec<PathBuf>,
}

impl TsaArgs {
    /// The flags, else `[sign]`'s authority, deadline and roots; `needed`: an authority is
    /// required (`extend`, `issue --ltv`). `Err` is the exit code, the problem said.
    fn or_settings(self, mine: &crate::config::Sign, needed: bool) -> Result<TsaArgs, u8> {
        if self.tsa.is_none() && mine.tsa.is_none() && self.tsa_timeout.is_some() {
            tell!(
                "error: {}",
                tr!("--tsa-timeout is the deadline of --tsa <URL>: give it too (or tsa in [sign] of your settings file)")
            );
            return Err(EXIT_ERROR);
        }
        let args = TsaArgs {
            tsa: self.tsa.or_else(|| mine.tsa.clone()),
            tsa_timeout: self.tsa_timeout.or(mine.tsa_timeout),
            trust: if self.trust.is_empty() { mine.trust.clone() } else { self.trust },
        };
        if needed && args.tsa.is_none() {
            tell!(
                "error: {}",
                tr!("a time-stamping authority is needed: --tsa <URL>, or tsa in [sign] of your settings file")
            );
            return Err(EXIT_ERROR);
        }
        if args.tsa.is_some() && args.trust.is_empty() {
            tell!(
                "error: {}",
                tr!("--tsa needs the roots its time-stamps are checked against: --trust <FILE>, or trust in [sign] of your settings file")
            );
            return Err(EXIT_ERROR);
        }
        Ok(args)
    }
}

impl KeyArgs {
    /// The flags' key, else the settings file's (`[sign.approve]` or `[sign.issue]`: its PKCS#12
    /// file, or its module, token and key label).
    fn or_settings(self, mine: (&Option<PathBuf>, &Option<PathBuf>, &Option<String>, &Option<String>)) -> KeyArgs {
        if self.p12.is_some() || self.pkcs11.is_some() {
            return self;
        }
        // (a token or key label on the command line picks one on the settings' token)
        let (p12, pkcs11, token, key_label) = mine;
        KeyArgs {
            p12: p12.clone(),
            pkcs11: if p12.is_some() { None } else { pkcs11.clone() },
            token: self.token.or_else(|| token.clone()),
            key_label: self.key_label.or_else(|| key_label.clone()),
            pss: self.pss,
        }
    }
}

/// Where the signing key is: a PKCS#12 file or a PKCS#11 token.
#[derive(Debug, Clone, clap::Args)]
#[group(skip)]
pub struct KeyArgs {
    /// A PKCS#12 file with the key and its certificate chain (password: BAOCAO_P12_PASSWORD).
    #[arg(long, value_name = "FILE", conflicts_with = "pkcs11")]
    p12: Option<PathBuf>,
    /// A PKCS#11 module (the token's .so library; PIN: BAOCAO_PKCS11_PIN or asked on the terminal).
    #[arg(long, value_name = "MODULE")]
    pkcs11: Option<PathBuf>,
    /// The token's label (default: the only token present), with --pkcs11 or the settings'.
    #[arg(long, value_name = "LABEL", conflicts_with = "p12")]
    token: Option<String>,
    /// The private key's label on the token (default: the only one), with --pkcs11 or the
    /// settings'.
    #[arg(long = "key", value_name = "LABEL", conflicts_with = "p12")]
    key_label: Option<String>,
    /// Sign with RSASSA-PSS instead of PKCS#1 v1.5 (RSA keys; the signature is then random, not
    /// reproducible).
    #[arg(long)]
    pss: bool,
}

/// Report kinds for `sample`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SampleKind {
    /// The monthly 4-layer report.
    Monthly,
    /// The periodic assessment report.
    Assessment,
    /// The annual cybersecurity report (Decree 331/2026/NĐ-CP, Mẫu số 08).
    Annual,
}

impl From<SampleKind> for Kind {
    fn from(k: SampleKind) -> Kind {
        match k {
            SampleKind::Monthly => Kind::Monthly,
            SampleKind::Assessment => Kind::Assessment,
            SampleKind::Annual => Kind::Annual,
        }
    }
}

/// The binary's entry: the language first (what clap says too is in it), then the arguments,
/// then the command.
pub fn main() -> ExitCode {
    let (lang, unknown) = language(std::env::args_os().collect());
    crate::messages::set_lang(lang);
    if let Some(value) = unknown {
        let value = format!("{value:?}");
        tell!("warning: BAOCAO_LANG={}", tr!("{value} is neither vi nor en; Vietnamese is used", value));
    }
    let mut cmd = help::command();
    let matches = match cmd.try_get_matches_from_mut(std::env::args_os()) {
        Ok(m) => m,
        Err(e) => return usage_error(e),
    };
    // in Vietnamese, `help` is the command line's own (clap's is English), at any level
    // (`baocao sign help approve`)
    let mut level = &matches;
    let mut before = Vec::new();
    while let Some((name, m)) = level.subcommand() {
        if name == "help" && crate::messages::lang() == crate::messages::Lang::Vi {
            break;
        }
        before.push(name.to_owned());
        level = m;
    }
    if let Some(("help", m)) = level.subcommand().filter(|_| crate::messages::lang() == crate::messages::Lang::Vi) {
        let mut path = before;
        path.extend(m.get_many::<String>("lệnh").map(|v| v.cloned().collect::<Vec<_>>()).unwrap_or_default());
        return match help::help_of(&mut cmd, &path) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tell!("error: {e}");
                ExitCode::from(EXIT_ERROR)
            }
        };
    }
    match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => run(cli),
        Err(e) => usage_error(e.with_cmd(&cmd)),
    }
}

/// clap's error (or the help or version it prints): in Vietnamese by [`help::Vi`]; exit code 2,
/// or 0 for the help and the version.
fn usage_error(e: clap::Error) -> ExitCode {
    let code = u8::try_from(e.exit_code()).unwrap_or(EXIT_ERROR);
    if e.use_stderr() && crate::messages::lang() == crate::messages::Lang::Vi {
        let text = e.apply::<help::Vi>().to_string();
        say::line(text.trim_end());
    } else {
        // (a closed stream: nothing else to say it on)
        let _ = e.print();
    }
    ExitCode::from(code)
}

/// The language of the messages: `--lang`, else `BAOCAO_LANG`, else `lang` in `[output]` of the
/// settings file (`--config`, or the user's own and the working folder's), else Vietnamese; and
/// `BAOCAO_LANG`'s value when it is neither language (told once the language is set). `LANG` is
/// not read: servers and CI set it to English for their own reasons.
fn language(args: Vec<std::ffi::OsString>) -> (crate::messages::Lang, Option<String>) {
    use crate::messages::Lang;
    let (mut flag, mut config) = (None, None);
    let mut args = args.into_iter().skip(1);
    while let Some(a) = args.next() {
        let a = a.to_string_lossy().into_owned();
        match a.as_str() {
            "--" => break,
            "--lang" => flag = args.next().map(|v| v.to_string_lossy().into_owned()),
            "--config" => config = args.next().map(PathBuf::from),
            _ => {
                if let Some(v) = a.strip_prefix("--lang=") {
                    flag = Some(v.to_owned());
                } else if let Some(v) = a.strip_prefix("--config=") {
                    config = Some(PathBuf::from(v));
                }
            }
        }
    }
    // clap refuses a flag's value that is neither
    if let Some(lang) = flag.as_deref().and_then(Lang::parse) {
        return (lang, None);
    }
    let mut unknown = None;
    if let Some(v) = std::env::var_os("BAOCAO_LANG").map(|v| v.to_string_lossy().into_owned()) {
        match Lang::parse(&v) {
            Some(lang) => return (lang, None),
            None if !v.is_empty() => unknown = Some(v),
            None => {}
        }
    }
    // a bad settings file is told by the command that reads it
    let set = crate::config::load(config.as_deref()).ok().and_then(|l| l.config.output.lang);
    (set.as_deref().and_then(Lang::parse).unwrap_or(Lang::Vi), unknown)
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    output::allow_replacing_signed(cli.force);
    say::set(match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    });
    // a command whose result is JSON gives JSON even when it fails before it has one
    let json = matches!(
        &cli.command,
        Command::Generate { json: true, .. }
            | Command::Validate { json: true, .. }
            | Command::Batch { json: true, .. }
            | Command::Verify { json: true, .. }
            | Command::Sign(
                SignCommand::Approve { json: true, .. }
                    | SignCommand::Issue { json: true, .. }
                    | SignCommand::Extend { json: true, .. }
            )
    );
    if let Command::Sign(
        SignCommand::Approve { pdf, json: true, .. }
        | SignCommand::Issue { pdf, json: true, .. }
        | SignCommand::Extend { pdf, json: true, .. },
    ) = &cli.command
    {
        SIGN_JSON.get_or_init(|| pdf.clone());
    }
    if json {
        say::keep_errors();
    }
    // the settings file, read by the commands that use it (a bad one is a configuration error)
    let settings = match &cli.command {
        Command::Generate { .. }
        | Command::Validate { .. }
        | Command::Preview { .. }
        | Command::Email { .. }
        | Command::Batch { .. } => match settings(cli.config.as_deref(), true) {
            Ok(s) => s,
            Err(code) => return finish(json, code),
        },
        // keys and trust roots, which a working folder's file never gives: it is not read
        Command::Sign(_) | Command::Verify { .. } => match settings(cli.config.as_deref(), false) {
            Ok(s) => s,
            Err(code) => return finish(json, code),
        },
        _ => crate::config::Loaded::default(),
    };
    let base = settings.document();
    let base = base.as_ref();
    let out = &settings.config.output;
    let code = match cli.command {
        Command::Generate { input, output, format, strict, json } => {
            let format = format.or_else(|| out.format.clone()).unwrap_or_else(|| DEFAULT_FORMATS.to_owned());
            generate(cli.templates.as_deref(), &input, &output, &format, strict, json, base)
        }
        Command::Validate { inputs, strict, defaults, json } => {
            validate(cli.templates.as_deref(), &inputs, strict, defaults.as_deref(), json, base)
        }
        Command::Email {
            input,
            output,
            cc,
            from,
            signed,
            trust,
            send,
            smtp_host,
            smtp_port,
            smtp_user,
            smtp_plain,
            smtp_timeout,
        } => {
            let mail = &settings.config.email;
            let smtp_host = smtp_host.or_else(|| mail.smtp_host.clone());
            if send && smtp_host.is_none() {
                tell!(
                    "error: {}",
                    tr!("--send needs an SMTP server: give --smtp-host HOST, or smtp_host in [email] of your settings file")
                );
                return ExitCode::from(EXIT_ERROR);
            }
            let smtp = send.then(|| mail::Smtp {
                host: smtp_host.unwrap_or_default(),
                port: smtp_port.or(mail.smtp_port),
                user: smtp_user.or_else(|| mail.smtp_user.clone()),
                plain: smtp_plain || mail.smtp_plain == Some(true),
                timeout: std::time::Duration::from_secs(smtp_timeout.or(mail.smtp_timeout).unwrap_or(60)),
            });
            let trust = if trust.is_empty() { settings.config.sign.trust.clone() } else { trust };
            if signed.is_some() && trust.is_empty() {
                tell!(
                    "error: {}",
                    tr!("--signed needs the roots its signatures are checked against: --trust <CA.pem>, or trust in [sign] of your settings file")
                );
                return finish(json, EXIT_ERROR);
            }
            let signed = signed.map(|pdf| (pdf, trust));
            let cc = if cc.is_empty() { mail.cc.clone() } else { cc };
            let from = from.or_else(|| mail.from.clone());
            let what = (signed.as_ref(), smtp.as_ref(), base);
            email(cli.templates.as_deref(), &input, &output, &cc, from.as_deref(), what)
        }
        Command::Batch { input, output, format, jobs, strict, email, from, cc, json } => {
            let mail = &settings.config.email;
            let cc = if cc.is_empty() { mail.cc.clone() } else { cc };
            let email = email.then(|| batch::EmailOptions { from: from.or_else(|| mail.from.clone()), cc });
            let format = format.or_else(|| out.format.clone()).unwrap_or_else(|| DEFAULT_FORMATS.to_owned());
            let jobs = jobs.or(out.jobs);
            let opts = (strict, email, json, base);
            batch(cli.templates.as_deref(), &input, &output, &format, jobs, opts)
        }
        Command::Preview { input, no_open, watch } => preview(cli.templates.as_deref(), &input, no_open, watch, base),
        Command::Config(ConfigCommand::Init) => config_init(),
        Command::Schema => print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&input::schema::schema()).expect("schema serialises")
        )),
        Command::Sample { kind } => print_stdout(Kind::from(kind).sample()),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut help::command(), "baocao", &mut out);
            print_stdout(&String::from_utf8_lossy(&out))
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(help::command()).render(&mut out) {
                Ok(()) => print_stdout(&help::man_headings(&String::from_utf8_lossy(&out))),
                Err(e) => {
                    tell!("error: {}", tr!("cannot make the man page: {e}", e));
                    EXIT_ERROR
                }
            }
        }
        Command::Verify { pdfs, trust, json, online, timeout } => {
            let options =
                crate::sign::verify::Options { online: online.then(|| std::time::Duration::from_secs(timeout)) };
            let trust = if trust.is_empty() { settings.config.sign.trust.clone() } else { trust };
            verify(&pdfs, &trust, json, &options)
        }
        Command::Form { kind, output, from, defaults } => {
            form(kind.into(), &output, from.as_deref(), defaults.as_deref())
        }
        Command::Sign(SignCommand::Approve { pdf, output, image, key, time, tsa, .. }) => {
            let mine = &settings.config.sign;
            let a = &mine.approve;
            let key = key.or_settings((&a.p12, &a.pkcs11, &a.token, &a.key));
            match (image.or_else(|| a.image.clone()), tsa.or_settings(mine, false)) {
                (None, _) => {
                    tell!(
                        "error: {}",
                        tr!("sign approve needs the signature image: --image <PNG>, or image in [sign.approve] of your settings file")
                    );
                    EXIT_ERROR
                }
                (_, Err(code)) => code,
                (Some(image), Ok(tsa)) => sign_approve(&pdf, &output, &image, &key, time.as_deref(), &tsa),
            }
        }
        Command::Sign(SignCommand::Extend { pdf, output, tsa, tsa_timeout, trust, ltv, .. }) => {
            match (TsaArgs { tsa, tsa_timeout, trust }).or_settings(&settings.config.sign, true) {
                Ok(args) => sign_extend(&pdf, &output, &args, ltv),
                Err(code) => code,
            }
        }
        Command::Sign(SignCommand::Issue {
            pdf, output, seal, seal_size, number, date, key, time, tsa, ltv, ..
        }) => {
            let mine = &settings.config.sign;
            let i = &mine.issue;
            let key = key.or_settings((&i.p12, &i.pkcs11, &i.token, &i.key));
            let seal_size = seal_size.or(i.seal_size).unwrap_or(36.0);
            match (seal.or_else(|| i.seal.clone()), tsa.or_settings(mine, ltv)) {
                (None, _) => {
                    tell!(
                        "error: {}",
                        tr!("sign issue needs the seal: --seal <PNG>, or seal in [sign.issue] of your settings file")
                    );
                    EXIT_ERROR
                }
                (_, Err(code)) => code,
                (Some(seal), Ok(tsa)) => {
                    let clerk = (seal.as_path(), seal_size, number, date.as_deref());
                    sign_issue(&pdf, &output, clerk, &key, time.as_deref(), &tsa, ltv)
                }
            }
        }
    };
    finish(json, code)
}

/// The exit code; for a command whose result is JSON and that printed none (it failed before it
/// had one), `{ "exit", "errors" }` on stdout first.
fn finish(json: bool, code: u8) -> ExitCode {
    if json && !STDOUT_USED.load(std::sync::atomic::Ordering::Relaxed) {
        let failed = serde_json::json!({ "exit": code, "errors": say::kept_errors() });
        return ExitCode::from(code.max(print_json(&failed)));
    }
    ExitCode::from(code)
}

/// The PDF `sign … --json` signs: its result is said as JSON (issue 28).
static SIGN_JSON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Whether a result was printed on stdout.
static STDOUT_USED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The formats written when neither `--format` nor the config file says.
const DEFAULT_FORMATS: &str = "docx,pdf";

/// The settings (`--config`, else the working folder's and the user's `baocao.toml`), what they
/// leave out said; `Err` is the exit code.
fn settings(explicit: Option<&Path>, working_folder: bool) -> Result<crate::config::Loaded, u8> {
    let load = if working_folder { crate::config::load } else { crate::config::load_own };
    let loaded = load(explicit).map_err(|e| {
        tell!("error: {e}");
        EXIT_ERROR
    })?;
    for w in &loaded.warnings {
        tell!("warning: {w}");
    }
    for f in &loaded.files {
        say::detail(&format!("note: {}", tr!("settings from {path}", path = f.display())));
    }
    Ok(loaded)
}

/// `baocao config init`: the commented file, in the working folder, never over one.
fn config_init() -> u8 {
    let path = Path::new(crate::config::FILE_NAME);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(crate::config::commented().as_bytes()));
    match written {
        Ok(()) => print_paths([&path.to_path_buf()]),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            tell!("error: {}", tr!("{path} exists: not replaced (edit it, or remove it first)", path = path.display()));
            EXIT_ERROR
        }
        Err(e) => {
            tell!("error: {}", tr!("cannot write {path}: {e}", path = path.display(), e));
            EXIT_ERROR
        }
    }
}

fn print_stdout(text: &str) -> u8 {
    STDOUT_USED.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            tell!("error: {}", tr!("cannot write to stdout: {e}", e));
            EXIT_ERROR
        }
    }
}

/// Parses `--format`: `docx`, `pdf`, `docx,pdf` (any order, no repeats).
pub fn parse_formats(list: &str) -> Result<Vec<Format>, String> {
    let mut formats = Vec::new();
    for part in list.split(',').map(str::trim) {
        let f = match part {
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            other => {
                return Err(tr!(
                    "unknown format {other} in --format {list}; expected docx, pdf or docx,pdf",
                    other = format!("{other:?}"),
                    list = format!("{list:?}")
                ))
            }
        };
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    formats.sort();
    Ok(formats)
}

/// Prints a document's problems on stderr as `error: FILE: PLACE: MESSAGE`.
fn print_problems(file: &Path, checked: &Checked, strict: bool) {
    let line = |severity: &str, p: &Problem| tell!("{severity}: {}: {}", file.display(), p.describe());
    for p in &checked.errors {
        line("error", p);
    }
    let severity = if strict { "error" } else { "warning" };
    for p in &checked.warnings {
        line(severity, p);
    }
}

fn engine(templates: Option<&Path>) -> Result<Engine, u8> {
    let t = match templates {
        Some(dir) => Templates::with_overrides(dir),
        None => Templates::bundled(),
    };
    t.map(Engine::new).map_err(|e| {
        tell!("error: {e}");
        EXIT_ERROR
    })
}

/// `email --signed`: the signed PDF and the roots to verify it against.
type Signed = (PathBuf, Vec<PathBuf>);

/// A document's base: the config file's `[document]`.
type Base<'a> = Option<&'a serde_json::Map<String, serde_json::Value>>;

/// The engine and one checked input (the config file's `[document]` under it), its problems
/// printed on stderr unless `json` (they go in the result); `Err` is the exit code.
fn engine_and_checked(
    templates: Option<&Path>,
    input: &Path,
    strict: bool,
    json: bool,
    base: Base<'_>,
) -> Result<(Engine, Checked), u8> {
    let started = std::time::Instant::now();
    say::detail(&format!(
        "note: {}",
        match templates {
            None => tr!("templates: bundled"),
            Some(d) => tr!("templates: {dir} (over the bundled ones)", dir = d.display()),
        }
    ));
    let engine = engine(templates)?;
    let mut checked = input::load_over(input, base).map_err(|e| {
        tell!("error: {}", tr!("cannot read {path}: {e}", path = input.display(), e));
        EXIT_ERROR
    })?;
    if let Some(doc) = &checked.document {
        checked.warnings.extend(engine.template_warnings(doc));
    }
    if !json {
        print_problems(input, &checked, strict);
    }
    say::detail(&format!(
        "note: {}",
        tr!(
            "{input}: read and checked in {ms} ms ({errors} errors, {warnings} warnings)",
            input = input.display(),
            ms = started.elapsed().as_millis(),
            errors = checked.errors.len(),
            warnings = checked.warnings.len()
        )
    ));
    Ok((engine, checked))
}

/// A problem as `--json` gives it: where (as the messages say it, and the JSON path when there is
/// one) and what.
fn problem_json(p: &Problem) -> serde_json::Value {
    let path = match &p.place {
        input::Place::Path(path) => Some(path.as_str()),
        input::Place::Cell { path, .. } if !path.is_empty() => Some(path.as_str()),
        _ => None,
    };
    let at = p.place.to_string();
    serde_json::json!({ "at": (!at.is_empty()).then_some(at), "path": path, "message": p.message })
}

/// A checked input as `--json` gives it: valid or not, its errors and warnings (`--strict`'s
/// warnings among the errors, as the text says them).
fn checked_json(file: &Path, checked: &Checked, strict: bool) -> serde_json::Value {
    let all = |ps: &[Problem]| ps.iter().map(problem_json).collect::<Vec<_>>();
    let (mut errors, mut warnings) = (all(&checked.errors), all(&checked.warnings));
    if strict {
        errors.append(&mut warnings);
    }
    serde_json::json!({
        "input": file.display().to_string(),
        "valid": errors.is_empty(),
        "errors": errors,
        "warnings": warnings,
    })
}

/// `value` on stdout, pretty, a line feed after it.
fn print_json(value: &serde_json::Value) -> u8 {
    print_stdout(&format!("{}\n", serde_json::to_string_pretty(value).unwrap_or_default()))
}

fn generate(
    templates: Option<&Path>,
    input: &Path,
    dir: &Path,
    format: &str,
    strict: bool,
    json: bool,
    base: Base<'_>,
) -> u8 {
    let formats = match parse_formats(format) {
        Ok(f) => f,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let (engine, checked) = match engine_and_checked(templates, input, strict, json, base) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let result = |files: &[PathBuf]| {
        let mut value = checked_json(input, &checked, strict);
        value["files"] = files.iter().map(|f| f.display().to_string()).collect();
        value
    };
    let document = match &checked.document {
        Some(d) if !strict || checked.warnings.is_empty() => d,
        _ if json => return EXIT_INVALID.max(print_json(&result(&[]))),
        _ => return EXIT_INVALID,
    };
    if let Err(e) = output::prepare_dir(dir) {
        tell!("error: {}", tr!("cannot use output folder {path}: {e}", path = dir.display(), e));
        return EXIT_ERROR;
    }
    // every format is complete before any file gets its name (publish::write)
    let started = std::time::Instant::now();
    match publish::write(&engine, document, dir, &output::file_stem(document), &formats, None) {
        Ok(written) => {
            for f in &written.files {
                let size = std::fs::metadata(f).map(|m| m.len()).unwrap_or_default();
                say::detail(&format!("note: {}", tr!("wrote {path} ({size} bytes)", path = f.display(), size)));
            }
            say::detail(&format!(
                "note: {}",
                tr!("rendered and written in {ms} ms", ms = started.elapsed().as_millis())
            ));
            if json {
                print_json(&result(&written.files))
            } else {
                print_paths(&written.files)
            }
        }
        Err(e) => {
            tell!("error: {}: {}", input.display(), describe_write_error(&e));
            EXIT_ERROR
        }
    }
}

/// Paths written, a line each, on stdout.
fn print_paths<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> u8 {
    let mut out = String::new();
    for path in paths {
        out.push_str(&format!("{}\n", path.display()));
    }
    print_stdout(&out)
}

/// A mail error in the words of the command line: the sender and copies the library names
/// neutrally are `--from` and `--cc` here.
fn describe_mail_error(e: &MailError) -> String {
    match e {
        MailError::NoSender => tr!("issuer.email: required to send by e-mail (or give --from ADDRESS)"),
        MailError::Address { field: Field::From, value, reason } => {
            tr!("--from: {value} is not an e-mail address: {reason}", value = format!("{value:?}"), reason)
        }
        MailError::Address { field: Field::Cc(i), value, reason } => {
            tr!("--cc[{i}]: {value} is not an e-mail address: {reason}", i, value = format!("{value:?}"), reason)
        }
        other => other.to_string(),
    }
}

fn describe_write_error(e: &WriteError) -> String {
    match e {
        WriteError::Mail(m) => describe_mail_error(m),
        other => other.to_string(),
    }
}

fn validate(
    templates: Option<&Path>,
    inputs: &[PathBuf],
    strict: bool,
    defaults: Option<&Path>,
    json: bool,
    base: Base<'_>,
) -> u8 {
    // an agency's own templates are checked as generate checks them (a lapsed text they name)
    let engine = match templates.or(defaults.map(|_| Path::new(""))) {
        Some(_) => match engine(templates) {
            Ok(e) => Some(e),
            Err(code) => return code,
        },
        None => None,
    };
    // with --defaults, every input as a unit of that batch
    let mut as_units = match (defaults, &engine) {
        (Some(d), Some(engine)) => match crate::batch::check_units(engine, d, inputs, base.cloned()) {
            Ok(checked) => Some(checked.into_iter()),
            Err(batch::BatchError::Invalid(lines)) => {
                for e in lines {
                    tell!("error: {e}");
                }
                return EXIT_INVALID;
            }
            Err(e) => {
                tell!("error: {e}");
                return EXIT_ERROR;
            }
        },
        _ => None,
    };
    let mut code = EXIT_OK;
    let mut stdout = String::new();
    let mut results = Vec::new();
    for input in inputs {
        let loaded = match as_units.as_mut().and_then(Iterator::next) {
            Some(checked) => checked,
            None => input::load_over(input, base),
        };
        let mut checked = match loaded {
            Ok(c) => c,
            Err(e) => {
                let unreadable = tr!("cannot read {path}: {e}", path = input.display(), e);
                tell!("error: {unreadable}");
                results.push(serde_json::json!({
                    "input": input.display().to_string(),
                    "valid": false,
                    "unreadable": unreadable,
                }));
                code = EXIT_ERROR;
                continue;
            }
        };
        if let (Some(engine), Some(doc)) = (&engine, &checked.document) {
            checked.warnings.extend(engine.template_warnings(doc));
        }
        if json {
            results.push(checked_json(input, &checked, strict));
        } else {
            print_problems(input, &checked, strict);
        }
        let (e, w) = (checked.errors.len(), checked.warnings.len());
        let invalid = e > 0 || (strict && w > 0);
        let verdict = match (invalid, w) {
            (false, 0) => tr!("valid"),
            (false, 1) => tr!("valid, 1 warning"),
            (false, w) => tr!("valid, {w} warnings", w),
            (true, _) => match if strict { e + w } else { e } {
                1 => tr!("invalid, 1 error"),
                n => tr!("invalid, {n} errors", n),
            },
        };
        stdout.push_str(&format!("{}: {verdict}\n", input.display()));
        if invalid && code == EXIT_OK {
            code = EXIT_INVALID;
        }
    }
    let printed = if json { print_json(&serde_json::Value::Array(results)) } else { print_stdout(&stdout) };
    code.max(printed)
}

fn preview(templates: Option<&Path>, input: &Path, no_open: bool, watch: bool, base: Base<'_>) -> u8 {
    use crate::preview::{self, PreviewError};
    // One render: print the path (stdout) or the problems (stderr); open the viewer once.
    let mut opened = no_open;
    let mut show = |result: Result<(PathBuf, Vec<String>), PreviewError>| -> u8 {
        match result {
            Ok((path, warnings)) => {
                for w in warnings {
                    tell!("{w}");
                }
                let code = print_stdout(&format!("{}\n", path.display()));
                if !opened {
                    opened = true;
                    if let Err(e) = preview::open(&path) {
                        tell!("warning: {e}");
                    }
                }
                code
            }
            Err(PreviewError::Invalid(lines)) => {
                for l in lines {
                    tell!("{l}");
                }
                EXIT_INVALID
            }
            Err(e) => {
                tell!("error: {e}");
                EXIT_ERROR
            }
        }
    };
    let code = show(preview::render(templates, input, base));
    if !watch {
        return code;
    }
    tell!("{}", tr!("watching {path} for changes (Ctrl-C to stop)", path = input.display()));
    match preview::watch(templates, input, base, |r| {
        show(r);
    }) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            tell!("error: {e}");
            EXIT_ERROR
        }
    }
}

/// `batch`; `opts`: `--strict`, `--email`'s options, `--json`, the config's `[document]`.
fn batch(
    templates: Option<&Path>,
    input: &Path,
    dir: &Path,
    format: &str,
    jobs: Option<usize>,
    opts: (bool, Option<batch::EmailOptions>, bool, Base<'_>),
) -> u8 {
    let (strict, email, json, base) = opts;
    let formats = match parse_formats(format) {
        Ok(f) => f,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if jobs == Some(0) {
        tell!("error: {}", tr!("--jobs must be at least 1"));
        return EXIT_ERROR;
    }
    // the caller's sender and copies, once, in email's words and with its exit code
    if let Some(e) = &email {
        if let Err(err) = crate::mail::check_caller(e.from.as_deref(), &e.cc) {
            tell!("error: {}", describe_mail_error(&err));
            return EXIT_ERROR;
        }
    }
    let engine = match engine(templates) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let opts = batch::Options { formats, strict, email, jobs, base: base.cloned() };
    match batch::run(&engine, input, dir, &opts, &StderrProgress::default()) {
        Ok(outcome) => {
            let paths = outcome.units.iter().flat_map(|u| &u.files).chain(&outcome.consolidated);
            tell!(
                "{}",
                tr!(
                    "{units} units: {ok} ok, {failed} failed; {files} files written in {seconds} s",
                    units = outcome.units.len(),
                    ok = outcome.ok_units(),
                    failed = outcome.units.len() - outcome.ok_units(),
                    files = outcome.files_written(),
                    seconds = format!("{:.1}", outcome.elapsed.as_secs_f64())
                )
            );
            for e in &outcome.consolidated_errors {
                tell!("error: {e}");
            }
            let printed = if json {
                match std::fs::read_to_string(&outcome.manifest) {
                    Ok(manifest) => print_stdout(&manifest),
                    Err(e) => {
                        tell!("error: {}", tr!("cannot read {path}: {e}", path = outcome.manifest.display(), e));
                        EXIT_ERROR
                    }
                }
            } else {
                print_paths(paths.chain(std::iter::once(&outcome.manifest)))
            };
            if outcome.all_ok() {
                printed
            } else {
                EXIT_INVALID.max(printed)
            }
        }
        Err(batch::BatchError::Invalid(lines)) => {
            for e in lines {
                tell!("error: {e}");
            }
            EXIT_INVALID
        }
        Err(e) => {
            tell!("error: {e}");
            EXIT_ERROR
        }
    }
}

/// A batch's progress on stderr: a bar when stderr is a terminal, else a line per unit; its
/// problems always.
#[derive(Default)]
struct StderrProgress {
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl batch::Progress for StderrProgress {
    fn notice(&self, notice: &batch::Notice) {
        tell!("{}: {notice}", notice.severity());
    }

    fn start(&self, total: usize) {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() && say::verbosity() > Verbosity::Quiet {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                // (indicatif's own placeholders given as values: they stay as they are)
                indicatif::ProgressStyle::with_template(&tr!(
                    "{bar} {pos}/{len} units, {elapsed} {msg}",
                    bar = "{bar:40}",
                    pos = "{pos}",
                    len = "{len}",
                    elapsed = "{elapsed}",
                    msg = "{msg}"
                ))
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let _ = self.bar.set(bar);
        }
    }

    fn unit_done(&self, n: usize, total: usize, r: &batch::UnitResult, failure: Option<&batch::UnitFailure>) {
        let failure = failure.map(|f| match f {
            batch::UnitFailure::Write(e) => describe_write_error(e),
            other => other.to_string(),
        });
        let mut lines = Vec::new();
        for e in r.errors.iter().map(String::as_str).chain(failure.as_deref()) {
            lines.push(format!("error: {}: {e}", r.source));
        }
        for w in &r.warnings {
            lines.push(format!("warning: {}: {w}", r.source));
        }
        match self.bar.get() {
            Some(bar) => {
                for l in lines.iter().filter_map(|l| say::shown(l)) {
                    bar.println(l);
                }
                bar.set_position(n as u64);
            }
            None => {
                let source = &r.source;
                lines.push(if r.ok() && failure.is_none() {
                    tr!("[{n}/{total}] {source}: ok", n, total, source)
                } else {
                    tr!("[{n}/{total}] {source}: failed", n, total, source)
                });
                say::lines(&lines.iter().map(String::as_str).collect::<Vec<_>>());
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// `email`; `what`: `--signed` with its roots, the SMTP server to send through, the config's
/// `[document]`.
fn email(
    templates: Option<&Path>,
    input: &Path,
    dir: &Path,
    cc: &[String],
    from: Option<&str>,
    what: (Option<&Signed>, Option<&mail::Smtp>, Base<'_>),
) -> u8 {
    let (signed, smtp, base) = what;
    let (engine, checked) = match engine_and_checked(templates, input, false, false, base) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(doc) = &checked.document else { return EXIT_INVALID };
    let mut doc = doc.clone();
    let (signed_pdf, signers) = match signed {
        None => (None, Vec::new()),
        Some((path, trust)) => {
            let bytes = match input::file::read(path, input::file::MAX_SIGNED_PDF_BYTES) {
                Ok(b) => b,
                Err(e @ input::file::ReadError::TooLarge { .. }) => {
                    tell!("error: --signed {}: {e}", path.display());
                    return EXIT_INVALID;
                }
                Err(e) => {
                    tell!("error: {}", tr!("cannot read {path}: {e}", path = path.display(), e));
                    return EXIT_ERROR;
                }
            };
            if !bytes.starts_with(b"%PDF-") {
                tell!(
                    "error: {}",
                    tr!("--signed {path}: not a PDF file (it does not start with %PDF-)", path = path.display())
                );
                return EXIT_ERROR;
            }
            let roots = match read_roots(trust) {
                Ok(r) => r,
                Err(code) => return code,
            };
            // verified as `baocao verify` does: every signature intact and trusted
            let verdicts = match crate::sign::verify::verify(&bytes, &roots) {
                Ok(v) => v,
                Err(e) => {
                    tell!("error: --signed {}: {e}", path.display());
                    return EXIT_INVALID;
                }
            };
            if verdicts.is_empty() || !verdicts.iter().all(crate::sign::verify::Verdict::ok) {
                let why = if verdicts.is_empty() {
                    tr!("it has no digital signature")
                } else {
                    verdicts.iter().enumerate().map(|(i, v)| describe_verdict(i, v)).collect::<String>()
                };
                tell!(
                    "error: {}\n{}",
                    tr!(
                        "--signed {path}: not a valid, trusted signed document; nothing written",
                        path = path.display()
                    ),
                    why.trim_end()
                );
                return EXIT_INVALID;
            }
            // the signed PDF is this report: the identity generate recorded in it is the input's
            let pdf_doc = lopdf::Document::load_mem(&bytes).ok();
            let ours = doc.identity();
            match pdf_doc.as_ref().and_then(crate::sign::identity) {
                None => {
                    tell!(
                        "error: {}",
                        tr!(
                            "--signed {path}: the PDF does not say which report it is (made elsewhere, or by a baocao before 0.2): generate the report again with this baocao, have it signed again, then send it; nothing written",
                            path = path.display()
                        )
                    );
                    return EXIT_INVALID;
                }
                Some(theirs) if theirs != ours => {
                    let human = |id: &str| id.rsplit_once(" | ").map_or(id.to_owned(), |(h, _)| h.to_owned());
                    let why = if human(&theirs) == human(&ours) {
                        tr!("the same issuer, kind and period, but other content")
                    } else {
                        tr!("it is {report}", report = human(&theirs))
                    };
                    tell!(
                        "error: {}",
                        tr!(
                            "--signed {path}: not the report of {input} ({report}): {why}; nothing written",
                            path = path.display(),
                            input = input.display(),
                            report = human(&ours),
                            why
                        )
                    );
                    return EXIT_INVALID;
                }
                Some(_) => {}
            }
            // it goes out issued: the signer's signature, then the organisation's, in baocao's order
            let stage = crate::sign::verify::stage(&bytes, &verdicts);
            if stage != crate::sign::verify::Stage::Issued {
                tell!(
                    "error: {}",
                    tr!(
                        "--signed {path}: not an issued report of baocao's ({stage}): the signer approves it (baocao sign approve), the organisation issues it (baocao sign issue); nothing written",
                        path = path.display(),
                        stage = stage.words()
                    )
                );
                return EXIT_INVALID;
            }
            // what was signed is what this input makes: the signed draft (the file's first
            // revision) is, byte for byte, this input's PDF, numbered or left blank
            let first = crate::sign::structure::read(&bytes).ok().map(|s| s.revisions[0].end);
            let mut blank = doc.clone();
            blank.number = None;
            blank.date = None;
            let same = first
                .is_some_and(|end| [&doc, &blank].iter().any(|d| engine.pdf(d).is_ok_and(|made| made == bytes[..end])));
            if !same {
                tell!(
                    "error: {}",
                    tr!(
                        "--signed {path}: what was signed is not what {input} makes with this baocao (another report, other content, or made by another version): generate it again, have it signed again; nothing written",
                        path = path.display(),
                        input = input.display()
                    )
                );
                return EXIT_INVALID;
            }
            // an issued draft: its number and date are the clerk's, in the PDF's fields
            let issued = lopdf::Document::load_mem(&bytes).map(|d| crate::sign::issued_values(&d)).unwrap_or_default();
            for (what, given, filled) in [
                ("number", doc.number.map(|n| n.to_string()), issued.0.map(|n| n.to_string())),
                ("date", doc.date.map(|d| d.to_string()), issued.1.map(|d| d.to_string())),
            ] {
                if let (Some(g), Some(f)) = (&given, &filled) {
                    if g != f {
                        let path = path.display();
                        let message = match what {
                            "number" => tr!(
                                "--signed {path}: its number ({filled}) is not the input's ({given}); nothing written",
                                path,
                                filled = f,
                                given = g
                            ),
                            _ => tr!(
                                "--signed {path}: its date ({filled}) is not the input's ({given}); nothing written",
                                path,
                                filled = f,
                                given = g
                            ),
                        };
                        tell!("error: {message}");
                        return EXIT_INVALID;
                    }
                }
            }
            doc.number = doc.number.or(issued.0);
            doc.date = doc.date.or(issued.1);
            let signers = verdicts
                .iter()
                .map(|v| mail::Signer {
                    name: v.signer.clone(),
                    time: v.time.as_deref().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()),
                })
                .collect();
            (Some(bytes), signers)
        }
    };
    // a draft mailed as it is: its number and date still blank, which the body says too
    if doc.number.is_none() || doc.date.is_none() {
        let input = input.display();
        let message = match (doc.number, doc.date) {
            (None, None) => tr!(
                "{input}: the document has no number and date yet: the message sends a draft (sign issue fills them; email --signed sends the issued report)",
                input
            ),
            (None, Some(_)) => tr!(
                "{input}: the document has no number yet: the message sends a draft (sign issue fills them; email --signed sends the issued report)",
                input
            ),
            _ => tr!(
                "{input}: the document has no date yet: the message sends a draft (sign issue fills them; email --signed sends the issued report)",
                input
            ),
        };
        tell!("warning: {message}");
    }
    if let Some(s) = smtp {
        if s.plain && !mail::is_loopback(&s.host) {
            tell!(
                "error: {}",
                tr!("--smtp-plain is allowed only to a loopback address, not {host}", host = format!("{:?}", s.host))
            );
            return EXIT_ERROR;
        }
    }
    if let Err(e) = output::prepare_dir(dir) {
        tell!("error: {}", tr!("cannot use output folder {path}: {e}", path = dir.display(), e));
        return EXIT_ERROR;
    }
    // the PDF first: it is the document; the DOCX is for reference
    let package = publish::Email { from, cc, signed_pdf: signed_pdf.as_deref(), signers: &signers };
    let stem = output::file_stem(&doc);
    let written = match publish::write(&engine, &doc, dir, &stem, &[Format::Pdf, Format::Docx], Some(package)) {
        Ok(w) => w,
        Err(e) => {
            let code = match &e {
                WriteError::Mail(MailError::Address { field, .. }) if field.from_caller() => {
                    tell!("error: {}", describe_write_error(&e));
                    return EXIT_ERROR;
                }
                WriteError::Mail(_) => EXIT_INVALID,
                WriteError::Render(_) | WriteError::Io { .. } => EXIT_ERROR,
            };
            tell!("error: {}: {}", input.display(), describe_write_error(&e));
            return code;
        }
    };
    if written.attachment_bytes > mail::ATTACHMENTS_WARNING_BYTES {
        tell!(
            "warning: {}",
            tr!(
                "{input}: the attachments total {bytes} bytes; many government mailboxes refuse more than 10 MB",
                input = input.display(),
                bytes = written.attachment_bytes
            )
        );
    }
    let printed = print_paths(&written.files);
    if let (Some(s), Some(message)) = (smtp, &written.message) {
        // the .eml is on disk before sending, so a failed send loses nothing
        match mail::send(message, s) {
            Ok(()) => tell!("{}", tr!("sent to {to} via {host}", to = doc.submit_to.email, host = s.host)),
            Err(e) => {
                let kept = dir.join(format!("{stem}.eml"));
                tell!("error: {}", tr!("not sent: {e}; the message is kept in {path}", e, path = kept.display()));
                return EXIT_ERROR;
            }
        }
    }
    printed
}

/// The signing time: `--time` (ISO 8601 with an offset), or now in Vietnam time (+07:00).
fn signing_time(time: Option<&str>) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    match time {
        Some(t) => chrono::DateTime::parse_from_rfc3339(t).map_err(|e| {
            tr!(
                "--time {time}: not an ISO 8601 time with its offset (2020-05-20T09:15:30+07:00): {e}",
                time = format!("{t:?}"),
                e
            )
        }),
        None => {
            let vietnam = chrono::FixedOffset::east_opt(7 * 3600).expect("+07:00 is an offset");
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let now = chrono::DateTime::from_timestamp(now as i64, 0).unwrap_or_default();
            Ok(now.with_timezone(&vietnam))
        }
    }
}

/// Reads a file given on the command line, bounded; prints why not.
/// A number with a fraction, written with a point or, as Vietnamese writes it, a comma (`36,5`:
/// it was refused, while messages said `8,25`).
fn decimal(s: &str) -> Result<f32, String> {
    let written = if s.contains('.') { s.to_owned() } else { s.replacen(',', ".", 1) };
    written.trim().parse::<f32>().ok().filter(|n| n.is_finite()).ok_or_else(|| tr!("not a number"))
}

fn read_arg(what: &str, path: &Path, limit: u64) -> Result<Vec<u8>, u8> {
    input::file::read(path, limit).map_err(|e| {
        // (the file to sign is named alone: "error:  x.pdf" had two spaces)
        let what = if what.is_empty() { String::new() } else { format!("{what} ") };
        tell!("error: {what}{}: {e}", path.display());
        match e {
            input::file::ReadError::TooLarge { .. } => EXIT_INVALID,
            _ => EXIT_ERROR,
        }
    })
}

/// What both signing stages read: the PDF, the image, the key.
struct SignInputs {
    pdf: Vec<u8>,
    image: crate::sign::Image,
    key: Box<dyn crate::sign::Key>,
}

/// The token's PIN: BAOCAO_PKCS11_PIN, or asked on the terminal (never echoed, never a flag).
fn token_pin() -> Result<String, u8> {
    use std::io::IsTerminal;
    if let Ok(pin) = std::env::var("BAOCAO_PKCS11_PIN") {
        return Ok(pin);
    }
    if !std::io::stdin().is_terminal() {
        tell!(
            "error: {}",
            tr!("--pkcs11 needs the token's PIN in the environment variable BAOCAO_PKCS11_PIN (or a terminal to ask it on)")
        );
        return Err(EXIT_ERROR);
    }
    rpassword::prompt_password("PIN của token: ").map_err(|e| {
        tell!("error: {}", tr!("cannot read the PIN: {e}", e));
        EXIT_ERROR
    })
}

fn signing_key(args: &KeyArgs) -> Result<Box<dyn crate::sign::Key>, u8> {
    use crate::sign;
    if args.pkcs11.is_none() && (args.token.is_some() || args.key_label.is_some()) {
        tell!(
            "error: {}",
            tr!("--token and --key name a key on a PKCS#11 token: give its module, --pkcs11 MODULE (or pkcs11 in your settings file)")
        );
        return Err(EXIT_ERROR);
    }
    match (&args.p12, &args.pkcs11) {
        (Some(p12), _) => {
            let bytes = read_arg("--p12", p12, input::file::MAX_KEY_BYTES)?;
            let Ok(password) = std::env::var("BAOCAO_P12_PASSWORD") else {
                tell!(
                    "error: {}",
                    tr!("--p12 needs the file's password in the environment variable BAOCAO_P12_PASSWORD")
                );
                return Err(EXIT_ERROR);
            };
            sign::SoftKey::from_pkcs12(&bytes, &password, args.pss).map(|k| Box::new(k) as Box<dyn sign::Key>).map_err(
                |e| {
                    tell!("error: --p12 {}: {e}", p12.display());
                    EXIT_ERROR
                },
            )
        }
        (None, Some(module)) => {
            let pin = token_pin()?;
            let choice = sign::TokenChoice {
                module: module.clone(),
                token: args.token.clone(),
                key: args.key_label.clone(),
                pss: args.pss,
            };
            sign::TokenKey::open(&choice, &pin).map(|k| Box::new(k) as Box<dyn sign::Key>).map_err(|e| {
                tell!("error: --pkcs11 {}: {e}", module.display());
                EXIT_ERROR
            })
        }
        (None, None) => {
            tell!(
                "error: {}",
                tr!("give the key: --p12 FILE or --pkcs11 MODULE, or p12 or pkcs11 in [sign.approve] (the signer's) or [sign.issue] (the organisation's) of your settings file")
            );
            Err(EXIT_ERROR)
        }
    }
}

fn sign_inputs(pdf: &Path, image_flag: &str, image: &Path, key: &KeyArgs) -> Result<SignInputs, u8> {
    use crate::sign;
    let (draft, png) = match (
        read_arg("", pdf, input::file::MAX_SIGNED_PDF_BYTES),
        read_arg(image_flag, image, input::file::MAX_IMAGE_BYTES),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => return Err([a.err(), b.err()].into_iter().flatten().max().unwrap_or(EXIT_ERROR)),
    };
    let decoded = sign::Image::from_png(&png).map_err(|e| {
        tell!("error: {image_flag} {}: {e}", image.display());
        EXIT_INVALID
    })?;
    let key = signing_key(key)?;
    Ok(SignInputs { pdf: draft, image: decoded, key })
}

/// Writes a signed file into `dir` (never over the input) under the input's name, or when
/// `issued`, the name of the report issued from it (a draft's name without `_du-thao`); prints
/// its path.
fn write_signed(pdf: &Path, dir: &Path, issued: bool, result: Result<Vec<u8>, crate::sign::SignError>) -> u8 {
    let signed = match result {
        Ok(s) => s,
        Err(e) => {
            tell!("error: {}: {e}", pdf.display());
            return match e {
                crate::sign::SignError::Key(_)
                | crate::sign::SignError::TimeStamp(_)
                | crate::sign::SignError::Revocation(_)
                | crate::sign::SignError::NotNamed { .. }
                | crate::sign::SignError::KeyMismatch(_) => EXIT_ERROR,
                _ => EXIT_INVALID,
            };
        }
    };
    let name = pdf.file_name().map_or_else(|| "signed.pdf".into(), std::ffi::OsStr::to_os_string);
    let name = if issued { output::issued_name(&name) } else { name };
    let target = dir.join(&name);
    if std::fs::canonicalize(&target).ok().is_some_and(|t| std::fs::canonicalize(pdf).ok() == Some(t)) {
        tell!(
            "error: {}",
            tr!("-o {dir}: the signed file would replace its input; choose another folder", dir = dir.display())
        );
        return EXIT_ERROR;
    }
    write_one(dir, &name, &signed)
}

/// Whether the signed file `pdf` gives would be written into `dir` (its name, the issued name when
/// `issued`): asked before any key is used or any authority asked (a refusal after a time-stamp's
/// minutes-long round trip wasted them: a hostile review); prints why not.
fn signed_target_free(pdf: &Path, dir: &Path, issued: bool) -> Result<(), u8> {
    let name = pdf.file_name().map_or_else(|| "signed.pdf".into(), std::ffi::OsStr::to_os_string);
    let name = if issued { output::issued_name(&name) } else { name };
    let target = dir.join(&name);
    match output::may_replace(&target) {
        Ok(()) => Ok(()),
        Err(e) => {
            tell!("error: {}", tr!("cannot write {path}: {e}", path = target.display(), e));
            Err(EXIT_ERROR)
        }
    }
}

/// Writes one file `dir/name` atomically (creating `dir`) and prints its path.
fn write_one(dir: &Path, name: impl AsRef<std::ffi::OsStr>, bytes: &[u8]) -> u8 {
    let name = name.as_ref();
    if let Err(e) = output::prepare_dir(dir) {
        tell!("error: {}", tr!("cannot use output folder {path}: {e}", path = dir.display(), e));
        return EXIT_ERROR;
    }
    match output::write_atomic(dir, name, bytes) {
        Ok(path) => match SIGN_JSON.get() {
            Some(input) => print_json(&serde_json::json!({
                "input": input.display().to_string(),
                "file": path.display().to_string(),
                "exit": EXIT_OK,
                "errors": [],
                "warnings": say::kept_warnings(),
            })),
            None => print_paths([&path]),
        },
        Err(e) => {
            tell!("error: {}", tr!("cannot write {path}: {e}", path = dir.join(name).display(), e));
            EXIT_ERROR
        }
    }
}

/// The time-stamping authority `--tsa` names, with its roots; prints why not.
fn tsa_authority(args: &TsaArgs) -> Result<Option<crate::sign::tsa::Authority>, u8> {
    let Some(url) = &args.tsa else { return Ok(None) };
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        tell!(
            "error: {}",
            tr!("--tsa {url}: not an http:// or https:// URL", url = format!("{:?}", crate::sign::tsa::shown(url)))
        );
        return Err(EXIT_ERROR);
    }
    let roots = read_roots(&args.trust)?;
    Ok(Some(crate::sign::tsa::Authority {
        url: url.clone(),
        timeout: std::time::Duration::from_secs(args.tsa_timeout.unwrap_or(180)),
        roots,
    }))
}

fn sign_extend(pdf: &Path, dir: &Path, tsa: &TsaArgs, ltv: bool) -> u8 {
    let authority = match tsa_authority(tsa) {
        Ok(Some(a)) => a,
        Ok(None) => return EXIT_ERROR,
        Err(code) => return code,
    };
    if let Err(code) = signed_target_free(pdf, dir, false) {
        return code;
    }
    let bytes = match read_arg("", pdf, input::file::MAX_SIGNED_PDF_BYTES) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let with_data = if ltv { crate::sign::ltv::add(&bytes, &authority.roots, authority.timeout) } else { Ok(bytes) };
    let result = with_data.and_then(|b| crate::sign::extend(&b, &authority));
    let signed = match result {
        Ok(s) => s,
        Err(e) => {
            tell!("error: {}: {e}", pdf.display());
            return match e {
                crate::sign::SignError::TimeStamp(_) | crate::sign::SignError::Revocation(_) => EXIT_ERROR,
                _ => EXIT_INVALID,
            };
        }
    };
    let name = pdf.file_name().map_or_else(|| "extended.pdf".into(), std::ffi::OsStr::to_os_string);
    let target = dir.join(&name);
    if std::fs::canonicalize(&target).ok().is_some_and(|t| std::fs::canonicalize(pdf).ok() == Some(t)) {
        tell!(
            "error: {}",
            tr!("-o {dir}: the time-stamped file would replace its input; choose another folder", dir = dir.display())
        );
        return EXIT_ERROR;
    }
    write_one(dir, &name, &signed)
}

fn sign_approve(pdf: &Path, dir: &Path, image: &Path, key: &KeyArgs, time: Option<&str>, tsa: &TsaArgs) -> u8 {
    let time = match signing_time(time) {
        Ok(t) => t,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let authority = match tsa_authority(tsa) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if let Err(code) = signed_target_free(pdf, dir, false) {
        return code;
    }
    let inputs = match sign_inputs(pdf, "--image", image, key) {
        Ok(i) => i,
        Err(code) => return code,
    };
    write_signed(
        pdf,
        dir,
        false,
        crate::sign::approve(&inputs.pdf, &inputs.image, inputs.key.as_ref(), time, authority.as_ref()),
    )
}

/// `sign issue`: `clerk` is the seal image, its size in mm, the number and the date.
fn sign_issue(
    pdf: &Path,
    dir: &Path,
    (seal, seal_mm, number, date): (&Path, f32, Option<u32>, Option<&str>),
    key: &KeyArgs,
    time: Option<&str>,
    tsa: &TsaArgs,
    ltv: bool,
) -> u8 {
    let time = match signing_time(time) {
        Ok(t) => t,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let date = match date.map(|d| (d, chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))) {
        None => None,
        Some((_, Ok(d))) => Some(d),
        Some((d, Err(e))) => {
            tell!("error: {}", tr!("--date {date}: not a date YYYY-MM-DD: {e}", date = format!("{d:?}"), e));
            return EXIT_ERROR;
        }
    };
    if !(10.0..=80.0).contains(&seal_mm) {
        tell!("error: {}", tr!("--seal-size {mm}: a seal is 10 to 80 mm wide", mm = seal_mm));
        return EXIT_ERROR;
    }
    let authority = match tsa_authority(tsa) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if let Err(code) = signed_target_free(pdf, dir, true) {
        return code;
    }
    let inputs = match sign_inputs(pdf, "--seal", seal, key) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let clerk = crate::sign::Issue { number, date, seal_mm };
    if let Some(w) = crate::sign::law_change(&inputs.pdf, date.unwrap_or(time.date_naive())) {
        tell!("warning: {}: {w}", pdf.display());
    }
    let issued = crate::sign::issue(&inputs.pdf, &inputs.image, &clerk, inputs.key.as_ref(), time, authority.as_ref());
    let issued = match (&authority, ltv) {
        (Some(a), true) => issued.and_then(|signed| crate::sign::ltv::add(&signed, &a.roots, a.timeout)),
        _ => issued,
    };
    let code = write_signed(pdf, dir, true, issued);
    // said of the issued report (not before a refusal)
    if code == 0 {
        if let Some(w) = crate::sign::seal_room(&inputs.pdf, seal_mm, inputs.image.aspect()) {
            tell!("warning: {}: {w}", pdf.display());
        }
    }
    code
}

/// Reads trusted roots (PEM, one or several, or DER); prints why not.
pub(crate) fn read_roots(paths: &[PathBuf]) -> Result<Vec<Vec<u8>>, u8> {
    use der::{Decode, Encode};
    let mut roots = Vec::new();
    for p in paths {
        // `vgca`, `national`: the roots that ship (crate::sign::roots)
        if let Some(anchors) = crate::sign::roots::named(p.as_os_str()) {
            roots.extend(anchors.iter().map(|a| a.der.to_vec()));
            continue;
        }
        let bytes = read_arg("--trust", p, input::file::MAX_KEY_BYTES)?;
        let certs = if bytes.starts_with(b"-----BEGIN") {
            x509_cert::Certificate::load_pem_chain(&bytes).map_err(|e| e.to_string())
        } else {
            x509_cert::Certificate::from_der(&bytes).map(|c| vec![c]).map_err(|e| e.to_string())
        };
        match certs.and_then(|c| c.iter().map(|c| c.to_der().map_err(|e| e.to_string())).collect::<Result<Vec<_>, _>>())
        {
            Ok(c) if !c.is_empty() => roots.extend(c),
            Ok(_) => {
                tell!("error: {}", tr!("--trust {path}: no certificate in it", path = p.display()));
                return Err(EXIT_ERROR);
            }
            Err(e) => {
                tell!("error: {}", tr!("--trust {path}: not a certificate (PEM or DER): {e}", path = p.display(), e));
                return Err(EXIT_ERROR);
            }
        }
    }
    Ok(roots)
}

/// A verdict in Vietnamese, as signing.md asks.
fn describe_verdict(i: usize, v: &crate::sign::verify::Verdict) -> String {
    let yes_no = |b: bool| if b { "có" } else { "không" };
    let who = |s: &str| if s.is_empty() { "(không rõ)".to_owned() } else { s.to_owned() };
    let mut out = if v.document_timestamp {
        format!(
            "Dấu thời gian tài liệu {} ({}):\n  Tổ chức cấp dấu thời gian: {}\n  Tổ chức cấp chứng thư: {}\n  Thời điểm: {}\n",
            i + 1,
            v.field,
            who(&v.signer),
            who(&v.issuer),
            v.time.as_deref().unwrap_or("(không rõ)")
        )
    } else {
        let time = match (&v.timestamp, v.time.as_deref()) {
            // a token whose authority is not trusted (or is revoked) proves no time
            (Some(ts), claimed) if v.proven.is_none() => format!(
                "{} (do người ký tự khai; dấu thời gian của {} không chứng minh được thời điểm: xem Lưu ý)",
                claimed.unwrap_or("(không ghi)"),
                ts.authority
            ),
            // a time-stamp token that verified: the time the signature existed by
            (Some(ts), claimed) => format!(
                "{} (theo dấu thời gian của {}; người ký tự khai {})",
                ts.time,
                ts.authority,
                claimed.unwrap_or("(không ghi)")
            ),
            // no trusted time-stamp (signing.md): the time is the signer's own
            (None, Some(t)) => format!("{t} (do người ký tự khai, không có dấu thời gian)"),
            (None, None) => "(không ghi)".to_owned(),
        };
        format!(
            "Chữ ký {} ({}):\n  Người ký: {}\n  Tổ chức cấp chứng thư: {}\n  Thời điểm ký: {}\n",
            i + 1,
            v.field,
            who(&v.signer),
            who(&v.issuer),
            time
        )
    };
    let integrity = match (v.intact, v.whole_file, v.changes_permitted) {
        (true, true, _) => "có (ký trên toàn bộ văn bản)".to_owned(),
        (true, false, true) if v.signed_over => {
            "có; văn bản được sửa sau chữ ký này, và chữ ký sau đã ký cả phần sửa (xem Lưu ý)".to_owned()
        }
        (true, false, true) => "có (phần thêm sau khi ký là thay đổi được phép: điền số, ngày, chữ ký sau, dữ liệu xác thực dài hạn, dấu thời gian)".to_owned(),
        (true, false, false) => "không (văn bản bị sửa sau khi ký)".to_owned(),
        (false, _, _) => "không (văn bản đã bị thay đổi)".to_owned(),
    };
    out.push_str(&format!("  Toàn vẹn: {integrity}\n"));
    out.push_str(&format!("  Chứng thư còn hiệu lực, được tin cậy: {}\n", yes_no(v.trusted)));
    if let Some(r) = &v.revocation {
        out.push_str(&format!("  Thu hồi: {r}\n"));
    }
    if let Some(level) = v.level {
        out.push_str(&format!("  Mức PAdES: {level} ({})\n", crate::sign::verify::level_words(level)));
    }
    for p in &v.problems {
        out.push_str(&format!("  Lưu ý: {p}\n"));
    }
    out
}

fn verify(pdfs: &[PathBuf], trust: &[PathBuf], json: bool, options: &crate::sign::verify::Options) -> u8 {
    use crate::sign::verify;
    let roots = match read_roots(trust) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut code = EXIT_OK;
    let mut text = String::new();
    let mut all = Vec::new();
    // a file that could not be read or verified is in the JSON too, with its errors (it was left
    // out: `[]` for a forged file, exit 1)
    let refused = |pdf: &Path, before: usize| {
        let errors: Vec<String> = say::kept_errors().into_iter().skip(before).collect();
        serde_json::json!({ "file": pdf.display().to_string(), "valid": false, "stage": null, "signatures": [], "errors": errors })
    };
    for pdf in pdfs {
        let before = say::kept_errors().len();
        let bytes = match read_arg("", pdf, input::file::MAX_SIGNED_PDF_BYTES) {
            Ok(b) => b,
            Err(c) => {
                code = code.max(c);
                all.push(refused(pdf, before));
                continue;
            }
        };
        let verdicts = match verify::verify_with_options(&bytes, &roots, options) {
            Ok(v) => v,
            Err(e) => {
                tell!("error: {}: {e}", pdf.display());
                code = code.max(EXIT_INVALID);
                all.push(refused(pdf, before));
                continue;
            }
        };
        let ok = !verdicts.is_empty() && verdicts.iter().all(verify::Verdict::ok);
        if !ok {
            code = code.max(EXIT_INVALID);
        }
        text.push_str(&format!("{}: {} chữ ký\n", pdf.display(), verdicts.len()));
        for (i, v) in verdicts.iter().enumerate() {
            text.push_str(&describe_verdict(i, v));
        }
        let stage = verify::stage(&bytes, &verdicts);
        text.push_str(&format!("Giai đoạn: {}\n", stage.words()));
        text.push_str(&format!(
            "Kết luận: {}\n",
            match (verdicts.is_empty(), ok) {
                (true, _) => "không có chữ ký số",
                (false, true) => "hợp lệ: mọi chữ ký toàn vẹn và được tin cậy",
                (false, false) => "KHÔNG hợp lệ",
            }
        ));
        all.push(serde_json::json!({ "file": pdf.display().to_string(), "valid": ok, "stage": stage, "signatures": verdicts, "errors": [] }));
    }
    let printed = if json {
        print_stdout(&format!("{}\n", serde_json::to_string_pretty(&all).unwrap_or_default()))
    } else {
        print_stdout(&text)
    };
    code.max(printed)
}

/// Says on stderr what `form --from` did with last period's report.
fn say_carried(from: &Path, c: &input::xlsx::carry::Carried) {
    let period = |p: &Option<String>| p.as_deref().map_or_else(String::new, |p| format!(" ({p})"));
    match &c.to_period {
        Some(to) => tell!(
            "note: {}",
            tr!(
                "made from {from}{period}, for the next period: {to}",
                from = from.display(),
                period = period(&c.from_period),
                to
            )
        ),
        None => tell!(
            "note: {}",
            tr!(
                "made from {from}{period}; its period is the batch defaults' to give",
                from = from.display(),
                period = period(&c.from_period)
            )
        ),
    }
    if !c.blanked.is_empty() {
        tell!(
            "note: {}",
            tr!("left blank, as they belong to that report alone: {fields}", fields = c.blanked.join(", "))
        );
    }
    let rows: Vec<String> = c.rows.iter().map(|(sheet, n)| format!("'{sheet}' {n}")).collect();
    if !rows.is_empty() {
        tell!("note: {}", tr!("carried over, to be checked by the unit: rows of {rows}", rows = rows.join(", ")));
    }
}

/// A JSON value from a file given on the command line (a JSON file, or a filled form).
fn read_value(flag: &str, path: &Path) -> Result<serde_json::Value, u8> {
    let bytes = read_arg(flag, path, input::MAX_FILE_BYTES)?;
    if let Some(ext) = input::other_spreadsheet(path) {
        tell!("error: {flag} {}: {}", path.display(), crate::messages::not_xlsx(&ext));
        return Err(EXIT_INVALID);
    }
    let parsed = if input::is_workbook(path) {
        input::xlsx::read(&bytes)
            .map(|(v, _)| v)
            .map_err(|problems| problems.iter().map(Problem::describe).collect::<Vec<_>>())
    } else {
        input::parse_json(&bytes).map_err(|p| vec![p.describe()])
    };
    parsed.map_err(|lines| {
        for l in lines {
            tell!("error: {flag} {}: {l}", path.display());
        }
        EXIT_INVALID
    })
}

fn form(kind: Kind, target: &Path, from: Option<&Path>, defaults: Option<&Path>) -> u8 {
    // a form is a workbook, and never replaces what it is made from
    if !input::is_workbook(target) {
        tell!("error: {}", crate::messages::not_named_as("-o", target, "xlsx"));
        return EXIT_ERROR;
    }
    for (flag, input) in [("--from", from), ("--defaults", defaults)] {
        if input.is_some_and(|i| output::same_file(i, target)) {
            tell!("error: {}", crate::messages::would_replace_input("-o", target, flag));
            return EXIT_ERROR;
        }
    }
    let source = match from.map(|p| read_value("--from", p)).transpose() {
        Ok(v) => v,
        Err(code) => return code,
    };
    let defaults = match defaults.map(|p| read_value("--defaults", p)).transpose() {
        Ok(d) => d,
        Err(code) => return code,
    };
    // last period's report: this period's form, its own facts left blank, the rest carried over
    // and said to be (nothing of it may be lost: the form must read back as what it carries)
    let made = match (&source, &defaults) {
        (None, None) => input::xlsx::form(kind, None).map(|b| (b, None)),
        (None, Some(d)) => input::xlsx::form_for_batch(kind, d).map(|b| (b, None)),
        (Some(v), None) => input::xlsx::next_form(kind, v, v, None).map(|(b, c)| (b, Some(c))),
        (Some(v), Some(d)) => {
            let whole = input::merge::merge(d, v);
            let own = input::xlsx::without_defaults(v, d);
            input::xlsx::next_form(kind, &whole, &own, Some(d)).map(|(b, c)| (b, Some(c)))
        }
    };
    let (bytes, carried) = match made {
        Ok(b) => b,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INVALID;
        }
    };
    if let (Some(c), Some(from)) = (&carried, from) {
        say_carried(from, c);
    }
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // the name's own bytes, not a lossy copy of them
    let Some(name) = target.file_name().map(std::ffi::OsStr::to_os_string) else {
        tell!("error: {}", tr!("-o {path}: not a file name", path = target.display()));
        return EXIT_ERROR;
    };
    write_one(dir, &name, &bytes)
}
