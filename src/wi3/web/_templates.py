"""The page templates shipped in the package, autoescaped, failing on any undefined name.

The pages' building blocks (`_macros.html`: board, heatmap, gates, steps, …) are the report's,
read from `wi3/reports/templates` after the pages' own folder, so a page and the report lay out
a diagnosis with the same markup."""

from __future__ import annotations

from functools import lru_cache

import jinja2
from fastapi.templating import Jinja2Templates

from wi3 import service

IMPORT_MAP = '{"imports": {"vega-util": "/static/vega-util.js"}}'
"""The import map of a page with charts: the one inline script the policy allows, by its hash."""


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The templates of `wi3/web/templates`, then the report's (its building blocks, and the
    parts the pages include), loaded once."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("wi3.web", "templates"),
                jinja2.PackageLoader("wi3.reports", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        # the report's chart parts (`_charts.html`): drawn in the browser from each chart's
        # Vega-Lite specification, never as pre-drawn SVG
        drawn=None,
        pdf=False,
        spec=service.chart_json,
        chart_libraries=service.CHART_LIBRARIES,
        import_map=IMPORT_MAP,
    )
    return Jinja2Templates(env=env)
