import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { closeDataSource, pingDatabase } from '@scrai/db';
import { Readiness } from '@scrai/service-host';
import { PERSISTENCE_STATE, type PersistenceState } from './persistence-state.js';

/** Readiness of the data side (database, migrations, templates) and closing the pool at shutdown. */
@Injectable()
export class DatabaseHealth implements OnApplicationShutdown {
  constructor(
    @Inject(PERSISTENCE_STATE) private readonly state: PersistenceState,
    @Inject(Readiness) readiness: Readiness,
  ) {
    readiness.register('database', async () => {
      await pingDatabase(state.ds);
      return { ok: true };
    });
    // Both ran to completion at boot, or the process would not be up.
    readiness.register('migrations', () => ({ ok: true, detail: state.migrationsApplied.length ? `applied ${state.migrationsApplied.join(', ')}` : 'up to date' }));
    readiness.register('templates', () => ({ ok: true, detail: `${state.templatesShipped} shipped, ${state.templatesSeeded.length} new` }));
  }

  async onApplicationShutdown(): Promise<void> {
    await closeDataSource(this.state.ds);
  }
}
