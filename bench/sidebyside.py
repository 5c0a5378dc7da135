"""Timing numjit beside NumPy on the same data: what `ints.py` and `half.py` share."""
import os
import subprocess
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "numjit")


def numpy_median(expr, names):
    """NumPy's median of 15 runs of `expr` after a warm-up, in ms; `names` are what it reads."""
    f = eval("lambda: " + expr, dict(names))
    f()
    times = []
    for _ in range(15):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2] * 1e3


def numjit_medians(arrays, exprs):
    """numjit's `:time` medians of `exprs`, one thread, over `arrays` written as .npy files, as printed."""
    with tempfile.TemporaryDirectory() as d:
        script = ":threads 1\n"
        for name, a in arrays.items():
            path = os.path.join(d, name + ".npy")
            np.save(path, a)
            script += f"{name} = load('{path}')\n"
        script += "".join(f":time r = {e}\n" for e in exprs)
        out = subprocess.run([BINARY], input=script, capture_output=True, text=True, check=True).stdout
    return [line.split("median ")[1].split(" (")[0] for line in out.splitlines() if "median" in line]
