"""Writes numexpr_grid.jsonl: numexpr's own expression grid (numexpr 2.14's MISC, OPERATIONS,
COMPARISONS, 1_ARG_FUNCS, 2_ARG_FUNCS and POW sections of its test_expressions) over int32, int64, float32,
float64 and complex128 operands (the complex ones with imaginary parts of both signs), as arrays and as 0-d
operands, with what NumPy 2 computes for each; numexpr's complex functions (`real`, `imag`, `complex`)
over the complex and float64 operands; and its string operations (comparisons, `contains`, NumPy's
`strings.find(a, b) >= 0`) over byte strings.

Run with NumPy 2 installed: `python3 tests/data/numexpr_grid.py`. The Rust test `tests/it/grid.rs` runs
every case through `numjit eval` and compares dtype, shape and values; a case NumPy rejects records the
error, and numjit must exit 1 on it.
"""
import json
import re
import os
import warnings

import numpy as np

from npjson import encode

warnings.simplefilter("ignore")

MISC = ['b*c+d*e', '2*a+3*b', '-a', 'sinh(a)', '2*a + (cos(3)+5)*sinh(cos(b))', '2*a + arctan2(a, b)',
        'arcsin(0.5)', 'where(a != 0.0, 2, a)', 'where(a > 10, b < a, b > a)',
        'where((a-10).real != 0.0, a, 2)', '0.25 * (a < 5) + 0.33 * (a >= 5)', 'cos(1+1)', '1+1', '1',
        'cos(a2)']
OPERATIONS = []
for op in list('+-*/%') + ['**']:
    for form in ["(a+1) %s (b+3)", "3 %s (b+3)", "(a+1) %s 4", "2 %s (b+3)", "(a+1) %s 2", "(a+1) %s -1",
                 "(a+1) %s 0.5", "(a+1) %s 0"]:
        OPERATIONS.append(form % op)
COMPARISONS = []
for op in ['<', '<=', '==', '>=', '>', '!=']:
    COMPARISONS += ["a/2+5 %s b" % op, "a/2+5 %s 7" % op, "7 %s b" % op, "7.0 %s 5" % op]
FUNC1 = ["a + %s(b+c)" % f for f in
         ['copy', 'ones_like', 'sqrt', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh',
          'tanh', 'arcsinh', 'arccosh', 'arctanh', 'log', 'log1p', 'log10', 'log2', 'exp', 'expm1', 'abs',
          'conj', 'ceil', 'floor', 'round', 'trunc', 'sign']]
FUNC2 = []
for f in ['arctan2', 'fmod', 'hypot', 'nextafter', 'copysign']:
    FUNC2 += ["a + %s(b+c, d+1)" % f, "a + %s(b+c, 1)" % f, "a + %s(1, d+1)" % f]
POW = ["(a+1)**%s" % n for n in (-7, -2.5, -1.5, -1.3, -.5, 0, 0.0, 1, 2, 2.3, 2.5, 3)]
COMPLEX = ["real(b+c)", "imag(b+c) * d", "complex(real(b), imag(c))", "complex(a, 2*a) + b",
           "abs(b) * conj(c)", "b.imag + c.real"]
# numexpr's string operations (its test_str_contains and string comparison tests): byte strings of two
# widths, with empty strings, prefixes and NUL bytes, as arrays and as 0-d operands.
STRINGS = ["sa %s sb" % op for op in ['<', '<=', '==', '>=', '>', '!=']] + [
    "sa == b'ab'", "b'abc' > sb", "contains(sa, sb)", "contains(sb, b'a')", "contains(sa, b'')",
    "contains(b'xabcx', sa)", "where(contains(sb, sa), 1, 2)", "(sa < sb) & contains(sa, b'b')"]
SECTIONS = [('MISC', MISC), ('OPERATIONS', OPERATIONS), ('COMPARISONS', COMPARISONS),
            ('1_ARG_FUNCS', FUNC1), ('2_ARG_FUNCS', FUNC2), ('POW', POW), ('COMPLEX', COMPLEX)]


