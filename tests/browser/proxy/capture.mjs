// The proxy and test-tool harness: the same scenarios as the Chromium harness, recorded by the
// programs that write captures without a browser verdict, with Chromium's own verdict (CDP)
// kept beside them as the truth.
//
// - mitmproxy: Chromium runs with --proxy-server pointing at a real `mitmdump` (PyPI package,
//   installed by capture.sh into tests/browser/proxy/.venv), which writes its own HAR export
//   (`--set hardump=FILE`) and its native flow dump (`-w FILE`).
// - Playwright: playwright-core's own `recordHar` on a new browser context, without a proxy.
//
// Nothing in a HAR or flow file is written by this script; it only starts the producers and
// copies what they wrote.
//
// Usage: node proxy/capture.mjs [--only ID...] [--producers mitmproxy,playwright]

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stepsOf } from '../pages.mjs';
import { lastSegment, runScenarios, withTimeout } from '../run.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const MITMDUMP = process.env.MITMDUMP ?? path.join(HERE, '.venv/bin/mitmdump');
const SCENARIO_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 20 * 60_000;
const PROXY_PORT = 47180;

const BASE_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--ignore-certificate-errors',
  '--host-resolver-rules=MAP nx.example.test ~NOTFOUND, MAP *.example.test 127.0.0.1',
  '--remote-debugging-port=0', '--remote-allow-origins=*',
  '--window-size=1280,900',
];

