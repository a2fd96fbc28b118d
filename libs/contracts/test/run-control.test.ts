import { describe, expect, it } from '@jest/globals';
import { injectEventRequestSchema, inputMsgId, orchestratorInputSchema, taskAttemptMsgId } from '../src/index.js';

const RUN = '5b1c8f0e-8a52-4a53-9d1e-3f4c2b6a7d10';
const REQ = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('run controls on the wire', () => {
  it('give pause, resume and inject a msgID per request, and timeouts one per deadline', () => {
    expect(inputMsgId({ kind: 'pause', run_id: RUN, request_id: REQ, reason: 'x' })).toBe(`${RUN}:pause:${REQ}`);
    expect(inputMsgId({ kind: 'resume', run_id: RUN, request_id: REQ })).toBe(`${RUN}:resume:${REQ}`);
    expect(inputMsgId({ kind: 'inject', run_id: RUN, injection_id: REQ, injection: { kind: 'user_message', content: 'hi', author: null, target: null } })).toBe(`${RUN}:inject:${REQ}`);
    expect(inputMsgId({ kind: 'timeout', run_id: RUN })).toBe(`${RUN}:timeout`);
    expect(inputMsgId({ kind: 'timeout', run_id: RUN, deadline_at: 5 })).toBe(`${RUN}:timeout:5`);
    expect(taskAttemptMsgId({ task_id: `${RUN}:4`, delivery: 2, status: 'processing' })).toBe(`${RUN}:4:2:processing`);
  });

  it('default a pause reason and validate an injection', () => {
    expect(orchestratorInputSchema.parse({ kind: 'pause', run_id: RUN, request_id: REQ })).toMatchObject({ reason: 'paused by user' });
    expect(injectEventRequestSchema.safeParse({ kind: 'narrator_twist', content: ' A storm. ' }).data).toEqual({ kind: 'narrator_twist', content: 'A storm.' });
    for (const bad of [{ kind: 'shout', content: 'x' }, { kind: 'user_message', content: '  ' }, { kind: 'user_message', content: 'x', extra: 1 }]) {
      expect(injectEventRequestSchema.safeParse(bad).success).toBe(false);
    }
  });
});
