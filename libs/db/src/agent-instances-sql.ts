import type { QueryRunner } from 'typeorm';

/**
 * Snapshots the agents of the given runs from their stored spec into agent_instances. A run whose
 * row was made from its run.started event only knows each agent's id, engine and template, so its
 * persona and llm are stored as {} until runs.create brings the full spec.
 */
export async function upsertAgentInstances(qr: QueryRunner, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  await qr.query(
    `INSERT INTO agent_instances (run_id, agent_id, template_name, engine_type, persona, llm)
     SELECT DISTINCT ON (r.id, a->>'id') r.id, a->>'id', COALESCE(a->>'template_name', ''), COALESCE(a->>'engine_type', ''),
            COALESCE(a->'persona', '{}'::jsonb), COALESCE(a->'llm', '{}'::jsonb)
     FROM runs r
     CROSS JOIN LATERAL jsonb_array_elements(
       CASE WHEN jsonb_typeof(r.spec->'agents') = 'array' THEN r.spec->'agents' ELSE '[]'::jsonb END) AS a
     WHERE r.id = ANY($1::uuid[]) AND jsonb_typeof(a) = 'object' AND a->>'id' IS NOT NULL
     ON CONFLICT (run_id, agent_id) DO UPDATE SET
       template_name = EXCLUDED.template_name, engine_type = EXCLUDED.engine_type,
       persona = EXCLUDED.persona, llm = EXCLUDED.llm`,
    [runIds],
  );
}
