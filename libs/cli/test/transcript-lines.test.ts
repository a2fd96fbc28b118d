import { describe, expect, it } from '@jest/globals';
import type { RunEvent, RunEventType } from '@scrai/contracts';
import { terminalStyle } from '../src/terminal-style.js';
import { TranscriptLines } from '../src/transcript-lines.js';

const RUN = '3f0c1d52-8a41-4c59-9d7e-2b7f1c0a9e11';
let seq = 0;
const ev = (type: RunEventType, agent: string | null, payload: Record<string, unknown>): RunEvent => ({
  id: `${RUN}:${++seq}`,
  run_id: RUN,
  seq,
  type,
  at: '2025-01-01T00:00:00.000Z',
  agent_id: agent,
  payload,
});

const started = ev('run.started', null, {
  scenario_name: 'town-hall-debate',
  turn_policy: 'round_robin',
  max_turns: 12,
  timeout_seconds: 300,
  deadline_at: '2025-01-01T00:05:00.000Z',
  seed: 42,
  agents: [
    { id: 'mayor', engine_type: 'actor', template_name: 'mayor', role: 'mayor' },
    { id: 'resident', engine_type: 'actor', template_name: 'resident', role: 'resident' },
    { id: 'narrator', engine_type: 'narrator', template_name: 'narrator', role: 'narrator' },
    { id: 'analyst', engine_type: 'analyst', template_name: 'analyst', role: 'analyst' },
  ],
});
const turn = (n: number, action: string, target: string | null, content: string, agent = 'mayor') =>
  ev('actor.turn', agent, { turn: n, round: 1, action, content, target, usage: null });

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[`);
const stripAnsi = (s: string) => s.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '');

function plain(turnPrefix = true, width?: number): TranscriptLines {
  const t = new TranscriptLines({ style: terminalStyle(false), turnPrefix, width });
  t.lines(started);
  return t;
}

describe('TranscriptLines without colour', () => {
  it('opens with the scenario, seed, turn limit and cast', () => {
    const t = new TranscriptLines({ style: terminalStyle(false), turnPrefix: true });
    expect(t.lines(started)).toEqual([
      '▶ town-hall-debate · seed 42 · up to 12 turns · round_robin',
      '  cast: mayor (mayor), resident (resident), narrator (narrator), analyst (analyst)',
    ]);
    expect(t.turnLimit).toBe(12);
  });

  it('prints the narrator opening and the end of a round', () => {
    const t = plain();
    expect(t.lines(ev('scene.opened', 'narrator', { narration: 'The hall is full.', round: 1, usage: null }))).toEqual([
      '~ narrator: The hall is full.',
    ]);
    expect(t.lines(ev('round.resolved', 'narrator', { round: 2, narration: 'Tempers cool.', scene_concluded: true, usage: null }))).toEqual([
      '~ narrator (end of round 2): Tempers cool. [scene concluded]',
    ]);
  });

  it('prints each actor turn with its action and target, prefixed [turn n/N] when there is no bar', () => {
    const t = plain();
    expect(t.lines(turn(1, 'speak', 'resident', 'We need the park.'))).toEqual(['[turn 1/12] mayor [speak → resident] We need the park.']);
    expect(t.lines(turn(2, 'act', null, 'bangs the gavel'))).toEqual(['[turn 2/12] mayor [act] bangs the gavel']);
    expect(t.lines(turn(3, 'think', null, 'They will vote no.', 'resident'))).toEqual(['[turn 3/12] resident [think] They will vote no.']);
    expect(t.lines(turn(4, 'done', null, 'I have said my piece.'))).toEqual(['[turn 4/12] mayor [done] I have said my piece.']);
  });

  it('marks turns with #n when a progress bar shows the count', () => {
    expect(plain(false).lines(turn(5, 'speak', null, 'Hello.'))).toEqual(['#5 mayor [speak] Hello.']);
  });

  it('prints checkpoints with their metrics', () => {
    const t = plain();
    expect(
      t.lines(ev('analysis.checkpoint', 'analyst', { turn: 6, summary: 'Split room.', metrics: { tension: 0.66666, consensus: false }, usage: null })),
    ).toEqual(['◆ analyst, checkpoint at turn 6: Split room.', '  metrics: tension=0.667, consensus=false']);
    expect(t.lines(ev('analysis.checkpoint', 'analyst', { turn: 8, summary: 'Calm.', metrics: {}, usage: null }))).toEqual([
      '◆ analyst, checkpoint at turn 8: Calm.',
    ]);
  });

  it('points at the report, which is printed after the transcript', () => {
    const t = plain();
    expect(t.lines(ev('analysis.report', 'analyst', { turns: 12, report: 'r', highlights: [], metrics: {}, usage: null }))).toEqual([
      '◆ analyst filed the final report (below)',
    ]);
  });

  it('prints how the run ended', () => {
    const t = plain();
    expect(t.lines(ev('run.completed', null, { reason: 'max_turns', turns: 12, rounds: 6 }))).toEqual([
      '■ run completed (max_turns) after 12 turns, 6 rounds',
    ]);
    expect(t.lines(ev('run.failed', null, { error: 'engine-actor gave up', turns: 3, rounds: 2 }))).toEqual([
      '✖ run failed after 3 turns: engine-actor gave up',
    ]);
    expect(t.lines(ev('run.stopped', null, { reason: 'user', turns: 4, rounds: 2 }))).toEqual(['■ run stopped (user) after 4 turns']);
    expect(t.lines(ev('run.budget_exceeded', null, { reason: 'max_tokens 3000', turns: 1, rounds: 1 }))).toEqual([
      '■ run stopped by its LLM budget after 1 turns: max_tokens 3000',
    ]);
  });

  it('falls back to the raw payload when it does not match the contract', () => {
    expect(plain().lines(ev('actor.turn', 'mayor', { nope: 1 }))).toEqual(['· actor.turn {"nope":1}']);
  });

  it('shows the bare turn number before run.started is seen', () => {
    const t = new TranscriptLines({ style: terminalStyle(false), turnPrefix: true });
    expect(t.lines(turn(1, 'speak', null, 'Hi'))).toEqual(['[turn 1] mayor [speak] Hi']);
  });

  it('wraps long text under the given width with an indented continuation', () => {
    const t = plain(true, 40);
    const lines = t.lines(turn(1, 'speak', null, 'one two three four five six seven eight nine ten eleven twelve'));
    expect(lines).toEqual(['[turn 1/12] mayor [speak] one two three', '    four five six seven eight nine ten', '    eleven twelve']);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
  });

  it('never emits ANSI codes when colour is off', () => {
    const t = plain();
    const all = [
      ...t.lines(ev('scene.opened', 'narrator', { narration: 'n', round: 1, usage: null })),
      ...t.lines(turn(1, 'think', 'resident', 'x')),
      ...t.lines(ev('analysis.checkpoint', 'analyst', { turn: 1, summary: 's', metrics: { a: 1 }, usage: null })),
      ...t.lines(ev('run.failed', null, { error: 'e', turns: 1, rounds: 1 })),
    ];
    for (const line of all) expect(line).not.toMatch(ANSI);
  });
});

describe('TranscriptLines with colour', () => {
  it('colours names and markers but keeps the same words', () => {
    const t = new TranscriptLines({ style: terminalStyle(true), turnPrefix: false });
    t.lines(started);
    const [line] = t.lines(turn(1, 'speak', 'resident', 'We need the park.'));
    expect(line).toMatch(ANSI);
    expect(stripAnsi(line!)).toBe('#1 mayor [speak → resident] We need the park.');
  });
});
