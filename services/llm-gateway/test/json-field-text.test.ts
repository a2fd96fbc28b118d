import { describe, expect, it } from '@jest/globals';
import { JsonFieldText } from '../src/json-field-text.js';

/** Feeds `chunks` in order and returns each push's output (plus what end() gives back, when any). */
function run(field: string, chunks: string[]): string[] {
  const x = new JsonFieldText(field);
  const out = chunks.map((c) => x.push(c));
  const rest = x.end();
  return rest ? [...out, rest] : out;
}

/** Every way of cutting `text` in two, and into single characters. */
function splits(text: string): string[][] {
  const out: string[][] = [[...text]];
  for (let i = 0; i <= text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

describe('JsonFieldText: a top-level string field read while its JSON arrives', () => {
  it('gives the field text as it arrives, chunk by chunk, and nothing of the other fields', () => {
    expect(run('content', ['{"action":"speak","con', 'tent":"We should', ' fund the', ' library."', ',"target":null}'])).toEqual([
      '',
      'We should',
      ' fund the',
      ' library.',
      '',
    ]);
  });

  it('decodes every escape exactly as JSON.parse does, however the chunks cut it', () => {
    const value = 'She said "no" \\ then /left/\n\ttab\r\b\f é \u00e9 \u2603 😀 end';
    const json = JSON.stringify({ action: 'speak', content: value, target: 'bob' });
    // \u escapes too (JSON.stringify writes the snowman raw): the same text with them spelled out.
    const escaped = json.replace('\u2603', '\\u2603').replace('😀', '\\ud83d\\ude00').replace('é \u00e9', 'é \\u00E9');
    expect(JSON.parse(escaped)).toEqual(JSON.parse(json));
    for (const text of [json, escaped]) {
      for (const chunks of splits(text)) {
        const parts = run('content', chunks);
        expect(parts.join('')).toBe(value);
      }
    }
  });

  it('never hands out half of a surrogate pair, even when a chunk ends between its two escapes', () => {
    const parts = run('content', ['{"content":"a\\ud83d', '\\ude00b"}']);
    expect(parts).toEqual(['a', '😀b']);
  });

  it('does not mistake a nested key, a value that looks like the key, or a later duplicate for the field', () => {
    const json = JSON.stringify({
      meta: { content: 'nested, not this', list: ['content', { content: 'nor this' }] },
      note: 'content',
      content: 'the line',
    });
    expect(run('content', [json]).join('')).toBe('the line');
    expect(run('content', ['{"content":"first","content":"second"}']).join('')).toBe('first');
  });

  it('reads a key written with escapes and spaces around the colon', () => {
    expect(run('content', ['{ "act\\u0069on" : "speak" , "cont\\u0065nt" :\n "hi there" }']).join('')).toBe('hi there');
  });

  it('ignores text around the object (a code fence, a sentence) and stops at its end', () => {
    expect(run('content', ['Sure! ```json\n{"content": "yes"}\n``` and {"content": "again"}']).join('')).toBe('yes');
  });

  it('gives nothing when the field is missing, not a string, or the answer is not JSON', () => {
    expect(run('content', ['{"action":"speak","target":"bob"}']).join('')).toBe('');
    expect(run('content', ['{"content":42,"x":"y"}']).join('')).toBe('');
    expect(run('content', ['plain text with "content": "no braces"']).join('')).toBe('');
  });
});
