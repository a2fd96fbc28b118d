import { connect } from 'node:net';

/** Resolves true when a TCP connection to host:port succeeds within timeoutMs. */
export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface WaitForPortOptions {
  host: string;
  port: number;
  timeoutMs: number;
  /** Called between attempts; throw from it to abort early (e.g. the server process died). */
  check?: () => void;
}

/** Polls until host:port accepts connections; throws after timeoutMs. */
export async function waitForPort(opts: WaitForPortOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    opts.check?.();
    if (await isPortOpen(opts.host, opts.port, 500)) return;
    if (Date.now() > deadline) {
      throw new Error(`${opts.host}:${opts.port} did not accept connections within ${Math.round(opts.timeoutMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
