import type { LlmCallRecord } from '@scrai/contracts';
import type { TraceSpan } from '@scrai/observability';

/** The attributes of an LLM call's span, from its usage record: what answered, what it cost, how it went. */
export function describeCallSpan(span: TraceSpan, rec: LlmCallRecord): void {
  span.setAttributes({
    'llm.provider': rec.provider,
    'llm.model': rec.model,
    'llm.tokens_in': rec.tokens_in,
    'llm.tokens_out': rec.tokens_out,
    'llm.cached': rec.cached,
    'llm.attempts': rec.attempts,
    ...(rec.cost_usd !== null ? { 'llm.cost_usd': rec.cost_usd } : {}),
    ...(rec.requested_model ? { 'llm.requested_model': rec.requested_model } : {}),
    ...(rec.run_id ? { 'scrai.run_id': rec.run_id } : {}),
    ...(rec.agent_id ? { 'scrai.agent_id': rec.agent_id } : {}),
  });
  if (rec.status === 'error') span.fail(rec.error ?? 'llm call failed');
}
