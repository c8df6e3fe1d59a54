#!/usr/bin/env bash
# Install the app into .venv (without the dev tools) and start Helper. With no arguments: the
# demo (an embedded demo server on SQLite with demo accounts and data; the app opens signed in
# to it). With arguments: `helper-app` with those arguments.
set -euo pipefail
cd "$(dirname "$0")"
# Said at once: the first run installs for minutes, later ones still take a moment.
echo "Đang chuẩn bị Helper… / Setting up Helper…"
bash scripts/bootstrap.sh
if [ $# -eq 0 ]; then
    exec .venv/bin/helper-app --demo
fi
exec .venv/bin/helper-app "$@"
