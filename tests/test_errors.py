"""The error tree: every exception class wi3 defines is in errors.py and drawn in its docstring."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import wi3.errors
from wi3.errors import Wi3Error

SRC = Path(wi3.errors.__file__).parent
TREE_LINE = re.compile(r"^(?P<lead>[ │├└─]*)(?P<name>\w+)\s")


def _drawn_parents() -> dict[str, str | None]:
    """Each class named in the docstring's tree, with the class drawn above it one level up."""
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in (wi3.errors.__doc__ or "").splitlines():
        match = TREE_LINE.match(line)
        if not match or not match["name"].endswith("Error"):
            continue
        depth = len(match["lead"])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[match["name"]] = stack[-1][1] if stack else None
        stack.append((depth, match["name"]))
    return parents


def test_every_error_class_is_drawn_under_its_parent() -> None:
    classes = {
        name: cls
        for name, cls in inspect.getmembers(wi3.errors, inspect.isclass)
        if issubclass(cls, Exception)
    }
    drawn = _drawn_parents()
    assert set(drawn) == set(classes)
    for name, cls in classes.items():
        assert issubclass(cls, Wi3Error)
        parent = cls.__bases__[0].__name__ if cls is not Wi3Error else None
        assert drawn[name] == parent, f"{name} is drawn under {drawn[name]}, derives from {parent}"


def test_no_exception_class_is_defined_outside_errors_py() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases]
                if any(b.endswith(("Error", "Exception")) for b in bases):
                    found.append(f"{path.relative_to(SRC)}: {node.name}")
    assert found == []
