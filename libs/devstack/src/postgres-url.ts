/** Returns `url` with its database (path) replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = parsePostgresUrl(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The database named in the url's path, or undefined when the path is empty. */
export function databaseOf(url: string): string | undefined {
  const name = decodeURIComponent(parsePostgresUrl(url).pathname.replace(/^\//, ''));
  return name || undefined;
}

/** The url without its password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable url)';
  }
}

function parsePostgresUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new Error(`invalid Postgres url ${redactUrl(url)} (expected postgres://user:password@host:5432/database)`);
  }
}
