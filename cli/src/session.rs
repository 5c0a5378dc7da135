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

use anyhow::{anyhow, bail, Context, Result};
use ndarray::{Array1, ArrayD, IxDyn};
use numjit::{DType, DynArray, Kernel, Options, Precision, Vars};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{npy, plot, show};

/// The REPL's commands, with their help lines.
pub const COMMANDS: &[(&str, &str)] = &[
    (":help", "this help"),
    (":vars", "list variables: name, dtype, shape, bytes"),
    (":time EXPR", "run EXPR repeatedly; print the min and median time"),
    (":threads N", "use N threads (0 for one per core)"),
    (":precision high|fast", "math functions within 1 ulp (high, the default) or 4 (fast)"),
    (":ir EXPR", "the typed IR of EXPR after optimization"),
    (":clif EXPR", "the Cranelift IR of EXPR's kernel"),
    (":asm EXPR", "the machine code of EXPR's kernel"),
    (":plot EXPR", "a line plot of a 1-d result"),
    (":hist EXPR", "a histogram of a result"),
    (":save NAME FILE.npy", "write a variable to a .npy file"),
    (":seed N", "reseed rand() and randn()"),
    (":reset", "forget every variable and reload the demo data"),
    (":quit", "leave (Ctrl-D too)"),
];

/// Functions that make new arrays, evaluated by the session before the expression.
pub const CONSTRUCTORS: &[(&str, &str)] = &[
    ("linspace", "linspace(start, stop, n): n evenly spaced float64 values from start to stop"),
    ("arange", "arange(n) or arange(start, stop[, step]): int64 (or float64) ranges"),
    ("zeros", "zeros(d0, d1, ...): float64 zeros of that shape"),
    ("ones", "ones(d0, d1, ...): float64 ones of that shape"),
    ("rand", "rand(d0, d1, ...): uniform [0, 1) float64, seeded (:seed)"),
    ("randn", "randn(d0, d1, ...): standard normal float64, seeded (:seed)"),
    ("load", "load(\"file.npy\"): an array from a .npy file"),
];

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
    /// The expression with each constructor replaced by its temporary.
    text: String,
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
}

impl Session {
    pub fn new() -> Session {
        let cancel = Arc::new(AtomicBool::new(false));
        let opts = Options { cancel: Some(cancel), ..Options::default() };
        let mut s = Session { vars: BTreeMap::new(), opts, rng: StdRng::seed_from_u64(0), kernels: HashMap::new() };
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
        names.sort();
        names.dedup();
        names
    }

