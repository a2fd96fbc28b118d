/** One server-sent event as dispatched by the SSE parsing rules (WHATWG HTML, "event stream interpretation"). */
export interface SseFrame {
  /** Defaults to "message" when the event names no type. */
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Parses a text/event-stream body into events. Comments (`: keepalive`) and `retry:` lines are
 * skipped; lines may end in LF, CRLF or CR. Cancels the body when the consumer stops early.
 */
export async function* readSseFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let sawCr = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      let chunk = value;
      // A CR at the end of the previous chunk may be the first half of a CRLF.
      if (sawCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
      sawCr = chunk.endsWith('\r');
      buffer += chunk;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let val = colon === -1 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'event') event = val;
        else if (field === 'data') data.push(val);
        else if (field === 'id' && !val.includes('\0')) id = val;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
