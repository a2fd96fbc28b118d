import { describe, expect, it } from '@jest/globals';
import { eventIdOf, type RunEvent } from '@scrai/contracts';
import { isStorableEvent, runIdOfSubject, storableEventSchema } from '../src/storable-event.js';

const RUN = '0b4f2a9e-3c1d-4e5f-8a7b-6c5d4e3f2a1b';
const valid: RunEvent = {
  id: eventIdOf(RUN, 7),
  run_id: RUN,
  seq: 7,
  type: 'actor.turn',
  at: '2026-01-01T00:00:07.000Z',
  agent_id: 'mayor',
  task_seq: 3,
  payload: { turn: 3, content: 'hello' },
};

/** Variations of the valid event, valid and not: the fast check may only accept what the schema accepts. */
const variants: Array<[string, unknown]> = [
  ['valid', valid],
  ['no task_seq', { ...valid, task_seq: undefined }],
  ['null task_seq', { ...valid, task_seq: null }],
  ['null agent', { ...valid, agent_id: null }],
  ['extra envelope key', { ...valid, extra: 1 }],
  ['wrong id', { ...valid, id: `${RUN}:8` }],
  ['id of another run', { ...valid, id: eventIdOf('1b4f2a9e-3c1d-4e5f-8a7b-6c5d4e3f2a1b', 7) }],
  ['not a uuid', { ...valid, run_id: 'run-1', id: 'run-1:7' }],
  ['uuid of version 0', { ...valid, run_id: '0b4f2a9e-3c1d-0e5f-8a7b-6c5d4e3f2a1b', id: '0b4f2a9e-3c1d-0e5f-8a7b-6c5d4e3f2a1b:7' }],
  ['seq 0', { ...valid, seq: 0, id: `${RUN}:0` }],
  ['fractional seq', { ...valid, seq: 1.5, id: `${RUN}:1.5` }],
  ['seq as text', { ...valid, seq: '7' }],
  ['unknown type', { ...valid, type: 'actor.dance' }],
  ['bad at', { ...valid, at: 'yesterday' }],
  ['missing agent_id', { ...valid, agent_id: undefined }],
  ['numeric agent_id', { ...valid, agent_id: 5 }],
  ['task_seq 0', { ...valid, task_seq: 0 }],
  ['payload array', { ...valid, payload: [1, 2] }],
  ['payload null', { ...valid, payload: null }],
  ['payload with __proto__ key', { ...valid, payload: JSON.parse('{"__proto__": {"x": 1}, "turn": 1}') }],
  ['array', [valid]],
  ['null', null],
  ['string', 'event'],
];

describe('isStorableEvent (the fast check of the events hot path)', () => {
  it.each(variants)('never accepts what storableEventSchema refuses: %s', (_name, value) => {
    if (isStorableEvent(value)) expect(storableEventSchema.safeParse(value).success).toBe(true);
  });

  it('accepts the ordinary shapes of a valid event as they are', () => {
    for (const [name, value] of variants.slice(0, 5)) {
      expect([name, isStorableEvent(JSON.parse(JSON.stringify(value)))]).toEqual([name, true]);
    }
  });

  it('refuses each invalid shape (the schema then names the field)', () => {
    const refused = variants.slice(5).filter(([, v]) => !storableEventSchema.safeParse(v).success);
    expect(refused.length).toBeGreaterThan(10);
    for (const [name, value] of refused) expect([name, isStorableEvent(value)]).toEqual([name, false]);
  });
});

describe('runIdOfSubject', () => {
  it('reads the third token as split would', () => {
    for (const s of ['ns.evt.run-1.actor.turn', 'ns.llmcall.run-1', 'ns.evt.', 'ns.evt', 'ns', '']) {
      expect([s, runIdOfSubject(s)]).toEqual([s, s.split('.')[2]]);
    }
  });
});
