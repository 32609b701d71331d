//! What a template may do. Templates are the agency's own wording, loaded from a folder, so they
//! are checked when loaded and bounded when rendered:
//! - they see only the report's data: no function that reaches outside it (Tera's `get_env`
//!   would put `BAOCAO_SMTP_PASSWORD` into the PDF), only [`FUNCTIONS`];
//! - no macro or include calls itself, directly or through others (a recursive macro overflows the
//!   stack and kills the process);
//! - `range` makes at most [`MAX_RANGE`] numbers a call and [`MAX_RANGE_TOTAL`] in one rendering
//!   (Tera's own allocates whatever it is asked for and never ends with `step_by=0`);
//! - a rendering writes at most [`MAX_OUTPUT_BYTES`] ([`Bounded`]);
//! - blocks and expressions nest at most [`MAX_NESTING`] deep, checked in the text before Tera
//!   parses it (2,000 nested `{% if %}` overflowed the stack and aborted the process).

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

use crate::messages::tr;

/// The functions a template may call.
pub const FUNCTIONS: &[&str] = &["range", "throw"];
/// The most numbers one `range` call makes.
pub const MAX_RANGE: usize = 100_000;
/// The most numbers all `range` calls of one rendering make (a loop in a loop is a product).
pub const MAX_RANGE_TOTAL: usize = 1_000_000;
/// The most bytes one rendering of a template writes (the body of a 10,000-system report is a
/// few MiB).
pub const MAX_OUTPUT_BYTES: usize = 128 * 1024 * 1024;

/// The deepest blocks (`if`, `for`, `macro`, …) and brackets may nest in a template.
pub const MAX_NESTING: usize = 64;

/// The text of a template nests its blocks and its expressions' brackets at most [`MAX_NESTING`]
/// deep; `Err` says where it goes deeper. Read before Tera parses the text, whose parser and
/// renderer recurse once a level.
pub fn nesting(text: &str) -> Result<(), String> {
    const OPEN: &[&str] = &["if", "for", "macro", "block", "filter", "raw"];
    let mut blocks = 0usize;
    let mut rest = text;
    let mut offset = 0;
    let line_at = |at: usize| text[..at].matches('\n').count() + 1;
    while let Some(start) = rest.find(['{']) {
        let tail = &rest[start..];
        let close = if tail.starts_with("{%") {
            "%}"
        } else if tail.starts_with("{{") {
            "}}"
        } else {
            offset += start + 1;
            rest = &rest[start + 1..];
            continue;
        };
        let end = tail.find(close).map_or(tail.len(), |e| e + close.len());
        let tag = &tail[2..end.saturating_sub(2).max(2)];
        let at = offset + start;
        // brackets within the tag or the expression
        let mut depth = 0usize;
        for c in tag.chars() {
            match c {
                '(' | '[' | '{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(tr!(
                            "brackets nested more than {max} deep at line {line}",
                            max = MAX_NESTING,
                            line = line_at(at)
                        ));
                    }
                }
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if close == "%}" {
            let word = tag.trim_start_matches('-').split_whitespace().next().unwrap_or("");
            if OPEN.contains(&word) {
                blocks += 1;
                if blocks > MAX_NESTING {
                    return Err(tr!(
                        "blocks nested more than {max} deep at line {line}",
                        max = MAX_NESTING,
                        line = line_at(at)
                    ));
                }
            } else if word.strip_prefix("end").is_some_and(|w| OPEN.contains(&w)) {
                blocks = blocks.saturating_sub(1);
            }
        }
        offset += start + end;
        rest = &rest[start + end..];
    }
    Ok(())
}

thread_local! {
    /// Numbers `range` may still make in the rendering under way on this thread.
    static RANGE_LEFT: Cell<usize> = const { Cell::new(MAX_RANGE_TOTAL) };
}

/// Starts the budgets of a rendering on this thread.
pub fn start_rendering() {
    RANGE_LEFT.with(|c| c.set(MAX_RANGE_TOTAL));
}

