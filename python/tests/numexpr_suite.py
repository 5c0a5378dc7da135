"""A pytest plugin that runs numexpr's own test suite against numjit.

    pytest --pyargs numexpr.tests -p numexpr_suite      # with python/tests on PYTHONPATH

numexpr's installed tests import `evaluate` and its companions from the `numexpr` module; this plugin
rebinds those names to numjit's before the tests are collected, so every call the tests make goes to
numjit. No numexpr code is copied: the tests run from numexpr's installed package. Tests that inspect
numexpr's internals are deselected, each with its reason (`INTERNAL`).
"""

import sys

import numexpr

import numjit

# The names the tests call that numjit provides (`NumExpr` is numjit's compiled expression; the tests
# that build numexpr's expression objects, `E.a + 1`, or read its programs stay deselected below).
REBOUND = [
    "evaluate",
    "NumExpr",
    "re_evaluate",
    "validate",
    "set_num_threads",
    "get_num_threads",
    "detect_number_of_cores",
    "detect_number_of_threads",
    "set_vml_accuracy_mode",
    "print_versions",
]

_PROGRAM = "inspects numexpr's own compiled programs (NumExpr, E, disassemble, ConstantNode), not evaluate"
_THREADS = "reloads or calls numexpr's own thread setup (numexpr._init_num_threads, in subprocesses)"

# Tests that reach into numexpr itself rather than its evaluation API, by class and test name, and why
# they do not run against numjit.
INTERNAL = {
    ("test_numexpr", "test_simple"): _PROGRAM,
    ("test_numexpr", "test_simple_expr_small_array"): _PROGRAM,
    ("test_numexpr", "test_simple_expr"): _PROGRAM,
    ("test_numexpr", "test_rational_expr"): _PROGRAM,
    ("test_numexpr", "test_reductions"): _PROGRAM,
    ("test_numexpr", "test_r0_reuse"): _PROGRAM,
    ("test_evaluate", "test_disassemble"): _PROGRAM,
    ("test_evaluate", "test_constant_deduplication"): _PROGRAM,
    ("test_evaluate", "test_nan_constant"): _PROGRAM,
    ("test_evaluate", "test_f32_constant"): _PROGRAM,
    ("test_evaluate", "test_ex_uses_vml"): "asks numexpr's parser which functions use VML",
    ("test_threading_config", "test_max_threads_unset"): _THREADS,
    ("test_threading_config", "test_max_threads_set"): _THREADS,
    ("test_threading_config", "test_numexpr_num_threads"): _THREADS,
    ("test_threading_config", "test_omp_num_threads"): _THREADS,
    ("test_threading_config", "test_omp_num_threads_empty_string"): _THREADS,
    ("test_threading_config", "test_numexpr_max_threads_empty_string"): _THREADS,
    ("test_threading_config", "test_vml_threads_round_trip"): "numexpr's VML thread settings (numjit has no VML)",
    ("test_numexpr", "test_locals_clears_globals"): "runs numexpr itself in a subprocess",
}

# Where numjit follows NumPy 2 (or its own grammar) and numexpr's test expects numexpr's behaviour; each is
# listed in README ("From Python").
DIFFERENT = {
    ("test_numexpr", "test_axis"): "negative axes are NumPy's (sum(y, axis=-1)); numexpr refuses them",
    ("test_evaluate", "test_boolean_operator"): "`and`/`or` of bool arrays are elementwise; numexpr raises",
    ("test_evaluate", "test_illegal_value"): "a list in the text (`a < [0, 0, 0]`) is a SyntaxError, not a "
    "ValueError or TypeError",
    ("test_evaluate", "test_sanitize"): "no sanitizing: numjit never calls Python's eval; `__builtins__` is a "
    "TypeError (an object), not numexpr's ValueError",
    ("test_int32_int64", "test_small_int"): "an integer literal alone is NumPy's int64; numexpr gives int32",
    ("test_uint32_int64", "test_small_uint32"): "uint32 stays uint32, as in NumPy; numexpr widens it to int64",
    ("test_strings", "test_add_string_array"): "raises NotImplementedError (numjit.UnsupportedError) with "
    "numjit's message, where the test looks for numexpr's opcode name ('add_sss')",
    ("test_strings", "test_add_numeric_array"): "the same, for numexpr's opcode name 'ge_bsi'",
}


def _key(item):
    cls = item.cls.__name__ if item.cls is not None else ""
    # test_numexpr2 is test_numexpr run again with other settings.
    return ("test_numexpr" if cls == "test_numexpr2" else cls, item.originalname or item.name)


def pytest_configure(config):
    for name in REBOUND:
        setattr(numexpr, name, getattr(numjit, name))
    numexpr.use_vml = numjit.use_vml


def pytest_collection_modifyitems(config, items):
    # The tests imported their names from numexpr after `pytest_configure`: they call numjit.
    tests = sys.modules.get("numexpr.tests.test_numexpr")
    assert tests is not None and tests.evaluate is numjit.evaluate, "numexpr's tests would not call numjit"
    assert tests.NumExpr is numjit.NumExpr
    kept, dropped = [], []
    for item in items:
        (dropped if _key(item) in INTERNAL or _key(item) in DIFFERENT else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line("numexpr tests deselected (numexpr internals): %d" % len(INTERNAL))
    terminalreporter.write_line("numexpr tests deselected (numjit follows NumPy 2): %d" % len(DIFFERENT))
