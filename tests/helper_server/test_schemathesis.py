"""schemathesis against the live OpenAPI schema: no server error, no schema violation.

Runs the ``st`` CLI with ``--checks all`` twice (as a volunteer, then as an officer) against a
live server holding some data. Excluded, with reasons:

* ``POST /api/v1/auth/logout``: it revokes the very token the run authenticates with.
* ``positive_data_acceptance`` also accepts 413: the blob size cap is a deployment setting that
  the schema cannot express (``Upload-Length`` above ``--max-blob-size`` is refused by policy).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helper_server.world import make_ward, mutation, push, upload
from tests.helpers.live_server import live_server

CONFIG = """\
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "413", "429"]

# An Upload-Length above the schema's maximum (the server's max_blob_size) is refused with
# 413 blob.too_large, HTTP's own answer for a body too large, before the body is read.
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422",
  "428", "429", "5xx"]
"""


def _st() -> list[str]:
    return [str(Path(sys.executable).parent / "st")]


@pytest.mark.timeout(240)
def test_schemathesis_finds_nothing(tmp_path: Path, forms_dir: Path) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    with live_server(tmp_path / "server", forms_dir=forms_dir) as server:
        ward = make_ward(server)
        ref = upload(ward.vol, b"scan for schemathesis")
        push(ward.vol, mutation(attachments=[ref]))
        for client in (ward.vol, ward.off):
            result = subprocess.run(
                [
                    *_st(),
                    "--config-file",
                    str(config),
                    "run",
                    f"{server.url}/openapi.json",
                    "--checks",
                    "all",
                    "-H",
                    f"Authorization: {client.headers['Authorization']}",
                    "--exclude-path",
                    "/api/v1/auth/logout",
                    "--max-examples",
                    "20",
                    "--seed",
                    "20251125",
                    "--workers",
                    "1",
                    "--no-color",
                ],
                capture_output=True,
                text=True,
                cwd=tmp_path,
                timeout=200,
            )
            assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
        ward.close()
        assert "Traceback" not in server.log_tail(400)
