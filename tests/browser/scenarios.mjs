// The scenarios: each reproduces one root cause of the catalog (docs/rules, product.md) or is a
// success control that must not be flagged. Routes live under /s/<id>/ on every origin.
//
// A route is a response `{status, headers: [[name, value]...], body}`, a map from method to
// response (`'*'` for any other), or a function `(req, url, body) => response`.
// A call is `{label, api: 'fetch' | 'xhr', method, url, headers, body, credentials, mode,
// expect_rule, expect_blocked}`; `expect_rule` is the catalog id the scenario was built for
// (null for a success control).

import { APP, APP2, API, API2, APP_TLS, API_TLS, PORTS } from './server.mjs';

const acao = (o) => ['Access-Control-Allow-Origin', o];
const acac = ['Access-Control-Allow-Credentials', 'true'];
const acam = (m) => ['Access-Control-Allow-Methods', m];
const acah = (h) => ['Access-Control-Allow-Headers', h];
const vary = ['Vary', 'Origin'];
const JSONH = ['Content-Type', 'application/json'];
const ok = (headers = [], status = 200, body = '{"ok":true}') => ({ status, headers: [JSONH, ...headers], body });
const pre = (headers = [], status = 204) => ({ status, headers });
const redirect = (status, location, headers = []) => ({ status, headers: [['Location', location], ...headers], body: '' });
const JSON_PUT = (url, extra = {}) => ({ api: 'fetch', method: 'PUT', url, headers: { 'Content-Type': 'application/json' }, body: '{"name":"x"}', ...extra });
const GET = (url, extra = {}) => ({ api: 'fetch', method: 'GET', url, ...extra });

/** @type {Array<object>} */
export const scenarios = [];
function scenario(s) {
  scenarios.push({ page: APP, args: [], ...s });
}
const u = (origin, id, p) => `${origin}/s/${id}/${p}`;

// --- success controls -------------------------------------------------------------------
scenario({
  id: 'ok-simple-get', description: 'Simple GET answered with Access-Control-Allow-Origin: *.',
  routes: { data: ok([acao('*')]) },
  calls: (id) => [GET(u(API, id, 'data'), { label: 'simple GET, ACAO *', expect_rule: null, expect_blocked: false })],
});
scenario({
  id: 'ok-preflighted-put', description: 'Preflighted PUT with JSON whose preflight and response both carry CORS headers.',
  routes: { 'items/1': { OPTIONS: pre([acao(APP), acam('GET, PUT, DELETE'), acah('Content-Type'), vary]), '*': ok([acao(APP), vary]) } },
  calls: (id) => [JSON_PUT(u(API, id, 'items/1'), { label: 'PUT JSON, preflight ok', expect_rule: null, expect_blocked: false })],
});
scenario({
  id: 'ok-credentialed', description: 'Credentialed fetch and XHR with exact origin and Allow-Credentials: true.',
  routes: { me: { OPTIONS: pre([acao(APP), acac, acah('X-Requested-With'), vary]), '*': ok([acao(APP), acac, vary]) } },
  calls: (id) => [
    GET(u(API, id, 'me'), { credentials: 'include', label: 'credentialed fetch', expect_rule: null, expect_blocked: false }),
    { api: 'xhr', method: 'GET', url: u(API, id, 'me'), withCredentials: true, headers: { 'X-Requested-With': 'XMLHttpRequest' }, label: 'credentialed XHR with custom header', expect_rule: null, expect_blocked: false },
  ],
});
scenario({
  id: 'ok-same-origin', description: 'Same-origin requests never need CORS headers.',
  routes: { 'api/data': ok() },
  calls: (id) => [JSON_PUT(u(APP, id, 'api/data'), { label: 'same-origin PUT', expect_rule: null, expect_blocked: false })],
});
scenario({
  id: 'ok-no-cors', description: "mode: 'no-cors' gets an opaque response without any CORS header.",
  routes: { beacon: ok() },
  calls: (id) => [GET(u(API, id, 'beacon'), { mode: 'no-cors', label: 'no-cors GET', expect_rule: null, expect_blocked: false })],
});
scenario({
  id: 'ok-xhr', description: 'XMLHttpRequest POST with a safelisted content type.',
  routes: { form: ok([acao('*')]) },
  calls: (id) => [{ api: 'xhr', method: 'POST', url: u(API, id, 'form'), headers: { 'Content-Type': 'text/plain' }, body: 'a=1', label: 'XHR simple POST', expect_rule: null, expect_blocked: false }],
});

