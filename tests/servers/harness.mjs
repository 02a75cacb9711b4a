// Serves the browser harness's scenarios (tests/browser: the same servers, routes and calls the
// Chromium captures were made from) for the live check in main.rs: prints each fetch/XHR call
// as one JSON line, then READY, and stops when standard input closes (at most 120 s).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServers } from '../browser/server.mjs';
import { scenarios } from '../browser/scenarios.mjs';
import { lookup, stepsOf } from '../browser/pages.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corsdx-live-'));
let servers;
try {
  servers = await startServers(lookup, tmp);
} catch (e) {
  fs.rmSync(tmp, { recursive: true, force: true });
  throw e;
}
// The harness's self-signed certificate (server.mjs writes it into its directory).
if (fs.existsSync(path.join(tmp, 'cert.pem'))) console.log(`CERT ${path.join(tmp, 'cert.pem')}`);
for (const s of scenarios) {
  stepsOf(s).forEach((step, i) => {
    for (const c of step.calls) {
      // A sandboxed frame (s.frame) runs the calls from an opaque origin.
      const page = s.frame ? 'null' : (step.page ?? s.page);
      console.log(JSON.stringify({ id: s.id, step: i, page, ...c }));
    }
  });
}
console.log('READY');
const stop = async () => {
  await servers.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
setTimeout(stop, 120_000);
