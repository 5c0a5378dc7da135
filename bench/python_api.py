#!/usr/bin/env python3
"""numjit's Python API against `numjit bench` (the command) on compare.py's workloads, interleaved.

    python3 bench/compare.py --sizes 0 --reductions 0     # once: creates bench/.venv with the package
    bench/.venv/bin/python bench/python_api.py [--rounds 5] [--n 1e7]

For each workload and thread count, `rounds` times in turn: `numjit bench` (a process of its own, median
of 7 runs) and `numjit.evaluate(expr, local_dict=..., out=...)` in this process (median of 7 runs after a
warm-up, the same output array each time, new arrays each round); prints the medians of the rounds and their
ratio. Interleaving spreads this shared VM's drift over both.
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import compare  # noqa: E402
import numjit  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--n", default="1e7")
    p.add_argument("--only", nargs="*", help="workload names (the table's first column) to run, default all")
    args = p.parse_args()
    binary = compare.numjit_binary()
    n = int(float(args.n))
    rng = np.random.default_rng(1)
    print(f"{'workload':<24}" + "".join(f"{f'bench {t}t':>12}{f'python {t}t':>12}{'ratio':>8}" for t in (1, 2)))
    for name, expr, _, names in compare.WORKLOADS:
        if args.only and name not in args.only:
            continue
        times = {(t, who): [] for t in (1, 2) for who in ("bench", "python")}
        for _ in range(args.rounds):
            # Fresh arrays each round, as each `numjit bench` process makes its own: where the pages of an
            # array land decides how its lines share the caches, a few percent either way on this VM.
            v = {k: rng.random(n) for k in names}
            out = np.empty(n)
            for t in (1, 2):
                times[t, "bench"].append(compare.numjit_times(binary, expr, n, "float64", t, 7))
                numjit.set_num_threads(t)
                times[t, "python"].append(compare.median_time(lambda: numjit.evaluate(expr, local_dict=v, out=out), 7))
        line = f"{name:<24}"
        for t in (1, 2):
            b, py = statistics.median(times[t, "bench"]), statistics.median(times[t, "python"])
            line += f"{b * 1e3:>9.2f} ms{py * 1e3:>9.2f} ms{py / b:>8.3f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
