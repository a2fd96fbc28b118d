import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { inputMsgId } from '@scrai/contracts';
import { errorMessage, publishJson, publishTaskAttempt, startDeadLetterMover, type DeadLetterMover } from '@scrai/messaging';
import { Readiness, SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { deadLetterAttemptOf, deadLetterNoticeOf } from './dead-letter-notice.js';

/** Task subjects end with the run id: `<ns>.task.<engine>.<runId>`. */
const runIdOfTaskSubject = (subject: string): string | undefined => subject.split('.').at(-1) || undefined;

/**
 * Runs the dead-letter mover in every orchestrator replica (they share its durable consumer; moves
 * are idempotent): a task the broker gave up on (max deliveries) is copied to the DLQ with its
 * reason, its run is told (`task_failed`, code `dead_letter`, the run's on_task_failure decides) and
 * its lifecycle gets a `dead_letter` attempt, then it is deleted from TASKS.
 */
@Injectable()
export class DeadLetterMoverService implements OnApplicationBootstrap, OnApplicationShutdown {
  private mover?: DeadLetterMover;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(Readiness) private readonly readiness: Readiness,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ctx } = this;
    const moverId = `${ctx.instanceId}/dlq-mover`;
    this.mover = await startDeadLetterMover({
      js: ctx.js,
      jsm: ctx.jsm,
      names: ctx.names,
      log: ctx.log,
      moverId,
      runIdOf: runIdOfTaskSubject,
      notify: async (letter) => {
        const notice = deadLetterNoticeOf(letter, moverId);
        if (!notice) return;
        await publishJson(ctx.js, ctx.names.subjects.cmd(notice.run_id, 'result'), notice, { msgID: inputMsgId(notice) });
        const attempt = deadLetterAttemptOf(letter, moverId, new Date());
        // best effort, like every attempt record: it describes the work, it is not the work
        if (attempt) await publishTaskAttempt(ctx.js, ctx.names, attempt).catch((e: unknown) => ctx.log.warn({ err: errorMessage(e), task_id: attempt.task_id }, 'could not record the dead_letter attempt'));
      },
    });
    this.readiness.register('dlq-mover', async () => {
      await ctx.jsm.consumers.info(ctx.names.streams.advisories, ctx.names.consumers.deadLetterMover);
      return { ok: true };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.mover?.stop();
  }
}