def complex_of(a, b):
    """numexpr's complex(a, b): the complex number of two real parts (float64 ones: complex128)."""
    if np.iscomplexobj(a) or np.iscomplexobj(b):
        raise TypeError("complex() takes real parts")
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    out = np.empty(a.shape, dtype=np.complex128)
    out.real, out.imag = a, b
    return out

NS = {name: getattr(np, name) for name in
      ['sinh', 'cos', 'arctan2', 'arcsin', 'where', 'copy', 'ones_like', 'sqrt', 'sin', 'tan', 'arccos',
       'arctan', 'cosh', 'tanh', 'arcsinh', 'arccosh', 'arctanh', 'log', 'log1p', 'log10', 'exp', 'expm1',
       'abs', 'conj', 'ceil', 'floor', 'fmod', 'log2', 'round', 'trunc', 'sign', 'hypot', 'nextafter',
       'copysign', 'real', 'imag']}
NS['complex'] = complex_of
NS['contains'] = lambda a, b: np.strings.find(a, b) >= 0

SIZE = 10


def operands(dtype, zero_d):
    """numexpr's operands (smaller); with zero_d, every one but a2 is a 0-d array."""
    ops = {
        'a': np.arange(2 * SIZE, dtype=dtype)[::2],
        'a2': np.zeros([SIZE, SIZE], dtype=dtype),
        'b': np.arange(SIZE, dtype=dtype) / SIZE,
        'c': np.arange(SIZE, dtype=dtype),
        'd': np.arange(SIZE, dtype=dtype),
        'e': np.arange(SIZE, dtype=dtype),
    }
    if dtype in (np.int32, np.int64):
        ops['b'] = (np.arange(SIZE) // 2).astype(dtype)  # integer division keeps the dtype, as numexpr's
    if dtype == np.complex128:
        ops = {k: v + 1j * (np.linspace(-1.5, 2.5, v.size).reshape(v.shape) if k != 'a2' else 0)
               for k, v in ops.items()}
    if zero_d:
        ops = {k: (v if k == 'a2' else np.array(v[3])) for k, v in ops.items()}
    return ops


lines = []


def add_case(section, expr, dtype, zero_d, ops):
    """One case: the inputs the expression names, and NumPy's result or its error."""
    used = sorted(k for k in ops if k in set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expr)))
    case = {"section": section, "expr": expr, "dtype": dtype, "zero_d": zero_d,
            "inputs": {k: encode(ops[k]) for k in used}}
    try:
        case["result"] = encode(eval(expr, dict(NS), {k: ops[k] for k in used}))
    except Exception as err:  # NumPy rejects it: numjit must exit 1.
        case["error"] = f"{type(err).__name__}: {err}"
    lines.append(json.dumps(case))


for dtype in (np.int32, np.int64, np.float32, np.float64, np.complex128):
    for zero_d in (False, True):
        ops = operands(dtype, zero_d)
        for section, exprs in SECTIONS:
            if section == 'COMPLEX' and dtype not in (np.float64, np.complex128):
                continue
            for expr in exprs:
                add_case(section, expr, np.dtype(dtype).name, zero_d, ops)

STRING_OPS = {
    'sa': np.array([b"", b"a", b"ab", b"abc", b"b", b"a\x00b", b"\xff", b"ab"] * 2, dtype="S3"),
    'sb': np.array([b"a", b"a", b"abcde", b"abc", b"", b"a", b"\x01", b"b\x00"] * 2, dtype="S5"),
}
for zero_d in (False, True):
    ops = {k: (np.array(v[2]) if zero_d else v) for k, v in STRING_OPS.items()}
    for expr in STRINGS:
        add_case("STRINGS", expr, "bytes", zero_d, ops)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numexpr_grid.jsonl")
with open(path, "w") as f:
    f.write(f"# numpy {np.__version__}\n")
    f.write("\n".join(lines) + "\n")
print(f"{len(lines)} cases written to {path}")
