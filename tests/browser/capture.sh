#!/usr/bin/env bash
# Regenerates every real-Chromium capture under tests/captures/chromium (and the samples/).
# Installs its own prerequisites: Debian's chromium, openssl, and playwright-core from npm
# (pointed at Debian's browser; no browser is ever downloaded). Arguments pass through, e.g.
#   tests/browser/capture.sh --only preflight-not-handled dashboard
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
fi
command -v node >/dev/null 2>&1 || { echo "node (>= 18) is required" >&2; exit 1; }
if [ ! -d node_modules/playwright-core ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
exec timeout 1200 node capture.mjs "$@"
