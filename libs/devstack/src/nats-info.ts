import { connect } from 'node:net';

/** The parts of a NATS server's INFO greeting that devstack looks at. */
export interface NatsServerInfo {
  version?: string;
  jetstream?: boolean;
  [key: string]: unknown;
}

/** Connects to host:port and reads the `INFO {...}` line the server sends first. */
export function readNatsInfo(host: string, port: number, timeoutMs = 3000): Promise<NatsServerInfo> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buffered = '';
    const finish = (err: Error | undefined, info?: NatsServerInfo) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(info as NatsServerInfo);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no INFO line from NATS at ${host}:${port} within ${timeoutMs} ms`)));
    socket.once('error', (e) => finish(new Error(`cannot read INFO from NATS at ${host}:${port}: ${e.message}`)));
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\r\n');
      if (end < 0) return;
      const line = buffered.slice(0, end);
      if (!line.startsWith('INFO ')) {
        finish(new Error(`${host}:${port} is not a NATS server (first line: ${line.slice(0, 60)})`));
        return;
      }
      try {
        finish(undefined, JSON.parse(line.slice(5)) as NatsServerInfo);
      } catch {
        finish(new Error(`unreadable INFO line from NATS at ${host}:${port}`));
      }
    });
  });
}
