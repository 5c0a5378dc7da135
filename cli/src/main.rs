//! The `numjit` command: a REPL for trying expressions (no arguments, on a terminal), a script reader
//! (no arguments, stdin not a terminal), and the `eval` and `bench` subcommands. It uses only the crate's
//! public API.
//!
//! Exit codes: 0 on success, 1 on an expression or data error (message on stderr), 2 on a usage error.

mod construct;
mod npy;
mod plot;
mod repl;
mod session;
mod show;

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use ndarray::{ArrayD, IxDyn};
use numjit::{DType, DynArray, Options, Precision, Vars};
use rand::{Rng, SeedableRng};

use session::{Reply, Session};

#[derive(Parser)]
#[command(name = "numjit", version, about = "Compile NumPy-style array expressions to SIMD code and run them")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate an expression over .npy inputs; print the result or write it to a .npy file.
    Eval {
        /// The expression, e.g. "2*a + sin(b)" (it may start with `-`).
        #[arg(allow_hyphen_values = true)]
        expr: String,
        /// An input: NAME=PATH.npy (repeatable).
        #[arg(short = 'i', long = "input", value_name = "NAME=PATH")]
        inputs: Vec<String>,
        /// Write the result here instead of printing it.
        #[arg(short = 'o', long = "output", value_name = "OUT.npy")]
        output: Option<PathBuf>,
        /// Print every element (full), or three at each end of each axis past 1000 elements as NumPy does.
        #[arg(long, value_enum, default_value_t = Print::Summary)]
        print: Print,
        #[command(flatten)]
        run: Run,
    },
    /// Time an expression over seeded uniform [0, 1) inputs.
    Bench {
        /// The expression, e.g. "2*a + 3*b - c" (it may start with `-`).
        #[arg(allow_hyphen_values = true)]
        expr: String,
        /// Elements per input.
        #[arg(long, default_value_t = 10_000_000)]
        n: usize,
        /// The inputs' dtype.
        #[arg(long, value_enum, default_value_t = Float::F64)]
        dtype: Float,
        #[command(flatten)]
        run: Run,
        /// Timed runs after one warm-up run (at least 1).
        #[arg(long, default_value_t = 10, value_parser = at_least_one)]
        repeat: usize,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// How to run: threads and the math's precision.
#[derive(Args)]
struct Run {
    /// Threads to use (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// The vector-math functions within 1 ulp (high) or 4 ulps (fast).
    #[arg(long, default_value = "high", value_parser = precision_parser())]
    precision: Precision,
}

/// A count of at least 1.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// `high` or `fast`, by the engine's own spellings.
fn precision_parser() -> impl TypedValueParser<Value = Precision> {
    let names = [Precision::High, Precision::Fast].map(Precision::name);
    PossibleValuesParser::new(names).map(|name| Precision::from_name(&name).expect("clap admits only the listed names"))
}

impl Run {
    fn options(&self) -> Options {
        Options { threads: self.threads.filter(|&t| t > 0), precision: self.precision, ..Options::default() }
    }
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Print {
    Summary,
    Full,
}

/// The inputs' dtype for `bench`: a float, or a complex number whose parts are floats of that width.
#[derive(Clone, Copy, ValueEnum)]
enum Float {
    F16,
    F32,
    F64,
    /// complex64: both parts uniform in [0, 1).
    C64,
    /// complex128: both parts uniform in [0, 1).
    C128,
}

impl Float {
    fn name(self) -> &'static str {
        match self {
            Float::F16 => "float16",
            Float::F32 => "float32",
            Float::F64 => "float64",
            Float::C64 => "complex64",
            Float::C128 => "complex128",
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Eval { expr, inputs, output, print, run }) => eval(&expr, &inputs, output, print, &run),
        Some(Command::Bench { expr, n, dtype, run, repeat, json }) => bench(&expr, n, dtype, &run, repeat, json),
        None if std::io::stdin().is_terminal() => interactive(),
        None => script(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", repl::error_text(&e));
            ExitCode::from(1)
        }
    }
}

/// Writes a line of output. A reader that went away (`numjit bench ... | head -1`) ends the program
/// quietly, as a closed pipe ends other commands, instead of a panic; another write error is reported.
fn say(text: std::fmt::Arguments) {
    use std::io::Write;
    if let Err(e) = writeln!(std::io::stdout().lock(), "{text}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(1);
    }
}

macro_rules! say {
    ($($t:tt)*) => {
        say(format_args!($($t)*))
    };
}

fn interactive() -> Result<ExitCode> {
    let mut session = Session::new();
    session.timings = true;
    let flag = session.cancel_flag();
    // Ctrl-C while an expression runs cancels it (between blocks); at the prompt, the editor handles it.
    let _ = ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::Relaxed));
    repl::run(&mut session)?;
    Ok(ExitCode::SUCCESS)
}

