import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { brokerNames } from '@scrai/contracts';
import { openBuckets, type KV } from '@scrai/messaging';
import { RunStore } from '../../services/orchestrator/src/run-store.js';
import { recordLimitOf, RunRecordTooLarge } from '../../services/orchestrator/src/record-size-limit.js';
import { largeRoundDecision, RUN_ID, townHallSpec } from '../../services/orchestrator/test/town-hall-run.js';
import { repoRoot, startStackFixture, type StackFixture } from '../harness/stack-fixture.js';
import { deleteNamespace, testNatsUrl, uniqueNamespace } from '../harness/test-namespace.js';

const enc = new TextEncoder();

describe('run records in the real runs bucket', () => {
  const namespace = uniqueNamespace('runrec');
  let nc: NatsConnection;
  let kv: KV;

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl() });
    kv = (await openBuckets(nc, brokerNames(namespace))).runs;
  });

  afterAll(async () => {
    await nc?.close();
    await deleteNamespace(namespace);
  });

  it('stores a 100-actor round under the broker limit and reads back the same commands', async () => {
    const limit = recordLimitOf(nc.info!.max_payload);
    const store = new RunStore(kv, { specCacheSize: 10, maxRecordBytes: () => limit });
    const { state, commands } = largeRoundDecision(townHallSpec(100));
    expect(JSON.stringify({ state, outbox: commands }).length).toBeGreaterThan(nc.info!.max_payload); // the old format could not be stored
    const revision = await store.save(RUN_ID, { state, outbox: commands }, null);
    const loaded = await store.load(RUN_ID);
    expect(loaded?.revision).toBe(revision);
    expect(loaded!.record.outbox.map((c) => JSON.stringify(c))).toEqual(commands.map((c) => JSON.stringify(c)));
    expect((await kv.get(`state.${RUN_ID}`))!.value.length).toBeLessThan(limit / 4);
  });

  it('reads a record an older orchestrator wrote (outbox in full)', async () => {
    const store = new RunStore(kv, { specCacheSize: 10, maxRecordBytes: () => 1_000_000 });
    const runId = '00000000-0000-4000-8000-0000000000b1';
    const { state, commands } = largeRoundDecision(townHallSpec(4));
    await kv.put(`state.${runId}`, enc.encode(JSON.stringify({ state: { ...state, run_id: runId }, outbox: commands })));
    expect((await store.load(runId))?.record).toEqual({ state: { ...state, run_id: runId }, outbox: commands });
  });

  it('turns the broker refusing a record for its size into RunRecordTooLarge, writing nothing', async () => {
    const store = new RunStore(kv, { specCacheSize: 10, maxRecordBytes: () => Number.POSITIVE_INFINITY });
    const runId = '00000000-0000-4000-8000-0000000000b2';
    const { state } = largeRoundDecision(townHallSpec(3));
    const huge = { ...state, run_id: runId, error: 'x'.repeat(nc.info!.max_payload) };
    const err = await store.save(runId, { state: huge, outbox: [] }, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunRecordTooLarge);
    expect((err as RunRecordTooLarge).message).toMatch(/refused by the broker \(max_payload\)/);
    expect(await store.load(runId)).toBeNull();
  });
});

describe('a run whose state outgrows the record limit: services as processes', () => {
  const LIMIT = 20_000;
  let fx: StackFixture;

  beforeAll(async () => {
    fx = await startStackFixture({ name: 'runrec', env: { SCRAI_RUN_RECORD_MAX_BYTES: String(LIMIT) } });
  }, 120_000);

  afterAll(async () => {
    await fx?.close();
  });

  it('fails at once with the reason, through the event log, instead of retrying its input into the DLQ', async () => {
    const actors = ['mayor-budget-defender', 'small-business-owner', 'housing-activist'];
    const { id } = await fx.client.createRun({
      scenario: {
        name: 'crowded-town-hall',
        opening_situation: 'Riverton City Hall: thirty residents queue at the microphone.',
        roles: {
          ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`speaker${i + 1}`, { agent: actors[i % actors.length]! }])),
          narrator: { agent: 'narrator-chronicler' },
        },
        turn_policy: 'simultaneous',
        max_turns: 60,
        analysis_every_n_turns: 0,
        completion_conditions: [],
      },
    });
    const started = Date.now();
    const run = await fx.client.waitForRun(id, { timeoutMs: 30_000 });
    // 20 retries with backoff would take minutes; the run ends in seconds
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(new RegExp(`^run state too large: \\d+ bytes > ${LIMIT} bytes allowed .*reduce the actors or the context_window$`));
    const events = await fx.client.allEvents(id);
    // the opening (its decision fit) and the narration that started the too-large round are kept
    expect(events.map((e) => e.type)).toEqual(['run.started', 'scene.opened', 'run.failed']);
    expect(events[2]!.payload).toMatchObject({ error: run.error, turns: 0 });
    const letters = await fx.client.listDeadLetters({ run_id: id });
    expect(letters.items).toEqual([]);
    const log = readFileSync(`${repoRoot}/var/test-logs/${fx.namespace}/orchestrator-0.log`, 'utf8');
    expect(log).toContain('run record too large: failing the run');
    expect(log).not.toMatch(/handler failed/);
  });
});
