"""numjit: NumPy-style array expressions compiled to fused SIMD kernels, a drop-in for ``numexpr.evaluate``.

    >>> import numpy as np, numjit
    >>> a = np.arange(5.0); b = np.ones(5)
    >>> numjit.evaluate("2*a + 3*b")
    array([ 3.,  5.,  7.,  9., 11.])

Results follow NumPy 2 (promotion, broadcasting, integer and NaN behaviour). Arrays are read where they lie,
at any strides; the GIL is released while a kernel runs.
"""

import os
import sys
import threading
import weakref

import numpy as np

from . import _numjit

__version__ = _numjit.__version__

__all__ = [
    "UnsupportedError",
    "evaluate",
    "compile",
    "CompiledExpression",
    "NumExpr",
    "re_evaluate",
    "validate",
    "set_num_threads",
    "get_num_threads",
    "detect_number_of_cores",
    "detect_number_of_threads",
    "ncores",
    "nthreads",
    "use_vml",
    "set_vml_accuracy_mode",
    "get_vml_version",
    "print_versions",
    "install_as_numexpr",
    "__version__",
]

# numexpr's keyword arguments besides the named ones, and the values each takes. numjit always divides as
# NumPy 2 does (`/` is true division) and always optimizes, so it accepts them and changes nothing.
_CONTEXT = {"optimization": ("none", "moderate", "aggressive"), "truediv": (False, True, "auto")}
_ORDERS = ("C", "F", "A", "K")
_CASTINGS = ("no", "equiv", "safe", "same_kind", "unsafe")
_CONSTANTS = frozenset(_numjit.constants())
# The dtypes numjit cannot take, by NumPy's kind letter.
_REFUSED = {"O": "object", "U": "unicode", "M": "datetime", "m": "timedelta", "V": "void (structured)"}


class UnsupportedError(TypeError, NotImplementedError):
    """An operation numjit does not compute: a function it lacks, or an operation on dtypes it is not
    defined for (`sin` of a byte string, `+` of two). A `TypeError`, as NumPy raises for such dtypes, and a
    `NotImplementedError`, as numexpr raises for an operation it has no opcode for."""


def _engine(function, *args):
    """Calls the extension, raising its NotImplementedError as `UnsupportedError`."""
    try:
        return function(*args)
    except NotImplementedError as e:
        raise UnsupportedError(str(e)) from None


# `inspect.CO_OPTIMIZED`: a code object whose locals live in the frame's fast slots (a function's).
_CO_OPTIMIZED = 0x0001

# Names an expression may use that are not variables unless given: `None` (an axis), the constants.
_KEYWORDS = frozenset(["None", "True", "False"])


def _check_context(kwargs):
    if not kwargs:
        return
    for name, value in kwargs.items():
        if name not in _CONTEXT:
            raise ValueError("Unknown keyword argument '%s'" % name)
        if value not in _CONTEXT[name]:
            raise ValueError("'%s' must be one of %s" % (name, _CONTEXT[name]))


# The names each expression reads, by its text: a call with a text seen before parses nothing here (the
# engine's kernel cache then finds the kernel by text and dtypes). Bounded: emptied at 4096 texts.
_names = {}


def _arguments(ex, local_dict, global_dict, frame_depth):
    """The names `ex` reads and their values, found as numexpr finds them: in `local_dict`, then
    `global_dict`, each defaulting to the namespace of the caller `frame_depth` frames up."""
    names = _names.get(ex)
    if names is None:
        names = _engine(_numjit.names, ex)
        if len(_names) >= 4096:
            _names.clear()
        _names[ex] = names
    frame = None
    if local_dict is None or global_dict is None:
        frame = sys._getframe(frame_depth)
    # A function frame's `f_locals` is a snapshot dict the frame keeps: it is emptied after use, so that it
    # does not keep the caller's arrays (an `out` among them) alive (numexpr does the same, its #310).
    snapshot = None
    try:
        if local_dict is None:
            local_dict = frame.f_locals
            # Only a function's (CO_OPTIMIZED) is a snapshot; a module's, a class body's or exec's is the
            # namespace itself.
            if frame.f_code.co_flags & _CO_OPTIMIZED:
                snapshot = local_dict
        if global_dict is None:
            global_dict = frame.f_globals
        found, values = [], []
        for name in names:
            try:
                value = local_dict[name]
            except KeyError:
                try:
                    value = global_dict[name]
                except KeyError:
                    if name in _CONSTANTS or name in _KEYWORDS:
                        continue
                    raise KeyError(name) from None
            found.append(name)
            values.append(value)
    finally:
        del frame
        if snapshot is not None and hasattr(snapshot, "clear"):
            snapshot.clear()
    return found, values


