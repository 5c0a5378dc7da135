"""Arrays as the Rust tests read them: {"dtype", "shape", "values"}, values as strings (floats as repr)."""
import numpy as np


def encode(a):
    a = np.asarray(a)
    if a.dtype.kind == "f":
        vals = [repr(float(v)) for v in a.ravel()]
    elif a.dtype.kind == "b":
        vals = ["True" if v else "False" for v in a.ravel()]
    else:
        vals = [str(int(v)) for v in a.ravel()]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "values": vals}
