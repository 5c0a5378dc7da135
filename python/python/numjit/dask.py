"""numjit expressions over Dask arrays: one fused numjit kernel per chunk, on whichever worker holds it.

    >>> import dask.array as da, numjit.dask
    >>> a = da.random.default_rng(0).random((10_000, 10_000), chunks=1_000)
    >>> numjit.dask.evaluate("sum(sin(a) + cos(a))").compute()

`evaluate` returns a lazy ``dask.array.Array`` whose shape, chunks and dtype come from the expression's
types; nothing runs until it is computed (on the threads of this process or on a ``distributed`` cluster,
as any Dask array). The expression is checked when `evaluate` is called: a syntax error, an unknown name,
dtypes or shapes that do not go together raise then, as ``numjit.evaluate`` raises them.

How an expression becomes a graph:

- Its elementwise part is one ``blockwise`` layer: each task evaluates the whole (fused) expression over
  its chunks of the inputs, aligned by Dask's rules and broadcast as NumPy broadcasts.
- Each outermost reduction (``sum``, ``mean``, ``std``, ``argmax``, ...) of an argument that has axes to
  reduce is a ``dask.array.reduction``: a numjit kernel reduces each chunk of the argument (computed in the
  same kernel, never stored), and small functions combine the partial results along a tree that depends
  only on the chunks (``split_every``), so that the result has the same bits whatever the number of
  workers and the order tasks run in. A reduction inside a reduction's argument is computed first.
- A subscript of a variable (``a[1:] - a[:-1]``) is Dask's slicing of that array.

What travels to a worker is the expression's text and the names of its variables, never code: each worker
process compiles a kernel once per text and dtypes (numjit's kernel cache). Inside a worker, numjit uses the
threads that ``OMP_NUM_THREADS`` / ``NUMEXPR_NUM_THREADS`` give it when it is imported (a ``distributed``
nanny sets ``OMP_NUM_THREADS=1``), so that a cluster's cores are not oversubscribed.
"""

import ast

import dask.array as da
import numpy as np
from dask.array.core import _concatenate2
from dask.utils import deepmap

from . import _CONSTANTS, _KEYWORDS, UnsupportedError, _arguments, _check_context, _dtype_name, _engine, _numjit
from . import evaluate as _evaluate

__all__ = ["evaluate"]


def evaluate(ex, local_dict=None, global_dict=None, out=None, order="K", casting="same_kind", sanitize=None,
             split_every=None, _frame_depth=3, **kwargs):
    """The lazy Dask array of `ex` over its variables, found as ``numjit.evaluate`` finds them (`local_dict`,
    then `global_dict`, each by default the caller's namespace): Dask arrays, NumPy arrays and scalars,
    mixed. NumPy arrays and scalars become single-chunk Dask arrays (rechunked as the others need).

    `out` is not taken (the result is lazy: ``dask.array.store`` writes one into an array); `order`,
    `casting` and `sanitize` are accepted for numexpr's signature and change nothing. `split_every` is how
    many partial results of a reduction one task combines (Dask's meaning: an int for all reduced axes
    together, or a dict by axis); by default as many as make about 16 MB, at most 32 and at least 4.
    """
    if not isinstance(ex, str):
        raise ValueError("must specify expression as a string")
    if out is not None:
        raise TypeError("numjit.dask.evaluate returns a lazy Dask array and takes no `out`: "
                        "dask.array.store(result, out) writes it into an array")
    _check_context(kwargs)
    names, values = _arguments(ex, local_dict, global_dict, _frame_depth - 1)
    env = {}
    for name, value in zip(names, values):
        if not isinstance(value, da.Array):
            value = np.asarray(value)
            _dtype_name(value.dtype)  # a TypeError for dtypes numjit does not take
            value = da.from_array(value, chunks=value.shape or ())
        if any(np.isnan(n) for n in value.shape):
            raise ValueError("`%s` has chunks of unknown sizes: call its compute_chunk_sizes() first" % name)
        env[name] = value
    return _Lowering(ex, env, split_every).result()


def _index(text):
    """A subscript item's text (integer literals, `:`, `...`, `None`, as the engine took them) as Python's."""
    text = text.strip()
    if text == "...":
        return Ellipsis
    if text == "None":
        return None
    if ":" in text:
        parts = [p.strip() for p in text.split(":")]
        return slice(*[ast.literal_eval(p) if p else None for p in parts])
    return ast.literal_eval(text)


