import { describe, expect, it } from '@jest/globals';
import { compactOutbox, expandOutbox } from '../src/compact-outbox.js';
import { decodeRunRecord, encodeRunRecord } from '../src/run-record.js';
import { largeRoundDecision, tasksOf, townHallSpec } from './town-hall-run.js';

const MB = 1_000_000;
const dec = new TextDecoder();
/** The record as orchestrators wrote it before format 2: state and outbox in full. */
const oldFormat = (r: { state: unknown; outbox: unknown }) => new TextEncoder().encode(JSON.stringify({ state: r.state, outbox: r.outbox }));

describe('run record (state + outbox in KV)', () => {
  const sizes: Record<number, { before: number; after: number }> = {};
  for (const n of [50, 100]) {
    it(`stores a ${n}-actor simultaneous round once per shared value and gives back the same commands`, () => {
      const { state, commands } = largeRoundDecision(townHallSpec(n));
      expect(tasksOf(commands)).toHaveLength(n); // the round schedules every actor at once
      const stored = encodeRunRecord({ state, outbox: commands });
      const back = decodeRunRecord(JSON.parse(dec.decode(stored)));
      // the same JSON, command for command: same task bodies, same msgIDs (event id, task id)
      expect(back.outbox.map((c) => JSON.stringify(c))).toEqual(commands.map((c) => JSON.stringify(c)));
      expect(JSON.stringify(back.state)).toBe(JSON.stringify(state));
      sizes[n] = { before: oldFormat({ state, outbox: commands }).length, after: stored.length };
    });
  }

  it('is well under the broker max_payload (1 MB) for 100 actors, where the full outbox was over it', () => {
    process.stdout.write(`run record sizes (bytes): ${JSON.stringify(sizes)}\n`);
    expect(sizes[100]!.before).toBeGreaterThan(MB); // the failure the benchmark found
    expect(sizes[100]!.after).toBeLessThan(MB / 4);
    // what remains grows with N (one agent per task), not with N²
    expect(sizes[100]!.after / sizes[50]!.after).toBeLessThan(2.5);
  });

  it('still reads records written in the old format (outbox in full)', () => {
    const { state, commands } = largeRoundDecision(townHallSpec(6));
    const back = decodeRunRecord(JSON.parse(dec.decode(oldFormat({ state, outbox: commands }))));
    expect(back).toEqual({ state, outbox: commands });
  });

  it('keeps events as they are and shares only values that are equal to the byte', () => {
    const { commands } = largeRoundDecision(townHallSpec(6));
    const compact = compactOutbox(commands);
    const tasks = compact.filter((c) => c.type === 'schedule');
    expect(tasks[0]).not.toHaveProperty('same'); // the first task is stored in full
    const shared = tasks[1]!.same!.map(([path]) => path.join('.'));
    expect(shared).toEqual(expect.arrayContaining(['scenario', 'participants', 'transcript']));
    expect(tasks[1]!.task.participants).toBeNull();
    // the fourth speaker has the first one's template: its persona is shared, its id is not
    expect(tasks[3]!.same!.map(([path]) => path.join('.'))).toContain('agent.persona');
    expect((tasks[3]!.task.agent as { id: string }).id).toBe('speaker-4');
    for (const c of compact.filter((x) => x.type === 'emit')) expect(commands).toContainEqual(c);
    // a value that differs in one character is stored apart
    const tweaked = structuredClone(commands);
    const second = tasksOf(tweaked)[1]!;
    second.participants = second.participants.map((p, i) => (i === 0 ? { ...p, role: `${p.role}.` } : p));
    const again = compactOutbox(tweaked).filter((c) => c.type === 'schedule')[1]!;
    expect(again.same!.map(([path]) => path.join('.'))).not.toContain('participants');
    expect(expandOutbox(JSON.parse(JSON.stringify(compactOutbox(tweaked))))).toEqual(JSON.parse(JSON.stringify(tweaked)));
  });

  it('refuses a record whose references lead nowhere', () => {
    const { commands } = largeRoundDecision(townHallSpec(4));
    const compact = JSON.parse(JSON.stringify(compactOutbox(commands)));
    const second = compact.findLast((c: { type: string; same?: unknown[] }) => c.type === 'schedule' && c.same);
    second.same[0][1] = compact.length; // a later command
    expect(() => expandOutbox(compact)).toThrow(/not an earlier task/);
    expect(() => decodeRunRecord({ v: 3, state: {}, outbox: [] })).toThrow(/unknown format 3/);
  });
});
