"""The log file's redacting filter: ID numbers, phones, tokens, registered secrets."""

from __future__ import annotations

import logging
from pathlib import Path

from helper_app.logs import LOG_FILE, RedactingFilter, setup_logging


def test_redaction() -> None:
    f = RedactingFilter()
    f.add_secret("s3cret-passphrase")
    text = (
        "pid 027190001234 / 027 190 001 234, phone 0912345678 +84 912 345 678, "
        "Authorization: Bearer abcdefghijklmnop, token=xyz123456, s3cret-passphrase"
    )
    out = f.redact(text)
    for leaked in ("027190001234", "027 190 001 234", "0912345678", "912 345 678", "abcdefghij",
                   "xyz123456", "s3cret"):  # fmt: skip
        assert leaked not in out
    assert f.redact("dossier 3 of 12, 2 MB, op 5") == "dossier 3 of 12, 2 MB, op 5"


def test_the_log_file_gets_redacted_records(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers), root.level
    redactor = None
    try:
        redactor = setup_logging(tmp_path / "logs", level=logging.DEBUG)
        logging.getLogger("helper_app.test").debug("resident %s", "027190001234")
        for h in root.handlers:
            h.flush()
    finally:
        # Remove what this test added; a handler setup_logging replaced stays closed.
        for h in list(root.handlers):
            if h not in before[0]:
                root.removeHandler(h)
                h.close()
        root.setLevel(before[1])
        for h in root.handlers:
            if redactor is not None:
                h.removeFilter(redactor)
    text = (tmp_path / "logs" / LOG_FILE).read_text(encoding="utf-8")
    assert "resident [redacted]" in text and "027190001234" not in text
