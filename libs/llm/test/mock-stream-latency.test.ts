import { describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { actorTurnOutputSchema } from '@scrai/contracts';
import { MockProvider } from '@scrai/llm';
import { jsonFormat, request } from './request-fixtures.js';

describe('mock provider streaming', () => {
  it('spreads its latency over the deltas, as a model generating them does, and ends with the generate result', async () => {
    const latency = 600;
    const slow = new MockProvider({ latency: { kind: 'fixed', ms: latency } });
    const req = request({ response_format: jsonFormat('actor_turn', actorTurnOutputSchema) });
    const t0 = performance.now();
    const deltaTimes: number[] = [];
    let text = '';
    let finishedAt = 0;
    let result: unknown;
    for await (const part of slow.stream(req)) {
      if (part.type === 'text-delta') {
        deltaTimes.push(performance.now() - t0);
        text += part.delta;
      } else {
        finishedAt = performance.now() - t0;
        result = part.result;
      }
    }
    expect(deltaTimes.length).toBeGreaterThanOrEqual(5);
    // The first words come long before the whole latency has passed, the last ones near its end.
    expect(deltaTimes[0]!).toBeLessThan(latency / 2);
    expect(deltaTimes.at(-1)!).toBeGreaterThanOrEqual(latency - 5);
    expect(finishedAt).toBeGreaterThanOrEqual(latency - 5);
    const whole = await new MockProvider().generate(req);
    expect(text).toBe(whole.text);
    expect(result).toEqual(whole);
  });
});
