"""Writes matmul.jsonl: matrix products (`@`, `matmul`, `dot`) and what NumPy 2 computes for them.

Run with NumPy 2 installed: `python3 tests/data/matmul.py`. The Rust test `tests/it/matmul.rs` evaluates
every case with numjit (both back ends) and compares dtype, shape and bits. Float operands hold small
integers and halves, so every sum is exact in any order and the bits are NumPy's whatever the summation
order; integers wrap as NumPy's do. A case NumPy rejects records the error instead of a result.
"""
import json
import os

import numpy as np

from npjson import encode


def ints(shape, dtype, lo=-4, hi=5, seed=0):
    return np.random.default_rng(seed).integers(lo, hi, size=shape).astype(dtype)


def halves(shape, dtype=np.float64, seed=0):
    return (np.random.default_rng(seed).integers(-8, 9, size=shape) * 0.5).astype(dtype)


CASES = []


def case(expr, f, **inputs):
    try:
        want = f(**inputs)
        CASES.append({"expr": expr, "inputs": {k: encode(v) for k, v in inputs.items()}, "result": encode(want)})
    except (ValueError, TypeError) as e:
        CASES.append({"expr": expr, "inputs": {k: encode(v) for k, v in inputs.items()}, "error": type(e).__name__})


for dt in [np.float64, np.float32]:
    case("a @ b", lambda a, b: a @ b, a=halves((2, 3), dt, 1), b=halves((3, 4), dt, 2))
    case("a @ b", lambda a, b: a @ b, a=halves((3,), dt, 3), b=halves((3, 4), dt, 4))
    case("a @ b", lambda a, b: a @ b, a=halves((2, 3), dt, 5), b=halves((3,), dt, 6))
    case("a @ b", lambda a, b: a @ b, a=halves((5,), dt, 7), b=halves((5,), dt, 8))
    case("a @ b", lambda a, b: a @ b, a=halves((2, 1, 3, 4), dt, 9), b=halves((5, 4, 2), dt, 10))
    case("a @ b", lambda a, b: a @ b, a=halves((3,), dt, 11), b=halves((2, 3, 4), dt, 12))
    case("a @ b", lambda a, b: a @ b, a=halves((4, 2, 3), dt, 13), b=halves((3,), dt, 14))
    case("matmul(a, b)", lambda a, b: np.matmul(a, b), a=halves((17, 33), dt, 15), b=halves((33, 9), dt, 16))
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=halves((2, 3, 4), dt, 17), b=halves((5, 4, 2), dt, 18))
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=halves((2, 3, 4), dt, 19), b=halves((4,), dt, 20))
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=halves((4,), dt, 21), b=halves((2, 4, 3), dt, 22))
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=halves((3, 4), dt, 23), b=halves((4, 2), dt, 24))
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=halves((), dt, 25), b=halves((4, 2), dt, 26))
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=halves((6,), dt, 27), b=halves((6,), dt, 28))
    # A zero times negative numbers: NumPy's BLAS path (at most 2-d) gives +0, its multiply (N-d) -0.
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=np.array(0.0, dt), b=halves((3, 2), dt, 73))
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=np.array(0.0, dt), b=halves((2, 3, 2), dt, 74))
# Around the product: its operands computed first, its result read by the rest.
A, B, C = halves((6, 5), seed=30), halves((5, 7), seed=31), halves((6, 7), seed=32)
case("(a + 1) @ b - c", lambda a, b, c: (a + 1) @ b - c, a=A, b=B, c=C)
case("sum((a @ b) ** 2, axis=1)", lambda a, b: ((a @ b) ** 2).sum(axis=1), a=A, b=B)
case("2 * a @ b * 2", lambda a, b: 2 * a @ b * 2, a=A, b=B)
case("-a @ b", lambda a, b: -a @ b, a=A, b=B)
case("a @ b @ d", lambda a, b, d: a @ b @ d, a=A, b=B, d=halves((7, 3), seed=33))
case("a @ (b @ d)", lambda a, b, d: a @ (b @ d), a=A, b=B, d=halves((7, 3), seed=34))
case("a @ b + a @ b", lambda a, b: a @ b + a @ b, a=A, b=B)
case("where(a @ b > 0, a @ b, 0.0)", lambda a, b: np.where(a @ b > 0, a @ b, 0.0), a=A, b=B)
case("a[::-1, 1:] @ b[:4, ::2]", lambda a, b: a[::-1, 1:] @ b[:4, ::2], a=A, b=B)
case("a @ b[None]", lambda a, b: a @ b[None], a=A, b=B)
case("max(a, axis=1) @ a", lambda a: a.max(axis=1) @ a, a=halves((5, 5), seed=35))
# Dtypes: promotion of the operands, integers wrapping, bools (or of ands).
case("a @ b", lambda a, b: a @ b, a=ints((4, 3), np.int8, -100, 100, 40), b=ints((3, 5), np.int8, -100, 100, 41))
case("a @ b", lambda a, b: a @ b, a=ints((4, 3), np.uint8, 0, 250, 42), b=ints((3, 5), np.uint8, 0, 250, 43))
case("a @ b", lambda a, b: a @ b, a=ints((3, 6), np.int32, -2**31, 2**31 - 1, 44), b=ints((6, 2), np.int32, -2**31, 2**31 - 1, 45))
case("a @ b", lambda a, b: a @ b, a=ints((3, 6), np.int64, -2**62, 2**62, 46), b=ints((6, 2), np.int64, -9, 9, 47))
case("a @ b", lambda a, b: a @ b, a=ints((3, 6), np.uint64, 0, 2**63, 48), b=ints((6, 2), np.uint64, 0, 9, 49))
case("a @ b", lambda a, b: a @ b, a=ints((3, 4), np.int16, seed=50), b=ints((4, 2), np.uint16, 0, 9, 51))
case("a @ b", lambda a, b: a @ b, a=ints((3, 4), np.int32, seed=52), b=halves((4, 2), np.float32, 53))
case("a @ b", lambda a, b: a @ b, a=ints((3, 4), np.int64, seed=54), b=ints((4, 2), np.bool_, 0, 2, 55))
case("a @ b", lambda a, b: a @ b, a=ints((3, 4), np.bool_, 0, 2, 56), b=ints((4, 2), np.bool_, 0, 2, 57))
case("a @ b", lambda a, b: a @ b, a=ints((3, 4), np.uint32, 0, 9, 58), b=ints((4, 2), np.int8, seed=59))
case("a @ 2.5", lambda a: a @ np.float64(2.5), a=halves((3, 3), seed=60))
# Complex products: parts of small integers and halves (exact in any order), with complex and real
# operands mixed, and what reads the product.
def cplx(shape, dtype=np.complex128, seed=0):
    return (halves(shape, seed=seed) + 1j * halves(shape, seed=seed + 1000)).astype(dtype)


