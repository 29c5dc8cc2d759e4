"""The page templates shipped in the package, autoescaped, failing on any undefined name."""

from __future__ import annotations

from functools import lru_cache

import jinja2
from fastapi.templating import Jinja2Templates


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The templates of `wi3/web/templates`, then the report's (whose parts the pages
    include), loaded once."""
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
