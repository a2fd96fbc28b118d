import { describe, expect, it } from '@jest/globals';
import { ScraiApiError } from '../src/scrai-api-error.js';

describe('ScraiApiError.fromResponse', () => {
  it('reads the API error shape', async () => {
    const res = new Response(JSON.stringify({ error: 'bad_request', message: 'invalid', details: [{ path: 'persona.goals', message: 'x' }] }), { status: 400 });
    const e = await ScraiApiError.fromResponse(res);
    expect([e.status, e.error, e.message, e.details]).toEqual([400, 'bad_request', 'invalid', [{ path: 'persona.goals', message: 'x' }]]);
  });

  it('copes with a body that is not the API shape', async () => {
    const e = await ScraiApiError.fromResponse(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect([e.status, e.error, e.message]).toEqual([502, 'http_502', '<html>bad gateway</html>']);
  });
});
