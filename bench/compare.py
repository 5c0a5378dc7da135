#!/usr/bin/env python3
"""numjit against NumPy and numexpr on the same machine, in one run.

    python3 bench/compare.py                  # the workloads at n = 10^7, float64
    python3 bench/compare.py --sizes 1e3,1e5,1e7 --dtype float32
    python3 bench/compare.py --plot out.png   # also a bar chart (matplotlib)
    python3 bench/compare.py --reductions 1e7 # the reduction rows at 10^7 elements (default 10^8; 0: none)
    python3 bench/compare.py --curve curve.png --reductions 0 --sizes 0
                                              # time per element from n = 10^3 to 10^8, and its plot

It creates its own virtual environment (bench/.venv) with NumPy, numexpr and maturin from PyPI, builds
numjit in release mode (the command, and the Python package into the environment), and for each
workload: writes the inputs as .npy, checks that `numjit eval` agrees with NumPy on them, times NumPy and
numexpr (1 and 2 threads; median of --repeat runs after a warm-up), takes numjit's times from `numjit
bench --json` (1 and 2 threads) and times numjit's Python API in this process the way numexpr is timed
(`numjit.evaluate(expr, local_dict=..., out=...)`, 1 and 2 threads), and prints times and ratios. Then
the cost of one call at n = 1000 (`2*a+3*b`: numjit.evaluate, a compiled numjit expression,
numexpr.evaluate, NumPy). A STREAM-like triad gives the machine's bandwidth, so memory-bound figures can
be read as a fraction of it.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.path.join(HERE, ".venv")

WORKLOADS = [
    # name, numjit/numexpr expression, NumPy function of the inputs, input names
    ("2*a+3*b-c", "2*a + 3*b - c", lambda np, v: 2 * v["a"] + 3 * v["b"] - v["c"], "abc"),
    ("a*b+c*d", "a*b + c*d", lambda np, v: v["a"] * v["b"] + v["c"] * v["d"], "abcd"),
    ("a**2", "a**2", lambda np, v: v["a"] ** 2, "a"),
    ("where(a>0.5,a,b)", "where(a > 0.5, a, b)", lambda np, v: np.where(v["a"] > 0.5, v["a"], v["b"]), "ab"),
    ("sin(a)+cos(a)", "sin(a) + cos(a)", lambda np, v: np.sin(v["a"]) + np.cos(v["a"]), "a"),
    ("exp(-a**2/2)*sqrt(a)", "exp(-a**2/2) * sqrt(a)", lambda np, v: np.exp(-v["a"] ** 2 / 2) * np.sqrt(v["a"]), "a"),
    ("log1p(a)+arctan2(a,b)", "log1p(a) + arctan2(a, b)", lambda np, v: np.log1p(v["a"]) + np.arctan2(v["a"], v["b"]), "ab"),
]

# Reductions: name, numjit expression, numexpr expression (None where numexpr has no equivalent), NumPy
# function, and the inputs (a function of NumPy, a generator and n). numjit is timed with `:time` in its
# script mode, on the same .npy inputs, since `numjit bench` makes only 1-d uniform inputs.
REDUCTIONS = [
    ("sum(a)", "sum(a)", "sum(a)", lambda np, v: np.sum(v["a"]), lambda np, rng, n: {"a": rng.random(n)}),
    ("sum(a*b)", "sum(a*b)", "sum(a*b)", lambda np, v: np.sum(v["a"] * v["b"]),
     lambda np, rng, n: {"a": rng.random(n), "b": rng.random(n)}),
    ("max(a)", "max(a)", None, lambda np, v: np.max(v["a"]), lambda np, rng, n: {"a": rng.random(n)}),
    ("std(a)", "std(a)", None, lambda np, v: np.std(v["a"]), lambda np, rng, n: {"a": rng.random(n)}),
    ("(a-mean(a))/std(a)", "(a - mean(a)) / std(a)", None, lambda np, v: (v["a"] - np.mean(v["a"])) / np.std(v["a"]),
     lambda np, rng, n: {"a": rng.random(n)}),
    ("count in [4,8] per row", "sum((x >= 4) & (x <= 8), axis=1)", "sum(where((x >= 4) & (x <= 8), 1, 0), axis=1)",
     lambda np, v: ((v["x"] >= 4) & (v["x"] <= 8)).sum(axis=1),
     lambda np, rng, n: {"x": rng.integers(0, 10, size=(n // 5, 5), dtype=np.int64)}),
]


def ensure_venv(plot, extra=()):
    """Re-runs this script inside bench/.venv, creating it (and installing packages, and `extra` ones) if
    needed."""
    py = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.prefix) != os.path.abspath(VENV):
        if not os.path.exists(py):
            subprocess.check_call([sys.executable, "-m", "venv", VENV])
        pkgs = ["numpy", "numexpr", "maturin>=1.16,<2"] + (["matplotlib"] if plot else []) + list(extra)
        subprocess.check_call([py, "-m", "pip", "install", "-q"] + pkgs)
        env = dict(os.environ, VIRTUAL_ENV=VENV, PATH=os.path.join(VENV, "bin") + os.pathsep + os.environ["PATH"])
        subprocess.check_call(["maturin", "develop", "--release", "--quiet"], cwd=os.path.join(ROOT, "python"), env=env)
        os.execv(py, [py] + sys.argv)


def numjit_binary():
    subprocess.check_call(["cargo", "build", "--release", "-q"], cwd=ROOT)
    return os.path.join(ROOT, "target", "release", "numjit")


def median_time(f, repeat):
    import time
    f()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def numjit_times(binary, expr, n, dtype, threads, repeat):
    """`numjit bench`'s median; `threads` None: its default (one per core, above the size threshold)."""
    args = [binary, "bench", expr, "--n", str(n), "--dtype", dtype[:1] + dtype[-2:], "--repeat", str(repeat), "--json"]
    if threads is not None:
        args += ["--threads", str(threads)]
    out = subprocess.check_output(args)
    return json.loads(out)["median_ms"] / 1e3


