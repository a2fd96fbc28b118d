import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import {
  actorTurnOutputSchema,
  checkpointOutputSchema,
  narrationOutputSchema,
  reportOutputSchema,
  type LlmHints,
} from '@scrai/contracts';
import { LlmError, MockProvider } from '@scrai/llm';
import { jsonFormat, PERSONA_HINTS, request } from './request-fixtures.js';

const mock = new MockProvider();

async function answer(schema: z.ZodType, hints: LlmHints): Promise<unknown> {
  const r = await mock.generate(request({ hints, response_format: jsonFormat('out', schema) }));
  expect(r.finish_reason).toBe('stop');
  const parsed: unknown = JSON.parse(r.text);
  expect(r.object).toEqual(parsed);
  return schema.parse(parsed);
}

const actorHints = (turn: number): LlmHints => ({ ...PERSONA_HINTS, turn, last_line: `Line number ${turn} from bob.` });
const narratorHints = (round: number, kind = 'round.resolve'): LlmHints => ({
  ...PERSONA_HINTS,
  task_kind: kind,
  agent_id: 'narrator',
  persona_role: 'narrator',
  participants: ['alice', 'bob', 'carol'],
  round,
  max_rounds: 10,
});
const analystHints = (kind: string, turn: number): LlmHints => ({ ...PERSONA_HINTS, task_kind: kind, agent_id: 'analyst', persona_role: 'analyst', turn });

describe('mock provider structured output', () => {
  it('answers actor turns that validate, with a target among the other participants', async () => {
    const actions = new Set<string>();
    for (let turn = 0; turn < 30; turn++) {
      const out = (await answer(actorTurnOutputSchema, actorHints(turn))) as z.infer<typeof actorTurnOutputSchema>;
      actions.add(out.action);
      if (out.target != null) expect(['bob', 'carol']).toContain(out.target);
    }
    expect(actions.has('speak')).toBe(true);
  });

  it('says done rarely early and more often near the end', async () => {
    const doneAt = async (turn: number, seeds: number) => {
      let n = 0;
      for (let seed = 0; seed < seeds; seed++) {
        const r = await mock.generate(
          request({ seed, hints: { ...PERSONA_HINTS, turn, max_turns: 30 }, response_format: jsonFormat('a', actorTurnOutputSchema) }),
        );
        if ((JSON.parse(r.text) as { action: string }).action === 'done') n++;
      }
      return n;
    };
    const early = await doneAt(1, 100);
    const late = await doneAt(29, 100);
    expect(early).toBeLessThanOrEqual(6);
    expect(late).toBeGreaterThan(early + 15);
  });

  it('answers narrations that validate, concluding only in the late rounds', async () => {
    const concludedRounds: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (let seed = 0; seed < 10; seed++) {
        const r = await mock.generate(request({ seed, hints: narratorHints(round), response_format: jsonFormat('n', narrationOutputSchema) }));
        const out = narrationOutputSchema.parse(JSON.parse(r.text));
        if (out.scene_concluded) concludedRounds.push(round);
      }
    }
    expect(concludedRounds.every((r) => r >= 4)).toBe(true);
    expect(concludedRounds.filter((r) => r >= 8).length).toBeGreaterThan(0);
    const opening = narrationOutputSchema.parse(await answer(narrationOutputSchema, narratorHints(0, 'scene.open')));
    expect(opening.narration).toContain('A tense wage negotiation');
    expect(opening.scene_concluded).toBe(false);
  });

  it('answers checkpoints that validate, with tension and agreement in 0..1', async () => {
    const out = (await answer(checkpointOutputSchema, analystHints('analysis.checkpoint', 12))) as z.infer<typeof checkpointOutputSchema>;
    expect(out.summary.length).toBeGreaterThan(40);
    expect(out.metrics.turns_observed).toBe(12);
    for (const k of ['tension', 'agreement']) {
      expect(out.metrics[k]).toBeGreaterThanOrEqual(0);
      expect(out.metrics[k]).toBeLessThanOrEqual(1);
    }
  });

  it('answers reports that validate: several paragraphs mentioning every participant, plus highlights', async () => {
    const out = (await answer(reportOutputSchema, analystHints('analysis.report', 30))) as z.infer<typeof reportOutputSchema>;
    expect(out.report.split('\n\n').length).toBeGreaterThanOrEqual(3);
    for (const p of ['alice', 'bob', 'carol']) expect(out.report).toContain(p);
    expect(out.highlights.length).toBeGreaterThanOrEqual(3);
    expect(typeof out.metrics.tension).toBe('number');
  });

  it('also satisfies the output-mode schemas (every field required, no extra properties)', async () => {
    for (const schema of [actorTurnOutputSchema, narrationOutputSchema, checkpointOutputSchema, reportOutputSchema]) {
      const format = { type: 'json_schema' as const, name: 'o', schema: z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown> };
      const r = await mock.generate(request({ response_format: format }));
      expect(() => schema.parse(JSON.parse(r.text))).not.toThrow();
    }
  });

  it('fills schemas it has never seen: nesting, bounds, enums, unions, nullables, tuples and refs', async () => {
    const position = z.object({ x: z.number().min(-5).max(5), y: z.number().int().gt(10).lte(12) });
    const schema = z.object({
      speaker: z.string(),
      mood: z.enum(['calm', 'angry']),
      confidence: z.number().min(0).max(1),
      tags: z.array(z.string().min(3).max(8)).min(4).max(6),
      where: position,
      path: z.array(position).min(1),
      maybe: z.string().nullable(),
      kind: z.literal('move'),
      either: z.union([z.object({ a: z.boolean() }), z.number().int().multipleOf(5).min(7)]),
      pair: z.tuple([z.string(), z.number().int()]),
      id: z.string().uuid(),
      counts: z.record(z.string(), z.number().int().nonnegative()),
      note: z.string().max(12).optional(),
    });
    const r = await mock.generate(request({ response_format: jsonFormat('custom', schema) }));
    const out = schema.parse(JSON.parse(r.text));
    expect(out.speaker).toBe('alice');
  });

  it('follows local $refs', async () => {
    const format = {
      type: 'json_schema' as const,
      name: 'ref',
      schema: { type: 'object', properties: { a: { $ref: '#/$defs/turn' } }, required: ['a'], $defs: { turn: jsonFormat('t', actorTurnOutputSchema).schema } },
    };
    const r = await mock.generate(request({ response_format: format }));
    expect(() => actorTurnOutputSchema.parse((JSON.parse(r.text) as { a: unknown }).a)).not.toThrow();
  });

  it('rejects an unusable schema with a permanent bad_request error', async () => {
    const format = { type: 'json_schema' as const, name: 'bad', schema: { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } } };
    await expect(mock.generate(request({ response_format: format }))).rejects.toMatchObject({ code: 'bad_request', retryable: false });
    await expect(mock.generate(request({ response_format: format }))).rejects.toBeInstanceOf(LlmError);
  });
});
