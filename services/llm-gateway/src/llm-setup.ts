import { readFileSync } from 'node:fs';
import { llmConfigFormatOf, parseLlmConfig, type LlmConfig } from '@scrai/contracts';

/** The LLM config of this process, validated, with the API keys its providers name. */
export interface LlmSetup {
  config: LlmConfig;
  /** The file it came from; null when SCRAI_LLM_CONFIG is unset (mock only). */
  source: string | null;
  /** Provider id → its API key (from the variable named by `api_key_env`); absent for keyless providers. */
  apiKeys: ReadonlyMap<string, string>;
}

/**
 * Boot step: reads and validates the LLM config file once, and reads the API keys from the
 * environment variables it names. Throws with the file and the field, or the variable's NAME (never
 * a value): a missing file, a bad field, a provider whose key variable is unset or empty, an
 * `openai_compatible` provider without `base_url`.
 *
 * An agent's `llm.provider` is any provider id; a request for provider X uses the configured
 * provider whose id is X (`mock` is always there), any other id is answered provider_not_configured.
 */
export function loadLlmSetup(path: string | undefined, env: Record<string, string | undefined>, read: (p: string) => string = (p) => readFileSync(p, 'utf8')): LlmSetup {
  if (path === undefined) return { config: parseLlmConfig('', 'yaml'), source: null, apiKeys: new Map() };
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    throw new Error(`SCRAI_LLM_CONFIG: cannot read ${path} (${e instanceof Error ? e.message : String(e)})`);
  }
  const config = parseLlmConfig(text, llmConfigFormatOf(path), `SCRAI_LLM_CONFIG ${path}`);
  const problems: string[] = [];
  const apiKeys = new Map<string, string>();
  for (const [id, p] of Object.entries(config.providers)) {
    if (p.kind === 'openai_compatible' && !p.base_url) problems.push(`providers.${id}.base_url: required for kind openai_compatible`);
    if (p.api_key_env === undefined) continue;
    const key = env[p.api_key_env];
    if (!key) problems.push(`providers.${id}.api_key_env: environment variable ${p.api_key_env} is not set`);
    else apiKeys.set(id, key);
  }
  if (problems.length) throw new Error(`SCRAI_LLM_CONFIG ${path}: invalid configuration\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return { config, source: path, apiKeys };
}
