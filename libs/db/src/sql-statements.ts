import type { DataSource, QueryRunner } from 'typeorm';

/** Rows per multi-row statement: large enough to amortize round trips, small enough for one packet. */
export const ROWS_PER_STATEMENT = 1000;

export function chunksOf<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs one statement and returns its rows (the RETURNING rows of an INSERT or UPDATE). */
export async function rowsOf<R>(qr: QueryRunner, sql: string, params: unknown[] = []): Promise<R[]> {
  const result = await qr.query(sql, params, true);
  return (result.records ?? []) as R[];
}

/** Runs `fn` on one pooled connection. */
export async function withConnection<T>(ds: DataSource, fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    return await fn(qr);
  } finally {
    await qr.release();
  }
}

/** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
export async function inTransaction<T>(ds: DataSource, fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
  return withConnection(ds, async (qr) => {
    await qr.startTransaction();
    try {
      const out = await fn(qr);
      await qr.commitTransaction();
      return out;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => {});
      throw e;
    }
  });
}
