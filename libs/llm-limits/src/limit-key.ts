/** KV keys allow [-/_=.a-zA-Z0-9]; anything else in a provider or model name is written as _xx (hex). */
const encodePart = (s: string): string => s.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export type LimitUnit = 'rpm' | 'tpm';

/**
 * The KV key of one limit: `rl.p.<provider>.<unit>` for a provider-wide limit,
 * `rl.m.<provider>.<model>.<unit>` for a model's own (dots in names are encoded, so keys never clash).
 */
export function limitKey(scope: { provider: string; model?: string }, unit: LimitUnit): string {
  return scope.model === undefined
    ? `rl.p.${encodePart(scope.provider)}.${unit}`
    : `rl.m.${encodePart(scope.provider)}.${encodePart(scope.model)}.${unit}`;
}
