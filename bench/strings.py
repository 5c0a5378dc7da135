#!/usr/bin/env python3
"""Byte strings, numjit against NumPy (and numexpr where it is installed), one thread, side by side.

    cargo build --release -p numjit-cli
    OMP_NUM_THREADS=1 bench/.venv/bin/python bench/strings.py   # any Python with NumPy 2 (numexpr optional)

Writes 10^6 random byte strings of 8 bytes (over `a`, `b` and NUL, so that prefixes, padding and matches
are common) and a float64 array as .npy files, times each expression with NumPy (median of 15 runs after
a warm-up; `contains` is `np.strings.find(s, t) >= 0`), numexpr (one thread) and `:time` in numjit's
script mode on the same files, and prints a Markdown table of the medians.
"""
import numpy as np

from sidebyside import numjit_medians, numpy_median

N = 10**6
EXPRS = ["s == b'abab'", "s < t", "contains(s, b'ba')", "where(contains(s, b'ba'), x, 0.0)", "sum(s == t)"]


def contains(a, b):
    return np.strings.find(a, b) >= 0


def main():
    rng = np.random.default_rng(1)
    alphabet = np.frombuffer(b"ab\0", dtype=np.uint8)
    strings = lambda: alphabet[rng.integers(0, 3, (N, 8))].copy().view("S8").reshape(N)
    arrays = {"s": strings(), "t": strings(), "x": rng.random(N)}
    medians = numjit_medians(arrays, EXPRS)
    try:
        import numexpr
        numexpr.set_num_threads(1)
    except ImportError:
        numexpr = None
    names = {"contains": contains, "where": np.where, "sum": np.sum, **arrays}
    print("| expression | NumPy | numexpr | numjit |\n|---|---|---|---|")
    for expr, jit in zip(EXPRS, medians):
        ne = "n/a"
        if numexpr is not None:
            try:
                ne = f"{numpy_median(f'numexpr.evaluate({expr!r})', {'numexpr': numexpr, **arrays}):.2f} ms"
            except Exception as e:  # numexpr lacks some forms (`sum` of a comparison)
                ne = f"({type(e).__name__})"
        print(f"| `{expr}` | {numpy_median(expr, names):.2f} ms | {ne} | {jit} |")


main()
