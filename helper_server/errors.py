"""Every error leaves the server as JSON ``{code, message, message_vi}``, never a stack trace.

Routes raise :class:`ApiError` with a stable code and a message in English and Vietnamese;
:func:`install_error_handlers` turns it, FastAPI's request-validation errors, Starlette's HTTP
errors and any unexpected exception into :class:`~helper_app.sync.protocol.ErrorBody`. Unexpected
exceptions are logged with their type and the request path only (the message could hold
personal data).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from helper_app.sync.protocol import RETRY_AFTER_HEADER, ErrorBody, FieldError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answer: HTTP status, stable code, bilingual message, optional headers.

    Args:
        status: HTTP status code.
        code: machine-readable reason.
        message: English text naming what is wrong and what is expected.
        message_vi: the Vietnamese text.
        headers: extra response headers (``Retry-After``, ``Upload-Offset``).
        offset: for blob offset mismatches, the offset held.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        message_vi: str,
        *,
        headers: Mapping[str, str] | None = None,
        offset: int | None = None,
        details: list[FieldError] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.body = ErrorBody(
            code=code, message=message, message_vi=message_vi, offset=offset, details=details
        )
        self.headers = dict(headers or {})


def error_response(
    status: int, body: ErrorBody, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The JSON response for an error body."""
    return JSONResponse(
        status_code=status, content=body.model_dump(mode="json", exclude_none=True), headers=headers
    )


def not_found(what: str = "resource") -> ApiError:
    """404 for anything missing or belonging to another ward (the two are indistinguishable)."""
    return ApiError(
        404,
        "not_found",
        f"No such {what} in your ward.",
        "Không tìm thấy dữ liệu này trong phường/xã của bạn.",
    )


_STATUS_CODES: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "The request is malformed.", "Yêu cầu không hợp lệ."),
    401: ("auth.required", "Sign in first.", "Vui lòng đăng nhập."),
    403: ("forbidden", "Your role may not do this.", "Vai trò của bạn không được phép."),
    404: ("not_found", "Not found.", "Không tìm thấy."),
    405: ("method_not_allowed", "Method not allowed here.", "Phương thức không được hỗ trợ."),
    406: ("not_acceptable", "Not acceptable.", "Không chấp nhận được."),
    413: ("too_large", "The request body is too large.", "Dữ liệu gửi lên quá lớn."),
    415: ("unsupported_media_type", "Unsupported media type.", "Kiểu dữ liệu không hỗ trợ."),
}


def _validation_details(errors: Sequence[Any]) -> list[FieldError]:
    details = []
    for err in errors[:50]:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        msg = str(err.get("msg", "invalid value"))
        details.append(
            FieldError(
                path=".".join(loc),
                code=f"invalid.{err.get('type', 'value')}",
                message_en=msg,
                message_vi=f"Giá trị không hợp lệ: {msg}",
            )
        )
    return details


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.body, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = _validation_details(exc.errors())
    where = ", ".join(d.path or "(body)" for d in details[:5])
    body = ErrorBody(
        code="invalid_request",
        message=f"The request does not match the protocol at: {where}.",
        message_vi=f"Yêu cầu không đúng giao thức tại: {where}.",
        details=details,
    )
    return error_response(422, body)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette only names the first route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match is not Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, en, vi = _STATUS_CODES.get(exc.status_code, ("error", "Request failed.", "Lỗi."))
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return error_response(exc.status_code, ErrorBody(code=code, message=en, message_vi=vi), headers)


async def _db_unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable on %s: %s", request.url.path, type(exc).__name__)
    body = ErrorBody(
        code="unavailable",
        message="The database is unavailable; try again later.",
        message_vi="Cơ sở dữ liệu tạm thời không sẵn sàng; vui lòng thử lại sau.",
    )
    return error_response(503, body, {RETRY_AFTER_HEADER: "5"})


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
    body = ErrorBody(
        code="internal",
        message="The server failed to handle this request.",
        message_vi="Máy chủ gặp lỗi khi xử lý yêu cầu.",
    )
    return error_response(500, body)


def install_error_handlers(app: FastAPI) -> None:
    """Register the JSON error handlers on ``app``."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(sqlalchemy.exc.OperationalError, _db_unavailable)
    app.add_exception_handler(sqlalchemy.exc.InterfaceError, _db_unavailable)
    app.add_exception_handler(Exception, _unexpected)
