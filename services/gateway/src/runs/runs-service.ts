import { randomInt, randomUUID } from 'node:crypto';
import {
  DomainError,
  forkRunRequestSchema,
  injectEventRequestSchema,
  isTerminalStatus,
  parseOrThrow,
  pauseRunRequestSchema,
  queryRequestSchemas,
  stopRunRequestSchema,
  uuidSchema,
  type EventPage,
  type EventWithAttempts,
  type InjectionAccepted,
  type Page,
  type RunControlAccepted,
  type RunEvent,
  type RunRecord,
  type RunSpec,
  type RunUsage,
} from '@scrai/contracts';
import type { QueryClient } from '../persistence/query-client.js';
import { findTemplate } from '../persistence/template-lookup.js';
import { buildRunSpec } from './build-run-spec.js';
import { replaySpecOf } from './replay-spec.js';
import { forkSpecOf } from './fork-spec.js';
import type { LiveRunEvents } from './live-run-events.js';
import type { RunCommands } from './run-commands.js';
import { runEventFeed, type RunEventFeed } from './run-event-feed.js';

export interface RunsServiceDeps {
  queries: QueryClient;
  commands: RunCommands;
  live: LiveRunEvents;
  clock?: () => Date;
  newRunId?: () => string;
  /** Ids of pause/resume requests and of injections. */
  newRequestId?: () => string;
  randomSeed?: () => number;
  /**
   * The largest run spec the broker can carry (its max_payload, less room for the envelope): the spec
   * travels whole in the create request and the start command. Absent: no check.
   */
  maxSpecBytes?: number;
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
  private readonly newRequestId: () => string;
  private readonly randomSeed: () => number;

  constructor(private readonly deps: RunsServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.newRunId = deps.newRunId ?? randomUUID;
    this.newRequestId = deps.newRequestId ?? randomUUID;
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
    this.checkSpecSize(spec);
    await queries.query('runs.create', { spec, scenario_id: scenarioId });
    await this.deps.commands.start(spec);
    return { id: spec.run_id };
  }

  /** 413 for a spec the broker cannot carry, naming its size and what makes it large, instead of a failed publish. */
  private checkSpecSize(spec: { agents: unknown[] }): void {
    const limit = this.deps.maxSpecBytes;
    if (limit === undefined) return;
    const bytes = Buffer.byteLength(JSON.stringify(spec));
    if (bytes <= limit) return;
    throw new DomainError(413, `the run spec is ${bytes} bytes with ${spec.agents.length} agents; the broker carries at most ${limit} (NATS max_payload): use fewer agents or shorter personas, or raise max_payload`, [
      { path: 'agents', message: `${spec.agents.length} agents make a ${bytes}-byte spec (limit ${limit})` },
    ]);
  }

  /**
   * Re-runs an ended run (completed, failed or stopped; else 409) as a new run with the original's
   * spec and the LLM cache in replay mode: no provider calls, the same transcript (404 for an unknown run).
   */
  async replayRun(id: string): Promise<{ id: string }> {
    const { queries } = this.deps;
    const run = await this.getRun(id);
    if (!isTerminalStatus(run.status)) throw new DomainError(409, `run ${run.id} is ${run.status}; only an ended run can be replayed`);
    const stored = await queries.query<unknown>('runs.spec', { run_id: run.id });
    const spec = replaySpecOf(stored, run.id, { runId: this.newRunId(), now: this.clock() });
    await queries.query('runs.create', { spec, scenario_id: spec.scenario.id });
    await this.deps.commands.start(spec);
    return { id: spec.run_id };
  }

  /**
   * A new run that continues the source (ended or not, 404 when unknown) from `from_turn` with the
   * body's overrides (fork-spec.ts): its first `from_turn` turns are the source's, answered from the
   * shared LLM cache; the changes take effect after them. 400 for a bad body, 409 for a fork point
   * the source has not reached.
   */
  async forkRun(id: string, body: unknown): Promise<{ id: string }> {
    const { queries } = this.deps;
    const req = parseOrThrow(forkRunRequestSchema, body ?? {});
    const run = await this.getRun(id);
    const stored = await queries.query<unknown>('runs.spec', { run_id: run.id });
    const spec = forkSpecOf(stored, run, req, { runId: this.newRunId(), now: this.clock() });
    await queries.query('runs.create', { spec, scenario_id: spec.scenario.id });
    await this.deps.commands.start(spec);
    return { id: spec.run_id };
  }

  /** The run's resolved spec as stored when it was created (a fork's says where it came from); 404 when unknown. */
  getRunSpec(id: string): Promise<RunSpec> {
    return this.deps.queries.query<RunSpec>('runs.spec', { run_id: runId(id) });
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

  /** What the run's LLM calls cost: totals, per agent and per model (404 for an unknown run). */
  usage(id: string): Promise<RunUsage> {
    return this.deps.queries.query<RunUsage>('usage.get', { run_id: runId(id) });
  }

  /** One stored event with the processing attempts of the task that produced it (404 when not stored). */
  getEvent(id: string, eventId: string): Promise<EventWithAttempts> {
    return this.deps.queries.query<EventWithAttempts>('events.get', { run_id: runId(id), event_id: eventId });
  }

  /**
   * 409 unless the run is running (as stored: a run just started may still read pending). The
   * orchestrator pauses it in order with the results it is applying; GET /runs/{id} then says paused.
   */
  async pauseRun(id: string, body: unknown): Promise<RunControlAccepted> {
    const { reason } = parseOrThrow(pauseRunRequestSchema, body ?? {});
    const run = await this.getRun(id);
    if (run.status !== 'running') throw new DomainError(409, `run ${run.id} is ${run.status}; only a running run can be paused`);
    await this.deps.commands.pause(run.id, this.newRequestId(), reason ?? 'paused by user');
    return { id: run.id, status: 'pausing' };
  }

  /** 409 unless the run is paused. */
  async resumeRun(id: string): Promise<RunControlAccepted> {
    const run = await this.getRun(id);
    if (run.status !== 'paused') throw new DomainError(409, `run ${run.id} is ${run.status}; only a paused run can be resumed`);
    await this.deps.commands.resume(run.id, this.newRequestId());
    return { id: run.id, status: 'resuming' };
  }

  /** Injects a user message, narrator twist or intervention into a live (or paused) run; 409 once it has ended. */
  async injectEvent(id: string, body: unknown): Promise<InjectionAccepted> {
    const req = parseOrThrow(injectEventRequestSchema, body ?? {});
    const run = await this.getRun(id);
    if (isTerminalStatus(run.status)) throw new DomainError(409, `run ${run.id} is already ${run.status}`);
    const injectionId = this.newRequestId();
    await this.deps.commands.inject(run.id, injectionId, { kind: req.kind, content: req.content, author: req.author ?? null, target: req.target ?? null });
    return { id: run.id, injection_id: injectionId };
  }

  /** Stored then live events after `afterSeq` (ends after the terminal event) and, while the run goes on, its live token parts. 404 for an unknown run. */
  async watchEvents(id: string, afterSeq: number, signal: AbortSignal): Promise<RunEventFeed> {
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
