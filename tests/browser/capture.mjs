// The capture harness: for each scenario, real headless Chromium (Debian's package) opens the
// scenario's page against the local test server and runs its fetch()/XHR calls; DevTools' own
// frontend, attached to the page, exports the HAR (sanitized and with sensitive data) and saves
// the console exactly as its "Export HAR" and "Save as…" do; a DevTools-protocol session records
// Chromium's verdict for every request into truth.json.
//
// Usage: node capture.mjs [--only ID...] [--out DIR]

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import zlib from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLES } from './scenarios.mjs';
import { stepsOf } from './pages.mjs';
import { copySamples, lastSegment, runScenarios, withTimeout } from './run.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SCENARIO_TIMEOUT_MS = 30_000;
// A NetLog larger than this is committed gzipped (`netlog.json.gz`; corsdx reads gzip).
const NETLOG_GZIP_ABOVE = 256 * 1024;
const RUN_TIMEOUT_MS = 15 * 60_000;

const BASE_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--ignore-certificate-errors',
  '--host-resolver-rules=MAP nx.example.test ~NOTFOUND, MAP *.example.test 127.0.0.1',
  '--remote-debugging-port=0', '--remote-allow-origins=*',
  '--window-size=1280,900',
];

function parseArgs(argv) {
  const out = { only: [], out: path.join(ROOT, 'tests/captures/chromium'), samples: path.join(ROOT, 'samples') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') { while (argv[i + 1] && !argv[i + 1].startsWith('--')) out.only.push(argv[++i]); }
    else if (argv[i] === '--out') out.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pages served for the scenarios.


// ---------------------------------------------------------------------------------------------
// Chromium and the DevTools frontend.

/** Starts Chromium; `netlog` is the path its NetLog (`--log-net-log`) is written to, in the
 * capture mode that keeps every header, cookies included (`Everything` adds the bytes of every
 * socket read, 30 of a scenario's 33 MB, nearly all of them the DevTools frontend's scripts, and
 * nothing corsdx reads). */
async function launch(extraArgs, omitArgs, netlog) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsdx-chromium-'));
  const args = [...BASE_ARGS.filter((a) => !omitArgs.includes(a)), ...extraArgs, `--user-data-dir=${dir}`,
    `--log-net-log=${netlog}`, '--net-log-capture-mode=IncludeSensitive', 'about:blank'];
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
  const port = new URL(endpoint).port;
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const stop = async () => {
    if (proc.exitCode === null) {
      // Closed from inside first, so that Chromium finishes its NetLog (a killed browser leaves
      // the log without its closing brackets).
      const exited = new Promise((ok) => proc.once('exit', ok));
      try {
        const cdp = await browser.newBrowserCDPSession();
        await cdp.send('Browser.close').catch(() => {});
      } catch { /* already gone */ }
      await withTimeout(exited, 5_000, 'chromium close').catch(() => {});
    }
    try { await browser.close(); } catch { /* already gone */ }
    if (proc.exitCode === null) {
      const exited = new Promise((ok) => proc.once('exit', ok));
      // The whole process group: Chromium's zygote and renderers too.
      try { process.kill(-proc.pid, 'SIGKILL'); } catch { proc.kill('SIGKILL'); }
      await withTimeout(exited, 10_000, 'chromium exit').catch(() => {});
    }
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      console.error(`note: could not remove ${dir}: ${e.message}`);
    }
  };
  return { browser, port, stop, version: browser.version() };
}

