"""Checks numjit's grammar against Python's: every `expr => tree` line of grammar/examples/*.txt must
parse, with Python's own parser, to the same syntax tree as its fully parenthesized form. numjit's
precedence and associativity are Python's (grammar/expr.ebnf), so where they agree with the printed
tree, the printer, the parser and Python all agree.

Run: `python3 grammar/check_python.py` (no packages needed); `.ci/run` runs it.
"""
import ast
import pathlib
import sys


class Bytes(ast.NodeTransformer):
    """A string literal is a byte string in numjit, with or without the `b` (numexpr's rule)."""

    def visit_Constant(self, node):
        if isinstance(node.value, str):
            return ast.Constant(node.value.encode("ascii"))
        return node


def tree(text):
    return ast.dump(Bytes().visit(ast.parse(text.strip(), mode="eval")))


def main():
    here = pathlib.Path(__file__).resolve().parent
    checked, bad = 0, []
    for path in sorted((here / "examples").glob("*.txt")):
        for line in path.read_text().splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            expr, want = line.split(" => ")
            if tree(expr) != tree(want):
                bad.append(f"{path.name}: {expr!r} parses in Python as {ast.unparse(ast.parse(expr, mode='eval'))!r}, "
                           f"numjit prints {want!r}")
            checked += 1
    for b in bad:
        print(b)
    print(f"{checked - len(bad)} passed, {len(bad)} failed")
    return 1 if bad or checked < 30 else 0


if __name__ == "__main__":
    sys.exit(main())
