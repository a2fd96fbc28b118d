import { issuesToDetails, type TaskKind } from '@scrai/contracts';
import { taskOutputSchemas, type TaskOutputs } from './task-outputs.js';

export type ParsedTaskOutput<K extends TaskKind = TaskKind> =
  | { ok: true; output: TaskOutputs[K] }
  | { ok: false; reason: string };

const MAX_REASON = 600;
const FENCE = /^```[a-zA-Z]*\s*\n?([\s\S]*?)\n?```$/;

type Json = { ok: true; value: unknown } | { ok: false; reason: string };

function tryJson(s: string): Json {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Reads the JSON object out of a model's text: the whole text, the inside of a code fence, or the
 * span from the first "{" to the last "}" (models like to add a sentence around it).
 */
export function extractJson(text: string): Json {
  const t = text.trim();
  if (!t) return { ok: false, reason: 'the answer is empty' };
  const fenced = FENCE.exec(t)?.[1]?.trim() ?? t;
  const whole = tryJson(fenced);
  if (whole.ok) return whole;
  const start = fenced.indexOf('{');
  const end = fenced.lastIndexOf('}');
  if (start >= 0 && end > start) {
    const inner = tryJson(fenced.slice(start, end + 1));
    if (inner.ok) return inner;
  }
  return { ok: false, reason: `the answer is not a JSON object (${whole.reason})` };
}

/**
 * Validates a model's answer to a task against the task kind's contracts schema. `answer` is the
 * model's text, or the object a provider already parsed. An invalid answer comes back as data that
 * says why, so the engine can re-ask (bounded) with that reason.
 */
export function parseTaskOutput<K extends TaskKind>(kind: K, answer: unknown, allowedActions?: readonly string[]): ParsedTaskOutput<K> {
  let value: unknown = answer;
  if (typeof answer === 'string') {
    const json = extractJson(answer);
    if (!json.ok) return { ok: false, reason: json.reason.slice(0, MAX_REASON) };
    value = json.value;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'the answer must be a JSON object' };
  }
  const r = taskOutputSchemas[kind].safeParse(value);
  if (r.success) {
    const action = (r.data as { action?: string }).action;
    if (kind === 'actor.turn' && allowedActions && action !== undefined && !allowedActions.includes(action)) {
      return { ok: false, reason: `action: "${action}" is not allowed in this scenario (allowed: ${allowedActions.join(', ')})` };
    }
    return { ok: true, output: r.data as TaskOutputs[K] };
  }
  const why = issuesToDetails(r.error.issues)
    .map((d) => `${d.path}: ${d.message}`)
    .join('; ');
  return { ok: false, reason: `the answer does not match the format (${why})`.slice(0, MAX_REASON) };
}
