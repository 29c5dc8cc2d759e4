"""Hostile input files: each is refused quickly, with wi3's own message, in little memory.

The small hostile files live in tests/fixtures/hostile/; large ones (a deep nesting, a
decompression bomb) are made by each test in its tmp_path. The command line's answer to the
same files, for every command, is checked in tests/cli/test_hostile.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wi3.errors import InputError
from wi3.yamldoc import MAX_BYTES, MAX_DEPTH, read_yaml

SRC = Path(__file__).parents[1] / "src" / "wi3"


@pytest.fixture(scope="module")
def hostile(fixture_path: Path) -> Path:
    return fixture_path / "hostile"


# --- YAML -----------------------------------------------------------------------------------


def test_a_billion_laughs_is_refused_before_it_expands(hostile: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_yaml(hostile / "laughs.yaml")
    assert str(caught.value).startswith(f"{hostile / 'laughs.yaml'}: its aliases (*name) repeat")
    assert "more than the 100,000 wi3 accepts" in str(caught.value)


def test_an_alias_inside_itself_is_refused(hostile: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_yaml(hostile / "recursive-alias.yaml")
    assert "recursive-alias.yaml:2: this entry holds an alias (*name) to itself" in str(
        caught.value
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000,  # beyond libyaml's own limit of 1,000
        "a: " + "[" * 900 + "]" * 900,  # within it, beyond Python's recursion
        "".join("  " * i + "k:\n" for i in range(400)) + "  " * 400 + "k: x\n",
        "".join("  " * i + "-\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "- x",
    ],
    ids=["flow-5000", "flow-900", "block-mappings-400", "block-sequences-65"],
)
def test_deep_nesting_is_refused_by_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:\d+: nested more than 64"):
        read_yaml(path)


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1))
    data = read_yaml(path).data
    for _ in range(MAX_DEPTH - 2):
        data = data[0]
    assert data == ["x"]


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(InputError, match="larger than 16 MB, the most wi3 reads"):
        read_yaml(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("start_date: 2024-02-30\n", ":1:13: not valid YAML: cannot read the value '2024-02-30'"),
        ("a: 0000-01-01\n", "(year 0 is out of range). Fix the value there."),
        ("a: " + "9" * 5000 + "\n", "cannot read the value '9999999999"),
        ("a: !!timestamp 99999-01-01\n", "cannot read the value '99999-01-01'"),
    ],
)
def test_values_python_cannot_hold_are_named_by_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert message in str(caught.value)


def test_a_folder_or_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a folder, not a file"):
        read_yaml(tmp_path)
    zero = Path("/dev/zero")
    if zero.exists():
        with pytest.raises(InputError, match="larger than 16 MB"):
            read_yaml(zero)


def test_every_yaml_reader_goes_through_yamldoc() -> None:
    """PyYAML's loaders have no limits: only yamldoc.py may call them."""
    loader = re.compile(r"yaml\.(safe_load|load|full_load|unsafe_load|compose|parse)\b|SafeLoader")
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "yamldoc.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if loader.search(line)
    ]
    assert found == []
