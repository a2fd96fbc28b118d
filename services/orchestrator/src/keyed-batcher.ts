interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Runs the work of one key one batch at a time, and batches what waits: an item submitted while a
 * batch of its key is being handled waits, and everything waiting (at most `maxBatch`, in the order
 * submitted) is handled together next. The first item of an idle key starts at once. Keys run
 * concurrently. `handle` answers one result per item, in order; if it throws, every item of the
 * batch gets that error.
 */
export class KeyedBatcher<T, R> {
  private readonly queues = new Map<string, Array<Waiting<T, R>>>();

  constructor(
    private readonly maxBatch: number,
    private readonly handle: (key: string, items: T[]) => Promise<R[]>,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be a positive integer, not ${maxBatch}`);
  }

  /** Resolves with the item's result once the batch that held it was handled. */
  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      const fresh = [{ item, resolve, reject }];
      this.queues.set(key, fresh);
      void this.drain(key, fresh);
    });
  }

  /** Keys with work in hand or waiting. */
  get activeKeys(): number {
    return this.queues.size;
  }

  private async drain(key: string, queue: Array<Waiting<T, R>>): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      try {
        const results = await this.handle(key, batch.map((w) => w.item));
        if (results.length !== batch.length) throw new Error(`batch of ${batch.length} answered with ${results.length} results`);
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.queues.delete(key);
  }
}
