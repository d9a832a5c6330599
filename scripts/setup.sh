#!/usr/bin/env bash
# Install what dienhinh needs and is missing: Debian packages, a venv, the project.
# Idempotent and quick when everything is already there. Safe to run any time.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  dovecot-imapd            # the tests' and demo's private IMAP server
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng   # OCR of scans
  poppler-utils            # pdftotext/pdftoppm: benchmark reference
  libreoffice-writer-nogui libreoffice-calc-nogui antiword   # legacy .doc/.xls/.rtf/.odt
  fonts-dejavu-core        # Vietnamese glyphs for rendered test scans
  isync                    # mbsync: ingest benchmark reference
  libarchive13             # reads RAR archives (libarchive-c)
  strace                   # a test counts the archive's sync system calls
  chromium                 # renders the digest; the workbench's browser tests (Playwright drives it)
  python3-venv
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c "import sys; sys.exit(sys.version_info < (3, 11))" 2>/dev/null; then
    PYTHON="$candidate"; break
  fi
done
[ -n "$PYTHON" ] || { echo "setup: Python 3.11 or newer is required" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi

stamp=".venv/.dienhinh-installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing the project into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  rm -f .venv/.dienhinh-installed-*
  touch "$stamp"
fi
