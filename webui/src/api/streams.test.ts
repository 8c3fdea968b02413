import { describe, expect, it } from 'vitest';
import { ndjson, SseParser } from './streams';

function body(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

describe('SseParser', () => {
  it('parses id, event and data, ignoring comments', () => {
    const p = new SseParser();
    const out = p.feed(': connected\n\nid: 7\nevent: TEXT_DELTA\ndata: {"seq":7}\n\n: keep-alive\n\n');
    expect(out).toEqual([{ id: '7', event: 'TEXT_DELTA', data: '{"seq":7}' }]);
  });

  it('joins messages split across chunks at any point, with CRLF line ends', () => {
    const p = new SseParser();
    const text = 'id: 1\r\nevent: A\r\ndata: one\r\n\r\nid: 2\r\ndata: two\r\ndata: lines\r\n\r\n';
    const out = [];
    for (const ch of text) out.push(...p.feed(ch));
    expect(out).toEqual([
      { id: '1', event: 'A', data: 'one' },
      { id: '2', event: 'message', data: 'two\nlines' },
    ]);
  });

  it('dispatches nothing for a message without data, and keeps the last id', () => {
    const p = new SseParser();
    expect(p.feed('id: 3\n\n')).toEqual([]);
    expect(p.feed('data: x\n\n')).toEqual([{ id: '3', event: 'message', data: 'x' }]);
  });
});

describe('ndjson', () => {
  it('yields one value per line, whatever the chunking', async () => {
    const values = [];
    for await (const v of ndjson(body(['{"stream":"std', 'out","data":"a\\n"}\n{"exit', 'Code":0}\n']))) values.push(v);
    expect(values).toEqual([{ stream: 'stdout', data: 'a\n' }, { exitCode: 0 }]);
  });
});
