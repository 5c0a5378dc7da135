"""pytest's settings for the package's tests: `numexpr_suite.py` beside them is a plugin for numexpr's test
suite (`-p numexpr_suite`), not a test module."""

collect_ignore = ["numexpr_suite.py"]
