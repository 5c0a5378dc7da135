#!/usr/bin/env python3
"""numjit's matrix products against NumPy's (OpenBLAS) and a joblib task per row, in one run.

    python3 bench/matmul.py                 # 1000 and 4000, float64 and float32, 1 and 2 threads
    python3 bench/matmul.py --sizes 1000 --repeat 5
    python3 bench/matmul.py --sizes 1000 --dtypes complex128,complex64 --no-tanh

It runs in bench/.venv (made as compare.py makes it, joblib added). For each thread count it starts
itself again with OPENBLAS_NUM_THREADS set (OpenBLAS reads it at import) and numjit.set_num_threads, and
times, interleaved round by round (medians): `numjit.evaluate("a @ b", out=c)`, NumPy's
`np.matmul(a, b, out=c)`, and at 1000 the seed's hand-parallel version, a joblib task per row of `a`
(`np.dot(a[i], b)`, processes as joblib's default backend runs them, `n_jobs` the thread count). Then
`tanh(x @ w + b)` at 4096x1024 by 1024x1024 (float32 and float64): numjit, which computes the product and
then one fused pass for the rest, against NumPy's three passes.
"""
import argparse
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare  # noqa: E402


def one_count(threads, sizes, repeat, dtypes, tanh):
    import numpy as np
    from joblib import Parallel, delayed

    import numjit

    numjit.set_num_threads(threads)
    rng = np.random.default_rng(0)
    for n in sizes:
        for dtype in dtypes:
            def make():
                x = rng.random((n, n))
                return (x + 1j * rng.random((n, n)) if np.dtype(dtype).kind == "c" else x).astype(dtype)

            a, b = make(), make()
            c = np.empty((n, n), dtype)
            want = a @ b
            got = numjit.evaluate("a @ b", local_dict={"a": a, "b": b})
            single = np.dtype(dtype) in (np.float32, np.complex64)
            assert np.allclose(got, want, rtol=1e-4 if single else 1e-10), "numjit and NumPy disagree"
            reps = repeat if n <= 2000 else max(1, repeat // 2)
            ways = {
                "numjit": lambda: numjit.evaluate("a @ b", local_dict={"a": a, "b": b}, out=c),
                "numpy": lambda: np.matmul(a, b, out=c),
            }
            if n <= 1000 and np.dtype(dtype).kind == "f":
                ways["joblib rows"] = lambda: np.array(Parallel(n_jobs=threads)(delayed(np.dot)(a[i], b) for i in range(n)))
            times = {k: [] for k in ways}
            for _ in range(3):
                for k, f in ways.items():
                    times[k].append(compare.median_time(f, reps))
            m = {k: statistics.median(v) * 1e3 for k, v in times.items()}
            line = f"{n:>5} {np.dtype(dtype).name:<10} {threads} thr  numjit {m['numjit']:9.1f} ms  numpy {m['numpy']:9.1f} ms  numpy/numjit {m['numpy'] / m['numjit']:5.2f}"
            if "joblib rows" in m:
                line += f"  joblib rows {m['joblib rows']:9.1f} ms"
            print(line, flush=True)
    for dtype in (np.float32, np.float64) if tanh else ():
        x = rng.random((4096, 1024)).astype(dtype)
        w = (rng.random((1024, 1024)).astype(dtype) - 0.5) * 0.1
        bias = rng.random(1024).astype(dtype)
        out = np.empty((4096, 1024), dtype)
        nj = lambda: numjit.evaluate("tanh(x @ w + bias)", local_dict={"x": x, "w": w, "bias": bias}, out=out)
        npf = lambda: np.tanh(x @ w + bias)
        assert np.allclose(numjit.evaluate("tanh(x @ w + bias)", local_dict={"x": x, "w": w, "bias": bias}), npf(),
                           rtol=1e-4, atol=1e-5)
        tn, tp = [], []
        for _ in range(3):
            tn.append(compare.median_time(nj, repeat))
            tp.append(compare.median_time(npf, repeat))
        tn, tp = statistics.median(tn) * 1e3, statistics.median(tp) * 1e3
        print(f"tanh(x @ w + b) 4096x1024x1024 {np.dtype(dtype).name:<8} {threads} thr  numjit {tn:8.1f} ms  "
              f"numpy {tp:8.1f} ms  numpy/numjit {tp / tn:5.2f}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000,4000")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--dtypes", default="float64,float32", help="of the square products (complex ones too)")
    p.add_argument("--no-tanh", action="store_true", help="leave out tanh(x @ w + b)")
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    if args.one:
        one_count(args.one, sizes, args.repeat, args.dtypes.split(","), not args.no_tanh)
        return
    compare.ensure_venv(False, ["joblib"])
    import numjit

    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("Model name")), "?")
    print(f"host: {model}; {numjit._numjit.host()}", flush=True)
    for t in [int(t) for t in args.threads.split(",")]:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t))
        again = ["--one", str(t), "--sizes", args.sizes, "--repeat", str(args.repeat), "--dtypes", args.dtypes]
        subprocess.check_call([sys.executable, __file__] + again + (["--no-tanh"] if args.no_tanh else []), env=env)


if __name__ == "__main__":
    main()
