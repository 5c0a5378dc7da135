//! What a new user meets in the REPL's statements, through the binary: constructors with NumPy's
//! arguments, every error with its caret (the session going on after it), scripts whose stdout holds
//! results only, statements over several lines, `:save` of expressions, and the usage errors of `eval`
//! and `bench`.

use crate::cli::{numjit, script, stderr, stdout, tempdir};

/// The error of `statement` run alone as a script (which must fail, and not by a panic).
fn error_of(statement: &str) -> String {
    let o = script(&format!("{statement}\n"));
    assert_eq!(o.status.code(), Some(1), "{statement}: {}", stdout(&o));
    assert!(!stderr(&o).contains("panicked"), "{statement}: {}", stderr(&o));
    stderr(&o)
}

/// Asserts that `statement`'s error starts with `message`, then shows the statement with carets under
/// `under` (the first place it occurs in the statement).
fn caret(statement: &str, message: &str, under: &str) {
    let err = error_of(statement);
    let col = statement.find(under).unwrap_or_else(|| panic!("`{under}` is not in `{statement}`"));
    let carets = format!("\n  {statement}\n  {}{}", " ".repeat(col), "^".repeat(under.chars().count()));
    let ok = err.starts_with(message)
        && err.find(&carets).is_some_and(|i| !err[..i].contains('\n'))
        && err[err.find(&carets).unwrap() + carets.len()..].lines().next().is_none_or(|rest| rest.is_empty());
    assert!(ok, "{statement}:\nwant {message}...{carets}\ngot\n{err}");
}

#[test]
fn load_takes_either_quote_and_any_bad_argument_is_an_error_with_a_caret() {
    let d = tempdir();
    let file = d.join("v.npy");
    ndarray_npy::write_npy(&file, &ndarray::array![1.5, 2.5]).unwrap();
    let f = file.to_str().unwrap();
    let o = script(&format!("load('{f}') + load(\"{f}\")\n"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "float64 (2,)\n[3. 5.]\n");
    let usage = "error: `load` takes a file name in quotes: load('data.npy')";
    caret("load(m)", usage, "m");
    caret("load()", usage, "load()");
    caret("1 + load('')", usage, "''");
    caret("load('x.npy' 3)", "error: expected `)` after the file name (load takes one), found `3`", "3");
    caret("load(\"x.npy", "error: expected a closing \", found the end of the line", "\"x.npy");
    let missing = d.join("missing.npy");
    let m = missing.to_str().unwrap();
    caret(&format!("2 * load('{m}')"), &format!("error: cannot read {m}"), &format!("'{m}'"));
    // After each error the session goes on, with its variables.
    let o = script("q = 7\nload('nowhere.npy')\nload(q)\nq + 1\n");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "int64 ()\n8\n");
}

