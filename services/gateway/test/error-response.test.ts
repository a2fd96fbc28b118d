import { describe, expect, it } from '@jest/globals';
import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '@scrai/contracts';
import { toErrorResponse } from '../src/http/api-exception-filter.js';

describe('toErrorResponse', () => {
  it('keeps a DomainError status and details', () => {
    expect(toErrorResponse(new DomainError(409, 'run x is already completed'), '1mb')).toEqual({
      status: 409,
      body: { error: 'conflict', message: 'run x is already completed', details: [] },
    });
  });

  it('turns a zod failure into a 400 with field paths', () => {
    const r = z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: 'x' } });
    const res = toErrorResponse(r.error, '1mb');
    expect(res.status).toBe(400);
    expect(res.body.details[0]!.path).toBe('a.b');
  });

  it('maps body-parser failures and unknown routes', () => {
    const bad = new BadRequestException('Unexpected token', { cause: Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed' }) });
    expect(toErrorResponse(bad, '1mb').body).toEqual({ error: 'bad_request', message: 'request body is not valid JSON', details: [] });
    const big = new HttpException('request entity too large', 413, { cause: { type: 'entity.too.large' } });
    expect(toErrorResponse(big, '1mb')).toEqual({ status: 413, body: { error: 'payload_too_large', message: 'request body is larger than 1mb', details: [] } });
    expect(toErrorResponse(new NotFoundException('Cannot GET /x'), '1mb')).toEqual({ status: 404, body: { error: 'not_found', message: 'Cannot GET /x', details: [] } });
  });

  it('hides anything else behind a 500', () => {
    expect(toErrorResponse(new Error('db password is hunter2'), '1mb')).toEqual({ status: 500, body: { error: 'internal', message: 'internal error', details: [] } });
  });
});
