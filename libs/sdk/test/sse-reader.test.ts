import { describe, expect, it } from '@jest/globals';
import { readSseFrames, type SseFrame } from '../src/sse-reader.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

async function frames(chunks: string[]): Promise<SseFrame[]> {
  const out: SseFrame[] = [];
  for await (const f of readSseFrames(streamOf(chunks))) out.push(f);
  return out;
}

describe('readSseFrames', () => {
  it('parses events split anywhere across chunks, skipping comments and retry lines', async () => {
    const text = 'retry: 2000\n\n: keepalive\n\nid: 1\nevent: run.started\ndata: {"seq":1}\n\nid: 2\nevent: actor.turn\ndata: {"seq":2}\n\n';
    const expected = [
      { event: 'run.started', data: '{"seq":1}', id: '1' },
      { event: 'actor.turn', data: '{"seq":2}', id: '2' },
    ];
    expect(await frames([text])).toEqual(expected);
    for (let cut = 1; cut < text.length; cut += 7) expect(await frames([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
  });

  it('accepts CRLF and CR line ends (also a CRLF split between chunks) and multi-line data', async () => {
    expect(await frames(['data: a\r', '\ndata: b\r\n\r\n', 'event: x\rdata: c\r\r'])).toEqual([
      { event: 'message', data: 'a\nb', id: undefined },
      { event: 'x', data: 'c', id: undefined },
    ]);
  });

  it('drops an event left unfinished when the stream ends', async () => {
    expect(await frames(['data: complete\n\ndata: cut'])).toEqual([{ event: 'message', data: 'complete', id: undefined }]);
  });
});
