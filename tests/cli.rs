//! The `baocao` binary: what it prints where, exit codes, files written (or not).

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn baocao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env("BAOCAO_LANG", "en")
        .args(args)
        .current_dir(common::root())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn generate_writes_docx_and_pdf_and_prints_their_paths() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/sub");
    let o = baocao(&["generate", "samples/monthly-province.json", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let stem = "2026-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh";
    let (name, pdf) = (format!("{stem}.docx"), format!("{stem}.pdf"));
    assert_eq!(text(&o.stdout), format!("{}\n{}\n", out.join(&name).display(), out.join(&pdf).display()));
    assert_eq!(text(&o.stderr), "");
    assert_eq!(files(&out), [name.clone(), pdf.clone()]);
    // a second run replaces the file with the same bytes, and removes a killed run's leftovers
    let before = std::fs::read(out.join(&name)).unwrap();
    std::fs::write(out.join(".baocao-XYZ123.tmp"), b"half").unwrap();
    let o = baocao(&["generate", "samples/monthly-province.json", "-o", out.to_str().unwrap(), "--format", "docx"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stdout), format!("{}\n", out.join(&name).display()));
    assert_eq!(files(&out), [name.clone(), pdf]);
    assert_eq!(std::fs::read(out.join(&name)).unwrap(), before);
    let o = baocao(&["generate", "samples/monthly-province.json", "-o", out.to_str().unwrap(), "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).ends_with(".pdf\n"));
}

#[test]
fn invalid_input_exits_1_names_file_place_value_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = "tests/fixtures/monthly/many-errors-collected.json";
    let o = baocao(&["generate", input, "-o", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o.stdout), "");
    let err = text(&o.stderr);
    assert!(err.contains(&format!("error: {input}: issuer.place: required field is missing\n")), "{err}");
    assert!(
        err.contains(&format!(
            "error: {input}: systems[1].public_ips[0]: \"10.0.0.1\" is not a public address: it lies in 10.0.0.0/8 (private)\n"
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 4, "{err}");
    assert!(files(dir.path()).is_empty());

    let o = baocao(&[
        "generate",
        "tests/fixtures/monthly/malformed-json-trailing-comma.json",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        "error: tests/fixtures/monthly/malformed-json-trailing-comma.json: line 3, column 1: malformed JSON: trailing comma\n"
    );
}

#[test]
fn warnings_go_to_stderr_and_strict_makes_them_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = "tests/fixtures/monthly/warning-dated-after-25th.json";
    let o = baocao(&["generate", input, "-o", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o.stderr).starts_with(&format!("warning: {input}: date: 2020-05-26 is after the 25th")),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(files(dir.path()).len(), 2);

    let strict = tempfile::tempdir().unwrap();
    let o = baocao(&["generate", input, "-o", strict.path().to_str().unwrap(), "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).starts_with(&format!("error: {input}: date:")));
    assert!(files(strict.path()).is_empty());
}

#[test]
fn usage_and_io_errors_exit_2() {
    let o = baocao(&["generate", "samples/monthly-province.json", "-o", "/proc/baocao-cannot-be-here"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).starts_with("error: cannot use output folder /proc/baocao-cannot-be-here:"),
        "{}",
        text(&o.stderr)
    );
    // a file where the folder should be: said so (it said "File exists", a fourth hostile review)
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let o = baocao(&["generate", "samples/monthly-province.json", "-o", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr),
        format!("error: cannot use output folder {}: it is a file, not a folder\n", file.display())
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
    let o = baocao(&["generate", "samples/monthly-province.json", "--format", "odt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains(r#"unknown format "odt""#));
    let o = baocao(&["generate", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).starts_with("error: cannot read no/such/file.json:"));
    let o = baocao(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn validate_reports_each_file() {
    let o = baocao(&[
        "validate",
        "samples/monthly-province.json",
        "tests/fixtures/monthly/warning-level-not-approved.json",
        "tests/fixtures/monthly/level-out-of-range.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stdout),
        "samples/monthly-province.json: valid\n\
         tests/fixtures/monthly/warning-level-not-approved.json: valid, 1 warning\n\
         tests/fixtures/monthly/level-out-of-range.json: invalid, 1 error\n"
    );
    assert_eq!(
        text(&o.stderr),
        "warning: tests/fixtures/monthly/warning-level-not-approved.json: systems[1].level_decision: level 2 of \"Hệ thống thư điện tử công vụ\" is not yet approved (no level_decision)\n\
         error: tests/fixtures/monthly/level-out-of-range.json: systems[1].level: 7 is outside 1–5\n"
    );
    let o = baocao(&["validate", "samples/monthly-province.json", "samples/monthly-ministry.json"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn schema_and_sample() {
    let o = baocao(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let monthly = &schema["oneOf"][0];
    let assessment = &schema["oneOf"][1];
    assert_eq!(monthly["properties"]["kind"]["const"], "monthly");
    assert_eq!(monthly["properties"]["systems"]["items"]["properties"]["level"]["minimum"], 1);
    assert_eq!(assessment["properties"]["kind"]["const"], "assessment");
    assert_eq!(assessment["properties"]["systems"]["items"]["properties"]["level"]["minimum"], 3);
    let o = baocao(&["sample", "monthly"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stdout), std::fs::read_to_string(common::root().join("samples/monthly-province.json")).unwrap());
    let checked = baocao::input::check(&o.stdout);
    assert!(checked.errors.is_empty() && checked.warnings.is_empty(), "{checked:?}");
    let o = baocao(&["sample", "assessment"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stdout),
        std::fs::read_to_string(common::root().join("samples/assessment-ministry.json")).unwrap()
    );
    let checked = baocao::input::check(&o.stdout);
    assert!(checked.errors.is_empty() && checked.warnings.is_empty(), "{checked:?}");
}

#[test]
fn template_overrides_change_the_wording() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("monthly.subject.md"), "Báo cáo thử của {{ issuer.name }}").unwrap();
    let out = dir.path().join("out");
    let o = baocao(&[
        "--templates",
        dir.path().to_str().unwrap(),
        "generate",
        "samples/monthly-province.json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let bytes = std::fs::read(text(&o.stdout).lines().next().unwrap()).unwrap();
    let paras = common::paragraphs(&common::unzip(&bytes)["word/document.xml"]);
    assert!(paras.iter().any(|p| p == "Báo cáo thử của Sở Thông tin và Truyền thông"), "{paras:?}");

    std::fs::write(dir.path().join("monthly.md"), "{% if %}").unwrap();
    let o = baocao(&[
        "--templates",
        dir.path().to_str().unwrap(),
        "generate",
        "samples/monthly-province.json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).starts_with("error: template monthly.md:"), "{}", text(&o.stderr));
}

/// The preview folder in the temporary folder `tmp`: one a user on Unix.
fn preview_folder(tmp: &std::path::Path) -> std::path::PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        tmp.join(format!("baocao-preview-{}", std::fs::metadata(tmp).unwrap().uid()))
    }
    #[cfg(not(unix))]
    {
        tmp.join("baocao-preview")
    }
}

/// Preview writes only into a folder of the user's own (issue 25, item 7): a link planted where
/// the preview folder goes, pointing at someone's folder, or a folder open to others, is refused
/// and nothing behind it is touched.
#[cfg(unix)]
#[test]
fn preview_never_writes_through_a_folder_another_user_planted() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    let target = victim.join("2026-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh.pdf");
    std::fs::write(&target, "the victim's file").unwrap();
    let folder = preview_folder(tmp.path());
    std::os::unix::fs::symlink(&victim, &folder).unwrap();
    let preview = || {
        Command::new(env!("CARGO_BIN_EXE_baocao"))
            .env("BAOCAO_LANG", "en")
            .args(["preview", "samples/monthly-province.json", "--no-open"])
            .env("TMPDIR", tmp.path())
            .current_dir(common::root())
            .output()
            .unwrap()
    };
    let o = preview();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stderr),
        format!(
            "error: cannot write the preview in {0}: {0} is not a folder of this user's alone (a link, another user's folder, or open to others); remove it and preview again\n",
            folder.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "the victim's file");
    // a real folder open to others is refused too; once closed, it is used
    std::fs::remove_file(&folder).unwrap();
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(preview().status.code(), Some(2));
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(preview().status.code(), Some(0));
}

#[test]
fn preview_writes_the_pdf_to_the_temp_folder_and_prints_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env("BAOCAO_LANG", "en")
        .args(["preview", "samples/monthly-province.json", "--no-open"])
        .env("TMPDIR", tmp.path())
        .current_dir(common::root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let expected = preview_folder(tmp.path()).join("2026-05_bao-cao-4-lop_so-thong-tin-va-truyen-thong-bac-ninh.pdf");
    assert_eq!(text(&o.stdout).lines().last().unwrap(), expected.display().to_string());
    assert!(std::fs::read(&expected).unwrap().starts_with(b"%PDF-"));
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env("BAOCAO_LANG", "en")
        .args(["preview", "tests/fixtures/monthly/level-out-of-range.json", "--no-open"])
        .env("TMPDIR", tmp.path())
        .current_dir(common::root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("systems[1].level: 7 is outside 1–5"));
}

#[test]
#[ignore = "needs pdftotext: .ci/run runs it (cargo test -- --include-ignored)"]
fn preview_watch_renders_again_on_each_change_and_survives_bad_input() {
    use std::io::BufRead;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.json");
    let good = std::fs::read_to_string(common::root().join("samples/monthly-province.json")).unwrap();
    std::fs::write(&input, &good).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env("BAOCAO_LANG", "en")
        .args(["preview", input.to_str().unwrap(), "--no-open", "--watch"])
        .env("TMPDIR", tmp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let (out, err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let tx2 = tx.clone();
    std::thread::spawn(move || std::io::BufReader::new(out).lines().for_each(|l| drop(tx.send(("out", l.unwrap())))));
    std::thread::spawn(move || std::io::BufReader::new(err).lines().for_each(|l| drop(tx2.send(("err", l.unwrap())))));
    let next = |want: &str| -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (stream, line) = rx.recv_timeout(left).expect("no line in time");
            if stream == want && !line.starts_with("watching ") {
                return line;
            }
        }
    };
    assert!(next("out").ends_with(".pdf"));
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&input, "{\"kind\":").unwrap();
    assert!(next("err").contains("malformed JSON"), "bad input is reported and the watch goes on");
    std::fs::write(&input, good.replace("\"number\": 125", "\"number\": 126")).unwrap();
    let path = next("out");
    assert!(path.ends_with(".pdf"));
    child.kill().unwrap();
    child.wait().unwrap();
    if common::tool("pdftotext", "poppler-utils") {
        let t = std::process::Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
        assert!(String::from_utf8_lossy(&t.stdout).contains("Số: 126/BC-STTTT"), "the new number is rendered");
    }
}

/// Every output goes through one write path that replaces only a regular file and keeps the
/// name's bytes (issue 25, item 8): `form -o` onto a link, a FIFO or a folder is refused and
/// nothing behind it touched; a name that is not UTF-8 is written under that very name.
#[cfg(unix)]
#[test]
fn an_output_replaces_only_a_regular_file_and_keeps_its_name() {
    use std::os::unix::ffi::OsStrExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let form = |target: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_baocao"))
            .env("BAOCAO_LANG", "en")
            .args(["form".as_ref(), "monthly".as_ref(), "-o".as_ref(), target.as_os_str()])
            .output()
            .unwrap()
    };
    let victim = tmp.path().join("victim.xlsx");
    std::fs::write(&victim, "kept").unwrap();
    let link = tmp.path().join("link.xlsx");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let fifo = tmp.path().join("fifo.xlsx");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let folder = tmp.path().join("folder.xlsx");
    std::fs::create_dir(&folder).unwrap();
    for target in [&link, &fifo, &folder] {
        let o = form(target);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
        assert_eq!(
            text(&o.stderr),
            format!(
                "error: cannot write {0}: {0} exists and is not a regular file (a link, a device, a FIFO or a folder): not replaced\n",
                target.display()
            )
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "kept");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    // a name in another encoding (Latin-1 bytes) is written under those bytes
    let name = std::ffi::OsStr::from_bytes(b"b\xe1o-c\xe1o.xlsx");
    let o = form(&tmp.path().join(name));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(tmp.path().join(name).is_file());
    // a regular file is replaced as before
    let o = form(&victim);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(std::fs::read(&victim).unwrap().starts_with(b"PK"));
}

/// A seal's width written with a decimal comma, as Vietnamese writes it, is read (it was refused
/// as no number, while messages said `8,25`).
#[test]
fn a_seal_width_takes_a_decimal_comma() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let args = |size: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .env("BAOCAO_LANG", "en")
            .current_dir(tmp.path())
            .args(["sign", "issue", "a.pdf", "-o", "out", "--seal", "s.png", "--p12", "k.p12", "--seal-size", size])
            .output()
            .unwrap();
        (o.status.code(), text(&o.stderr))
    };
    assert_eq!(args("8,25"), (Some(2), "error: --seal-size 8.25: a seal is 10 to 80 mm wide\n".to_owned()));
    assert_eq!(args("8.25"), (Some(2), "error: --seal-size 8.25: a seal is 10 to 80 mm wide\n".to_owned()));
    let (code, err) = args("1,2,3");
    assert_eq!(code, Some(2));
    assert!(err.starts_with("error: invalid value '1,2,3' for '--seal-size <MM>': not a number"), "{err}");
    assert!(!out.exists());
}
