import { describe, expect, it } from '@jest/globals';
import { parseLlmConfig } from '@scrai/contracts';
import { callCostUsd } from '../src/call-cost.js';
import { loadLlmSetup } from '../src/llm-setup.js';
import { providerTableOf } from '../src/provider-setup.js';

const files = (text: string) => () => text;
const OPENAI = `providers:\n  openai: { kind: openai, api_key_env: MY_OPENAI_KEY }\n`;

describe('LLM setup at boot', () => {
  it('without SCRAI_LLM_CONFIG serves the mock only', () => {
    const s = loadLlmSetup(undefined, {});
    expect(s.source).toBeNull();
    expect(providerTableOf(s, { kind: 'fixed', ms: 0 }).ids).toEqual(['mock']);
  });

  it('reads each key from the variable the config names, and builds one adapter per provider beside the mock', () => {
    const s = loadLlmSetup('/etc/llm.yaml', { MY_OPENAI_KEY: 'sk-secret' }, files(OPENAI));
    expect(s.apiKeys.get('openai')).toBe('sk-secret');
    const table = providerTableOf(s, { kind: 'fixed', ms: 0 });
    expect(table.ids).toEqual(['mock', 'openai']);
    expect(table.get('openai').id).toBe('openai');
    expect(() => table.get('anthropic')).toThrow(/provider "anthropic" is not configured/);
  });

  it('fails naming the variable, never a value, when a key variable is unset or empty', () => {
    for (const env of [{}, { MY_OPENAI_KEY: '' }]) {
      expect(() => loadLlmSetup('/etc/llm.yaml', env, files(OPENAI))).toThrow(/\/etc\/llm\.yaml[\s\S]*providers\.openai\.api_key_env: environment variable MY_OPENAI_KEY is not set/);
    }
  });

  it('fails naming the file and the field of a bad config, and a file it cannot read', () => {
    expect(() => loadLlmSetup('/etc/llm.yaml', {}, files('limits: { openai: { requests_per_minute: 0 } }\nproviders: { openai: { kind: openai } }'))).toThrow(
      /SCRAI_LLM_CONFIG \/etc\/llm\.yaml: invalid configuration[\s\S]*limits\.openai\.requests_per_minute/,
    );
    expect(() => loadLlmSetup('/nope/llm.yaml', {})).toThrow(/SCRAI_LLM_CONFIG: cannot read \/nope\/llm\.yaml/);
    expect(() => loadLlmSetup('/etc/llm.yaml', {}, files('providers: { local: { kind: openai_compatible } }'))).toThrow(/providers\.local\.base_url: required/);
  });

  it('serves any configured provider id (an agent may name it), including as a fallback target', () => {
    const cfg = `providers:\n  openai: { kind: openai }\n  openrouter: { kind: openai_compatible, base_url: "http://x/v1" }\nfallbacks: { openai/a: openrouter/b }\n`;
    const table = providerTableOf(loadLlmSetup('/c.yaml', {}, files(cfg)), { kind: 'fixed', ms: 0 });
    expect(table.ids).toEqual(['mock', 'openai', 'openrouter']);
    expect(() => table.get('together')).toThrow(/provider "together" is not configured in this deployment \(configured: mock, openai, openrouter\)/);
  });
});

describe('call cost', () => {
  const config = parseLlmConfig('providers: { openai: { kind: openai } }\nmodels: { openai/m: { price_in_per_million: 0.15, price_out_per_million: 0.6, context_window: 1000 } }', 'yaml');
  it('prices tokens in and out per million; null for a model without prices', () => {
    expect(callCostUsd(config, 'openai', 'm', { tokens_in: 1_000_000, tokens_out: 500_000 })).toBeCloseTo(0.45, 12);
    expect(callCostUsd(config, 'openai', 'other', { tokens_in: 10, tokens_out: 10 })).toBeNull();
  });
});
