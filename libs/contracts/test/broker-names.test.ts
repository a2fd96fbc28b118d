import { describe, expect, it } from '@jest/globals';
import { brokerNames, jsonSchemaOf, publicSchemas, agentTemplateSchema, inputMsgId, eventIdOf, taskIdOf } from '../src/index.js';

describe('broker names', () => {
  it('derive every stream, consumer, bucket and subject from the namespace', () => {
    const a = brokerNames('scrai');
    const b = brokerNames('suite-7');
    expect(a.streams.cmd).toBe('SCRAI_CMD');
    expect(b.streams.cmd).toBe('SUITE_7_CMD');
    expect(b.kv.runs).toBe('suite-7-runs');
    expect(b.subjects.task('actor', 'r1')).toBe('suite-7.task.actor.r1');
    expect(b.subjects.event('r1', 'actor.turn')).toBe('suite-7.evt.r1.actor.turn');
    expect(b.subjects.cmd('r1', 'start')).toBe('suite-7.cmd.r1.start');
    const all = (n: ReturnType<typeof brokerNames>) => [...Object.values(n.streams), ...Object.values(n.kv), n.subjects.cmdAll(), n.subjects.eventsAll(), n.subjects.llmRequestsAll()];
    const overlap = all(a).filter((x) => all(b).includes(x));
    expect(overlap).toEqual([]);
  });

  it('refuses a namespace that would break subject or stream names', () => {
    for (const bad of ['', 'Upper', 'has.dot', 'has space', 'star*', '9lives', 'x'.repeat(40)]) {
      expect(() => brokerNames(bad)).toThrow(/invalid namespace/);
    }
  });

  it('keeps subject tokens safe when a run id carries wildcard characters', () => {
    expect(brokerNames('scrai').subjects.task('actor', 'a.b*>c')).toBe('scrai.task.actor.a_b__c');
  });
});

describe('deterministic ids', () => {
  it('name events, tasks and inputs by run and sequence', () => {
    expect(eventIdOf('r', 3)).toBe('r:3');
    expect(taskIdOf('r', 4)).toBe('r:4');
    expect(inputMsgId({ kind: 'task_result', run_id: 'r', seq: 4, engine_id: 'e', output: {}, usage: null })).toBe('r:r4');
    expect(inputMsgId({ kind: 'stop', run_id: 'r', reason: 'x' })).toBe('r:stop');
  });
});

describe('JSON Schemas', () => {
  it('are generated for every public shape', () => {
    for (const [name, schema] of Object.entries(publicSchemas)) {
      const js = jsonSchemaOf(schema);
      expect(js).toHaveProperty('$schema');
      expect(JSON.stringify(js).length).toBeGreaterThan(50);
      expect(name).toBeTruthy();
    }
  });

  it('describe the agent template with its engine types and persona fields', () => {
    const js = JSON.stringify(jsonSchemaOf(agentTemplateSchema));
    for (const s of ['"actor"', '"narrator"', '"analyst"', 'backstory', 'narrative_style', 'metrics']) expect(js).toContain(s);
  });
});
