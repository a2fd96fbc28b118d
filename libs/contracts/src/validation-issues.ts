import type { z } from 'zod';
import type { ErrorDetail } from './api-error.js';

type Issue = z.core.$ZodIssue;

const joinPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, k) => {
    if (typeof k === 'number') return `${acc}[${k}]`;
    const key = String(k);
    return acc ? `${acc}.${key}` : key;
  }, '');

/**
 * Turns zod issues into `{path, message}` details. For a union, reports the branch the input
 * actually resembled (the one that did not fail on the type at the union's own path), so an inline
 * scenario with a bad field says `scenario.max_turns`, not "invalid input".
 */
export function issuesToDetails(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
      const branches = issue.errors as Issue[][];
      const matched = branches.find((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (matched) {
        out.push(...issuesToDetails(matched, path));
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: joinPath([...path, key]), message: 'unknown field' });
      continue;
    }
    out.push({ path: joinPath(path) || '(root)', message: issue.message });
  }
  return out;
}