// --- no CORS at all / CORS only on some responses ----------------------------------------
scenario({
  id: 'no-cors-headers', description: 'The API sends no CORS header at all.',
  routes: { data: ok(), submit: ok() },
  calls: (id) => [
    GET(u(API, id, 'data'), { label: 'GET without CORS', expect_rule: 'no-cors-headers', expect_blocked: true }),
    { api: 'fetch', method: 'POST', url: u(API, id, 'submit'), headers: { 'Content-Type': 'text/plain' }, body: 'hello', label: 'simple POST without CORS', expect_rule: 'no-cors-headers', expect_blocked: true },
  ],
});
scenario({
  id: 'preflight-only-cors', description: 'CORS headers only on OPTIONS: the PUT response lacks Access-Control-Allow-Origin.',
  routes: { 'items/7': { OPTIONS: pre([acao(APP), acam('PUT'), acah('content-type'), vary]), '*': ok() } },
  calls: (id) => [JSON_PUT(u(API, id, 'items/7'), { label: 'PUT after a passing preflight', expect_rule: 'preflight-only-cors', expect_blocked: true })],
});
scenario({
  id: 'error-response-without-cors', description: 'Successful responses carry CORS headers; 500, 404 and 429 responses do not.',
  routes: {
    ok: ok([acao(APP), vary]),
    boom: { status: 500, headers: [['Content-Type', 'text/html']], body: '<h1>Internal Server Error</h1>' },
    missing: { status: 404, headers: [['Content-Type', 'text/html']], body: 'Not Found' },
    limited: { status: 429, headers: [['Retry-After', '30']], body: 'Too Many Requests' },
  },
  calls: (id) => [
    GET(u(API, id, 'ok'), { label: 'working endpoint', expect_rule: null, expect_blocked: false }),
    GET(u(API, id, 'boom'), { label: '500 without CORS', expect_rule: 'error-response-without-cors', expect_blocked: true }),
    GET(u(API, id, 'missing'), { label: '404 without CORS', expect_rule: 'error-response-without-cors', expect_blocked: true }),
    GET(u(API, id, 'limited'), { label: '429 without CORS', expect_rule: 'error-response-without-cors', expect_blocked: true }),
  ],
});
scenario({
  id: 'auth-rejected-before-cors', description: 'Authentication rejects with 401/403 before the CORS layer runs.',
  routes: {
    public: ok([acao(APP), vary]),
    me: { status: 401, headers: [['WWW-Authenticate', 'Bearer realm="api"'], JSONH], body: '{"error":"unauthorized"}' },
    admin: { status: 403, headers: [JSONH], body: '{"error":"forbidden"}' },
  },
  calls: (id) => [
    GET(u(API, id, 'public'), { label: 'public endpoint', expect_rule: null, expect_blocked: false }),
    GET(u(API, id, 'me'), { label: '401 without CORS', expect_rule: 'auth-rejected-before-cors', expect_blocked: true }),
    GET(u(API, id, 'admin'), { label: '403 without CORS', expect_rule: 'auth-rejected-before-cors', expect_blocked: true }),
  ],
});

