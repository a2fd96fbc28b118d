import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall, canAptInstall } from './apt-install.js';
import { killOnParentExit } from './child-cleanup.js';
import { hasExited, stopChild } from './child-stop.js';
import { silentLog, type DevstackLog } from './devstack-log.js';
import { findExecutable } from './find-executable.js';
import { natsHostPort } from './nats-address.js';
import { readNatsInfo } from './nats-info.js';
import { isPortOpen, waitForPort } from './tcp-probe.js';

export interface EnsureNatsOptions {
  /** Use this server (must be reachable); when absent, find or start one on 127.0.0.1:4222. */
  url?: string;
  /** Data (`var/nats`) and log (`var/nats.log`) of a server we start go under this directory. */
  projectDir: string;
  log?: DevstackLog;
  /** How long to wait for a server we started to accept connections. Default 15 s. */
  startTimeoutMs?: number;
}

export interface EnsuredNats {
  url: string;
  /** true when this call spawned the server; stop() only stops such a server. */
  startedByUs: boolean;
  stop(): Promise<void>;
}

const LOCAL_HOST = '127.0.0.1';
const LOCAL_PORT = 4222;
const LOCAL_URL = `nats://${LOCAL_HOST}:${LOCAL_PORT}`;
const KNOWN_BINARIES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/** Finds, or starts, a JetStream-enabled NATS server and returns its url. */
export async function ensureNats(opts: EnsureNatsOptions): Promise<EnsuredNats> {
  const log = opts.log ?? silentLog;
  if (opts.url) {
    const { host, port } = natsHostPort(opts.url);
    if (!(await isPortOpen(host, port, 3000))) {
      throw new Error(`NATS at ${opts.url} is not reachable (TCP connect to ${host}:${port} failed)`);
    }
    await assertJetStream(host, port, opts.url);
    log(`using NATS at ${opts.url}`);
    return { url: opts.url, startedByUs: false, stop: async () => {} };
  }
  if (await isPortOpen(LOCAL_HOST, LOCAL_PORT)) {
    await assertJetStream(LOCAL_HOST, LOCAL_PORT, LOCAL_URL);
    log(`using NATS already running at ${LOCAL_URL}`);
    return { url: LOCAL_URL, startedByUs: false, stop: async () => {} };
  }
  const binary = await findOrInstallNatsServer(log);
  const child = await startNatsServer(binary, opts.projectDir, opts.startTimeoutMs ?? 15_000, log);
  await assertJetStream(LOCAL_HOST, LOCAL_PORT, LOCAL_URL);
  return { url: LOCAL_URL, startedByUs: true, stop: () => stopChild(child) };
}

async function assertJetStream(host: string, port: number, url: string): Promise<void> {
  const info = await readNatsInfo(host, port);
  if (info.jetstream !== true) {
    throw new Error(`NATS at ${url} (version ${info.version ?? '?'}) has JetStream disabled; restart it with -js (nats-server -js)`);
  }
}

export async function findOrInstallNatsServer(log: DevstackLog): Promise<string> {
  const found = await findExecutable('nats-server', KNOWN_BINARIES);
  if (found) return found;
  if (await canAptInstall()) {
    log('nats-server not found; installing it with apt-get');
    await aptInstall('nats-server', log);
    const installed = await findExecutable('nats-server', KNOWN_BINARIES);
    if (installed) return installed;
    throw new Error('apt-get installed nats-server but no nats-server binary was found');
  }
  throw new Error(
    'no NATS server at 127.0.0.1:4222 and no nats-server binary: install nats-server (e.g. apt-get install nats-server) or set NATS_URL',
  );
}

async function startNatsServer(binary: string, projectDir: string, timeoutMs: number, log: DevstackLog): Promise<ChildProcess> {
  const varDir = join(projectDir, 'var');
  return spawnNatsServer(binary, { port: LOCAL_PORT, storeDir: join(varDir, 'nats'), logFile: join(varDir, 'nats.log') }, timeoutMs, log);
}

export interface NatsServerPlace {
  port: number;
  storeDir: string;
  logFile: string;
}

/** Spawns `nats-server -js` on 127.0.0.1:<port> with its own store and waits until it accepts connections. */
export async function spawnNatsServer(binary: string, place: NatsServerPlace, timeoutMs: number, log: DevstackLog): Promise<ChildProcess> {
  const { port, storeDir, logFile } = place;
  mkdirSync(storeDir, { recursive: true });
  const fd = openSync(logFile, 'a');
  log(`starting ${binary} on nats://${LOCAL_HOST}:${port} (store ${storeDir}, log ${logFile})`);
  const child = spawn(binary, ['-js', '-a', LOCAL_HOST, '-p', String(port), '-sd', storeDir], {
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  killOnParentExit(child);
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  try {
    await waitForPort({
      host: LOCAL_HOST,
      port,
      timeoutMs,
      check: () => {
        if (spawnError) throw new Error(`cannot start ${binary}: ${spawnError.message}`);
        if (hasExited(child)) throw new Error(`nats-server exited (${child.exitCode ?? child.signalCode ?? 'not spawned'}) right after start`);
      },
    });
  } catch (err) {
    await stopChild(child);
    throw new Error(`NATS did not start: ${(err as Error).message}; see ${logFile}`, { cause: err });
  }
  return child;
}
