import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { LlmConfigError, fallbackChain, limitsOf, llmConfigFormatOf, parseLlmConfig } from '../src/index.js';

const example = readFileSync(new URL('../../../templates/llm-config.example.yaml', import.meta.url), 'utf8');

function detailsOf(text: string, format: 'yaml' | 'json' = 'yaml'): Array<{ path: string; message: string }> {
  try {
    parseLlmConfig(text, format);
  } catch (e) {
    if (e instanceof LlmConfigError) return e.details;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

describe('LLM config file', () => {
  it('parses the shipped example (YAML) with its providers, models, limits and fallbacks', () => {
    const cfg = parseLlmConfig(example, 'yaml');
    expect(cfg.providers.openai).toEqual({ kind: 'openai', api_key_env: 'OPENAI_API_KEY', timeout_ms: 60_000 });
    expect(cfg.providers.openrouter?.kind).toBe('openai_compatible');
    expect(cfg.models['openrouter/meta-llama/llama-3.1-8b-instruct']).toMatchObject({ provider: 'openrouter', model: 'meta-llama/llama-3.1-8b-instruct' });
    expect(cfg.models['ollama/llama3.1:8b']?.model).toBe('llama3.1:8b');
    expect(limitsOf(cfg, 'openai', 'gpt-4o-mini')).toEqual({
      provider: { requests_per_minute: 500, tokens_per_minute: 200_000, max_concurrency: 32 },
      model: { requests_per_minute: 120 },
    });
    expect(fallbackChain(cfg, 'openai/gpt-4o-mini')).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-3-5-haiku-latest', 'ollama/llama3.1:8b']);
    expect(cfg.retry).toEqual({ max_attempts: 4, initial_delay_ms: 500, max_delay_ms: 30_000, multiplier: 2, jitter: 0.2, max_retry_after_ms: 60_000 });
  });

  it('has documented defaults: an empty file is the mock provider, no limits, default retry and breaker', () => {
    for (const cfg of [parseLlmConfig('', 'yaml'), parseLlmConfig('{}', 'json')]) {
      expect(cfg).toEqual({
        providers: { mock: { kind: 'mock', timeout_ms: 60_000 } },
        models: {},
        limits: {},
        fallbacks: {},
        retry: { max_attempts: 4, initial_delay_ms: 500, max_delay_ms: 30_000, multiplier: 2, jitter: 0.2, max_retry_after_ms: 60_000 },
        circuit_breaker: { failure_threshold: 5, reset_after_ms: 30_000 },
      });
    }
  });

  it('accepts JSON and models as a list', () => {
    const cfg = parseLlmConfig(
      JSON.stringify({
        providers: { local: { kind: 'openai_compatible', base_url: 'http://127.0.0.1:1234/v1' } },
        models: [{ provider: 'local', model: 'qwen', price_in_per_million: 0, price_out_per_million: 0, context_window: 32_768 }],
      }),
      'json',
    );
    expect(cfg.models['local/qwen']).toEqual({ provider: 'local', model: 'qwen', price_in_per_million: 0, price_out_per_million: 0, context_window: 32_768 });
  });

  it('names every bad field by its path', () => {
    const details = detailsOf(`
providers:
  openai: { kind: openai, api_key_env: sk-live-123, timeout_ms: -1, colour: red }
  x: { kind: gemini }
models:
  openai/gpt-4o: { price_in_per_million: -1, price_out_per_million: 1, context_window: 1000 }
  nobody/m: { price_in_per_million: 1, price_out_per_million: 1, context_window: 1000 }
limits:
  openai: { requests_per_minute: 0 }
  azure: { requests_per_minute: 10 }
retry: { initial_delay_ms: 5000, max_delay_ms: 1000 }
`);
    const paths = details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'providers.openai.api_key_env',
        'providers.openai.timeout_ms',
        'providers.openai.colour',
        'providers.x.kind',
        'models.openai/gpt-4o.price_in_per_million',
        'limits.openai.requests_per_minute',
        'retry.max_delay_ms',
      ]),
    );
    expect(details.find((d) => d.path === 'providers.openai.api_key_env')?.message).toMatch(/not the key itself/);
  });

  it('checks cross references once the fields are well-formed: unknown providers, fallback cycles', () => {
    const details = detailsOf(`
providers: { openai: { kind: openai }, anthropic: { kind: anthropic } }
models:
  nobody/m: { price_in_per_million: 1, price_out_per_million: 1, context_window: 1000 }
limits:
  azure: { requests_per_minute: 10 }
fallbacks:
  openai/a: anthropic/b
  anthropic/b: openai/a
  openai/c: gemini/d
`);
    expect(details).toEqual(
      expect.arrayContaining([
        { path: 'models.nobody/m', message: 'unknown provider "nobody"' },
        { path: 'limits.azure', message: 'not a configured provider or "<provider>/<model>"' },
        { path: 'fallbacks.openai/a', message: 'fallbacks form a cycle: openai/a → anthropic/b → openai/a' },
        { path: 'fallbacks.openai/c', message: 'value "gemini/d" is not "<provider>/<model>" of a configured provider' },
      ]),
    );
  });

  it('reports unparsable text as such, and picks the format by extension', () => {
    expect(() => parseLlmConfig('{"providers": ', 'json')).toThrow(/not valid JSON/);
    expect(() => parseLlmConfig('providers: [a\n', 'yaml')).toThrow(/not valid YAML/);
    expect(llmConfigFormatOf('/etc/scrai/llm.JSON')).toBe('json');
    expect(llmConfigFormatOf('/etc/scrai/llm.yml')).toBe('yaml');
  });
});
