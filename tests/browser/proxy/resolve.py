"""mitmproxy addon for the corsdx harness: the harness's host names resolve to loopback.

Chromium behind a proxy resolves no host itself (its --host-resolver-rules do not apply to
proxied requests): mitmproxy connects upstream. Every `*.example.test` host but
`nx.example.test` is sent to 127.0.0.1 at the request's own port; `nx.example.test` is left
alone, so its lookup fails in mitmproxy as it does in the browser. URLs and Host headers are not
touched, so the flows and the HAR record what the browser sent.
"""

from mitmproxy import connection
from mitmproxy.proxy import server_hooks

SUFFIX = ".example.test"
UNRESOLVED = "nx.example.test"


def _loopback(address):
    if not address:
        return address
    host, port = address[0], address[1]
    if host.endswith(SUFFIX) and host != UNRESOLVED:
        return ("127.0.0.1", port)
    return address


class Resolve:
    def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        server: connection.Server = data.server
        server.address = _loopback(server.address)


addons = [Resolve()]
