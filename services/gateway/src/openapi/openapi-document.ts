import { jsonSchemaOf, publicSchemas, RUN_STATUSES, SERVICE_NAMES } from '@scrai/contracts';
import { engineComponentSchemas, enginePaths } from './engine-paths.js';
import { deadLetterComponentSchemas, deadLetterPaths } from './dead-letter-paths.js';
import { injectEventOperation, runControlComponentSchemas, runControlPaths } from './run-control-paths.js';
import { runForkComponentSchemas, runForkPaths } from './run-fork-paths.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const error = (description: string): Json => json(ref('Error'), description);
const pathParam = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({ name, in: 'path', required: true, description, schema });
const queryParam = (name: string, description: string, schema: Json): Json => ({ name, in: 'query', required: false, description, schema });

const runId = pathParam('id', 'run id', { type: 'string', format: 'uuid' });
const templateRef = pathParam('ref', 'template name or id');
const pageOf = (item: string): Json => ({
  type: 'object',
  properties: { items: { type: 'array', items: ref(item) }, total: { type: 'integer' } },
  required: ['items', 'total'],
});

function templatePaths(kind: 'agent' | 'scenario', plural: string, bodySchema: string): Json {
  const tag = `${kind} templates`;
  const body = { required: true, content: { 'application/json': { schema: ref(bodySchema) } } };
  return {
    [`/api/v1/${plural}`]: {
      get: { tags: [tag], summary: `List ${kind} templates`, responses: { 200: json(pageOf('Template'), 'templates'), 503: error('persistence unavailable') } },
      post: {
        tags: [tag],
        summary: `Create a ${kind} template`,
        requestBody: body,
        responses: { 201: json(ref('Template'), 'created'), 400: error('invalid body (details name the fields)'), 409: error('name taken'), 413: error('body too large') },
      },
    },
    [`/api/v1/${plural}/{ref}`]: {
      parameters: [templateRef],
      get: { tags: [tag], summary: `Get a ${kind} template`, responses: { 200: json(ref('Template'), 'the template'), 404: error('unknown template') } },
      put: {
        tags: [tag],
        summary: `Replace a ${kind} template`,
        requestBody: body,
        responses: { 200: json(ref('Template'), 'updated'), 400: error('invalid body'), 404: error('unknown template') },
      },
      delete: { tags: [tag], summary: `Delete a ${kind} template`, responses: { 204: { description: 'deleted' }, 404: error('unknown template') } },
    },
  };
}

