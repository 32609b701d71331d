//! `--help` in both languages (issue 28): every text of the command line's definition (each
//! command's about, each argument's help) has its Vietnamese in `baocao::messages::vi::help`, and
//! the catalogue holds nothing else; the help and clap's own errors read in Vietnamese by default
//! and as today with `--lang en`.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use clap::CommandFactory;

fn texts(cmd: &clap::Command, out: &mut Vec<(String, String)>) {
    let name = cmd.get_name().to_owned();
    for t in [cmd.get_about(), cmd.get_long_about()].into_iter().flatten() {
        out.push((name.clone(), t.to_string()));
    }
    for a in cmd.get_arguments() {
        for t in [a.get_help(), a.get_long_help()].into_iter().flatten() {
            out.push((format!("{name} {}", a.get_id()), t.to_string()));
        }
        for v in a.get_possible_values() {
            if let Some(t) = v.get_help() {
                out.push((format!("{name} {} {}", a.get_id(), v.get_name()), t.to_string()));
            }
        }
    }
    for s in cmd.get_subcommands() {
        texts(s, out);
    }
}

#[test]
fn every_help_text_has_its_vietnamese() {
    let mut all = Vec::new();
    texts(&baocao::cli::Cli::command(), &mut all);
    assert!(all.len() > 50, "{} texts", all.len());
    let mut missing = Vec::new();
    let mut said = BTreeSet::new();
    for (at, en) in &all {
        said.insert(en.as_str());
        if baocao::messages::vi::help::text(en).is_none() {
            missing.push(format!("{at}\t{en:?}"));
        }
    }
    missing.sort();
    missing.dedup();
    let unused: Vec<_> =
        baocao::messages::vi::help::ENTRIES.iter().filter(|(en, _)| !said.contains(en)).map(|(en, _)| en).collect();
    assert!(
        missing.is_empty() && unused.is_empty(),
        "no Vietnamese for:\n{}\nleft over: {unused:?}",
        missing.join("\n")
    );
}
