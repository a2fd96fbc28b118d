import { describe, expect, it } from '@jest/globals';
import { brokerNames } from '@scrai/contracts';
import { streamConfigs } from '../src/index.js';

describe('stream replicas (SCRAI_STREAM_REPLICAS)', () => {
  const names = brokerNames('scrai');

  it('creates every stream with one replica by default, for a single server', () => {
    expect(streamConfigs(names).map((s) => s.num_replicas)).toEqual(streamConfigs(names).map(() => 1));
  });

  it('creates every stream with the configured replicas, for a JetStream cluster', () => {
    const streams = streamConfigs(names, { replicas: 3 });
    expect(streams.length).toBeGreaterThanOrEqual(7);
    expect(streams.every((s) => s.num_replicas === 3)).toBe(true);
  });
});
