//! A REPL session: variables, settings, and the statements a person or a script types.
//!
//! Statements are `name = expr`, a bare `expr` (printed), or a `:command`. Expressions are numjit's
//! language plus constructors that make new arrays (`linspace`, `arange`, `zeros`, `ones`, `rand`,
//! `randn`, `load("file.npy")`): the session evaluates those first and hands the expression, with each
//! constructor replaced by a temporary variable, to the library. Everything goes through numjit's public
//! API.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use ndarray::{ArrayD, IxDyn};
use numjit::{DType, DynArray, ErrorKind, Kernel, Options, Precision, Span, Vars};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{construct, npy, plot, show};

/// The REPL's commands, with their help lines.
pub const COMMANDS: &[(&str, &str)] = &[
    (":help [NAME]", "this help, or a function's, constructor's or command's (help(NAME) too)"),
    (":vars", "list variables: name, dtype, shape, bytes (:who too)"),
    (":time [NAME =] EXPR", "run EXPR repeatedly; print the min and median time (and keep the result)"),
    (":threads N", "use N threads (0 for one per core)"),
    (":precision high|fast", "math functions within 1 ulp (high, the default) or 4 (fast)"),
    (":ir [NAME =] EXPR", "the typed IR of EXPR after optimization"),
    (":clif [NAME =] EXPR", "the Cranelift IR of EXPR's kernel"),
    (":asm [NAME =] EXPR", "the machine code of EXPR's kernel, disassembled"),
    (":plot EXPR", "a line plot of a 1-d result"),
    (":hist EXPR", "a histogram of a result"),
    (":save NAME|EXPR FILE.npy", "write a variable or a result to a .npy file (quotes optional)"),
    (":seed N", "reseed rand() and randn()"),
    (":reset", "forget every variable and reload the demo data"),
    (":quit", "leave (:q, :exit, exit, quit, Ctrl-D too)"),
];

/// What the REPL takes besides expressions and commands, for `:help`.
pub const STATEMENTS: &[(&str, &str)] = &[
    ("NAME = EXPR", "keep a result"),
    ("EXPR", "print a result; `_` is the last one printed"),
    ("NAME.shape, .dtype, .ndim, .size, .nbytes, len(NAME)", "about a variable"),
    ("del NAME[, NAME...]", "forget variables"),
    ("help(NAME)", "what a function or constructor does"),
    ("# ...", "a comment, to the end of the line"),
];

pub use crate::construct::CONSTRUCTORS;

/// The one line that announces the demo data.
pub const DEMO: &str = "demo data: a, b, c = rand(1000000) float64; x = 200000x5 int64 in [0, 10). :help for help";

/// What a statement produced, for the caller to print.
pub enum Reply {
    Nothing,
    Text(String),
    Quit,
}

/// An expression ready to run: its kernel, and the temporaries its constructors made.
struct Prepared {
    kernel: Kernel,
    /// How long compiling took, if this was the expression's first use.
    compile: Option<Duration>,
    temps: Vec<(String, DynArray)>,
}

impl Prepared {
    fn vars<'a>(&'a self, session: &'a BTreeMap<String, DynArray>) -> Vars<'a> {
        let mut vars = Vars::new();
        for (n, a) in session.iter().chain(self.temps.iter().map(|(n, a)| (n, a))) {
            vars.insert(n.as_str(), a);
        }
        vars
    }
}

/// How long compiling and running took.
pub struct Timing {
    compile: Option<Duration>,
    run: Duration,
}

pub struct Session {
    pub vars: BTreeMap<String, DynArray>,
    pub opts: Options,
    rng: StdRng,
    kernels: HashMap<(String, Vec<(String, DType)>), Kernel>,
    /// Whether a bare expression's result shows how long it took (at a terminal; a script's output
    /// holds results only).
    pub timings: bool,
}

impl Session {
    pub fn new() -> Session {
        let cancel = Arc::new(AtomicBool::new(false));
        let opts = Options { cancel: Some(cancel), ..Options::default() };
        let mut s = Session {
            vars: BTreeMap::new(),
            opts,
            rng: StdRng::seed_from_u64(0),
            kernels: HashMap::new(),
            timings: false,
        };
        s.demo();
        s
    }

