#!/usr/bin/env python3
"""numjit.dask against Dask's own NumPy-backed graph and numexpr in `map_blocks`, on one local cluster.

    python3 bench/dask_bench.py               # the seeds' workload: 10000x10000 float64 in 1000x1000 chunks
    python3 bench/dask_bench.py --big 1e10    # also sum(sin(a)**2 + cos(a)**2) over 10^10 float64 elements

It runs in bench/.venv (made as compare.py makes it, with dask and distributed added), starts a
`distributed.LocalCluster` of --workers processes of one thread each on 127.0.0.1, persists a random array
of --n x --n float64 in --chunk x --chunk chunks on it, and times each row three ways, interleaved round by
round (--repeat rounds after a warm-up; medians): `numjit.dask.evaluate(...)`, Dask's own array functions,
and numexpr evaluating each chunk in `map_blocks` (Dask combining the chunks' results). Each time is the
whole `compute()` of a graph built anew, as a user's call would be. Then, with --big N, it sums
`sin(a)**2 + cos(a)**2` over N elements drawn by `da.random` in chunks of --big-chunk elements (never all
in memory), on a fresh cluster, and reports the time, the value and each worker's peak resident memory.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare  # noqa: E402

DASK = ["dask[array]==2026.8.0", "distributed==2026.8.0"]


def numexpr_block(x, expr):
    import numexpr

    return numexpr.evaluate(expr, local_dict={"x": x})


def numexpr_block_sum(x):
    import numexpr
    import numpy as np

    return np.asarray(numexpr.evaluate("sum(x)", local_dict={"x": x})).reshape(1, 1)


def peak_rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cluster(workers):
    from distributed import Client, LocalCluster

    c = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                     dashboard_address=None, silence_logs=40)
    return c, Client(c)


def seeds_workload(args):
    import dask.array as da
    import numpy as np
    from distributed import wait

    import numjit.dask

    c, client = cluster(args.workers)
    a = da.random.default_rng(0).random((args.n, args.n), chunks=args.chunk).persist()
    wait(a)
    rows = [
        ("sum(a)", {
            "numjit.dask": lambda: numjit.dask.evaluate("sum(a)", local_dict={"a": a}),
            "dask": lambda: a.sum(),
            "numexpr map_blocks": lambda: a.map_blocks(numexpr_block_sum, chunks=(1, 1)).sum(),
        }),
        ("sum(sin(a)+cos(a))", {
            "numjit.dask": lambda: numjit.dask.evaluate("sum(sin(a) + cos(a))", local_dict={"a": a}),
            "dask": lambda: (da.sin(a) + da.cos(a)).sum(),
            "numexpr map_blocks": lambda: a.map_blocks(numexpr_block, expr="sin(x) + cos(x)").sum(),
        }),
    ]
    print(f"{args.n}x{args.n} float64 in {args.chunk}x{args.chunk} chunks, {args.workers} worker processes of "
          f"1 thread; medians of {args.repeat} rounds, s")
    print(f"{'':<22}{'numjit.dask':>12}{'dask':>12}{'numexpr':>12}{'dask/numjit':>13}{'numexpr/numjit':>16}")
    for name, ways in rows:
        values = {way: float(make().compute()) for way, make in ways.items()}  # warm-up: kernels compiled
        times = {way: [] for way in ways}
        for _ in range(args.repeat):
            for way, make in ways.items():
                t = time.perf_counter()
                make().compute()
                times[way].append(time.perf_counter() - t)
        m = {way: statistics.median(ts) for way, ts in times.items()}
        nj, dk, ne = m["numjit.dask"], m["dask"], m["numexpr map_blocks"]
        print(f"{name:<22}{nj:>12.3f}{dk:>12.3f}{ne:>12.3f}{dk / nj:>13.2f}{ne / nj:>16.2f}")
        print(f"{'  values':<22}" + "".join(f"{v:>22.15g}" for v in values.values()))
    client.close()
    c.close()


def big(args):
    import dask.array as da

    import numjit.dask

    n, chunk = int(float(args.big)), int(float(args.big_chunk))
    c, client = cluster(args.workers)
    a = da.random.default_rng(1).random(n, chunks=chunk)
    r = numjit.dask.evaluate("sum(sin(a)**2 + cos(a)**2)", local_dict={"a": a})
    t = time.perf_counter()
    value = float(r.compute())
    took = time.perf_counter() - t
    peaks = client.run(peak_rss_mb)
    print(f"sum(sin(a)**2 + cos(a)**2) over {n:.3g} float64 ({n * 8 / 1e9:.0f} GB, {a.npartitions} chunks of "
          f"{chunk * 8 / 1e6:.0f} MB): {value!r} (relative error {abs(value - n) / n:.2g}) in {took:.1f} s")
    print("workers' peak resident memory: " + ", ".join(f"{p:.0f} MB" for p in sorted(peaks.values())))
    client.close()
    c.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--chunk", type=int, default=1_000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--big", default="0", help="elements of the bigger-than-memory sum (0: skip it)")
    p.add_argument("--big-chunk", default="2.5e7")
    p.add_argument("--skip-seeds", action="store_true", help="run only the --big part")
    args = p.parse_args()
    compare.ensure_venv(False, DASK)
    import numjit

    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("Model name")), "?")
    print(f"host: {model}; {numjit._numjit.host()}")
    if not args.skip_seeds:
        seeds_workload(args)
    if float(args.big) > 0:
        big(args)


if __name__ == "__main__":
    main()
