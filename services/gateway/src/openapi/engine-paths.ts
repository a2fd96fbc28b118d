import {
  ENGINE_INSTANCE_STATUSES,
  ENGINE_TYPES,
  engineHealthReportSchema,
  engineInstanceRecordSchema,
  jsonSchemaOf,
  queueStatsSchema,
} from '@scrai/contracts';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const error = (description: string): Json => json(ref('Error'), description);
const tags = ['engines'];

/** OpenAPI paths of the engine registry and the engine queues. */
export const enginePaths: Json = {
  '/api/v1/engine-instances': {
    get: {
      tags,
      summary: 'Engine worker instances, live ones first',
      parameters: [
        { name: 'engine_type', in: 'query', required: false, schema: { type: 'string', enum: [...ENGINE_TYPES] } },
        { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: [...ENGINE_INSTANCE_STATUSES] } },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        200: json(
          { type: 'object', properties: { items: { type: 'array', items: ref('EngineInstance') }, total: { type: 'integer' } }, required: ['items', 'total'] },
          'a page of instances',
        ),
        400: error('invalid parameters'),
        503: error('persistence unavailable'),
      },
    },
  },
  '/api/v1/engine-instances/health': {
    get: {
      tags,
      summary: 'Per engine type: healthy, degraded and recently gone instances, status, and queue depth',
      description:
        'An engine type is critical with no live instance, degraded with only degraded instances or a growing backlog, healthy otherwise. ' +
        'gone counts instances declared gone within the last hour.',
      responses: { 200: json(ref('EngineHealth'), 'the report'), 503: error('persistence or broker unavailable') },
    },
  },
  '/api/v1/engine-instances/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, description: 'instance id', schema: { type: 'string' } }],
    get: { tags, summary: 'One engine instance', responses: { 200: json(ref('EngineInstance'), 'the instance'), 404: error('unknown instance') } },
  },
  '/api/v1/events/queue/{engine_type}': {
    parameters: [{ name: 'engine_type', in: 'path', required: true, schema: { type: 'string', enum: [...ENGINE_TYPES] } }],
    get: {
      tags,
      summary: "Pending, in-flight and redelivered tasks of an engine type's queue (from its JetStream consumer)",
      responses: { 200: json(ref('QueueStats'), 'the queue'), 400: error('unknown engine type'), 503: error('broker unavailable') },
    },
  },
};

const component = (schema: Parameters<typeof jsonSchemaOf>[0]): Json => {
  const { $schema: _drop, ...rest } = jsonSchemaOf(schema, 'output');
  return rest;
};

/** Component schemas the engine paths refer to. */
export function engineComponentSchemas(): Json {
  return {
    EngineInstance: component(engineInstanceRecordSchema),
    EngineHealth: component(engineHealthReportSchema),
    QueueStats: component(queueStatsSchema),
  };
}
