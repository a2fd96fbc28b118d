import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import {
  DEFAULT_RETRY_POLICY,
  ENGINE_TASK_KINDS,
  consumerMaxDeliver,
  deadLetterThresholdOf,
  lastRetryDelivery,
  parseEnv,
  retryPolicyConfigSchema,
  retryPolicyEnv,
  retryPolicyOf,
} from '../src/index.js';

const env = z.object({ SCRAI_RETRY_POLICY: retryPolicyEnv });
const parse = (value?: string) => parseEnv(env, { SCRAI_RETRY_POLICY: value }, 'engine-actor').SCRAI_RETRY_POLICY;

describe('retry policy as data', () => {
  it('has documented defaults: 4 retries, 1 s doubling up to 30 s, dead-lettered on the 5th delivery', () => {
    for (const cfg of [parse(undefined), parse(''), parse('{}')]) {
      expect(cfg).toEqual({ overrides: {} });
      expect(retryPolicyOf(cfg, 'actor.turn')).toEqual({ max_retries: 4, initial_delay_ms: 1000, max_delay_ms: 30_000, multiplier: 2 });
    }
    expect(lastRetryDelivery(DEFAULT_RETRY_POLICY)).toBe(5);
    expect(deadLetterThresholdOf(DEFAULT_RETRY_POLICY)).toBe(5);
  });

  it('layers defaults, global fields and a task kind\'s override', () => {
    const cfg = parse(JSON.stringify({ max_retries: 2, initial_delay_ms: 200, overrides: { 'actor.turn': { max_retries: 6, max_delay_ms: 60_000 } } }));
    expect(retryPolicyOf(cfg, 'actor.turn')).toEqual({ max_retries: 6, initial_delay_ms: 200, max_delay_ms: 60_000, multiplier: 2 });
    expect(retryPolicyOf(cfg, 'scene.open')).toEqual({ max_retries: 2, initial_delay_ms: 200, max_delay_ms: 30_000, multiplier: 2 });
  });

  it('gives each engine consumer the largest threshold of the kinds it serves', () => {
    const cfg = parse(JSON.stringify({ max_retries: 1, overrides: { 'round.resolve': { dead_letter_threshold: 7 }, 'analysis.report': { max_retries: 3 } } }));
    expect(consumerMaxDeliver(cfg, ENGINE_TASK_KINDS.narrator)).toBe(7);
    expect(consumerMaxDeliver(cfg, ENGINE_TASK_KINDS.analyst)).toBe(4);
    expect(consumerMaxDeliver(cfg, ENGINE_TASK_KINDS.actor)).toBe(2);
  });

  it('fails at boot with the variable and the field path', () => {
    const message = (value: string) => {
      try {
        parse(value);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected a failure');
    };
    expect(message('{max_retries: 1}')).toMatch(/SCRAI_RETRY_POLICY: not valid JSON/);
    expect(message('{"max_retries": -1}')).toMatch(/SCRAI_RETRY_POLICY\.max_retries:/);
    expect(message('{"overrides": {"actor.turn": {"multiplier": 0.5}}}')).toMatch(/SCRAI_RETRY_POLICY\.overrides\.actor\.turn\.multiplier:/);
    expect(message('{"overrides": {"actor.walk": {}}}')).toMatch(/SCRAI_RETRY_POLICY\.overrides/);
    expect(message('{"maxRetries": 3}')).toMatch(/SCRAI_RETRY_POLICY\.maxRetries: unknown field/);
    expect(message('{"initial_delay_ms": 5000, "max_delay_ms": 1000}')).toMatch(/SCRAI_RETRY_POLICY\.max_delay_ms: must be at least initial_delay_ms/);
    expect(message('{"max_retries": 4, "overrides": {"scene.open": {"dead_letter_threshold": 3}}}')).toMatch(
      /SCRAI_RETRY_POLICY\.overrides\.scene\.open\.dead_letter_threshold: must be at least max_retries \+ 1 \(5\)/,
    );
  });

  it('is a plain schema too (for config files)', () => {
    expect(retryPolicyConfigSchema.parse({ multiplier: 3 })).toEqual({ multiplier: 3, overrides: {} });
  });
});
