import { eventPayloadSchemas, TERMINAL_EVENT_TYPES, TERMINAL_STATUSES, type RunEventPayload, type RunRecord } from '@scrai/contracts';
import { ScraiClient } from '@scrai/sdk';
import type { DemoArgs } from './cli-args.js';
import { errorText } from './error-text.js';
import { finalReportLines } from './final-report.js';
import { plainView, progressBarView, type LiveView } from './live-view.js';
import { runSummaryLine } from './run-summary.js';
import { onShutdownSignal } from './shutdown-signals.js';
import { bringUpStack } from './stack-session.js';
import { gatewayClientUrl, type StackSettings } from './stack-settings.js';
import { Teardown } from './teardown.js';
import { shouldColor, terminalStyle } from './terminal-style.js';
import { TranscriptLines } from './transcript-lines.js';

/** Mock LLM latency of the demo unless --latency or SCRAI_MOCK_LATENCY says otherwise: slow enough to watch. */
export const DEMO_MOCK_LATENCY = 'fixed:40';
/** How long an interrupted demo waits for its run to record the stop before shutting down. */
const STOP_WAIT_MS = 5_000;
/** How long the run record may lag behind the event stream (persistence catching up). */
const SETTLE_MS = 15_000;
const MAX_WIDTH = 120;

export interface DemoCommandOptions {
  args: DemoArgs;
  settings: StackSettings;
  rootDir: string;
  baseEnv: Record<string, string | undefined>;
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
  exit: (code: number) => void;
}

class DemoStop extends Error {}

