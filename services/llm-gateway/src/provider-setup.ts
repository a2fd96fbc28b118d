import { formatLatencySpec, providerRegistry, type ProviderRegistry } from '@scrai/llm';
import type { LlmGatewayConfig } from './config.js';

/** The providers this deployment serves, from its config: only the deterministic mock for now. */
export function registryFromConfig(config: LlmGatewayConfig): ProviderRegistry {
  return providerRegistry({ mock: { latency: config.SCRAI_MOCK_LATENCY } });
}

export function describeProviders(registry: ProviderRegistry, config: LlmGatewayConfig): string {
  return registry.ids.map((id) => (id === 'mock' ? `mock (latency ${formatLatencySpec(config.SCRAI_MOCK_LATENCY)})` : id)).join(', ');
}
