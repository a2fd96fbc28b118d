import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@scrai/contracts';
import { toCreateRunBody, toRunEventMessage } from '../src/grpc/grpc-messages.js';
import { grpcCodeOf } from '../src/grpc/grpc-status.js';

describe('gRPC message mapping', () => {
  it('turns StartRun into the REST body, keeping only the overrides that were set', () => {
    expect(toCreateRunBody({ scenario_ref: 'debate', overrides: { seed: 3, llm_model: 'm' } })).toEqual({
      scenario: 'debate',
      overrides: { seed: 3, llm: { model: 'm' } },
    });
    expect(toCreateRunBody({ scenario_json: '{"name":"x"}', name: 'n' })).toEqual({ scenario: { name: 'x' }, name: 'n', overrides: {} });
  });

  it('rejects scenario_json that is not JSON with its field path', () => {
    expect(() => toCreateRunBody({ scenario_json: '{' })).toThrow(DomainError);
    try {
      toCreateRunBody({ scenario_json: '{' });
    } catch (e) {
      expect((e as DomainError).details[0]!.path).toBe('scenario_json');
    }
  });

  it('sends payloads as JSON strings and leaves a null agent out', () => {
    const m = toRunEventMessage({ id: 'r:1', run_id: 'r', seq: 1, type: 'run.started', at: 't', agent_id: null, payload: { a: 1 } });
    expect(m).toEqual({ id: 'r:1', run_id: 'r', seq: 1, type: 'run.started', at: 't', payload_json: '{"a":1}' });
  });

  it('maps HTTP statuses to gRPC codes', () => {
    expect([400, 404, 409, 503, 500].map(grpcCodeOf)).toEqual([3, 5, 9, 14, 13]);
  });
});
