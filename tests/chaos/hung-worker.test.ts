import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { brokerNames, type RunEvent } from '@scrai/contracts';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';

const ACK_WAIT_MS = 1500;
const LATENCY_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Visibility-timeout locking: a worker that hangs (SIGSTOP: alive, silent, no working() heartbeats)
 * loses its task, which another worker completes within one visibility timeout; when the hung worker
 * wakes up, its late answer changes nothing.
 */
describe('chaos: a hung worker loses its lock', () => {
  let fx: StackFixture;
  let nc: NatsConnection;

  beforeAll(async () => {
    fx = await startStackFixture({
      name: 'hung',
      services: [
        { name: 'gateway' },
        { name: 'orchestrator' },
        { name: 'engine-actor', replicas: 2 },
        { name: 'engine-narrator' },
        { name: 'engine-analyst' },
        { name: 'llm-gateway' },
        { name: 'persistence' },
      ],
      env: { SCRAI_MOCK_LATENCY: `fixed:${LATENCY_MS}`, SCRAI_TASK_ACK_WAIT_MS: String(ACK_WAIT_MS), SCRAI_HEARTBEAT_MS: '500' },
    });
    nc = await connect({ servers: fx.natsUrl });
  }, 120_000);

  afterAll(async () => {
    for (const i of [0, 1]) {
      try {
        fx?.stack.kill('engine-actor', i, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    await nc?.close();
    await fx?.close();
  });

  it('hands a hung worker’s task to the other worker within one visibility timeout, without a duplicate turn', async () => {
    const { id } = await fx.client.createRun({
      scenario: {
        name: 'hung-worker',
        roles: { mayor: { agent: 'mayor-budget-defender' }, activist: { agent: 'housing-activist' } },
        max_turns: 60,
        completion_conditions: [],
        opening_situation: 'A long night at city hall.',
        seed: 12,
        actor_actions: ['speak', 'act'],
      },
    });
    const turns: number[] = [];
    nc.subscribe(brokerNames(fx.namespace).subjects.eventsOfRun(id), {
      callback: (_e, m) => {
        const e = m.json<RunEvent>();
        if (e.type === 'actor.turn') turns.push(Date.now());
      },
    });

    // hang each worker in turn for longer than the visibility timeout, while turns keep coming
    const gaps: number[] = [];
    for (const victim of [0, 1, 0, 1]) {
      await sleep(LATENCY_MS + 100);
      const before = turns.length;
      const at = Date.now();
      fx.stack.kill('engine-actor', victim, 'SIGSTOP');
      await sleep(ACK_WAIT_MS + 1500);
      const after = turns.slice(before);
      gaps.push((after[0] ?? Date.now()) - at);
      fx.stack.kill('engine-actor', victim, 'SIGCONT');
    }
    process.stdout.write(`\nhung-worker gaps (ms): ${JSON.stringify(gaps)} (visibility timeout ${ACK_WAIT_MS} ms)\n`);
    const run = await fx.client.waitForRun(id, { timeoutMs: 120_000 });
    expect(run.status).toBe('completed');
    // the next turn never waits longer than one visibility timeout (plus one model call and slack)
    for (const g of gaps) expect(g).toBeLessThan(ACK_WAIT_MS + 2 * LATENCY_MS + 1000);
    const events = await fx.client.allEvents(id);
    const numbers = events.filter((e) => e.type === 'actor.turn').map((e) => (e.payload as { turn: number }).turn);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  }, 180_000);
});
