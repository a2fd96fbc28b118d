import { describe, expect, it } from '@jest/globals';
import { engineTaskSchema, llmRequestSchema, orchestratorInputSchema, type EngineTask } from '@scrai/contracts';
import { RetryableError } from '@scrai/messaging';
import { createTaskHandler } from '../src/index.js';
import { FakeLlmClient, answer, llmError } from './fake-llm-client.js';

const RUN_ID = '00000000-0000-4000-8000-0000000000bb';

const task: EngineTask = engineTaskSchema.parse({
  task_id: `${RUN_ID}:5`,
  run_id: RUN_ID,
  seq: 5,
  kind: 'actor.turn',
  engine_type: 'actor',
  agent: {
    id: 'alice',
    template_name: 'skeptic',
    engine_type: 'actor',
    persona: { role: 'Skeptic', backstory: 'Seen it all.', goals: ['Doubt'], traits: { mood: 'dry' }, instructions: [], constraints: [] },
    llm: { provider: 'mock', model: 'mock-1', temperature: 0.3, max_tokens: 200 },
    settings: {},
  },
  scenario: { name: 'meeting', description: '', opening_situation: 'A room.', turn_policy: 'round_robin' },
  participants: [
    { id: 'alice', engine_type: 'actor', role: 'Skeptic' },
    { id: 'bob', engine_type: 'actor', role: 'Optimist' },
  ],
  transcript: [{ seq: 3, agent_id: 'bob', kind: 'actor.speak', text: 'Ship it.' }],
  round: 1,
  turn: 1,
  max_turns: 4,
  max_rounds: 2,
  stats: { turns: 1, rounds: 1, turns_by_agent: { bob: 1 }, actions: { speak: 1 }, done_agents: [] },
  seed: 4242,
});

const GOOD = '{"action":"speak","content":"Prove it.","target":"bob"}';

describe('createTaskHandler', () => {
  it('answers a good model output with a task_result carrying output and usage', async () => {
    const llm = new FakeLlmClient([answer(GOOD, { cached: true })]);
    const out = await createTaskHandler({ llm, engineId: 'engine-actor-1' })(task, { traceparent: 'tp' });
    expect(orchestratorInputSchema.parse(out)).toEqual(out);
    expect(out).toEqual({
      kind: 'task_result',
      run_id: RUN_ID,
      seq: 5,
      engine_id: 'engine-actor-1',
      output: { action: 'speak', content: 'Prove it.', target: 'bob' },
      usage: { provider: 'mock', model: 'mock-1', tokens_in: 100, tokens_out: 20, latency_ms: 5, cached: true },
    });
    const req = llm.requests[0]!;
    expect(llmRequestSchema.parse(req)).toEqual(req);
    expect(req).toMatchObject({
      request_id: `${RUN_ID}:5:d1:a1`,
      run_id: RUN_ID,
      agent_id: 'alice',
      provider: 'mock',
      model: 'mock-1',
      temperature: 0.3,
      max_tokens: 200,
      seed: 4242,
      response_format: { type: 'json_schema', name: 'actor_turn' },
      hints: { task_kind: 'actor.turn', agent_id: 'alice', last_line: 'Ship it.', last_speaker: 'bob', participants: ['bob'] },
    });
    expect(req.system).toContain('Seen it all.');
    expect(req.messages[0]!.content).toContain('bob: Ship it.');
  });

  it('prefers the object a provider already parsed', async () => {
    const llm = new FakeLlmClient([answer('', { object: { action: 'act', content: 'shrugs' } })]);
    const out = await createTaskHandler({ llm, engineId: 'e' })(task);
    expect(out).toMatchObject({ kind: 'task_result', output: { action: 'act', content: 'shrugs' } });
  });

  it('re-asks after invalid answers and succeeds within the repair budget', async () => {
    const llm = new FakeLlmClient([answer('I refuse to use JSON.'), answer('{"action":"yell","content":"x"}'), answer(GOOD)]);
    const out = await createTaskHandler({ llm, engineId: 'e', maxRepairs: 2 })(task);
    expect(out).toMatchObject({ kind: 'task_result', output: { action: 'speak' } });
    expect(out.kind === 'task_result' && out.usage).toMatchObject({ tokens_in: 300, tokens_out: 60, latency_ms: 15, cached: false });
    expect(llm.requests.map((r) => r.request_id)).toEqual([`${RUN_ID}:5:d1:a1`, `${RUN_ID}:5:d1:a2`, `${RUN_ID}:5:d1:a3`]);
    expect(llm.requests.every((r) => r.seed === 4242)).toBe(true);
    const third = llm.requests[2]!.messages;
    expect(third).toHaveLength(5);
    expect(third[1]).toEqual({ role: 'assistant', content: 'I refuse to use JSON.' });
    expect(third[2]!.content).toMatch(/not a JSON object/);
    expect(third[3]).toEqual({ role: 'assistant', content: '{"action":"yell","content":"x"}' });
    expect(third[4]!.content).toMatch(/action:/);
  });

  it('fails with invalid_output once the repairs are used up', async () => {
    const llm = new FakeLlmClient([answer('nope'), answer('still nope'), answer('{"content":"x"}')]);
    const out = await createTaskHandler({ llm, engineId: 'e', maxRepairs: 2 })(task);
    expect(llm.requests).toHaveLength(3);
    expect(out).toMatchObject({ kind: 'task_failed', run_id: RUN_ID, seq: 5, engine_id: 'e', error: { code: 'invalid_output' } });
    expect(out.kind === 'task_failed' && out.error.message).toMatch(/after 3 attempts: .*action:/);
  });

  it('maxRepairs 0 asks once', async () => {
    const llm = new FakeLlmClient([answer('nope')]);
    const out = await createTaskHandler({ llm, engineId: 'e', maxRepairs: 0 })(task);
    expect(out).toMatchObject({ kind: 'task_failed', error: { code: 'invalid_output' } });
    expect(llm.requests).toHaveLength(1);
  });

  it('throws RetryableError with the delay for a retryable LLM error', async () => {
    const llm = new FakeLlmClient([llmError('rate_limited', true, 2500)]);
    const err = await createTaskHandler({ llm, engineId: 'e' })(task).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 2500 });
  });

  it('lets a transport RetryableError from the client through', async () => {
    const llm = new FakeLlmClient([new RetryableError('no responders', 'llm_unavailable')]);
    await expect(createTaskHandler({ llm, engineId: 'e' })(task)).rejects.toBeInstanceOf(RetryableError);
  });

  it('answers a permanent LLM error with task_failed carrying its code', async () => {
    const llm = new FakeLlmClient([llmError('invalid_api_key', false)]);
    const out = await createTaskHandler({ llm, engineId: 'e' })(task);
    expect(out).toEqual({
      kind: 'task_failed',
      run_id: RUN_ID,
      seq: 5,
      engine_id: 'e',
      error: { code: 'invalid_api_key', message: 'invalid_api_key happened' },
    });
  });

  it('a permanent error during a repair still fails the task (no stacked retries)', async () => {
    const llm = new FakeLlmClient([answer('nope'), llmError('content_filter', false)]);
    const out = await createTaskHandler({ llm, engineId: 'e' })(task);
    expect(out).toMatchObject({ kind: 'task_failed', error: { code: 'content_filter' } });
  });
});
