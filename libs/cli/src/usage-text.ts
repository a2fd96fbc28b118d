import { DEMO_DEFAULTS } from './cli-args.js';

/** What `scrai help` prints. */
export function usageText(): string {
  return `scrai: run ScrAI on this machine

Usage:
  scrai start [--verbose] [--no-color]
      Ensure NATS and Postgres, start every service (two orchestrator replicas), print where the
      API is, and run until Ctrl-C. Service logs go to var/logs/<service>-<i>.log; the console
      shows their warnings and errors (--verbose: every line).

  scrai demo [--scenario ${DEMO_DEFAULTS.scenario}] [--seed ${DEMO_DEFAULTS.seed}] [--latency 0|fixed:50]
             [--max-turns N] [--timeout ${DEMO_DEFAULTS.timeoutSeconds}] [--no-color]
      Bring the stack up, run one scenario with the mock LLM, print its transcript live and the
      analyst's report, then shut everything down. --latency sets the mock LLM latency
      (default fixed:40); --timeout bounds the whole demo in seconds.

  scrai help
      This text.

Environment: NATS_URL, DATABASE_URL (default: local servers, database "scrai"),
SCRAI_NAMESPACE (scrai), PORT (8080), HOST, GRPC_PORT (50051, 0 = off), LOG_LEVEL (info),
SCRAI_MOCK_LATENCY, NO_COLOR.
`;
}
