/** One readable line for an error: the API's code and field details, the network cause of a failed fetch. */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const api = err as Error & { status?: unknown; error?: unknown; details?: unknown };
  if (typeof api.status === 'number' && typeof api.error === 'string') {
    const details = Array.isArray(api.details)
      ? (api.details as { path?: unknown; message?: unknown }[]).map((d) => `${String(d.path)}: ${String(d.message)}`)
      : [];
    return `${err.message} (HTTP ${api.status} ${api.error}${details.length ? `; ${details.join('; ')}` : ''})`;
  }
  const cause = (err as { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? cause.message : undefined;
  const first = err.message.split('\n')[0] ?? err.message;
  return causeText && !first.includes(causeText) ? `${first}: ${causeText}` : first;
}
