#!/usr/bin/env python3
"""Every math function beside NumPy, at both precisions: the table of "The math at the CPU's full width".

    python3 bench/functions.py                          # n = 10^7, one thread, float64 and float32
    python3 bench/functions.py --n 1000000 --rounds 3 --only tanh,arctan --dtypes float32

Run it with a Python that has NumPy 2 (bench/compare.py makes bench/.venv with one) after
`cargo build --release -p numjit-cli`. For each expression and dtype it times NumPy in this process (an
output buffer for single functions, as a loop over arrays would reuse one; the median of --repeat runs
after a warm-up) and numjit with `numjit bench EXPR --threads 1 --precision high|fast --json` (its
median of --repeat runs over the same uniform [0, 1) inputs, `a + 1` for `arccosh`), the three
alternating over --rounds rounds; it prints the medians over the rounds in ms and NumPy's time over
numjit's (above 1: numjit is faster), with the host's CPU and the width numjit uses.
"""
import argparse
import json
import os
import statistics
import subprocess
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "numjit")

# expression, NumPy function of (a, b, out): None for `out` where NumPy would need a temporary anyway
ROWS = [
    ("exp(a)", lambda a, b, o: np.exp(a, out=o)),
    ("exp2(a)", lambda a, b, o: np.exp2(a, out=o)),
    ("expm1(a)", lambda a, b, o: np.expm1(a, out=o)),
    ("log(a)", lambda a, b, o: np.log(a, out=o)),
    ("log2(a)", lambda a, b, o: np.log2(a, out=o)),
    ("log10(a)", lambda a, b, o: np.log10(a, out=o)),
    ("log1p(a)", lambda a, b, o: np.log1p(a, out=o)),
    ("sin(a)", lambda a, b, o: np.sin(a, out=o)),
    ("cos(a)", lambda a, b, o: np.cos(a, out=o)),
    ("tan(a)", lambda a, b, o: np.tan(a, out=o)),
    ("arcsin(a)", lambda a, b, o: np.arcsin(a, out=o)),
    ("arccos(a)", lambda a, b, o: np.arccos(a, out=o)),
    ("arctan(a)", lambda a, b, o: np.arctan(a, out=o)),
    ("sinh(a)", lambda a, b, o: np.sinh(a, out=o)),
    ("cosh(a)", lambda a, b, o: np.cosh(a, out=o)),
    ("tanh(a)", lambda a, b, o: np.tanh(a, out=o)),
    ("arcsinh(a)", lambda a, b, o: np.arcsinh(a, out=o)),
    ("arccosh(a + 1)", lambda a, b, o: np.arccosh(np.add(a, 1, out=o), out=o)),
    ("arctanh(a)", lambda a, b, o: np.arctanh(a, out=o)),
    ("cbrt(a)", lambda a, b, o: np.cbrt(a, out=o)),
    ("arctan2(a, b)", lambda a, b, o: np.arctan2(a, b, out=o)),
    ("hypot(a, b)", lambda a, b, o: np.hypot(a, b, out=o)),
    ("a ** b", lambda a, b, o: np.power(a, b, out=o)),
    ("sin(a) + cos(a)", lambda a, b, o: np.sin(a) + np.cos(a)),
    ("log1p(a) + arctan2(a, b)", lambda a, b, o: np.log1p(a) + np.arctan2(a, b)),
    ("exp(-a**2/2) * sqrt(a)", lambda a, b, o: np.exp(-a**2 / 2) * np.sqrt(a)),
    ("sum(a)", lambda a, b, o: np.sum(a)),
    ("mean(a)", lambda a, b, o: np.mean(a)),
    ("max(a)", lambda a, b, o: np.max(a)),
]


def numpy_ms(f, a, b, o, repeat):
    f(a, b, o)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f(a, b, o)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def numjit_ms(expr, n, dtype, precision, repeat, width):
    env = dict(os.environ)
    if width:
        env["NUMJIT_WIDTH"] = str(width)
    args = [BINARY, "bench", expr, "--n", str(n), "--dtype", dtype[:1] + dtype[-2:], "--threads", "1",
            "--precision", precision, "--repeat", str(repeat), "--json"]
    return json.loads(subprocess.check_output(args, env=env))["median_ms"]


def host():
    model, flags = "?", []
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name") and model == "?":
            model = line.split(":", 1)[1].strip()
        if line.startswith("flags") and not flags:
            flags = line.split(":", 1)[1].split()
    family = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("cpu family")), "?")
    cpu_model = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model\t")), "?")
    wide = [f for f in flags if f in ("avx2", "fma", "f16c") or f.startswith("avx512")]
    return f"{model}, family {family} model {cpu_model}; {' '.join(wide)}"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=10_000_000)
    p.add_argument("--dtypes", default="float64,float32")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--only", help="comma-separated substrings: only the rows whose expression has one")
    p.add_argument("--width", type=int, help="NUMJIT_WIDTH for numjit (128 or 256); default: the CPU's")
    args = p.parse_args()
    rows = ROWS
    if args.only:
        keys = args.only.split(",")
        rows = [r for r in ROWS if any(k in r[0] for k in keys)]
    print(f"# {host()}")
    print(f"# NumPy {np.__version__}; numjit: {subprocess.check_output([BINARY, '--version'], text=True).strip()}"
          f", width {args.width or 'the CPU'}; n = {args.n}, one thread, ms, medians of {args.rounds} rounds"
          f" of {args.repeat}")
    rng = np.random.default_rng(1)
    for dtype in args.dtypes.split(","):
        a = rng.random(args.n).astype(dtype)
        b = rng.random(args.n).astype(dtype)
        o = np.empty_like(a)
        print(f"\n| {dtype} | NumPy | high | fast | NumPy / high | NumPy / fast |")
        print("|---|---|---|---|---|---|")
        for expr, f in rows:
            t = {"np": [], "high": [], "fast": []}
            for _ in range(args.rounds):
                t["np"].append(numpy_ms(f, a, b, o, args.repeat))
                for prec in ("high", "fast"):
                    t[prec].append(numjit_ms(expr, args.n, dtype, prec, args.repeat, args.width))
            m = {k: statistics.median(v) for k, v in t.items()}
            print(f"| `{expr}` | {m['np']:.3g} | {m['high']:.3g} | {m['fast']:.3g} | "
                  f"{m['np'] / m['high']:.2f} | {m['np'] / m['fast']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
