import type { LlmRequest } from '@scrai/contracts';
import { Ollama } from 'ollama';
import { LlmError } from '../../llm-error.js';
import type {
  CallOptions,
  EmbedOptions,
  EmbedResult,
  GenerateResult,
  LlmProvider,
  LlmStreamPart,
} from '../../provider-spec.js';
import { DEFAULT_TIMEOUT_MS, type AdapterOptions } from '../adapter-options.js';
import { attemptDeadline, type AttemptDeadline } from '../attempt-deadline.js';
import { attemptFailure } from '../attempt-failure.js';
import { normalizedResult, type RawAnswer } from '../normalized-result.js';
import type { WireToolCall } from '../tool-call-arguments.js';
import { classifyOllamaError } from './classify-ollama-error.js';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';
import { mapOllamaRequest } from './map-ollama-request.js';
import { ollamaToolCalls } from './map-ollama-tools.js';
import { mapOllamaUsage } from './map-ollama-usage.js';
import { callFetch, type CallFetch } from './ollama-call-fetch.js';

/**
 * Ollama /api/chat and /api/embed through the official `ollama` client. That client never retries and
 * has no timeout option, so each call gets a client on a fetch that carries the attempt's deadline
 * (clients are plain config objects: building one per call costs nothing).
 */
export class OllamaProvider implements LlmProvider {
  readonly id = 'ollama' as const;
  private readonly timeoutMs: number;

  constructor(private readonly o: AdapterOptions) {
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async generate(req: LlmRequest, opts: CallOptions = {}): Promise<GenerateResult> {
    const { params, warnings } = mapOllamaRequest(req);
    const deadline = attemptDeadline(this.timeoutMs, opts.signal);
    const cf = callFetch(this.o.fetch ?? fetch, deadline.signal);
    try {
      const res = await this.client(cf).chat({ ...params, stream: false });
      return this.result(req, {
        text: res.message.content,
        toolCalls: ollamaToolCalls(res.message.tool_calls ?? []),
        raw: res.done_reason ?? null,
        usage: mapOllamaUsage(res),
        requestId: cf.lastResponse()?.headers.get('x-request-id') ?? null,
        warnings,
      });
    } catch (e) {
      throw this.failure(e, deadline, cf, opts);
    } finally {
      deadline.dispose();
    }
  }

  async *stream(req: LlmRequest, opts: CallOptions = {}): AsyncGenerator<LlmStreamPart> {
    const { params, warnings } = mapOllamaRequest(req);
    const deadline = attemptDeadline(this.timeoutMs, opts.signal);
    const cf = callFetch(this.o.fetch ?? fetch, deadline.signal);
    try {
      const parts = await this.client(cf).chat({ ...params, stream: true });
      const requestId = cf.lastResponse()?.headers.get('x-request-id') ?? null;
      let text = '';
      // Ollama sends each tool call whole, in the part where the model finished it.
      const toolCalls: WireToolCall[] = [];
      for await (const part of parts) {
        deadline.touch();
        const delta = part.message?.content;
        if (delta) {
          text += delta;
          yield { type: 'text-delta', delta };
        }
        toolCalls.push(...ollamaToolCalls(part.message?.tool_calls ?? [], toolCalls.length));
        if (part.done) {
          const usage = mapOllamaUsage(part);
          yield { type: 'finish', result: this.result(req, { text, toolCalls, raw: part.done_reason ?? null, usage, requestId, warnings }) };
          return;
        }
      }
    } catch (e) {
      throw this.failure(e, deadline, cf, opts);
    } finally {
      deadline.dispose();
    }
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<EmbedResult> {
    const model = opts.model ?? this.o.embeddingModel;
    if (!model) throw new LlmError('bad_request', 'ollama: no embedding model configured', { retryable: false });
    const deadline = attemptDeadline(this.timeoutMs, opts.signal);
    const cf = callFetch(this.o.fetch ?? fetch, deadline.signal);
    try {
      const res = await this.client(cf).embed({ model, input: [...texts] });
      return { embeddings: res.embeddings, usage: { tokens_in: res.prompt_eval_count ?? 0 } };
    } catch (e) {
      throw this.failure(e, deadline, cf, opts);
    } finally {
      deadline.dispose();
    }
  }

  private client(cf: CallFetch): Ollama {
    return new Ollama({
      host: this.o.baseUrl,
      fetch: cf.fetch,
      // Passed explicitly (Ollama Cloud): with a header present the client never reads OLLAMA_API_KEY.
      ...(this.o.apiKey ? { headers: { Authorization: `Bearer ${this.o.apiKey}` } } : {}),
    });
  }

  private result(req: LlmRequest, a: Omit<RawAnswer, 'finish'>): GenerateResult {
    return normalizedResult(req, this.id, { ...a, finish: mapOllamaFinishReason(a.raw) });
  }

  private failure(e: unknown, deadline: AttemptDeadline, cf: CallFetch, opts: CallOptions): LlmError {
    const ctx = { provider: this.id, apiKey: this.o.apiKey, headers: cf.lastResponse()?.headers };
    return attemptFailure(e, { ...ctx, timeoutMs: this.timeoutMs, deadline, caller: opts.signal }, (err) =>
      classifyOllamaError(err, ctx),
    );
  }
}

export const createOllamaProvider = (o: AdapterOptions): OllamaProvider => new OllamaProvider(o);
