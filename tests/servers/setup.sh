#!/usr/bin/env bash
# Installs the real server stacks of tests/servers (what CI runs before `cargo test`): Debian's
# nginx (light build), Flask + Flask-CORS and FastAPI + uvicorn from PyPI (requirements.txt), and
# Express + cors from npm (lock file committed). Skips what is already there.
set -euo pipefail
cd "$(dirname "$0")"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! [ -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null 2>&1; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
fi
if ! python3 -c "import flask, flask_cors, fastapi, uvicorn" >/dev/null 2>&1; then
  # A Debian system python refuses user installs (PEP 668) unless told.
  python3 -m pip install -q --disable-pip-version-check -r requirements.txt \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages -r requirements.txt
fi
command -v node >/dev/null 2>&1 || { echo "node (>= 18) is required" >&2; exit 1; }
if [ ! -d express/node_modules/cors ]; then
  (cd express && npm ci --no-audit --no-fund >/dev/null)
fi