    /// Runs one statement.
    pub fn run(&mut self, line: &str) -> Result<Reply> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(Reply::Nothing);
        }
        if let Some(cmd) = line.strip_prefix(':') {
            return self.command(cmd);
        }
        if let Some((name, expr)) = assignment(line) {
            let (value, _) = self.eval(expr)?;
            self.vars.insert(name.to_owned(), value);
            return Ok(Reply::Nothing);
        }
        let (value, t) = self.eval(line)?;
        Ok(Reply::Text(describe(&value, Some(&t))))
    }

    fn command(&mut self, cmd: &str) -> Result<Reply> {
        let (name, rest) = cmd.split_once(char::is_whitespace).unwrap_or((cmd, ""));
        let rest = rest.trim();
        let text = match name {
            "help" | "h" | "?" => help(),
            "quit" | "q" | "exit" => return Ok(Reply::Quit),
            "vars" => self.list_vars(),
            "reset" => {
                self.vars.clear();
                self.kernels.clear();
                self.demo();
                DEMO.to_owned()
            }
            "seed" => {
                let n: u64 = rest.parse().with_context(|| format!("`:seed N` needs a number, not `{rest}`"))?;
                self.rng = StdRng::seed_from_u64(n);
                String::new()
            }
            "threads" => {
                let n: usize = rest.parse().with_context(|| format!("`:threads N` needs a number, not `{rest}`"))?;
                self.opts.threads = if n == 0 { None } else { Some(n) };
                format!("threads: {}", if n == 0 { "one per core".to_owned() } else { n.to_string() })
            }
            "precision" => {
                if !rest.is_empty() {
                    let p = Precision::from_name(rest).ok_or_else(|| {
                        anyhow!("`:precision` takes `high` (within 1 ulp) or `fast` (4), not `{rest}`")
                    })?;
                    self.opts.precision = p;
                    // Kernels keep the precision they were compiled at.
                    self.kernels.clear();
                }
                let p = self.opts.precision;
                format!("precision: {} (math functions within {} ulp)", p.name(), p.max_ulps())
            }
            "time" => self.time(rest)?,
            "ir" => self.prepare(rest)?.kernel.ir(),
            "clif" => self.prepare(rest)?.kernel.listing()?.clif,
            "asm" => self.prepare(rest)?.kernel.listing()?.asm,
            "plot" => plot::line(&self.eval(rest)?.0)?,
            "hist" => plot::histogram(&self.eval(rest)?.0)?,
            "save" => {
                let (var, file) =
                    rest.split_once(char::is_whitespace).ok_or_else(|| anyhow!("usage: :save NAME FILE.npy"))?;
                let a = self.vars.get(var).ok_or_else(|| anyhow!("no variable `{var}`"))?;
                npy::save(Path::new(file.trim()), a)?;
                format!("saved {var} to {}", file.trim())
            }
            _ => bail!("unknown command `:{name}`; :help lists them"),
        };
        Ok(if text.is_empty() { Reply::Nothing } else { Reply::Text(text) })
    }

    fn list_vars(&self) -> String {
        let mut out = format!("{:<12} {:<8} {:<16} {:>12}\n", "name", "dtype", "shape", "bytes");
        for (name, a) in &self.vars {
            let bytes = a.len() * a.dtype().size();
            let _ = writeln!(out, "{name:<12} {:<8} {:<16} {bytes:>12}", a.dtype().name(), show::shape(a.shape()));
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
            return Ok(Prepared { kernel: kernel.clone(), compile: None, text, temps });
        }
        let t = Instant::now();
        let sig_ref: Vec<(&str, DType)> = key.1.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let kernel = numjit::compile_with(&text, &sig_ref, &self.opts).map_err(|e| e.with_source(&text))?;
        let compile = Some(t.elapsed());
        self.kernels.insert(key, kernel.clone());
        Ok(Prepared { kernel, compile, text, temps })
    }

    /// Evaluates an expression (constructors included).
    pub fn eval(&mut self, expr: &str) -> Result<(DynArray, Timing)> {
        let p = self.prepare(expr)?;
        let vars = p.vars(&self.vars);
        self.cancel_flag().store(false, Ordering::Relaxed);
        let t = Instant::now();
        let out = p.kernel.eval_with(&vars, &self.opts).map_err(|e| e.with_source(&p.text))?;
        Ok((out, Timing { compile: p.compile, run: t.elapsed() }))
    }

    /// `:time EXPR`: runs into one reused output until about a second has passed (3 to 1000 runs).
    fn time(&mut self, expr: &str) -> Result<String> {
        let p = self.prepare(expr)?;
        let vars = p.vars(&self.vars);
        self.cancel_flag().store(false, Ordering::Relaxed);
        let run = |out: Option<&mut DynArray>| -> Result<Option<DynArray>> {
            match out {
                Some(out) => p.kernel.eval_into_with(&vars, out, &self.opts).map(|_| None),
                None => p.kernel.eval_with(&vars, &self.opts).map(Some),
            }
            .map_err(|e| anyhow::Error::new(e.with_source(&p.text)))
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
        let per = median.as_secs_f64() * 1e9 / out.len().max(1) as f64;
        Ok(format!(
            "{} runs: min {}, median {} ({per:.2} ns per element)",
            times.len(),
            duration(min),
            duration(median)
        ))
    }

    /// Evaluates `load("...")` and the constructor calls of `expr` into temporaries `_t0`, `_t1`, ...
    fn constructors(&mut self, expr: &str) -> Result<(String, Vec<(String, DynArray)>)> {
        let mut temps: Vec<(String, DynArray)> = Vec::new();
        // load("file") first: the grammar has no strings.
        let mut text = String::new();
        let mut rest = expr;
        while let Some(i) = find_load(rest) {
            let (before, after) = rest.split_at(i);
            let open = after.find('"').unwrap();
            let close = after[open + 1..].find('"').ok_or_else(|| anyhow!("unterminated string in load(\"...\")"))?;
            let path = &after[open + 1..open + 1 + close];
            let paren = after[open + 1 + close..].find(')').ok_or_else(|| anyhow!("load(\"...\") needs a `)`"))?;
            let name = format!("_t{}", temps.len());
            temps.push((name.clone(), npy::load(Path::new(path))?));
            text.push_str(before);
            text.push_str(&name);
            rest = &after[open + 1 + close + paren + 1..];
        }
        text.push_str(rest);
        // Then the other constructors, outermost calls only, replaced from the right.
        let expr = numjit::parse(&text).map_err(|e| e.with_source(&text))?;
        let calls: Vec<_> = expr
            .calls()
            .into_iter()
            .filter(|c| CONSTRUCTORS.iter().any(|k| k.0 == c.name))
            .map(|c| (c.span, c.name.to_owned(), c.args))
            .collect();
        // A call inside another constructor's call is one of its arguments: evaluated with it.
        let outer: Vec<_> = calls
            .iter()
            .filter(|(s, ..)| !calls.iter().any(|(o, ..)| o != s && o.start <= s.start && s.end <= o.end))
            .cloned()
            .collect();
        let mut out = text.clone();
        for (span, name, args) in outer.into_iter().rev() {
            let values: Vec<f64> = args.iter().map(|a| self.scalar(&text[a.start..a.end])).collect::<Result<_>>()?;
            let array = self.construct(&name, &values).map_err(|e| anyhow!("{name}: {e}"))?;
            let tmp = format!("_t{}", temps.len());
            temps.push((tmp.clone(), array));
            out.replace_range(span.start..span.end, &tmp);
        }
        Ok((out, temps))
    }

    /// A constructor argument: an expression that gives one number.
    fn scalar(&mut self, expr: &str) -> Result<f64> {
        let (v, _) = self.eval(expr)?;
        if v.len() != 1 {
            bail!("`{expr}` is not a single number (shape {})", show::shape(v.shape()));
        }
        Ok(match v {
            DynArray::Bool(a) => a.iter().next().map_or(0.0, |&b| b as u8 as f64),
            DynArray::I32(a) => a.iter().next().map_or(0.0, |&x| x as f64),
            DynArray::I64(a) => a.iter().next().map_or(0.0, |&x| x as f64),
            DynArray::F32(a) => a.iter().next().map_or(0.0, |&x| x as f64),
            DynArray::F64(a) => a.iter().next().copied().unwrap_or(0.0),
        })
    }

    fn construct(&mut self, name: &str, v: &[f64]) -> Result<DynArray> {
        let count = |d: f64| -> Result<usize> {
            if d >= 0.0 && d.fract() == 0.0 && d < 1e12 {
                Ok(d as usize)
            } else {
                bail!("a length must be a non-negative integer, not {d}")
            }
        };
        let dims = || -> Result<Vec<usize>> { v.iter().map(|&d| count(d)).collect() };
        let n_of = |dims: &[usize]| -> Result<usize> {
            dims.iter()
                .try_fold(1usize, |a, &d| a.checked_mul(d))
                .filter(|&n| n <= 1 << 32)
                .ok_or_else(|| anyhow!("too many elements"))
        };
        Ok(match (name, v.len()) {
            ("linspace", 3) => Array1::linspace(v[0], v[1], count(v[2])?).into_dyn().into(),
            ("arange", 1) => Array1::from_iter(0..count(v[0])? as i64).into_dyn().into(),
            ("arange", 2 | 3) => {
                let step = v.get(2).copied().unwrap_or(1.0);
                if step == 0.0 {
                    bail!("the step must not be zero");
                }
                let n = ((v[1] - v[0]) / step).ceil().max(0.0);
                if n > (1u64 << 32) as f64 {
                    bail!("too many elements");
                }
                if v.iter().all(|x| x.fract() == 0.0) {
                    Array1::from_iter((0..n as i64).map(|k| v[0] as i64 + k * step as i64)).into_dyn().into()
                } else {
                    Array1::from_iter((0..n as usize).map(|k| v[0] + k as f64 * step)).into_dyn().into()
                }
            }
            ("zeros" | "ones", _) => {
                let d = dims()?;
                n_of(&d)?;
                ArrayD::from_elem(IxDyn(&d), if name == "ones" { 1.0 } else { 0.0 }).into()
            }
            ("rand" | "randn", _) => {
                let d = dims()?;
                let n = n_of(&d)?;
                let vals: Vec<f64> = if name == "rand" {
                    (0..n).map(|_| self.rng.gen::<f64>()).collect()
                } else {
                    (0..n).map(|_| self.rng.sample(rand_distr::StandardNormal)).collect()
                };
                ArrayD::from_shape_vec(IxDyn(&d), vals).unwrap().into()
            }
            _ => bail!("wrong number of arguments ({}); see :help", v.len()),
        })
    }
}

