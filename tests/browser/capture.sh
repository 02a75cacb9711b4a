#!/usr/bin/env bash
# Regenerates every real-Chromium capture under tests/captures/chromium (and the samples/).
# Installs its own prerequisites: Debian's chromium, openssl, and playwright-core from npm
# (pointed at Debian's browser; no browser is ever downloaded). Arguments pass through, e.g.
#   tests/browser/capture.sh --only preflight-not-handled dashboard
set -euo pipefail
cd "$(dirname "$0")"

"$(dirname "$0")/setup.sh"
exec timeout 1200 node capture.mjs "$@"
