"""numjit.dask on a real distributed cluster: two worker processes on the loopback, started and stopped here."""

import os
import signal
import time

import numpy as np
import pytest

da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")

import dask  # noqa: E402

import numjit  # noqa: E402
import numjit.dask as njd  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        silence_logs=40,
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def rng(seed=0):
    return np.random.default_rng(seed)


def check(got, want, exact=False):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    if exact or want.dtype.kind in "biub":
        np.testing.assert_array_equal(got, want)
    else:
        tol = {2: 4e-3, 4: 2e-6, 8: 1e-13, 16: 1e-13}[want.real.dtype.itemsize if want.dtype.kind == "c" else want.dtype.itemsize]
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


# Chunkings of a 2-D array of shape (7, 12): even, uneven, one element per chunk, one chunk.
CHUNKINGS = [(3, 4), ((2, 5), (1, 4, 7)), (1, 1), (7, 12)]


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize(
    "expr, want",
    [
        ("2*a + 3*b - c", lambda a, b, c: 2 * a + 3 * b - c),
        ("sin(a) + cos(a)", lambda a, b, c: np.sin(a) + np.cos(a)),
        ("where(a > 0.5, a, -b)", lambda a, b, c: np.where(a > 0.5, a, -b)),
        ("a * c[0] + b[:, :1]", lambda a, b, c: a * c[0] + b[:, :1]),
        ("a ** 2 > b", lambda a, b, c: a ** 2 > b),
    ],
)
def test_elementwise(client, chunks, expr, want):
    a, b = rng(1).random((7, 12)), rng(2).random((7, 12))
    c = rng(3).random(12)
    x, y = da.from_array(a, chunks=chunks), da.from_array(b, chunks=chunks)
    z = da.from_array(c, chunks=chunks[1] if isinstance(chunks[1], tuple) else chunks[1])
    r = njd.evaluate(expr, local_dict={"a": x, "b": y, "c": z})
    assert isinstance(r, da.Array)
    got = r.compute()
    check(got, want(a, b, c))
    # Elementwise, each chunk's values are the bits numjit computes over the whole arrays.
    assert got.tobytes() == numjit.evaluate(expr, local_dict={"a": a, "b": b, "c": c}).tobytes()


def test_broadcasting_mixes_dask_numpy_and_scalars(client):
    a = rng(4).random((6, 1, 5))
    b = rng(5).random((4, 1))
    x = da.from_array(a, chunks=(2, 1, 2))
    r = njd.evaluate("x * b + s - int32(k)", local_dict={"x": x, "b": b, "s": 2.5, "k": np.int64(3)})
    assert r.shape == (6, 4, 5) and r.dtype == np.float64
    check(r.compute(), a * b + 2.5 - np.int32(3), exact=True)
    # NumPy 2's promotion: a float32 array and a Python float stay float32.
    f = da.from_array(a.astype(np.float32), chunks=2)
    r = njd.evaluate("f * 2.0 + 1", local_dict={"f": f})
    assert r.dtype == np.float32
    check(r.compute(), a.astype(np.float32) * 2.0 + 1, exact=True)


def test_elementwise_is_one_layer_reading_each_variable_once(client):
    x = da.from_array(rng(6).random((8, 8)), chunks=4)
    y = da.from_array(rng(7).random((8, 8)), chunks=4)
    r = njd.evaluate("sin(x) * x + cos(x) / (y + x)", local_dict={"x": x, "y": y})
    added = set(r.dask.layers) - set(x.dask.layers) - set(y.dask.layers)
    assert len(added) == 1
    (layer,) = [r.dask.layers[k] for k in added]
    # Each task reads each variable's chunk once: 2 inputs, not 4 mentions.
    assert len(layer.indices) == 2
    assert r.chunks == x.chunks


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int32, np.int64, np.bool_, np.complex128, np.float16])
@pytest.mark.parametrize("func", ["sum", "prod", "min", "max", "mean", "var", "std", "any", "all", "count_nonzero",
                                  "argmin", "argmax"])
