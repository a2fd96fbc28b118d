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
      SCRAI_TASK_MAX_DELIVER: 5,
      SCRAI_LLM_TIMEOUT_MS: 120_000,
    });
    expect(engineWorkerOptionsOf('narrator', env)).toEqual({
      engineType: 'narrator',
      concurrency: 64,
      ackWaitMs: 30_000,
      maxDeliver: 5,
      llmTimeoutMs: 120_000,
    });
  });

  it('reads strings from the environment and rejects nonsense', () => {
    expect(schema.parse({ SCRAI_ENGINE_CONCURRENCY: '8' }).SCRAI_ENGINE_CONCURRENCY).toBe(8);
    expect(schema.safeParse({ SCRAI_ENGINE_CONCURRENCY: '0' }).success).toBe(false);
    expect(schema.safeParse({ SCRAI_TASK_ACK_WAIT_MS: 'soon' }).success).toBe(false);
  });

  it('asks the topology only for its own engine type', () => {
    const env = schema.parse({ SCRAI_TASK_ACK_WAIT_MS: '60000', SCRAI_TASK_MAX_DELIVER: '3' });
    expect(engineTopologyOf('actor', env)).toEqual({ taskAckWaitMs: { actor: 60_000 }, taskMaxDeliver: 3 });
  });

  it('reads the run id from the last token of a task subject', () => {
    expect(runIdOfTaskSubject('t-abc.task.actor.00000000-0000-4000-8000-000000000001')).toBe('00000000-0000-4000-8000-000000000001');
  });
});
