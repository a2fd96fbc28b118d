import { describe, expect, it } from '@jest/globals';
import { brokerNames, taskAttemptRecordSchema, type EngineTask } from '@scrai/contracts';
import type { JetStreamClient } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import { createAttemptRecorder } from '../src/index.js';

const RUN_ID = '00000000-0000-4000-8000-0000000000cc';
const task = { run_id: RUN_ID, seq: 9, task_id: `${RUN_ID}:9`, engine_type: 'actor' } as EngineTask;
const names = brokerNames('unit');
const clock = () => new Date('2026-01-01T00:00:00.000Z');

/** Stands in for the JetStream client's publish (this checks what is handed to it, not the broker). */
function fakeJs(fail = false) {
  const sent: Array<{ subject: string; data: unknown; msgID: string | undefined }> = [];
  const js = {
    publish: async (subject: string, data: string, opts?: { msgID?: string }) => {
      if (fail) throw new Error('no stream');
      sent.push({ subject, data: JSON.parse(data), msgID: opts?.msgID });
      return { stream: 'x', seq: sent.length, duplicate: false };
    },
  } as unknown as JetStreamClient;
  return { js, sent };
}

function fakeLog() {
  const warnings: unknown[] = [];
  return { log: { warn: (o: unknown) => warnings.push(o) } as unknown as Logger, warnings };
}

describe('createAttemptRecorder', () => {
  it('publishes one record per delivery step to the run attempt subject, with an idempotent msgID', async () => {
    const { js, sent } = fakeJs();
    const record = createAttemptRecorder({ js, names, engineId: 'actor-1', log: fakeLog().log, clock });
    await record(task, 2, 'failed', 'x'.repeat(3000), 'tp');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe(`unit.attempt.${RUN_ID}`);
    expect(sent[0]!.msgID).toBe(`${RUN_ID}:9:2:failed`);
    const r = taskAttemptRecordSchema.parse(sent[0]!.data);
    expect({ ...r, error: r.error?.length }).toEqual({
      run_id: RUN_ID,
      task_seq: 9,
      task_id: `${RUN_ID}:9`,
      engine_id: 'actor-1',
      engine_type: 'actor',
      status: 'failed',
      delivery: 2,
      error: 2000,
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('never throws: a record that cannot be published is logged', async () => {
    const { js } = fakeJs(true);
    const { log, warnings } = fakeLog();
    const record = createAttemptRecorder({ js, names, engineId: 'actor-1', log, clock });
    await expect(record(task, 1, 'processing', null)).resolves.toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ task_id: `${RUN_ID}:9`, status: 'processing', err: 'no stream' })]);
  });
});
