/** Header access that fits both fetch `Headers` and plain records. */
export type HeaderSource = { get(name: string): string | null | undefined } | Record<string, string | undefined> | null | undefined;

export function headerValue(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(n: string): string | null | undefined }).get(name) ?? null;
  }
  const rec = headers as Record<string, string | undefined>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  return key === undefined ? null : (rec[key] ?? null);
}

/**
 * How long the provider asked us to wait, in ms: `retry-after-ms` (OpenAI, Anthropic) wins over
 * `retry-after`, which is either seconds or an HTTP date (relative to `now`). Null when absent or unreadable.
 */
export function retryAfterMs(headers: HeaderSource, now: number = Date.now()): number | null {
  const ms = headerValue(headers, 'retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const ra = headerValue(headers, 'retry-after')?.trim();
  if (!ra) return null;
  if (/^\d+(\.\d+)?$/.test(ra)) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
