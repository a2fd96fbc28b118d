import { describe, expect, it } from '@jest/globals';
import { TASK_KINDS, type TaskKind } from '@scrai/contracts';
import { extractJson, parseTaskOutput, repairMessages, responseFormatOf } from '../../src/prompts/index.js';
import { conforms, unknownKeywords } from './json-schema-check.js';

const GOOD: Record<TaskKind, Record<string, unknown>> = {
  'scene.open': { narration: 'Rain on the windows.', scene_concluded: false },
  'actor.turn': { action: 'speak', content: 'Show me the numbers.', target: 'bob' },
  'round.resolve': { narration: 'Bob hesitates.', scene_concluded: true },
  'analysis.checkpoint': { summary: 'Alice is winning.', metrics: { persuasion_score: 0.7, consensus: false } },
  'analysis.report': { report: 'Alice persuaded Bob.', highlights: ['turn 4'], metrics: { consensus: 'partial' } },
};

const BAD: Record<TaskKind, { value: Record<string, unknown>; path: string }> = {
  'scene.open': { value: { narration: '' }, path: 'narration' },
  'actor.turn': { value: { action: 'shout', content: 'hi' }, path: 'action' },
  'round.resolve': { value: { scene_concluded: true }, path: 'narration' },
  'analysis.checkpoint': { value: { summary: 'x', metrics: { a: [1] } }, path: 'metrics.a' },
  'analysis.report': { value: { report: 'x', highlights: 'one' }, path: 'highlights' },
};

describe('response formats', () => {
  it.each(TASK_KINDS)('%s: is a JSON Schema (2020-12) of an object that describes the output', (kind) => {
    const f = responseFormatOf(kind);
    if (f.type !== 'json_schema') throw new Error('expected a json_schema format');
    const s = f.schema;
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.type).toBe('object');
    expect(s.additionalProperties).toBe(false);
    expect(unknownKeywords(s)).toEqual([]);
    expect(conforms(s, GOOD[kind])).toBe(true);
    expect(conforms(s, BAD[kind].value)).toBe(false);
  });

  it('hands out a fresh copy each time', () => {
    const a = responseFormatOf('actor.turn');
    if (a.type === 'json_schema') a.schema.type = 'string';
    const b = responseFormatOf('actor.turn');
    expect(b.type === 'json_schema' && b.schema.type).toBe('object');
  });
});

describe('parseTaskOutput', () => {
  it.each(TASK_KINDS)('%s: accepts a good answer as text and as an object', (kind) => {
    const fromText = parseTaskOutput(kind, JSON.stringify(GOOD[kind]));
    const fromObject = parseTaskOutput(kind, GOOD[kind]);
    expect(fromText).toEqual({ ok: true, output: expect.objectContaining(GOOD[kind]) });
    expect(fromObject).toEqual(fromText);
  });

  it.each(TASK_KINDS)('%s: rejects a bad answer, naming the field', (kind) => {
    const r = parseTaskOutput(kind, JSON.stringify(BAD[kind].value));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(`${BAD[kind].path}:`);
  });

  it('fills defaults and drops unknown fields', () => {
    expect(parseTaskOutput('round.resolve', '{"narration":"n","mood":"grim"}')).toEqual({ ok: true, output: { narration: 'n', scene_concluded: false } });
  });

  it('reads JSON inside a code fence or surrounded by prose', () => {
    expect(parseTaskOutput('actor.turn', '```json\n{"action":"act","content":"nods"}\n```')).toEqual({ ok: true, output: { action: 'act', content: 'nods' } });
    expect(parseTaskOutput('actor.turn', 'Here you go: {"action":"think","content":"hm"} Hope it helps.')).toEqual({
      ok: true,
      output: { action: 'think', content: 'hm' },
    });
  });

  it('says why text is unusable', () => {
    expect(parseTaskOutput('actor.turn', '   ')).toEqual({ ok: false, reason: 'the answer is empty' });
    const notJson = parseTaskOutput('actor.turn', 'I would rather speak freely.');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.reason).toMatch(/not a JSON object/);
    expect(parseTaskOutput('actor.turn', '[1,2]')).toEqual({ ok: false, reason: 'the answer must be a JSON object' });
    expect(parseTaskOutput('actor.turn', null)).toEqual({ ok: false, reason: 'the answer must be a JSON object' });
  });

  it('extractJson keeps the parse error of the whole text', () => {
    const r = extractJson('{"a":');
    expect(r.ok).toBe(false);
  });
});

describe('repairMessages', () => {
  it('replays the bad answer and asks again with the reason', () => {
    const m = repairMessages('nope', 'the answer is not a JSON object');
    expect(m).toEqual([
      { role: 'assistant', content: 'nope' },
      { role: 'user', content: expect.stringContaining('the answer is not a JSON object') },
    ]);
  });
});
