"""Writes promotion.jsonl: the result dtype NumPy 2 gives every binary operator and function for every pair
of operand kinds (arrays of each dtype, and Python bool, int, float and complex scalars), and every unary operator and
one-operand function for arrays of each dtype, or that it refuses.

Run with NumPy 2 installed, from this folder: `python3 promotion.py`. The Rust test
`tests/it/promotion.rs` compiles each expression with numjit and compares the dtype (or the refusal).
"""
import json
import warnings

import numpy as np

warnings.simplefilter("ignore")

# Variable names as the Rust test declares them, and Python scalars written as numjit literals.
ARRAYS = {"p": np.bool_, "i1": np.int8, "i2": np.int16, "i": np.int32, "x": np.int64, "u1": np.uint8,
          "u2": np.uint16, "u4": np.uint32, "u8": np.uint64, "h": np.float16, "f": np.float32,
          "a": np.float64, "c": np.complex64, "z": np.complex128}
# 300 is beyond the 8-bit integers and -1 below the unsigned ones: NumPy refuses those pairs (NEP 50).
SCALARS = {"True": True, "3": 3, "300": 300, "(-1)": -1, "2.5": 2.5, "(2-1j)": 2 - 1j}

OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "<<", ">>", "<", "<=", "==", "!=", ">=", ">"]
FUNCTIONS = {
    "minimum": np.minimum,
    "maximum": np.maximum,
    "copysign": np.copysign,
    "nextafter": np.nextafter,
    "arctan2": np.arctan2,
    "hypot": np.hypot,
    "fmod": np.fmod,
    "power": np.power,
}


# One-operand operators and functions, on arrays of each dtype (on Python scalars they are Python's).
UNARY_OPERATORS = ["-", "+", "~"]
UNARY_FUNCTIONS = ["abs", "absolute", "sign", "sqrt", "floor", "ceil", "trunc", "round", "isnan", "isinf",
                   "isfinite", "signbit", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
                   "arcsinh", "arccosh", "arctanh", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
                   "cbrt", "conj", "ones_like"]


def value(name):
    if name in ARRAYS:
        return np.array([1, 2], dtype=ARRAYS[name])
    return SCALARS[name]


def main():
    names = list(ARRAYS) + list(SCALARS)
    lines = []
    for left in names:
        for right in names:
            if left in SCALARS and right in SCALARS:
                continue
            l, r = value(left), value(right)
            env = {"l": l, "r": r}
            cases = [(f"{left} {op} {right}", lambda op=op: eval(f"l {op} r", env)) for op in OPERATORS]
            cases += [(f"{name}({left}, {right})", lambda f=f: f(l, r)) for name, f in FUNCTIONS.items()]
            for expr, run in cases:
                try:
                    result = np.asarray(run())
                    lines.append({"expr": expr, "dtype": str(result.dtype)})
                except (TypeError, OverflowError, ValueError):
                    lines.append({"expr": expr, "error": True})
    for name in ARRAYS:
        env = {"v": value(name), "np": np}
        cases = [(f"{op}{name}", f"{op}v") for op in UNARY_OPERATORS]
        cases += [(f"{f}({name})", f"np.{f}(v)") for f in UNARY_FUNCTIONS]
        for expr, code in cases:
            try:
                lines.append({"expr": expr, "dtype": str(np.asarray(eval(code, env)).dtype)})
            except (TypeError, OverflowError, ValueError):
                lines.append({"expr": expr, "error": True})
    with open("promotion.jsonl", "w") as out:
        for line in lines:
            out.write(json.dumps(line) + "\n")
    print(f"{len(lines)} cases, NumPy {np.__version__}")


main()
