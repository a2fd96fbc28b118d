/**
 * What every provider adapter is built from. Libraries never read process.env: the caller (the
 * llm-gateway's boot config) passes the base URL and the key in.
 */
export interface AdapterOptions {
  /** The provider's base URL (for OpenAI-compatible servers: up to and including `/v1`). */
  baseUrl: string;
  /** The API key; never appears in an error message. Optional for keyless local servers. */
  apiKey?: string;
  /**
   * Per-attempt timeout in ms. A plain call must complete within it; a stream must start within it and
   * never go quiet for longer than it between chunks. Default 60 000.
   */
  timeoutMs?: number;
  /** The fetch the client uses (tests, proxies). Default: the global fetch. */
  fetch?: typeof fetch;
  /** The model `embed` uses when the call does not name one. */
  embeddingModel?: string;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
