//! The settings file, `baocao.toml` (issue 28, item 2): `config init`, what it gives (an input's
//! repeated fields, `--format`, `--jobs`, the e-mail's sender, copies and server), what overrides
//! it (flags, an input's own fields, a batch's defaults), what a working folder's may not say, and
//! what no file may hold. Each run has its own user config folder (XDG_CONFIG_HOME), so the
//! developer's own settings never reach a test.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

struct Run {
    /// The working folder.
    dir: tempfile::TempDir,
    /// The user's config folder (XDG_CONFIG_HOME).
    home: tempfile::TempDir,
}

impl Run {
    fn new() -> Run {
        Run { dir: tempfile::tempdir().unwrap(), home: tempfile::tempdir().unwrap() }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn baocao(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .env("BAOCAO_LANG", "en")
            .current_dir(self.dir.path())
            .args(args)
            .env("XDG_CONFIG_HOME", self.home.path())
            .env("HOME", self.home.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }

    /// A copy of the sample batch (samples/batch-bac-ninh) in the working folder, as `batch`.
    fn sample_batch(&self) -> PathBuf {
        let batch = self.path("batch");
        std::fs::create_dir(&batch).unwrap();
        for (name, bytes) in files(&root("samples/batch-bac-ninh")) {
            std::fs::write(batch.join(name), bytes).unwrap();
        }
        batch
    }

    /// Writes the user's own `baocao.toml`.
    fn user_config(&self, text: &str) -> PathBuf {
        let dir = self.home.path().join("baocao");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("baocao.toml"), text).unwrap();
        dir.join("baocao.toml")
    }
}

fn root(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn sample() -> Value {
    serde_json::from_slice(&std::fs::read(root("samples/monthly-province.json")).unwrap()).unwrap()
}

/// A JSON value as a TOML value (inline tables; a JSON string is a TOML basic string).
fn toml_value(v: &Value) -> String {
    match v {
        Value::Array(items) => format!("[{}]", items.iter().map(toml_value).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => {
            format!(
                "{{ {} }}",
                map.iter().map(|(k, v)| format!("{k} = {}", toml_value(v))).collect::<Vec<_>>().join(", ")
            )
        }
        other => other.to_string(),
    }
}

/// `[document]` of these fields of `v`, as TOML.
fn document_toml(v: &Value, keys: &[&str]) -> String {
    let lines: Vec<String> = keys.iter().map(|k| format!("{k} = {}", toml_value(&v[*k]))).collect();
    format!("[document]\n{}\n", lines.join("\n"))
}

/// The files of a folder, by name, with their bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// [`files`], an `.eml` as its addresses and subject (its Message-ID and MIME boundaries are
/// its own each time).
fn mail_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|(name, bytes)| {
            if !name.ends_with(".eml") {
                return (name, bytes);
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let kept: Vec<&str> =
                text.lines().filter(|l| ["From:", "To:", "Cc:", "Subject:"].iter().any(|h| l.starts_with(h))).collect();
            assert!(kept.len() >= 3, "{text}");
            (name, kept.join("\n").into_bytes())
        })
        .collect()
}

#[test]
fn config_init_writes_a_commented_file_once_and_it_reads_back() {
    let run = Run::new();
    let (code, out, err) = run.baocao(&["config", "init"]);
    assert_eq!((code, out.as_str()), (Some(0), "baocao.toml\n"), "{err}");
    let text = std::fs::read_to_string(run.path("baocao.toml")).unwrap();
    assert!(text.contains("[document]") && text.contains("[output]") && text.contains("[email]"), "{text}");
    // every setting commented out: the file changes nothing
    let sample = root("samples/monthly-province.json");
    let (code, out, err) = run.baocao(&["validate", sample.to_str().unwrap()]);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(out.ends_with(": valid\n"), "{out}");
    let (code, _, err) = run.baocao(&["config", "init"]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "error: baocao.toml exists: not replaced (edit it, or remove it first)\n");
    assert_eq!(std::fs::read_to_string(run.path("baocao.toml")).unwrap(), text);
}

/// The fields every report repeats, typed once: an input without them gives the same files as
/// the input with them; the format from the file, a flag over it; an input's own field over the
/// file's, whole.
#[test]
fn the_file_gives_what_repeats_and_flags_and_inputs_override_it() {
    let run = Run::new();
    let full = sample();
    let repeated = ["issuer", "signer", "submit_to", "recipients", "archive"];
    let mut short = full.clone();
    for k in repeated {
        short.as_object_mut().unwrap().remove(k);
    }
    std::fs::write(run.path("full.json"), serde_json::to_vec_pretty(&full).unwrap()).unwrap();
    std::fs::write(run.path("short.json"), serde_json::to_vec_pretty(&short).unwrap()).unwrap();

    // today's command, with no settings file
    let (code, _, err) = run.baocao(&["generate", "full.json", "-o", "today"]);
    assert_eq!(code, Some(0), "{err}");
    let today = files(&run.path("today"));
    assert_eq!(today.len(), 2);

    run.user_config(&document_toml(&full, &repeated));
    let (code, _, err) = run.baocao(&["generate", "short.json", "-o", "short"]);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(files(&run.path("short")) == today, "the same files from the settings");
    // without the file, the short input lacks them
    let (code, _, err) = run.baocao(&["generate", "short.json", "-o", "none", "--config", "/nonexistent.toml"]);
    assert_eq!((code, err.as_str()), (Some(2), "error: /nonexistent.toml: no such file (--config)\n"));

    // an input's own issuer is used whole: the file's, another agency with a parent, is not mixed in
    let mut other = full.clone();
    other["issuer"] = json!({ "name": "Sở Y tế", "parent": "Ủy ban nhân dân tỉnh Lào Cai", "place": "Lào Cai" });
    let mut text = document_toml(&other, &["issuer"]);
    text.push_str("\n[output]\nformat = \"pdf\"\n");
    run.user_config(&text);
    let (code, out, err) = run.baocao(&["generate", "full.json", "-o", "own"]);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.trim_end().ends_with(".pdf"), "{out}");
    let pdf = today.iter().find(|(n, _)| n.ends_with(".pdf")).unwrap();
    assert!(files(&run.path("own")) == vec![pdf.clone()], "the input's own issuer, the file's format");
    // a flag over the file
    let (code, out, _) = run.baocao(&["generate", "full.json", "-o", "flag", "--format", "docx"]);
    assert_eq!(code, Some(0));
    assert!(out.trim_end().ends_with(".docx") && out.lines().count() == 1, "{out}");
}

/// The sender, the copies and the server come from the user's own file; a working folder's
/// `[email]` (a folder someone sent) is ignored and said to be.
#[test]
fn email_settings_only_from_the_users_own_file() {
    let run = Run::new();
    let input = root("samples/monthly-province.json");
    let input = input.to_str().unwrap();
    let (code, _, err) =
        run.baocao(&["email", input, "-o", "flags", "--from", "vanthu@bacninh.gov.vn", "--cc", "ld@bacninh.gov.vn"]);
    assert_eq!(code, Some(0), "{err}");
    run.user_config("[email]\nfrom = \"vanthu@bacninh.gov.vn\"\ncc = [\"ld@bacninh.gov.vn\"]\n");
    let (code, _, err) = run.baocao(&["email", input, "-o", "settings"]);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(mail_files(&run.path("settings")) == mail_files(&run.path("flags")), "the same files and message");

    // a planted working folder's [email]: ignored, said; the user's still used
    std::fs::write(
        run.path("baocao.toml"),
        "[email]\ncc = [\"attacker@example.com\"]\nsmtp_host = \"mx.example.com\"\n",
    )
    .unwrap();
    let (code, _, err) = run.baocao(&["email", input, "-o", "planted"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.starts_with("warning: baocao.toml (the working folder's): [email] ignored"), "{err}");
    assert!(mail_files(&run.path("planted")) == mail_files(&run.path("flags")));
    let eml = files(&run.path("planted")).into_iter().find(|(n, _)| n.ends_with(".eml")).unwrap().1;
    assert!(!String::from_utf8_lossy(&eml).contains("attacker"));
    // --send with no server anywhere (the planted one ignored)
    let (code, _, err) = run.baocao(&["email", input, "-o", "send", "--send"]);
    assert_eq!(code, Some(2));
    assert!(err.ends_with("error: --send needs an SMTP server: give --smtp-host HOST, or smtp_host in [email] of your settings file\n"), "{err}");
}

/// A batch: the file's format and jobs, its `[document]` for the consolidated report after the
/// defaults' (the units are each their own agency: an issuer never comes to them from it).
#[test]
fn a_batch_takes_the_files_format_and_its_consolidated_fields() {
    let run = Run::new();
    let batch = run.sample_batch();
    let (code, _, err) = run.baocao(&["batch", "batch", "-o", "today", "--format", "pdf", "--jobs", "1"]);
    assert_eq!(code, Some(0), "{err}");
    let consolidated: Value =
        serde_json::from_slice(&std::fs::read(batch.join("_consolidated.json")).unwrap()).unwrap();
    let mut short = consolidated.clone();
    short.as_object_mut().unwrap().remove("signer");
    short.as_object_mut().unwrap().remove("issuer");
    std::fs::write(batch.join("_consolidated.json"), serde_json::to_vec_pretty(&short).unwrap()).unwrap();
    let mut text = document_toml(&consolidated, &["issuer", "signer"]);
    text.push_str("\n[output]\nformat = \"pdf\"\njobs = 1\n");
    run.user_config(&text);
    let (code, _, err) = run.baocao(&["batch", "batch", "-o", "settings"]);
    assert_eq!(code, Some(0), "{err}");
    let (today, settings) = (files(&run.path("today")), files(&run.path("settings")));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&settings), names(&today));
    for ((name, a), (_, b)) in today.iter().zip(&settings) {
        if name != "manifest.json" {
            assert!(a == b, "{name} differs");
        }
    }
    // a unit with no issuer is not given the file's: it fails alone
    let mut unit: Value = serde_json::from_slice(&std::fs::read(batch.join("01-so-tai-chinh.json")).unwrap()).unwrap();
    unit.as_object_mut().unwrap().remove("issuer");
    std::fs::write(batch.join("01-so-tai-chinh.json"), serde_json::to_vec(&unit).unwrap()).unwrap();
    let (code, _, err) = run.baocao(&["batch", "batch", "-o", "missing"]);
    assert_eq!(code, Some(1));
    // (the defaults give the units' parent and place; the name is the unit's own)
    assert!(err.contains("error: 01-so-tai-chinh.json: issuer.name: required field is missing"), "{err}");
}

