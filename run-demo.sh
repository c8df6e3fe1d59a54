#!/usr/bin/env bash
# Install everything into .venv and start Helper. With no arguments: the demo (an embedded demo
# server on SQLite with demo accounts and data; the app opens signed in to it). With arguments:
# `helper-app` with those arguments.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
if [ $# -eq 0 ]; then
    exec .venv/bin/helper-app --demo
fi
exec .venv/bin/helper-app "$@"
