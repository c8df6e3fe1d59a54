"""One router per resource; :data:`ROUTERS` is what the app mounts, in this order."""

from __future__ import annotations

from fastapi import APIRouter

from helper_server.api.routes import auth, blobs, forms, meta, officer, provisioning, sync

ROUTERS: tuple[APIRouter, ...] = (
    meta.router,
    auth.router,
    forms.router,
    sync.router,
    blobs.router,
    officer.router,
    provisioning.router,
)
