import { describe, expect, it } from '@jest/globals';
import { EngineStats, engineStatusOf } from '../src/index.js';

describe('engine stats', () => {
  it('counts settled deliveries and keeps the last error', () => {
    const s = new EngineStats({ now: () => 0 });
    s.succeeded();
    s.succeeded();
    s.failedWith('llm llm_unavailable: no responders');
    expect([s.processed, s.failed, s.lastError]).toEqual([2, 1, 'llm llm_unavailable: no responders']);
    expect(s.recent()).toEqual({ samples: 3, failures: 1 });
  });

  it('forgets outcomes older than the window and beyond the sample cap', () => {
    let t = 0;
    const s = new EngineStats({ windowMs: 1000, maxSamples: 3, now: () => t });
    for (let i = 0; i < 5; i++) s.failedWith('x');
    expect(s.recent()).toEqual({ samples: 3, failures: 3 });
    t = 1500;
    s.succeeded();
    expect(s.recent()).toEqual({ samples: 1, failures: 0 });
    expect(s.failed).toBe(5);
  });
});

describe('engine status', () => {
  const quiet = { samples: 0, failures: 0 };
  it('is healthy with free slots and few failures', () => {
    expect(engineStatusOf({ inFlight: 3, maxConcurrency: 4, recent: quiet })).toBe('healthy');
    expect(engineStatusOf({ inFlight: 0, maxConcurrency: 4, recent: { samples: 10, failures: 4 } })).toBe('healthy');
  });

  it('is degraded with every slot taken', () => {
    expect(engineStatusOf({ inFlight: 4, maxConcurrency: 4, recent: quiet })).toBe('degraded');
  });

  it('is degraded when at least half of enough recent deliveries failed', () => {
    expect(engineStatusOf({ inFlight: 0, maxConcurrency: 4, recent: { samples: 10, failures: 5 } })).toBe('degraded');
    // too few samples to say anything
    expect(engineStatusOf({ inFlight: 0, maxConcurrency: 4, recent: { samples: 4, failures: 4 } })).toBe('healthy');
  });
});