/// Registers the bounded functions over Tera's: `range`, and `get_env` refusing (the load-time
/// check refuses it first; this is the second lock).
pub fn register(tera: &mut Tera) {
    tera.register_function("range", range);
    tera.register_function("get_env", |_: &HashMap<String, Value>| -> tera::Result<Value> {
        Err(tera::Error::msg(tr!("get_env is not available: a template sees only the report's data")))
    });
}

fn number(args: &HashMap<String, Value>, key: &str, default: Option<usize>) -> tera::Result<usize> {
    match args.get(key) {
        Some(v) => v
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| tera::Error::msg(tr!("range: {key}={value} is not a whole number ≥ 0", key, value = v))),
        None => default.ok_or_else(|| tera::Error::msg(tr!("range: {key} is required", key))),
    }
}

/// Tera's `range(start=0, end, step_by=1)`, bounded.
fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let start = number(args, "start", Some(0))?;
    let end = number(args, "end", None)?;
    let step = number(args, "step_by", Some(1))?;
    if step == 0 {
        return Err(tera::Error::msg(tr!("range: step_by=0 never ends")));
    }
    if start > end {
        return Err(tera::Error::msg(tr!("range: start={start} is greater than end={end}", start, end)));
    }
    let n = (end - start).div_ceil(step);
    if n > MAX_RANGE {
        return Err(tera::Error::msg(tr!("range: {n} numbers; the limit is {max} a call", n, max = MAX_RANGE)));
    }
    let left = RANGE_LEFT.with(Cell::get);
    if n > left {
        return Err(tera::Error::msg(tr!(
            "range: the template's ranges make more than {max} numbers in all",
            max = MAX_RANGE_TOTAL
        )));
    }
    RANGE_LEFT.with(|c| c.set(left - n));
    Ok(Value::Array((start..end).step_by(step).map(|i| Value::from(i as u64)).collect()))
}

