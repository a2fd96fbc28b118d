import { describe, expect, it } from '@jest/globals';
import { DomainError, type RunRecord, type RunSpec, type TemplateKind, type TemplateRecord } from '@scrai/contracts';
import { createQueryHandlers, type QueryRepositories } from '../src/query-handlers.js';

const RUN = '5b1c8f0e-8a52-4a53-9d1e-3f4c2b6a7d10';

/** In-memory stand-ins with the repositories' contract (404/409 as DomainErrors). */
function fakeRepos() {
  const templates = new Map<string, TemplateRecord>();
  const runs = new Map<string, RunRecord>();
  let n = 0;
  const key = (kind: TemplateKind, name: string) => `${kind}/${name}`;
  const find = (kind: TemplateKind, ref: string) => [...templates.values()].find((t) => t.kind === kind && (t.id === ref || t.name === ref));
  const repos: QueryRepositories = {
    templates: {
      list: async (kind) => [...templates.values()].filter((t) => !kind || t.kind === kind),
      get: async (kind, ref) => {
        const t = find(kind, ref);
        if (!t) throw new DomainError(404, `no ${kind} template "${ref}"`);
        return t;
      },
      create: async (t) => {
        if (templates.has(key(t.kind, t.name))) throw new DomainError(409, 'exists');
        const rec: TemplateRecord = { id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, kind: t.kind, name: t.name, body: t.body, source: t.source ?? 'user', created_at: 'x', updated_at: 'x' };
        templates.set(key(t.kind, t.name), rec);
        return rec;
      },
      update: async (kind, ref, change) => {
        const t = find(kind, ref);
        if (!t) throw new DomainError(404, 'missing');
        const rec = { ...t, name: change.name, body: change.body };
        templates.delete(key(kind, t.name));
        templates.set(key(kind, change.name), rec);
        return rec;
      },
      delete: async (kind, ref) => {
        const t = find(kind, ref);
        if (!t) throw new DomainError(404, 'missing');
        templates.delete(key(kind, t.name));
      },
    },
    runs: {
      create: async (spec: RunSpec) => {
        const rec: RunRecord = { id: spec.run_id, name: spec.name, scenario_name: spec.scenario.name, status: 'pending', seed: spec.seed, turn_count: 0, event_count: 0, end_reason: null, error: null, created_at: spec.created_at, started_at: null, ended_at: null };
        if (!runs.has(spec.run_id)) runs.set(spec.run_id, rec);
        return runs.get(spec.run_id)!;
      },
      find: async (id) => runs.get(id) ?? null,
      spec: async (id) => (runs.has(id) ? { run_id: id } : null),
      get: async (id) => {
        const r = runs.get(id);
        if (!r) throw new DomainError(404, `no run ${id}`);
        return r;
      },
      list: async (f) => ({ items: [...runs.values()].filter((r) => !f.status || r.status === f.status).slice(f.offset, f.offset + f.limit), total: runs.size }),
    },
    events: { page: async () => ({ items: [], next_after_seq: null }), find: async () => null },
    // not used by these tests; the engine and attempt queries have their own
    taskAttempts: {} as QueryRepositories['taskAttempts'],
    engines: {} as QueryRepositories['engines'],
    llmCalls: {} as QueryRepositories['llmCalls'],
  };
  return repos;
}

const actor = (over: Record<string, unknown> = {}) => ({
  name: 'skeptic',
  engine_type: 'actor',
  persona: { role: 'A skeptic', goals: ['doubt everything'] },
  ...over,
});

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('query handlers', () => {
  it('creates a template with defaults applied and lists it', async () => {
    const q = createQueryHandlers(fakeRepos());
    const created = (await q['templates.create']({ kind: 'agent', body: actor() })) as TemplateRecord;
    expect(created.name).toBe('skeptic');
    expect(created.source).toBe('user');
    expect(created.body).toMatchObject({ llm: { provider: 'mock', model: 'mock-1' }, persona: { backstory: '', traits: {} } });
    expect(await q['templates.list']({ kind: 'agent' })).toEqual({ items: [created], total: 1 });
    expect(await q['templates.get']({ kind: 'agent', ref: created.id })).toEqual(created);
  });

  it('answers a bad template body with a 400 naming the field', async () => {
    const q = createQueryHandlers(fakeRepos());
    const e = await failure(q['templates.create']({ kind: 'agent', body: actor({ persona: { role: 'x', goals: [''] } }) }));
    expect(e.status).toBe(400);
    expect(e.details.map((d) => d.path)).toContain('persona.goals[0]');
    const unknownField = await failure(q['templates.create']({ kind: 'scenario', body: { name: 's', roles: {}, opening_situation: 'x', colour: 1 } }));
    expect(unknownField.details.map((d) => d.path)).toEqual(expect.arrayContaining(['roles', 'colour']));
  });

  it('answers a bad request with a 400 naming the field', async () => {
    const q = createQueryHandlers(fakeRepos());
    const e = await failure(q['runs.get']({ run_id: 'not-a-uuid' }));
    expect(e.status).toBe(400);
    expect(e.details[0]!.path).toBe('run_id');
    expect((await failure(q['templates.list']({ kind: 'robot' }))).details[0]!.path).toBe('kind');
  });

  it('passes 404 and 409 through', async () => {
    const q = createQueryHandlers(fakeRepos());
    await q['templates.create']({ kind: 'agent', body: actor() });
    expect((await failure(q['templates.create']({ kind: 'agent', body: actor() }))).status).toBe(409);
    expect((await failure(q['templates.get']({ kind: 'agent', ref: 'nobody' }))).status).toBe(404);
    expect((await failure(q['runs.get']({ run_id: RUN }))).status).toBe(404);
    expect((await failure(q['runs.spec']({ run_id: RUN }))).status).toBe(404);
    expect((await failure(q['events.list']({ run_id: RUN }))).status).toBe(404);
  });

  it('updates and deletes a template by name', async () => {
    const q = createQueryHandlers(fakeRepos());
    await q['templates.create']({ kind: 'agent', body: actor() });
    const updated = (await q['templates.update']({ kind: 'agent', ref: 'skeptic', body: actor({ description: 'new' }) })) as TemplateRecord;
    expect(updated.body.description).toBe('new');
    expect(await q['templates.delete']({ kind: 'agent', ref: 'skeptic' })).toBeNull();
    expect((await failure(q['templates.delete']({ kind: 'agent', ref: 'skeptic' }))).status).toBe(404);
  });

  it('applies the runs.list defaults', async () => {
    const q = createQueryHandlers(fakeRepos());
    expect(await q['runs.list']({})).toEqual({ items: [], total: 0 });
  });

  it('turns a value the database refuses into a 400', async () => {
    const repos = fakeRepos();
    repos.runs.get = async () => {
      throw Object.assign(new Error('invalid byte sequence'), { code: '22021' });
    };
    const e = await failure(createQueryHandlers(repos)['runs.get']({ run_id: RUN }));
    expect(e.status).toBe(400);
  });
});
