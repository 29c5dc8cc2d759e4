"""The page templates shipped in the package, autoescaped, failing on any undefined name.

The pages' building blocks (`_macros.html`: board, heatmap, gates, steps, …) are the report's,
read from `wi3/reports/templates` after the pages' own folder, so a page and the report lay out
a diagnosis with the same markup."""

from __future__ import annotations

from functools import lru_cache

import jinja2
from fastapi.templating import Jinja2Templates


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The templates of `wi3/web/templates` and the report's building blocks, loaded once."""
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
    return Jinja2Templates(env=env)
