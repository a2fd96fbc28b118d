import type { LiveTokenPart, LlmRequest } from '@scrai/contracts';

/** Publishes one token part (delta-publisher.ts: core NATS, fire and forget). */
export type PublishDelta = (part: LiveTokenPart) => void;

/** The token parts of one request, numbered in the order they are published. */
export interface LiveTokenWriter {
  /** Publishes a non-empty piece of text. */
  delta(text: string): void;
  /** Tells viewers to discard the text published since the last reset; nothing when there is none. */
  reset(): void;
}

/** A writer for one request of a run: parts carry its run, agent and request ids and an index from 0. */
export function liveTokenWriter(req: LlmRequest & { run_id: string }, publish: PublishDelta): LiveTokenWriter {
  const base = { run_id: req.run_id, agent_id: req.agent_id ?? req.hints.agent_id ?? null, request_id: req.request_id };
  let index = 0;
  let open = false;
  return {
    delta(text) {
      if (!text) return;
      publish({ ...base, index: index++, delta: text });
      open = true;
    },
    reset() {
      if (!open) return;
      publish({ ...base, index: index++, delta: '', reset: true });
      open = false;
    },
  };
}
