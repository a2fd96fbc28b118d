import { z } from 'zod';
import { agentTemplateSchema } from './agent-template.js';
import { scenarioTemplateSchema } from './scenario-template.js';
import { createRunRequestSchema } from './run-request.js';
import { runEventSchema } from './run-event.js';
import { runRecordSchema, templateRecordSchema } from './run-record.js';
import { apiErrorSchema } from './api-error.js';

/** JSON Schemas of the user-facing shapes, generated from the zod schemas (never written by hand). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

export const publicSchemas = {
  AgentTemplate: agentTemplateSchema,
  ScenarioTemplate: scenarioTemplateSchema,
  CreateRunRequest: createRunRequestSchema,
  RunEvent: runEventSchema,
  Run: runRecordSchema,
  Template: templateRecordSchema,
  Error: apiErrorSchema,
} as const;
