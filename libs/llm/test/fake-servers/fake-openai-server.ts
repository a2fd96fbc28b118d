import { startFakeServer, type FakeServer, type FakeServerOptions, type WireFormat } from './fake-http-server.js';
import { DEFAULT_ANSWER, deltasOf, piecesOf, wireToolCalls, type FakeStep } from './fake-step.js';
import { neutralRequest } from './mock-step.js';

const sse = (data: unknown) => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** The finish reason of an answer: the scripted one, else `tool_calls` when it calls tools, else `stop`. */
const finishOf = (step: FakeStep): string =>
  step.kind === 'answer' ? (step.finish ?? (step.toolCalls?.length ? 'tool_calls' : 'stop')) : 'stop';

/** OpenAI chat completions (JSON and SSE, tool calls included) and embeddings. Base URL for the client: `server.url` (ends in /v1). */
export const openAiWire: WireFormat = {
  wantsStream: (b) => b['stream'] === true,
  isEmbedding: (p) => p.startsWith('/embeddings'),
  streamContentType: 'text/event-stream',
  quotaStatus: 429,
  headers: (seq) => ({ 'x-request-id': `req_fake_${seq}` }),
  requestOf(body) {
    const messages = Array.isArray(body['messages']) ? (body['messages'] as { role?: string; content?: unknown }[]) : [];
    const format = body['response_format'] as { type?: string; json_schema?: { name: string; schema: unknown } } | undefined;
    return neutralRequest({
      model: body['model'],
      system: messages.filter((m) => m.role === 'system' && typeof m.content === 'string').map((m) => m.content).join('\n'),
      messages,
      maxTokens: body['max_completion_tokens'] ?? body['max_tokens'],
      temperature: body['temperature'],
      seed: body['seed'],
      stop: body['stop'],
      schema: format?.type === 'json_schema' ? (format.json_schema ?? null) : null,
    });
  },
  json(step, body, seq) {
    const text = step.text ?? (DEFAULT_ANSWER.kind === 'answer' ? DEFAULT_ANSWER.text! : '');
    const usage = step.kind === 'answer' && step.usage ? step.usage : { in: 12, out: deltasOf(text).length };
    const calls = wireToolCalls(step);
    const message = calls.length
      ? {
          role: 'assistant',
          content: step.text ?? null,
          refusal: null,
          tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.json } })),
        }
      : { role: 'assistant', content: text, refusal: null };
    return {
      id: `chatcmpl-fake-${seq}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: body['model'],
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishOf(step) }],
      usage: { prompt_tokens: usage.in, completion_tokens: usage.out, total_tokens: usage.in + usage.out },
    };
  },
  frames(step, body, seq) {
    const calls = wireToolCalls(step);
    const text = step.text ?? (calls.length ? '' : DEFAULT_ANSWER.kind === 'answer' ? DEFAULT_ANSWER.text! : '');
    const deltas = deltasOf(text);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
      id: `chatcmpl-fake-${seq}`,
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: body['model'],
      choices,
      ...extra,
    });
    const out = [sse(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]))];
    const sent = step.kind !== 'answer' ? deltas.slice(0, 2) : deltas;
    for (const d of sent) out.push(sse(chunk([{ index: 0, delta: { content: d }, finish_reason: null }])));
    if (step.kind !== 'answer') return out;
    // Each call opens with its id and name, then its arguments follow in pieces; the pieces of
    // parallel calls interleave, so only their index tells them apart.
    calls.forEach((c, index) => {
      const open = { index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } };
      out.push(sse(chunk([{ index: 0, delta: { tool_calls: [open] }, finish_reason: null }])));
    });
    const pieces = calls.map((c) => piecesOf(c.json));
    for (let round = 0; pieces.some((p) => round < p.length); round++) {
      pieces.forEach((p, index) => {
        const piece = p[round];
        if (piece !== undefined) out.push(sse(chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: piece } }] }, finish_reason: null }])));
      });
    }
    out.push(sse(chunk([{ index: 0, delta: {}, finish_reason: finishOf(step) }])));
    const opts = body['stream_options'] as { include_usage?: boolean } | undefined;
    if (opts?.include_usage) {
      const u = step.usage ?? { in: 12, out: deltas.length };
      out.push(sse(chunk([], { usage: { prompt_tokens: u.in, completion_tokens: u.out, total_tokens: u.in + u.out } })));
    }
    out.push(sse('[DONE]'));
    return out;
  },
  embeddings(body) {
    const input = body['input'] as string[];
    return {
      object: 'list',
      model: body['model'],
      data: input.map((t, index) => ({ object: 'embedding', index, embedding: [t.length, index, 0.5] })),
      usage: { prompt_tokens: input.length * 3, total_tokens: input.length * 3 },
    };
  },
  error(_status, message, kind) {
    if (kind === 'quota') {
      return {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
      };
    }
    const code = kind === 'rate_limit' ? 'rate_limit_exceeded' : null;
    return { error: { message, type: kind === 'rate_limit' ? 'requests' : 'server_error', param: null, code } };
  },
};

/** `options.mockAnswers`: unscripted requests get the deterministic mock's answer (see FakeServerOptions). */
export const startFakeOpenAi = (options: FakeServerOptions = {}): Promise<FakeServer> => startFakeServer(openAiWire, '/v1', options);
