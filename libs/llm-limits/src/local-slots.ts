/**
 * A counting gate for one process: at most `max` holders at once, the rest wait in arrival order.
 * The broker caps a provider across replicas; this caps one replica across all its providers
 * (SCRAI_LLM_MAX_CONCURRENCY), so a burst cannot open more sockets than the process can serve.
 */
export class LocalSlots {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error(`LocalSlots: max must be at least 1 (got ${max})`);
  }

  /** Slots held right now. */
  get inUse(): number {
    return this.held;
  }

  acquire(): Promise<void> {
    if (this.held < this.max) {
      this.held++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) =>
      this.waiting.push(() => {
        this.held++;
        resolve();
      }),
    );
  }

  release(): void {
    this.held--;
    this.waiting.shift()?.();
  }
}
