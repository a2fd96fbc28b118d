import {
  agentTemplateSchema,
  jsonSchemaOf,
  parseOrThrow,
  scenarioTemplateSchema,
  type Page,
  type TemplateKind,
  type TemplateRecord,
} from '@scrai/contracts';
import type { QueryClient } from '../persistence/query-client.js';

const bodySchemas = { agent: agentTemplateSchema, scenario: scenarioTemplateSchema } as const;

/**
 * Agent and scenario templates. Bodies are validated here for an immediate 400 with field paths;
 * persistence validates again and stores them (the caller's document, as written).
 */
export class TemplatesService {
  constructor(private readonly queries: QueryClient) {}

  list(kind: TemplateKind): Promise<Page<TemplateRecord>> {
    return this.queries.query<Page<TemplateRecord>>('templates.list', { kind });
  }

  get(kind: TemplateKind, ref: string): Promise<TemplateRecord> {
    return this.queries.query<TemplateRecord>('templates.get', { kind, ref });
  }

  create(kind: TemplateKind, body: unknown): Promise<TemplateRecord> {
    return this.queries.query<TemplateRecord>('templates.create', { kind, body: validBody(kind, body) });
  }

  update(kind: TemplateKind, ref: string, body: unknown): Promise<TemplateRecord> {
    return this.queries.query<TemplateRecord>('templates.update', { kind, ref, body: validBody(kind, body) });
  }

  async remove(kind: TemplateKind, ref: string): Promise<void> {
    await this.queries.query('templates.delete', { kind, ref });
  }

  /** The JSON Schema of a template body, generated from its zod schema. */
  schema(kind: TemplateKind): Record<string, unknown> {
    return jsonSchemaOf(bodySchemas[kind]);
  }
}

function validBody(kind: TemplateKind, body: unknown): Record<string, unknown> {
  parseOrThrow(bodySchemas[kind], body, `${kind} template`);
  return body as Record<string, unknown>;
}
