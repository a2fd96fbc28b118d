import type { LlmProviderConfig } from '@scrai/contracts';
import {
  MockProvider,
  notConfiguredError,
  createAnthropicProvider,
  createOllamaProvider,
  createOpenAiCompatibleProvider,
  createOpenAiProvider,
  formatLatencySpec,
  type AdapterOptions,
  type LatencySpec,
  type LlmProvider,
} from '@scrai/llm';
import type { LlmSetup } from './llm-setup.js';

/** The providers of this process by config id (several ids may share one kind, e.g. two openai_compatible servers). */
export interface ProviderTable {
  get(id: string): LlmProvider;
  readonly ids: readonly string[];
}

/** Where each kind's official endpoint is when the config gives no base_url (openai_compatible has none). */
const DEFAULT_BASE_URL: Partial<Record<LlmProviderConfig['kind'], string>> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  ollama: 'http://127.0.0.1:11434',
};

/** kind → adapter: the one place a config provider becomes a client. */
export function adapterFor(id: string, p: LlmProviderConfig, o: { apiKey?: string; mockLatency: LatencySpec }): LlmProvider {
  if (p.kind === 'mock') return new MockProvider({ latency: o.mockLatency });
  const options: AdapterOptions = { baseUrl: p.base_url ?? DEFAULT_BASE_URL[p.kind] ?? '', timeoutMs: p.timeout_ms, ...(o.apiKey ? { apiKey: o.apiKey } : {}) };
  if (!options.baseUrl) throw new Error(`providers.${id}.base_url: required for kind ${p.kind}`);
  switch (p.kind) {
    case 'openai':
      return createOpenAiProvider(options);
    case 'openai_compatible':
      return createOpenAiCompatibleProvider(options);
    case 'anthropic':
      return createAnthropicProvider(options);
    case 'ollama':
      return createOllamaProvider(options);
  }
}

/** The mock (always, with SCRAI_MOCK_LATENCY) and one adapter per configured provider. */
export function providerTableOf(setup: LlmSetup, mockLatency: LatencySpec): ProviderTable {
  const byId = new Map<string, LlmProvider>([['mock', new MockProvider({ latency: mockLatency })]]);
  for (const [id, p] of Object.entries(setup.config.providers)) {
    byId.set(id, adapterFor(id, p, { apiKey: setup.apiKeys.get(id), mockLatency }));
  }
  const ids = [...byId.keys()];
  return {
    get(id) {
      const p = byId.get(id);
      if (!p) throw notConfiguredError(id, ids);
      return p;
    },
    ids,
  };
}

export function describeProviders(setup: LlmSetup, mockLatency: LatencySpec): string {
  const kinds = new Map<string, string>([['mock', 'mock'], ...Object.entries(setup.config.providers).map(([id, p]) => [id, p.kind] as [string, string])]);
  return [...kinds]
    .map(([id, kind]) => (kind === 'mock' ? `${id} (mock, latency ${formatLatencySpec(mockLatency)})` : `${id} (${kind})`))
    .join(', ');
}
