import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@scrai/contracts';
import type { QueryClient } from '../src/persistence/query-client.js';
import type { RunCommands } from '../src/runs/run-commands.js';
import type { LiveRunEvents } from '../src/runs/live-run-events.js';
import { RunsService } from '../src/runs/runs-service.js';

/** An inline scenario of `n` actors, each with its own inline agent (no template lookups). */
const crowd = (n: number) => ({
  scenario: {
    name: 'crowd',
    opening_situation: 'a square',
    roles: Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, { agent: { name: `a${i}`, engine_type: 'actor', persona: { role: `citizen number ${i} of the town, with opinions` } } }])),
  },
});

function service(maxSpecBytes: number) {
  const sent: string[] = [];
  const queries: QueryClient = { query: async <T>(name: string) => (sent.push(name), {} as T) };
  const commands = { start: async () => void sent.push('start') } as unknown as RunCommands;
  return { sent, runs: new RunsService({ queries, commands, live: {} as LiveRunEvents, maxSpecBytes }) };
}

describe('a run spec larger than the broker carries', () => {
  it('is refused with 413 naming its size and agent count, before anything is recorded or started', async () => {
    const { sent, runs } = service(20_000);
    const e = await runs.createRun(crowd(400)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).status).toBe(413);
    expect((e as DomainError).message).toMatch(/^the run spec is \d+ bytes with 400 agents; the broker carries at most 20000/);
    expect(sent).toEqual([]);
  });

  it('goes through below the limit', async () => {
    const { sent, runs } = service(20_000);
    await runs.createRun(crowd(3));
    expect(sent).toEqual(['runs.create', 'start']);
  });
});
