"""pandas through `numjit.install_as_numexpr`: DataFrame.eval, query, pd.eval and large arithmetic run on
numjit. Each check runs in a fresh interpreter, because pandas looks numexpr up once, when imported."""

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("pandas")

SCRIPT = textwrap.dedent(
    """
    import numpy as np
    import numjit

    ne = numjit.install_as_numexpr()
    calls = []
    evaluate = ne.evaluate

    def counted(ex, *args, **kwargs):
        calls.append(ex)
        return evaluate(ex, *args, _frame_depth=4, **kwargs)

    ne.evaluate = counted

    import pandas as pd
    from pandas.core.computation import expressions

    assert expressions.USE_NUMEXPR, "pandas does not use the stand-in"
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"a": rng.random(1000), "b": rng.random(1000), "i": np.arange(1000)})

    r = df.eval("a + b * 2", engine="numexpr")
    assert np.allclose(r, df.a + df.b * 2), "eval"
    q = df.query("a > b and i % 2 == 0", engine="numexpr")
    assert q.equals(df[(df.a > df.b) & (df.i % 2 == 0)]), "query"
    p = pd.eval("df.a * 3 - df.i", engine="numexpr")
    assert np.allclose(p, df.a * 3 - df.i), "pd.eval"
    n = len(calls)

    big = pd.DataFrame({"x": rng.random(1_100_000), "y": rng.random(1_100_000)})
    s = big.x * big.y + big.x
    assert np.allclose(s, big.x.to_numpy() * big.y.to_numpy() + big.x.to_numpy()), "arithmetic"
    assert len(calls) > n, "large arithmetic did not call numexpr"
    print(len(calls), "calls:", sorted(set(calls))[:6])
    """
)


def test_pandas_runs_on_numjit_through_install_as_numexpr():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "calls:" in done.stdout
