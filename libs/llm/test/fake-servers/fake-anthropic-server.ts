import { startFakeServer, type FakeServer, type FakeServerOptions, type WireFormat } from './fake-http-server.js';
import { DEFAULT_ANSWER, deltasOf, objectArguments, piecesOf, wireToolCalls, type FakeStep } from './fake-step.js';
import { neutralRequest } from './mock-step.js';

const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const defaultText = () => (DEFAULT_ANSWER.kind === 'answer' ? DEFAULT_ANSWER.text! : '');
/** The answer's text: the scripted one, else none for a tool call, else the default. */
const textOf = (step: FakeStep & { text?: string }) => step.text ?? (wireToolCalls(step).length ? '' : defaultText());
/** The stop reason: the scripted one, else `tool_use` when it calls tools, else `end_turn`. */
const stopOf = (step: FakeStep): string =>
  step.kind === 'answer' ? (step.finish ?? (step.toolCalls?.length ? 'tool_use' : 'end_turn')) : 'end_turn';

/** Anthropic messages (JSON and SSE events, tool_use blocks included). Base URL for the client: `server.url` (it adds /v1/messages). */
export const anthropicWire: WireFormat = {
  wantsStream: (b) => b['stream'] === true,
  isEmbedding: () => false,
  streamContentType: 'text/event-stream',
  // Anthropic answers an exhausted credit balance with 400 invalid_request_error, not 429.
  quotaStatus: 400,
  headers: (seq) => ({ 'request-id': `req_fake_${seq}` }),
  requestOf(body) {
    // The adapter states a JSON schema on the system prompt's last line (Anthropic has no schema mode).
    const system = typeof body['system'] === 'string' ? body['system'] : '';
    const lastLine = system.slice(system.lastIndexOf('\n') + 1);
    let schema: { name: string; schema: unknown } | null = null;
    if (/JSON Schema/.test(system) && lastLine.startsWith('{')) {
      try {
        schema = { name: 'answer', schema: JSON.parse(lastLine) as unknown };
      } catch {
        // not a schema after all: free text
      }
    }
    return neutralRequest({ model: body['model'], system, messages: body['messages'], maxTokens: body['max_tokens'], stop: body['stop_sequences'], schema });
  },
  json(step, body, seq) {
    const text = textOf(step);
    const usage = step.kind === 'answer' && step.usage ? step.usage : { in: 12, out: deltasOf(text).length };
    const calls = wireToolCalls(step);
    const toolUses = calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: objectArguments(c.json) }));
    return {
      id: `msg_fake_${seq}`,
      type: 'message',
      role: 'assistant',
      model: body['model'],
      content: [...(text !== '' || calls.length === 0 ? [{ type: 'text', text }] : []), ...toolUses],
      stop_reason: stopOf(step),
      stop_sequence: null,
      usage: { input_tokens: usage.in, output_tokens: usage.out },
    };
  },
  frames(step, body, seq) {
    const text = textOf(step);
    const deltas = deltasOf(text);
    const usage = step.kind === 'answer' && step.usage ? step.usage : { in: 12, out: deltas.length };
    const out = [
      event('message_start', {
        message: {
          id: `msg_fake_${seq}`,
          type: 'message',
          role: 'assistant',
          model: body['model'],
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.in, output_tokens: 1 },
        },
      }),
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      event('ping', {}),
    ];
    const sent = step.kind !== 'answer' ? deltas.slice(0, 2) : deltas;
    for (const d of sent) out.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: d } }));
    if (step.kind !== 'answer') return out;
    out.push(event('content_block_stop', { index: 0 }));
    // Each tool call is a content block of its own whose input arrives as JSON text in pieces.
    wireToolCalls(step).forEach((c, i) => {
      const index = i + 1;
      out.push(event('content_block_start', { index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } }));
      for (const piece of piecesOf(c.json)) out.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
      out.push(event('content_block_stop', { index }));
    });
    out.push(
      event('message_delta', {
        delta: { stop_reason: stopOf(step), stop_sequence: null },
        usage: { output_tokens: usage.out },
      }),
    );
    out.push(event('message_stop', {}));
    return out;
  },
  embeddings: () => ({}),
  error(status, message, kind) {
    if (kind === 'quota') {
      return {
        type: 'error',
        error: {
          type: status === 402 ? 'billing_error' : 'invalid_request_error',
          message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
        },
      };
    }
    const type = kind === 'rate_limit' ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error';
    return { type: 'error', error: { type, message } };
  },
};

/** `options.mockAnswers`: unscripted requests get the deterministic mock's answer (see FakeServerOptions). */
export const startFakeAnthropic = (options: FakeServerOptions = {}): Promise<FakeServer> => startFakeServer(anthropicWire, '', options);