/// Statements from stdin, one a line (or several lines while a parenthesis is open), results on stdout,
/// errors on stderr; exit 1 if any failed.
fn script() -> Result<ExitCode> {
    let mut session = Session::new();
    let mut failed = false;
    let mut pending = String::new();
    let mut lines = std::io::stdin().lock().lines();
    loop {
        let line = lines.next().transpose()?;
        if let Some(line) = &line {
            if !pending.is_empty() {
                pending.push('\n');
            }
            pending.push_str(line);
            if repl::depth(&pending) > 0 {
                continue;
            }
        }
        match session.run(&std::mem::take(&mut pending)) {
            Ok(Reply::Text(t)) => say!("{t}"),
            Ok(Reply::Nothing) => {}
            Ok(Reply::Quit) => break,
            Err(e) => {
                eprintln!("{}", repl::error_text(&e));
                failed = true;
            }
        }
        if line.is_none() {
            break;
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A usage error: the message on stderr, exit code 2.
fn usage(message: std::fmt::Arguments) -> Result<ExitCode> {
    eprintln!("error: {message}");
    Ok(ExitCode::from(2))
}

fn eval(expr: &str, inputs: &[String], output: Option<PathBuf>, print: Print, run: &Run) -> Result<ExitCode> {
    let mut specs: Vec<(&str, &str)> = Vec::new();
    for spec in inputs {
        let Some((name, path)) = spec.split_once('=') else {
            return usage(format_args!("an input is NAME=PATH.npy, not `{spec}`"));
        };
        if !session::is_name(name) {
            return usage(format_args!("`-i {spec}`: `{name}` is not a variable name (letters, digits and _)"));
        }
        if path.is_empty() {
            return usage(format_args!("`-i {spec}`: the file name is missing"));
        }
        if specs.iter().any(|(n, _)| *n == name) {
            return usage(format_args!("`{name}` is given twice (-i {name}=...)"));
        }
        specs.push((name, path));
    }
    let parsed = numjit::parse(expr).map_err(|e| e.with_source(expr))?;
    // A name the expression reads is an input's, constants (`e`, `pi`) included: an input shadows them.
    let used = parsed.names();
    let missing: Vec<&str> = parsed.variables().into_iter().filter(|v| !specs.iter().any(|(n, _)| n == v)).collect();
    let mut arrays: Vec<(&str, DynArray)> = Vec::new();
    for (name, path) in specs {
        if !used.contains(&name) {
            eprintln!("warning: the input `{name}` ({path}) is not used by the expression");
        }
        arrays.push((name, npy::load(path.as_ref())?));
    }
    let mut vars = Vars::new();
    for (name, a) in &arrays {
        vars.insert(*name, a);
    }
    // Expressions only compare and search byte strings: an input of them, alone, is itself.
    let alone = arrays.iter().find(|(n, a)| *n == expr.trim() && a.dtype().is_bytes()).map(|(_, a)| a.clone());
    let result = match alone.map(Ok).unwrap_or_else(|| numjit::evaluate_with(expr, &vars, &run.options())) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            // A variable no input gives: say how to give it.
            if let Some(first) = missing.first() {
                let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
                eprintln!("hint: no input gives {}: pass -i {first}=FILE.npy", list.join(", "));
            }
            return Ok(ExitCode::from(1));
        }
    };
    match output {
        Some(path) => npy::save(&path, &result)?,
        None if print == Print::Full => say!("{}", show::format_with(&result, usize::MAX)),
        None => say!("{}", show::format(&result)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The free variables of an expression: names that are neither functions nor constants.
fn free_variables(expr: &str) -> Result<Vec<String>> {
    let parsed = numjit::parse(expr).map_err(|e| e.with_source(expr))?;
    Ok(parsed.variables().into_iter().map(str::to_owned).collect())
}

/// `n` values of `next`, allocated fallibly: an `--n` too large for memory is an error, not an abort.
fn uniform<T: numjit::Element>(n: usize, mut next: impl FnMut() -> T) -> Result<Vec<T>> {
    let mut v = numjit::vec_with_capacity(n)
        .map_err(|_| anyhow::anyhow!("--n {n}: {n} elements per input do not fit in memory"))?;
    v.extend((0..n).map(|_| next()));
    Ok(v)
}

fn bench(expr: &str, n: usize, dtype: Float, run: &Run, repeat: usize, json: bool) -> Result<ExitCode> {
    let names = free_variables(expr)?;
    if names.is_empty() {
        return usage(format_args!("`{expr}` reads no variable: there is nothing to time over --n elements"));
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let arrays: Vec<DynArray> = names
        .iter()
        .map(|_| -> Result<DynArray> {
            let shape = IxDyn(&[n]);
            Ok(match dtype {
                Float::F64 => ArrayD::from_shape_vec(shape, uniform(n, || rng.gen::<f64>())?)?.into(),
                Float::F32 => ArrayD::from_shape_vec(shape, uniform(n, || rng.gen::<f32>())?)?.into(),
                Float::F16 => {
                    ArrayD::from_shape_vec(shape, uniform(n, || numjit::f16::from_f32(rng.gen::<f32>()))?)?.into()
                }
                Float::C64 => {
                    let next = || numjit::Complex::new(rng.gen::<f32>(), rng.gen::<f32>());
                    ArrayD::from_shape_vec(shape, uniform(n, next)?)?.into()
                }
                Float::C128 => {
                    let next = || numjit::Complex::new(rng.gen::<f64>(), rng.gen::<f64>());
                    ArrayD::from_shape_vec(shape, uniform(n, next)?)?.into()
                }
            })
        })
        .collect::<Result<_>>()?;
    let mut vars = Vars::new();
    for (name, a) in names.iter().zip(&arrays) {
        vars.insert(name.as_str(), a);
    }
    let sig: Vec<(&str, DType)> = vars.signature();
    let t = Instant::now();
    let opts = run.options();
    let kernel = numjit::compile_with(expr, &sig, &opts)?;
    let compile = t.elapsed().as_secs_f64();
    let mut out = kernel.eval_with(&vars, &opts)?;
    kernel.eval_into_with(&vars, &mut out, &opts)?;
    let mut times: Vec<f64> = (0..repeat)
        .map(|_| {
            let t = Instant::now();
            kernel.eval_into_with(&vars, &mut out, &opts).map(|_| t.elapsed().as_secs_f64())
        })
        .collect::<Result<_, _>>()?;
    times.sort_by(f64::total_cmp);
    let (min, median) = (times[0], times[times.len() / 2]);
    let elems = out.len().max(n);
    let bytes: usize =
        arrays.iter().map(|a| a.len() * a.dtype().size()).sum::<usize>() + out.len() * out.dtype().size();
    let threads_used = run.threads.filter(|&t| t > 0).unwrap_or_else(rayon_threads);
    if json {
        let obj = serde_json::json!({
            "expr": expr,
            "n": n,
            "dtype": dtype.name(),
            "threads": threads_used,
            "precision": opts.precision.name(),
            "repeat": repeat,
            "compile_ms": compile * 1e3,
            "min_ms": min * 1e3,
            "median_ms": median * 1e3,
            "elements_per_s": elems as f64 / median,
            "gb_per_s": bytes as f64 / median / 1e9,
        });
        say!("{obj}");
    } else {
        let plural = |k: usize, what: &str| format!("{k} {what}{}", if k == 1 { "" } else { "s" });
        say!(
            "{expr}: n = {n}, {}, precision {}, {}",
            plural(threads_used, "thread"),
            opts.precision.name(),
            plural(repeat, "run")
        );
        say!("  compile   {:.3} ms", compile * 1e3);
        say!("  min       {:.3} ms", min * 1e3);
        say!("  median    {:.3} ms", median * 1e3);
        say!("  {:.3e} elements/s, {:.2} GB/s moved", elems as f64 / median, bytes as f64 / median / 1e9);
    }
    Ok(ExitCode::SUCCESS)
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
