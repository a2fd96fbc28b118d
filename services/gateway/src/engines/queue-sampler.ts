import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { errorMessage } from '@scrai/messaging';
import { SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { EnginesService } from './engines-service.js';

/** How often the gateway reads the engine queues for the backlog trends of the health report. */
export const QUEUE_SAMPLE_EVERY_MS = 5_000;

/** Samples every engine queue on a timer, so the health report can tell a growing backlog. */
@Injectable()
export class QueueSampler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    @Inject(EnginesService) private readonly engines: EnginesService,
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () =>
      this.engines.sample().then(
        () => (this.failing = false),
        (e: unknown) => {
          if (!this.failing) this.ctx.log.warn({ err: errorMessage(e) }, 'cannot sample the engine queues');
          this.failing = true;
        },
      );
    void tick();
    this.timer = setInterval(() => void tick(), QUEUE_SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
