import { describe, expect, it } from '@jest/globals';
import { engineRegistryKey, parseEngineRegistryKey, queryRequestSchemas, QUERY_NAMES } from '../src/index.js';

describe('engine registry keys', () => {
  it('are <engine_type>.<id> and parse back', () => {
    expect(engineRegistryKey('actor', 'engine-actor-0')).toBe('actor.engine-actor-0');
    expect(parseEngineRegistryKey('actor.engine-actor-0')).toEqual({ engine_type: 'actor', id: 'engine-actor-0' });
    expect(parseEngineRegistryKey('narrator.pod.7')).toEqual({ engine_type: 'narrator', id: 'pod.7' });
  });

  it('refuse ids that are not KV key tokens, and keys no engine writes', () => {
    for (const bad of ['has space', 'a..b', '.lead', 'trail.', 'star*', '']) expect(() => engineRegistryKey('actor', bad)).toThrow(/registry key/);
    expect(parseEngineRegistryKey('robot.x')).toBeNull();
    expect(parseEngineRegistryKey('actor')).toBeNull();
  });

  it('merge their queries into the query map', () => {
    expect(QUERY_NAMES).toEqual(expect.arrayContaining(['engines.list', 'engines.get', 'engines.counts']));
    expect(queryRequestSchemas['engines.list'].parse({})).toEqual({ limit: 100, offset: 0 });
    expect(queryRequestSchemas['engines.list'].safeParse({ status: 'zombie' }).success).toBe(false);
  });
});
