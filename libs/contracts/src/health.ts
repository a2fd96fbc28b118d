import { z } from 'zod';

export const SERVICE_NAMES = [
  'gateway',
  'orchestrator',
  'engine-actor',
  'engine-narrator',
  'engine-analyst',
  'llm-gateway',
  'persistence',
] as const;
export const serviceNameSchema = z.enum(SERVICE_NAMES);
export type ServiceName = z.infer<typeof serviceNameSchema>;

/** Each service instance answers the health subject with this. */
export const healthReplySchema = z.object({
  service: serviceNameSchema,
  instance_id: z.string(),
  ready: z.boolean(),
  version: z.string(),
  pid: z.number().int(),
  uptime_s: z.number(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});
export type HealthReply = z.infer<typeof healthReplySchema>;

/** GET /health: every service's instances that answered; `ok` when each service has a ready one (HTTP 200, else 503). */
export interface HealthReport {
  status: 'ok' | 'degraded';
  services: Record<ServiceName, { ready: boolean; instances: HealthReply[] }>;
}
