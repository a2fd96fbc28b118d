import { eventWithAttemptsSchema, injectEventRequestSchema, jsonSchemaOf, pauseRunRequestSchema, runUsageSchema } from '@scrai/contracts';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const error = (description: string): Json => json(ref('Error'), description);
const runId: Json = { name: 'id', in: 'path', required: true, description: 'run id', schema: { type: 'string', format: 'uuid' } };
const tags = ['runs'];

const accepted = (status: 'pausing' | 'resuming'): Json =>
  json({ type: 'object', properties: { id: { type: 'string' }, status: { const: status } }, required: ['id', 'status'] }, `${status.replace('ing', 'e')} queued`);

/** POST /api/v1/runs/{id}/events (merged into that path beside its GET). */
export const injectEventOperation: Json = {
  tags,
  summary: 'Inject a user message, a narrator twist or an intervention into a live run',
  description:
    'Recorded as a `run.injected` event and added to the transcript: every agent sees it from its next task on (a user message as a line of its author, a twist as a narrator line, an intervention as a moderator line). A paused run takes injections too.',
  requestBody: { required: true, content: { 'application/json': { schema: ref('InjectEventRequest') } } },
  responses: {
    202: json(
      { type: 'object', properties: { id: { type: 'string' }, injection_id: { type: 'string', format: 'uuid' } }, required: ['id', 'injection_id'] },
      'queued; the run.injected event carries the injection_id',
    ),
    400: error('invalid body (details name the fields)'),
    404: error('unknown run'),
    409: error('the run has already ended'),
  },
};

/** Pause, resume, and one event with its processing attempts. */
export const runControlPaths: Json = {
  '/api/v1/runs/{id}/pause': {
    parameters: [runId],
    post: {
      tags,
      summary: 'Pause a running run',
      description:
        'Tasks in flight complete and are recorded; nothing new is scheduled until resume. The deadline does not run out while paused (resume moves it by the paused time). Stop and injections work while paused.',
      requestBody: { required: false, content: { 'application/json': { schema: ref('PauseRunRequest') } } },
      responses: { 202: accepted('pausing'), 400: error('invalid body'), 404: error('unknown run'), 409: error('the run is not running') },
    },
  },
  '/api/v1/runs/{id}/resume': {
    parameters: [runId],
    post: {
      tags,
      summary: 'Resume a paused run where it stopped',
      responses: { 202: accepted('resuming'), 404: error('unknown run'), 409: error('the run is not paused') },
    },
  },
  '/api/v1/runs/{id}/replay': {
    parameters: [runId],
    post: {
      tags,
      summary: 'Replay an ended run from the LLM cache, with zero provider calls',
      description:
        "Creates a new run (name `replay of <id>`) with the original run's spec (same scenario, seed and agent snapshots) and `llm_cache: replay`: every answer comes from the llm-gateway's shared cache, so the transcript is reproduced event for event. A request the cache does not hold fails the new run with `cache_miss` (e.g. when the original ran with `llm_cache: off`).",
      responses: {
        202: json({ type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] }, 'the replay run was created; its id'),
        400: error('not a run id'),
        404: error('unknown run'),
        409: error('the run has not ended (or has no stored spec)'),
      },
    },
  },
  '/api/v1/runs/{id}/usage': {
    parameters: [runId],
    get: {
      tags,
      summary: "What the run's LLM calls used and cost: totals, per agent and per model",
      description: '`cost_usd` is null when no call had a configured price (the mock has none); `attempts` counts provider attempts.',
      responses: { 200: json(ref('RunUsage'), 'the usage'), 400: error('not a run id'), 404: error('unknown run') },
    },
  },
  '/api/v1/runs/{id}/events/{eventId}': {
    parameters: [runId, { name: 'eventId', in: 'path', required: true, description: 'event id (`<run id>:<seq>`) or seq', schema: { type: 'string' } }],
    get: {
      tags,
      summary: 'One event with the processing attempts of the task that produced it',
      description:
        '`processed_by_engines`: queued, processing, completed / failed per delivery (retry_count = delivery - 1), dead_letter; empty for events no task produced.',
      responses: { 200: json(ref('EventWithAttempts'), 'the event'), 400: error('not a run id'), 404: error('unknown run or event') },
    },
  },
};

export function runControlComponentSchemas(): Json {
  const schema = (s: Parameters<typeof jsonSchemaOf>[0], io: 'input' | 'output' = 'input'): Json => {
    const { $schema: _drop, ...rest } = jsonSchemaOf(s, io);
    return rest;
  };
  return {
    PauseRunRequest: schema(pauseRunRequestSchema),
    InjectEventRequest: schema(injectEventRequestSchema),
    EventWithAttempts: schema(eventWithAttemptsSchema, 'output'),
    RunUsage: schema(runUsageSchema, 'output'),
  };
}