def check_agreement(binary, np, expr, f, inputs, dtype, whole=False):
    """`numjit eval` on (the first 10^4 elements of, unless `whole`) the inputs, against NumPy."""
    if not whole:
        inputs = {k: a[:10_000] for k, a in inputs.items()}
    want = f(np, inputs)
    with tempfile.TemporaryDirectory() as d:
        args = [binary, "eval", expr, "-o", os.path.join(d, "out.npy")]
        for name, arr in inputs.items():
            path = os.path.join(d, f"{name}.npy")
            np.save(path, arr)
            args += ["-i", f"{name}={path}"]
        subprocess.check_call(args)
        got = np.load(os.path.join(d, "out.npy"))
    rtol = 1e-5 if dtype == "float32" else 1e-12
    want = np.asarray(want)
    if got.dtype != want.dtype or not np.allclose(got, want, rtol=rtol, equal_nan=True):
        raise SystemExit(f"numjit and NumPy disagree on {expr}: {got[:4]} vs {want[:4]} ({got.dtype}, {want.dtype})")


def numjit_script_time(binary, np, expr, inputs, threads):
    """Median time of `expr` by `:time` in numjit's script mode, over the inputs saved as .npy."""
    import re
    with tempfile.TemporaryDirectory() as d:
        lines = []
        for name, arr in inputs.items():
            path = os.path.join(d, f"{name}.npy")
            np.save(path, arr)
            lines.append(f'{name} = load("{path}")')
        lines += [f":threads {threads}", f":time {expr}"]
        out = subprocess.run([binary], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True).stdout
    m = re.search(r"median ([0-9.]+) (ns|µs|ms|s)\b", out)
    if not m:
        raise SystemExit(f"no timing from numjit for {expr}: {out}")
    return float(m.group(1)) * {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}[m.group(2)]


