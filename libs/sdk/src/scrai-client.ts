import {
  TERMINAL_EVENT_TYPES,
  TERMINAL_STATUSES,
  type AgentTemplateInput,
  type CreateRunRequestInput,
  type DeadLetterDetail,
  type DeadLetterPage,
  type RequeuedDeadLetter,
  type EventWithAttempts,
  type ForkRunRequestInput,
  type InjectEventRequest,
  type InjectionAccepted,
  type RunControlAccepted,
  type EngineHealthReport,
  type EngineInstanceRecord,
  type EngineInstanceStatus,
  type EngineType,
  type QueueStats,
  type EventPage,
  type HealthReport,
  type Page,
  type RunEvent,
  type RunRecord,
  type RunSpec,
  type RunUsage,
  type RunStatus,
  type ScenarioTemplateInput,
  type TemplateKind,
  type TemplateRecord,
} from '@scrai/contracts';
import { ScraiApiError, ScraiTimeoutError } from './scrai-api-error.js';
import { readSseFrames } from './sse-reader.js';

export interface ScraiClientOptions {
  /** The gateway's root, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** Sent with every request (an auth header, say). */
  headers?: Record<string, string>;
}

export interface ListRunsOptions {
  status?: RunStatus;
  limit?: number;
  offset?: number;
}

export interface ListEventsOptions {
  after_seq?: number;
  limit?: number;
}

export interface StreamEventsOptions {
  /** Only events with a greater seq (resume point). */
  afterSeq?: number;
  /** Aborting ends the iteration quietly and closes the connection. */
  signal?: AbortSignal;
  /** Reconnections in a row that bring no new event before giving up (default 5). */
  maxReconnects?: number;
}

export interface ListEngineInstancesOptions {
  engine_type?: EngineType;
  status?: EngineInstanceStatus;
  limit?: number;
  offset?: number;
}

export interface ListDeadLettersOptions {
  engine_type?: EngineType;
  run_id?: string;
  /** Exact (`permanent:invalid_output`) or the part before ":" (`permanent`). */
  reason?: string;
  after_id?: number;
  limit?: number;
}

export interface WaitForRunOptions {
  /** Default 10 minutes. */
  timeoutMs?: number;
  /** Default 500 ms. */
  pollMs?: number;
}

const API = '/api/v1';
const enc = encodeURIComponent;
const isTerminalEvent = (e: RunEvent) => TERMINAL_EVENT_TYPES.includes(e.type);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Typed client of the ScrAI gateway's REST API (global fetch; Node 20+ or a browser). */
export class ScraiClient {
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;

  constructor(o: ScraiClientOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.headers = o.headers ?? {};
  }

  /** The readiness of every service; answers (does not throw) when the system is degraded (HTTP 503). */
  async health(): Promise<HealthReport> {
    const res = await fetch(this.url('/health'), { headers: this.headers });
    if (res.status === 200 || res.status === 503) return (await res.json()) as HealthReport;
    throw await ScraiApiError.fromResponse(res);
  }

  listAgents = () => this.request<Page<TemplateRecord>>('GET', `${API}/agents`);
  getAgent = (ref: string) => this.request<TemplateRecord>('GET', `${API}/agents/${enc(ref)}`);
  createAgent = (body: AgentTemplateInput) => this.request<TemplateRecord>('POST', `${API}/agents`, body);
  updateAgent = (ref: string, body: AgentTemplateInput) => this.request<TemplateRecord>('PUT', `${API}/agents/${enc(ref)}`, body);
  deleteAgent = (ref: string) => this.request<void>('DELETE', `${API}/agents/${enc(ref)}`);

  listScenarios = () => this.request<Page<TemplateRecord>>('GET', `${API}/scenarios`);
  getScenario = (ref: string) => this.request<TemplateRecord>('GET', `${API}/scenarios/${enc(ref)}`);
  createScenario = (body: ScenarioTemplateInput) => this.request<TemplateRecord>('POST', `${API}/scenarios`, body);
  updateScenario = (ref: string, body: ScenarioTemplateInput) => this.request<TemplateRecord>('PUT', `${API}/scenarios/${enc(ref)}`, body);
  deleteScenario = (ref: string) => this.request<void>('DELETE', `${API}/scenarios/${enc(ref)}`);