for dt in [np.complex128, np.complex64]:
    case("a @ b", lambda a, b: a @ b, a=cplx((3, 4), dt, 80), b=cplx((4, 2), dt, 81))
    case("a @ b", lambda a, b: a @ b, a=cplx((2, 3, 4), dt, 82), b=cplx((4,), dt, 83))
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=cplx((2, 3, 4), dt, 84), b=cplx((5, 4, 2), dt, 85))
    case("dot(a, b)", lambda a, b: np.dot(a, b), a=cplx((), dt, 86), b=cplx((3, 2), dt, 87))
    case("a @ b", lambda a, b: a @ b, a=cplx((17, 33), dt, 88), b=cplx((33, 9), dt, 89))
case("a @ b", lambda a, b: a @ b, a=cplx((3, 4), seed=90), b=halves((4, 2), seed=91))
case("a @ b", lambda a, b: a @ b, a=halves((3, 4), np.float32, 92), b=cplx((4, 2), np.complex64, 93))
case("a @ b", lambda a, b: a @ b, a=ints((3, 4), np.int64, seed=94), b=cplx((4, 2), np.complex64, 95))
case("(a + 1j) @ b", lambda a, b: (a + 1j) @ b, a=halves((3, 4), seed=96), b=halves((4, 2), seed=97))
case("abs(a @ b) + real(a @ b)", lambda a, b: np.abs(a @ b) + np.real(a @ b), a=cplx((3, 4), seed=98), b=cplx((4, 2), seed=99))
case("a[::-1, ::2] @ b.imag", lambda a, b: a[::-1, ::2] @ b.imag, a=cplx((3, 8), seed=100), b=cplx((4, 2), seed=101))
# An operand that folds to a complex variable but is shaped by another (`where(c, y, y)` is `y` broadcast
# against `c`).
case("where(c > 0, y, y) @ w", lambda c, y, w: np.where(c > 0, y, y) @ w, c=halves((3,), seed=106), y=cplx((2, 1), seed=107), w=cplx((3, 2), seed=108))
case("sum(a @ b, axis=0)", lambda a, b: (a @ b).sum(axis=0), a=cplx((3, 4), seed=102), b=cplx((4, 2), seed=103))
case("a @ b", lambda a, b: a @ b, a=cplx((2, 0), seed=104), b=cplx((0, 3), seed=105))
# float16: each element's products summed in float32, rounded once (2051 ones sum to 2052 in float16,
# where a float16 sum would stop at 2048).
case("a @ b", lambda a, b: a @ b, a=halves((3, 4), np.float16, 110), b=halves((4, 2), np.float16, 111))
case("a @ b", lambda a, b: a @ b, a=np.ones((1, 2051), np.float16), b=np.ones((2051, 2), np.float16))
case("dot(a, b)", lambda a, b: np.dot(a, b), a=np.ones((2051,), np.float16), b=np.ones((2051,), np.float16))
case("a @ b", lambda a, b: a @ b, a=halves((3, 4), np.float16, 112), b=ints((4, 2), np.int8, seed=113))
case("dot(a, b)", lambda a, b: np.dot(a, b), a=halves((2, 3, 4), np.float16, 114), b=halves((5, 4, 2), np.float16, 115))
case("a @ b * 0.5", lambda a, b: a @ b * 0.5, a=halves((3, 4), np.float16, 116), b=halves((4, 2), np.float16, 117))
case("a @ b", lambda a, b: a @ b, a=np.full((1, 4), 200, np.float16), b=np.full((4, 1), 200, np.float16))
# Empty operands and zero-length sums.
case("a @ b", lambda a, b: a @ b, a=halves((0, 3), seed=61), b=halves((3, 2), seed=62))
case("a @ b", lambda a, b: a @ b, a=halves((2, 0), seed=63), b=halves((0, 2), seed=64))
case("a @ b", lambda a, b: a @ b, a=ints((2, 0), np.int64), b=ints((0, 3), np.int64))
# What NumPy rejects.
case("a @ b", lambda a, b: a @ b, a=halves((2, 3), seed=65), b=halves((4, 5), seed=66))
case("a @ b", lambda a, b: a @ b, a=halves((2, 2, 3), seed=67), b=halves((3, 3, 4), seed=68))
case("a @ b", lambda a, b: a @ b, a=halves((), seed=69), b=halves((3,), seed=70))
case("dot(a, b)", lambda a, b: np.dot(a, b), a=halves((2, 3), seed=71), b=halves((2, 3), seed=72))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "matmul.jsonl"), "w") as f:
    f.write(f"# numpy {np.__version__}\n")
    for c in CASES:
        f.write(json.dumps(c) + "\n")
print(len(CASES), "cases")
