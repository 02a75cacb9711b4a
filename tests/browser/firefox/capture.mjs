// The Firefox capture harness: for each scenario of ../scenarios.mjs, real headless Firefox
// (Debian's firefox-esr) opens the scenario's page against the local test server
// (../server.mjs) and runs its fetch()/XHR calls, with the DevTools toolbox open on the tab.
// Firefox's own DevTools then write the files: the Network panel's "Save All As HAR" and the
// Web Console's "Save all Messages to File" (their menu items, clicked from privileged chrome
// script; only the file picker is answered by the harness). WebDriver BiDi events record
// Firefox's verdict for every request into truth.json.
//
// Usage: node firefox/capture.mjs [--only ID...] [--out DIR]

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServers } from '../server.mjs';
import { scenarios } from '../scenarios.mjs';
import { Marionette, Bidi } from './remote.mjs';
import { lookup, stepsOf } from './pages.mjs';
import * as chrome from './chrome-scripts.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const SCENARIO_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 15 * 60_000;

// Host names the test server answers for; every one resolves to loopback (nx.example.test is
// deliberately absent, so it does not resolve).
const LOCAL_HOSTS = ['app.example.test', 'app2.example.test', 'api.example.test', 'api2.example.test',
  'www.api.example.test', 'www.app.example.test'];

// Prefs written to the fresh profile's user.js. Everything that would make Firefox talk to the
// outside is off; DevTools keep their logs across navigations (multi-page scenarios).
const BASE_PREFS = {
  // Name resolution and transport.
  'network.dns.localDomains': LOCAL_HOSTS.join(','),
  'network.trr.mode': 5,
  'network.proxy.type': 0,
  'network.http.http3.enable': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'network.http.speculative-parallel-limit': 0,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'captivedetect.canonicalURL': '',
  // Telemetry, studies, reports.
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': 'data:,',
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.crashReports.unsubmittedCheck.enabled': false,
  // Updates and remote settings.
  'app.update.disabledForTesting': true,
  'app.update.auto': false,
  'app.update.checkInstallTime': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'services.settings.server': 'data:,#remote-settings-disabled',
  'media.gmp-manager.updateEnabled': false,
  'media.gmp-manager.url': 'data:,',
  'browser.search.update': false,
  'browser.region.update.enabled': false,
  'browser.region.network.url': '',
  'geo.provider.network.url': '',
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  'identity.fxaccounts.enabled': false,
  'browser.discovery.enabled': false,
  // Safe browsing.
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  // First-run pages, new tab content.
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.page': 0,
  'browser.startup.homepage': 'about:blank',
  'browser.startup.homepage_override.mstone': 'ignore',
  'startup.homepage_welcome_url': 'about:blank',
  'browser.aboutwelcome.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.feeds.snippets': false,
  'browser.newtabpage.activity-stream.default.sites': '',
  'browser.topsites.contile.enabled': false,
  'browser.uitour.enabled': false,
  'datareporting.policy.firstRunURL': '',
  'browser.contentblocking.report.monitor.enabled': false,
  'privacy.trackingprotection.enabled': false,
  // DevTools: toolbox in the window, logs kept across navigations, no first-run notices.
  'devtools.toolbox.host': 'bottom',
  'devtools.netmonitor.persistlog': true,
  'devtools.webconsole.persistlog': true,
  'devtools.everOpened': true,
  'devtools.telemetry.enabled': false,
  'devtools.netmonitor.har.includeResponseBodies': true,
  'devtools.netmonitor.har.compress': false,
};

