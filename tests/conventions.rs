//! The conventions of a good command line (issue 28, item 3): shell completions and a man page
//! made from the command line's own definition.

#![allow(clippy::unwrap_used)]

use std::process::Command;

fn baocao(args: &[&str]) -> (Option<i32>, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_baocao")).env("BAOCAO_LANG", "en").args(args).output().unwrap();
    (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn completions_for_each_shell_name_every_subcommand_and_their_options() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, err) = baocao(&["completions", shell]);
        assert_eq!(code, Some(0), "{shell}: {err}");
        for word in ["generate", "batch", "verify", "extend", "ltv", "online", "trust"] {
            assert!(out.contains(word), "{shell}: {word} missing");
        }
    }
    let (code, _, err) = baocao(&["completions", "tcsh"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
}

#[test]
fn the_man_page_is_roff_naming_the_commands() {
    let (code, out, err) = baocao(&["man"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains(".TH baocao 1"), "{out}");
    assert!(out.contains(".SH NAME\nbaocao \\- "), "{out}");
    for sub in ["generate", "batch", "sign", "verify", "completions", "man"] {
        assert!(out.contains(&format!("baocao\\-{sub}(1)")), "{sub} missing");
    }
}

fn baocao_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_baocao"));
    c.env("BAOCAO_LANG", "en");
    c.current_dir(dir).args(args).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

fn root(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// `-q` leaves errors and warnings only on stderr (no progress, no summary); `-v` says what was
/// read and written; stdout, the results, is the same either way.
#[test]
fn quiet_keeps_errors_and_warnings_and_verbose_says_more() {
    let tmp = tempfile::tempdir().unwrap();
    let batch = root("samples/batch-bac-ninh");
    let (code, out, err) = baocao_in(tmp.path(), &["batch", &batch, "-o", "a"], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("[1/22] ") && err.contains("22 units: 22 ok, 0 failed"), "{err}");
    let (code, quiet_out, err) = baocao_in(tmp.path(), &["batch", "-q", &batch, "-o", "b"], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err, "");
    assert_eq!(quiet_out.replace("b/", "a/"), out);

    let warned = root("tests/fixtures/monthly/warning-assessor-is-provider.json");
    let (code, out, err) = baocao_in(tmp.path(), &["validate", "-q", &warned], &[]);
    assert_eq!(code, Some(0), "{err}");
    // the fixture's own warnings (tests/validation.rs), each after the file's name
    let expected = std::fs::read_to_string(warned.replace(".json", ".txt")).unwrap();
    let expected: String =
        expected.lines().map(|l| l.replacen("warning: ", &format!("warning: {warned}: "), 1) + "\n").collect();
    assert_eq!(err, expected);
    assert_eq!(out, format!("{warned}: valid, {} warnings\n", expected.lines().count()));
    let (code, out, err) =
        baocao_in(tmp.path(), &["--quiet", "validate", &root("tests/fixtures/monthly/ip-private.json")], &[]);
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: ") && err.contains("is not a public address"), "{err}");
    assert!(out.ends_with(": invalid, 1 error\n"), "{out}");

    let sample = root("samples/monthly-province.json");
    let (code, out, err) = baocao_in(tmp.path(), &["generate", "-v", &sample, "-o", "c"], &[]);
    assert_eq!(code, Some(0), "{err}");
    let written: Vec<&str> = out.lines().collect();
    assert_eq!(written.len(), 2);
    assert!(err.starts_with("note: templates: bundled\n"), "{err}");
    for file in written {
        let size = std::fs::metadata(tmp.path().join(file)).unwrap().len();
        assert!(err.contains(&format!("note: wrote {file} ({size} bytes)\n")), "{err}");
    }
    let (_, _, err) = baocao_in(tmp.path(), &["generate", &sample, "-o", "d"], &[]);
    assert_eq!(err, "");
    let (code, _, err) = baocao_in(tmp.path(), &["generate", "-q", "-v", &sample], &[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot be used with"), "{err}");
}

/// `--json`: validate gives each input's verdict and problems (where, the JSON path, what),
/// generate its files too, batch its manifest, on stdout; the exit codes are the text's.
#[test]
fn json_results_on_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let (sample, bad) = (root("samples/monthly-province.json"), root("tests/fixtures/monthly/ip-private.json"));
    let (code, out, err) = baocao_in(tmp.path(), &["validate", "--json", &sample, &bad, "missing.json"], &[]);
    assert_eq!(code, Some(2), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            { "input": sample, "valid": true, "errors": [], "warnings": [] },
            { "input": bad, "valid": false, "errors": [{
                "at": "systems[0].public_ips[1]",
                "path": "systems[0].public_ips[1]",
                "message": "\"192.168.1.10\" is not a public address: it lies in 192.168.0.0/16 (private)"
            }], "warnings": [] },
            { "input": "missing.json", "valid": false, "unreadable": "cannot read missing.json: No such file or directory (os error 2)" },
        ])
    );
    // the problems are in the JSON, not said again on stderr; what is not in it is
    assert_eq!(err, "error: cannot read missing.json: No such file or directory (os error 2)\n");

    let (code, out, err) = baocao_in(tmp.path(), &["generate", "--json", &bad, "-o", "x"], &[]);
    assert_eq!((code, err.as_str()), (Some(1), ""));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((v["valid"].clone(), v["files"].clone()), (serde_json::json!(false), serde_json::json!([])));
    assert_eq!(v["errors"][0]["path"], "systems[0].public_ips[1]");
    let (code, out, err) = baocao_in(tmp.path(), &["generate", "--json", &sample, "-o", "y", "--format", "pdf"], &[]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert!(std::fs::read(tmp.path().join(files[0].as_str().unwrap())).unwrap().starts_with(b"%PDF-"));

    let (code, out, err) = baocao_in(tmp.path(), &["batch", "--json", &root("samples/batch-bac-ninh"), "-o", "z"], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, std::fs::read_to_string(tmp.path().join("z/manifest.json")).unwrap());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["units"].as_array().unwrap().len(), 22);
}

/// `error:` and `warning:` are coloured where stderr takes colour (CLICOLOR_FORCE stands for a
/// terminal here), never when piped or when NO_COLOR is set, whatever else is.
/// `verify --json`: a file that is not a signed PDF, or cannot be read, is in the array with its
/// errors (it was left out: `[]` and exit 1 for a file refused).
#[test]
fn verify_json_names_every_file_given() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("not.pdf"), "hello\n").unwrap();
    let (code, out, err) =
        baocao_in(tmp.path(), &["verify", "--json", "not.pdf", "missing.pdf", "--trust", "vgca"], &[]);
    assert_eq!(code, Some(2), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = v.as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["not.pdf", "missing.pdf"], "{out}");
    for f in v.as_array().unwrap() {
        assert_eq!(f["valid"], false, "{out}");
        assert_eq!(f["signatures"], serde_json::json!([]), "{out}");
        assert_eq!(f["errors"].as_array().unwrap().len(), 1, "{out}");
    }
    assert!(v[0]["errors"][0].as_str().unwrap().starts_with("not.pdf: "), "{out}");
    assert_eq!(v[1]["errors"][0], "missing.pdf: No such file or directory (os error 2)", "{out}");
    // one file refused: exit 1, still named
    let (code, out, _) = baocao_in(tmp.path(), &["verify", "--json", "not.pdf", "--trust", "vgca"], &[]);
    assert_eq!(code, Some(1));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()[0]["file"], "not.pdf");
}

