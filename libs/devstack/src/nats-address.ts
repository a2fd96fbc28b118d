/** Host and port of the first server of a NATS url such as `nats://user:pw@host:4222,nats://other:4222`. */
export function natsHostPort(url: string): { host: string; port: number } {
  const first = url.split(',')[0]!.trim();
  const withScheme = /^[a-z]+:\/\//i.test(first) ? first : `nats://${first}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new Error(`invalid NATS url "${url}" (expected nats://host:port)`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = parsed.port ? Number(parsed.port) : 4222;
  return { host, port };
}
