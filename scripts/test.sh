#!/usr/bin/env bash
# Run the whole test suite (installs what is missing first).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/lint-imports --no-cache  # the layers of pyproject [tool.importlinter]
exec .venv/bin/python -m pytest -q "$@"
