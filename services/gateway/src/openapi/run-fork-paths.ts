import { forkRunRequestSchema, jsonSchemaOf, runSpecSchema } from '@scrai/contracts';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const error = (description: string): Json => json(ref('Error'), description);
const runId: Json = { name: 'id', in: 'path', required: true, description: 'run id', schema: { type: 'string', format: 'uuid' } };
const tags = ['runs'];

/** POST /runs/{id}/fork and GET /runs/{id}/spec (where a fork's origin is recorded). */
export const runForkPaths: Json = {
  '/api/v1/runs/{id}/fork': {
    parameters: [runId],
    post: {
      tags,
      summary: 'Fork a run at a turn: reuse its first turns from the LLM cache, then continue with overrides',
      description:
        "Creates a new run (name `fork of <id> at turn <from_turn>`) with the source run's spec (same scenario, seed, agent snapshots and turn policy) and `llm_cache: read_write`. Its first `from_turn` turns send the source's LLM requests, so they are answered from the shared cache (no provider calls) and reproduce the source's turns; after them the overrides take effect: `seed`, `llm` (forced on every agent) and `agents.<id>` (`persona` fields, `llm` fields) for the tasks after the fork point, `max_turns` (greater than `from_turn`), `timeout_seconds` and `budget` for the whole fork. The source may still be running once it has `from_turn` turns. The new run's spec (GET /runs/{id}/spec) records `fork`: the source, the fork point and the changes.",
      requestBody: { required: true, content: { 'application/json': { schema: ref('ForkRunRequest') } } },
      responses: {
        202: {
          description: 'the fork was created; its id',
          headers: { Location: { schema: { type: 'string' }, description: 'the new run' } },
          content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } },
        },
        400: error('invalid body (details name the fields): e.g. max_turns not above from_turn, an agent id the run does not have'),
        404: error('unknown run'),
        409: error('the run has fewer than from_turn turns, has no stored spec, or ran with llm_cache off (from_turn > 0)'),
      },
    },
  },
  '/api/v1/runs/{id}/spec': {
    parameters: [runId],
    get: {
      tags,
      summary: 'The spec the run was created with',
      description:
        'The resolved scenario, seed and agent snapshots as stored at creation; a fork has `fork` (source run, fork point, changes). A run recorded from its events only holds what its run.started event said.',
      responses: { 200: json(ref('RunSpec'), 'the spec'), 400: error('not a run id'), 404: error('unknown run') },
    },
  },
};

export function runForkComponentSchemas(): Json {
  const schema = (s: Parameters<typeof jsonSchemaOf>[0], io: 'input' | 'output' = 'input'): Json => {
    const { $schema: _drop, ...rest } = jsonSchemaOf(s, io);
    return rest;
  };
  return { ForkRunRequest: schema(forkRunRequestSchema), RunSpec: schema(runSpecSchema, 'output') };
}
