"""The access log without query strings (issue 12 item 8).

The console's search is a GET form: with ``--access-log`` on, uvicorn logged every request line
with its query string, so residents' names and ID numbers typed into the search box landed in
the log. This filter keeps the method, the path and the status, and drops everything after
``?``. Installed on uvicorn's access logger by :func:`install`.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


class DropQueryStrings(logging.Filter):
    """Cut the query string off the request path of uvicorn's access log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path = args[2].split("?", 1)[0]
            record.args = (*args[:2], path, *args[3:])
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger once (each worker process calls it)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())
