const TIMEOUT = Symbol('timeout');

function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  if (ms <= 0) return Promise.race([p, Promise.resolve(TIMEOUT)]);
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<typeof TIMEOUT>((r) => (timer = setTimeout(() => r(TIMEOUT), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * Groups an async iterator's items into batches: waits as long as needed for a batch's first item,
 * then at most `lingerMs` more for the rest, and never makes a batch larger than `max`. Items that
 * are already buffered join the batch at once, so a backlog drains in full batches.
 */
export async function* batchesOf<T>(source: AsyncIterable<T>, max: number, lingerMs: number): AsyncGenerator<T[]> {
  const it = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = null;
  for (;;) {
    pending ??= it.next();
    const first = await pending;
    pending = null;
    if (first.done) return;
    const batch: T[] = [first.value];
    const deadline = Date.now() + lingerMs;
    let ended = false;
    while (batch.length < max) {
      pending ??= it.next();
      const r = await within(pending, deadline - Date.now());
      if (r === TIMEOUT) break;
      pending = null;
      if (r.done) {
        ended = true;
        break;
      }
      batch.push(r.value);
    }
    yield batch;
    if (ended) return;
  }
}
