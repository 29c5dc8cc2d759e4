"""The model browser: phases, categories with their descriptors per phase, drivers and
inhibitors, and the eight practical tips, in the page's language."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wi3.web._deps import LocaleDep, UserDep, WorkspaceDep, page

router = APIRouter(include_in_schema=False)


@router.get("/model")
def model_page(request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep) -> HTMLResponse:
    return page(request, locale, "model.html", who, model=ws.model)
