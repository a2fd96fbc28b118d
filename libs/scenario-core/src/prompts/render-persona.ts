import type { RunAgent } from '@scrai/contracts';

const bullets = (items: readonly string[]): string => items.map((i) => `- ${i}`).join('\n');

/**
 * The persona as the system prompt states it: who the agent is, what it wants, how it behaves and
 * what it must never do. Empty sections are left out.
 */
export function renderPersona(agent: RunAgent): string {
  const p = agent.persona;
  const parts = [`Your name in this scenario is "${agent.id}". Your role: ${p.role}.`];
  if (p.backstory.trim()) parts.push(`Backstory:\n${p.backstory.trim()}`);
  if (p.goals.length) parts.push(`Your goals:\n${bullets(p.goals)}`);
  const traits = Object.entries(p.traits);
  if (traits.length) parts.push(`Your traits:\n${bullets(traits.map(([k, v]) => `${k}: ${String(v)}`))}`);
  if (p.instructions.length) parts.push(`Instructions:\n${bullets(p.instructions)}`);
  if (p.constraints.length) parts.push(`Constraints (never break these):\n${bullets(p.constraints)}`);
  return parts.join('\n\n');
}
