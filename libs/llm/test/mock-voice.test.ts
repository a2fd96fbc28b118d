import { describe, expect, it } from '@jest/globals';
import { actorTurnOutputSchema, type LlmHints } from '@scrai/contracts';
import { MockProvider } from '@scrai/llm';
import { jsonFormat, PERSONA_HINTS, request } from './request-fixtures.js';

const mock = new MockProvider();

/** 30 consecutive turns of a three-person exchange, each reacting to the previous line. */
async function conversation(): Promise<Array<{ speaker: string; action: string; content: string; target?: string | null }>> {
  const people = ['alice', 'bob', 'carol'];
  const goals: Record<string, string[]> = {
    alice: ['Secure a 5% raise for the workers'],
    bob: ['keep the budget balanced', 'protect the quarterly numbers'],
    carol: ['find a compromise both sides can sign'],
  };
  const out: Array<{ speaker: string; action: string; content: string; target?: string | null }> = [];
  let last = { speaker: 'carol', line: 'Let us begin.' };
  for (let turn = 0; turn < 30; turn++) {
    const me = people[turn % 3]!;
    const hints: LlmHints = {
      ...PERSONA_HINTS,
      agent_id: me,
      persona_role: me === 'carol' ? 'mediator' : me === 'bob' ? 'finance director' : 'union negotiator',
      goals: goals[me],
      turn,
      max_turns: 30,
      last_speaker: last.speaker,
      last_line: last.line,
    };
    const r = await mock.generate(request({ seed: 7, hints, response_format: jsonFormat('a', actorTurnOutputSchema) }));
    const turnOut = actorTurnOutputSchema.parse(JSON.parse(r.text));
    out.push({ speaker: me, ...turnOut });
    last = { speaker: me, line: turnOut.content };
  }
  return out;
}

describe('mock provider voice', () => {
  it('does not repeat itself over 30 turns', async () => {
    const turns = await conversation();
    const distinct = new Set(turns.map((t) => t.content));
    expect(distinct.size / turns.length).toBeGreaterThanOrEqual(0.8);
  });

  it('speaks as the persona: its goals or its role show up in what it says', async () => {
    const turns = await conversation();
    const goalWords: Record<string, RegExp> = { alice: /raise|union negotiator/i, bob: /budget|quarterly|finance director/i, carol: /compromise|mediator/i };
    const inVoice = turns.filter((t) => goalWords[t.speaker]!.test(t.content));
    expect(inVoice.length).toBeGreaterThanOrEqual(5);
    const addressed = turns.filter((t) => t.target && t.content.includes(t.target));
    expect(addressed.length).toBeGreaterThanOrEqual(5);
  });

  it('reacts to the last speaker by name', async () => {
    const r = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => mock.generate(request({ seed }))));
    expect(r.some((x) => x.text.includes('bob'))).toBe(true);
  });

  it('answers in free text when no schema is asked for, with usage of about four characters a token', async () => {
    const req = request();
    const r = await mock.generate(req);
    expect(r.text.length).toBeGreaterThan(10);
    expect(() => JSON.parse(r.text)).toThrow();
    expect(r.finish_reason).toBe('stop');
    expect(r.raw_finish_reason).toBe('end_turn');
    const inputChars = (req.system ?? '').length + req.messages.reduce((s, m) => s + m.content.length, 0);
    expect(r.usage).toEqual({ tokens_in: Math.ceil(inputChars / 4), tokens_out: Math.ceil(r.text.length / 4) });
  });

  it('stops at max_tokens with finish reason length, and at a stop sequence', async () => {
    const cut = await mock.generate(request({ max_tokens: 3 }));
    expect(cut.text.length).toBe(12);
    expect(cut.finish_reason).toBe('length');
    const whole = await mock.generate(request());
    const word = whole.text.split(' ')[2]!;
    const stopped = await mock.generate(request({ stop: [word] }));
    expect(stopped.text).toBe(whole.text.slice(0, whole.text.indexOf(word)));
    expect(stopped.raw_finish_reason).toBe('stop_sequence');
  });

  it('works without any hints', async () => {
    const r = await mock.generate(request({ hints: {} }));
    expect(r.text.length).toBeGreaterThan(10);
  });
});
