import { z } from 'zod';

/**
 * Controls of a live run besides start and stop: pause, resume, and injecting an event into the
 * scenario. They travel to the orchestrator as inputs on the CMD stream (orchestrator-input.ts),
 * like every other command, so they are applied in order with the engines' results.
 */

/** What a researcher can inject: a line from a user, a twist told by the narrator, a moderator's intervention. */
export const INJECTION_KINDS = ['user_message', 'narrator_twist', 'intervention'] as const;
export const injectionKindSchema = z.enum(INJECTION_KINDS);
export type InjectionKind = z.infer<typeof injectionKindSchema>;

/** Body of POST /api/v1/runs/{id}/pause. */
export const pauseRunRequestSchema = z.strictObject({
  reason: z.string().min(1).max(500).optional(),
});
export type PauseRunRequest = z.infer<typeof pauseRunRequestSchema>;

/** Body of POST /api/v1/runs/{id}/events: an event injected into a running (or paused) scenario. */
export const injectEventRequestSchema = z.strictObject({
  kind: injectionKindSchema,
  content: z.string().trim().min(1).max(4000),
  /** Who says it (a user's name); defaults to "user", "narrator" or "moderator" by kind. */
  author: z.string().trim().min(1).max(100).optional(),
  /** An agent the line is addressed to; everyone still sees it. */
  target: z.string().trim().min(1).max(100).optional(),
});
export type InjectEventRequest = z.infer<typeof injectEventRequestSchema>;

/** The injection as the orchestrator receives it (inside the `inject` input) and records it. */
export const injectionSchema = z.object({
  kind: injectionKindSchema,
  content: z.string().min(1).max(4000),
  author: z.string().max(100).nullable(),
  target: z.string().max(100).nullable(),
});
export type Injection = z.infer<typeof injectionSchema>;

/** Answers of the control endpoints (202). */
export interface RunControlAccepted {
  id: string;
  status: 'pausing' | 'resuming';
}
export interface InjectionAccepted {
  id: string;
  injection_id: string;
}
