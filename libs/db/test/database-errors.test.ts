import { describe, expect, it } from '@jest/globals';
import { isDataError, isUniqueViolation, sqlStateOf } from '../src/database-errors.js';

describe('database error classification', () => {
  it('reads the SQLSTATE from the error or its driver error', () => {
    expect(sqlStateOf({ code: '23505' })).toBe('23505');
    expect(sqlStateOf({ driverError: { code: '22P02' } })).toBe('22P02');
    expect(sqlStateOf(new Error('connection refused'))).toBeUndefined();
    expect(sqlStateOf(null)).toBeUndefined();
  });

  it('treats data exceptions and constraint violations as data errors, not connection failures', () => {
    expect(isDataError({ code: '22P05' })).toBe(true); // unsupported unicode escape (NUL in jsonb)
    expect(isDataError({ code: '22007' })).toBe(true); // bad datetime
    expect(isDataError({ code: '23502' })).toBe(true); // not null
    expect(isDataError({ code: '08006' })).toBe(false); // connection failure
    expect(isDataError({ code: '57P01' })).toBe(false); // admin shutdown
    expect(isDataError({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
  });
});
