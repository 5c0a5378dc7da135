#!/usr/bin/env python3
"""Complex numbers, numjit against NumPy, one thread, side by side.

    cargo build --release -p numjit-cli
    OMP_NUM_THREADS=1 bench/.venv/bin/python bench/complex.py   # any Python with NumPy 2

Writes random complex128 and complex64 inputs (10^7 elements, both parts in [0, 1)) and a float64 one as
.npy files, times each expression with NumPy (median of 15 runs after a warm-up; NumPy computes each
operation into a temporary array) and with `:time` in numjit's script mode on the same files (one fused
pass per part), and prints a Markdown table of the medians.
"""
import numpy as np

from sidebyside import numjit_medians, numpy_median

N = 10**7
EXPRS = ["abs(z)**2 + exp(1j*a)", "z * w", "z / w", "z * w + 1j * z", "abs(z)", "exp(z)", "sqrt(z)", "log(z)",
         "sum(z)", "c * d", "abs(c)", "exp(c)"]
FNS = {"abs": np.abs, "exp": np.exp, "sqrt": np.sqrt, "log": np.log, "sum": np.sum}


def main():
    rng = np.random.default_rng(1)
    part = lambda: rng.random(N)
    arrays = {"z": part() + 1j * part(), "w": part() + 1j * part(), "a": part()}
    arrays["c"] = (part() + 1j * part()).astype(np.complex64)
    arrays["d"] = (part() + 1j * part()).astype(np.complex64)
    medians = numjit_medians(arrays, EXPRS)
    names = {**FNS, **arrays}
    print("| expression | dtype | NumPy | numjit |\n|---|---|---|---|")
    for expr, jit in zip(EXPRS, medians):
        dtype = "complex64" if "c" in expr.replace("abs", "").replace("exp", "") else "complex128"
        print(f"| `{expr}` | {dtype} | {numpy_median(expr, names):.2f} ms | {jit} |")


main()