def _prepare(value):
    """`value` as an array the engine reads in place, and whether it holds byte strings (then as uint8 with
    each string's bytes on a last axis). Copies only what the engine cannot read where it lies: big-endian
    data, misaligned data, strides that are not whole elements (record-array fields)."""
    if type(value) is np.ndarray:
        # The common case, checked first: a contiguous, aligned, native array of a numeric dtype.
        flags = value.flags
        if flags.c_contiguous and flags.aligned and value.dtype.kind in "biufc" and value.dtype.isnative:
            return value, False
    a = np.asarray(value)
    kind = a.dtype.kind
    if kind in _REFUSED:
        raise TypeError("numjit does not take arrays of dtype %s (%s)" % (a.dtype, _REFUSED[kind]))
    if kind == "S":
        if a.dtype.itemsize == 0 or any(s % a.dtype.itemsize for s in a.strides):
            a = np.ascontiguousarray(a)
        return a[..., None].view(np.uint8), True
    if not a.dtype.isnative:
        a = a.astype(a.dtype.newbyteorder("="))
    if not a.flags.aligned or any(s % a.dtype.itemsize for s in a.strides):
        a = a.copy()
    return a, False


def _same_layout(a, b):
    return (
        a.__array_interface__["data"][0] == b.__array_interface__["data"][0]
        and a.shape == b.shape
        and a.strides == b.strides
        and a.dtype == b.dtype
    )


def _run(ex, names, values, out, order, casting, compiled=None):
    """Evaluates `ex` over `values` (named `names`) with `evaluate`'s `out`, `order` and `casting`, through
    the engine's cache, or through `compiled` (a `_numjit.Compiled` for these names)."""

    arrays, bytes_ = [], []
    for v in values:
        a, is_bytes = _prepare(v)
        arrays.append(a)
        bytes_.append(is_bytes)
    if order != "K" and order not in _ORDERS:
        raise ValueError("order must be one of 'C', 'F', 'A', or 'K' (got %r)" % (order,))
    if casting not in _CASTINGS:
        raise ValueError("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'")
    if out is None:
        # The common path, kept short: a call costs microseconds.
        if True in bytes_ and len(names) == 1 and ex.strip() == names[0]:
            # A byte-string variable alone: a copy of it, as numexpr gives.
            return np.array(values[0], copy=True)
        try:
            if compiled is not None:
                r = compiled.run(arrays, bytes_)
            else:
                r = _numjit.evaluate(ex, names, arrays, bytes_)
        except NotImplementedError as e:
            raise UnsupportedError(str(e)) from None
        return r if r.ndim < 2 else _ordered(r, arrays, order)

    def call(arrays, bytes_, out=None, update=None):
        if compiled is not None:
            return _engine(compiled.run, arrays, bytes_, out, update)
        return _engine(_numjit.evaluate, ex, names, arrays, bytes_, out, update)

    if not isinstance(out, np.ndarray):
        raise TypeError("out must be a NumPy array, not %s" % type(out).__name__)
    if not out.flags.writeable:
        raise ValueError("out is read-only")
    # `out` may be an input: the same array is an update in place; any other overlap is computed apart.
    update, apart = None, False
    for name, a, is_bytes in zip(names, arrays, bytes_):
        if is_bytes or not np.may_share_memory(out, a):
            continue
        if _same_layout(out, a) and update is None:
            update = name
        else:
            apart = True
    if not apart and out.dtype.isnative and out.flags.aligned and not any(
        s % out.dtype.itemsize for s in out.strides
    ):
        r = call(arrays, bytes_, out, update)
        if r is None:
            return out
    else:
        r = call(arrays, bytes_)
    # As NumPy's `out=`: the result broadcasts to `out`'s shape, which it cannot change.
    try:
        fits = np.broadcast_shapes(r.shape, out.shape) == out.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError("out has shape %s, but the result has shape %s" % (out.shape, r.shape))
    np.copyto(out, r, casting=casting)
    return out


def _ordered(r, arrays, order):
    """The result in the memory order `order` asks for (numjit computes C order)."""
    if r.ndim < 2:
        return r
    if order == "F":
        return np.asfortranarray(r)
    if order in ("A", "K"):
        shaped = [a for a in arrays if a.ndim == r.ndim and a.size > 1]
        if shaped and all(a.flags.f_contiguous and not a.flags.c_contiguous for a in shaped):
            return np.asfortranarray(r)
    return r


_last = threading.local()


