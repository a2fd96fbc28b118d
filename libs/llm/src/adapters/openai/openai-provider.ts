import type { LlmRequest, LlmUsage } from '@scrai/contracts';
import OpenAI from 'openai';
import { LlmError } from '../../llm-error.js';
import type { CallOptions, EmbedOptions, EmbedResult, GenerateResult, LlmProvider, LlmStreamPart } from '../../provider-spec.js';
import { DEFAULT_TIMEOUT_MS, type AdapterOptions } from '../adapter-options.js';
import { attemptDeadline, type AttemptDeadline } from '../attempt-deadline.js';
import { attemptFailure } from '../attempt-failure.js';
import { connectionError } from '../classify-http-status.js';
import { normalizedResult, type RawAnswer } from '../normalized-result.js';
import { classifyOpenAiError } from './classify-openai-error.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAiRequest, type OpenAiFlavour } from './map-openai-request.js';
import { mapOpenAiUsage } from './map-openai-usage.js';
import { StreamedToolCalls } from './streamed-tool-calls.js';

/**
 * OpenAI chat completions and embeddings through the official `openai` client; with flavour
 * `openai_compatible` the same adapter serves any server that speaks that wire format (vLLM, LM Studio,
 * OpenRouter) at its base URL. The client never retries: the gateway's loop does.
 */
export class OpenAiProvider implements LlmProvider {
  readonly id: OpenAiFlavour;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(
    private readonly o: AdapterOptions,
    flavour: OpenAiFlavour = 'openai',
  ) {
    this.id = flavour;
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new OpenAI({
      baseURL: o.baseUrl,
      // Keyless local servers still need a value: the client refuses to start without one.
      apiKey: o.apiKey ?? 'no-key',
      // Named explicitly so the client does not fall back to OPENAI_* environment variables.
      organization: null,
      project: null,
      webhookSecret: null,
      logLevel: 'warn',
      maxRetries: 0,
      timeout: this.timeoutMs,
      ...(o.fetch ? { fetch: o.fetch } : {}),
    });
  }

  async generate(req: LlmRequest, opts: CallOptions = {}): Promise<GenerateResult> {
    const { params, warnings } = mapOpenAiRequest(req, this.id);
    const deadline = attemptDeadline(this.timeoutMs, opts.signal);
    try {
      const { data, response } = await this.client.chat.completions.create(params, { signal: deadline.signal }).withResponse();
      const choice = data.choices[0];
      const text = choice?.message.content ?? '';
      const raw = choice?.finish_reason ?? null;
      const toolCalls = (choice?.message.tool_calls ?? []).flatMap((c) =>
        c.type === 'function' ? [{ id: c.id, name: c.function.name, raw: c.function.arguments }] : [],
      );
      return this.result(req, {
        text,
        toolCalls,
        raw: choice?.message.refusal && !text ? 'refusal' : raw,
        usage: mapOpenAiUsage(data.usage),
        requestId: response.headers.get('x-request-id') ?? data.id ?? null,
        warnings,
      });
    } catch (e) {
      throw this.failure(e, deadline, opts);
    } finally {
      deadline.dispose();
    }
  }

  async *stream(req: LlmRequest, opts: CallOptions = {}): AsyncGenerator<LlmStreamPart> {
    const { params, warnings } = mapOpenAiRequest(req, this.id);
    const deadline = attemptDeadline(this.timeoutMs, opts.signal);
    try {
      const { data: chunks, response } = await this.client.chat.completions
        .create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal: deadline.signal })
        .withResponse();
      let text = '';
      let raw: string | null = null;
      let usage: LlmUsage | null = null;
      let requestId = response.headers.get('x-request-id');
      const toolCalls = new StreamedToolCalls();
      for await (const chunk of chunks) {
        deadline.touch();
        requestId ??= chunk.id;
        usage = mapOpenAiUsage(chunk.usage) ?? usage;
        const choice = chunk.choices[0];
        if (choice?.finish_reason) raw = choice.finish_reason;
        for (const piece of choice?.delta?.tool_calls ?? []) toolCalls.add(piece);
        const delta = choice?.delta?.content;
        if (delta) {
          text += delta;
          yield { type: 'text-delta', delta };
        }
      }
      if (raw === null) throw connectionError(this.id, 'the stream ended before a finish reason (cut midway)');
      yield { type: 'finish', result: this.result(req, { text, toolCalls: toolCalls.calls(), raw, usage, requestId, warnings }) };
    } catch (e) {
      throw this.failure(e, deadline, opts);
    } finally {
      deadline.dispose();
    }
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<EmbedResult> {
    const model = opts.model ?? this.o.embeddingModel;
    if (!model) throw new LlmError('bad_request', `${this.id}: no embedding model configured`, { retryable: false });
    const deadline = attemptDeadline(this.timeoutMs, opts.signal);
    try {
      const res = await this.client.embeddings.create(
        { model, input: [...texts], encoding_format: 'float' },
        { signal: deadline.signal },
      );
      const rows = [...res.data].sort((a, b) => a.index - b.index);
      return { embeddings: rows.map((r) => r.embedding), usage: { tokens_in: res.usage?.prompt_tokens ?? 0 } };
    } catch (e) {
      throw this.failure(e, deadline, opts);
    } finally {
      deadline.dispose();
    }
  }

  private result(req: LlmRequest, a: Omit<RawAnswer, 'finish'>): GenerateResult {
    return normalizedResult(req, this.id, { ...a, finish: a.raw === 'refusal' ? 'content_filter' : mapOpenAiFinishReason(a.raw) });
  }

  private failure(e: unknown, deadline: AttemptDeadline, opts: CallOptions): LlmError {
    const ctx = { provider: this.id, apiKey: this.o.apiKey, timeoutMs: this.timeoutMs };
    return attemptFailure(e, { ...ctx, deadline, caller: opts.signal }, (err) => classifyOpenAiError(err, ctx));
  }
}

export const createOpenAiProvider = (o: AdapterOptions): OpenAiProvider => new OpenAiProvider(o, 'openai');
export const createOpenAiCompatibleProvider = (o: AdapterOptions): OpenAiProvider => new OpenAiProvider(o, 'openai_compatible');
