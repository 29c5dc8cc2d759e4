"""What users and files name is printed as the text it is: no markup, no emoji, no escapes.

Names, units, slugs and paths come from organisation files, exports and the command line. Read
as Rich markup, `[/x]` crashed `diagnose` and `[link=…]` printed a clickable link; raw, an
escape sequence could set a link, move the cursor or retitle the terminal.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Run

MARKUP = ["[/x]", "[link=https://evil.example]click[/link]", "[bold red]x", ":smile:"]
ESCAPE = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
"""An OSC 8 hyperlink: a terminal would show 'click' linking elsewhere."""
SHOWN = "\\x1b]8;;https://evil.example\\x1b\\click\\x1b]8;;\\x1b\\"
CONTROLS = "bell\x07 back\x08 csi\x9b2J rlo\u202etxt.exe"
CONTROLS_SHOWN = "bell\\x07 back\\x08 csi\\x9b2J rlo\\u202etxt.exe"


def _quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar, control characters escaped."""

    def char(c: str) -> str:
        if c in '\\"':
            return "\\" + c
        return f"\\x{ord(c):02x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c

    return '"' + "".join(map(char, text)) + '"'


@pytest.fixture
def hostile(run: Run, tmp_path: Path) -> Run:
    """A workspace whose organisation, units and initiatives have hostile names."""
    assert run("init").exit_code == 0
    org = tmp_path / "org.yaml"
    org.write_text(
        f"organisation: {{slug: acme, name: {_quoted(MARKUP[2])}}}\n"
        "units:\n"
        f"  - {{path: ict, name: {_quoted(MARKUP[0])}}}\n"
        f"  - {{path: hr, name: {_quoted(MARKUP[1])}}}\n"
        f"  - {{path: ops, name: {_quoted(ESCAPE)}}}\n"
        "initiatives:\n"
        f"  - {{slug: wiki, name: {_quoted(' '.join(MARKUP))}, kind: wiki, unit: ict,"
        f" platform: {_quoted(MARKUP[1])}}}\n"
        f"  - {{slug: chat, name: {_quoted(ESCAPE + ' ' + CONTROLS)}, kind: chat, unit: hr}}\n"
    )
    result = run("org", "import", str(org))
    assert result.exit_code == 0, result.output
    return run


def _literal(result, *expected: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    assert result.exception is None
    for text in expected:
        assert text in result.output, result.output
    for raw in ("\x1b", "\x07", "\x08", "\x9b", "\u202e", "😄"):
        assert raw not in result.output


def test_initiative_list_prints_names_as_text(hostile: Run) -> None:
    _literal(hostile("initiative", "list"), *MARKUP, SHOWN, *CONTROLS_SHOWN.split())


def test_diagnose_and_explain_print_names_as_text(hostile: Run) -> None:
    _literal(hostile("diagnose", "--as-of", "2026-03-31"), MARKUP[2] + " as of 31 March 2026")
    _literal(hostile("diagnose", "--as-of", "2026-03-31", "--explain", "wiki"), *MARKUP)
    _literal(hostile("diagnose", "--as-of", "2026-03-31", "--explain", "chat"), SHOWN)


def test_the_unit_listing_prints_names_as_text(hostile: Run) -> None:
    _literal(hostile("org", "units"), MARKUP[0], MARKUP[1], SHOWN)


def test_report_prints_its_path_as_text(hostile: Run, tmp_path: Path) -> None:
    assert hostile("diagnose", "--as-of", "2026-03-31").exit_code == 0
    out = tmp_path / "[bold]report.md"
    _literal(hostile("report", "--format", "md", "-o", str(out)), f"report written to {out}")


def test_messages_quote_arguments_as_text(hostile: Run) -> None:
    result = hostile("history", f"[/x]{ESCAPE}")
    assert result.exit_code == 1
    assert f"no initiative '[/x]{SHOWN}' in acme" in result.output.replace("\\\\", "\\")
    assert "\x1b" not in result.output


def test_usage_errors_quote_arguments_as_text(hostile: Run) -> None:
    result = hostile("people", "confirm", "1", f"x{ESCAPE}")
    assert result.exit_code == 2
    assert "Invalid value for 'second'" in result.output
    assert "\x1b" not in result.output
    result = hostile("history", "wiki", f"x{ESCAPE}")
    assert result.exit_code == 2
    assert f"Got unexpected extra argument(s) (x{SHOWN})" in result.output
    assert "\x1b" not in result.output
    result = hostile("diagnose", f"--x{ESCAPE}")
    assert result.exit_code == 2
    assert f"No such option: --x{SHOWN}" in result.output
    assert "\x1b" not in result.output
    result = hostile(f"diagnose{ESCAPE}")
    assert result.exit_code == 2
    assert "No such command 'diagnose\\x1b]8;;https://evil.example" in result.output
    assert "\x1b" not in result.output


def test_a_slug_pattern_keeps_its_brackets(hostile: Run) -> None:
    result = hostile("initiative", "add", "Team Wiki", "--name", "Team wiki", "--kind", "wiki")
    assert result.exit_code == 1
    assert "String should match pattern '^[a-z0-9][a-z0-9_\\-]*$'" in result.output


def test_an_export_path_with_brackets_is_read(
    hostile: Run, tmp_path: Path, fixture_path: Path
) -> None:
    """The progress line shows the export's name: it must not be read as markup."""
    export = tmp_path / "[/x]export"
    shutil.copytree(fixture_path / "slack" / "workspace", export)
    result = hostile("ingest", "slack", str(export), "--initiative", "chat")
    assert result.exit_code == 0, result.output
    assert f"{export}: " in result.output


def test_the_progress_line_shows_the_export_name_as_text(
    hostile: Run, tmp_path: Path, fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal, `ingest` shows a progress line naming the export."""
    from rich.console import Console
    from rich.progress import Progress

    from wi3.cli import _usage

    drawn: list[str] = []

    class Drawn(Progress):
        """Draws at every update, as the refresh thread does on a terminal."""

        def update(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().update(*args, **kwargs)
            screen = Console(width=200, record=True, file=io.StringIO())
            screen.print(self.get_renderable())
            drawn.append(screen.export_text())

    monkeypatch.setattr(_usage, "Progress", Drawn)
    monkeypatch.setattr(_usage, "PROGRESS_EVERY", 1)
    export = tmp_path / "[red]export"
    shutil.copytree(fixture_path / "slack" / "workspace", export)
    result = hostile("ingest", "slack", str(export), "--initiative", "chat")
    assert result.exit_code == 0, result.output
    assert drawn and all("reading [red]export" in line for line in drawn)


def test_warnings_name_export_files_as_text(
    hostile: Run, tmp_path: Path, fixture_path: Path
) -> None:
    """Skipped records are logged with the export's name, which may hold escapes."""
    export = tmp_path / "\x1b[31mred\x1b[0m"  # a colour: a file name holds no slash
    shutil.copytree(fixture_path / "slack" / "workspace", export)
    result = hostile("ingest", "slack", str(export), "--initiative", "chat")
    assert result.exit_code == 0, result.output
    assert "skipped a record at \\x1b[31mred\\x1b[0m:users.json" in result.output
    assert "\x1b" not in result.output
