import { describe, expect, it } from '@jest/globals';
import { natsHostPort } from '../src/nats-address.js';
import { databaseOf, redactUrl, withDatabase } from '../src/postgres-url.js';

describe('natsHostPort', () => {
  it('reads host and port of the first server', () => {
    expect(natsHostPort('nats://u:p@10.0.0.5:4333,nats://other:4222')).toEqual({ host: '10.0.0.5', port: 4333 });
  });
  it('defaults the scheme and port', () => {
    expect(natsHostPort('localhost')).toEqual({ host: 'localhost', port: 4222 });
  });
});

describe('postgres urls', () => {
  it('replaces the database and keeps credentials and options', () => {
    const url = withDatabase('postgres://app:secret@db:5433/scrai?sslmode=require', 'other');
    expect(url).toBe('postgres://app:secret@db:5433/other?sslmode=require');
    expect(databaseOf(url)).toBe('other');
  });
  it('reports no database for an empty path', () => {
    expect(databaseOf('postgres://postgres@127.0.0.1:5432')).toBeUndefined();
  });
  it('hides the password in log lines', () => {
    expect(redactUrl('postgres://app:secret@db/scrai')).toBe('postgres://app:***@db/scrai');
  });
});
