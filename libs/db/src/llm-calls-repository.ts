import type { LlmCallRecord, RunUsage, UsageTotals } from '@scrai/contracts';
import type { DataSource } from 'typeorm';
import { chunksOf, rowsOf, withConnection } from './sql-statements.js';

/** LLM call records from the llm-gateway. Inserting a stored id again is a no-op. */
export class LlmCallsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Returns how many records were new. */
  async insertMany(records: readonly LlmCallRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    return withConnection(this.ds, async (qr) => {
      let inserted = 0;
      for (const chunk of chunksOf(records)) {
        const rows = await rowsOf<{ id: string }>(
          qr,
          `INSERT INTO llm_calls (id, run_id, agent_id, provider, model, tokens_in, tokens_out, latency_ms, cached, status, error, at,
                                  attempts, cost_usd, requested_model)
           SELECT d.id, d.run_id, d.agent_id, d.provider, d.model, d.tokens_in, d.tokens_out, d.latency_ms, d.cached,
                  d.status, d.error, d.at, coalesce(d.attempts, 1), d.cost_usd, d.requested_model
           FROM jsonb_to_recordset($1::jsonb) AS d(id text, run_id text, agent_id text, provider text, model text,
                tokens_in integer, tokens_out integer, latency_ms double precision, cached boolean, status text,
                error text, at timestamptz, attempts integer, cost_usd double precision, requested_model text)
           ON CONFLICT DO NOTHING
           RETURNING id`,
          [JSON.stringify(chunk)],
        );
        inserted += rows.length;
      }
      return inserted;
    });
  }

  /** A run's calls summed in total, per agent and per model (one query, grouping sets). */
  async usageOfRun(runId: string): Promise<Omit<RunUsage, 'run_id'>> {
    return withConnection(this.ds, async (qr) => {
      const rows = await rowsOf<UsageRow>(
        qr,
        `SELECT grouping(agent_id) AS g_agent, grouping(provider, model) AS g_model, agent_id, provider, model,
                count(*)::int AS calls, coalesce(sum(attempts), 0)::int AS attempts,
                count(*) FILTER (WHERE status = 'error')::int AS failed_calls,
                count(*) FILTER (WHERE cached)::int AS cached_calls,
                coalesce(sum(tokens_in), 0)::int AS tokens_in, coalesce(sum(tokens_out), 0)::int AS tokens_out,
                sum(cost_usd) AS cost_usd, coalesce(sum(latency_ms), 0) AS latency_ms_total
         FROM llm_calls WHERE run_id = $1
         GROUP BY GROUPING SETS ((), (agent_id), (provider, model))
         ORDER BY agent_id NULLS FIRST, provider, model`,
        [runId],
      );
      const totalsOf = (r: UsageRow): UsageTotals => ({
        calls: r.calls,
        attempts: r.attempts,
        failed_calls: r.failed_calls,
        cached_calls: r.cached_calls,
        tokens_in: r.tokens_in,
        tokens_out: r.tokens_out,
        cost_usd: r.cost_usd === null ? null : Number(r.cost_usd),
        latency_ms_total: Number(r.latency_ms_total),
      });
      const empty: UsageTotals = { calls: 0, attempts: 0, failed_calls: 0, cached_calls: 0, tokens_in: 0, tokens_out: 0, cost_usd: null, latency_ms_total: 0 };
      // grouping() bits: 1 = the column is rolled up in this row's set
      const total = rows.find((r) => Number(r.g_agent) === 1 && Number(r.g_model) === 3);
      return {
        totals: total ? totalsOf(total) : empty,
        by_agent: rows.filter((r) => Number(r.g_agent) === 0).map((r) => ({ agent_id: r.agent_id, ...totalsOf(r) })),
        by_model: rows.filter((r) => Number(r.g_model) === 0).map((r) => ({ provider: r.provider!, model: r.model!, ...totalsOf(r) })),
      };
    });
  }
}

interface UsageRow {
  g_agent: number;
  g_model: number;
  agent_id: string | null;
  provider: string | null;
  model: string | null;
  calls: number;
  attempts: number;
  failed_calls: number;
  cached_calls: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: string | number | null;
  latency_ms_total: string | number;
}