def test_reductions_of_every_axis_form(client, func, dtype):
    base = rng(8).random((6, 5, 4)) * 3
    if func == "prod":
        base = 0.5 + base / 3
    a = (base > 1.5) if dtype == np.bool_ else (base + 1j * base[::-1] if dtype == np.complex128 else base).astype(dtype)
    x = da.from_array(a, chunks=((2, 3, 1), (5,), (1, 3)))
    if func in ("argmin", "argmax", "min", "max") and dtype == np.complex128:
        # numjit orders no complex numbers; the error comes when the expression is given.
        with pytest.raises(numjit.UnsupportedError, match="complex"):
            njd.evaluate("%s(x)" % func, local_dict={"x": x})
        return
    forms = ["", ", axis=0", ", axis=-1", ", axis=1, keepdims=True"]
    if func not in ("argmin", "argmax"):
        forms += [", axis=(0, 2)", ", keepdims=True", ", axis=(2, 0, 1)"]
    if func in ("var", "std"):
        forms += [", ddof=1", ", axis=1, ddof=2"]
    for form in forms:
        expr = "%s(x%s)" % (func, form)
        r = njd.evaluate(expr, local_dict={"x": x})
        want = np.asarray(eval("np.%s(a%s)" % (func, form)))  # NumPy takes the same arguments
        got = r.compute()
        assert r.shape == want.shape and r.dtype == want.dtype, (expr, r.dtype, want.dtype)
        if dtype == np.float16 and func in ("var", "std", "mean", "sum", "prod"):
            np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=2e-3, err_msg=expr)
        else:
            check(got, want, exact=func in ("min", "max", "argmin", "argmax", "any", "all", "count_nonzero"))


def test_argmin_and_argmax_find_the_first_and_nan():
    a = np.array([[3.0, 1.0, 1.0, 5.0], [5.0, np.nan, 0.0, np.nan], [0.0, 0.0, 7.0, 7.0]])
    x = da.from_array(a, chunks=1)
    for expr in ["argmin(x)", "argmax(x)", "argmin(x, axis=1)", "argmax(x, axis=0)", "argmin(x[::2])",
                 "argmax(x[::2], axis=1)"]:
        got = njd.evaluate(expr, local_dict={"x": x}).compute(scheduler="sync")
        check(got, numjit.evaluate(expr, local_dict={"x": a}), exact=True)
    assert njd.evaluate("argmax(x)", local_dict={"x": x}).compute() == np.argmax(a)


@pytest.mark.parametrize(
    "expr, want",
    [
        ("(a - mean(a)) / std(a)", lambda a, b: (a - a.mean()) / a.std()),
        ("a / sum(a, axis=1, keepdims=True)", lambda a, b: a / a.sum(axis=1, keepdims=True)),
        ("sum(a - mean(a, axis=0), axis=1)", lambda a, b: (a - a.mean(axis=0)).sum(axis=1)),
        ("sum(a * b) + max(b, axis=0)", lambda a, b: (a * b).sum() + b.max(axis=0)),
        ("var(a * 2 + b, axis=0) - std(sin(b), ddof=1)", lambda a, b: (a * 2 + b).var(axis=0) - np.sin(b).std(ddof=1)),
        ("sum(sum(a, axis=0) * b[0])", lambda a, b: (a.sum(axis=0) * b[0]).sum()),
        ("a - max(a, axis=0, keepdims=True) + b[0]", lambda a, b: a - a.max(axis=0, keepdims=True) + b[0]),
    ],
)
def test_reductions_inside_expressions(client, expr, want):
    a, b = rng(9).random((9, 7)), rng(10).random((9, 7))
    for chunks in [(2, 3), (9, 7), (1, 7)]:
        x, y = da.from_array(a, chunks=chunks), da.from_array(b, chunks=chunks)
        check(njd.evaluate(expr, local_dict={"a": x, "b": y}).compute(), want(a, b))


@pytest.mark.parametrize(
    "expr, want",
    [
        ("a[1:] - a[:-1]", lambda a, m: a[1:] - a[:-1]),
        ("m[1:-1, 1:-1]*4 - m[:-2, 1:-1] - m[2:, 1:-1] - m[1:-1, :-2] - m[1:-1, 2:]",
         lambda a, m: m[1:-1, 1:-1] * 4 - m[:-2, 1:-1] - m[2:, 1:-1] - m[1:-1, :-2] - m[1:-1, 2:]),
        ("a[::-1] * a", lambda a, m: a[::-1] * a),
        ("a[-3] + a[:-20]", lambda a, m: a[-3] + a[:-20]),
        ("m[..., 2] + m[:, None, 0]", lambda a, m: m[..., 2] + m[:, None, 0]),
        ("sum(m[::2, 1::3], axis=0)", lambda a, m: m[::2, 1::3].sum(axis=0)),
    ],
)
def test_slices_are_dask_slices(client, expr, want):
    a = rng(11).random(17)
    m = rng(12).random((11, 13))
    r = njd.evaluate(expr, local_dict={"a": da.from_array(a, chunks=4), "m": da.from_array(m, chunks=(4, 5))})
    check(r.compute(), want(a, m))