/** Opens DevTools' own frontend attached to `targetId` and prepares its panels. */
async function openFrontend(context, port, targetId) {
  const fe = await context.newPage();
  await fe.goto(`http://127.0.0.1:${port}/devtools/inspector.html?ws=127.0.0.1:${port}/devtools/page/${targetId}`);
  await withTimeout(fe.waitForFunction(async () => {
    try {
      const SDK = await import('/devtools/core/sdk/sdk.js');
      return !!SDK.TargetManager.TargetManager.instance().primaryPageTarget();
    } catch { return false; }
  }, null, { polling: 200 }), 20_000, 'DevTools frontend');
  await fe.evaluate(async () => {
    const Common = await import('/devtools/core/common/common.js');
    const UI = await import('/devtools/ui/legacy/legacy.js');
    const SDK = await import('/devtools/core/sdk/sdk.js');
    // Keep the log across navigations (multi-page scenarios), as "Preserve log" does.
    const settings = Common.Settings.Settings.instance();
    settings.resolve(SDK.SDKSettings.preserveNetworkLogSettingDescriptor).set(true);
    settings.resolve(SDK.SDKSettings.preserveConsoleLogSettingDescriptor).set(true);
    await UI.ViewManager.ViewManager.instance().showView('network');
    await UI.ViewManager.ViewManager.instance().showView('console');
    // Capture what the frontend saves instead of letting the hosted stub trigger a download.
    const Host = await import('/devtools/core/host/host.js');
    const host = Host.InspectorFrontendHost.InspectorFrontendHostInstance;
    window.__saved = {};
    const save = host.save.bind(host);
    const append = host.append.bind(host);
    host.save = (url, content, forceSaveAs, isBase64) => { window.__saved[url] = [content]; return save(url, content, forceSaveAs, isBase64); };
    host.append = (url, content) => { (window.__saved[url] ||= []).push(content); return append(url, content); };
    host.close = (url) => { window.__closed = url; };
  });
  return fe;
}

/** The Network panel's own "Export HAR" (sanitized or with sensitive data). */
async function exportHar(fe, sanitize) {
  return withTimeout(fe.evaluate(async (sanitize) => {
    const Network = await import('/devtools/panels/network/network.js');
    window.__closed = null;
    await Network.NetworkPanel.NetworkPanel.instance().networkLogView.exportAll({ sanitize });
    for (let i = 0; i < 100 && !window.__closed; i++) await new Promise((r) => setTimeout(r, 50));
    const text = window.__saved[window.__closed].join('');
    delete window.__saved[window.__closed];
    return text;
  }, sanitize), 20_000, 'HAR export');
}

/** The Console's own "Save as…". */
async function saveConsole(fe) {
  return withTimeout(fe.evaluate(async () => {
    const UI = await import('/devtools/ui/legacy/legacy.js');
    await UI.ViewManager.ViewManager.instance().showView('console');
    const Console = await import('/devtools/panels/console/console.js');
    window.__closed = null;
    await Console.ConsoleView.ConsoleView.instance().saveConsole();
    for (let i = 0; i < 100 && !window.__closed; i++) await new Promise((r) => setTimeout(r, 50));
    return window.__saved[window.__closed].join('');
  }), 20_000, 'console save');
}

// ---------------------------------------------------------------------------------------------
// Chromium's verdicts from the DevTools protocol.

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
    // ERR_ABORTED: the page or the browser dropped the load (an opaque body nobody reads, a
    // navigation), not a failure of the request.
    const outcome = !r.failed ? 'ok' : policy ? 'blocked' : r.errorText === 'net::ERR_ABORTED' ? 'canceled' : 'failed';
    return {
      requestId: r.requestId, type: r.type ?? null, initiator: r.initiator ?? null, method: r.method, url: r.url, final_url: r.final_url,
      redirects: r.redirects.map((x) => x.url), page: r.page ?? null, status: r.status ?? null, outcome,
      errorText: r.errorText ?? null, corsError: r.corsError ?? null, failedParameter: r.failedParameter ?? null,
      blockedReason: r.blockedReason ?? null, fromCache: !!r.fromCache,
    };
  });
}

// ---------------------------------------------------------------------------------------------

