import Anthropic from '@anthropic-ai/sdk';
import type { LlmRequest } from '@scrai/contracts';
import { LlmError } from '../../llm-error.js';
import type { CallOptions, EmbedOptions, EmbedResult, GenerateResult, LlmProvider, LlmStreamPart } from '../../provider-spec.js';
import { DEFAULT_TIMEOUT_MS, type AdapterOptions } from '../adapter-options.js';
import { attemptDeadline, type AttemptDeadline } from '../attempt-deadline.js';
import { attemptFailure } from '../attempt-failure.js';
import { connectionError } from '../classify-http-status.js';
import { normalizedResult, type RawAnswer } from '../normalized-result.js';
import { classifyAnthropicError } from './classify-anthropic-error.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicRequest } from './map-anthropic-request.js';
import { mapAnthropicUsage, type AnthropicUsageLike } from './map-anthropic-usage.js';

/** Anthropic messages through the official `@anthropic-ai/sdk`, with the client's retries off. */
export class AnthropicProvider implements LlmProvider {
  readonly id = 'anthropic' as const;
  private readonly client: Anthropic;
  private readonly timeoutMs: number;

  constructor(private readonly o: AdapterOptions) {
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new Anthropic({
      baseURL: o.baseUrl,
      // Always a key in code, so the client never looks for ANTHROPIC_* variables or credential profiles.
      apiKey: o.apiKey ?? 'no-key',
      webhookKey: null,
      logLevel: 'warn',
      maxRetries: 0,
      timeout: this.timeoutMs,
      ...(o.fetch ? { fetch: o.fetch } : {}),
    });
  }

  async generate(req: LlmRequest, opts: CallOptions = {}): Promise<GenerateResult> {
    const { params, warnings } = mapAnthropicRequest(req);
    const deadline = attemptDeadline(this.timeoutMs, opts.signal);
    try {
      const { data, response } = await this.client.messages.create(params, { signal: deadline.signal }).withResponse();
      const text = data.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      const toolCalls = data.content.flatMap((b) => (b.type === 'tool_use' ? [{ id: b.id, name: b.name, raw: JSON.stringify(b.input ?? {}) }] : []));
      return this.result(req, {
        text,
        toolCalls,
        raw: data.stop_reason,
        usage: mapAnthropicUsage(data.usage),
        requestId: response.headers.get('request-id') ?? data.id ?? null,
        warnings,
      });
    } catch (e) {
      throw this.failure(e, deadline, opts);
    } finally {
      deadline.dispose();
    }
  }

  async *stream(req: LlmRequest, opts: CallOptions = {}): AsyncGenerator<LlmStreamPart> {
    const { params, warnings } = mapAnthropicRequest(req);
    const deadline = attemptDeadline(this.timeoutMs, opts.signal);
    try {
      const { data: events, response } = await this.client.messages
        .create({ ...params, stream: true }, { signal: deadline.signal })
        .withResponse();
      let text = '';
      let raw: string | null = null;
      let usage: AnthropicUsageLike = {};
      let requestId = response.headers.get('request-id');
      let stopped = false;
      /** Tool calls by content block index; their input arrives as JSON text fragments. */
      const toolUses = new Map<number, { id: string; name: string; raw: string; start: unknown }>();
      for await (const ev of events) {
        deadline.touch();
        switch (ev.type) {
          case 'message_start':
            requestId ??= ev.message.id;
            usage = { ...ev.message.usage };
            break;
          case 'content_block_start':
            if (ev.content_block.type === 'tool_use') {
              const b = ev.content_block;
              toolUses.set(ev.index, { id: b.id, name: b.name, raw: '', start: b.input });
            }
            break;
          case 'content_block_delta':
            if (ev.delta.type === 'text_delta' && ev.delta.text) {
              text += ev.delta.text;
              yield { type: 'text-delta', delta: ev.delta.text };
            }
            if (ev.delta.type === 'input_json_delta') {
              const use = toolUses.get(ev.index);
              if (use) use.raw += ev.delta.partial_json;
            }
            break;
          case 'message_delta':
            raw = ev.delta.stop_reason ?? raw;
            usage = { ...usage, ...definedOnly(ev.usage) };
            break;
          case 'message_stop':
            stopped = true;
            break;
          default:
            break;
        }
      }
      if (!stopped) throw connectionError(this.id, 'the stream ended before message_stop (cut midway)');
      const toolCalls = [...toolUses.entries()]
        .sort(([a], [b]) => a - b)
        // No input fragments: the start block's input is the whole input (`{}` for a tool without parameters).
        .map(([, u]) => ({ id: u.id, name: u.name, raw: u.raw === '' ? JSON.stringify(u.start ?? {}) : u.raw }));
      yield { type: 'finish', result: this.result(req, { text, toolCalls, raw, usage: mapAnthropicUsage(usage), requestId, warnings }) };
    } catch (e) {
      throw this.failure(e, deadline, opts);
    } finally {
      deadline.dispose();
    }
  }

  /** Anthropic has no embeddings API. */
  embed(_texts: readonly string[], _opts?: EmbedOptions): Promise<EmbedResult> {
    return Promise.reject(
      new LlmError('unsupported', 'anthropic has no embeddings API; configure openai or ollama for embeddings', { retryable: false }),
    );
  }

  private result(req: LlmRequest, a: Omit<RawAnswer, 'finish'>): GenerateResult {
    return normalizedResult(req, this.id, { ...a, finish: mapAnthropicFinishReason(a.raw) });
  }

  private failure(e: unknown, deadline: AttemptDeadline, opts: CallOptions): LlmError {
    const ctx = { provider: this.id, apiKey: this.o.apiKey, timeoutMs: this.timeoutMs };
    return attemptFailure(e, { ...ctx, deadline, caller: opts.signal }, (err) => classifyAnthropicError(err, ctx));
  }
}

/** Usage fields of a message_delta that are actually set (null means "unchanged"). */
function definedOnly(u: object): AnthropicUsageLike {
  return Object.fromEntries(Object.entries(u).filter(([, v]) => typeof v === 'number')) as AnthropicUsageLike;
}

export const createAnthropicProvider = (o: AdapterOptions): AnthropicProvider => new AnthropicProvider(o);
