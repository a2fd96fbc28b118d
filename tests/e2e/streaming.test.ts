import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { liveTokenPartSchema, type LiveTokenPart, type RunEvent, type ScenarioTemplateInput } from '@scrai/contracts';
import { readSseFrames } from '@scrai/sdk';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';

/** A run's log without what depends on the wall clock (event times, the deadline) or the run id. */
const transcript = (events: RunEvent[]) =>
  events.map((e) => {
    const { deadline_at: _deadline, ...payload } = e.payload as Record<string, unknown>;
    return { seq: e.seq, type: e.type, agent_id: e.agent_id, payload };
  });

type Frame = { at: number } & ({ kind: 'token'; part: LiveTokenPart } | { kind: 'event'; event: RunEvent });

/** Everything the run's SSE stream sends, in arrival order with arrival times, until its terminal event. */
async function readStream(baseUrl: string, runId: string): Promise<Frame[]> {
  const res = await fetch(`${baseUrl}/api/v1/runs/${runId}/events/stream`, { headers: { accept: 'text/event-stream' } });
  expect(res.status).toBe(200);
  const frames: Frame[] = [];
  for await (const f of readSseFrames(res.body!)) {
    const at = performance.now();
    if (f.event === 'token') {
      frames.push({ at, kind: 'token', part: liveTokenPartSchema.parse(JSON.parse(f.data)) });
      continue;
    }
    if (f.event === 'error') throw new Error(`stream error: ${f.data}`);
    const event = JSON.parse(f.data) as RunEvent;
    expect(f.event).toBe(event.type);
    frames.push({ at, kind: 'event', event });
    if (['run.completed', 'run.failed', 'run.stopped'].includes(event.type)) break;
  }
  return frames;
}

interface TurnView {
  event: RunEvent;
  /** Token parts of the turn's agent since its previous turn's event, before this one. */
  parts: LiveTokenPart[];
  /** What a viewer held when the event arrived: the last request's deltas after its last reset. */
  viewed: string;
  /** From the turn's first token part to its stored event (ms). */
  spanMs: number;
}

/** Each actor.turn event with the token parts of that agent that came before it. */
function turnViews(frames: Frame[]): TurnView[] {
  const views: TurnView[] = [];
  const since = new Map<string, Array<{ at: number; part: LiveTokenPart }>>();
  for (const f of frames) {
    if (f.kind === 'token') {
      const agent = f.part.agent_id ?? '';
      since.set(agent, [...(since.get(agent) ?? []), { at: f.at, part: f.part }]);
      continue;
    }
    if (f.event.type !== 'actor.turn') continue;
    const mine = since.get(f.event.agent_id ?? '') ?? [];
    since.set(f.event.agent_id ?? '', []);
    const last = mine.at(-1)?.part.request_id;
    const ofLast = mine.filter((m) => m.part.request_id === last).map((m) => m.part);
    const afterReset = ofLast.slice(ofLast.map((p) => !!p.reset).lastIndexOf(true) + 1);
    views.push({
      event: f.event,
      parts: mine.map((m) => m.part),
      viewed: afterReset.map((p) => p.delta).join(''),
      spanMs: mine.length ? f.at - mine[0]!.at : 0,
    });
  }
  return views;
}

/**
 * Streaming (issue 4 point 8): with `stream: true` an actor's text reaches the run's SSE stream token
 * by token while the turn is generated, and the stored actor.turn event that follows is the complete
 * turn; the stored log is the same as with streaming off. The mock takes 200 ms per answer, spread
 * over its words; the LLM cache is off so both runs compute every answer.
 */
describe('streaming: actor text token by token on the SSE stream', () => {
  let fx: StackFixture;

  beforeAll(async () => {
    fx = await startStackFixture({ name: 'e2e-stream', env: { SCRAI_MOCK_LATENCY: 'fixed:200' } });
  }, 120_000);

  afterAll(async () => {
    await fx?.close();
  });

  it('sends the spoken text as token events before each stored turn, equal to it, with the same stored log as streaming off', async () => {
    const stored = (await fx.client.getScenario('town-hall-debate')).body as ScenarioTemplateInput;
    const { id } = await fx.client.createRun({ scenario: { ...stored, stream: true }, overrides: { seed: 42, llm_cache: 'off' } });
    const frames = await readStream(fx.baseUrl, id);
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000 });
    expect(run.status).toBe('completed');

    const views = turnViews(frames);
    expect(views.length).toBe(run.turn_count);
    expect(views.length).toBeGreaterThanOrEqual(3);
    // Every turn (the first too: the stream opened while the narrator's 200 ms opening was under way)
    // was seen word by word before its event, and the words add up to exactly the stored content.
    for (const v of views) {
      expect(v.parts.length).toBeGreaterThanOrEqual(3);
      expect(v.viewed).toBe((v.event.payload as { content: string }).content);
    }
    // Token by token while the turn was generated, not in one burst at the end.
    expect(Math.max(...views.map((v) => v.spanMs))).toBeGreaterThanOrEqual(100);
    // Only the spoken text, never the JSON the actor answered with.
    expect(frames.some((f) => f.kind === 'token' && f.part.delta.includes('"content"'))).toBe(false);
    // Only actors stream: no token part of the narrator or the analyst.
    const actors = new Set(views.map((v) => v.event.agent_id));
    expect(frames.every((f) => f.kind !== 'token' || actors.has(f.part.agent_id))).toBe(true);

    const events = await fx.client.allEvents(id);
    expect(frames.flatMap((f) => (f.kind === 'event' ? [f.event] : []))).toEqual(events);

    const { id: plainId } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 42, llm_cache: 'off' } });
    const plainFrames = await readStream(fx.baseUrl, plainId);
    expect(plainFrames.some((f) => f.kind === 'token')).toBe(false);
    expect((await fx.client.waitForRun(plainId, { timeoutMs: 60_000 })).status).toBe('completed');
    expect(transcript(await fx.client.allEvents(plainId))).toEqual(transcript(events));
  }, 120_000);

  it('streams a run whose scenario has streaming off when created with overrides.stream; the SDK reads past the token events', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 7, llm_cache: 'off', stream: true, max_turns: 3 } });
    const sdkEvents = (async () => {
      const out: RunEvent[] = [];
      for await (const e of fx.client.streamEvents(id)) out.push(e);
      return out;
    })();
    const frames = await readStream(fx.baseUrl, id);
    const views = turnViews(frames);
    expect(views.length).toBe(3);
    expect(views.filter((v) => v.parts.length >= 3 && v.viewed === (v.event.payload as { content: string }).content).length).toBe(3);
    expect(await sdkEvents).toEqual(frames.flatMap((f) => (f.kind === 'event' ? [f.event] : [])));
    expect((await fx.client.waitForRun(id, { timeoutMs: 60_000 })).status).toBe('completed');
    expect(await sdkEvents).toEqual(await fx.client.allEvents(id));
  }, 60_000);
});
