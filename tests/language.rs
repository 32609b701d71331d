//! Vietnamese by default, English on request (issue 28): every fixture of `tests/fixtures`
//! validated and generated under the default language says nothing in English (a word that is
//! neither Vietnamese nor a name baocao keeps as it is: a format, a protocol, a field's JSON name);
//! under `--lang en` the same fixtures give the exact English messages of their `.txt`.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn baocao(args: &[&std::ffi::OsStr], lang: Option<&str>) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_baocao"));
    c.env_remove("BAOCAO_LANG").env("NO_COLOR", "1").env("XDG_CONFIG_HOME", "/nonexistent").args(args);
    if let Some(lang) = lang {
        c.env("BAOCAO_LANG", lang);
    }
    c.current_dir(common::root()).output().unwrap()
}

fn fixtures() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in std::fs::read_dir(common::root().join("tests/fixtures")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "json") {
                all.push(f);
            }
        }
    }
    all.sort();
    assert!(all.len() > 100, "the fixtures are found");
    all
}

/// Words a Vietnamese message keeps as they are.
fn kept_words() -> BTreeSet<String> {
    let mut kept: BTreeSet<String> = [
        "json",
        "pdf",
        "docx",
        "xlsx",
        "xls",
        "eml",
        "toml",
        "png",
        "smtp",
        "url",
        "ip",
        "ipv",
        "cidr",
        "utf",
        "bom",
        "mib",
        "kib",
        "gib",
        "excel",
        "libreoffice",
        "word",
        "baocao",
        "pkcs",
        "ocsp",
        "crl",
        "tsa",
        "ca",
        "cms",
        "http",
        "https",
        "www",
        "gov",
        "vn",
        "com",
        "org",
        "net",
        "bc",
        "vt",
        "ubnd",
        "cv",
        "qh",
        "tt",
        "nd",
        "md",
        "xml",
        "zip",
        "doctype",
        "pades",
        "ltv",
        "id",
        "unicode",
        "tab",
        "markdown",
        "tera",
        "nfc",
        "dd",
        "mm",
        "yyyy",
        "email",
        "byte",
        "stdout",
        "help",
        "stderr",
        "shell",
        "bash",
        "elvish",
        "fish",
        "powershell",
        "zsh",
        "schema",
        "ctrl",
        "loopback",
        // the settings file's keys
        "trust",
        "image",
        "seal",
        "token",
        "key",
        "from",
        "cc",
        "format",
        "jobs",
        "liberation",
        "serif",
        "vi",
        "en",
        "lang",
        "true",
        "false",
        "null",
        "monthly",
        "assessment",
        "annual",
        "consolidated",
        // the JSON paths' element names, said as they are typed
        "kind",
        "draft",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    // every command's name
    let mut paths = Vec::new();
    command_paths(&<baocao::cli::Cli as clap::CommandFactory>::command(), Vec::new(), &mut paths);
    kept.extend(paths.into_iter().flatten());
    // every field name of the contract (`archive`, `submit_to`: said as typed)
    let schema = baocao(&["schema".as_ref()], Some("en"));
    let text = String::from_utf8(schema.stdout).unwrap();
    for w in text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        for part in w.split('_') {
            if !part.is_empty() && text.contains(&format!("\"{w}\":")) {
                kept.insert(part.to_lowercase());
            }
        }
    }
    kept
}

/// Whether an ASCII word can be a Vietnamese syllable written without its marks (`tin`, `cho`,
/// `in`, `theo`): an onset, vowels, and a final consonant Vietnamese has.
fn could_be_vietnamese(word: &str) -> bool {
    const ONSETS: [&str; 27] = [
        "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h", "k", "l", "m", "n",
        "p", "r", "s", "t", "v", "x", "",
    ];
    let w = word.to_lowercase();
    ONSETS.iter().filter_map(|o| w.strip_prefix(o)).any(|rhyme| {
        let vowels = rhyme.chars().take_while(|c| "aeiouy".contains(*c)).count();
        let coda = &rhyme[vowels..];
        (1..=3).contains(&vowels) && ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"].contains(&coda)
    })
}

/// Words of English that pass for Vietnamese syllables without marks.
const ENGLISH_ALIKE: [&str; 13] =
    ["the", "not", "can", "be", "it", "at", "as", "by", "so", "one", "then", "than", "he"];