// --- redirects ---------------------------------------------------------------------------
scenario({
  id: 'redirect-http-to-https', description: 'http → https upgrade redirect without CORS headers.',
  routes: { data: (req) => req.socket.encrypted ? ok([acao(APP), vary]) : redirect(301, `${API_TLS}${new URL(req.url, 'http://x').pathname}`) },
  calls: (id) => [GET(u(API, id, 'data'), { label: 'http URL redirected to https', expect_rule: 'redirect-without-cors', expect_blocked: true })],
});
scenario({
  id: 'redirect-trailing-slash', description: 'Trailing-slash redirect (/items → /items/) without CORS headers.',
  routes: { items: redirect(301, 'items/'), 'items/': ok([acao('*')]) },
  calls: (id) => [GET(u(API, id, 'items'), { label: '/items → /items/', expect_rule: 'redirect-without-cors', expect_blocked: true })],
});
scenario({
  id: 'redirect-canonical-host', description: 'Canonical-host redirect to another host without CORS headers.',
  routes: { data: (req) => req.headers.host.startsWith('www.') ? ok([acao('*')]) : redirect(301, `http://www.api.example.test:${PORTS.api}/s/redirect-canonical-host/data`) },
  calls: (id) => [GET(u(API, id, 'data'), { label: 'api → www.api', expect_rule: 'redirect-without-cors', expect_blocked: true })],
});
scenario({
  id: 'redirect-login', description: 'An unauthenticated API call is redirected to a login page, without CORS headers.',
  routes: { account: redirect(302, '/login?next=/s/redirect-login/account'), },
  calls: (id) => [GET(u(API, id, 'account'), { label: '302 to /login', expect_rule: 'redirect-without-cors', expect_blocked: true })],
});
scenario({
  id: 'redirect-target-without-cors', description: 'The redirect carries CORS headers, the response at the new URL does not.',
  routes: { old: redirect(302, 'new', [acao(APP), vary]), new: ok() },
  calls: (id) => [GET(u(API, id, 'old'), { label: 'target without CORS', expect_rule: 'redirect-target-without-cors', expect_blocked: true })],
});
scenario({
  id: 'redirect-tainted-origin', description: 'Cross-origin redirect api → api2: the origin becomes null, api2 allows only the page origin.',
  routes: { start: redirect(302, `${API2}/s/redirect-tainted-origin/end`, [acao(APP), vary]), end: ok([acao(APP), vary]) },
  calls: (id) => [GET(u(API, id, 'start'), { label: 'origin null after redirect', expect_rule: 'redirect-tainted-origin', expect_blocked: true })],
});
scenario({
  id: 'redirect-credentials-in-url', description: 'A redirect Location carries user:password.',
  routes: { start: redirect(302, `http://user:secret@api2.example.test:${PORTS.api2}/s/redirect-credentials-in-url/end`, [acao('*')]), end: ok([acao('*')]) },
  calls: (id) => [GET(u(API, id, 'start'), { label: 'redirect to user:pass@', expect_rule: 'redirect-credentials-in-url', expect_blocked: true })],
});

