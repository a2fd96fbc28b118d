const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * The decoded text of one top-level string field of a JSON object that arrives in pieces (a
 * structured answer being streamed), given back piece by piece as soon as it is known: `push` takes
 * the next chunk and returns the field's text that chunk completed. Chunks may split anything (a
 * key, an escape, a `\uXXXX`, a surrogate pair); escapes are decoded, so the concatenated output is
 * exactly the string JSON.parse gives. Keys and strings of nested objects are never mistaken for the
 * field; text before the object (a code fence, a sentence) and after it is ignored. Only the field's
 * first occurrence is read. Malformed JSON yields whatever text it seems to hold: the output is for
 * viewers, the parsed answer stays the authority.
 */
export class JsonFieldText {
  private started = false;
  private ended = false;
  /** 1 inside the root object; deeper in nested objects and arrays. */
  private depth = 0;
  /** At depth 1: is the next string a key (after `{` or `,`) rather than a value (after `:`)? */
  private expectKey = false;
  private lastKey: string | null = null;
  private inString = false;
  private role: 'key' | 'field' | 'other' = 'other';
  private key = '';
  private escaping = false;
  /** The hex digits of a `\u` escape read so far; null outside one. */
  private unicode: string | null = null;
  private fieldDone = false;
  /** A high surrogate kept back until its low half arrives, so no piece ends in half a character. */
  private held = '';

  constructor(private readonly field: string) {}

  push(chunk: string): string {
    let out = this.held;
    this.held = '';
    for (const c of chunk) {
      if (this.ended) break;
      if (!this.started) {
        if (c === '{') this.open();
        continue;
      }
      if (this.inString) out += this.inStringChar(c);
      else this.structural(c);
    }
    if (out && isHighSurrogate(out.charCodeAt(out.length - 1))) {
      this.held = out.slice(-1);
      out = out.slice(0, -1);
    }
    return out;
  }

  /** The text still held back once the answer is complete (a high surrogate whose pair never came). */
  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  private open(): void {
    this.started = true;
    this.depth = 1;
    this.expectKey = true;
  }

  /** One character inside a string: the decoded text it adds to the field ('' for anything else). */
  private inStringChar(c: string): string {
    let ch: string;
    if (this.unicode !== null) {
      this.unicode += c;
      if (this.unicode.length < 4) return '';
      const code = /^[0-9a-fA-F]{4}$/.test(this.unicode) ? parseInt(this.unicode, 16) : 0xfffd;
      this.unicode = null;
      ch = String.fromCharCode(code);
    } else if (this.escaping) {
      this.escaping = false;
      if (c === 'u') {
        this.unicode = '';
        return '';
      }
      ch = ESCAPES[c] ?? c;
    } else if (c === '\\') {
      this.escaping = true;
      return '';
    } else if (c === '"') {
      this.closeString();
      return '';
    } else {
      ch = c;
    }
    if (this.role === 'key') this.key += ch;
    return this.role === 'field' ? ch : '';
  }

  private closeString(): void {
    this.inString = false;
    if (this.role === 'key') {
      this.lastKey = this.key;
      this.expectKey = false;
    } else if (this.role === 'field') {
      this.fieldDone = true;
    }
  }

  private structural(c: string): void {
    switch (c) {
      case '"':
        this.inString = true;
        if (this.depth !== 1) this.role = 'other';
        else if (this.expectKey) this.role = 'key';
        else this.role = this.lastKey === this.field && !this.fieldDone ? 'field' : 'other';
        this.key = '';
        return;
      case ',':
        if (this.depth === 1) {
          this.expectKey = true;
          this.lastKey = null;
        }
        return;
      case '{':
      case '[':
        this.depth++;
        return;
      case '}':
      case ']':
        this.depth--;
        if (this.depth === 0) this.ended = true;
        return;
    }
  }
}
