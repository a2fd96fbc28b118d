import { describe, expect, it } from '@jest/globals';
import type { EngineTask } from '@scrai/contracts';
import { buildActorTurnPrompt } from '../../src/prompts/actor-turn-prompt.js';
import { parseTaskOutput } from '../../src/prompts/parse-task-output.js';
import { makeSpec, simulate } from '../fixtures.js';

const actorTask = (actions?: EngineTask['scenario']['actor_actions']): EngineTask => {
  const spec = makeSpec({ max_turns: 1, ...(actions ? { actor_actions: actions } : {}) }, { narrator: false, analyst: false });
  return simulate(spec).tasks.find((t) => t.kind === 'actor.turn')!;
};

describe('scenarios that restrict actor actions', () => {
  it('narrow the JSON Schema enum and the instructions to the allowed actions', () => {
    const p = buildActorTurnPrompt(actorTask(['speak', 'act']));
    const action = (p.responseFormat as unknown as { schema: { properties: { action: { enum: string[] } } } }).schema.properties.action;
    expect(action.enum).toEqual(['speak', 'act']);
    expect(p.messages[0]!.content).not.toContain('"done"');
  });

  it('leave tasks unchanged when every action is allowed (recorded runs stay byte-identical)', () => {
    expect(actorTask().scenario).not.toHaveProperty('actor_actions');
    expect(actorTask(['speak', 'act', 'think', 'done']).scenario).not.toHaveProperty('actor_actions');
    const p = buildActorTurnPrompt(actorTask());
    expect((p.responseFormat as unknown as { schema: { properties: { action: { enum: string[] } } } }).schema.properties.action.enum).toEqual(['speak', 'act', 'think', 'done']);
  });

  it('reject an answer with a forbidden action, with a reason the engine can re-ask with', () => {
    const r = parseTaskOutput('actor.turn', '{"action":"done","content":"bye"}', ['speak', 'act']);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('"done" is not allowed') });
    expect(parseTaskOutput('actor.turn', '{"action":"act","content":"waves"}', ['speak', 'act']).ok).toBe(true);
  });
});