/// The English words of a message line: quoted values, paths, flags, JSON paths and numbers left
/// out, each word that remains neither Vietnamese nor kept.
fn english_in(line: &str, kept: &BTreeSet<String>) -> Vec<String> {
    // quoted values are the input's, as typed
    let mut text = String::new();
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '`' | '“' | '«') => {
                quote = Some(match c {
                    '“' => '”',
                    '«' => '»',
                    c => c,
                })
            }
            None => text.push(c),
        }
    }
    let mut english = Vec::new();
    for token in text.split_whitespace() {
        // a settings file's section, `[sign]`, is typed as it is
        if token.contains('[') || token.starts_with('.') {
            continue;
        }
        let token = token.trim_matches(|c: char| ",.;:()!?'".contains(c));
        // a path, a flag, a JSON path, a cell, a number, a value with its own marks
        if token.is_empty()
            || token.starts_with('-')
            || token.contains(['/', '\\', '_', '.', '[', '=', '@', '<', '>', '\'', '!', '#', '$'])
            || token.chars().any(|c| c.is_ascii_digit())
        {
            continue;
        }
        for word in token.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() || !word.is_ascii() || word.chars().all(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let lower = word.to_lowercase();
            if kept.contains(&lower) {
                continue;
            }
            if !could_be_vietnamese(word) || ENGLISH_ALIKE.contains(&lower.as_str()) {
                english.push(word.to_owned());
            }
        }
    }
    english
}

#[test]
fn english_is_found_by_the_check() {
    let kept: BTreeSet<String> = ["json"].iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        english_in("lỗi: a.json: systems[1].level: 7 is outside 1–5", &kept),
        ["is", "outside"].map(str::to_owned)
    );
    assert_eq!(english_in("error: issuer.place: required field is missing", &kept).len(), 5);
    assert!(english_in(
        "lỗi: a.json: hệ thống thứ 2, địa chỉ IP công khai thứ 1 (systems[1].public_ips[0]): \"10.0.0.1\" không phải là địa chỉ IP công khai, tin cho in",
        &kept
    )
    .is_empty());
}

#[test]
fn the_fixtures_say_nothing_in_english_by_default_and_exactly_what_they_said_in_english() {
    let kept = kept_words();
    let tmp = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    let mut said = 0;
    for f in fixtures() {
        let name = f.strip_prefix(common::root()).unwrap().to_owned();
        let out = tmp.path().join(name.file_stem().unwrap());
        for args in [
            vec!["validate".as_ref(), name.as_os_str()],
            vec!["generate".as_ref(), name.as_os_str(), "-o".as_ref(), out.as_os_str()],
        ] {
            let o = baocao(&args, None);
            let stderr = String::from_utf8(o.stderr).unwrap();
            let file = format!(": {}: ", name.display());
            for line in stderr.lines() {
                said += 1;
                // a key the contract does not have is named as typed (`extra: khóa lạ "extra"`)
                let told = match line.split_once(&file) {
                    Some((_, rest)) => match rest.split_once(": ") {
                        Some((place, rest)) if !place.contains(' ') => rest,
                        _ => rest,
                    },
                    None => line,
                };
                let english = english_in(told, &kept);
                if !english.is_empty() {
                    found.push(format!("{}: {line}\n    English: {}", name.display(), english.join(" ")));
                }
            }
        }
        // under --lang en, the exact messages of the fixture's .txt
        let expected = f.with_extension("txt");
        if expected.exists() {
            let o = baocao(&["--lang".as_ref(), "en".as_ref(), "validate".as_ref(), name.as_os_str()], None);
            let stderr = String::from_utf8(o.stderr).unwrap();
            let file = format!("{}: ", name.display());
            let told: Vec<String> = stderr
                .lines()
                .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
                .map(|l| l.replacen(&file, "", 1))
                .collect();
            let want: Vec<String> = std::fs::read_to_string(&expected).unwrap().lines().map(str::to_owned).collect();
            assert_eq!(told, want, "{}: --lang en", name.display());
        }
    }
    assert!(said > 100, "the fixtures said {said} lines");
    assert!(found.is_empty(), "{} lines in English:\n{}", found.len(), found.join("\n"));
}

