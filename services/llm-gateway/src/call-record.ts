import type { LlmCallRecord, LlmErrorInfo, LlmRequest, LlmResult } from '@scrai/contracts';

/** How one call ended, with what the record needs beside the reply: attempts made and the price. */
export type CallOutcome =
  | { ok: true; result: LlmResult; attempts: number; costUsd: number | null }
  | { ok: false; error: LlmErrorInfo; latencyMs: number; attempts: number };

/**
 * The usage record of one call (id = request id, so a repeated publish is dropped by the broker).
 * A success is recorded under the provider and model that answered; `requested_model` is the model
 * the agent asked for when a fallback answered instead.
 */
export function callRecordOf(req: LlmRequest, outcome: CallOutcome, at: Date): LlmCallRecord {
  const base = {
    id: req.request_id,
    run_id: req.run_id,
    agent_id: req.agent_id ?? req.hints.agent_id ?? null,
    at: at.toISOString(),
    attempts: outcome.attempts,
  };
  if (outcome.ok) {
    const r = outcome.result;
    const fellBack = r.provider !== req.provider || r.model !== req.model;
    return {
      ...base,
      provider: r.provider,
      model: r.model,
      requested_model: fellBack ? req.model : null,
      tokens_in: r.usage.tokens_in,
      tokens_out: r.usage.tokens_out,
      cost_usd: outcome.costUsd,
      latency_ms: r.latency_ms,
      cached: r.cached,
      status: 'ok',
      error: null,
    };
  }
  return {
    ...base,
    provider: req.provider,
    model: req.model,
    requested_model: null,
    tokens_in: 0,
    tokens_out: 0,
    cost_usd: null,
    latency_ms: outcome.latencyMs,
    cached: false,
    status: 'error',
    error: `${outcome.error.code}: ${outcome.error.message}`,
  };
}
