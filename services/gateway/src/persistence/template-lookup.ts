import { DomainError, type TemplateKind, type TemplateRecord } from '@scrai/contracts';
import type { QueryClient } from './query-client.js';

/** A stored template by name or id, or null when there is none (other failures propagate). */
export async function findTemplate(queries: QueryClient, kind: TemplateKind, ref: string): Promise<TemplateRecord | null> {
  try {
    return await queries.query<TemplateRecord>('templates.get', { kind, ref });
  } catch (e) {
    if (e instanceof DomainError && e.status === 404) return null;
    throw e;
  }
}
