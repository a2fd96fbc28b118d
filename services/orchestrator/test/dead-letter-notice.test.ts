import { describe, expect, it } from '@jest/globals';
import { inputMsgId } from '@scrai/contracts';
import type { MovedLetter } from '@scrai/messaging';
import { deadLetterAttemptOf, deadLetterNoticeOf } from '../src/dead-letter-notice.js';

const RUN = '00000000-0000-4000-8000-0000000000dd';
const letter = (payload: string): MovedLetter => ({
  stream: 'T_TASKS',
  seq: 12,
  subject: `t.task.actor.${RUN}`,
  data: new TextEncoder().encode(payload),
  consumer: 'engine-actor',
  deliveries: 5,
  reason: 'max_deliveries',
  error: 'delivered 5 times without being settled',
});

describe('deadLetterNoticeOf', () => {
  it('tells the task\'s run: task_failed with code dead_letter and the reason', () => {
    const notice = deadLetterNoticeOf(letter(JSON.stringify({ run_id: RUN, seq: 7, kind: 'actor.turn', more: 'ignored' })), 'orch-1/dlq-mover');
    expect(notice).toEqual({
      kind: 'task_failed',
      run_id: RUN,
      seq: 7,
      engine_id: 'orch-1/dlq-mover',
      error: { code: 'dead_letter', message: 'max_deliveries: delivered 5 times without being settled' },
    });
    // the same id as a worker's own notice for that task, apart from the result's
    expect(inputMsgId(notice!)).toBe(`${RUN}:f7`);
  });

  it('tells nobody about a message that is not a readable task', () => {
    expect(deadLetterNoticeOf(letter('{not json'), 'm')).toBeNull();
    expect(deadLetterNoticeOf(letter(JSON.stringify({ run_id: 'nope', seq: 1 })), 'm')).toBeNull();
  });

  it('records the dead_letter step of the task\'s lifecycle', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(deadLetterAttemptOf(letter(JSON.stringify({ run_id: RUN, seq: 7, engine_type: 'actor' })), 'm', at)).toEqual({
      run_id: RUN,
      task_seq: 7,
      task_id: `${RUN}:7`,
      engine_id: 'm',
      engine_type: 'actor',
      status: 'dead_letter',
      delivery: 5,
      error: 'max_deliveries: delivered 5 times without being settled',
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(deadLetterAttemptOf(letter('{}'), 'm', at)).toBeNull();
  });
});