// --- preflight failures -----------------------------------------------------------------
scenario({
  id: 'preflight-not-handled', description: 'The router has no OPTIONS handler: 405, 404; and a 404 that carries ACAO.',
  routes: {
    'items/405': { OPTIONS: { status: 405, headers: [['Allow', 'GET, PUT']], body: '' }, '*': ok([acao(APP)]) },
    'items/404': { OPTIONS: { status: 404, headers: [], body: 'Not Found' }, '*': ok([acao(APP)]) },
    'items/404-acao': { OPTIONS: { status: 404, headers: [acao(APP)], body: 'Not Found' }, '*': ok([acao(APP)]) },
  },
  calls: (id) => [
    JSON_PUT(u(API, id, 'items/405'), { label: 'OPTIONS 405', expect_rule: 'preflight-not-handled', expect_blocked: true }),
    JSON_PUT(u(API, id, 'items/404'), { label: 'OPTIONS 404', expect_rule: 'preflight-not-handled', expect_blocked: true }),
    JSON_PUT(u(API, id, 'items/404-acao'), { label: 'OPTIONS 404 with ACAO', expect_rule: 'preflight-not-handled', expect_blocked: true }),
  ],
});
scenario({
  id: 'preflight-auth-rejected', description: 'Authentication runs on OPTIONS: 401 and 403.',
  routes: {
    a: { OPTIONS: { status: 401, headers: [['WWW-Authenticate', 'Bearer']], body: '' }, '*': ok([acao(APP)]) },
    b: { OPTIONS: { status: 403, headers: [], body: '' }, '*': ok([acao(APP)]) },
  },
  calls: (id) => [
    JSON_PUT(u(API, id, 'a'), { label: 'OPTIONS 401', expect_rule: 'preflight-auth-rejected', expect_blocked: true }),
    JSON_PUT(u(API, id, 'b'), { label: 'OPTIONS 403', expect_rule: 'preflight-auth-rejected', expect_blocked: true }),
  ],
});
scenario({
  id: 'preflight-failed-status', description: 'OPTIONS fails with 500, with and without ACAO.',
  routes: {
    a: { OPTIONS: { status: 500, headers: [], body: 'boom' }, '*': ok([acao(APP)]) },
    b: { OPTIONS: { status: 500, headers: [acao(APP), acam('PUT'), acah('content-type')], body: 'boom' }, '*': ok([acao(APP)]) },
  },
  calls: (id) => [
    JSON_PUT(u(API, id, 'a'), { label: 'OPTIONS 500', expect_rule: 'preflight-failed-status', expect_blocked: true }),
    JSON_PUT(u(API, id, 'b'), { label: 'OPTIONS 500 with ACAO', expect_rule: 'preflight-failed-status', expect_blocked: true }),
  ],
});
scenario({
  id: 'preflight-redirected', description: 'OPTIONS answered with a redirect (301 and 307).',
  routes: {
    a: { OPTIONS: redirect(301, 'a/', [acao(APP)]), '*': ok([acao(APP)]) },
    b: { OPTIONS: redirect(307, `${API_TLS}/s/preflight-redirected/b`), '*': ok([acao(APP)]) },
  },
  calls: (id) => [
    { api: 'fetch', method: 'DELETE', url: u(API, id, 'a'), label: 'OPTIONS 301', expect_rule: 'preflight-redirected', expect_blocked: true },
    JSON_PUT(u(API, id, 'b'), { label: 'OPTIONS 307 to https', expect_rule: 'preflight-redirected', expect_blocked: true }),
  ],
});
scenario({
  id: 'preflight-missing-allow-origin', description: 'OPTIONS answers 204 with methods and headers but no Access-Control-Allow-Origin.',
  routes: { x: { OPTIONS: pre([acam('GET, PUT'), acah('Content-Type')]), '*': ok([acao(APP)]) } },
  calls: (id) => [JSON_PUT(u(API, id, 'x'), { label: 'OPTIONS 204 without ACAO', expect_rule: 'preflight-missing-allow-origin', expect_blocked: true })],
});

// --- credentials --------------------------------------------------------------------------
scenario({
  id: 'wildcard-origin-with-credentials', description: "credentials: 'include' answered with Access-Control-Allow-Origin: *.",
  routes: {
    me: ok([acao('*')]),
    update: { OPTIONS: pre([acao('*'), acam('PUT'), acah('content-type')]), '*': ok([acao('*')]) },
  },
  calls: (id) => [
    GET(u(API, id, 'me'), { credentials: 'include', label: 'credentialed GET, ACAO *', expect_rule: 'wildcard-origin-with-credentials', expect_blocked: true }),
    JSON_PUT(u(API, id, 'update'), { credentials: 'include', label: 'credentialed PUT, preflight ACAO *', expect_rule: 'wildcard-origin-with-credentials', expect_blocked: true }),
  ],
});
scenario({
  id: 'missing-allow-credentials', description: 'Credentialed requests without Access-Control-Allow-Credentials: true.',
  routes: { a: ok([acao(APP), vary]), b: ok([acao(APP), ['Access-Control-Allow-Credentials', 'True'], vary]) },
  calls: (id) => [
    GET(u(API, id, 'a'), { credentials: 'include', label: 'ACAC absent', expect_rule: 'missing-allow-credentials', expect_blocked: true }),
    { api: 'xhr', method: 'GET', url: u(API, id, 'b'), withCredentials: true, label: "XHR, ACAC 'True'", expect_rule: 'missing-allow-credentials', expect_blocked: true },
  ],
});

