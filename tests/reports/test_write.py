"""Report files as `wi3.service.write_report` writes them from a workspace: the Markdown report
with its chart files beside it, and the spreadsheet, whose withheld figures hold no number."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from tests.service.test_withheld_figures import acme  # noqa: F401  (the workspace fixture)

from wi3.service import Workspace, diagnose, write_report

AS_OF = date(2026, 9, 30)


def test_markdown_report_writes_its_charts_beside_it_and_replaces_them(
    acme: Workspace,  # noqa: F811
    tmp_path: Path,
) -> None:
    diagnose(acme, None, AS_OF)
    out = write_report(acme, None, "md", AS_OF, "en", tmp_path / "acme.md")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", out.read_text(encoding="utf-8"))
    charts = tmp_path / "acme-charts"
    assert links and all(link.startswith("acme-charts/") for link in links)
    assert sorted(p.name for p in charts.iterdir()) == sorted(Path(link).name for link in links)
    assert all((tmp_path / link).read_text().startswith("<svg") for link in links)
    (charts / "left-over.svg").write_text("<svg/>")
    write_report(acme, None, "md", AS_OF, "nl", tmp_path / "acme.md")
    assert not (charts / "left-over.svg").exists()  # the folder is the report's, replaced whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme-charts", "acme.md"]  # no temp


def test_spreadsheet_from_a_workspace_withholds_small_groups(
    acme: Workspace,  # noqa: F811
    tmp_path: Path,
) -> None:
    diagnose(acme, None, AS_OF)
    out = write_report(acme, None, "xlsx", AS_OF, "en", tmp_path / "acme.xlsx")
    book = load_workbook(io.BytesIO(out.read_bytes()))
    metrics = book["Usage metrics"]
    heading = [c.value for c in metrics[1]]
    value, note, unit = heading.index("Value"), heading.index("Note"), heading.index("Unit")
    rows = list(metrics.iter_rows(min_row=2, values_only=True))
    private = [r for r in rows if r[note] and "fewer than 5 people" in r[note]]
    assert private and all(r[value] == "withheld" for r in private)
    newcomers = [r for r in rows if r[3] == "newcomers" and r[1] == "2026Q2" and r[unit] is None]
    assert newcomers and all(r[value] == "withheld" for r in newcomers)
    assert not [r for r in rows if r[unit] is not None and r[1] == "2026Q3"]  # no unit listed