def evaluate(
    ex,
    local_dict=None,
    global_dict=None,
    out=None,
    order="K",
    casting="same_kind",
    sanitize=None,
    _frame_depth=3,
    disable_cache=False,
    **kwargs,
):
    """Evaluates the expression `ex` over arrays, as ``numexpr.evaluate`` does, with NumPy 2's results.

    Variables come from `local_dict`, then `global_dict`, each by default the calling frame's. `out`, any
    writeable array of the result's shape (an input too), receives the result, cast as `casting` allows.
    `order` is NumPy's. `sanitize`, `disable_cache`, `optimization` and `truediv` are accepted and change
    nothing: numjit parses the expression with its own grammar (it never calls Python's `eval`), caches
    compiled kernels by text and dtypes, and divides as NumPy 2 does.
    """
    if not isinstance(ex, str):
        raise ValueError("must specify expression as a string")
    _check_context(kwargs)
    names, values = _arguments(ex, local_dict, global_dict, _frame_depth - 1)
    _remember(ex, names, order, casting, out)
    return _run(ex, names, values, out, order, casting)


def _remember(ex, names, order, casting, out):
    """What `re_evaluate` repeats; `out` by a weak reference, so that it is not kept alive."""
    _last.call = (ex, names, order, casting, None if out is None else weakref.ref(out))


def re_evaluate(local_dict=None, global_dict=None, _frame_depth=2):
    """Evaluates the last expression `evaluate` or `validate` saw on this thread again, with the variables
    found anew (numexpr's `re_evaluate`)."""
    call = getattr(_last, "call", None)
    if call is None:
        raise RuntimeError(
            "A previous evaluate() execution was not found, please call `validate` or `evaluate` once before `re_evaluate`"
        )
    ex, names, order, casting, out = call
    _, values = _arguments(ex, local_dict, global_dict, _frame_depth)
    return _run(ex, names, values, None if out is None else out(), order, casting)


def validate(
    ex,
    local_dict=None,
    global_dict=None,
    out=None,
    order="K",
    casting="safe",
    _frame_depth=2,
    sanitize=None,
    **kwargs,
):
    """Checks that `ex` compiles for the variables it would read; returns `None`, or the exception that
    `evaluate` would raise (numexpr's `validate`). Then `re_evaluate` runs it."""
    try:
        if not isinstance(ex, str):
            raise ValueError("must specify expression as a string")
        _check_context(kwargs)
        names, values = _arguments(ex, local_dict, global_dict, _frame_depth)
        prepared = [_prepare(v) for v in values]
        _engine(_numjit.validate, ex, names, [a for a, _ in prepared], [b for _, b in prepared])
        _remember(ex, names, order, casting, out)
    except Exception as e:
        return e
    return None


def _dtype_name(t):
    """NumPy's name of the dtype `t` (a type, a dtype or its name) as the engine spells it."""
    d = np.dtype(t)
    if d.kind == "S":
        return "S%d" % d.itemsize
    if d.kind in _REFUSED:
        raise TypeError("numjit does not take arrays of dtype %s (%s)" % (d, _REFUSED[d.kind]))
    return d.name


class CompiledExpression:
    """An expression compiled once for variables of fixed names and dtypes, then called many times:
    ``numjit.compile("2*a + 3*b", [("a", np.float64), ("b", np.float64)])(x, y)``. numexpr's ``NumExpr``.

    Called with the arrays in the signature's order (and `out`, `order`, `casting` as `evaluate`), each cast
    to its dtype first where `casting` allows (numexpr's rule: 'safe' by default). Without a signature,
    every variable is float64 (numexpr's default). Shared by many Python threads, it runs on each at once;
    it pickles by its text and signature, so it travels to other processes (compiled again there).
    """

    def __init__(self, ex, signature=(), sanitize=None, **kwargs):
        if not isinstance(ex, str):
            raise TypeError("numjit compiles expression strings, not %s" % type(ex).__name__)
        _check_context(kwargs)
        if not signature:
            names = [n for n in _engine(_numjit.names, ex) if n not in _CONSTANTS and n not in _KEYWORDS]
            signature = [(n, np.float64) for n in names]
        self.ex = ex
        self.signature = tuple((name, np.dtype(t)) for name, t in signature)
        self.input_names = tuple(name for name, _ in self.signature)
        dtypes = [_dtype_name(t) for _, t in self.signature]
        self._compiled = _engine(_numjit.Compiled, ex, list(self.input_names), dtypes)

    @property
    def dtype(self):
        """The result's dtype."""
        return self._compiled.dtype

    def __call__(self, *args, out=None, order="K", casting="safe", ex_uses_vml=False):
        if len(args) != len(self.signature):
            raise TypeError("%r takes %d arrays (%s), %d given" % (self.ex, len(self.signature), ", ".join(self.input_names), len(args)))
        values = []
        for arg, (name, want) in zip(args, self.signature):
            a = np.asarray(arg)
            if a.dtype != want and not (a.dtype.kind == want.kind == "S"):
                if not np.can_cast(a.dtype, want, casting):
                    raise TypeError("%s: cannot cast %s to %s under casting=%r" % (name, a.dtype, want, casting))
                a = a.astype(want)
            values.append(a)
        return _run(self.ex, list(self.input_names), values, out, order, casting, self._compiled)

    run = __call__

    def __reduce__(self):
        return (CompiledExpression, (self.ex, self.signature))

    def __repr__(self):
        sig = ", ".join("%s: %s" % (n, t) for n, t in self.signature)
        return "numjit.compile(%r, %s) -> %s" % (self.ex, sig, self.dtype)


