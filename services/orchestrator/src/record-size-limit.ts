/**
 * What a KV put sends beyond the value (the key's subject and the compare-and-set header, about a
 * hundred bytes), with room to spare: a record this much under the broker's max_payload is accepted.
 */
export const KV_PUT_HEADROOM_BYTES = 4096;

/**
 * The largest run record the orchestrator writes: the broker's max_payload less the headroom, or the
 * configured cap when that is lower (0: none). Beyond it the run fails at once (input-processor.ts)
 * rather than retrying a write the broker must refuse.
 */
export function recordLimitOf(maxPayload: number, configuredCap = 0): number {
  const byBroker = Math.max(1, maxPayload - KV_PUT_HEADROOM_BYTES);
  return configuredCap > 0 ? Math.min(configuredCap, byBroker) : byBroker;
}

/**
 * A run record that cannot be stored: `bytes` encoded, over `limit` (or, with `refused`, turned down
 * by the broker for its size). Retrying cannot help; the message is the failed run's reason.
 */
export class RunRecordTooLarge extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
    readonly refused = false,
  ) {
    super(
      refused
        ? `run state too large: ${bytes} bytes refused by the broker (max_payload); reduce the actors or the context_window`
        : `run state too large: ${bytes} bytes > ${limit} bytes allowed (the broker's max_payload less ${KV_PUT_HEADROOM_BYTES}, or SCRAI_RUN_RECORD_MAX_BYTES); reduce the actors or the context_window`,
    );
    this.name = 'RunRecordTooLarge';
  }
}

/** A publish the client or the server refused for its size (nats.js: "max_payload size exceeded"; server: "Maximum Payload Violation"). */
export const isPayloadTooLarge = (e: unknown): boolean => /max_payload|maximum payload/i.test(String((e as Error)?.message ?? e));