/// `name = expr` (but not `name == expr`).
fn assignment(line: &str) -> Option<(&str, &str)> {
    let i = line.find('=')?;
    let (name, rest) = (line[..i].trim(), &line[i + 1..]);
    let is_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (is_name && !rest.starts_with('=')).then_some((name, rest.trim()))
}

/// Where the next `load(` call starts, if any.
fn find_load(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("load") {
        let i = from + i;
        let before_ok = i == 0 || !s[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        if before_ok && s[i + 4..].trim_start().starts_with('(') {
            return Some(i);
        }
        from = i + 4;
    }
    None
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
    let mut head = format!("{} {}", a.dtype().name(), show::shape(a.shape()));
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
    let mut out = String::from("Type an expression to see its value, or NAME = EXPR to keep it.\n\nCommands:\n");
    for (c, h) in COMMANDS {
        let _ = writeln!(out, "  {c:<22} {h}");
    }
    out.push_str("\nArrays:\n");
    for (_, h) in CONSTRUCTORS {
        let _ = writeln!(out, "  {h}");
    }
    out.push_str("\nFunctions:\n");
    for f in numjit::functions() {
        let _ = writeln!(out, "  {:<10} {}", f.name, f.help);
    }
    out.push_str("\nOperators, loosest first (Python's precedence):\n");
    for o in numjit::operators() {
        let written = if o.operands == 1 { format!("{}x", o.symbol) } else { format!("x {} y", o.symbol) };
        let _ = writeln!(out, "  {written:<10} {}", o.help);
    }
    out.truncate(out.trim_end().len());
    out
}
