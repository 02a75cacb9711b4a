// Minimal clients for Firefox's two remote protocols, as geckodriver uses them:
// - Marionette (TCP, `len:json` frames) creates the WebDriver session (with `webSocketUrl: true`
//   so the same session is also a WebDriver BiDi session) and runs privileged script in the
//   browser's chrome context (allowed by --remote-allow-system-access);
// - WebDriver BiDi (websocket) carries the network.* and log.* events and the navigation.

import net from 'node:net';
import WebSocket from 'ws';

export class Marionette {
  static connect(port, host = '127.0.0.1') {
    return new Promise((ok, fail) => {
      const m = new Marionette();
      m.sock = net.connect(port, host);
      m.sock.once('error', fail);
      m.buf = Buffer.alloc(0);
      m.pending = new Map();
      m.nextId = 1;
      m.hello = null;
      m.sock.on('data', (d) => {
        m.buf = Buffer.concat([m.buf, d]);
        for (;;) {
          const colon = m.buf.indexOf(':');
          if (colon < 0) return;
          const len = Number(m.buf.subarray(0, colon).toString());
          if (m.buf.length < colon + 1 + len) return;
          const msg = JSON.parse(m.buf.subarray(colon + 1, colon + 1 + len).toString());
          m.buf = m.buf.subarray(colon + 1 + len);
          if (!m.hello) { m.hello = msg; ok(m); continue; }
          const [, id, error, result] = msg;
          const p = m.pending.get(id);
          if (!p) continue;
          m.pending.delete(id);
          if (error) p.fail(new Error(`marionette ${p.name}: ${error.error}: ${error.message}`));
          else p.ok(result);
        }
      });
      m.sock.on('close', () => {
        for (const p of m.pending.values()) p.fail(new Error('marionette connection closed'));
        m.pending.clear();
      });
    });
  }

  send(name, params = {}) {
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, name, params]));
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail, name });
      this.sock.write(`${body.length}:`);
      this.sock.write(body);
    });
  }

  /**
   * Runs `fn` (an async function's source) in the chrome context of the browser window with
   * `args`; resolves with its JSON result.
   */
  async chrome(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      (${fn}).apply(null, Array.from(arguments).slice(0, -1))
        .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String(e) + (e && e.stack ? ' @ ' + e.stack : '') }));`;
    const r = await this.send('WebDriver:ExecuteAsyncScript', { script, args, sandbox: 'system' });
    const v = r.value;
    if (v && v.error) throw new Error(`chrome script: ${v.error}`);
    return v?.ok;
  }

  close() { this.sock.destroy(); }
}

export class Bidi {
  static connect(url) {
    return new Promise((ok, fail) => {
      const b = new Bidi();
      b.ws = new WebSocket(url, { perMessageDeflate: false });
      b.pending = new Map();
      b.listeners = [];
      b.nextId = 1;
      b.ws.once('open', () => ok(b));
      b.ws.once('error', fail);
      b.ws.on('message', (data) => {
        const msg = JSON.parse(data.toString());
        if (msg.type === 'event') { for (const l of b.listeners) l(msg.method, msg.params); return; }
        const p = b.pending.get(msg.id);
        if (!p) return;
        b.pending.delete(msg.id);
        if (msg.type === 'error') p.fail(new Error(`bidi ${p.method}: ${msg.error}: ${msg.message}`));
        else p.ok(msg.result);
      });
      b.ws.on('close', () => {
        for (const p of b.pending.values()) p.fail(new Error('bidi connection closed'));
        b.pending.clear();
      });
    });
  }

  send(method, params = {}) {
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail, method });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(fn) { this.listeners.push(fn); }

  close() { try { this.ws.terminate(); } catch { /* gone */ } }
}