#[test]
fn constructors_take_numpys_arguments_and_keywords() {
    let cases = [
        ("linspace(0, 1, num=5)", "float64 (5,)\n[0.   0.25 0.5  0.75 1.  ]"),
        ("linspace(0, 1, 5, endpoint=False)", "float64 (5,)\n[0.  0.2 0.4 0.6 0.8]"),
        ("linspace(-1, 1, 4, dtype=int64)", "int64 (4,)\n[-1 -1  0  1]"),
        ("linspace(0, 1)", "float64 (50,)"),
        ("zeros((2, 3), dtype=int32)", "int32 (2, 3)\n[[0 0 0]\n [0 0 0]]"),
        ("ones(3, dtype=bool)", "bool (3,)\n[ True  True  True]"),
        ("zeros(shape=2)", "float64 (2,)\n[0. 0.]"),
        ("zeros(2, 2)", "float64 (2, 2)"),
        ("arange(5.5)", "float64 (6,)\n[0. 1. 2. 3. 4. 5.]"),
        ("arange(-3)", "int64 (0,)\n[]"),
        ("arange(1, 10, 3)", "int64 (3,)\n[1 4 7]"),
        ("arange(10, 1, -3)", "int64 (3,)\n[10  7  4]"),
        ("arange(2, 4, step=0.5)", "float64 (4,)\n[2.  2.5 3.  3.5]"),
        ("arange(0, 1, 0.25, dtype=float32)", "float32 (4,)\n[0.   0.25 0.5  0.75]"),
        // NumPy fills float32 and float16 in float32 arithmetic: 2.3999999 and 0.2998, not 2.4 and 0.3.
        (
            "arange(0.3, 7, 0.7, dtype=float32)",
            "float32 (10,)\n[0.3       1.        1.7       2.3999999 3.1       3.8       4.5\n 5.2000003 5.9       6.6      ]",
        ),
        (
            "arange(0, 1, 0.1, dtype=float16)",
            "float16 (10,)\n[0.     0.1    0.2    0.2998 0.4    0.5    0.5996 0.6997 0.8    0.9   ]",
        ),
        ("linspace(0, 70000, 3, dtype=float16)", "float16 (3,)\n[0.0e+00 3.5e+04     inf]"),
    ];
    for (statement, want) in cases {
        let o = script(&format!("{statement}\n"));
        assert!(o.status.success(), "{statement}: {}", stderr(&o));
        assert!(stdout(&o).starts_with(want), "{statement}: want\n{want}\ngot\n{}", stdout(&o));
    }
    caret("zeros(3, dtype=foo)", "error: `foo` is not a dtype", "foo");
    caret("ones(3, foo=1)", "error: `ones` takes no keyword `foo` (it takes shape=, dtype=)", "1");
    caret("rand(2, seed=1) * 2", "error: `rand` takes no keyword `seed` (it takes none)", "1");
    caret("linspace(0, 1, 2.5)", "error: num must be an integer, not 2.5", "2.5");
    caret("linspace(0, 1, 3, num=4)", "error: `num` is given twice", "3");
    caret("zeros(-1)", "error: a length must not be negative, not -1", "-1");
    caret("zeros(2.0)", "error: a length must be an integer, not 2.0", "2.0");
    caret("zeros(dtype=int32)", "error: `zeros` takes a shape", "zeros(dtype=int32)");
    caret("zeros(a)", "error: `a` is not a single number (shape (1000000,))", "a");
    caret("1 + arange(1, 2, 0)", "error: arange: the step must not be zero", "arange(1, 2, 0)");
    caret(
        "linspace(1)",
        "error: `linspace` takes 2 or 3 arguments (start, stop[, num]), but 1 were given",
        "linspace(1)",
    );
    // An error inside an argument points into the whole statement.
    caret("zeros(2 +* 1)", "error: expected", "*");
}

#[test]
fn arrays_beyond_memory_are_errors_that_say_how_many_and_the_limit() {
    for statement in ["zeros(1000000, 1000000)", "x = rand(1000000, 1000000) + 1", "ones((10**7, 10**7))"] {
        let err = error_of(statement);
        assert!(err.contains("elements of float64 (") && err.contains("GB) are more than the"), "{err}");
        assert!(err.contains("GB of memory available"), "{err}");
        assert!(err.contains("^^^^"), "{err}");
    }
    assert!(error_of("arange(1e300)").contains("1e300"), "the count asked");
    // A result too large for memory (10^14 elements: more than any address space) points at the whole.
    caret(
        "zeros(10000000, 1) * zeros(1, 10000000)",
        "error: cannot allocate the result: 100000000000000 elements of float64 (800000.0 GB)",
        "zeros(10000000, 1) * zeros(1, 10000000)",
    );
    let err = error_of("arange(0, 1e300, 1.0)");
    assert!(err.contains("arange(0, 1e300, 1.0): 1"), "{err}");
}

