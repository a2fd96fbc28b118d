import { z } from 'zod';
import { engineTypeSchema, taskIdOf, type OrchestratorInput, type TaskAttemptRecord } from '@scrai/contracts';
import type { MovedLetter } from '@scrai/messaging';

/** The fields of a task the notice needs; read leniently, so a task of an older or newer shape still finds its run. */
const taskRefSchema = z.object({ run_id: z.string().uuid(), seq: z.number().int().min(1), engine_type: engineTypeSchema.optional() });

function taskRefOf(letter: MovedLetter): z.infer<typeof taskRefSchema> | null {
  try {
    const ref = taskRefSchema.safeParse(JSON.parse(new TextDecoder().decode(letter.data)));
    return ref.success ? ref.data : null;
  } catch {
    return null;
  }
}

/**
 * The input that tells a run its task was dead-lettered by the mover (the worker died or hung on
 * every delivery): `task_failed` with code `dead_letter`. Null when the message is not a readable
 * task (nobody waits for it).
 */
export function deadLetterNoticeOf(letter: MovedLetter, moverId: string): Extract<OrchestratorInput, { kind: 'task_failed' }> | null {
  const ref = taskRefOf(letter);
  if (!ref) return null;
  return {
    kind: 'task_failed',
    run_id: ref.run_id,
    seq: ref.seq,
    engine_id: moverId,
    error: { code: 'dead_letter', message: `${letter.reason}: ${letter.error}` },
  };
}

/** The task's `dead_letter` step in its lifecycle (TASK_ATTEMPTS), recorded by the mover; null when not a readable task. */
export function deadLetterAttemptOf(letter: MovedLetter, moverId: string, at: Date): TaskAttemptRecord | null {
  const ref = taskRefOf(letter);
  if (!ref?.engine_type) return null;
  return {
    run_id: ref.run_id,
    task_seq: ref.seq,
    task_id: taskIdOf(ref.run_id, ref.seq),
    engine_id: moverId,
    engine_type: ref.engine_type,
    status: 'dead_letter',
    delivery: letter.deliveries,
    error: `${letter.reason}: ${letter.error}`.slice(0, 2000),
    at: at.toISOString(),
  };
}
