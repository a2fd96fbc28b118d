import type { Command } from '@scrai/scenario-core';
import { jsonAtLeast, sameJson } from './json-equality.js';

/**
 * One command of a compact outbox: an event as it is; a task with the values it shares with an
 * earlier task of the same outbox left out. `same` lists those values: the path of the field in
 * the task and the index (in the outbox) of the task that holds it in full; the field itself stays
 * in place as `null`, so the task keeps its key order and expands to the very same JSON.
 */
export type StoredCommand =
  | { type: 'emit'; event: unknown }
  | { type: 'schedule'; task: Record<string, unknown>; same?: Array<[path: string[], from: number]> };

/** Values shorter than about this (as JSON) are always stored in place: a reference would save nothing. */
const MIN_SHARED_CHARS = 64;
/** How deep into a task shared values are looked for (task.agent.persona is depth 2). */
const MAX_DEPTH = 2;
/**
 * Distinct values remembered per path. Enough for the values a round shares (one participants list,
 * one window or a few, one persona per template); a path whose values all differ (each task's agent)
 * stops growing here, so a task is compared with a bounded number of earlier ones.
 */
const MAX_CANDIDATES = 16;

/** Per path (keys joined by NUL): the distinct values stored in full so far, with the index of their task. */
type Seen = Map<string, Array<{ value: unknown; index: number }>>;

interface Walk {
  index: number;
  /** The outbox's last task: its values are compared with earlier ones but never remembered. */
  last: boolean;
  seen: Seen;
  same: Array<[string[], number]>;
}

/**
 * The outbox as stored in KV: in a simultaneous round every task carries the same participants,
 * scenario and transcript window (and agents of one template the same persona), so storing each
 * task in full grows the record with N² (1.2 MiB for 100 actors, over the broker's max_payload).
 * A value (object, array or long string) whose JSON is the same as the value's at the same path of
 * an earlier task is stored once. expandOutbox() gives back the original commands, JSON for JSON.
 */
export function compactOutbox(commands: readonly Command[]): StoredCommand[] {
  const seen: Seen = new Map();
  const lastTask = commands.findLastIndex((c) => c.type === 'schedule');
  return commands.map((c, index): StoredCommand => {
    if (c.type === 'emit') return c;
    const same: Array<[string[], number]> = [];
    const task = compactObject(c.task as unknown as Record<string, unknown>, [], { index, last: index === lastTask, seen, same });
    return same.length ? { type: 'schedule', task, same } : { type: 'schedule', task };
  });
}

function compactObject(obj: Record<string, unknown>, path: string[], w: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    out[key] = value;
    if (value === null || (typeof value !== 'object' && typeof value !== 'string')) continue;
    const at = [...path, key];
    const pathKey = at.join('\u0000');
    const candidates = w.seen.get(pathKey);
    if (!candidates && w.last) continue; // nothing earlier to share with, nothing later to share it
    if (!jsonAtLeast(value, MIN_SHARED_CHARS)) continue;
    const first = candidates?.find((c) => sameJson(c.value, value));
    if (first) {
      out[key] = null;
      w.same.push([at, first.index]);
      continue;
    }
    if (!w.last) {
      if (!candidates) w.seen.set(pathKey, [{ value, index: w.index }]);
      else if (candidates.length < MAX_CANDIDATES) candidates.push({ value, index: w.index });
    }
    if (at.length < MAX_DEPTH && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = compactObject(value as Record<string, unknown>, at, w);
    }
  }
  return out;
}

/** The commands of a compact outbox (see compactOutbox); throws on a reference that leads nowhere. */
export function expandOutbox(stored: readonly StoredCommand[]): Command[] {
  const out: Command[] = [];
  for (const [index, c] of stored.entries()) {
    if (c.type === 'emit' || !c.same) {
      out.push(c as Command);
      continue;
    }
    for (const [path, from] of c.same) {
      const source = from < index ? out[from] : undefined;
      if (source?.type !== 'schedule') throw new Error(`run record: outbox command ${index} refers to ${from}, which is not an earlier task`);
      setAt(c.task, path, valueAt(source.task as unknown as Record<string, unknown>, path, index));
    }
    out.push({ type: 'schedule', task: c.task as unknown as Extract<Command, { type: 'schedule' }>['task'] });
  }
  return out;
}

function valueAt(obj: Record<string, unknown>, path: readonly string[], index: number): unknown {
  let v: unknown = obj;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) throw new Error(`run record: outbox command ${index} refers to a missing ${path.join('.')}`);
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function setAt(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let parent: unknown = obj;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, unknown> | null)?.[key];
  const last = path.at(-1);
  if (parent === null || typeof parent !== 'object' || last === undefined || !Object.hasOwn(parent, last)) {
    throw new Error(`run record: no place for the shared ${path.join('.')}`);
  }
  (parent as Record<string, unknown>)[last] = value;
}
