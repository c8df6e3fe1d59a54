#!/usr/bin/env bash
# Create .venv (if missing) and install Helper into it (editable, from this checkout).
#
#   bash scripts/bootstrap.sh         the app only (run-demo.sh): what a volunteer's machine needs
#   bash scripts/bootstrap.sh --dev   the app and the dev extra (run-tests.sh): pytest, ruff,
#                                     mypy, Playwright, PyInstaller... (several hundred MB more)
#
# Safe to run again: the stamp .venv/.helper-installed records which extras are installed
# ("extras=" or "extras=dev"). Nothing is installed when the stamp is newer than pyproject.toml
# and already holds what is asked for: the demo after the tests installs nothing, the tests
# after the demo add the dev extra. (A stamp from before the modes is empty: that bootstrap
# always installed the dev extra.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
want=""
case "${1:-}" in
    --dev) want="dev" ;;
    "") ;;
    *) echo "usage: bootstrap.sh [--dev]" >&2; exit 2 ;;
esac
if [ ! -x .venv/bin/python ]; then
    if ! "$PY" -m venv .venv; then
        echo "'$PY -m venv' failed. On Debian/Ubuntu: sudo apt-get install python3-venv" >&2
        echo "(README.md, Set-up, has the whole line of system packages)" >&2
        exit 1
    fi
fi
stamp=.venv/.helper-installed
have=""
if [ -f "$stamp" ]; then
    have=$(sed -n 's/^extras=//p' "$stamp")
    [ -s "$stamp" ] || have="dev"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || { [ "$want" = dev ] && [ "$have" != dev ]; }; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    if [ "$want" = dev ]; then
        .venv/bin/python -m pip install --quiet -e '.[dev]'
    else
        .venv/bin/python -m pip install --quiet -e .
    fi
    echo "extras=$want" > "$stamp"
fi
