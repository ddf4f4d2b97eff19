//! The Markdown templates of an untrusted repository, kept from harming the run.
//!
//! A conventions repository may bring its own tera templates (`convgen.toml`,
//! `[render] templates`), and anyone who opens a pull request controls them. tera has no
//! limits of its own: a template that includes itself or a recursive macro overflows the
//! stack (the process aborts), and loops, string concatenation and `range` take any time and
//! memory. The defences, in order:
//!
//! 1. [`prescan`], on each template file before tera parses it: at most
//!    [`MAX_TEMPLATE_NESTING`] levels of brackets and of block tags, and no tag longer than
//!    [`MAX_TAG_BYTES`], so that the parser, and the dropping of what it built, never recurse
//!    deep;
//! 2. [`secure`], on the parsed set (`Tera.templates`, walked through the public `tera::ast`,
//!    without recursion): no cycle of `include`, `import` and macro calls (a template
//!    including itself, a macro calling itself, directly or through others, is refused
//!    with the cycle named), and `range` replaced by one that refuses more than
//!    [`MAX_RANGE_ITEMS`] items;
//! 3. [`render`]: the templates of a folder are rendered in a child `convgen` process (the
//!    command line's hidden `__render-markdown`), under [`MEMORY_LIMIT_BYTES`] of address
//!    space, [`CPU_LIMIT_SECONDS`] of CPU and [`TIMEOUT`] of wall-clock time, its output
//!    limited to [`MAX_OUTPUT_BYTES`]; whatever a template does, it cannot crash, hang or
//!    exhaust the run, and it is killed with its staging folder on SIGINT/SIGTERM. The
//!    built-in templates (and library users without a child executable) render in this
//!    process, on a thread with a [`STACK_BYTES`] stack, through a writer that stops at
//!    [`MAX_OUTPUT_BYTES`].

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use tera::ast::{Expr, ExprVal, Node};
use tera::{Context, Tera, Value};

use super::child::{self, Limits, RunError};
use super::templates::{AVENANT_MAIN, MARKDOWN_MAIN, TemplateError, Templates};
use crate::view::DocView;

/// Deepest nesting of brackets (`(`, `[`) and of block tags (`if`, `for`, `macro`, `block`,
/// `filter`, `raw`) in one template file. The built-in templates nest 6 deep.
pub const MAX_TEMPLATE_NESTING: usize = 64;
/// Longest tag (`{{ … }}`, `{% … %}`), in bytes. The built-ins' longest is under 200.
pub const MAX_TAG_BYTES: usize = 4096;
/// Most items `range` may produce (`range(end=30000000)` took 3.3 GB before).
pub const MAX_RANGE_ITEMS: usize = 10_000;
/// Longest Markdown document, in bytes: 64 MiB (the largest accepted inputs give a few MiB).
pub const MAX_OUTPUT_BYTES: u64 = 64 * 1024 * 1024;
/// Wall-clock time the repository's templates get for one convention.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Address space of the child process that runs the repository's templates.
pub const MEMORY_LIMIT_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// CPU seconds of that child.
pub const CPU_LIMIT_SECONDS: u64 = 30;
/// Stack of the thread that renders in this process.
pub const STACK_BYTES: usize = 64 * 1024 * 1024;
/// Name of the command-line subcommand that renders in the child process.
pub const CHILD_COMMAND: &str = "__render-markdown";

/// Refuses a template file whose nesting or tags are beyond the limits above, before tera
/// parses it.
pub fn prescan(name: &str, text: &str) -> Result<(), TemplateError> {
    let refuse = |what: String| {
        Err(TemplateError(format!(
            "modèle {name} refusé : {what} ; simplifiez le modèle"
        )))
    };
    let (mut brackets, mut max_brackets) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'(' | b'[' => {
                brackets += 1;
                max_brackets = max_brackets.max(brackets);
            }
            b')' | b']' => brackets = brackets.saturating_sub(1),
            _ => {}
        }
    }
    if max_brackets > MAX_TEMPLATE_NESTING {
        return refuse(format!(
            "plus de {MAX_TEMPLATE_NESTING} parenthèses ou crochets imbriqués"
        ));
    }
    let (mut blocks, mut rest) = (0usize, text);
    while let Some(at) = rest.find('{') {
        let tail = &rest[at..];
        let close = if tail.starts_with("{{") {
            "}}"
        } else if tail.starts_with("{%") {
            "%}"
        } else {
            rest = &tail[1..];
            continue;
        };
        let end = tail.find(close).map_or(tail.len(), |e| e + 2);
        if end > MAX_TAG_BYTES {
            return refuse(format!("une balise de plus de {MAX_TAG_BYTES} octets"));
        }
        if close == "%}" {
            let word = tail[2..end.saturating_sub(2).max(2)]
                .trim_start_matches('-')
                .split_whitespace()
                .next()
                .unwrap_or("");
            if matches!(word, "if" | "for" | "macro" | "block" | "filter" | "raw") {
                blocks += 1;
                if blocks > MAX_TEMPLATE_NESTING {
                    return refuse(format!(
                        "plus de {MAX_TEMPLATE_NESTING} blocs (if, for, macro…) imbriqués"
                    ));
                }
            } else if word.starts_with("end") {
                blocks = blocks.saturating_sub(1);
            }
        }
        rest = &tail[end..];
    }
    Ok(())
}

