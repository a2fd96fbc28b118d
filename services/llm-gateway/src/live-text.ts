import type { LlmRequest } from '@scrai/contracts';
import { JsonFieldText } from './json-field-text.js';

/** What viewers see of an answer being streamed: each provider delta turned into the text it adds ('' for none). */
export interface LiveText {
  push(delta: string): string;
  /** Anything held back, once the answer is complete. */
  end(): string;
}

/**
 * A fresh reader of the viewable text of one attempt's answer: a text answer as it comes; a
 * structured answer only the decoded string of its `stream_field` (raw JSON is no use to a viewer).
 * null when there is nothing to show (a structured answer without `stream_field`): such a request is
 * not streamed.
 */
export function liveTextOf(req: LlmRequest): (() => LiveText) | null {
  if (req.response_format.type === 'text') return () => ({ push: (delta) => delta, end: () => '' });
  const field = req.stream_field;
  return field === undefined ? null : () => new JsonFieldText(field);
}
