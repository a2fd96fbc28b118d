import { randomInt, randomUUID } from 'node:crypto';
import {
  DomainError,
  isTerminalStatus,
  parseOrThrow,
  queryRequestSchemas,
  stopRunRequestSchema,
  uuidSchema,
  type EventPage,
  type Page,
  type RunEvent,
  type RunRecord,
} from '@scrai/contracts';
import type { QueryClient } from '../persistence/query-client.js';
import { findTemplate } from '../persistence/template-lookup.js';
import { buildRunSpec } from './build-run-spec.js';
import type { LiveRunEvents } from './live-run-events.js';
import type { RunCommands } from './run-commands.js';
import { runEventFeed } from './run-event-feed.js';

export interface RunsServiceDeps {
  queries: QueryClient;
  commands: RunCommands;
  live: LiveRunEvents;
  clock?: () => Date;
  newRunId?: () => string;
  randomSeed?: () => number;
}

/** Paging parameters as a transport hands them over (HTTP: strings; gRPC: numbers). */
export interface ListRunsParams {
  status?: unknown;
  limit?: unknown;
  offset?: unknown;
}
export interface ListEventsParams {
  after_seq?: unknown;
  limit?: unknown;
}

/** The runs API, shared by the REST controllers and the gRPC handlers. */
export class RunsService {
  private readonly clock: () => Date;
  private readonly newRunId: () => string;
  private readonly randomSeed: () => number;

  constructor(private readonly deps: RunsServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.newRunId = deps.newRunId ?? randomUUID;
    this.randomSeed = deps.randomSeed ?? (() => randomInt(0, 2 ** 31 - 1));
  }

  /** Resolves and records the run (pending), then asks an orchestrator to start it. */
  async createRun(body: unknown): Promise<{ id: string }> {
    const { queries } = this.deps;
    const { spec, scenarioId } = await buildRunSpec(
      body,
      { findScenario: (ref) => findTemplate(queries, 'scenario', ref), findAgent: (ref) => findTemplate(queries, 'agent', ref) },
      { runId: this.newRunId(), now: this.clock(), randomSeed: this.randomSeed },
    );
    await queries.query('runs.create', { spec, scenario_id: scenarioId });
    await this.deps.commands.start(spec);
    return { id: spec.run_id };
  }

  getRun(id: string): Promise<RunRecord> {
    return this.deps.queries.query<RunRecord>('runs.get', { run_id: runId(id) });
  }

  listRuns(params: ListRunsParams): Promise<Page<RunRecord>> {
    const req = parseOrThrow(queryRequestSchemas['runs.list'], withoutUndefined({ ...params }), 'query parameters');
    return this.deps.queries.query<Page<RunRecord>>('runs.list', req);
  }

  /** One page of stored events (persistence answers 404 for an unknown run). */
  listEvents(id: string, params: ListEventsParams): Promise<EventPage<RunEvent>> {
    const req = parseOrThrow(queryRequestSchemas['events.list'], withoutUndefined({ run_id: runId(id), ...params }), 'query parameters');
    return this.deps.queries.query<EventPage<RunEvent>>('events.list', req);
  }

  /** 409 once the run has ended; otherwise the stop is queued (the orchestrator ends the run). */
  async stopRun(id: string, body: unknown): Promise<{ id: string; status: 'stopping' }> {
    const { reason } = parseOrThrow(stopRunRequestSchema, body ?? {});
    const run = await this.getRun(id);
    if (isTerminalStatus(run.status)) throw new DomainError(409, `run ${run.id} is already ${run.status}`);
    await this.deps.commands.stop(run.id, reason ?? 'stopped by user');
    return { id: run.id, status: 'stopping' };
  }

  /** Stored then live events after `afterSeq`; ends after the terminal event. 404 before any event for an unknown run. */
  async watchEvents(id: string, afterSeq: number, signal: AbortSignal): Promise<AsyncIterable<RunEvent>> {
    const run = await this.getRun(id);
    return runEventFeed({ queries: this.deps.queries, live: this.deps.live }, run, afterSeq, signal);
  }
}

function runId(id: string): string {
  if (uuidSchema.safeParse(id).success) return id;
  throw new DomainError(400, `"${id}" is not a run id`, [{ path: 'id', message: 'must be a UUID' }]);
}

function withoutUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
