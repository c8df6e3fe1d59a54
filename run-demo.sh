#!/usr/bin/env bash
# Install everything into .venv and start Helper on its embedded demo default.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
exec .venv/bin/helper-app "$@"
