import type { TerminalStyle } from './terminal-style.js';

export interface BannerInput {
  /** e.g. http://localhost:8080 */
  gatewayUrl: string;
  grpcPort: number;
  namespace: string;
  logDir: string;
  orchestrators: number;
  seconds: number;
}

/** What `scrai start` prints once the stack is healthy. */
export function startBannerLines(b: BannerInput, style: TerminalStyle): string[] {
  const curl = `curl -X POST ${b.gatewayUrl.replace(/^http:\/\//, '')}/api/v1/runs -H 'content-type: application/json' -d '{"scenario":"town-hall-debate"}'`;
  return [
    '',
    style.bold(style.green(`ScrAI is up (${b.seconds.toFixed(1)} s, namespace ${b.namespace}, ${b.orchestrators} orchestrators)`)),
    `  API       ${style.cyan(`${b.gatewayUrl}/api/v1`)}`,
    `  OpenAPI   ${style.cyan(`${b.gatewayUrl}/api/docs`)}`,
    `  gRPC      ${b.grpcPort === 0 ? 'off' : style.cyan(`port ${b.grpcPort}`)}`,
    `  logs      ${b.logDir}/<service>-<i>.log`,
    '',
    '  start a run:',
    `    ${curl}`,
    '',
    style.dim('Ctrl-C to stop'),
    '',
  ];
}
