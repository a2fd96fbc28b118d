import type { LlmCallRecord } from '@scrai/contracts';
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
          `INSERT INTO llm_calls (id, run_id, agent_id, provider, model, tokens_in, tokens_out, latency_ms, cached, status, error, at)
           SELECT d.id, d.run_id, d.agent_id, d.provider, d.model, d.tokens_in, d.tokens_out, d.latency_ms, d.cached,
                  d.status, d.error, d.at
           FROM jsonb_to_recordset($1::jsonb) AS d(id text, run_id text, agent_id text, provider text, model text,
                tokens_in integer, tokens_out integer, latency_ms double precision, cached boolean, status text,
                error text, at timestamptz)
           ON CONFLICT DO NOTHING
           RETURNING id`,
          [JSON.stringify(chunk)],
        );
        inserted += rows.length;
      }
      return inserted;
    });
  }
}
