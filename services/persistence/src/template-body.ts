import { agentTemplateSchema, parseOrThrow, scenarioTemplateSchema, type TemplateKind } from '@scrai/contracts';

/**
 * Validates a template body against its kind's schema and returns it with defaults applied (what is
 * stored). A bad body is a 400 DomainError whose details name the field, e.g. `persona.goals[0]`.
 */
export function parseTemplateBody(kind: TemplateKind, body: unknown): Record<string, unknown> & { name: string } {
  return kind === 'agent'
    ? parseOrThrow(agentTemplateSchema, body, 'agent template')
    : parseOrThrow(scenarioTemplateSchema, body, 'scenario template');
}
