#!/usr/bin/env bash
# Installs what the browser harness and the browser tests need: Debian's chromium and openssl
# (apt, when missing) and playwright-core from npm (lock file committed). No browser download.
# With --firefox (the Firefox harness, capture-firefox.sh) it also installs Debian's firefox-esr
# when missing; plain setup.sh (what CI runs) does not.
set -euo pipefail
cd "$(dirname "$0")"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
firefox=0
for arg in "$@"; do
  case "$arg" in
    --firefox) firefox=1 ;;
    *) echo "usage: setup.sh [--firefox]" >&2; exit 2 ;;
  esac
done
missing=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
[ "$firefox" = 0 ] || [ -x "${FIREFOX:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v node >/dev/null 2>&1 || { echo "node (>= 18) is required" >&2; exit 1; }
if [ ! -d node_modules/playwright-core ] || { [ "$firefox" = 1 ] && [ ! -d node_modules/ws ]; }; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null
fi
