import {
  issuesToDetails,
  llmRequestSchema,
  llmResultSchema,
  type LlmCallRecord,
  type LlmReply,
  type LlmRequest,
} from '@scrai/contracts';
import { LlmError } from '@scrai/llm';
import type { Logger, TraceSpan } from '@scrai/observability';
import type { AnswerCache } from './answer-cache.js';
import { budgetedCall } from './budgeted-call.js';
import { cachedGenerate } from './cached-generate.js';
import { callCostUsd } from './call-cost.js';
import { callRecordOf, type CallOutcome } from './call-record.js';
import { liveTextOf } from './live-text.js';
import { liveTokenWriter, type PublishDelta } from './live-token-writer.js';
import { callModelChain, type ModelChainDeps } from './model-chain-call.js';
import type { SpendStore } from './run-spend.js';
import { streamingProviders } from './streamed-call.js';
import { describeCallSpan } from './llm-call-span.js';

export interface GenerateHandlerDeps {
  /** Providers, config, breakers, limits and the retry loop's clock (see callModelChain). */
  chain: ModelChainDeps;
  /** The answer cache shared by the replicas (KV `<ns>-llm-cache`); used per the request's cache_mode. */
  cache: AnswerCache;
  /** Each budgeted run's spend (KV `<ns>-llm-spend`), checked before and added to after a provider call. */
  spend: SpendStore;
  /**
   * Publishes the token parts of a request with `stream` (delta-publisher.ts); absent, such requests
   * are answered unstreamed. A cache hit publishes nothing: its answer is complete at once.
   */
  publishDelta?: PublishDelta;
  /** Receives the usage record of every call that had a valid request, after the reply is built. */
  record(rec: LlmCallRecord, traceparent?: string): void;
  /** Monotonic milliseconds, for latency. */
  monotonicMs(): number;
  /** Wall clock, for the record's timestamp. */
  now(): Date;
  log: Logger;
}
export interface GenerateCall {
  signal?: AbortSignal;
  /** The call's span: gets the model, tokens, cost, cache hit and attempts of the answer (llm-call-span.ts). */
  span?: TraceSpan;
}

const badRequest = (message: string): LlmReply => ({
  ok: false,
  error: { code: 'bad_request', message, retryable: false, retry_after_ms: null },
});

/**
 * One llm.generate request: validate it, answer it from the shared cache or call its model's chain
 * (rate limits, retries, fallbacks) as its cache mode says (cached-generate.ts), a provider call
 * only within the run's budget (budgeted-call.ts), streamed to the run's viewers when it asks to be
 * (streamed-call.ts), and answer an
 * LlmReply with the provider and model that answered. Every failure comes back as data (`{ok: false, error}`, classified by the provider or here, `retryable` as classified), never as a
 * thrown error. The usage record is handed to `record`, which publishes it later.
 */
export function createGenerateHandler(d: GenerateHandlerDeps) {
  return async function generate(data: unknown, call: GenerateCall = {}): Promise<LlmReply> {
    const parsed = llmRequestSchema.safeParse(data);
    if (!parsed.success) {
      const why = issuesToDetails(parsed.error.issues).map((x) => `${x.path}: ${x.message}`).join('; ');
      d.log.warn({ err: why }, 'invalid llm request');
      return badRequest(`invalid LLM request: ${why}`);
    }
    const req = parsed.data;
    const t0 = d.monotonicMs();
    const latencyMs = () => Math.max(0, Math.round((d.monotonicMs() - t0) * 1000) / 1000);
    const budgeted = { spend: d.spend, config: d.chain.config, log: d.log };
    const outcome = await cachedGenerate(d, req, () => budgetedCall(budgeted, req, () => callProvider(d, req, call, t0), latencyMs), latencyMs);
    const rec = callRecordOf(req, outcome, d.now());
    d.record(rec, call.span?.traceparent);
    if (call.span) describeCallSpan(call.span, rec);
    return outcome.ok ? { ok: true, result: outcome.result } : { ok: false, error: outcome.error };
  };
}

async function callProvider(d: GenerateHandlerDeps, req: LlmRequest, call: GenerateCall, t0: number): Promise<CallOutcome> {
  const latencyMs = () => Math.max(0, Math.round((d.monotonicMs() - t0) * 1000) / 1000);
  const fail = (err: LlmError, attempts: number): CallOutcome => {
    d.log.warn({ request_id: req.request_id, run_id: req.run_id, provider: req.provider, model: req.model, code: err.code, retryable: err.retryable, attempts, err: err.message }, 'llm call failed');
    return { ok: false, error: err.toInfo(), latencyMs: latencyMs(), attempts };
  };
  const live = liveOf(d, req);
  const writer = live?.writer;
  const chain = live ? { ...d.chain, providers: streamingProviders(d.chain.providers, live.writer, live.text) } : d.chain;
  const out = await callModelChain(chain, req, call.signal);
  if (!out.ok) {
    writer?.reset();
    return fail(out.error, out.attempts);
  }
  const { warnings, ...answer } = out.result;
  if (warnings.length) d.log.debug({ request_id: req.request_id, warnings }, 'provider warnings');
  const result = llmResultSchema.safeParse({ ...answer, provider: out.provider, model: out.model, latency_ms: latencyMs(), cached: false });
  if (!result.success) {
    writer?.reset();
    const why = issuesToDetails(result.error.issues).map((x) => `${x.path}: ${x.message}`).join('; ');
    return fail(new LlmError('invalid_response', `provider ${out.provider} returned an invalid result: ${why}`, { retryable: false }), out.attempts);
  }
  return { ok: true, result: result.data, attempts: out.attempts, costUsd: callCostUsd(d.chain.config, out.provider, out.model, result.data.usage) };
}

/** How a request is streamed, when it is: it asks to be, belongs to a run (the subject), and has text to show. */
function liveOf(d: GenerateHandlerDeps, req: LlmRequest) {
  const runId = req.run_id;
  const text = req.stream ? liveTextOf(req) : null;
  if (!text || !d.publishDelta || runId === null) return null;
  return { text, writer: liveTokenWriter({ ...req, run_id: runId }, d.publishDelta) };
}
