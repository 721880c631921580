#!/usr/bin/env bash
# Idempotent setup: Debian packages that Manim (and the browser tests) need, then .venv with the project.
# A second run with nothing to do only checks, in a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libcairo2-dev libpango1.0-dev pkg-config ffmpeg
  texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended dvisvgm
  chromium chromium-driver
)
PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.nnviz-installed

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them (e.g. sudo apt-get install --no-install-recommends ${missing[*]}) and run 'make setup' again." >&2
    exit 1
  fi
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: Python 3.11 or later is needed ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"

# Reinstall only when the dependency declaration changed.
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages into $VENV (first run takes a few minutes)"
  # This machine's pip config lists local indexes that may not exist; their warnings are noise.
  quiet() { "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }
  quiet "$VENV/bin/python" -m pip install -q --upgrade pip
  quiet "$VENV/bin/python" -m pip install -q -e '.[test]'
  echo "$want" > "$STAMP"
fi
touch "$STAMP"  # newer than its prerequisites, so make skips setup until they change
echo "setup: ok"
