import { modelKey, type LlmConfig, type LlmUsage } from '@scrai/contracts';

/** Price of one call from the model's configured prices per million tokens; null when the model has none. */
export function callCostUsd(config: LlmConfig, provider: string, model: string, usage: LlmUsage): number | null {
  const m = config.models[modelKey(provider, model)];
  if (!m) return null;
  const cost = (usage.tokens_in * m.price_in_per_million + usage.tokens_out * m.price_out_per_million) / 1_000_000;
  // Round away float noise (1e-12 USD) so records and sums compare cleanly.
  return Math.round(cost * 1e12) / 1e12;
}
