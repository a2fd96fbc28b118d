import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { LlmRequest } from '@scrai/contracts';
import { DEFAULT_ANSWER, type FakeStep } from './fake-step.js';
import { mockStepFor } from './mock-step.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** How one wire format renders a step; the server around it does the rest. */
export interface WireFormat {
  /** Whether the request asked for a streamed answer. */
  wantsStream(body: Record<string, unknown>): boolean;
  isEmbedding(path: string): boolean;
  /** The whole JSON answer (`seq` numbers ids). */
  json(step: Extract<FakeStep, { kind: 'answer' | 'cut' | 'stall' }>, body: Record<string, unknown>, seq: number): unknown;
  /** Streamed frames, already encoded (SSE events or NDJSON lines); `cut` keeps only the first few. */
  frames(step: Extract<FakeStep, { kind: 'answer' | 'cut' | 'stall' }>, body: Record<string, unknown>, seq: number): string[];
  streamContentType: string;
  embeddings(body: Record<string, unknown>): unknown;
  error(status: number, message: string, kind: 'rate_limit' | 'quota' | 'error'): unknown;
  quotaStatus: number;
  /** Headers every answer carries (a request id). */
  headers(seq: number): Record<string, string>;
  /** The provider-neutral request a wire body carries (for `mockAnswers`); null when it is not a chat request. */
  requestOf?(body: Record<string, unknown>): LlmRequest | null;
}

export interface FakeServerOptions {
  /**
   * Answer requests that no scripted step is queued for like the deterministic mock provider would
   * (schema-valid JSON for a json_schema request, free text otherwise), instead of DEFAULT_ANSWER.
   */
  mockAnswers?: boolean;
}

export interface FakeServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly count: number;
  /** Queues steps for the next requests. */
  script(...steps: FakeStep[]): void;
  /** Forgets recorded requests and queued steps. */
  reset(): void;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 (free port) that answers in `wire`'s format as scripted. */
export async function startFakeServer(wire: WireFormat, basePath = '', options: FakeServerOptions = {}): Promise<FakeServer> {
  const queue: FakeStep[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      // recorded as empty
    }
    const path = (req.url ?? '').replace(basePath, '');
    requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const seq = requests.length;
    const step = queue.shift() ?? (options.mockAnswers && !wire.isEmbedding(path) ? await mockStepFor(wire, body) : DEFAULT_ANSWER);
    const idHeaders = wire.headers(seq);
    switch (step.kind) {
      case 'hang':
        return;
      case 'rate_limit': {
        const h: Record<string, string> = { ...idHeaders };
        if (step.retryAfter !== undefined) h['retry-after'] = step.retryAfter;
        if (step.retryAfterMs !== undefined) h['retry-after-ms'] = step.retryAfterMs;
        return json(res, 429, wire.error(429, 'Rate limit reached for requests', 'rate_limit'), h);
      }
      case 'quota': {
        const status = step.status ?? wire.quotaStatus;
        return json(res, status, wire.error(status, '', 'quota'), idHeaders);
      }
      case 'error':
        return json(res, step.status, wire.error(step.status, step.message ?? 'The server had an error', 'error'), idHeaders);
      case 'answer':
      case 'cut':
      case 'stall': {
        if (wire.isEmbedding(path)) return json(res, 200, wire.embeddings(body), idHeaders);
        if (!wire.wantsStream(body)) {
          if (step.kind === 'answer') return json(res, 200, wire.json(step, body, seq), idHeaders);
          if (step.kind === 'stall') return;
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096', ...idHeaders });
          res.write(JSON.stringify(wire.json(step, body, seq)).slice(0, 40));
          return setTimeout(() => res.socket?.destroy(), 20);
        }
        res.writeHead(200, { 'content-type': wire.streamContentType, 'cache-control': 'no-cache', ...idHeaders });
        const frames = wire.frames(step, body, seq);
        for (const f of frames) res.write(f);
        if (step.kind === 'answer') return res.end();
        if (step.kind === 'stall') return;
        return setTimeout(() => res.socket?.destroy(), 20);
      }
    }
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => void handle(req, res, raw));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    get count() {
      return requests.length;
    },
    script: (...steps) => void queue.push(...steps),
    reset: () => {
      requests.splice(0);
      queue.splice(0);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
