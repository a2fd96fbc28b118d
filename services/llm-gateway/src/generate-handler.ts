import {
  issuesToDetails,
  llmRequestSchema,
  llmResultSchema,
  type LlmCallRecord,
  type LlmErrorInfo,
  type LlmReply,
  type LlmRequest,
} from '@scrai/contracts';
import { LlmError, type ProviderRegistry } from '@scrai/llm';
import type { Logger } from '@scrai/observability';
import { callRecordOf, type CallOutcome } from './call-record.js';

export interface GenerateHandlerDeps {
  registry: ProviderRegistry;
  /** Receives the usage record of every call that had a valid request, after the reply is built. */
  record(rec: LlmCallRecord): void;
  /** Monotonic milliseconds, for latency. */
  monotonicMs(): number;
  /** Wall clock, for the record's timestamp. */
  now(): Date;
  log: Logger;
}

export interface GenerateCall {
  signal?: AbortSignal;
}

const badRequest = (message: string): LlmReply => ({
  ok: false,
  error: { code: 'bad_request', message, retryable: false, retry_after_ms: null },
});

/**
 * One llm.generate request: validate it, call the provider the registry has for it, and answer an
 * LlmReply. Every failure comes back as data (`{ok: false, error}`, classified by the provider or
 * here), never as a thrown error. The usage record is handed to `record`, which publishes it later.
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
    const outcome = await callProvider(d, req, call, t0);
    d.record(callRecordOf(req, outcome, d.now()));
    return outcome.ok ? { ok: true, result: outcome.result } : { ok: false, error: outcome.error };
  };
}

async function callProvider(d: GenerateHandlerDeps, req: LlmRequest, call: GenerateCall, t0: number): Promise<CallOutcome> {
  const fail = (e: unknown): CallOutcome => {
    const err = LlmError.from(e);
    const info: LlmErrorInfo = err.toInfo();
    d.log.warn({ request_id: req.request_id, run_id: req.run_id, provider: req.provider, code: err.code, retryable: err.retryable, err: err.message }, 'llm call failed');
    return { ok: false, error: info, latencyMs: Math.max(0, d.monotonicMs() - t0) };
  };
  try {
    const provider = d.registry.get(req.provider);
    const { warnings, ...out } = await provider.generate(req, { signal: call.signal });
    const latency = Math.max(0, Math.round((d.monotonicMs() - t0) * 1000) / 1000);
    if (warnings.length) d.log.debug({ request_id: req.request_id, warnings }, 'provider warnings');
    const result = llmResultSchema.safeParse({ ...out, provider: req.provider, model: req.model, latency_ms: latency, cached: false });
    if (!result.success) {
      const why = issuesToDetails(result.error.issues).map((x) => `${x.path}: ${x.message}`).join('; ');
      return fail(new LlmError('invalid_response', `provider ${req.provider} returned an invalid result: ${why}`, { retryable: false }));
    }
    return { ok: true, result: result.data };
  } catch (e) {
    return fail(e);
  }
}
