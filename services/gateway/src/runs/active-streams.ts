import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/**
 * Long-lived responses (SSE streams, gRPC WatchRun calls) register their abort controller here, so a
 * shutdown ends them instead of waiting for runs to finish.
 */
@Injectable()
export class ActiveStreams implements BeforeApplicationShutdown {
  private readonly open = new Set<AbortController>();

  /** Tracks the controller until it aborts. */
  track(ac: AbortController): void {
    if (ac.signal.aborted) return;
    this.open.add(ac);
    ac.signal.addEventListener('abort', () => this.open.delete(ac), { once: true });
  }

  get size(): number {
    return this.open.size;
  }

  beforeApplicationShutdown(): void {
    for (const ac of [...this.open]) ac.abort();
  }
}
