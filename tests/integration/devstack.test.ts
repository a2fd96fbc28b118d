import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  createScratchDatabase,
  databaseExists,
  dropDatabase,
  ensureNats,
  ensurePostgres,
  freePort,
  isPortOpen,
  readNatsInfo,
  type EnsuredNats,
  type EnsuredPostgres,
} from '@scrai/devstack';

const silent = () => {};

describe('devstack infrastructure', () => {
  let nats: EnsuredNats;
  let postgres: EnsuredPostgres;

  beforeAll(async () => {
    nats = await ensureNats({ url: process.env.SCRAI_TEST_NATS_URL, projectDir: process.cwd(), log: silent });
    postgres = await ensurePostgres({ url: process.env.SCRAI_TEST_PG_ADMIN_URL, database: 'scrai_test', log: silent });
  });

  afterAll(async () => {
    await nats?.stop();
    await postgres?.stop();
  });

  it('ensureNats returns a reachable JetStream server', async () => {
    const { hostname, port } = new URL(nats.url);
    expect(await isPortOpen(hostname, Number(port))).toBe(true);
    const info = await readNatsInfo(hostname, Number(port));
    expect(info.jetstream).toBe(true);
  });

  it('ensureNats rejects an unreachable url with a one-line message', async () => {
    const port = await freePort();
    await expect(ensureNats({ url: `nats://127.0.0.1:${port}`, projectDir: process.cwd() })).rejects.toThrow(
      /^NATS at nats:\/\/127\.0\.0\.1:\d+ is not reachable/,
    );
  });

  it('ensurePostgres returns a url that accepts queries', async () => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const r = await client.query<{ db: string }>('SELECT current_database() AS db');
      expect(r.rows[0]?.db).toBe(new URL(postgres.url).pathname.slice(1));
    } finally {
      await client.end();
    }
  });

  it('ensurePostgres creates the database it is asked for when missing', async () => {
    const name = `devstack_ensure_${Date.now().toString(36)}`;
    const serverUrl = new URL(postgres.adminUrl);
    serverUrl.pathname = '';
    const ensured = await ensurePostgres({ url: serverUrl.toString(), database: name, log: silent });
    try {
      expect(new URL(ensured.url).pathname).toBe(`/${name}`);
      expect(await databaseExists(postgres.adminUrl, name)).toBe(true);
    } finally {
      await dropDatabase(postgres.adminUrl, name);
    }
    expect(await databaseExists(postgres.adminUrl, name)).toBe(false);
  });

  it('createScratchDatabase creates a database and drop() removes it', async () => {
    const scratch = await createScratchDatabase(postgres.adminUrl, 'devstack-test');
    expect(scratch.name).toMatch(/^devstack_test_/);
    expect(await databaseExists(postgres.adminUrl, scratch.name)).toBe(true);

    const client = new pg.Client({ connectionString: scratch.url });
    client.on('error', () => {}); // drop() terminates this session
    await client.connect();
    await client.query('CREATE TABLE t (id int)');
    // drop() must also work while a connection is still open.
    await scratch.drop();
    await client.end().catch(() => {});

    const admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    try {
      const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [scratch.name]);
      expect(r.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
