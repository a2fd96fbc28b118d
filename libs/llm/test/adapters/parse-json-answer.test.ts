import { describe, expect, it } from '@jest/globals';
import { LlmError, parseJsonAnswer } from '@scrai/llm';

describe('parseJsonAnswer', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['  [1,2] ', [1, 2]],
    ['```json\n{"a":1}\n```', { a: 1 }],
    ['```\n{"a":1}\n```', { a: 1 }],
    ['Here you go:\n{"a":{"b":[1]}}\nHope it helps.', { a: { b: [1] } }],
  ])('%j', (text, obj) => {
    expect(parseJsonAnswer(text, 'p')).toEqual(obj);
  });

  it.each(['Sorry, I cannot.', '42', '"a string"', '{"a":', ''])('%j ⇒ invalid_output, not retryable', (text) => {
    let err: unknown;
    try {
      parseJsonAnswer(text, 'p');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LlmError);
    expect(err).toMatchObject({ code: 'invalid_output', retryable: false });
  });
});