@pytest.mark.parametrize(
    "expr, want",
    [
        ("x @ w", lambda x, w, b, v, s: x @ w),
        ("tanh(x @ w + b)", lambda x, w, b, v, s: np.tanh(x @ w + b)),
        ("sum((x @ w) ** 2, axis=1)", lambda x, w, b, v, s: ((x @ w) ** 2).sum(axis=1)),
        ("(x + 1) @ w[:, 1:] - 2", lambda x, w, b, v, s: (x + 1) @ w[:, 1:] - 2),
        ("x[2:] @ sum(s, axis=(0, 1))", lambda x, w, b, v, s: x[2:] @ s.sum(axis=(0, 1))),
        ("s @ w", lambda x, w, b, v, s: s @ w),
        ("sum(dot(x, v)) + matmul(v, w)", lambda x, w, b, v, s: np.dot(x, v).sum() + np.matmul(v, w)),
        ("dot(s, w)", lambda x, w, b, v, s: np.dot(s, w)),
        ("dot(2.0, x) + sum(dot(v, 3))", lambda x, w, b, v, s: np.dot(2.0, x) + np.dot(v, 3).sum()),
        ("x @ w @ (b[:, None] * b)", lambda x, w, b, v, s: x @ w @ (b[:, None] * b)),
        ("int32(x * 10) @ int32(w * 10)", lambda x, w, b, v, s: (x * 10).astype(np.int32) @ (w * 10).astype(np.int32)),
        ("(x + 1j) @ w", lambda x, w, b, v, s: (x + 1j) @ w),
        ("float16(x) @ float16(w)", lambda x, w, b, v, s: x.astype(np.float16) @ w.astype(np.float16)),
    ],
)
def test_matrix_products(client, expr, want):
    x, w, s = rng(20).random((9, 7)), rng(21).random((7, 5)), rng(22).random((3, 9, 7))
    b, v = rng(23).random(5), rng(24).random(7)
    env = {"x": da.from_array(x, chunks=(4, 3)), "w": da.from_array(w, chunks=(2, 5)), "s": da.from_array(s, chunks=(2, 4, 7)),
           "b": b, "v": da.from_array(v, chunks=3)}
    r = njd.evaluate(expr, local_dict=env)
    expected = want(x, w, b, v, s)
    assert r.shape == expected.shape and r.dtype == expected.dtype, (r.shape, r.dtype)
    check(r.compute(), expected)


def test_float16_products_sum_in_float32_across_blocks(client):
    a = rng(25).random((4, 2051)).astype(np.float16)
    b = rng(26).random((2051, 3)).astype(np.float16)
    r = njd.evaluate("x @ y", local_dict={"x": da.from_array(a, chunks=(4, 7)), "y": da.from_array(b, chunks=(7, 3))})
    # NumPy's bits here (summed in float32, rounded once); float16 partial sums of the 293 blocks, as Dask's
    # own float16 product keeps them, differ in 7 of the 12 elements by up to 0.5.
    assert r.dtype == np.float16
    np.testing.assert_array_equal(r.compute(), a @ b)


def test_the_same_bits_whatever_the_workers(client):
    a = da.random.default_rng(13).random((300, 200), chunks=(70, 45))
    for expr in ["sum(sin(a) + cos(a))", "std(a, axis=0)", "mean(a * a, axis=1) - var(a)", "prod(a + 0.5)"]:
        r = njd.evaluate(expr, local_dict={"a": a})
        on_cluster = r.compute()
        alone = r.compute(scheduler="sync")
        threads = r.compute(scheduler="threads", num_workers=3)
        assert on_cluster.tobytes() == alone.tobytes() == threads.tobytes(), expr


