"""YAML input files that remember where things are, so errors can name the line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wi3.errors import InputError

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (five times faster), else the pure-Python one;
both keep the line of every node and build the same safe data."""


@dataclass
class YamlDocument:
    """A parsed YAML file, the line of every path in it, and the keys given twice in a mapping.

    Paths are written as in error messages: `categories[3].levels.facilitating`.
    """

    path: Path
    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    repeated: list[str] = field(default_factory=list)

    def _index(self, node: yaml.Node, prefix: str = "") -> None:
        self.lines.setdefault(prefix or "(top)", node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = f"{prefix}.{key.value}" if prefix else str(key.value)
                if key.value in seen:
                    self.repeated.append(name)
                seen.add(key.value)
                self.lines[name] = key.start_mark.line + 1
                self._index(value, name)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._index(item, f"{prefix}[{i}]")

    def line(self, where: str) -> int | None:
        """The line of `where`, or of the nearest enclosing path that has one."""
        probe = where
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return self.lines.get("(top)")

    def at(self, where: str) -> str:
        """`file:line` for messages."""
        line = self.line(where)
        return f"{self.path}:{line}" if line else str(self.path)


def read_yaml(path: Path) -> YamlDocument:
    """Parse a YAML file, keeping the line of every path.

    Raises:
        InputError: when the file is missing, not UTF-8, or not valid YAML (with line and column).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        node, data = _parse(text, _FastLoader)
    except yaml.YAMLError:
        try:  # the same error again, in the pure-Python parser's clearer words
            node, data = _parse(text, yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
            problem = getattr(exc, "problem", None) or str(exc)
            raise InputError(f"{where}: not valid YAML: {problem}. Fix the syntax there.") from exc
    document = YamlDocument(path, data)
    if node is not None:
        document._index(node)
    return document


def _parse(text: str, loader_class: Any) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (it knows every line) and the safe data built from it."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()
