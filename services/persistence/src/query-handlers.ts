import { DomainError, parseOrThrow, queryRequestSchemas, type QueryName } from '@scrai/contracts';
import { isDataError, type EventsRepository, type LlmCallsRepository, type RunsRepository, type TemplatesRepository } from '@scrai/db';
import type { z } from 'zod';
import { parseTemplateBody } from './template-body.js';
import { createEngineQueryHandlers, type EngineQueryRepository } from './engine-query-handlers.js';
import { createEventQueryHandlers, type EventQueryRepositories } from './event-query-handlers.js';

export type QueryHandler = (request: unknown) => Promise<unknown>;
/** The repository methods the queries use (the Repositories of @scrai/db, or fakes in unit tests). */
export interface QueryRepositories {
  templates: Pick<TemplatesRepository, 'list' | 'get' | 'create' | 'update' | 'delete'>;
  runs: Pick<RunsRepository, 'create' | 'get' | 'find' | 'list' | 'spec'>;
  events: Pick<EventsRepository, 'page' | 'find'>;
  taskAttempts: EventQueryRepositories['taskAttempts'];
  engines: EngineQueryRepository;
  llmCalls: Pick<LlmCallsRepository, 'usageOfRun'>;
}

const requestOf = <N extends QueryName>(name: N, data: unknown): z.infer<(typeof queryRequestSchemas)[N]> =>
  parseOrThrow(queryRequestSchemas[name], data, `${name} request`) as z.infer<(typeof queryRequestSchemas)[N]>;

/** A value Postgres refuses (e.g. a NUL character, an out-of-range number) is the caller's 400. */
const rejectingBadValues =
  (h: QueryHandler): QueryHandler =>
  async (request) => {
    try {
      return await h(request);
    } catch (e) {
      if (isDataError(e)) throw new DomainError(400, `the database rejected a value: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  };

/**
 * One handler per query of contracts' queryRequestSchemas. Each validates its request (400 with
 * field paths) and answers with domain records; DomainErrors (404, 409) travel as query errors.
 */
export function createQueryHandlers(repos: QueryRepositories): Record<QueryName, QueryHandler> {
  const handlers: Record<QueryName, QueryHandler> = {
    'runs.create': async (data) => {
      const r = requestOf('runs.create', data);
      return repos.runs.create(r.spec, r.scenario_id ?? r.spec.scenario.id);
    },
    'runs.get': async (data) => repos.runs.get(requestOf('runs.get', data).run_id),
    'runs.spec': async (data) => {
      const id = requestOf('runs.spec', data).run_id;
      const spec = await repos.runs.spec(id);
      if (!spec) throw new DomainError(404, `no run ${id}`);
      return spec;
    },
    'runs.list': async (data) => {
      const r = requestOf('runs.list', data);
      return repos.runs.list({ status: r.status, limit: r.limit, offset: r.offset });
    },
    'events.list': async (data) => {
      const r = requestOf('events.list', data);
      const page = await repos.events.page(r.run_id, { after_seq: r.after_seq, limit: r.limit });
      if (page.items.length === 0 && !(await repos.runs.find(r.run_id))) throw new DomainError(404, `no run ${r.run_id}`);
      return page;
    },
    'templates.list': async (data) => {
      const items = await repos.templates.list(requestOf('templates.list', data).kind);
      return { items, total: items.length };
    },
    'templates.get': async (data) => {
      const r = requestOf('templates.get', data);
      return repos.templates.get(r.kind, r.ref);
    },
    'templates.create': async (data) => {
      const r = requestOf('templates.create', data);
      const body = parseTemplateBody(r.kind, r.body);
      return repos.templates.create({ kind: r.kind, name: body.name, body, source: 'user' });
    },
    'templates.update': async (data) => {
      const r = requestOf('templates.update', data);
      const body = parseTemplateBody(r.kind, r.body);
      return repos.templates.update(r.kind, r.ref, { name: body.name, body });
    },
    'templates.delete': async (data) => {
      const r = requestOf('templates.delete', data);
      await repos.templates.delete(r.kind, r.ref);
      return null;
    },
    'usage.get': async (data) => {
      const r = requestOf('usage.get', data);
      if (!(await repos.runs.find(r.run_id))) throw new DomainError(404, `no run ${r.run_id}`);
      return { run_id: r.run_id, ...(await repos.llmCalls.usageOfRun(r.run_id)) };
    },
    ...createEngineQueryHandlers(repos.engines),
    ...createEventQueryHandlers(repos),
  };
  return Object.fromEntries(Object.entries(handlers).map(([k, h]) => [k, rejectingBadValues(h)])) as Record<QueryName, QueryHandler>;
}
