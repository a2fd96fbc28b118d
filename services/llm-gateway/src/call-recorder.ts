import type { LlmCallRecord } from '@scrai/contracts';
import type { Logger } from '@scrai/observability';

export interface CallRecorderDeps {
  /** Publishes one record to the LLM_CALLS stream (msgID = record id). */
  publish(rec: LlmCallRecord, traceparent?: string): Promise<unknown>;
  log: Logger;
}

/**
 * Publishes usage records off the reply's critical path: `record` only schedules the publish (it
 * runs after the reply has been sent), a failure is logged, and `flush` waits for what is pending.
 */
export class CallRecorder {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly d: CallRecorderDeps) {}

  /** `traceparent`: the call's span, so the record's write in persistence joins the run's trace. */
  record(rec: LlmCallRecord, traceparent?: string): void {
    const p = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.d.publish(rec, traceparent))
      .then(
        () => undefined,
        (e: unknown) => {
          this.d.log.error({ request_id: rec.id, run_id: rec.run_id, err: e instanceof Error ? e.message : String(e) }, 'could not publish llm call record');
        },
      )
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