/// A bad key is told with its file and line (exit 2, nothing done); a key naming a secret is
/// refused, saying where secrets go, never quoting its value.
#[test]
fn a_bad_file_is_told_with_its_line_and_secrets_are_refused() {
    let run = Run::new();
    let input = root("samples/monthly-province.json");
    let input = input.to_str().unwrap();
    std::fs::write(run.path("baocao.toml"), "[output]\nformat = \"pdf\"\njob = 2\n").unwrap();
    let (code, out, err) = run.baocao(&["validate", input]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.starts_with("error: baocao.toml: line 3: unknown field `job`"), "{err}");
    std::fs::remove_file(run.path("baocao.toml")).unwrap();

    let user = run.user_config("[email]\nsmtp_host = \"mail.bacninh.gov.vn\"\nsmtp_password = \"hunter2\"\n");
    let (code, _, err) = run.baocao(&["generate", input, "-o", "x"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!("error: {}: line 3: smtp_password: a secret is never kept in a file; give it in the environment (BAOCAO_SMTP_PASSWORD, BAOCAO_P12_PASSWORD, BAOCAO_PKCS11_PIN) or when asked\n", user.display())
    );
    assert!(!run.path("x").exists(), "nothing written");
    // commands that take no settings are not stopped by a bad file
    let (code, _, err) = run.baocao(&["sample", "monthly"]);
    assert_eq!(code, Some(0), "{err}");
}

/// The README's example settings file reads, and with it an input of the month's own fields
/// alone is a valid report.
#[test]
fn the_readmes_example_file_is_valid() {
    let run = Run::new();
    let readme = std::fs::read_to_string(root("README.md")).unwrap();
    let start = readme.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    run.user_config(example);
    let mut short = sample();
    for k in ["issuer", "signer"] {
        short.as_object_mut().unwrap().remove(k);
    }
    std::fs::write(run.path("thang-5.json"), serde_json::to_vec(&short).unwrap()).unwrap();
    let (code, out, err) = run.baocao(&["validate", "thang-5.json"]);
    assert_eq!((code, out.as_str(), err.as_str()), (Some(0), "thang-5.json: valid\n", ""));
}

/// A working folder's file (a folder someone sent) adds to the user's `[document]` field by
/// field, never says who a report is addressed to or sent from, and is never waited on (a
/// helper's review: its `submit_to` redirected the mail unsaid, an empty `[document]` dropped the
/// user's, a FIFO named baocao.toml hung every command).
#[test]
fn a_working_folders_file_adds_fields_but_never_addresses() {
    let run = Run::new();
    let full = sample();
    let mut short = full.clone();
    for k in ["issuer", "signer", "submit_to", "recipients", "archive"] {
        short.as_object_mut().unwrap().remove(k);
    }
    std::fs::write(run.path("short.json"), serde_json::to_vec(&short).unwrap()).unwrap();
    run.user_config(&document_toml(&full, &["issuer", "signer", "submit_to", "recipients", "archive"]));
    // config init's file, every setting commented out: the user's still apply
    let (code, _, err) = run.baocao(&["config", "init"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = run.baocao(&["validate", "short.json"]);
    assert_eq!((code, out.as_str(), err.as_str()), (Some(0), "short.json: valid\n", ""));

    // a planted file: its submit_to ignored, said; its archive used
    let mut planted = full.clone();
    planted["submit_to"] = json!({ "name": "Bộ Công an", "email": "attacker@evil.example" });
    planted["issuer"]["email"] = json!("forged@evil.example");
    planted["archive"] = json!("VT, KHTC");
    std::fs::write(run.path("baocao.toml"), document_toml(&planted, &["submit_to", "archive"])).unwrap();
    let (code, _, err) = run.baocao(&["email", "short.json", "-o", "mail"]);
    assert_eq!(code, Some(0), "{err}");
    let said = "warning: baocao.toml (the working folder's): [document] submit_to ignored: who a report is addressed to and sent from is taken only from your own ";
    assert!(err.starts_with(said), "{err}");
    let eml = files(&run.path("mail")).into_iter().find(|(n, _)| n.ends_with(".eml")).unwrap().1;
    let eml = String::from_utf8_lossy(&eml);
    assert!(!eml.contains("evil.example"), "{eml}");
    assert!(eml.contains(full["submit_to"]["email"].as_str().unwrap()), "the user's addressee");
    // its issuer (a whole field, over the user's) without its e-mail: nothing is sent from it
    std::fs::write(run.path("baocao.toml"), document_toml(&planted, &["issuer"])).unwrap();
    let (code, _, err) = run.baocao(&["email", "short.json", "-o", "mail2"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("[document] issuer.email ignored") && !err.contains("evil.example"), "{err}");
    assert!(
        err.ends_with("error: short.json: issuer.email: required to send by e-mail (or give --from ADDRESS)\n"),
        "{err}"
    );

    // a FIFO: refused at once, not waited on
    std::fs::remove_file(run.path("baocao.toml")).unwrap();
    #[cfg(unix)]
    {
        let made = Command::new("mkfifo").arg(run.path("baocao.toml")).status().unwrap();
        assert!(made.success());
        let (code, _, err) = run.baocao(&["validate", "short.json"]);
        assert_eq!(code, Some(2));
        assert_eq!(err, "error: cannot read baocao.toml: not a regular file (a FIFO)\n");
    }
}

/// `validate --defaults` checks a batch's units as `batch` does, the consolidated report's fields
/// from the settings file included (a helper's review: it refused what batch accepted).
#[test]
fn validate_with_defaults_takes_the_settings_as_batch_does() {
    let run = Run::new();
    let batch = run.sample_batch();
    let consolidated: Value =
        serde_json::from_slice(&std::fs::read(batch.join("_consolidated.json")).unwrap()).unwrap();
    let mut short = consolidated.clone();
    short.as_object_mut().unwrap().remove("signer");
    std::fs::write(batch.join("_consolidated.json"), serde_json::to_vec(&short).unwrap()).unwrap();
    let args = ["validate", "--defaults", "batch/_defaults.json", "batch/01-so-tai-chinh.json"];
    let (code, _, err) = run.baocao(&args);
    assert_eq!(code, Some(1));
    assert!(err.contains("_consolidated.json: signer: required field is missing"), "{err}");
    run.user_config(&document_toml(&consolidated, &["signer"]));
    let (code, out, err) = run.baocao(&args);
    assert_eq!((code, out.as_str(), err.as_str()), (Some(0), "batch/01-so-tai-chinh.json: valid\n", ""));
}

/// A problem in a field the settings file gave says so; a bad `[output]` value is told as the
/// file's, with its line; a value of the wrong type is not quoted.
#[test]
fn problems_of_the_settings_are_told_as_theirs() {
    let run = Run::new();
    let input = root("samples/monthly-province.json");
    let mut short = sample();
    short.as_object_mut().unwrap().remove("issuer");
    std::fs::write(run.path("short.json"), serde_json::to_vec(&short).unwrap()).unwrap();
    std::fs::write(run.path("baocao.toml"), "[document]\nissuer = 12345\n").unwrap();
    let (code, _, err) = run.baocao(&["validate", "short.json"]);
    assert_eq!(code, Some(1));
    assert_eq!(err, "error: short.json: issuer: expected an object, found the number 12345 (given by the settings file's [document])\n");
    std::fs::write(run.path("baocao.toml"), "# mine\n[output]\nformat = \"odt\"\n").unwrap();
    let (code, _, err) = run.baocao(&["generate", input.to_str().unwrap()]);
    assert_eq!(
        (code, err.as_str()),
        (Some(2), "error: baocao.toml: line 3: [output] format: \"odt\": expected \"docx\", \"pdf\" or \"docx,pdf\"\n")
    );
    std::fs::remove_file(run.path("baocao.toml")).unwrap();
    run.user_config("[email]\nsmtp_port = \"hunter2\"\n");
    let (code, _, err) = run.baocao(&["validate", "short.json"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("line 2: invalid type: a string, expected u16") && !err.contains("hunter2"), "{err}");
}

/// `[sign]` as a helper's review found it: a timeout with the settings' authority, a token label
/// on the command line with the settings' module, keys given twice in the file, a number in the
/// wrong place (a PIN typed into a label) not echoed.
#[test]
fn sign_settings_combine_with_flags_and_refuse_what_flags_refuse() {
    let run = Run::new();
    run.user_config(
        "[sign]\ntrust = [\"vgca\"]\ntsa = \"http://127.0.0.1:9/\"\n\n[sign.approve]\npkcs11 = \"/nonexistent/libtoken.so\"\ntoken = \"T1\"\nimage = \"chu-ky.png\"\n",
    );
    // both reach the signing itself (here: the draft that is not there), not a refusal of the flags
    for flags in [["--tsa-timeout", "3"], ["--token", "T2"]] {
        let mut args = vec!["sign", "approve", "missing.pdf", "-o", "out"];
        args.extend(flags);
        let (code, _, err) = run.baocao(&args);
        assert_eq!(code, Some(2));
        assert!(err.starts_with("error: missing.pdf: No such file or directory"), "{flags:?}: {err}");
    }
    let user = run.user_config("[sign.issue]\np12 = \"co-quan.p12\"\npkcs11 = \"/x.so\"\n");
    let (code, _, err) = run.baocao(&["verify", "missing.pdf"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!(
            "error: {}: [sign.issue] p12 and pkcs11: one key, from a PKCS#12 file or from a token\n",
            user.display()
        )
    );
    run.user_config("[sign.approve]\nkey = 123456\n");
    let (code, _, err) = run.baocao(&["verify", "missing.pdf"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("line 2: invalid type: an integer, expected a string") && !err.contains("123456"), "{err}");
}
