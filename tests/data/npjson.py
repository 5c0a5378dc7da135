"""Arrays as the Rust tests read them: {"dtype", "shape", "values"}, values as strings (floats as repr, NaN as nan or -nan)."""
import math

import numpy as np


def encode(a):
    a = np.asarray(a)
    if a.dtype.kind == "f":
        # A NaN keeps its sign: NumPy's functions give -nan (x86-64's default NaN) for invalid arguments.
        vals = [("-nan" if math.copysign(1.0, v) < 0 else "nan") if math.isnan(v) else repr(v)
                for v in map(float, a.ravel())]
    elif a.dtype.kind == "b":
        vals = ["True" if v else "False" for v in a.ravel()]
    else:
        vals = [str(int(v)) for v in a.ravel()]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "values": vals}
