// The mock studio's /ws (scripts/mock-studio.mjs): the event socket of bundles/studio-ws in a few
// lines of RFC 6455 without a dependency. GET /ws?org=…&session=…&after=… with the token as the
// subprotocols ["bearer", "bearer.<token>"]; server frames are the events as JSON, close 4000 after
// a RESYNC; client frames ping (-> pong) and presence. MOCK_WS=0 refuses every handshake, so the
// page falls back to SSE (the browser logs each refused handshake as a console error).
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One unmasked server frame. */
function frame(opcode, payload) {
  const n = payload.length;
  const head = Buffer.alloc(n < 126 ? 2 : n < 65536 ? 4 : 10);
  head[0] = 0x80 | opcode;
  if (n < 126) head[1] = n;
  else if (n < 65536) {
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

/** The complete (masked) client frames at the start of {@code buf}, and what is left of it. */
function parse(buf) {
  const frames = [];
  let off = 0;
  while (buf.length - off >= 2) {
    const opcode = buf[off] & 0x0f;
    const masked = (buf[off + 1] & 0x80) !== 0;
    let len = buf[off + 1] & 0x7f;
    let p = off + 2;
    if (len === 126) {
      if (buf.length < p + 2) break;
      len = buf.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      if (buf.length < p + 8) break;
      len = Number(buf.readBigUInt64BE(p));
      p += 8;
    }
    if (buf.length < p + (masked ? 4 : 0) + len) break;
    const mask = masked ? buf.subarray(p, p + 4) : null;
    if (masked) p += 4;
    const data = Buffer.from(buf.subarray(p, p + len));
    if (mask) for (let i = 0; i < len; i++) data[i] ^= mask[i & 3];
    frames.push({ opcode, data });
    off = p + len;
  }
  return { frames, rest: buf.subarray(off) };
}

/** The server's 'upgrade' listener. */
export function mockSocket({ sessions, tokens, me, publish, now }) {
  return (req, socket) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const refuse = (status, text) => socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    if (url.pathname !== '/ws' || process.env.MOCK_WS === '0') return refuse(404, 'Not Found');
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = protocols.find((p) => p.startsWith('bearer.'))?.slice('bearer.'.length);
    if (!token || !tokens.has(token)) return refuse(401, 'Unauthorized');
    const st = sessions.get(url.searchParams.get('session') ?? '');
    if (!st) return refuse(404, 'Not Found');
    const accept = createHash('sha1').update(String(req.headers['sec-websocket-key']) + GUID).digest('base64');
    socket.write(
      ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, ...(protocols.includes('bearer') ? ['Sec-WebSocket-Protocol: bearer'] : []), '', ''].join('\r\n'),
    );
    const send = (value) => socket.writable && socket.write(frame(1, Buffer.from(JSON.stringify(value))));
    const close = (code, reason = '') => {
      st.subscribers.delete(send);
      if (!socket.writable) return;
      const body = Buffer.alloc(2);
      body.writeUInt16BE(code);
      socket.end(frame(8, Buffer.concat([body, Buffer.from(reason)])));
    };
    const event = (type, data) => ({ seq: 0, sessionId: st.record.id, type, at: now(), actor: null, turnId: null, data });

    const after = Number(url.searchParams.get('after') ?? 0);
    if (after > st.events.length) {
      send(event('RESYNC', { lastSeq: after, reason: 'restarted' }));
      return close(4000, 'resync: reconnect with after=<last seq>');
    }
    for (const e of st.events) if (e.seq > after) send(e);
    st.subscribers.add(send);

    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      const { frames, rest } = parse(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const f of frames) {
        if (f.opcode === 8) return close(1000);
        if (f.opcode === 9) socket.writable && socket.write(frame(10, f.data));
        if (f.opcode !== 1) continue;
        let m;
        try {
          m = JSON.parse(f.data.toString());
        } catch {
          send(event('ERROR', { message: 'a message must be a JSON object such as {"type":"ping"}', retryable: false }));
          continue;
        }
        if (m.type === 'ping') send({ type: 'pong' });
        else if (m.type === 'presence') publish(st, 'PRESENCE', { user: me.userId, name: me.displayName, state: m.state }, null, me.userId);
        else send(event('ERROR', { message: `the mock studio takes ${m.type ?? 'this'} over REST only`, retryable: false }));
      }
    });
    socket.on('close', () => st.subscribers.delete(send));
    socket.on('error', () => st.subscribers.delete(send));
  };
}
