// A network link the test can cut: a TCP proxy on a loopback port of its own in front of the
// studio. A page loaded through it (link.url) reaches the studio only through it, so cut() is a real
// network drop for that page: every open connection (the event WebSocket, a streaming fetch, idle
// keep-alive connections) is reset, and new ones are reset as soon as they connect, until restore().
//
// Chromium's offline emulation (context.setOffline, CDP Network.emulateNetworkConditions) is no
// substitute: it fails new requests but leaves an open WebSocket open; its frames are just held
// back until the emulation ends.
import net from 'node:net';

export class NetworkLink {
  /** @param {string} target the studio's base URL (http://127.0.0.1:port) */
  constructor(target) {
    const u = new URL(target);
    this.target = { host: u.hostname, port: Number(u.port) };
    this.down = false;
    this.pairs = new Set();
    this.server = net.createServer((client) => this.accept(client));
    this.url = null;
  }

  /** Starts listening; resolves with the link's base URL. */
  async open() {
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${this.server.address().port}`;
    return this.url;
  }

  accept(client) {
    if (this.down) {
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.target);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Open connections through the link. */
  get connections() {
    return this.pairs.size;
  }

  /** Drops the link: resets every open connection and every new one until restore(). */
  cut() {
    this.down = true;
    for (const { client, upstream } of this.pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  /** Lets connections through again. */
  restore() {
    this.down = false;
  }

  async close() {
    this.cut();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }
}