#[test]
fn broadcast_errors_point_at_the_operation() {
    let message = "error: shapes (1000000,) and (200000, 5) cannot be broadcast together";
    caret("a + x", message, "a + x");
    caret("sum(a) + sqrt(b * x) - 1", "error: shapes (1000000,) and (200000, 5) and ()", "b * x");
    caret("zeros(3) + zeros(4)", "error: shapes (3,) and (4,) cannot be broadcast together", "zeros(3) + zeros(4)");
    let o = script("m = zeros(3, 4)\nm = where(m > 0, ones(4), ones(3))\n");
    let want = "error: shapes (3, 4) and (4,) and (3,) cannot be broadcast together\n  where(m > 0, ones(4), ones(3))\n  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n";
    assert_eq!(stderr(&o), want);
}

#[test]
fn command_errors_point_at_the_argument_or_the_name() {
    caret(":seed abc", "error: `:seed N` needs a whole number, not `abc`", "abc");
    caret(":seed -1", "error: `:seed N` needs a whole number, not `-1`", "-1");
    caret(":threads 2.5", "error: `:threads N` needs a whole number (0: one per core), not `2.5`", "2.5");
    caret(":precision low", "error: `:precision` takes `high` (within 1 ulp) or `fast` (4), not `low`", "low");
    caret(":tiem a", "error: unknown command `:tiem`; did you mean `:time`?", "tiem");
    caret(":frobnicate", "error: unknown command `:frobnicate`; :help lists them", "frobnicate");
    // With no argument, the caret stands where it belongs.
    let err = error_of(":seed");
    assert!(err.starts_with("error: `:seed N` needs a whole number, not ``\n  :seed\n        ^\n"), "{err}");
    // `:threads` alone says the setting.
    let o = script(":threads\n:threads 1\n:threads\n:threads 0\n:threads\n");
    assert_eq!(
        stdout(&o),
        "threads: one per core\nthreads: 1\nthreads: 1\nthreads: one per core\nthreads: one per core\n"
    );
}

