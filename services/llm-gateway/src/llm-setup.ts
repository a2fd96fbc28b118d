import { readFileSync } from 'node:fs';
import { LLM_PROVIDERS, llmConfigFormatOf, parseLlmConfig, splitModelKey, type LlmConfig } from '@scrai/contracts';

/** The LLM config of this process, validated, with the API keys its providers name. */
export interface LlmSetup {
  config: LlmConfig;
  /** The file it came from; null when SCRAI_LLM_CONFIG is unset (mock only). */
  source: string | null;
  /** Provider id → its API key (from the variable named by `api_key_env`); absent for keyless providers. */
  apiKeys: ReadonlyMap<string, string>;
  /** Configured provider ids that no request can name yet (agents' `llm.provider` is an enum of ids). */
  unreachable: string[];
}

const agentNameable = (id: string): boolean => (LLM_PROVIDERS as readonly string[]).includes(id);

/**
 * Boot step: reads and validates the LLM config file once, and reads the API keys from the
 * environment variables it names. Throws with the file and the field, or the variable's NAME (never
 * a value): a missing file, a bad field, a provider whose key variable is unset or empty, an
 * `openai_compatible` provider without `base_url`, a fallback to a provider no request can name.
 *
 * Agents pick `llm.provider` from `mock|openai|anthropic|ollama|openai_compatible`; a request for
 * provider X uses the configured provider whose id is X. Other ids may be configured but are not
 * reachable yet (listed in `unreachable`, warned about at boot).
 */
export function loadLlmSetup(path: string | undefined, env: Record<string, string | undefined>, read: (p: string) => string = (p) => readFileSync(p, 'utf8')): LlmSetup {
  if (path === undefined) return { config: parseLlmConfig('', 'yaml'), source: null, apiKeys: new Map(), unreachable: [] };
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
  for (const [from, to] of Object.entries(config.fallbacks)) {
    for (const key of [from, to]) {
      const provider = splitModelKey(key)?.provider ?? '';
      if (!agentNameable(provider)) {
        problems.push(`fallbacks.${from}: provider "${provider}" cannot answer a request yet (provider ids reachable by agents: ${LLM_PROVIDERS.join(', ')})`);
      }
    }
  }
  if (problems.length) throw new Error(`SCRAI_LLM_CONFIG ${path}: invalid configuration\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const unreachable = Object.keys(config.providers).filter((id) => !agentNameable(id));
  return { config, source: path, apiKeys, unreachable };
}