// --- origin values ----------------------------------------------------------------------------
scenario({
  id: 'origin-mismatch', description: 'Access-Control-Allow-Origin names another origin, six ways.',
  routes: {
    scheme: ok([acao(`https://app.example.test:${PORTS.app}`)]),
    www: ok([acao(`http://www.app.example.test:${PORTS.app}`)]),
    port: ok([acao('http://app.example.test:3000')]),
    slash: ok([acao(`${APP}/`)]),
    case: ok([acao(`http://App.Example.test:${PORTS.app}`)]),
    prod: ok([acao('https://app.example.com')]),
  },
  calls: (id) => ['scheme', 'www', 'port', 'slash', 'case', 'prod'].map((k) =>
    GET(u(API, id, k), { label: `mismatch: ${k}`, expect_rule: 'origin-mismatch', expect_blocked: true })),
});
scenario({
  id: 'multiple-allow-origin', description: 'Two Access-Control-Allow-Origin lines (app and proxy), and a list in one header.',
  routes: {
    dup: ok([acao(APP), ['Via', '1.1 nginx'], acao(APP)]),
    list: ok([acao(`${APP} https://app.example.com`)]),
  },
  calls: (id) => [
    GET(u(API, id, 'dup'), { label: 'duplicated header', expect_rule: 'multiple-allow-origin', expect_blocked: true }),
    GET(u(API, id, 'list'), { label: 'list in one header', expect_rule: 'multiple-allow-origin', expect_blocked: true }),
  ],
});
scenario({
  id: 'invalid-allow-origin', description: 'Access-Control-Allow-Origin is not a serialized origin.',
  routes: {
    bare: ok([acao(`app.example.test:${PORTS.app}`)]),
    path: ok([acao(`${APP}/dashboard`)]),
    pattern: ok([acao('http://*.example.test')]),
    null: ok([acao('null')]),
  },
  calls: (id) => ['bare', 'path', 'pattern', 'null'].map((k) =>
    GET(u(API, id, k), { label: `invalid: ${k}`, expect_rule: 'invalid-allow-origin', expect_blocked: true })),
});