    /// The flag that cancels a running evaluation (set from the Ctrl-C handler).
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.opts.cancel.clone().expect("sessions have a cancel flag")
    }

    fn demo(&mut self) {
        let mut rng = StdRng::seed_from_u64(42);
        for name in ["a", "b", "c"] {
            let v: Vec<f64> = (0..1_000_000).map(|_| rng.gen::<f64>()).collect();
            self.vars.insert(name.into(), ArrayD::from_shape_vec(IxDyn(&[1_000_000]), v).unwrap().into());
        }
        let x: Vec<i64> = (0..1_000_000).map(|_| rng.gen_range(0..10)).collect();
        self.vars.insert("x".into(), ArrayD::from_shape_vec(IxDyn(&[200_000, 5]), x).unwrap().into());
    }

    /// Names for completion: variables, functions, constructors and commands.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.vars.keys().cloned().collect();
        names.extend(numjit::functions().map(|f| f.name.to_owned()));
        names.extend(CONSTRUCTORS.iter().map(|c| c.0.to_owned()));
        names.extend(numjit::constants().map(|c| c.0.to_owned()));
        names.extend(COMMANDS.iter().map(|c| c.0.split(' ').next().unwrap().to_owned()));
        // Keyword arguments complete with their `=`.
        let keywords = numjit::functions().flat_map(|f| f.keywords.iter().copied());
        names.extend(keywords.chain(crate::construct::KEYWORDS.iter().copied()).map(|k| format!("{k}=")));
        names.sort();
        names.dedup();
        names
    }

    /// Runs one statement.
    pub fn run(&mut self, line: &str) -> Result<Reply> {
        let line = strip_comment(line).trim();
        if line.is_empty() {
            return Ok(Reply::Nothing);
        }
        if let Some(cmd) = line.strip_prefix(':') {
            return self.command(cmd);
        }
        if matches!(line, "exit" | "quit" | "exit()" | "quit()") {
            return Ok(Reply::Quit);
        }
        if line == "del" {
            bail!("usage: del NAME[, NAME...]");
        }
        if let Some(names) = line.strip_prefix("del ") {
            return self.delete(names);
        }
        if let Some(text) = self.about(line)? {
            return Ok(Reply::Text(text));
        }
        if let Some((name, expr)) = assignment(line) {
            let (value, _) = self.eval(expr)?;
            self.vars.insert(name.to_owned(), value);
            return Ok(Reply::Nothing);
        }
        let (value, t) = self.eval(line)?;
        let text = describe(&value, self.timings.then_some(&t));
        // `_` is the last result printed, as in Python's REPL.
        self.vars.insert("_".to_owned(), value);
        Ok(Reply::Text(text))
    }

    /// `del a, b`: forgets the variables (all or none).
    fn delete(&mut self, names: &str) -> Result<Reply> {
        let names: Vec<&str> = names.split(',').map(str::trim).collect();
        if names.iter().any(|n| n.is_empty()) {
            bail!("usage: del NAME[, NAME...]");
        }
        if let Some(missing) = names.iter().find(|n| !self.vars.contains_key(**n)) {
            bail!("del: no variable `{missing}`");
        }
        for n in names {
            self.vars.remove(n);
        }
        Ok(Reply::Nothing)
    }

    /// `help(NAME)`, `help()`, `NAME.shape` and the like, `len(NAME)`; `None` for other statements.
    fn about(&self, line: &str) -> Result<Option<String>> {
        if line == "help" || line == "help()" {
            return Ok(Some(help()));
        }
        if let Some(name) = line.strip_prefix("help(").and_then(|r| r.strip_suffix(')')) {
            return topic_help(name.trim()).map(Some);
        }
        let var = |name: &str| self.vars.get(name.trim());
        if let Some(a) = line.strip_prefix("len(").and_then(|r| r.strip_suffix(')')).and_then(var) {
            return match a.shape().first() {
                Some(n) => Ok(Some(n.to_string())),
                None => bail!("len() of a 0-d array"),
            };
        }
        let Some((name, attr)) = line.split_once('.') else { return Ok(None) };
        let Some(a) = var(name) else { return Ok(None) };
        Ok(match attr.trim() {
            "shape" => Some(show::shape(a.shape())),
            "dtype" => Some(a.dtype().to_string()),
            "ndim" => Some(a.shape().len().to_string()),
            "size" => Some(a.len().to_string()),
            "nbytes" => Some((a.len() * a.dtype().size()).to_string()),
            "T" | "real" | "imag" | "sum()" | "mean()" => None,
            other => bail!("a variable here has .shape, .dtype, .ndim, .size and .nbytes, not `.{other}`"),
        })
    }

    fn command(&mut self, cmd: &str) -> Result<Reply> {
        let (name, rest) = cmd.split_once(char::is_whitespace).unwrap_or((cmd, ""));
        let rest = rest.trim();
        self.command_with(name, rest).map_err(|e| match e.downcast::<BadPart>() {
            // The command line with a caret under its name or its argument (after the name when it has none).
            Ok(bad) => {
                let (at, len) = match bad.part {
                    Part::Name => (1, name.chars().count()),
                    Part::Argument if rest.is_empty() => (1 + name.chars().count() + 1, 1),
                    Part::Argument => (1 + cmd[..offset(cmd, rest)].chars().count(), rest.chars().count()),
                };
                anyhow!("{}\n  :{cmd}\n  {}{}", bad.message, " ".repeat(at), "^".repeat(len))
            }
            Err(e) => attach(e, rest),
        })
    }

    fn command_with(&mut self, name: &str, rest: &str) -> Result<Reply> {
        let text = match name {
            "help" | "h" | "?" if rest.is_empty() => help(),
            "help" | "h" | "?" => topic_help(rest)?,
            "quit" | "q" | "exit" => return Ok(Reply::Quit),
            "vars" | "who" => self.list_vars(),
            "reset" => {
                self.vars.clear();
                self.kernels.clear();
                self.demo();
                DEMO.to_owned()
            }
            "seed" => {
                let n: u64 = rest
                    .parse()
                    .map_err(|_| BadPart::argument(format!("`:seed N` needs a whole number, not `{rest}`")))?;
                self.rng = StdRng::seed_from_u64(n);
                String::new()
            }
            "threads" if rest.is_empty() => match self.opts.threads {
                Some(n) => format!("threads: {n}"),
                None => "threads: one per core".to_owned(),
            },
            "threads" => {
                let n: usize = rest.parse().map_err(|_| {
                    BadPart::argument(format!("`:threads N` needs a whole number (0: one per core), not `{rest}`"))
                })?;
                self.opts.threads = if n == 0 { None } else { Some(n) };
                let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
                let warning = if n > cores {
                    format!(" (warning: this machine has {cores} cores; more threads than cores only share them)")
                } else {
                    String::new()
                };
                format!("threads: {}{warning}", if n == 0 { "one per core".to_owned() } else { n.to_string() })
            }
            "precision" => {
                if !rest.is_empty() {
                    let p = Precision::from_name(rest).ok_or_else(|| {
                        BadPart::argument(format!(
                            "`:precision` takes `high` (within 1 ulp) or `fast` (4), not `{rest}`"
                        ))
                    })?;
                    self.opts.precision = p;
                    // Kernels keep the precision they were compiled at.
                    self.kernels.clear();
                }
                let p = self.opts.precision;
                format!("precision: {} (math functions within {} ulp)", p.name(), p.max_ulps())
            }
            "time" => {
                // `:time y = expr` times the expression and keeps its result.
                let (name, expr) = assignment(rest).map_or((None, rest), |(n, e)| (Some(n), e));
                let at = offset(rest, expr);
                let (text, out) = self.time(expr).map_err(|e| shifted(e, at))?;
                if let Some(name) = name {
                    self.vars.insert(name.to_owned(), out);
                }
                text
            }
            "ir" | "clif" | "asm" => {
                let expr = assignment(rest).map_or(rest, |(_, e)| e);
                let at = offset(rest, expr);
                let kernel = self.prepare(expr).map_err(|e| shifted(e, at))?.kernel;
                match name {
                    "ir" => kernel.ir(),
                    "clif" => kernel.listing()?.clif,
                    _ => disassemble(&kernel.listing()?),
                }
            }
            "plot" => plot::line(&self.eval(rest)?.0)?,
            "hist" => plot::histogram(&self.eval(rest)?.0)?,
            "save" => {
                let (what, file) =
                    split_path(rest).ok_or_else(|| BadPart::argument("usage: :save NAME|EXPR FILE.npy"))?;
                match self.vars.get(what) {
                    Some(a) => npy::save(Path::new(file), a)?,
                    None => npy::save(Path::new(file), &self.eval_raw(what)?.0)?,
                }
                format!("saved {what} to {file}")
            }
            _ => {
                let known = COMMANDS.iter().map(|c| c.0[1..].split(' ').next().unwrap_or_default());
                let hint = numjit::did_you_mean(name, known.chain(["who", "exit"]))
                    .map_or_else(|| "; :help lists them".to_owned(), |c| format!("; did you mean `:{c}`?"));
                return Err(BadPart { part: Part::Name, message: format!("unknown command `:{name}`{hint}") }.into());
            }
        };
        Ok(if text.is_empty() { Reply::Nothing } else { Reply::Text(text) })
    }

    fn list_vars(&self) -> String {
        let mut out = format!("{:<12} {:<8} {:<16} {:>12}\n", "name", "dtype", "shape", "bytes");
        for (name, a) in &self.vars {
            let bytes = a.len() * a.dtype().size();
            let _ = writeln!(out, "{name:<12} {:<8} {:<16} {bytes:>12}", a.dtype().to_string(), show::shape(a.shape()));
        }
        out.trim_end().to_owned()
    }

    /// The expression with constructors replaced by temporaries, and its kernel (compiled if new).
    fn prepare(&mut self, expr: &str) -> Result<Prepared> {
        if expr.is_empty() {
            bail!("this command needs an expression");
        }
        let (text, temps) = self.constructors(expr)?;
        let mut sig: Vec<(String, DType)> = self.vars.iter().map(|(n, a)| (n.clone(), a.dtype())).collect();
        sig.extend(temps.iter().map(|(n, a)| (n.clone(), a.dtype())));
        let key = (text.clone(), sig);
        if let Some(kernel) = self.kernels.get(&key) {
            return Ok(Prepared { kernel: kernel.clone(), compile: None, temps });
        }
        let t = Instant::now();
        let sig_ref: Vec<(&str, DType)> = key.1.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let kernel = numjit::compile_with(&text, &sig_ref, &self.opts)?;
        let compile = Some(t.elapsed());
        self.kernels.insert(key, kernel.clone());
        Ok(Prepared { kernel, compile, temps })
    }

    /// Evaluates an expression (constructors included).
    pub fn eval(&mut self, expr: &str) -> Result<(DynArray, Timing)> {
        self.eval_raw(expr).map_err(|e| attach(e, expr))
    }

    /// `eval` with errors that point into `expr` but do not hold it.
    fn eval_raw(&mut self, expr: &str) -> Result<(DynArray, Timing)> {
        if let Some(a) = self.alone(expr)? {
            return Ok((a, Timing { compile: None, run: Duration::ZERO }));
        }
        let p = self.prepare(expr)?;
        let vars = p.vars(&self.vars);
        self.cancel_flag().store(false, Ordering::Relaxed);
        let t = Instant::now();
        let out = p.kernel.eval_with(&vars, &self.opts)?;
        Ok((out, Timing { compile: p.compile, run: t.elapsed() }))
    }

    /// The array an expression that is only a `load(...)` call, or only a variable of byte strings, stands
    /// for: read as it is (expressions only compare and search byte strings, so `s = load('s.npy')` and
    /// `s` are taken here).
    fn alone(&self, expr: &str) -> Result<Option<DynArray>> {
        let (lead, t) = (expr.len() - expr.trim_start().len(), expr.trim());
        if let Some(a) = self.vars.get(t).filter(|a| a.dtype().is_bytes()) {
            return Ok(Some(a.clone()));
        }
        match construct::next_load(t, 0)? {
            Some(call) if call.span.start == 0 && call.span.end == t.len() => {
                let quoted = Span::new(lead + call.path.start - 1, lead + call.path.end + 1);
                let array = npy::load(Path::new(&t[call.path.start..call.path.end]))
                    .map_err(|e| construct::error_at(quoted, ErrorKind::Input { message: format!("{e:#}") }))?;
                Ok(Some(array))
            }
            _ => Ok(None),
        }
    }

    /// `:time EXPR`: runs into one reused output until about a second has passed (3 to 1000 runs); the
    /// text, and the result.
    fn time(&mut self, expr: &str) -> Result<(String, DynArray)> {
        let p = self.prepare(expr)?;
        let vars = p.vars(&self.vars);
        self.cancel_flag().store(false, Ordering::Relaxed);
        let run = |out: Option<&mut DynArray>| -> Result<Option<DynArray>> {
            match out {
                Some(out) => p.kernel.eval_into_with(&vars, out, &self.opts).map(|_| None),
                None => p.kernel.eval_with(&vars, &self.opts).map(Some),
            }
            .map_err(anyhow::Error::new)
        };
        let mut out = run(None)?.expect("a new output");
        let mut times = Vec::new();
        let start = Instant::now();
        while times.len() < 3 || (start.elapsed() < Duration::from_secs(1) && times.len() < 1000) {
            let t = Instant::now();
            run(Some(&mut out))?;
            times.push(t.elapsed());
        }
        times.sort();
        let (min, median) = (times[0], times[times.len() / 2]);
        // Per element of the largest array read or written (a reduction's result may be one number).
        let used = p.kernel.variables();
        let read = vars.iter().filter(|(n, _)| used.iter().any(|(u, _)| u == n));
        let elements = read.map(|(_, a)| a.shape().iter().product::<usize>()).chain([out.len()]).max();
        let per = median.as_secs_f64() * 1e9 / elements.unwrap_or(1).max(1) as f64;
        let text = format!(
            "{} runs: min {}, median {} ({per:.2} ns per element)",
            times.len(),
            duration(min),
            duration(median)
        );
        Ok((text, out))
    }

    /// Evaluates the `load(...)` and constructor calls of `expr` into temporaries, each named in the text
    /// by a name of its call's length (so spans into the result are spans into `expr`).
    fn constructors(&mut self, expr: &str) -> Result<(String, Vec<(String, DynArray)>)> {
        let mut temps: Vec<(String, DynArray)> = Vec::new();
        // load('file') first: its argument is a file's name, not a byte string.
        let mut text = expr.to_owned();
        let mut from = 0;
        while let Some(call) = construct::next_load(&text, from)? {
            let path = text[call.path.start..call.path.end].to_owned();
            let quoted = Span::new(call.path.start - 1, call.path.end + 1);
            let array = npy::load(Path::new(&path))
                .map_err(|e| construct::error_at(quoted, ErrorKind::Input { message: format!("{e:#}") }))?;
            let name = construct::temp_name(temps.len(), call.span.end - call.span.start);
            text.replace_range(call.span.start..call.span.end, &name);
            from = call.span.start + name.len();
            temps.push((name, array));
        }
        // Then the other constructors, outermost calls only, replaced from the right.
        let parsed = numjit::parse(&text)?;
        type Found = (Span, String, Vec<Span>, Vec<(String, Span)>);
        let calls: Vec<Found> = parsed
            .calls()
            .into_iter()
            .filter(|c| CONSTRUCTORS.iter().any(|k| k.0 == c.name))
            .map(|c| (c.span, c.name.to_owned(), c.args, c.keywords.iter().map(|(k, s)| (k.to_string(), *s)).collect()))
            .collect();
        // A call inside another constructor's call is one of its arguments: evaluated with it.
        let outer: Vec<Found> = calls
            .iter()
            .filter(|(s, ..)| !calls.iter().any(|(o, ..)| o != s && o.start <= s.start && s.end <= o.end))
            .cloned()
            .collect();
        let source = text.clone();
        for (span, name, args, keywords) in outer.into_iter().rev() {
            let args = args.iter().map(|&a| self.argument(&source, a)).collect::<Result<Vec<_>>>()?;
            let keywords = keywords
                .into_iter()
                .map(|(name, span)| {
                    let text = source[span.start..span.end].to_owned();
                    // `dtype=int32` names a dtype, not a variable: a number only where it evaluates to one.
                    let num = if name == "dtype" { None } else { Some(self.number(&source, span)?) };
                    Ok(construct::Keyword { name, text, span, num })
                })
                .collect::<Result<Vec<_>>>()?;
            let call = construct::Call { name: &name, text: &source[span.start..span.end], span, args, keywords };
            let array = construct::construct(&call, &mut SessionRandom(&mut self.rng))?;
            let tmp = construct::temp_name(temps.len(), span.end - span.start);
            text.replace_range(span.start..span.end, &tmp);
            temps.push((tmp, array));
        }
        Ok((text, temps))
    }

    /// A constructor's positional argument at `span` of `text`: a number, or a tuple of numbers.
    fn argument(&mut self, text: &str, span: Span) -> Result<construct::Arg> {
        let sub = &text[span.start..span.end];
        if let Some(items) = numjit::parse(sub).ok().and_then(|e| e.tuple_items()) {
            let items = items
                .into_iter()
                .map(|s| {
                    let s = Span::new(span.start + s.start, span.start + s.end);
                    Ok((self.number(text, s)?, s))
                })
                .collect::<Result<Vec<_>>>()?;
            return Ok(construct::Arg::Tuple(items, span));
        }
        Ok(construct::Arg::Num(self.number(text, span)?, span))
    }

    /// The expression at `span` of `text`, which must give one number; errors point into `text`.
    fn number(&mut self, text: &str, span: Span) -> Result<construct::Num> {
        let sub = &text[span.start..span.end];
        let (v, _) = self.eval_raw(sub).map_err(|e| shifted(e, span.start))?;
        if v.len() != 1 {
            let message = format!("`{sub}` is not a single number (shape {})", show::shape(v.shape()));
            return Err(construct::error_at(span, ErrorKind::Type { message }));
        }
        if v.dtype().is_complex() || v.dtype().is_bytes() {
            let what = if v.dtype().is_bytes() { "a byte string" } else { "complex" };
            let message = format!("`{sub}` is {what}, and constructors take real numbers");
            return Err(construct::error_at(span, ErrorKind::Type { message }));
        }
        Ok(construct::Num::of(&v))
    }
}