#[test]
fn colour_on_a_terminal_never_with_no_color() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = root("tests/fixtures/monthly/ip-private.json");
    let (_, _, plain) = baocao_in(tmp.path(), &["validate", &bad], &[]);
    assert!(plain.starts_with("error: ") && !plain.contains('\u{1b}'), "{plain:?}");
    let (_, _, coloured) = baocao_in(tmp.path(), &["validate", &bad], &[("CLICOLOR_FORCE", "1")]);
    assert_eq!(coloured, plain.replacen("error:", "\u{1b}[1m\u{1b}[31merror:\u{1b}[0m", 1));
    let (_, _, refused) = baocao_in(tmp.path(), &["validate", &bad], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert_eq!(refused, plain);
}

/// A run whose result is JSON and that fails before it has one still gives JSON: its exit code
/// and its errors (a helper's review: stdout was empty).
#[test]
fn json_when_a_run_fails_before_its_result() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = baocao_in(tmp.path(), &["generate", "--json", "missing.json", "-o", "x"], &[]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "error: cannot read missing.json: No such file or directory (os error 2)\n");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({ "exit": 2, "errors": ["cannot read missing.json: No such file or directory (os error 2)"] })
    );
    let sample = root("samples/monthly-province.json");
    let (code, out, _) = baocao_in(tmp.path(), &["generate", "--json", &sample, "--format", "xls"], &[]);
    assert_eq!(code, Some(2));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["errors"][0], "unknown format \"xls\" in --format \"xls\"; expected docx, pdf or docx,pdf");
    let (code, out, _) = baocao_in(tmp.path(), &["batch", "--json", "nowhere", "-o", "y"], &[]);
    assert_eq!(code, Some(2));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["exit"], 2);
    assert!(!v["errors"].as_array().unwrap().is_empty(), "{v}");
}

/// `-q` keeps an error whole: the lines after its first explain it (a helper's review: the
/// reason `email --signed` refused a PDF was left out).
#[test]
fn quiet_keeps_an_error_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = root("samples/monthly-province.json");
    let (code, out, err) = baocao_in(tmp.path(), &["generate", &sample, "-o", "a", "--format", "pdf"], &[]);
    assert_eq!(code, Some(0), "{err}");
    let pdf = out.trim_end().to_owned();
    let args = ["email", &sample, "-o", "b", "--signed", &pdf, "--trust", "vgca"];
    let (code, _, loud) = baocao_in(tmp.path(), &args, &[]);
    assert_eq!(code, Some(1));
    assert!(loud.lines().count() > 1, "{loud}");
    let quiet_args: Vec<&str> = std::iter::once("-q").chain(args).collect();
    let (code, _, quiet) = baocao_in(tmp.path(), &quiet_args, &[]);
    assert_eq!((code, quiet), (Some(1), loud));
}