/// A writer that takes at most [`MAX_OUTPUT_BYTES`], then fails (Tera stops rendering).
#[derive(Default)]
pub struct Bounded {
    /// What was written.
    pub bytes: Vec<u8>,
    /// The limit was passed.
    pub over: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT_BYTES {
            self.over = true;
            return Err(std::io::Error::other("the output limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Something a template calls.
enum Call<'a> {
    Function(&'a str),
    Macro { namespace: &'a str, name: &'a str },
    Include(&'a [String]),
}

fn expr<'a>(e: &'a Expr, f: &mut dyn FnMut(Call<'a>)) {
    for filter in &e.filters {
        filter.args.values().for_each(|a| expr(a, f));
    }
    value(&e.val, f);
}

fn value<'a>(v: &'a ExprVal, f: &mut dyn FnMut(Call<'a>)) {
    match v {
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) | ExprVal::Ident(_) => {}
        ExprVal::Math(m) => {
            expr(&m.lhs, f);
            expr(&m.rhs, f);
        }
        ExprVal::Logic(l) => {
            expr(&l.lhs, f);
            expr(&l.rhs, f);
        }
        ExprVal::In(i) => {
            expr(&i.lhs, f);
            expr(&i.rhs, f);
        }
        ExprVal::Test(t) => t.args.iter().for_each(|a| expr(a, f)),
        ExprVal::MacroCall(m) => {
            f(Call::Macro { namespace: &m.namespace, name: &m.name });
            m.args.values().for_each(|a| expr(a, f));
        }
        ExprVal::FunctionCall(c) => {
            f(Call::Function(&c.name));
            c.args.values().for_each(|a| expr(a, f));
        }
        ExprVal::Array(items) => items.iter().for_each(|a| expr(a, f)),
        ExprVal::StringConcat(s) => s.values.iter().for_each(|v| value(v, f)),
    }
}

fn nodes<'a>(body: &'a [Node], f: &mut dyn FnMut(Call<'a>)) {
    for n in body {
        match n {
            Node::VariableBlock(_, e) => expr(e, f),
            Node::Set(_, s) => expr(&s.value, f),
            Node::Include(_, names, _) => f(Call::Include(names)),
            Node::FilterSection(_, s, _) => {
                s.filter.args.values().for_each(|a| expr(a, f));
                nodes(&s.body, f);
            }
            Node::Block(_, b, _) => nodes(&b.body, f),
            Node::Forloop(_, l, _) => {
                expr(&l.container, f);
                nodes(&l.body, f);
                if let Some(empty) = &l.empty_body {
                    nodes(empty, f);
                }
            }
            Node::If(i, _) => {
                for (_, e, body) in &i.conditions {
                    expr(e, f);
                    nodes(body, f);
                }
                if let Some((_, body)) = &i.otherwise {
                    nodes(body, f);
                }
            }
            // macro bodies are walked on their own, as the graph's nodes
            Node::MacroDefinition(..)
            | Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

/// Checks every template of `tera`: the functions it calls, and that no macro or include reaches
/// itself. `Err((template, message))`.
pub fn check(tera: &Tera) -> Result<(), (String, String)> {
    // the graph: a template's body is (name, ""), a macro (name, macro)
    let mut edges: BTreeMap<(String, String), Vec<(String, String)>> = BTreeMap::new();
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    for name in names {
        let tpl = &tera.templates[name];
        let mut bodies: Vec<(&str, &[Node])> = vec![("", &tpl.ast)];
        let mut macros: Vec<_> = tpl.macros.iter().collect();
        macros.sort_by_key(|(k, _)| k.as_str());
        bodies.extend(macros.into_iter().map(|(m, def)| (m.as_str(), def.body.as_slice())));
        for (m, body) in bodies {
            let mut calls = Vec::new();
            let mut refused = None;
            nodes(body, &mut |call| match call {
                Call::Function(fun) if !FUNCTIONS.contains(&fun) => {
                    refused.get_or_insert_with(|| fun.to_owned());
                }
                Call::Function(_) => {}
                Call::Macro { namespace, name: callee } => {
                    let file = if namespace == "self" {
                        Some(name.clone())
                    } else {
                        tpl.imported_macro_files.iter().find(|(_, ns)| ns == namespace).map(|(f, _)| f.clone())
                    };
                    if let Some(file) = file {
                        calls.push((file, callee.to_owned()));
                    }
                }
                Call::Include(files) => calls.extend(files.iter().map(|f| (f.clone(), String::new()))),
            });
            if let Some(fun) = refused {
                return Err((
                    name.clone(),
                    tr!(
                        "the function {fun} is not available: a template sees only the report's data (functions: {functions})",
                        fun,
                        functions = FUNCTIONS.join(", ")
                    ),
                ));
            }
            edges.insert((name.clone(), m.to_owned()), calls);
        }
    }
    // a cycle, found depth first
    let mut state: HashMap<&(String, String), u8> = HashMap::new(); // 1 on the path, 2 done
    fn visit<'g>(
        node: &'g (String, String),
        edges: &'g BTreeMap<(String, String), Vec<(String, String)>>,
        state: &mut HashMap<&'g (String, String), u8>,
        path: &mut Vec<&'g (String, String)>,
    ) -> Option<Vec<&'g (String, String)>> {
        match state.get(node) {
            Some(2) => return None,
            Some(_) => {
                let from = path.iter().position(|n| *n == node).unwrap_or(0);
                let mut cycle = path[from..].to_vec();
                cycle.push(node);
                return Some(cycle);
            }
            None => {}
        }
        state.insert(node, 1);
        path.push(node);
        for next in edges.get(node).into_iter().flatten() {
            let Some((key, _)) = edges.get_key_value(next) else { continue };
            if let Some(cycle) = visit(key, edges, state, path) {
                return Some(cycle);
            }
        }
        path.pop();
        state.insert(node, 2);
        None
    }
    for node in edges.keys() {
        if let Some(cycle) = visit(node, &edges, &mut state, &mut Vec::new()) {
            let shown: Vec<String> =
                cycle.iter().map(|(t, m)| if m.is_empty() { t.clone() } else { format!("{t}::{m}") }).collect();
            return Err((
                cycle[0].0.clone(),
                tr!(
                    "{first} calls itself ({cycle}); macros and includes may not call themselves, directly or through others",
                    first = shown[0],
                    cycle = shown.join(" → ")
                ),
            ));
        }
    }
    Ok(())
}
