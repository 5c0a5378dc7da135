#!/usr/bin/env python3
"""Integer dtypes, numjit against NumPy, one thread, side by side.

    cargo build --release -p numjit-cli
    OMP_NUM_THREADS=1 bench/.venv/bin/python bench/ints.py   # any Python with NumPy 2

Writes random uint8, int16 and int32 inputs (10^7 elements) as .npy files, times each expression with
NumPy (median of 15 runs after a warm-up) and with `:time` in numjit's script mode on the same files,
and prints a Markdown table of the medians.
"""
import os
import subprocess
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "numjit")
N = 10**7
EXPRS = ["a8 * b8 + 3", "s16 * t16 + 3", "a32 * b32 + 3", "(a8 < b8) & (s16 > 0)", "sum(a8)", "sum(s16)"]


def numpy_median(expr, arrays):
    f = eval("lambda: " + expr, {"sum": np.sum, **arrays})
    f()
    times = []
    for _ in range(15):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2] * 1e3


def main():
    rng = np.random.default_rng(1)
    arrays = {
        "a8": rng.integers(0, 256, N).astype(np.uint8),
        "b8": rng.integers(0, 256, N).astype(np.uint8),
        "s16": rng.integers(-30000, 30000, N).astype(np.int16),
        "t16": rng.integers(-30000, 30000, N).astype(np.int16),
        "a32": rng.integers(-2**31, 2**31, N).astype(np.int32),
        "b32": rng.integers(-2**31, 2**31, N).astype(np.int32),
    }
    with tempfile.TemporaryDirectory() as d:
        script = ":threads 1\n"
        for name, a in arrays.items():
            path = os.path.join(d, name + ".npy")
            np.save(path, a)
            script += f"{name} = load('{path}')\n"
        script += "".join(f":time r = {e}\n" for e in EXPRS)
        out = subprocess.run([BINARY], input=script, capture_output=True, text=True, check=True).stdout
    medians = [line.split("median ")[1].split(" (")[0] for line in out.splitlines() if "median" in line]
    print("| expression | NumPy | numjit |\n|---|---|---|")
    for expr, jit in zip(EXPRS, medians):
        print(f"| `{expr}` | {numpy_median(expr, arrays):.2f} ms | {jit} |")


main()