def reduction_rows(binary, np, ne, n, repeat):
    rng = np.random.default_rng(2)
    rows = []
    for name, expr, ne_expr, f, make in REDUCTIONS:
        v = make(np, rng, n)
        check_agreement(binary, np, expr, f, v, "float64", whole=True)
        row = {"workload": name, "n": n, "numpy": median_time(lambda: f(np, v), repeat)}
        for t in (1, 2):
            ne.set_num_threads(t)
            row[f"numexpr {t}t"] = median_time(lambda: ne.evaluate(ne_expr, local_dict=v), repeat) if ne_expr else None
            row[f"numjit {t}t"] = numjit_script_time(binary, np, expr, v, t)
        rows.append(row)
    return rows


def triad_bandwidth(np, n=20_000_000):
    a, b, c = np.zeros(n), np.ones(n), np.full(n, 2.0)
    t = median_time(lambda: np.add(b, 3.0 * c, out=a), 5)  # numpy's triad, single-threaded
    return 4 * 8 * n / t / 1e9  # bytes: b, c read, a written (with write-allocate), the temporary


# The size curve: a memory-bound and a compute-bound workload, from sizes where call overhead dominates to
# sizes far beyond the caches.
CURVE_WORKLOADS = [w for w in WORKLOADS if w[0] in ("2*a+3*b-c", "sin(a)+cos(a)")]
CURVE_SIZES = [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000, 10_000_000, 100_000_000]


