import { describe, expect, it } from '@jest/globals';
import * as AnthropicSdk from '@anthropic-ai/sdk';
import * as OpenAiSdk from 'openai';
import { classifyAnthropicError, classifyOllamaError, classifyOpenAiError, LlmError } from '@scrai/llm';

const KEY = 'sk-live-abcdefghijklmnop';
const ctx = { provider: 'p', apiKey: KEY, timeoutMs: 1000, now: 0 };

describe('classifyOpenAiError', () => {
  const api = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
    classifyOpenAiError(new OpenAiSdk.APIError(status, error, undefined, new Headers(headers)), ctx);

  it('insufficient_quota 429 is quota_exhausted; a plain 429 is a timed rate limit', () => {
    expect(api(429, { message: 'quota', code: 'insufficient_quota', type: 'insufficient_quota' })).toMatchObject({
      code: 'quota_exhausted',
      retryable: false,
    });
    expect(api(429, { message: 'rpm', code: 'rate_limit_exceeded' }, { 'retry-after-ms': '120' })).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 120,
    });
  });

  it('connection errors and timeouts are retryable; the key never shows', () => {
    expect(classifyOpenAiError(new OpenAiSdk.APIConnectionTimeoutError(), ctx)).toMatchObject({ code: 'timeout', retryable: true });
    expect(classifyOpenAiError(new OpenAiSdk.APIConnectionError({ message: 'Connection error.' }), ctx)).toMatchObject({
      code: 'connection_error',
      retryable: true,
    });
    const e = api(401, { message: `Incorrect API key provided: ${KEY}` });
    expect(e).toMatchObject({ code: 'auth_failed', retryable: false });
    expect(e.message).not.toContain(KEY.slice(0, 10));
  });

  it('a socket error while reading a body is retryable; an unknown error is internal', () => {
    const terminated = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(classifyOpenAiError(terminated, ctx)).toMatchObject({ code: 'connection_error', retryable: true });
    expect(classifyOpenAiError(new RangeError('bug'), ctx)).toMatchObject({ code: 'internal', retryable: false });
  });
});

describe('classifyAnthropicError', () => {
  const api = (status: number | undefined, type: string, message: string, headers: Record<string, string> = {}) =>
    classifyAnthropicError(
      new AnthropicSdk.APIError(status, { type: 'error', error: { type, message } }, undefined, new Headers(headers)),
      ctx,
    );

  it('billing errors and credit messages are quota_exhausted', () => {
    expect(api(402, 'billing_error', 'Payment required')).toMatchObject({ code: 'quota_exhausted', retryable: false });
    expect(api(400, 'invalid_request_error', 'Your credit balance is too low')).toMatchObject({ code: 'quota_exhausted' });
    expect(api(429, 'rate_limit_error', 'You have reached your specified API usage limits')).toMatchObject({
      code: 'quota_exhausted',
    });
  });

  it('rate limits, overload and stream error events are retryable; a bad request is not', () => {
    expect(api(429, 'rate_limit_error', 'Number of requests exceeded', { 'retry-after': '5' })).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 5000,
    });
    expect(api(529, 'overloaded_error', 'Overloaded')).toMatchObject({ code: 'overloaded', retryable: true });
    expect(api(undefined, 'overloaded_error', 'Overloaded')).toMatchObject({ code: 'overloaded', retryable: true });
    expect(api(400, 'invalid_request_error', 'messages: field required')).toMatchObject({
      code: 'bad_request',
      retryable: false,
      message: 'p 400: messages: field required',
    });
  });
});

describe('classifyOllamaError', () => {
  const responseError = (status_code: number, error: string) =>
    Object.assign(new Error(error), { name: 'ResponseError', status_code, error });

  it('maps statuses, keeping retry-after from the headers our fetch saw', () => {
    expect(classifyOllamaError(responseError(429, 'too many requests'), { ...ctx, headers: { 'retry-after': '3' } })).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3000,
    });
    expect(classifyOllamaError(responseError(429, 'you have reached your weekly usage limit'), ctx)).toMatchObject({
      code: 'quota_exhausted',
      retryable: false,
    });
    expect(classifyOllamaError(responseError(404, 'model not found'), ctx)).toMatchObject({ code: 'bad_request', retryable: false });
  });

  it('an error line in a stream or a stream without done is retryable', () => {
    expect(classifyOllamaError(new Error('Did not receive done or success response in stream.'), ctx)).toMatchObject({
      code: 'connection_error',
      retryable: true,
    });
    expect(classifyOllamaError(new Error('an error was encountered while running the model'), ctx)).toMatchObject({
      code: 'provider_error',
      retryable: true,
    });
    expect(classifyOllamaError(new LlmError('timeout', 't', { retryable: true }), ctx).code).toBe('timeout');
  });
});
