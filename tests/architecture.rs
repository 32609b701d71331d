//! Imports point down the pipeline only: every `crate::` and `super::` path in `src/` (in `use`
//! lines, inline paths such as `impl crate::layout::Metrics for …`, and macro arguments) is read,
//! a folder counts as one module, and a module may name only the modules listed before it in
//! ARCHITECTURE.md's "Module order" paragraph. A cycle is reported as such.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The order ARCHITECTURE.md documents: the backquoted names on its "Module order" paragraph.
fn documented_order() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md")).unwrap();
    let start = text.find("\nModule order").expect("ARCHITECTURE.md has a paragraph starting with \"Module order\"");
    let paragraph = text[start + 1..].split("\n\n").next().unwrap_or_default();
    paragraph.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

/// One import: the module (by its path from the crate root) where it is written, and the path.
struct Import {
    file: PathBuf,
    from: Vec<String>,
    path: Vec<String>,
}

struct Collector<'a> {
    file: &'a Path,
    module: Vec<String>,
    imports: Vec<Import>,
}

impl Collector<'_> {
    fn record(&mut self, path: Vec<String>) {
        if matches!(path.first().map(String::as_str), Some("crate" | "super")) && path.len() > 1 {
            self.imports.push(Import { file: self.file.to_owned(), from: self.module.clone(), path });
        }
    }

    /// Every `crate :: a :: b` or `super :: …` run of tokens in a macro's arguments.
    fn scan_tokens(&mut self, tokens: proc_macro2::TokenStream) {
        let tokens: Vec<_> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            if let proc_macro2::TokenTree::Group(g) = &tokens[i] {
                self.scan_tokens(g.stream());
            }
            let starts = matches!(&tokens[i], proc_macro2::TokenTree::Ident(id) if id == "crate" || id == "super");
            if !starts {
                i += 1;
                continue;
            }
            let mut path = vec![tokens[i].to_string()];
            let mut j = i + 1;
            loop {
                let colons = matches!((tokens.get(j), tokens.get(j + 1)),
                    (Some(proc_macro2::TokenTree::Punct(a)), Some(proc_macro2::TokenTree::Punct(b)))
                        if a.as_char() == ':' && b.as_char() == ':');
                match (colons, tokens.get(j + 2)) {
                    (true, Some(proc_macro2::TokenTree::Ident(id))) => {
                        path.push(id.to_string());
                        j += 3;
                    }
                    _ => break,
                }
            }
            self.record(path);
            i = j.max(i + 1);
        }
    }
}

fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => out.push([prefix.as_slice(), &[n.ident.to_string()]].concat()),
        syn::UseTree::Rename(r) => out.push([prefix.as_slice(), &[r.ident.to_string()]].concat()),
        syn::UseTree::Glob(_) => out.push(prefix.clone()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_paths(t, prefix, out)),
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.module.push(m.ident.to_string());
        syn::visit::visit_item_mod(self, m);
        self.module.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut paths = Vec::new();
        use_paths(&u.tree, &mut Vec::new(), &mut paths);
        paths.into_iter().for_each(|p| self.record(p));
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.record(p.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.scan_tokens(m.tokens.clone());
        syn::visit::visit_macro(self, m);
    }
}

