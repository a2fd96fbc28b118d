import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { brokerNames } from '@scrai/contracts';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';
import { waitUntil } from '../harness/wait-until.js';

const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> => waitUntil(what, probe, { timeoutMs: ms });

/**
 * Poison work ends in the dead-letter stream with its reason after the configured deliveries, and a
 * requeue after the fault is fixed completes it — with the real services, the real broker and the
 * REST API an operator would use.
 */
describe('chaos: poison tasks go to the DLQ and come back after the fix', () => {
  let fx: StackFixture;
  let nc: NatsConnection;

  beforeAll(async () => {
    fx = await startStackFixture({
      name: 'poison',
      env: {
        SCRAI_MOCK_LATENCY: 'fixed:10',
        SCRAI_LLM_TIMEOUT_MS: '1000',
        SCRAI_RETRY_POLICY: JSON.stringify({ max_retries: 2, initial_delay_ms: 200, max_delay_ms: 500, multiplier: 2 }),
      },
    });
    nc = await connect({ servers: fx.natsUrl });
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
    await fx?.close();
  });

  it('an undecodable task lands in the DLQ with reason "undecodable" and the queue moves on', async () => {
    const names = brokerNames(fx.namespace);
    const runId = randomUUID();
    await jetstream(nc).publish(names.subjects.task('actor', runId), '{"this is": "no task"', { msgID: `garbage-${runId}` });
    const page = await until('the dead letter', async () => {
      const p = await fx.client.listDeadLetters({ run_id: runId });
      return p.items.length > 0 ? p : null;
    });
    expect(page.items[0]).toMatchObject({ reason: 'undecodable', engine_type: 'actor', run_id: runId });
    const queue = await fx.client.queueStats('actor');
    expect(queue.pending).toBe(0);
  });

  it('a task that keeps failing is dead-lettered after the configured deliveries; requeued after the fix, its run completes', async () => {
    // the fault: no llm-gateway answers, so every delivery of the first task fails (retryably)
    fx.stack.kill('llm-gateway', 0, 'SIGKILL');
    const { id: runId } = await fx.client.createRun({
      scenario: {
        name: 'poison-wait',
        roles: { mayor: { agent: 'mayor-budget-defender' }, activist: { agent: 'housing-activist' }, narrator: { agent: 'narrator-chronicler' } },
        max_turns: 4,
        opening_situation: 'The hall, after hours.',
        seed: 4,
        on_task_failure: 'wait',
      },
    });
    const dead = await until('the failing task in the DLQ', async () => {
      const p = await fx.client.listDeadLetters({ run_id: runId });
      return p.items[0];
    });
    expect(dead.reason).toBe('max_deliveries');
    expect(dead.deliveries).toBe(3); // max_retries 2 ⇒ 3 deliveries
    expect(dead.task_seq).toBe(1);
    expect((await fx.client.getRun(runId)).status).toBe('running');

    // the fix: the llm-gateway is back; the operator requeues the dead letter
    await fx.stack.restart('llm-gateway', 0);
    await until('the llm-gateway to be healthy', async () => (await fx.client.health()).services['llm-gateway']?.ready);
    const requeued = await fx.client.requeueDeadLetter(dead.id);
    expect(requeued.requeued_to).toBe(dead.original_subject);
    const run = await fx.client.waitForRun(runId, { timeoutMs: 60_000 });
    expect(run.status).toBe('completed');
    expect(run.turn_count).toBe(4);
    expect((await fx.client.listDeadLetters({ run_id: runId })).items).toHaveLength(0);
  });
});
