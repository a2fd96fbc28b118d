import type { z } from 'zod';
import { issuesToDetails } from './validation-issues.js';

/**
 * Validates environment variables once at boot into a typed config. Throws one readable error that
 * names each bad variable. Services call it with process.env; libraries never read the environment.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, service: string): z.infer<S> {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  const lines = issuesToDetails(r.error.issues).map((d) => `  ${d.path}: ${d.message}`);
  throw new Error(`${service}: invalid configuration\n${lines.join('\n')}`);
}