/** Copies the scenario's NetLog next to its HAR, gzipped when large; removes the other form. */
function keepNetlog(from, dir) {
  const bytes = fs.readFileSync(from);
  const [keep, drop] = bytes.length > NETLOG_GZIP_ABOVE ? ['netlog.json.gz', 'netlog.json'] : ['netlog.json', 'netlog.json.gz'];
  fs.writeFileSync(path.join(dir, keep), keep.endsWith('.gz') ? zlib.gzipSync(bytes, { level: 9 }) : bytes);
  fs.rmSync(path.join(dir, drop), { force: true });
}

async function runScenario(s, outDir) {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsdx-netlog-'));
  const netlog = path.join(logDir, 'netlog.json');
  const chrome = await launch(s.args ?? [], s.omitArgs ?? [], netlog);
  try {
    const context = chrome.browser.contexts()[0];
    const page = context.pages()[0] ?? await context.newPage();
    const session = await context.newCDPSession(page);
    await session.send('Network.enable');
    if (s.blockedUrls) await session.send('Network.setBlockedURLs', { urls: s.blockedUrls });
    const verdicts = recordVerdicts(session);
    const { targetInfo } = await session.send('Target.getTargetInfo');
    const fe = await openFrontend(context, chrome.port, targetInfo.targetId);
    const steps = stepsOf(s);
    const results = [];
    for (let i = 0; i < steps.length; i++) {
      await page.goto(`${steps[i].page}/s/${s.id}/?step=${i}`, { waitUntil: 'load' });
      results.push(await withTimeout(page.evaluate(() => window.__done), SCENARIO_TIMEOUT_MS, `${s.id} calls`));
    }
    await new Promise((r) => setTimeout(r, 500));
    const har = await exportHar(fe, false);
    const sanitized = await exportHar(fe, true);
    const consoleText = await saveConsole(fe);
    const calls = steps.flatMap((st) => st.calls.map((c) => ({
      label: c.label, api: c.api, method: c.method, url: c.url, page: `${st.page}/s/${s.id}/`,
      credentials: c.api === 'xhr' ? (c.withCredentials ? 'include' : 'same-origin') : (c.credentials ?? 'same-origin'),
      mode: c.mode ?? 'cors', expect_rule: c.expect_rule ?? null, expect_blocked: !!c.expect_blocked,
    })));
    const truth = {
      scenario: s.id, description: s.description,
      browser: { name: 'Chromium', version: chrome.version },
      browser_args: [...(s.args ?? []), ...(s.omitArgs ?? []).map((a) => `(without ${a})`)],
      results: results.flat(),
      calls,
      requests: verdicts(),
    };
    const dir = path.join(outDir, s.id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'capture.har'), har);
    fs.writeFileSync(path.join(dir, 'capture.sanitized.har'), sanitized);
    fs.writeFileSync(path.join(dir, 'console.log'), consoleText);
    fs.writeFileSync(path.join(dir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
    await chrome.stop();
    keepNetlog(netlog, dir);
    return truth;
  } finally {
    await chrome.stop();
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const failed = await runScenarios({
    only: opts.only,
    timeoutMs: SCENARIO_TIMEOUT_MS * 2,
    run: (s) => runScenario(s, opts.out),
    summarize: (truth) => truth.requests.filter((r) => r.outcome !== 'ok' && r.type !== 'Preflight')
      .map((r) => `${r.method} ${lastSegment(r.url)}: ${r.corsError ?? r.blockedReason ?? r.errorText}`).join('; '),
  });
  if (opts.out === path.join(ROOT, 'tests/captures/chromium')) {
    copySamples({ from: opts.out, to: opts.samples, ids: SAMPLES });
  }
  if (failed) {
    console.error(`${failed} scenario(s) failed`);
    process.exitCode = 1;
  }
}

const watchdog = setTimeout(() => { console.error('harness: run timeout'); process.exit(2); }, RUN_TIMEOUT_MS);
watchdog.unref();
main().catch((e) => { console.error(e); process.exitCode = 1; });
