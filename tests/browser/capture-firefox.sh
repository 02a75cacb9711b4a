#!/usr/bin/env bash
# Regenerates every real-Firefox capture under tests/captures/firefox. Installs its own
# prerequisites (setup.sh --firefox: Debian's firefox-esr and openssl with apt, ws from npm);
# no browser is ever downloaded. Arguments pass through, e.g.
#   tests/browser/capture-firefox.sh --only preflight-not-handled dashboard
set -euo pipefail
cd "$(dirname "$0")"

./setup.sh --firefox
exec timeout 900 node firefox/capture.mjs "$@"
