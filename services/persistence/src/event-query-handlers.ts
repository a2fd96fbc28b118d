import { DomainError, parseOrThrow, processedByEngineOf, queryRequestSchemas, type EventWithAttempts } from '@scrai/contracts';
import type { EventsRepository, TaskAttemptsRepository } from '@scrai/db';

export interface EventQueryRepositories {
  events: Pick<EventsRepository, 'find'>;
  taskAttempts: Pick<TaskAttemptsRepository, 'ofTask'>;
}

/** An event is named by its id (`<run id>:<seq>`) or by its seq alone; null when neither fits the run. */
export function seqOfEventId(runId: string, eventId: string): number | null {
  const m = /^(?:(.+):)?(\d{1,9})$/.exec(eventId);
  if (!m || (m[1] !== undefined && m[1] !== runId)) return null;
  const seq = Number(m[2]);
  return seq >= 1 ? seq : null;
}

/** `events.get`: one stored event with the processing attempts of the task that produced it. */
export function createEventQueryHandlers(repos: EventQueryRepositories): Record<'events.get', (request: unknown) => Promise<unknown>> {
  return {
    'events.get': async (data): Promise<EventWithAttempts> => {
      const r = parseOrThrow(queryRequestSchemas['events.get'], data, 'events.get request');
      const seq = seqOfEventId(r.run_id, r.event_id);
      const event = seq === null ? null : await repos.events.find(r.run_id, seq);
      if (!event) throw new DomainError(404, `no event ${r.event_id} in run ${r.run_id}`);
      const attempts = event.task_seq ? await repos.taskAttempts.ofTask(r.run_id, event.task_seq) : [];
      return { ...event, processed_by_engines: attempts.map(processedByEngineOf) };
    },
  };
}
