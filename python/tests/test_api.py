"""The Python API: numexpr's `evaluate` and its companions, checked against NumPy 2."""

import collections
import threading
import time

import numpy as np
import pytest

import numjit

DTYPES = [
    np.bool_,
    np.int8,
    np.int16,
    np.int32,
    np.int64,
    np.uint8,
    np.uint16,
    np.uint32,
    np.uint64,
    np.float16,
    np.float32,
    np.float64,
    np.complex64,
    np.complex128,
]

g = np.arange(4.0)


def in_threads(work, n):
    """Runs `work(k)` for k in 0..n, each on a Python thread of its own, all at once; waits for all."""
    threads = [threading.Thread(target=work, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def same(got, want):
    """Equal dtype, shape and values (NaN equal to NaN)."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_array_equal(got, want)


def test_the_docstrings_example():
    a = np.arange(5.0)
    b = np.ones(5)
    same(numjit.evaluate("2*a + 3*b"), 2 * a + 3 * b)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_every_dtype_gives_numpys_dtype_and_values(dtype):
    a = (np.arange(-6, 18) % 7).astype(dtype).reshape(4, 6)
    b = (np.arange(24) % 5 + 1).astype(dtype).reshape(4, 6)
    for ex in ["a + b", "a * b", "a == b", "where(a < b, a, b)", "sum(a, axis=1)"]:
        want = eval(ex, {"where": np.where, "sum": np.sum}, {"a": a, "b": b}) if "axis" not in ex else a.sum(axis=1)
        if dtype == np.bool_ and ex in ("a + b", "a * b"):
            continue
        same(numjit.evaluate(ex), want)


def test_variables_come_from_the_callers_frame_then_its_globals():
    def inner():
        a = np.arange(4.0)
        return numjit.evaluate("a + g")

    same(inner(), np.arange(4.0) * 2)


def test_local_and_global_dicts_and_any_mapping():
    a = np.arange(3)
    same(numjit.evaluate("a * 2", local_dict={"a": a}), a * 2)
    same(numjit.evaluate("a + b", local_dict={"a": a}, global_dict={"b": a}), a + a)
    chained = collections.ChainMap({"a": a}, {"b": np.ones(3)})
    same(numjit.evaluate("a + b", local_dict=chained), a + 1.0)


def test_scalars_and_constants():
    x = 2.5
    a = np.arange(3.0)
    same(numjit.evaluate("a * x"), a * x)
    same(numjit.evaluate("a * pi"), a * np.pi)
    pi = np.float64(3.0)
    same(numjit.evaluate("a * pi", local_dict={"a": a, "pi": pi}), a * 3.0)


def test_strides_negative_odd_and_fortran_are_read_in_place():
    m = np.arange(60.0).reshape(6, 10)
    views = {"v": m[::-2, 1::3], "w": m.T, "z": m[:, ::-1]}
    for name, v in views.items():
        same(numjit.evaluate("v * 2 + 1", local_dict={"v": v}), v * 2 + 1)
    f = np.asfortranarray(m)
    r = numjit.evaluate("f + 1")
    same(r, m + 1)
    assert r.flags.f_contiguous
    assert numjit.evaluate("f + 1", order="C").flags.c_contiguous


def test_record_fields_and_misaligned_and_big_endian_inputs_are_copied_first():
    rec = np.zeros(5, dtype=[("a", "i1"), ("b", "f8"), ("c", "i4")])
    rec["b"] = np.arange(5.0)
    rec["c"] = np.arange(5) * 3
    same(numjit.evaluate("b + c", local_dict={"b": rec["b"], "c": rec["c"]}), rec["b"] + rec["c"])
    packed = np.zeros(5, dtype=np.dtype([("a", "i1"), ("b", "f8")], align=False))
    packed["b"] = [1.5, 2, 3, 4, 5]
    same(numjit.evaluate("b * 2", local_dict={"b": packed["b"]}), packed["b"] * 2)
    big = np.arange(6, dtype=">f8")
    same(numjit.evaluate("big + 1"), np.arange(6.0) + 1)
    raw = np.frombuffer(b"\0" + np.arange(4.0).tobytes(), dtype=np.float64, offset=1)
    assert not raw.flags.aligned
    same(numjit.evaluate("raw * 3"), np.arange(4.0) * 3)


def test_byte_strings():
    s = np.array([b"ab", b"c", b"xyz", b""])
    same(numjit.evaluate("s == b'c'"), s == b"c")
    same(numjit.evaluate("contains(s, b'y')"), np.array([False, False, True, False]))
    same(numjit.evaluate("s[::-1] < s"), s[::-1] < s)


def test_out_receives_the_result_cast_as_casting_allows():
    a = np.arange(5.0)
    out = np.empty(5)
    assert numjit.evaluate("a * 2", out=out) is out
    same(out, a * 2)
    out32 = np.empty(5, np.float32)
    numjit.evaluate("a * 2", out=out32)
    same(out32, (a * 2).astype(np.float32))
    with pytest.raises(TypeError):
        numjit.evaluate("a * 2", out=np.empty(5, np.int64))
    numjit.evaluate("a * 2", out=(o := np.empty(5, np.int64)), casting="unsafe")
    same(o, (a * 2).astype(np.int64))
    with pytest.raises(ValueError):
        numjit.evaluate("a * 2", out=np.empty(4))
    with pytest.raises(ValueError):
        ro = np.empty(5)
        ro.flags.writeable = False
        numjit.evaluate("a * 2", out=ro)


def test_out_may_be_an_input_or_overlap_one():
    x = np.arange(6.0)
    numjit.evaluate("x + 3", out=x)
    same(x, np.arange(6.0) + 3)
    y = np.arange(6.0)
    numjit.evaluate("y * y + y", out=y)
    same(y, np.arange(6.0) ** 2 + np.arange(6.0))
    z = np.arange(6.0)
    numjit.evaluate("z[::-1] + 1", out=z)
    same(z, np.arange(6.0)[::-1] + 1)
    w = np.arange(7.0)
    numjit.evaluate("v * 10", local_dict={"v": w[1:]}, out=w[:-1])
    same(w, np.array([10.0, 20, 30, 40, 50, 60, 6]))
    i = np.arange(5)
    numjit.evaluate("i / 2", out=i, casting="unsafe")
    same(i, np.array([0, 0, 1, 1, 2]))


def test_errors_are_numexprs_exceptions_with_a_caret():
    a = np.arange(3.0)
    with pytest.raises(SyntaxError) as e:
        numjit.evaluate("a +* 2")
    assert "^" in str(e.value)
    with pytest.raises(KeyError):
        numjit.evaluate("a + nothing_here")
    with pytest.raises(NotImplementedError):
        numjit.evaluate("frobnicate(a)")
    with pytest.raises(TypeError):
        numjit.evaluate("sin(a, a)")
    with pytest.raises(ValueError):
        numjit.evaluate("a + b", local_dict={"a": a, "b": np.ones(4)})
    with pytest.raises(IndexError):
        numjit.evaluate("a[7]")
    with pytest.raises(ValueError, match="step cannot be zero"):
        numjit.evaluate("a[::0]")
    with pytest.raises(TypeError):
        numjit.evaluate("o + 1", local_dict={"o": np.array([object()])})
    with pytest.raises(TypeError):
        numjit.evaluate("u + 1", local_dict={"u": np.array(["x"])})
    with pytest.raises(ValueError, match="Unknown keyword argument 'bogus'"):
        numjit.evaluate("a", bogus=1)
    with pytest.raises(ValueError):
        numjit.evaluate("a", truediv="sometimes")
    numjit.evaluate("a", truediv=True, optimization="moderate")
    with pytest.raises(ValueError):
        numjit.evaluate("a", order="Q")
    with pytest.raises(ValueError):
        numjit.evaluate(b"a")


def test_validate_then_re_evaluate():
    a = np.arange(4.0)
    assert numjit.validate("a * 3") is None
    same(numjit.re_evaluate(), a * 3)
    a = np.ones(4)
    same(numjit.re_evaluate(), np.full(4, 3.0))
    same(numjit.re_evaluate(local_dict={"a": np.zeros(2)}), np.zeros(2))
    assert isinstance(numjit.validate("a +"), SyntaxError)
    assert isinstance(numjit.validate("nothing_here"), KeyError)


def test_thread_settings():
    old = numjit.set_num_threads(1)
    try:
        assert numjit.get_num_threads() == 1
        assert numjit.set_num_threads(2) == 1
        same(numjit.evaluate("g * 2"), g * 2)
        with pytest.raises(ValueError):
            numjit.set_num_threads(0)
    finally:
        numjit.set_num_threads(old)
    assert numjit.ncores == numjit.detect_number_of_cores() >= 1
    assert numjit.nthreads >= 1
    assert numjit.use_vml is False


def test_vml_accuracy_mode_is_the_precision():
    a = np.linspace(0, 10, 1001)
    assert numjit.set_vml_accuracy_mode("low") == "high"
    try:
        fast = numjit.evaluate("sin(a)")
        assert np.max(np.abs(fast - np.sin(a))) < 1e-14
        assert numjit.set_vml_accuracy_mode(None) == "fast"
    finally:
        numjit.set_vml_accuracy_mode("high")
    with pytest.raises(ValueError):
        numjit.set_vml_accuracy_mode("medium")


def test_many_python_threads_at_once():
    a = np.random.default_rng(1).random(50_000)
    want = numjit.evaluate("sin(a) * 2 + a")
    assert np.allclose(want, np.sin(a) * 2 + a, rtol=1e-15, atol=0)
    errors = []

    def work(k):
        for _ in range(20):
            b = a * (k + 1)
            r = numjit.evaluate("sin(a) * 2 + a", local_dict={"a": a})
            q = numjit.evaluate("b / (k + 1)", local_dict={"b": b, "k": np.float64(k)})
            if not (np.array_equal(r, want) and np.allclose(q, a)):
                errors.append(k)

    in_threads(work, 8)
    assert errors == []


def test_the_gil_is_released_while_a_kernel_runs():
    a = np.random.default_rng(2).random(4_000_000)
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.01)
    try:
        start = time.perf_counter()
        while time.perf_counter() - start < 0.5:
            numjit.evaluate("sum(sin(a) * cos(a) + arctan2(a, a + 1))")
            during = [x for x in ticks if x > start]
            if len(during) >= 10:
                break
    finally:
        stop.set()
        t.join()
    assert len([x for x in ticks if x > start]) >= 10


def test_print_versions(capsys):
    numjit.print_versions()
    assert "numjit version" in capsys.readouterr().out


def test_unsupported_operations_are_type_and_not_implemented_errors():
    s = np.array([b"ab", b"c"])
    with pytest.raises(numjit.UnsupportedError) as e:
        numjit.evaluate("s + s")
    assert isinstance(e.value, TypeError) and isinstance(e.value, NotImplementedError)
    with pytest.raises(ValueError, match="negative integer powers"):
        numjit.evaluate("(a + 1) ** -1", local_dict={"a": np.arange(3)})


def test_a_byte_string_variable_alone_is_a_copy():
    s = np.array([b"\0a\0", b"foo\0b"])
    r = numjit.evaluate("s")
    assert r.tobytes() == s.tobytes() and r is not s


def test_a_result_broadcasts_into_out_and_out_is_not_kept_alive():
    out = np.zeros((2, 3), np.int32)
    numjit.evaluate("3", out=out)
    same(out, np.full((2, 3), 3, np.int32))
    numjit.evaluate("a", local_dict={"a": np.arange(3.0)}, out=(f := np.zeros((2, 3))))
    same(f, np.tile(np.arange(3.0), (2, 1)))
    import gc
    import weakref

    a = np.arange(3.0)
    o = np.empty(3)
    numjit.evaluate("a * 2", out=o)
    ref = weakref.ref(o)
    del o
    gc.collect()
    assert ref() is None


class TestInAClassBody:
    a = np.arange(3.0)
    doubled = numjit.evaluate("a * 2")
    kept = a


def test_a_class_bodys_namespace_is_read_not_emptied():
    same(TestInAClassBody.doubled, np.arange(3.0) * 2)
    same(TestInAClassBody.kept, np.arange(3.0))


def test_a_compiled_expression_is_called_many_times_and_casts_safely():
    c = numjit.compile("2*a + 3*b", [("a", np.float64), ("b", np.float64)])
    x, y = np.arange(4.0), np.ones(4)
    same(c(x, y), 2 * x + 3 * y)
    same(c(np.arange(4), y), 2 * x + 3 * y)  # int64 to float64: a safe cast
    assert c.dtype == np.float64 and c.input_names == ("a", "b")
    with pytest.raises(TypeError):
        c(x.astype(np.complex128), y)
    with pytest.raises(TypeError):
        c(x)
    out = np.empty(4)
    assert c(x, y, out=out) is out
    same(out, 2 * x + 3 * y)
    n = numjit.NumExpr("a * 2")
    same(n.run(np.arange(3.0)), np.arange(3.0) * 2)
    s = numjit.compile("s == b'ab'", [("s", "S2")])
    same(s(np.array([b"ab", b"a"])), np.array([True, False]))
    with pytest.raises(SyntaxError):
        numjit.compile("a +", [("a", np.float64)])


def test_a_compiled_expression_pickles_by_its_text():
    import pickle

    c = numjit.compile("where(a > 1, a, -a)", [("a", np.int32)])
    d = pickle.loads(pickle.dumps(c))
    same(d(np.arange(4, dtype=np.int32)), np.array([0, -1, 2, 3], np.int32))
    assert d.signature == c.signature


def _apply(job):
    compiled, a = job
    return compiled(a)


def test_a_process_pool_runs_pickled_compiled_expressions():
    import multiprocessing

    c = numjit.compile("sqrt(a) * 2", [("a", np.float64)])
    jobs = [(c, np.arange(k, k + 5.0)) for k in range(4)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_apply, jobs)
    for (_, a), r in zip(jobs, results):
        same(r, c(a))


def test_python_threads_share_one_compiled_expression():
    c = numjit.compile("sum(a * k)", [("a", np.float64), ("k", np.float64)])
    a = np.arange(100_000.0)
    results, errors = {}, []

    def work(k):
        try:
            for _ in range(20):
                results[k] = c(a, np.float64(k))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    in_threads(work, 8)
    assert errors == []
    for k in range(8):
        same(results[k], c(a, np.float64(k)))


def test_threads_start_as_numexpr_reads_the_environment():
    import os
    import subprocess
    import sys

    script = "import numjit; print(numjit.get_num_threads(), numjit.nthreads, numjit.MAX_THREADS)"

    def threads(**env):
        clean = {k: v for k, v in os.environ.items() if k not in ("NUMEXPR_NUM_THREADS", "OMP_NUM_THREADS", "NUMEXPR_MAX_THREADS")}
        done = subprocess.run([sys.executable, "-c", script], env={**clean, **env}, capture_output=True, text=True, check=True)
        return [int(x) for x in done.stdout.split()]

    assert threads(NUMEXPR_NUM_THREADS="3") == [3, 3, 64]
    assert threads(OMP_NUM_THREADS="1") == [1, 1, 64]
    assert threads(NUMEXPR_NUM_THREADS="2", OMP_NUM_THREADS="1") == [2, 2, 64]
    assert threads(NUMEXPR_MAX_THREADS="2", NUMEXPR_NUM_THREADS="5") == [2, 2, 2]
    assert threads(OMP_NUM_THREADS="")[0] == min(numjit.detect_number_of_cores(), 64)


@pytest.mark.parametrize(
    "ex, value",
    [
        ("x + 1", None),
        ("x + 1", [1, 2, 3]),
        ("x + 1", [[1, 2], [3]]),
        ("x * 2", np.zeros((0, 3))),
        ("sum(x)", np.zeros(0)),
        ("max(x)", np.zeros(0)),
        ("x + 1", np.datetime64("2020-01-01")),
        ("x + 1", np.zeros(3, dtype=[("a", "f8")])),
        ("x[5]", np.zeros(3)),
        ("x + 1", np.broadcast_to(np.zeros(1), (10**12,))),
        ("x + y", np.zeros((10**6, 1))),
        ("x" + " + x" * 200_000, np.zeros(2)),
        ("(" * 10_000 + "x" + ")" * 10_000, np.zeros(2)),
        ("x + \x00", np.zeros(2)),
        ("x" * 10, np.zeros(2)),
    ],
    ids=range(15),
)
def test_odd_inputs_are_python_exceptions_or_results(ex, value):
    y = np.zeros((1, 10**6))
    try:
        numjit.evaluate(ex, local_dict={"x": value, "y": y})
    except (ValueError, TypeError, KeyError, SyntaxError, IndexError, MemoryError, NotImplementedError):
        pass


def test_matrix_products():
    rng = np.random.default_rng(5)
    a, b, bias = rng.random((40, 30)), rng.random((30, 20)), rng.random(20)
    np.testing.assert_allclose(numjit.evaluate("a @ b"), a @ b, rtol=1e-13)
    np.testing.assert_allclose(numjit.evaluate("tanh(a @ b + bias)"), np.tanh(a @ b + bias), rtol=1e-13)
    np.testing.assert_allclose(numjit.evaluate("dot(a[0], b)"), np.dot(a[0], b), rtol=1e-13)
    i = rng.integers(-100, 100, (5, 6), dtype=np.int8)
    np.testing.assert_array_equal(numjit.evaluate("matmul(i, j)", local_dict={"i": i, "j": i.T}),
                                  i @ i.T)
    with pytest.raises(ValueError, match=r"shapes \(40, 30\) and \(20,\) are not aligned"):
        numjit.evaluate("a @ bias")


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_complex_matrix_products(dtype):
    rng = np.random.default_rng(6)
    a = (rng.random((3, 20, 30)) + 1j * rng.random((3, 20, 30))).astype(dtype)
    b = (rng.random((30, 10)) - 1j * rng.random((30, 10))).astype(dtype)
    r = rng.random(30)
    rtol = 1e-13 if dtype == np.complex128 else 1e-5
    got = numjit.evaluate("a @ b")
    assert got.dtype == (a @ b).dtype
    np.testing.assert_allclose(got, a @ b, rtol=rtol)
    np.testing.assert_allclose(numjit.evaluate("dot(a, r)"), np.dot(a, r), rtol=rtol)
    np.testing.assert_allclose(numjit.evaluate("abs(a @ b) ** 2"), np.abs(a @ b) ** 2, rtol=rtol * 10)
    # Into an output (the product written there directly) and into one of its own operands.
    out = np.empty((3, 20, 10), dtype)
    numjit.evaluate("a @ b", out=out)
    np.testing.assert_allclose(out, a @ b, rtol=rtol)
    sq = a[0, :, :20].copy()
    want = sq @ sq
    numjit.evaluate("sq @ sq", out=sq)
    np.testing.assert_allclose(sq, want, rtol=rtol)


def test_float16_products_sum_in_float32():
    ones = np.ones((1, 2051), np.float16)
    got = numjit.evaluate("ones @ t", local_dict={"ones": ones, "t": ones.T})
    assert got.dtype == np.float16
    # As NumPy: 2051 in float32, rounded once to float16 (a float16 sum would stop at 2048).
    assert got[0, 0] == (ones @ ones.T)[0, 0] == 2052
    rng = np.random.default_rng(7)
    h = rng.random((8, 16)).astype(np.float16)
    np.testing.assert_allclose(numjit.evaluate("h @ t", local_dict={"h": h, "t": h.T}), h @ h.T, rtol=2e-3)
