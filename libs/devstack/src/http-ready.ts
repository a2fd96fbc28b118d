export interface WaitForHttpOkOptions {
  url: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Called between attempts; throw from it to give up early. */
  check?: () => void;
}

/** Polls `GET url` until it answers 200; the error names the last status or failure seen. */
export async function waitForHttpOk(opts: WaitForHttpOkOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    opts.check?.();
    try {
      const res = await fetch(opts.url, { signal: AbortSignal.timeout(2000) });
      const body = await res.text().catch(() => '');
      if (res.status === 200) return;
      last = `HTTP ${res.status} ${body.replace(/\s+/g, ' ').slice(0, 300)}`;
    } catch (err) {
      last = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(`${opts.url} did not answer 200 within ${Math.round(opts.timeoutMs / 1000)} s (last: ${last})`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}