/** Firefox counterparts of a scenario's Chromium flags (or the note that there is none). */
function firefoxVariant(s) {
  const prefs = {};
  const notes = [];
  let acceptInsecureCerts = true;
  for (const a of s.args ?? []) {
    if (a === '--enable-features=CorsNonWildcardRequestHeadersSupport') {
      prefs['network.cors_preflight.authorization_covered_by_wildcard'] = false;
      notes.push(`${a} -> pref network.cors_preflight.authorization_covered_by_wildcard=false`);
    } else if (a === '--disable-features=IsolateSandboxedIframes') {
      notes.push(`${a}: Chromium-only (the BiDi session sees every frame); run with defaults`);
    } else {
      notes.push(`${a}: no Firefox equivalent; run with defaults`);
    }
  }
  for (const a of s.omitArgs ?? []) {
    if (a === '--ignore-certificate-errors') {
      acceptInsecureCerts = false;
      notes.push(`(without ${a}) -> WebDriver session with acceptInsecureCerts=false`);
    } else {
      notes.push(`(without ${a}): no Firefox equivalent; run with defaults`);
    }
  }
  if (s.blockedUrls) notes.push(`blocked URLs ${JSON.stringify(s.blockedUrls)} -> the Network panel's request blocking (toolbox.commands.networkCommand.setBlockedUrls)`);
  return { prefs, notes, acceptInsecureCerts };
}

