#!/usr/bin/env node
// Container health probe for the services without an HTTP port (all but the gateway): asks the
// NATS health subject `<SCRAI_NAMESPACE>.health.ping` and exits 0 only when the reply of THIS
// instance (SCRAI_INSTANCE_ID, else the hostname: the pod or container name) says ready. Exit 1 otherwise.
// Used by the Dockerfile HEALTHCHECK and the k8s exec probes until the services get a health port.
// `--liveness`: only "is this process answering?" A reply that says not ready passes (a database
// outage must not restart persistence), and so does an unreachable NATS (not this pod's fault: a
// broker outage must not restart every pod); only a reachable broker with no reply from us fails.
import { createRequire } from 'node:module';
import { hostname } from 'node:os';

const require = createRequire(new URL('../libs/messaging/package.json', import.meta.url));
const { connect } = require('@nats-io/transport-node');
const { env } = process; // the only input: the container's environment

const ns = env.SCRAI_NAMESPACE ?? 'scrai';
const me = env.SCRAI_INSTANCE_ID || env.HOSTNAME || hostname(); // the entrypoint's default too
const liveness = process.argv.includes('--liveness');
const waitMs = Number(env.SCRAI_PROBE_WAIT_MS ?? 2000);

let nc;
try {
  nc = await connect({ servers: env.NATS_URL ?? 'nats://127.0.0.1:4222', timeout: waitMs, name: `probe-${me}` });
} catch (e) {
  console.error(`health-probe: NATS unreachable: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(liveness ? 0 : 1);
}
try {
  const replies = await nc.requestMany(`${ns}.health.ping`, '{}', { strategy: 'timer', maxWait: waitMs });
  for await (const m of replies) {
    const r = m.json();
    if (r.instance_id !== me) continue;
    if (r.ready || liveness) process.exit(0);
    console.error(`health-probe: ${me} not ready: ${JSON.stringify(r.checks)}`);
    process.exit(1);
  }
  console.error(`health-probe: no health reply from ${me} within ${waitMs} ms`);
} catch (e) {
  console.error(`health-probe: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await nc?.close().catch(() => undefined);
}
process.exit(1);