const runPaths: Json = {
  '/api/v1/runs': {
    get: {
      tags: ['runs'],
      summary: 'List runs, newest first',
      parameters: [
        queryParam('status', 'only runs in this status', { type: 'string', enum: [...RUN_STATUSES] }),
        queryParam('limit', 'page size', { type: 'integer', minimum: 1, maximum: 500, default: 50 }),
        queryParam('offset', 'runs to skip', { type: 'integer', minimum: 0, default: 0 }),
      ],
      responses: { 200: json(pageOf('Run'), 'a page of runs'), 400: error('invalid parameters') },
    },
    post: {
      tags: ['runs'],
      summary: 'Start a run of a stored or inline scenario',
      requestBody: { required: true, content: { 'application/json': { schema: ref('CreateRunRequest') } } },
      responses: {
        202: {
          description: 'accepted; the run starts asynchronously',
          headers: { Location: { schema: { type: 'string' }, description: 'the run resource' } },
          content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } },
        },
        400: error('invalid request or roster (details name the fields)'),
        404: error('unknown scenario template'),
        413: error('the body, or the resolved run spec (roster × personas), is larger than the gateway or the broker carries'),
        503: error('a service the run needs is unavailable'),
      },
    },
  },
  '/api/v1/runs/{id}': {
    parameters: [runId],
    get: { tags: ['runs'], summary: 'Get a run', responses: { 200: json(ref('Run'), 'the run'), 400: error('not a run id'), 404: error('unknown run') } },
  },
  '/api/v1/runs/{id}/events': {
    parameters: [runId],
    get: {
      tags: ['runs'],
      summary: "A page of the run's stored events, in order",
      parameters: [
        queryParam('after_seq', 'events with a greater seq', { type: 'integer', minimum: 0, default: 0 }),
        queryParam('limit', 'page size', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
      ],
      responses: {
        200: json(
          {
            type: 'object',
            properties: { items: { type: 'array', items: ref('RunEvent') }, next_after_seq: { type: ['integer', 'null'] } },
            required: ['items', 'next_after_seq'],
          },
          'events; next_after_seq is null on the last page',
        ),
        404: error('unknown run'),
      },
    },
    post: injectEventOperation,
  },
  '/api/v1/runs/{id}/events/stream': {
    parameters: [runId],
    get: {
      tags: ['runs'],
      summary: 'Live events as server-sent events (stored first, then live; ends after the terminal event)',
      parameters: [
        queryParam('after_seq', 'resume after this seq', { type: 'integer', minimum: 0 }),
        { name: 'Last-Event-ID', in: 'header', required: false, description: 'resume after this seq (wins over after_seq)', schema: { type: 'integer' } },
      ],
      responses: {
        200: {
          description:
            'Stored events as `id: <seq>`, `event: <type>` (the RunEvent type, e.g. `actor.turn`), `data: <RunEvent JSON>`. ' +
            'In a run with `stream: true`, `event: token` frames without an id arrive between them while an actor turn is generated: ' +
            '`data: {run_id, agent_id, request_id, index, delta}` (concatenate the deltas of one request_id for the text so far; ' +
            'a part with `reset: true` says to discard that request\'s text, a retry follows). Token parts are ephemeral and not resumable; ' +
            'the stored `actor.turn` event that follows is the complete turn. On a failure after the stream started: `event: error` ' +
            '(the API error body), then the stream ends. `: keepalive` comments every 15 s.',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        404: error('unknown run'),
      },
    },
  },
  '/api/v1/runs/{id}/stop': {
    parameters: [runId],
    post: {
      tags: ['runs'],
      summary: 'Ask the run to stop',
      requestBody: {
        required: false,
        content: { 'application/json': { schema: { type: 'object', properties: { reason: { type: 'string', maxLength: 500 } }, additionalProperties: false } } },
      },
      responses: {
        202: json({ type: 'object', properties: { id: { type: 'string' }, status: { const: 'stopping' } }, required: ['id', 'status'] }, 'stop queued'),
        404: error('unknown run'),
        409: error('the run has already ended'),
      },
    },
  },
};

const otherPaths: Json = {
  '/api/v1/schemas/{kind}': {
    parameters: [pathParam('kind', 'template kind', { type: 'string', enum: ['agent', 'scenario'] })],
    get: { tags: ['schemas'], summary: 'JSON Schema of a template body', responses: { 200: json({ type: 'object' }, 'a JSON Schema (2020-12)'), 404: error('unknown kind') } },
  },
  '/health': {
    get: {
      tags: ['health'],
      summary: 'Readiness of every service (also at /api/v1/health)',
      responses: {
        200: json(ref('Health'), 'every service has a ready instance'),
        503: json(ref('Health'), 'some service has no ready instance'),
      },
    },
  },
};

const healthSchema: Json = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    services: {
      type: 'object',
      properties: Object.fromEntries(
        SERVICE_NAMES.map((s) => [s, { type: 'object', properties: { ready: { type: 'boolean' }, instances: { type: 'array', items: { type: 'object' } } } }]),
      ),
    },
  },
  required: ['status', 'services'],
};

function componentSchemas(): Json {
  const out: Json = {};
  for (const [name, schema] of Object.entries(publicSchemas)) {
    const { $schema: _drop, ...rest } = jsonSchemaOf(schema);
    out[name] = rest;
  }
  out.Health = healthSchema;
  Object.assign(out, engineComponentSchemas());
  Object.assign(out, deadLetterComponentSchemas());
  Object.assign(out, runControlComponentSchemas());
  Object.assign(out, runForkComponentSchemas());
  return out;
}

/** The OpenAPI 3.1 description of the REST API; components come from the zod schemas in contracts. */
export function openApiDocument(version: string): Json & { openapi: string; info: Json; paths: Json } {
  return {
    openapi: '3.1.0',
    info: { title: 'ScrAI API', version, description: 'Multi-agent LLM scenario simulations: templates, runs, live events.' },
    servers: [{ url: '/' }],
    tags: [{ name: 'runs' }, { name: 'agent templates' }, { name: 'scenario templates' }, { name: 'schemas' }, { name: 'health' }, { name: 'engines' }, { name: 'dead letters' }],
    paths: {
      ...runPaths,
      ...templatePaths('agent', 'agents', 'AgentTemplate'),
      ...templatePaths('scenario', 'scenarios', 'ScenarioTemplate'),
      ...otherPaths,
      ...enginePaths,
      ...deadLetterPaths,
      ...runControlPaths,
      ...runForkPaths,
    },
    components: { schemas: componentSchemas() },
  };
}
