"""The report as a PDF, laid out by WeasyPrint from the same HTML as the HTML report.

The page carries everything it shows (CSS inline, charts as inline SVG), so the PDF needs no
resource at all: the fetcher refuses every URL, and a report that asked for one would fail
rather than silently differ from the HTML. `wi3.reports._render` imports this module only
for a PDF, so other reports do not load WeasyPrint.
"""

from __future__ import annotations

import logging

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher


class OfflineFetcher(URLFetcher):  # type: ignore[misc]
    """Refuses every URL, the network's and the disk's alike, and stops the rendering."""

    def fetch(self, url: str, headers: object = None) -> object:
        raise FatalURLFetchingError(
            f"the PDF report loads nothing from outside itself, but its page asks for {url[:200]}"
        )


def to_pdf(html: str, fetcher: URLFetcher | None = None) -> bytes:
    """The PDF of a report page (A4, with the page rules of `report.pdf.css`); `fetcher`
    replaces the refusing one (a test that records what is asked).

    The page's CSS is written for browsers first: WeasyPrint warns of each rule it does not
    apply (`overflow-x`, a screen-width media query), which says nothing about the report, so
    those warnings are dropped while it lays the page out.
    """
    weasy = logging.getLogger("weasyprint")
    weasy.addFilter(_css_only)
    try:
        document = HTML(string=html, url_fetcher=fetcher or OfflineFetcher())
        return bytes(document.write_pdf())
    finally:
        weasy.removeFilter(_css_only)


def _css_only(record: logging.LogRecord) -> bool:
    """Keeps every record but WeasyPrint's warnings about CSS it does not apply."""
    return not (record.levelno == logging.WARNING and record.pathname.endswith(_CSS_MODULES))


_CSS_MODULES = ("css/__init__.py", "media_queries.py", "grid.py", "validation/__init__.py")
"""WeasyPrint's modules that warn of CSS: the style sheet, media queries and grid layout."""
