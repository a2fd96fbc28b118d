import { LlmError } from '../llm-error.js';

/**
 * The validate step of structured output: the answer must be a JSON object or array, optionally wrapped
 * in a Markdown code fence or surrounded by a line of prose. Anything else is a permanent `invalid_output`
 * error whose message says why, so the engine (the one owner of repairs) can re-ask with the reason.
 * It checks JSON-ness only, not the schema: the engine validates the object against its own schema.
 */
export function parseJsonAnswer(text: string, provider: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const first = text.search(/[[{]/);
  const last = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const c of candidates) {
    try {
      const v: unknown = JSON.parse(c);
      if (v !== null && typeof v === 'object') return v;
    } catch {
      // try the next reading
    }
  }
  const preview = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return invalidOutput(provider, `the answer is not a JSON object: ${JSON.stringify(preview)}`);
}

function invalidOutput(provider: string, why: string): never {
  throw new LlmError('invalid_output', `${provider}: ${why}`, { retryable: false });
}

/** The parsed object of a structured answer; a cut answer gets a message that says it was cut. */
export function structuredObject(text: string, finishReason: string, provider: string): unknown {
  if (finishReason === 'length') {
    try {
      return parseJsonAnswer(text, provider);
    } catch {
      return invalidOutput(provider, 'the answer was cut at max_tokens before its JSON was complete');
    }
  }
  return parseJsonAnswer(text, provider);
}
