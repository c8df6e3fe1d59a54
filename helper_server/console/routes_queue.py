"""The queue page (search, filters, paging), its CSV export, and the figures page.

Every read is scoped to the signed-in official's ward (see :mod:`.queries` and :mod:`.figures`).
"""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from helper_app.sync.lifecycle import DossierStatus
from helper_server.api.deps import ServicesDep
from helper_server.console import figures as fig
from helper_server.console.charts import stacked_weeks
from helper_server.console.deps import ConsoleDep, OfficialDep
from helper_server.console.i18n import Lang, request_lang, translate
from helper_server.console.queries import QueueFilter, QueueQueries
from helper_server.console.rendering import apply_headers
from helper_server.forms_catalog import FormsCatalog

router = APIRouter(prefix="/console", include_in_schema=False)

QUEUE_STATUSES = (
    DossierStatus.SUBMITTED,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.COMPLETED,
    DossierStatus.REJECTED,
    DossierStatus.WITHDRAWN,
)


def procedure_titles(forms: FormsCatalog, lang: Lang) -> dict[str, str]:
    """Procedure code -> title (of its newest version) in ``lang``."""
    titles: dict[str, str] = {}
    for summary in forms.index.forms:  # sorted by code, then version: the newest wins
        titles[summary.code] = summary.title_vi if lang == "vi" else summary.title_en
    return titles


def _filter(request: Request) -> QueueFilter:
    """The filter in the query string; anything malformed is ignored, never an error page."""
    params = request.query_params
    status_raw = params.get("status") or ""
    status = DossierStatus(status_raw) if status_raw in QUEUE_STATUSES else None
    volunteer: uuid.UUID | None
    try:
        volunteer = uuid.UUID(params.get("volunteer") or "")
    except ValueError:
        volunteer = None
    page_raw = params.get("page") or "1"
    page = int(page_raw) if page_raw.isdigit() and len(page_raw) < 7 else 1
    procedure = (params.get("procedure") or "")[:63] or None
    return QueueFilter(
        q=(params.get("q") or "")[:200],
        status=status,
        procedure=procedure,
        volunteer=volunteer,
        page=page,
    )


def _query_string(wanted: QueueFilter, **override: object) -> str:
    values: dict[str, object] = {
        "q": wanted.q,
        "status": wanted.status.value if wanted.status else "",
        "procedure": wanted.procedure or "",
        "volunteer": str(wanted.volunteer) if wanted.volunteer else "",
        "page": wanted.page,
    }
    values.update(override)
    return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@router.get("/dossiers")
def queue(
    request: Request, official: OfficialDep, services: ServicesDep, console: ConsoleDep
) -> Response:
    """The ward's dossiers, newest first, with search, filters and pages."""
    started = time.perf_counter()
    lang = request_lang(request)
    wanted = _filter(request)
    queries = QueueQueries(services.db, services.forms)
    page = queries.page(user=official.user, wanted=wanted)
    titles = procedure_titles(services.forms, lang)
    response = console.render(
        request,
        "queue.html",
        {
            "page": page,
            "wanted": wanted,
            "statuses": QUEUE_STATUSES,
            "procedures": [
                (c.value, titles.get(c.value, c.value))
                for c in queries.procedures(user=official.user)
            ],
            "volunteers": queries.volunteers(user=official.user),
            "titles": titles,
            "prev_qs": _query_string(wanted, page=page.page - 1),
            "next_qs": _query_string(wanted, page=page.page + 1),
            "csv_qs": _query_string(wanted, page=""),
        },
        session=official,
    )
    response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response


@router.get("/dossiers.csv")
async def queue_csv(request: Request, official: OfficialDep, services: ServicesDep) -> Response:
    """The queue with the same filters as CSV (UTF-8 with BOM, every matching row)."""
    lang = request_lang(request)
    wanted = _filter(request)
    queries = QueueQueries(services.db, services.forms)
    rows = await run_in_threadpool(
        lambda: list(queries.all_rows(user=official.user, wanted=wanted))
    )
    ward = re.sub(r"[^A-Za-z0-9_-]", "", official.user.ward_code)
    body = fig.queue_csv(rows, lang=lang, titles=procedure_titles(services.forms, lang))
    response = StreamingResponse(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="ho-so-{ward}.csv"'},
    )
    apply_headers(response)
    return response


@router.get("/figures")
def figures(
    request: Request, official: OfficialDep, services: ServicesDep, console: ConsoleDep
) -> Response:
    """Dossiers per week by status and procedure, the volunteer share, the medians."""
    lang = request_lang(request)
    computed = fig.compute(services.db, user=official.user)
    labels = {s: translate(f"status.{s.value}", lang) for s in fig.STATUS_ORDER}
    chart = stacked_weeks(
        computed.weeks,
        computed.by_status,
        fig.STATUS_ORDER,
        labels,
        title=translate("figures.weeks", lang),
    )
    return console.render(
        request,
        "figures.html",
        {
            "f": computed,
            "chart": chart,
            "status_order": fig.STATUS_ORDER,
            "status_labels": labels,
            "titles": procedure_titles(services.forms, lang),
            "median_receipt": fig.duration_text(computed.median_to_receipt, lang),
            "median_complete": fig.duration_text(computed.median_to_completion, lang),
            "weeks_shown": fig.WEEKS_SHOWN,
        },
        session=official,
    )
