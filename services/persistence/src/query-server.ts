import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { QUERY_NAMES } from '@scrai/contracts';
import { serveQuery, type Subscription } from '@scrai/messaging';
import { SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { PERSISTENCE_STATE, type PersistenceState } from './persistence-state.js';
import { createQueryHandlers } from './query-handlers.js';

export const QUERY_QUEUE = 'persistence';

/** Answers every query of contracts' queryRequestSchemas on `<ns>.query.<name>`, queue group "persistence". */
@Injectable()
export class QueryServer implements OnApplicationBootstrap, OnModuleDestroy {
  private subs: Subscription[] = [];

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PERSISTENCE_STATE) private readonly state: PersistenceState,
  ) {}

  onApplicationBootstrap(): void {
    const handlers = createQueryHandlers(this.state.repos);
    this.subs = QUERY_NAMES.map((name) =>
      serveQuery({ nc: this.ctx.nc, subject: this.ctx.names.subjects.query(name), queue: QUERY_QUEUE, log: this.ctx.log }, (data) =>
        handlers[name](data),
      ),
    );
  }

  async onModuleDestroy(): Promise<void> {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }
}
