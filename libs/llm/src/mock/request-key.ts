import type { LlmRequest } from '@scrai/contracts';
import { canonicalJson } from './canonical-json.js';
import { hashHex } from './string-hash.js';

/**
 * The identity of a request for the mock: everything that shapes an answer (model, prompt, sampling
 * settings, response format, tools and tool choice, hints) and nothing that merely labels the call (request, run and agent
 * ids). max_tokens and stop only cut the answer, as with a real model, so they are not part of it.
 * Two requests with the same key get byte-identical answers.
 */
export function requestKey(req: LlmRequest): string {
  return hashHex(
    canonicalJson({
      model: req.model,
      system: req.system ?? null,
      messages: req.messages,
      temperature: req.temperature ?? null,
      seed: req.seed ?? null,
      response_format: req.response_format,
      // Only when present (canonicalJson leaves undefined out), so requests without tools keep their keys.
      tools: req.tools?.length ? req.tools : undefined,
      tool_choice: req.tool_choice,
      hints: req.hints,
    }),
  );
}
