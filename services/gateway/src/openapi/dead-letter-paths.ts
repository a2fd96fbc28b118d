import { deadLetterDetailSchema, deadLetterPageSchema, ENGINE_TYPES, jsonSchemaOf, requeuedDeadLetterSchema } from '@scrai/contracts';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const error = (description: string): Json => json(ref('Error'), description);
const query = (name: string, description: string, schema: Json): Json => ({ name, in: 'query', required: false, description, schema });
const tags = ['dead letters'];
const id: Json = { name: 'id', in: 'path', required: true, description: 'the dead letter\'s sequence in the DLQ stream', schema: { type: 'integer', minimum: 1 } };

/** OpenAPI paths of the dead-letter stream. */
export const deadLetterPaths: Json = {
  '/api/v1/dead-letters': {
    get: {
      tags,
      summary: 'Dead-lettered messages (tasks that failed permanently, used up their deliveries or could not be read), oldest first',
      parameters: [
        query('engine_type', 'only tasks of this engine type', { type: 'string', enum: [...ENGINE_TYPES] }),
        query('run_id', 'only messages of this run', { type: 'string' }),
        query('reason', 'exact reason (max_deliveries, undecodable, permanent:<code>) or the part before ":" (permanent)', { type: 'string' }),
        query('after_id', 'only ids greater than this (paging)', { type: 'integer', minimum: 0, default: 0 }),
        query('limit', 'page size', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
      ],
      responses: { 200: json(ref('DeadLetterPage'), 'a page of dead letters; next_after_id is null on the last page'), 400: error('invalid parameters') },
    },
  },
  '/api/v1/dead-letters/{id}': {
    parameters: [id],
    get: { tags, summary: 'A dead letter with its headers and payload', responses: { 200: json(ref('DeadLetterDetail'), 'the dead letter'), 400: error('not an id'), 404: error('no such dead letter') } },
    delete: { tags, summary: 'Delete a dead letter', responses: { 204: { description: 'deleted' }, 404: error('no such dead letter') } },
  },
  '/api/v1/dead-letters/{id}/requeue': {
    parameters: [id],
    post: {
      tags,
      summary: 'Republish the message to its original subject under a fresh msgID, then delete the dead letter',
      description:
        'The task is processed again from its first delivery. Its run uses the result only if it still waits for the task ' +
        '(scenario on_task_failure "wait"); a run that has ended is refused with 409 unless force=true.',
      parameters: [query('force', 'requeue even though the run has ended', { type: 'boolean', default: false })],
      responses: {
        202: json(ref('RequeuedDeadLetter'), 'requeued'),
        404: error('no such dead letter'),
        409: error('the task\'s run has already ended, or the message does not say where it came from'),
        503: error('the run could not be checked (persistence unavailable); force=true skips the check'),
      },
    },
  },
};

export function deadLetterComponentSchemas(): Json {
  const out: Json = {};
  for (const [name, schema] of Object.entries({ DeadLetterPage: deadLetterPageSchema, DeadLetterDetail: deadLetterDetailSchema, RequeuedDeadLetter: requeuedDeadLetterSchema })) {
    const { $schema: _drop, ...rest } = jsonSchemaOf(schema, 'output');
    out[name] = rest;
  }
  return out;
}
