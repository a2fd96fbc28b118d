import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { engineEnvShape, engineTopologyOf, engineWorkerOptionsOf, runIdOfTaskSubject } from '../src/index.js';

const schema = z.object(engineEnvShape);

describe('engine env', () => {
  it('has documented defaults', () => {
    const env = schema.parse({});
    expect(env).toEqual({
      SCRAI_ENGINE_CONCURRENCY: 64,
      SCRAI_TASK_ACK_WAIT_MS: 30_000,
      SCRAI_RETRY_POLICY: { overrides: {} },
      SCRAI_LLM_TIMEOUT_MS: 120_000,
      SCRAI_HEARTBEAT_MS: 5_000,
      SCRAI_ENGINE_TTL_MS: 15_000,
    });
    expect(engineWorkerOptionsOf('narrator', env)).toEqual({
      engineType: 'narrator',
      concurrency: 64,
      ackWaitMs: 30_000,
      maxDeliver: 5,
      retry: { overrides: {} },
      llmTimeoutMs: 120_000,
      heartbeatMs: 5_000,
      engineTtlMs: 15_000,
    });
  });

  it('reads strings from the environment and rejects nonsense', () => {
    expect(schema.parse({ SCRAI_ENGINE_CONCURRENCY: '8' }).SCRAI_ENGINE_CONCURRENCY).toBe(8);
    expect(schema.safeParse({ SCRAI_ENGINE_CONCURRENCY: '0' }).success).toBe(false);
    expect(schema.safeParse({ SCRAI_TASK_ACK_WAIT_MS: 'soon' }).success).toBe(false);
  });

  it('asks the topology only for its own engine type', () => {
    const env = schema.parse({ SCRAI_TASK_ACK_WAIT_MS: '60000', SCRAI_TASK_MAX_DELIVER: '3' });
    expect(engineTopologyOf('actor', env)).toEqual({ taskAckWaitMs: { actor: 60_000 }, taskMaxDeliver: { actor: 3 } });
  });

  it('maps the retry policy onto the consumer: max_deliver is the largest threshold of the type\'s kinds', () => {
    const env = schema.parse({
      SCRAI_RETRY_POLICY: JSON.stringify({ max_retries: 2, overrides: { 'round.resolve': { max_retries: 6 }, 'scene.open': { dead_letter_threshold: 9 } } }),
    });
    expect(engineWorkerOptionsOf('narrator', env).maxDeliver).toBe(9);
    expect(engineWorkerOptionsOf('actor', env).maxDeliver).toBe(3);
    expect(engineTopologyOf('analyst', env).taskMaxDeliver).toEqual({ analyst: 3 });
  });

  it('keeps SCRAI_TASK_MAX_DELIVER as a deprecated alias of the global max_retries + 1', () => {
    expect(engineWorkerOptionsOf('actor', schema.parse({ SCRAI_TASK_MAX_DELIVER: '3' })).retry).toEqual({ overrides: {}, max_retries: 2 });
    const both = schema.parse({ SCRAI_TASK_MAX_DELIVER: '3', SCRAI_RETRY_POLICY: '{"max_retries": 7}' });
    expect(engineWorkerOptionsOf('actor', both).maxDeliver).toBe(8);
  });

  it('rejects a bad policy at boot, naming the field', () => {
    const r = schema.safeParse({ SCRAI_RETRY_POLICY: '{"overrides": {"actor.turn": {"max_retries": -1}}}' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues.map((i) => i.path))).toContain('"SCRAI_RETRY_POLICY","overrides","actor.turn","max_retries"');
  });

  it('reads the run id from the last token of a task subject', () => {
    expect(runIdOfTaskSubject('t-abc.task.actor.00000000-0000-4000-8000-000000000001')).toBe('00000000-0000-4000-8000-000000000001');
  });
});
