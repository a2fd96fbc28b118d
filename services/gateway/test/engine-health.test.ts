import { describe, expect, it } from '@jest/globals';
import type { EngineStatusCounts, EngineType, QueueDepth } from '@scrai/contracts';
import { BacklogTrend } from '../src/engines/backlog-trend.js';
import { engineHealthReport, engineTypeHealth } from '../src/engines/engine-health.js';

describe('engine type health', () => {
  it('is critical with no live instance', () => {
    expect(engineTypeHealth({ healthy: 0, degraded: 0 }, false)).toBe('critical');
    expect(engineTypeHealth({ healthy: 0, degraded: 0 }, true)).toBe('critical');
  });

  it('is degraded with only degraded instances or a growing backlog', () => {
    expect(engineTypeHealth({ healthy: 0, degraded: 2 }, false)).toBe('degraded');
    expect(engineTypeHealth({ healthy: 3, degraded: 0 }, true)).toBe('degraded');
  });

  it('is healthy with a healthy instance and a backlog that is not growing', () => {
    expect(engineTypeHealth({ healthy: 1, degraded: 5 }, false)).toBe('healthy');
  });

  it('reports every engine type with counts, status and queue depth', () => {
    const c = (healthy: number, degraded: number, gone: number): EngineStatusCounts => ({ healthy, degraded, gone, stopped: 7 });
    const q = (pending: number): QueueDepth => ({ pending, in_flight: 1, redelivered: 0 });
    const report = engineHealthReport(
      { actor: c(2, 0, 1), narrator: c(0, 1, 0), analyst: c(0, 0, 3) },
      { actor: q(0), narrator: q(4), analyst: q(9) },
      (t: EngineType) => t === 'actor',
    );
    expect(report).toEqual({
      engines: {
        actor: { healthy: 2, degraded: 0, gone: 1, status: 'degraded', backlog: 'growing' },
        narrator: { healthy: 0, degraded: 1, gone: 0, status: 'degraded', backlog: 'small' },
        analyst: { healthy: 0, degraded: 0, gone: 3, status: 'critical', backlog: 'small' },
      },
      queues: {
        actor: { pending: 0, in_flight: 1, redelivered: 0 },
        narrator: { pending: 4, in_flight: 1, redelivered: 0 },
        analyst: { pending: 9, in_flight: 1, redelivered: 0 },
      },
    });
  });
});

describe('backlog trend', () => {
  const trend = (points: Array<[number, number]>) => {
    const t = new BacklogTrend({ windowMs: 30_000, minSpanMs: 10_000 });
    for (const [at, pending] of points) t.add('actor', at, pending);
    return t.growing('actor');
  };

  it('grows when pending never goes down and ends higher over at least the minimum span', () => {
    expect(trend([[0, 5], [5_000, 5], [10_000, 9]])).toBe(true);
  });

  it('does not grow over too short a span, when flat, or while it is being worked off', () => {
    expect(trend([[0, 1], [5_000, 50]])).toBe(false);
    expect(trend([[0, 5], [5_000, 5], [10_000, 5]])).toBe(false);
    expect(trend([[0, 5], [5_000, 20], [10_000, 12]])).toBe(false);
    expect(new BacklogTrend().growing('narrator')).toBe(false);
  });

  it('only looks at the window', () => {
    // the early drop falls out of the 30 s window
    expect(trend([[0, 50], [10_000, 1], [40_001, 2], [45_000, 3], [52_000, 4]])).toBe(true);
  });
});
