import type { CompletionCondition, RunSpec } from '@scrai/contracts';

const has = (spec: RunSpec, type: CompletionCondition['type']) => spec.scenario.completion_conditions.some((c) => c.type === type);

export const endsWhenNarratorConcludes = (spec: RunSpec) => has(spec, 'narrator_concludes');

/** True when a line contains one of the scenario's ending phrases (case-insensitive). */
export function phraseSpoken(spec: RunSpec, text: string): boolean {
  const lower = text.toLowerCase();
  return spec.scenario.completion_conditions.some((c) => c.type === 'phrase' && lower.includes(c.phrase.toLowerCase()));
}
