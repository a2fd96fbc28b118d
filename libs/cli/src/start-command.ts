import type { StartArgs } from './cli-args.js';
import { errorText } from './error-text.js';
import { isNotable, readServiceLogLine } from './service-log-line.js';
import { onShutdownSignal } from './shutdown-signals.js';
import { ORCHESTRATOR_REPLICAS, bringUpStack } from './stack-session.js';
import { gatewayDisplayUrl, type StackSettings } from './stack-settings.js';
import { startBannerLines } from './start-banner.js';
import { Teardown } from './teardown.js';
import { shouldColor, terminalStyle } from './terminal-style.js';

export interface StartCommandOptions {
  args: StartArgs;
  settings: StackSettings;
  rootDir: string;
  baseEnv: Record<string, string | undefined>;
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
  exit: (code: number) => void;
}

const SERVICE_COLUMN = 'engine-narrator-0'.length;

/** `scrai start`: bring the stack up and keep it running until SIGINT/SIGTERM. Returns the exit code. */
export async function runStart(o: StartCommandOptions): Promise<number> {
  const style = terminalStyle(shouldColor(o.out.isTTY, o.settings.noColor, o.args.color));
  const errStyle = terminalStyle(shouldColor(o.err.isTTY, o.settings.noColor, o.args.color));
  const print = (lines: string[]) => o.out.write(`${lines.join('\n')}\n`);
  const stop = new AbortController();
  const stopRequested = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
  const removeSignals = onShutdownSignal((sig) => stop.abort(new Error(`stopped by ${sig}`)), o.exit);
  const teardown = new Teardown((m) => o.err.write(`scrai start: ${m}\n`));
  let code = 0;
  try {
    const t0 = Date.now();
    const session = await bringUpStack({
      rootDir: o.rootDir,
      settings: o.settings,
      baseEnv: o.baseEnv,
      mockLatency: o.settings.mockLatency,
      progress: (m) => print([style.dim(`· ${m}`)]),
      crash: (lines) => o.err.write(`${lines.map((l, i) => (i === 0 ? errStyle.red(l) : l)).join('\n')}\n`),
      onLine: (service, instance, line) => {
        const parsed = readServiceLogLine(line);
        if (!o.args.verbose && !isNotable(parsed)) return;
        const text = parsed.level !== undefined && parsed.level >= 50 ? style.red(parsed.text) : parsed.level === 40 ? style.yellow(parsed.text) : parsed.text;
        print([`${style.dim(`${service}-${instance}`.padEnd(SERVICE_COLUMN))} │ ${text}`]);
      },
      teardown,
      signal: stop.signal,
    });
    print(
      startBannerLines(
        {
          gatewayUrl: gatewayDisplayUrl(o.settings),
          grpcPort: o.settings.grpcPort,
          namespace: o.settings.namespace,
          logDir: session.logDir,
          orchestrators: ORCHESTRATOR_REPLICAS,
          seconds: (Date.now() - t0) / 1000,
        },
        style,
      ),
    );
    await stopRequested;
  } catch (err) {
    if (!stop.signal.aborted) {
      o.err.write(`${errStyle.red(`scrai start: ${errorText(err)}`)}\n`);
      code = 1;
    }
  } finally {
    if (code === 0) print([style.dim('· stopping')]);
    await teardown.run();
    removeSignals();
    if (code === 0) print([style.dim('· stopped')]);
  }
  return code;
}
