import cliProgress from 'cli-progress';

/** Where the demo writes: transcript lines, plus a turn progress bar on a terminal. */
export interface LiveView {
  /** Prints whole lines (above the bar when there is one). */
  print(lines: readonly string[]): void;
  /** Shows turn progress; the first call with a total creates the bar. */
  progress(turn: number, total: number): void;
  /** Removes the bar; later prints go straight to the stream. */
  close(): void;
}

interface Output {
  write(s: string): unknown;
}

/** Plain lines, no bar: for pipes, files and CI logs (the transcript carries `[turn n/N]` instead). */
export function plainView(out: Output): LiveView {
  return {
    print: (lines) => {
      if (lines.length > 0) out.write(`${lines.join('\n')}\n`);
    },
    progress: () => {},
    close: () => {},
  };
}

/** Lines scroll above a one-line cli-progress bar of turns / max_turns. */
export function progressBarView(out: NodeJS.WriteStream, color: boolean): LiveView {
  let bars: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  return {
    print(lines) {
      if (lines.length === 0) return;
      const text = `${lines.join('\n')}\n`;
      if (bars) bars.log(text);
      else out.write(text);
    },
    progress(turn, total) {
      if (!bars) {
        bars = new cliProgress.MultiBar(
          {
            stream: out,
            format: `  turns ${color ? '\u001b[36m{bar}\u001b[39m' : '{bar}'} {value}/{total}`,
            barCompleteChar: '█',
            barIncompleteChar: '░',
            barsize: 30,
            hideCursor: true,
            clearOnComplete: true,
            gracefulExit: false,
            autopadding: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar = bars.create(total, turn);
        return;
      }
      bar?.setTotal(total);
      bar?.update(turn);
    },
    close() {
      if (!bars) return;
      bars.update(); // flushes lines logged since the last redraw
      bars.stop();
      bars = undefined;
      bar = undefined;
    },
  };
}
