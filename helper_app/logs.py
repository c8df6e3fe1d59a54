"""The log file, and a filter that redacts what must never reach it (defence in depth).

Code already avoids logging residents' data and secrets; :class:`RedactingFilter` is the second
line: every record's final message is scrubbed of 12-digit ID numbers (also written with
spaces, dots or dashes), Vietnamese phone numbers, bearer tokens and any secret registered
with it (the access token, a passphrase typed this session), before any handler formats it.
:func:`setup_logging` attaches a rotating file handler in ``AppPaths.log_dir`` (owner-only)
with that filter, and is what the composition roots call once at startup.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

LOG_FILE = "helper.log"
FILE_HANDLER_NAME = "helper-file"
REDACTED = "[redacted]"

_PATTERNS = (
    re.compile(r"(?<!\d)\d{3}[ .\-]?\d{3}[ .\-]?\d{3}[ .\-]?\d{3}(?!\d)"),  # personal ID
    re.compile(r"(?<![\d+])(?:\+84|0)[ .\-]?\d{2,3}[ .\-]?\d{3}[ .\-]?\d{3,4}(?!\d)"),  # phone
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=\-]{8,}"),
    re.compile(r"(?i)((?:token|password|passphrase|secret|key)[\"']?\s*[:=]\s*[\"']?)[^\s\"',]+"),
)


class RedactingFilter(logging.Filter):
    """Replaces ID numbers, phones, tokens and registered secrets in every record."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()

    def add_secret(self, secret: str) -> None:
        """Never let this exact string reach a log (tokens, passphrases); ignored if short."""
        if len(secret) >= 4:
            self._secrets.add(secret)

    def redact(self, message: str) -> str:
        """``message`` with everything sensitive replaced by ``[redacted]``."""
        for secret in self._secrets:
            message = message.replace(secret, REDACTED)
        for pattern in _PATTERNS:
            if pattern.groups:
                message = pattern.sub(lambda m: m.group(1) + REDACTED, message)
            else:
                message = pattern.sub(REDACTED, message)
        return message

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message in place (arguments folded in first)."""
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        record.msg = self.redact(message)
        record.args = None
        return True


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> RedactingFilter:
    """Log to ``log_dir/helper.log`` (rotating, owner-only) through the redacting filter.

    Returns:
        The filter, so the caller can register secrets (``add_secret``).
    """
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == FILE_HANDLER_NAME]:
        root.removeHandler(old)  # called again in one process (tests): replace, don't stack
        old.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.set_name(FILE_HANDLER_NAME)
    redactor = RedactingFilter()
    handler.addFilter(redactor)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level) if root.handlers[:-1] else level)
    for existing in root.handlers:
        existing.addFilter(redactor)
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass
    return redactor