class _Lowering:
    """Cuts one expression into Dask layers: `result()` is the lazy array."""

    def __init__(self, ex, env, split_every=None):
        self.ex = ex
        self.split_every = split_every
        self.env = dict(env)
        self.fresh = 0
        self.reduced = set()  # the new variables that hold reductions' and products' results
        # Checked whole first: every error the expression has raises here, before any layer is made.
        self.dtype, self.shape = self.typed(ex)
        calls, subscripts, products = _engine(_numjit.structure, ex)
        self.items = [("subscript", s) for s in subscripts]
        self.items += [("reduce", call) for call in calls if call[1] and not self.kept(call)]
        self.items += [("product", p) for p in products if not self.multiplies(p)]

    def typed(self, text):
        """The dtype and shape of `text` over the variables it reads (raising its errors)."""
        every = _engine(_numjit.names, text)
        missing = [n for n in every if n not in self.env and n not in _CONSTANTS and n not in _KEYWORDS]
        if missing:
            raise KeyError(missing[0])
        names = [n for n in every if n in self.env]
        arrays = [self.env[n] for n in names]
        compiled = _engine(_numjit.Compiled, text, names, [_dtype_name(a.dtype) for a in arrays])
        shape = _engine(compiled.shape, [list(a.shape) for a in arrays])
        return np.dtype(compiled.dtype), tuple(shape)

    def kept(self, call):
        """Whether a reduction is computed inside the layer that holds it: where its argument has no axes to
        reduce (a 0-d argument, `axis=()`), it is elementwise."""
        _, _, _, args, _ = call
        _, shape = self.typed(self.text(args[0]))
        return not _axes(self.keywords(call), len(shape))

    def multiplies(self, product):
        """Whether a product is elementwise, computed inside the layer that holds it: `dot` with a 0-d
        operand multiplies."""
        _, dot, left, right = product
        return dot and any(not self.typed(self.text(side))[1] for side in (left, right))

    def text(self, span):
        return self.ex[span[0]:span[1]]

    def keywords(self, call):
        """A reduction's `axis`, `keepdims` and `ddof` as Python values (literals, as the engine read them)."""
        _, _, _, args, keywords = call
        found = {"axis": None, "keepdims": False, "ddof": 0}
        if len(args) > 1:
            found["axis"] = ast.literal_eval(self.text(args[1]))
        for key, span in keywords:
            found[key] = ast.literal_eval(self.text(span))
        return found

    def name(self, value):
        """A new variable name for `value`, unused by the expression."""
        while True:
            name = "_nj%d" % self.fresh
            self.fresh += 1
            if name not in self.env and name not in self.ex:
                self.env[name] = value
                return name

    def lower(self, lo, hi):
        """The text of `ex[lo:hi]` with each outermost reduction, matrix product and subscript in it replaced
        by a new variable holding its Dask array."""
        inside = [(kind, it) for kind, it in self.items if lo <= _span(kind, it)[0] and _span(kind, it)[1] <= hi]
        top = [(kind, it) for kind, it in inside
               if not any(o is not it and k != "subscript" and _within(_span(kind, it), _span(k, o))
                          for k, o in inside)]
        top.sort(key=lambda item: _span(*item)[0])
        pieces, at = [], lo
        for kind, it in top:
            start, end = _span(kind, it)
            pieces.append(self.ex[at:start])
            lowering = {"subscript": self.subscript, "reduce": self.reduction, "product": self.product}[kind]
            pieces.append(lowering(it))
            at = end
        pieces.append(self.ex[at:hi])
        return "".join(pieces)

    def subscript(self, sub):
        name, _, items = sub
        index = tuple(_index(self.text(i)) for i in items)
        return self.name(self.env[name][index])

    def reduction(self, call):
        func, _, span, args, _ = call
        dtype, shape = self.typed(self.text(span))
        arg = self.lower(*args[0])
        arg_dtype, arg_shape = self.typed(arg)
        kw = self.keywords(call)
        axes = _axes(kw, len(arg_shape))
        names = [n for n in _engine(_numjit.names, arg) if n in self.env]
        chunk = _Chunk(func, arg, names, axes, kw["axis"] is None, arg_dtype, arg_shape)
        located = func in ("argmin", "argmax")
        if len(names) == 1 and not located:
            # The argument reads one array (`sum(sin(a) + cos(a))`): Dask's reduction calls the kernel on its
            # chunks directly.
            source, first = self.env[names[0]], chunk
        else:
            # The partial results of a layer over all the argument's arrays, which the reduction takes as
            # they are (its own first step, which Dask fuses into that layer, passes them on).
            source, first = _blocks(self.env, names, len(arg_shape), chunk, located=located), _identity
        finish = _Finish(func, axes, dtype, kw)
        meta = np.empty((0,) * len(shape), dtype=dtype)
        split_every = self.split_every
        if split_every is None:
            split_every = _split_every(source, axes, dtype)
        result = da.reduction(source, first, finish.aggregate, axis=axes, keepdims=kw["keepdims"],
                              dtype=dtype, combine=finish.combine, concatenate=False, meta=meta,
                              split_every=split_every)
        assert result.shape == shape, (func, result.shape, shape)
        name = self.name(result)
        self.reduced.add(name)
        return name

    def product(self, product):
        """A matrix product as Dask's blocked one (`dask.array.matmul`, or `dask.array.dot` for `dot`'s
        rules), its operands each lowered to a Dask array first. Dask sums the blocks' products in an
        order fixed by the chunks."""
        span, dot, left, right = product
        dtype, shape = self.typed(self.text(span))
        x, y = self.array(self.lower(*left)), self.array(self.lower(*right))
        if dtype == np.float16:
            # As numjit and NumPy: summed in float32 across the blocks too, rounded once.
            x, y = x.astype(np.float32), y.astype(np.float32)
        result = (da.dot if dot else da.matmul)(x, y)
        if result.dtype != dtype:
            result = result.astype(dtype)
        assert result.shape == shape, (self.text(span), result.shape, shape)
        name = self.name(result)
        self.reduced.add(name)
        return name

    def array(self, text):
        """The Dask array of lowered text `text`: a variable's, a reduction's or a product's own, else one
        blockwise layer."""
        if text.strip() in self.reduced:
            return self.env[text.strip()]
        dtype, shape = self.typed(text)
        if text.strip() in self.env and self.env[text.strip()].dtype == dtype:
            return self.env[text.strip()]
        names = [n for n in _engine(_numjit.names, text) if n in self.env]
        if not names:
            # No array to chunk (`2 * pi`): one value, computed now.
            value = _evaluate(text, local_dict={}, global_dict={})
            return da.from_array(value, chunks=value.shape)
        result = _blocks(self.env, names, len(shape), _Elementwise(text, names), dtype)
        assert result.shape == shape and result.dtype == dtype, (result.shape, shape)
        return result

    def result(self):
        return self.array(self.lower(0, len(self.ex)))


