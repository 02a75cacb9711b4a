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
import { Marionette, Bidi } from './remote.mjs';
import { stepsOf } from '../pages.mjs';
import { copySamples, lastSegment, runScenarios, withTimeout } from '../run.mjs';
import * as chrome from './chrome-scripts.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
/** Scenarios copied to samples/ as firefox-<id>.har and firefox-<id>.console.log. */
const FIREFOX_SAMPLES = ['dashboard'];
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const SCENARIO_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 12 * 60_000;
// How long the Network panel and the Console must stay unchanged before the exports.
const SETTLE_MS = Number(process.env.FF_SETTLE_MS ?? 1500);

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
  const applied = [];
  let acceptInsecureCerts = true;
  for (const a of s.args ?? []) {
    if (a === '--enable-features=CorsNonWildcardRequestHeadersSupport') {
      prefs['network.cors_preflight.authorization_covered_by_wildcard'] = false;
      applied.push('pref network.cors_preflight.authorization_covered_by_wildcard=false');
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
      applied.push('capability acceptInsecureCerts=false');
      notes.push(`(without ${a}) -> WebDriver session with acceptInsecureCerts=false`);
    } else {
      notes.push(`(without ${a}): no Firefox equivalent; run with defaults`);
    }
  }
  if (s.blockedUrls) notes.push(`blocked URLs ${JSON.stringify(s.blockedUrls)} -> the Network panel's request blocking (toolbox.commands.networkCommand.setBlockedUrls)`);
  if (s.blockedUrls) applied.push(`devtools blocked URLs ${s.blockedUrls.join(' ')}`);
  return { prefs, notes, applied, acceptInsecureCerts };
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

// ---------------------------------------------------------------------------------------------
// Firefox.

function userJs(prefs) {
  return Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n') + '\n';
}

// Firefox process groups still running (pid → profile dir), killed by the watchdog and on
// SIGINT/SIGTERM too; TEMP_DIRS are removed then as well.
const RUNNING = new Map();
const TEMP_DIRS = new Set();
function killAll() {
  for (const pid of RUNNING.keys()) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
}
function cleanUp() {
  killAll();
  for (const dir of [...RUNNING.values(), ...TEMP_DIRS]) {
    try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
  }
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
  RUNNING.set(proc.pid, dir);
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
  const exited = new Promise((ok) => proc.once('exit', ok));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      // The whole process group: the content, socket and GPU processes too.
      try { process.kill(-proc.pid, 'SIGKILL'); } catch { proc.kill('SIGKILL'); }
      await withTimeout(exited, 10_000, 'firefox exit').catch(() => {});
    }
    RUNNING.delete(proc.pid);
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
//
// BiDi's network events alone do not say "blocked by CORS": a response that fails the CORS check
// after it arrived ends with network.responseCompleted like any other; only a preflight failure,
// a redirect failure or a network error ends with network.fetchError. What Firefox says about
// the CORS check is the console message ("Cross-Origin Request Blocked: … (Reason: …)"), which
// BiDi delivers as log.entryAdded. Each message is attributed to the latest request for its URL
// that had started when the message arrived (calls run one after the other), and a preflight's
// message also to the request it was made for.

function recordVerdicts(bidi) {
  const byId = new Map();
  const order = [];
  const logs = [];
  let seq = 0;
  let page = null;
  const get = (id) => {
    if (!byId.has(id)) { byId.set(id, { requestId: id, redirects: [], events: [] }); order.push(id); }
    return byId.get(id);
  };
  bidi.on((method, p) => {
    seq++;
    if (method === 'log.entryAdded') {
      logs.push({ seq, level: p.level, type: p.type, text: p.text, ...(p.method ? { method: p.method } : {}) });
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
      if (p.navigation && p.context) page = p.request.url;
      Object.assign(r, {
        seq, method: p.request.method, url: p.request.url, final_url: p.request.url, page,
        destination: p.request.destination || null, initiatorType: p.request.initiatorType ?? p.initiator?.type ?? null,
        navigation: !!p.navigation,
      });
      return;
    }
    if (ev === 'responseStarted' || ev === 'responseCompleted') {
      r.status = p.response.status;
      r.statusText = p.response.statusText;
      r.fromCache = !!p.response.fromCache;
      return;
    }
    if (ev === 'fetchError') {
      r.failed = true;
      r.errorText = p.errorText;
    }
  });
  return { byId, order, logs };
}

