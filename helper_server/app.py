"""The composition root of the server: builds every service once and hands it to the routes.

:func:`create_app` wires, in this order (each step logs one line):

1. settings (given, or read from the environment by :func:`create_app_from_env`);
2. database engine (:func:`helper_server.db.make_engine`) and the schema check: a database that
   is not at the newest migration is refused with the command to run;
3. forms catalog (bundled, or ``--forms-dir``): the definitions every dossier is validated with;
4. blob storage (filesystem under ``--blob-dir``);
5. services (accounts, push, blobs, officer) and per-process login rate limiters;
6. the FastAPI app: middleware (overload cap, last-resort errors, protocol version, gzip
   bodies), JSON error handlers, routers.

Nothing here is global: two apps in one process (tests) share nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from helper_app import __version__
from helper_server import access_log
from helper_server.api.deps import Services
from helper_server.api.routes import ROUTERS
from helper_server.api.routes.blobs import state_upload_limit
from helper_server.blobs import BlobService
from helper_server.config import ServerSettings
from helper_server.console import install_console
from helper_server.db import Database, make_engine
from helper_server.errors import install_error_handlers
from helper_server.forms_catalog import FormsCatalog
from helper_server.identity import ensure_identity
from helper_server.middleware import (
    CatchAll,
    InFlightLimit,
    InjectBusy,
    ProtocolVersion,
    RequestBody,
    SecurityHeaders,
)
from helper_server.migrations import check_at_head
from helper_server.officer import OfficerService
from helper_server.push import PushService
from helper_server.ratelimit import SigninLimits
from helper_server.security import Passwords
from helper_server.slowclients import BodyRate
from helper_server.storage import FilesystemBlobStorage

log = logging.getLogger(__name__)

BLOB_PREFIX = "/api/v1/blobs"


def build_services(settings: ServerSettings) -> Services:
    """Steps 2 to 5: database, catalog, storage, services."""
    engine = make_engine(settings.db_url)
    try:
        check_at_head(engine)
    except Exception:
        engine.dispose()
        raise
    db = Database(engine)
    identity = ensure_identity(db)
    log.info(
        "database %s ready (server %s, feed epoch %s)",
        engine.url.render_as_string(hide_password=True),
        identity.server_id,
        identity.feed_epoch,
    )
    forms = FormsCatalog.load(settings.forms_dir)
    log.info("forms catalog: %d procedure versions", len(forms.index.forms))
    storage = FilesystemBlobStorage(settings.blob_dir)
    log.info("blob storage at %s", settings.blob_dir)
    services = Services(
        settings=settings,
        db=db,
        forms=forms,
        passwords=Passwords(
            time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib
        ),
        push=PushService(db, forms),
        blobs=BlobService(
            db,
            storage,
            max_size=settings.max_blob_size,
            quota=settings.upload_quota,
            expiry=dt.timedelta(seconds=settings.upload_expiry_seconds),
        ),
        officer=OfficerService(db, forms),
        signin_limits=SigninLimits(
            db,
            per_account=settings.login_per_account,
            per_address=settings.login_per_address,
            window=settings.login_window_seconds,
        ),
    )
    log.info("services ready")
    return services


async def _sweep_uploads(blobs: BlobService) -> None:
    """Delete expired unfinished uploads now, then every quarter of the expiry (at most hourly).

    Every worker runs it; the sweeps skip what another one is deleting (the blob's lock)."""
    interval = min(max(blobs.expiry.total_seconds() / 4, 0.5), 3600.0)
    while True:
        try:
            await run_in_threadpool(blobs.expire_unfinished)
        except Exception:  # noqa: BLE001 - a failed sweep (database away) is retried later
            log.exception("the unfinished-upload sweep failed; retrying later")
        await asyncio.sleep(interval)


def create_app(settings: ServerSettings, services: Services | None = None) -> FastAPI:
    """The ASGI app for ``settings`` (``services`` may be given pre-built, e.g. by tests)."""
    built = services or build_services(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sweeper = asyncio.create_task(_sweep_uploads(built.blobs))
        try:
            yield
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
            built.db.dispose()

    app = FastAPI(
        title="Helper intake server",
        version=__version__,
        description="Sync protocol v1 and the officer API (see docs/protocol.md).",
        lifespan=lifespan,
        # /docs and /redoc load their script from a public CDN on the console's origin: off
        # unless a developer asks (--api-docs). /openapi.json stays (clients and tests read it).
        docs_url="/docs" if settings.api_docs else None,
        redoc_url="/redoc" if settings.api_docs else None,
    )
    app.state.services = built
    generated = app.openapi

    def openapi() -> dict[str, Any]:
        """The generated schema, with the limits of this server's settings written in."""
        schema = generated()
        state_upload_limit(schema, settings.max_blob_size)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    access_log.install()
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    install_console(app)
    # add_middleware wraps: the last one added is the outermost.
    app.add_middleware(RequestBody, max_size=settings.max_body_size, stream_prefix=BLOB_PREFIX)
    app.add_middleware(ProtocolVersion)
    app.add_middleware(CatchAll)
    app.add_middleware(SecurityHeaders)  # outside CatchAll: its 500 gets the headers too
    if settings.fault_busy_share > 0:  # tests only: see InjectBusy
        app.add_middleware(InjectBusy, share=settings.fault_busy_share, seed=settings.fault_seed)
    app.add_middleware(InFlightLimit, cap=settings.max_in_flight)
    # outermost: a body is here (or refused 408) before the in-flight cap counts the request
    app.add_middleware(
        BodyRate,
        window=settings.body_rate_window,
        min_rate=settings.body_min_rate,
        max_size=settings.max_body_size,
        stream_prefix=BLOB_PREFIX,
    )
    log.info("app ready (max %d requests in flight)", settings.max_in_flight)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn workers: settings from ``HELPER_SERVER_SETTINGS_JSON``."""
    return create_app(ServerSettings.from_env())
