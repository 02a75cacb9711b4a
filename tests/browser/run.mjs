// What both capture harnesses do around their browser: pick the scenarios (`--only`), serve them
// on the local test servers, run each under a time limit, print one line per scenario, and count
// the ones that failed without stopping the others.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServers } from './server.mjs';
import { scenarios } from './scenarios.mjs';
import { lookup } from './pages.mjs';

/** `p`, or a rejection after `ms` milliseconds naming `what`. */
export function withTimeout(p, ms, what) {
  let timer;
  return Promise.race([
    p, new Promise((_, fail) => { timer = setTimeout(() => fail(new Error(`timeout after ${ms} ms: ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** The last path segment of a URL, for one-line summaries. */
export const lastSegment = (url) => new URL(url).pathname.split('/').pop() || '/';

/**
 * Runs the scenarios named in `only` (all when empty): `run(s)` resolves to the scenario's truth,
 * `summarize(truth)` to what its line prints, `onFailure()` cleans up after a scenario that threw
 * or timed out, `onTempDir(dir)` learns the servers' temporary directory. Returns how many failed.
 */
export async function runScenarios({ only, timeoutMs, run, summarize, onFailure = () => {}, onTempDir = () => {} }) {
  const chosen = only.length ? scenarios.filter((s) => only.includes(s.id)) : scenarios;
  if (only.length && chosen.length !== only.length) throw new Error(`unknown scenario in ${only}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corsdx-harness-'));
  onTempDir(tmp);
  const servers = await startServers(lookup, tmp);
  let failed = 0;
  try {
    for (const s of chosen) {
      const t0 = Date.now();
      try {
        const truth = await withTimeout(run(s), timeoutMs, s.id);
        console.log(`${s.id} (${Date.now() - t0} ms) ${summarize(truth)}`);
      } catch (e) {
        failed++;
        onFailure();
        console.error(`${s.id}: FAILED: ${e.stack ?? e}`);
      }
    }
  } finally {
    await servers.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return failed;
}

/** Copies scenarios' `capture.har` and `console.log` from `from` to `to` as `<prefix><id>.har`
 * and `<prefix><id>.console.log` (the bundled samples), for the ids that were captured. */
export function copySamples({ from, to, ids, prefix = '' }) {
  for (const id of ids) {
    const dir = path.join(from, id);
    if (!fs.existsSync(dir)) continue;
    fs.mkdirSync(to, { recursive: true });
    fs.copyFileSync(path.join(dir, 'capture.har'), path.join(to, `${prefix}${id}.har`));
    fs.copyFileSync(path.join(dir, 'console.log'), path.join(to, `${prefix}${id}.console.log`));
  }
}
