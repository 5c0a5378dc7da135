#!/usr/bin/env bash
# Builds the Python package into a fresh virtual environment and runs its tests.
#
#   bash python/check.sh            # from the repository root; the environment is target/py-venv
#
# It installs maturin, NumPy, pytest, numexpr (for its test suite), pandas (for the test of
# `install_as_numexpr`) and dask with distributed (for `numjit.dask`'s tests on a local cluster) from PyPI
# into the environment,
# builds the extension with `maturin develop` (the dev profile: it shares the engine's build with
# `cargo test`), then runs `pytest python/tests` and numexpr's own tests through `numexpr_suite.py`. Set
# NUMJIT_VENV to use another folder.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${NUMJIT_VENV:-target/py-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "maturin>=1.16,<2" "numpy==2.4.6" "pytest>=8" "numexpr==2.14.2" "pandas>=3" \
  "dask[array]==2026.8.0" "distributed==2026.8.0"
(cd python && VIRTUAL_ENV="$PWD/../$venv" PATH="$PWD/../$venv/bin:$PATH" maturin develop --quiet)
echo "== the package's tests"
"$venv/bin/python" -m pytest -q python/tests
echo "== numexpr's own test suite (from its installed package), every evaluate call going to numjit"
PYTHONPATH=python/tests "$venv/bin/python" -m pytest -q -p numexpr_suite --pyargs numexpr.tests
