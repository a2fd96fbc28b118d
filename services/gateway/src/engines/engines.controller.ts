import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { EngineHealthReport, EngineInstanceRecord, Page, QueueStats } from '@scrai/contracts';
import { API_PREFIX } from '../http/api-prefix.js';
import { intParam } from '../http/query-params.js';
import { EnginesService } from './engines-service.js';

@Controller(`${API_PREFIX}/engine-instances`)
export class EngineInstancesController {
  constructor(@Inject(EnginesService) private readonly engines: EnginesService) {}

  @Get()
  list(@Query() q: Record<string, unknown>): Promise<Page<EngineInstanceRecord>> {
    return this.engines.list({ engine_type: q.engine_type, status: q.status, limit: intParam(q.limit), offset: intParam(q.offset) });
  }

  /** Declared before `:id`, so "health" is never taken for an instance id. */
  @Get('health')
  health(): Promise<EngineHealthReport> {
    return this.engines.health();
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<EngineInstanceRecord> {
    return this.engines.get(id);
  }
}

@Controller(`${API_PREFIX}/events/queue`)
export class EngineQueueController {
  constructor(@Inject(EnginesService) private readonly engines: EnginesService) {}

  @Get(':engine_type')
  queue(@Param('engine_type') engineType: string): Promise<QueueStats> {
    return this.engines.queue(engineType);
  }
}
