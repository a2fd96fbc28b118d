import { errorMessage, type Disposition, type JsMsg, type WorkContext } from '@scrai/messaging';
import type { EngineStats } from './engine-stats.js';

export interface DeliveryStatsHooks {
  /** Wraps the work loop's handler to remember why a delivery failed. */
  wrap<T>(handle: (data: T, ctx: WorkContext) => Promise<void>): (data: T, ctx: WorkContext) => Promise<void>;
  /** The work loop's onDisposition: counts every settled delivery. */
  onDisposition(d: Disposition, m: JsMsg): void;
}

/** Feeds the work loop's outcomes into the engine's stats: ack = processed, nak or dead letter = failed. */
export function deliveryStatsHooks(stats: EngineStats): DeliveryStatsHooks {
  const errors = new WeakMap<JsMsg, string>();
  return {
    wrap: (handle) => async (data, ctx) => {
      try {
        await handle(data, ctx);
      } catch (e) {
        errors.set(ctx.msg, errorMessage(e));
        throw e;
      }
    },
    onDisposition(d, m) {
      if (d.type === 'ack') stats.succeeded();
      else stats.failedWith(d.type === 'dead_letter' ? `${d.reason}: ${d.error}` : (errors.get(m) ?? 'delivery failed'));
    },
  };
}
