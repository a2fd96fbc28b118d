import type { LlmCallRecord, LlmErrorInfo, LlmRequest, LlmResult } from '@scrai/contracts';

export type CallOutcome = { ok: true; result: LlmResult } | { ok: false; error: LlmErrorInfo; latencyMs: number };

/** The usage record of one call (id = request id, so a repeated publish is dropped by the broker). */
export function callRecordOf(req: LlmRequest, outcome: CallOutcome, at: Date): LlmCallRecord {
  const base = {
    id: req.request_id,
    run_id: req.run_id,
    agent_id: req.agent_id ?? req.hints.agent_id ?? null,
    provider: req.provider,
    model: req.model,
    at: at.toISOString(),
    attempts: 1,
    cost_usd: null,
    requested_model: null,
  };
  if (outcome.ok) {
    const r = outcome.result;
    return { ...base, tokens_in: r.usage.tokens_in, tokens_out: r.usage.tokens_out, latency_ms: r.latency_ms, cached: r.cached, status: 'ok', error: null };
  }
  return {
    ...base,
    tokens_in: 0,
    tokens_out: 0,
    latency_ms: outcome.latencyMs,
    cached: false,
    status: 'error',
    error: `${outcome.error.code}: ${outcome.error.message}`,
  };
}
