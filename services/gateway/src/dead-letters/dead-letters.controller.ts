import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { DeadLetterDetail, DeadLetterPage, RequeuedDeadLetter } from '@scrai/contracts';
import { API_PREFIX } from '../http/api-prefix.js';
import { DeadLettersService } from './dead-letters-service.js';

/** The dead-letter stream: browse, inspect, requeue, delete. */
@Controller(`${API_PREFIX}/dead-letters`)
export class DeadLettersController {
  constructor(@Inject(DeadLettersService) private readonly deadLetters: DeadLettersService) {}

  @Get()
  list(@Query() q: Record<string, unknown>): Promise<DeadLetterPage> {
    return this.deadLetters.list(q);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<DeadLetterDetail> {
    return this.deadLetters.get(id);
  }

  @Post(':id/requeue')
  @HttpCode(202)
  requeue(@Param('id') id: string, @Query() q: Record<string, unknown>): Promise<RequeuedDeadLetter> {
    return this.deadLetters.requeue(id, q);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.deadLetters.remove(id);
  }
}
