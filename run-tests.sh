#!/usr/bin/env bash
# Install the app and its dev tools into .venv, then run the linters, the type checker, the
# import contracts and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh --dev
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"; .venv/bin/mypy
echo "== import contracts"; .venv/bin/lint-imports
echo "== translations"; .venv/bin/python scripts/i18n.py --check
echo "== pytest"
if [ $# -gt 0 ]; then
    exec .venv/bin/pytest -n "${HELPER_TEST_WORKERS:-2}" "$@"
fi
echo "-- timing-sensitive tests first, alone on the machine"
.venv/bin/pytest -q -m timing
echo "-- everything else"
exec .venv/bin/pytest -n "${HELPER_TEST_WORKERS:-2}" -m "not timing"
