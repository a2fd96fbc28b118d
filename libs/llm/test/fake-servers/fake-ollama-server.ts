import { startFakeServer, type FakeServer, type FakeServerOptions, type WireFormat } from './fake-http-server.js';
import { DEFAULT_ANSWER, deltasOf, objectArguments, wireToolCalls, type FakeStep } from './fake-step.js';
import { neutralRequest } from './mock-step.js';

const line = (v: unknown) => `${JSON.stringify(v)}\n`;
const defaultText = () => (DEFAULT_ANSWER.kind === 'answer' ? DEFAULT_ANSWER.text! : '');
/** The answer's text: the scripted one, else none for a tool call, else the default. */
const textOf = (step: FakeStep & { text?: string }) => step.text ?? (wireToolCalls(step).length ? '' : defaultText());
/** Ollama's tool calls: no id, arguments as an object (text that is not JSON stays text). */
const ollamaCalls = (step: FakeStep) => wireToolCalls(step).map((c) => ({ function: { name: c.name, arguments: objectArguments(c.json) } }));
const CREATED = '2026-01-01T00:00:00.000Z';

/** Ollama /api/chat (JSON and NDJSON, tool calls included) and /api/embed. Host for the client: `server.url`. */
export const ollamaWire: WireFormat = {
  // Ollama streams unless told not to.
  wantsStream: (b) => b['stream'] !== false,
  isEmbedding: (p) => p.startsWith('/api/embed'),
  streamContentType: 'application/x-ndjson',
  quotaStatus: 429,
  headers: () => ({}),
  requestOf(body) {
    const messages = Array.isArray(body['messages']) ? (body['messages'] as { role?: string; content?: unknown }[]) : [];
    const options = (body['options'] ?? {}) as Record<string, unknown>;
    const format = body['format'];
    return neutralRequest({
      model: body['model'],
      system: messages.filter((m) => m.role === 'system' && typeof m.content === 'string').map((m) => m.content).join('\n'),
      messages,
      maxTokens: options['num_predict'],
      temperature: options['temperature'],
      seed: options['seed'],
      stop: options['stop'],
      schema: format && typeof format === 'object' ? { name: 'answer', schema: format } : null,
    });
  },
  json(step, body) {
    const text = textOf(step);
    const usage = step.kind === 'answer' && step.usage ? step.usage : { in: 12, out: deltasOf(text).length };
    const calls = ollamaCalls(step);
    return {
      model: body['model'],
      created_at: CREATED,
      message: { role: 'assistant', content: text, ...(calls.length ? { tool_calls: calls } : {}) },
      done: true,
      done_reason: step.kind === 'answer' ? (step.finish ?? 'stop') : 'stop',
      total_duration: 1000,
      prompt_eval_count: usage.in,
      eval_count: usage.out,
    };
  },
  frames(step, body) {
    const text = textOf(step);
    const deltas = deltasOf(text);
    const sent = step.kind !== 'answer' ? deltas.slice(0, 2) : deltas;
    const out = sent.map((d) => line({ model: body['model'], created_at: CREATED, message: { role: 'assistant', content: d }, done: false }));
    if (step.kind !== 'answer') return out;
    // Ollama streams each tool call whole, in a part of its own before the done part.
    for (const call of ollamaCalls(step)) {
      out.push(line({ model: body['model'], created_at: CREATED, message: { role: 'assistant', content: '', tool_calls: [call] }, done: false }));
    }
    const usage = step.usage ?? { in: 12, out: deltas.length };
    out.push(
      line({
        model: body['model'],
        created_at: CREATED,
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: step.finish ?? 'stop',
        prompt_eval_count: usage.in,
        eval_count: usage.out,
      }),
    );
    return out;
  },
  embeddings(body) {
    const input = body['input'] as string[];
    return { model: body['model'], embeddings: input.map((t, i) => [t.length, i, 0.5]), prompt_eval_count: input.length * 3 };
  },
  error(_status, message, kind) {
    if (kind === 'quota') return { error: 'you have reached your weekly usage limit, upgrade for higher limits' };
    return { error: kind === 'rate_limit' ? 'too many requests' : message };
  },
};

/** `options.mockAnswers`: unscripted requests get the deterministic mock's answer (see FakeServerOptions). */
export const startFakeOllama = (options: FakeServerOptions = {}): Promise<FakeServer> => startFakeServer(ollamaWire, '', options);
