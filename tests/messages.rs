//! Every message has both languages (issue 28): each `tr!` of `src/` (found in the tokens of every
//! file, inside other macros too) has its Vietnamese text in `baocao::messages::vi` with the same
//! placeholders, the catalogue holds no text no `tr!` says, and a Vietnamese text is a translation
//! (it is not the English one and has Vietnamese letters).

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};

/// One `tr!`: where, its English text and the names of its values.
struct Use {
    at: String,
    en: String,
    names: BTreeSet<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The `{name}` placeholders of a text; `Err` on anything else in braces.
fn placeholders(text: &str) -> Result<BTreeSet<String>, String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('}') {
            return Err(format!("a lone }} in {text:?}"));
        }
        let end = tail.find('}').ok_or_else(|| format!("an unclosed {{ in {text:?}"))?;
        let name = &tail[1..end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("{{{name}}} in {text:?}: a placeholder is {{name}}, without a format spec"));
        }
        names.insert(name.to_owned());
        rest = &tail[end + 1..];
    }
    Ok(names)
}

/// The arguments of one `tr!(…)`: its literal and the names after it.
fn parse_use(tokens: TokenStream) -> Result<(String, BTreeSet<String>), String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    if matches!(tokens.first(), Some(TokenTree::Punct(p)) if p.as_char() == '@') {
        return Err(String::new()); // the macro's own inner rule
    }
    let Some(TokenTree::Literal(lit)) = tokens.first() else {
        return Err(format!("the first argument is not a string literal: {:?}", tokens.first().map(|t| t.to_string())));
    };
    let lit: syn::LitStr = syn::parse_str(&lit.to_string()).map_err(|e| format!("not a string literal: {e}"))?;
    let mut names = BTreeSet::new();
    // after the literal: `, name` or `, name = expr`, split at the commas of this level
    let mut expect_name = false;
    let mut depth_free = true;
    for t in &tokens[1..] {
        match t {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                expect_name = true;
                depth_free = true;
            }
            TokenTree::Ident(id) if expect_name && depth_free => {
                names.insert(id.to_string());
                expect_name = false;
                depth_free = false;
            }
            _ => expect_name = false,
        }
    }
    Ok((lit.value(), names))
}

fn scan(tokens: TokenStream, file: &str, uses: &mut Vec<Use>, bad: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, t) in tokens.iter().enumerate() {
        if let TokenTree::Group(g) = t {
            let is_tr = i >= 2
                && matches!(&tokens[i - 2], TokenTree::Ident(id) if id == "tr")
                && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '!');
            if is_tr {
                let at = file.to_owned();
                match parse_use(g.stream()) {
                    Ok((en, names)) => uses.push(Use { at, en, names }),
                    Err(e) if e.is_empty() => {}
                    Err(e) => bad.push(format!("{at}: {e}")),
                }
            }
            scan(g.stream(), file, uses, bad);
        }
    }
}

#[test]
fn every_message_has_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let (mut uses, mut bad) = (Vec::new(), Vec::new());
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let tokens: TokenStream = text.parse().unwrap();
        let name = f.strip_prefix(root).unwrap().display().to_string();
        // the macro's own definition is not a message
        if name.ends_with("messages/mod.rs") {
            let defined = text.find("macro_rules! tr").unwrap();
            let end = defined + text[defined..].find("\n}\n").unwrap();
            let rest: TokenStream = format!("{}\n{}", &text[..defined], &text[end + 2..]).parse().unwrap();
            scan(rest, &name, &mut uses, &mut bad);
            continue;
        }
        scan(tokens, &name, &mut uses, &mut bad);
    }
    assert!(uses.len() > 50, "only {} tr! found: is the scan right?", uses.len());

    let mut catalogue: BTreeMap<&str, &str> = BTreeMap::new();
    for (en, vi) in baocao::messages::vi::PARTS.iter().flat_map(|p| p.iter()) {
        if catalogue.insert(en, vi).is_some() {
            bad.push(format!("the catalogue gives {en:?} twice"));
        }
    }
    let mut said = BTreeSet::new();
    for u in &uses {
        said.insert(u.en.as_str());
        match placeholders(&u.en) {
            Err(e) => bad.push(format!("{}: {e}", u.at)),
            Ok(p) if p != u.names => {
                bad.push(format!("{}: {:?} has placeholders {p:?} but values {:?}", u.at, u.en, u.names))
            }
            Ok(_) => {}
        }
        let Some(vi) = catalogue.get(u.en.as_str()) else {
            bad.push(format!("{}: no Vietnamese for {:?}", u.at, u.en));
            continue;
        };
        match placeholders(vi) {
            Err(e) => bad.push(format!("{}: Vietnamese: {e}", u.at)),
            Ok(p) if Ok(&p) != placeholders(&u.en).as_ref() => {
                bad.push(format!("{}: the Vietnamese {vi:?} has placeholders {p:?}, the English {:?}", u.at, u.en))
            }
            Ok(_) => {}
        }
        let stripped: String = fill_out(vi);
        if *vi == u.en || !stripped.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
            bad.push(format!("{}: {vi:?} is not a Vietnamese text", u.at));
        }
    }
    for en in catalogue.keys() {
        if !said.contains(en) {
            bad.push(format!("the catalogue translates {en:?}, which no tr! says"));
        }
    }
    bad.sort();
    bad.dedup();
    assert!(bad.is_empty(), "{} problems:\n{}", bad.len(), bad.join("\n"));
}

/// A text without its placeholders.
fn fill_out(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in text.chars() {
        match c {
            '{' => inside = true,
            '}' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}
