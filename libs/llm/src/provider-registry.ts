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

/**
 * The permanent error for a request naming a provider id this deployment does not have: any id of
 * the llm-gateway's config is valid in an agent, so the message lists the ones that are configured.
 */
export function notConfiguredError(id: string, configured: readonly string[]): LlmError {
  const message = `provider "${id}" is not configured in this deployment (configured: ${configured.join(', ') || 'none'}); add it to the llm-gateway's SCRAI_LLM_CONFIG file or pick a configured one`;
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
      if (!p) throw notConfiguredError(id, [...byId.keys()]);
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
