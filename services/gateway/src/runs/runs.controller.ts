import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { EventPage, EventWithAttempts, InjectionAccepted, Page, RunControlAccepted, RunEvent, RunRecord, RunSpec, RunUsage } from '@scrai/contracts';
import { SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import type { GatewayConfig } from '../config.js';
import { API_PREFIX } from '../http/api-prefix.js';
import { intParam, resumeAfterSeq } from '../http/query-params.js';
import { ActiveStreams } from './active-streams.js';
import { writeEventStream } from './run-events-sse.js';
import { RunsService } from './runs-service.js';

@Controller(`${API_PREFIX}/runs`)
export class RunsController {
  constructor(
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(ActiveStreams) private readonly streams: ActiveStreams,
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<GatewayConfig>,
  ) {}

  @Post()
  @HttpCode(202)
  async create(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<{ id: string }> {
    const created = await this.runs.createRun(body);
    res.setHeader('Location', `/${API_PREFIX}/runs/${created.id}`);
    return created;
  }

  @Get()
  list(@Query() q: Record<string, unknown>): Promise<Page<RunRecord>> {
    return this.runs.listRuns({ status: q.status, limit: intParam(q.limit), offset: intParam(q.offset) });
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<RunRecord> {
    return this.runs.getRun(id);
  }

  @Get(':id/events')
  events(@Param('id') id: string, @Query() q: Record<string, unknown>): Promise<EventPage<RunEvent>> {
    return this.runs.listEvents(id, { after_seq: intParam(q.after_seq), limit: intParam(q.limit) });
  }

  /** Server-sent events: stored, then live; ends after the terminal event. */
  @Get(':id/events/stream')
  async stream(
    @Param('id') id: string,
    @Query('after_seq') afterSeq: unknown,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const after = resumeAfterSeq(lastEventId, afterSeq);
    const abort = new AbortController();
    const feed = await this.runs.watchEvents(id, after, abort.signal);
    this.streams.track(abort);
    res.on('close', () => abort.abort());
    await writeEventStream(res, feed, { abort, log: this.ctx.log, bodyLimit: this.ctx.config.SCRAI_BODY_LIMIT });
  }

  /** The spec the run was created with (scenario, seed, agent snapshots; a fork's origin and changes). */
  @Get(':id/spec')
  spec(@Param('id') id: string): Promise<RunSpec> {
    return this.runs.getRunSpec(id);
  }

  @Get(':id/usage')
  usage(@Param('id') id: string): Promise<RunUsage> {
    return this.runs.usage(id);
  }

  /** After the stream route, so "stream" is never taken for an event id. */
  @Get(':id/events/:eventId')
  event(@Param('id') id: string, @Param('eventId') eventId: string): Promise<EventWithAttempts> {
    return this.runs.getEvent(id, eventId);
  }

  @Post(':id/events')
  @HttpCode(202)
  inject(@Param('id') id: string, @Body() body: unknown): Promise<InjectionAccepted> {
    return this.runs.injectEvent(id, body);
  }

  /** A new run with the ended run's spec, answered only from the LLM cache (202 {id} of the new run). */
  @Post(':id/replay')
  @HttpCode(202)
  async replay(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<{ id: string }> {
    const created = await this.runs.replayRun(id);
    res.setHeader('Location', `/${API_PREFIX}/runs/${created.id}`);
    return created;
  }

  /** A new run continuing this one from `from_turn` with overrides; the turns before come from the LLM cache (202 {id} of the new run). */
  @Post(':id/fork')
  @HttpCode(202)
  async fork(@Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<{ id: string }> {
    const created = await this.runs.forkRun(id, body);
    res.setHeader('Location', `/${API_PREFIX}/runs/${created.id}`);
    return created;
  }

  @Post(':id/stop')
  @HttpCode(202)
  stop(@Param('id') id: string, @Body() body: unknown): Promise<{ id: string; status: 'stopping' }> {
    return this.runs.stopRun(id, body);
  }

  @Post(':id/pause')
  @HttpCode(202)
  pause(@Param('id') id: string, @Body() body: unknown): Promise<RunControlAccepted> {
    return this.runs.pauseRun(id, body);
  }

  @Post(':id/resume')
  @HttpCode(202)
  resume(@Param('id') id: string): Promise<RunControlAccepted> {
    return this.runs.resumeRun(id);
  }
}