  /** The JSON Schema of a template body. */
  getSchema = (kind: TemplateKind) => this.request<Record<string, unknown>>('GET', `${API}/schemas/${enc(kind)}`);

  /** Starts a run (asynchronously): the answer is its id. */
  createRun = (req: CreateRunRequestInput) => this.request<{ id: string }>('POST', `${API}/runs`, req);
  getRun = (id: string) => this.request<RunRecord>('GET', `${API}/runs/${enc(id)}`);
  listRuns = (o: ListRunsOptions = {}) => this.request<Page<RunRecord>>('GET', `${API}/runs${query({ ...o })}`);
  listEvents = (id: string, o: ListEventsOptions = {}) => this.request<EventPage<RunEvent>>('GET', `${API}/runs/${enc(id)}/events${query({ ...o })}`);
  stopRun = (id: string, reason?: string) =>
    this.request<{ id: string; status: 'stopping' }>('POST', `${API}/runs/${enc(id)}/stop`, reason !== undefined ? { reason } : {});
  /** Re-runs an ended run from the LLM cache only (no provider calls): the answer is the new run's id (409 unless ended). */
  replayRun = (id: string) => this.request<{ id: string }>('POST', `${API}/runs/${enc(id)}/replay`, {});
  /**
   * Forks a run at `from_turn` (the source may still be running once it has that many turns): a new
   * run whose first turns are the source's, served from the LLM cache, then continues with `overrides`
   * (seed, llm, agents.<id>.persona / .llm after the fork point; max_turns, timeout_seconds, budget for
   * the whole run). The answer is the new run's id.
   */
  forkRun = (id: string, body: ForkRunRequestInput) => this.request<{ id: string }>('POST', `${API}/runs/${enc(id)}/fork`, body);
  /** The spec the run was created with; a fork's has `fork` (source run, fork point, changes). */
  getRunSpec = (id: string) => this.request<RunSpec>('GET', `${API}/runs/${enc(id)}/spec`);
  /** Pauses a running run (409 otherwise): tasks in flight complete, nothing new is scheduled until resume. */
  pauseRun = (id: string, reason?: string) =>
    this.request<RunControlAccepted>('POST', `${API}/runs/${enc(id)}/pause`, reason !== undefined ? { reason } : {});
  /** Resumes a paused run where it stopped (409 unless paused). */
  resumeRun = (id: string) => this.request<RunControlAccepted>('POST', `${API}/runs/${enc(id)}/resume`, {});
  /** Injects a user message, narrator twist or intervention into a live run (409 once it has ended). */
  injectEvent = (id: string, event: InjectEventRequest) => this.request<InjectionAccepted>('POST', `${API}/runs/${enc(id)}/events`, event);
  /** One event with `processed_by_engines`, the attempts of the task that produced it; eventId is its id or seq. */
  /** What the run's LLM calls used and cost: totals, per agent and per model. */
  getUsage = (id: string) => this.request<RunUsage>('GET', `${API}/runs/${enc(id)}/usage`);
  getEvent = (id: string, eventId: string | number) => this.request<EventWithAttempts>('GET', `${API}/runs/${enc(id)}/events/${enc(String(eventId))}`);

  /** Engine worker instances (live ones first), from the engine registry. */
  listEngineInstances = (o: ListEngineInstancesOptions = {}) =>
    this.request<Page<EngineInstanceRecord>>('GET', `${API}/engine-instances${query({ ...o })}`);
  getEngineInstance = (id: string) => this.request<EngineInstanceRecord>('GET', `${API}/engine-instances/${enc(id)}`);
  /** Healthy, degraded and recently gone instances and the queue depth of every engine type. */
  engineHealth = () => this.request<EngineHealthReport>('GET', `${API}/engine-instances/health`);
  /** Pending, in-flight and redelivered tasks of one engine type's queue. */
  queueStats = (engineType: EngineType) => this.request<QueueStats>('GET', `${API}/events/queue/${enc(engineType)}`);

  /** Dead-lettered messages, oldest first (page with after_id = next_after_id). */
  listDeadLetters = (o: ListDeadLettersOptions = {}) => this.request<DeadLetterPage>('GET', `${API}/dead-letters${query({ ...o })}`);
  getDeadLetter = (id: number) => this.request<DeadLetterDetail>('GET', `${API}/dead-letters/${id}`);
  /** Republishes the message where it came from (a fresh msgID) and deletes the dead letter; 409 if its run has ended, unless force. */
  requeueDeadLetter = (id: number, o: { force?: boolean } = {}) =>
    this.request<RequeuedDeadLetter>('POST', `${API}/dead-letters/${id}/requeue${o.force ? '?force=true' : ''}`);
  deleteDeadLetter = (id: number) => this.request<void>('DELETE', `${API}/dead-letters/${id}`);