/// The session's generator, for `rand` and `randn`.
struct SessionRandom<'a>(&'a mut StdRng);

impl construct::Random for SessionRandom<'_> {
    fn uniform(&mut self) -> f64 {
        self.0.gen::<f64>()
    }

    fn normal(&mut self) -> f64 {
        self.0.sample(rand_distr::StandardNormal)
    }
}

/// An error of a part of a statement, moved to point into the whole: its span shifted by `by` bytes.
fn shifted(e: anyhow::Error, by: usize) -> anyhow::Error {
    match e.downcast::<numjit::Error>() {
        Ok(mut err) => {
            if let Some(s) = &mut err.span {
                *s = Span::new(s.start + by, s.end + by);
            }
            err.into()
        }
        Err(e) => e,
    }
}

/// An error of the statement `text`, with `text` attached for its caret.
/// An error in a `:command`'s name or argument, shown with a caret under it.
#[derive(Debug)]
struct BadPart {
    part: Part,
    message: String,
}

#[derive(Debug)]
enum Part {
    Name,
    Argument,
}

impl BadPart {
    fn argument(message: impl Into<String>) -> Self {
        BadPart { part: Part::Argument, message: message.into() }
    }
}

impl std::fmt::Display for BadPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BadPart {}

fn attach(e: anyhow::Error, text: &str) -> anyhow::Error {
    match e.downcast::<numjit::Error>() {
        Ok(err) => err.in_source(text).into(),
        Err(e) => e,
    }
}

