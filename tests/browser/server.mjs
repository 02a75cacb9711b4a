// The local test server: one handler behind several loopback listeners (http and https), so
// pages and APIs live on distinct origins. Routes are configured per scenario under /s/<id>/.
// Responses are written with raw header arrays, so order and duplicates are exactly as declared.

import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const PORTS = { app: 47080, api: 47081, api2: 47082, appTls: 47443, apiTls: 47444, closed: 47099 };
export const APP = `http://app.example.test:${PORTS.app}`;
export const APP2 = `http://app2.example.test:${PORTS.app}`;
export const API = `http://api.example.test:${PORTS.api}`;
export const API2 = `http://api2.example.test:${PORTS.api2}`;
export const APP_TLS = `https://app.example.test:${PORTS.appTls}`;
export const API_TLS = `https://api.example.test:${PORTS.apiTls}`;

/** A self-signed certificate for *.example.test, made with the openssl CLI. */
function certificate(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  if (!fs.existsSync(cert)) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', '/CN=example.test', '-addext', 'subjectAltName=DNS:*.example.test,DNS:example.test',
      '-keyout', key, '-out', cert], { stdio: 'ignore' });
  }
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

function flat(headers) {
  const out = [];
  for (const [k, v] of headers) out.push(k, v);
  return out;
}

/**
 * Starts every listener. `lookup(req, url)` returns a response
 * `{status, headers: [[name, value]...], body}` or null (404).
 */
export async function startServers(lookup, tmpDir) {
  const handler = (req, res) => {
    let body = [];
    req.on('data', (c) => body.push(c));
    req.on('end', () => {
      const url = new URL(req.url, `http://${req.headers.host}`);
      let r;
      try {
        r = lookup(req, url, Buffer.concat(body).toString());
      } catch (e) {
        r = { status: 500, headers: [['Content-Type', 'text/plain']], body: String(e) };
      }
      if (!r) r = { status: 404, headers: [['Content-Type', 'text/plain']], body: 'not found' };
      const payload = r.body ?? '';
      res.writeHead(r.status, r.statusText ?? http.STATUS_CODES[r.status] ?? '', flat(r.headers ?? []));
      res.end(req.method === 'HEAD' ? undefined : payload);
    });
  };
  const tls = certificate(tmpDir);
  const servers = [
    http.createServer(handler).listen(PORTS.app, '127.0.0.1'),
    http.createServer(handler).listen(PORTS.api, '127.0.0.1'),
    http.createServer(handler).listen(PORTS.api2, '127.0.0.1'),
    https.createServer(tls, handler).listen(PORTS.appTls, '127.0.0.1'),
    https.createServer(tls, handler).listen(PORTS.apiTls, '127.0.0.1'),
  ];
  await Promise.all(servers.map((s) => new Promise((ok, fail) => {
    if (s.listening) return ok();
    s.once('listening', ok);
    s.once('error', fail);
  })));
  return {
    close: () => Promise.all(servers.map((s) => new Promise((ok) => {
      s.closeAllConnections?.();
      s.close(() => ok());
    }))),
  };
}