// --- methods and headers ----------------------------------------------------------------------
scenario({
  id: 'method-not-allowed', description: 'DELETE and PATCH are not in Access-Control-Allow-Methods.',
  routes: { x: { OPTIONS: pre([acao(APP), acam('GET, POST, PUT'), acah('content-type')]), '*': ok([acao(APP)]) } },
  calls: (id) => [
    { api: 'fetch', method: 'DELETE', url: u(API, id, 'x'), label: 'DELETE', expect_rule: 'method-not-allowed', expect_blocked: true },
    { api: 'fetch', method: 'PATCH', url: u(API, id, 'x'), headers: { 'Content-Type': 'application/json' }, body: '{}', label: 'PATCH', expect_rule: 'method-not-allowed', expect_blocked: true },
  ],
});
scenario({
  id: 'header-not-allowed', description: 'X-Request-Id is not in Access-Control-Allow-Headers.',
  routes: { x: { OPTIONS: pre([acao(APP), acam('GET, POST'), acah('Content-Type')]), '*': ok([acao(APP)]) } },
  calls: (id) => [GET(u(API, id, 'x'), { headers: { 'X-Request-Id': 'abc-123' }, label: 'custom header', expect_rule: 'header-not-allowed', expect_blocked: true })],
});
scenario({
  id: 'authorization-wildcard-default', description: 'Authorization covered only by Access-Control-Allow-Headers: * (Chromium 156 default: allowed with a deprecation warning).',
  routes: { me: { OPTIONS: pre([acao('*'), acah('*')]), '*': ok([acao('*')]) } },
  calls: (id) => [GET(u(API, id, 'me'), { headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl' }, label: 'Authorization with ACAH *', expect_rule: 'cross-browser-divergence', expect_blocked: false })],
});
scenario({
  id: 'authorization-wildcard-strict', description: 'The same with CorsNonWildcardRequestHeadersSupport: blocked, as the Fetch standard says.',
  args: ['--enable-features=CorsNonWildcardRequestHeadersSupport'],
  routes: { me: { OPTIONS: pre([acao('*'), acah('*')]), '*': ok([acao('*')]) } },
  calls: (id) => [GET(u(API, id, 'me'), { headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl' }, label: 'Authorization with ACAH * (strict)', expect_rule: 'authorization-not-covered-by-wildcard', expect_blocked: true })],
});
scenario({
  id: 'wildcard-in-allow-list-with-credentials', description: "Credentialed requests: '*' in Allow-Methods / Allow-Headers is literal.",
  routes: {
    m: { OPTIONS: pre([acao(APP), acac, acam('*'), acah('content-type'), vary]), '*': ok([acao(APP), acac, vary]) },
    h: { OPTIONS: pre([acao(APP), acac, acah('*'), vary]), '*': ok([acao(APP), acac, vary]) },
  },
  calls: (id) => [
    JSON_PUT(u(API, id, 'm'), { credentials: 'include', label: 'PUT with ACAM *', expect_rule: 'wildcard-in-allow-list-with-credentials', expect_blocked: true }),
    GET(u(API, id, 'h'), { credentials: 'include', headers: { 'X-Trace': '1' }, label: 'custom header with ACAH *', expect_rule: 'wildcard-in-allow-list-with-credentials', expect_blocked: true }),
  ],
});
scenario({
  id: 'invalid-allow-list', description: 'Access-Control-Allow-Methods / -Headers that cannot be parsed.',
  routes: {
    m: { OPTIONS: pre([acao(APP), acam('GET; DELETE')]), '*': ok([acao(APP)]) },
    h: { OPTIONS: pre([acao(APP), acam('PUT'), acah('Content Type')]), '*': ok([acao(APP)]) },
  },
  calls: (id) => [
    { api: 'fetch', method: 'DELETE', url: u(API, id, 'm'), label: 'ACAM with ;', expect_rule: 'invalid-allow-list', expect_blocked: true },
    JSON_PUT(u(API, id, 'h'), { label: 'ACAH with a space', expect_rule: 'invalid-allow-list', expect_blocked: true }),
  ],
});

// --- caches and infrastructure --------------------------------------------------------------
scenario({
  id: 'cached-for-other-origin', description: 'A response cached for app (max-age, no Vary: Origin) is replayed for app2.',
  routes: { config: (req) => ok([acao(req.headers.origin ?? APP), ['Cache-Control', 'public, max-age=600']]) },
  steps: (id) => [
    { page: APP, calls: [GET(u(API, id, 'config'), { label: 'first origin fills the cache', expect_rule: 'missing-vary-origin', expect_blocked: false })] },
    { page: APP2, calls: [GET(u(API, id, 'config'), { label: 'second origin gets the cached answer', expect_rule: 'cached-for-other-origin', expect_blocked: true })] },
  ],
});
scenario({
  id: 'infrastructure-stripped-headers', description: 'The same endpoint carries CORS headers on some responses; a caching proxy strips them on others.',
  routes: {
    feed: (req, url) => url.searchParams.get('page') === '2'
      ? ok([['Via', '1.1 varnish (Varnish/7.4)'], ['X-Cache', 'HIT'], ['Age', '120']])
      : ok([acao(APP), vary, ['Via', '1.1 varnish (Varnish/7.4)'], ['X-Cache', 'MISS']]),
  },
  calls: (id) => [
    GET(`${u(API, id, 'feed')}?page=1`, { label: 'through the proxy, headers kept', expect_rule: null, expect_blocked: false }),
    GET(`${u(API, id, 'feed')}?page=2`, { label: 'cached by the proxy, headers stripped', expect_rule: 'infrastructure-stripped-headers', expect_blocked: true }),
  ],
});

// --- not CORS ----------------------------------------------------------------------------------
scenario({
  id: 'network-failures', description: 'Failures shown like CORS problems but with no response: refused, DNS, blocked by client, redirect loop.',
  routes: { loop: (req, url) => redirect(302, `loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}`, [acao('*')]) },
  blockedUrls: ['*/s/network-failures/tracker*'],
  calls: (id) => [
    GET(`http://api.example.test:${PORTS.closed}/s/${id}/x`, { label: 'connection refused', expect_rule: 'not-cors-network-failure', expect_blocked: false }),
    GET(`http://nx.example.test:${PORTS.api}/s/${id}/x`, { label: 'name not resolved', expect_rule: 'not-cors-network-failure', expect_blocked: false }),
    GET(u(API, id, 'tracker.js'), { label: 'blocked by client', expect_rule: 'not-cors-network-failure', expect_blocked: false }),
    GET(u(API, id, 'loop'), { label: 'redirect loop', expect_rule: 'not-cors-network-failure', expect_blocked: false }),
  ],
});
scenario({
  id: 'tls-certificate-error', description: 'A self-signed certificate without --ignore-certificate-errors.',
  omitArgs: ['--ignore-certificate-errors'],
  routes: { data: ok([acao('*')]) },
  calls: (id) => [GET(u(API_TLS, id, 'data'), { label: 'untrusted certificate', expect_rule: 'not-cors-network-failure', expect_blocked: false })],
});
scenario({
  id: 'mixed-content', description: 'An https page requests an http API.',
  page: APP_TLS,
  routes: { data: ok([acao('*')]) },
  calls: (id) => [GET(u(API, id, 'data'), { label: 'https page → http API', expect_rule: 'mixed-content', expect_blocked: true })],
});
scenario({
  id: 'disallowed-by-mode', description: "mode: 'same-origin' used for a cross-origin URL.",
  routes: { data: ok([acao('*')]) },
  calls: (id) => [GET(u(API, id, 'data'), { mode: 'same-origin', label: 'same-origin mode, other origin', expect_rule: 'disallowed-by-mode', expect_blocked: true })],
});

// --- risks that do not block today ---------------------------------------------------------------
scenario({
  id: 'allows-null-origin', description: 'A sandboxed iframe (origin null) reads an API that allows null.',
  frame: true,
  // Keep the sandboxed frame in the page's process, so the page's protocol session sees its requests.
  args: ['--disable-features=IsolateSandboxedIframes'],
  routes: { data: ok([acao('null')]) },
  calls: (id) => [GET(u(API, id, 'data'), { label: 'sandboxed iframe fetch', expect_rule: 'allows-null-origin', expect_blocked: false })],
});
scenario({
  id: 'reflected-origin-with-credentials', description: 'The API echoes every Origin with credentials allowed (two pages, two origins).',
  routes: { profile: (req) => ok([acao(req.headers.origin ?? ''), acac, vary]) },
  steps: (id) => [
    { page: APP, calls: [GET(u(API, id, 'profile'), { credentials: 'include', label: 'from app', expect_rule: null, expect_blocked: false })] },
    { page: APP2, calls: [GET(u(API, id, 'profile'), { credentials: 'include', label: 'from app2', expect_rule: 'reflected-origin-with-credentials', expect_blocked: false })] },
  ],
});
scenario({
  id: 'preflight-overhead', description: 'Four PUTs, each preflighted again (Access-Control-Max-Age: 0).',
  routes: { 'cart/1': { OPTIONS: pre([acao(APP), acam('PUT'), acah('content-type'), ['Access-Control-Max-Age', '0'], vary]), '*': ok([acao(APP), vary]) } },
  calls: (id) => [1, 2, 3, 4].map((n) => JSON_PUT(u(API, id, 'cart/1'), { label: `PUT ${n}`, expect_rule: n === 4 ? 'preflight-overhead' : null, expect_blocked: false })),
});
scenario({
  id: 'preflight-cache-hit', description: "The server's preflight answer changes after the first one (a deploy drops CORS from OPTIONS). The second PUT to the same URL still passes on the preflight Chromium cached (Access-Control-Max-Age: 600): no OPTIONS is sent for it. A PUT to another URL of the same server needs a fresh preflight, which shows the new answer.",
  routes: (() => {
    let preflights = 0;
    const order = (req) => {
      if (req.method !== 'OPTIONS') return ok([acao(APP), vary]);
      preflights++;
      return preflights === 1
        ? pre([acao(APP), acam('PUT'), acah('content-type'), ['Access-Control-Max-Age', '600'], vary])
        : pre([acam('PUT'), acah('content-type')]);
    };
    return { 'orders/1': order, 'orders/2': order };
  })(),
  calls: (id) => [
    JSON_PUT(u(API, id, 'orders/1'), { label: 'PUT, preflight sent', expect_rule: null, expect_blocked: false }),
    JSON_PUT(u(API, id, 'orders/1'), { label: 'PUT again, preflight from the cache', expect_rule: null, expect_blocked: false }),
    JSON_PUT(u(API, id, 'orders/2'), { label: 'PUT to another URL, fresh preflight', expect_rule: 'preflight-missing-allow-origin', expect_blocked: true }),
  ],
});
scenario({
  id: 'wildcard-on-credentialed-endpoint', description: 'ACAO * on a response that sets a session cookie.',
  routes: { login: ok([acao('*'), ['Set-Cookie', 'session=abc123; Path=/; HttpOnly; SameSite=None']]) },
  calls: (id) => [{ api: 'fetch', method: 'POST', url: u(API, id, 'login'), headers: { 'Content-Type': 'text/plain' }, body: 'user=a', label: 'login answered with *', expect_rule: 'wildcard-on-credentialed-endpoint', expect_blocked: false }],
});

// --- a realistic page ------------------------------------------------------------------------------
scenario({
  id: 'dashboard', description: 'A dashboard page making many requests of mixed outcome.',
  routes: {
    'assets/logo.svg': { status: 200, headers: [['Content-Type', 'image/svg+xml']], body: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
    'api/user': ok([acao(APP), acac, vary]),
    'api/notifications': ok([acao(APP), acac, vary]),
    'api/reports': { status: 500, headers: [['Content-Type', 'text/plain']], body: 'db timeout' },
    'api/reports/weekly': { OPTIONS: { status: 405, headers: [['Allow', 'GET']], body: '' }, '*': ok([acao(APP), acac]) },
    'api/settings': { OPTIONS: pre([acao(APP), acac, acam('GET, PUT'), acah('content-type'), vary]), '*': ok([acao(APP), acac, vary]) },
    'api/widgets': ok([acao(`${APP}/`)]),
    'api/search': { OPTIONS: pre([acao(APP), acam('GET'), acah('content-type')]), '*': ok([acao(APP)]) },
    'api/export': redirect(302, '/login?next=/export'),
    'metrics': ok([acao('*'), ['Cache-Control', 'no-store']]),
    'local/feature-flags': ok(),
  },
  calls: (id) => [
    GET(u(API, id, 'api/user'), { credentials: 'include', label: 'user', expect_rule: null, expect_blocked: false }),
    GET(u(API, id, 'api/notifications'), { credentials: 'include', label: 'notifications', expect_rule: null, expect_blocked: false }),
    GET(u(API, id, 'api/reports'), { credentials: 'include', label: 'reports 500', expect_rule: 'error-response-without-cors', expect_blocked: true }),
    JSON_PUT(u(API, id, 'api/reports/weekly'), { credentials: 'include', label: 'weekly report update', expect_rule: 'preflight-not-handled', expect_blocked: true }),
    GET(u(API, id, 'api/settings'), { credentials: 'include', label: 'settings', expect_rule: null, expect_blocked: false }),
    JSON_PUT(u(API, id, 'api/settings'), { credentials: 'include', label: 'save settings', expect_rule: null, expect_blocked: false }),
    GET(u(API, id, 'api/widgets'), { label: 'widgets', expect_rule: 'origin-mismatch', expect_blocked: true }),
    GET(u(API, id, 'api/search'), { headers: { 'X-Client-Version': '4.2' }, label: 'search', expect_rule: 'header-not-allowed', expect_blocked: true }),
    GET(u(API, id, 'api/export'), { credentials: 'include', label: 'export', expect_rule: 'redirect-without-cors', expect_blocked: true }),
    { api: 'xhr', method: 'POST', url: u(API2, id, 'metrics'), headers: { 'Content-Type': 'text/plain' }, body: 'cpu=3', label: 'metrics', expect_rule: null, expect_blocked: false },
    GET(u(APP, id, 'local/feature-flags'), { label: 'same-origin flags', expect_rule: null, expect_blocked: false }),
    GET(`http://api.example.test:${PORTS.closed}/s/${id}/health`, { label: 'health (service down)', expect_rule: 'not-cors-network-failure', expect_blocked: false }),
    GET(u(API, id, 'api/user'), { credentials: 'include', label: 'user again', expect_rule: null, expect_blocked: false }),
  ],
  images: (id) => [u(API, id, 'assets/logo.svg')],
});

/** Samples copied to samples/ for the README's main command. */
export const SAMPLES = ['dashboard', 'preflight-not-handled', 'error-response-without-cors', 'cached-for-other-origin'];
