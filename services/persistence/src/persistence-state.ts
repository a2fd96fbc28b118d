import type { DataSource, Repositories } from '@scrai/db';

/** What the boot sequence prepared before Nest starts: an open, migrated, seeded database. */
export interface PersistenceState {
  ds: DataSource;
  repos: Repositories;
  /** Migrations applied by this process at boot (empty when the schema was already current). */
  migrationsApplied: string[];
  /** Shipped templates inserted at boot (names already stored are left alone). */
  templatesSeeded: string[];
  templatesShipped: number;
}

export const PERSISTENCE_STATE = Symbol('PERSISTENCE_STATE');