  /** Every stored event of the run, in order (pages through listEvents). */
  async allEvents(id: string): Promise<RunEvent[]> {
    const out: RunEvent[] = [];
    let after = 0;
    for (;;) {
      const page = await this.listEvents(id, { after_seq: after, limit: 1000 });
      out.push(...page.items);
      if (page.next_after_seq === null || page.items.length === 0) return out;
      after = page.next_after_seq;
    }
  }

  /**
   * The run's events, stored then live, as they happen (SSE); ends after the terminal event. A dropped
   * connection is resumed from the last event seen; the iteration ends quietly when `signal` aborts.
   */
  async *streamEvents(id: string, o: StreamEventsOptions = {}): AsyncGenerator<RunEvent> {
    let last = o.afterSeq ?? 0;
    let idle = 0;
    while (!o.signal?.aborted) {
      const conn = new AbortController();
      const onAbort = () => conn.abort();
      o.signal?.addEventListener('abort', onAbort, { once: true });
      let progressed = false;
      try {
        const res = await fetch(this.url(`${API}/runs/${enc(id)}/events/stream${query({ after_seq: last })}`), {
          headers: { ...this.headers, accept: 'text/event-stream' },
          signal: conn.signal,
        });
        if (!res.ok || !res.body) throw await ScraiApiError.fromResponse(res);
        for await (const frame of readSseFrames(res.body)) {
          if (frame.event === 'error') throw streamError(frame.data);
          if (frame.event === 'token') continue; // a streaming run's text in progress; the stored event follows
          const e = JSON.parse(frame.data) as RunEvent;
          if (e.seq <= last) continue;
          last = e.seq;
          progressed = true;
          yield e;
          if (isTerminalEvent(e)) return;
        }
      } catch (err) {
        if (o.signal?.aborted) return;
        if (err instanceof ScraiApiError && err.status !== 503) throw err;
        // a dropped connection or an unavailable backend: resume below
      } finally {
        o.signal?.removeEventListener('abort', onAbort);
        conn.abort();
      }
      if (o.signal?.aborted) return;
      // The stream ended without a terminal event: the run may have ended with its log cut short.
      if (!progressed && TERMINAL_STATUSES.includes((await this.getRun(id)).status)) return;
      idle = progressed ? 0 : idle + 1;
      if (idle > (o.maxReconnects ?? 5)) throw new Error(`event stream of run ${id} keeps closing without new events`);
      await sleep(Math.min(250 * 2 ** idle, 5000));
    }
  }

  /** Polls the run until it has ended; throws ScraiTimeoutError after timeoutMs. */
  async waitForRun(id: string, o: WaitForRunOptions = {}): Promise<RunRecord> {
    const deadline = Date.now() + (o.timeoutMs ?? 10 * 60_000);
    for (;;) {
      // a 503 (a service restarting, the broker reconnecting) is passing: keep polling until the deadline
      const run = await this.getRun(id).catch((e: unknown) => {
        if (e instanceof ScraiApiError && e.status === 503 && Date.now() < deadline) return null;
        throw e;
      });
      if (run && TERMINAL_STATUSES.includes(run.status)) return run;
      if (Date.now() >= deadline) throw new ScraiTimeoutError(`run ${id} is still ${run?.status ?? 'unknown'} after ${o.timeoutMs ?? 600_000} ms`);
      await sleep(Math.min(o.pollMs ?? 500, Math.max(0, deadline - Date.now())));
    }
  }

  private url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.url(path), {
      method,
      headers: { ...this.headers, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw await ScraiApiError.fromResponse(res);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
}

function streamError(data: string): ScraiApiError {
  try {
    const body = JSON.parse(data) as { status?: number; error: string; message: string; details?: [] };
    return new ScraiApiError(body.status ?? 500, { error: body.error, message: body.message, details: body.details ?? [] });
  } catch {
    return new ScraiApiError(500, { error: 'internal', message: data, details: [] });
  }
}
