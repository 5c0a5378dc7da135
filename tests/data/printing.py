"""How NumPy 2 prints arrays (`str(a)`, what `print(a)` shows) for the command's printing test.

Run with NumPy 2.4 in a virtual environment: `python tests/data/printing.py > tests/data/printing.jsonl`.
Each line: {"array": <npjson form>, "str": str(a)}.
"""
import json

import numpy as np

from npjson import encode

rng = np.random.default_rng(7)
cases = [
    # Scalars (0-d arrays print as their scalar: the shortest repr that reads back).
    np.array(0.49976799050871745), np.array(np.pi), np.array(1.0), np.array(0.0), np.array(-0.0),
    np.array(1e-5), np.array(1.5e16), np.array(1e16), np.array(123456789.0), np.array(9999999999999998.0),
    np.array(np.nan), np.array(-np.inf), np.array(np.float32(0.1)), np.array(np.float32(1e20)),
    np.array(np.float32(3.14159265)), np.array(7), np.array(-7, dtype=np.int32), np.array(True),
    np.array(1e-4), np.array(0.0001234), np.array(2.5e-300),
    # float32 scalars turn scientific from 10^6; a value halfway between two shortest candidates takes the
    # even one (1918675.25 -> 1918675.2).
    np.array(np.float32(999999.0)), np.array(np.float32(1e6)), np.array(np.float32(1918675.25)),
    # Positional floats, common padding.
    np.array([0.0, 0.25, 0.5, 0.75, 1.0]), np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.2, 0.3]),
    np.array([1 / 3, 2 / 3, 1.0]), np.array([-1.5, 2.25, -3.125]), np.array([100.5, -0.001]),
    np.array([1.0, np.nan, np.inf]), np.array([1.0, -np.inf]), np.array([np.nan, np.nan]),
    np.array([np.inf, -np.inf, np.nan]), np.array([12345678.9, 1.0]), np.array([0.1000000001, 2.0]),
    np.array([-0.0, 0.0]), np.array([], dtype=np.float64), np.zeros((2, 0)), np.array([0.5], dtype=np.float32),
    np.array([0.1, 0.2, 0.7], dtype=np.float32), np.array([1 / 3], dtype=np.float32),
    np.array([123456.789, 0.5], dtype=np.float32), np.array([999999.0, 2.0], dtype=np.float32),
    np.array([-1918675.25, 2e6], dtype=np.float32), np.array([1e6], dtype=np.float32),
    # Scientific notation: wide ranges, tiny or huge values.
    np.array([1e-12, 1.0]), np.array([1e-5, 1.5e-5]), np.array([1.0, 1e8]), np.array([1e100, -1e-100]),
    np.array([1.0, 1001.0]), np.array([1.0, 999.0]), np.array([1e-5, np.nan, -np.inf]),
    np.array([2.5e-300, 1.0]), np.array([1e20, 3e20], dtype=np.float32), np.array([1e-9, 1.0, 2.0, 3.0]),
    # Integers and bools.
    np.array([1, -20, 300]), np.array([0, 1], dtype=np.int32), np.array([2**62, -(2**62)]),
    np.array([True, False, True]), np.array([True, True]), np.array([], dtype=np.int64),
    np.array([-128, 0, 127], dtype=np.int8), np.array([[200, 3], [255, 0]], dtype=np.uint8),
    np.array([2**64 - 1, 0, 2**63], dtype=np.uint64), np.array(65535, dtype=np.uint16),
    np.arange(2000, dtype=np.int16), np.array([4294967295, 7], dtype=np.uint32),
    # float16: its own shortest digits, scientific from 10^3 (its 3 decimal digits), comparisons in float16.
    np.array(np.float16(0.1)), np.array(np.float16(1000)), np.array(np.float16(999)), np.array(np.float16(6e-8)),
    np.array(np.float16(65504)), np.array(np.float16(-0.0)), np.array(np.float16(np.nan)),
    np.array([0.1, 0.2, 0.3], dtype=np.float16), np.array([1, 999], dtype=np.float16),
    np.array([1, 1000], dtype=np.float16), np.array([1e-4, 1.5], dtype=np.float16),
    np.array([6e-8, 65504, -np.inf, np.nan], dtype=np.float16), np.linspace(-3, 3, 25).astype(np.float16),
    np.array([[0.5, 1.25], [3.0, -2.0]], dtype=np.float16), (np.arange(2000) / 7).astype(np.float16),
    # Several dimensions.
    np.arange(12.0).reshape(3, 4) / 4, np.arange(24).reshape(2, 3, 4), np.array([[True], [False]]),
    np.linspace(-1, 1, 8).reshape(2, 2, 2), np.arange(6).reshape(1, 6), np.array([[1e-7, 1.0], [2.0, 3.0]]),
    # Line wrapping at 75 columns.
    np.linspace(0, 1, 30), np.arange(40), np.arange(40.0) * 1.5, np.linspace(0, 1, 12).reshape(2, 6),
    rng.standard_normal(20), (rng.standard_normal(15) * 1e6).astype(np.float32),
    # Summarized (more than 1000 elements): three at each end, the format from those only.
    np.linspace(0, 1, 2001), np.arange(5000), rng.random((50, 40)), np.arange(3000.0).reshape(3, 1000),
    np.arange(1200).reshape(2, 3, 200) % 7 == 0, rng.random(1001) * 1e-6, np.arange(1001.0) ** 3,
    # Complex: a format for the real parts and a signed one for the imaginary parts; scalars as Python's.
    np.array(1 + 2j), np.array(2j), np.array(complex(-0.0, -0.0)), np.array(0j), np.array(1e20 + 1j),
    np.array(1e-5 - 3j), np.array(complex(np.nan, np.inf)), np.array(complex(1, -np.inf)),
    np.array(np.complex64(123456789.5 + 1j)), np.array(np.complex64(0.1 + 0.2j)),
    np.array([1 + 2j, -3.5 - 0.25j, np.nan + 1j, complex(np.nan, np.inf)]), np.array([1e-10 + 1j, 1 + 1e10j]),
    np.array([[1 + 1j, 2], [3j, 4]], dtype=np.complex64), np.array([0j]),
    np.array([0.1 - 0.1j], dtype=np.complex64), np.array([complex(-np.inf, -np.inf), 1 + 0.5j]),
    np.exp(1j * np.linspace(0, 3, 10)), (rng.standard_normal(1500) + 1j).astype(np.complex64),
    # Byte strings: each as Python's repr, unpadded; quotes, escapes, NULs at the end dropped.
    np.array([b"a", b"bcd", b""]), np.array([[b"a", b"bcd"], [b"it's", b"\x00\x80\n\\"]]),
    np.array([b"q" * 10] * 1200), np.array([b"q" * 30] * 5), np.array([b'say "hi"', b"'", b"\t\r\x7f"]),
    np.array([b"ab\x00", b"a\x00b"], dtype="S4"),
]
for a in cases:
    print(json.dumps({"array": encode(a), "str": str(a)}))
