const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Whether an error thrown by fetch or by reading a response body means the connection failed or broke
 * (undici throws `TypeError: fetch failed` / `terminated` with a socket error as the cause).
 */
export function isNetworkFailure(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    const message = cur instanceof Error ? cur.message : '';
    if (cur instanceof TypeError && /fetch failed|terminated|network|socket/i.test(message)) return true;
    if (/other side closed|socket hang up|premature close/i.test(message)) return true;
  }
  return false;
}
