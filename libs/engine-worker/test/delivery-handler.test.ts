import { describe, expect, it } from '@jest/globals';
import type { EngineTask } from '@scrai/contracts';
import { RetryableError } from '@scrai/messaging';
import { createDeliveryHandler, type TaskHandler, type TaskOutcome } from '../src/index.js';

const RUN_ID = '00000000-0000-4000-8000-0000000000cc';
const task = { run_id: RUN_ID, seq: 9 } as EngineTask;
const result: TaskOutcome = { kind: 'task_result', run_id: RUN_ID, seq: 9, engine_id: 'e', output: {}, usage: null };

function setup(handleTask: TaskHandler) {
  const published: Array<{ outcome: TaskOutcome; traceparent: string | undefined }> = [];
  const handle = createDeliveryHandler({
    handleTask,
    publish: async (outcome, traceparent) => {
      published.push({ outcome, traceparent });
    },
    maxDeliver: 3,
    engineId: 'e',
  });
  return { handle, published };
}

describe('createDeliveryHandler', () => {
  it('publishes the outcome with the trace context', async () => {
    const { handle, published } = setup(async () => result);
    await handle(task, { deliveryCount: 1, traceparent: 'tp' });
    expect(published).toEqual([{ outcome: result, traceparent: 'tp' }]);
  });

  it('rethrows a failure before the last delivery, publishing nothing', async () => {
    const { handle, published } = setup(async () => {
      throw new RetryableError('gateway down', 'llm_unavailable', 1000);
    });
    await expect(handle(task, { deliveryCount: 2, traceparent: undefined })).rejects.toBeInstanceOf(RetryableError);
    expect(published).toEqual([]);
  });

  it('reports retries_exhausted on the last delivery instead of leaving the run waiting', async () => {
    const { handle, published } = setup(async () => {
      throw new RetryableError('gateway down', 'llm_unavailable');
    });
    await handle(task, { deliveryCount: 3, traceparent: undefined });
    expect(published).toEqual([
      {
        outcome: { kind: 'task_failed', run_id: RUN_ID, seq: 9, engine_id: 'e', error: { code: 'retries_exhausted', message: 'gateway down (delivery 3 of 3)' } },
        traceparent: undefined,
      },
    ]);
  });
});
