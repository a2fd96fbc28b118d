import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BrokerNames } from '@scrai/contracts';
import { collectHealth } from '@scrai/messaging';
import { repoRoot } from './stack-fixture.js';
import { testNatsUrl } from './test-namespace.js';

/** One built llm-gateway (services/llm-gateway/dist) as its own OS process; its output is kept for failure messages. */
export interface GatewayProcess {
  child: ChildProcess;
  output: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds services/llm-gateway (incremental tsc -b), so a test file run on its own uses current code. */
export function buildGateway(): void {
  const build = spawnSync('npx', ['tsc', '-b', 'services/llm-gateway'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
}

/** Starts an llm-gateway of `namespace` with the given environment (SCRAI_LLM_CONFIG, key variables, ...). */
export function startGatewayProcess(namespace: string, env: Record<string, string> = {}): GatewayProcess {
  const child = spawn(process.execPath, [`${repoRoot}/services/llm-gateway/dist/main.js`], {
    cwd: repoRoot,
    env: { ...process.env, NATS_URL: testNatsUrl(), SCRAI_NAMESPACE: namespace, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const g: GatewayProcess = { child, output: '' };
  child.stdout?.on('data', (b: Buffer) => (g.output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (g.output += b.toString()));
  return g;
}

/** Waits until at least `gateways.length` llm-gateway instances of the namespace report ready (30 s). */
export async function waitGatewaysReady(nc: NatsConnection, names: BrokerNames, gateways: GatewayProcess[]): Promise<void> {
  for (const deadline = Date.now() + 30_000; ; await sleep(200)) {
    const ready = (await collectHealth(nc, names, 500)).filter((r) => r.service === 'llm-gateway' && r.ready);
    if (ready.length >= gateways.length) return;
    const dead = gateways.find((g) => g.child.exitCode !== null || g.child.signalCode !== null);
    if (dead || Date.now() > deadline) throw new Error(`llm-gateway did not become healthy:\n${gateways.map((g) => g.output).join('\n---\n')}`);
  }
}

/** SIGTERM (its graceful shutdown), SIGKILL after 12 s. */
export async function stopGatewayProcess(g: GatewayProcess): Promise<void> {
  if (g.child.exitCode !== null || g.child.signalCode !== null) return;
  const exited = new Promise((r) => g.child.once('exit', r));
  g.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 12_000)))]);
  clearTimeout(timer);
  if (g.child.exitCode === null && g.child.signalCode === null) g.child.kill('SIGKILL');
}