def curve(binary, np, ne, dtype, path):
    """Times per element against n: NumPy, numexpr on 2 threads, numjit on 1 thread and with its default
    (threads only from `PARALLEL_THRESHOLD` elements up), so the size where numjit starts using threads
    shows; prints the table and plots it."""
    rng = np.random.default_rng(2)
    series = {}
    for name, expr, f, names in CURVE_WORKLOADS:
        for n in CURVE_SIZES:
            v = {k: rng.random(n).astype(dtype) for k in names}
            repeat = max(5, min(2000, int(2e7 // n)))
            out = np.empty(n, dtype=dtype)
            ne.set_num_threads(2)
            row = {
                "NumPy": median_time(lambda: f(np, v), repeat),
                "numexpr 2 threads": median_time(lambda: ne.evaluate(expr, local_dict=v, out=out), repeat),
                "numjit 1 thread": numjit_times(binary, expr, n, dtype, 1, repeat),
                "numjit default": numjit_times(binary, expr, n, dtype, None, repeat),
            }
            for k, t in row.items():
                series.setdefault((name, k), []).append(t / n * 1e9)
            print(f"{name:<16}{n:>11}" + "".join(f"{k:>20}: {t / n * 1e9:8.2f} ns" for k, t in row.items()))
            del v, out
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(CURVE_WORKLOADS), figsize=(12, 4.5))
    for ax, (name, *_rest) in zip(axes, CURVE_WORKLOADS):
        for (w, k), ys in series.items():
            if w == name:
                ax.plot(CURVE_SIZES, ys, marker="o", label=k)
        ax.axvline(32768, color="grey", linestyle=":", label="numjit's thread threshold")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("n (elements, " + dtype + ")")
        ax.set_ylabel("ns per element (median)")
        ax.set_title(name)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"wrote {path}")


def call_overhead(np, ne, nj, n=1000, calls=3000):
    """The time of one call of `2*a+3*b` at n = 1000 (a new result each time; default threads), medians
    of `calls` calls, in microseconds: what a caller pays per call at sizes where the work is small."""
    rng = np.random.default_rng(3)
    a, b = rng.random(n), rng.random(n)
    compiled = nj.compile("2*a+3*b", [("a", np.float64), ("b", np.float64)])
    cases = [
        ("numjit.evaluate('2*a+3*b')", lambda: nj.evaluate("2*a+3*b", local_dict={"a": a, "b": b})),
        ("numjit compiled (c(a, b))", lambda: compiled(a, b)),
        ("numexpr.evaluate('2*a+3*b')", lambda: ne.evaluate("2*a+3*b", local_dict={"a": a, "b": b})),
        ("NumPy 2*a+3*b", lambda: 2 * a + 3 * b),
    ]
    nj.set_num_threads(nj.detect_number_of_threads())
    ne.set_num_threads(ne.detect_number_of_cores())
    print(f"\nOne call at n = {n} (median of {calls} calls)")
    for name, f in cases:
        print(f"{name:<32}{median_time(f, calls) * 1e6:>8.2f} us")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1e7")
    p.add_argument("--dtype", default="float64", choices=["float32", "float64"])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--plot")
    p.add_argument("--reductions", default="1e8", help="n for the reduction rows (0: none)")
    p.add_argument("--curve", help="also time CURVE_WORKLOADS from n = 10^3 to 10^8 and plot ns per element here")
    args = p.parse_args()
    ensure_venv(args.plot or args.curve)
    import numexpr as ne
    import numpy as np

    import numjit as nj

    binary = numjit_binary()
    rng = np.random.default_rng(1)
    rows = []
    for n in [int(float(s)) for s in args.sizes.split(",") if float(s) > 0]:
        for name, expr, f, names in WORKLOADS:
            v = {k: rng.random(n).astype(args.dtype) for k in names}
            check_agreement(binary, np, expr, f, v, args.dtype)
            row = {"workload": name, "n": n, "numpy": median_time(lambda: f(np, v), args.repeat)}
            # numexpr, like numjit's bench, writes into one output buffer reused across runs.
            out = np.empty(n, dtype=ne.evaluate(expr, local_dict={k: a[:1] for k, a in v.items()}).dtype)
            for t in (1, 2):
                ne.set_num_threads(t)
                row[f"numexpr {t}t"] = median_time(lambda: ne.evaluate(expr, local_dict=v, out=out), args.repeat)
                row[f"numjit {t}t"] = numjit_times(binary, expr, n, args.dtype, t, args.repeat)
                nj.set_num_threads(t)
                row[f"py {t}t"] = median_time(lambda: nj.evaluate(expr, local_dict=v, out=out), args.repeat)
            rows.append(row)
            del v, out
    n_red = int(float(args.reductions))
    if n_red > 0:
        rows += reduction_rows(binary, np, ne, n_red, args.repeat)
    if args.curve:
        curve(binary, np, ne, args.dtype, args.curve)
    cols = ["numpy", "numexpr 1t", "numexpr 2t", "numjit 1t", "numjit 2t"]
    print(f"{'workload':<24}{'n':>10}" + "".join(f"{c:>13}" for c in cols) + f"{'vs best other':>15}")
    for r in rows:
        times = "".join(f"{r[c] * 1e3:>10.3f} ms" if r[c] is not None else f"{'-':>13}" for c in cols)
        best = min(r[c] for c in cols[:3] if r[c] is not None)
        print(f"{r['workload']:<24}{r['n']:>10}{times}{best / r['numjit 2t']:>14.1f}x")
    py_rows = [r for r in rows if "py 1t" in r]
    if py_rows:
        print("\nnumjit's Python API in this process (numjit.evaluate with local_dict and out, as numexpr above)")
        print(f"{'workload':<24}{'n':>10}{'bench 1t':>13}{'python 1t':>13}{'ratio':>8}{'bench 2t':>13}{'python 2t':>13}{'ratio':>8}")
        for r in py_rows:
            print(f"{r['workload']:<24}{r['n']:>10}" + "".join(
                f"{r[f'numjit {t}t'] * 1e3:>10.3f} ms{r[f'py {t}t'] * 1e3:>10.3f} ms{r[f'py {t}t'] / r[f'numjit {t}t']:>8.3f}"
                for t in (1, 2)))
    call_overhead(np, ne, nj)
    print(f"STREAM-like triad (NumPy, 1 thread): {triad_bandwidth(np):.1f} GB/s")
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(11, 5))
        width = 0.15
        for k, c in enumerate(cols):
            ax.bar([i + k * width for i in range(len(rows))], [(r[c] or 0) * 1e3 for r in rows], width, label=c)
        ax.set_xticks([i + 2 * width for i in range(len(rows))])
        ax.set_xticklabels([f"{r['workload']}\nn={r['n']:.0e}" for r in rows], fontsize=7)
        ax.set_ylabel("ms (median)")
        ax.set_yscale("log")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        print(f"wrote {args.plot}")


if __name__ == "__main__":
    main()
