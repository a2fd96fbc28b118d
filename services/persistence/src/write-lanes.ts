export interface WriteLanesOptions<T> {
  /** Lanes writing at the same time (each on its own database connection). */
  lanes: number;
  /** Most items handed to `write` at once. */
  maxBatch: number;
  /** How long an item waits for company before its lane writes a batch smaller than maxBatch. */
  lingerMs: number;
  /** Items queued (not yet being written) over all lanes before `push` asks the caller to wait. */
  maxQueued: number;
  /** Writes one batch and settles every item of it; a rejection is ignored (the writer reports its own failures). */
  write(batch: T[]): Promise<void>;
}

export interface WriteLanes<T> {
  /**
   * Queues an item on the lane of its key. Returns false when the queues are full: the caller
   * should then wait for `room()` before pushing more (the item is queued either way).
   */
  push(key: string, item: T): boolean;
  /** Resolves once the queues have room again. */
  room(): Promise<void>;
  /** Writes what is queued, then stops the lanes; resolves when every batch has been written. */
  close(): Promise<void>;
}

/** FNV-1a of the key: the same key always lands on the same lane. */
function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

interface Lane<T> {
  queue: T[];
  /** When the oldest queued item arrived. */
  firstAt: number;
  wake: (() => void) | null;
}

/**
 * Writes items in batches on `lanes` parallel lanes. Every item of one key (a run) goes through the
 * same lane, and a lane writes one batch at a time in arrival order, so a run's events are committed
 * in the order they were read: readers paging a run's stored log never see a later event before an
 * earlier one, and batches written at the same moment never touch the same run (no lock waits).
 * A lane that finished a write takes everything queued up to maxBatch; an idle lane waits at most
 * lingerMs after an item's arrival for more to join it.
 */
export function startWriteLanes<T>(o: WriteLanesOptions<T>): WriteLanes<T> {
  const lanes: Lane<T>[] = Array.from({ length: Math.max(1, o.lanes) }, () => ({ queue: [], firstAt: 0, wake: null }));
  let queued = 0;
  let closing = false;
  let roomWaiters: Array<() => void> = [];

  const wakeLane = (lane: Lane<T>) => {
    const w = lane.wake;
    lane.wake = null;
    w?.();
  };

  /** Until the lane is woken (an item, or close), or `ms` passed when given. */
  const sleepLane = (lane: Lane<T>, ms?: number) =>
    new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      lane.wake = () => {
        clearTimeout(timer);
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(() => wakeLane(lane), ms);
    });

  async function run(lane: Lane<T>): Promise<void> {
    for (;;) {
      if (lane.queue.length === 0) {
        if (closing) return;
        await sleepLane(lane);
        continue;
      }
      const wait = lane.firstAt + o.lingerMs - Date.now();
      if (lane.queue.length < o.maxBatch && wait > 0 && !closing) {
        await sleepLane(lane, wait);
        continue;
      }
      const batch = lane.queue.length <= o.maxBatch ? lane.queue : lane.queue.slice(0, o.maxBatch);
      // what stays queued is older than anything still to come: its firstAt stays
      lane.queue = lane.queue.length <= o.maxBatch ? [] : lane.queue.slice(o.maxBatch);
      queued -= batch.length;
      if (queued < o.maxQueued && roomWaiters.length) {
        const ws = roomWaiters;
        roomWaiters = [];
        for (const w of ws) w();
      }
      await o.write(batch).catch(() => undefined);
    }
  }

  const workers = lanes.map(run);

  return {
    push(key, item) {
      const lane = lanes[lanes.length === 1 ? 0 : laneOf(key, lanes.length)]!;
      if (lane.queue.length === 0) lane.firstAt = Date.now();
      lane.queue.push(item);
      queued++;
      if (lane.queue.length === 1 || lane.queue.length >= o.maxBatch) wakeLane(lane);
      return queued < o.maxQueued;
    },
    room() {
      return queued < o.maxQueued ? Promise.resolve() : new Promise<void>((r) => roomWaiters.push(r));
    },
    async close() {
      closing = true;
      for (const lane of lanes) wakeLane(lane);
      await Promise.all(workers);
      for (const w of roomWaiters.splice(0)) w();
    },
  };
}
