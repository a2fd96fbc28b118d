import { z } from 'zod';
import type { ActorTurnOutput } from './turn-outputs.js';

/**
 * The field of an actor's structured answer (turn-outputs.ts) that holds what the actor says or does:
 * with streaming on, the llm-gateway sends viewers the text of this field as it is generated, not
 * the raw JSON around it.
 */
export const ACTOR_SPOKEN_FIELD = 'content' satisfies keyof ActorTurnOutput;

/**
 * One piece of an answer while it is being generated, published by the llm-gateway on core NATS
 * (`<ns>.live.<run_id>.tokens`, ephemeral: nobody stores it) and sent by the gateway to the run's
 * SSE viewers as `event: token`. Parts of one request (`request_id`) carry increasing `index`es from
 * 0; the concatenated `delta`s are the text so far. A part with `reset: true` (and an empty delta)
 * means the attempt failed after some text was sent: discard that request's text, a retry (or
 * nothing) follows. The stored event of the turn is the complete, authoritative text.
 */
export const liveTokenPartSchema = z.object({
  run_id: z.string().min(1),
  agent_id: z.string().nullable(),
  request_id: z.string().min(1),
  index: z.number().int().min(0),
  delta: z.string(),
  reset: z.literal(true).optional(),
});
export type LiveTokenPart = z.infer<typeof liveTokenPartSchema>;
