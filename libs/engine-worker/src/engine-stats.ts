import type { EngineLiveStatus } from '@scrai/contracts';

export interface EngineStatsOptions {
  /** Outcomes older than this no longer count towards the recent failure ratio. Default 60 s. */
  windowMs?: number;
  /** Most outcomes kept for the ratio. Default 50. */
  maxSamples?: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
}

export interface RecentOutcomes {
  samples: number;
  failures: number;
}

/** Counts of a worker's settled deliveries and its recent failures, for its heartbeats. */
export class EngineStats {
  processed = 0;
  failed = 0;
  lastError: string | null = null;
  private readonly recentOutcomes: Array<{ at: number; failed: boolean }> = [];
  private readonly windowMs: number;
  private readonly maxSamples: number;
  private readonly now: () => number;

  constructor(o: EngineStatsOptions = {}) {
    this.windowMs = o.windowMs ?? 60_000;
    this.maxSamples = o.maxSamples ?? 50;
    this.now = o.now ?? (() => performance.now());
  }

  /** A delivery acked: a result or a reported failure was handed to the orchestrator. */
  succeeded(): void {
    this.processed++;
    this.push(false);
  }

  /** A delivery the worker could not finish (nak'ed or dead-lettered). */
  failedWith(error: string): void {
    this.failed++;
    this.lastError = error.slice(0, 1000);
    this.push(true);
  }

  recent(): RecentOutcomes {
    this.prune();
    return { samples: this.recentOutcomes.length, failures: this.recentOutcomes.filter((o) => o.failed).length };
  }

  private push(failed: boolean): void {
    this.recentOutcomes.push({ at: this.now(), failed });
    this.prune();
  }

  private prune(): void {
    const oldest = this.now() - this.windowMs;
    while (this.recentOutcomes.length > this.maxSamples || (this.recentOutcomes[0] && this.recentOutcomes[0].at < oldest)) {
      this.recentOutcomes.shift();
    }
  }
}

/** Fewest recent outcomes before a failure ratio says anything. */
export const MIN_FAILURE_SAMPLES = 5;
/** A worker whose recent deliveries fail at least this often is degraded. */
export const DEGRADED_FAILURE_RATIO = 0.5;

/**
 * What a worker reports about itself: degraded while all its slots are taken (it cannot accept more
 * work) or while at least half of its recent deliveries failed; healthy otherwise.
 */
export function engineStatusOf(s: { inFlight: number; maxConcurrency: number; recent: RecentOutcomes }): EngineLiveStatus {
  if (s.inFlight >= s.maxConcurrency) return 'degraded';
  if (s.recent.samples >= MIN_FAILURE_SAMPLES && s.recent.failures / s.recent.samples >= DEGRADED_FAILURE_RATIO) return 'degraded';
  return 'healthy';
}
