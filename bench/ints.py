#!/usr/bin/env python3
"""Integer dtypes, numjit against NumPy, one thread, side by side.

    cargo build --release -p numjit-cli
    OMP_NUM_THREADS=1 bench/.venv/bin/python bench/ints.py   # any Python with NumPy 2

Writes random uint8, int16 and int32 inputs (10^7 elements) as .npy files, times each expression with
NumPy (median of 15 runs after a warm-up) and with `:time` in numjit's script mode on the same files,
and prints a Markdown table of the medians.
"""
import numpy as np

from sidebyside import numjit_medians, numpy_median

N = 10**7
EXPRS = ["a8 * b8 + 3", "s16 * t16 + 3", "a32 * b32 + 3", "(a8 < b8) & (s16 > 0)", "sum(a8)", "sum(s16)"]


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
    medians = numjit_medians(arrays, EXPRS)
    names = {"sum": np.sum, **arrays}
    print("| expression | NumPy | numjit |\n|---|---|---|")
    for expr, jit in zip(EXPRS, medians):
        print(f"| `{expr}` | {numpy_median(expr, names):.2f} ms | {jit} |")


main()