function parseArgs(argv) {
  const out = { only: [], out: path.join(ROOT, 'tests/captures/firefox') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') { while (argv[i + 1] && !argv[i + 1].startsWith('--')) out.only.push(argv[++i]); }
    else if (argv[i] === '--out') out.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DEBUG = !!process.env.FF_DEBUG;
const debug = (...a) => { if (DEBUG) console.error(new Date().toISOString().slice(11, 23), ...a); };
const withTimeout = (p, ms, what) => Promise.race([
  p, new Promise((_, fail) => setTimeout(() => fail(new Error(`timeout after ${ms} ms: ${what}`)), ms)),
]);

// ---------------------------------------------------------------------------------------------
// Firefox.

function userJs(prefs) {
  return Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n') + '\n';
}

async function launch(variant) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsdx-firefox-'));
  const profile = path.join(dir, 'profile');
  fs.mkdirSync(profile);
  fs.writeFileSync(path.join(profile, 'user.js'), userJs({ ...BASE_PREFS, 'marionette.port': 0, ...variant.prefs }));
  const args = ['--headless', '--no-remote', '--profile', profile, '--marionette', '--remote-debugging-port', '0',
    '--remote-allow-system-access', 'about:blank'];
  const proc = spawn(FIREFOX, args, {
    stdio: ['ignore', 'ignore', 'pipe'], detached: true,
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_HEADLESS: '1', TMPDIR: dir },
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
  const exited = new Promise((ok) => proc.once('exit', ok));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      // The whole process group: the content, socket and GPU processes too.
      try { process.kill(-proc.pid, 'SIGKILL'); } catch { proc.kill('SIGKILL'); }
      await withTimeout(exited, 10_000, 'firefox exit').catch(() => {});
    }
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      console.error(`note: could not remove ${dir}: ${e.message}`);
    }
  };
  try {
    const portFile = path.join(profile, 'MarionetteActivePort');
    const port = await withTimeout((async () => {
      for (;;) {
        if (proc.exitCode !== null) throw new Error(`firefox exited (${proc.exitCode}): ${stderr.slice(-500)}`);
        if (fs.existsSync(portFile)) {
          const p = Number(fs.readFileSync(portFile, 'utf8'));
          if (p) return p;
        }
        await sleep(100);
      }
    })(), 30_000, 'firefox start');
    debug('marionette port', port);
    const marionette = await Marionette.connect(port);
    const { capabilities } = await marionette.send('WebDriver:NewSession', {
      webSocketUrl: true, acceptInsecureCerts: variant.acceptInsecureCerts,
    });
    debug('session', capabilities.browserVersion);
    const bidi = await Bidi.connect(capabilities.webSocketUrl);
    await marionette.send('Marionette:SetContext', { value: 'chrome' });
    await marionette.send('WebDriver:SetTimeouts', { script: 60_000 });
    return {
      marionette, bidi, dir, version: capabilities.browserVersion,
      stop: async () => { bidi.close(); marionette.close(); await stop(); },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Firefox's verdicts from WebDriver BiDi.

function recordVerdicts(bidi) {
  const byId = new Map();
  const order = [];
  const logs = [];
  const get = (id) => {
    if (!byId.has(id)) { byId.set(id, { requestId: id, redirects: [], events: [] }); order.push(id); }
    return byId.get(id);
  };
  bidi.on((method, p) => {
    if (method === 'log.entryAdded') {
      logs.push({ level: p.level, source: p.source?.realm ? 'realm' : null, type: p.type, text: p.text, method: p.method ?? null });
      return;
    }
    if (!method.startsWith('network.')) return;
    const r = get(p.request.request);
    const ev = method.slice('network.'.length);
    r.events.push(ev);
    if (ev === 'beforeRequestSent') {
      if (p.redirectCount > 0 && r.url) {
        r.redirects.push(r.final_url);
        r.final_url = p.request.url;
        return;
      }
      Object.assign(r, {
        method: p.request.method, url: p.request.url, final_url: p.request.url,
        destination: p.request.destination ?? null, initiatorType: p.request.initiatorType ?? p.initiator?.type ?? null,
        context: p.context,
      });
      return;
    }
    if (ev === 'responseStarted' || ev === 'responseCompleted') {
      r.status = p.response.status;
      r.fromCache = !!p.response.fromCache;
      if (ev === 'responseCompleted') r.completed = true;
      return;
    }
    if (ev === 'fetchError') {
      r.failed = true;
      r.errorText = p.errorText;
      if (p.response) r.status ??= p.response.status;
    }
  });
  return { byId, order, logs };
}

/** The CORS reason Firefox printed for a URL ("Reason: …" in a "Cross-Origin Request Blocked" message). */
function corsReasons(texts) {
  const out = [];
  for (const t of texts) {
    const m = t.match(/Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘?(\S+?)’?\. \(Reason: (.*)\)\.?(?: Status code: (\S+?)\.)?$/s);
    if (m) out.push({ url: m[1], reason: m[2], status: m[3] ?? null, text: t });
  }
  return out;
}

function verdicts(rec, consoleTexts) {
  const reasons = corsReasons(consoleTexts);
  const mixed = consoleTexts.filter((t) => /^Blocked loading mixed active content/.test(t));
  const used = new Set();
  return rec.order.map((id) => rec.byId.get(id)).filter((r) => r.url).map((r) => {
    const cands = [r.final_url, r.url, ...r.redirects];
    const mine = reasons.filter((x, i) => !used.has(i) && cands.includes(x.url));
    const idx = reasons.findIndex((x, i) => !used.has(i) && cands.includes(x.url));
    let corsReason = null;
    let corsMessages = [];
    if (r.failed && idx >= 0) {
      // Every message of this failure (a failed preflight prints two), consumed in order.
      corsMessages = mine.map((x) => x.text);
      for (let i = 0; i < reasons.length; i++) if (!used.has(i) && cands.includes(reasons[i].url)) { used.add(i); break; }
      corsReason = reasons[idx].reason;
    }
    const mixedBlocked = r.failed && mixed.some((t) => t.includes(r.url));
    const outcome = !r.failed ? 'ok' : (corsReason || mixedBlocked || r.errorText === 'NS_ERROR_DOM_BAD_URI') ? 'blocked' : 'failed';
    return {
      requestId: r.requestId, destination: r.destination, initiatorType: r.initiatorType,
      method: r.method, url: r.url, final_url: r.final_url, redirects: r.redirects,
      status: r.status ?? null, outcome, errorText: r.errorText ?? null,
      corsReason, corsMessages, mixedContent: mixedBlocked, fromCache: !!r.fromCache, events: r.events,
    };
  });
}

// ---------------------------------------------------------------------------------------------

async function runScenario(s, outDir) {
  const variant = firefoxVariant(s);
  debug(s.id, 'launch');
  const ff = await launch(variant);
  debug(s.id, 'launched');
  try {
    const { marionette, bidi } = ff;
    const rec = recordVerdicts(bidi);
    await bidi.send('session.subscribe', {
      events: ['network.beforeRequestSent', 'network.responseStarted', 'network.responseCompleted', 'network.fetchError', 'log.entryAdded'],
    });
    const { contexts } = await bidi.send('browsingContext.getTree', {});
    const context = contexts[0].context;
    const dir = path.join(outDir, s.id);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    // The toolbox on the tab, Network and Console panels ready, before the page loads.
    await withTimeout(marionette.chrome(chrome.openToolbox, s.blockedUrls ?? []), 30_000, 'toolbox');
    debug(s.id, 'toolbox open');
    const steps = stepsOf(s);
    const results = [];
    for (let i = 0; i < steps.length; i++) {
      await withTimeout(bidi.send('browsingContext.navigate', { context, url: `${steps[i].page}/s/${s.id}/?step=${i}`, wait: 'complete' }), SCENARIO_TIMEOUT_MS, `${s.id} navigate`);
      const r = await withTimeout(bidi.send('script.evaluate', { expression: 'window.__done', awaitPromise: true, target: { context } }), SCENARIO_TIMEOUT_MS, `${s.id} calls`);
      if (r.type === 'exception') throw new Error(`page: ${r.exceptionDetails.text}`);
      results.push(r.result.value.map((v) => v.value));
    }
    // Let the Network panel and the Console receive the last events.
    await sleep(1000);
    const har = path.join(dir, 'capture.har');
    const consoleLog = path.join(dir, 'console.log');
    debug(s.id, 'exporting');
    const exported = await withTimeout(marionette.chrome(chrome.exportAll, har, consoleLog), 30_000, 'exports');
    debug(s.id, 'exported');
    const consoleTexts = rec.logs.map((l) => l.text);
    const calls = steps.flatMap((st) => st.calls.map((c) => ({
      label: c.label, api: c.api, method: c.method, url: c.url, page: `${st.page}/s/${s.id}/`,
      credentials: c.api === 'xhr' ? (c.withCredentials ? 'include' : 'same-origin') : (c.credentials ?? 'same-origin'),
      mode: c.mode ?? 'cors', expect_rule: c.expect_rule ?? null, expect_blocked: !!c.expect_blocked,
    })));
    const truth = {
      scenario: s.id, description: s.description,
      browser: { name: 'Firefox', version: ff.version },
      browser_args: [...(s.args ?? []), ...(s.omitArgs ?? []).map((a) => `(without ${a})`)],
      firefox_prefs: variant.prefs,
      firefox_notes: variant.notes,
      exports: exported,
      results: results.flat(),
      calls,
      requests: verdicts(rec, consoleTexts),
      console: rec.logs,
    };
    fs.writeFileSync(path.join(dir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
    return truth;
  } finally {
    await ff.stop();
    debug(s.id, 'stopped');
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const chosen = opts.only.length ? scenarios.filter((s) => opts.only.includes(s.id)) : scenarios;
  if (opts.only.length && chosen.length !== opts.only.length) throw new Error(`unknown scenario in ${opts.only}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corsdx-harness-'));
  const servers = await startServers(lookup, tmp);
  let failed = 0;
  try {
    for (const s of chosen) {
      const t0 = Date.now();
      try {
        const truth = await withTimeout(runScenario(s, opts.out), SCENARIO_TIMEOUT_MS * 3, s.id);
        const blocked = truth.requests.filter((r) => r.outcome !== 'ok')
          .map((r) => `${r.method} ${new URL(r.url).pathname.split('/').pop() || '/'}: ${r.outcome} ${r.corsReason ?? r.errorText}`);
        console.log(`${s.id} (${Date.now() - t0} ms) ${blocked.join('; ')}`);
      } catch (e) {
        failed++;
        console.error(`${s.id}: FAILED: ${e.stack ?? e}`);
      }
    }
  } finally {
    await servers.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (failed) {
    console.error(`${failed} scenario(s) failed`);
    process.exitCode = 1;
  }
}

const watchdog = setTimeout(() => { console.error('harness: run timeout'); process.exit(2); }, RUN_TIMEOUT_MS);
watchdog.unref();
main().catch((e) => { console.error(e); process.exitCode = 1; });
