import { describe, expect, it } from '@jest/globals';
import { actorTurnOutputSchema } from '@scrai/contracts';
import { MockProvider, requestKey } from '@scrai/llm';
import { jsonFormat, PERSONA_HINTS, request } from './request-fixtures.js';

const mock = new MockProvider();
const actor = jsonFormat('actor_turn', actorTurnOutputSchema);

describe('mock provider determinism', () => {
  it('answers the same request twice byte for byte', async () => {
    const a = await mock.generate(request({ response_format: actor }));
    const b = await mock.generate(request({ response_format: actor }));
    expect(b).toEqual(a);
    expect(b.text).toBe(a.text);
  });

  it('answers identically when only the labels (request, run, agent ids) differ', async () => {
    const a = await mock.generate(request({ response_format: actor, request_id: 'x', run_id: 'r1' }));
    const b = await mock.generate(request({ response_format: actor, request_id: 'y', run_id: 'r2', agent_id: 'z' }));
    expect(b.text).toBe(a.text);
  });

  it('does not depend on the key order of the hints', async () => {
    const reversed = Object.fromEntries(Object.entries(PERSONA_HINTS).reverse());
    expect(requestKey(request({ hints: reversed }))).toBe(requestKey(request()));
  });

  it('answers differently for a different seed', async () => {
    const texts = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) texts.add((await mock.generate(request({ seed }))).text);
    expect(texts.size).toBeGreaterThanOrEqual(4);
  });

  it('does not let the latency setting change the answer', async () => {
    const slow = new MockProvider({ latency: { kind: 'uniform', min: 1, max: 5 } });
    expect((await slow.generate(request())).text).toBe((await mock.generate(request())).text);
  });

  it('streams the same text as generate, then finishes with the same result', async () => {
    const req = request({ response_format: actor });
    const whole = await mock.generate(req);
    let text = '';
    let finish: unknown;
    for await (const part of mock.stream(req)) {
      if (part.type === 'text-delta') text += part.delta;
      else finish = part.result;
    }
    expect(text).toBe(whole.text);
    expect(finish).toEqual(whole);
  });

  it('embeds deterministically, normalized, with related texts closer than unrelated ones', async () => {
    const { embeddings } = await mock.embed(['the budget is frozen', 'the budget is frozen this year', 'purple elephants dance']);
    const again = await mock.embed(['the budget is frozen']);
    expect(again.embeddings[0]).toEqual(embeddings[0]);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(embeddings[0]!, embeddings[0]!)).toBeCloseTo(1, 4);
    expect(dot(embeddings[0]!, embeddings[1]!)).toBeGreaterThan(dot(embeddings[0]!, embeddings[2]!));
  });
});
