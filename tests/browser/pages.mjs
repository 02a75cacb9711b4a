// The scenario pages, served the same way to every browser the harnesses drive: the index page
// of each step, its app.js running the scenario's fetch()/XHR calls, and the route lookup the
// test server uses. Shared by capture.mjs (Chromium) and firefox/capture.mjs.

import { scenarios } from './scenarios.mjs';

export function stepsOf(s) {
  if (s.steps) return s.steps(s.id);
  return [{ page: s.page, calls: s.calls(s.id) }];
}

export function appJs(calls) {
  return `// Scenario calls, run one after the other.
const CALLS = ${JSON.stringify(calls, null, 2)};
async function callFetch(c) {
  const init = { method: c.method };
  if (c.headers) init.headers = c.headers;
  if (c.body !== undefined) init.body = c.body;
  if (c.credentials) init.credentials = c.credentials;
  if (c.mode) init.mode = c.mode;
  try {
    const r = await fetch(c.url, init);
    await r.text();
    return 'ok ' + r.status;
  } catch (e) {
    return 'error ' + e.message;
  }
}
function callXhr(c) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open(c.method, c.url);
    if (c.withCredentials) x.withCredentials = true;
    for (const [k, v] of Object.entries(c.headers || {})) x.setRequestHeader(k, v);
    x.onload = () => resolve('ok ' + x.status);
    x.onerror = () => resolve('error');
    x.send(c.body === undefined ? null : c.body);
  });
}
async function main() {
  const results = [];
  for (const c of CALLS) results.push(await (c.api === 'xhr' ? callXhr(c) : callFetch(c)));
  return results;
}
window.__done = main();
if (window.parent !== window) window.__done.then((r) => window.parent.postMessage({ done: r }, '*'));
`;
}

export function indexHtml(s, step, frame) {
  const imgs = (s.images ? s.images(s.id) : []).map((src) => `<img src="${src}" alt="">`).join('\n');
  if (frame) {
    return `<!doctype html><link rel="icon" href="data:,"><title>${s.id}</title>
<p>${s.description}</p>
<script>window.__done = new Promise((ok) => addEventListener('message', (e) => e.data && e.data.done && ok(e.data.done)));</script>
<iframe sandbox="allow-scripts" src="frame.html?step=${step}"></iframe>`;
  }
  return `<!doctype html><link rel="icon" href="data:,"><title>${s.id}</title>
<p>${s.description}</p>
${imgs}
<script src="app.js?step=${step}"></script>`;
}

export function lookup(req, url) {
  const m = url.pathname.match(/^\/s\/([^/]+)\/(.*)$/);
  if (!m) return null;
  const s = scenarios.find((x) => x.id === m[1]);
  if (!s) return null;
  const rest = m[2];
  const step = Number(url.searchParams.get('step') ?? 0);
  const html = (body) => ({ status: 200, headers: [['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store']], body });
  if (rest === '' && req.method === 'GET') return html(indexHtml(s, step, s.frame));
  if (rest === 'frame.html') return html(`<!doctype html><script src="${new URL(`app.js?step=${step}`, `http://x/s/${s.id}/`).pathname}?step=${step}"></script>`);
  if (rest === 'app.js') {
    return { status: 200, headers: [['Content-Type', 'text/javascript'], ['Cache-Control', 'no-store'], ['Access-Control-Allow-Origin', '*']], body: appJs(stepsOf(s)[step].calls) };
  }
  const route = s.routes[rest];
  if (!route) return null;
  if (typeof route === 'function') return route(req, url);
  if ('status' in route) return route;
  return route[req.method] ?? route['*'] ?? null;
}

