import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { stopChild } from './child-stop.js';
import { silentLog, type DevstackLog } from './devstack-log.js';
import { findOrInstallNatsServer, spawnNatsServer } from './ensure-nats.js';
import { freePort } from './free-port.js';

export interface PrivateNats {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM); its JetStream store stays on disk. */
  stop(): Promise<void>;
  /** Stops and starts the server again on the same port and store (streams and consumers survive). */
  restart(): Promise<void>;
}

/**
 * A nats-server of a test's own (free port, own store under `dir`), for suites that must restart the
 * broker without disturbing anyone else using the machine's server.
 */
export async function startPrivateNats(o: { dir: string; log?: DevstackLog; startTimeoutMs?: number }): Promise<PrivateNats> {
  const log = o.log ?? silentLog;
  const binary = await findOrInstallNatsServer(log);
  const port = await freePort();
  const place = { port, storeDir: join(o.dir, 'store'), logFile: join(o.dir, 'nats.log') };
  const timeout = o.startTimeoutMs ?? 15_000;
  let child: ChildProcess = await spawnNatsServer(binary, place, timeout, log);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop: () => stopChild(child),
    async restart() {
      await stopChild(child);
      child = await spawnNatsServer(binary, place, timeout, log);
    },
  };
}