const CORS_MESSAGE = /^Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘?(.+?)’?\. \(Reason: (.+?)\)(?:\. Status code: (.+)\.|\.)$/s;
const MIXED_MESSAGE = /^Blocked loading mixed active content “(.+?)”/;
// Refusals made before any request exists (no network event at all): mixed content, and
// mode: 'same-origin' for another origin.
const SECURITY_MESSAGE = /^Security Error: Content at (\S+) may not load data from (\S+?)\.$/;
const DID_NOT_SUCCEED = 'CORS request did not succeed';
// Errors of the network itself (Firefox may still print "CORS request did not succeed").
const NETWORK_ERRORS = /^(NS_ERROR_CONNECTION_REFUSED|NS_ERROR_UNKNOWN_HOST|NS_ERROR_NET_|NS_ERROR_REDIRECT_LOOP|NS_ERROR_OFFLINE|NS_ERROR_PROXY|SEC_ERROR_|SSL_ERROR_|MOZILLA_PKIX_ERROR_|NS_ERROR_GENERATE_FAILURE)/;

const wildcard = (pattern) => new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

const WARNING_MESSAGE = /^Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at (\S+) soon\. \(Reason: (.+)\)\.$/;

function verdicts(rec, calls, blockedUrls = [], consoleExport = '') {
  const devtoolsBlocked = blockedUrls.map(wildcard);
  const reqs = rec.order.map((id) => rec.byId.get(id)).filter((r) => r.url);
  const pageMethods = new Set(calls.map((c) => c.method));
  for (const r of reqs) {
    r.preflight = r.method === 'OPTIONS' && !pageMethods.has('OPTIONS')
      && reqs.some((o) => o !== r && o.method !== 'OPTIONS' && o.url === r.url && o.seq < r.seq);
    r.messages = [];
  }
  const hops = (r) => [r.url, ...r.redirects, r.final_url];
  const unattributed = [];
  for (const l of rec.logs) {
    let url = null;
    let kind = null;
    let m = l.text.match(CORS_MESSAGE);
    if (m) { url = m[1]; kind = 'cors'; }
    else if ((m = l.text.match(MIXED_MESSAGE))) { url = m[1]; kind = 'mixed'; }
    else if ((m = l.text.match(SECURITY_MESSAGE))) { url = m[2]; kind = 'security'; }
    else continue;
    const cands = reqs.filter((r) => r.seq < l.seq && hops(r).includes(url));
    const target = cands.at(-1);
    if (!target) { unattributed.push({ url, kind, text: l.text }); continue; }
    const msg = { kind, text: l.text, reason: kind === 'cors' ? m[2] : null, status: kind === 'cors' ? (m[3] ?? null) : null };
    target.messages.push(msg);
    if (target.preflight) {
      const main = cands.filter((r) => r.method !== 'OPTIONS' && r.seq < target.seq).at(-1);
      if (main) main.messages.push(msg);
    }
  }
  // Warnings (a CORS rule Firefox does not enforce yet) reach BiDi's log.entryAdded only as
  // errors do not: they are read from the console's own export, attributed by URL.
  const warnings = [];
  for (const line of consoleExport.split('\n')) {
    const w = line.match(WARNING_MESSAGE);
    if (!w) continue;
    const target = reqs.filter((r) => hops(r).includes(w[1]) && !r.preflight).at(-1);
    if (target) (target.warnings ??= []).push(w[2]);
    warnings.push(line);
  }
  const requests = reqs.map((r) => {
    const cors = r.messages.filter((x) => x.kind === 'cors');
    const reasons = [...new Set(cors.map((x) => x.reason))];
    const corsReason = reasons.find((x) => x !== DID_NOT_SUCCEED) ?? reasons[0] ?? null;
    const mixed = r.messages.some((x) => x.kind === 'mixed');
    const networkError = r.failed && NETWORK_ERRORS.test(r.errorText ?? '');
    // DevTools' request blocking (the scenario's blockedUrls) cancels the channel: a failure of
    // the client, as Chromium's "blocked by DevTools" is.
    const byDevtools = r.failed && r.errorText === 'NS_BINDING_ABORTED' && devtoolsBlocked.some((re) => re.test(r.url));
    let outcome = 'ok';
    if (mixed) outcome = 'blocked';
    else if (corsReason && !(networkError && corsReason === DID_NOT_SUCCEED)) outcome = 'blocked';
    else if (byDevtools) outcome = 'failed';
    else if (r.failed) outcome = r.errorText === 'NS_BINDING_ABORTED' ? 'canceled' : 'failed';
    return {
      requestId: r.requestId, type: r.navigation ? 'document' : r.preflight ? 'preflight' : (r.destination || r.initiatorType || null),
      destination: r.destination, initiatorType: r.initiatorType, preflight: r.preflight,
      method: r.method, url: r.url, final_url: r.final_url, redirects: r.redirects, page: r.page,
      status: r.status ?? null, outcome, errorText: r.errorText ?? null,
      corsReason, corsMessages: cors.map((x) => x.text), corsWarning: r.warnings?.[0] ?? null, mixedContent: mixed,
      blockedReason: mixed ? 'mixed-content' : byDevtools ? 'devtools' : null, fromCache: !!r.fromCache,
      bidiEvents: r.events,
    };
  });
  // Calls Firefox refused before making any request: only the console says so.
  const refused = unattributed.filter((x) => calls.some((c) => c.url === x.url)).map((x) => ({
    method: calls.find((c) => c.url === x.url).method, url: x.url, outcome: 'blocked',
    blockedReason: { mixed: 'mixed-content', security: 'security-error', cors: 'cors' }[x.kind], message: x.text,
  }));
  return { requests, refused, warnings, unattributed: unattributed.filter((x) => !calls.some((c) => c.url === x.url)).map((x) => x.text) };
}

