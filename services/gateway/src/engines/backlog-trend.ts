import type { EngineType } from '@scrai/contracts';

export interface BacklogTrendOptions {
  /** Samples older than this are dropped. Default 30 s. */
  windowMs?: number;
  /** Shortest span of samples that can show growth. Default 10 s. */
  minSpanMs?: number;
}

/**
 * Recent pending counts of each engine queue (monotonic times). A backlog is growing when the
 * samples of the window span at least minSpanMs, never go down, and end higher than they began:
 * the workers of that type are not keeping up. A burst that is being worked off is not growth.
 */
export class BacklogTrend {
  private readonly samples = new Map<EngineType, Array<{ at: number; pending: number }>>();
  private readonly windowMs: number;
  private readonly minSpanMs: number;

  constructor(o: BacklogTrendOptions = {}) {
    this.windowMs = o.windowMs ?? 30_000;
    this.minSpanMs = o.minSpanMs ?? 10_000;
  }

  add(type: EngineType, at: number, pending: number): void {
    const list = this.samples.get(type) ?? [];
    list.push({ at, pending });
    while (list.length && list[0]!.at < at - this.windowMs) list.shift();
    this.samples.set(type, list);
  }

  growing(type: EngineType): boolean {
    const list = this.samples.get(type) ?? [];
    if (list.length < 2) return false;
    const first = list[0]!;
    const last = list.at(-1)!;
    if (last.at - first.at < this.minSpanMs || last.pending <= first.pending) return false;
    return list.every((s, i) => i === 0 || s.pending >= list[i - 1]!.pending);
  }
}
