#!/usr/bin/env python3
"""The 5-point stencil on a 4000 x 4000 float64 array: numjit against NumPy and numexpr, one thread.

    cargo build --release -p numjit-cli
    OMP_NUM_THREADS=1 bench/.venv/bin/python bench/stencil.py   # any Python with NumPy 2 (numexpr optional)

NumPy computes the expression with four temporaries; numexpr is passed the five views as arrays (it
cannot slice); numjit reads the five views of `m` where they lie, in one pass. Beside them, `m * 1.0`
(numjit), which reads the array once and writes the result once: the memory traffic the stencil needs.
Medians of 15 runs (NumPy, numexpr) and of `:time` (numjit), in ms.
"""
import numpy as np

from sidebyside import numjit_medians, numpy_median

N = 4000
STENCIL = "m[1:-1, 1:-1] * 4 - m[:-2, 1:-1] - m[2:, 1:-1] - m[1:-1, :-2] - m[1:-1, 2:]"


def main():
    m = np.random.default_rng(1).random((N, N))
    stencil, copy = numjit_medians({"m": m}, [STENCIL, "m * 1.0"])
    print(f"| | ms |\n|---|---|\n| NumPy | {numpy_median(STENCIL, {'m': m}):.1f} |")
    try:
        import numexpr
        numexpr.set_num_threads(1)
        views = {"c": m[1:-1, 1:-1], "n": m[:-2, 1:-1], "s": m[2:, 1:-1], "w": m[1:-1, :-2], "e": m[1:-1, 2:]}
        names = {"numexpr": numexpr, "views": views}
        t = numpy_median("numexpr.evaluate('c * 4 - n - s - w - e', local_dict=views)", names)
        print(f"| numexpr (the views passed in) | {t:.1f} |")
    except ImportError:
        print("| numexpr | not installed |")
    print(f"| numjit | {stencil} |\n| numjit `m * 1.0` (one read, one write) | {copy} |")


main()