def test_types_and_errors_come_before_anything_runs():
    def boom(block):
        raise AssertionError("a task ran")

    x = da.from_array(np.zeros((4, 6)), chunks=2).map_blocks(boom, dtype=np.float64)
    i = da.zeros((4, 6), dtype=np.int16, chunks=3).map_blocks(boom, dtype=np.int16)
    r = njd.evaluate("sum(x * i, axis=0) > 1", local_dict={"x": x, "i": i})
    assert (r.shape, r.dtype, r.chunks) == ((6,), np.bool_, ((2, 1, 1, 2),))
    assert njd.evaluate("i // 2 + i", local_dict={"i": i}).dtype == np.int16
    with pytest.raises(SyntaxError):
        njd.evaluate("x +* 2", local_dict={"x": x})
    with pytest.raises(KeyError):
        njd.evaluate("x + nope", local_dict={"x": x})
    with pytest.raises(ValueError, match=r"shapes \(4, 6\) and \(5,\)"):
        njd.evaluate("x + y", local_dict={"x": x, "y": da.zeros(5)})
    with pytest.raises(ValueError, match="axis 2 is out of bounds"):
        njd.evaluate("sum(x, axis=2)", local_dict={"x": x})
    with pytest.raises(IndexError, match="index 4 is out of bounds for axis 0 with size 4"):
        njd.evaluate("x[4]", local_dict={"x": x})
    with pytest.raises(TypeError, match="object"):
        njd.evaluate("x + o", local_dict={"x": x, "o": np.array([None] * 6)})
    with pytest.raises(TypeError):
        njd.evaluate("x + 1", local_dict={"x": x}, out=np.zeros((4, 6)))
    with pytest.raises(ValueError, match=r"`@`: shapes \(4, 6\) and \(5, 2\) are not aligned"):
        njd.evaluate("sum(x @ y)", local_dict={"x": x, "y": da.zeros((5, 2))})
    with pytest.raises(ValueError, match="unknown"):
        njd.evaluate("x + 1", local_dict={"x": x[x[:, 0] > 0]})


def test_variables_from_the_callers_frame():
    a = da.ones((3, 4), chunks=2)
    k = 2
    check(njd.evaluate("a * k").compute(), np.full((3, 4), 2.0), exact=True)


def test_workers_use_the_threads_their_nanny_gives(client):
    # A nanny starts each worker with OMP_NUM_THREADS=1; numjit reads it at import.
    assert set(client.run(numjit.get_num_threads).values()) == {1}


def test_a_killed_worker_loses_nothing(client):
    def slow(block):
        time.sleep(0.05)
        return block

    a = da.from_array(rng(14).random((600, 50)), chunks=(10, 50)).map_blocks(slow, dtype=np.float64)
    r = njd.evaluate("sum(sin(a)**2 + cos(a)**2 + a)", local_dict={"a": a})
    want = 30000 + rng(14).random((600, 50)).sum()
    future = client.compute(r)
    deadline = time.time() + 30
    while not client.processing() or sum(map(len, client.processing().values())) == 0:
        assert time.time() < deadline
        time.sleep(0.05)
    time.sleep(0.5)
    pids = client.run(os.getpid)
    victim = sorted(pids)[0]
    os.kill(pids[victim], signal.SIGKILL)
    got = future.result(timeout=120)
    assert abs(got - want) < 1e-9 * want
    # The nanny started a new worker in its place.
    client.wait_for_workers(2, timeout=60)
    assert pids[victim] not in client.run(os.getpid).values()


def test_split_every_shapes_the_tree_and_only_the_tree():
    a = rng(15).random((40, 30))
    x = da.from_array(a, chunks=(3, 4))
    wide = njd.evaluate("sum(x * 2)", local_dict={"x": x})
    narrow = njd.evaluate("sum(x * 2)", local_dict={"x": x}, split_every=2)
    assert len(dask.optimize(narrow)[0].dask) > len(dask.optimize(wide)[0].dask)
    for r in (wide, narrow):
        check(r.compute(scheduler="sync"), (a * 2).sum())
    by_axis = njd.evaluate("mean(x, axis=0)", local_dict={"x": x}, split_every={0: 3})
    check(by_axis.compute(scheduler="sync"), a.mean(axis=0))
    with pytest.raises(ValueError, match="Unknown keyword"):
        njd.evaluate("x + 1", local_dict={"x": x}, spilt_every=2)