/// The top-level module an import names (`None`: an item of the crate root itself).
fn target(import: &Import) -> Option<String> {
    let mut at = import.from.clone();
    let mut rest = import.path.iter();
    let mut next = rest.next();
    if next.map(String::as_str) == Some("crate") {
        at.clear();
        next = rest.next();
    }
    while next.map(String::as_str) == Some("super") {
        at.pop();
        next = rest.next();
    }
    at.extend(next.cloned());
    at.first().cloned()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/doc/build.rs` → `doc::build`, `src/doc/mod.rs` → `doc`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// Every import of the crate, and the set of top-level modules.
fn imports() -> (Vec<Import>, BTreeSet<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut all = Vec::new();
    let mut modules = BTreeSet::new();
    for file in &files {
        let module = module_of(&src, file);
        modules.extend(module.first().cloned());
        let text = std::fs::read_to_string(file).unwrap();
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let rel = file.strip_prefix(src.parent().unwrap()).unwrap();
        let mut c = Collector { file: rel, module, imports: Vec::new() };
        c.visit_file(&parsed);
        all.extend(c.imports);
    }
    (all, modules)
}

/// The edges between top-level modules, each with the places that make it.
fn edges(imports: &[Import], modules: &BTreeSet<String>) -> BTreeMap<(String, String), Vec<String>> {
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let module = |m: Option<String>| m.filter(|m| modules.contains(m)).unwrap_or_else(|| "(crate root)".into());
    for i in imports {
        let from = module(i.from.first().cloned());
        let to = module(target(i));
        if from != to {
            edges.entry((from, to)).or_default().push(format!("{}: {}", i.file.display(), i.path.join("::")));
        }
    }
    edges
}

/// The strongly connected components of more than one module (Tarjan).
fn cycles(nodes: &BTreeSet<String>, edges: &BTreeMap<(String, String), Vec<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<(String, String), Vec<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        let next: Vec<&'a str> = s.edges.keys().filter(|(a, _)| a == v).map(|(_, b)| b.as_str()).collect();
        for w in next {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                s.low.entry(v).and_modify(|l| *l = (*l).min(lw));
            } else if s.stack.contains(&w) {
                let iw = s.index[w];
                s.low.entry(v).and_modify(|l| *l = (*l).min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = s.stack.pop() {
                scc.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                s.found.push(scc);
            }
        }
    }
    let mut s = State { edges, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    let all: BTreeSet<&str> =
        nodes.iter().map(String::as_str).chain(edges.keys().flat_map(|(a, b)| [a.as_str(), b.as_str()])).collect();
    for v in all {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn imports_point_down_the_pipeline_only() {
    let order = documented_order();
    let (imports, modules) = imports();
    assert!(imports.len() > 50, "the reader found only {} imports: it is broken", imports.len());
    let edges = edges(&imports, &modules);
    let mut problems = Vec::new();
    let listed: BTreeSet<String> = order.iter().cloned().collect();
    for m in modules.difference(&listed) {
        problems.push(format!("module `{m}` is not in ARCHITECTURE.md's module order"));
    }
    for m in listed.difference(&modules) {
        problems.push(format!("ARCHITECTURE.md's module order names `{m}`, which src/ does not have"));
    }
    for scc in cycles(&modules, &edges) {
        problems.push(format!("import cycle between {}", scc.join(", ")));
    }
    let rank = |m: &str| order.iter().position(|o| o == m);
    for ((from, to), places) in &edges {
        let upward = match (rank(from), rank(to)) {
            (Some(f), Some(t)) => t > f,
            // The crate root only declares modules and re-exports; nothing imports from it.
            (_, None) => to == "(crate root)",
            (None, Some(_)) => false,
        };
        if upward && to == "(crate root)" {
            problems.push(format!(
                "`{from}` imports from the crate root, which only declares modules: {}",
                places.join("; ")
            ));
        } else if upward {
            problems.push(format!("`{from}` imports `{to}`, which comes after it: {}", places.join("; ")));
        }
    }
    assert!(problems.is_empty(), "imports against ARCHITECTURE.md's module order:\n{}", problems.join("\n"));
}

/// The reader itself: each kind of path it must see.
#[test]
fn the_import_reader_sees_every_form() {
    let text = r#"
        use crate::a::{b, c::d};
        use super::e::*;
        mod inner { use super::super::f; }
        impl crate::g::Trait for X {}
        fn h() { let _ = crate::i::j(); assert!(crate::k::l(1) > 0); }
        pub(crate) fn m() {}
    "#;
    let parsed = syn::parse_file(text).unwrap();
    let mut c = Collector { file: Path::new("x.rs"), module: vec!["top".into(), "sub".into()], imports: Vec::new() };
    c.visit_file(&parsed);
    let targets: Vec<_> = c.imports.iter().map(|i| target(i).unwrap_or_default()).collect();
    assert_eq!(targets, ["a", "a", "top", "top", "g", "i", "k"]);
    let paths: Vec<_> = c.imports.iter().map(|i| i.path.join("::")).collect();
    assert_eq!(paths[4..], ["crate::g::Trait", "crate::i::j", "crate::k::l"]);
}
