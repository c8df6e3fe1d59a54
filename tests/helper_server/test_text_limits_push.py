"""The server refuses a dossier whose text is longer than its definition allows (issue 12
item 6): a 1 MB ``recipient_authority`` pushed to a real server process is rejected with the
field named, and nothing is stored."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.live_server import LiveServer, live_server

FORM = Path(__file__).resolve().parents[2] / "resources" / "forms" / "residence_ct01.v1.json"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("text-limits")) as running:
        yield running


def test_a_megabyte_recipient_authority_is_rejected_naming_the_field(server: LiveServer) -> None:
    definition = json.loads(FORM.read_text(encoding="utf-8"))
    data = dict(definition["examples"][0]["data"])
    data["recipient_authority"] = " ".join(["Công an phường Võ Cường"] * 45_000)  # ~1 MB
    user = server.create_user(role="volunteer")
    dossier_id = str(uuid.uuid4())
    mutation = {
        "op_id": str(uuid.uuid4()),
        "dossier_id": dossier_id,
        "base_rev": None,
        "kind": "submit",
        "procedure": definition["code"],
        "form_version": definition["version"],
        "data": data,
        "attachments": [],
    }
    with server.client(server.login(user)) as client:
        answer = client.post(
            "/api/v1/sync/push", json={"device_id": "lap-1", "mutations": [mutation]}
        )
        assert answer.status_code == 200, answer.text[:500]
        [result] = answer.json()["results"]
        assert result["outcome"] == "rejected"
        too_long = [e for e in result["errors"] if e["path"] == "recipient_authority"]
        assert [e["code"] for e in too_long] == ["text.too_long"]
        assert "Tối đa 500 ký tự" in too_long[0]["message_vi"]
        assert client.get(f"/api/v1/dossiers/{dossier_id}").status_code == 404
