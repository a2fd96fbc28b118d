import type { Stack } from '@scrai/devstack';

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Fail at once when a service of this stack exited without being asked to. */
  stack?: Stack;
}

/**
 * Polls `probe` until it returns a truthy value (a thrown probe counts as "not yet") and returns that
 * value; fails with `what` in the message after the timeout, or as soon as a stack process crashed.
 */
export async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, o: WaitOptions = {}): Promise<T> {
  const end = Date.now() + (o.timeoutMs ?? 30_000);
  for (;;) {
    const crashed = o.stack?.exits.find((e) => !e.requested);
    if (crashed) throw new Error(`${crashed.name} exited (code ${crashed.code}) while waiting for ${what}`);
    const v = await probe().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 100));
  }
}