def _span(kind, item):
    return {"reduce": item[2], "subscript": item[1], "product": item[0]}[kind]


def _within(inner, outer):
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def _axes(keywords, ndim):
    """The axes a reduction reduces, counted from the front, sorted (the engine checked them)."""
    axis = keywords["axis"]
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        axis = (axis,)
    return tuple(sorted(a + ndim if a < 0 else a for a in axis))


def _split_every(source, axes, dtype):
    """How many partial results one task combines: a combining task costs a scheduler's round trip, far
    more than adding small arrays, so as many as fit in about 16 MB (each partial is a chunk's size along
    the kept axes, of the result's dtype, twice or thrice that for `mean`, `var` and `std`), at most 32,
    at least Dask's default of 4. It depends on the chunks only, so the tree does too."""
    kept = [max(source.chunks[k]) if source.chunks[k] else 0 for k in range(source.ndim) if k not in axes]
    partial = max(1, int(np.prod(kept, dtype=np.int64)) * 3 * np.dtype(dtype).itemsize)
    return int(min(32, max(4, (16 << 20) // partial)))


def _identity(x, axis=None, keepdims=True, **kwargs):
    return x


def _blocks(env, names, ndim, function, dtype=np.float64, located=False):
    """One blockwise layer: `function` over the chunks of the variables `names` (at least one), right-aligned
    and broadcast to `ndim` dimensions; `located`: `function` is told where each block lies
    (`map_blocks`' `block_info`)."""
    arrays = [env[n] for n in names]
    meta = np.empty((0,) * ndim, dtype=dtype)
    if located:
        return da.map_blocks(function, *arrays, dtype=dtype, meta=meta)
    pairs = []
    for a in arrays:
        pairs += [a, tuple(range(ndim - a.ndim, ndim))]
    return da.blockwise(function, tuple(range(ndim)), *pairs, dtype=dtype, meta=meta)


class _Elementwise:
    """A task's work in an elementwise layer: the expression over the chunks (pickled by its text)."""

    def __init__(self, ex, names):
        self.ex, self.names = ex, names

    def __call__(self, *blocks):
        return _evaluate(self.ex, local_dict=dict(zip(self.names, blocks)), global_dict={})

    def __repr__(self):
        return "numjit(%r)" % self.ex


# The dtype each reduction's partial sums accumulate in, by the argument's dtype kind: NumPy's means sum
# integers and booleans in float64, and numjit reduces float16 in float32.
def _accumulated(dtype):
    if dtype.kind in "biu":
        return "float64"
    if dtype == np.float16:
        return "float32"
    return None


class _Chunk:
    """The first step of a reduction: the argument computed and reduced over one chunk of its inputs, in one
    numjit kernel, into a partial result (keeping the reduced axes, of length one)."""

    def __init__(self, func, arg, names, axes, flat, arg_dtype, arg_shape):
        self.func, self.arg, self.names, self.axes, self.flat = func, arg, names, axes, flat
        self.complex = arg_dtype.kind == "c"
        self.shape = arg_shape
        axis = "(%s)" % "".join("%d, " % a for a in axes)
        acc = _accumulated(arg_dtype)
        x = "(%s)" % arg if acc is None else "%s(%s)" % (acc, arg)
        if func in ("sum", "prod") and acc == "float32":
            self.texts = ["%s(%s, axis=%s, keepdims=True)" % (func, x, axis)]
        elif func in ("argmin", "argmax"):
            # NumPy's `argmin` takes one axis, or none for the flat index.
            axis = "None" if flat else str(axes[0])
            self.texts = ["%s(%s, axis=%s, keepdims=True)" % (f, arg, axis) for f in (func[3:], func)]
        elif func in ("sum", "prod", "min", "max", "any", "all", "count_nonzero"):
            self.texts = ["%s(%s, axis=%s, keepdims=True)" % (func, arg, axis)]
        elif func == "mean":
            self.texts = ["sum(%s, axis=%s, keepdims=True)" % (x, axis)]
        else:  # var, std: the chunk's mean and its sum of squared deviations
            d = "(%s - mean(%s, axis=%s, keepdims=True))" % (x, x, axis)
            sq = "real(%s)**2 + imag(%s)**2" % (d, d) if self.complex else "%s**2" % d
            self.texts = ["mean(%s, axis=%s, keepdims=True)" % (x, axis), "sum(%s, axis=%s, keepdims=True)" % (sq, axis)]

    def __call__(self, *blocks, block_info=None, computing_meta=False, **reduction_arguments):
        if computing_meta:
            # Dask asks what a block's result looks like, with empty arrays: an array, as the partial
            # results' container.
            return blocks[0]
        local = dict(zip(self.names, blocks))
        values = [_evaluate(t, local_dict=local, global_dict={}) for t in self.texts]
        if self.func in ("mean", "var", "std", "argmin", "argmax"):
            block = np.broadcast_shapes(*[np.shape(b) for b in blocks]) if blocks else ()
            block = (1,) * (len(self.shape) - len(block)) + tuple(block)
            count = int(np.prod([block[a] for a in self.axes], dtype=np.int64))
        if self.func == "mean":
            return {"n": np.full(values[0].shape, count, dtype=np.int64), "s": values[0]}
        if self.func in ("var", "std"):
            return {"n": np.full(values[0].shape, count, dtype=np.int64), "m": values[0], "M2": values[1]}
        if self.func in ("argmin", "argmax"):
            return {"v": values[0], "i": self._global(values[1], block, block_info)}
        return values[0]

    def _global(self, local, block, block_info):
        """The chunk's indices of its extremes as indices into the whole argument (as NumPy numbers them)."""
        starts = [lo for lo, _ in block_info[None]["array-location"]]
        if not self.flat:
            return local.astype(np.int64) + starts[self.axes[0]]
        # A flat index into the chunk, then into the whole argument.
        where = np.unravel_index(local.astype(np.int64), block)
        return np.ravel_multi_index(tuple(w + s for w, s in zip(where, starts)), self.shape).astype(np.int64)

    def __repr__(self):
        return "numjit-%s(%r)" % (self.func, self.arg)


class _Finish:
    """The combine and aggregate steps of a reduction over partial results (small arrays, or dictionaries
    of them), in a fixed order: the tree and each step's order depend only on the chunks."""

    def __init__(self, func, axes, dtype, keywords):
        self.func, self.axes, self.dtype = func, axes, dtype
        self.ddof = keywords.get("ddof", 0)

    def gather(self, parts, field=None):
        if field is not None:
            parts = deepmap(lambda p: p[field], parts)
        return _concatenate2(parts, axes=list(self.axes))

    def merged(self, parts):
        """The partial results in `parts` (nested lists along the reduced axes) merged into one, keeping the
        reduced axes (of length one)."""
        axes = self.axes
        f = self.func
        if f in ("mean",):
            n, s = self.gather(parts, "n"), self.gather(parts, "s")
            return {"n": n.sum(axis=axes, keepdims=True), "s": s.sum(axis=axes, keepdims=True, dtype=s.dtype)}
        if f in ("var", "std"):
            n, m, m2 = self.gather(parts, "n"), self.gather(parts, "m"), self.gather(parts, "M2")
            total = n.sum(axis=axes, keepdims=True)
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = np.where(n > 0, n * m, 0).sum(axis=axes, keepdims=True) / total
                dev = m - mean
                sq = dev.real ** 2 + dev.imag ** 2 if dev.dtype.kind == "c" else dev ** 2
                m2 = m2.sum(axis=axes, keepdims=True) + np.where(n > 0, n * sq, 0).sum(axis=axes, keepdims=True)
            return {"n": total, "m": mean.astype(m.dtype), "M2": m2}
        if f in ("argmin", "argmax"):
            v, i = self.gather(parts, "v"), self.gather(parts, "i")
            return _first_extreme(v, i, axes, f == "argmin")
        x = self.gather(parts)
        combine = {"count_nonzero": "sum"}.get(f, f)
        return _evaluate("%s(x, axis=%r, keepdims=True)" % (combine, axes), local_dict={"x": x}, global_dict={})

    def combine(self, parts, axis=None, keepdims=True, **kwargs):
        return self.merged(parts)

    def aggregate(self, parts, axis=None, keepdims=False, **kwargs):
        merged = self.merged(parts)
        f = self.func
        if f == "mean":
            with np.errstate(invalid="ignore", divide="ignore"):
                r = merged["s"] / merged["n"].astype(merged["s"].real.dtype)
        elif f in ("var", "std"):
            with np.errstate(invalid="ignore", divide="ignore"):
                count = np.maximum(merged["n"] - self.ddof, 0).astype(merged["M2"].dtype)
                r = merged["M2"] / count
                if f == "std":
                    r = np.sqrt(r)
        elif f in ("argmin", "argmax"):
            r = merged["i"]
        else:
            r = merged
        r = np.asarray(r)
        if not keepdims:
            r = r.reshape([d for k, d in enumerate(r.shape) if k not in self.axes])
        return r.astype(self.dtype, copy=False)


def _first_extreme(v, i, axes, smallest):
    """Of partial extremes `v` at indices `i`, the extreme (NaN where any is NaN) and its smallest index."""
    kept = [k for k in range(v.ndim) if k not in axes]
    order = kept + list(axes)
    shape = [v.shape[k] for k in kept]
    v = np.transpose(v, order).reshape(shape + [-1])
    i = np.transpose(i, order).reshape(shape + [-1])
    best = v.min(axis=-1) if smallest else v.max(axis=-1)
    with np.errstate(invalid="ignore"):
        hit = (v == best[..., None]) | (np.isnan(v) & np.isnan(best)[..., None])
    index = np.where(hit, i, np.iinfo(np.int64).max).min(axis=-1)
    full = [1] * (len(kept) + len(axes))
    for k, d in zip(kept, shape):
        full[k] = d
    return {"v": best.reshape(full), "i": index.reshape(full)}