#[test]
fn a_script_prints_results_only_and_statements_may_span_lines() {
    let o = script("1 + 1\nsqrt(4.0)\ny = (1 +\n  2)\ny\n:time y\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("int64 ()\n2\nfloat64 ()\n2.0\nint64 ()\n3\n"), "{out}");
    // Only `:time` says how long anything took.
    assert_eq!(out.matches("ms").count() + out.matches("µs").count(), out.matches("runs: min").count() * 2, "{out}");
    assert!(!out.contains("compile"), "{out}");
    // An unclosed parenthesis at the end is an error, not a silent drop.
    let o = script("(1 +\n2\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("expected"), "{}", stderr(&o));
}

#[test]
fn save_takes_expressions_and_paths_with_or_without_quotes() {
    let d = tempdir();
    let (spaced, plain) = (d.join("with space.npy"), d.join("plain.npy"));
    let o = script(&format!(
        "z = linspace(0, 1, 3)\n:save z \"{}\"\n:save 2 * z '{}'\n:save sin(zz) {}\n:save z\n",
        spaced.display(),
        plain.display(),
        plain.display()
    ));
    assert_eq!(o.status.code(), Some(1));
    let a: ndarray::Array1<f64> = ndarray_npy::read_npy(&spaced).unwrap();
    assert_eq!(a, ndarray::array![0.0, 0.5, 1.0]);
    let b: ndarray::Array1<f64> = ndarray_npy::read_npy(&plain).unwrap();
    assert_eq!(b, ndarray::array![0.0, 1.0, 2.0]);
    let err = stderr(&o);
    assert!(err.contains("unknown variable `zz`\n  sin(zz)"), "{err}");
    assert!(err.contains("usage: :save NAME|EXPR FILE.npy"), "{err}");
}

#[test]
fn eval_and_bench_usage_errors_exit_2() {
    let d = tempdir();
    let file = d.join("a.npy");
    ndarray_npy::write_npy(&file, &ndarray::array![1.0, 2.0]).unwrap();
    let a = format!("a={}", file.display());
    let f = file.to_str().unwrap();
    let usage = |args: &[&str], says: &str| {
        let o = numjit(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    };
    usage(&["eval", "a", "-i", &format!("={f}")], "`` is not a variable name");
    usage(&["eval", "a", "-i", "a="], "the file name is missing");
    usage(&["eval", "a", "-i", &a, "-i", &a], "`a` is given twice");
    // A variable no input gives: the library's error with its caret, and how to give it.
    for (args, hint) in [
        (vec!["eval", "a + bb", "-i", &a], "hint: no input gives `bb`: pass -i bb=FILE.npy"),
        (vec!["eval", "a + 1"], "hint: no input gives `a`: pass -i a=FILE.npy"),
    ] {
        let o = numjit(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("unknown variable") && stderr(&o).contains(hint), "{}", stderr(&o));
    }
    // An input named as a constant shadows it, and is used.
    let o = numjit(&["eval", "e * 2", "-i", &format!("e={f}")]);
    assert_eq!((stdout(&o).as_str(), stderr(&o).as_str()), ("[2. 4.]\n", ""));
    usage(&["bench", "a + 1", "--repeat", "0"], "must be at least 1");
    usage(&["bench", "1 + 1"], "nothing to time");
    // An input the expression does not read is a warning, and the rest runs.
    let o = numjit(&["eval", "a * 2", "-i", &a, "-i", &format!("b={f}")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "[2. 4.]\n");
    assert!(stderr(&o).contains("warning: the input `b`"), "{}", stderr(&o));
}

/// A pseudo-terminal session fed a paste of several lines at once, bracketed (as most terminals send it)
/// or plain, and a line typed while another runs: every statement runs, in order; each is in the history
/// file the moment it runs, so a kill loses none.
#[test]
fn pasted_lines_run_one_by_one_and_the_history_survives_a_kill() {
    let d = tempdir();
    let history = d.join("history");
    let cmd = format!("env NUMJIT_HISTORY={} TERM=xterm {}", history.display(), crate::cli::BIN);
    let mut s = rexpect::spawn(&cmd, Some(30_000)).unwrap();
    let prompt = |s: &mut rexpect::session::PtySession| {
        s.exp_string(">>> ").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
    };
    s.exp_string("demo data").unwrap();
    prompt(&mut s);
    s.send("\x1b[200~p1 = 20\rp2 = p1 + 1\rp2 * 100\r\x1b[201~\r").unwrap();
    s.flush().unwrap();
    s.exp_string("2100").unwrap();
    prompt(&mut s);
    s.send("q1 = 3\rq2 = q1 * 11\rq2 + 1000\r").unwrap();
    s.flush().unwrap();
    s.exp_string("1033").unwrap();
    prompt(&mut s);
    let text = std::fs::read_to_string(&history).unwrap();
    for line in ["p1 = 20", "p2 = p1 + 1", "p2 * 100", "q1 = 3", "q2 = q1 * 11", "q2 + 1000"] {
        assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
    }
    // A line typed while another runs (`:time` takes about a second) runs after it, not dropped.
    s.send_line(":time exp(a) + sin(b)").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    s.send_line("5 * 7").unwrap();
    s.exp_string(" runs: min ").unwrap();
    s.exp_string("35").unwrap();
    prompt(&mut s);
    s.process.kill(rexpect::process::signal::Signal::SIGKILL).unwrap();
    let after = std::fs::read_to_string(&history).unwrap();
    assert!(after.contains("q2 + 1000"), "{after}");
}

#[test]
fn what_a_numpy_or_ipython_user_reaches_for() {
    let o = script(
        "1 + 1  # a comment, as in Python
_ * 10
x.shape
x.dtype
len(x)
a.ndim
y = 3
del y
:who
exit
never = 1
",
    );
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(out.starts_with("int64 ()\n2\nint64 ()\n20\n(200000, 5)\nint64\n200000\n1\n"), "{out}");
    assert!(out.contains("_            int64    ()") && !out.contains("\ny "), "{out}");
    assert!(!out.contains("never"), "{out}");
    assert!(err.is_empty(), "{err}");
    for quit in ["quit", "exit()", "quit()", ":q", ":exit"] {
        let o = script(&format!("{quit}\n1 + 1\n"));
        assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()), "{quit}");
    }
    caret("y", "error: unknown variable `y`", "y");
    assert!(error_of("del q").contains("del: no variable `q`"));
    assert!(error_of("del").contains("usage: del NAME[, NAME...]"));
    assert!(error_of("del a,").contains("usage: del NAME[, NAME...]"));
    assert!(error_of("a.foo").contains("not `.foo`"));
    assert!(error_of("sinn(a)").contains("hint: did you mean `sin`?"));
    assert!(error_of("a[b]").contains("an index must be an integer literal"));
    assert!(error_of("a[1000000]").contains("index 1000000 is out of bounds for axis 0 with size 1000000"));
    assert!(error_of("a.sum()").contains("write `sum(a)` for `a.sum()`"));
    assert!(error_of("len(a + 1)").contains("unknown function `len`"));
}

#[test]
fn help_names_every_command_and_says_what_each_function_does() {
    let o = script(":help\nhelp(sin)\n:help asin\n:help linspace\n:help time\nhelp(frob)\n");
    let (out, err) = (stdout(&o), stderr(&o));
    for command in ["help", "vars", "time", "threads", "precision", "ir", "clif", "asm", "plot", "hist", "save"] {
        assert!(out.contains(&format!("\n  :{command} ")), ":{command} is not listed:\n{out}");
    }
    assert!(out.contains(":q, :exit") && out.contains(":who"), "{out}");
    // Each function's line starts with its signature; none is only its own name.
    assert!(out.contains("\n  sin(x): the sine of x, in radians\n"), "{out}");
    assert!(out.contains("\n  sum(x, axis=None, keepdims=False)"), "{out}");
    assert!(!out.contains("sin        sin") && !out.contains("\n  exp        exp"), "{out}");
    assert!(out.contains("\nsin(x): the sine of x, in radians\n"), "{out}");
    assert!(out.contains("\nasin: arcsin under another name\narcsin(x): the angle in [-pi/2, pi/2]"), "{out}");
    assert!(out.contains("\nlinspace(start, stop, num=50, endpoint=True"), "{out}");
    assert!(out.contains("\n:time [NAME =] EXPR: run EXPR repeatedly"), "{out}");
    assert!(err.contains("no function, constructor or command `frob`"), "{err}");
}

#[test]
fn commands_take_assignments_and_asm_disassembles() {
    let o = script(":time z = a * 2\nz.shape\n:ir w = a +* 1\n:ir w = a + 1\n:asm a * 2 + 1\n:threads 100000\n");
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(out.contains(" runs: min ") && out.contains("\n(1000000,)\n"), "{out}");
    // The caret points into the command's own text.
    assert!(err.contains("  w = a +* 1\n         ^"), "{err}");
    assert!(out.contains("= input float64 a"), "{out}");
    // Real instructions with their addresses and bytes, the constants apart; not Cranelift's listing.
    assert!(out.lines().any(|l| l.trim_end().ends_with(" ret") && l.trim_start().starts_with(char::is_numeric)));
    assert!(out.contains("mulpd") && out.contains("; constants"), "{out}");
    assert!(!out.contains("uninit") && !out.contains("block0"), "{out}");
    assert!(out.contains("threads: 100000 (warning: this machine has"), "{out}");
}

/// `:time`'s figure per element counts the elements read: a sum over the demo's `a` (10^6 elements) is
/// its median time over 10^6, not over its one result.
#[test]
fn time_per_element_counts_the_elements_read() {
    let o = script(":time sum(a)\n");
    let out = stdout(&o);
    let ns = |text: &str, unit: &str| -> f64 {
        let v: f64 = text.trim_end_matches(unit).trim().parse().unwrap_or_else(|_| panic!("{text}: {out}"));
        v * match unit {
            "ms" => 1e6,
            "µs" => 1e3,
            _ => 1.0,
        }
    };
    let median = out.split("median ").nth(1).and_then(|r| r.split(" (").next()).expect("a median");
    let unit = ["ms", "µs", "ns"].into_iter().find(|u| median.ends_with(u)).expect("a unit");
    let per = out.split(" (").nth(1).and_then(|r| r.split(" ns per element").next()).expect("a figure per element");
    let (median, per) = (ns(median, unit), ns(per, "ns"));
    assert!((per * 1e6 - median).abs() <= median * 0.02 + 1e4, "{out}");
}

#[test]
fn eval_prints_in_full_when_asked() {
    let d = tempdir();
    let file = d.join("long.npy");
    ndarray_npy::write_npy(&file, &ndarray::Array1::from_iter(0..1500i64)).unwrap();
    let input = format!("a={}", file.display());
    let summary = stdout(&numjit(&["eval", "a", "-i", &input]));
    assert_eq!(summary, "[   0    1    2 ... 1497 1498 1499]\n");
    let full = stdout(&numjit(&["eval", "a", "-i", &input, "--print", "full"]));
    assert_eq!(full.split(|c: char| !c.is_ascii_digit()).filter(|t| !t.is_empty()).count(), 1500, "{full}");
    assert!(full.starts_with("[   0    1    2    3") && full.ends_with("1498 1499]\n"), "{full}");
}

/// Tab twice lists the candidates; Tab in `load('...` completes file names; an open parenthesis gives a
/// continuation prompt; Ctrl-C drops a half-typed entry of several lines.
#[test]
fn completion_lists_candidates_and_ctrl_c_clears_a_multi_line_entry() {
    let d = tempdir();
    std::fs::write(d.join("uniquely_named_input.npy"), b"").unwrap();
    let cmd = format!("env NUMJIT_HISTORY={} TERM=xterm {}", d.join("history").display(), crate::cli::BIN);
    let mut s = rexpect::spawn(&cmd, Some(30_000)).unwrap();
    let pause = |ms| std::thread::sleep(std::time::Duration::from_millis(ms));
    let prompt = |s: &mut rexpect::session::PtySession| {
        s.exp_string(">>> ").unwrap();
        pause(300);
    };
    let typed = |s: &mut rexpect::session::PtySession, text: &str| {
        s.send(text).unwrap();
        s.flush().unwrap();
        pause(150);
    };
    s.exp_string("demo data").unwrap();
    prompt(&mut s);
    typed(&mut s, "arcs");
    typed(&mut s, "\t");
    typed(&mut s, "\t");
    s.exp_regex("arcsin +arcsinh").unwrap();
    typed(&mut s, "\x15");
    s.send_line("").unwrap();
    prompt(&mut s);
    typed(&mut s, &format!("load('{}/uniquely_na", d.display()));
    typed(&mut s, "\t");
    s.exp_string("uniquely_named_input.npy").unwrap();
    typed(&mut s, "\x03");
    prompt(&mut s);
    // A parenthesis left open: the next line starts with `... ` and the statement goes on.
    typed(&mut s, "(10 +\r");
    s.exp_string("... ").unwrap();
    typed(&mut s, "5) * 3\r");
    s.exp_string("45").unwrap();
    prompt(&mut s);
    // An entry open over two lines, then Ctrl-C: the next entry starts afresh.
    typed(&mut s, "(1 +\r");
    s.exp_string("... ").unwrap();
    typed(&mut s, "\x03");
    prompt(&mut s);
    s.send_line("7 * 6").unwrap();
    s.exp_string("42").unwrap();
    s.send_line(":quit").unwrap();
    s.exp_eof().unwrap();
}
