import { describe, expect, it } from '@jest/globals';
import type { EngineTask } from '@scrai/contracts';
import { PermanentError, RetryableError, dispositionOf, isFinalDelivery, redeliveryOf } from '@scrai/messaging';
import { DEFAULT_RETRY_POLICY } from '@scrai/contracts';
import { createDeliveryHandler, type TaskHandler, type TaskOutcome } from '../src/index.js';

const RUN_ID = '00000000-0000-4000-8000-0000000000cc';
const task = { run_id: RUN_ID, seq: 9, task_id: `${RUN_ID}:9`, kind: 'actor.turn', agent: { id: 'alice' } } as EngineTask;
const result: TaskOutcome = { kind: 'task_result', run_id: RUN_ID, seq: 9, engine_id: 'e', output: {}, usage: null };

function setup(handleTask: TaskHandler) {
  const published: Array<{ outcome: TaskOutcome; traceparent: string | undefined }> = [];
  const attempts: string[] = [];
  const handle = createDeliveryHandler({
    handleTask,
    publish: async (outcome, traceparent) => {
      published.push({ outcome, traceparent });
    },
    engineId: 'e',
    recordAttempt: async (_task, delivery, status) => {
      attempts.push(`${delivery}:${status}`);
    },
  });
  return { handle, published, attempts };
}

describe('createDeliveryHandler', () => {
  it('publishes the outcome with the trace context', async () => {
    const { handle, published, attempts } = setup(async () => result);
    await handle(task, { deliveryCount: 1, finalDelivery: false, traceparent: 'tp' });
    expect(published).toEqual([{ outcome: result, traceparent: 'tp' }]);
    expect(attempts).toEqual(['1:processing', '1:completed']);
  });

  it('rethrows a retryable failure before the final delivery, publishing nothing', async () => {
    const { handle, published, attempts } = setup(async () => {
      throw new RetryableError('gateway down', 'llm_unavailable', 1000);
    });
    await expect(handle(task, { deliveryCount: 2, finalDelivery: false, traceparent: undefined })).rejects.toBeInstanceOf(RetryableError);
    expect(published).toEqual([]);
    expect(attempts).toEqual(['2:processing', '2:failed']);
  });

  it('tells the run (code dead_letter) on the final delivery and rethrows, so the work loop dead-letters the task', async () => {
    const { handle, published } = setup(async () => {
      throw new RetryableError('gateway down', 'llm_unavailable');
    });
    await expect(handle(task, { deliveryCount: 3, finalDelivery: true, traceparent: undefined })).rejects.toBeInstanceOf(RetryableError);
    expect(published).toEqual([
      {
        outcome: { kind: 'task_failed', run_id: RUN_ID, seq: 9, engine_id: 'e', error: { code: 'dead_letter', message: 'max_deliveries: gateway down (delivery 3)' } },
        traceparent: undefined,
      },
    ]);
  });

  it('tells the run of a permanent failure with its code and throws it as permanent (dead-lettered at once)', async () => {
    const failed: TaskOutcome = { kind: 'task_failed', run_id: RUN_ID, seq: 9, engine_id: 'e', error: { code: 'invalid_output', message: 'no usable answer' } };
    const { handle, published, attempts } = setup(async () => failed);
    const err = await handle(task, { deliveryCount: 1, finalDelivery: false, traceparent: undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err).toMatchObject({ code: 'invalid_output', message: 'no usable answer' });
    expect(published.map((p) => p.outcome)).toEqual([failed]);
    expect(attempts).toEqual(['1:processing', '1:failed']);
    expect(dispositionOf({ ok: false, error: err }, 1, redeliveryOf(DEFAULT_RETRY_POLICY))).toEqual({
      type: 'dead_letter',
      reason: 'permanent:invalid_output',
      error: 'no usable answer',
    });
  });

  it('tells the run of a thrown PermanentError with its code', async () => {
    const { handle, published } = setup(async () => {
      throw new PermanentError('model refuses', 'content_filter');
    });
    await expect(handle(task, { deliveryCount: 1, finalDelivery: false, traceparent: undefined })).rejects.toBeInstanceOf(PermanentError);
    expect(published.map((p) => p.outcome)).toEqual([
      { kind: 'task_failed', run_id: RUN_ID, seq: 9, engine_id: 'e', error: { code: 'content_filter', message: 'model refuses' } },
    ]);
  });

  it('agrees with the work loop on which delivery is final', () => {
    const p = redeliveryOf({ ...DEFAULT_RETRY_POLICY, max_retries: 2 });
    expect([1, 2, 3, 4].map((n) => isFinalDelivery(p, n))).toEqual([false, false, true, true]);
  });
});
