export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit rests before one trial call is let through (half-open). */
  resetAfterMs: number;
  /** Epoch ms. */
  now: () => number;
}

export interface CircuitBreaker {
  /** closed, open, or half_open once an open circuit has rested `resetAfterMs`. */
  state(): CircuitState;
  /**
   * May a call go through now? Closed: yes. Open: no. Half-open: yes for one trial call at a time;
   * its outcome (recordSuccess / recordFailure) closes or reopens the circuit.
   */
  tryPass(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
  /** Ms until an open circuit lets a trial call through; 0 when not open. */
  retryInMs(): number;
}

/**
 * A circuit breaker for one model: closed → open after `failureThreshold` consecutive failures →
 * half-open after `resetAfterMs` (one trial call) → closed on its success, open again on its
 * failure. Pure: time comes from `now`; it is per process (each replica rests a model on its own).
 */
export function createCircuitBreaker(o: CircuitBreakerOptions): CircuitBreaker {
  let failures = 0;
  let openedAt: number | null = null;
  let trialInFlight = false;

  const state = (): CircuitState => {
    if (openedAt === null) return 'closed';
    return o.now() - openedAt >= o.resetAfterMs ? 'half_open' : 'open';
  };

  return {
    state,
    tryPass() {
      const s = state();
      if (s === 'closed') return true;
      if (s === 'open' || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    recordSuccess() {
      failures = 0;
      openedAt = null;
      trialInFlight = false;
    },
    recordFailure() {
      const s = state();
      trialInFlight = false;
      if (s === 'half_open') {
        openedAt = o.now();
        return;
      }
      failures++;
      if (s === 'closed' && failures >= o.failureThreshold) openedAt = o.now();
    },
    retryInMs() {
      return openedAt === null ? 0 : Math.max(0, openedAt + o.resetAfterMs - o.now());
    },
  };
}

/** One breaker per model key, made on first use. */
export function createBreakerRegistry(o: CircuitBreakerOptions): (modelKey: string) => CircuitBreaker {
  const byModel = new Map<string, CircuitBreaker>();
  return (key) => {
    let b = byModel.get(key);
    if (!b) byModel.set(key, (b = createCircuitBreaker(o)));
    return b;
  };
}