def compile(ex, signature=()):
    """`ex` compiled for the variables of `signature` (pairs of a name and a dtype): a `CompiledExpression`."""
    return CompiledExpression(ex, signature)


# numexpr's name for a compiled expression.
NumExpr = CompiledExpression


def detect_number_of_cores():
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _max_threads():
    value = os.environ.get("NUMEXPR_MAX_THREADS", "")
    return int(value) if value else 64


MAX_THREADS = _max_threads()


def set_num_threads(nthreads):
    """Sets the threads an evaluation uses; returns the previous number."""
    nthreads = int(nthreads)
    if nthreads < 1:
        raise ValueError("the number of threads must be at least 1 (got %d)" % nthreads)
    if nthreads > MAX_THREADS:
        raise ValueError("the number of threads must be at most NUMEXPR_MAX_THREADS = %d" % MAX_THREADS)
    old = get_num_threads()
    _numjit.set_threads(nthreads)
    return old


def get_num_threads():
    """The threads an evaluation uses."""
    return _numjit.get_threads()


def detect_number_of_threads():
    """The threads numexpr would start with: `NUMEXPR_NUM_THREADS`, else `OMP_NUM_THREADS`, else one per core
    (at most `NUMEXPR_MAX_THREADS`, 64 unless set)."""
    for var in ("NUMEXPR_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(var, "")
        if value:
            return max(1, min(int(value), MAX_THREADS))
    return max(1, min(detect_number_of_cores(), MAX_THREADS))


ncores = detect_number_of_cores()
nthreads = detect_number_of_threads()
_numjit.set_threads(nthreads)

# numjit has no VML: its own vector math runs at the CPU's width, within 1 ulp by default.
use_vml = False


def get_vml_version():
    """numexpr's VML version; numjit has none."""
    return None


def set_vml_accuracy_mode(mode):
    """numexpr's VML accuracy modes, mapped onto numjit's precision: 'high' (the default: <= 1 ulp), 'low'
    and 'fast' (<= 4 ulp). `None` leaves it; returns the previous mode ('high' or 'fast')."""
    if mode is None:
        previous = _numjit.set_precision("high")
        _numjit.set_precision(previous)
        return previous
    modes = {"high": "high", "low": "fast", "fast": "fast"}
    if mode not in modes:
        raise ValueError("mode argument must be one of: None, 'high', 'low', 'fast'")
    return _numjit.set_precision(modes[mode])


# The numexpr release whose API `install_as_numexpr` stands in for (what pandas reads as its version).
NUMEXPR_API = "2.14.2"


def install_as_numexpr():
    """Registers numjit as the module `numexpr`, so that code importing numexpr afterwards (pandas'
    ``DataFrame.eval``, ``query``, ``pd.eval(engine='numexpr')`` and its large arithmetic) runs on numjit.

    Call it before importing pandas (pandas looks numexpr up when it is imported). The module it
    registers has numexpr's API (`evaluate`, `re_evaluate`, `validate`, `NumExpr`, the thread and VML
    settings) and ``__version__ = NUMEXPR_API``, the numexpr release whose API it stands for; `numjit`
    is reachable from it as ``numexpr.numjit``. Returns that module.
    """
    import types

    stand_in = types.ModuleType("numexpr", "numjit, standing in for numexpr %s (numjit.install_as_numexpr)" % NUMEXPR_API)
    for name in (
        "evaluate",
        "re_evaluate",
        "validate",
        "NumExpr",
        "set_num_threads",
        "get_num_threads",
        "detect_number_of_cores",
        "detect_number_of_threads",
        "set_vml_accuracy_mode",
        "get_vml_version",
        "print_versions",
        "use_vml",
        "ncores",
        "nthreads",
        "MAX_THREADS",
    ):
        setattr(stand_in, name, globals()[name])
    stand_in.__version__ = NUMEXPR_API
    stand_in.numjit = sys.modules[__name__]
    sys.modules["numexpr"] = stand_in
    return stand_in


def print_versions():
    """Versions of numjit, NumPy and Python, the CPU and the threads used."""
    print("-=" * 38)
    print("numjit version:   %s" % __version__)
    print("NumPy version:    %s" % np.__version__)
    print("Python version:   %s" % sys.version)
    print("CPU:              %s" % _numjit.host())
    print("Number of cores:  %d" % ncores)
    print("Number of threads: %d" % get_num_threads())
    print("-=" * 38)
