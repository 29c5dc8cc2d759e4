"""YAML input files that remember where things are, so errors can name the line.

Every YAML file wi3 reads (the growth model, organisation, assessment, column and survey
mappings, container routes) goes through `read_yaml`, which reads it within limits: a file
larger than `MAX_BYTES`, nested deeper than `MAX_DEPTH`, or whose aliases repeat more than
`MAX_REPEATED` nodes (a "billion laughs" file: 600 bytes of aliases that expand to a billion
strings) is refused before anything is built from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wi3.errors import InputError

MAX_BYTES = 16 * 1024 * 1024
"""The largest YAML file read: far above any organisation, model or mapping file."""
MAX_DEPTH = 64
"""The deepest nesting read; wi3's own files nest fewer than ten levels."""
MAX_REPEATED = 100_000
"""How many nodes aliases may add to those written out in the file."""


_LibYaml: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructing:
    """Turns a value YAML parses but Python cannot hold (2024-02-30, a 5,000-digit number)
    into a YAML error at the node's line, instead of a bare ValueError."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            value = f" {str(node.value)[:40]!r}" if isinstance(node, yaml.ScalarNode) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value{value} ({exc})", node.start_mark
            ) from exc


class _SafeLoader(_Constructing, yaml.SafeLoader):
    """The pure-Python parser: slower, but its messages say more."""


class _FastLoader(_Constructing, _LibYaml):  # type: ignore[misc]  # CSafeLoader or SafeLoader
    """libyaml's parser when PyYAML was built with it (five times faster), else the
    pure-Python one; both keep the line of every node and build the same safe data."""


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
    """Parse a YAML file within the limits above, keeping the line of every path.

    Raises:
        InputError: when the file is missing, a folder, not UTF-8, larger than `MAX_BYTES`,
            not valid YAML (with line and column), nested deeper than `MAX_DEPTH`, or has
            aliases that repeat too much or refer to themselves.
    """
    text = _read_text(path)
    try:
        node, data = _parse(path, text, _FastLoader)
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):  # libyaml stops at 1,000 levels
            raise _too_deep(path, getattr(exc, "problem_mark", None)) from exc
        try:  # the same error again, in the pure-Python parser's clearer words
            node, data = _parse(path, text, _SafeLoader)
        except yaml.YAMLError as clearer:
            raise _invalid(path, clearer) from clearer
        except RecursionError:  # the pure-Python parser recurses: say what libyaml said
            raise _invalid(path, exc) from exc
    document = YamlDocument(path, data)
    if node is not None:
        document._index(node)
    return document


def _read_text(path: Path) -> str:
    """The file's text, read no further than one byte past `MAX_BYTES`."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(key="error.no_file", path=path) from None
    except IsADirectoryError:
        raise InputError(f"{path}: a folder, not a file; give the YAML file itself") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"{path}: larger than {MAX_BYTES // 2**20} MB, the most wi3 reads from a YAML file; "
            "check that this is the right file"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc


def _parse(path: Path, text: str, loader_class: Any) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (it knows every line) and the safe data built from it.

    The tree is measured before anything is built: aliases make it a graph, in which a
    small file can stand for a huge document.
    """
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _measure(path, node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _measure(path: Path, root: yaml.Node) -> None:
    """Check the depth of the tree under `root` and how many nodes its aliases repeat.

    One walk without recursion over the distinct nodes, each visited once: a node's size and
    height come from its children's, so a billion laughs costs a few dozen steps.

    Raises:
        InputError: when the tree is too deep, an alias holds itself, or aliases repeat more
            than `MAX_REPEATED` nodes.
    """
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    while stack:
        node, children = stack.pop()
        key = id(node)
        if children is not None:  # its children are measured
            open_nodes.discard(key)
            size[key] = 1 + sum([size[id(c)] for c in children])
            height[key] = tall = 1 + max([height[id(c)] for c in children], default=0)
            if tall > MAX_DEPTH:
                raise _too_deep(path, node.start_mark)
        elif key in size:
            continue
        elif isinstance(node, yaml.ScalarNode):
            size[key] = height[key] = 1
        elif key in open_nodes:
            raise InputError(
                f"{path}:{node.start_mark.line + 1}: this entry holds an alias (*name) to "
                "itself, so the document would never end; remove that alias"
            )
        else:
            open_nodes.add(key)
            children = (
                [part for pair in node.value for part in pair]
                if isinstance(node, yaml.MappingNode)
                else list(node.value)
            )
            stack.append((node, children))
            stack.extend((c, None) for c in children)
    repeated = size[id(root)] - len(size)
    if repeated > MAX_REPEATED:
        raise InputError(
            f"{path}: its aliases (*name) repeat {repeated:,} nodes, more than the "
            f"{MAX_REPEATED:,} wi3 accepts, so reading it would exhaust memory. Write the "
            "entries out instead of repeating them by alias."
        )


def _too_deep(path: Path, mark: Any) -> InputError:
    where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
    return InputError(
        f"{where}: nested more than {MAX_DEPTH} levels deep, which no wi3 file needs; "
        "check that this is the right file"
    )


def _invalid(path: Path, exc: yaml.YAMLError) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    problem = getattr(exc, "problem", None) or str(exc)
    fix = "value" if isinstance(exc, yaml.constructor.ConstructorError) else "syntax"
    return InputError(f"{where}: not valid YAML: {problem}. Fix the {fix} there.")
