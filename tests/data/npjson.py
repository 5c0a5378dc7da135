"""Arrays as the Rust tests read them: {"dtype", "shape", "values"}, values as strings (floats as repr, NaN as nan or -nan, complex numbers as "re,im", byte strings as the hex of their bytes)."""
import math

import numpy as np


def _float(v):
    # A NaN keeps its sign: NumPy's functions give -nan (x86-64's default NaN) for invalid arguments.
    return ("-nan" if math.copysign(1.0, v) < 0 else "nan") if math.isnan(v) else repr(v)


def encode(a):
    a = np.asarray(a)
    if a.dtype.kind == "f":
        vals = [_float(v) for v in map(float, a.ravel())]
    elif a.dtype.kind == "c":
        vals = [f"{_float(float(v.real))},{_float(float(v.imag))}" for v in a.ravel()]
    elif a.dtype.kind == "S":
        # Each string's bytes in hex, NUL padding included.
        raw = a.tobytes()
        n = a.dtype.itemsize
        vals = [raw[k * n:(k + 1) * n].hex() for k in range(a.size)]
        return {"dtype": f"S{n}", "shape": list(a.shape), "values": vals}
    elif a.dtype.kind == "b":
        vals = ["True" if v else "False" for v in a.ravel()]
    else:
        vals = [str(int(v)) for v in a.ravel()]
    out = {"dtype": str(a.dtype), "shape": list(a.shape), "values": vals}
    if a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous:
        out["order"] = "F"  # the values are still in C order
    return out