function parseArgs(argv) {
  const out = { only: [], producers: ['mitmproxy', 'playwright'] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') { while (argv[i + 1] && !argv[i + 1].startsWith('--')) out.only.push(argv[++i]); }
    else if (argv[i] === '--producers') out.producers = argv[++i].split(',');
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

async function launch(extraArgs, omitArgs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsdx-chromium-'));
  const args = [...BASE_ARGS.filter((a) => !omitArgs.includes(a)), ...extraArgs, `--user-data-dir=${dir}`, 'about:blank'];
  const proc = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const endpoint = await withTimeout(new Promise((ok, fail) => {
    let buf = '';
    proc.stderr.on('data', (d) => {
      buf += d;
      const m = buf.match(/DevTools listening on (ws:\/\/[^\s]+)/);
      if (m) ok(m[1]);
    });
    proc.on('exit', (code) => fail(new Error(`chromium exited (${code}): ${buf.slice(-500)}`)));
  }), 20_000, 'chromium start');
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${new URL(endpoint).port}`);
  const stop = async () => {
    try { await browser.close(); } catch { /* already gone */ }
    if (proc.exitCode === null) {
      const exited = new Promise((ok) => proc.once('exit', ok));
      try { process.kill(-proc.pid, 'SIGKILL'); } catch { proc.kill('SIGKILL'); }
      await withTimeout(exited, 10_000, 'chromium exit').catch(() => {});
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  return { browser, stop, version: browser.version() };
}

/** Resolves once something listens on `port` of loopback. */
async function listening(port, ms) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const up = await new Promise((ok) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); ok(true); });
      s.on('error', () => ok(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port} after ${ms} ms`);
}

/** Starts `mitmdump` writing its HAR export and its flow dump; `stop()` ends it with SIGINT,
 * on which mitmdump writes the HAR. */
async function startMitmdump(har, flows, confdir) {
  const args = [
    '--listen-host', '127.0.0.1', '--listen-port', String(PROXY_PORT),
    '--set', `confdir=${confdir}`, '--set', 'ssl_insecure=true',
    '--set', `hardump=${har}`, '-w', flows, '-s', path.join(HERE, 'resolve.py'), '-q',
  ];
  const proc = spawn(MITMDUMP, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((ok) => proc.once('exit', ok));
  await listening(PROXY_PORT, 20_000).catch((e) => { throw new Error(`${e.message}: ${err.slice(-500)}`); });
  const stop = async () => {
    if (proc.exitCode !== null) return;
    try { process.kill(-proc.pid, 'SIGINT'); } catch { proc.kill('SIGINT'); }
    await withTimeout(exited, 15_000, 'mitmdump exit').catch(() => {
      try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
    });
  };
  return { stop, stderr: () => err };
}

function recordVerdicts(session) {
  const byId = new Map();
  const order = [];
  const get = (id) => {
    if (!byId.has(id)) { byId.set(id, { requestId: id, redirects: [] }); order.push(id); }
    return byId.get(id);
  };
  session.on('Network.requestWillBeSent', (e) => {
    const r = get(e.requestId);
    if (e.redirectResponse) {
      r.redirects.push({ url: r.final_url, status: e.redirectResponse.status });
      r.final_url = e.request.url;
      return;
    }
    Object.assign(r, { type: e.type, method: e.request.method, url: e.request.url, final_url: e.request.url, page: e.documentURL, initiator: e.initiator?.type });
  });
  session.on('Network.responseReceivedExtraInfo', (e) => { const r = get(e.requestId); if (e.statusCode) r.status = e.statusCode; });
  session.on('Network.responseReceived', (e) => { const r = get(e.requestId); r.status = e.response.status; r.type ??= e.type; });
  session.on('Network.requestServedFromCache', (e) => { get(e.requestId).fromCache = true; });
  session.on('Network.loadingFinished', (e) => { get(e.requestId).finished = true; });
  session.on('Network.loadingFailed', (e) => {
    Object.assign(get(e.requestId), {
      failed: true, errorText: e.errorText, canceled: !!e.canceled, blockedReason: e.blockedReason ?? null,
      corsError: e.corsErrorStatus?.corsError ?? null, failedParameter: e.corsErrorStatus?.failedParameter ?? null,
    });
  });
  return () => order.map((id) => byId.get(id)).filter((r) => r.url).map((r) => {
    const policy = r.corsError || ['mixed-content', 'csp', 'origin', 'corp-not-same-origin', 'corp-not-same-site', 'coep-frame-resource-needs-coep-header'].includes(r.blockedReason);
    const outcome = !r.failed ? 'ok' : policy ? 'blocked' : r.errorText === 'net::ERR_ABORTED' ? 'canceled' : 'failed';
    return {
      requestId: r.requestId, type: r.type ?? null, initiator: r.initiator ?? null, method: r.method, url: r.url, final_url: r.final_url,
      redirects: r.redirects.map((x) => x.url), page: r.page ?? null, status: r.status ?? null, outcome,
      errorText: r.errorText ?? null, corsError: r.corsError ?? null, failedParameter: r.failedParameter ?? null,
      blockedReason: r.blockedReason ?? null, fromCache: !!r.fromCache,
    };
  });
}

/** Runs the scenario's steps on `page`, recording Chromium's verdicts through `session`. */
async function runSteps(s, page, session) {
  await session.send('Network.enable');
  if (s.blockedUrls) await session.send('Network.setBlockedURLs', { urls: s.blockedUrls });
  const verdicts = recordVerdicts(session);
  const steps = stepsOf(s);
  const results = [];
  for (let i = 0; i < steps.length; i++) {
    await page.goto(`${steps[i].page}/s/${s.id}/?step=${i}`, { waitUntil: 'load' });
    results.push(await withTimeout(page.evaluate(() => window.__done), SCENARIO_TIMEOUT_MS, `${s.id} calls`));
  }
  await new Promise((r) => setTimeout(r, 500));
  const calls = steps.flatMap((st) => st.calls.map((c) => ({
    label: c.label, api: c.api, method: c.method, url: c.url, page: `${st.page}/s/${s.id}/`,
    credentials: c.api === 'xhr' ? (c.withCredentials ? 'include' : 'same-origin') : (c.credentials ?? 'same-origin'),
    mode: c.mode ?? 'cors', expect_rule: c.expect_rule ?? null, expect_blocked: !!c.expect_blocked,
  })));
  return { results: results.flat(), calls, requests: verdicts };
}

function truthOf(s, producer, version, run, extraArgs, cookies = []) {
  return {
    scenario: s.id, description: s.description, producer,
    browser: { name: 'Chromium', version },
    browser_args: [...(s.args ?? []), ...(s.omitArgs ?? []).map((a) => `(without ${a})`), ...extraArgs],
    cookies: cookies.map((c) => `${c.name} for ${c.domain}${c.path} (${c.sameSite}${c.httpOnly ? ', HttpOnly' : ''})`),
    results: run.results, calls: run.calls, requests: run.requests(),
  };
}

const writeTruth = (dir, truth) => fs.writeFileSync(path.join(dir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');

const SESSION_COOKIE = {
  name: 'session', value: 'corsdx-proxy-harness', domain: '.example.test', path: '/',
  httpOnly: true, secure: false, sameSite: 'Lax',
};

/** Chromium through mitmdump: mitmproxy's HAR export and flow dump, Chromium's verdicts. */
async function runMitmproxy(s, confdir) {
  const dir = path.join(ROOT, 'tests/captures/mitmproxy', s.id);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const proxyArgs = [`--proxy-server=http://127.0.0.1:${PROXY_PORT}`, '--proxy-bypass-list=<-loopback>'];
  const mitm = await startMitmdump(path.join(dir, 'capture.har'), path.join(dir, 'capture.flow'), confdir);
  let chrome;
  try {
    chrome = await launch([...(s.args ?? []), ...proxyArgs], s.omitArgs ?? []);
    const context = chrome.browser.contexts()[0];
    // A signed-in user's browser holds a session cookie for the site, as in the Firefox
    // harness: a credentialed request carries it, which is all a proxy can see of the
    // credentials mode.
    await context.addCookies([SESSION_COOKIE]);
    const page = context.pages()[0] ?? await context.newPage();
    const run = await runSteps(s, page, await context.newCDPSession(page));
    const truth = truthOf(s, 'mitmproxy', chrome.version, run, proxyArgs, [SESSION_COOKIE]);
    await chrome.stop();
    chrome = null;
    await mitm.stop();
    writeTruth(dir, truth);
    if (!fs.existsSync(path.join(dir, 'capture.har'))) throw new Error(`mitmdump wrote no HAR: ${mitm.stderr().slice(-500)}`);
    return truth;
  } finally {
    if (chrome) await chrome.stop();
    await mitm.stop();
  }
}

/** Chromium without a proxy, recorded by playwright-core's own `recordHar`. */
async function runPlaywright(s) {
  const dir = path.join(ROOT, 'tests/captures/playwright', s.id);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const chrome = await launch(s.args ?? [], s.omitArgs ?? []);
  try {
    const context = await chrome.browser.newContext({
      recordHar: { path: path.join(dir, 'capture.har'), mode: 'full', content: 'embed' },
      ignoreHTTPSErrors: !(s.omitArgs ?? []).includes('--ignore-certificate-errors'),
    });
    const page = await context.newPage();
    const run = await runSteps(s, page, await context.newCDPSession(page));
    const truth = truthOf(s, 'playwright', chrome.version, run, []);
    await context.close();
    writeTruth(dir, truth);
    return truth;
  } finally {
    await chrome.stop();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const confdir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsdx-mitmproxy-'));
  let failed = 0;
  try {
    for (const producer of opts.producers) {
      const run = producer === 'mitmproxy' ? (s) => runMitmproxy(s, confdir)
        : producer === 'playwright' ? runPlaywright : null;
      if (!run) throw new Error(`unknown producer ${producer}`);
      console.log(`== ${producer}`);
      failed += await runScenarios({
        only: opts.only,
        timeoutMs: SCENARIO_TIMEOUT_MS * 2,
        run,
        summarize: (truth) => truth.requests.filter((r) => r.outcome !== 'ok' && r.type !== 'Preflight')
          .map((r) => `${r.method} ${lastSegment(r.url)}: ${r.corsError ?? r.blockedReason ?? r.errorText}`).join('; '),
      });
    }
  } finally {
    fs.rmSync(confdir, { recursive: true, force: true });
  }
  if (failed) {
    console.error(`${failed} scenario(s) failed`);
    process.exitCode = 1;
  }
}

const watchdog = setTimeout(() => { console.error('harness: run timeout'); process.exit(2); }, RUN_TIMEOUT_MS);
watchdog.unref();
main().catch((e) => { console.error(e); process.exitCode = 1; });
