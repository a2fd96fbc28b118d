import {
  DomainError,
  isTerminalStatus,
  listDeadLettersQuerySchema,
  parseOrThrow,
  requeueDeadLetterQuerySchema,
  uuidSchema,
  type BrokerNames,
  type DeadLetterDetail,
  type DeadLetterPage,
  type RequeuedDeadLetter,
  type RunRecord,
} from '@scrai/contracts';
import { DLQ_HEADERS } from '@scrai/messaging';
import type { QueryClient } from '../persistence/query-client.js';
import { deadLetterDetailOf, deadLetterOf, reasonMatches } from './dead-letter-view.js';
import type { DeadLetterStore } from './dead-letter-store.js';

export interface DeadLettersServiceDeps {
  store: DeadLetterStore;
  queries: QueryClient;
  names: BrokerNames;
}

/** Messages read per list request at most (a reason filter reads past the ones it skips). */
const MAX_SCAN = 10_000;

/**
 * The dead-letters API over the DLQ stream: list (filter by engine type and run through the subject,
 * by reason through the headers), get, requeue, delete. `id` is the message's sequence in the stream.
 */
export class DeadLettersService {
  constructor(private readonly deps: DeadLettersServiceDeps) {}

  async list(params: Record<string, unknown>): Promise<DeadLetterPage> {
    const q = parseOrThrow(listDeadLettersQuerySchema, withoutEmpty(params), 'query parameters');
    const { names, store } = this.deps;
    const filter = names.subjects.dlqFilter(q.engine_type ? names.consumers.engine(q.engine_type) : undefined, q.run_id);
    const items: DeadLetterPage['items'] = [];
    let seq = q.after_id + 1;
    for (let scanned = 0; items.length < q.limit; scanned++) {
      if (scanned >= MAX_SCAN) return { items, next_after_id: seq - 1 };
      const m = await store.next(seq, filter);
      if (!m) return { items, next_after_id: null };
      seq = m.seq + 1;
      const letter = deadLetterOf(m, names);
      if (reasonMatches(letter.reason, q.reason)) items.push(letter);
    }
    return { items, next_after_id: items.at(-1)!.id };
  }

  async get(id: string): Promise<DeadLetterDetail> {
    return deadLetterDetailOf(await this.find(id), this.deps.names);
  }

  /**
   * Republishes the payload to its original subject under a fresh msgID `requeue:<id>:<n>` (the
   * original id would be dropped as a duplicate inside the window), with the original's headers and
   * `X-Requeued-From`, then deletes the dead letter. A repeated request for the same dead letter is
   * deduped by the broker. 409 when the task's run has already ended (its result would be ignored)
   * unless `force=true`; a run the API does not know is not checked.
   */
  async requeue(id: string, params: Record<string, unknown>): Promise<RequeuedDeadLetter> {
    const { force } = parseOrThrow(requeueDeadLetterQuerySchema, withoutEmpty(params), 'query parameters');
    const m = await this.find(id);
    const letter = deadLetterOf(m, this.deps.names);
    if (!letter.original_subject) throw new DomainError(409, `dead letter ${letter.id} does not say where it came from (no ${DLQ_HEADERS.originalSubject})`);
    if (!force) await this.refuseEndedRun(letter.run_id);
    const count = letter.requeue_count + 1;
    const msgId = `requeue:${letter.id}:${count}`;
    await this.deps.store.requeue(m, letter.original_subject, count, msgId);
    await this.deps.store.remove(letter.id);
    return { id: letter.id, requeued_to: letter.original_subject, msg_id: msgId };
  }

  async remove(id: string): Promise<void> {
    const seq = idOf(id);
    if (!(await this.deps.store.remove(seq))) throw notFound(seq);
  }

  private async find(id: string) {
    const seq = idOf(id);
    const m = await this.deps.store.get(seq);
    if (!m) throw notFound(seq);
    return m;
  }

  private async refuseEndedRun(runId: string | null): Promise<void> {
    if (!runId || !uuidSchema.safeParse(runId).success) return;
    let run: RunRecord;
    try {
      run = await this.deps.queries.query<RunRecord>('runs.get', { run_id: runId });
    } catch (e) {
      if (e instanceof DomainError && e.status === 404) return;
      throw e;
    }
    if (isTerminalStatus(run.status)) {
      throw new DomainError(409, `run ${runId} is already ${run.status}: it would ignore the task's result (pass force=true to requeue anyway)`);
    }
  }
}

function idOf(id: string): number {
  if (/^\d{1,15}$/.test(id) && Number(id) >= 1) return Number(id);
  throw new DomainError(400, `"${id}" is not a dead-letter id`, [{ path: 'id', message: 'must be a positive integer (the DLQ stream sequence)' }]);
}

const notFound = (seq: number) => new DomainError(404, `no dead letter ${seq}`);

/** HTTP hands numbers over as strings: plain integers become numbers, empty values are dropped. */
function withoutEmpty(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') continue;
    out[k] = typeof v === 'string' && /^\d+$/.test(v) && (k === 'limit' || k === 'after_id') ? Number(v) : v;
  }
  return out;
}
