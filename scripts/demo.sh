#!/usr/bin/env bash
# Install what is missing, then run the demo: a local Dovecot (and SMTP server)
# loaded with sample submissions, polled by dienhinh into SQLite under demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python -m dienhinh.devservers.demo "$@"