/// A vertex of the call graph: a template (rendered whole by `include`) or one macro.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Vertex {
    Template(String),
    Macro(String, String),
}

impl Vertex {
    fn describe(&self) -> String {
        match self {
            Vertex::Template(t) => format!("`{t}`"),
            Vertex::Macro(t, m) => format!("la macro `{m}` de `{t}`"),
        }
    }
}

fn fn_args(f: &tera::ast::FunctionCall) -> impl Iterator<Item = &Expr> {
    f.args.values()
}

/// The includes and macro calls found in `nodes` (and their expressions), without recursion.
/// `namespaces` maps an import namespace to its file; `file` is the template of `nodes`.
fn calls(file: &str, nodes: &[Node], namespaces: &HashMap<&str, &str>, out: &mut Vec<Vertex>) {
    let mut nodes: Vec<&Node> = nodes.iter().collect();
    let mut exprs: Vec<&Expr> = Vec::new();
    let mut vals: Vec<&ExprVal> = Vec::new();
    while !(nodes.is_empty() && exprs.is_empty() && vals.is_empty()) {
        if let Some(node) = nodes.pop() {
            match node {
                Node::VariableBlock(_, e) => exprs.push(e),
                Node::Set(_, set) => exprs.push(&set.value),
                Node::FilterSection(_, section, _) => {
                    exprs.extend(fn_args(&section.filter));
                    nodes.extend(section.body.iter());
                }
                Node::Block(_, block, _) => nodes.extend(block.body.iter()),
                Node::Forloop(_, l, _) => {
                    exprs.push(&l.container);
                    nodes.extend(l.body.iter());
                    nodes.extend(l.empty_body.iter().flatten());
                }
                Node::If(i, _) => {
                    for (_, e, body) in &i.conditions {
                        exprs.push(e);
                        nodes.extend(body.iter());
                    }
                    nodes.extend(i.otherwise.iter().flat_map(|(_, b)| b.iter()));
                }
                Node::Include(_, names, _) => {
                    out.extend(names.iter().map(|n| Vertex::Template(n.clone())));
                }
                // Macro bodies are vertices of their own (see `secure`).
                _ => {}
            }
            continue;
        }
        if let Some(e) = exprs.pop() {
            vals.push(&e.val);
            for f in &e.filters {
                exprs.extend(fn_args(f));
            }
            continue;
        }
        if let Some(v) = vals.pop() {
            match v {
                ExprVal::Math(m) => exprs.extend([&*m.lhs, &*m.rhs]),
                ExprVal::Logic(l) => exprs.extend([&*l.lhs, &*l.rhs]),
                ExprVal::In(i) => exprs.extend([&*i.lhs, &*i.rhs]),
                ExprVal::Test(t) => exprs.extend(t.args.iter()),
                ExprVal::FunctionCall(f) => exprs.extend(fn_args(f)),
                ExprVal::Array(items) => exprs.extend(items.iter()),
                ExprVal::StringConcat(c) => vals.extend(c.values.iter()),
                ExprVal::MacroCall(call) => {
                    exprs.extend(call.args.values());
                    let target = if call.namespace == "self" {
                        Some(file)
                    } else {
                        namespaces.get(call.namespace.as_str()).copied()
                    };
                    if let Some(target) = target {
                        out.push(Vertex::Macro(target.to_string(), call.name.clone()));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Refuses a template set whose includes, imports and macro calls form a cycle, and bounds
/// `range` (see the module documentation).
pub fn secure(tera: &mut Tera) -> Result<(), TemplateError> {
    let mut edges: HashMap<Vertex, Vec<Vertex>> = HashMap::new();
    for (name, template) in &tera.templates {
        let namespaces: HashMap<&str, &str> = template
            .imported_macro_files
            .iter()
            .map(|(file, ns)| (ns.as_str(), file.as_str()))
            .collect();
        let mut out = Vec::new();
        calls(name, &template.ast, &namespaces, &mut out);
        // An import renders nothing by itself but makes the imported file's macros reachable;
        // a parent is rendered in place of its child.
        out.extend(template.parent.iter().map(|p| Vertex::Template(p.clone())));
        edges.insert(Vertex::Template(name.clone()), out);
        for (macro_name, definition) in &template.macros {
            let mut out = Vec::new();
            calls(name, &definition.body, &namespaces, &mut out);
            for default in definition.args.values().flatten() {
                calls(
                    name,
                    &[Node::VariableBlock(Default::default(), default.clone())],
                    &namespaces,
                    &mut out,
                );
            }
            edges.insert(Vertex::Macro(name.clone(), macro_name.clone()), out);
        }
    }
    if let Some(cycle) = find_cycle(&edges) {
        let path: Vec<String> = cycle.iter().map(Vertex::describe).collect();
        return Err(TemplateError(format!(
            "modèles refusés : récursivité ({}) ; un modèle ne peut pas s'inclure lui-même ni une macro s'appeler elle-même, même par un détour, car la mise en page n'aurait pas de fin",
            path.join(" → ")
        )));
    }
    tera.register_function("range", bounded_range);
    Ok(())
}

/// A cycle of `edges` (its vertices, the first repeated at the end), found by an iterative
/// depth-first search in a deterministic order.
fn find_cycle(edges: &HashMap<Vertex, Vec<Vertex>>) -> Option<Vec<Vertex>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: HashMap<&Vertex, State> = HashMap::new();
    let mut starts: Vec<&Vertex> = edges.keys().collect();
    starts.sort();
    for start in starts {
        if state.contains_key(start) {
            continue;
        }
        // (vertex, index of the next edge to follow)
        let mut path: Vec<(&Vertex, usize)> = vec![(start, 0)];
        state.insert(start, State::Open);
        while let Some((vertex, next)) = path.last_mut() {
            let targets = edges.get(*vertex).map_or(&[][..], Vec::as_slice);
            if *next >= targets.len() {
                state.insert(*vertex, State::Done);
                path.pop();
                continue;
            }
            let target = &targets[*next];
            *next += 1;
            // Unknown targets (a missing template, a macro of a file not loaded) are tera's
            // own errors at render time.
            let Some((target, _)) = edges.get_key_value(target) else {
                continue;
            };
            match state.get(target) {
                Some(State::Open) => {
                    let from = path.iter().position(|(v, _)| *v == target).unwrap_or(0);
                    let mut cycle: Vec<Vertex> =
                        path[from..].iter().map(|(v, _)| (*v).clone()).collect();
                    cycle.push(target.clone());
                    return Some(cycle);
                }
                Some(State::Done) => {}
                None => {
                    state.insert(target, State::Open);
                    path.push((target, 0));
                }
            }
        }
    }
    None
}

/// tera's `range`, refusing more than [`MAX_RANGE_ITEMS`] items.
fn bounded_range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: u64| -> tera::Result<u64> {
        match args.get(key) {
            None => Ok(default),
            Some(v) => v.as_u64().ok_or_else(|| {
                tera::Error::msg(format!(
                    "`range` : {key} doit être un entier positif, pas {v}"
                ))
            }),
        }
    };
    let start = number("start", 0)?;
    let end = number("end", 0)?;
    let step = number("step_by", 1)?;
    if args.get("end").is_none() {
        return Err(tera::Error::msg("`range` demande `end`"));
    }
    if step == 0 {
        return Err(tera::Error::msg(
            "`range` : step_by doit être supérieur à 0",
        ));
    }
    let count = end.saturating_sub(start).div_ceil(step);
    if count > MAX_RANGE_ITEMS as u64 {
        return Err(tera::Error::msg(format!(
            "`range` produirait {count} éléments (limite {MAX_RANGE_ITEMS})"
        )));
    }
    Ok(Value::Array(
        (start..end)
            .step_by(step as usize)
            .map(Value::from)
            .collect(),
    ))
}

/// A writer that refuses to grow past [`MAX_OUTPUT_BYTES`].
struct Bounded(Vec<u8>);

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() as u64 + buf.len() as u64 > MAX_OUTPUT_BYTES {
            return Err(std::io::Error::other(format!(
                "document Markdown de plus de {MAX_OUTPUT_BYTES} octets"
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders the main template with `context` in this process, on a thread with a
/// [`STACK_BYTES`] stack, its output bounded.
pub fn render_here(tera: &Tera, context: &Context) -> Result<String, TemplateError> {
    // An avenant has its own main template (in the built-ins); a convention the usual one.
    let is_avenant = context.get("kind").and_then(|k| k.as_str()) == Some("avenant");
    let main = if is_avenant && tera.get_template_names().any(|n| n == AVENANT_MAIN) {
        AVENANT_MAIN
    } else {
        MARKDOWN_MAIN
    };
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("convgen-markdown".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || {
                let mut out = Bounded(Vec::new());
                tera.render_to(main, context, &mut out)
                    .map(|()| out.0)
                    .map_err(|e| {
                        TemplateError(format!("{main} : {}", super::markdown::describe(&e)))
                    })
            })
            .map_err(|e| TemplateError(format!("mise en page impossible : {e}")))?
            .join()
            .map_err(|_| TemplateError("la mise en page Markdown a échoué".into()))?
    })?;
    let text = String::from_utf8(result).map_err(|_| {
        TemplateError("le modèle a produit un texte qui n'est pas de l'UTF-8".into())
    })?;
    Ok(super::markdown::tidy(&text))
}

/// The Markdown document of one convention: in a child process when the templates come from a
/// folder and [`Templates::isolate`] names the convgen executable, in this process otherwise.
pub fn render(templates: &Templates, view: &DocView) -> Result<String, TemplateError> {
    let (Some(exe), Some(dir)) = (&templates.isolate, &templates.dir) else {
        let tera = templates.markdown.as_ref().ok_or_else(|| {
            TemplateError("modèles Markdown non chargés (Templates::load sans Markdown)".into())
        })?;
        return render_here(tera, &super::markdown::context(view)?);
    };
    let context = super::markdown::context(view)?.into_json();
    let input = serde_json::to_vec(&context).map_err(|e| TemplateError(e.to_string()))?;
    let mut cmd = Command::new(exe);
    cmd.arg(CHILD_COMMAND).arg(dir);
    let limits = Limits {
        memory_bytes: MEMORY_LIMIT_BYTES,
        cpu_seconds: CPU_LIMIT_SECONDS,
        max_stdout_bytes: MAX_OUTPUT_BYTES,
        timeout: TIMEOUT,
        complete: None,
        // Limited from its first instruction: it reads the repository's templates itself.
        limited_before_input: false,
    };
    let shown = dir.display();
    let finished = child::run_limited(&mut cmd, &limits, Some(input)).map_err(|e| {
        TemplateError(match e {
            RunError::Timeout(t) => format!(
                "les modèles de {shown} n'ont pas fini en {} s : la mise en page a été arrêtée (boucle trop longue ?)",
                t.as_secs()
            ),
            e => format!("les modèles de {shown} n'ont pas pu être exécutés : {e}"),
        })
    })?;
    if !finished.status.success() {
        let said = String::from_utf8_lossy(&finished.stderr).trim().to_string();
        return Err(TemplateError(if said.is_empty() {
            format!(
                "les modèles de {shown} ont fait échouer la mise en page ({}) : mémoire, temps ou pile dépassés",
                finished.status
            )
        } else {
            said
        }));
    }
    if finished.stdout_truncated {
        return Err(TemplateError(format!(
            "document Markdown de plus de {MAX_OUTPUT_BYTES} octets"
        )));
    }
    String::from_utf8(finished.stdout)
        .map_err(|_| TemplateError("le modèle a produit un texte qui n'est pas de l'UTF-8".into()))
}

/// The child side of [`render`]: reads the template context (JSON) on standard input, renders it with the
/// templates of `dir` and writes the document on standard output; the exit code is 0, or 1
/// with the reason on standard error.
pub fn child_main(dir: &Path) -> i32 {
    let result = (|| {
        let mut input = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut input)
            .map_err(|e| TemplateError(e.to_string()))?;
        let value: Value =
            serde_json::from_slice(&input).map_err(|e| TemplateError(e.to_string()))?;
        let context =
            Context::from_value(value).map_err(|e| TemplateError(super::markdown::describe(&e)))?;
        let templates = Templates::load(Some(dir), true)?;
        let tera = templates
            .markdown
            .as_ref()
            .ok_or_else(|| TemplateError("modèles Markdown non chargés".into()))?;
        render_here(tera, &context)
    })();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    match result {
        Ok(text) => match stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush())
        {
            Ok(()) => 0,
            Err(_) => 1,
        },
        Err(e) => {
            let _ = writeln!(stderr, "{e}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> Result<Tera, TemplateError> {
        let mut tera = Tera::default();
        for (name, text) in files {
            prescan(name, text)?;
            tera.add_raw_template(name, text)
                .map_err(|e| TemplateError(e.to_string()))?;
        }
        secure(&mut tera)?;
        Ok(tera)
    }

    #[test]
    fn cycles_are_refused_and_named() {
        let e = set(&[("a", "{% include \"a\" %}")]).err().unwrap();
        assert!(e.0.contains("récursivité (`a` → `a`)"), "{}", e.0);
        let e = set(&[
            ("m", "{% macro f() %}{{ self::g() }}{% endmacro f %}{% macro g() %}{% if true %}{{ self::f() }}{% endif %}{% endmacro g %}"),
            ("a", "{% import \"m\" as m %}{{ m::f() }}"),
        ])
        .err()
        .unwrap();
        assert!(e.0.contains("la macro `f` de `m`"), "{}", e.0);
        let e = set(&[
            ("x", "{% for i in [1] %}{% include \"y\" %}{% endfor %}"),
            ("y", "{{ 1 ~ \"a\" | default(value=2) }}{% include \"x\" %}"),
        ])
        .err()
        .unwrap();
        assert!(e.0.contains("récursivité"), "{}", e.0);
        // No cycle: a macro called twice, a template included twice.
        set(&[
            ("m", "{% macro f(x) %}{{ x }}{% endmacro f %}"),
            (
                "a",
                "{% import \"m\" as m %}{{ m::f(x=1) }}{{ m::f(x=2) }}{% include \"b\" %}{% include \"b\" %}",
            ),
            ("b", "b"),
        ])
        .unwrap();
    }

    #[test]
    fn the_builtins_pass() {
        let mut tera = Tera::default();
        for (name, text) in super::super::templates::BUILTIN_MARKDOWN {
            prescan(name, text).unwrap();
            tera.add_raw_template(name, text).unwrap();
        }
        secure(&mut tera).unwrap();
    }

    #[test]
    fn nesting_and_long_tags_are_refused_before_parsing() {
        let deep = format!("{{{{ {}1{} }}}}", "(".repeat(65), ")".repeat(65));
        assert!(prescan("t", &deep).is_err());
        let ifs = format!(
            "{}x{}",
            "{% if true %}".repeat(65),
            "{% endif %}".repeat(65)
        );
        assert!(prescan("t", &ifs).is_err());
        let long = format!("{{{{ {} }}}}", "1 + ".repeat(2000) + "1");
        assert!(prescan("t", &long).is_err());
        let ok = format!(
            "{}x{}",
            "{% if true %}".repeat(64),
            "{% endif %}".repeat(64)
        );
        assert!(prescan("t", &ok).is_ok());
    }

    #[test]
    fn range_and_output_are_bounded() {
        let tera = set(&[(
            MARKDOWN_MAIN,
            "{% for i in range(end=10000) %}x{% endfor %}",
        )])
        .unwrap();
        assert_eq!(
            render_here(&tera, &Context::new()).unwrap().trim().len(),
            10_000
        );
        let tera = set(&[(MARKDOWN_MAIN, "{% for i in range(end=10001) %}{% endfor %}")]).unwrap();
        let e = render_here(&tera, &Context::new()).unwrap_err();
        assert!(e.0.contains("limite 10000"), "{}", e.0);
        let tera = set(&[(
            MARKDOWN_MAIN,
            "{% for a in range(end=10000) %}{% for b in range(end=10000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
        )])
        .unwrap();
        let e = render_here(&tera, &Context::new()).unwrap_err();
        assert!(e.0.contains("octets"), "{}", e.0);
    }
}
