"""``helper-app --lang en`` and ``helper-app --demo --lang en`` (issue 11 #7b).

docs/ui.md documents ``--lang vi|en``, but the top-level parser did not know it and both exited
2 ("invalid choice"). Now it is parsed there and handed to the window's composition root, which
comes up in English. The demo server itself is not started here: only what reaches it is checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import helper_app.ui.app as ui_app
from helper_app.cli import build_parser, main
from helper_app.ui import demo_start, qapp
from helper_app.ui.qt import QCoreApplication, QTimer
from tests.helpers.commands import PLAIN_ENV

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    ("argv", "demo"), [(["--lang", "en"], False), (["--demo", "--lang", "en"], True)]
)
def test_the_parser_knows_lang(argv: list[str], demo: bool) -> None:
    args = build_parser().parse_args(argv)
    assert (args.lang, args.demo, getattr(args, "handler", None)) == ("en", demo, None)


def test_an_unknown_language_is_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--lang", "fr"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_demo_gets_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Sequence[str], Any]] = []

    def fake_demo(argv: Sequence[str], *, data_dir: str | None = None) -> int:
        seen.append((list(argv), data_dir))
        return 0

    monkeypatch.setattr(demo_start, "run_demo", fake_demo)
    assert main(["--data-dir", "/tmp/x", "--demo", "--lang", "en"]) == 0
    assert seen == [(["--lang", "en"], "/tmp/x")]
    args = qapp.parse_args(seen[0][0])  # what run_demo and run() parse from it
    assert args.lang == "en"


def test_the_window_comes_up_in_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    for key, value in PLAIN_ENV.items():
        monkeypatch.setenv(key, value)
    seen: dict[str, Any] = {}
    real_run = ui_app.run

    def look(runtime: ui_app.UiRuntime) -> None:
        nav = runtime.window.nav
        seen["nav"] = [nav.item(i).text() for i in range(nav.count())]
        seen["language"] = runtime.services.language
        seen["translated"] = QCoreApplication.translate("MainWindow", "Hồ sơ")
        seen["translators"] = [t.language() for t in runtime.translators]
        QTimer.singleShot(0, runtime.window.close)

    def run_and_look(argv: Sequence[str], **kwargs: Any) -> int:
        seen["argv"] = list(argv)
        return real_run(argv, on_ready=look, **kwargs)

    monkeypatch.setattr(ui_app, "run", run_and_look)
    data_dir = str(tmp_path / "data")
    assert main(["--data-dir", data_dir, "--lang", "en"]) == 0
    assert seen["argv"] == ["--data-dir", data_dir, "--lang", "en"]
    assert seen["language"] == "en"
    assert seen["nav"][0] == "Dossiers" and seen["nav"][1] == "Residents"
    assert seen["translated"] == "Dossiers"
    assert any(lang.startswith("en") for lang in seen["translators"])
