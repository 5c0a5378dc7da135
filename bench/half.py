#!/usr/bin/env python3
"""float16, numjit against NumPy, one thread, side by side (and float32 beside it, per element).

    cargo build --release -p numjit-cli
    OMP_NUM_THREADS=1 bench/.venv/bin/python bench/half.py   # any Python with NumPy 2

Writes random float16 and float32 inputs (10^7 elements in [0, 1)) as .npy files, times each expression
with NumPy (median of 15 runs after a warm-up) and with `:time` in numjit's script mode on the same files,
and prints a Markdown table of the medians.
"""
import re

import numpy as np

from sidebyside import numjit_medians, numpy_median

N = 10**7
# Each expression over float16 (h, k) and over float32 (f, g).
EXPRS = ["{0} * {1} + 3", "{0} * {1} + {0} / {1}", "sqrt({0}) + {1}", "sin({0})", "exp({0}) * {1}", "sum({0})",
         "max({0})", "where({0} > 0.5, {0}, {1})"]
FNS = {"sin": np.sin, "exp": np.exp, "sqrt": np.sqrt, "sum": np.sum, "max": np.max, "where": np.where}


def main():
    rng = np.random.default_rng(1)
    arrays = {name: rng.random(N, dtype=np.float32) for name in ("f", "g")}
    arrays["h"], arrays["k"] = arrays["f"].astype(np.float16), arrays["g"].astype(np.float16)
    exprs = [e.format(*pair) for e in EXPRS for pair in (("h", "k"), ("f", "g"))]
    medians = numjit_medians(arrays, exprs)
    names = {**FNS, **arrays}
    print("| expression | dtype | NumPy | numjit |\n|---|---|---|---|")
    for expr, jit in zip(exprs, medians):
        dtype = "float16" if re.search(r"\bh\b", expr) else "float32"
        print(f"| `{expr}` | {dtype} | {numpy_median(expr, names):.2f} ms | {jit} |")


main()
