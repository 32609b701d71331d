//! The conventions of a good command line (issue 28, item 3): shell completions and a man page
//! made from the command line's own definition.

#![allow(clippy::unwrap_used)]

use std::process::Command;

fn baocao(args: &[&str]) -> (Option<i32>, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).output().unwrap();
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