/** `scrai demo`: bring-up, one run printed live, the report, the summary line, shutdown. Returns the exit code. */
export async function runDemo(o: DemoCommandOptions): Promise<number> {
  const tty = o.out.isTTY === true;
  const style = terminalStyle(shouldColor(tty, o.settings.noColor, o.args.color));
  const errStyle = terminalStyle(shouldColor(o.err.isTTY, o.settings.noColor, o.args.color));
  const width = tty ? Math.min(o.out.columns || 100, MAX_WIDTH) : undefined;
  let view: LiveView | undefined;
  const say = (lines: string[]) => (view ? view.print(lines) : o.out.write(`${lines.join('\n')}\n`));
  const note = (m: string) => say([style.dim(`· ${m}`)]);
  const fail = (m: string) => {
    view?.close();
    o.err.write(`${errStyle.red(`scrai demo: ${m}`)}\n`);
  };

  const stop = new AbortController();
  const timeoutMs = o.args.timeoutSeconds * 1000;
  const timer = setTimeout(() => stop.abort(new DemoStop(`timed out after ${o.args.timeoutSeconds} s`)), timeoutMs);
  const forceExit = (c: number) => {
    view?.close(); // shows the cursor again
    o.exit(c);
  };
  const removeSignals = onShutdownSignal((sig) => stop.abort(new DemoStop(`interrupted (${sig})`)), forceExit);
  const teardown = new Teardown((m) => o.err.write(`scrai demo: ${m}\n`));
  const deadline = Date.now() + timeoutMs;

  let runId: string | undefined;
  let runEnded = false;
  let client: ScraiClient | undefined;
  let code = 1;
  try {
    const t0 = Date.now();
    const session = await bringUpStack({
      rootDir: o.rootDir,
      settings: o.settings,
      baseEnv: o.baseEnv,
      mockLatency: o.args.latency ?? o.settings.mockLatency ?? DEMO_MOCK_LATENCY,
      progress: note,
      crash: (lines) => say(lines.map((l, i) => (i === 0 ? style.red(l) : style.dim(l)))),
      teardown,
      signal: stop.signal,
    });
    note(`${session.processes} service processes healthy in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    client = new ScraiClient({ baseUrl: gatewayClientUrl(o.settings) });
    const created = await client.createRun({
      scenario: o.args.scenario,
      overrides: { seed: o.args.seed, ...(o.args.maxTurns !== undefined ? { max_turns: o.args.maxTurns } : {}) },
    });
    runId = created.id;
    note(`run ${runId}: scenario ${o.args.scenario}, seed ${o.args.seed}, mock latency ${o.args.latency ?? o.settings.mockLatency ?? DEMO_MOCK_LATENCY}`);
    o.out.write('\n');

    view = tty ? progressBarView(o.out, style.enabled) : plainView(o.out);
    const watched = await watchRun(client, runId, view, new TranscriptLines({ style, width, turnPrefix: !tty }), stop.signal);
    view.close();
    view = undefined;
    if (!watched.ended) throw stop.signal.reason ?? new Error('the event stream ended before the run did');
    runEnded = true;

    if (watched.report) o.out.write(`${finalReportLines(watched.report, style, width).join('\n')}\n`);
    else o.out.write(`${style.dim('(no analyst report in this run)')}\n\n`);

    const run = await settledRun(client, runId, watched.lastSeq, Math.min(deadline, Date.now() + SETTLE_MS));
    o.out.write(`${runSummaryLine(run)}\n`);
    if (run.status === 'completed') code = 0;
    else fail(run.status === 'failed' ? `the run failed: ${run.error ?? 'no error recorded'}` : `the run ended ${run.status}`);
  } catch (err) {
    const stopped = err instanceof DemoStop || stop.signal.aborted;
    const reason = stop.signal.reason instanceof DemoStop ? stop.signal.reason.message : undefined;
    fail(stopped && reason ? `${reason}${runId ? ` (run ${runId})` : ''}` : errorText(err));
    code = reason?.startsWith('interrupted') ? 130 : 1;
    if (runId && client && !runEnded) await stopRunBriefly(client, runId, `scrai demo ${reason ?? 'failed'}`, note);
  } finally {
    clearTimeout(timer);
    view?.close();
    // On stderr: the summary line stays the last line of stdout.
    o.err.write(`${errStyle.dim('· shutting down')}\n`);
    await teardown.run();
    removeSignals();
  }
  return code;
}

interface WatchedRun {
  ended: boolean;
  lastSeq: number;
  report?: RunEventPayload<'analysis.report'>;
}

/** Prints the run's events as they come, with turn progress, until its terminal event (or the signal). */
async function watchRun(client: ScraiClient, runId: string, view: LiveView, transcript: TranscriptLines, signal: AbortSignal): Promise<WatchedRun> {
  const watched: WatchedRun = { ended: false, lastSeq: 0 };
  for await (const event of client.streamEvents(runId, { signal })) {
    watched.lastSeq = event.seq;
    view.print(transcript.lines(event));
    const max = transcript.turnLimit;
    if (event.type === 'run.started' && max !== undefined) view.progress(0, max);
    if (event.type === 'actor.turn' && max !== undefined) view.progress(Number(event.payload.turn) || 0, max);
    if (event.type === 'analysis.report') {
      const parsed = eventPayloadSchemas['analysis.report'].safeParse(event.payload);
      if (parsed.success) watched.report = parsed.data;
    }
    if (TERMINAL_EVENT_TYPES.includes(event.type)) watched.ended = true;
  }
  return watched;
}

/** GET /runs/{id} once the record shows the run ended and counts every streamed event (persistence may lag). */
async function settledRun(client: ScraiClient, runId: string, lastSeq: number, until: number): Promise<RunRecord> {
  for (;;) {
    const run = await client.getRun(runId);
    const settled = TERMINAL_STATUSES.includes(run.status) && run.event_count >= lastSeq;
    if (settled || Date.now() >= until) {
      if (!settled) throw new Error(`run ${runId} record still says ${run.status} with ${run.event_count} of ${lastSeq} events; persistence is behind`);
      return run;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Asks the run to stop and waits a little for it to end, so a later `scrai start` does not resume it. */
async function stopRunBriefly(client: ScraiClient, runId: string, reason: string, note: (m: string) => void): Promise<void> {
  try {
    await client.stopRun(runId, reason);
    const run = await client.waitForRun(runId, { timeoutMs: STOP_WAIT_MS, pollMs: 200 });
    note(`run ${runId} ${run.status}`);
  } catch (err) {
    note(`could not stop run ${runId}: ${errorText(err)}`);
  }
}
