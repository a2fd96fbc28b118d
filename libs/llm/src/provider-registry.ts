import { LLM_PROVIDERS } from '@scrai/contracts';
import { LlmError } from './llm-error.js';
import { MockProvider, type MockProviderOptions } from './mock/mock-provider.js';
import type { LlmProvider, LlmProviderId } from './provider-spec.js';

/** Provider ids → providers configured in this deployment. Asking for any other id is a permanent error. */
export interface ProviderRegistry {
  get(id: LlmProviderId | string): LlmProvider;
  has(id: string): boolean;
  /** Ids of the configured providers. */
  readonly ids: readonly LlmProviderId[];
}

export function notConfiguredError(id: string): LlmError {
  const known = (LLM_PROVIDERS as readonly string[]).includes(id);
  const message = known
    ? `provider ${id} is not configured in this deployment; configure it in the llm-gateway's SCRAI_LLM_CONFIG file, or use provider mock`
    : `unknown provider "${id}"; known providers: ${LLM_PROVIDERS.join(', ')} (only mock is configured in this deployment)`;
  return new LlmError('provider_not_configured', message, { retryable: false });
}

export function createProviderRegistry(providers: readonly LlmProvider[]): ProviderRegistry {
  const byId = new Map<string, LlmProvider>();
  for (const p of providers) {
    if (byId.has(p.id)) throw new Error(`provider ${p.id} is registered twice`);
    byId.set(p.id, p);
  }
  return {
    get(id) {
      const p = byId.get(id);
      if (!p) throw notConfiguredError(id);
      return p;
    },
    has: (id) => byId.has(id),
    ids: [...byId.keys()] as LlmProviderId[],
  };
}

export interface DefaultRegistryOptions {
  mock?: MockProviderOptions;
}

/** The registry of this deployment: only the deterministic mock provider for now. */
export function providerRegistry(o: DefaultRegistryOptions = {}): ProviderRegistry {
  return createProviderRegistry([new MockProvider(o.mock)]);
}