/// The line up to a `#` that is not inside quotes (a comment, as in Python).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

/// Where `inner`, a slice of `outer`, starts in it.
fn offset(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize).min(outer.len())
}

/// A kernel's machine code, disassembled (Intel syntax), each kernel under its heading.
fn disassemble(listing: &numjit::Listing) -> String {
    use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
    let n = listing.code.len();
    let mut out = String::new();
    let mut formatter = IntelFormatter::new();
    for (k, code) in listing.code.iter().enumerate() {
        if n > 1 {
            let _ = writeln!(out, "{}", if k + 1 < n { format!("; reduction #{k}") } else { "; main".to_owned() });
        }
        // The instructions end where the constants they load (RIP-relative) begin.
        let mut end = code.len();
        for instruction in Decoder::with_ip(64, code, 0, DecoderOptions::NONE) {
            if instruction.ip() as usize >= end {
                break;
            }
            if instruction.is_ip_rel_memory_operand() {
                end = end.min(instruction.ip_rel_memory_address() as usize);
            }
        }
        // Zeros before the constants are alignment padding: no instruction starts there.
        let last = code[..end].iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        let mut text = String::new();
        for instruction in Decoder::with_ip(64, &code[..end], 0, DecoderOptions::NONE) {
            if instruction.ip() as usize >= last {
                break;
            }
            text.clear();
            formatter.format(&instruction, &mut text);
            let start = instruction.ip() as usize;
            let bytes: String = code[start..start + instruction.len()].iter().map(|b| format!("{b:02x}")).collect();
            let _ = writeln!(out, "{start:6x}  {bytes:<24} {text}");
        }
        if end < code.len() {
            let _ = writeln!(out, "; constants");
            for (row, chunk) in code[end..].chunks(16).enumerate() {
                let bytes: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
                let _ = writeln!(out, "{:6x}  {}", end + 16 * row, bytes.join(" "));
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// `help(NAME)` and `:help NAME`: a function's signature and what it does, a constructor's, a command's.
fn topic_help(name: &str) -> Result<String> {
    let name = name.trim().trim_start_matches(':');
    if let Some(f) = numjit::functions().find(|f| f.name == name) {
        // An alias shows what it stands for.
        let own = f.help.strip_suffix(" under another name").and_then(|h| h.split(": ").nth(1));
        return Ok(match own.and_then(|o| numjit::functions().find(|f| f.name == o)) {
            Some(o) => format!("{}\n{}", f.help, o.help),
            None => f.help.to_owned(),
        });
    }
    if let Some((_, h)) = CONSTRUCTORS.iter().find(|c| c.0 == name) {
        return Ok((*h).to_owned());
    }
    if let Some((c, h)) = COMMANDS.iter().find(|c| c.0[1..].split(' ').next() == Some(name)) {
        return Ok(format!("{c}: {h}"));
    }
    let known = numjit::functions().map(|f| f.name).chain(CONSTRUCTORS.iter().map(|c| c.0));
    let close = known.filter(|k| k.starts_with(name) || name.starts_with(*k)).take(5).collect::<Vec<_>>();
    if close.is_empty() {
        bail!("no function, constructor or command `{name}`; :help lists them");
    }
    bail!("no function, constructor or command `{name}`; maybe {}", close.join(", "))
}

/// `EXPR FILE` as `:save` takes them: the file name last, in quotes (either) or without.
fn split_path(rest: &str) -> Option<(&str, &str)> {
    let rest = rest.trim();
    let (what, file) = match rest.chars().last() {
        Some(q @ ('"' | '\'')) => {
            let open = rest[..rest.len() - 1].rfind(q)?;
            (&rest[..open], &rest[open + 1..rest.len() - 1])
        }
        _ => rest.rsplit_once(char::is_whitespace)?,
    };
    let what = what.trim();
    (!what.is_empty() && !file.is_empty()).then_some((what, file))
}

/// `name = expr` (but not `name == expr`).
fn assignment(line: &str) -> Option<(&str, &str)> {
    let i = line.find('=')?;
    let (name, rest) = (line[..i].trim(), &line[i + 1..]);
    (is_name(name) && !rest.starts_with('=')).then_some((name, rest.trim()))
}

/// Whether `name` can be a variable: letters, digits and `_`, not starting with a digit.
pub fn is_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub fn duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.3} s")
    } else if s >= 1e-3 {
        format!("{:.3} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

/// A result as the REPL prints it: dtype, shape, time, then the values.
pub fn describe(a: &DynArray, t: Option<&Timing>) -> String {
    let mut head = format!("{} {}", a.dtype(), show::shape(a.shape()));
    if let Some(t) = t {
        match t.compile {
            Some(c) => {
                let _ = write!(head, "  compile {}, run {}", duration(c), duration(t.run));
            }
            None => {
                let _ = write!(head, "  {}", duration(t.run));
            }
        }
    }
    format!("{head}\n{}", show::format(a))
}

fn help() -> String {
    let mut out = String::from("Type an expression to see its value, or NAME = EXPR to keep it.\n\nStatements:\n");
    for (c, h) in STATEMENTS {
        let _ = writeln!(out, "  {c:<26} {h}");
    }
    out.push_str("\nCommands:\n");
    for (c, h) in COMMANDS {
        let _ = writeln!(out, "  {c:<26} {h}");
    }
    out.push_str("\nArrays:\n");
    for (_, h) in CONSTRUCTORS {
        let _ = writeln!(out, "  {h}");
    }
    out.push_str("\nFunctions (help(NAME) for one):\n");
    for f in numjit::functions() {
        let _ = writeln!(out, "  {}", f.help);
    }
    out.push_str("\nOperators, loosest first (Python's precedence):\n");
    for o in numjit::operators() {
        let written = if o.operands == 1 { format!("{}x", o.symbol) } else { format!("x {} y", o.symbol) };
        let _ = writeln!(out, "  {written:<10} {}", o.help);
    }
    out.truncate(out.trim_end().len());
    out
}
