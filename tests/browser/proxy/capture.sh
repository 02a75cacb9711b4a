#!/usr/bin/env bash
# Regenerates the proxy and test-tool captures: tests/captures/mitmproxy (Chromium through a real
# mitmdump: its HAR export and its -w flow dump) and tests/captures/playwright (playwright-core's
# recordHar), each scenario with Chromium's own verdict in truth.json. Installs what it needs:
# the browser harness's prerequisites (../setup.sh) and mitmproxy from PyPI into
# tests/browser/proxy/.venv (pinned below). Arguments pass through, e.g.
#   tests/browser/proxy/capture.sh --only preflight-not-handled --producers mitmproxy
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
MITMPROXY_VERSION=11.0.2
"$here/../setup.sh"
if [ ! -x "$here/.venv/bin/mitmdump" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q "mitmproxy==$MITMPROXY_VERSION"
fi
cd "$here/.."
# The scenario servers listen on fixed ports (../server.mjs) that the other harnesses use too:
# wait (up to 10 minutes) for a run of theirs to end instead of failing on a busy port.
for _ in $(seq 600); do
  busy=0
  for port in 47080 47081 47082 47443 47444 47180; do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && busy=1
  done
  [ "$busy" = 0 ] && break
  sleep 1
done
exec timeout 1500 node proxy/capture.mjs "$@"
