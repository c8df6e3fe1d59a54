"""``helper-app forms list|check`` and ``helper-app validate``, in-process and as a real process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helper_app.cli import main
from tests.helper_app.forms.forms_fixtures import VALID_DATA, birth_raw, write_definition

DOCS = "birth_certificate,power_of_attorney"


@pytest.fixture
def forms_dir(tmp_path: Path) -> Path:
    raw = birth_raw()
    raw["rules"][1]["severity"] = "warning"
    write_definition(tmp_path / "forms", raw)
    return tmp_path / "forms"


def write_data(tmp_path: Path, data: object) -> str:
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run_validate(forms_dir: Path, data_arg: str, *extra: str) -> list[str]:
    return [
        "validate",
        "--forms-dir",
        str(forms_dir),
        "--procedure",
        "test_birth",
        "--today",
        "2026-01-15",
        *extra,
        data_arg,
    ]


def test_validate_valid(
    forms_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(run_validate(forms_dir, write_data(tmp_path, VALID_DATA), "--documents", DOCS))
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["procedure"] == "test_birth" and out["version"] == 1
    assert out["valid"] is True and out["problems"] == []


def test_validate_normalizes_then_reports_errors(
    forms_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data: dict[str, Any] = dict(VALID_DATA)
    data["requester_pid"] = "027 090 001 234"
    data["child_dob"] = "10/01/2026"
    data["phone"] = "0169 567 8945"
    code = main(run_validate(forms_dir, write_data(tmp_path, data), "--documents", DOCS))
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert code == 1 and out["valid"] is False
    assert [(p["path"], p["code"], p["severity"]) for p in out["problems"]] == [
        ("phone", "phone.old_11_digit", "error")
    ]
    assert "0395678945" in out["problems"][0]["message_vi"]
    assert "Số 11 số" in captured.out  # ensure_ascii=False: Vietnamese stays readable
    assert out["data"]["child_dob"] == "2026-01-10"


def test_validate_missing_documents(
    forms_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(run_validate(forms_dir, write_data(tmp_path, VALID_DATA))) == 1
    out = json.loads(capsys.readouterr().out)
    assert ("documents.birth_certificate", "document_missing") in {
        (p["path"], p["code"]) for p in out["problems"]
    }


def test_validate_from_stdin(
    forms_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(VALID_DATA).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(run_validate(forms_dir, "-", "--documents", DOCS)) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"{", "malformed JSON at line 1"),
        (b"[1, 2]", "expected a JSON object"),
        (b"\xff\xfe\x00{", "not UTF-8"),
        (b"", "malformed JSON"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_validate_unusable_input(
    forms_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    fragment: str,
) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content)
    assert main(run_validate(forms_dir, str(path))) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert "\n" not in err and str(path) in err and fragment in err


def test_validate_missing_file_and_unknown_procedure(
    forms_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(run_validate(forms_dir, str(tmp_path / "nope.json"))) == 2
    assert "nope.json: cannot read" in capsys.readouterr().err
    data = write_data(tmp_path, {})
    args = ["validate", "--forms-dir", str(forms_dir), "--procedure", "../../etc/passwd", data]
    assert main(args) == 2
    assert "unknown procedure '../../etc/passwd'" in capsys.readouterr().err
    assert main(run_validate(forms_dir, data, "--version", "7")) == 2
    assert "test_birth version 7" in capsys.readouterr().err


def test_forms_list(forms_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "list", "--forms-dir", str(forms_dir)]) == 0
    assert capsys.readouterr().out == "test_birth  v1   2025-07-01  Đăng ký khai sinh (thử)\n"
    assert main(["forms", "list", "--json", "--forms-dir", str(forms_dir)]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {
            "code": "test_birth",
            "version": 1,
            "effective_from": "2025-07-01",
            "title_vi": "Đăng ký khai sinh (thử)",
            "title_en": "Birth registration (test)",
        }
    ]


def test_forms_list_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rows] == sorted(r["code"] for r in rows)


def test_forms_check_exit_codes(
    forms_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = forms_dir / "test_birth.v1.json"
    assert main(["forms", "check", "--today", "2026-01-15", str(good)]) == 0
    assert capsys.readouterr().out == ""
    raw = birth_raw()
    raw["sections"][2]["relevant_if"] = "ghost == true"
    bad = write_definition(tmp_path / "bad", raw)
    assert main(["forms", "check", "--today", "2026-01-15", str(good), str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{bad}: sections[2].relevant_if: condition names unknown field 'ghost'" in out
    assert main(["forms", "check", str(tmp_path / "missing.json"), str(good)]) == 2
    assert "missing.json" in capsys.readouterr().err
    # warnings alone pass, unless --strict
    warn = write_definition(tmp_path / "warn", birth_raw(), name="oddname.json")
    assert main(["forms", "check", "--today", "2026-01-15", str(warn)]) == 0
    assert main(["forms", "check", "--strict", "--today", "2026-01-15", str(warn)]) == 1


def test_forms_check_bundled_definitions_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["forms", "check"])
    assert code == 0, capsys.readouterr().out


def test_real_process(forms_dir: Path, tmp_path: Path) -> None:
    exe = Path(sys.prefix) / "bin" / "helper-app"
    if not exe.exists():
        exe = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "helper-app"
    data = dict(VALID_DATA)
    data["copies"] = 99
    proc = subprocess.run(
        [str(exe), *run_validate(forms_dir, "-", "--documents", DOCS)],
        input=json.dumps(data, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "ascii", "LANG": "C"},
    )
    assert proc.returncode == 1, proc.stderr
    out = json.loads(proc.stdout.decode("utf-8"))  # UTF-8 even on an ASCII console
    assert [(p["path"], p["code"]) for p in out["problems"]] == [("copies", "integer.range")]
    assert "Giá trị phải trong khoảng" in proc.stdout.decode("utf-8")
    bad = subprocess.run(
        [str(exe), *run_validate(forms_dir, str(tmp_path / "none.json"))],
        capture_output=True,
        timeout=60,
    )
    assert bad.returncode == 2 and b"none.json" in bad.stderr
