"""Writes complex_functions.jsonl: the complex functions NumPy 2 computes (through the C library's cexp,
clog, csqrt, ...) on special values of every kind against each other and on ordinary values of every
magnitude, for complex128 and complex64.

Run with NumPy 2 installed: `python3 tests/data/complex_functions.py`. The Rust test
`tests/it/complex.rs` evaluates each function with numjit (both back ends) and compares: special values
(infinities, zeros with their signs, NaN) exactly, finite parts within a few units in the last place.
"""
import json
import math
import os
import warnings

import numpy as np

from npjson import encode

warnings.simplefilter("ignore")
nan, inf = math.nan, math.inf

FUNCTIONS = ["exp", "log", "log2", "log10", "sqrt"]

SPECIAL = [0.0, -0.0, inf, -inf, nan, 1.0, -1.0, 0.5, -2.5, 1e-310, -3e-320, 1e300, -1e308, 709.5, 710.0,
           -745.5, 3.0, math.pi / 2, 100.0, 1e-8]
SPECIAL32 = [0.0, -0.0, inf, -inf, nan, 1.0, -1.0, 0.5, -2.5, 1e-40, -3e-45, 1e30, -3e38, 88.5, 89.0,
             -104.0, 3.0, math.pi / 2, 30.0, 1e-5]


def values(dtype, special):
    grid = [complex(a, b) for a in special for b in special]
    rng = np.random.default_rng(17)
    # Ordinary values of every magnitude and sign, and values near the unit circle (where log is subtle).
    mag = 10.0 ** rng.uniform(-30 if dtype == np.complex64 else -300, 30 if dtype == np.complex64 else 300, 150)
    ordinary = mag * np.exp(1j * rng.uniform(-math.pi, math.pi, 150))
    near = (1 + rng.uniform(-1e-3, 1e-3, 100)) * np.exp(1j * rng.uniform(-math.pi, math.pi, 100))
    modest = rng.normal(0, 3, 150) + 1j * rng.normal(0, 3, 150)
    return np.concatenate([np.array(grid, dtype=np.complex128), ordinary, near, modest]).astype(dtype)


out = []
for dtype, special in [(np.complex128, SPECIAL), (np.complex64, SPECIAL32)]:
    z = values(dtype, special)
    for f in FUNCTIONS:
        out.append({"expr": f"{f}(z)", "inputs": {"z": encode(z)}, "result": encode(getattr(np, f)(z))})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "complex_functions.jsonl")
with open(path, "w") as fh:
    fh.write(f"# numpy {np.__version__}\n")
    for case in out:
        fh.write(json.dumps(case) + "\n")
print(f"{len(out)} cases written to {path}")
