"""Writes complex_functions.jsonl: the complex functions on special values of every kind against each
other and on ordinary values of every magnitude, for complex128 and complex64. Where both parts of the
argument are finite, the expected value is the exact one, each part correctly rounded (mpmath at 800
digits); elsewhere it is NumPy 2's (the C library's `cexp`, `clog`, `csqrt`, ..., C99 Annex G's special
values).

Run with NumPy 2 and mpmath installed: `python3 tests/data/complex_functions.py`. The Rust test
`tests/it/complex.rs` evaluates each function with numjit (both back ends) and compares: special values
(infinities, zeros with their signs, NaN) exactly, finite parts within a few units in the last place.
"""
import json
import math
import os
import warnings

import mpmath
import numpy as np

from npjson import encode

warnings.simplefilter("ignore")
nan, inf = math.nan, math.inf

FUNCTIONS = ["exp", "log", "log2", "log10", "sqrt", "expm1", "log1p", "sin", "cos", "tan", "sinh", "cosh", "tanh",
             "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh"]

SPECIAL = [0.0, -0.0, inf, -inf, nan, 1.0, -1.0, -2.5, 1e-310, 1e300, -1e308, 709.5, 710.0, -745.5, math.pi / 2, 1e-8]
SPECIAL32 = [0.0, -0.0, inf, -inf, nan, 1.0, -1.0, -2.5, 1e-40, 1e30, -3e38, 88.5, 89.0, -104.0, math.pi / 2, 1e-5]


def values(dtype, special):
    grid = [complex(a, b) for a in special for b in special]
    rng = np.random.default_rng(17)
    # Ordinary values of every magnitude and sign, and values near the unit circle (where log is subtle).
    mag = 10.0 ** rng.uniform(-30 if dtype == np.complex64 else -300, 30 if dtype == np.complex64 else 300, 150)
    ordinary = mag * np.exp(1j * rng.uniform(-math.pi, math.pi, 150))
    near = (1 + rng.uniform(-1e-3, 1e-3, 100)) * np.exp(1j * rng.uniform(-math.pi, math.pi, 100))
    modest = rng.normal(0, 3, 150) + 1j * rng.normal(0, 3, 150)
    return np.concatenate([np.array(grid, dtype=np.complex128), ordinary, near, modest]).astype(dtype)


mpmath.mp.dps = 80
EXACT = {"exp": mpmath.exp, "log": mpmath.log, "log2": lambda z: mpmath.log(z) / mpmath.log(2),
         "log10": lambda z: mpmath.log(z) / mpmath.log(10), "sqrt": mpmath.sqrt, "expm1": mpmath.expm1,
         "log1p": mpmath.log1p, "sin": mpmath.sin, "cos": mpmath.cos, "tan": mpmath.tan, "sinh": mpmath.sinh,
         "cosh": mpmath.cosh, "tanh": mpmath.tanh, "arcsin": mpmath.asin, "arccos": mpmath.acos,
         "arctan": mpmath.atan, "arcsinh": mpmath.asinh, "arccosh": mpmath.acosh, "arctanh": mpmath.atanh}


def part(v, dtype):
    """An exact real part rounded to the dtype's float (through float64; float32 values are rounded from
    the exact value by way of a float64 that holds more than twice float32's digits)."""
    f = float(v)
    return np.float32(f) if dtype == np.complex64 else f


def reference(f, z, dtype):
    want = getattr(np, f)(z)
    if f == "expm1":
        # NumPy's expm1 computes e^x sin y even where sin y is 0 (a NaN for infinite x): numjit's is
        # exp(z) - 1 where a part is not finite, and exactly real for a real argument.
        bad = ~(np.isfinite(z.real) & np.isfinite(z.imag))
        want[bad] = np.exp(z[bad]) - 1
        real = np.isfinite(z.real) & (z.imag == 0)
        want[real] = [complex(a, b) for a, b in zip(np.expm1(z.real[real]), z.imag[real])]
    for i, v in enumerate(z):
        if not (math.isfinite(v.real) and math.isfinite(v.imag)):
            continue
        x = mpmath.mpc(float(v.real), float(v.imag))
        try:
            # Enough digits that formulas with cancellation (mpmath's atan of a tiny argument) keep 80.
            with mpmath.workdps(800):
                r = EXACT[f](x)
        except (ZeroDivisionError, ValueError):
            continue  # log(0): NumPy's -inf + angle
        # mpmath has no signed zeros: an exact zero part is NumPy's, with its sign, and so is a part whose
        # sign depends on the sign of a zero in the argument (the side of a branch cut: log(-1 - 0j)).
        signed_zero = v.real == 0 or v.imag == 0
        def pick(exact, numpy_part):
            rounded = float(part(exact, dtype))
            flipped = rounded != 0 and math.copysign(1, rounded) != math.copysign(1, numpy_part)
            if exact == 0 or (signed_zero and flipped):
                return numpy_part
            return part(exact, dtype)
        want[i] = complex(pick(r.real, want[i].real), pick(r.imag, want[i].imag))
    return want


out = []
for dtype, special in [(np.complex128, SPECIAL), (np.complex64, SPECIAL32)]:
    z = values(dtype, special)
    out.append({"inputs": {"z": encode(z)}, "results": {f"{f}(z)": encode(reference(f, z, dtype)) for f in FUNCTIONS}})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "complex_functions.jsonl")
with open(path, "w") as fh:
    fh.write(f"# numpy {np.__version__}\n")
    for case in out:
        fh.write(json.dumps(case) + "\n")
print(f"{sum(len(c['results']) for c in out)} cases written to {path}")