// ---------------------------------------------------------------------------------------------

/** The session cookie every scenario's browser holds (see runScenario). */
const SESSION_COOKIE = {
  name: 'session', value: { type: 'string', value: 'corsdx-firefox-harness' },
  domain: '.example.test', path: '/', httpOnly: true, secure: false, sameSite: 'lax',
};

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
    // A signed-in user's browser holds a session cookie for the site: credentialed requests
    // carry it (Firefox's HAR records no verdict, so this is what shows the credentials mode).
    await bidi.send('storage.setCookie', { cookie: SESSION_COOKIE });
    if (DEBUG) debug(s.id, 'cookies', JSON.stringify(await bidi.send('storage.getCookies', {})));
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
    const har = path.join(dir, 'capture.har');
    const consoleLog = path.join(dir, 'console.log');
    debug(s.id, 'exporting');
    const exported = await withTimeout(marionette.chrome(chrome.exportAll, har, consoleLog, SETTLE_MS), 30_000, 'exports');
    debug(s.id, 'exported');
    const calls = steps.flatMap((st) => st.calls.map((c) => ({
      label: c.label, api: c.api, method: c.method, url: c.url, page: `${st.page}/s/${s.id}/`,
      credentials: c.api === 'xhr' ? (c.withCredentials ? 'include' : 'same-origin') : (c.credentials ?? 'same-origin'),
      mode: c.mode ?? 'cors', expect_rule: c.expect_rule ?? null, expect_blocked: !!c.expect_blocked,
    })));
    const v = verdicts(rec, calls, s.blockedUrls, fs.readFileSync(consoleLog, 'utf8'));
    const truth = {
      scenario: s.id, description: s.description,
      browser: { name: 'Firefox', version: ff.version },
      // What this scenario changes in Firefox (a pref, a session capability, DevTools' request
      // blocking), then the scenario's Chromium flags and how each was carried over.
      browser_args: variant.applied,
      firefox_prefs: variant.prefs,
      chromium_args: [...(s.args ?? []), ...(s.omitArgs ?? []).map((a) => `(without ${a})`)],
      firefox_notes: [...variant.notes, `session cookie ${SESSION_COOKIE.name} for Domain=${SESSION_COOKIE.domain}`],
      exports: exported,
      results: results.flat(),
      calls,
      requests: v.requests,
      refused_before_request: v.refused,
      unattributed_console_messages: v.unattributed,
      console_export_warnings: v.warnings,
      console: rec.logs.map(({ seq, ...l }) => l),
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
  const failed = await runScenarios({
    only: opts.only,
    timeoutMs: SCENARIO_TIMEOUT_MS * 3,
    run: (s) => runScenario(s, opts.out),
    summarize: (truth) => [...truth.requests.filter((r) => r.outcome !== 'ok' && !r.preflight), ...truth.refused_before_request]
      .map((r) => `${r.method ?? ''} ${lastSegment(r.url)}: ${r.outcome} ${r.corsReason ?? r.blockedReason ?? r.errorText}`).join('; '),
    // A scenario that timed out may still have its Firefox: kill it before the next one.
    onFailure: killAll,
    onTempDir: (dir) => TEMP_DIRS.add(dir),
  });
  // One Firefox capture ships beside Chromium's samples: the same page, Firefox's own exports.
  if (opts.out === path.join(ROOT, 'tests/captures/firefox')) {
    copySamples({ from: opts.out, to: path.join(ROOT, 'samples'), ids: FIREFOX_SAMPLES, prefix: 'firefox-' });
  }
  if (failed) {
    console.error(`${failed} scenario(s) failed`);
    process.exitCode = 1;
  }
}

const watchdog = setTimeout(() => { console.error('harness: run timeout'); cleanUp(); process.exit(2); }, RUN_TIMEOUT_MS);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { console.error(`harness: ${sig}`); cleanUp(); process.exit(130); });
process.on('exit', killAll);
watchdog.unref();
main().catch((e) => { console.error(e); process.exitCode = 1; });
