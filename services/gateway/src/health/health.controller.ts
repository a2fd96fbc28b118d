import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { HealthReport } from '@scrai/contracts';
import { collectHealth } from '@scrai/messaging';
import { SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { API_PREFIX } from '../http/api-prefix.js';
import { healthReport } from './health-report.js';

/** How long the gateway listens for health replies of all instances. */
export const HEALTH_WAIT_MS = 500;

@Controller()
export class HealthController {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /** 200 when every service has at least one ready instance, else 503; the body lists them all. */
  @Get(['health', `${API_PREFIX}/health`])
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = healthReport(await collectHealth(this.ctx.nc, this.ctx.names, HEALTH_WAIT_MS));
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
