export type { DevstackLog } from './devstack-log.js';
export { ensureNats, type EnsureNatsOptions, type EnsuredNats } from './ensure-nats.js';
export { startPrivateNats, type PrivateNats } from './private-nats.js';
export { ensurePostgres, type EnsurePostgresOptions, type EnsuredPostgres } from './ensure-postgres.js';
export {
  createScratchDatabase,
  createDatabaseIfMissing,
  databaseExists,
  dropDatabase,
  type ScratchDatabase,
} from './postgres-databases.js';
export { withDatabase, redactUrl } from './postgres-url.js';
export { freePort } from './free-port.js';
export { isPortOpen, waitForPort } from './tcp-probe.js';
export { readNatsInfo, type NatsServerInfo } from './nats-info.js';
export { waitForHttpOk } from './http-ready.js';
export type { ServiceExit } from './service-process.js';
export {
  startStack,
  type Stack,
  type StackProcessInfo,
  type StackServiceSpec,
  type StartStackOptions,
} from './stack-supervisor.js';