#[test]
fn lang_is_chosen_by_flag_then_environment_then_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = std::path::Path::new("tests/fixtures/monthly/level-out-of-range.json");
    let first = |o: std::process::Output| String::from_utf8(o.stderr).unwrap().lines().next().unwrap_or("").to_owned();
    let vi = first(baocao(&["validate".as_ref(), bad.as_os_str()], None));
    assert!(
        vi.starts_with(
            "lỗi: tests/fixtures/monthly/level-out-of-range.json: hệ thống thứ 2, cấp độ (systems[1].level): "
        ),
        "{vi}"
    );
    let en = first(baocao(&["--lang".as_ref(), "en".as_ref(), "validate".as_ref(), bad.as_os_str()], None));
    assert_eq!(en, "error: tests/fixtures/monthly/level-out-of-range.json: systems[1].level: 7 is outside 1–5");
    assert_eq!(first(baocao(&["validate".as_ref(), bad.as_os_str()], Some("en"))), en);
    // the flag over the environment
    assert_eq!(
        first(baocao(&["validate".as_ref(), bad.as_os_str(), "--lang".as_ref(), "vi".as_ref()], Some("en"))),
        vi
    );
    // the settings file under both
    let settings = tmp.path().join("baocao.toml");
    std::fs::write(&settings, "[output]\nlang = \"en\"\n").unwrap();
    let with = |lang| baocao(&["--config".as_ref(), settings.as_os_str(), "validate".as_ref(), bad.as_os_str()], lang);
    assert_eq!(first(with(None)), en);
    assert_eq!(first(with(Some("vi"))), vi);
    // LANG is not read
    let mut c = Command::new(env!("CARGO_BIN_EXE_baocao"));
    c.env_remove("BAOCAO_LANG").env("LANG", "en_US.UTF-8").env("XDG_CONFIG_HOME", "/nonexistent");
    let o = c.args(["validate".as_ref(), bad.as_os_str()]).current_dir(common::root()).output().unwrap();
    assert_eq!(first(o), vi);
    // a value that is neither: told, Vietnamese used
    let o = baocao(&["validate".as_ref(), bad.as_os_str()], Some("fr"));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.starts_with("cảnh báo: BAOCAO_LANG=\"fr\" không phải vi hay en; dùng tiếng Việt\nlỗi: "),
        "{stderr}"
    );
    // the TOML reader's words, in Vietnamese
    std::fs::write(&settings, "[output]\nformatt = \"pdf\"\n").unwrap();
    assert_eq!(
        String::from_utf8(with(None).stderr).unwrap().lines().next().unwrap(),
        format!("lỗi: {}: dòng 2: khóa lạ \"formatt\"; chỉ dùng: format, jobs, lang", settings.display())
    );
    // a settings file's value that is neither: refused with its line
    std::fs::write(&settings, "[output]\n\nlang = \"fr\"\n").unwrap();
    let o = with(None);
    assert_eq!(
        String::from_utf8(o.stderr).unwrap().lines().next().unwrap(),
        format!(
            "lỗi: {}: dòng 3: [output] lang: \"fr\": chỉ nhận \"vi\" (tiếng Việt) hoặc \"en\" (tiếng Anh)",
            settings.display()
        )
    );
}

/// Every command's path, from `baocao`'s definition.
fn command_paths(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    for s in cmd.get_subcommands() {
        let mut p = path.clone();
        p.push(s.get_name().to_owned());
        command_paths(s, p, out);
    }
}

