import type { LlmRequest } from '@scrai/contracts';
import { LlmError, type CallOptions, type GenerateResult, type LlmProvider } from '@scrai/llm';
import type { LiveText } from './live-text.js';
import type { LiveTokenWriter } from './live-token-writer.js';
import type { ProviderTable } from './provider-setup.js';

/**
 * The providers a streamed request is called through: each one's `generate` runs its `stream`
 * instead, publishing the viewable text of every delta as it arrives (`liveText`, a fresh reader per
 * attempt: live-text.ts), and answers
 * the finish part's whole result, the same result `generate` gives. So the one retry loop, the
 * fallbacks, rate limits and circuit breakers (model-chain-call.ts), the cache and the records
 * around them are the same for streamed and unstreamed calls. An attempt that fails after text was
 * published publishes a reset part first, so viewers drop that text before a retry starts over.
 */
export function streamingProviders(table: ProviderTable, writer: LiveTokenWriter, liveText: () => LiveText): ProviderTable {
  return { ids: table.ids, get: (id) => streamedAsGenerate(table.get(id), writer, liveText) };
}

function streamedAsGenerate(inner: LlmProvider, writer: LiveTokenWriter, liveText: () => LiveText): LlmProvider {
  return {
    id: inner.id,
    async generate(asked: LlmRequest, opts?: CallOptions): Promise<GenerateResult> {
      const text = liveText();
      try {
        for await (const part of inner.stream(asked, opts)) {
          if (part.type === 'text-delta') {
            writer.delta(text.push(part.delta));
            continue;
          }
          writer.delta(text.end());
          return part.result;
        }
        throw new LlmError('invalid_response', `${inner.id}: the stream ended without a result`, { retryable: true });
      } catch (e) {
        writer.reset();
        throw e;
      }
    },
    stream: (req, opts) => inner.stream(req, opts),
    embed: (texts, opts) => inner.embed(texts, opts),
  };
}
