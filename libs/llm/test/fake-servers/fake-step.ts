/**
 * A tool call a fake answers with. `arguments` as an object is sent as JSON; as a string it is sent
 * exactly (so a test can send arguments that are not valid JSON). `id` defaults to `call_fake_<n>`.
 */
export interface FakeToolCall {
  id?: string;
  name: string;
  arguments: Record<string, unknown> | string;
}

/** What a fake provider does with one request; steps are taken in order, then the default repeats. */
export type FakeStep =
  /**
   * A normal answer; streamed (SSE / NDJSON) when the request asked for a stream. With `toolCalls` it
   * calls those tools (after its text, if any), and `finish` defaults to the provider's tool-call reason.
   */
  | { kind: 'answer'; text?: string; finish?: string; usage?: { in: number; out: number }; toolCalls?: FakeToolCall[] }
  | { kind: 'rate_limit'; retryAfter?: string; retryAfterMs?: string }
  /** The provider's quota / spend-exhausted answer (status defaults to the provider's real one). */
  | { kind: 'quota'; status?: number }
  | { kind: 'error'; status: number; message?: string }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Start the answer (status, headers, the first deltas) and then drop the connection. */
  | { kind: 'cut'; text?: string }
  /** Start the answer like `cut`, then go silent with the connection open. */
  | { kind: 'stall'; text?: string };

export const DEFAULT_ANSWER: FakeStep = { kind: 'answer', text: 'Hello from the fake. How are you?', finish: 'stop' };

/** The answer's text split into word-sized deltas, as a provider streams it. */
export const deltasOf = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? [];

/** A scripted tool call on the wire: its id (given or `call_fake_<n>`) and its arguments as JSON text. */
export function wireToolCalls(step: FakeStep): Array<{ id: string; name: string; json: string }> {
  if (step.kind !== 'answer') return [];
  return (step.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `call_fake_${i}`,
    name: c.name,
    json: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
  }));
}

/** A tool call's arguments as an object for the wires that send objects (Anthropic, Ollama); text that is not JSON stays text. */
export function objectArguments(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

/** Text cut into pieces of `size` characters, as providers stream a tool call's arguments. */
export const piecesOf = (text: string, size = 7): string[] => text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