#[test]
fn every_commands_help_and_clap_s_errors_are_in_vietnamese_by_default() {
    let kept = kept_words();
    let mut paths = Vec::new();
    command_paths(&<baocao::cli::Cli as clap::CommandFactory>::command(), Vec::new(), &mut paths);
    assert!(paths.len() > 15, "{paths:?}");
    let mut found = Vec::new();
    for path in &paths {
        for flag in ["-h", "--help"] {
            let mut args: Vec<&std::ffi::OsStr> = path.iter().map(|p| p.as_ref()).collect();
            args.push(flag.as_ref());
            let o = baocao(&args, None);
            assert_eq!(o.status.code(), Some(0), "{path:?} {flag}");
            let help = String::from_utf8(o.stdout).unwrap();
            assert!(help.contains("Cách dùng: baocao"), "{path:?}: {help}");
            // a command line given as an example, or a setting's key, is typed as it is
            for line in help.lines().filter(|l| !l.contains("baocao ") && !l.contains(" = ")) {
                let english = english_in(line, &kept);
                if !english.is_empty() {
                    found.push(format!("{} {flag}: {line}\n    English: {}", path.join(" "), english.join(" ")));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "{} lines in English:\n{}", found.len(), found.join("\n"));
    // clap's own errors, said by the command line in Vietnamese; in English as clap says them
    let o = baocao(&["generate".as_ref(), "--bogus".as_ref()], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(o.stderr).unwrap(),
        "lỗi: không có tùy chọn '--bogus'\n\n  gợi ý: để dùng '--bogus' làm giá trị, hãy viết '-- --bogus'\n\nCách dùng: baocao generate [TÙY CHỌN] <ĐẦU-VÀO>\n\nXem thêm: --help\n"
    );
    // what a reviewer found said otherwise: a flag without its value, an argument too many, a
    // number out of range, help inside a command group
    let first = |o: std::process::Output| String::from_utf8(o.stderr).unwrap().lines().next().unwrap_or("").to_owned();
    assert_eq!(
        first(baocao(&["generate".as_ref(), "x.json".as_ref(), "-o".as_ref()], None)),
        "lỗi: tùy chọn '--output <THƯ-MỤC>' cần một giá trị nhưng chưa được cho"
    );
    assert_eq!(
        first(baocao(&["sample".as_ref(), "monthly".as_ref(), "extra".as_ref()], None)),
        "lỗi: thừa đối số 'extra'"
    );
    assert_eq!(
        first(baocao(&["verify".as_ref(), "--timeout".as_ref(), "0".as_ref(), "x.pdf".as_ref()], None)),
        "lỗi: giá trị '0' của '--timeout <GIÂY>' không hợp lệ: phải từ 1 đến 3600"
    );
    let o = baocao(&["sign".as_ref(), "help".as_ref(), "approve".as_ref()], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8(o.stdout).unwrap().contains("Cách dùng: baocao sign approve [TÙY CHỌN]"));
    // the operating system's words, in Vietnamese, wherever a line passes them on
    assert_eq!(
        first(baocao(&["validate".as_ref(), "no-such-file.json".as_ref()], None)),
        "lỗi: không đọc được no-such-file.json: không có tệp hoặc thư mục này"
    );
    assert_eq!(
        first(baocao(&["verify".as_ref(), "no-such-file.pdf".as_ref()], None)),
        "lỗi: no-such-file.pdf: không có tệp hoặc thư mục này"
    );
    // a path inside a message, in words beside it
    let dup = "tests/fixtures/monthly/duplicate-system-names.json";
    assert!(first(baocao(&["validate".as_ref(), dup.as_ref()], None)).ends_with(
        "\"cổng thông tin ĐIỆN TỬ tỉnh\" trùng tên với hệ thống thứ 1 (systems[0]); tên các hệ thống không được trùng nhau"
    ));
    let o = baocao(&["gen".as_ref()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .starts_with("lỗi: không có lệnh 'gen'\n\n  gợi ý: có phải ý bạn là 'generate'?\n"));
    let o = baocao(&["--lang".as_ref(), "en".as_ref(), "generate".as_ref(), "--bogus".as_ref()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().starts_with("error: unexpected argument '--bogus' found\n"));
    let o = baocao(&["--lang".as_ref(), "en".as_ref(), "generate".as_ref(), "--help".as_ref()], None);
    assert!(String::from_utf8(o.stdout).unwrap().starts_with("Write the report of one input file.\n"));
    // help COMMAND, as clap's own
    let o = baocao(&["help".as_ref(), "sign".as_ref(), "issue".as_ref()], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8(o.stdout).unwrap().contains("Cách dùng: baocao sign issue [TÙY CHỌN]"));
    let o = baocao(&["help".as_ref(), "nothing".as_ref()], None);
    assert_eq!(
        (o.status.code(), String::from_utf8(o.stderr).unwrap()),
        (Some(2), "lỗi: không có lệnh 'nothing'\n".to_owned())
    );
    // the man page in Vietnamese too
    let o = baocao(&["man".as_ref()], None);
    let man = String::from_utf8(o.stdout).unwrap();
    assert!(man.contains("Tạo báo cáo từ một tệp đầu vào") && !man.contains("Write the report of one input file"));
}
