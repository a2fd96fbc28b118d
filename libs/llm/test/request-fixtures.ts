import { z } from 'zod';
import { llmRequestSchema, type LlmHints, type LlmRequest, type LlmRequestInput } from '@scrai/contracts';

export const PERSONA_HINTS: LlmHints = {
  task_kind: 'actor.turn',
  agent_id: 'alice',
  persona_role: 'union negotiator',
  goals: ['Secure a 5% raise for the workers', 'avoid a strike'],
  traits: { temperament: 'stubborn', openness: 0.3 },
  participants: ['alice', 'bob', 'carol'],
  last_speaker: 'bob',
  last_line: 'We simply cannot afford any raise this year; the budget is frozen.',
  situation: 'A tense wage negotiation in a factory boardroom.',
  round: 2,
  max_rounds: 8,
  turn: 5,
  max_turns: 30,
};

export function request(over: Partial<LlmRequestInput> = {}): LlmRequest {
  return llmRequestSchema.parse({
    request_id: 'req-1',
    run_id: 'run-1',
    provider: 'mock',
    model: 'mock-1',
    system: 'You are alice, a union negotiator.',
    messages: [{ role: 'user', content: 'It is your turn. Answer in JSON.' }],
    temperature: 0.7,
    seed: 42,
    hints: PERSONA_HINTS,
    ...over,
  });
}

/** A json_schema response format generated from a zod schema, as the engines will send it. */
export function jsonFormat(name: string, schema: z.ZodType) {
  return { type: 'json_schema' as const, name, schema: z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown> };
}
